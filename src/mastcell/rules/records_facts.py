"""What the record rules read (:mod:`mastcell.rules.records`): reads over the facts view.

The sex and the diagnoses in the record's order are facts of the patient that are not
inputs to account for (a read with no paths); the flares are read whole (every flare), as
the recording view noted them; :func:`flare_during` finds the flare a baseline tryptase was
drawn in.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, patient
>>> f = facts_of(patient(diagnoses=["mcas", "ism"], sex="male"), AT)
>>> SEX.of(f).value, [d.value for d in DIAGNOSES.of(f)], SEX.paths(f)
('male', ['mcas', 'ism'], ())
"""

from __future__ import annotations

from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.tryptase import (
    BASELINE_AFTER_RESOLUTION,
    BASELINE_AFTER_UNRESOLVED_ONSET,
)
from mastcell.model import Analyte, Diagnosis, Flare, LabResult, MedicationStatus, Sex
from mastcell.reads import ItemsRead, MedicationsRead, Read, SeriesRead

__all__ = [
    "DIAGNOSES",
    "FLARES",
    "MIDOSTAURIN_ON_BOARD",
    "SEX",
    "TRYPTASE",
    "DiagnosesRead",
    "SexRead",
    "flare_during",
]


class SexRead(Read):
    """The recorded sex (None: not recorded); not an input the report accounts for.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> SEX.of(facts_of(patient(sex="female"), AT)).value, SEX.paths(facts_of(patient(), AT))
    ('female', ())
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("sex")

    def compute(self, facts: Facts) -> Sex | None:
        sex: Sex | None = facts.patient.sex
        return sex

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


class DiagnosesRead(Read):
    """The diagnoses in the order the record lists them (not an input to account for).

    The facts view holds them as a set; a report that names them keeps the record's order.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> [d.value for d in DIAGNOSES.of(facts_of(patient(diagnoses=["ism", "mcas"]), AT))]
    ['ism', 'mcas']
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("diagnoses in record order")

    def compute(self, facts: Facts) -> tuple[Diagnosis, ...]:
        return tuple(facts.patient.diagnoses)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


#: The recorded sex.
SEX = SexRead()
#: The diagnoses, in record order.
DIAGNOSES = DiagnosesRead()
#: Midostaurin taken, held or planned.
MIDOSTAURIN_ON_BOARD = MedicationsRead(
    "midostaurin active, held or planned",
    drugs=(MIDOSTAURIN,),
    statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
)
#: The tryptase results drawn by the evaluation moment.
TRYPTASE = SeriesRead(Analyte.TRYPTASE)
#: Every flare.
FLARES = ItemsRead("flares")


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
