"""Choosing among ranked drugs and bands on the facts view: what the anti-mediator rules read.

Additions to :mod:`mastcell.rules.antimediator_facts` for the converted rules: the band a
dose is chosen from and whether choosing it reads the recorded age; whether a mediator's
limit needs the age; the sources a rule declares for the bands and the reaction groups it may
cite; the findings of the reactions that passed drugs over, and the decision when they leave
no drug to propose.

>>> from mastcell.facts import facts_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, patient
>>> band_choice("cetirizine", facts_of(patient(), AT), Context(at=AT)).missing
'age'
"""

from __future__ import annotations

from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.allergy import Allowed
from mastcell.knowledge.groups import groups_of
from mastcell.knowledge.paediatric import BANDS, BandChoice, band_for
from mastcell.model import Analyte, Finding, Indicator, SymptomControl
from mastcell.reads import WEIGHT
from mastcell.rules.antimediator_doses import BAND_AGE
from mastcell.rules.antimediator_mediators import MEDIATORS
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context

__all__ = [
    "band_choice",
    "band_sources",
    "choice_sources",
    "mediator_reads_age",
    "no_option",
    "passed_over",
    "reads_age_given",
]


def mediator_reads_age(f: Facts, analyte: Analyte) -> bool:
    """Whether ``mediator(f, analyte)`` reads the age: a result without a laboratory limit.

    (:func:`~mastcell.rules.antimediator_mediators.mediator`.)

    A rule that may stop after calling it declares :data:`~mastcell.reads.AGE` in a later stage
    and reaches that stage when this is true (read: ``MEDIATORS[analyte]``).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("urine_nmh", 250, "ug/g creat")]), AT)
    >>> mediator_reads_age(f, Analyte.URINE_NMH), mediator_reads_age(f, Analyte.URINE_LTE4)
    (True, False)
    """
    lab = MEDIATORS[analyte].of(f)
    return lab is not None and lab.canonical_high is None


def band_choice(drug: str, f: Facts, context: Context) -> BandChoice:
    """The labelled band ``band_dose`` chooses for ``drug`` (reads: BAND_AGE, WEIGHT).

    (:func:`~mastcell.rules.antimediator_doses.band_dose`.)

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> band_choice("cetirizine", facts_of(patient(), AT), Context(at=AT)).missing
    'age'
    """
    weight = WEIGHT.of(f)
    return band_for(
        drug,
        BAND_AGE.of(f),
        None if weight is None else weight.kg,
        context.options.antimediator.dose_jurisdiction,
    )


def reads_age_given(choice: BandChoice) -> bool:
    """Whether ``band_dose`` with this choice reads ``AGE_GIVEN`` (no band doses the age).

    (:func:`~mastcell.rules.antimediator_doses.band_dose`.)

    A rule declares :data:`~mastcell.rules.procedure_facts.AGE_GIVEN` in a stage of its own and
    reaches it when this is true.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> reads_age_given(band_choice("cetirizine", facts_of(patient(), AT), Context(at=AT)))
    False
    """
    band = choice.band
    return (band is None or band.dose is None) and choice.missing not in ("age", "weight")


def band_sources(*drugs: str) -> tuple[str, ...]:
    """Every source the labelled bands of ``drugs`` cite (for a rule's declaration).

    >>> band_sources("cetirizine")
    ('S122', 'S131', 'S17')
    """
    return tuple(dict.fromkeys(s for d in drugs for b in BANDS[d] for s in b.sources))


def choice_sources(*drugs: str) -> tuple[str, ...]:
    """The sources a recorded reaction may cite against ``drugs`` (their cross-reactive groups).

    A class word (an 'H1 antihistamine' reaction) cites S29 and S30, which the anti-mediator
    rules declare anyway.

    >>> choice_sources("cetirizine", "fexofenadine")
    ('S250',)
    """
    return tuple(dict.fromkeys(s for d in drugs for g in groups_of(d) for s in g.sources))


def passed_over(f: Facts, pick: Allowed) -> list[Finding]:
    """The recorded reactions that kept drugs of a ranked list from being proposed.

    ``pick`` comes from :func:`mastcell.knowledge.allergy.allowed` of
    :data:`~mastcell.reads.REACTIONS`.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.allergy import allowed
    >>> from mastcell.model import Reaction
    >>> from mastcell.reads import REACTIONS
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(reactions=[Reaction(agent="famotidine")]), AT)
    >>> [str(x) for x in passed_over(f, allowed(REACTIONS.of(f), ("famotidine", "nizatidine")))]
    ['reactions[0]: famotidine: severity not stated (recorded reaction to famotidine itself)']
    """
    return [reaction_finding(f, m) for m in pick.excluded]


def no_option(
    code: str,
    control: SymptomControl | None,
    pick: Allowed,
    findings: list[Finding],
    sources: tuple[str, ...],
) -> Decision:
    """A ranked list the patient's reactions empty: no drug proposed, clinician decision.

    Variant ``no_option`` of ``code``, with the parameters ``sources`` (the therapy's) and
    ``excluded`` (the matches that emptied the list).

    >>> from mastcell.knowledge.allergy import allowed
    >>> from mastcell.model import Reaction
    >>> pick = allowed([Reaction(agent="h2 blockers")], ("famotidine",))
    >>> d = no_option("antimediator.h2.add", None, pick, [], ("S29", "S30"))
    >>> d.variant, d.indicator.value, d.action.value, d.sources, d.lists_options
    ('no_option', 'info', 'inform', ('S29', 'S30'), True)
    """
    return Decision(
        code=code,
        indicator=Indicator.WARNING if control is not None else Indicator.INFO,
        action=Action.INFORM,
        findings=tuple(findings),
        sources=tuple(dict.fromkeys((*sources, *(x for m in pick.excluded for x in m.sources)))),
        variant="no_option",
        params={"sources": sources, "excluded": pick.excluded},
        # "no acceptable option": the guard's reading of the old text (guard.lists_options).
        lists_options=True,
    )
