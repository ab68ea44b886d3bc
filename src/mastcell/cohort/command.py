"""``mastcell cohort``: evaluate JSON lines of patients into NDJSON or Parquet, streaming.

``mastcell cohort INPUT... --at ISO-8601 --out OUT [--workers N] [--progress] [--compact]
[--overwrite] [--options FILE]``

- ``INPUT``: files of JSON lines, one interchange patient per line (``-`` reads standard
  input); blank lines are skipped. Or a folder holding a FHIR Bulk Data export (``*.ndjson``,
  one resource type per file): its resources are grouped by patient and read with
  :func:`mastcell.fhir.read` (see :mod:`mastcell.cohort.bulk`); one record per Patient
  resource, in their order, after the error records of lines that belong to no patient.
- ``OUT``: ``.ndjson`` (or ``.jsonl``; ``-`` for standard output): one line per input, in
  input order: the report (full interchange JSON, or the compact form with ``--compact``), or
  an error record ``{"input": FILE, "line": N, "patient_id": ..., "kind": ..., "errors": [...]}``.
  ``.parquet`` (the ``cohort`` extra): the cohort table layout (:mod:`mastcell.cohort.tables`)
  with ``input`` and ``line`` on every row: one row per recommendation, one row with no code
  for a patient without recommendations, one row with ``errors`` for an input that failed.
- A line that cannot be read (not JSON, not UTF-8, over a limit) is an error record with its
  line number; the run goes on. So does a worker process that dies: its inputs become error
  records (kind ``worker``) and a fresh worker takes its place.
- The output is written to a hidden temporary file beside ``OUT`` and renamed to ``OUT`` only
  when the run is complete. A run that stops early (a signal, worker processes dying
  repeatedly, a failing disk) leaves ``NAME.partial.SUFFIX`` ending with a summary record
  (:mod:`mastcell.cohort.summary`); an existing output is never replaced by a partial one.
- ``OUT`` may not be an input (by any name: links, ``/dev/stdin``), nor lie in an input
  export folder; an existing ``OUT`` is replaced only with ``--overwrite``. These are checked
  before anything is opened for writing.
- ``--options FILE``: site options (JSON or TOML), read before any work; every report states
  them, so do the summary and a Parquet file's metadata (``mastcell.options``).
- The summary goes to standard error: patients, recommendations, errors, rate; for a run that
  stopped, where and why; then the options.

Exit status:

- 0: complete, every line evaluated;
- 1: complete, some lines failed (their error records are in OUT);
- 2: nothing run: bad arguments, an unreadable input, a missing extra, an output refused;
- 3: stopped early: worker processes died repeatedly or could not start, or reading an input
  or writing the output failed (the partial output ends with its summary record);
- 130 and 143: stopped by SIGINT or SIGTERM (the same partial output and summary);
- 141: standard output was closed by its reader (``| head``): stopped quietly.

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
import os
import stat
import sys
import time
from collections import deque
from collections.abc import Generator, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from mastcell.cohort.bulk import BulkIndex, check_export, export_files, stream_export
from mastcell.cohort.interrupts import INTERRUPTS, Stopped
from mastcell.cohort.output import Target, check_output
from mastcell.cohort.pool import MAX_DEATHS
from mastcell.cohort.progress import Progress, require_tqdm
from mastcell.cohort.stream import DEFAULT_CHUNK, CohortFailure, Output, stream
from mastcell.cohort.summary import CohortSummary, Position
from mastcell.exceptions import InputError, MastcellError, WorkerError
from mastcell.knowledge.options import Options, load_options, options_to_dict
from mastcell.model import Category

__all__ = [
    "EXIT_OK",
    "EXIT_OUTPUT_CLOSED",
    "EXIT_SIGINT",
    "EXIT_SIGTERM",
    "EXIT_SOME_FAILED",
    "EXIT_STOPPED",
    "EXIT_UNUSABLE",
    "CohortSummary",
    "add_parser",
    "run",
]

EXIT_OK = 0
#: The run completed, but some input lines failed (their error records are in the output).
EXIT_SOME_FAILED = 1
#: Nothing was run: bad arguments, an unreadable input, a missing extra, an output refused.
EXIT_UNUSABLE = 2
#: The run stopped early (workers died or could not start, an input or the output failed).
EXIT_STOPPED = 3
#: Stopped by SIGINT (128 + 2) or SIGTERM (128 + 15), as a shell reports them.
EXIT_SIGINT = 130
EXIT_SIGTERM = 143
#: Standard output closed by its reader (128 + SIGPIPE), as ``| head`` does.
EXIT_OUTPUT_CLOSED = 141

#: Rows written to a Parquet file at a time.
_PARQUET_BATCH = 8192

#: (input, line number, bytes it stands for) of each record to come, in order.
Positions = deque[tuple[str, int, int]]

_EPILOG = f"""\
exit status:
  0    complete, every line evaluated
  1    complete, some lines failed (their error records are in OUT)
  2    nothing run: bad arguments, an unreadable input, a missing extra, an output refused
       (OUT is an input, or exists without --overwrite)
  3    stopped early: {MAX_DEATHS} worker processes died in a row, or workers could not
       start, or an input or OUT failed; OUT's records so far are in NAME.partial.SUFFIX,
       ending with a summary record
  130  stopped by SIGINT (the same partial output and summary)
  143  stopped by SIGTERM (the same partial output and summary)
  141  standard output closed by its reader (| head): stopped quietly

