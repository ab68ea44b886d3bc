"""The anti-mediator regimen as the anti-mediator rules read it, on the facts view (issue 20).

The facts-view versions of the helpers the anti-mediator rules share: what the patient takes
now or plans (:func:`taking`), the finding of symptom control and of a medication. The dose
for the patient's age or band is :mod:`mastcell.rules.antimediator_doses`'; a urinary
mediator against its limit is :mod:`mastcell.rules.antimediator_mediators`'. Each helper
names the reads it makes; a rule calling it declares them.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("famotidine"), med("cetirizine", status="planned")]), AT)
>>> [m.drug for m in taking(f, DrugClass.H1_SECOND_GENERATION)], str(control_finding(f))
(['cetirizine'], 'symptom_control: unknown')
"""

from __future__ import annotations

from mastcell.facts import Facts
from mastcell.model import (
    DrugClass,
    Finding,
    Medication,
    MedicationStatus,
    SymptomControl,
)
from mastcell.reads import MedicationsRead
from mastcell.rules.referral_facts import SYMPTOM_CONTROL

__all__ = [
    "H1",
    "LEUKOTRIENE",
    "SEVERE",
    "TAKING",
    "TAKING_READS",
    "control_finding",
    "med_finding",
    "taking",
    "taking_read",
]

#: Taken now or planned (a plan is not re-proposed).
TAKING = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
#: Symptom control the clinician judges not good enough.
SEVERE = (SymptomControl.INADEQUATE, SymptomControl.REFRACTORY)
#: The H1 antihistamines, second generation first.
H1 = (DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION)
#: The leukotriene modifiers.
LEUKOTRIENE = (DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST, DrugClass.LIPOXYGENASE_INHIBITOR)

_TAKING_CLASSES: tuple[tuple[DrugClass, ...], ...] = (
    (DrugClass.H1_SECOND_GENERATION,),
    (DrugClass.H1_FIRST_GENERATION,),
    (DrugClass.H2,),
    (DrugClass.MAST_CELL_STABILIZER,),
    LEUKOTRIENE,
    (DrugClass.ASPIRIN, DrugClass.NSAID),
    (DrugClass.ASPIRIN,),
    (DrugClass.ANTI_IGE,),
    (DrugClass.CORTICOSTEROID,),
)

#: The medications of each class group the rules ask about, taken now or planned, by the
#: classes (in the order :func:`taking` is called with them).
TAKING_READS: dict[tuple[DrugClass, ...], MedicationsRead] = {
    classes: MedicationsRead(
        f"{' or '.join(c.value for c in classes)} taken or planned", *classes, statuses=TAKING
    )
    for classes in _TAKING_CLASSES
}


def taking_read(*classes: DrugClass) -> MedicationsRead:
    """The declared read of the medications of ``classes`` taken now or planned.

    >>> taking_read(DrugClass.H2).name
    'h2 taken or planned'
    >>> taking_read(DrugClass.OPIOID)
    Traceback (most recent call last):
    ...
    KeyError: "no taking read for ('opioid',): declare it in TAKING_READS"
    """
    try:
        return TAKING_READS[classes]
    except KeyError:
        names = tuple(c.value for c in classes)
        raise KeyError(f"no taking read for {names}: declare it in TAKING_READS") from None


def taking(f: Facts, *classes: DrugClass) -> tuple[Medication, ...]:
    """Medications of ``classes`` taken now or planned (read: :func:`taking_read` of them).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("famotidine", status="stopped")]), AT)
    >>> taking(f, DrugClass.H2)
    ()
    """
    return taking_read(*classes).of(f)


def control_finding(f: Facts) -> Finding:
    """The finding of symptom control, 'unknown' when not recorded (read: ``SYMPTOM_CONTROL``).

    The read is :data:`mastcell.rules.referral_facts.SYMPTOM_CONTROL`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> str(control_finding(facts_of(patient(symptom_control="refractory"), AT)))
    'symptom_control: refractory'
    """
    control = SYMPTOM_CONTROL.of(f)
    return Finding(input="symptom_control", text="unknown" if control is None else control.value)


def med_finding(f: Facts, medication: Medication, note: str | None = None) -> Finding:
    """A finding citing one of the patient's medications (its path and drug).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("famotidine")])
    >>> str(med_finding(facts_of(p, AT), p.medications[0], "H2 taken"))
    'medications[0]: famotidine (H2 taken)'
    """
    return Finding(input=f.path_of(medication), text=medication.drug, note=note)
