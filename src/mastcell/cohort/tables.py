"""A cohort's reports as tidy pandas tables, built in one pass (the ``pandas`` extra).

:func:`~mastcell.cohort.tables.reports_to_tables` walks the reports once, appending to plain column lists, and builds
each frame once at the end: no per-report DataFrame, no concatenation. The tables:

- ``recommendations``: one row per recommendation; the row number (the frame's index) is
  the key the other tables use. ``indicator`` is an ordered categorical
  (``info < warning < critical``), ``category`` a categorical in the report's category order;
  a proposed dose is numbers (``dose_value``, or ``dose_low``/``dose_high``) and a unit.
- ``findings``: one row per finding (``row`` -> recommendations), with the input path and the
  value and threshold it crossed.
- ``evidence``: one row per source cited (``row``, ``source``).
- ``failures``: one row per message of each input that could not be evaluated.

``patient`` is the position of the report in the stream (failures included), so rows of
patients without an id still join.

>>> from mastcell import evaluate_many
>>> tables = reports_to_tables(evaluate_many(
...     [{"id": "a", "diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}}],
...     at="2026-11-22T12:00:00Z", categories=["emergency"], workers=1))
>>> row = tables.recommendations.loc[0]
>>> row["code"], row["drug"], float(row["dose_value"]), row["dose_unit"]
('emergency.epinephrine.prescribe', 'epinephrine', 0.3, 'mg')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.cohort.stream import CohortFailure
from mastcell.exceptions import MastcellError
from mastcell.model import Category, DoseAmount, Indicator

if TYPE_CHECKING:
    import pandas

    from mastcell.report import Report

__all__ = [
    "CATEGORY_ORDER",
    "INDICATOR_ORDER",
    "CohortTables",
    "reports_to_dataframe",
    "reports_to_tables",
]

#: The order of the ``indicator`` categorical, least to most urgent.
INDICATOR_ORDER = (Indicator.INFO.value, Indicator.WARNING.value, Indicator.CRITICAL.value)
#: The categories of the ``category`` categorical, in the report's order.
CATEGORY_ORDER = tuple(c.value for c in Category)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MastcellError(
            "cohort tables need pandas: install it with `pip install 'mastcell[pandas]'`"
        ) from None
    return pandas


@attrs.frozen(kw_only=True)
class CohortTables:
    """The tidy tables of a cohort's reports (see the module's description of each).

    >>> from mastcell import evaluate_many
    >>> t = reports_to_tables(evaluate_many([{"id": "a"}, {"id": "b", "pain": {"score": 11}}],
    ...                                     at="2026-11-22T12:00:00Z", workers=1))
    >>> t.failures[["patient", "patient_id", "kind"]].values.tolist()
    [[1, 'b', 'input']]
    """

    recommendations: pandas.DataFrame
    findings: pandas.DataFrame
    evidence: pandas.DataFrame
    failures: pandas.DataFrame


def reports_to_tables(reports: Iterable[Report | CohortFailure]) -> CohortTables:
    """Every recommendation, finding, source and failure of ``reports`` as tidy tables.

    Args:
        reports: reports, and failures, e.g. straight from
            :func:`~mastcell.evaluate_many` (consumed once).

    >>> from mastcell import evaluate_many
    >>> t = reports_to_tables(evaluate_many([{"id": "a", "diagnoses": ["mcas"]}],
    ...                                     at="2026-11-22T12:00:00Z", workers=1))
    >>> str(t.recommendations["indicator"].dtype)
    'category'
    """
    pd = _pandas()
    rec: dict[str, list[Any]] = {
        name: []
        for name in (
            "patient",
            "patient_id",
            "evaluated_at",
            "code",
            "category",
            "indicator",
            "drug",
            "dose_value",
            "dose_low",
            "dose_high",
            "dose_unit",
            "frequency",
            "route",
        )
    }
    fnd: dict[str, list[Any]] = {
        name: []
        for name in (
            "row",
            "patient_id",
            "input",
            "analyte",
            "value",
            "unit",
            "comparison",
            "threshold",
            "text",
            "derived",
        )
    }
    evd: dict[str, list[Any]] = {"row": [], "patient_id": [], "source": []}
    fail: dict[str, list[Any]] = {"patient": [], "patient_id": [], "kind": [], "error": []}
    row = 0
    for position, report in enumerate(reports):
        if isinstance(report, CohortFailure):
            for message in report.errors:
                fail["patient"].append(position)
                fail["patient_id"].append(report.patient_id)
                fail["kind"].append(report.kind)
                fail["error"].append(message)
            continue
        pid = report.patient_id
        for r in report.recommendations:
            rec["patient"].append(position)
            rec["patient_id"].append(pid)
            rec["evaluated_at"].append(report.evaluated_at)
            rec["code"].append(r.code)
            rec["category"].append(r.category.value)
            rec["indicator"].append(r.indicator.value)
            med = r.medication
            dose = med.dose if med is not None else None
            rec["drug"].append(med.drug if med is not None else None)
            if isinstance(dose, DoseAmount):
                rec["dose_value"].append(dose.value)
                rec["dose_low"].append(None)
                rec["dose_high"].append(None)
            else:
                rec["dose_value"].append(None)
                rec["dose_low"].append(dose.low if dose is not None else None)
                rec["dose_high"].append(dose.high if dose is not None else None)
            rec["dose_unit"].append(dose.unit if dose is not None else None)
            rec["frequency"].append(
                med.frequency.value if med is not None and med.frequency else None
            )
            rec["route"].append(med.route.value if med is not None and med.route else None)
            for f in r.findings:
                fnd["row"].append(row)
                fnd["patient_id"].append(pid)
                fnd["input"].append(f.input)
                fnd["analyte"].append(f.analyte.value if f.analyte is not None else None)
                fnd["value"].append(f.value)
                fnd["unit"].append(f.unit)
                fnd["comparison"].append(f.comparison.value if f.comparison else None)
                fnd["threshold"].append(f.threshold)
                fnd["text"].append(f.text)
                fnd["derived"].append(f.derived)
            for e in r.evidence:
                evd["row"].append(row)
                evd["patient_id"].append(pid)
                evd["source"].append(e.source)
            row += 1

    floats = ("dose_value", "dose_low", "dose_high")
    recommendations = pd.DataFrame(
        {
            **rec,
            **{name: pd.array(rec[name], dtype="Float64").astype("float64") for name in floats},
            "evaluated_at": pd.to_datetime(rec["evaluated_at"], utc=True),
            "category": pd.Categorical(rec["category"], categories=CATEGORY_ORDER),
            "indicator": pd.Categorical(rec["indicator"], categories=INDICATOR_ORDER, ordered=True),
        }
    )
    findings = pd.DataFrame(
        {
            **fnd,
            "row": pd.array(fnd["row"], dtype="int64"),
            "value": pd.array(fnd["value"], dtype="Float64").astype("float64"),
            "threshold": pd.array(fnd["threshold"], dtype="Float64").astype("float64"),
            "derived": pd.array(fnd["derived"], dtype="bool"),
        }
    )
    evidence = pd.DataFrame({**evd, "row": pd.array(evd["row"], dtype="int64")})
    failures = pd.DataFrame({**fail, "patient": pd.array(fail["patient"], dtype="int64")})
    return CohortTables(
        recommendations=recommendations, findings=findings, evidence=evidence, failures=failures
    )


def reports_to_dataframe(reports: Iterable[Report | CohortFailure]) -> pandas.DataFrame:
    """One tidy row per recommendation of ``reports`` (the ``recommendations`` table).

    Failures are left out of this table: use :func:`~mastcell.cohort.tables.reports_to_tables` to see them, and the
    findings and evidence tables.

    >>> from mastcell import evaluate_many
    >>> frame = reports_to_dataframe(evaluate_many([{"id": "a", "diagnoses": ["mcas"]}],
    ...                                            at="2026-11-22T12:00:00Z", workers=1))
    >>> (frame["indicator"] >= "warning").any()
    np.True_
    """
    return reports_to_tables(reports).recommendations
