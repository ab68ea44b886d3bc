"""Label checks by population: young children, older adults, breastfeeding, pregnancy, metamizole.

Each rule reads a drug taken, planned, or planned for an upcoming procedure against a row of
:mod:`mastcell.knowledge.special_populations`: codeine under 12 years (SR8), cyproheptadine
in a newborn or under 2 years (SR7), diphenhydramine in a newborn or under 2 years (SR9,
PD10), a sedating antihistamine from 65 years (SR10), cyproheptadine, codeine or ketorolac
while breastfeeding (SR7, SR8, SR1), an NSAID or aspirin above 81 mg/day in pregnancy
(SR11), and metamizole with neutropenia, after a reaction to an NSAID, or in a young infant
(SR5). The rules that list metamizole as an alternative read the same reasons
(:func:`mastcell.rules.metamizole_facts.metamizole_barriers`), so it is not offered where
its label forbids it.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.special_populations_facts` and :mod:`mastcell.rules.metamizole_facts`),
text in :mod:`mastcell.text.special_populations`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG
from mastcell.knowledge.special_populations import (
    AGE_LIMITS,
    LACTATION,
    METAMIZOLE,
    METAMIZOLE_DRUG,
    NSAID_PREGNANCY,
    OLDER_ADULT,
)
from mastcell.model import DrugClass, Finding, Indicator
from mastcell.reads import AGE, AGE_DAYS, LACTATING, PREGNANT, PROCEDURES, REACTIONS
from mastcell.rules.declare import decides
from mastcell.rules.metamizole_facts import ANC, WEIGHT_UNLESS_INFANT, metamizole_barriers
from mastcell.rules.procedure_facts import AGE_GIVEN, age_finding
from mastcell.rules.registry import Context
from mastcell.rules.special_populations_facts import (
    AGE_DRUGS,
    LACTATION_DRUGS,
    METAMIZOLE_IN_USE,
    NSAIDS,
    NSAIDS_IN_USE,
    SEDATING_IN_USE,
    age_limit_finding,
    age_row,
    by_generic,
    named,
    quoted,
    uses,
)

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_AGE_NAMES = frozenset(row.drug for row in AGE_LIMITS)


# -- young children and older adults ---------------------------------------------------------


@decides(
    "medication.age.contraindicated",
    sources=("S245", "S13", "S244", "S246", "S126"),
    reads=((AGE_DRUGS, PROCEDURES), (AGE, AGE_DAYS), (AGE_GIVEN,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(DrugClass.OPIOID, DrugClass.H1_FIRST_GENERATION, Recorded.PROCEDURE),
)
def age_contraindicated(f: Facts, context: Context) -> Sequence[Decision]:
    """A drug its label rules out at the patient's age (codeine, cyproheptadine, diphenhydramine).

    Fires for codeine under 12 years (contraindicated, SR8: critical), cyproheptadine in a
    newborn (contraindicated, SR7: critical) or under 2 years (no established safety:
    warning), diphenhydramine in a newborn (critical) or under 2 years (OTC labels: do not
    use, SR9: warning), when taken, planned, or planned for an upcoming procedure. A newborn
    is under 28 days (a library reading of the labels' word).
    """
    found = uses(f, context, AGE_DRUGS, names=_AGE_NAMES)
    if not found:
        return upto(0)
    age = AGE.of(f)
    if age is None:
        return upto(1)
    days = AGE_DAYS.of(f)  # a limit in days is compared in whole days
    out = []
    for generic, group in by_generic(found).items():
        row = age_row(generic, age, days)
        if row is None:
            continue
        decision = Decision(
            code="medication.age.contraindicated",
            indicator=row.indicator,
            action=Action.AVOID,
            drug=generic,
            findings=(
                *(u.finding(note=f"{row.band}: {row.fact}") for u in group),
                age_limit_finding(f, age, days, row),
            ),
            sources=tuple(dict.fromkeys(row.sources)),
            params={
                "name": named(group),
                "generic": generic,
                "age": age,
                "days": days,
                "row": row,
                "uses": tuple(group),
            },
        )
        out.append(quoted(decision))
    return tuple(out) if out else upto(1)


@decides(
    "medication.age.older_adult",
    sources=("S247",),
    reads=((SEDATING_IN_USE,), (AGE,), (AGE_GIVEN,)),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_FIRST_GENERATION,),
)
def older_adult(f: Facts, context: Context) -> Sequence[Decision]:
    """A sedating antihistamine from 65 years: potentially inappropriate (Beers 2023, SR10).

    Fires for each first-generation H1 antihistamine taken or planned by a patient aged 65 or
    over: a warning (avoid; highly anticholinergic), the choice left to the clinician.
    """
    row = OLDER_ADULT
    meds = SEDATING_IN_USE.of(f)
    if not meds:
        return upto(0)
    age = AGE.of(f)
    if age is None or age < row.from_years:
        return upto(1)
    return tuple(
        Decision(
            code="medication.age.older_adult",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            drug=f.generic_of(m),
            findings=(
                Finding(input=f.path_of(m), text=f"{m.drug} ({m.status.value})"),
                age_finding(f, age, row.from_years),
            ),
            sources=tuple(dict.fromkeys(row.sources)),
            params={"drug": m.drug, "status": m.status.value, "path": f.path_of(m), "age": age},
            lists_options=True,  # "the usual alternative for maintenance"
        )
        for m in meds
    )


# -- breastfeeding and pregnancy -------------------------------------------------------------


@decides(
    "medication.lactation.contraindicated",
    sources=("S13", "S244", "S245", "S241"),
    reads=((LACTATING,), (LACTATION_DRUGS, PROCEDURES)),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def lactation(f: Facts, context: Context) -> Sequence[Decision]:
    """A drug its label rules out while breastfeeding (cyproheptadine, codeine, ketorolac).

    Fires when ``lactating`` is true for cyproheptadine (contraindicated in nursing mothers,
    SR7), codeine (not recommended, SR8) or ketorolac (contraindicated, SR1) taken, planned,
    or planned for an upcoming procedure: a warning, clinician decision.
    """
    if LACTATING.of(f) is not True:
        return upto(0)
    found = uses(f, context, LACTATION_DRUGS, names=frozenset(LACTATION))
    out = []
    for generic, group in by_generic(found).items():
        row = LACTATION[generic]
        decision = Decision(
            code="medication.lactation.contraindicated",
            indicator=Indicator.WARNING,
            action=Action.AVOID,
            drug=generic,
            findings=(
                *(u.finding(note=row.fact) for u in group),
                Finding(input="lactating", text="lactating: true"),
            ),
            sources=tuple(dict.fromkeys(row.sources)),
            params={"name": named(group), "generic": generic, "row": row, "uses": tuple(group)},
        )
        out.append(quoted(decision))
    return tuple(out)


@decides(
    "medication.pregnancy.nsaid",
    sources=("S248",),
    reads=((PREGNANT,), (NSAIDS_IN_USE, PROCEDURES)),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def pregnancy_nsaid(f: Facts, context: Context) -> Sequence[Decision]:
    """An NSAID, or aspirin above 81 mg a day, in pregnancy: avoid from 20 weeks (FDA 2020).

    Fires when ``pregnant`` is true for an NSAID taken, planned, or planned for an upcoming
    procedure, and for aspirin unless its recorded daily dose is 81 mg or less (the low-dose
    exception, SR11). The gestational age is not in the record, so both bounds are stated
    (avoid from about 20 weeks; not recommended from 30): a warning, clinician decision.
    """
    if PREGNANT.of(f) is not True:
        return upto(0)
    facts = NSAID_PREGNANCY
    out = []
    for generic, group in by_generic(uses(f, context, NSAIDS_IN_USE, classes=NSAIDS)).items():
        if generic == ASPIRIN_DRUG:
            group = [
                u for u in group if u.daily_mg is None or u.daily_mg > facts.low_dose_aspirin_mg
            ]
            if not group:
                continue
        decision = Decision(
            code="medication.pregnancy.nsaid",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            drug=generic,
            findings=(
                *(u.finding(note=facts.fact) for u in group),
                Finding(input="pregnant", text="pregnant: true"),
            ),
            sources=tuple(dict.fromkeys(facts.sources)),
            params={
                "name": named(group),
                "generic": generic,
                "uses": tuple(group),
                "aspirin": generic == ASPIRIN_DRUG,
            },
        )
        out.append(quoted(decision))
    return tuple(out)


# -- metamizole ------------------------------------------------------------------------------


@decides(
    "medication.metamizole.contraindicated",
    sources=("S243", "S53"),
    reads=(
        (METAMIZOLE_IN_USE, PROCEDURES),
        (ANC, REACTIONS, AGE, AGE_DAYS, AGE_GIVEN, WEIGHT_UNLESS_INFANT),
    ),
    indicators=(Indicator.CRITICAL,),
    triggers=(DrugClass.NON_OPIOID_ANALGESIC, Recorded.PROCEDURE),
)
def metamizole_contraindicated(f: Facts, context: Context) -> Sequence[Decision]:
    """Metamizole with neutropenia, after an NSAID reaction, or in a young infant (SR5).

    Fires for metamizole taken, planned, or planned for an upcoming procedure when the
    patient meets one of its label contraindications mastcell can check: the latest ANC
    below options.medication.metamizole_anc_below (default 1.0 x10^9/L, CTCAE grade 3: the
    reading of "impaired bone marrow function"; agranulocytosis is its known risk), a
    recorded reaction to aspirin or an NSAID (analgesic intolerance), an age under 3 months
    or a weight under 5 kg: critical, do not give it.
    """
    found = uses(f, context, METAMIZOLE_IN_USE, names=frozenset({METAMIZOLE_DRUG}))
    if not found:
        return upto(0)
    barriers = metamizole_barriers(f, context, anc=ANC, weight=WEIGHT_UNLESS_INFANT)
    if not barriers:
        return ()
    decision = Decision(
        code="medication.metamizole.contraindicated",
        indicator=Indicator.CRITICAL,
        action=Action.AVOID,
        drug=METAMIZOLE_DRUG,
        findings=(
            *(u.finding(note="SR5") for u in found),
            *(finding for b in barriers for finding in b.findings),
        ),
        sources=tuple(
            dict.fromkeys((*METAMIZOLE.sources, *(s for b in barriers for s in b.sources)))
        ),
        params={
            "name": named(found),
            "reasons": tuple(b.reason for b in barriers),
            "uses": tuple(found),
        },
    )
    return (quoted(decision),)
