"""What the medication checks may cite (:mod:`mastcell.rules.medication`), from the knowledge.

A decision cites only what its rule declares; these are the declarations, gathered from the
tables the checks read (the maxima and caps, the escalation bounds, the device bands, the
catalogue, the moiety pairs), so that a source added to a table is declared with it.

>>> "S131" in DOSE_SOURCES, "S250" in MOIETY_SOURCES
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable

from mastcell.knowledge.antimediator import FEXOFENADINE_BOUNDS, H1_ESCALATION, H1_SEED_BOUND
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.emergency import EPINEPHRINE_BANDS
from mastcell.knowledge.maxima import AVAPRITINIB_MAXIMA, DAILY_MAXIMA, PER_KG_MAXIMA
from mastcell.knowledge.moieties import MOIETY_PAIRS

__all__ = [
    "AVAPRITINIB_SOURCES",
    "DOSE_SOURCES",
    "DRUG_SOURCES",
    "EPINEPHRINE_SOURCES",
    "MOIETY_SOURCES",
    "WITHDRAWN_SOURCES",
]


def _unique(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for group in groups for s in group))


#: Sources of the 24-hour maxima checks as first declared (MX1-MX17).
_DAILY_SOURCES: tuple[str, ...] = (
    "S17",
    "S120",
    "S121",
    "S122",
    "S123",
    "S124",
    "S125",
    "S126",
    "S127",
)
_DAILY_SOURCES += ("S128", "S129", "S130", "S131", "S13", "S14")

#: What the dose checks may cite: every 24-hour maximum and accepted higher reading, the
#: mg/kg caps, the avapritinib maxima, and the H1 escalation bounds (``h1.above_label``).
DOSE_SOURCES = _unique(
    _DAILY_SOURCES,
    ("S12", "S134", "S5", "S7", "S29", "S131"),
    (s for rows in DAILY_MAXIMA.values() for r in rows for s in r.sources),
    (s for rows in DAILY_MAXIMA.values() for r in rows if r.higher for s in r.higher.sources),
    (s for cap in PER_KG_MAXIMA.values() for s in cap.sources),
    (s for bound in H1_ESCALATION.values() for s in bound.sources),
    (s for bound in FEXOFENADINE_BOUNDS.values() for s in bound.sources),
    H1_SEED_BOUND.sources,
)
#: What the avapritinib check may cite (LW1).
AVAPRITINIB_SOURCES = _unique(
    ("S5", "S6", "S7", "S8", "S9"),
    (s for row in AVAPRITINIB_MAXIMA.values() for s in row.sources),
)
#: What the epinephrine device check may cite (E1, E4-E6, PD20, PD21).
EPINEPHRINE_SOURCES = _unique(
    ("S16", "S135", "S136", "S29"), (s for band in EPINEPHRINE_BANDS for s in band.sources)
)
#: What the duplicate and name checks may cite: the catalogue's sources.
DRUG_SOURCES = _unique(("S29", "S30"), (s for d in CATALOGUE.values() for s in d.sources))
#: What the withdrawn-drug check may cite.
WITHDRAWN_SOURCES = _unique(
    ("S130",), (s for d in CATALOGUE.values() if d.withdrawn for s in d.sources)
)
#: What the moiety check may cite (SR13).
MOIETY_SOURCES = _unique(("S250",), (s for pair in MOIETY_PAIRS for s in pair.sources))
