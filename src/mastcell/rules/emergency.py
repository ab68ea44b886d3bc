"""Emergency preparedness: epinephrine auto-injectors and trigger avoidance (section 2.5, 2.7).

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.emergency_facts`), text in :mod:`mastcell.text.emergency`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.guard import NONE_KNOWN_ANAPHYLAXIS
from mastcell.knowledge.emergency import (
    ADULT_AGE_YEARS,
    AUTO_INJECTOR_SOURCES,
    EPINEPHRINE_BANDS,
    EPINEPHRINE_DRUG,
    epinephrine_band,
)
from mastcell.knowledge.safety import SafetyLevel
from mastcell.knowledge.special_populations import METAMIZOLE, METAMIZOLE_DRUG
from mastcell.knowledge.triggers import TRIGGER_SOURCES
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DoseAmount,
    Finding,
    Frequency,
    Indicator,
    ReactionSeverity,
    Route,
)
from mastcell.reads import AGE, AGE_DAYS, COUNTS, REACTIONS, WEIGHT
from mastcell.rules.declare import decides
from mastcell.rules.emergency_facts import (
    EPINEPHRINE_ON,
    TAKEN,
    class_advice,
    read_reactions,
)
from mastcell.rules.metamizole_facts import metamizole_exclusion, uncited
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.reaction_facts import anaphylaxis_finding
from mastcell.rules.registry import Context
from mastcell.vetting import AgentVerdict, vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)


@decides(
    "emergency.epinephrine.prescribe",
    sources=("S16", "S44", "S29", "SEED-A", "SEED-B"),
    reads=((), (EPINEPHRINE_ON,), (REACTIONS, AGE, WEIGHT), (AGE_GIVEN,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=tuple(
        DoseAdvice(
            drug=EPINEPHRINE_DRUG,
            dose=DoseAmount(value=band.dose_mg, unit="mg"),
            route=Route.IM,
            frequency=Frequency.PRN,
            note=f"auto-injector, {band.min_kg:g} kg and over"
            + (f", under {band.below_kg:g} kg" if band.below_kg else ""),
        )
        for band in EPINEPHRINE_BANDS
    ),
    triggers=(MAST_CELL_DISORDER,),
)
def epinephrine_prescribe(f: Facts, context: Context) -> Sequence[Decision]:
    """Prescribe epinephrine auto-injectors, dosed by weight.

    Fires for a mast cell disorder when fewer auto-injectors than the options ask (two) are
    on the medication list. The dose follows the label's weight bands; below the lowest band,
    or with no weight in a child, the dose is stated as a clinician decision.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    wanted = context.options.emergency.auto_injectors_to_carry
    injectors = [m for m in EPINEPHRINE_ON.of(f) if m.route in _INJECTABLE_ROUTES]
    known = sum(m.quantity or 0 for m in injectors)
    unknown = [m for m in injectors if m.quantity is None]
    if known >= wanted:
        return upto(1)
    findings = [
        Finding(
            input=f.path_of(m),
            text=m.drug,
            value=m.quantity,
            note="quantity not stated" if m.quantity is None else "auto-injectors on hand",
        )
        for m in injectors
    ]
    if not injectors:
        findings.append(Finding(input="medications", text="no epinephrine auto-injector listed"))
    anaphylaxis = [r for r in REACTIONS.of(f) if r.severity is ReactionSeverity.ANAPHYLAXIS]
    findings += [anaphylaxis_finding(f, r) for r in anaphylaxis]
    indicator = Indicator.CRITICAL if anaphylaxis and not injectors else Indicator.WARNING
    contradictory = tuple(x.input for x in findings if x.note == NONE_KNOWN_ANAPHYLAXIS)
    age = AGE.of(f)
    weight = WEIGHT.of(f)
    kg = None if weight is None else weight.kg
    stage = 2
    dose: float | None = None
    if kg is not None:
        band = epinephrine_band(kg, context.options.emergency.epinephrine_switch)
        findings.append(
            Finding(
                input="weight",
                value=kg,
                unit="kg",
                threshold=band.min_kg if band else 7.5,
                comparison=">=" if band else "<",
            )
        )
        case = "" if band else "below"  # the band's dose: the default variant
        dose = band.dose_mg if band else None
    elif age is not None and age >= ADULT_AGE_YEARS:
        stage = 3
        findings.append(
            Finding(
                input="age" if AGE_GIVEN.of(f) is not None else "birth_date",
                value=age,
                unit="a",
                threshold=ADULT_AGE_YEARS,
                comparison=">=",
                note="weight unknown: adult device assumed",
            )
        )
        case, dose = "adult", 0.3
    else:
        findings.append(
            Finding(
                input="weight", text="unknown", note="needed to choose a device below adult age"
            )
        )
        case = "unknown"
    medication = (
        None
        if dose is None
        else DoseAdvice(
            drug=EPINEPHRINE_DRUG,
            dose=DoseAmount(value=dose, unit="mg"),
            route=Route.IM,
            frequency=Frequency.PRN,
            note="auto-injector into the anterolateral thigh; may repeat after 5-15 min",
        )
    )
    return upto(
        stage,
        Decision(
            code="emergency.epinephrine.prescribe",
            indicator=indicator,
            action=Action.INFORM if medication is None else Action.START,
            drug=None if medication is None else medication.drug,
            medication=medication,
            findings=tuple(findings),
            sources=tuple(dict.fromkeys((*AUTO_INJECTOR_SOURCES, "S29"))),
            variant=case,
            params={
                "wanted": wanted,
                "dose": dose,
                "kg": kg,
                "injectors": len(injectors),
                "known": known,
                "unknown": len(unknown),
                "contradictory": contradictory,
            },
        ),
    )


