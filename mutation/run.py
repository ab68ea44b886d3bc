"""Apply curated safety-critical mutants to a copy of the tree and run the tests that should kill them.

A tool to run before a release, not part of the test command (issue 21). Each mutant of
``mutation/mutants.toml`` is one deliberate bug in a threshold, band, table, group, the guard,
a unit, a code, a date, an indicator or the drug vocabulary: an exact piece of original text,
its replacement, and the tests that must fail. A mutant the tests still pass is a *survivor*: a real regression of
that kind would ship.

Usage::

    python mutation/run.py                  # every curated mutant
    python mutation/run.py --only ID [ID..] # some of them
    python mutation/run.py --rows           # delete each row (and member) of the pinned tables
                                            # in turn: CYP3A lists, cross-reactive groups, class
                                            # words, products, NKDA, RxNorm (the [rows] section)
    python mutation/run.py --check          # apply each mutant without running tests
    python mutation/run.py --jobs 2 --json results.json

The working tree is never modified: the files git lists (tracked, and untracked but not
ignored) are copied into a temporary directory per worker, the mutant is applied there, the
tests run with ``PYTHONPATH`` on the copy's ``src`` (checked before the first mutant), and the
file is restored before the next one. A mutant is *killed* when pytest reports failing tests
(exit 1) or a collection error (exit 2), *survived* when the tests pass, and an *error* when
it cannot be applied (the original text not found exactly once, the mutated file not valid
Python) or pytest cannot run (no tests collected, usage error). The exit status is 0 only when
every mutant is killed and none is in error.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "mutants.toml"
KINDS = (
    "threshold",
    "band",
    "table",
    "group",
    "guard",
    "unit",
    "code",
    "date",
    "indicator",
    "vocabulary",
)


class DataError(ValueError):
    """An entry of the data file that does not fit the code as it is now.

    Raised by :func:`load`, :func:`table_mutants` and :func:`mark_equivalents` (never a
    ``SystemExit``: the tests import this module and call them, and a stale entry must fail
    its own test, not end the test session). The message names the entry to update.
    """


@dataclass(frozen=True)
class Edit:
    """One exact replacement in one file."""

    file: str
    original: str
    replacement: str


@dataclass(frozen=True)
class Mutant:
    """A deliberate bug: its edits and the tests that must fail."""

    id: str
    kind: str
    why: str
    edits: tuple[Edit, ...]
    tests: tuple[str, ...]
    #: Why the mutant cannot change behaviour (declared in the data file): not run, not scored.
    equivalent: str = ""


@dataclass
class Result:
    """What the tests made of one mutant."""

    id: str
    kind: str
    outcome: str  # killed | survived | error | equivalent
    seconds: float
    detail: str = ""
    tests: list[str] = field(default_factory=list)


def load(path: Path = DATA) -> tuple[list[Mutant], dict[str, Any]]:
    """The curated mutants and the [rows] section of the data file.

    Raises:
        DataError: the file is not TOML, an entry lacks a key or has an unknown kind, or two
            entries share an id; the message names the entry.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{path.name}: {exc}") from exc
    mutants = []
    for number, entry in enumerate(data.get("mutant", []), start=1):
        try:
            edits = [Edit(entry["file"], entry["original"], entry["replacement"])]
            edits += [
                Edit(e["file"], e["original"], e["replacement"]) for e in entry.get("also", [])
            ]
            mutant = Mutant(
                entry["id"], entry["kind"], entry["why"], tuple(edits), tuple(entry["tests"])
            )
        except (KeyError, TypeError) as exc:
            name = entry.get("id", f"number {number}") if isinstance(entry, dict) else number
            raise DataError(f"[[mutant]] {name}: missing or malformed {exc}") from exc
        if mutant.kind not in KINDS:
            raise DataError(f"[[mutant]] id = {mutant.id!r}: kind {mutant.kind!r} not in {KINDS}")
        mutants.append(mutant)
    ids = [m.id for m in mutants]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DataError(f"[[mutant]] ids repeat: {repeated}")
    rows = data.get("rows", {})
    if not isinstance(rows.get("table"), list) or not isinstance(rows.get("tests"), list):
        raise DataError("[rows]: needs tests = [...] and [[rows.table]] entries")
    return mutants, rows


# -- row deletion ------------------------------------------------------------------------------


def _offsets(source: bytes) -> list[int]:
    starts = [0]
    for i, byte in enumerate(source):
        if byte == ord("\n"):
            starts.append(i + 1)
    return starts


