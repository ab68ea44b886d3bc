"""Reactions x drug groups: which drugs a recorded reaction rules out of any proposal.

A patient's past reaction to a drug speaks against proposing that drug again and, where the
sources support a cross-reactive group (addendum section 7), against proposing the other
members of the group. This module holds the groups as data and answers one question,
:func:`reaction_match`: does this patient have a recorded reaction that speaks against this
drug, and why? Every rule that proposes, prefers or schedules a drug asks it (through
:func:`mastcell.rules.registry.Context`-free helpers in the rules), and the engine checks every
proposal once more before a report leaves it (:func:`mastcell.evaluate`).

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
- epinephrine is never withheld for anaphylaxis because of a recorded reaction: it remains
  first-line (EI1, S141); a reaction to it is stated, not acted on.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from mastcell.knowledge.drugs import CATALOGUE, generic_name
from mastcell.knowledge.sources import cited
from mastcell.model.clinical import Reaction
from mastcell.model.vocabulary import ReactionSeverity

__all__ = [
    "CROSS_REACTIVE_GROUPS",
    "NEVER_WITHHELD",
    "CrossReactiveGroup",
    "ReactionMatch",
    "Relation",
    "groups_of",
    "reaction_match",
    "reaction_matches",
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


@attrs.frozen(kw_only=True)
class CrossReactiveGroup:
    """A group of drugs a reaction to one member speaks against, with what the sources say.

    ``verified`` is False where the membership itself is stated only by sources the addendum
    does not accept (XR9); such a group still keeps its members out of proposals.

    >>> g = CROSS_REACTIVE_GROUPS["nmba"]
    >>> "cisatracurium" in g.members, g.facts
    (True, ('XR1', 'XR3', 'XR4', 'XR5'))
    """

    id: str
    name: str
    members: frozenset[str]
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)
    says: str
    verified: bool = True

    def __attrs_post_init__(self) -> None:
        unknown = sorted(m for m in self.members if m not in CATALOGUE)
        if unknown:  # pragma: no cover - data bug
            raise ValueError(f"group {self.id!r}: not catalogue generic names: {unknown}")


def _group(
    id: str,
    name: str,
    members: Iterable[str],
    facts: tuple[str, ...],
    sources: tuple[str, ...],
    says: str,
    *,
    verified: bool = True,
) -> CrossReactiveGroup:
    return CrossReactiveGroup(
        id=id,
        name=name,
        members=frozenset(members),
        facts=facts,
        sources=sources,
        says=says,
        verified=verified,
    )


_GROUPS = (
    # -- 7.1 neuromuscular blocking agents ----------------------------------------------------
    _group(
        "nmba",
        "neuromuscular blocking agents (shared quaternary ammonium epitope)",
        (
            "atracurium",
            "cisatracurium",
            "mivacurium",
            "pancuronium",
            "rocuronium",
            "vecuronium",
            "succinylcholine",
        ),
        ("XR1", "XR3", "XR4", "XR5"),
        ("S138",),
        "the quaternary ammonium group is the presumed shared epitope (XR1); after NMBA "
        "anaphylaxis 75.7% cross-reacted on skin testing (rocuronium-vecuronium 85.3%, "
        "rocuronium-cisatracurium 50%, rocuronium-succinylcholine 12.5%), and 3 of 15 given a "
        "skin-test-negative NMBA became hypotensive (XR3); an NMBA with a positive skin test is "
        "contraindicated and sources support allergist testing of the available NMBAs and use "
        "of a test-negative one (XR4, XR5)",
    ),
    _group(
        "nmba_aminosteroid",
        "aminosteroid neuromuscular blockers",
        ("pancuronium", "rocuronium", "vecuronium"),
        ("XR2", "XR3"),
        ("S138", "S33"),
        "aminosteroids share a structure (XR2); rocuronium-vecuronium cross-reacted in 85.3% "
        "on skin testing (XR3)",
    ),
    _group(
        "nmba_benzylisoquinoline",
        "benzylisoquinoline neuromuscular blockers",
        ("atracurium", "cisatracurium", "mivacurium"),
        ("XR2",),
        ("S138", "S33"),
        "benzylisoquinolines share a structure (XR2)",
    ),
    # -- 7.2 opioids (true allergy, by chemical class) -----------------------------------------
    _group(
        "opioid_phenanthrene",
        "phenanthrene opioids",
        ("morphine", "codeine", "buprenorphine"),
        ("XR8",),
        ("S139",),
        "morphine, codeine and relatives, with the agonist-antagonists (buprenorphine, "
        "nalbuphine, butorphanol, pentazocine), form one class; for a true opioid allergy "
        "choose another chemical class; switching class lowers but does not remove the risk "
        "(XR8)",
    ),
    _group(
        "opioid_phenanthrene_unverified",
        "phenanthrene opioids (membership not verified)",
        ("morphine", "codeine", "hydromorphone", "oxycodone"),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        "hydromorphone and oxycodone are placed among the phenanthrenes only by S-DRO pages "
        "(XR9, NOT VERIFIED)",
        verified=False,
    ),
    _group(
        "opioid_phenylpiperidine",
        "phenylpiperidine opioids (membership not verified)",
        ("meperidine", "fentanyl", "sufentanil", "alfentanil", "remifentanil"),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        "meperidine and its congeners form the phenylpiperidine class (XR8); fentanyl, "
        "sufentanil, alfentanil and remifentanil are placed there only by S-DRO pages (XR9, "
        "NOT VERIFIED)",
        verified=False,
    ),
    # -- 7.3 NSAIDs ---------------------------------------------------------------------------
    _group(
        "nsaid",
        "aspirin and NSAIDs (COX-1 cross-reactive phenotypes)",
        ("aspirin", "ibuprofen", "naproxen", "diclofenac", "ketorolac", "indomethacin"),
        ("XR10", "XR12"),
        ("S140", "S32"),
        "NSAID-exacerbated respiratory or cutaneous disease and NSAID-induced urticaria/"
        "angioedema cross-react across COX-1 inhibitors (XR10); a recorded reaction does not "
        "say which phenotype it was",
    ),
    _group(
        "nsaid_cox2",
        "NSAIDs and COX-2 selective inhibitors",
        (
            "aspirin",
            "ibuprofen",
            "naproxen",
            "diclofenac",
            "ketorolac",
            "indomethacin",
            "celecoxib",
        ),
        ("XR11",),
        ("S140",),
        "21% (19/91) of patients with non-selective NSAID hypersensitivity reacted to a first "
        "COX-2 inhibitor challenge: an oral challenge is advised before prescribing (XR11)",
    ),
)

#: A reaction recorded against a class rather than a drug ("NSAIDs", "opioids") speaks against
#: every member of the class: the record does not say which drug it was.
_CLASS_WORDS: Mapping[str, CrossReactiveGroup] = {}

#: Every cross-reactive group by id.
CROSS_REACTIVE_GROUPS: Mapping[str, CrossReactiveGroup] = {g.id: g for g in _GROUPS}

_OPIOIDS = _group(
    "opioid",
    "opioids (a reaction recorded against the class)",
    (
        "morphine",
        "codeine",
        "meperidine",
        "fentanyl",
        "sufentanil",
        "alfentanil",
        "remifentanil",
        "hydromorphone",
        "buprenorphine",
        "oxycodone",
        "piritramide",
    ),
    ("XR6", "XR8"),
    ("S139",),
    "the record names the class, not the drug; true opioid allergy is rare and most "
    "'opioid allergic' labels are not confirmed (XR6); an allergist can clarify which class "
    "to avoid (XR8)",
)
_NSAIDS = _group(
    "nsaid_class",
    "aspirin and NSAIDs (a reaction recorded against the class)",
    CROSS_REACTIVE_GROUPS["nsaid_cox2"].members,
    ("XR10", "XR11"),
    ("S140",),
    "the record names the class, not the drug; COX-1 inhibitors cross-react in the common "
    "phenotypes (XR10) and 21% reacted to a first COX-2 inhibitor challenge (XR11)",
)
_CLASS_WORDS = {
    "nsaid": _NSAIDS,
    "nsaids": _NSAIDS,
    "opioid": _OPIOIDS,
    "opioids": _OPIOIDS,
    "nmba": CROSS_REACTIVE_GROUPS["nmba"],
    "nmbas": CROSS_REACTIVE_GROUPS["nmba"],
    "neuromuscular blocker": CROSS_REACTIVE_GROUPS["nmba"],
    "neuromuscular blockers": CROSS_REACTIVE_GROUPS["nmba"],
    "muscle relaxant": CROSS_REACTIVE_GROUPS["nmba"],
    "muscle relaxants": CROSS_REACTIVE_GROUPS["nmba"],
}

_BY_MEMBER: dict[str, tuple[CrossReactiveGroup, ...]] = {}
for _g in _GROUPS:
    for _m in _g.members:
        _BY_MEMBER[_m] = (*_BY_MEMBER.get(_m, ()), _g)

#: Drugs never withheld because of a recorded reaction: epinephrine stays first-line for
#: anaphylaxis (EI1, S141); the report states the reaction instead.
NEVER_WITHHELD = frozenset({"epinephrine"})


def groups_of(drug: str) -> tuple[CrossReactiveGroup, ...]:
    """The cross-reactive groups a drug (any spelling) belongs to.

    >>> [g.id for g in groups_of("Rocuronium")]
    ['nmba', 'nmba_aminosteroid']
    >>> groups_of("cetirizine")
    ()
    """
    generic = generic_name(drug) or drug.strip().lower()
    return _BY_MEMBER.get(generic, ())


@attrs.frozen(kw_only=True)
class ReactionMatch:
    """A recorded reaction that speaks against a drug, and why.

    >>> m = reaction_match([Reaction(agent="fentanyl", severity="anaphylaxis")], "Fentanyl")
    >>> m.relation, m.describe()
    (<Relation.SAME_DRUG: 'same_drug'>, 'recorded reaction to fentanyl itself (anaphylaxis)')
    """

    drug: str
    reaction: Reaction
    relation: Relation
    group: CrossReactiveGroup | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources behind the match (the group's; none for the drug itself)."""
        return () if self.group is None else self.group.sources

    @property
    def anaphylaxis(self) -> bool:
        """The recorded reaction was anaphylaxis."""
        return self.reaction.severity is ReactionSeverity.ANAPHYLAXIS

    def describe(self) -> str:
        """The match in one clause, with the group's facts where it is a group."""
        severity = self.reaction.severity.value if self.reaction.severity else "severity not stated"
        text = f"{self.relation.describe(self.drug, self.reaction.agent)} ({severity})"
        if self.group is not None:
            text += f": {self.group.name}; {self.group.says} ({', '.join(self.group.sources)})"
        return text


