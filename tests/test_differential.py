"""The differential harness: the new engine gives the oracle's reports, byte for byte (issue 20).

The oracle is the engine as it was before the rules became data
(:func:`mastcell._oracle.engine.evaluate`: every rule a function of the patient, its reads
recorded, the guard reading timing text, the converted rules in their old versions). The new
engine (:func:`mastcell.engine.decide`) runs converted rules on the facts view and the rest
through the adapter. On every golden patient at every golden moment, on the bundled examples
and on generated patients, both must give the same report: codes, indicators, doses,
findings, sources, text, unused and reviewed inputs, options (the reports as values, and their
JSON texts byte for byte), the same compact report (the new one written from the decisions,
without text) and the same CDS Hooks cards (the new suggestions read from the decisions'
actions), or the same input errors.

One difference is intended and kept out of the generated comparison, tested on its own
(:class:`TestIntendedDifference`): the old guard read the imatinib rule's "do not use: KIT
D816V detected" as a proposal of imatinib.

When an area is converted, its old rules move to :mod:`mastcell._oracle` and this harness
must stay green; ``python -m pytest tests/test_differential.py`` runs it alone.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from golden_reports import EXAMPLE_AT, EXAMPLES, MOMENTS, read_patient_lines
from mastcell import InputError, Options, Patient, cdshooks, patient_from_json, to_json
from mastcell._oracle.engine import evaluate as oracle
from mastcell.cohort.compact import compact_json, compact_report
from mastcell.engine import _decide
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
from mastcell.rules.registry import oracle_rules, registered_rules
from mastcell.testing import AT, lab, med, patient
from strategies import patients, scenario_patients, valid_at

#: The golden patients are compared in this many slices (spread over pytest-xdist workers).
SLICES = 6


def _old(p: Patient, at: datetime, *, cards: bool, text: bool, **kwargs: Any) -> dict[str, Any]:
    try:
        report = oracle(p, at=at, **kwargs)
    except InputError as exc:
        return {"error": exc.errors}
    out: dict[str, Any] = {"report": report, "compact": compact_report(report)}
    if text:
        out["json"] = to_json(report, indent=None)
        out["compact json"] = compact_json(report)
    if cards:
        out["cards"] = cdshooks.cards(report)
    return out


def _new(p: Patient, at: datetime, *, cards: bool, text: bool, **kwargs: Any) -> dict[str, Any]:
    try:
        outcome = _decide(p, at=at, gated=True, **kwargs)
    except InputError as exc:
        return {"error": exc.errors}
    report = outcome.report()
    out: dict[str, Any] = {"report": report, "compact": compact_report(outcome)}
    if text:
        out["json"] = to_json(report, indent=None)
        out["compact json"] = compact_json(outcome)
    if cards:
        out["cards"] = cdshooks.cards(outcome)
    return out


def assert_same(
    p: Patient, at: datetime, *, cards: bool = True, text: bool = True, **kwargs: Any
) -> None:
    """Both engines give the same report, compact report and cards (or the same errors).

    The reports compare as values (every field of every recommendation, the unused and
    reviewed inputs, the options); ``text`` also compares their JSON texts, byte for byte.
    """
    kwargs.setdefault("categories", None)
    kwargs.setdefault("options", None)
    old = _old(p, at, cards=cards, text=text, **{k: v for k, v in kwargs.items() if k != "table"})
    new = _new(p, at, cards=cards, text=text, **kwargs)
    assert new.keys() == old.keys()
    for key in new:
        assert new[key] == old[key], f"{p.id} at {at.isoformat()}: {key} differs"


class TestGoldenPatients:
    """Every golden patient at every golden moment: the same reports."""

    @pytest.mark.parametrize("part", range(SLICES))
    def test_reports_equal(self, part: int) -> None:
        """One slice of the golden patients, at the three moments: reports and compact reports
        as values; the JSON texts and the cards of every fifth patient (they cost as much as
        the rest; test_golden compares every JSON text with the stored one)."""
        lines = read_patient_lines()[part::SLICES]
        assert lines
        for i, line in enumerate(lines):
            p = patient_from_json(line)
            for at in MOMENTS:
                assert_same(p, at, cards=i % 5 == 0, text=i % 5 == 0)


class TestExamples:
    """Every bundled example at the golden moment: the same reports, indented JSON included."""

    @pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: Path(p).stem)
    def test_example(self, path: Path) -> None:
        """The report JSON (indented too), compact report, cards and text are the oracle's."""
        p = patient_from_json(path.read_text(encoding="utf-8"))
        at = datetime.fromisoformat(EXAMPLE_AT)
        assert_same(p, at)
        old = oracle(p, at=at)
        new = _decide(p, at=at, categories=None, options=None, gated=True).report()
        assert new.to_json() == old.to_json()
        assert new.render_text() == old.render_text()


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


