"""Censored laboratory results: which direction is the worse one, and which doses hang on it.

A result reported as ``< 0.5`` or ``> 1000`` (FHIR Quantity.comparator, S157) is a bound, not a
measurement. mastcell reads it just past the bound (:class:`~mastcell.LabResult`), which
decides every threshold at or before the bound; a threshold beyond it is undecided. That matters
only in the worse direction of the analyte: a count reported ``< 2.0`` may be 0.1, a tryptase
reported ``> 10`` may be 500; a count ``> 400`` or a tryptase ``< 1`` changes no advice.

The worse direction of each analyte is read from how the rules compare it: low counts interrupt
the KIT inhibitors (S1, S2, S5, S6) and grade cytopenias (CTCAE, S53, S70; WHO C-findings, S11,
S27); high tryptase and urinary mediators are the SM minor criterion (S27), the acute rise
(S24) and the mediator criteria of MCAS (S50).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import NamedTuple

from mastcell.knowledge.cytopenia import (
    AVAPRITINIB,
    AVAPRITINIB_PLATELETS,
    MIDOSTAURIN,
    MIDOSTAURIN_COUNT_ROWS,
)
from mastcell.model import Analyte, Comparator

__all__ = [
    "COMPARATOR_SOURCES",
    "DOSE_THRESHOLDS",
    "WORSE_DIRECTION",
    "Direction",
    "DoseThresholds",
    "WorseDirection",
]

#: The meaning of the comparators (HL7 FHIR R4 QuantityComparator).
COMPARATOR_SOURCES = ("S157",)


class Direction(enum.StrEnum):
    """On which side of a result the clinical concern lies.

    >>> Direction.LOWER.censored_by(Comparator.LE), Direction.HIGHER.censored_by(Comparator.LT)
    (True, False)
    """

    LOWER = "lower"
    HIGHER = "higher"

    def censored_by(self, comparator: Comparator) -> bool:
        """Whether a result censored with ``comparator`` leaves its true value on this side."""
        return comparator.below is (self is Direction.LOWER)


class WorseDirection(NamedTuple):
    """An analyte's worse direction and why: the rules that compare it that way.

    >>> WORSE_DIRECTION[Analyte.ANC].worse, WORSE_DIRECTION[Analyte.TRYPTASE].worse
    (<Direction.LOWER: 'lower'>, <Direction.HIGHER: 'higher'>)
    """

    analyte: Analyte
    worse: Direction
    why: str
    sources: tuple[str, ...]


_ROWS = (
    WorseDirection(
        analyte=Analyte.ANC,
        worse=Direction.LOWER,
        why="a low ANC interrupts midostaurin, grades neutropenia and is a C-finding level",
        sources=("S1", "S2", "S53", "S70", "S11", "S27"),
    ),
    WorseDirection(
        analyte=Analyte.WBC,
        worse=Direction.LOWER,
        why="a low WBC grades leukopenia and gives the derived ANC (WBC x neutrophil %)",
        sources=("S53", "S70", "S55"),
    ),
    WorseDirection(
        analyte=Analyte.NEUTROPHILS_PCT,
        worse=Direction.LOWER,
        why="a low neutrophil % gives a low derived ANC (WBC x neutrophil %)",
        sources=("S55",),
    ),
    WorseDirection(
        analyte=Analyte.PLATELETS,
        worse=Direction.LOWER,
        why=(
            "low platelets interrupt midostaurin and avapritinib, forbid starting avapritinib, "
            "grade thrombocytopenia and are a C-finding level"
        ),
        sources=("S1", "S2", "S5", "S6", "S53", "S11", "S27"),
    ),
    WorseDirection(
        analyte=Analyte.HEMOGLOBIN,
        worse=Direction.LOWER,
        why="a low haemoglobin interrupts midostaurin, grades anaemia and is a C-finding level",
        sources=("S1", "S53", "S11", "S27"),
    ),
    WorseDirection(
        analyte=Analyte.TRYPTASE,
        worse=Direction.HIGHER,
        why=(
            "a high tryptase is the SM minor criterion (baseline > 20 ng/mL), raises the acute "
            "threshold (1.2 x baseline + 2 ng/mL) and guides HaT testing"
        ),
        sources=("S27", "S11", "S24", "S26"),
    ),
    WorseDirection(
        analyte=Analyte.URINE_LTE4,
        worse=Direction.HIGHER,
        why="a urinary mediator above its limit supports mast cell activation",
        sources=("S50",),
    ),
    WorseDirection(
        analyte=Analyte.URINE_PGF2A,
        worse=Direction.HIGHER,
        why="a urinary mediator above its limit supports mast cell activation",
        sources=("S50", "S51"),
    ),
    WorseDirection(
        analyte=Analyte.URINE_NMH,
        worse=Direction.HIGHER,
        why="a urinary mediator above its limit supports mast cell activation",
        sources=("S50",),
    ),
)

#: Every analyte's worse direction (a test keeps it complete).
WORSE_DIRECTION: Mapping[Analyte, WorseDirection] = {row.analyte: row for row in _ROWS}


class DoseThresholds(NamedTuple):
    """The count thresholds a drug label's dose decisions compare one analyte with.

    ``thresholds`` are in the analyte's canonical unit; a censored count whose bound lies
    beyond one of them leaves that decision (interrupt, restart, do not start) undecided.

    >>> [(t.drug, t.analyte.value, t.thresholds) for t in DOSE_THRESHOLDS][:2]
    [('midostaurin', 'anc', (0.5, 1.0)), ('midostaurin', 'platelets', (25.0, 50.0))]
    """

    drug: str
    analyte: Analyte
    thresholds: tuple[float, ...]
    sources: tuple[str, ...]

    def undecided(self, bound: float, comparator: Comparator) -> tuple[float, ...]:
        """The thresholds a count censored at ``bound`` (canonical unit) cannot be placed against.

        ``< 1.0`` is below every threshold at or above 1.0 but may or may not be below 0.5;
        ``<= 1.0`` may be exactly 1.0, so it is not known to be below 1.0 either.

        >>> row = DOSE_THRESHOLDS[0]
        >>> row.undecided(1.0, Comparator.LT), row.undecided(1.0, Comparator.LE)
        ((0.5,), (0.5, 1.0))
        >>> row.undecided(0.5, Comparator.LT), row.undecided(3.0, Comparator.GT)
        ((), ())
        """
        if not comparator.below:
            return ()
        if comparator.strict:
            return tuple(t for t in self.thresholds if t < bound)
        return tuple(t for t in self.thresholds if t <= bound)


def _midostaurin_rows() -> tuple[DoseThresholds, ...]:
    rows = []
    for row in MIDOSTAURIN_COUNT_ROWS:
        values = {row.interrupt_below, row.restart_at_or_above}
        if row.baseline_interrupt_below is not None:
            values.add(row.baseline_interrupt_below)
        rows.append(
            DoseThresholds(
                drug=MIDOSTAURIN,
                analyte=row.analyte,
                thresholds=tuple(sorted(values)),
                sources=row.sources,
            )
        )
    return tuple(rows)


#: The label thresholds of the KIT inhibitors' count-driven dose decisions, read from
#: :mod:`mastcell.knowledge.cytopenia` (one home): midostaurin's interrupt, baseline-population
#: interrupt and restart rows (S1, S2); avapritinib's platelet threshold (S5, S6, S9).
DOSE_THRESHOLDS: tuple[DoseThresholds, ...] = (
    *_midostaurin_rows(),
    DoseThresholds(
        drug=AVAPRITINIB,
        analyte=Analyte.PLATELETS,
        thresholds=(AVAPRITINIB_PLATELETS.threshold,),
        sources=AVAPRITINIB_PLATELETS.sources,
    ),
)
