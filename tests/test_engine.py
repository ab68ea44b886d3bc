"""The engine: ordering, de-duplication, unused inputs, determinism, rule contracts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest

from mastcell import (
    Category,
    Indicator,
    InputError,
    RuleError,
    evaluate,
)
from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.sources import SOURCES
from mastcell.rules import Context, all_codes, registered_rules
from mastcell.rules.declare import decides
from mastcell.rules.registry import AREAS, _unregister
from mastcell.testing import AT, lab, med, patient
from mastcell.text import _TEMPLATES, template_of

TEST_CODES = (
    "monitoring.test.info",
    "monitoring.test.warning",
    "analgesia.test.critical",
    "monitoring.test.duplicate",
    "monitoring.test.undeclared",
    "monitoring.test.badsource",
)


def decision(code: str, indicator: str) -> Decision:
    """A toy decision citing S20, informing."""
    return Decision(
        code=code, indicator=Indicator(indicator), action=Action.INFORM, sources=("S20",)
    )


@pytest.fixture
def toy_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """A template for each toy code: its code as the summary, no detail."""
    template_of("emergency.epinephrine.prescribe")  # the real templates loaded first
    for code in TEST_CODES:
        monkeypatch.setitem(_TEMPLATES, (code, ""), lambda code=code: (code, ""))


ALL = (Indicator.INFO, Indicator.WARNING, Indicator.CRITICAL)


@pytest.fixture
def toy_rules(toy_templates: None) -> Iterator[None]:
    """Register toy rules that fire for patients with id 'toy', and remove them afterwards."""

    def toy(f: Facts) -> bool:
        return f.patient.id == "toy"

    @decides(
        "monitoring.test.info",
        "monitoring.test.warning",
        sources=("S20",),
        reads=(),
        indicators=ALL,
    )
    def toy_monitoring(f: Facts, c: Context) -> Sequence[Decision]:
        if not toy(f):
            return ()
        return (
            decision("monitoring.test.info", "info"),
            decision("monitoring.test.warning", "warning"),
        )

    @decides("analgesia.test.critical", sources=("S20",), reads=(), indicators=ALL)
    def toy_analgesia(f: Facts, c: Context) -> Sequence[Decision]:
        return (decision("analgesia.test.critical", "critical"),) if toy(f) else ()

    @decides("monitoring.test.duplicate", sources=("S20",), reads=(), indicators=ALL)
    def toy_duplicate(f: Facts, c: Context) -> Sequence[Decision]:
        if not toy(f):
            return ()
        return (
            decision("monitoring.test.duplicate", "info"),
            decision("monitoring.test.duplicate", "info"),
        )

    yield
    for code in TEST_CODES:
        _unregister(code)


class TestOrdering:
    def test_critical_then_warning_then_info(self, toy_rules: None) -> None:
        """Critical comes before warning before info; within an indicator, category then code."""
        report = evaluate(patient(id="toy"), at=AT, categories=["monitoring", "analgesia"])
        toy = [r for r in report if ".test." in r.code]
        assert [r.code for r in toy] == [
            "analgesia.test.critical",
            "monitoring.test.warning",
            "monitoring.test.duplicate",
            "monitoring.test.info",
        ]
        ranks = [(r.indicator.rank, list(Category).index(r.category), r.code) for r in report]
        assert ranks == sorted(ranks)

    def test_exact_duplicates_are_dropped(self, toy_rules: None) -> None:
        """Two identical recommendations appear once."""
        report = evaluate(patient(id="toy"), at=AT, categories=["monitoring"])
        assert report.codes.count("monitoring.test.duplicate") == 1

    def test_categories_filter(self, toy_rules: None) -> None:
        """Only the chosen categories' rules run."""
        report = evaluate(patient(id="toy"), at=AT, categories=[Category.ANALGESIA])
        assert {r.category for r in report} == {Category.ANALGESIA}


