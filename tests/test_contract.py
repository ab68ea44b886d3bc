"""The integrator contract (issue 12 item 3): both JSON Schemas, format versions, errors as JSON.

The schemas are generated from the model and carry the library's own bounds; a hypothesis
property checks that the patient schema and the library accept and reject the same documents.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mastcell import evaluate, patient_from_dict, to_dict
from mastcell.cli import EXIT_BAD_INPUT, EXIT_USAGE, main
from mastcell.exceptions import InputError
from mastcell.interchange import (
    patient_schema,
    report_from_dict,
    report_schema,
    shipped_report_schema,
)
from mastcell.knowledge.sources import SOURCES
from strategies import patients, valid_at

AT = datetime(2026, 11, 22, 12, tzinfo=UTC)
PATIENT = jsonschema.Draft202012Validator(patient_schema())
REPORT = jsonschema.Draft202012Validator(report_schema())
LAB = {"analyte": "anc", "value": 800, "unit": "/uL", "time": "2026-11-20T08:15:00+00:00"}
BIOPSY = {"date": "2026-09-01", "site": "bone_marrow"}
KIT = {"date": "2026-09-01", "variant": "D816V", "result": "detected"}
FLARE = {"onset": "2026-11-19T22:10:00+00:00"}


def _library_accepts(document: Any) -> bool:
    try:
        patient_from_dict(document)
    except InputError:
        return False
    return True


def _agree(document: dict[str, Any]) -> None:
    schema_ok = PATIENT.is_valid(document)
    library_ok = _library_accepts(document)
    assert schema_ok == library_ok, (document, schema_ok, library_ok)


class TestSchemaFiles:
    """The shipped schemas are the generated ones, and describe every code."""

    def test_shipped_report_schema_is_the_generated_one(self) -> None:
        """src/mastcell/schema/report.schema.json is exactly what the model generates."""
        assert json.loads(shipped_report_schema()) == report_schema()

    def test_schema_report_command(self) -> None:
        """``mastcell schema --report`` prints the report schema."""
        proc = subprocess.run(
            [sys.executable, "-m", "mastcell", "schema", "--report"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(proc.stdout) == report_schema()

    @pytest.mark.parametrize(
        "schema", [patient_schema(), report_schema()], ids=["patient", "report"]
    )
    def test_every_code_is_described(self, schema: dict[str, Any]) -> None:
        """Every enum code in either schema carries a non-empty description."""
        codes = 0
        for definition in schema["$defs"].values():
            for option in definition.get("anyOf", []):
                if "title" in option:
                    codes += 1
                    assert option["description"].strip(), option
        assert codes > 20

    @pytest.mark.parametrize(
        "schema", [patient_schema(), report_schema()], ids=["patient", "report"]
    )
    def test_both_carry_the_format_version(self, schema: dict[str, Any]) -> None:
        """Both root objects declare ``format_version`` 1."""
        root = schema["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        assert root["properties"]["format_version"]["const"] == 1


class TestBounds:
    """The patient schema refuses exactly what the library refuses (table of the known bounds)."""

    @pytest.mark.parametrize(
        ("change", "accepted"),
        [
            ({"pain": {"score": 10}}, True),
            ({"pain": {"score": 11}}, False),
            ({"pain": {"score": -1}}, False),
            ({"pain": {"score": 7.0}}, True),
            ({"labs": [{**LAB, "value": 0}]}, True),
            ({"labs": [{**LAB, "value": -1}]}, False),
            ({"labs": [{**LAB, "reference_low": -0.5}]}, False),
            ({"weight": {"value": -3, "unit": "kg"}}, False),
            ({"medications": [{"drug": "epinephrine", "quantity": -1}]}, False),
            ({"medications": [{"drug": "  "}]}, False),
            ({"adverse_events": [{"term": "nausea", "grade": 5}]}, True),
            ({"adverse_events": [{"term": "nausea", "grade": 6}]}, False),
            ({"adverse_events": [{"term": "nausea", "grade": 0}]}, False),
            ({"birth_date": "1970-01-01", "age": {"value": 50, "unit": "year"}}, False),
            ({"birth_date": None, "age": {"value": 50, "unit": "year"}}, True),
            ({"diagnoses": ["MCAS"]}, True),
            ({"diagnoses": ["Sm-AHN"]}, True),
            ({"diagnoses": ["xsm"]}, False),
            ({"medications": [{"drug": "x", "frequency": "wee\u212aly"}]}, False),
            ({"labs": [{**LAB, "analyte": "ANC"}]}, True),
            ({"labs": [{**LAB, "time": "2026-11-20T08:15:00"}]}, False),
            ({"labs": [{**LAB, "time": "2026-11-20"}]}, True),
            ({"format_version": 1}, True),
            ({"format_version": 2}, False),
            ({"format_version": "1"}, False),
            ({"tpsab1_extra_copies": -1}, False),
            ({"weight": {"value": 0, "unit": "kg"}}, False),
            ({"weight": {"value": 3.2, "unit": "kg"}}, True),
            ({"pains": {}}, False),
            ({"biopsies": [{**BIOPSY, "infiltration_pct": 100}]}, True),
            ({"biopsies": [{**BIOPSY, "infiltration_pct": 100.5}]}, False),
            ({"biopsies": [{**BIOPSY, "atypical_pct": -0.1}]}, False),
            ({"biopsies": [{**BIOPSY, "aggregates_stain": []}]}, True),
            ({"biopsies": [{**BIOPSY, "aggregates_stain": ["CD117"]}]}, True),
            ({"biopsies": [{**BIOPSY, "aggregates_stain": ["giemsa"]}]}, False),
            ({"biopsies": [{**BIOPSY, "site": "brain"}]}, False),
            ({"biopsies": [{"site": "skin"}]}, False),
            ({"kit_tests": [{**KIT, "lod_pct": 0.003}]}, True),
            ({"kit_tests": [{**KIT, "vaf_pct": 101}]}, False),
            ({"kit_tests": [{**KIT, "variant": " "}]}, False),
            ({"kit_tests": [{**KIT, "result": "positive"}]}, False),
            ({"scores": [{"instrument": "rema", "value": -4}]}, True),
            ({"scores": [{"instrument": "nicas", "value": 2}]}, False),
            ({"organ_findings": {"osteolysis_cm": -1}}, False),
            ({"skin": {"lesions": "MPCM", "lesion_count": 4}}, True),
            ({"skin": {"lesion_count": -1}}, False),
            ({"associated_neoplasm": {"name": "CMML", "lineage": "myeloid"}}, True),
            ({"associated_neoplasm": {"lineage": "myeloid"}}, False),
            ({"response_to_antimediators": "improved"}, True),
            ({"response_to_antimediators": "better"}, False),
            ({"sensitisations": [{"agent": "wasp venom", "positive": True}]}, True),
            ({"flares": [{**FLARE, "organ_systems": ["skin", "naso_ocular"]}]}, True),
            ({"flares": [{**FLARE, "organ_systems": ["brain"]}]}, False),
            ({"flares": [{**FLARE, "trigger": "venom", "anaphylaxis": True}]}, True),
            ({"flares": [{**FLARE, "anaphylaxis": "yes"}]}, False),
        ],
    )
    def test_schema_and_library_agree(self, change: dict[str, Any], accepted: bool) -> None:
        """Each document is accepted by both or refused by both, as the table says."""
        document = {"id": "t", **change}
        assert PATIENT.is_valid(document) is accepted
        assert _library_accepts(document) is accepted


def _set_path(document: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    out[key] = value
    return out


_MUTATIONS: dict[str, Callable[[Any], st.SearchStrategy[Any]]] = {
    "pain": lambda _: st.builds(
        lambda s: {"score": s}, st.one_of(st.integers(-3, 13), st.just("7"), st.just(True))
    ),
    "labs": lambda _: st.builds(
        lambda v, a: [{**LAB, "value": v, "analyte": a}],
        st.one_of(st.floats(-5, 5, allow_nan=False), st.just("800")),
        st.sampled_from(["anc", "ANC", "Platelets", "nope", "wbc"]),
    ),
    "adverse_events": lambda _: st.builds(
        lambda g: [{"term": "nausea", "grade": g}], st.one_of(st.integers(-1, 7), st.just(2.5))
    ),
    "diagnoses": lambda _: st.lists(
        st.sampled_from(["mcas", "MCAS", "Ism", "sm-ahn", "SM_AHN", "x", "", "hat"]), max_size=3
    ),
    "sex": lambda _: st.sampled_from(["female", "FEMALE", "Male", "f", None, 1]),
    "age": lambda _: st.builds(
        lambda v: {"value": v, "unit": "year"}, st.floats(-2, 90, allow_nan=False)
    ),
    "format_version": lambda _: st.sampled_from([1, 1.0, 2, 0, "1", None]),
    "tpsab1_extra_copies": lambda _: st.integers(-2, 3),
    "medications": lambda _: st.builds(
        lambda d, q, f: [{"drug": d, "quantity": q, "frequency": f}],
        st.sampled_from(["cetirizine", " ", "X"]),
        st.integers(-1, 3),
        st.sampled_from(["bid", "BID", "Prn", "twice", None]),
    ),
}


class TestSchemaProperty:
    """A hypothesis property: valid and mutated documents, schema and library agree."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(patient=patients(), data=st.data())
    def test_schema_and_library_accept_the_same_documents(
        self, patient: Any, data: st.DataObject
    ) -> None:
        """Whatever the library writes validates; each mutation is refused by both or neither."""
        document = to_dict(patient)
        assert PATIENT.is_valid(document)
        key = data.draw(st.sampled_from(sorted(_MUTATIONS)))
        mutated = _set_path(document, key, data.draw(_MUTATIONS[key](document)))
        _agree(mutated)