def _span(source: bytes, starts: list[int], node: ast.AST) -> tuple[int, int]:
    """The byte span of a node, widened to whole lines when it stands on its own lines."""
    start = starts[node.lineno - 1] + node.col_offset  # type: ignore[attr-defined]
    end = starts[node.end_lineno - 1] + node.end_col_offset  # type: ignore[attr-defined]
    return start, end


def _delete(source: bytes, start: int, end: int) -> bytes:
    """Remove ``source[start:end]`` with its trailing comma (whole lines when alone on them)."""
    after = end
    while after < len(source) and source[after : after + 1] in (b" ", b"\t"):
        after += 1
    if source[after : after + 1] == b",":
        after += 1
    line_start = source.rfind(b"\n", 0, start) + 1
    line_end = source.find(b"\n", after)
    alone_before = source[line_start:start].strip() == b""
    alone_after = line_end != -1 and source[after:line_end].strip() == b""
    if alone_before and alone_after:
        return source[:line_start] + source[line_end + 1 :]
    return source[:start] + source[after:]


def _assigned(tree: ast.Module, name: str) -> ast.expr:
    value: ast.expr | None = None
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets, assigned = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, assigned = [node.target], node.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            value = assigned
    if value is None:
        raise DataError(f"no module-level assignment to {name}")
    return value


def _literal(node: ast.expr) -> ast.expr:
    """The literal a table is written as: ``frozenset({...})`` and comprehensions unwrapped."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("frozenset", "set", "tuple", "dict")
        and len(node.args) == 1
    ):
        return _literal(node.args[0])
    if isinstance(node, ast.DictComp | ast.SetComp | ast.ListComp | ast.GeneratorExp):
        return _literal(node.generators[0].iter)
    return node


def _elements(node: ast.expr) -> list[tuple[ast.AST, ast.AST]]:
    """The rows of a literal: (first node, last node) per element or key-value pair.

    Starred elements (``*_CYP3A_DRUGS``) are other tables, listed on their own.
    """
    node = _literal(node)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [(e, e) for e in node.elts if not isinstance(e, ast.Starred)]
    if isinstance(node, ast.Dict):
        return [(k, v) for k, v in zip(node.keys, node.values, strict=True) if k is not None]
    if isinstance(node, ast.Call) and node.args:
        # a row builder called with the rows (``_rows(Abbreviation(...), ...)``)
        return [(e, e) for e in node.args if not isinstance(e, ast.Starred)]
    raise DataError(f"line {node.lineno}: not a literal table")


def _leaves(node: ast.AST) -> list[tuple[ast.AST, ast.AST | None]]:
    """The members written in a row's members expression, each with its parent.

    A string or an attribute (``_C.OPIOID``) is a member; tuples, sets, calls (their
    positional arguments), ``|`` unions and starred expressions are looked into; a bare name
    is another table, listed on its own.
    """
    if isinstance(node, ast.Constant | ast.Attribute):
        return [(node, None)]
    children: list[ast.AST] = []
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        children = list(node.elts)
    elif isinstance(node, ast.Call):
        children = list(node.args)
    elif isinstance(node, ast.BinOp):
        children = [node.left, node.right]
    elif isinstance(node, ast.Starred):
        return _leaves(node.value)
    out: list[tuple[ast.AST, ast.AST | None]] = []
    for child in children:
        if isinstance(child, ast.Constant | ast.Attribute):
            out.append((child, node))
        else:
            out.extend(_leaves(child))
    return out


def _members_nodes(row: ast.AST, table: dict[str, Any]) -> list[ast.AST]:
    """The expressions of a row that hold its members.

    ``members_argument``, ``members_from`` (positional arguments or tuple elements) and
    ``members_keyword`` (a keyword argument of a call row, ``ingredients=``).
    """
    items: list[ast.expr] = []
    if isinstance(row, ast.Call):
        items = list(row.args)
        keyword = table.get("members_keyword")
        if keyword is not None:
            return [k.value for k in row.keywords if k.arg == keyword]
    elif isinstance(row, ast.Tuple | ast.List):
        items = list(row.elts)
    wanted = table.get("members_argument")
    indexes = [wanted] if isinstance(wanted, int) else list(wanted or [])
    found: list[ast.AST] = [items[i] for i in indexes if i < len(items)]
    start = table.get("members_from")
    if start is not None:
        found.extend(items[start:])
    return found


def row_mutants(rows: dict[str, Any]) -> list[Mutant]:
    """The mutants of every [[rows.table]] (see :func:`table_mutants`), in the file's order."""
    return [m for table in rows["table"] for m in table_mutants(table, rows["tests"])]


