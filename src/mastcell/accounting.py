"""Every input accounted for: which inputs each rule read, and what became of the rest.

Rules do not declare which list items they look at (a rule reading "the active H1
antihistamines" cannot name them in advance), so the engine *records* it: each rule runs on a
:class:`Reading` view of the patient, which hands the rule exactly what the patient would and
notes which inputs it handed out. A rule that reads ``patient.medications`` has seen every
medication; one that calls ``patient.medications_of(DrugClass.H2)`` has seen the H2 blockers;
``patient.latest("anc")`` the one result it returns. A procedure read is read with its planned
agents (the rule holds them).

:func:`account` then sorts every input into the report: cited by a finding, listed in
``unused_inputs`` with the reason, or listed in ``reviewed_inputs`` with the codes of the rules
that read it and found nothing to say.

>>> from mastcell.testing import patient
>>> from mastcell.model import Medication
>>> p = patient(medications=[Medication(drug="famotidine"), Medication(drug="foo")])
>>> view = Reading(p)
>>> [m.drug for m in view.medications_of()]
['famotidine', 'foo']
>>> sorted(view.seen)
['medications[0]', 'medications[1]']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from mastcell.facts import Facts
from mastcell.knowledge.drugs import generic_name
from mastcell.model import (
    Analyte,
    DrugClass,
    LabResult,
    Medication,
    MedicationStatus,
    Patient,
    ReviewedInput,
    UnusedInput,
)

__all__ = ["LIST_FIELDS", "SCALAR_FIELDS", "Reading", "account", "input_paths"]

#: The list fields of a patient whose every item is accounted for.
LIST_FIELDS = (
    "labs",
    "medications",
    "procedures",
    "flares",
    "reactions",
    "adverse_events",
    "biopsies",
    "kit_tests",
    "sensitisations",
    "scores",
)
#: The single-valued fields accounted for when the caller gave them.
SCALAR_FIELDS = (
    "birth_date",
    "age",
    "weight",
    "pain",
    "symptom_control",
    "tpsab1_extra_copies",
    "pregnant",
    "lactating",
    "kit_d816v",
    "skin",
    "organ_findings",
    "associated_neoplasm",
    "response_to_antimediators",
)
#: The default medication statuses of the medication queries (active only).
_ACTIVE: tuple[MedicationStatus, ...] = (MedicationStatus.ACTIVE,)
_ACTIVE_SET = frozenset(_ACTIVE)


def input_paths(patient: Patient) -> list[str]:
    """Every input path a caller sent that must be accounted for, in patient order.

    >>> from mastcell.testing import patient
    >>> from mastcell.model import Procedure
    >>> from datetime import date
    >>> input_paths(patient(procedures=[Procedure(kind="dental", date=date(2026, 12, 1),
    ...                                           planned_agents=("lidocaine",))]))
    ['procedures[0]', 'procedures[0].planned_agents[0]']
    """
    paths = []
    for name in LIST_FIELDS:
        for i, item in enumerate(getattr(patient, name)):
            paths.append(f"{name}[{i}]")
            if name == "procedures":
                paths.extend(
                    f"{name}[{i}].planned_agents[{j}]" for j in range(len(item.planned_agents))
                )
    paths.extend(name for name in SCALAR_FIELDS if getattr(patient, name) is not None)
    return paths


class Reading:
    """A read-only view of a patient that records which inputs a rule was handed.

    Attribute reads and the lab and medication queries are forwarded to the patient unchanged;
    ``seen`` collects the input paths of what they returned. The engine builds one view per
    evaluation and gives each rule a fresh, empty ``seen`` set; the paths of each input
    are worked out once, when the view is built.

    >>> from mastcell.testing import patient
    >>> from mastcell.model import PainAssessment
    >>> view = Reading(patient(pain=PainAssessment(score=3)))
    >>> view.pain.score, sorted(view.seen)
    (3, ['pain'])
    """

    __slots__ = ("__dict__", "_facts", "_fields", "_items", "_patient", "seen")

    def __init__(self, patient: Patient, facts: Facts | None = None) -> None:
        self._patient = patient
        self._facts = facts
        self.seen: set[str] = set()
        paths = patient._paths
        items: dict[int, tuple[str, ...]] = {key: (path,) for key, path in paths.items()}
        for proc in patient.procedures:
            at = paths.get(id(proc))
            if at is not None and at.startswith("procedures["):
                agents = proc.planned_agents
                items[id(proc)] = (at, *(f"{at}.planned_agents[{j}]" for j in range(len(agents))))
        #: Per input object (by identity): the paths a read of it records.
        self._items = items
        #: Per list field: its items, and the paths a read of the whole list records.
        self._fields = {
            name: (
                value,
                tuple({p: None for item in value for p in items.get(id(item), ())}),
            )
            for name in LIST_FIELDS
            for value in (getattr(patient, name),)
        }

    def _note(self, item: object) -> None:
        paths = self._items.get(id(item))
        if paths is not None:
            self.seen.update(paths)

    def _note_all(self, items: Iterable[object]) -> None:
        get = self._items.get
        update = self.seen.update
        for item in items:
            paths = get(id(item))
            if paths is not None:
                update(paths)

    def __getattr__(self, name: str) -> Any:
        # Only for what the class does not define: a patient attribute handed over without
        # recording (diagnoses, sex, has(), ...), kept for the view's life (the patient is
        # immutable).
        value = getattr(self._patient, name)
        self.__dict__[name] = value
        return value

    # The queries that hand out inputs: answered from the evaluation's facts where there are
    # facts (the same answers as the patient's own methods, without looking each drug up
    # again); what they hand out is recorded.

    def medications_of(
        self,
        *classes: DrugClass,
        statuses: Iterable[MedicationStatus] = _ACTIVE,
    ) -> tuple[Medication, ...]:
        """As :meth:`Patient.medications_of <mastcell.Patient.medications_of>`, recorded."""
        facts = self._facts
        if facts is None:
            result = self._patient.medications_of(*classes, statuses=statuses)
        else:
            wanted = _ACTIVE_SET if statuses is _ACTIVE else frozenset(statuses)
            result = tuple(
                m
                for m, these in zip(self._patient.medications, facts.drug_classes, strict=True)
                if m.status in wanted and (not classes or not these.isdisjoint(classes))
            )
        self._note_all(result)
        return result

    def medications_named(
        self, *drugs: str, statuses: Iterable[MedicationStatus] = _ACTIVE
    ) -> tuple[Medication, ...]:
        """As :meth:`Patient.medications_named <mastcell.Patient.medications_named>`, recorded."""
        facts = self._facts
        if facts is None:
            result = self._patient.medications_named(*drugs, statuses=statuses)
        else:
            wanted = {generic_name(d) or d.lower() for d in drugs}
            allowed = _ACTIVE_SET if statuses is _ACTIVE else frozenset(statuses)
            result = tuple(
                m
                for m, these in zip(self._patient.medications, facts.ingredients, strict=True)
                if m.status in allowed and not wanted.isdisjoint(these or (m.drug,))
            )
        self._note_all(result)
        return result

    def latest(self, analyte: Analyte | str, at: datetime | None = None) -> LabResult | None:
        """As :meth:`Patient.latest <mastcell.Patient.latest>`, recorded."""
        facts = self._facts
        if facts is not None and at is not None and at == facts.at and isinstance(analyte, Analyte):
            result = facts.latest.get(analyte)
        else:
            result = self._patient.latest(analyte, at)
        if result is not None:
            self._note(result)
        return result

    def series(
        self, analyte: Analyte | str, *, until: datetime | None = None
    ) -> tuple[LabResult, ...]:
        """As :meth:`Patient.series <mastcell.Patient.series>`, recorded."""
        result = self._patient.series(analyte, until=until)
        self._note_all(result)
        return result

    def age_at(self, at: datetime) -> float | None:
        """As :meth:`Patient.age_at <mastcell.Patient.age_at>`, recording the input used."""
        patient = self._patient
        if patient.birth_date is not None:
            self.seen.add("birth_date")
        elif patient.age is not None:
            self.seen.add("age")
        facts = self._facts
        if (
            facts is not None
            and at == facts.at
            and (facts.age is not None or patient.birth_date is None)
        ):
            return facts.age  # the same age (a birth date after the moment still raises below)
        return patient.age_at(at)

    def age_in_days(self, at: datetime) -> int | None:
        """As :meth:`Patient.age_in_days <mastcell.Patient.age_in_days>`, recording the input."""
        patient = self._patient
        if patient.birth_date is not None:
            self.seen.add("birth_date")
        elif patient.age is not None:
            self.seen.add("age")
        return patient.age_in_days(at)

    def conflicting_results(self) -> tuple[tuple[LabResult, ...], ...]:
        """As :meth:`Patient.conflicting_results <mastcell.Patient.conflicting_results>`, recorded."""
        groups = self._patient.conflicting_results()
        for group in groups:
            self._note_all(group)
        return groups


def _list_field(name: str) -> property:
    """A list field of the patient: reading it records every item (and planned agents)."""

    def read(self: Reading) -> Any:
        value, paths = self._fields[name]
        if paths:
            self.seen.update(paths)
        return value

    return property(read, doc=f"The patient's ``{name}``, recorded.")


def _scalar_field(name: str) -> property:
    """A single-valued field of the patient: reading it records it when it was given."""

    def read(self: Reading) -> Any:
        value = getattr(self._patient, name)
        if value is not None:
            self.seen.add(name)
        return value

    return property(read, doc=f"The patient's ``{name}``, recorded when given.")


for _name in LIST_FIELDS:
    setattr(Reading, _name, _list_field(_name))
for _name in SCALAR_FIELDS:
    setattr(Reading, _name, _scalar_field(_name))
del _name


def account(
    patient: Patient,
    cited: Iterable[str],
    unused: Iterable[UnusedInput],
    reads: Mapping[str, Iterable[str]],
) -> tuple[tuple[UnusedInput, ...], tuple[ReviewedInput, ...]]:
    """Sort every input: cited, set aside with a reason, read without action, or unused.

    Args:
        patient: the evaluated patient.
        cited: the input paths the report's findings cite (``labs[0]``; deeper paths such as
            ``procedures[0].planned_agents[1]`` count for themselves).
        unused: the inputs the engine already set aside, with their reasons.
        reads: per input path, the codes of the rules that read it.

    Returns:
        ``(unused_inputs, reviewed_inputs)``, both in patient order. An input neither cited nor
        set aside is reviewed when a rule read it, else unused ("read by no rule in the
        evaluated categories").

    >>> from mastcell.testing import patient
    >>> from mastcell.model import Medication
    >>> p = patient(medications=[Medication(drug="famotidine"), Medication(drug="cromolyn")])
    >>> unused, reviewed = account(p, [], [], {"medications[0]": ["antimediator.h2.add"]})
    >>> [str(u) for u in unused], [str(r) for r in reviewed]
    (['medications[1]: read by no rule in the evaluated categories'], ['medications[0]: read by antimediator.h2.add'])
    """
    cited_set = set(cited)
    set_aside: dict[str, list[UnusedInput]] = {}
    for item in unused:
        set_aside.setdefault(item.input, []).append(item)
    out_unused: list[UnusedInput] = []
    reviewed: list[ReviewedInput] = []
    for path in input_paths(patient):
        aside = set_aside.pop(path, ())
        out_unused.extend(aside)
        if path in cited_set or aside:
            continue
        codes = reads.get(path)
        if codes:
            reviewed.append(ReviewedInput(input=path, rules=tuple(sorted(set(codes)))))
        else:
            out_unused.append(
                UnusedInput(input=path, reason="read by no rule in the evaluated categories")
            )
    for rest in set_aside.values():  # paths outside the accounted fields keep their place
        out_unused.extend(rest)
    return tuple(out_unused), tuple(reviewed)
