"""The first evaluation in a fresh process: the cheap paths give what the slow ones gave.

Issue 20 asks for a first evaluation within 30 ms. Two costs of it were replaced (see
docs/benchmarks.md): compiling one regular expression of the 1,200 names a reaction's words
are scanned for, replaced by a dictionary scan that must find the same names at the same
places; and importing the oracle's engine and guard (the oracle is since removed). No time is asserted here (no timed tests in CI): what is asserted is that
the outputs are equal, and which modules a first evaluation loads.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golden_reports import EXAMPLES, read_patient_lines
from mastcell.knowledge.drugs import normalise
from mastcell.knowledge.names import _by_length, _nearest, _of_length, suggest
from mastcell.knowledge.resolve import _hits, _scanned, _scanner, names_in, resolve_reaction
from mastcell.text import AREAS


def _by_regex(text: str) -> list[tuple[int, int, str]]:
    """The hits of the reference regular expression (the scanner before the change)."""
    return [(m.start(), m.end(), m.group(0)) for m in _scanner().finditer(text)]


NAMES = _scanned()
#: Pieces a text is made of: whole names, names cut short or run on, and the characters that
#: decide whether a name stands as a whole word (``[\w-]`` around it or not).
PIECES = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES).map(lambda n: n[:-1]),
    st.sampled_from(NAMES).map(lambda n: n[1:]),
    st.sampled_from([" ", "-", "_", ",", "/", ".", "'", "#", "é", "β", "1", "x", "s", "  "]),
)


class TestScanner:
    def test_the_names_are_the_regular_expressions(self) -> None:
        assert len(NAMES) > 1000
        assert all(len(n) >= 3 for n in NAMES)
        assert sorted(NAMES, key=lambda n: (-len(n), n)) == NAMES

    @settings(max_examples=400)
    @given(st.lists(PIECES, min_size=1, max_size=10).map("".join))
    def test_same_hits_as_the_regular_expression(self, text: str) -> None:
        assert list(_hits(text)) == _by_regex(text)

    @pytest.mark.parametrize(
        "around", ["{}", "x{}", "{}x", "-{}", "{}-", "a {} b", "{} {}", "{}{}"]
    )
    def test_every_name_alone_and_in_company(self, around: str) -> None:
        for name in NAMES:
            text = around.format(name, name)
            assert list(_hits(text)) == _by_regex(text), text

    @pytest.mark.parametrize(
        "text",
        ["", "a", "as", "asa", " asa", "asa ", "-asa", "asa-", "x" * 200, "x " * 100, "asa " * 50],
    )
    def test_short_long_and_edge_texts(self, text: str) -> None:
        assert list(_hits(text)) == _by_regex(text)

    def test_every_name_in_the_golden_patients(self) -> None:
        texts: set[str] = set()
        for line in read_patient_lines():
            data = json.loads(line)
            texts.update(r["agent"] for r in data.get("reactions", []))
            texts.update(m["drug"] for m in data.get("medications", []))
            for p in data.get("procedures", []):
                texts.update(p.get("planned_agents", []))
        assert len(texts) > 100
        for text in texts:
            key = normalise(text)
            assert list(_hits(key)) == _by_regex(key), text

    def test_what_the_readers_make_of_it(self) -> None:
        """Readings that go through the scan (a list of agents, a drug among words)."""
        r = resolve_reaction("allergic to penicillin, asa and sux - hives")
        assert r.ingredients == ("penicillin", "aspirin", "succinylcholine")
        assert r.matched == ("penicillin", "asa", "sux")
        assert [short for short, _ in r.abbreviated] == ["sux"]  # "asa" is a catalogue name
        assert names_in("cefazolin 2g IV on induction") == ("cefazolin",)
        assert names_in("latex gloves, Sux 100 mg") == ("natural rubber latex", "succinylcholine")
        assert names_in("co-amoxiclav-x") == ()  # no whole word


class TestSuggestions:
    def test_letters_per_length_are_those_of_the_whole_table(self) -> None:
        from mastcell.knowledge.names import _letters

        for n, found in _by_length().items():
            assert [c[:3] for c in _of_length(n)] == list(found)
            assert all(c[3] == _letters(c[0]) for c in _of_length(n))
        assert _of_length(999) == ()

    @pytest.mark.parametrize(
        ("name", "expected"),
        [("famotadine", "famotidine"), ("cetirizin", "cetirizine"), ("Zyrtek", "Zyrtec")],
    )
    def test_suggestions(self, name: str, expected: str) -> None:
        _nearest.cache_clear()
        assert suggest(name) == expected


_FIRST = """
import json, sys
import mastcell
from mastcell.knowledge import resolve
for path in sys.argv[1:]:
    mastcell.evaluate(mastcell.patient_from_json(open(path).read()), at="2026-11-22T12:00:00Z")
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.startswith(("mastcell", "pint"))),
    "regex": resolve._scanner.cache_info().currsize,
}))
"""


def test_a_first_evaluation_loads_neither_pint_nor_the_big_expression() -> None:
    """Every bundled example in one fresh process: what got loaded on the way."""
    paths = [str(p) for p in sorted(EXAMPLES.glob("*.json"))]
    done = subprocess.run(
        [sys.executable, "-c", _FIRST, *paths], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout)
    modules = set(loaded["modules"])
    assert "mastcell.rules.emergency" in modules  # the rules did load
    assert "pint" not in modules  # the documented unit spellings need no pint
    assert loaded["regex"] == 0


def _holding(code: str) -> set[str]:
    """The template modules the table says hold templates of ``code``."""
    from mastcell.text import _HOLDS

    return {
        module
        for module, held in _HOLDS.items()
        if any(code == c or code.startswith(f"{c}.") for c in held)
    }


class TestTemplatesLoadedByCode:
    """The first rendering of a code imports only the template modules holding it."""

    def test_the_table_says_where_every_template_is(self) -> None:
        from mastcell import text

        text._load()
        library = {
            key: f.__module__
            for key, f in text._TEMPLATES.items()
            if f.__module__.startswith("mastcell.text.")
        }
        assert len(library) > 100
        for (code, variant), module in library.items():
            assert module in _holding(code), (code, variant, module)
        for module, held in text._HOLDS.items():  # no entry that holds nothing
            codes = [code for (code, _), m in library.items() if m == module]
            for c in held:
                assert any(k == c or k.startswith(f"{c}.") for k in codes), (module, c)
        assert tuple(text._HOLDS) == text.AREAS
        assert set(text.AREAS) == set(library.values())

    def test_a_template_the_table_misses_is_still_found(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Should the table miss a module, rendering loads every module rather than fail."""
        from mastcell import text

        monkeypatch.setattr(text, "_loaded", [])
        monkeypatch.setattr(text, "_HOLDS", {})
        assert text.template_of("cytopenia.investigate").__module__ == "mastcell.text.cytopenia"

    def test_a_fresh_process_loads_the_modules_of_the_codes_it_renders(self) -> None:
        done = subprocess.run(
            [sys.executable, "-c", _RENDERED, str(EXAMPLES / "mcas-leukopenia.json")],
            capture_output=True,
            text=True,
            check=True,
        )
        loaded = json.loads(done.stdout)
        assert len(loaded["codes"]) >= 5
        wanted = set().union(*(_holding(code) for code in loaded["codes"]))
        imported = {  # the template modules the holding ones import helpers from
            node.module
            for module in wanted
            for node in ast.walk(ast.parse(Path(import_module(module).__file__ or "").read_text()))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mastcell.text.")
        }
        assert set(loaded["modules"]) == wanted | imported
        assert len(wanted | imported) < len(AREAS) / 2