def describe(table: dict[str, Any]) -> str:
    """How a reader finds a [[rows.table]] entry in the data file."""
    return f"[[rows.table]] name = {table.get('name')!r} (file = {table.get('file')!r})"


def table_mutants(table: dict[str, Any], default_tests: Sequence[str] = ()) -> list[Mutant]:
    """One mutant per row of a [[rows.table]], and one per member of a row.

    A table is a module-level literal (tuple, list, set, dict, ``frozenset({...})``, a
    comprehension over a literal, or a row builder's call with the rows as its arguments). ``whole_rows`` (default true) deletes each row;
    ``members_argument`` (an index or a list of indexes into a row's call arguments or tuple)
    and ``members_from`` (every argument from that index) name where a row's members are
    written (in a dict, in the row's value), ``members_keyword`` the keyword argument of a
    call row that holds them (``ingredients=``), and each member is deleted in turn. ``retype = [FROM, TO]`` replaces the text
    FROM by TO in each row that holds it (a drug's class changed: the row stays, its meaning
    does not). ``tests`` overrides the section's tests. ``equivalent`` maps a row's name to why
    deleting it cannot change behaviour (the same table results without it): such a mutant is
    listed but neither run nor scored.

    Raises:
        DataError: the file, the assignment or the literal is not there as the entry says;
            the message names the entry to update.
    """
    try:
        return _table_mutants(table, tuple(table.get("tests", default_tests)))
    except (DataError, OSError, SyntaxError, KeyError, IndexError, TypeError) as exc:
        raise DataError(
            f"mutation/mutants.toml {describe(table)}: {type(exc).__name__}: {exc}; update the "
            "entry to the table as it is now"
        ) from exc


def _table_mutants(table: dict[str, Any], tests: tuple[str, ...]) -> list[Mutant]:
    out = []
    path = ROOT / table["file"]
    source = path.read_bytes()
    starts = _offsets(source)
    tree = ast.parse(source)
    value = _assigned(tree, table["name"])
    members_wanted = any(
        k in table for k in ("members_argument", "members_from", "members_keyword")
    )
    retype = table.get("retype")
    if retype is not None and (len(retype) != 2 or retype[0] == retype[1]):
        raise DataError(f"retype must be [FROM, TO], two different texts, not {retype!r}")
    for first, last in _elements(value):
        start, _ = _span(source, starts, first)
        _, end = _span(source, starts, last)
        label = _label(first, source[start:end].decode(), table)
        if table.get("whole_rows", True):
            out.append(_row_mutant(table, source, start, end, label, tests))
        if retype is not None:
            row = source[start:end]
            found = row.count(retype[0].encode())
            if found > 1:
                raise DataError(f"row {label}: {retype[0]!r} found {found} times, not once")
            if found == 1:
                mutated = source[:start] + row.replace(*(r.encode() for r in retype)) + source[end:]
                out.append(_mutant_of(table, source, mutated, label, tests))
        if not members_wanted:
            continue
        # a dict's row holds its members in the value (``{"drug": (("Brand",), "S1")}``)
        for node in _members_nodes(last if last is not first else first, table):
            for leaf, parent in _leaves(node):
                leaf_start, leaf_end = _span(source, starts, leaf)
                text = source[leaf_start:leaf_end].decode()
                name = f"{label}: {_label(leaf, text, table)}"
                mutated = _delete_member(source, starts, leaf, parent)
                out.append(_mutant_of(table, source, mutated, name, tests))
    if not out:
        raise DataError("no rows found")
    return out


def mark_equivalents(rows: dict[str, Any], mutants: list[Mutant]) -> list[Mutant]:
    """The row mutants with each declared equivalent marked.

    Raises:
        DataError: a declared name is not a mutant of its table (the entry names the table).
    """
    ids = {m.id for m in mutants}
    declared: dict[str, str] = {}
    for table in rows["table"]:
        names = {
            f"row {table['name'].strip('_').lower()}: {name}": why
            for name, why in table.get("equivalent", {}).items()
        }
        unknown = sorted(set(names) - ids)
        if unknown:
            raise DataError(
                f"mutation/mutants.toml {describe(table)}: declared equivalent mutants not "
                f"found: {unknown}"
            )
        declared.update(names)
    return [replace(m, equivalent=declared.get(m.id, "")) for m in mutants]


def _delete_member(
    source: bytes, starts: list[int], leaf: ast.AST, parent: ast.AST | None
) -> bytes:
    """``source`` without one member; a tuple of two keeps its other member as a tuple."""
    if isinstance(parent, ast.Tuple) and len(parent.elts) == 2:
        other = parent.elts[1] if parent.elts[0] is leaf else parent.elts[0]
        start, end = _span(source, starts, parent)
        o_start, o_end = _span(source, starts, other)
        return source[:start] + b"(" + source[o_start:o_end] + b",)" + source[end:]
    start, end = _span(source, starts, leaf)
    return _delete(source, start, end)


