"""Issue 17 item 4: the JSON Schema and the library accept exactly the same dates and times.

The library read every spelling ``datetime.fromisoformat`` knows (week dates ``2026-W47-6``,
basic format ``20261121``, ``12:00Z``, ``+0100``) while the shipped schema refused them. Both
now follow one grammar: a calendar date ``YYYY-MM-DD`` from 1800 to 2299, or an RFC 3339
date-time with seconds and an offset (``Z`` or ``+hh:mm``). The properties draw from both
sides: strings the schema's pattern generates are read by the library, and strings from a
broad grammar of ISO 8601 spellings (valid and not) get the same answer from both, in every
date and date-time field of the patient schema (a test keeps the list of fields complete).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from mastcell import InputError, classify, evaluate, patient_from_dict, report_from_dict
from mastcell._fastdecode import fast_patient
from mastcell.diagnosis.schema import shipped_classification_schema
from mastcell.engine import parse_time
from mastcell.interchange import DATE_TIME_PATTERN, shipped_patient_schema, shipped_report_schema

PATIENT_SCHEMA = json.loads(shipped_patient_schema())
VALIDATOR = jsonschema.Draft202012Validator(PATIENT_SCHEMA)

#: The earliest moment in range: a flare's ``resolved`` is never before it.
_FIRST_ONSET = "1800-01-01T00:00:00+23:59"

#: Every date field (a date-time is read too) and date-time field (a date alone is midnight
#: UTC) of the patient schema, each in the smallest document that is valid around it.
FIELDS: dict[str, Callable[[str], dict[str, Any]]] = {
    "birth_date": lambda t: {"birth_date": t},
    "labs[].time": lambda t: {
        "labs": [{"analyte": "tryptase", "value": 5, "unit": "ng/mL", "time": t}]
    },
    "medications[].start": lambda t: {"medications": [{"drug": "cetirizine", "start": t}]},
    "medications[].held_since": lambda t: {
        "medications": [{"drug": "cetirizine", "status": "held", "held_since": t}]
    },
    "pain.since": lambda t: {"pain": {"score": 3, "since": t}},
    "procedures[].date": lambda t: {"procedures": [{"kind": "surgery", "date": t}]},
    "flares[].onset": lambda t: {"flares": [{"onset": t}]},
    "flares[].resolved": lambda t: {"flares": [{"onset": _FIRST_ONSET, "resolved": t}]},
    "adverse_events[].onset": lambda t: {
        "adverse_events": [{"term": "rash", "grade": 1, "onset": t}]
    },
    "adverse_events[].resolved": lambda t: {
        "adverse_events": [{"term": "rash", "grade": 1, "resolved": t}]
    },
    "biopsies[].date": lambda t: {"biopsies": [{"date": t, "site": "bone_marrow"}]},
    "kit_tests[].date": lambda t: {
        "kit_tests": [{"date": t, "variant": "D816V", "result": "detected"}]
    },
    "organ_findings.date": lambda t: {"organ_findings": {"date": t}},
    "scores[].date": lambda t: {"scores": [{"instrument": "rema", "value": 2, "date": t}]},
}


def _date_fields(schema: dict[str, Any]) -> set[str]:
    """The paths of the properties whose value follows the date grammar, found in ``schema``."""
    definitions = schema.get("$defs", {})
    found: set[str] = set()

    def walk(node: Any, path: str, seen: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        if node.get("pattern") == DATE_TIME_PATTERN:
            found.add(path)
            return
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                walk(definitions[name], path, seen | {name})
            return
        for branch in (*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())):
            walk(branch, path, seen)
        walk(node.get("items"), f"{path}[]", seen)
        for key, value in node.get("properties", {}).items():
            walk(value, f"{path}.{key}" if path else key, seen)

    walk(schema, "", frozenset())
    return found


def _library_reads(document: dict[str, Any]) -> bool:
    try:
        patient_from_dict(document)
    except InputError:
        return False
    return True


def _agree(text: str) -> bool:
    """Whether the schema, the library and the fast reader agree on ``text`` in each field."""
    answers = set()
    for make in FIELDS.values():  # about 1 ms a field
        document = make(text)
        by_schema = VALIDATOR.is_valid({"format_version": 1, **document})
        by_library = _library_reads(document)
        by_fast_reader = fast_patient(document) is not None
        assert by_schema == by_library, (text, document, by_schema, by_library)
        # The fast reader may decline (then the detailed reader decides), never accept more.
        assert by_library or not by_fast_reader, (text, document)
        answers.add(by_library)
    assert len(answers) == 1  # every field, date or date-time, reads the same strings
    return answers.pop()


# -- a broad grammar of ISO 8601 spellings, valid and not ---------------------------------------


def _day_spellings(day: date) -> list[str]:
    year, week, weekday = day.isocalendar()
    return [
        day.isoformat(),
        day.strftime("%Y%m%d"),
        f"{year:04d}-W{week:02d}-{weekday}",
        f"{year:04d}W{week:02d}{weekday}",
        f"{day.year:04d}-{day.timetuple().tm_yday:03d}",
    ]


@st.composite
def days(draw: st.DrawFn) -> str:
    """A day spelt any way ISO 8601 allows, or with a component out of range."""
    kind = draw(st.sampled_from(["real", "real", "real", "bad"]))
    if kind == "real":
        day = draw(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
        if draw(st.booleans()):  # near the range the model accepts, where the edges are
            day = draw(st.dates(min_value=date(1795, 1, 1), max_value=date(2305, 12, 31)))
        return draw(st.sampled_from(_day_spellings(day)))
    year = draw(st.integers(0, 9999))
    month = draw(st.integers(0, 13))
    dom = draw(st.integers(0, 32))
    return f"{year:04d}-{month:02d}-{dom:02d}"


@st.composite
def clocks(draw: st.DrawFn) -> str:
    """A time of day with any precision ISO 8601 allows, or out of range."""
    if draw(st.booleans()):
        t = draw(st.times())
        hh, mm, ss = f"{t.hour:02d}", f"{t.minute:02d}", f"{t.second:02d}"
    else:
        hh, mm, ss = (f"{draw(st.integers(0, 99)):02d}" for _ in range(3))
    fraction = draw(st.sampled_from(["", "", ".5", ".123456", ".123456789", ",5"]))
    return draw(
        st.sampled_from(
            [hh, f"{hh}:{mm}", f"{hh}:{mm}:{ss}{fraction}", f"{hh}{mm}{ss}", f"{hh}{mm}"]
        )
    )


@st.composite
def offsets(draw: st.DrawFn) -> str:
    """No offset, Z or z, or an offset in any ISO 8601 spelling (some out of range)."""
    sign = draw(st.sampled_from("+-"))
    hours = draw(st.sampled_from([0, 1, 5, 14, 23, 24, 99]))
    minutes = draw(st.sampled_from([0, 30, 45, 59, 60]))
    return draw(
        st.sampled_from(
            [
                "",
                "Z",
                "z",
                f"{sign}{hours:02d}",
                f"{sign}{hours:02d}{minutes:02d}",
                f"{sign}{hours:02d}:{minutes:02d}",
                f"{sign}{hours:02d}:{minutes:02d}:00",
            ]
        )
    )


@st.composite
def iso_spellings(draw: st.DrawFn) -> str:
    """A date or a date-time in any of the spellings above, with a little noise sometimes."""
    text = draw(days())
    if draw(st.booleans()):
        separator = draw(st.sampled_from(["T", "T", "t", " "]))
        text += separator + draw(clocks()) + draw(offsets())
    noise = draw(st.sampled_from(["", "", "", " ", "\n", "\t", "x"]))
    return draw(st.sampled_from([text, noise + text, text + noise]))


class TestSameDatesAndTimes:
    @given(text=st.from_regex(DATE_TIME_PATTERN))
    def test_what_the_schema_allows_the_library_reads(self, text: str) -> None:
        """Every string the schema's pattern generates is read by the library, in both fields."""
        assert _agree(text)

    @given(text=iso_spellings())
    @example("2026-W47-6")
    @example("20261121")
    @example("2026-11-21T12:00Z")
    @example("2026-11-21T12:00:00+0100")
    @example("2026-11-21\n")
    @example("2026-11-2\u0661")  # an Arabic-Indic digit: a digit to Python's \d, not to JSON's
    def test_schema_and_library_give_the_same_answer(self, text: str) -> None:
        """On any ISO 8601 spelling, valid or not, the schema and the library agree."""
        _agree(text)

    @given(text=st.text(alphabet="0123456789-:TZ+. W", max_size=30))
    def test_on_noise_too(self, text: str) -> None:
        """Strings of the characters dates are made of: the same answer from both."""
        _agree(text)


