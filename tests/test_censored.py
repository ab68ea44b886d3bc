"""Censored results (issue 18 item 6): a comparator in the model, caution where the bound decides nothing.

A result reported as ``< 0.5`` is a bound (FHIR R4 QuantityComparator, S157): mastcell keeps the
bound as ``value``, reads ``canonical`` one digit past it for ``<``/``>`` and at it for
``<=``/``>=``, and ``monitoring.lab.censored`` warns when the bound is on the worse side of its
analyte; critical when a KIT inhibitor's label count threshold lies beyond it (S1, S2, S5, S6).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

from fhir_builders import bundle, observation, quantity
from mastcell import (
    Comparator,
    Indicator,
    InputError,
    LabResult,
    Report,
    cdshooks,
    evaluate,
    fhir,
    patient_from_dict,
    to_dict,
)
from mastcell.interchange import patient_schema
from mastcell.knowledge.censoring import DOSE_THRESHOLDS, WORSE_DIRECTION, Direction
from mastcell.model import Analyte
from strategies import labs

AT = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
DRAWN = "2026-11-21T08:00:00+00:00"
CODE = "monitoring.lab.censored"


def _lab(
    analyte: str, value: float, unit: str, comparator: str | None, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"analyte": analyte, "value": value, "unit": unit, "time": DRAWN, **extra}
    if comparator is not None:
        out["comparator"] = comparator
    return out


def _evaluate(labs: list[dict[str, Any]], drugs: tuple[tuple[str, str], ...] = ()) -> Report:
    data = {
        "id": "censored",
        "diagnoses": ["asm"],
        "medications": [{"drug": drug, "status": status} for drug, status in drugs],
        "labs": labs,
    }
    return evaluate(patient_from_dict(data), at=AT)


def _censored(report: Report) -> list[Any]:
    return [r for r in report.recommendations if r.code == CODE]


class TestReading:
    """The model keeps the bound and reads it just past it (one home for JSON and FHIR)."""

    @pytest.mark.parametrize(
        ("analyte", "comparator", "value", "unit", "canonical", "bound"),
        [
            pytest.param("anc", "<", 0.5, "10*9/L", 0.49, 0.5, id="S157-anc-lt-0.5"),
            pytest.param("anc", "<", 500, "/uL", 0.49999, 0.5, id="S157-anc-lt-500-uL"),
            pytest.param("anc", "<", 1.0, "10*9/L", 0.99, 1.0, id="S157-anc-lt-1.0"),
            pytest.param("anc", "<", 1000, "/uL", 0.99999, 1.0, id="S157-anc-lt-1000-uL"),
            pytest.param("anc", "<", 2.0, "K/uL", 1.99, 2.0, id="S157-anc-lt-2.0-K"),
            pytest.param("anc", "<", 2000, "cells/mm3", 1.99999, 2.0, id="S157-anc-lt-2000-mm3"),
            pytest.param("anc", "<=", 1.0, "10*9/L", 1.0, 1.0, id="S157-anc-le-1.0"),
            pytest.param("anc", "<=", 1000, "/uL", 1.0, 1.0, id="S157-anc-le-1000-uL"),
            pytest.param("platelets", "<", 50, "10*9/L", 49.99, 50.0, id="S157-plt-lt-50"),
            pytest.param("platelets", "<", 50000, "/uL", 49.99999, 50.0, id="S157-plt-lt-50000"),
            pytest.param("platelets", "<", 20, "K/uL", 19.99, 20.0, id="S157-plt-lt-20"),
            pytest.param("tryptase", ">", 10, "ng/mL", 10.01, 10.0, id="S157-tryptase-gt-10"),
            pytest.param("tryptase", ">", 20, "ug/L", 20.01, 20.0, id="S157-tryptase-gt-20-ugL"),
            pytest.param("tryptase", ">", 200, "ng/mL", 200.01, 200.0, id="S157-tryptase-gt-200"),
            pytest.param("tryptase", ">=", 20, "ng/mL", 20.0, 20.0, id="S157-tryptase-ge-20"),
            pytest.param("tryptase", "<", 1, "ng/mL", 0.99, 1.0, id="S157-tryptase-lt-1"),
            pytest.param("hemoglobin", "<", 80, "g/L", 7.999, 8.0, id="S157-hb-lt-80-gL"),
        ],
    )
    def test_canonical_is_just_past_the_bound(
        self, analyte: str, comparator: str, value: float, unit: str, canonical: float, bound: float
    ) -> None:
        """``value`` stays the bound; ``canonical`` is one digit past it for < and >, the bound for <= and >=."""
        lab = patient_from_dict({"labs": [_lab(analyte, value, unit, comparator)]}).labs[0]
        assert lab.value == value
        assert lab.comparator is Comparator(comparator)
        assert lab.canonical == pytest.approx(canonical, abs=1e-9)
        assert lab.canonical_bound == pytest.approx(bound)
        if comparator in ("<", ">"):
            assert (lab.canonical < bound) if comparator == "<" else (lab.canonical > bound)

    def test_uncensored_has_no_bound(self) -> None:
        """A quantified result has no comparator and no bound."""
        lab = patient_from_dict({"labs": [_lab("anc", 0.5, "10*9/L", None)]}).labs[0]
        assert (lab.comparator, lab.canonical_bound, lab.canonical) == (None, None, 0.5)

    def test_lower_bound_that_rounds_away_reads_zero(self) -> None:
        """A positive ``<`` bound below the canonical precision reads as 0, never below it."""
        lab = patient_from_dict({"labs": [_lab("anc", 0.0001, "/uL", "<")]}).labs[0]
        assert lab.canonical == 0.0

    @pytest.mark.parametrize("spelling", ["<", "<=", ">=", ">"])
    def test_written_back_as_given(self, spelling: str) -> None:
        """Serialisation writes ``value`` and ``comparator`` exactly as given."""
        data = _lab("platelets", 50, "K/uL", spelling)
        written = to_dict(patient_from_dict({"labs": [data]}))["labs"][0]
        assert written["value"] == 50
        assert written["comparator"] == spelling
        assert "canonical_bound" not in written

    def test_uncensored_writes_no_comparator(self) -> None:
        """No comparator key is written for a quantified result."""
        written = to_dict(patient_from_dict({"labs": [_lab("anc", 1, "10*9/L", None)]}))["labs"][0]
        assert "comparator" not in written

    @settings(max_examples=60)
    @given(labs())
    def test_round_trip(self, lab: LabResult) -> None:
        """Any lab, censored or not, reads back equal with the same comparator and reading."""
        from mastcell import Patient

        back = patient_from_dict(json.loads(json.dumps(to_dict(Patient(labs=(lab,)))))).labs[0]
        assert back == lab
        assert back.comparator is lab.comparator
        assert back.canonical == lab.canonical


class TestBadInput:
    """A bad comparator is a mastcell error naming the field."""

    @pytest.mark.parametrize("bad", ["=", "~", "lt", "", 5, True, ["<"]])
    def test_unknown_comparator(self, bad: object) -> None:
        """Anything but <, <=, >=, > is refused at labs[0] (anc).comparator."""
        data = {**_lab("anc", 1.0, "10*9/L", None), "comparator": bad}
        with pytest.raises(InputError) as caught:
            patient_from_dict({"labs": [data]})
        assert any(e.startswith("labs[0] (anc).comparator:") for e in caught.value.errors)

    def test_less_than_zero(self) -> None:
        """``< 0`` bounds nothing: refused naming the value."""
        with pytest.raises(InputError) as caught:
            patient_from_dict({"labs": [_lab("anc", 0, "10*9/L", "<")]})
        assert caught.value.errors[0].startswith("labs[0] (anc).value: expected a bound above 0")

    def test_less_or_equal_zero_is_a_value(self) -> None:
        """``<= 0`` is read as 0 (the bound itself)."""
        assert patient_from_dict({"labs": [_lab("anc", 0, "10*9/L", "<=")]}).labs[0].canonical == 0

    def test_model_names_the_field(self) -> None:
        """Built in Python, a bad comparator names ``comparator``."""
        with pytest.raises(InputError, match=r"^comparator: expected one of <, <=, >=, >"):
            LabResult(analyte="anc", value=1, unit="10*9/L", time=AT, comparator="==")

    def test_schema_states_the_field(self) -> None:
        """The shipped schema accepts the four comparators and refuses others."""
        schema = patient_schema()
        for good in ("<", "<=", ">=", ">"):
            jsonschema.validate({"labs": [_lab("anc", 1, "10*9/L", good)]}, schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"labs": [_lab("anc", 1, "10*9/L", "=")]}, schema)


MIDO = (("midostaurin", "active"),)
AVA = (("avapritinib", "active"),)
AVA_PLANNED = (("avapritinib", "planned"),)


class TestRule:
    """monitoring.lab.censored at and around each bound, in several units."""

    @pytest.mark.parametrize(
        ("analyte", "comparator", "value", "unit", "drugs", "expected"),
        [
            # ANC: midostaurin interrupts < 1.0, < 0.5 with a low baseline, restarts >= 1.0 (S1, S2).
            pytest.param(
                "anc", "<", 0.5, "10*9/L", MIDO, Indicator.WARNING, id="S1-anc-lt-0.5-decided"
            ),
            pytest.param(
                "anc", "<", 500, "/uL", MIDO, Indicator.WARNING, id="S1-anc-lt-500uL-decided"
            ),
            pytest.param(
                "anc", "<=", 0.5, "10*9/L", MIDO, Indicator.CRITICAL, id="S1-anc-le-0.5-may-equal"
            ),
            pytest.param("anc", "<", 0.51, "10*9/L", MIDO, Indicator.CRITICAL, id="S1-anc-lt-0.51"),
            pytest.param(
                "anc", "<", 1.0, "10*9/L", MIDO, Indicator.CRITICAL, id="S1-anc-lt-1.0-0.5-open"
            ),
            pytest.param("anc", "<", 1000, "/uL", MIDO, Indicator.CRITICAL, id="S1-anc-lt-1000uL"),
            pytest.param("anc", "<", 2.0, "10*9/L", MIDO, Indicator.CRITICAL, id="S1-anc-lt-2.0"),
            pytest.param("anc", "<", 2000, "/uL", MIDO, Indicator.CRITICAL, id="S1-anc-lt-2000uL"),
            pytest.param(
                "anc", "<", 2.0, "10*9/L", (), Indicator.WARNING, id="S157-anc-lt-2.0-no-drug"
            ),
            pytest.param(
                "anc", "<", 2.0, "10*9/L", AVA, Indicator.WARNING, id="S5-anc-no-ava-threshold"
            ),
            pytest.param(
                "anc",
                "<",
                2.0,
                "10*9/L",
                (("midostaurin", "stopped"),),
                Indicator.WARNING,
                id="S1-anc-stopped",
            ),
            pytest.param(
                "anc",
                "<",
                2.0,
                "10*9/L",
                (("midostaurin", "held"),),
                Indicator.CRITICAL,
                id="S1-anc-held-restart-open",
            ),
            pytest.param("anc", ">", 2.0, "10*9/L", MIDO, None, id="S157-anc-gt-benign"),
            pytest.param("anc", ">=", 1.0, "10*9/L", MIDO, None, id="S157-anc-ge-benign"),
            pytest.param("anc", None, 0.4, "10*9/L", MIDO, None, id="S157-anc-quantified"),
            # Platelets: midostaurin < 50 / < 25 (S1, S2); avapritinib < 50 (S5, S6).
            pytest.param(
                "platelets", "<", 50, "10*9/L", MIDO, Indicator.CRITICAL, id="S1-plt-lt-50-25-open"
            ),
            pytest.param(
                "platelets", "<", 25, "10*9/L", MIDO, Indicator.WARNING, id="S1-plt-lt-25-decided"
            ),
            pytest.param("platelets", "<", 20, "K/uL", MIDO, Indicator.WARNING, id="S1-plt-lt-20"),
            pytest.param(
                "platelets", "<", 50, "10*9/L", AVA, Indicator.WARNING, id="S5-plt-lt-50-decided"
            ),
            pytest.param(
                "platelets", "<=", 50, "10*9/L", AVA, Indicator.CRITICAL, id="S5-plt-le-50"
            ),
            pytest.param(
                "platelets",
                "<",
                50000,
                "/uL",
                AVA_PLANNED,
                Indicator.WARNING,
                id="S5-plt-lt-50000uL-planned",
            ),
            pytest.param(
                "platelets",
                "<",
                100,
                "10*9/L",
                AVA_PLANNED,
                Indicator.CRITICAL,
                id="S5-plt-lt-100-start-open",
            ),
            pytest.param(
                "platelets", "<", 20, "10*9/L", (), Indicator.WARNING, id="S157-plt-lt-20-no-drug"
            ),
            pytest.param("platelets", ">", 400, "10*9/L", MIDO, None, id="S157-plt-gt-400-benign"),
            # Haemoglobin: midostaurin < 8 g/dL (S1).
            pytest.param("hemoglobin", "<", 8, "g/dL", MIDO, Indicator.WARNING, id="S1-hb-lt-8"),
            pytest.param("hemoglobin", "<", 10, "g/dL", MIDO, Indicator.CRITICAL, id="S1-hb-lt-10"),
            pytest.param(
                "hemoglobin", "<", 100, "g/L", MIDO, Indicator.CRITICAL, id="S1-hb-lt-100gL"
            ),
            # Tryptase: higher is worse (SM minor > 20, S27; acute rise, S24).
            pytest.param(
                "tryptase", ">", 10, "ng/mL", (), Indicator.WARNING, id="S27-tryptase-gt-10"
            ),
            pytest.param(
                "tryptase", ">", 20, "ng/mL", (), Indicator.WARNING, id="S27-tryptase-gt-20"
            ),
            pytest.param(
                "tryptase", ">", 200, "ug/L", MIDO, Indicator.WARNING, id="S27-tryptase-gt-200"
            ),
            pytest.param(
                "tryptase", ">=", 20, "ng/mL", (), Indicator.WARNING, id="S27-tryptase-ge-20"
            ),
            pytest.param("tryptase", "<", 1, "ng/mL", (), None, id="S157-tryptase-lt-1-benign"),
            pytest.param("tryptase", "<=", 5, "ng/mL", (), None, id="S157-tryptase-le-5-benign"),
            # Urinary mediators: higher is worse (S50).
            pytest.param(
                "urine_nmh", ">", 200, "ug/g{creat}", (), Indicator.WARNING, id="S50-nmh-gt-200"
            ),
            pytest.param(
                "urine_lte4", "<", 104, "pg/mg{creat}", (), None, id="S50-lte4-lt-104-benign"
            ),
        ],
    )
    def test_indicator(
        self,
        analyte: str,
        comparator: str | None,
        value: float,
        unit: str,
        drugs: tuple[tuple[str, str], ...],
        expected: Indicator | None,
    ) -> None:
        """Fires in the worse direction only; critical when a KIT-inhibitor decision lies beyond the bound."""
        found = _censored(_evaluate([_lab(analyte, value, unit, comparator)], drugs))
        if expected is None:
            assert found == []
            return
        assert [r.indicator for r in found] == [expected]
        rec = found[0]
        assert rec.findings[0].input == "labs[0]"
        assert rec.findings[0].analyte is Analyte(analyte)
        assert "S157" in [e.source for e in rec.evidence]
        assert f"reported as {comparator} {value:g} {unit}" in rec.detail
        assert "undecided" in rec.detail
        assert "Obtain a quantified result" in rec.detail
        assert "clinician decision" in rec.detail
        if expected is Indicator.CRITICAL:
            assert any(f.input == "medications[0]" for f in rec.findings)
            assert "cannot be decided from this result" in rec.detail

    def test_anc_below_two_does_not_interrupt_but_warns(self) -> None:
        """An ANC "< 2.0" on midostaurin gives no interrupt (read as 1.99) and a critical warning."""
        report = _evaluate([_lab("anc", 2.0, "10*9/L", "<")], MIDO)
        assert "cytopenia.midostaurin.interrupt" not in report.codes
        (rec,) = _censored(report)
        assert rec.indicator is Indicator.CRITICAL
        assert "0.5, 1" in rec.detail  # the undecided thresholds (S1, S2)
        assert "1.99 10*9/L" in rec.detail

    def test_anc_below_half_interrupts_and_warns(self) -> None:
        """An ANC "< 0.5" interrupts midostaurin (below 1.0, S1) and still says it is a bound."""
        report = _evaluate([_lab("anc", 0.5, "10*9/L", "<")], MIDO)
        assert "cytopenia.midostaurin.interrupt" in report.codes
        assert [r.indicator for r in _censored(report)] == [Indicator.WARNING]

    def test_tryptase_above_twenty_is_read_above(self) -> None:
        """A "> 1000" tryptase is read above 20 ng/mL, and warned about."""
        report = _evaluate([_lab("tryptase", 1000, "ng/mL", ">", role="baseline")])
        (rec,) = _censored(report)
        assert rec.findings[0].value == pytest.approx(1000.01)

    def test_newer_quantified_result_wins(self) -> None:
        """A censored ANC followed by a quantified one: the rules read the newer, no warning."""
        older = _lab("anc", 2.0, "10*9/L", "<", time="2026-11-10T08:00:00+00:00")
        assert _censored(_evaluate([older, _lab("anc", 0.8, "10*9/L", None)], MIDO)) == []

    def test_censored_baseline_is_read(self) -> None:
        """A tryptase sent as baseline "> 20" behind a newer quantified one is still warned about."""
        baseline = _lab(
            "tryptase", 20, "ng/mL", ">", role="baseline", time="2026-11-01T08:00:00+00:00"
        )
        (rec,) = _censored(_evaluate([baseline, _lab("tryptase", 30, "ng/mL", None)]))
        assert rec.findings[0].input == "labs[0]"

    def test_derived_anc_inputs(self) -> None:
        """A WBC "< 2.0" x 50 % neutrophils bounds the derived ANC below 1.0: 0.5 is open on midostaurin."""
        report = _evaluate(
            [_lab("wbc", 2.0, "10*9/L", "<"), _lab("neutrophils_pct", 50, "%", None)], MIDO
        )
        (rec,) = _censored(report)
        assert rec.indicator is Indicator.CRITICAL
        assert [f.input for f in rec.findings[:2]] == ["labs[0]", "labs[1]"]
        assert "derived ANC" in rec.detail

    def test_same_instant_censored_is_the_cautious_one(self) -> None:
        """At one instant, "<= 1.0" beside "1.0" is the ANC rules read, whatever the order sent."""
        for pair in (
            [_lab("anc", 1.0, "10*9/L", "<="), _lab("anc", 1.0, "10*9/L", None)],
            [_lab("anc", 1.0, "10*9/L", None), _lab("anc", 1.0, "10*9/L", "<=")],
        ):
            patient = patient_from_dict({"labs": pair})
            latest = patient.latest("anc")
            assert latest is not None
            assert latest.comparator is Comparator.LE


class TestKnowledge:
    """The worse directions cover every analyte; the dose thresholds are the labels'."""

    def test_every_analyte_has_a_direction(self) -> None:
        """WORSE_DIRECTION states every analyte mastcell reads."""
        assert set(WORSE_DIRECTION) == set(Analyte)

    @pytest.mark.parametrize(
        ("analyte", "worse"),
        [
            ("anc", Direction.LOWER),
            ("wbc", Direction.LOWER),
            ("neutrophils_pct", Direction.LOWER),
            ("platelets", Direction.LOWER),
            ("hemoglobin", Direction.LOWER),
            ("tryptase", Direction.HIGHER),
            ("urine_lte4", Direction.HIGHER),
            ("urine_pgf2a", Direction.HIGHER),
            ("urine_nmh", Direction.HIGHER),
        ],
    )
    def test_direction(self, analyte: str, worse: Direction) -> None:
        """Counts: lower is worse (S1, S53); tryptase and mediators: higher is worse (S27, S50)."""
        assert WORSE_DIRECTION[Analyte(analyte)].worse is worse

    def test_dose_thresholds(self) -> None:
        """Midostaurin ANC 0.5/1.0, platelets 25/50, Hb 8 (S1, S2); avapritinib platelets 50 (S5)."""
        got = {(t.drug, t.analyte.value): t.thresholds for t in DOSE_THRESHOLDS}
        assert got == {
            ("midostaurin", "anc"): (0.5, 1.0),
            ("midostaurin", "platelets"): (25.0, 50.0),
            ("midostaurin", "hemoglobin"): (8.0,),
            ("avapritinib", "platelets"): (50.0,),
        }


