"""Contract and correctness fixes of issue 9 item 6 (roles, baselines, instants, duplicates)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell import InputError, Patient, evaluate, patient_from_dict
from mastcell.model import Procedure
from mastcell.testing import AT, lab, med, patient
from test_midostaurin import BEFORE_START, cbc, cyto_codes, mido, run

INTERRUPT = "cytopenia.midostaurin.interrupt"
UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"


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
        """A role outside the vocabulary names labs[0] (its analyte) and role."""
        with pytest.raises(InputError, match=r"labs\[0\] \(anc\)\.role"):
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


def _shift(moment: datetime, offset_hours: int) -> datetime:
    """The same instant written with another UTC offset."""
    return moment.astimezone(timezone(timedelta(hours=offset_hours)))


class TestInstantsNotOffsets:
    """Durations depend on instants, not on how an offset is written (issue 9 item 6)."""

    HELD = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)  # 2026-10-31 21:00 at -05:00

    def _patient(self, offset: int, held: datetime, count_at: datetime) -> Patient:
        drug = med(
            "midostaurin",
            100,
            frequency="bid",
            route="oral",
            start=date(2026, 9, 1),
            status="held",
            held_reason="neutropenia",
            held_since=_shift(held, offset),
        )
        labs = cbc(time=_shift(count_at, offset), anc=(0.8, "10*9/L"))
        return patient(diagnoses=["asm"], labs=labs, medications=[drug])

    @pytest.mark.parametrize("days", [20, 21, 22, 23])
    @pytest.mark.parametrize("offset", [-12, -5, 0, 5, 14])
    def test_same_moments_in_any_offset_give_the_same_decision(
        self, days: int, offset: int
    ) -> None:
        """The 21-day rule (S1) decides alike whether moments are written in UTC or -05:00."""
        count_at = self.HELD + timedelta(days=days, hours=1)
        at = count_at + timedelta(hours=2)
        utc = evaluate(self._patient(0, self.HELD, count_at), at=at, categories=["cytopenia"])
        shifted = evaluate(
            self._patient(offset, self.HELD, count_at),
            at=_shift(at, offset),
            categories=["cytopenia"],
        )
        assert utc.codes == shifted.codes

    @settings(max_examples=60, deadline=None)
    @given(
        st.integers(-12, 14),
        st.integers(-12, 14),
        st.integers(0, 30 * 24),
        st.integers(0, 48),
    )
    def test_offsets_never_change_the_codes(
        self, held_offset: int, at_offset: int, hours_held: int, hours_after: int
    ) -> None:
        """Any offsets, any instants: writing the same moments differently changes nothing."""
        count_at = self.HELD + timedelta(hours=hours_held)
        at = count_at + timedelta(hours=hours_after)
        base = evaluate(self._patient(0, self.HELD, count_at), at=at, categories=["cytopenia"])
        other = evaluate(
            self._patient(held_offset, self.HELD, count_at),
            at=_shift(at, at_offset),
            categories=["cytopenia"],
        )
        assert base.codes == other.codes


class TestHeldSinceAfterTheEvaluation:
    @pytest.mark.parametrize(
        ("held", "error"),
        [
            (date(2026, 11, 22), False),  # the evaluation day itself
            (date(2026, 11, 23), True),
            (AT - timedelta(minutes=1), False),
            (AT + timedelta(minutes=1), True),
        ],
    )
    def test_held_since_after_at_is_an_input_error(self, held: date, error: bool) -> None:
        """held_since after the evaluation time names medications[0].held_since."""
        drug = med("midostaurin", 100, frequency="bid", status="held", held_since=held)
        p = patient(diagnoses=["asm"], medications=[drug])
        if error:
            with pytest.raises(InputError, match=r"medications\[0\]\.held_since: expected"):
                evaluate(p, at=AT)
        else:
            evaluate(p, at=AT)


class TestSameTimeResults:
    T = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)

    def test_conflicting_counts_are_read_cautiously_and_reported(self) -> None:
        """Two ANC results at one instant: the lower is read, and the disagreement is shown."""
        labs = [
            *cbc(time=self.T, anc=(1.2, "10*9/L")),
            lab("anc", 800, "/uL", _shift(self.T, -5)),
        ]
        p = patient(diagnoses=["asm"], labs=labs, medications=[mido()])
        report = evaluate(p, at=AT)
        assert "cytopenia.midostaurin.interrupt" in report.codes
        (rec,) = report.get("monitoring.labs.conflicting")
        notes = {f.input: f.note for f in rec.findings}
        assert notes == {"labs[0]": "not used: same draw time", "labs[3]": "used"}

    @settings(max_examples=60, deadline=None)
    @given(st.randoms(use_true_random=False))
    def test_shuffling_inputs_never_changes_the_codes(self, rnd: random.Random) -> None:
        """Shuffling the lab list (with same-time duplicates) never changes which codes fire."""
        labs = [
            *cbc(time=self.T, anc=(1.2, "10*9/L"), platelets=(49.0, "10*9/L")),
            lab("anc", 0.9, "10*9/L", self.T),
            lab("platelets", 51000, "/uL", self.T),
            lab("tryptase", 12, "ng/mL", self.T),
            lab("tryptase", 30, "ng/mL", self.T),
        ]
        base = evaluate(patient(diagnoses=["asm"], labs=labs, medications=[mido()]), at=AT)
        shuffled = list(labs)
        rnd.shuffle(shuffled)
        other = evaluate(patient(diagnoses=["asm"], labs=shuffled, medications=[mido()]), at=AT)
        assert base.codes == other.codes


class TestAvoidAgentWhateverItsDate:
    @pytest.mark.parametrize("days_ahead", [1, 89, 91, 365, -2])
    def test_avoid_agent_is_flagged_beyond_the_horizon(self, days_ahead: int) -> None:
        """An avoid-class agent is flagged whatever the date; the schedule keeps the horizon.

        A procedure dated in the past is still flagged, as a warning that names the past date
        (issue 16: no critical alert for a surgery that took place)."""
        proc = Procedure(
            kind="surgery",
            date=(AT + timedelta(days=days_ahead)).date(),
            anesthesia="general",
            planned_agents=("atracurium",),
        )
        report = evaluate(patient(diagnoses=["ism"], procedures=[proc]), at=AT)
        (rec,) = report.get("perioperative.nmba.avoid")
        assert rec.indicator.value == ("critical" if days_ahead >= 0 else "warning")
        assert ("a past date" in rec.summary) is (days_ahead < 0)
        in_horizon = 0 <= days_ahead <= 90
        assert bool(report.get("perioperative.premedication")) is in_horizon
