"""What a report proposes, by generic name, and the drug classes the safety tables test.

Shared by the clinical-fix and vocabulary tables: a drug the patient reacted to is never in
:func:`proposed`, however the chart spells the reaction.
"""

from __future__ import annotations

from mastcell import Recommendation
from mastcell.guard import is_proposal
from mastcell.knowledge.drugs import CATALOGUE, generic_name
from mastcell.model import DrugClass

#: Every H1 antihistamine of the catalogue (first and second generation).
H1 = frozenset(
    d.generic
    for d in CATALOGUE.values()
    if d.classes & {DrugClass.H1_FIRST_GENERATION, DrugClass.H1_SECOND_GENERATION}
)
#: Every H2 antihistamine of the catalogue.
H2 = frozenset(d.generic for d in CATALOGUE.values() if DrugClass.H2 in d.classes)
#: Every proton pump inhibitor of the catalogue.
PPI = frozenset(
    d.generic for d in CATALOGUE.values() if DrugClass.PROTON_PUMP_INHIBITOR in d.classes
)


def proposed(recs: list[Recommendation]) -> set[str]:
    """Generic names of every drug the report proposes (medication or schedule)."""
    out: set[str] = set()
    for rec in recs:
        for item in (*rec.schedule, *((rec.medication,) if rec.medication else ())):
            if is_proposal(item):
                out.add(generic_name(item.drug) or item.drug)
    return out
