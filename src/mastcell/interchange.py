"""The JSON interchange format (version 1): patients in, reports out.

One private cattrs converter reads and writes the format. It is strict where a silent
coercion would change meaning: a number sent as text, a single string where a list belongs, a
naive timestamp or a misspelt key are errors, and :class:`~mastcell.exceptions.InputError`
lists every problem with its path (``labs[2].unit: ...``), built with cattrs' own error
transformation.

>>> p = patient_from_dict({"id": "demo", "labs": [
...     {"analyte": "anc", "value": 800, "unit": "/uL", "time": "2026-11-20T08:15:00+00:00"}]})
>>> p.labs[0].canonical
0.8
>>> patient_from_dict(to_dict(p)) == p
True
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any, TypeVar, overload

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter

from mastcell.datetext import DateTextError, parse_date, parse_datetime
from mastcell.exceptions import InputError
from mastcell.knowledge.options import Options, options_from_dict, options_to_dict
from mastcell.limits import Limits, check_data, loads
from mastcell.model import (
    AdverseEvent,
    Age,
    AssociatedNeoplasm,
    Biopsy,
    Dose,
    DoseAmount,
    DoseRange,
    Flare,
    KitTest,
    LabResult,
    Medication,
    OrganFindings,
    PainAssessment,
    Patient,
    Procedure,
    Reaction,
    Score,
    Sensitisation,
    Skin,
    Weight,
)
from mastcell.outcome import Outcome
from mastcell.report import Report

__all__ = [
    "DATE_TIME_PATTERN",
    "FORMAT_VERSION",
    "float_kinds",
    "patient_from_dict",
    "patient_from_json",
    "patient_schema",
    "report_from_dict",
    "report_schema",
    "to_dict",
    "to_json",
]

#: The interchange format version this module reads and writes.
FORMAT_VERSION = 1

T = TypeVar("T")

#: Classes written without their defaults (a patient's JSON stays as small as the caller's).
#: Leaves first: a class's generated hook captures its fields' hooks when it is made.
_PATIENT_SIDE = (
    Dose,
    Weight,
    Age,
    Medication,
    PainAssessment,
    Procedure,
    Flare,
    Reaction,
    AdverseEvent,
    Biopsy,
    KitTest,
    Skin,
    OrganFindings,
    AssociatedNeoplasm,
    Sensitisation,
    Score,
)


class _ProblemError(ValueError):
    """A structuring problem whose message is already the text to show."""


def _structure_enum(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value.lower() if isinstance(value, str) and value.isascii() else value)
    except ValueError:
        codes = ", ".join(str(member.value) for member in cls)
        raise _ProblemError(f"expected one of {codes}; got {value!r}") from None


def _strict_float(value: Any, _: type) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _ProblemError(f"expected a number, got {value!r}")
    return float(value)


def _strict_int(value: Any, _: type) -> int:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ProblemError(f"expected a whole number, got {value!r}")
    return value


def _strict_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise _ProblemError(f"expected a string, got {value!r}")
    return value


def _strict_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ProblemError(f"expected true or false, got {value!r}")
    return value


def _structure_options(value: Any) -> Options:
    """A report's ``options``: what differs from the defaults (``{}``: mastcell's defaults)."""
    try:
        return options_from_dict(value)
    except InputError as exc:
        raise _ProblemError("; ".join(exc.errors)) from None


def _is_homogeneous_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_converter() -> cattrs.Converter:
    conv = make_converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(dt.datetime, lambda v, _: parse_datetime(v))
    conv.register_structure_hook(dt.date, lambda v, _: parse_date(v))
    conv.register_unstructure_hook(dt.datetime, lambda v: v.isoformat())
    conv.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    is_enum = lambda t: isinstance(t, type) and issubclass(t, enum.Enum)  # noqa: E731
    conv.register_structure_hook_func(is_enum, _structure_enum)
    # The JSON preset passes str-based enums through unchecked; StrEnum precedes str in the MRO.
    conv.register_structure_hook(enum.StrEnum, _structure_enum)
    # StrEnum before str in the MRO: written as the plain code, not passed through.
    conv.register_unstructure_hook(enum.StrEnum, lambda member: member.value)
    conv.register_structure_hook(float, _strict_float)
    conv.register_structure_hook(int, _strict_int)
    conv.register_structure_hook(str, _strict_str)
    conv.register_structure_hook(bool, _strict_bool)
    conv.register_unstructure_hook(Options, options_to_dict)
    conv.register_structure_hook(Options, lambda v, _: _structure_options(v))

    def tuple_hook(t: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        as_list: Any = list.__class_getitem__(typing.get_args(t)[0])
        inner = conv.get_structure_hook(as_list)

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _ProblemError(f"expected a list, got {value!r}")
            return tuple(inner(value, as_list))

        return structure

    conv.register_structure_hook_factory(_is_homogeneous_tuple, tuple_hook)
    for cls in _PATIENT_SIDE:
        conv.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        )
    conv.register_unstructure_hook(
        LabResult,
        make_dict_unstructure_fn(
            LabResult,
            conv,
            _cattrs_omit_if_default=True,
            canonical=override(omit=True),
            canonical_bound=override(omit=True),
            canonical_low=override(omit=True),
            canonical_high=override(omit=True),
        ),
    )
    conv.register_unstructure_hook(
        Patient, make_dict_unstructure_fn(Patient, conv, _cattrs_omit_if_default=True)
    )
    return conv


@lru_cache(maxsize=1)
def converter() -> cattrs.Converter:
    """The interchange converter (built once; private to mastcell, never the global one).

    >>> converter() is converter()
    True
    """
    return _make_converter()


def _is_object_type(type_: Any) -> bool:
    """An attrs class, or an optional one (``DoseAmount | None``): JSON gives it as an object."""
    return attrs.has(type_) or any(attrs.has(arg) for arg in typing.get_args(type_))


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, InputError):
        return "\x00" + "\x01".join(exc.errors)
    if isinstance(exc, _ProblemError | DateTextError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = ", ".join(repr(k) for k in sorted(exc.extra_fields))
        known = (
            ", ".join(f.name for f in attrs.fields(exc.cl) if f.init) if attrs.has(exc.cl) else ""
        )
        return f"unknown key(s) {extra}; expected only: {known}"
    if isinstance(exc, KeyError):
        return "required key missing"
    if isinstance(exc, TypeError | AttributeError) and _is_object_type(type_):
        return "expected a JSON object"
    if isinstance(exc, ValueError | TypeError):
        name = getattr(type_, "__name__", str(type_))
        return f"invalid value for {name}: {exc}"
    return f"{type(exc).__name__}: {exc}"


def _messages(exc: BaseException) -> list[str]:
    out = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_format_exception):
        text, _, path = line.rpartition(" @ ")
        path = path.removeprefix("$").removeprefix(".") or "(root)"
        if text.startswith("\x00"):
            for problem in text[1:].split("\x01"):
                field, sep, rest = problem.partition(": ")
                if not sep:
                    out.append(f"{path}: {problem}")
                else:
                    out.append(
                        f"{field}: {rest}" if path == "(root)" else f"{path}.{field}: {rest}"
                    )
        else:
            out.append(f"{path}: {text}")
    return out


_LAB_PATH = re.compile(r"labs\[(\d+)\]")


def _name_analytes(messages: list[str], data: dict[str, Any]) -> list[str]:
    """``labs[3].value: ...`` becomes ``labs[3] (platelets).value: ...``: say which analyte."""
    labs = data.get("labs")
    if not isinstance(labs, list):
        return messages
    out = []
    for message in messages:
        match = _LAB_PATH.match(message)
        if match and int(match[1]) < len(labs):
            lab = labs[int(match[1])]
            analyte = lab.get("analyte") if isinstance(lab, dict) else None
            if isinstance(analyte, str) and re.fullmatch(r"[A-Za-z0-9_]{1,40}", analyte):
                message = f"{match.group()} ({analyte.lower()}){message[match.end() :]}"
        out.append(message)
    return out


def _structure(data: Any, cls: type[T], limits: Limits | None = None) -> T:
    if not isinstance(data, dict):
        raise InputError([f"(root): expected a JSON object, got {type(data).__name__}"])
    if cls is Patient:
        try:
            check_data(data, limits)
        except InputError as exc:
            raise InputError(_name_analytes(list(exc.errors), data)) from None
    try:
        return converter().structure(data, cls)
    except (ClassValidationError, IterableValidationError) as exc:
        raise InputError(_name_analytes(_messages(exc), data)) from None
    except InputError as exc:  # raised by the top-level class's own validators
        raise InputError([f"{e}" for e in exc.errors]) from None


def patient_from_dict(data: Any, *, limits: Limits | None = None) -> Patient:
    """Read a patient from interchange data (parsed JSON).

    Args:
        data: the parsed JSON object.
        limits: bounds on list and string lengths and nesting (default:
            :data:`~mastcell.limits.DEFAULT_LIMITS`).

    Raises:
        InputError: every problem, each with its path (a lab's names its analyte).

    >>> patient_from_dict({"pain": {"score": 11}})
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: pain.score: expected a whole number from 0 to 10, got 11
    >>> patient_from_dict({"labs": [{"analyte": "anc", "value": 1, "unit": "mg",
    ...                              "time": "2026-11-20"}]})
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: labs[0] (anc).unit: 'mg' does not fit anc: expected a cell count per volume (e.g. 10*9/L, 10^9/L, K/uL, /uL, cells/mm3)
    >>> patient_from_dict({"format_version": 1, "id": "v"}).id
    'v'
    """
    data = _without_format_version(data)
    from mastcell._fastdecode import fast_patient

    patient = fast_patient(data, limits)  # None: not the trusted shape, read in detail
    return patient if patient is not None else _structure(data, Patient, limits)


def _without_format_version(data: Any) -> Any:
    """``data`` without its optional ``format_version`` key, once that is checked."""
    if not isinstance(data, dict) or "format_version" not in data:
        return data
    version = data["format_version"]
    if isinstance(version, bool) or not isinstance(version, int | float) or version != 1:
        raise InputError.for_field(
            "format_version",
            f"expected {FORMAT_VERSION} (this mastcell reads interchange format version "
            f"{FORMAT_VERSION}), got {version!r}",
        )
    return {key: value for key, value in data.items() if key != "format_version"}


def patient_from_json(text: str | bytes, *, limits: Limits | None = None) -> Patient:
    """Read a patient from interchange JSON text.

    Duplicate keys, integers of more than ``limits.max_int_digits`` digits, nesting deeper than
    ``limits.max_depth`` and text longer than ``limits.max_bytes`` are errors (see
    :mod:`mastcell.limits`).

    >>> patient_from_json('{"id": "x", "diagnoses": ["MCAS"]}').diagnoses
    (<Diagnosis.MCAS: 'mcas'>,)
    >>> patient_from_json('{"id": ')
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: (json): invalid JSON at line 1 column 8: Expecting value
    >>> patient_from_json('{"id": "a", "id": "b"}')
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: (root): duplicate key 'id'
    """
    return patient_from_dict(loads(text, limits), limits=limits)


def report_from_dict(data: Any) -> Report:
    """Read a report back from its interchange data (for consumers that store reports).

    >>> from mastcell import evaluate
    >>> r = evaluate(patient_from_dict({"diagnoses": ["mcas"]}), at="2026-11-22T00:00:00Z")
    >>> report_from_dict(to_dict(r)) == r
    True
    """
    return _structure(_without_format_version(data), Report)


@overload
def to_dict(obj: Patient) -> dict[str, Any]: ...
@overload
def to_dict(obj: Report) -> dict[str, Any]: ...
def to_dict(obj: Patient | Report) -> dict[str, Any]:
    """A patient or report as interchange data (plain JSON types).

    A report's data ends with its ``format_version``; a patient's carries none (it is optional
    there, and a patient's JSON stays as small as the caller's).

    >>> to_dict(patient_from_dict({"id": "a", "sex": "female"}))
    {'id': 'a', 'sex': 'female'}
    """
    if not isinstance(obj, Patient | Report):
        raise TypeError(f"to_dict takes a Patient or a Report, not {type(obj).__name__}")
    out = converter().unstructure(obj)
    assert isinstance(out, dict)
    if isinstance(obj, Report):
        out["format_version"] = FORMAT_VERSION
    return out


def to_json(obj: Patient | Report, *, indent: int | None = 2) -> str:
    """A patient or report as interchange JSON text.

    The text is ``json.dumps(to_dict(obj), indent=indent, ensure_ascii=False)``; with the
    ``fast`` extra (orjson) installed it is written through orjson wherever the two encoders
    agree, byte for byte.

    >>> to_json(patient_from_dict({"id": "a"}), indent=None)
    '{"id": "a"}'
    """
    from mastcell._fastjson import dumps

    finite, plain = float_kinds(obj)
    return dumps(to_dict(obj), indent=indent, finite=finite, plain_floats=plain)


def _floats_of(obj: Patient | Report | Outcome) -> Iterator[float | None]:
    """Every float field's value in ``obj`` (a test keeps this list equal to the model's).

    An outcome's are its report's: the decisions hold the findings and doses the report's
    recommendations will.
    """
    if isinstance(obj, Patient):
        for lab in obj.labs:
            yield lab.value
            yield lab.reference_low
            yield lab.reference_high
        for measure in (obj.weight, obj.age):
            yield None if measure is None else measure.value
        for medication in obj.medications:
            yield None if medication.dose is None else medication.dose.value
        for biopsy in obj.biopsies:
            yield biopsy.infiltration_pct
            yield biopsy.atypical_pct
            yield biopsy.aspirate_mast_cell_pct
        for test in obj.kit_tests:
            yield test.vaf_pct
            yield test.lod_pct
        found = obj.organ_findings
        if found is not None:
            yield found.lymphadenopathy_cm
            yield found.osteolysis_cm
        for score in obj.scores:
            yield score.value
        return
    yield obj.options.antimediator.h1_max_multiple
    yield obj.options.antimediator.aspirin_min_platelets
    yield obj.options.medication.nsaid_platelets_below
    yield obj.options.medication.metamizole_anc_below
    items = (
        ((d.findings, (d.medication, *(s.advice for s in d.schedule))) for d in obj.decisions)
        if isinstance(obj, Outcome)
        else ((rec.findings, (rec.medication, *rec.schedule)) for rec in obj.recommendations)
    )
    for findings, doses in items:
        for finding in findings:
            yield finding.value
            yield finding.threshold
        for advice in doses:
            dose = None if advice is None else advice.dose
            if isinstance(dose, DoseAmount):
                yield dose.value
            elif isinstance(dose, DoseRange):
                yield dose.low
                yield dose.high


def float_kinds(obj: Patient | Report | Outcome) -> tuple[bool, bool]:
    """Whether every float of ``obj`` is finite, and whether each is also plain.

    Plain: 0, or from 1e-4 up to 1e16 in magnitude, which Python and orjson spell alike (the
    JSON writer then skips its scan for orjson's other spellings of a float).

    >>> float_kinds(patient_from_dict({"age": {"value": 0.00001, "unit": "year"}}))
    (True, False)
    """
    plain = True
    for value in _floats_of(obj):
        if value is None or type(value) is int:
            continue
        if not -_INF < value < _INF:
            return False, False
        if value and not 1e-4 <= abs(value) < 1e16:
            plain = False
    return True, plain


_INF = float("inf")


# -- JSON Schema ------------------------------------------------------------------------------
#
# Both schemas are generated from the model, with the library's own bounds (validators known by
# identity, and the two range checks written as methods), so that a document the schema accepts
# is one the library reads, and the other way round (a hypothesis property in the tests).

_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Bounds checked by a validator method rather than a shared validator.
_RANGES: dict[tuple[str, str], dict[str, Any]] = {
    ("PainAssessment", "score"): {"minimum": 0, "maximum": 10},
    ("AdverseEvent", "grade"): {"minimum": 1, "maximum": 5, "description": "CTCAE grade"},
}

#: The years mastcell reads (the model's EARLIEST to LATEST), and the leap years among them.
_YEAR = "(?:18|19|20|21|22)[0-9]{2}"
_LEAP_YEAR = "(?:(?:18|19|20|21|22)(?:0[48]|[2468][048]|[13579][26])|2000)"
#: A calendar day of those years, written YYYY-MM-DD.
_CALENDAR_DAY = (
    f"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))"
    f"|{_LEAP_YEAR}-02-29)"
)
_CLOCK = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
_OFFSET = "(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
#: A date alone (midnight UTC for a date-time field) or a date-time with seconds and an offset.
#: ``$(?!\n)``: the end of the text in ECMA 262 and in Python alike (Python's ``$`` also
#: matches before a final newline, and Python validators search patterns with ``re``).
DATE_TIME_PATTERN = f"^{_CALENDAR_DAY}(?:T{_CLOCK}{_OFFSET})?$(?!\\n)"

_FORMAT_VERSION_SCHEMA = {
    "const": FORMAT_VERSION,
    "description": f"the interchange format version ({FORMAT_VERSION})",
}


def _plain(text: str) -> str:
    """Docstring text without Sphinx roles (for schema descriptions).

    >>> _plain("The result of :func:`~mastcell.evaluate` and :class:`mastcell.Report`.")
    'The result of evaluate and mastcell.Report.'
    """
    return re.sub(
        r":\w+:`(~?)([^`]+)`",
        lambda m: m.group(2).rsplit(".", 1)[-1] if m.group(1) else m.group(2),
        text,
    )


def _case_insensitive(code: str) -> str:
    """A regular expression matching ``code`` in any ASCII letter case (no flags in JSON Schema).

    >>> _case_insensitive("sm-ahn")
    '^[sS][mM]-[aA][hH][nN]$'
    """
    out = []
    for char in code:
        if char.isascii() and char.isalpha():
            out.append(f"[{char.lower()}{char.upper()}]")
        elif char in ".^$*+?()[]{}|\\/":
            out.append("\\" + char)
        else:
            out.append(char)
    return "^" + "".join(out) + "$"


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    from mastcell.model._descriptions import describe

    doc = (cls.__doc__ or cls.__name__).strip().splitlines()[0]
    return {
        "type": "string",
        "description": f"{doc} Codes are case-insensitive.",
        "anyOf": [
            {
                "title": str(member.value),
                "description": describe(member),
                "pattern": _case_insensitive(str(member.value)),
            }
            for member in cls
        ],
    }


def _bounds(owner: type, field: attrs.Attribute[Any]) -> dict[str, Any]:
    from mastcell.model._checks import (
        finite_non_negative,
        finite_positive,
        non_empty,
        non_negative_int,
        percentage,
    )

    bounds = dict(_RANGES.get((owner.__name__, field.name), {}))
    if field.validator is finite_non_negative or field.validator is non_negative_int:
        bounds["minimum"] = 0
    if field.validator is percentage:
        bounds["minimum"] = 0
        bounds["maximum"] = 100
    if field.validator is finite_positive:
        bounds["exclusiveMinimum"] = 0
    if field.validator is non_empty:
        bounds["pattern"] = r"\S"
    return bounds


def _with_bounds(schema: dict[str, Any], bounds: dict[str, Any]) -> dict[str, Any]:
    if not bounds:
        return schema
    if "anyOf" in schema and {"type": "null"} in schema["anyOf"]:  # optional: bound the value
        return {"anyOf": [_with_bounds(s, bounds) for s in schema["anyOf"]]}
    if schema.get("type") == "null":
        return schema
    return {**schema, **bounds}


def _schema_of(t: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        options = [_schema_of(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple:
        return {"type": "array", "items": _schema_of(args[0], defs)}
    if t is dt.datetime:
        return {
            "type": "string",
            "anyOf": [{"format": "date"}, {"format": "date-time"}],
            "pattern": DATE_TIME_PATTERN,
            "description": "RFC 3339 date-time with a timezone offset "
            "(2026-11-22T08:15:00Z); a date alone means midnight UTC",
        }
    if t is dt.date:
        return {
            "type": "string",
            "anyOf": [{"format": "date"}, {"format": "date-time"}],
            "pattern": DATE_TIME_PATTERN,
            "description": "a date (2026-11-22), or an RFC 3339 date-time with a timezone offset",
        }
    if isinstance(t, type) and issubclass(t, enum.Enum):
        name = t.__name__
        if name not in defs:
            defs[name] = _enum_schema(t)
        return {"$ref": f"#/$defs/{name}"}
    if t is bool:
        return {"type": "boolean"}
    if t is int:
        return {"type": "integer"}
    if t is float:
        return {"type": "number"}
    if t is str:
        return {"type": "string"}
    if t is Options:
        return _options_schema()
    if attrs.has(t):
        name = t.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(t)
            fields = [f for f in attrs.fields(t) if f.init]
            defs[name] = {
                "type": "object",
                "description": _plain((t.__doc__ or "").strip().splitlines()[0]),
                "properties": {
                    f.name: _with_bounds(_schema_of(hints[f.name], defs), _bounds(t, f))
                    for f in fields
                },
                "required": [f.name for f in fields if f.default is attrs.NOTHING],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no schema for {t!r}")  # pragma: no cover - a new field type


def _options_schema() -> dict[str, Any]:
    """A report's ``options``: each area a table of the settings that differ from the defaults."""
    areas = [f.name for f in attrs.fields(Options)]
    return {
        "type": "object",
        "description": "the site options the evaluation ran under, as what differs from "
        "mastcell's defaults ({}: the defaults of mastcell_version); an --options file itself",
        "properties": {area: {"type": "object"} for area in areas},
        "additionalProperties": False,
    }


def _document_schema(cls: type, kind: str, title: str) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    root = _schema_of(cls, defs)
    return {
        "$schema": _SCHEMA_DIALECT,
        "$id": f"https://mastcell.readthedocs.io/schema/{kind}-v{FORMAT_VERSION}.schema.json",
        "title": f"mastcell {title}, interchange format version {FORMAT_VERSION}",
        **root,
        "$defs": {name: defs[name] for name in sorted(defs)},
    }


def patient_schema() -> dict[str, Any]:
    """The JSON Schema of the patient format, generated from the model.

    It carries the library's own bounds (pain 0-10, values >= 0, CTCAE grade 1-5,
    ``birth_date`` or ``age`` but not both, codes in any letter case) and a description of every
    code. The same schema ships in the package as ``mastcell/schema/patient.schema.json`` (a
    test keeps them equal) and ``mastcell schema`` prints it.

    >>> schema = patient_schema()
    >>> schema["$ref"], sorted(schema["$defs"]["LabResult"]["required"])
    ('#/$defs/Patient', ['analyte', 'time', 'unit', 'value'])
    >>> schema["$defs"]["Patient"]["properties"]["format_version"]["const"]
    1
    """
    schema = _document_schema(Patient, "patient", "patient")
    patient = schema["$defs"]["Patient"]
    patient["properties"]["format_version"] = _FORMAT_VERSION_SCHEMA
    patient["not"] = {
        "description": "birth_date or age, not both",
        "required": ["birth_date", "age"],
        "properties": {"birth_date": {"type": "string"}, "age": {"type": "object"}},
    }
    return schema


def report_schema() -> dict[str, Any]:
    """The JSON Schema of the report mastcell writes, generated from the model.

    The same schema ships as ``mastcell/schema/report.schema.json`` and
    ``mastcell schema --report`` prints it.

    >>> schema = report_schema()
    >>> schema["$defs"]["Report"]["required"][-1]
    'format_version'
    >>> schema["$defs"]["Recommendation"]["properties"]["summary"]["maxLength"]
    140
    """
    from mastcell.model.recommendation import SUMMARY_LIMIT

    schema = _document_schema(Report, "report", "report")
    report = schema["$defs"]["Report"]
    report["properties"]["format_version"] = _FORMAT_VERSION_SCHEMA
    report["required"].append("format_version")
    summary = schema["$defs"]["Recommendation"]["properties"]["summary"]
    summary["maxLength"] = SUMMARY_LIMIT
    return schema


def _shipped(name: str) -> str:
    return resources.files("mastcell").joinpath(f"schema/{name}.schema.json").read_text("utf-8")


def shipped_patient_schema() -> str:
    """The patient schema file shipped in the package, as text.

    >>> json.loads(shipped_patient_schema()) == patient_schema()
    True
    """
    return _shipped("patient")


def shipped_report_schema() -> str:
    """The report schema file shipped in the package, as text.

    >>> json.loads(shipped_report_schema()) == report_schema()
    True
    """
    return _shipped("report")


def _write_schemas(folder: str) -> None:  # pragma: no cover - a maintainer's tool
    """Regenerate the shipped schema files into ``folder`` (``src/mastcell/schema``)."""
    from pathlib import Path

    from mastcell.diagnosis.schema import classification_schema

    for name, schema in (
        ("patient", patient_schema()),
        ("report", report_schema()),
        ("classification", classification_schema()),
    ):
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        Path(folder, f"{name}.schema.json").write_text(text, encoding="utf-8")
