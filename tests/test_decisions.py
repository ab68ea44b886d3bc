"""Rules as data (issue 20): decisions, reads over the facts view, templates, the adapter.

The differential harness (test_differential.py) checks that the new engine gives the old
reports; these tests check the parts it is built from, and the contracts a converted rule
keeps on its own: it queries only the reads it declares, in the stages it says it reached;
its decisions cite only its declared sources and have a template; its module never reads
the patient.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golden_reports import MOMENTS, read_patient_lines
from mastcell import cdshooks, evaluate, patient_from_json
from mastcell.accounting import Reading
from mastcell.counts import c_finding_attribution, c_findings, latest_count
from mastcell.decision import LEGACY, Action, Decision, Dose, Stopped, upto
from mastcell.engine import decide, run_rule
from mastcell.exceptions import InputError, RuleError
from mastcell.facts import Facts, facts_of
from mastcell.guard import guard_decisions, guard_text, is_proposal, lists_options
from mastcell.knowledge.analgesia import ANALGESIC_CLASSES
from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES
from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.paediatric import band_age
from mastcell.knowledge.perioperative import CHILD_BELOW_YEARS, PREMEDICATION
from mastcell.knowledge.pregnancy import EMBRYO_FETAL
from mastcell.knowledge.special_populations import METAMIZOLE
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Indicator,
    MedicationStatus,
    Patient,
    Reaction,
    ReactionSeverity,
    Recommendation,
)
from mastcell.outcome import Outcome
from mastcell.reads import (
    ADVERSE_EVENTS,
    AGE,
    AGE_DAYS,
    COUNTS,
    CYTOREDUCTIVE_ON,
    DIAGNOSES,
    LACTATING,
    MEDICATIONS,
    ON,
    ORGAN_FINDINGS,
    PREGNANT,
    PROCEDURES,
    REACTIONS,
    SEX,
    WEIGHT,
    LatestRead,
    MedicationsRead,
    NamedRead,
    Read,
    SeriesRead,
)
from mastcell.rules import (
    analgesia_facts,
    analgesia_nsaid_facts,
    analgesia_pain_facts,
    antimediator_doses,
    antimediator_facts,
    antimediator_h1,
    aspirin_facts,
    emergency_facts,
    interaction_facts,
    perioperative_facts,
    procedure_facts,
    records_facts,
)
from mastcell.rules import antimediator_addons_facts as addons_facts
from mastcell.rules import antimediator_aspirin_facts as aspirin_checks
from mastcell.rules import antimediator_mediators as mediators
from mastcell.rules import medication_facts as med_facts
from mastcell.rules import special_populations_facts as population_facts
from mastcell.rules.adverse_events import AVAPRITINIB_ON
from mastcell.rules.antiplatelet_facts import KIT_ON_BOARD
from mastcell.rules.avapritinib import AVAPRITINIB_ACTIVE, AVAPRITINIB_STARTING
from mastcell.rules.cytopenia_facts import SUSPECTED_SM
from mastcell.rules.cytoreduction_facts import (
    CLADRIBINE_LISTED,
    HOLD_REVIEW_ON,
    IMATINIB_LISTED,
    IMATINIB_ON,
    KIT_D816V,
)
from mastcell.rules.declare import stages_of
from mastcell.rules.legacy import adapt, legacy_action
from mastcell.rules.metamizole_facts import ANC as METAMIZOLE_ANC
from mastcell.rules.metamizole_facts import WEIGHT_UNLESS_INFANT
from mastcell.rules.monitoring_facts import (
    ANTIMEDIATORS,
    CONFLICTING,
    FLARES,
    SYMPTOMATIC,
    TPSAB1,
    TRYPTASE,
)
from mastcell.rules.pregnancy import EMBRYO_FETAL_ON
from mastcell.rules.referral_facts import C_LEVEL, C_LEVEL_ANALYTES, SYMPTOM_CONTROL
from mastcell.rules.registry import Context, Rule, registered_rules
from mastcell.testing import AT, lab, med, patient
from mastcell.text import register, render, template_of
from strategies import patients, scenario_patients, valid_at

SRC = Path(__file__).resolve().parent.parent / "src" / "mastcell"


def converted() -> list[Rule]:
    return [r for r in registered_rules() if r.converted]


def golden_facts() -> Iterator[tuple[Patient, datetime]]:
    """Every golden patient at every golden moment it can be evaluated at."""
    for line in read_patient_lines():
        p = patient_from_json(line)
        for at in MOMENTS:
            try:
                decide(p, at=at, categories=["emergency"])
            except InputError:
                continue
            yield p, at


class TestAction:
    """The action says whether a decision gives a drug, and whether a card orders it."""

    def test_giving_actions(self) -> None:
        """Start, continue, increase, reduce, resume and prefer give the drug; nothing else."""
        giving = {a for a in Action if a.gives}
        assert giving == {
            Action.START,
            Action.CONTINUE,
            Action.INCREASE,
            Action.REDUCE,
            Action.RESUME,
            Action.PREFER,
        }

    def test_ordering_actions(self) -> None:
        """A card offers an order for start, increase and resume (the codes it offered them for)."""
        assert {a for a in Action if a.orders} == {Action.START, Action.INCREASE, Action.RESUME}
        assert all(a.gives for a in Action if a.orders)

    def test_thirteen_actions(self) -> None:
        """The issue's closed vocabulary."""
        assert len(Action) == 13


