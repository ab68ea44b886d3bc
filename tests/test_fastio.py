"""Fast I/O edges (issue 11): the orjson writer and the trusted-shape patient reader.

The orjson path must write the standard library's text byte for byte (or hand the document
to the standard library), and the fast reader must give the detailed cattrs reader's patient
or leave the document to it (so errors are the detailed path's, unchanged).
"""

from __future__ import annotations

import json
import math
import sys
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace, UnionType
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell import (
    InputError,
    Patient,
    Recommendation,
    Report,
    _fastjson,
    evaluate,
    patient_from_dict,
    patient_from_json,
    to_dict,
    to_json,
)
from mastcell._fastdecode import fast_patient
from mastcell.cohort.compact import compact_json, compact_report
from mastcell.interchange import _floats_of, _structure, _without_format_version
from mastcell.limits import Limits
from mastcell.model import Finding
from strategies import SCENARIO_AT, patients, scenario_patients, valid_at

AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def stdlib(data: Any, indent: int | None) -> str:
    """Today's encoder: what every to_json call wrote before the fast extra."""
    return json.dumps(data, indent=indent, ensure_ascii=False)


#: Floats the two encoders spell differently (orjson: 0.00001, 1e-7) or at the switch to an
#: exponent (1e16), the extremes, and plain ones.
TRICKY_FLOATS = st.sampled_from(
    [1e-5, 2.5e-5, 1e-6, 1e-7, 3.5e-9, 1e-10, 1e-4, 0.00012, 1e15, 1e16, 1.5e16, 1e22,
     5e-324, 1.7976931348623157e308, -0.0, 0.0, 0.1, 800.0, 14.2]
)  # fmt: skip
FLOATS = st.floats(allow_nan=False, allow_infinity=False) | TRICKY_FLOATS
#: Text with what an encoder may treat specially: controls, DEL, C1, separators, BOM, astral
#: characters, quotes and backslashes, lone surrogates, and the writer's own alarm texts.
HOSTILE_TEXT = st.text(
    st.characters(codec=None, categories=None) | st.sampled_from(list('"\\\n\t\x7f\u2028')),
    max_size=12,
) | st.sampled_from(["\ud800", "a\udfffb", "0.00001", "1e-7", "x,\n  y", "caf\u00e9 \U0001f600"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | FLOATS | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HOSTILE_TEXT, inner, max_size=4),
    max_leaves=20,
)


