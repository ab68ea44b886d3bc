"""A rule's declared reads as columns: the lab results they cover, the medications they need absent.

A converted rule declares what it reads in stages (:mod:`mastcell.rules.declare`); the engine
accounts for the paths of the reads of the stages it reached. A columnar version that says
how many stages the rule reaches where it decides (``ColumnRule.stages``) gets its accounting
from those declarations, never restated:

- a count or series read (:class:`~mastcell.reads.CountRead`,
  :class:`~mastcell.reads.SeriesRead`) reads every result of its analytes (a result drawn
  after the moment is set aside before the rules either way): their bits, as a mask over the
  frame's ``lab_bits``;
- a medication read (:class:`~mastcell.reads.MedicationsRead`,
  :class:`~mastcell.reads.NamedRead`) reads the medications it matches: the version decides
  only where it matches none, whatever their status (a condition added to the version's own);
- any other read (the age, the weight, a field...) has no column yet: a version reaching it
  cannot be declared (:class:`~mastcell.exceptions.RuleError` when the table is built).

>>> from mastcell.reads import COUNTS
>>> from mastcell.model import Analyte
>>> lab_mask([COUNTS[Analyte.PLATELETS]]) == bit(Analyte.PLATELETS)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mastcell.columns.frame import bit
from mastcell.exceptions import RuleError
from mastcell.knowledge.drugs import match_drug
from mastcell.reads import CountRead, MedicationsRead, NamedRead, Read, SeriesRead

if TYPE_CHECKING:
    import polars as pl

__all__ = ["lab_mask", "medications_absent"]


def lab_mask(reads: Iterable[Read]) -> int:
    """The analyte bits of the count and series reads among ``reads`` (0: none).

    Every other read must be a medication read (see the module).

    >>> from mastcell.reads import WEIGHT
    >>> lab_mask([WEIGHT])
    Traceback (most recent call last):
    ...
    mastcell.exceptions.RuleError: no column for the read <read weight> yet
    """
    mask = 0
    for read in reads:
        if isinstance(read, CountRead | SeriesRead):
            for analyte in read.analytes:
                found = bit(analyte)
                if not found:  # pragma: no cover - every analyte has a bit today
                    raise RuleError(f"no bit for {analyte.value}: cannot account for {read!r}")
                mask |= found
        elif not isinstance(read, MedicationsRead):
            raise RuleError(f"no column for the read {read!r} yet")
    return mask


def medications_absent(reads: Iterable[Read]) -> pl.Expr:
    """Boolean: no medication, in any status, that one of the medication reads could match.

    A named read (by ingredient) needs none of its drugs among the ``ingredients``; a read by
    class, no medication of those classes; a read of every medication in some statuses
    (no class, no name), no medication at all.

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.reads import CYTOREDUCTIVE_ON
    >>> from mastcell.testing import AT, med, patient
    >>> frame = patients_frame([patient(medications=[med("hydroxyurea")]), patient()], AT)
    >>> frame.select(medications_absent([CYTOREDUCTIVE_ON])).to_series().to_list()
    [False, True]
    """
    import polars as pl

    absent = pl.lit(True)
    for read in reads:
        if isinstance(read, NamedRead):
            names = sorted(read.drugs)
            absent = absent & ~pl.col("ingredients").list.eval(pl.element().is_in(names)).list.any()
        elif isinstance(read, MedicationsRead):
            if read.drugs:  # by single generic name: a drug of the name has its classes
                classes = {c for d in read.drugs if (m := match_drug(d)) for c in m.classes}
                if not classes or not all(map(bit, classes)):
                    absent = absent & (pl.col("medications") == 0)
                    continue
                mask = sum(bit(c) for c in classes)
            elif read.classes and all(map(bit, read.classes)):
                mask = sum(bit(c) for c in read.classes)
            else:
                absent = absent & (pl.col("medications") == 0)
                continue
            absent = absent & ((pl.col("classes") & mask) == 0)
    return absent
