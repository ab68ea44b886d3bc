"""Midostaurin (ASM, SM-AHN, MCL): every row of the label table, the 21-day rule, the state machine.

Rows cite fact sheet 2.2.1 (the label table, S1/S2). Counts are given as 10*9/L, /uL, K/uL
and, for the ANC, derived from WBC x neutrophil %.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from mastcell.knowledge.sources import SOURCES
from mastcell.rules.midostaurin import State, mcl_status, state_of
from mastcell.testing import AT, days_before, lab, med, patient
from mastcell.units import HB_MMOL_PER_G_PER_DL

START = date(2026, 9, 1)
BEFORE_START = "2026-08-25T08:00:00+00:00"
MIDO = "cytopenia.midostaurin."
INTERRUPT, RESUME, INCREASE = MIDO + "interrupt", MIDO + "resume_reduced", MIDO + "increase"
DISCONTINUE, UNSPECIFIED = MIDO + "discontinue", MIDO + "label_unspecified"
OBTAIN = "cytopenia.cbc.obtain"


def count_labs(analyte: str, value: float, form: str, time: Any = None) -> list[LabResult]:
    """``value`` (canonical) sent in one of the unit forms, or derived from WBC x %."""
    if form == "derived":
        return [lab("wbc", 2.0, "K/uL", time), lab("neutrophils_pct", value / 2.0 * 100, "%", time)]
    if form == "/uL":
        return [lab(analyte, round(value * 1000), "/uL", time)]
    if form == "g/L":
        return [lab(analyte, round(value * 10, 4), "g/L", time)]
    if form == "mmol/L":
        return [lab(analyte, round(value * HB_MMOL_PER_G_PER_DL, 4), "mmol/L", time)]
    return [lab(analyte, value, form, time)]


NORMAL = {"anc": 3.0, "platelets": 200.0, "hemoglobin": 13.0}


def cbc(time: Any = None, **values: tuple[float, str]) -> list[LabResult]:
    """A complete fresh count: the given analytes as (value, form), the rest normal."""
    labs: list[LabResult] = []
    for analyte, normal in NORMAL.items():
        value, form = values.get(analyte, (normal, "10*9/L" if analyte != "hemoglobin" else "g/dL"))
        labs += count_labs(analyte, value, form, time)
    return labs


def mido(dose: float = 100, **kwargs: Any) -> Any:
    return med("midostaurin", dose, frequency="bid", route="oral", start=START, **kwargs)


def run(p: Patient, at: Any = AT) -> Report:
    return evaluate(p, at=at, categories=["cytopenia"])


def cyto_codes(report: Report) -> set[str]:
    return set(report.codes)


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


def held(reason: str, days: int, dose: float = 100) -> Any:
    return mido(
        dose, status="held", held_reason=reason, held_since=AT.date() - timedelta(days=days)
    )


ANC_FORMS = ["10*9/L", "/uL", "K/uL", "derived"]
PLT_FORMS = ["10*9/L", "/uL", "K/uL"]
HB_FORMS = ["g/dL", "g/L", "mmol/L"]


def rows(values: list[tuple[float, bool]], forms: list[str], tag: str) -> list[Any]:
    return [
        pytest.param(v, form, expected, id=f"{tag}-{v:g}-{form}")
        for v, expected in values
        for form in forms
    ]


class TestInterruptRowsWithoutMcl:
    """Active midostaurin in ASM: interrupt strictly below ANC 1.0, platelets 50, Hb 8 (S1, S2)."""

    @pytest.mark.parametrize(
        ("value", "form", "interrupt"),
        rows([(0.99, True), (1.0, False), (1.01, False)], ANC_FORMS, "2.2.1-anc-nonMCL"),
    )
    def test_anc(self, value: float, form: str, interrupt: bool) -> None:
        """ANC < 1.0 x10^9/L without MCL interrupts; exactly 1.0 does not."""
        report = run(patient(diagnoses=["asm"], labs=cbc(anc=(value, form)), medications=[mido()]))
        assert cyto_codes(report) == ({INTERRUPT} if interrupt else set())
        if interrupt:
            rec = only(report, INTERRUPT)
            assert rec.indicator is Indicator.CRITICAL
            assert any(f.threshold == 1.0 and f.comparison == "<" for f in rec.findings)
            assert any(f.derived for f in rec.findings) is (form == "derived")

    @pytest.mark.parametrize(
        ("value", "form", "interrupt"),
        rows([(49.0, True), (50.0, False), (51.0, False)], PLT_FORMS, "2.2.1-plt-nonMCL"),
    )
    def test_platelets(self, value: float, form: str, interrupt: bool) -> None:
        """Platelets < 50 x10^9/L without MCL interrupts; exactly 50 does not."""
        p = patient(diagnoses=["sm-ahn"], labs=cbc(platelets=(value, form)), medications=[mido()])
        assert cyto_codes(run(p)) == ({INTERRUPT} if interrupt else set())

    @pytest.mark.parametrize(
        ("value", "form", "interrupt"),
        rows([(7.9, True), (8.0, False), (8.1, False)], HB_FORMS, "2.2.1-hb-nonMCL"),
    )
    def test_hemoglobin(self, value: float, form: str, interrupt: bool) -> None:
        """Hb < 8 g/dL without MCL interrupts; exactly 8 does not (g/dL, g/L, mmol/L)."""
        p = patient(diagnoses=["asm"], labs=cbc(hemoglobin=(value, form)), medications=[mido()])
        assert cyto_codes(run(p)) == ({INTERRUPT} if interrupt else set())


class TestBaselinePopulation:
    """MCL with a baseline in the label's range: the lower threshold applies (S1)."""

    @pytest.mark.parametrize(
        ("value", "form", "interrupt"),
        rows([(0.49, True), (0.5, False), (0.51, False)], ANC_FORMS, "2.2.1-anc-baseline-0.5-1.5"),
    )
    def test_anc_baseline_row(self, value: float, form: str, interrupt: bool) -> None:
        """MCL, baseline ANC 1.0: interrupt below 0.5; 0.5 and above are not covered by < 1.0."""
        labs = [lab("anc", 1.0, "10*9/L", BEFORE_START), *cbc(anc=(value, form))]
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()]))
        assert cyto_codes(report) == ({INTERRUPT} if interrupt else set())

    @pytest.mark.parametrize(
        ("value", "form", "interrupt"),
        rows([(24.0, True), (25.0, False), (26.0, False)], PLT_FORMS, "2.2.1-plt-baseline-25-75"),
    )
    def test_platelet_baseline_row(self, value: float, form: str, interrupt: bool) -> None:
        """MCL, baseline platelets 50: interrupt below 25."""
        labs = [lab("platelets", 50, "10*9/L", BEFORE_START), *cbc(platelets=(value, form))]
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()]))
        assert cyto_codes(report) == ({INTERRUPT} if interrupt else set())

    @pytest.mark.parametrize("form", HB_FORMS)
    def test_hemoglobin_baseline_row_is_a_clinical_judgement(self, form: str) -> None:
        """MCL, baseline Hb 9: the label says 'life-threatening anemia': clinician decision."""
        labs = [lab("hemoglobin", 9, "g/dL", BEFORE_START), *cbc(hemoglobin=(7.9, form))]
        rec = only(run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()])), UNSPECIFIED)
        assert "life-threatening anemia" in rec.detail
        assert rec.indicator is Indicator.CRITICAL

    @pytest.mark.parametrize(
        ("baseline", "covered"),
        [
            pytest.param(0.5, True, id="2.2.1-baseline-0.5-in"),
            pytest.param(1.5, True, id="2.2.1-baseline-1.5-in"),
            pytest.param(0.49, False, id="2.2.1-baseline-0.49-out"),
            pytest.param(1.51, False, id="2.2.1-baseline-1.51-out"),
            pytest.param(None, False, id="2.2.1-baseline-unknown"),
        ],
    )
    def test_mcl_outside_the_baseline_range_is_not_covered(
        self, baseline: float | None, covered: bool
    ) -> None:
        """MCL with ANC 0.8: covered (no action) only with a baseline of 0.5-1.5 inclusive."""
        labs = cbc(anc=(0.8, "10*9/L"))
        if baseline is not None:
            labs.append(lab("anc", baseline, "10*9/L", BEFORE_START))
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()]))
        assert cyto_codes(report) == (set() if covered else {UNSPECIFIED})
        if not covered:
            rec = only(report, UNSPECIFIED)
            assert rec.indicator is Indicator.WARNING
            assert rec.medication is None

    def test_uncovered_and_below_both_thresholds_is_critical(self) -> None:
        """MCL, baseline 2.0, ANC 0.4: not covered by the label, and critical."""
        labs = [lab("anc", 2.0, "10*9/L", BEFORE_START), *cbc(anc=(0.4, "10*9/L"))]
        rec = only(run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()])), UNSPECIFIED)
        assert rec.indicator is Indicator.CRITICAL
        assert "outside" in rec.detail

    def test_unknown_mcl_status(self) -> None:
        """Subtype not recorded: ANC 0.8 is unspecified; ANC 0.4 with baseline 1.0 interrupts."""
        base = lab("anc", 1.0, "10*9/L", BEFORE_START)
        p1 = patient(diagnoses=["sm"], labs=[base, *cbc(anc=(0.8, "10*9/L"))], medications=[mido()])
        p2 = patient(diagnoses=["sm"], labs=[base, *cbc(anc=(0.4, "10*9/L"))], medications=[mido()])
        assert mcl_status(p1.diagnoses) is None
        assert cyto_codes(run(p1)) == {UNSPECIFIED}
        assert cyto_codes(run(p2)) == {INTERRUPT}


