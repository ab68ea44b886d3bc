"""The guard checks scheduled doses as it checks a recommendation's own drug (addendum 7).

A recommendation's ``schedule`` proposes drugs too (a premedication protocol, a restart after a
hold). The guard withdraws every scheduled dose of a drug the patient reacted to, or that
cross-reacts with one, keeps advice that is not a proposal (hold, stop) and never withdraws
epinephrine (EI1, S141). Found by the mutation check (issue 21): without these tests the
schedule could go unchecked and no test would fail.
"""

from __future__ import annotations

import pytest

from mastcell import Reaction, evaluate
from mastcell.guard import guard
from mastcell.model import DoseAdvice, DoseAmount, Recommendation
from mastcell.testing import AT, lab, med, patient


def _rec(*drugs: str, timing: str | None = None) -> Recommendation:
    return Recommendation(
        code="perioperative.premedication",
        indicator="warning",
        summary="Premedicate before the procedure",
        detail="Protocol (S35).",
        schedule=tuple(
            DoseAdvice(drug=d, dose=DoseAmount(value=10, unit="mg"), timing=timing) for d in drugs
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
        (out,) = guard([_rec(withdrawn, "prednisone")], p)
        assert [s.drug for s in out.schedule] == ["prednisone"]
        assert f"{withdrawn} not proposed" in out.summary
        assert any(f.input == "reactions[0]" for f in out.findings)

    def test_epinephrine_kept(self) -> None:
        """Epinephrine stays scheduled after a recorded reaction to it (EI1, S141)."""
        p = patient(reactions=[Reaction(agent="epinephrine", severity="mild")])
        (out,) = guard([_rec("epinephrine")], p)
        assert [s.drug for s in out.schedule] == ["epinephrine"]

    def test_hold_is_not_a_proposal(self) -> None:
        """A scheduled hold of the reacted drug is advice about it, not a proposal: kept."""
        p = patient(reactions=[Reaction(agent="montelukast", severity="flare")])
        (out,) = guard([_rec("montelukast", timing="hold until recovery")], p)
        assert [s.drug for s in out.schedule] == ["montelukast"]

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
