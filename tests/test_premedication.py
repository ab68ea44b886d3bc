"""The premedication schedule: TMS / Castells protocol (fact sheet O10, S35) as timed doses."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import evaluate
from mastcell.knowledge.options import Options, PerioperativeOptions
from mastcell.model import (
    Age,
    DoseAdvice,
    DoseAmount,
    DoseRange,
    Frequency,
    Indicator,
    Patient,
    Procedure,
    Recommendation,
    Route,
)
from mastcell.testing import AT, med, patient

CODE = "perioperative.premedication"
DAY = date(2026, 12, 3)  # 11 days after AT
START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # the default assumed start on DAY


def _premed(p: Patient, options: Options | None = None) -> list[Recommendation]:
    return list(evaluate(p, at=AT, categories=["perioperative"], options=options).get(CODE))


def _adult(**kwargs: Any) -> Patient:
    fields: dict[str, Any] = {"diagnoses": ["ism"], "birth_date": date(1971, 4, 2)}
    fields.update(kwargs)
    return patient(**fields)


def _surgery(when: date | datetime = DAY, kind: str = "surgery") -> Procedure:
    return Procedure(kind=kind, date=when, anesthesia="general")


def _by_drug(rec: Recommendation) -> dict[str, list[DoseAdvice]]:
    out: dict[str, list[DoseAdvice]] = {}
    for dose in rec.schedule:
        out.setdefault(dose.drug, []).append(dose)
    return out


def _born_years_before(years: int, days: int = 0) -> date:
    return date(AT.year - years, AT.month, AT.day) + timedelta(days=days)


class TestAdultSchedule:
    """An adult's schedule follows O10 with concrete times from the procedure start."""

    def test_times_and_doses_from_a_date_only_procedure(self) -> None:
        """A date-only procedure starts at the assumed 08:00; each dose falls where O10 puts it."""
        (rec,) = _premed(_adult(procedures=[_surgery()]))
        doses = _by_drug(rec)
        # O10: prednisone 50 mg 24 h and 1-2 h before (window opens 2 h before)
        assert [d.at for d in doses["prednisone"]] == [
            START - timedelta(hours=24),
            START - timedelta(hours=2),
        ]
        assert all(d.dose == DoseAmount(value=50, unit="mg") for d in doses["prednisone"])
        # O10: diphenhydramine 25-50 mg, H2, montelukast 10 mg 1 h before
        for drug in ("diphenhydramine", "famotidine", "montelukast"):
            assert [d.at for d in doses[drug]] == [START - timedelta(hours=1)]
        assert doses["diphenhydramine"][0].dose == DoseRange(low=25, high=50, unit="mg")
        assert doses["montelukast"][0].dose == DoseAmount(value=10, unit="mg")
        assert all(d.route is Route.ORAL for d in rec.schedule)
        assert all(d.frequency is Frequency.ONCE for d in rec.schedule)

    def test_schedule_is_in_time_order(self) -> None:
        """Doses are listed in the order they fall due."""
        (rec,) = _premed(_adult(procedures=[_surgery()]))
        times = [d.at for d in rec.schedule]
        assert times == sorted(t for t in times if t is not None)

    def test_assumed_start_is_stated(self) -> None:
        """The assumption about the start time is stated in the detail and in each timing."""
        (rec,) = _premed(_adult(procedures=[_surgery()]))
        assert "assumed" in rec.detail
        assert all(d.timing is not None and "assumed 08:00" in d.timing for d in rec.schedule)
        assert "between 2026-12-03 06:00 UTC and 2026-12-03 07:00 UTC" in (
            rec.schedule[1].timing or ""
        )

    def test_assumed_start_option_shifts_times(self) -> None:
        """A clinician's assumed start moves every dose with it."""
        options = Options(perioperative=PerioperativeOptions(assumed_start=time(13, 30)))
        (rec,) = _premed(_adult(procedures=[_surgery()]), options)
        start = datetime(2026, 12, 3, 13, 30, tzinfo=UTC)
        assert rec.schedule[0].at == start - timedelta(hours=24)
        assert rec.schedule[-1].at == start - timedelta(hours=1)

    def test_given_start_time_is_used_as_is(self) -> None:
        """A procedure with an aware start time gives times from it, with no assumption."""
        start = datetime(2026, 12, 3, 14, 30, tzinfo=timezone(timedelta(hours=1)))
        (rec,) = _premed(_adult(procedures=[_surgery(start)]))
        assert rec.schedule[0].at == start - timedelta(hours=24)
        assert all("assumed" not in (d.timing or "") for d in rec.schedule)
        assert "(assumed" not in rec.detail

    def test_hydroxyzine_option_takes_the_h1_slot(self) -> None:
        """PerioperativeOptions.premedication_h1 = hydroxyzine gives hydroxyzine 25 mg (O10)."""
        options = Options(perioperative=PerioperativeOptions(premedication_h1="hydroxyzine"))
        (rec,) = _premed(_adult(procedures=[_surgery()]), options)
        doses = _by_drug(rec)
        assert "diphenhydramine" not in doses
        assert doses["hydroxyzine"][0].dose == DoseAmount(value=25, unit="mg")

    def test_indicator_and_evidence(self) -> None:
        """Premedication is a warning citing the protocol (S35) and the REMA series (S36)."""
        (rec,) = _premed(_adult(procedures=[_surgery()]))
        assert rec.indicator is Indicator.WARNING
        assert {"S35", "S36"} <= set(rec.sources)
        assert rec.findings[0].input == "procedures[0]"


