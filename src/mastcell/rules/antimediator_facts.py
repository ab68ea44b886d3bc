"""The anti-mediator regimen as the anti-mediator rules read it, on the facts view (issue 20).

The facts-view versions of the helpers the anti-mediator rules share: what the patient takes
now or plans (:func:`taking`), the finding of symptom control, the dose a source gives for the
patient's age (or the drug alone and why), the labelled dose of the patient's age and weight
band, and a urinary mediator against its limit. Each helper names the reads it makes; a rule
calling it declares them.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("famotidine"), med("cetirizine", status="planned")]), AT)
>>> [m.drug for m in taking(f, DrugClass.H1_SECOND_GENERATION)], str(control_finding(f))
(['cetirizine'], 'symptom_control: unknown')
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
from mastcell.reads import AGE, WEIGHT, LatestRead, MedicationsRead, Read
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.referral_facts import SYMPTOM_CONTROL
from mastcell.rules.registry import Context

__all__ = [
    "AGE_SOURCE",
    "BAND_AGE",
    "H1",
    "LEUKOTRIENE",
    "MEDIATORS",
    "SEVERE",
    "TAKING",
    "TAKING_READS",
    "AgeSourceRead",
    "BandAgeRead",
    "MediatorRead",
    "age_finding",
    "age_note",
    "age_path",
    "band_dose",
    "control_finding",
    "dose_or_ask",
    "med_finding",
    "mediator",
    "negate",
    "nmh_support",
    "taking",
    "taking_read",
]

#: Taken now or planned (a plan is not re-proposed).
TAKING = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
#: Symptom control the clinician judges not good enough.
SEVERE = (SymptomControl.INADEQUATE, SymptomControl.REFRACTORY)
#: The H1 antihistamines, second generation first.
H1 = (DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION)
#: The leukotriene modifiers.
LEUKOTRIENE = (DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST, DrugClass.LIPOXYGENASE_INHIBITOR)

_TAKING_CLASSES: tuple[tuple[DrugClass, ...], ...] = (
    (DrugClass.H1_SECOND_GENERATION,),
    (DrugClass.H1_FIRST_GENERATION,),
    (DrugClass.H2,),
    (DrugClass.MAST_CELL_STABILIZER,),
    LEUKOTRIENE,
    (DrugClass.ASPIRIN, DrugClass.NSAID),
    (DrugClass.ASPIRIN,),
    (DrugClass.ANTI_IGE,),
    (DrugClass.CORTICOSTEROID,),
)

#: The medications of each class group the rules ask about, taken now or planned, by the
#: classes (in the order :func:`taking` is called with them).
TAKING_READS: dict[tuple[DrugClass, ...], MedicationsRead] = {
    classes: MedicationsRead(
        f"{' or '.join(c.value for c in classes)} taken or planned", *classes, statuses=TAKING
    )
    for classes in _TAKING_CLASSES
}


def taking_read(*classes: DrugClass) -> MedicationsRead:
    """The declared read of the medications of ``classes`` taken now or planned.

    >>> taking_read(DrugClass.H2).name
    'h2 taken or planned'
    >>> taking_read(DrugClass.OPIOID)
    Traceback (most recent call last):
    ...
    KeyError: "no taking read for ('opioid',): declare it in TAKING_READS"
    """
    try:
        return TAKING_READS[classes]
    except KeyError:
        names = tuple(c.value for c in classes)
        raise KeyError(f"no taking read for {names}: declare it in TAKING_READS") from None


def taking(f: Facts, *classes: DrugClass) -> tuple[Medication, ...]:
    """Medications of ``classes`` taken now or planned (read: :func:`taking_read` of them).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("famotidine", status="stopped")]), AT)
    >>> taking(f, DrugClass.H2)
    ()
    """
    return taking_read(*classes).of(f)


def control_finding(f: Facts) -> Finding:
    """The finding of symptom control, 'unknown' when not recorded (read: ``SYMPTOM_CONTROL``).

    The read is :data:`mastcell.rules.referral_facts.SYMPTOM_CONTROL`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> str(control_finding(facts_of(patient(symptom_control="refractory"), AT)))
    'symptom_control: refractory'
    """
    control = SYMPTOM_CONTROL.of(f)
    return Finding(input="symptom_control", text="unknown" if control is None else control.value)


class AgeSourceRead(Read):
    """The input an age is read from: the birth date when recorded, else the given age.

    'birth_date' when neither is given (the finding then asks for it). Its paths are
    :data:`~mastcell.reads.AGE`'s.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=40, unit="a")), AT)
    >>> AGE_SOURCE.of(f), AGE_SOURCE.paths(f), AGE_SOURCE.of(facts_of(patient(), AT))
    ('age', ('age',), 'birth_date')
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> str:
        patient = facts.patient
        return "birth_date" if patient.birth_date is not None or patient.age is None else "age"

    def of(self, facts: Facts) -> str:
        """'birth_date' or 'age'."""
        value: str = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return AGE.paths(facts)


