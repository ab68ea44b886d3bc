"""The CYP3A decisions of :mod:`mastcell.rules.interaction`: one per KIT inhibitor and partner.

The rules find each pair (a KIT inhibitor on the list and another medication a CYP3A list
classifies, :func:`mastcell.rules.interaction_facts.cyp3a_partners`); these functions decide
what the pair calls for, from the classification in force and the facts (DI1-DI11).

>>> from mastcell.facts import facts_of
>>> from mastcell.knowledge.interactions import cyp3a_of
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, med, patient
>>> p = patient(diagnoses=["ism"], medications=[med("avapritinib"), med("fluconazole")])
>>> d = avapritinib_pair(facts_of(p, AT), *p.medications, cyp3a_of("fluconazole"))
>>> d.code, d.action.value, d.medication is None, d.sources
('interaction.avapritinib.moderate_inhibitor', 'avoid', True, ('S5', 'S6', 'S7', 'S106', 'S10', 'S110'))
"""

from __future__ import annotations

from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import AVAPRITINIB, MIDOSTAURIN
from mastcell.knowledge.interactions import (
    AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR,
    FACTS,
    MIDOSTAURIN_FIRST_WEEK,
    Cyp3aClassification,
    Modulation,
)
from mastcell.model import (
    Diagnosis,
    DiagnosisFamily,
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
)
from mastcell.model.dates import day_of
from mastcell.rules.interaction_facts import med_finding
from mastcell.rules.registry import Context

__all__ = ["avapritinib_pair", "fact_sources", "midostaurin_pair"]


def fact_sources(*ids: str) -> tuple[str, ...]:
    """The sources of interaction facts, in order (repeats kept: the caller drops them).

    >>> fact_sources("DI2", "DI4", "DI1")
    ('S100', 'S102', 'S109', 'S102')
    """
    return tuple(s for i in ids for s in FACTS[i].sources)


def _common(
    f: Facts, kit: Medication, other: Medication, found: Cyp3aClassification
) -> tuple[tuple[Finding, ...], dict[str, object]]:
    name = other.drug if other.drug == found.drug else f"{other.drug} ({found.drug})"
    findings = (med_finding(f, kit), med_finding(f, other, note=found.describe()))
    return findings, {"name": name, "found": found}


def midostaurin_pair(
    f: Facts,
    context: Context,
    kit: Medication,
    other: Medication,
    found: Cyp3aClassification,
) -> Decision:
    """Midostaurin with a CYP3A inhibitor or inducer: strong inhibitor, strong inducer, other.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.interactions import cyp3a_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("midostaurin", status="planned"), med("Nizoral")])
    >>> d = midostaurin_pair(facts_of(p, AT), Context(at=AT), *p.medications,
    ...                      cyp3a_of("Nizoral"))
    >>> d.code, d.params["early"], d.lists_options
    ('interaction.midostaurin.strong_inhibitor', True, True)
    """
    findings, common = _common(f, kit, other, found)
    if found.modulation is Modulation.STRONG_INHIBITOR:
        early = kit.status is MedicationStatus.PLANNED or (
            kit.start is not None
            and day_of(context.at) - day_of(kit.start) < MIDOSTAURIN_FIRST_WEEK
        )
        return Decision(
            code="interaction.midostaurin.strong_inhibitor",
            indicator=Indicator.WARNING,
            action=Action.MONITOR,
            drug=MIDOSTAURIN,
            findings=findings,
            sources=tuple(dict.fromkeys((*fact_sources("DI2", "DI4", "DI1"), *found.sources))),
            params={**common, "early": early},
            lists_options=True,  # "prefer another drug"
        )
    if found.modulation is Modulation.STRONG_INDUCER:
        label = context.options.interaction.midostaurin_strong_inducer
        return Decision(
            code="interaction.midostaurin.strong_inducer",
            indicator=Indicator.CRITICAL,
            action=Action.AVOID,
            drug=MIDOSTAURIN,
            findings=findings,
            sources=tuple(
                dict.fromkeys((label.source, *fact_sources("DI5", "DI1"), *found.sources))
            ),
            params={**common, "label": label},
        )
    return Decision(
        code="interaction.midostaurin.moderate_modulator",
        indicator=Indicator.INFO,
        action=Action.INFORM,
        drug=MIDOSTAURIN,
        findings=findings,
        sources=tuple(dict.fromkeys((*fact_sources("DI1"), *found.sources))),
        params=common,
    )


def avapritinib_pair(
    f: Facts, kit: Medication, other: Medication, found: Cyp3aClassification
) -> Decision:
    """Avapritinib with a CYP3A inhibitor or inducer: avoid (with the AdvSM dose, DI9).

    A strong inhibitor (DI7, DI11) or an inducer (DI8): avoid. A moderate inhibitor: avoid
    (DI7); in AdvSM the 50 mg starting dose if it cannot be avoided (DI9); in ISM, or with the
    subtype unrecorded, no dose (DI10).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.interactions import cyp3a_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(diagnoses=["asm"], medications=[med("avapritinib"), med("fluconazole")])
    >>> d = avapritinib_pair(facts_of(p, AT), *p.medications, cyp3a_of("fluconazole"))
    >>> d.action.value, str(d.medication.dose)
    ('prefer', '50 mg')
    """
    findings, common = _common(f, kit, other, found)
    ids: tuple[str, ...]
    if found.modulation is Modulation.STRONG_INHIBITOR:
        code, indicator, ids = "strong_inhibitor", Indicator.CRITICAL, ("DI7", "DI11")
    elif found.modulation.is_inducer:
        code, indicator, ids = "inducer", Indicator.CRITICAL, ("DI8",)
    else:
        return _avapritinib_moderate(f, found, findings, common)
    return Decision(
        code=f"interaction.avapritinib.{code}",
        indicator=indicator,
        action=Action.AVOID,
        drug=AVAPRITINIB,
        findings=findings,
        sources=tuple(dict.fromkeys((*fact_sources(*ids), *found.sources))),
        params=common,
    )


def _avapritinib_moderate(
    f: Facts,
    found: Cyp3aClassification,
    findings: tuple[Finding, ...],
    common: dict[str, object],
) -> Decision:
    if DiagnosisFamily.ADVANCED_SM in f.families:
        subtype: str | None = "AdvSM"
        ids: tuple[str, ...] = ("DI7", "DI9")
    elif Diagnosis.ISM in f.diagnoses:
        subtype, ids = "ISM", ("DI7", "DI10")
    else:
        subtype, ids = None, ("DI7", "DI9", "DI10")
    advice = AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR if subtype == "AdvSM" else None
    return Decision(
        code="interaction.avapritinib.moderate_inhibitor",
        indicator=Indicator.WARNING,
        # A dose to give if the inhibitor cannot be avoided: a proposal the guard checks
        # against the reactions (as the adapter read it), not an order.
        action=Action.PREFER if advice is not None else Action.AVOID,
        drug=AVAPRITINIB,
        medication=advice,
        findings=findings,
        sources=tuple(dict.fromkeys((*fact_sources(*ids), *found.sources))),
        params={**common, "subtype": subtype, "advice": advice},
    )
