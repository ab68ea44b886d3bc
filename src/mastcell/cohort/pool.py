"""Worker processes that account for every input: a dead worker's chunk comes back as failures.

``concurrent.futures.ProcessPoolExecutor`` breaks as a whole when one worker dies (the
system's out-of-memory killer, a ``kill -9``): every pending chunk fails with
``BrokenProcessPool`` and nothing says which inputs the dead worker held. Here each worker
has its own pipe and holds one chunk at a time, so the parent knows exactly what a dead worker
was evaluating: those inputs come back as failures (``lost``), a fresh worker takes its place,
and the run goes on. When :data:`MAX_DEATHS` workers die in a row (no chunk finished between
the deaths: something kills every worker, not one input) it stops with
:class:`~mastcell.WorkerError`.

Workers start with ``forkserver`` (``spawn`` where there is none), so they inherit neither the
caller's threads nor its open files. They ignore SIGINT (a Ctrl-C reaches the whole process
group: the parent decides) and exit when their pipe closes, so no worker outlives its parent;
with no worker left, the forkserver exits too.

Small inputs do not start more workers than help: with ``workers=None`` the input is read
ahead by up to :data:`PER_WORKER` items per CPU (or counted by the caller: an export's index
knows its patients), and one worker is used per :data:`PER_WORKER` items (one means
evaluating in the calling process, with no pool):
starting a pool and sending the work costs more than it saves below that (measured in
``benchmarks/workers.py``, figures in the benchmarks page).

>>> [workers_for(n, most=2) for n in (1, PER_WORKER, PER_WORKER + 1, 10 * PER_WORKER)]
[1, 1, 2, 2]
"""

from __future__ import annotations

import contextlib
import math
import pickle
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from multiprocessing.connection import Connection, wait
from typing import Any

import attrs

from mastcell.cohort.interrupts import INTERRUPTS
from mastcell.exceptions import WorkerError

__all__ = [
    "GUARD_HINT",
    "MAX_DEATHS",
    "PER_WORKER",
    "in_order",
    "workers_available",
    "workers_for",
]

#: Items per worker below which another worker costs more than it saves (benchmarks page).
PER_WORKER = 1000
#: Worker deaths in a row (no chunk finished between them) that stop a run.
MAX_DEATHS = 3
#: What to do when workers cannot start because a script is being imported again.
GUARD_HINT = (
    "a script that evaluates a cohort with worker processes must run it under "
    '`if __name__ == "__main__":` (each worker process imports the script; see the cohort '
    "page of the docs), or pass workers=1"
)


def workers_available() -> int:
    """The CPUs this process may run on (the most workers a run starts by default).

    >>> workers_available() >= 1
    True
    """
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def workers_for(count: int, most: int) -> int:
    """The workers worth starting for ``count`` items: one per :data:`PER_WORKER`, at most ``most``.

    >>> workers_for(10, 8), workers_for(PER_WORKER + 1, 8), workers_for(10**6, 8)
    (1, 2, 8)
    """
    return max(1, min(most, math.ceil(count / PER_WORKER)))


def _sized(items: Iterable[Any], most: int) -> tuple[int, Iterable[Any]]:
    """How many workers to start, and the items (those read ahead put back in front)."""
    iterator = iter(items)
    ahead = list(islice(iterator, most * PER_WORKER))
    if len(ahead) < most * PER_WORKER:
        return workers_for(len(ahead), most), ahead
    return most, chain(ahead, iterator)


