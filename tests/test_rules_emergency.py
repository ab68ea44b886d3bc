"""Emergency preparedness: auto-injectors by weight (2.5) and personalised triggers (2.7)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mastcell import DoseAmount, Indicator, Patient, Reaction, Recommendation, Weight, evaluate
from mastcell.knowledge.sources import SOURCES
from mastcell.knowledge.triggers import PHYSICAL_TRIGGERS, physical_trigger
from mastcell.testing import AT, med, patient


def run(p: Patient, code: str) -> tuple[Recommendation, ...]:
    report = evaluate(p, at=AT, categories=["emergency"])
    for rec in report:
        assert rec.evidence
        assert all(e.source in SOURCES for e in rec.evidence)
    return report.get(code)


def one(p: Patient, code: str) -> Recommendation:
    found = run(p, code)
    assert len(found) == 1
    return found[0]


class TestEpinephrine:
    """Two auto-injectors, dosed by the AUVI-Q label's weight bands (E1, E7; S16, S44)."""

    @pytest.mark.parametrize(
        ("value", "unit", "dose"),
        [
            (30, "kg", 0.3),  # E1: >= 30 kg
            (29.9, "kg", 0.15),
            (15, "kg", 0.15),  # 15-30 kg
            (14.9, "kg", 0.1),
            (7.5, "kg", 0.1),  # 7.5-15 kg
            (66.2, "lb", 0.3),  # ~30.03 kg
            (66.0, "lb", 0.15),  # ~29.94 kg
        ],
    )
    def test_weight_bands(self, value: float, unit: str, dose: float) -> None:
        """At, just below and above each band edge, in kg and lb."""
        p = patient(diagnoses=["ism"], weight=Weight(value=value, unit=unit))
        rec = one(p, "emergency.epinephrine.prescribe")
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=dose, unit="mg")

    @pytest.mark.parametrize(
        "fields",
        [
            {"weight_kg": 7.4},  # below the lowest band
            {"birth_date": date(2020, 1, 1)},  # child, weight unknown
        ],
    )
    def test_clinician_decision(self, fields: dict[str, Any]) -> None:
        """Below 7.5 kg, or a child without a weight, the dose is a clinician decision."""
        rec = one(patient(diagnoses=["cm"], **fields), "emergency.epinephrine.prescribe")
        assert rec.medication is None
        assert "clinician decision" in rec.detail

    def test_adult_without_weight(self) -> None:
        """An adult without a weight gets the 0.3 mg device, with the assumption stated."""
        rec = one(
            patient(diagnoses=["mcas"], birth_date=date(1980, 1, 1)),
            "emergency.epinephrine.prescribe",
        )
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=0.3, unit="mg")
        assert "confirm" in rec.detail

    @pytest.mark.parametrize(
        ("quantity", "fires"), [(2, False), (3, False), (1, True), (None, True), (0, True)]
    )
    def test_count(self, quantity: int | None, fires: bool) -> None:
        """Fewer than two recorded auto-injectors (or an unknown count) fires (E7)."""
        p = patient(
            diagnoses=["ism"],
            weight_kg=70,
            medications=[med("EpiPen", 0.3, route="im", quantity=quantity)],
        )
        assert bool(run(p, "emergency.epinephrine.prescribe")) is fires

    def test_anaphylaxis_without_injector_is_critical(self) -> None:
        """A history of anaphylaxis and no injector on the list is critical."""
        p = patient(
            diagnoses=["mcas"],
            weight_kg=60,
            reactions=[Reaction(agent="wasp", severity="anaphylaxis")],
        )
        assert one(p, "emergency.epinephrine.prescribe").indicator is Indicator.CRITICAL

    def test_no_disorder_silent(self) -> None:
        """Without a mast cell disorder this area says nothing."""
        assert not evaluate(patient(weight_kg=70), at=AT, categories=["emergency"]).codes


