"""Anti-mediator therapy: escalate a second-generation H1 antihistamine up to its bound (S131).

Split from :mod:`mastcell.rules.antimediator` (the start and add rules); the derivations
(daily doses, bounds, the escalation step) are :mod:`mastcell.rules.antimediator_h1`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts
from mastcell.knowledge.antimediator import (
    H1_CONFIRMED_MULTIPLE,
    H1_ESCALATION_SOURCES,
    H1_SEED_SOURCES,
)
from mastcell.model import Analyte, DrugClass, Indicator
from mastcell.reads import AGE, WEIGHT
from mastcell.rules.antimediator_choice import mediator_reads_age
from mastcell.rules.antimediator_doses import AGE_SOURCE, BAND_AGE
from mastcell.rules.antimediator_facts import control_finding
from mastcell.rules.antimediator_h1 import (
    H1_ACTIVE,
    bound,
    bound_sources,
    escalation,
    h1_doses,
    h1_finding,
    standard_sources,
)
from mastcell.rules.antimediator_mediators import MEDIATORS, nmh_support
from mastcell.rules.declare import decides
from mastcell.rules.referral_facts import SYMPTOM_CONTROL
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_NMH = MEDIATORS[Analyte.URINE_NMH]


@decides(
    "antimediator.h1.increase",
    "antimediator.h1.above_max",
    sources=(
        *H1_ESCALATION_SOURCES,
        *H1_SEED_SOURCES,
        "S131",
        "S125",
        "S60",
        "S61",
        "S62",
        "S63",
        "S64",
    ),
    reads=(
        (H1_ACTIVE,),
        (SYMPTOM_CONTROL,),
        (_NMH,),
        (AGE, AGE_SOURCE, BAND_AGE),
        (WEIGHT,),
    ),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(DrugClass.H1_SECOND_GENERATION,),
)
def h1_increase(f: Facts, context: Context) -> Sequence[Decision]:
    """Escalate a second-generation H1 up to its drug's bound; warn above the bound.

    Each drug has its own bound (knowledge.antimediator.escalation_bound): 4x for cetirizine,
    levocetirizine, loratadine and desloratadine (S131); fexofenadine a stated CONFLICT,
    default 2x (options.antimediator.fexofenadine_bound); other H1s the seeds' 4x
    (SEED-ONLY). Warns (``h1.above_max``) when the daily dose already exceeds the bound (the
    lowest bound when several H1s are taken). Otherwise, when symptoms are not controlled:
    below 2x proposes 2x (confirmed), from 2x up to the bound proposes the bound; a missing
    dose or frequency is asked for; in a child or with the age unknown the drug is named
    without a dose, with the child's labelled band (addendum 5).
    """
    doses = h1_doses(f)
    if not doses:
        return upto(0)
    bounds = tuple(bound(d, context) for d in doses)
    max_multiple = min(b.max_multiple for b in bounds)
    known = [d for d in doses if d.multiple is not None]
    total = round(sum(d.multiple for d in known if d.multiple is not None), 3)
    # Compared unrounded, so a bound such as 480/180 mg/day is met exactly at 480 mg/day.
    exact = sum(d.daily_mg / d.standard_mg for d in known if d.daily_mg and d.standard_mg)
    bounds_cited = bound_sources(list(bounds))
    if known and exact > max_multiple * (1 + 1e-9):
        return upto(
            0,
            Decision(
                code="antimediator.h1.above_max",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=tuple(h1_finding(f, d, max_multiple) for d in known),
                sources=tuple(dict.fromkeys((*H1_ESCALATION_SOURCES, *bounds_cited))),
                params={"total": total, "max_multiple": max_multiple, "bounds": bounds},
            ),
        )
    control = SYMPTOM_CONTROL.of(f)
    if control is None or not control.uncontrolled:
        return upto(1)
    findings = [control_finding(f)]
    nmh, _ = nmh_support(f)
    nmh_stage = 3 if mediator_reads_age(f, Analyte.URINE_NMH) else 2
    unknown = [d for d in doses if d.multiple is None]
    if unknown:
        return upto(
            nmh_stage,
            Decision(
                code="antimediator.h1.increase",
                indicator=Indicator.INFO,
                action=Action.OBTAIN,
                findings=(*findings, *(h1_finding(f, d) for d in unknown)),
                sources=tuple(dict.fromkeys((*H1_ESCALATION_SOURCES, *bounds_cited))),
                variant="record_dose",
                params={
                    "control": control,
                    "names": tuple(d.medication.drug for d in unknown),
                    "bounds": bounds,
                },
            ),
        )
    if exact >= max_multiple * (1 - 1e-9):
        return upto(nmh_stage)
    first_step = min(H1_CONFIRMED_MULTIPLE, max_multiple)
    target = first_step if exact < first_step * (1 - 1e-9) else max_multiple
    findings += [h1_finding(f, d, target) for d in known]
    findings += nmh
    advice, variant, params, stage = escalation(f, context, known, target, bounds, findings)
    decision = Decision(
        code="antimediator.h1.increase",
        indicator=Indicator.INFO,
        action=Action.INFORM if advice is None else Action.INCREASE,
        drug=None if advice is None else advice.drug,
        medication=advice,
        findings=tuple(findings),
        sources=tuple(
            dict.fromkeys(
                (
                    *H1_ESCALATION_SOURCES,
                    *bounds_cited,
                    *(s for d in known for s in standard_sources(d)),
                    *(("S50",) if nmh else ()),
                )
            )
        ),
        variant=variant,
        params={"control": control, "total": total, "bounds": bounds, "nmh": bool(nmh), **params},
    )
    return upto(stage, decision)