class TestContracts:
    def test_undeclared_code_is_a_rule_error(self, toy_templates: None) -> None:
        """A rule emitting a code it did not declare fails loudly (a bug, not a silent report)."""

        @decides("monitoring.test.info", sources=("S20",), reads=(), indicators=ALL)
        def liar(f: Facts, c: Context) -> Sequence[Decision]:
            return (decision("monitoring.test.undeclared", "info"),)

        try:
            with pytest.raises(RuleError, match="undeclared"):
                evaluate(patient(), at=AT, categories=["monitoring"])
        finally:
            _unregister("monitoring.test.info")

    def test_undeclared_indicator_is_a_rule_error(self, toy_templates: None) -> None:
        """A rule giving an indicator it did not declare fails loudly (no silent escalation)."""

        @decides("monitoring.test.info", sources=("S20",), reads=(), indicators=(Indicator.INFO,))
        def escalator(f: Facts, c: Context) -> Sequence[Decision]:
            return (decision("monitoring.test.info", "critical"),)

        try:
            with pytest.raises(RuleError, match="undeclared indicator 'critical'"):
                evaluate(patient(), at=AT, categories=["monitoring"])
        finally:
            _unregister("monitoring.test.info")

    def test_every_rule_declares_its_indicators(self) -> None:
        """Every registered rule declares the indicators it may give (shown in the catalogue)."""
        undeclared = [r.name for r in registered_rules() if not r.indicators]
        assert not undeclared

    def test_unknown_source_is_refused_at_registration(self) -> None:
        """A rule citing a source id missing from the registry cannot be registered."""
        with pytest.raises(KeyError, match="S999"):
            decides("monitoring.test.badsource", sources=("S999",), reads=(), indicators=ALL)

    def test_codes_of_one_rule_share_a_category(self) -> None:
        """A rule's codes must share one category."""
        with pytest.raises(RuleError):
            decides("monitoring.a", "analgesia.b", sources=("S20",), reads=(), indicators=ALL)

    def test_every_rule_declares_known_sources_and_a_title(self) -> None:
        """Every registered rule cites registered sources and has a title and a trigger text."""
        rules = registered_rules()
        assert rules
        for r in rules:
            assert r.sources, r.name
            assert set(r.sources) <= set(SOURCES), r.name
            assert r.title, r.name
            assert r.trigger, r.name

    def test_all_rule_modules_import(self) -> None:
        """Every area module listed in the registry exists and registers at least one rule."""
        modules = {r.name.rsplit(".", 1)[0] for r in registered_rules()}
        assert set(AREAS) <= modules

    def test_codes_are_unique_to_one_category(self) -> None:
        """Each code's category is its first segment."""
        for code, rules in all_codes().items():
            assert all(r.category is Category.of(code) for r in rules)


class TestInputs:
    @pytest.mark.parametrize("at", ["2026-11-22T12:00:00", "yesterday", datetime(2026, 11, 22)])
    def test_naive_or_malformed_time_is_refused(self, at: object) -> None:
        """The evaluation time must be aware: durations are measured against it."""
        with pytest.raises(InputError, match=r"^at: "):
            evaluate(patient(), at=at)  # type: ignore[arg-type]

    def test_unknown_category_is_refused(self) -> None:
        """An unknown category is an error naming the choices, not an empty report."""
        with pytest.raises(InputError, match="categories"):
            evaluate(patient(), at=AT, categories=["haematology"])

    def test_at_defaults_to_now(self) -> None:
        """Without ``at`` the report is stamped with the current time (UTC)."""
        before = datetime.now(UTC)
        report = evaluate(patient())
        assert before <= report.evaluated_at <= datetime.now(UTC)

    def test_unused_inputs_are_reported(self) -> None:
        """Unclassified drugs, unvetted agents and future labs are listed, not dropped."""
        p = patient(
            diagnoses=["ism"],
            labs=[lab("anc", 1.5, "10*9/L", time=AT + timedelta(days=1))],
            medications=[med("levothyroxine"), med("cetirizine", 10, frequency="daily")],
        )
        report = evaluate(p, at=AT)
        reasons = {u.input: u.reason for u in report.unused_inputs}
        assert "unclassified drug 'levothyroxine'" in reasons["medications[0]"]
        assert "medications[1]" not in reasons
        assert "after the evaluation time" in reasons["labs[0]"]

    def test_labs_no_evaluated_rule_reads(self) -> None:
        """A lab of an analyte no evaluated rule reads is reported as unused."""
        p = patient(diagnoses=["ism"], labs=[lab("anc", 1.5, "10*9/L")])
        report = evaluate(p, at=AT, categories=["emergency"])
        assert [u.input for u in report.unused_inputs] == ["labs[0]"]


class TestDeterminism:
    def test_same_input_same_report(self) -> None:
        """The same patient and time give equal reports (and equal JSON)."""
        p = patient(
            diagnoses=["asm"],
            weight_kg=70,
            labs=[lab("anc", 0.8, "10*9/L")],
            medications=[med("midostaurin", 100, frequency="bid")],
        )
        first, second = evaluate(p, at=AT), evaluate(p, at=AT)
        assert first == second
        assert first.to_json() == second.to_json()


class TestEndToEnd:
    def test_epinephrine_rule_through_the_engine(self) -> None:
        """A real rule runs end to end: code, indicator, dose, findings and cited evidence."""
        p = patient(
            diagnoses=["mcas"],
            weight_kg=22,
            medications=[med("EpiPen Jr", 0.15, route="im", quantity=1)],
        )
        report = evaluate(p, at=AT, categories=["emergency"])
        (rec,) = report.get("emergency.epinephrine.prescribe")
        assert rec.indicator is Indicator.WARNING
        assert rec.medication is not None
        assert rec.medication.dose is not None
        assert str(rec.medication.dose) == "0.15 mg"
        assert {f.input for f in rec.findings} == {"medications[0]", "weight"}
        assert {"S16", "S44"} <= set(rec.sources)
        assert all(e.citation == SOURCES[e.source].citation for e in rec.evidence)
