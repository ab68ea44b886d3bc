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

from collections.abc import Callable, Iterable, Mapping
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
LIST_FIELDS = ("labs", "medications", "procedures", "flares", "reactions", "adverse_events")
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
)
#: Methods of :class:`~mastcell.model.Patient` that hand out inputs, recorded when called.
_HANDING_OUT = frozenset({"medications_of", "medications_named", "series", "latest"})


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
    ``seen`` collects the input paths of what they returned.

    >>> from mastcell.testing import patient
    >>> from mastcell.model import PainAssessment
    >>> view = Reading(patient(pain=PainAssessment(score=3)))
    >>> view.pain.score, sorted(view.seen)
    (3, ['pain'])
    """

    __slots__ = ("_facts", "_patient", "seen")

    def __init__(self, patient: Patient, facts: Facts | None = None) -> None:
        self._patient = patient
        self._facts = facts
        self.seen: set[str] = set()

    def _note(self, item: object) -> None:
        path = self._patient._paths.get(id(item))
        if path is None:
            return
        self.seen.add(path)
        if path.startswith("procedures["):
            agents = getattr(item, "planned_agents", ())
            self.seen.update(f"{path}.planned_agents[{j}]" for j in range(len(agents)))

    def _note_all(self, items: Iterable[object]) -> None:
        for item in items:
            self._note(item)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._patient, name)
        if name in LIST_FIELDS:
            self._note_all(value)
        elif name in SCALAR_FIELDS:
            if value is not None:
                self.seen.add(name)
        elif name == "age_at":
            return self._age_at
        elif name == "conflicting_results":
            return self._conflicting_results
        elif name in _HANDING_OUT:
            if self._facts is not None:
                if name == "medications_of":
                    return self._medications_of
                if name == "medications_named":
                    return self._medications_named
                if name == "latest":
                    return self._latest
            return self._recording(value)
        return value

    # Queries answered from the evaluation's facts (the same answers as the patient's own
    # methods, without looking each drug up again); what they hand out is recorded.

    def _medications_of(
        self,
        *classes: DrugClass,
        statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,),
    ) -> tuple[Medication, ...]:
        facts = self._facts
        assert facts is not None
        wanted = frozenset(statuses)
        result = tuple(
            m
            for m, these in zip(self._patient.medications, facts.drug_classes, strict=True)
            if m.status in wanted and (not classes or not these.isdisjoint(classes))
        )
        self._note_all(result)
        return result

    def _medications_named(
        self, *drugs: str, statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,)
    ) -> tuple[Medication, ...]:
        facts = self._facts
        assert facts is not None
        wanted = {generic_name(d) or d.lower() for d in drugs}
        allowed = frozenset(statuses)
        result = tuple(
            m
            for m, generic in zip(self._patient.medications, facts.generics, strict=True)
            if m.status in allowed and (generic or m.drug) in wanted
        )
        self._note_all(result)
        return result

    def _latest(self, analyte: Analyte | str, at: datetime | None = None) -> LabResult | None:
        facts = self._facts
        assert facts is not None
        if at is not None and at == facts.at and isinstance(analyte, Analyte):
            result = facts.latest.get(analyte)
        else:
            result = self._patient.latest(analyte, at)
        if result is not None:
            self._note(result)
        return result

    def _recording(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            if isinstance(result, tuple):
                self._note_all(result)
            elif result is not None:
                self._note(result)
            return result

        return call

    def _age_at(self, at: datetime) -> float | None:
        patient = self._patient
        if patient.birth_date is not None:
            self.seen.add("birth_date")
        elif patient.age is not None:
            self.seen.add("age")
        return patient.age_at(at)

    def _conflicting_results(self) -> tuple[tuple[Any, ...], ...]:
        groups = self._patient.conflicting_results()
        for group in groups:
            self._note_all(group)
        return groups


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
