"""One table layout for recommendations: pandas frames and Parquet files alike.

:func:`~mastcell.Report.to_dataframe`, :func:`~mastcell.reports_to_dataframe`,
:func:`reports_to_tables` (its ``recommendations``), the Dask frame of
:mod:`mastcell.cohort.dask` and the Parquet files of ``mastcell cohort`` share one layout,
:data:`RECOMMENDATION_COLUMNS`: one row per recommendation, with

- ``patient`` (int64): the report's position in the stream, failures counted (0 for one
  report), so rows of patients without an id still join; ``patient_id`` (string);
- ``evaluated_at``: a timestamp in UTC (``datetime64[us, UTC]`` with pandas 3);
- ``code`` (string); ``category``: a categorical in the report's category order;
  ``indicator``: an **ordered** categorical, ``info < warning < critical``, so
  ``frame[frame.indicator >= "warning"]`` keeps the warnings and the critical rows;
- the proposed dose as numbers: ``dose_value``, or ``dose_low`` and ``dose_high`` for a range
  (float64), ``dose_unit``, ``frequency``, ``route`` (strings);
- ``findings`` and ``sources``: lists of strings (the input paths that triggered the
  recommendation, the source ids it cites).

Text columns have the dtype pandas itself gives text and reads Parquet strings into (``str``
from pandas 3, ``object`` before), timestamps pandas' own resolution, so that a frame read back
from Parquet has the same dtypes as one built here; missing numbers are ``NaN``.
:func:`reports_to_tables` adds the same lists exploded into tables of their own, with each
finding's value and threshold (``findings``, ``evidence``), and the inputs that failed
(``failures``). A Parquet file holds the layout with ``input`` and ``line`` before it and
``errors`` after it, one row with no ``code`` for a patient without recommendations and one
row with ``errors`` for an input that failed; read back with pandas, its columns have the
same types (lists come back as arrays). See the tables page of the docs.

>>> from mastcell import evaluate_many
>>> tables = reports_to_tables(evaluate_many(
...     [{"id": "a", "diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}}],
...     at="2026-11-22T12:00:00Z", categories=["emergency"], workers=1))
>>> row = tables.recommendations.loc[0]
>>> row["code"], row["drug"], float(row["dose_value"]), row["dose_unit"], row["sources"][:1]
('emergency.epinephrine.prescribe', 'epinephrine', 0.3, 'mg', ['S44'])
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.cohort.stream import CohortFailure
from mastcell.exceptions import MastcellError
from mastcell.model import Category, DoseAmount, Indicator, Recommendation

if TYPE_CHECKING:
    import pandas

    from mastcell.report import Report

__all__ = [
    "CATEGORY_ORDER",
    "INDICATOR_ORDER",
    "PARQUET_COLUMNS",
    "RECOMMENDATION_COLUMNS",
    "CohortTables",
    "parquet_rows",
    "parquet_schema",
    "parquet_table",
    "reports_to_dataframe",
    "reports_to_tables",
]

#: The order of the ``indicator`` categorical, least to most urgent.
INDICATOR_ORDER = (Indicator.INFO.value, Indicator.WARNING.value, Indicator.CRITICAL.value)
#: The categories of the ``category`` categorical, in the report's order.
CATEGORY_ORDER = tuple(c.value for c in Category)

#: The recommendation layout: each column and its kind (see the module's description).
RECOMMENDATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("patient", "int"),
    ("patient_id", "text"),
    ("evaluated_at", "time"),
    ("code", "text"),
    ("category", "category"),
    ("indicator", "indicator"),
    ("drug", "text"),
    ("dose_value", "float"),
    ("dose_low", "float"),
    ("dose_high", "float"),
    ("dose_unit", "text"),
    ("frequency", "text"),
    ("route", "text"),
    ("findings", "list"),
    ("sources", "list"),
)
#: A Parquet file's columns: where each row came from, the layout, and a failed input's errors.
PARQUET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("input", "text"),
    ("line", "int"),
    *RECOMMENDATION_COLUMNS,
    ("errors", "list"),
)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise MastcellError(
            "mastcell's tables (Report.to_dataframe, reports_to_tables) need pandas: "
            "install it with `pip install 'mastcell[pandas]'`"
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


def _dose_columns(rec: Recommendation) -> tuple[Any, ...]:
    """drug, dose_value, dose_low, dose_high, dose_unit, frequency, route."""
    med = rec.medication
    if med is None:
        return (None,) * 7
    dose = med.dose
    amount = dose.value if isinstance(dose, DoseAmount) else None
    low = high = None
    if dose is not None and not isinstance(dose, DoseAmount):
        low, high = dose.low, dose.high
    return (
        med.drug,
        amount,
        low,
        high,
        dose.unit if dose is not None else None,
        med.frequency.value if med.frequency else None,
        med.route.value if med.route else None,
    )


def _column(pd: Any, kind: str, values: list[Any]) -> Any:
    """A column of ``kind`` in the layout's pandas type."""
    if kind == "int":
        return pd.array(values, dtype="int64")
    if kind == "text":
        return pd.array(values, dtype=_text_dtype(pd))
    if kind == "float":
        return pd.array(values, dtype="Float64").astype("float64")
    if kind == "bool":
        return pd.array(values, dtype="bool")
    if kind == "time":
        return (
            pd.to_datetime(pd.Series(values, dtype=object), utc=True).astype(_time_dtype(pd)).array
        )
    if kind == "category":
        return pd.Categorical(values, categories=CATEGORY_ORDER)
    if kind == "indicator":
        return pd.Categorical(values, categories=INDICATOR_ORDER, ordered=True)
    out = pd.Series(values, dtype=object)  # lists: an object column of Python lists
    return out.array


