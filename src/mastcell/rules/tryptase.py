"""Serum tryptase around flares (section 2.6): acute sample, baseline, the 20 % + 2 rule, timing.

Tryptase roles come from :func:`mastcell.tryptase.infer_role` (the input's role when given,
else inferred from the flares), so every rule here reads the same roles; each finding states
how the role was read.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.monitoring_facts`), text in :mod:`mastcell.text.tryptase`. The baseline's
work-up (SM, HaT) and the other monitoring rules are still in :mod:`mastcell.rules.monitoring`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts, Recorded
from mastcell.knowledge.sources import cite
from mastcell.knowledge.tryptase import ACUTE_RULE, BASELINE_SOURCES
from mastcell.model import Analyte, Finding, Indicator, TryptaseRole
from mastcell.rules.declare import decides
from mastcell.rules.monitoring_facts import (
    FLARES,
    TRYPTASE,
    flare_finding,
    nearest_baseline,
    of_role,
    roles,
    tryptase_finding,
)
from mastcell.rules.registry import Context
from mastcell.tryptase import SampleTiming, tryptase_threshold

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_TRYPTASE_SOURCES = cite(*ACUTE_RULE.sources)
_ACUTE_SAMPLE_SOURCES = ("S22", "S24", "S25", "SEED-B")
_TIMING_SOURCES = ("S22", "S24", "S25")
#: What the baseline advice cites: where to draw it, the acute rule it anchors, the SM minor
#: criterion and HaT.
_BASELINE_CITED = tuple(dict.fromkeys(cite(*BASELINE_SOURCES, *_TRYPTASE_SOURCES, "S27", "S26")))


@decides(
    "monitoring.tryptase.acute_sample",
    sources=_ACUTE_SAMPLE_SOURCES,
    reads=((FLARES,), (TRYPTASE,)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.FLARE,),
)
def tryptase_acute_sample(f: Facts, context: Context) -> Sequence[Decision]:
    """Draw an acute tryptase in the window after a flare's onset.

    Fires for the most recent flare (within the options' ``recent_flare``) when no tryptase
    was drawn in the reliable window after its onset: "draw now" (warning) while the window is
    open, otherwise "at the next flare" (info).
    """
    options = context.options.monitoring
    recent = [x for x in FLARES.of(f) if x.onset <= context.at <= x.onset + options.recent_flare]
    if not recent:
        return upto(0)
    flare = max(recent, key=lambda x: x.onset)
    window = options.acute_sample_window
    acute = of_role(roles(f, window), TryptaseRole.ACUTE)
    for_flare = [(lab, r) for lab, r in acute if r.flare is flare]
    if any(r.timing is not None and r.timing.reliable for _, r in for_flare):
        return ()
    findings = [flare_finding(f, flare, context.at)]
    findings += [
        tryptase_finding(f, lab, r, text="outside the reliable window") for lab, r in for_flare
    ]
    is_open = context.at - flare.onset <= window.reliable_until
    return (
        Decision(
            code="monitoring.tryptase.acute_sample",
            indicator=Indicator.WARNING if is_open else Indicator.INFO,
            action=Action.INFORM,
            findings=tuple(findings),
            sources=_ACUTE_SAMPLE_SOURCES,
            variant="" if is_open else "next_flare",
            params={
                "onset": flare.onset,
                "at": context.at,
                "window": window,
                "missed": bool(for_flare),
            },
        ),
    )


@decides(
    "monitoring.tryptase.baseline",
    sources=_BASELINE_CITED,
    reads=(FLARES, TRYPTASE),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE, MAST_CELL_DISORDER),
)
def tryptase_baseline(f: Facts, context: Context) -> Sequence[Decision]:
    """Obtain a baseline serum tryptase.

    Fires when no baseline tryptase (given, or inferred from the flares) is on record at the
    evaluation moment for a patient with a mast cell disorder, a flare, or an acute tryptase
    waiting for its baseline.
    """
    found = roles(f, context.options.monitoring.acute_sample_window)
    if of_role(found, TryptaseRole.BASELINE):
        return ()
    acute = of_role(found, TryptaseRole.ACUTE)
    flares = FLARES.of(f)
    if not (MAST_CELL_DISORDER in f.families or flares or acute):
        return ()
    findings = [
        tryptase_finding(f, lab, r, text="acute, no baseline to compare") for lab, r in acute
    ]
    if not findings:
        findings.append(Finding(input="labs", text="no baseline serum tryptase on record"))
    past = [x for x in flares if x.onset <= context.at]
    return (
        Decision(
            code="monitoring.tryptase.baseline",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=tuple(findings),
            sources=_BASELINE_CITED,
            params={
                "latest_flare": max(past, key=lambda x: x.onset) if past else None,
                "pending": bool(acute),
            },
        ),
    )


@decides(
    "monitoring.tryptase.criterion_met",
    "monitoring.tryptase.criterion_not_met",
    sources=_TRYPTASE_SOURCES,
    reads=(FLARES, TRYPTASE),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_criterion(f: Facts, context: Context) -> Sequence[Decision]:
    """Read the latest acute tryptase against its baseline by the 20 % + 2 rule.

    Fires when an acute tryptase (given or inferred) and a baseline are on record: met when
    acute > 1.2 x baseline + 2 ng/mL (strictly), not met otherwise. The baseline is the one
    closest in time to the acute sample; a sample outside the reliable window is said so.
    """
    window = context.options.monitoring.acute_sample_window
    found = roles(f, window)
    acute = of_role(found, TryptaseRole.ACUTE)
    if not acute:
        return ()
    acute_lab, acute_read = acute[-1]
    paired = nearest_baseline(found, acute_lab.time)
    if paired is None:
        return ()
    base_lab, base_read = paired
    threshold = tryptase_threshold(base_lab.canonical)
    met = acute_lab.canonical > threshold
    timing = acute_read.timing
    findings = (
        tryptase_finding(
            f,
            acute_lab,
            acute_read,
            threshold=threshold,
            comparison=">" if met else "<=",
            text="acute",
        ),
        tryptase_finding(f, base_lab, base_read, text="baseline"),
    )
    return (
        Decision(
            code=f"monitoring.tryptase.criterion_{'met' if met else 'not_met'}",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=findings,
            sources=_TRYPTASE_SOURCES,
            params={
                "acute": acute_lab.canonical,
                "baseline": base_lab.canonical,
                "threshold": threshold,
                "unreliable": timing if timing is not None and not timing.reliable else None,
                "window": window,
            },
        ),
    )


@decides(
    "monitoring.tryptase.sample_timing",
    sources=_TIMING_SOURCES,
    reads=(FLARES, TRYPTASE),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_sample_timing(f: Facts, context: Context) -> Sequence[Decision]:
    """Flag an acute tryptase drawn outside the reliable window after the flare's onset.

    Fires for the latest acute tryptase when it was drawn less than 15 min or more than 4 h
    after the onset of its flare; when a sample is marked acute but no flare is on record,
    asks for the flare's onset instead.
    """
    window = context.options.monitoring.acute_sample_window
    acute = of_role(roles(f, window), TryptaseRole.ACUTE)
    if not acute:
        return ()
    lab, read = acute[-1]
    flare = read.flare
    if flare is None:
        return (
            Decision(
                code="monitoring.tryptase.sample_timing",
                indicator=Indicator.INFO,
                action=Action.INFORM,
                findings=(tryptase_finding(f, lab, read, text="acute, no flare on record"),),
                sources=_TIMING_SOURCES,
                variant="no_flare",
                params={"window": window},
            ),
        )
    timing = read.timing
    if timing is None or timing.reliable:
        return ()
    elapsed = lab.time - flare.onset
    late = timing is SampleTiming.TOO_LATE
    bound = window.reliable_until if late else window.reliable_from
    findings = (
        tryptase_finding(f, lab, read, text="acute"),
        Finding(
            input=f.path_of(lab),
            text="minutes from flare onset to sample",
            value=round(elapsed.total_seconds() / 60, 1),
            unit="min",
            threshold=bound.total_seconds() / 60,
            comparison=">" if late else "<",
            note=f"flare onset {flare.onset.isoformat()}",
        ),
    )
    return (
        Decision(
            code="monitoring.tryptase.sample_timing",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=findings,
            sources=_TIMING_SOURCES,
            params={"elapsed": elapsed, "onset": flare.onset, "late": late, "window": window},
        ),
    )