WHEN = "2026-11-21T08:00:00Z"
SUBJECT = {"reference": "Patient/p1"}
PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1960-05-01"}
MIDOSTAURIN_RX = {
    "resourceType": "MedicationRequest",
    "id": "m1",
    "status": "active",
    "intent": "order",
    "subject": SUBJECT,
    "medicationCodeableConcept": {
        "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "1919083"}]
    },
}
ASM = {
    "resourceType": "Condition",
    "id": "c1",
    "subject": SUBJECT,
    "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C96.21"}]},
}


def _anc_obs(value: float, unit: str, comparator: str) -> dict[str, Any]:
    q = {**quantity(value, unit), "comparator": comparator}
    return observation(
        "anc", "p1", "751-8", dt.datetime(2026, 11, 21, 8, tzinfo=dt.UTC), valueQuantity=q
    )


class TestFhir:
    """FHIR sets the model's comparator (the model reads it) and keeps its provenance note."""

    @pytest.mark.parametrize(
        ("value", "unit", "comparator", "canonical"),
        [
            pytest.param(2.0, "10*9/L", "<", 1.99, id="S157-fhir-lt-2.0"),
            pytest.param(2000, "/uL", "<", 1.99999, id="S157-fhir-lt-2000-uL"),
            pytest.param(1.0, "10*9/L", "<=", 1.0, id="S157-fhir-le-1.0"),
        ],
    )
    def test_comparator_reaches_the_model(
        self, value: float, unit: str, comparator: str, canonical: float
    ) -> None:
        """The lab carries the comparator and the bound; the note keeps the report's text."""
        got = fhir.read([PATIENT, _anc_obs(value, unit, comparator)], at=AT)
        lab = got.patient.labs[0]
        assert (lab.comparator, lab.value) == (Comparator(comparator), value)
        assert lab.canonical == pytest.approx(canonical)
        assert f"reported as {comparator} {value:g} {unit}" in (
            got.provenance["labs[0]"].note or ""
        )

    def test_fhir_and_json_agree(self) -> None:
        """The same censored ANC through FHIR and through JSON is the same LabResult."""
        from_fhir = fhir.read([PATIENT, _anc_obs(500, "/uL", "<")], at=AT).patient.labs[0]
        from_json = patient_from_dict(
            {"labs": [{**_lab("anc", 500, "/uL", "<"), "time": "2026-11-21T08:00:00+00:00"}]}
        ).labs[0]
        assert from_fhir == from_json

    def test_critical_through_fhir(self) -> None:
        """ASM on midostaurin with an ANC "< 2.0": the critical censored warning, no interrupt."""
        report = fhir.read([PATIENT, ASM, MIDOSTAURIN_RX, _anc_obs(2.0, "10*9/L", "<")], at=AT)
        result = report.evaluate(at=AT)
        assert [r.indicator for r in _censored(result)] == [Indicator.CRITICAL]
        assert "cytopenia.midostaurin.interrupt" not in result.codes

    def test_less_than_zero_unusable(self) -> None:
        """FHIR ``< 0`` is unusable (reported, not read), not a whole-patient refusal."""
        got = fhir.read([PATIENT, _anc_obs(0, "10*9/L", "<")], at=AT)
        assert got.patient.labs == ()
        assert any(u.input == "Observation/anc" for u in got.unused)


class TestCdsHooks:
    """One CDS Hooks call: the censored ANC becomes a critical card."""

    def test_card(self) -> None:
        """patient-view with an ANC "< 2.0" on midostaurin gives a critical card about the bound."""
        prefetch: dict[str, Any] = dict.fromkeys(cdshooks.PREFETCH)
        prefetch["patient"] = PATIENT
        prefetch["conditions"] = bundle([ASM], "searchset")
        prefetch["observations"] = bundle([_anc_obs(2.0, "10*9/L", "<")], "searchset")
        prefetch["medicationRequests"] = bundle([MIDOSTAURIN_RX], "searchset")
        body = {
            "hook": "patient-view",
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/1", "patientId": "p1"},
            "prefetch": prefetch,
        }
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT)
        assert answer.status == 200
        cards = [c for c in answer.body["cards"] if "reported only as < 2" in c["summary"]]
        assert len(cards) == 1
        assert cards[0]["indicator"] == "critical"
        assert "undecided" in cards[0]["detail"]
