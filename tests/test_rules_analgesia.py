"""Analgesia rules (fact sheet 2.3, A13-A15) and the persistent-pain mood screen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import evaluate
from mastcell.knowledge.antiplatelet import DAPT_STOP_RISK
from mastcell.knowledge.options import Options, PerioperativeOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.model import (
    Age,
    DoseAmount,
    Frequency,
    Indicator,
    Medication,
    PainAssessment,
    Patient,
    Procedure,
    Reaction,
    Recommendation,
    Weight,
)
from mastcell.testing import AT, med, patient
from strategies import patients, valid_at

#: Any advice to stop, hold or withhold analgesia; "never/not withhold" is the principle itself.
STOP_WORDS = re.compile(
    r"\b(stop|stopp\w*|discontinu\w*|cease\w*|taper\w*|hold|held|suspend\w*)\b|"
    r"(?<!never )(?<!not )\bwithhold\w*",
    re.IGNORECASE,
)


def _recs(p: Patient, code: str, **options: Any) -> list[Recommendation]:
    opts = Options(perioperative=PerioperativeOptions(**options))
    categories = ["monitoring"] if code.startswith("monitoring") else ["analgesia"]
    return list(evaluate(p, at=AT, categories=categories, options=opts).get(code))


def _pain(score: int, since: date | None = None, **fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["ism"])
    fields.setdefault("birth_date", date(1971, 4, 2))
    return patient(pain=PainAssessment(score=score, site="back", since=since), **fields)


def _morphine_back_pain() -> Patient:
    return _pain(7, medications=[med("morphine", 10, frequency="q6h")])


def _texts(recs: list[Recommendation]) -> list[str]:
    out = []
    for rec in recs:
        out += [rec.summary, rec.detail]
        for dose in (rec.medication, *rec.schedule):
            if dose is not None:
                out += [dose.note or "", dose.timing or ""]
    return out


class TestMorphineBackPain:
    """The issue's patient: on morphine with back pain 7/10."""

    def test_gets_the_three_recommendations(self) -> None:
        """Do-not-withhold, opioid caution with fentanyl proposed, and premedication fire."""
        report = evaluate(_morphine_back_pain(), at=AT, categories=["analgesia"])
        codes = {r.code for r in report.recommendations}
        assert {
            "analgesia.do_not_withhold",
            "analgesia.opioid.caution",
            "analgesia.premedicate",
        } <= codes
        (caution,) = report.get("analgesia.opioid.caution")
        assert caution.medication is not None
        assert caution.medication.drug == "fentanyl"
        assert caution.findings[0].input == "medications[0]"

    def test_never_advises_stopping_analgesia(self) -> None:
        """No summary, detail or dose note in any area says to stop or withhold analgesia."""
        report = evaluate(_morphine_back_pain(), at=AT)
        mine = [
            r
            for r in report.recommendations
            if r.category.value in ("analgesia", "perioperative")
            or r.code == "monitoring.mood.screen"
        ]
        assert mine
        for text in _texts(mine):
            assert not STOP_WORDS.search(text), text

    @given(
        patients(),
        st.integers(min_value=1, max_value=10),
        st.lists(
            st.sampled_from(
                ["morphine", "codeine", "ibuprofen", "aspirin", "fentanyl", "ketorolac"]
            ),
            max_size=3,
        ),
    )
    def test_never_advises_stopping_for_any_patient(
        self, p: Patient, score: int, drugs: list[str]
    ) -> None:
        """Whatever the patient, pain and analgesics, no analgesia text advises stopping it."""
        p = attrs.evolve(
            p,
            diagnoses=("ism",),
            pain=PainAssessment(score=score),
            medications=(*p.medications, *(Medication(drug=d) for d in drugs)),
        )
        report = evaluate(
            valid_at(p, AT), at=AT, categories=["analgesia", "perioperative", "monitoring"]
        )
        for text in _texts(
            [r for r in report.recommendations if r.category.value != "monitoring"]
            + list(report.get("monitoring.mood.screen"))
        ):
            # The risk of stopping dual antiplatelet therapy (SR4) is a warning against
            # stopping, stated for an aspirin read as cardiac: not advice to stop.
            assert not STOP_WORDS.search(text.replace(DAPT_STOP_RISK, "")), text
        for rec in report.recommendations:
            assert all(e.source in SOURCES for e in rec.evidence)


