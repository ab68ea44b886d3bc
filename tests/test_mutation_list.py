"""The mutation check's data stays applicable (mutation/mutants.toml, issue 21).

The check itself runs before a release (``python mutation/run.py``), not here: it runs the
tests once per mutant. What this file checks, in milliseconds, is that every curated mutant
still applies to the code as it is (its original text found exactly once, the mutated file
still Python), that the list covers every kind with at least 40 mutants including the issue's
survivors, and that the row mode reaches every row the pins expect (the CYP3A listings of
``tests/test_pins.py``; the groups, the opioids of the class group, class words, products,
"no known allergies" readings and RxNorm codes of ``tests/test_pins_vocabulary.py``). A change
to a line a mutant targets fails here, so the list is updated with the code.

Nothing here runs the tool or reads its data at import: the tool is loaded by a fixture and
each table's row mutants are built inside the tests that read them. A stale entry (a table
renamed or removed, a mutant whose text moved) fails the test of that entry with a message
naming it, and every other test still runs (``TestStaleEntries`` checks this in a copy).
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from test_pins import CYP3A_EXPECTED, RXNORM_INGREDIENTS_EXPECTED, RXNORM_PRODUCTS_EXPECTED
from test_pins_vocabulary import (
    CLASS_GROUPS_EXPECTED,
    CLASS_WORDS_EXPECTED,
    GROUPS_EXPECTED,
    NKDA_EXPECTED,
    NO_ALLERGY_SNOMED_EXPECTED,
    PRODUCTS_EXPECTED,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "mutation" / "mutants.toml"

#: The survivors issue 21 found, and the mutants the golden reports missed.
REQUIRED = {
    "midostaurin-count-day-21",
    "cyp3a-posaconazole-deleted",
    "card-warning-as-info",
    "group-phenanthrene-skipped",
    "midostaurin-hb-8-to-7",
    "avapritinib-ism-maximum-50",
    "guard-keeps-reacted-drug",
    "aspirin-to-children-from-12",
    "midostaurin-grade-3-ignored",
    "midostaurin-21-day-hold",
}


def _entries(section: str) -> list[str]:
    """The names of the data file's entries, for the test ids; never raises.

    ``mutant``: each [[mutant]]'s id; ``table``: each [[rows.table]]'s name. An unreadable
    file gives one id saying so, and its test fails with the reason (through the tool).
    """
    try:
        data = tomllib.loads(DATA.read_text(encoding="utf-8"))
        found = data["mutant"] if section == "mutant" else data["rows"]["table"]
        key = "id" if section == "mutant" else "name"
        return [str(entry.get(key, f"entry-{i}")) for i, entry in enumerate(found, start=1)]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, AttributeError):
        return ["<mutants.toml unreadable>"]


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mastcell_mutation_run", ROOT / "mutation/run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """mutation/run.py, loaded as a module."""
    return _load_tool()


@pytest.fixture(scope="module")
def data(tool: ModuleType) -> tuple[list[Any], dict[str, Any]]:
    """The curated mutants and the [rows] section; a data file that does not load fails."""
    try:
        loaded: tuple[list[Any], dict[str, Any]] = tool.load()
    except tool.DataError as exc:
        pytest.fail(f"mutation/mutants.toml does not load: {exc}", pytrace=False)
    return loaded


@pytest.fixture(scope="module")
def table_mutants(
    tool: ModuleType, data: tuple[list[Any], dict[str, Any]]
) -> Callable[[str], list[Any]]:
    """The row mutants of one [[rows.table]] by name, built when first asked for.

    A table that no longer fits the code fails the asking test with the tool's message (the
    entry and what to update), never the collection.
    """
    _, rows = data

    @functools.cache
    def build(name: str) -> list[Any]:
        tables = [t for t in rows["table"] if t.get("name") == name]
        if len(tables) != 1:
            pytest.fail(f"mutation/mutants.toml: {len(tables)} [[rows.table]] named {name!r}")
        try:
            built: list[Any] = tool.table_mutants(tables[0], rows["tests"])
        except tool.DataError as exc:
            pytest.fail(str(exc), pytrace=False)
        return built

    return build


def _curated(data: tuple[list[Any], dict[str, Any]], mutant_id: str) -> Any:
    found = [m for m in data[0] if m.id == mutant_id]
    if len(found) != 1:
        pytest.fail(f"mutation/mutants.toml: no single [[mutant]] with id {mutant_id!r}")
    return found[0]


def test_list_size_and_kinds(tool: ModuleType, data: tuple[list[Any], dict[str, Any]]) -> None:
    """At least 40 curated mutants, every kind represented, the issue's ones included."""
    curated, _ = data
    assert len(curated) >= 40
    assert {m.kind for m in curated} == set(tool.KINDS)
    assert {m.id for m in curated} >= REQUIRED


