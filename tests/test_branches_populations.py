"""Hand-written patients for the label checks by population and
the NSAID bleeding warning (issue 20 phase 2: rules.special_populations, rules.antiplatelet).

Each patient reaches a branch of those rules (a limit in days or years, an age or a birth
date, a combination product, a procedure's agent, each metamizole barrier, a derived ANC, a
cardiac aspirin, a KIT inhibitor on board), under several options and categories. Each
keeps the engine's promises (:func:`engine_properties.assert_sound`); their reports are golden
ones (``tests/golden/branches.jsonl.gz``, recorded while the differential harness required
them to be the oracle's).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from engine_properties import Run, assert_sound, runs
from mastcell import Options
from mastcell.knowledge.options import MedicationOptions, PerioperativeOptions
from mastcell.model import Age, Category, Procedure, Reaction, Weight
from mastcell.testing import AT, days_before, lab, med, patient


def _born(days: int) -> date:
    return (AT - timedelta(days=days)).date()


def _surgery(*agents: str, when: datetime | None = None) -> Procedure:
    start = AT + timedelta(days=3) if when is None else when
    return Procedure(kind="surgery", date=start.date(), planned_agents=agents)


CASES = {
    "codeine, child by birth date": patient(
        birth_date=date(2020, 1, 1), medications=[med("codeine"), med("Tylenol #3")]
    ),
    "codeine, child by age, planned for surgery": patient(
        age=Age(value=6, unit="year"), procedures=[_surgery("codeine", "Tylenol with codeine")]
    ),
    "codeine, 12th birthday": patient(birth_date=date(2014, 11, 22), medications=[med("codeine")]),
    "codeine, age unknown": patient(medications=[med("codeine", status="planned")]),
    "cyproheptadine, newborn by birth date": patient(
        birth_date=_born(20), medications=[med("cyproheptadine")]
    ),
    "cyproheptadine, newborn by age in days": patient(
        age=Age(value=27, unit="day"), medications=[med("Periactin")]
    ),
    "diphenhydramine, day 28": patient(
        birth_date=_born(28), medications=[med("diphenhydramine", status="planned")]
    ),
    "diphenhydramine, 18 months, for a procedure": patient(
        age=Age(value=18, unit="month"),
        procedures=[_surgery("diphenhydramine", "cetirizine")],
        weight=Weight(value=11, unit="kg"),
    ),
    "diphenhydramine, past procedure": patient(
        birth_date=_born(300),
        procedures=[_surgery("diphenhydramine", when=AT - timedelta(days=3))],
    ),
    "older adult, two sedating antihistamines": patient(
        birth_date=date(1950, 1, 1),
        medications=[med("hydroxyzine"), med("Benadryl", status="planned"), med("cetirizine")],
    ),
    "older adult by age, on the 65th year": patient(
        age=Age(value=65, unit="year"), medications=[med("hydroxyzine")]
    ),
    "64 years": patient(birth_date=date(1962, 11, 23), medications=[med("hydroxyzine")]),
    "lactating, codeine and ketorolac": patient(
        sex="female",
        lactating=True,
        medications=[med("codeine"), med("cyproheptadine", status="stopped")],
        procedures=[_surgery("ketorolac", "Toradol")],
    ),
    "lactating false": patient(sex="female", lactating=False, medications=[med("codeine")]),
    "pregnant, NSAIDs and aspirin doses": patient(
        sex="female",
        pregnant=True,
        medications=[
            med("aspirin", 81, frequency="daily"),
            med("aspirin", 325, frequency="daily", status="planned"),
            med("ibuprofen"),
            med("Advil", status="planned"),
            med("Excedrin"),
        ],
        procedures=[_surgery("ketorolac")],
    ),
    "pregnant, low-dose aspirin only": patient(
        sex="female", pregnant=True, medications=[med("aspirin", 81, frequency="daily")]
    ),
    "pregnant, aspirin without a dose": patient(
        sex="female", pregnant=True, medications=[med("aspirin")]
    ),
    "metamizole, every barrier, adult": patient(
        birth_date=date(1980, 1, 1),
        weight=Weight(value=4.5, unit="kg"),
        labs=[lab("anc", 0.4, "10*9/L")],
        reactions=[Reaction(agent="Advil (hives)", severity="flare")],
        medications=[med("metamizole"), med("Novalgin", status="planned")],
    ),
    "metamizole, derived ANC": patient(
        labs=[lab("wbc", 2.0, "10*9/L"), lab("neutrophils_pct", 30, "%")],
        medications=[med("metamizole")],
    ),
    "metamizole, ANC at the bound": patient(
        labs=[lab("anc", 1.0, "10*9/L")], medications=[med("metamizole")]
    ),
    "metamizole, infant with a weight": patient(
        birth_date=_born(40),
        weight=Weight(value=4, unit="kg"),
        procedures=[_surgery("metamizole")],
    ),
    "metamizole, infant by age with a weight": patient(
        age=Age(value=2, unit="month"),
        weight=Weight(value=6, unit="kg"),
        medications=[med("metamizole")],
    ),
    "metamizole, no barrier": patient(
        birth_date=date(1990, 1, 1),
        weight=Weight(value=70, unit="kg"),
        labs=[lab("anc", 2.5, "10*9/L")],
        reactions=[Reaction(agent="penicillin")],
        medications=[med("metamizole")],
    ),
    "NSAIDs with low platelets, cardiac aspirin, KIT inhibitor": patient(
        diagnoses=["asm"],
        labs=[lab("platelets", 30, "K/uL")],
        medications=[
            med("aspirin", 81, frequency="daily"),
            med("clopidogrel"),
            med("ibuprofen", status="planned"),
            med("midostaurin", status="held"),
            med("hydroxyurea"),
        ],
        reactions=[Reaction(agent="aspirin", severity="flare")],
        procedures=[_surgery("ketorolac"), Procedure(kind="dental", date=AT.date())],
    ),
    "aspirin for the heart by indication, stale count": patient(
        labs=[lab("platelets", 45, "K/uL", days_before(20))],
        medications=[med("aspirin", 81, frequency="daily", indication="cardiovascular")],
    ),
    "ketorolac planned for a procedure, platelets at the bound": patient(
        labs=[lab("platelets", 50, "K/uL")],
        procedures=[Procedure(kind="endoscopy", date=AT.date(), planned_agents=("ketorolac",))],
        medications=[med("naproxen")],
    ),
    "low platelets without an NSAID": patient(
        labs=[lab("platelets", 20, "K/uL")], medications=[med("cetirizine")]
    ),
    "NSAID, no platelet count": patient(medications=[med("ibuprofen")]),
    "Excedrin and Vicoprofen with low platelets": patient(
        labs=[lab("platelets", 10, "K/uL")],
        medications=[med("Excedrin"), med("Vicoprofen", status="planned"), med("aspirin")],
    ),
}

OPTIONS = {
    "default": None,
    "bounds moved": Options(
        medication=MedicationOptions(metamizole_anc_below=1.5, nsaid_platelets_below=60.0)
    ),
    "no platelet bound": Options(medication=MedicationOptions(nsaid_platelets_below=None)),
    "short horizon": Options(perioperative=PerioperativeOptions(horizon=timedelta(days=1))),
}


#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``; the
#: medication category alone too (the unused-input reasons come from the rules' reads).
RUNS = [
    *runs("populations", CASES, OPTIONS),
    *runs("populations, medication alone", CASES, categories={Category.MEDICATION}),
]


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
def test_case(run: Run) -> None:
    """Each case keeps the promises (its report is a golden one)."""
    assert_sound(run)
