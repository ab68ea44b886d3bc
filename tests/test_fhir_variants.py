"""The FHIR reader on real-world variants (issue 18, item 6): each resource shaped like the real one.

HL7's examples, Synthea and EHR lab feeds send ICD-10 without the dot, WHO ICD-10, text-only
Conditions, CBC panels with components or hasMember, Observations timed by their report,
``Thousand/uL``, censored values (``<``, ``>``), allergies named in ``reaction.substance``,
duplicate and integer ids, empty Bundle entries and impossible birth dates.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from mastcell import ForeignPatientError, InputError, evaluate, fhir
from mastcell.fhir import Tier
from mastcell.model import Analyte, Diagnosis

AT = "2026-11-22T12:00:00Z"
WHEN = "2026-11-21T08:00:00Z"
LOINC = "http://loinc.org"
SUBJECT = {"reference": "Patient/p1"}
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1960-05-01"}


def _q(value: float, unit: str, code: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "unit": unit, **extra}
    if code:
        out.update(system="http://unitsofmeasure.org", code=code)
    return out


def _obs(rid: str, loinc: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "subject": SUBJECT,
        "code": {"coding": [{"system": LOINC, "code": loinc}]},
        **extra,
    }


def _condition(code: dict[str, Any], rid: str = "c1") -> dict[str, Any]:
    return {"resourceType": "Condition", "id": rid, "subject": SUBJECT, "code": code}


def _read(*resources: dict[str, Any]) -> fhir.FhirRead:
    return fhir.read([PATIENT, *resources], at=AT)


def _tiers(got: fhir.FhirRead) -> dict[str, Tier]:
    return {u.input: u.tier for u in got.unused}


class TestConditions:
    """Condition codes as EHRs send them."""

    @pytest.mark.parametrize("code", ["D4702", "d47.02", " D47.02 "])
    def test_icd10cm_without_the_dot(self, code: str) -> None:
        """D4702 (no dot, Epic extracts) reads as D47.02: SM, subtype unknown."""
        system = "http://hl7.org/fhir/sid/icd-10-cm"
        got = _read(_condition({"coding": [{"system": system, "code": code}]}))
        assert got.patient.diagnoses == (Diagnosis.SM,)

    @pytest.mark.parametrize("code", ["D47.0", "D470"])
    def test_who_icd10_d47_0_reported(self, code: str) -> None:
        """WHO ICD-10 D47.0 (histiocytic and mast cell tumours, S290) is reported, never guessed."""
        system = "http://hl7.org/fhir/sid/icd-10"
        got = _read(_condition({"coding": [{"system": system, "code": code}]}))
        assert got.patient.diagnoses == ()
        unused = next(u for u in got.unused if u.reference == "Condition/c1")
        assert unused.tier is Tier.UNUSABLE
        assert "clinician decision" in unused.reason

    @pytest.mark.parametrize(
        ("text", "diagnosis"),
        [
            ("Systemic mastocytosis", Diagnosis.SM),
            ("INDOLENT SYSTEMIC MASTOCYTOSIS", Diagnosis.ISM),
            ("Mast cell leukemia, in remission", Diagnosis.MCL),
            ("Cutaneous mastocytosis", Diagnosis.CM),
        ],
    )
    def test_text_only_by_exact_name(self, text: str, diagnosis: Diagnosis) -> None:
        """A Condition with only text, naming a mapped disorder exactly, reads with a note."""
        got = _read(_condition({"text": text}))
        assert got.patient.diagnoses == (diagnosis,)
        assert "named in text only" in (got.provenance["diagnoses[0]"].note or "")

    @pytest.mark.parametrize("text", ["History of mastocytosis?", "r/o mast cell disease"])
    def test_text_only_other_mast_cell_words_reported(self, text: str) -> None:
        """Other text naming mast cells is reported for a clinician, not read as a diagnosis."""
        got = _read(_condition({"text": text}))
        assert got.patient.diagnoses == ()
        assert _tiers(got)["Condition/c1"] is Tier.UNUSABLE

    def test_text_only_unrelated_out_of_scope(self) -> None:
        """A text-only Condition about something else stays out of scope."""
        got = _read(_condition({"text": "Essential hypertension"}))
        assert _tiers(got)["Condition/c1"] is Tier.OUT_OF_SCOPE


class TestObservations:
    """Lab results as panels, lab feeds and censored values arrive."""

    def test_cbc_panel_components(self) -> None:
        """A CBC panel (LOINC 58410-2) whose counts are components: each is read, with the panel's time."""
        panel = _obs(
            "cbc",
            "58410-2",
            effectiveDateTime=WHEN,
            component=[
                {"code": {"coding": [{"system": LOINC, "code": "751-8"}]},
                 "valueQuantity": _q(0.7, "10*9/L", "10*9/L")},
                {"code": {"coding": [{"system": LOINC, "code": "777-3"}]},
                 "valueQuantity": _q(140, "10*9/L", "10*9/L")},
                {"code": {"coding": [{"system": LOINC, "code": "789-8"}]},
                 "valueQuantity": _q(4.1, "10*12/L", "10*12/L")},
            ],
        )  # fmt: skip
        got = _read(panel)
        labs = {lab.analyte: lab for lab in got.patient.labs}
        assert labs[Analyte.ANC].canonical == 0.7
        assert labs[Analyte.PLATELETS].canonical == 140
        assert {p.reference for k, p in got.provenance.items() if k.startswith("labs[")} == {
            "Observation/cbc"
        }
        assert "component[0]" in (got.provenance["labs[0]"].note or "") + (
            got.provenance["labs[1]"].note or ""
        )

    def test_has_member_timed_by_its_panel(self) -> None:
        """A panel member with no time of its own takes its hasMember panel's time."""
        panel = _obs("cbc", "58410-2", effectiveDateTime=WHEN,
                     hasMember=[{"reference": "Observation/anc"}])  # fmt: skip
        member = _obs("anc", "751-8", valueQuantity=_q(0.9, "10*9/L", "10*9/L"))
        got = _read(panel, member)
        (lab,) = got.patient.labs
        assert lab.time == dt.datetime(2026, 11, 21, 8, tzinfo=dt.UTC)
        assert "timed by Observation/cbc" in (got.provenance["labs[0]"].note or "")

    def test_timed_by_diagnostic_report(self) -> None:
        """An Observation timed only by its DiagnosticReport's effective time is read at it."""
        report = {
            "resourceType": "DiagnosticReport",
            "id": "dr1",
            "status": "final",
            "subject": SUBJECT,
            "code": {"text": "CBC"},
            "effectiveDateTime": WHEN,
            "result": [{"reference": "Observation/plt"}],
        }
        member = _obs("plt", "777-3", valueQuantity=_q(30, "10*9/L", "10*9/L"))
        got = _read(report, member)
        assert got.patient.labs[0].time == dt.datetime(2026, 11, 21, 8, tzinfo=dt.UTC)
        assert "timed by DiagnosticReport/dr1" in (got.provenance["labs[0]"].note or "")

    def test_timed_by_issued(self) -> None:
        """With no effective time anywhere, issued is used and the note says it is later."""
        got = _read(_obs("plt", "777-3", issued="2026-11-21T10:00:00Z",
                         valueQuantity=_q(30, "10*9/L", "10*9/L")))  # fmt: skip
        assert got.patient.labs[0].time == dt.datetime(2026, 11, 21, 10, tzinfo=dt.UTC)
        assert "issued" in (got.provenance["labs[0]"].note or "")

    @pytest.mark.parametrize("unit", ["Thousand/uL", "thousand/uL", "THOU/uL"])
    def test_thousand_per_microlitre(self, unit: str) -> None:
        """`Thousand/uL` (lab feeds, no UCUM code) is 10^3/uL = 10^9/L."""
        got = _read(_obs("plt", "777-3", effectiveDateTime=WHEN, valueQuantity=_q(45, unit)))
        assert got.patient.labs[0].canonical == 45

    @pytest.mark.parametrize(
        ("comparator", "value", "read", "below_one"),
        [
            ("<", 0.5, 0.49, True),
            ("<", 1.0, 0.99, True),  # at the midostaurin threshold: below it
            ("<=", 1.0, 1.0, False),
            (">", 1.0, 1.01, False),
        ],
    )
    def test_censored_anc(
        self, comparator: str, value: float, read: float, below_one: bool
    ) -> None:
        """A censored ANC is read just past its bound (S1: interrupt below 1.0), with a note."""
        got = _read(_obs("anc", "751-8", effectiveDateTime=WHEN,
                         valueQuantity=_q(value, "10*9/L", "10*9/L", comparator=comparator)))  # fmt: skip
        lab = got.patient.labs[0]
        assert lab.canonical == pytest.approx(read)
        assert (lab.canonical < 1.0) is below_one
        assert f"reported as {comparator}" in (got.provenance["labs[0]"].note or "")

    def test_censored_tryptase_above_20(self) -> None:
        """A "> 1000" tryptase is read above 20 ng/mL (an SM minor criterion, S50)."""
        got = _read(_obs("t", "21582-2", effectiveDateTime=WHEN,
                         valueQuantity=_q(1000, "ng/mL", "ng/mL", comparator=">")))  # fmt: skip
        assert got.patient.labs[0].canonical > 20

    def test_censored_anc_interrupts_midostaurin(self) -> None:
        """End to end: a "< 0.5" ANC on midostaurin gives the critical interrupt card."""
        midostaurin = {
            "resourceType": "MedicationRequest", "id": "m1", "status": "active",
            "intent": "order", "subject": SUBJECT,
            "medicationCodeableConcept": {"coding": [
                {"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "1919083"}]},
        }  # fmt: skip
        condition = _condition(
            {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C96.21"}]}
        )
        anc = _obs("anc", "751-8", effectiveDateTime=WHEN,
                   valueQuantity=_q(0.5, "10*9/L", "10*9/L", comparator="<"))  # fmt: skip
        report = _read(condition, midostaurin, anc).evaluate(at=AT)
        assert "cytopenia.midostaurin.interrupt" in report.codes

    def test_bad_comparator_rejected(self) -> None:
        """An unknown comparator rejects that one Observation."""
        got = _read(_obs("anc", "751-8", effectiveDateTime=WHEN,
                         valueQuantity=_q(0.5, "10*9/L", "10*9/L", comparator="~")))  # fmt: skip
        assert _tiers(got)["Observation/anc"] is Tier.REJECTED


class TestRecords:
    """Ids, duplicates and Bundle entries: nothing is dropped silently."""

    def test_second_platelet_count_same_id_kept(self) -> None:
        """Two different Observations with one id: both counts are read (the 30 does not vanish)."""
        first = _obs("plt", "777-3", effectiveDateTime="2026-11-20T08:00:00Z",
                     valueQuantity=_q(150, "10*9/L", "10*9/L"))  # fmt: skip
        second = _obs("plt", "777-3", effectiveDateTime=WHEN,
                      valueQuantity=_q(30, "10*9/L", "10*9/L"))  # fmt: skip
        got = _read(first, second)
        assert sorted(lab.canonical for lab in got.patient.labs) == [30, 150]

    def test_identical_copies_read_once(self) -> None:
        """The same record under two prefetch keys is read once."""
        obs = _obs("plt", "777-3", effectiveDateTime=WHEN, valueQuantity=_q(30, "10*9/L", "10*9/L"))
        got = fhir.read({"patient": PATIENT, "a": obs, "b": json.loads(json.dumps(obs))}, at=AT)
        assert len(got.patient.labs) == 1

    def test_second_different_patient_same_id_reported(self) -> None:
        """A second, different Patient/p1 is reported; the first is read."""
        other = {**PATIENT, "gender": "male"}
        got = fhir.read([PATIENT, other], at=AT)
        assert got.patient.sex.value == "female"
        assert _tiers(got)["Patient/p1"] is Tier.UNUSABLE

    def test_integer_id(self) -> None:
        """An integer id (hand-made data) is read as its text, not as "(no id)"."""
        got = _read(_obs(7, "777-3", effectiveDateTime=WHEN,  # type: ignore[arg-type]
                         valueQuantity=_q(30, "10*9/L", "10*9/L")))  # fmt: skip
        assert got.provenance["labs[0]"].reference == "Observation/7"

    def test_bundle_entry_without_resource_reported(self) -> None:
        """A Bundle entry with no resource is listed as not read, by its position."""
        bundle = {"resourceType": "Bundle", "type": "searchset",
                  "entry": [{"resource": PATIENT}, {"fullUrl": "urn:uuid:x", "search": {}}]}  # fmt: skip
        got = fhir.read(bundle, at=AT)
        assert any(u.reference == "(input).entry[1]" for u in got.unused)

    def test_implausible_birth_date_dropped(self) -> None:
        """Birth date 0001-01-01: that field is dropped and reported; the rest is evaluated."""
        patient = {**PATIENT, "birthDate": "0001-01-01"}
        condition = _condition(
            {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "D47.02"}]}
        )
        got = fhir.read([patient, condition], at=AT)
        assert got.patient.birth_date is None
        assert got.patient.diagnoses == (Diagnosis.SM,)
        report = got.evaluate(at=AT)
        assert report.recommendations
        assert any(u.input == "Patient/p1.birthDate" for u in report.unused_inputs)


class TestAllergies:
    """AllergyIntolerance naming its agent only in reaction.substance."""

    def test_agent_from_reaction_substance(self) -> None:
        """No code: the agent is read from reaction.substance, and the finding says so."""
        allergy = {
            "resourceType": "AllergyIntolerance",
            "id": "a1",
            "patient": SUBJECT,
            "reaction": [
                {
                    "substance": {"coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                              "code": "5640", "display": "Ibuprofen"}]},
                    "manifestation": [{"coding": [{"system": "http://snomed.info/sct",
                                                   "code": "39579001"}]}],
                }
            ],
        }  # fmt: skip
        got = _read(allergy)
        (reaction,) = got.patient.reactions
        assert reaction.agent == "ibuprofen"
        assert reaction.severity is not None
        assert reaction.severity.value == "anaphylaxis"
        assert "reaction.substance" in (got.provenance["reactions[0]"].note or "")


class TestShapes:
    """NDJSON and nesting bounds."""

    @pytest.mark.parametrize("separator", ["\u2028", "\u0085", "\u2029", "\x1c"])
    def test_ndjson_line_with_unicode_separators(self, separator: str) -> None:
        """A valid NDJSON line holding U+2028, U+0085 ... is one line, not two broken ones."""
        line = json.dumps({"resourceType": "Patient", "id": "p1", "name": [{"text": f"a{separator}b"}]},
                          ensure_ascii=False)  # fmt: skip
        got = fhir.read_json(line + "\r\n" + line.replace("p1", "p2") + "\n", at=AT)
        assert got.patient.id == "p1"

    def test_deeply_nested_json_is_an_input_error(self) -> None:
        """100,000 nested arrays: an InputError, never a RecursionError traceback."""
        with pytest.raises(InputError):
            fhir.read_json("[" * 100_000 + "]" * 100_000, at=AT)

    def test_deeply_nested_data_is_an_input_error(self) -> None:
        """Nested lists deeper than the bound, as Python data: an InputError naming the depth."""
        data: Any = PATIENT
        for _ in range(50):
            data = [data]
        with pytest.raises(InputError, match="nested deeper"):
            fhir.read(data, at=AT)


class TestContextPatient:
    """fhir.read(patient=...) refuses another patient's records."""

    def test_foreign_subject(self) -> None:
        """An Observation about another patient is a ForeignPatientError naming it."""
        other = _obs("o9", "777-3", effectiveDateTime=WHEN, subject={"reference": "Patient/p2"})
        with pytest.raises(ForeignPatientError, match="Observation/o9 is about Patient/p2"):
            fhir.read([PATIENT, other], at=AT, patient="p1")

    def test_absolute_and_history_references_are_the_patient(self) -> None:
        """An absolute reference or one with _history to the same patient is accepted."""
        obs = _obs("o1", "777-3", effectiveDateTime=WHEN, valueQuantity=_q(30, "10*9/L", "10*9/L"),
                   subject={"reference": "https://ehr.example/fhir/Patient/p1/_history/3"})  # fmt: skip
        got = fhir.read([PATIENT, obs], at=AT, patient="p1")
        assert len(got.patient.labs) == 1

    def test_without_patient_others_are_out_of_scope(self) -> None:
        """Without patient=, another patient's record is listed out of scope, as before."""
        other = _obs("o9", "777-3", effectiveDateTime=WHEN, subject={"reference": "Patient/p2"})
        got = fhir.read([PATIENT, other], at=AT)
        assert _tiers(got)["Observation/o9"] is Tier.OUT_OF_SCOPE


def test_evaluate_is_unchanged_for_native_input() -> None:
    """The native path is untouched by the reader: a native patient evaluates as before."""
    from mastcell import patient_from_dict

    report = evaluate(patient_from_dict({"id": "n", "diagnoses": ["mcas"]}), at=AT)
    assert report.codes
