"""Anti-mediator therapy: what the patient takes, what to add or escalate (sections 2.1, 2.6.3).

The regimen is read per drug class from the active (and planned) medication list; daily doses
are compared with the catalogue's standard adult dose. Doses are proposed only for the
population a source gives them for: with the age unknown the drug is named without a dose and
the detail asks for the age. Decisions that need the clinician's judgement of symptom control
stay silent when it is unknown; one recommendation asks for it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import allowed
from mastcell.knowledge.antimediator import (
    ADULT_AGE_YEARS,
    FAMOTIDINE,
    H1_CONFIRMED_MULTIPLE,
    H1_ESCALATION_SOURCES,
    H1_SEED_SOURCES,
    H1_START_ORDER,
    H2_ORDER,
)
from mastcell.knowledge.paediatric import (
    BANDS,
    FAMOTIDINE_CHILDREN,
)
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DrugClass,
    Indicator,
    Route,
    SymptomControl,
)
from mastcell.reads import AGE, REACTIONS, WEIGHT
from mastcell.rules.antimediator_choice import (
    band_choice,
    band_sources,
    choice_sources,
    mediator_reads_age,
    no_option,
    passed_over,
    reads_age_given,
)
from mastcell.rules.antimediator_facts import (
    AGE_SOURCE,
    BAND_AGE,
    MEDIATORS,
    age_path,
    band_dose,
    control_finding,
    dose_or_ask,
    med_finding,
    nmh_support,
    taking_read,
)
from mastcell.rules.antimediator_h1 import (
    H1_ACTIVE,
    bound,
    bound_sources,
    escalation,
    h1_doses,
    h1_finding,
    standard_sources,
)
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.referral_facts import SYMPTOM_CONTROL
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


# -- symptom control ---------------------------------------------------------------------------


@decides(
    "antimediator.symptom_control.assess",
    sources=("S30", "S29"),
    reads=((), (SYMPTOM_CONTROL,)),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def symptom_control_assess(f: Facts, context: Context) -> Sequence[Decision]:
    """Record a clinician's assessment of mediator-symptom control.

    Fires for a mast cell disorder when ``symptom_control`` is unknown: H1 escalation,
    cromolyn, leukotriene modifiers, omalizumab and corticosteroids are decided on it, and an
    unknown control is never read as controlled.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if SYMPTOM_CONTROL.of(f) is not None:
        return ()
    return (
        Decision(
            code="antimediator.symptom_control.assess",
            indicator=Indicator.INFO,
            action=Action.OBTAIN,
            findings=(control_finding(f),),
            sources=("S30", "S29"),
        ),
    )


# -- H1 --------------------------------------------------------------------------------------


def _band_proposals(drug: str) -> tuple[DoseAdvice, ...]:
    """Every labelled band dose of a drug, for the rule catalogue (``proposes``)."""
    return tuple(
        DoseAdvice(
            drug=drug,
            dose=b.dose,
            frequency=b.frequency,
            route=b.route,
            note=b.population + (f" [{b.jurisdiction.label}]" if b.jurisdiction else ""),
        )
        for b in BANDS[drug]
        if b.dose is not None
    )


_H1_SECOND_TAKING = taking_read(DrugClass.H1_SECOND_GENERATION)
_H1_FIRST_TAKING = taking_read(DrugClass.H1_FIRST_GENERATION)
_H2_TAKING = taking_read(DrugClass.H2)
_NMH = MEDIATORS[Analyte.URINE_NMH]


