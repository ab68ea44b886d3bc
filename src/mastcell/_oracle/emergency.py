"""The oracle's copy of :mod:`mastcell.rules.emergency` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. The original module said:

Emergency preparedness: epinephrine auto-injectors and trigger avoidance (section 2.5, 2.7).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from mastcell._oracle.special_populations import metamizole_excluded
from mastcell.facts import MAST_CELL_DISORDER
from mastcell.guard import NONE_KNOWN_ANAPHYLAXIS, anaphylaxis_finding
from mastcell.knowledge.allergy import NO_OPTION
from mastcell.knowledge.drugs import Match, ingredients_of
from mastcell.knowledge.emergency import (
    ADULT_AGE_YEARS,
    AUTO_INJECTOR_SOURCES,
    EPINEPHRINE_BANDS,
    epinephrine_band,
)
from mastcell.knowledge.options import PerioperativeOptions
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.knowledge.safety import SAFETY, SafetyGroup, SafetyLevel
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.special_populations import METAMIZOLE_DRUG
from mastcell.knowledge.triggers import PHYSICAL_TRIGGERS, TRIGGER_SOURCES
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    Frequency,
    Indicator,
    MedicationStatus,
    Patient,
    Reaction,
    ReactionSeverity,
    Recommendation,
    Route,
)
from mastcell.rules.registry import Context, oracle_rule
from mastcell.vetting import alternatives, vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.emergency")

_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)
_TAKEN = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
_AVOID = SafetyLevel.AVOID


@rule(
    "emergency.epinephrine.prescribe",
    sources=("S16", "S44", "S29", "SEED-A", "SEED-B"),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=tuple(
        DoseAdvice(
            drug="epinephrine",
            dose=DoseAmount(value=band.dose_mg, unit="mg"),
            route=Route.IM,
            frequency=Frequency.PRN,
            note=f"auto-injector, {band.min_kg:g} kg and over"
            + (f", under {band.below_kg:g} kg" if band.below_kg else ""),
        )
        for band in EPINEPHRINE_BANDS
    ),
    triggers=(MAST_CELL_DISORDER,),
)
def epinephrine_prescribe(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Prescribe epinephrine auto-injectors, dosed by weight.

    Fires for a mast cell disorder when fewer auto-injectors than the options ask (two) are
    on the medication list. The dose follows the label's weight bands; below the lowest band,
    or with no weight in a child, the dose is stated as a clinician decision.
    """
    if not patient.has_mast_cell_disorder:
        return
    wanted = context.options.emergency.auto_injectors_to_carry
    injectors = [
        m for m in patient.medications_of(DrugClass.EPINEPHRINE) if m.route in _INJECTABLE_ROUTES
    ]
    known = sum(m.quantity or 0 for m in injectors)
    unknown = [m for m in injectors if m.quantity is None]
    if known >= wanted:
        return
    findings = [
        Finding(
            input=patient.path_of(m),
            text=m.drug,
            value=m.quantity,
            note="quantity not stated" if m.quantity is None else "auto-injectors on hand",
        )
        for m in injectors
    ]
    if not injectors:
        findings.append(Finding(input="medications", text="no epinephrine auto-injector listed"))
    anaphylaxis = [r for r in patient.reactions if r.severity is ReactionSeverity.ANAPHYLAXIS]
    findings += [anaphylaxis_finding(patient, r) for r in anaphylaxis]
    indicator = Indicator.CRITICAL if anaphylaxis and not injectors else Indicator.WARNING
    contradictory = [f for f in findings if f.note == NONE_KNOWN_ANAPHYLAXIS]

    dose, dose_text = _dose(patient, context, findings)
    medication = None
    if dose is not None:
        medication = DoseAdvice(
            drug="epinephrine",
            dose=DoseAmount(value=dose, unit="mg"),
            route=Route.IM,
            frequency=Frequency.PRN,
            note="auto-injector into the anterolateral thigh; may repeat after 5-15 min",
        )
    have = (
        "none"
        if not injectors
        else (
            f"{known} recorded" + (f", {len(unknown)} entry without a quantity" if unknown else "")
        )
    )
    yield Recommendation(
        code="emergency.epinephrine.prescribe",
        indicator=indicator,
        summary=(
            f"Prescribe {wanted} epinephrine auto-injectors "
            + (f"{dose:g} mg" if dose is not None else "(dose: clinician decision)")
            + " and train their use"
        ),
        detail=(
            f"Patients with a mast cell disorder should carry {wanted} epinephrine "
            f"auto-injectors at all times (S44 lists mastocytosis as a reason to prescribe more "
            f"than one); on the list now: {have}. Dose: {dose_text}. Train the patient and "
            "carers to inject at once for hypotension, breathing difficulty or throat swelling; "
            "an expert panel advises a lower threshold in mast cell disorders, treating even "
            "moderate skin or mucosal symptoms, and calling emergency services when alone, "
            "without a second device, far from hospital, or after two doses (S44). Adults: "
            "0.3-0.5 mg IM, repeated every 5-15 min as needed (S29)."
            + (
                " Prior anaphylaxis counted from a 'no known drug allergies' entry that carries "
                "the severity anaphylaxis ("
                + ", ".join(f.input for f in contradictory)
                + "): contradictory; the anaphylaxis is used, the safer reading; check the record."
                if contradictory
                else ""
            )
        ),
        medication=medication,
        evidence=evidence(*AUTO_INJECTOR_SOURCES, "S29"),
        findings=tuple(findings),
    )


