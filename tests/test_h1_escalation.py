"""H1 escalation bounds per drug (addendum section 10 item 6; MX1-MX5; A2)."""

from __future__ import annotations

from datetime import date

import pytest

from mastcell import DoseAmount, Indicator, Options, Patient, Recommendation, evaluate
from mastcell.knowledge.antimediator import (
    FexofenadineBound,
    Tag,
    escalation_bound,
)
from mastcell.knowledge.options import AntimediatorOptions
from mastcell.testing import AT, med, patient


def adult(drug: str, dose: float, frequency: str, control: str = "refractory") -> Patient:
    return patient(
        diagnoses=["ism"],
        birth_date=date(1980, 1, 1),
        symptom_control=control,
        medications=[med(drug, dose, frequency=frequency)],
    )


def codes(p: Patient, options: Options | None = None) -> dict[str, Recommendation]:
    report = evaluate(p, at=AT, categories=["antimediator"], options=options)
    return {r.code: r for r in report if r.code.startswith("antimediator.h1.")}


def fexo(bound: str) -> Options:
    return Options(antimediator=AntimediatorOptions(fexofenadine_bound=bound))


class TestBoundData:
    """Each drug's bound, tag and source are data (MX1-MX5, S131)."""

    @pytest.mark.parametrize(
        ("drug", "multiple", "tag", "source"),
        [
            pytest.param("cetirizine", 4.0, Tag.CONFIRMED, "S131", id="MX1"),
            pytest.param("levocetirizine", 4.0, Tag.CONFIRMED, "S131", id="MX2"),
            pytest.param("loratadine", 4.0, Tag.CONFIRMED, "S131", id="MX3"),
            pytest.param("desloratadine", 4.0, Tag.CONFIRMED, "S131", id="MX4"),
            pytest.param("fexofenadine", 2.0, Tag.CONFLICT, "S29", id="MX5-default-2x"),
            pytest.param("bilastine", 4.0, Tag.SEED_ONLY, "SEED-A", id="A2-bilastine-seed"),
            pytest.param("rupatadine", 4.0, Tag.SEED_ONLY, "SEED-B", id="A2-rupatadine-seed"),
        ],
    )
    def test_bound(self, drug: str, multiple: float, tag: Tag, source: str) -> None:
        """The bound of each second-generation H1, with its support."""
        bound = escalation_bound(drug)
        assert bound.max_multiple == multiple
        assert bound.tag is tag
        assert source in bound.sources


ABOVE_ROWS = [
    # (drug, daily dose at the bound, just above, option)
    pytest.param("cetirizine", (20, "bid"), (20.5, "bid"), None, id="MX1-40-mg-day"),
    pytest.param("levocetirizine", (10, "bid"), (10.5, "bid"), None, id="MX2-20-mg-day"),
    pytest.param("loratadine", (20, "bid"), (20.5, "bid"), None, id="MX3-40-mg-day"),
    pytest.param("desloratadine", (10, "bid"), (10.5, "bid"), None, id="MX4-20-mg-day"),
    pytest.param("fexofenadine", (180, "bid"), (181, "bid"), None, id="MX5-default-360"),
    pytest.param("fexofenadine", (180, "daily"), (181, "daily"), "label", id="MX5-label-180"),
    pytest.param("fexofenadine", (240, "bid"), (240.5, "bid"), "canada", id="MX5-canada-480"),
    pytest.param("fexofenadine", (360, "bid"), (361, "bid"), "seed", id="MX5-seed-720"),
    pytest.param("bilastine", (40, "bid"), (40.5, "bid"), None, id="A2-bilastine-seed-80"),
]