class TestRestartRows:
    """Held for a cytopenia: resume at 50 mg twice daily when the count is >= the restart value."""

    @pytest.mark.parametrize(
        ("value", "form", "recovered"),
        rows([(0.99, False), (1.0, True), (1.01, True)], ANC_FORMS, "2.2.1-anc-restart"),
    )
    def test_anc(self, value: float, form: str, recovered: bool) -> None:
        """An ANC of exactly 1.0 x10^9/L counts as recovered."""
        p = patient(
            diagnoses=["asm"], labs=cbc(anc=(value, form)), medications=[held("neutropenia", 5)]
        )
        assert cyto_codes(run(p)) == {RESUME if recovered else INTERRUPT}

    @pytest.mark.parametrize(
        ("value", "form", "recovered"),
        rows([(49.0, False), (50.0, True), (51.0, True)], PLT_FORMS, "2.2.1-plt-restart"),
    )
    def test_platelets(self, value: float, form: str, recovered: bool) -> None:
        """Platelets of exactly 50 x10^9/L count as recovered."""
        p = patient(
            diagnoses=["asm"],
            labs=cbc(platelets=(value, form)),
            medications=[held("thrombocytopenia", 5)],
        )
        assert cyto_codes(run(p)) == {RESUME if recovered else INTERRUPT}

    @pytest.mark.parametrize(
        ("value", "form", "recovered"),
        rows([(7.9, False), (8.0, True), (8.1, True)], HB_FORMS, "2.2.1-hb-restart"),
    )
    def test_hemoglobin(self, value: float, form: str, recovered: bool) -> None:
        """An Hb of exactly 8 g/dL counts as recovered."""
        p = patient(
            diagnoses=["asm"], labs=cbc(hemoglobin=(value, form)), medications=[held("anemia", 5)]
        )
        assert cyto_codes(run(p)) == {RESUME if recovered else INTERRUPT}

    def test_another_low_count_keeps_the_hold(self) -> None:
        """ANC recovered but platelets below 50: the hold continues, no resume."""
        p = patient(
            diagnoses=["asm"],
            labs=cbc(anc=(1.2, "10*9/L"), platelets=(40, "10*9/L")),
            medications=[held("neutropenia", 5)],
        )
        rec = only(run(p), INTERRUPT)
        assert rec.summary.startswith("Keep midostaurin on hold")

    def test_still_low_within_21_days_says_which_day(self) -> None:
        """The hold-continues summary counts the days of the 21-day limit."""
        p = patient(
            diagnoses=["asm"], labs=cbc(anc=(0.8, "10*9/L")), medications=[held("neutropenia", 10)]
        )
        rec = only(run(p), INTERRUPT)
        assert "day 10 of 21" in rec.summary
        assert rec.indicator is Indicator.CRITICAL


