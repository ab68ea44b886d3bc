"""Midostaurin and adverse events: the label's toxicity rows.

For :mod:`mastcell.rules.midostaurin`: the grade 3/4 events the label's toxicity rows apply
to, and the interruption, discontinuation or resumption they call for. Pulmonary toxicity
(LW13) is in :mod:`mastcell.rules.midostaurin_pulmonary`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Decision
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import (
    MIDOSTAURIN,
    MIDOSTAURIN_NAUSEA_VOMITING,
    MIDOSTAURIN_OTHER_TOXICITY,
    ToxicityRow,
)
from mastcell.knowledge.drugs import generic_name
from mastcell.model import AdverseEvent, Finding, Medication
from mastcell.model.dates import day_of
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
    "event_finding",
    "ongoing",
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