@pytest.mark.parametrize("mutant_id", _entries("mutant"))
def test_mutant_applies(data: tuple[list[Any], dict[str, Any]], mutant_id: str) -> None:
    """Each edit's original text occurs exactly once, and the mutated file is still Python."""
    mutant = _curated(data, mutant_id)
    texts: dict[str, str] = {}
    for edit in mutant.edits:
        text = texts.get(edit.file) or (ROOT / edit.file).read_text(encoding="utf-8")
        found = text.count(edit.original)
        assert found == 1, (
            f"[[mutant]] id = {mutant_id!r}: its original text is found {found} times in "
            f"{edit.file}, not once; update the entry to the code as it is now"
        )
        texts[edit.file] = text.replace(edit.original, edit.replacement)
        assert texts[edit.file] != text
    for name, text in texts.items():
        ast.parse(text, filename=name)
    for test in mutant.tests:
        assert (ROOT / test).is_file(), test


@pytest.mark.parametrize("table", _entries("table"))
def test_row_table_applies(table_mutants: Callable[[str], list[Any]], table: str) -> None:
    """Each row mutant of a table has its own id, changes its file and leaves it Python."""
    mutants = table_mutants(table)
    assert len({m.id for m in mutants}) == len(mutants)
    for mutant in mutants:
        (edit,) = mutant.edits
        assert ast.parse(edit.replacement).body
        assert edit.replacement != edit.original


def test_row_ids_are_distinct(
    table_mutants: Callable[[str], list[Any]], data: tuple[list[Any], dict[str, Any]]
) -> None:
    """No two row mutants of the whole run share an id (the run reports by id)."""
    ids = [m.id for t in data[1]["table"] for m in table_mutants(t["name"])]
    assert len(ids) == len(set(ids))


#: The tables of knowledge.groups that list members shared by several groups.
SHARED_MEMBER_TABLES = (
    "_PENICILLINS",
    "_CEPHALOSPORINS",
    "_CARBAPENEMS",
    "_ESTER_LA",
    "_AMIDE_LA",
    "_IODINATED",
    "_COX1_NSAIDS",
    "_COX2_PREFERRING",
)


@pytest.fixture
def labels(table_mutants: Callable[[str], list[Any]]) -> Callable[[str], list[str]]:
    """What the row mutants of a table change: a row's name, or 'row: member'."""

    def of(name: str) -> list[str]:
        prefix = f"row {name.strip('_').lower()}: "
        return [m.id[len(prefix) :] for m in table_mutants(name) if m.id.startswith(prefix)]

    return of


def _rows(labels: list[str]) -> set[str]:
    return {label for label in labels if ": " not in label}


def _members(labels: list[str]) -> set[tuple[str, str]]:
    return {
        (row, member) for row, _, member in (label.partition(": ") for label in labels) if member
    }


def test_declared_equivalents_exist(
    tool: ModuleType,
    table_mutants: Callable[[str], list[Any]],
    data: tuple[list[Any], dict[str, Any]],
) -> None:
    """Each deletion declared equivalent is a row mutant of the run, with its reason."""
    _, rows = data
    mutants = [m for t in rows["table"] for m in table_mutants(t["name"])]
    try:
        marked = [m for m in tool.mark_equivalents(rows, mutants) if m.equivalent]
    except tool.DataError as exc:
        pytest.fail(str(exc), pytrace=False)
    declared = [name for t in rows["table"] for name in t.get("equivalent", {})]
    assert len(marked) == len(declared)