OUT is written to a temporary file beside it and renamed only when the run is complete."""


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
        "folders, at one moment, streaming. Every input line gets a record (a report, or an "
        "error record with its line number), or is counted in the summary as not read.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cohort.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="JSON lines file, - for standard input, or a FHIR Bulk Data export folder",
    )
    cohort.add_argument(
        "--at", required=True, help="moment of evaluation, e.g. 2026-11-22T12:00:00Z"
    )
    cohort.add_argument(
        "--out", required=True, help="output: .ndjson/.jsonl (or - for stdout) or .parquet"
    )
    cohort.add_argument(
        "--overwrite", action="store_true", help="replace OUT (and its partial output) if it exists"
    )
    cohort.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes (default: by the input's size, at most one per CPU)",
    )
    cohort.add_argument(
        "--progress",
        action="store_true",
        help="progress bar on a terminal, with a total and an ETA (cohort extra)",
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


# -- reading -----------------------------------------------------------------------------------


class _Inputs:
    """Reads the inputs in order, keeping where it is, so a stopped run can say what is left."""

    def __init__(self, names: list[str], positions: Positions, summary: CohortSummary) -> None:
        self.names = names
        self.positions = positions
        self.summary = summary
        #: The input being read (-1: none yet), its last line read and the bytes read in it.
        self.current = -1
        self.line = 0
        self.offset = 0
        self.current_done = False
        self.indexes: list[BulkIndex] = []

    def lines(self, numbered: list[tuple[int, str]]) -> Iterator[bytes]:
        """The non-blank lines of JSON lines inputs, as bytes.

        Each line is decoded by its worker: a line that is not UTF-8 is one error record, not
        the end of the run.
        """
        pending = 0  # bytes of blank lines, counted with the next record
        for number, name in numbered:
            self._start(number)
            handle: IO[bytes] = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
            try:
                for raw in handle:
                    self.line += 1
                    self.offset += len(raw)
                    if raw.strip():
                        self.positions.append((name, self.line, pending + len(raw)))
                        pending = 0
                        yield raw
                    else:
                        self.summary.blank_lines += 1
                        pending += len(raw)
            finally:
                if handle is not sys.stdin.buffer:
                    handle.close()
            self.current_done = True

    def export(self, number: int, name: str, **kwargs: Any) -> Iterator[Any]:
        """The outputs of a Bulk Data folder (its index kept for the notices)."""
        self._start(number)
        index = BulkIndex(name)
        self.indexes.append(index)
        yield from stream_export(name, positions=self.positions, index=index, **kwargs)
        self.current_done = True

    def _start(self, number: int) -> None:
        self.current, self.line, self.offset, self.current_done = number, 0, 0, False

    def next_position(self) -> Position | None:
        """The first line not read yet, when it can be named."""
        if self.current < 0:
            return Position(self.names[0], 1) if self.names else None
        name = self.names[self.current]
        if not self.current_done:
            return None if Path(name).is_dir() else Position(name, self.line + 1)
        later = self.names[self.current + 1 :]
        if later and not Path(later[0]).is_dir():
            return Position(later[0], 1)
        return None

    def not_read(self) -> tuple[int | None, tuple[str, ...]]:
        """Lines never read (None when unknown), and the inputs never opened."""
        total: int | None = 0
        not_started = tuple(self.names[self.current + 1 :])
        unread: list[tuple[str, int]] = [(name, 0) for name in not_started]
        if self.current >= 0 and not self.current_done:
            unread.insert(0, (self.names[self.current], self.offset))
        for name, offset in unread:
            count = _lines_after(name, offset)
            total = None if total is None or count is None else total + count
        return total, not_started


def _lines_after(name: str, offset: int) -> int | None:
    """Lines of a regular file after byte ``offset`` (None for standard input or a folder)."""
    if name == "-" or Path(name).is_dir():
        return None
    count = 0
    last = b"\n"
    try:
        with open(name, "rb") as handle:
            handle.seek(offset)
            while block := handle.read(1 << 20):
                count += block.count(b"\n")
                last = block[-1:]
    except OSError:
        return None
    return count + (last != b"\n")


def _check_inputs(inputs: list[str]) -> None:
    problems: list[str] = []
    for name in inputs:
        if name == "-":
            if sys.stdin is None:
                problems.append("-: standard input is closed")
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


def _total_bytes(inputs: list[str]) -> int | None:
    """The inputs' size in bytes, None when one is a pipe (the bar then has no total)."""
    total = 0
    for name in inputs:
        if name == "-":
            try:
                info = os.fstat(sys.stdin.fileno())
            except (OSError, ValueError):
                return None
            if not stat.S_ISREG(info.st_mode):
                return None
            total += info.st_size
        elif Path(name).is_dir():
            total += sum(f.stat().st_size for f in export_files(name))
        else:
            total += Path(name).stat().st_size
    return total


