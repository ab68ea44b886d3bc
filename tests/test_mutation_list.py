"""The mutation check's data stays applicable (mutation/mutants.toml, issue 21).

The check itself runs before a release (``python mutation/run.py``), not here: it runs the
tests once per mutant. What this file checks, in milliseconds, is that every curated mutant
still applies to the code as it is (its original text found exactly once, the mutated file
still Python), that the list covers every kind with at least 40 mutants including the issue's
survivors, and that the row-deletion mode reaches every row the pins expect. A change to a
line a mutant targets fails here, so the list is updated with the code.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from test_pins import CLASS_WORDS_EXPECTED, CYP3A_EXPECTED, GROUPS_EXPECTED

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


def test_rows_reach_every_expected_row() -> None:
    """Row mode deletes each CYP3A listing, each group, each member and each class word."""
    rows = TOOL.row_mutants(ROWS)
    members = sum(len(m) for m, _f, _v in GROUPS_EXPECTED.values())
    opioid_words = len(CLASS_WORDS_EXPECTED["opioids"])
    expected = (
        len(CYP3A_EXPECTED)
        + len(GROUPS_EXPECTED)
        + members
        + opioid_words
        + len(CLASS_WORDS_EXPECTED)
    )
    assert len(rows) == expected
    assert len({m.id for m in rows}) == len(rows)
    for mutant in rows:
        (edit,) = mutant.edits
        tree = ast.parse(edit.replacement)
        assert tree.body
        assert len(edit.replacement) < len(edit.original)
