"""Counts from real lab units: latest, derived ANC, freshness, classification, C-findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell.counts import (
    baseline_count,
    c_findings,
    classify,
    derive_anc,
    fresh_count,
    grade,
    is_low,
    latest_count,
)
from mastcell.knowledge.cytopenia import COUNT_MAX_AGE
from mastcell.knowledge.options import CytopeniaOptions
from mastcell.knowledge.who import C_FINDING_CYTOPENIA
from mastcell.testing import AT, days_before, lab, patient
from mastcell.units import HB_MMOL_PER_G_PER_DL


class TestUnits:
    """The same count in any accepted spelling is the same canonical number (fact sheet 4.1)."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "canonical"),
        [
            pytest.param("anc", 0.8, "10*9/L", 0.8, id="4.1-anc-10*9/L"),
            pytest.param("anc", 800, "/uL", 0.8, id="4.1-anc-/uL"),
            pytest.param("anc", 0.8, "K/uL", 0.8, id="4.1-anc-K/uL"),
            pytest.param("anc", 800, "cells/mm3", 0.8, id="4.1-anc-cells/mm3"),
            pytest.param("platelets", 75000, "/uL", 75.0, id="4.1-plt-75000/mm3=75"),
            pytest.param("platelets", 75, "10^9/L", 75.0, id="4.1-plt-10^9/L"),
            pytest.param("wbc", 3.2, "x10^3/uL", 3.2, id="4.1-wbc-10^3/uL"),
            pytest.param("hemoglobin", 80, "g/L", 8.0, id="4.1-hb-g/L"),
            pytest.param("hemoglobin", 8.0, "g/dL", 8.0, id="4.1-hb-g/dL"),
            pytest.param(
                "hemoglobin",
                round(8.0 * HB_MMOL_PER_G_PER_DL, 4),
                "mmol/L",
                8.0,
                id="4.1-hb-mmol/L",
            ),
        ],
    )
    def test_canonical_value(self, analyte: str, value: float, unit: str, canonical: float) -> None:
        """The count rules read is in 10*9/L (or g/dL), whatever the lab sent."""
        count = latest_count(patient(labs=[lab(analyte, value, unit)]), analyte, AT)
        assert count is not None
        assert count.value == canonical

    def test_hemoglobin_mmol_convention_is_the_monomer_basis(self) -> None:
        """mmol/L = g/dL x 0.6206 (monomer, S54); the tetramer basis (x 0.155) is not used."""
        assert HB_MMOL_PER_G_PER_DL == 0.6206
        count = latest_count(patient(labs=[lab("hemoglobin", 6.206, "mmol/L")]), "hemoglobin", AT)
        assert count is not None
        assert count.value == 10.0

    @given(st.integers(min_value=0, max_value=20000))
    def test_grade_is_unit_invariant(self, cells_per_ul: int) -> None:
        """An ANC in cells/uL and the same ANC in 10*9/L get the same grade."""
        a = latest_count(patient(labs=[lab("anc", cells_per_ul, "/uL")]), "anc", AT)
        b = latest_count(patient(labs=[lab("anc", cells_per_ul / 1000, "10*9/L")]), "anc", AT)
        assert a is not None
        assert b is not None
        assert classify(a).grade == classify(b).grade


