"""Perioperative care: premedication schedule, muscle relaxants, planned agents, readiness.

Each planned procedure (surgery, endoscopy, contrast imaging, dental, other) is judged by its
start relative to the evaluation moment: a procedure already begun or past is left alone, one
further ahead than ``PerioperativeOptions.horizon`` is not yet planned for. Fact sheet 2.4 and
2.7; the premedication protocol is O10 (S35).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

import attrs

from mastcell.facts import MAST_CELL_DISORDER
from mastcell.guard import anaphylaxis_finding, reaction_finding
from mastcell.knowledge.allergy import (
    ReactionMatch,
    allowed,
    describe_matches,
    reaction_match,
)
from mastcell.knowledge.perioperative import (
    EMERGENCY_READINESS,
    EMERGENCY_READINESS_SOURCES,
    NMBA_DISPUTED,
    NMBA_FLAGGED,
    OSTEOPOROSIS_NOTE,
    PREMEDICATION_RISK,
    THEATRE_KINDS,
    THEATRE_TRIGGER_SOURCES,
    THEATRE_TRIGGER_WORDS,
    THEATRE_TRIGGERS,
)
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Anesthesia,
    DoseAdvice,
    Finding,
    Indicator,
    Patient,
    Procedure,
    ProcedureKind,
    ReactionSeverity,
    Recommendation,
)
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, rule
from mastcell.vetting import alternatives, vet_agent

__all__ = ["Planned", "age_finding", "fit", "planned_any", "upcoming", "usable_for"]

_KIND_LABELS = {
    ProcedureKind.SURGERY: "surgery",
    ProcedureKind.ENDOSCOPY: "endoscopy",
    ProcedureKind.CONTRAST_IMAGING: "contrast imaging",
    ProcedureKind.DENTAL: "dental procedure",
    ProcedureKind.OTHER: "procedure",
}


@attrs.frozen(kw_only=True)
class Planned:
    """An upcoming procedure with its (given or assumed) start.

    >>> from mastcell.testing import AT, patient
    >>> p = patient(diagnoses=["ism"], procedures=[Procedure(kind="surgery", date=AT.date())])
    >>> from mastcell.rules.registry import Context
    >>> [x.assumed for x in upcoming(p, Context(at=AT))]
    [True]
    """

    procedure: Procedure
    path: str
    start: datetime
    assumed: bool
    #: Dated before the evaluation day (only :func:`planned_any` lists such procedures).
    past: bool = False

    @property
    def label(self) -> str:
        """'surgery on 2026-12-03', or 'surgery dated 2026-11-21 (a past date)'."""
        day = self.procedure.date.isoformat()[:10]
        if self.past:
            return f"{_KIND_LABELS[self.procedure.kind]} dated {day} (a past date)"
        return f"{_KIND_LABELS[self.procedure.kind]} on {day}"

    @property
    def start_text(self) -> str:
        """The start and, when assumed, that it was."""
        text = _fmt(self.start)
        return f"{text} (assumed: only a date was given)" if self.assumed else text


def fit(summary: str, limit: int = 140) -> str:
    """A summary cut at a word boundary to fit a CDS Hooks card (140 characters).

    >>> fit("Avoid atracurium for the surgery", 20)
    'Avoid atracurium...'
    >>> fit("short")
    'short'
    """
    return fit_words(summary, limit)


def _fmt(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".strip()


def upcoming(patient: Patient, context: Context) -> Iterator[Planned]:
    """The patient's procedures not yet begun and within the planning horizon.

    A procedure given as a date starts at ``PerioperativeOptions.assumed_start`` in the
    timezone of the evaluation moment; it is past only when its date is before the
    evaluation date.

    >>> from datetime import date
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="dental", date=date(2026, 12, 3)),
    ...                         Procedure(kind="dental", date=date(2026, 11, 1))])
    >>> [(x.path, x.start_text) for x in upcoming(p, Context(at=AT))]
    [('procedures[0]', '2026-12-03 08:00 UTC (assumed: only a date was given)')]
    """
    options = context.options.perioperative
    for proc in patient.procedures:
        if proc.start is not None:
            start, assumed = proc.start, False
            if start <= context.at:
                continue
        else:
            start = datetime.combine(proc.date, options.assumed_start, tzinfo=context.at.tzinfo)
            assumed = True
            if proc.date < context.at.date():
                continue
        if start - context.at > options.horizon:
            continue
        yield Planned(procedure=proc, path=patient.path_of(proc), start=start, assumed=assumed)


def planned_any(patient: Patient, context: Context) -> Iterator[Planned]:
    """Every planned procedure whatever its date, for safety alerts about its agents.

    The planning horizon limits what is *planned for* (the premedication schedule); it never
    hides an agent to avoid. A procedure dated before the evaluation moment is still listed
    (the plan may be stale or the date wrong), marked ``past``: its label says so.

    >>> from datetime import date
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="dental", date=date(2027, 12, 3)),
    ...                         Procedure(kind="dental", date=date(2026, 11, 1))])
    >>> [(x.path, x.past) for x in planned_any(p, Context(at=AT))]
    [('procedures[0]', False), ('procedures[1]', True)]
    """
    options = context.options.perioperative
    today = day_of(context.at)
    for proc in patient.procedures:
        if proc.start is not None:
            start, assumed = proc.start, False
        else:
            start = datetime.combine(proc.date, options.assumed_start, tzinfo=context.at.tzinfo)
            assumed = True
        yield Planned(
            procedure=proc,
            path=patient.path_of(proc),
            start=start,
            assumed=assumed,
            past=day_of(proc.date) < today,
        )


def usable_for(
    patient: Patient, names: Iterable[str]
) -> tuple[tuple[str, ...], tuple[ReactionMatch, ...]]:
    """Split candidate drugs into those the patient's reactions allow and the matches against.

    A match is a reaction to the drug itself or to a cross-reactive group (addendum
    section 7); :func:`mastcell.knowledge.allergy.allowed` does the work.

    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import patient
    >>> p = patient(reactions=[Reaction(agent="fentanyl", severity="anaphylaxis")])
    >>> kept, out = usable_for(p, ["fentanyl", "hydromorphone"])
    >>> kept, [m.drug for m in out]
    (('hydromorphone',), ['fentanyl'])
    """
    found = allowed(patient.reactions, names)
    return found.kept, found.excluded


def age_finding(patient: Patient, age: float | None, threshold: float) -> Finding:
    """A finding stating the age used for a child/adult choice, or that it is unknown.

    >>> from mastcell.testing import patient
    >>> str(age_finding(patient(), None, 12.0))
    'birth_date: unknown (needed to choose adult or child doses)'
    """
    where = "age" if patient.age is not None else "birth_date"
    if age is None:
        return Finding(input=where, text="unknown", note="needed to choose adult or child doses")
    return Finding(
        input=where,
        value=age,
        unit="a",
        threshold=threshold,
        comparison="<" if age < threshold else ">=",
    )


def _general(procedure: Procedure) -> bool | None:
    """True for general anaesthesia, None when surgery does not say which anaesthesia."""
    if procedure.anesthesia is Anesthesia.GENERAL:
        return True
    if procedure.anesthesia is None and procedure.kind is ProcedureKind.SURGERY:
        return None
    return False


@rule(
    "perioperative.nmba.prefer",
    sources=("S33", "S39", "S37", "SEED-B", "S138", "S139", "S140"),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def nmba_prefer(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Name the acceptable muscle relaxants for a general anaesthetic.

    Fires for each planned general anaesthetic (and for surgery whose anaesthesia is not
    stated, conditionally): rocuronium, vecuronium, pancuronium or cisatracurium; atracurium
    and mivacurium avoided; the rocuronium and succinylcholine disagreements stated.
    """
    if not patient.has_mast_cell_disorder:
        return
    options = context.options.perioperative
    found = allowed(patient.reactions, alternatives(SafetyGroup.NMBA, options))
    usable, excluded = found.kept, found.excluded
    nmba_reactions = [m for m in excluded if m.group is None or m.group.id.startswith("nmba")]
    if nmba_reactions:
        usable = ()
    choice = attrs.evolve(found, kept=usable)
    avoid = [
        v.generic
        for v in (vet_agent(n, options) for n in NMBA_FLAGGED)
        if v.level is SafetyLevel.AVOID
    ]
    for planned in upcoming(patient, context):
        general = _general(planned.procedure)
        if general is False:
            continue
        lead = "General anaesthesia" if general else "Anaesthesia type not stated"
        if nmba_reactions:
            summary = (
                f"{lead} ({planned.label}): recorded reaction to "
                f"{nmba_reactions[0].reaction.agent}; choose the relaxant by allergist testing"
            )
        else:
            summary = (
                f"{lead} ({planned.label}): relaxant of choice "
                f"{choice.text(limit=2, joiner=' or ')}; avoid {', '.join(str(a) for a in avoid)}"
            )
        # A disputed relaxant the patient reacted to (or may cross-react with) is not described
        # by its rating ("rocuronium: acceptable") after a reaction: it is listed as not offered.
        conflicts = " ".join(
            vet_agent(n, options, patient.reactions).describe()
            for n in NMBA_DISPUTED
            if reaction_match(patient.reactions, n) is None
        )
        detail = (
            f"Acceptable neuromuscular blockers in mast cell disease: {choice.text()} (S33). Avoid: {', '.join(str(a) for a in avoid)}. "
            + (
                ""
                if general
                else "The procedure does not state its anaesthesia; this applies if it is general. "
            )
            + conflicts
        ).rstrip()
        if nmba_reactions:
            detail = (
                "Recorded reaction to a neuromuscular blocker: no relaxant is proposed. Not "
                "offered: "
                + describe_matches(nmba_reactions)
                + "."
                + " Sources support allergist skin testing of the available agents and use of "
                "a test-negative one, with residual risk (XR3-XR5, S138): clinician decision. "
                + detail
            )
        elif excluded:
            detail += " Not offered: " + describe_matches(excluded) + "."
        yield Recommendation(
            code="perioperative.nmba.prefer",
            indicator=Indicator.INFO,
            summary=fit(summary),
            detail=detail,
            medication=DoseAdvice(
                drug=usable[0],
                note="dose per the anaesthetist (no mast-cell-specific dose in the sources)",
            )
            if usable
            else None,
            evidence=evidence(
                "S33", "S39", "S37", "SEED-B", *(x for m in excluded for x in m.sources)
            ),
            findings=(
                Finding(
                    input=planned.path,
                    text=planned.label,
                    note=f"anesthesia: {planned.procedure.anesthesia or 'not stated'}",
                ),
                *(reaction_finding(patient, m) for m in excluded),
            ),
        )


