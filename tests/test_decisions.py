"""Rules as data (issue 20): decisions, reads over the facts view, templates, actions.

The golden reports hold what the engine says (tests/test_golden.py) and the branch tests the
promises every report keeps (tests/test_branches*.py); these tests check the parts it is built
from, and the contracts a rule keeps on its own: it queries only the reads it declares, in the
stages it says it reached; its decisions cite only its declared sources and have a template;
its module never reads the patient.
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
from mastcell.accounting import input_paths
from mastcell.cdshooks import _read_action
from mastcell.decision import Action, Decision, Dose, Stopped, upto
from mastcell.engine import decide, run_rule
from mastcell.exceptions import InputError, RuleError
from mastcell.facts import Facts, facts_of
from mastcell.guard import guard_decisions, guard_text, is_proposal, lists_options
from mastcell.knowledge.perioperative import PREMEDICATION
from mastcell.model import (
    DoseAdvice,
    DoseAmount,
    Indicator,
    Patient,
    Reaction,
)
from mastcell.outcome import Outcome
from mastcell.reads import (
    ADVERSE_EVENTS,
    CYTOREDUCTIVE_ON,
    ORGAN_FINDINGS,
    Read,
)
from mastcell.rules import (
    perioperative_facts,
)
from mastcell.rules.cytopenia_facts import SUSPECTED_SM
from mastcell.rules.declare import stages_of
from mastcell.rules.registry import Context, Rule, registered_rules
from mastcell.testing import AT, lab, med, patient
from mastcell.text import _TEMPLATES, register, render, template_of
from strategies import patients, scenario_patients, valid_at

SRC = Path(__file__).resolve().parent.parent / "src" / "mastcell"


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


# -- reads: their paths are inputs of the patient ---------------------------------------------


def _declared_reads() -> list[Read]:
    """Every read some rule declares, once each."""
    return list(dict.fromkeys(read for r in registered_rules() for s in r.stages for read in s))


class TestReadsKnowTheirInputs:
    """A read's paths are inputs of the patient (the report's ``reviewed_inputs`` are made of
    them). They were checked against the old engine's recording view, query for query, until
    it went with the oracle; the golden reports hold them since."""

    @settings(max_examples=50)
    @given(patient=st.one_of(patients(), scenario_patients()))
    def test_generated(self, patient: Patient) -> None:
        """Any patient: each declared read's paths are input paths of it, without repeats."""
        p = valid_at(patient, AT)
        facts = facts_of(p, AT)
        inputs = set(input_paths(p))
        for read in _declared_reads():
            paths = read.paths(facts)
            assert len(set(paths)) == len(paths), read.name
            assert set(paths) <= inputs, (read.name, set(paths) - inputs)

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
        """The premedication drugs already taken: those the patient's ``medications_named``
        gives for each drug asked, and their paths."""
        p = valid_at(patient, AT)
        facts = facts_of(p, AT)
        named = set()
        for step in PREMEDICATION[::2]:
            found = perioperative_facts.TAKING.named(facts, step.drug)
            assert found == p.medications_named(step.drug)
            named |= {p.path_of(m) for m in found}
        assert set(perioperative_facts.TAKING.paths(facts)) == named

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
        template_of(d.code, d.variant)  # every decision has a template
        # The guard's list note for an unread reaction: the decision says what its words say.
        assert d.lists_options == lists_options(render(d)), f"{r.name}: lists_options"


class TestRulesKeepTheirContract:
    """Each rule: declared reads only, in stages reached; declared sources; templates."""

    def test_the_rule_table(self) -> None:
        """Every rule of the table, by name (the pilot area first, then the converted areas)."""
        names = {r.name.rsplit(".", 1)[-1] for r in registered_rules()}
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
            for r in registered_rules():
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
            for r in registered_rules():
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

    def test_every_rule_module_is_checked(self) -> None:
        """Each module holding a rule is among those the check above scans."""
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
        holding = {
            "rules/" + r.name.removeprefix("mastcell.rules.").rsplit(".", 1)[0] + ".py"
            for r in rules
        }
        assert holding <= listed, sorted(holding - listed)

    def test_run_rule_accounts_the_stages_reached(self) -> None:
        """A cytoreductive drug stops ``investigate`` at stage 0: only the drug is read."""
        r = next(r for r in registered_rules() if r.name.endswith(".investigate"))
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
        for r in registered_rules():
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


class TestReportActionReading:
    """A card for a report without its decisions reads each proposal's action from its words
    (``cdshooks._read_action``); the tests read a report's proposals the same way."""

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
    def test_read_action(self, code: str, timing: str | None, action: Action) -> None:
        """The timing words, then the code's ending; "do not use" reads as avoid."""
        assert _read_action(code, DoseAdvice(drug="x", timing=timing)) is action

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
    def test_is_proposal_agrees_with_the_cards(self, timing: str | None) -> None:
        """The text reading the tests use for a report's proposals is the cards': a dose is
        a proposal exactly when the action read from it gives the drug."""
        advice = DoseAdvice(drug="x", timing=timing)
        for code in ("antimediator.h1.add", "cytopenia.imatinib.kit_d816v"):
            assert is_proposal(advice) is _read_action(code, advice).gives


class TestCardsReadTheAction:
    """A CDS Hooks card offers an order when the decision's action orders, never from the code."""

    def _outcome(self, action: Action) -> Outcome:
        advice = DoseAdvice(drug="famotidine", dose=DoseAmount(value=20, unit="mg"))
        d = Decision(
            code="antimediator.h2.check", indicator=Indicator.INFO, action=action, medication=advice
        )
        return Outcome(patient_id="p", evaluated_at=AT, mastcell_version="0", decisions=(d,))

    @pytest.mark.parametrize("action", list(Action))
    def test_suggestion_follows_the_action(
        self, action: Action, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Start, increase and resume order; any other action offers no order."""
        template_of("antimediator.h2.add")  # the templates loaded, then one for a code without
        monkeypatch.setitem(_TEMPLATES, ("antimediator.h2.check", ""), lambda: ("famotidine", ""))
        (card,) = cdshooks.cards(self._outcome(action))
        assert ("suggestions" in card) is action.orders
