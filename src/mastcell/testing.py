"""Small builders for tests and notebooks: patients in a line, at a fixed moment.

Public so that projects using mastcell can write their own tests the same way.

>>> p = patient(diagnoses=["asm"], labs=[lab("anc", 800, "/uL")],
...             medications=[med("midostaurin", 100, frequency="bid")])
>>> p.latest("anc").canonical, p.medications[0].daily_mg
(0.8, 200.0)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mastcell.model import (
    Dose,
    LabResult,
    Medication,
    Patient,
    Weight,
)

__all__ = ["AT", "days_before", "lab", "med", "patient"]

#: The fixed evaluation moment tests use (so reports never depend on the wall clock).
AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def days_before(days: float, at: datetime = AT) -> datetime:
    """The moment ``days`` before ``at``.

    >>> days_before(1).isoformat()
    '2026-11-21T12:00:00+00:00'
    """
    return at - timedelta(days=days)


def lab(
    analyte: str,
    value: float,
    unit: str,
    time: datetime | str | None = None,
    **kwargs: Any,
) -> LabResult:
    """A lab result; ``time`` defaults to one day before :data:`AT`.

    >>> lab("platelets", 45, "K/uL").canonical
    45.0
    """
    when = days_before(1) if time is None else time
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    return LabResult(analyte=analyte, value=value, unit=unit, time=when, **kwargs)


def med(
    drug: str,
    dose: float | None = None,
    unit: str = "mg",
    *,
    frequency: str | None = None,
    start: date | None = None,
    **kwargs: Any,
) -> Medication:
    """A medication; ``dose`` in ``unit`` (mg by default).

    >>> med("cetirizine", 10, frequency="daily").daily_mg
    10.0
    """
    return Medication(
        drug=drug,
        dose=None if dose is None else Dose(value=dose, unit=unit),
        frequency=frequency,
        start=start,
        **kwargs,
    )


def patient(
    *,
    weight_kg: float | None = None,
    labs: Iterable[LabResult] = (),
    medications: Iterable[Medication] = (),
    **kwargs: Any,
) -> Patient:
    """A patient from keyword fields; lists are accepted where the model holds tuples.

    >>> patient(weight_kg=68, diagnoses=["ism"]).weight.kg
    68.0
    """
    if weight_kg is not None:
        kwargs["weight"] = Weight(value=weight_kg, unit="kg")
    for key in ("diagnoses", "procedures", "flares", "reactions", "adverse_events"):
        if key in kwargs:
            kwargs[key] = tuple(kwargs[key])
    return Patient(labs=tuple(labs), medications=tuple(medications), **kwargs)
