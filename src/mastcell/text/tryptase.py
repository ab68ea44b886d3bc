"""The words of the tryptase decisions (:mod:`mastcell.rules.tryptase`).

>>> from mastcell.knowledge.options import Options
>>> from mastcell.text import template_of
>>> window = Options().monitoring.acute_sample_window
>>> template_of("monitoring.tryptase.sample_timing", "no_flare")(window=window)[0]
'Record the onset of the flare the acute tryptase was drawn for'
"""

from __future__ import annotations

from datetime import datetime, timedelta

from mastcell.knowledge.tryptase import (
    ACUTE_RULE,
    BASELINE_AFTER_RESOLUTION,
    HAT_TESTING_THRESHOLD,
    SamplingWindow,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import Flare
from mastcell.text import Text, shorten, template
from mastcell.tryptase import SampleTiming

__all__: list[str] = []

_FORMULA = f"acute > {ACUTE_RULE.factor:g} x baseline + {ACUTE_RULE.addend_ng_ml:g} ng/mL, strictly"
#: The wait for a baseline after a flare resolves, in whole hours ("24 h").
_BASELINE_WAIT = f"{BASELINE_AFTER_RESOLUTION.total_seconds() / 3600:g} h"


def _hours(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    return f"{minutes:.0f} min" if minutes < 60 else f"{minutes / 60:.1f} h"


def _window_text(window: SamplingWindow) -> str:
    return (
        f"{_hours(window.ideal_from)}-{_hours(window.ideal_until)} after onset (reliable from "
        f"{_hours(window.reliable_from)} to {_hours(window.reliable_until)})"
    )


def _acute_common(window: SamplingWindow) -> str:
    return (
        f"An acute serum tryptase is compared with the baseline by the 20 % + 2 rule "
        f"({_FORMULA}); sample {_window_text(window)} (S22, S24, S25; "
        "tryptase peaks about 30-90 min after onset and has a half-life of about 2 h). "
        "SEED-B's narrower 30-120 min is the ideal part of this window (CONFLICT, "
        "oversimplified). Pair it with a baseline drawn before the event or more than "
        f"{_BASELINE_WAIT} after all symptoms resolve (S24)."
    )


@template("monitoring.tryptase.acute_sample")
def acute_sample_now(
    *, onset: datetime, at: datetime, window: SamplingWindow, missed: bool
) -> Text:
    """The acute window is open: draw now (or from the window's start)."""
    elapsed = at - onset
    start = onset + window.ideal_from
    when = "now" if at >= start else f"from {start.isoformat()}"
    return (
        f"Draw a serum tryptase {when}: the flare began {_hours(elapsed)} ago "
        f"(reliable up to {_hours(window.reliable_until)})",
        f"The flare that began at {onset.isoformat()} is inside the acute "
        f"sampling window, which closes at "
        f"{(onset + window.reliable_until).isoformat()}. " + _acute_common(window),
    )


@template("monitoring.tryptase.acute_sample", "next_flare")
def acute_sample_next_flare(
    *, onset: datetime, at: datetime, window: SamplingWindow, missed: bool
) -> Text:
    """The acute window has passed: draw one at the next flare."""
    what = "an acute tryptase outside the reliable window" if missed else "no tryptase"
    return (
        f"At the next flare draw a serum tryptase {_hours(window.ideal_from)}-"
        f"{_hours(window.ideal_until)} after onset (no later than "
        f"{_hours(window.reliable_until)})",
        f"The flare that began at {onset.isoformat()} has {what} drawn within "
        f"{_hours(window.reliable_until)} of onset, and that window has passed. "
        + _acute_common(window),
    )


def _baseline_window_text(flare: Flare | None) -> str:
    """When a baseline may be drawn, given the latest flare."""
    if flare is None:
        return "now (no flare on record), or before the next event"
    if flare.resolved is None:
        return (
            f"more than {_hours(BASELINE_AFTER_RESOLUTION)} after the flare of "
            f"{flare.onset.isoformat()} has resolved (its resolution is not recorded)"
        )
    earliest = flare.resolved + BASELINE_AFTER_RESOLUTION
    return f"from {earliest.isoformat()} ({_hours(BASELINE_AFTER_RESOLUTION)} after resolution)"


@template("monitoring.tryptase.baseline")
def baseline(*, latest_flare: Flare | None, pending: bool) -> Text:
    """No baseline on record: when to draw one, and what it anchors."""
    waiting = (
        " Without it the acute value on record cannot be read against the 20 % + 2 rule."
        if pending
        else ""
    )
    return (
        f"Obtain a baseline serum tryptase (before an event or > {_BASELINE_WAIT} after "
        "symptoms resolve)",
        f"A baseline serum tryptase anchors the acute criterion ({_FORMULA}), screens for "
        f"a raised baseline (> {SM_MINOR_TRYPTASE.value:g} ng/mL, an SM minor criterion) "
        f"and for hereditary alpha-tryptasemia (>= {HAT_TESTING_THRESHOLD:g} ng/mL). Draw "
        f"it before an event or more than {_hours(BASELINE_AFTER_RESOLUTION)} after all "
        "symptoms resolve (S24; USZ 24-48 h, S25): here "
        f"{_baseline_window_text(latest_flare)}." + waiting,
    )


def _arithmetic(acute: float, baseline: float, threshold: float) -> str:
    factor, addend = ACUTE_RULE.factor, ACUTE_RULE.addend_ng_ml
    return (
        f"acute {acute:g} ng/mL vs threshold {factor:g} x {baseline:g} + {addend:g} = "
        f"{threshold:g} ng/mL"
    )


def _timing_text(unreliable: SampleTiming | None, window: SamplingWindow) -> str:
    if unreliable is None:
        return ""
    return (
        f" The acute sample was drawn {unreliable.value.replace('_', ' ')} relative to the "
        f"flare's onset (reliable {_hours(window.reliable_from)}-"
        f"{_hours(window.reliable_until)})"
    )


@template("monitoring.tryptase.criterion_met")
def criterion_met(
    *,
    acute: float,
    baseline: float,
    threshold: float,
    unreliable: SampleTiming | None,
    window: SamplingWindow,
) -> Text:
    """The acute tryptase exceeds 120 % of baseline + 2 ng/mL."""
    arithmetic = _arithmetic(acute, baseline, threshold)
    timing = _timing_text(unreliable, window)
    return (
        shorten(f"Acute tryptase meets the 20 % + 2 criterion ({arithmetic})"),
        f"The acute serum tryptase exceeds 120 % of baseline + 2 ng/mL ({arithmetic}): "
        "evidence of systemic mast cell activation, one of the three consensus MCAS "
        "criteria; the others are typical severe recurrent symptoms in two or more "
        "organ systems and a response to anti-mediator therapy (S23, S22). The rule "
        "holds with a high baseline (HaT, myeloid neoplasm), but a rise without symptoms "
        "(e.g. disease progression) does not count toward MCAS (S21)."
        + (timing + "; a rise is still a rise." if timing else ""),
    )


@template("monitoring.tryptase.criterion_not_met")
def criterion_not_met(
    *,
    acute: float,
    baseline: float,
    threshold: float,
    unreliable: SampleTiming | None,
    window: SamplingWindow,
) -> Text:
    """The acute tryptase is not above 120 % of baseline + 2 ng/mL."""
    arithmetic = _arithmetic(acute, baseline, threshold)
    timing = _timing_text(unreliable, window)
    caveat = (
        timing + ": a result below the threshold does not exclude mast cell activation; "
        "repeat within the window at the next flare."
        if timing
        else ""
    )
    return (
        shorten(f"Acute tryptase does not meet the 20 % + 2 criterion ({arithmetic})"),
        f"The acute serum tryptase is not above 120 % of baseline + 2 ng/mL ({arithmetic}; "
        "the rule is strictly greater, S20-S25). This sample does not document systemic "
        "mast cell activation; urinary mediators may substitute when tryptase is "
        "unavailable or unclear (S23)." + caveat,
    )


@template("monitoring.tryptase.sample_timing", "no_flare")
def sample_timing_no_flare(*, window: SamplingWindow) -> Text:
    """An acute tryptase without a flare on record: its timing cannot be checked."""
    return (
        "Record the onset of the flare the acute tryptase was drawn for",
        "The tryptase is marked acute, but no flare before it is on record, so its "
        f"timing cannot be checked against the window ({_window_text(window)}; S22, "
        "S24, S25). A sample drawn too early or too late under-reads the rise.",
    )


@template("monitoring.tryptase.sample_timing")
def sample_timing(
    *, elapsed: timedelta, onset: datetime, late: bool, window: SamplingWindow
) -> Text:
    """An acute tryptase drawn too early or too late after its flare's onset."""
    why = "the rise may have washed out" if late else "the rise may not have begun"
    return (
        f"Acute tryptase drawn {_hours(elapsed)} after flare onset: outside the reliable "
        f"window ({_hours(window.reliable_from)}-{_hours(window.reliable_until)})",
        f"The sample was drawn {_hours(elapsed)} after the onset at "
        f"{onset.isoformat()}, so {why} (tryptase peaks about 30-90 min after "
        "onset, half-life about 2 h). Read a value below the 20 % + 2 threshold as "
        f"inconclusive; at the next flare sample {_window_text(window)} (S22, S24, S25).",
    )
