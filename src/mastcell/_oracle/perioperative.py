"""The oracle's copy of :mod:`mastcell.rules.perioperative` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. The original module said:

Perioperative care: premedication schedule, muscle relaxants, planned agents, readiness.

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
    Relation,
    allowed,
    describe_matches,
    reaction_match,
)
from mastcell.knowledge.drugs import classes_of
from mastcell.knowledge.perioperative import (
    CHILD_BELOW_YEARS,
    CHILD_STEROID_CAP,
    CONTRAST_RISK,
    CONTRAST_SOURCES,
    EMERGENCY_READINESS,
    EMERGENCY_READINESS_SOURCES,
    ENDOSCOPY_NOTE,
    NMBA_DISPUTED,
    NMBA_FLAGGED,
    OSTEOPOROSIS_NOTE,
    PREMEDICATION,
    PREMEDICATION_DOSE_SOURCES,
    PREMEDICATION_MONTELUKAST,
    PREMEDICATION_RISK,
    PREMEDICATION_SOURCES,
    THEATRE_KINDS,
    THEATRE_TRIGGER_SOURCES,
    THEATRE_TRIGGER_WORDS,
    THEATRE_TRIGGERS,
    Dosing,
    PremedicationStep,
    When,
)
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.special_populations import OLDER_ADULT, AgeLimit, age_limit, age_words
from mastcell.model import (
    Anesthesia,
    DoseAdvice,
    DoseAmount,
    Finding,
    Frequency,
    Indicator,
    Patient,
    Procedure,
    ProcedureKind,
    ReactionSeverity,
    Recommendation,
)
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, oracle_rule
from mastcell.vetting import AgentVerdict, alternatives, vet_agent

__all__ = ["Planned", "age_finding", "fit", "planned_any", "upcoming", "usable_for"]

rule = oracle_rule("mastcell.rules.perioperative")
premedication_rule = oracle_rule("mastcell.rules.perioperative_premedication")
agents_rule = oracle_rule("mastcell.rules.perioperative_agents")

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


# -- premedication ---------------------------------------------------------------------------


def _group_label(group: Dosing) -> str:
    if group.below_years is None:
        return f"{group.from_years:g} years and over"
    if group.from_years == 0:
        return f"under {group.below_years:g} years"
    return f"{group.from_years:g} to under {group.below_years:g} years"


def _doses_text(step: PremedicationStep) -> str:
    return "; ".join(
        f"{_group_label(g)}: {g.dose if g.dose is not None else 'no dose given'}"
        for g in step.dosing
    )


def _steroid_capped(
    step: PremedicationStep, age: float | None, kg: float | None
) -> tuple[bool, str | None]:
    """Whether the fixed child prednisone dose is withheld for a small child, and why (SR16).

    >>> from mastcell.knowledge.perioperative import PREMEDICATION
    >>> _steroid_capped(PREMEDICATION[0], 1.0, 4.0)[0], _steroid_capped(PREMEDICATION[0], 8.0, 25.0)
    (True, (False, None))
    """
    if step.slot != "corticosteroid" or age is None or age >= CHILD_BELOW_YEARS:
        return False, None
    dose = step.dose_for(age).dose
    if not isinstance(dose, DoseAmount):
        return False, None
    cap = CHILD_STEROID_CAP
    if kg is None:
        if age < cap.weight_needed_below_years:
            return True, (
                f"weight not recorded: the protocol's fixed child dose ({dose}) is not proposed "
                f"under {cap.weight_needed_below_years:g} years without a weight to check it "
                f"against {cap.mg_per_kg_day:g} mg/kg/day ({cap.basis}): record the weight; "
                "clinician decision"
            )
        return False, None
    per_kg = dose.value / kg
    if per_kg <= cap.mg_per_kg_day:
        return False, None
    return True, (
        f"the protocol's fixed child dose ({dose}) is {per_kg:.2g} mg/kg at {kg:g} kg, above "
        f"{cap.mg_per_kg_day:g} mg/kg/day ({cap.basis}): the dose for this child is a "
        "clinician decision"
    )


def _dose_advice(
    step: PremedicationStep,
    when: When,
    planned: Planned,
    age: float | None,
    context: Context,
    kg: float | None = None,
) -> DoseAdvice:
    at = planned.start - when.before
    if when.until is not None:
        timing = f"{when.text} the start: between {_fmt(at)} and {_fmt(planned.start - when.until)}"
    else:
        timing = f"{when.text} the start: at {_fmt(at)}"
    if planned.assumed:
        timing += f" (start assumed {planned.start:%H:%M})"
    if at < context.at:
        timing += "; this time had passed at the evaluation moment"
    if age is None:
        dose = None
        note: str | None = f"age unknown, dose not chosen: {_doses_text(step)}"
    else:
        group = step.dose_for(age)
        dose, note = group.dose, group.note
        capped, why = _steroid_capped(step, age, kg)
        if capped:
            dose, note = None, why
    if step.note and step.slot == "h2":
        note = step.note if note is None or note == step.note else f"{note}. {step.note}"
    return DoseAdvice(
        drug=step.drug,
        dose=dose,
        frequency=Frequency.ONCE,
        route=step.route,
        at=at,
        timing=timing,
        note=note,
    )


def _premedication(patient: Patient, context: Context, planned: Planned) -> Recommendation:
    options = context.options.perioperative
    age = patient.age_at(context.at)
    days = patient.age_in_days(context.at)  # a limit in days is compared in whole days
    steps, left_out, by_age = _premedication_steps(patient, options.premedication_h1, age, days)
    # The weight is read only for a child (the per-kg check of the child prednisone dose).
    child = age is not None and age < CHILD_BELOW_YEARS
    weight = patient.weight if child else None
    kg = None if weight is None else weight.kg
    schedule = tuple(
        sorted(
            (_dose_advice(s, w, planned, age, context, kg) for s in steps for w in s.when),
            key=lambda d: d.at or planned.start,
        )
    )
    capped = next((why for s in steps for c, why in [_steroid_capped(s, age, kg)] if c), None)
    if age is None:
        who = (
            "Age unknown: record the birth date; the protocol's doses differ under 12 years, so "
            "no dose is chosen here (both are listed with each drug)."
        )
        variant = " (age unknown)"
    elif age < CHILD_BELOW_YEARS:
        who = f"Child doses (age {age:.1f} years, under {CHILD_BELOW_YEARS:g})."
        variant = " (child doses)"
    else:
        who = f"Adult doses (age {age:.1f} years)."
        variant = ""
    start = f"Start {planned.start_text}: times are computed from it" + (
        " and shift with the real start (PerioperativeOptions.assumed_start)."
        if planned.assumed
        else "."
    )
    h1 = next((s for s in steps if s.slot == "h1"), None)
    h1_text = (
        f"{h1.drug} 1 h before ({_doses_text(h1)})"
        if h1 is not None
        else "an H1 antihistamine 1 h before"
    )
    extra: list[str] = [
        f"Not scheduled: {m.drug} ({m.describe()}); "
        + (
            f"{', '.join(s.drug for s in steps if s.slot == slot)} is scheduled in its place."
            if any(s.slot == slot for s in steps)
            else f"the {_SLOT_LABELS[slot]} is a clinician decision."
        )
        for slot, m in left_out
    ]
    extra += [
        f"Not scheduled: {row.drug}, which {row.says} ({row.fact}; {', '.join(row.sources)}); "
        f"the patient is {age_words(age)}: the {_SLOT_LABELS[slot]} is a clinician decision."
        for slot, row in by_age
        if age is not None
    ]
    sources = [*PREMEDICATION_SOURCES, "S15", *PREMEDICATION_DOSE_SOURCES]
    sources += [x for _, row in by_age for x in row.sources]
    sedating = [s.drug for s in steps if OLDER_ADULT.drug_class in classes_of(s.drug)]
    if age is not None and age >= OLDER_ADULT.from_years and sedating:
        # Beers (SR10) in a report that schedules a sedating H1 for an older adult.
        extra.append(
            f"{', '.join(sedating)} at {age_words(age)}: {OLDER_ADULT.says} ({OLDER_ADULT.fact}, "
            f"{', '.join(OLDER_ADULT.sources)}); the single premedication dose of the protocol "
            "is a clinician decision."
        )
        sources += OLDER_ADULT.sources
    if capped is not None:
        extra.append(f"Prednisone for this child: {capped}.")
        sources += CHILD_STEROID_CAP.sources
    kind = planned.procedure.kind
    if kind is ProcedureKind.CONTRAST_IMAGING:
        extra.append(CONTRAST_RISK)
        sources += CONTRAST_SOURCES
    elif kind is ProcedureKind.ENDOSCOPY:
        extra.append(ENDOSCOPY_NOTE)
    already = [
        f"{m.drug} ({patient.path_of(m)})" for s in steps for m in patient.medications_named(s.drug)
    ]
    if already:
        extra.append("Already taking " + ", ".join(already) + ": reconcile with the protocol dose.")
    detail = " ".join(
        [
            f"Premedication for the {planned.label}, TMS / Castells protocol for all major and "
            "minor procedures and radiology with or without dye (S35): prednisone 50 mg orally "
            "24 h and 1-2 h before (20 mg under 12 years); "
            f"{h1_text}; an H2 antihistamine 1 h before; "
            f"{PREMEDICATION_MONTELUKAST}",
            who,
            start,
            (next((s.note for s in PREMEDICATION if s.slot == "h2"), None) or "") + ".",
            PREMEDICATION_RISK,
            *extra,
        ]
    )
    findings = [
        Finding(
            input=planned.path,
            text=planned.label,
            time=planned.start,
            note="start assumed" if planned.assumed else None,
        ),
        age_finding(patient, age, CHILD_BELOW_YEARS),
        *(reaction_finding(patient, m) for _, m in left_out),
    ]
    if capped is not None:
        findings.append(
            Finding(input="weight", value=kg, unit="kg", note="prednisone mg/kg check (SR16)")
            if kg is not None
            else Finding(input="weight", text="unknown", note="needed for a child under 2 years")
        )
    if left_out or by_age:
        kept = ", ".join(dict.fromkeys(s.drug for s in steps))
        why = [
            *(
                (", ".join(m.drug for _, m in left_out) + " (recorded reaction)",)
                if left_out
                else ()
            ),
            *((", ".join(r.drug for _, r in by_age) + " (label: age)",) if by_age else ()),
        ]
        summary = fit(
            f"Premedicate before the {planned.label}: {kept}{variant}; not {'; not '.join(why)}"
        )
    else:
        summary = (
            f"Premedicate before the {planned.label}: prednisone 24 h and 1-2 h before; "
            f"H1, H2, montelukast 1 h before{variant}"
        )
    return Recommendation(
        code="perioperative.premedication",
        indicator=Indicator.WARNING,
        summary=summary,
        detail=detail,
        evidence=evidence(*sources, *(x for _, m in left_out for x in m.sources)),
        findings=tuple(findings),
        schedule=schedule,
    )


_SLOT_LABELS = {
    "corticosteroid": "corticosteroid",
    "h1": "H1 antihistamine",
    "h2": "H2 antihistamine",
    "leukotriene": "leukotriene receptor antagonist",
}


def _premedication_steps(
    patient: Patient, h1_choice: str, age: float | None = None, days: int | None = None
) -> tuple[list[PremedicationStep], list[tuple[str, ReactionMatch]], list[tuple[str, AgeLimit]]]:
    """The protocol's steps this patient can be given, one per slot, and those left out.

    In each slot the clinician's choice comes first (the H1 option), then the protocol's other
    drugs for the slot; a drug the patient reacted to, or that may cross-react with one, is
    passed over (addendum section 7). A drug its label contraindicates at the patient's age
    (diphenhydramine in a newborn, SR9) leaves its slot to the clinician: the other drugs of
    the slot have no labelled dose at that age either. A slot with no drug left is a
    clinician decision.
    """
    steps: list[PremedicationStep] = []
    left_out: list[tuple[str, ReactionMatch]] = []
    by_age: list[tuple[str, AgeLimit]] = []
    for slot in dict.fromkeys(s.slot for s in PREMEDICATION):
        candidates = sorted(
            (s for s in PREMEDICATION if s.slot == slot), key=lambda s: s.drug != h1_choice
        )
        passed: list[ReactionMatch] = []
        for step in candidates:
            row = age_limit(step.drug, age, days, critical_only=True)
            if row is not None:
                by_age.append((slot, row))
                break
            match = reaction_match(patient.reactions, step.drug)
            if match is None:
                steps.append(step)
                break
            passed.append(match)
        left_out.extend((slot, m) for m in passed)
    return steps, left_out, by_age


def _protocol_doses() -> tuple[DoseAdvice, ...]:
    return tuple(
        DoseAdvice(
            drug=step.drug,
            dose=group.dose,
            route=step.route,
            frequency=Frequency.ONCE,
            timing=" and ".join(w.text for w in step.when) + " the start",
            note=_group_label(group) + (f"; {group.note}" if group.note else ""),
        )
        for step in PREMEDICATION
        for group in step.dosing
    )


@premedication_rule(
    "perioperative.premedication",
    sources=("S35", "S36", "S34", "S15", "S42", "S126", "S127", "S128", "S246", "S247"),
    indicators=(Indicator.WARNING,),
    proposes=_protocol_doses(),
    triggers=(MAST_CELL_DISORDER,),
)
def premedication(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Premedicate before a planned procedure, as a timed schedule (TMS / Castells protocol).

    Fires for a mast cell disorder and each procedure not yet begun within the planning
    horizon: prednisone 24 h and 1-2 h before, an H1 antihistamine, an H2 antihistamine and
    montelukast 1 h before, with times computed from the start (an assumed start time when
    only a date is given, said so). Child doses under 12 years, checked against the labels:
    montelukast by its label bands (PD15, PD-C2), no diphenhydramine dose under 6 years (PD9);
    with the age unknown no dose is chosen. Contrast imaging adds the low measured risk in SM.
    """
    if not patient.has_mast_cell_disorder:
        return
    for planned in upcoming(patient, context):
        yield _premedication(patient, context, planned)