# -- readiness and physical triggers ----------------------------------------------------------


@rule(
    "perioperative.emergency_readiness",
    sources=EMERGENCY_READINESS_SOURCES,
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def emergency_readiness(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Have anaphylaxis treatment at hand for a planned procedure.

    Fires for each procedure not yet begun within the horizon: epinephrine, IV antihistamines
    and IV corticosteroids ready. A warning with a REMA risk factor (general anaesthesia, major
    surgery, prior anaphylaxis), else information.
    """
    if not patient.has_mast_cell_disorder:
        return
    anaphylaxis = [r for r in patient.reactions if r.severity is ReactionSeverity.ANAPHYLAXIS]
    for planned in upcoming(patient, context):
        proc = planned.procedure
        risks = []
        if proc.anesthesia is Anesthesia.GENERAL:
            risks.append("general anaesthesia")
        if proc.kind is ProcedureKind.SURGERY:
            risks.append("surgery")
        if anaphylaxis:
            risks.append("prior anaphylaxis")
        findings = [Finding(input=planned.path, text=planned.label)]
        findings += [anaphylaxis_finding(patient, r) for r in anaphylaxis]
        risk_text = f"Risk factors present (S36): {', '.join(risks)}. " if risks else ""
        yield Recommendation(
            code="perioperative.emergency_readiness",
            indicator=Indicator.WARNING if risks else Indicator.INFO,
            summary=(
                f"Before the {planned.label}: have epinephrine, IV antihistamines and IV "
                "corticosteroids ready"
            ),
            detail=(
                f"Have at hand: {', '.join(EMERGENCY_READINESS)} (O14: SEED-A; S40). "
                f"{risk_text}{PREMEDICATION_RISK} The 1-3 ug/kg IV epinephrine of a 1986 "
                "single-centre report (S40) is not proposed as a dose; see "
                "emergency.epinephrine.prescribe for the patient's own auto-injectors."
            ),
            evidence=evidence(*EMERGENCY_READINESS_SOURCES),
            findings=tuple(findings),
        )


@rule(
    "perioperative.theatre_triggers",
    sources=(*THEATRE_TRIGGER_SOURCES, "S47"),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def theatre_triggers(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Guard against physical triggers in theatre.

    Fires for each procedure in a theatre or procedure room (not contrast imaging): anxiety,
    temperature swings, friction and tourniquets near skin lesions, careful positioning (bone
    loss in SM). A warning when the patient has reacted to one of these triggers.
    """
    if not patient.has_mast_cell_disorder:
        return
    personal = [
        r
        for r in patient.reactions
        if r.agent in THEATRE_TRIGGER_WORDS or set(r.agent.split()) & THEATRE_TRIGGER_WORDS
    ]
    for planned in upcoming(patient, context):
        if planned.procedure.kind not in THEATRE_KINDS:
            continue
        findings = [Finding(input=planned.path, text=planned.label)]
        findings += [
            Finding(input=patient.path_of(r), text=f"{r.agent}: {r.severity or 'reaction'}")
            for r in personal
        ]
        detail = (
            f"Physical triggers in theatre (S34, S45): {'; '.join(THEATRE_TRIGGERS)}. "
            "H1 and H2 antihistamines help stabilise mast cells (S34)."
        )
        if personal:
            detail += " This patient has reacted to: " + ", ".join(r.agent for r in personal) + "."
        sources = list(THEATRE_TRIGGER_SOURCES)
        if patient.has_systemic_mastocytosis:
            detail += " " + OSTEOPOROSIS_NOTE
            sources.append("S47")
        yield Recommendation(
            code="perioperative.theatre_triggers",
            indicator=Indicator.WARNING if personal else Indicator.INFO,
            summary=(
                f"For the {planned.label}: avoid temperature swings, friction and tourniquets "
                "near skin lesions; position with care"
            ),
            detail=detail,
            evidence=evidence(*sources),
            findings=tuple(findings),
        )
