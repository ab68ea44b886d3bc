"""``mastcell cohort``: JSON lines in, NDJSON or Parquet out, error records, summary, exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mastcell import compact_report, evaluate, patient_from_dict
from mastcell.cli import main

AT = "2026-11-22T12:00:00+00:00"
MCAS = {"id": "mcas-1", "diagnoses": ["mcas"], "age": {"value": 40, "unit": "year"}}
ISM = {"id": "ism-1", "diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


class TestNdjson:
    """NDJSON output: one record per input line, in order, reports or error records."""

    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_full_reports_in_order(self, tmp_path: Path, workers: str) -> None:
        """Each line's record is the report JSON evaluate() gives, in input order."""
        src = _write(tmp_path / "in.jsonl", [json.dumps(d) for d in (MCAS, ISM, MCAS)])
        out = tmp_path / "out.ndjson"
        status = main(["cohort", str(src), "--at", AT, "--out", str(out), "--workers", workers])
        assert status == 0
        expected = [evaluate(patient_from_dict(d), at=AT).to_dict() for d in (MCAS, ISM, MCAS)]
        assert _records(out) == expected

    def test_compact_reports(self, tmp_path: Path) -> None:
        """--compact writes the compact form of each report."""
        src = _write(tmp_path / "in.jsonl", [json.dumps(ISM)])
        out = tmp_path / "out.jsonl"
        assert main(["cohort", str(src), "--at", AT, "--out", str(out), "--compact"]) == 0
        assert _records(out) == [compact_report(evaluate(patient_from_dict(ISM), at=AT))]

    def test_malformed_lines_become_error_records(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad line gives an error record with its file and line number; the run goes on."""
        first = _write(tmp_path / "a.jsonl", [json.dumps(MCAS), "", '{"id": "x", "pain": 3}'])
        second = _write(tmp_path / "b.jsonl", ["{broken", json.dumps(ISM)])
        out = tmp_path / "out.ndjson"
        status = main(
            ["cohort", str(first), str(second), "--at", AT, "--out", str(out), "--workers", "1"]
        )
        assert status == 1
        records = _records(out)
        assert len(records) == 4
        assert records[1]["input"] == str(first)
        assert records[1]["line"] == 3
        assert records[1]["patient_id"] == "x"
        assert records[1]["kind"] == "input"
        assert records[2]["input"] == str(second)
        assert records[2]["line"] == 1
        assert str(records[2]["errors"]).startswith("['(json): invalid JSON")
        assert records[3]["patient_id"] == "ism-1"
        err = capsys.readouterr().err
        assert "4 patients" in err
        assert "2 errors" in err
        assert "patients/s" in err

    def test_summary_counts_recommendations(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The summary's recommendation count is the sum over the reports."""
        src = _write(tmp_path / "in.jsonl", [json.dumps(MCAS), json.dumps(ISM)])
        main(["cohort", str(src), "--at", AT, "--out", str(tmp_path / "o.ndjson")])
        total = sum(len(evaluate(patient_from_dict(d), at=AT)) for d in (MCAS, ISM))
        assert f"2 patients, {total} recommendations, 0 errors" in capsys.readouterr().err


class TestParquet:
    """Parquet output: tidy rows, numbers for doses, failures as rows with errors."""

    def test_tidy_rows(self, tmp_path: Path) -> None:
        """One row per recommendation with input and line; a failed line is one row of errors."""
        src = _write(tmp_path / "in.jsonl", [json.dumps(ISM), "[1]", json.dumps({"id": "e"})])
        out = tmp_path / "out.parquet"
        assert main(["cohort", str(src), "--at", AT, "--out", str(out)]) == 1
        table = pq.read_table(out).to_pylist()
        report = evaluate(patient_from_dict(ISM), at=AT)
        ism = [row for row in table if row["line"] == 1]
        assert [row["code"] for row in ism] == list(report.codes)
        epi = next(r for r in ism if r["code"] == "emergency.epinephrine.prescribe")
        assert (epi["dose_value"], epi["dose_unit"], epi["route"]) == (0.3, "mg", "im")
        failed = [row for row in table if row["line"] == 2]
        assert len(failed) == 1
        assert failed[0]["code"] is None
        assert failed[0]["errors"] == ["(root): expected a JSON object, got list"]
        third = [row["code"] for row in table if row["line"] == 3]
        codes = evaluate(patient_from_dict({"id": "e"}), at=AT).codes
        assert third == (list(codes) if codes else [None])


class TestUsage:
    """Arguments that cannot run give exit status 2 and a message, nothing written."""

    def test_folder_without_an_export(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder with no .ndjson files (not a FHIR Bulk Data export): status 2, a message."""
        out = tmp_path / "o.ndjson"
        assert main(["cohort", str(tmp_path), "--at", AT, "--out", str(out)]) == 2
        assert "without .ndjson files" in capsys.readouterr().err
        assert not out.exists()

    @pytest.mark.parametrize(
        ("extra", "message"),
        [
            (["--at", "2026-11-22T12:00:00", "--out", "o.ndjson"], "at:"),
            (["--at", AT, "--out", "o.csv"], "--out:"),
            (["--at", AT, "--out", "o.ndjson", "--workers", "0"], "--workers:"),
        ],
    )
    def test_bad_arguments(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        extra: list[str],
        message: str,
    ) -> None:
        """A naive --at, an unknown output kind or zero workers: status 2 and the field named."""
        src = _write(tmp_path / "in.jsonl", [json.dumps(MCAS)])
        assert main(["cohort", str(src), *extra]) == 2
        assert message in capsys.readouterr().err

    def test_missing_file(self, tmp_path: Path) -> None:
        """An input that does not exist: status 2."""
        assert main(["cohort", str(tmp_path / "nope"), "--at", AT, "--out", "-"]) == 2


class TestSubprocess:
    """The installed command streams stdin to stdout and shows no bar when piped."""

    def test_stdin_to_stdout_without_progress_bar(self) -> None:
        """With --progress but stderr piped, only the summary (counts, options) is on stderr."""
        lines = "\n".join(json.dumps(d) for d in (MCAS, ISM)) + "\n"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mastcell",
                "cohort",
                "-",
                "--at",
                AT,
                "--out",
                "-",
                "--progress",
                "--workers",
                "1",
            ],
            input=lines,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert [json.loads(x)["patient_id"] for x in done.stdout.splitlines()] == [
            "mcas-1",
            "ism-1",
        ]
        assert done.stderr.splitlines() == [
            done.stderr.splitlines()[0],
            "mastcell cohort: options: mastcell's defaults",
        ]
        assert done.stderr.startswith("mastcell cohort: 2 patients")
