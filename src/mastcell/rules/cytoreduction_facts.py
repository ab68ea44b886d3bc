"""Reads shared by the cytoreductive-drug rules: drugs by name, the age, adverse events.

Used by :mod:`mastcell.rules.pregnancy`, :mod:`mastcell.rules.adverse_events`,
:mod:`mastcell.rules.avapritinib` and :mod:`mastcell.rules.cytoreduction` (the counts are
:mod:`mastcell.rules.cytopenia_facts`'). Each read's paths are what the recording view noted
for the query the unconverted rule made.
"""

from __future__ import annotations

from collections.abc import Iterable

from mastcell.facts import Facts
from mastcell.knowledge.drugs import generic_name
from mastcell.model import Medication, MedicationStatus, Sex
from mastcell.reads import Read

__all__ = ["AGE", "SEX", "AgeRead", "NamedRead", "SexRead"]


class NamedRead(Read):
    """Medications that are, or contain, one of some drugs, in some statuses, in patient order.

    Matched as :meth:`Patient.medications_named <mastcell.Patient.medications_named>` does: a
    combination product is each of its ingredients; a name the vocabulary does not know
    matches itself only.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> aspirin = NamedRead("aspirin", drugs=("aspirin",))
    >>> f = facts_of(patient(medications=[med("Excedrin"), med("cetirizine")]), AT)
    >>> [m.drug for m in aspirin.of(f)], aspirin.paths(f)
    (['excedrin'], ('medications[0]',))
    """

    __slots__ = ("drugs", "statuses")

    def __init__(
        self,
        name: str,
        *,
        drugs: Iterable[str],
        statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,),
    ) -> None:
        super().__init__(name)
        self.drugs = frozenset(generic_name(d) or d.lower() for d in drugs)
        self.statuses = frozenset(statuses)

    def compute(self, facts: Facts) -> tuple[Medication, ...]:
        wanted, allowed = self.drugs, self.statuses
        return tuple(
            m
            for m, these in zip(facts.patient.medications, facts.ingredients, strict=True)
            if m.status in allowed and not wanted.isdisjoint(these or (m.drug,))
        )

    def of(self, facts: Facts) -> tuple[Medication, ...]:
        """The medications, in patient order."""
        value: tuple[Medication, ...] = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return tuple(facts.path_of(m) for m in self.of(facts))


class AgeRead(Read):
    """The age in years at the evaluation moment (None: neither a birth date nor an age).

    Reads the birth date when given, else the age.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(birth_date=date(1990, 1, 1)), AT)
    >>> int(AGE.of(f)), AGE.paths(f)
    (36, ('birth_date',))
    """

    __slots__ = ()

    def of(self, facts: Facts) -> float | None:
        """The age, or None."""
        return facts.age

    def paths(self, facts: Facts) -> tuple[str, ...]:
        patient = facts.patient
        if patient.birth_date is not None:
            return ("birth_date",)
        return ("age",) if patient.age is not None else ()


#: The patient's age (:class:`AgeRead`).
AGE = AgeRead("age")


class SexRead(Read):
    """The recorded sex: not an accounted input, so a read without paths.

    The recording view hands the sex over without noting it; so does this read.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(sex="female"), AT)
    >>> SEX.of(f).value, SEX.paths(f)
    ('female', ())
    """

    __slots__ = ()

    def of(self, facts: Facts) -> Sex:
        """The sex as recorded."""
        return facts.patient.sex

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


#: The patient's recorded sex (:class:`SexRead`).
SEX = SexRead("sex")
