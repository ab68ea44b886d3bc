"""What the perioperative rules read and may cite, beyond the shared procedure reads.

The shared helpers (what is planned and when, the age finding, the candidate drugs the
reactions allow) are in :mod:`mastcell.rules.procedure_facts`; here are the reads only the
perioperative rules make (the weight of a child, the premedication drugs already taken), the
planned agents a rule flags, and the sources its decisions may cite, gathered from the tables
they come from so that a source added to a table is declared with it.

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Weight
>>> from mastcell.testing import AT, patient
>>> from datetime import date
>>> child = patient(birth_date=date(2020, 1, 1), weight=Weight(value=20, unit="kg"))
>>> CHILD_WEIGHT.paths(facts_of(child, AT)), CHILD_WEIGHT.of(facts_of(child, AT))
(('weight',), 20.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from mastcell.decision import Decision
from mastcell.facts import Facts
from mastcell.guard import lists_options
from mastcell.knowledge.drugs import generic_name
from mastcell.knowledge.groups import CLASS_GROUPS, CROSS_REACTIVE_GROUPS
from mastcell.knowledge.perioperative import CHILD_BELOW_YEARS, Dosing, PremedicationStep
from mastcell.knowledge.safety import SAFETY
from mastcell.model import Anesthesia, Medication, MedicationStatus, Procedure, ProcedureKind
from mastcell.reads import AGE, Read

__all__ = [
    "ALLERGY_SOURCES",
    "CHILD_WEIGHT",
    "KIND_LABELS",
    "SAFETY_SOURCES",
    "TAKING",
    "ChildWeightRead",
    "TakingRead",
    "doses_text",
    "dosing_label",
    "general",
    "moment_text",
    "said_options",
]

#: What a procedure is called in the text (as :class:`~mastcell.rules.procedure_facts.Planned`
#: labels it).
KIND_LABELS = {
    ProcedureKind.SURGERY: "surgery",
    ProcedureKind.ENDOSCOPY: "endoscopy",
    ProcedureKind.CONTRAST_IMAGING: "contrast imaging",
    ProcedureKind.DENTAL: "dental procedure",
    ProcedureKind.OTHER: "procedure",
}


def _unique(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


#: What a match against a recorded reaction may cite: every cross-reactive and class group.
ALLERGY_SOURCES = _unique(
    *(g.sources for g in CROSS_REACTIVE_GROUPS.values()),
    *(g.sources for g in CLASS_GROUPS.values()),
)
#: What a planned agent's rating may cite: every entry of the safety catalogue.
SAFETY_SOURCES = _unique(*(entry.all_sources for entry in SAFETY.values()))


class ChildWeightRead(Read):
    """The weight in kg, read only for a child (the per-kg check of the child prednisone dose).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Age, Weight
    >>> from mastcell.testing import AT, patient
    >>> adult = patient(age=Age(value=40, unit="year"), weight=Weight(value=70, unit="kg"))
    >>> CHILD_WEIGHT.paths(facts_of(adult, AT)), CHILD_WEIGHT.of(facts_of(adult, AT))
    ((), None)
    """

    __slots__ = ()

    def _child(self, facts: Facts) -> bool:
        age = AGE.of(facts)
        return age is not None and age < CHILD_BELOW_YEARS

    def compute(self, facts: Facts) -> float | None:
        weight = facts.patient.weight if self._child(facts) else None
        return None if weight is None else weight.kg

    def of(self, facts: Facts) -> float | None:
        """The weight in kg of a child (None: an adult, the age unknown, or no weight)."""
        value: float | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        if self._child(facts) and facts.patient.weight is not None:
            return ("weight",)
        return ()


class TakingRead(Read):
    """The active medications named like the premedication drugs a rule scheduled.

    Which drugs are scheduled depends on the options (the H1 choice), the reactions and the
    age, so the rule names them (:meth:`named`) and the read accounts for the medications it
    returned, as the recording view noted the old rule's ``medications_named``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("hydroxyzine"), med("famotidine")]), AT)
    >>> [m.drug for m in TAKING.named(f, "famotidine")], TAKING.paths(f)
    (['famotidine'], ('medications[1]',))
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> tuple[Medication, ...]:
        return ()

    def named(self, facts: Facts, drug: str) -> tuple[Medication, ...]:
        """The active medications that are, or contain, ``drug`` (noted for the paths)."""
        wanted = generic_name(drug) or drug.lower()
        found = tuple(
            m
            for m, these in zip(facts.patient.medications, facts.ingredients, strict=True)
            if m.status is MedicationStatus.ACTIVE and wanted in (these or (m.drug,))
        )
        seen = facts.cache.get(self, ())
        facts.cache[self] = (*seen, *(m for m in found if not any(m is s for s in seen)))
        return found

    def paths(self, facts: Facts) -> tuple[str, ...]:
        path_of = facts.path_of
        noted = facts.cache.get(self, ())
        return tuple(path_of(m) for m in facts.patient.medications if any(m is n for n in noted))


