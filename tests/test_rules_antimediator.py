"""Anti-mediator rules: regimen per class, escalation, add-ons, mediator triggers (2.1, 2.6.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from mastcell import (
    DoseAmount,
    DoseRange,
    Frequency,
    Indicator,
    Options,
    Patient,
    Reaction,
    Recommendation,
    Route,
    evaluate,
)
from mastcell.knowledge.antimediator import FamotidineDosing
from mastcell.knowledge.options import AntimediatorOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, lab, med, patient

ADULT = date(1980, 1, 1)  # 46 at AT


def run(p: Patient, code: str, options: Options | None = None) -> tuple[Recommendation, ...]:
    report = evaluate(p, at=AT, categories=["antimediator"], options=options)
    for rec in report:
        assert rec.evidence, rec.code
        assert all(e.source in SOURCES for e in rec.evidence)
    return report.get(code)


def one(p: Patient, code: str, options: Options | None = None) -> Recommendation:
    found = run(p, code, options)
    assert len(found) == 1, [r.summary for r in found]
    return found[0]


def adult(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["mcas"])
    fields.setdefault("birth_date", ADULT)
    return patient(**fields)


def born(years: float) -> date:
    """A birth date giving ``years`` of age at AT (to 0.01 y)."""
    return date.fromordinal(AT.date().toordinal() - round(years * 365.25))


def am(**antimediator: Any) -> Options:
    return Options(antimediator=AntimediatorOptions(**antimediator))


H1_H2 = [med("cetirizine", 10, frequency="bid"), med("famotidine", 20, frequency="bid")]


class TestSymptomControlAssess:
    """Unknown symptom control is asked for, never read as controlled."""

    def test_unknown_fires(self) -> None:
        """A mast cell disorder without a control assessment gets one info card."""
        rec = one(adult(), "antimediator.symptom_control.assess")
        assert rec.indicator is Indicator.INFO
        assert rec.findings[0].input == "symptom_control"

    @pytest.mark.parametrize(
        "fields", [{"symptom_control": "controlled"}, {"diagnoses": []}, {"diagnoses": ["hat"]}]
    )
    def test_silent(self, fields: dict[str, Any]) -> None:
        """Recorded control, or no mast cell disorder: nothing to ask."""
        assert not run(adult(**fields), "antimediator.symptom_control.assess")


class TestH1Start:
    """No second-generation H1 taken: start one (A1; cetirizine 10 mg daily, S17)."""

    @pytest.mark.parametrize(
        ("control", "indicator"),
        [("inadequate", Indicator.WARNING), ("partial", Indicator.WARNING), (None, Indicator.INFO)],
    )
    def test_fires(self, control: str | None, indicator: Indicator) -> None:
        """Uncontrolled symptoms warn; unknown control informs; the dose is structured."""
        rec = one(adult(symptom_control=control), "antimediator.h1.start")
        assert rec.indicator is indicator
        assert rec.medication is not None
        assert rec.medication.drug == "cetirizine"
        assert rec.medication.dose == DoseAmount(value=10, unit="mg")
        assert rec.medication.frequency is Frequency.DAILY

    @pytest.mark.parametrize(
        "fields",
        [
            {"symptom_control": "controlled"},
            {"medications": [med("Claritin", 10, frequency="daily")]},
            {"medications": [med("fexofenadine", 180, frequency="daily", status="planned")]},
            {"diagnoses": []},
        ],
    )
    def test_silent(self, fields: dict[str, Any]) -> None:
        """Controlled, already on (or planning) a second-generation H1, or no disorder."""
        assert not run(adult(**fields), "antimediator.h1.start")

    def test_first_generation_does_not_count(self) -> None:
        """Diphenhydramine as needed is named, but a maintenance H1 is still proposed (A18)."""
        p = adult(
            symptom_control="inadequate", medications=[med("diphenhydramine", 25, frequency="prn")]
        )
        rec = one(p, "antimediator.h1.start")
        assert "medications[0]" in [f.input for f in rec.findings]

    def test_unknown_age_no_dose(self) -> None:
        """Without an age the drug is named but the dose is left to the clinician."""
        rec = one(patient(diagnoses=["ism"], symptom_control="inadequate"), "antimediator.h1.start")
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert "record it" in rec.detail

    @pytest.mark.parametrize(
        ("value", "unit", "years", "supports"),
        [
            (200, "ug/g{creat}", 40, False),  # 2.6.3: > 16 y, 30-200
            (200.1, "ug/g{creat}", 40, True),
            (22.624, "ug/mmol{creat}", 40, False),  # = 200 ug/g
            (22.7, "ug/mmol{creat}", 40, True),  # ~200.7 ug/g
            (330, "ug/g{creat}", 10, False),  # 6-16 y, 70-330
            (330.1, "ug/g{creat}", 10, True),
            (510, "ug/g{creat}", 3, False),  # 0-5 y, 120-510
            (510.1, "ug/g{creat}", 3, True),
            (330, "ug/g{creat}", 16.9, False),  # still 16 in completed years
            (330, "ug/g{creat}", 17.01, True),  # now > 16 y: limit 200
        ],
    )
    def test_nmh_supports(self, value: float, unit: str, years: float, supports: bool) -> None:
        """An elevated N-methylhistamine (age-banded limits) is cited as support (S50)."""
        p = patient(
            diagnoses=["mcas"],
            birth_date=born(years),
            symptom_control="inadequate",
            labs=[lab("urine_nmh", value, unit)],
        )
        rec = one(p, "antimediator.h1.start")
        assert ("labs[0]" in [f.input for f in rec.findings]) is supports


class TestH1Increase:
    """Second-generation H1 below 2-4x with uncontrolled symptoms is escalated (A2)."""

    @pytest.mark.parametrize(
        ("drug", "dose", "frequency", "per_dose", "bound_source"),
        [
            ("cetirizine", 10, "daily", 10, "S131"),  # 1x -> 2x = 10 mg twice daily (S29)
            ("cetirizine", 15, "daily", 10, "S131"),  # 1.5x -> 2x
            ("cetirizine", 10, "bid", 20, "S131"),  # 2x -> 4x (MX1, S131) = 20 mg twice daily
            ("fexofenadine", 180, "daily", 180, "S29"),  # 1x -> 360 mg/day (MX5 default 2x)
            ("fexofenadine", 60, "bid", 180, "S29"),  # 120 mg/day = 0.67x
            ("levocetirizine", 5, "daily", 5, "S131"),  # S60: 5 mg daily (MX2)
            ("bilastine", 20, "daily", 20, "SEED-A"),  # S63: 20 mg daily; 4x seed-only
            ("Clarityn", 10, "daily", 10, "S131"),  # S61: loratadine 10 mg daily (MX3)
        ],
    )
    def test_proposes(
        self, drug: str, dose: float, frequency: str, per_dose: float, bound_source: str
    ) -> None:
        """Below 2x proposes 2x; from 2x it proposes the bound, split twice daily (MX1-MX5)."""
        p = adult(symptom_control="inadequate", medications=[med(drug, dose, frequency=frequency)])
        rec = one(p, "antimediator.h1.increase")
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=per_dose, unit="mg")
        assert rec.medication.frequency is Frequency.BID
        assert "S29" in rec.sources
        assert bound_source in rec.sources

    @pytest.mark.parametrize(
        ("dose", "frequency", "code"),
        [
            (20, "bid", None),  # exactly 4x: at the bound, silent
            (20.5, "bid", "antimediator.h1.above_max"),  # 4.1x
            (10, "qid", None),
            (15, "tid", "antimediator.h1.above_max"),  # 4.5x
        ],
    )
    def test_bound(self, dose: float, frequency: str, code: str | None) -> None:
        """At 4x nothing fires; above it a warning names cetirizine's bound (MX1, S131)."""
        p = adult(
            symptom_control="refractory", medications=[med("cetirizine", dose, frequency=frequency)]
        )
        report = evaluate(p, at=AT, categories=["antimediator"])
        assert not report.get("antimediator.h1.increase")
        found = report.get("antimediator.h1.above_max")
        assert bool(found) is (code is not None)
        if found:
            assert found[0].indicator is Indicator.WARNING
            assert found[0].findings[0].threshold == 40.0

    def test_bound_is_an_option(self) -> None:
        """With the bound set to the confirmed 2x, 2x is silent and 2.1x warns."""
        at_2x = adult(
            symptom_control="refractory", medications=[med("cetirizine", 10, frequency="bid")]
        )
        above = adult(
            symptom_control="refractory", medications=[med("cetirizine", 10.5, frequency="bid")]
        )
        options = am(h1_max_multiple=2.0)
        assert not run(at_2x, "antimediator.h1.increase", options)
        assert not run(at_2x, "antimediator.h1.above_max", options)
        assert run(above, "antimediator.h1.above_max", options)

    @pytest.mark.parametrize("control", ["controlled", None])
    def test_silent_unless_uncontrolled(self, control: str | None) -> None:
        """Controlled or unknown control: no escalation."""
        p = adult(symptom_control=control, medications=[med("cetirizine", 10, frequency="daily")])
        assert not run(p, "antimediator.h1.increase")

    def test_prn_asks_for_dose(self) -> None:
        """An as-needed H1 has no daily dose: the record is asked for."""
        p = adult(
            symptom_control="inadequate", medications=[med("cetirizine", 10, frequency="prn")]
        )
        rec = one(p, "antimediator.h1.increase")
        assert rec.summary.startswith("Record the dose")
        assert rec.medication is None

    @pytest.mark.parametrize("birth", [born(10), None])
    def test_child_or_unknown_age_no_dose(self, birth: date | None) -> None:
        """Escalation data are adult: a child or unknown age gets no dose."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth,
            symptom_control="inadequate",
            medications=[med("cetirizine", 10, frequency="daily")],
        )
        rec = one(p, "antimediator.h1.increase")
        assert rec.medication is not None
        assert rec.medication.dose is None

    def test_two_h1s(self) -> None:
        """Two second-generation H1s are summed; no second drug is added."""
        p = adult(
            symptom_control="inadequate",
            medications=[
                med("cetirizine", 10, frequency="daily"),
                med("loratadine", 10, frequency="daily"),
            ],
        )
        rec = one(p, "antimediator.h1.increase")
        assert "2x" in rec.summary
        assert rec.medication is None


class TestH2Add:
    """No H2 taken: add famotidine, dose per the recorded conflict (A3)."""

    def test_default_review_dose(self) -> None:
        """Default: 10 mg twice daily (S29), the conflict stated."""
        rec = one(adult(symptom_control="partial"), "antimediator.h2.add")
        assert rec.medication is not None
        assert (rec.medication.drug, rec.medication.dose) == (
            "famotidine",
            DoseAmount(value=10, unit="mg"),
        )
        assert rec.medication.frequency is Frequency.BID
        assert "CONFLICT" in rec.detail

    def test_label_trials_option(self) -> None:
        """A clinician can choose 20-40 mg twice daily (SEED-B, S15)."""
        rec = one(
            adult(symptom_control="partial"),
            "antimediator.h2.add",
            am(famotidine_dosing=FamotidineDosing.LABEL_TRIALS),
        )
        assert rec.medication is not None
        assert rec.medication.dose == DoseRange(low=20, high=40, unit="mg")

    @pytest.mark.parametrize(
        "fields",
        [
            {"symptom_control": "controlled"},
            {"medications": [med("Pepcid", 20, frequency="bid")]},
            {"medications": [med("ranitidine", 150, frequency="bid")]},
        ],
    )
    def test_silent(self, fields: dict[str, Any]) -> None:
        """Controlled, or any H2 (even withdrawn ranitidine) already taken."""
        assert not run(adult(**fields), "antimediator.h2.add")


class TestCromolyn:
    """Oral cromolyn by age: 200 mg QID from 13 y, 100 mg QID at 2-12 y (A4-A7; S12)."""

    @pytest.mark.parametrize(
        ("years", "dose"),
        [(40, 200.0), (13.01, 200.0), (12.9, 100.0), (2.01, 100.0), (1.9, None)],
    )
    def test_dose_by_age(self, years: float, dose: float | None) -> None:
        """Age bands of the label; under 2 years the dose is a clinician decision (A6 CONFLICT)."""
        p = patient(diagnoses=["ism"], birth_date=born(years), symptom_control="inadequate")
        rec = one(p, "antimediator.cromolyn.consider")
        assert rec.medication is not None
        expected = None if dose is None else DoseAmount(value=dose, unit="mg")
        assert rec.medication.dose == expected
        assert "2-6 weeks" in rec.detail

    def test_weight_cap(self) -> None:
        """100 mg QID exceeds 40 mg/kg/day at 9 kg (360 mg/day): no dose (A7)."""
        p = patient(diagnoses=["cm"], birth_date=born(3), weight_kg=9, symptom_control="partial")
        rec = one(p, "antimediator.cromolyn.consider")
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert "40 mg/kg/day" in rec.detail

    def test_weight_at_cap(self) -> None:
        """At 10 kg, 400 mg/day is exactly 40 mg/kg/day: allowed."""
        p = patient(diagnoses=["cm"], birth_date=born(3), weight_kg=10, symptom_control="partial")
        rec = one(p, "antimediator.cromolyn.consider")
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=100, unit="mg")

    @pytest.mark.parametrize(
        "fields",
        [
            {"symptom_control": "controlled"},
            {"symptom_control": None},
            {
                "symptom_control": "partial",
                "medications": [med("Gastrocrom", 200, frequency="qid")],
            },
        ],
    )
    def test_silent(self, fields: dict[str, Any]) -> None:
        """Controlled, unknown control, or already on cromolyn."""
        assert not run(adult(**fields), "antimediator.cromolyn.consider")


class TestLeukotriene:
    """A leukotriene modifier for elevated LTE4 (SEED-ONLY trigger) or H1+H2 failure (A10-A12)."""

    @pytest.mark.parametrize(
        ("value", "unit", "fires"),
        [
            (104.0, "pg/mg{creat}", False),  # 2.6.3: <= 104 is normal
            (104.1, "pg/mg{creat}", True),
            (103.9, "ng/g{creat}", False),
            (104.1, "ng/g{creat}", True),
            (11.76448, "ng/mmol{creat}", False),  # = 104 pg/mg (113.12 g/mol, S56)
            (11.7, "ng/mmol{creat}", False),  # ~103.4
            (11.8, "ng/mmol{creat}", True),  # ~104.3
        ],
    )
    def test_lte4_threshold(self, value: float, unit: str, fires: bool) -> None:
        """Just below, at and above 104 pg/mg creatinine, in three units."""
        p = adult(symptom_control="partial", labs=[lab("urine_lte4", value, unit)])
        found = run(p, "antimediator.leukotriene.add")
        assert bool(found) is fires
        if fires:
            rec = found[0]
            assert rec.medication is not None
            assert rec.medication.dose == DoseAmount(value=10, unit="mg")
            assert rec.findings[0].threshold == 104.0
            assert "SEED-ONLY" in rec.detail

    @pytest.mark.parametrize(("value", "fires"), [(80.0, False), (90.0, True)])
    def test_lab_reference_wins(self, value: float, fires: bool) -> None:
        """The reporting lab's upper limit (here 85) beats the default 104."""
        p = adult(labs=[lab("urine_lte4", value, "pg/mg{creat}", reference_high=85)])
        assert bool(run(p, "antimediator.leukotriene.add")) is fires

    def test_lte4_trigger_is_an_option(self) -> None:
        """The SEED-ONLY LTE4 trigger can be switched off."""
        p = adult(labs=[lab("urine_lte4", 300, "pg/mg{creat}")])
        assert not run(p, "antimediator.leukotriene.add", am(leukotriene_if_lte4_elevated=False))

    @pytest.mark.parametrize(
        ("control", "medications", "fires"),
        [
            ("inadequate", H1_H2, True),
            ("refractory", H1_H2, True),
            ("partial", H1_H2, False),
            ("inadequate", H1_H2[:1], False),  # H1 alone
            ("inadequate", [*H1_H2, med("montelukast", 10, frequency="daily")], False),
            ("inadequate", [*H1_H2, med("zileuton", 600, frequency="qid")], False),
        ],
    )
    def test_control_trigger(self, control: str, medications: list[Any], fires: bool) -> None:
        """Inadequate or refractory on H1 + H2, not already on a modifier."""
        p = adult(symptom_control=control, medications=medications)
        assert bool(run(p, "antimediator.leukotriene.add")) is fires


