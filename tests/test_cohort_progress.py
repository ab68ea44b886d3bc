"""Issue 17 item 6: progress shows a total and an ETA, and nothing stray.

``mastcell cohort --progress`` printed ``0 patients [00:00, ? patients/s]`` before the run (a
bar made only to check that tqdm was installed) and its bar had no total. The command's bar is
checked on a real terminal (a pseudo-terminal as standard error).
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from pathlib import Path

import pytest
from tqdm import tqdm

from mastcell import Report, evaluate_many

ROOT = Path(__file__).resolve().parents[1]
AT = "2026-11-22T12:00:00+00:00"
#: A tqdm bar with a percentage, done/total and [elapsed<remaining, rate].
BAR = re.compile(r"\d+%\|[^|]*\| *[\d.]+[kMG]?B?/[\d.]+[kMG]?B? \[\d\d:\d\d<\d\d:\d\d")


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``mastcell cohort`` with standard error on a pseudo-terminal; (status, what it drew)."""
    leader, follower = pty.openpty()
    # A terminal 100 columns wide (a new pseudo-terminal has no size, and a bar needs one).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "mastcell", "cohort", *args, "--at", AT],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    os.close(follower)
    drawn = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: the command ended
            break
        if not chunk:
            break
        drawn += chunk
    os.close(leader)
    return proc.wait(timeout=120), drawn.decode("utf-8", "replace")


def _cohort_file(tmp_path: Path, count: int) -> Path:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"p{i}", "diagnoses": ["mcas"]}) for i in range(count)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


class TestCommandLine:
    def test_bar_has_a_total_and_an_eta_and_nothing_stray(self, tmp_path: Path) -> None:
        """On a terminal: a bar of the input's bytes with its total and ETA, then the summary."""
        src = _cohort_file(tmp_path, 40)
        size = src.stat().st_size
        status, drawn = _on_a_terminal(
            [str(src), "--out", str(tmp_path / "o.ndjson"), "--progress", "--workers", "1"]
        )
        assert status == 0, drawn
        assert BAR.search(drawn), drawn
        assert f"/{tqdm.format_sizeof(size, divisor=1024)} [" in drawn  # the total: the file
        assert "100%" in drawn
        assert "patients [00:00, ?" not in drawn
        assert "?it/s" not in drawn
        lines = [line for line in re.split(r"[\r\n]+", drawn) if line.strip()]
        assert lines[-2].startswith("mastcell cohort: 40 patients")  # after the bar
        assert lines[-1] == "mastcell cohort: options: mastcell's defaults"

    def test_no_bar_when_nothing_runs(self, tmp_path: Path) -> None:
        """A run refused before its first record draws no bar: only the message."""
        src = _cohort_file(tmp_path, 3)
        status, drawn = _on_a_terminal([str(src), "--out", "o.csv", "--progress"])
        assert status == 2
        assert drawn.strip().startswith("mastcell cohort: nothing run: --out:")
        assert "%|" not in drawn
        assert "patients" not in drawn


class TestPython:
    def test_a_list_counts_patients_to_its_length(self, capsys: pytest.CaptureFixture[str]) -> None:
        """progress=True over a list: patients out of the list's length, with an ETA."""
        items = [{"id": f"p{i}"} for i in range(3)]
        assert len(list(evaluate_many(items, at=AT, workers=1, progress=True))) == 3
        err = capsys.readouterr().err
        assert "3/3" in err
        assert "<00:00" in err

    def test_an_open_file_counts_its_bytes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """progress=True over an open file: the file's bytes are the total."""
        src = _cohort_file(tmp_path, 5)
        with src.open(encoding="utf-8") as lines:
            out = list(evaluate_many(lines, at=AT, workers=1, progress=True))
        assert all(isinstance(r, Report) for r in out)
        err = capsys.readouterr().err
        assert BAR.search(err), err
        assert f"{src.stat().st_size}/{src.stat().st_size}" in err

    def test_a_generator_has_no_total(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A generator's length is unknown: the bar counts patients, with no total or ETA."""

        def patients() -> Iterator[dict[str, str]]:
            yield from ({"id": f"p{i}"} for i in range(2))

        assert len(list(evaluate_many(patients(), at=AT, workers=1, progress=True))) == 2
        err = capsys.readouterr().err
        assert "2 patients" in err
        assert "%|" not in err

    def test_no_bar_before_the_first_record(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Asking for progress prints nothing until a record arrives."""
        out = evaluate_many(io.StringIO(""), at=AT, workers=1, progress=True)
        assert list(out) == []
        assert capsys.readouterr().err == ""
