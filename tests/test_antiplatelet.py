"""Aspirin for the heart and tolerated now; NSAIDs or aspirin with low platelets (issue 16).

Facts: SR1 ketorolac label (S241), SR2 NSAIDs and platelet function (S240), SR3 the 50 x10^9/L
bound is a library convention at the CTCAE grade-3 bound (S53, S70), SR4 stopping dual
antiplatelet therapy early (S242).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mastcell import Indicator, Options, Patient, Recommendation, evaluate
from mastcell.knowledge.facts import FACTS
from mastcell.knowledge.options import MedicationOptions
from mastcell.model import Procedure, Reaction
from mastcell.testing import AT, days_before, lab, med, patient

BLEED = "medication.nsaid.low_platelets"
CAUTION = "analgesia.nsaid.caution"
AVOID = "antimediator.aspirin.avoid"


def _report(p: Patient, options: Options | None = None) -> list[Recommendation]:
    return list(evaluate(p, at=AT, options=options))


def _codes(p: Patient, code: str, options: Options | None = None) -> list[Recommendation]:
    return [r for r in _report(p, options) if r.code == code]


def _sm(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["ism"])
    fields.setdefault("birth_date", date(1960, 1, 1))
    return patient(**fields)


class TestFactsRegistered:
    def test_the_facts_cite_their_sources(self) -> None:
        """SR1-SR4 are registered with the sources the rules cite."""
        assert FACTS["SR1"].sources == ("S241",)
        assert FACTS["SR2"].sources == ("S240",)
        assert FACTS["SR3"].tag.value == "NOT VERIFIED"
        assert FACTS["SR4"].sources == ("S242",)


class TestAspirinForTheHeart:
    """The issue's patient: low-dose aspirin with clopidogrel, a past reaction to ibuprofen."""

    def _patient(self, *reactions: Reaction, aspirin_status: str = "active") -> Patient:
        return _sm(
            medications=[
                med("aspirin", 81, frequency="daily", status=aspirin_status),
                med("clopidogrel", 75, frequency="daily"),
            ],
            reactions=list(reactions),
        )

    def test_never_told_to_stop_for_another_nsaids_reaction(self) -> None:
        """No card tells the patient to stop or avoid the tolerated cardiac aspirin (SR4)."""
        p = self._patient(Reaction(agent="ibuprofen", severity="anaphylaxis"))
        report = _report(p)
        for rec in report:
            assert "Avoid aspirin" not in rec.summary, rec.summary
            assert "aspirin - stop" not in rec.detail
            assert not (
                rec.medication
                and rec.medication.drug == "acetaminophen"
                and "aspirin" in rec.summary.lower()
            )
        caution = [r for r in report if r.code == CAUTION]
        assert len(caution) == 1
        assert caution[0].indicator is Indicator.INFO
        assert "does not make it an avoid" in caution[0].summary
        assert "S242" in caution[0].sources
        assert any(f.text and "clopidogrel" in f.text for f in caution[0].findings)

    def test_the_class_card_spares_the_aspirin_taken_now(self) -> None:
        """antimediator.aspirin.avoid says 'NSAIDs other than the aspirin taken now'."""
        p = self._patient(Reaction(agent="naproxen", severity="flare"))
        (rec,) = _codes(p, AVOID)
        assert rec.summary.startswith("Avoid NSAIDs other than the aspirin taken now")
        assert "stop or replace" not in rec.detail
        assert "tolerated now" in rec.detail
        assert rec.indicator is Indicator.WARNING

    def test_a_reaction_to_aspirin_itself_is_a_joint_critical_decision(self) -> None:
        """Aspirin reacted to, yet taken with clopidogrel: critical, cardiology and allergy."""
        p = self._patient(Reaction(agent="aspirin", severity="anaphylaxis"))
        (rec,) = _codes(p, CAUTION)
        assert rec.indicator is Indicator.CRITICAL
        assert "cardiology and allergy" in rec.summary
        assert rec.medication is None  # acetaminophen does not replace an antiplatelet
        assert "SR4" in rec.detail

    def test_class_card_for_cardiac_aspirin_reacted_to(self) -> None:
        """Without a mast cell diagnosis the class card carries it: critical, never 'stop'."""
        p = patient(
            medications=[med("aspirin", 81, frequency="daily"), med("clopidogrel", 75)],
            reactions=[Reaction(agent="aspirin", severity="anaphylaxis")],
        )
        (rec,) = _codes(p, AVOID)
        assert rec.indicator is Indicator.CRITICAL
        assert "stop or replace" not in rec.detail
        assert "cardiology and allergy decide" in rec.detail
        assert "S242" in rec.sources

    def test_planned_cardiac_aspirin_after_another_nsaid_reaction(self) -> None:
        """Planned (not yet tolerated) cardiac aspirin after an NSAID reaction: a warning."""
        p = self._patient(Reaction(agent="ibuprofen", severity="flare"), aspirin_status="planned")
        (rec,) = _codes(p, CAUTION)
        assert rec.indicator is Indicator.WARNING
        assert "allergist" in rec.summary
        assert "XR10" in rec.detail

    def test_tolerated_aspirin_without_clopidogrel_is_not_stopped_either(self) -> None:
        """Aspirin taken now without a reaction to it is tolerated, cardiac or not."""
        p = _sm(
            medications=[med("aspirin", 325, frequency="daily")],
            reactions=[Reaction(agent="diclofenac", severity="flare")],
        )
        (rec,) = _codes(p, CAUTION)
        assert rec.indicator is Indicator.INFO
        assert "aspirin" in rec.summary.lower()
        (card,) = _codes(p, AVOID)
        assert "stop or replace" not in card.detail

    def test_aspirin_reacted_to_without_clopidogrel_is_still_an_avoid(self) -> None:
        """A recorded reaction to aspirin itself, no cardiac reading: avoid, as before."""
        p = _sm(
            medications=[med("aspirin", 81, frequency="daily")],
            reactions=[Reaction(agent="aspirin", severity="anaphylaxis")],
        )
        (rec,) = _codes(p, CAUTION)
        assert rec.indicator is Indicator.CRITICAL
        assert rec.summary.startswith("Avoid aspirin")


