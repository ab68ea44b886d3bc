"""Docs and code cannot drift: the code table, the generated catalogue, the README commands."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from mastcell.knowledge.sources import SOURCES
from mastcell.rules import all_codes, registered_rules

ROOT = Path(__file__).parent.parent


def _table_codes() -> set[str]:
    text = (ROOT / "docs" / "interchange.md").read_text()
    section = text[text.index("## Recommendation codes") : text.index("## Report")]
    return set(re.findall(r"^\| `([a-z0-9_.]+)` \|", section, flags=re.MULTILINE))


def _catalogue() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mastcell_catalogue", ROOT / "docs" / "_ext" / "mastcell_catalogue.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestCodeCatalogue:
    def test_every_registered_code_is_documented(self) -> None:
        """Every code a rule can emit appears in the interchange page's code table."""
        missing = set(all_codes()) - _table_codes()
        assert not missing, f"codes missing from docs/interchange.md: {sorted(missing)}"

    def test_every_documented_code_is_implemented(self) -> None:
        """Every code in the contract's table is emitted by some registered rule."""
        unimplemented = _table_codes() - set(all_codes())
        assert not unimplemented, f"documented but not implemented: {sorted(unimplemented)}"

    def test_every_rule_has_a_full_citation(self) -> None:
        """Every rule cites at least one source whose full citation is known."""
        for r in registered_rules():
            assert any(SOURCES[s].citation.strip() for s in r.sources), r.name

    def test_generated_page_lists_every_code_and_source(self) -> None:
        """The generated rule catalogue shows every code and every cited source id."""
        page = _catalogue().rules_page()
        for code, rules in all_codes().items():
            assert f"`{code}`" in page, code
            for r in rules:
                for source in r.sources:
                    assert f"[{source}](#source-{source.lower()})" in page

    def test_generated_sources_page_has_every_citation(self) -> None:
        """The generated sources page carries the full citation of every source."""
        page = _catalogue().sources_page()
        for source in SOURCES.values():
            assert source.citation in page


class TestDiagnosisPage:
    """The "Diagnosis and classification" page: a worked example per subtype, both schemes."""

    def test_examples_cover_every_subtype_of_both_schemes(self) -> None:
        """The generated examples reach each WHO and each ICC subtype (and the BMM variant)."""
        page = _catalogue().diagnosis_examples_page()
        rows = re.findall(r"^\| subtype \| (\S+)[^|]* \| (.+?) \|$", page, flags=re.MULTILINE)
        who = {w for w, _ in rows}
        icc = {i for _, i in rows}
        assert {"bmm", "ism", "ssm", "asm", "sm-ahn", "mcl"} <= who
        assert {"ism (variant bmm)", "ism", "ssm", "asm", "sm-amn", "mcl"} <= icc

    def test_page_is_in_the_toctree_and_states_the_readings(self) -> None:
        """The page is listed in the index and gives the disagreement table and the readings."""
        assert "\ndiagnosis\n" in (ROOT / "docs" / "index.md").read_text()
        page = (ROOT / "docs" / "diagnosis.md").read_text()
        assert "## Where the two schemes differ" in page
        assert "## Readings mastcell takes" in page
        assert "_generated/diagnosis_examples.md" in page


class TestFactIds:
    """Every fact id cited in code or docs resolves on the sources page."""

    @staticmethod
    def _cited() -> dict[str, set[str]]:
        from mastcell.knowledge.facts import fact_ids_in

        files = [
            p for p in sorted((ROOT / "src" / "mastcell").rglob("*.py")) if p.name != "facts.py"
        ]
        files += [p for p in sorted((ROOT / "docs").glob("*")) if p.suffix in {".md", ".rst"}]
        cited: dict[str, set[str]] = {}
        for path in files:
            for fact in fact_ids_in(path.read_text(encoding="utf-8")):
                cited.setdefault(fact, set()).add(str(path.relative_to(ROOT)))
        for r in registered_rules():
            for fact in fact_ids_in(f"{r.title} {r.trigger}"):
                cited.setdefault(fact, set()).add(r.name)
        return cited

    def test_every_cited_fact_id_is_registered(self) -> None:
        """Fact ids in rule texts, knowledge modules and docs are all in the registry."""
        from mastcell.knowledge.facts import FACTS

        cited = self._cited()
        assert len(cited) > 100
        missing = {f: sorted(where) for f, where in cited.items() if f not in FACTS}
        assert not missing, missing

    def test_every_fact_has_an_anchor_on_the_sources_page(self) -> None:
        """The sources page renders every fact with its anchor, tag and statement."""
        from mastcell.knowledge.facts import FACTS

        page = _catalogue().sources_page()
        for fact in FACTS.values():
            assert f"({fact.anchor})=" in page
            assert fact.statement in page
            for source in fact.sources:
                assert source in SOURCES

    def test_no_text_says_a_source_was_cut_off(self) -> None:
        """No clinician-facing text says a source was cut off: it says what the source shows."""
        from mastcell.knowledge.facts import FACTS

        texts = [p.read_text(encoding="utf-8") for p in (ROOT / "src").rglob("*.py")]
        texts += [f"{f.statement} {f.assessment}" for f in FACTS.values()]
        for text in texts:
            lowered = text.lower()
            assert "cut off" not in lowered
            assert "text is cut" not in lowered
            assert "truncated in every" not in lowered


