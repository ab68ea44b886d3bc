"""The oracle's copy of :mod:`mastcell.rules.antimediator` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. Cromolyn, the leukotriene modifiers, omalizumab and corticosteroids
now live in :mod:`mastcell.rules.antimediator_addons` and the aspirin rules in
:mod:`mastcell.rules.antimediator_aspirin`: they run here under those names
(``addons_rule``, ``aspirin_rule``). The original module said:

Anti-mediator therapy: what the patient takes, what to add or escalate (sections 2.1, 2.6.3).

The regimen is read per drug class from the active (and planned) medication list; daily doses
are compared with the catalogue's standard adult dose. Doses are proposed only for the
population a source gives them for: with the age unknown the drug is named without a dose and
the detail asks for the age. Decisions that need the clinician's judgement of symptom control
stay silent when it is unknown; one recommendation asks for it instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from mastcell._oracle.antiplatelet import aspirin_uses
from mastcell.counts import classify, latest_count
from mastcell.facts import MAST_CELL_DISORDER, Recorded
from mastcell.guard import reaction_finding
from mastcell.knowledge.allergy import NO_OPTION, Allowed, allowed, describe_matches, reactions_to
from mastcell.knowledge.analgesia import PAIN_ALTERNATIVES
from mastcell.knowledge.antimediator import (
    ADULT_AGE_YEARS,
    ASPIRIN,
    ASPIRIN_BLEEDING_FACTS,
    ASPIRIN_INITIATION_RISK,
    ASPIRIN_PLATELET_BASIS,
    CORTICOSTEROID_SOURCES,
    CROMOLYN,
    FAMOTIDINE,
    H1_CONFIRMED_MULTIPLE,
    H1_ESCALATION_SOURCES,
    H1_SEED_SOURCES,
    H1_START_ORDER,
    H2_ORDER,
    LEUKOTRIENE_ALTERNATIVES,
    LEUKOTRIENE_ORDER,
    MEDIATOR_LIMITS,
    MONTELUKAST,
    OMALIZUMAB,
    ZILEUTON,
    DoseFact,
    EscalationBound,
    Tag,
    escalation_bound,
    mediator_limit,
)
from mastcell.knowledge.antiplatelet import DAPT_STOP_RISK
from mastcell.knowledge.ctcae import PLATELET_COUNT_DECREASED
from mastcell.knowledge.drugs import lookup
from mastcell.knowledge.paediatric import (
    ASPIRIN_CHILDREN,
    ASPIRIN_CHILDREN_SOURCES,
    BANDS,
    FAMOTIDINE_CHILDREN,
    MONTELUKAST_BOXED_WARNING,
    DoseBand,
    band_age,
    band_for,
)
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Analyte,
    Comparison,
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    Frequency,
    Indicator,
    LabResult,
    Medication,
    MedicationStatus,
    Patient,
    Reaction,
    ReactionSeverity,
    Recommendation,
    Route,
    SymptomControl,
)
from mastcell.model.recommendation import fit_summary, fit_words
from mastcell.rules.registry import Context, oracle_rule
from mastcell.text import shorten

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.antimediator")
addons_rule = oracle_rule("mastcell.rules.antimediator_addons")
aspirin_rule = oracle_rule("mastcell.rules.antimediator_aspirin")
escalation_rule = oracle_rule("mastcell.rules.antimediator_escalation")

_TAKING = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
_SEVERE = (SymptomControl.INADEQUATE, SymptomControl.REFRACTORY)
_H1 = (DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION)
_LEUKOTRIENE = (DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST, DrugClass.LIPOXYGENASE_INHIBITOR)


# -- shared reading -----------------------------------------------------------------------------


def _taking(patient: Patient, *classes: DrugClass) -> tuple[Medication, ...]:
    """Medications of ``classes`` taken now or planned (a plan is not re-proposed)."""
    return patient.medications_of(*classes, statuses=_TAKING)


def _control_finding(patient: Patient) -> Finding:
    control = patient.symptom_control
    return Finding(input="symptom_control", text="unknown" if control is None else control.value)


def _age_path(patient: Patient) -> str:
    """The input an age is read from: the birth date when recorded, else the given age."""
    return "birth_date" if patient.birth_date is not None or patient.age is None else "age"


def _age_note(
    age: float | None, drug: str, population: str, min_age: float | None, path: str = "birth_date"
) -> Finding:
    """Why no dose is given: the age is unknown, or outside the dosed population."""
    if age is None:
        return Finding(input="birth_date", text="age unknown", note=f"{drug} dose needs it")
    return Finding(
        input=path,
        value=age,
        unit="a",
        threshold=min_age,
        comparison="<" if min_age is not None and age < min_age else None,
        note=f"outside {population}",
    )


def _dose_or_ask(
    fact: DoseFact,
    age: float | None,
    findings: list[Finding],
    note: str | None = None,
    path: str = "birth_date",
) -> tuple[DoseAdvice, str]:
    """The fact's dose when the age is in its population; else the drug alone and why."""
    if fact.covers(age):
        advice = fact.advice(note)
        return advice, f"{advice} ({fact.population}; {', '.join(fact.sources)})"
    findings.append(_age_note(age, fact.drug, fact.population, fact.min_age, path))
    reason = (
        "age not recorded: record it; the sources dose it for "
        if age is None
        else f"age {age:g} years is outside the population the sources dose it for, "
    )
    return (
        DoseAdvice(drug=fact.drug, route=fact.route, note="dose: clinician decision"),
        f"{fact.drug} ({reason}{fact.population}: {fact.advice()})",
    )


def _age_finding(patient: Patient, age: float, threshold: float | None, note: str) -> Finding:
    return Finding(
        input="age" if patient.age is not None else "birth_date",
        value=round(age, 2),
        unit="a",
        threshold=threshold,
        comparison="<" if threshold is not None and age < threshold else None,
        note=note,
    )


def _band_dose(
    drug: str, patient: Patient, context: Context, findings: list[Finding]
) -> tuple[DoseAdvice, str, tuple[str, ...]]:
    """The labelled dose of the patient's age (and weight) band (addendum 5), else why none.

    Returns the advice, the text for the detail and the sources of the bands cited.
    """
    age = band_age(patient, context.at)
    weight = None if patient.weight is None else patient.weight.kg
    choice = band_for(drug, age, weight, context.options.antimediator.dose_jurisdiction)
    band = choice.band
    if band is not None and band.dose is not None:
        advice = DoseAdvice(
            drug=drug, dose=band.dose, frequency=band.frequency, route=band.route, note=band.note
        )
        return advice, band.text(), band.sources
    listed = "; ".join(b.text() for b in choice.candidates)
    if choice.missing == "age":
        findings.append(_age_note(None, drug, "", None))
        reason = f"age not recorded: record it; the labelled doses are by age: {listed}"
    elif choice.missing == "weight":
        findings.append(
            Finding(input="weight", text="unknown", note=f"{drug} dose at this age is by weight")
        )
        reason = f"weight not recorded: record it; at this age the dose is by weight: {listed}"
    else:
        assert age is not None
        why = band.text() if band is not None else f"no labelled band covers age {age:.2f}"
        findings.append(
            _age_finding(patient, age, None if band is None else band.below_years, f"{drug}: {why}")
        )
        reason = why
    sources = tuple(dict.fromkeys(s for b in choice.candidates for s in b.sources))
    return (
        DoseAdvice(drug=drug, route=Route.ORAL, note="dose: clinician decision"),
        f"{drug}, dose: clinician decision ({reason})",
        sources,
    )


