"""Hand-written and drawn patients for the anti-mediator add-ons and aspirin rules (issue 20).

``rules/antimediator_addons.py`` (cromolyn, leukotriene modifiers, omalizumab, corticosteroids)
and ``rules/antimediator_aspirin.py`` (aspirin avoid / consider) were converted. The golden
patients reach few of their branches (no raised PGF2alpha with a stale count, no reaction to
every leukotriene modifier...), so here the rules meet patients drawn for them (the
differential harness compared them with the oracle until it was removed): symptom control, the anti-mediator drugs in every status, reactions to the drugs
these rules propose or avoid (by name, brand and class word), urinary LTE4 and PGF2alpha
around their limits (with and without the laboratory's limit), platelet counts around the
floor, fresh and stale, ages around 2, 12, 13 and 18 years (as an age or a birth date),
weights around cromolyn's 40 mg/kg/day, and the options these rules read. Each keeps the
engine's promises (:func:`engine_properties.assert_sound`); the hand-written branches' reports
are golden ones (``tests/golden/branches.jsonl.gz``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_properties import Run, assert_sound, runs
from mastcell import Age, Patient, Reaction, evaluate
from mastcell.knowledge.options import AntimediatorOptions, CytopeniaOptions, Options
from mastcell.knowledge.paediatric import Jurisdiction
from mastcell.model import Category, Indication
from mastcell.testing import AT, lab, med, patient

DRUGS = (
    "cetirizine",
    "diphenhydramine",
    "famotidine",
    "cromolyn",
    "gastrocrom",
    "montelukast",
    "singulair",
    "zileuton",
    "zafirlukast",
    "omalizumab",
    "prednisone",
    "aspirin",
    "excedrin",
    "ibuprofen",
    "advil",
    "clopidogrel",
    "imatinib",
    "hydroxyurea",
)
STATUSES = ("active", "active", "held", "stopped", "planned")
REACTIONS = (
    "montelukast",
    "singulair",
    "zileuton",
    "zafirlukast",
    "aspirin",
    "ibuprofen",
    "NSAIDs",
    "acetaminophen",
    "omalizumab",
    "xq",
)
SEVERITIES = (None, "flare", "anaphylaxis")
AGES = (None, 1, 1.9, 2, 5, 11.9, 12, 13, 14.9, 15, 17.9, 18, 40, 70)
WEIGHTS = (None, 5, 10, 19.9, 20, 70)
DIAGNOSES = ("ism", "sm", "asm", "mcas", "cm", "hat")
CONTROL = (None, "controlled", "partial", "inadequate", "refractory")
LTE4 = (None, 50, 104, 104.5, 300)
PGF2A = (None, 1000, 1802, 1803, 5000)
PLATELETS = (None, 30, 49.9, 50, 74, 75, 200)


@st.composite
def addon_patients(draw: st.DrawFn) -> Patient:
    """A patient for these rules: drugs, reactions, mediators, platelets, age, weight."""
    age = draw(st.sampled_from(AGES))
    born = draw(st.booleans())
    meds = []
    for drug in draw(st.lists(st.sampled_from(DRUGS), max_size=4)):
        cardio = drug == "aspirin" and draw(st.booleans())
        meds.append(
            med(
                drug,
                status=draw(st.sampled_from(STATUSES)),
                indication=Indication.CARDIOVASCULAR if cardio else None,
            )
        )
    labs = []
    for analyte, values, unit in (
        ("urine_lte4", LTE4, "pg/mg{creat}"),
        ("urine_pgf2a", PGF2A, "pg/mg{creat}"),
    ):
        value = draw(st.sampled_from(values))
        if value is not None:
            high = draw(st.sampled_from((None, None, 100.0, 2000.0)))
            labs.append(lab(analyte, value, unit, reference_high=high))
    platelets = draw(st.sampled_from(PLATELETS))
    if platelets is not None:
        days = draw(st.sampled_from((1, 14, 15, 60)))
        labs.append(lab("platelets", platelets, "K/uL", AT - timedelta(days=days)))
    kwargs: dict[str, Any] = {}
    if age is not None:
        if born:
            kwargs["birth_date"] = date(2026, 11, 22) - timedelta(days=round(age * 365.25))
        else:
            kwargs["age"] = Age(value=age, unit="year")
    control = draw(st.sampled_from(CONTROL))
    return patient(
        weight_kg=draw(st.sampled_from(WEIGHTS)),
        diagnoses=draw(st.lists(st.sampled_from(DIAGNOSES), min_size=1, max_size=2)),
        symptom_control=control,
        medications=meds,
        labs=labs,
        reactions=[
            Reaction(agent=a, severity=draw(st.sampled_from(SEVERITIES)))
            for a in draw(st.lists(st.sampled_from(REACTIONS), max_size=3))
        ],
        **kwargs,
    )


OPTIONS = st.one_of(
    st.none(),
    st.builds(
        lambda lte4, pgf2a, floor, jurisdiction, max_age: Options(
            antimediator=AntimediatorOptions(
                leukotriene_if_lte4_elevated=lte4,
                aspirin_if_pgf2a_elevated=pgf2a,
                aspirin_min_platelets=floor,
                dose_jurisdiction=jurisdiction,
            ),
            cytopenia=CytopeniaOptions(count_max_age=max_age),
        ),
        st.booleans(),
        st.booleans(),
        st.sampled_from((None, 50.0, 100.0)),
        st.sampled_from(list(Jurisdiction)),
        st.sampled_from((timedelta(days=3), timedelta(days=14), timedelta(days=90))),
    ),
)


class TestGeneratedPatients:
    """Drawn patients, every option these rules read: the promises hold."""

    @settings(max_examples=400, deadline=None)
    @given(p=addon_patients(), options=OPTIONS)
    def test_sound(self, p: Patient, options: Options | None) -> None:
        """Every category."""
        assert_sound(Run("add-ons", p, AT, options))

    @settings(max_examples=100, deadline=None)
    @given(p=addon_patients(), options=OPTIONS)
    def test_antimediator_category(self, p: Patient, options: Options | None) -> None:
        """Evaluated for the anti-mediator category alone (reviewed and unused inputs differ)."""
        assert_sound(Run("add-ons", p, AT, options, frozenset({Category.ANTIMEDIATOR})))


def _sm(**kwargs: Any) -> Patient:
    return patient(age=Age(value=40, unit="year"), diagnoses=["ism"], **kwargs)


_ELEVATED_PGF2A = lab("urine_pgf2a", 5000, "pg/mg{creat}")
_ELEVATED_LTE4 = lab("urine_lte4", 300, "pg/mg{creat}")
_FRESH_PLATELETS = lab("platelets", 200, "K/uL")
_H1_H2 = [med("cetirizine"), med("famotidine")]

#: One patient per branch of the converted rules, each named for the branch it reaches.
BRANCHES = {
    "cromolyn adult": _sm(symptom_control="partial"),
    "cromolyn child over the mg/kg cap": patient(
        age=Age(value=5, unit="year"), weight_kg=5, diagnoses=["mcas"], symptom_control="partial"
    ),
    "cromolyn under two": patient(
        age=Age(value=1, unit="year"), diagnoses=["cm"], symptom_control="inadequate"
    ),
    "cromolyn age unknown": patient(diagnoses=["mcas"], symptom_control="partial"),
    "leukotriene on H1 + H2": _sm(symptom_control="refractory", medications=_H1_H2),
    "leukotriene for LTE4, montelukast ruled out": _sm(
        labs=[_ELEVATED_LTE4], reactions=[Reaction(agent="singulair", severity="anaphylaxis")]
    ),
    "leukotriene, every drug ruled out": _sm(
        labs=[_ELEVATED_LTE4],
        reactions=[Reaction(agent=a) for a in ("montelukast", "zileuton", "zafirlukast")],
    ),
    "leukotriene, child without weight": patient(
        age=Age(value=3, unit="year"), diagnoses=["cm"], labs=[_ELEVATED_LTE4]
    ),
    "leukotriene, LTE4 age-banded limit, age unknown": patient(
        diagnoses=["mcas"], labs=[_ELEVATED_LTE4]
    ),
    "omalizumab refractory": _sm(symptom_control="refractory", medications=_H1_H2),
    "omalizumab inadequate with cromolyn, child": patient(
        age=Age(value=8, unit="year"),
        diagnoses=["mcas"],
        symptom_control="inadequate",
        medications=[*_H1_H2, med("cromolyn")],
    ),
    "corticosteroid refractory": _sm(symptom_control="refractory"),
    "aspirin avoid, NSAID anaphylaxis, ibuprofen taken": _sm(
        reactions=[Reaction(agent="ibuprofen", severity="anaphylaxis")],
        medications=[med("advil"), med("aspirin")],
    ),
    "aspirin avoid, cardiac aspirin": _sm(
        reactions=[Reaction(agent="aspirin", severity="anaphylaxis")],
        medications=[med("aspirin"), med("clopidogrel")],
    ),
    "aspirin consider, adult with SM": _sm(labs=[_ELEVATED_PGF2A, _FRESH_PLATELETS]),
    "aspirin consider, bleeding risk": _sm(
        labs=[_ELEVATED_PGF2A, lab("platelets", 40, "K/uL")], medications=[med("ibuprofen")]
    ),
    "aspirin consider, stale count, child, KIT inhibitor": patient(
        age=Age(value=14, unit="year"),
        diagnoses=["mcas"],
        labs=[_ELEVATED_PGF2A, lab("platelets", 60, "K/uL", AT - timedelta(days=30))],
        medications=[med("imatinib", status="held")],
    ),
    "aspirin consider, low count above the floor": _sm(
        labs=[_ELEVATED_PGF2A, lab("platelets", 60, "K/uL")]
    ),
    "aspirin consider, no count, age unknown": patient(diagnoses=["ism"], labs=[_ELEVATED_PGF2A]),
}


#: The code each branch's name starts with (its rule fires there).
_CODES = {
    "cromolyn": "antimediator.cromolyn.consider",
    "leukotriene": "antimediator.leukotriene.add",
    "omalizumab": "antimediator.omalizumab.consider",
    "corticosteroid": "antimediator.corticosteroid.consider",
    "aspirin avoid": "antimediator.aspirin.avoid",
    "aspirin consider": "antimediator.aspirin.consider",
}


#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``.
RUNS = runs("add-ons", BRANCHES)


class TestBranches:
    """Each branch of the converted rules keeps the promises (and fires)."""

    @pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
    def test_branch(self, run: Run) -> None:
        """Default options; the branch's rule fires (its report is a golden one)."""
        assert_sound(run)
        name = run.key.split("/")[1]
        code = next(c for prefix, c in _CODES.items() if name.startswith(prefix))
        assert code in {r.code for r in evaluate(run.patient, at=AT).recommendations}
