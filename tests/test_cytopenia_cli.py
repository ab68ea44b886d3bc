"""The midostaurin transitions and the stale-count rule end to end through the CLI's JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mastcell.cli import main

AT = "2026-11-22T12:00:00+00:00"
DRAWN = "2026-11-21T08:00:00+00:00"
MIDOSTAURIN_50_BID = {
    "drug": "midostaurin",
    "dose": {"value": 50, "unit": "mg"},
    "frequency": "bid",
    "route": "oral",
}
MIDOSTAURIN_100_BID = {**MIDOSTAURIN_50_BID, "dose": {"value": 100, "unit": "mg"}}


def counts(anc: Any, time: str = DRAWN, anc_unit: str = "10*9/L") -> list[dict[str, Any]]:
    return [
        {"analyte": "anc", "value": anc, "unit": anc_unit, "time": time},
        {"analyte": "platelets", "value": 140, "unit": "K/uL", "time": time},
        {"analyte": "hemoglobin", "value": 118, "unit": "g/L", "time": time},
    ]


def midostaurin(dose: float = 100, **fields: Any) -> dict[str, Any]:
    return {
        "drug": "midostaurin",
        "dose": {"value": dose, "unit": "mg"},
        "frequency": "bid",
        "route": "oral",
        "start": "2026-08-15",
        **fields,
    }


def evaluate_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: dict[str, Any]
) -> dict[str, Any]:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps({"id": "cli-cytopenia", "diagnoses": ["asm"], **data}))
    status = main(
        ["evaluate", str(path), "--at", AT, "--format", "json", "--category", "cytopenia"]
    )
    assert status == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


def codes(report: dict[str, Any]) -> list[str]:
    return [r["code"] for r in report["recommendations"]]


def the(report: dict[str, Any], code: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [r for r in report["recommendations"] if r["code"] == code]
    assert len(found) == 1, codes(report)
    return found[0]


def dose_of(medication: dict[str, Any]) -> dict[str, Any]:
    return {k: medication[k] for k in ("drug", "dose", "frequency", "route")}


class TestMidostaurinTransitionsInJson:
    """Interrupt, resume_reduced, increase and discontinue, as a non-Python caller sees them."""

    def test_active_to_interrupt(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ANC 800/uL on 100 mg twice daily: a critical interrupt with the restart schedule."""
        report = evaluate_json(
            tmp_path, capsys, {"labs": counts(800, anc_unit="/uL"), "medications": [midostaurin()]}
        )
        assert codes(report) == ["cytopenia.midostaurin.interrupt"]
        rec = the(report, "cytopenia.midostaurin.interrupt")
        assert rec["indicator"] == "critical"
        assert rec["category"] == "cytopenia"
        assert [dose_of(s) for s in rec["schedule"]] == [MIDOSTAURIN_50_BID, MIDOSTAURIN_100_BID]
        anc = next(f for f in rec["findings"] if f["analyte"] == "anc" and f["threshold"] == 1.0)
        assert (anc["input"], anc["value"], anc["unit"], anc["comparison"]) == (
            "labs[0]",
            0.8,
            "10*9/L",
            "<",
        )
        assert {e["source"] for e in rec["evidence"]} >= {"S1"}

    def test_held_to_resume_reduced(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Held for neutropenia, ANC exactly 1.0: resume at 50 mg twice daily, oral."""
        med = midostaurin(status="held", held_since="2026-11-12", held_reason="neutropenia")
        report = evaluate_json(tmp_path, capsys, {"labs": counts(1.0), "medications": [med]})
        assert codes(report) == ["cytopenia.midostaurin.resume_reduced"]
        rec = the(report, "cytopenia.midostaurin.resume_reduced")
        assert rec["indicator"] == "warning"
        assert dose_of(rec["medication"]) == MIDOSTAURIN_50_BID

    def test_reduced_to_increase(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """On 50 mg twice daily with counts holding: back to 100 mg twice daily."""
        report = evaluate_json(
            tmp_path, capsys, {"labs": counts(1.6), "medications": [midostaurin(50)]}
        )
        assert codes(report) == ["cytopenia.midostaurin.increase"]
        assert (
            dose_of(the(report, "cytopenia.midostaurin.increase")["medication"])
            == MIDOSTAURIN_100_BID
        )

    @pytest.mark.parametrize(
        ("held_since", "expected"),
        [
            pytest.param("2026-11-01", "cytopenia.midostaurin.interrupt", id="day-21-hold"),
            pytest.param(
                "2026-10-31", "cytopenia.midostaurin.discontinue", id="day-22-discontinue"
            ),
        ],
    )
    def test_held_and_low_to_discontinue(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], held_since: str, expected: str
    ) -> None:
        """Still below 1.0 today: day 21 after held_since keeps the hold, day 22 discontinues."""
        med = midostaurin(status="held", held_since=held_since, held_reason="neutropenia")
        labs = counts(0.9, time="2026-11-22T07:00:00+00:00")
        report = evaluate_json(tmp_path, capsys, {"labs": labs, "medications": [med]})
        assert codes(report) == [expected]
        rec = the(report, expected)
        assert rec["indicator"] == "critical"
        assert rec["medication"]["drug"] == "midostaurin"
        assert rec["medication"]["dose"] is None


class TestStaleCountInJson:
    """A stale count gives cytopenia.cbc.obtain and no dose decision, through the CLI too."""

    def test_stale_low_anc(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """ANC 0.5 from 15 days ago on active midostaurin: only cbc.obtain, no medication."""
        labs = counts(0.5, time="2026-11-07T11:00:00+00:00")
        report = evaluate_json(tmp_path, capsys, {"labs": labs, "medications": [midostaurin()]})
        assert codes(report) == ["cytopenia.cbc.obtain"]
        assert the(report, "cytopenia.cbc.obtain")["medication"] is None

    def test_module_entry_point(self, tmp_path: Path) -> None:
        """`python -m mastcell` gives the same decision in a fresh process."""
        path = tmp_path / "p.json"
        path.write_text(
            json.dumps({"diagnoses": ["asm"], "labs": counts(0.8), "medications": [midostaurin()]})
        )
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "mastcell",
                "evaluate",
                str(path),
                "--at",
                AT,
                "--format",
                "json",
                "--category",
                "cytopenia",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert [r["code"] for r in json.loads(out.stdout)["recommendations"]] == [
            "cytopenia.midostaurin.interrupt"
        ]