class TestTwentyOneDayRule:
    """More than 21 days after held_since, still low on a count drawn after day 21: discontinue."""

    @pytest.mark.parametrize(
        ("days", "expected"),
        [
            pytest.param(21, INTERRUPT, id="2.2.1-day-21-hold"),
            pytest.param(22, DISCONTINUE, id="2.2.1-day-22-discontinue"),
            pytest.param(30, DISCONTINUE, id="2.2.1-day-30-discontinue"),
        ],
    )
    @pytest.mark.parametrize("form", ANC_FORMS)
    def test_day_boundary(self, days: int, expected: str, form: str) -> None:
        """Day 21 after held_since is still within the limit; day 22 is past it."""
        labs = cbc(days_before(0.1), anc=(0.9, form))
        p = patient(diagnoses=["asm"], labs=labs, medications=[held("neutropenia", days)])
        report = run(p)
        assert cyto_codes(report) == {expected}
        if expected == DISCONTINUE:
            rec = only(report, DISCONTINUE)
            assert rec.indicator is Indicator.CRITICAL
            assert rec.medication is not None
            assert rec.medication.drug == "midostaurin"
            assert "attributed to midostaurin" in rec.detail

    @pytest.mark.parametrize(
        ("days", "value", "form"),
        [
            pytest.param(22, 49.0, "K/uL", id="2.2.1-plt-day-22"),
            pytest.param(22, 7.9, "g/L", id="2.2.1-hb-day-22"),
        ],
    )
    def test_platelet_and_hemoglobin_rows(self, days: int, value: float, form: str) -> None:
        """The 21-day limit applies to the platelet and Hb rows too."""
        analyte = "platelets" if form == "K/uL" else "hemoglobin"
        reason = "thrombocytopenia" if analyte == "platelets" else "anemia"
        labs = cbc(days_before(0.1), **{analyte: (value, form)})
        p = patient(diagnoses=["asm"], labs=labs, medications=[held(reason, days)])
        assert cyto_codes(run(p)) == {DISCONTINUE}

    def test_no_discontinue_from_a_count_drawn_before_day_22(self) -> None:
        """Day 25 of the hold but the last ANC is from day 20: obtain a count, do not discontinue."""
        labs = cbc(days_before(5), anc=(0.9, "10*9/L"))
        p = patient(diagnoses=["asm"], labs=labs, medications=[held("neutropenia", 25)])
        report = run(p)
        assert DISCONTINUE not in report.codes
        assert {OBTAIN, INTERRUPT} <= cyto_codes(report)
        assert "day 20" in only(report, OBTAIN).summary

    def test_unknown_held_since_never_discontinues(self) -> None:
        """Without held_since the 21-day rule cannot apply: the detail asks for the date."""
        p = patient(
            diagnoses=["asm"],
            labs=cbc(anc=(0.8, "10*9/L")),
            medications=[mido(status="held", held_reason="neutropenia")],
        )
        rec = only(run(p), INTERRUPT)
        assert "held_since is not recorded" in rec.detail


