"""The label contraindications of metamizole (SR5) as the rules read them, on the facts view.

One function, :func:`metamizole_barriers`, shared by the special-population, NSAID and
emergency rules (issue 20): neutropenia
(the latest ANC below ``options.medication.metamizole_anc_below``, default the CTCAE grade-3
bound 1.0 x10^9/L: mastcell's reading of "impaired bone marrow function"), a recorded
reaction to aspirin or an NSAID (analgesic intolerance), an infant under 3 months or under
5 kg (S243).

The three rules compute the same barriers but account for different inputs, so each passes
its own reads of the ANC and the weight: the emergency rule the shared
:data:`~mastcell.reads.COUNTS` and :data:`~mastcell.reads.WEIGHT` (the defaults);
``medication.metamizole.contraindicated`` :data:`ANC` (the ANC declared with the inputs of
a derived ANC) and :data:`WEIGHT_UNLESS_INFANT`; ``analgesia.nsaid.caution`` its own such
read (:mod:`mastcell.rules.analgesia_nsaid_facts`) and :data:`WEIGHT_UNLESS_INFANT`.

>>> from mastcell.facts import facts_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, lab, patient
>>> p = patient(labs=[lab("anc", 0.3, "10*9/L")])
>>> [b.reason for b in metamizole_barriers(facts_of(p, AT), Context(at=AT))]
['ANC 0.3 x10^9/L (CTCAE grade 4), below 1']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from mastcell.counts import Count, classify
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
from mastcell.reads import AGE, AGE_DAYS, COUNTS, REACTIONS, WEIGHT, Read
from mastcell.rules.procedure_facts import age_finding
from mastcell.rules.registry import Context

__all__ = [
    "ANC",
    "WEIGHT_UNLESS_INFANT",
    "AncRead",
    "Barrier",
    "Exclusion",
    "WeightUnlessInfant",
    "age_text",
    "metamizole_barriers",
    "metamizole_excluded",
    "metamizole_exclusion",
    "uncited",
]

_NSAIDS = frozenset({DrugClass.NSAID, DrugClass.ASPIRIN})


def _infant(facts: Facts) -> bool:
    # The facts' age (AGE's value) without asking the read: a read asks no other read.
    age = facts.age
    return age is not None and age < METAMIZOLE.infant_below_years


class AncRead(Read):
    """The latest ANC with the inputs of :data:`~mastcell.reads.COUNTS`, naming given analytes.

    The analytes a category's rules read decide an unused lab's reason, so each rule's read
    names the ANC with the WBC and neutrophil % of a derived ANC (:data:`ANC`; the NSAID
    rule's :data:`~mastcell.rules.analgesia_nsaid_facts.METAMIZOLE_ANC`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("anc", 0.3, "10*9/L")]), AT)
    >>> ANC.of(f).value, ANC.paths(f), sorted(a.value for a in ANC.analytes)
    (0.3, ('labs[0]',), ['anc', 'neutrophils_pct', 'wbc'])
    """

    __slots__ = ()

    def __init__(self, name: str, analytes: Iterable[Analyte] = ()) -> None:
        super().__init__(name, analytes)

    def compute(self, facts: Facts) -> Count | None:
        """The count (None when there is no result at or before the moment)."""
        return facts.counts.get(Analyte.ANC)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return COUNTS[Analyte.ANC].paths(facts)


class WeightUnlessInfant(Read):
    """The weight, read unless the patient is an infant under 3 months (None then).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Weight
    >>> from mastcell.testing import AT, patient
    >>> WEIGHT_UNLESS_INFANT.paths(facts_of(patient(weight=Weight(value=4, unit="kg")), AT))
    ('weight',)
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> Any:
        """The recorded weight, or None (not recorded, or an infant)."""
        return None if _infant(facts) else facts.patient.weight

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return () if _infant(facts) else WEIGHT.paths(facts)


#: The latest ANC, declared as the ANC (:class:`AncRead`).
ANC = AncRead("latest ANC", COUNTS[Analyte.ANC].analytes)
#: The weight unless an infant (:class:`WeightUnlessInfant`).
WEIGHT_UNLESS_INFANT = WeightUnlessInfant("weight, unless an infant under 3 months")


class Barrier(NamedTuple):
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


def metamizole_barriers(
    f: Facts, context: Context, *, anc: Read = COUNTS[Analyte.ANC], weight: Read = WEIGHT
) -> tuple[Barrier, ...]:
    """The label contraindications of metamizole this patient meets (SR5), each with its basis.

    Reads ``anc`` (the latest ANC), :data:`~mastcell.reads.REACTIONS`,
    :data:`~mastcell.reads.AGE` and :data:`~mastcell.reads.AGE_DAYS`, then for an infant the
    age as given (:data:`~mastcell.rules.procedure_facts.AGE_GIVEN`, within the age's
    inputs), else ``weight`` (the recorded weight). A rule declares the reads it passes.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction, Weight
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
    >>> metamizole_barriers(facts_of(p, AT), Context(at=AT))[0].reason
    'a recorded reaction to ibuprofen (analgesic intolerance)'
    >>> f = facts_of(patient(weight=Weight(value=4, unit="kg")), AT)
    >>> [b.reason for b in metamizole_barriers(f, Context(at=AT), weight=WEIGHT_UNLESS_INFANT)]
    ['a weight of 4 kg (under 5 kg)']
    """
    out: list[Barrier] = []
    bound = context.options.medication.metamizole_anc_below
    count = anc.of(f)
    if count is not None and count.value < bound:
        grading = classify(count)
        out.append(
            Barrier(
                reason=f"{count.describe()} (CTCAE grade {grading.grade}), below {bound:g}",
                findings=count.findings(threshold=bound, comparison="<", note=grading.text),
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
    if age is not None and age < METAMIZOLE.infant_below_years:
        out.append(
            Barrier(
                reason=f"an infant {age_text(age, AGE_DAYS.of(f))} (under 3 months)",
                findings=(age_finding(f, age, METAMIZOLE.infant_below_years),),
                sources=("S243",),
            )
        )
        return tuple(out)
    recorded = weight.of(f)
    if recorded is not None and recorded.kg < METAMIZOLE.infant_below_kg:
        kg = recorded.kg
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


class Exclusion(NamedTuple):
    """Metamizole with the label reasons it is not offered, and the findings behind them.

    >>> Exclusion(excluded={}, findings=()).excluded
    {}
    """

    #: Metamizole and its reasons on one line (empty when the label allows it).
    excluded: Mapping[str, str]
    #: The inputs behind the reasons (the ANC or a derived ANC's WBC and %, the reaction,
    #: the age or weight), for the recommendation that names metamizole as not offered.
    findings: tuple[Finding, ...]


def metamizole_exclusion(
    f: Facts, context: Context, *, anc: Read = COUNTS[Analyte.ANC], weight: Read = WEIGHT
) -> Exclusion:
    """:func:`metamizole_excluded` with the findings of its barriers (every input it rests on).

    A rule that names metamizole as ruled out cites what ruled it out, so that the
    recommendation is traceable to the ANC (or the WBC and neutrophil % of a derived ANC).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("wbc", 2.0, "10*9/L"), lab("neutrophils_pct", 45, "%")]), AT)
    >>> [x.input for x in metamizole_exclusion(f, Context(at=AT)).findings]
    ['labs[0]', 'labs[1]']
    >>> metamizole_exclusion(facts_of(patient(), AT), Context(at=AT))
    Exclusion(excluded={}, findings=())
    """
    barriers = metamizole_barriers(f, context, anc=anc, weight=weight)
    if not barriers:
        return Exclusion(excluded={}, findings=())
    return Exclusion(
        excluded={METAMIZOLE_DRUG: "; ".join(b.reason for b in barriers) + " (SR5, S243)"},
        findings=tuple(x for b in barriers for x in b.findings),
    )


def uncited(cited: Iterable[Finding], more: Iterable[Finding]) -> list[Finding]:
    """The findings of ``more`` whose input ``cited`` (or an earlier one of ``more``) lacks.

    A barrier's reaction is already cited by the rule that reads the reactions; its ANC is not.

    >>> a, b = Finding(input="reactions[0]", text="x"), Finding(input="labs[0]", text="y")
    >>> [x.input for x in uncited([a], [a, b, b])]
    ['labs[0]']
    """
    seen = {x.input for x in cited}
    out: list[Finding] = []
    for finding in more:
        if finding.input not in seen:
            seen.add(finding.input)
            out.append(finding)
    return out


def metamizole_excluded(
    f: Facts, context: Context, *, anc: Read = COUNTS[Analyte.ANC], weight: Read = WEIGHT
) -> Mapping[str, str]:
    """Metamizole with the label reasons it is not offered to this patient, or nothing.

    The reasons of :func:`metamizole_barriers` (with the same reads), on one line.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> metamizole_excluded(facts_of(patient(), AT), Context(at=AT))
    {}
    >>> f = facts_of(patient(labs=[lab("anc", 0.3, "10*9/L")]), AT)
    >>> metamizole_excluded(f, Context(at=AT))["metamizole"]
    'ANC 0.3 x10^9/L (CTCAE grade 4), below 1 (SR5, S243)'
    """
    return metamizole_exclusion(f, context, anc=anc, weight=weight).excluded
