"""The reads of the referral rule (:mod:`mastcell.rules.referral`).

The attribution of a C-level cytopenia to SM is read only when a latest count reaches a WHO
C-finding level: a read whose paths say so.
"""

from __future__ import annotations

from mastcell.counts import Count, c_findings
from mastcell.facts import Facts
from mastcell.knowledge.who import Threshold
from mastcell.model import Analyte
from mastcell.reads import COUNTS, ORGAN_FINDINGS, FieldRead, Read

__all__ = [
    "C_LEVEL",
    "C_LEVEL_ANALYTES",
    "PATIENT_ID",
    "SYMPTOM_CONTROL",
    "CLevel",
    "PatientId",
    "crossed",
]

#: The counts read against the WHO C-finding levels of cytopenia (S11, S27).
C_LEVEL_ANALYTES = (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS)
#: Symptom control as recorded (read only when options.monitoring.refer_refractory is set).
SYMPTOM_CONTROL = FieldRead("symptom_control")


def crossed(facts: Facts) -> tuple[tuple[Threshold, Count], ...]:
    """The WHO C-finding levels the latest ANC, haemoglobin and platelets cross.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("platelets", 90, "K/uL")]), AT)
    >>> [t.analyte.value for t, _ in crossed(f)]
    ['platelets']
    """
    return c_findings(COUNTS[a].of(facts) for a in C_LEVEL_ANALYTES)


class CLevel(Read):
    """Whether the record attributes a C-level cytopenia to SM (None: not recorded).

    Read (the organ findings) only when a latest count reaches a C-finding level.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import OrganFindings
    >>> from mastcell.testing import AT, lab, patient
    >>> p = patient(labs=[lab("platelets", 90, "K/uL")],
    ...             organ_findings=OrganFindings(cytopenia_attributed_to_sm=True))
    >>> C_LEVEL.of(facts_of(p, AT)), C_LEVEL.paths(facts_of(p, AT))
    (True, ('organ_findings',))
    >>> C_LEVEL.paths(facts_of(patient(organ_findings=OrganFindings()), AT))
    ()
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("attribution of a C-level cytopenia to SM")

    def compute(self, facts: Facts) -> bool | None:
        organs = facts.patient.organ_findings
        if organs is None:
            return None
        attributed: bool | None = organs.cytopenia_attributed_to_sm
        return attributed

    def of(self, facts: Facts) -> bool | None:
        """The recorded attribution (None: not recorded)."""
        value: bool | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ORGAN_FINDINGS.paths(facts) if crossed(facts) else ()


#: The attribution of a C-level cytopenia to SM (:class:`CLevel`).
C_LEVEL = CLevel()


class PatientId(Read):
    """The patient's id (not an input to account for: it names the report).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(), AT)
    >>> PATIENT_ID.of(f) == f.patient.id, PATIENT_ID.paths(f)
    (True, ())
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("patient id")

    def compute(self, facts: Facts) -> str | None:
        """The id (None when not given)."""
        found: str | None = facts.patient.id
        return found

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return ()


#: The patient's id (:class:`PatientId`).
PATIENT_ID = PatientId()