def _text_dtype(pd: Any) -> Any:
    """The dtype pandas gives text and reads Parquet strings into.

    ``str`` from pandas 3 (missing values NaN), ``object`` before (missing values None).
    """
    return "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def _time_dtype(pd: Any) -> Any:
    """The dtype pandas gives an aware datetime in UTC and reads Parquet timestamps into.

    Microseconds from pandas 3, nanoseconds before; the same for an empty column.
    """
    from datetime import UTC

    return pd.to_datetime([datetime(2026, 1, 1, tzinfo=UTC)], utc=True).dtype


def _frame(pd: Any, columns: tuple[tuple[str, str], ...], values: dict[str, list[Any]]) -> Any:
    return pd.DataFrame({name: _column(pd, kind, values[name]) for name, kind in columns})


def reports_to_tables(reports: Iterable[Report | CohortFailure]) -> CohortTables:
    """Every recommendation, finding, source and failure of ``reports`` as tidy tables.

    Args:
        reports: reports, and failures, e.g. straight from
            :func:`~mastcell.evaluate_many` (consumed once).

    >>> from mastcell import evaluate_many
    >>> t = reports_to_tables(evaluate_many([{"id": "a", "diagnoses": ["mcas"]}],
    ...                                     at="2026-11-22T12:00:00Z", workers=1))
    >>> t.recommendations["indicator"].cat.categories.tolist(), t.recommendations["indicator"].cat.ordered
    (['info', 'warning', 'critical'], True)
    """
    pd = _pandas()
    rec: dict[str, list[Any]] = {name: [] for name, _ in RECOMMENDATION_COLUMNS}
    fnd: dict[str, list[Any]] = {name: [] for name, _ in _FINDING_COLUMNS}
    evd: dict[str, list[Any]] = {name: [] for name, _ in _EVIDENCE_COLUMNS}
    fail: dict[str, list[Any]] = {name: [] for name, _ in _FAILURE_COLUMNS}
    dose_names = ("drug", "dose_value", "dose_low", "dose_high", "dose_unit", "frequency", "route")
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
            for name, value in zip(dose_names, _dose_columns(r), strict=True):
                rec[name].append(value)
            rec["findings"].append([f.input for f in r.findings])
            rec["sources"].append([e.source for e in r.evidence])
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
    return CohortTables(
        recommendations=_frame(pd, RECOMMENDATION_COLUMNS, rec),
        findings=_frame(pd, _FINDING_COLUMNS, fnd),
        evidence=_frame(pd, _EVIDENCE_COLUMNS, evd),
        failures=_frame(pd, _FAILURE_COLUMNS, fail),
    )


#: The exploded tables: findings and evidence by recommendation row, failures by position.
_FINDING_COLUMNS: tuple[tuple[str, str], ...] = (
    ("row", "int"),
    ("patient_id", "text"),
    ("input", "text"),
    ("analyte", "text"),
    ("value", "float"),
    ("unit", "text"),
    ("comparison", "text"),
    ("threshold", "float"),
    ("text", "text"),
    ("derived", "bool"),
)
_EVIDENCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("row", "int"),
    ("patient_id", "text"),
    ("source", "text"),
)
_FAILURE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("patient", "int"),
    ("patient_id", "text"),
    ("kind", "text"),
    ("error", "text"),
)


