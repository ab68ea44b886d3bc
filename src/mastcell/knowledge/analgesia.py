"""Analgesia facts: the treat-pain principle, chronic pain, NSAID tolerance, cyproheptadine.

Fact sheet section 2.3 (P1-P11) and rows A13-A15. The safety level of each analgesic is in
:mod:`mastcell.knowledge.safety`; this module holds the numbers and wording the analgesia
rules read.
"""

from __future__ import annotations

from typing import NamedTuple

import attrs

from mastcell.knowledge.paediatric import band_for
from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.sources import cite
from mastcell.model.recommendation import DoseAdvice, DoseAmount, DoseRange
from mastcell.model.vocabulary import DrugClass, Frequency, Route

__all__ = [
    "ACETAMINOPHEN_DRUG",
    "ANALGESIC_CLASSES",
    "ASPIRIN_THERAPY",
    "CHRONIC_PAIN_MONTHS",
    "CHRONIC_PAIN_SOURCES",
    "CYPROHEPTADINE_BANDS",
    "CYPROHEPTADINE_MAX_MG_PER_KG_DAY",
    "FENTANYL_DRUG",
    "NSAID_TOLERANCE",
    "OPIOID_PREMEDICATION_H1",
    "OPIOID_PREMEDICATION_H1_DOSES",
    "OPIOID_PREMEDICATION_H1_SOURCES",
    "PAIN_ALTERNATIVES",
    "PAIN_PRINCIPLE",
    "PAIN_PRINCIPLE_EXAMPLE_EXCLUDED",
    "PAIN_PRINCIPLE_SOURCES",
    "UNRATED_OPIOID_BASIS",
    "CyproheptadineBand",
    "cyproheptadine_band",
    "opioid_premedication_h1",
]

#: The identity of acetaminophen, by its generic name in the drug vocabulary.
ACETAMINOPHEN_DRUG = "acetaminophen"
#: The identity of fentanyl, by its generic name in the drug vocabulary.
FENTANYL_DRUG = "fentanyl"

#: Pain that persists or recurs for longer than 3 months is chronic (IASP / ICD-11, S80).
CHRONIC_PAIN_MONTHS = 3
CHRONIC_PAIN_SOURCES = cite("S80")

#: Classes that count as "on an analgesic" (refractory pain: pain despite one).
ANALGESIC_CLASSES = (DrugClass.OPIOID, DrugClass.NSAID, DrugClass.NON_OPIOID_ANALGESIC)

#: The usual alternative for pain when NSAIDs and aspirin are to be avoided (P6, P7; S33, S35).
PAIN_ALTERNATIVES: tuple[str, ...] = ("acetaminophen",)

#: P1 (S34, CONFIRMED) and P2 (SEED-A/B: the comparative claim is seed-only).
PAIN_PRINCIPLE = (
    "Pain is itself a potent mast cell trigger and should be treated promptly and fully, "
    "including with acceptable opioids such as fentanyl (S34). The seeds add that untreated "
    "pain is a more potent trigger than the drugs used to treat it: SEED-ONLY (SEED-A, SEED-B)."
)
PAIN_PRINCIPLE_SOURCES = cite("S34", "SEED-A", "SEED-B")

#: P1 when the patient's reactions rule out the opioid S34 names as its example (fentanyl):
#: the source's example is not repeated as "acceptable" for this patient.
PAIN_PRINCIPLE_EXAMPLE_EXCLUDED = (
    "Pain is itself a potent mast cell trigger and should be treated promptly and fully, "
    "including with acceptable opioids (S34; the opioid it names, fentanyl, is not offered for "
    "this patient: see below). The seeds add that untreated pain is a more potent trigger than "
    "the drugs used to treat it: SEED-ONLY (SEED-A, SEED-B)."
)

#: Why an opioid outside P3's lists gets no rating (XR7, S139): the only source that orders
#: the others gives potency, not histamine release, for them.
UNRATED_OPIOID_BASIS = (
    "XR7 (S139) gives a potency order only (meperidine < codeine < morphine < hydrocodone < "
    "oxycodone < oxymorphone < hydromorphone < levorphanol < fentanyl) and advises a more "
    "potent opioid less prone to histamine release after pseudoallergy; a potency order is "
    "not a mast-cell safety rating, and mastcell does not read one from it."
)

#: A14 (S32): NSAID/aspirin hypersensitivity is uncommon in mastocytosis.
NSAID_TOLERANCE = (
    "NSAID/aspirin hypersensitivity is uncommon in mastocytosis: 1/50 (2%) reacted on a "
    "double-blind aspirin challenge up to 520 mg and 8/191 (4.1%) by chart review, all with "
    "reactions before diagnosis (S32), so about 96-98% tolerate aspirin, while perioperative "
    "lists put NSAIDs among triggers (S33, S35, S39)."
)

#: A13 (S32): aspirin is also given deliberately in SM to lower prostaglandin D2.
ASPIRIN_THERAPY = (
    "Aspirin is also used on purpose in SM with high urinary prostaglandin metabolites, "
    "81-500 mg twice daily under supervision (S32); 2/20 reacted during up-dosing."
)

