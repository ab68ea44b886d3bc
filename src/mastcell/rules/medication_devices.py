"""Epinephrine auto-injector strength against the weight band (E1, E4-E6, PD20, PD21).

The decisions of ``epinephrine_strength`` (:mod:`mastcell.rules.medication`) for a device;
the words are :mod:`mastcell.text.medication`'s.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.emergency import (
    ADULT_IM_RANGE_MG,
    BRAND_STRENGTH_MG,
    EPINEPHRINE_DRUG,
    SMALL_CHILD_DEVICE,
    EpinephrineSwitch,
    epinephrine_band,
)
from mastcell.knowledge.maxima import ADULT_AGE_YEARS
from mastcell.model import (
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    Frequency,
    Indicator,
    MedicationStatus,
    Route,
)
from mastcell.reads import AGE, WEIGHT
from mastcell.rules.medication_facts import Entry, entries
from mastcell.rules.registry import Context

__all__ = ["CODE", "advice", "device", "epinephrine_decisions", "strength"]

_ACTIVE = MedicationStatus.ACTIVE
_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)

#: The code of every decision here.
CODE = "emergency.epinephrine.strength"


def strength(entry: Entry) -> tuple[float | None, str]:
    """The device strength in mg and where it comes from.

    >>> from mastcell.model import Medication
    >>> strength(Entry(path="medications[0]", medication=Medication(drug="epipen jr"),
    ...                generic="epinephrine"))
    (0.15, 'strength of the brand (PD20, S135)')
    """
    dose = entry.medication.dose
    if dose is not None and dose.mg is not None:
        return dose.mg, "dose recorded"
    by_brand = BRAND_STRENGTH_MG.get(entry.medication.drug)
    if by_brand is not None:
        return by_brand, "strength of the brand (PD20, S135)"
    return None, "strength not recorded"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


def advice(dose_mg: float) -> DoseAdvice:
    """The auto-injector of a weight band, as a structured dose.

    >>> advice(0.3).dose
    DoseAmount(value=0.3, unit='mg')
    """
    return DoseAdvice(
        drug=EPINEPHRINE_DRUG,
        dose=DoseAmount(value=dose_mg, unit="mg"),
        route=Route.IM,
        frequency=Frequency.PRN,
        note="auto-injector strength for the weight band",
    )


def _decision(
    indicator: Indicator,
    action: Action,
    variant: str,
    sources: tuple[str, ...],
    findings: tuple[Finding, ...],
    medication: DoseAdvice | None = None,
    **params: object,
) -> Decision:
    return Decision(
        code=CODE,
        indicator=indicator,
        action=action,
        drug=EPINEPHRINE_DRUG,
        medication=medication,
        findings=findings,
        sources=sources,
        variant=variant,
        params=params,
    )


def device(
    f: Facts,
    entry: Entry,
    adult: bool,
    age: float | None,
    switch: EpinephrineSwitch,
    other: EpinephrineSwitch,
) -> tuple[bool, tuple[Decision, ...]]:
    """One device against the band: whether the weight was read, and the decisions.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(weight_kg=20), AT)
    >>> e = Entry(path="medications[0]", medication=med("epipen"), generic="epinephrine")
    >>> read, out = device(f, e, False, 6.0, EpinephrineSwitch.LABEL, EpinephrineSwitch.AAP)
    >>> read, [(d.indicator.value, d.medication.dose.value) for d in out]
    (True, [('warning', 0.15)])
    """
    mg, origin = strength(entry)
    drug = entry.medication.drug
    found = Finding(input=entry.path, text=drug, value=mg, unit="mg", note=origin)
    if mg is None:
        return False, (
            _decision(
                Indicator.INFO,
                Action.OBTAIN,
                "strength_unknown",
                ("S16", "S135"),
                (found,),
                drug=drug,
                path=entry.path,
            ),
        )
    low, high = ADULT_IM_RANGE_MG
    weight = WEIGHT.of(f)
    if weight is None:
        unknown = Finding(input="weight", text="unknown")
        if not adult:
            return True, (
                _decision(
                    Indicator.INFO,
                    Action.OBTAIN,
                    "weight_unknown",
                    ("S16", "S135"),
                    (found, unknown),
                    strength=mg,
                    age=age,
                ),
            )
        if not low - 1e-9 <= mg <= high + 1e-9:
            return True, (
                _decision(
                    Indicator.WARNING,
                    Action.PREFER,
                    "adult_weight_unknown",
                    ("S16", "S135", "S29"),
                    (found, unknown),
                    advice(0.3),
                    strength=mg,
                    low=low,
                    high=high,
                ),
            )
        return True, ()
    kg = weight.kg
    weighed = Finding(input="weight", value=kg, unit="kg")
    band = epinephrine_band(kg, switch)
    if band is None:
        return True, (
            _decision(
                Indicator.INFO,
                Action.INFORM,
                "below_bands",
                ("S16", "S136"),
                (found, weighed),
                strength=mg,
                kg=kg,
            ),
        )
    if _close(mg, band.dose_mg) or (
        adult and _close(band.dose_mg, low) and low - 1e-9 <= mg <= high + 1e-9
    ):
        return True, ()
    alternative = epinephrine_band(kg, other)
    conflict = alternative is not None and _close(mg, alternative.dose_mg)
    small = SMALL_CHILD_DEVICE
    small_child = small.min_kg <= kg < small.below_kg and _close(mg, small.dose_mg)
    if conflict or small_child:
        return True, (
            _decision(
                Indicator.INFO,
                Action.INFORM,
                "sources_differ",
                ("S16", "S135", "S136"),
                (found, weighed),
                strength=mg,
                kg=kg,
                band=band,
                switch=switch,
                other=other,
                conflict=conflict,
            ),
        )
    return True, (
        _decision(
            Indicator.WARNING,
            Action.PREFER,
            "",
            tuple(dict.fromkeys((*band.sources, "S29"))),
            (found, weighed),
            advice(band.dose_mg),
            strength=mg,
            kg=kg,
            band=band,
            switch=switch,
            other=other,
            path=entry.path,
        ),
    )


def epinephrine_decisions(f: Facts, context: Context) -> Sequence[Decision]:
    """Each active injectable epinephrine device against the weight band.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> out = epinephrine_decisions(facts_of(patient(medications=[med("epinephrine")]), AT),
    ...                             Context(at=AT))
    >>> [d.variant for d in out], out.stage
    (['strength_unknown'], 0)
    """
    age = AGE.of(f)
    adult = age is not None and age >= ADULT_AGE_YEARS
    switch = context.options.emergency.epinephrine_switch
    other = EpinephrineSwitch.AAP if switch is EpinephrineSwitch.LABEL else EpinephrineSwitch.LABEL
    out: list[Decision] = []
    weighed = False
    for entry in entries(f, _ACTIVE):
        drug = None if entry.generic is None else CATALOGUE[entry.generic]
        if drug is None or DrugClass.EPINEPHRINE not in drug.classes:
            continue
        if entry.medication.route not in _INJECTABLE_ROUTES:
            continue
        read, decisions = device(f, entry, adult, age, switch, other)
        weighed = weighed or read
        out += decisions
    return tuple(out) if weighed else upto(0, *out)
