"""A report as a pandas DataFrame, in the cohort table layout (the ``pandas`` extra).

:meth:`mastcell.Report.to_dataframe` gives the rows :func:`mastcell.reports_to_dataframe`
gives for a cohort, with the same columns and types (:mod:`mastcell.cohort.tables`): a frame
of one report concatenates with a cohort's, and ``indicator`` is the same ordered
categorical (``info < warning < critical``) everywhere.

>>> from mastcell import evaluate, patient_from_dict
>>> report = evaluate(patient_from_dict({"diagnoses": ["mcas"]}), at="2026-11-22T00:00:00Z")
>>> frame = report_to_dataframe(report)
>>> list(frame.columns)[:6]
['patient', 'patient_id', 'evaluated_at', 'code', 'category', 'indicator']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mastcell.cohort.tables import RECOMMENDATION_COLUMNS

if TYPE_CHECKING:
    import pandas

    from mastcell.report import Report

__all__ = ["COLUMNS", "report_to_dataframe"]

#: The columns of :func:`report_to_dataframe`, in order (the cohort layout's).
COLUMNS = tuple(name for name, _ in RECOMMENDATION_COLUMNS)


def report_to_dataframe(report: Report) -> pandas.DataFrame:
    """One row per recommendation: numbers for the dose, lists for findings and sources.

    >>> from mastcell import evaluate, patient_from_dict
    >>> p = patient_from_dict({"diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}})
    >>> frame = report_to_dataframe(evaluate(p, at="2026-11-22T00:00:00Z", categories=["emergency"]))
    >>> row = frame.loc[0]
    >>> row["code"], row["drug"], float(row["dose_value"]), row["dose_unit"], row["route"]
    ('emergency.epinephrine.prescribe', 'epinephrine', 0.3, 'mg', 'im')
    >>> str(frame["indicator"].max()), frame["indicator"].cat.ordered
    ('warning', True)
    """
    from mastcell.cohort.tables import reports_to_tables

    return reports_to_tables([report]).recommendations