def _imatinib_avoided(p: Patient) -> bool:
    """The intended difference can show: imatinib listed with KIT D816V and a reaction."""
    listed = any("imatinib" in m.drug or "gleevec" in m.drug for m in p.medications)
    return listed and p.kit_d816v is True and bool(p.reactions)


class TestGeneratedPatients:
    """Generated patients, any categories and cytopenia options: the same reports."""

    @settings(max_examples=60)
    @given(
        patient=st.one_of(patients(), scenario_patients()),
        categories=st.one_of(
            st.none(), st.sets(st.sampled_from(list(Category)), min_size=1, max_size=3)
        ),
        options=OPTIONS,
    )
    def test_reports_equal(
        self, patient: Patient, categories: set[Category] | None, options: Options | None
    ) -> None:
        """Any valid patient at the scenario moment: reports, compact reports, cards."""
        patient = valid_at(patient, AT)
        assume(not _imatinib_avoided(patient))
        assert_same(patient, AT, categories=categories, options=options)


class TestPublicEngine:
    """``mastcell.evaluate`` is the new engine (switched once this harness was green)."""

    def test_evaluate_is_the_new_engine(self) -> None:
        """The package's evaluate is the engine's, which renders the new engine's decisions."""
        import mastcell
        import mastcell.engine

        assert mastcell.evaluate is mastcell.engine.evaluate
        p = patient(diagnoses=["asm"], medications=[med("midostaurin", 100, frequency="bid")])
        report = mastcell.evaluate(p, at=AT)
        outcome = _decide(p, at=AT, categories=None, options=None, gated=True)
        assert report == outcome.report()
        assert any(d.variant != "legacy" for d in outcome.decisions)


class TestAdapterAlone:
    """The new engine running the oracle's own rule table (every rule through the adapter)."""

    def test_golden_patients(self) -> None:
        """A third of the golden patients at the first moment: the oracle's reports; the
        adapter and the decision-level guard change nothing by themselves."""
        table = oracle_rules()
        assert not any(r.converted for r in table)
        for line in read_patient_lines()[::3]:
            p = patient_from_json(line)
            assert_same(p, MOMENTS[0], cards=False, text=False, table=table)

    def test_the_tables_differ_only_by_the_converted_rules(self) -> None:
        """The oracle's table has the same rule names; it differs where rules were converted.

        And where an area being converted keeps its oracle copy already (its unconverted rules
        are the same code, run from ``mastcell._oracle``).
        """
        new = {r.name: r for r in registered_rules()}
        old = {r.name: r for r in oracle_rules()}
        assert new.keys() == old.keys()
        converted = sorted(name for name, r in new.items() if r.converted)
        differing = sorted(name for name in new if new[name] is not old[name])
        assert set(converted) <= set(differing)
        for name in set(differing) - set(converted):
            assert old[name].function.__module__.startswith("mastcell._oracle."), name
            assert new[name].codes == old[name].codes
            assert new[name].reads == old[name].reads
        assert "mastcell.rules.midostaurin.midostaurin_dose" in converted
        for name in converted:
            assert new[name].codes == old[name].codes
            assert new[name].triggers == old[name].triggers
            assert new[name].reads == old[name].reads
            assert new[name].indicators == old[name].indicators