def _items(
    reader: _Inputs,
    *,
    at: datetime,
    categories: frozenset[Category],
    workers: int | None,
    output: Output,
    chunk_size: int,
    options: Options,
) -> Generator[Any, None, None]:
    """The outputs of every input, in order.

    Runs of JSON lines files share one stream; each Bulk Data folder has its own.
    """
    files: list[tuple[int, str]] = []
    for number, name in [*enumerate(reader.names), (-1, None)]:
        if name is not None and (name == "-" or not Path(name).is_dir()):
            files.append((number, name))
            continue
        if files:
            yield from stream(
                reader.lines(files),
                at=at,
                categories=categories,
                options=options,
                workers=workers,
                output=output,
                chunk_size=chunk_size,
            )
            files = []
        if name is not None:
            yield from reader.export(
                number,
                name,
                at=at,
                categories=categories,
                options=options,
                workers=workers,
                output=output,
                chunk_size=chunk_size,
            )


# -- writing -----------------------------------------------------------------------------------


def _failure_record(failure: CohortFailure, where: tuple[str, int, int]) -> dict[str, Any]:
    return {
        "input": where[0],
        "line": where[1],
        "patient_id": failure.patient_id,
        "kind": failure.kind,
        "errors": list(failure.errors),
    }


class _Ndjson:
    """NDJSON records to a file or standard output."""

    def __init__(self, handle: IO[str], *, own: bool) -> None:
        self.handle = handle
        self.own = own

    def write(self, item: Any, where: tuple[str, int, int]) -> int:
        """Write one record; the number of recommendations it holds (-1: an error record)."""
        if isinstance(item, CohortFailure):
            self.handle.write(json.dumps(_failure_record(item, where), ensure_ascii=False) + "\n")
            return -1
        count, text = item
        self.handle.write(text + "\n")
        return int(count)

    def close(self, summary: CohortSummary) -> None:
        """Finish the file: a run that stopped early ends it with its summary record."""
        try:
            if not summary.complete:
                self.handle.write(json.dumps(summary.to_record(), ensure_ascii=False) + "\n")
            self.handle.flush()
        finally:
            if self.own:
                self.handle.close()