class TestStopped:
    """A rule that stops early says how far it read."""

    def test_upto_without_decisions_is_shared(self) -> None:
        """The empty result of a stage is built once."""
        assert upto(1) is upto(1)
        assert upto(1).stage == 1
        assert upto(1) == ()

    def test_upto_with_decisions(self) -> None:
        """Decisions and a stage together."""
        d = Decision(code="cytopenia.cbc.obtain", indicator=Indicator.WARNING, action=Action.OBTAIN)
        out = upto(0, d)
        assert isinstance(out, Stopped)
        assert out.stage == 0
        assert tuple(out) == (d,)

    def test_stages_of(self) -> None:
        """A flat tuple is one stage; a mix is refused."""
        assert stages_of((ADVERSE_EVENTS,)) == ((ADVERSE_EVENTS,),)
        with pytest.raises(RuleError, match="not a mix"):
            stages_of(((ADVERSE_EVENTS,), ORGAN_FINDINGS))


# -- reads: the same paths as the recording view for the same query ---------------------------


def _symptomatic(view: Any) -> bool | None:
    """The unconverted monitoring rules' symptom query (the oracle's ``_symptomatic``)."""
    if view.flares or view.has_mast_cell_disorder:
        return True
    if any(
        r.severity in (ReactionSeverity.ANAPHYLAXIS, ReactionSeverity.FLARE) for r in view.reactions
    ):
        return True
    if view.symptom_control is None:
        return None
    answer: bool = view.symptom_control.uncontrolled
    return answer


def _infant(p: Patient, at: datetime) -> bool:
    """Under 3 months: metamizole's label then reads the age, not the weight (SR5)."""
    age = p.age_at(at)
    return age is not None and age < METAMIZOLE.infant_below_years


def _mediator_query(v: Any, analyte: Analyte, at: datetime) -> object:
    """The old ``_mediator``: the latest result, then the age when the lab gave no limit."""
    found = v.latest(analyte, at)
    if found is not None and found.canonical_high is None:
        v.age_at(at)
    return found


