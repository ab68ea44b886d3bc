"""The oracle's cytopenia rules: :mod:`mastcell.rules.cytopenia` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old modules) so that the differential harness can compare the converted rules with the
code they replace; deleted with :mod:`mastcell._oracle` when every area is converted. Here:
``cytopenia.cbc.obtain`` (no count, or a stale one, while on a cytoreductive drug: no dose
decision is made), and, without cytoreductive therapy, ``investigate``,
``bone_marrow_biopsy.consider`` and ``antimediator.continue``. The specialist-centre
referral is the referral area's (``referral.specialist_center``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mastcell.counts import (
    Classification,
    Count,
    c_finding_attribution,
    c_findings,
    classify,
    latest_count,
)
from mastcell.knowledge.cytopenia import (
    ANTIMEDIATOR_CLASSES,
    AVAPRITINIB,
    CBC_ANALYTES,
    CYTOPENIA_SIGNALS,
)
from mastcell.knowledge.drugs import (
    classes_of,
    generic_name,
    ingredients_named,
    ingredients_of,
)
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import (
    Analyte,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
    TryptaseRole,
)
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, oracle_rule

__all__ = ["cytoreductive_medications", "low_counts"]

rule = oracle_rule("mastcell.rules.cytopenia")

_ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD)
_COUNTS = (Analyte.ANC, Analyte.WBC, Analyte.NEUTROPHILS_PCT, Analyte.PLATELETS, Analyte.HEMOGLOBIN)
_LABELS = {
    Analyte.ANC: "ANC",
    Analyte.WBC: "WBC",
    Analyte.PLATELETS: "platelets",
    Analyte.HEMOGLOBIN: "hemoglobin",
}
_CONDITIONS = {
    Analyte.ANC: "neutropenia",
    Analyte.WBC: "leukopenia",
    Analyte.PLATELETS: "thrombocytopenia",
    Analyte.HEMOGLOBIN: "anemia",
}
#: Sources that back a blood count on each cytoreductive drug.
_MONITORING_SOURCES = {
    "midostaurin": ("S1",),
    "avapritinib": ("S5", "S6"),
    "hydroxyurea": ("S71", "S115"),
    "cladribine": ("S29", "S112"),
    "imatinib": ("S117",),
    "interferon alfa": ("S29", "S116"),
}


def cytoreductive_medications(patient: Patient) -> tuple[Medication, ...]:
    """Cytoreductive drugs the patient is on (active, or held and so still under treatment).

    >>> from mastcell.testing import med, patient
    >>> p = patient(medications=[med("hydroxyurea", 500), med("cetirizine", 10),
    ...                          med("midostaurin", status="stopped")])
    >>> [m.drug for m in cytoreductive_medications(p)]
    ['hydroxyurea']
    """
    return patient.medications_of(DrugClass.CYTOREDUCTIVE, statuses=_ON)


def low_counts(
    patient: Patient, context: Context, analytes: Sequence[Analyte]
) -> list[tuple[Count, Classification]]:
    """The latest counts of ``analytes`` at ``context.at`` that are low, with their grade.

    Low means below the lab's lower limit when it gave one, else CTCAE grade 2 or worse;
    a count that cannot be judged (no lab range, above the grade-2 bound) is not reported.

    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.rules.registry import Context
    >>> p = patient(labs=[lab("wbc", 2500, "/uL"), lab("platelets", 180, "K/uL")])
    >>> [c.analyte.value for c, _ in low_counts(p, Context(at=AT), (Analyte.WBC, Analyte.PLATELETS))]
    ['wbc']
    """
    out = []
    for analyte in analytes:
        count = latest_count(patient, analyte, context.at)
        if count is None:
            continue
        grading = classify(count)
        if grading.low:
            out.append((count, grading))
    return out


def _count_findings(
    lows: Sequence[tuple[Count, Classification]], context: Context
) -> tuple[Finding, ...]:
    max_age = context.options.cytopenia.count_max_age
    out: list[Finding] = []
    for count, grading in lows:
        note = f"{grading.text}; low by {grading.basis}"
        if not count.is_fresh(context.at, max_age):
            note += f"; older than {max_age.days} days: repeat the count"
        threshold = grading.lln if grading.lln is not None else None
        out += count.findings(
            threshold=threshold, comparison="<" if threshold is not None else None, note=note
        )
    return tuple(out)


def _describe(lows: Sequence[tuple[Count, Classification]]) -> str:
    return ", ".join(
        f"{count.describe()} ({grading.text if grading.grade is not None else 'below the lab range'})"
        for count, grading in lows
    )


#: The triggers of the rules that read blood counts with or without cytoreductive therapy.
_ON_THERAPY_OR_COUNTS = (
    DrugClass.CYTOREDUCTIVE,
    Analyte.WBC,
    Analyte.ANC,
    Analyte.NEUTROPHILS_PCT,
    Analyte.PLATELETS,
)


@rule(
    "cytopenia.cbc.obtain",
    sources=("S1", "S5", "S6", "S71", "S29", "S112", "S115", "S116", "S117"),
    reads=_COUNTS,
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def cbc_obtain(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Obtain a blood count: no recent count while on cytoreductive therapy.

    Fires when a cytoreductive drug is active or held and its ANC (measured, or derived from
    WBC x neutrophil %), platelet or hemoglobin result is missing or older than
    CytopeniaOptions.count_max_age at the evaluation time, and when avapritinib is planned
    without a recent platelet count. The dose rules make no decision from such a count.
    """
    max_age = context.options.cytopenia.count_max_age
    on = cytoreductive_medications(patient)
    planned = patient.medications_named(AVAPRITINIB, statuses=(MedicationStatus.PLANNED,))
    needed: list[Analyte] = list(CBC_ANALYTES) if on else []
    if planned and not needed:
        needed = [Analyte.PLATELETS]
    if not needed:
        return
    missing: list[str] = []
    findings: list[Finding] = [
        Finding(input=patient.path_of(m), text=f"{m.drug} {m.status.value}")
        for m in (*on, *planned)
    ]
    for analyte in needed:
        count = latest_count(patient, analyte, context.at)
        label = _LABELS[analyte]
        if count is None:
            missing.append(f"{label} (none on record)")
            note = "no result at or before the evaluation time"
            if analyte is Analyte.ANC and patient.latest(Analyte.WBC, context.at) is not None:
                note += "; a WBC without a neutrophil % of the same draw gives no ANC"
            findings.append(Finding(input="labs", analyte=analyte, text="missing", note=note))
        elif not count.is_fresh(context.at, max_age):
            age = count.age(context.at).days
            missing.append(f"{label} ({age} days old)")
            findings += count.findings(note=f"{age} days old: older than {max_age.days} days")
    if not missing:
        return
    drugs = sorted({generic_name(m.drug) or m.drug for m in (*on, *planned)})
    sources = tuple(dict.fromkeys(s for d in drugs for s in _MONITORING_SOURCES.get(d, ("S29",))))
    planned_text = " (platelets before starting avapritinib, S5/S6)" if planned and not on else ""
    yield Recommendation(
        code="cytopenia.cbc.obtain",
        indicator=Indicator.WARNING,
        summary=fit_summary(
            f"Obtain a blood count before any dose decision on {', '.join(drugs)}: "
            + "; ".join(missing)
        ),
        detail=(
            f"No recent result for: {'; '.join(missing)}{planned_text}. mastcell makes no dose "
            f"decision from a count older than {max_age.days} days "
            "(CytopeniaOptions.count_max_age; a library convention matching the avapritinib "
            "label's 2-weekly platelet checks, S5/S6) or from a missing one: obtain a complete "
            "blood count with differential, then re-evaluate."
        ),
        evidence=evidence(*sources),
        findings=tuple(findings),
    )


