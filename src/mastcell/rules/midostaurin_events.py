"""Midostaurin and adverse events: the toxicity rows and pulmonary toxicity (LW13).

For :mod:`mastcell.rules.midostaurin`: the grade 3/4 events the label's toxicity rows apply
to, the interruption they call for, and interstitial lung disease or pneumonitis (any grade,
ongoing or resolved), which discontinues midostaurin for good; ongoing pulmonary symptoms (or
ILD recorded before the start) make any resume or increase a clinician decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Decision
from mastcell.facts import Facts
from mastcell.knowledge.adverse_events import MIDOSTAURIN_PULMONARY, EventKind, kind_of
from mastcell.knowledge.cytopenia import (
    MIDOSTAURIN,
    MIDOSTAURIN_NAUSEA_VOMITING,
    MIDOSTAURIN_OTHER_TOXICITY,
    ToxicityRow,
)
from mastcell.knowledge.drugs import generic_name
from mastcell.model import AdverseEvent, Finding, Medication
from mastcell.model._checks import day_of
from mastcell.reads import ADVERSE_EVENTS
from mastcell.rules.midostaurin_rows import State, Verdict, medication_finding, row_results
from mastcell.rules.midostaurin_transitions import (
    DISCONTINUE,
    INTERRUPT,
    LABEL_UNSPECIFIED,
    days_since,
    hold,
    interrupt_for_rows,
    resume,
    transition,
    unspecified_rows,
)
from mastcell.rules.registry import Context

__all__ = [
    "decide_held_toxicity",
    "discontinue_pulmonary",
    "event_finding",
    "ongoing",
    "pulmonary_events",
    "pulmonary_review",
    "since_start",
    "toxic_events",
    "toxicity_interrupt",
    "toxicity_row",
]


def _events(facts: Facts) -> tuple[AdverseEvent, ...]:
    events: tuple[AdverseEvent, ...] = ADVERSE_EVENTS.of(facts)
    return events


def toxic_events(facts: Facts, context: Context) -> list[AdverseEvent]:
    """Grade 3/4 events attributed to midostaurin, or not attributed, with onset by ``at``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> p = patient(adverse_events=[AdverseEvent(term="rash", grade=3),
    ...     AdverseEvent(term="rash", grade=3, attributed_to="aspirin")])
    >>> [e.attributed_to for e in toxic_events(facts_of(p, AT), Context(at=AT))]
    [None]
    """
    today = day_of(context.at)
    out = []
    for event in _events(facts):
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


def ongoing(event: AdverseEvent, context: Context) -> bool:
    """Not resolved by the evaluation day.

    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT
    >>> ongoing(AdverseEvent(term="rash", grade=3), Context(at=AT))
    True
    """
    return event.resolved is None or day_of(event.resolved) > day_of(context.at)


def toxicity_row(event: AdverseEvent) -> ToxicityRow:
    """The toxicity row an event falls under (nausea/vomiting, or every other).

    >>> from mastcell.model import AdverseEvent
    >>> toxicity_row(AdverseEvent(term="vomiting", grade=3)).name
    'grade 3/4 nausea and/or vomiting'
    """
    if MIDOSTAURIN_NAUSEA_VOMITING.covers(event.term):
        return MIDOSTAURIN_NAUSEA_VOMITING
    return MIDOSTAURIN_OTHER_TOXICITY


def event_finding(facts: Facts, event: AdverseEvent, context: Context) -> Finding:
    """The finding citing a grade 3/4 event, its course and its attribution.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> p = patient(adverse_events=[AdverseEvent(term="rash", grade=3)])
    >>> str(event_finding(facts_of(p, AT), p.adverse_events[0], Context(at=AT)))
    'adverse_events[0]: rash grade 3, ongoing 3 >= 3 (attribution not recorded: clinician confirms)'
    """
    status = "ongoing" if ongoing(event, context) else "resolved"
    attribution = (
        f"attributed to {event.attributed_to}"
        if event.attributed_to
        else "attribution not recorded: clinician confirms"
    )
    return Finding(
        input=facts.path_of(event),
        text=f"{event.term} grade {event.grade}, {status}",
        value=event.grade,
        threshold=3,
        comparison=">=",
        note=attribution,
    )


def toxicity_interrupt(
    facts: Facts, events: Sequence[AdverseEvent], context: Context, *, reduced: bool
) -> Decision | None:
    """Interrupt for ongoing grade 3/4 events (None without any).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> p = patient(adverse_events=[AdverseEvent(term="rash", grade=3)])
    >>> d = toxicity_interrupt(facts_of(p, AT), p.adverse_events, Context(at=AT), reduced=False)
    >>> d.code, d.action.value, d.variant
    ('cytopenia.midostaurin.interrupt', 'hold', 'toxicity')
    """
    if not events:
        return None
    rows = {toxicity_row(e) for e in events}
    first = events[0]
    return transition(
        INTERRUPT,
        "toxicity",
        findings=tuple(event_finding(facts, e, context) for e in events),
        sources=("S1", "S53"),
        row=toxicity_row(first).name,
        term=first.term,
        grade=first.grade,
        nausea=MIDOSTAURIN_NAUSEA_VOMITING in rows,
        other=MIDOSTAURIN_OTHER_TOXICITY in rows,
        reduced=reduced,
    )


def pulmonary_events(
    facts: Facts, context: Context
) -> tuple[list[AdverseEvent], list[AdverseEvent]]:
    """ILD/pneumonitis events and ongoing pulmonary symptoms with onset by ``at``.

    ILD/pneumonitis: any grade, ongoing or resolved, any attribution; symptoms: attributed to
    midostaurin or not attributed.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> p = patient(adverse_events=[AdverseEvent(term="pneumonitis", grade=1)])
    >>> [[e.term for e in found] for found in pulmonary_events(facts_of(p, AT), Context(at=AT))]
    [['pneumonitis'], []]
    """
    today = day_of(context.at)
    toxicity, symptoms = [], []
    for event in _events(facts):
        if event.onset is not None and day_of(event.onset) > today:
            continue
        kind = kind_of(event.term)
        if kind is EventKind.PULMONARY_TOXICITY:
            toxicity.append(event)
        elif (
            kind is EventKind.PULMONARY_SYMPTOM
            and ongoing(event, context)
            and (event.attributed_to is None or generic_name(event.attributed_to) == MIDOSTAURIN)
        ):
            symptoms.append(event)
    return toxicity, symptoms


def since_start(event: AdverseEvent, medication: Medication) -> bool:
    """Onset on or after the start, or either date unknown (then it counts).

    >>> from datetime import date
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.testing import med
    >>> m = med("midostaurin", start=date(2026, 9, 1))
    >>> since_start(AdverseEvent(term="pneumonitis", grade=1, onset=date(2026, 8, 1)), m)
    False
    """
    if event.onset is None or medication.start is None:
        return True
    return day_of(event.onset) >= day_of(medication.start)


def _pulmonary_finding(facts: Facts, event: AdverseEvent, context: Context) -> Finding:
    status = "ongoing" if ongoing(event, context) else "resolved"
    onset = f", onset {day_of(event.onset).isoformat()}" if event.onset is not None else ""
    attribution = (
        f"attributed to {event.attributed_to}"
        if event.attributed_to
        else "attribution not recorded"
    )
    return Finding(
        input=facts.path_of(event),
        text=f"{event.term} grade {event.grade}, {status}{onset}",
        note=f"{attribution}; {MIDOSTAURIN_PULMONARY.fact}",
    )


def discontinue_pulmonary(
    facts: Facts,
    medication: Medication,
    state: State,
    events: Sequence[AdverseEvent],
    context: Context,
) -> Decision:
    """Discontinue for ILD/pneumonitis since the start: no restart follows (LW13).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> from mastcell.rules.midostaurin_rows import State
    >>> p = patient(medications=[med("midostaurin")],
    ...             adverse_events=[AdverseEvent(term="pneumonitis", grade=1)])
    >>> d = discontinue_pulmonary(facts_of(p, AT), p.medications[0], State.OTHER_DOSE,
    ...                           p.adverse_events, Context(at=AT))
    >>> d.action.value, d.sources
    ('stop', ('S101', 'S103'))
    """
    first = events[0]
    other = [e.attributed_to for e in events if e.attributed_to and e.attributed_to != MIDOSTAURIN]
    return transition(
        DISCONTINUE,
        "pulmonary",
        findings=(
            medication_finding(facts, medication, state),
            *(_pulmonary_finding(facts, e, context) for e in events),
        ),
        sources=MIDOSTAURIN_PULMONARY.sources,
        term=first.term,
        grade=first.grade,
        ongoing=ongoing(first, context),
        recorded=tuple((e.term, e.grade) for e in events),
        state=state,
        attributed=tuple(dict.fromkeys(a for a in other if a)),
    )


def pulmonary_review(
    facts: Facts,
    medication: Medication,
    state: State,
    toxicity: Sequence[AdverseEvent],
    symptoms: Sequence[AdverseEvent],
    context: Context,
) -> Decision:
    """Ongoing pulmonary symptoms, or ILD before the start: no resume or increase (critical).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> from mastcell.rules.midostaurin_rows import State
    >>> p = patient(medications=[med("midostaurin")],
    ...             adverse_events=[AdverseEvent(term="dyspnea", grade=2)])
    >>> d = pulmonary_review(facts_of(p, AT), p.medications[0], State.OTHER_DOSE, [],
    ...                      p.adverse_events, Context(at=AT))
    >>> d.variant, d.indicator.value
    ('pulmonary_symptoms', 'critical')
    """
    events = [*symptoms, *toxicity]
    first = events[0]
    return transition(
        LABEL_UNSPECIFIED,
        "pulmonary_symptoms" if symptoms else "pulmonary_before_start",
        findings=(
            medication_finding(facts, medication, state),
            *(_pulmonary_finding(facts, e, context) for e in events),
        ),
        sources=MIDOSTAURIN_PULMONARY.sources,
        critical=True,
        term=first.term,
        grade=first.grade,
        state=state,
    )


def decide_held_toxicity(
    f: Facts, medication: Medication, context: Context
) -> tuple[list[Decision], bool]:
    """The toxicity rows for midostaurin held for a toxicity: hold, discontinue or resume.

    Gives the decisions, and whether the counts were read (only to resume).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, med, patient

    >>> p = patient(medications=[med("midostaurin", status="held", held_reason="toxicity")])
    >>> decisions, counts_read = decide_held_toxicity(facts_of(p, AT), p.medications[0],
    ...                                               Context(at=AT))
    >>> [d.variant for d in decisions], counts_read
    (['toxicity_no_event'], False)
    """
    med_finding = medication_finding(f, medication, State.HELD_TOXICITY)
    events = toxic_events(f, context)
    if not events:
        return [
            transition(
                LABEL_UNSPECIFIED, "toxicity_no_event", findings=(med_finding,), sources=("S1",)
            )
        ], False
    ongoing_events = [e for e in events if ongoing(e, context)]
    findings = (med_finding, *(event_finding(f, e, context) for e in events))
    other = [e for e in ongoing_events if toxicity_row(e) is MIDOSTAURIN_OTHER_TOXICITY]
    nausea = [e for e in ongoing_events if toxicity_row(e) is MIDOSTAURIN_NAUSEA_VOMITING]
    held_since = medication.held_since
    day = None if held_since is None else days_since(held_since, context.at)
    if other or nausea:
        if day is None:
            return [hold("toxicity_no_date", findings, ("S1",))], False
        if other:
            limit = MIDOSTAURIN_OTHER_TOXICITY.persistence_limit
            assert limit is not None
            if day > limit.days:
                return [
                    transition(
                        DISCONTINUE,
                        "toxicity",
                        findings=findings,
                        sources=("S1",),
                        term=other[0].term,
                        grade=other[0].grade,
                        limit=limit.days,
                        day=day,
                    )
                ], False
            return [
                hold(
                    "toxicity_day", findings, ("S1",), term=other[0].term, day=day, limit=limit.days
                )
            ], False
        pause = MIDOSTAURIN_NAUSEA_VOMITING.interrupt_for
        assert pause is not None
        if day < pause.days:
            return [hold("nausea_day", findings, ("S1",), day=day)], False
    rows = row_results(f, medication, context)
    blocking = interrupt_for_rows(rows, hold_continues=True)
    if blocking is not None:
        return [blocking], True
    unspecified = unspecified_rows(rows)
    if unspecified:
        return unspecified, True
    if any(r.verdict is Verdict.MISSING for r in rows):
        return [], True  # counts first: cytopenia.cbc.obtain
    why = "nausea_done" if nausea else "toxicity_resolved"
    return [resume(rows, (*findings, *(x for r in rows for x in r.findings())), why)], True
