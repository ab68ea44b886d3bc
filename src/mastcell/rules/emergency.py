"""Emergency preparedness: epinephrine auto-injectors and trigger avoidance (section 2.5, 2.7)."""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.knowledge.emergency import (
    ADULT_AGE_YEARS,
    AUTO_INJECTOR_SOURCES,
    EPINEPHRINE_BANDS,
    epinephrine_band,
)
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    Frequency,
    Indicator,
    Patient,
    ReactionSeverity,
    Recommendation,
    Route,
)
from mastcell.rules.registry import Context, rule

_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)


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
    findings += [
        Finding(input=patient.path_of(r), text=f"{r.agent}: anaphylaxis") for r in anaphylaxis
    ]
    indicator = Indicator.CRITICAL if anaphylaxis and not injectors else Indicator.WARNING

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
        band = epinephrine_band(kg)
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
