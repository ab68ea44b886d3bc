"""Issue 17 item 2: a cohort run accounts for every line, or says exactly where it stopped.

Each fault of the issue, reproduced on a real ``mastcell cohort`` process: a worker killed by
its pid, SIGINT and SIGTERM sent to the command, a byte that is not UTF-8 in the middle of a
file, the output given as the input (by any alias), an existing output, ``| head``, a 60 kB
hostile line. Each ends in the documented outcome and exit status, and every input line is a
report, an error record, or counted in the summary as not evaluated or not read.

Runs are kept in progress without timing: the input comes from a pipe the test holds open
(the command waits for it), or the command is paused (SIGSTOP) while it is sent its signal.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import psutil
import pyarrow.parquet as pq
import pytest

from mastcell.cli import main
from mastcell.cohort.command import (
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    EXIT_SIGINT,
    EXIT_SIGTERM,
    EXIT_SOME_FAILED,
    EXIT_STOPPED,
    EXIT_UNUSABLE,
)

ROOT = Path(__file__).resolve().parents[1]
AT = "2026-11-22T12:00:00+00:00"


def _patient(i: int) -> str:
    return json.dumps({"id": f"p{i}", "diagnoses": ["mcas"], "age": {"value": 40, "unit": "year"}})


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _start(args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
    """A real ``mastcell cohort`` process (the package from this checkout)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "mastcell", "cohort", *args, "--at", AT], env=env, **kwargs
    )


def _until(condition: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll ``condition`` until it returns something true (a bound, not a timing assertion)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"gave up waiting for {what}")


def _workers(pid: int) -> list[int]:
    """The run's worker processes: the forkserver's children."""
    try:
        tree = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p.pid for p in tree if _parent(p) not in (pid, None)]


def _parent(process: psutil.Process) -> int | None:
    try:
        return int(process.ppid())
    except psutil.NoSuchProcess:
        return None


