"""The oracle's embryo-fetal rule: :mod:`mastcell.rules.pregnancy` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the old rule
name) for the differential harness; deleted with :mod:`mastcell._oracle`.

Embryo-fetal toxicity of midostaurin, avapritinib and hydroxyurea: pregnancy, breastfeeding.

For a midostaurin, avapritinib or hydroxyurea that is active, held or planned: ``pregnant`` true is
critical (clinician decision), ``lactating`` true a warning, and an unknown pregnancy status
in a patient who could be of reproductive potential (sex recorded female or other; aged 12-55
or of unknown age: a library convention) an information reminder to check pregnancy status and
contraception (LW11, LW12, LW17; hydroxyurea SR12).
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import Recorded, drug_triggers
from mastcell.knowledge.drugs import ingredients_named
from mastcell.knowledge.pregnancy import EMBRYO_FETAL, REPRODUCTIVE_AGE, EmbryoFetal
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
)
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, oracle_rule

__all__: list[str] = []

rule = oracle_rule("mastcell.rules.pregnancy")

_STATUSES = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)


def _medications(patient: Patient) -> list[tuple[Medication, EmbryoFetal]]:
    out = []
    for medication in patient.medications_named(*EMBRYO_FETAL, statuses=_STATUSES):
        for generic in ingredients_named(medication.drug, EMBRYO_FETAL):
            out.append((medication, EMBRYO_FETAL[generic]))
    return out


def _med_finding(patient: Patient, medication: Medication) -> Finding:
    return Finding(
        input=patient.path_of(medication), text=f"{medication.drug} {medication.status.value}"
    )


@rule(
    "cytopenia.embryo_fetal.pregnant",
    "cytopenia.embryo_fetal.lactating",
    "cytopenia.embryo_fetal.check",
    sources=("S101", "S102", "S105", "S108", "S107", "S10", "S249"),
    indicators=(Indicator.INFO, Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.AGE, *drug_triggers(*EMBRYO_FETAL)),
)
def embryo_fetal(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Embryo-fetal toxicity of midostaurin, avapritinib, hydroxyurea: pregnancy, breastfeeding.

    Fires for an active, held or planned midostaurin, avapritinib or hydroxyurea: pregnant
    (critical, clinician decision); lactating (warning: midostaurin no breastfeeding during
    and 4 months after, LW17; avapritinib as the sources say, LW12; hydroxyurea's lactation
    text not read, SR12); pregnancy status unknown in a patient
    recorded female or other, aged 12-55 or of unknown age (a library convention): a reminder
    to check pregnancy status and contraception (info).
    """
    age = patient.age_at(context.at)
    for medication, facts in _medications(patient):
        findings = (_med_finding(patient, medication),)
        sources = evidence(*facts.sources)
        drug = medication.drug
        after = str(facts.contraception_after)
        if patient.pregnant is True:
            yield Recommendation(
                code="cytopenia.embryo_fetal.pregnant",
                indicator=Indicator.CRITICAL,
                summary=fit_summary(
                    f"Pregnant on {drug} ({medication.status.value}): {facts.harm}; clinician "
                    "decision"
                ),
                detail=(
                    f"{facts.drug.capitalize()} ({facts.facts}): {facts.harm}; "
                    f"{facts.before_start}; {facts.contraception}. The patient is recorded as "
                    "pregnant: whether to start, continue or stop is a clinician decision "
                    "(with obstetric and haematology input)."
                ),
                evidence=sources,
                findings=(*findings, Finding(input="pregnant", text="pregnant: true")),
            )
        if patient.lactating is True:
            period = (
                f"no breastfeeding during treatment and for {facts.breastfeeding_after} after"
                if facts.breastfeeding_after is not None
                else f"breastfeeding: see the detail ({facts.breastfeeding_gap})"
            )
            yield Recommendation(
                code="cytopenia.embryo_fetal.lactating",
                indicator=Indicator.WARNING,
                summary=fit_summary(f"Breastfeeding on {drug}: {period} ({facts.facts})"),
                detail=(
                    f"{facts.drug.capitalize()} ({facts.facts}): {facts.breastfeeding}. The "
                    "patient is recorded as breastfeeding: clinician decision."
                ),
                evidence=sources,
                findings=(*findings, Finding(input="lactating", text="lactating: true")),
            )
        if patient.pregnant is None and REPRODUCTIVE_AGE.includes(patient.sex, age):
            yield Recommendation(
                code="cytopenia.embryo_fetal.check",
                indicator=Indicator.INFO,
                summary=fit_summary(
                    f"{drug.capitalize()}: check pregnancy status and contraception (during "
                    f"treatment and {after} after the last dose)"
                ),
                detail=(
                    f"{facts.drug.capitalize()} ({facts.facts}): {facts.harm}; "
                    f"{facts.before_start}; {facts.contraception}; {facts.men}. Breastfeeding: "
                    f"{facts.breastfeeding}. Pregnancy status is not recorded (``pregnant`` "
                    f"unknown); reminded because the patient could be of reproductive "
                    f"potential: {REPRODUCTIVE_AGE.note}."
                ),
                evidence=sources,
                findings=(
                    *findings,
                    Finding(input="pregnant", text="pregnancy status unknown"),
                ),
            )
