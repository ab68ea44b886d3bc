"""The oracle's adverse-event rules: :mod:`mastcell.rules.adverse_events` before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the old rule
names) for the differential harness; deleted with :mod:`mastcell._oracle`.

Adverse events on cytoreductive drugs: avapritinib's label gaps, and every other drug.

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
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import drug_triggers
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
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    AdverseEvent,
    DoseAdvice,
    DrugClass,
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

__all__: list[str] = []

rule = oracle_rule("mastcell.rules.adverse_events")

_ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD)
#: Drugs whose adverse events have their own rules.
_OWN_RULES = (MIDOSTAURIN, AVAPRITINIB)


def _generic(name: str) -> str:
    return generic_name(name) or name


def _ongoing(event: AdverseEvent, context: Context) -> bool:
    return event.resolved is None or day_of(event.resolved) > day_of(context.at)


def _timely(event: AdverseEvent, medication: Medication, context: Context) -> bool:
    """Onset by the evaluation time and not before the start (unknown dates count)."""
    if event.onset is None:
        return True
    if day_of(event.onset) > day_of(context.at):
        return False
    return medication.start is None or day_of(event.onset) >= day_of(medication.start)


def _for_drug(event: AdverseEvent, drug: str) -> bool:
    return event.attributed_to is None or _generic(event.attributed_to) == drug


def _pending(event: AdverseEvent, medication: Medication, context: Context) -> bool:
    """Ongoing, or resolved while the drug is still held."""
    return _ongoing(event, context) or medication.status is MedicationStatus.HELD


def _status(event: AdverseEvent, context: Context) -> str:
    return "ongoing" if _ongoing(event, context) else "resolved"


def _findings(
    patient: Patient, medication: Medication, event: AdverseEvent, context: Context
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
    return (
        Finding(input=patient.path_of(medication), text=med_text),
        Finding(
            input=patient.path_of(event),
            text=f"{event.term} grade {event.grade}, {_status(event, context)}{onset}",
            value=event.grade,
            note=attribution,
        ),
    )


def _scheme_text(scheme: EventScheme) -> str:
    return f"[{scheme.fact}, {scheme.population}; {scheme.tag}] {scheme.text}"


@rule(
    "cytopenia.avapritinib.adverse_event",
    sources=("S5", "S6", "S7", "S10", "S107"),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_adverse_event(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avapritinib adverse events: ICH stop and refer; cognitive and grade 3-4 events.

    Fires for an active or held avapritinib: any intracranial haemorrhage (any grade,
    ongoing or resolved) is critical, "stop and refer" (the SM action is not loaded, LW3-LW5);
    a cognitive effect (warning at grade 1-2, critical at 3 or more) and any other grade 3-4
    event show the GIST scheme labelled as GIST (LW6, LW8): clinician decision.
    """
    for medication in patient.medications_named(AVAPRITINIB, statuses=_ON):
        for event in patient.adverse_events:
            if not _timely(event, medication, context):
                continue
            kind = kind_of(event.term)
            if kind is EventKind.INTRACRANIAL_HEMORRHAGE:
                yield _ich(patient, medication, event, context)
                continue
            if not _for_drug(event, AVAPRITINIB) or not _pending(event, medication, context):
                continue
            if kind is EventKind.COGNITIVE:
                yield _gist(patient, medication, event, context, AVAPRITINIB_COGNITIVE_GIST)
            elif event.grade >= 3:
                yield _gist(patient, medication, event, context, AVAPRITINIB_OTHER_GIST)


def _ich(
    patient: Patient, medication: Medication, event: AdverseEvent, context: Context
) -> Recommendation:
    return Recommendation(
        code="cytopenia.avapritinib.adverse_event",
        indicator=Indicator.CRITICAL,
        summary=fit_summary(
            f"Stop avapritinib and refer: intracranial haemorrhage ({event.term}, grade "
            f"{event.grade}, {_status(event, context)}); SM label action not loaded"
        ),
        detail=(
            "An intracranial haemorrhage is recorded while on avapritinib: stop it and refer "
            "(neurology / the treating SM centre). The SM-specific label action is not loaded "
            f"in mastcell. {_scheme_text(AVAPRITINIB_ICH)}. Any restart is a clinician "
            "decision."
        ),
        medication=DoseAdvice(drug=AVAPRITINIB, timing="stop and refer"),
        evidence=evidence(*AVAPRITINIB_ICH.sources),
        findings=_findings(patient, medication, event, context),
    )


