"""The cohort API: streaming evaluation in input order, failures as items, tidy tables, compact form."""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from mastcell import (
    CohortFailure,
    InputError,
    MastcellError,
    Report,
    compact_report,
    evaluate,
    evaluate_many,
    patient_from_dict,
    reports_to_dataframe,
)
from mastcell.cohort import reports_to_tables

AT = "2026-11-22T12:00:00+00:00"

ISM = {
    "id": "ism-1",
    "diagnoses": ["ism"],
    "weight": {"value": 70, "unit": "kg"},
    "medications": [
        {"drug": "midostaurin", "dose": {"value": 100, "unit": "mg"}, "frequency": "bid"}
    ],
    "labs": [{"analyte": "anc", "value": 800, "unit": "/uL", "time": "2026-11-21T08:00:00Z"}],
}
MCAS = {"id": "mcas-1", "diagnoses": ["mcas"], "age": {"value": 40, "unit": "year"}}
BAD = {"id": "bad-1", "pain": {"score": 11}}


def _counting(items: list[Any], seen: list[int]) -> Iterator[Any]:
    for item in itertools.cycle(items):
        seen[0] += 1
        yield item


class TestEvaluateMany:
    """evaluate_many yields one report or failure per input, in input order."""

    @pytest.mark.parametrize("workers", [1, 2])
    def test_reports_in_input_order(self, workers: int) -> None:
        """Reports come back in the order of the inputs, whatever the number of workers."""
        items: list[Any] = [ISM, MCAS, json.dumps(ISM), patient_from_dict(MCAS)] * 5
        out = list(evaluate_many(items, at=AT, workers=workers, chunk_size=3))
        assert [r.patient_id for r in out if isinstance(r, Report)] == [
            "ism-1",
            "mcas-1",
            "ism-1",
            "mcas-1",
        ] * 5

    @pytest.mark.parametrize("workers", [1, 2])
    def test_each_input_equals_evaluate(self, workers: int) -> None:
        """Dicts, JSON text and Patients each give the report evaluate() gives."""
        expected = evaluate(patient_from_dict(ISM), at=AT)
        for item in (ISM, json.dumps(ISM), patient_from_dict(ISM)):
            (got,) = evaluate_many([item], at=AT, workers=workers)
            assert got == expected

    @pytest.mark.parametrize("workers", [1, 2])
    def test_a_failure_does_not_stop_the_stream(self, workers: int) -> None:
        """A bad input becomes a CohortFailure at its position and the next inputs are evaluated."""
        out = list(evaluate_many([MCAS, BAD, "{not json", MCAS], at=AT, workers=workers))
        assert [type(r).__name__ for r in out] == [
            "Report",
            "CohortFailure",
            "CohortFailure",
            "Report",
        ]
        bad, broken = out[1], out[2]
        assert isinstance(bad, CohortFailure)
        assert isinstance(broken, CohortFailure)
        assert (bad.index, bad.patient_id, bad.kind) == (1, "bad-1", "input")
        assert bad.errors == ("pain.score: expected a whole number from 0 to 10, got 11",)
        assert broken.index == 2
        assert broken.errors[0].startswith("(json): invalid JSON")

    def test_a_hold_after_the_moment_is_an_input_failure(self) -> None:
        """The engine's contract check (held_since after at) surfaces as a failure item."""
        late = {
            "id": "late",
            "medications": [{"drug": "midostaurin", "status": "held", "held_since": "2026-12-01"}],
        }
        (failure,) = evaluate_many([late], at=AT, workers=1)
        assert isinstance(failure, CohortFailure)
        assert failure.errors[0].startswith("medications[0].held_since:")

    def test_streams_with_one_worker(self) -> None:
        """One worker reads one input per report: the cohort is never read ahead."""
        seen = [0]
        out = evaluate_many(_counting([MCAS], seen), at=AT, workers=1)
        next(out)
        next(out)
        assert seen[0] == 2

    def test_streams_with_a_pool(self) -> None:
        """With a pool, at most two chunks per worker are read ahead of the first report."""
        seen = [0]
        out = evaluate_many(_counting([MCAS], seen), at=AT, workers=2, chunk_size=4)
        assert isinstance(next(out), Report)
        assert seen[0] <= 2 * 2 * 4 + 1
        out.close()  # type: ignore[attr-defined]

    def test_bad_arguments_raise_before_any_work(self) -> None:
        """A naive moment, an unknown category or zero workers raise InputError at the call."""
        with pytest.raises(InputError, match=r"^at:"):
            evaluate_many([MCAS], at="2026-11-22T12:00:00")
        with pytest.raises(InputError, match=r"^categories:"):
            evaluate_many([MCAS], at=AT, categories=["nope"])
        with pytest.raises(InputError, match=r"^workers:"):
            evaluate_many([MCAS], at=AT, workers=0)

    def test_progress_bar_passes_items_through(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True shows a tqdm bar on stderr and yields the same reports."""
        out = list(evaluate_many([MCAS, MCAS], at=AT, workers=1, progress=True))
        assert len(out) == 2
        assert "2/2" in capsys.readouterr().err

    def test_progress_without_tqdm_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without tqdm, asking for progress raises a mastcell error naming the cohort extra."""
        monkeypatch.setitem(sys.modules, "tqdm", None)
        with pytest.raises(MastcellError, match=r"mastcell\[cohort\]"):
            evaluate_many([MCAS], at=AT, workers=1, progress=True)


@pytest.fixture(scope="module")
def tables() -> Any:
    """The tables of two patients with a failure between them."""
    return reports_to_tables(evaluate_many([ISM, BAD, MCAS], at=AT, workers=1))


class TestTables:
    """reports_to_tables gives tidy, typed tables linked by row number."""

    def test_one_row_per_recommendation(self, tables: Any) -> None:
        """The recommendations table has one row per recommendation of every report."""
        expected = [
            (pid, r.code)
            for pid, d in (("ism-1", ISM), ("mcas-1", MCAS))
            for r in evaluate(patient_from_dict(d), at=AT)
        ]
        frame = tables.recommendations
        assert list(zip(frame["patient_id"], frame["code"], strict=True)) == expected

    def test_indicator_is_an_ordered_categorical(self, tables: Any) -> None:
        """indicator orders info < warning < critical, so filters like >= 'warning' work."""
        dtype = tables.recommendations["indicator"].dtype
        assert isinstance(dtype, pd.CategoricalDtype)
        assert dtype.ordered
        assert list(dtype.categories) == ["info", "warning", "critical"]

    def test_doses_are_numbers(self, tables: Any) -> None:
        """A proposed dose is a float value and a unit, missing doses NaN."""
        frame = tables.recommendations
        epi = frame[frame["code"] == "emergency.epinephrine.prescribe"].iloc[0]
        assert (epi["dose_value"], epi["dose_unit"]) == (0.3, "mg")
        assert frame["dose_value"].dtype == "float64"
        assert frame["dose_low"].isna().all() or frame["dose_low"].dtype == "float64"

    def test_findings_and_evidence_link_by_row(self, tables: Any) -> None:
        """Each finding and source row points at its recommendation's row."""
        recs = tables.recommendations
        interrupt = recs.index[recs["code"] == "cytopenia.midostaurin.interrupt"][0]
        found = tables.findings[tables.findings["row"] == interrupt]
        assert "labs[0]" in set(found["input"])
        assert math.isclose(found[found["input"] == "labs[0]"]["value"].iloc[0], 0.8)
        cited = tables.evidence[tables.evidence["row"] == interrupt]["source"].tolist()
        report = evaluate(patient_from_dict(ISM), at=AT)
        assert cited == list(report.get("cytopenia.midostaurin.interrupt")[0].sources)

    def test_failures_table_keeps_the_position(self, tables: Any) -> None:
        """A failed input appears in the failures table at its stream position."""
        assert tables.failures[["patient", "patient_id", "kind"]].values.tolist() == [
            [1, "bad-1", "input"]
        ]
        assert set(tables.recommendations["patient"]) == {0, 2}

    def test_dataframe_is_the_recommendations_table(self) -> None:
        """reports_to_dataframe is the recommendations table alone."""
        frame = reports_to_dataframe(evaluate_many([MCAS], at=AT, workers=1))
        assert list(frame["code"]) == list(evaluate(patient_from_dict(MCAS), at=AT).codes)

    def test_empty_cohort_gives_empty_typed_tables(self) -> None:
        """No reports give empty tables with the same columns and dtypes."""
        tables = reports_to_tables([])
        assert len(tables.recommendations) == 0
        assert isinstance(tables.recommendations["indicator"].dtype, pd.CategoricalDtype)

    def test_without_pandas_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, the tables raise a mastcell error naming the pandas extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MastcellError, match=r"mastcell\[pandas\]"):
            reports_to_tables([])