class TestToxicityRows:
    """Grade 3/4 nausea/vomiting and other non-haematological toxicity (S1)."""

    @pytest.mark.parametrize(
        ("term", "grade", "attributed", "fires"),
        [
            pytest.param("nausea", 3, "midostaurin", True, id="2.2.1-nv-grade-3"),
            pytest.param("vomiting", 4, "Rydapt", True, id="2.2.1-nv-grade-4-brand"),
            pytest.param("nausea", 2, "midostaurin", False, id="2.2.1-nv-grade-2"),
            pytest.param("nausea", 3, "cetirizine", False, id="2.2.1-nv-other-drug"),
            pytest.param("rash", 3, "midostaurin", True, id="2.2.1-other-grade-3"),
            pytest.param("rash", 2, "midostaurin", False, id="2.2.1-other-grade-2"),
        ],
    )
    def test_active_interrupts_for_grade_3_or_4(
        self, term: str, grade: int, attributed: str, fires: bool
    ) -> None:
        """Only grade 3/4 events attributed to midostaurin (or unattributed) interrupt."""
        event = AdverseEvent(term=term, grade=grade, onset=days_before(1), attributed_to=attributed)
        p = patient(diagnoses=["asm"], labs=cbc(), medications=[mido()], adverse_events=[event])
        assert cyto_codes(run(p)) == ({INTERRUPT} if fires else set())

    def test_nausea_row_text_and_unattributed_event(self) -> None:
        """An unattributed event interrupts, and the detail says the clinician confirms."""
        event = AdverseEvent(term="vomiting", grade=3, onset=days_before(1))
        p = patient(diagnoses=["asm"], labs=cbc(), medications=[mido()], adverse_events=[event])
        rec = only(run(p), INTERRUPT)
        assert "3 days (6 doses)" in rec.detail
        assert "optimal antiemetics" in rec.detail
        assert any(f.input == "adverse_events[0]" for f in rec.findings)

    @pytest.mark.parametrize(
        ("days", "expected"),
        [
            pytest.param(2, INTERRUPT, id="2.2.1-nv-day-2-hold"),
            pytest.param(3, RESUME, id="2.2.1-nv-day-3-resume"),
        ],
    )
    def test_nausea_hold_is_three_days(self, days: int, expected: str) -> None:
        """Held for nausea/vomiting: resume at 50 mg twice daily after 3 days."""
        event = AdverseEvent(
            term="nausea", grade=3, onset=days_before(days), attributed_to="midostaurin"
        )
        p = patient(
            diagnoses=["asm"],
            labs=cbc(),
            medications=[held("toxicity", days)],
            adverse_events=[event],
        )
        assert cyto_codes(run(p)) == {expected}

    @pytest.mark.parametrize(
        ("days", "resolved", "expected"),
        [
            pytest.param(21, False, INTERRUPT, id="2.2.1-other-day-21-hold"),
            pytest.param(22, False, DISCONTINUE, id="2.2.1-other-day-22-discontinue"),
            pytest.param(10, True, RESUME, id="2.2.1-other-resolved-resume"),
        ],
    )
    def test_other_toxicity_until_grade_2_within_21_days(
        self, days: int, resolved: bool, expected: str
    ) -> None:
        """Other toxicity: resume once resolved; discontinue if still ongoing after 21 days."""
        event = AdverseEvent(
            term="diarrhea",
            grade=3,
            onset=AT.date() - timedelta(days=days),
            resolved=AT.date() - timedelta(days=1) if resolved else None,
            attributed_to="midostaurin",
        )
        p = patient(
            diagnoses=["asm"],
            labs=cbc(),
            medications=[held("toxicity", days)],
            adverse_events=[event],
        )
        assert cyto_codes(run(p)) == {expected}

    def test_held_for_toxicity_without_an_event_is_unspecified(self) -> None:
        """No adverse event recorded: mastcell cannot apply the toxicity rows."""
        p = patient(diagnoses=["asm"], labs=cbc(), medications=[held("toxicity", 5)])
        assert cyto_codes(run(p)) == {UNSPECIFIED}

    def test_uncoded_held_reason_is_unspecified(self) -> None:
        """A free-text reason cannot select a restart rule."""
        p = patient(diagnoses=["asm"], labs=cbc(), medications=[held("patient on holiday", 5)])
        rec = only(run(p), UNSPECIFIED)
        assert "patient on holiday" in rec.detail