#: Each read, and the unconverted query that reads the same inputs through the patient.
QUERIES: list[tuple[Read, Callable[[Any, datetime], object]]] = [
    *((COUNTS[a], lambda v, at, a=a: latest_count(v, a, at)) for a in COUNTS),
    (
        CYTOREDUCTIVE_ON,
        lambda v, at: v.medications_of(DrugClass.CYTOREDUCTIVE, statuses=ON),
    ),
    (
        MedicationsRead("midostaurin on", drugs=(MIDOSTAURIN,), statuses=ON),
        lambda v, at: v.medications_named(MIDOSTAURIN, statuses=ON),
    ),
    (MedicationsRead("active"), lambda v, at: v.medications_of()),
    (ADVERSE_EVENTS, lambda v, at: v.adverse_events),
    (ORGAN_FINDINGS, lambda v, at: v.organ_findings),
    (PREGNANT, lambda v, at: v.pregnant),
    (LACTATING, lambda v, at: v.lactating),
    (SeriesRead(Analyte.TRYPTASE), lambda v, at: v.series(Analyte.TRYPTASE, until=at)),
    (LatestRead(Analyte.WBC), lambda v, at: v.latest(Analyte.WBC, at)),
    (SYMPTOM_CONTROL, lambda v, at: v.symptom_control),
    (DIAGNOSES, lambda v, at: v.diagnoses),
    (
        C_LEVEL,
        lambda v, at: (
            c_finding_attribution(v)
            if c_findings(latest_count(v._patient, a, at) for a in C_LEVEL_ANALYTES)
            else None
        ),
    ),
    (FLARES, lambda v, at: v.flares),
    (TRYPTASE, lambda v, at: v.series(Analyte.TRYPTASE, until=at)),
    (TPSAB1, lambda v, at: v.tpsab1_extra_copies),
    (ANTIMEDIATORS, lambda v, at: v.medications_of(*ANTIMEDIATOR_CLASSES)),
    (CONFLICTING, lambda v, at: v.conflicting_results()),
    (SYMPTOMATIC, lambda v, at: _symptomatic(v)),
    (AGE, lambda v, at: v.age_at(at)),
    (SEX, lambda v, at: v.sex),
    (
        EMBRYO_FETAL_ON,
        lambda v, at: v.medications_named(*EMBRYO_FETAL, statuses=EMBRYO_FETAL_ON.statuses),
    ),
    (
        NamedRead("aspirin", drugs=("aspirin",)),
        lambda v, at: v.medications_named("aspirin"),
    ),
    (AVAPRITINIB_ON, lambda v, at: v.medications_named("avapritinib", statuses=ON)),
    (
        AVAPRITINIB_STARTING,
        lambda v, at: v.medications_named("avapritinib", statuses=AVAPRITINIB_STARTING.statuses),
    ),
    (AVAPRITINIB_ACTIVE, lambda v, at: v.medications_named("avapritinib")),
    (KIT_D816V, lambda v, at: v.kit_d816v),
    (IMATINIB_ON, lambda v, at: v.medications_named("imatinib", statuses=ON)),
    (
        IMATINIB_LISTED,
        lambda v, at: v.medications_named("imatinib", statuses=IMATINIB_LISTED.statuses),
    ),
    (
        HOLD_REVIEW_ON,
        lambda v, at: v.medications_named(
            "cladribine", "hydroxyurea", "interferon alfa", "imatinib", statuses=ON
        ),
    ),
    (
        CLADRIBINE_LISTED,
        lambda v, at: v.medications_named("cladribine", statuses=CLADRIBINE_LISTED.statuses),
    ),
    (med_facts.ALL_MEDICATIONS, lambda v, at: v.medications),
    (AGE, lambda v, at: v.age_at(at)),
    (WEIGHT, lambda v, at: v.weight),
    (DIAGNOSES, lambda v, at: v.diagnoses),
    (med_facts.MOIETY_DRUGS, lambda v, at: v.medications_named(*med_facts.MOIETY_NAMES)),
    (med_facts.SEDATING, lambda v, at: v.medications_of(DrugClass.H1_FIRST_GENERATION)),
    (SEX, lambda v, at: v.sex),
    (REACTIONS, lambda v, at: v.reactions),
    (MEDICATIONS, lambda v, at: v.medications),
    (PROCEDURES, lambda v, at: v.procedures),
    (AGE_DAYS, lambda v, at: v.age_in_days(at)),
    (procedure_facts.AGE_GIVEN, lambda v, at: v.age),
    (
        aspirin_facts.ASPIRIN_IN_USE,
        lambda v, at: v.medications_named(
            "aspirin", statuses=aspirin_facts.ASPIRIN_IN_USE.statuses
        ),
    ),
    (
        aspirin_facts.P2Y12_IN_USE,
        lambda v, at: v.medications_of(
            DrugClass.ANTIPLATELET, statuses=aspirin_facts.P2Y12_IN_USE.statuses
        ),
    ),
    (AGE, lambda v, at: v.age_at(at)),
    (
        interaction_facts.BETA_ON,
        lambda v, at: v.medications_of(DrugClass.BETA_BLOCKER, statuses=interaction_facts.ON),
    ),
    (
        interaction_facts.ACE_ON,
        lambda v, at: v.medications_of(DrugClass.ACE_INHIBITOR, statuses=interaction_facts.ON),
    ),
    *(
        (
            NamedRead(", ".join(names), drugs=names, statuses=interaction_facts.ON),
            lambda v, at, names=names: v.medications_named(*names, statuses=interaction_facts.ON),
        )
        for names in (
            ("midostaurin",),
            ("avapritinib",),
            ("aspirin",),
            ("zafirlukast",),
            ("ethinylestradiol",),
            ("ondansetron", "azithromycin", "hydroxyzine"),
            ("acetaminophen", "oxycodone"),
        )
    ),
    (DIAGNOSES, lambda v, at: v.diagnoses),
    (
        records_facts.MIDOSTAURIN_ON_BOARD,
        lambda v, at: v.medications_named(MIDOSTAURIN, statuses=(*ON, MedicationStatus.PLANNED)),
    ),
    *(
        (read, lambda v, at, c=c: v.medications_of(*c, statuses=antimediator_facts.TAKING))
        for c, read in antimediator_facts.TAKING_READS.items()
    ),
    (
        antimediator_doses.AGE_SOURCE,
        lambda v, at: "birth_date" if v.birth_date is not None or v.age is None else "age",
    ),
    (antimediator_doses.BAND_AGE, lambda v, at: band_age(v, at)),
    *((read, lambda v, at, a=a: v.latest(a, at)) for a, read in mediators.MEDIATORS.items()),
    *(
        (read, lambda v, at, read=read: v.medications_of(*read.classes, statuses=read.statuses))
        for read in (
            addons_facts.H1_ACTIVE,
            addons_facts.H2_ACTIVE,
            addons_facts.OTHERS_ACTIVE,
            aspirin_checks.NSAIDS_ACTIVE,
        )
    ),
    *((read, lambda v, at, a=a: _mediator_query(v, a, at)) for a, read in mediators.JUDGED.items()),
    *(
        (
            read,
            lambda v, at, read=read: v.medications_named(
                *sorted(read.drugs), statuses=population_facts.IN_USE
            ),
        )
        for read in (
            population_facts.AGE_DRUGS,
            population_facts.LACTATION_DRUGS,
            population_facts.METAMIZOLE_IN_USE,
        )
    ),
    (
        population_facts.NSAIDS_IN_USE,
        lambda v, at: v.medications_of(
            DrugClass.NSAID, DrugClass.ASPIRIN, statuses=population_facts.IN_USE
        ),
    ),
    (
        population_facts.SEDATING_IN_USE,
        lambda v, at: v.medications_of(
            DrugClass.H1_FIRST_GENERATION, statuses=population_facts.IN_USE
        ),
    ),
    (METAMIZOLE_ANC, lambda v, at: latest_count(v, Analyte.ANC, at)),
    (
        WEIGHT_UNLESS_INFANT,
        lambda v, at: (
            None if (age := v._patient.age_at(at)) is not None and age < 0.25 else v.weight
        ),
    ),
    (
        KIT_ON_BOARD,
        lambda v, at: v.medications_of(
            DrugClass.KIT_INHIBITOR,
            DrugClass.CYTOREDUCTIVE,
            statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
        ),
    ),
    (emergency_facts.EPINEPHRINE_ON, lambda v, at: v.medications_of(DrugClass.EPINEPHRINE)),
    (
        emergency_facts.TAKEN,
        lambda v, at: v.medications_of(statuses=emergency_facts.TAKEN.statuses),
    ),
    (
        perioperative_facts.CHILD_WEIGHT,
        lambda v, at: (
            v.weight if (a := v._patient.age_at(at)) is not None and a < CHILD_BELOW_YEARS else None
        ),
    ),
    (analgesia_pain_facts.PAIN, lambda v, at: v.pain),
    (analgesia_pain_facts.ANALGESICS_ON, lambda v, at: v.medications_of(*ANALGESIC_CLASSES)),
    (analgesia_pain_facts.CYPROHEPTADINE_ON, lambda v, at: v.medications_named("cyproheptadine")),
    (
        analgesia_facts.REACTIONS_UNLESS_H2,
        lambda v, at: None if v._patient.medications_of(DrugClass.H2) else v.reactions,
    ),
    (analgesia_nsaid_facts.METAMIZOLE_ANC, lambda v, at: latest_count(v, Analyte.ANC, at)),
    (
        analgesia_nsaid_facts.INFANT_AGE_GIVEN,
        lambda v, at: v.age if _infant(v._patient, at) else None,
    ),
    (
        antimediator_h1.H1_ACTIVE,
        lambda v, at: v.medications_of(DrugClass.H1_SECOND_GENERATION),
    ),
]


