"""The worker pool (issue 17 items 2-3): a dead worker's inputs come back as failures, in order.

The work functions below run in real worker processes (forkserver); one of them kills its own
process with SIGKILL when it meets the item ``"die"``, as the system's out-of-memory killer
would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from mastcell import CohortFailure, WorkerError, evaluate_many
from mastcell.cohort import pool
from mastcell.cohort.pool import PER_WORKER, in_order, workers_for
from mastcell.cohort.stream import lost

ROOT = Path(__file__).resolve().parents[1]


def _one(index: int, item: str) -> tuple[int, str]:
    return index, item


def _work(start: int, chunk: list[str]) -> list[tuple[int, str]]:
    """Echo each item with its index; SIGKILL this worker at the item "die"."""
    out = []
    for i, item in enumerate(chunk):
        if item == "die":
            os.kill(os.getpid(), signal.SIGKILL)
        out.append((start + i, item))
    return out


def _lost(index: int, item: str, message: str) -> tuple[str, int, str, str]:
    return "lost", index, item, message


class TestDeadWorkers:
    def test_a_dead_workers_chunk_becomes_failures_and_the_run_goes_on(self) -> None:
        """The chunk the killed worker held comes back as failures, in place; the rest runs."""
        items = ["a"] * 9 + ["die"] + ["b"] * 10
        out = list(in_order(items, _one, _work, (), workers=2, chunk_size=4, lost=_lost))
        assert len(out) == len(items)
        dead = [o for o in out if o[0] == "lost"]
        assert [o[1] for o in dead] == [8, 9, 10, 11]  # the chunk of index 9
        assert all("was killed by SIGKILL" in o[3] for o in dead)
        assert [o for o in out if o[0] != "lost"] == [
            (i, item) for i, item in enumerate(items) if not 8 <= i <= 11
        ]

    def test_deaths_in_a_row_stop_the_run(self) -> None:
        """Workers dying with no chunk finished between: WorkerError after three deaths."""
        items = ["die"] * 40
        seen: list[Any] = []
        outputs = in_order(items, _one, _work, (), workers=2, chunk_size=2, lost=_lost)
        with pytest.raises(WorkerError, match=r"^3 worker processes died in a row") as info:
            seen.extend(outputs)
        assert info.value.deaths == 3
        assert all(o[0] == "lost" for o in seen)
        assert [o[1] for o in seen] == list(range(len(seen)))  # in order, none skipped

    def test_a_lost_input_is_a_cohort_failure_of_kind_worker(self) -> None:
        """evaluate_many's lost inputs are CohortFailures of kind "worker", with the id if known."""
        failure = lost(9, {"id": "p9"}, "the worker process evaluating it was killed")
        assert isinstance(failure, CohortFailure)
        assert (failure.index, failure.kind, failure.patient_id) == (9, "worker", "p9")
        assert lost(3, '{"id": "p3"}', "killed").patient_id is None  # text is not parsed here


class TestWorkersBySize:
    @pytest.mark.parametrize(
        ("count", "most", "expected"),
        [
            (0, 8, 1),
            (1, 8, 1),
            (PER_WORKER, 8, 1),
            (PER_WORKER + 1, 8, 2),
            (3 * PER_WORKER, 8, 3),
            (100 * PER_WORKER, 8, 8),
            (100 * PER_WORKER, 1, 1),
        ],
    )
    def test_one_worker_per_share(self, count: int, most: int, expected: int) -> None:
        """One worker per PER_WORKER items, at least one, at most the CPUs available."""
        assert workers_for(count, most) == expected

    def test_a_small_input_starts_no_process(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With workers=None, a cohort of a few patients is evaluated here, with no pool."""

        def refuse(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("a pool was started for a small input")

        monkeypatch.setattr(pool, "_Pool", refuse)
        monkeypatch.setattr(pool, "workers_available", lambda: 8)
        out = list(evaluate_many([{"id": "a"}, {"id": "b"}], at="2026-11-22T12:00:00Z"))
        assert [r.patient_id for r in out] == ["a", "b"]

    def test_a_large_input_starts_workers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past PER_WORKER items per worker, the pool starts, and the order is kept."""
        started: list[int] = []
        real = pool._Pool.start_worker

        def counting(self: Any) -> None:
            started.append(1)
            real(self)

        monkeypatch.setattr(pool._Pool, "start_worker", counting)
        monkeypatch.setattr(pool, "workers_available", lambda: 2)
        items = [str(i) for i in range(2 * PER_WORKER + 1)]
        out = list(in_order(items, _one, _work, (), workers=None, chunk_size=64, lost=_lost))
        assert out == list(enumerate(items))
        assert len(started) == 2


SCRIPT = """
import mastcell

lines = ['{"id": "p%d", "diagnoses": ["mcas"]}' % i for i in range(20)]
{call}
"""


def _run_script(tmp_path: Path, call: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "script.py"
    path.write_text(SCRIPT.replace("{call}", textwrap.dedent(call)), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


class TestScripts:
    def test_without_the_guard_a_clear_mastcell_error(self, tmp_path: Path) -> None:
        """Workers in a script without the __main__ guard: WorkerError naming the guard."""
        done = _run_script(
            tmp_path,
            'print(len(list(mastcell.evaluate_many(lines, at="2026-11-22T12:00:00Z", workers=2))))',
        )
        assert done.returncode == 1
        assert "mastcell.exceptions.WorkerError: worker processes could not start" in done.stderr
        assert 'if __name__ == "__main__":' in done.stderr
        assert "BrokenProcessPool" not in done.stderr
        assert done.stderr.count("Traceback") == 1  # the script's own, none from the workers
        assert done.stdout == ""

    def test_with_the_guard_it_runs(self, tmp_path: Path) -> None:
        """The same script under the guard evaluates every patient in the workers."""
        done = _run_script(
            tmp_path,
            """
            if __name__ == "__main__":
                out = list(mastcell.evaluate_many(lines, at="2026-11-22T12:00:00Z", workers=2))
                print(len(out), sum(isinstance(r, mastcell.Report) for r in out))
            """,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["20", "20"]
