"""Label checks by population (issue 16): children, older adults, breastfeeding, pregnancy, metamizole.

Facts: SR5/SR6 metamizole (S243), SR7 cyproheptadine (S13, S244), SR8 codeine (S245), SR9
diphenhydramine in young children (S246, S126), SR10 Beers 2023 (S247), SR11 NSAIDs in
pregnancy (S248), SR12 hydroxyurea (S249). Ages are tested one day either side of each bound
(birth dates), counts one unit either side, in several units.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mastcell import Indicator, Options, Patient, Recommendation, evaluate
from mastcell.knowledge.facts import FACTS
from mastcell.knowledge.options import MedicationOptions, PerioperativeOptions
from mastcell.model import PainAssessment, Procedure, Reaction, Weight
from mastcell.testing import AT, lab, med, patient

AGE = "medication.age.contraindicated"
OLD = "medication.age.older_adult"
LACT = "medication.lactation.contraindicated"
PREG = "medication.pregnancy.nsaid"
META = "medication.metamizole.contraindicated"
TODAY = AT.date()


def born(years: int = 0, days: int = 0) -> date:
    """The birth date of a patient ``years`` old today, moved ``days`` later (younger)."""
    return date(TODAY.year - years, TODAY.month, TODAY.day) + timedelta(days=days)


def _codes(p: Patient, code: str, options: Options | None = None) -> list[Recommendation]:
    return [r for r in evaluate(p, at=AT, options=options) if r.code == code]


def _p(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["ism"])
    return patient(**fields)


class TestFactsRegistered:
    @pytest.mark.parametrize(
        ("fact", "source"),
        [
            ("SR5", "S243"),
            ("SR6", "S243"),
            ("SR7", "S244"),
            ("SR8", "S245"),
            ("SR9", "S246"),
            ("SR10", "S247"),
            ("SR11", "S248"),
            ("SR12", "S249"),
        ],
    )
    def test_fact_and_source(self, fact: str, source: str) -> None:
        """Each fact behind these rules is registered with its source."""
        assert source in FACTS[fact].sources


class TestCodeineUnder12:
    """SR8 (S245): codeine is contraindicated under 12 years (FDA 2017)."""

    @pytest.mark.parametrize(
        ("birth", "fires"),
        [(born(12, 1), True), (born(12), False), (born(12, -1), False), (born(5), True)],
        ids=["day-before-12th-birthday", "12th-birthday", "day-after", "age-5"],
    )
    def test_age_bound(self, birth: date, fires: bool) -> None:
        """Under 12 years (to the day) critical; from the 12th birthday silent."""
        found = _codes(_p(birth_date=birth, medications=[med("codeine", 15, frequency="q4h")]), AGE)
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.CRITICAL
            assert "SR8" in found[0].detail
            assert found[0].sources == ("S245",)

    def test_planned_for_a_procedure(self) -> None:
        """Codeine planned for a child's upcoming procedure is flagged too."""
        p = _p(
            birth_date=born(8),
            procedures=[
                Procedure(
                    kind="dental", date=TODAY + timedelta(days=2), planned_agents=("codeine",)
                )
            ],
        )
        (rec,) = _codes(p, AGE)
        assert rec.findings[0].input == "procedures[0].planned_agents[0]"

    def test_age_unknown_is_silent(self) -> None:
        """Without an age the rule cannot judge and says nothing (other rules ask for it)."""
        assert _codes(_p(medications=[med("codeine")]), AGE) == []


class TestCyproheptadineAndDiphenhydramineInInfants:
    """SR7 (S13, S244), SR9 (S246, S126), PD10: newborns and under 2 years."""

    @pytest.mark.parametrize(
        ("drug", "days_old", "indicator"),
        [
            ("cyproheptadine", 27, Indicator.CRITICAL),
            ("cyproheptadine", 28, Indicator.WARNING),
            ("cyproheptadine", 29, Indicator.WARNING),
            ("diphenhydramine", 27, Indicator.CRITICAL),
            ("diphenhydramine", 28, Indicator.WARNING),
            ("diphenhydramine", 29, Indicator.WARNING),
        ],
    )
    def test_newborn_bound(self, drug: str, days_old: int, indicator: Indicator) -> None:
        """Under 28 days (a newborn) critical; from day 28 to 2 years a warning."""
        p = _p(birth_date=TODAY - timedelta(days=days_old), medications=[med(drug)])
        (rec,) = _codes(p, AGE)
        assert rec.indicator is indicator

    @pytest.mark.parametrize("drug", ["cyproheptadine", "diphenhydramine"])
    @pytest.mark.parametrize(
        ("birth", "fires"), [(born(2, 1), True), (born(2), False), (born(2, -1), False)]
    )
    def test_two_year_bound(self, drug: str, birth: date, fires: bool) -> None:
        """The day before the 2nd birthday a warning; from it, silent."""
        assert bool(_codes(_p(birth_date=birth, medications=[med(drug)]), AGE)) is fires

    def test_cyproheptadine_is_not_proposed_to_a_newborn_in_pain(self) -> None:
        """The seed-only pain suggestion never proposes cyproheptadine under 2 years (SR7)."""
        code = "analgesia.cyproheptadine.consider"
        for days, fires in ((10, False), (2 * 365 - 1, False), (3 * 365, True)):
            p = _p(birth_date=TODAY - timedelta(days=days), pain=PainAssessment(score=6))
            assert bool(_codes(p, code)) is fires, days


