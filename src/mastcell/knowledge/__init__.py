"""Clinical knowledge as typed data: sources, the drug catalogue, thresholds and doses.

Each fact lives in one place with the source ids that back it; rules read it and the docs
render it. Nothing here decides anything.
"""

from mastcell.knowledge.drugs import CATALOGUE, Drug, StandardDose, classes_of, generic_name, lookup
from mastcell.knowledge.sources import SOURCES, Source, SourceKind, cite, evidence

__all__ = [
    "CATALOGUE",
    "SOURCES",
    "Drug",
    "Source",
    "SourceKind",
    "StandardDose",
    "cite",
    "classes_of",
    "evidence",
    "generic_name",
    "lookup",
]
