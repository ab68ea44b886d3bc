"""Laboratory results, converted to the analyte's canonical unit on construction."""

from __future__ import annotations

import decimal
import math
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from mastcell import units
from mastcell.exceptions import InputError
from mastcell.model._checks import aware, finite_non_negative, real_number, text
from mastcell.model._convert import to_analyte, to_comparator, to_role
from mastcell.model.vocabulary import Analyte, Comparator, TryptaseRole

if TYPE_CHECKING:
    import pint

__all__ = ["LabResult", "censored_reading"]


def _convert(lab: LabResult, value: float | None, field: str = "value") -> float | None:
    if value is None:
        return None
    real_number(field, value)
    text("unit", lab.unit)
    return units.to_canonical(
        value, lab.unit, lab.analyte.info.canonical, subject=lab.analyte.value
    )


def censored_reading(value: float, comparator: Comparator | None) -> float:
    """The number mastcell reads for a value reported with ``comparator`` (in its own unit).

    ``< 0.5`` is read one digit past the reported precision below the bound (0.49), so every
    threshold at or above the bound counts as crossed downwards, as the true value does;
    ``> 1000`` is read as 1000.01. ``<=`` and ``>=`` are read as the bound itself. A threshold
    beyond the bound (is a ``< 0.5`` count below 0.2?) is not decided by the reported value.
    The result may be negative (``< 0``): :class:`LabResult` refuses that.

    >>> censored_reading(0.5, Comparator.LT), censored_reading(1000, Comparator.GT)
    (0.49, 1000.01)
    >>> censored_reading(2, Comparator.LT), censored_reading(20.0, Comparator.GE)
    (1.99, 20.0)
    """
    if comparator is None or not comparator.strict:
        return value
    exponent = decimal.Decimal(repr(float(value))).as_tuple().exponent
    digits = max(-exponent, 0) + 1 if isinstance(exponent, int) else 1
    direction = -1 if comparator.below else 1
    read = round(value + direction * 10.0**-digits, digits)
    if (read >= value) if comparator.below else (read <= value):
        read = math.nextafter(value, -math.inf if comparator.below else math.inf)
    return read