def _dose(patient: Patient, context: Context, findings: list[Finding]) -> tuple[float | None, str]:
    """The labelled auto-injector dose, or None with the reason a clinician must decide."""
    age = patient.age_at(context.at)
    if patient.weight is not None:
        kg = patient.weight.kg
        band = epinephrine_band(kg, context.options.emergency.epinephrine_switch)
        findings.append(
            Finding(
                input="weight",
                value=kg,
                unit="kg",
                threshold=band.min_kg if band else 7.5,
                comparison=">=" if band else "<",
            )
        )
        if band is None:
            return None, (
                f"weight {kg:g} kg is below the lowest labelled band (7.5 kg): "
                "dose is a clinician decision"
            )
        return band.dose_mg, f"{band.dose_mg:g} mg for {kg:g} kg, label weight band"
    if age is not None and age >= ADULT_AGE_YEARS:
        findings.append(
            Finding(
                input="age" if patient.age else "birth_date",
                value=age,
                unit="a",
                threshold=ADULT_AGE_YEARS,
                comparison=">=",
                note="weight unknown: adult device assumed",
            )
        )
        return 0.3, "0.3 mg adult device; weight unknown, confirm it is 30 kg or more"
    findings.append(
        Finding(input="weight", text="unknown", note="needed to choose a device below adult age")
    )
    return None, "weight unknown: record it; the device dose is a clinician decision"


def _drug_groups(patient: Patient, context: Context) -> str:
    """2.7 in one sentence per class: the agents to avoid and the usual alternatives.

    The alternatives are those the patient's recorded reactions allow: never a drug the patient
    reacted to or one that may cross-react with it; when none is left, the text says so.
    """
    return _drug_groups_for(context.options.perioperative, patient.reactions)


@functools.lru_cache(maxsize=256)
def _drug_groups_for(options: PerioperativeOptions, reactions: tuple[Reaction, ...]) -> str:
    # Built once per set of options and recorded reactions (both hashable).
    parts = []
    for group in SafetyGroup:
        avoid = [e.generic for e in SAFETY.values() if e.group is group and e.level is _AVOID]
        if avoid:
            listed = alternatives(group, options)
            alts = alternatives(group, options, reactions)[:4] if reactions else listed[:4]
            shown = ", ".join(alts) if alts else NO_OPTION
            parts.append(
                f"{group.label}: avoid {', '.join(avoid)}"
                + (f" (usual alternatives: {shown})" if listed else "")
            )
    return "; ".join(parts)