#: A15 (S13): never more than 0.5 mg/kg/day.
CYPROHEPTADINE_MAX_MG_PER_KG_DAY = 0.5


class CyproheptadineBand(NamedTuple):
    """A labelled cyproheptadine dose for ages from ``from_years`` up to ``below_years``.

    >>> cyproheptadine_band(40).max_mg_per_day
    32.0
    """

    from_years: float
    below_years: float | None
    dose: DoseAmount
    frequency: Frequency | None
    timing: str
    max_mg_per_day: float
    #: The most doses a day the band's advice allows: the label's "two or three times daily"
    #: is checked at three (the per-kg limit must hold for every dosing it proposes).
    most_doses_per_day: int
    sources: tuple[str, ...]

    def covers(self, age: float) -> bool:
        """Whether ``age`` (years) falls in this band."""
        return age >= self.from_years and (self.below_years is None or age < self.below_years)


#: A15 (S13 label, allergic indications; mastocytosis use is off-label). The label's "7-14
#: years" band is read as ages 7 up to 15; adults start at 4 mg three times daily, usual
#: 4-20 mg/day, occasionally up to 32 mg/day. Below 2 years the label gives no dose.
CYPROHEPTADINE_BANDS = (
    CyproheptadineBand(
        from_years=15.0,
        below_years=None,
        dose=DoseAmount(value=4, unit="mg"),
        frequency=Frequency.TID,
        timing="start dose (usual 4-20 mg/day, occasionally up to 32 mg/day)",
        max_mg_per_day=32.0,
        most_doses_per_day=3,
        sources=("S13",),
    ),
    CyproheptadineBand(
        from_years=7.0,
        below_years=15.0,
        dose=DoseAmount(value=4, unit="mg"),
        frequency=None,
        timing="two or three times daily",
        max_mg_per_day=16.0,
        most_doses_per_day=3,
        sources=("S13",),
    ),
    CyproheptadineBand(
        from_years=2.0,
        below_years=7.0,
        dose=DoseAmount(value=2, unit="mg"),
        frequency=None,
        timing="two or three times daily",
        max_mg_per_day=12.0,
        most_doses_per_day=3,
        sources=("S13",),
    ),
)


def cyproheptadine_band(age: float) -> CyproheptadineBand | None:
    """The labelled band for an age in years; None under 2 years (no labelled dose).

    >>> cyproheptadine_band(14.9).max_mg_per_day, cyproheptadine_band(2).dose.value
    (16.0, 2)
    >>> cyproheptadine_band(1.9) is None
    True
    """
    return next((band for band in CYPROHEPTADINE_BANDS if band.covers(age)), None)


#: The H1 antihistamine proposed before an opioid (P9: SEED-ONLY as opioid-specific advice):
#: diphenhydramine 25-50 mg, an adult dose (A18, S29); adults as in ``populations``.
OPIOID_PREMEDICATION_H1 = DoseAdvice(
    drug="diphenhydramine",
    dose=DoseRange(low=25, high=50, unit="mg"),
    route=Route.ORAL,
    timing="before the opioid",
    note="adults (A18, S29)",
)
OPIOID_PREMEDICATION_H1_SOURCES = cite("S29")


def opioid_premedication_h1(age: float | None) -> DoseAdvice:
    """The H1 proposed before an opioid at ``age`` (years), with the dose its band allows.

    Adults: the source's 25-50 mg (A18, S29). Children: the OTC label's diphenhydramine band
    (PD9, S126): 12.5-25 mg from 6 to under 12 years, 25-50 mg from 12; under 6 years, or
    with the age unknown, no dose (clinician decision).

    >>> str(opioid_premedication_h1(40).dose), str(opioid_premedication_h1(8).dose)
    ('25-50 mg', '12.5-25 mg')
    >>> opioid_premedication_h1(5.9).dose is None, opioid_premedication_h1(None).dose is None
    (True, True)
    """
    adult = OPIOID_PREMEDICATION_H1.dose
    if age is None:
        return attrs.evolve(
            OPIOID_PREMEDICATION_H1,
            dose=None,
            note=f"age unknown: the source's {adult} is an adult dose, and children's doses "
            "depend on age (PD9); dose is a clinician decision",
        )
    if age >= ADULT_AGE_YEARS:
        return attrs.evolve(
            OPIOID_PREMEDICATION_H1,
            note=f"adult dose {adult} ({', '.join(OPIOID_PREMEDICATION_H1_SOURCES)}, A18)",
        )
    band = band_for("diphenhydramine", age).band
    if band is None or band.dose is None:
        why = band.reason if band is not None and band.reason else "no labelled dose"
        return attrs.evolve(
            OPIOID_PREMEDICATION_H1,
            dose=None,
            note=f"age {age:.3g} years: {why} (PD9, S126); dose is a clinician decision",
        )
    return attrs.evolve(
        OPIOID_PREMEDICATION_H1,
        dose=band.dose,
        note=f"{band.population}: the OTC label's band, {band.note} (PD9, S126)",
    )


#: Every dose :func:`opioid_premedication_h1` may propose (the rule catalogue shows them).
OPIOID_PREMEDICATION_H1_DOSES = tuple(opioid_premedication_h1(age) for age in (18.0, 12.0, 6.0))
