"""Interim facts-view helpers of the anti-mediator add-on and aspirin rules.

The facts-view versions of the helpers at the top of :mod:`mastcell.rules.antimediator`
that :mod:`mastcell.rules.antimediator_addons` and :mod:`mastcell.rules.antimediator_aspirin`
use, until the shared ``mastcell.rules.antimediator_facts`` (written on the branch converting
the H1 and H2 rules) replaces them: the same words, findings and reads as the patient
versions. An urinary mediator is read with its limit: the reporting laboratory's, else the
library's, whose age bands make it read the age (:class:`MediatorRead`).

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, patient
>>> str(control_finding(facts_of(patient(symptom_control="refractory"), AT)))
'symptom_control: refractory'
"""

from __future__ import annotations

import attrs

from mastcell.facts import Facts
from mastcell.knowledge.antimediator import MEDIATOR_LIMITS, DoseFact, mediator_limit
from mastcell.knowledge.paediatric import band_age, band_for
from mastcell.model import (
    Analyte,
    Comparison,
    DoseAdvice,
    DrugClass,
    Finding,
    LabResult,
    Medication,
    MedicationStatus,
    Route,
    SymptomControl,
)
from mastcell.reads import AGE, WEIGHT, Read
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.referral_facts import SYMPTOM_CONTROL
from mastcell.rules.registry import Context

__all__ = [
    "AGE_GIVEN",
    "BAND_AGE",
    "LEUKOTRIENE",
    "MEDIATORS",
    "SEVERE",
    "SYMPTOM_CONTROL",
    "TAKING",
    "BandAgeRead",
    "Mediator",
    "MediatorRead",
    "age_finding",
    "age_note",
    "age_path",
    "band_dose",
    "control_finding",
    "dose_or_ask",
    "med_finding",
]

#: Taken now or planned (a plan is not proposed again).
TAKING = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
#: Symptom control that calls for more than standard therapy.
SEVERE = (SymptomControl.INADEQUATE, SymptomControl.REFRACTORY)
#: The leukotriene modifiers' classes.
LEUKOTRIENE = (DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST, DrugClass.LIPOXYGENASE_INHIBITOR)


