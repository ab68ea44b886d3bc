"""Hand-written and drawn patients for the medication checks (issue 20: ``rules/medication.py`` converted).

The golden patients reach few of these rules' branches (no H1 above its label, no mg/kg cap,
no avapritinib, no moiety pair...), so here the checks meet patients drawn for them (the
differential harness compared them with the oracle until it was removed): medication lists from the drugs the checks know (their brands, combination
products, misspelt names, epinephrine devices, a withdrawn drug), doses at and around the
maxima in several units, every frequency, route and status, ages around 12 and 18 years,
weights around the device bands, the SM diagnoses that set the avapritinib indication,
reactions (read, unread and to epinephrine), and every option these checks read. Each keeps
the engine's promises (:func:`engine_properties.assert_sound`); the hand-written branches'
reports are golden ones (``tests/golden/branches.jsonl.gz``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_properties import Run, assert_sound, runs
from mastcell import Age, Medication, Patient, Reaction
from mastcell.knowledge.antimediator import FexofenadineBound
from mastcell.knowledge.emergency import EpinephrineSwitch
from mastcell.knowledge.maxima import CONFLICT_IDS
from mastcell.knowledge.options import (
    AntimediatorOptions,
    EmergencyOptions,
    MedicationOptions,
    Options,
)
from mastcell.model import Category
from mastcell.testing import AT, med, patient

#: Names the medication checks know, their brands and products, and names they do not.
DRUGS = (
    "cetirizine",
    "zyrtec",
    "zyrtec-d",
    "levocetirizine",
    "xyzal",
    "loratadine",
    "claritin",
    "desloratadine",
    "fexofenadine",
    "allegra",
    "diphenhydramine",
    "benadryl",
    "tylenol pm",
    "hydroxyzine",
    "chlorpheniramine",
    "doxylamine",
    "cyproheptadine",
    "famotidine",
    "cimetidine",
    "nizatidine",
    "ranitidine",
    "zantac",
    "montelukast",
    "zafirlukast",
    "zileuton",
    "cromolyn",
    "gastrocrom",
    "avapritinib",
    "ayvakit",
    "epinephrine",
    "epipen",
    "epipen jr",
    "auvi-q",
    "acetaminophen",
    "percocet",
    "tylenol",
    "cetirizin",
    "famotidne",
    "xq",
)
DOSES = (0.1, 0.15, 0.3, 0.5, 1, 2, 4, 5, 10, 20, 25, 30, 40, 50, 60, 100, 180, 200, 240, 400)
FREQUENCIES = (None, "once", "daily", "bid", "tid", "qid", "q4h", "q6h", "weekly", "prn")
ROUTES = (None, "oral", "iv", "im", "sc", "topical", "inhaled")
STATUSES = ("active", "active", "active", "held", "stopped", "planned")
AGES = (None, 0.5, 2, 5.9, 6, 8, 11.9, 12, 13, 17.9, 18, 40, 70)
WEIGHTS = (None, 5, 7.5, 10, 14.9, 15, 20, 24.9, 25, 29.9, 30, 60, 90)
DIAGNOSES = ("ism", "asm", "sm", "ssm", "bmm", "mcas", "sm-ahn", "cm")


@st.composite
def medications(draw: st.DrawFn) -> Medication:
    """One medication: a known or unknown name, a dose (or none) in mg, mcg or g."""
    dose = draw(st.one_of(st.none(), st.sampled_from(DOSES)))
    unit = draw(st.sampled_from(("mg", "mg", "mg", "mcg", "g", "IU")))
    if dose is not None and unit == "mcg":
        dose = dose * 1000
    if dose is not None and unit == "g":
        dose = dose / 1000
    return med(
        draw(st.sampled_from(DRUGS)),
        dose,
        unit,
        frequency=draw(st.sampled_from(FREQUENCIES)),
        route=draw(st.sampled_from(ROUTES)),
        status=draw(st.sampled_from(STATUSES)),
    )


@st.composite
def medication_patients(draw: st.DrawFn) -> Patient:
    """A patient for the medication checks: list, age, weight, diagnoses, reactions."""
    age = draw(st.sampled_from(AGES))
    reactions = draw(
        st.lists(st.sampled_from(("epinephrine", "cetirizine", "xq", "ranitidine")), max_size=2)
    )
    return patient(
        age=None if age is None else Age(value=age, unit="year"),
        weight_kg=draw(st.sampled_from(WEIGHTS)),
        diagnoses=draw(st.lists(st.sampled_from(DIAGNOSES), max_size=2)),
        medications=draw(st.lists(medications(), min_size=1, max_size=5)),
        reactions=[Reaction(agent=a, severity="flare") for a in reactions],
    )


OPTIONS = st.one_of(
    st.none(),
    st.builds(
        lambda accept, multiple, bound, switch: Options(
            medication=MedicationOptions(accept_higher_maximum=accept),
            antimediator=AntimediatorOptions(h1_max_multiple=multiple, fexofenadine_bound=bound),
            emergency=EmergencyOptions(epinephrine_switch=switch),
        ),
        st.frozensets(st.sampled_from(sorted(CONFLICT_IDS))),
        st.sampled_from((None, 1.5, 2.0, 4.0)),
        st.sampled_from(list(FexofenadineBound)),
        st.sampled_from(list(EpinephrineSwitch)),
    ),
)


class TestGeneratedMedicationLists:
    """Drawn medication lists, every option these checks read: the promises hold."""

    @settings(max_examples=400, deadline=None)
    @given(p=medication_patients(), options=OPTIONS)
    def test_sound(self, p: Patient, options: Options | None) -> None:
        """Every category."""
        assert_sound(Run("medication", p, AT, options))

    @settings(max_examples=100, deadline=None)
    @given(p=medication_patients(), options=OPTIONS)
    def test_medication_and_emergency_categories(self, p: Patient, options: Options | None) -> None:
        """Evaluated for the two categories alone (reviewed and unused inputs differ then)."""
        chosen = frozenset({Category.MEDICATION, Category.EMERGENCY})
        assert_sound(Run("medication", p, AT, options, chosen))


def _adult(*meds: Medication, **kwargs: Any) -> Patient:
    return patient(age=Age(value=40, unit="year"), medications=list(meds), **kwargs)


#: One patient per branch of the converted rules, each named for the branch it reaches.
BRANCHES = {
    "avapritinib ISM above 25": _adult(
        med("avapritinib", 50, frequency="daily"), diagnoses=["ism"]
    ),
    "avapritinib AdvSM above 200": _adult(
        med("ayvakit", 300, frequency="daily"), diagnoses=["asm"]
    ),
    "avapritinib unclear 25-200": _adult(med("avapritinib", 100, frequency="daily")),
    "avapritinib unclear above 200": _adult(
        med("avapritinib", 300, frequency="daily"), diagnoses=["ism", "asm"]
    ),
    "avapritinib no daily dose": _adult(med("avapritinib", 25, frequency="prn")),
    "h1 above label within bound": _adult(med("cetirizine", 20, frequency="daily")),
    "h1 above bound: silent": _adult(med("cetirizine", 20, frequency="qid")),
    "fexofenadine above 180": _adult(med("allegra", 180, frequency="bid")),
    "child above paediatric band": patient(
        age=Age(value=4, unit="year"), medications=[med("cetirizine", 10, frequency="daily")]
    ),
    "child without a band": patient(
        age=Age(value=1, unit="year"), medications=[med("montelukast", 20, frequency="daily")]
    ),
    "age unknown above label": patient(medications=[med("famotidine", 80, frequency="qid")]),
    "within the oral maximum, route unknown": _adult(med("diphenhydramine", 50, frequency="q6h")),
    "route unknown between maxima": _adult(med("diphenhydramine", 175, frequency="bid")),
    "route unknown above both": _adult(med("diphenhydramine", 100, frequency="q4h")),
    "higher reading accepted": _adult(med("fexofenadine", 180, frequency="bid")),
    "two entries, one without dose": _adult(
        med("famotidine", 40, frequency="qid"), med("pepcid", None)
    ),
    "cromolyn above cap": patient(
        age=Age(value=5, unit="year"),
        weight_kg=10,
        medications=[med("cromolyn", 200, frequency="qid", route="oral")],
    ),
    "cromolyn weight unknown": patient(
        age=Age(value=5, unit="year"), medications=[med("cromolyn", 100, frequency="qid")]
    ),
    "cyproheptadine adult no weight above standard": _adult(
        med("cyproheptadine", 8, frequency="qid")
    ),
    "epipen unknown strength": _adult(med("epinephrine")),
    "epipen child no weight": patient(age=Age(value=6, unit="year"), medications=[med("epipen")]),
    "adult device 0.15 no weight": _adult(med("epipen jr")),
    "below bands": patient(
        age=Age(value=0.5, unit="year"), weight_kg=6, medications=[med("epipen jr")]
    ),
    "band mismatch": patient(
        age=Age(value=6, unit="year"), weight_kg=20, medications=[med("epipen")]
    ),
    "switch conflict": patient(
        age=Age(value=8, unit="year"), weight_kg=27, medications=[med("epipen")]
    ),
    "small child device": patient(
        age=Age(value=1, unit="year"), weight_kg=12, medications=[med("epipen jr")]
    ),
    "duplicate brand and generic": _adult(
        med("zyrtec", 10, frequency="daily"), med("cetirizine", 10, frequency="daily")
    ),
    "duplicate combination": _adult(med("tylenol", 500, frequency="qid"), med("percocet")),
    "duplicate percocet twice": _adult(med("percocet"), med("percocet")),
    "moiety pair": _adult(med("zyrtec-d"), med("xyzal", 5, frequency="daily")),
    "sedating stacked": _adult(med("benadryl", 25), med("hydroxyzine", 25), med("tylenol pm")),
    "withdrawn brand": _adult(med("zantac", status="planned")),
    "withdrawn generic": _adult(med("ranitidine", 150, frequency="bid")),
    "unrecognised name": _adult(med("cetirizin"), med("famotidne", status="stopped")),
}

EPINEPHRINE_REACTION = [Reaction(agent="epinephrine", severity="flare")]
UNREAD_REACTION = [Reaction(agent="xq", severity="flare")]


#: The options the branches run under.
BRANCH_OPTIONS: dict[str, Options | None] = {
    "default": None,
    "accept-higher": Options(medication=MedicationOptions(accept_higher_maximum=CONFLICT_IDS)),
    "h1-2x": Options(antimediator=AntimediatorOptions(h1_max_multiple=2.0)),
    "fexofenadine-seed": Options(
        antimediator=AntimediatorOptions(fexofenadine_bound=FexofenadineBound.SEED)
    ),
    "switch-aap": Options(emergency=EmergencyOptions(epinephrine_switch=EpinephrineSwitch.AAP)),
}

#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``: each
#: branch as given, and with a reaction to epinephrine or an unread one a day later.
RUNS = [
    *runs("medication", BRANCHES, BRANCH_OPTIONS),
    *runs(
        "medication, epinephrine reaction",
        {n: attrs.evolve(p, reactions=tuple(EPINEPHRINE_REACTION)) for n, p in BRANCHES.items()},
        BRANCH_OPTIONS,
        at=AT + timedelta(days=1),
    ),
    *runs(
        "medication, unread reaction",
        {n: attrs.evolve(p, reactions=tuple(UNREAD_REACTION)) for n, p in BRANCHES.items()},
        BRANCH_OPTIONS,
        at=AT + timedelta(days=1),
    ),
]


class TestBranches:
    """Each branch of each converted rule, under each option and with reactions."""

    @pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
    def test_branch(self, run: Run) -> None:
        """The branch keeps the promises (its report is a golden one)."""
        assert_sound(run)


class TestBranchesCoverTheTemplates:
    """The branch table reaches every template of the converted codes (else it tests less)."""

    def test_every_variant_reached(self) -> None:
        """Each (code, variant) of text/medication.py is decided for some branch patient."""
        from mastcell.engine import _decide
        from mastcell.text import _TEMPLATES, template_of

        template_of("medication.duplicate")  # loads the templates
        wanted = {
            key
            for key in _TEMPLATES
            if key[0].startswith("medication.") or key[0] == "emergency.epinephrine.strength"
        }
        wanted = {key for key in wanted if _TEMPLATES[key].__module__ == "mastcell.text.medication"}
        reached = set()
        for p in BRANCHES.values():
            outcome = _decide(p, at=AT, categories=None, options=None, gated=True)
            reached |= {(d.code, d.variant) for d in outcome.decisions}
        assert len(wanted) == 18
        assert wanted <= reached, sorted(wanted - reached)

    def test_route_unknown_is_a_check_not_made(self) -> None:
        """350 mg/day of diphenhydramine without a route: above the oral 300, within the
        parenteral 400 (MX6): reported as not checked, never assumed either way."""
        from mastcell import evaluate

        report = evaluate(BRANCHES["route unknown between maxima"], at=AT)
        (rec,) = report.get("medication.dose.unchecked")
        assert "route not recorded: 350 mg/day is above the oral maximum (300)" in rec.detail
        assert not report.get("medication.dose.above_label")
