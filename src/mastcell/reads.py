"""What a rule reads: named queries over the facts view, each knowing its inputs.

A rule never touches the patient. It declares the reads it makes
(``@decides(..., reads=...)``) and asks each for its value with ``READ.of(facts)``; the engine
asks the same reads for ``paths(facts)``, the input paths they came from, to write the
report's ``reviewed_inputs``. A read computes its value once per evaluation (kept in
``facts.cache``).

The paths are those the old engine's recording view noted for the same query (it went with
the oracle, issue 20; the golden reports hold the accounting since): a count reads every
result of its analyte (an ANC also every neutrophil % and WBC: it may be derived from them);
a medication query the medications it returns; a list field every item; a single field
itself when it was given.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, lab, med, patient
>>> f = facts_of(patient(labs=[lab("wbc", 2.0, "10*9/L"), lab("neutrophils_pct", 40, "%")],
...                      medications=[med("hydroxyurea"), med("cetirizine")]), AT)
>>> COUNTS[Analyte.ANC].of(f).value, sorted(COUNTS[Analyte.ANC].paths(f))
(0.8, ['labs[0]', 'labs[1]'])
>>> CYTOREDUCTIVE_ON.paths(f)
('medications[0]',)
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from typing import Any

from mastcell.counts import Count, baseline_count
from mastcell.facts import Facts
from mastcell.knowledge.drugs import generic_name
from mastcell.model import (
    Analyte,
    Diagnosis,
    DrugClass,
    LabResult,
    Medication,
    MedicationStatus,
    Sex,
)

__all__ = [
    "ADVERSE_EVENTS",
    "AGE",
    "AGE_DAYS",
    "ANY_STATUS",
    "COUNTS",
    "CYTOREDUCTIVE_ON",
    "DIAGNOSES",
    "LACTATING",
    "MEDICATIONS",
    "ON",
    "ORGAN_FINDINGS",
    "PREGNANT",
    "PROCEDURES",
    "REACTIONS",
    "SEX",
    "WEIGHT",
    "AgeDaysRead",
    "AgeRead",
    "CountRead",
    "DiagnosesRead",
    "FieldRead",
    "ItemsRead",
    "LatestRead",
    "MedicationsRead",
    "NamedRead",
    "Read",
    "SeriesRead",
    "SexRead",
]

#: Active or held: on the drug (a hold is part of the treatment).
ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD)
#: Every medication status.
ANY_STATUS = tuple(MedicationStatus)


class Read(metaclass=abc.ABCMeta):
    """A named query over the facts view: its value, and the input paths it came from.

    Reads compare by identity: declare each once, at module level.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> f = facts_of(patient(medications=[med("hydroxyurea")]), AT)
    >>> CYTOREDUCTIVE_ON.name, [m.drug for m in CYTOREDUCTIVE_ON.of(f)]
    ('cytoreductive drugs active or held', ['hydroxyurea'])
    """

    __slots__ = ("analytes", "name")

    def __init__(self, name: str, analytes: Iterable[Analyte] = ()) -> None:
        self.name = name
        #: The analytes the read looks at (the unused-input check: "no rule reads it").
        self.analytes = frozenset(analytes)

    def __repr__(self) -> str:
        return f"<read {self.name}>"

    def of(self, facts: Facts) -> Any:
        """The read's value for this evaluation (computed once)."""
        cache = facts.cache
        if self in cache:
            return cache[self]
        value = cache[self] = self.compute(facts)
        return value

    @abc.abstractmethod
    def compute(self, facts: Facts) -> Any:
        """The value, computed from the facts (and, for the reads here only, the patient)."""

    @abc.abstractmethod
    def paths(self, facts: Facts) -> tuple[str, ...]:
        """The input paths the value came from."""


class MedicationsRead(Read):
    """The medications of some classes or names, in some statuses, in patient order.

    No classes and no names: every medication in the statuses. Names are matched as
    :meth:`Patient.medications_named <mastcell.Patient.medications_named>` does (generic
    name, brand or synonym).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> planned = MedicationsRead("planned", statuses=(MedicationStatus.PLANNED,))
    >>> f = facts_of(patient(medications=[med("famotidine"), med("Rydapt", status="planned")]), AT)
    >>> planned.paths(f)
    ('medications[1]',)
    """

    __slots__ = ("classes", "drugs", "statuses")

    def __init__(
        self,
        name: str,
        *classes: DrugClass,
        drugs: Iterable[str] = (),
        statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,),
    ) -> None:
        super().__init__(name)
        self.classes = frozenset(classes)
        self.drugs = frozenset(generic_name(d) or d.lower() for d in drugs)
        self.statuses = frozenset(statuses)

    def compute(self, facts: Facts) -> tuple[Medication, ...]:
        meds = facts.patient.medications
        out = []
        for i, m in enumerate(meds):
            if m.status not in self.statuses:
                continue
            if self.classes and self.classes.isdisjoint(facts.drug_classes[i]):
                continue
            if self.drugs and (facts.generics[i] or m.drug) not in self.drugs:
                continue
            out.append(m)
        return tuple(out)

    def of(self, facts: Facts) -> tuple[Medication, ...]:
        """The medications, in patient order."""
        value: tuple[Medication, ...] = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        path_of = facts.patient.path_of
        return tuple(path_of(m) for m in self.of(facts))