def _bootstrapping() -> bool:
    """Whether this process is a new worker still importing the caller's script.

    A script without the ``__main__`` guard runs again in every worker process while it
    starts (``multiprocessing`` marks that phase on the current process as ``_inheriting``),
    and would start workers of its own there.
    """
    import multiprocessing

    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def _serve(conn: Connection, work: Callable[..., list[Any]], args: tuple[Any, ...]) -> None:
    """A worker: evaluate each chunk the pipe brings, send the outputs back, until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        conn.send_bytes(pickle.dumps(("ready", None, None)))  # started: the script imported
    except OSError:
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if task is None:
            return
        seq, start, chunk = task
        try:
            answer = pickle.dumps((seq, "ok", work(start, chunk, *args)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # a bug in the work function, or an output that cannot travel
            answer = pickle.dumps((seq, "error", f"{type(exc).__name__}: {exc}"))
        try:
            conn.send_bytes(answer)
        except OSError:
            return


@attrs.define(eq=False)
class _Task:
    seq: int
    start: int
    items: list[Any]
    outputs: list[Any] | None = None


@attrs.define(eq=False)
class _Worker:
    process: Any
    conn: Connection
    task: _Task | None = None
    #: It said it started (a worker that dies before is a start that failed, not a death).
    ready: bool = False


def _how(process: Any) -> str:
    """How a worker process ended: its exit status, or the signal that killed it."""
    code = process.exitcode
    if code is None or code >= 0:
        return f"exited with status {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    hint = " (out of memory, or killed by hand)" if -code == signal.SIGKILL else ""
    return f"was killed by {name}{hint}"


class _Pool:
    """Workers, each on its own pipe holding at most one task."""

    def __init__(
        self,
        work: Callable[..., list[Any]],
        args: tuple[Any, ...],
        lost: Callable[[int, Any, str], Any],
        max_deaths: int,
    ) -> None:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        self.work = work
        self.args = args
        self.lost = lost
        self.max_deaths = max_deaths
        #: Deaths since the last chunk a worker finished (the run stops at ``max_deaths``).
        self.deaths = 0
        self.workers: list[_Worker] = []

    def start_worker(self) -> None:
        if _bootstrapping():
            # A worker importing a script without the guard: end it quietly (no traceback
            # per worker); the parent sees it die before it started and says why.
            raise SystemExit(1)
        parent, child = self.context.Pipe()
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(child, self.work, self.args), daemon=True
        )
        with INTERRUPTS.deferred():  # started and recorded, or neither
            try:
                process.start()
            except Exception as exc:
                parent.close()
                raise WorkerError(
                    f"worker processes could not start ({type(exc).__name__}: {exc}); "
                    f"if this runs as a script, {GUARD_HINT}"
                ) from None
            finally:
                child.close()
            self.workers.append(_Worker(process=process, conn=parent))

    def idle(self) -> _Worker | None:
        return next((w for w in self.workers if w.task is None), None)

    def assign(self, worker: _Worker, task: _Task) -> None:
        worker.task = task
        # If it died, its sentinel says so at the next wait, and the task is lost there.
        with contextlib.suppress(OSError):
            worker.conn.send((task.seq, task.start, task.items))

    def wait(self) -> None:
        """Block until a worker answers or dies; record the outputs; replace the dead."""
        busy = {w.conn: w for w in self.workers if w.task is not None or not w.ready}
        sentinels = {w.process.sentinel: w for w in self.workers}
        for ready in wait([*busy, *sentinels]):
            worker = busy[ready] if isinstance(ready, Connection) else sentinels[ready]
            if worker not in self.workers:
                continue  # buried already (its pipe and its sentinel were both ready)
            if isinstance(ready, Connection):
                if not self._receive(worker):
                    self._buried(worker)
                continue
            while worker.conn.poll() and self._receive(worker):
                pass  # what it sent before it died
            self._buried(worker)

    def _receive(self, worker: _Worker) -> bool:
        try:
            seq, status, outputs = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError):
            return False
        if seq == "ready":
            worker.ready = True
            return True
        task = worker.task
        if task is None or seq != task.seq:  # pragma: no cover - one task at a time
            return False
        if status == "ok":
            task.outputs = outputs
            self.deaths = 0
        else:
            task.outputs = [
                self.lost(task.start + i, item, f"the worker failed: {outputs}")
                for i, item in enumerate(task.items)
            ]
        worker.task = None
        return True

    def _buried(self, worker: _Worker) -> None:
        """A worker died: its task's inputs become failures; a fresh worker takes its place."""
        worker.process.join(timeout=1)
        if not worker.ready and (worker.process.exitcode or 0) > 0:
            # It exited before it started, not killed: its start failed (a script without
            # the guard, an import error); a fresh worker would fail the same way.
            self.workers.remove(worker)
            raise WorkerError(
                f"worker processes could not start (one {_how(worker.process)} while "
                f"starting); if this runs as a script, {GUARD_HINT}"
            )
        if worker.process.is_alive():  # its pipe broke but it lives on: end it
            worker.process.kill()
            worker.process.join()
        worker.conn.close()
        self.workers.remove(worker)
        self.deaths += 1
        task, worker.task = worker.task, None
        if task is not None:
            message = (
                f"the worker process evaluating it (pid {worker.process.pid}) "
                f"{_how(worker.process)}: not evaluated"
            )
            task.outputs = [
                self.lost(task.start + i, item, message) for i, item in enumerate(task.items)
            ]
        if self.deaths >= self.max_deaths:
            raise WorkerError(
                f"{self.deaths} worker processes died in a row (the last "
                f"{_how(worker.process)}): the run stopped",
                deaths=self.deaths,
            )
        self.start_worker()

    def close(self) -> None:
        """Stop every worker: idle ones are told to exit, busy ones are terminated."""
        for worker in self.workers:
            try:
                if worker.task is None:
                    worker.conn.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():  # pragma: no cover - ignored SIGTERM
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()


