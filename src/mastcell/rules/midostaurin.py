"""Midostaurin dose modification for ASM, SM-AHN and MCL: the label table as a state machine.

The medication's state (:class:`~mastcell.rules.midostaurin_rows.State`: full dose, reduced
dose, held for a cytopenia, held for a toxicity) and the fresh counts decide one of a few
transitions, each a decision with its action and doses
(:func:`~mastcell.rules.midostaurin_transitions.transition`):

* active, a count below the label's threshold or a grade 3/4 toxicity -> ``interrupt`` (hold);
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
*attributed to midostaurin*, which the clinician confirms; the text says so
(:mod:`mastcell.text.midostaurin`). Converted (issue 20): it reads the midostaurin
medications, then the adverse events, then (when the state machine gets to them) the counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mastcell.decision import Decision, upto
from mastcell.facts import Facts, drug_triggers
from mastcell.knowledge.cytopenia import MIDOSTAURIN, MIDOSTAURIN_FULL, MIDOSTAURIN_REDUCED
from mastcell.model import Analyte, Indicator, Medication
from mastcell.model.dates import day_of
from mastcell.reads import ADVERSE_EVENTS, COUNTS, ON, MedicationsRead
from mastcell.rules.declare import decides
from mastcell.rules.midostaurin_events import (
    decide_held_toxicity,
    ongoing,
    toxic_events,
    toxicity_interrupt,
)
from mastcell.rules.midostaurin_pulmonary import (
    discontinue_pulmonary,
    pulmonary_events,
    pulmonary_review,
    since_start,
)
from mastcell.rules.midostaurin_rows import (
    State,
    Verdict,
    mcl_status,
    medication_finding,
    row_results,
    state_of,
)
from mastcell.rules.midostaurin_transitions import (
    DISCONTINUE,
    INCREASE,
    LABEL_UNSPECIFIED,
    OBTAIN_CBC,
    RESUME_REDUCED,
    days_since,
    hold,
    interrupt_for_rows,
    resume,
    transition,
    unspecified_rows,
)
from mastcell.rules.registry import Context

__all__ = ["MIDOSTAURIN_ON", "State", "decide", "mcl_status", "state_of"]

#: Midostaurin active or held.
MIDOSTAURIN_ON = MedicationsRead("midostaurin active or held", drugs=(MIDOSTAURIN,), statuses=ON)

#: Transitions that can never follow interstitial lung disease or pneumonitis (LW13).
_NO_RESTART = (RESUME_REDUCED, INCREASE)

#: What a decision function gives: the decisions, and whether it read the counts.
_Result = tuple[list[Decision], bool]


def _decide_active(f: Facts, medication: Medication, state: State, context: Context) -> _Result:
    rows = row_results(f, medication, context)
    events = [e for e in toxic_events(f, context) if ongoing(e, context)]
    decisions: list[Decision] = []
    interrupt = interrupt_for_rows(rows, hold_continues=False)
    if interrupt is not None:
        decisions.append(interrupt)
    decisions += unspecified_rows(rows)
    toxicity = toxicity_interrupt(f, events, context, reduced=state is State.REDUCED_DOSE)
    if toxicity is not None:
        decisions.append(toxicity)
    if (
        not decisions
        and state is State.REDUCED_DOSE
        and all(r.verdict is Verdict.CLEAR for r in rows)
    ):
        decisions.append(
            transition(
                INCREASE,
                "",
                findings=tuple(x for r in rows for x in r.findings()),
                sources=("S1", "S2"),
                counts=tuple(r.count for r in rows if r.count is not None),
            )
        )
    return decisions, True


def _decide_held_cytopenia(f: Facts, medication: Medication, context: Context) -> _Result:
    reason = medication.held_for
    assert reason is not None
    rows = row_results(f, medication, context)
    held = next(r for r in rows if r.row.held_reason is reason)
    others = [r for r in rows if r is not held]
    row, count = held.row, held.count
    if count is None:
        return [], True  # no fresh count: cytopenia.cbc.obtain asks for one; no decision here
    med_finding = medication_finding(f, medication, State.HELD_CYTOPENIA)
    restart = row.restart_at_or_above
    if count.value >= restart:
        recovered = count.findings(threshold=restart, comparison=">=", note="recovered")
        blocking = interrupt_for_rows(others, hold_continues=True)
        if blocking is not None:
            return [blocking], True
        unspecified = unspecified_rows(others)
        if unspecified:
            return unspecified, True
        if any(r.verdict is Verdict.MISSING for r in others):
            return [], True  # the other counts are needed first: cytopenia.cbc.obtain
        events = [e for e in toxic_events(f, context) if ongoing(e, context)]
        toxicity = toxicity_interrupt(f, events, context, reduced=False)
        if toxicity is not None:
            return [toxicity], True
        findings = (med_finding, *recovered, *(x for r in others for x in r.findings()))
        return [resume(rows, findings, "recovered", count=count, row=row)], True
    low = count.findings(threshold=restart, comparison="<", note="not yet recovered")
    findings = (med_finding, *low)
    held_since = medication.held_since
    if held_since is None:
        return [hold("cytopenia_no_date", findings, row.sources, count=count, row=row)], True
    limit = row.persistence_limit.days
    day = days_since(held_since, context.at)
    if day <= limit:
        return [
            hold(
                "cytopenia_day",
                findings,
                row.sources,
                count=count,
                row=row,
                day=day,
                held_since=day_of(held_since),
            )
        ], True
    count_day = days_since(held_since, count.time)
    common: dict[str, Any] = {"count": count, "row": row, "count_day": count_day}
    if count_day <= limit:
        return [
            transition(
                OBTAIN_CBC,
                "midostaurin_day_limit",
                findings=findings,
                sources=row.sources,
                day=day,
                held_since=day_of(held_since),
                **common,
            ),
            hold("cytopenia_recheck", findings, row.sources, **common),
        ], True
    return [
        transition(
            DISCONTINUE,
            "count",
            findings=findings,
            sources=row.sources,
            held_since=day_of(held_since),
            **common,
        )
    ], True


def decide(f: Facts, medication: Medication, context: Context) -> _Result:
    """The label's transitions for one midostaurin medication at ``context.at``.

    Gives the decisions, and whether the counts were read (the rule's last stage of reads).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["asm"], labs=[lab("anc", 800, "/uL"), lab("platelets", 120, "K/uL"),
    ...             lab("hemoglobin", 11, "g/dL")], medications=[med("midostaurin", 100, frequency="bid")])
    >>> f = facts_of(p, AT)
    >>> decisions, counts_read = decide(f, p.medications[0], Context(at=AT, facts=f))
    >>> [d.code for d in decisions], [d.action.value for d in decisions], counts_read
    (['cytopenia.midostaurin.interrupt'], ['hold'], True)
    """
    state = state_of(medication)
    if state is None:
        return [], False
    toxicity, symptoms = pulmonary_events(f, context)
    started = [e for e in toxicity if since_start(e, medication)]
    if started:
        return [discontinue_pulmonary(f, medication, state, started, context)], False
    if state in (State.FULL_DOSE, State.REDUCED_DOSE, State.OTHER_DOSE):
        decisions, read = _decide_active(f, medication, state, context)
    elif state is State.HELD_CYTOPENIA:
        decisions, read = _decide_held_cytopenia(f, medication, context)
    elif state is State.HELD_TOXICITY:
        decisions, read = decide_held_toxicity(f, medication, context)
    else:
        reason = medication.held_reason or "none given"
        finding = medication_finding(f, medication, State.HELD_UNCODED)
        decisions = [
            transition(
                LABEL_UNSPECIFIED, "uncoded", findings=(finding,), sources=("S1",), reason=reason
            )
        ]
        read = False
    if toxicity or symptoms:
        decisions = [d for d in decisions if d.code not in _NO_RESTART]
        decisions.append(pulmonary_review(f, medication, state, toxicity, symptoms, context))
    return decisions, read


@decides(
    "cytopenia.midostaurin.interrupt",
    "cytopenia.midostaurin.resume_reduced",
    "cytopenia.midostaurin.increase",
    "cytopenia.midostaurin.discontinue",
    "cytopenia.midostaurin.label_unspecified",
    "cytopenia.cbc.obtain",
    sources=("S1", "S2", "S3", "S53", "S101", "S103"),
    reads=(
        (MIDOSTAURIN_ON,),
        (ADVERSE_EVENTS,),
        (COUNTS[Analyte.ANC], COUNTS[Analyte.PLATELETS], COUNTS[Analyte.HEMOGLOBIN]),
    ),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=(
        MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN, note="restart after an interruption"),
        MIDOSTAURIN_FULL.advice(MIDOSTAURIN, note="from 50 mg twice daily, if tolerated"),
    ),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_dose(f: Facts, context: Context) -> Sequence[Decision]:
    """Midostaurin dose modification by the label table (ASM, SM-AHN, MCL).

    Fires for an active or held midostaurin with fresh counts: interrupt below the label's
    ANC, platelet or hemoglobin threshold (population-aware: without MCL, or by baseline) or
    for a grade 3/4 toxicity; resume at 50 mg twice daily on recovery; increase to 100 mg
    twice daily from the reduced dose when counts hold; discontinue when a count stays low
    more than 21 days after the hold; label_unspecified where the table does not apply. No
    decision from a stale or missing count. Interstitial lung disease or pneumonitis (any
    grade, ongoing or resolved) discontinues it, and no resume or increase follows (LW13).
    """
    medications = MIDOSTAURIN_ON.of(f)
    if not medications:
        return upto(0)
    out: list[Decision] = []
    counts_read = False
    for medication in medications:
        decisions, read = decide(f, medication, context)
        out += decisions
        counts_read = counts_read or read
    return out if counts_read else upto(1, *out)