def _label(node: ast.AST, fallback: str, table: dict[str, Any] | None = None) -> str:
    """A row's name (a drug, a group id, a code), for the mutant's id.

    Its literal; its call's first literal argument or ``code``/``id`` keyword; or the element
    ``label_element`` of a tuple row.
    """
    if isinstance(node, ast.Call):
        if node.args and isinstance(node.args[0], ast.Constant):
            return str(node.args[0].value)
        for keyword in node.keywords:
            if keyword.arg in ("code", "id", "text") and isinstance(keyword.value, ast.Constant):
                return str(keyword.value.value)
    if isinstance(node, ast.Tuple) and table is not None and "label_element" in table:
        element = node.elts[table["label_element"]]
        if isinstance(element, ast.Constant):
            return str(element.value)
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.Attribute):
        return ast.unparse(node)
    return fallback


def _row_mutant(
    table: dict[str, Any], source: bytes, start: int, end: int, text: str, tests: tuple[str, ...]
) -> Mutant:
    return _mutant_of(table, source, _delete(source, start, end), text, tests)


def _mutant_of(
    table: dict[str, Any], source: bytes, mutated: bytes, text: str, tests: tuple[str, ...]
) -> Mutant:
    original = source.decode()
    short = " ".join(text.split())[:100]
    where = table["name"].strip("_").lower()
    retype = table.get("retype")
    if retype:
        why = f"{short} in {table['name']}: {retype[0]} made {retype[1]}"
    else:
        why = f"delete {short} from {table['name']}"
    return Mutant(
        id=f"row {where}: {short}",
        kind="table",
        why=why,
        edits=(Edit(table["file"], original, mutated.decode()),),
        tests=tests,
    )


# -- running ---------------------------------------------------------------------------------


def _tree_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [p for p in listed.split("\0") if p and (ROOT / p).is_file()]


def make_copy(base: Path) -> Path:
    """A copy of the tree (what git lists) under ``base``; npm test material linked."""
    copy = Path(tempfile.mkdtemp(prefix="mastcell-mutant-", dir=base))
    for rel in _tree_files():
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, target)
    if (ROOT / ".cache").is_dir():
        (copy / ".cache").symlink_to(ROOT / ".cache", target_is_directory=True)
    return copy


