"""``mastcell cohort``: evaluate JSON lines of patients into NDJSON or Parquet, streaming.

``mastcell cohort INPUT... --at ISO-8601 --out OUT [--workers N] [--progress] [--compact]``

- ``INPUT``: files of JSON lines, one interchange patient per line (``-`` reads standard
  input); blank lines are skipped. Or a folder holding a FHIR Bulk Data export (``*.ndjson``,
  one resource type per file): its resources are grouped by patient and read with
  :func:`mastcell.fhir.read` (see :mod:`mastcell.cohort.bulk`); one record per Patient
  resource, in their order, after the error records of lines that belong to no patient.
- ``OUT``: ``.ndjson`` (or ``.jsonl``; ``-`` for standard output): one line per input, in
  input order: the report (full interchange JSON, or the compact form with ``--compact``), or
  an error record ``{"input": FILE, "line": N, "patient_id": ..., "kind": ..., "errors": [...]}``.
  ``.parquet`` (the ``cohort`` extra): one tidy row per recommendation (numbers for doses,
  lists of finding paths and source ids), one row with no code for a patient without
  recommendations, and one row with ``errors`` for an input that failed; ``input`` and
  ``line`` on every row.
- A malformed line never stops the run. The summary goes to standard error: patients,
  recommendations, errors, rate.

Exit status: 0 when every line was evaluated; 1 when the run completed but some lines failed
(their error records are in OUT); 2 when nothing could be run (bad arguments, an unreadable
input, a missing extra).

>>> import json, os, pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with open(d / "in.jsonl", "w") as f:
...     print('{"id": "a", "diagnoses": ["mcas"]}', '{"id": ', sep=os.linesep, file=f)
>>> from mastcell.cli import main
>>> main(["cohort", str(d / "in.jsonl"), "--at", "2026-11-22T12:00:00Z",
...       "--out", str(d / "out.ndjson"), "--workers", "1"])
1
>>> [json.loads(line).get("line") for line in (d / "out.ndjson").read_text().splitlines()]
[None, 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import attrs

from mastcell.cohort.bulk import BulkIndex, check_export, stream_export
from mastcell.cohort.stream import DEFAULT_CHUNK, CohortFailure, Output, progress_bar, stream
from mastcell.exceptions import InputError, MastcellError
from mastcell.knowledge.options import Options, load_options, options_to_dict
from mastcell.model import Category

__all__ = ["EXIT_OK", "EXIT_SOME_FAILED", "EXIT_UNUSABLE", "CohortSummary", "add_parser", "run"]

EXIT_OK = 0
#: The run completed, but some input lines failed (their error records are in the output).
EXIT_SOME_FAILED = 1
#: Nothing was run: bad arguments, an unreadable input or a missing extra.
EXIT_UNUSABLE = 2

#: Rows written to a Parquet file at a time.
_PARQUET_BATCH = 8192


def add_parser(commands: Any) -> None:
    """Add the ``cohort`` subcommand to the command line's subparsers.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_parser(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["cohort", "a.jsonl", "--at", "2026-11-22T12:00:00Z",
    ...                    "--out", "o.ndjson"]).workers is None
    True
    """
    cohort = commands.add_parser(
        "cohort",
        help="evaluate JSON lines of patients (or a FHIR Bulk Data export) into NDJSON or Parquet",
        description="Evaluate every patient of JSON lines files, or of FHIR Bulk Data export "
        "folders, at one moment, streaming. "
        "Exit status 0: every line evaluated; 1: some lines failed (see their error "
        "records); 2: nothing run.",
    )
    cohort.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="JSON lines file, - for standard input, or a FHIR Bulk Data export folder",
    )
    cohort.add_argument(
        "--at", required=True, help="moment of evaluation, ISO 8601 with a timezone"
    )
    cohort.add_argument(
        "--out", required=True, help="output: .ndjson/.jsonl (or - for stdout) or .parquet"
    )
    cohort.add_argument(
        "--workers", type=int, default=None, help="worker processes (default: every CPU)"
    )
    cohort.add_argument(
        "--progress", action="store_true", help="progress bar on a terminal (cohort extra)"
    )
    cohort.add_argument(
        "--compact", action="store_true", help="compact reports: codes, doses, paths, sources"
    )
    cohort.add_argument(
        "--category",
        action="append",
        dest="categories",
        metavar="CATEGORY",
        help="evaluate only this category (repeatable)",
    )
    cohort.add_argument(
        "--options",
        metavar="FILE",
        help="site options, a .json or .toml file (see the options page); default: mastcell's",
    )
    cohort.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK, help=argparse.SUPPRESS)


@attrs.define
class CohortSummary:
    """The counts of a cohort run, printed on standard error at the end.

    The options line states the site options of the run (what differs from mastcell's
    defaults), as every report in the output does.

    >>> print(CohortSummary(patients=10, recommendations=42, errors=1, seconds=2.0))
    mastcell cohort: 10 patients, 42 recommendations, 1 errors in 2.0 s (5.0 patients/s)
    mastcell cohort: options: mastcell's defaults
    """

    patients: int = 0
    recommendations: int = 0
    errors: int = 0
    seconds: float = 0.0
    options: Options = attrs.field(factory=Options)

    def __str__(self) -> str:
        rate = self.patients / self.seconds if self.seconds > 0 else 0.0
        changed = options_to_dict(self.options)
        stated = json.dumps(changed, sort_keys=True) if changed else "mastcell's defaults"
        return (
            f"mastcell cohort: {self.patients} patients, {self.recommendations} "
            f"recommendations, {self.errors} errors in {self.seconds:.1f} s "
            f"({rate:.1f} patients/s)\nmastcell cohort: options: {stated}"
        )


def _lines(inputs: list[str], positions: deque[tuple[str, int]]) -> Iterator[str]:
    """Every non-blank line of the inputs, recording (file, line number) for each."""
    for name in inputs:
        handle: IO[str]
        handle = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
        try:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    positions.append((name, number))
                    yield line
        finally:
            if handle is not sys.stdin:
                handle.close()


def _check_inputs(inputs: list[str]) -> None:
    problems: list[str] = []
    for name in inputs:
        if name == "-":
            continue
        path = Path(name)
        if path.is_dir():
            try:
                check_export(path)
            except InputError as exc:
                problems.extend(exc.errors)
        elif not path.is_file():
            problems.append(f"{name}: no such file")
    if problems:
        raise InputError(problems)


def _items(
    inputs: list[str],
    positions: deque[tuple[str, int]],
    indexes: list[BulkIndex],
    *,
    at: datetime,
    categories: frozenset[Category],
    workers: int,
    output: Output,
    chunk_size: int,
    options: Options,
) -> Iterator[Any]:
    """The outputs of every input, in order.

    Runs of JSON lines files share one stream; each Bulk Data folder has its own (its index
    is appended to ``indexes`` for the notices).
    """
    files: list[str] = []
    for name in [*inputs, None]:
        if name is not None and (name == "-" or not Path(name).is_dir()):
            files.append(name)
            continue
        if files:
            yield from stream(
                _lines(files, positions),
                at=at,
                categories=categories,
                options=options,
                workers=workers,
                output=output,
                chunk_size=chunk_size,
            )
            files = []
        if name is not None:
            index = BulkIndex(name)
            indexes.append(index)
            yield from stream_export(
                name,
                at=at,
                categories=categories,
                options=options,
                workers=workers,
                output=output,
                chunk_size=chunk_size,
                positions=positions,
                index=index,
            )


def _failure_record(failure: CohortFailure, where: tuple[str, int]) -> dict[str, Any]:
    return {
        "input": where[0],
        "line": where[1],
        "patient_id": failure.patient_id,
        "kind": failure.kind,
        "errors": list(failure.errors),
    }


_PARQUET_COLUMNS = (
    ("input", "string"),
    ("line", "int64"),
    ("patient_id", "string"),
    ("evaluated_at", "string"),
    ("code", "string"),
    ("indicator", "string"),
    ("drug", "string"),
    ("dose_value", "float64"),
    ("dose_low", "float64"),
    ("dose_high", "float64"),
    ("dose_unit", "string"),
    ("frequency", "string"),
    ("route", "string"),
    ("findings", "list<string>"),
    ("sources", "list<string>"),
    ("errors", "list<string>"),
)


def _parquet_schema(pa: Any, options: Options | None = None) -> Any:
    """The columns, and the run's options (``mastcell.options``) as the file's metadata."""
    types = {
        "string": pa.string(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "list<string>": pa.list_(pa.string()),
    }
    stated = json.dumps(options_to_dict(options or Options()), sort_keys=True)
    return pa.schema(
        [(name, types[kind]) for name, kind in _PARQUET_COLUMNS],
        metadata={"mastcell.options": stated},
    )


def _parquet_rows(item: Any, where: tuple[str, int]) -> Iterator[dict[str, Any]]:
    if isinstance(item, CohortFailure):
        yield {
            "input": where[0],
            "line": where[1],
            "patient_id": item.patient_id,
            "errors": list(item.errors),
        }
        return
    base = {
        "input": where[0],
        "line": where[1],
        "patient_id": item["patient_id"],
        "evaluated_at": item["evaluated_at"],
    }
    if not item["recommendations"]:
        yield base
    for rec in item["recommendations"]:
        med = rec.get("medication", {})
        yield {
            **base,
            "code": rec["code"],
            "indicator": rec["indicator"],
            "drug": med.get("drug"),
            "dose_value": med.get("value"),
            "dose_low": med.get("low"),
            "dose_high": med.get("high"),
            "dose_unit": med.get("unit"),
            "frequency": med.get("frequency"),
            "route": med.get("route"),
            "findings": rec["findings"],
            "sources": rec["sources"],
        }


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MastcellError(
            "Parquet output needs pyarrow: install it with `pip install 'mastcell[cohort]'`"
        ) from None
    return pyarrow, pyarrow.parquet


def _write_parquet(
    items: Iterator[Any], positions: deque[tuple[str, int]], out: str, summary: CohortSummary
) -> None:
    pa, pq = _pyarrow()
    schema = _parquet_schema(pa, summary.options)
    columns: dict[str, list[Any]] = {name: [] for name, _ in _PARQUET_COLUMNS}
    with pq.ParquetWriter(out, schema) as writer:

        def flush() -> None:
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            for values in columns.values():
                values.clear()

        for item in items:
            where = positions.popleft()
            summary.patients += 1
            if isinstance(item, CohortFailure):
                summary.errors += 1
            else:
                summary.recommendations += len(item["recommendations"])
            for row in _parquet_rows(item, where):
                for name, values in columns.items():
                    values.append(row.get(name))
            if len(columns["input"]) >= _PARQUET_BATCH:
                flush()
        if columns["input"] or summary.patients == 0:
            flush()


def _write_ndjson(
    items: Iterator[Any], positions: deque[tuple[str, int]], handle: IO[str], summary: CohortSummary
) -> None:
    for item in items:
        where = positions.popleft()
        summary.patients += 1
        if isinstance(item, CohortFailure):
            summary.errors += 1
            handle.write(json.dumps(_failure_record(item, where), ensure_ascii=False) + "\n")
        else:
            count, text = item
            summary.recommendations += count
            handle.write(text + "\n")


def run(args: argparse.Namespace) -> int:
    """Run ``mastcell cohort`` with parsed arguments; returns the exit status.

    >>> import argparse
    >>> run(argparse.Namespace(inputs=["no-such.jsonl"], at="2026-11-22T12:00:00Z",
    ...     out="o.ndjson", workers=1, progress=False, compact=False, categories=None,
    ...     chunk_size=64, options=None))
    2
    """
    from mastcell.cohort.stream import workers_available
    from mastcell.engine import _categories, parse_time

    started = time.perf_counter()
    suffix = Path(args.out).suffix.lower()
    try:
        when = parse_time(args.at)
        chosen = _categories(args.categories)
        _check_inputs(args.inputs)
        if args.out != "-" and suffix not in (".ndjson", ".jsonl", ".parquet"):
            raise InputError.for_field(
                "--out", f"expected a .ndjson, .jsonl or .parquet file (or -), got {args.out!r}"
            )
        options = Options() if args.options is None else load_options(args.options)
        workers = workers_available() if args.workers is None else args.workers
        if workers < 1:
            raise InputError.for_field("--workers", f"expected at least 1, got {workers}")
        if suffix == ".parquet":
            _pyarrow()
        show_progress = args.progress and sys.stderr.isatty()
        if show_progress:
            progress_bar(iter(()))  # fail now, before any work, when tqdm is missing
    except MastcellError as exc:
        print(f"mastcell cohort: nothing run: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    positions: deque[tuple[str, int]] = deque()
    parquet = args.out != "-" and suffix == ".parquet"
    output: Output = (
        ("compact" if parquet else "compact-json") if args.compact or parquet else "json"
    )
    indexes: list[BulkIndex] = []
    items: Iterator[Any] = _items(
        args.inputs,
        positions,
        indexes,
        at=when,
        categories=chosen,
        workers=workers,
        output=output,
        chunk_size=args.chunk_size,
        options=options,
    )
    if show_progress:
        items = progress_bar(items)
    summary = CohortSummary(options=options)
    try:
        if parquet:
            _write_parquet(items, positions, args.out, summary)
        elif args.out == "-":
            _write_ndjson(items, positions, sys.stdout, summary)
        else:
            with open(args.out, "w", encoding="utf-8") as handle:
                _write_ndjson(items, positions, handle, summary)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"mastcell cohort: stopped after {summary.patients} patients: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    summary.seconds = time.perf_counter() - started
    for index in indexes:
        notice = index.notice()
        if notice is not None:
            print(f"mastcell cohort: {notice}", file=sys.stderr)
    print(summary, file=sys.stderr)
    return EXIT_SOME_FAILED if summary.errors else EXIT_OK
