"""Contradictions worth a flag, and cytoreductive drugs planned with low counts (issue 16).

Baseline timing: S24, S25 (a baseline is drawn before an event or > 24 h after symptoms
resolve; 48 h after an unresolved onset is the library's reading). The planned-drug rule uses
the CTCAE v5.0 grade-3 bounds (S53, S70) with the drugs' own figures (S1 midostaurin, CR9
imatinib, CR5 hydroxyurea).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.model import Flare
from mastcell.testing import AT, days_before, lab, med, patient

FLARE_ONSET = AT - timedelta(days=3)


def _codes(p: Patient, code: str) -> list[Recommendation]:
    return [r for r in evaluate(p, at=AT) if r.code == code]


class TestPregnantMale:
    @pytest.mark.parametrize(
        ("sex", "pregnant", "fires"),
        [
            ("male", True, True),
            ("female", True, False),
            ("male", False, False),
            ("male", None, False),
        ],
    )
    def test_flag(self, sex: str, pregnant: bool | None, fires: bool) -> None:
        """Pregnant with sex male is flagged; any other combination is not."""
        p = patient(diagnoses=["mcas"], sex=sex, pregnant=pregnant)
        found = _codes(p, "monitoring.record.pregnant_male")
        assert bool(found) is fires
        if fires:
            assert {f.input for f in found[0].findings} == {"pregnant", "sex"}

    def test_pregnancy_checks_still_apply(self) -> None:
        """A 'male' recorded as pregnant on ibuprofen still gets the pregnancy NSAID warning."""
        p = patient(diagnoses=["mcas"], sex="male", pregnant=True, medications=[med("ibuprofen")])
        assert _codes(p, "medication.pregnancy.nsaid")


class TestMidostaurinWithoutSm:
    @pytest.mark.parametrize(
        ("diagnoses", "fires"),
        [(["mcas"], True), ([], True), (["hat"], True), (["asm"], False), (["sm"], False)],
    )
    def test_flag(self, diagnoses: list[str], fires: bool) -> None:
        """Midostaurin without any SM diagnosis is flagged (its rules assume ASM/SM-AHN/MCL)."""
        p = patient(diagnoses=diagnoses, medications=[med("midostaurin", 100, frequency="bid")])
        found = _codes(p, "monitoring.record.midostaurin_without_sm")
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.WARNING
            assert {"S1", "S2"} <= set(found[0].sources)

    def test_planned_counts_stopped_does_not(self) -> None:
        """A planned midostaurin is flagged; a stopped one is not."""
        planned = patient(diagnoses=["mcas"], medications=[med("Rydapt", status="planned")])
        stopped = patient(diagnoses=["mcas"], medications=[med("midostaurin", status="stopped")])
        assert _codes(planned, "monitoring.record.midostaurin_without_sm")
        assert not _codes(stopped, "monitoring.record.midostaurin_without_sm")


class TestBaselineDrawnInAFlare:
    """S24/S25: a baseline drawn during a flare (to 24 h after resolution) is flagged."""

    @pytest.mark.parametrize(
        ("after_resolution", "fires"),
        [
            (timedelta(hours=23, minutes=59), True),
            (timedelta(hours=24), True),
            (timedelta(hours=24, minutes=1), False),
        ],
    )
    def test_resolved_flare_bound(self, after_resolution: timedelta, fires: bool) -> None:
        """Up to 24 h after the flare resolved (inclusive) it is in the flare; a minute later not."""
        resolved = FLARE_ONSET + timedelta(hours=6)
        p = patient(
            diagnoses=["mcas"],
            flares=[Flare(onset=FLARE_ONSET, resolved=resolved)],
            labs=[lab("tryptase", 9, "ng/mL", resolved + after_resolution, role="baseline")],
        )
        found = _codes(p, "monitoring.tryptase.baseline_in_flare")
        assert bool(found) is fires
        if fires:
            assert found[0].sources == ("S24", "S25")

    @pytest.mark.parametrize(
        ("after_onset", "fires"),
        [(timedelta(hours=1), True), (timedelta(hours=48), True), (timedelta(hours=49), False)],
    )
    def test_unresolved_flare_bound(self, after_onset: timedelta, fires: bool) -> None:
        """Without a recorded resolution: up to 48 h after the onset."""
        p = patient(
            diagnoses=["mcas"],
            flares=[Flare(onset=FLARE_ONSET)],
            labs=[lab("tryptase", 9, "ug/L", FLARE_ONSET + after_onset, role="baseline")],
        )
        assert bool(_codes(p, "monitoring.tryptase.baseline_in_flare")) is fires

    def test_before_the_flare_or_unlabelled_is_silent(self) -> None:
        """A baseline drawn before the onset, or a tryptase without a role, is not flagged."""
        p = patient(
            diagnoses=["mcas"],
            flares=[Flare(onset=FLARE_ONSET)],
            labs=[
                lab("tryptase", 5, "ng/mL", FLARE_ONSET - timedelta(hours=1), role="baseline"),
                lab("tryptase", 15, "ng/mL", FLARE_ONSET + timedelta(hours=1)),
            ],
        )
        assert _codes(p, "monitoring.tryptase.baseline_in_flare") == []


class TestPlannedCytoreductiveWithLowCounts:
    """CTCAE v5.0 grade >= 3 (S53, S70) before a planned cytoreductive drug: a decision."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "fires"),
        [
            ("anc", 0.99, "10*9/L", True),
            ("anc", 1.0, "10*9/L", False),
            ("anc", 990, "/uL", True),
            ("platelets", 49, "10*9/L", True),
            ("platelets", 50, "K/uL", False),
            ("platelets", 51_000, "/uL", False),
            ("hemoglobin", 7.9, "g/dL", True),
            ("hemoglobin", 80, "g/L", False),
        ],
    )
    def test_grade_3_bound(self, analyte: str, value: float, unit: str, fires: bool) -> None:
        """Grade 3 or worse (ANC < 1.0, platelets < 50, Hb < 8) fires; at the bound it does not."""
        p = patient(
            diagnoses=["asm"],
            labs=[lab(analyte, value, unit, days_before(1))],
            medications=[med("midostaurin", 100, frequency="bid", status="planned")],
        )
        found = _codes(p, "cytopenia.cytoreductive.planned_low_count")
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.WARNING
            assert "S1" in found[0].sources

    @pytest.mark.parametrize(("drug", "source"), [("hydroxyurea", "S115"), ("imatinib", "S117")])
    def test_each_drug_cites_its_figures(self, drug: str, source: str) -> None:
        """Hydroxyurea shows CR5's figures; imatinib its label rule (CR9)."""
        p = patient(
            diagnoses=["sm-ahn"],
            labs=[lab("anc", 0.5, "10*9/L", days_before(1))],
            medications=[med(drug, status="planned")],
        )
        (rec,) = _codes(p, "cytopenia.cytoreductive.planned_low_count")
        assert source in rec.sources

    def test_avapritinib_keeps_its_own_rule_and_active_drugs_are_not_planned(self) -> None:
        """Planned avapritinib is left to do_not_start; an active drug to its own rules."""
        p = patient(
            diagnoses=["asm"],
            labs=[lab("platelets", 30, "10*9/L", days_before(1))],
            medications=[
                med("avapritinib", 200, frequency="daily", status="planned"),
                med("hydroxyurea", 500, frequency="daily"),
            ],
        )
        assert _codes(p, "cytopenia.cytoreductive.planned_low_count") == []

    def test_a_stale_count_is_not_used(self) -> None:
        """A count older than 14 days does not decide (cytopenia.cbc.obtain asks for one)."""
        p = patient(
            diagnoses=["asm"],
            labs=[lab("anc", 0.3, "10*9/L", days_before(20))],
            medications=[med("cladribine", status="planned")],
            birth_date=date(1960, 1, 1),
        )
        assert _codes(p, "cytopenia.cytoreductive.planned_low_count") == []