class _Parquet:
    """The cohort table layout in a Parquet file (:mod:`mastcell.cohort.tables`), in batches.

    The file's metadata states the run's options (``mastcell.options``, what differs from
    mastcell's defaults) from the start, and its summary (``mastcell.summary``) at the end.
    """

    def __init__(self, path: Path, options: Options) -> None:
        from mastcell.cohort.tables import PARQUET_COLUMNS, parquet_schema

        _, pq = _pyarrow()
        self.columns: dict[str, list[Any]] = {name: [] for name, _ in PARQUET_COLUMNS}
        self.records = 0
        stated = json.dumps(options_to_dict(options), sort_keys=True)
        schema = parquet_schema().with_metadata({"mastcell.options": stated})
        self.writer = pq.ParquetWriter(str(path), schema)

    def write(self, item: Any, where: tuple[str, int, int]) -> int:
        """Write one input's rows; the number of recommendations (-1: an input that failed)."""
        from mastcell.cohort.tables import parquet_rows

        for row in parquet_rows(item, where[0], where[1], self.records):
            for name, values in self.columns.items():
                values.append(row.get(name))
        self.records += 1
        if len(self.columns["input"]) >= _PARQUET_BATCH:
            self._flush()
        return -1 if isinstance(item, CohortFailure) else len(item["recommendations"])

    def _flush(self) -> None:
        from mastcell.cohort.tables import parquet_table

        self.writer.write_table(parquet_table(self.columns))
        for values in self.columns.values():
            values.clear()

    def close(self, summary: CohortSummary) -> None:
        """Write the last rows, and the summary as the file's metadata (``mastcell.summary``)."""
        try:
            if self.columns["input"] or self.records == 0:
                self._flush()
            self.writer.add_key_value_metadata(
                {"mastcell.summary": json.dumps(summary.to_record()["summary"])}
            )
        finally:
            self.writer.close()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MastcellError(
            "Parquet output needs pyarrow: install it with `pip install 'mastcell[cohort]'`"
        ) from None
    return pyarrow, pyarrow.parquet


def _write(
    items: Iterator[Any],
    positions: Positions,
    sink: _Ndjson | _Parquet,
    summary: CohortSummary,
    bar: Progress,
) -> None:
    for item in items:
        with INTERRUPTS.deferred():  # a record is written and counted, or neither
            where = positions[0]
            count = sink.write(item, where)
            positions.popleft()
            if count < 0:
                summary.errors += 1
            else:
                summary.reports += 1
                summary.recommendations += count
            bar.advance(where[2])


