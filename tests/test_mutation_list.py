"""The mutation check's data stays applicable (mutation/mutants.toml, issue 21).

The check itself runs before a release (``python mutation/run.py``), not here: it runs the
tests once per mutant. What this file checks, in milliseconds, is that every curated mutant
still applies to the code as it is (its original text found exactly once, the mutated file
still Python), that the list covers every kind with at least 40 mutants including the issue's
survivors, and that the row-deletion mode reaches every row the pins expect (the CYP3A
listings of ``tests/test_pins.py``; the groups, class words, products, "no known allergies"
readings and RxNorm codes of ``tests/test_pins_vocabulary.py``). A change to a line a mutant
targets fails here, so the list is updated with the code.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
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


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mastcell_mutation_run", ROOT / "mutation/run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
CURATED, ROWS = TOOL.load()

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


def test_list_size_and_kinds() -> None:
    """At least 40 curated mutants, every kind represented, the issue's ones included."""
    assert len(CURATED) >= 40
    assert {m.kind for m in CURATED} == set(TOOL.KINDS)
    assert {m.id for m in CURATED} >= REQUIRED


@pytest.mark.parametrize("mutant", CURATED, ids=[m.id for m in CURATED])
def test_mutant_applies(mutant: Any) -> None:
    """Each edit's original text occurs exactly once, and the mutated file is still Python."""
    texts: dict[str, str] = {}
    for edit in mutant.edits:
        text = texts.get(edit.file) or (ROOT / edit.file).read_text(encoding="utf-8")
        assert text.count(edit.original) == 1, edit.file
        texts[edit.file] = text.replace(edit.original, edit.replacement)
        assert texts[edit.file] != text
    for name, text in texts.items():
        ast.parse(text, filename=name)
    for test in mutant.tests:
        assert (ROOT / test).is_file(), test


ROW_MUTANTS = TOOL.row_mutants(ROWS)

#: The tables of knowledge.groups that list members shared by several groups.
SHARED_MEMBER_TABLES = (
    "penicillins",
    "cephalosporins",
    "carbapenems",
    "ester_la",
    "amide_la",
    "cox1_nsaids",
    "cox2_preferring",
)


def _labels(table: str) -> list[str]:
    """What the row mutants of a table delete: a row's name, or 'row: member'."""
    prefix = f"row {table}: "
    return [m.id[len(prefix) :] for m in ROW_MUTANTS if m.id.startswith(prefix)]


def _rows(table: str) -> set[str]:
    return {label for label in _labels(table) if ": " not in label}


def _members(table: str) -> set[tuple[str, str]]:
    return {
        (row, member)
        for row, _, member in (label.partition(": ") for label in _labels(table))
        if member
    }


def test_declared_equivalents_exist() -> None:
    """Each deletion declared equivalent is a row mutant of the run, with its reason."""
    marked = [m for m in TOOL.mark_equivalents(ROWS, ROW_MUTANTS) if m.equivalent]
    declared = [name for t in ROWS["table"] for name in t.get("equivalent", {})]
    assert len(marked) == len(declared)
    assert all(m.equivalent for m in marked)


def test_rows_are_distinct_and_apply() -> None:
    """Each row mutant has its own id, shortens its file and leaves it Python."""
    assert len({m.id for m in ROW_MUTANTS}) == len(ROW_MUTANTS)
    for mutant in ROW_MUTANTS:
        (edit,) = mutant.edits
        tree = ast.parse(edit.replacement)
        assert tree.body
        assert len(edit.replacement) < len(edit.original)


def test_rows_reach_every_cyp3a_listing() -> None:
    """Row mode deletes each CYP3A listing of the six lists."""
    tables = (
        "s110_strong_inhibitors",
        "s110_moderate_inhibitors",
        "s110_strong_inducers",
        "s110_moderate_inducers",
        "rydapt_strong_inhibitors",
        "rydapt_strong_inducers",
    )
    found = [label for table in tables for label in _labels(table)]
    assert sorted(found) == sorted(row[0] for row in CYP3A_EXPECTED)


def test_rows_reach_every_group_and_member() -> None:
    """Each cross-reactive group is deleted whole, and each of its members from it."""
    assert _rows("groups") == set(GROUPS_EXPECTED)
    written = _members("groups")
    shared = {label for table in SHARED_MEMBER_TABLES for label in _labels(table)}
    missed = [
        (gid, member)
        for gid, group in GROUPS_EXPECTED.items()
        for member in group.members
        if (gid, member) not in written and member not in shared
    ]
    assert not missed


def test_rows_reach_every_class_and_word() -> None:
    """Each class group and each group's words are deleted whole, then each word."""
    assert _rows("class_group_list") == set(CLASS_GROUPS_EXPECTED)
    assert _rows("word_table") == set(CLASS_WORDS_EXPECTED)
    bases = _members("word_table")

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


def test_rows_reach_every_product_ingredient_and_name() -> None:
    """Each product is deleted whole, then each of its ingredients and names."""
    assert _rows("all") == set(PRODUCTS_EXPECTED)
    expected = {
        (pid, x) for pid, p in PRODUCTS_EXPECTED.items() for x in (*p.ingredients, *p.names)
    }
    assert _members("all") == expected


def test_rows_reach_every_nkda_reading_and_rxnorm_code() -> None:
    """Each 'no known allergies' spelling and code and each RxNorm code is deleted in turn."""
    assert set(_labels("no_known_allergy")) == NKDA_EXPECTED
    assert set(_labels("no_allergy_snomed")) == set(NO_ALLERGY_SNOMED_EXPECTED)
    codes = {*RXNORM_INGREDIENTS_EXPECTED, *RXNORM_PRODUCTS_EXPECTED}
    assert sorted(_labels("rxnorm")) == sorted(codes)
