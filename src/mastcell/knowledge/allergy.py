"""Reactions x drug groups: which drugs a recorded reaction rules out of any proposal.

A patient's past reaction to a drug speaks against proposing that drug again and, where the
sources support a cross-reactive group (addendum section 7; :mod:`mastcell.knowledge.groups`),
against proposing the other members of the group. Whatever way the chart wrote the agent, it
is read by the drug vocabulary first (:func:`mastcell.knowledge.resolve.resolve_reaction`:
brands, salts, combinations, class words, codes, spelling), so that "Dilaudid",
"hydromorphone HCl", "Percocet", "opiates" and "hydromorphne" all speak against
hydromorphone. This module answers one question, :func:`reaction_match`: does this patient
have a recorded reaction that speaks against this drug, and why? Every rule that proposes,
prefers, lists or schedules a drug asks it, through :func:`allowed` for a list of candidates,
and the engine checks every proposal once more before a report leaves it
(:func:`mastcell.guard.guard_decisions`).

Two questions are kept apart, as the addendum insists (XR-C1): *histamine release*
(pseudoallergy, the mast-cell safety catalogue of :mod:`mastcell.knowledge.safety`) and
*allergy* (an immune reaction to the molecule, this module). Buprenorphine is acceptable for
the first and a phenanthrene for the second.

Policy (stated once, applied throughout):

- the drug itself: never proposed again, whatever the recorded severity;
- a member of a cross-reactive group the sources support: never proposed either; the
  clinician decides after allergist testing or a supervised challenge (XR4, XR5, XR11);
- a group whose membership the sources do not verify (XR9) is kept as data with its flag and
  treated the same way for proposals: mastcell does not *propose* a drug that may cross-react,
  it says why and leaves the choice to the clinician;
- an agent read by spelling is treated as the drug it is close to (never proposed) and the
  report asks the clinician to confirm it;
- an agent mastcell cannot read at all makes every proposal a clinician decision
  (:mod:`mastcell.guard`);
- epinephrine is never withheld for anaphylaxis because of a recorded reaction: it remains
  first-line (EI1, S141); a reaction to it is stated, not acted on.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from typing import TypeAlias

import attrs

from mastcell.knowledge.drugs import CATALOGUE, MAX_NAME_TEXT, Match, ingredients_of, normalise
from mastcell.knowledge.groups import CrossReactiveGroup, groups_of
from mastcell.knowledge.resolve import Resolution, names_in, resolve_reaction
from mastcell.model.clinical import Reaction
from mastcell.model.vocabulary import DrugClass, ReactionSeverity

__all__ = [
    "NEVER_WITHHELD",
    "NO_OPTION",
    "Allowed",
    "ReactionMatch",
    "Relation",
    "allowed",
    "describe_matches",
    "reaction_match",
    "reaction_matches",
    "reactions_to",
]


class Relation(enum.StrEnum):
    """How a recorded reaction relates to a drug.

    >>> Relation.SAME_DRUG.describe("fentanyl", "fentanyl")
    'recorded reaction to fentanyl itself'
    """

    SAME_DRUG = "same_drug"
    CROSS_REACTIVE = "cross_reactive"

    def describe(self, drug: str, agent: str) -> str:
        """The relation in words, for a finding or a detail."""
        if self is Relation.SAME_DRUG:
            return f"recorded reaction to {drug} itself"
        return f"recorded reaction to {agent}, which may cross-react with {drug}"


#: Drugs never withheld because of a recorded reaction: epinephrine stays first-line for
#: anaphylaxis (EI1, S141); the report states the reaction instead.
NEVER_WITHHELD = frozenset({"epinephrine"})

#: What a list of options says when the patient's reactions leave none (never an empty list).
NO_OPTION = "no acceptable option on record: clinician decision"


@attrs.frozen(kw_only=True)
class ReactionMatch:
    """A recorded reaction that speaks against a drug, and why.

    ``resolution`` says how the reaction's agent was read (a brand, a salt, a class word,
    spelling...); the finding and the detail name it whenever the agent is not written as
    the drug itself.

    >>> m = reaction_match([Reaction(agent="fentanyl", severity="anaphylaxis")], "Fentanyl")
    >>> m.relation, m.describe()
    (<Relation.SAME_DRUG: 'same_drug'>, 'recorded reaction to fentanyl itself (anaphylaxis)')
    >>> reaction_match([Reaction(agent="Norcuron")], "vecuronium").note
    "recorded reaction to vecuronium itself; 'norcuron': brand name of vecuronium"
    """

    drug: str
    reaction: Reaction
    relation: Relation
    group: CrossReactiveGroup | None = None
    resolution: Resolution | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources behind the match (the group's; none for the drug itself)."""
        return () if self.group is None else self.group.sources

    @property
    def anaphylaxis(self) -> bool:
        """The recorded reaction was anaphylaxis."""
        return self.reaction.severity is ReactionSeverity.ANAPHYLAXIS

    @property
    def how_read(self) -> str | None:
        """How the agent was read, when it is not written as the drug itself."""
        res = self.resolution
        if res is None or (res.how is Match.EXACT and not res.stripped and res.text == self.drug):
            return None
        return res.describe()

    @property
    def note(self) -> str:
        """The relation, and how the agent was read when that took more than its name."""
        text = self.relation.describe(self.drug, self.reaction.agent)
        how = self.how_read
        return text if how is None else f"{text}; {how}"

    def describe(self, drugs: str | None = None) -> str:
        """The match in one clause, with the group's facts where it is a group.

        ``drugs`` names several drugs the same reaction and group speak against (see
        :func:`describe_matches`); the match's own drug by default.
        """
        severity = self.reaction.severity.value if self.reaction.severity else "severity not stated"
        drug = self.drug if drugs is None else drugs
        text = f"{self.relation.describe(drug, self.reaction.agent)} ({severity})"
        how = self.how_read
        if how is not None:
            text += f" [{how}]"
        if self.group is not None:
            text += f": {self.group.name}; {self.group.says} ({', '.join(self.group.sources)})"
        return text