class BandAgeRead(Read):
    """The age a dose band is chosen by (calendar months from the birth date; else the age).

    Its paths are :data:`~mastcell.reads.AGE`'s.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> BAND_AGE.of(facts_of(patient(birth_date=date(2016, 11, 22)), AT))
    10.0
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> float | None:
        return band_age(facts.patient, facts.at)

    def of(self, facts: Facts) -> float | None:
        """The band age in years (None: no birth date and no age)."""
        value: float | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return AGE.paths(facts)


#: The age the labelled dose bands are chosen by.
BAND_AGE = BandAgeRead("band age")


def control_finding(f: Facts) -> Finding:
    """Symptom control as a finding ('unknown' when not recorded); reads it.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> str(control_finding(facts_of(patient(), AT)))
    'symptom_control: unknown'
    """
    control = SYMPTOM_CONTROL.of(f)
    return Finding(input="symptom_control", text="unknown" if control is None else control.value)


def age_path(f: Facts) -> str:
    """The input an age is read from: the birth date when recorded, else the given age.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> age_path(facts_of(patient(), AT))
    'birth_date'
    """
    return "age" if AGE_GIVEN.of(f) is not None else "birth_date"


def age_note(
    age: float | None, drug: str, population: str, min_age: float | None, path: str = "birth_date"
) -> Finding:
    """Why no dose is given: the age is unknown, or outside the dosed population.

    >>> str(age_note(None, "omalizumab", "adults", 18.0))
    'birth_date: age unknown (omalizumab dose needs it)'
    """
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


def dose_or_ask(
    fact: DoseFact,
    age: float | None,
    findings: list[Finding],
    note: str | None = None,
    path: str = "birth_date",
) -> tuple[DoseAdvice, str]:
    """The fact's dose when the age is in its population; else the drug alone and why.

    >>> from mastcell.knowledge.antimediator import OMALIZUMAB
    >>> found = []
    >>> advice, text = dose_or_ask(OMALIZUMAB, 10.0, found)
    >>> advice.note, found[0].note
    ('dose: clinician decision', 'outside adults')
    """
    if fact.covers(age):
        advice = fact.advice(note)
        return advice, f"{advice} ({fact.population}; {', '.join(fact.sources)})"
    findings.append(age_note(age, fact.drug, fact.population, fact.min_age, path))
    reason = (
        "age not recorded: record it; the sources dose it for "
        if age is None
        else f"age {age:g} years is outside the population the sources dose it for, "
    )
    return (
        DoseAdvice(drug=fact.drug, route=fact.route, note="dose: clinician decision"),
        f"{fact.drug} ({reason}{fact.population}: {fact.advice()})",
    )


def age_finding(f: Facts, age: float, threshold: float | None, note: str) -> Finding:
    """The age against a threshold, citing the age as given or the birth date.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Age
    >>> str(age_finding(facts_of(patient(age=Age(value=14, unit="year")), AT), 14.0, 18.0, "child"))
    'age: 14 a < 18.0 (child)'
    """
    return Finding(
        input="age" if AGE_GIVEN.of(f) is not None else "birth_date",
        value=round(age, 2),
        unit="a",
        threshold=threshold,
        comparison="<" if threshold is not None and age < threshold else None,
        note=note,
    )


def band_dose(
    drug: str, f: Facts, context: Context, findings: list[Finding]
) -> tuple[DoseAdvice, str, tuple[str, ...]]:
    """The labelled dose of the patient's age (and weight) band (addendum 5), else why none.

    Returns the advice, the text for the detail and the sources of the bands cited. Reads
    :data:`BAND_AGE`, :data:`~mastcell.reads.WEIGHT` and the age as given.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=40, unit="year")), AT)
    >>> str(band_dose("montelukast", f, Context(at=AT), [])[0])
    'montelukast 10 mg oral once daily'
    """
    age = BAND_AGE.of(f)
    weight = WEIGHT.of(f)
    kg = None if weight is None else weight.kg
    choice = band_for(drug, age, kg, context.options.antimediator.dose_jurisdiction)
    band = choice.band
    if band is not None and band.dose is not None:
        advice = DoseAdvice(
            drug=drug, dose=band.dose, frequency=band.frequency, route=band.route, note=band.note
        )
        return advice, band.text(), band.sources
    listed = "; ".join(b.text() for b in choice.candidates)
    if choice.missing == "age":
        findings.append(age_note(None, drug, "", None))
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
            age_finding(f, age, None if band is None else band.below_years, f"{drug}: {why}")
        )
        reason = why
    sources = tuple(dict.fromkeys(s for b in choice.candidates for s in b.sources))
    return (
        DoseAdvice(drug=drug, route=Route.ORAL, note="dose: clinician decision"),
        f"{drug}, dose: clinician decision ({reason})",
        sources,
    )


@attrs.frozen(kw_only=True)
class Mediator:
    """A urinary mediator result against its limit; ``elevated`` None when it cannot be told.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("urine_lte4", 300, "pg/mg{creat}")]), AT)
    >>> MEDIATORS[Analyte.URINE_LTE4].of(f).elevated
    True
    """

    lab: LabResult
    elevated: bool | None
    finding: Finding


def _negate(comparison: Comparison) -> Comparison:
    return {Comparison.GT: Comparison.LE, Comparison.GE: Comparison.LT}.get(comparison, comparison)


class MediatorRead(Read):
    """The latest result of a urinary mediator against its limit (None: no result).

    The reporting laboratory's upper limit beats the library's reference limit; only without
    it is the age read (the library's limits are age-banded for N-methylhistamine).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=40, unit="year"),
    ...                      labs=[lab("urine_pgf2a", 5000, "pg/mg{creat}")]), AT)
    >>> MEDIATORS[Analyte.URINE_PGF2A].paths(f)
    ('labs[0]', 'age')
    """

    __slots__ = ("analyte",)

    def __init__(self, analyte: Analyte) -> None:
        super().__init__(f"{analyte.value} against its limit", (analyte,))
        self.analyte = analyte

    def compute(self, facts: Facts) -> Mediator | None:
        analyte = self.analyte
        lab = facts.latest.get(analyte)
        if lab is None:
            return None
        path = facts.path_of(lab)
        unit = analyte.canonical_unit
        high = lab.canonical_high
        limit = None if high is not None else mediator_limit(analyte, facts.age)
        if high is not None or limit is not None:
            if limit is None:
                assert high is not None
                upper, above = high, Comparison.GT
                note = "reporting laboratory's upper limit"
            else:
                upper, above = limit.upper, limit.comparison
                note = f"Mayo reference {limit.reference} ({', '.join(limit.sources)})"
            elevated = above.holds(lab.canonical, upper)
            return Mediator(
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
        told: bool | None = None
        if lab.canonical > max(bands):
            told = True
        elif lab.canonical <= min(bands):
            told = False
        return Mediator(
            lab=lab,
            elevated=told,
            finding=Finding(
                input=path,
                analyte=analyte,
                value=lab.canonical,
                unit=unit,
                time=lab.time,
                note=(
                    f"reference is age-banded (upper limits {', '.join(f'{b:g}' for b in bands)}) "
                    "and the age is unknown"
                    + ("" if told is not None else ": record the age to judge it")
                ),
            ),
        )

    def of(self, facts: Facts) -> Mediator | None:
        """The result against its limit, or None."""
        value: Mediator | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        lab = facts.latest.get(self.analyte)
        if lab is None:
            return ()
        found = (facts.path_of(lab),)
        return found if lab.canonical_high is not None else found + AGE.paths(facts)


#: The urinary mediators against their limits.
MEDIATORS = {
    a: MediatorRead(a) for a in (Analyte.URINE_NMH, Analyte.URINE_LTE4, Analyte.URINE_PGF2A)
}


def med_finding(f: Facts, medication: Medication, note: str | None = None) -> Finding:
    """A medication as a finding, with a note.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("cetirizine")])
    >>> str(med_finding(facts_of(p, AT), p.medications[0], "taken"))
    'medications[0]: cetirizine (taken)'
    """
    return Finding(input=f.path_of(medication), text=medication.drug, note=note)
