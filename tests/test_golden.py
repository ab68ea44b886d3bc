"""Golden reports: the current code writes, byte for byte, the reports recorded in tests/golden.

A failure here means mastcell's output changed. If the change is intended (a new rule, a
corrected dose, another branch's reader), regenerate with ``python tests/golden/regenerate.py``
and review the diff; otherwise the refactor changed behaviour and must be fixed.
"""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

import golden_reports
from golden_reports import GOLDEN, MOMENTS

EXAMPLES = sorted(golden_reports.EXAMPLES.glob("*.json"))


class TestGoldenExamples:
    """Every bundled example gives the indented report JSON recorded for it."""

    def test_every_example_has_a_golden_report(self) -> None:
        """The golden folder holds exactly one report per bundled example."""
        recorded = sorted(p.name for p in (GOLDEN / "examples").glob("*.json"))
        assert recorded == [p.name for p in EXAMPLES]

    @pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: Path(p).stem)
    def test_example_report_is_unchanged(self, path: Path) -> None:
        """The example's report JSON equals the recorded bytes."""
        expected = (GOLDEN / "examples" / path.name).read_text(encoding="utf-8")
        assert golden_reports.example_report(path) == expected


class TestGoldenGenerated:
    """A few hundred generated patients at three moments give the recorded reports or errors."""

    def test_generated_set_is_a_few_hundred(self) -> None:
        """The stored set is large enough to exercise every area (and its errors)."""
        assert len(golden_reports.read_patient_lines()) >= 300

    def test_reports_are_unchanged(self) -> None:
        """Every report line (compact report JSON or input error) equals the recorded line."""
        with gzip.open(GOLDEN / "reports.jsonl.gz", "rt", encoding="utf-8") as f:
            expected = [line.rstrip("\n") for line in f]
        patients = golden_reports.read_patient_lines()
        assert len(expected) == len(patients) * len(MOMENTS)
        produced = golden_reports.report_lines(patients)
        for i, (got, want) in enumerate(itertools.zip_longest(produced, expected)):
            assert got == want, f"golden line {i} (case {i // len(MOMENTS)}) changed"

    def test_the_set_covers_errors_and_reports(self) -> None:
        """Both kinds of record are present, so both paths are guarded."""
        with gzip.open(GOLDEN / "reports.jsonl.gz", "rt", encoding="utf-8") as f:
            text = f.read()
        assert '"error": [' in text
        assert '"report": "' in text


class TestGoldenBranches:
    """The hand-written patients of the ``test_branches*`` modules give the recorded reports,
    compact reports and actions (the line the differential harness held against the oracle)."""

    def test_keys_are_unique_and_all_recorded(self) -> None:
        """One recorded line per run, in key order; no two runs share a key."""
        keys = [run.key for run in golden_reports.branch_runs()]
        assert len(set(keys)) == len(keys)
        recorded = [json.loads(line)["case"] for line in golden_reports.read_branch_lines()]
        assert recorded == keys
        assert len(keys) > 900

    @pytest.mark.parametrize("part", range(4))
    def test_reports_are_unchanged(self, part: int) -> None:
        """Every line equals the recorded one (one quarter of the runs per test)."""
        expected = golden_reports.read_branch_lines()[part::4]
        runs = golden_reports.branch_runs()[part::4]
        assert expected
        for run, want in zip(runs, expected, strict=True):
            assert golden_reports.branch_line(run) == want, f"{run.key} changed"