@attrs.frozen(kw_only=True)
class _MediatorRead:
    """A urinary mediator result against its limit; ``elevated`` None when it cannot be told."""

    lab: LabResult
    elevated: bool | None
    finding: Finding


def _mediator(patient: Patient, context: Context, analyte: Analyte) -> _MediatorRead | None:
    lab = patient.latest(analyte, context.at)
    if lab is None:
        return None
    path = patient.path_of(lab)
    unit = analyte.canonical_unit
    # The reporting laboratory's upper limit beats the library's reference limit.
    limit = (
        None
        if lab.canonical_high is not None
        else mediator_limit(analyte, patient.age_at(context.at))
    )
    if lab.canonical_high is not None or limit is not None:
        if limit is None:
            assert lab.canonical_high is not None
            upper, above = lab.canonical_high, Comparison.GT
            note = "reporting laboratory's upper limit"
        else:
            upper, above = limit.upper, limit.comparison
            note = f"Mayo reference {limit.reference} ({', '.join(limit.sources)})"
        elevated = above.holds(lab.canonical, upper)
        return _MediatorRead(
            lab=lab,
            elevated=elevated,
            finding=Finding(
                input=path,
                analyte=analyte,
                value=lab.canonical,
                unit=unit,
                threshold=upper,
                comparison=above if elevated else _negate(above),
                time=lab.time,
                note=note,
            ),
        )
    # Age-banded limit (NMH) with the age unknown: decide only when every band agrees.
    bands = [m.upper for m in MEDIATOR_LIMITS if m.analyte is analyte]
    elevated_or_none: bool | None = None
    if lab.canonical > max(bands):
        elevated_or_none = True
    elif lab.canonical <= min(bands):
        elevated_or_none = False
    return _MediatorRead(
        lab=lab,
        elevated=elevated_or_none,
        finding=Finding(
            input=path,
            analyte=analyte,
            value=lab.canonical,
            unit=unit,
            time=lab.time,
            note=(
                f"reference is age-banded (upper limits {', '.join(f'{b:g}' for b in bands)}) "
                "and the age is unknown"
                + ("" if elevated_or_none is not None else ": record the age to judge it")
            ),
        ),
    )


def _negate(comparison: Comparison) -> Comparison:
    return {Comparison.GT: Comparison.LE, Comparison.GE: Comparison.LT}.get(comparison, comparison)


def _nmh_support(patient: Patient, context: Context) -> tuple[list[Finding], str]:
    """An elevated NMH, as supporting evidence of histamine excess (never a trigger alone)."""
    read = _mediator(patient, context, Analyte.URINE_NMH)
    if read is None or not read.elevated:
        return [], ""
    return [read.finding], (
        " Urinary N-methylhistamine is above its reference limit (S50), supporting ongoing "
        "histamine release."
    )


def _med_finding(patient: Patient, medication: Medication, note: str | None = None) -> Finding:
    return Finding(input=patient.path_of(medication), text=medication.drug, note=note)


# -- symptom control ---------------------------------------------------------------------------


