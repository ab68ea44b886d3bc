"""The oracle's cytoreductive-drug rules: :mod:`mastcell.rules.cytoreduction` before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the old rule
names) for the differential harness; deleted with :mod:`mastcell._oracle`.

Imatinib, cladribine, hydroxyurea and interferon alfa: counts, KIT D816V, prophylaxis (CR1-CR10).

Imatinib follows its label's count rule (CR9): interrupt below ANC 1.0 and/or platelets 50
x10^9/L, restart at ANC >= 1.5 and platelets >= 75 at the previous dose; a recurrence is a
clinician decision (NOT VERIFIED). A documented KIT D816V on imatinib is a critical alert
(CR8). Cladribine, hydroxyurea and interferon alfa have no SM thresholds: a CTCAE v5.0
grade 3-4 count gives "hold and review: clinician decision", with the non-SM label figures as
information. No decision is made from a missing or stale count: ``cytopenia.cbc.obtain``
asks for one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mastcell.counts import Count, classify, fresh_count
from mastcell.facts import Recorded, drug_triggers
from mastcell.knowledge.cytopenia import AVAPRITINIB, MIDOSTAURIN
from mastcell.knowledge.cytoreduction import (
    CLADRIBINE,
    CLADRIBINE_LIVE_VACCINES,
    CLADRIBINE_PROPHYLAXIS,
    GRADED_COUNTS,
    HOLD_REVIEW_DRUGS,
    IMATINIB,
    IMATINIB_COUNTS,
    IMATINIB_D816V,
    LABEL_FIGURES,
    LYMPHOCYTE_GRADES,
)
from mastcell.knowledge.drugs import generic_name, ingredients_of
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    HeldReason,
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

rule = oracle_rule("mastcell.rules.cytoreduction")

_ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD)
_IMATINIB_HOLDS = (HeldReason.NEUTROPENIA, HeldReason.THROMBOCYTOPENIA)


def _med_finding(patient: Patient, medication: Medication) -> Finding:
    text = f"{medication.drug} {medication.status.value}"
    if medication.dose is not None:
        text += f", {medication.dose.value:g} {medication.dose.unit}"
        if medication.frequency is not None:
            text += f" {medication.frequency.label}"
    if medication.held_since is not None:
        text += f", held since {day_of(medication.held_since).isoformat()}"
    if medication.held_reason:
        text += f" ({medication.held_reason})"
    return Finding(input=patient.path_of(medication), text=text)


def _graded(count: Count, threshold: float, comparison: str, note: str) -> tuple[Finding, ...]:
    return count.findings(
        threshold=threshold, comparison=comparison, note=f"{classify(count).text}; {note}"
    )


# -- imatinib (CR8, CR9) ------------------------------------------------------------------

_RULE = IMATINIB_COUNTS
_TRIGGER = f"ANC < {_RULE.anc_below:.1f} and/or platelets < {_RULE.platelets_below:g} x10^9/L"
_RESTART = f"ANC >= {_RULE.anc_restart:.1f} and platelets >= {_RULE.platelets_restart:g} x10^9/L"


def _previous_dose(medication: Medication) -> DoseAdvice:
    """The dose before the hold, as recorded on the medication (the label resumes at it)."""
    if medication.dose is None:
        return DoseAdvice(drug=IMATINIB, timing="resume at the previous dose (not recorded)")
    return DoseAdvice(
        drug=IMATINIB,
        dose=DoseAmount(value=medication.dose.value, unit=medication.dose.unit),
        frequency=medication.frequency,
        route=medication.route,
        timing="resume at the previous dose",
    )


@rule(
    "cytopenia.imatinib.interrupt",
    "cytopenia.imatinib.resume",
    sources=("S117",),
    reads=(Analyte.ANC, Analyte.WBC, Analyte.NEUTROPHILS_PCT, Analyte.PLATELETS),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(
        *drug_triggers(IMATINIB),
        Analyte.WBC,
        Analyte.ANC,
        Analyte.NEUTROPHILS_PCT,
        Analyte.PLATELETS,
    ),
)
def imatinib_counts(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Interrupt imatinib for ANC < 1.0 and/or platelets < 50 x10^9/L; resume at >= 1.5 and >= 75.

    Fires for an active imatinib with a fresh ANC below 1.0 or platelets below 50 x10^9/L
    (interrupt, critical), and for one held for neutropenia or thrombocytopenia: still
    below the restart thresholds (the hold continues) or back at ANC >= 1.5 and platelets
    >= 75 (resume at the previous dose, warning). The reduced dose for a recurrence is NOT
    VERIFIED: clinician decision. No decision from a stale or missing count.
    """
    max_age = context.options.cytopenia.count_max_age
    anc = fresh_count(patient, Analyte.ANC, context.at, max_age)
    platelets = fresh_count(patient, Analyte.PLATELETS, context.at, max_age)
    for medication in patient.medications_named(IMATINIB, statuses=_ON):
        med_finding = _med_finding(patient, medication)
        if medication.status is MedicationStatus.ACTIVE:
            if _RULE.interrupts(anc.value if anc else None, platelets.value if platelets else None):
                yield _imatinib_hold(anc, platelets, med_finding, hold_continues=False)
            continue
        if medication.held_for not in _IMATINIB_HOLDS:
            continue
        if anc is None or platelets is None:
            continue  # both counts decide a restart: cytopenia.cbc.obtain asks for them
        if _RULE.restarts(anc.value, platelets.value):
            yield _imatinib_resume(medication, anc, platelets, med_finding)
        else:
            yield _imatinib_hold(anc, platelets, med_finding, hold_continues=True)