class TestDoNotWithhold:
    """analgesia.do_not_withhold: P1 (S34), severity cut point S81."""

    @pytest.mark.parametrize(
        ("score", "indicator"),
        [
            pytest.param(0, None, id="no-pain"),
            pytest.param(1, Indicator.INFO, id="mild"),
            pytest.param(6, Indicator.INFO, id="S81-just-below-severe"),
            pytest.param(7, Indicator.WARNING, id="S81-severe-at-7"),
            pytest.param(10, Indicator.WARNING, id="worst"),
        ],
    )
    def test_indicator_by_score(self, score: int, indicator: Indicator | None) -> None:
        """Severe pain (7 or more) is a warning, any other pain information."""
        recs = _recs(_pain(score), "analgesia.do_not_withhold")
        assert [r.indicator for r in recs] == ([] if indicator is None else [indicator])

    def test_severe_cut_point_option(self) -> None:
        """With Boonstra's cut point (8, S81) a 7 is no longer severe."""
        (rec,) = _recs(_pain(7), "analgesia.do_not_withhold", severe_pain_score=8)
        assert rec.indicator is Indicator.INFO

    def test_offers_acetaminophen_without_a_dose(self) -> None:
        """Acetaminophen is offered by name; no dose is invented (no label dose cited)."""
        (rec,) = _recs(_pain(4), "analgesia.do_not_withhold")
        assert rec.medication is not None
        assert rec.medication.drug == "acetaminophen"
        assert rec.medication.dose is None
        assert "SEED-ONLY" in rec.detail
        assert rec.findings[0].input == "pain"

    def test_no_acetaminophen_after_a_reaction_to_it(self) -> None:
        """A recorded reaction to paracetamol means it is not offered."""
        p = _pain(4, reactions=[Reaction(agent="paracetamol", severity="mild")])
        (rec,) = _recs(p, "analgesia.do_not_withhold")
        assert rec.medication is None

    def test_no_mast_cell_disorder(self) -> None:
        """Without a mast cell disorder the rule is silent."""
        assert _recs(_pain(7, diagnoses=["hat"]), "analgesia.do_not_withhold") == []


class TestOpioidCaution:
    """analgesia.opioid.caution: P3 histamine releasers, P5 conflict for morphine."""

    @pytest.mark.parametrize(
        ("drug", "status", "fires"),
        [
            pytest.param("morphine", "active", True, id="P3-morphine"),
            pytest.param("codeine", "active", True, id="P3-codeine"),
            pytest.param("pethidine", "active", True, id="P3-meperidine-synonym"),
            pytest.param("morphine", "planned", True, id="planned"),
            pytest.param("morphine", "stopped", False, id="stopped"),
            pytest.param("fentanyl", "active", False, id="P3-fentanyl"),
            pytest.param("oxycodone", "active", False, id="P3-S39-oxycodone"),
            pytest.param("hydromorphone", "active", False, id="P3-hydromorphone"),
        ],
    )
    def test_by_drug_and_status(self, drug: str, status: str, fires: bool) -> None:
        """Histamine-releasing opioids in use or planned give a warning."""
        p = _pain(5, medications=[Medication(drug=drug, status=status)])
        recs = _recs(p, "analgesia.opioid.caution")
        assert [r.indicator for r in recs] == ([Indicator.WARNING] if fires else [])

    def test_planned_for_a_procedure(self) -> None:
        """Morphine in an upcoming procedure's plan is flagged at its path."""
        proc = Procedure(kind="surgery", date=date(2026, 12, 3), planned_agents=("morphine",))
        (rec,) = _recs(_pain(0, procedures=[proc]), "analgesia.opioid.caution")
        assert rec.findings[0].input == "procedures[0].planned_agents[0]"

    def test_morphine_reading_option(self) -> None:
        """Choosing the P5 reading (acceptable) silences the rule for morphine only."""
        p = _pain(5, medications=[med("morphine"), med("codeine")])
        recs = _recs(p, "analgesia.opioid.caution", morphine="acceptable")
        assert [r.findings[0].text for r in recs] == ["codeine (active)"]

    def test_conflict_is_stated(self) -> None:
        """Morphine's caution states the P5 disagreement."""
        (rec,) = _recs(_morphine_back_pain(), "analgesia.opioid.caution")
        assert "CONFLICT on morphine" in rec.detail

    def test_reaction_makes_it_critical(self) -> None:
        """A recorded reaction to the same opioid is critical."""
        p = _pain(
            5,
            medications=[med("codeine")],
            reactions=[Reaction(agent="codeine", severity="anaphylaxis")],
        )
        (rec,) = _recs(p, "analgesia.opioid.caution")
        assert rec.indicator is Indicator.CRITICAL


