"""No valid patient crashes any rule, and every report keeps the engine's promises."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings

from mastcell import Patient, evaluate, report_from_dict, to_dict
from mastcell.knowledge.sources import SOURCES
from strategies import MOMENTS, SCENARIO_AT, patients, scenario_patients, valid_at

_PATH_ROOTS = (
    "labs",
    "medications",
    "procedures",
    "flares",
    "reactions",
    "adverse_events",
    "pain",
    "weight",
    "age",
    "birth_date",
    "symptom_control",
    "diagnoses",
    "tpsab1_extra_copies",
    "sex",
    "id",
    "pregnant",
    "lactating",
    "kit_d816v",
    "biopsies",
    "kit_tests",
    "skin",
    "organ_findings",
    "associated_neoplasm",
    "response_to_antimediators",
    "sensitisations",
    "scores",
)


class TestAnyPatient:
    @settings(max_examples=150)
    @given(patients(), MOMENTS)
    def test_evaluation_never_crashes_and_is_traceable(
        self, patient: Patient, at: datetime
    ) -> None:
        """Any valid patient at any time evaluates; every recommendation is well-formed."""
        patient = valid_at(patient, at)
        report = evaluate(patient, at=at)
        ranks = [r.indicator.rank for r in report]
        assert ranks == sorted(ranks)
        assert len(set(report.recommendations)) == len(report)
        for rec in report:
            assert rec.evidence, rec.code
            assert all(e.source in SOURCES for e in rec.evidence)
            assert len(rec.summary) <= 140
            for finding in rec.findings:
                assert finding.input.split("[")[0].split(".")[
                    0
                ] in _PATH_ROOTS or finding.input in ("medications", "labs", "procedures"), (
                    finding.input
                )
        assert report_from_dict(to_dict(report)) == report

    @settings(max_examples=50)
    @given(patients(), MOMENTS)
    def test_evaluation_is_deterministic(self, patient: Patient, at: datetime) -> None:
        """Evaluating twice gives the same report."""
        patient = valid_at(patient, at)
        assert evaluate(patient, at=at) == evaluate(patient, at=at)


class TestClinicalScenarios:
    @settings(max_examples=200)
    @given(scenario_patients())
    def test_scenarios_near_thresholds_never_crash(self, patient: Patient) -> None:
        """Patients near every rule's thresholds and dates evaluate, round-trip and stay traced."""
        patient = valid_at(patient, SCENARIO_AT)
        report = evaluate(patient, at=SCENARIO_AT)
        assert report_from_dict(to_dict(report)) == report
        for rec in report:
            assert rec.evidence, rec.code
            assert len(rec.summary) <= 140
