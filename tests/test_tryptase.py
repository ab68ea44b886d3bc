"""The public tryptase functions: 20 % + 2 rule, timing, HαT adjustment, role inference."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Flare, InputError, TryptaseRole, UnitError
from mastcell.knowledge.tryptase import TPSAB1_UPPER_LIMITS
from mastcell.testing import AT, lab
from mastcell.tryptase import (
    SampleTiming,
    acute_criterion_met,
    hat_adjusted_baseline,
    infer_role,
    sample_timing,
    tpsab1_upper_limit,
    tryptase_threshold,
)
from mastcell.units import registry

Q_ = registry().Quantity
ONSET = AT - timedelta(days=2)
BASELINES = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)


class TestThreshold:
    """The acute threshold is 1.2 × baseline + 2 ng/mL, in any mass-concentration unit."""

    @pytest.mark.parametrize(
        ("baseline", "expected"),
        [
            (5.0, 8.0),  # 2.6.1 worked example
            (3.0, 5.6),  # 2.6.1 worked example
            (20.0, 26.0),  # 2.6.1 worked example
            (0.0, 2.0),  # the "+2" alone
        ],
    )
    def test_worked_examples(self, baseline: float, expected: float) -> None:
        """The fact sheet's worked examples hold exactly (no float noise)."""
        assert tryptase_threshold(baseline) == expected

    @pytest.mark.parametrize("unit", ["ng/mL", "ug/L", "µg/L"])
    def test_quantity_in_quantity_out(self, unit: str) -> None:
        """A quantity of 5 in ng/mL or µg/L gives a threshold of 8 ng/mL (4.1: 1 ng/mL = 1 µg/L)."""
        result = tryptase_threshold(Q_(5.0, unit))
        assert result.to("ng/mL").magnitude == pytest.approx(8.0)

    def test_pg_per_ml(self) -> None:
        """5000 pg/mL is 5 ng/mL: the "+2" is added after conversion, not in pg/mL (4.1)."""
        assert tryptase_threshold(Q_(5000, "pg/mL")).to("ng/mL").magnitude == pytest.approx(8.0)

    def test_wrong_dimension(self) -> None:
        """A tryptase in mg is refused with a unit error naming the field."""
        with pytest.raises(UnitError):
            tryptase_threshold(Q_(5.0, "mg"))

    @pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
    def test_invalid_baseline(self, bad: float) -> None:
        """Negative or non-finite baselines are input errors, not thresholds."""
        with pytest.raises(InputError):
            tryptase_threshold(bad)

    @given(BASELINES, BASELINES)
    def test_monotonic(self, a: float, b: float) -> None:
        """A higher baseline never gives a lower threshold."""
        low, high = sorted((a, b))
        assert tryptase_threshold(low) <= tryptase_threshold(high)

    @given(BASELINES)
    def test_unit_invariant(self, baseline: float) -> None:
        """The same baseline in ng/mL, µg/L or pg/mL gives the same threshold."""
        plain = tryptase_threshold(baseline)
        assert tryptase_threshold(Q_(baseline, "ug/L")).magnitude == pytest.approx(plain)
        assert tryptase_threshold(Q_(baseline * 1000, "pg/mL")).magnitude == pytest.approx(
            plain, abs=1e-3
        )


