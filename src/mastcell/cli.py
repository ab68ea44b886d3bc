"""The ``mastcell`` command: evaluate a patient file, print a JSON Schema or a bundled example.

Exit status (a contract, see the interchange page):

- 0: success;
- 2: bad data (the patient document, the file, ``--at``): nothing was evaluated, a
  one-paragraph message names each problem on stderr, never a traceback;
- 64 (``EX_USAGE``): a usage error (unknown command or option, missing argument, unknown
  example name), so a caller can tell a broken call from a bad patient.

``--errors json`` writes the problems to stderr as ``{"errors": [{"path", "message"}]}``
instead of text, for both kinds of failure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from mastcell._version import __version__
from mastcell.exceptions import InputError

__all__ = ["main"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2
#: A usage error (sysexits.h ``EX_USAGE``): distinct from bad data.
EXIT_USAGE = 64


class _UsageError(Exception):
    """A command line argparse refused (raised instead of argparse's own exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.prog}: {message}")


def _add_errors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--errors",
        choices=("text", "json"),
        default="text",
        help='how problems are written on stderr: text (default) or json ({"errors": [...]})',
    )


def _error_items(problems: Sequence[str]) -> list[dict[str, str]]:
    """``"path: message"`` strings as ``{"path", "message"}`` objects.

    >>> _error_items(["pain.score: expected a whole number from 0 to 10, got 11"])
    [{'path': 'pain.score', 'message': 'expected a whole number from 0 to 10, got 11'}]
    """
    items = []
    for problem in problems:
        path, sep, message = problem.partition(": ")
        items.append({"path": path, "message": message} if sep else {"path": "", "message": path})
    return items


def _report_problems(problems: Sequence[str], *, as_json: bool, prefix: str) -> None:
    if as_json:
        text = json.dumps({"errors": _error_items(problems)}, ensure_ascii=True)
    else:
        text = f"{prefix}{'; '.join(problems)}"
    print(text, file=sys.stderr)


def _wants_json_errors(argv: Sequence[str]) -> bool:
    """``--errors json`` anywhere on the command line (read before argparse may refuse it)."""
    args = list(argv)
    return any(
        a == "--errors=json" or (a == "--errors" and args[i + 1 : i + 2] == ["json"])
        for i, a in enumerate(args)
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
        "--category",
        action="append",
        dest="categories",
        metavar="CATEGORY",
        help="evaluate only this category (repeatable)",
    )
    _add_errors_option(evaluate)
    schema = commands.add_parser("schema", help="print the JSON Schema of the patient format")
    schema.add_argument(
        "--report", action="store_true", help="print the JSON Schema of the report instead"
    )
    example = commands.add_parser(
        "example", help="print a bundled example patient (try: mastcell example --list)"
    )
    example.add_argument("name", nargs="?", help="the example's name (see --list)")
    example.add_argument("--list", action="store_true", help="list the bundled examples")
    _add_errors_option(example)
    return parser


def _schema(args: argparse.Namespace) -> int:
    from mastcell.interchange import shipped_patient_schema, shipped_report_schema

    sys.stdout.write(shipped_report_schema() if args.report else shipped_patient_schema())
    return EXIT_OK


def _example(args: argparse.Namespace) -> int:
    from mastcell import examples

    if args.list:
        sys.stdout.write("".join(f"{name}\n" for name in examples.names()))
        return EXIT_OK
    if not args.name:
        raise _UsageError("mastcell example: give an example name or --list")
    if args.name not in examples.names():
        known = ", ".join(examples.names())
        raise _UsageError(f"mastcell example: no example {args.name!r}; known: {known}")
    sys.stdout.write(examples.text(args.name))
    return EXIT_OK


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    try:
        return Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([f"(file): cannot read {file!r}: {exc}"]) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> main(["evaluate", "examples/no-such-file.json"])
    2
    >>> main(["evaluate", "--no-such-option"])
    64
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        args = _parser().parse_args(arguments)
        if args.command == "schema":
            return _schema(args)
        if args.command == "example":
            return _example(args)
    except _UsageError as exc:
        if _wants_json_errors(arguments):
            _report_problems([f"(usage): {exc}"], as_json=True, prefix="")
        else:
            print(f"{exc} (see mastcell --help)", file=sys.stderr)
        return EXIT_USAGE
    from mastcell.engine import evaluate
    from mastcell.interchange import patient_from_json

    try:
        patient = patient_from_json(_read(args.file))
        report = evaluate(patient, at=args.at, categories=args.categories)
    except InputError as exc:
        _report_problems(
            exc.errors,
            as_json=args.errors == "json",
            prefix="mastcell: bad input, nothing evaluated: ",
        )
        return EXIT_BAD_INPUT
    sys.stdout.write(report.to_json() + "\n" if args.format == "json" else report.render_text())
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