def _signals(patient: Patient) -> tuple[list[Medication], list[Medication], list[Medication]]:
    """Active medications split into: labelled cytopenia signal, other classified, unclassified."""
    flagged, other, unknown = [], [], []
    for m in patient.medications_of(statuses=_ON):
        if _signalled(m):  # a combination product through each ingredient (Duexis: famotidine)
            flagged.append(m)
        elif not ingredients_of(m.drug):  # a combination product is classified, not unknown
            unknown.append(m)
        else:
            other.append(m)
    return flagged, other, unknown


def _signal_text(flagged: Sequence[Medication]) -> str:
    parts = []
    for m in flagged:
        for generic in _signalled(m):
            signal = CYTOPENIA_SIGNALS[generic]
            name = m.drug if generic_name(m.drug) == generic else f"{m.drug}: {generic}"
            parts.append(f"{name} ({signal.effect}; {', '.join(signal.sources)})")
    return "; ".join(parts)


def _signalled(medication: Medication) -> tuple[str, ...]:
    """The ingredients of a medication whose label lists a cytopenia."""
    return ingredients_named(medication.drug, CYTOPENIA_SIGNALS)


@rule(
    "cytopenia.investigate",
    sources=("SEED-A", "S15", "S14", "S53", "S70"),
    reads=(Analyte.WBC, Analyte.ANC, Analyte.NEUTROPHILS_PCT, Analyte.PLATELETS),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=_ON_THERAPY_OR_COUNTS,
)
def investigate(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Investigate a leukopenia, neutropenia or thrombocytopenia without cytoreductive therapy.

    Fires when the latest WBC, ANC (measured or derived) or platelet count is low (below the
    lab's lower limit, or CTCAE grade 2 or worse) and no cytoreductive drug is active or
    held. Names the drugs on the list with a labelled cytopenia (famotidine, zileuton), and
    every drug mastcell did not assess, so that "no drug explains it" is never implied.
    """
    if cytoreductive_medications(patient):
        return
    lows = low_counts(patient, context, (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS))
    if not lows:
        return
    flagged, other, unknown = _signals(patient)
    conditions = "/".join(dict.fromkeys(_CONDITIONS[c.analyte] for c, _ in lows))
    severe = any(g.grade == 4 for _, g in lows)
    suspects = f"; in the differential: {', '.join(m.drug for m in flagged)}" if flagged else ""
    drug_text = []
    if flagged:
        drug_text.append(
            f"Drugs on the list whose label lists cytopenias: {_signal_text(flagged)}."
        )
    if other:
        drug_text.append(
            "mastcell holds no haematologic-toxicity data for the other listed drugs, so they "
            f"were not assessed: {', '.join(m.drug for m in other)}."
        )
    if unknown:
        drug_text.append(
            f"Unclassified drugs, not assessed (review them): {', '.join(m.drug for m in unknown)}."
        )
    findings = _count_findings(lows, context) + tuple(
        Finding(
            input=patient.path_of(m),
            text=m.drug,
            note=(
                "labelled cytopenia: in the differential"
                if m in flagged
                else "unclassified drug: not assessed"
            ),
        )
        for m in (*flagged, *unknown)
    )
    yield Recommendation(
        code="cytopenia.investigate",
        indicator=Indicator.CRITICAL if severe else Indicator.WARNING,
        summary=fit_summary(f"Investigate the {conditions}: no cytoreductive therapy{suspects}"),
        detail=(
            f"{_describe(lows)}. No cytoreductive drug is on the list, so look for another "
            "cause: drugs, infection, nutritional deficiency, a separate haematologic process, "
            "or systemic mastocytosis with bone marrow involvement (the last two per SEED-A; "
            "SEED-ONLY as a rule, consistent with the WHO C-finding concept, S11/S27). "
            "Anti-mediator drugs are not exempt from the differential: the famotidine and "
            "zileuton labels list cytopenias (S15, S14). "
            + " ".join(drug_text)
            + " Grades: CTCAE v5.0 (S53, S70)."
        ),
        evidence=evidence(
            "SEED-A",
            *(["S15"] if any("famotidine" in _signalled(m) for m in flagged) else []),
            *(["S14"] if any("zileuton" in _signalled(m) for m in flagged) else []),
            "S53",
            "S70",
        ),
        findings=findings,
    )


def _suspected_sm(patient: Patient, context: Context) -> tuple[str | None, tuple[Finding, ...]]:
    """Why SM is known or suspected (None when neither), with the findings behind it."""
    if patient.has_systemic_mastocytosis:
        codes = ", ".join(d.value for d in patient.diagnoses if d.is_systemic_mastocytosis)
        return f"known systemic mastocytosis ({codes})", (Finding(input="diagnoses", text=codes),)
    baseline = [
        lab
        for lab in patient.series(Analyte.TRYPTASE, until=context.at)
        if lab.role is not TryptaseRole.ACUTE
    ]
    if baseline and SM_MINOR_TRYPTASE.crossed(baseline[-1].canonical):
        lab = baseline[-1]
        return f"baseline tryptase {lab.canonical:g} ng/mL above 20 (an SM minor criterion)", (
            Finding(
                input=patient.path_of(lab),
                analyte=Analyte.TRYPTASE,
                value=lab.canonical,
                unit="ng/mL",
                threshold=SM_MINOR_TRYPTASE.value,
                comparison=">",
                time=lab.time,
            ),
        )
    if patient.has(Diagnosis.MCAS, Diagnosis.CM):
        codes = ", ".join(d.value for d in patient.diagnoses if d in (Diagnosis.MCAS, Diagnosis.CM))
        return f"a mast cell disorder ({codes}) in which SM is not excluded", (
            Finding(input="diagnoses", text=codes),
        )
    return None, ()


@rule(
    "cytopenia.bone_marrow_biopsy.consider",
    sources=("S11", "S27", "SEED-A"),
    reads=(
        Analyte.WBC,
        Analyte.ANC,
        Analyte.NEUTROPHILS_PCT,
        Analyte.PLATELETS,
        Analyte.HEMOGLOBIN,
        Analyte.TRYPTASE,
    ),
    indicators=(Indicator.INFO, Indicator.WARNING),
    triggers=(
        DrugClass.CYTOREDUCTIVE,
        DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS,
        Analyte.TRYPTASE,
        Diagnosis.MCAS,
        Diagnosis.CM,
    ),
)
def bone_marrow_biopsy(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider a bone marrow biopsy for a cytopenia in known or suspected SM.

    Fires without cytoreductive therapy when SM is known, or suspected (baseline tryptase
    above 20 ng/mL, or MCAS / cutaneous mastocytosis), and a count reaches a WHO C-finding
    level (ANC < 1, Hb < 10 g/dL, platelets < 100 x10^9/L; warning), or, SEED-ONLY and
    switchable (CytopeniaOptions.marrow_below_c_finding), a milder leukopenia/neutropenia.
    """
    if cytoreductive_medications(patient):
        return
    why, sm_findings = _suspected_sm(patient, context)
    if why is None:
        return
    counts = [latest_count(patient, a, context.at) for a in CBC_ANALYTES]
    crossed = c_findings(counts)
    if crossed:
        findings = sm_findings + tuple(
            f
            for threshold, count in crossed
            for f in count.findings(
                threshold=threshold.value,
                comparison=threshold.comparison,
                note=threshold.meaning,
            )
        )
        listed = ", ".join(
            f"{count.describe()} < {threshold.value:g}" for threshold, count in crossed
        )
        attribution = c_finding_attribution(patient)
        yield Recommendation(
            code="cytopenia.bone_marrow_biopsy.consider",
            indicator=Indicator.WARNING,
            summary=fit_summary(
                f"Consider a bone marrow biopsy: cytopenia at WHO C-finding level ({listed})"
            ),
            detail=(
                f"{listed}: a WHO C-finding level of cytopenia (ANC < 1, Hb < 10 g/dL or "
                f"platelets < 100 x10^9/L; S11, S27), with {why}. In SM a cytopenia at this "
                "level is a C-finding (organ damage; aggressive SM when the SM criteria are "
                "met) only when it is attributed to SM with other causes excluded, a "
                f"clinician's judgement (FX7, BC5){attribution}. A marrow examination is the "
                "way to assess it and to look for another haematologic process; referral to a "
                "centre with expertise is the referral area's advice."
            ),
            evidence=evidence("S11", "S27"),
            findings=findings,
        )
        return
    if not context.options.cytopenia.marrow_below_c_finding:
        return
    lows = low_counts(patient, context, (Analyte.WBC, Analyte.ANC))
    if not lows:
        return
    yield Recommendation(
        code="cytopenia.bone_marrow_biopsy.consider",
        indicator=Indicator.INFO,
        summary=fit_summary(
            "Consider a bone marrow evaluation: "
            + "/".join(dict.fromkeys(_CONDITIONS[c.analyte] for c, _ in lows))
            + f" with {why.split(' (')[0]} (SEED-ONLY)"
        ),
        detail=(
            f"{_describe(lows)}, below the WHO C-finding level, with {why}. SEED-A advises "
            "considering a bone marrow biopsy for a leukopenia in a patient with mast cell "
            "activation who is not on cytoreduction: SEED-ONLY as a rule (consistent with the "
            "C-finding concept, S11/S27; ICC 2022 counts a cytopenia below C-finding level as "
            "a B-finding, S27). Switch off with CytopeniaOptions.marrow_below_c_finding."
        ),
        evidence=evidence("SEED-A", "S27", "S11"),
        findings=sm_findings + _count_findings(lows, context),
    )


@rule(
    "cytopenia.antimediator.continue",
    sources=("SEED-A", "S30", "S15", "S14"),
    reads=(Analyte.WBC, Analyte.ANC, Analyte.NEUTROPHILS_PCT, Analyte.PLATELETS),
    indicators=(Indicator.INFO,),
    triggers=_ON_THERAPY_OR_COUNTS,
)
def antimediator_continue(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Continue anti-mediator therapy during a cytopenia work-up.

    Fires without cytoreductive therapy when a WBC, ANC or platelet count is low and
    anti-mediator drugs are active. Drugs whose label lists cytopenias (famotidine,
    zileuton) are left out and named for review in ``cytopenia.investigate``.
    """
    if cytoreductive_medications(patient):
        return
    lows = low_counts(patient, context, (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS))
    if not lows:
        return
    active = [m for m in patient.medications_of() if classes_of(m.drug) & ANTIMEDIATOR_CLASSES]
    keep = [m for m in active if not _signalled(m)]
    flagged = [m for m in active if _signalled(m)]
    if not keep:
        return
    names = ", ".join(m.drug for m in keep)
    review = (
        f" Not included: {_signal_text(flagged)}; weigh them in the cytopenia work-up."
        if flagged
        else ""
    )
    yield Recommendation(
        code="cytopenia.antimediator.continue",
        indicator=Indicator.INFO,
        summary=fit_summary(
            f"Continue anti-mediator therapy ({names}) during the cytopenia work-up"
        ),
        detail=(
            f"Mediator symptoms still need treatment while the cytopenia ({_describe(lows)}) is "
            "worked up "
            "(SEED-A; anti-mediator therapy is standard care, S30). mastcell's sources record "
            f"no cytopenia for: {names} (none was found for cromolyn, fact sheet A21); that is "
            "not proof that a drug cannot cause one." + review
        ),
        evidence=evidence("SEED-A", "S30", *(s for m in flagged for s in _sources_of(m))),
        findings=tuple(Finding(input=patient.path_of(m), text=m.drug) for m in keep)
        + _count_findings(lows, context),
    )


def _sources_of(medication: Medication) -> tuple[str, ...]:
    return tuple(s for g in _signalled(medication) for s in CYTOPENIA_SIGNALS[g].sources)
