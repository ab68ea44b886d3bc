"""Issue 16: duplicate moieties, stacked sedating H1s, midostaurin QT, a child's prednisone per kg,
and the review's nonsense fixed (week 9 of 8, TPSAB1 in MCL, past surgery, one NSAID card).

Facts: SR13 moieties (S250), SR7 additive sedation (S244), LW14 midostaurin QT (S104, S102),
SR14 ondansetron (S251), SR15 azithromycin (S252), MX7 hydroxyzine (S127), SR16 prednisolone
per kg (S253) with PD19, the avapritinib schedule (S5, S6), HaT testing (S26).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.model import Procedure, Reaction, Weight
from mastcell.testing import AT, days_before, lab, med, patient

TODAY = AT.date()


def _codes(p: Patient, code: str) -> list[Recommendation]:
    return [r for r in evaluate(p, at=AT) if r.code == code]


class TestSameActiveMoiety:
    """SR13 (S250): the same antihistamine twice."""

    @pytest.mark.parametrize(
        ("first", "second", "fact", "source"),
        [
            ("cetirizine", "levocetirizine", "SR13", "S250"),
            ("Zyrtec", "Xyzal", "SR13", "S250"),
            ("loratadine", "desloratadine", "SR13", "S250"),
            ("Claritin", "Clarinex", "SR13", "S250"),
            ("hydroxyzine", "cetirizine", "SR13", "S250"),
            ("diphenhydramine", "dimenhydrinate", "SR17", "S300"),
            ("Benadryl", "dimenhydrinate", "SR17", "S300"),
            ("dimenhydrinate", "diphenhydramine", "SR17", "S300"),
        ],
    )
    def test_pairs(self, first: str, second: str, fact: str, source: str) -> None:
        """Each stated pair, by generic or brand, both active: one warning citing its fact."""
        p = patient(diagnoses=["mcas"], medications=[med(first, 10), med(second, 5)])
        (rec,) = _codes(p, "medication.duplicate.moiety")
        assert rec.indicator is Indicator.WARNING
        assert fact in rec.detail
        assert rec.sources == (source,)
        assert {f.input for f in rec.findings} == {"medications[0]", "medications[1]"}

    @pytest.mark.parametrize(
        "other",
        ["fexofenadine", "desloratadine"],
    )
    def test_unrelated_or_unstated_pairs_are_silent(self, other: str) -> None:
        """Cetirizine with fexofenadine or desloratadine shares no stated moiety."""
        p = patient(diagnoses=["mcas"], medications=[med("cetirizine", 10), med(other, 5)])
        assert _codes(p, "medication.duplicate.moiety") == []

    def test_a_stopped_one_does_not_count(self) -> None:
        """Levocetirizine stopped, cetirizine active: no duplicate."""
        p = patient(
            diagnoses=["mcas"],
            medications=[med("cetirizine", 10), med("levocetirizine", 5, status="stopped")],
        )
        assert _codes(p, "medication.duplicate.moiety") == []


class TestStackedSedatingH1:
    """SR7 (S244): sedation adds up."""

    @pytest.mark.parametrize(
        ("drugs", "fires"),
        [
            (["diphenhydramine", "hydroxyzine"], True),
            (["Benadryl", "Periactin"], True),
            (["diphenhydramine", "cetirizine"], False),
            (["hydroxyzine"], False),
        ],
    )
    def test_two_different_sedating_h1(self, drugs: list[str], fires: bool) -> None:
        """Two different first-generation H1s fire; one, or one with a second-generation, not."""
        p = patient(diagnoses=["mcas"], medications=[med(d, 25) for d in drugs])
        found = _codes(p, "medication.h1.sedating_stacked")
        assert bool(found) is fires
        if fires:
            assert "SR7" in found[0].detail


class TestMidostaurinQt:
    """LW14 with SR14, SR15, MX7: an ECG check."""

    @pytest.mark.parametrize(
        ("partner", "fact", "source"),
        [
            ("ondansetron", "SR14", "S251"),
            ("Zofran", "SR14", "S251"),
            ("azithromycin", "SR15", "S252"),
            ("hydroxyzine", "MX7", "S127"),
        ],
    )
    def test_partners(self, partner: str, fact: str, source: str) -> None:
        """Midostaurin with each QT partner: a warning citing both labels."""
        p = patient(
            diagnoses=["asm"],
            medications=[med("midostaurin", 100, frequency="bid"), med(partner, 8)],
        )
        (rec,) = _codes(p, "interaction.midostaurin.qt")
        assert rec.indicator is Indicator.WARNING
        assert fact in rec.detail
        assert "LW14" in rec.detail
        assert {source, "S104"} <= set(rec.sources)

    @pytest.mark.parametrize("status", ["held", "planned"])
    def test_held_or_planned_midostaurin_counts(self, status: str) -> None:
        """A held or planned midostaurin meets the partner too."""
        p = patient(
            diagnoses=["asm"],
            medications=[med("midostaurin", status=status), med("ondansetron", 8)],
        )
        assert _codes(p, "interaction.midostaurin.qt")

    def test_no_partner_or_stopped_partner_is_silent(self) -> None:
        """Midostaurin with cetirizine, or with a stopped ondansetron: silent."""
        p = patient(
            diagnoses=["asm"],
            medications=[
                med("midostaurin"),
                med("cetirizine", 10),
                med("ondansetron", status="stopped"),
            ],
        )
        assert _codes(p, "interaction.midostaurin.qt") == []


def _surgery_patient(birth: date, kg: float | None) -> Patient:
    return patient(
        diagnoses=["cm"],
        birth_date=birth,
        weight=None if kg is None else Weight(value=kg, unit="kg"),
        procedures=[
            Procedure(kind="surgery", date=TODAY + timedelta(days=7), anesthesia="general")
        ],
    )


def _prednisone(p: Patient) -> list[object]:
    (rec,) = _codes(p, "perioperative.premedication")
    return [d for d in rec.schedule if d.drug == "prednisone"]


class TestChildPrednisonePerKg:
    """SR16 (S253) with PD19: the fixed 20 mg child dose is checked against 2 mg/kg/day."""

    @pytest.mark.parametrize(
        ("kg", "proposed"), [(9.9, False), (10.0, True), (10.1, True), (25, True)]
    )
    def test_weight_bound(self, kg: float, proposed: bool) -> None:
        """20 mg is above 2 mg/kg below 10 kg: no dose, clinician decision; from 10 kg, 20 mg."""
        doses = _prednisone(_surgery_patient(TODAY.replace(year=TODAY.year - 3), kg))
        assert len(doses) == 2  # 24 h and 1-2 h before
        for dose in doses:
            assert (dose.dose is not None) is proposed  # type: ignore[attr-defined]
            if not proposed:
                assert "SR16" in dose.note  # type: ignore[attr-defined]

    @pytest.mark.parametrize(("days_younger", "proposed"), [(1, False), (0, True), (-1, True)])
    def test_infant_without_weight(self, days_younger: int, proposed: bool) -> None:
        """Under 2 years without a weight: no dose (record it); from the 2nd birthday, 20 mg."""
        birth = TODAY.replace(year=TODAY.year - 2) + timedelta(days=days_younger)
        doses = _prednisone(_surgery_patient(birth, None))
        assert all((d.dose is not None) is proposed for d in doses)  # type: ignore[attr-defined]

    def test_adult_is_unchanged(self) -> None:
        """An adult still gets 50 mg whatever the weight."""
        doses = _prednisone(_surgery_patient(date(1980, 1, 1), 45))
        assert all(str(d.dose) == "50 mg" for d in doses)  # type: ignore[attr-defined]

    def test_the_detail_says_why(self) -> None:
        """The recommendation states the per-kg figure and cites S253."""
        p = _surgery_patient(TODAY.replace(year=TODAY.year - 1), 8)
        (rec,) = _codes(p, "perioperative.premedication")
        assert "2.5 mg/kg" in rec.detail
        assert "S253" in rec.sources


class TestAvapritinibWeekLabel:
    """Item 6: never 'week 9 of 8' (S5, S6: every 2 weeks for the first 8 weeks)."""

    @pytest.mark.parametrize(
        ("days", "label"),
        [(0, "week 1 of 8"), (55, "week 8 of 8"), (56, "end of week 8"), (-3, "starting")],
    )
    def test_label(self, days: int, label: str) -> None:
        """Day 55 is week 8, day 56 the end of week 8, a future start 'starting'."""
        p = patient(
            diagnoses=["asm"],
            labs=[lab("platelets", 120, "10*9/L", days_before(1))],
            medications=[
                med("avapritinib", 200, frequency="daily", start=TODAY - timedelta(days=days))
            ],
        )
        (rec,) = _codes(p, "cytopenia.avapritinib.platelets.monitor")
        assert label in rec.summary
        assert "of 8" not in rec.summary or "week 9" not in rec.summary

    def test_after_the_window_is_silent(self) -> None:
        """Day 57: past the verified schedule, no reminder."""
        p = patient(
            diagnoses=["asm"],
            medications=[
                med("avapritinib", 200, frequency="daily", start=TODAY - timedelta(days=57))
            ],
        )
        assert _codes(p, "cytopenia.avapritinib.platelets.monitor") == []


class TestTpsab1InAdvancedSm:
    """Item 6: no HaT testing suggested in known MCL with tryptase 5,000 (S26)."""

    @pytest.mark.parametrize(
        ("diagnoses", "value", "fires"),
        [
            (["mcl"], 5000, False),
            (["asm"], 30, False),
            (["mcas"], 5000, False),
            (
                ["mcas"],
                250,
                True,
            ),  # above 220 (the SM criterion for 10 copies): HaT may explain it (FX5)
            (["mcas"], 285.1, True),  # the 10-copy upper limit of normal (MC11)
            (["mcas"], 285.2, False),
            (["ism"], 25, True),
        ],
    )
    def test_suggestion(self, diagnoses: list[str], value: float, fires: bool) -> None:
        """Silent in advanced SM and above 285.1 ng/mL (no HaT genotype of S26 explains it; the
        10-copy upper limit of normal, MC11, not the 220 ng/mL criterion threshold: FX5)."""
        p = patient(
            diagnoses=diagnoses,
            symptom_control="partial",
            labs=[lab("tryptase", value, "ng/mL", days_before(10), role="baseline")],
        )
        assert bool(_codes(p, "monitoring.tryptase.hat_consider")) is fires


class TestPastSurgery:
    """Item 6: a surgery dated yesterday gives no critical relaxant alert."""

    def _patient(self, day: date) -> Patient:
        return patient(
            diagnoses=["ism"],
            procedures=[Procedure(kind="surgery", date=day, planned_agents=("rocuronium",))],
            reactions=[Reaction(agent="rocuronium", severity="anaphylaxis")],
        )

    def test_yesterday_is_a_warning_that_says_so(self) -> None:
        """Yesterday's surgery: a warning naming the past date, asking to correct it if planned."""
        (rec,) = _codes(self._patient(TODAY - timedelta(days=1)), "perioperative.nmba.avoid")
        assert rec.indicator is Indicator.WARNING
        assert "a past date" in rec.summary
        assert "correct its date" in rec.detail

    @pytest.mark.parametrize("days", [0, 1, 30])
    def test_today_or_later_stays_critical(self, days: int) -> None:
        """Today's or a coming surgery with the reacted-to relaxant stays critical."""
        (rec,) = _codes(self._patient(TODAY + timedelta(days=days)), "perioperative.nmba.avoid")
        assert rec.indicator is Indicator.CRITICAL


class TestOneNsaidCard:
    """Item 6: the same NSAID card is not given twice."""

    def test_medication_and_planned_agent(self) -> None:
        """Ibuprofen active and planned for a procedure: one analgesia.nsaid.caution card."""
        p = patient(
            diagnoses=["ism"],
            medications=[med("ibuprofen", 400, frequency="tid")],
            reactions=[Reaction(agent="naproxen", severity="anaphylaxis")],
            procedures=[
                Procedure(
                    kind="surgery",
                    date=TODAY + timedelta(days=3),
                    planned_agents=("ibuprofen", "Advil", "ketorolac"),
                )
            ],
        )
        cards = _codes(p, "analgesia.nsaid.caution")
        summaries = [c.summary for c in cards]
        assert len(summaries) == len(set(summaries)) == 2
        (ibuprofen,) = [c for c in cards if "ibuprofen" in c.summary]
        inputs = {f.input for f in ibuprofen.findings}
        assert {
            "medications[0]",
            "procedures[0].planned_agents[0]",
            "procedures[0].planned_agents[1]",
        } <= inputs
