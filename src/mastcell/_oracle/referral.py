"""The oracle's referral rule: :mod:`mastcell.rules.referral` as it was before conversion.

Referral to a centre with mast cell expertise (sections 2.2.4, 3 item 11).

The confirmed trigger is advanced SM (S46). A cytopenia at WHO C-finding level can be organ
damage that, with SM, defines aggressive SM (S11, S27), so it is read as one too; whether it
is a C-finding is the clinician's attribution to SM (FX7), which the text states. Refractory symptoms
are a SEED-ONLY trigger (SEED-A, SEED-B), on by default; the seeds' referral of every mast
cell disorder is SEED-ONLY and off by default. Both are options.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.counts import c_finding_attribution, c_findings, latest_count
from mastcell.facts import MAST_CELL_DISORDER
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Analyte,
    Diagnosis,
    Finding,
    Indicator,
    Patient,
    Recommendation,
    SymptomControl,
)
from mastcell.rules.registry import Context, oracle_rule
from mastcell.text import shorten

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.referral")

_COUNTS = (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS)


@rule(
    "referral.specialist_center",
    sources=("S46", "S11", "S27", "SEED-A", "SEED-B"),
    reads=(*_COUNTS, Analyte.WBC, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def specialist_center(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Refer to a centre with expertise in mast cell disorders.

    Fires once, with every finding that triggered it, for a mast cell disorder with advanced
    SM (ASM, SM-AHN, MCL; S46), a cytopenia at WHO C-finding level in the latest counts (ANC
    < 1, Hb < 10 g/dL, platelets < 100 x10^9/L; S11, S27), or refractory symptoms (SEED-ONLY,
    an option). Referral of every mast cell disorder (the seeds' wider use) is an option, off
    by default.
    """
    if not patient.has_mast_cell_disorder:
        return
    options = context.options.monitoring
    findings: list[Finding] = []
    reasons: list[str] = []
    sources: list[str] = []
    warning = False

    advanced = [d for d in patient.diagnoses if d.is_advanced_sm]
    if advanced:
        warning = True
        codes = ", ".join(d.value.upper() for d in advanced)
        findings += [Finding(input="diagnoses", text=d.value, note="advanced SM") for d in advanced]
        reasons.append(f"advanced SM ({codes}): referral to a centre with expertise (S46)")
        sources.append("S46")

    counts = [latest_count(patient, analyte, context.at) for analyte in _COUNTS]
    crossed = c_findings(counts)
    if crossed:
        warning = True
        max_age = context.options.cytopenia.count_max_age
        for threshold, count in crossed:
            age_days = count.age(context.at).days
            stale = f"{age_days} days old: repeat the count" if age_days > max_age.days else None
            findings += count.findings(
                threshold=threshold.value, comparison=threshold.comparison, note=stale
            )
        described = ", ".join(count.describe() for _, count in crossed)
        with_sm = (
            "with SM a C-finding (aggressive SM) when attributed to SM, other causes excluded"
            if patient.has_systemic_mastocytosis
            else "a C-finding if SM is confirmed and the cytopenia is attributed to it"
        ) + f" (FX7){c_finding_attribution(patient)}"
        reasons.append(
            f"cytopenia at WHO C-finding level ({described}; {with_sm}, S11, S27; SEED-A "
            "names cytopenias among the complex presentations to refer)"
        )
        sources += ["S11", "S27", "SEED-A"]

    if options.refer_refractory and patient.symptom_control is SymptomControl.REFRACTORY:
        findings.append(Finding(input="symptom_control", text="refractory"))
        reasons.append(
            "symptoms refractory to anti-mediator therapy (a SEED-ONLY trigger: SEED-A, SEED-B "
            "'complex presentations'; options.monitoring.refer_refractory)"
        )
        sources += ["SEED-A", "SEED-B"]

    if not reasons and options.refer_all_mast_cell_disorders:
        findings += [Finding(input="diagnoses", text=d.value) for d in patient.diagnoses]
        reasons.append(
            "options.monitoring.refer_all_mast_cell_disorders is set (the seeds' referral of "
            "every mast cell disorder: SEED-ONLY)"
        )
        sources += ["SEED-A", "SEED-B"]

    if not reasons:
        return
    scope = (
        " The seeds extend referral to every patient with MCAS; that is SEED-ONLY and is not a "
        "trigger by itself here (S46 confirms it for advanced SM)."
        if Diagnosis.MCAS in patient.diagnoses or not advanced
        else ""
    )
    yield Recommendation(
        code="referral.specialist_center",
        indicator=Indicator.WARNING if warning else Indicator.INFO,
        summary=shorten(
            "Refer to a centre with mast cell expertise: "
            + "; ".join(r.split(" (", 1)[0] for r in reasons)
        ),
        detail="Refer for: " + "; ".join(reasons) + "." + scope,
        evidence=evidence(*sources),
        findings=tuple(findings),
    )
