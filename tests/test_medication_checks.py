"""Checks of what the patient already takes: maxima, device strength, duplicates, names."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.exceptions import InputError
from mastcell.knowledge.emergency import EpinephrineSwitch
from mastcell.knowledge.names import MAX_NAME_LENGTH, suggest
from mastcell.knowledge.options import (
    AntimediatorOptions,
    EmergencyOptions,
    MedicationOptions,
    Options,
)
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, med, patient

ADULT = date(1980, 1, 1)  # 46 years at AT
ELDERLY = date(1950, 1, 1)  # 76 years


def born(years: float) -> date:
    """A birth date giving ``years`` (whole or half) at the evaluation moment."""
    return date(AT.year - int(years), 1 if years % 1 else AT.month, 1)


def run(p: Patient, code: str, options: Options | None = None) -> tuple[Recommendation, ...]:
    report = evaluate(p, at=AT, categories=["medication", "emergency"], options=options)
    for rec in report:
        assert rec.evidence, rec.code
        assert all(e.source in SOURCES for e in rec.evidence)
    return report.get(code)


def indicator(p: Patient, code: str, options: Options | None = None) -> Indicator | None:
    found = run(p, code, options)
    assert len(found) <= 1, found
    return found[0].indicator if found else None


C, W, INF = Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO


class TestAvapritinib:
    """Avapritinib above the label maximum for the SM indication (LW1)."""

    @pytest.mark.parametrize(
        ("diagnoses", "dose", "frequency", "expected"),
        [
            (["ism"], 25, "daily", None),  # LW1: ISM 25 mg daily, at the maximum
            (["ism"], 12.5, "bid", None),  # LW1: 25 mg/day split
            (["ism"], 25.5, "daily", C),  # LW1: just above
            (["ism"], 200, "daily", C),  # tester's case: ISM on the AdvSM dose
            (["ism"], 25, "qod", None),  # LW2: 25 mg every other day
            (["asm"], 200, "daily", None),  # LW1: AdvSM 200 mg daily
            (["mcl"], 100, "bid", None),  # LW1: 200 mg/day
            (["sm-ahn"], 201, "daily", C),  # LW1: just above 200
            (["sm"], 25, "daily", None),  # unclear indication, within both
            (["sm"], 50, "daily", W),  # unclear: above ISM, within AdvSM: ask
            (["ism", "asm"], 100, "daily", W),  # both: unclear
            (["ssm"], 200, "daily", W),  # smoldering: not the ISM label; unclear
            (["sm"], 250, "daily", C),  # above either indication
            (["mcas"], 300, "daily", C),
        ],
    )
    def test_maximum(
        self, diagnoses: list[str], dose: float, frequency: str, expected: Indicator | None
    ) -> None:
        """LW1: at, below and above 25 mg (ISM) and 200 mg (AdvSM) per day; unclear -> ask."""
        p = patient(
            diagnoses=diagnoses,
            birth_date=ADULT,
            medications=[med("avapritinib", dose, frequency=frequency)],
        )
        assert indicator(p, "medication.avapritinib.above_max") is expected

    def test_unclear_indication_says_so(self) -> None:
        """LW1: with the SM subtype unknown mastcell does not guess; it asks for the subtype."""
        p = patient(diagnoses=["sm"], medications=[med("Ayvakit", 100, frequency="daily")])
        (rec,) = run(p, "medication.avapritinib.above_max")
        assert "record the SM subtype" in rec.summary
        assert "does not guess" in rec.detail

    def test_irregular_frequency_is_not_checked(self) -> None:
        """LW1: an as-needed entry has no daily amount: reported as not checked, not assumed."""
        p = patient(diagnoses=["ism"], medications=[med("avapritinib", 200, frequency="prn")])
        assert not run(p, "medication.avapritinib.above_max")
        (rec,) = run(p, "medication.dose.unchecked")
        assert rec.findings[0].input == "medications[0]"


class TestAdultMaxima:
    """Adult label maxima per 24 h (MX5-MX16), in mg and with different frequencies."""

    @pytest.mark.parametrize(
        ("drug", "dose", "unit", "frequency", "expected"),
        [
            ("fexofenadine", 180, "mg", "daily", None),  # MX5: 180 mg/day
            ("fexofenadine", 60, "mg", "tid", None),  # MX5: 180 mg/day
            ("fexofenadine", 181, "mg", "daily", W),  # MX5: never silent above 180
            ("fexofenadine", 180, "mg", "bid", W),  # MX5: 360 mg/day (2x, within H1 bound)
            ("hydroxyzine", 25, "mg", "qid", None),  # MX7 EU: 100 mg/day
            ("hydroxyzine", 50, "mg", "bid", None),  # MX7 EU: 100 mg/day
            ("hydroxyzine", 0.101, "g", "daily", W),  # MX7 EU: 101 mg/day
            ("hydroxyzine", 50, "mg", "tid", W),  # MX7 EU: 150 mg/day
            ("cyproheptadine", 8, "mg", "qid", None),  # MX8: 32 mg/day
            ("cyproheptadine", 11, "mg", "tid", W),  # MX8: 33 mg/day
            ("famotidine", 40, "mg", "bid", None),  # MX10: 80 mg/day (erosive oesophagitis)
            ("famotidine", 40, "mg", "tid", INF),  # MX10: above 80, within 640 (hypersecretory)
            ("famotidine", 160, "mg", "qid", INF),  # MX10: 640 mg/day, hypersecretory maximum
            ("famotidine", 161, "mg", "qid", W),  # MX10: above 640
            ("cimetidine", 400, "mg", "qid", None),  # MX11: 1600 mg/day (GERD)
            ("cimetidine", 800, "mg", "tid", INF),  # MX11: 2400 mg/day, hypersecretory maximum
            ("cimetidine", 801, "mg", "tid", W),  # MX11: above 2400
            ("nizatidine", 150, "mg", "bid", None),  # MX12: 300 mg/day
            ("nizatidine", 300, "mg", "bid", W),  # MX12: 600 mg/day
            ("montelukast", 10, "mg", "daily", None),  # MX14: 10 mg once daily
            ("montelukast", 10, "mg", "bid", W),  # MX14: 20 mg/day
            ("zafirlukast", 20, "mg", "bid", None),  # MX15 US: 40 mg/day
            ("zafirlukast", 40, "mg", "bid", W),  # MX15 US; AU reading not accepted
            ("zileuton", 600, "mg", "qid", None),  # MX16: 2400 mg/day
            ("zileuton", 1200, "mg", "tid", W),  # MX16: 3600 mg/day
            ("diphenhydramine", 50, "mg", "q6h", None),  # MX6 oral: 200 mg/day, route unknown
        ],
    )
    def test_maximum(
        self, drug: str, dose: float, unit: str, frequency: str, expected: Indicator | None
    ) -> None:
        """Just below, at and above each adult 24-hour maximum (fact id per row)."""
        p = patient(birth_date=ADULT, medications=[med(drug, dose, unit, frequency=frequency)])
        assert indicator(p, "medication.dose.above_label") is expected

    def test_maximum_is_shown(self) -> None:
        """MX5: the warning names the label maximum and both readings of the conflict."""
        p = patient(birth_date=ADULT, medications=[med("Allegra", 180, frequency="bid")])
        (rec,) = run(p, "medication.dose.above_label")
        assert "180 mg/day" in rec.summary
        assert "120-480" in rec.detail
        assert rec.findings[0].threshold == 180
        assert rec.findings[0].value == 360

    @pytest.mark.parametrize(
        ("drug", "dose", "accept", "expected"),
        [
            ("hydroxyzine", 100, "MX7", INF),  # MX7 US reading accepted: 400 mg/day shown
            ("hydroxyzine", 100, None, W),  # MX7 EU default
            ("hydroxyzine", 101, "MX7", W),  # above US 400 mg/day (404)
            ("fexofenadine", 120, "MX5", INF),  # MX5 Canada 480: 480 mg/day shown
            ("fexofenadine", 121, "MX5", W),  # above 480 (484 mg/day; 2.69x, within bound)
            ("zafirlukast", 20, "MX15", INF),  # MX15 AU: 80 mg/day
        ],
    )
    def test_higher_reading_by_option(
        self, drug: str, dose: float, accept: str | None, expected: Indicator
    ) -> None:
        """MX5, MX7, MX15 CONFLICTs: an accepted higher reading is shown as info, never silent.

        The fexofenadine rows take the seeds' 4x escalation bound, so that 484 mg/day stays
        within it and this rule (not antimediator.h1.above_max) speaks.
        """
        options = Options(
            medication=MedicationOptions(accept_higher_maximum={accept} if accept else ()),
            antimediator=AntimediatorOptions(fexofenadine_bound="seed"),
        )
        p = patient(birth_date=ADULT, medications=[med(drug, dose, frequency="qid")])
        assert indicator(p, "medication.dose.above_label", options) is expected

    def test_unknown_conflict_id_is_an_input_error(self) -> None:
        """An option naming no known CONFLICT is refused with the field named."""
        with pytest.raises(InputError, match="accept_higher_maximum"):
            MedicationOptions(accept_higher_maximum={"MX9"})

    @pytest.mark.parametrize(
        ("route", "dose", "expected_code"),
        [
            ("oral", 300, None),  # MX6 oral: 300 mg/day (6 doses of 50 mg)
            ("oral", 301, "medication.dose.above_label"),
            ("iv", 350, None),  # MX6 parenteral: 400 mg/day
            ("iv", 400, None),
            ("iv", 401, "medication.dose.above_label"),
            (None, 350, "medication.dose.unchecked"),  # route unknown: above oral, within iv
            (None, 401, "medication.dose.above_label"),  # above both routes' maxima
        ],
    )
    def test_route_specific_maximum(
        self, route: str | None, dose: float, expected_code: str | None
    ) -> None:
        """MX6: diphenhydramine oral 300 vs parenteral 400 mg/day; an unknown route is said."""
        p = patient(
            birth_date=ADULT,
            medications=[med("diphenhydramine", dose / 4, frequency="qid", route=route)],
        )
        above = run(p, "medication.dose.above_label")
        unchecked = run(p, "medication.dose.unchecked")
        if expected_code is None:
            assert not above
            assert not unchecked
        elif expected_code == "medication.dose.above_label":
            assert [r.indicator for r in above] == [W]
        else:
            assert not above
            assert "route not recorded" in unchecked[0].detail

    @pytest.mark.parametrize("frequency", ["prn", "once", None])
    def test_irregular_frequency_is_reported_not_assumed(self, frequency: str | None) -> None:
        """MX5: no regular frequency -> 'could not be checked' (info), never an assumed dose."""
        p = patient(birth_date=ADULT, medications=[med("fexofenadine", 720, frequency=frequency)])
        assert not run(p, "medication.dose.above_label")
        (rec,) = run(p, "medication.dose.unchecked")
        assert rec.indicator is INF
        assert "fexofenadine" in rec.summary

    def test_entries_of_one_drug_are_added_up(self) -> None:
        """MX7: two hydroxyzine entries of 60 mg/day each make 120 mg/day, above 100."""
        p = patient(
            birth_date=ADULT,
            medications=[
                med("hydroxyzine", 60, frequency="daily"),
                med("Atarax", 30, frequency="bid"),
            ],
        )
        (rec,) = run(p, "medication.dose.above_label")
        assert "120 mg/day" in rec.summary
        assert [f.input for f in rec.findings] == ["medications[0]", "medications[1]"]

    def test_held_or_stopped_entries_are_not_counted(self) -> None:
        """MX7: only active entries count towards the daily amount."""
        p = patient(
            birth_date=ADULT,
            medications=[med("hydroxyzine", 200, frequency="daily", status="stopped")],
        )
        assert not run(p, "medication.dose.above_label")


class TestH1Reconciliation:
    """MX1-MX4 against the anti-mediator escalation bound (h1_max_multiple, default 4x)."""

    @pytest.mark.parametrize(
        ("drug", "dose", "frequency", "birth", "code", "expected"),
        [
            ("cetirizine", 10, "daily", ADULT, None, None),  # MX1: 10 mg/24 h
            ("cetirizine", 10.5, "daily", ADULT, "medication.h1.above_label", INF),  # MX1
            ("cetirizine", 20, "bid", ADULT, "medication.h1.above_label", INF),  # MX1: 4x
            ("cetirizine", 20.5, "bid", ADULT, "antimediator.h1.above_max", W),  # above 4x
            ("cetirizine", 5, "daily", ELDERLY, None, None),  # MX1: >= 65 y 5 mg/24 h
            ("cetirizine", 10, "daily", ELDERLY, "medication.h1.above_label", INF),  # MX1 >= 65
            ("levocetirizine", 5, "daily", ADULT, None, None),  # MX2: 5 mg/24 h
            ("levocetirizine", 5, "bid", ADULT, "medication.h1.above_label", INF),  # MX2
            ("loratadine", 10, "daily", ADULT, None, None),  # MX3: 10 mg/24 h
            ("loratadine", 20, "bid", ADULT, "medication.h1.above_label", INF),  # MX3: 4x
            ("desloratadine", 5, "daily", ADULT, None, None),  # MX4: 5 mg/day
            ("desloratadine", 5, "bid", ADULT, "medication.h1.above_label", INF),  # MX4
        ],
    )
    def test_bound(
        self,
        drug: str,
        dose: float,
        frequency: str,
        birth: date,
        code: str | None,
        expected: Indicator | None,
    ) -> None:
        """Within the bound: info with the guideline range; above it: only h1.above_max warns."""
        p = patient(birth_date=birth, medications=[med(drug, dose, frequency=frequency)])
        report = evaluate(p, at=AT, categories=["medication", "antimediator"])
        ours = report.get("medication.dose.above_label") + report.get("medication.h1.above_label")
        theirs = report.get("antimediator.h1.above_max")
        if code is None:
            assert not ours
            assert not theirs
        elif code == "antimediator.h1.above_max":
            assert not ours  # not duplicated
            assert [r.indicator for r in theirs] == [expected]
        else:
            assert [r.indicator for r in ours] == [expected]
            assert ours[0].code == code
            assert "S131" in ours[0].sources

    def test_bound_follows_the_option(self) -> None:
        """MX1: with h1_max_multiple 2, 30 mg/day cetirizine (3x) is left to h1.above_max."""
        options = Options(antimediator=AntimediatorOptions(h1_max_multiple=2.0))
        p = patient(birth_date=ADULT, medications=[med("cetirizine", 30, frequency="daily")])
        assert not run(p, "medication.h1.above_label", options)
        assert not run(p, "medication.dose.above_label", options)

    def test_age_unknown_is_not_escalated(self) -> None:
        """MX1: with the age unknown mastcell does not escalate, so above the label is a warning."""
        p = patient(medications=[med("cetirizine", 20, frequency="daily")])
        (rec,) = run(p, "medication.dose.above_label")
        assert rec.indicator is W
        assert "age not recorded" in rec.detail


class TestChildren:
    """Paediatric 24-h maxima: critical above a confirmed band (PD1, PD3, PD6, PD9, PD10)."""

    @pytest.mark.parametrize(
        ("drug", "dose", "frequency", "age", "route", "expected"),
        [
            ("cetirizine", 5, "daily", 4, None, None),  # PD1: 2-<6 y max 5 mg
            ("cetirizine", 2.5, "bid", 4, None, None),  # PD1: 2.5 mg every 12 h
            ("cetirizine", 5.5, "daily", 4, None, C),  # PD1: above 5
            ("cetirizine", 10, "daily", 8, None, None),  # PD1: >= 6 y max 10
            ("cetirizine", 10, "bid", 8, None, C),  # PD1: 20 > 10
            ("cetirizine", 20, "daily", 16, None, C),  # PD1: a child is not escalated
            ("levocetirizine", 1.25, "daily", 4, None, None),  # PD3: US 1.25 mg
            ("levocetirizine", 1.25, "bid", 4, None, C),  # PD3 US; PD-C1 EU not accepted
            ("levocetirizine", 2.5, "daily", 8, None, None),  # PD3: 6-11 y 2.5 mg
            ("levocetirizine", 5, "daily", 8, None, C),  # PD3 US default
            ("levocetirizine", 5, "daily", 14, None, None),  # PD3: 12-64 y 5 mg
            ("levocetirizine", 5.5, "daily", 14, None, C),
            ("loratadine", 5, "daily", 3, None, None),  # PD6: 2-<6 y 5 mg
            ("loratadine", 10, "daily", 3, None, C),  # PD6
            ("loratadine", 10, "daily", 6, None, None),  # PD6: >= 6 y 10 mg
            ("loratadine", 10.5, "daily", 6, None, C),
            ("diphenhydramine", 25, "q6h", 8, "oral", None),  # PD9: 6-<12 y 150 mg (100)
            ("diphenhydramine", 25, "tid", 8, None, None),  # PD9/PD10: 75 mg, route unknown
            ("diphenhydramine", 40, "qid", 8, "oral", C),  # PD9: 160 > 150
            ("diphenhydramine", 50, "q6h", 13, "oral", None),  # PD9: >= 12 y 300 mg (200)
            ("diphenhydramine", 80, "qid", 13, "oral", C),  # PD9: 320 > 300
            ("diphenhydramine", 75, "qid", 10, "iv", None),  # PD10: 300 mg/day
            ("diphenhydramine", 76, "qid", 10, "iv", C),  # PD10: 304 > 300
        ],
    )
    def test_band(
        self,
        drug: str,
        dose: float,
        frequency: str,
        age: float,
        route: str | None,
        expected: Indicator | None,
    ) -> None:
        """At, below and above each confirmed paediatric 24-hour maximum."""
        p = patient(
            birth_date=born(age), medications=[med(drug, dose, frequency=frequency, route=route)]
        )
        assert indicator(p, "medication.dose.above_label") is expected

    def test_eu_levocetirizine_by_option(self) -> None:
        """PD-C1: with the EU reading accepted, 5 mg at 8 years is shown (info), not critical."""
        options = Options(medication=MedicationOptions(accept_higher_maximum={"PD-C1"}))
        p = patient(birth_date=born(8), medications=[med("levocetirizine", 5, frequency="daily")])
        assert indicator(p, "medication.dose.above_label", options) is INF

    @pytest.mark.parametrize(
        ("drug", "dose", "expected"),
        [
            ("montelukast", 10, None),  # PD15 not loaded: adult MX14 10 mg is the bound
            ("montelukast", 20, W),  # above even the adult maximum: warning, said so
            ("fexofenadine", 240, W),  # PD5 not loaded; above adult MX5
            ("cetirizine", 10, None),  # under 2 y (PD1 'ask a doctor'): adult bound only
        ],
    )
    def test_unloaded_band_uses_the_adult_maximum(
        self, drug: str, dose: float, expected: Indicator | None
    ) -> None:
        """A child without a confirmed band is checked against the adult maximum (warning)."""
        p = patient(birth_date=born(1.5), medications=[med(drug, dose, frequency="daily")])
        found = run(p, "medication.dose.above_label")
        assert (found[0].indicator if found else None) is expected
        if found:
            assert "no paediatric 24-hour maximum loaded" in found[0].detail


class TestWeightCaps:
    """mg/kg/day caps: oral cromolyn 40 (MX17, PD18), cyproheptadine 0.5 (MX8)."""

    @pytest.mark.parametrize(
        ("drug", "dose", "frequency", "kg", "birth", "expected"),
        [
            ("cromolyn", 100, "qid", 10, born(4), None),  # MX17: 400 = 40 x 10
            ("cromolyn", 101, "qid", 10, born(4), W),  # MX17: 404 > 400
            ("cromolyn", 200, "qid", 20, born(4), None),  # MX17: 800 = 40 x 20
            ("cromolyn", 200, "qid", 19.9, born(4), W),  # MX17: 800 > 796
            ("Gastrocrom", 200, "qid", 70, ADULT, None),
            ("cyproheptadine", 2, "bid", 8, born(3), None),  # MX8: 4 = 0.5 x 8
            ("cyproheptadine", 2, "tid", 8, born(3), W),  # MX8: 6 > 4
            ("cyproheptadine", 4, "tid", 24, ADULT, None),  # MX8: 12 = 0.5 x 24
            ("cyproheptadine", 4, "tid", 23.9, ADULT, W),  # MX8: 12 > 11.95
        ],
    )
    def test_cap(
        self,
        drug: str,
        dose: float,
        frequency: str,
        kg: float,
        birth: date,
        expected: Indicator | None,
    ) -> None:
        """At, just below and just above each mg/kg/day cap."""
        p = patient(
            birth_date=birth,
            weight_kg=kg,
            medications=[med(drug, dose, frequency=frequency, route="oral")],
        )
        assert indicator(p, "medication.dose.above_weight_cap") is expected

    @pytest.mark.parametrize(
        ("birth", "dose", "reported"),
        [
            (born(5), 100, True),  # MX17: child, weight unknown -> say so
            (None, 100, True),  # age unknown too
            (ADULT, 200, False),  # adult on the standard 800 mg/day: silent
            (ADULT, 400, True),  # adult above the standard dose: say the cap is unchecked
        ],
    )
    def test_unknown_weight(self, birth: date | None, dose: float, reported: bool) -> None:
        """MX17/PD18: an unknown weight means the cap could not be checked, never 'fine'."""
        p = patient(birth_date=birth, medications=[med("cromolyn", dose, frequency="qid")])
        found = run(p, "medication.dose.unchecked")
        assert bool(found) is reported
        if reported:
            assert "weight not recorded" in found[0].detail


class TestEpinephrineStrength:
    """Auto-injector strength against the weight band (E1, E4-E6, PD20, PD21)."""

    @pytest.mark.parametrize(
        ("strength", "kg", "birth", "switch", "expected"),
        [
            (0.3, 70, ADULT, "label", None),  # E1: >= 30 kg 0.3 mg
            (0.15, 70, ADULT, "label", W),  # tester's case: adult with 0.15 mg devices
            (0.5, 70, ADULT, "label", None),  # E4: adults 0.3-0.5 mg
            (0.5, 20, born(6), "label", W),  # above the band in a child
            (0.3, 30, born(9), "label", None),  # E1 at 30 kg
            (0.15, 30, born(9), "label", W),
            (0.15, 29.9, born(9), "label", None),  # E1: 15-30 kg 0.15 mg
            (0.3, 29.9, born(9), "label", INF),  # E5/PD21: AAP reading supports 0.3
            (0.3, 25, born(8), "aap", None),  # PD21 by option: 0.3 from 25 kg
            (0.15, 25, born(8), "aap", INF),  # label reading supports 0.15
            (0.15, 24.9, born(8), "aap", None),
            (0.15, 15, born(4), "label", None),
            (0.1, 14.9, born(2), "label", None),  # E1: 7.5-15 kg 0.1 mg
            (0.15, 14.9, born(2), "label", INF),  # PD21: 0.15 mg for 7.5-25 kg (international)
            (0.3, 14.9, born(2), "label", W),
            (0.1, 7.5, born(1), "label", None),
            (0.15, 7.4, born(1), "label", INF),  # below the labelled bands: clinician decision
        ],
    )
    def test_band(
        self, strength: float, kg: float, birth: date, switch: str, expected: Indicator | None
    ) -> None:
        """At, just below and above each band edge, under both readings of the switch point."""
        options = Options(emergency=EmergencyOptions(epinephrine_switch=EpinephrineSwitch(switch)))
        p = patient(
            birth_date=birth,
            weight_kg=kg,
            medications=[med("epinephrine", strength, route="im", quantity=2)],
        )
        assert indicator(p, "emergency.epinephrine.strength", options) is expected

    def test_device_strength_in_micrograms(self) -> None:
        """E1: 150 mcg is 0.15 mg, below the 0.3 mg band at 70 kg; the band dose is proposed."""
        p = patient(
            birth_date=ADULT,
            weight_kg=70,
            medications=[med("EpiPen Jr", 150, "mcg", quantity=1), med("Auvi-Q", 0.3)],
        )
        (rec,) = run(p, "emergency.epinephrine.strength")
        assert rec.findings[0].input == "medications[0]"
        assert rec.medication is not None
        assert rec.medication.dose is not None
        assert str(rec.medication.dose) == "0.3 mg"

    @pytest.mark.parametrize(
        ("drug", "kg", "expected"),
        [
            ("EpiPen Jr", 70, W),  # PD20: EpiPen Jr is 0.15 mg
            ("EpiPen", 70, None),  # PD20: EpiPen is 0.3 mg
            ("Auvi-Q", 70, INF),  # several strengths: strength not recorded
        ],
    )
    def test_brand_strength(self, drug: str, kg: float, expected: Indicator | None) -> None:
        """PD20 (S135): the EpiPen brands fix the strength; other brands must record it."""
        p = patient(birth_date=ADULT, weight_kg=kg, medications=[med(drug)])
        assert indicator(p, "emergency.epinephrine.strength") is expected

    @pytest.mark.parametrize(
        ("birth", "strength", "expected"),
        [
            (ADULT, 0.3, None),  # E6: adult device
            (ADULT, 0.15, W),  # E6: adult with 0.15 mg, weight unknown
            (born(6), 0.15, INF),  # child, weight unknown: not checked
            (None, 0.15, INF),
        ],
    )
    def test_unknown_weight(
        self, birth: date | None, strength: float, expected: Indicator | None
    ) -> None:
        """E6: an adult's device is 0.3 mg; in a child an unknown weight means no check."""
        p = patient(birth_date=birth, medications=[med("epinephrine", strength)])
        assert indicator(p, "emergency.epinephrine.strength") is expected

    def test_prescribe_rule_follows_the_switch_option(self) -> None:
        """E5/PD21: with the AAP reading, a 27 kg child is proposed the 0.3 mg device."""
        options = Options(emergency=EmergencyOptions(epinephrine_switch=EpinephrineSwitch.AAP))
        p = patient(diagnoses=["ism"], birth_date=born(8), weight_kg=27)
        (rec,) = run(p, "emergency.epinephrine.prescribe", options)
        assert rec.medication is not None
        assert str(rec.medication.dose) == "0.3 mg"
        (label,) = run(p, "emergency.epinephrine.prescribe")
        assert label.medication is not None
        assert str(label.medication.dose) == "0.15 mg"


