"""The premedication schedule before a planned procedure (TMS / Castells protocol, O10, S35).

Converted (issue 20): the decision carries the timed schedule (each dose with its own time
before the start), the drugs left out for a reaction or by a label's age limit, and the
findings; the words are in :mod:`mastcell.text.perioperative_premedication`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, Dose, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import ReactionMatch, reaction_match
from mastcell.knowledge.drugs import classes_of
from mastcell.knowledge.perioperative import (
    CHILD_BELOW_YEARS,
    CHILD_STEROID_CAP,
    CONTRAST_SOURCES,
    PREMEDICATION,
    PREMEDICATION_DOSE_SOURCES,
    PREMEDICATION_SOURCES,
    PremedicationStep,
    When,
)
from mastcell.knowledge.special_populations import (
    AGE_LIMITS,
    OLDER_ADULT,
    AgeLimit,
    age_limit,
)
from mastcell.model import DoseAdvice, DoseAmount, Finding, Frequency, Indicator, ProcedureKind
from mastcell.reads import AGE, AGE_DAYS, PROCEDURES, REACTIONS
from mastcell.rules.declare import decides
from mastcell.rules.perioperative_facts import (
    ALLERGY_SOURCES,
    CHILD_WEIGHT,
    TAKING,
    doses_text,
    dosing_label,
    moment_text,
    said_options,
)
from mastcell.rules.procedure_facts import AGE_GIVEN, Planned, age_finding, upcoming
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context

__all__ = ["premedication_steps", "steroid_capped"]


def steroid_capped(
    step: PremedicationStep, age: float | None, kg: float | None
) -> tuple[bool, str | None]:
    """Whether the fixed child prednisone dose is withheld for a small child, and why (SR16).

    >>> from mastcell.knowledge.perioperative import PREMEDICATION
    >>> steroid_capped(PREMEDICATION[0], 1.0, 4.0)[0], steroid_capped(PREMEDICATION[0], 8.0, 25.0)
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
    kg: float | None,
) -> DoseAdvice:
    at = planned.start - when.before
    if when.until is not None:
        timing = (
            f"{when.text} the start: between {moment_text(at)} and "
            f"{moment_text(planned.start - when.until)}"
        )
    else:
        timing = f"{when.text} the start: at {moment_text(at)}"
    if planned.assumed:
        timing += f" (start assumed {planned.start:%H:%M})"
    if at < context.at:
        timing += "; this time had passed at the evaluation moment"
    if age is None:
        dose = None
        note: str | None = f"age unknown, dose not chosen: {doses_text(step)}"
    else:
        group = step.dose_for(age)
        dose, note = group.dose, group.note
        capped, why = steroid_capped(step, age, kg)
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


def premedication_steps(
    f: Facts, h1_choice: str, age: float | None = None, days: int | None = None
) -> tuple[list[PremedicationStep], list[tuple[str, ReactionMatch]], list[tuple[str, AgeLimit]]]:
    """The protocol's steps this patient can be given, one per slot, and those left out.

    In each slot the clinician's choice comes first (the H1 option), then the protocol's other
    drugs for the slot; a drug the patient reacted to, or that may cross-react with one, is
    passed over (addendum section 7). A drug its label contraindicates at the patient's age
    (diphenhydramine in a newborn, SR9) leaves its slot to the clinician. A slot with no drug
    left is a clinician decision. Reads :data:`~mastcell.reads.REACTIONS`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(reactions=[Reaction(agent="diphenhydramine")]), AT)
    >>> steps, left_out, by_age = premedication_steps(f, "diphenhydramine", 40.0, 14600)
    >>> [s.drug for s in steps], [m.drug for _, m in left_out]
    (['prednisone', 'hydroxyzine', 'famotidine', 'montelukast'], ['diphenhydramine'])
    """
    reactions = REACTIONS.of(f)
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
            match = reaction_match(reactions, step.drug)
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
            note=dosing_label(group) + (f"; {group.note}" if group.note else ""),
        )
        for step in PREMEDICATION
        for group in step.dosing
    )