class TestH2Slot:
    """Ranitidine's slot: the class is proposed, no substitute dose is invented (O10)."""

    def test_no_ranitidine_and_no_invented_dose(self) -> None:
        """The H2 entry is famotidine without a dose, and says the source gives none."""
        (rec,) = _premed(_adult(procedures=[_surgery()]))
        doses = _by_drug(rec)
        assert "ranitidine" not in doses
        (h2,) = doses["famotidine"]
        assert h2.dose is None
        assert "no substitute dose" in (h2.note or "")
        assert "ranitidine" in rec.detail


class TestChildVariant:
    """Child doses follow O10 checked against the labels (PD9, PD15); unknown age gets none."""

    @pytest.mark.parametrize(
        ("birth", "prednisone", "diphenhydramine", "montelukast"),
        [
            # O10 adult doses from 12 years; montelukast by the label band 6-14 y (PD15, PD-C2)
            pytest.param(
                _born_years_before(12),
                DoseAmount(value=50, unit="mg"),
                DoseRange(low=25, high=50, unit="mg"),
                DoseAmount(value=5, unit="mg"),
                id="O10-PD15-exactly-12y-adult-montelukast-5mg",
            ),
            # O10 child (<12 y): prednisone 20 mg, diphenhydramine 12.5 mg (within PD9's
            # 6-11 y band); montelukast 5 mg (PD15 6-14 y)
            pytest.param(
                _born_years_before(12, days=2),
                DoseAmount(value=20, unit="mg"),
                DoseAmount(value=12.5, unit="mg"),
                DoseAmount(value=5, unit="mg"),
                id="O10-PD9-PD15-just-under-12y-child",
            ),
            # PD9: under 6 y no diphenhydramine dose; PD15: 4 mg at 2-5 y, not the
            # protocol's "5 mg under 5" (PD-C2)
            pytest.param(
                _born_years_before(5),
                DoseAmount(value=20, unit="mg"),
                None,
                DoseAmount(value=4, unit="mg"),
                id="PD9-PD-C2-5y-montelukast-4mg",
            ),
            pytest.param(
                _born_years_before(5, days=2),
                DoseAmount(value=20, unit="mg"),
                None,
                DoseAmount(value=4, unit="mg"),
                id="PD9-PD-C2-under-5y-montelukast-4mg-not-5mg",
            ),
        ],
    )
    def test_doses_by_age(
        self,
        birth: date,
        prednisone: DoseAmount,
        diphenhydramine: DoseAmount | DoseRange | None,
        montelukast: DoseAmount | None,
    ) -> None:
        """Each drug's dose follows the age band of the protocol."""
        (rec,) = _premed(patient(diagnoses=["cm"], birth_date=birth, procedures=[_surgery()]))
        doses = _by_drug(rec)
        assert {d.dose for d in doses["prednisone"]} == {prednisone}
        assert doses["diphenhydramine"][0].dose == diphenhydramine
        assert doses["montelukast"][0].dose == montelukast

    def test_child_summary_and_age_finding(self) -> None:
        """A child's recommendation says so and records the age against 12 years."""
        (rec,) = _premed(
            patient(diagnoses=["cm"], age=Age(value=8, unit="year"), procedures=[_surgery()])
        )
        assert "child doses" in rec.summary
        age = next(f for f in rec.findings if f.input == "age")
        assert (age.value, age.threshold, age.comparison) == (8.0, 12.0, "<")

    def test_child_hydroxyzine_has_no_dose(self) -> None:
        """The protocol gives no child hydroxyzine dose: none is chosen."""
        options = Options(perioperative=PerioperativeOptions(premedication_h1="hydroxyzine"))
        (rec,) = _premed(
            patient(diagnoses=["cm"], age=Age(value=8, unit="year"), procedures=[_surgery()]),
            options,
        )
        (h1,) = _by_drug(rec)["hydroxyzine"]
        assert h1.dose is None
        assert "clinician decision" in (h1.note or "")

    def test_unknown_age_chooses_no_dose(self) -> None:
        """Without an age, no dose is chosen; both adult and child doses are listed."""
        (rec,) = _premed(patient(diagnoses=["ism"], procedures=[_surgery()]))
        assert all(d.dose is None for d in rec.schedule)
        pred = _by_drug(rec)["prednisone"][0]
        assert "50 mg" in (pred.note or "")
        assert "20 mg" in (pred.note or "")
        assert "age unknown" in rec.summary
        assert any(f.text == "unknown" for f in rec.findings)


