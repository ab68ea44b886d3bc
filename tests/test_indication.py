"""A medication's indication: model, readers, FHIR reasons, and the aspirin rules that read it.

``cardiovascular`` on an aspirin is read as therapy for the heart exactly as a P2Y12 partner
is (SR4, S242; the reading CARDIOVASCULAR_READING): never told to stop because another NSAID
was reacted to (XR10, S140), a joint cardiology decision with low platelets (SR2, SR3). FHIR
reasons map only through verified codes (ICD-10-CM, S152; the mast cell condition codes).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mastcell import (
    Indication,
    Indicator,
    InputError,
    Patient,
    Recommendation,
    evaluate,
    fhir,
    patient_from_dict,
)
from mastcell._fastdecode import fast_patient
from mastcell.facts import facts_of
from mastcell.knowledge.codes import SNOMED, SYSTEMS, indication_of
from mastcell.model import Reaction
from mastcell.rules.aspirin_facts import aspirin_uses
from mastcell.testing import AT, lab, med, patient

CAUTION = "analgesia.nsaid.caution"


def _sm(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["ism"])
    fields.setdefault("birth_date", date(1960, 1, 1))
    return patient(**fields)


def _codes(p: Patient, code: str) -> list[Recommendation]:
    return [r for r in evaluate(p, at=AT) if r.code == code]


class TestInput:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("cardiovascular", Indication.CARDIOVASCULAR),
            ("Cardiovascular", Indication.CARDIOVASCULAR),
            ("MAST_CELL", Indication.MAST_CELL),
            ("pain", Indication.PAIN),
            ("other", Indication.OTHER),
        ],
    )
    def test_codes_in_any_case_and_both_readers_agree(
        self, given: str, expected: Indication
    ) -> None:
        """The detailed and the fast reader read the same indication."""
        data = {"id": "a", "medications": [{"drug": "aspirin", "indication": given}]}
        fast = fast_patient(data)
        assert fast is not None
        assert fast.medications[0].indication is expected
        assert patient_from_dict(data).medications[0].indication is expected

    def test_absent_means_unknown(self) -> None:
        """No indication given: None, no rule assumes one."""
        assert (
            patient_from_dict({"id": "a", "medications": [{"drug": "aspirin"}]})
            .medications[0]
            .indication
            is None
        )

    @pytest.mark.parametrize("given", ["heart", "cardiac", "", "1"])
    def test_another_code_is_an_input_error_naming_the_field(self, given: str) -> None:
        """An unknown code is refused with the field's path and the codes expected."""
        data = {"id": "a", "medications": [{"drug": "aspirin", "indication": given}]}
        with pytest.raises(InputError) as caught:
            patient_from_dict(data)
        assert "medications[0].indication" in str(caught.value)
        assert "cardiovascular" in str(caught.value)
        assert fast_patient(data) is None


class TestAspirinForTheHeartByIndication:
    """The issue's patient, with the indication recorded instead of a P2Y12 partner."""

    def _patient(self, *reactions: Reaction, indication: str | None = "cardiovascular") -> Patient:
        return _sm(
            medications=[med("aspirin", 81, frequency="daily", indication=indication)],
            reactions=list(reactions),
        )

    def test_read_as_cardiac(self) -> None:
        """Indication cardiovascular alone makes the aspirin cardiac (CARDIOVASCULAR_READING)."""
        (use,) = aspirin_uses(facts_of(self._patient(), AT))
        assert use.cardiovascular
        assert use.indicated
        assert use.partners == ()
        assert use.basis == "indication cardiovascular"

    def test_other_indications_are_not_cardiac(self) -> None:
        """mast_cell, pain, other or none: not read as therapy for the heart (A13)."""
        for indication in ("mast_cell", "pain", "other", None):
            (use,) = aspirin_uses(facts_of(self._patient(indication=indication), AT))
            assert not use.cardiovascular

    def test_another_nsaids_reaction_never_stops_it(self) -> None:
        """Reaction to ibuprofen, aspirin for the heart: no 'avoid aspirin', no acetaminophen
        in its place (XR10, SR4)."""
        p = self._patient(Reaction(agent="ibuprofen", severity="flare"))
        (card,) = _codes(p, CAUTION)
        assert card.indicator is Indicator.INFO  # taken now, tolerated now
        assert "Avoid" not in card.summary
        assert card.medication is None
        assert "indication cardiovascular" in card.detail
        assert any(f.input == "medications[0].indication" for f in card.findings)

    def test_planned_cardiac_aspirin_after_another_nsaid(self) -> None:
        """Planned (not yet tolerated) and for the heart: a warning, not dropped (SR4)."""
        p = _sm(
            medications=[
                med("aspirin", 81, frequency="daily", indication="cardiovascular", status="planned")
            ],
            reactions=[Reaction(agent="naproxen", severity="flare")],
        )
        (card,) = _codes(p, CAUTION)
        assert card.indicator is Indicator.WARNING
        assert card.summary.startswith("Aspirin for the heart (indication cardiovascular)")
        assert "do not simply drop it" in card.summary

    def test_reaction_to_aspirin_itself_is_critical(self) -> None:
        """A reaction to aspirin itself with a cardiac aspirin: critical, joint decision."""
        p = _sm(
            medications=[
                med("aspirin", 81, frequency="daily", indication="cardiovascular", status="planned")
            ],
            reactions=[Reaction(agent="aspirin", severity="flare")],
        )
        (card,) = _codes(p, CAUTION)
        assert card.indicator is Indicator.CRITICAL
        assert "cardiology and allergy" in card.summary

    def test_mast_cell_aspirin_after_another_nsaid_is_an_avoid(self) -> None:
        """The same planned aspirin for the mast cell disorder: an avoid, acetaminophen offered."""
        p = _sm(
            medications=[
                med("aspirin", 81, frequency="daily", indication="mast_cell", status="planned")
            ],
            reactions=[Reaction(agent="naproxen", severity="flare")],
        )
        (card,) = _codes(p, CAUTION)
        assert card.summary.startswith("Avoid aspirin")
        assert card.medication is not None
        assert card.medication.drug == "acetaminophen"

    def test_low_platelets_do_not_simply_stop(self) -> None:
        """Cardiac aspirin with platelets 30 x10^9/L: the bleeding warning says decide with
        cardiology (SR2, SR3, SR4)."""
        p = _sm(
            medications=[med("aspirin", 81, frequency="daily", indication="cardiovascular")],
            labs=[lab("platelets", 30, "10*9/L")],
        )
        (card,) = _codes(p, "medication.nsaid.low_platelets")
        assert "do not simply stop it" in card.summary
        assert "S242" in {e.source for e in card.evidence}

    def test_aspirin_avoid_card_keeps_it(self) -> None:
        """antimediator.aspirin.avoid names the cardiac aspirin as never simply stopped."""
        p = _sm(
            medications=[
                med("aspirin", 81, frequency="daily", indication="cardiovascular", status="planned")
            ],
            reactions=[Reaction(agent="ibuprofen", severity="anaphylaxis")],
        )
        (card,) = _codes(p, "antimediator.aspirin.avoid")
        assert "never simply stopped" in card.detail
        assert "stop or replace it" not in card.detail