class TestAspirin:
    """Aspirin for elevated PGF2alpha (S32; SEED-ONLY trigger), avoided after a reaction."""

    @pytest.mark.parametrize(
        ("value", "unit", "fires"),
        [
            (1801.9, "pg/mg{creat}", False),  # 2.6.3: < 1802 is normal
            (1802.0, "pg/mg{creat}", True),
            (1802.0, "ng/g{creat}", True),
            (203.8, "ng/mmol{creat}", False),  # ~1801.6
            (203.85, "ng/mmol{creat}", True),  # ~1802.1
        ],
    )
    def test_pgf2a_threshold(self, value: float, unit: str, fires: bool) -> None:
        """At 1802 pg/mg creatinine it fires (>=); just below it does not."""
        p = adult(
            diagnoses=["ism"],
            labs=[lab("urine_pgf2a", value, unit), lab("platelets", 200, "10*9/L")],
        )
        found = run(p, "antimediator.aspirin.consider")
        assert bool(found) is fires
        if fires:
            assert found[0].medication is not None
            assert found[0].medication.dose == DoseRange(low=81, high=500, unit="mg")
            assert found[0].medication.frequency is Frequency.BID

    def test_reaction_blocks_and_avoids(self) -> None:
        """A prior ibuprofen reaction silences 'consider' and warns 'avoid'."""
        p = adult(
            labs=[lab("urine_pgf2a", 5000, "pg/mg{creat}")],
            reactions=[Reaction(agent="ibuprofen", severity="flare")],
        )
        report = evaluate(p, at=AT, categories=["antimediator"])
        assert not report.get("antimediator.aspirin.consider")
        (avoid,) = report.get("antimediator.aspirin.avoid")
        assert avoid.indicator is Indicator.WARNING
        assert avoid.findings[0].input == "reactions[0]"

    def test_anaphylaxis_with_nsaid_on_list_is_critical(self) -> None:
        """Anaphylaxis to an NSAID with an NSAID taken now is critical."""
        p = adult(
            reactions=[Reaction(agent="aspirin", severity="anaphylaxis")],
            medications=[med("naproxen", 250, frequency="bid")],
        )
        assert one(p, "antimediator.aspirin.avoid").indicator is Indicator.CRITICAL

    def test_physical_trigger_is_not_nsaid(self) -> None:
        """A reaction to heat does not make aspirin 'avoid'."""
        p = adult(reactions=[Reaction(agent="heat", severity="flare")])
        assert not run(p, "antimediator.aspirin.avoid")

    @pytest.mark.parametrize(
        ("fields", "options"),
        [
            ({"medications": [med("aspirin", 81, frequency="bid")]}, None),
            ({}, am(aspirin_if_pgf2a_elevated=False)),
        ],
    )
    def test_silent(self, fields: dict[str, Any], options: Options | None) -> None:
        """Already on aspirin, or the SEED-ONLY trigger switched off."""
        p = adult(labs=[lab("urine_pgf2a", 5000, "pg/mg{creat}")], **fields)
        assert not run(p, "antimediator.aspirin.consider", options)

    def test_child_no_dose(self) -> None:
        """The aspirin data are adult (S32): a child gets no dose."""
        p = patient(
            diagnoses=["cm"], birth_date=born(8), labs=[lab("urine_pgf2a", 5000, "pg/mg{creat}")]
        )
        rec = one(p, "antimediator.aspirin.consider")
        assert rec.medication is not None
        assert rec.medication.dose is None


