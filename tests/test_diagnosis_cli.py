"""``mastcell classify FILE --at T [--format json|text]`` and ``mastcell schema --classification``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from diagnosis_builders import complete
from mastcell import to_json
from mastcell.cli import main
from mastcell.diagnosis.schema import classification_schema

AT = "2026-11-22T12:00:00+00:00"


@pytest.fixture
def work_up(tmp_path: Path) -> Path:
    """A complete indolent work-up written as interchange JSON."""
    path = tmp_path / "work-up.json"
    path.write_text(to_json(complete()))
    return path


class TestClassifyCommand:
    def test_json(self, work_up: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON output in the documented shape, valid against the shipped schema."""
        assert main(["classify", str(work_up), "--at", AT, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        jsonschema.validate(data, classification_schema())
        assert data["evaluated_at"] == AT
        assert data["systemic_mastocytosis"]["who2022"]["subtype"] == "bmm"
        assert data["systemic_mastocytosis"]["icc2022"]["variant"] == "bmm"

    def test_text(self, work_up: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The text rendering shows both schemes and the disclaimer."""
        assert main(["classify", str(work_up), "--at", AT]) == 0
        out = capsys.readouterr().out
        assert "WHO 2022" in out
        assert "ICC 2022" in out
        assert "not a substitute for clinical judgement" in out

    def test_bad_input_exits_2(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad document: exit 2, the path named, nothing classified."""
        path = tmp_path / "bad.json"
        path.write_text('{"biopsies": [{"date": "2026-09-01", "site": "brain"}]}')
        assert main(["classify", str(path), "--at", AT]) == 2
        err = capsys.readouterr().err
        assert "nothing classified" in err
        assert "biopsies[0].site" in err

    def test_naive_at_exits_2(self, work_up: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A moment without a timezone is bad input, as for evaluate."""
        assert main(["classify", str(work_up), "--at", "2026-11-22T12:00:00"]) == 2
        assert "at: expected" in capsys.readouterr().err

    def test_schema_command(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``mastcell schema --classification`` prints the shipped classification schema."""
        assert main(["schema", "--classification"]) == 0
        assert json.loads(capsys.readouterr().out) == classification_schema()
