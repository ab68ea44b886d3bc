"""The oracle's copy of :mod:`mastcell.rules.special_populations` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. The original module said:

Label checks by population: young children, older adults, breastfeeding, pregnancy, metamizole.

Each rule reads a drug taken, planned, or planned for an upcoming procedure against a row of
:mod:`mastcell.knowledge.special_populations`: codeine under 12 years (SR8), cyproheptadine
in a newborn or under 2 years (SR7), diphenhydramine in a newborn or under 2 years (SR9,
PD10), a sedating antihistamine from 65 years (SR10), cyproheptadine, codeine or ketorolac
while breastfeeding (SR7, SR8, SR1), an NSAID or aspirin above 81 mg/day in pregnancy
(SR11), and metamizole with neutropenia, after a reaction to an NSAID, or in a young infant
(SR5). :func:`metamizole_barriers` gives the same metamizole reasons to the rules that list
it as an alternative, so it is not offered where its label forbids it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from mastcell._oracle.perioperative import age_finding, upcoming
from mastcell.counts import classify, latest_count
from mastcell.facts import Recorded
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG
from mastcell.knowledge.drugs import (
    generic_name,
    ingredients_in,
    ingredients_named,
)
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.special_populations import (
    AGE_LIMITS,
    LACTATION,
    METAMIZOLE,
    METAMIZOLE_DRUG,
    NEWBORN_BELOW_DAYS,
    NEWBORN_BELOW_YEARS,
    NSAID_PREGNANCY,
    OLDER_ADULT,
    AgeLimit,
    age_words,
)
from mastcell.model import (
    Analyte,
    DrugClass,
    Finding,
    Indicator,
    MedicationStatus,
    Patient,
    Recommendation,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, oracle_rule

__all__ = ["Barrier", "metamizole_barriers", "metamizole_excluded"]

rule = oracle_rule("mastcell.rules.special_populations")

_IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
_AGE_DRUGS = frozenset(row.drug for row in AGE_LIMITS)
_NSAIDS = frozenset({DrugClass.NSAID, DrugClass.ASPIRIN})


@attrs.frozen(kw_only=True)
class _Use:
    """A drug taken, planned, or planned for an upcoming procedure."""

    path: str
    name: str
    generic: str
    how: str
    daily_mg: float | None = None

    def finding(self, note: str | None = None) -> Finding:
        return Finding(input=self.path, text=f"{self.name} ({self.how})", note=note)


def _uses(
    patient: Patient,
    context: Context,
    *,
    names: frozenset[str] = frozenset(),
    classes: frozenset[DrugClass] = frozenset(),
) -> list[_Use]:
    """Medications taken or planned, and upcoming procedures' agents, of names or classes.

    Read through the patient's queries, so only those medications are recorded as read.
    """
    meds = (
        *(patient.medications_named(*sorted(names), statuses=_IN_USE) if names else ()),
        *(patient.medications_of(*sorted(classes), statuses=_IN_USE) if classes else ()),
    )

    def ingredients(name: str) -> tuple[str, ...]:
        # A combination product is seen through each wanted ingredient (Excedrin: aspirin).
        return tuple(
            dict.fromkeys(
                (*ingredients_named(name, names), *ingredients_in(name, *sorted(classes)))
            )
        )

    found = [
        _Use(
            path=patient.path_of(m),
            name=m.drug,
            generic=generic,
            how=m.status.value,
            daily_mg=m.daily_mg if generic_name(m.drug) == generic else None,
        )
        for m in dict.fromkeys(meds)
        for generic in ingredients(m.drug) or (m.drug,)
    ]
    for planned in upcoming(patient, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients(agent):
                found.append(
                    _Use(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                    )
                )
    return found


def _by_generic(uses: list[_Use]) -> dict[str, list[_Use]]:
    out: dict[str, list[_Use]] = {}
    for use in uses:
        out.setdefault(use.generic, []).append(use)
    return out


def _named(group: list[_Use]) -> str:
    names = {u.name for u in group}
    return names.pop() if len(names) == 1 else group[0].generic


def _age_row(generic: str, age: float, days: int | None) -> AgeLimit | None:
    return next((r for r in AGE_LIMITS if r.drug == generic and r.applies(age, days)), None)


def _age_text(age: float, days: int | None) -> str:
    """The age as the rule compared it: whole days for a newborn, else completed units."""
    if days is not None and (days < NEWBORN_BELOW_DAYS or age < NEWBORN_BELOW_YEARS):
        # the day count, never a year fraction (28 days in a leap year is 28/366 of a year)
        return f"{days} day{'s' if days != 1 else ''} old"
    return age_words(age)


def _age_limit_finding(patient: Patient, age: float, days: int | None, row: AgeLimit) -> Finding:
    """The age against the limit as the rule compared it: in days for a limit in days."""
    if row.below_days is None or days is None:
        return age_finding(patient, age, row.below_years)
    return Finding(
        input="age" if patient.age is not None else "birth_date",
        value=float(days),
        unit="d",
        threshold=float(row.below_days),
        comparison="<" if days < row.below_days else ">=",
        note="age in completed days",
    )


# -- young children and older adults ---------------------------------------------------------


@rule(
    "medication.age.contraindicated",
    sources=("S245", "S13", "S244", "S246", "S126"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(DrugClass.OPIOID, DrugClass.H1_FIRST_GENERATION, Recorded.PROCEDURE),
)
def age_contraindicated(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A drug its label rules out at the patient's age (codeine, cyproheptadine, diphenhydramine).

    Fires for codeine under 12 years (contraindicated, SR8: critical), cyproheptadine in a
    newborn (contraindicated, SR7: critical) or under 2 years (no established safety:
    warning), diphenhydramine in a newborn (critical) or under 2 years (OTC labels: do not
    use, SR9: warning), when taken, planned, or planned for an upcoming procedure. A newborn
    is under 28 days (a library reading of the labels' word).
    """
    uses = _uses(patient, context, names=_AGE_DRUGS)
    if not uses:
        return
    age = patient.age_at(context.at)
    if age is None:
        return
    days = patient.age_in_days(context.at)  # a limit in days is compared in whole days
    for generic, group in _by_generic(uses).items():
        row = _age_row(generic, age, days)
        if row is None:
            continue
        name = _named(group)
        yield Recommendation(
            code="medication.age.contraindicated",
            indicator=row.indicator,
            summary=fit_words(
                f"{name.capitalize()} for a child {_age_text(age, days)}: {row.short}"
            ),
            detail=(
                f"{generic.capitalize()} {row.says} ({row.fact}; {', '.join(row.sources)}). The "
                f"patient is {_age_text(age, days)} ({row.band}); {generic} is "
                + "; ".join(f"{u.how} ({u.path})" for u in group)
                + ". "
                + (
                    "Stop it, or do not start it; choose another drug with the clinician."
                    if row.indicator is Indicator.CRITICAL
                    else "Clinician decision."
                )
                + (
                    " A newborn here is under 28 days (a library reading); premature birth is "
                    "not recorded and not checked."
                    if row.below_days is not None
                    else ""
                )
            ),
            evidence=evidence(*row.sources),
            findings=(
                *(u.finding(note=f"{row.band}: {row.fact}") for u in group),
                _age_limit_finding(patient, age, days, row),
            ),
        )


