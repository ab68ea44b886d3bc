"""FHIR R4 in: mappings, the three tiers of unused records, HL7's examples, the official schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fhir_builders import (
    REPEATS,
    ROUTE_CODES,
    WEIGHT_UCUM,
    bundle,
    observation,
    quantity,
    to_resources,
)
from fhir_schema import errors
from mastcell import Diagnosis, Dose, LabResult, Medication, Patient, evaluate, fhir
from mastcell.exceptions import InputError
from mastcell.fhir import Tier
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.model.clinical import PainAssessment, Procedure, Reaction
from mastcell.model.measures import Weight
from mastcell.model.vocabulary import Analyte, MedicationStatus, ProcedureKind, Sex

AT = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
SCT = "http://snomed.info/sct"
RX = "http://www.nlm.nih.gov/research/umls/rxnorm"


def _patient() -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1971-04-02"}


def _condition(system: str, code: str, rid: str = "c1", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": rid,
        "subject": {"reference": "Patient/p1"},
        "code": {"coding": [{"system": system, "code": code}]},
        **extra,
    }


def _med(rid: str = "m1", **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "MedicationRequest",
        "id": rid,
        "status": "active",
        "intent": "order",
        "subject": {"reference": "Patient/p1"},
        **extra,
    }


def _read(*resources: dict[str, Any]) -> fhir.FhirRead:
    return fhir.read(bundle([_patient(), *resources]), at=AT)


def _tiers(got: fhir.FhirRead) -> dict[str, Tier]:
    return {u.reference: u.tier for u in got.unused}


class TestShapes:
    """Every accepted input shape gives the same patient."""

    @pytest.mark.parametrize("kind", ["collection", "searchset", "transaction"])
    def test_bundle_types(self, kind: str) -> None:
        """A collection, searchset or transaction Bundle reads alike."""
        got = fhir.read(bundle([_patient(), _condition(ICD, "D89.42")], kind), at=AT)
        assert got.patient.diagnoses == (Diagnosis.MCAS,)

    def test_list_prefetch_and_ndjson(self) -> None:
        """A list, a CDS Hooks prefetch object and NDJSON lines read like a Bundle."""
        resources = [_patient(), _condition(ICD, "D47.01")]
        as_list = fhir.read(resources, at=AT).patient
        prefetch = fhir.read(
            {"patient": resources[0], "conditions": bundle(resources[1:], "searchset"), "x": None},
            at=AT,
        ).patient
        ndjson = fhir.read_json("\n".join(json.dumps(r) for r in resources), at=AT).patient
        assert as_list == prefetch == ndjson
        assert as_list.diagnoses == (Diagnosis.CM,)

    def test_duplicates_read_once(self) -> None:
        """A resource twice in a Bundle (or under two prefetch keys) is read once, by type and id."""
        condition = _condition(ICD, "D47.02")
        got = fhir.read({"a": bundle([_patient(), condition]), "b": condition}, at=AT)
        assert got.patient.diagnoses == (Diagnosis.SM,)
        assert len(got.unused) == 0

    def test_transaction_urn_references(self) -> None:
        """Subjects referenced by a transaction's urn:uuid fullUrl belong to the patient."""
        data = {
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "fullUrl": "urn:uuid:1",
                    "resource": _patient(),
                    "request": {"method": "POST", "url": "Patient"},
                },
                {
                    "fullUrl": "urn:uuid:2",
                    "resource": {
                        **_condition(ICD, "D89.40"),
                        "subject": {"reference": "urn:uuid:1"},
                    },
                    "request": {"method": "POST", "url": "Condition"},
                },
            ],
        }
        assert fhir.read(data, at=AT).patient.diagnoses == (Diagnosis.MCAS,)

    def test_not_fhir_is_an_input_error(self) -> None:
        """A bare number is not FHIR: an InputError naming the place."""
        with pytest.raises(InputError, match=r"\(input\)"):
            fhir.read(42, at=AT)


