"""Monitoring: a raised baseline tryptase (SM, HaT), reassessing new therapy, conflicting results.

The acute sample, the baseline, the 20 % + 2 rule and the sample's timing are in
:mod:`mastcell.rules.tryptase`; both read the same tryptase roles
(:mod:`mastcell.rules.monitoring_facts`).

Converted (issue 20): decisions from the facts view, text in :mod:`mastcell.text.monitoring`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded
from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES
from mastcell.knowledge.findings import FINDINGS
from mastcell.knowledge.tryptase import (
    HAT_SOURCES,
    HAT_TESTING_THRESHOLD,
    TPSAB1_REFERENCE_LIMITS,
)
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import Analyte, Diagnosis, DiagnosisFamily, DrugClass, Finding, Indicator
from mastcell.model.classification import Scheme
from mastcell.model.dates import day_of
from mastcell.rules.declare import decides
from mastcell.rules.monitoring_facts import (
    ANTIMEDIATORS,
    CONFLICTING,
    FLARES,
    SYMPTOMATIC,
    TPSAB1,
    TRYPTASE,
    latest_baseline,
    tryptase_finding,
)
from mastcell.rules.registry import Context
from mastcell.tryptase import hat_adjusted_baseline

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_UNIT = Analyte.TRYPTASE.canonical_unit

#: The highest baseline any HaT genotype of the S26 table explains (10 extra copies), ng/mL:
#: the genotype's upper limit of normal (MC11, 285.1), not the SM criterion threshold (FX5).
_HAT_EXPLAINS_AT_MOST = max(TPSAB1_REFERENCE_LIMITS.values())
#: What the HaT testing advice cites: the HaT sources and its prevalence (S20).
_HAT_CITED = tuple(dict.fromkeys((*HAT_SOURCES, "S20")))


@decides(
    "monitoring.tryptase.baseline_elevated",
    sources=("S27", "S11", "S26", "S200"),
    reads=((FLARES, TRYPTASE), (TPSAB1,)),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_baseline_elevated(f: Facts, context: Context) -> Sequence[Decision]:
    """Work up systemic mastocytosis when the baseline tryptase is above 20 ng/mL.

    Fires when the latest baseline tryptase (HaT-adjusted when the TPSAB1 copy number is
    known) is above 20 ng/mL, the WHO/ICC minor SM criterion, in a patient without an SM
    diagnosis. At 200 ng/mL or more it says which B-finding item that is under each scheme
    (BC1, FX1), never "a B-finding" by itself. Whether to test the TPSAB1 copy number is
    monitoring.tryptase.hat_consider's advice alone: this rule refers to it.
    """
    latest = latest_baseline(f, context.options.monitoring.acute_sample_window)
    if latest is None or DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families:
        return upto(0)
    lab, read = latest
    copies: int | None = TPSAB1.of(f)
    value = lab.canonical if copies is None else hat_adjusted_baseline(lab.canonical, copies)
    if not SM_MINOR_TRYPTASE.crossed(value):
        return ()
    findings = [
        tryptase_finding(
            f,
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
    burden = FINDINGS[Scheme.WHO_2022].burden.tryptase.holds(value)
    return (
        Decision(
            code="monitoring.tryptase.baseline_elevated",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            findings=tuple(findings),
            sources=("S27", "S11", "S26", *(("S200",) if burden else ())),
            params={
                "baseline": lab.canonical,
                "value": value,
                "copies": copies,
                "hat_diagnosed": Diagnosis.HAT in f.diagnoses,
                "burden": burden,
            },
        ),
    )


@decides(
    "monitoring.tryptase.hat_consider",
    sources=_HAT_CITED,
    reads=((TPSAB1,), (FLARES, TRYPTASE), (SYMPTOMATIC,)),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.TPSAB1, Analyte.TRYPTASE, Recorded.FLARE),
)
def tryptase_hat_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider TPSAB1 copy-number testing for hereditary alpha-tryptasemia.

    Fires when the latest baseline tryptase is 8 ng/mL or more in a symptomatic patient whose
    TPSAB1 copy number is not known; when nothing on record says whether the patient has
    symptoms, asks for that first (testing is not advised when asymptomatic). Silent in
    advanced SM (ASM, SM-AHN, MCL: the mast cell burden explains the baseline) and above the
    highest genotype limit of the S26 table (285.1 ng/mL at 10 extra copies, MC11): no HaT genotype
    there explains the value, so testing for HaT would not answer the question it raises.
    """
    if TPSAB1.of(f) is not None or Diagnosis.HAT in f.diagnoses:
        return upto(0)
    if DiagnosisFamily.ADVANCED_SM in f.families:
        return upto(0)
    latest = latest_baseline(f, context.options.monitoring.acute_sample_window)
    if latest is None:
        return upto(1)
    lab, read = latest
    if lab.canonical < HAT_TESTING_THRESHOLD or lab.canonical > _HAT_EXPLAINS_AT_MOST:
        return upto(1)
    symptomatic = SYMPTOMATIC.of(f)
    if symptomatic is False:
        return ()
    finding = tryptase_finding(
        f, lab, read, threshold=HAT_TESTING_THRESHOLD, comparison=">=", text="baseline"
    )
    unknown = symptomatic is None
    return (
        Decision(
            code="monitoring.tryptase.hat_consider",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=(
                (finding, Finding(input="symptom_control", text="unknown"))
                if unknown
                else (finding,)
            ),
            sources=_HAT_CITED,
            variant="symptoms_unknown" if unknown else "",
            params={"baseline": lab.canonical},
        ),
    )


