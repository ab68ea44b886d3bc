"""Hand-written and generated patients for every converted area, against the live engine.

This was the differential harness of issue 20 (the new engine against the oracle, the engine
as it was before the rules became data, report for report). The oracle is removed; what the
harness compared now holds as:

- the golden reports: every golden patient at every golden moment and every bundled example
  (``test_golden.py``), and every hand-written patient of the ``test_branches*`` modules under
  the options and categories the harness ran them with (``tests/golden/branches.jsonl.gz``,
  recorded while the harness was green: the oracle's reports);
- the promises that do not depend on wording, for those patients and for generated ones
  (:func:`engine_properties.assert_sound`): declared codes and sources, every input accounted
  for, no reacted-to drug proposed, JSON round trip, compact report and cards the same from
  the decisions and from the report.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine_properties import Run, assert_sound, runs
from golden_reports import EXAMPLE_AT, EXAMPLES, MOMENTS, read_patient_lines
from mastcell import Options, Patient, patient_from_json
from mastcell.engine import decide
from mastcell.knowledge.interactions import Cyp3aReading, LabelReading
from mastcell.knowledge.options import CytopeniaOptions, InteractionOptions, PerioperativeOptions
from mastcell.model import (
    Age,
    Category,
    Flare,
    MedicationStatus,
    PainAssessment,
    Procedure,
    Reaction,
    Weight,
)
from mastcell.testing import AT, lab, med, patient
from strategies import patients, scenario_patients, valid_at

#: The golden patients are checked in this many slices (spread over pytest-xdist workers).
SLICES = 6


class TestGoldenPatients:
    """Every golden patient at every golden moment keeps the promises (the reports
    themselves are compared with the recorded ones by ``test_golden.py``)."""

    @pytest.mark.parametrize("part", range(SLICES))
    def test_sound(self, part: int) -> None:
        """One slice of the golden patients, at the three moments."""
        lines = read_patient_lines()[part::SLICES]
        assert lines
        for i, line in enumerate(lines):
            p = patient_from_json(line)
            for at in MOMENTS:
                assert_sound(Run(f"golden {part}/{i}", p, at))


class TestExamples:
    """Every bundled example at the golden moment keeps the promises."""

    @pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: Path(p).stem)
    def test_example(self, path: Path) -> None:
        """The example evaluates, and its report is the outcome's, as text too."""
        p = patient_from_json(path.read_text(encoding="utf-8"))
        at = datetime.fromisoformat(EXAMPLE_AT)
        outcome = assert_sound(Run(path.stem, p, at))
        assert outcome is not None
        text = outcome.report().render_text()
        assert all(d.code in text for d in outcome.decisions)


#: Perioperative options that change what the perioperative rules decide.
PERIOPERATIVE_OPTIONS = Options(
    perioperative=PerioperativeOptions(
        premedication_h1="hydroxyzine",
        rocuronium="avoid",
        succinylcholine="avoid",
        horizon=timedelta(days=400),
        metamizole_available=False,
    )
)

#: Site options that change what the converted rules decide.
OPTIONS = st.sampled_from(
    [
        None,
        Options(cytopenia=CytopeniaOptions(marrow_below_c_finding=False)),
        Options(cytopenia=CytopeniaOptions(count_max_age=timedelta(days=3))),
        Options(cytopenia=CytopeniaOptions(count_max_age=timedelta(days=60))),
        Options(interaction=InteractionOptions(midostaurin_strong_inducer=LabelReading.EU)),
        Options(interaction=InteractionOptions(cyp3a_reading=Cyp3aReading.CURRENT_LIST)),
        PERIOPERATIVE_OPTIONS,
    ]
)


class TestGeneratedPatients:
    """Generated patients, any categories and options: the promises hold."""

    @settings(max_examples=60)
    @given(
        patient=st.one_of(patients(), scenario_patients()),
        categories=st.one_of(
            st.none(), st.sets(st.sampled_from(list(Category)), min_size=1, max_size=3)
        ),
        options=OPTIONS,
    )
    def test_sound(
        self, patient: Patient, categories: set[Category] | None, options: Options | None
    ) -> None:
        """Any valid patient at the scenario moment."""
        patient = valid_at(patient, AT)
        chosen = None if categories is None else frozenset(categories)
        assert_sound(Run("generated", patient, AT, options, chosen))


