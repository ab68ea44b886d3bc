"""Every fact of the diagnosis sheet's sections 2-5: its use documented, cited, and tested.

The fact-use table (``mastcell.knowledge.diagnosis_facts``) lists every DX, BC, MC and SC id
with what mastcell does with it; the "Diagnosis and classification" page renders it. These
tests check the table against the registry, the code and the page, check that each id is cited
by a test row, and hold the rows for the facts mastcell does not apply (what it does instead).
"""

from __future__ import annotations

import ast
import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

from diagnosis_builders import baseline, complete, marrow, mcas_met, result
from mastcell import (
    AssociatedNeoplasm,
    Biopsy,
    Flare,
    InputError,
    KitTest,
    OrganFindings,
    Patient,
    Score,
    patient_from_dict,
)
from mastcell.diagnosis.advice import MarrowWhy, marrow_reasons
from mastcell.diagnosis.inputs import read_inputs
from mastcell.knowledge.diagnosis_facts import FACT_USES, SHEET_PREFIXES, FactUse
from mastcell.knowledge.facts import FACT_ID, FACTS, fact_ids_in
from mastcell.model.classification import BFinding, MinorCriterion
from mastcell.testing import AT, lab

ROOT = Path(__file__).resolve().parent.parent

#: The code that applies or states the diagnosis facts.
DECISION_CODE = (
    *sorted((ROOT / "src" / "mastcell" / "diagnosis").glob("*.py")),
    ROOT / "src" / "mastcell" / "rules" / "diagnosis.py",
    *(
        ROOT / "src" / "mastcell" / "knowledge" / f"{name}.py"
        for name in ("diagnosis", "findings", "mcas", "scores", "tryptase", "options")
    ),
    ROOT / "src" / "mastcell" / "tryptase.py",
)


def _catalogue() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "mastcell_catalogue", ROOT / "docs" / "_ext" / "mastcell_catalogue.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cited_in(source: str, name: str) -> dict[str, set[str]]:
    """The fact ids each test function of ``source`` cites: in its parametrize rows (their
    comments included), its docstring or its body; module and class docstrings and helper
    functions do not count."""
    lines = source.splitlines()
    cited: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test"):
            continue
        first = min([d.lineno for d in node.decorator_list] + [node.lineno])
        text = "\n".join(lines[first - 1 : node.end_lineno])
        for fact in fact_ids_in(text):
            cited.setdefault(fact, set()).add(f"{name}::{node.name}")
    return cited


def cited_by_test_rows() -> dict[str, set[str]]:
    """The fact ids the test functions of every test module cite."""
    cited: dict[str, set[str]] = {}
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for fact, where in cited_in(path.read_text(encoding="utf-8"), path.name).items():
            cited.setdefault(fact, set()).update(where)
    return cited


def sheet_ids() -> list[str]:
    """The registered ids of sections 2-5 of the diagnosis sheet, in the registry's order."""
    return [
        f
        for f, fact in FACTS.items()
        if fact.document == "diagnosis sheet" and f.rstrip("0123456789") in SHEET_PREFIXES
    ]


class TestEveryFactHasATestRow:
    """The done-when of issue 19: table-driven tests per fact id, each row citing it."""

    def test_the_sheet_ranges_are_complete(self) -> None:
        """The sheet's sections 2-5 run DX1-DX25, BC1-BC11, MC1-MC14, SC1-SC9, none skipped."""
        ids = sheet_ids()
        for prefix, last in zip(SHEET_PREFIXES, (25, 11, 14, 9), strict=True):
            assert [f for f in ids if f.startswith(prefix)] == [
                f"{prefix}{i}" for i in range(1, last + 1)
            ]

    def test_every_id_is_cited_by_a_test_row(self) -> None:
        """Each fact id of sections 2-5 is cited by at least one test function or its rows."""
        cited = cited_by_test_rows()
        missing = [f for f in sheet_ids() if f not in cited]
        assert not missing, missing

    def test_the_scan_counts_test_rows_only(self) -> None:
        """A row's comment, a test's docstring or body count; a module or class docstring or a
        helper does not (ids outside the sheet's ranges, so this test cites none of them)."""
        source = "\n".join(
            [
                '"""Module: DX91."""',
                "class TestX:",
                '    """Class: DX92."""',
                "    @pytest.mark.parametrize('x', [",
                "        1,  # DX93",
                "    ])",
                "    def test_a(self, x):",
                '        """DX94."""',
                "        assert 'DX95'",
                "    def helper(self):",
                "        return 'DX96'",
            ]
        )
        assert cited_in(source, "m") == {f"DX9{i}": {"m::test_a"} for i in (3, 4, 5)}


