"""The read of the censored-result rule (:mod:`mastcell.rules.labs`).

Which results the rules read that are censored in their worse direction, each with the
derived ANC's other input and the drugs on the list whose label thresholds the bound leaves
undecided: one read, whose paths are what it reads to find them (every result of each
analyte drawn by the moment, the ANC's inputs, and the drugs looked up).
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.censoring import DOSE_THRESHOLDS, WORSE_DIRECTION, DoseThresholds
from mastcell.knowledge.drugs import generic_name
from mastcell.model import (
    Analyte,
    Comparator,
    LabResult,
    Medication,
    MedicationStatus,
    TryptaseRole,
)
from mastcell.reads import COUNTS, Read

__all__ = ["CENSORED", "Censored", "CensoredRead", "DoseDecision"]

#: A drug on the list in these statuses has dose decisions pending on its counts: interrupt
#: (active), restart (held), do not start (planned).
_ON_LIST = frozenset((MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED))

#: A drug on the list, its label's thresholds on the count, and those the bound leaves open.
DoseDecision = tuple[Medication, DoseThresholds, tuple[float, ...]]


class Censored(NamedTuple):
    """A result censored in its worse direction, as a rule reads it.

    ``other`` is the derived ANC's other input when the result feeds one; ``decisions`` the
    drugs whose label dose decisions on that count lie beyond the bound.

    >>> from mastcell.model import LabResult
    >>> from mastcell.testing import AT
    >>> low = LabResult(analyte="anc", value=1, unit="10*9/L", time=AT, comparator="<")
    >>> Censored(low, low.comparator, None, ()).comparator.below
    True
    """

    lab: LabResult
    comparator: Comparator
    other: LabResult | None
    decisions: tuple[DoseDecision, ...]


def _bound(lab: LabResult) -> float:
    return lab.canonical if lab.canonical_bound is None else lab.canonical_bound


def _anc_bound(lab: LabResult, other: LabResult | None) -> float | None:
    if other is None:
        return None
    return round(_bound(lab) * _bound(other) / 100, 6)


class CensoredRead(Read):
    """The results rules read that are censored in their worse direction, in patient order.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import LabResult
    >>> from mastcell.testing import AT, lab, patient
    >>> low = LabResult(analyte="platelets", value=50, unit="K/uL", time=AT, comparator="<")
    >>> f = facts_of(patient(labs=[low]), AT)
    >>> [c.lab.analyte.value for c in CENSORED.of(f)], CENSORED.paths(f)
    (['platelets'], ('labs[0]',))
    >>> CENSORED.paths(facts_of(patient(labs=[lab("platelets", 50, "K/uL")]), AT))
    ()
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("censored results", tuple(WORSE_DIRECTION))

    def compute(self, facts: Facts) -> tuple[tuple[Censored, ...], tuple[str, ...]]:
        patient = facts.patient
        if not patient.has_censored_results:  # asked of the record: no result is read
            return (), ()
        path_of = patient.path_of
        seen: dict[str, None] = {}
        found: dict[int, tuple[LabResult, LabResult | None]] = {}
        for analyte in WORSE_DIRECTION:
            series = patient.series(analyte, until=facts.at)
            seen.update((path_of(lab), None) for lab in series)
            if not series:
                continue
            found.setdefault(id(series[-1]), (series[-1], None))
            baselines = [lab for lab in series if lab.role is TryptaseRole.BASELINE]
            if baselines:
                found.setdefault(id(baselines[-1]), (baselines[-1], None))
        anc = facts.counts.get(Analyte.ANC)
        seen.update((p, None) for p in COUNTS[Analyte.ANC].paths(facts))
        if anc is not None and anc.derived:
            inputs = set(anc.inputs)
            pair = [
                lab
                for analyte in (Analyte.WBC, Analyte.NEUTROPHILS_PCT)
                for lab in patient.series(analyte, until=facts.at)
                if path_of(lab) in inputs
            ]
            if len(pair) == 2:
                wbc, pct = pair
                found[id(wbc)] = (wbc, pct)
                found[id(pct)] = (pct, wbc)
        out = []
        for lab, other in sorted(found.values(), key=lambda pair: path_of(pair[0])):
            comparator = lab.comparator
            row = WORSE_DIRECTION.get(lab.analyte)
            if comparator is None or row is None or not row.worse.censored_by(comparator):
                continue
            decisions = self._decisions(facts, lab, comparator, other, seen)
            out.append(Censored(lab, comparator, other, decisions))
        return tuple(out), tuple(seen)

    @staticmethod
    def _decisions(
        facts: Facts,
        lab: LabResult,
        comparator: Comparator,
        other: LabResult | None,
        seen: dict[str, None],
    ) -> tuple[DoseDecision, ...]:
        if lab.analyte in (Analyte.WBC, Analyte.NEUTROPHILS_PCT):
            analyte, bound = Analyte.ANC, _anc_bound(lab, other)
        else:
            analyte, bound = lab.analyte, _bound(lab)
        if bound is None:
            return ()
        patient = facts.patient
        out = []
        for row in DOSE_THRESHOLDS:
            if row.analyte is not analyte:
                continue
            undecided = row.undecided(bound, comparator)
            if not undecided:
                continue
            wanted = generic_name(row.drug) or row.drug.lower()
            for med, these in zip(patient.medications, facts.ingredients, strict=True):
                if med.status in _ON_LIST and wanted in (these or (med.drug,)):
                    seen[patient.path_of(med)] = None
                    out.append((med, row, undecided))
        return tuple(out)

    def of(self, facts: Facts) -> tuple[Censored, ...]:
        """The censored results, each with what it leaves undecided."""
        value: tuple[tuple[Censored, ...], tuple[str, ...]] = super().of(facts)
        return value[0]

    def paths(self, facts: Facts) -> tuple[str, ...]:
        value: tuple[tuple[Censored, ...], tuple[str, ...]] = super().of(facts)
        return value[1]


#: The censored results (:class:`CensoredRead`).
CENSORED = CensoredRead()
