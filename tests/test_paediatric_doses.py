"""Paediatric dose bands (addendum 5, PD1-PD19): knowledge data and the rules that use it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import (
    DoseAmount,
    DoseRange,
    InputError,
    Options,
    PainAssessment,
    Patient,
    Procedure,
    Recommendation,
    evaluate,
)
from mastcell.knowledge.options import AntimediatorOptions
from mastcell.knowledge.paediatric import BANDS, Jurisdiction, band_age, band_for
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, lab, med, patient

Dose = DoseAmount | DoseRange | None


def mg(value: float) -> DoseAmount:
    return DoseAmount(value=value, unit="mg")


def birth(years: int, months: int = 0, shift: int = 0) -> date:
    """The birth date giving exactly ``years`` and ``months`` of age at AT, moved ``shift`` days.

    ``shift=1`` is one day short of that age (born a day later), ``shift=-1`` a day past it.
    """
    total = AT.year * 12 + AT.month - 1 - (years * 12 + months)
    return date(total // 12, total % 12 + 1, AT.day) + timedelta(days=shift)


def age_of(years: int, months: int = 0, shift: int = 0) -> float:
    """The band age (calendar months / 12) at AT of :func:`birth`."""
    age = band_age(Patient(birth_date=birth(years, months, shift)), AT)
    assert age is not None
    return age


def run(p: Patient, code: str, options: Options | None = None) -> list[Recommendation]:
    report = evaluate(p, at=AT, options=options)
    for rec in report:
        assert all(e.source in SOURCES for e in rec.evidence), rec.code
    return list(report.get(code))


def one(p: Patient, code: str, options: Options | None = None) -> Recommendation:
    found = run(p, code, options)
    assert len(found) == 1, [r.summary for r in found]
    return found[0]


def juris(value: str) -> Options:
    return Options(antimediator=AntimediatorOptions(dose_jurisdiction=value))


# Boundary rows: (years, months, shift) just below (+1 day), at (0) and just above (-1 day).
CETIRIZINE_ROWS = [
    pytest.param(0, 6, 1, None, "PD2", id="PD2-just-under-6-months-none"),
    pytest.param(0, 6, 0, mg(2.5), "PD2", id="PD2-at-6-months-2.5mg"),
    pytest.param(2, 0, 1, mg(2.5), "PD2", id="PD2-just-under-2y-2.5mg"),
    pytest.param(2, 0, 0, mg(2.5), "PD1", id="PD1-at-2y-2.5mg-max-5"),
    pytest.param(6, 0, 1, mg(2.5), "PD1", id="PD1-just-under-6y-2.5mg"),
    pytest.param(6, 0, 0, DoseRange(low=5, high=10, unit="mg"), "PD1", id="PD1-at-6y-5-10mg"),
    pytest.param(6, 0, -1, DoseRange(low=5, high=10, unit="mg"), "PD1", id="PD1-above-6y"),
    pytest.param(18, 0, 1, DoseRange(low=5, high=10, unit="mg"), "PD1", id="PD1-under-18y"),
    pytest.param(18, 0, 0, mg(10), "MX1", id="PD1-MX1-adult-10mg"),
    pytest.param(65, 0, 1, mg(10), "MX1", id="PD1-just-under-65y-10mg"),
    pytest.param(65, 0, 0, mg(5), "PD1", id="PD1-at-65y-5mg"),
]


class TestCetirizineStart:
    """antimediator.h1.start doses cetirizine by the label's age bands (PD1, PD2)."""

    @pytest.mark.parametrize(("years", "months", "shift", "dose", "fact"), CETIRIZINE_ROWS)
    def test_band(self, years: int, months: int, shift: int, dose: Dose, fact: str) -> None:
        """Each age just below, at and above a band boundary gets that band's dose or none."""
        p = patient(
            diagnoses=["cm"], birth_date=birth(years, months, shift), symptom_control="partial"
        )
        rec = one(p, "antimediator.h1.start")
        assert rec.medication is not None
        assert rec.medication.dose == dose
        assert fact in rec.detail
        if dose is None:
            assert "clinician decision" in rec.detail
            assert "under 6 months" in rec.detail

    def test_unknown_age(self) -> None:
        """Unknown age: no dose, the age is asked for and every band is listed (PD1)."""
        rec = one(patient(diagnoses=["mcas"], symptom_control="partial"), "antimediator.h1.start")
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert "record it" in rec.detail
        assert "children 2 to under 6 years: 2.5 mg" in rec.detail


