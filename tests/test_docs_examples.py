"""The docs' cohort and table examples run as scripts, as a reader would save and run them.

Each page's code blocks run in order in one folder: ``python`` blocks as script files (so a
cohort example without its ``__main__`` guard would fail here as it fails for a reader),
``bash`` blocks with ``bash``; a ``text`` block right after a ``python`` block is what the
script must print.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```(python|bash|text)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks(page: str, start: str | None = None, end: str | None = None) -> list[tuple[str, str]]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    if start is not None:
        text = text[text.index(start) :]
    if end is not None:
        text = text[: text.index(end)]
    return [(m[1], m[2]) for m in BLOCK.finditer(text)]


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "PYTHONHASHSEED": "0",
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
    }


def _run(kind: str, code: str, folder: Path, number: int) -> subprocess.CompletedProcess[str]:
    if kind == "python":
        script = folder / f"example_{number}.py"
        script.write_text(code, encoding="utf-8")
        command = [sys.executable, script.name]
    else:
        command = ["bash", "-c", code.replace("mastcell ", f"{sys.executable} -m mastcell ")]
    return subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=300, check=False, env=_env()
    )


def _run_page(
    blocks: list[tuple[str, str]], folder: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Run the blocks in order; check each python block's output against the text after it."""
    done = []
    for number, (kind, code) in enumerate(blocks):
        if kind == "text":
            continue
        result = _run(kind, code, folder, number)
        done.append(result)
        if kind == "python":
            assert result.returncode == 0, result.stderr
            following = blocks[number + 1] if number + 1 < len(blocks) else None
            if following is not None and following[0] == "text":
                assert result.stdout == following[1], f"block {number} printed:\n{result.stdout}"
    return done


class TestTablesPage:
    """docs/tables.md, in two independent halves (each script starts Python, pandas and
    mastcell afresh, about a second apiece): the frames built in Python, then the command and
    its Parquet file read back."""

    def test_page_shape(self) -> None:
        """The page's blocks, in the order the two tests below run them."""
        assert [kind for kind, _ in _blocks("tables.md")] == [
            "python",
            "text",
            "python",
            "text",
            "bash",
            "python",
            "text",
        ]

    def test_python_examples_print_what_the_page_shows(self, tmp_path: Path) -> None:
        """One report's frame, then a cohort's tables: each prints the text shown after it."""
        done = _run_page(_blocks("tables.md")[:4], tmp_path)
        assert len(done) == 2

    def test_the_command_and_its_parquet_file(self, tmp_path: Path) -> None:
        """The command exits 1 (one line failed, as the page says); the script reading its
        Parquet file prints the text shown after it."""
        done = _run_page(_blocks("tables.md")[4:], tmp_path)
        assert done[0].returncode == 1, done[0].stderr
        assert "3 patients, 6 recommendations, 1 errors" in done[0].stderr
        assert len(done) == 2


class TestCohortPage:
    def test_python_example_runs_as_a_script(self, tmp_path: Path) -> None:
        """docs/cohort.md "In Python", saved as a script, runs as written on a small cohort."""
        lines = [json.dumps({"id": f"p{i}", "diagnoses": ["mcas"]}) for i in range(20)]
        lines += ['{"id": "broken"', json.dumps({"id": "q", "diagnoses": ["ism"]})]
        (tmp_path / "patients.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        blocks = _blocks("cohort.md", "## In Python", "## On the command line")
        assert [kind for kind, _ in blocks] == ["python"]
        assert 'if __name__ == "__main__":' in blocks[0][1]
        (result,) = _run_page(blocks, tmp_path)
        assert "emergency.epinephrine.prescribe" in result.stdout
        assert "invalid JSON" in result.stdout  # the failures table

    @pytest.mark.parametrize("guarded", [True, False])
    def test_the_guard_is_what_makes_it_work(self, tmp_path: Path, guarded: bool) -> None:
        """The same example on two workers (as past PER_WORKER patients on two CPUs): it runs
        with the guard, and fails with a clear error without it."""
        (tmp_path / "patients.jsonl").write_text(
            json.dumps({"id": "a", "diagnoses": ["mcas"]}) + "\n", encoding="utf-8"
        )
        (_, code), *_ = _blocks("cohort.md", "## In Python", "## On the command line")
        code = code.replace("evaluate_many(lines,", "evaluate_many(lines, workers=2,")
        assert "workers=2" in code
        if not guarded:
            code = code.replace('if __name__ == "__main__":', "if True:")
        result = _run("python", code, tmp_path, 0)
        if guarded:
            assert result.returncode == 0, result.stderr
        else:
            assert result.returncode == 1
            assert "WorkerError: worker processes could not start" in result.stderr
            assert "BrokenProcessPool" not in result.stderr


class TestPlotExtra:
    NOTEBOOKS = ("timelines.md", "tutorial.md")

    def _extras(self) -> dict[str, list[str]]:
        import tomllib

        data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        extras: dict[str, list[str]] = data["project"]["optional-dependencies"]
        return extras

    def _names(self, requirement: str) -> set[str]:
        """Distribution names of a requirement, following ``mastcell[extra]`` into the extra."""
        match = re.match(r"[A-Za-z0-9_.-]+(\[(?P<extras>[^\]]+)\])?", requirement)
        assert match is not None
        name = match.group(0).split("[")[0].lower()
        if name != "mastcell":
            return {name}
        out: set[str] = set()
        for extra in (match["extras"] or "").split(","):
            for inner in self._extras()[extra.strip()]:
                out |= self._names(inner)
        return out

    def test_plot_extra_installs_what_the_notebooks_import(self) -> None:
        """Every module the notebook pages import is the standard library, mastcell, its
        runtime dependencies, or in the plot extra."""
        import tomllib

        core = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        runtime = {re.split(r"[<>=\[ ]", r)[0] for r in core["project"]["dependencies"]}
        plot = set().union(*(self._names(r) for r in self._extras()["plot"]))
        assert {"matplotlib", "pandas"} <= plot
        allowed = set(sys.stdlib_module_names) | runtime | plot | {"mastcell"}
        for page in self.NOTEBOOKS:
            text = (ROOT / "docs" / page).read_text(encoding="utf-8")
            imported = set(re.findall(r"^(?:from|import) ([A-Za-z_]\w*)", text, re.MULTILINE))
            assert imported, page
            assert imported <= allowed, (page, imported - allowed)

    def test_docs_extra_includes_the_plot_extra(self) -> None:
        """Building the docs executes the notebooks: the docs extra brings the plot extra."""
        assert "mastcell[plot]" in self._extras()["docs"]
