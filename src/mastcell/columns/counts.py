"""Blood counts as columns: whether the latest count is low, as :func:`mastcell.counts.classify` says.

A count is low when it is below the lab's lower limit of normal (when the lab gave one) or of
CTCAE grade 2 or worse, that is below the grade-2 bound of the analyte's scale
(:data:`mastcell.knowledge.ctcae.SCALES`; the bound is read from there, never restated). A
count without a result is not low. The ANC laid out is the latest measured one: a row with a
neutrophil % (from which the engine may derive a newer ANC) is not decided here.

>>> from mastcell.columns.frame import patients_frame
>>> from mastcell.model import Analyte
>>> from mastcell.testing import AT, lab, patient
>>> frame = patients_frame([patient(labs=[lab("wbc", 1.9, "K/uL")]),
...                         patient(labs=[lab("wbc", 3.5, "K/uL", reference_low=4.0)]),
...                         patient(labs=[lab("wbc", 3.5, "K/uL")]), patient()], AT)
>>> frame.select(low(Analyte.WBC)).to_series().to_list()
[True, True, False, False]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from mastcell.columns.frame import LATEST, bit
from mastcell.knowledge.ctcae import SCALES
from mastcell.model import Analyte

if TYPE_CHECKING:
    import polars as pl

__all__ = ["known", "low", "none_low"]


def low(analyte: Analyte) -> pl.Expr:
    """Boolean: the latest count of ``analyte`` is low (False without a result).

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.testing import AT, lab, patient
    >>> frame = patients_frame([patient(labs=[lab("platelets", 74.9, "K/uL")]),
    ...                         patient(labs=[lab("platelets", 75000, "/uL")])], AT)
    >>> frame.select(low(Analyte.PLATELETS)).to_series().to_list()
    [True, False]
    """
    import polars as pl

    if analyte not in LATEST:  # pragma: no cover - a programming error in a version
        raise ValueError(f"no latest-count column for {analyte.value}")
    value = pl.col(f"latest_{analyte.value}")
    lln = pl.col(f"lln_{analyte.value}")
    bound = SCALES[analyte].grade_2_below
    below = (value < bound) | (lln.is_not_null() & (value < lln))
    return value.is_not_null() & below


def known(analytes: Iterable[Analyte]) -> pl.Expr:
    """Boolean: each count's latest value is the laid-out one (no neutrophil % for an ANC).

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.testing import AT, lab, patient
    >>> frame = patients_frame([patient(labs=[lab("neutrophils_pct", 40, "%")]), patient()], AT)
    >>> frame.select(known([Analyte.ANC])).to_series().to_list()
    [False, True]
    """
    import polars as pl

    out = pl.lit(True)
    if Analyte.ANC in analytes:
        out = out & ((pl.col("analytes") & bit(Analyte.NEUTROPHILS_PCT)) == 0)
    return out


def none_low(analytes: Iterable[Analyte]) -> pl.Expr:
    """Boolean: the counts are known (:func:`known`) and none of them is low.

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.testing import AT, lab, patient
    >>> frame = patients_frame([patient(labs=[lab("platelets", 40, "K/uL")]), patient()], AT)
    >>> frame.select(none_low([Analyte.PLATELETS, Analyte.ANC])).to_series().to_list()
    [False, True]
    """
    import polars as pl

    wanted = tuple(analytes)
    out = known(wanted)
    for analyte in wanted:
        out = out & ~low(analyte)
    return out if wanted else pl.lit(True)