@attrs.frozen(kw_only=True)
class LabResult:
    """One laboratory result, as the lab sent it, with its value in the canonical unit.

    ``value`` and ``unit`` are kept exactly as given (and written back by serialisation);
    ``canonical`` is the value in the analyte's canonical unit, computed once, here, so rules
    compare plain floats and the same value in any spelling is the same number.

    A censored result (``comparator`` given: the lab reported ``< 0.5``) keeps ``value`` as the
    bound; ``canonical`` is what rules compare: for ``<`` and ``>`` one digit past the reported
    precision beyond the bound (see :func:`~mastcell.model.labs.censored_reading`), for ``<=``
    and ``>=`` the bound.
    ``canonical_bound`` is the bound itself in the canonical unit (None when not censored).

    Args:
        analyte: what was measured.
        value: the number as reported (>= 0); with ``comparator``, the bound.
        comparator: ``<``, ``<=``, ``>=`` or ``>`` for a censored result (FHIR
            Quantity.comparator, S157); None for a quantified one.
        unit: the unit as reported (UCUM or a common clinical spelling).
        time: when the sample was drawn (timezone-aware).
        role: ``baseline`` (steady state, or pre-treatment for a count) or ``acute`` (an event
            sample); None lets mastcell infer it where a rule needs to know.
        reference_low: the reporting laboratory's lower reference limit, in ``unit``.
        reference_high: the reporting laboratory's upper reference limit, in ``unit``.

    Raises:
        UnitError: ``unit`` does not fit the analyte.
        InputError: a negative value, a percentage above 100, a naive time, low > high,
            ``< 0`` (no value below it can be read).

    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 11, 20, 8, 15, tzinfo=timezone.utc)
    >>> lab = LabResult(analyte=Analyte.ANC, value=800, unit="/uL", time=t)
    >>> lab.canonical, lab.canonical_unit
    (0.8, '10*9/L')
    >>> LabResult(analyte=Analyte.ANC, value=0.8, unit="K/uL", time=t).canonical
    0.8
    >>> censored = LabResult(analyte=Analyte.ANC, value=500, unit="/uL", comparator="<", time=t)
    >>> censored.comparator, censored.canonical, censored.canonical_bound
    (<Comparator.LT: '<'>, 0.49999, 0.5)
    """

    analyte: Analyte = attrs.field(converter=to_analyte)
    value: float = attrs.field(validator=finite_non_negative)
    unit: str
    time: datetime = attrs.field(validator=aware)
    comparator: Comparator | None = attrs.field(default=None, converter=to_comparator)
    role: TryptaseRole | None = attrs.field(default=None, converter=to_role)
    reference_low: float | None = attrs.field(default=None, validator=finite_non_negative)
    reference_high: float | None = attrs.field(default=None, validator=finite_non_negative)

    canonical: float = attrs.field(init=False, repr=False)
    canonical_bound: float | None = attrs.field(init=False, repr=False, eq=False)
    canonical_low: float | None = attrs.field(init=False, repr=False, eq=False)
    canonical_high: float | None = attrs.field(init=False, repr=False, eq=False)

    @canonical.default
    def _canonical(self) -> float:
        comparator = self.comparator
        read = self.value
        if comparator is not None and comparator.strict:
            real_number("value", self.value)
            read = censored_reading(self.value, comparator)
            if read < 0 <= self.value:  # a negative value is the validator's to refuse
                raise InputError.for_field(
                    "value",
                    f"expected a bound above 0 with comparator {comparator.value!r} "
                    f"(no value below {self.value!r} can be read), got {self.value!r}",
                )
        converted = _convert(self, read)
        assert converted is not None
        if comparator is not None and comparator.strict:
            # Rounding to the canonical precision must not put the reading back on the bound.
            bound = _convert(self, self.value)
            assert bound is not None
            if (converted >= bound) if comparator.below else (converted <= bound):
                step = 10.0**-self.analyte.info.canonical.decimals
                converted = round(bound - step if comparator.below else bound + step, 12)
            # A positive bound too small for the canonical precision reads as 0, never below.
            converted = max(converted, 0.0)
        return converted

    @canonical_bound.default
    def _canonical_bound(self) -> float | None:
        if self.comparator is None:
            return None
        if not self.comparator.strict:
            return self.canonical
        return _convert(self, self.value)

    @canonical_low.default
    def _canonical_low(self) -> float | None:
        return _convert(self, self.reference_low, "reference_low")

    @canonical_high.default
    def _canonical_high(self) -> float | None:
        return _convert(self, self.reference_high, "reference_high")

    def __attrs_post_init__(self) -> None:
        if self.analyte is Analyte.NEUTROPHILS_PCT and self.canonical > 100:
            raise InputError.for_field("value", f"expected a percentage <= 100, got {self.value}")
        low, high = self.canonical_low, self.canonical_high
        if low is not None and high is not None and low > high:
            raise InputError.for_field(
                "reference_low", f"expected <= reference_high ({self.reference_high}), got {low}"
            )

    @property
    def canonical_unit(self) -> str:
        """The UCUM code of ``canonical``'s unit."""
        return self.analyte.canonical_unit

    @property
    def quantity(self) -> pint.Quantity[float]:
        """The canonical value as a pint quantity of the application registry.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 11, 20, tzinfo=timezone.utc)
        >>> LabResult(analyte="tryptase", value=14.2, unit="ug/L", time=t).quantity
        <Quantity(14.2, 'nanogram / milliliter')>
        """
        return units.quantity(self.canonical, self.analyte.info.canonical)

    @classmethod
    def from_quantity(
        cls, analyte: Analyte | str, quantity: pint.Quantity[float], time: datetime, **kwargs: Any
    ) -> LabResult:
        """Build a result from a pint quantity (of any registry), keeping its unit.

        >>> from datetime import datetime, timezone
        >>> from mastcell.units import registry
        >>> q = registry().Quantity(1500, "1/uL")
        >>> t = datetime(2026, 11, 20, tzinfo=timezone.utc)
        >>> LabResult.from_quantity("anc", q, t).canonical
        1.5
        """
        unit = format(quantity.units, "~")
        return cls(
            analyte=Analyte(analyte),
            value=float(quantity.magnitude),
            unit=unit,
            time=time,
            **kwargs,
        )
