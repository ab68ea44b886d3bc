"""The oracle's midostaurin rule: :mod:`mastcell.rules.midostaurin` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the old rule
name) for the differential harness; deleted with :mod:`mastcell._oracle`.

Midostaurin dose modification for ASM, SM-AHN and MCL: the label table as a state machine.

The medication's state (:class:`State`: full dose, reduced dose, held for a cytopenia, held
for a toxicity) and the fresh counts decide one of a few transitions (:class:`Action`):

* active, a count below the label's threshold or a grade 3/4 toxicity -> ``interrupt``;
* held for a cytopenia, the count back at or above the restart threshold -> ``resume_reduced``
  (50 mg twice daily); still low -> ``interrupt`` again (the hold continues), and more than
  21 days after ``held_since`` (on a count drawn after day 21) -> ``discontinue``;
* active at 50 mg twice daily with every count above its threshold -> ``increase``;
* a population or baseline the label does not cover -> ``label_unspecified``;
* interstitial lung disease or pneumonitis, any grade, ongoing or resolved, since the start ->
  ``discontinue`` and nothing else (LW13): no resume or increase can follow it. Ongoing
  dyspnoea, cough or a pulmonary infiltrate (or ILD recorded before the start) gives a
  critical ``label_unspecified`` (evaluate for ILD) and blocks resume and increase.

No decision is made from a missing or stale count (:mod:`mastcell.rules.cytopenia` asks
for one with ``cytopenia.cbc.obtain``). Every row applies to a cytopenia or toxicity
*attributed to midostaurin*, which the clinician confirms; the detail says so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from datetime import date

import attrs

from mastcell.counts import Count, baseline_count, classify, fresh_count
from mastcell.facts import drug_triggers
from mastcell.knowledge.adverse_events import MIDOSTAURIN_PULMONARY, EventKind, kind_of
from mastcell.knowledge.cytopenia import (
    MIDOSTAURIN,
    MIDOSTAURIN_COUNT_ROWS,
    MIDOSTAURIN_FULL,
    MIDOSTAURIN_NAUSEA_VOMITING,
    MIDOSTAURIN_OTHER_TOXICITY,
    MIDOSTAURIN_REDUCED,
    CountRow,
    ToxicityRow,
)
from mastcell.knowledge.drugs import generic_name
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    AdverseEvent,
    Analyte,
    Diagnosis,
    DoseAdvice,
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
)
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, oracle_rule

__all__ = ["Action", "Decision", "State", "decide", "mcl_status", "recommendation", "state_of"]

rule = oracle_rule("mastcell.rules.midostaurin")

_ATTRIBUTION = (
    "The label's rows apply to a cytopenia or toxicity attributed to midostaurin: the "
    "clinician confirms the attribution, mastcell cannot."
)
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


class Action(enum.StrEnum):
    """A transition of the state machine, named by the code it is reported under.

    >>> Action.RESUME_REDUCED.value
    'cytopenia.midostaurin.resume_reduced'
    """

    INTERRUPT = "cytopenia.midostaurin.interrupt"
    RESUME_REDUCED = "cytopenia.midostaurin.resume_reduced"
    INCREASE = "cytopenia.midostaurin.increase"
    DISCONTINUE = "cytopenia.midostaurin.discontinue"
    LABEL_UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"
    OBTAIN_CBC = "cytopenia.cbc.obtain"


@attrs.frozen(kw_only=True)
class Decision:
    """One transition with the facts behind it (summary, detail, findings, sources).

    >>> Decision(action=Action.INCREASE, summary="...", detail="...").indicator
    <Indicator.WARNING: 'warning'>
    """

    action: Action
    summary: str
    detail: str
    findings: tuple[Finding, ...] = ()
    sources: tuple[str, ...] = ("S1",)
    critical: bool = False
    #: For ``interrupt``: the drug is already held and the hold continues.
    hold_continues: bool = False

    @property
    def indicator(self) -> Indicator:
        """Interrupt and discontinue are critical; so is an uncovered, severe cytopenia."""
        if self.critical or self.action in (Action.INTERRUPT, Action.DISCONTINUE):
            return Indicator.CRITICAL
        return Indicator.WARNING


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


def mcl_status(patient: Patient) -> bool | None:
    """True with MCL, False with another SM subtype and no MCL, None when not recorded.

    >>> from mastcell.testing import patient
    >>> mcl_status(patient(diagnoses=["asm"])), mcl_status(patient(diagnoses=["sm"]))
    (False, None)
    """
    if patient.has(Diagnosis.MCL):
        return True
    if patient.has(*_NON_MCL_SUBTYPES):
        return False
    return None


# -- the count rows ----------------------------------------------------------------------


class _Verdict(enum.Enum):
    CLEAR = "clear"
    BELOW = "below"
    UNSPECIFIED = "unspecified"
    MISSING = "missing"


@attrs.frozen(kw_only=True)
class _RowResult:
    row: CountRow
    verdict: _Verdict
    count: Count | None = None
    threshold: float | None = None
    population: str = ""
    severe: bool = False
    baseline: Count | None = None

    def findings(self) -> tuple[Finding, ...]:
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


def _unit(row: CountRow) -> str:
    return "g/dL" if row.analyte is Analyte.HEMOGLOBIN else "x10^9/L"


def _name(row: CountRow) -> str:
    return {Analyte.ANC: "ANC", Analyte.PLATELETS: "platelets", Analyte.HEMOGLOBIN: "Hb"}[
        row.analyte
    ]


def _evaluate_row(
    row: CountRow, count: Count | None, mcl: bool | None, baseline: Count | None
) -> _RowResult:
    """Apply one count row's interrupt criterion for the patient's population."""
    if count is None:
        return _RowResult(row=row, verdict=_Verdict.MISSING)
    value = count.value
    in_range = baseline is not None and row.baseline_in_range(baseline.value)
    if mcl is False and value < row.interrupt_below:
        return _RowResult(
            row=row,
            verdict=_Verdict.BELOW,
            count=count,
            threshold=row.interrupt_below,
            population="patients without MCL",
            baseline=baseline,
        )
    low_bound = row.baseline_interrupt_below
    if in_range and low_bound is not None and value < low_bound:
        assert baseline is not None
        return _RowResult(
            row=row,
            verdict=_Verdict.BELOW,
            count=count,
            threshold=low_bound,
            population=(
                f"baseline {_name(row)} {baseline.value:g} within "
                f"{_fmt(row.baseline_low)}-{_fmt(row.baseline_high)} {_unit(row)}"
            ),
            baseline=baseline,
        )
    if mcl is False or value >= row.interrupt_below:
        return _RowResult(row=row, verdict=_Verdict.CLEAR, count=count, baseline=baseline)
    if mcl is True and in_range and low_bound is not None:
        return _RowResult(row=row, verdict=_Verdict.CLEAR, count=count, baseline=baseline)
    # Below the "without MCL" threshold, in a population the label does not settle.
    if mcl is None:
        why = (
            f"MCL is not recorded, and the {_name(row)} < {_fmt(row.interrupt_below)} row is for "
            "patients without MCL"
        )
        if not in_range:
            why += "; the baseline does not place the patient in the other population either"
    elif baseline is None:
        why = (
            "MCL with an unknown baseline (no count marked role baseline and none on or before "
            "the start date)"
        )
    elif not in_range:
        why = (
            f"MCL with a baseline {_name(row)} of {baseline.value:g} {_unit(row)}, outside "
            f"the label's {_fmt(row.baseline_low)}-{_fmt(row.baseline_high)}"
        )
    else:
        why = (
            f"MCL with a baseline Hb of {baseline.value:g} g/dL: the label's criterion is "
            f"'{row.baseline_criterion}', a clinical judgement mastcell cannot make"
        )
    return _RowResult(
        row=row,
        verdict=_Verdict.UNSPECIFIED,
        count=count,
        threshold=row.interrupt_below,
        population=why,
        severe=low_bound is None or value < low_bound,
        baseline=baseline,
    )


def _row_results(patient: Patient, medication: Medication, context: Context) -> list[_RowResult]:
    mcl = mcl_status(patient)
    max_age = context.options.cytopenia.count_max_age
    results = []
    for row in MIDOSTAURIN_COUNT_ROWS:
        count = fresh_count(patient, row.analyte, context.at, max_age)
        baseline = baseline_count(patient, row.analyte, medication.start, context.at)
        results.append(_evaluate_row(row, count, mcl, baseline))
    return results


# -- adverse events ----------------------------------------------------------------------


def _toxic_events(patient: Patient, context: Context) -> list[AdverseEvent]:
    """Grade 3/4 events attributed to midostaurin, or not attributed, with onset by ``at``."""
    today = day_of(context.at)
    out = []
    for event in patient.adverse_events:
        if not 3 <= event.grade <= 4:
            continue
        if event.attributed_to is not None and (
            generic_name(event.attributed_to) or event.attributed_to
        ) != (MIDOSTAURIN):
            continue
        if event.onset is not None and day_of(event.onset) > today:
            continue
        out.append(event)
    return out


def _ongoing(event: AdverseEvent, context: Context) -> bool:
    return event.resolved is None or day_of(event.resolved) > day_of(context.at)


def _toxicity_row(event: AdverseEvent) -> ToxicityRow:
    if MIDOSTAURIN_NAUSEA_VOMITING.covers(event.term):
        return MIDOSTAURIN_NAUSEA_VOMITING
    return MIDOSTAURIN_OTHER_TOXICITY


def _event_finding(patient: Patient, event: AdverseEvent, context: Context) -> Finding:
    status = "ongoing" if _ongoing(event, context) else "resolved"
    attribution = (
        f"attributed to {event.attributed_to}"
        if event.attributed_to
        else "attribution not recorded: clinician confirms"
    )
    return Finding(
        input=patient.path_of(event),
        text=f"{event.term} grade {event.grade}, {status}",
        value=event.grade,
        threshold=3,
        comparison=">=",
        note=attribution,
    )


# -- the transitions ---------------------------------------------------------------------


def _fmt(value: float) -> str:
    """A threshold as labels print it: 1.0 and 0.5 keep their decimal, 50 does not."""
    return f"{value:.1f}" if value < 10 else f"{value:g}"


def _days_since(start: date, moment: date) -> int:
    return (day_of(moment) - day_of(start)).days


def _medication_finding(patient: Patient, medication: Medication, state: State) -> Finding:
    text = f"{medication.drug}: {state.value}"
    if medication.held_since is not None:
        text += f" since {day_of(medication.held_since).isoformat()}"
    if medication.held_reason:
        text += f" ({medication.held_reason})"
    return Finding(input=patient.path_of(medication), text=text)


def _interrupt_for_rows(rows: Sequence[_RowResult], hold_continues: bool) -> Decision | None:
    below = [r for r in rows if r.verdict is _Verdict.BELOW]
    if not below:
        return None
    first = below[0]
    assert first.count is not None
    assert first.threshold is not None
    parts = [
        f"{r.count.describe()} < {_fmt(r.threshold)} ({r.population})"
        for r in below
        if r.count is not None and r.threshold is not None
    ]
    verb = "Keep midostaurin on hold" if hold_continues else "Interrupt midostaurin"
    summary = (
        f"{verb}: {first.count.describe()} below {_fmt(first.threshold)}; restart 50 mg twice daily "
        f"when {_name(first.row)} >= {_fmt(first.row.restart_at_or_above)}"
    )
    restart = "; ".join(
        f"restart when {_name(r.row)} >= {_fmt(r.row.restart_at_or_above)} {_unit(r.row)}"
        for r in below
    )
    detail = (
        f"Midostaurin label table (S1): {'; '.join(parts)}. Action: interrupt; {restart}, at "
        "50 mg twice daily, then 100 mg twice daily if tolerated; discontinue if the low count "
        f"lasts more than 21 days and is suspected to be drug-related. {_ATTRIBUTION}"
    )
    sources = (*tuple(dict.fromkeys(s for r in below for s in r.row.sources)), "S53")
    findings = tuple(f for r in below for f in r.findings())
    return Decision(
        action=Action.INTERRUPT,
        summary=fit_summary(summary),
        detail=detail,
        findings=findings,
        sources=sources,
        hold_continues=hold_continues,
    )


def _unspecified(rows: Sequence[_RowResult]) -> list[Decision]:
    out = []
    for r in rows:
        if r.verdict is not _Verdict.UNSPECIFIED or r.count is None:
            continue
        summary = (
            f"Midostaurin: {r.count.describe()} is low in a population the label's table does "
            "not cover: clinician decision"
        )
        low = r.row.baseline_interrupt_below
        detail = (
            f"{r.count.describe()} is below {_fmt(r.row.interrupt_below)} {_unit(r.row)}, the "
            f"label's interrupt threshold for patients without MCL (S1), but {r.population}. "
            f"The label's other population is patients with a baseline {_name(r.row)} of "
            f"{_fmt(r.row.baseline_low)}-{_fmt(r.row.baseline_high)} {_unit(r.row)}, interrupted at "
            f"'{r.row.baseline_criterion}'"
            + (f" ({_name(r.row)} < {_fmt(low)})" if low is not None else "")
            + ". mastcell does not apply a default threshold here: decide whether to interrupt; "
            "record the MCL status and the pre-treatment count so the label can be applied. "
            + _ATTRIBUTION
        )
        out.append(
            Decision(
                action=Action.LABEL_UNSPECIFIED,
                summary=fit_summary(summary),
                detail=detail,
                findings=r.findings(),
                sources=r.row.sources,
                critical=r.severe,
            )
        )
    return out


def _toxicity_interrupt(
    patient: Patient, events: Sequence[AdverseEvent], context: Context, *, reduced: bool
) -> Decision | None:
    if not events:
        return None
    rows = {_toxicity_row(e) for e in events}
    first = events[0]
    row = _toxicity_row(first)
    texts = []
    if MIDOSTAURIN_NAUSEA_VOMITING in rows:
        texts.append(
            "grade 3/4 nausea and/or vomiting despite optimal antiemetics (the clinician "
            "confirms antiemetic therapy was optimal): interrupt for 3 days (6 doses), then "
            "50 mg twice daily, increasing to 100 mg twice daily if tolerated"
        )
    if MIDOSTAURIN_OTHER_TOXICITY in rows:
        texts.append(
            "other grade 3/4 non-haematological toxicity: interrupt until grade 2 or lower, "
            "then 50 mg twice daily, increasing to 100 mg twice daily if tolerated; "
            "discontinue if not back to grade 2 or lower within 21 days"
        )
        if reduced:
            texts.append(
                "the patient is on the reduced dose: if this is a recurrence of a severe "
                "toxicity at the reduced dose, the label says discontinue (clinician confirms)"
            )
    summary = f"Interrupt midostaurin: {row.name} ({first.term}, grade {first.grade})"
    return Decision(
        action=Action.INTERRUPT,
        summary=fit_summary(summary),
        detail=f"Midostaurin label table (S1): {'; '.join(texts)}. {_ATTRIBUTION}",
        findings=tuple(_event_finding(patient, e, context) for e in events),
        sources=("S1", "S53"),
    )


def _decide_active(
    patient: Patient, medication: Medication, state: State, context: Context
) -> list[Decision]:
    rows = _row_results(patient, medication, context)
    events = [e for e in _toxic_events(patient, context) if _ongoing(e, context)]
    decisions: list[Decision] = []
    interrupt = _interrupt_for_rows(rows, hold_continues=False)
    if interrupt is not None:
        decisions.append(interrupt)
    decisions += _unspecified(rows)
    toxicity = _toxicity_interrupt(patient, events, context, reduced=state is State.REDUCED_DOSE)
    if toxicity is not None:
        decisions.append(toxicity)
    if (
        not decisions
        and state is State.REDUCED_DOSE
        and all(r.verdict is _Verdict.CLEAR for r in rows)
    ):
        decisions.append(
            Decision(
                action=Action.INCREASE,
                summary=fit_summary(
                    "Increase midostaurin to 100 mg twice daily if 50 mg twice daily is "
                    "tolerated: counts are above the label's thresholds"
                ),
                detail=(
                    "After an interruption the label restarts midostaurin at 50 mg twice daily "
                    "and then increases to 100 mg twice daily if tolerated (S1). Current "
                    "counts: "
                    + ", ".join(r.count.describe() for r in rows if r.count is not None)
                    + "; none is below its interrupt threshold and no grade 3/4 toxicity is "
                    "recorded as ongoing. Whether 50 mg twice daily is tolerated is the "
                    "clinician's judgement."
                ),
                findings=tuple(f for r in rows for f in r.findings()),
                sources=("S1", "S2"),
            )
        )
    return decisions


def _resume(rows: Sequence[_RowResult], why: str, findings: tuple[Finding, ...]) -> Decision:
    counts = ", ".join(r.count.describe() for r in rows if r.count is not None)
    return Decision(
        action=Action.RESUME_REDUCED,
        summary=fit_summary(f"Resume midostaurin at 50 mg twice daily: {why}"),
        detail=(
            f"Midostaurin label table (S1): {why}; restart at 50 mg twice daily, then "
            f"100 mg twice daily if tolerated. Current counts: {counts}; none is below its "
            f"interrupt threshold. {_ATTRIBUTION}"
        ),
        findings=findings,
        sources=("S1", "S2"),
    )


def _hold_continues(
    summary: str, detail: str, findings: tuple[Finding, ...], sources: tuple[str, ...]
) -> Decision:
    return Decision(
        action=Action.INTERRUPT,
        summary=fit_summary(summary),
        detail=f"{detail} {_ATTRIBUTION}",
        findings=findings,
        sources=sources,
        hold_continues=True,
    )


def _decide_held_cytopenia(
    patient: Patient, medication: Medication, context: Context
) -> list[Decision]:
    reason = medication.held_for
    assert reason is not None
    rows = _row_results(patient, medication, context)
    held = next(r for r in rows if r.row.held_reason is reason)
    others = [r for r in rows if r is not held]
    row, count = held.row, held.count
    if count is None:
        return []  # no fresh count: cytopenia.cbc.obtain asks for one; no decision here
    med_finding = _medication_finding(patient, medication, State.HELD_CYTOPENIA)
    name, unit, restart = _name(row), _unit(row), row.restart_at_or_above
    if count.value >= restart:
        recovered = count.findings(threshold=restart, comparison=">=", note="recovered")
        blocking = _interrupt_for_rows(others, hold_continues=True)
        if blocking is not None:
            return [blocking]
        unspecified = _unspecified(others)
        if unspecified:
            return unspecified
        if any(r.verdict is _Verdict.MISSING for r in others):
            return []  # the other counts are needed first: cytopenia.cbc.obtain
        events = [e for e in _toxic_events(patient, context) if _ongoing(e, context)]
        toxicity = _toxicity_interrupt(patient, events, context, reduced=False)
        if toxicity is not None:
            return [attrs.evolve(toxicity, hold_continues=True)]
        return [
            _resume(
                rows,
                f"{count.describe()} has recovered to >= {_fmt(restart)}",
                (med_finding, *recovered, *(f for r in others for f in r.findings())),
            )
        ]
    low = count.findings(threshold=restart, comparison="<", note="not yet recovered")
    findings = (med_finding, *low)
    if medication.held_since is None:
        return [
            _hold_continues(
                f"Keep midostaurin on hold: {count.describe()} still below {_fmt(restart)} {unit}",
                f"{count.describe()} has not recovered to {_fmt(restart)} (S1). held_since is not "
                "recorded, so the label's 21-day limit cannot be applied: record the date the "
                "drug was held.",
                findings,
                row.sources,
            )
        ]
    limit = row.persistence_limit.days
    day = _days_since(medication.held_since, context.at)
    if day <= limit:
        return [
            _hold_continues(
                f"Keep midostaurin on hold: {count.describe()} still below {_fmt(restart)} "
                f"(day {day} of {limit})",
                f"{count.describe()} has not recovered to {_fmt(restart)} {unit} (S1); held since "
                f"{day_of(medication.held_since).isoformat()}, day {day}. If it is still low "
                f"after day {limit} and suspected to be drug-related, the label says "
                "discontinue.",
                findings,
                row.sources,
            )
        ]
    count_day = _days_since(medication.held_since, count.time)
    if count_day <= limit:
        return [
            Decision(
                action=Action.OBTAIN_CBC,
                summary=fit_summary(
                    f"Obtain a blood count: the 21-day limit of the midostaurin hold has passed "
                    f"and the last {name} is from day {count_day}"
                ),
                detail=(
                    f"Midostaurin has been held since {day_of(medication.held_since).isoformat()}"
                    f" (day {day}); the label discontinues it if the low count lasts more than "
                    f"{limit} days (S1), but the latest {name} ({count.describe()}) was drawn on "
                    f"day {count_day}. A count drawn after day {limit} is needed before deciding; "
                    "no dose decision is made until then."
                ),
                findings=findings,
                sources=row.sources,
            ),
            _hold_continues(
                f"Keep midostaurin on hold: {count.describe()} below {_fmt(restart)} on day "
                f"{count_day}; recheck",
                f"{count.describe()} had not recovered to {_fmt(restart)} {unit} (S1) on day "
                f"{count_day} of the hold.",
                findings,
                row.sources,
            ),
        ]
    return [
        Decision(
            action=Action.DISCONTINUE,
            summary=fit_summary(
                f"Discontinue midostaurin: {count.describe()} still below {_fmt(restart)} on day "
                f"{count_day} of the hold (more than {limit} days)"
            ),
            detail=(
                f"Midostaurin label table (S1): discontinue if the low {name} lasts more than "
                f"{limit} days and is suspected to be drug-related. Held since "
                f"{day_of(medication.held_since).isoformat()}; {count.describe()} on day "
                f"{count_day} is still below the restart threshold {_fmt(restart)} {unit}. "
                + _ATTRIBUTION
            ),
            findings=findings,
            sources=row.sources,
        )
    ]


def _decide_held_toxicity(
    patient: Patient, medication: Medication, context: Context
) -> list[Decision]:
    med_finding = _medication_finding(patient, medication, State.HELD_TOXICITY)
    events = _toxic_events(patient, context)
    if not events:
        return [
            Decision(
                action=Action.LABEL_UNSPECIFIED,
                summary=fit_summary(
                    "Midostaurin held for toxicity, but no grade 3/4 adverse event is recorded: "
                    "clinician decision"
                ),
                detail=(
                    "The label's toxicity rows (S1) restart midostaurin by the course of a grade "
                    "3/4 adverse event; none is recorded in adverse_events, so mastcell cannot "
                    "apply them. Record the event, its grade and whether it has resolved."
                ),
                findings=(med_finding,),
            )
        ]
    ongoing = [e for e in events if _ongoing(e, context)]
    event_findings = tuple(_event_finding(patient, e, context) for e in events)
    findings = (med_finding, *event_findings)
    other = [e for e in ongoing if _toxicity_row(e) is MIDOSTAURIN_OTHER_TOXICITY]
    nausea = [e for e in ongoing if _toxicity_row(e) is MIDOSTAURIN_NAUSEA_VOMITING]
    held_since = medication.held_since
    day = None if held_since is None else _days_since(held_since, context.at)
    if other or nausea:
        if day is None:
            return [
                _hold_continues(
                    "Keep midostaurin on hold: a grade 3/4 toxicity is ongoing",
                    "A grade 3/4 adverse event is ongoing (S1). held_since is not recorded, so "
                    "the label's time limits cannot be applied: record the date the drug was "
                    "held.",
                    findings,
                    ("S1",),
                )
            ]
        if other:
            limit = MIDOSTAURIN_OTHER_TOXICITY.persistence_limit
            assert limit is not None
            if day > limit.days:
                return [
                    Decision(
                        action=Action.DISCONTINUE,
                        summary=fit_summary(
                            f"Discontinue midostaurin: grade {other[0].grade} {other[0].term} "
                            f"not back to grade 2 or lower within {limit.days} days"
                        ),
                        detail=(
                            "Midostaurin label table (S1): other grade 3/4 non-haematological "
                            "toxicity: discontinue if not back to grade 2 or lower within "
                            f"{limit.days} days. Held for {day} days; the event is recorded as "
                            f"ongoing. {_ATTRIBUTION}"
                        ),
                        findings=findings,
                    )
                ]
            return [
                _hold_continues(
                    f"Keep midostaurin on hold until {other[0].term} is grade 2 or lower "
                    f"(day {day} of {limit.days})",
                    "Midostaurin label table (S1): interrupt until grade 2 or lower; discontinue "
                    f"if not recovered within {limit.days} days.",
                    findings,
                    ("S1",),
                )
            ]
        pause = MIDOSTAURIN_NAUSEA_VOMITING.interrupt_for
        assert pause is not None
        if day < pause.days:
            return [
                _hold_continues(
                    f"Keep midostaurin on hold: day {day} of the 3-day interruption for "
                    "nausea/vomiting",
                    "Midostaurin label table (S1): grade 3/4 nausea and/or vomiting despite "
                    "optimal antiemetics: interrupt for 3 days (6 doses), then 50 mg twice daily.",
                    findings,
                    ("S1",),
                )
            ]
    rows = _row_results(patient, medication, context)
    blocking = _interrupt_for_rows(rows, hold_continues=True)
    if blocking is not None:
        return [blocking]
    unspecified = _unspecified(rows)
    if unspecified:
        return unspecified
    if any(r.verdict is _Verdict.MISSING for r in rows):
        return []  # counts first: cytopenia.cbc.obtain
    why = (
        "the 3-day interruption for nausea/vomiting is complete"
        if nausea
        else "the grade 3/4 toxicity has resolved"
    )
    return [_resume(rows, why, (*findings, *(f for r in rows for f in r.findings())))]


def _decide_held_uncoded(patient: Patient, medication: Medication) -> list[Decision]:
    reason = medication.held_reason or "none given"
    return [
        Decision(
            action=Action.LABEL_UNSPECIFIED,
            summary="Midostaurin held for an uncoded reason: mastcell cannot apply the restart rules",
            detail=(
                f"held_reason is '{reason}'. The label's restart and 21-day rules (S1) depend "
                "on what the drug was held for: record neutropenia, thrombocytopenia, anemia or "
                "toxicity."
            ),
            findings=(_medication_finding(patient, medication, State.HELD_UNCODED),),
        )
    ]


def decide(patient: Patient, medication: Medication, context: Context) -> tuple[Decision, ...]:
    """The label's transitions for one midostaurin medication at ``context.at``.

    >>> from mastcell.testing import AT, lab, med, patient
    >>> from mastcell.rules.registry import Context
    >>> p = patient(diagnoses=["asm"], labs=[lab("anc", 800, "/uL"), lab("platelets", 120, "K/uL"),
    ...             lab("hemoglobin", 11, "g/dL")], medications=[med("midostaurin", 100, frequency="bid")])
    >>> [d.action.name for d in decide(p, p.medications[0], Context(at=AT))]
    ['INTERRUPT']
    """
    state = state_of(medication)
    if state is None:
        return ()
    toxicity, symptoms = _pulmonary_events(patient, context)
    since_start = [e for e in toxicity if _since_start(e, medication)]
    if since_start:
        return (_discontinue_pulmonary(patient, medication, state, since_start, context),)
    if state in (State.FULL_DOSE, State.REDUCED_DOSE, State.OTHER_DOSE):
        decisions = _decide_active(patient, medication, state, context)
    elif state is State.HELD_CYTOPENIA:
        decisions = _decide_held_cytopenia(patient, medication, context)
    elif state is State.HELD_TOXICITY:
        decisions = _decide_held_toxicity(patient, medication, context)
    else:
        decisions = _decide_held_uncoded(patient, medication)
    if toxicity or symptoms:
        decisions = [d for d in decisions if d.action not in _NO_RESTART]
        decisions.append(_pulmonary_review(patient, medication, state, toxicity, symptoms, context))
    return tuple(decisions)


# -- pulmonary toxicity (LW13) -----------------------------------------------------------

#: Transitions that can never follow interstitial lung disease or pneumonitis (LW13).
_NO_RESTART = (Action.RESUME_REDUCED, Action.INCREASE)


def _pulmonary_events(
    patient: Patient, context: Context
) -> tuple[list[AdverseEvent], list[AdverseEvent]]:
    """ILD/pneumonitis events and ongoing pulmonary symptoms with onset by ``at``.

    ILD/pneumonitis: any grade, ongoing or resolved, any attribution; symptoms: attributed to
    midostaurin or not attributed.
    """
    today = day_of(context.at)
    toxicity, symptoms = [], []
    for event in patient.adverse_events:
        if event.onset is not None and day_of(event.onset) > today:
            continue
        kind = kind_of(event.term)
        if kind is EventKind.PULMONARY_TOXICITY:
            toxicity.append(event)
        elif (
            kind is EventKind.PULMONARY_SYMPTOM
            and _ongoing(event, context)
            and (event.attributed_to is None or generic_name(event.attributed_to) == MIDOSTAURIN)
        ):
            symptoms.append(event)
    return toxicity, symptoms


def _since_start(event: AdverseEvent, medication: Medication) -> bool:
    """Onset on or after the start, or either date unknown (then it counts)."""
    if event.onset is None or medication.start is None:
        return True
    return day_of(event.onset) >= day_of(medication.start)


def _pulmonary_finding(patient: Patient, event: AdverseEvent, context: Context) -> Finding:
    status = "ongoing" if _ongoing(event, context) else "resolved"
    onset = f", onset {day_of(event.onset).isoformat()}" if event.onset is not None else ""
    attribution = (
        f"attributed to {event.attributed_to}"
        if event.attributed_to
        else "attribution not recorded"
    )
    return Finding(
        input=patient.path_of(event),
        text=f"{event.term} grade {event.grade}, {status}{onset}",
        note=f"{attribution}; {MIDOSTAURIN_PULMONARY.fact}",
    )


def _discontinue_pulmonary(
    patient: Patient,
    medication: Medication,
    state: State,
    events: Sequence[AdverseEvent],
    context: Context,
) -> Decision:
    first = events[0]
    status = "ongoing" if _ongoing(first, context) else "resolved"
    other = [e.attributed_to for e in events if e.attributed_to and e.attributed_to != MIDOSTAURIN]
    attribution = (
        f" The record attributes it to {', '.join(dict.fromkeys(a for a in other if a))}; the "
        "label's instruction does not depend on attribution: the clinician confirms."
        if other
        else ""
    )
    return Decision(
        action=Action.DISCONTINUE,
        summary=fit_summary(
            f"Discontinue midostaurin: {first.term} (grade {first.grade}, {status}); the label "
            "stops it for ILD/pneumonitis, no restart"
        ),
        detail=(
            f"Midostaurin label ({MIDOSTAURIN_PULMONARY.fact}; S101, S103): "
            f"{MIDOSTAURIN_PULMONARY.text}. Recorded: "
            + "; ".join(f"{e.term} grade {e.grade}" for e in events)
            + f". Midostaurin is {state.value}: discontinue it; no resume, restart or dose "
            "increase follows pulmonary toxicity, whatever its grade and even once resolved."
            + attribution
        ),
        findings=(
            _medication_finding(patient, medication, state),
            *(_pulmonary_finding(patient, e, context) for e in events),
        ),
        sources=MIDOSTAURIN_PULMONARY.sources,
    )


def _pulmonary_review(
    patient: Patient,
    medication: Medication,
    state: State,
    toxicity: Sequence[AdverseEvent],
    symptoms: Sequence[AdverseEvent],
    context: Context,
) -> Decision:
    events = [*symptoms, *toxicity]
    first = events[0]
    if symptoms:
        summary = (
            f"Midostaurin with {first.term} (grade {first.grade}): evaluate for ILD/pneumonitis; "
            "the label stops it for pulmonary toxicity: clinician decision"
        )
        why = (
            "New pulmonary symptoms or infiltrates are recorded as ongoing: evaluate for "
            "interstitial lung disease or pneumonitis"
        )
    else:
        summary = (
            f"Midostaurin after {first.term} recorded before its start: no restart or increase "
            "proposed; clinician decision"
        )
        why = (
            "Interstitial lung disease or pneumonitis is recorded with an onset before the "
            "recorded start of midostaurin; the label's instruction concerns pulmonary "
            "toxicity on treatment"
        )
    return Decision(
        action=Action.LABEL_UNSPECIFIED,
        summary=fit_summary(summary),
        detail=(
            f"{why}. Midostaurin label ({MIDOSTAURIN_PULMONARY.fact}; S101, S103): "
            f"{MIDOSTAURIN_PULMONARY.text}. Midostaurin is {state.value}; mastcell proposes no "
            "resume or dose increase while this stands: clinician decision."
        ),
        findings=(
            _medication_finding(patient, medication, state),
            *(_pulmonary_finding(patient, e, context) for e in events),
        ),
        sources=MIDOSTAURIN_PULMONARY.sources,
        critical=True,
    )


def _advice(decision: Decision) -> tuple[DoseAdvice | None, tuple[DoseAdvice, ...]]:
    """The structured dose of a decision, and the schedule that follows it."""
    restart = MIDOSTAURIN_REDUCED.advice(
        MIDOSTAURIN, timing="on recovery", note="with food, about 12 h apart"
    )
    full = MIDOSTAURIN_FULL.advice(MIDOSTAURIN, timing="then, if 50 mg twice daily is tolerated")
    match decision.action:
        case Action.INTERRUPT:
            hold = DoseAdvice(drug=MIDOSTAURIN, timing="hold: no doses until recovery")
            return hold, (restart, full)
        case Action.RESUME_REDUCED:
            now = MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN, note="with food, about 12 h apart")
            return now, (now, full)
        case Action.INCREASE:
            return MIDOSTAURIN_FULL.advice(MIDOSTAURIN, note="with food, about 12 h apart"), ()
        case Action.DISCONTINUE:
            return DoseAdvice(drug=MIDOSTAURIN, timing="discontinue permanently"), ()
        case _:
            return None, ()


def recommendation(decision: Decision) -> Recommendation:
    """A decision as the recommendation the report carries.

    >>> d = Decision(action=Action.INCREASE, summary="Increase", detail="...")
    >>> str(recommendation(d).medication)
    'midostaurin 100 mg oral twice daily'
    """
    medication, schedule = _advice(decision)
    return Recommendation(
        code=decision.action.value,
        indicator=decision.indicator,
        summary=decision.summary,
        detail=decision.detail,
        medication=medication,
        evidence=evidence(*decision.sources),
        findings=decision.findings,
        schedule=schedule,
    )


@rule(
    "cytopenia.midostaurin.interrupt",
    "cytopenia.midostaurin.resume_reduced",
    "cytopenia.midostaurin.increase",
    "cytopenia.midostaurin.discontinue",
    "cytopenia.midostaurin.label_unspecified",
    "cytopenia.cbc.obtain",
    sources=("S1", "S2", "S3", "S53", "S101", "S103"),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=(
        MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN, note="restart after an interruption"),
        MIDOSTAURIN_FULL.advice(MIDOSTAURIN, note="from 50 mg twice daily, if tolerated"),
    ),
    reads=(
        Analyte.ANC,
        Analyte.WBC,
        Analyte.NEUTROPHILS_PCT,
        Analyte.PLATELETS,
        Analyte.HEMOGLOBIN,
    ),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_dose(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Midostaurin dose modification by the label table (ASM, SM-AHN, MCL).

    Fires for an active or held midostaurin with fresh counts: interrupt below the label's
    ANC, platelet or hemoglobin threshold (population-aware: without MCL, or by baseline) or
    for a grade 3/4 toxicity; resume at 50 mg twice daily on recovery; increase to 100 mg
    twice daily from the reduced dose when counts hold; discontinue when a count stays low
    more than 21 days after the hold; label_unspecified where the table does not apply. No
    decision from a stale or missing count. Interstitial lung disease or pneumonitis (any
    grade, ongoing or resolved) discontinues it, and no resume or increase follows (LW13).
    """
    for medication in patient.medications_named(
        MIDOSTAURIN, statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD)
    ):
        for decision in decide(patient, medication, context):
            yield recommendation(decision)
