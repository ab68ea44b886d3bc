"""What the record rules read (:mod:`mastcell.rules.records`): reads over the facts view.

The sex and the diagnoses in the record's order are facts of the patient that are not
inputs to account for (a read with no paths); the flares are read whole (every flare), as
the recording view noted them; :func:`flare_during` finds the flare a baseline tryptase was
drawn in. The sex and the diagnoses are the shared reads of :mod:`mastcell.reads`.

>>> from mastcell.facts import facts_of
>>> from mastcell.reads import DIAGNOSES, SEX
>>> from mastcell.testing import AT, patient
>>> f = facts_of(patient(diagnoses=["mcas", "ism"], sex="male"), AT)
>>> SEX.of(f).value, [d.value for d in DIAGNOSES.of(f)], SEX.paths(f)
('male', ['mcas', 'ism'], ())
"""

from __future__ import annotations

from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.tryptase import (
    BASELINE_AFTER_RESOLUTION,
    BASELINE_AFTER_UNRESOLVED_ONSET,
)
from mastcell.model import Flare, LabResult, MedicationStatus
from mastcell.reads import (
    MedicationsRead,
)

__all__ = [
    "MIDOSTAURIN_ON_BOARD",
    "flare_during",
]


#: Midostaurin taken, held or planned.
MIDOSTAURIN_ON_BOARD = MedicationsRead(
    "midostaurin active, held or planned",
    drugs=(MIDOSTAURIN,),
    statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
)


def flare_during(lab: LabResult, flares: tuple[Flare, ...]) -> tuple[Flare, str] | None:
    """The flare a sample was drawn during, and how long after its onset (None: none).

    During: from the onset to 24 h after the resolution, or 48 h after an unresolved onset
    (the latest flare that began before the sample decides).

    >>> from datetime import timedelta
    >>> from mastcell.testing import AT, lab
    >>> flare = Flare(onset=AT - timedelta(hours=6))
    >>> flare_during(lab("tryptase", 30, "ng/mL", AT), (flare,))[1]
    '6.0 h after its onset'
    """
    for flare in sorted(flares, key=lambda f: f.onset, reverse=True):
        if lab.time < flare.onset:
            continue
        end = (
            flare.resolved + BASELINE_AFTER_RESOLUTION
            if flare.resolved is not None
            else flare.onset + BASELINE_AFTER_UNRESOLVED_ONSET
        )
        if lab.time <= end:
            hours = (lab.time - flare.onset).total_seconds() / 3600
            return flare, f"{hours:.1f} h after its onset"
        return None
    return None
