"""Evaluate a cohort: a stream of patients in, a stream of reports out, in input order.

:func:`~mastcell.evaluate_many` reads its input lazily, sends bounded chunks to worker processes (each
worker parses its own share: JSON text and dicts travel as such, never as built patients),
and yields one item per input, in input order: a :class:`~mastcell.report.Report`, or a
:class:`CohortFailure` for an input that could not be evaluated. A failure never stops the
stream; at most ``workers x 2`` chunks are in flight, so memory does not grow with the cohort.

>>> from mastcell import evaluate_many
>>> items = [{"id": "a", "diagnoses": ["mcas"]}, {"id": "b", "pain": {"score": 11}}]
>>> [type(r).__name__ for r in evaluate_many(items, at="2026-11-22T12:00:00Z", workers=1)]
['Report', 'CohortFailure']
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from mastcell.exceptions import InputError, MastcellError
from mastcell.knowledge.options import Options
from mastcell.model import Category, Patient

if TYPE_CHECKING:
    from mastcell.report import Report

__all__ = [
    "DEFAULT_CHUNK",
    "CohortFailure",
    "CohortInput",
    "evaluate_many",
    "in_order",
    "settings",
    "workers_available",
]

#: One input of a cohort: a Patient, interchange data (a dict) or interchange JSON text.
CohortInput: TypeAlias = Patient | Mapping[str, Any] | str | bytes

#: Patients sent to a worker at a time: large enough that the round trip is negligible,
#: small enough that ``2 x workers`` chunks in flight hold little memory.
DEFAULT_CHUNK = 64

#: What a worker sends back for each input (private: the CLI asks for text, not Reports).
Output: TypeAlias = Literal["report", "json", "compact", "compact-json"]


@attrs.frozen(kw_only=True)
class CohortFailure:
    """An input of a cohort that could not be evaluated, in the stream where its report would be.

    ``index`` is the input's 0-based position, ``patient_id`` its id when it could be read,
    ``kind`` ``"input"`` (an :class:`~mastcell.exceptions.InputError`: fix the data), ``"rule"``
    (another mastcell error) or ``"internal"`` (an unexpected exception: a bug to report), and
    ``errors`` the messages, each ``path: problem`` for input errors.

    >>> f = CohortFailure(index=3, patient_id=None, kind="input",
    ...                   errors=("pain.score: expected a whole number from 0 to 10, got 11",))
    >>> f.to_dict()["errors"]
    ['pain.score: expected a whole number from 0 to 10, got 11']
    >>> str(f)
    'input 3: pain.score: expected a whole number from 0 to 10, got 11'
    """

    index: int
    patient_id: str | None
    kind: Literal["input", "rule", "internal"]
    errors: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The failure as plain JSON types."""
        return {
            "index": self.index,
            "patient_id": self.patient_id,
            "kind": self.kind,
            "errors": list(self.errors),
        }

    def __str__(self) -> str:
        return f"input {self.index}: " + "; ".join(self.errors)


def workers_available() -> int:
    """The CPUs this process may run on (the default number of workers).

    >>> workers_available() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _id_of(item: Any) -> str | None:
    if isinstance(item, Patient):
        return item.id
    if isinstance(item, Mapping):
        found = item.get("id")
        return found if isinstance(found, str) else None
    return None


def _one(
    index: int,
    item: Any,
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    output: Output,
) -> Any:
    """Evaluate one input into the requested output, or a failure.

    The compact outputs are written from the decisions, without writing any text first.
    """
    from mastcell.engine import decide
    from mastcell.interchange import patient_from_dict, to_json
    from mastcell.limits import loads

    patient_id = _id_of(item)
    try:
        if isinstance(item, Patient):
            patient = item
        else:
            data = loads(item) if isinstance(item, str | bytes) else item
            patient_id = _id_of(data)
            patient = patient_from_dict(data)
        patient_id = patient.id
        outcome = decide(patient, at=at, categories=categories, options=options)
        report = outcome.report() if output in ("report", "json") else None
    except InputError as exc:
        return CohortFailure(index=index, patient_id=patient_id, kind="input", errors=exc.errors)
    except MastcellError as exc:
        return CohortFailure(index=index, patient_id=patient_id, kind="rule", errors=(str(exc),))
    except Exception as exc:  # a bug: surfaced as an item, the stream goes on
        return CohortFailure(
            index=index,
            patient_id=patient_id,
            kind="internal",
            errors=(f"{type(exc).__name__}: {exc}",),
        )
    if report is not None:
        return report if output == "report" else (len(report), to_json(report, indent=None))
    from mastcell.cohort.compact import compact_json, compact_report

    if output == "compact":
        return compact_report(outcome)
    return len(outcome.decisions), compact_json(outcome)


def _work(
    start: int,
    chunk: list[Any],
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    output: Output,
) -> list[Any]:
    """A worker's share: evaluate a chunk (runs in the worker process)."""
    return [_one(start + i, item, at, categories, options, output) for i, item in enumerate(chunk)]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pool(workers: int) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # forkserver: workers do not inherit the caller's threads (Dask, Jupyter) or open files.
    methods = multiprocessing.get_all_start_methods()
    method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))


