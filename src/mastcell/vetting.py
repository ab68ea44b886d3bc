"""Vet a list of agents against the mast-cell drug safety catalogue.

An anaesthetist can call :func:`mastcell.vet` on an anaesthesia plan or a medication list without
building a patient: each name comes back with its level, the reason and sources, the
disagreement where the sources disagree, and the safer alternatives of its class. Names are
read by the drug vocabulary (brands, salts, combinations, codes: a combination is judged by
its most flagged ingredient). A name the vocabulary does not know is reported as unknown,
never dropped; a known drug with no mast-cell rating (an antihistamine, say) is reported as
unrated. The perioperative and analgesia rules use the same function, with the patient's
recorded reactions: an alternative the patient reacted to, or that may cross-react with such
a drug, is never listed (:func:`mastcell.knowledge.allergy.allowed`).

>>> [(v.name, v.level.value) for v in vet(["Atracurium", "propofol"])]
[('Atracurium', 'avoid'), ('propofol', 'acceptable')]
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping

import attrs

from mastcell.knowledge.allergy import NO_OPTION, allowed
from mastcell.knowledge.drugs import CATALOGUE, match_drug
from mastcell.knowledge.options import PerioperativeOptions
from mastcell.knowledge.safety import (
    SAFETY,
    AgentSafety,
    Conflict,
    SafetyGroup,
    SafetyLevel,
)
from mastcell.knowledge.special_populations import METAMIZOLE_DRUG
from mastcell.model.clinical import Reaction
from mastcell.model.vocabulary import DrugClass

__all__ = [
    "MAX_CACHED_NAME",
    "UNRATED",
    "AgentVerdict",
    "VetStatus",
    "alternatives",
    "level_of",
    "unrated_group",
    "vet",
    "vet_agent",
]

#: Verdicts on names up to this length are memoised (at most 4096 of them); a longer name is
#: vetted afresh each time, so the cache stays bounded in bytes as well as entries.
MAX_CACHED_NAME = 100


class VetStatus(enum.StrEnum):
    """Whether mastcell could rate an agent.

    >>> vet_agent("foo").status
    <VetStatus.UNKNOWN: 'unknown'>
    """

    RATED = "rated"
    UNRATED = "unrated"
    UNKNOWN = "unknown"


@attrs.frozen(kw_only=True)
class AgentVerdict:
    """What the safety catalogue says about one agent of a list.

    ``level`` is the level in force (the clinician's option where one is set, else the
    default); ``overridden`` says an option chose it. ``alternatives`` lists usable agents
    of the same group, preferred first, for an agent at ``avoid`` or ``caution``; vetted for a
    patient, ``withheld`` lists the alternatives left out for recorded reactions.

    >>> v = vet_agent("suxamethonium")
    >>> v.generic, v.level.value, v.flagged, "rocuronium" in v.alternatives
    ('succinylcholine', 'caution', True, True)
    """

    name: str
    generic: str | None
    status: VetStatus
    level: SafetyLevel | None = None
    group: SafetyGroup | None = None
    reason: str
    conflict: Conflict | None = None
    overridden: bool = False
    alternatives: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    note: str | None = None
    withheld: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """Rated ``avoid`` or ``caution``."""
        return self.level in (SafetyLevel.AVOID, SafetyLevel.CAUTION)

    def describe(self, excluded: Mapping[str, str] | None = None, *, reacted: bool = False) -> str:
        """The verdict in a sentence or two, with the conflict when there is one.

        ``excluded`` maps alternatives not to offer this patient to the reason (a label
        contraindication): they are left out of the list and named with it. ``reacted`` says
        the patient has a recorded reaction to the agent or its group: its general rating is
        then given as such, never as "hydromorphone: acceptable" beside the reaction.

        >>> vet_agent("atracurium").describe()
        'atracurium: avoid (releases histamine (O1)); alternatives: rocuronium, vecuronium, pancuronium, cisatracurium.'
        >>> vet_agent("ibuprofen").describe({"metamizole": "ANC 0.3"}).split(";")[1][:63]
        ' alternatives: acetaminophen (metamizole not offered: ANC 0.3).'
        >>> vet_agent("tetracaine").describe(reacted=True).split(";")[0]
        'tetracaine: a recorded reaction speaks against it for this patient (below)'
        """
        if self.status is VetStatus.UNKNOWN:
            return f"{self.name}: {self.reason}."
        label = self.name if self.generic in (None, self.name) else f"{self.name} ({self.generic})"
        if self.level is None:
            return f"{label}: {self.reason}."
        if reacted:
            text = (
                f"{label}: a recorded reaction speaks against it for this patient (below); its "
                f"mast-cell rating in general is {self.level.value} ({self.reason})"
            )
        else:
            text = f"{label}: {self.level.value} ({self.reason})"
        if self.overridden:
            text += "; level chosen by a clinician option"
        if self.flagged:
            gone = {a: why for a, why in (excluded or {}).items() if a in self.alternatives}
            kept = [a for a in self.alternatives if a not in gone]
            if kept:
                text += f"; alternatives: {', '.join(kept)}"
            elif self.withheld:
                text += (
                    f"; alternatives: {NO_OPTION} (recorded reactions rule out "
                    f"{', '.join(self.withheld)})"
                )
            elif gone:
                text += "; no alternative left for this patient: clinician decision"
            else:
                text += "; no safer alternative is listed in the sources"
            text += "".join(f" ({a} not offered: {why})" for a, why in gone.items())
        text += "."
        if self.note:
            text += f" Note: {self.note}."
        if self.conflict is not None:
            text += " " + self.conflict.describe()
        return text


def _options(options: PerioperativeOptions | None) -> PerioperativeOptions:
    return PerioperativeOptions() if options is None else options


def _level(entry: AgentSafety, options: PerioperativeOptions) -> tuple[SafetyLevel, bool]:
    if entry.conflict is None:
        return entry.level, False
    chosen: SafetyLevel | None = getattr(options, entry.conflict.option)
    return entry.conflict.level(chosen), chosen is not None and chosen is not entry.level


def level_of(name: str, options: PerioperativeOptions | None = None) -> SafetyLevel | None:
    """The level in force for a drug name (any spelling), or None when it is not rated.

    >>> level_of("Rocuronium"), level_of("rocuronium", PerioperativeOptions(rocuronium="avoid"))
    (<SafetyLevel.ACCEPTABLE: 'acceptable'>, <SafetyLevel.AVOID: 'avoid'>)
    """
    found = match_drug(name)
    entry = SAFETY.get(found.generic or "") if found is not None else None
    return None if entry is None else _level(entry, _options(options))[0]


def alternatives(
    group: SafetyGroup,
    options: PerioperativeOptions | None = None,
    reactions: tuple[Reaction, ...] = (),
) -> tuple[str, ...]:
    """The usable agents of a group under ``options``, preferred first, in catalogue order.

    With ``reactions``, an agent the patient reacted to (or that may cross-react with one) is
    left out: the list may then be empty, and the caller says so.

    >>> alternatives(SafetyGroup.OPIOID)[:3]
    ('fentanyl', 'sufentanil', 'alfentanil')
    >>> "rocuronium" in alternatives(SafetyGroup.NMBA, PerioperativeOptions(rocuronium="avoid"))
    False
    >>> alternatives(SafetyGroup.OPIOID, reactions=(Reaction(agent="fentanil"),))[:2]
    ('hydromorphone', 'buprenorphine')
    """
    found = _alternatives(group, _options(options))
    return allowed(reactions, found).kept if reactions else found


@functools.lru_cache(maxsize=256)
def _alternatives(group: SafetyGroup, opts: PerioperativeOptions) -> tuple[str, ...]:
    # Pure in (group, options), both hashable: scanned once per combination.
    usable = [(e, _level(e, opts)[0]) for e in SAFETY.values() if e.group is group]
    usable = [(e, level) for e, level in usable if level.usable and _available(e.generic, opts)]
    usable.sort(key=lambda pair: -pair[1].rank)  # stable: catalogue order within a level
    return tuple(e.generic for e, _ in usable)


def _available(generic: str, opts: PerioperativeOptions) -> bool:
    """Whether a drug is available where mastcell is used (metamizole: a site option, SR6)."""
    return generic != METAMIZOLE_DRUG or opts.metamizole_available


#: What a verdict says of a known drug the sources do not rate.
UNRATED = "no mast-cell safety rating in the sources: clinician decision"

#: The safety group of a drug the catalogue does not rate, by its class: the rules about a
#: group see its unrated members (an unrated opioid is still an opioid).
_CLASS_GROUPS: Mapping[DrugClass, SafetyGroup] = {
    DrugClass.OPIOID: SafetyGroup.OPIOID,
    DrugClass.NSAID: SafetyGroup.NON_OPIOID_ANALGESIC,
    DrugClass.ASPIRIN: SafetyGroup.NON_OPIOID_ANALGESIC,
    DrugClass.NON_OPIOID_ANALGESIC: SafetyGroup.NON_OPIOID_ANALGESIC,
    DrugClass.NEUROMUSCULAR_BLOCKER: SafetyGroup.NMBA,
    DrugClass.INDUCTION_AGENT: SafetyGroup.INDUCTION,
    DrugClass.VOLATILE_ANESTHETIC: SafetyGroup.INDUCTION,
    DrugClass.BENZODIAZEPINE: SafetyGroup.SEDATIVE,
    DrugClass.LOCAL_ANESTHETIC: SafetyGroup.LOCAL_ANESTHETIC,
    DrugClass.REVERSAL_AGENT: SafetyGroup.REVERSAL,
    DrugClass.CONTRAST_AGENT: SafetyGroup.CONTRAST,
}


def unrated_group(generic: str) -> SafetyGroup | None:
    """The safety group of a catalogue drug without a rating, from its class; else None.

    >>> unrated_group("tramadol"), unrated_group("cetirizine"), unrated_group("fentanyl")
    (<SafetyGroup.OPIOID: 'opioid'>, None, None)
    """
    drug = CATALOGUE.get(generic)
    if drug is None or generic in SAFETY:
        return None
    return next((g for c, g in _CLASS_GROUPS.items() if c in drug.classes), None)


def vet_agent(
    name: str,
    options: PerioperativeOptions | None = None,
    reactions: tuple[Reaction, ...] = (),
) -> AgentVerdict:
    """The verdict on one agent name (generic, synonym, brand, salt, combination, any case).

    With the patient's ``reactions``, the alternatives are only those the reactions allow.

    >>> vet_agent("Ultiva").level
    <SafetyLevel.ACCEPTABLE: 'acceptable'>
    >>> vet_agent("cetirizine").status
    <VetStatus.UNRATED: 'unrated'>
    >>> vet_agent("x" * 1000).status
    <VetStatus.UNKNOWN: 'unknown'>
    >>> v = vet_agent("atracurium besylate", reactions=(Reaction(agent="rocuronium"),))
    >>> v.generic, v.alternatives, v.withheld
    ('atracurium', (), ('rocuronium', 'vecuronium', 'pancuronium', 'cisatracurium'))
    """
    if len(name) > MAX_CACHED_NAME:
        verdict = _vet_agent.__wrapped__(name, _options(options))
    else:
        verdict = _vet_agent(name, _options(options))
    if not reactions or not verdict.alternatives:
        return verdict
    kept = allowed(reactions, verdict.alternatives)
    if len(kept.kept) == len(verdict.alternatives):
        return verdict
    return attrs.evolve(
        verdict,
        alternatives=kept.kept,
        withheld=tuple(m.drug for m in kept.excluded),
    )


@functools.lru_cache(maxsize=4096)
def _vet_agent(name: str, opts: PerioperativeOptions) -> AgentVerdict:
    # Pure in (name, options); verdicts are immutable, so one is built per combination.
    found = match_drug(name)
    if found is None:
        return AgentVerdict(
            name=name,
            generic=None,
            status=VetStatus.UNKNOWN,
            reason="not in the drug catalogue: unknown to mastcell, check it by hand",
        )
    if found.generic is None:
        return _vet_combination(name, found.ingredients, opts)
    generic = found.generic
    entry = SAFETY.get(generic)
    if entry is None:
        group = unrated_group(generic)
        return AgentVerdict(
            name=name,
            generic=generic,
            status=VetStatus.UNRATED,
            group=group,
            reason=UNRATED if group is None else f"{group.label}: {UNRATED}",
        )
    level, overridden = _level(entry, opts)
    alts = () if level.usable else alternatives(entry.group, opts)
    return AgentVerdict(
        name=name,
        generic=generic,
        status=VetStatus.RATED,
        level=level,
        group=entry.group,
        reason=entry.reason,
        conflict=entry.conflict,
        overridden=overridden,
        alternatives=tuple(a for a in alts if a != generic),
        sources=entry.all_sources,
        note=entry.note,
    )


def _vet_combination(
    name: str, ingredients: tuple[str, ...], opts: PerioperativeOptions
) -> AgentVerdict:
    """A combination product: the verdict of its most flagged rated ingredient, named so.

    An ingredient of a rated group that has no rating itself (hydrocodone in Norco) keeps the
    product from reading as acceptable: unless another ingredient is flagged, the product is
    unrated, with that ingredient named (clinician decision).
    """
    verdicts = [_vet_agent(i, opts) for i in ingredients]
    rated = [v for v in verdicts if v.level is not None]
    unrated = [v for v in verdicts if v.level is None and v.group is not None]
    combined = " + ".join(ingredients)
    worst = min(rated, key=lambda v: v.level.rank if v.level is not None else 9, default=None)
    if unrated and (worst is None or not worst.flagged):
        first = unrated[0]
        return AgentVerdict(
            name=name,
            generic=None,
            status=VetStatus.UNRATED,
            group=first.group,
            reason=f"combination of {combined}: {first.generic} ({first.reason})",
        )
    if worst is None:
        return AgentVerdict(
            name=name,
            generic=None,
            status=VetStatus.UNRATED,
            reason=f"combination of {combined}: no ingredient has a mast-cell safety rating",
        )
    note = f"{name} is a combination of {combined}; verdict of {worst.generic}"
    others = [v.generic for v in verdicts if v.level is None and v.generic is not None]
    if others:
        note += f" ({', '.join(others)}: no mast-cell safety rating in the sources)"
    return attrs.evolve(
        worst, name=name, note=note if worst.note is None else f"{note}. {worst.note}"
    )


def vet(
    agents: Iterable[str] | str, options: PerioperativeOptions | None = None
) -> tuple[AgentVerdict, ...]:
    """Vet every agent of a plan or list, in the order given; nothing is dropped.

    Args:
        agents: drug names (generic, synonym or brand); a single name is accepted too.
        options: clinician choices where the sources disagree (default: mastcell's).

    Returns:
        One :class:`AgentVerdict` per name, in order.

    >>> [v.status.value for v in vet(["mivacurium", "cetirizine", "xyz-123"])]
    ['rated', 'unrated', 'unknown']
    """
    names = (agents,) if isinstance(agents, str) else tuple(agents)
    return tuple(vet_agent(name, options) for name in names)
