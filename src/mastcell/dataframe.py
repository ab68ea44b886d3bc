"""Reports as pandas DataFrames, for cohort work in notebooks (the ``pandas`` extra).

>>> from mastcell import evaluate, patient_from_dict
>>> report = evaluate(patient_from_dict({"diagnoses": ["mcas"]}), at="2026-11-22T00:00:00Z")
>>> frame = report_to_dataframe(report)
>>> list(frame.columns)[:4]
['patient_id', 'code', 'category', 'indicator']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mastcell.exceptions import MastcellError

if TYPE_CHECKING:
    import pandas

    from mastcell.report import Report

__all__ = ["COLUMNS", "report_to_dataframe"]

#: The columns of :func:`report_to_dataframe`, in order.
COLUMNS = (
    "patient_id",
    "code",
    "category",
    "indicator",
    "summary",
    "drug",
    "dose",
    "frequency",
    "route",
    "sources",
    "findings",
    "evaluated_at",
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - exercised by a test that hides pandas
        raise MastcellError(
            "Report.to_dataframe() needs pandas: install it with `pip install 'mastcell[pandas]'`"
        ) from None
    return pandas


def report_to_dataframe(report: Report) -> pandas.DataFrame:
    """One row per recommendation, with the dose and sources flattened to text.

    >>> from mastcell import evaluate, patient_from_dict
    >>> p = patient_from_dict({"diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}})
    >>> frame = report_to_dataframe(evaluate(p, at="2026-11-22T00:00:00Z", categories=["emergency"]))
    >>> frame.loc[0, ["code", "drug", "dose"]].tolist()
    ['emergency.epinephrine.prescribe', 'epinephrine', '0.3 mg']
    """
    pd = _pandas()
    rows = [
        {
            "patient_id": report.patient_id,
            "code": rec.code,
            "category": rec.category.value,
            "indicator": rec.indicator.value,
            "summary": rec.summary,
            "drug": rec.medication.drug if rec.medication else None,
            "dose": str(rec.medication.dose) if rec.medication and rec.medication.dose else None,
            "frequency": (
                rec.medication.frequency.value
                if rec.medication and rec.medication.frequency
                else None
            ),
            "route": rec.medication.route.value
            if rec.medication and rec.medication.route
            else None,
            "sources": ", ".join(rec.sources),
            "findings": "; ".join(str(f) for f in rec.findings),
            "evaluated_at": report.evaluated_at,
        }
        for rec in report
    ]
    return pd.DataFrame(rows, columns=list(COLUMNS))
