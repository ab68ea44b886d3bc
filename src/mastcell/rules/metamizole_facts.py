"""The label contraindications of metamizole (SR5) as the rules read them, on the facts view.

The facts-view version of the old ``metamizole_barriers``,
shared by the special-population, analgesia and emergency rules (issue 20): neutropenia
(the latest ANC below ``options.medication.metamizole_anc_below``, default the CTCAE grade-3
bound 1.0 x10^9/L: mastcell's reading of "impaired bone marrow function"), a recorded
reaction to aspirin or an NSAID (analgesic intolerance), an infant under 3 months or under
5 kg (S243).

>>> from mastcell.facts import facts_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, lab, patient
>>> p = patient(labs=[lab("anc", 0.3, "10*9/L")])
>>> [b.reason for b in metamizole_barriers(facts_of(p, AT), Context(at=AT))]
['ANC 0.3 x10^9/L (CTCAE grade 4), below 1']
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.counts import classify
from mastcell.facts import Facts
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.special_populations import (
    METAMIZOLE,
    METAMIZOLE_DRUG,
    NEWBORN_BELOW_DAYS,
    NEWBORN_BELOW_YEARS,
    age_words,
)
from mastcell.model import Analyte, DrugClass, Finding
from mastcell.reads import AGE, AGE_DAYS, COUNTS, REACTIONS, WEIGHT
from mastcell.rules.procedure_facts import age_finding
from mastcell.rules.registry import Context

__all__ = ["Barrier", "age_text", "metamizole_barriers", "metamizole_excluded"]

_NSAIDS = frozenset({DrugClass.NSAID, DrugClass.ASPIRIN})


@attrs.frozen(kw_only=True)
class Barrier:
    """Why a label rules a drug out for this patient, with the findings and sources behind it.

    >>> Barrier(reason="an infant 20 days old (under 3 months)", findings=(),
    ...         sources=("S243",)).sources
    ('S243',)
    """

    reason: str
    findings: tuple[Finding, ...]
    sources: tuple[str, ...]


def age_text(age: float, days: int | None) -> str:
    """The age as a rule compared it: whole days for a newborn, else completed units.

    >>> age_text(0.05, 20), age_text(40.2, 14700)
    ('20 days old', '40 years old')
    """
    if days is not None and (days < NEWBORN_BELOW_DAYS or age < NEWBORN_BELOW_YEARS):
        # the day count, never a year fraction (28 days in a leap year is 28/366 of a year)
        return f"{days} day{'s' if days != 1 else ''} old"
    return age_words(age)


def metamizole_barriers(f: Facts, context: Context) -> tuple[Barrier, ...]:
    """The label contraindications of metamizole this patient meets (SR5), each with its basis.

    Reads the ANC (:data:`~mastcell.reads.COUNTS`), the reactions, the age (and in days),
    and the weight when no age settles it.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
    >>> metamizole_barriers(facts_of(p, AT), Context(at=AT))[0].reason
    'a recorded reaction to ibuprofen (analgesic intolerance)'
    """
    out: list[Barrier] = []
    bound = context.options.medication.metamizole_anc_below
    anc = COUNTS[Analyte.ANC].of(f)
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
    intolerance = reactions_to(REACTIONS.of(f), *_NSAIDS)
    if intolerance:
        reaction = intolerance[0]
        severity = reaction.severity.value if reaction.severity else "severity not stated"
        out.append(
            Barrier(
                reason=f"a recorded reaction to {reaction.agent} (analgesic intolerance)",
                findings=(
                    Finding(input=f.path_of(reaction), text=f"{reaction.agent}: {severity}"),
                ),
                sources=("S243",),
            )
        )
    age = AGE.of(f)
    weight = WEIGHT.of(f)
    if age is not None and age < METAMIZOLE.infant_below_years:
        out.append(
            Barrier(
                reason=f"an infant {age_text(age, AGE_DAYS.of(f))} (under 3 months)",
                findings=(age_finding(f, age, METAMIZOLE.infant_below_years),),
                sources=("S243",),
            )
        )
    elif weight is not None and weight.kg < METAMIZOLE.infant_below_kg:
        kg = weight.kg
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


def metamizole_excluded(f: Facts, context: Context) -> Mapping[str, str]:
    """Metamizole with the label reasons it is not offered to this patient, or nothing.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> metamizole_excluded(facts_of(patient(), AT), Context(at=AT))
    {}
    """
    barriers = metamizole_barriers(f, context)
    if not barriers:
        return {}
    return {METAMIZOLE_DRUG: "; ".join(b.reason for b in barriers) + " (SR5, S243)"}
