"""Findings that cite a recorded reaction, on the facts view (shared by the rule areas).

The facts-view versions of :func:`mastcell.guard.reaction_finding` and
:func:`mastcell.guard.anaphylaxis_finding`: the same words, the input path taken from the
facts view rather than the patient. The agent is bounded to 60 characters.

>>> from mastcell.facts import facts_of
>>> from mastcell.knowledge.allergy import reaction_match
>>> from mastcell.model import Reaction
>>> from mastcell.testing import AT, patient
>>> p = patient(reactions=[Reaction(agent="fentanyl", severity="anaphylaxis")])
>>> str(reaction_finding(facts_of(p, AT), reaction_match(p.reactions, "fentanyl")))
'reactions[0]: fentanyl: anaphylaxis (recorded reaction to fentanyl itself)'
"""

from __future__ import annotations

from mastcell.facts import Facts
from mastcell.guard import NONE_KNOWN_ANAPHYLAXIS
from mastcell.knowledge.allergy import ReactionMatch
from mastcell.knowledge.drugs import Match
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.model import Finding, Reaction

__all__ = ["anaphylaxis_finding", "bounded", "reaction_finding"]


def bounded(text: str, limit: int = 60) -> str:
    """A chart's text cut to ``limit`` characters, saying how long it was.

    >>> bounded("x" * 70, 4)
    'xxxx... (70 characters)'
    """
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def reaction_finding(f: Facts, match: ReactionMatch) -> Finding:
    """The finding that cites the recorded reaction behind a match.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.allergy import reaction_match
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="codeine")])
    >>> str(reaction_finding(facts_of(p, AT), reaction_match(p.reactions, "codeine")))
    'reactions[0]: codeine: severity not stated (recorded reaction to codeine itself)'
    """
    reaction = match.reaction
    severity = reaction.severity.value if reaction.severity else "severity not stated"
    return Finding(
        input=f.path_of(reaction),
        text=f"{bounded(reaction.agent)}: {severity}",
        note=match.note,
    )


def anaphylaxis_finding(f: Facts, reaction: Reaction) -> Finding:
    """A recorded anaphylaxis as a finding; "no known drug allergies" with it is said so.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="penicillin", severity="anaphylaxis")])
    >>> str(anaphylaxis_finding(facts_of(p, AT), p.reactions[0]))
    'reactions[0]: penicillin: anaphylaxis'
    >>> p = patient(reactions=[Reaction(agent="NKDA", severity="anaphylaxis")])
    >>> anaphylaxis_finding(facts_of(p, AT), p.reactions[0]).note.startswith("recorded as")
    True
    """
    none_known = resolve_reaction(reaction.agent).how is Match.NONE_KNOWN
    return Finding(
        input=f.path_of(reaction),
        text=f"{bounded(reaction.agent)}: anaphylaxis",
        note=NONE_KNOWN_ANAPHYLAXIS if none_known else None,
    )
