"""Units: every accepted spelling reaches rules as the same canonical number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Analyte, UnitError
from mastcell import units as u
from mastcell.testing import lab

ALL_UNITS = (
    u.CELL_COUNT,
    u.HEMOGLOBIN,
    u.MASS_CONCENTRATION,
    u.PERCENT,
    u.PG_PER_MG_CREATININE,
    u.UG_PER_G_CREATININE,
    u.DOSE_MASS,
    u.DOSE_ACTIVITY,
    u.BODY_MASS,
    u.AGE,
)

# (spelling, factor onto the canonical unit), per canonical unit: the documented vocabulary.
EXPECTED: dict[u.CanonicalUnit, dict[str, float]] = {
    u.CELL_COUNT: {
        "10*9/L": 1,
        "10^9/L": 1,
        "x10^9/L": 1,
        "x10E9/L": 1,
        "×10⁹/L": 1,
        "G/L": 1,
        "/nL": 1,
        "10*3/uL": 1,
        "10^3/uL": 1,
        "x10^3/uL": 1,
        "K/uL": 1,
        "k/µL": 1,
        "thou/uL": 1,
        "/uL": 1e-3,
        "/µL": 1e-3,
        "cells/uL": 1e-3,
        "cells/µL": 1e-3,
        "/mm3": 1e-3,
        "cells/mm3": 1e-3,
        "{cells}/uL": 1e-3,
    },
    u.HEMOGLOBIN: {
        "g/dL": 1,
        "g/dl": 1,
        "g/L": 0.1,
        "mg/dL": 1e-3,
        "g/100mL": 1,
        "mmol/L": 1 / 0.6206,
        "mmol/l": 1 / 0.6206,
    },
    u.MASS_CONCENTRATION: {
        "ng/mL": 1,
        "ng/ml": 1,
        "ug/L": 1,
        "µg/L": 1,
        "μg/L": 1,
        "mcg/L": 1,
        "pg/mL": 1e-3,
        "ng/L": 1e-3,
    },
    u.PERCENT: {"%": 1, "percent": 1},
    u.PG_PER_MG_CREATININE: {
        "pg/mg{creat}": 1,
        "pg/mg creatinine": 1,
        "pg/mg Cr": 1,
        "ng/g{creat}": 1,
        "ng/mmol{creat}": 1000 / 113.12,
    },
    u.UG_PER_G_CREATININE: {
        "ug/g{creat}": 1,
        "µg/g creatinine": 1,
        "mcg/g Cr": 1,
        "ng/mg{creat}": 1,
        "ug/mmol{creat}": 1000 / 113.12,
    },
    u.DOSE_MASS: {"mg": 1, "g": 1000, "ug": 1e-3, "µg": 1e-3, "mcg": 1e-3},
    u.DOSE_ACTIVITY: {"IU": 1, "[iU]": 1, "U": 1, "MU": 1e6},
    u.BODY_MASS: {"kg": 1, "g": 1e-3, "lb": 0.45359237, "lbs": 0.45359237},
    u.AGE: {
        "year": 1,
        "years": 1,
        "a": 1,
        "y": 1,
        "yr": 1,
        "month": 1 / 12,
        "mo": 1 / 12,
        "week": 7 / 365.25,
        "wk": 7 / 365.25,
        "day": 1 / 365.25,
        "d": 1 / 365.25,
    },
}


class TestVocabulary:
    @pytest.mark.parametrize(
        ("canonical", "spelling", "factor"),
        [(c, s, f) for c, table in EXPECTED.items() for s, f in table.items()],
        ids=lambda v: v.code if isinstance(v, u.CanonicalUnit) else str(v),
    )
    def test_spelling_has_factor(
        self, canonical: u.CanonicalUnit, spelling: str, factor: float
    ) -> None:
        """Each documented spelling converts with its known factor."""
        assert u.conversion_factor(spelling, canonical, subject="x") == pytest.approx(
            factor, rel=1e-9
        )

    @pytest.mark.parametrize("canonical", ALL_UNITS, ids=lambda c: c.code)
    def test_documented_spellings_are_tested(self, canonical: u.CanonicalUnit) -> None:
        """The spellings a unit documents are exactly the ones this table checks."""
        assert {*canonical.spellings, *canonical.special} == set(EXPECTED[canonical])

    @pytest.mark.parametrize(
        ("canonical", "spelling"),
        [(c, s) for c in ALL_UNITS for s in c.spellings],
        ids=lambda v: v.code if isinstance(v, u.CanonicalUnit) else str(v),
    )
    def test_precomputed_factor_is_what_pint_computes(
        self, canonical: u.CanonicalUnit, spelling: str
    ) -> None:
        """Each precomputed factor equals the one pint derives from the normalised spelling."""
        assert canonical.spellings[spelling] == pytest.approx(
            u._compute_factor(spelling, canonical, "x"), rel=1e-12
        )

    def test_documented_spellings_need_no_pint(self) -> None:
        """Evaluating a patient whose units are all documented spellings never imports pint."""
        import subprocess
        import sys

        code = (
            "import sys, mastcell\n"
            "from importlib.resources import files\n"
            "for name in ('mcas-leukopenia', 'advsm-midostaurin-neutropenia'):\n"
            "    text = files('mastcell').joinpath(f'examples/{name}.json').read_text()\n"
            "    mastcell.evaluate(mastcell.patient_from_json(text), at='2026-11-22T12:00:00Z')\n"
            "print('pint' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "False"

    def test_plain_pint_pitfall_is_avoided(self) -> None:
        """10*9/L means 10^9 per litre, not ninety per litre."""
        assert u.normalise("10*9/L") == "1e9 / L"
        assert u.to_canonical(5.2, "10*9/L", u.CELL_COUNT, subject="wbc") == 5.2


class TestSameValueEverySpelling:
    @pytest.mark.parametrize(
        ("value", "unit"),
        [
            (800, "/uL"),
            (0.8, "10*9/L"),
            (0.8, "K/uL"),
            (0.8, "10^9/L"),
            (0.8, "x10^9/L"),
            (800, "cells/uL"),
            (800, "cells/mm3"),
            (0.8, "10*3/uL"),
            (0.8, "G/L"),
        ],
    )
    def test_anc_is_the_same_number(self, value: float, unit: str) -> None:
        """800 /uL = 0.8 10*9/L = 0.8 K/uL reach rules as the same canonical 0.8."""
        assert lab("anc", value, unit).canonical == 0.8

    @pytest.mark.parametrize(
        ("value", "unit"), [(20, "ng/mL"), (20, "ug/L"), (20, "µg/L"), (20000, "pg/mL")]
    )
    def test_tryptase_is_the_same_number(self, value: float, unit: str) -> None:
        """20 ug/L and 20 ng/mL are the same float (the engineering notes' rounding pitfall)."""
        result = lab("tryptase", value, unit)
        assert result.canonical == 20.0
        assert result.canonical >= 20.0

    @pytest.mark.parametrize(
        ("value", "unit", "g_dl"), [(8.0, "g/dL", 8.0), (80, "g/L", 8.0), (4.9648, "mmol/L", 8.0)]
    )
    def test_hemoglobin_conventions(self, value: float, unit: str, g_dl: float) -> None:
        """Hemoglobin in g/L divides by ten; mmol/L uses the stated monomer factor 0.6206."""
        assert lab("hemoglobin", value, unit).canonical == pytest.approx(g_dl, abs=1e-4)

    @given(st.floats(min_value=0, max_value=1e5, allow_nan=False))
    def test_per_microlitre_is_a_thousandth(self, value: float) -> None:
        """Any count in /uL equals the same count / 1000 in 10*9/L, after rounding."""
        assert (
            lab("platelets", value, "/uL").canonical
            == lab("platelets", value / 1000, "10*9/L").canonical
        )


class TestWrongUnits:
    @pytest.mark.parametrize(
        ("analyte", "unit"),
        [
            ("anc", "mg"),
            ("anc", "ng/mL"),
            ("anc", "%"),
            ("tryptase", "/uL"),
            ("tryptase", "kg"),
            ("hemoglobin", "/uL"),
            ("urine_lte4", "pg/mL"),
            ("urine_nmh", "ng/mL"),
            ("neutrophils_pct", "/uL"),
            ("platelets", "10*9"),
            ("anc", "5 /uL"),
            ("anc", ""),
            ("anc", "bogus"),
            ("wbc", "10**9/L"),
        ],
    )
    def test_dimension_mismatch_raises_unit_error(self, analyte: str, unit: str) -> None:
        """A unit that does not fit the analyte raises UnitError naming analyte, unit and dimension."""
        with pytest.raises(UnitError) as info:
            lab(analyte, 1.0, unit)
        err = info.value
        assert err.subject == analyte
        assert err.unit == unit
        assert err.expected == Analyte(analyte).info.canonical.expected
        assert "unit:" in str(err)

    @given(st.text(max_size=12))
    def test_arbitrary_text_never_crashes(self, text: str) -> None:
        """Any unit text either converts to a positive factor or raises UnitError, nothing else."""
        try:
            factor = u.conversion_factor(text, u.CELL_COUNT, subject="anc")
        except UnitError:
            return
        assert factor > 0


class TestRegistry:
    def test_one_registry(self) -> None:
        """The application registry is built once and shared."""
        assert u.registry() is u.registry()

    def test_quantity_is_in_canonical_unit(self) -> None:
        """A lab's pint quantity carries the canonical value and converts back correctly."""
        q = lab("anc", 800, "/uL").quantity
        assert q.magnitude == 0.8
        assert q.to("1/uL").magnitude == pytest.approx(800)
