"""The command line: evaluate and schema, exit codes, no traceback for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mastcell.cli import main

EXAMPLE = (
    Path(__file__).parent.parent
    / "src"
    / "mastcell"
    / "examples"
    / "advsm-midostaurin-neutropenia.json"
)
AT = "2026-11-22T12:00:00+00:00"


class TestEvaluate:
    def test_text_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The text report names the patient, the time and the disclaimer."""
        assert main(["evaluate", str(EXAMPLE), "--at", AT]) == 0
        out = capsys.readouterr().out
        assert "example-advsm-midostaurin" in out
        assert AT in out
        assert "not a substitute for clinical judgement" in out

    def test_json_report_has_the_contract_keys(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The JSON report has the documented top-level and recommendation keys."""
        assert main(["evaluate", str(EXAMPLE), "--at", AT, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert list(data) == [
            "patient_id",
            "evaluated_at",
            "mastcell_version",
            "recommendations",
            "unused_inputs",
            "reviewed_inputs",
            "options",
            "format_version",
        ]
        assert data["format_version"] == 1
        assert data["evaluated_at"] == AT
        for rec in data["recommendations"]:
            assert {
                "code",
                "category",
                "indicator",
                "summary",
                "detail",
                "medication",
                "evidence",
                "findings",
            } <= set(rec)
        # ondansetron (medications[4]) is in the catalogue since issue 16: midostaurin's QT check
        qt = [r for r in data["recommendations"] if r["code"] == "interaction.midostaurin.qt"]
        assert [f["input"] for f in qt[0]["findings"]][-1] == "medications[4]"

    def test_stdin(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """``-`` reads the patient from standard input."""
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO('{"id": "s", "diagnoses": ["mcas"]}'))
        assert (
            main(["evaluate", "-", "--at", AT, "--format", "json", "--category", "emergency"]) == 0
        )
        assert json.loads(capsys.readouterr().out)["patient_id"] == "s"

    @pytest.mark.parametrize(
        ("document", "message"),
        [
            (
                '{"labs": [{"analyte": "anc", "value": 1, "unit": "mg", "time": "2026-11-20"}]}',
                "labs[0] (anc).unit",
            ),
            ('{"pain": {"score": 11}}', "pain.score"),
            ('{"id": ', "invalid JSON"),
            ("[]", "(root)"),
        ],
    )
    def test_bad_input_exits_2_with_a_message(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], document: str, message: str
    ) -> None:
        """Bad input exits 2 with the problem and its path on stderr, and prints no report."""
        path = tmp_path / "p.json"
        path.write_text(document)
        assert main(["evaluate", str(path), "--at", AT]) == 2
        captured = capsys.readouterr()
        assert message in captured.err
        assert captured.out == ""
        assert "Traceback" not in captured.err

    def test_bad_time_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A naive --at is bad input too."""
        assert main(["evaluate", str(EXAMPLE), "--at", "2026-11-22"]) == 2
        assert "at: " in capsys.readouterr().err

    def test_missing_file_exits_2(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A file that cannot be read is reported, not raised."""
        assert main(["evaluate", "/nonexistent/p.json"]) == 2
        assert "cannot read" in capsys.readouterr().err


class TestProcess:
    def test_python_dash_m_and_no_traceback(self, tmp_path: Path) -> None:
        """``python -m mastcell`` works and bad input gives exit 2 without a traceback."""
        bad = tmp_path / "bad.json"
        bad.write_text(
            '{"labs": [{"analyte": "anc", "value": -1, "unit": "/uL", "time": "2026-11-20"}]}'
        )
        proc = subprocess.run(
            [sys.executable, "-m", "mastcell", "evaluate", str(bad)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert proc.returncode == 2
        assert "labs[0] (anc).value" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1

    def test_schema_command(self) -> None:
        """``mastcell schema`` prints the patient JSON Schema."""
        proc = subprocess.run(
            [sys.executable, "-m", "mastcell", "schema"], capture_output=True, text=True, check=True
        )
        assert json.loads(proc.stdout)["title"].startswith("mastcell patient")
