"""Referral to a specialist centre: advanced SM (S46), C-finding cytopenia, refractory symptoms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest

from mastcell import Indicator, Options, Patient, Recommendation, evaluate
from mastcell.knowledge.options import MonitoringOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, days_before, lab, patient

CODE = "referral.specialist_center"


def run(p: Patient, options: Options | None = None) -> tuple[Recommendation, ...]:
    report = evaluate(p, at=AT, categories=["referral"], options=options)
    for rec in report:
        assert all(e.source in SOURCES for e in rec.evidence)
    return report.get(CODE)


def monitoring(**fields: Any) -> Options:
    return Options(monitoring=attrs.evolve(MonitoringOptions(), **fields))


class TestAdvancedSm:
    """Advanced SM is the confirmed trigger (S46)."""

    @pytest.mark.parametrize("diagnosis", ["asm", "sm-ahn", "mcl"])
    def test_fires(self, diagnosis: str) -> None:
        """Each advanced subtype refers, as a warning citing S46."""
        (rec,) = run(patient(diagnoses=[diagnosis]))
        assert rec.indicator is Indicator.WARNING
        assert "S46" in rec.sources
        assert rec.findings[0].input == "diagnoses"

    @pytest.mark.parametrize("diagnosis", ["ism", "ssm", "cm", "mcas"])
    def test_silent_otherwise(self, diagnosis: str) -> None:
        """Non-advanced disorders with nothing else do not refer."""
        assert not run(patient(diagnoses=[diagnosis]))


class TestCytopenia:
    """A cytopenia at WHO C-finding level (S11, S27) refers."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "fires"),
        [
            ("anc", 1.0, "10*9/L", False),  # 2.2.4: ANC < 1
            ("anc", 0.99, "10*9/L", True),
            ("anc", 1000, "/uL", False),
            ("anc", 990, "/uL", True),
            ("hemoglobin", 10.0, "g/dL", False),  # Hb < 10 g/dL
            ("hemoglobin", 9.9, "g/dL", True),
            ("hemoglobin", 100, "g/L", False),
            ("hemoglobin", 99, "g/L", True),
            ("platelets", 100, "K/uL", False),  # platelets < 100
            ("platelets", 99, "K/uL", True),
            ("platelets", 100000, "/uL", False),
            ("platelets", 99000, "/uL", True),
        ],
    )
    def test_thresholds(self, analyte: str, value: float, unit: str, fires: bool) -> None:
        """At each threshold it is silent; just below it refers, in two units."""
        found = run(patient(diagnoses=["ism"], labs=[lab(analyte, value, unit)]))
        assert bool(found) is fires
        if fires:
            finding = found[0].findings[0]
            assert finding.input == "labs[0]"
            assert finding.comparison is not None
            assert finding.comparison.value == "<"

    def test_latest_count_decides(self) -> None:
        """A recovered newer count silences an older low one."""
        p = patient(
            diagnoses=["ism"],
            labs=[
                lab("platelets", 60, "K/uL", days_before(10)),
                lab("platelets", 150, "K/uL", days_before(1)),
            ],
        )
        assert not run(p)

    def test_future_count_ignored(self) -> None:
        """A count drawn after the evaluation moment is not read."""
        p = patient(diagnoses=["ism"], labs=[lab("anc", 0.5, "10*9/L", AT + timedelta(hours=1))])
        assert not run(p)

    def test_stale_count_noted(self) -> None:
        """An old low count still refers, and the finding asks for a repeat."""
        p = patient(diagnoses=["ism"], labs=[lab("hemoglobin", 8, "g/dL", days_before(60))])
        (rec,) = run(p)
        assert rec.findings[0].note is not None
        assert "repeat" in rec.findings[0].note

    def test_derived_anc(self) -> None:
        """An ANC derived from WBC x neutrophil % counts, with both inputs cited."""
        p = patient(
            diagnoses=["mcas"], labs=[lab("wbc", 2.0, "K/uL"), lab("neutrophils_pct", 40, "%")]
        )
        (rec,) = run(p)
        assert [f.input for f in rec.findings] == ["labs[0]", "labs[1]"]
        assert rec.findings[0].derived

    def test_needs_a_mast_cell_disorder(self) -> None:
        """A cytopenia alone, without a mast cell disorder, is not this rule's business."""
        assert not run(patient(labs=[lab("anc", 0.5, "10*9/L")]))


class TestRefractoryAndSeedScope:
    """Refractory symptoms (SEED-ONLY trigger) and referral of every disorder (SEED-ONLY, off)."""

    @pytest.mark.parametrize(
        ("control", "fires"),
        [("refractory", True), ("inadequate", False), ("partial", False), (None, False)],
    )
    def test_refractory(self, control: str | None, fires: bool) -> None:
        """Only refractory symptoms refer, as info, stated SEED-ONLY."""
        found = run(patient(diagnoses=["mcas"], symptom_control=control))
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.INFO
            assert "SEED-ONLY" in found[0].detail

    def test_refractory_option_off(self) -> None:
        """A clinician can switch the SEED-ONLY refractory trigger off."""
        p = patient(diagnoses=["mcas"], symptom_control="refractory")
        assert not run(p, monitoring(refer_refractory=False))

    def test_refer_all_option(self) -> None:
        """The seeds' wider use refers every disorder only when switched on."""
        p = patient(diagnoses=["mcas"])
        assert not run(p)
        (rec,) = run(p, monitoring(refer_all_mast_cell_disorders=True))
        assert "SEED-ONLY" in rec.detail

    def test_one_recommendation_with_all_findings(self) -> None:
        """Advanced SM, a cytopenia and refractory symptoms make one card with every finding."""
        p = patient(
            diagnoses=["asm"],
            symptom_control="refractory",
            labs=[lab("platelets", 80, "K/uL"), lab("hemoglobin", 9, "g/dL")],
        )
        (rec,) = run(p)
        inputs = [f.input for f in rec.findings]
        assert inputs.count("diagnoses") == 1
        assert {"labs[0]", "labs[1]", "symptom_control"} <= set(inputs)
        assert rec.indicator is Indicator.WARNING
