"""The words of the perioperative decisions: relaxants, planned agents, readiness, theatre.

The rules are in :mod:`mastcell.rules.perioperative` and
:mod:`mastcell.rules.perioperative_agents`. The readiness list (O14), the theatre triggers (O9) and the risk figures (O12, O13) are
written as :mod:`mastcell.knowledge.perioperative` holds them; a planned agent's standing as
the safety catalogue rates it (``AgentVerdict.describe`` in :mod:`mastcell.vetting`).

>>> from mastcell.text import template_of
>>> template_of("perioperative.agent.avoid").__name__
'agent_avoid'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import Allowed, ReactionMatch, Relation, describe_matches
from mastcell.knowledge.perioperative import (
    EMERGENCY_READINESS,
    OSTEOPOROSIS_NOTE,
    PREMEDICATION_RISK,
    THEATRE_TRIGGERS,
)
from mastcell.model.recommendation import SUMMARY_LIMIT
from mastcell.rules.perioperative_facts import KIND_LABELS
from mastcell.rules.procedure_facts import Planned, fit
from mastcell.text import Text, listed_within, shorten, template
from mastcell.vetting import AgentVerdict

__all__: list[str] = []


def _agent(
    stance: str,
    *,
    planned: Planned,
    verdict: AgentVerdict,
    shown: AgentVerdict,
    match: ReactionMatch | None,
    excluded: Sequence[ReactionMatch],
    alts: Sequence[str],
    nmba: bool,
) -> Text:
    generic = verdict.generic or verdict.name
    if nmba:
        verb = "consider" if stance == "reconsider" else "use"
        offer = f"{verb} {' or '.join(alts[:2])}" if alts else ""
    else:
        offer = f"acceptable in its class: {', '.join(alts[:2])}" if alts else ""
    if stance == "":
        why = f"recorded reaction to {match.reaction.agent}" if match else verdict.reason
        summary = f"Avoid {generic} for the {planned.label}: {why}"
    elif stance == "cross" and match is not None:
        summary = (
            f"Reconsider {generic} for the {planned.label}: may cross-react with "
            f"{match.reaction.agent} (recorded reaction); allergist testing"
        )
    else:
        why = "sources disagree on its safety" if verdict.conflict else verdict.reason
        summary = f"Reconsider {generic} for the {planned.label}: {why}"
    if offer and len(summary) + len(offer) + 2 <= 140:
        summary += f"; {offer}"
    detail = f"Planned agent {shown.describe(reacted=match is not None)}"
    if match is not None:
        detail += f" The patient has a {match.describe()}."
        if match.relation is Relation.CROSS_REACTIVE:
            detail += (
                " Same-class or structurally close drug: allergist testing or a supervised "
                "challenge decides; clinician decision."
            )
    if planned.past:
        detail += (
            f" The {KIND_LABELS[planned.procedure.kind]} is dated before the evaluation day: "
            "if it took place, nothing is to be done for it now (record any reaction); if it is "
            "still planned, correct its date and this becomes an alert for the coming procedure."
        )
    if nmba and match is not None:
        detail += (
            " After a reaction to a neuromuscular blocker no relaxant is proposed here: sources "
            "support allergist skin testing of the available agents and use of a test-negative "
            "one, with residual risk (XR3-XR5, S138); clinician decision."
        )
    if excluded:
        detail += " Not offered: " + describe_matches(excluded, said=match) + "."
    if alts and not nmba:
        detail += " Choose by the indication; the list only rates mast-cell safety."
    return fit(summary), detail


@template("perioperative.nmba.avoid")
@template("perioperative.agent.avoid")
def agent_avoid(**params: object) -> Text:
    """Rated avoid, or the patient reacted to the agent itself: avoid it."""
    return _agent("", **params)  # type: ignore[arg-type]


@template("perioperative.nmba.avoid", "cross")
@template("perioperative.agent.avoid", "cross")
def agent_cross(**params: object) -> Text:
    """A reaction to a drug that may cross-react: reconsider, allergist testing."""
    return _agent("cross", **params)  # type: ignore[arg-type]


@template("perioperative.nmba.avoid", "reconsider")
@template("perioperative.agent.avoid", "reconsider")
def agent_reconsider(**params: object) -> Text:
    """Rated caution: reconsider (the disagreement stated when the sources disagree)."""
    return _agent("reconsider", **params)  # type: ignore[arg-type]


@template("perioperative.nmba.prefer")
def nmba_prefer(
    *,
    planned: Planned,
    general: bool | None,
    choice: Allowed,
    avoid: Sequence[str],
    disputed: Sequence[AgentVerdict],
    nmba_reactions: Sequence[ReactionMatch],
    excluded: Sequence[ReactionMatch],
) -> Text:
    """The relaxants of choice (or, after a reaction to one, allergist testing)."""
    lead = "General anaesthesia" if general else "Anaesthesia type not stated"
    if nmba_reactions:
        summary = (
            f"{lead} ({planned.label}): recorded reaction to "
            f"{nmba_reactions[0].reaction.agent}; choose the relaxant by allergist testing"
        )
    else:
        head = f"{lead} ({planned.label}): relaxant of choice {choice.text(limit=2, joiner=' or ')}"
        head += "; avoid "
        summary = head + listed_within([str(a) for a in avoid], SUMMARY_LIMIT - len(head))
    conflicts = " ".join(v.describe() for v in disputed)
    detail = (
        f"Acceptable neuromuscular blockers in mast cell disease: {choice.text()} (S33). "
        f"Avoid: {', '.join(str(a) for a in avoid)}. "
        + (
            ""
            if general
            else "The procedure does not state its anaesthesia; this applies if it is general. "
        )
        + conflicts
    ).rstrip()
    if nmba_reactions:
        detail = (
            "Recorded reaction to a neuromuscular blocker: no relaxant is proposed. Not "
            "offered: "
            + describe_matches(nmba_reactions)
            + "."
            + " Sources support allergist skin testing of the available agents and use of "
            "a test-negative one, with residual risk (XR3-XR5, S138): clinician decision. " + detail
        )
    elif excluded:
        detail += " Not offered: " + describe_matches(excluded) + "."
    return fit(summary), detail


@template("perioperative.emergency_readiness")
def emergency_readiness(
    *, planned: Planned, risks: Sequence[str], excluded: Sequence[ReactionMatch] = ()
) -> Text:
    """What to have at hand (O14), the risk factors (O12), what the reactions rule out."""
    risk_text = f"Risk factors present (S36): {', '.join(risks)}. " if risks else ""
    summary = (
        f"Before the {planned.label}: have epinephrine, IV antihistamines and IV "
        "corticosteroids ready"
    )
    not_for = ""
    if excluded:
        names = ", ".join(dict.fromkeys(m.drug for m in excluded))
        summary = shorten(
            f"Before the {planned.label}: have epinephrine ready; not {names} (recorded "
            "reaction): alternatives a clinician decision"
        )
        not_for = (
            f" Not to be had ready for this patient: {describe_matches(excluded)}; which "
            "antihistamine or corticosteroid to have ready instead is a clinician decision."
        )
    return (
        summary,
        f"Have at hand: {', '.join(EMERGENCY_READINESS)} (O14: SEED-A; S40).{not_for} "
        f"{risk_text}{PREMEDICATION_RISK} The 1-3 ug/kg IV epinephrine of a 1986 "
        "single-centre report (S40) is not proposed as a dose; see "
        "emergency.epinephrine.prescribe for the patient's own auto-injectors.",
    )


@template("perioperative.theatre_triggers")
def theatre_triggers(*, planned: Planned, personal: Sequence[str], sm: bool) -> Text:
    """The physical triggers in theatre (O9), those the patient reacted to, bone loss in SM."""
    detail = (
        f"Physical triggers in theatre (S34, S45): {'; '.join(THEATRE_TRIGGERS)}. "
        "H1 and H2 antihistamines help stabilise mast cells (S34)."
    )
    if personal:
        detail += " This patient has reacted to: " + ", ".join(personal) + "."
    if sm:
        detail += " " + OSTEOPOROSIS_NOTE
    return (
        f"For the {planned.label}: avoid temperature swings, friction and tourniquets "
        "near skin lesions; position with care",
        detail,
    )
