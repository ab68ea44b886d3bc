"""The oracle's monitoring rules: :mod:`mastcell.rules.monitoring` as it was before conversion.

Its converted part: the acute, baseline, criterion and timing rules, now in
:mod:`mastcell.rules.tryptase` (they run here under those names). The rules after them in
the old module (baseline_elevated, hat_consider, reassess, labs_conflicting) are not yet
converted and stay in :mod:`mastcell.rules.monitoring`.

Monitoring: serum tryptase around flares (section 2.6) and reassessment of new therapy.

Tryptase roles come from :func:`mastcell.tryptase.infer_role` (the input's role when given,
else inferred from the flares), so every rule here reads the same roles; each finding states
how the role was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from mastcell.facts import MAST_CELL_DISORDER, Recorded
from mastcell.knowledge.sources import cite, evidence
from mastcell.knowledge.tryptase import (
    ACUTE_RULE,
    BASELINE_AFTER_RESOLUTION,
    BASELINE_SOURCES,
    HAT_TESTING_THRESHOLD,
    SamplingWindow,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import (
    Analyte,
    Finding,
    Flare,
    Indicator,
    LabResult,
    Patient,
    Recommendation,
    TryptaseRole,
)
from mastcell.rules.registry import Context, oracle_rule
from mastcell.tryptase import (
    RoleInference,
    SampleTiming,
    infer_role,
    tryptase_threshold,
)

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.tryptase")

_UNIT = Analyte.TRYPTASE.canonical_unit
_FORMULA = f"acute > {ACUTE_RULE.factor:g} x baseline + {ACUTE_RULE.addend_ng_ml:g} ng/mL, strictly"
_TRYPTASE_SOURCES = cite(*ACUTE_RULE.sources)


def _read(patient: Patient, context: Context) -> list[tuple[LabResult, RoleInference]]:
    """Every tryptase drawn at or before the evaluation moment, with its role."""
    window = context.options.monitoring.acute_sample_window
    flares = [f for f in patient.flares if f.onset <= context.at]
    return [
        (lab, infer_role(lab, flares, window=window))
        for lab in patient.series(Analyte.TRYPTASE, until=context.at)
    ]


def _of_role(
    reads: list[tuple[LabResult, RoleInference]], role: TryptaseRole
) -> list[tuple[LabResult, RoleInference]]:
    return [(lab, r) for lab, r in reads if r.role is role]


def _finding(
    patient: Patient,
    lab: LabResult,
    read: RoleInference,
    *,
    threshold: float | None = None,
    comparison: str | None = None,
    text: str | None = None,
) -> Finding:
    role = f"{read.role.value} ({'inferred' if read.inferred else 'given'})"
    note = f"{role}: {read.basis}" + ("; check this reading" if read.ambiguous else "")
    return Finding(
        input=patient.path_of(lab),
        analyte=Analyte.TRYPTASE,
        value=lab.canonical,
        unit=_UNIT,
        threshold=threshold,
        comparison=comparison,
        time=lab.time,
        text=text,
        note=note,
    )


def _hours(delta: timedelta) -> str:
    minutes = delta.total_seconds() / 60
    return f"{minutes:.0f} min" if minutes < 60 else f"{minutes / 60:.1f} h"


def _window_text(window: SamplingWindow) -> str:
    return (
        f"{_hours(window.ideal_from)}-{_hours(window.ideal_until)} after onset (reliable from "
        f"{_hours(window.reliable_from)} to {_hours(window.reliable_until)})"
    )


def _flare_finding(patient: Patient, flare: Flare, at: datetime) -> Finding:
    return Finding(
        input=patient.path_of(flare),
        text="flare onset",
        time=flare.onset,
        value=round((at - flare.onset).total_seconds() / 3600, 2),
        unit="h",
        note="hours from onset to the evaluation moment",
    )


@rule(
    "monitoring.tryptase.acute_sample",
    sources=("S22", "S24", "S25", "SEED-B"),
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.FLARE,),
)
def tryptase_acute_sample(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Draw an acute tryptase in the window after a flare's onset.

    Fires for the most recent flare (within the options' ``recent_flare``) when no tryptase
    was drawn in the reliable window after its onset: "draw now" (warning) while the window is
    open, otherwise "at the next flare" (info).
    """
    options = context.options.monitoring
    recent = [f for f in patient.flares if f.onset <= context.at <= f.onset + options.recent_flare]
    if not recent:
        return
    flare = max(recent, key=lambda f: f.onset)
    window = options.acute_sample_window
    reads = _read(patient, context)
    for_flare = [(lab, r) for lab, r in _of_role(reads, TryptaseRole.ACUTE) if r.flare is flare]
    if any(r.timing is not None and r.timing.reliable for _, r in for_flare):
        return
    findings = [_flare_finding(patient, flare, context.at)]
    findings += [
        _finding(patient, lab, r, text="outside the reliable window") for lab, r in for_flare
    ]
    elapsed = context.at - flare.onset
    common = (
        f"An acute serum tryptase is compared with the baseline by the 20 % + 2 rule "
        f"({_FORMULA}); sample {_window_text(window)} (S22, S24, S25; "
        "tryptase peaks about 30-90 min after onset and has a half-life of about 2 h). "
        "SEED-B's narrower 30-120 min is the ideal part of this window (CONFLICT, "
        "oversimplified). Pair it with a baseline drawn before the event or more than 24 h "
        "after all symptoms resolve (S24)."
    )
    if elapsed <= window.reliable_until:
        start = flare.onset + window.ideal_from
        when = "now" if context.at >= start else f"from {start.isoformat()}"
        yield Recommendation(
            code="monitoring.tryptase.acute_sample",
            indicator=Indicator.WARNING,
            summary=(
                f"Draw a serum tryptase {when}: the flare began {_hours(elapsed)} ago "
                f"(reliable up to {_hours(window.reliable_until)})"
            ),
            detail=(
                f"The flare that began at {flare.onset.isoformat()} is inside the acute "
                f"sampling window, which closes at "
                f"{(flare.onset + window.reliable_until).isoformat()}. " + common
            ),
            evidence=evidence("S22", "S24", "S25", "SEED-B"),
            findings=tuple(findings),
        )
        return
    missed = "an acute tryptase outside the reliable window" if for_flare else "no tryptase"
    yield Recommendation(
        code="monitoring.tryptase.acute_sample",
        indicator=Indicator.INFO,
        summary=(
            f"At the next flare draw a serum tryptase {_hours(window.ideal_from)}-"
            f"{_hours(window.ideal_until)} after onset (no later than "
            f"{_hours(window.reliable_until)})"
        ),
        detail=(
            f"The flare that began at {flare.onset.isoformat()} has {missed} drawn within "
            f"{_hours(window.reliable_until)} of onset, and that window has passed. " + common
        ),
        evidence=evidence("S22", "S24", "S25", "SEED-B"),
        findings=tuple(findings),
    )