def _gist(
    patient: Patient,
    medication: Medication,
    event: AdverseEvent,
    context: Context,
    scheme: EventScheme,
) -> Recommendation:
    severe = event.grade >= 3
    what = "cognitive effect" if scheme is AVAPRITINIB_COGNITIVE_GIST else "adverse event"
    return Recommendation(
        code="cytopenia.avapritinib.adverse_event",
        indicator=Indicator.CRITICAL if severe else Indicator.WARNING,
        summary=fit_summary(
            f"Avapritinib with a grade {event.grade} {what} ({event.term}, "
            f"{_status(event, context)}): SM label row not loaded; clinician decision"
        ),
        detail=(
            f"The avapritinib SM label row for this event could not be read ({scheme.fact}: "
            f"NOT VERIFIED for SM). For reference only, {_scheme_text(scheme)}. Whether to "
            f"hold, reduce or stop avapritinib ({medication.status.value}) is a clinician "
            "decision; the dose ladders are AdvSM 200 -> 100 -> 50 -> 25 mg once daily and ISM "
            "25 mg once daily -> every other day (LW2)."
        ),
        medication=DoseAdvice(drug=AVAPRITINIB, timing="clinician decision"),
        evidence=evidence(*scheme.sources),
        findings=_findings(patient, medication, event, context),
    )


def _sources(drug: str, notes: tuple[SourcedText, ...]) -> tuple[str, ...]:
    """The notes' sources, else the catalogue's sources for the drug (what mastcell knows)."""
    if notes:
        return tuple(dict.fromkeys(s for n in notes for s in n.sources))
    entry = lookup(drug)
    return entry.sources if entry is not None else ()


@rule(
    "cytopenia.cytoreductive.adverse_event",
    sources=("S112", "S117", "S71", "S29", "S116"),
    indicators=(Indicator.CRITICAL,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def cytoreductive_adverse_event(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A grade 3-4 adverse event on imatinib, cladribine, hydroxyurea or interferon alfa.

    Fires for an active or held cytoreductive drug other than midostaurin and avapritinib
    (which have their own rules) and a grade 3 or worse adverse event attributed to it or
    not attributed, ongoing or resolved while the drug is held: hold and review, with what
    mastcell's sources say about the drug; clinician decision.
    """
    for medication in patient.medications_of(DrugClass.CYTOREDUCTIVE, statuses=_ON):
        drug = _generic(medication.drug)
        if drug in _OWN_RULES:
            continue
        for event in patient.adverse_events:
            if (
                event.grade < 3
                or not _timely(event, medication, context)
                or not _for_drug(event, drug)
                or not _pending(event, medication, context)
            ):
                continue
            notes = NON_HAEMATOLOGIC_NOTES.get(drug, ())
            said = (
                " ".join(f"[{n.fact}] {n.text}." for n in notes)
                if notes
                else "mastcell's sources hold no adverse-event row for this drug."
            )
            verb = "Keep" if medication.status is MedicationStatus.HELD else "Hold"
            yield Recommendation(
                code="cytopenia.cytoreductive.adverse_event",
                indicator=Indicator.CRITICAL,
                summary=fit_summary(
                    f"{verb} {medication.drug} and review: grade {event.grade} {event.term} "
                    f"({_status(event, context)}); no SM-specific action loaded"
                ),
                detail=(
                    f"A grade {event.grade} adverse event ({event.term}) is recorded on "
                    f"{medication.drug}. No SM-specific dose modification for it is in "
                    f"mastcell's sources: clinician decision. What the sources say: {said}"
                ),
                medication=DoseAdvice(drug=drug, timing="hold and review: clinician decision"),
                evidence=evidence(*_sources(drug, notes)),
                findings=_findings(patient, medication, event, context),
            )