class BandAgeRead(Read):
    """The age a dose band is chosen by (calendar months / 12 from the birth date).

    As :func:`mastcell.knowledge.paediatric.band_age`; None when neither a birth date nor an
    age is given. Its paths are :data:`~mastcell.reads.AGE`'s.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(birth_date=date(2026, 5, 22)), AT)
    >>> BAND_AGE.of(f), BAND_AGE.paths(f)
    (0.5, ('birth_date',))
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> float | None:
        return band_age(facts.patient, facts.at)

    def of(self, facts: Facts) -> float | None:
        """The band age in years, or None."""
        value: float | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return AGE.paths(facts)


#: The input an age is read from (:class:`AgeSourceRead`).
AGE_SOURCE = AgeSourceRead("age source")
#: The age a dose band is chosen by (:class:`BandAgeRead`).
BAND_AGE = BandAgeRead("band age")
#: The latest urinary mediator results the rules judge against their limits.
MEDIATORS = {
    analyte: LatestRead(analyte)
    for analyte in (Analyte.URINE_NMH, Analyte.URINE_LTE4, Analyte.URINE_PGF2A)
}


def age_path(f: Facts) -> str:
    """The input an age is read from (read: :data:`AGE_SOURCE`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Age
    >>> age_path(facts_of(patient(age=Age(value=40, unit="a")), AT))
    'age'
    """
    return AGE_SOURCE.of(f)


def age_note(
    age: float | None, drug: str, population: str, min_age: float | None, path: str = "birth_date"
) -> Finding:
    """Why no dose is given: the age is unknown, or outside the dosed population.

    >>> str(age_note(None, "famotidine", "adults", 18.0))
    'birth_date: age unknown (famotidine dose needs it)'
    >>> age_note(12.0, "famotidine", "adults", 18.0, "age").comparison.value
    '<'
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

    Appends the finding of the age to ``findings`` when no dose is given.

    >>> from mastcell.knowledge.antimediator import OMALIZUMAB
    >>> findings: list[Finding] = []
    >>> advice, text = dose_or_ask(OMALIZUMAB, None, findings)
    >>> advice.note, text.startswith("omalizumab (age not recorded"), len(findings)
    ('dose: clinician decision', True, 1)
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
    """A finding of the age used (rounded to 2 decimals) against ``threshold``.

    Cites ``age`` when an age is recorded, else ``birth_date`` (read:
    :data:`mastcell.rules.procedure_facts.AGE_GIVEN`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=10, unit="a")), AT)
    >>> str(age_finding(f, 10.0, 18.0, "aspirin: not proposed"))
    'age: 10 a < 18.0 (aspirin: not proposed)'
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

    Returns the advice, the text for the detail and the sources of the bands cited; appends
    to ``findings`` why no dose is given. Reads :data:`BAND_AGE`, then
    :data:`~mastcell.reads.WEIGHT`, and (for an age no band doses)
    :data:`~mastcell.rules.procedure_facts.AGE_GIVEN`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> findings: list[Finding] = []
    >>> from mastcell.model import Age
    >>> adult = facts_of(patient(age=Age(value=40, unit="a")), AT)
    >>> advice, text, sources = band_dose("cetirizine", adult,
    ...                                   Context(at=AT), findings)
    >>> str(advice.dose), findings
    ('10 mg', [])
    """
    age = BAND_AGE.of(f)
    weight_read = WEIGHT.of(f)
    weight = None if weight_read is None else weight_read.kg
    choice = band_for(drug, age, weight, context.options.antimediator.dose_jurisdiction)
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
class MediatorRead:
    """A urinary mediator result against its limit; ``elevated`` None when it cannot be told.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=40, unit="a"), labs=[lab("urine_nmh", 300, "ug/g creat")]), AT)
    >>> read = mediator(f, Analyte.URINE_NMH)
    >>> read is not None and read.elevated
    True
    """

    lab: LabResult
    elevated: bool | None
    finding: Finding


def mediator(f: Facts, analyte: Analyte) -> MediatorRead | None:
    """The latest result of a urinary mediator against its limit (None: no result).

    The reporting laboratory's upper limit beats the library's reference limit; an age-banded
    limit with the age unknown decides only when every band agrees. Reads
    ``MEDIATORS[analyte]``, then :data:`~mastcell.reads.AGE` when the laboratory gave no limit.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("urine_nmh", 250, "ug/g creat")]), AT)
    >>> read = mediator(f, Analyte.URINE_NMH)
    >>> read is not None and read.elevated is None
    True
    >>> mediator(f, Analyte.URINE_LTE4) is None
    True
    """
    lab = MEDIATORS[analyte].of(f)
    if lab is None:
        return None
    path = f.path_of(lab)
    unit = analyte.canonical_unit
    # The reporting laboratory's upper limit beats the library's reference limit.
    limit = None if lab.canonical_high is not None else mediator_limit(analyte, AGE.of(f))
    if lab.canonical_high is not None or limit is not None:
        if limit is None:
            assert lab.canonical_high is not None
            upper, above = lab.canonical_high, Comparison.GT
            note = "reporting laboratory's upper limit"
        else:
            upper, above = limit.upper, limit.comparison
            note = f"Mayo reference {limit.reference} ({', '.join(limit.sources)})"
        elevated = above.holds(lab.canonical, upper)
        return MediatorRead(
            lab=lab,
            elevated=elevated,
            finding=Finding(
                input=path,
                analyte=analyte,
                value=lab.canonical,
                unit=unit,
                threshold=upper,
                comparison=above if elevated else negate(above),
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
    return MediatorRead(
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


def negate(comparison: Comparison) -> Comparison:
    """The comparison that holds when ``comparison`` does not (> and >= only).

    >>> negate(Comparison.GT), negate(Comparison.LT)
    (<Comparison.LE: '<='>, <Comparison.LT: '<'>)
    """
    return {Comparison.GT: Comparison.LE, Comparison.GE: Comparison.LT}.get(comparison, comparison)


def nmh_support(f: Facts) -> tuple[list[Finding], str]:
    """An elevated NMH, as supporting evidence of histamine excess (never a trigger alone).

    Reads as :func:`mediator` of ``Analyte.URINE_NMH``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> nmh_support(facts_of(patient(), AT))
    ([], '')
    """
    read = mediator(f, Analyte.URINE_NMH)
    if read is None or not read.elevated:
        return [], ""
    return [read.finding], (
        " Urinary N-methylhistamine is above its reference limit (S50), supporting ongoing "
        "histamine release."
    )


def med_finding(f: Facts, medication: Medication, note: str | None = None) -> Finding:
    """A finding citing one of the patient's medications (its path and drug).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("famotidine")])
    >>> str(med_finding(facts_of(p, AT), p.medications[0], "H2 taken"))
    'medications[0]: famotidine (H2 taken)'
    """
    return Finding(input=f.path_of(medication), text=medication.drug, note=note)