class TestAboveMax:
    """At a drug's bound nothing fires; just above it h1.above_max warns (MX1-MX5)."""

    @pytest.mark.parametrize(("drug", "at_bound", "above", "option"), ABOVE_ROWS)
    def test_bound(
        self,
        drug: str,
        at_bound: tuple[float, str],
        above: tuple[float, str],
        option: str | None,
    ) -> None:
        """Exactly the bound is silent (no escalation either); just above it warns."""
        options = fexo(option) if option else None
        silent = codes(adult(drug, *at_bound), options)
        assert not silent
        found = codes(adult(drug, *above), options)
        assert list(found) == ["antimediator.h1.above_max"]
        warning = found["antimediator.h1.above_max"]
        assert warning.indicator is Indicator.WARNING
        assert drug in warning.detail

    def test_cetirizine_bound_cites_s131_not_seeds(self) -> None:
        """Cetirizine above 4x cites S131 as the bound's basis, not the seeds (10.6)."""
        warning = codes(adult("cetirizine", 30, "bid"))["antimediator.h1.above_max"]
        assert "S131" in warning.sources
        assert "CONFIRMED" in warning.detail
        assert "SEED-A" not in warning.sources

    def test_bilastine_bound_is_labelled_seed_only(self) -> None:
        """Bilastine keeps the previous 4x bound, labelled SEED-ONLY (A2)."""
        warning = codes(adult("bilastine", 50, "bid"))["antimediator.h1.above_max"]
        assert "SEED-ONLY" in warning.detail
        assert "SEED-A" in warning.sources


class TestIncrease:
    """Uncontrolled symptoms: 2x first, then the drug's own bound (MX1-MX5, S29)."""

    @pytest.mark.parametrize(
        ("drug", "dose", "frequency", "per_dose", "option"),
        [
            pytest.param("cetirizine", 10, "bid", 20, None, id="MX1-2x-to-4x"),
            pytest.param("desloratadine", 5, "bid", 10, None, id="MX4-2x-to-4x"),
            pytest.param("fexofenadine", 180, "daily", 180, None, id="MX5-1x-to-2x"),
            pytest.param("fexofenadine", 180, "bid", 240, "canada", id="MX5-canada-2x-to-480"),
            pytest.param("fexofenadine", 180, "bid", 360, "seed", id="MX5-seed-2x-to-4x"),
        ],
    )
    def test_proposes(
        self, drug: str, dose: float, frequency: str, per_dose: float, option: str | None
    ) -> None:
        """The proposed twice-daily dose reaches the next step within the drug's bound."""
        options = fexo(option) if option else None
        found = codes(adult(drug, dose, frequency, "inadequate"), options)
        rec = found["antimediator.h1.increase"]
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=per_dose, unit="mg")

    @pytest.mark.parametrize("option", list(FexofenadineBound))
    def test_fexofenadine_conflict_is_stated(self, option: FexofenadineBound) -> None:
        """Whatever reading is chosen, the fexofenadine detail states the conflict (MX5)."""
        found = codes(adult("fexofenadine", 30, "daily", "inadequate"), fexo(option.value))
        rec = found["antimediator.h1.increase"]
        assert "MX5" in rec.detail
        assert "fexofenadine_bound" in rec.detail

    def test_fexofenadine_at_default_bound_is_not_escalated(self) -> None:
        """Fexofenadine 180 mg twice daily is the default bound: no escalation proposed (MX5)."""
        assert not codes(adult("fexofenadine", 180, "bid", "inadequate"))

    def test_override_applies_to_every_drug(self) -> None:
        """options.antimediator.h1_max_multiple overrides each drug's bound (A2)."""
        options = Options(antimediator=AntimediatorOptions(h1_max_multiple=3.0))
        found = codes(adult("cetirizine", 15, "bid"), options)
        assert not found
        found = codes(adult("cetirizine", 15.5, "bid"), options)
        assert "antimediator.h1.above_max" in found


class TestOlderAdults:
    """PD1/MX1: cetirizine's label maximum from 65 years is 5 mg/24 h, below the 10 mg the
    escalation multiples count from: no escalated dose is proposed at that age."""

    @pytest.mark.parametrize(
        ("born", "proposes"),
        [
            (date(1961, 11, 23), True),  # 64 years and 364 days at AT
            (date(1961, 11, 22), False),  # 65 years exactly
            (date(1950, 1, 1), False),
        ],
    )
    def test_cetirizine_escalation_at_65(self, born: date, proposes: bool) -> None:
        """Just under 65: 10 mg twice daily; from 65: clinician decision, the maximum stated."""
        p = patient(
            diagnoses=["ism"],
            birth_date=born,
            symptom_control="refractory",
            medications=[med("cetirizine", 5, frequency="daily")],
        )
        rec = codes(p)["antimediator.h1.increase"]
        assert rec.medication is not None
        if proposes:
            assert rec.medication.dose == DoseAmount(value=10, unit="mg")
        else:
            assert rec.medication.dose is None
            assert "5 mg" in rec.summary
            assert "clinician decision" in (rec.medication.note or "")
