"""What the NSAID rule reads (:mod:`mastcell.rules.analgesia_nsaids`): reactions, metamizole.

The recorded reactions to an NSAID or aspirin, worst first, and metamizole's label
contraindications (SR5) when the safety catalogue names it as an alternative.

The metamizole reasons are :func:`mastcell.rules.metamizole_facts.metamizole_excluded`'s,
read with the ANC declared as its analytes (with the WBC and neutrophil % of a derived ANC:
:data:`METAMIZOLE_ANC`), the weight only when the age does not already settle it
(:data:`~mastcell.rules.metamizole_facts.WEIGHT_UNLESS_INFANT`), the recorded age (besides
the birth date) only when it does (:data:`INFANT_AGE_GIVEN`).

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Reaction
>>> from mastcell.testing import AT, patient
>>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
>>> [r.agent for r in nsaid_reactions(facts_of(p, AT))]
['ibuprofen']
"""

from __future__ import annotations

from mastcell.facts import Facts
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.special_populations import METAMIZOLE
from mastcell.model import Analyte, DrugClass, Finding, Reaction, ReactionSeverity
from mastcell.reads import COUNTS, REACTIONS
from mastcell.rules.analgesia_facts import WhenRead
from mastcell.rules.metamizole_facts import AncRead

__all__ = ["INFANT_AGE_GIVEN", "METAMIZOLE_ANC", "nsaid_reactions", "reaction_item"]


def _infant(f: Facts) -> bool:
    return f.age is not None and f.age < METAMIZOLE.infant_below_years


#: The recorded age, read (for the age finding) only for an infant under 3 months.
INFANT_AGE_GIVEN = WhenRead("age when an infant", "age", _infant)
#: The ANC for metamizole's label, declared as the ANC (the analytes a category's rules read
#: decide an unused lab's reason: :class:`~mastcell.rules.metamizole_facts.AncRead`).
METAMIZOLE_ANC = AncRead("ANC for metamizole", COUNTS[Analyte.ANC].analytes)

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