def in_order(
    items: Iterable[Any],
    one: Callable[..., Any],
    work: Callable[..., list[Any]],
    args: tuple[Any, ...],
    *,
    workers: int | None,
    chunk_size: int,
    start: int = 0,
    lost: Callable[[int, Any, str], Any],
    max_deaths: int = MAX_DEATHS,
    size: int | None = None,
) -> Iterator[Any]:
    """One output per item, in input order, in this process or in worker processes.

    With one worker, ``one(index, item, *args)`` runs here; with more, ``work(first_index,
    chunk, *args)`` (a picklable module-level function) runs in worker processes on chunks of
    ``chunk_size``, with at most two chunks per worker read ahead, so memory does not grow
    with the input. ``workers=None`` chooses by the input's size (:func:`workers_for`, at most
    :func:`workers_available`): ``size`` when the caller knows it, else by reading ahead.
    ``start`` is the index of the first item. An item whose worker died is
    ``lost(index, item, message)`` (a failure to put in its place).

    Raises:
        WorkerError: workers could not start, or ``max_deaths`` of them died in a row.

    >>> def square(index, item, power):
    ...     return index, item**power
    >>> def lost(index, item, message):
    ...     return index, message
    >>> list(in_order([3, 4], square, square, (2,), workers=1, chunk_size=8, start=10, lost=lost))
    [(10, 9), (11, 16)]
    """
    if workers is None and size is not None:
        workers = workers_for(size, workers_available())
    elif workers is None:
        workers, items = _sized(items, workers_available())
    if workers <= 1:
        for i, item in enumerate(items):
            yield one(start + i, item, *args)
        return
    pool = _Pool(work, args, lost, max_deaths)
    chunks = iter(_chunks(items, chunk_size))
    window: deque[_Task] = deque()  # read and not yet yielded, in input order
    exhausted = False
    try:
        for _ in range(workers):
            pool.start_worker()
        seq = 0
        while True:
            while not exhausted and len(window) < 2 * workers:
                idle = pool.idle()
                if idle is None:
                    break
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                task = _Task(seq=seq, start=start, items=chunk)
                seq += 1
                start += len(chunk)
                window.append(task)
                pool.assign(idle, task)
            while window and window[0].outputs is not None:
                yield from window.popleft().outputs or ()
            if window:
                pool.wait()  # the first chunk is with a worker: wait for it, or any other
            elif exhausted:
                return
    finally:
        pool.close()


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
