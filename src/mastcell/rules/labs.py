"""Censored laboratory results: caution where the reported bound decides nothing.

A result reported as ``< 2.0`` is read just below 2.0 (:class:`~mastcell.LabResult`), so
every threshold at or above 2.0 counts as crossed; a threshold below the bound (ANC 1.0, 0.5)
is undecided, and no rule can tell. This rule says so for each result a rule reads that is
censored in its analyte's worse direction (:mod:`mastcell.knowledge.censoring`): a low count
reported ``<``/``<=``, a tryptase or urinary mediator reported ``>``/``>=``. It is critical
when a KIT inhibitor on the list has a label dose decision on that count beyond the bound.

Converted (issue 20): the censored results come from one read
(:mod:`mastcell.rules.labs_facts`), the text from :mod:`mastcell.text.labs`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision
from mastcell.facts import Facts, Recorded
from mastcell.knowledge.censoring import (
    COMPARATOR_SOURCES,
    DOSE_THRESHOLDS,
    WORSE_DIRECTION,
)
from mastcell.model import Comparison, Finding, Indicator
from mastcell.rules.declare import decides
from mastcell.rules.labs_facts import CENSORED
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_CODE = "monitoring.lab.censored"

_SOURCES = tuple(
    dict.fromkeys(
        [
            *COMPARATOR_SOURCES,
            *(s for row in WORSE_DIRECTION.values() for s in row.sources),
            *(s for row in DOSE_THRESHOLDS for s in row.sources),
        ]
    )
)


@decides(
    _CODE,
    sources=_SOURCES,
    reads=(CENSORED,),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.LAB,),
)
def censored_value(f: Facts, context: Context) -> Sequence[Decision]:
    """A result reported only as a bound in its worse direction: thresholds beyond it are undecided.

    Fires for each result a rule reads (the latest of its analyte, the latest sent as
    baseline, the WBC and neutrophil % of a derived ANC) reported with a comparator on the
    side where the concern lies: ``<``/``<=`` for a count (ANC, WBC, neutrophil %,
    platelets, haemoglobin), ``>``/``>=`` for tryptase and the urinary mediators (S157).
    mastcell reads it just past the bound, so a threshold beyond the bound is undecided.
    Critical when midostaurin or avapritinib is active, held or planned and one of its label
    thresholds on that count (S1, S2, S5, S6) lies beyond the bound; else a warning. A bound
    in the benign direction (platelets ``> 400``, tryptase ``< 1``) raises nothing.
    """
    out = []
    for item in CENSORED.of(f):
        lab, comparator, other = item.lab, item.comparator, item.other
        row = WORSE_DIRECTION[lab.analyte]
        path = f.path_of(lab)
        bound = lab.canonical if lab.canonical_bound is None else lab.canonical_bound
        reported = f"{comparator.value} {lab.value:g} {lab.unit}"
        findings = [
            Finding(
                input=path,
                analyte=lab.analyte,
                value=lab.canonical,
                unit=lab.canonical_unit,
                threshold=bound,
                comparison=Comparison(comparator.value),
                time=lab.time,
                note=f"reported as {reported} (censored, S157)",
            )
        ]
        if other is not None:
            findings.append(
                Finding(
                    input=f.path_of(other),
                    text="with it, gives the derived ANC (WBC x neutrophil %)",
                    time=other.time,
                )
            )
        sources = [*COMPARATOR_SOURCES, *row.sources]
        for med, dose_row, _ in item.decisions:
            findings.append(Finding(input=f.path_of(med), text=f"{med.drug} ({med.status.value})"))
            sources += dose_row.sources
        out.append(
            Decision(
                code=_CODE,
                indicator=Indicator.CRITICAL if item.decisions else Indicator.WARNING,
                action=Action.OBTAIN,
                findings=tuple(findings),
                sources=tuple(dict.fromkeys(sources)),
                params={
                    "lab": lab,
                    "path": path,
                    "reported": reported,
                    "bound": bound,
                    "why": row.why,
                    "why_sources": row.sources,
                    "derived": other is not None,
                    "decisions": tuple(
                        (dose_row.drug, med.status.value, dose_row, undecided)
                        for med, dose_row, undecided in item.decisions
                    ),
                },
            )
        )
    return tuple(out)
