"""Clinical defects kept while the old engine was the oracle, fixed and pinned (round 25).

Each class is one defect: the table it was found with and the rows around it, citing the
facts involved (S..., XR... in the clinical reference).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.model import Medication, Reaction
from mastcell.testing import AT, med, patient


def report_of(p: Patient) -> list[Recommendation]:
    return list(evaluate(p, at=AT))


def the(p: Patient, code: str) -> Recommendation:
    found = [r for r in report_of(p) if r.code == code]
    assert len(found) == 1, [(r.code, r.summary) for r in report_of(p)]
    return found[0]


# -- 1. two aspirins on the list: the verdict does not depend on the order ---------------------

TAKEN = med("aspirin", 81, frequency="daily")
PLANNED = med("aspirin", 325, frequency="daily", status="planned")
NSAID = "analgesia.nsaid.caution"


class TestAspirinOrder:
    """A taken and a planned aspirin after a reaction to ibuprofen: the planned one's avoid holds.

    Aspirin taken now with no reaction to aspirin itself is tolerated (S32, A14; XR10 and S140
    for the cross-reactive phenotypes); a planned aspirin is not yet tolerated, and a prior
    reaction to an NSAID makes it an avoid (S33, S35, S39). Before the fix the last aspirin on
    the list decided for both.
    """

    @pytest.mark.parametrize(
        ("meds", "severity", "indicator", "avoid"),
        [
            # taken and planned, in both orders: the planned one's avoid, critical for anaphylaxis
            ((TAKEN, PLANNED), "anaphylaxis", Indicator.CRITICAL, True),
            ((PLANNED, TAKEN), "anaphylaxis", Indicator.CRITICAL, True),
            ((TAKEN, PLANNED), "flare", Indicator.WARNING, True),
            ((PLANNED, TAKEN), "flare", Indicator.WARNING, True),
            # one aspirin alone: taken is tolerated (information), planned is an avoid
            ((TAKEN,), "anaphylaxis", Indicator.INFO, False),
            ((PLANNED,), "anaphylaxis", Indicator.CRITICAL, True),
            ((TAKEN, TAKEN), "anaphylaxis", Indicator.INFO, False),
        ],
    )
    def test_verdict(
        self, meds: tuple[Medication, ...], severity: str, indicator: Indicator, avoid: bool
    ) -> None:
        """The NSAID verdict on aspirin is the most cautious of its entries, in any order."""
        p = patient(
            diagnoses=["ism"],
            medications=list(meds),
            reactions=[Reaction(agent="ibuprofen", severity=severity)],
        )
        rec = the(p, NSAID)
        assert rec.indicator is indicator
        assert rec.summary.startswith("Avoid aspirin") is avoid, rec.summary
        # acetaminophen is offered instead exactly when aspirin is an avoid
        assert (rec.medication is not None and rec.medication.drug == "acetaminophen") is avoid

    @given(
        st.permutations(
            [
                TAKEN,
                PLANNED,
                med("cetirizine", 10, frequency="daily"),
                med("clopidogrel", 75, frequency="daily"),
                med("naproxen", 250, frequency="bid", status="planned"),
            ]
        ),
        st.sampled_from(["anaphylaxis", "flare", None]),
    )
    def test_permutations(self, meds: list[Medication], severity: str | None) -> None:
        """Permuting the medication list never changes the codes and indicators of the report."""
        reactions = [Reaction(agent="ibuprofen", severity=severity)]
        first = Counter(
            (r.code, r.indicator)
            for r in report_of(patient(diagnoses=["ism"], medications=meds, reactions=reactions))
        )
        reference = [TAKEN, PLANNED, *[m for m in meds if m.drug != "aspirin"]]
        second = Counter(
            (r.code, r.indicator)
            for r in report_of(
                patient(diagnoses=["ism"], medications=reference, reactions=reactions)
            )
        )
        assert first == second