def reports_to_dataframe(reports: Iterable[Report | CohortFailure]) -> pandas.DataFrame:
    """One tidy row per recommendation of ``reports`` (the ``recommendations`` table).

    Failures are left out of this table: use :func:`~mastcell.cohort.tables.reports_to_tables`
    to see them, and the findings and evidence tables.

    >>> from mastcell import evaluate_many
    >>> frame = reports_to_dataframe(evaluate_many([{"id": "a", "diagnoses": ["mcas"]}],
    ...                                            at="2026-11-22T12:00:00Z", workers=1))
    >>> frame.loc[frame["indicator"] >= "warning", ["code", "indicator"]].values.tolist()
    [['emergency.epinephrine.prescribe', 'warning']]
    """
    return reports_to_tables(reports).recommendations


# -- Parquet -----------------------------------------------------------------------------------


def parquet_schema() -> Any:
    """The Arrow schema of a cohort's Parquet file (the ``cohort`` extra: pyarrow).

    >>> schema = parquet_schema()
    >>> str(schema.field("indicator").type), str(schema.field("evaluated_at").type)
    ('dictionary<values=string, indices=int8, ordered=1>', 'timestamp[us, tz=UTC]')
    """
    import pyarrow as pa

    types = {
        "int": pa.int64(),
        "text": pa.string(),
        "float": pa.float64(),
        "time": pa.timestamp("us", tz="UTC"),
        "category": pa.dictionary(pa.int8(), pa.string()),
        "indicator": pa.dictionary(pa.int8(), pa.string(), ordered=True),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in PARQUET_COLUMNS])


def _rows_of_report(item: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """The layout's rows of one compact report (one row without a code when it has none)."""
    base = {
        "patient_id": item["patient_id"],
        "evaluated_at": datetime.fromisoformat(item["evaluated_at"]),
    }
    if not item["recommendations"]:
        yield base
    for rec in item["recommendations"]:
        med = rec.get("medication", {})
        yield {
            **base,
            "code": rec["code"],
            "category": rec["code"].split(".", 1)[0],
            "indicator": rec["indicator"],
            "drug": med.get("drug"),
            "dose_value": med.get("value"),
            "dose_low": med.get("low"),
            "dose_high": med.get("high"),
            "dose_unit": med.get("unit"),
            "frequency": med.get("frequency"),
            "route": med.get("route"),
            "findings": rec["findings"],
            "sources": rec["sources"],
        }


def parquet_rows(item: Any, input: str, line: int, patient: int) -> Iterator[dict[str, Any]]:
    """The Parquet rows of one record: a compact report's, or a failure's ``errors`` row.

    >>> f = CohortFailure(index=0, patient_id="x", kind="input", errors=("id: bad",))
    >>> list(parquet_rows(f, "in.jsonl", 3, 0))
    [{'input': 'in.jsonl', 'line': 3, 'patient': 0, 'patient_id': 'x', 'errors': ['id: bad']}]
    """
    where = {"input": input, "line": line, "patient": patient}
    if isinstance(item, CohortFailure):
        yield {**where, "patient_id": item.patient_id, "errors": list(item.errors)}
        return
    for row in _rows_of_report(item):
        yield {**where, **row}


def parquet_table(rows: Mapping[str, list[Any]]) -> Any:
    """A batch of rows (columns of values) as an Arrow table of :func:`parquet_schema`.

    The categorical columns carry their full dictionaries (every category, in order) in every
    batch, so that pandas reads them back with the same categories as the frames.

    >>> table = parquet_table({name: [] for name, _ in PARQUET_COLUMNS})
    >>> table.num_rows, table.schema.field("indicator").type.ordered
    (0, True)
    """
    import pyarrow as pa

    schema = parquet_schema()
    arrays = []
    for (name, kind), field in zip(PARQUET_COLUMNS, schema, strict=True):
        values = rows[name]
        if kind in ("category", "indicator"):
            order = INDICATOR_ORDER if kind == "indicator" else CATEGORY_ORDER
            codes = {value: i for i, value in enumerate(order)}
            indices = pa.array([None if v is None else codes[v] for v in values], pa.int8())
            arrays.append(
                pa.DictionaryArray.from_arrays(
                    indices, pa.array(order, pa.string()), ordered=field.type.ordered
                )
            )
        else:
            arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)