class TestPublicEngine:
    """``mastcell.evaluate`` is the engine's: its decisions, rendered."""

    def test_evaluate_is_the_engine(self) -> None:
        """The package's evaluate renders the engine's decisions."""
        import mastcell
        import mastcell.engine

        assert mastcell.evaluate is mastcell.engine.evaluate
        p = patient(diagnoses=["asm"], medications=[med("midostaurin", 100, frequency="bid")])
        report = mastcell.evaluate(p, at=AT)
        assert report == decide(p, at=AT).report()
        assert report.codes


def _imatinib_patient(agent: str) -> Patient:
    return patient(
        diagnoses=["asm"],
        kit_d816v=True,
        medications=[med("imatinib", 400, status=MedicationStatus.ACTIVE)],
        reactions=[Reaction(agent=agent, severity="flare")],
    )


#: The imatinib advice that is no proposal, with a reaction to imatinib and an unread one.
IMATINIB_CASES = {
    "imatinib reacted": _imatinib_patient("imatinib"),
    "imatinib unread reaction": _imatinib_patient("xq"),
}


class TestAdviceNotToUseIsNoProposal:
    """Advice not to use imatinib is no proposal (the one intended difference from the
    oracle, issue 20): the old guard read the imatinib rule's "do not use: KIT D816V
    detected" as a proposal of imatinib, and so "withdrew its proposal of imatinib" for a
    patient who reacted to it. The rule's decision avoids the drug."""

    @pytest.mark.parametrize("name", sorted(IMATINIB_CASES))
    def test_the_advice_stands(self, name: str) -> None:
        """The advice is stated as the rule wrote it, without withdrawal or note."""
        outcome = decide(IMATINIB_CASES[name], at=AT)
        (d,) = [d for d in outcome.decisions if d.code == "cytopenia.imatinib.kit_d816v"]
        assert d.action.value == "avoid"
        (rec,) = outcome.report().get("cytopenia.imatinib.kit_d816v")
        assert rec.medication is not None
        assert rec.medication.timing == "do not use: KIT D816V detected"
        assert "withdrew its proposal of imatinib" not in rec.detail
        assert "before giving imatinib" not in rec.detail


def _hours(n: float) -> datetime:
    return AT - timedelta(hours=n)


