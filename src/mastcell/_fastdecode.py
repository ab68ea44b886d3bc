"""A fast reader for patient data of exactly the expected shape (the detailed reader's shortcut).

:func:`~mastcell.patient_from_dict` first tries :func:`fast_patient`: when every key is a
field of its entity and every value has exactly the JSON type the field takes (a string for
a code, a date or a name; a number for a value; a list for a list), the entities are built
directly, their attrs validators and converters still running, without cattrs' structuring
pass. On any deviation (an unknown key, a wrong type, an invalid code or date, a validator
refusing a value, a limit of :mod:`mastcell.limits` exceeded) it gives up and returns None,
and the caller reads the same data through the detailed cattrs path, whose error messages
are unchanged. The limits are checked here as :func:`~mastcell.limits.check_data` checks
them, so that a document passes here only if it would pass there.

>>> fast_patient({"id": "a", "diagnoses": ["MCAS"]}).diagnoses
(<Diagnosis.MCAS: 'mcas'>,)
>>> fast_patient({"id": "a", "diagnoses": "mcas"}) is None  # not a list: the detailed path
True
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import attrs

from mastcell.datetext import parse_date, parse_datetime
from mastcell.limits import DEFAULT_LIMITS, Limits
from mastcell.model import Patient

__all__ = ["fast_patient"]


class _DeclineError(Exception):
    """The data leaves the trusted shape: read it through the detailed path."""


#: A field reader: the JSON value and the limits in force.
_Reader = Callable[[Any, Limits], Any]

#: The deepest container of the patient shape (a medication's dose, a procedure's agents) is
#: at depth 3; :func:`~mastcell.limits.check_data` refuses containers at ``max_depth`` or
#: deeper, so smaller limits take the detailed path.
_SHAPE_DEPTH = 4

#: Field names are at most this long; a smaller string limit takes the detailed path.
_LONGEST_KEY = 32


def _string(value: Any, limits: Limits) -> str:
    if type(value) is not str or len(value) > limits.max_string_length:
        raise _DeclineError
    return value


def _whole(value: Any, limits: Limits) -> int:
    if abs(value) >= 10**limits.max_int_digits:
        raise _DeclineError
    return int(value)


def _float(value: Any, limits: Limits) -> float:
    kind = type(value)
    if kind is float:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return float(_whole(value, limits))
    raise _DeclineError


def _int(value: Any, limits: Limits) -> int:
    if type(value) is not int:
        raise _DeclineError
    return _whole(value, limits)


def _bool(value: Any, _: Limits) -> bool:
    if type(value) is not bool:
        raise _DeclineError
    return value


def _enum_reader(cls: type[enum.Enum]) -> _Reader:
    # As the detailed path's enum hook: the code in any ASCII letter case (no ``_missing_``).
    members = {member.value: member for member in cls}

    def read(value: Any, limits: Limits) -> Any:
        code = _string(value, limits)
        member = members.get(code.lower() if code.isascii() else code)
        if member is None:
            raise _DeclineError
        return member

    return read


def _parsed(parse: Callable[[Any], Any]) -> _Reader:
    def read(value: Any, limits: Limits) -> Any:
        return parse(_string(value, limits))

    return read


def _optional(inner: _Reader) -> _Reader:
    def read(value: Any, limits: Limits) -> Any:
        return None if value is None else inner(value, limits)

    return read


def _tuple(inner: _Reader, key: str) -> _Reader:
    def read(value: Any, limits: Limits) -> tuple[Any, ...]:
        if type(value) is not list or len(value) > limits.list_limit(key):
            raise _DeclineError
        return tuple([inner(item, limits) for item in value])

    return read


def _entity(cls: type) -> _Reader:
    hints = typing.get_type_hints(cls)
    fields = [f for f in attrs.fields(cls) if f.init]
    readers = {f.name: _reader(hints[f.name], f.name) for f in fields}
    required = frozenset(f.name for f in fields if f.default is attrs.NOTHING)

    def read(value: Any, limits: Limits) -> Any:
        if type(value) is not dict or len(value) > limits.max_list_length:
            raise _DeclineError
        kwargs = {}
        for key, item in value.items():
            reader = readers.get(key)
            if reader is None:
                raise _DeclineError
            kwargs[key] = reader(item, limits)
        if not required.issubset(kwargs):
            raise _DeclineError
        return cls(**kwargs)

    return read


def _reader(t: Any, key: str) -> _Reader:
    """The reader of a value of type ``t`` under ``key`` (the key names a list's limit)."""
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1 and len(args) == 2:
            return _optional(_reader(rest[0], key))
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _tuple(_reader(args[0], key), key)
    elif isinstance(t, type) and issubclass(t, enum.Enum):
        return _enum_reader(t)
    elif t is dt.datetime:
        return _parsed(parse_datetime)
    elif t is dt.date:
        return _parsed(parse_date)
    elif t is str:
        return _string
    elif t is float:
        return _float
    elif t is bool:
        return _bool
    elif t is int:
        return _int
    elif attrs.has(t):
        return _entity(t)
    raise TypeError(f"no fast reader for {t!r}")  # pragma: no cover - a new field type


@lru_cache(maxsize=1)
def _patient_reader() -> _Reader:
    return _entity(Patient)


def fast_patient(data: Any, limits: Limits | None = None) -> Patient | None:
    """The patient of ``data`` when it has exactly the trusted shape, else None.

    ``data`` is interchange data without its ``format_version`` key. None means: read it
    through the detailed path (which raises the error, or reads what this reader declines,
    such as ``2.0`` for a whole number).

    >>> fast_patient({"pain": {"score": 3}}).pain.score
    3
    >>> fast_patient({"pain": {"score": 11}}) is None  # the validator refuses: detailed path
    True
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    if limits.max_depth < _SHAPE_DEPTH or limits.max_string_length < _LONGEST_KEY:
        return None
    try:
        patient: Patient = _patient_reader()(data, limits)
    except Exception:  # any problem (a validator, a unit): the detailed path reports it
        return None
    return patient