def _bundle(*reason: dict[str, Any], condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "id": "m1",
        "status": "active",
        "subject": {"reference": "Patient/p"},
        "medicationCodeableConcept": {"text": "aspirin"},
    }
    for item in reason:
        statement.update(item)
    entries: list[dict[str, Any]] = [{"resource": {"resourceType": "Patient", "id": "p"}}]
    if condition is not None:
        entries.append({"resource": condition})
    entries.append({"resource": statement})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _icd(code: str) -> dict[str, Any]:
    return {"coding": [{"system": SYSTEMS.icd10cm, "code": code}]}


def _condition(code: str) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": "c1",
        "subject": {"reference": "Patient/p"},
        "code": _icd(code),
    }


class TestFhirReasons:
    @pytest.mark.parametrize(
        ("system", "code", "expected"),
        [
            (SYSTEMS.icd10cm, "I25.10", Indication.CARDIOVASCULAR),  # S152 category I25
            (SYSTEMS.icd10cm, "I21.4", Indication.CARDIOVASCULAR),  # I21
            (SYSTEMS.icd10cm, "Z95.5", Indication.CARDIOVASCULAR),  # stent
            (SYSTEMS.icd10cm, "I63.9", Indication.CARDIOVASCULAR),  # I63
            (SYSTEMS.icd10cm, "D47.02", Indication.MAST_CELL),  # S152
            (SNOMED, "397016004", Indication.MAST_CELL),  # S155
            (SYSTEMS.icd10cm, "I48.0", None),  # atrial fibrillation: not aspirin's reading
            (SYSTEMS.icd10cm, "I250", None),  # not a subcode of I25
            (SYSTEMS.icd10cm, "Z95", None),  # the category is not mapped, its codes are
            (SNOMED, "53741008", None),  # unverified: never guessed
        ],
    )
    def test_verified_codes_only(self, system: str, code: str, expected: Indication | None) -> None:
        """Only the listed codes map; anything else is None."""
        assert indication_of(system, code) is expected

    def test_reason_reference_to_a_condition_sent(self) -> None:
        """reasonReference to a Condition coded I25.10 in the records: cardiovascular."""
        got = fhir.read(
            _bundle(
                {"reasonReference": [{"reference": "Condition/c1"}]}, condition=_condition("I25.10")
            ),
            at=AT,
        )
        assert got.patient.medications[0].indication is Indication.CARDIOVASCULAR
        assert not [u for u in got.unused if u.element == "reason"]

    def test_reason_code(self) -> None:
        """reasonCode ICD-10-CM Z95.5 (coronary stent): cardiovascular."""
        got = fhir.read(_bundle({"reasonCode": [_icd("Z95.5")]}), at=AT)
        assert got.patient.medications[0].indication is Indication.CARDIOVASCULAR

    @pytest.mark.parametrize(
        "reason",
        [
            {"reasonCode": [{"text": "heart"}]},
            {"reasonCode": [_icd("I48.0")]},
            {"reasonReference": [{"reference": "Condition/missing", "display": "CAD"}]},
        ],
    )
    def test_unmapped_reason_is_reported_never_guessed(self, reason: dict[str, Any]) -> None:
        """A text, an unmapped code or a reference not sent: no indication, reported."""
        got = fhir.read(_bundle(reason), at=AT)
        assert got.patient.medications[0].indication is None
        (unused,) = [u for u in got.unused if u.element == "reason"]
        assert "not mapped to an indication" in unused.reason
        assert unused.tier.reaches_report

    def test_two_indications_set_none(self) -> None:
        """Reasons read as cardiovascular and mast_cell: neither is chosen, both reported."""
        got = fhir.read(_bundle({"reasonCode": [_icd("I25.10"), _icd("D47.02")]}), at=AT)
        assert got.patient.medications[0].indication is None
        (unused,) = [u for u in got.unused if u.element == "reason"]
        assert "several indications" in unused.reason
