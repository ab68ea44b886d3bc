"""Every cohort path gives evaluate()'s report, patient by patient, over a few hundred patients.

The patients are the golden set (tests/golden): evaluate_many with 1 and 2 workers (from
JSON lines, dicts and Patients), ``mastcell cohort`` in a subprocess (full and compact), and
Dask on a 2-worker LocalCluster (processes, loopback) against evaluate() and each other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask.bag
import distributed
import pandas as pd
import pytest

import golden_reports
from mastcell import (
    CohortFailure,
    InputError,
    Report,
    compact_report,
    evaluate,
    evaluate_many,
    patient_from_json,
    report_from_dict,
    reports_to_dataframe,
)
from mastcell.cohort.dask import evaluate_bag, recommendations_frame

# Dask's constructors are untyped: called through Any in this typed test module.
from_sequence: Any = dask.bag.from_sequence
LocalCluster: Any = distributed.LocalCluster
Client: Any = distributed.Client

AT = golden_reports.MOMENTS[2]  # three days early: some holds lie ahead, so failures too
LINES = golden_reports.read_patient_lines()


def _expected() -> list[Report | tuple[str, ...]]:
    out: list[Report | tuple[str, ...]] = []
    for line in LINES:
        try:
            out.append(evaluate(patient_from_json(line), at=AT))
        except InputError as exc:
            out.append(exc.errors)
    return out


EXPECTED = _expected()


def assert_same_as_evaluate(got: list[Any]) -> None:
    assert len(got) == len(EXPECTED)
    for i, (item, want) in enumerate(zip(got, EXPECTED, strict=True)):
        if isinstance(want, Report):
            assert item == want, f"patient {i}"
        else:
            assert isinstance(item, CohortFailure), f"patient {i}"
            assert (item.index, item.errors) == (i, want), f"patient {i}"


def test_the_set_has_reports_and_failures() -> None:
    """The comparison covers both evaluated patients and input failures."""
    assert sum(isinstance(e, Report) for e in EXPECTED) >= 300
    assert any(not isinstance(e, Report) for e in EXPECTED)


class TestEvaluateMany:
    """evaluate_many equals evaluate() with one worker and with a pool of two."""

    @pytest.mark.parametrize("workers", [1, 2])
    def test_from_json_lines(self, workers: int) -> None:
        """JSON lines in, with 1 and 2 workers."""
        assert_same_as_evaluate(list(evaluate_many(LINES, at=AT, workers=workers, chunk_size=16)))

    def test_from_dicts_and_patients(self) -> None:
        """Dicts and Patients in, with 2 workers."""
        assert_same_as_evaluate(
            list(evaluate_many((json.loads(x) for x in LINES), at=AT, workers=2))
        )
        patients: Iterator[Any] = (patient_from_json(x) for x in LINES)
        got = list(evaluate_many(patients, at=AT, workers=2))
        # A Patient is built before evaluate_many sees it: the hold check still fails it.
        assert_same_as_evaluate(got)

    def test_tables_equal_per_report_frames(self) -> None:
        """The tidy table over the cohort lists each report's codes in order."""
        frame = reports_to_dataframe(evaluate_many(LINES, at=AT, workers=1))
        codes = [c for e in EXPECTED if isinstance(e, Report) for c in e.codes]
        assert frame["code"].tolist() == codes


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden patients as a JSON lines file."""
    path = tmp_path_factory.mktemp("cohort") / "in.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


class TestCommandLine:
    """mastcell cohort in a subprocess writes evaluate()'s reports, line by line."""

    def _run(self, source: Path, out: Path, *extra: str) -> list[dict[str, Any]]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mastcell",
                "cohort",
                str(source),
                "--at",
                AT.isoformat(),
                "--out",
                str(out),
                "--workers",
                "2",
                *extra,
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ},
        )
        assert done.returncode == 1, done.stderr  # the set holds failing lines
        return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]

    def test_full_reports(self, source: Path, tmp_path: Path) -> None:
        """Each record reads back as evaluate()'s report, or is the error record of its line."""
        records = self._run(source, tmp_path / "out.ndjson")
        assert len(records) == len(EXPECTED)
        for i, (record, want) in enumerate(zip(records, EXPECTED, strict=True)):
            if isinstance(want, Report):
                assert report_from_dict(record) == want, f"line {i + 1}"
            else:
                assert (record["line"], tuple(record["errors"])) == (i + 1, want)

    def test_compact_reports(self, source: Path, tmp_path: Path) -> None:
        """--compact writes compact_report() of evaluate()'s report."""
        records = self._run(source, tmp_path / "out.ndjson", "--compact")
        for record, want in zip(records, EXPECTED, strict=True):
            if isinstance(want, Report):
                assert record == compact_report(want)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A 2-worker LocalCluster of processes on the loopback interface."""
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


class TestDask:
    """On a 2-worker LocalCluster, Dask gives the same reports and rows as evaluate_many."""

    def test_bag_of_json_lines(self, client: Any) -> None:
        """A bag of JSON lines gives evaluate()'s reports (failures by position in partition)."""
        bag = from_sequence(LINES, npartitions=6)
        got = evaluate_bag(bag, at=AT).compute()
        assert len(got) == len(EXPECTED)
        for i, (item, want) in enumerate(zip(got, EXPECTED, strict=True)):
            if isinstance(want, Report):
                assert item == want, f"patient {i}"
            else:
                assert isinstance(item, CohortFailure)
                assert item.errors == want

    def test_bag_of_patients_compact(self, client: Any) -> None:
        """A bag of Patients evaluated compact gives compact_report() of each report."""
        ok = [(line, e) for line, e in zip(LINES, EXPECTED, strict=True) if isinstance(e, Report)]
        bag = from_sequence([patient_from_json(line) for line, _ in ok], npartitions=4)
        got = evaluate_bag(bag, at=AT, compact=True).compute()
        assert got == [compact_report(e) for _, e in ok]

    def test_dataframe_equals_evaluate_many(self, client: Any) -> None:
        """The Dask DataFrame of rows equals reports_to_dataframe over evaluate_many."""
        bag = from_sequence(LINES, npartitions=5)
        got = recommendations_frame(bag, at=AT).compute().reset_index(drop=True)
        want = reports_to_dataframe(evaluate_many(LINES, at=AT, workers=2))
        columns = [c for c in want.columns if c != "patient"]  # counted per partition on Dask
        pd.testing.assert_frame_equal(got[columns], want[columns])
