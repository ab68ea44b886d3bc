"""Hand-written and drawn patients for the H1/H2 rules (issue 20: ``rules/antimediator.py`` and
``rules/antimediator_escalation.py``).

The golden patients reach few branches of ``antimediator.h1.increase`` (18 reports) and none
where the recorded reactions leave no H1 or H2 to propose; here the rules meet patients drawn
for them (the differential harness compared them with the oracle until it was removed):
second-generation H1s at and around 1x, 2x and the bounds (several agents, a missing dose), first-generation H1s, H2s, reactions to the drugs, their
groups and their class words, ages around 6 months, 2, 12, 18 and 65 years (and unknown),
given as a birth date or as an age, weights, urinary N-methylhistamine with and without the
laboratory's limit, and every option these rules read. Each keeps the engine's promises
(:func:`engine_properties.assert_sound`); the hand-written cases' reports are golden ones
(``tests/golden/branches.jsonl.gz``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_properties import Run, assert_sound, runs
from mastcell import Age, LabResult, Medication, Patient, Reaction
from mastcell.knowledge.antimediator import FamotidineDosing, FexofenadineBound
from mastcell.knowledge.options import AntimediatorOptions, Options
from mastcell.knowledge.paediatric import Jurisdiction
from mastcell.model import Weight
from mastcell.testing import AT, med, patient

#: The H1s and H2s these rules read (and a name they do not know).
H1S = ("cetirizine", "levocetirizine", "loratadine", "desloratadine", "fexofenadine", "bilastine")
OTHERS = ("diphenhydramine", "hydroxyzine", "famotidine", "nizatidine", "foo")
#: Reactions to a drug, its group or its class.
AGENTS = (
    "cetirizine",
    "zyrtec",
    "fexofenadine",
    "loratadine",
    "levocetirizine",
    "desloratadine",
    "famotidine",
    "nizatidine",
    "antihistamines",
    "h1 antihistamines",
    "h2 blockers",
    "unknown pill",
)
CONTROL = (None, "controlled", "partial", "inadequate", "refractory")
FREQUENCIES = (None, "daily", "bid", "tid", "prn")


@st.composite
def h1_patients(draw: st.DrawFn) -> Patient:
    """A mast cell disorder with H1/H2 lists, doses, reactions, ages and NMH results."""
    meds = [
        med(
            draw(st.sampled_from(H1S + OTHERS)),
            draw(st.sampled_from((None, 5, 10, 20, 40, 60, 180, 240, 360))),
            frequency=draw(st.sampled_from(FREQUENCIES)),
            status=draw(st.sampled_from(("active", "active", "planned", "held", "stopped"))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    reactions = [
        Reaction(agent=a) for a in draw(st.lists(st.sampled_from(AGENTS), max_size=3, unique=True))
    ]
    years = draw(
        st.sampled_from((None, 0.3, 0.5, 1.9, 2, 5.9, 6, 11.9, 12, 17.9, 18, 40, 64.9, 65, 80))
    )
    kwargs: dict[str, Any] = {}
    if years is not None:
        if draw(st.booleans()):
            kwargs["birth_date"] = (AT - timedelta(days=round(years * 365.25))).date()
        else:
            kwargs["age"] = Age(value=years, unit="a")
    if draw(st.booleans()):
        kwargs["weight"] = Weight(value=draw(st.sampled_from((8, 15, 30, 70))), unit="kg")
    labs = []
    if draw(st.booleans()):
        labs.append(
            LabResult(
                analyte="urine_nmh",
                value=draw(st.sampled_from((150, 250, 400, 600))),
                unit="ug/g creat",
                time=AT - timedelta(days=3),
                reference_high=draw(st.sampled_from((None, 200.0, 500.0))),
            )
        )
    return patient(
        diagnoses=[draw(st.sampled_from(("mcas", "ism", "hat")))],
        medications=meds,
        reactions=reactions,
        labs=labs,
        symptom_control=draw(st.sampled_from(CONTROL)),
        **kwargs,
    )


OPTIONS = st.sampled_from(
    [
        None,
        Options(antimediator=AntimediatorOptions(h1_max_multiple=3.0)),
        Options(antimediator=AntimediatorOptions(fexofenadine_bound=FexofenadineBound.CANADA)),
        Options(antimediator=AntimediatorOptions(fexofenadine_bound=FexofenadineBound.SEED)),
        Options(antimediator=AntimediatorOptions(dose_jurisdiction=Jurisdiction.UK_EU)),
        Options(antimediator=AntimediatorOptions(famotidine_dosing=FamotidineDosing.LABEL_TRIALS)),
    ]
)


class TestGeneratedPatients:
    """Patients drawn for the H1/H2 rules keep the promises."""

    @settings(max_examples=150, deadline=None)
    @given(p=h1_patients(), options=OPTIONS)
    def test_sound(self, p: Patient, options: Options | None) -> None:
        """Under each option."""
        assert_sound(Run("h1", p, AT, options))


def _h1(drug: str, mg: float, frequency: str = "daily") -> Medication:
    return med(drug, mg, frequency=frequency)


CASES = {
    "no H1 left (class word)": patient(
        diagnoses=["ism"], reactions=[Reaction(agent="antihistamines")], symptom_control="partial"
    ),
    "no H2 left": patient(
        diagnoses=["mcas"],
        reactions=[Reaction(agent="famotidine"), Reaction(agent="nizatidine")],
        labs=[LabResult(analyte="urine_nmh", value=250, unit="ug/g creat", time=AT)],
    ),
    "nizatidine after famotidine": patient(
        diagnoses=["mcas"], reactions=[Reaction(agent="famotidine")], age=Age(value=9, unit="a")
    ),
    "above the bound": patient(diagnoses=["ism"], medications=[_h1("cetirizine", 50)]),
    "two agents": patient(
        diagnoses=["ism"],
        medications=[_h1("cetirizine", 10), _h1("loratadine", 10)],
        symptom_control="inadequate",
        birth_date=date(1980, 1, 1),
    ),
    "dose unknown": patient(
        diagnoses=["ism"], medications=[med("fexofenadine")], symptom_control="refractory"
    ),
    "child": patient(
        diagnoses=["mcas"],
        medications=[_h1("cetirizine", 5)],
        symptom_control="partial",
        birth_date=date(2020, 3, 1),
        weight=Weight(value=20, unit="kg"),
    ),
    "older adult": patient(
        diagnoses=["mcas"],
        medications=[_h1("cetirizine", 10)],
        symptom_control="partial",
        age=Age(value=70, unit="a"),
    ),
    "infant": patient(diagnoses=["mcas"], birth_date=date(2026, 9, 1), symptom_control="partial"),
}


#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``.
RUNS = runs("h1 h2", CASES)


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
def test_case(run: Run) -> None:
    """Each branch the golden patients miss keeps the promises (its report is a golden one)."""
    assert_sound(run)
