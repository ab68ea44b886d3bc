"""The midostaurin label's count rows, applied (:mod:`mastcell.rules.midostaurin`).

A medication's :class:`State`, the patient's MCL status, and each count row's verdict for
the patient's population (:func:`row_results`: clear, below the interrupt threshold, below it
in a population the label does not cover, or no fresh count). No text here: the population a
verdict was made for is a :class:`Population` the templates (:mod:`mastcell.text.midostaurin`)
put in words.
"""

from __future__ import annotations

import enum

import attrs

from mastcell.counts import Count, classify
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import (
    MIDOSTAURIN_COUNT_ROWS,
    MIDOSTAURIN_FULL,
    MIDOSTAURIN_REDUCED,
    CountRow,
)
from mastcell.model import Diagnosis, Finding, Medication, MedicationStatus
from mastcell.model.dates import day_of
from mastcell.reads import COUNTS
from mastcell.rules.registry import Context

__all__ = [
    "Population",
    "RowResult",
    "State",
    "Verdict",
    "evaluate_row",
    "mcl_status",
    "medication_finding",
    "row_results",
    "state_of",
]

_NON_MCL_SUBTYPES = (Diagnosis.ASM, Diagnosis.SM_AHN, Diagnosis.ISM, Diagnosis.SSM, Diagnosis.BMM)


class State(enum.Enum):
    """Where a midostaurin prescription stands.

    >>> from mastcell.testing import med
    >>> state_of(med("midostaurin", 50, frequency="bid"))
    <State.REDUCED_DOSE: 'active at 50 mg twice daily'>
    """

    FULL_DOSE = "active at 100 mg twice daily"
    REDUCED_DOSE = "active at 50 mg twice daily"
    OTHER_DOSE = "active at another or an unknown dose"
    HELD_CYTOPENIA = "held for a cytopenia"
    HELD_TOXICITY = "held for a non-haematological toxicity"
    HELD_UNCODED = "held for a reason that is not coded"


def state_of(medication: Medication) -> State | None:
    """The state of a midostaurin medication; None when it is stopped or only planned.

    >>> from mastcell.testing import med
    >>> state_of(med("midostaurin", status="held", held_reason="neutropenia"))
    <State.HELD_CYTOPENIA: 'held for a cytopenia'>
    >>> state_of(med("midostaurin", status="stopped")) is None
    True
    """
    if medication.status is MedicationStatus.HELD:
        reason = medication.held_for
        if reason is None:
            return State.HELD_UNCODED
        return State.HELD_CYTOPENIA if reason.is_cytopenia else State.HELD_TOXICITY
    if medication.status is not MedicationStatus.ACTIVE:
        return None
    mg = medication.dose.mg if medication.dose is not None else None
    if MIDOSTAURIN_FULL.matches(mg, medication.frequency):
        return State.FULL_DOSE
    if MIDOSTAURIN_REDUCED.matches(mg, medication.frequency):
        return State.REDUCED_DOSE
    return State.OTHER_DOSE


def mcl_status(diagnoses: frozenset[Diagnosis] | tuple[Diagnosis, ...]) -> bool | None:
    """True with MCL, False with another SM subtype and no MCL, None when not recorded.

    >>> mcl_status({Diagnosis.ASM}), mcl_status({Diagnosis.SM}), mcl_status({Diagnosis.MCL})
    (False, None, True)
    """
    if Diagnosis.MCL in diagnoses:
        return True
    if any(d in diagnoses for d in _NON_MCL_SUBTYPES):
        return False
    return None


class Verdict(enum.Enum):
    """A count row's verdict for the patient.

    >>> Verdict("below")
    <Verdict.BELOW: 'below'>
    """

    CLEAR = "clear"
    BELOW = "below"
    UNSPECIFIED = "unspecified"
    MISSING = "missing"


class Population(enum.Enum):
    """The population a row's verdict was made for (or why the label does not settle it).

    >>> Population("baseline")
    <Population.BASELINE: 'baseline'>
    """

    #: Patients without MCL (the "interrupt below" threshold).
    WITHOUT_MCL = "without_mcl"
    #: Patients whose baseline count lies in the row's baseline range.
    BASELINE = "baseline"
    #: MCL not recorded, and the count is below the "without MCL" threshold.
    MCL_NOT_RECORDED = "mcl_not_recorded"
    #: MCL with no baseline count.
    MCL_UNKNOWN_BASELINE = "mcl_unknown_baseline"
    #: MCL with a baseline outside the row's range.
    MCL_BASELINE_OUTSIDE = "mcl_baseline_outside"
    #: MCL with a baseline in range where the label's criterion is clinical (Hb).
    MCL_JUDGEMENT = "mcl_judgement"