class TestFactUseTable:
    """knowledge.diagnosis_facts lists every id of sections 2-5 with its use, and the page
    renders it."""

    def test_lists_exactly_the_sheet_ids_in_order(self) -> None:
        """Every id of sections 2-5, in the sheet's order, and nothing else."""
        assert list(FACT_USES) == sheet_ids()
        assert all(FACT_USES[f].fact == f for f in FACT_USES)

    def test_applied_and_stated_facts_are_cited_by_the_code(self) -> None:
        """A fact the table says is applied or stated is cited where the code uses it."""
        cited: set[str] = set()
        for path in DECISION_CODE:
            cited |= fact_ids_in(path.read_text(encoding="utf-8"))
        used = [f for f, u in FACT_USES.items() if u.use is not FactUse.NOT_APPLIED]
        assert [f for f in used if f not in cited] == []

    def test_each_entry_says_how_or_why_not(self) -> None:
        """Each entry has a sentence (a not-applied one a reason); the ids it cites resolve."""
        for usage in FACT_USES.values():
            assert usage.how.endswith(".")
            assert len(usage.how) > (60 if usage.use is FactUse.NOT_APPLIED else 30)
            assert all(f in FACTS for f in FACT_ID.findall(usage.how))

    def test_the_page_renders_every_row(self) -> None:
        """The generated table has one row per fact, with its tag, use and text."""
        page = _catalogue().diagnosis_facts_page()
        rows = [line for line in page.splitlines() if line.startswith("| [")]
        assert len(rows) == len(FACT_USES)
        for row, usage in zip(rows, FACT_USES.values(), strict=True):
            fact = FACTS[usage.fact]
            assert row.startswith(f"| [{fact.id}](#{fact.anchor}) | {fact.tag.value} | ")
            assert f" | {usage.use.value} | {usage.how} |" in row

    def test_the_diagnosis_page_includes_it(self) -> None:
        """The Diagnosis page includes the generated table under its heading."""
        page = (ROOT / "docs" / "diagnosis.md").read_text(encoding="utf-8")
        assert "## How each fact is used" in page
        assert "_generated/diagnosis_facts.md" in page


def _row(fact: str) -> str:
    page: str = _catalogue().diagnosis_facts_page()
    (row,) = [line for line in page.splitlines() if line.startswith(f"| [{fact}](")]
    return row