MONTELUKAST_ROWS = [
    pytest.param(2, 0, 1, None, id="PD15-just-under-2y-none"),
    pytest.param(2, 0, 0, mg(4), id="PD15-at-2y-4mg"),
    pytest.param(3, 0, 0, mg(4), id="PD15-PD-C2-tester-3y-4mg-not-5mg"),
    pytest.param(6, 0, 1, mg(4), id="PD15-just-under-6y-4mg"),
    pytest.param(6, 0, 0, mg(5), id="PD15-at-6y-5mg"),
    pytest.param(15, 0, 1, mg(5), id="PD15-just-under-15y-5mg"),
    pytest.param(15, 0, 0, mg(10), id="PD15-at-15y-10mg"),
    pytest.param(15, 0, -1, mg(10), id="PD15-above-15y-10mg"),
]


class TestMontelukastAdd:
    """antimediator.leukotriene.add doses montelukast by PD15 and always shows PD16."""

    @pytest.mark.parametrize(("years", "months", "shift", "dose"), MONTELUKAST_ROWS)
    def test_band(self, years: int, months: int, shift: int, dose: Dose) -> None:
        """The label band decides the dose; the boxed warning is always in the detail."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(years, months, shift),
            labs=[lab("urine_lte4", 200, "pg/mg{creat}")],
        )
        rec = one(p, "antimediator.leukotriene.add")
        assert rec.medication is not None
        assert rec.medication.dose == dose
        assert "boxed warning" in rec.detail
        assert "PD16" in rec.detail
        assert "S128" in rec.sources
        if dose is None:
            assert "clinician decision" in rec.detail

    @pytest.mark.parametrize(
        ("years", "shift", "text"),
        [
            pytest.param(5, 1, "under 5 years safety and efficacy", id="PD17-under-5y"),
            pytest.param(5, 0, "10 mg twice daily", id="PD17-at-5y-10mg-bid"),
            pytest.param(12, 1, "10 mg twice daily", id="PD17-under-12y"),
            pytest.param(12, 0, "20 mg twice daily", id="PD17-at-12y-20mg-bid"),
            pytest.param(40, 0, "20 mg twice daily", id="PD17-10.1-adult-20mg-bid"),
        ],
    )
    def test_zafirlukast_alternative(self, years: int, shift: int, text: str) -> None:
        """Zafirlukast is named as an alternative with the patient's band (PD17, 10.1)."""
        p = patient(
            diagnoses=["ism"],
            birth_date=birth(years, 0, shift),
            labs=[lab("urine_lte4", 200, "pg/mg{creat}")],
        )
        rec = one(p, "antimediator.leukotriene.add")
        zafirlukast = rec.detail[rec.detail.index("zafirlukast:") :]
        assert text in zafirlukast
        assert "S129" in rec.sources


PREMED_ROWS = [
    # (years, shift, montelukast, diphenhydramine)
    pytest.param(2, 1, None, None, id="PD15-PD9-just-under-2y"),
    pytest.param(2, 0, mg(4), None, id="PD15-at-2y-4mg-PD9-none"),
    pytest.param(3, 0, mg(4), None, id="PD-C2-tester-3y-4mg-not-5mg"),
    pytest.param(5, 1, mg(4), None, id="PD-C2-just-under-5y-4mg-not-5mg"),
    pytest.param(6, 1, mg(4), None, id="PD9-just-under-6y-none"),
    pytest.param(6, 0, mg(5), mg(12.5), id="PD9-at-6y-12.5mg-PD15-5mg"),
    pytest.param(12, 1, mg(5), mg(12.5), id="O10-just-under-12y"),
    pytest.param(12, 0, mg(5), DoseRange(low=25, high=50, unit="mg"), id="O10-PD9-at-12y"),
    pytest.param(15, 1, mg(5), DoseRange(low=25, high=50, unit="mg"), id="PD15-under-15y"),
    pytest.param(15, 0, mg(10), DoseRange(low=25, high=50, unit="mg"), id="PD15-at-15y-10mg"),
]