class TestOlderAdults:
    """SR10 (S247): first-generation antihistamines from 65 years (Beers 2023)."""

    @pytest.mark.parametrize(
        ("birth", "fires"), [(born(65, 1), False), (born(65), True), (born(65, -1), True)]
    )
    def test_65_bound(self, birth: date, fires: bool) -> None:
        """From the 65th birthday a warning; the day before, silent."""
        found = _codes(_p(birth_date=birth, medications=[med("hydroxyzine", 25)]), OLD)
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.WARNING
            assert "SR10" in found[0].detail

    def test_second_generation_is_silent(self) -> None:
        """Cetirizine at 80 is not a first-generation antihistamine."""
        assert _codes(_p(birth_date=born(80), medications=[med("cetirizine", 10)]), OLD) == []


class TestBreastfeeding:
    """SR7, SR8, SR1: cyproheptadine, codeine, ketorolac while breastfeeding."""

    @pytest.mark.parametrize(
        ("drug", "fact"), [("cyproheptadine", "SR7"), ("codeine", "SR8"), ("ketorolac", "SR1")]
    )
    @pytest.mark.parametrize(("lactating", "fires"), [(True, True), (False, False), (None, False)])
    def test_lactating(self, drug: str, fact: str, lactating: bool | None, fires: bool) -> None:
        """Only ``lactating: true`` fires, with the drug's fact id."""
        p = _p(birth_date=born(30), sex="female", lactating=lactating, medications=[med(drug)])
        found = _codes(p, LACT)
        assert bool(found) is fires
        if fires:
            assert fact in found[0].detail
            assert any(f.input == "lactating" for f in found[0].findings)

    def test_lactating_is_read(self) -> None:
        """``lactating`` is read by the rules (no longer reported as read by none)."""
        p = _p(birth_date=born(30), sex="female", lactating=True)
        report = evaluate(p, at=AT)
        assert all(u.input != "lactating" for u in report.unused_inputs)
        assert any(r.input == "lactating" for r in report.reviewed_inputs)

    def test_breastfeeding_mother_gets_no_cyproheptadine_for_pain(self) -> None:
        """The pain suggestion is not made to a breastfeeding mother (SR7)."""
        code = "analgesia.cyproheptadine.consider"
        for lactating, fires in ((True, False), (False, True), (None, True)):
            p = _p(
                birth_date=born(30), sex="female", lactating=lactating, pain=PainAssessment(score=6)
            )
            assert bool(_codes(p, code)) is fires, lactating


class TestPregnancyNsaids:
    """SR11 (S248): NSAIDs from 20 weeks; low-dose (81 mg) aspirin excepted."""

    @pytest.mark.parametrize(
        ("drug", "mg", "fires"),
        [
            ("ibuprofen", 400, True),
            ("aspirin", 80, False),
            ("aspirin", 81, False),
            ("aspirin", 82, True),
            ("aspirin", None, True),
        ],
    )
    def test_drug_and_aspirin_dose(self, drug: str, mg: float | None, fires: bool) -> None:
        """Any NSAID fires; aspirin only above 81 mg/day or with its dose unknown."""
        m = med(drug, mg, frequency="daily") if mg else med(drug)
        p = _p(birth_date=born(30), sex="female", pregnant=True, medications=[m])
        found = _codes(p, PREG)
        assert bool(found) is fires
        if fires:
            assert "20 weeks" in found[0].summary
            assert found[0].sources == ("S248",)

    def test_not_pregnant_is_silent(self) -> None:
        """``pregnant: false`` (or unknown) gives nothing."""
        for pregnant in (False, None):
            p = _p(
                birth_date=born(30), sex="female", pregnant=pregnant, medications=[med("naproxen")]
            )
            assert _codes(p, PREG) == []

    def test_hydroxyurea_in_pregnancy_is_critical(self) -> None:
        """Hydroxyurea joins the embryo-fetal rule (SR12): pregnant is critical."""
        p = _p(
            birth_date=born(30), sex="female", pregnant=True, medications=[med("hydroxyurea", 500)]
        )
        found = _codes(p, "cytopenia.embryo_fetal.pregnant")
        assert len(found) == 1
        assert found[0].indicator is Indicator.CRITICAL
        assert "SR12" in found[0].detail
        assert "S249" in found[0].sources

    def test_hydroxyurea_reminder_when_status_unknown(self) -> None:
        """A woman of 30 on hydroxyurea, pregnancy unknown: the contraception reminder (6 months)."""
        p = _p(birth_date=born(30), sex="female", medications=[med("hydroxyurea", 500)])
        (rec,) = _codes(p, "cytopenia.embryo_fetal.check")
        assert "6 months" in rec.summary