class TestOrjsonWriter:
    """to_json, Report.to_json and compact_json write the standard library's text exactly."""

    def test_orjson_is_installed_for_the_tests(self) -> None:
        """The test extra installs the fast extra: a missing orjson fails here, never skips."""
        assert _fastjson.orjson_module() is not None

    @given(patients() | scenario_patients())
    def test_patient_text_is_the_standard_librarys(self, patient: Patient) -> None:
        """A generated patient's JSON, indented and compact, is json.dumps' text."""
        data = to_dict(patient)
        assert to_json(patient) == stdlib(data, 2)
        assert to_json(patient, indent=None) == stdlib(data, None)

    @settings(max_examples=25)
    @given(scenario_patients())
    def test_report_text_is_the_standard_librarys(self, patient: Patient) -> None:
        """A generated patient's report (full and compact) is json.dumps' text."""
        report = evaluate(valid_at(patient, SCENARIO_AT), at=SCENARIO_AT)
        data = to_dict(report)
        assert report.to_json() == stdlib(data, 2)
        assert report.to_json(indent=None) == stdlib(data, None)
        assert compact_json(report) == stdlib(compact_report(report), None)

    @given(JSON, st.sampled_from([None, 2]))
    def test_hostile_values_give_the_standard_librarys_text(
        self, data: Any, indent: int | None
    ) -> None:
        """Non-ASCII, lone surrogates, huge and tiny floats, big integers: json.dumps' text."""
        assert _fastjson.dumps(data, indent=indent) == stdlib(data, indent)

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (1e-5, "1e-05"),
            (1e-7, "1e-07"),
            (1e16, "1e+16"),
            (2**64, str(2**64)),
            (-(2**63) - 1, str(-(2**63) - 1)),
            ("\ud800", '"\ud800"'),
        ],
        ids=["1e-5", "1e-7", "1e16", "2**64", "below-int64", "lone-surrogate"],
    )
    def test_values_orjson_writes_otherwise_go_to_the_standard_library(
        self, value: Any, text: str
    ) -> None:
        """Where orjson would differ (or refuse), the text is the standard library's."""
        assert _fastjson.dumps({"v": value}, indent=None) == '{"v": ' + text + "}"

    def test_non_string_keys_go_to_the_standard_library(self) -> None:
        """orjson refuses integer keys; json.dumps writes them as strings."""
        assert _fastjson.dumps({1: [True]}, indent=None) == '{"1": [true]}'

    def test_a_report_with_a_nan_finding_is_written_as_today(self) -> None:
        """A finding's value is free: NaN is written ``NaN`` as the standard library does."""
        rec = Recommendation(
            code="emergency.triggers.avoid",
            indicator="info",
            summary="Avoid triggers",
            detail="...",
            findings=(Finding(input="labs[0]", value=math.nan, threshold=math.inf),),
        )
        report = Report(
            patient_id="\ud800", evaluated_at=AT, mastcell_version="0", recommendations=(rec,)
        )
        text = report.to_json(indent=None)
        assert text == stdlib(to_dict(report), None)
        assert '"value": NaN' in text
        assert '"threshold": Infinity' in text

    def test_a_patient_id_with_a_lone_surrogate_is_written_as_today(self) -> None:
        """The standard library writes a lone surrogate as it is; so does to_json."""
        patient = Patient(id="x\udc00")
        assert to_json(patient, indent=None) == '{"id": "x\udc00"}'

    def test_the_orjson_path_writes_the_reports(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With orjson present an example report never reaches the standard library."""

        def refuse(data: Any, indent: int | None) -> str:
            raise AssertionError("the standard library path was taken")

        report = evaluate(patient_from_dict({"id": "p", "diagnoses": ["mcas"]}), at=AT)
        expected = (report.to_json(), report.to_json(indent=None), compact_json(report))
        monkeypatch.setattr(_fastjson, "_stdlib", refuse)
        assert (report.to_json(), report.to_json(indent=None), compact_json(report)) == expected

    def test_other_indents_use_the_standard_library(self) -> None:
        """orjson indents by 2 only; indent=4 is json.dumps' text."""
        patient = patient_from_dict({"id": "a", "diagnoses": ["ism"]})
        assert to_json(patient, indent=4) == stdlib(to_dict(patient), 4)


def _float_fields(root: type) -> set[str]:
    """``Class.field`` of every float field of the attrs classes reachable from ``root``."""
    found: set[str] = set()
    seen: set[type] = set()
    todo = [root]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            t = hints[field.name]
            parts = set(typing.get_args(t)) | {t}
            for part in list(parts):
                if typing.get_origin(part) in (tuple, typing.Union, UnionType):
                    parts |= set(typing.get_args(part))
            if float in parts:
                found.add(f"{cls.__name__}.{field.name}")
            todo += [p for p in parts if isinstance(p, type) and attrs.has(p)]
    return found


def _json_floats(data: Any) -> list[float]:
    if isinstance(data, float):
        return [data]
    if isinstance(data, dict):
        return [x for v in data.values() for x in _json_floats(v)]
    if isinstance(data, list):
        return [x for v in data for x in _json_floats(v)]
    return []


class TestFloatInventory:
    """The writer skips its float scan only when the model's floats are all listed and plain."""

    def test_every_float_field_is_listed(self) -> None:
        """_floats_of reads exactly these fields: a new float field must be added there."""
        assert _float_fields(Report) == {
            "AntimediatorOptions.h1_max_multiple",
            "AntimediatorOptions.aspirin_min_platelets",
            "MedicationOptions.nsaid_platelets_below",
            "MedicationOptions.metamizole_anc_below",
            "Finding.value",
            "Finding.threshold",
            "DoseAmount.value",
            "DoseRange.low",
            "DoseRange.high",
        }
        assert _float_fields(Patient) == {
            "LabResult.value",
            "LabResult.reference_low",
            "LabResult.reference_high",
            "LabResult.canonical",  # not written
            "LabResult.canonical_bound",  # not written
            "LabResult.canonical_low",  # not written
            "LabResult.canonical_high",  # not written
            "Weight.value",
            "Weight.canonical",  # not written
            "Age.value",
            "Age.canonical",  # not written
            "Dose.value",
            "Dose.canonical",  # not written
            "Biopsy.infiltration_pct",
            "Biopsy.atypical_pct",
            "Biopsy.aspirate_mast_cell_pct",
            "KitTest.vaf_pct",
            "KitTest.lod_pct",
            "OrganFindings.lymphadenopathy_cm",
            "OrganFindings.osteolysis_cm",
            "Score.value",
        }

    @settings(max_examples=25)
    @given(scenario_patients())
    def test_every_written_float_is_listed(self, patient: Patient) -> None:
        """Each float in a patient's or report's JSON data is one _floats_of yields."""
        report = evaluate(valid_at(patient, SCENARIO_AT), at=SCENARIO_AT)
        for obj in (patient, report):
            listed = [v for v in _floats_of(obj) if v is not None]
            for value in _json_floats(to_dict(obj)):
                assert any(value is v or value == v for v in listed), value

    @pytest.mark.parametrize("value", [1e-5, 3e-7, 1e16, 0.5], ids=str)
    def test_a_finding_value_orjson_spells_otherwise_is_written_as_today(
        self, value: float
    ) -> None:
        """A tiny or huge finding value: the report's text is json.dumps' text."""
        rec = Recommendation(
            code="emergency.triggers.avoid",
            indicator="info",
            summary="Avoid triggers",
            detail="...",
            findings=(Finding(input="labs[0]", value=value, threshold=value),),
        )
        report = Report(
            patient_id="p", evaluated_at=AT, mastcell_version="0", recommendations=(rec,)
        )
        assert report.to_json() == stdlib(to_dict(report), 2)
        assert report.to_json(indent=None) == stdlib(to_dict(report), None)


class TestWithoutOrjson:
    """Without the fast extra everything works through the standard library, with no error."""

    @pytest.fixture
    def no_orjson(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` raises ImportError
        monkeypatch.setattr(_fastjson, "_orjson", _fastjson._UNSET)

    @pytest.mark.usefixtures("no_orjson")
    def test_missing_orjson_falls_back(self) -> None:
        """The import fails quietly and reports and patients are written as before."""
        assert _fastjson.orjson_module() is None
        report = evaluate(patient_from_dict({"id": "p", "diagnoses": ["mcas"]}), at=AT)
        assert report.to_json() == stdlib(to_dict(report), 2)
        assert report.to_json(indent=None) == stdlib(to_dict(report), None)
        assert compact_json(report) == stdlib(compact_report(report), None)

    def test_an_orjson_that_spells_floats_otherwise_is_not_used(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An orjson release writing ``1e16`` for Python's ``1e+16`` is left aside."""
        fake = SimpleNamespace(dumps=lambda value, option=0: repr(value).replace("+", "").encode())
        monkeypatch.setitem(sys.modules, "orjson", fake)
        monkeypatch.setattr(_fastjson, "_orjson", _fastjson._UNSET)
        assert _fastjson.orjson_module() is None


# -- the trusted-shape reader -------------------------------------------------------------------


def outcome(read: Callable[[], Patient]) -> tuple[str, Any]:
    """A read's result as comparable data: the patient's JSON text, or the error messages."""
    try:
        patient = read()
    except InputError as exc:
        return ("error", list(exc.errors))
    return ("patient", to_json(patient, indent=None))


def detailed(data: Any, limits: Limits | None = None) -> Patient:
    """The detailed cattrs path alone (what patient_from_dict did before the fast reader)."""
    return _structure(_without_format_version(data), Patient, limits)


#: Values a caller may put anywhere by mistake.
WRONG = st.sampled_from(
    ["800", 2.0, 1.5, -1, True, None, [], {}, "", "MCAS", "2026-11-20", "x" * 50, 10**40,
     {"value": 1, "unit": "kg"}, ["ism"], "anc", "mg", "2026-11-20T08:00:00"]
)  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A generated patient's data with one value replaced, one key added or one key removed."""
    data = to_dict(draw(patients() | scenario_patients()))
    paths = _paths(data)
    action = draw(st.sampled_from(["replace", "add", "remove"]))
    if not paths or action == "add":
        key = draw(st.sampled_from(["colour", "labs", "id", "value", "drug", "format_version"]))
        parent: dict[str, Any] = data
        nested = draw(st.booleans())
        if paths and nested:
            node = data
            for step in draw(st.sampled_from(paths)):
                node = node[step]
            parent = node if isinstance(node, dict) else data
        parent[key] = draw(WRONG)
        return data
    path = draw(st.sampled_from(paths))
    node = data
    for step in path[:-1]:
        node = node[step]
    if action == "remove":
        del node[path[-1]]
    else:
        node[path[-1]] = draw(WRONG)
    return data


#: Keys of the patient shape at several levels, and one that belongs nowhere.
KEYS = ["id", "labs", "pain", "score", "weight", "value", "unit", "diagnoses", "medications",
        "drug", "sex", "analyte", "time", "x"]  # fmt: skip


class TestFastReader:
    """The fast reader gives the detailed reader's patient, or the detailed reader decides."""

    @given(patients() | scenario_patients())
    def test_generated_documents_take_the_fast_path(self, patient: Patient) -> None:
        """A document the library wrote has the trusted shape and reads back equal."""
        data = to_dict(patient)
        fast = fast_patient(data)
        assert fast is not None
        assert fast == detailed(data) == patient
        assert to_json(fast) == to_json(detailed(data))

    @given(mutated_documents())
    def test_mutated_documents_read_as_the_detailed_path_reads_them(self, data: Any) -> None:
        """One wrong value or key anywhere: the same patient or the same InputError text."""
        assert outcome(lambda: patient_from_dict(data)) == outcome(lambda: detailed(data))
        try:
            stripped = _without_format_version(data)
        except InputError:
            return  # a wrong format_version: refused before either reader
        fast = fast_patient(stripped)
        if fast is not None:
            assert outcome(lambda: fast) == outcome(lambda: detailed(data))

    @given(
        st.recursive(
            st.none() | st.booleans() | st.integers() | FLOATS | st.text(max_size=8),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(KEYS),
                    inner,
                    max_size=4,
                )
            ),
            max_leaves=12,
        )
    )
    def test_arbitrary_json_reads_as_the_detailed_path_reads_it(self, data: Any) -> None:
        """Any JSON value: the same patient or the same InputError text as the detailed path."""
        assert outcome(lambda: patient_from_dict(data)) == outcome(lambda: detailed(data))

    @given(
        patients() | scenario_patients(),
        st.builds(
            Limits,
            max_depth=st.integers(1, 6),
            max_string_length=st.integers(1, 40),
            max_int_digits=st.integers(1, 4),
            max_labs=st.integers(1, 3),
            max_medications=st.integers(1, 3),
            max_procedures=st.integers(1, 2),
            max_planned_agents=st.integers(1, 2),
            max_list_length=st.integers(1, 20),
        ),
    )
    def test_limits_apply_identically(self, patient: Patient, limits: Limits) -> None:
        """Under any limits the outcome (patient or the limit's error) is the detailed path's."""
        data = to_dict(patient)
        assert outcome(lambda: patient_from_dict(data, limits=limits)) == outcome(
            lambda: detailed(data, limits)
        )

    @pytest.mark.parametrize(
        "data",
        [
            {"pain": {"score": 3.0}},  # a whole number sent as 3.0: cattrs reads it
            {"labs": [{"analyte": "ANC", "value": 800, "unit": "/uL", "time": "2026-11-20"}]},
            {"format_version": 1, "sex": "Female"},
        ],
        ids=["whole-float", "upper-case-code", "format-version"],
    )
    def test_documented_leniencies_are_kept(self, data: dict[str, Any]) -> None:
        """What the detailed path accepts beyond the trusted shape still reads the same."""
        assert outcome(lambda: patient_from_dict(data)) == outcome(lambda: detailed(data))
        assert outcome(lambda: patient_from_dict(data))[0] == "patient"

    def test_errors_keep_their_detailed_text(self) -> None:
        """A wrong value is reported by the detailed path, with its analyte and path."""
        with pytest.raises(InputError) as info:
            patient_from_json(
                '{"labs": [{"analyte": "anc", "value": "800", "unit": "/uL", '
                '"time": "2026-11-20"}]}'
            )
        assert info.value.errors == ("labs[0] (anc).value: expected a number, got '800'",)
