"""The account of a cohort run: every input line is a record, blank, or counted here.

``mastcell cohort`` prints the summary on standard error at the end of every run. A run that
stops early (a signal, worker processes dying, a failing disk) also writes it as the last
record of its partial output (``{"summary": {...}}``; for Parquet, the file's key-value
metadata ``mastcell.summary``), so that the output itself says how far it got. The counts
account for every line of the inputs::

    lines of the inputs = reports + errors + blank_lines + not_evaluated + not_read

(for a FHIR Bulk Data export, items instead of lines: a Patient resource, a line no patient
owns, a missing patient; ``not_read`` is then unknown when the run stopped).

>>> s = CohortSummary(reports=9, errors=1, recommendations=42, seconds=2.0)
>>> print(s)
mastcell cohort: 10 patients, 42 recommendations, 1 errors in 2.0 s (5.0 patients/s)
mastcell cohort: options: mastcell's defaults
>>> s.to_record()["summary"]["complete"]
True
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from mastcell._version import __version__
from mastcell.knowledge.options import Options, options_to_dict

__all__ = ["CohortSummary", "Position"]


@attrs.frozen
class Position:
    """An input and a line number (1-based) in it.

    >>> str(Position("in.jsonl", 12))
    'in.jsonl line 12'
    """

    input: str
    line: int

    def __str__(self) -> str:
        return f"{self.input} line {self.line}"


@attrs.define(kw_only=True)
class CohortSummary:
    """The counts of a cohort run, and where and why it stopped if it did.

    Fields (all in the summary record):

    - ``complete``: every input was read and has its record; ``reason``: why not (None when
      complete); ``exit_status``: the command's exit status.
    - ``reports`` and ``errors``: records written (``patients`` is their sum);
      ``recommendations``: in the reports.
    - ``blank_lines``: lines skipped as blank (no record by design).
    - ``not_evaluated``: inputs read whose record was not written (in flight when it stopped).
    - ``not_read``: lines of the inputs never read (None: unknown, as for standard input or
      an export folder); ``inputs_not_started``: the inputs not opened at all.
    - ``stopped_at``: the first input line without a record (every line from there on has
      none); None when complete, or when it cannot be named.
    - ``options``: the options the run evaluated under; the record and the printed summary
      state what differs from mastcell's defaults
      (:func:`~mastcell.knowledge.options.options_to_dict`, the form an options file takes).

    >>> s = CohortSummary(complete=False, reason="stopped by SIGTERM", exit_status=143,
    ...                   reports=120, errors=8, not_evaluated=128, not_read=1619,
    ...                   stopped_at=Position("a.jsonl", 129), seconds=1.8)
    >>> s.patients, s.to_record()["summary"]["stopped_at"]
    (128, {'input': 'a.jsonl', 'line': 129})
    >>> print(s)  # doctest: +NORMALIZE_WHITESPACE
    mastcell cohort: stopped (stopped by SIGTERM): 128 patients, 0 recommendations, 8 errors in
    1.8 s (71.1 patients/s); 128 read but not evaluated, 1619 lines not read; first line
    without a record: a.jsonl line 129
    mastcell cohort: options: mastcell's defaults
    """

    complete: bool = True
    reason: str | None = None
    exit_status: int = 0
    inputs: tuple[str, ...] = ()
    at: str | None = None
    reports: int = 0
    errors: int = 0
    recommendations: int = 0
    blank_lines: int = 0
    not_evaluated: int = 0
    not_read: int | None = 0
    inputs_not_started: tuple[str, ...] = ()
    stopped_at: Position | None = None
    seconds: float = 0.0
    options: Options = attrs.field(factory=Options)

    @property
    def patients(self) -> int:
        """Records written: reports and error records."""
        return self.reports + self.errors

    def to_record(self) -> dict[str, Any]:
        """The summary as the last record of a partial output (plain JSON types).

        >>> CohortSummary(complete=False, reason="SIGINT", not_read=None).to_record()[
        ...     "summary"]["not_read"] is None
        True
        """
        stopped = self.stopped_at
        return {
            "summary": {
                "complete": self.complete,
                "reason": self.reason,
                "exit_status": self.exit_status,
                "inputs": list(self.inputs),
                "at": self.at,
                "reports": self.reports,
                "errors": self.errors,
                "recommendations": self.recommendations,
                "blank_lines": self.blank_lines,
                "not_evaluated": self.not_evaluated,
                "not_read": self.not_read,
                "inputs_not_started": list(self.inputs_not_started),
                "stopped_at": None
                if stopped is None
                else {"input": stopped.input, "line": stopped.line},
                "seconds": round(self.seconds, 3),
                "options": options_to_dict(self.options),
                "mastcell_version": __version__,
            }
        }

    def __str__(self) -> str:
        rate = self.patients / self.seconds if self.seconds > 0 else 0.0
        counts = (
            f"{self.patients} patients, {self.recommendations} recommendations, "
            f"{self.errors} errors in {self.seconds:.1f} s ({rate:.1f} patients/s)"
        )
        changed = options_to_dict(self.options)
        stated = json.dumps(changed, sort_keys=True) if changed else "mastcell's defaults"
        options = f"\nmastcell cohort: options: {stated}"
        if self.complete:
            return f"mastcell cohort: {counts}{options}"
        unknown = "an unknown number of" if self.not_read is None else str(self.not_read)
        where = (
            "" if self.stopped_at is None else f"; first line without a record: {self.stopped_at}"
        )
        return (
            f"mastcell cohort: stopped ({self.reason}): {counts}; {self.not_evaluated} read "
            f"but not evaluated, {unknown} lines not read{where}{options}"
        )