class TestConditions:
    """Condition codes map per the verified tables (codes-verified section 4, S152, S155)."""

    @pytest.mark.parametrize(
        ("system", "code", "expected"),
        [
            (ICD, "D89.40", Diagnosis.MCAS),
            (ICD, "D89.41", Diagnosis.MCAS),
            (ICD, "D89.42", Diagnosis.MCAS),
            (ICD, "D89.43", Diagnosis.MCAS),
            (ICD, "D89.49", Diagnosis.MCAS),
            (ICD, "D89.44", Diagnosis.HAT),
            (ICD, "D47.01", Diagnosis.CM),
            (ICD, "Q82.2", Diagnosis.CM),
            (ICD, "D47.02", Diagnosis.SM),  # SM, subtype unknown: never ISM
            (ICD, "C96.21", Diagnosis.ASM),
            (ICD, "C94.30", Diagnosis.MCL),
            (ICD, "C94.32", Diagnosis.MCL),
            (SCT, "397016004", Diagnosis.SM),
            (SCT, "397356009", Diagnosis.ISM),
            (SCT, "397012002", Diagnosis.CM),
        ],
    )
    def test_mapped(self, system: str, code: str, expected: Diagnosis) -> None:
        """Each verified code reads as its diagnosis."""
        got = _read(_condition(system, code))
        assert got.patient.diagnoses == (expected,)
        assert got.provenance["diagnoses[0]"].reference == "Condition/c1"

    @pytest.mark.parametrize("code", ["D47.09", "C96.22", "C96.20"])
    def test_unmapped_mast_cell_codes_reach_the_report(self, code: str) -> None:
        """A mast cell neoplasm without a mastcell code is unusable and reported, not dropped."""
        got = _read(_condition(ICD, code))
        assert _tiers(got) == {"Condition/c1": Tier.UNUSABLE}
        assert any(u.input == "Condition/c1" for u in got.evaluate(at=AT).unused_inputs)

    def test_unrelated_condition_is_out_of_scope(self) -> None:
        """A SNOMED-only condition mastcell does not read is listed as out of scope."""
        got = _read(_condition(SCT, "38341003"))
        assert _tiers(got) == {"Condition/c1": Tier.OUT_OF_SCOPE}

    def test_own_system_wins(self) -> None:
        """A urn:mastcell:diagnosis coding wins over the coarser ICD-10-CM code beside it."""
        condition = _condition(ICD, "D47.02")
        condition["code"]["coding"].append({"system": "urn:mastcell:diagnosis", "code": "ism"})
        assert _read(condition).patient.diagnoses == (Diagnosis.ISM,)

    @pytest.mark.parametrize("status", ["entered-in-error", "refuted", "provisional"])
    def test_verification_status(self, status: str) -> None:
        """An entered-in-error, refuted or unconfirmed diagnosis is unusable, with the reason."""
        ver = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                    "code": status,
                }
            ]
        }
        got = _read(_condition(ICD, "D89.40", verificationStatus=ver))
        assert got.patient.diagnoses == ()
        assert status in got.unused[0].reason


