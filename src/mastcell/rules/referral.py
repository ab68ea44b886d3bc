"""Referral to a centre with mast cell expertise (sections 2.2.4, 3 item 11).

The confirmed trigger is advanced SM (S46). A cytopenia at WHO C-finding level can be organ
damage that, with SM, defines aggressive SM (S11, S27), so it is read as one too; whether it
is a C-finding is the clinician's attribution to SM (FX7), which the text states. Refractory symptoms
are a SEED-ONLY trigger (SEED-A, SEED-B), on by default; the seeds' referral of every mast
cell disorder is SEED-ONLY and off by default. Both are options.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.referral_facts`), text in :mod:`mastcell.text.referral`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.model import Diagnosis, DiagnosisFamily, Finding, Indicator, SymptomControl
from mastcell.reads import COUNTS, DIAGNOSES
from mastcell.rules.declare import decides
from mastcell.rules.referral_facts import (
    C_LEVEL,
    C_LEVEL_ANALYTES,
    SYMPTOM_CONTROL,
    crossed,
)
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "referral.specialist_center",
    sources=("S46", "S11", "S27", "SEED-A", "SEED-B"),
    reads=((DIAGNOSES,), (*(COUNTS[a] for a in C_LEVEL_ANALYTES), C_LEVEL), (SYMPTOM_CONTROL,)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def specialist_center(f: Facts, context: Context) -> Sequence[Decision]:
    """Refer to a centre with expertise in mast cell disorders.

    Fires once, with every finding that triggered it, for a mast cell disorder with advanced
    SM (ASM, SM-AHN, MCL; S46), a cytopenia at WHO C-finding level in the latest counts (ANC
    < 1, Hb < 10 g/dL, platelets < 100 x10^9/L; S11, S27), or refractory symptoms (SEED-ONLY,
    an option). Referral of every mast cell disorder (the seeds' wider use) is an option, off
    by default.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    options = context.options.monitoring
    findings: list[Finding] = []
    sources: list[str] = []

    diagnoses = DIAGNOSES.of(f)
    advanced = tuple(d for d in diagnoses if d.is_advanced_sm)
    if advanced:
        findings += [Finding(input="diagnoses", text=d.value, note="advanced SM") for d in advanced]
        sources.append("S46")

    levels = crossed(f)
    attributed = None
    if levels:
        max_age = context.options.cytopenia.count_max_age
        for threshold, count in levels:
            age_days = count.age(context.at).days
            stale = f"{age_days} days old: repeat the count" if age_days > max_age.days else None
            findings += count.findings(
                threshold=threshold.value, comparison=threshold.comparison, note=stale
            )
        attributed = C_LEVEL.of(f)
        sources += ["S11", "S27", "SEED-A"]

    refractory = False
    if options.refer_refractory:
        refractory = SYMPTOM_CONTROL.of(f) is SymptomControl.REFRACTORY
        if refractory:
            findings.append(Finding(input="symptom_control", text="refractory"))
            sources += ["SEED-A", "SEED-B"]

    refer_all = not (advanced or levels or refractory) and options.refer_all_mast_cell_disorders
    if refer_all:
        findings += [Finding(input="diagnoses", text=d.value) for d in diagnoses]
        sources += ["SEED-A", "SEED-B"]

    if not (advanced or levels or refractory or refer_all):
        return () if options.refer_refractory else upto(1)
    decision = Decision(
        code="referral.specialist_center",
        indicator=Indicator.WARNING if advanced or levels else Indicator.INFO,
        action=Action.REFER,
        findings=tuple(findings),
        sources=tuple(dict.fromkeys(sources)),
        params={
            "advanced": tuple(d.value.upper() for d in advanced),
            "crossed": levels,
            "sm": DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families,
            "attributed": attributed,
            "refractory": refractory,
            "refer_all": refer_all,
            "scope": Diagnosis.MCAS in f.diagnoses or not advanced,
        },
    )
    return (decision,) if options.refer_refractory else upto(1, decision)