class TestStateMachine:
    """The four transitions end to end through evaluate(), with structured doses."""

    def test_states(self) -> None:
        """The state is read from status, dose and held_reason."""
        assert state_of(mido()) is State.FULL_DOSE
        assert state_of(mido(50)) is State.REDUCED_DOSE
        assert state_of(mido(75)) is State.OTHER_DOSE
        assert state_of(held("anemia", 1)) is State.HELD_CYTOPENIA
        assert state_of(held("toxicity", 1)) is State.HELD_TOXICITY
        assert state_of(held("other", 1)) is State.HELD_UNCODED
        assert state_of(mido(status="stopped")) is None

    def test_active_to_interrupt(self) -> None:
        """Active 100 mg twice daily, ANC 0.8: interrupt (critical), restart plan 50 then 100 mg."""
        p = patient(diagnoses=["asm"], labs=cbc(anc=(0.8, "/uL")), medications=[mido()])
        rec = only(run(p), INTERRUPT)
        assert rec.indicator is Indicator.CRITICAL
        assert rec.medication is not None
        assert (rec.medication.drug, rec.medication.dose) == ("midostaurin", None)
        assert [(s.dose, s.frequency) for s in rec.schedule] == [
            (DoseAmount(value=50, unit="mg"), Frequency.BID),
            (DoseAmount(value=100, unit="mg"), Frequency.BID),
        ]
        anc = next(f for f in rec.findings if f.analyte is not None and f.analyte.value == "anc")
        assert (anc.input, anc.value, anc.unit, anc.threshold) == ("labs[0]", 0.8, "10*9/L", 1.0)
        assert "attributed to midostaurin" in rec.detail
        assert "patients without MCL" in rec.detail

    def test_held_and_recovered_to_resume_reduced(self) -> None:
        """Held for neutropenia, ANC 1.0: resume at 50 mg twice daily, oral (structured)."""
        p = patient(
            diagnoses=["asm"], labs=cbc(anc=(1.0, "K/uL")), medications=[held("neutropenia", 8)]
        )
        rec = only(run(p), RESUME)
        assert rec.indicator is Indicator.WARNING
        assert rec.medication is not None
        m = rec.medication
        assert (m.drug, m.dose, m.frequency, m.route) == (
            "midostaurin",
            DoseAmount(value=50, unit="mg"),
            Frequency.BID,
            Route.ORAL,
        )
        assert rec.findings[0].input == "medications[0]"

    def test_reduced_dose_to_increase(self) -> None:
        """On 50 mg twice daily with every count above its threshold: 100 mg twice daily."""
        p = patient(diagnoses=["asm"], labs=cbc(anc=(1.2, "derived")), medications=[mido(50)])
        rec = only(run(p), INCREASE)
        assert rec.medication is not None
        m = rec.medication
        assert (m.drug, m.dose, m.frequency, m.route) == (
            "midostaurin",
            DoseAmount(value=100, unit="mg"),
            Frequency.BID,
            Route.ORAL,
        )
        assert "tolerated" in rec.summary

    def test_reduced_dose_with_a_low_count_interrupts_instead(self) -> None:
        """On 50 mg twice daily with platelets 45: interrupt, never increase."""
        p = patient(diagnoses=["asm"], labs=cbc(platelets=(45, "K/uL")), medications=[mido(50)])
        assert cyto_codes(run(p)) == {INTERRUPT}

    def test_held_and_low_past_21_days_to_discontinue(self) -> None:
        """Held 22 days, ANC still 0.9 today: discontinue (critical)."""
        p = patient(
            diagnoses=["asm"],
            labs=cbc(days_before(0.1), anc=(0.9, "10*9/L")),
            medications=[held("neutropenia", 22)],
        )
        rec = only(run(p), DISCONTINUE)
        assert rec.indicator is Indicator.CRITICAL

    def test_every_recommendation_keeps_the_contract(self) -> None:
        """Evidence ids exist, findings point at inputs, summaries fit a card."""
        cases = [
            patient(diagnoses=["asm"], labs=cbc(anc=(0.8, "10*9/L")), medications=[mido()]),
            patient(diagnoses=["asm"], labs=cbc(), medications=[held("neutropenia", 3)]),
            patient(diagnoses=["asm"], labs=cbc(), medications=[mido(50)]),
            patient(diagnoses=["mcl"], labs=cbc(anc=(0.8, "10*9/L")), medications=[mido()]),
        ]
        for p in cases:
            for rec in run(p):
                assert len(rec.summary) <= 140
                assert rec.evidence
                assert all(e.source in SOURCES for e in rec.evidence)
                assert rec.findings
                assert all(f.input.startswith(("labs", "medications")) for f in rec.findings)


