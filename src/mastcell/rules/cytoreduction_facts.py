"""Reads shared by the cytoreductive-drug rules: drugs by name, the age, adverse events.

Used by :mod:`mastcell.rules.pregnancy`, :mod:`mastcell.rules.adverse_events`,
:mod:`mastcell.rules.avapritinib` and :mod:`mastcell.rules.cytoreduction` (the counts are
:mod:`mastcell.rules.cytopenia_facts`'). Each read's paths are the inputs its query looks at
(the medications it returns; the KIT D816V status when given).
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import Count, classify
from mastcell.facts import Facts
from mastcell.knowledge.cytoreduction import CLADRIBINE, HOLD_REVIEW_DRUGS, IMATINIB
from mastcell.model import Analyte, Finding, Medication, MedicationStatus
from mastcell.model.dates import day_of
from mastcell.reads import ON, FieldRead, NamedRead
from mastcell.rules.cytopenia_facts import fresh
from mastcell.rules.registry import Context

__all__ = [
    "CLADRIBINE_LISTED",
    "HOLD_REVIEW_ON",
    "IMATINIB_LISTED",
    "IMATINIB_ON",
    "KIT_D816V",
    "medication_finding",
    "severe_counts",
    "severe_findings",
]


#: The KIT D816V status as recorded (None: not recorded).
KIT_D816V = FieldRead("kit_d816v")

#: Imatinib active or held.
IMATINIB_ON = NamedRead("imatinib active or held", drugs=(IMATINIB,), statuses=ON)
#: Imatinib active, held or planned.
IMATINIB_LISTED = NamedRead(
    "imatinib active, held or planned", drugs=(IMATINIB,), statuses=(*ON, MedicationStatus.PLANNED)
)
#: Cladribine, hydroxyurea, interferon alfa or imatinib, active or held.
HOLD_REVIEW_ON = NamedRead(
    "hold-and-review drugs active or held", drugs=(*HOLD_REVIEW_DRUGS, IMATINIB), statuses=ON
)
#: Cladribine active, held or planned.
CLADRIBINE_LISTED = NamedRead(
    "cladribine active, held or planned",
    drugs=(CLADRIBINE,),
    statuses=(*ON, MedicationStatus.PLANNED),
)


def medication_finding(f: Facts, medication: Medication) -> Finding:
    """The finding citing a cytoreductive drug: status, dose, hold and its reason.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("imatinib", 400, frequency="daily", status="held",
    ...                              held_reason="neutropenia")])
    >>> str(medication_finding(facts_of(p, AT), p.medications[0]))
    'medications[0]: imatinib held, 400 mg once daily (neutropenia)'
    """
    text = f"{medication.drug} {medication.status.value}"
    if medication.dose is not None:
        text += f", {medication.dose.value:g} {medication.dose.unit}"
        if medication.frequency is not None:
            text += f" {medication.frequency.label}"
    if medication.held_since is not None:
        text += f", held since {day_of(medication.held_since).isoformat()}"
    if medication.held_reason:
        text += f" ({medication.held_reason})"
    return Finding(input=f.path_of(medication), text=text)


def severe_counts(
    f: Facts, context: Context, analytes: Sequence[Analyte]
) -> list[tuple[Count, int]]:
    """The fresh counts of ``analytes`` at CytopeniaOptions.hold_review_grade or worse.

    Each with its CTCAE v5.0 grade; reads ``COUNTS`` of each analyte (declare them).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("platelets", 40, "K/uL"), lab("wbc", 3.5, "K/uL")]), AT)
    >>> [(c.analyte.value, g) for c, g in severe_counts(f, Context(at=AT),
    ...                                                 (Analyte.PLATELETS, Analyte.WBC))]
    [('platelets', 3)]
    """
    out = []
    wanted = context.options.cytopenia.hold_review_grade
    max_age = context.options.cytopenia.count_max_age
    for analyte in analytes:
        count = fresh(f, analyte, max_age)
        if count is None:
            continue
        grade = classify(count).grade
        if grade is not None and grade >= wanted:
            out.append((count, grade))
    return out


def severe_findings(
    f: Facts, medication: Medication, severe: list[tuple[Count, int]], note: str
) -> tuple[Finding, ...]:
    """The drug and each severe count with its grade, ``note`` after the grade.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(labs=[lab("platelets", 40, "K/uL")], medications=[med("hydroxyurea")])
    >>> f = facts_of(p, AT)
    >>> severe = severe_counts(f, Context(at=AT), (Analyte.PLATELETS,))
    >>> [str(x) for x in severe_findings(f, p.medications[0], severe, " >= 3")][1]
    'labs[0]: platelets 40 10*9/L (Platelet count decreased grade 3 (CTCAE v5.0): grade 3 >= 3)'
    """
    findings = [medication_finding(f, medication)]
    for count, grade in severe:
        findings += count.findings(note=f"{classify(count).text}: grade {grade}{note}")
    return tuple(findings)