_RENDERED = """
import json, sys
import mastcell
report = mastcell.evaluate(mastcell.patient_from_json(open(sys.argv[1]).read()), at="2026-11-22T12:00:00Z")
print(json.dumps({
    "codes": sorted({r.code for r in report.recommendations}),
    "modules": sorted(m for m in sys.modules if m.startswith("mastcell.text.")),
}))
"""


#: The knowledge modules whose rows are NamedTuples (imported by the rule modules only): a
#: NamedTuple has no converter, so the check of their sources is made here, on every row.
ROW_MODULES = (
    "mastcell.knowledge.adverse_events",
    "mastcell.knowledge.analgesia",
    "mastcell.knowledge.censoring",
    "mastcell.knowledge.cytopenia",
    "mastcell.knowledge.moieties",
    "mastcell.knowledge.perioperative",
    "mastcell.knowledge.pregnancy",
    "mastcell.knowledge.qt",
)


def _rows(value: object) -> Iterator[tuple[object, ...]]:
    """The NamedTuple rows in a module's value (nested in tuples, lists, sets and dicts)."""
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        yield value
        for item in value:
            yield from _rows(item)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _rows(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _rows(item)


@pytest.mark.parametrize("name", ROW_MODULES)
def test_every_knowledge_row_cites_registered_sources(name: str) -> None:
    from mastcell.knowledge.sources import SOURCES

    module = import_module(name)
    rows = [row for value in vars(module).values() for row in _rows(value)]
    cited = [row for row in rows if "sources" in getattr(row, "_fields", ())]
    assert cited, name
    for row in cited:
        sources = row.sources  # type: ignore[attr-defined]
        assert isinstance(sources, tuple), row
        assert sources, row
        assert all(s in SOURCES for s in sources), row
