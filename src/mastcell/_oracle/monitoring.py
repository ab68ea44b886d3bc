"""The oracle's monitoring rules: :mod:`mastcell.rules.monitoring` as it was before conversion.

The acute, baseline, criterion and timing rules now live in :mod:`mastcell.rules.tryptase`
and run here under those names (``tryptase_rule``); the others keep their names.

Monitoring: serum tryptase around flares (section 2.6) and reassessment of new therapy.

Tryptase roles come from :func:`mastcell.tryptase.infer_role` (the input's role when given,
else inferred from the flares), so every rule here reads the same roles; each finding states
how the role was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from mastcell.facts import MAST_CELL_DISORDER, Recorded
from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES, CROMOLYN
from mastcell.knowledge.drugs import classes_of
from mastcell.knowledge.findings import FINDINGS
from mastcell.knowledge.sources import cite, evidence
from mastcell.knowledge.tryptase import (
    ACUTE_RULE,
    BASELINE_AFTER_RESOLUTION,
    BASELINE_SOURCES,
    HAT_SOURCES,
    HAT_TESTING_NOT_ADVISED_BELOW,
    HAT_TESTING_THRESHOLD,
    TPSAB1_REFERENCE_LIMITS,
    SamplingWindow,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import (
    Analyte,
    Diagnosis,
    DrugClass,
    Finding,
    Flare,
    Indicator,
    LabResult,
    Medication,
    Patient,
    ReactionSeverity,
    Recommendation,
    TryptaseRole,
)
from mastcell.model.classification import Scheme
from mastcell.model.dates import day_of
from mastcell.rules.registry import Context, oracle_rule
from mastcell.text import shorten
from mastcell.tryptase import (
    RoleInference,
    SampleTiming,
    hat_adjusted_baseline,
    infer_role,
    tryptase_threshold,
)

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.monitoring")
tryptase_rule = oracle_rule("mastcell.rules.tryptase")

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


def _symptomatic(patient: Patient) -> bool | None:
    """True with evidence of mast cell mediator symptoms; None when nothing says either way."""
    if patient.flares or patient.has_mast_cell_disorder:
        return True
    if any(
        r.severity in (ReactionSeverity.ANAPHYLAXIS, ReactionSeverity.FLARE)
        for r in patient.reactions
    ):
        return True
    if patient.symptom_control is None:
        return None
    return patient.symptom_control.uncontrolled


@tryptase_rule(
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


@tryptase_rule(
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


@tryptase_rule(
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
            summary=shorten(f"Acute tryptase meets the 20 % + 2 criterion ({arithmetic})"),
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
        summary=shorten(f"Acute tryptase does not meet the 20 % + 2 criterion ({arithmetic})"),
        detail=(
            f"The acute serum tryptase is not above 120 % of baseline + 2 ng/mL ({arithmetic}; "
            "the rule is strictly greater, S20-S25). This sample does not document systemic "
            "mast cell activation; urinary mediators may substitute when tryptase is "
            "unavailable or unclear (S23)." + caveat
        ),
        evidence=evidence(*_TRYPTASE_SOURCES),
        findings=findings,
    )


@tryptase_rule(
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


def _latest_baseline(patient: Patient, context: Context) -> tuple[LabResult, RoleInference] | None:
    baselines = _of_role(_read(patient, context), TryptaseRole.BASELINE)
    return baselines[-1] if baselines else None


#: The one home of the TPSAB1 testing advice is monitoring.tryptase.hat_consider (issue 19):
#: every other text that touches it says this, never the advice itself.
_HAT_TESTING_POINTER = (
    "whether to test the TPSAB1 copy number is left to monitoring.tryptase.hat_consider, which "
    "gives that advice when it applies"
)


@rule(
    "monitoring.tryptase.baseline_elevated",
    sources=("S27", "S11", "S26", "S200"),
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_baseline_elevated(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Work up systemic mastocytosis when the baseline tryptase is above 20 ng/mL.

    Fires when the latest baseline tryptase (HaT-adjusted when the TPSAB1 copy number is
    known) is above 20 ng/mL, the WHO/ICC minor SM criterion, in a patient without an SM
    diagnosis. At 200 ng/mL or more it says which B-finding item that is under each scheme
    (BC1, FX1), never "a B-finding" by itself. Whether to test the TPSAB1 copy number is
    monitoring.tryptase.hat_consider's advice alone: this rule refers to it.
    """
    latest = _latest_baseline(patient, context)
    if latest is None or patient.has_systemic_mastocytosis:
        return
    lab, read = latest
    copies = patient.tpsab1_extra_copies
    value = lab.canonical if copies is None else hat_adjusted_baseline(lab.canonical, copies)
    if not SM_MINOR_TRYPTASE.crossed(value):
        return
    findings = [
        _finding(
            patient,
            lab,
            read,
            threshold=SM_MINOR_TRYPTASE.value if copies is None else None,
            comparison=">" if copies is None else None,
            text="baseline",
        )
    ]
    if copies is not None:
        findings.append(
            Finding(
                input="tpsab1_extra_copies",
                analyte=Analyte.TRYPTASE,
                value=value,
                unit=_UNIT,
                threshold=SM_MINOR_TRYPTASE.value,
                comparison=">",
                derived=True,
                note=f"HaT-adjusted: {lab.canonical:g} / (1 + {copies})",
            )
        )
        hat = f"After the HaT adjustment for {copies} extra TPSAB1 copies it is {value:g} ng/mL."
    elif patient.has(Diagnosis.HAT):
        hat = (
            "HaT is diagnosed but the TPSAB1 copy number is not recorded: record it, since "
            "WHO 2022 reads the criterion on BST / (1 + extra copies) (S11, S26)."
        )
    else:
        hat = (
            "HaT is not excluded: WHO 2022 reads the criterion on BST / (1 + extra TPSAB1 "
            f"copies) (S11, S26); {_HAT_TESTING_POINTER}."
        )
    b_finding = _burden_text(value)
    yield Recommendation(
        code="monitoring.tryptase.baseline_elevated",
        indicator=Indicator.WARNING,
        summary=(
            f"Baseline tryptase {lab.canonical:g} ng/mL (> {SM_MINOR_TRYPTASE.value:g}): "
            "work up for systemic mastocytosis"
        ),
        detail=(
            f"A persistent baseline tryptase above {SM_MINOR_TRYPTASE.value:g} ng/mL is a "
            "WHO/ICC minor criterion for systemic mastocytosis (S27, S11); confirm it on a "
            "repeat baseline and evaluate with a bone marrow biopsy and a high-sensitivity KIT "
            f"D816V assay (allele-specific PCR or ddPCR; NGS is often falsely negative, S27). "
            f"{hat}{b_finding} The criterion is not valid with an unrelated myeloid neoplasm."
        ),
        evidence=evidence("S27", "S11", "S26", *(("S200",) if b_finding else ())),
        findings=tuple(findings),
    )