#: The weight of a child (:class:`ChildWeightRead`).
CHILD_WEIGHT = ChildWeightRead("weight of a child")
#: The premedication drugs already taken (:class:`TakingRead`).
TAKING = TakingRead("premedication drugs already taken")


def general(procedure: Procedure) -> bool | None:
    """True for general anaesthesia, None when surgery does not say which anaesthesia.

    >>> from datetime import date
    >>> general(Procedure(kind="surgery", date=date(2026, 12, 1))) is None
    True
    """
    if procedure.anesthesia is Anesthesia.GENERAL:
        return True
    if procedure.anesthesia is None and procedure.kind is ProcedureKind.SURGERY:
        return None
    return False


def moment_text(moment: datetime) -> str:
    """A moment as the schedule writes it.

    >>> from mastcell.testing import AT
    >>> moment_text(AT)
    '2026-11-22 12:00 UTC'
    """
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".strip()


def dosing_label(group: Dosing) -> str:
    """An age group of the protocol in words.

    >>> from mastcell.knowledge.perioperative import PREMEDICATION
    >>> [dosing_label(g) for g in PREMEDICATION[1].dosing]
    ['12 years and over', '6 to under 12 years', 'under 6 years']
    """
    if group.below_years is None:
        return f"{group.from_years:g} years and over"
    if group.from_years == 0:
        return f"under {group.below_years:g} years"
    return f"{group.from_years:g} to under {group.below_years:g} years"


def doses_text(step: PremedicationStep) -> str:
    """A step's doses by age group (stated when the age is unknown).

    >>> from mastcell.knowledge.perioperative import PREMEDICATION
    >>> doses_text(PREMEDICATION[0])
    '12 years and over: 50 mg; under 12 years: 20 mg'
    """
    return "; ".join(
        f"{dosing_label(g)}: {g.dose if g.dose is not None else 'no dose given'}"
        for g in step.dosing
    )


def said_options(decision: Decision) -> Decision:
    """The decision, marked as listing options when its words say so.

    Its words quote the chart (a reaction's agent) and the catalogue's reasons, so whether the
    card reads as a list of options (``guard.lists_options``) depends on them, as in
    :mod:`mastcell.rules.reactions`: the cautious reading (a card that may list options is
    guarded as one), held by the golden reports.

    >>> from mastcell.decision import Action
    >>> from mastcell.model import Indicator
    >>> from mastcell.rules.procedure_facts import Planned
    >>> from mastcell.testing import AT
    >>> planned = Planned(procedure=Procedure(kind="dental", date=AT.date()), path="procedures[0]",
    ...                   start=AT, assumed=False)
    >>> d = Decision(code="perioperative.theatre_triggers", indicator=Indicator.WARNING,
    ...              action=Action.INFORM, params={"planned": planned, "sm": False,
    ...                                            "personal": ("preferred cold",)})
    >>> said_options(d).lists_options
    True
    """
    from mastcell.text import render

    if lists_options(render(decision)):
        return attrs.evolve(decision, lists_options=True)
    return decision