class TestCompact:
    """The compact report keeps codes, indicators, doses, finding paths and source ids."""

    def test_compact_has_no_prose(self) -> None:
        """No summary or detail text survives; every code, indicator and source does."""
        report = evaluate(patient_from_dict(ISM), at=AT)
        compact = compact_report(report)
        text = json.dumps(compact)
        assert all(r.summary not in text for r in report)
        assert [r["code"] for r in compact["recommendations"]] == list(report.codes)
        assert [r["indicator"] for r in compact["recommendations"]] == [
            r.indicator.value for r in report
        ]
        assert [r["sources"] for r in compact["recommendations"]] == [
            list(r.sources) for r in report
        ]
        assert [r["findings"] for r in compact["recommendations"]] == [
            [f.input for f in r.findings] for r in report
        ]

    def test_compact_is_much_smaller(self) -> None:
        """The compact JSON is a fraction of the full report JSON."""
        report = evaluate(patient_from_dict(ISM), at=AT)
        assert len(json.dumps(compact_report(report))) * 4 < len(report.to_json(indent=None))


class TestPatientPickling:
    """A Patient survives pickling and copying with its input paths (worker processes, Dask)."""

    def test_pickled_patient_traces_its_inputs(self) -> None:
        """After a pickle round trip, path_of finds the new objects and evaluate() agrees."""
        import copy
        import pickle

        patient = patient_from_dict(ISM)
        for clone in (pickle.loads(pickle.dumps(patient)), copy.deepcopy(patient)):
            assert clone == patient
            assert clone.path_of(clone.medications[0]) == "medications[0]"
            assert evaluate(clone, at=AT) == evaluate(patient, at=AT)
