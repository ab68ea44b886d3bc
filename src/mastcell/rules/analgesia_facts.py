"""What the analgesia rules share (:mod:`mastcell.rules.analgesia` and its split modules).

The drugs in use or planned through each ingredient of a class (:func:`uses`: a medication
active or planned, or an agent planned for an upcoming procedure), the opioids the recorded
reactions leave, acetaminophen as the non-opioid, and whether chart words a decision quotes
read as a list of options to the guard (:func:`mentions_options`). Some inputs are read
only on one branch of a rule: :class:`WhenRead` is a read whose paths say when (the
reactions for the H2 before an opioid are read only when no H2 is taken). The pain reads
are in :mod:`mastcell.rules.analgesia_pain_facts`.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("codeine"), med("Advil", status="planned")]), AT)
>>> [u.label for u in uses(f, Context(at=AT), *NSAIDS)]
['advil (planned)']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.guard import lists_options
from mastcell.knowledge.allergy import reaction_match
from mastcell.knowledge.analgesia import ACETAMINOPHEN_DRUG
from mastcell.knowledge.drugs import CATALOGUE, ingredients_in, ingredients_of
from mastcell.knowledge.groups import group_sources
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.model import (
    DoseAdvice,
    DrugClass,
    Indicator,
    MedicationStatus,
    Recommendation,
)
from mastcell.reads import MEDICATIONS, REACTIONS, Read
from mastcell.rules.procedure_facts import upcoming, usable_for
from mastcell.rules.registry import Context
from mastcell.vetting import UNRATED, AgentVerdict, alternatives, vet_agent

__all__ = [
    "ACETAMINOPHEN_NOTE",
    "NSAIDS",
    "OPIOIDS",
    "OPIOID_GROUP_SOURCES",
    "REACTIONS_UNLESS_H2",
    "Use",
    "WhenRead",
    "acetaminophen",
    "fentanyl_advice",
    "level_text",
    "mentions_options",
    "usable_opioids",
    "uses",
]

_IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
ACETAMINOPHEN_NOTE = "acceptable non-opioid analgesic (S33, S35, S39); dose per its label"
#: The classes the opioid rules look at, and the NSAID rule.
OPIOIDS = (DrugClass.OPIOID,)
NSAIDS = (DrugClass.NSAID, DrugClass.ASPIRIN)
#: The sources of the groups holding an opioid (knowledge.groups): the opioid rules cite them
#: when a recorded reaction rules an opioid out, so their declarations hold them.
OPIOID_GROUP_SOURCES = group_sources(
    name for name, drug in CATALOGUE.items() if DrugClass.OPIOID in drug.classes
)


class WhenRead(Read):
    """A field of the patient read only when a condition on the facts holds.

    The value is the field's (None, or no items, when the condition fails); the paths are
    those of the field when read. The condition looks at the facts view only (no input).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("famotidine")], reactions=[Reaction(agent="codeine")])
    >>> REACTIONS_UNLESS_H2.of(facts_of(p, AT)), REACTIONS_UNLESS_H2.paths(facts_of(p, AT))
    ((), ())
    """

    __slots__ = ("field", "when")

    def __init__(self, name: str, field: str, when: Callable[[Facts], bool]) -> None:
        super().__init__(name)
        self.field = field
        self.when = when

    def compute(self, facts: Facts) -> object:
        value = getattr(facts.patient, self.field)
        if self.when(facts):
            return value
        return () if isinstance(value, tuple) else None

    def paths(self, facts: Facts) -> tuple[str, ...]:
        value = self.of(facts)
        if isinstance(value, tuple):
            path_of = facts.patient.path_of
            return tuple(path_of(item) for item in value)
        return () if value is None else (self.field,)


def _no_h2_taken(f: Facts) -> bool:
    return not f.active.get(DrugClass.H2)


#: The reactions, read to choose the H2 before an opioid only when no H2 is taken.
REACTIONS_UNLESS_H2 = WhenRead("reactions unless an H2 is taken", "reactions", _no_h2_taken)


class Use(NamedTuple):
    """A drug in use or planned: a medication or an agent of an upcoming procedure.

    ``generic`` is the ingredient a rule is about: a combination product is seen through
    each ingredient of the rule's classes (Norco by an opioid rule as hydrocodone).

    >>> Use(path="medications[0]", name="norco", generic="hydrocodone", how="active",
    ...     combination=True).label
    'norco: hydrocodone (active)'
    """

    path: str
    name: str
    generic: str
    how: str
    #: ``name`` is a combination product (several ingredients).
    combination: bool = False

    @property
    def label(self) -> str:
        """'fentanyl (planned)'; for a combination product 'norco: hydrocodone (active)'."""
        if not self.combination:
            return f"{self.name} ({self.how})"
        return f"{self.name}: {self.generic} ({self.how})"

    @property
    def where(self) -> str:
        """The use in a clause: 'active', or 'in norco, active' for a combination product."""
        return f"in {self.name}, {self.how}" if self.combination else self.how


def uses(f: Facts, context: Context, *classes: DrugClass) -> list[Use]:
    """Each ingredient of ``classes`` in a medication in use or planned, or a planned agent.

    Reads :data:`~mastcell.reads.MEDICATIONS` and :data:`~mastcell.reads.PROCEDURES`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> [u.label for u in uses(facts_of(patient(medications=[med("Norco")]), AT),
    ...                        Context(at=AT), *OPIOIDS)]
    ['norco: hydrocodone (active)']
    """
    found = [
        Use(
            path=f.path_of(m),
            name=m.drug,
            generic=generic,
            how=m.status.value,
            combination=len(ingredients_of(m.drug)) > 1,
        )
        for m in MEDICATIONS.of(f)
        if m.status in _IN_USE
        for generic in ingredients_in(m.drug, *classes)
    ]
    for planned in upcoming(f, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients_in(agent, *classes):
                found.append(
                    Use(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                        combination=len(ingredients_of(agent)) > 1,
                    )
                )
    return found


def level_text(verdict: AgentVerdict) -> str:
    """A verdict's level for a finding's note; an unrated drug says so.

    >>> level_text(vet_agent("morphine")), level_text(vet_agent("tramadol"))[:20]
    ('avoid', 'no mast-cell safety ')
    """
    return str(verdict.level) if verdict.level is not None else UNRATED


def acetaminophen(f: Facts) -> DoseAdvice | None:
    """Acetaminophen as the acceptable non-opioid, unless a reaction speaks against it.

    Reads :data:`~mastcell.reads.REACTIONS`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> acetaminophen(facts_of(patient(), AT)).drug
    'acetaminophen'
    """
    if reaction_match(REACTIONS.of(f), ACETAMINOPHEN_DRUG) is not None:
        return None
    return DoseAdvice(drug=ACETAMINOPHEN_DRUG, note=ACETAMINOPHEN_NOTE)


def usable_opioids(f: Facts, context: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Preferred and acceptable opioids the patient's reactions allow (addendum section 7).

    Reads :data:`~mastcell.reads.REACTIONS`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> usable_opioids(facts_of(patient(), AT), Context(at=AT))[0]
    ('fentanyl',)
    """
    options = context.options.perioperative
    usable, _ = usable_for(f, alternatives(SafetyGroup.OPIOID, options))
    preferred = tuple(a for a in usable if vet_agent(a, options).level is SafetyLevel.PREFERRED)
    return preferred, tuple(a for a in usable if a not in preferred)


def fentanyl_advice(alts: tuple[str, ...]) -> DoseAdvice | None:
    """The first usable opioid as advice without a dose (the sources give none).

    >>> fentanyl_advice(("fentanyl",)).drug, fentanyl_advice(())
    ('fentanyl', None)
    """
    if not alts:
        return None
    return DoseAdvice(
        drug=alts[0],
        note="dose and route per the treating clinician or pain team; the sources give no "
        "mast-cell-specific dose",
    )


def mentions_options(*texts: str | None) -> bool:
    """Whether words a decision's text carries from the chart read as a list of options.

    The guard reads "acceptable", "alternatives", "prefer"... in a card as a list of drugs
    to choose from (:func:`mastcell.guard.lists_options`); a decision whose fixed words have
    none still has them when the chart's words it quotes (a pain site, an agent) do.

    >>> mentions_options("lower back", None), mentions_options("preferred side")
    (False, True)
    """
    detail = " | ".join(t for t in texts if t)
    if not detail:
        return False
    return lists_options(
        Recommendation(
            code="analgesia.do_not_withhold", indicator=Indicator.INFO, summary="-", detail=detail
        )
    )
