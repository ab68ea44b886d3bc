"""What the interaction rules read (:mod:`mastcell.rules.interaction`): reads and findings.

A medication counts for an interaction when it is active, held (still under treatment) or
planned (:data:`ON`). Medications are read by name as
:meth:`Patient.medications_named <mastcell.Patient.medications_named>` reads them
(:class:`~mastcell.reads.NamedRead`): a
combination product is each of its ingredients (Excedrin is an aspirin). The CYP3A rules
read every medication (:data:`~mastcell.reads.MEDICATIONS`) once a KIT inhibitor is on the list; the
anaphylaxis rule reads every reaction, then the beta-blockers and ACE inhibitors, then the
age (:data:`~mastcell.reads.AGE`: the birth date, else the age).

>>> from mastcell.facts import facts_of
>>> from mastcell.reads import NamedRead
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("Excedrin", status="planned"), med("aspirin",
...                                   status="stopped")]), AT)
>>> NamedRead("aspirin on", drugs=("aspirin",), statuses=ON).paths(f)
('medications[0]',)
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import Facts
from mastcell.knowledge.interactions import Cyp3aClassification, Cyp3aReading, cyp3a_of
from mastcell.model import (
    DrugClass,
    Finding,
    Medication,
    MedicationStatus,
)
from mastcell.model.dates import day_of
from mastcell.reads import MEDICATIONS, MedicationsRead

__all__ = [
    "ACE_ON",
    "BETA_ON",
    "ON",
    "cyp3a_partners",
    "med_finding",
]

#: The statuses that count as being on a drug for an interaction.
ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)


#: Beta-blockers and ACE inhibitors active, held or planned.
BETA_ON = MedicationsRead("beta-blockers on", DrugClass.BETA_BLOCKER, statuses=ON)
ACE_ON = MedicationsRead("ACE inhibitors on", DrugClass.ACE_INHIBITOR, statuses=ON)


def med_finding(f: Facts, medication: Medication, note: str | None = None) -> Finding:
    """A medication with its status (and start day) as a finding.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("diltiazem", status="planned")])
    >>> str(med_finding(facts_of(p, AT), p.medications[0]))
    'medications[0]: diltiazem planned'
    """
    text = f"{medication.drug} {medication.status.value}"
    if medication.start is not None:
        text += f", start {day_of(medication.start).isoformat()}"
    return Finding(input=f.path_of(medication), text=text, note=note)


def cyp3a_partners(
    f: Facts, reading: Cyp3aReading, kit_inhibitor: Medication
) -> Iterator[tuple[Medication, Cyp3aClassification]]:
    """The other medications (active, held or planned) that a CYP3A list classifies.

    Reads :data:`~mastcell.reads.MEDICATIONS` (every medication).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("midostaurin"), med("Nizoral"),
    ...                          med("diltiazem", status="stopped")])
    >>> f = facts_of(p, AT)
    >>> [(x.drug, c.modulation.value) for x, c in
    ...  cyp3a_partners(f, Cyp3aReading.STRICTER, p.medications[0])]
    [('nizoral', 'strong_inhibitor')]
    """
    for other in MEDICATIONS.of(f):
        if other is kit_inhibitor or other.status not in ON:
            continue
        found = cyp3a_of(other.drug, reading)
        if found is not None:
            yield other, found