class TestReadsKnowTheirInputs:
    """A read's paths are the inputs the recording view notes for the same query."""

    @settings(max_examples=50)
    @given(patient=st.one_of(patients(), scenario_patients()))
    def test_generated(self, patient: Patient) -> None:
        """Any patient: each read's paths equal what the query through the view records."""
        p = valid_at(patient, AT)
        facts = facts_of(p, AT)
        for read, query in QUERIES:
            view = Reading(p, facts)
            query(view, AT)
            assert set(read.paths(facts)) == view.seen, read.name

    def test_suspected_sm_reads_tryptase_only_without_an_sm_diagnosis(self) -> None:
        """Known SM is read off the diagnoses; otherwise every tryptase by the moment is read."""
        labs = [lab("tryptase", 30, "ng/mL")]
        known = facts_of(patient(diagnoses=["ism"], labs=labs), AT)
        suspected = facts_of(patient(diagnoses=["mcas"], labs=labs), AT)
        assert SUSPECTED_SM.paths(known) == ()
        assert SUSPECTED_SM.paths(suspected) == ("labs[0]",)
        suspicion = SUSPECTED_SM.of(suspected)
        assert suspicion is not None
        assert suspicion.kind == "tryptase"

    @settings(max_examples=50)
    @given(patient=st.one_of(patients(), scenario_patients()))
    def test_premedication_drugs_taken(self, patient: Patient) -> None:
        """The premedication drugs already taken: the paths of the medications named, as the
        recording view notes ``medications_named`` for each drug asked."""
        p = valid_at(patient, AT)
        facts = facts_of(p, AT)
        view = Reading(p, facts)
        for step in PREMEDICATION[::2]:
            found = perioperative_facts.TAKING.named(facts, step.drug)
            assert found == view.medications_named(step.drug)
        assert set(perioperative_facts.TAKING.paths(facts)) == view.seen

    def test_a_value_is_computed_once(self) -> None:
        """The same read asked twice in one evaluation gives the same object."""
        facts = facts_of(patient(medications=[med("hydroxyurea")]), AT)
        assert CYTOREDUCTIVE_ON.of(facts) is CYTOREDUCTIVE_ON.of(facts)