@attrs.frozen(kw_only=True)
class RowResult:
    """One count row's verdict, with the count, threshold and population behind it.

    >>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_ANC
    >>> RowResult(row=MIDOSTAURIN_ANC, verdict=Verdict.MISSING).findings()
    ()
    """

    row: CountRow
    verdict: Verdict
    count: Count | None = None
    threshold: float | None = None
    population: Population | None = None
    #: Whether the baseline lies in the row's baseline range.
    in_range: bool = False
    severe: bool = False
    baseline: Count | None = None

    def findings(self) -> tuple[Finding, ...]:
        """The count (graded, against its threshold) and the baseline it was judged by."""
        out: list[Finding] = []
        if self.count is not None:
            comparison = "<" if self.threshold is not None else None
            out += self.count.findings(
                threshold=self.threshold, comparison=comparison, note=classify(self.count).text
            )
        if self.baseline is not None:
            out.append(
                self.baseline.finding(
                    note=None if self.baseline.note else "baseline: latest count on or before start"
                )
            )
        return tuple(out)


def evaluate_row(
    row: CountRow, count: Count | None, mcl: bool | None, baseline: Count | None
) -> RowResult:
    """Apply one count row's interrupt criterion for the patient's population.

    >>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_ANC
    >>> from mastcell.counts import latest_count
    >>> from mastcell.testing import AT, lab, patient
    >>> anc = latest_count(patient(labs=[lab("anc", 0.8, "10*9/L")]), "anc", AT)
    >>> r = evaluate_row(MIDOSTAURIN_ANC, anc, False, None)
    >>> r.verdict, r.threshold, r.population
    (<Verdict.BELOW: 'below'>, 1.0, <Population.WITHOUT_MCL: 'without_mcl'>)
    """
    if count is None:
        return RowResult(row=row, verdict=Verdict.MISSING)
    value = count.value
    in_range = baseline is not None and row.baseline_in_range(baseline.value)
    if mcl is False and value < row.interrupt_below:
        return RowResult(
            row=row,
            verdict=Verdict.BELOW,
            count=count,
            threshold=row.interrupt_below,
            population=Population.WITHOUT_MCL,
            in_range=in_range,
            baseline=baseline,
        )
    low_bound = row.baseline_interrupt_below
    if in_range and low_bound is not None and value < low_bound:
        return RowResult(
            row=row,
            verdict=Verdict.BELOW,
            count=count,
            threshold=low_bound,
            population=Population.BASELINE,
            in_range=in_range,
            baseline=baseline,
        )
    if mcl is False or value >= row.interrupt_below:
        return RowResult(row=row, verdict=Verdict.CLEAR, count=count, baseline=baseline)
    if mcl is True and in_range and low_bound is not None:
        return RowResult(row=row, verdict=Verdict.CLEAR, count=count, baseline=baseline)
    # Below the "without MCL" threshold, in a population the label does not settle.
    if mcl is None:
        population = Population.MCL_NOT_RECORDED
    elif baseline is None:
        population = Population.MCL_UNKNOWN_BASELINE
    elif not in_range:
        population = Population.MCL_BASELINE_OUTSIDE
    else:
        population = Population.MCL_JUDGEMENT
    return RowResult(
        row=row,
        verdict=Verdict.UNSPECIFIED,
        count=count,
        threshold=row.interrupt_below,
        population=population,
        in_range=in_range,
        severe=low_bound is None or value < low_bound,
        baseline=baseline,
    )


def row_results(facts: Facts, medication: Medication, context: Context) -> list[RowResult]:
    """Each count row's verdict for one midostaurin medication, from fresh counts only.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["mcl"], medications=[med("midostaurin")],
    ...             labs=[lab("anc", 0.8, "10*9/L")])
    >>> [r.verdict.value for r in row_results(facts_of(p, AT), p.medications[0], Context(at=AT))]
    ['unspecified', 'missing', 'missing']
    """
    mcl = mcl_status(facts.diagnoses)
    max_age = context.options.cytopenia.count_max_age
    results = []
    for row in MIDOSTAURIN_COUNT_ROWS:
        read = COUNTS[row.analyte]
        count = read.of(facts)
        if count is not None and not count.is_fresh(context.at, max_age):
            count = None
        baseline = read.baseline(facts, medication.start)
        results.append(evaluate_row(row, count, mcl, baseline))
    return results


def medication_finding(facts: Facts, medication: Medication, state: State) -> Finding:
    """The finding that cites the midostaurin medication and its state.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("midostaurin", status="held", held_reason="anemia")])
    >>> str(medication_finding(facts_of(p, AT), p.medications[0], State.HELD_CYTOPENIA))
    'medications[0]: midostaurin: held for a cytopenia (anemia)'
    """
    text = f"{medication.drug}: {state.value}"
    if medication.held_since is not None:
        text += f" since {day_of(medication.held_since).isoformat()}"
    if medication.held_reason:
        text += f" ({medication.held_reason})"
    return Finding(input=facts.path_of(medication), text=text)
