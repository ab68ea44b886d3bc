"""The JSON interchange format: round trips, strictness, path-qualified errors, the schema."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import (
    InputError,
    Patient,
    evaluate,
    patient_from_dict,
    patient_from_json,
    patient_schema,
    report_from_dict,
    to_dict,
    to_json,
)
from mastcell.interchange import shipped_patient_schema
from strategies import patients

EXAMPLES = sorted((Path(__file__).parent.parent / "src" / "mastcell" / "examples").glob("*.json"))

VALID: dict[str, Any] = {
    "id": "demo-1",
    "sex": "female",
    "birth_date": "1971-04-02",
    "weight": {"value": 68, "unit": "kg"},
    "diagnoses": ["ism"],
    "labs": [
        {"analyte": "anc", "value": 800, "unit": "/uL", "time": "2026-11-20T08:15:00+00:00"},
        {
            "analyte": "tryptase",
            "value": 14.2,
            "unit": "ng/mL",
            "time": "2026-10-01T09:00:00+00:00",
            "role": "baseline",
        },
    ],
    "medications": [
        {
            "drug": "midostaurin",
            "dose": {"value": 100, "unit": "mg"},
            "frequency": "bid",
            "route": "oral",
            "status": "active",
            "start": "2026-09-01",
        },
        {"drug": "cetirizine", "dose": {"value": 10, "unit": "mg"}, "frequency": "daily"},
    ],
    "symptom_control": "inadequate",
    "pain": {"score": 7, "site": "back"},
    "procedures": [
        {
            "kind": "surgery",
            "date": "2026-12-03",
            "anesthesia": "general",
            "planned_agents": ["succinylcholine", "propofol"],
        }
    ],
    "flares": [{"onset": "2026-11-19T22:10:00+00:00"}],
    "reactions": [{"agent": "ibuprofen", "severity": "flare"}],
}


def _with(path: str, value: Any) -> dict[str, Any]:
    """VALID with one value replaced (path like 'labs.0.unit'); '<del>' removes the key."""
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    node: Any = data
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value == "<del>":
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


class TestRoundTrip:
    @given(patients())
    def test_patient_survives_to_dict_and_back(self, patient: Patient) -> None:
        """Any valid patient survives patient_from_dict(to_dict(p)) == p."""
        assert patient_from_dict(to_dict(patient)) == patient

    @given(patients())
    def test_patient_survives_json_text(self, patient: Patient) -> None:
        """The same holds through JSON text."""
        assert patient_from_json(to_json(patient)) == patient

    def test_the_documented_example_reads(self) -> None:
        """The interchange document's own example is a valid patient and round-trips."""
        p = patient_from_dict(VALID)
        assert p.labs[0].canonical == 0.8
        assert patient_from_dict(to_dict(p)) == p

    def test_written_patient_keeps_what_the_caller_sent(self) -> None:
        """Values and units are written back as given, not converted; defaults are omitted."""
        out = to_dict(patient_from_dict(VALID))
        assert out["labs"][0] == {
            "analyte": "anc",
            "value": 800.0,
            "unit": "/uL",
            "time": "2026-11-20T08:15:00+00:00",
        }
        assert "status" not in out["medications"][1]

    def test_report_round_trip(self) -> None:
        """A report read back from its JSON equals the report."""
        report = evaluate(patient_from_dict(VALID), at="2026-11-22T12:00:00+00:00")
        assert report_from_dict(json.loads(report.to_json())) == report