def _imatinib_hold(
    anc: Count | None, platelets: Count | None, med_finding: Finding, *, hold_continues: bool
) -> Recommendation:
    findings: list[Finding] = [med_finding]
    low = []
    for count, below, restart in (
        (anc, _RULE.anc_below, _RULE.anc_restart),
        (platelets, _RULE.platelets_below, _RULE.platelets_restart),
    ):
        if count is None:
            continue
        if count.value < below:
            low.append(count.describe())
            findings += _graded(count, below, "<", "below the interrupt threshold (CR9)")
        elif count.value < restart:
            low.append(count.describe())
            findings += _graded(count, restart, "<", "below the restart threshold (CR9)")
        else:
            findings += _graded(count, restart, ">=", "at or above the restart threshold")
    verb = "Keep imatinib on hold" if hold_continues else "Interrupt imatinib"
    return Recommendation(
        code="cytopenia.imatinib.interrupt",
        indicator=Indicator.CRITICAL,
        summary=fit_summary(
            f"{verb}: {', '.join(low)}; resume at the previous dose when {_RESTART}"
        ),
        detail=(
            f"Imatinib label (S117; {_RULE.rows}): {_TRIGGER}: stop until {_RESTART}, then "
            f"resume at the previous dose. Now: {', '.join(low)}. Note: {_RULE.recurrence}. "
            "Grades: CTCAE v5.0."
        ),
        medication=DoseAdvice(drug=IMATINIB, timing=f"hold until {_RESTART}"),
        evidence=evidence("S117", "S53"),
        findings=tuple(findings),
    )


def _imatinib_resume(
    medication: Medication, anc: Count, platelets: Count, med_finding: Finding
) -> Recommendation:
    findings = (
        med_finding,
        *_graded(anc, _RULE.anc_restart, ">=", "recovered (CR9)"),
        *_graded(platelets, _RULE.platelets_restart, ">=", "recovered (CR9)"),
    )
    dose = _previous_dose(medication)
    shown = "not recorded"
    if dose.dose is not None:
        shown = str(dose.dose) + (f" {dose.frequency.label}" if dose.frequency else "")
    return Recommendation(
        code="cytopenia.imatinib.resume",
        indicator=Indicator.WARNING,
        summary=fit_summary(
            f"Resume imatinib at the previous dose ({shown}): {anc.describe()}, "
            f"{platelets.describe()}"
        ),
        detail=(
            f"Imatinib label (S117; {_RULE.rows}): after a hold for {_TRIGGER}, restart when "
            f"{_RESTART}, at the previous dose; both are met ({anc.describe()}, "
            f"{platelets.describe()}). If this was a recurrence: {_RULE.recurrence}."
        ),
        medication=dose,
        evidence=evidence("S117"),
        findings=findings,
    )


