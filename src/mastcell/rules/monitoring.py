"""Monitoring: a raised baseline tryptase (SM, HaT), reassessing new therapy, conflicting results.

Not yet converted to rules-as-data (issue 20): these rules run through the adapter. The
acute, baseline, criterion and timing rules are converted (:mod:`mastcell.rules.tryptase`).

Tryptase roles come from :func:`mastcell.tryptase.infer_role` (the input's role when given,
else inferred from the flares), so every rule here reads the same roles; each finding states
how the role was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from mastcell.facts import Recorded
from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES, CROMOLYN
from mastcell.knowledge.drugs import classes_of
from mastcell.knowledge.findings import FINDINGS
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.tryptase import (
    HAT_SOURCES,
    HAT_TESTING_NOT_ADVISED_BELOW,
    HAT_TESTING_THRESHOLD,
    TPSAB1_REFERENCE_LIMITS,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import (
    Analyte,
    Diagnosis,
    DrugClass,
    Finding,
    Indicator,
    LabResult,
    Medication,
    Patient,
    ReactionSeverity,
    Recommendation,
    TryptaseRole,
)
from mastcell.model._checks import day_of
from mastcell.model.classification import Scheme
from mastcell.rules.registry import Context, rule
from mastcell.tryptase import (
    RoleInference,
    hat_adjusted_baseline,
    infer_role,
)

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_UNIT = Analyte.TRYPTASE.canonical_unit


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
        summary=(
            f"Reassess symptom control {due_from.isoformat()} to {due_until.isoformat()} "
            f"(started or changed: {names})"
        )[:140],
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
            summary=(
                f"Check the record: {len(group)} {analyte.value} results drawn at the same time "
                f"disagree ({values} {unit}); the {cautious} was used"
            )[:140],
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