class NamedRead(MedicationsRead):
    """Medications that are, or contain, one of some drugs, in some statuses, in patient order.

    Matched by ingredient, as :meth:`Patient.medications_named
    <mastcell.Patient.medications_named>` does: a combination product is each of its
    ingredients (Excedrin is an aspirin, Zyrtec-D a cetirizine), and a name the vocabulary does
    not know matches itself only. :class:`MedicationsRead` matches the single generic name, so
    a combination product is not one of its drugs.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient

    >>> aspirin = NamedRead("aspirin", drugs=("aspirin",))
    >>> f = facts_of(patient(medications=[med("Excedrin"), med("cetirizine")]), AT)
    >>> [m.drug for m in aspirin.of(f)], aspirin.paths(f)
    (['excedrin'], ('medications[0]',))
    """

    __slots__ = ()

    def __init__(
        self,
        name: str,
        *,
        drugs: Iterable[str],
        statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,),
    ) -> None:
        super().__init__(name, drugs=drugs, statuses=statuses)

    def compute(self, facts: Facts) -> tuple[Medication, ...]:
        wanted, allowed = self.drugs, self.statuses
        return tuple(
            m
            for m, these in zip(facts.patient.medications, facts.ingredients, strict=True)
            if m.status in allowed and not wanted.isdisjoint(these or (m.drug,))
        )


#: The results each count is made from (an ANC may be derived from a WBC and a neutrophil %).
_COUNT_INPUTS = {
    Analyte.WBC: (Analyte.WBC,),
    Analyte.ANC: (Analyte.ANC, Analyte.NEUTROPHILS_PCT, Analyte.WBC),
    Analyte.PLATELETS: (Analyte.PLATELETS,),
    Analyte.HEMOGLOBIN: (Analyte.HEMOGLOBIN,),
}


def _lab_paths(facts: Facts, analytes: Iterable[Analyte]) -> tuple[str, ...]:
    patient = facts.patient
    path_of = patient.path_of
    return tuple(path_of(lab) for a in analytes for lab in patient.series(a))


class CountRead(Read):
    """The latest count of an analyte at the evaluation moment (an ANC derived when newer).

    Reads every result of the analyte (and, for the ANC, of the neutrophil % and the WBC):
    the baseline (:meth:`baseline`) comes from the same results.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> f = facts_of(patient(labs=[lab("platelets", 40, "K/uL")]), AT)
    >>> COUNTS[Analyte.PLATELETS].of(f).value, COUNTS[Analyte.PLATELETS].paths(f)
    (40.0, ('labs[0]',))
    """

    __slots__ = ("analyte",)

    def __init__(self, analyte: Analyte) -> None:
        super().__init__(f"count of {analyte.value}", _COUNT_INPUTS[analyte])
        self.analyte = analyte

    def compute(self, facts: Facts) -> Count | None:
        """The count (None when there is no result at or before the moment)."""
        return facts.counts.get(self.analyte)

    def baseline(self, facts: Facts, start: Any) -> Count | None:
        """The pre-treatment count for a drug started on ``start`` (see ``counts.baseline_count``)."""
        return baseline_count(facts.patient, self.analyte, start, facts.at)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return _lab_paths(facts, self.analytes)


class SeriesRead(Read):
    """The results of an analyte drawn at or before the evaluation moment, in time order.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> from datetime import timedelta
    >>> f = facts_of(patient(labs=[lab("tryptase", 9, "ng/mL"),
    ...                            lab("tryptase", 30, "ng/mL", AT + timedelta(days=1))]), AT)
    >>> SeriesRead(Analyte.TRYPTASE).paths(f)
    ('labs[0]',)
    """

    __slots__ = ("analyte",)

    def __init__(self, analyte: Analyte) -> None:
        super().__init__(f"{analyte.value} results", (analyte,))
        self.analyte = analyte

    def compute(self, facts: Facts) -> tuple[LabResult, ...]:
        return facts.patient.series(self.analyte, until=facts.at)

    def of(self, facts: Facts) -> tuple[LabResult, ...]:
        """The results, in time order."""
        value: tuple[LabResult, ...] = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        path_of = facts.patient.path_of
        return tuple(path_of(lab) for lab in self.of(facts))


class LatestRead(Read):
    """The latest result of an analyte drawn at or before the evaluation moment (None if none).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> f = facts_of(patient(labs=[lab("wbc", 3, "K/uL")]), AT)
    >>> LatestRead(Analyte.WBC).of(f).canonical
    3.0
    """

    __slots__ = ("analyte",)

    def __init__(self, analyte: Analyte) -> None:
        super().__init__(f"latest {analyte.value}", (analyte,))
        self.analyte = analyte

    def compute(self, facts: Facts) -> LabResult | None:
        """The result, or None."""
        return facts.latest.get(self.analyte)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        found = self.of(facts)
        return () if found is None else (facts.patient.path_of(found),)


