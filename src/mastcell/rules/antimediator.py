"""Anti-mediator therapy: symptom control, what to start or add (sections 2.1, 2.6.3).

The regimen is read per drug class from the active (and planned) medication list; daily doses
are compared with the catalogue's standard adult dose. Doses are proposed only for the
population a source gives them for: with the age unknown the drug is named without a dose and
the detail asks for the age. Decisions that need the clinician's judgement of symptom control
stay silent when it is unknown; one recommendation asks for it instead.

The H1 escalation is :mod:`mastcell.rules.antimediator_escalation`; the add-ons (cromolyn,
leukotriene modifiers, omalizumab, corticosteroids) :mod:`mastcell.rules.antimediator_addons`;
aspirin :mod:`mastcell.rules.antimediator_aspirin`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import allowed
from mastcell.knowledge.antimediator import (
    ADULT_AGE_YEARS,
    FAMOTIDINE,
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
from mastcell.rules.antimediator_doses import AGE_SOURCE, BAND_AGE, age_path, band_dose, dose_or_ask
from mastcell.rules.antimediator_facts import control_finding, med_finding, taking_read
from mastcell.rules.antimediator_mediators import MEDIATORS, nmh_support
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