def _burden_text(value: float) -> str:
    """What a baseline at the B1 tryptase level says (FX1): one item of a composite finding.

    A tryptase alone is never "a B-finding": WHO 2022 counts >= 200 ng/mL (HaT-adjusted) as
    one of three items, any of which makes B1; ICC 2022 needs > 200 ng/mL and > 30 %
    infiltration together (BC1).
    """
    who = FINDINGS[Scheme.WHO_2022].burden
    icc = FINDINGS[Scheme.ICC_2022].burden
    if not who.tryptase.holds(value):
        return ""
    assert who.vaf is not None
    return (
        f" At {who.tryptase.comparison.value} {who.tryptase.threshold:g} ng/mL it is one item "
        "of the WHO 2022 B-finding of high mast cell burden (with marrow infiltration "
        f"{who.infiltration.comparison.value} {who.infiltration.threshold:g} % or KIT D816V VAF "
        f"{who.vaf.comparison.value} {who.vaf.threshold:g} %, any one); ICC 2022 needs "
        f"{icc.tryptase.comparison.value} {icc.tryptase.threshold:g} ng/mL and "
        f"{icc.infiltration.comparison.value} {icc.infiltration.threshold:g} % infiltration "
        "together (BC1, FX1; S200): a tryptase alone is not a B-finding. The marrow study "
        "decides it (mastcell classify reads the whole finding)."
    )


