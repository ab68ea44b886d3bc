"""Adverse events on KIT inhibitors: which terms mean what, and what the labels say (LW3-LW13).

Callers write adverse-event terms in free text ("ILD", "Interstitial lung disease",
"intracranial_hemorrhage", "memory impairment"), so recognising them is data: each
:class:`EventKind` has whole-word phrases and abbreviations, matched after
:func:`normalise_term` (lower case; ``_``, ``-``, ``/``, brackets and commas read as spaces;
British "haem" read as "hem"). Anatomical kinds of bleeding inside the skull (intracerebral,
subarachnoid, subdural, epidural) count as intracranial haemorrhage: a term-recognition
convention of mastcell, not a source's statement.

The avapritinib rows for SM (ICH, cognitive effects, other grade 3-4) could not be read
(LW3, LW6, LW8: NOT VERIFIED); the GIST schemes are kept here to be shown **labelled as
GIST**, never applied to SM.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import NamedTuple

__all__ = [
    "AVAPRITINIB_COGNITIVE_GIST",
    "AVAPRITINIB_ICH",
    "AVAPRITINIB_OTHER_GIST",
    "EVENT_TERMS",
    "MIDOSTAURIN_PULMONARY",
    "EventKind",
    "EventScheme",
    "TermPattern",
    "kind_of",
    "normalise_term",
]


class EventKind(enum.StrEnum):
    """The adverse events the KIT-inhibitor rules single out.

    >>> EventKind.PULMONARY_TOXICITY.value
    'pulmonary_toxicity'
    """

    #: Intracranial haemorrhage (avapritinib, LW3-LW5).
    INTRACRANIAL_HEMORRHAGE = "intracranial_hemorrhage"
    #: Cognitive / CNS effects (avapritinib, LW6-LW7).
    COGNITIVE = "cognitive"
    #: Interstitial lung disease or pneumonitis (midostaurin: discontinue, LW13).
    PULMONARY_TOXICITY = "pulmonary_toxicity"
    #: New dyspnoea, cough or pulmonary infiltrate: symptoms to evaluate for ILD (LW13).
    PULMONARY_SYMPTOM = "pulmonary_symptom"


class TermPattern(NamedTuple):
    """The phrases and abbreviations that name one kind of event (whole words only).

    >>> EVENT_TERMS[EventKind.PULMONARY_TOXICITY].matches("drug induced pneumonitis")
    True
    >>> EVENT_TERMS[EventKind.PULMONARY_TOXICITY].matches("wild")
    False
    """

    kind: EventKind
    phrases: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()

    def matches(self, term: str) -> bool:
        """Whether the (raw or normalised) ``term`` names this kind."""
        padded = f" {normalise_term(term)} "
        return any(f" {p} " in padded for p in (*self.phrases, *self.abbreviations))


_SEPARATORS = re.compile(r"[\s_\-/(),;:.]+")


def normalise_term(term: str) -> str:
    """A term as the patterns are written: lower case, single spaces, "haem" as "hem".

    >>> normalise_term("  Intracranial_Haemorrhage (ICH) ")
    'intracranial hemorrhage ich'
    """
    text = _SEPARATORS.sub(" ", term.lower()).strip()
    return text.replace("haem", "hem")


_BLEED = ("hemorrhage", "hematoma", "bleed", "bleeding")

#: The term lists of each kind (knowledge data: extend here, never in a rule).
EVENT_TERMS: Mapping[EventKind, TermPattern] = {
    pattern.kind: pattern
    for pattern in (
        TermPattern(
            kind=EventKind.INTRACRANIAL_HEMORRHAGE,
            phrases=(
                *(
                    f"{site} {bleed}"
                    for site in ("intracranial", "intracerebral")
                    for bleed in _BLEED
                ),
                *(
                    f"{site} {bleed}"
                    for site in ("cerebral", "brain", "subarachnoid", "subdural", "epidural")
                    for bleed in _BLEED
                ),
                "hemorrhagic stroke",
            ),
            abbreviations=("ich",),
        ),
        TermPattern(
            kind=EventKind.COGNITIVE,
            phrases=(
                "cognitive",
                "cognition",
                "memory impairment",
                "memory loss",
                "amnesia",
                "confusional state",
                "confusion",
                "disturbance in attention",
            ),
        ),
        TermPattern(
            kind=EventKind.PULMONARY_TOXICITY,
            phrases=(
                "pneumonitis",
                "interstitial lung disease",
                "interstitial pneumonia",
                "pulmonary toxicity",
                "lung toxicity",
            ),
            abbreviations=("ild",),
        ),
        TermPattern(
            kind=EventKind.PULMONARY_SYMPTOM,
            phrases=(
                "dyspnea",
                "dyspnoea",
                "shortness of breath",
                "cough",
                "pulmonary infiltrate",
                "pulmonary infiltrates",
                "lung infiltrate",
                "lung infiltrates",
            ),
        ),
    )
}


def kind_of(term: str) -> EventKind | None:
    """The kind an adverse-event term names, or None for any other event.

    Pulmonary toxicity wins over a symptom named with it ("cough from pneumonitis").

    >>> [kind_of(t) for t in ("ILD", "Intracranial haemorrhage", "memory impairment", "rash")]
    [<EventKind.PULMONARY_TOXICITY: 'pulmonary_toxicity'>, <EventKind.INTRACRANIAL_HEMORRHAGE: 'intracranial_hemorrhage'>, <EventKind.COGNITIVE: 'cognitive'>, None]
    """
    for kind in EventKind:  # declaration order: the more specific kinds first
        if EVENT_TERMS[kind].matches(term):
            return kind
    return None


class EventScheme(NamedTuple):
    """What a label says about one kind of adverse event, with its population and tag.

    >>> AVAPRITINIB_ICH.population
    'SM (AdvSM, ISM)'
    """

    fact: str
    population: str
    text: str
    tag: str
    sources: tuple[str, ...]


#: LW3-LW5: the SM-specific ICH action is NOT VERIFIED (no copy read shows it); GIST labels
#: for context: US 2020 grade 1-2 first event hold then one level lower, recurrence or grade
#: 3-4 stop; EU any grade stop (CONFLICT). ISM 25 mg: no ICH in 141 patients (S7).
AVAPRITINIB_ICH = EventScheme(
    fact="LW3-LW5",
    population="SM (AdvSM, ISM)",
    text=(
        "the SM-specific label action for intracranial haemorrhage could not be read (NOT "
        "VERIFIED, LW3). For context only, GIST labels: US 2020: grade 1-2 first event, hold "
        "until resolved then restart one level lower, any recurrence stop, grade 3-4 stop; EU: "
        "any grade, stop permanently (CONFLICT, LW4). Frequency: 1% of 267 GIST patients, 3% "
        "of all 335 treated; none in 141 ISM patients at 25 mg (LW5)"
    ),
    tag="NOT VERIFIED for SM; GIST labels CONFLICT (US vs EU)",
    sources=("S107", "S10", "S7"),
)

#: Cognitive or CNS effects in the GIST labels (LW6; US and EU identical). Grade 1 continue,
#: or hold until baseline then same or lower dose; grade 2-3 hold until <= grade 1 / baseline, then
#: same or lower dose; grade 4 stop permanently. SM version NOT VERIFIED.
AVAPRITINIB_COGNITIVE_GIST = EventScheme(
    fact="LW6",
    population="GIST (the SM row is NOT VERIFIED)",
    text=(
        "GIST labels, cognitive effects: grade 1, continue, or hold until back to baseline "
        "then resume at the same or a lower dose; grade 2-3, hold until grade 1 or lower / "
        "baseline, then the same or a lower dose; grade 4, stop permanently. In ISM at 25 mg "
        "cognitive effects were 2.8%, all grade 1-2 (LW7)"
    ),
    tag="CONFIRMED for GIST; NOT VERIFIED for SM",
    sources=("S10", "S107", "S7"),
)

#: Other grade 3-4 adverse reactions in the GIST labels (LW8). Hold until <= grade 2, then the
#: same or a lower dose. SM row NOT VERIFIED.
AVAPRITINIB_OTHER_GIST = EventScheme(
    fact="LW8",
    population="GIST (the SM row is NOT VERIFIED)",
    text=(
        "GIST labels, other grade 3-4 adverse reactions: hold until grade 2 or lower, then "
        "resume at the same or a lower dose"
    ),
    tag="CONFIRMED for GIST; NOT VERIFIED for SM",
    sources=("S10", "S107"),
)

#: LW13: interstitial lung disease and pneumonitis, some fatal, have occurred with midostaurin;
#: watch for pulmonary symptoms and discontinue if signs or symptoms of pulmonary toxicity
#: appear [S101, S103].
MIDOSTAURIN_PULMONARY = EventScheme(
    fact="LW13",
    population="midostaurin (all indications)",
    text=(
        "interstitial lung disease and pneumonitis, some fatal, have occurred with "
        "midostaurin; monitor for pulmonary symptoms and discontinue midostaurin if signs or "
        "symptoms of pulmonary toxicity appear"
    ),
    tag="CONFIRMED",
    sources=("S101", "S103"),
)