def _descendants(pid: int) -> set[int]:
    try:
        return {p.pid for p in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def _all_gone(pids: set[int]) -> bool:
    def alive(pid: int) -> bool:
        try:
            return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False

    return not any(alive(pid) for pid in pids)


def _pending(pipe: IO[bytes]) -> int:
    """Bytes written to a pipe that its reader has not read yet."""
    buffer = bytearray(4)
    fcntl.ioctl(pipe.fileno(), termios.FIONREAD, buffer)
    return int.from_bytes(buffer, sys.byteorder)


def _feed(pipe: IO[bytes], lines: list[str]) -> None:
    pipe.write("".join(line + "\n" for line in lines).encode())
    pipe.flush()


@pytest.fixture
def tracked() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test starts; any still running at its end are killed (a failed test)."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            for pid in _descendants(proc.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):  # a pipe the command closed: nothing to do
                    pipe.close()


def _summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    assert "summary" in records[-1], "a partial output ends with its summary record"
    summary: dict[str, Any] = records[-1]["summary"]
    written = records[:-1]
    assert all("summary" not in r for r in written)
    errors = sum(1 for r in written if "errors" in r and "patient_id" in r and "input" in r)
    assert summary["errors"] == errors
    assert summary["reports"] == len(written) - errors
    return summary


class TestWorkerKilled:
    def test_killed_worker_gives_error_records_and_the_run_goes_on(
        self, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """kill -9 of a busy worker: its line is an error record, a fresh worker does the rest."""
        proc = _start(
            ["-", "--out", "-", "--workers", "2", "--chunk-size", "1"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        tracked.append(proc)
        assert proc.stdin is not None
        workers = _until(lambda: (w := _workers(proc.pid)) and len(w) == 2 and w, "two workers")
        for pid in workers:
            os.kill(pid, signal.SIGSTOP)  # frozen: each takes one line and holds it
        _feed(proc.stdin, [_patient(i) for i in range(1, 7)])
        _until(lambda: _pending(proc.stdin) == 0, "the command to read its input")  # type: ignore[arg-type]
        time.sleep(0.3)  # it hands lines 1 and 2 to the frozen workers as it reads them
        os.kill(workers[0], signal.SIGKILL)
        os.kill(workers[1], signal.SIGCONT)
        _feed(proc.stdin, [_patient(i) for i in range(7, 13)])
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_SOME_FAILED, err.decode()
        records = [json.loads(line) for line in out.decode().splitlines()]
        assert len(records) == 12  # every line has its record, in order
        lost = [r for r in records if r.get("kind") == "worker"]
        assert len(lost) == 1
        assert lost[0]["line"] in (1, 2)
        assert lost[0]["input"] == "-"
        assert f"(pid {workers[0]}) was killed by SIGKILL" in lost[0]["errors"][0]
        reports = [r for r in records if "recommendations" in r]
        assert [r["patient_id"] for r in reports] == [
            f"p{i}" for i in range(1, 13) if i != lost[0]["line"]
        ]
        assert "12 patients" in err.decode()
        assert "Traceback" not in err.decode()

    def test_deaths_in_a_row_stop_the_run_with_a_summary(
        self, tmp_path: Path, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """Every worker killed, twice over: the third death stops the run (exit 3), summary."""
        out = tmp_path / "out.ndjson"
        proc = _start(
            ["-", "--out", str(out), "--workers", "2", "--chunk-size", "1"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        tracked.append(proc)
        assert proc.stdin is not None
        seen: set[int] = set()
        killed: set[int] = set()
        line = 0
        while proc.poll() is None and len(killed) < 4:
            fresh = _until(
                lambda: (
                    [w for w in _workers(proc.pid) if w not in killed] or proc.poll() is not None
                ),
                "fresh workers",
            )
            if fresh is True:
                break
            seen |= _descendants(proc.pid)
            for pid in fresh:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            _feed(proc.stdin, [_patient(line + 1), _patient(line + 2)])  # work for the dead
            line += 2
            time.sleep(0.2)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_STOPPED, err.decode()
        assert not out.exists()
        summary = _summary(_records(tmp_path / "out.partial.ndjson"))
        assert summary["complete"] is False
        assert summary["exit_status"] == EXIT_STOPPED
        assert summary["reason"].startswith("3 worker processes died in a row")
        assert summary["not_read"] is None  # standard input: what was left is unknown
        read = summary["reports"] + summary["errors"] + summary["not_evaluated"]
        assert 2 <= read <= line
        assert "Traceback" not in err.decode()
        assert _until(lambda: _all_gone(seen), "the workers and the forkserver to exit", 15)


class TestSignals:
    @pytest.mark.parametrize(
        ("signum", "status"), [(signal.SIGINT, EXIT_SIGINT), (signal.SIGTERM, EXIT_SIGTERM)]
    )
    def test_signal_stops_workers_writes_the_summary_and_exits(
        self,
        tmp_path: Path,
        tracked: list[subprocess.Popen[bytes]],
        signum: signal.Signals,
        status: int,
    ) -> None:
        """SIGINT/SIGTERM: the documented status, a partial file ending with the summary, every
        line accounted for, no traceback, and no worker or forkserver left behind."""
        first = _write(tmp_path / "a.jsonl", [_patient(i) for i in range(600)] + [""])
        second = _write(tmp_path / "b.jsonl", [_patient(i) for i in range(50)])
        out = tmp_path / "out.ndjson"
        out.write_text("an earlier output\n")
        proc = _start(
            [str(first), str(second), "--out", str(out), "--overwrite", "--workers", "2",
             "--chunk-size", "2"],
            stderr=subprocess.PIPE,
        )  # fmt: skip
        tracked.append(proc)
        _until(lambda: len(_workers(proc.pid)) == 2, "two workers")
        seen = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGSTOP)  # the run is held where it is while it gets the signal
        # Mid-run, the records go to a hidden temporary file beside --out, which is untouched.
        assert len(list(tmp_path.glob(".out.ndjson.*.tmp"))) == 1
        assert out.read_text() == "an earlier output\n"
        os.kill(proc.pid, signum)
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=120)
        text = err.decode()
        assert proc.returncode == status, text
        assert "Traceback" not in text
        assert f"stopped by {signum.name}" in text
        assert out.read_text() == "an earlier output\n"  # never replaced by a partial run
        assert not list(tmp_path.glob(".out.ndjson.*"))  # no temporary file left
        summary = _summary(_records(tmp_path / "out.partial.ndjson"))
        assert summary["complete"] is False
        assert summary["exit_status"] == status
        assert summary["reason"] == f"stopped by {signum.name}"
        lines = 601 + 50
        accounted = (
            summary["reports"]
            + summary["errors"]
            + summary["blank_lines"]
            + summary["not_evaluated"]
            + summary["not_read"]
        )
        assert accounted == lines
        written = summary["reports"] + summary["errors"]
        assert summary["stopped_at"] == {"input": str(first), "line": written + 1}
        assert summary["inputs_not_started"] in ([str(second)], [])
        assert _until(lambda: _all_gone(seen), "the workers and the forkserver to exit", 15)

    def test_signal_while_waiting_for_standard_input(
        self, tmp_path: Path, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """SIGTERM while the command waits on a pipe: it stops at once with its summary."""
        out = tmp_path / "out.ndjson"
        before = _write(tmp_path / "a.jsonl", [_patient(i) for i in range(3)])
        proc = _start(
            [str(before), "-", "--out", str(out), "--workers", "2"],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        tracked.append(proc)
        assert proc.stdin is not None
        _feed(proc.stdin, [_patient(9), "{broken"])
        _until(lambda: _pending(proc.stdin) == 0, "the command to read its input")  # type: ignore[arg-type]
        seen = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGTERM)
        status = proc.wait(timeout=120)  # standard input stays open: no end of input
        assert proc.stderr is not None
        assert status == EXIT_SIGTERM, proc.stderr.read().decode()
        summary = _summary(_records(tmp_path / "out.partial.ndjson"))
        assert summary["not_read"] is None  # the rest of a pipe cannot be counted
        assert summary["reports"] + summary["errors"] + summary["not_evaluated"] <= 5
        assert _until(lambda: _all_gone(seen), "no process left", 15)

    def test_parquet_partial_output_carries_the_summary(
        self, tmp_path: Path, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """A stopped Parquet run: a readable partial file with the summary in its metadata."""
        src = _write(tmp_path / "a.jsonl", [_patient(i) for i in range(400)])
        out = tmp_path / "out.parquet"
        proc = _start([str(src), "--out", str(out), "--workers", "2"], stderr=subprocess.PIPE)
        tracked.append(proc)
        _until(lambda: len(_workers(proc.pid)) == 2, "two workers")
        os.kill(proc.pid, signal.SIGSTOP)
        os.kill(proc.pid, signal.SIGINT)
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_SIGINT, err.decode()
        partial = tmp_path / "out.partial.parquet"
        table = pq.read_table(partial)
        summary = json.loads(pq.read_metadata(partial).metadata[b"mastcell.summary"])
        assert summary["complete"] is False
        assert summary["reason"] == "stopped by SIGINT"
        assert len(set(table.column("line").to_pylist())) == summary["reports"] + summary["errors"]
        assert (
            summary["reports"] + summary["errors"] + summary["not_evaluated"] + summary["not_read"]
            == 400
        )


class TestUndecodableLine:
    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_a_bad_byte_is_one_error_record_with_its_line(
        self, tmp_path: Path, workers: str
    ) -> None:
        """0xFF in line 3 of 6: that line is an error record naming it; the others are read."""
        src = tmp_path / "in.jsonl"
        lines = [_patient(i).encode() for i in range(6)]
        lines[2] = lines[2][:20] + b"\xff" + lines[2][20:]
        src.write_bytes(b"\n".join(lines) + b"\n")
        out = tmp_path / "out.ndjson"
        assert main(["cohort", str(src), "--at", AT, "--out", str(out), "--workers", workers]) == 1
        records = _records(out)
        assert len(records) == 6
        assert records[2]["line"] == 3
        assert records[2]["kind"] == "input"
        assert records[2]["errors"][0].startswith("(json): not UTF-8 text: ")
        assert "0xff in position 20" in records[2]["errors"][0]
        assert [r.get("patient_id") for r in records] == ["p0", "p1", None, "p3", "p4", "p5"]


class TestHostileLine:
    def test_a_60_kb_hostile_line_is_an_error_record(self, tmp_path: Path) -> None:
        """One line of 60 kB of escaped quotes: an error record, and the run completes."""
        hostile = '{"id": "x", "medications": [{"drug": "' + '\\"' * 30_000
        src = _write(tmp_path / "in.jsonl", [_patient(1), hostile, _patient(2)])
        out = tmp_path / "out.ndjson"
        assert main(["cohort", str(src), "--at", AT, "--out", str(out), "--workers", "1"]) == 1
        records = _records(out)
        assert [r.get("line") for r in records] == [None, 2, None]
        assert records[1]["errors"][0].startswith("(json): invalid JSON at line 1 column 60039")


class TestOutputIsNotInput:
    def _unchanged(self, tmp_path: Path, src: Path, data: bytes) -> None:
        assert src.read_bytes() == data
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    @pytest.mark.parametrize("alias", ["same", "symlink", "hardlink"])
    def test_output_that_is_the_input_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], alias: str
    ) -> None:
        """--out naming the input (itself, a symbolic or hard link): exit 2, input intact."""
        src = _write(tmp_path / "in.jsonl", [_patient(1), _patient(2)])
        data = src.read_bytes()
        out = tmp_path / "out.jsonl"
        if alias == "same":
            out = src
        elif alias == "symlink":
            out.symlink_to(src)
        else:
            os.link(src, out)
        status = main(["cohort", str(src), "--at", AT, "--out", str(out), "--overwrite"])
        assert status == EXIT_UNUSABLE
        assert "is the input" in capsys.readouterr().err
        self._unchanged(tmp_path, src, data)

    def test_output_that_is_standard_input_is_refused(self, tmp_path: Path) -> None:
        """Reading -, with --out a link to /dev/stdin: refused before anything is written."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        data = src.read_bytes()
        alias = tmp_path / "alias.ndjson"
        alias.symlink_to("/dev/stdin")
        with src.open("rb") as stdin:
            proc = _start(
                ["-", "--out", str(alias), "--overwrite"], stdin=stdin, stderr=subprocess.PIPE
            )
            _, err = proc.communicate(timeout=60)
        assert proc.returncode == EXIT_UNUSABLE
        assert "is the input 'standard input'" in err.decode()
        assert src.read_bytes() == data

    def test_standard_output_appending_to_the_input_is_refused(self, tmp_path: Path) -> None:
        """--out - with standard output appended to the input (>> in.jsonl): refused."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        data = src.read_bytes()
        with src.open("ab") as stdout:
            proc = _start([str(src), "--out", "-"], stdout=stdout, stderr=subprocess.PIPE)
            _, err = proc.communicate(timeout=60)
        assert proc.returncode == EXIT_UNUSABLE
        assert "standard output is the input" in err.decode()
        assert src.read_bytes() == data

    def test_output_inside_an_export_folder_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An output written into the Bulk Data folder it reads would join the export."""
        folder = tmp_path / "export"
        folder.mkdir()
        _write(folder / "Patient.ndjson", [json.dumps({"resourceType": "Patient", "id": "a"})])
        out = folder / "reports.ndjson"
        assert main(["cohort", str(folder), "--at", AT, "--out", str(out)]) == EXIT_UNUSABLE
        assert "inside the export folder" in capsys.readouterr().err
        assert not out.exists()


class TestExistingOutput:
    def test_refused_without_overwrite(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An existing output is left alone without --overwrite (exit 2)."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        out = _write(tmp_path / "out.ndjson", ["kept"])
        assert main(["cohort", str(src), "--at", AT, "--out", str(out)]) == EXIT_UNUSABLE
        assert "exists: remove it, or pass --overwrite" in capsys.readouterr().err
        assert out.read_text() == "kept\n"

    def test_replaced_with_overwrite(self, tmp_path: Path) -> None:
        """With --overwrite the complete run replaces it, and clears a stale partial output."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        out = _write(tmp_path / "out.ndjson", ["old"])
        stale = _write(tmp_path / "out.partial.ndjson", ["stale"])
        assert main(["cohort", str(src), "--at", AT, "--out", str(out), "--overwrite"]) == EXIT_OK
        assert [r["patient_id"] for r in _records(out)] == ["p1"]
        assert not stale.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.ndjson"]

    def test_partial_output_of_an_earlier_run_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A partial output left by a stopped run is not replaced without --overwrite."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        _write(tmp_path / "out.partial.ndjson", ["stale"])
        out = tmp_path / "out.ndjson"
        assert main(["cohort", str(src), "--at", AT, "--out", str(out)]) == EXIT_UNUSABLE
        assert "left by a run that stopped early" in capsys.readouterr().err
        assert not out.exists()

    def test_output_permissions_follow_the_umask(self, tmp_path: Path) -> None:
        """The renamed temporary file is as readable as any file the user writes."""
        src = _write(tmp_path / "in.jsonl", [_patient(1)])
        out = tmp_path / "out.ndjson"
        previous = os.umask(0o022)
        try:
            assert main(["cohort", str(src), "--at", AT, "--out", str(out)]) == EXIT_OK
        finally:
            os.umask(previous)
        assert out.stat().st_mode & 0o777 == 0o644


class TestClosedOutput:
    def test_head_closing_the_pipe_is_a_quiet_stop(
        self, tmp_path: Path, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """mastcell cohort ... --out - | head: exit 141, nothing on stderr, no process left."""
        src = _write(tmp_path / "in.jsonl", [_patient(i) for i in range(400)])
        proc = _start(
            [str(src), "--out", "-", "--workers", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        tracked.append(proc)
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert json.loads(first)["patient_id"] == "p0"
        seen = _descendants(proc.pid)
        proc.stdout.close()  # what head does after its lines
        assert proc.wait(timeout=120) == EXIT_OUTPUT_CLOSED
        assert proc.stderr is not None
        assert proc.stderr.read() == b""
        assert _until(lambda: _all_gone(seen), "no process left", 15)


class TestExitStatuses:
    def test_help_documents_every_status(self) -> None:
        """mastcell cohort --help lists each exit status the command can give."""
        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "cohort", "--help"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        for status in (EXIT_OK, EXIT_SOME_FAILED, EXIT_UNUSABLE, EXIT_STOPPED, EXIT_SIGINT,
                       EXIT_SIGTERM, EXIT_OUTPUT_CLOSED):  # fmt: skip
            assert f"\n  {status} " in done.stdout
        assert "--overwrite" in done.stdout

    def test_cohort_page_documents_every_status(self) -> None:
        """The cohort page lists the same statuses."""
        page = (ROOT / "docs" / "cohort.md").read_text(encoding="utf-8")
        for status in ("**0**", "**1**", "**2**", "**3**", "**130**", "**143**", "**141**"):
            assert status in page


def _export(folder: Path, count: int) -> Path:
    """A Bulk Data export of ``count`` patients, each with an MCAS condition."""
    folder.mkdir()
    patients = [json.dumps({"resourceType": "Patient", "id": f"p{i}"}) for i in range(count)]
    conditions = [
        json.dumps(
            {
                "resourceType": "Condition",
                "id": f"c{i}",
                "subject": {"reference": f"Patient/p{i}"},
                "code": {
                    "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "D89.40"}]
                },
            }
        )
        for i in range(count)
    ]
    _write(folder / "Patient.ndjson", patients)
    _write(folder / "Condition.ndjson", conditions)
    return folder


class TestBulkExport:
    def test_signal_during_an_export_run(
        self, tmp_path: Path, tracked: list[subprocess.Popen[bytes]]
    ) -> None:
        """SIGTERM during a Bulk Data run: exit 143, a partial output ending with the summary,
        the first patient without a record named, no process left."""
        folder = _export(tmp_path / "export", 400)
        out = tmp_path / "out.ndjson"
        proc = _start(
            [str(folder), "--out", str(out), "--workers", "2", "--chunk-size", "2"],
            stderr=subprocess.PIPE,
        )
        tracked.append(proc)
        _until(lambda: len(_workers(proc.pid)) == 2, "two workers")
        seen = _descendants(proc.pid)
        os.kill(proc.pid, signal.SIGSTOP)
        os.kill(proc.pid, signal.SIGTERM)
        os.kill(proc.pid, signal.SIGCONT)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == EXIT_SIGTERM, err.decode()
        records = _records(tmp_path / "out.partial.ndjson")
        summary = _summary(records)
        written = summary["reports"] + summary["errors"]
        assert [r["patient_id"] for r in records[:-1]] == [f"p{i}" for i in range(written)]
        assert summary["not_read"] is None  # the patients left of an export are not counted
        assert summary["stopped_at"] == {
            "input": str(folder / "Patient.ndjson"),
            "line": written + 1,
        }
        assert _until(lambda: _all_gone(seen), "no process left", 15)

    def test_a_lost_patient_names_its_patient_resource(self) -> None:
        """A patient whose worker died: an error record naming its Patient file and line."""
        from mastcell.cohort.bulk import BulkPatient, _lost

        patient = BulkPatient(
            patient_id="p7",
            file=Path("export/Patient.000.ndjson"),
            line=12,
            lines=(b"{}",),
            where=(("Patient.000.ndjson", 12),),
        )
        failure = _lost(3, patient, "the worker process evaluating it was killed by SIGKILL")
        assert (failure.index, failure.patient_id, failure.kind) == (3, "p7", "worker")
        assert failure.errors == (
            "Patient.000.ndjson line 12: the worker process evaluating it was killed by SIGKILL",
        )

    def test_small_export_runs_without_a_pool(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With workers=None an export's patients are counted by its index: a small one runs
        in this process, with nothing read ahead."""
        from mastcell.cohort import pool
        from mastcell.cohort.bulk import evaluate_export

        def refuse(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("a pool was started for a small export")

        monkeypatch.setattr(pool, "_Pool", refuse)
        monkeypatch.setattr(pool, "workers_available", lambda: 8)
        monkeypatch.setattr(pool, "_sized", refuse)  # the index's count is used, not read-ahead
        out = list(evaluate_export(_export(tmp_path / "export", 3), at=AT))
        assert [r.patient_id for r in out] == ["p0", "p1", "p2"]


class TestClosedStreams:
    @pytest.mark.parametrize(
        ("redirect", "args", "message"),
        [
            ("<&-", ["-", "--out", "o.ndjson"], "-: standard input is closed"),
            (">&-", ["in.jsonl", "--out", "-"], "--out: standard output is closed"),
        ],
    )
    def test_a_closed_standard_stream_runs_nothing(
        self, tmp_path: Path, redirect: str, args: list[str], message: str
    ) -> None:
        """Reading a closed standard input or writing a closed standard output: exit 2, said."""
        _write(tmp_path / "in.jsonl", [_patient(1)])
        command = " ".join([sys.executable, "-m", "mastcell", "cohort", *args, "--at", AT])
        done = subprocess.run(
            ["bash", "-c", f"{command} {redirect}"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )
        assert done.returncode == EXIT_UNUSABLE, done.stderr
        assert message in done.stderr
        assert "Traceback" not in done.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


class TestFailingDisk:
    def test_a_write_that_fails_stops_with_the_partial_output(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The disk fills after two records: exit 3, the two records and the summary kept."""
        import errno

        from mastcell.cohort import command

        real = command._Ndjson.write
        calls = [0]

        def filling(self: Any, item: Any, where: tuple[str, int, int]) -> int:
            calls[0] += 1
            if calls[0] == 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            return real(self, item, where)

        monkeypatch.setattr(command._Ndjson, "write", filling)
        src = _write(tmp_path / "in.jsonl", [_patient(i) for i in range(5)])
        out = tmp_path / "out.ndjson"
        status = main(["cohort", str(src), "--at", AT, "--out", str(out), "--workers", "1"])
        assert status == EXIT_STOPPED
        assert not out.exists()
        records = _records(tmp_path / "out.partial.ndjson")
        summary = _summary(records)
        assert [r["patient_id"] for r in records[:-1]] == ["p0", "p1"]
        assert summary["reason"] == "OSError: [Errno 28] No space left on device"
        assert summary["stopped_at"] == {"input": str(src), "line": 3}
        assert summary["reports"] + summary["not_evaluated"] + summary["not_read"] == 5
        assert "the records written so far are in" in capsys.readouterr().err