class TestIntendedDifference:
    """The one difference from the oracle, intended: advice not to use imatinib is no proposal.

    The imatinib rule (``cytopenia.imatinib.kit_d816v``) writes its advice as "do not use: KIT
    D816V detected"; the old guard read every timing that did not begin with hold, stop,
    discontinue or "do not start" as a proposal, and so "withdrew its proposal of imatinib"
    for a patient who reacted to it (issue 20). The adapter reads "do not use" as avoid.
    """

    def _patient(self, agent: str) -> Patient:
        return patient(
            diagnoses=["asm"],
            kit_d816v=True,
            medications=[med("imatinib", 400, status=MedicationStatus.ACTIVE)],
            reactions=[Reaction(agent=agent, severity="flare")],
        )

    @pytest.mark.parametrize("agent", ["imatinib", "xq"], ids=["reacted", "unread reaction"])
    def test_old_said_withdrawn_new_does_not(self, agent: str) -> None:
        """The old engine wrote a withdrawal (or a clinician-decision note) for imatinib; the
        new one states the advice as the rule wrote it."""
        p = self._patient(agent)
        old = oracle(p, at=AT).get("cytopenia.imatinib.kit_d816v")[0]
        new = _decide(p, at=AT, categories=None, options=None, gated=True).report()
        (rec,) = new.get("cytopenia.imatinib.kit_d816v")
        assert "imatinib" in old.detail.split(".")[0]
        assert old.detail != rec.detail
        assert rec.medication is not None
        assert rec.medication.timing == "do not use: KIT D816V detected"
        assert "withdrew its proposal of imatinib" not in rec.detail
        assert "before giving imatinib" not in rec.detail

    def test_only_that_recommendation_differs(self) -> None:
        """Every other recommendation of the report is the oracle's."""
        p = self._patient("imatinib")
        old = oracle(p, at=AT)
        new = _decide(p, at=AT, categories=None, options=None, gated=True).report()
        assert old.codes == new.codes
        differ = [o.code for o, n in zip(old, new, strict=True) if o != n]
        assert differ == ["cytopenia.imatinib.kit_d816v"]


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


class TestConvertedAreas:
    """Hand-written patients for the areas converted in phase 2: the oracle's reports."""

    @pytest.mark.parametrize("name", sorted(CONVERTED_CASES))
    @pytest.mark.parametrize(
        "options",
        [
            None,
            Options(
                interaction=InteractionOptions(
                    midostaurin_strong_inducer=LabelReading.EU,
                    cyp3a_reading=Cyp3aReading.CURRENT_LIST,
                )
            ),
            PERIOPERATIVE_OPTIONS,
        ],
        ids=["default", "EU, current list", "perioperative"],
    )
    def test_case(self, name: str, options: Options | None) -> None:
        """Reports, compact reports, JSON texts and cards are the oracle's."""
        assert_same(CONVERTED_CASES[name], AT, options=options)


class TestEmergencyCategory:
    """The emergency rules alone: reviewed and unused inputs as the oracle's (the ANC the
    metamizole barriers read, with a derived ANC's WBC and neutrophil %, declared by both)."""

    @pytest.mark.parametrize("name", sorted(n for n in CONVERTED_CASES if "emergency" in n))
    @pytest.mark.parametrize("options", [None, PERIOPERATIVE_OPTIONS], ids=["default", "periop"])
    def test_case(self, name: str, options: Options | None) -> None:
        """Reports, compact reports, JSON texts and cards are the oracle's."""
        assert_same(CONVERTED_CASES[name], AT, options=options, categories=["emergency"])


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


class TestAnalgesia:
    """Hand-written patients for the analgesia rules: the oracle's reports, under options."""

    @pytest.mark.parametrize("name", sorted(ANALGESIA_CASES))
    @pytest.mark.parametrize(
        "options",
        [
            None,
            Options(
                perioperative=PerioperativeOptions(
                    severe_pain_score=3, nsaids="avoid", metamizole_available=False
                )
            ),
            Options(
                perioperative=PerioperativeOptions(
                    premedicate_before_opioids=False,
                    mood_screen=False,
                    cyproheptadine_for_pain=False,
                    pain_specialist_referral=False,
                    morphine="acceptable",
                    nsaids="acceptable",
                )
            ),
        ],
        ids=["default", "severe 3, NSAIDs avoid", "seed switches off"],
    )
    def test_case(self, name: str, options: Options | None) -> None:
        """Reports, compact reports, JSON texts and cards are the oracle's."""
        assert_same(ANALGESIA_CASES[name], AT, options=options)
