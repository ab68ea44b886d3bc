"""What the NSAID rule reads (:mod:`mastcell.rules.analgesia_nsaids`): reactions, metamizole.

The recorded reactions to an NSAID or aspirin, worst first, and metamizole's label
contraindications (SR5) when the safety catalogue names it as an alternative.

The metamizole reasons are those of
:func:`mastcell.rules.metamizole_facts.metamizole_excluded`, read as the unconverted NSAID
rule read them: the weight only when the age does not already settle it (not an infant
under 3 months), the recorded age (besides the birth date) only when it does. The shared
version reads the weight in every case, so its reads cannot be declared in stages that
account for exactly these inputs (:data:`INFANT_AGE_GIVEN`, :data:`WEIGHT_UNLESS_INFANT`).

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Reaction
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, patient
>>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
>>> metamizole_out(facts_of(p, AT), Context(at=AT))["metamizole"]
'a recorded reaction to ibuprofen (analgesic intolerance) (SR5, S243)'
"""

from __future__ import annotations

from collections.abc import Mapping

from mastcell.counts import Count, classify
from mastcell.facts import Facts
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.special_populations import METAMIZOLE, METAMIZOLE_DRUG
from mastcell.model import Analyte, DrugClass, Finding, Reaction, ReactionSeverity
from mastcell.reads import AGE, AGE_DAYS, COUNTS, REACTIONS, Read
from mastcell.rules.analgesia_facts import WhenRead
from mastcell.rules.metamizole_facts import age_text
from mastcell.rules.registry import Context

__all__ = [
    "INFANT_AGE_GIVEN",
    "METAMIZOLE_ANC",
    "WEIGHT_UNLESS_INFANT",
    "AncRead",
    "metamizole_out",
    "nsaid_reactions",
    "reaction_item",
]


def _infant(f: Facts) -> bool:
    return f.age is not None and f.age < METAMIZOLE.infant_below_years


#: The recorded age, read (for the age finding) only for an infant under 3 months.
INFANT_AGE_GIVEN = WhenRead("age when an infant", "age", _infant)
#: The weight, read only when the age does not make the patient an infant under 3 months.
WEIGHT_UNLESS_INFANT = WhenRead("weight unless an infant", "weight", lambda f: not _infant(f))


class AncRead(Read):
    """The latest ANC, with the inputs of :data:`~mastcell.reads.COUNTS`, naming no analyte.

    The unconverted NSAID rule read the ANC (for metamizole's label) without declaring the
    analyte; the analytes a category's rules read decide an unused lab's reason, so the
    converted rule reads the same results without adding the analyte.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("anc", 0.3, "10*9/L")]), AT)
    >>> METAMIZOLE_ANC.of(f).value, METAMIZOLE_ANC.paths(f), METAMIZOLE_ANC.analytes
    (0.3, ('labs[0]',), frozenset())
    """

    __slots__ = ()

    def of(self, facts: Facts) -> Count | None:
        """The count (None when there is no result at or before the moment)."""
        return facts.counts.get(Analyte.ANC)

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return COUNTS[Analyte.ANC].paths(facts)


#: The ANC for metamizole's label (:class:`AncRead`).
METAMIZOLE_ANC = AncRead("ANC for metamizole")

_ORDER = {ReactionSeverity.ANAPHYLAXIS: 0, ReactionSeverity.FLARE: 1, ReactionSeverity.MILD: 2}


def nsaid_reactions(f: Facts) -> list[Reaction]:
    """Reactions to an NSAID or aspirin however the chart wrote them, worst first.

    Reads :data:`~mastcell.reads.REACTIONS`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="Advil"), Reaction(agent="ASA", severity="anaphylaxis")])
    >>> [r.agent for r in nsaid_reactions(facts_of(p, AT))]
    ['asa', 'advil']
    """
    found = reactions_to(REACTIONS.of(f), DrugClass.NSAID, DrugClass.ASPIRIN)
    return sorted(found, key=lambda r: _ORDER.get(r.severity, 3) if r.severity else 3)


def reaction_item(f: Facts, reaction: Reaction) -> Finding:
    """A recorded reaction with its severity, as a finding.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="ibuprofen")])
    >>> str(reaction_item(facts_of(p, AT), p.reactions[0]))
    'reactions[0]: ibuprofen: severity not stated'
    """
    return Finding(
        input=f.path_of(reaction),
        text=f"{reaction.agent}: {reaction.severity or 'severity not stated'}",
    )


def metamizole_out(f: Facts, context: Context) -> Mapping[str, str]:
    """Metamizole with the label reasons it is not offered to this patient, or nothing.

    Reads the ANC (:data:`METAMIZOLE_ANC`), the reactions, the age (and in days),
    and :data:`WEIGHT_UNLESS_INFANT`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> metamizole_out(facts_of(patient(), AT), Context(at=AT))
    {}
    """
    reasons: list[str] = []
    bound = context.options.medication.metamizole_anc_below
    anc = METAMIZOLE_ANC.of(f)
    if anc is not None and anc.value < bound:
        grading = classify(anc)
        reasons.append(f"{anc.describe()} (CTCAE grade {grading.grade}), below {bound:g}")
    intolerance = reactions_to(REACTIONS.of(f), DrugClass.NSAID, DrugClass.ASPIRIN)
    if intolerance:
        reasons.append(f"a recorded reaction to {intolerance[0].agent} (analgesic intolerance)")
    age = AGE.of(f)
    if age is not None and age < METAMIZOLE.infant_below_years:
        reasons.append(f"an infant {age_text(age, AGE_DAYS.of(f))} (under 3 months)")
    else:
        weight = WEIGHT_UNLESS_INFANT.of(f)
        if weight is not None and weight.kg < METAMIZOLE.infant_below_kg:
            reasons.append(f"a weight of {weight.kg:g} kg (under 5 kg)")
    if not reasons:
        return {}
    return {METAMIZOLE_DRUG: "; ".join(reasons) + " (SR5, S243)"}