def _env(copy: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(copy / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.pop("PYTEST_ADDOPTS", None)
    return env


def check_copy(copy: Path) -> None:
    """Fail unless the copy's mastcell is the one the tests import."""
    found = subprocess.run(
        [sys.executable, "-c", "import mastcell; print(mastcell.__file__)"],
        cwd=copy,
        env=_env(copy),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(copy.resolve()):
        raise SystemExit(f"the tests would import {found}, not the copy under {copy}")


def apply(copy: Path, mutant: Mutant) -> dict[Path, str]:
    """Apply a mutant's edits in the copy; the files' original texts (to restore)."""
    saved: dict[Path, str] = {}
    try:
        for edit in mutant.edits:
            path = copy / edit.file
            text = saved.get(path) or path.read_text(encoding="utf-8")
            saved.setdefault(path, text)
            current = path.read_text(encoding="utf-8")
            count = current.count(edit.original)
            if count != 1:
                raise ValueError(f"{edit.file}: original text found {count} times, not once")
            mutated = current.replace(edit.original, edit.replacement)
            if mutated == current:
                raise ValueError(f"{edit.file}: the replacement changes nothing")
            ast.parse(mutated, filename=edit.file)
            path.write_text(mutated, encoding="utf-8")
    except (ValueError, SyntaxError):
        restore(saved)
        raise
    return saved


def restore(saved: dict[Path, str]) -> None:
    """Put the mutated files back as they were."""
    for path, text in saved.items():
        path.write_text(text, encoding="utf-8")


def _first_failure(output: str) -> str:
    for line in output.splitlines():
        if line.startswith(("FAILED ", "ERROR ")):
            return line[:200]
    return output.strip().splitlines()[-1][:200] if output.strip() else ""


def run_one(copy: Path, mutant: Mutant, timeout: float, check_only: bool) -> Result:
    """Apply one mutant in ``copy``, run its tests, restore the copy."""
    began = time.monotonic()
    if mutant.equivalent:
        return Result(mutant.id, mutant.kind, "equivalent", 0.0, mutant.equivalent)
    try:
        saved = apply(copy, mutant)
    except (ValueError, SyntaxError) as exc:
        return Result(mutant.id, mutant.kind, "error", 0.0, str(exc), list(mutant.tests))
    try:
        if check_only:
            return Result(mutant.id, mutant.kind, "applied", 0.0, "", list(mutant.tests))
        command = [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-p",
            "no:cacheprovider",
            *mutant.tests,
        ]
        try:
            done = subprocess.run(
                command,
                cwd=copy,
                env=_env(copy),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Result(
                mutant.id,
                mutant.kind,
                "killed",
                time.monotonic() - began,
                f"timed out after {timeout:g} s",
                list(mutant.tests),
            )
        outcome = {0: "survived", 1: "killed", 2: "killed"}.get(done.returncode, "error")
        detail = _first_failure(done.stdout + done.stderr)
        if outcome == "error":
            detail = f"pytest exit {done.returncode}: {detail}"
        return Result(
            mutant.id,
            mutant.kind,
            outcome,
            time.monotonic() - began,
            detail,
            list(mutant.tests),
        )
    finally:
        restore(saved)


def run_all(
    mutants: Sequence[Mutant], *, jobs: int, timeout: float, check_only: bool
) -> Iterator[Result]:
    """Run every mutant, ``jobs`` at a time, each worker in its own copy of the tree."""
    with tempfile.TemporaryDirectory(prefix="mastcell-mutation-") as base:
        copies: queue.Queue[Path] = queue.Queue()
        for _ in range(max(1, min(jobs, len(mutants)))):
            copy = make_copy(Path(base))
            check_copy(copy)
            copies.put(copy)
        lock = threading.Lock()

        def work(mutant: Mutant) -> Result:
            copy = copies.get()
            try:
                return run_one(copy, mutant, timeout, check_only)
            finally:
                copies.put(copy)

        with ThreadPoolExecutor(max_workers=copies.qsize()) as pool:
            for result in pool.map(work, mutants):
                with lock:
                    yield result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the mutation check; print one line per mutant and the kill rate."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these mutants")
    parser.add_argument("--rows", action="store_true", help="delete each table row in turn")
    parser.add_argument("--check", action="store_true", help="apply each mutant, run no tests")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--jobs", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per mutant")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)

    try:
        curated, rows = load()
        mutants = mark_equivalents(rows, row_mutants(rows)) if args.rows else curated
    except DataError as exc:
        parser.exit(2, f"{parser.prog}: {exc}\n")
    if args.only:
        unknown = set(args.only) - {m.id for m in mutants}
        if unknown:
            parser.error(f"unknown mutant ids: {', '.join(sorted(unknown))}")
        mutants = [m for m in mutants if m.id in args.only]
    if args.list:
        for m in mutants:
            print(f"{m.id:44} {m.kind:10} {m.why}")
        print(f"{len(mutants)} mutants")
        return 0

    results: list[Result] = []
    began = time.monotonic()
    for result in run_all(mutants, jobs=args.jobs, timeout=args.timeout, check_only=args.check):
        results.append(result)
        mark = {"killed": "killed", "survived": "SURVIVED", "error": "ERROR"}.get(
            result.outcome, result.outcome
        )
        print(f"{mark:9} {result.seconds:6.1f}s  {result.id:44}  {result.detail}", flush=True)
    killed = sum(r.outcome == "killed" for r in results)
    survived = [r for r in results if r.outcome == "survived"]
    errors = [r for r in results if r.outcome == "error"]
    scored = killed + len(survived)
    print()
    if args.check:
        print(f"{len(results) - len(errors)} of {len(results)} mutants apply; {len(errors)} errors")
    else:
        rate = 100.0 * killed / scored if scored else 0.0
        by_kind = {
            k: [r for r in results if r.kind == k and r.outcome != "equivalent"] for k in KINDS
        }
        kinds = ", ".join(
            f"{k} {sum(r.outcome == 'killed' for r in rs)}/{len(rs)}"
            for k, rs in by_kind.items()
            if rs
        )
        print(f"kill rate {killed}/{scored} = {rate:.1f} % ({kinds})")
        print(f"survived: {', '.join(r.id for r in survived) or 'none'}")
        print(f"errors: {', '.join(r.id for r in errors) or 'none'}")
        equivalent = [r for r in results if r.outcome == "equivalent"]
        if equivalent:
            print(f"equivalent (not run, not scored): {', '.join(r.id for r in equivalent)}")
        print(f"{time.monotonic() - began:.0f} s")
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return 0 if not survived and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