# -- planned agents ---------------------------------------------------------------------------


def _flagged_agents(
    patient: Patient, context: Context, planned: Planned
) -> Iterator[tuple[str, AgentVerdict]]:
    for j, agent in enumerate(planned.procedure.planned_agents):
        verdict = vet_agent(agent, context.options.perioperative)
        if verdict.flagged or reaction_match(patient.reactions, agent) is not None:
            yield f"{planned.path}.planned_agents[{j}]", verdict


def _agent_recommendation(
    code: str,
    patient: Patient,
    planned: Planned,
    path: str,
    verdict: AgentVerdict,
) -> Recommendation:
    generic = verdict.generic or verdict.name
    match = reaction_match(patient.reactions, verdict.name)
    same = match is not None and match.relation is Relation.SAME_DRUG
    level = "not rated" if verdict.level is None else f"rated {verdict.level}"
    findings = [Finding(input=path, text=verdict.name, note=level)]
    if match is not None:
        findings.append(reaction_finding(patient, match))
    alts, excluded = usable_for(patient, verdict.alternatives)
    nmba = code == "perioperative.nmba.avoid"
    if nmba and match is not None:
        # After a reaction to a relaxant, none is proposed: allergist testing decides (XR4, XR5).
        alts = ()
    # The verdict as this patient's reactions allow it: its alternatives never name a drug
    # the patient reacted to, and say so when none is left.
    withheld = verdict.alternatives if nmba and match is not None else ()
    shown = attrs.evolve(
        verdict,
        alternatives=alts,
        withheld=tuple(dict.fromkeys((*(m.drug for m in excluded), *withheld))),
    )
    if nmba:
        verb = "consider" if verdict.level is SafetyLevel.CAUTION and match is None else "use"
        offer = f"{verb} {' or '.join(alts[:2])}" if alts else ""
    else:
        offer = f"acceptable in its class: {', '.join(alts[:2])}" if alts else ""
    if same or verdict.level is SafetyLevel.AVOID:
        indicator = Indicator.CRITICAL if same or nmba else Indicator.WARNING
        why = f"recorded reaction to {match.reaction.agent}" if match else verdict.reason
        summary = f"Avoid {generic} for the {planned.label}: {why}"
    elif match is not None:
        indicator = Indicator.WARNING
        summary = (
            f"Reconsider {generic} for the {planned.label}: may cross-react with "
            f"{match.reaction.agent} (recorded reaction); allergist testing"
        )
    else:
        indicator = Indicator.WARNING if nmba else Indicator.INFO
        why = "sources disagree on its safety" if verdict.conflict else verdict.reason
        summary = f"Reconsider {generic} for the {planned.label}: {why}"
    if offer and len(summary) + len(offer) + 2 <= 140:
        summary += f"; {offer}"
    summary = fit(summary)
    detail = f"Planned agent {shown.describe(reacted=match is not None)}"
    if match is not None:
        detail += f" The patient has a {match.describe()}."
        if match.relation is Relation.CROSS_REACTIVE:
            detail += (
                " Same-class or structurally close drug: allergist testing or a supervised "
                "challenge decides; clinician decision."
            )
    if planned.past:
        # A procedure dated before today: no longer an order to act on now (it took place,
        # or its date is wrong); kept as a warning so a wrong date is still seen.
        indicator = Indicator.WARNING if indicator is Indicator.CRITICAL else indicator
        detail += (
            f" The {_KIND_LABELS[planned.procedure.kind]} is dated before the evaluation day: "
            "if it took place, nothing is to be done for it now (record any reaction); if it is "
            "still planned, correct its date and this becomes an alert for the coming procedure."
        )
    if nmba and match is not None:
        detail += (
            " After a reaction to a neuromuscular blocker no relaxant is proposed here: sources "
            "support allergist skin testing of the available agents and use of a test-negative "
            "one, with residual risk (XR3-XR5, S138); clinician decision."
        )
    if excluded:
        detail += " Not offered: " + describe_matches(excluded, said=match) + "."
    if alts and not nmba:
        detail += " Choose by the indication; the list only rates mast-cell safety."
    medication = (
        DoseAdvice(
            drug=alts[0],
            note="safer agent of the same class; dose per the anaesthetist (no "
            "mast-cell-specific dose in the sources)",
        )
        # A procedure dated in the past is no order to act on now: the safer agent is named
        # in the text, never proposed (issue 16 review: a relaxant proposed for yesterday).
        if alts and nmba and not planned.past
        else None
    )
    return Recommendation(
        code=code,
        indicator=indicator,
        summary=summary,
        detail=detail,
        medication=medication,
        evidence=evidence(
            # An agent the catalogue does not rate (flagged for a recorded reaction) has no
            # sources of its own: cite the rule's lists rather than none.
            *(verdict.sources or ("S33", "S35", "S39")),
            *(match.sources if match else ()),
            *(x for m in excluded for x in m.sources),
            *(("S138",) if nmba and match is not None else ()),
        ),
        findings=tuple(findings),
    )