#: Patients that reach every branch of the record, reaction-review and interaction rules
#: (converted in issue 20 phase 2), each compared with the oracle.
CONVERTED_CASES = {
    "pregnant male": patient(sex="male", pregnant=True),
    "pregnant female": patient(sex="female", pregnant=True),
    "not pregnant male": patient(sex="male", pregnant=False),
    "midostaurin without SM": patient(
        diagnoses=["mcas", "cm"],
        medications=[med("Rydapt", status="planned"), med("midostaurin", status="held")],
    ),
    "midostaurin without diagnoses": patient(medications=[med("midostaurin")]),
    "midostaurin with SM": patient(diagnoses=["asm"], medications=[med("midostaurin")]),
    "baseline in flare": patient(
        labs=[
            lab("tryptase", 30, "ng/mL", _hours(5), role="baseline"),
            lab("tryptase", 8, "ng/mL", _hours(100), role="baseline"),
            lab("tryptase", 40, "ng/mL", _hours(4)),
        ],
        flares=[
            Flare(onset=_hours(6)),
            Flare(onset=_hours(120), resolved=_hours(110)),
        ],
    ),
    "baseline after flare": patient(
        labs=[lab("tryptase", 9, "ng/mL", _hours(10), role="baseline")],
        flares=[Flare(onset=_hours(80), resolved=_hours(70))],
    ),
    "baseline without flares": patient(
        labs=[lab("tryptase", 9, "ng/mL", _hours(10), role="baseline")]
    ),
    "reactions read several ways": patient(
        diagnoses=["ism"],
        medications=[med("cetirizine")],
        reactions=[
            Reaction(agent="Tylenol", severity="flare"),
            Reaction(agent="penicilin"),
            Reaction(agent="xq unknown", severity="anaphylaxis"),
            Reaction(agent="NKDA"),
            Reaction(agent="opioids"),
            Reaction(agent="latex"),
            Reaction(agent="famotidine"),
        ],
    ),
    "NKDA with anaphylaxis": patient(reactions=[Reaction(agent="NKDA", severity="anaphylaxis")]),
    "NKDA alone": patient(reactions=[Reaction(agent="no known drug allergies")]),
    "plain reactions": patient(reactions=[Reaction(agent="aspirin"), Reaction(agent="cold")]),
    "midostaurin with CYP3A partners": patient(
        diagnoses=["asm"],
        medications=[
            med("midostaurin", start=AT - timedelta(days=3)),
            med("Nizoral"),
            med("rifampicin", status="planned"),
            med("diltiazem", status="held"),
            med("efavirenz"),
            med("St John's Wort"),
            med("cimetidine", status="planned"),
            med("clarithromycin", status="stopped"),
            med("Zofran"),
            med("Vistaril", status="planned"),
            med("azithromycin", status="stopped"),
        ],
    ),
    "midostaurin after its first week, planned too": patient(
        diagnoses=["sm-ahn"],
        medications=[
            med("midostaurin", start=AT - timedelta(days=30)),
            med("Rydapt", status="planned"),
            med("ketoconazole"),
            med("itraconazole", status="planned"),
        ],
    ),
    "avapritinib in AdvSM": patient(
        diagnoses=["mcl"],
        medications=[
            med("avapritinib"),
            med("ketoconazole"),
            med("carbamazepine"),
            med("diltiazem"),
            med("amiodarone", status="held"),
            med("ethinyl estradiol"),
            med("modafinil", status="planned"),
        ],
    ),
    "avapritinib in ISM": patient(
        diagnoses=["ism"],
        medications=[med("avapritinib", status="held"), med("diltiazem"), med("fluconazole")],
    ),
    "avapritinib without a subtype, reacted to": patient(
        diagnoses=["mcas"],
        medications=[med("avapritinib", status="planned"), med("fluconazole")],
        reactions=[Reaction(agent="avapritinib", severity="flare")],
    ),
    "avapritinib in AdvSM, reacted to": patient(
        diagnoses=["asm"],
        medications=[med("avapritinib"), med("verapamil")],
        reactions=[Reaction(agent="Ayvakit", severity="anaphylaxis")],
    ),
    "zafirlukast with aspirin products": patient(
        medications=[
            med("zafirlukast"),
            med("aspirin", status="planned"),
            med("Excedrin"),
            med("aspirin", status="stopped"),
        ],
    ),
    "zafirlukast alone": patient(medications=[med("zafirlukast")]),
    "beta-blocker and ACE inhibitor, adult": patient(
        diagnoses=["ism"],
        birth_date=date(1970, 1, 1),
        medications=[med("metoprolol"), med("lisinopril", status="planned")],
    ),
    "beta-blocker, child": patient(
        diagnoses=["cm"], birth_date=date(2015, 1, 1), medications=[med("propranolol")]
    ),
    "ACE inhibitor, age unknown, prior anaphylaxis": patient(
        medications=[med("lisinopril")],
        reactions=[Reaction(agent="NKDA", severity="anaphylaxis")],
    ),
    "beta-blocker, age given": patient(
        age=Age(value=40, unit="year"),
        reactions=[Reaction(agent="peanut", severity="anaphylaxis")],
        medications=[med("metoprolol")],
    ),
    "beta-blocker without a disorder or anaphylaxis": patient(
        age=Age(value=40, unit="year"),
        medications=[med("metoprolol")],
        reactions=[Reaction(agent="penicillin")],
    ),
    "unread agent in the chart's words of choice": patient(
        diagnoses=["ism"],
        medications=[med("midostaurin"), med("ketoconazole"), med("metoprolol")],
        reactions=[Reaction(agent="alternative medicine, acceptable")],
    ),
    "unread reaction with interaction cards": patient(
        diagnoses=["asm"],
        birth_date=date(1960, 5, 5),
        medications=[
            med("midostaurin", status="planned"),
            med("ketoconazole"),
            med("ethinylestradiol"),
            med("avapritinib", status="planned"),
            med("verapamil"),
            med("metoprolol"),
            med("ondansetron"),
        ],
        reactions=[Reaction(agent="xq", severity="flare")],
    ),
    "perioperative agents, reactions to relaxants and penicillin": patient(
        diagnoses=["ism"],
        birth_date=date(1950, 3, 3),
        weight=Weight(value=70, unit="kg"),
        medications=[med("famotidine"), med("diphenhydramine"), med("montelukast", status="held")],
        procedures=[
            Procedure(
                kind="surgery",
                date=AT.date() + timedelta(days=10),
                anesthesia="general",
                planned_agents=(
                    "atracurium",
                    "succinylcholine",
                    "vancomycin",
                    "morphine",
                    "propofol",
                    "rocuronium",
                    "cefazolin",
                    "xq-unknown",
                    "labetalol",
                ),
            ),
            Procedure(
                kind="dental", date=AT.date() + timedelta(days=200), planned_agents=("articaine",)
            ),
        ],
        reactions=[
            Reaction(agent="rocuronium", severity="anaphylaxis"),
            Reaction(agent="penicillin"),
            Reaction(agent="preferred cold", severity="flare"),
        ],
    ),
    "perioperative plan dated in the past, unread reaction": patient(
        diagnoses=["mcas"],
        procedures=[
            Procedure(
                kind="other",
                date=AT.date() - timedelta(days=3),
                planned_agents=("atracurium", "mivacurium", "thiopental", "succinylcholine"),
            ),
            Procedure(kind="endoscopy", date=AT + timedelta(hours=20)),
            Procedure(kind="surgery", date=AT - timedelta(hours=2)),
        ],
        reactions=[Reaction(agent="xq", severity="flare"), Reaction(agent="tape")],
    ),
    "perioperative small child, contrast imaging": patient(
        diagnoses=["cm"],
        birth_date=AT.date() - timedelta(days=500),
        procedures=[
            Procedure(kind="contrast_imaging", date=AT.date() + timedelta(days=2)),
            Procedure(kind="surgery", date=AT.date() + timedelta(days=3), anesthesia="local"),
        ],
        reactions=[Reaction(agent="hydroxyzine"), Reaction(agent="diphenhydramine")],
    ),
    "perioperative child with a weight, cross-reactive agent": patient(
        diagnoses=["ism"],
        birth_date=AT.date() - timedelta(days=365 * 7),
        weight=Weight(value=8, unit="kg"),
        procedures=[
            Procedure(
                kind="surgery",
                date=AT + timedelta(days=1, hours=3),
                planned_agents=("vecuronium", "cefazolin", "tetracaine"),
            ),
        ],
        reactions=[
            Reaction(agent="pancuronium"),
            Reaction(agent="procaine", severity="anaphylaxis"),
        ],
    ),
    "perioperative newborn, age unknown elsewhere": patient(
        diagnoses=["cm"],
        birth_date=AT.date() - timedelta(days=10),
        procedures=[Procedure(kind="surgery", date=AT.date() + timedelta(days=1))],
    ),
    "perioperative age unknown, older adult given as an age": patient(
        diagnoses=["ssm"],
        procedures=[Procedure(kind="dental", date=AT.date() + timedelta(days=4))],
        reactions=[Reaction(agent="montelukast", severity="anaphylaxis")],
    ),
    "perioperative older adult": patient(
        diagnoses=["ism"],
        age=Age(value=80, unit="year"),
        procedures=[Procedure(kind="endoscopy", date=AT.date() + timedelta(days=4))],
        reactions=[Reaction(agent="NKDA", severity="anaphylaxis")],
    ),
    "emergency NSAID with neutropenia, infant": patient(
        diagnoses=["cm"],
        age=Age(value=40, unit="day"),
        labs=[lab("anc", 0.3, "10*9/L"), lab("wbc", 2.0, "10*9/L")],
        medications=[med("ibuprofen"), med("codeine", status="planned"), med("vancomycin")],
    ),
    "emergency NSAID reacted to, an adult of 4 kg": patient(
        diagnoses=["ism"],
        age=Age(value=30, unit="year"),
        weight=Weight(value=4, unit="kg"),
        medications=[med("ibuprofen"), med("morphine"), med("EpiPen", quantity=1)],
        reactions=[
            Reaction(agent="aspirin", severity="flare"),
            Reaction(agent="morphine", severity="anaphylaxis"),
            Reaction(agent="heat"),
            Reaction(agent="NKDA", severity="anaphylaxis"),
            Reaction(agent="x" * 70),
        ],
    ),
    "emergency adult, no weight, injectors without a quantity": patient(
        diagnoses=["mcas"],
        age=Age(value=56, unit="year"),
        medications=[med("epinephrine", route="im"), med("Auvi-Q", quantity=1)],
        reactions=[Reaction(agent="Tylenol", severity="flare")],
    ),
    "emergency newborn by birth date, NSAID": patient(
        diagnoses=["cm"],
        birth_date=AT.date() - timedelta(days=20),
        medications=[med("ketorolac", status="planned")],
    ),
}


