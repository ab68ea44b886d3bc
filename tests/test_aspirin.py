"""Aspirin for elevated PGF2alpha: population, platelets and bleeding context (A13, PD22, AS1-AS6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mastcell import DoseRange, Indicator, Options, Patient, Recommendation, evaluate
from mastcell.knowledge.options import AntimediatorOptions, CytopeniaOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.model import LabResult
from mastcell.testing import AT, days_before, lab, med, patient

CODE = "antimediator.aspirin.consider"
STUDIED = DoseRange(low=81, high=500, unit="mg")  # A13 / MX19 (S32, S142)
PGF2A = lab("urine_pgf2a", 5000, "pg/mg{creat}")


def platelets(value: float = 200, unit: str = "10*9/L", days: float = 1) -> LabResult:
    return lab("platelets", value, unit, days_before(days))


def sm_adult(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["ism"])
    fields.setdefault("birth_date", date(1980, 1, 1))
    fields.setdefault("labs", [PGF2A, platelets()])
    return patient(**fields)


def one(p: Patient, options: Options | None = None) -> Recommendation:
    report = evaluate(p, at=AT, options=options)
    assert all(e.source in SOURCES for rec in report for e in rec.evidence)
    found = report.get(CODE)
    assert len(found) == 1, [r.summary for r in report]
    return found[0]


def assert_no_dose(rec: Recommendation) -> None:
    assert rec.medication is not None
    assert rec.medication.dose is None
    assert "clinician decision" in rec.detail
    assert rec.indicator is Indicator.INFO


class TestPopulation:
    """The dose is for adults with SM, the population S32/S142 studied (A13, MX19, PD22)."""

    def test_adult_sm_gets_the_studied_dose(self) -> None:
        """An adult with ISM and a recent normal count gets 81-500 mg twice daily (A13)."""
        rec = one(sm_adult())
        assert rec.medication is not None
        assert rec.medication.dose == STUDIED
        assert "AS4" in rec.detail
        assert "S142" in rec.sources

    @pytest.mark.parametrize("diagnoses", [["mcas"], ["cm"], ["mcas", "hat"]])
    def test_without_sm_no_dose(self, diagnoses: list[str]) -> None:
        """MCAS or CM without SM (the tester's MCAS-only adult): facts, no dose (S32, S142)."""
        rec = one(sm_adult(diagnoses=diagnoses))
        assert_no_dose(rec)
        assert "no systemic mastocytosis is recorded" in rec.detail
        assert "diagnoses" in [f.input for f in rec.findings]

    @pytest.mark.parametrize(
        ("birth", "dosed"),
        [
            pytest.param(date(2008, 11, 23), False, id="PD22-one-day-short-of-18"),
            pytest.param(date(2008, 11, 22), True, id="A13-exactly-18"),
            pytest.param(date(2010, 11, 22), False, id="PD22-16y-UK-limit-still-child"),
            pytest.param(date(2018, 6, 1), False, id="PD22-tester-child-8y"),
        ],
    )
    def test_child_no_dose_with_both_readings(self, birth: date, dosed: bool) -> None:
        """A child gets no aspirin dose; PD22's UK (16 y) and US (> 2 y, viral) readings shown."""
        rec = one(sm_adult(birth_date=birth))
        assert rec.medication is not None
        if dosed:
            assert rec.medication.dose == STUDIED
            return
        assert_no_dose(rec)
        assert "not proposed to a child" in rec.detail
        assert "UK - not under 16" in rec.detail
        assert "US - approved over 2 years" in rec.detail
        assert "S137" in rec.sources

    def test_unknown_age_no_dose(self) -> None:
        """Without an age the dose is not chosen and the age is asked for (PD22)."""
        rec = one(patient(diagnoses=["ism"], labs=[PGF2A, platelets()]))
        assert_no_dose(rec)
        assert "record it" in rec.detail


PLATELET_ROWS = [
    # AS1/AS2: no verified threshold; the library floor is CTCAE v5.0's grade-3 bound, 50.
    pytest.param(49, "10*9/L", False, 3, id="AS1-49-10*9/L-grade3-no-dose"),
    pytest.param(50, "10*9/L", True, 2, id="AS1-50-10*9/L-at-floor-dose"),
    pytest.param(51, "10*9/L", True, 2, id="AS1-51-10*9/L-dose"),
    pytest.param(49000, "/uL", False, 3, id="AS1-49000/uL"),
    pytest.param(50000, "/uL", True, 2, id="AS1-50000/uL"),
    pytest.param(51000, "/uL", True, 2, id="AS1-51000/uL"),
    pytest.param(49, "K/uL", False, 3, id="AS1-49K/uL"),
    pytest.param(50, "K/uL", True, 2, id="AS1-50K/uL"),
    pytest.param(51, "K/uL", True, 2, id="AS1-51K/uL"),
    pytest.param(30, "10*9/L", False, 3, id="AS1-tester-30-grade3"),
    pytest.param(24, "10*9/L", False, 4, id="AS1-24-grade4"),
]


class TestPlatelets:
    """Platelets: a recent count at or above the library floor (AS1, AS2, AS4; CTCAE v5.0)."""

    @pytest.mark.parametrize(("value", "unit", "dosed", "grade"), PLATELET_ROWS)
    def test_floor(self, value: float, unit: str, dosed: bool, grade: int) -> None:
        """Below 50 x10^9/L no dose; the count is shown with its CTCAE grade in any unit."""
        rec = one(sm_adult(labs=[PGF2A, platelets(value, unit)]))
        count = next(f for f in rec.findings if f.input == "labs[1]")
        assert count.threshold == 50.0
        assert count.comparison is not None
        assert count.comparison.value == (">=" if dosed else "<")
        assert f"grade {grade} (CTCAE v5.0)" in (count.note or "")
        assert "AS4" in rec.detail
        if dosed:
            assert rec.medication is not None
            assert rec.medication.dose == STUDIED
            assert "library convention" in rec.detail  # grade 2: low, shown with AS1
        else:
            # Below the floor aspirin is not proposed at all, with or without a dose (SR2,
            # issue 16 review): the facts are shown and the choice is the clinician's.
            assert rec.medication is None
            assert "Not proposed for this patient: aspirin" in rec.detail
            assert "bleeding risk" in rec.summary
            assert "AS1, NOT VERIFIED" in rec.detail
            assert "AS2" in rec.detail

    def test_floor_is_an_option(self) -> None:
        """With the convention switched off, 30 x10^9/L is shown but does not block (AS1)."""
        options = Options(antimediator=AntimediatorOptions(aspirin_min_platelets=None))
        rec = one(sm_adult(labs=[PGF2A, platelets(30)]), options)
        assert rec.medication is not None
        assert rec.medication.dose == STUDIED
        assert "grade 3" in rec.detail

    @pytest.mark.parametrize(
        ("days", "dosed"),
        [
            pytest.param(14, True, id="count_max_age-14d-fresh"),
            pytest.param(14.01, False, id="count_max_age-just-over-14d-stale"),
            pytest.param(30, False, id="count_max_age-30d-stale"),
        ],
    )
    def test_stale_count(self, days: float, dosed: bool) -> None:
        """A count older than CytopeniaOptions.count_max_age gives no dose: a new one is asked."""
        rec = one(sm_adult(labs=[PGF2A, platelets(200, days=days)]))
        assert rec.medication is not None
        if dosed:
            assert rec.medication.dose == STUDIED
        else:
            assert_no_dose(rec)
            assert "obtain a recent count" in rec.detail

    def test_staleness_window_is_the_cytopenia_option(self) -> None:
        """The staleness window is CytopeniaOptions.count_max_age, shared with the CBC rules."""
        options = Options(cytopenia=CytopeniaOptions(count_max_age=timedelta(days=30)))
        rec = one(sm_adult(labs=[PGF2A, platelets(200, days=20)]), options)
        assert rec.medication is not None
        assert rec.medication.dose == STUDIED

    def test_missing_count(self) -> None:
        """No platelet count at all: no dose, obtain one."""
        rec = one(sm_adult(labs=[PGF2A]))
        assert_no_dose(rec)
        assert "no platelet count is on record" in rec.detail

    def test_tester_case_with_cytopenia_work_up(self) -> None:
        """Platelets 30 with a high PGF2alpha: no aspirin dose next to the thrombocytopenia."""
        p = sm_adult(labs=[PGF2A, platelets(30)])
        report = evaluate(p, at=AT)
        (rec,) = report.get(CODE)
        assert rec.medication is None
        assert "platelets 30 x10^9/L (Platelet count decreased grade 3 (CTCAE v5.0))" in rec.detail


class TestCytoreductiveOnBoard:
    """A KIT inhibitor or cytoreductive drug on board is shown; the dose is left (AS6)."""

    @pytest.mark.parametrize(
        ("drug", "status", "dosed"),
        [
            pytest.param("midostaurin", "active", False, id="AS6-midostaurin-active"),
            pytest.param("avapritinib", "planned", False, id="AS6-avapritinib-planned"),
            pytest.param("hydroxyurea", "held", False, id="AS6-hydroxyurea-held"),
            pytest.param("midostaurin", "stopped", True, id="AS6-stopped-not-on-board"),
        ],
    )
    def test_on_board(self, drug: str, status: str, dosed: bool) -> None:
        """Active, held or planned cytoreduction: AS6 facts, no dose; stopped: the dose."""
        p = sm_adult(medications=[med(drug, 50, frequency="bid", status=status)])
        rec = one(p)
        assert rec.medication is not None
        if dosed:
            assert rec.medication.dose == STUDIED
            return
        assert_no_dose(rec)
        assert "AS6" in rec.detail
        assert "medications[0]" in [f.input for f in rec.findings]