def _baseline_window_text(patient: Patient, at: datetime) -> str:
    """When a baseline may be drawn, given the latest flare."""
    past = [f for f in patient.flares if f.onset <= at]
    if not past:
        return "now (no flare on record), or before the next event"
    flare = max(past, key=lambda f: f.onset)
    if flare.resolved is None:
        return (
            f"more than {_hours(BASELINE_AFTER_RESOLUTION)} after the flare of "
            f"{flare.onset.isoformat()} has resolved (its resolution is not recorded)"
        )
    earliest = flare.resolved + BASELINE_AFTER_RESOLUTION
    return f"from {earliest.isoformat()} ({_hours(BASELINE_AFTER_RESOLUTION)} after resolution)"


@rule(
    "monitoring.tryptase.baseline",
    sources=BASELINE_SOURCES,
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE, MAST_CELL_DISORDER),
)
def tryptase_baseline(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Obtain a baseline serum tryptase.

    Fires when no baseline tryptase (given, or inferred from the flares) is on record at the
    evaluation moment for a patient with a mast cell disorder, a flare, or an acute tryptase
    waiting for its baseline.
    """
    reads = _read(patient, context)
    if _of_role(reads, TryptaseRole.BASELINE):
        return
    acute = _of_role(reads, TryptaseRole.ACUTE)
    if not (patient.has_mast_cell_disorder or patient.flares or acute):
        return
    findings = [_finding(patient, lab, r, text="acute, no baseline to compare") for lab, r in acute]
    if not findings:
        findings.append(Finding(input="labs", text="no baseline serum tryptase on record"))
    pending = (
        " Without it the acute value on record cannot be read against the 20 % + 2 rule."
        if acute
        else ""
    )
    yield Recommendation(
        code="monitoring.tryptase.baseline",
        indicator=Indicator.INFO,
        summary="Obtain a baseline serum tryptase (before an event or > 24 h after symptoms resolve)",
        detail=(
            f"A baseline serum tryptase anchors the acute criterion ({_FORMULA}), screens for "
            f"a raised baseline (> {SM_MINOR_TRYPTASE.value:g} ng/mL, an SM minor criterion) "
            f"and for hereditary alpha-tryptasemia (>= {HAT_TESTING_THRESHOLD:g} ng/mL). Draw "
            f"it before an event or more than {_hours(BASELINE_AFTER_RESOLUTION)} after all "
            "symptoms resolve (S24; USZ 24-48 h, S25): here "
            f"{_baseline_window_text(patient, context.at)}." + pending
        ),
        evidence=evidence(*BASELINE_SOURCES, *_TRYPTASE_SOURCES, "S27", "S26"),
        findings=tuple(findings),
    )


def _nearest_baseline(
    reads: list[tuple[LabResult, RoleInference]], when: datetime
) -> tuple[LabResult, RoleInference] | None:
    baselines = _of_role(reads, TryptaseRole.BASELINE)
    if not baselines:
        return None
    return min(baselines, key=lambda item: (abs(item[0].time - when), -item[0].time.timestamp()))


@rule(
    "monitoring.tryptase.criterion_met",
    "monitoring.tryptase.criterion_not_met",
    sources=_TRYPTASE_SOURCES,
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_criterion(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Read the latest acute tryptase against its baseline by the 20 % + 2 rule.

    Fires when an acute tryptase (given or inferred) and a baseline are on record: met when
    acute > 1.2 x baseline + 2 ng/mL (strictly), not met otherwise. The baseline is the one
    closest in time to the acute sample; a sample outside the reliable window is said so.
    """
    reads = _read(patient, context)
    acute = _of_role(reads, TryptaseRole.ACUTE)
    if not acute:
        return
    window = context.options.monitoring.acute_sample_window
    acute_lab, acute_read = acute[-1]
    paired = _nearest_baseline(reads, acute_lab.time)
    if paired is None:
        return
    base_lab, base_read = paired
    threshold = tryptase_threshold(base_lab.canonical)
    met = acute_lab.canonical > threshold
    timing = acute_read.timing
    unreliable = timing is not None and not timing.reliable
    findings = (
        _finding(
            patient,
            acute_lab,
            acute_read,
            threshold=threshold,
            comparison=">" if met else "<=",
            text="acute",
        ),
        _finding(patient, base_lab, base_read, text="baseline"),
    )
    arithmetic = (
        f"acute {acute_lab.canonical:g} ng/mL vs threshold 1.2 x {base_lab.canonical:g} + 2 = "
        f"{threshold:g} ng/mL"
    )
    timing_text = (
        f" The acute sample was drawn {timing.value.replace('_', ' ')} relative to the flare's "
        f"onset (reliable {_hours(window.reliable_from)}-{_hours(window.reliable_until)})"
        if unreliable and timing is not None
        else ""
    )
    if met:
        yield Recommendation(
            code="monitoring.tryptase.criterion_met",
            indicator=Indicator.INFO,
            summary=f"Acute tryptase meets the 20 % + 2 criterion ({arithmetic})"[:140],
            detail=(
                f"The acute serum tryptase exceeds 120 % of baseline + 2 ng/mL ({arithmetic}): "
                "evidence of systemic mast cell activation, one of the three consensus MCAS "
                "criteria; the others are typical severe recurrent symptoms in two or more "
                "organ systems and a response to anti-mediator therapy (S23, S22). The rule "
                "holds with a high baseline (HaT, myeloid neoplasm), but a rise without symptoms "
                "(e.g. disease progression) does not count toward MCAS (S21)."
                + (timing_text + "; a rise is still a rise." if timing_text else "")
            ),
            evidence=evidence(*_TRYPTASE_SOURCES),
            findings=findings,
        )
        return
    caveat = (
        timing_text + ": a result below the threshold does not exclude mast cell activation; "
        "repeat within the window at the next flare."
        if timing_text
        else ""
    )
    yield Recommendation(
        code="monitoring.tryptase.criterion_not_met",
        indicator=Indicator.INFO,
        summary=f"Acute tryptase does not meet the 20 % + 2 criterion ({arithmetic})"[:140],
        detail=(
            f"The acute serum tryptase is not above 120 % of baseline + 2 ng/mL ({arithmetic}; "
            "the rule is strictly greater, S20-S25). This sample does not document systemic "
            "mast cell activation; urinary mediators may substitute when tryptase is "
            "unavailable or unclear (S23)." + caveat
        ),
        evidence=evidence(*_TRYPTASE_SOURCES),
        findings=findings,
    )


@rule(
    "monitoring.tryptase.sample_timing",
    sources=("S22", "S24", "S25"),
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.INFO,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_sample_timing(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Flag an acute tryptase drawn outside the reliable window after the flare's onset.

    Fires for the latest acute tryptase when it was drawn less than 15 min or more than 4 h
    after the onset of its flare; when a sample is marked acute but no flare is on record,
    asks for the flare's onset instead.
    """
    acute = _of_role(_read(patient, context), TryptaseRole.ACUTE)
    if not acute:
        return
    lab, read = acute[-1]
    window = context.options.monitoring.acute_sample_window
    if read.flare is None:
        yield Recommendation(
            code="monitoring.tryptase.sample_timing",
            indicator=Indicator.INFO,
            summary="Record the onset of the flare the acute tryptase was drawn for",
            detail=(
                "The tryptase is marked acute, but no flare before it is on record, so its "
                f"timing cannot be checked against the window ({_window_text(window)}; S22, "
                "S24, S25). A sample drawn too early or too late under-reads the rise."
            ),
            evidence=evidence("S22", "S24", "S25"),
            findings=(_finding(patient, lab, read, text="acute, no flare on record"),),
        )
        return
    timing = read.timing
    if timing is None or timing.reliable:
        return
    elapsed = lab.time - read.flare.onset
    if timing is SampleTiming.TOO_LATE:
        bound, comparison, why = window.reliable_until, ">", "the rise may have washed out"
    else:
        bound, comparison, why = window.reliable_from, "<", "the rise may not have begun"
    findings = (
        _finding(patient, lab, read, text="acute"),
        Finding(
            input=patient.path_of(lab),
            text="minutes from flare onset to sample",
            value=round(elapsed.total_seconds() / 60, 1),
            unit="min",
            threshold=bound.total_seconds() / 60,
            comparison=comparison,
            note=f"flare onset {read.flare.onset.isoformat()}",
        ),
    )
    yield Recommendation(
        code="monitoring.tryptase.sample_timing",
        indicator=Indicator.INFO,
        summary=(
            f"Acute tryptase drawn {_hours(elapsed)} after flare onset: outside the reliable "
            f"window ({_hours(window.reliable_from)}-{_hours(window.reliable_until)})"
        ),
        detail=(
            f"The sample was drawn {_hours(elapsed)} after the onset at "
            f"{read.flare.onset.isoformat()}, so {why} (tryptase peaks about 30-90 min after "
            "onset, half-life about 2 h). Read a value below the 20 % + 2 threshold as "
            f"inconclusive; at the next flare sample {_window_text(window)} (S22, S24, S25)."
        ),
        evidence=evidence("S22", "S24", "S25"),
        findings=findings,
    )