# -- converted rules keep their contract -----------------------------------------------------


class _Recorder:
    """Records every read a rule asks for (patches ``of`` on each class of read)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.used: list[Read] = []
        classes = [Read]
        while classes:
            cls = classes.pop()
            classes += cls.__subclasses__()
            if "of" in vars(cls):
                monkeypatch.setattr(cls, "of", self._wrap(vars(cls)["of"]))

    def _wrap(self, of: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(read: Read, facts: Facts) -> Any:
            self.used.append(read)
            return of(read, facts)

        return recorded


def _check_rule(r: Rule, facts: Facts, context: Context, recorder: _Recorder) -> None:
    recorder.used.clear()
    assert r.decide is not None
    out = r.decide(facts, context)
    stage = getattr(out, "stage", len(r.stages) - 1)
    allowed = {read for reads in r.stages[: stage + 1] for read in reads}
    asked = set(recorder.used)
    assert asked <= allowed, f"{r.name} read {asked - allowed} beyond stage {stage}"
    for d in out:
        assert d.code in r.codes
        assert set(d.sources) <= set(r.sources), f"{r.name}: {d.sources} not declared"
        assert d.text is None
        template_of(d.code, d.variant)  # every decision has a template
        # The guard's list note for an unread reaction: the decision says what its words say.
        assert d.lists_options == lists_options(render(d)), f"{r.name}: lists_options"


class TestConvertedRulesKeepTheirContract:
    """Each converted rule: declared reads only, in stages reached; declared sources; templates."""

    def test_some_rules_are_converted(self) -> None:
        """The pilot area (four cytopenia rules, the midostaurin rule) and the converted areas."""
        names = {r.name.rsplit(".", 1)[-1] for r in converted()}
        assert names == {
            "cbc_obtain",
            "investigate",
            "bone_marrow_biopsy",
            "antimediator_continue",
            "midostaurin_dose",
            "specialist_center",
            "classification",
            "recorded_differs",
            "bone_marrow_consider",
            "kit_sensitive_assay",
            "censored_value",
            "tryptase_acute_sample",
            "tryptase_baseline",
            "tryptase_criterion",
            "tryptase_sample_timing",
            "tryptase_baseline_elevated",
            "tryptase_hat_consider",
            "reassess",
            "labs_conflicting",
            "embryo_fetal",
            "avapritinib_adverse_event",
            "cytoreductive_adverse_event",
            "avapritinib_do_not_start",
            "avapritinib_platelets",
            "avapritinib_monitor",
            "imatinib_counts",
            "imatinib_d816v",
            "hold_review",
            "planned_low_count",
            "cladribine_prophylaxis",
            "avapritinib_above_max",
            "dose_limits",
            "epinephrine_strength",
            "duplicate",
            "duplicate_moiety",
            "sedating_stacked",
            "withdrawn",
            "name_unrecognised",
            "pregnant_male",
            "midostaurin_without_sm",
            "baseline_in_flare",
            "reaction_review",
            "midostaurin_cyp3a",
            "avapritinib_cyp3a",
            "anaphylaxis_antihypertensives",
            "zafirlukast_aspirin",
            "avapritinib_ethinylestradiol",
            "midostaurin_qt",
            "cromolyn_consider",
            "leukotriene_add",
            "omalizumab_consider",
            "corticosteroid_consider",
            "aspirin_avoid",
            "aspirin_consider",
            "age_contraindicated",
            "older_adult",
            "lactation",
            "pregnancy_nsaid",
            "metamizole_contraindicated",
            "nsaid_low_platelets",
            "premedication",
            "nmba_avoid",
            "agent_avoid",
            "nmba_prefer",
            "emergency_readiness",
            "theatre_triggers",
            "epinephrine_prescribe",
            "triggers_avoid",
            "do_not_withhold",
            "cyproheptadine_consider",
            "specialist_refer",
            "mood_screen",
            "opioid_caution",
            "opioid_prefer",
            "premedicate",
            "nsaid_caution",
            "symptom_control_assess",
            "h1_start",
            "h1_increase",
            "h2_add",
        }

    def test_golden_patients(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every golden patient at every moment, every converted rule (gated or not)."""
        recorder = _Recorder(monkeypatch)
        runs = 0
        for p, at in golden_facts():
            facts = facts_of(p, at)
            context = Context(at=at, facts=facts)
            for r in converted():
                _check_rule(r, facts, context, recorder)
                runs += 1
        assert runs > 1000

    @settings(max_examples=50)
    @given(patient=st.one_of(patients(), scenario_patients()))
    def test_generated_patients(self, patient: Patient) -> None:
        """Generated patients: the same contract."""
        with pytest.MonkeyPatch.context() as monkeypatch:
            recorder = _Recorder(monkeypatch)
            p = valid_at(patient, AT)
            facts = facts_of(p, AT)
            for r in converted():
                _check_rule(r, facts, Context(at=AT, facts=facts), recorder)

    @pytest.mark.parametrize(
        "module",
        [
            "rules/cytopenia.py",
            "rules/midostaurin.py",
            "rules/midostaurin_rows.py",
            "rules/midostaurin_transitions.py",
            "rules/midostaurin_events.py",
            "rules/midostaurin_pulmonary.py",
            "rules/referral.py",
            "rules/diagnosis.py",
            "rules/labs.py",
            "rules/tryptase.py",
            "rules/monitoring.py",
            "rules/pregnancy.py",
            "rules/adverse_events.py",
            "rules/avapritinib.py",
            "rules/cytoreduction.py",
            "rules/medication.py",
            "rules/medication_doses.py",
            "rules/medication_devices.py",
            "rules/medication_limits.py",
            "rules/medication_lists.py",
            "rules/medication_sources.py",
            "rules/records.py",
            "rules/reactions.py",
            "rules/interaction.py",
            "rules/interaction_cyp3a.py",
            "rules/antimediator_addons.py",
            "rules/antimediator_aspirin.py",
            "rules/special_populations.py",
            "rules/antiplatelet.py",
            "rules/perioperative_premedication.py",
            "rules/perioperative_agents.py",
            "rules/perioperative.py",
            "rules/emergency.py",
            "rules/analgesia.py",
            "rules/analgesia_opioids.py",
            "rules/analgesia_premedicate.py",
            "rules/analgesia_nsaids.py",
            "rules/analgesia_nsaid_facts.py",
            "rules/antimediator_h1.py",
            "rules/antimediator.py",
            "rules/antimediator_escalation.py",
        ],
    )
    def test_rule_modules_never_read_the_patient(self, module: str) -> None:
        """A converted rule module reads the facts view only (reads live in reads modules):
        it imports neither the patient nor the recording view, and reads no ``.patient``."""
        tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert not imported & {"Patient", "Reading", "accounting"}
        attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert "patient" not in attributes

    def test_every_rule_is_converted_and_its_module_checked(self) -> None:
        """Every registered rule decides from the facts view (phase 2 done), and each module
        holding one is among those the check above scans."""
        tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
        listed = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("rules/")
        }
        rules = registered_rules()
        assert rules
        assert [r.name for r in rules if not r.converted] == []
        holding = {
            "rules/" + r.name.removeprefix("mastcell.rules.").rsplit(".", 1)[0] + ".py"
            for r in rules
        }
        assert holding <= listed, sorted(holding - listed)

    def test_run_rule_accounts_the_stages_reached(self) -> None:
        """A cytoreductive drug stops ``investigate`` at stage 0: only the drug is read."""
        r = next(r for r in converted() if r.name.endswith(".investigate"))
        p = patient(medications=[med("hydroxyurea")], labs=[lab("wbc", 2.0, "10*9/L")])
        facts = facts_of(p, AT)
        out, paths = run_rule(r, facts, Context(at=AT, facts=facts))
        assert out == ()
        assert paths == {"medications[0]"}