class TestObservations:
    """Labs by LOINC (from Analyte), weight 29463-7, pain 72514-3 / 38208-5."""

    @pytest.mark.parametrize(
        ("loinc", "value", "unit", "analyte", "canonical"),
        [
            ("751-8", 0.8, "10*9/L", Analyte.ANC, 0.8),
            ("753-4", 800, "/uL", Analyte.ANC, 0.8),
            ("26499-4", 1.5, "10*3/uL", Analyte.ANC, 1.5),
            ("26464-8", 4.5, "K/ul", Analyte.WBC, 4.5),  # HL7's own spelling, no UCUM code
            ("777-3", 49, "10*9/L", Analyte.PLATELETS, 49),
            ("718-7", 80, "g/L", Analyte.HEMOGLOBIN, 8.0),
            ("770-8", 40, "%", Analyte.NEUTROPHILS_PCT, 40),
            ("21582-2", 14.2, "ng/mL", Analyte.TRYPTASE, 14.2),
        ],
    )
    def test_labs(
        self, loinc: str, value: float, unit: str, analyte: Analyte, canonical: float
    ) -> None:
        """Each LOINC code reads as its analyte, in the unit the lab sent."""
        obs = observation("o1", "p1", loinc, AT, valueQuantity={"value": value, "unit": unit})
        got = _read(obs)
        lab = got.patient.labs[0]
        assert lab.analyte is analyte
        assert lab.canonical == pytest.approx(canonical)
        assert got.provenance["labs[0]"].reference == "Observation/o1"

    def test_weight_in_pounds(self) -> None:
        """Weight in [lb_av], as HL7's own example sends it, is read (185 lb = 83.9 kg)."""
        got = _read(observation("w", "p1", "29463-7", AT, valueQuantity=quantity(185, "[lb_av]")))
        assert got.patient.weight is not None
        assert got.patient.weight.kg == pytest.approx(83.915, abs=0.01)

    def test_latest_weight_used_older_listed(self) -> None:
        """The latest weight is used; the older one is listed, not dropped."""
        old = observation(
            "w1", "p1", "29463-7", AT - dt.timedelta(days=30), valueQuantity=quantity(70, "kg")
        )
        new = observation(
            "w2", "p1", "29463-7", AT - dt.timedelta(days=1), valueQuantity=quantity(68, "kg")
        )
        got = _read(old, new)
        assert got.patient.weight == Weight(value=68, unit="kg")
        assert _tiers(got) == {"Observation/w1": Tier.OUT_OF_SCOPE}

    @pytest.mark.parametrize(
        ("hours_before", "used"), [(1, True), (24 * 7, True), (24 * 7 + 1, False)]
    )
    def test_pain_window(self, hours_before: int, used: bool) -> None:
        """The latest pain score within the window (7 days by default) is the current pain."""
        when = AT - dt.timedelta(hours=hours_before)
        got = _read(observation("pain", "p1", "72514-3", when, valueInteger=7))
        assert (got.patient.pain == PainAssessment(score=7)) is used

    def test_unrelated_loinc_out_of_scope(self) -> None:
        """An unrelated LOINC (blood pressure) is out of scope."""
        got = _read(observation("bp", "p1", "85354-9", AT))
        assert _tiers(got) == {"Observation/bp": Tier.OUT_OF_SCOPE}

    @pytest.mark.parametrize(
        ("obs", "tier"),
        [
            (
                observation("x", "p1", "751-8", AT, valueQuantity=quantity(-1, "10*9/L")),
                Tier.REJECTED,
            ),
            (observation("x", "p1", "770-8", AT, valueQuantity=quantity(140, "%")), Tier.REJECTED),
            (observation("x", "p1", "72514-3", AT, valueInteger=12), Tier.REJECTED),
            (observation("x", "p1", "751-8", AT, valueQuantity=quantity(1, "mg")), Tier.UNUSABLE),
            (
                {
                    **observation("x", "p1", "751-8", AT, valueQuantity=quantity(1, "10*9/L")),
                    "status": "entered-in-error",
                },
                Tier.UNUSABLE,
            ),
        ],
    )
    def test_tiers(self, obs: dict[str, Any], tier: Tier) -> None:
        """An impossible value rejects the one resource; a unit that does not fit is unusable."""
        good = observation("ok", "p1", "777-3", AT, valueQuantity=quantity(200, "10*9/L"))
        got = _read(obs, good)
        assert _tiers(got) == {"Observation/x": tier}
        assert [lab.analyte for lab in got.patient.labs] == [Analyte.PLATELETS]
        assert any(u.input == "Observation/x" for u in got.evaluate(at=AT).unused_inputs)

    def test_partial_birth_date_is_unusable(self) -> None:
        """A partial birth date is legal FHIR: the age is unknown and said so, never guessed."""
        got = fhir.read([{"resourceType": "Patient", "id": "p", "birthDate": "1971-04"}], at=AT)
        assert got.patient.birth_date is None
        assert got.unused[0].input == "Patient/p.birthDate"


