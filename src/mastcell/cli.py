"""The ``mastcell`` command: evaluate a patient file, or print the JSON Schema.

Exit status 0 on success, 2 for bad input (with a one-paragraph message on stderr, never a
traceback). Input is read up to :attr:`~mastcell.limits.Limits.max_bytes` (a larger file, or
an endless one such as ``/dev/zero``, is bad input); a closed or failing standard input or
output gives a one-line message and exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mastcell._version import __version__
from mastcell.exceptions import InputError

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mastcell",
        description="Clinical decision support for mast cell disorders (MCAS, mastocytosis). "
        "Decision support for clinicians, not a substitute for clinical judgement.",
    )
    parser.add_argument("--version", action="version", version=f"mastcell {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate = commands.add_parser("evaluate", help="evaluate a patient (interchange JSON)")
    evaluate.add_argument("file", help="a patient JSON file, or - for standard input")
    evaluate.add_argument(
        "--at", help="moment of evaluation, ISO 8601 with a timezone (default: now)"
    )
    evaluate.add_argument("--format", choices=("text", "json"), default="text")
    evaluate.add_argument(
        "--input",
        choices=("native", "fhir"),
        default="native",
        help="input format: mastcell's interchange JSON (default), or FHIR R4 (a Bundle, "
        "a resource list or Bulk Data NDJSON of one patient)",
    )
    evaluate.add_argument(
        "--category",
        action="append",
        dest="categories",
        metavar="CATEGORY",
        help="evaluate only this category (repeatable)",
    )
    commands.add_parser("schema", help="print the JSON Schema of the patient format")
    _add_serve(commands)
    _add_cohort(commands)
    return parser


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the CDS Hooks service (needs the serve extra)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--at", help="fix the evaluation time, ISO 8601 with a timezone (demonstrations, tests)"
    )


def _serve(args: argparse.Namespace) -> int:
    try:
        from mastcell.serve import run
    except ImportError as exc:
        print(
            f"mastcell: 'mastcell serve' needs the serve extra ({exc.name or exc}): "
            "pip install 'mastcell[serve]'",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        run(host=args.host, port=args.port, at=args.at)
    except InputError as exc:
        print(f"mastcell: {'; '.join(exc.errors)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _evaluate_fhir(args: argparse.Namespace) -> int:
    """``evaluate --input fhir``: the report, every finding and unused input tracing to FHIR."""
    import json

    from mastcell import fhir

    try:
        got = fhir.read_json(_read(args.file), at=args.at)
        report = got.evaluate(at=args.at, categories=args.categories)
    except InputError as exc:
        problems = "; ".join(exc.errors)
        _complain(f"mastcell: bad input, nothing evaluated: {problems}")
        return EXIT_BAD_INPUT
    if args.format == "json":
        data = fhir.annotate(report.to_dict(), got)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = fhir.render_text(report, got)
    return EXIT_OK if _write(text) else EXIT_BAD_INPUT


def _add_cohort(commands: Any) -> None:
    from mastcell.cohort.command import add_parser

    add_parser(commands)


def _read(file: str) -> str:
    """The patient text of ``file`` (``-``: standard input), at most ``max_bytes`` of it."""
    from mastcell.limits import DEFAULT_LIMITS

    limit = DEFAULT_LIMITS.max_bytes
    name = "standard input" if file == "-" else repr(file)
    try:
        if file == "-":
            if sys.stdin is None:
                raise OSError("standard input is closed")
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:  # a text stream put in place of stdin (tests, notebooks)
                data = sys.stdin.read(limit + 1).encode("utf-8", "surrogatepass")
            else:
                data = stream.read(limit + 1)
        else:
            with Path(file).open("rb") as handle:
                data = handle.read(limit + 1)
    except (OSError, ValueError) as exc:  # ValueError: I/O on a closed file
        raise InputError([f"(file): cannot read {name}: {exc}"]) from None
    if len(data) > limit:
        raise InputError(
            [f"(file): {name} is larger than {limit} bytes, the input limit (Limits.max_bytes)"]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError([f"(file): cannot read {name}: {exc}"]) from None


def _write(text: str) -> bool:
    r"""Write ``text`` to standard output; False (after a message) when it cannot be written.

    A lone surrogate (from a ``\\udXXX`` escape in the input) is written as that escape, so
    the JSON stays valid and text output never fails on it.
    """
    try:
        out = sys.stdout
        if out is None:
            raise OSError("standard output is closed")
        out.write(text.encode("utf-8", "backslashreplace").decode("utf-8"))
        out.flush()
    except (OSError, ValueError) as exc:
        _silence_stdout()
        _complain(f"mastcell: cannot write the report: {exc}")
        return False
    return True


def _silence_stdout() -> None:
    """Point standard output at the null device, so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _complain(message: str) -> None:
    """Write ``message`` to standard error if there is one (it may be closed too)."""
    try:
        if sys.stderr is not None:
            print(message.encode("utf-8", "backslashreplace").decode("utf-8"), file=sys.stderr)
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> main(["evaluate", "examples/no-such-file.json"])
    2
    """
    args = _parser().parse_args(argv)
    if args.command == "cohort":
        from mastcell.cohort.command import run

        return run(args)
    if args.command == "schema":
        from mastcell.interchange import shipped_patient_schema

        return EXIT_OK if _write(shipped_patient_schema()) else EXIT_BAD_INPUT
    if args.command == "serve":
        return _serve(args)
    if args.input == "fhir":
        return _evaluate_fhir(args)
    from mastcell.engine import evaluate
    from mastcell.interchange import patient_from_json

    try:
        patient = patient_from_json(_read(args.file))
        report = evaluate(patient, at=args.at, categories=args.categories)
    except InputError as exc:
        problems = "; ".join(exc.errors)
        _complain(f"mastcell: bad input, nothing evaluated: {problems}")
        return EXIT_BAD_INPUT
    text = report.to_json() + "\n" if args.format == "json" else report.render_text()
    return EXIT_OK if _write(text) else EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
