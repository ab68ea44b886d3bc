"""The reads and shared derivations of the cytopenia rules (:mod:`mastcell.rules.cytopenia`).

The low counts with their grades, the findings that cite them, and whether SM is known or
suspected: derived from the facts view, each through a declared read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from mastcell.counts import Classification, Count, baseline_count, classify
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import AVAPRITINIB, CYTOPENIA_SIGNALS, CytopeniaSignal
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import (
    Analyte,
    Diagnosis,
    Finding,
    Medication,
    MedicationStatus,
    TryptaseRole,
)
from mastcell.reads import COUNTS, ON, MedicationsRead, Read
from mastcell.rules.registry import Context

__all__ = [
    "ACTIVE",
    "AVAPRITINIB_PLANNED",
    "ON_LIST",
    "SUSPECTED_SM",
    "Low",
    "SuspectedSm",
    "Suspicion",
    "baseline",
    "count_findings",
    "drug_signals",
    "fresh",
    "low_counts",
    "signal_items",
    "signalled",
]

#: Avapritinib planned (its platelets are needed before the start).
AVAPRITINIB_PLANNED = MedicationsRead(
    "avapritinib planned", drugs=(AVAPRITINIB,), statuses=(MedicationStatus.PLANNED,)
)
#: Every medication active or held (the differential of a cytopenia).
ON_LIST = MedicationsRead("medications active or held", statuses=ON)
#: Every active medication (the anti-mediator drugs to continue).
ACTIVE = MedicationsRead("active medications")


def signalled(f: Facts, m: Medication) -> tuple[str, ...]:
    """The ingredients of a medication whose label lists a cytopenia (a combination: each).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("Duexis"), med("cetirizine")])
    >>> f = facts_of(p, AT)
    >>> signalled(f, p.medications[0]), signalled(f, p.medications[1])
    (('famotidine',), ())
    """
    return tuple(g for g in f.ingredients_of(m) if g in CYTOPENIA_SIGNALS)


def drug_signals(f: Facts) -> tuple[list[Medication], list[Medication], list[Medication]]:
    """Drugs on the list (active or held): labelled cytopenia, other classified, unclassified.

    A combination product is flagged through any of its ingredients and is never unclassified.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("zileuton"), med("Percocet"), med("foo")])
    >>> [[m.drug for m in group] for group in drug_signals(facts_of(p, AT))]
    [['zileuton'], ['percocet'], ['foo']]
    """
    flagged, other, unknown = [], [], []
    for m in ON_LIST.of(f):
        if signalled(f, m):  # a combination product through each ingredient (Duexis: famotidine)
            flagged.append(m)
        elif not f.ingredients_of(m):  # a combination product is classified, not unknown
            unknown.append(m)
        else:
            other.append(m)
    return flagged, other, unknown


def signal_items(f: Facts, meds: Sequence[Medication]) -> tuple[tuple[str, CytopeniaSignal], ...]:
    """Each signalled ingredient with its signal, named as the list names the drug.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("Duexis"), med("famotidine")])
    >>> [name for name, _ in signal_items(facts_of(p, AT), p.medications)]
    ['duexis: famotidine', 'famotidine']
    """
    return tuple(
        (m.drug if f.generic_of(m) == g else f"{m.drug}: {g}", CYTOPENIA_SIGNALS[g])
        for m in meds
        for g in signalled(f, m)
    )


#: A low count with its grade.
Low = tuple[Count, Classification]


def low_counts(facts: Facts, analytes: Sequence[Analyte]) -> tuple[Low, ...]:
    """The latest counts of ``analytes`` that are low, with their grade.

    Low means below the lab's lower limit when it gave one, else CTCAE grade 2 or worse;
    a count that cannot be judged (no lab range, above the grade-2 bound) is not reported.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("wbc", 2500, "/uL"), lab("platelets", 180, "K/uL")]), AT)
    >>> [c.analyte.value for c, _ in low_counts(f, (Analyte.WBC, Analyte.PLATELETS))]
    ['wbc']
    """
    out = []
    for analyte in analytes:
        count = COUNTS[analyte].of(facts)
        if count is None:
            continue
        grading = classify(count)
        if grading.low:
            out.append((count, grading))
    return tuple(out)


def fresh(facts: Facts, analyte: Analyte, max_age: timedelta) -> Count | None:
    """The latest count of ``analyte`` when it is no older than ``max_age`` (else None).

    What :func:`mastcell.counts.fresh_count` gives at the evaluation moment; it reads
    ``COUNTS[analyte]`` (declare that read).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, days_before, lab, patient
    >>> f = facts_of(patient(labs=[lab("platelets", 40, "K/uL", days_before(15))]), AT)
    >>> fresh(f, Analyte.PLATELETS, timedelta(days=14)) is None
    True
    """
    count = COUNTS[analyte].of(facts)
    return count if count is not None and count.is_fresh(facts.at, max_age) else None


def baseline(facts: Facts, analyte: Analyte, start: date | datetime | None) -> Count | None:
    """The pre-treatment count of a drug started on ``start`` (:func:`~mastcell.counts.baseline_count`).

    It reads ``COUNTS[analyte]`` (declare that read). A count marked ``role: baseline`` is
    taken only when drawn by the evaluation moment: one drawn later is not known yet.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, days_before, lab, patient
    >>> f = facts_of(patient(labs=[lab("platelets", 40, "K/uL", days_before(15))]), AT)
    >>> baseline(f, Analyte.PLATELETS, days_before(10).date()).value
    40.0
    """
    return baseline_count(facts.patient, analyte, start, facts.at)


def count_findings(lows: Sequence[Low], context: Context) -> tuple[Finding, ...]:
    """The findings citing low counts: grade, basis, and a stale count's age.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> from mastcell.rules.registry import Context
    >>> f = facts_of(patient(labs=[lab("wbc", 1.5, "K/uL")]), AT)
    >>> [str(x) for x in count_findings(low_counts(f, (Analyte.WBC,)), Context(at=AT))]
    ['labs[0]: wbc 1.5 10*9/L (White blood cell decreased grade 3 (CTCAE v5.0); low by CTCAE grade-2 bound 3 (no lab range given))']
    """
    max_age = context.options.cytopenia.count_max_age
    out: list[Finding] = []
    for count, grading in lows:
        note = f"{grading.text}; low by {grading.basis}"
        if not count.is_fresh(context.at, max_age):
            note += f"; older than {max_age.days} days: repeat the count"
        threshold = grading.lln if grading.lln is not None else None
        out += count.findings(
            threshold=threshold, comparison="<" if threshold is not None else None, note=note
        )
    return tuple(out)


class Suspicion(NamedTuple):
    """Why SM is known or suspected, with the findings behind it.

    ``kind``: ``known`` (an SM diagnosis, ``codes``), ``tryptase`` (a baseline tryptase
    above the minor criterion, ``tryptase`` ng/mL) or ``disorder`` (MCAS or cutaneous
    mastocytosis, in which SM is not excluded, ``codes``).

    >>> Suspicion(kind="known", codes="ism").tryptase is None
    True
    """

    kind: Literal["known", "tryptase", "disorder"]
    codes: str = ""
    tryptase: float | None = None
    findings: tuple[Finding, ...] = ()


class SuspectedSm(Read):
    """Whether SM is known or suspected (None: neither).

    Known from an SM diagnosis (then no result is read); else suspected from the latest
    baseline tryptase (every tryptase drawn by the moment is read) or an MCAS / cutaneous
    mastocytosis diagnosis.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient

    >>> SUSPECTED_SM.of(facts_of(patient(diagnoses=["mcas"]), AT)).kind
    'disorder'
    >>> SUSPECTED_SM.of(facts_of(patient(), AT)) is None
    True
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("known or suspected SM", (Analyte.TRYPTASE,))

    def compute(self, facts: Facts) -> Suspicion | None:
        patient = facts.patient
        if patient.has_systemic_mastocytosis:
            codes = ", ".join(d.value for d in patient.diagnoses if d.is_systemic_mastocytosis)
            return Suspicion(
                kind="known", codes=codes, findings=(Finding(input="diagnoses", text=codes),)
            )
        baseline = [
            lab
            for lab in patient.series(Analyte.TRYPTASE, until=facts.at)
            if lab.role is not TryptaseRole.ACUTE
        ]
        if baseline and SM_MINOR_TRYPTASE.crossed(baseline[-1].canonical):
            lab = baseline[-1]
            finding = Finding(
                input=patient.path_of(lab),
                analyte=Analyte.TRYPTASE,
                value=lab.canonical,
                unit="ng/mL",
                threshold=SM_MINOR_TRYPTASE.value,
                comparison=">",
                time=lab.time,
            )
            return Suspicion(kind="tryptase", tryptase=lab.canonical, findings=(finding,))
        if patient.has(Diagnosis.MCAS, Diagnosis.CM):
            codes = ", ".join(
                d.value for d in patient.diagnoses if d in (Diagnosis.MCAS, Diagnosis.CM)
            )
            return Suspicion(
                kind="disorder", codes=codes, findings=(Finding(input="diagnoses", text=codes),)
            )
        return None

    def of(self, facts: Facts) -> Suspicion | None:
        """The suspicion, or None."""
        value: Suspicion | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        patient = facts.patient
        if patient.has_systemic_mastocytosis:
            return ()
        return tuple(
            patient.path_of(lab) for lab in patient.series(Analyte.TRYPTASE, until=facts.at)
        )


#: Whether SM is known or suspected (:class:`SuspectedSm`).
SUSPECTED_SM = SuspectedSm()