# -- the run -----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Run ``mastcell cohort`` with parsed arguments; returns the exit status.

    >>> import argparse
    >>> run(argparse.Namespace(inputs=["no-such.jsonl"], at="2026-11-22T12:00:00Z",
    ...     out="o.ndjson", workers=1, progress=False, compact=False, categories=None,
    ...     chunk_size=64, overwrite=False, options=None))
    2
    """
    with INTERRUPTS.installed():
        try:
            return _run(args)
        except Stopped as stop:  # before the run started: nothing written
            print(f"mastcell cohort: nothing run: stopped by {stop.signal_name}", file=sys.stderr)
            return stop.exit_status


def _run(args: argparse.Namespace) -> int:
    from mastcell.engine import parse_categories, parse_time

    started = time.perf_counter()
    suffix = Path(args.out).suffix.lower()
    try:
        when = parse_time(args.at)
        chosen = parse_categories(args.categories)
        _check_inputs(args.inputs)
        if args.out == "-" and sys.stdout is None:
            raise InputError.for_field("--out", "standard output is closed")
        if args.out != "-" and suffix not in (".ndjson", ".jsonl", ".parquet"):
            raise InputError.for_field(
                "--out", f"expected a .ndjson, .jsonl or .parquet file (or -), got {args.out!r}"
            )
        if args.workers is not None and args.workers < 1:
            raise InputError.for_field("--workers", f"expected at least 1, got {args.workers}")
        if args.chunk_size < 1:
            raise InputError.for_field(
                "--chunk-size", f"expected at least 1, got {args.chunk_size}"
            )
        options = Options() if args.options is None else load_options(args.options)
        parquet = args.out != "-" and suffix == ".parquet"
        if parquet:
            _pyarrow()
        show_progress = bool(args.progress) and sys.stderr.isatty()
        if show_progress:
            require_tqdm()  # fail now, before any work, when tqdm is missing (no bar drawn)
        target = check_output(args.out, args.inputs, overwrite=args.overwrite)
    except MastcellError as exc:
        print(f"mastcell cohort: nothing run: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE

    positions: Positions = deque()
    summary = CohortSummary(inputs=tuple(args.inputs), at=when.isoformat(), options=options)
    reader = _Inputs(list(args.inputs), positions, summary)
    output: Output = (
        ("compact" if parquet else "compact-json") if args.compact or parquet else "json"
    )
    bar = Progress(
        total=_total_bytes(args.inputs) if show_progress else None,
        unit="B",
        enabled=show_progress,
    )
    sink: _Ndjson | _Parquet
    try:
        if target is None:
            sink = _Ndjson(sys.stdout, own=False)
        elif parquet:
            sink = _Parquet(target.create(), options)
        else:
            sink = _Ndjson(target.open_text(), own=True)
    except OSError as exc:
        if target is not None:
            target.discard()
        print(f"mastcell cohort: nothing run: cannot write {args.out}: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE

    items = _items(
        reader,
        at=when,
        categories=chosen,
        workers=args.workers,
        output=output,
        chunk_size=args.chunk_size,
        options=options,
    )
    status = EXIT_OK
    try:
        _write(items, positions, sink, summary, bar)
    except Stopped as stop:
        status, summary.reason = stop.exit_status, f"stopped by {stop.signal_name}"
    except WorkerError as exc:
        status, summary.reason = EXIT_STOPPED, str(exc)
    except BrokenPipeError:
        if target is None:  # the reader of standard output went away (| head)
            with INTERRUPTS.held():
                items.close()  # stops the workers
                bar.close()
            _silence_stdout()
            return EXIT_OUTPUT_CLOSED
        status, summary.reason = EXIT_STOPPED, f"cannot write {args.out}: broken pipe"
    except OSError as exc:  # an input that cannot be read, an output that cannot be written
        status, summary.reason = EXIT_STOPPED, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a bug: the run still ends with its partial output and summary
        import traceback

        traceback.print_exc()
        status = EXIT_STOPPED
        summary.reason = f"internal error (a bug to report): {type(exc).__name__}: {exc}"
    with INTERRUPTS.held():  # wind up whatever arrives now
        items.close()  # stops the workers of a run that stopped early
        bar.close(complete=status == EXIT_OK)
        return _finish(status, summary, reader, positions, sink, target, started)


def _finish(
    status: int,
    summary: CohortSummary,
    reader: _Inputs,
    positions: Positions,
    sink: _Ndjson | _Parquet,
    target: Target | None,
    started: float,
) -> int:
    summary.seconds = time.perf_counter() - started
    if status == EXIT_OK:
        status = EXIT_SOME_FAILED if summary.errors else EXIT_OK
    else:
        summary.complete = False
        summary.not_evaluated = len(positions)
        summary.stopped_at = (
            Position(positions[0][0], positions[0][1]) if positions else reader.next_position()
        )
        summary.not_read, summary.inputs_not_started = reader.not_read()
    summary.exit_status = status
    written: Path | None = None
    try:
        sink.close(summary)
    except OSError as exc:
        print(f"mastcell cohort: the output could not be finished: {exc}", file=sys.stderr)
        if status in (EXIT_OK, EXIT_SOME_FAILED):
            summary.complete, status = False, EXIT_STOPPED
    if target is not None:
        written = target.finish(complete=summary.complete)
    for index in reader.indexes:
        notice = index.notice()
        if notice is not None:
            print(f"mastcell cohort: {notice}", file=sys.stderr)
    print(summary, file=sys.stderr)
    if not summary.complete:
        where = "standard output" if written is None else str(written)
        print(
            f"mastcell cohort: the records written so far are in {where}, "
            "ending with a summary record",
            file=sys.stderr,
        )
    return status


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that the exit's flush meets no closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