@rule(
    "cytopenia.imatinib.kit_d816v",
    sources=("S117", "S118"),
    indicators=(Indicator.CRITICAL,),
    triggers=(Recorded.KIT_D816V,),
)
def imatinib_d816v(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Imatinib with a documented KIT D816V: not for D816V carriers.

    Fires when imatinib is active, held or planned and the patient's ``kit_d816v`` is true
    (CR8). An unknown KIT status is within the US indication and gives nothing.
    """
    if patient.kit_d816v is not True:
        return
    for medication in patient.medications_named(
        IMATINIB, statuses=(*_ON, MedicationStatus.PLANNED)
    ):
        yield Recommendation(
            code="cytopenia.imatinib.kit_d816v",
            indicator=Indicator.CRITICAL,
            summary=fit_summary(
                f"Imatinib ({medication.status.value}) with KIT D816V: D816V carriers are not "
                "sensitive to imatinib and should not receive it"
            ),
            detail=(
                f"CR8 (S117, S118): {IMATINIB_D816V.text}. The patient's KIT D816V is recorded "
                "as detected: review the indication with the treating haematologist."
            ),
            medication=DoseAdvice(drug=IMATINIB, timing="do not use: KIT D816V detected"),
            evidence=evidence(*IMATINIB_D816V.sources),
            findings=(
                _med_finding(patient, medication),
                Finding(input="kit_d816v", text="KIT D816V detected"),
            ),
        )


# -- cladribine, hydroxyurea, interferon alfa (CR1-CR7, CR10) -----------------------------


def _covered_by_label(drug: str) -> frozenset[Analyte]:
    """Counts a drug's own label rule already decides (imatinib: ANC and platelets, CR9)."""
    if drug == IMATINIB:
        return frozenset({Analyte.ANC, Analyte.PLATELETS})
    return frozenset()


def _severe(
    patient: Patient, context: Context, analytes: Sequence[Analyte]
) -> list[tuple[Count, int]]:
    out = []
    wanted = context.options.cytopenia.hold_review_grade
    max_age = context.options.cytopenia.count_max_age
    for analyte in analytes:
        count = fresh_count(patient, analyte, context.at, max_age)
        if count is None:
            continue
        grade = classify(count).grade
        if grade is not None and grade >= wanted:
            out.append((count, grade))
    return out


@rule(
    "cytopenia.cytoreductive.hold_review",
    sources=("S53", "S70", "S112", "S113", "S115", "S116", "S117", "S119"),
    reads=(*GRADED_COUNTS, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.CRITICAL,),
    triggers=drug_triggers(*HOLD_REVIEW_DRUGS, IMATINIB),
)
def hold_review(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Hold and review a drug without SM count thresholds: CTCAE grade 3-4 count.

    Fires for cladribine, hydroxyurea or interferon alfa (active or held) when a fresh
    ANC, platelet, haemoglobin or WBC count is CTCAE v5.0 grade 3 or 4
    (CytopeniaOptions.hold_review_grade), and for imatinib when haemoglobin or WBC is (its
    ANC and platelets follow the label, cytopenia.imatinib.interrupt). No SM threshold exists
    (CR1, CR5-CR7): the non-SM label figures are shown as information; clinician decision.
    """
    for medication in patient.medications_named(*HOLD_REVIEW_DRUGS, IMATINIB, statuses=_ON):
        drug = generic_name(medication.drug) or medication.drug
        analytes = [a for a in GRADED_COUNTS if a not in _covered_by_label(drug)]
        severe = _severe(patient, context, analytes)
        if not severe:
            continue
        worst = max(severe, key=lambda item: item[1])
        listed = "; ".join(f"{c.describe()} ({classify(c).text})" for c, _ in severe)
        figures = LABEL_FIGURES.get(drug, ())
        info = (
            " ".join(f"[{f.fact}, {f.indication}, {f.tag}] {f.text}." for f in figures)
            or "No count figures for this drug were found in mastcell's sources."
        )
        if drug == IMATINIB:
            info = (
                "The imatinib label rows read (CR9, S117) cover ANC and platelets only; no "
                "haemoglobin or WBC threshold was read."
            )
        lymph = (
            f" Lymphocyte counts are not an input of mastcell; {LYMPHOCYTE_GRADES.text} "
            f"({LYMPHOCYTE_GRADES.fact})."
            if drug == CLADRIBINE
            else ""
        )
        gap = "no label threshold read" if drug == IMATINIB else "no SM threshold exists"
        verb = "Keep" if medication.status is MedicationStatus.HELD else "Hold"
        extra = "on hold " if verb == "Keep" else ""
        findings = [_med_finding(patient, medication)]
        for count, grade in severe:
            findings += count.findings(
                note=f"{classify(count).text}: grade {grade} >= "
                f"{context.options.cytopenia.hold_review_grade}"
            )
        yield Recommendation(
            code="cytopenia.cytoreductive.hold_review",
            indicator=Indicator.CRITICAL,
            summary=fit_summary(
                f"{verb} {medication.drug} {extra}and review: {worst[0].describe()}, CTCAE grade "
                f"{worst[1]}; {gap}: clinician decision"
            ),
            detail=(
                f"On {medication.drug}: {listed}. mastcell's sources give no SM-specific hold "
                "threshold for this drug (addendum section 4, CR1, CR5-CR7), so a CTCAE v5.0 "
                f"grade {context.options.cytopenia.hold_review_grade} or worse count is flagged "
                "for a hold-and-review decision (a library convention, "
                "CytopeniaOptions.hold_review_grade): clinician decision. Figures from other "
                f"indications, for information only, not applied: {info}{lymph}"
            ),
            medication=DoseAdvice(drug=drug, timing="hold and review: clinician decision"),
            evidence=evidence(
                "S53",
                "S70",
                *(s for f in figures for s in f.sources),
                *(["S117"] if drug == IMATINIB else []),
                *(LYMPHOCYTE_GRADES.sources if drug == CLADRIBINE else ()),
            ),
            findings=tuple(findings),
        )


#: What each planned drug's sources say about starting with low counts (information).
_START_FIGURES = {
    MIDOSTAURIN: (
        "the midostaurin label interrupts it below ANC 1.0 x10^9/L or platelets 50 x10^9/L in "
        "patients without MCL, and restarts at ANC >= 1.0 / platelets >= 50 (S1)",
        ("S1",),
    ),
    IMATINIB: (
        "the imatinib label stops it below ANC 1.0 and/or platelets 50 x10^9/L and resumes at "
        "ANC >= 1.5 and platelets >= 75 (CR9, S117)",
        ("S117",),
    ),
}


@rule(
    "cytopenia.cytoreductive.planned_low_count",
    sources=("S53", "S70", "S1", "S117", "S112", "S115", "S116"),
    reads=(*GRADED_COUNTS, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def planned_low_count(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A cytoreductive drug planned while a count is CTCAE grade 3-4: starting is a decision.

    Fires for a planned cytoreductive drug other than avapritinib (its label's platelet rule,
    cytopenia.avapritinib.do_not_start) when a fresh ANC, platelet, haemoglobin or WBC count
    is CTCAE v5.0 grade 3 or worse (CytopeniaOptions.hold_review_grade): a warning naming the
    count with what the drug's sources say (midostaurin S1, imatinib CR9, the non-SM figures
    of cladribine, hydroxyurea, interferon). Whether to start is a clinician decision.
    """
    for medication in patient.medications_of(
        DrugClass.CYTOREDUCTIVE, statuses=(MedicationStatus.PLANNED,)
    ):
        drug = generic_name(medication.drug) or medication.drug
        if drug == AVAPRITINIB:
            continue
        severe = _severe(patient, context, GRADED_COUNTS)
        if not severe:
            continue
        worst = max(severe, key=lambda item: item[1])
        listed = "; ".join(f"{c.describe()} ({classify(c).text})" for c, _ in severe)
        figures = LABEL_FIGURES.get(drug, ())
        own, own_sources = _START_FIGURES.get(drug, ("", ()))
        info = " ".join(
            [
                *([f"{own[0].upper()}{own[1:]}."] if own else []),
                *(f"[{f.fact}, {f.indication}, {f.tag}] {f.text}." for f in figures),
            ]
        ) or ("No count figures for this drug were found in mastcell's sources.")
        findings = [_med_finding(patient, medication)]
        for count, grade in severe:
            findings += count.findings(note=f"{classify(count).text}: grade {grade}")
        yield Recommendation(
            code="cytopenia.cytoreductive.planned_low_count",
            indicator=Indicator.WARNING,
            summary=fit_summary(
                f"{medication.drug.capitalize()} is planned with {worst[0].describe()} (CTCAE "
                f"grade {worst[1]}): starting now is a clinician decision"
            ),
            detail=(
                f"{medication.drug.capitalize()} is planned ({patient.path_of(medication)}) and "
                f"the counts are low: {listed}. A CTCAE v5.0 grade "
                f"{context.options.cytopenia.hold_review_grade} or worse count is flagged before "
                "a cytoreductive drug starts (a library convention, "
                f"CytopeniaOptions.hold_review_grade). What the sources say: {info} Whether "
                "and when to start: clinician decision."
            ),
            evidence=evidence("S53", "S70", *own_sources, *(s for f in figures for s in f.sources)),
            findings=tuple(findings),
        )


@rule(
    "cytopenia.cladribine.prophylaxis",
    sources=("S29", "S112", "S114"),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers(CLADRIBINE),
)
def cladribine_prophylaxis(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Check Pneumocystis and herpes prophylaxis on cladribine; avoid live vaccines.

    Fires for a cladribine active, held or planned (information): Pneumocystis prophylaxis is
    needed in SM (S29) but the SM regimen is not verified; the hairy cell leukaemia regimen
    (S114) is shown as such. Names the prophylaxis found on the medication list, if any.
    """
    meds = patient.medications_named(CLADRIBINE, statuses=(*_ON, MedicationStatus.PLANNED))
    if not meds:
        return
    covered: list[str] = []
    missing: list[str] = []
    findings = [_med_finding(patient, m) for m in meds]
    for need, drugs in CLADRIBINE_PROPHYLAXIS.covering_drugs.items():
        wanted = {ingredients_of(d) or (d,) for d in drugs}
        found = [
            m for m in patient.medications_of() if (ingredients_of(m.drug) or (m.drug,)) in wanted
        ]
        if found:
            covered.append(f"{need} ({', '.join(m.drug for m in found)})")
            findings += [
                Finding(input=patient.path_of(m), text=f"{m.drug}: {need} prophylaxis")
                for m in found
            ]
        else:
            missing.append(need)
    status = (
        (f"on the list: {'; '.join(covered)}" if covered else "")
        + ("; " if covered and missing else "")
        + (f"not on the list: {', '.join(missing)}" if missing else "")
    )
    yield Recommendation(
        code="cytopenia.cladribine.prophylaxis",
        indicator=Indicator.INFO,
        summary=fit_summary(
            f"Cladribine: check Pneumocystis and herpes prophylaxis ({status}); avoid live vaccines"
        ),
        detail=(
            f"{CLADRIBINE_PROPHYLAXIS.need.capitalize()}: Pneumocystis prophylaxis is needed "
            "after cladribine in SM (S29); the SM drug, dose and duration could not be found "
            "(NOT VERIFIED): clinician decision. For comparison, "
            f"{CLADRIBINE_PROPHYLAXIS.other_regimen} (S114). Also: "
            f"{CLADRIBINE_LIVE_VACCINES.text} ({CLADRIBINE_LIVE_VACCINES.fact}, S112). "
            f"Medication list: {status}."
        ),
        evidence=evidence("S29", "S114", "S112"),
        findings=tuple(findings),
    )
