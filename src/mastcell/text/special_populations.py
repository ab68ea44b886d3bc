"""The words of the label checks by population (:mod:`mastcell.rules.special_populations`).

>>> from mastcell.text import template_of
>>> template_of("medication.age.older_adult")(drug="hydroxyzine", status="active",
...                                           path="medications[0]", age=70.2)[0]
'Hydroxyzine at 70 years: sedating antihistamines are potentially inappropriate from 65 (Beers 2023)'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.special_populations import (
    METAMIZOLE,
    NSAID_PREGNANCY,
    OLDER_ADULT,
    AgeLimit,
    LactationRow,
)
from mastcell.model import Indicator
from mastcell.model.recommendation import fit_words
from mastcell.rules.metamizole_facts import age_text
from mastcell.rules.special_populations_facts import Use
from mastcell.text import Text, template

__all__: list[str] = []


def _cap(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"


def _how(uses: Sequence[Use]) -> str:
    return "; ".join(f"{u.how} ({u.path})" for u in uses)


@template("medication.age.contraindicated")
def age_contraindicated(
    *, name: str, generic: str, age: float, days: int | None, row: AgeLimit, uses: Sequence[Use]
) -> Text:
    """Under a label's age limit: stop or do not start (critical), else clinician decision."""
    return (
        fit_words(f"{name.capitalize()} for a child {age_text(age, days)}: {row.short}"),
        f"{generic.capitalize()} {row.says} ({row.fact}; {', '.join(row.sources)}). The "
        f"patient is {age_text(age, days)} ({row.band}); {generic} is "
        + _how(uses)
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
        ),
    )


@template("medication.age.older_adult")
def older_adult(*, drug: str, status: str, path: str, age: float) -> Text:
    """A sedating antihistamine from 65 years (Beers 2023): the usual alternative named."""
    row = OLDER_ADULT
    return (
        fit_words(
            f"{drug.capitalize()} at {age:.0f} years: sedating antihistamines are "
            "potentially inappropriate from 65 (Beers 2023)"
        ),
        f"{_cap(row.says)} ({row.fact}, {', '.join(row.sources)}). "
        f"The patient is {age:.1f} years old and {drug} is {status} "
        f"({path}). A second-generation H1 antihistamine is the usual "
        "alternative for maintenance; clinician decision.",
    )


@template("medication.lactation.contraindicated")
def lactation(*, name: str, generic: str, row: LactationRow, uses: Sequence[Use]) -> Text:
    """Breastfeeding and a drug its label rules out then: clinician decision."""
    return (
        fit_words(f"Breastfeeding and {name}: it {row.says.split(' (')[0]}; clinician decision"),
        f"{generic.capitalize()} {row.says} ({row.fact}; {', '.join(row.sources)}). The "
        f"patient is recorded as breastfeeding; {generic} is "
        + _how(uses)
        + ". Choose another drug or stop breastfeeding: clinician decision.",
    )


@template("medication.pregnancy.nsaid")
def pregnancy_nsaid(*, name: str, generic: str, uses: Sequence[Use], aspirin: bool) -> Text:
    """Pregnant on an NSAID (or aspirin above the low dose): avoid from about 20 weeks."""
    facts = NSAID_PREGNANCY
    dose = [f"{u.daily_mg:g} mg/day" for u in uses if u.daily_mg is not None]
    aspirin_text = (
        f" Aspirin counts here because its daily dose is {', '.join(dose) or 'not recorded'} "
        f"(the exception is low-dose {facts.low_dose_aspirin_mg:g} mg aspirin)."
        if aspirin
        else ""
    )
    return (
        fit_words(
            f"Pregnant and on {name}: avoid NSAIDs from about {facts.avoid_from_weeks} weeks "
            "(FDA 2020); gestational age not recorded"
        ),
        f"{_cap(facts.says)} ({facts.fact}, "
        f"{', '.join(facts.sources)}). The patient is recorded as pregnant; {generic} is "
        + _how(uses)
        + f".{aspirin_text} The gestational age is not in the record: if it is "
        f"{facts.avoid_from_weeks} weeks or more, avoid it; clinician decision.",
    )


@template("medication.metamizole.contraindicated")
def metamizole(*, name: str, reasons: Sequence[str], uses: Sequence[Use]) -> Text:
    """Metamizole with a label contraindication: do not give it (agranulocytosis)."""
    return (
        fit_words(f"Do not give {name}: {reasons[0]}; label contraindication (agranulocytosis)"),
        f"{_cap(METAMIZOLE.agranulocytosis)}; "
        f"{METAMIZOLE.contraindications} ({METAMIZOLE.facts}, S243). This patient: "
        + "; ".join(reasons)
        + ". Metamizole is "
        + _how(uses)
        + ". Stop it or do not start it; choose the analgesic with the clinician. The ANC "
        "bound is mastcell's reading of 'impaired bone marrow function' (the label gives "
        "no number; options.medication.metamizole_anc_below).",
    )