@agents_rule(
    "perioperative.nmba.avoid",
    sources=("S33", "S34", "S39", "S37", "SEED-B", "S138"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(MAST_CELL_DISORDER,),
)
def nmba_avoid(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avoid histamine-releasing muscle relaxants in a planned procedure.

    Fires for each neuromuscular blocker in a procedure's planned agents that the safety
    catalogue rates avoid (atracurium, mivacurium: critical) or caution (succinylcholine:
    warning, stating the disagreement), or that the patient has reacted to (critical).
    Rocuronium gives no avoid unless a clinician chooses the S39 reading.
    """
    if not patient.has_mast_cell_disorder:
        return
    for planned in planned_any(patient, context):
        for path, verdict in _flagged_agents(patient, context, planned):
            if verdict.group is SafetyGroup.NMBA:
                yield _agent_recommendation(
                    "perioperative.nmba.avoid", patient, planned, path, verdict
                )


@agents_rule(
    "perioperative.agent.avoid",
    sources=("S33", "S35", "S39", "S138", "S139", "S140"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def agent_avoid(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Flag other planned agents that release histamine or are contested.

    Fires for each planned agent outside the muscle relaxants and analgesics (those are
    reported by ``perioperative.nmba.avoid`` and the analgesia rules) that the safety catalogue
    rates avoid (thiopental, vancomycin: warning) or caution (beta-blockers, adenosine:
    info), or that the patient has reacted to (critical).
    """
    if not patient.has_mast_cell_disorder:
        return
    skip = {SafetyGroup.NMBA, SafetyGroup.OPIOID, SafetyGroup.NON_OPIOID_ANALGESIC}
    for planned in planned_any(patient, context):
        for path, verdict in _flagged_agents(patient, context, planned):
            if verdict.group not in skip:
                yield _agent_recommendation(
                    "perioperative.agent.avoid", patient, planned, path, verdict
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