def _raise_to_warning(current: Indicator) -> Indicator:
    """Raise info to warning; never lower a critical."""
    return current if current is Indicator.CRITICAL else Indicator.WARNING


@decides(
    "emergency.triggers.avoid",
    sources=(*TRIGGER_SOURCES, "S33", "S35", "S39", "S32", "SEED-A"),
    reads=((), (REACTIONS, TAKEN), (COUNTS[Analyte.ANC], AGE, AGE_DAYS, WEIGHT), (AGE_GIVEN,)),
    indicators=(Indicator.INFO, Indicator.WARNING, Indicator.CRITICAL),
    triggers=(MAST_CELL_DISORDER,),
)
def triggers_avoid(f: Facts, context: Context) -> Sequence[Decision]:
    """Avoid known mast cell triggers, personalised by the patient's reactions and drugs.

    Fires for every mast cell disorder with the physical triggers and the drug classes of
    section 2.7. Recorded reactions are named (as physical triggers, rated drugs or free
    text), and drugs taken or planned that the safety catalogue flags are listed with their
    alternatives: a warning when such a drug is rated avoid or the patient reacted to it,
    critical when the patient had anaphylaxis to a drug taken or planned now.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    reading = read_reactions(f)
    findings = list(reading.findings)
    options = context.options.perioperative
    reactions = REACTIONS.of(f)
    indicator = Indicator.INFO
    flagged: list[tuple[str, str | None, AgentVerdict | None, Mapping[str, str] | None]] = []
    barriers = False
    barrier_findings: list[Finding] = []
    for medication in TAKEN.of(f):
        verdict = vet_agent(medication.drug, options, reactions)
        prior = next(
            (reading.reacted[g] for g in f.ingredients_of(medication) if g in reading.reacted),
            None,
        )
        if prior is None and not verdict.flagged:
            continue
        if prior is not None:
            anaphylaxis = prior.severity is ReactionSeverity.ANAPHYLAXIS
            indicator = Indicator.CRITICAL if anaphylaxis else _raise_to_warning(indicator)
            flagged.append((medication.drug, f.path_of(prior), None, None))
        else:
            if verdict.level is SafetyLevel.AVOID:
                indicator = _raise_to_warning(indicator)
            # Alternatives a label rules out for this patient are named, not offered (SR5).
            excluded = None
            if METAMIZOLE_DRUG in verdict.alternatives:
                barriers = True
                exclusion = metamizole_exclusion(f, context)
                excluded = exclusion.excluded
                barrier_findings += exclusion.findings
            flagged.append((medication.drug, None, verdict, excluded))
        findings.append(
            Finding(
                input=f.path_of(medication),
                text=medication.drug,
                note=f"{medication.status.value}; "
                + ("reacted to it" if prior is not None else f"rated {verdict.level}"),
            )
        )
    # what ruled metamizole out is cited (the ANC, a derived ANC's WBC and %), once
    findings += uncited(findings, barrier_findings)
    if not findings:
        findings.append(Finding(input="reactions", text="no reaction recorded"))
    decision = Decision(
        code="emergency.triggers.avoid",
        indicator=indicator,
        action=Action.AVOID,
        findings=tuple(findings),
        sources=tuple(dict.fromkeys((*TRIGGER_SOURCES, "S33", "S35", "S39", "S32", "SEED-A"))),
        params={
            "reading": reading,
            "flagged": tuple(flagged),
            "classes": class_advice(options, reactions),
        },
        lists_options=True,  # "with the usual alternatives" (S33, S35, S39)
    )
    if not barriers:
        return upto(1, decision)
    age = AGE.of(f)
    infant = age is not None and age < METAMIZOLE.infant_below_years
    return (decision,) if infant else upto(2, decision)
