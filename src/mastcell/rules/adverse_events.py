"""Adverse events on cytoreductive drugs: avapritinib's label gaps, and every other drug.

Avapritinib's SM rows for intracranial haemorrhage, cognitive effects and other grade 3-4
reactions could not be read (LW3, LW6, LW8): an ICH is a critical "stop and refer", and the
GIST schemes are shown labelled as GIST, with a clinician decision. On imatinib, cladribine,
hydroxyurea or interferon alfa a grade 3-4 adverse event gives a critical alert with what the
sources say. Midostaurin's adverse events are decided by its label table
(:mod:`mastcell.rules.midostaurin`).

An event counts for a drug when it is attributed to that drug or not attributed at all, its
onset is not after the evaluation time nor before the drug's start, and it is ongoing, or
resolved while the drug is still held (the restart is then still to be decided). An
intracranial haemorrhage on avapritinib counts whatever its attribution or course.
Converted (issue 20): decisions from the facts view, text in
:mod:`mastcell.text.adverse_events`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, drug_triggers
from mastcell.knowledge.adverse_events import (
    AVAPRITINIB_COGNITIVE_GIST,
    AVAPRITINIB_ICH,
    AVAPRITINIB_OTHER_GIST,
    EventKind,
    EventScheme,
    kind_of,
)
from mastcell.knowledge.cytopenia import AVAPRITINIB, MIDOSTAURIN
from mastcell.knowledge.cytoreduction import NON_HAEMATOLOGIC_NOTES, SourcedText
from mastcell.knowledge.drugs import generic_name, lookup
from mastcell.model import (
    AdverseEvent,
    DoseAdvice,
    DrugClass,
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
)
from mastcell.model.dates import day_of
from mastcell.reads import ADVERSE_EVENTS, CYTOREDUCTIVE_ON, ON, NamedRead
from mastcell.rules.declare import decides
from mastcell.rules.midostaurin_events import ongoing
from mastcell.rules.registry import Context

__all__ = ["AVAPRITINIB_ON", "counts_for"]

#: Avapritinib active or held.
AVAPRITINIB_ON = NamedRead("avapritinib active or held", drugs=(AVAPRITINIB,), statuses=ON)
#: Drugs whose adverse events have their own rules.
_OWN_RULES = (MIDOSTAURIN, AVAPRITINIB)


def _timely(event: AdverseEvent, medication: Medication, context: Context) -> bool:
    """Onset by the evaluation time and not before the start (unknown dates count)."""
    if event.onset is None:
        return True
    if day_of(event.onset) > day_of(context.at):
        return False
    return medication.start is None or day_of(event.onset) >= day_of(medication.start)


def counts_for(event: AdverseEvent, medication: Medication, drug: str, context: Context) -> bool:
    """Whether an event counts for a drug: timely, its own or unattributed, and pending.

    Pending: ongoing, or resolved while the drug is still held.

    >>> from mastcell.model import AdverseEvent
    >>> from mastcell.testing import AT, med
    >>> rash = AdverseEvent(term="rash", grade=3, attributed_to="Gleevec")
    >>> counts_for(rash, med("imatinib"), "imatinib", Context(at=AT))
    True
    >>> counts_for(rash, med("cladribine"), "cladribine", Context(at=AT))
    False
    """
    if not _timely(event, medication, context):
        return False
    attributed = event.attributed_to
    if attributed is not None and (generic_name(attributed) or attributed) != drug:
        return False
    return ongoing(event, context) or medication.status is MedicationStatus.HELD


def _findings(
    f: Facts, medication: Medication, event: AdverseEvent, context: Context
) -> tuple[Finding, ...]:
    attribution = (
        f"attributed to {event.attributed_to}"
        if event.attributed_to
        else "attribution not recorded: clinician confirms"
    )
    onset = f", onset {day_of(event.onset).isoformat()}" if event.onset is not None else ""
    med_text = f"{medication.drug} {medication.status.value}"
    if medication.held_since is not None:
        med_text += f" since {day_of(medication.held_since).isoformat()}"
    status = "ongoing" if ongoing(event, context) else "resolved"
    return (
        Finding(input=f.path_of(medication), text=med_text),
        Finding(
            input=f.path_of(event),
            text=f"{event.term} grade {event.grade}, {status}{onset}",
            value=event.grade,
            note=attribution,
        ),
    )


def _event_params(event: AdverseEvent, context: Context) -> dict[str, object]:
    status = "ongoing" if ongoing(event, context) else "resolved"
    return {"term": event.term, "grade": event.grade, "status": status}


@decides(
    "cytopenia.avapritinib.adverse_event",
    sources=("S5", "S6", "S7", "S10", "S107"),
    reads=((AVAPRITINIB_ON,), (ADVERSE_EVENTS,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_adverse_event(f: Facts, context: Context) -> Sequence[Decision]:
    """Avapritinib adverse events: ICH stop and refer; cognitive and grade 3-4 events.

    Fires for an active or held avapritinib: any intracranial haemorrhage (any grade,
    ongoing or resolved) is critical, "stop and refer" (the SM action is not loaded, LW3-LW5);
    a cognitive effect (warning at grade 1-2, critical at 3 or more) and any other grade 3-4
    event show the GIST scheme labelled as GIST (LW6, LW8): clinician decision.
    """
    medications = AVAPRITINIB_ON.of(f)
    if not medications:
        return upto(0)
    out: list[Decision] = []
    for medication in medications:
        for event in ADVERSE_EVENTS.of(f):
            if not _timely(event, medication, context):
                continue
            kind = kind_of(event.term)
            if kind is EventKind.INTRACRANIAL_HEMORRHAGE:
                out.append(
                    Decision(
                        code="cytopenia.avapritinib.adverse_event",
                        indicator=Indicator.CRITICAL,
                        action=Action.STOP,
                        drug=AVAPRITINIB,
                        medication=DoseAdvice(drug=AVAPRITINIB, timing="stop and refer"),
                        findings=_findings(f, medication, event, context),
                        sources=AVAPRITINIB_ICH.sources,
                        variant="ich",
                        params=_event_params(event, context),
                    )
                )
                continue
            if not counts_for(event, medication, AVAPRITINIB, context):
                continue
            scheme: EventScheme
            if kind is EventKind.COGNITIVE:
                scheme = AVAPRITINIB_COGNITIVE_GIST
            elif event.grade >= 3:
                scheme = AVAPRITINIB_OTHER_GIST
            else:
                continue
            out.append(
                Decision(
                    code="cytopenia.avapritinib.adverse_event",
                    indicator=Indicator.CRITICAL if event.grade >= 3 else Indicator.WARNING,
                    # "clinician decision" on the drug the patient is on: the GIST scheme is
                    # shown, nothing is proposed or ordered (INFORM, not a giving action).
                    action=Action.INFORM,
                    drug=AVAPRITINIB,
                    medication=DoseAdvice(drug=AVAPRITINIB, timing="clinician decision"),
                    findings=_findings(f, medication, event, context),
                    sources=scheme.sources,
                    variant="gist",
                    params={
                        **_event_params(event, context),
                        "scheme": scheme,
                        "cognitive": scheme is AVAPRITINIB_COGNITIVE_GIST,
                        "medication_status": medication.status.value,
                    },
                )
            )
    return out


def _sources(drug: str, notes: tuple[SourcedText, ...]) -> tuple[str, ...]:
    """The notes' sources, else the catalogue's sources for the drug (what mastcell knows)."""
    if notes:
        return tuple(dict.fromkeys(s for n in notes for s in n.sources))
    entry = lookup(drug)
    return entry.sources if entry is not None else ()


@decides(
    "cytopenia.cytoreductive.adverse_event",
    sources=("S112", "S117", "S71", "S29", "S116"),
    reads=((CYTOREDUCTIVE_ON,), (ADVERSE_EVENTS,)),
    indicators=(Indicator.CRITICAL,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def cytoreductive_adverse_event(f: Facts, context: Context) -> Sequence[Decision]:
    """A grade 3-4 adverse event on imatinib, cladribine, hydroxyurea or interferon alfa.

    Fires for an active or held cytoreductive drug other than midostaurin and avapritinib
    (which have their own rules) and a grade 3 or worse adverse event attributed to it or
    not attributed, ongoing or resolved while the drug is held: hold and review, with what
    mastcell's sources say about the drug; clinician decision.
    """
    others = [
        (m, drug)
        for m in CYTOREDUCTIVE_ON.of(f)
        for drug in ((f.generic_of(m) or m.drug),)
        if drug not in _OWN_RULES
    ]
    if not others:
        return upto(0)
    out: list[Decision] = []
    for medication, drug in others:
        for event in ADVERSE_EVENTS.of(f):
            if event.grade < 3 or not counts_for(event, medication, drug, context):
                continue
            notes = NON_HAEMATOLOGIC_NOTES.get(drug, ())
            out.append(
                Decision(
                    code="cytopenia.cytoreductive.adverse_event",
                    indicator=Indicator.CRITICAL,
                    action=Action.HOLD,
                    drug=drug,
                    medication=DoseAdvice(drug=drug, timing="hold and review: clinician decision"),
                    findings=_findings(f, medication, event, context),
                    sources=_sources(drug, notes),
                    params={
                        **_event_params(event, context),
                        "name": medication.drug,
                        "held": medication.status is MedicationStatus.HELD,
                        "notes": notes,
                    },
                )
            )
    return out