# -- templates -------------------------------------------------------------------------------


class TestTemplates:
    """Text is written from templates, only when asked for; a site can replace one."""

    def test_every_code_of_a_converted_rule_has_a_default_template(self) -> None:
        """Each converted code (bar the midostaurin ones, written by variant) has a template."""
        found = []
        for r in converted():
            for code in r.codes:
                if code.startswith("cytopenia.midostaurin") or r.name.endswith("midostaurin_dose"):
                    continue
                if code == "cytopenia.bone_marrow_biopsy.consider":
                    found.append(template_of(code, "c_finding"))
                    found.append(template_of(code, "below_c_finding"))
                elif code == "cytopenia.avapritinib.resume_reduced":
                    found.append(template_of(code))
                    found.append(template_of(code, "no_subtype"))
                    found.append(template_of(code, "off_ladder"))
                elif code == "cytopenia.avapritinib.adverse_event":
                    found.append(template_of(code, "ich"))
                    found.append(template_of(code, "gist"))
                else:
                    found.append(template_of(code))
        assert found
        assert all(callable(t) for t in found)

    @pytest.mark.parametrize(
        "module",
        [
            "text/cytopenia.py",
            "text/midostaurin.py",
            "text/referral.py",
            "text/diagnosis.py",
            "text/labs.py",
            "text/pregnancy.py",
            "text/adverse_events.py",
            "text/avapritinib.py",
            "text/medication.py",
            "text/records.py",
            "text/reactions.py",
            "text/antiplatelet.py",
        ],
    )
    def test_converted_templates_list_no_options(self, module: str) -> None:
        """The guard reads an unconverted card's words for a list of options to choose from
        (``guard.lists_options``); a converted rule's decisions carry none, so none of its
        templates may use those words (an unread reaction would then need the list note)."""
        from mastcell.guard import _OPTIONS

        text = (SRC / module).read_text(encoding="utf-8")
        assert not _OPTIONS.search(text)

    def test_unknown_template(self) -> None:
        """A decision without a template is a rule error, not a silent blank."""
        with pytest.raises(RuleError, match="no template"):
            template_of("cytopenia.investigate", "nope")

    def test_a_site_replaces_the_words_not_the_decision(self) -> None:
        """A replaced template changes the summary; code, dose, findings, sources stay."""
        p = patient(
            diagnoses=["asm"],
            labs=[
                lab("anc", 2.0, "10*9/L"),
                lab("platelets", 150, "K/uL"),
                lab("hemoglobin", 12, "g/dL"),
            ],
            medications=[med("midostaurin", 50, frequency="bid")],
        )
        before = evaluate(p, at=AT).get("cytopenia.midostaurin.increase")[0]

        def terse(**params: Any) -> tuple[str, str]:
            return "Midostaurin: 100 mg twice daily", "Counts above the thresholds."

        old = register("cytopenia.midostaurin.increase", terse)
        try:
            after = evaluate(p, at=AT).get("cytopenia.midostaurin.increase")[0]
        finally:
            assert old is not None
            register("cytopenia.midostaurin.increase", old)
        assert after.summary == "Midostaurin: 100 mg twice daily"
        assert (after.code, after.medication, after.findings, after.evidence) == (
            before.code,
            before.medication,
            before.findings,
            before.evidence,
        )
        assert evaluate(p, at=AT).get("cytopenia.midostaurin.increase")[0] == before

    def test_decide_writes_no_text(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The compact path writes no text: decide() never calls a template."""
        import mastcell.text as text

        def refuse(code: str, variant: str = "") -> Any:
            raise AssertionError(f"text written for {code}")

        monkeypatch.setattr(text, "template_of", refuse)
        p = patient(
            diagnoses=["asm"], medications=[med("midostaurin")], labs=[lab("anc", 0.4, "10*9/L")]
        )
        outcome = decide(p, at=AT)
        assert "cytopenia.midostaurin.interrupt" in [d.code for d in outcome.decisions]


# -- the guard reads the action --------------------------------------------------------------


def _decision(action: Action, drug: str, *schedule: Dose) -> Decision:
    return Decision(
        code="cytopenia.example.test",
        indicator=Indicator.WARNING,
        action=action,
        drug=drug,
        medication=DoseAdvice(drug=drug, dose=DoseAmount(value=1, unit="mg")),
        schedule=schedule,
    )


class TestGuardReadsTheAction:
    """A proposal is an action that gives the drug; advice not to give it passes unchanged."""

    REACTED = patient(reactions=[Reaction(agent="famotidine", severity="anaphylaxis")])

    @pytest.mark.parametrize("action", [a for a in Action if a.gives])
    def test_a_giving_action_is_withdrawn(self, action: Action) -> None:
        """Any action that gives famotidine to a patient who reacted to it: withdrawn."""
        (out,) = guard_decisions([_decision(action, "famotidine")], self.REACTED)
        assert out.medication is None
        assert out.guard is not None
        assert out.guard.withdrawn == ("famotidine",)
        assert "reactions[0]" in [f.input for f in out.findings]

    @pytest.mark.parametrize("action", [a for a in Action if not a.gives])
    def test_other_actions_pass(self, action: Action) -> None:
        """Hold, stop, avoid, monitor...: the decision passes as it is, whatever its words."""
        d = _decision(action, "famotidine")
        assert guard_decisions([d], self.REACTED) == [d]

    def test_each_schedule_item_by_its_own_action(self) -> None:
        """A hold now with a restart later: only the restart is a proposal."""
        advice = DoseAdvice(drug="famotidine", timing="hold: no doses until recovery")
        d = _decision(
            Action.HOLD, "famotidine", Dose(Action.HOLD, advice), Dose(Action.RESUME, advice)
        )
        (out,) = guard_decisions([d], self.REACTED)
        assert out.medication is not None  # the hold itself
        assert [item.action for item in out.schedule] == [Action.HOLD]

    def test_epinephrine_is_never_withdrawn(self) -> None:
        """A reaction to epinephrine is stated; the proposal stays (EI1, S141)."""
        p = patient(reactions=[Reaction(agent="epinephrine", severity="flare")])
        (out,) = guard_decisions([_decision(Action.START, "epinephrine")], p)
        assert out.medication is not None
        assert "S141" in out.sources
        assert out.guard is not None
        summary, detail = guard_text(out.guard, "Prescribe epinephrine", "")
        assert summary == "Prescribe epinephrine"
        assert "still not withheld" in detail


class TestAdapter:
    """An unconverted rule's recommendation as a decision, its action read from its advice."""

    @pytest.mark.parametrize(
        ("code", "timing", "action"),
        [
            ("cytopenia.midostaurin.interrupt", "hold: no doses until recovery", Action.HOLD),
            (
                "cytopenia.cytoreductive.hold_review",
                "hold and review: clinician decision",
                Action.HOLD,
            ),
            ("cytopenia.avapritinib.adverse_event", "discontinue permanently", Action.STOP),
            ("cytopenia.avapritinib.adverse_event", "stop and refer", Action.STOP),
            ("cytopenia.avapritinib.do_not_start", "do not start", Action.AVOID),
            ("cytopenia.imatinib.kit_d816v", "do not use: KIT D816V detected", Action.AVOID),
            ("antimediator.h1.add", None, Action.START),
            ("emergency.epinephrine.prescribe", None, Action.START),
            ("antimediator.h1.increase", None, Action.INCREASE),
            ("cytopenia.avapritinib.resume_reduced", None, Action.RESUME),
            ("cytopenia.avapritinib.adverse_event", "dose: clinician decision", Action.PREFER),
            ("cytopenia.avapritinib.adverse_event", "clinician decision", Action.INFORM),
            ("perioperative.premedication", "before the start", Action.PREFER),
        ],
    )
    def test_legacy_action(self, code: str, timing: str | None, action: Action) -> None:
        """The old guard's reading, with "do not use" read as avoid."""
        assert legacy_action(code, DoseAdvice(drug="x", timing=timing)) is action

    @pytest.mark.parametrize(
        "timing",
        [
            None,
            "",
            "hold",
            "Discontinue permanently",
            " stop and refer",
            "do not start",
            "do not use: KIT D816V detected",
            "dose: clinician decision",
            "clinician decision",
            "before the start",
            "usual dose",
            "holding pattern?",
        ],
    )
    def test_is_proposal_agrees_with_the_adapter(self, timing: str | None) -> None:
        """The text reading the tests use for a report's proposals is the adapter's: a dose is
        a proposal exactly when the action read from it gives the drug."""
        advice = DoseAdvice(drug="x", timing=timing)
        for code in ("antimediator.h1.add", "cytopenia.imatinib.kit_d816v"):
            assert is_proposal(advice) is legacy_action(code, advice).gives
            assert is_proposal(advice) is legacy_action(code, advice, main=False).gives

    def test_schedule_items_never_order(self) -> None:
        """A schedule item's giving advice reads as prefer (only the main dose may order)."""
        assert legacy_action("antimediator.h1.add", DoseAdvice(drug="x"), main=False) is (
            Action.PREFER
        )

    def test_adapted_text_is_the_rules(self) -> None:
        """Rendering an adapted, unguarded decision gives back the recommendation itself."""
        rec = Recommendation(
            code="antimediator.h2.add",
            indicator="warning",
            summary="Add famotidine",
            detail="Proposed: famotidine.",
            medication=DoseAdvice(drug="famotidine"),
        )
        d = adapt(rec)
        assert d.variant == LEGACY
        assert render(d) is rec


class TestCardsReadTheAction:
    """A CDS Hooks card offers an order when the decision's action orders, never from the code."""

    def _outcome(self, action: Action) -> Outcome:
        advice = DoseAdvice(drug="famotidine", dose=DoseAmount(value=20, unit="mg"))
        rec = Recommendation(
            code="antimediator.h2.check",
            indicator="info",
            summary="famotidine",
            detail="",
            medication=advice,
        )
        d = Decision(
            code=rec.code,
            indicator=Indicator.INFO,
            action=action,
            medication=advice,
            variant=LEGACY,
            text=rec,
        )
        return Outcome(patient_id="p", evaluated_at=AT, mastcell_version="0", decisions=(d,))

    @pytest.mark.parametrize("action", list(Action))
    def test_suggestion_follows_the_action(self, action: Action) -> None:
        """Start, increase and resume order; any other action offers no order."""
        (card,) = cdshooks.cards(self._outcome(action))
        assert ("suggestions" in card) is action.orders
