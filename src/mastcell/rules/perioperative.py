"""Perioperative care: the relaxants of choice, emergency readiness, theatre triggers.

Each planned procedure (surgery, endoscopy, contrast imaging, dental, other) is judged by its
start relative to the evaluation moment: a procedure already begun or past is left alone, one
further ahead than ``PerioperativeOptions.horizon`` is not yet planned for
(:func:`~mastcell.rules.procedure_facts.upcoming`). Fact sheet 2.4 and 2.7; the premedication
protocol is O10 (S35), in :mod:`mastcell.rules.perioperative_premedication`; the planned
agents to avoid are in :mod:`mastcell.rules.perioperative_agents`.

Converted (issue 20): decisions from the facts view; the words are in
:mod:`mastcell.text.perioperative`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import allowed, reaction_match
from mastcell.knowledge.groups import group_sources
from mastcell.knowledge.perioperative import (
    EMERGENCY_READINESS_SOURCES,
    NMBA_DISPUTED,
    NMBA_FLAGGED,
    READINESS_DRUGS,
    THEATRE_KINDS,
    THEATRE_TRIGGER_SOURCES,
    THEATRE_TRIGGER_WORDS,
)
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.model import (
    Anesthesia,
    DiagnosisFamily,
    DoseAdvice,
    Finding,
    Indicator,
    ProcedureKind,
    ReactionSeverity,
)
from mastcell.reads import PROCEDURES, REACTIONS
from mastcell.rules.declare import decides
from mastcell.rules.perioperative_facts import ALLERGY_SOURCES, general, said_options
from mastcell.rules.procedure_facts import upcoming
from mastcell.rules.reaction_facts import anaphylaxis_finding, reaction_finding
from mastcell.rules.registry import Context
from mastcell.vetting import alternatives, vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; the shared procedure helpers are in mastcell.rules.procedure_facts.
__all__: list[str] = []


@decides(
    "perioperative.nmba.prefer",
    sources=("S33", "S39", "S37", "SEED-B", "S138", "S139", "S140", *ALLERGY_SOURCES),
    reads=((), (REACTIONS, PROCEDURES)),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def nmba_prefer(f: Facts, context: Context) -> Sequence[Decision]:
    """Name the acceptable muscle relaxants for a general anaesthetic.

    Fires for each planned general anaesthetic (and for surgery whose anaesthesia is not
    stated, conditionally): rocuronium, vecuronium, pancuronium or cisatracurium; atracurium
    and mivacurium avoided; the rocuronium and succinylcholine disagreements stated.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    options = context.options.perioperative
    reactions = REACTIONS.of(f)
    found = allowed(reactions, alternatives(SafetyGroup.NMBA, options))
    usable, excluded = found.kept, found.excluded
    nmba_reactions = tuple(m for m in excluded if m.group is None or m.group.id.startswith("nmba"))
    if nmba_reactions:
        usable = ()
    choice = attrs.evolve(found, kept=usable)
    avoid = tuple(
        v.generic
        for v in (vet_agent(n, options) for n in NMBA_FLAGGED)
        if v.level is SafetyLevel.AVOID
    )
    # A disputed relaxant the patient reacted to (or may cross-react with) is not described
    # by its rating ("rocuronium: acceptable") after a reaction: it is listed as not offered.
    disputed = tuple(
        vet_agent(n, options, reactions)
        for n in NMBA_DISPUTED
        if reaction_match(reactions, n) is None
    )
    medication = (
        DoseAdvice(
            drug=usable[0],
            note="dose per the anaesthetist (no mast-cell-specific dose in the sources)",
        )
        if usable
        else None
    )
    sources = tuple(
        dict.fromkeys(("S33", "S39", "S37", "SEED-B", *(x for m in excluded for x in m.sources)))
    )
    out = []
    for planned in upcoming(f, context):
        stated = general(planned.procedure)
        if stated is False:
            continue
        out.append(
            Decision(
                code="perioperative.nmba.prefer",
                indicator=Indicator.INFO,
                action=Action.INFORM if medication is None else Action.PREFER,
                drug=None if medication is None else medication.drug,
                medication=medication,
                findings=(
                    Finding(
                        input=planned.path,
                        text=planned.label,
                        note=f"anesthesia: {planned.procedure.anesthesia or 'not stated'}",
                    ),
                    *(reaction_finding(f, m) for m in excluded),
                ),
                sources=sources,
                params={
                    "planned": planned,
                    "general": stated,
                    "choice": choice,
                    "avoid": avoid,
                    "disputed": disputed,
                    "nmba_reactions": nmba_reactions,
                    "excluded": excluded,
                },
                lists_options=True,  # "Acceptable neuromuscular blockers" (S33)
            )
        )
    return tuple(out)