@decides(
    "monitoring.reassess",
    sources=("SEED-B", "S12"),
    reads=(ANTIMEDIATORS,),
    indicators=(Indicator.INFO,),
    triggers=ANTIMEDIATOR_CLASSES,
)
def reassess(f: Facts, context: Context) -> Sequence[Decision]:
    """Reassess symptom control 4-6 weeks after an anti-mediator therapy starts or changes.

    Fires when an active anti-mediator drug was started (or its dose changed, recorded as a
    new start date) within the reassessment window before the evaluation moment; cromolyn adds
    its own check at 2-3 weeks and its slower onset (2-6 weeks).
    """
    options = context.options.monitoring
    today = day_of(context.at)
    recent = [
        (m, day_of(m.start))
        for m in ANTIMEDIATORS.of(f)
        if m.start is not None and timedelta(0) <= today - day_of(m.start) <= options.reassess_until
    ]
    if not recent:
        return ()
    latest = max(start for _, start in recent)
    findings = tuple(
        Finding(
            input=f.path_of(m),
            text=f"{m.drug} started {start.isoformat()}",
            note=(
                f"reassess {(start + options.reassess_from).isoformat()} to "
                f"{(start + options.reassess_until).isoformat()}"
            ),
        )
        for m, start in recent
    )
    cromolyn = [start for m, start in recent if DrugClass.MAST_CELL_STABILIZER in f.classes_of(m)]
    return (
        Decision(
            code="monitoring.reassess",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=findings,
            sources=("SEED-B", *(("S12",) if cromolyn else ())),
            params={
                "latest": latest,
                "names": tuple(dict.fromkeys(m.drug for m, _ in recent)),
                "reassess_from": options.reassess_from,
                "reassess_until": options.reassess_until,
                "cromolyn_start": min(cromolyn) if cromolyn else None,
            },
        ),
    )


@decides(
    "monitoring.labs.conflicting",
    sources=("CONVENTION",),
    reads=(CONFLICTING,),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.LAB,),
)
def labs_conflicting(f: Facts, context: Context) -> Sequence[Decision]:
    """Point out results of one analyte drawn at the same moment that disagree.

    Fires for each group of results of one analyte with the same draw time (as an instant)
    and different values, drawn by the evaluation moment: mastcell reads the more cautious
    one (the lower blood count, the higher mediator) whatever order they were sent in, and
    says so; the clinician checks the record.
    """
    out = []
    for group in CONFLICTING.of(f):  # drawn by the moment (the read leaves later ones out)
        used = group[-1]
        analyte = used.analyte
        unit = analyte.canonical_unit
        out.append(
            Decision(
                code="monitoring.labs.conflicting",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=tuple(
                    Finding(
                        input=f.path_of(lab),
                        analyte=analyte,
                        value=lab.canonical,
                        unit=unit,
                        time=lab.time,
                        note="used" if lab is used else "not used: same draw time",
                    )
                    for lab in group
                ),
                sources=("CONVENTION",),
                params={
                    "values": tuple(lab.canonical for lab in group),
                    "used": used,
                    "path": f.path_of(used),
                },
            )
        )
    return tuple(out)
