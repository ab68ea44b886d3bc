"""Hostile input through the API and the CLI: bounded, named errors, never a traceback or a hang.

Issue 12, items 1 and 2: unit grammar and length cap, finite values, strict JSON (duplicate
keys, digits, depth, size), list and string limits, date bounds, escaped text output, bounded
caches, and every input accounted for (cited, unused with a reason, or reviewed by a rule).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell import (
    InputError,
    LabResult,
    Limits,
    Patient,
    evaluate,
    patient_from_dict,
    patient_from_json,
    report_from_dict,
    to_dict,
)
from mastcell import units as units_module
from mastcell.accounting import input_paths
from mastcell.knowledge.names import suggest
from mastcell.limits import check_data, loads
from mastcell.model import Category
from mastcell.units import CELL_COUNT, MAX_CACHED_FACTORS, MAX_UNIT_LENGTH, conversion_factor
from mastcell.vetting import MAX_CACHED_NAME, _vet_agent, vet_agent
from strategies import MOMENTS, SCENARIO_AT, patients, scenario_patients, valid_at

AT = "2026-11-22T12:00:00+00:00"
SRC = Path(__file__).parent.parent / "src"
#: A generous per-case limit for the subprocess runs (the slowest case takes well under 1 s).
CASE_TIMEOUT = 30


def _lab(unit: str = "10*9/L", value: Any = 0.8, analyte: str = "platelets") -> dict[str, Any]:
    return {"analyte": analyte, "value": value, "unit": unit, "time": "2026-11-20T08:00:00Z"}


def _doc(*labs: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"id": "hostile", "diagnoses": ["ism"], "labs": list(labs), **fields}


#: (case id, patient JSON text, the text the error must hold: path and analyte).
HOSTILE_UNITS = [
    ("exponent-chain", "L**9**9**9"),
    ("long-unit", "m" * 100_000),
    ("parenthesised", "(1/L)**9"),
    ("number-in-unit", "5 mg"),
    ("control-character", "\x08/L"),
    ("power-of-ten-too-big", "10^400/L"),
]


class TestUnitGrammar:
    """Unit spellings outside the grammar or the length cap never reach pint."""

    @pytest.mark.parametrize(("case", "unit"), HOSTILE_UNITS, ids=[c for c, _ in HOSTILE_UNITS])
    def test_hostile_unit_is_an_input_error_naming_the_lab(self, case: str, unit: str) -> None:
        """Each hostile unit gives an InputError naming labs[0] and its analyte, fast."""
        start = time.perf_counter()
        with pytest.raises(InputError) as info:
            patient_from_dict(_doc(_lab(unit)))
        assert time.perf_counter() - start < 10
        assert info.value.errors[0].startswith("labs[0] (platelets).unit: "), info.value.errors
        assert len(str(info.value)) < 500

    def test_every_documented_spelling_fits_the_grammar(self) -> None:
        """Each documented spelling still converts through the grammar (not only the table)."""
        for analyte_unit in set(_canonical_units()):
            for spelling, factor in analyte_unit.spellings.items():
                units_module._factors.clear()
                computed = units_module._compute_factor(spelling, analyte_unit, "x")
                assert computed == pytest.approx(factor, rel=1e-9), spelling

    def test_unit_longer_than_the_cap_is_refused_before_parsing(self) -> None:
        """A unit of MAX_UNIT_LENGTH + 1 characters is refused and quoted cut short."""
        with pytest.raises(InputError) as info:
            conversion_factor("L" * (MAX_UNIT_LENGTH + 1), CELL_COUNT, subject="anc")
        assert "(41 characters)" in str(info.value)

    def test_factor_cache_is_bounded(self) -> None:
        """Distinct spellings beyond MAX_CACHED_FACTORS evict the oldest; the cache stays full."""
        units_module._factors.clear()
        spellings = [f"1{' ' * a}/{' ' * b}uL" for a in range(37) for b in range(37 - a)]
        assert len(spellings) > MAX_CACHED_FACTORS
        for spelling in spellings:
            assert conversion_factor(spelling, CELL_COUNT, subject="anc") == 0.001
        assert len(units_module._factors) == MAX_CACHED_FACTORS
        assert all(len(unit) <= MAX_UNIT_LENGTH for unit, _ in units_module._factors)

    @settings(max_examples=200)
    @given(st.text(max_size=60))
    def test_any_text_unit_converts_or_is_an_input_error(self, unit: str) -> None:
        """Any text as a unit gives a finite factor or an InputError, never another exception."""
        message = ""
        try:
            factor = conversion_factor(unit, CELL_COUNT, subject="anc")
        except InputError as exc:
            message = exc.errors[0]
        else:
            assert 0 < factor < float("inf")
        assert not message or message.startswith("unit: ")


def _canonical_units() -> list[units_module.CanonicalUnit]:
    return [
        value
        for value in vars(units_module).values()
        if isinstance(value, units_module.CanonicalUnit)
    ]


class TestFiniteValues:
    """A conversion that would leave the floats is an error naming the lab and analyte."""

    @pytest.mark.parametrize(
        ("lab", "expected"),
        [
            (_lab("10^400/L"), "labs[0] (platelets).unit: '10^400/L' for platelets scales"),
            (
                _lab("mmol/L", 1.7e308, "hemoglobin"),
                "labs[0] (hemoglobin).value: 1.7e+308 mmol/L is not a finite number of g/dL",
            ),
            (_lab(value=-1.0), "labs[0] (platelets).value: expected a finite number >= 0"),
        ],
    )
    def test_value_errors_name_the_analyte(self, lab: dict[str, Any], expected: str) -> None:
        """The error path carries the analyte: ``labs[0] (platelets).value``."""
        with pytest.raises(InputError) as info:
            patient_from_dict(_doc(lab))
        assert info.value.errors[0].startswith(expected), info.value.errors

    def test_json_infinity_and_huge_floats_are_refused(self) -> None:
        """``1e999`` (read as infinity) is refused with its path, so no Infinity is written."""
        text = json.dumps(_doc(_lab())).replace('"value": 0.8', '"value": 1e999')
        with pytest.raises(InputError, match=r"labs\[0\] \(platelets\)\.value"):
            patient_from_json(text)


class TestJsonReading:
    """Duplicate keys, huge integers, deep nesting and oversized input are path-named errors."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('{"labs": [], "labs": []}', "(root): duplicate key 'labs'"),
            (
                '{"labs": [{"analyte": "anc", "value": 1, "value": 2, "unit": "G/L", '
                '"time": "2026-11-20"}]}',
                "labs[0]: duplicate key 'value'",
            ),
            ('{"tpsab1_extra_copies": ' + "9" * 5000 + "}", "(json): an integer of 5000 digits"),
            ("[" * 100_000 + "]" * 100_000, "(json): nested deeper than 16 levels"),
            ('{"id": "' + "x" * 20_000 + '"}', "id: expected at most 10000 characters"),
            (
                json.dumps({"medications": [{"drug": "x"}] * 101}),
                "medications: expected at most 100 items, got 101",
            ),
            ('{"a": NaN', "(json): invalid JSON"),
        ],
        ids=["dup-root", "dup-nested", "digits", "depth", "string", "list", "invalid"],
    )
    def test_bad_json_is_an_input_error_with_a_path(self, text: str, expected: str) -> None:
        """Each problem names where it is; nothing raises RecursionError or ValueError."""
        with pytest.raises(InputError) as info:
            patient_from_json(text)
        assert any(e.startswith(expected) for e in info.value.errors), info.value.errors

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ({"medications": [{"drug": "midostaurin", "dose": 100}]}, "medications[0].dose"),
            ({"weight": 78}, "weight"),
            ({"medications": [{"drug": "midostaurin", "dose": "100 mg"}]}, "medications[0].dose"),
            ({"labs": [7]}, "labs[0]"),
        ],
        ids=["dose-number", "weight-number", "dose-text", "lab-number"],
    )
    def test_a_scalar_for_an_object_names_the_field_and_no_python_internals(
        self, data: dict[str, Any], expected: str
    ) -> None:
        """A number where a value-and-unit object belongs says so, without Python's words."""
        with pytest.raises(InputError) as info:
            patient_from_dict(data)
        assert f"{expected}: expected a JSON object" in info.value.errors, info.value.errors
        assert not any("Error" in e or "attribute" in e for e in info.value.errors)

    def test_limits_are_overridable_by_the_caller(self) -> None:
        """A caller's Limits raise or lower each bound."""
        text = json.dumps({"medications": [{"drug": "x"}] * 150})
        assert len(patient_from_json(text, limits=Limits(max_medications=150)).medications) == 150
        with pytest.raises(InputError, match="at most 2 items"):
            patient_from_dict({"flares": [{"onset": AT}] * 3}, limits=Limits(max_list_length=2))

    def test_oversized_text_is_refused_before_parsing(self) -> None:
        """Text over max_bytes is refused by its length alone."""
        with pytest.raises(InputError, match="more than the limit of 10 bytes"):
            loads(b'{"id": "longer than ten"}', Limits(max_bytes=10))

    def test_data_from_an_api_caller_is_checked_without_recursion(self) -> None:
        """A dict nested 100,000 deep gives an InputError, not a RecursionError."""
        data: Any = []
        for _ in range(100_000):
            data = [data]
        with pytest.raises(InputError, match="nested deeper"):
            check_data({"labs": data})


