"""The guard checks scheduled doses as it checks a recommendation's own drug (addendum 7).

A decision's ``schedule`` proposes drugs too (a premedication protocol, a restart after a
hold). The guard withdraws every scheduled dose of a drug the patient reacted to, or that
cross-reacts with one, keeps advice that is not a proposal (hold, stop) and never withdraws
epinephrine (EI1, S141). Found by the mutation check (issue 21): without these tests the
schedule could go unchecked and no test would fail.
"""

from __future__ import annotations

import pytest

from mastcell import Reaction, evaluate
from mastcell.decision import Action, Decision, Dose
from mastcell.guard import guard_decisions, guard_text
from mastcell.model import DoseAdvice, DoseAmount, Indicator
from mastcell.testing import AT, lab, med, patient


def _decision(*drugs: str, action: Action = Action.START) -> Decision:
    return Decision(
        code="perioperative.premedication",
        indicator=Indicator.WARNING,
        action=Action.START,
        schedule=tuple(
            Dose(action, DoseAdvice(drug=d, dose=DoseAmount(value=10, unit="mg"))) for d in drugs
        ),
    )


class TestScheduleGuard:
    """Scheduled doses pass through the same check as the recommendation's drug."""

    @pytest.mark.parametrize(
        ("reacted", "withdrawn"),
        [
            pytest.param("montelukast", "montelukast", id="same-drug"),
            pytest.param("ibuprofen", "aspirin", id="XR10-cross-reactive"),
            pytest.param("morphine", "buprenorphine", id="XR8-phenanthrene"),
        ],
    )
    def test_withdrawn(self, reacted: str, withdrawn: str) -> None:
        """The reacted (or cross-reactive) drug leaves the schedule; the others stay."""
        p = patient(reactions=[Reaction(agent=reacted, severity="flare")])
        (out,) = guard_decisions([_decision(withdrawn, "prednisone")], p)
        assert [s.advice.drug for s in out.schedule] == ["prednisone"]
        assert out.guard is not None
        summary, _ = guard_text(out.guard, "Premedicate before the procedure", "Protocol (S35).")
        assert f"{withdrawn} not proposed" in summary
        assert any(f.input == "reactions[0]" for f in out.findings)

    def test_epinephrine_kept(self) -> None:
        """Epinephrine stays scheduled after a recorded reaction to it (EI1, S141)."""
        p = patient(reactions=[Reaction(agent="epinephrine", severity="mild")])
        (out,) = guard_decisions([_decision("epinephrine")], p)
        assert [s.advice.drug for s in out.schedule] == ["epinephrine"]

    def test_hold_is_not_a_proposal(self) -> None:
        """A scheduled hold of the reacted drug is advice about it, not a proposal: kept."""
        p = patient(reactions=[Reaction(agent="montelukast", severity="flare")])
        (out,) = guard_decisions([_decision("montelukast", action=Action.HOLD)], p)
        assert [s.advice.drug for s in out.schedule] == ["montelukast"]

    def test_midostaurin_restart_withdrawn(self) -> None:
        """Interrupting midostaurin after a reaction to it: the hold stands, no restart is
        scheduled (the restart doses would propose the drug again)."""
        p = patient(
            diagnoses=["asm"],
            labs=[
                lab("anc", 0.8, "10*9/L"),
                lab("platelets", 200, "10*9/L"),
                lab("hemoglobin", 12, "g/dL"),
            ],
            medications=[med("midostaurin", 100, frequency="bid")],
            reactions=[Reaction(agent="midostaurin", severity="flare")],
        )
        (rec,) = evaluate(p, at=AT, categories=["cytopenia"]).get("cytopenia.midostaurin.interrupt")
        assert rec.medication is not None
        assert rec.medication.drug == "midostaurin"
        assert rec.schedule == ()
        assert "midostaurin not proposed" in rec.summary
