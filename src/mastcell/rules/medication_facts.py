"""The reads and shared derivations of the medication checks (:mod:`mastcell.rules.medication`).

Every medication with its input path and generic name (:class:`Entry`), the daily totals,
and the reads the checks make: the whole list, the age, the weight, the antihistamines that
share a moiety and the sedating ones, and the diagnoses in the order given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.moieties import MOIETY_PAIRS
from mastcell.model import (
    DrugClass,
    Finding,
    Medication,
    MedicationStatus,
    Route,
)
from mastcell.reads import (
    ANY_STATUS,
    MedicationsRead,
    NamedRead,
)

__all__ = [
    "ALL_MEDICATIONS",
    "MOIETY_DRUGS",
    "MOIETY_NAMES",
    "SEDATING",
    "Entry",
    "by_generic",
    "entries",
    "entry_of",
    "route_of",
    "total",
]


class Entry(NamedTuple):
    """One medication with its path, generic name (None: unknown or a mix) and ingredients.

    >>> from mastcell.testing import med
    >>> e = Entry(path="medications[0]", medication=med("cetirizine", 10, frequency="daily"),
    ...           generic="cetirizine")
    >>> e.describe(), e.daily
    ('cetirizine 10 mg once daily', 10.0)
    """

    path: str
    medication: Medication
    generic: str | None
    ingredients: tuple[str, ...] = ()

    @property
    def daily(self) -> float | None:
        """The daily amount in mg (None: no regular daily dose)."""
        return self.medication.daily_mg

    def describe(self) -> str:
        """The drug with its dose and frequency, as the list gives them."""
        m = self.medication
        dose = "" if m.dose is None else f" {m.dose.value:g} {m.dose.unit}"
        frequency = "" if m.frequency is None else f" {m.frequency.label}"
        return f"{m.drug}{dose}{frequency}"

    def finding(
        self,
        threshold: float | None = None,
        note: str | None = None,
        unit: str = "mg/d",
    ) -> Finding:
        """The finding citing this entry, with its daily amount (and a threshold above it)."""
        value = self.daily
        return Finding(
            input=self.path,
            text=self.describe(),
            value=value,
            unit=unit if value is not None else None,
            threshold=threshold,
            comparison=None if threshold is None or value is None else ">",
            note=note,
        )


#: Every medication, whatever its status (the checks read the whole list).
ALL_MEDICATIONS = MedicationsRead("every medication", statuses=ANY_STATUS)
#: The antihistamines of the moiety pairs (SR13), sorted.
MOIETY_NAMES = tuple(sorted({d for pair in MOIETY_PAIRS for d in pair.drugs}))
#: Active antihistamines of a moiety pair, a combination product through its ingredients.
MOIETY_DRUGS = NamedRead("antihistamines sharing a moiety, active", drugs=MOIETY_NAMES)
#: Active first-generation H1 antihistamines (a product through its antihistamine).
SEDATING = MedicationsRead(
    "first-generation H1 antihistamines, active", DrugClass.H1_FIRST_GENERATION
)


def entries(f: Facts, *statuses: MedicationStatus) -> list[Entry]:
    """The medications with the given statuses (all when none), with their paths.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("Zyrtec"), med("foo", status="held")]), AT)
    >>> [(e.path, e.generic) for e in entries(f, MedicationStatus.ACTIVE)]
    [('medications[0]', 'cetirizine')]
    """
    out = []
    for i, m in enumerate(ALL_MEDICATIONS.of(f)):  # every medication, in patient order
        if statuses and m.status not in statuses:
            continue
        out.append(
            Entry(
                path=f"medications[{i}]",
                medication=m,
                generic=f.generics[i],
                ingredients=f.ingredients[i],
            )
        )
    return out


def entry_of(f: Facts, m: Medication) -> Entry:
    """One of the patient's medications as an :class:`Entry`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("famotidine")])
    >>> entry_of(facts_of(p, AT), p.medications[0]).path
    'medications[0]'
    """
    return Entry(
        path=f.path_of(m), medication=m, generic=f.generic_of(m), ingredients=f.ingredients_of(m)
    )


def by_generic(found: Iterable[Entry]) -> dict[str, list[Entry]]:
    """The recognised entries grouped by generic name, in order of first appearance.

    >>> e = Entry(path="medications[0]", medication=Medication(drug="zyrtec"), generic="cetirizine")
    >>> list(by_generic([e]))
    ['cetirizine']
    """
    groups: dict[str, list[Entry]] = {}
    for entry in found:
        if entry.generic is not None:
            groups.setdefault(entry.generic, []).append(entry)
    return groups


def total(found: Sequence[Entry]) -> float:
    """The daily amounts added up (entries without one count nothing), in mg.

    >>> total([])
    0
    """
    return round(sum(e.daily for e in found if e.daily is not None), 6)


def route_of(found: Sequence[Entry]) -> Route | None:
    """The shared route of the entries; None when unknown or mixed.

    >>> route_of([])
    """
    routes = {e.medication.route for e in found}
    return routes.pop() if len(routes) == 1 else None