#: The highest baseline any HaT genotype of the S26 table explains (10 extra copies), ng/mL:
#: the genotype's upper limit of normal (MC11, 285.1), not the SM criterion threshold (FX5).
_HAT_EXPLAINS_AT_MOST = max(TPSAB1_REFERENCE_LIMITS.values())


@rule(
    "monitoring.tryptase.hat_consider",
    sources=HAT_SOURCES,
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.TPSAB1, Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_hat_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider TPSAB1 copy-number testing for hereditary alpha-tryptasemia.

    Fires when the latest baseline tryptase is 8 ng/mL or more in a symptomatic patient whose
    TPSAB1 copy number is not known; when nothing on record says whether the patient has
    symptoms, asks for that first (testing is not advised when asymptomatic). Silent in
    advanced SM (ASM, SM-AHN, MCL: the mast cell burden explains the baseline) and above the
    highest genotype limit of the S26 table (285.1 ng/mL at 10 extra copies, MC11): no HaT genotype
    there explains the value, so testing for HaT would not answer the question it raises.
    """
    if patient.tpsab1_extra_copies is not None or patient.has(Diagnosis.HAT):
        return
    if patient.has_advanced_sm:
        return
    latest = _latest_baseline(patient, context)
    if latest is None:
        return
    lab, read = latest
    if lab.canonical < HAT_TESTING_THRESHOLD or lab.canonical > _HAT_EXPLAINS_AT_MOST:
        return
    symptomatic = _symptomatic(patient)
    if symptomatic is False:
        return
    finding = _finding(
        patient,
        lab,
        read,
        threshold=HAT_TESTING_THRESHOLD,
        comparison=">=",
        text="baseline",
    )
    basis = (
        f"A baseline tryptase of {HAT_TESTING_THRESHOLD:g} ng/mL or more in a symptomatic "
        "patient warrants TPSAB1 copy-number testing by ddPCR (S26); HaT affects about 5 % of "
        "Western populations and explains most raised baselines in the general population "
        f"(S26, S20). Genotyping is not advised when asymptomatic or below "
        f"{HAT_TESTING_NOT_ADVISED_BELOW:g} ng/mL (S26). The copy number also adjusts the SM "
        "minor criterion: BST / (1 + extra copies) (S11)."
    )
    if symptomatic is None:
        yield Recommendation(
            code="monitoring.tryptase.hat_consider",
            indicator=Indicator.INFO,
            summary=(
                f"Baseline tryptase {lab.canonical:g} ng/mL: record whether the patient has "
                "symptoms before TPSAB1 testing"
            ),
            detail=basis + " Nothing on record says whether this patient has symptoms.",
            evidence=evidence(*HAT_SOURCES, "S20"),
            findings=(finding, Finding(input="symptom_control", text="unknown")),
        )
        return
    yield Recommendation(
        code="monitoring.tryptase.hat_consider",
        indicator=Indicator.INFO,
        summary=(
            f"Baseline tryptase {lab.canonical:g} ng/mL (>= {HAT_TESTING_THRESHOLD:g}): "
            "consider TPSAB1 copy-number testing (HaT)"
        ),
        detail=basis,
        evidence=evidence(*HAT_SOURCES, "S20"),
        findings=(finding,),
    )


def _started(medication: Medication) -> str:
    assert medication.start is not None
    return day_of(medication.start).isoformat()


@rule(
    "monitoring.reassess",
    sources=("SEED-B", "S12"),
    indicators=(Indicator.INFO,),
    triggers=ANTIMEDIATOR_CLASSES,
)
def reassess(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Reassess symptom control 4-6 weeks after an anti-mediator therapy starts or changes.

    Fires when an active anti-mediator drug was started (or its dose changed, recorded as a
    new start date) within the reassessment window before the evaluation moment; cromolyn adds
    its own check at 2-3 weeks and its slower onset (2-6 weeks).
    """
    options = context.options.monitoring
    today = day_of(context.at)
    recent = [
        m
        for m in patient.medications_of(*ANTIMEDIATOR_CLASSES)
        if m.start is not None and timedelta(0) <= today - day_of(m.start) <= options.reassess_until
    ]
    if not recent:
        return
    latest = max(day_of(m.start) for m in recent if m.start is not None)
    due_from = latest + options.reassess_from
    due_until = latest + options.reassess_until
    findings = [
        Finding(
            input=patient.path_of(m),
            text=f"{m.drug} started {_started(m)}",
            note=(
                f"reassess {(day_of(m.start) + options.reassess_from).isoformat()} to "
                f"{(day_of(m.start) + options.reassess_until).isoformat()}"
                if m.start is not None
                else None
            ),
        )
        for m in recent
    ]
    cromolyn = [m for m in recent if DrugClass.MAST_CELL_STABILIZER in classes_of(m.drug)]
    cromolyn_text = ""
    if cromolyn:
        start = min(day_of(m.start) for m in cromolyn if m.start is not None)
        low, high = CROMOLYN.titrate_after
        onset_low, onset_high = CROMOLYN.onset
        cromolyn_text = (
            f" Cromolyn: if symptoms are not controlled by {(start + low).isoformat()} to "
            f"{(start + high).isoformat()} ({low.days // 7}-{high.days // 7} weeks), consider "
            f"raising the dose (maximum 40 mg/kg/day); its response may take "
            f"{onset_low.days // 7}-{onset_high.days // 7} weeks, so judge it at "
            f"{(start + onset_high).isoformat()} (S12). SEED-B's 4-6 weeks to efficacy is a "
            "narrower CONFLICT."
        )
    names = ", ".join(dict.fromkeys(m.drug for m in recent))
    yield Recommendation(
        code="monitoring.reassess",
        indicator=Indicator.INFO,
        summary=shorten(
            f"Reassess symptom control {due_from.isoformat()} to {due_until.isoformat()} "
            f"(started or changed: {names})"
        ),
        detail=(
            f"An anti-mediator therapy was started or changed on {latest.isoformat()}. "
            f"Reassessing symptom control {options.reassess_from.days // 7}-"
            f"{options.reassess_until.days // 7} weeks after a change is SEED-ONLY (SEED-B); "
            "set options.monitoring.reassess_from / reassess_until to change it. Record the "
            "assessment as symptom_control so escalation decisions can use it." + cromolyn_text
        ),
        evidence=evidence("SEED-B", *(("S12",) if cromolyn else ())),
        findings=tuple(findings),
    )


# -- data quality -------------------------------------------------------------------------------


@rule(
    "monitoring.labs.conflicting",
    sources=("CONVENTION",),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.LAB,),
)
def labs_conflicting(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Point out results of one analyte drawn at the same moment that disagree.

    Fires for each group of results of one analyte with the same draw time (as an instant)
    and different values, drawn by the evaluation moment: mastcell reads the more cautious
    one (the lower blood count, the higher mediator) whatever order they were sent in, and
    says so; the clinician checks the record.
    """
    for group in patient.conflicting_results():
        if group[0].time > context.at:
            continue
        used = group[-1]
        analyte = used.analyte
        unit = analyte.canonical_unit
        values = " vs ".join(f"{lab.canonical:g}" for lab in group)
        cautious = "lower" if used.canonical <= min(lab.canonical for lab in group) else "higher"
        yield Recommendation(
            code="monitoring.labs.conflicting",
            indicator=Indicator.WARNING,
            summary=shorten(
                f"Check the record: {len(group)} {analyte.value} results drawn at the same time "
                f"disagree ({values} {unit}); the {cautious} was used"
            ),
            detail=(
                f"{len(group)} results of {analyte.info.label} share the draw time "
                f"{used.time.isoformat()} but differ ({values} {unit}). mastcell reads the more "
                f"cautious value ({used.canonical:g} {unit}, {patient.path_of(used)}: the lower "
                "blood count or the higher mediator), whatever order they were sent in, so the "
                "decision does not depend on list order (a library convention, not a clinical "
                "fact). Correct or remove the wrong result if one is an error."
            ),
            evidence=evidence("CONVENTION"),
            findings=tuple(
                Finding(
                    input=patient.path_of(lab),
                    analyte=analyte,
                    value=lab.canonical,
                    unit=unit,
                    time=lab.time,
                    note="used" if lab is used else "not used: same draw time",
                )
                for lab in group
            ),
        )
