"""Physical triggers by whole phrase, bounded agents on the trigger card, NKDA with anaphylaxis.

Facts: the 2.7 "physical / other" row (S34, S45, S43) names heat, cold, temperature change,
friction, stress, alcohol and insect venom; a reaction's agent is one of them only when the
whole agent (less filler words) is one of their phrases. "No known drug allergies" (S186) with
the severity anaphylaxis is contradictory: the anaphylaxis is kept (emergency readiness: E
facts, S44; O12, S36; EI2, S141) and the wording says so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mastcell import Indicator, Patient, evaluate
from mastcell.guard import NONE_KNOWN_ANAPHYLAXIS
from mastcell.knowledge.drugs import Match
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.knowledge.triggers import FILLER_WORDS, physical_trigger
from mastcell.model import Procedure, Reaction
from mastcell.testing import AT, med, patient


class TestWholePhrase:
    @pytest.mark.parametrize(
        ("agent", "trigger"),
        [
            ("cold", "cold"),
            ("Cold water", "cold"),
            ("allergy to cold", "cold"),
            ("cold - hives", "cold"),
            ("heat", "heat"),
            ("hot showers", "heat"),
            ("bee sting", "insect venom"),
            ("Wasp stings", "insect venom"),
            ("red wine", "alcohol"),
            ("sudden temperature change", "sudden temperature change"),
            ("cold medicine", None),  # a product, not the trigger "cold"
            ("cold and flu tablets", None),
            ("ice cream", None),
            ("heat patch lidocaine", None),
            ("hot sauce", None),
            ("bee pollen", None),
        ],
    )
    def test_trigger_only_as_the_whole_agent(self, agent: str, trigger: str | None) -> None:
        """A word of a longer agent never makes it a trigger; a listed phrase does."""
        found = physical_trigger(agent)
        assert (None if found is None else found.name) == trigger

    def test_cold_medicine_is_unresolved_and_makes_proposals_a_decision(self) -> None:
        """'cold medicine' is an unread agent: every proposal becomes a clinician decision."""
        assert resolve_reaction("cold medicine").how is Match.UNRESOLVED
        p = patient(diagnoses=["mcas"], reactions=[Reaction(agent="cold medicine")])
        (h1,) = evaluate(p, at=AT).get("antimediator.h1.start")
        assert "Clinician decision before giving cetirizine" in h1.detail

    def test_filler_words_name_no_agent(self) -> None:
        """No filler word is a drug, a product or a dose form word."""
        assert not {"medicine", "medication", "tablet", "tablets", "drug"} & FILLER_WORDS


class TestBoundedTriggerCard:
    def test_long_agent_is_cut(self) -> None:
        """A 100,000-character agent appears cut to 60 characters with its length."""
        agent = "z" * 100_000
        p = patient(diagnoses=["mcas"], reactions=[Reaction(agent=agent)])
        (card,) = evaluate(p, at=AT).get("emergency.triggers.avoid")
        assert len(card.detail) < 5_000
        assert "(100000 characters)" in card.detail
        assert all(len(f.text or "") < 200 for f in card.findings)

    def test_short_agent_is_quoted_whole(self) -> None:
        """An ordinary agent is shown as written."""
        p = patient(diagnoses=["mcas"], reactions=[Reaction(agent="mystery pill")])
        (card,) = evaluate(p, at=AT).get("emergency.triggers.avoid")
        assert "mystery pill" in card.detail


class TestNoneKnownWithAnaphylaxis:
    """NKDA recorded with the severity anaphylaxis: kept as a prior anaphylaxis, said so."""

    def _patient(self, **fields: Any) -> Patient:
        return patient(
            diagnoses=["mcas"],
            reactions=[Reaction(agent="NKDA", severity="anaphylaxis")],
            **fields,
        )

    def test_epinephrine_card_keeps_it_and_says_why(self) -> None:
        """No injector and 'NKDA: anaphylaxis': critical, the finding and detail say which
        reading was used and why."""
        report = evaluate(self._patient(), at=AT)
        (card,) = report.get("emergency.epinephrine.prescribe")
        assert card.indicator is Indicator.CRITICAL
        (finding,) = [f for f in card.findings if f.input == "reactions[0]"]
        assert finding.note == NONE_KNOWN_ANAPHYLAXIS
        assert "the safer reading" in card.detail
        assert "check the record" in card.detail

    def test_review_card_names_the_reading(self) -> None:
        """The review card flags the contradiction and says the anaphylaxis is kept."""
        (card,) = evaluate(self._patient(), at=AT).get("medication.reaction.review")
        assert card.indicator is Indicator.WARNING
        assert "kept as a prior anaphylaxis for emergency readiness" in card.detail

    def test_procedure_readiness_counts_it(self) -> None:
        """A planned surgery: 'prior anaphylaxis' is a risk factor, with the same note (O12)."""
        p = self._patient(procedures=[Procedure(kind="surgery", date=date(2026, 12, 3))])
        (card,) = evaluate(p, at=AT).get("perioperative.emergency_readiness")
        assert "prior anaphylaxis" in card.detail
        assert any(f.note == NONE_KNOWN_ANAPHYLAXIS for f in card.findings)

    def test_beta_blocker_card_counts_it(self) -> None:
        """Beta-blocker without a mast cell disorder: the NKDA anaphylaxis still fires EI2."""
        p = patient(
            medications=[med("metoprolol")],
            reactions=[Reaction(agent="no known drug allergies", severity="anaphylaxis")],
        )
        (card,) = evaluate(p, at=AT).get("interaction.anaphylaxis.beta_blocker")
        assert "prior anaphylaxis" in card.summary
        assert any(f.note == NONE_KNOWN_ANAPHYLAXIS for f in card.findings)

    def test_an_ordinary_anaphylaxis_has_no_note(self) -> None:
        """A real agent's anaphylaxis carries no contradiction note."""
        p = patient(
            diagnoses=["mcas"], reactions=[Reaction(agent="penicillin", severity="anaphylaxis")]
        )
        (card,) = evaluate(p, at=AT).get("emergency.epinephrine.prescribe")
        assert all(f.note != NONE_KNOWN_ANAPHYLAXIS for f in card.findings)
        assert "the safer reading" not in card.detail