#: The sources a recorded reaction against a readiness drug brings (its groups').
_READINESS_GROUP_SOURCES = group_sources(READINESS_DRUGS)


@decides(
    "perioperative.emergency_readiness",
    sources=(*EMERGENCY_READINESS_SOURCES, *_READINESS_GROUP_SOURCES),
    reads=((), (REACTIONS, PROCEDURES)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def emergency_readiness(f: Facts, context: Context) -> Sequence[Decision]:
    """Have anaphylaxis treatment at hand for a planned procedure.

    Fires for each procedure not yet begun within the horizon: epinephrine, IV antihistamines
    and IV corticosteroids ready. A warning with a REMA risk factor (general anaesthesia, major
    surgery, prior anaphylaxis), else information. An antihistamine or corticosteroid the
    patient reacted to (or may cross-react with) is named as not to be had ready for them.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    reactions = REACTIONS.of(f)
    anaphylaxis = [r for r in reactions if r.severity is ReactionSeverity.ANAPHYLAXIS]
    excluded = allowed(reactions, READINESS_DRUGS).excluded
    cited = {id(r) for r in anaphylaxis}
    against = tuple(reaction_finding(f, m) for m in excluded if id(m.reaction) not in cited)
    extra = tuple(s for m in excluded for s in m.sources)
    out = []
    for planned in upcoming(f, context):
        proc = planned.procedure
        risks = []
        if proc.anesthesia is Anesthesia.GENERAL:
            risks.append("general anaesthesia")
        if proc.kind is ProcedureKind.SURGERY:
            risks.append("surgery")
        if anaphylaxis:
            risks.append("prior anaphylaxis")
        out.append(
            Decision(
                code="perioperative.emergency_readiness",
                indicator=Indicator.WARNING if risks else Indicator.INFO,
                action=Action.INFORM,
                findings=(
                    Finding(input=planned.path, text=planned.label),
                    *(anaphylaxis_finding(f, r) for r in anaphylaxis),
                    *dict.fromkeys(against),
                ),
                sources=tuple(dict.fromkeys((*EMERGENCY_READINESS_SOURCES, *extra))),
                params={"planned": planned, "risks": tuple(risks), "excluded": excluded},
            )
        )
    return tuple(out)


@decides(
    "perioperative.theatre_triggers",
    sources=(*THEATRE_TRIGGER_SOURCES, "S47"),
    reads=((), (REACTIONS, PROCEDURES)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def theatre_triggers(f: Facts, context: Context) -> Sequence[Decision]:
    """Guard against physical triggers in theatre.

    Fires for each procedure in a theatre or procedure room (not contrast imaging): anxiety,
    temperature swings, friction and tourniquets near skin lesions, careful positioning (bone
    loss in SM). A warning when the patient has reacted to one of these triggers.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    personal = tuple(
        r
        for r in REACTIONS.of(f)
        if r.agent in THEATRE_TRIGGER_WORDS or set(r.agent.split()) & THEATRE_TRIGGER_WORDS
    )
    sm = DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families
    sources = (*THEATRE_TRIGGER_SOURCES, "S47") if sm else THEATRE_TRIGGER_SOURCES
    out = []
    for planned in upcoming(f, context):
        if planned.procedure.kind not in THEATRE_KINDS:
            continue
        decision = Decision(
            code="perioperative.theatre_triggers",
            indicator=Indicator.WARNING if personal else Indicator.INFO,
            action=Action.INFORM,
            findings=(
                Finding(input=planned.path, text=planned.label),
                *(
                    Finding(input=f.path_of(r), text=f"{r.agent}: {r.severity or 'reaction'}")
                    for r in personal
                ),
            ),
            sources=sources,
            params={"planned": planned, "personal": tuple(r.agent for r in personal), "sm": sm},
        )
        # The chart's own words are quoted: kept as the old card read them (issue 20).
        out.append(said_options(decision) if personal else decision)
    return tuple(out)
