"""What the special-population rules read (:mod:`mastcell.rules.special_populations`).

A drug counts when it is taken or planned, or planned for an upcoming procedure (a
procedure's agent is read with every procedure, :data:`~mastcell.reads.PROCEDURES`); a
combination product counts through each wanted ingredient (Excedrin is an aspirin). Each such
use is a :class:`Use`, grouped by generic name for one recommendation per drug.

>>> from mastcell.facts import facts_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("Excedrin", status="planned")]), AT)
>>> [(u.generic, u.how) for u in uses(f, Context(at=AT), NSAIDS_IN_USE, classes=NSAIDS)]
[('aspirin', 'planned')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import attrs

from mastcell.decision import Decision
from mastcell.facts import Facts
from mastcell.guard import lists_options
from mastcell.knowledge.drugs import generic_name, ingredients_in, ingredients_named
from mastcell.knowledge.special_populations import (
    AGE_LIMITS,
    LACTATION,
    METAMIZOLE_DRUG,
    AgeLimit,
)
from mastcell.model import DrugClass, Finding, MedicationStatus
from mastcell.reads import MedicationsRead, NamedRead, Read
from mastcell.rules.procedure_facts import AGE_GIVEN, age_finding, upcoming
from mastcell.rules.registry import Context
from mastcell.text import render

__all__ = [
    "AGE_DRUGS",
    "IN_USE",
    "LACTATION_DRUGS",
    "METAMIZOLE_IN_USE",
    "NSAIDS",
    "NSAIDS_IN_USE",
    "SEDATING_IN_USE",
    "Use",
    "age_limit_finding",
    "age_row",
    "by_generic",
    "named",
    "quoted",
    "uses",
]

#: Taken or planned: the statuses in which a label check applies.
IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
#: The classes of the pregnancy check (and of the NSAID reaction that rules out metamizole).
NSAIDS = frozenset({DrugClass.NSAID, DrugClass.ASPIRIN})

#: The drugs with an age limit (codeine, cyproheptadine, diphenhydramine), taken or planned.
AGE_DRUGS = NamedRead(
    "drugs with an age limit, active or planned",
    drugs=sorted({row.drug for row in AGE_LIMITS}),
    statuses=IN_USE,
)
#: The drugs a label rules out while breastfeeding, taken or planned.
LACTATION_DRUGS = NamedRead(
    "drugs with a lactation entry, active or planned", drugs=sorted(LACTATION), statuses=IN_USE
)
#: Metamizole taken or planned.
METAMIZOLE_IN_USE = NamedRead(
    "metamizole active or planned", drugs=(METAMIZOLE_DRUG,), statuses=IN_USE
)
#: NSAIDs and aspirin taken or planned (a product through its NSAID).
NSAIDS_IN_USE = MedicationsRead(
    "NSAIDs or aspirin taken or planned", *sorted(NSAIDS), statuses=IN_USE
)
#: First-generation (sedating) H1 antihistamines taken or planned.
SEDATING_IN_USE = MedicationsRead(
    "first-generation H1 antihistamines taken or planned",
    DrugClass.H1_FIRST_GENERATION,
    statuses=IN_USE,
)


class Use(NamedTuple):
    """A drug taken, planned, or planned for an upcoming procedure.

    >>> u = Use(path="medications[0]", name="tylenol #3", generic="codeine", how="active")
    >>> str(u.finding("SR8"))
    'medications[0]: tylenol #3 (active) (SR8)'
    """

    path: str
    name: str
    generic: str
    how: str
    #: The recorded daily dose, when the medication is this generic alone (else None).
    daily_mg: float | None = None

    def finding(self, note: str | None = None) -> Finding:
        """The use as a finding: the name and how it is used."""
        return Finding(input=self.path, text=f"{self.name} ({self.how})", note=note)


def uses(
    f: Facts,
    context: Context,
    read: Read,
    *,
    names: frozenset[str] = frozenset(),
    classes: frozenset[DrugClass] = frozenset(),
) -> list[Use]:
    """The medications of ``read`` and the upcoming procedures' agents, by wanted ingredient.

    ``read`` is the medication read of ``names`` or ``classes``
    (:data:`AGE_DRUGS`, :data:`NSAIDS_IN_USE`...); the procedures are read too
    (:func:`~mastcell.rules.procedure_facts.upcoming`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("codeine", status="planned")]), AT)
    >>> [u.path for u in uses(f, Context(at=AT), AGE_DRUGS, names=frozenset({"codeine"}))]
    ['medications[0]']
    """

    def ingredients(name: str) -> tuple[str, ...]:
        # A combination product is seen through each wanted ingredient (Excedrin: aspirin).
        return tuple(
            dict.fromkeys(
                (*ingredients_named(name, names), *ingredients_in(name, *sorted(classes)))
            )
        )

    found = [
        Use(
            path=f.path_of(m),
            name=m.drug,
            generic=generic,
            how=m.status.value,
            daily_mg=m.daily_mg if generic_name(m.drug) == generic else None,
        )
        for m in dict.fromkeys(read.of(f))
        for generic in ingredients(m.drug) or (m.drug,)
    ]
    for planned in upcoming(f, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients(agent):
                found.append(
                    Use(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                    )
                )
    return found


def by_generic(found: Iterable[Use]) -> dict[str, list[Use]]:
    """The uses grouped by generic name, in order of first appearance.

    >>> list(by_generic([Use(path="medications[0]", name="advil", generic="ibuprofen",
    ...                      how="active")]))
    ['ibuprofen']
    """
    out: dict[str, list[Use]] = {}
    for use in found:
        out.setdefault(use.generic, []).append(use)
    return out


def named(group: list[Use]) -> str:
    """The name the chart uses when all uses share it, else the generic name.

    >>> named([Use(path="medications[0]", name="advil", generic="ibuprofen", how="active")])
    'advil'
    """
    names = {u.name for u in group}
    return names.pop() if len(names) == 1 else group[0].generic


def age_row(generic: str, age: float, days: int | None) -> AgeLimit | None:
    """The first age limit of ``generic`` that applies at this age (in years and days).

    >>> age_row("codeine", 6.0, 2191).fact, age_row("codeine", 12.0, 4383)
    ('SR8', None)
    """
    return next((r for r in AGE_LIMITS if r.drug == generic and r.applies(age, days)), None)


def age_limit_finding(f: Facts, age: float, days: int | None, row: AgeLimit) -> Finding:
    """The age against the limit as the rule compared it: in days for a limit in days.

    Reads :data:`~mastcell.rules.procedure_facts.AGE_GIVEN` (which input to cite).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> row = age_row("cyproheptadine", 0.02, 7)
    >>> str(age_limit_finding(facts_of(patient(), AT), 0.02, 7, row))
    'birth_date: 7 d < 28.0 (age in completed days)'
    """
    if row.below_days is None or days is None:
        return age_finding(f, age, row.below_years)
    return Finding(
        input="age" if AGE_GIVEN.of(f) is not None else "birth_date",
        value=float(days),
        unit="d",
        threshold=float(row.below_days),
        comparison="<" if days < row.below_days else ">=",
        note="age in completed days",
    )


def quoted(decision: Decision) -> Decision:
    """The decision, saying it lists options when the chart's words it quotes read so.

    These cards list no drugs to choose from, but they quote drug names as the chart gives
    them: the old guard read such words ("alternative", "preferred") as a list of options
    (:func:`mastcell.guard.lists_options`), and the card is guarded as one (the cautious
    reading, as the reaction review's).

    >>> from mastcell.decision import Action
    >>> from mastcell.model import Indicator
    >>> u = Use(path="medications[0]", name="ibuprofen (preferred)", generic="ibuprofen",
    ...         how="active")
    >>> d = Decision(code="medication.pregnancy.nsaid", indicator=Indicator.WARNING,
    ...              action=Action.INFORM, params={"name": u.name, "generic": "ibuprofen",
    ...              "uses": (u,), "aspirin": False})
    >>> quoted(d).lists_options
    True
    """
    if lists_options(render(decision)):
        return attrs.evolve(decision, lists_options=True)
    return decision