#: The options the converted cases run under.
CONVERTED_OPTIONS: dict[str, Options | None] = {
    "default": None,
    "EU, current list": Options(
        interaction=InteractionOptions(
            midostaurin_strong_inducer=LabelReading.EU,
            cyp3a_reading=Cyp3aReading.CURRENT_LIST,
        )
    ),
    "perioperative": PERIOPERATIVE_OPTIONS,
}


def _days(n: int) -> date:
    return (AT + timedelta(days=n)).date()


#: Patients that reach every branch of the analgesia rules (converted in issue 20 phase 2).
ANALGESIA_CASES = {
    "severe pain, opioids of every rating, reactions to fentanyl and acetaminophen": patient(
        diagnoses=["ism"],
        birth_date=date(1950, 3, 1),
        pain=PainAssessment(score=8, site="back", since=date(2026, 1, 2)),
        medications=[
            med("morphine"),
            med("Norco", status="planned"),
            med("tramadol"),
            med("codeine", status="held"),
            med("hydromorphone", status="planned"),
        ],
        reactions=[
            Reaction(agent="fentanyl", severity="anaphylaxis"),
            Reaction(agent="Tylenol", severity="flare"),
        ],
        procedures=[
            Procedure(
                kind="surgery",
                date=_days(5),
                planned_agents=("morphine", "ibuprofen", "Vicoprofen"),
            ),
            Procedure(kind="dental", date=_days(400), planned_agents=("codeine",)),
        ],
    ),
    "opioid class reaction, pain onset unknown": patient(
        diagnoses=["mcas"],
        pain=PainAssessment(score=3),
        medications=[med("codeine"), med("oxycodone"), med("famotidine"), med("cetirizine")],
        reactions=[Reaction(agent="opioids", severity="flare")],
    ),
    "unrated opioid reacted to, chart words of choice": patient(
        diagnoses=["cm"],
        age=Age(value=40, unit="year"),
        pain=PainAssessment(score=9, site="preferred side", since=date(2025, 1, 1)),
        medications=[med("tramadol"), med("methadone"), med("ibuprofen")],
        reactions=[
            Reaction(agent="tramadol", severity="flare"),
            Reaction(agent="alternative medicine, acceptable"),
        ],
    ),
    "unread reaction with opioids and NSAIDs": patient(
        diagnoses=["ism"],
        pain=PainAssessment(score=2, site="knee", since=date(2026, 10, 1)),
        medications=[med("morphine"), med("naproxen"), med("tramadol")],
        reactions=[Reaction(agent="xq", severity="flare")],
    ),
    "aspirin for the heart after an NSAID reaction": patient(
        diagnoses=["ism"],
        medications=[
            med("aspirin", 81, frequency="daily", status="planned"),
            med("clopidogrel"),
            med("ibuprofen", status="planned"),
        ],
        reactions=[Reaction(agent="ibuprofen", severity="flare")],
    ),
    "aspirin for the heart, reacted to": patient(
        diagnoses=["sm"],
        medications=[med("aspirin", 81, frequency="daily", indication="cardiovascular")],
        reactions=[Reaction(agent="ASA", severity="anaphylaxis")],
    ),
    "aspirin tolerated after a naproxen reaction": patient(
        diagnoses=["ism"],
        medications=[med("aspirin", 325), med("Excedrin", status="planned")],
        reactions=[Reaction(agent="naproxen")],
    ),
    "NSAID anaphylaxis, metamizole ruled out": patient(
        diagnoses=["mcas"],
        weight_kg=4.5,
        labs=[lab("anc", 0.4, "10*9/L")],
        medications=[med("Advil"), med("ketorolac", status="planned"), med("aspirin")],
        reactions=[Reaction(agent="Advil", severity="anaphylaxis")],
    ),
    "infant with an NSAID and an opioid": patient(
        diagnoses=["cm"],
        birth_date=_days(-20),
        weight_kg=3.5,
        pain=PainAssessment(score=5),
        medications=[med("ibuprofen"), med("fentanyl", status="planned")],
    ),
    "child with pain, weight over the cyproheptadine limit": patient(
        diagnoses=["cm"],
        birth_date=date(2018, 5, 1),
        weight_kg=10,
        pain=PainAssessment(score=6, since=date(2026, 6, 1)),
        medications=[med("morphine"), med("acetaminophen")],
        reactions=[Reaction(agent="famotidine"), Reaction(agent="nizatidine", severity="flare")],
    ),
    "child of 3 with pain": patient(
        diagnoses=["cm"], birth_date=date(2023, 5, 1), pain=PainAssessment(score=4)
    ),
    "toddler with pain": patient(
        diagnoses=["cm"], birth_date=date(2025, 5, 1), pain=PainAssessment(score=4)
    ),
    "breastfeeding with pain": patient(
        diagnoses=["ism"], lactating=True, pain=PainAssessment(score=7), weight_kg=60
    ),
    "on cyproheptadine": patient(
        diagnoses=["ism"], pain=PainAssessment(score=7), medications=[med("Periactin")]
    ),
    "reacted to cyproheptadine, analgesic taken for long": patient(
        diagnoses=["ism"],
        pain=PainAssessment(score=4, since=date(2025, 6, 1)),
        medications=[med("celecoxib"), med("Percocet", status="planned")],
        reactions=[Reaction(agent="cyproheptadine")],
    ),
    "pain without a mast cell disorder": patient(
        diagnoses=["hat"], pain=PainAssessment(score=9), medications=[med("morphine")]
    ),
}


#: The options the analgesia cases run under.
ANALGESIA_OPTIONS: dict[str, Options | None] = {
    "default": None,
    "severe 3, NSAIDs avoid": Options(
        perioperative=PerioperativeOptions(
            severe_pain_score=3, nsaids="avoid", metamizole_available=False
        )
    ),
    "seed switches off": Options(
        perioperative=PerioperativeOptions(
            premedicate_before_opioids=False,
            mood_screen=False,
            cyproheptadine_for_pain=False,
            pain_specialist_referral=False,
            morphine="acceptable",
            nsaids="acceptable",
        )
    ),
}

#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``.
RUNS = [
    *runs("converted", CONVERTED_CASES, CONVERTED_OPTIONS),
    *runs(
        "emergency alone",
        {n: p for n, p in CONVERTED_CASES.items() if "emergency" in n},
        {"default": None, "periop": PERIOPERATIVE_OPTIONS},
        categories=["emergency"],
    ),
    *runs("analgesia", ANALGESIA_CASES, ANALGESIA_OPTIONS),
    *runs("imatinib", IMATINIB_CASES),
]


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
def test_case(run: Run) -> None:
    """Each hand-written case keeps the promises (its report is a golden one)."""
    assert_sound(run)