class TestFields:
    def test_every_date_field_is_drawn(self) -> None:
        """The properties above check every field of the schema that follows the grammar."""
        assert _date_fields(PATIENT_SCHEMA) == set(FIELDS)

    def test_each_document_is_valid_around_its_field(self) -> None:
        """A valid date in each field: the schema, the library and the fast reader read it."""
        for path, make in FIELDS.items():
            document = make("2026-11-22")
            assert VALIDATOR.is_valid({"format_version": 1, **document}), path
            assert _library_reads(document), path

    def test_the_written_moments_follow_the_grammar(self) -> None:
        """The report's and the classification's ``evaluated_at``: the same pattern."""
        report = json.loads(shipped_report_schema())
        assert _date_fields(report) == {
            "evaluated_at",
            "recommendations[].findings[].time",
            "recommendations[].medication.at",
            "recommendations[].schedule[].at",
        }
        classification = json.loads(shipped_classification_schema())
        assert _date_fields(classification) == {"evaluated_at"}


class TestGrammar:
    @pytest.mark.parametrize(
        "text",
        [
            "2026-11-22",
            "1800-01-01",
            "2299-12-31",
            "2000-02-29",
            "2024-02-29",
            "2026-11-22T08:15:00Z",
            "2026-11-22T08:15:00+01:00",
            "2026-11-22T08:15:00-05:30",
            "2026-11-22T08:15:00.5Z",
            "2026-11-22T23:59:59.123456+23:59",
        ],
    )
    def test_read_by_both(self, text: str) -> None:
        """Calendar dates in range, and RFC 3339 date-times with seconds and an offset."""
        assert _agree(text)

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("2026-W47-6", "expected a date YYYY-MM-DD or a date-time"),
            ("20261121", "expected a date YYYY-MM-DD or a date-time"),
            ("2026-11-21T12:00Z", "expected a date YYYY-MM-DD or a date-time"),
            ("2026-11-21T12:00:00+0100", "expected a date YYYY-MM-DD or a date-time"),
            (" 2026-11-21", "expected a date YYYY-MM-DD or a date-time"),
            ("2026-11-21T12:00:00", "expected a timezone offset"),
            ("2026-02-29", "expected a calendar date (YYYY-MM-DD)"),
            ("1900-02-29", "expected a calendar date (YYYY-MM-DD)"),
            ("2026-11-21T24:00:00Z", "a clock time and an offset under 24 hours"),
            ("2026-11-21T12:00:00+24:00", "a clock time and an offset under 24 hours"),
            ("1799-12-31", "expected a date from 1800-01-01 to 2299-12-31"),
            ("2300-01-01T00:00:00Z", "expected a date from 1800-01-01 to 2299-12-31"),
        ],
    )
    def test_refused_by_both_with_a_message(self, text: str, problem: str) -> None:
        """Each refused spelling: the schema refuses it, the library names the field and why."""
        assert not _agree(text)
        with pytest.raises(InputError) as info:
            patient_from_dict({"birth_date": text})
        assert str(info.value).startswith("birth_date: ")
        assert problem in str(info.value)

    def test_range_edges_in_each_offset(self) -> None:
        """A date-time's year is the one written, whatever its offset (as the model reads it)."""
        assert _agree("2299-12-31T23:59:59-12:00")
        assert not _agree("1799-12-31T23:59:59+12:00")
        assert patient_from_dict({"flares": [{"onset": "2299-12-31T23:59:59-12:00"}]}).flares[
            0
        ].onset.utcoffset() == timedelta(hours=-12)

    def test_a_report_reads_back(self) -> None:
        """What the library writes (isoformat with microseconds) is in the grammar."""
        from mastcell import evaluate, report_from_dict

        report = evaluate(
            patient_from_dict({"flares": [{"onset": "2026-11-20T08:15:00.250000+01:00"}]}),
            at="2026-11-22T12:00:00.5+00:00",
        )
        assert report_from_dict(report.to_dict()) == report
        assert _agree(report.evaluated_at.isoformat())
        assert time(12, 0, 0, 500000) == report.evaluated_at.timetz().replace(tzinfo=None)