def describe_matches(matches: Iterable[ReactionMatch], said: ReactionMatch | None = None) -> str:
    """Drugs not offered and why, each reaction and group said once with all its drugs.

    One clause per drug repeated a group's facts for every member it ruled out. ``said`` is a
    match the text has already described in full: the same reaction is then referred to, not
    described again (its group named when it differs).

    >>> rs = [Reaction(agent="opiates", severity="flare")]
    >>> describe_matches(allowed(rs, ["fentanyl", "sufentanil"]).excluded)[:83]
    'fentanyl, sufentanil (recorded reaction to opiates, which may cross-react with them'
    >>> describe_matches(allowed(rs, ["fentanyl", "sufentanil"]).excluded).count("XR6")
    1
    >>> m = allowed(rs, ["fentanyl", "sufentanil"]).excluded
    >>> describe_matches(m[1:], said=m[0])
    'sufentanil (recorded reaction to opiates, which may cross-react with sufentanil, as above)'
    """
    grouped: dict[tuple[int, Relation, str | None], list[ReactionMatch]] = {}
    for match in matches:
        key = (id(match.reaction), match.relation, None if match.group is None else match.group.id)
        grouped.setdefault(key, []).append(match)
    parts = []
    for found in grouped.values():
        names = list(dict.fromkeys(m.drug for m in found))
        drugs = ", ".join(names)
        them = "them" if len(names) > 1 and found[0].relation is Relation.CROSS_REACTIVE else drugs
        first = found[0]
        if said is not None and first.reaction is said.reaction:
            group = first.group
            also = "" if group is None or group == said.group else f"; {group.name}"
            parts.append(
                f"{drugs} ({first.relation.describe(them, first.reaction.agent)}, as above{also})"
            )
            continue
        parts.append(f"{drugs} ({first.describe(them)})")
    return "; ".join(parts)


_SEVERITY_ORDER = {
    ReactionSeverity.ANAPHYLAXIS: 0,
    ReactionSeverity.FLARE: 1,
    ReactionSeverity.MILD: 2,
}