class TestTriggersAvoid:
    """Trigger avoidance for every mast cell disorder, personalised by reactions (2.7)."""

    def test_always_for_a_disorder(self) -> None:
        """An MCAS patient with nothing recorded gets the general list, as info."""
        rec = one(
            patient(diagnoses=["mcas"], birth_date=date(1986, 1, 1)), "emergency.triggers.avoid"
        )
        assert rec.indicator is Indicator.INFO
        for trigger in PHYSICAL_TRIGGERS:
            assert trigger.advice in rec.detail
        assert "avoid morphine" in rec.detail
        assert "fentanyl" in rec.detail

    def test_report_codes(self) -> None:
        """The report doctest's expectation: epinephrine, then triggers."""
        p = patient(diagnoses=["mcas"], birth_date=date(1986, 1, 1))
        assert evaluate(p, at=AT, categories=["emergency"]).codes == (
            "emergency.epinephrine.prescribe",
            "emergency.triggers.avoid",
        )

    def test_personalised_by_reactions(self) -> None:
        """Physical, drug and free-text reactions are each named, with their inputs."""
        p = patient(
            diagnoses=["ism"],
            reactions=[
                Reaction(agent="hot shower", severity="flare"),
                Reaction(agent="Codeine", severity="mild"),
                Reaction(agent="shellfish"),
            ],
        )
        rec = one(p, "emergency.triggers.avoid")
        assert [f.input for f in rec.findings] == ["reactions[0]", "reactions[1]", "reactions[2]"]
        assert "heat (flare)" in rec.summary
        assert "codeine" in rec.summary
        assert "shellfish" in rec.detail
        assert rec.indicator is Indicator.INFO

    @pytest.mark.parametrize(
        ("reactions", "medications", "indicator"),
        [
            ([], [med("metoprolol", 50, frequency="daily")], Indicator.INFO),  # caution only
            ([], [med("morphine", 5, frequency="q6h")], Indicator.WARNING),  # rated avoid
            (
                [Reaction(agent="cefazolin", severity="flare")],
                [med("cefazolin", 1000, unit="mg")],
                Indicator.WARNING,
            ),
            (
                [Reaction(agent="morphine", severity="anaphylaxis")],
                [med("morphine", 5, frequency="q6h", status="planned")],
                Indicator.CRITICAL,
            ),
            ([Reaction(agent="morphine", severity="anaphylaxis")], [], Indicator.INFO),
        ],
    )
    def test_medications_on_list(
        self, reactions: list[Reaction], medications: list[Any], indicator: Indicator
    ) -> None:
        """Drugs taken or planned that are rated avoid, or that the patient reacted to, escalate."""
        p = patient(diagnoses=["mcas"], reactions=reactions, medications=medications)
        rec = one(p, "emergency.triggers.avoid")
        assert rec.indicator is indicator
        if medications:
            assert any(f.input == "medications[0]" for f in rec.findings)

    def test_stopped_drug_not_flagged(self) -> None:
        """A stopped histamine releaser is not on the list any more."""
        p = patient(diagnoses=["mcas"], medications=[med("vancomycin", 1000, status="stopped")])
        assert one(p, "emergency.triggers.avoid").indicator is Indicator.INFO


class TestPhysicalTriggerWords:
    """Reaction agents are matched to the 2.7 physical triggers by phrase or word."""

    @pytest.mark.parametrize(
        ("agent", "name"),
        [
            ("heat", "heat"),
            ("Hot bath", "heat"),
            ("cold water", "cold"),
            ("friction", "friction or rubbing of skin lesions"),
            ("emotional stress", "emotional stress"),
            ("red wine", "alcohol"),
            ("bee sting", "insect venom"),
            ("ibuprofen", None),
            ("chocolate", None),
        ],
    )
    def test_matching(self, agent: str, name: str | None) -> None:
        """Known words map to their trigger; drugs and unknown words do not."""
        trigger = physical_trigger(agent)
        assert (None if trigger is None else trigger.name) == name
