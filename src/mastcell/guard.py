"""The last check on every proposal: no report proposes a drug the patient reacted to.

Rules choose their drugs with the patient's reactions in view (they ask
:func:`mastcell.knowledge.allergy.reaction_match` and offer the next acceptable option). The
engine then passes every decision through :func:`guard_decisions` once more, before any text
exists, so that the promise holds for every rule, present and future: a proposed drug (a
decision's ``medication`` when its action gives the drug, or a schedule item whose action
does; :attr:`mastcell.decision.Action.gives`) that the patient reacted to, or that belongs to
a cross-reactive group of a drug they reacted to (addendum section 7), is withdrawn; the
decision then carries which drug was withdrawn and why, cites the reaction as a finding, and
its text (:func:`guard_text`) leaves the choice to the clinician. Advice to *stop*, *hold* or
*avoid* a drug is not a proposal and passes unchanged: the guard reads the action, never the
words of the advice.

Epinephrine is never withdrawn: it remains first-line for anaphylaxis (EI1, S141); a recorded
reaction to it is stated beside the advice.

The same check keeps mastcell from proposing, as new, a drug the patient probably already
takes under a name it could not recognise (``famotadine`` on the list, famotidine proposed):
the medication stays unclassified (nothing is classified by a guess), but the proposal is
withdrawn until a clinician confirms the list.

A recorded reaction whose agent the drug vocabulary cannot read (neither a drug, a class, a
trigger nor "no known allergies"; :func:`mastcell.knowledge.resolve.resolve_reaction`) could
be to any drug: every proposal except epinephrine then carries a note and a finding naming
that reaction, and becomes a clinician decision. A withdrawn proposal's own "Proposed: ..."
sentence is rewritten, so the detail never says a withdrawn drug is proposed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from mastcell.decision import Action, Decision, Dose
from mastcell.knowledge.allergy import NEVER_WITHHELD, ReactionMatch, reaction_match
from mastcell.knowledge.drugs import Match, classes_of, generic_name, match_drug, normalise
from mastcell.knowledge.names import suggest
from mastcell.knowledge.resolve import Resolution, resolve_reaction
from mastcell.model import (
    DoseAdvice,
    DrugClass,
    Finding,
    Medication,
    MedicationStatus,
    Patient,
    Reaction,
    Recommendation,
)
from mastcell.model.recommendation import fit_words

__all__ = [
    "NONE_KNOWN_ANAPHYLAXIS",
    "Guarded",
    "ProbableMedication",
    "UnreadReaction",
    "anaphylaxis_finding",
    "awaits_review",
    "guard_decisions",
    "guard_text",
    "is_proposal",
    "lists_options",
    "probable_medications",
    "reaction_finding",
    "stated_action",
    "unread_reactions",
]

#: Timing words that mark advice about a drug the patient takes, not a proposal to give it,
#: with the action they state (how a report without its decisions is read).
_NOT_GIVING: tuple[tuple[str, Action], ...] = (
    ("hold", Action.HOLD),
    ("discontinue", Action.STOP),
    ("stop", Action.STOP),
    ("do not start", Action.AVOID),
    ("do not use", Action.AVOID),
    ("clinician decision", Action.INFORM),
)

_EPINEPHRINE_NOTE = (
    "A reaction to epinephrine is recorded ({what}); epinephrine is still not withheld: it "
    "remains first-line for anaphylaxis (EI1, S141). Discuss the recorded reaction with an "
    "allergist."
)


def stated_action(advice: DoseAdvice) -> Action | None:
    """The action a report's dose states by its first timing words; None for a proposal.

    Hold, discontinue or stop, do not start or do not use, clinician decision: the words a
    card reads in a report without its decisions; the guard itself reads the decision's
    action.

    >>> stated_action(DoseAdvice(drug="midostaurin", timing="discontinue permanently"))
    <Action.STOP: 'stop'>
    >>> stated_action(DoseAdvice(drug="fentanyl")) is None
    True
    """
    timing = (advice.timing or "").strip().lower()
    for words, action in _NOT_GIVING:
        if timing.startswith(words):
            return action
    return None


def is_proposal(advice: DoseAdvice) -> bool:
    """Whether a report's dose proposes giving the drug (:func:`stated_action` finds none).

    Tests read a report's proposals with it.

    >>> is_proposal(DoseAdvice(drug="midostaurin", timing="discontinue permanently"))
    False
    >>> is_proposal(DoseAdvice(drug="imatinib", timing="do not use: KIT D816V detected"))
    False
    >>> is_proposal(DoseAdvice(drug="fentanyl"))
    True
    """
    return stated_action(advice) is None


def reaction_finding(patient: Patient, match: ReactionMatch) -> Finding:
    """The finding that cites the recorded reaction behind a match.

    >>> from mastcell.model import Reaction
    >>> from mastcell.knowledge.allergy import reaction_match
    >>> from mastcell.testing import patient
    >>> p = patient(reactions=[Reaction(agent="fentanyl", severity="anaphylaxis")])
    >>> str(reaction_finding(p, reaction_match(p.reactions, "fentanyl")))
    'reactions[0]: fentanyl: anaphylaxis (recorded reaction to fentanyl itself)'
    """
    severity = match.reaction.severity.value if match.reaction.severity else "severity not stated"
    return Finding(
        input=patient.path_of(match.reaction),
        text=f"{_short(match.reaction.agent)}: {severity}",
        note=match.note,
    )


#: What a prior-anaphylaxis finding says when the record is "no known drug allergies" with
#: the severity anaphylaxis: contradictory, and read the safer way.
NONE_KNOWN_ANAPHYLAXIS = (
    "recorded as 'no known drug allergies' with the severity anaphylaxis: contradictory; "
    "counted here as a prior anaphylaxis (the safer reading: a missed anaphylaxis costs more "
    "than an extra precaution); check the record"
)


def anaphylaxis_finding(patient: Patient, reaction: Reaction) -> Finding:
    """The finding citing a recorded anaphylaxis (its agent bounded), and which reading was used.

    >>> from mastcell.testing import patient
    >>> p = patient(reactions=[Reaction(agent="NKDA", severity="anaphylaxis")])
    >>> anaphylaxis_finding(p, p.reactions[0]).note.startswith("recorded as 'no known drug")
    True
    >>> p = patient(reactions=[Reaction(agent="penicillin", severity="anaphylaxis")])
    >>> str(anaphylaxis_finding(p, p.reactions[0]))
    'reactions[0]: penicillin: anaphylaxis'
    """
    none_known = resolve_reaction(reaction.agent).how is Match.NONE_KNOWN
    return Finding(
        input=patient.path_of(reaction),
        text=f"{_short(reaction.agent)}: anaphylaxis",
        note=NONE_KNOWN_ANAPHYLAXIS if none_known else None,
    )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _generic(advice: DoseAdvice) -> str:
    return generic_name(advice.drug) or normalise(advice.drug)


def _withdraw_text(advices: Sequence[DoseAdvice], match: ReactionMatch) -> str:
    named = list(dict.fromkeys(str(a) for a in advices))
    what = " and ".join(named)
    plural = "s" if len(named) > 1 else ""
    return (
        f"mastcell withdrew its proposal{plural} of {what}: {match.describe()}. The choice of "
        "another drug is a clinician decision."
    )


@attrs.frozen
class ProbableMedication:
    """A medication mastcell could not recognise, and the drug its name is close to.

    >>> from mastcell.testing import med, patient
    >>> probable_medications(patient(medications=[med("famotadine")]))[0].generic
    'famotidine'
    """

    medication: Medication
    generic: str
    classes: frozenset[DrugClass]


def probable_medications(patient: Patient) -> tuple[ProbableMedication, ...]:
    """Unrecognised medications (not stopped) whose names are close to a catalogue drug.

    >>> from mastcell.testing import med, patient
    >>> [p.medication.drug for p in probable_medications(patient(medications=[med("Zyrtek")]))]
    ['zyrtek']
    """
    found = []
    for m in patient.medications:
        if m.status is MedicationStatus.STOPPED or match_drug(m.drug) is not None:
            continue
        near = suggest(m.drug)
        generic = None if near is None else generic_name(near)
        if generic is not None:
            found.append(ProbableMedication(m, generic, classes_of(generic) - {DrugClass.OTHER}))
    return tuple(found)


@attrs.frozen
class UnreadReaction:
    """A recorded reaction whose agent mastcell could not read (wholly or in part).

    >>> from mastcell.testing import patient
    >>> [u.resolution.how.value for u in unread_reactions(patient(reactions=[Reaction(agent="xq")]))]
    ['unresolved']
    """

    reaction: Reaction
    resolution: Resolution


def unread_reactions(patient: Patient) -> tuple[UnreadReaction, ...]:
    """The recorded reactions with words the drug vocabulary could not read as an agent.

    >>> from mastcell.testing import patient
    >>> unread_reactions(patient(reactions=[Reaction(agent="heat"), Reaction(agent="NKDA")]))
    ()
    """
    found = []
    for reaction in patient.reactions:
        read = resolve_reaction(reaction.agent)
        if read.unresolved or (read.how is Match.UNRESOLVED):
            found.append(UnreadReaction(reaction, read))
    return tuple(found)


def _withdraw_notes(withdrawals: list[tuple[DoseAdvice, ReactionMatch]]) -> list[Note]:
    """One note per reaction and group, naming every proposal it withdrew.

    A medication and its schedule withdrawn for the same reaction were two identical sentences.
    """
    grouped: dict[tuple[int, str, str | None], list[tuple[DoseAdvice, ReactionMatch]]] = {}
    for advice, match in withdrawals:
        key = (id(match.reaction), match.drug, None if match.group is None else match.group.id)
        grouped.setdefault(key, []).append((advice, match))
    return [
        (_withdraw_text, (tuple(a for a, _ in found), found[0][1])) for found in grouped.values()
    ]


#: How a rule introduces a list of drugs to choose from ("alternatives:", "acceptable in its
#: class:", "prefer", "relaxant of choice", "usual alternatives"): with an unread reaction,
#: such a card is a clinician decision even when it proposes no dose.
_OPTIONS = re.compile(
    r"\b(?:alternatives?|acceptable|prefer(?:red)?|of choice|is scheduled in its place)\b",
    re.IGNORECASE,
)


def lists_options(rec: Recommendation) -> bool:
    """Whether a recommendation lists drugs to choose from (acceptable, alternatives, prefer).

    Read from a recommendation's text; a decision says it itself
    (:attr:`Decision.lists_options <mastcell.decision.Decision.lists_options>`; a test holds
    it equal to this reading of its text).

    >>> lists_options(Recommendation(code="perioperative.agent.avoid", indicator="warning",
    ...     summary="Avoid vancomycin", detail="alternatives: clindamycin."))
    True
    """
    return _says_options(rec.summary) or _says_options(rec.detail)


#: The words :data:`_OPTIONS` looks for, in lower case: a text holding none of them cannot match.
_OPTION_WORDS = ("alternative", "acceptable", "prefer", "of choice", "is scheduled in its place")


def _says_options(text: str) -> bool:
    """``_OPTIONS.search(text)``, without running the regex over a text that cannot match.

    The regex, case-insensitive, tries its alternation at every position (about 40 ns a
    character; a premedication card's detail runs to 2,000 characters). In ASCII text,
    case-insensitive matching is matching the lower-cased text, so a text holding none of
    the words lower-cased cannot match; any other text goes to the regex.

    >>> _says_options("Acceptable: fentanyl"), _says_options("Avoid vancomycin")
    (True, False)
    >>> _says_options("unpreferred"), _says_options("ACCEPTABLE")
    (False, True)
    """
    if text.isascii():
        lowered = text.lower()
        if not any(word in lowered for word in _OPTION_WORDS):
            return False
    return _OPTIONS.search(text) is not None


def _unread_list_text(which: tuple[tuple[str, Resolution], ...]) -> str:
    listed = "; ".join(f"{path} {resolution.describe()}" for path, resolution in which)
    return (
        "Clinician decision before choosing any drug this card lists as acceptable, preferred "
        f"or as an alternative: a recorded reaction could not be read as a drug ({listed}); "
        "confirm it is not to one of them or to a drug that may cross-react with one."
    )


def _unread_finding(patient: Patient, u: UnreadReaction) -> Finding:
    severity = u.reaction.severity.value if u.reaction.severity else "severity not stated"
    return Finding(
        input=patient.path_of(u.reaction),
        text=f"{_short(u.reaction.agent)}: {severity}",
        note="agent not read as a drug: every proposal is a clinician decision",
    )


def _taken_note(advice: DoseAdvice, drug: str, path: str, same: str, generic: str) -> str:
    return (
        f"mastcell withdrew its proposal of {advice}: the list holds '{drug}' ({path}), which "
        f"{same} {generic}; confirm the medication list first (clinician decision)."
    )


def _epinephrine_note(match: ReactionMatch) -> str:
    return _EPINEPHRINE_NOTE.format(what=match.describe())


#: How the guard's note on a proposal under an unread reaction begins (:func:`awaits_review`).
_UNREAD_OPENING = "Clinician decision before giving "


def awaits_review(rec: Recommendation) -> bool:
    """Whether a report's proposal awaits a clinician's reading of a reaction mastcell could not read.

    For a report without its decisions (:attr:`Guarded.unread` says it for a decision): the
    guard's note names the drugs still proposed. Such a proposal is shown, but never offered
    as an order.

    >>> note = "Clinician decision before giving famotidine: a recorded reaction could not ..."
    >>> awaits_review(Recommendation(code="antimediator.h2.add", indicator="info", summary="Add",
    ...     detail=note, medication=DoseAdvice(drug="Pepcid")))
    True
    >>> awaits_review(Recommendation(code="antimediator.h2.add", indicator="info", summary="Add",
    ...     detail="An H2 blocker ...", medication=DoseAdvice(drug="famotidine")))
    False
    """
    if rec.medication is None:
        return False
    start = rec.detail.find(_UNREAD_OPENING)
    if start < 0:
        return False
    named = rec.detail[start + len(_UNREAD_OPENING) :].split(": ", 1)[0]
    return _generic(rec.medication) in named.split(", ")


def _unread_text(which: tuple[tuple[str, Resolution], ...], drugs: str) -> str:
    listed = "; ".join(f"{path} {resolution.describe()}" for path, resolution in which)
    return (
        f"{_UNREAD_OPENING}{drugs}: a recorded reaction could not be read as a "
        f"drug ({listed}); confirm it is not to {drugs} or a drug that may cross-react with it."
    )


#: A note of the guard, written when text is asked for: a text function and its arguments.
Note = tuple[Callable[..., str], tuple[Any, ...]]


@attrs.frozen(kw_only=True, slots=True)
class Guarded:
    """What the guard did to a decision, kept until its text is written (:func:`guard_text`).

    >>> Guarded(notes=(), withdrawn=("famotidine",), by_reaction=True,
    ...         medication_withdrawn=True).withdrawn
    ('famotidine',)
    """

    #: The notes to put before the detail, in order.
    notes: tuple[Note, ...]
    #: The generic names of the withdrawn proposals, in order, without repeats.
    withdrawn: tuple[str, ...]
    #: Whether a recorded reaction withdrew one (else: an unrecognised medication did).
    by_reaction: bool
    #: Whether the decision's own ``medication`` was withdrawn (its "Proposed:" is rewritten).
    medication_withdrawn: bool
    #: Whether a drug still proposed awaits a clinician's reading of a recorded reaction
    #: mastcell could not read: the proposal stands in the text, but nothing offers to order
    #: it (CDS Hooks gives no suggestion).
    unread: bool = False


def _probably_taken(
    patient: Patient, probable: tuple[ProbableMedication, ...], advice: DoseAdvice
) -> tuple[Finding, Note] | None:
    generic = _generic(advice)
    classes = classes_of(generic)
    for p in probable:
        if p.generic == generic or not p.classes.isdisjoint(classes):
            same = "may be" if p.generic == generic else f"may be {p.generic}, of the class of"
            path = patient.path_of(p.medication)
            return (
                Finding(
                    input=path,
                    text=p.medication.drug,
                    note=f"not recognised; did you mean {p.generic}? not assumed",
                ),
                (_taken_note, (advice, p.medication.drug, path, same, generic)),
            )
    return None


def _guard_one(
    decision: Decision,
    patient: Patient,
    probable: tuple[ProbableMedication, ...] = (),
    unread: tuple[UnreadReaction, ...] = (),
) -> Decision:
    notes: list[Note] = []
    findings: list[Finding] = []
    sources: list[str] = []
    withdrawn: list[str] = []
    withdrawals: list[tuple[DoseAdvice, ReactionMatch]] = []
    by_reaction = False
    medication = decision.medication
    gives = decision.action.gives
    if medication is not None and gives and probable:
        taken = _probably_taken(patient, probable, medication)
        if taken is not None and _generic(medication) not in NEVER_WITHHELD:
            findings.append(taken[0])
            notes.append(taken[1])
            withdrawn.append(_generic(medication))
            medication = None
    if medication is not None and gives:
        match = reaction_match(patient.reactions, medication.drug)
        if match is not None:
            findings.append(reaction_finding(patient, match))
            sources.extend(match.sources)
            if _generic(medication) in NEVER_WITHHELD:
                notes.append((_epinephrine_note, (match,)))
                sources.append("S141")
            else:
                withdrawals.append((medication, match))
                withdrawn.append(_generic(medication))
                by_reaction = True
                medication = None
    schedule: list[Dose] = []
    for item in decision.schedule:
        advice = item.advice
        proposal = item.action.gives
        taken = _probably_taken(patient, probable, advice) if probable and proposal else None
        if taken is not None and _generic(advice) not in NEVER_WITHHELD:
            findings.append(taken[0])
            notes.append(taken[1])
            withdrawn.append(_generic(advice))
            continue
        match = reaction_match(patient.reactions, advice.drug) if proposal else None
        if match is None or _generic(advice) in NEVER_WITHHELD:
            schedule.append(item)
            continue
        findings.append(reaction_finding(patient, match))
        sources.extend(match.sources)
        withdrawals.append((advice, match))
        withdrawn.append(_generic(advice))
        by_reaction = True
    notes += _withdraw_notes(withdrawals)
    unread_proposal = False  # a drug still proposed, with an unread reaction on record
    if unread:
        still = [medication] if medication is not None and gives else []
        still += [item.advice for item in schedule if item.action.gives]
        drugs = [d for d in dict.fromkeys(_generic(m) for m in still) if d not in NEVER_WITHHELD]
        which = tuple((patient.path_of(u.reaction), u.resolution) for u in unread)
        if drugs:
            unread_proposal = medication is not None and gives and _generic(medication) in drugs
            notes.append((_unread_text, (which, ", ".join(drugs))))
            findings.extend(_unread_finding(patient, u) for u in unread)
        elif decision.lists_options:
            # A list of acceptable drugs or alternatives is a proposal too (issue 16 review):
            # an unread reaction could be to any drug on it.
            notes.append((_unread_list_text, (which,)))
            cited = {f.input for f in decision.findings}
            findings.extend(
                _unread_finding(patient, u)
                for u in unread
                if patient.path_of(u.reaction) not in cited
            )
    if not notes:
        return decision
    names = tuple(dict.fromkeys(withdrawn))
    if names:
        why = "recorded reaction" if by_reaction else "check the list"
        logging.getLogger("mastcell").info(
            "%s: proposal of %s withdrawn (%s)", decision.code, ", ".join(names), why
        )
    known = set(decision.findings)
    have = set(decision.sources)
    return attrs.evolve(
        decision,
        medication=medication,
        schedule=tuple(schedule),
        findings=(
            *decision.findings,
            *(f for f in dict.fromkeys(findings) if f not in known),
        ),
        sources=(*decision.sources, *(s for s in dict.fromkeys(sources) if s not in have)),
        guard=Guarded(
            notes=tuple(notes),
            withdrawn=names,
            by_reaction=by_reaction,
            medication_withdrawn=decision.medication is not None and medication is None,
            unread=unread_proposal,
        ),
    )


def guard_decisions(decisions: Sequence[Decision], patient: Patient) -> list[Decision]:
    """Withdraw every proposal of a drug the patient reacted to (or may cross-react with).

    Reads each decision's action (and each schedule item's), never its text.

    >>> from mastcell.decision import Action
    >>> from mastcell.model import Indicator
    >>> from mastcell.testing import patient
    >>> p = patient(reactions=[Reaction(agent="imatinib", severity="flare")])
    >>> avoid = Decision(code="cytopenia.imatinib.kit_d816v", indicator=Indicator.CRITICAL,
    ...                  action=Action.AVOID, medication=DoseAdvice(drug="imatinib"))
    >>> guard_decisions([avoid], p)[0] is avoid  # advice not to use it is no proposal
    True
    """
    probable = probable_medications(patient)
    if not patient.reactions and not probable:
        return list(decisions)
    unread = unread_reactions(patient)
    return [_guard_one(d, patient, probable, unread) for d in decisions]


def guard_text(guarded: Guarded, summary: str, detail: str) -> tuple[str, str]:
    """A guarded decision's summary and detail, from those its template (or rule) wrote.

    >>> g = Guarded(notes=(), withdrawn=("famotidine",), by_reaction=True,
    ...             medication_withdrawn=True)
    >>> guard_text(g, "Add famotidine", "Proposed: famotidine 20 mg.")
    ('famotidine not proposed (recorded reaction; clinician decision): Add famotidine', ' Withdrawn proposal (not to be given; see above): famotidine 20 mg.')
    >>> unread = Guarded(notes=(), withdrawn=(), by_reaction=False, medication_withdrawn=False,
    ...                  unread=True)
    >>> guard_text(unread, "Add famotidine", "Proposed: famotidine 20 mg.")[0]
    'Clinician decision (unread reaction): Add famotidine'
    """
    if guarded.medication_withdrawn:
        detail = _PROPOSED.sub(_not_proposed, detail)
    if guarded.withdrawn:
        why = "recorded reaction" if guarded.by_reaction else "check the list"
        names = ", ".join(guarded.withdrawn)
        summary = fit_words(f"{names} not proposed ({why}; clinician decision): {summary}")
    elif guarded.unread:  # the line a clinician scans must not read as a plain proposal
        summary = fit_words(f"Clinician decision (unread reaction): {summary}")
    notes = dict.fromkeys(write(*args) for write, args in guarded.notes)
    return summary, " ".join(notes) + " " + detail


#: A rule's sentence stating its proposal ("Proposed: aspirin 81 mg ..."), rewritten when the
#: guard withdraws that proposal.
_PROPOSED = re.compile(r"\b(P|p)roposed: ")


def _not_proposed(match: re.Match[str]) -> str:
    return (
        "Withdrawn proposal (not to be given; see above): "
        if match.group(1) == "P"
        else ("withdrawn proposal (not to be given; see above): ")
    )