class TestReportSchema:
    """Every report mastcell writes validates against the report schema and reads back."""

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(patient=patients())
    def test_reports_validate_and_round_trip(self, patient: Any) -> None:
        """The report's JSON is valid, ends with format_version, and reads back equal."""
        report = evaluate(valid_at(patient, AT), at=AT)
        data = json.loads(report.to_json())
        REPORT.validate(data)
        assert list(data)[-1] == "format_version"
        assert report_from_dict(data) == report

    def test_evidence_carries_url_and_kind(self) -> None:
        """Each evidence item carries its source's URL and kind from the registry."""
        patient = patient_from_dict({"diagnoses": ["asm"], "pain": {"score": 8}})
        items = [
            e
            for rec in evaluate(patient, at=AT).to_dict()["recommendations"]
            for e in rec["evidence"]
        ]
        assert items
        for item in items:
            source = SOURCES[item["source"]]
            assert item["url"] == source.url
            assert item["kind"] == source.kind.value


class TestErrorsAndStatus:
    """``--errors json`` and the two failure statuses of the command line."""

    def test_bad_data_as_json_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Bad data: exit 2, stderr is {"errors": [{"path", "message"}]} naming each field."""
        path = tmp_path / "p.json"
        path.write_text('{"pain": {"score": 11}, "diagnoses": ["x"]}')
        assert main(["evaluate", str(path), "--errors", "json"]) == EXIT_BAD_INPUT
        errors = json.loads(capsys.readouterr().err)["errors"]
        assert {e["path"] for e in errors} == {"pain.score", "diagnoses[0]"}
        assert all(set(e) == {"path", "message"} and e["message"] for e in errors)

    @pytest.mark.parametrize(
        "argv",
        [
            ["evaluate"],
            ["evaluate", "p.json", "--format", "xml"],
            ["frobnicate"],
            ["example", "no-such-example"],
            ["example"],
        ],
    )
    def test_usage_errors_exit_64(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A broken call is not bad data: exit 64, a message, no traceback."""
        assert main(argv) == EXIT_USAGE
        err = capsys.readouterr().err
        assert err.strip()
        assert "Traceback" not in err

    def test_usage_error_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """With --errors json a usage error is JSON too."""
        assert main(["evaluate", "p.json", "--format", "xml", "--errors", "json"]) == EXIT_USAGE
        errors = json.loads(capsys.readouterr().err)["errors"]
        assert errors[0]["path"] == "(usage)"


def _env() -> dict[str, str]:
    """The environment with mastcell importable from any folder (the tests run from src/)."""
    import os

    import mastcell

    src = str(Path(mastcell.__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": src}


class TestBundledExamples:
    """``mastcell example`` leads a user to the bundled examples from any folder."""

    def test_list_and_pipe_into_evaluate(self, tmp_path: Path) -> None:
        """``mastcell example NAME | mastcell evaluate -`` works outside the repository."""
        listed = subprocess.run(
            [sys.executable, "-m", "mastcell", "example", "--list"],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env=_env(),
        ).stdout.split()
        assert "advsm-midostaurin-neutropenia" in listed
        text = subprocess.run(
            [sys.executable, "-m", "mastcell", "example", listed[0]],
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env=_env(),
        ).stdout
        proc = subprocess.run(
            [sys.executable, "-m", "mastcell", "evaluate", "-", "--at", "2026-11-22T12:00:00Z"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp_path,
            env=_env(),
        )
        assert "mastcell report" in proc.stdout
