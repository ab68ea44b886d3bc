"""Cohorts: evaluate thousands to millions of patients, streaming, and analyse the reports.

- :func:`~mastcell.evaluate_many`: reports (or failures) in input order from
  worker processes, never holding the cohort in memory.
- :func:`~mastcell.cohort.tables.reports_to_tables` and
  :func:`~mastcell.reports_to_dataframe`: tidy pandas tables (``pandas`` extra).
- :func:`~mastcell.compact_report`: the report without its prose, for output.
- ``mastcell cohort``: the command line (:mod:`mastcell.cohort.command`), JSON lines in,
  NDJSON or Parquet out (Parquet and the progress bar need the ``cohort`` extra).
- :mod:`mastcell.cohort.dask`: the same on a Dask cluster (``dask`` extra).

>>> from mastcell.cohort import evaluate_many, reports_to_dataframe
>>> frame = reports_to_dataframe(evaluate_many(
...     ['{"id": "a", "diagnoses": ["mcas"]}', '{"id": "b", "diagnoses": ["ism"]}'],
...     at="2026-11-22T12:00:00Z", categories=["emergency"], workers=1))
>>> frame.groupby("patient_id")["code"].count().to_dict()
{'a': 2, 'b': 2}
"""

from mastcell.cohort.compact import compact_report
from mastcell.cohort.stream import CohortFailure, CohortInput, evaluate_many
from mastcell.cohort.tables import CohortTables, reports_to_dataframe, reports_to_tables

__all__ = [
    "CohortFailure",
    "CohortInput",
    "CohortTables",
    "compact_report",
    "evaluate_many",
    "reports_to_dataframe",
    "reports_to_tables",
]
