"""How mastcell read the recorded reactions: what to confirm, what it could not read, NKDA.

Every reader of a reaction's agent goes through the drug vocabulary
(:func:`mastcell.knowledge.resolve.resolve_reaction`). When the chart did not name the drug as
the catalogue does (a brand, a salt, a combination product, a class word, a code), when
mastcell read it by spelling or among other words, when it could not read it at all, or when
the chart says "no known drug allergies", this rule says so in one card, one finding per
reaction, so that the clinician can check every reading the safety checks relied on.

Converted (issue 20): a decision from the facts view, text in :mod:`mastcell.text.reactions`.
The card informs; it proposes no drug. Withdrawing a proposal of a drug the patient reacted
to is the guard's (:mod:`mastcell.guard`), which reads the same resolutions.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from mastcell.decision import Action, Decision
from mastcell.facts import Facts, Recorded
from mastcell.guard import lists_options
from mastcell.knowledge.drugs import CATALOGUE, Match
from mastcell.knowledge.groups import CLASS_GROUPS, CROSS_REACTIVE_GROUPS
from mastcell.knowledge.resolve import Resolution, resolve_reaction
from mastcell.model import Finding, Indicator, Reaction, ReactionSeverity
from mastcell.reads import REACTIONS
from mastcell.rules.declare import decides
from mastcell.rules.registry import Context
from mastcell.text import render

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports only the read it declares.
__all__: list[str] = []

#: The sources of each way of reading a name: labels (S180, S181), RxNorm (S154), the
#: "no known allergy" codes (S186); class words cite their group's sources.
_HOW_SOURCES: dict[Match, tuple[str, ...]] = {
    Match.BRAND: ("S180", "S181"),
    Match.SALT_FORM: ("S180",),
    Match.COMBINATION: ("S180", "S181"),
    Match.CODE: ("S154",),
    Match.NONE_KNOWN: ("S186",),
}

#: Every source a reading may cite: each way of reading a name, each group a class word or an
#: ingredient belongs to, each catalogue drug's name sources.
_DECLARED = tuple(
    dict.fromkeys(
        (
            *(s for found in _HOW_SOURCES.values() for s in found),
            "S138",
            "S139",
            "S140",
            "S182",
            "S184",
            "S185",
            *(
                s
                for g in (*CROSS_REACTIVE_GROUPS.values(), *CLASS_GROUPS.values())
                for s in g.sources
            ),
            *(s for drug in CATALOGUE.values() for s in drug.name_sources),
        )
    )
)


def _plain(read: Resolution, reaction: Reaction) -> bool:
    """Read as written: a catalogue name, or a physical trigger; nothing to report."""
    if read.how is Match.TRIGGER:
        return True
    return read.how is Match.EXACT and not read.stripped and read.ingredients == (reaction.agent,)


def _finding(f: Facts, reaction: Reaction, read: Resolution) -> Finding:
    severity = "" if reaction.severity is None else f" ({reaction.severity.value})"
    agent = reaction.agent if len(reaction.agent) <= 60 else reaction.agent[:60] + "..."
    return Finding(input=f.path_of(reaction), text=f"{agent}{severity}", note=read.describe())


def _sources(read: Resolution) -> tuple[str, ...]:
    found = list(_HOW_SOURCES.get(read.how, ()))
    for group in read.classes:
        found += group.sources
    for generic in read.ingredients:
        found += CATALOGUE[generic].name_sources
    return tuple(found)


@decides(
    "medication.reaction.review",
    sources=_DECLARED,
    reads=(REACTIONS,),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.REACTION,),
)
def reaction_review(f: Facts, context: Context) -> Sequence[Decision]:
    """State how each recorded reaction was read, and ask to confirm what was guessed.

    Fires when a recorded reaction's agent is not written as a catalogue name or a physical
    trigger: a brand, salt, combination product, class word or code (information), read by
    spelling or among other words, or not readable at all (a warning: confirm the record),
    or "no known drug allergies" (information; a warning when reactions are recorded beside
    it, or it carries a severity).
    """
    reactions: tuple[Reaction, ...] = REACTIONS.of(f)
    confirm: list[tuple[Reaction, Resolution]] = []
    unread: list[tuple[Reaction, Resolution]] = []
    none_known: list[tuple[Reaction, Resolution]] = []
    read_as: list[tuple[Reaction, Resolution]] = []
    agents = 0
    for reaction in reactions:
        read = resolve_reaction(reaction.agent)
        if read.how is Match.NONE_KNOWN:
            none_known.append((reaction, read))
            continue
        agents += 1
        if read.how is Match.UNRESOLVED:
            unread.append((reaction, read))
        elif read.to_confirm:
            confirm.append((reaction, read))
        elif not _plain(read, reaction):
            read_as.append((reaction, read))
    if not (confirm or unread or none_known or read_as):
        return ()
    contradiction = bool(none_known) and (
        agents > 0 or any(r.severity is not None for r, _ in none_known)
    )
    reviewed = {id(r): (r, read) for r, read in (*confirm, *unread, *read_as, *none_known)}
    everything = [reviewed[id(r)] for r in reactions if id(r) in reviewed]
    sources = [s for _, read in everything for s in _sources(read)]

    def listed(group: list[tuple[Reaction, Resolution]]) -> tuple[tuple[str, str], ...]:
        return tuple((f.path_of(r), read.describe()) for r, read in group)

    decision = Decision(
        code="medication.reaction.review",
        indicator=Indicator.WARNING if confirm or unread or contradiction else Indicator.INFO,
        action=Action.INFORM,
        findings=tuple(_finding(f, r, read) for r, read in everything),
        sources=tuple(dict.fromkeys(sources or ["S186"])),
        params={
            "confirm": listed(confirm),
            "unread": listed(unread),
            "read_as": listed(read_as),
            "none_known": listed(none_known),
            "contradiction": contradiction,
            "anaphylaxis": tuple(
                f.path_of(r) for r, _ in none_known if r.severity is ReactionSeverity.ANAPHYLAXIS
            ),
        },
    )
    # The card lists no drugs, but the chart's own words are quoted in it: an unread agent
    # such as "alternative medicine" reads as a list of options, and the guard adds its note
    # for an unread reaction (the cautious reading, held by the golden reports).
    if lists_options(render(decision)):
        return (attrs.evolve(decision, lists_options=True),)
    return (decision,)
