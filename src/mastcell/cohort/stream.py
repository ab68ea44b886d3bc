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

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from mastcell.cohort.pool import in_order
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
    "lost",
    "settings",
    "stream",
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
    (another mastcell error), ``"internal"`` (an unexpected exception: a bug to report) or
    ``"worker"`` (the worker process evaluating it died, e.g. killed for memory: not evaluated,
    worth running again), and ``errors`` the messages, each ``path: problem`` for input errors.

    >>> f = CohortFailure(index=3, patient_id=None, kind="input",
    ...                   errors=("pain.score: expected a whole number from 0 to 10, got 11",))
    >>> f.to_dict()["errors"]
    ['pain.score: expected a whole number from 0 to 10, got 11']
    >>> str(f)
    'input 3: pain.score: expected a whole number from 0 to 10, got 11'
    """

    index: int
    patient_id: str | None
    kind: Literal["input", "rule", "internal", "worker"]
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


def lost(index: int, item: Any, message: str) -> CohortFailure:
    """The failure of an input whose worker process died (kind ``"worker"``).

    >>> lost(7, {"id": "p7"}, "the worker process evaluating it was killed").patient_id
    'p7'
    """
    return CohortFailure(index=index, patient_id=_id_of(item), kind="worker", errors=(message,))


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


def stream(
    items: Iterable[Any],
    *,
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    workers: int | None,
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
        lost=lost,
    )


def settings(
    at: datetime | str,
    categories: Iterable[Category | str] | None,
    options: Options | None,
    workers: int | None,
    chunk_size: int,
) -> tuple[datetime, frozenset[Category], Options, int | None]:
    """A cohort run's arguments checked before any work: ``(at, categories, options, workers)``.

    ``workers=None`` stays None: the run chooses by the input's size.

    >>> settings("2026-11-22T12:00:00Z", None, None, 0, 64)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: workers: expected at least 1, got 0
    """
    from mastcell.engine import parse_categories, parse_time

    when = parse_time(at)
    chosen = parse_categories(categories)
    if workers is not None and workers < 1:
        raise InputError.for_field("workers", f"expected at least 1, got {workers}")
    if chunk_size < 1:
        raise InputError.for_field("chunk_size", f"expected at least 1, got {chunk_size}")
    return when, chosen, options if options is not None else Options(), workers


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

    With more than one worker, a script must call this under ``if __name__ == "__main__":``
    (worker processes import the script; without the guard a
    :class:`~mastcell.WorkerError` says so).

    Args:
        patients: Patients, interchange dicts or interchange JSON text (a JSON line), read
            lazily: a generator over a file of millions of lines is fine.
        at: the moment of evaluation for the whole cohort (required: a cohort evaluated at
            "now" would not be reproducible).
        categories: evaluate only these areas (default: all).
        options: clinician-overridable settings, the same for every patient.
        workers: worker processes. ``None`` chooses by the input's size: one worker per
            :data:`~mastcell.cohort.pool.PER_WORKER` patients, at most every CPU this process
            may run on (the input is read ahead that far to count it); one evaluates in this
            process (no pool, no pickling); ``N`` starts exactly ``N``.
        progress: show a tqdm progress bar (needs the ``cohort`` extra): in bytes with an ETA
            for an open file, in patients with an ETA for a list, in patients without a total
            for a generator.
        chunk_size: inputs sent to a worker at a time.

    Yields:
        A :class:`~mastcell.report.Report` per evaluated input, or a :class:`CohortFailure`
        for an input that could not be read or evaluated (or whose worker process died); the
        stream goes on after a failure.

    Raises:
        InputError: ``at`` or a category is invalid (nothing is evaluated).
        WorkerError: worker processes could not start, or died
            :data:`~mastcell.cohort.pool.MAX_DEATHS` times (raised while iterating).

    >>> reports = evaluate_many([{"id": "p1", "diagnoses": ["ism"]}],
    ...                         at="2026-11-22T12:00:00Z", categories=["emergency"], workers=1)
    >>> next(reports).codes[0]
    'emergency.epinephrine.prescribe'
    """
    from mastcell.cohort.progress import Follow

    when, chosen, opts, count = settings(at, categories, options, workers, chunk_size)
    follow = Follow(patients) if progress else None
    out = stream(
        patients if follow is None else follow.inputs(),
        at=when,
        categories=chosen,
        options=opts,
        workers=count,
        output="report",
        chunk_size=chunk_size,
    )
    return out if follow is None else follow.outputs(out)
