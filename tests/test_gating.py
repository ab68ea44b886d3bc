"""Rules gated on their triggers: the gated report equals the ungated one, entirely.

A rule none of whose triggers holds is skipped by the engine; that is safe only when the rule
would have read no input and said nothing. These tests check it three ways: rule by rule on
every bundled example and golden patient (a skipped rule, run anyway, reads nothing and emits
nothing), report by report on generated patients (gated and ungated ``to_dict`` equal, with and
without ``categories``), and trigger kind by trigger kind (a patient with only that fact runs
the rules gated on it).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golden_reports import EXAMPLES, MOMENTS, read_patient_lines
from mastcell import patient_from_json, to_dict
from mastcell.engine import _evaluate, run_rule
from mastcell.exceptions import InputError
from mastcell.facts import Facts, Recorded, Trigger, drug_triggers, facts_of
from mastcell.model import (
    AdverseEvent,
    Age,
    Analyte,
    AssociatedNeoplasm,
    Biopsy,
    Category,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    Flare,
    KitTest,
    OrganFindings,
    PainAssessment,
    Patient,
    Procedure,
    Reaction,
    Score,
    Sensitisation,
    Skin,
    SymptomControl,
    Weight,
)
from mastcell.rules.registry import Context, Rule, registered_rules
from mastcell.testing import AT, lab, med
from strategies import patients, scenario_patients, valid_at

#: Rules deliberately left ungated (they always run). Empty today: every rule's triggers were
#: read off its body; a rule added without triggers must be listed here with the reason.
DELIBERATELY_UNGATED: frozenset[str] = frozenset()


def _skipped_rules(patient: Patient, at: datetime) -> tuple[int, list[str]]:
    """Run every rule the engine would skip: how many, and what any of them emits or reads.

    A rule's reads are the paths of the declared reads of the stages it reached.
    """
    facts = facts_of(patient, at)
    context = Context(at=at, facts=facts)
    skipped = 0
    loud: list[str] = []
    for r in registered_rules():
        if facts.any_of(r.triggers):
            continue
        skipped += 1
        out, seen = run_rule(r, facts, context)
        if out:
            loud.append(f"{r.name} skipped but would emit {[x.code for x in out]}")
        if seen:
            loud.append(f"{r.name} skipped but would read {sorted(seen)}")
    return skipped, loud


class TestSkippedRulesAreSilent:
    """A rule the engine skips would have read no input and emitted nothing."""

    @pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
    def test_examples(self, path: Path) -> None:
        """Each bundled example, at the golden moment: skipped rules are silent."""
        patient = patient_from_json(path.read_text())
        _, loud = _skipped_rules(patient, datetime(2026, 11, 22, 12, tzinfo=UTC))
        assert loud == []

    def test_golden_patients(self) -> None:
        """Every golden patient at every golden moment: skipped rules are silent, and most
        evaluations skip some rules."""
        skipped = runs = 0
        for line in read_patient_lines():
            patient = patient_from_json(line)
            for at in MOMENTS:
                try:
                    _evaluate(patient, at=at, categories=None, options=None, gated=False)
                except InputError:
                    continue  # not evaluable at that moment
                count, loud = _skipped_rules(patient, at)
                assert loud == []
                skipped += count
                runs += 1
        assert runs > 300
        assert skipped > runs  # gating skips rules on a typical patient

    @given(patient=st.one_of(patients(), scenario_patients()))
    def test_generated_patients(self, patient: Patient) -> None:
        """Generated patients: skipped rules are silent."""
        _, loud = _skipped_rules(valid_at(patient, AT), AT)
        assert loud == []


class TestGatedEqualsUngated:
    """The gated report equals the ungated one, reviewed and unused inputs included."""

    @given(
        patient=st.one_of(patients(), scenario_patients()),
        categories=st.one_of(
            st.none(), st.sets(st.sampled_from(list(Category)), min_size=1, max_size=3)
        ),
    )
    def test_reports_equal(self, patient: Patient, categories: set[Category] | None) -> None:
        """Any generated patient, all categories or a few: the two reports are equal."""
        patient = valid_at(patient, AT)
        gated = _evaluate(patient, at=AT, categories=categories, options=None, gated=True)
        ungated = _evaluate(patient, at=AT, categories=categories, options=None, gated=False)
        assert to_dict(gated) == to_dict(ungated)


class TestEveryRuleIsGatedOrListed:
    """Every rule declares triggers or is listed as deliberately ungated."""

    def test_declared(self) -> None:
        """No rule is ungated by omission."""
        missing = [
            r.name
            for r in registered_rules()
            if not r.triggers and r.name not in DELIBERATELY_UNGATED
        ]
        assert missing == []

    def test_listed_rules_exist_and_are_ungated(self) -> None:
        """The ungated list names registered rules without triggers."""
        names = {r.name: r for r in registered_rules()}
        for name in DELIBERATELY_UNGATED:
            assert name in names
            assert not names[name].triggers

    def test_drug_triggers_refuse_unknown_names(self) -> None:
        """A name outside the catalogue cannot make a drug trigger (it would gate unsafely)."""
        with pytest.raises(ValueError, match="leave the rule ungated"):
            drug_triggers("not-a-drug")


_D = date(2026, 12, 3)

#: One patient per trigger kind, having only that fact.
ONLY: list[tuple[Trigger, Patient]] = [
    (Recorded.PAIN, Patient(pain=PainAssessment(score=5))),
    (Recorded.PROCEDURE, Patient(procedures=(Procedure(kind="dental", date=_D),))),
    (Recorded.FLARE, Patient(flares=(Flare(onset=datetime(2026, 11, 21, tzinfo=UTC)),))),
    (Recorded.REACTION, Patient(reactions=(Reaction(agent="aspirin"),))),
    (
        Recorded.ADVERSE_EVENT,
        Patient(
            adverse_events=(AdverseEvent(term="nausea", grade=3, attributed_to="midostaurin"),)
        ),
    ),
    (Recorded.PREGNANCY, Patient(pregnant=True)),
    (Recorded.MEDICATION, Patient(medications=(med("not-a-catalogue-drug"),))),
    (Recorded.SYMPTOM_CONTROL, Patient(symptom_control=SymptomControl.REFRACTORY)),
    (Recorded.KIT_D816V, Patient(kit_d816v=True)),
    (Recorded.TPSAB1, Patient(tpsab1_extra_copies=1)),
    (Recorded.AGE, Patient(age=Age(value=40, unit="year"))),
    (Recorded.WEIGHT, Patient(weight=Weight(value=70, unit="kg"))),
    (Recorded.LAB, Patient(labs=(lab("urine_nmh", 100, "ug/g creatinine"),))),
    (Recorded.BIOPSY, Patient(biopsies=(Biopsy(date=_D, site="skin"),))),
    (
        Recorded.KIT_TEST,
        Patient(kit_tests=(KitTest(date=_D, variant="D816V", result="not_detected"),)),
    ),
    (Recorded.SKIN, Patient(skin=Skin(darier_sign=True))),
    (Recorded.ORGAN_FINDINGS, Patient(organ_findings=OrganFindings(ascites=False))),
    (Recorded.ASSOCIATED_NEOPLASM, Patient(associated_neoplasm=AssociatedNeoplasm(name="CLL"))),
    (Recorded.ANTIMEDIATOR_RESPONSE, Patient(response_to_antimediators="improved")),
    (Recorded.SENSITISATION, Patient(sensitisations=(Sensitisation(agent="wasp venom"),))),
    (Recorded.SCORE, Patient(scores=(Score(instrument="mct", value=10),))),
    (
        Recorded.EPISODE_DETAIL,
        Patient(flares=(Flare(onset=datetime(2026, 11, 21, tzinfo=UTC), trigger="venom"),)),
    ),
    (Analyte.TRYPTASE, Patient(labs=(lab("tryptase", 30, "ng/mL"),))),
    (Analyte.PLATELETS, Patient(labs=(lab("platelets", 40, "K/uL"),))),
    (Analyte.NEUTROPHILS_PCT, Patient(labs=(lab("neutrophils_pct", 40, "%"),))),
    (DrugClass.CYTOREDUCTIVE, Patient(medications=(med("hydroxyurea"),))),
    (DrugClass.KIT_INHIBITOR, Patient(medications=(med("avapritinib", status="planned"),))),
    (DrugClass.H1_SECOND_GENERATION, Patient(medications=(med("cetirizine"),))),
    (DiagnosisFamily.MAST_CELL_DISORDER, Patient(diagnoses=(Diagnosis.MCAS,))),
    (DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS, Patient(diagnoses=(Diagnosis.ISM,))),
    (Diagnosis.CM, Patient(diagnoses=(Diagnosis.CM,))),
]


def _runs(rule: Rule, facts: Facts) -> bool:
    return facts.any_of(rule.triggers)


class TestEachTriggerKindRunsItsRules:
    """A patient having only one fact runs every rule gated on it."""

    @pytest.mark.parametrize(("trigger", "patient"), ONLY, ids=lambda x: str(x)[:30])
    def test_only_this_fact(self, trigger: Trigger, patient: Patient) -> None:
        """The fact holds, and each rule triggered by it runs."""
        facts = facts_of(patient, AT)
        assert facts.holds(trigger)
        gated_on = [r for r in registered_rules() if trigger in r.triggers]
        assert all(_runs(r, facts) for r in gated_on)

    def test_every_trigger_in_use_is_covered(self) -> None:
        """Each trigger kind used by a rule (other than analytes, drug classes and diagnoses
        tested through the rule's own data) has a one-fact patient above."""
        used = {t for r in registered_rules() for t in r.triggers if isinstance(t, Recorded)}
        assert used <= {t for t, _ in ONLY}

    def test_empty_patient_runs_no_gated_rule(self) -> None:
        """An empty patient holds no trigger: only ungated rules run."""
        facts = facts_of(Patient(), AT)
        assert [r.name for r in registered_rules() if _runs(r, facts)] == sorted(
            DELIBERATELY_UNGATED
        )

    def test_analyte_trigger_counts_results_after_the_moment(self) -> None:
        """An analyte trigger holds for a result drawn after the evaluation moment too (a
        rule may look at the whole series)."""
        later = Patient(labs=(lab("tryptase", 30, "ng/mL", datetime(2027, 1, 1, tzinfo=UTC)),))
        assert facts_of(later, AT).holds(Analyte.TRYPTASE)
