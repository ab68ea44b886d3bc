"""Calendar days and the range of dates mastcell accepts: one home for date arithmetic.

Rules count days between instants ("held more than 21 days"); an aware date-time counts by its
UTC day so that the answer never depends on how an offset was written.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

__all__ = ["EARLIEST", "LATEST", "day_of", "in_range"]

#: The earliest and latest dates mastcell accepts anywhere (inputs and the evaluation time):
#: wide for any record, narrow enough that date arithmetic never leaves the calendar.
EARLIEST = date(1800, 1, 1)
#: The latest date mastcell accepts (see :data:`EARLIEST`).
LATEST = date(2299, 12, 31)


def in_range(value: date) -> bool:
    """Whether a date or date-time lies within :data:`EARLIEST` to :data:`LATEST`.

    >>> in_range(date(2026, 1, 1)), in_range(date(1, 1, 1)), in_range(date(9999, 12, 31))
    (True, False, False)
    """
    return EARLIEST.year <= value.year <= LATEST.year


def day_of(value: date) -> date:
    """The calendar day of a date or date-time (a date-time and a date do not compare).

    An aware date-time counts by its UTC day, so that durations ("held more than 21 days")
    depend on the instants, never on how their offsets were written.

    >>> from datetime import timedelta, timezone
    >>> day_of(datetime(2026, 11, 1, 21, 0, tzinfo=timezone(timedelta(hours=-5))))
    datetime.date(2026, 11, 2)
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value.astimezone(UTC).date()
        return value.date()
    return value