class TestOpioidPrefer:
    """analgesia.opioid.prefer: fentanyl preferred (P1, P4), the acceptable list (P3)."""

    @pytest.mark.parametrize(
        ("score", "meds", "fires"),
        [
            pytest.param(5, [], False, id="moderate-no-opioid"),
            pytest.param(7, [], True, id="S81-severe-no-opioid"),
            pytest.param(0, ["morphine"], True, id="opioid-in-use"),
            pytest.param(3, ["oxycodone"], True, id="acceptable-opioid-in-use"),
        ],
    )
    def test_when(self, score: int, meds: list[str], fires: bool) -> None:
        """Fires with an opioid in use or severe pain."""
        p = _pain(score, medications=[med(d) for d in meds])
        assert bool(_recs(p, "analgesia.opioid.prefer")) is fires

    def test_content(self) -> None:
        """Fentanyl is preferred and proposed; remifentanil is among the acceptable."""
        (rec,) = _recs(_morphine_back_pain(), "analgesia.opioid.prefer")
        assert rec.summary.startswith("If an opioid is needed, prefer fentanyl")
        assert "remifentanil" in rec.summary
        assert rec.medication is not None
        assert rec.medication.drug == "fentanyl"


class TestPremedicate:
    """analgesia.premedicate: H1 + H2 before opioids (P9, SEED-ONLY)."""

    def test_proposes_missing_antihistamines(self) -> None:
        """With neither on the list, an adult gets diphenhydramine 25-50 mg and an H2."""
        (rec,) = _recs(_morphine_back_pain(), "analgesia.premedicate")
        assert [d.drug for d in rec.schedule] == ["diphenhydramine", "famotidine"]
        assert str(rec.schedule[0].dose) == "25-50 mg"
        assert rec.schedule[1].dose is None
        assert "SEED-ONLY" in rec.detail

    def test_already_on_both(self) -> None:
        """On an H1 and an H2 already, nothing is added."""
        p = _pain(7, medications=[med("morphine"), med("cetirizine", 10), med("famotidine", 20)])
        (rec,) = _recs(p, "analgesia.premedicate")
        assert rec.schedule == ()

    def test_child_gets_the_label_band(self) -> None:
        """At 9 years the OTC label's 12.5-25 mg band, not the adult dose (PD9, S126)."""
        p = _pain(7, birth_date=None, age=Age(value=9, unit="year"), medications=[med("morphine")])
        (rec,) = _recs(p, "analgesia.premedicate")
        assert str(rec.schedule[0].dose) == "12.5-25 mg"
        assert "PD9" in (rec.schedule[0].note or "")

    def test_switched_off(self) -> None:
        """The seed-only advice can be switched off."""
        assert (
            _recs(_morphine_back_pain(), "analgesia.premedicate", premedicate_before_opioids=False)
            == []
        )

    def test_no_opioid_no_premedication(self) -> None:
        """Without an opioid nothing fires."""
        assert _recs(_pain(7), "analgesia.premedicate") == []


class TestNsaidCaution:
    """analgesia.nsaid.caution: A14 tolerance data; a prior reaction makes an avoid."""

    @pytest.mark.parametrize(
        ("reaction", "indicator"),
        [
            pytest.param(None, Indicator.INFO, id="A14-no-reaction-caution"),
            pytest.param(Reaction(agent="naproxen", severity="mild"), Indicator.WARNING, id="mild"),
            pytest.param(Reaction(agent="Advil", severity="flare"), Indicator.WARNING, id="brand"),
            pytest.param(Reaction(agent="nsaids"), Indicator.WARNING, id="word-no-severity"),
            pytest.param(
                Reaction(agent="aspirin", severity="anaphylaxis"),
                Indicator.CRITICAL,
                id="anaphylaxis",
            ),
        ],
    )
    def test_indicator_by_reaction(self, reaction: Reaction | None, indicator: Indicator) -> None:
        """The indicator rises with a recorded NSAID or aspirin reaction."""
        p = _pain(5, medications=[med("ibuprofen", 400)], reactions=[reaction] if reaction else [])
        (rec,) = _recs(p, "analgesia.nsaid.caution")
        assert rec.indicator is indicator
        assert "96-98%" in rec.detail
        assert rec.medication is not None
        assert rec.medication.drug == "acetaminophen"
        if reaction is not None:
            assert rec.summary.startswith("Avoid ibuprofen")

    @pytest.mark.parametrize(
        ("reading", "indicator"),
        [
            pytest.param("avoid", Indicator.WARNING, id="blanket-lists"),
            pytest.param("acceptable", None, id="tolerance-data-only"),
        ],
    )
    def test_reading_option(self, reading: str, indicator: Indicator | None) -> None:
        """The clinician's reading of the NSAID conflict sets the indicator."""
        p = _pain(5, medications=[med("diclofenac")])
        recs = _recs(p, "analgesia.nsaid.caution", nsaids=reading)
        assert [r.indicator for r in recs] == ([] if indicator is None else [indicator])

    def test_aspirin_in_sm_mentions_its_therapeutic_use(self) -> None:
        """Aspirin in SM notes its deliberate use at 81-500 mg twice daily (A13)."""
        (rec,) = _recs(_pain(0, medications=[med("aspirin", 81)]), "analgesia.nsaid.caution")
        assert "81-500 mg" in rec.detail

    def test_no_nsaid(self) -> None:
        """No NSAID in use, nothing fires."""
        assert _recs(_pain(5, medications=[med("acetaminophen")]), "analgesia.nsaid.caution") == []