#: (ANC value, unit, fires) around 1.0 x10^9/L (SR5 reading), in several units.
ANC_ROWS = [
    (0.9, "10*9/L", True),
    (1.0, "10*9/L", False),
    (1.1, "10*9/L", False),
    (999, "/uL", True),
    (1000, "/uL", False),
    (0.3, "K/uL", True),
]


class TestMetamizole:
    """SR5 (S243): not with neutropenia, after an NSAID reaction, or in a young infant."""

    @pytest.mark.parametrize(("value", "unit", "fires"), ANC_ROWS)
    def test_anc_bound(self, value: float, unit: str, fires: bool) -> None:
        """ANC below 1.0 x10^9/L (any unit): critical; at or above: silent."""
        p = _p(
            birth_date=born(40),
            labs=[lab("anc", value, unit)],
            medications=[med("metamizole", 500)],
        )
        found = _codes(p, META)
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.CRITICAL
            assert "agranulocytosis" in found[0].summary

    def test_option_moves_the_anc_bound(self) -> None:
        """options.medication.metamizole_anc_below = 1.5 flags ANC 1.2."""
        p = _p(birth_date=born(40), labs=[lab("anc", 1.2, "10*9/L")], medications=[med("dipyrone")])
        assert _codes(p, META) == []
        options = Options(medication=MedicationOptions(metamizole_anc_below=1.5))
        assert len(_codes(p, META, options)) == 1

    def test_after_an_nsaid_reaction(self) -> None:
        """A recorded ibuprofen reaction (analgesic intolerance) rules metamizole out."""
        p = _p(
            birth_date=born(40),
            medications=[med("metamizole", 500)],
            reactions=[Reaction(agent="ibuprofen", severity="flare")],
        )
        (rec,) = _codes(p, META)
        assert "analgesic intolerance" in rec.detail

    @pytest.mark.parametrize(("days_old", "fires"), [(90, True), (92, False), (200, False)])
    def test_infant_age(self, days_old: int, fires: bool) -> None:
        """Under 3 months (0.25 years: 91.3 days) critical."""
        p = _p(birth_date=TODAY - timedelta(days=days_old), medications=[med("metamizole", 50)])
        assert bool(_codes(p, META)) is fires

    @pytest.mark.parametrize(
        ("value", "unit", "fires"),
        [
            (4.9, "kg", True),
            (5.0, "kg", False),
            (5.1, "kg", False),
            (10, "lb", True),
            (12, "lb", False),
        ],
    )
    def test_infant_weight(self, value: float, unit: str, fires: bool) -> None:
        """Under 5 kg (any unit) critical, for a child past 3 months."""
        p = _p(
            birth_date=born(1),
            weight=Weight(value=value, unit=unit),
            medications=[med("metamizole", 50)],
        )
        assert bool(_codes(p, META)) is fires

    def test_not_offered_as_an_alternative_with_neutropenia(self) -> None:
        """The issue's patient: ibuprofen with grade 4 neutropenia; metamizole named as not offered."""
        p = _p(
            birth_date=born(40),
            labs=[lab("anc", 0.3, "10*9/L")],
            medications=[med("ibuprofen", 400, frequency="tid")],
        )
        for rec in evaluate(p, at=AT):
            text = rec.detail
            if "alternatives:" in text:
                alternatives = text.split("alternatives:")[1].split(".")[0]
                assert "metamizole not offered" in alternatives or "metamizole" not in alternatives
        (caution,) = _codes(p, "analgesia.nsaid.caution")
        assert "metamizole not offered: ANC 0.3 x10^9/L (CTCAE grade 4)" in caution.detail
        assert "S243" in caution.sources

    def test_availability_option(self) -> None:
        """PerioperativeOptions.metamizole_available=False: never named as an alternative (SR6)."""
        p = _p(birth_date=born(40), medications=[med("ibuprofen", 400, frequency="tid")])
        (default,) = _codes(p, "analgesia.nsaid.caution")
        assert "acetaminophen, metamizole" in default.detail
        options = Options(perioperative=PerioperativeOptions(metamizole_available=False))
        (off,) = _codes(p, "analgesia.nsaid.caution", options)
        assert "metamizole" not in off.detail.split("CONFLICT")[0]