class TestPremedicationBands:
    """The premedication schedule's child doses follow the labels (PD9, PD15, PD-C2, PD19)."""

    @pytest.mark.parametrize(("years", "shift", "montelukast", "diphenhydramine"), PREMED_ROWS)
    def test_band(self, years: int, shift: int, montelukast: Dose, diphenhydramine: Dose) -> None:
        """Montelukast by PD15 (not O10's 5 mg under 5); diphenhydramine none under 6 y (PD9)."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(years, 0, shift),
            procedures=[Procedure(kind="surgery", date=date(2026, 12, 3))],
        )
        rec = one(p, "perioperative.premedication")
        doses = {d.drug: d for d in rec.schedule}
        assert doses["montelukast"].dose == montelukast
        assert doses["diphenhydramine"].dose == diphenhydramine
        if montelukast is None:
            assert "clinician decision" in (doses["montelukast"].note or "")
        if diphenhydramine is None:
            assert "PD9" in (doses["diphenhydramine"].note or "")
        assert "PD-C2" in rec.detail
        assert "PD16" in rec.detail

    def test_child_prednisone_is_fixed_dose_with_pd19(self) -> None:
        """A child's prednisone is the protocol's fixed 20 mg; per-kg is NOT VERIFIED (PD19)."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(4),
            weight_kg=16,
            procedures=[Procedure(kind="surgery", date=date(2026, 12, 3))],
        )
        rec = one(p, "perioperative.premedication")
        prednisone = [d for d in rec.schedule if d.drug == "prednisone"]
        assert {d.dose for d in prednisone} == {mg(20)}
        assert all("PD19" in (d.note or "") for d in prednisone)

    def test_birth_after_the_evaluation_moment(self) -> None:
        """A birth date after the evaluation moment is an input error naming it, never a dose."""
        p = patient(
            diagnoses=["mcas"],
            birth_date=date(2027, 1, 1),
            procedures=[Procedure(kind="surgery", date=date(2026, 12, 3))],
        )
        with pytest.raises(InputError, match="birth_date"):
            one(p, "perioperative.premedication")


class TestFamotidineChild:
    """Famotidine mg/kg for children is NOT VERIFIED (PD14): clinician decision."""

    @pytest.mark.parametrize(
        ("years", "shift", "dose"),
        [
            pytest.param(10, 0, None, id="PD14-child-none"),
            pytest.param(18, 1, None, id="PD14-just-under-18y-none"),
            pytest.param(18, 0, mg(10), id="A3-at-18y-adult-dose"),
        ],
    )
    def test_dose(self, years: int, shift: int, dose: Dose) -> None:
        """A child gets no famotidine dose and the reason (PD14); an adult gets S29's dose."""
        p = patient(diagnoses=["cm"], birth_date=birth(years, 0, shift), symptom_control="partial")
        rec = one(p, "antimediator.h2.add")
        assert rec.medication is not None
        assert rec.medication.dose == dose
        if dose is None:
            assert "PD14" in rec.detail
            assert "clinician decision" in rec.detail