class TestDuplicatesAndWithdrawn:
    """Duplicate entries; withdrawn drugs (MX13)."""

    @pytest.mark.parametrize(
        ("names", "flagged"),
        [
            (["cetirizine", "Zyrtec"], True),  # generic and brand
            (["famotidine", "famotidine"], True),  # twice
            (["levothyroxine", "Levothyroxine"], True),  # unknown names, same spelling
            (["cetirizine", "levocetirizine"], False),  # different drugs
            (["EpiPen", "epinephrine"], False),  # two auto-injectors are advised (E7)
        ],
    )
    def test_duplicate(self, names: list[str], flagged: bool) -> None:
        """Two active entries of one generic are flagged with both paths."""
        p = patient(birth_date=ADULT, medications=[med(n, 10, frequency="daily") for n in names])
        found = run(p, "medication.duplicate")
        assert bool(found) is flagged
        if flagged:
            assert [f.input for f in found[0].findings] == ["medications[0]", "medications[1]"]
            assert "medications[0], medications[1]" in found[0].summary

    def test_stopped_entry_is_not_a_duplicate(self) -> None:
        """A stopped entry beside an active one of the same drug is history, not a duplicate."""
        p = patient(
            medications=[med("famotidine", 20), med("Pepcid", 20, status="stopped")],
        )
        assert not run(p, "medication.duplicate")

    @pytest.mark.parametrize("name", ["ranitidine", "Zantac"])
    def test_withdrawn(self, name: str) -> None:
        """MX13: ranitidine on the list is a warning saying Zantac 360 now contains famotidine."""
        p = patient(birth_date=ADULT, medications=[med(name, 150, frequency="bid")])
        (rec,) = run(p, "medication.withdrawn")
        assert rec.indicator is W
        assert "Zantac 360" in rec.detail
        assert "famotidine" in rec.detail
        assert "S130" in rec.sources
        assert rec.findings[0].input == "medications[0]"