#: A report validated against the shipped report schema.
REPORT_VALIDATOR = jsonschema.Draft202012Validator(json.loads(shipped_report_schema()))
CLASSIFICATION_VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(shipped_classification_schema())
)


class TestMomentOfEvaluation:
    """``evaluate(at=...)``, ``classify`` and ``--at`` read text by the same grammar (a
    date-time: with a time part), and the report states the moment in it."""

    @staticmethod
    def _moment_read(text: str) -> bool:
        try:
            parse_time(text)
        except InputError as error:
            message = str(error)
        else:
            return True
        assert message.startswith("at: expected ")  # the field and what was expected
        return False

    @given(text=st.from_regex(DATE_TIME_PATTERN))
    def test_every_date_time_of_the_grammar_is_a_moment(self, text: str) -> None:
        """A date-time the schema allows is a moment of evaluation (a date alone is not)."""
        assert self._moment_read(text) == ("T" in text)

    @given(text=iso_spellings())
    @example("2026-11-21T12:00Z")
    @example("2026-W47-6T12:00:00Z")
    @example("2026-11-21 12:00:00Z")
    @example("2026-11-21T12:00:00+00:00:00.000001")  # fromisoformat reads it as UTC
    @example("2026-11-21T12:00:00+05:30:45")
    def test_the_same_answer_as_a_document(self, text: str) -> None:
        """Any ISO 8601 spelling: a moment exactly when a document's date-time reads it."""
        assert self._moment_read(text) == (_agree(text) and "T" in text)

    @given(
        moment=st.datetimes(min_value=datetime(1800, 1, 2), max_value=datetime(2299, 12, 30)),
        offset=st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                             max_value=timedelta(hours=23, minutes=59)),
    )  # fmt: skip
    @example(moment=datetime(2026, 11, 22, 12), offset=timedelta(hours=5, minutes=30, seconds=45))
    @example(moment=datetime(2026, 11, 22, 12), offset=timedelta(microseconds=1))
    def test_accepted_moments_are_written_in_the_grammar(
        self, moment: datetime, offset: timedelta
    ) -> None:
        """A datetime with an offset in whole minutes: the report and the classification state
        it in the grammar and the report reads back; any other offset is refused."""
        aware = moment.replace(tzinfo=timezone(offset))
        patient = patient_from_dict({"id": "p"})
        if offset % timedelta(minutes=1):
            with pytest.raises(InputError, match=r"^at: expected a timezone offset in whole"):
                evaluate(patient, at=aware)
            assert not self._moment_read(aware.isoformat())
            return
        report = evaluate(patient, at=aware, categories=["emergency"])
        written = report.to_dict()
        assert REPORT_VALIDATOR.is_valid(written), written["evaluated_at"]
        assert report_from_dict(written).evaluated_at == aware
        assert parse_time(written["evaluated_at"]) == aware
        classification = classify(patient, at=aware).to_dict()
        assert CLASSIFICATION_VALIDATOR.is_valid(classification), classification["evaluated_at"]