class TestReadme:
    def test_quick_start_is_two_commands_and_ci_runs_the_second(self) -> None:
        """The README's quick start has exactly two commands; .ci/run runs the test one."""
        readme = (ROOT / "README.md").read_text()
        block = readme[readme.index("## Quick start") :]
        block = block[block.index("```bash") + len("```bash") :]
        commands = [line for line in block[: block.index("```")].splitlines() if line.strip()]
        assert len(commands) == 2
        assert "mastcell evaluate examples/" in commands[0]
        ci = [
            line
            for line in (ROOT / ".ci" / "run").read_text().splitlines()
            if line.strip() and not line.startswith(("#", "set ", "cd "))
        ]
        assert ci == [commands[1]]

    @pytest.mark.parametrize(
        "name",
        [
            "quickstart",
            "tutorial",
            "interchange",
            "rules",
            "drugs",
            "architecture",
            "api",
            "benchmarks",
            "diagnosis",
        ],
    )
    def test_readme_links_exist(self, name: str) -> None:
        """The README's documentation links point at pages that exist."""
        readme = (ROOT / "README.md").read_text()
        assert f"docs/{name}." in readme
        assert any((ROOT / "docs").glob(f"{name}.*"))


class TestPackaging:
    """The install story: a venv step, no published-package claim, versions that agree."""

    def test_quick_start_makes_a_venv(self) -> None:
        """The README's first command works on a PEP 668 system Python: it makes a venv."""
        readme = (ROOT / "README.md").read_text()
        block = readme[readme.index("## Quick start") :]
        first = block[block.index("```bash") + 7 :].strip().splitlines()[0]
        assert first.startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
        assert ".venv/bin/mastcell evaluate examples/" in first

    def test_install_page_claims_no_published_package(self) -> None:
        """The install page installs from a clone into a venv, never ``pip install mastcell``."""
        page = (ROOT / "docs" / "installation.md").read_text()
        assert "pip install mastcell" not in page
        assert "'mastcell[" not in page
        assert "python3 -m venv .venv" in page

    def test_changelog_version_is_the_package_version(self) -> None:
        """The changelog's newest version heading is the package's version."""
        from mastcell import __version__

        changelog = (ROOT / "CHANGELOG.md").read_text()
        assert re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.MULTILINE)[0] == __version__

    def test_nox_default_sessions_build_the_package(self) -> None:
        """A bare ``nox`` (what .ci/run runs) includes the package session."""
        noxfile = (ROOT / "noxfile.py").read_text()
        sessions = re.search(r"nox.options.sessions = \[([^\]]*)\]", noxfile)
        assert sessions
        assert '"package"' in sessions.group(1)
        assert '"-m", "build"' in noxfile

    def test_sdist_walks_only_listed_paths(self) -> None:
        """The sdist config never walks the root ``examples`` symlink (hatchling would keep it
        and drop ``src/mastcell/examples``)."""
        pyproject = (ROOT / "pyproject.toml").read_text()
        section = pyproject[pyproject.index("[tool.hatch.build.targets.sdist]") :]
        section = section[: section.index("\n[", 1)]
        assert "only-include" in section
        assert '"examples"' not in section


class TestReadmeExample:
    def test_python_example_prints_what_the_readme_shows(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The README's Python example, run as written, prints the output the README shows."""
        readme = (ROOT / "README.md").read_text()
        section = readme[readme.index("## In Python") :]
        code = section[section.index("```python") + 9 :]
        code = code[: code.index("```")]
        shown = section[section.index("```text") + 7 :]
        shown = shown[: shown.index("```")]
        exec(compile(code, "README.md", "exec"), {})
        assert capsys.readouterr().out.strip() == shown.strip()


@pytest.mark.notebook
class TestNotebookPlots:
    """The executed pages show their plots (a non-inline backend would drop them silently).

    Marked ``notebook``: the nox docs session runs it (with the docs extra); it fails, never
    skips, when a part is missing.
    """

    @pytest.mark.parametrize("page", ["timelines"])
    def test_every_plotting_cell_produces_an_image(self, page: str) -> None:
        """Executing the page, every cell that draws a figure outputs a PNG image."""
        import matplotlib  # noqa: F401  (the page draws with it)
        import nbclient
        from myst_nb.core import read

        path = ROOT / "docs" / f"{page}.md"
        notebook = read.read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
        nbclient.NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": ROOT}}
        ).execute()
        plotting = [
            c for c in notebook.cells if c.cell_type == "code" and "plt.subplots" in c.source
        ]
        assert len(plotting) >= 2
        for cell in plotting:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert images, f"no image from the cell starting {cell.source[:60]!r}"


class TestApiReference:
    def test_every_public_module_is_in_the_api_reference(self) -> None:
        """docs/api.rst documents every public module (a new module cannot go unreferenced)."""
        import pkgutil

        import mastcell

        documented = set(re.findall(r"automodule:: (\S+)", (ROOT / "docs" / "api.rst").read_text()))
        modules = {
            info.name
            for info in pkgutil.walk_packages(mastcell.__path__, "mastcell.")
            if not any(part.startswith("_") for part in info.name.split("."))
        }
        assert modules <= documented, sorted(modules - documented)

    def test_public_names_are_documented_under_their_public_names(self) -> None:
        """Every name of ``mastcell.__all__`` is documented as ``mastcell.NAME`` on the API page,
        and excluded from its defining module's entry (documented once)."""
        import mastcell

        text = (ROOT / "docs" / "api.rst").read_text()
        documented = set(
            re.findall(r"^\.\. auto(?:function|class|data):: mastcell\.(\w+)$", text, re.M)
        )
        assert set(mastcell.__all__) - {"__version__"} <= documented
        excluded = {
            name.strip()
            for line in re.findall(r":exclude-members: (.+)", text)
            for name in line.split(",")
        }
        assert documented <= excluded