@rule(
    "emergency.triggers.avoid",
    sources=(*TRIGGER_SOURCES, "S33", "S35", "S39", "S32", "SEED-A"),
    reads=(Analyte.ANC, Analyte.WBC, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.INFO, Indicator.WARNING, Indicator.CRITICAL),
    triggers=(MAST_CELL_DISORDER,),
)
def triggers_avoid(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avoid known mast cell triggers, personalised by the patient's reactions and drugs.

    Fires for every mast cell disorder with the physical triggers and the drug classes of
    section 2.7. Recorded reactions are named (as physical triggers, rated drugs or free
    text), and drugs taken or planned that the safety catalogue flags are listed with their
    alternatives: a warning when such a drug is rated avoid or the patient reacted to it,
    critical when the patient had anaphylaxis to a drug taken or planned now.
    """
    if not patient.has_mast_cell_disorder:
        return
    findings: list[Finding] = []
    physical: list[str] = []
    reacted: dict[str, Reaction] = {}
    classes: list[str] = []
    none_known: list[str] = []
    other: list[str] = []
    for reaction in patient.reactions:
        severity = "" if reaction.severity is None else f" ({reaction.severity.value})"
        read = resolve_reaction(reaction.agent)
        if read.how is Match.TRIGGER and read.trigger is not None:
            physical.append(f"{read.trigger.name}{severity}")
            note = f"physical trigger: {read.trigger.advice}"
        elif read.how is Match.NONE_KNOWN:
            none_known.append(patient.path_of(reaction))
            note = "no known drug allergies: no agent"
        elif read.known:
            for generic in read.ingredients:
                reacted.setdefault(generic, reaction)
            classes += [g.name for g in read.classes]
            note = "drug reaction: avoid this drug for this patient"
            if (
                read.how is not Match.EXACT
                or read.stripped
                or read.ingredients != (reaction.agent,)
            ):
                note += f" ({read.describe()})"
        else:
            other.append(f"{_short(reaction.agent)}{severity}")
            note = "recorded reaction: avoid"
        findings.append(
            Finding(
                input=patient.path_of(reaction),
                text=f"{_short(reaction.agent)}{severity}",
                note=note,
            )
        )

    taken = patient.medications_of(statuses=_TAKEN)
    indicator = Indicator.INFO
    flagged: list[str] = []
    for medication in taken:
        verdict = vet_agent(medication.drug, context.options.perioperative, patient.reactions)
        prior = next((reacted[g] for g in ingredients_of(medication.drug) if g in reacted), None)
        if prior is None and not verdict.flagged:
            continue
        if prior is not None:
            anaphylaxis = prior.severity is ReactionSeverity.ANAPHYLAXIS
            indicator = Indicator.CRITICAL if anaphylaxis else _raise_to_warning(indicator)
            text = f"{medication.drug}: the patient reacted to it ({patient.path_of(prior)})."
        else:
            if verdict.level is _AVOID:
                indicator = _raise_to_warning(indicator)
            # Alternatives a label rules out for this patient are named, not offered (SR5).
            text = verdict.describe(
                metamizole_excluded(patient, context)
                if METAMIZOLE_DRUG in verdict.alternatives
                else None
            )
        flagged.append(text)
        findings.append(
            Finding(
                input=patient.path_of(medication),
                text=medication.drug,
                note=f"{medication.status.value}; "
                + ("reacted to it" if prior is not None else f"rated {verdict.level}"),
            )
        )
    if not findings:
        findings.append(Finding(input="reactions", text="no reaction recorded"))

    personal = []
    if physical:
        personal.append(f"physical triggers recorded: {', '.join(physical)}")
    if reacted:
        personal.append(f"drugs reacted to: {', '.join(reacted)}")
    if classes:
        personal.append(f"drug classes reacted to: {', '.join(dict.fromkeys(classes))}")
    if none_known:
        personal.append(f"no known drug allergies recorded ({', '.join(none_known)})")
    if other:
        personal.append(f"other recorded reactions: {', '.join(other)}")
    summary = f"Avoid known triggers; {'; '.join(personal)}" if personal else "Avoid known triggers"
    summary += (
        " (heat, cold, friction, stress, alcohol, venom; histamine-releasing drugs)"
        if len(summary) < 60
        else ""
    )
    general = "; ".join(t.advice for t in PHYSICAL_TRIGGERS)
    yield Recommendation(
        code="emergency.triggers.avoid",
        indicator=indicator,
        summary=summary if len(summary) <= 140 else summary[:137] + "...",
        detail=(
            f"Physical and other triggers (S34, S45, S43): {general}. Drugs that can activate "
            f"mast cells, with the usual alternatives (S33, S35, S39): "
            f"{_drug_groups(patient, context)}; "
            f"with caution: {_cautions()} (S33). NSAIDs and aspirin are on the trigger lists, "
            "but most patients with mastocytosis tolerate aspirin (S32: CONFLICT; personal "
            "history decides)."
            + (f" For this patient: {'; '.join(personal)}." if personal else "")
            + (f" On the medication list: {' '.join(flagged)}" if flagged else "")
        ),
        evidence=evidence(*TRIGGER_SOURCES, "S33", "S35", "S39", "S32", "SEED-A"),
        findings=tuple(findings),
    )


@functools.lru_cache(maxsize=1)
def _cautions() -> str:
    """The "other" agents rated caution in the safety catalogue, by their stated reason."""
    reasons: dict[str, list[str]] = {}
    for entry in SAFETY.values():
        if entry.group is SafetyGroup.OTHER and entry.level is SafetyLevel.CAUTION:
            reasons.setdefault(entry.reason, []).append(entry.generic)
    return "; ".join(f"{', '.join(names)} ({reason})" for reason, names in reasons.items())


def _short(text: str, limit: int = 60) -> str:
    """An agent as the card quotes it: cut to ``limit`` characters (a 1 MB agent stays out)."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _raise_to_warning(current: Indicator) -> Indicator:
    """Raise info to warning; never lower a critical."""
    return current if current is Indicator.CRITICAL else Indicator.WARNING