class TestCriterion:
    """The criterion is met only strictly above the threshold (2.6.1)."""

    @pytest.mark.parametrize(
        ("acute", "acute_unit", "baseline", "baseline_unit", "met"),
        [
            (8.5, "ng/mL", 5.0, "ng/mL", True),  # 2.6.1: 8.5 > 8.0
            (8.0, "ng/mL", 5.0, "ng/mL", False),  # 2.6.1: at threshold, not met
            (7.9, "ng/mL", 5.0, "ng/mL", False),  # below
            (8.0001, "ug/L", 5.0, "ng/mL", True),  # just above, mixed units
            (8.0, "ug/L", 5.0, "ug/L", False),  # at, in µg/L
            (6.0, "ug/L", 3.0, "ng/mL", True),  # 2.6.1: 6.0 > 5.6, inside lab reference range
            (5.6, "ng/mL", 3.0, "ug/L", False),  # at 5.6
            (26.0, "ng/mL", 20.0, "ng/mL", False),  # 2.6.1: threshold 26.0
            (26.1, "ug/L", 20.0, "ng/mL", True),
        ],
    )
    def test_table(
        self, acute: float, acute_unit: str, baseline: float, baseline_unit: str, met: bool
    ) -> None:
        """At, just below and just above the threshold, in ng/mL and µg/L."""
        assert acute_criterion_met(Q_(acute, acute_unit), Q_(baseline, baseline_unit)) is met

    def test_floats(self) -> None:
        """Plain floats are read as ng/mL."""
        assert acute_criterion_met(8.5, 5.0)
        assert not acute_criterion_met(8.0, 5.0)

    @given(BASELINES, st.floats(min_value=0.0001, max_value=10))
    def test_above_threshold_always_met(self, baseline: float, margin: float) -> None:
        """Any acute value a margin above the threshold meets the criterion; the threshold does not."""
        threshold = tryptase_threshold(baseline)
        assert acute_criterion_met(threshold + margin, baseline)
        assert not acute_criterion_met(threshold, baseline)


class TestSampleTiming:
    """Acute samples are ideal at 30 min-2 h, acceptable 15 min-4 h (2.6.1; S22, S24, S25)."""

    @pytest.mark.parametrize(
        ("minutes", "expected"),
        [
            (-1, SampleTiming.BEFORE_ONSET),
            (0, SampleTiming.TOO_EARLY),
            (14.99, SampleTiming.TOO_EARLY),  # 2.6.1: 0-15 min low reliability
            (15, SampleTiming.ACCEPTABLE),
            (29.99, SampleTiming.ACCEPTABLE),
            (30, SampleTiming.IDEAL),  # peak 30-90 min (S25 USZ)
            (120, SampleTiming.IDEAL),  # ideally 1-2 h (S25 RCEM)
            (120.01, SampleTiming.ACCEPTABLE),
            (240, SampleTiming.ACCEPTABLE),  # no later than 4 h (S22, S24, S25)
            (240.01, SampleTiming.TOO_LATE),
        ],
    )
    def test_boundaries(self, minutes: float, expected: SampleTiming) -> None:
        """Each window bound is inclusive on the reliable side."""
        assert sample_timing(ONSET + timedelta(minutes=minutes), ONSET) is expected


class TestHat:
    """HαT adjustment divides the baseline by (1 + extra TPSAB1 copies) (2.6.2; S11, S26)."""

    @pytest.mark.parametrize(
        ("baseline", "copies", "expected"),
        [(30.0, 2, 10.0), (14.2, 0, 14.2), (40.0, 1, 20.0), (41.0, 1, 20.5)],
    )
    def test_adjusted(self, baseline: float, copies: int, expected: float) -> None:
        """2.6.2's example (30 ng/mL, 2 extra copies → 10) and neighbours."""
        assert hat_adjusted_baseline(baseline, copies) == expected

    def test_quantity(self) -> None:
        """A quantity in µg/L is adjusted in ng/mL."""
        assert hat_adjusted_baseline(Q_(30.0, "ug/L"), 2).to("ng/mL").magnitude == pytest.approx(10)

    @pytest.mark.parametrize("copies", [-1, True, 1.5])
    def test_bad_copies(self, copies: object) -> None:
        """Copy numbers must be whole numbers >= 0."""
        with pytest.raises(InputError):
            hat_adjusted_baseline(30.0, copies)  # type: ignore[call-overload]

    @pytest.mark.parametrize(("copies", "limit"), sorted(TPSAB1_UPPER_LIMITS.items()))
    def test_table_matches_formula(self, copies: int, limit: float) -> None:
        """S26's Table 1 upper limits equal 20 × (1 + copies), the inverse of the adjustment."""
        assert tpsab1_upper_limit(copies) == limit == 20.0 * (1 + copies)
        assert hat_adjusted_baseline(limit, copies) == 20.0

    def test_untabulated_copy_number(self) -> None:
        """Copy numbers absent from the table follow the same formula."""
        assert tpsab1_upper_limit(5) == 120.0