def test_rows_reach_every_cyp3a_listing(labels: Callable[[str], list[str]]) -> None:
    """Row mode deletes each CYP3A listing of the six lists."""
    tables = (
        "_S110_STRONG_INHIBITORS",
        "_S110_MODERATE_INHIBITORS",
        "_S110_STRONG_INDUCERS",
        "_S110_MODERATE_INDUCERS",
        "_RYDAPT_STRONG_INHIBITORS",
        "_RYDAPT_STRONG_INDUCERS",
    )
    found = [label for table in tables for label in labels(table)]
    assert sorted(found) == sorted(row[0] for row in CYP3A_EXPECTED)


def test_rows_reach_every_group_and_member(labels: Callable[[str], list[str]]) -> None:
    """Each cross-reactive group is deleted whole, and each of its members from it."""
    groups = labels("_GROUPS")
    assert _rows(groups) == set(GROUPS_EXPECTED)
    written = _members(groups)
    shared = {label for table in SHARED_MEMBER_TABLES for label in labels(table)}
    missed = [
        (gid, member)
        for gid, group in GROUPS_EXPECTED.items()
        for member in group.members
        if (gid, member) not in written and member not in shared
    ]
    assert not missed


def test_rows_reach_every_class_and_word(labels: Callable[[str], list[str]]) -> None:
    """Each class group and each group's words are deleted whole, then each word."""
    assert _rows(labels("_CLASS_GROUP_LIST")) == set(CLASS_GROUPS_EXPECTED)
    assert _rows(labels("_WORD_TABLE")) == set(CLASS_WORDS_EXPECTED)
    bases = _members(labels("_WORD_TABLE"))

    def forms(base: str) -> set[str]:
        spellings = {base, base.replace("anaesthe", "anesthe")}
        return spellings | {w + "s" for w in spellings}

    missed = [
        (gid, word)
        for gid, words in CLASS_WORDS_EXPECTED.items()
        for word in words
        if not any(g == gid and word in forms(base) for g, base in bases)
    ]
    assert not missed


def test_rows_reach_every_opioid(labels: Callable[[str], list[str]]) -> None:
    """Each drug the opioid class group is built from is classed OTHER in turn (the class
    group is every drug of class OPIOID; the nine unrated ones are among them since safety2)."""
    retyped = labels("_ENTRIES") + labels("_VOCABULARY_DRUGS")
    assert sorted(retyped) == sorted(CLASS_GROUPS_EXPECTED["opioid"].members)


def test_rows_reach_every_product_ingredient_and_name(labels: Callable[[str], list[str]]) -> None:
    """Each product is deleted whole, then each of its ingredients and names."""
    products = labels("_ALL")
    assert _rows(products) == set(PRODUCTS_EXPECTED)
    expected = {
        (pid, x) for pid, p in PRODUCTS_EXPECTED.items() for x in (*p.ingredients, *p.names)
    }
    assert _members(products) == expected


def test_rows_reach_every_nkda_reading_and_rxnorm_code(labels: Callable[[str], list[str]]) -> None:
    """Each 'no known allergies' spelling and code and each RxNorm code is deleted in turn."""
    assert set(labels("NO_KNOWN_ALLERGY")) == NKDA_EXPECTED
    assert set(labels("NO_ALLERGY_SNOMED")) == set(NO_ALLERGY_SNOMED_EXPECTED)
    codes = {*RXNORM_INGREDIENTS_EXPECTED, *RXNORM_PRODUCTS_EXPECTED}
    assert sorted(labels("RXNORM")) == sorted(codes)