def _rank(
    item: _Planned, severities: tuple[ReactionSeverity | None, ...], agents: tuple[str, ...]
) -> tuple[int, int, str]:
    index, _, relation, _, _ = item
    severity = severities[index]
    return (
        0 if relation is Relation.SAME_DRUG else 1,
        _SEVERITY_ORDER.get(severity, 3) if severity is not None else 3,
        agents[index],
    )


def _match_one(
    generic: str, res: Resolution, mine: tuple[CrossReactiveGroup, ...]
) -> tuple[Relation, CrossReactiveGroup | None] | None:
    if generic in res.ingredients:
        return Relation.SAME_DRUG, None
    named = [g for g in res.classes if generic in g.members]
    if named:
        # "salicylates" names aspirin's own class: a reaction to aspirin itself
        group = named[0]
        return (Relation.SAME_DRUG if group.itself else Relation.CROSS_REACTIVE), group
    members = res.members
    shared = [g for g in mine if not g.members.isdisjoint(members)]
    if not shared:
        return None
    group = max(shared, key=lambda g: (g.verified, len(g.facts), g.id))
    return Relation.CROSS_REACTIVE, group


#: One match as planned from the agents and severities alone: the reaction's index, the
#: drug (generic) matched, the relation, the group and how the agent was read.
_Planned: TypeAlias = tuple[int, str, Relation, CrossReactiveGroup | None, Resolution]

#: Plans are memoised for at most this many reactions (a longer list is planned each time).
_PLANNED_REACTIONS = 32


def _plan(
    drug: str, agents: tuple[str, ...], severities: tuple[ReactionSeverity | None, ...]
) -> tuple[_Planned, ...]:
    """The matches against ``drug``, strongest first, from the reactions' agents and severities.

    A pure function of text and vocabulary members: it holds no reaction object, so a plan
    found for one patient serves another only as the indices it names in their own list.
    """
    read = [(i, res) for i, agent in enumerate(agents) if (res := resolve_reaction(agent)).known]
    if not read:
        return ()
    found: list[_Planned] = []
    # A name the vocabulary cannot read as a whole ("latex gloves", "Omnipaque 350", an order
    # with its instructions) is matched through the catalogue names written in it.
    for generic in ingredients_of(drug) or names_in(drug) or (normalise(drug),):
        mine = groups_of(generic)
        for i, res in read:
            match = _match_one(generic, res, mine)
            if match is not None:
                found.append((i, generic, match[0], match[1], res))
    return tuple(sorted(found, key=lambda item: _rank(item, severities, agents)))


#: Memoised :func:`_plan` for names and lists of bounded size (thread-safe, bounded, keyed by
#: the text it is computed from, like :func:`~mastcell.knowledge.resolve.resolve_reaction`).
_plan_cached = functools.lru_cache(maxsize=4096)(_plan)


def reaction_matches(reactions: Iterable[Reaction], drug: str) -> tuple[ReactionMatch, ...]:
    """Every recorded reaction that speaks against ``drug``, strongest first.

    The drug itself first, then cross-reactive groups and classes; within each, anaphylaxis
    first. A combination product is checked ingredient by ingredient; a name the vocabulary
    cannot read as a whole, through the catalogue names written in it ("latex gloves").

    >>> rs = [Reaction(agent="vecuronium", severity="flare"),
    ...       Reaction(agent="rocuronium bromide", severity="anaphylaxis")]
    >>> [(m.reaction.agent, m.relation.value) for m in reaction_matches(rs, "rocuronium")]
    [('rocuronium bromide', 'same_drug'), ('vecuronium', 'cross_reactive')]
    >>> [m.drug for m in reaction_matches([Reaction(agent="latex")], "latex gloves")]
    ['natural rubber latex']

    Each match holds the caller's own reaction (its input path is found by identity).

    >>> twice = [Reaction(agent="fentanyl"), Reaction(agent="fentanyl")]
    >>> [m.reaction is r for m, r in zip(reaction_matches(twice, "fentanyl"), twice)]
    [True, True]
    """
    if reactions == ():
        return ()  # no reaction recorded (the usual case): nothing speaks against any drug
    reactions = tuple(reactions)
    if not reactions:
        return ()
    agents = tuple([r.agent for r in reactions])
    severities = tuple([r.severity for r in reactions])
    if (
        len(agents) <= _PLANNED_REACTIONS
        and len(drug) <= MAX_NAME_TEXT
        and max(map(len, agents)) <= MAX_NAME_TEXT
    ):
        plan = _plan_cached(drug, agents, severities)
    else:  # long text or a long list: computed each time, never kept
        plan = _plan(drug, agents, severities)
    return tuple(
        ReactionMatch(
            drug=generic, reaction=reactions[i], relation=relation, group=group, resolution=res
        )
        for i, generic, relation, group, res in plan
    )