class TestMedications:
    """RxNorm where verified, catalogue names elsewhere; dose, frequency, route, status."""

    def test_rxnorm_ingredient_and_dose(self) -> None:
        """Midostaurin by RxCUI 1919083 with 100 mg twice daily, oral."""
        got = _read(
            _med(
                medicationCodeableConcept={"coding": [{"system": RX, "code": "1919083"}]},
                authoredOn="2026-09-01",
                dosageInstruction=[
                    {
                        "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                        "route": {"coding": [{"system": SCT, "code": "26643006"}]},
                        "doseAndRate": [{"doseQuantity": quantity(100, "mg")}],
                    }
                ],
            )
        )
        assert got.patient.medications == (
            Medication(
                drug="midostaurin",
                dose=Dose(value=100, unit="mg"),
                frequency="bid",
                route="oral",
                start=dt.date(2026, 9, 1),
            ),
        )
        assert got.provenance["medications[0]"].reference == "MedicationRequest/m1"

    def test_name_in_synthea_display(self) -> None:
        """An unverified code is matched by name in the display (Synthea's epinephrine)."""
        concept = {
            "coding": [
                {
                    "system": RX,
                    "code": "999999",
                    "display": "NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector",
                }
            ]
        }
        got = _read(
            _med(medicationCodeableConcept=concept, dispenseRequest={"quantity": {"value": 2}})
        )
        assert got.patient.medications[0].drug == "epinephrine"
        assert got.patient.medications[0].quantity == 2

    def test_tablet_count_with_product_strength(self) -> None:
        """2 TAB of famotidine 20 mg tablets (RxCUI 310273) is a 40 mg dose."""
        got = _read(
            _med(
                medicationCodeableConcept={"coding": [{"system": RX, "code": "310273"}]},
                dosageInstruction=[
                    {"doseAndRate": [{"doseQuantity": {"value": 2, "unit": "TAB"}}]}
                ],
            )
        )
        assert got.patient.medications[0].dose == Dose(value=40, unit="mg")

    def test_tablet_count_without_strength_is_reported(self) -> None:
        """A tablet count with no strength: the dose is unknown and reported, never guessed."""
        got = _read(
            _med(
                medicationCodeableConcept={"text": "cetirizine tablets"},
                dosageInstruction=[
                    {"doseAndRate": [{"doseQuantity": {"value": 1, "unit": "TAB"}}]}
                ],
            )
        )
        assert got.patient.medications[0].drug == "cetirizine"
        assert got.patient.medications[0].dose is None
        assert got.unused[0].tier is Tier.UNUSABLE
        assert "strength" in got.unused[0].reason

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            ("active", MedicationStatus.ACTIVE),
            ("on-hold", MedicationStatus.HELD),
            ("stopped", MedicationStatus.STOPPED),
            ("completed", MedicationStatus.STOPPED),
            ("cancelled", MedicationStatus.STOPPED),
            ("draft", MedicationStatus.PLANNED),
        ],
    )
    def test_status(self, status: str, expected: MedicationStatus) -> None:
        """MedicationRequest.status maps per the interop notes."""
        got = _read(_med(status=status, medicationCodeableConcept={"text": "famotidine"}))
        assert got.patient.medications[0].status is expected

    def test_entered_in_error_not_used(self) -> None:
        """An entered-in-error order is reported and not used."""
        got = _read(
            _med(status="entered-in-error", medicationCodeableConcept={"text": "famotidine"})
        )
        assert got.patient.medications == ()
        assert _tiers(got) == {"MedicationRequest/m1": Tier.UNUSABLE}

    @pytest.mark.parametrize(
        ("code", "frequency"),
        [
            ("QD", "daily"),
            ("BID", "bid"),
            ("TID", "tid"),
            ("QID", "qid"),
            ("Q2H", "q2h"),
            ("Q3H", "q3h"),
            ("Q4H", "q4h"),
            ("MO", "monthly"),
        ],
    )
    def test_timing_code(self, code: str, frequency: str) -> None:
        """timing.code QD/BID/TID/QID, Q2H/Q3H/Q4H and MO read as a frequency."""
        timing = {
            "code": {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation",
                        "code": code,
                    }
                ]
            }
        }
        got = _read(
            _med(
                medicationCodeableConcept={"text": "famotidine"},
                dosageInstruction=[{"timing": timing}],
            )
        )
        assert got.patient.medications[0].frequency == frequency

    @pytest.mark.parametrize(
        ("repeat", "frequency"),
        [
            ({"frequency": 5, "period": 1, "periodUnit": "d"}, "5x_daily"),
            ({"frequency": 1, "period": 2, "periodUnit": "h"}, "q2h"),
            ({"frequency": 1, "period": 3, "periodUnit": "h"}, "q3h"),
            ({"frequency": 1, "period": 4, "periodUnit": "h"}, "q4h"),
            ({"frequency": 1, "period": 12, "periodUnit": "h"}, "q12h"),
            ({"frequency": 1, "period": 1, "periodUnit": "mo"}, "monthly"),
        ],
    )
    def test_timing_repeat_of_the_issue_16_frequencies(
        self, repeat: dict[str, object], frequency: str
    ) -> None:
        """Every 2, 3, 4 or 12 hours, five times a day and once a month read as frequencies."""
        got = _read(
            _med(
                medicationCodeableConcept={"text": "famotidine"},
                dosageInstruction=[{"timing": {"repeat": repeat}}],
            )
        )
        assert got.patient.medications[0].frequency == frequency

    def test_unread_timing_keeps_the_medication(self) -> None:
        """A timing mastcell does not read (every 5 hours) keeps the drug, with no frequency."""
        got = _read(
            _med(
                medicationCodeableConcept={"text": "famotidine"},
                dosageInstruction=[
                    {"timing": {"repeat": {"frequency": 1, "period": 5, "periodUnit": "h"}}}
                ],
            )
        )
        assert [m.drug for m in got.patient.medications] == ["famotidine"]
        assert got.patient.medications[0].frequency is None

    def test_unmatched_drug_kept(self) -> None:
        """An unmatched drug is kept as an unclassified drug and reported by the engine."""
        got = _read(_med(medicationCodeableConcept={"text": "Little pink pill"}))
        report = got.evaluate(at=AT)
        assert got.patient.medications[0].drug == "little pink pill"
        assert any(u.input == "medications[0]" for u in report.unused_inputs)
        data = fhir.annotate(report.to_dict(), got)
        assert {"input": "medications[0]", "fhir": "MedicationRequest/m1"}.items() <= next(
            u for u in data["unused_inputs"] if u["input"] == "medications[0]"
        ).items()