@rule(
    "antimediator.symptom_control.assess",
    sources=("S30", "S29"),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def symptom_control_assess(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Record a clinician's assessment of mediator-symptom control.

    Fires for a mast cell disorder when ``symptom_control`` is unknown: H1 escalation,
    cromolyn, leukotriene modifiers, omalizumab and corticosteroids are decided on it, and an
    unknown control is never read as controlled.
    """
    if not patient.has_mast_cell_disorder or patient.symptom_control is not None:
        return
    yield Recommendation(
        code="antimediator.symptom_control.assess",
        indicator=Indicator.INFO,
        summary="Record symptom control (controlled, partial, inadequate, refractory)",
        detail=(
            "Whether mediator symptoms are controlled is not recorded. Escalating an H1 "
            "antihistamine (to 2x the standard dose, S29), adding cromolyn, a leukotriene "
            "modifier, omalizumab or a corticosteroid all depend on it (S30, S29); mastcell does "
            "not assume that unknown means controlled."
        ),
        evidence=evidence("S30", "S29"),
        findings=(_control_finding(patient),),
    )


# -- H1 --------------------------------------------------------------------------------------


def _band_proposals(drug: str) -> tuple[DoseAdvice, ...]:
    """Every labelled band dose of a drug, for the rule catalogue (``proposes``)."""
    return tuple(
        DoseAdvice(
            drug=drug,
            dose=b.dose,
            frequency=b.frequency,
            route=b.route,
            note=b.population + (f" [{b.jurisdiction.label}]" if b.jurisdiction else ""),
        )
        for b in BANDS[drug]
        if b.dose is not None
    )


@rule(
    "antimediator.h1.start",
    sources=("S30", "S29", "S17", "S50", "S122", "S131"),
    reads=(Analyte.URINE_NMH,),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=tuple(a for drug in H1_START_ORDER for a in _band_proposals(drug)),
    triggers=(MAST_CELL_DISORDER,),
)
def h1_start(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Start a second-generation H1 antihistamine.

    Fires for a mast cell disorder when no second-generation H1 antihistamine is taken or
    planned, unless symptoms are recorded as controlled: a warning when they are not
    controlled, info when control is unknown. A sedating first-generation H1 on the list is
    named but does not count as maintenance therapy. Cetirizine is dosed by the label's age
    bands (PD1, PD2); where no band gives a dose (under 6 months) or the age is unknown, the
    dose is a clinician decision and the reason is stated. After a recorded reaction to
    cetirizine (or its group), the next H1 the reactions allow is proposed, by its own bands
    (fexofenadine, levocetirizine, loratadine, desloratadine); when none is left, no drug is
    proposed: clinician decision.
    """
    if not patient.has_mast_cell_disorder:
        return
    if _taking(patient, DrugClass.H1_SECOND_GENERATION):
        return
    control = patient.symptom_control
    if control is SymptomControl.CONTROLLED:
        return
    findings = [_control_finding(patient)]
    first_gen = _taking(patient, DrugClass.H1_FIRST_GENERATION)
    findings += [_med_finding(patient, m, "first-generation (sedating) H1") for m in first_gen]
    nmh, nmh_text = _nmh_support(patient, context)
    findings += nmh
    pick = allowed(patient.reactions, H1_START_ORDER)
    findings += _passed_over(patient, pick)
    age = patient.age_at(context.at)
    if pick.first is None:
        yield _no_option(
            "antimediator.h1.start",
            "Start a second-generation H1 antihistamine",
            "A second-generation H1 antihistamine",
            control,
            pick,
            findings,
            ("S30", "S29"),
        )
        return
    advice, dose_text, band_sources = _band_dose(pick.first, patient, context, findings)
    escalation = (
        "If symptoms stay uncontrolled, an adult dose can be raised to 2x the standard dose "
        "(S29) and up to 4x (chronic urticaria, S131)."
        if age is not None and age >= ADULT_AGE_YEARS
        else "Escalation above the labelled dose is described for adults only (S29, S131)."
    )
    first_text = (
        f" {', '.join(m.drug for m in first_gen)} (first generation, sedating; A18) is on the "
        "list: a second-generation H1 is the maintenance choice."
        if first_gen
        else ""
    )
    yield Recommendation(
        code="antimediator.h1.start",
        indicator=Indicator.WARNING if control is not None else Indicator.INFO,
        summary=shorten(f"Start a second-generation H1 antihistamine: {advice}"),
        detail=(
            "H1 antihistamines are standard anti-mediator therapy in MCAS and mastocytosis "
            f"(S30, S29). Proposed: {dose_text}. {escalation}"
            + _passed_over_text(pick)
            + first_text
            + nmh_text
            + (
                " Symptom control is not recorded; if symptoms are controlled without an H1, "
                "this can be set aside."
                if control is None
                else ""
            )
        ),
        medication=advice,
        evidence=evidence(
            "S30",
            "S29",
            "S17",
            *band_sources,
            *(("S50",) if nmh else ()),
            *(("S131",) if age is not None and age >= ADULT_AGE_YEARS else ()),
            *(x for m in pick.excluded for x in m.sources),
        ),
        findings=tuple(findings),
    )


@attrs.frozen(kw_only=True)
class _H1Dose:
    medication: Medication
    daily_mg: float | None
    standard_mg: float | None

    @property
    def multiple(self) -> float | None:
        if self.daily_mg is None or not self.standard_mg:
            return None
        return round(self.daily_mg / self.standard_mg, 3)


def _h1_doses(patient: Patient) -> list[_H1Dose]:
    doses = []
    for m in patient.medications_of(DrugClass.H1_SECOND_GENERATION):
        drug = lookup(m.drug)
        standard = None if drug is None or drug.standard_dose is None else drug.standard_dose
        doses.append(
            _H1Dose(
                medication=m,
                daily_mg=m.daily_mg,
                standard_mg=None if standard is None else standard.daily_mg,
            )
        )
    return doses


def _h1_finding(patient: Patient, dose: _H1Dose, bound: float | None = None) -> Finding:
    multiple = dose.multiple
    return Finding(
        input=patient.path_of(dose.medication),
        text=f"{dose.medication.drug} daily dose",
        value=dose.daily_mg,
        unit="mg/d" if dose.daily_mg is not None else None,
        threshold=None if bound is None or dose.standard_mg is None else bound * dose.standard_mg,
        comparison=(
            None
            if bound is None or multiple is None
            else (">" if multiple > bound else ("<" if multiple < bound else ">="))
        ),
        note=(
            f"{multiple:g}x the standard {dose.standard_mg:g} mg/day"
            if multiple is not None and dose.standard_mg is not None
            else "dose or frequency not recorded"
        ),
    )


def _escalated(dose: _H1Dose, multiple: float) -> DoseAdvice:
    """The H1 at ``multiple`` x the standard daily dose, split twice daily."""
    assert dose.standard_mg is not None
    per_dose = round(dose.standard_mg * multiple / 2, 3)
    return DoseAdvice(
        drug=lookup(dose.medication.drug).generic,  # type: ignore[union-attr]
        dose=DoseAmount(value=per_dose, unit="mg"),
        frequency=Frequency.BID,
        note=f"{multiple:.3g}x the standard daily dose of {dose.standard_mg:g} mg",
    )


def _generic(dose: _H1Dose) -> str:
    drug = lookup(dose.medication.drug)
    return dose.medication.drug if drug is None else drug.generic


def _bound(dose: _H1Dose, context: Context) -> EscalationBound:
    """The drug's escalation bound, or the clinician's override for every H1."""
    options = context.options.antimediator
    found = escalation_bound(_generic(dose), options.fexofenadine_bound)
    if options.h1_max_multiple is None:
        return found
    return attrs.evolve(
        found,
        max_multiple=options.h1_max_multiple,
        basis="set by options.antimediator.h1_max_multiple (the knowledge base says: "
        f"{found.text()})",
    )


def _bounds_text(bounds: list[EscalationBound]) -> str:
    unique = list({b.drug: b for b in bounds}.values())
    return (
        f"Escalation up to {H1_CONFIRMED_MULTIPLE:g}x the standard dose is confirmed (S29 lists "
        "cetirizine and fexofenadine once or twice daily). Upper bounds: "
        + "; ".join(b.text() for b in unique)
        + ". Bounds are per drug (options.antimediator.h1_max_multiple overrides them all; "
        "fexofenadine: options.antimediator.fexofenadine_bound)."
    )


def _bound_sources(bounds: list[EscalationBound]) -> tuple[str, ...]:
    return tuple(s for b in bounds for s in b.sources)


@escalation_rule(
    "antimediator.h1.increase",
    "antimediator.h1.above_max",
    sources=(
        *H1_ESCALATION_SOURCES,
        *H1_SEED_SOURCES,
        "S131",
        "S125",
        "S60",
        "S61",
        "S62",
        "S63",
        "S64",
    ),
    reads=(Analyte.URINE_NMH,),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(DrugClass.H1_SECOND_GENERATION,),
)
def h1_increase(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Escalate a second-generation H1 up to its drug's bound; warn above the bound.

    Each drug has its own bound (knowledge.antimediator.escalation_bound): 4x for cetirizine,
    levocetirizine, loratadine and desloratadine (S131); fexofenadine a stated CONFLICT,
    default 2x (options.antimediator.fexofenadine_bound); other H1s the seeds' 4x
    (SEED-ONLY). Warns (``h1.above_max``) when the daily dose already exceeds the bound (the
    lowest bound when several H1s are taken). Otherwise, when symptoms are not controlled:
    below 2x proposes 2x (confirmed), from 2x up to the bound proposes the bound; a missing
    dose or frequency is asked for; in a child or with the age unknown the drug is named
    without a dose, with the child's labelled band (addendum 5).
    """
    doses = _h1_doses(patient)
    if not doses:
        return
    bounds = [_bound(d, context) for d in doses]
    max_multiple = min(b.max_multiple for b in bounds)
    known = [d for d in doses if d.multiple is not None]
    total = round(sum(d.multiple for d in known if d.multiple is not None), 3)
    # Compared unrounded, so a bound such as 480/180 mg/day is met exactly at 480 mg/day.
    exact = sum(d.daily_mg / d.standard_mg for d in known if d.daily_mg and d.standard_mg)
    if known and exact > max_multiple * (1 + 1e-9):
        yield Recommendation(
            code="antimediator.h1.above_max",
            indicator=Indicator.WARNING,
            summary=(
                f"Second-generation H1 dose is {total:g}x the standard dose, above the "
                f"{max_multiple:.3g}x escalation bound: review"
            ),
            detail=(
                f"The second-generation H1 antihistamines on the list add up to {total:g}x "
                f"their standard daily doses. {_bounds_text(bounds)} Doses above the "
                "bound have no support in the sources: reduce, or document the reason."
            ),
            evidence=evidence(*H1_ESCALATION_SOURCES, *_bound_sources(bounds)),
            findings=tuple(_h1_finding(patient, d, max_multiple) for d in known),
        )
        return
    control = patient.symptom_control
    if control is None or not control.uncontrolled:
        return
    findings = [_control_finding(patient)]
    nmh, nmh_text = _nmh_support(patient, context)
    unknown = [d for d in doses if d.multiple is None]
    if unknown:
        names = ", ".join(d.medication.drug for d in unknown)
        yield Recommendation(
            code="antimediator.h1.increase",
            indicator=Indicator.INFO,
            summary=shorten(f"Record the dose and frequency of {names} to judge H1 escalation"),
            detail=(
                f"Symptoms are {control.value}, and {names} has no regular daily dose on "
                "record (dose, frequency, or an as-needed frequency), so it cannot be compared "
                f"with the standard dose. {_bounds_text(bounds)}"
            ),
            evidence=evidence(*H1_ESCALATION_SOURCES, *_bound_sources(bounds)),
            findings=(*findings, *(_h1_finding(patient, d) for d in unknown)),
        )
        return
    if exact >= max_multiple * (1 - 1e-9):
        return
    first_step = min(H1_CONFIRMED_MULTIPLE, max_multiple)
    target = first_step if exact < first_step * (1 - 1e-9) else max_multiple
    findings += [_h1_finding(patient, d, target) for d in known]
    findings += nmh
    if target == H1_CONFIRMED_MULTIPLE:
        step = f"to {target:g}x (confirmed, S29)"
    else:
        tags = {b.tag for b in bounds if b.max_multiple == max_multiple}
        # The weakest support among the bounds that set the target is the one stated.
        tag = next(t for t in (Tag.SEED_ONLY, Tag.CONFLICT, Tag.CONFIRMED) if t in tags)
        step = f"towards {target:.3g}x ({tag.value})"
    age = patient.age_at(context.at)
    advice: DoseAdvice | None
    if len(known) > 1:
        advice = None
        proposal = (
            f"{len(known)} second-generation H1s add up to {total:g}x the standard dose; "
            f"escalate one agent {step} rather than adding another."
        )
        summary = f"H1 antihistamines at {total:g}x the standard dose: escalate one agent {step}"
    elif age is None or age < ADULT_AGE_YEARS:
        (dose,) = known
        drug = _generic(dose)
        advice = DoseAdvice(drug=drug, note="escalated dose: clinician decision (adult data)")
        findings.append(
            _age_note(age, dose.medication.drug, "adults", ADULT_AGE_YEARS, _age_path(patient))
        )
        label = ""
        if drug in BANDS:
            choice = band_for(
                drug,
                band_age(patient, context.at),
                None if patient.weight is None else patient.weight.kg,
                context.options.antimediator.dose_jurisdiction,
            )
            shown = (choice.band,) if choice.band is not None else choice.candidates
            label = f" The labelled doses for {drug}: " + "; ".join(b.text() for b in shown) + "."
        proposal = (
            "the escalation data are for adults (A2, S131): "
            + ("record the age; " if age is None else "in a child ")
            + "the escalated dose is a clinician decision."
            + label
        )
        summary = (
            f"Symptoms {control.value} on {dose.medication.drug} {total:g}x: "
            f"consider escalating {step}"
        )
    elif (older := _older_adult_band(dose := known[0], age, context)) is not None:
        # An age band whose label maximum is below the standard dose (cetirizine from 65
        # years, 5 mg/24 h, PD1): the multiples of the standard dose do not apply.
        drug = _generic(dose)
        advice = DoseAdvice(
            drug=drug,
            note=f"escalated dose: clinician decision ({older.text()})",
        )
        findings.append(
            _age_note(
                age, dose.medication.drug, older.population, older.from_years, _age_path(patient)
            )
        )
        proposal = (
            f"at {age:.0f} years the label's maximum for {drug} is {older.max_mg_per_day:g} mg "
            f"per 24 h ({', '.join(older.facts)}), below the standard dose the escalation "
            "multiples are counted from: the escalated dose is a clinician decision."
        )
        summary = (
            f"Symptoms {control.value} on {dose.medication.drug} {total:g}x: escalation "
            f"above the {older.max_mg_per_day:g} mg label maximum at this age is a clinician decision"
        )
    else:
        (dose,) = known
        advice = _escalated(dose, target)
        proposal = f"proposed: {advice}."
        summary = f"Increase {dose.medication.drug} {step}: {advice}"
    yield Recommendation(
        code="antimediator.h1.increase",
        indicator=Indicator.INFO,
        summary=shorten(summary),
        detail=(
            f"Symptoms are {control.value} on second-generation H1 therapy at {total:g}x the "
            f"standard daily dose; {proposal} {_bounds_text(bounds)}" + nmh_text
        ),
        medication=advice,
        evidence=evidence(
            *H1_ESCALATION_SOURCES,
            *_bound_sources(bounds),
            *(s for d in known for s in _standard_sources(d)),
            *(("S50",) if nmh else ()),
        ),
        findings=tuple(findings),
    )


def _older_adult_band(dose: _H1Dose, age: float, context: Context) -> DoseBand | None:
    """The adult age band whose label maximum is below the drug's standard daily dose."""
    drug = _generic(dose)
    if drug not in BANDS or dose.standard_mg is None:
        return None
    band = band_for(drug, age, None, context.options.antimediator.dose_jurisdiction).band
    if band is None or band.max_mg_per_day is None or band.max_mg_per_day >= dose.standard_mg:
        return None
    return band


def _standard_sources(dose: _H1Dose) -> tuple[str, ...]:
    drug = lookup(dose.medication.drug)
    if drug is None or drug.standard_dose is None:
        return ()
    return drug.standard_dose.sources


# -- H2 --------------------------------------------------------------------------------------


@rule(
    "antimediator.h2.add",
    sources=("S29", "S30", "S15", "SEED-B"),
    reads=(Analyte.URINE_NMH,),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=(
        *(fact.advice() for fact in FAMOTIDINE.values()),
        *(
            DoseAdvice(drug=d, route=Route.ORAL, note="dose: clinician decision")
            for d in H2_ORDER[1:]
        ),
    ),
    triggers=(MAST_CELL_DISORDER,),
)
def h2_add(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Add an H2 antihistamine (famotidine; its dose is a recorded conflict).

    Fires for a mast cell disorder when no H2 antihistamine is taken or planned, unless
    symptoms are recorded as controlled: a warning when they are not controlled, info when
    control is unknown. The famotidine dose follows ``options.antimediator.famotidine_dosing``;
    for a child it is a clinician decision (PD14: no label mg/kg dose was verified). After a
    recorded reaction to famotidine, nizatidine is proposed (dose: clinician decision); when
    the reactions allow no H2 antihistamine, none is proposed: clinician decision.
    """
    if not patient.has_mast_cell_disorder or _taking(patient, DrugClass.H2):
        return
    control = patient.symptom_control
    if control is SymptomControl.CONTROLLED:
        return
    dosing = context.options.antimediator.famotidine_dosing
    fact = FAMOTIDINE[dosing]
    findings = [_control_finding(patient)]
    nmh, nmh_text = _nmh_support(patient, context)
    findings += nmh
    pick = allowed(patient.reactions, H2_ORDER)
    findings += _passed_over(patient, pick)
    if pick.first is None:
        yield _no_option(
            "antimediator.h2.add",
            "Add an H2 antihistamine",
            "An H2 antihistamine added to the H1",
            control,
            pick,
            findings,
            ("S29", "S30"),
        )
        return
    age = patient.age_at(context.at)
    if pick.first == fact.drug:
        advice, dose_text = _dose_or_ask(fact, age, findings, path=_age_path(patient))
        if age is not None and age < ADULT_AGE_YEARS:
            dose_text = f"famotidine ({FAMOTIDINE_CHILDREN}; adults: {fact.advice()})"
    else:
        advice = DoseAdvice(drug=pick.first, route=Route.ORAL, note="dose: clinician decision")
        dose_text = (
            f"{pick.first} (an H2 antihistamine, S30; the sources give no dose for mast cell "
            "disorders: dose per its label, clinician decision)"
        )
    yield Recommendation(
        code="antimediator.h2.add",
        indicator=Indicator.WARNING if control is not None else Indicator.INFO,
        summary=shorten(f"Add an H2 antihistamine: {advice}"),
        detail=(
            "An H2 blocker added to the H1 blocker is standard anti-mediator therapy (S29, S30). "
            f"Proposed: {dose_text}.{_passed_over_text(pick)} The famotidine dose for mast "
            "cell disorders is not "
            f"standardised (CONFLICT): {_famotidine_readings()}; both are within labelled "
            f"ranges. This report proposes the {', '.join(FAMOTIDINE[dosing].sources)} reading; "
            "the clinician may choose the other with AntimediatorOptions.famotidine_dosing "
            f"(now {dosing.value!r}). Ranitidine is withdrawn in many markets "
            "and is not proposed. Famotidine has very rare haematological effects (S15): keep "
            "it in the differential of a new cytopenia." + nmh_text
        ),
        medication=advice,
        evidence=evidence(
            "S29",
            "S30",
            "S15",
            "SEED-B",
            *(("S50",) if nmh else ()),
            *(x for m in pick.excluded for x in m.sources),
        ),
        findings=tuple(findings),
    )


def _famotidine_readings() -> str:
    """Both sides of the famotidine conflict, from the knowledge base."""
    return " versus ".join(
        f"{fact.advice().dose} {fact.frequency.label if fact.frequency else ''} "
        f"({', '.join(fact.sources)})"
        for fact in FAMOTIDINE.values()
    )


# -- cromolyn --------------------------------------------------------------------------------


@addons_rule(
    "antimediator.cromolyn.consider",
    sources=("S12", "S29", "SEED-A", "SEED-B"),
    indicators=(Indicator.INFO,),
    proposes=(CROMOLYN.adult.advice(), CROMOLYN.child.advice()),
    triggers=(Recorded.SYMPTOM_CONTROL,),
)
def cromolyn_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider oral cromolyn, dosed by age, with its slow onset and cautions.

    Fires for a mast cell disorder whose symptoms are recorded as not controlled when cromolyn
    is not taken or planned. 200 mg four times daily from 13 years, 100 mg from 2 to 12 years;
    under 2 years, with the age unknown, or when the dose would exceed 40 mg/kg/day, the dose
    is left to the clinician and the reason stated.
    """
    control = patient.symptom_control
    if not patient.has_mast_cell_disorder or control is None or not control.uncontrolled:
        return
    if _taking(patient, DrugClass.MAST_CELL_STABILIZER):
        return
    findings = [_control_finding(patient)]
    age = patient.age_at(context.at)
    fact = CROMOLYN.dose_for(age)
    advice: DoseAdvice
    if fact is None:
        findings.append(
            _age_note(
                age, "cromolyn", "2 years and over", CROMOLYN.child.min_age, _age_path(patient)
            )
        )
        advice = DoseAdvice(drug="cromolyn", note="dose: clinician decision")
        dose_text = (
            f"age not recorded: record it ({CROMOLYN.adult.advice()} for "
            f"{CROMOLYN.adult.population}; {CROMOLYN.child.advice()} for "
            f"{CROMOLYN.child.population})"
            if age is None
            else f"{CROMOLYN.under_two}: dose is a clinician decision"
        )
    else:
        advice = fact.advice()
        dose_text = f"{advice} ({fact.population}, S12)"
        daily = fact.advice().dose
        weight = patient.weight
        per_dose_day = fact.frequency.per_day if fact.frequency is not None else None
        if weight is not None and isinstance(daily, DoseAmount) and per_dose_day is not None:
            per_day = daily.value * per_dose_day
            limit = CROMOLYN.max_mg_per_kg_day * weight.kg
            if per_day > limit:
                findings.append(
                    Finding(
                        input="weight",
                        value=weight.kg,
                        unit="kg",
                        note=(
                            f"{per_day:g} mg/day exceeds {CROMOLYN.max_mg_per_kg_day:g} "
                            f"mg/kg/day ({limit:g} mg/day)"
                        ),
                    )
                )
                advice = DoseAdvice(drug="cromolyn", note="dose: clinician decision")
                dose_text = (
                    f"the standard {fact.advice()} would exceed the labelled maximum of "
                    f"{CROMOLYN.max_mg_per_kg_day:g} mg/kg/day ({limit:g} mg/day for "
                    f"{weight.kg:g} kg): dose is a clinician decision"
                )
    low, high = CROMOLYN.onset
    t_low, t_high = CROMOLYN.titrate_after
    yield Recommendation(
        code="antimediator.cromolyn.consider",
        indicator=Indicator.INFO,
        summary=shorten(f"Consider oral cromolyn: {advice}"),
        detail=(
            f"Symptoms are {control.value}; oral cromolyn sodium is a mast cell stabiliser "
            f"(S12, S29). Proposed: {dose_text}. Response may take {low.days // 7}-"
            f"{high.days // 7} weeks (S12; SEED-A agrees, SEED-B's 4-6 weeks is a narrower "
            f"CONFLICT); if not controlled after {t_low.days // 7}-{t_high.days // 7} weeks the "
            f"dose may be raised, to at most {CROMOLYN.max_mg_per_kg_day:g} mg/kg/day (S12). "
            f"Cautions: {CROMOLYN.impairment}; {CROMOLYN.under_two}."
        ),
        medication=advice,
        evidence=evidence("S12", "S29", "SEED-A", "SEED-B"),
        findings=tuple(findings),
    )


# -- leukotriene modifiers -------------------------------------------------------------------


@addons_rule(
    "antimediator.leukotriene.add",
    sources=("S29", "S35", "S14", "S50", "S128", "S129", "SEED-A", "SEED-B"),
    reads=(Analyte.URINE_LTE4,),
    indicators=(Indicator.INFO,),
    proposes=(
        *_band_proposals("montelukast"),
        ZILEUTON.dose.advice(),
        *_band_proposals("zafirlukast"),
    ),
    triggers=(MAST_CELL_DISORDER,),
)
def leukotriene_add(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Add a leukotriene modifier (montelukast; zileuton with liver monitoring).

    Fires for a mast cell disorder not taking or planning a leukotriene modifier when urinary
    LTE4 is above its reference limit (a SEED-ONLY trigger, switchable in the options) or when
    symptoms are inadequate or refractory on an H1 and an H2 antihistamine. Montelukast is
    dosed by the label's age bands (PD15: 4 mg at 2-5 y, 5 mg at 6-14 y, 10 mg from 15 y;
    under 2 years a clinician decision) and always shown with its boxed warning (PD16).
    """
    if not patient.has_mast_cell_disorder or _taking(patient, *_LEUKOTRIENE):
        return
    findings: list[Finding] = []
    reasons = []
    lte4 = _mediator(patient, context, Analyte.URINE_LTE4)
    if context.options.antimediator.leukotriene_if_lte4_elevated and lte4 and lte4.elevated:
        findings.append(lte4.finding)
        reasons.append(
            f"urinary LTE4 {lte4.lab.canonical:g} pg/mg creatinine is above its reference limit "
            "(S50: consistent with systemic mast cell disease with symptoms); choosing a "
            "leukotriene modifier on that basis is SEED-ONLY (SEED-A, SEED-B; "
            "options.antimediator.leukotriene_if_lte4_elevated)"
        )
    control = patient.symptom_control
    h1 = patient.medications_of(*_H1)
    h2 = patient.medications_of(DrugClass.H2)
    if control in _SEVERE and h1 and h2:
        findings.append(_control_finding(patient))
        findings += [_med_finding(patient, m, "H1 taken") for m in h1]
        findings += [_med_finding(patient, m, "H2 taken") for m in h2]
        reasons.append(f"symptoms are {control.value} on an H1 and an H2 antihistamine")
    if not reasons:
        return
    pick = allowed(patient.reactions, LEUKOTRIENE_ORDER)
    findings += _passed_over(patient, pick)
    if pick.first is None:
        yield _no_option(
            "antimediator.leukotriene.add",
            "Add a leukotriene modifier",
            "Leukotriene blockade",
            None,
            pick,
            findings,
            ("S29", "S30"),
        )
        return
    if pick.first == ZILEUTON.dose.drug:
        advice, dose_text = _dose_or_ask(
            ZILEUTON.dose, patient.age_at(context.at), findings, path=_age_path(patient)
        )
        dose_text += f"; {ZILEUTON.monitoring}; {ZILEUTON.leukopenia}"
        band_sources: tuple[str, ...] = ZILEUTON.sources
    else:
        advice, dose_text, band_sources = _band_dose(pick.first, patient, context, findings)
    alternatives = _leukotriene_alternatives(patient, context, pick.first)
    boxed = f" {MONTELUKAST_BOXED_WARNING}" if pick.first == MONTELUKAST.drug else ""
    interference = (
        " LTE4 is lowered by zileuton (stop 48 h before a sample) and leukotriene receptor "
        "antagonists, and also raised in asthma and other conditions (S50)."
        if lte4
        else ""
    )
    yield Recommendation(
        code="antimediator.leukotriene.add",
        indicator=Indicator.INFO,
        summary=shorten(f"Add a leukotriene modifier: {advice}"),
        detail=(
            "Leukotriene blockade is part of standard anti-mediator therapy (S30, S29). Why: "
            + "; and ".join(reasons)
            + f". Proposed: {dose_text}.{boxed}{_passed_over_text(pick)} Alternatives: "
            f"{alternatives}." + interference
        ),
        medication=advice,
        evidence=evidence(
            "S29",
            "S30",
            "S35",
            *band_sources,
            "S128",
            "S14",
            "S129",
            *(("S50", "SEED-A", "SEED-B") if lte4 else ()),
            *(x for m in pick.excluded for x in m.sources),
        ),
        findings=tuple(findings),
    )


def _leukotriene_alternatives(patient: Patient, context: Context, proposed: str) -> str:
    """Zileuton and zafirlukast (but the drug proposed) as the reactions allow them."""
    texts = {
        ZILEUTON.dose.drug: f"{ZILEUTON.dose.advice()} (12 years and over); "
        f"{ZILEUTON.monitoring}; {ZILEUTON.leukopenia}",
    }
    kept = allowed(patient.reactions, LEUKOTRIENE_ALTERNATIVES)
    shown = [
        texts.get(d) or _alternative_text(d, patient, context) for d in kept.kept if d != proposed
    ]
    return "; ".join(shown) if shown else NO_OPTION


def _passed_over(patient: Patient, pick: Allowed) -> list[Finding]:
    """The recorded reactions that kept drugs of a ranked list from being proposed."""
    return [reaction_finding(patient, m) for m in pick.excluded]


def _passed_over_text(pick: Allowed) -> str:
    """Which drugs of the ranked list were passed over, and why (empty when none)."""
    if not pick.excluded:
        return ""
    return " Not proposed for this patient: " + describe_matches(pick.excluded) + "."


def _no_option(
    code: str,
    action: str,
    therapy: str,
    control: SymptomControl | None,
    pick: Allowed,
    findings: list[Finding],
    sources: tuple[str, ...],
) -> Recommendation:
    """A ranked list the patient's reactions empty: no drug proposed, clinician decision."""
    return Recommendation(
        code=code,
        indicator=Indicator.WARNING if control is not None else Indicator.INFO,
        summary=fit_summary(f"{action}: {NO_OPTION}"),
        detail=(
            f"{therapy} is standard anti-mediator therapy ({', '.join(sources)}), but the "
            "recorded reactions speak against every drug mastcell would propose:"
            + _passed_over_text(pick)[len(" Not proposed for this patient:") :]
            + " Which drug to use, if any (after allergist testing), is a clinician decision."
        ),
        evidence=evidence(*sources, *(x for m in pick.excluded for x in m.sources)),
        findings=tuple(findings),
    )


def _alternative_text(drug: str, patient: Patient, context: Context) -> str:
    """A drug's labelled band for the patient's age, as an alternative (PD17 zafirlukast)."""
    age = band_age(patient, context.at)
    choice = band_for(drug, age, None, context.options.antimediator.dose_jurisdiction)
    shown = (choice.band,) if choice.band is not None else choice.candidates
    return f"{drug}: " + "; ".join(b.text() for b in shown)


# -- aspirin ---------------------------------------------------------------------------------


def _nsaid_reactions(patient: Patient) -> list[Reaction]:
    """Reactions to aspirin or an NSAID however the chart wrote them (brand, class word...)."""
    return list(reactions_to(patient.reactions, DrugClass.ASPIRIN, DrugClass.NSAID))


@aspirin_rule(
    "antimediator.aspirin.avoid",
    sources=("S32", "S33", "S35", "S39", "S242"),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.REACTION,),
)
def aspirin_avoid(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avoid aspirin and NSAIDs after a reaction to one.

    Fires when a reaction to aspirin or another NSAID is recorded: a warning, critical when
    the reaction was anaphylaxis and an aspirin or NSAID is taken or planned now. Aspirin
    taken now with no reaction recorded to aspirin itself is tolerated now: it is named as
    such and not told to stop; an aspirin taken with a P2Y12 antiplatelet is read as therapy
    for the heart and is never simply stopped (SR4).
    """
    reactions = _nsaid_reactions(patient)
    if not reactions:
        return
    current = _taking(patient, DrugClass.ASPIRIN, DrugClass.NSAID)
    reads = {id(a.medication): a for a in aspirin_uses(patient)}
    kept = [reads[id(m)] for m in current if id(m) in reads and reads[id(m)].tolerated]
    cardiac = [reads[id(m)] for m in current if id(m) in reads and reads[id(m)].cardiovascular]
    to_stop = [
        m
        for m in current
        if not (id(m) in reads and (reads[id(m)].tolerated or reads[id(m)].cardiovascular))
    ]
    anaphylaxis = any(r.severity is ReactionSeverity.ANAPHYLAXIS for r in reactions)
    findings = [
        Finding(
            input=patient.path_of(r),
            text=f"reaction to {r.agent}",
            note=None if r.severity is None else r.severity.value,
        )
        for r in reactions
    ]
    findings += [_med_finding(patient, m, f"{m.status.value} now") for m in current]
    findings += [f for a in cardiac for f in a.partner_findings(patient)]
    taken = [m.drug for m in to_stop if m.status is not MedicationStatus.PLANNED]
    planned = [m.drug for m in to_stop if m.status is MedicationStatus.PLANNED]
    on_list = f" On the list now: {', '.join(taken)} - stop or replace it." if taken else ""
    on_list += (
        f" Planned: {', '.join(planned)} - do not start it; choose another." if planned else ""
    )
    tolerated_text = "".join(
        f" {a.medication.drug.capitalize()} is taken now with no reaction recorded to aspirin "
        "itself: it is tolerated now and is not to be stopped because of a reaction to "
        "another NSAID; whether that reaction was a cross-reactive phenotype is for the "
        "allergist (XR10)."
        for a in kept
    )
    cardiac_text = "".join(
        f" {a.describe().capitalize()}: {DAPT_STOP_RISK}; never simply stopped - "
        "cardiology and allergy decide."
        for a in cardiac
    )
    avoid_what = "NSAIDs other than the aspirin taken now" if kept else "aspirin and NSAIDs"
    yield Recommendation(
        code="antimediator.aspirin.avoid",
        indicator=(
            Indicator.CRITICAL
            if anaphylaxis and (to_stop or any(a.reacted for a in cardiac))
            else Indicator.WARNING
        ),
        summary=fit_words(
            f"Avoid {avoid_what}: prior reaction to {', '.join(r.agent for r in reactions)}"
        ),
        detail=(
            "A reaction to aspirin or an NSAID is recorded, so aspirin is not proposed as "
            "anti-mediator therapy and NSAIDs should be avoided (S33, S35, S39); "
            f"{_pain_alternative(patient)} (S33, S35). Most patients with mastocytosis "
            "tolerate aspirin (96-98 %, S32), which is why the avoidance is personal to this "
            "patient rather than a blanket rule (CONFLICT between S32 and S33/S35/S39)."
            + on_list
            + tolerated_text
            + cardiac_text
        ),
        evidence=evidence("S32", "S33", "S35", "S39", *(("S242",) if cardiac else ())),
        findings=tuple(findings),
    )


def _pain_alternative(patient: Patient) -> str:
    """The usual alternative for pain (2.7: acetaminophen, S33, S35) as the reactions allow."""
    kept = allowed(patient.reactions, PAIN_ALTERNATIVES)
    if kept.kept:
        return f"{kept.text(joiner=' or ')} is the usual alternative for pain"
    return f"the usual alternative for pain is ruled out by a recorded reaction: {NO_OPTION}"


_ON_BOARD = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)


def _aspirin_checks(
    patient: Patient, context: Context, findings: list[Finding]
) -> tuple[list[str], list[str], list[str], bool]:
    """Why aspirin gets no dose here, what else to show, the sources, and any bleeding risk.

    The fourth value says a reason is a bleeding risk (then aspirin is not proposed at all).
    Population (adults with SM, S32/S142; children PD22), platelets (a recent count at or
    above the library's floor, AS1/AS2), and a KIT inhibitor or cytoreductive drug on board
    (AS6): each failing check is a reason the dose is a clinician decision. A recent count
    below the floor is a bleeding risk (SR2, the count itself): the card then proposes no
    aspirin at all, with or without a dose.
    """
    bleeding = False
    blocks: list[str] = []
    notes: list[str] = []
    sources: list[str] = []
    age = patient.age_at(context.at)
    if age is None:
        findings.append(_age_note(None, "aspirin", "", None))
        blocks.append(
            "the age is not recorded (record it): the dose source studied adults with SM "
            f"(S32, S142), and in children {ASPIRIN_CHILDREN}"
        )
        sources += ASPIRIN_CHILDREN_SOURCES
    elif age < ADULT_AGE_YEARS:
        findings.append(
            _age_finding(patient, age, ADULT_AGE_YEARS, "aspirin: not proposed to a child")
        )
        blocks.append(
            f"not proposed to a child (age {age:.1f} years): the dose source studied adults "
            f"with SM (S32, S142), and {ASPIRIN_CHILDREN}; both readings agree it is never "
            "given with or after chickenpox or a flu-like illness"
        )
        sources += ASPIRIN_CHILDREN_SOURCES
    if not patient.has_systemic_mastocytosis:
        findings.append(
            Finding(
                input="diagnoses",
                text=", ".join(d.value for d in patient.diagnoses),
                note="no systemic mastocytosis recorded",
            )
        )
        blocks.append(
            "no systemic mastocytosis is recorded: the aspirin doses come from adults with SM "
            "(S32, S142); no source gives a dose for MCAS or cutaneous mastocytosis alone"
        )
    max_age = context.options.cytopenia.count_max_age
    floor = context.options.antimediator.aspirin_min_platelets
    count = latest_count(patient, Analyte.PLATELETS, context.at)
    if count is None:
        findings.append(
            Finding(
                input="labs",
                analyte=Analyte.PLATELETS,
                text="missing",
                note="a recent platelet count is needed before aspirin",
            )
        )
        blocks.append("no platelet count is on record: obtain one before aspirin")
    elif not count.is_fresh(context.at, max_age):
        days = count.age(context.at).days
        findings += count.findings(
            note=f"{days} days old: older than {max_age.days} days (CytopeniaOptions.count_max_age)"
        )
        blocks.append(
            f"the latest platelet count ({count.describe()}) is {days} days old, older than "
            f"{max_age.days} days (CytopeniaOptions.count_max_age): obtain a recent count"
        )
    else:
        grading = classify(count)
        below = floor is not None and count.value < floor
        findings += count.findings(
            threshold=floor,
            comparison=None if floor is None else ("<" if below else ">="),
            note=grading.text,
        )
        graded = f"{count.describe()} ({grading.text})"
        sources += PLATELET_COUNT_DECREASED.sources
        if below:
            assert floor is not None
            blocks.append(f"{graded} is below {floor:g} x10^9/L; {ASPIRIN_PLATELET_BASIS}")
            bleeding = True
        elif grading.low:
            notes.append(f"The count {graded} is low; {ASPIRIN_PLATELET_BASIS}.")
    on_board = patient.medications_of(
        DrugClass.KIT_INHIBITOR, DrugClass.CYTOREDUCTIVE, statuses=_ON_BOARD
    )
    if on_board:
        findings += [_med_finding(patient, m, f"{m.status.value}") for m in on_board]
        blocks.append(
            f"a KIT inhibitor or cytoreductive drug is on board ({', '.join(m.drug for m in on_board)}): "
            + ASPIRIN_BLEEDING_FACTS
        )
        sources += ("S9", "S117", "S129")
    return blocks, notes, sources, bleeding


@aspirin_rule(
    "antimediator.aspirin.consider",
    sources=("S32", "S142", "S50", "S51", "S137", "S53", "S70", "SEED-A", "SEED-B"),
    reads=(Analyte.URINE_PGF2A, Analyte.PLATELETS),
    indicators=(Indicator.INFO,),
    proposes=(ASPIRIN.advice(),),
    triggers=(MAST_CELL_DISORDER,),
)
def aspirin_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider supervised aspirin when the urinary prostaglandin metabolite is elevated.

    Fires for a mast cell disorder when urinary 2,3-dinor-11beta-PGF2alpha is at or above its
    reference limit, no reaction to aspirin or an NSAID is recorded and aspirin is not taken
    or planned (a SEED-ONLY trigger, switchable in the options). The dose (S32, S142) is
    proposed only for an adult with SM with a recent platelet count (CytopeniaOptions.
    count_max_age) at or above options.antimediator.aspirin_min_platelets (a library
    convention, AS1/AS2) and no KIT inhibitor or cytoreductive drug on board (AS6); otherwise
    the facts are shown (count with its CTCAE grade, AS4, PD22 for a child) and the dose is a
    clinician decision.
    """
    if not patient.has_mast_cell_disorder:
        return
    if not context.options.antimediator.aspirin_if_pgf2a_elevated:
        return
    if _nsaid_reactions(patient) or _taking(patient, DrugClass.ASPIRIN):
        return
    read = _mediator(patient, context, Analyte.URINE_PGF2A)
    if read is None or not read.elevated:
        return
    findings = [read.finding]
    blocks, notes, extra_sources, bleeding = _aspirin_checks(patient, context, findings)
    advice: DoseAdvice | None
    if blocks and bleeding:
        # A recent count below the floor is a bleeding risk: no proposal of aspirin at all,
        # only the facts (SR2; issue 16 review).
        advice = None
        dose_text = (
            "Not proposed for this patient: aspirin, because "
            + "; ".join(blocks)
            + f" (the studied dose: {ASPIRIN.advice()}, {ASPIRIN.population}); clinician "
            "decision"
        )
        summary = (
            "Elevated urinary PGF2alpha: aspirin not proposed here (bleeding risk; see detail)"
        )
    elif blocks:
        advice = DoseAdvice(drug="aspirin", route=Route.ORAL, note="dose: clinician decision")
        dose_text = (
            "Proposed: aspirin, dose: clinician decision, because "
            + "; ".join(blocks)
            + f" (the studied dose: {ASPIRIN.advice()}, {ASPIRIN.population})"
        )
        summary = "Elevated urinary PGF2alpha: aspirin is a clinician decision here (see detail)"
    else:
        advice = ASPIRIN.advice()
        dose_text = f"Proposed: {advice} ({ASPIRIN.population}; S32, S142)"
        summary = f"Consider supervised aspirin for elevated urinary PGF2alpha: {advice}"
    nsaids = patient.medications_of(DrugClass.NSAID)
    interference = (
        f" An NSAID is on the list ({', '.join(m.drug for m in nsaids)}); NSAIDs lower the "
        "metabolite, so the true level may be higher (S50)."
        if nsaids
        else ""
    )
    yield Recommendation(
        code="antimediator.aspirin.consider",
        indicator=Indicator.INFO,
        summary=shorten(summary),
        detail=(
            f"Urinary 2,3-dinor-11beta-PGF2alpha {read.lab.canonical:g} pg/mg creatinine is at "
            "or above its reference limit (S50, S51). In 20 SM patients with high excretion, "
            "aspirin 81 mg twice daily up to 500 mg twice daily normalised it (S32, S142). "
            f"{dose_text}. Risk: {ASPIRIN_INITIATION_RISK}. "
            + " ".join(notes)
            + (" " if notes else "")
            + "Choosing aspirin "
            "because the metabolite is raised is SEED-ONLY as a decision rule (SEED-A, SEED-B; "
            "options.antimediator.aspirin_if_pgf2a_elevated); seeds advise caution, and some "
            "lists avoid NSAIDs in mast cell disease (S33, S35; CONFLICT with S32)." + interference
        ),
        medication=advice,
        evidence=evidence("S32", "S142", "S50", "S51", *extra_sources, "SEED-A", "SEED-B"),
        findings=tuple(findings),
    )


# -- omalizumab, corticosteroids -------------------------------------------------------------


@addons_rule(
    "antimediator.omalizumab.consider",
    sources=("S29", "S31", "SEED-B"),
    indicators=(Indicator.INFO,),
    proposes=(OMALIZUMAB.advice(),),
    triggers=(Recorded.SYMPTOM_CONTROL,),
)
def omalizumab_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider omalizumab when symptoms stay refractory on standard therapy.

    Fires for a mast cell disorder not taking or planning omalizumab whose symptoms are
    refractory on an H1 and an H2 antihistamine, or inadequate on an H1, an H2 and cromolyn or
    a leukotriene modifier.
    """
    control = patient.symptom_control
    if not patient.has_mast_cell_disorder or control not in _SEVERE:
        return
    if _taking(patient, DrugClass.ANTI_IGE):
        return
    h1 = patient.medications_of(*_H1)
    h2 = patient.medications_of(DrugClass.H2)
    others = patient.medications_of(DrugClass.MAST_CELL_STABILIZER, *_LEUKOTRIENE)
    if not (h1 and h2) or (control is SymptomControl.INADEQUATE and not others):
        return
    findings = [_control_finding(patient)]
    findings += [_med_finding(patient, m, "taken") for m in (*h1, *h2, *others)]
    advice, dose_text = _dose_or_ask(
        OMALIZUMAB, patient.age_at(context.at), findings, path=_age_path(patient)
    )
    yield Recommendation(
        code="antimediator.omalizumab.consider",
        indicator=Indicator.INFO,
        summary=shorten(f"Consider omalizumab for {control.value} symptoms: {advice}"),
        detail=(
            f"Symptoms are {control.value} on {', '.join(m.drug for m in (*h1, *h2, *others))}. "
            "Omalizumab 150-300 mg subcutaneously every 2-4 weeks is used for mediator symptoms "
            f"not controlled by standard therapy (S29, S31). Proposed: {dose_text}. The evidence "
            "is retrospective and case series only: in refractory MCAS the most common dose "
            "was 150 mg every 2 weeks and complete response was more common at 300 mg a month "
            "or more; in SM it worked best for anaphylaxis and skin symptoms (S31)."
        ),
        medication=advice,
        evidence=evidence("S29", "S31", "SEED-B"),
        findings=tuple(findings),
    )


@addons_rule(
    "antimediator.corticosteroid.consider",
    sources=(*CORTICOSTEROID_SOURCES, "SEED-B"),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def corticosteroid_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider a short systemic corticosteroid course for severe refractory symptoms only.

    Fires for a mast cell disorder whose symptoms are recorded as refractory when no systemic
    corticosteroid is taken or planned. No dose is proposed: the source gives none.
    """
    if not patient.has_mast_cell_disorder:
        return
    if patient.symptom_control is not SymptomControl.REFRACTORY:
        return
    if _taking(patient, DrugClass.CORTICOSTEROID):
        return
    yield Recommendation(
        code="antimediator.corticosteroid.consider",
        indicator=Indicator.INFO,
        summary="Refractory symptoms: consider a short systemic corticosteroid course",
        detail=(
            "Systemic corticosteroids are for prolonged or severe episodes, not routine "
            "maintenance (S30; SEED-B: severe refractory symptoms only). The cited source gives "
            "no dose, so mastcell proposes none: the drug, dose and taper are a clinician "
            "decision."
        ),
        evidence=evidence(*CORTICOSTEROID_SOURCES, "SEED-B"),
        findings=(_control_finding(patient),),
    )
