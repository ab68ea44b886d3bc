"""Issue 16 item 5: a weight of zero is an input error; the common frequencies are codes.

The model, the shipped JSON Schema and the fast reader agree on each (the fast reader builds
the model's entities, so it declines what the model refuses and the detailed reader names
the field).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Frequency, InputError, Weight, evaluate, patient_from_dict
from mastcell._fastdecode import fast_patient
from mastcell.cli import main
from mastcell.interchange import patient_schema, shipped_patient_schema
from mastcell.testing import AT, med, patient


def _schema_validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(json.loads(shipped_patient_schema()))


class TestWeightAboveZero:
    @pytest.mark.parametrize(
        ("value", "unit"),
        [(0, "kg"), (0.0, "kg"), (0, "lb"), (0, "g"), (-0.0, "kg"), (-1, "kg"), (-70, "lb")],
    )
    def test_zero_or_below_names_the_field(self, value: float, unit: str) -> None:
        """A weight of zero or below is an InputError naming weight.value, in any unit."""
        with pytest.raises(InputError) as info:
            patient_from_dict({"weight": {"value": value, "unit": unit}})
        assert str(info.value).startswith("weight.value: expected a finite number > 0")

    @pytest.mark.parametrize(("value", "unit"), [(1e-300, "kg"), (0.0001, "g"), (0.4, "g")])
    def test_a_weight_that_rounds_to_zero_kg_names_the_field(self, value: float, unit: str) -> None:
        """A positive weight below 0.5 g rounds to 0 kg: refused too (it would divide by 0)."""
        with pytest.raises(InputError) as info:
            patient_from_dict({"weight": {"value": value, "unit": unit}})
        assert str(info.value).startswith("weight.value: expected a weight that is above 0 kg")

    @pytest.mark.parametrize(("value", "unit"), [(0.001, "kg"), (1, "g"), (3.5, "kg"), (150, "lb")])
    def test_above_zero_is_read(self, value: float, unit: str) -> None:
        """Any weight above zero is read (tiny ones too: zero is the only divisor refused)."""
        got = patient_from_dict({"weight": {"value": value, "unit": unit}})
        assert got.weight is not None
        assert got.weight.kg > 0

    @pytest.mark.parametrize("value", [0, -1, 0.5, 70])
    def test_schema_model_and_fast_reader_agree(self, value: float) -> None:
        """The schema, the model and the fast reader accept and refuse the same weights."""
        data = {"weight": {"value": value, "unit": "kg"}}
        by_schema = _schema_validator().is_valid({"format_version": 1, **data})
        try:
            Weight(value=value, unit="kg")
            by_model = True
        except InputError:
            by_model = False
        by_fast_reader = fast_patient(data) is not None
        assert by_schema == by_model == by_fast_reader == (value > 0)

    def test_schema_states_the_exclusive_bound(self) -> None:
        """The generated schema bounds the weight value above zero (exclusiveMinimum 0)."""
        weight = patient_schema()["$defs"]["Weight"]["properties"]["value"]
        assert weight["exclusiveMinimum"] == 0

    def test_cli_reports_the_field_instead_of_crashing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The issue's document (weight 0 kg, a child in pain) exits 2 naming weight.value."""
        path = tmp_path / "p.json"
        path.write_text(
            json.dumps(
                {
                    "diagnoses": ["ism"],
                    "birth_date": "2019-03-01",
                    "weight": {"value": 0, "unit": "kg"},
                    "pain": {"score": 6},
                }
            )
        )
        assert main(["evaluate", str(path), "--at", "2026-11-22T12:00:00Z"]) == 2
        err = capsys.readouterr().err
        assert "weight.value" in err
        assert "ZeroDivisionError" not in err
        assert "Traceback" not in err


#: Issue 16's frequencies with their administrations per day.
NEW_FREQUENCIES = [
    ("q2h", 12.0, "every 2 hours"),
    ("q3h", 8.0, "every 3 hours"),
    ("q4h", 6.0, "every 4 hours"),
    ("q12h", 2.0, "every 12 hours"),
    ("5x_daily", 5.0, "five times daily"),
    ("monthly", 12 / 365.25, "once monthly"),
]


class TestFrequencies:
    @pytest.mark.parametrize(("code", "per_day", "label"), NEW_FREQUENCIES)
    def test_code_per_day_and_label(self, code: str, per_day: float, label: str) -> None:
        """Each new code reads in any case, with its administrations per day and its label."""
        for spelling in (code, code.upper()):
            frequency = Frequency(spelling.lower())
            assert frequency.per_day == pytest.approx(per_day)
            assert frequency.label == label
            assert med("famotidine", 20, frequency=spelling).frequency is frequency

    @pytest.mark.parametrize(("code", "per_day", "label"), NEW_FREQUENCIES)
    def test_daily_amount(self, code: str, per_day: float, label: str) -> None:
        """A dose with a new frequency gives its daily amount (dose x administrations a day)."""
        got = med("acetaminophen", 500, frequency=code).daily_mg
        assert got == pytest.approx(500 * per_day)

    @pytest.mark.parametrize(("code", "per_day", "label"), NEW_FREQUENCIES)
    def test_schema_model_and_fast_reader_agree(
        self, code: str, per_day: float, label: str
    ) -> None:
        """The shipped schema, the model and the fast reader all accept each new code."""
        data = {"medications": [{"drug": "famotidine", "frequency": code.upper()}]}
        assert _schema_validator().is_valid({"format_version": 1, **data})
        fast = fast_patient(data)
        assert fast is not None
        assert fast.medications[0].frequency == code

    def test_an_unusual_frequency_does_not_block_the_patient(self) -> None:
        """A q4h opioid and a q12h antihistamine: the patient is evaluated like any other."""
        p = patient_from_dict(
            {
                "diagnoses": ["ism"],
                "pain": {"score": 8},
                "medications": [
                    {"drug": "morphine", "dose": {"value": 5, "unit": "mg"}, "frequency": "q4h"},
                    {
                        "drug": "cetirizine",
                        "dose": {"value": 10, "unit": "mg"},
                        "frequency": "q12h",
                    },
                ],
            }
        )
        codes = {r.code for r in evaluate(p, at=AT).recommendations}
        assert "analgesia.opioid.caution" in codes

    def test_a_code_outside_the_list_names_the_field(self) -> None:
        """Any other code is an input error naming the medication's frequency."""
        with pytest.raises(InputError) as info:
            patient_from_dict({"medications": [{"drug": "famotidine", "frequency": "q5h"}]})
        assert str(info.value).startswith("medications[0].frequency:")

    @given(st.sampled_from(list(Frequency)), st.floats(min_value=0.001, max_value=1000))
    def test_every_code_evaluates(self, frequency: Frequency, dose: float) -> None:
        """A patient on any frequency and dose is evaluated without error."""
        p = patient(
            diagnoses=["mcas"],
            medications=[med("cetirizine", dose, frequency=frequency.value)],
        )
        assert evaluate(p, at=AT).recommendations
