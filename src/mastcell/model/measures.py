"""Quantities that are not lab results: doses, body weight, age.

Each keeps the value and unit as the caller sent them (so serialisation gives them back) and
holds the canonical number beside them, computed once at construction.
"""

from __future__ import annotations

import math
from typing import ClassVar

import attrs

from mastcell import units
from mastcell.exceptions import InputError, UnitError
from mastcell.model._checks import finite_non_negative, finite_positive, real_number, text
from mastcell.units import CanonicalUnit

__all__ = ["Age", "Dose", "Weight"]


def _canonical_of(measure: _Measure) -> float:
    real_number("value", measure.value)
    text("unit", measure.unit)
    return units.to_canonical(
        measure.value, measure.unit, measure.canonical_unit, subject=measure.subject
    )


@attrs.frozen(kw_only=True)
class _Measure:
    value: float = attrs.field(validator=finite_non_negative)
    unit: str
    canonical: float = attrs.field(
        init=False, repr=False, default=attrs.Factory(_canonical_of, takes_self=True)
    )

    canonical_unit: ClassVar[CanonicalUnit]
    subject: ClassVar[str]


@attrs.frozen(kw_only=True)
class Weight(_Measure):
    """Body weight, above zero; ``kg`` is the canonical value.

    A weight of zero or below is an input error: rules divide doses by it (mg/kg).

    >>> Weight(value=150, unit="lb").kg
    68.039
    >>> Weight(value=0, unit="kg")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: value: expected a finite number > 0, got 0
    """

    # The fields again, in the same order, for the stricter bound on ``value``.
    value: float = attrs.field(validator=finite_positive)
    unit: str
    canonical: float = attrs.field(
        init=False, repr=False, default=attrs.Factory(_canonical_of, takes_self=True)
    )

    def __attrs_post_init__(self) -> None:
        # A weight so small that it rounds to 0 kg (below 0.5 g) is no weight either.
        if self.canonical <= 0:
            raise InputError.for_field(
                "value",
                f"expected a weight that is above 0 kg once converted (at least 0.0005 kg), "
                f"got {self.value!r} {self.unit}",
            )

    canonical_unit: ClassVar[CanonicalUnit] = units.BODY_MASS
    subject: ClassVar[str] = "weight"

    @property
    def kg(self) -> float:
        """The weight in kilograms."""
        return self.canonical


@attrs.frozen(kw_only=True)
class Age(_Measure):
    """An age given directly instead of a birth date; ``years`` is the canonical value.

    >>> Age(value=18, unit="month").years
    1.5
    """

    canonical_unit: ClassVar[CanonicalUnit] = units.AGE
    subject: ClassVar[str] = "age"

    @property
    def years(self) -> float:
        """The age in years."""
        return self.canonical

    @property
    def days(self) -> int:
        """The age in completed days: a day-count limit is compared on these, not on years.

        Days and weeks count exactly (28 days is 28, 4 weeks is 28); a month or a year given
        here is 365.25 / 12 or 365.25 days (no calendar is known for an age without a birth
        date). Computed from the value as given, not from the rounded ``years``.

        >>> Age(value=28, unit="day").days, Age(value=4, unit="wk").days
        (28, 28)
        >>> Age(value=27.9, unit="d").days, Age(value=1, unit="month").days
        (27, 30)
        """
        factor = units.conversion_factor(self.unit, units.AGE, subject=self.subject)
        # the day and week factors are 1/365.25 and 7/365.25 to 12 digits: round the product
        # so that 28 days is 28, never 27.99999...
        return math.floor(round(self.value * factor * units.DAYS_PER_YEAR, 6))


def _dose_canonical(dose: Dose) -> float:
    real_number("value", dose.value)
    unit = text("unit", dose.unit).strip()
    if unit in {"IU", "U", "MU", "[iU]", "[IU]"}:
        return units.to_canonical(dose.value, unit, units.DOSE_ACTIVITY, subject="dose")
    try:
        return units.to_canonical(dose.value, unit, units.DOSE_MASS, subject="dose")
    except UnitError:
        raise UnitError(
            "dose", dose.unit, "a mass (mg, g, ug, mcg) or units of activity (IU, MU)"
        ) from None


@attrs.frozen(kw_only=True)
class Dose:
    """The amount of one administration: a mass, or units of activity for biologics.

    >>> Dose(value=0.3, unit="mg").mg
    0.3
    >>> Dose(value=300, unit="mcg").mg
    0.3
    >>> Dose(value=3, unit="MU").mg is None
    True
    """

    value: float = attrs.field(validator=finite_non_negative)
    unit: str
    canonical: float = attrs.field(
        init=False, repr=False, default=attrs.Factory(_dose_canonical, takes_self=True)
    )

    @property
    def is_mass(self) -> bool:
        """True for a mass; False for units of activity."""
        return self.unit.strip() not in {"IU", "U", "MU", "[iU]", "[IU]"}

    @property
    def mg(self) -> float | None:
        """The dose in milligrams, or None when it is given in units of activity."""
        return self.canonical if self.is_mass else None