class TestDerivedAnc:
    """ANC from WBC x neutrophil % of the same draw, flagged; never from % alone (S55)."""

    @pytest.mark.parametrize(
        ("wbc", "unit", "pct", "expected"),
        [
            pytest.param(2.0, "K/uL", 40, 0.8, id="4.1-K/uL"),
            pytest.param(2000, "/uL", 40, 0.8, id="4.1-/uL"),
            pytest.param(2.0, "10*9/L", 50, 1.0, id="4.1-10*9/L"),
        ],
    )
    def test_derived_value_and_flag(
        self, wbc: float, unit: str, pct: float, expected: float
    ) -> None:
        """The derived ANC carries both inputs, the derived flag and the bands note."""
        p = patient(labs=[lab("wbc", wbc, unit), lab("neutrophils_pct", pct, "%")])
        count = latest_count(p, "anc", AT)
        assert count is not None
        assert count.value == expected
        assert count.derived
        assert count.inputs == ("labs[0]", "labs[1]")
        finding = count.finding()
        assert finding.derived
        assert finding.note is not None
        assert "bands not reported" in finding.note
        assert [f.input for f in count.findings()] == ["labs[0]", "labs[1]"]

    def test_percentage_alone_is_never_an_anc(self) -> None:
        """A neutrophil % with no WBC of the same draw gives no ANC."""
        p = patient(labs=[lab("neutrophils_pct", 60, "%"), lab("wbc", 4, "K/uL", days_before(2))])
        assert latest_count(p, "anc", AT) is None

    def test_wbc_alone_is_not_an_anc(self) -> None:
        """A WBC without a differential gives no ANC."""
        assert latest_count(patient(labs=[lab("wbc", 4, "K/uL")]), "anc", AT) is None

    def test_measured_anc_of_the_same_draw_wins(self) -> None:
        """When the lab reports an ANC for the draw, it is used as sent, not derived."""
        p = patient(
            labs=[lab("wbc", 2, "K/uL"), lab("neutrophils_pct", 40, "%"), lab("anc", 0.9, "K/uL")]
        )
        count = latest_count(p, "anc", AT)
        assert count is not None
        assert (count.value, count.derived) == (0.9, False)

    def test_newer_differential_beats_an_older_anc(self) -> None:
        """The latest draw decides: a derived ANC from today beats a measured one from last week."""
        p = patient(
            labs=[
                lab("anc", 2.5, "K/uL", days_before(7)),
                lab("wbc", 2, "K/uL"),
                lab("neutrophils_pct", 40, "%"),
            ]
        )
        count = latest_count(p, "anc", AT)
        assert count is not None
        assert (count.value, count.derived) == (0.8, True)

    def test_newer_measured_anc_beats_an_older_differential(self) -> None:
        """A measured ANC drawn after the last differential is the latest ANC."""
        p = patient(
            labs=[
                lab("wbc", 2, "K/uL", days_before(7)),
                lab("neutrophils_pct", 40, "%", days_before(7)),
                lab("anc", 1.6, "K/uL"),
            ]
        )
        count = latest_count(p, "anc", AT)
        assert count is not None
        assert (count.value, count.derived) == (1.6, False)

    def test_different_draws_are_not_paired(self) -> None:
        """A WBC and a % drawn at different times are not multiplied."""
        p = patient(
            labs=[
                lab("wbc", 2, "K/uL", days_before(1)),
                lab("neutrophils_pct", 40, "%", days_before(2)),
            ]
        )
        assert latest_count(p, "anc", AT) is None
        with pytest.raises(ValueError, match="same draw"):
            derive_anc(p, *p.labs)


class TestTimeAndFreshness:
    """Latest at or before the evaluation time; stale beyond count_max_age (default 14 days)."""

    def test_results_after_the_evaluation_time_are_ignored(self) -> None:
        """A count drawn after ``at`` is not the latest at ``at``."""
        p = patient(
            labs=[lab("anc", 0.4, "K/uL", days_before(2)), lab("anc", 3.0, "K/uL", days_before(-1))]
        )
        count = latest_count(p, "anc", AT)
        assert count is not None
        assert count.value == 0.4

    @pytest.mark.parametrize(
        ("age", "fresh"),
        [
            pytest.param(timedelta(days=13, hours=23), True, id="13d23h-fresh"),
            pytest.param(timedelta(days=14), True, id="exactly-14d-fresh"),
            pytest.param(timedelta(days=14, seconds=1), False, id="14d+1s-stale"),
        ],
    )
    def test_staleness_boundary(self, age: timedelta, fresh: bool) -> None:
        """A count exactly count_max_age old is still fresh; one second older is stale."""
        p = patient(labs=[lab("platelets", 40, "K/uL", AT - age)])
        assert (fresh_count(p, "platelets", AT, COUNT_MAX_AGE) is not None) is fresh

    def test_default_window_is_in_one_place(self) -> None:
        """The options default is the knowledge base's documented window (14 days)."""
        assert CytopeniaOptions().count_max_age == COUNT_MAX_AGE == timedelta(days=14)

    def test_baseline_is_the_latest_count_on_or_before_start(self) -> None:
        """The pre-treatment count: on the start day counts, the day after does not."""
        p = patient(
            labs=[
                lab("anc", 1.2, "K/uL", "2026-08-20T08:00:00+00:00"),
                lab("anc", 1.0, "K/uL", "2026-09-01T07:00:00+00:00"),
                lab("anc", 0.4, "K/uL", "2026-09-02T08:00:00+00:00"),
            ]
        )
        count = baseline_count(p, "anc", date(2026, 9, 1))
        assert count is not None
        assert count.value == 1.0
        assert baseline_count(p, "anc", date(2026, 8, 1)) is None