class TestStaleEntries:
    """A stale entry fails its own test, with a message naming it; the session goes on."""

    def test_a_missing_table_names_the_entry(self, tool: ModuleType) -> None:
        """A [[rows.table]] whose assignment is gone raises DataError naming table and file."""
        table = {"file": "src/mastcell/knowledge/groups.py", "name": "_UNRATED_OPIOIDS"}
        with pytest.raises(tool.DataError) as raised:
            tool.table_mutants(table, ["tests/test_pins_vocabulary.py"])
        message = str(raised.value)
        assert "name = '_UNRATED_OPIOIDS'" in message
        assert "src/mastcell/knowledge/groups.py" in message
        assert "no module-level assignment to _UNRATED_OPIOIDS" in message

    def test_a_bad_kind_names_the_mutant(self, tool: ModuleType, tmp_path: Path) -> None:
        """A [[mutant]] of an unknown kind raises DataError naming its id, not SystemExit."""
        bad = tmp_path / "mutants.toml"
        bad.write_text(
            '[[mutant]]\nid = "x-1"\nkind = "colour"\nwhy = "w"\nfile = "f"\n'
            'original = "a"\nreplacement = "b"\ntests = []\n'
            '[rows]\ntests = []\n[[rows.table]]\nfile = "f"\nname = "N"\n',
            encoding="utf-8",
        )
        with pytest.raises(tool.DataError, match="id = 'x-1': kind 'colour'"):
            tool.load(bad)

    def test_an_unknown_equivalent_names_the_table(self, tool: ModuleType) -> None:
        """An equivalent declared for a row that is not there names its table."""
        rows = {
            "tests": [],
            "table": [{"file": "f.py", "name": "_T", "equivalent": {"gone": "why"}}],
        }
        with pytest.raises(tool.DataError, match=r"name = '_T'.*not found"):
            tool.mark_equivalents(rows, [])

    @pytest.fixture
    def copy(self, tmp_path: Path) -> Path:
        """The tool, its data and this file copied into a scratch tree, the rest linked (this
        file finds the tool from where it is, so it must be a copy, not a link)."""
        (tmp_path / "mutation").mkdir()
        for name in ("run.py", "mutants.toml"):
            shutil.copy2(ROOT / "mutation" / name, tmp_path / "mutation" / name)
        (tmp_path / "src").symlink_to(ROOT / "src", target_is_directory=True)
        (tmp_path / "tests").mkdir()
        for path in (ROOT / "tests").iterdir():
            if path.name == Path(__file__).name:
                shutil.copy2(path, tmp_path / "tests" / path.name)
            elif path.name != "__pycache__":
                (tmp_path / "tests" / path.name).symlink_to(path)
        return tmp_path

    def test_the_session_survives_stale_entries(self, copy: Path) -> None:
        """With a table renamed away and a mutant's text gone, exactly their tests fail."""
        data = copy / "mutation/mutants.toml"
        text = data.read_text(encoding="utf-8")
        assert text.count('name = "_IODINATED"') == 1
        text = text.replace('name = "_IODINATED"', 'name = "_NO_SUCH_TABLE"')
        stale = (
            '[[mutant]]\nid = "stale-mutant"\nkind = "table"\nwhy = "w"\n'
            'file = "src/mastcell/knowledge/groups.py"\noriginal = "text that is nowhere"\n'
            'replacement = "x"\ntests = ["tests/test_pins.py"]\n\n'
        )
        data.write_text(stale + text, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-k",
                "not TestStaleEntries",
                "tests/test_mutation_list.py",
            ],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        out = done.stdout + done.stderr
        assert done.returncode == 1, out  # tests failed; 2-4 would be collection or usage
        failed = sorted(
            line.split(" ")[1].split("::", 1)[1]
            for line in out.splitlines()
            if line.startswith("FAILED ")
        )
        assert failed == [
            "test_declared_equivalents_exist",
            "test_mutant_applies[stale-mutant]",
            "test_row_ids_are_distinct",
            "test_row_table_applies[_NO_SUCH_TABLE]",
            "test_rows_reach_every_group_and_member",
        ], out
        assert "no module-level assignment to _NO_SUCH_TABLE" in out
        assert "[[mutant]] id = 'stale-mutant'" in out
        assert " passed" in out