class TestDates:
    """Evaluation times and dates stay within the calendar mastcell can count in."""

    @pytest.mark.parametrize("at", ["0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z"])
    def test_at_out_of_range_is_an_input_error(self, at: str) -> None:
        """``at`` outside 1800-2299 is an InputError naming ``at``."""
        p = patient_from_dict({"birth_date": "2000-01-01"})
        with pytest.raises(InputError, match=r"^at: expected a moment from 1800-01-01"):
            evaluate(p, at=at)

    def test_birth_date_after_at_is_an_input_error(self) -> None:
        """A birth date after the evaluation time is refused, never a negative age."""
        p = patient_from_dict(
            {
                "birth_date": "2027-06-01",
                "procedures": [{"kind": "surgery", "date": "2026-12-01"}],
            }
        )
        with pytest.raises(InputError, match=r"^birth_date: expected a date on or before"):
            evaluate(p, at=AT)

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
    def test_input_dates_out_of_range_are_refused(self, day: str) -> None:
        """A lab time or a procedure date in year 1 or 9999 names its path."""
        with pytest.raises(InputError, match=r"procedures\[0\]\.date: expected a date from"):
            patient_from_dict({"procedures": [{"kind": "surgery", "date": day}]})
        with pytest.raises(InputError, match=r"labs\[0\] \(anc\)\.time: expected a date from"):
            patient_from_dict(
                {"labs": [{"analyte": "anc", "value": 1, "unit": "G/L", "time": day}]}
            )


