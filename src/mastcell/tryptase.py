"""Serum tryptase arithmetic: the 20 % + 2 rule, sample timing, HαT adjustment, role inference.

Public and unit-aware. Each function takes a plain number in ng/mL (= µg/L) or a pint
quantity of any mass-concentration unit (build one with ``mastcell.units.registry()``); a
quantity in gives a quantity in ng/mL back, a float gives a float. Values are rounded to the
reporting precision of tryptase (4 decimals) so that 20 µg/L and 20 ng/mL are the same number
and thresholds do not flip on float noise.

>>> tryptase_threshold(5.0)
8.0
>>> acute_criterion_met(8.5, 5.0), acute_criterion_met(8.0, 5.0)
(True, False)
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, overload

import attrs

from mastcell import units
from mastcell.exceptions import InputError
from mastcell.knowledge.tryptase import (
    ACUTE_RULE,
    ACUTE_SAMPLE_WINDOW,
    BASELINE_AFTER_RESOLUTION,
    BASELINE_AFTER_UNRESOLVED_ONSET,
    ECNM_AIM_UPPER_LIMIT,
    TPSAB1_REFERENCE_LIMITS,
    TPSAB1_UPPER_LIMITS,
    SamplingWindow,
    TryptaseReference,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import Analyte, Flare, LabResult, TryptaseRole

if TYPE_CHECKING:
    import pint

__all__ = [
    "RoleInference",
    "SampleTiming",
    "acute_criterion_met",
    "hat_adjusted_baseline",
    "infer_role",
    "reference_limit",
    "sample_timing",
    "tpsab1_reference_limit",
    "tpsab1_upper_limit",
    "tryptase_threshold",
]

_UNIT = units.MASS_CONCENTRATION


def _ng_ml(value: float | pint.Quantity[float], field: str) -> float:
    """``value`` in ng/mL, rounded to tryptase precision; rejects negatives and non-finite."""
    if isinstance(value, bool):
        raise InputError.for_field(field, f"expected a tryptase value, got {value!r}")
    if isinstance(value, int | float):
        number = float(value)
    else:
        spelling = format(value.units, "~")
        number = units.to_canonical(
            float(value.magnitude), spelling, _UNIT, subject=f"tryptase {field}"
        )
    if not math.isfinite(number) or number < 0:
        raise InputError.for_field(field, f"expected a finite tryptase >= 0, got {value!r}")
    return round(number, _UNIT.decimals)


def _like(result: float, template: float | pint.Quantity[float]) -> float | pint.Quantity[float]:
    if isinstance(template, int | float):
        return result
    return units.quantity(result, _UNIT)


@overload
def tryptase_threshold(baseline: float) -> float: ...
@overload
def tryptase_threshold(baseline: pint.Quantity[float]) -> pint.Quantity[float]: ...
def tryptase_threshold(baseline: float | pint.Quantity[float]) -> float | pint.Quantity[float]:
    """The acute tryptase a mast cell activation event must exceed: 1.2 × baseline + 2 ng/mL.

    The "+2" is 2 ng/mL (= 2 µg/L), so a quantity is converted before the rule is applied
    [S20-S25; fact sheet 2.6.1].

    Args:
        baseline: baseline serum tryptase, in ng/mL or as a pint quantity.

    Returns:
        The threshold, in ng/mL (a quantity when a quantity was given).

    Raises:
        InputError: a negative or non-finite baseline.
        UnitError: a quantity whose unit is not a mass concentration.

    >>> tryptase_threshold(3.0), tryptase_threshold(20.0)
    (5.6, 26.0)
    >>> from mastcell.units import registry
    >>> tryptase_threshold(registry().Quantity(5.0, "ug/L"))
    <Quantity(8.0, 'nanogram / milliliter')>
    """
    ng = _ng_ml(baseline, "baseline")
    threshold = round(ACUTE_RULE.factor * ng + ACUTE_RULE.addend_ng_ml, _UNIT.decimals)
    return _like(threshold, baseline)


def acute_criterion_met(
    acute: float | pint.Quantity[float], baseline: float | pint.Quantity[float]
) -> bool:
    """Whether an acute tryptase meets the 20 % + 2 criterion (strictly greater) [S20-S25].

    Either value may be a number in ng/mL or a pint quantity; units may differ.

    >>> acute_criterion_met(8.5, 5.0), acute_criterion_met(8.0, 5.0)
    (True, False)
    >>> from mastcell.units import registry
    >>> Q_ = registry().Quantity
    >>> acute_criterion_met(Q_(6.0, "ug/L"), Q_(3.0, "ng/mL"))
    True
    """
    return _ng_ml(acute, "acute") > tryptase_threshold(_ng_ml(baseline, "baseline"))


@overload
def hat_adjusted_baseline(baseline: float, extra_copies: int) -> float: ...
@overload
def hat_adjusted_baseline(
    baseline: pint.Quantity[float], extra_copies: int
) -> pint.Quantity[float]: ...
def hat_adjusted_baseline(
    baseline: float | pint.Quantity[float], extra_copies: int
) -> float | pint.Quantity[float]:
    """A baseline tryptase adjusted for hereditary α-tryptasemia: BST ÷ (1 + extra copies).

    The WHO 2022 SM minor criterion (> 20 ng/mL) is read on the adjusted value [S11, S26].

    Args:
        baseline: baseline serum tryptase (ng/mL or a quantity).
        extra_copies: number of extra α-tryptase-encoding TPSAB1 copies (0 = none).

    Raises:
        InputError: a negative copy number or an invalid baseline.

    >>> hat_adjusted_baseline(30.0, 2)
    10.0
    >>> hat_adjusted_baseline(14.2, 0)
    14.2
    """
    if isinstance(extra_copies, bool) or not isinstance(extra_copies, int) or extra_copies < 0:
        raise InputError.for_field(
            "extra_copies", f"expected a whole number >= 0, got {extra_copies!r}"
        )
    adjusted = round(_ng_ml(baseline, "baseline") / (1 + extra_copies), _UNIT.decimals)
    return _like(adjusted, baseline)


def tpsab1_upper_limit(extra_copies: int) -> float:
    """The baseline tryptase (ng/mL) above which a genotype meets the SM minor criterion [S11].

    20 ng/mL × (1 + extra copies): the inverse of :func:`mastcell.hat_adjusted_baseline`
    (20/40/60/80/100/140/220 for 0/1/2/3/4/6/10 extra copies). Despite the name this is the
    HαT-adjusted criterion threshold, not an upper limit of normal: those are
    :func:`tpsab1_reference_limit` (FX5, MC11).

    >>> tpsab1_upper_limit(0), tpsab1_upper_limit(2), tpsab1_upper_limit(10)
    (20.0, 60.0, 220.0)
    """
    if isinstance(extra_copies, bool) or not isinstance(extra_copies, int) or extra_copies < 0:
        raise InputError.for_field(
            "extra_copies", f"expected a whole number >= 0, got {extra_copies!r}"
        )
    tabulated = TPSAB1_UPPER_LIMITS.get(extra_copies)
    return tabulated if tabulated is not None else SM_MINOR_TRYPTASE.value * (1 + extra_copies)


def tpsab1_reference_limit(extra_copies: int) -> float | None:
    """The upper limit of a normal baseline tryptase (ng/mL) for a TPSAB1 genotype (MC11).

    The 99.5 % prediction interval of S26/S216 (11.4/36.2/62.2/88.8/115.9/171.2/285.1 ng/mL for
    0/1/2/3/4/6/10 extra copies); None for a copy number the table does not give.

    >>> tpsab1_reference_limit(0), tpsab1_reference_limit(2), tpsab1_reference_limit(5)
    (11.4, 62.2, None)
    """
    if isinstance(extra_copies, bool) or not isinstance(extra_copies, int) or extra_copies < 0:
        raise InputError.for_field(
            "extra_copies", f"expected a whole number >= 0, got {extra_copies!r}"
        )
    return TPSAB1_REFERENCE_LIMITS.get(extra_copies)


def reference_limit(
    reference: TryptaseReference, lab: LabResult, extra_copies: int | None
) -> tuple[float | None, str]:
    """The upper limit of a normal baseline for ``lab`` under the chosen reading (FX5).

    Returns the limit in ng/mL (None when it cannot be read: the genotype or the laboratory's
    limit not recorded, or a copy number not tabulated) and a phrase saying which limit it is.

    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 11, 20, tzinfo=timezone.utc)
    >>> bst = LabResult(analyte="tryptase", value=14, unit="ng/mL", time=t, reference_high=11.5)
    >>> reference_limit(TryptaseReference.GENOTYPE, bst, 1)
    (36.2, 'the limit for 1 extra TPSAB1 copies (MC11)')
    >>> reference_limit(TryptaseReference.LABORATORY, bst, None)
    (11.5, "the reporting laboratory's upper limit")
    """
    if reference is TryptaseReference.ECNM_AIM:
        return ECNM_AIM_UPPER_LIMIT, "the ECNM/AIM 2023 upper limit of 15 ng/mL (MC13)"
    if reference is TryptaseReference.LABORATORY:
        return lab.canonical_high, "the reporting laboratory's upper limit"
    if extra_copies is None:
        return None, "the TPSAB1 genotype's limit (genotype not recorded)"
    limit = tpsab1_reference_limit(extra_copies)
    if limit is None:
        return None, f"no limit tabulated for {extra_copies} extra TPSAB1 copies (MC11)"
    return limit, f"the limit for {extra_copies} extra TPSAB1 copies (MC11)"


class SampleTiming(enum.StrEnum):
    """Where an acute tryptase falls relative to the flare's onset (fact sheet 2.6.1).

    >>> SampleTiming.IDEAL.reliable, SampleTiming.TOO_LATE.reliable
    (True, False)
    """

    BEFORE_ONSET = "before_onset"
    TOO_EARLY = "too_early"
    ACCEPTABLE = "acceptable"
    IDEAL = "ideal"
    TOO_LATE = "too_late"

    @property
    def reliable(self) -> bool:
        """Inside the reliable window (ideal or acceptable)."""
        return self in (SampleTiming.IDEAL, SampleTiming.ACCEPTABLE)


def sample_timing(
    sample_time: datetime,
    flare_onset: datetime,
    window: SamplingWindow = ACUTE_SAMPLE_WINDOW,
) -> SampleTiming:
    """Classify an acute sample's timing: ideal 30 min-2 h, acceptable 15 min-4 h [S22, S24, S25].

    Bounds are inclusive: a sample at exactly 4 h is acceptable, one a minute later too late.

    Args:
        sample_time: when the tryptase was drawn (timezone-aware).
        flare_onset: when the flare began (timezone-aware).
        window: the sampling window (default: the fact sheet's).

    >>> from datetime import datetime, timedelta, timezone
    >>> onset = datetime(2026, 11, 19, 22, 0, tzinfo=timezone.utc)
    >>> [sample_timing(onset + timedelta(minutes=m), onset).value for m in (5, 20, 60, 180, 300)]
    ['too_early', 'acceptable', 'ideal', 'acceptable', 'too_late']
    """
    elapsed = sample_time - flare_onset
    if elapsed < timedelta(0):
        return SampleTiming.BEFORE_ONSET
    if elapsed < window.reliable_from:
        return SampleTiming.TOO_EARLY
    if elapsed > window.reliable_until:
        return SampleTiming.TOO_LATE
    if window.ideal_from <= elapsed <= window.ideal_until:
        return SampleTiming.IDEAL
    return SampleTiming.ACCEPTABLE


@attrs.frozen(kw_only=True)
class RoleInference:
    """A tryptase's role (given or inferred), the flare it belongs to, and why.

    ``ambiguous`` marks reads a clinician should check: no flare on record, a flare without a
    recorded resolution, or a sample taken too late to be a reliable acute value yet too soon
    to be a baseline.

    >>> RoleInference(role=TryptaseRole.BASELINE, basis="given").inferred
    False
    """

    role: TryptaseRole
    basis: str
    inferred: bool = False
    ambiguous: bool = False
    flare: Flare | None = None
    timing: SampleTiming | None = None


def _hours(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return f"{hours * 60:.0f} min"
    return f"{hours:.1f} h"


def infer_role(
    lab: LabResult,
    flares: Iterable[Flare],
    *,
    window: SamplingWindow = ACUTE_SAMPLE_WINDOW,
) -> RoleInference:
    """The role of a tryptase: as given, else inferred from the flares around it.

    A sample without a role is acute when drawn after a flare's onset and before the flare
    has been over for 24 h (or, with no recorded resolution, within 48 h of onset); otherwise
    it is a baseline: drawn before any flare, > 24 h after one resolved, or with no flare on
    record [S24, S25]. The flare is the latest one with onset at or before the sample.

    Raises:
        InputError: ``lab`` is not a tryptase.

    >>> from datetime import datetime, timedelta, timezone
    >>> onset = datetime(2026, 11, 19, 22, 0, tzinfo=timezone.utc)
    >>> flare = Flare(onset=onset, resolved=onset + timedelta(hours=6))
    >>> acute = LabResult(analyte="tryptase", value=9, unit="ng/mL", time=onset + timedelta(hours=1))
    >>> r = infer_role(acute, [flare])
    >>> r.role.value, r.timing.value, r.inferred
    ('acute', 'ideal', True)
    >>> later = LabResult(analyte="tryptase", value=5, unit="ng/mL", time=onset + timedelta(days=3))
    >>> infer_role(later, [flare]).role.value
    'baseline'
    """
    if lab.analyte is not Analyte.TRYPTASE:
        raise InputError.for_field("analyte", f"expected a tryptase, got {lab.analyte.value}")
    ordered = sorted(flares, key=lambda f: f.onset)
    before = [f for f in ordered if f.onset <= lab.time]
    flare = before[-1] if before else None

    if lab.role is not None:
        if lab.role is TryptaseRole.ACUTE and flare is not None:
            timing = sample_timing(lab.time, flare.onset, window)
            return RoleInference(
                role=lab.role,
                basis=f"role given; drawn {_hours(lab.time - flare.onset)} after flare onset",
                flare=flare,
                timing=timing,
            )
        return RoleInference(role=lab.role, basis="role given")

    if flare is None:
        after = [f for f in ordered if f.onset > lab.time]
        if after:
            return RoleInference(
                role=TryptaseRole.BASELINE,
                basis=f"drawn before the flare of {after[0].onset.isoformat()}: read as baseline",
                inferred=True,
            )
        return RoleInference(
            role=TryptaseRole.BASELINE,
            basis="no flare on record: read as baseline (check it was not drawn in an episode)",
            inferred=True,
            ambiguous=True,
        )

    elapsed = lab.time - flare.onset
    if flare.resolved is not None:
        association_end = flare.resolved + BASELINE_AFTER_RESOLUTION
        after_text = (
            f"more than {_hours(BASELINE_AFTER_RESOLUTION)} after the flare of "
            f"{flare.onset.isoformat()} resolved"
        )
    else:
        association_end = flare.onset + BASELINE_AFTER_UNRESOLVED_ONSET
        after_text = (
            f"more than {_hours(BASELINE_AFTER_UNRESOLVED_ONSET)} after the onset of the flare of "
            f"{flare.onset.isoformat()} (resolution not recorded)"
        )
    if lab.time > association_end:
        return RoleInference(
            role=TryptaseRole.BASELINE,
            basis=f"drawn {after_text}: read as baseline",
            inferred=True,
            ambiguous=flare.resolved is None,
        )
    timing = sample_timing(lab.time, flare.onset, window)
    if timing.reliable or timing is SampleTiming.TOO_EARLY:
        basis = f"drawn {_hours(elapsed)} after flare onset: read as acute"
        ambiguous = False
    else:
        basis = (
            f"drawn {_hours(elapsed)} after flare onset, past the reliable window but too soon "
            "after the flare to be a baseline: read as a late acute sample"
        )
        ambiguous = True
    return RoleInference(
        role=TryptaseRole.ACUTE,
        basis=basis,
        inferred=True,
        ambiguous=ambiguous,
        flare=flare,
        timing=timing,
    )
