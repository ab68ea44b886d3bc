"""The ``mastcell`` command: evaluate, classify, schema, example, cohort and serve.

Exit status (a contract, see the interchange page):

- 0: success;
- 2: bad data (the patient document, the file, ``--at``): nothing was evaluated, a
  one-paragraph message names each problem on stderr, never a traceback;
- 64 (``EX_USAGE``): a usage error (unknown command or option, missing argument, unknown
  example name), so a caller can tell a broken call from a bad patient.

``--errors json`` writes the problems to stderr as ``{"errors": [{"path", "message"}]}``
instead of text, for both kinds of failure. Input is read up to
``Limits.max_bytes`` (a larger file, or an endless one such as
``/dev/zero``, is bad input); a closed or failing standard input or output gives a one-line
message and exit 2. ``mastcell cohort`` documents its own statuses.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

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


def _add_options_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--options",
        metavar="FILE",
        help="site options, a .json or .toml file validated as mastcell.Options "
        "(default: mastcell's documented defaults); the report states them",
    )


def _options(args: argparse.Namespace) -> Any:
    """The site options of ``--options FILE`` (mastcell's defaults without it)."""
    from mastcell.knowledge.options import Options, load_options

    return Options() if args.options is None else load_options(args.options)


def _error_items(problems: Sequence[str]) -> list[dict[str, str]]:
    """``"path: message"`` strings as ``{"path", "message"}`` objects.

    >>> _error_items(["pain.score: expected a whole number from 0 to 10, got 11"])
    [{'path': 'pain.score', 'message': 'expected a whole number from 0 to 10, got 11'}]
    >>> _error_items(["labs[3] (platelets).value: expected a finite number >= 0, got -1"])
    [{'path': 'labs[3].value', 'message': 'platelets: expected a finite number >= 0, got -1'}]
    """
    items = []
    for problem in problems:
        path, sep, message = problem.partition(": ")
        if not sep:
            items.append({"path": "", "message": path})
            continue
        named = _NAMED_PATH.fullmatch(path)
        if named:  # "labs[3] (platelets).value": the path, and the analyte in the message
            path = named["head"] + (named["tail"] or "")
            message = f"{named['name']}: {message}"
        items.append({"path": path, "message": message})
    return items


#: An error path that names its lab's analyte: ``labs[3] (platelets).value``.
_NAMED_PATH = re.compile(r"(?P<head>\S+\[\d+\]) \((?P<name>[^)]+)\)(?P<tail>\.\S+)?")


def _report_problems(problems: Sequence[str], *, as_json: bool, prefix: str) -> None:
    if as_json:
        text = json.dumps({"errors": _error_items(problems)}, ensure_ascii=True)
    else:
        text = f"{prefix}{'; '.join(problems)}"
    _complain(text)


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
        "--at", help="moment of evaluation, e.g. 2026-11-22T12:00:00Z (default: now)"
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
    _add_options_option(evaluate)
    _add_errors_option(evaluate)
    classify = commands.add_parser(
        "classify",
        help="classify a patient: SM under WHO 2022 and ICC 2022, MCAS, NICAS (interchange JSON)",
    )
    classify.add_argument("file", help="a patient JSON file, or - for standard input")
    classify.add_argument(
        "--at", help="moment of classification, e.g. 2026-11-22T12:00:00Z (default: now)"
    )
    classify.add_argument("--format", choices=("text", "json"), default="text")
    classify.add_argument(
        "--input",
        choices=("native", "fhir"),
        default="native",
        help="input format: mastcell's interchange JSON (default), or FHIR R4",
    )
    _add_errors_option(classify)
    schema = commands.add_parser("schema", help="print the JSON Schema of the patient format")
    which = schema.add_mutually_exclusive_group()
    which.add_argument(
        "--report", action="store_true", help="print the JSON Schema of the report instead"
    )
    which.add_argument(
        "--classification",
        action="store_true",
        help="print the JSON Schema of the classification instead",
    )
    example = commands.add_parser(
        "example", help="print a bundled example patient (try: mastcell example --list)"
    )
    example.add_argument("name", nargs="?", help="the example's name (see --list)")
    example.add_argument("--list", action="store_true", help="list the bundled examples")
    _add_errors_option(example)
    _add_serve(commands)
    _add_cohort(commands)
    return parser


def _schema(args: argparse.Namespace) -> int:
    from mastcell.diagnosis.schema import shipped_classification_schema
    from mastcell.interchange import shipped_patient_schema, shipped_report_schema

    if args.classification:
        text = shipped_classification_schema()
    else:
        text = shipped_report_schema() if args.report else shipped_patient_schema()
    return EXIT_OK if _write(text) else EXIT_BAD_INPUT


def _example(args: argparse.Namespace) -> int:
    from mastcell import examples

    if args.list:
        text = "".join(f"{name}\n" for name in examples.names())
        return EXIT_OK if _write(text) else EXIT_BAD_INPUT
    if not args.name:
        raise _UsageError("mastcell example: give an example name or --list")
    if args.name not in examples.names():
        known = ", ".join(examples.names())
        raise _UsageError(f"mastcell example: no example {args.name!r}; known: {known}")
    return EXIT_OK if _write(examples.text(args.name)) else EXIT_BAD_INPUT


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser(
        "serve",
        help="run the CDS Hooks service (needs the serve extra)",
        description="Run the CDS Hooks 2.0 service. Hook calls need a JWT from a trusted client "
        "(--trusted-client); --no-auth is for local tests on a loopback bind only. See the "
        "EHR integration and security pages for a deployment.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    serve.add_argument(
        "--at", help="fix the evaluation time, e.g. 2026-11-22T12:00:00Z (demonstrations, tests)"
    )
    serve.add_argument(
        "--public-url",
        help="the URL clients call, the aud of their tokens and the expected Host "
        "(default http://HOST:PORT; behind a TLS proxy, its https URL)",
    )
    serve.add_argument(
        "--trusted-client",
        action="append",
        default=[],
        metavar="ISS=JWKS",
        help="a CDS client allowed to call: its issuer and its JWKS (a file, or an https URL "
        "fetched and cached); repeatable",
    )
    serve.add_argument(
        "--no-auth",
        action="store_true",
        help="accept calls without a token: only on a loopback bind, for local tests (logs a "
        "warning)",
    )
    serve.add_argument(
        "--fhir-server",
        action="append",
        default=[],
        metavar="PREFIX",
        help="a FHIR base URL the service may fetch missing prefetch and later pages from "
        "(https; repeatable; none: nothing is fetched)",
    )
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a browser origin allowed to call (repeatable; default: CORS off)",
    )
    serve.add_argument(
        "--max-body",
        type=int,
        default=None,
        metavar="BYTES",
        help="largest request body (default 10 MiB; refused from Content-Length or while "
        "streaming, before buffering)",
    )
    serve.add_argument(
        "--deadline",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time a hook call may take in all, fetching included (default 10; then 504)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="evaluation worker processes (default: the CPUs, at most 8; 0: threads)",
    )
    serve.add_argument(
        "--max-calls",
        type=int,
        default=64,
        metavar="N",
        help="hook calls in progress at once; more answer 503 (default 64)",
    )
    serve.add_argument(
        "--fetch-max-bytes",
        type=int,
        default=None,
        metavar="BYTES",
        help="bytes fetched for one call, all pages together (default 32 MiB; then 502)",
    )
    serve.add_argument(
        "--max-pages",
        type=int,
        default=None,
        metavar="N",
        help="pages read per search (default 20; a card says when more existed)",
    )
    serve.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="PEM certificate authorities to trust for FHIR servers and JWKS URLs "
        "(default: the system's)",
    )
    _add_options_option(serve)


