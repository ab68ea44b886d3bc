"""Smoke checks of an installed mastcell, run by the nox ``package`` session against the wheel.

Standard library only (the wheel's venv has no test extras). Run with the venv's Python from a
folder outside the repository: ``python smoke_wheel.py README.md docs/quickstart.md``. It
checks what a user meets first: the import and version, the CLI (``--version``, ``example``,
``schema``, ``evaluate`` of every bundled example as text and JSON), the README's Python
example (its printed output equal to the README's), and the quick start page's code cells.
The whole suite runs once, in the ``tests`` session, against the source tree.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

AT = "2026-11-22T12:00:00+00:00"


def _fenced(text: str, opener: str) -> list[str]:
    """The bodies of the fenced blocks opened by ``opener`` (e.g. "```python")."""
    return re.findall(re.escape(opener) + r"\n(.*?)```", text, flags=re.DOTALL)


def _cli(*args: str, stdin: str | None = None) -> str:
    mastcell = Path(sys.executable).parent / "mastcell"
    done = subprocess.run(
        [str(mastcell), *args], input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"mastcell {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def main(readme: Path, quickstart: Path) -> None:
    """Run every check; exit non-zero with a message at the first failure."""
    import mastcell

    assert Path(mastcell.__file__).parent.parent.name == "site-packages", mastcell.__file__
    assert _cli("--version").split()[-1] == mastcell.__version__
    names = _cli("example", "--list").split()
    assert len(names) >= 5, names
    schema = json.loads(_cli("schema", "--report"))
    assert "Report" in schema["$ref"], schema["$ref"]
    for name in names:
        text = _cli("example", name)
        report = json.loads(_cli("evaluate", "-", "--at", AT, "--format", "json", stdin=text))
        assert report["patient_id"], name
        assert report["recommendations"], name
        assert _cli("evaluate", "-", "--at", AT, stdin=text).strip(), name

    section = readme.read_text(encoding="utf-8").split("## In Python", 1)[1]
    (code, *_), (shown, *_) = _fenced(section, "```python"), _fenced(section, "```text")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == shown.strip(), run.stdout

    cells = _fenced(quickstart.read_text(encoding="utf-8"), "```{code-cell} python")
    assert cells, "the quick start page has no code cells"
    run = subprocess.run(
        [sys.executable, "-c", "\n".join(cells)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    print(f"smoke: mastcell {mastcell.__version__}, {len(names)} examples, README and quick start")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