class FieldRead(Read):
    """A single-valued field of the patient (read when given).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> ORGAN_FINDINGS.paths(facts_of(patient(), AT))
    ()
    """

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field

    def compute(self, facts: Facts) -> Any:
        """The field's value (None when not given)."""
        return getattr(facts.patient, self.field)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return () if getattr(facts.patient, self.field) is None else (self.field,)


class ItemsRead(Read):
    """A list field of the patient: every item (a procedure with its planned agents).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> from datetime import date
    >>> from mastcell.model import Procedure
    >>> p = patient(procedures=[Procedure(kind="dental", date=date(2026, 12, 1),
    ...                                   planned_agents=("lidocaine",))])
    >>> ItemsRead("procedures").paths(facts_of(p, AT))
    ('procedures[0]', 'procedures[0].planned_agents[0]')
    """

    __slots__ = ("field",)

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field

    def compute(self, facts: Facts) -> tuple[Any, ...]:
        """The items, in patient order."""
        value: tuple[Any, ...] = getattr(facts.patient, self.field)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        patient = facts.patient
        path_of = patient.path_of
        out = []
        for item in self.of(facts):
            path = path_of(item)
            out.append(path)
            if self.field == "procedures" and path.startswith("procedures["):
                out.extend(f"{path}.planned_agents[{j}]" for j in range(len(item.planned_agents)))
        return tuple(out)


#: The latest blood counts (:class:`CountRead` per count analyte).
COUNTS = {analyte: CountRead(analyte) for analyte in _COUNT_INPUTS}
#: Cytoreductive drugs the patient is on (active or held).
CYTOREDUCTIVE_ON = MedicationsRead(
    "cytoreductive drugs active or held", DrugClass.CYTOREDUCTIVE, statuses=ON
)
#: Every adverse event.
ADVERSE_EVENTS = ItemsRead("adverse_events")
#: The organ findings (the cytopenia's attribution to SM among them).
ORGAN_FINDINGS = FieldRead("organ_findings")
#: Pregnancy and lactation as recorded (None: not recorded).
PREGNANT = FieldRead("pregnant")
LACTATING = FieldRead("lactating")
#: Every medication, whatever its status.
MEDICATIONS = ItemsRead("medications")
#: Every recorded reaction.
REACTIONS = ItemsRead("reactions")
#: Every procedure, past or planned, with its planned agents.
PROCEDURES = ItemsRead("procedures")
#: The recorded weight (None: not recorded).
WEIGHT = FieldRead("weight")


class AgeRead(Read):
    """The age in years at the evaluation moment (None: neither a birth date nor an age).

    Reads the birth date when given, else the age (as ``Patient.age_at``).

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(birth_date=date(1990, 1, 1)), AT)
    >>> int(AGE.of(f)), AGE.paths(f)
    (36, ('birth_date',))
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> float | None:
        return facts.age

    def paths(self, facts: Facts) -> tuple[str, ...]:
        patient = facts.patient
        if patient.birth_date is not None:
            return ("birth_date",)
        return ("age",) if patient.age is not None else ()


class AgeDaysRead(Read):
    """The age in completed days at the evaluation moment (None: neither a birth date nor an age).

    A limit a label states in days (a newborn is under 28 days) is compared on this, never on a
    fraction of a year (``Patient.age_in_days``). Its paths are :data:`AGE`'s.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(birth_date=date(2026, 11, 1)), AT)
    >>> AGE_DAYS.of(f), AGE_DAYS.paths(f)
    (21, ('birth_date',))
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> int | None:
        days: int | None = facts.patient.age_in_days(facts.at)
        return days

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return AGE.paths(facts)


class SexRead(Read):
    """The recorded sex: not an accounted input, so a read without paths.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(sex="female"), AT)
    >>> SEX.of(f).value, SEX.paths(f)
    ('female', ())
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> Sex | None:
        sex: Sex | None = facts.patient.sex
        return sex

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


class DiagnosesRead(Read):
    """The diagnoses in the order the record lists them (not an input to account for).

    The facts view holds them as a set; a text or finding per diagnosis keeps the record's order.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(diagnoses=["mcas", "ism"]), AT)
    >>> [d.value for d in DIAGNOSES.of(f)], DIAGNOSES.paths(f)
    (['mcas', 'ism'], ())
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> tuple[Diagnosis, ...]:
        return tuple(facts.patient.diagnoses)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


#: The age at the evaluation moment (:class:`AgeRead`).
AGE = AgeRead("age")
#: The age in completed days at the evaluation moment (:class:`AgeDaysRead`).
AGE_DAYS = AgeDaysRead("age in days")
#: The recorded sex (:class:`SexRead`).
SEX = SexRead("sex")
#: The diagnoses in record order (:class:`DiagnosesRead`).
DIAGNOSES = DiagnosesRead("diagnoses in record order")