class TestBadInput:
    @pytest.mark.parametrize(
        ("data", "path"),
        [
            (_with("labs.0.unit", "mg"), "labs[0].unit"),
            (_with("labs.0.analyte", "lymphocytes"), "labs[0].analyte"),
            (_with("diagnoses", ["ism", "xsm"]), "diagnoses[1]"),
            (_with("labs.0.value", -800), "labs[0].value"),
            (_with("pain.score", 11), "pain.score"),
            (_with("labs.1.time", "2026-13-01T09:00:00+00:00"), "labs[1].time"),
            (_with("labs.1.time", "2026-10-01T09:00:00"), "labs[1].time"),
            (_with("birth_date", "02/04/1971"), "birth_date"),
            (_with("labs.0.unit", "<del>"), "labs[0].unit"),
            (_with("medications.0.drug", "<del>"), "medications[0].drug"),
            (_with("labs.0.value", "800"), "labs[0].value"),
            (_with("labs.0.value", True), "labs[0].value"),
            (_with("diagnoses", "ism"), "diagnoses"),
            (_with("medications.0.quantity", 1.5), "medications[0].quantity"),
            (_with("medications.0.frequency", "hourly"), "medications[0].frequency"),
            (_with("medications.0.dose", 100), "medications[0].dose"),
            (_with("weight.unit", "cm"), "weight.unit"),
            (_with("procedures.0.planned_agents", "propofol"), "procedures[0].planned_agents"),
            (_with("labs.0.reference_low", "low"), "labs[0].reference_low"),
            (_with("labs.0.colour", "red"), "labs[0]"),
            (_with("pains", {"score": 3}), "(root)"),
            (_with("flares.0.onset", 12), "flares[0].onset"),
        ],
        ids=lambda v: v if isinstance(v, str) else "",
    )
    def test_error_names_the_path(self, data: dict[str, Any], path: str) -> None:
        """Each problem raises InputError (a ValueError) whose message starts with its path.

        A lab's path carries its analyte (``labs[0] (anc).unit``), which is taken off here.
        """
        with pytest.raises(InputError) as info:
            patient_from_dict(data)
        assert isinstance(info.value, ValueError)
        errors = [re.sub(r"^(labs\[\d+\]) \(\w+\)", r"\1", e) for e in info.value.errors]
        assert any(e.startswith(f"{path}: ") or e.startswith(f"{path}.") for e in errors), errors

    def test_every_structural_problem_is_listed(self) -> None:
        """Independent problems in different places are all reported in one error."""
        data = _with("labs.0.value", "800")
        data["pain"] = {"score": "high"}
        data["sex"] = "f"
        with pytest.raises(InputError) as info:
            patient_from_dict(data)
        paths = {e.split(":")[0] for e in info.value.errors}
        assert {"labs[0] (anc).value", "pain.score", "sex"} <= paths

    @pytest.mark.parametrize("data", [[], "patient", 3, None])
    def test_top_level_must_be_an_object(self, data: Any) -> None:
        """A JSON document that is not an object is refused with a root path."""
        with pytest.raises(InputError, match=r"\(root\)"):
            patient_from_dict(data)

    def test_malformed_json_text(self) -> None:
        """Malformed JSON text says where it broke."""
        with pytest.raises(InputError, match=r"line 1 column"):
            patient_from_json('{"id": "x",}')

    @given(
        st.recursive(
            st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(
                        ["id", "labs", "pain", "weight", "diagnoses", "medications", "x"]
                    ),
                    inner,
                    max_size=3,
                )
            ),
            max_leaves=10,
        )
    )
    def test_arbitrary_json_gives_a_patient_or_input_error(self, data: Any) -> None:
        """Any JSON value yields a Patient or an InputError: never another exception."""
        try:
            result = patient_from_dict(data)
        except InputError as exc:
            assert exc.errors  # noqa: PT017 - either outcome is allowed, not an expected raise
        else:
            assert isinstance(result, Patient)

    def test_to_dict_refuses_other_objects(self) -> None:
        """to_dict is for patients and reports only."""
        with pytest.raises(TypeError):
            to_dict({"id": "x"})  # type: ignore[call-overload]


class TestSchema:
    def test_shipped_schema_is_the_generated_one(self) -> None:
        """The schema file in the package is exactly what the model generates."""
        assert json.loads(shipped_patient_schema()) == patient_schema()

    @pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
    def test_examples_are_valid(self, path: Path) -> None:
        """Every bundled example validates against the schema and reads as a patient."""
        data = json.loads(path.read_text())
        jsonschema.validate(data, patient_schema())
        assert patient_from_dict(data).id == data["id"]

    def test_schema_rejects_unknown_keys_and_codes(self) -> None:
        """The schema, like the reader, refuses a misspelt key and an unknown code."""
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(_with("pains", {}), patient_schema())
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(_with("diagnoses", ["xsm"]), patient_schema())

    @given(patients())
    def test_every_written_patient_validates(self, patient: Patient) -> None:
        """Whatever mastcell writes, its own schema accepts."""
        problems = list(
            jsonschema.Draft202012Validator(patient_schema()).iter_errors(to_dict(patient))
        )
        assert problems == [], [p.message for p in problems]