def reaction_match(reactions: Iterable[Reaction], drug: str) -> ReactionMatch | None:
    """The strongest recorded reaction that speaks against proposing ``drug``, or None.

    >>> reaction_match([Reaction(agent="ibuprofen", severity="flare")], "aspirin").relation
    <Relation.CROSS_REACTIVE: 'cross_reactive'>
    >>> reaction_match([Reaction(agent="Excedrin")], "aspirin").relation
    <Relation.SAME_DRUG: 'same_drug'>
    >>> reaction_match([Reaction(agent="heat")], "aspirin") is None
    True
    """
    found = reaction_matches(reactions, drug)
    return found[0] if found else None


@attrs.frozen(kw_only=True)
class Allowed:
    """Candidate drugs split by the patient's reactions: those kept, and the matches against.

    The one way a rule writes a list of options ("acceptable", "alternatives", "of choice",
    "prefer") or picks the drug to propose: :meth:`text` never prints an empty list.

    >>> a = allowed([Reaction(agent="opiates")], ["fentanyl", "acetaminophen"])
    >>> a.kept, [m.drug for m in a.excluded], a.text()
    (('acetaminophen',), ['fentanyl'], 'acetaminophen')
    >>> allowed([Reaction(agent="penicillins")], ["amoxicillin"]).text()
    'no acceptable option on record: clinician decision'
    """

    kept: tuple[str, ...]
    excluded: tuple[ReactionMatch, ...] = ()

    @property
    def first(self) -> str | None:
        """The first drug kept, or None when none is left."""
        return self.kept[0] if self.kept else None

    def text(self, limit: int | None = None, empty: str = NO_OPTION, joiner: str = ", ") -> str:
        """The kept drugs (the first ``limit``) joined, or ``empty`` when none is left."""
        shown = self.kept if limit is None else self.kept[:limit]
        return joiner.join(shown) if shown else empty


def allowed(reactions: Iterable[Reaction], candidates: Iterable[str]) -> Allowed:
    """Split candidate drugs into those the patient's reactions allow and the matches against.

    >>> allowed([Reaction(agent="Dilaudid")], ["fentanyl", "hydromorphone"]).kept
    ('fentanyl',)
    """
    reactions = tuple(reactions)
    kept: list[str] = []
    out: list[ReactionMatch] = []
    for name in candidates:
        match = reaction_match(reactions, name) if reactions else None
        if match is None:
            kept.append(name)
        else:
            out.append(match)
    return Allowed(kept=tuple(kept), excluded=tuple(out))


def reactions_to(reactions: Iterable[Reaction], *classes: DrugClass) -> tuple[Reaction, ...]:
    """The recorded reactions whose agent is, contains or names a drug of any of ``classes``.

    Reads the agent through the vocabulary: "Excedrin" and "NSAIDs" are reactions to an
    NSAID, and so is "ibuprofin" (by spelling).

    >>> rs = [Reaction(agent="Excedrin"), Reaction(agent="heat"), Reaction(agent="NSAIDs")]
    >>> [r.agent for r in reactions_to(rs, DrugClass.NSAID, DrugClass.ASPIRIN)]
    ['excedrin', 'nsaids']
    """
    wanted = frozenset(classes)
    found = []
    for reaction in reactions:
        res = resolve_reaction(reaction.agent)
        if any(not CATALOGUE[m].classes.isdisjoint(wanted) for m in res.members):
            found.append(reaction)
    return tuple(found)