class TestOutput:
    """Identifiers cannot drive a terminal, and a lone surrogate never breaks output."""

    def test_control_characters_are_escaped_in_text(self) -> None:
        """An id with an escape sequence and a newline is printed escaped."""
        p = patient_from_dict({"id": "x\x1b[2J\ny\u202e", "diagnoses": ["mcas"]})
        text = evaluate(p, at=AT).render_text()
        assert "\x1b" not in text
        assert "\u202e" not in text
        assert "x\\x1b[2J\\x0ay\\u202e" in text

    def test_lone_surrogate_in_an_id(self) -> None:
        """A lone surrogate from a JSON escape renders escaped in text and stays in JSON."""
        p = patient_from_json('{"id": "a\\ud800", "diagnoses": ["mcas"]}')
        report = evaluate(p, at=AT)
        assert "a\\ud800" in report.render_text()
        assert report_from_dict(json.loads(report.to_json())) == report


class TestCaches:
    """Caches are bounded by entries and by key size."""

    def test_long_names_are_not_memoised(self) -> None:
        """A name longer than MAX_CACHED_NAME is vetted without entering the cache."""
        before = _vet_agent.cache_info().currsize
        for i in range(20):
            assert vet_agent(f"{i}" + "x" * (MAX_CACHED_NAME + 1)).status.value == "unknown"
        assert _vet_agent.cache_info().currsize == before

    def test_suggest_ignores_long_names_quickly(self) -> None:
        """A 1 MB name gets no suggestion, in well under a second."""
        start = time.perf_counter()
        assert suggest("x" * 1_000_000) is None
        assert time.perf_counter() - start < 1


# -- every input accounted for -----------------------------------------------------------------


def assert_accounted(patient: Patient, at: datetime, categories: Any = None) -> None:
    report = evaluate(patient, at=at, categories=categories)
    cited = {f.input for rec in report for f in rec.findings}
    unused = {u.input for u in report.unused_inputs}
    reviewed = {r.input for r in report.reviewed_inputs}
    for path in input_paths(patient):
        assert path in cited or path in unused or path in reviewed, (path, categories)
    for item in report.reviewed_inputs:
        assert item.rules, item
    assert report_from_dict(to_dict(report)) == report