@rule(
    "medication.age.older_adult",
    sources=("S247",),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_FIRST_GENERATION,),
)
def older_adult(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A sedating antihistamine from 65 years: potentially inappropriate (Beers 2023, SR10).

    Fires for each first-generation H1 antihistamine taken or planned by a patient aged 65 or
    over: a warning (avoid; highly anticholinergic), the choice left to the clinician.
    """
    row = OLDER_ADULT
    meds = patient.medications_of(row.drug_class, statuses=_IN_USE)
    if not meds:
        return
    age = patient.age_at(context.at)
    if age is None or age < row.from_years:
        return
    for m in meds:
        yield Recommendation(
            code="medication.age.older_adult",
            indicator=Indicator.WARNING,
            summary=fit_words(
                f"{m.drug.capitalize()} at {age:.0f} years: sedating antihistamines are "
                "potentially inappropriate from 65 (Beers 2023)"
            ),
            detail=(
                f"{row.says[0].upper()}{row.says[1:]} ({row.fact}, {', '.join(row.sources)}). "
                f"The patient is {age:.1f} years old and {m.drug} is {m.status.value} "
                f"({patient.path_of(m)}). A second-generation H1 antihistamine is the usual "
                "alternative for maintenance; clinician decision."
            ),
            evidence=evidence(*row.sources),
            findings=(
                Finding(input=patient.path_of(m), text=f"{m.drug} ({m.status.value})"),
                age_finding(patient, age, row.from_years),
            ),
        )


# -- breastfeeding and pregnancy -------------------------------------------------------------


@rule(
    "medication.lactation.contraindicated",
    sources=("S13", "S244", "S245", "S241"),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def lactation(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A drug its label rules out while breastfeeding (cyproheptadine, codeine, ketorolac).

    Fires when ``lactating`` is true for cyproheptadine (contraindicated in nursing mothers,
    SR7), codeine (not recommended, SR8) or ketorolac (contraindicated, SR1) taken, planned,
    or planned for an upcoming procedure: a warning, clinician decision.
    """
    if patient.lactating is not True:
        return
    uses = _uses(patient, context, names=frozenset(LACTATION))
    for generic, group in _by_generic(uses).items():
        row = LACTATION[generic]
        name = _named(group)
        yield Recommendation(
            code="medication.lactation.contraindicated",
            indicator=Indicator.WARNING,
            summary=fit_words(
                f"Breastfeeding and {name}: it {row.says.split(' (')[0]}; clinician decision"
            ),
            detail=(
                f"{generic.capitalize()} {row.says} ({row.fact}; {', '.join(row.sources)}). The "
                f"patient is recorded as breastfeeding; {generic} is "
                + "; ".join(f"{u.how} ({u.path})" for u in group)
                + ". Choose another drug or stop breastfeeding: clinician decision."
            ),
            evidence=evidence(*row.sources),
            findings=(
                *(u.finding(note=row.fact) for u in group),
                Finding(input="lactating", text="lactating: true"),
            ),
        )


@rule(
    "medication.pregnancy.nsaid",
    sources=("S248",),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def pregnancy_nsaid(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """An NSAID, or aspirin above 81 mg a day, in pregnancy: avoid from 20 weeks (FDA 2020).

    Fires when ``pregnant`` is true for an NSAID taken, planned, or planned for an upcoming
    procedure, and for aspirin unless its recorded daily dose is 81 mg or less (the low-dose
    exception, SR11). The gestational age is not in the record, so both bounds are stated
    (avoid from about 20 weeks; not recommended from 30): a warning, clinician decision.
    """
    if patient.pregnant is not True:
        return
    facts = NSAID_PREGNANCY
    uses = _uses(patient, context, classes=_NSAIDS)
    for generic, group in _by_generic(uses).items():
        if generic == ASPIRIN_DRUG:
            group = [
                u for u in group if u.daily_mg is None or u.daily_mg > facts.low_dose_aspirin_mg
            ]
            if not group:
                continue
        name = _named(group)
        dose = [f"{u.daily_mg:g} mg/day" for u in group if u.daily_mg is not None]
        aspirin_text = (
            f" Aspirin counts here because its daily dose is {', '.join(dose) or 'not recorded'} "
            f"(the exception is low-dose {facts.low_dose_aspirin_mg:g} mg aspirin)."
            if generic == ASPIRIN_DRUG
            else ""
        )
        yield Recommendation(
            code="medication.pregnancy.nsaid",
            indicator=Indicator.WARNING,
            summary=fit_words(
                f"Pregnant and on {name}: avoid NSAIDs from about {facts.avoid_from_weeks} weeks "
                "(FDA 2020); gestational age not recorded"
            ),
            detail=(
                f"{facts.says[0].upper()}{facts.says[1:]} ({facts.fact}, "
                f"{', '.join(facts.sources)}). The patient is recorded as pregnant; {generic} is "
                + "; ".join(f"{u.how} ({u.path})" for u in group)
                + f".{aspirin_text} The gestational age is not in the record: if it is "
                f"{facts.avoid_from_weeks} weeks or more, avoid it; clinician decision."
            ),
            evidence=evidence(*facts.sources),
            findings=(
                *(u.finding(note=facts.fact) for u in group),
                Finding(input="pregnant", text="pregnant: true"),
            ),
        )


# -- metamizole ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Barrier:
    """Why a label rules a drug out for this patient, with the findings and sources behind it.

    >>> from mastcell.testing import AT, lab, patient
    >>> p = patient(labs=[lab("anc", 0.3, "10*9/L")])
    >>> [b.reason for b in metamizole_barriers(p, Context(at=AT))]
    ['ANC 0.3 x10^9/L (CTCAE grade 4), below 1']
    """

    reason: str
    findings: tuple[Finding, ...]
    sources: tuple[str, ...]


def metamizole_barriers(patient: Patient, context: Context) -> tuple[Barrier, ...]:
    """The label contraindications of metamizole this patient meets (SR5), each with its basis.

    Neutropenia (the latest ANC below options.medication.metamizole_anc_below, default the
    CTCAE grade-3 bound 1.0 x10^9/L: mastcell's reading of "impaired bone marrow function"),
    a recorded reaction to aspirin or an NSAID (analgesic intolerance), an infant under 3
    months or under 5 kg.

    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
    >>> metamizole_barriers(p, Context(at=AT))[0].reason
    'a recorded reaction to ibuprofen (analgesic intolerance)'
    """
    out: list[Barrier] = []
    bound = context.options.medication.metamizole_anc_below
    anc = latest_count(patient, Analyte.ANC, context.at)
    if anc is not None and anc.value < bound:
        grading = classify(anc)
        out.append(
            Barrier(
                reason=f"{anc.describe()} (CTCAE grade {grading.grade}), below {bound:g}",
                findings=anc.findings(threshold=bound, comparison="<", note=grading.text),
                sources=("S243", "S53"),
            )
        )
    # Read as every reaction is (issue 16 review: "NSAIDs", "Advil (hives)", "ASA 81" and
    # "ibuprofin" were not seen here, and metamizole was offered after them).
    intolerance = reactions_to(patient.reactions, *_NSAIDS)
    if intolerance:
        reaction = intolerance[0]
        severity = reaction.severity.value if reaction.severity else "severity not stated"
        out.append(
            Barrier(
                reason=f"a recorded reaction to {reaction.agent} (analgesic intolerance)",
                findings=(
                    Finding(input=patient.path_of(reaction), text=f"{reaction.agent}: {severity}"),
                ),
                sources=("S243",),
            )
        )
    age = patient.age_at(context.at)
    if age is not None and age < METAMIZOLE.infant_below_years:
        out.append(
            Barrier(
                reason=f"an infant {_age_text(age, patient.age_in_days(context.at))} "
                "(under 3 months)",
                findings=(age_finding(patient, age, METAMIZOLE.infant_below_years),),
                sources=("S243",),
            )
        )
    elif patient.weight is not None and patient.weight.kg < METAMIZOLE.infant_below_kg:
        kg = patient.weight.kg
        out.append(
            Barrier(
                reason=f"a weight of {kg:g} kg (under 5 kg)",
                findings=(
                    Finding(
                        input="weight",
                        value=kg,
                        unit="kg",
                        threshold=METAMIZOLE.infant_below_kg,
                        comparison="<",
                    ),
                ),
                sources=("S243",),
            )
        )
    return tuple(out)


def metamizole_excluded(patient: Patient, context: Context) -> Mapping[str, str]:
    """Metamizole with the label reasons it is not offered to this patient, or nothing.

    >>> from mastcell.testing import AT, patient
    >>> metamizole_excluded(patient(), Context(at=AT))
    {}
    """
    barriers = metamizole_barriers(patient, context)
    if not barriers:
        return {}
    return {METAMIZOLE_DRUG: "; ".join(b.reason for b in barriers) + " (SR5, S243)"}


@rule(
    "medication.metamizole.contraindicated",
    sources=("S243", "S53"),
    reads=(Analyte.ANC, Analyte.WBC, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.CRITICAL,),
    triggers=(DrugClass.NON_OPIOID_ANALGESIC, Recorded.PROCEDURE),
)
def metamizole_contraindicated(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Metamizole with neutropenia, after an NSAID reaction, or in a young infant (SR5).

    Fires for metamizole taken, planned, or planned for an upcoming procedure when the
    patient meets one of its label contraindications mastcell can check: the latest ANC
    below options.medication.metamizole_anc_below (default 1.0 x10^9/L, CTCAE grade 3: the
    reading of "impaired bone marrow function"; agranulocytosis is its known risk), a
    recorded reaction to aspirin or an NSAID (analgesic intolerance), an age under 3 months
    or a weight under 5 kg: critical, do not give it.
    """
    uses = _uses(patient, context, names=frozenset({METAMIZOLE_DRUG}))
    if not uses:
        return
    barriers = metamizole_barriers(patient, context)
    if not barriers:
        return
    name = _named(uses)
    yield Recommendation(
        code="medication.metamizole.contraindicated",
        indicator=Indicator.CRITICAL,
        summary=fit_words(
            f"Do not give {name}: {barriers[0].reason}; label contraindication (agranulocytosis)"
        ),
        detail=(
            f"{METAMIZOLE.agranulocytosis[0].upper()}{METAMIZOLE.agranulocytosis[1:]}; "
            f"{METAMIZOLE.contraindications} ({METAMIZOLE.facts}, S243). This patient: "
            + "; ".join(b.reason for b in barriers)
            + ". Metamizole is "
            + "; ".join(f"{u.how} ({u.path})" for u in uses)
            + ". Stop it or do not start it; choose the analgesic with the clinician. The ANC "
            "bound is mastcell's reading of 'impaired bone marrow function' (the label gives "
            "no number; options.medication.metamizole_anc_below)."
        ),
        evidence=evidence("S243", *(s for b in barriers for s in b.sources)),
        findings=(
            *(u.finding(note="SR5") for u in uses),
            *(f for b in barriers for f in b.findings),
        ),
    )