class TestAllergiesAndProcedures:
    """AllergyIntolerance reactions with the stated severity reading; planned procedures."""

    @pytest.mark.parametrize(
        ("reaction", "severity"),
        [
            ({"manifestation": [{"coding": [{"system": SCT, "code": "39579001"}]}]}, "anaphylaxis"),
            (
                {"manifestation": [{"text": "Anaphylactic reaction"}], "severity": "mild"},
                "anaphylaxis",
            ),
            ({"manifestation": [{"text": "hives"}], "severity": "severe"}, "flare"),
            ({"manifestation": [{"text": "hives"}], "severity": "moderate"}, "flare"),
            ({"manifestation": [{"text": "itch"}], "severity": "mild"}, "mild"),
            ({"manifestation": [{"text": "itch"}]}, None),
        ],
    )
    def test_severity(self, reaction: dict[str, Any], severity: str | None) -> None:
        """Anaphylaxis as a manifestation wins; severe/moderate read as flare; the note says which."""
        allergy = {
            "resourceType": "AllergyIntolerance",
            "id": "a1",
            "patient": {"reference": "Patient/p1"},
            "code": {"coding": [{"system": RX, "code": "5640"}]},
            "reaction": [reaction],
        }
        got = _read(allergy)
        assert got.patient.reactions == (Reaction(agent="ibuprofen", severity=severity),)
        note = got.provenance["reactions[0]"].note
        assert (note is not None) is (severity is not None)

    def test_procedure_in_preparation(self) -> None:
        """A Procedure in preparation is a planned procedure; a completed one is out of scope."""
        planned = {
            "resourceType": "Procedure",
            "id": "pr1",
            "status": "preparation",
            "subject": {"reference": "Patient/p1"},
            "code": {"text": "Laparoscopic cholecystectomy"},
            "performedDateTime": "2026-12-03",
        }
        done = {**planned, "id": "pr2", "status": "completed"}
        got = _read(planned, done)
        assert got.patient.procedures == (
            Procedure(kind=ProcedureKind.SURGERY, date=dt.date(2026, 12, 3)),
        )
        assert _tiers(got) == {"Procedure/pr2": Tier.OUT_OF_SCOPE}


def _example_files(folder: Path) -> list[Path]:
    wanted = {
        "Patient",
        "Observation",
        "Condition",
        "MedicationRequest",
        "MedicationStatement",
        "AllergyIntolerance",
        "Procedure",
        "ServiceRequest",
        "Bundle",
    }
    return sorted(p for p in folder.glob("*.json") if p.name.split("-", 1)[0] in wanted)