_SEVERITY_ORDER = {
    ReactionSeverity.ANAPHYLAXIS: 0,
    ReactionSeverity.FLARE: 1,
    ReactionSeverity.MILD: 2,
}


def _rank(match: ReactionMatch) -> tuple[int, int, str]:
    severity = match.reaction.severity
    return (
        0 if match.relation is Relation.SAME_DRUG else 1,
        _SEVERITY_ORDER.get(severity, 3) if severity is not None else 3,
        match.reaction.agent,
    )


def reaction_matches(reactions: Iterable[Reaction], drug: str) -> tuple[ReactionMatch, ...]:
    """Every recorded reaction that speaks against ``drug``, strongest first.

    The drug itself first, then cross-reactive groups; within each, anaphylaxis first.

    >>> rs = [Reaction(agent="vecuronium", severity="flare"),
    ...       Reaction(agent="rocuronium", severity="anaphylaxis")]
    >>> [(m.reaction.agent, m.relation.value) for m in reaction_matches(rs, "rocuronium")]
    [('rocuronium', 'same_drug'), ('vecuronium', 'cross_reactive')]
    """
    if reactions == ():
        return ()  # no reaction recorded (the usual case): nothing speaks against any drug
    generic = generic_name(drug) or drug.strip().lower()
    mine = _BY_MEMBER.get(generic, ())
    found: list[ReactionMatch] = []
    for reaction in reactions:
        agent = generic_name(reaction.agent) or reaction.agent
        word = _CLASS_WORDS.get(agent)
        if word is not None and generic in word.members:
            found.append(
                ReactionMatch(
                    drug=generic, reaction=reaction, relation=Relation.CROSS_REACTIVE, group=word
                )
            )
            continue
        if agent == generic:
            found.append(
                ReactionMatch(drug=generic, reaction=reaction, relation=Relation.SAME_DRUG)
            )
            continue
        shared = [g for g in mine if agent in g.members]
        if shared:
            group = max(shared, key=lambda g: (g.verified, len(g.facts), g.id))
            found.append(
                ReactionMatch(
                    drug=generic, reaction=reaction, relation=Relation.CROSS_REACTIVE, group=group
                )
            )
    return tuple(sorted(found, key=_rank))


def reaction_match(reactions: Iterable[Reaction], drug: str) -> ReactionMatch | None:
    """The strongest recorded reaction that speaks against proposing ``drug``, or None.

    >>> reaction_match([Reaction(agent="ibuprofen", severity="flare")], "aspirin").relation
    <Relation.CROSS_REACTIVE: 'cross_reactive'>
    >>> reaction_match([Reaction(agent="heat")], "aspirin") is None
    True
    """
    found = reaction_matches(reactions, drug)
    return found[0] if found else None