class TestStaleCounts:
    """No dose decision is made from a stale or missing count (count_max_age, 14 days)."""

    def test_stale_low_count_gives_cbc_obtain_and_no_dose_decision(self) -> None:
        """ANC 0.5 drawn 15 days ago on active midostaurin: only cytopenia.cbc.obtain."""
        p = patient(
            diagnoses=["asm"], labs=cbc(days_before(15), anc=(0.5, "10*9/L")), medications=[mido()]
        )
        report = run(p)
        assert report.codes == (OBTAIN,)
        assert not any(code.startswith(MIDO) for code in report.codes)

    def test_same_count_14_days_old_still_decides(self) -> None:
        """The control: the same count exactly 14 days old interrupts."""
        p = patient(
            diagnoses=["asm"], labs=cbc(days_before(14), anc=(0.5, "10*9/L")), medications=[mido()]
        )
        assert cyto_codes(run(p)) == {INTERRUPT}

    def test_stale_recovered_count_does_not_resume(self) -> None:
        """A recovered but stale ANC gives cbc.obtain, not resume_reduced."""
        p = patient(
            diagnoses=["asm"], labs=cbc(days_before(20)), medications=[held("neutropenia", 25)]
        )
        assert run(p).codes == (OBTAIN,)

    def test_missing_hemoglobin_blocks_the_increase(self) -> None:
        """Increase needs every count: without an Hb, obtain it first."""
        labs = [lab("anc", 2, "K/uL"), lab("platelets", 150, "K/uL")]
        p = patient(diagnoses=["asm"], labs=labs, medications=[mido(50)])
        assert run(p).codes == (OBTAIN,)

    def test_missing_hemoglobin_does_not_hide_a_low_anc(self) -> None:
        """A fresh low ANC still interrupts while the missing Hb is asked for."""
        labs = [lab("anc", 0.6, "K/uL"), lab("platelets", 150, "K/uL")]
        p = patient(diagnoses=["asm"], labs=labs, medications=[mido()])
        assert cyto_codes(run(p)) == {INTERRUPT, OBTAIN}

    def test_count_after_the_evaluation_time_is_not_used(self) -> None:
        """Decisions use the latest result at or before context.at."""
        labs = [*cbc(days_before(30)), *cbc(days_before(-2), anc=(0.4, "10*9/L"))]
        p = patient(diagnoses=["asm"], labs=labs, medications=[mido()])
        assert run(p).codes == (OBTAIN,)


class TestUnitInvariance:
    """The decision depends on the count, not on how the lab spelled its unit."""

    @given(st.integers(min_value=0, max_value=4000))
    def test_anc_in_cells_per_ul_or_10e9_per_l(self, cells: int) -> None:
        """ANC n/uL and n/1000 x10^9/L give the same midostaurin codes."""
        a = patient(diagnoses=["asm"], labs=cbc(anc=(cells / 1000, "/uL")), medications=[mido()])
        b = patient(diagnoses=["asm"], labs=cbc(anc=(cells / 1000, "10*9/L")), medications=[mido()])
        assert run(a).codes == run(b).codes
        assert (INTERRUPT in run(a).codes) is (cells < 1000)