class TestOmalizumabAndSteroids:
    """Omalizumab when refractory on H1 + H2 (A16); corticosteroids for refractory only (A20)."""

    @pytest.mark.parametrize(
        ("control", "medications", "fires"),
        [
            ("refractory", H1_H2, True),
            ("inadequate", H1_H2, False),
            ("inadequate", [*H1_H2, med("montelukast", 10, frequency="daily")], True),
            ("refractory", H1_H2[:1], False),
            ("refractory", [*H1_H2, med("Xolair", 300, frequency="q4w", route="sc")], False),
            ("partial", H1_H2, False),
        ],
    )
    def test_omalizumab(self, control: str, medications: list[Any], fires: bool) -> None:
        """Fires only on the standard therapy it is the next step after."""
        p = adult(symptom_control=control, medications=medications)
        found = run(p, "antimediator.omalizumab.consider")
        assert bool(found) is fires
        if fires:
            advice = found[0].medication
            assert advice is not None
            assert advice.dose == DoseRange(low=150, high=300, unit="mg")
            assert advice.route is Route.SC

    @pytest.mark.parametrize(
        ("control", "medications", "fires"),
        [
            ("refractory", [], True),
            ("inadequate", [], False),
            ("refractory", [med("prednisone", 10, frequency="daily")], False),
        ],
    )
    def test_corticosteroid(self, control: str, medications: list[Any], fires: bool) -> None:
        """Refractory only; no dose is proposed because the source gives none."""
        p = adult(symptom_control=control, medications=medications)
        found = run(p, "antimediator.corticosteroid.consider")
        assert bool(found) is fires
        if fires:
            assert found[0].medication is None


class TestWholeRegimen:
    """A realistic refractory ISM patient gets the full ladder, and nothing already taken."""

    def test_codes(self) -> None:
        """H1 escalation, leukotriene, cromolyn, omalizumab, steroid; no H1/H2 start."""
        p = adult(diagnoses=["ism"], symptom_control="refractory", medications=H1_H2)
        codes = set(evaluate(p, at=AT, categories=["antimediator"]).codes)
        assert codes == {
            "antimediator.h1.increase",
            "antimediator.leukotriene.add",
            "antimediator.cromolyn.consider",
            "antimediator.omalizumab.consider",
            "antimediator.corticosteroid.consider",
        }

    def test_rule_contract_holds_for_options(self) -> None:
        """Changing options never makes a rule emit an undeclared indicator."""
        p = adult(diagnoses=["ism"], symptom_control="refractory", medications=H1_H2)
        options = Options(antimediator=attrs.evolve(AntimediatorOptions(), h1_max_multiple=1.5))
        report = evaluate(p, at=AT, categories=["antimediator"], options=options)
        assert report.get("antimediator.h1.above_max")
