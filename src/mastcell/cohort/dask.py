"""Cohorts on Dask: a bag of patients in, a bag of reports or a DataFrame of tidy rows out.

The same evaluation as :func:`~mastcell.evaluate_many`, on whatever Dask runs:
a ``LocalCluster`` on one machine or a real cluster, unchanged. Each partition is evaluated
where it lives (the workers parse their own JSON lines); nothing is gathered unless asked.
Needs the ``dask`` extra (``pip install 'mastcell[dask]'``); Dask is imported on first use.

A :class:`~mastcell.cohort.stream.CohortFailure` from a bag carries its position *within its
partition* (a partition does not know its offset): join failures on ``patient_id``, or keep a
line number in the input if you need one. Likewise the ``patient`` column of
:func:`recommendations_frame` counts within the partition.

>>> import dask.bag as db
>>> bag = db.from_sequence(['{"id": "a", "diagnoses": ["mcas"]}', '{"id": "b"}'], npartitions=2)
>>> reports = evaluate_bag(bag, at="2026-11-22T12:00:00Z", categories=["emergency"])
>>> [r.patient_id for r in reports.compute(scheduler="sync")]
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mastcell.cohort.stream import Output, stream
from mastcell.exceptions import MastcellError
from mastcell.knowledge.options import Options
from mastcell.model import Category

__all__ = ["evaluate_bag", "recommendations_frame"]


def _dask() -> Any:
    try:
        import dask.bag
        import dask.dataframe
    except ImportError:
        raise MastcellError(
            "mastcell.cohort.dask needs Dask: install it with `pip install 'mastcell[dask]'`"
        ) from None
    return dask


def _partition(
    items: Iterable[Any],
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    output: Output,
) -> list[Any]:
    return list(
        stream(items, at=at, categories=categories, options=options, workers=1, output=output)
    )


def _prepare(
    at: datetime | str, categories: Iterable[Category | str] | None, options: Options | None
) -> tuple[datetime, frozenset[Category], Options]:
    from mastcell.engine import parse_categories, parse_time

    return (
        parse_time(at),
        parse_categories(categories),
        options if options is not None else Options(),
    )


def evaluate_bag(
    bag: Any,
    *,
    at: datetime | str,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
    compact: bool = False,
) -> Any:
    """A Dask bag of reports (or failures) from a bag of JSON lines, dicts or Patients.

    Args:
        bag: a ``dask.bag.Bag`` of interchange JSON text (e.g. ``dask.bag.read_text``),
            interchange dicts or Patients.
        at: the moment of evaluation for the whole cohort.
        categories: evaluate only these areas (default: all).
        options: clinician-overridable settings.
        compact: a bag of compact report dicts instead of Reports (failures stay
            :class:`~mastcell.cohort.stream.CohortFailure`).

    Raises:
        InputError: ``at`` or a category is invalid (checked here, before any work).

    >>> import dask.bag as db
    >>> bag = db.from_sequence([{"id": "a", "diagnoses": ["ism"]}])
    >>> out = evaluate_bag(bag, at="2026-11-22T12:00:00Z", compact=True)
    >>> out.compute(scheduler="sync")[0]["patient_id"]
    'a'
    """
    _dask()
    when, chosen, opts = _prepare(at, categories, options)
    return bag.map_partitions(_partition, when, chosen, opts, "compact" if compact else "report")


def _frame_partition(
    items: Iterable[Any],
    at: datetime,
    categories: frozenset[Category],
    options: Options,
) -> Any:
    from mastcell.cohort.tables import reports_to_tables

    return reports_to_tables(_partition(items, at, categories, options, "report")).recommendations


def recommendations_frame(
    bag: Any,
    *,
    at: datetime | str,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
) -> Any:
    """A Dask DataFrame of tidy recommendation rows (as :func:`~mastcell.reports_to_dataframe`).

    One partition of rows per partition of the bag, in the layout of
    :mod:`mastcell.cohort.tables` (``findings`` and ``sources`` stay lists); failures are left
    out (use :func:`evaluate_bag` to see them).

    >>> import dask.bag as db
    >>> bag = db.from_sequence(['{"id": "a", "diagnoses": ["mcas"]}'], npartitions=1)
    >>> frame = recommendations_frame(bag, at="2026-11-22T12:00:00Z", categories=["emergency"])
    >>> frame.compute(scheduler="sync")["code"].tolist()
    ['emergency.epinephrine.prescribe', 'emergency.triggers.avoid']
    """
    dask = _dask()
    from mastcell.cohort.tables import reports_to_tables

    when, chosen, opts = _prepare(at, categories, options)
    meta = reports_to_tables(()).recommendations
    parts = [dask.delayed(_frame_partition)(part, when, chosen, opts) for part in bag.to_delayed()]
    # Dask turns object columns into strings by default: the list columns must stay lists.
    with dask.config.set({"dataframe.convert-string": False}):
        return dask.dataframe.from_delayed(parts, meta=meta, verify_meta=False)
