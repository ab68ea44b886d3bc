"""Embryo-fetal toxicity (LW11, LW12, LW17) and the pregnant/lactating/kit_d816v fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import jsonschema
import pytest

from mastcell import (
    Indicator,
    InputError,
    Patient,
    Recommendation,
    Report,
    evaluate,
    patient_from_dict,
    patient_schema,
    to_dict,
)
from mastcell.testing import AT, lab, med, patient

PREGNANT = "cytopenia.embryo_fetal.pregnant"
LACTATING = "cytopenia.embryo_fetal.lactating"
CHECK = "cytopenia.embryo_fetal.check"
CODES = {PREGNANT, LACTATING, CHECK}


def run(p: Patient) -> Report:
    return evaluate(p, at=AT, categories=["cytopenia"])


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


def on(drug: str, status: str = "active", **kwargs: Any) -> Patient:
    dose = {"midostaurin": 100, "avapritinib": 200}.get(drug)
    labs = [lab("anc", 3, "10*9/L"), lab("platelets", 200, "K/uL"), lab("hemoglobin", 12, "g/dL")]
    return patient(
        diagnoses=["asm"], labs=labs, medications=[med(drug, dose, status=status)], **kwargs
    )


class TestPregnant:
    """Pregnant on midostaurin or avapritinib (active, held or planned) is critical."""

    @pytest.mark.parametrize("drug", ["midostaurin", "Rydapt", "avapritinib"])
    @pytest.mark.parametrize("status", ["active", "held", "planned"])
    def test_pregnant_is_critical(self, drug: str, status: str) -> None:
        """LW11/LW17: fetal harm; clinician decision."""
        rec = only(run(on(drug, status, sex="female", pregnant=True)), PREGNANT)
        assert rec.indicator is Indicator.CRITICAL
        assert "clinician decision" in rec.summary

    def test_stopped_drug_is_not_alerted(self) -> None:
        """A stopped drug gives no embryo-fetal alert."""
        assert not CODES & set(run(on("midostaurin", "stopped", pregnant=True)).codes)

    def test_hydroxyurea_is_covered_and_cladribine_not(self) -> None:
        """Hydroxyurea's label facts joined in issue 16 (SR12, S249); cladribine has none read."""
        assert set(run(on("hydroxyurea", sex="female", pregnant=True)).codes) & CODES
        assert not CODES & set(run(on("cladribine", sex="female", pregnant=True)).codes)


class TestLactating:
    """Breastfeeding is a warning with each drug's own statement."""

    def test_midostaurin_four_months(self) -> None:
        """LW17: no breastfeeding during treatment and for 4 months after."""
        rec = only(run(on("midostaurin", sex="female", pregnant=False, lactating=True)), LACTATING)
        assert rec.indicator is Indicator.WARNING
        assert "4 months" in rec.summary

    def test_avapritinib_conflict_is_stated(self) -> None:
        """LW12: the sources conflict on breastfeeding; the detail says so."""
        rec = only(run(on("avapritinib", sex="female", pregnant=False, lactating=True)), LACTATING)
        assert "CONFLICT" in rec.detail
        assert "clinician decision" in rec.detail


class TestStatusUnknown:
    """Unknown pregnancy status in a patient who could be pregnant: check it (info)."""

    @pytest.mark.parametrize(
        ("drug", "period"),
        [("midostaurin", "at least 4 months"), ("avapritinib", "6 weeks")],
    )
    def test_reminder_states_the_period(self, drug: str, period: str) -> None:
        """LW11: 6 weeks after avapritinib; LW17: at least 4 months after midostaurin."""
        rec = only(run(on(drug, sex="female")), CHECK)
        assert rec.indicator is Indicator.INFO
        assert period in rec.summary
        assert "library convention" in rec.detail

    @pytest.mark.parametrize(
        ("sex", "birth", "fires"),
        [
            pytest.param("female", date(2014, 11, 22), True, id="convention-age-12"),
            pytest.param("female", date(2014, 11, 23), False, id="convention-age-11.99"),
            pytest.param("female", date(1970, 11, 23), True, id="convention-age-55.99"),
            pytest.param("female", date(1970, 11, 22), False, id="convention-age-56"),
            pytest.param("female", None, True, id="convention-age-unknown"),
            pytest.param("other", date(1990, 1, 1), True, id="convention-sex-other"),
            pytest.param("male", date(1990, 1, 1), False, id="convention-male"),
            pytest.param("unknown", date(1990, 1, 1), False, id="convention-sex-unrecorded"),
        ],
    )
    def test_who_is_reminded(self, sex: str, birth: date | None, fires: bool) -> None:
        """The reproductive-potential convention: female/other, 12-55 or unknown age."""
        p = on("midostaurin", "planned", sex=sex, birth_date=birth)
        assert (CHECK in run(p).codes) is fires

    def test_known_not_pregnant_is_quiet(self) -> None:
        """pregnant false: no reminder."""
        assert not CODES & set(run(on("avapritinib", sex="female", pregnant=False)).codes)


class TestInterchange:
    """The new optional booleans round-trip, validate and are strict."""

    @pytest.mark.parametrize("value", [True, False, None])
    @pytest.mark.parametrize("field", ["pregnant", "lactating", "kit_d816v"])
    def test_round_trip_and_schema(self, field: str, value: bool | None) -> None:
        """Each value survives to_dict/patient_from_dict and validates against the schema."""
        data = {"id": "x", "sex": "female", field: value}
        p = patient_from_dict(data)
        assert getattr(p, field) is value
        out = to_dict(p)
        assert patient_from_dict(out) == p
        assert (field in out) is (value is not None)
        jsonschema.validate(data, patient_schema())
        jsonschema.validate(out, patient_schema())

    @pytest.mark.parametrize("field", ["pregnant", "lactating", "kit_d816v"])
    @pytest.mark.parametrize("bad", ["yes", 1, "true", 0])
    def test_strict(self, field: str, bad: Any) -> None:
        """A string or number is refused by the reader and the schema, naming the field."""
        with pytest.raises(InputError) as info:
            patient_from_dict({field: bad})
        assert any(e.startswith(f"{field}: ") for e in info.value.errors)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({field: bad}, patient_schema())

    def test_python_construction_is_strict(self) -> None:
        """Patient(pregnant='yes') raises an InputError naming the field."""
        with pytest.raises(InputError, match=r"^pregnant: "):
            Patient(pregnant="yes")  # type: ignore[arg-type]