class TestChildEscalation:
    """A child's H1 escalation is a clinician decision, shown with the labelled band (PD3-PD8)."""

    @pytest.mark.parametrize(
        ("drug", "jurisdiction", "text"),
        [
            pytest.param("levocetirizine", "us", "2.5 mg once daily", id="PD3-PD-C1-US"),
            pytest.param("levocetirizine", "uk_eu", "5 mg once daily", id="PD4-PD-C1-EU"),
            pytest.param("desloratadine", "us", "2.5 mg once daily", id="PD8"),
            pytest.param("fexofenadine", "us", "30 mg twice daily", id="PD5"),
        ],
    )
    def test_band_shown(self, drug: str, jurisdiction: str, text: str) -> None:
        """An 8-year-old's escalation names the drug's labelled band, no dose proposed."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(8),
            symptom_control="inadequate",
            medications=[med(drug, 1, frequency="daily")],
        )
        rec = one(p, "antimediator.h1.increase", juris(jurisdiction))
        assert rec.medication is not None
        assert rec.medication.dose is None
        assert text in rec.detail


def _band_rows() -> list[Any]:
    return [
        # PD8 desloratadine: 6 months, 1, 6, 12 years
        ("desloratadine", "us", 0, 6, 1, None, None),
        ("desloratadine", "us", 0, 6, 0, None, mg(1)),
        ("desloratadine", "us", 1, 0, 1, None, mg(1)),
        ("desloratadine", "us", 1, 0, 0, None, mg(1.25)),
        ("desloratadine", "us", 6, 0, 1, None, mg(1.25)),
        ("desloratadine", "us", 6, 0, 0, None, mg(2.5)),
        ("desloratadine", "us", 12, 0, 1, None, mg(2.5)),
        ("desloratadine", "us", 12, 0, 0, None, mg(5)),
        # PD5 fexofenadine: under 2 NOT VERIFIED, 30 mg BID 2-11, 180 mg from 12
        ("fexofenadine", "us", 2, 0, 1, None, None),
        ("fexofenadine", "us", 2, 0, 0, None, mg(30)),
        ("fexofenadine", "us", 12, 0, 1, None, mg(30)),
        ("fexofenadine", "us", 12, 0, 0, None, mg(180)),
        # PD3 (US) levocetirizine: 6 months, 6, 12 years
        ("levocetirizine", "us", 0, 6, 1, None, None),
        ("levocetirizine", "us", 0, 6, 0, None, mg(1.25)),
        ("levocetirizine", "us", 6, 0, 1, None, mg(1.25)),
        ("levocetirizine", "us", 6, 0, 0, None, mg(2.5)),
        ("levocetirizine", "us", 12, 0, 1, None, mg(2.5)),
        ("levocetirizine", "us", 12, 0, 0, None, mg(5)),
        # PD4 (EU) levocetirizine: 2, 6 years (PD-C1: 5 mg at 6-11 vs US 2.5 mg)
        ("levocetirizine", "uk_eu", 2, 0, 1, None, None),
        ("levocetirizine", "uk_eu", 2, 0, 0, None, mg(1.25)),
        ("levocetirizine", "uk_eu", 6, 0, 1, None, mg(1.25)),
        ("levocetirizine", "uk_eu", 6, 0, 0, None, mg(5)),
        # PD6 (US) loratadine: 2, 6 years
        ("loratadine", "us", 2, 0, 1, None, None),
        ("loratadine", "us", 2, 0, 0, None, mg(5)),
        ("loratadine", "us", 6, 0, 1, None, mg(5)),
        ("loratadine", "us", 6, 0, 0, None, mg(10)),
        # PD7 (UK/Canada) loratadine: by weight 30 kg from 2 to 12 years
        ("loratadine", "uk_eu", 8, 0, 0, 29.9, mg(5)),
        ("loratadine", "uk_eu", 8, 0, 0, 30.0, mg(5)),
        ("loratadine", "uk_eu", 8, 0, 0, 30.1, mg(10)),
        ("loratadine", "uk_eu", 12, 0, 1, 30.0, mg(5)),
        ("loratadine", "uk_eu", 12, 0, 0, 20.0, mg(10)),
        # PD9 diphenhydramine: 6, 12 years
        ("diphenhydramine", "us", 6, 0, 1, None, None),
        ("diphenhydramine", "us", 6, 0, 0, None, DoseRange(low=12.5, high=25, unit="mg")),
        ("diphenhydramine", "us", 12, 0, 1, None, DoseRange(low=12.5, high=25, unit="mg")),
        ("diphenhydramine", "us", 12, 0, 0, None, DoseRange(low=25, high=50, unit="mg")),
        # PD17 zafirlukast: 5, 12 years
        ("zafirlukast", "us", 5, 0, 1, None, None),
        ("zafirlukast", "us", 5, 0, 0, None, mg(10)),
        ("zafirlukast", "us", 12, 0, 1, None, mg(10)),
        ("zafirlukast", "us", 12, 0, 0, None, mg(20)),
    ]


class TestBandData:
    """band_for reads the right row at every boundary, by age and by weight (PD3-PD17)."""

    @pytest.mark.parametrize(
        ("drug", "jurisdiction", "years", "months", "shift", "weight", "dose"), _band_rows()
    )
    def test_boundary(
        self,
        drug: str,
        jurisdiction: str,
        years: int,
        months: int,
        shift: int,
        weight: float | None,
        dose: Dose,
    ) -> None:
        """Just below, at and just above each boundary the band's dose (or none) is chosen."""
        choice = band_for(drug, age_of(years, months, shift), weight, Jurisdiction(jurisdiction))
        assert choice.band is not None
        assert choice.band.dose == dose
        if dose is None:
            assert choice.band.reason

    def test_weight_needed(self) -> None:
        """UK/Canadian loratadine at 2-11 y needs the weight; without it none is chosen (PD7)."""
        choice = band_for("loratadine", age_of(8), None, Jurisdiction.UK_EU)
        assert choice.band is None
        assert choice.missing == "weight"
        assert len(choice.candidates) == 2

    def test_weight_needed_in_a_rule(self) -> None:
        """In a rule the missing weight is named as the reason for no dose (PD7)."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(8),
            symptom_control="inadequate",
            medications=[med("loratadine", 5, frequency="daily")],
        )
        rec = one(p, "antimediator.h1.increase", juris("uk_eu"))
        assert "up to 30 kg" in rec.detail
        assert "over 30 kg" in rec.detail

    @given(
        drug=st.sampled_from(sorted(BANDS)),
        jurisdiction=st.sampled_from(list(Jurisdiction)),
        age=st.floats(min_value=0, max_value=120, allow_nan=False),
        weight=st.floats(min_value=0.5, max_value=200, allow_nan=False),
    )
    def test_bands_cover_every_age_once(
        self, drug: str, jurisdiction: Jurisdiction, age: float, weight: float
    ) -> None:
        """For any age and weight exactly one band of a drug applies (no gap, no overlap)."""
        bands = [
            b
            for b in BANDS[drug]
            if (b.jurisdiction is None or b.jurisdiction is jurisdiction) and b.covers(age, weight)
        ]
        assert len(bands) == 1


OPIOID_PREMED_ROWS = [
    # (years, shift, diphenhydramine dose before an opioid)
    pytest.param(6, 1, None, id="PD9-just-under-6y-none"),
    pytest.param(6, 0, DoseRange(low=12.5, high=25, unit="mg"), id="PD9-at-6y-12.5-25mg"),
    pytest.param(6, -1, DoseRange(low=12.5, high=25, unit="mg"), id="PD9-just-over-6y"),
    pytest.param(12, 1, DoseRange(low=12.5, high=25, unit="mg"), id="PD9-just-under-12y"),
    pytest.param(12, 0, DoseRange(low=25, high=50, unit="mg"), id="PD9-at-12y-25-50mg"),
    pytest.param(18, 1, DoseRange(low=25, high=50, unit="mg"), id="PD9-just-under-18y"),
    pytest.param(18, 0, DoseRange(low=25, high=50, unit="mg"), id="A18-at-18y-adult"),
]


class TestOpioidPremedicationChild:
    """analgesia.premedicate doses diphenhydramine by the OTC label's bands (PD9, S126)."""

    @pytest.mark.parametrize(("years", "shift", "dose"), OPIOID_PREMED_ROWS)
    def test_band(self, years: int, shift: int, dose: Dose) -> None:
        """6 to under 12 years 12.5-25 mg, from 12 years 25-50 mg, under 6 none (PD9)."""
        p = patient(
            diagnoses=["cm"],
            birth_date=birth(years, 0, shift),
            pain=PainAssessment(score=7),
            medications=[med("morphine")],
        )
        rec = one(p, "analgesia.premedicate")
        (h1,) = [d for d in rec.schedule if d.drug == "diphenhydramine"]
        assert h1.dose == dose
        note = h1.note or ""
        if years >= 18 and shift <= 0:
            assert "A18" in note
        else:
            assert "PD9" in note
            assert "S126" in rec.sources
        if dose is None:
            assert "clinician decision" in note

    def test_age_unknown_gives_no_dose(self) -> None:
        """Without an age no dose is proposed: children's doses depend on it (PD9)."""
        p = patient(diagnoses=["cm"], pain=PainAssessment(score=7), medications=[med("morphine")])
        rec = one(p, "analgesia.premedicate")
        (h1,) = [d for d in rec.schedule if d.drug == "diphenhydramine"]
        assert h1.dose is None
        assert "clinician decision" in (h1.note or "")
