"""Second-generation H1 doses against their escalation bounds, on the facts view (issue 20).

The helpers of ``antimediator.h1.increase`` (:mod:`mastcell.rules.antimediator`): each H1
taken, its daily dose as a multiple of its standard dose, the drug's escalation bound (or the
clinician's override) and the finding that states it.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> p = patient(medications=[med("cetirizine", 10, frequency="bid")])
>>> [d.multiple for d in h1_doses(facts_of(p, AT))]
[2.0]
"""

from __future__ import annotations

from typing import Any, NamedTuple

import attrs

from mastcell.facts import Facts
from mastcell.knowledge.antimediator import (
    ADULT_AGE_YEARS,
    H1_CONFIRMED_MULTIPLE,
    EscalationBound,
    Tag,
    escalation_bound,
)
from mastcell.knowledge.drugs import lookup
from mastcell.knowledge.paediatric import BANDS, DoseBand, band_for
from mastcell.model import DoseAdvice, DoseAmount, DrugClass, Finding, Frequency, Medication
from mastcell.reads import AGE, MedicationsRead
from mastcell.rules.antimediator_choice import band_choice
from mastcell.rules.antimediator_doses import age_note, age_path
from mastcell.rules.registry import Context

__all__ = [
    "H1_ACTIVE",
    "H1Dose",
    "bound",
    "bound_sources",
    "escalated",
    "escalation",
    "h1_doses",
    "h1_finding",
    "older_adult_band",
    "standard_sources",
    "target_tag",
]

#: The second-generation H1 antihistamines taken now (active).
H1_ACTIVE = MedicationsRead("second-generation H1 active", DrugClass.H1_SECOND_GENERATION)


class H1Dose(NamedTuple):
    """An H1 taken, with its daily dose and its drug's standard daily dose (mg).

    >>> from mastcell.model import Medication
    >>> H1Dose(medication=Medication(drug="cetirizine"), daily_mg=20.0, standard_mg=10.0).multiple
    2.0
    """

    medication: Medication
    daily_mg: float | None
    standard_mg: float | None

    @property
    def multiple(self) -> float | None:
        """The daily dose over the standard (3 decimals); None when either is unknown."""
        if self.daily_mg is None or not self.standard_mg:
            return None
        return round(self.daily_mg / self.standard_mg, 3)

    @property
    def generic(self) -> str:
        """The catalogue's generic name, else the name as recorded."""
        drug = lookup(self.medication.drug)
        return self.medication.drug if drug is None else drug.generic


def h1_doses(f: Facts) -> list[H1Dose]:
    """The second-generation H1s taken, with their doses (read: :data:`H1_ACTIVE`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> [(d.daily_mg, d.standard_mg) for d in h1_doses(facts_of(patient(
    ...     medications=[med("fexofenadine")]), AT))]
    [(None, 180.0)]
    """
    doses = []
    for m in H1_ACTIVE.of(f):
        drug = lookup(m.drug)
        standard = None if drug is None or drug.standard_dose is None else drug.standard_dose
        doses.append(
            H1Dose(
                medication=m,
                daily_mg=m.daily_mg,
                standard_mg=None if standard is None else standard.daily_mg,
            )
        )
    return doses


def h1_finding(f: Facts, dose: H1Dose, bound: float | None = None) -> Finding:
    """The finding of an H1's daily dose, against ``bound`` (a multiple) when given.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("cetirizine")])
    >>> f = facts_of(p, AT)
    >>> str(h1_finding(f, h1_doses(f)[0]))
    'medications[0]: cetirizine daily dose (dose or frequency not recorded)'
    """
    multiple = dose.multiple
    return Finding(
        input=f.path_of(dose.medication),
        text=f"{dose.medication.drug} daily dose",
        value=dose.daily_mg,
        unit="mg/d" if dose.daily_mg is not None else None,
        threshold=None if bound is None or dose.standard_mg is None else bound * dose.standard_mg,
        comparison=(
            None
            if bound is None or multiple is None
            else (">" if multiple > bound else ("<" if multiple < bound else ">="))
        ),
        note=(
            f"{multiple:g}x the standard {dose.standard_mg:g} mg/day"
            if multiple is not None and dose.standard_mg is not None
            else "dose or frequency not recorded"
        ),
    )


def escalated(dose: H1Dose, multiple: float) -> DoseAdvice:
    """The H1 at ``multiple`` x the standard daily dose, split twice daily.

    >>> from mastcell.model import Medication
    >>> str(escalated(H1Dose(medication=Medication(drug="cetirizine"), daily_mg=10.0,
    ...                      standard_mg=10.0), 2.0))
    'cetirizine 10 mg twice daily'
    """
    assert dose.standard_mg is not None
    per_dose = round(dose.standard_mg * multiple / 2, 3)
    return DoseAdvice(
        drug=lookup(dose.medication.drug).generic,  # type: ignore[union-attr]
        dose=DoseAmount(value=per_dose, unit="mg"),
        frequency=Frequency.BID,
        note=f"{multiple:.3g}x the standard daily dose of {dose.standard_mg:g} mg",
    )


