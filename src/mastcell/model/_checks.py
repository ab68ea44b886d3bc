"""attrs validators and converters shared by the entities; each error names its field."""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from mastcell.exceptions import InputError
from mastcell.model.dates import EARLIEST, LATEST, in_range


def _out_of_range(attribute: attrs.Attribute[Any], value: date) -> InputError:
    return fail(
        attribute,
        f"expected a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}, "
        f"got {value.isoformat()}",
    )


def fail(attribute: attrs.Attribute[Any], problem: str) -> InputError:
    """An :class:`InputError` about ``attribute``."""
    return InputError.for_field(attribute.name, problem)


def finite_non_negative(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """A real, finite number >= 0 (None passes: unknown is allowed where the type says so)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(attribute, f"expected a number, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise fail(attribute, f"expected a finite number >= 0, got {value!r}")


def finite_positive(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """A real, finite number > 0, or None (a body weight: zero is no weight, and a divisor)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(attribute, f"expected a number, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise fail(attribute, f"expected a finite number > 0, got {value!r}")


def non_negative_int(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    """A whole number >= 0, or None."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise fail(attribute, f"expected a whole number >= 0, got {value!r}")


def optional_bool(_: object, attribute: attrs.Attribute[Any], value: bool | None) -> None:
    """True, False or None (unknown): ``"yes"``, ``1`` and the like are refused, not coerced."""
    if value is not None and not isinstance(value, bool):
        raise fail(attribute, f"expected true, false or null (unknown), got {value!r}")


def aware(_: object, attribute: attrs.Attribute[Any], value: datetime | None) -> None:
    """A timezone-aware date-time: a naive one is ambiguous by hours, which rules measure."""
    if value is None:
        return
    if not isinstance(value, datetime):
        raise fail(attribute, f"expected a date-time, got {value!r}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(
            attribute,
            f"expected a date-time with a timezone offset (e.g. "
            f"{value.isoformat()}+00:00), got {value.isoformat()}",
        )
    if not in_range(value):
        raise _out_of_range(attribute, value)


def date_or_aware(_: object, attribute: attrs.Attribute[Any], value: date | None) -> None:
    """A calendar date, or a timezone-aware date-time."""
    if isinstance(value, datetime):
        aware(_, attribute, value)
    elif value is not None and not isinstance(value, date):
        raise fail(attribute, f"expected a date, got {value!r}")
    elif value is not None and not in_range(value):
        raise _out_of_range(attribute, value)


def non_empty(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A string with something in it."""
    if not isinstance(value, str) or not value.strip():
        raise fail(attribute, f"expected a non-empty string, got {value!r}")


def lower_name(value: str) -> str:
    """Drug and agent names compare case-insensitively: held stripped and lower-cased."""
    return value.strip().lower() if isinstance(value, str) else value


def lower_names(values: Any) -> tuple[str, ...]:
    """A sequence of names, each :func:`lower_name`-d."""
    if isinstance(values, str):
        return (lower_name(values),)
    return tuple(lower_name(v) for v in values)


E = TypeVar("E", bound=enum.Enum)


def to_enum(enum_type: type[E], field: str, value: object) -> E:
    """``value`` as a member of ``enum_type`` (any ASCII letter case); the error names ``field``.

    Only ASCII text is lower-cased, so that the JSON Schemas' case-insensitive patterns and
    the library accept the same spellings (the Kelvin sign does not lower-case into ``k``).
    """
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value.lower() if isinstance(value, str) and value.isascii() else value)
    except ValueError:
        codes = ", ".join(str(member.value) for member in enum_type)
        raise InputError.for_field(field, f"expected one of {codes}; got {value!r}") from None


def to_optional_enum(enum_type: type[E], field: str, value: object) -> E | None:
    """As :func:`to_enum`, letting None (unknown) through."""
    return None if value is None else to_enum(enum_type, field, value)


def as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """Sequences are held as tuples, so entities stay immutable and hashable."""
    return tuple(values)


C = TypeVar("C")


def tuple_of(item_type: type[C], field: str, values: Iterable[C]) -> tuple[C, ...]:
    """``values`` as a tuple whose every item is an ``item_type``; the error names the item.

    A string is not a list of its characters, and a wrong item is refused, never kept.

    >>> tuple_of(int, "counts", [1, 2])
    (1, 2)
    >>> tuple_of(int, "counts", "12")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: counts: expected a list of int, got '12'
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InputError.for_field(
            field, f"expected a list of {item_type.__name__}, got {values!r}"
        )
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, item_type):
            raise InputError.for_field(
                f"{field}[{i}]", f"expected a {item_type.__name__}, got {type(item).__name__}"
            )
    return items


def optional_instance(*types: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: None, or an instance of one of ``types`` (named in the error)."""
    names = " or ".join(t.__name__ for t in types)

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, types):
            raise fail(attribute, f"expected {names} or None, got {type(value).__name__}")

    return check


def real_number(field: str, value: object) -> float:
    """``value`` if it is a real number (not a bool, not text), else an error naming ``field``.

    Entities that convert a value on construction call it first, so that
    ``LabResult(value="800")`` is an :class:`InputError`, not a bare ``TypeError``.

    >>> real_number("value", "800")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: value: expected a number, got '800'
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError.for_field(field, f"expected a number, got {value!r}")
    return value


def text(field: str, value: object) -> str:
    """``value`` if it is a string, else an error naming ``field``.

    >>> text("unit", 5)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: unit: expected a string, got 5
    """
    if not isinstance(value, str):
        raise InputError.for_field(field, f"expected a string, got {value!r}")
    return value


def optional_name(value: str | None) -> str | None:
    """As :func:`lower_name`, letting None through."""
    return None if value is None else lower_name(value)


def percentage(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """A real, finite number from 0 to 100 (None passes: unknown)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(attribute, f"expected a number, got {value!r}")
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise fail(attribute, f"expected a percentage from 0 to 100, got {value!r}")


def finite(_: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """A real, finite number of any sign (None passes: unknown)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail(attribute, f"expected a number, got {value!r}")
    if not math.isfinite(value):
        raise fail(attribute, f"expected a finite number, got {value!r}")
