"""The interchange format's one date grammar: a calendar date or an RFC 3339 date-time.

One grammar for the library and the schema: a calendar date (YYYY-MM-DD) or an RFC 3339
date-time with seconds and an offset (2026-11-22T08:15:00Z, 2026-11-22T08:15:00.5+01:00).
``datetime.fromisoformat`` alone also reads week dates (2026-W47-6), basic format (20261121),
hours without minutes and offsets without a colon, which the schema refuses; the library
checks the shape first, then the calendar (fromisoformat) and the range (the model's
validators). The schema's pattern spells out shape, calendar and range in one expression
(ASCII digits, as any Unicode digit would match the shorthand class in Python), so both
accept exactly the same strings (a hypothesis property in tests/test_dates.py draws from both
sides).

Shared by the detailed reader (:mod:`mastcell.interchange`) and the fast one, so that both
accept exactly the same strings; a refusal is a :class:`DateTextError` whose message is the
text the reader shows after the field's path.

>>> parse_date("2026-11-22")
datetime.date(2026, 11, 22)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["DateTextError", "parse_date", "parse_datetime"]


class DateTextError(ValueError):
    """A date or date-time text the grammar refuses; the message says what was expected.

    >>> str(DateTextError("expected a calendar date (YYYY-MM-DD), got '2026-13-01'"))
    "expected a calendar date (YYYY-MM-DD), got '2026-13-01'"
    """


_DAY_SHAPE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME_SHAPE = r"[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
_OFFSET_SHAPE = r"(?:Z|[+-][0-9]{2}:[0-9]{2})"
_DAY_RE = re.compile(_DAY_SHAPE)
_NAIVE_RE = re.compile(rf"{_DAY_SHAPE}T{_TIME_SHAPE}")
_DATE_TIME_RE = re.compile(rf"{_DAY_SHAPE}T{_TIME_SHAPE}{_OFFSET_SHAPE}")
#: What a date or date-time looks like, for the messages.
_SHAPES = "a date YYYY-MM-DD or a date-time YYYY-MM-DDThh:mm:ss with Z or an offset like +01:00"


def parse_datetime(value: Any) -> dt.datetime:
    """A date-time from the interchange format's text; a date alone is midnight UTC.

    >>> parse_datetime("2026-11-22T08:15:00+01:00")
    datetime.datetime(2026, 11, 22, 8, 15, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
    >>> parse_datetime("2026-11-22T08:15:00")
    Traceback (most recent call last):
    ...
    mastcell.datetext.DateTextError: expected a timezone offset (e.g. 2026-11-22T08:15:00+00:00 or 2026-11-22T08:15:00Z), got '2026-11-22T08:15:00'
    """
    if not isinstance(value, str):
        raise DateTextError(f"expected an ISO 8601 date-time string, got {value!r}")
    if _DAY_RE.fullmatch(value):  # a date alone: midnight UTC
        day = parse_date(value)
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    if _DATE_TIME_RE.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:  # the shape, not the calendar or the clock (02-30, 25:00, +24:00)
            raise DateTextError(
                f"expected a calendar date, a clock time and an offset under 24 hours, "
                f"got {value!r}"
            ) from None
    if _NAIVE_RE.fullmatch(value):
        raise DateTextError(
            f"expected a timezone offset (e.g. {value}+00:00 or {value}Z), got {value!r}"
        )
    raise DateTextError(f"expected {_SHAPES}, got {value!r}")


def parse_date(value: Any) -> dt.date:
    """A calendar date from the interchange format's text (a date-time is read as one).

    >>> parse_date("2026-11-22")
    datetime.date(2026, 11, 22)
    >>> parse_date("2026-02-30")
    Traceback (most recent call last):
    ...
    mastcell.datetext.DateTextError: expected a calendar date (YYYY-MM-DD), got '2026-02-30'
    """
    if not isinstance(value, str):
        raise DateTextError(f"expected an ISO 8601 date string, got {value!r}")
    if not _DAY_RE.fullmatch(value):
        return parse_datetime(value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DateTextError(f"expected a calendar date (YYYY-MM-DD), got {value!r}") from None
