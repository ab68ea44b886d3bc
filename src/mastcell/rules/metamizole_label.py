"""Metamizole's label contraindications (SR5) as ``medication.metamizole.contraindicated`` reads them.

The same barriers as :func:`mastcell.rules.metamizole_facts.metamizole_barriers` (and built
from its :class:`~mastcell.rules.metamizole_facts.Barrier` and
:func:`~mastcell.rules.metamizole_facts.age_text`), read so that the rule accounts for
exactly the inputs its unconverted version did: the weight is read only when the patient is
not an infant under 3 months (:data:`WEIGHT_UNLESS_INFANT`; the shared version reads it
always); the ANC is declared as the ANC alone (:data:`ANC`: the
unconverted rule declared ``Analyte.ANC``, though a derived ANC reads the neutrophil % and
the WBC, whose results it accounts for).

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Weight
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, patient
>>> f = facts_of(patient(weight=Weight(value=4, unit="kg")), AT)
>>> [b.reason for b in label_barriers(f, Context(at=AT))]
['a weight of 4 kg (under 5 kg)']
"""

from __future__ import annotations

from typing import Any

from mastcell.counts import Count, classify
from mastcell.facts import Facts
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.special_populations import METAMIZOLE
from mastcell.model import Analyte, Finding
from mastcell.reads import AGE, AGE_DAYS, COUNTS, REACTIONS, WEIGHT, Read
from mastcell.rules.metamizole_facts import Barrier, age_text
from mastcell.rules.procedure_facts import age_finding
from mastcell.rules.registry import Context
from mastcell.rules.special_populations_facts import NSAIDS

__all__ = ["ANC", "WEIGHT_UNLESS_INFANT", "AncRead", "WeightUnlessInfant", "label_barriers"]


def _infant(facts: Facts) -> bool:
    # The facts' age (AGE's value) without asking the read: a read asks no other read.
    age = facts.age
    return age is not None and age < METAMIZOLE.infant_below_years


class AncRead(Read):
    """The latest ANC (:data:`~mastcell.reads.COUNTS`), declaring the ANC alone as its analyte.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("anc", 0.3, "10*9/L")]), AT)
    >>> ANC.of(f).value, ANC.paths(f), sorted(a.value for a in ANC.analytes)
    (0.3, ('labs[0]',), ['anc'])
    """

    __slots__ = ()

    def of(self, facts: Facts) -> Count | None:
        """The count (None when there is none)."""
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

    def of(self, facts: Facts) -> Any:
        """The recorded weight, or None (not recorded, or an infant)."""
        return None if _infant(facts) else facts.patient.weight

    def paths(self, facts: Facts) -> tuple[str, ...]:
        return () if _infant(facts) else WEIGHT.paths(facts)


#: The latest ANC, declared as the ANC (:class:`AncRead`).
ANC = AncRead("latest ANC", (Analyte.ANC,))
#: The weight unless an infant (:class:`WeightUnlessInfant`).
WEIGHT_UNLESS_INFANT = WeightUnlessInfant("weight, unless an infant under 3 months")


def label_barriers(f: Facts, context: Context) -> tuple[Barrier, ...]:
    """The label contraindications of metamizole this patient meets (SR5), each with its basis.

    Reads :data:`ANC`, :data:`~mastcell.reads.REACTIONS`, :data:`~mastcell.reads.AGE` and
    :data:`~mastcell.reads.AGE_DAYS`, then for an infant the age as given
    (:data:`~mastcell.rules.procedure_facts.AGE_GIVEN`, within the age's inputs), else
    :data:`WEIGHT_UNLESS_INFANT`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="ibuprofen", severity="flare")])
    >>> label_barriers(facts_of(p, AT), Context(at=AT))[0].reason
    'a recorded reaction to ibuprofen (analgesic intolerance)'
    """
    out: list[Barrier] = []
    bound = context.options.medication.metamizole_anc_below
    anc = ANC.of(f)
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
    intolerance = reactions_to(REACTIONS.of(f), *NSAIDS)
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
    weight = WEIGHT_UNLESS_INFANT.of(f)
    if weight is not None and weight.kg < METAMIZOLE.infant_below_kg:
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
