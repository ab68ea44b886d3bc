"""Issue 17 item 5: one table layout for Report.to_dataframe, the cohort tables and Parquet.

``Report.to_dataframe`` used plain strings and comma-joined lists, so the documented
``df[df.indicator >= "warning"]`` compared text and dropped every critical row; Parquet kept
``evaluated_at`` as text and lists in cells. Now every table has the columns and types of
:data:`mastcell.cohort.tables.RECOMMENDATION_COLUMNS`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mastcell import Report, evaluate, evaluate_many, patient_from_dict, reports_to_dataframe
from mastcell.cli import main
from mastcell.cohort.tables import (
    INDICATOR_ORDER,
    PARQUET_COLUMNS,
    RECOMMENDATION_COLUMNS,
    parquet_schema,
    reports_to_tables,
)
from mastcell.dataframe import COLUMNS

AT = "2026-11-22T12:00:00+00:00"
#: Midostaurin with an ANC of 0.8 x10^9/L: a critical interrupt (S1), a warning, an info.
CRITICAL = {
    "id": "crit",
    "diagnoses": ["ism"],
    "weight": {"value": 70, "unit": "kg"},
    "medications": [
        {"drug": "midostaurin", "dose": {"value": 100, "unit": "mg"}, "frequency": "bid"}
    ],
    "labs": [{"analyte": "anc", "value": 800, "unit": "/uL", "time": "2026-11-21T08:00:00Z"}],
}
PLAIN = {"id": "plain", "diagnoses": ["mcas"]}
NAMES = [name for name, _ in RECOMMENDATION_COLUMNS]


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate(patient_from_dict(CRITICAL), at=AT, categories=["emergency", "cytopenia"])


def _dtypes(frame: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in frame.dtypes.items()}


class TestOneLayout:
    def test_report_frame_is_the_cohort_frame(self, report: Report) -> None:
        """Report.to_dataframe() equals reports_to_dataframe of that one report."""
        pd.testing.assert_frame_equal(report.to_dataframe(), reports_to_dataframe([report]))

    def test_every_frame_has_the_layouts_columns_and_types(self, report: Report) -> None:
        """One report, a cohort with a failure in it, and an empty cohort: same columns, types."""
        one = report.to_dataframe()
        cohort = reports_to_dataframe(
            evaluate_many([PLAIN, {"pain": {"score": 11}}, CRITICAL], at=AT, workers=1)
        )
        empty = reports_to_tables([]).recommendations
        assert list(one.columns) == list(cohort.columns) == list(empty.columns) == NAMES
        assert list(COLUMNS) == NAMES
        assert _dtypes(one) == _dtypes(cohort) == _dtypes(empty)

    def test_the_warning_filter_keeps_critical_rows(self, report: Report) -> None:
        """The issue's case: frame[frame.indicator >= "warning"] keeps the critical rows."""
        frame = report.to_dataframe()
        kept = frame[frame["indicator"] >= "warning"]
        assert "critical" in set(kept["indicator"])
        assert "cytopenia.midostaurin.interrupt" in set(kept["code"])
        assert set(kept["indicator"]) == {"warning", "critical"}
        assert frame["indicator"].cat.ordered
        assert list(frame["indicator"].cat.categories) == list(INDICATOR_ORDER)

    def test_timestamps_are_typed_and_in_utc(self) -> None:
        """evaluated_at is a tz-aware timestamp in UTC, whatever offset the moment was given in."""
        got = evaluate(patient_from_dict(PLAIN), at="2026-11-22T13:00:00+01:00").to_dataframe()
        assert str(got["evaluated_at"].dt.tz) == "UTC"
        assert got.loc[0, "evaluated_at"] == pd.Timestamp("2026-11-22T12:00:00Z")

    def test_lists_are_lists(self, report: Report) -> None:
        """findings and sources are lists of the input paths and source ids, not joined text."""
        frame = report.to_dataframe()
        for row, rec in zip(frame.itertuples(), report.recommendations, strict=True):
            assert row.findings == [f.input for f in rec.findings]
            assert row.sources == list(rec.sources)

    def test_doses_are_numbers(self, report: Report) -> None:
        """The proposed dose: a float and a unit, never text such as "0.3 mg"."""
        frame = report.to_dataframe()
        epi = frame[frame["code"] == "emergency.epinephrine.prescribe"].iloc[0]
        assert (epi["dose_value"], epi["dose_unit"], epi["route"]) == (0.3, "mg", "im")
        assert frame["dose_value"].dtype == "float64"

    def test_frames_concatenate_without_losing_types(self, report: Report) -> None:
        """A report's frame concatenated with a cohort's keeps the categoricals."""
        cohort = reports_to_dataframe(evaluate_many([PLAIN], at=AT, workers=1))
        both = pd.concat([report.to_dataframe(), cohort], ignore_index=True)
        assert _dtypes(both) == _dtypes(cohort)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("parquet")
    src = folder / "in.jsonl"
    lines = [json.dumps(CRITICAL), "{broken", json.dumps({"id": "empty"}), json.dumps(PLAIN)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = folder / "out.parquet"
    args = ["cohort", str(src), "--at", AT, "--out", str(out), "--workers", "1"]
    assert main(args) == 1
    frame = reports_to_dataframe(evaluate_many(lines, at=AT, workers=1))
    return out, frame


class TestParquet:
    def test_schema(self, written: tuple[Path, pd.DataFrame]) -> None:
        """input and line, the layout, errors: typed columns (timestamps, dictionaries, lists)."""
        schema = pq.read_schema(written[0])
        assert schema.names == [name for name, _ in PARQUET_COLUMNS]
        assert schema.remove_metadata().equals(parquet_schema())
        assert schema.field("evaluated_at").type == pa.timestamp("us", tz="UTC")
        assert schema.field("indicator").type.ordered
        assert schema.field("findings").type == pa.list_(pa.string())

    def test_read_back_with_the_frames_types(self, written: tuple[Path, pd.DataFrame]) -> None:
        """pandas reads the file into the types the frames have (lists come back as arrays)."""
        out, frame = written
        rows = pd.read_parquet(out)
        scalar = [n for n in NAMES if n not in ("findings", "sources", "patient")]
        assert {n: str(rows[n].dtype) for n in scalar} == {n: _dtypes(frame)[n] for n in scalar}
        assert list(rows["indicator"].cat.categories) == list(INDICATOR_ORDER)
        assert rows["indicator"].cat.ordered

    def test_the_rows_match_the_frame(self, written: tuple[Path, pd.DataFrame]) -> None:
        """The recommendation rows carry the values the frame has; every line has a row."""
        out, frame = written
        rows = pd.read_parquet(out)
        recs = rows[rows["code"].notna()].reset_index(drop=True)
        assert recs["code"].tolist() == frame["code"].tolist()
        assert recs["indicator"].tolist() == frame["indicator"].tolist()
        assert [list(x) for x in recs["sources"]] == frame["sources"].tolist()
        assert sorted(set(rows["line"])) == [1, 2, 3, 4]
        failed = rows[rows["line"] == 2].iloc[0]
        assert next(iter(failed["errors"])).startswith("(json): invalid JSON")
        assert rows.groupby("line")["patient"].nunique().eq(1).all()
        assert sorted(set(rows["patient"])) == [0, 1, 2, 3]

    def test_complete_file_carries_its_summary(self, written: tuple[Path, pd.DataFrame]) -> None:
        """The summary is in the file's metadata: complete, with its counts."""
        summary: dict[str, Any] = json.loads(
            pq.read_metadata(written[0]).metadata[b"mastcell.summary"]
        )
        assert (summary["complete"], summary["reports"], summary["errors"]) == (True, 3, 1)
