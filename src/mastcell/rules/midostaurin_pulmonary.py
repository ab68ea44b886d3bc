"""Midostaurin and pulmonary toxicity (LW13), for :mod:`mastcell.rules.midostaurin`.

Interstitial lung disease or pneumonitis (any grade, ongoing or resolved) since the start
discontinues midostaurin for good; ongoing pulmonary symptoms (or ILD recorded before the
start) make any resume or increase a clinician decision.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Decision
from mastcell.facts import Facts
from mastcell.knowledge.adverse_events import MIDOSTAURIN_PULMONARY, EventKind, kind_of
from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.drugs import generic_name
from mastcell.model import AdverseEvent, Finding, Medication
from mastcell.model.dates import day_of
from mastcell.reads import ADVERSE_EVENTS
from mastcell.rules.midostaurin_events import ongoing
from mastcell.rules.midostaurin_rows import State, medication_finding
from mastcell.rules.midostaurin_transitions import DISCONTINUE, LABEL_UNSPECIFIED, transition
from mastcell.rules.registry import Context

__all__ = ["discontinue_pulmonary", "pulmonary_events", "pulmonary_review", "since_start"]


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
    for event in ADVERSE_EVENTS.of(facts):
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