def _serve(args: argparse.Namespace) -> int:
    try:
        from mastcell.callers import TrustedClient
        from mastcell.serve import ServiceSettings, run
    except ImportError as exc:
        print(
            f"mastcell: 'mastcell serve' needs the serve extra ({exc.name or exc}): "
            "pip install 'mastcell[serve]'",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    try:
        given: dict[str, Any] = {
            "host": args.host,
            "port": args.port,
            "at": args.at,
            "public_url": args.public_url,
            "trusted_clients": tuple(TrustedClient.parse(t) for t in args.trusted_client),
            "no_auth": args.no_auth,
            "fhir_servers": tuple(args.fhir_server),
            "cors_origins": tuple(args.cors_origin),
            "deadline": args.deadline,
            "max_calls": args.max_calls,
            "ca_bundle": args.ca_bundle,
            "options": _options(args),
        }
        optional = {
            "max_body": args.max_body,
            "workers": args.workers,
            "fetch_max_bytes": args.fetch_max_bytes,
            "max_pages": args.max_pages,
        }
        given.update({k: v for k, v in optional.items() if v is not None})
        run(ServiceSettings(**given))
    except InputError as exc:
        print(f"mastcell serve: not started: {'; '.join(exc.errors)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _evaluate_fhir(args: argparse.Namespace) -> int:
    """``evaluate --input fhir``: the report, every finding and unused input tracing to FHIR."""
    from mastcell import fhir

    try:
        options = _options(args)
        got = fhir.read_json(_read(args.file), at=args.at)
        report = got.evaluate(at=args.at, categories=args.categories, options=options)
    except InputError as exc:
        _report_problems(
            exc.errors,
            as_json=args.errors == "json",
            prefix="mastcell: bad input, nothing evaluated: ",
        )
        return EXIT_BAD_INPUT
    if args.format == "json":
        data = fhir.annotate(report.to_dict(), got)
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = fhir.render_text(report, got)
    return EXIT_OK if _write(text) else EXIT_BAD_INPUT


def _classify(args: argparse.Namespace) -> int:
    """``classify``: the classification as text or JSON (exit 2 on bad input, like evaluate)."""
    from mastcell.diagnosis import classify
    from mastcell.engine import parse_time

    try:
        if args.input == "fhir":
            from mastcell import fhir

            patient = fhir.read_json(_read(args.file), at=args.at).patient
        else:
            from mastcell.interchange import patient_from_json

            patient = patient_from_json(_read(args.file))
        result = classify(patient, at=parse_time(args.at))
    except InputError as exc:
        _report_problems(
            exc.errors,
            as_json=args.errors == "json",
            prefix="mastcell: bad input, nothing classified: ",
        )
        return EXIT_BAD_INPUT
    text = result.to_json() + "\n" if args.format == "json" else result.render_text()
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

    A lone surrogate (from a ``\\ud800``-style escape in the input) is written as that escape, so
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
            _complain(f"{exc} (see mastcell --help)")
        return EXIT_USAGE
    if args.command == "cohort":
        from mastcell.cohort.command import run

        return run(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "classify":
        return _classify(args)
    if args.input == "fhir":
        return _evaluate_fhir(args)
    from mastcell.engine import evaluate
    from mastcell.interchange import patient_from_json

    try:
        options = _options(args)
        patient = patient_from_json(_read(args.file))
        report = evaluate(patient, at=args.at, categories=args.categories, options=options)
    except InputError as exc:
        _report_problems(
            exc.errors,
            as_json=args.errors == "json",
            prefix="mastcell: bad input, nothing evaluated: ",
        )
        return EXIT_BAD_INPUT
    text = report.to_json() + "\n" if args.format == "json" else report.render_text()
    return EXIT_OK if _write(text) else EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
