"""Contract and correctness fixes of issue 9 item 6 (roles, baselines, instants, duplicates)."""

from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from mastcell import InputError, patient_from_dict
from mastcell.testing import lab, med, patient
from test_midostaurin import BEFORE_START, cbc, cyto_codes, mido, run

INTERRUPT = "cytopenia.midostaurin.interrupt"
UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"
MINUS5 = timezone(timedelta(hours=-5))


class TestRoleOnEveryLab:
    @pytest.mark.parametrize("analyte", ["anc", "platelets", "hemoglobin", "wbc", "tryptase"])
    @pytest.mark.parametrize("role", ["baseline", "acute"])
    def test_role_is_accepted_on_every_lab(self, analyte: str, role: str) -> None:
        """labs[].role is accepted on every lab, as interchange format v1 says."""
        unit = {"hemoglobin": "g/dL", "tryptase": "ng/mL"}.get(analyte, "10*9/L")
        p = patient_from_dict(
            {
                "labs": [
                    {
                        "analyte": analyte,
                        "value": 5,
                        "unit": unit,
                        "time": "2026-11-20T08:00:00Z",
                        "role": role,
                    }
                ]
            }
        )
        assert p.labs[0].role == role

    def test_an_unknown_role_is_an_input_error_naming_the_field(self) -> None:
        """A role outside the vocabulary names labs[0].role."""
        with pytest.raises(InputError, match=r"labs\[0\]\.role"):
            patient_from_dict(
                {
                    "labs": [
                        {
                            "analyte": "anc",
                            "value": 1,
                            "unit": "10*9/L",
                            "time": "2026-11-20T08:00:00Z",
                            "role": "pre",
                        }
                    ]
                }
            )


class TestExplicitBaseline:
    """S1 MCL rows: an explicit baseline count wins over the inferred one (issue 9 item 6)."""

    @pytest.mark.parametrize(
        ("given", "inferred", "expected"),
        [
            pytest.param(1.0, 2.0, set(), id="given-in-range-wins-over-inferred-out"),
            pytest.param(2.0, 1.0, {UNSPECIFIED}, id="given-out-of-range-wins-over-inferred-in"),
            pytest.param(1.5, None, set(), id="given-1.5-in-range"),
            pytest.param(1.51, None, {UNSPECIFIED}, id="given-1.51-out"),
            pytest.param(0.49, None, {UNSPECIFIED}, id="given-0.49-out"),
        ],
    )
    def test_given_baseline_decides_the_mcl_population(
        self, given: float, inferred: float | None, expected: set[str]
    ) -> None:
        """MCL, ANC 0.8: the population follows the count sent with role baseline."""
        labs = [*cbc(anc=(0.8, "10*9/L"))]
        labs.append(lab("anc", given * 1000, "/uL", "2026-10-15T08:00:00+00:00", role="baseline"))
        if inferred is not None:
            labs.append(lab("anc", inferred, "10*9/L", BEFORE_START))
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()]))
        assert cyto_codes(report) == expected

    def test_given_baseline_is_cited_as_given(self) -> None:
        """The finding says the baseline was given, not inferred from the start date."""
        labs = [*cbc(anc=(0.4, "10*9/L"))]
        labs.append(lab("anc", 1.0, "K/uL", "2026-10-15T08:00:00+00:00", role="baseline"))
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[mido()]))
        (rec,) = report.get(INTERRUPT)
        notes = [f.note for f in rec.findings if f.note and "baseline" in f.note]
        assert notes == ["baseline: given (role baseline)"]

    def test_given_baseline_works_without_a_start_date(self) -> None:
        """Without a start date the given baseline still places the patient (ANC 0.6, in range)."""
        labs = [
            *cbc(anc=(0.6, "10*9/L")),
            lab("anc", 1.0, "10*9/L", "2026-10-15T08:00:00+00:00", role="baseline"),
        ]
        drug = med("midostaurin", 100, frequency="bid", route="oral")
        report = run(patient(diagnoses=["mcl"], labs=labs, medications=[drug]))
        assert cyto_codes(report) == set()
