"""Avapritinib and platelets: do not start, interrupt, the dose ladders, 8-week monitoring.

Rows cite fact sheet 2.2.2 (S5-S9). Platelets are given as 10*9/L, /uL and K/uL.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mastcell import (
    AdverseEvent,
    DoseAmount,
    Frequency,
    Indicator,
    LabResult,
    Patient,
    Recommendation,
    Report,
    Route,
    evaluate,
)
from mastcell.testing import AT, days_before, lab, med, patient

AVA = "cytopenia.avapritinib."
DO_NOT_START, INTERRUPT, RESUME = AVA + "do_not_start", AVA + "interrupt", AVA + "resume_reduced"
DISCONTINUE, MONITOR, OBTAIN = (
    AVA + "discontinue",
    AVA + "platelets.monitor",
    "cytopenia.cbc.obtain",
)
LONG_AGO = date(2026, 1, 5)  # outside the 8-week monitoring window


def platelets(value: float, form: str, time: Any = None) -> LabResult:
    if form == "/uL":
        return lab("platelets", round(value * 1000), "/uL", time)
    return lab("platelets", value, form, time)


def full(value: float, form: str, time: Any = None) -> list[LabResult]:
    """Platelets as given, with a fresh ANC and Hb so that no CBC is missing."""
    return [
        platelets(value, form, time),
        lab("anc", 3, "K/uL", time),
        lab("hemoglobin", 13, "g/dL", time),
    ]


def ava(dose: float = 200, frequency: str = "daily", **kwargs: Any) -> Any:
    kwargs.setdefault("start", LONG_AGO)
    return med("avapritinib", dose, frequency=frequency, route="oral", **kwargs)


def run(p: Patient) -> Report:
    return evaluate(p, at=AT, categories=["cytopenia"])


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


FORMS = ["10*9/L", "/uL", "K/uL"]
AROUND_50 = [(49.0, True), (50.0, False), (51.0, False)]


def rows(tag: str) -> list[Any]:
    return [
        pytest.param(v, form, fires, id=f"{tag}-{v:g}-{form}")
        for v, fires in AROUND_50
        for form in FORMS
    ]


class TestDoNotStart:
    """Do not start with platelets below 50 x10^9/L, AdvSM or ISM (S5, S6, S9)."""

    @pytest.mark.parametrize(("value", "form", "fires"), rows("2.2.2-do-not-start"))
    @pytest.mark.parametrize(("diagnosis", "dose"), [("asm", 200), ("ism", 25)])
    def test_planned(
        self, value: float, form: str, fires: bool, diagnosis: str, dose: float
    ) -> None:
        """A planned avapritinib with platelets below 50 must not start; exactly 50 may."""
        p = patient(
            diagnoses=[diagnosis],
            labs=[platelets(value, form)],
            medications=[ava(dose, status="planned", start=None)],
        )
        report = run(p)
        assert (DO_NOT_START in report.codes) is fires
        if fires:
            rec = only(report, DO_NOT_START)
            assert rec.indicator is Indicator.CRITICAL
            assert any(f.threshold == 50.0 and f.comparison == "<" for f in rec.findings)

    @pytest.mark.parametrize(
        ("days_ago", "fires"),
        [
            pytest.param(7, True, id="started-7-days-ago"),
            pytest.param(8, False, id="started-8-days-ago"),
        ],
    )
    def test_just_started_with_a_low_pretreatment_count(self, days_ago: int, fires: bool) -> None:
        """Started within the last 7 days (option) on a pre-treatment count below 50."""
        start = AT.date() - timedelta(days=days_ago)
        labs = [platelets(40, "K/uL", f"{(start - timedelta(days=1)).isoformat()}T08:00:00+00:00")]
        p = patient(diagnoses=["asm"], labs=labs, medications=[ava(start=start)])
        assert (DO_NOT_START in run(p).codes) is fires

    @pytest.mark.parametrize(
        ("drawn", "fires"),
        [
            pytest.param(-4, True, id="baseline-drawn-before-the-start"),
            pytest.param(0, True, id="baseline-drawn-at-the-moment"),
            pytest.param(1, False, id="baseline-drawn-after-the-moment-not-known-yet"),
        ],
    )
    def test_a_baseline_drawn_after_the_moment_is_not_read(self, drawn: int, fires: bool) -> None:
        """The pre-treatment count marked ``role: baseline`` is read only when drawn by the
        evaluation moment (S5, S6): evaluating on 22 November, a baseline of 40 dated 23
        November was taken as the pre-treatment count and made a critical "do not start"."""
        start = AT.date() - timedelta(days=3)
        when = (AT + timedelta(days=drawn)).isoformat()
        labs = [lab("platelets", 40, "K/uL", when, role="baseline")]
        p = patient(diagnoses=["asm"], labs=labs, medications=[ava(start=start)])
        assert (DO_NOT_START in run(p).codes) is fires

    def test_planned_without_a_platelet_count_asks_for_one(self) -> None:
        """No platelet count before a planned start: obtain one, no start decision."""
        p = patient(diagnoses=["ism"], medications=[ava(25, status="planned", start=None)])
        report = run(p)
        assert report.codes == (OBTAIN,)
        assert "platelets" in only(report, OBTAIN).summary


class TestInterrupt:
    """On treatment, platelets below 50 x10^9/L interrupt (S5, S6)."""

    @pytest.mark.parametrize(("value", "form", "fires"), rows("2.2.2-interrupt"))
    def test_active(self, value: float, form: str, fires: bool) -> None:
        """Below 50 interrupts (critical); exactly 50 does not."""
        report = run(patient(diagnoses=["asm"], labs=full(value, form), medications=[ava()]))
        assert set(report.codes) == ({INTERRUPT} if fires else set())
        if fires:
            assert only(report, INTERRUPT).indicator is Indicator.CRITICAL

    def test_stale_count_makes_no_decision(self) -> None:
        """Platelets 30 drawn 15 days ago: cytopenia.cbc.obtain, not interrupt."""
        report = run(
            patient(diagnoses=["asm"], labs=full(30, "K/uL", days_before(15)), medications=[ava()])
        )
        assert report.codes == (OBTAIN,)


class TestResumeLadder:
    """Held for thrombocytopenia, platelets >= 50: the next step down the ladder (S7, S8)."""

    @pytest.mark.parametrize(("value", "form", "still_low"), rows("2.2.2-restart"))
    def test_restart_threshold(self, value: float, form: str, still_low: bool) -> None:
        """Below 50 the hold continues; at 50 or more avapritinib resumes one step down."""
        med_ = ava(
            200, status="held", held_reason="thrombocytopenia", held_since=days_before(10).date()
        )
        report = run(patient(diagnoses=["asm"], labs=full(value, form), medications=[med_]))
        assert set(report.codes) == ({INTERRUPT} if still_low else {RESUME})
        if still_low:
            assert "platelet support" in only(report, INTERRUPT).detail

    @pytest.mark.parametrize(
        ("diagnosis", "dose", "frequency", "expected"),
        [
            pytest.param("asm", 200, "daily", (100, Frequency.DAILY), id="2.2.2-advsm-200-to-100"),
            pytest.param("mcl", 100, "daily", (50, Frequency.DAILY), id="2.2.2-advsm-100-to-50"),
            pytest.param("sm-ahn", 50, "daily", (25, Frequency.DAILY), id="2.2.2-advsm-50-to-25"),
            pytest.param("asm", 25, "daily", None, id="2.2.2-advsm-25-stop"),
            pytest.param("ism", 25, "daily", (25, Frequency.QOD), id="2.2.2-ism-25-to-qod"),
            pytest.param("ism", 25, "qod", None, id="2.2.2-ism-qod-stop"),
            pytest.param(
                "sm", 200, "daily", (100, Frequency.DAILY), id="2.2.2-unknown-200-is-advsm"
            ),
        ],
    )
    def test_ladder(
        self, diagnosis: str, dose: float, frequency: str, expected: tuple[float, Frequency] | None
    ) -> None:
        """Each step resumes at the next lower dose; at the bottom, discontinue."""
        med_ = ava(dose, frequency, status="held", held_reason="thrombocytopenia")
        report = run(patient(diagnoses=[diagnosis], labs=full(60, "K/uL"), medications=[med_]))
        if expected is None:
            rec = only(report, DISCONTINUE)
            assert rec.indicator is Indicator.CRITICAL
            assert RESUME not in report.codes
            return
        rec = only(report, RESUME)
        assert rec.medication is not None
        m = rec.medication
        assert (m.drug, m.dose, m.frequency, m.route) == (
            "avapritinib",
            DoseAmount(value=expected[0], unit="mg"),
            expected[1],
            Route.ORAL,
        )

    def test_unknown_subtype_at_25_mg_proposes_no_dose(self) -> None:
        """25 mg daily could be AdvSM or ISM: no guess, the detail asks for the subtype."""
        med_ = ava(25, status="held", held_reason="thrombocytopenia")
        rec = only(
            run(patient(diagnoses=["sm"], labs=full(60, "K/uL"), medications=[med_])), RESUME
        )
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert "subtype" in rec.summary

    def test_held_for_another_reason_is_not_resumed(self) -> None:
        """Only a hold for thrombocytopenia follows the platelet restart rule."""
        med_ = ava(200, status="held", held_reason="toxicity")
        assert (
            run(patient(diagnoses=["asm"], labs=full(60, "K/uL"), medications=[med_])).codes == ()
        )


class TestMonitoring:
    """Platelets every 2 weeks for the first 8 weeks; nothing after week 8 (NOT VERIFIED)."""

    @pytest.mark.parametrize(
        ("days", "fires"),
        [
            pytest.param(55, True, id="2.2.2-day-55"),
            pytest.param(56, True, id="2.2.2-day-56-week-8"),
            pytest.param(57, False, id="2.2.2-day-57-after-week-8"),
        ],
    )
    def test_window(self, days: int, fires: bool) -> None:
        """The monitoring advice covers the first 8 weeks (56 days) after start."""
        p = patient(
            diagnoses=["asm"],
            labs=full(150, "K/uL"),
            medications=[ava(start=AT.date() - timedelta(days=days))],
        )
        assert (MONITOR in run(p).codes) is fires

    @pytest.mark.parametrize(
        ("age", "indicator"),
        [
            pytest.param(14, Indicator.INFO, id="2.2.2-count-14-days-old"),
            pytest.param(15, Indicator.WARNING, id="2.2.2-count-15-days-old"),
        ],
    )
    def test_overdue_count_is_a_warning(self, age: int, indicator: Indicator) -> None:
        """A count within the last 2 weeks is on schedule; an older one is overdue."""
        start = AT.date() - timedelta(days=20)
        p = patient(
            diagnoses=["asm"],
            labs=full(150, "K/uL", days_before(age)),
            medications=[ava(start=start)],
        )
        assert only(run(p), MONITOR).indicator is indicator

    def test_unknown_start_still_reminds(self) -> None:
        """Without a start date the first-8-weeks advice is given, saying the date is missing."""
        p = patient(diagnoses=["asm"], labs=full(150, "K/uL"), medications=[ava(start=None)])
        assert "start date not recorded" in only(run(p), MONITOR).summary

    def test_not_verified_rows_are_not_encoded(self) -> None:
        """LW3: an ICH on avapritinib gives only 'stop and refer', never a dose from a GIST row."""
        event = AdverseEvent(term="intracranial_hemorrhage", grade=3, attributed_to="avapritinib")
        p = patient(
            diagnoses=["asm"], labs=full(150, "K/uL"), medications=[ava()], adverse_events=[event]
        )
        report = run(p)
        assert report.codes == ("cytopenia.avapritinib.adverse_event",)
        rec = only(report, "cytopenia.avapritinib.adverse_event")
        assert "not loaded" in rec.summary
        assert rec.medication is not None
        assert rec.medication.dose is None
