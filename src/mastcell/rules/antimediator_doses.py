"""The dose a source gives for the patient's age or labelled band, as the anti-mediator rules read it.

The dose for the patient's age (or the drug alone and why: :func:`dose_or_ask`), the labelled
dose of the patient's age and weight band (:func:`band_dose`, addendum 5), and the reads of
the age they make (:data:`AGE_SOURCE`, :data:`BAND_AGE`). Each helper names the reads it
makes; a rule calling it declares them.

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Age
>>> from mastcell.testing import AT, patient
>>> age_path(facts_of(patient(age=Age(value=40, unit="a")), AT))
'age'
"""

from __future__ import annotations

from mastcell.facts import Facts
from mastcell.knowledge.antimediator import DoseFact
from mastcell.knowledge.paediatric import band_age, band_for
from mastcell.model import DoseAdvice, Finding, Route
from mastcell.reads import AGE, WEIGHT, Read
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.registry import Context

__all__ = [
    "AGE_SOURCE",
    "BAND_AGE",
    "AgeSourceRead",
    "BandAgeRead",
    "age_finding",
    "age_note",
    "age_path",
    "band_dose",
    "dose_or_ask",
]


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