def _bleed_patient(value: float, unit: str, *meds: Any, **fields: Any) -> Patient:
    fields.setdefault("labs", [lab("platelets", value, unit, days_before(1))])
    return _sm(medications=list(meds) or [med("ibuprofen", 400, frequency="tid")], **fields)


#: (value, unit, expected warning) around the 50 x10^9/L bound, in four spellings (SR3).
PLATELET_ROWS = [
    (49, "10*9/L", True),
    (50, "10*9/L", False),
    (51, "10*9/L", False),
    (49_000, "/uL", True),
    (50_000, "/uL", False),
    (49.9, "K/uL", True),
    (50.1, "10*3/uL", False),
    (12, "10^9/L", True),
]


class TestNsaidBleedingWarning:
    """SR2, SR3: a warning naming the count below 50 x10^9/L (the CTCAE grade-3 bound)."""

    @pytest.mark.parametrize(("value", "unit", "fires"), PLATELET_ROWS)
    def test_threshold_in_several_units(self, value: float, unit: str, fires: bool) -> None:
        """Below 50 x10^9/L (in any unit) the warning fires; at or above it does not."""
        found = _codes(_bleed_patient(value, unit), BLEED)
        assert bool(found) is fires
        if fires:
            (rec,) = found
            assert rec.indicator is Indicator.WARNING
            assert "platelets" in rec.summary
            assert "x10^9/L" in rec.summary
            assert {"S240", "S53"} <= set(rec.sources)
            assert rec.findings[0].threshold == 50

    def test_names_the_count_and_its_grade(self) -> None:
        """The summary names the count and its CTCAE grade (32 x10^9/L is grade 3)."""
        (rec,) = _codes(_bleed_patient(32, "10*9/L"), BLEED)
        assert "platelets 32 x10^9/L" in rec.summary
        assert "grade 3" in rec.summary
        assert "SR3" in rec.detail

    def test_on_avapritinib_or_midostaurin(self) -> None:
        """With a KIT inhibitor on board the avapritinib and midostaurin bounds are named."""
        p = _bleed_patient(
            40,
            "10*9/L",
            med("naproxen", 250, frequency="bid"),
            med("avapritinib", 25, frequency="daily"),
        )
        (rec,) = _codes(p, BLEED)
        assert "avapritinib" in rec.detail
        assert {"S9", "S1"} <= set(rec.sources)

    def test_ketorolac_planned_for_surgery(self) -> None:
        """Ketorolac planned for an upcoming surgery: its label's bleeding contraindications (SR1)."""
        p = _sm(
            labs=[lab("platelets", 30, "10*9/L", days_before(1))],
            procedures=[
                Procedure(
                    kind="surgery",
                    date=(AT + timedelta(days=5)).date(),
                    planned_agents=("ketorolac",),
                )
            ],
        )
        (rec,) = _codes(p, BLEED)
        assert "SR1" in rec.detail
        assert "S241" in rec.sources
        assert "surgery" in rec.detail
        assert rec.findings[1].input == "procedures[0].planned_agents[0]"

    def test_one_card_per_drug_with_every_use(self) -> None:
        """Ibuprofen on the list and planned for a procedure: one warning, both uses found."""
        p = _bleed_patient(
            20,
            "10*9/L",
            med("ibuprofen", 400, frequency="tid"),
            procedures=[
                Procedure(
                    kind="dental",
                    date=(AT + timedelta(days=3)).date(),
                    planned_agents=("ibuprofen",),
                )
            ],
        )
        (rec,) = _codes(p, BLEED)
        inputs = {f.input for f in rec.findings}
        assert {"medications[0]", "procedures[0].planned_agents[0]"} <= inputs

    def test_cardiac_aspirin_is_not_simply_stopped(self) -> None:
        """Aspirin with clopidogrel and platelets 30: decide with cardiology (SR4)."""
        p = _bleed_patient(
            30, "10*9/L", med("aspirin", 81, frequency="daily"), med("clopidogrel", 75)
        )
        (rec,) = _codes(p, BLEED)
        assert "cardiology" in rec.summary
        assert "S242" in rec.sources

    def test_stale_count_still_warns_and_says_so(self) -> None:
        """A 20-day-old count of 30 still warns, asking for a recent count."""
        p = _bleed_patient(30, "10*9/L", labs=[lab("platelets", 30, "10*9/L", days_before(20))])
        (rec,) = _codes(p, BLEED)
        assert "20 days ago" in rec.detail

    def test_option_moves_or_removes_the_bound(self) -> None:
        """options.medication.nsaid_platelets_below: 75 warns at 60; None never warns."""
        p = _bleed_patient(60, "10*9/L")
        assert _codes(p, BLEED) == []
        higher = Options(medication=MedicationOptions(nsaid_platelets_below=75))
        assert len(_codes(p, BLEED, higher)) == 1
        off = Options(medication=MedicationOptions(nsaid_platelets_below=None))
        assert _codes(_bleed_patient(10, "10*9/L"), BLEED, off) == []

    def test_acetaminophen_alone_is_silent(self) -> None:
        """No NSAID or aspirin: no bleeding warning whatever the count."""
        p = _bleed_patient(10, "10*9/L", med("acetaminophen", 500, frequency="qid"))
        assert _codes(p, BLEED) == []
