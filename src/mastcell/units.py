"""Clinical units: the spellings labs really send, converted once to each quantity's canonical unit.

Plain pint reads ``10*9/L`` as *ninety* per litre and cannot parse ``/uL`` or ``K/uL``; a lab
value read that way is a clinical bug. So every spelling first goes through :func:`normalise`,
an explicit vocabulary that rewrites clinical and UCUM spellings into pint expressions, and
only then through the one application :func:`registry`. The result of a conversion is a plain
factor onto the canonical unit, cached per spelling: the registry is built at most once per
process, lazily, and rules only ever compare canonical floats.

>>> to_canonical(800, "/uL", CELL_COUNT, subject="anc")
0.8
>>> to_canonical(0.8, "K/uL", CELL_COUNT, subject="anc")
0.8
>>> to_canonical(20, "ug/L", MASS_CONCENTRATION, subject="tryptase")
20.0
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.exceptions import InputError, UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "AGE",
    "BODY_MASS",
    "CELL_COUNT",
    "DAYS_PER_YEAR",
    "DOSE_ACTIVITY",
    "DOSE_MASS",
    "HB_MMOL_PER_G_PER_DL",
    "HEMOGLOBIN",
    "MASS_CONCENTRATION",
    "MAX_CACHED_FACTORS",
    "MAX_UNIT_LENGTH",
    "PERCENT",
    "PG_PER_MG_CREATININE",
    "UG_PER_G_CREATININE",
    "CanonicalUnit",
    "conversion_factor",
    "normalise",
    "quantity",
    "registry",
    "to_canonical",
]

#: Haemoglobin in mmol/L = g/dL × 0.6206 (monomer basis, MW ≈ 16.1 kDa; the Dutch convention).
#: A tetramer basis (× 0.155) also exists, so mastcell states the convention it uses [S54].
HB_MMOL_PER_G_PER_DL = 0.6206

#: Creatinine molar mass, g/mol (C4H7N3O), used to read "per mmol creatinine" reports
#: (1 mmol creatinine = 113.12 mg) [S56].
CREATININE_G_PER_MOL = 113.12


@attrs.frozen(kw_only=True)
class CanonicalUnit:
    """The unit a kind of quantity is held in inside mastcell, with what it accepts.

    Args:
        code: the UCUM-style code written in reports (``"10*9/L"``).
        expression: the same unit as a pint expression (``"1e9 / liter"``).
        expected: how an error describes the dimension wanted, with example spellings.
        decimals: the reporting precision values are rounded to after conversion, so that
            ``20 ug/L`` and ``20 ng/mL`` are the same float (and compare and hash alike).
        spellings: the documented spellings with their factors onto this unit, precomputed so
            that the usual spellings need no pint at run time (a test recomputes each with pint).
        special: spellings whose factor is a convention rather than dimensional analysis
            (haemoglobin in mmol/L), as ``{spelling: factor}``.

    >>> CELL_COUNT.code
    '10*9/L'
    """

    code: str
    expression: str
    expected: str
    decimals: int
    spellings: Mapping[str, float] = attrs.field(factory=dict, hash=False)
    special: Mapping[str, float] = attrs.field(factory=dict, hash=False)


CELL_COUNT = CanonicalUnit(
    code="10*9/L",
    expression="1 / nL",
    expected="a cell count per volume (e.g. 10*9/L, 10^9/L, K/uL, /uL, cells/mm3)",
    decimals=6,
    spellings={
        "10*9/L": 1.0,
        "10^9/L": 1.0,
        "x10^9/L": 1.0,
        "x10E9/L": 1.0,
        "×10⁹/L": 1.0,
        "G/L": 1.0,
        "/nL": 1.0,
        "10*3/uL": 1.0,
        "10^3/uL": 1.0,
        "x10^3/uL": 1.0,
        "K/uL": 1.0,
        "k/µL": 1.0,
        "thou/uL": 1.0,
        "/uL": 0.001,
        "/µL": 0.001,
        "cells/uL": 0.001,
        "cells/µL": 0.001,
        "/mm3": 0.001,
        "cells/mm3": 0.001,
        "{cells}/uL": 0.001,
    },
)
HEMOGLOBIN = CanonicalUnit(
    code="g/dL",
    expression="g / dL",
    expected="a haemoglobin concentration (g/dL, g/L, mg/dL, or mmol/L on the monomer basis)",
    decimals=4,
    spellings={
        "g/dL": 1.0,
        "g/dl": 1.0,
        "g/L": 0.1,
        "mg/dL": 0.001,
        "g/100mL": 1.0,
    },
    special={"mmol/L": 1 / HB_MMOL_PER_G_PER_DL, "mmol/l": 1 / HB_MMOL_PER_G_PER_DL},
)
MASS_CONCENTRATION = CanonicalUnit(
    code="ng/mL",
    expression="ng / mL",
    expected="a mass concentration (e.g. ng/mL, ug/L, µg/L)",
    decimals=4,
    spellings={
        "ng/mL": 1.0,
        "ng/ml": 1.0,
        "ug/L": 1.0,
        "µg/L": 1.0,
        "μg/L": 1.0,
        "mcg/L": 1.0,
        "pg/mL": 0.001,
        "ng/L": 0.001,
    },
)
PERCENT = CanonicalUnit(
    code="%",
    expression="percent",
    expected="a percentage (%)",
    decimals=4,
    spellings={
        "%": 1.0,
        "percent": 1.0,
    },
)
PG_PER_MG_CREATININE = CanonicalUnit(
    code="pg/mg{creat}",
    expression="pg / mg_creatinine",
    expected="a creatinine-normalised amount (e.g. pg/mg{creat}, ng/g{creat}, ng/mmol{creat})",
    decimals=3,
    spellings={
        "pg/mg{creat}": 1.0,
        "pg/mg creatinine": 1.0,
        "pg/mg Cr": 1.0,
        "ng/g{creat}": 1.0,
        "ng/mmol{creat}": 8.84016973126,
    },
)
UG_PER_G_CREATININE = CanonicalUnit(
    code="ug/g{creat}",
    expression="ug / g_creatinine",
    expected="a creatinine-normalised amount (e.g. ug/g{creat}, µg/g creatinine, ug/mmol{creat})",
    decimals=3,
    spellings={
        "ug/g{creat}": 1.0,
        "µg/g creatinine": 1.0,
        "mcg/g Cr": 1.0,
        "ng/mg{creat}": 1.0,
        "ug/mmol{creat}": 8.84016973126,
    },
)
DOSE_MASS = CanonicalUnit(
    code="mg",
    expression="mg",
    expected="a mass (e.g. mg, g, ug, mcg)",
    decimals=6,
    spellings={
        "mg": 1.0,
        "g": 1000.0,
        "ug": 0.001,
        "µg": 0.001,
        "mcg": 0.001,
    },
)
DOSE_ACTIVITY = CanonicalUnit(
    code="IU",
    expression="IU",
    expected="units of biological activity (IU, MU)",
    decimals=3,
    spellings={
        "IU": 1.0,
        "[iU]": 1.0,
        "U": 1.0,
        "MU": 1000000.0,
    },
)
BODY_MASS = CanonicalUnit(
    code="kg",
    expression="kg",
    expected="a body mass (kg, g, lb)",
    decimals=3,
    spellings={
        "kg": 1.0,
        "g": 0.001,
        "lb": 0.45359237,
        "lbs": 0.45359237,
    },
)
#: Days in a year of the age unit (the Julian year UCUM's ``a`` is): months and weeks given as
#: an age are converted through it. A birth date is read in calendar days instead.
DAYS_PER_YEAR = 365.25

AGE = CanonicalUnit(
    code="a",
    expression="year",
    expected="an age (year, month, week, day)",
    decimals=4,
    spellings={
        "a": 1.0,
        "year": 1.0,
        "years": 1.0,
        "y": 1.0,
        "yr": 1.0,
        "month": 0.0833333333333,
        "mo": 0.0833333333333,
        "week": 0.0191649555099,
        "wk": 0.0191649555099,
        "day": 0.00273785078713,
        "d": 0.00273785078713,
    },
)

_DEFINITIONS = (
    "mg_creatinine = [creatinine]",
    "g_creatinine = 1000 * mg_creatinine",
    f"mmol_creatinine = {CREATININE_G_PER_MOL} * mg_creatinine",
    "international_unit = [bioactivity] = IU",
    "million_international_unit = 1e6 * international_unit = MIU",
)

#: Whole-spelling aliases, applied before the piecewise rewrites (case matters: G/L ≠ g/L).
_ALIASES = {
    "G/L": "1e9 / liter",
    "/nL": "1e9 / liter",
    "thou/uL": "1e3 / microliter",
    "U": "IU",
    "[iU]": "IU",
    "[IU]": "IU",
    "MU": "MIU",
    "a": "year",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "mo": "month",
    "wk": "week",
    "d": "day",
    "lbs": "lb",
    "g/100mL": "g / dL",
}

_SCALE = re.compile(r"^(?:[x×*]\s*)?10\s*(?:\*|\^|[eE])\s*(\d+)|^(?:[x×*]\s*)?10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_CREATININE = re.compile(
    r"^(?P<num>.+?)\s*/\s*(?P<den>mg|g|mmol)\s*(?:\{\s*creat(?:inine)?\s*\}|cr|creat|creatinine)$",
    re.IGNORECASE,
)
_ALLOWED_NUMBERS = re.compile(r"^1(?= / )|1e\d+|\*\*\d+")

#: The longest unit spelling accepted (the documented ones are at most 16 characters): a
#: longer text is refused before any regular expression or pint sees it.
MAX_UNIT_LENGTH = 40
#: How many undocumented spellings keep their computed factor (oldest forgotten first).
MAX_CACHED_FACTORS = 512

#: What pint may see: factors (a unit name with an optional single-digit power, a power of ten
#: ``1eN`` with at most three digits, or ``1``) joined by ``/`` or ``*``. No exponent chains
#: (``L**9**9**9``), no parentheses, no other numbers.
_FACTOR = r"(?:1e\d{1,3}|1|[A-Za-z_]+(?:\*\*[1-4])?)"
_GRAMMAR = re.compile(rf"{_FACTOR}(?: ?[/*] ?{_FACTOR})*")
#: The characters a unit spelling may hold at all (checked before any rewriting).
_SPELLING = re.compile(r"[A-Za-z0-9µμ×⁰¹²³⁴⁵⁶⁷⁸⁹ /*^.%{}\[\]_-]+")


def normalise(spelling: str) -> str:
    """Rewrite a clinical or UCUM unit spelling into an expression pint reads correctly.

    >>> normalise("10*9/L")
    '1e9 / L'
    >>> normalise("K/uL")
    '1e3 / uL'
    >>> normalise("pg/mg{creat}")
    'pg / mg_creatinine'
    >>> normalise("cells/mm3")
    '1 / mm**3'
    """
    text = spelling.strip()
    if text in _ALIASES:
        return _ALIASES[text]
    text = text.replace("µ", "u").replace("μ", "u").replace("mcg", "ug")
    text = re.sub(r"\{cells?\}|\bcells?\b", "", text)
    match = _CREATININE.match(text)
    if match:
        num, den = match["num"].strip(), match["den"].lower()
        return f"{normalise(num)} / {den}_creatinine"
    scale = _SCALE.match(text)
    if scale:
        power = scale[1] or scale[2].translate(_SUPERSCRIPTS)
        text = f"1e{power}" + text[scale.end() :]
    elif re.match(r"^[kK]\s*/", text):
        text = "1e3" + text[1:]
    if text.startswith("/"):
        text = "1" + text
    text = re.sub(r"mm\^?3\b", "mm**3", text)
    text = text.replace("%", "percent")
    return re.sub(r"\s*/\s*", " / ", text).strip()


_registry: Any = None
_lock = threading.Lock()
_factors: dict[tuple[str, str], float] = {}


def registry() -> pint.UnitRegistry[float]:
    """The one application pint registry, built on first use and shared by the process.

    Quantities of two registries cannot be combined, so callers who want pint quantities
    build them here (or with :func:`quantity`).

    >>> registry() is registry()
    True
    """
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                import pint

                ureg: pint.UnitRegistry[float] = pint.UnitRegistry(cache_folder=None)
                for definition in _DEFINITIONS:
                    ureg.define(definition)
                _registry = ureg
    return _registry  # type: ignore[no-any-return]


def conversion_factor(unit: str, canonical: CanonicalUnit, *, subject: str) -> float:
    """The factor that takes a value in ``unit`` to ``canonical``; cached per spelling.

    Raises:
        UnitError: the spelling does not parse, or its dimension does not fit ``canonical``.

    >>> conversion_factor("g/L", HEMOGLOBIN, subject="hemoglobin")
    0.1
    >>> conversion_factor("mg", CELL_COUNT, subject="anc")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.UnitError: unit: 'mg' does not fit anc: expected a cell count per volume (e.g. 10*9/L, 10^9/L, K/uL, /uL, cells/mm3)
    """
    known = canonical.spellings.get(unit)
    if known is not None:
        return known
    if not isinstance(unit, str) or len(unit) > MAX_UNIT_LENGTH:
        raise UnitError(subject, _clip(unit), canonical.expected)
    key = (unit, canonical.code)
    cached = _factors.get(key)
    if cached is not None:
        return cached
    factor = _compute_factor(unit, canonical, subject)
    with _lock:  # bounded by entries; keys are bounded by MAX_UNIT_LENGTH
        while len(_factors) >= MAX_CACHED_FACTORS:
            del _factors[next(iter(_factors))]
        _factors[key] = factor
    return factor


def _clip(unit: object) -> str:
    """The unit as an error shows it: long texts cut, so a message stays a message."""
    text = unit if isinstance(unit, str) else repr(unit)
    return (
        text
        if len(text) <= MAX_UNIT_LENGTH
        else f"{text[:MAX_UNIT_LENGTH]}... ({len(text)} characters)"
    )


def _compute_factor(unit: str, canonical: CanonicalUnit, subject: str) -> float:
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError(subject, str(unit), canonical.expected)
    if unit.strip() in canonical.special:
        return canonical.special[unit.strip()]
    if not _SPELLING.fullmatch(unit.strip()):
        raise UnitError(subject, unit, canonical.expected)
    expression = normalise(unit)
    if re.search(r"\d", _ALLOWED_NUMBERS.sub("", expression)) or not _GRAMMAR.fullmatch(expression):
        # "5 mg" or "10*9" left over: a number inside a unit would silently scale the value;
        # anything outside the grammar (exponent chains, brackets) never reaches pint.
        raise UnitError(subject, unit, canonical.expected)
    if any(int(power) > _MAX_POWER for power in re.findall(r"1e(\d+)", expression)):
        raise _out_of_range(unit, canonical, subject)  # decided without loading pint
    ureg = registry()
    try:
        ratio = ureg.parse_expression(expression) / ureg.parse_expression(canonical.expression)
        factor = float(ratio.to("dimensionless").magnitude)
    except Exception as exc:  # pint's parser raises many kinds (even AssertionError on "\x08")
        raise UnitError(subject, unit, canonical.expected) from exc
    if not math.isfinite(factor) or factor == 0:
        raise _out_of_range(unit, canonical, subject)
    if not factor > 0:
        raise UnitError(subject, unit, canonical.expected)
    return float(f"{factor:.12g}")


#: The largest power of ten a unit may carry (10^300/L still fits a float; 10^400/L does not).
_MAX_POWER = 300


def _out_of_range(unit: str, canonical: CanonicalUnit, subject: str) -> InputError:
    return InputError.for_field(
        "unit",
        f"{unit!r} for {subject} scales the value out of range (not a finite number); "
        f"expected {canonical.expected}",
    )


def to_canonical(value: float, unit: str, canonical: CanonicalUnit, *, subject: str) -> float:
    """``value`` in ``unit``, converted to ``canonical`` and rounded to its reporting precision.

    >>> to_canonical(8.5, "mmol/L", HEMOGLOBIN, subject="hemoglobin")
    13.6964
    >>> to_canonical(150, "lb", BODY_MASS, subject="weight")
    68.039
    >>> to_canonical(1e300, "10^300/L", CELL_COUNT, subject="anc")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: value: 1e+300 10^300/L is not a finite number of 10*9/L

    Raises:
        UnitError: the unit does not parse or fit (see :func:`conversion_factor`).
        InputError: the converted value is not a finite number (``value`` named).
    """
    converted = value * conversion_factor(unit, canonical, subject=subject)
    if not math.isfinite(converted):
        raise InputError.for_field(
            "value", f"{value:g} {_clip(unit)} is not a finite number of {canonical.code}"
        )
    return round(converted, canonical.decimals)


def quantity(value: float, canonical: CanonicalUnit) -> pint.Quantity[float]:
    """A pint quantity of ``value`` in ``canonical``'s unit, from the application registry.

    >>> quantity(0.8, CELL_COUNT)
    <Quantity(0.8, '1 / nanoliter')>
    >>> round(quantity(0.8, CELL_COUNT).to("1/uL").magnitude, 6)
    800.0
    """
    q: pint.Quantity[float] = registry().Quantity(value, canonical.expression)
    return q