def stream(
    items: Iterable[Any],
    *,
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    workers: int,
    output: Output,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[Any]:
    """The engine of :func:`~mastcell.evaluate_many`: one output or failure per input, in input order.

    ``output`` chooses what a worker sends back for an evaluated input: the Report
    (``"report"``), ``(number of recommendations, report JSON text)`` (``"json"``), the compact
    dict (``"compact"``) or ``(number, compact JSON text)`` (``"compact-json"``), so that
    output is written in the workers and never travels as objects.

    >>> from datetime import datetime, timezone
    >>> from mastcell.model import Category
    >>> out = stream(['{"id": "a"}'], at=datetime(2026, 11, 22, tzinfo=timezone.utc),
    ...              categories=frozenset(Category), options=Options(), workers=1, output="json")
    >>> count, text = next(out)
    >>> text[:16]
    '{"patient_id": "'
    """
    yield from in_order(
        items,
        _one,
        _work,
        (at, categories, options, output),
        workers=workers,
        chunk_size=chunk_size,
    )


def in_order(
    items: Iterable[Any],
    one: Callable[..., Any],
    work: Callable[..., list[Any]],
    args: tuple[Any, ...],
    *,
    workers: int,
    chunk_size: int,
    start: int = 0,
) -> Iterator[Any]:
    """One output per item, in input order, in this process or in ``workers`` processes.

    With one worker, ``one(index, item, *args)`` runs here; with more, ``work(first_index,
    chunk, *args)`` (a picklable module-level function) runs in a process pool on chunks of
    ``chunk_size``, with at most two chunks per worker in flight, so memory does not grow
    with the input. ``start`` is the index of the first item.

    >>> def square(index, item, power):
    ...     return index, item**power
    >>> list(in_order([3, 4], square, square, (2,), workers=1, chunk_size=8, start=10))
    [(10, 9), (11, 16)]
    """
    if workers <= 1:
        for i, item in enumerate(items):
            yield one(start + i, item, *args)
        return
    pending: deque[Future[list[Any]]] = deque()
    with _pool(workers) as pool:
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.submit(work, start, chunk, *args))
            start += len(chunk)
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def settings(
    at: datetime | str,
    categories: Iterable[Category | str] | None,
    options: Options | None,
    workers: int | None,
    chunk_size: int,
) -> tuple[datetime, frozenset[Category], Options, int]:
    """A cohort run's arguments checked before any work: ``(at, categories, options, workers)``.

    >>> settings("2026-11-22T12:00:00Z", None, None, 0, 64)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: workers: expected at least 1, got 0
    """
    from mastcell.engine import _categories, parse_time

    when = parse_time(at)
    chosen = _categories(categories)
    count = workers_available() if workers is None else workers
    if count < 1:
        raise InputError.for_field("workers", f"expected at least 1, got {count}")
    if chunk_size < 1:
        raise InputError.for_field("chunk_size", f"expected at least 1, got {chunk_size}")
    return when, chosen, options if options is not None else Options(), count


def evaluate_many(
    patients: Iterable[CohortInput],
    *,
    at: datetime | str,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
    workers: int | None = None,
    progress: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[Report | CohortFailure]:
    """Evaluate every patient at ``at``; yield a report (or a failure) per input, in order.

    Args:
        patients: Patients, interchange dicts or interchange JSON text (a JSON line), read
            lazily: a generator over a file of millions of lines is fine.
        at: the moment of evaluation for the whole cohort (required: a cohort evaluated at
            "now" would not be reproducible).
        categories: evaluate only these areas (default: all).
        options: clinician-overridable settings, the same for every patient.
        workers: worker processes; ``None`` uses every CPU this process may run on, ``1``
            evaluates in this process (no pool, no pickling).
        progress: show a tqdm progress bar (needs the ``cohort`` extra).
        chunk_size: inputs sent to a worker at a time.

    Yields:
        A :class:`~mastcell.report.Report` per evaluated input, or a :class:`CohortFailure`
        for an input that could not be read or evaluated; the stream goes on after a failure.

    Raises:
        InputError: ``at`` or a category is invalid (nothing is evaluated).

    >>> reports = evaluate_many([{"id": "p1", "diagnoses": ["ism"]}],
    ...                         at="2026-11-22T12:00:00Z", categories=["emergency"], workers=1)
    >>> next(reports).codes[0]
    'emergency.epinephrine.prescribe'
    """
    when, chosen, opts, count = settings(at, categories, options, workers, chunk_size)
    out = stream(
        patients,
        at=when,
        categories=chosen,
        options=opts,
        workers=count,
        output="report",
        chunk_size=chunk_size,
    )
    if progress:
        out = progress_bar(out, total=_length(patients))
    return out


def _length(items: Iterable[Any]) -> int | None:
    try:
        return len(items)  # type: ignore[arg-type]
    except TypeError:
        return None


def progress_bar(items: Iterator[Any], *, total: int | None = None) -> Iterator[Any]:
    """Wrap ``items`` in a tqdm progress bar (the ``cohort`` extra) counting patients.

    >>> list(progress_bar(iter([1, 2]), total=2))
    [1, 2]
    """
    try:
        from tqdm import tqdm
    except ImportError:
        raise MastcellError(
            "a cohort progress bar needs tqdm: install it with `pip install 'mastcell[cohort]'`"
        ) from None
    return iter(tqdm(items, total=total, unit=" patients", smoothing=0.1))