class TestHl7Examples:
    """HL7's official R4 examples (hl7.fhir.r4.examples 4.0.1, S150): read, used or reported."""

    def test_counts(self, hl7_examples: Path) -> None:
        """The committed subset holds the examples the notes count (Observation 64 ...).

        Bundles: the package's 44 less its conformance Bundles over 1 MB (tests/data/README.md).
        """
        kinds = [p.name.split("-", 1)[0] for p in _example_files(hl7_examples)]
        assert (hl7_examples / "package.json").read_text(encoding="utf-8").count('"4.0.1"') == 2
        assert kinds.count("Observation") >= 60
        assert kinds.count("Bundle") == 34
        assert kinds.count("MedicationStatement") >= 7
        assert kinds.count("AllergyIntolerance") >= 6

    def test_every_example_read_and_accounted(self, hl7_examples: Path) -> None:
        """Every example reads without a crash and each resource in it is used or reported."""
        problems = []
        for path in _example_files(hl7_examples):
            data = json.loads(path.read_text(encoding="utf-8"))
            got = fhir.read(data, at=AT)
            got.evaluate(at=AT)
            accounted = set(fhir.iter_references(got))
            for resource in fhir.resources_of(data):
                ref = f"{resource['resourceType']}/{resource.get('id', '(no id)')}"
                if ref not in accounted:
                    problems.append(f"{path.name}: {ref}")
        assert problems == []

    def test_official_weight_example(self, hl7_examples: Path) -> None:
        """HL7's body-weight example (185 [lb_av]) gives a weight."""
        data = json.loads((hl7_examples / "Observation-example.json").read_text(encoding="utf-8"))
        assert fhir.read(data, at=AT).patient.weight == Weight(value=185, unit="lb")

    def test_examples_validate_against_official_schema(
        self, hl7_examples: Path, fhir_schema: dict[str, Any]
    ) -> None:
        """The official schema accepts HL7's Patient example: the validator set-up is sound."""
        data = json.loads((hl7_examples / "Patient-example.json").read_text(encoding="utf-8"))
        assert errors(fhir_schema, data) == []
        assert errors(fhir_schema, {**data, "gender": "f"}) != []


def _fixtures() -> list[dict[str, Any]]:
    when = AT - dt.timedelta(days=1)
    return [
        _patient(),
        _condition(ICD, "D47.02"),
        observation("o1", "p1", "751-8", when, valueQuantity=quantity(0.8, "10*9/L")),
        observation("w", "p1", "29463-7", when, valueQuantity=quantity(185, "[lb_av]")),
        observation("pain", "p1", "72514-3", when, valueInteger=7),
        _med(
            medicationCodeableConcept={"coding": [{"system": RX, "code": "1919083"}]},
            dosageInstruction=[
                {
                    "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                    "doseAndRate": [{"doseQuantity": quantity(100, "mg")}],
                }
            ],
        ),
    ]


class TestOfficialSchema:
    """Every FHIR fixture in these tests validates against the official R4 JSON Schema (S150)."""

    def test_fixtures_validate(self, fhir_schema: dict[str, Any]) -> None:
        """The hand-written fixtures and the Bundle around them validate."""
        fixtures = _fixtures()
        for resource in [*fixtures, bundle(fixtures)]:
            assert errors(fhir_schema, resource) == [], resource.get("id")

    @settings(max_examples=25)
    @given(data=st.data())
    def test_written_patients_validate(
        self, fhir_schema: dict[str, Any], data: st.DataObject
    ) -> None:
        """Every Bundle the round-trip property writes validates."""
        patient = data.draw(carried_patients())
        written = bundle(to_resources(patient, AT))
        assert errors(fhir_schema, written) == []


# -- the round-trip property -----------------------------------------------------------------