class TestInferRole:
    """A tryptase without a role is read as acute or baseline from the flares around it."""

    def test_given_role_kept(self) -> None:
        """A stated role is never overridden, even inside a flare window."""
        sample = lab("tryptase", 9, "ng/mL", ONSET + timedelta(hours=1), role="baseline")
        result = infer_role(sample, [Flare(onset=ONSET)])
        assert result.role is TryptaseRole.BASELINE
        assert not result.inferred

    def test_given_acute_gets_timing(self) -> None:
        """A stated acute sample is placed against the latest flare before it."""
        sample = lab("tryptase", 9, "ng/mL", ONSET + timedelta(hours=5), role="acute")
        result = infer_role(sample, [Flare(onset=ONSET)])
        assert result.timing is SampleTiming.TOO_LATE
        assert result.flare is not None

    @pytest.mark.parametrize(
        ("offset", "resolved_after", "role", "ambiguous"),
        [
            (timedelta(hours=1), timedelta(hours=6), TryptaseRole.ACUTE, False),
            (timedelta(minutes=5), timedelta(hours=6), TryptaseRole.ACUTE, False),
            # late: past 4 h but within 24 h of resolution -> late acute, flagged
            (timedelta(hours=10), timedelta(hours=6), TryptaseRole.ACUTE, True),
            # 2.6.1: > 24 h after resolution -> baseline
            (timedelta(hours=30, minutes=1), timedelta(hours=6), TryptaseRole.BASELINE, False),
            (timedelta(hours=30), timedelta(hours=6), TryptaseRole.ACUTE, True),
            (-timedelta(hours=1), timedelta(hours=6), TryptaseRole.BASELINE, False),
            # no resolution recorded: 48 h after onset (S25 upper end), flagged
            (timedelta(hours=49), None, TryptaseRole.BASELINE, True),
            (timedelta(hours=47), None, TryptaseRole.ACUTE, True),
        ],
    )
    def test_inferred(
        self,
        offset: timedelta,
        resolved_after: timedelta | None,
        role: TryptaseRole,
        ambiguous: bool,
    ) -> None:
        """Inference around one flare, with ambiguous reads flagged."""
        resolved = None if resolved_after is None else ONSET + resolved_after
        sample = lab("tryptase", 9, "ng/mL", ONSET + offset)
        result = infer_role(sample, [Flare(onset=ONSET, resolved=resolved)])
        assert (result.role, result.ambiguous, result.inferred) == (role, ambiguous, True)

    def test_no_flares_is_ambiguous_baseline(self) -> None:
        """With no flare on record a sample is read as baseline, and flagged."""
        result = infer_role(lab("tryptase", 9, "ng/mL"), [])
        assert result.role is TryptaseRole.BASELINE
        assert result.ambiguous

    def test_latest_flare_wins(self) -> None:
        """The flare whose onset most recently precedes the sample is the one used."""
        first = Flare(onset=ONSET - timedelta(days=10), resolved=ONSET - timedelta(days=9))
        second = Flare(onset=ONSET)
        result = infer_role(
            lab("tryptase", 9, "ng/mL", ONSET + timedelta(hours=1)), [second, first]
        )
        assert result.flare is second

    def test_not_tryptase(self) -> None:
        """Only a tryptase has a role."""
        with pytest.raises(InputError):
            infer_role(lab("anc", 1.0, "10*9/L"), [])