class TestCyproheptadine:
    """analgesia.cyproheptadine.consider: label doses and limits (A15, S13)."""

    @pytest.mark.parametrize(
        ("age", "dose", "frequency"),
        [
            pytest.param(40, 4, Frequency.TID, id="A15-adult-start-4mg-tid"),
            pytest.param(15, 4, Frequency.TID, id="A15-15y-adult"),
            pytest.param(14.9, 4, None, id="A15-7-14y-4mg-bid-tid"),
            pytest.param(7, 4, None, id="A15-7y"),
            pytest.param(6.9, 2, None, id="A15-2-6y-2mg"),
            pytest.param(2, 2, None, id="A15-2y"),
        ],
    )
    def test_dose_by_age(self, age: float, dose: float | None, frequency: Frequency | None) -> None:
        """The proposed dose follows the label's age bands."""
        p = _pain(4, birth_date=None, age=Age(value=age, unit="year"))
        (rec,) = _recs(p, "analgesia.cyproheptadine.consider")
        assert rec.medication is not None
        expected = None if dose is None else DoseAmount(value=dose, unit="mg")
        assert rec.medication.dose == expected
        assert rec.medication.frequency is frequency
        assert "SEED-ONLY" in rec.detail

    @pytest.mark.parametrize("age", [1.99, 1.0, 0.05])
    def test_not_proposed_under_two(self, age: float) -> None:
        """Under 2 years no labelled dose and no established safety (SR7, A15): not proposed."""
        p = _pain(4, birth_date=None, age=Age(value=age, unit="year"))
        assert _recs(p, "analgesia.cyproheptadine.consider") == []

    @pytest.mark.parametrize(
        ("kg", "dosed"),
        [
            pytest.param(24, True, id="A15-12mg-day-at-24kg-is-0.5mg/kg"),
            pytest.param(23.9, False, id="A15-above-0.5mg/kg/day"),
        ],
    )
    def test_weight_limit(self, kg: float, dosed: bool) -> None:
        """The adult start dose (12 mg/day) is not proposed above 0.5 mg/kg/day."""
        (rec,) = _recs(_pain(4, weight_kg=kg), "analgesia.cyproheptadine.consider")
        assert rec.medication is not None
        assert (rec.medication.dose is not None) is dosed

    @pytest.mark.parametrize(
        ("age", "weight", "dosed"),
        [
            # 2-6 y: 2 mg "two or three times daily" is up to 6 mg/day: 0.5 mg/kg/day at 12 kg
            pytest.param(4, Weight(value=12, unit="kg"), True, id="A15-2-6y-6mg-day-at-12kg"),
            pytest.param(4, Weight(value=11.9, unit="kg"), False, id="A15-2-6y-11.9kg"),
            pytest.param(4, Weight(value=10, unit="kg"), False, id="A15-2-6y-10kg-0.6mg/kg"),
            pytest.param(4, Weight(value=26.5, unit="lb"), True, id="A15-2-6y-26.5lb-12.02kg"),
            pytest.param(4, Weight(value=26.2, unit="lb"), False, id="A15-2-6y-26.2lb-11.88kg"),
            # 7-14 y: 4 mg two or three times daily is up to 12 mg/day: 0.5 mg/kg/day at 24 kg
            pytest.param(9, Weight(value=24, unit="kg"), True, id="A15-7-14y-12mg-day-at-24kg"),
            pytest.param(9, Weight(value=23.9, unit="kg"), False, id="A15-7-14y-23.9kg"),
            pytest.param(9, Weight(value=24000, unit="g"), True, id="A15-7-14y-24000g"),
        ],
    )
    def test_weight_limit_at_three_doses_a_day(
        self, age: float, weight: Weight, dosed: bool
    ) -> None:
        """A child's "two or three times daily" is checked at three doses (A15, S13): a 4-year-old
        of 10 kg would get 0.6 mg/kg/day three times daily, above the label's 0.5, so the dose
        is a clinician decision (it was checked at twice daily, 0.4 mg/kg/day, and proposed)."""
        p = _pain(4, birth_date=None, age=Age(value=age, unit="year"), weight=weight)
        (rec,) = _recs(p, "analgesia.cyproheptadine.consider")
        assert rec.medication is not None
        assert (rec.medication.dose is not None) is dosed
        (per_kg,) = [f for f in rec.findings if f.unit == "mg/kg/d"]
        assert per_kg.comparison == ("<=" if dosed else ">")
        if not dosed:
            assert "exceeds the label's 0.5 mg/kg/day" in (rec.medication.note or "")

    def test_unknown_age(self) -> None:
        """Without an age no dose is chosen, and the bands are listed."""
        (rec,) = _recs(_pain(4, birth_date=None), "analgesia.cyproheptadine.consider")
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert "age unknown" in (rec.medication.note or "")

    @pytest.mark.parametrize(
        "fields",
        [
            pytest.param({"medications": [med("cyproheptadine", 4)]}, id="already-on-it"),
            pytest.param({"diagnoses": ["hat"]}, id="no-mast-cell-disorder"),
        ],
    )
    def test_silent(self, fields: dict[str, Any]) -> None:
        """Not proposed to a patient on it, or without a mast cell disorder."""
        assert _recs(_pain(4, **fields), "analgesia.cyproheptadine.consider") == []

    def test_switched_off(self) -> None:
        """The seed-only pain indication can be switched off."""
        assert (
            _recs(_pain(4), "analgesia.cyproheptadine.consider", cyproheptadine_for_pain=False)
            == []
        )