UNITS = {
    Analyte.WBC: ["10*9/L", "10*3/uL"],
    Analyte.ANC: ["10*9/L", "/uL"],
    Analyte.NEUTROPHILS_PCT: ["%"],
    Analyte.PLATELETS: ["10*9/L"],
    Analyte.HEMOGLOBIN: ["g/dL", "g/L"],
    Analyte.TRYPTASE: ["ng/mL", "ug/L"],
    Analyte.URINE_LTE4: ["pg/mg{creat}"],
    Analyte.URINE_PGF2A: ["pg/mg{creat}"],
    Analyte.URINE_NMH: ["ug/g{creat}"],
}
TIMES = st.datetimes(
    min_value=dt.datetime(2026, 8, 1),
    max_value=dt.datetime(2026, 11, 22, 11),
    timezones=st.just(dt.UTC),
).map(lambda d: d.replace(microsecond=0))
DAYS = st.dates(min_value=dt.date(2026, 6, 1), max_value=dt.date(2027, 2, 1))
NAMED = sorted(CATALOGUE)


@st.composite
def carried_lab(draw: st.DrawFn) -> LabResult:
    analyte = draw(st.sampled_from(sorted(UNITS)))
    top = 100 if analyte is Analyte.NEUTROPHILS_PCT else 500
    value = draw(st.integers(min_value=0, max_value=top * 10)) / 10
    return LabResult(
        analyte=analyte, value=value, unit=draw(st.sampled_from(UNITS[analyte])), time=draw(TIMES)
    )


@st.composite
def carried_medication(draw: st.DrawFn) -> Medication:
    dose = draw(
        st.none()
        | st.integers(min_value=1, max_value=4000).map(lambda v: Dose(value=v / 10, unit="mg"))
    )
    return Medication(
        drug=draw(st.sampled_from(NAMED)),
        dose=dose,
        quantity=draw(st.none() | st.integers(min_value=0, max_value=5)),
        frequency=draw(st.none() | st.sampled_from([*sorted(REPEATS), "prn"])),
        route=draw(st.none() | st.sampled_from(sorted(ROUTE_CODES))),
        status=draw(st.sampled_from(list(MedicationStatus))),
        start=draw(st.none() | DAYS.filter(lambda d: d <= AT.date())),
    )


@st.composite
def carried_patients(draw: st.DrawFn) -> Patient:
    """Patients within what FHIR carries (no symptom control, flares, roles, held_since ...)."""
    weight = draw(
        st.none()
        | st.tuples(st.integers(min_value=5, max_value=200), st.sampled_from(sorted(WEIGHT_UCUM)))
    )
    diagnoses = draw(st.lists(st.sampled_from(list(Diagnosis)), unique=True, max_size=3))
    reactions = draw(
        st.lists(
            st.builds(
                Reaction,
                agent=st.sampled_from(NAMED),
                severity=st.none() | st.sampled_from(["anaphylaxis", "flare", "mild"]),
            ),
            max_size=2,
        )
    )
    return Patient(
        id=draw(st.sampled_from(["p1", "demo-2", "x.3"])),
        sex=draw(st.sampled_from(list(Sex))),
        birth_date=draw(
            st.none() | st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 1, 1))
        ),
        weight=None
        if weight is None
        else Weight(value=weight[0], unit="lb" if weight[1] == "lb" else weight[1]),
        diagnoses=tuple(diagnoses),
        labs=tuple(draw(st.lists(carried_lab(), max_size=6))),
        medications=tuple(draw(st.lists(carried_medication(), max_size=5))),
        pain=draw(
            st.none()
            | st.integers(min_value=0, max_value=10).map(lambda s: PainAssessment(score=s))
        ),
        procedures=tuple(
            draw(
                st.lists(
                    st.builds(Procedure, kind=st.sampled_from(list(ProcedureKind)), date=DAYS),
                    max_size=2,
                )
            )
        ),
        reactions=tuple(reactions),
    )


def _advice(report: Any) -> list[tuple[str, str, str, str | None]]:
    return sorted(
        (r.code, r.indicator.value, r.summary, None if r.medication is None else str(r.medication))
        for r in report
    )


class TestRoundTrip:
    """The same patient as native JSON and as a FHIR Bundle gives the same recommendations."""

    @settings(max_examples=60)
    @given(patient=carried_patients())
    def test_same_recommendations(self, patient: Patient) -> None:
        """Codes, indicators, summaries and proposed doses agree (within what FHIR carries)."""
        got = fhir.read(bundle(to_resources(patient, AT)), at=AT)
        assert [u for u in got.unused if u.tier is not Tier.OUT_OF_SCOPE] == []
        assert _advice(evaluate(patient, at=AT)) == _advice(evaluate(got.patient, at=AT))