class TestNotApplied:
    """The facts mastcell does not apply: listed on the page with why, and what it does."""

    @pytest.mark.parametrize(
        ("fact", "why"),
        [
            ("DX9", "No input records the method or the number of events"),  # flow events
            ("DX19", "Prognosis, not classification"),  # DX19: survival, MAPS
            ("DX20", "changes no type or subtype"),  # DX20: well-differentiated SM
            ("MC9", "no decision rests on it"),  # MC9: HaT prevalence
            ("MC10", "The per-copy rise"),  # MC10: about 9-10 ng/mL per copy
            ("MC14", "overdiagnosis risk"),  # MC14: consensus-2
            ("SC3", "REMA is never computed"),  # SC3: point values NOT VERIFIED
            ("SC5", "ISM-SAF total is kept as entered"),  # SC5
            ("SC6", "MAS total is kept as entered"),  # SC6
            ("SC7", "MCT total is kept as entered"),  # SC7
            ("SC8", "not an instrument of `scores[]`"),  # SC8: MSAF
            ("SC9", "informational"),  # SC9: PROMs in trials
        ],
    )
    def test_listed_as_not_applied_with_why(self, fact: str, why: str) -> None:
        """The page lists the fact as not applied and says why."""
        row = _row(fact)
        assert " | not applied | " in row
        assert why in row

    def test_flow_results_are_read_as_reported(self) -> None:
        """DX9: CD25 on mast cells counts as reported; no input holds a flow event count."""
        c = result(Patient(biopsies=[marrow(cd25=True)]))
        assert c.who2022.minor[MinorCriterion.PHENOTYPE].status.value == "met"
        assert not any("event" in f.name for f in attrs.fields(Biopsy))

    def test_lymphoid_neoplasm_note_names_sm_aln(self) -> None:
        """DX19: a lymphoid neoplasm under ICC is analysed apart (SM-ALN), said, not scored."""
        p = complete(associated_neoplasm=AssociatedNeoplasm(name="CLL", lineage="lymphoid"))
        (note,) = [n for n in result(p).notes if "SM-ALN" in n]
        assert "DX19" in note

    def test_no_well_differentiated_input(self) -> None:
        """DX20: no biopsy field records well-differentiated morphology."""
        assert not any("differentiated" in f.name for f in attrs.fields(Biopsy))

    @pytest.mark.parametrize(
        ("value", "copies", "who"),
        [
            (40.0, 1, "not_met"),  # MC10, DX5: 40 / (1 + 1) = 20, not above (not 40 - 10 = 30)
            (41.0, 1, "met"),  # DX5: 20.5
            (62.0, 2, "met"),  # MC10, DX5: 62 / 3 = 20.7 (not 62 - 20 = 42)
            (60.0, 2, "not_met"),  # MC10, DX5: 60 / 3 = 20
        ],
    )
    def test_no_per_copy_increment(self, value: float, copies: int, who: str) -> None:
        """MC10: the per-copy rise is not used; WHO 2022 divides by 1 + extra copies (DX5)."""
        p = Patient(labs=[baseline(value, 60), baseline(value, 2)], tpsab1_extra_copies=copies)
        assert result(p).who2022.minor[MinorCriterion.TRYPTASE].status.value == who


def _urine(value: float) -> Any:
    return lab("urine_lte4", value, "pg/mg{creat}", AT - timedelta(days=5, hours=-2))


class TestConsensusTwoNeverChangesTheStatus:
    """MC14: the 'consensus-2' items are never read for MCAS."""

    @pytest.mark.parametrize(
        ("acute", "status"),
        [
            (None, "indeterminate"),  # MC14: criterion B unknown stays unknown
            (7.0, "not_met"),  # MC14: B not met (7 <= 1.2 x 5 + 2) stays not met
        ],
    )
    def test_its_items_leave_the_status(self, acute: float | None, status: str) -> None:
        """MC14: mast cells in a GI biopsy with CD2/CD25, KIT V560G (codon 560), a raised
        urinary mediator and a response to therapy change neither the status nor a criterion."""
        onset = AT - timedelta(days=5)
        labs = [lab("tryptase", 5, "ng/mL", onset - timedelta(days=20), role="baseline")]
        if acute is not None:
            labs.append(lab("tryptase", acute, "ng/mL", onset + timedelta(hours=2), role="acute"))
        plain = mcas_met(labs=labs)
        consensus_two = mcas_met(
            labs=[*labs, _urine(5000)],
            biopsies=[
                Biopsy(date=date(2026, 9, 1), site="gi", aggregates=False, cd25=True, cd2=True)
            ],
            kit_tests=[
                KitTest(
                    date=date(2026, 9, 1),
                    variant="V560G",
                    result="detected",
                    specimen="blood",
                    method="ngs",
                )
            ],
        )
        a, b = result(plain).mcas, result(consensus_two).mcas
        assert a.status.value == status
        assert b.status is a.status
        assert {k: v.status for k, v in b.criteria.items()} == {
            k: v.status for k, v in a.criteria.items()
        }