def bound(dose: H1Dose, context: Context) -> EscalationBound:
    """The drug's escalation bound, or the clinician's override for every H1.

    >>> from mastcell.model import Medication
    >>> from mastcell.testing import AT
    >>> bound(H1Dose(medication=Medication(drug="cetirizine"), daily_mg=None,
    ...              standard_mg=10.0), Context(at=AT)).max_multiple
    4.0
    """
    options = context.options.antimediator
    found = escalation_bound(dose.generic, options.fexofenadine_bound)
    if options.h1_max_multiple is None:
        return found
    return attrs.evolve(
        found,
        max_multiple=options.h1_max_multiple,
        basis="set by options.antimediator.h1_max_multiple (the knowledge base says: "
        f"{found.text()})",
    )


def bound_sources(bounds: list[EscalationBound]) -> tuple[str, ...]:
    """The sources of the bounds, in order (with repeats).

    >>> from mastcell.knowledge.antimediator import escalation_bound
    >>> bound_sources([escalation_bound("cetirizine")])
    ('S131',)
    """
    return tuple(s for b in bounds for s in b.sources)


def target_tag(bounds: list[EscalationBound], max_multiple: float) -> Tag:
    """The weakest support among the bounds that set the target.

    >>> from mastcell.knowledge.antimediator import escalation_bound
    >>> target_tag([escalation_bound("cetirizine")], 4.0).name
    'CONFIRMED'
    """
    tags = {b.tag for b in bounds if b.max_multiple == max_multiple}
    return next(t for t in (Tag.SEED_ONLY, Tag.CONFLICT, Tag.CONFIRMED) if t in tags)


def older_adult_band(dose: H1Dose, age: float, context: Context) -> DoseBand | None:
    """The adult age band whose label maximum is below the drug's standard daily dose.

    >>> from mastcell.model import Medication
    >>> from mastcell.testing import AT
    >>> d = H1Dose(medication=Medication(drug="cetirizine"), daily_mg=10.0, standard_mg=10.0)
    >>> older_adult_band(d, 70.0, Context(at=AT)).max_mg_per_day
    5.0
    >>> older_adult_band(d, 40.0, Context(at=AT)) is None
    True
    """
    drug = dose.generic
    if drug not in BANDS or dose.standard_mg is None:
        return None
    band = band_for(drug, age, None, context.options.antimediator.dose_jurisdiction).band
    if band is None or band.max_mg_per_day is None or band.max_mg_per_day >= dose.standard_mg:
        return None
    return band


def standard_sources(dose: H1Dose) -> tuple[str, ...]:
    """The sources of the drug's standard dose (none for a drug outside the catalogue).

    >>> from mastcell.model import Medication
    >>> standard_sources(H1Dose(medication=Medication(drug="foo"), daily_mg=None,
    ...                         standard_mg=None))
    ()
    """
    drug = lookup(dose.medication.drug)
    if drug is None or drug.standard_dose is None:
        return ()
    return drug.standard_dose.sources


def escalation(
    f: Facts,
    context: Context,
    known: list[H1Dose],
    target: float,
    bounds: tuple[EscalationBound, ...],
    findings: list[Finding],
) -> tuple[DoseAdvice | None, str, dict[str, Any], int]:
    """The escalation proposed, its template variant and parameters, and the stage read to.

    Several agents: escalate one (no dose); a child or the age unknown: the drug without a
    dose and its labelled bands (stage 4: the weight read); an older adult whose label maximum
    is below the standard dose: clinician decision; else the escalated dose. Reads
    :data:`~mastcell.reads.AGE` (and ``AGE_SOURCE``, ``BAND_AGE``, ``WEIGHT`` as the branch
    needs); appends the age's finding to ``findings``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Age
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("cetirizine", 10, frequency="daily")],
    ...                      age=Age(value=40, unit="a")), AT)
    >>> doses = h1_doses(f)
    >>> advice, variant, _, stage = escalation(f, Context(at=AT), doses, 2.0,
    ...                                        (bound(doses[0], Context(at=AT)),), [])
    >>> str(advice), variant, stage
    ('cetirizine 10 mg twice daily', '', 3)
    """
    max_multiple = min(b.max_multiple for b in bounds)
    tag = None if target == H1_CONFIRMED_MULTIPLE else target_tag(list(bounds), max_multiple)
    age = AGE.of(f)
    if len(known) > 1:
        return None, "agents", {"target": target, "tag": tag, "agents": len(known)}, 3
    (dose,) = known
    drug = dose.generic
    taken = dose.medication.drug
    if age is None or age < ADULT_AGE_YEARS:
        findings.append(age_note(age, taken, "adults", ADULT_AGE_YEARS, age_path(f)))
        labelled = None
        if drug in BANDS:
            choice = band_choice(drug, f, context)
            labelled = (choice.band,) if choice.band is not None else choice.candidates
        advice = DoseAdvice(drug=drug, note="escalated dose: clinician decision (adult data)")
        params = {
            "target": target,
            "tag": tag,
            "taken": taken,
            "drug": drug,
            "age_known": age is not None,
            "labelled": labelled,
        }
        return advice, "child", params, 3 if labelled is None else 4
    older = older_adult_band(dose, age, context)
    if older is not None:
        # An age band whose label maximum is below the standard dose (cetirizine from 65
        # years, 5 mg/24 h, PD1): the multiples of the standard dose do not apply.
        advice = DoseAdvice(drug=drug, note=f"escalated dose: clinician decision ({older.text()})")
        findings.append(age_note(age, taken, older.population, older.from_years, age_path(f)))
        return advice, "older_adult", {"taken": taken, "drug": drug, "age": age, "older": older}, 3
    advice = escalated(dose, target)
    return advice, "", {"target": target, "tag": tag, "taken": taken, "advice": advice}, 3
