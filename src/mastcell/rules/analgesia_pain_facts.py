"""What the pain rules read (:mod:`mastcell.rules.analgesia`): the pain, its onset, the dose.

The pain assessment (:data:`PAIN`, a pain of score 1 or more), whether it is chronic (longer
than 3 months, S80), the analgesics taken, and the cyproheptadine band the label gives for
the age and weight.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, patient
>>> f = facts_of(patient(pain=PainAssessment(score=3)), AT)
>>> pain_of(f).score, PAIN.paths(f)
(3, ('pain',))
"""

from __future__ import annotations

import calendar
from datetime import date

from mastcell.facts import Facts
from mastcell.knowledge.analgesia import (
    ANALGESIC_CLASSES,
    CHRONIC_PAIN_MONTHS,
    CYPROHEPTADINE_BANDS,
    CYPROHEPTADINE_MAX_MG_PER_KG_DAY,
    CyproheptadineBand,
    cyproheptadine_band,
)
from mastcell.knowledge.special_populations import CYPROHEPTADINE
from mastcell.model import Finding, PainAssessment
from mastcell.model.dates import day_of
from mastcell.reads import WEIGHT, FieldRead, MedicationsRead, NamedRead
from mastcell.rules.procedure_facts import age_finding
from mastcell.rules.registry import Context

__all__ = [
    "ANALGESICS_ON",
    "CYPROHEPTADINE_ON",
    "PAIN",
    "chronic",
    "cyproheptadine_dose",
    "pain_finding",
    "pain_of",
]

#: The pain assessment (read when given).
PAIN = FieldRead("pain")
#: The analgesics taken (active): refractory pain is pain persisting while one is taken.
ANALGESICS_ON = MedicationsRead("analgesics taken", *ANALGESIC_CLASSES)
#: Cyproheptadine taken (active), by ingredient.
CYPROHEPTADINE_ON = NamedRead("cyproheptadine active", drugs=(CYPROHEPTADINE,))


def pain_of(f: Facts) -> PainAssessment | None:
    """The pain assessment when the patient has pain (score 1 or more; read: :data:`PAIN`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> pain_of(facts_of(patient(pain=PainAssessment(score=0)), AT)) is None
    True
    """
    pain: PainAssessment | None = PAIN.of(f)
    return pain if pain is not None and pain.score >= 1 else None


def pain_finding(pain: PainAssessment, severe: int) -> Finding:
    """The pain score against the severe cut-off, as a finding.

    >>> str(pain_finding(PainAssessment(score=8, site="back"), 7))
    'pain: back 8 /10 >= 7'
    """
    return Finding(
        input="pain",
        value=pain.score,
        unit="/10",
        threshold=severe,
        comparison=">=" if pain.score >= severe else "<",
        text=pain.site,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def chronic(pain: PainAssessment, context: Context) -> bool | None:
    """Pain for longer than 3 months (S80); None when its onset is not recorded.

    >>> from mastcell.testing import AT
    >>> chronic(PainAssessment(score=3, since=date(2026, 1, 1)), Context(at=AT))
    True
    """
    if pain.since is None:
        return None
    return day_of(context.at) > _add_months(day_of(pain.since), CHRONIC_PAIN_MONTHS)


def cyproheptadine_dose(
    f: Facts, age: float | None
) -> tuple[CyproheptadineBand | None, str | None, list[Finding]]:
    """The labelled band to propose, or None with why the dose is a clinician decision.

    Reads :data:`~mastcell.rules.procedure_facts.AGE_GIVEN`, then (with a band)
    :data:`~mastcell.reads.WEIGHT`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> band, why_not, _ = cyproheptadine_dose(facts_of(patient(), AT), 40.0)
    >>> band.max_mg_per_day, why_not
    (32.0, None)
    """
    findings = [age_finding(f, age, 15.0)]
    if age is None:
        bands = "; ".join(
            f"{b.from_years:g}-{b.below_years:g} y: {b.dose} {b.timing}, max {b.max_mg_per_day:g} mg/day"
            if b.below_years
            else f"{b.from_years:g} y and over: {b.dose} three times daily, max {b.max_mg_per_day:g} mg/day"
            for b in CYPROHEPTADINE_BANDS
        )
        return None, f"age unknown: record it; label doses by age: {bands}", findings
    band = cyproheptadine_band(age)
    if band is None:
        return None, "no labelled dose under 2 years: clinician decision", findings
    per_day = band.dose.value * band.most_doses_per_day  # the most the advice allows
    weight = WEIGHT.of(f)
    if weight is not None:
        limit = CYPROHEPTADINE_MAX_MG_PER_KG_DAY * weight.kg
        findings.append(
            Finding(
                input="weight",
                value=round(per_day / weight.kg, 3),
                unit="mg/kg/d",
                threshold=CYPROHEPTADINE_MAX_MG_PER_KG_DAY,
                comparison=">" if per_day > limit else "<=",
                derived=True,
                note="start dose per kg per day",
            )
        )
        if per_day > limit:
            return (
                None,
                f"the start dose ({per_day:g} mg/day) exceeds the label's "
                f"{CYPROHEPTADINE_MAX_MG_PER_KG_DAY:g} mg/kg/day "
                f"({limit:g} mg/day at {weight.kg:g} kg): clinician decision",
                findings,
            )
    return band, None, findings
