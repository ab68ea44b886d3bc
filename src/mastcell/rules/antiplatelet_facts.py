"""What the NSAID bleeding warning reads (:mod:`mastcell.rules.antiplatelet`): the NSAIDs in use.

An NSAID or aspirin counts when taken or planned
(:data:`~mastcell.rules.special_populations_facts.NSAIDS_IN_USE`), or planned for an upcoming
procedure (:data:`~mastcell.reads.PROCEDURES`); a combination product counts through each
NSAID in it (Excedrin: aspirin). The KIT inhibitors and cytoreductive drugs on board
(active, held or planned) are read when the warning fires (:data:`KIT_ON_BOARD`).

>>> from mastcell.facts import facts_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, med, patient
>>> [u.generic for u in nsaid_uses(facts_of(patient(medications=[med("Excedrin")]), AT),
...                                Context(at=AT))]
['aspirin']
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.drugs import ingredients_in
from mastcell.model import DrugClass, Finding, MedicationStatus, ProcedureKind
from mastcell.reads import MedicationsRead
from mastcell.rules.procedure_facts import upcoming
from mastcell.rules.registry import Context
from mastcell.rules.special_populations_facts import NSAIDS_IN_USE

__all__ = ["KIT_ON_BOARD", "NsaidUse", "nsaid_uses"]

_WANTED = (DrugClass.ASPIRIN, DrugClass.NSAID)

#: KIT inhibitors and cytoreductive drugs active, held or planned.
KIT_ON_BOARD = MedicationsRead(
    "KIT inhibitors or cytoreductive drugs active, held or planned",
    DrugClass.KIT_INHIBITOR,
    DrugClass.CYTOREDUCTIVE,
    statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
)


class NsaidUse(NamedTuple):
    """An NSAID or aspirin in use or planned: a medication or an upcoming procedure's agent.

    >>> u = NsaidUse(path="medications[0]", name="advil", generic="ibuprofen", how="active")
    >>> u.generic, str(u.finding())
    ('ibuprofen', 'medications[0]: advil (active)')
    """

    path: str
    name: str
    generic: str
    how: str
    #: The procedure it is planned for is surgery (ketorolac's label speaks of surgery).
    surgery: bool = False

    def finding(self) -> Finding:
        """The use as a finding: the name and how it is used."""
        return Finding(input=self.path, text=f"{self.name} ({self.how})")


def nsaid_uses(f: Facts, context: Context) -> tuple[NsaidUse, ...]:
    """Every NSAID or aspirin taken, planned, or planned for an upcoming procedure.

    Reads :data:`~mastcell.rules.special_populations_facts.NSAIDS_IN_USE` and
    :data:`~mastcell.reads.PROCEDURES`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> [u.how for u in nsaid_uses(facts_of(patient(medications=[med("Advil")]), AT),
    ...                            Context(at=AT))]
    ['active']
    """
    found = [
        NsaidUse(path=f.path_of(m), name=m.drug, generic=generic, how=m.status.value)
        for m in NSAIDS_IN_USE.of(f)
        for generic in ingredients_in(m.drug, *_WANTED)
    ]
    for planned in upcoming(f, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients_in(agent, *_WANTED):
                found.append(
                    NsaidUse(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                        surgery=planned.procedure.kind is ProcedureKind.SURGERY,
                    )
                )
    return tuple(found)
