"""Label checks for special populations: young children, older adults, breastfeeding, pregnancy.

The rows come from labels and regulators' communications found for the issue 16 safety review
(fact ids ``SR5``-``SR12``); each row names its drug, the population, what the source says
and how urgent mastcell makes it. The rules in :mod:`mastcell.rules.special_populations`
read them; metamizole's own contraindications (neutropenia, analgesic intolerance, infants)
are :data:`METAMIZOLE`.

Two readings are mastcell's, stated wherever they are used: "newborn" in a label is the
neonatal period, under 28 days (:data:`NEWBORN_BELOW_DAYS`, compared in completed days);
premature birth is not in the interchange format, so a label's "premature infants" is named
in the text, never checked.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.ctcae import NEUTROPHIL_COUNT_DECREASED
from mastcell.knowledge.sources import cited
from mastcell.model.vocabulary import DrugClass, Indicator

__all__ = [
    "AGE_LIMITS",
    "CODEINE",
    "CYPROHEPTADINE",
    "DIPHENHYDRAMINE",
    "KETOROLAC",
    "LACTATION",
    "METAMIZOLE",
    "METAMIZOLE_DRUG",
    "NEWBORN_BELOW_DAYS",
    "NEWBORN_BELOW_YEARS",
    "NSAID_PREGNANCY",
    "OLDER_ADULT",
    "AgeLimit",
    "LactationRow",
    "MetamizoleFacts",
    "NsaidPregnancy",
    "OlderAdultRow",
    "age_limit",
    "age_words",
]

# The drugs these rows name, as catalogue identities (knowledge.drugs generic names).
CODEINE = "codeine"
CYPROHEPTADINE = "cyproheptadine"
DIPHENHYDRAMINE = "diphenhydramine"
KETOROLAC = "ketorolac"
METAMIZOLE_DRUG = "metamizole"

#: A label's "newborn": the neonatal period, under 28 days (a library reading). Compared on
#: the age in completed days (:meth:`mastcell.Patient.age_in_days`), never on a year fraction.
NEWBORN_BELOW_DAYS = 28

#: The same limit in years of 365.25 days, only to order the age limits and to state the age
#: with the other bands; the rules compare :data:`NEWBORN_BELOW_DAYS`.
NEWBORN_BELOW_YEARS = NEWBORN_BELOW_DAYS / 365.25


@attrs.frozen(kw_only=True)
class AgeLimit:
    """A drug a label restricts below an age: what it says and how urgent mastcell makes it.

    >>> row = next(r for r in AGE_LIMITS if r.drug == CODEINE)
    >>> row.below_years, row.indicator, row.fact
    (12.0, <Indicator.CRITICAL: 'critical'>, 'SR8')
    """

    drug: str
    below_years: float
    #: A limit stated in days (a newborn): compared on the age in completed days, so that it
    #: does not depend on the calendar year; ``below_years`` then only orders and states it.
    below_days: int | None = None
    #: The age band in words ("under 12 years").
    band: str
    #: What the source says, to follow the drug's name ("is contraindicated ...").
    says: str
    #: The same in a few words, for the summary ("contraindicated under 12 years").
    short: str
    indicator: Indicator
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def applies(self, years: float, days: int | None) -> bool:
        """Whether an age (in years, and in completed days) is below this limit.

        >>> newborn = next(r for r in AGE_LIMITS if r.below_days == NEWBORN_BELOW_DAYS)
        >>> newborn.applies(28 / 366, 28), newborn.applies(27 / 365, 27)
        (False, True)
        """
        if self.below_days is not None:
            return days is not None and days < self.below_days
        return years < self.below_years


#: Age limits, the strictest band of a drug first (the rule reports the first that applies).
AGE_LIMITS: tuple[AgeLimit, ...] = (
    # SR8 [S245]: FDA 2017 contraindication.
    AgeLimit(
        drug=CODEINE,
        below_years=12.0,
        band="under 12 years",
        says="is contraindicated to treat pain or cough under 12 years (FDA 2017: slowed or "
        "difficult breathing and death)",
        short="contraindicated under 12 years (FDA 2017)",
        indicator=Indicator.CRITICAL,
        fact="SR8",
        sources=("S245",),
    ),
    # SR7 [S13, S244]: contraindicated in newborn or premature infants.
    AgeLimit(
        drug=CYPROHEPTADINE,
        below_years=NEWBORN_BELOW_YEARS,
        below_days=NEWBORN_BELOW_DAYS,
        band="a newborn (under 28 days)",
        says="is contraindicated in newborn or premature infants (label)",
        short="contraindicated in newborns (label)",
        indicator=Indicator.CRITICAL,
        fact="SR7",
        sources=("S13", "S244"),
    ),
    # SR7: safety and effectiveness below 2 years not established (A15: bands from 2 years).
    AgeLimit(
        drug=CYPROHEPTADINE,
        below_years=2.0,
        band="under 2 years",
        says="has no established safety or effectiveness under 2 years and no labelled dose "
        "there (label; A15 bands start at 2 years)",
        short="no established safety or dose under 2 years (label)",
        indicator=Indicator.WARNING,
        fact="SR7",
        sources=("S13", "S244"),
    ),
    # PD10 [S126]: parenteral dosing excludes premature infants and neonates; SR9 [S246].
    AgeLimit(
        drug=DIPHENHYDRAMINE,
        below_years=NEWBORN_BELOW_YEARS,
        below_days=NEWBORN_BELOW_DAYS,
        band="a newborn (under 28 days)",
        says="is not for neonates or premature infants (parenteral labeling, PD10) and is not "
        "to be used under 2 years (OTC labels, SR9)",
        short="not for newborns (labels)",
        indicator=Indicator.CRITICAL,
        fact="SR9",
        sources=("S126", "S246"),
    ),
    # SR9 [S246, S126]: OTC labels: do not use under 2 years.
    AgeLimit(
        drug=DIPHENHYDRAMINE,
        below_years=2.0,
        band="under 2 years",
        says="is not to be used under 2 years (OTC labels; the FDA advises against "
        "antihistamine cough and cold products under 2), and never to make a child sleepy",
        short="not to be used under 2 years (OTC labels)",
        indicator=Indicator.WARNING,
        fact="SR9",
        sources=("S246", "S126"),
    ),
)


def age_words(age: float) -> str:
    """An age in completed days, months or years, as a label's band reads it.

    Completed units, never rounded up: the day before a twelfth birthday is "11 years old",
    not "12.0 years old" beside "under 12 years".

    >>> age_words(10 / 365.25), age_words(1.5), age_words(11.9973), age_words(12.0)
    ('10 days old', '18 months old', '11 years old', '12 years old')
    """
    if age < NEWBORN_BELOW_YEARS:
        return f"{int(age * 365.25 + 1e-9)} days old"
    if age < 2:
        return f"{int(age * 12 + 1e-9)} months old"
    return f"{int(age + 1e-9)} years old"


def age_limit(
    drug: str, age: float | None, days: int | None, *, critical_only: bool = False
) -> AgeLimit | None:
    """The strictest row of :data:`AGE_LIMITS` that rules ``drug`` out at this age.

    ``age`` is in years, ``days`` the age in completed days (:meth:`mastcell.Patient.age_in_days`):
    a limit in days (a newborn, under 28 days) is compared on the days, never on a fraction of
    a year (:meth:`AgeLimit.applies`). With ``critical_only`` only a contraindication counts
    (the critical rows: codeine under 12, cyproheptadine or diphenhydramine in a newborn); a
    proposal of such a drug is never made for the patient (issue 16 review: the premedication
    schedules proposed diphenhydramine for a newborn).

    >>> age_limit(DIPHENHYDRAMINE, 10 / 365.25, 10).fact, age_limit(DIPHENHYDRAMINE, 1.0, 365).band
    ('SR9', 'under 2 years')
    >>> age_limit(DIPHENHYDRAMINE, 28 / 366, 28).band  # day 28 of a leap year: no longer newborn
    'under 2 years'
    >>> age_limit(DIPHENHYDRAMINE, 1.0, 365, critical_only=True) is None
    True
    >>> age_limit(CODEINE, None, None) is None
    True
    """
    if age is None:
        return None
    for row in AGE_LIMITS:
        if row.drug != drug or not row.applies(age, days):
            continue
        if critical_only and row.indicator is not Indicator.CRITICAL:
            continue
        return row
    return None


@attrs.frozen(kw_only=True)
class OlderAdultRow:
    """The Beers criteria row mastcell applies: a drug class to avoid from an age.

    >>> OLDER_ADULT.from_years, OLDER_ADULT.drug_class.value
    (65.0, 'h1_first_generation')
    """

    drug_class: DrugClass
    from_years: float
    says: str
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: SR10 [S247]: AGS Beers Criteria 2023, first-generation antihistamines, 65 and over.
OLDER_ADULT = OlderAdultRow(
    drug_class=DrugClass.H1_FIRST_GENERATION,
    from_years=65.0,
    says="first-generation (sedating) antihistamines are potentially inappropriate from 65 "
    "years: avoid (AGS Beers Criteria 2023; highly anticholinergic)",
    fact="SR10",
    sources=("S247",),
)


@attrs.frozen(kw_only=True)
class LactationRow:
    """A drug whose label or regulator advises against it while breastfeeding.

    >>> LACTATION[CODEINE].fact
    'SR8'
    """

    drug: str
    says: str
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: Breastfeeding: cyproheptadine (SR7), codeine (SR8), ketorolac (SR1).
LACTATION: Mapping[str, LactationRow] = {
    row.drug: row
    for row in (
        LactationRow(
            drug=CYPROHEPTADINE,
            says="is contraindicated in nursing mothers (label: the higher risk of "
            "antihistamines for infants)",
            fact="SR7",
            sources=("S13", "S244"),
        ),
        LactationRow(
            drug=CODEINE,
            says="is not recommended while breastfeeding (FDA 2017: excess sleepiness and "
            "serious breathing problems in the breastfed infant)",
            fact="SR8",
            sources=("S245",),
        ),
        LactationRow(
            drug=KETOROLAC,
            says="is contraindicated in nursing mothers (label)",
            fact="SR1",
            sources=("S241",),
        ),
    )
}


@attrs.frozen(kw_only=True)
class NsaidPregnancy:
    """The FDA's 2020 advice on NSAIDs in pregnancy, with the low-dose aspirin exception.

    >>> NSAID_PREGNANCY.avoid_from_weeks, NSAID_PREGNANCY.low_dose_aspirin_mg
    (20, 81.0)
    """

    avoid_from_weeks: int
    not_recommended_from_weeks: int
    low_dose_aspirin_mg: float
    says: str
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: SR11 [S248]: avoid from about 20 weeks, not recommended from 30; 81 mg aspirin excepted.
NSAID_PREGNANCY = NsaidPregnancy(
    avoid_from_weeks=20,
    not_recommended_from_weeks=30,
    low_dose_aspirin_mg=81.0,
    says=(
        "the FDA (2020) advises avoiding NSAIDs from about 20 weeks of pregnancy (fetal renal "
        "dysfunction, oligohydramnios, neonatal renal impairment); between 20 and 30 weeks "
        "only if needed, at the lowest dose for the shortest time, with an amniotic fluid "
        "ultrasound after 48 h; not recommended from 30 weeks (premature closure of the "
        "ductus arteriosus); low-dose (81 mg) aspirin under a health professional's direction "
        "is excepted"
    ),
    fact="SR11",
    sources=("S248",),
)


@attrs.frozen(kw_only=True)
class MetamizoleFacts:
    """Metamizole's label contraindications that mastcell can check, and its agranulocytosis.

    ``anc_below`` is mastcell's reading of "impaired bone marrow function" (the label gives
    no number): a CTCAE v5.0 grade 3-4 neutropenia; ``options.medication.metamizole_anc_below``
    overrides it.

    >>> METAMIZOLE.anc_below, METAMIZOLE.infant_below_years, METAMIZOLE.infant_below_kg
    (1.0, 0.25, 5.0)
    """

    anc_below: float
    infant_below_years: float
    infant_below_kg: float
    agranulocytosis: str
    contraindications: str
    availability: str
    facts: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: SR5, SR6 [S243].
METAMIZOLE = MetamizoleFacts(
    anc_below=NEUTROPHIL_COUNT_DECREASED.grade_3_below,
    infant_below_years=0.25,
    infant_below_kg=5.0,
    agranulocytosis=(
        "metamizole can cause agranulocytosis at any time of treatment, unrelated to dose "
        "(EMA 2024)"
    ),
    contraindications=(
        "its labels contraindicate it with impaired bone marrow function or disorders of "
        "haematopoiesis, after agranulocytosis with a pyrazolone, with analgesic intolerance "
        "(bronchospasm, urticaria or angioedema after NSAIDs), in infants under 3 months or "
        "under 5 kg and in the last 3 months of pregnancy"
    ),
    availability=(
        "availability differs by country: authorised in a number of EU countries, not "
        "marketed in the US (PerioperativeOptions.metamizole_available)"
    ),
    facts="SR5, SR6",
    sources=("S243",),
)