def _premedication(f: Facts, context: Context, planned: Planned) -> Decision:
    age = AGE.of(f)
    days = AGE_DAYS.of(f)  # a limit in days is compared in whole days
    h1_choice = context.options.perioperative.premedication_h1
    steps, left_out, by_age = premedication_steps(f, h1_choice, age, days)
    kg = CHILD_WEIGHT.of(f)  # read only for a child (the per-kg prednisone check)
    schedule = tuple(
        sorted(
            (_dose_advice(s, w, planned, age, context, kg) for s in steps for w in s.when),
            key=lambda d: d.at or planned.start,
        )
    )
    capped = next((why for s in steps for c, why in [steroid_capped(s, age, kg)] if c), None)
    sources = [*PREMEDICATION_SOURCES, "S15", *PREMEDICATION_DOSE_SOURCES]
    sources += [x for _, row in by_age for x in row.sources]
    sedating = tuple(s.drug for s in steps if OLDER_ADULT.drug_class in classes_of(s.drug))
    older = age is not None and age >= OLDER_ADULT.from_years and bool(sedating)
    if older:
        sources += OLDER_ADULT.sources  # Beers (SR10): a sedating H1 for an older adult
    if capped is not None:
        sources += CHILD_STEROID_CAP.sources
    if planned.procedure.kind is ProcedureKind.CONTRAST_IMAGING:
        sources += CONTRAST_SOURCES
    already = tuple(f"{m.drug} ({f.path_of(m)})" for s in steps for m in TAKING.named(f, s.drug))
    findings = [
        Finding(
            input=planned.path,
            text=planned.label,
            time=planned.start,
            note="start assumed" if planned.assumed else None,
        ),
        age_finding(f, age, CHILD_BELOW_YEARS),
        *(reaction_finding(f, m) for _, m in left_out),
    ]
    if capped is not None:
        findings.append(
            Finding(input="weight", value=kg, unit="kg", note="prednisone mg/kg check (SR16)")
            if kg is not None
            else Finding(input="weight", text="unknown", note="needed for a child under 2 years")
        )
    decision = Decision(
        code="perioperative.premedication",
        indicator=Indicator.WARNING,
        action=Action.INFORM,
        schedule=tuple(Dose(Action.PREFER, advice) for advice in schedule),
        findings=tuple(findings),
        sources=tuple(dict.fromkeys((*sources, *(x for _, m in left_out for x in m.sources)))),
        params={
            "planned": planned,
            "age": age,
            "steps": tuple(steps),
            "left_out": tuple(left_out),
            "by_age": tuple(by_age),
            "sedating": sedating if older else (),
            "capped": capped,
            "already": already,
        },
    )
    return said_options(decision)


@decides(
    "perioperative.premedication",
    sources=(
        "S35",
        "S36",
        "S34",
        "S15",
        "S42",
        "S126",
        "S127",
        "S128",
        "S246",
        "S247",
        *CHILD_STEROID_CAP.sources,
        *OLDER_ADULT.sources,
        *(s for row in AGE_LIMITS for s in row.sources),
        *ALLERGY_SOURCES,
    ),
    reads=((), (PROCEDURES,), (AGE, AGE_DAYS, REACTIONS, CHILD_WEIGHT, TAKING, AGE_GIVEN)),
    indicators=(Indicator.WARNING,),
    proposes=_protocol_doses(),
    triggers=(MAST_CELL_DISORDER,),
)
def premedication(f: Facts, context: Context) -> Sequence[Decision]:
    """Premedicate before a planned procedure, as a timed schedule (TMS / Castells protocol).

    Fires for a mast cell disorder and each procedure not yet begun within the planning
    horizon: prednisone 24 h and 1-2 h before, an H1 antihistamine, an H2 antihistamine and
    montelukast 1 h before, with times computed from the start (an assumed start time when
    only a date is given, said so). Child doses under 12 years, checked against the labels:
    montelukast by its label bands (PD15, PD-C2), no diphenhydramine dose under 6 years (PD9);
    with the age unknown no dose is chosen. Contrast imaging adds the low measured risk in SM.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    planned = list(upcoming(f, context))
    if not planned:
        return upto(1)
    return tuple(_premedication(f, context, p) for p in planned)