class TestEveryInputAccounted:
    """Each input is cited by a finding, unused with a reason, or reviewed by named rules."""

    def test_acetaminophen_is_not_an_empty_account(self) -> None:
        """The issue's example lists its medication and birth date as read by named rules."""
        p = patient_from_dict(
            {"birth_date": "2000-01-01", "medications": [{"drug": "acetaminophen"}]}
        )
        report = evaluate(p, at=AT)
        reviewed = {r.input: r.rules for r in report.reviewed_inputs}
        assert "medication.dose.above_label" in reviewed["medications[0]"]
        assert "birth_date" in reviewed

    def test_categories_leave_other_inputs_unused_with_a_reason(self) -> None:
        """With categories, inputs no evaluated rule read are unused, with the reason."""
        p = patient_from_dict(
            {"diagnoses": ["ism"], "flares": [{"onset": AT}], "tpsab1_extra_copies": 1}
        )
        report = evaluate(p, at=AT, categories=["emergency"])
        reasons = {u.input: u.reason for u in report.unused_inputs}
        assert reasons["flares[0]"] == "read by no rule in the evaluated categories"
        assert reasons["tpsab1_extra_copies"] == "read by no rule in the evaluated categories"

    def test_reviewed_inputs_come_last_in_the_json(self) -> None:
        """The new keys are appended (reviewed_inputs, then options): earlier keys keep their order."""
        p = patient_from_dict({"medications": [{"drug": "famotidine"}]})
        data = to_dict(evaluate(p, at=AT))
        assert list(data) == [
            "patient_id",
            "evaluated_at",
            "mastcell_version",
            "recommendations",
            "unused_inputs",
            "reviewed_inputs",
            "options",
            "format_version",
        ]
        assert all(set(item) == {"input", "rules"} for item in data["reviewed_inputs"])

    @settings(max_examples=60)
    @given(patients(), MOMENTS, st.sampled_from([None, ["emergency"], ["monitoring", "referral"]]))
    def test_any_patient(self, patient: Patient, at: datetime, categories: Any) -> None:
        """Every input of any valid patient is accounted for, with and without categories."""
        assert_accounted(valid_at(patient, at), at, categories)

    @settings(max_examples=60)
    @given(scenario_patients(), st.sets(st.sampled_from(list(Category)), max_size=3))
    def test_scenario_patients(self, patient: Patient, chosen: set[Category]) -> None:
        """Every input of a scenario patient is accounted for, any categories chosen."""
        assert_accounted(valid_at(patient, SCENARIO_AT), SCENARIO_AT, chosen or None)


# -- the command line, in a subprocess -----------------------------------------------------------


