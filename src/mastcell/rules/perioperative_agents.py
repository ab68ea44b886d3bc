"""Planned agents of a procedure that the safety catalogue flags or the patient reacted to.

Every planned procedure is looked at whatever its date (:func:`~mastcell.rules.procedure_facts.planned_any`):
the planning horizon never hides an agent to avoid, and one dated in the past is still
reported, as a warning. The muscle relaxants have a rule of their own (critical, with the
safer relaxant proposed); the other agents (analgesics aside: the analgesia rules report
them) another.

Converted (issue 20): decisions from the facts view; the words are in
:mod:`mastcell.text.perioperative`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import Relation, reaction_match
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.model import DoseAdvice, Finding, Indicator
from mastcell.reads import PROCEDURES, REACTIONS
from mastcell.rules.declare import decides
from mastcell.rules.perioperative_facts import ALLERGY_SOURCES, SAFETY_SOURCES, said_options
from mastcell.rules.procedure_facts import Planned, planned_any, usable_for
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context
from mastcell.vetting import AgentVerdict, vet_agent

__all__ = ["agent_decision"]

#: The groups another rule reports (relaxants here, analgesics in the analgesia rules).
_ELSEWHERE = frozenset({SafetyGroup.NMBA, SafetyGroup.OPIOID, SafetyGroup.NON_OPIOID_ANALGESIC})


def _flagged(
    f: Facts, context: Context, wanted: Callable[[AgentVerdict], bool]
) -> Sequence[Decision]:
    """The decisions on the flagged planned agents of the groups ``wanted`` picks.

    The reactions are read (stage 2) for an agent the catalogue does not flag (is it one the
    patient reacted to?) and for each flagged agent reported; a plan whose every agent is
    flagged and reported elsewhere reads only the procedures.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    options = context.options.perioperative
    found: list[tuple[Planned, str, AgentVerdict]] = []
    reactions_read = False
    for planned in planned_any(f, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            verdict = vet_agent(agent, options)
            if not verdict.flagged:
                reactions_read = True
                if reaction_match(REACTIONS.of(f), agent) is None:
                    continue
            if wanted(verdict):
                reactions_read = True
                found.append((planned, f"{planned.path}.planned_agents[{j}]", verdict))
    if not reactions_read:
        return upto(1)
    return tuple(agent_decision(f, planned, path, verdict) for planned, path, verdict in found)


def agent_decision(f: Facts, planned: Planned, path: str, verdict: AgentVerdict) -> Decision:
    """The decision on one flagged planned agent (a relaxant: ``perioperative.nmba.avoid``).

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Procedure
    >>> from mastcell.rules.procedure_facts import planned_any
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="surgery", date=date(2026, 12, 3),
    ...                                   planned_agents=("atracurium",))])
    >>> f = facts_of(p, AT)
    >>> (planned,) = planned_any(f, Context(at=AT))
    >>> d = agent_decision(f, planned, "procedures[0].planned_agents[0]", vet_agent("atracurium"))
    >>> d.code, d.indicator.value, d.action.value, d.drug
    ('perioperative.nmba.avoid', 'critical', 'prefer', 'rocuronium')
    """
    nmba = verdict.group is SafetyGroup.NMBA
    code = "perioperative.nmba.avoid" if nmba else "perioperative.agent.avoid"
    match = reaction_match(REACTIONS.of(f), verdict.name)
    same = match is not None and match.relation is Relation.SAME_DRUG
    level = "not rated" if verdict.level is None else f"rated {verdict.level}"
    findings = [Finding(input=path, text=verdict.name, note=level)]
    if match is not None:
        findings.append(reaction_finding(f, match))
    alts, excluded = usable_for(f, verdict.alternatives)
    if nmba and match is not None:
        # After a reaction to a relaxant, none is proposed: allergist testing decides (XR4, XR5).
        alts = ()
    # The verdict as this patient's reactions allow it: its alternatives never name a drug
    # the patient reacted to, and say so when none is left.
    withheld = verdict.alternatives if nmba and match is not None else ()
    shown = attrs.evolve(
        verdict,
        alternatives=alts,
        withheld=tuple(dict.fromkeys((*(m.drug for m in excluded), *withheld))),
    )
    if same or verdict.level is SafetyLevel.AVOID:
        stance = ""  # avoid (the default variant)
        indicator = Indicator.CRITICAL if same or nmba else Indicator.WARNING
    elif match is not None:
        stance = "cross"
        indicator = Indicator.WARNING
    else:
        stance = "reconsider"
        indicator = Indicator.WARNING if nmba else Indicator.INFO
    if planned.past:
        # A procedure dated before today: no longer an order to act on now (it took place,
        # or its date is wrong); kept as a warning so a wrong date is still seen.
        indicator = Indicator.WARNING if indicator is Indicator.CRITICAL else indicator
    # A procedure dated in the past is no order to act on now: the safer relaxant is named in
    # the text, never proposed (issue 16 review: a relaxant proposed for yesterday).
    medication = (
        DoseAdvice(
            drug=alts[0],
            note="safer agent of the same class; dose per the anaesthetist (no "
            "mast-cell-specific dose in the sources)",
        )
        if alts and nmba and not planned.past
        else None
    )
    sources = (
        # An agent the catalogue does not rate (flagged for a recorded reaction) has no
        # sources of its own: cite the rule's lists rather than none.
        *(verdict.sources or ("S33", "S35", "S39")),
        *(match.sources if match else ()),
        *(x for m in excluded for x in m.sources),
        *(("S138",) if nmba and match is not None else ()),
    )
    return said_options(
        Decision(
            code=code,
            indicator=indicator,
            action=Action.AVOID if medication is None else Action.PREFER,
            drug=None if medication is None else medication.drug,
            medication=medication,
            findings=tuple(findings),
            sources=tuple(dict.fromkeys(sources)),
            variant=stance,
            params={
                "planned": planned,
                "verdict": verdict,
                "shown": shown,
                "match": match,
                "excluded": excluded,
                "alts": alts,
                "nmba": nmba,
            },
        )
    )


@decides(
    "perioperative.nmba.avoid",
    sources=(
        "S33",
        "S34",
        "S39",
        "S37",
        "SEED-B",
        "S138",
        "S35",
        *SAFETY_SOURCES,
        *ALLERGY_SOURCES,
    ),
    reads=((), (PROCEDURES,), (REACTIONS,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(MAST_CELL_DISORDER,),
)
def nmba_avoid(f: Facts, context: Context) -> Sequence[Decision]:
    """Avoid histamine-releasing muscle relaxants in a planned procedure.

    Fires for each neuromuscular blocker in a procedure's planned agents that the safety
    catalogue rates avoid (atracurium, mivacurium: critical) or caution (succinylcholine:
    warning, stating the disagreement), or that the patient has reacted to (critical).
    Rocuronium gives no avoid unless a clinician chooses the S39 reading.
    """
    return _flagged(f, context, lambda verdict: verdict.group is SafetyGroup.NMBA)


@decides(
    "perioperative.agent.avoid",
    sources=("S33", "S35", "S39", "S138", "S139", "S140", *SAFETY_SOURCES, *ALLERGY_SOURCES),
    reads=((), (PROCEDURES,), (REACTIONS,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def agent_avoid(f: Facts, context: Context) -> Sequence[Decision]:
    """Flag other planned agents that release histamine or are contested.

    Fires for each planned agent outside the muscle relaxants and analgesics (those are
    reported by ``perioperative.nmba.avoid`` and the analgesia rules) that the safety catalogue
    rates avoid (thiopental, vancomycin: warning) or caution (beta-blockers, adenosine:
    info), or that the patient has reacted to (critical).
    """
    return _flagged(f, context, lambda verdict: verdict.group not in _ELSEWHERE)