class TestNames:
    """Did-you-mean for unrecognised names; never a classification."""

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("cetirizin", "cetirizine"),  # tester's case
            ("famotadine", "famotidine"),  # tester's case
            ("Zyrtek", "Zyrtec"),  # tester's case (brand)
            ("  FAMOTADINE ", "famotidine"),
            ("montelucast", "montelukast"),
            ("diphenhidramine", "diphenhydramine"),
            ("famotidine", None),  # recognised: nothing to suggest
            ("levothyroxine", None),  # distant
            ("esomeprazole", None),  # a real drug 2 edits from omeprazole: not suggested
            ("norepinephrine", None),  # 3 edits from epinephrine
            ("asa", None),  # short names never
            ("xyz", None),
            ("c" * (MAX_NAME_LENGTH + 1), None),  # long names never
            ("", None),
        ],
    )
    def test_suggest(self, name: str, expected: str | None) -> None:
        """Bounded edit distance against every catalogue name; deterministic."""
        assert suggest(name) == expected

    @pytest.mark.parametrize("name", ["cetirizin", "famotadine", "Zyrtek"])
    def test_recommendation_and_unused_reason(self, name: str) -> None:
        """The tester's names: an info with the suggestion; the entry stays unclassified."""
        p = patient(birth_date=ADULT, medications=[med(name, 10, frequency="daily")])
        report = evaluate(p, at=AT)
        (rec,) = report.get("medication.name.unrecognised")
        assert rec.indicator is INF
        assert "did you mean" in rec.summary
        assert rec.findings[0].input == "medications[0]"
        reasons = {u.input: u.reason for u in report.unused_inputs}
        assert "unclassified drug" in reasons["medications[0]"]
        assert "did you mean" in reasons["medications[0]"]
        assert not report.get("medication.dose.above_label")
        assert not report.get("medication.duplicate")

    def test_no_suggestion_keeps_the_plain_reason(self) -> None:
        """A name with no close catalogue name gets the usual unused-input reason only."""
        p = patient(medications=[med("levothyroxine")])
        report = evaluate(p, at=AT)
        assert not report.get("medication.name.unrecognised")
        (unused,) = report.unused_inputs
        assert "did you mean" not in unused.reason


def test_tester_cases_together() -> None:
    """The clinical tester's four cases (LW1, E1, MX13, names) each give a recommendation."""
    fields: dict[str, Any] = {
        "diagnoses": ["ism"],
        "birth_date": ADULT,
        "weight_kg": 70,
        "medications": [
            med("avapritinib", 200, frequency="daily"),
            med("epinephrine", 0.15, route="im", quantity=2),
            med("ranitidine", 150, frequency="bid"),
            med("cetirizin", 10, frequency="daily"),
            med("famotadine", 20, frequency="bid"),
        ],
    }
    report = evaluate(patient(**fields), at=AT)
    codes = {r.code: r.indicator for r in report}
    assert codes["medication.avapritinib.above_max"] is C
    assert codes["emergency.epinephrine.strength"] is W
    assert codes["medication.withdrawn"] is W
    assert len(report.get("medication.name.unrecognised")) == 2
