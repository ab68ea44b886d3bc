"""What the add-on anti-mediator rules read (:mod:`mastcell.rules.antimediator_addons`).

A drug class counts as taken when a medication of it is active or planned (a plan is not
proposed again); the standard therapy an add-on follows (an H1 and an H2 antihistamine,
cromolyn or a leukotriene modifier) counts when active.

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("montelukast", status="planned")]), AT)
>>> LEUKOTRIENE_TAKING.paths(f)
('medications[0]',)
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.allergy import Allowed, allowed
from mastcell.knowledge.antimediator import (
    CROMOLYN,
    LEUKOTRIENE_ALTERNATIVES,
    MONTELUKAST_DRUG,
    ZILEUTON,
    DoseFact,
)
from mastcell.knowledge.paediatric import BANDS, DoseBand, band_for
from mastcell.model import DoseAdvice, DoseAmount, DrugClass, Finding
from mastcell.reads import REACTIONS, MedicationsRead
from mastcell.rules.antimediator_doses import BAND_AGE
from mastcell.rules.antimediator_facts import H1, LEUKOTRIENE, taking_read
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context

__all__ = [
    "ANTI_IGE_TAKING",
    "CORTICOSTEROID_TAKING",
    "H1_ACTIVE",
    "H2_ACTIVE",
    "LEUKOTRIENE_PROPOSALS",
    "LEUKOTRIENE_TAKING",
    "OTHERS_ACTIVE",
    "STABILIZER_TAKING",
    "Alternative",
    "alternatives",
    "band_proposals",
    "over_cap",
    "passed_over",
]

#: Cromolyn (a mast cell stabiliser) taken or planned.
STABILIZER_TAKING = taking_read(DrugClass.MAST_CELL_STABILIZER)
#: A leukotriene modifier taken or planned.
LEUKOTRIENE_TAKING = taking_read(*LEUKOTRIENE)
#: Omalizumab (anti-IgE) taken or planned.
ANTI_IGE_TAKING = taking_read(DrugClass.ANTI_IGE)
#: A systemic corticosteroid taken or planned.
CORTICOSTEROID_TAKING = taking_read(DrugClass.CORTICOSTEROID)
#: The H1 antihistamines taken now (second or first generation).
H1_ACTIVE = MedicationsRead("H1 antihistamines active", *H1)
#: The H2 antihistamines taken now.
H2_ACTIVE = MedicationsRead("H2 antihistamines active", DrugClass.H2)
#: Cromolyn or a leukotriene modifier taken now (the third agent before omalizumab).
OTHERS_ACTIVE = MedicationsRead(
    "mast cell stabilisers and leukotriene modifiers active",
    DrugClass.MAST_CELL_STABILIZER,
    *LEUKOTRIENE,
)


def over_cap(fact: DoseFact, kg: float) -> tuple[float, float] | None:
    """The daily cromolyn dose and the labelled maximum for the weight, when it exceeds it (A7).

    >>> over_cap(CROMOLYN.child, 5.0), over_cap(CROMOLYN.child, 20.0)
    ((400.0, 200.0), None)
    """
    daily = fact.advice().dose
    per_dose_day = fact.frequency.per_day if fact.frequency is not None else None
    if not isinstance(daily, DoseAmount) or per_dose_day is None:
        return None
    per_day = daily.value * per_dose_day
    limit = CROMOLYN.max_mg_per_kg_day * kg
    return (per_day, limit) if per_day > limit else None


def band_proposals(drug: str) -> tuple[DoseAdvice, ...]:
    """Every labelled band dose of a drug, for the rule catalogue (``proposes``).

    >>> [str(a.dose) for a in band_proposals(MONTELUKAST_DRUG)][:2]
    ['4 mg', '5 mg']
    """
    return tuple(
        DoseAdvice(
            drug=drug,
            dose=b.dose,
            frequency=b.frequency,
            route=b.route,
            note=b.population + (f" [{b.jurisdiction.label}]" if b.jurisdiction else ""),
        )
        for b in BANDS[drug]
        if b.dose is not None
    )


#: The doses the leukotriene rule may propose: montelukast's and zafirlukast's bands, zileuton.
LEUKOTRIENE_PROPOSALS = (
    *band_proposals(MONTELUKAST_DRUG),
    ZILEUTON.dose.advice(),
    *band_proposals("zafirlukast"),
)


def passed_over(f: Facts, pick: Allowed) -> list[Finding]:
    """The recorded reactions that kept drugs of a ranked list from being proposed.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="montelukast")])
    >>> [x.input for x in passed_over(facts_of(p, AT), allowed(p.reactions, ["montelukast"]))]
    ['reactions[0]']
    """
    return [reaction_finding(f, m) for m in pick.excluded]


class Alternative(NamedTuple):
    """A leukotriene modifier shown as an alternative, with the labelled bands shown for it.

    Zileuton has no bands: its dose and monitoring are shown from its facts (A11).

    >>> Alternative("zileuton").bands
    ()
    """

    drug: str
    bands: tuple[DoseBand, ...] = ()


def alternatives(f: Facts, context: Context, proposed: str) -> tuple[Alternative, ...]:
    """Zileuton and zafirlukast (but the drug proposed) as the reactions allow them.

    Reads the reactions and the band age (a band for the patient's age, else every band:
    PD17 zafirlukast).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> [a.drug for a in alternatives(facts_of(patient(), AT), Context(at=AT), "montelukast")]
    ['zileuton', 'zafirlukast']
    """
    kept = allowed(REACTIONS.of(f), LEUKOTRIENE_ALTERNATIVES)
    out = []
    for drug in kept.kept:
        if drug == proposed:
            continue
        if drug == ZILEUTON.dose.drug:
            out.append(Alternative(drug))
            continue
        choice = band_for(
            drug, BAND_AGE.of(f), None, context.options.antimediator.dose_jurisdiction
        )
        out.append(
            Alternative(drug, (choice.band,) if choice.band is not None else choice.candidates)
        )
    return tuple(out)
