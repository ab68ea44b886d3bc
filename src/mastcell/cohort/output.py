r"""Where a cohort run writes: a temporary file beside the target, renamed only when complete.

:func:`check_output` refuses, before anything is opened for writing:

- an output that is one of the inputs, however it is named: the same file by device and
  inode, so a symbolic link, a hard link, ``/dev/stdin`` or ``/proc/self/fd/0`` while reading
  standard input are all caught; and ``--out -`` when standard output is an input file
  (``>> in.jsonl``), which would read its own records forever;
- an output inside a FHIR Bulk Data export folder given as input (it would join the export);
- an existing output, or the partial output of an earlier stopped run, unless ``overwrite``;
- an output that is a folder, or in a folder that does not exist.

:class:`Target` then writes to a hidden temporary file in the output's folder (same file
system, so the rename is atomic) and, at the end, renames it to the output when the run is
complete, or to ``NAME.partial.SUFFIX`` when it stopped early: an existing output is never
replaced by an incomplete one.

>>> import pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in.jsonl").write_text("{}\n")
>>> check_output(str(d / "in.jsonl"), [str(d / "in.jsonl")], overwrite=True)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mastcell.exceptions.InputError: --out: ... is the input ...: refused, it would be overwritten
>>> target = check_output(str(d / "out.ndjson"), [str(d / "in.jsonl")], overwrite=False)
>>> with target.open_text() as f:
...     _ = f.write("{}\n")
>>> target.finish(complete=False).name
'out.partial.ndjson'
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from mastcell.exceptions import InputError

__all__ = ["Target", "check_output", "partial_path"]


def partial_path(out: Path) -> Path:
    """Where the output of a run that stopped early is left: ``NAME.partial.SUFFIX``.

    >>> partial_path(Path("runs/reports.ndjson")).as_posix()
    'runs/reports.partial.ndjson'
    """
    return out.with_name(f"{out.stem}.partial{out.suffix}")


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _stat(path: Path | str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _input_identities(inputs: Iterable[str]) -> dict[tuple[int, int], str]:
    """The files the run reads (standard input too, when it is read), by device and inode."""
    found: dict[tuple[int, int], str] = {}
    for name in inputs:
        if name == "-":
            with contextlib.suppress(OSError, ValueError, AttributeError):
                found[_identity(os.fstat(sys.stdin.fileno()))] = "standard input"
            continue
        info = _stat(name)
        if info is not None:
            found[_identity(info)] = name
    return found


def check_output(out: str, inputs: list[str], *, overwrite: bool) -> Target | None:
    r"""Refuse an output that would destroy an input or an earlier result; None for stdout.

    Raises:
        InputError: ``--out`` names an input (by any alias), lies inside an input export
            folder, exists (or its partial output does) without ``overwrite``, or is a folder.

    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "in.jsonl").write_text("{}\n")
    >>> (d / "link.jsonl").symlink_to(d / "in.jsonl")
    >>> check_output(str(d / "link.jsonl"), [str(d / "in.jsonl")], overwrite=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: --out: '.../link.jsonl' is the input '.../in.jsonl': refused, it would be overwritten
    >>> check_output(str(d / "new.ndjson"), [str(d / "in.jsonl")], overwrite=False).path.name
    'new.ndjson'
    """
    sources = _input_identities(inputs)
    if out == "-":
        try:
            info = os.fstat(sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            return None
        if _identity(info) in sources and stat.S_ISREG(info.st_mode):
            raise InputError.for_field(
                "--out",
                f"standard output is the input {sources[_identity(info)]}: refused, the run "
                "would read its own records",
            )
        return None
    path = Path(out)
    folder = _stat(path.parent if str(path.parent) else ".")
    if folder is None or not stat.S_ISDIR(folder.st_mode):
        raise InputError.for_field("--out", f"the folder of {out!r} does not exist")
    for name in inputs:
        if name != "-" and Path(name).is_dir() and os.path.samefile(name, path.parent):
            raise InputError.for_field(
                "--out", f"{out!r} is inside the export folder {name!r}: write it elsewhere"
            )
    for candidate in (path, partial_path(path)):
        found = _stat(candidate)
        if found is None:
            continue
        info = found
        if _identity(info) in sources:
            raise InputError.for_field(
                "--out",
                f"{str(candidate)!r} is the input {sources[_identity(info)]!r}: refused, it "
                "would be overwritten",
            )
        if stat.S_ISDIR(info.st_mode):
            raise InputError.for_field("--out", f"{str(candidate)!r} is a folder")
        if not overwrite:
            left = " (left by a run that stopped early)" if candidate != path else ""
            raise InputError.for_field(
                "--out",
                f"{str(candidate)!r} exists{left}: remove it, or pass --overwrite to replace it",
            )
    return Target(path)


class Target:
    r"""An output file written through a temporary file beside it.

    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "o.ndjson"
    >>> target = Target(out)
    >>> with target.open_text() as f:
    ...     _ = f.write("{}\n")
    >>> target.finish(complete=True) == out, out.read_text()
    (True, '{}\n')
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.temporary: Path | None = None

    def create(self) -> Path:
        """Create the hidden temporary file in the output's folder and return its path.

        Made with ``os.open`` and mode 0o666, so that the umask decides its permissions as
        for any file the user writes (``tempfile.mkstemp`` would make it private, 0o600).
        """
        while True:
            path = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:  # pragma: no cover - one in four billion
                continue
            self.temporary = path
            return path

    def open_text(self) -> IO[str]:
        """The temporary file, created and opened for UTF-8 text."""
        return open(self.create(), "w", encoding="utf-8", newline="\n")

    def finish(self, *, complete: bool) -> Path:
        """Rename the temporary file: to the output when complete, else to the partial name.

        A complete run also removes the partial output an earlier stopped run left (the
        caller allowed it with ``--overwrite``).
        """
        assert self.temporary is not None, "create() first"
        final = self.path if complete else self.partial
        os.replace(self.temporary, final)
        if complete and self.partial.exists():
            self.partial.unlink()
        self.temporary = None
        return final

    def discard(self) -> None:
        """Remove the temporary file (a run that could not write anything useful)."""
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            self.temporary = None