class TestRemaIsEnteredNeverComputed:
    """SC2, SC3: an entered REMA is read; REMA is never computed from its items."""

    @staticmethod
    def _patient(*scores: Score) -> Patient:
        # Every item of the unverified REMA table (S230) at its most: male, syncope,
        # anaphylaxis, a baseline of 30 ng/mL; a food trigger keeps NICAS out and no
        # genotype keeps the genotype limit out.
        flare = Flare(
            onset=AT - timedelta(days=30),
            anaphylaxis=True,
            syncope=True,
            urticaria=False,
            angioedema=False,
            trigger="food",
        )
        return Patient(sex="male", flares=[flare], labs=[baseline(30)], scores=list(scores))

    @pytest.mark.parametrize(
        ("entered", "reasons"),
        [
            ((), []),  # SC3: nothing entered: no REMA, whatever its items would score
            ((2.0,), [("REMA", 2.0)]),  # SC2: the entered value is read (>= 2)
            ((1.0,), []),  # SC2, SC3: the entered 1 decides, not a computed score
            ((3.0, 1.0), []),  # SC2: the latest dated entry decides
        ],
    )
    def test_entered_value_decides(
        self, entered: tuple[float, ...], reasons: list[tuple[str, float]]
    ) -> None:
        """SC2, SC3: the marrow suggestion reads the entered REMA only."""
        scores = [
            Score(instrument="rema", value=v, date=date(2026, 10, 1) + timedelta(days=i))
            for i, v in enumerate(entered)
        ]
        found = marrow_reasons(read_inputs(self._patient(*scores), AT))
        rema = [r for r in found if r.why is MarrowWhy.REMA]
        assert [v for r in rema for v in r.values] == reasons
        assert [r for r in found if r.why is not MarrowWhy.REMA] == []

    def test_no_rema_in_the_classification(self) -> None:
        """SC3: the classification holds no REMA, entered or computed."""
        data = result(self._patient()).to_dict()
        assert "rema" not in repr(data).lower()


class TestEnteredProms:
    """SC5-SC8: patient-reported totals are kept as entered, never interpreted."""

    @pytest.mark.parametrize(
        ("instrument", "value"),
        [
            ("ism_saf", 60.0),  # SC5: no TSS cut-off applied
            ("mas", 30.0),  # SC6: no scoring applied
            ("mct", 12.0),  # SC7: below 13 (poor control): not read
            ("mct", 13.0),  # SC7: at 13: not read
        ],
    )
    def test_they_change_nothing(self, instrument: str, value: float) -> None:
        """SC5-SC7: an entered total changes neither the classification nor the marrow advice."""
        score = Score(instrument=instrument, value=value, date=date(2026, 10, 1))
        base = complete()
        with_score = complete(scores=[score])
        assert result(with_score).to_dict() == result(base).to_dict()
        plain = Patient(sex="female")
        scored = Patient(sex="female", scores=[score])
        assert marrow_reasons(read_inputs(scored, AT)) == ()
        assert result(scored).to_dict() == result(plain).to_dict()

    def test_msaf_is_not_an_instrument(self) -> None:
        """SC8: an MSAF total is refused with the field and the instruments accepted."""
        with pytest.raises(InputError, match=r"scores\[0\]\.instrument: expected one of rema"):
            patient_from_dict({"scores": [{"instrument": "msaf", "value": 3}]})


class TestOrganSize:
    """BC10: organ size cut-offs are not verified: organomegaly is the clinician's yes/no."""

    def test_no_liver_or_spleen_size_input(self) -> None:
        """BC10: the organ findings hold no liver or spleen size (only lymph nodes and bone)."""
        sized = {f.name for f in attrs.fields(OrganFindings) if f.name.endswith("_cm")}
        assert sized == {"lymphadenopathy_cm", "osteolysis_cm"}

    @pytest.mark.parametrize("organ", ["hepatomegaly", "splenomegaly"])
    def test_enlargement_is_read_as_recorded(self, organ: str) -> None:
        """BC10, BC3: an enlarged organ without dysfunction is a B3 item, whatever its size."""
        c = result(complete(organs={organ: True}))
        assert [r.b_findings[BFinding.ORGANOMEGALY].status.value for r in c.schemes] == [
            "met",
            "met",
        ]