class TestSpecialistRefer:
    """analgesia.specialist.refer: severe (S81) or refractory (chronic, S80) pain; SEED-ONLY."""

    @pytest.mark.parametrize(
        ("score", "since", "meds", "fires"),
        [
            pytest.param(7, None, [], True, id="S81-severe"),
            pytest.param(6, None, [], False, id="S81-below-severe"),
            pytest.param(
                5, date(2026, 8, 21), ["acetaminophen"], True, id="S80-chronic-on-analgesic"
            ),
            pytest.param(5, date(2026, 8, 22), ["acetaminophen"], False, id="S80-exactly-3-months"),
            pytest.param(5, date(2026, 1, 1), [], False, id="chronic-no-analgesic"),
        ],
    )
    def test_when(self, score: int, since: date | None, meds: list[str], fires: bool) -> None:
        """Severe pain, or pain for longer than 3 months despite an analgesic, is referred."""
        p = _pain(score, since=since, medications=[med(d) for d in meds])
        recs = _recs(p, "analgesia.specialist.refer")
        assert bool(recs) is fires
        if recs:
            assert "SEED-ONLY" in recs[0].detail


class TestMoodScreen:
    """monitoring.mood.screen: persistent pain (longer than 3 months, S80); SEED-ONLY (P10)."""

    @pytest.mark.parametrize(
        ("since", "fires"),
        [
            pytest.param(date(2026, 8, 22), False, id="S80-exactly-3-months"),
            pytest.param(date(2026, 8, 21), True, id="S80-3-months-and-a-day"),
            pytest.param(date(2026, 11, 1), False, id="recent"),
            pytest.param(date(2024, 1, 1), True, id="years"),
        ],
    )
    def test_persistence(self, since: date, fires: bool) -> None:
        """Only pain lasting longer than 3 months triggers the screen."""
        recs = _recs(_pain(3, since=since), "monitoring.mood.screen")
        assert bool(recs) is fires
        if recs:
            assert recs[0].category.value == "monitoring"
            assert "SEED-ONLY" in recs[0].detail

    def test_unknown_onset_asks_for_it(self) -> None:
        """Without an onset the advice asks to record it rather than assume recent pain."""
        (rec,) = _recs(_pain(3), "monitoring.mood.screen")
        assert rec.summary.startswith("Record when")

    def test_switched_off(self) -> None:
        """The seed-only screen can be switched off."""
        assert (
            _recs(_pain(3, since=date(2024, 1, 1)), "monitoring.mood.screen", mood_screen=False)
            == []
        )