class TestWhichProcedures:
    """Only procedures not yet begun and within the horizon are planned for."""

    @pytest.mark.parametrize(
        ("when", "fires"),
        [
            pytest.param(date(2026, 11, 21), False, id="date-yesterday-past"),
            pytest.param(date(2026, 11, 22), True, id="date-today-not-past"),
            pytest.param(AT - timedelta(minutes=1), False, id="start-just-begun"),
            pytest.param(AT + timedelta(minutes=1), True, id="start-just-ahead"),
            # horizon 90 days: assumed 08:00 start 89 d 20 h ahead is in, 90 d 20 h is out
            pytest.param(date(2027, 2, 20), True, id="horizon-inside"),
            pytest.param(date(2027, 2, 21), False, id="horizon-outside"),
            pytest.param(AT + timedelta(days=90), True, id="horizon-exact"),
            pytest.param(AT + timedelta(days=90, seconds=1), False, id="horizon-exceeded"),
        ],
    )
    def test_timing_window(self, when: date | datetime, fires: bool) -> None:
        """Past procedures and those beyond PerioperativeOptions.horizon are skipped."""
        assert bool(_premed(_adult(procedures=[_surgery(when)]))) is fires

    def test_same_day_passed_times_are_said(self) -> None:
        """A same-day procedure's doses before the evaluation moment are marked as passed."""
        (rec,) = _premed(_adult(procedures=[_surgery(date(2026, 11, 22))]))
        assert all("had passed" in (d.timing or "") for d in rec.schedule)

    def test_each_procedure_has_its_own_schedule(self) -> None:
        """Two procedures give two schedules."""
        recs = _premed(_adult(procedures=[_surgery(), _surgery(date(2026, 12, 20), "dental")]))
        assert len(recs) == 2

    def test_no_mast_cell_disorder(self) -> None:
        """Without a mast cell disorder diagnosis the protocol is not proposed."""
        assert _premed(patient(diagnoses=["hat"], procedures=[_surgery()])) == []


class TestProcedureKinds:
    """All kinds get the protocol; contrast and endoscopy add what the sources say."""

    def test_contrast_imaging_states_low_measured_risk(self) -> None:
        """Contrast imaging states the low risk measured in SM (O15, S42) beside the protocol."""
        (rec,) = _premed(_adult(procedures=[_surgery(kind="contrast_imaging")]))
        assert "low in all SM subtypes" in rec.detail
        assert "S42" in rec.sources

    def test_endoscopy_notes_no_specific_protocol(self) -> None:
        """Endoscopy says no endoscopy-specific protocol was found (O17)."""
        (rec,) = _premed(_adult(procedures=[_surgery(kind="endoscopy")]))
        assert "endoscopy-specific" in rec.detail

    def test_drug_already_taken_is_named(self) -> None:
        """A protocol drug already on the list is named for reconciliation."""
        p = _adult(procedures=[_surgery()], medications=[med("montelukast", 10, frequency="daily")])
        (rec,) = _premed(p)
        assert "montelukast (medications[0])" in rec.detail


class TestProperties:
    """Schedule invariants over any start within the horizon."""

    @given(
        st.datetimes(
            min_value=datetime(2026, 11, 23),
            max_value=datetime(2027, 2, 19),
            timezones=st.just(UTC),
        )
    )
    def test_every_dose_is_before_the_start_at_its_offset(self, start: datetime) -> None:
        """Each dose is 24 h, 2 h or 1 h before the start, and never after it."""
        (rec,) = _premed(_adult(procedures=[_surgery(start)]))
        offsets = sorted({start - d.at for d in rec.schedule if d.at is not None})
        assert offsets == [timedelta(hours=1), timedelta(hours=2), timedelta(hours=24)]
        assert len(rec.schedule) == 5