class TestClassify:
    """The lab's range beats the library's: mastcell ships no default LLN."""

    def test_lab_range_makes_a_mild_leukopenia_low(self) -> None:
        """WBC 3.5 with the lab's LLN 4.0 is low, grade 1."""
        count = latest_count(patient(labs=[lab("wbc", 3.5, "K/uL", reference_low=4.0)]), "wbc", AT)
        assert count is not None
        result = classify(count)
        assert (result.grade, result.low, result.lln) == (1, True, 4.0)
        assert "lab lower limit" in result.basis

    def test_without_a_range_grade_1_is_unknown_not_normal(self) -> None:
        """WBC 3.5 with no lab range: grade and 'low' are unknown (None), never False."""
        count = latest_count(patient(labs=[lab("wbc", 3.5, "K/uL")]), "wbc", AT)
        assert count is not None
        assert classify(count).grade is None
        assert is_low(count) is None

    def test_grade_2_is_low_without_a_range(self) -> None:
        """ANC 1.4 is CTCAE grade 2 and so low, with or without a lab range."""
        count = latest_count(patient(labs=[lab("anc", 1400, "/uL")]), "anc", AT)
        assert count is not None
        assert (classify(count).grade, is_low(count)) == (2, True)

    def test_lab_range_in_other_units(self) -> None:
        """The reference range is converted with the value (150,000/uL = 150 x10^9/L)."""
        count = latest_count(
            patient(labs=[lab("platelets", 140000, "/uL", reference_low=150000)]), "platelets", AT
        )
        assert count is not None
        assert (count.lln, classify(count).grade) == (150.0, 1)

    def test_grade_function(self) -> None:
        """grade() reads the pinned scales."""
        assert grade("anc", 0.7) == 3  # HL7 CTC-AE example: ANC 0.70 = grade 3 (S53)
        assert grade("wbc", 2.0) == 2  # HL7 CTC-AE example: WBC 2.0 = grade 2 (S53)
        assert grade("hemoglobin", 9.0) == 2  # HL7 CTC-AE example: Hb 9.0 = grade 2 (S53)


class TestCFindings:
    """WHO C-finding cytopenia: ANC < 1, Hb < 10 g/dL, platelets < 100 x10^9/L (2.2.4)."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "crossed"),
        [
            pytest.param("anc", 0.99, "10*9/L", True, id="2.2.4-anc-0.99"),
            pytest.param("anc", 1000, "/uL", False, id="2.2.4-anc-1000/uL-at"),
            pytest.param("anc", 1.01, "K/uL", False, id="2.2.4-anc-1.01"),
            pytest.param("platelets", 99000, "/uL", True, id="2.2.4-plt-99000/uL"),
            pytest.param("platelets", 100, "K/uL", False, id="2.2.4-plt-100-at"),
            pytest.param("platelets", 101, "10*9/L", False, id="2.2.4-plt-101"),
            pytest.param("hemoglobin", 99, "g/L", True, id="2.2.4-hb-99g/L"),
            pytest.param("hemoglobin", 10.0, "g/dL", False, id="2.2.4-hb-10-at"),
            pytest.param("hemoglobin", 10.1, "g/dL", False, id="2.2.4-hb-10.1"),
        ],
    )
    def test_threshold(self, analyte: str, value: float, unit: str, crossed: bool) -> None:
        """A count crosses the WHO threshold only strictly below it."""
        p = patient(labs=[lab(analyte, value, unit)])
        found = c_findings([latest_count(p, analyte, AT)])
        assert bool(found) is crossed
        if crossed:
            assert found[0][0] in C_FINDING_CYTOPENIA

    def test_missing_counts_cross_nothing(self) -> None:
        """No count is not a C-finding (and not a normal count either: rules ask for one)."""
        assert c_findings([None, None]) == ()