@decides(
    "antimediator.h1.start",
    sources=(
        "S30",
        "S29",
        "S17",
        "S50",
        "S122",
        "S131",
        *band_sources(*H1_START_ORDER),
        *choice_sources(*H1_START_ORDER),
    ),
    reads=(
        (),
        (_H1_SECOND_TAKING,),
        (SYMPTOM_CONTROL,),
        (_H1_FIRST_TAKING, _NMH, AGE, REACTIONS),
        (BAND_AGE, WEIGHT),
        (AGE_GIVEN,),
    ),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=tuple(a for drug in H1_START_ORDER for a in _band_proposals(drug)),
    triggers=(MAST_CELL_DISORDER,),
)
def h1_start(f: Facts, context: Context) -> Sequence[Decision]:
    """Start a second-generation H1 antihistamine.

    Fires for a mast cell disorder when no second-generation H1 antihistamine is taken or
    planned, unless symptoms are recorded as controlled: a warning when they are not
    controlled, info when control is unknown. A sedating first-generation H1 on the list is
    named but does not count as maintenance therapy. Cetirizine is dosed by the label's age
    bands (PD1, PD2); where no band gives a dose (under 6 months) or the age is unknown, the
    dose is a clinician decision and the reason is stated. After a recorded reaction to
    cetirizine (or its group), the next H1 the reactions allow is proposed, by its own bands
    (fexofenadine, levocetirizine, loratadine, desloratadine); when none is left, no drug is
    proposed: clinician decision.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if _H1_SECOND_TAKING.of(f):
        return upto(1)
    control = SYMPTOM_CONTROL.of(f)
    if control is SymptomControl.CONTROLLED:
        return upto(2)
    findings = [control_finding(f)]
    first_gen = _H1_FIRST_TAKING.of(f)
    findings += [med_finding(f, m, "first-generation (sedating) H1") for m in first_gen]
    nmh, _ = nmh_support(f)
    findings += nmh
    pick = allowed(REACTIONS.of(f), H1_START_ORDER)
    findings += passed_over(f, pick)
    age = AGE.of(f)
    if pick.first is None:
        return upto(3, no_option("antimediator.h1.start", control, pick, findings, ("S30", "S29")))
    asks_age = reads_age_given(band_choice(pick.first, f, context))
    advice, dose_text, sources = band_dose(pick.first, f, context, findings)
    adult = age is not None and age >= ADULT_AGE_YEARS
    decision = Decision(
        code="antimediator.h1.start",
        indicator=Indicator.WARNING if control is not None else Indicator.INFO,
        action=Action.START,
        drug=advice.drug,
        medication=advice,
        findings=tuple(findings),
        sources=tuple(
            dict.fromkeys(
                (
                    "S30",
                    "S29",
                    "S17",
                    *sources,
                    *(("S50",) if nmh else ()),
                    *(("S131",) if adult else ()),
                    *(x for m in pick.excluded for x in m.sources),
                )
            )
        ),
        params={
            "advice": advice,
            "dose_text": dose_text,
            "adult": adult,
            "excluded": pick.excluded,
            "first_gen": tuple(m.drug for m in first_gen),
            "nmh": bool(nmh),
            "control_unknown": control is None,
        },
    )
    return (decision,) if asks_age else upto(4, decision)


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


# -- H2 --------------------------------------------------------------------------------------


@decides(
    "antimediator.h2.add",
    sources=("S29", "S30", "S15", "SEED-B", "S50", *choice_sources(*H2_ORDER)),
    reads=(
        (),
        (_H2_TAKING,),
        (SYMPTOM_CONTROL,),
        (_NMH, REACTIONS),
        (AGE, AGE_SOURCE),
    ),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=(
        *(fact.advice() for fact in FAMOTIDINE.values()),
        *(
            DoseAdvice(drug=d, route=Route.ORAL, note="dose: clinician decision")
            for d in H2_ORDER[1:]
        ),
    ),
    triggers=(MAST_CELL_DISORDER,),
)
def h2_add(f: Facts, context: Context) -> Sequence[Decision]:
    """Add an H2 antihistamine (famotidine; its dose is a recorded conflict).

    Fires for a mast cell disorder when no H2 antihistamine is taken or planned, unless
    symptoms are recorded as controlled: a warning when they are not controlled, info when
    control is unknown. The famotidine dose follows ``options.antimediator.famotidine_dosing``;
    for a child it is a clinician decision (PD14: no label mg/kg dose was verified). After a
    recorded reaction to famotidine, nizatidine is proposed (dose: clinician decision); when
    the reactions allow no H2 antihistamine, none is proposed: clinician decision.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if _H2_TAKING.of(f):
        return upto(1)
    control = SYMPTOM_CONTROL.of(f)
    if control is SymptomControl.CONTROLLED:
        return upto(2)
    dosing = context.options.antimediator.famotidine_dosing
    fact = FAMOTIDINE[dosing]
    findings = [control_finding(f)]
    nmh, _ = nmh_support(f)
    findings += nmh
    pick = allowed(REACTIONS.of(f), H2_ORDER)
    findings += passed_over(f, pick)
    if pick.first is None:
        stage = 4 if mediator_reads_age(f, Analyte.URINE_NMH) else 3
        return upto(
            stage, no_option("antimediator.h2.add", control, pick, findings, ("S29", "S30"))
        )
    age = AGE.of(f)
    if pick.first == fact.drug:
        advice, dose_text = dose_or_ask(fact, age, findings, path=age_path(f))
        if age is not None and age < ADULT_AGE_YEARS:
            dose_text = f"famotidine ({FAMOTIDINE_CHILDREN}; adults: {fact.advice()})"
    else:
        advice = DoseAdvice(drug=pick.first, route=Route.ORAL, note="dose: clinician decision")
        dose_text = (
            f"{pick.first} (an H2 antihistamine, S30; the sources give no dose for mast cell "
            "disorders: dose per its label, clinician decision)"
        )
    return (
        Decision(
            code="antimediator.h2.add",
            indicator=Indicator.WARNING if control is not None else Indicator.INFO,
            action=Action.START,
            drug=advice.drug,
            medication=advice,
            findings=tuple(findings),
            sources=tuple(
                dict.fromkeys(
                    (
                        "S29",
                        "S30",
                        "S15",
                        "SEED-B",
                        *(("S50",) if nmh else ()),
                        *(x for m in pick.excluded for x in m.sources),
                    )
                )
            ),
            params={
                "advice": advice,
                "dose_text": dose_text,
                "excluded": pick.excluded,
                "dosing": dosing,
                "nmh": bool(nmh),
            },
        ),
    )