def _shell(command: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in a shell (for redirections such as ``<&-``), with the case limits."""
    return subprocess.run(
        command,
        shell=True,
        capture_output=True,
        timeout=CASE_TIMEOUT,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )


def _run(
    args: list[str], *, stdin: Any = subprocess.DEVNULL, stdout: Any = subprocess.PIPE
) -> tuple[int, str, str, float]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mastcell", *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=CASE_TIMEOUT,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout else ""
    return proc.returncode, out, proc.stderr.decode("utf-8", "replace"), time.perf_counter() - start


#: (case id, patient document text, extra arguments, texts the message must hold).
CLI_CASES = [
    ("exponent-chain", json.dumps(_doc(_lab("L**9**9**9"))), [], ["labs[0] (platelets).unit"]),
    ("long-unit", json.dumps(_doc(_lab("m" * 100_000))), [], ["labs[0] (platelets).unit"]),
    ("infinite", json.dumps(_doc(_lab("10^400/L"))), [], ["labs[0] (platelets).unit"]),
    ("negative", json.dumps(_doc(_lab(value=-5))), [], ["labs[0] (platelets).value"]),
    ("digits", '{"tpsab1_extra_copies": ' + "9" * 5000 + "}", [], ["integer of 5000 digits"]),
    ("depth", "[" * 100_000 + "]" * 100_000, [], ["nested deeper than 16"]),
    ("duplicate", '{"labs": [], "labs": []}', [], ["(root): duplicate key 'labs'"]),
    (
        "big-list",
        json.dumps({"procedures": [{"kind": "dental", "date": "2026-12-01"}] * 500}),
        [],
        ["procedures: expected at most 20 items"],
    ),
    ("at-year-1", '{"birth_date": "2000-01-01"}', ["--at", "0001-01-01T00:00:00Z"], ["at: "]),
    ("at-year-9999", '{"birth_date": "2000-01-01"}', ["--at", "9999-12-31T00:00:00Z"], ["at: "]),
    (
        "born-after-at",
        '{"birth_date": "2027-05-01", "procedures": [{"kind": "surgery", "date": "2026-12-01"}]}',
        [],
        ["birth_date: expected a date on or before"],
    ),
]


class TestCommandLine:
    """Every hostile case exits 2 with the path (and analyte) in the message, no traceback."""

    @pytest.mark.parametrize(
        ("case", "text", "extra", "expected"), CLI_CASES, ids=[c[0] for c in CLI_CASES]
    )
    def test_hostile_file(
        self, tmp_path: Path, case: str, text: str, extra: list[str], expected: list[str]
    ) -> None:
        """The file case exits 2 with its path in one message, well inside the time limit."""
        path = tmp_path / f"{case}.json"
        path.write_text(text, encoding="utf-8")
        code, out, err, _ = _run(["evaluate", str(path), "--at", AT, *extra])
        assert code == 2, err
        assert "Traceback" not in err
        assert out == ""
        for part in expected:
            assert part in err, err

    def test_dev_zero(self) -> None:
        """/dev/zero is read up to the byte limit, then refused."""
        code, _, err, _ = _run(["evaluate", "/dev/zero", "--at", AT])
        assert code == 2
        assert "larger than" in err
        assert "Traceback" not in err

    def test_oversized_file(self, tmp_path: Path) -> None:
        """A file over the byte limit is refused without being parsed."""
        path = tmp_path / "big.json"
        path.write_text('{"id": "' + "x" * 3_000_000 + '"}', encoding="utf-8")
        code, _, err, _ = _run(["evaluate", str(path), "--at", AT])
        assert code == 2
        assert "larger than 2000000 bytes" in err

    def test_closed_stdin(self) -> None:
        """A closed standard input is bad input with a message."""
        proc = _shell(f"{sys.executable} -m mastcell evaluate - --at {AT} <&-")
        assert proc.returncode == 2
        assert b"standard input" in proc.stderr
        assert b"Traceback" not in proc.stderr

    @pytest.mark.parametrize("redirect", [">&-", ">/dev/full"])
    def test_closed_or_failing_stdout(self, tmp_path: Path, redirect: str) -> None:
        """A closed or full standard output gives exit 2 and one line on stderr."""
        path = tmp_path / "p.json"
        path.write_text('{"diagnoses": ["mcas"]}', encoding="utf-8")
        proc = _shell(f"{sys.executable} -m mastcell evaluate {path} --at {AT} {redirect}")
        assert proc.returncode == 2
        assert b"cannot write the report" in proc.stderr
        assert b"Traceback" not in proc.stderr

    def test_lone_surrogate_and_escape_sequence_in_an_id(self, tmp_path: Path) -> None:
        """Text and JSON output both succeed; the JSON stays valid and keeps the id."""
        path = tmp_path / "p.json"
        path.write_text('{"id": "\\u001b[31ma\\ud800", "diagnoses": ["mcas"]}', encoding="utf-8")
        code, out, err, _ = _run(["evaluate", str(path), "--at", AT])
        assert code == 0, err
        assert "\x1b" not in out
        assert "\\x1b[31ma\\ud800" in out
        code, out, err, _ = _run(["evaluate", str(path), "--at", AT, "--format", "json"])
        assert code == 0, err
        assert json.loads(out)["patient_id"] == "\x1b[31ma\ud800"


class TestHypothesisBadInput:
    """Generated hostile variants of valid patients fail with the lab's path and analyte."""

    @settings(max_examples=30)
    @given(
        patients(),
        st.sampled_from([u for _, u in HOSTILE_UNITS] + ["mg", "", "(L)"]),
        st.integers(0, 20),
    )
    def test_one_bad_unit_names_its_lab(self, patient: Patient, unit: str, index: int) -> None:
        """Replacing one lab's unit by a hostile one names that lab and its analyte."""
        document = to_dict(patient)
        document.setdefault("labs", []).append(_lab())
        i = index % len(document["labs"])
        document["labs"][i]["unit"] = unit
        with pytest.raises(InputError) as info:
            patient_from_dict(document)
        analyte = document["labs"][i]["analyte"]
        assert any(e.startswith(f"labs[{i}] ({analyte}).unit: ") for e in info.value.errors)

    @settings(max_examples=30)
    @given(patients(), st.sampled_from(["labs", "medications", "id", "diagnoses"]))
    def test_duplicated_key_is_named(self, patient: Patient, key: str) -> None:
        """Any top-level key sent twice is an error naming it, whatever else the patient holds."""
        document = to_dict(patient)
        items = [*document.items(), (key, document.get(key, []))]
        if key not in document:
            items.append((key, []))
        text = "{" + ", ".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in items) + "}"
        with pytest.raises(InputError) as info:
            patient_from_json(text)
        assert info.value.errors == (f"(root): duplicate key '{key}'",)


def test_lab_result_api_refuses_infinite_conversion() -> None:
    """Built directly (no JSON), a non-finite conversion is an InputError naming the value."""
    with pytest.raises(InputError, match=r"^value: "):
        LabResult(
            analyte="hemoglobin",
            value=1.7e308,
            unit="mmol/L",
            time=datetime(2026, 11, 20, tzinfo=UTC),
        )
