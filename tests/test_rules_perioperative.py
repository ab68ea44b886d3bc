"""Perioperative rules: muscle relaxants, planned agents, readiness, theatre triggers (2.4, 2.7)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given

from mastcell import evaluate
from mastcell.knowledge.options import Options, PerioperativeOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.model import Indicator, Patient, Procedure, Reaction, Recommendation
from mastcell.testing import AT, patient
from strategies import patients, valid_at

DAY = date(2026, 12, 3)


def _plan(
    *agents: str,
    kind: str = "surgery",
    anesthesia: str | None = "general",
    diagnoses: tuple[str, ...] = ("ism",),
    **fields: Any,
) -> Patient:
    proc = Procedure(kind=kind, date=DAY, anesthesia=anesthesia, planned_agents=agents)
    return patient(diagnoses=list(diagnoses), procedures=[proc], **fields)


def _recs(p: Patient, code: str, **options: Any) -> list[Recommendation]:
    opts = Options(perioperative=PerioperativeOptions(**options))
    return list(evaluate(p, at=AT, categories=["perioperative"], options=opts).get(code))


class TestNmbaAvoid:
    """perioperative.nmba.avoid: O1 releasers critical, O2 contested warning, O3 none."""

    @pytest.mark.parametrize(
        ("agent", "indicator"),
        [
            pytest.param("atracurium", Indicator.CRITICAL, id="O1-atracurium"),
            pytest.param("mivacurium", Indicator.CRITICAL, id="O1-mivacurium"),
            pytest.param("succinylcholine", Indicator.WARNING, id="O2-succinylcholine"),
            pytest.param("Suxamethonium", Indicator.WARNING, id="O2-synonym"),
            pytest.param("rocuronium", None, id="O3-rocuronium-no-avoid"),
            pytest.param("vecuronium", None, id="O3-vecuronium"),
            pytest.param("pancuronium", None, id="O3-pancuronium"),
            pytest.param("cisatracurium", None, id="O4-cisatracurium"),
            pytest.param("propofol", None, id="O5-not-an-nmba"),
        ],
    )
    def test_indicator_by_agent(self, agent: str, indicator: Indicator | None) -> None:
        """Each planned NMBA gives the indicator its fact-sheet row implies (or nothing)."""
        recs = _recs(_plan(agent), "perioperative.nmba.avoid")
        assert [r.indicator for r in recs] == ([] if indicator is None else [indicator])

    def test_atracurium_points_at_the_agent_and_proposes_an_alternative(self) -> None:
        """The finding is the planned agent's path; rocuronium is proposed without a dose."""
        (rec,) = _recs(_plan("propofol", "atracurium"), "perioperative.nmba.avoid")
        assert rec.findings[0].input == "procedures[0].planned_agents[1]"
        assert rec.medication is not None
        assert rec.medication.drug == "rocuronium"
        assert rec.medication.dose is None
        assert {"S33", "S34"} <= set(rec.sources)

    def test_succinylcholine_states_the_disagreement(self) -> None:
        """The succinylcholine warning says the sources disagree, naming both sides (O2)."""
        (rec,) = _recs(_plan("succinylcholine"), "perioperative.nmba.avoid")
        assert "disagree" in rec.summary
        assert "CONFLICT" in rec.detail
        assert "SEED-B" in rec.detail
        assert "S33" in rec.detail
        assert {"SEED-B", "S33", "S39", "S37"} <= set(rec.sources)

    @pytest.mark.parametrize(
        ("agent", "option", "reading", "indicator"),
        [
            pytest.param("rocuronium", "rocuronium", "avoid", Indicator.CRITICAL, id="O3-S39"),
            pytest.param(
                "succinylcholine", "succinylcholine", "avoid", Indicator.CRITICAL, id="O2-seed"
            ),
            pytest.param("succinylcholine", "succinylcholine", "acceptable", None, id="O2-S33"),
        ],
    )
    def test_clinician_reading(
        self, agent: str, option: str, reading: str, indicator: Indicator | None
    ) -> None:
        """A clinician's chosen reading changes the outcome, and the detail says it was chosen."""
        recs = _recs(_plan(agent), "perioperative.nmba.avoid", **{option: reading})
        assert [r.indicator for r in recs] == ([] if indicator is None else [indicator])
        if recs:
            assert "clinician option" in recs[0].detail

    def test_prior_reaction_to_an_acceptable_nmba_is_critical(self) -> None:
        """A recorded reaction to rocuronium makes it critical despite its rating."""
        p = _plan("rocuronium", reactions=[Reaction(agent="rocuronium", severity="anaphylaxis")])
        (rec,) = _recs(p, "perioperative.nmba.avoid")
        assert rec.indicator is Indicator.CRITICAL
        assert any(f.input == "reactions[0]" for f in rec.findings)

    def test_regional_anaesthesia_still_vetted(self) -> None:
        """A histamine-releasing NMBA is flagged whatever the anaesthesia type."""
        recs = _recs(_plan("atracurium", anesthesia="regional"), "perioperative.nmba.avoid")
        assert [r.indicator for r in recs] == [Indicator.CRITICAL]

    def test_no_mast_cell_disorder(self) -> None:
        """Without a mast cell disorder the rule is silent."""
        assert _recs(_plan("atracurium", diagnoses=("hat",)), "perioperative.nmba.avoid") == []


class TestAgentAvoid:
    """perioperative.agent.avoid: other planned agents from O5, O7, O8."""

    @pytest.mark.parametrize(
        ("agent", "indicator"),
        [
            pytest.param("thiopental", Indicator.WARNING, id="O5-thiopental"),
            pytest.param("vancomycin", Indicator.WARNING, id="O7-vancomycin"),
            pytest.param("polymyxin b", Indicator.WARNING, id="O7-polymyxin"),
            pytest.param("metoprolol", Indicator.INFO, id="O8-beta-blocker"),
            pytest.param("protamine", Indicator.INFO, id="O8-protamine"),
            pytest.param("propofol", None, id="O5-propofol"),
            pytest.param("cefazolin", None, id="O7-cefazolin"),
            pytest.param("ciprofloxacin", None, id="O7-fluoroquinolone-default"),
            pytest.param("iodinated contrast", None, id="O15-contrast"),
            pytest.param("morphine", None, id="P3-reported-by-analgesia"),
            pytest.param("atracurium", None, id="O1-reported-by-nmba-rule"),
        ],
    )
    def test_indicator_by_agent(self, agent: str, indicator: Indicator | None) -> None:
        """Each planned agent gets the indicator its level implies; NMBAs and analgesics not here."""
        recs = _recs(_plan(agent), "perioperative.agent.avoid")
        assert [r.indicator for r in recs] == ([] if indicator is None else [indicator])

    def test_fluoroquinolone_reading_option(self) -> None:
        """Choosing the S-DRO reading for fluoroquinolones flags them as caution (O7)."""
        recs = _recs(_plan("levofloxacin"), "perioperative.agent.avoid", fluoroquinolones="caution")
        assert [r.indicator for r in recs] == [Indicator.INFO]

    def test_antibiotic_alternatives_are_not_prescribed(self) -> None:
        """An antibiotic's acceptable classmates are listed, not proposed as a drug."""
        (rec,) = _recs(_plan("vancomycin"), "perioperative.agent.avoid")
        assert rec.medication is None
        assert "indication" in rec.detail


class TestNmbaPrefer:
    """perioperative.nmba.prefer: acceptable NMBAs for a general anaesthetic."""

    def test_general_anaesthesia(self) -> None:
        """A general anaesthetic names rocuronium or vecuronium and the NMBAs to avoid."""
        (rec,) = _recs(_plan("rocuronium"), "perioperative.nmba.prefer")
        assert rec.indicator is Indicator.INFO
        assert "rocuronium or vecuronium" in rec.summary
        assert "atracurium" in rec.summary
        assert rec.medication is not None
        assert rec.medication.drug == "rocuronium"
        assert "CONFLICT on rocuronium" in rec.detail

    @pytest.mark.parametrize(
        ("kind", "anesthesia", "fires"),
        [
            pytest.param("surgery", "general", True, id="general"),
            pytest.param("surgery", None, True, id="surgery-anaesthesia-unknown"),
            pytest.param("surgery", "regional", False, id="regional"),
            pytest.param("endoscopy", "sedation", False, id="sedation"),
            pytest.param("endoscopy", None, False, id="endoscopy-unknown"),
        ],
    )
    def test_which_procedures(self, kind: str, anesthesia: str | None, fires: bool) -> None:
        """General anaesthesia, or surgery without a stated anaesthesia, gets the advice."""
        recs = _recs(_plan(kind=kind, anesthesia=anesthesia), "perioperative.nmba.prefer")
        assert bool(recs) is fires
        if recs and anesthesia is None:
            assert "not stated" in recs[0].summary

    def test_rocuronium_avoid_reading(self) -> None:
        """With S39's reading chosen, vecuronium leads and rocuronium is among the avoided."""
        (rec,) = _recs(_plan(), "perioperative.nmba.prefer", rocuronium="avoid")
        assert rec.medication is not None
        assert rec.medication.drug == "vecuronium"
        assert "rocuronium" in rec.summary.split("avoid")[-1]


class TestEmergencyReadiness:
    """perioperative.emergency_readiness: O14, warning with a REMA risk factor (O12)."""

    @pytest.mark.parametrize(
        ("kind", "anesthesia", "reactions", "indicator"),
        [
            pytest.param("surgery", "general", [], Indicator.WARNING, id="O12-GA-surgery"),
            pytest.param("contrast_imaging", None, [], Indicator.INFO, id="no-risk-factor"),
            pytest.param("endoscopy", "sedation", [], Indicator.INFO, id="sedation"),
            pytest.param(
                "dental",
                "local",
                [Reaction(agent="bee venom", severity="anaphylaxis")],
                Indicator.WARNING,
                id="O12-prior-anaphylaxis",
            ),
        ],
    )
    def test_indicator(
        self, kind: str, anesthesia: str | None, reactions: list[Reaction], indicator: Indicator
    ) -> None:
        """Risk factors raise the readiness advice to a warning."""
        p = _plan(kind=kind, anesthesia=anesthesia, reactions=reactions)
        (rec,) = _recs(p, "perioperative.emergency_readiness")
        assert rec.indicator is indicator
        assert "epinephrine" in rec.summary
        assert "not proposed as a dose" in rec.detail


class TestTheatreTriggers:
    """perioperative.theatre_triggers: O9 physical triggers, P11 bone loss in SM."""

    def test_surgery_in_sm(self) -> None:
        """Surgery in SM lists the triggers and the osteoporosis data (S47)."""
        (rec,) = _recs(_plan(), "perioperative.theatre_triggers")
        assert rec.indicator is Indicator.INFO
        assert "tourniquet" in rec.detail
        assert "S47" in rec.sources

    def test_mcas_without_bone_data(self) -> None:
        """In MCAS the SM bone data are not cited."""
        (rec,) = _recs(_plan(diagnoses=("mcas",)), "perioperative.theatre_triggers")
        assert "S47" not in rec.sources

    def test_contrast_imaging_is_not_theatre(self) -> None:
        """Contrast imaging gets no theatre advice."""
        assert _recs(_plan(kind="contrast_imaging"), "perioperative.theatre_triggers") == []

    @pytest.mark.parametrize("agent", ["heat", "cold", "friction", "emotional stress"])
    def test_personal_trigger_is_a_warning(self, agent: str) -> None:
        """A recorded reaction to a physical trigger makes it a warning and is cited."""
        p = _plan(reactions=[Reaction(agent=agent, severity="flare")])
        (rec,) = _recs(p, "perioperative.theatre_triggers")
        assert rec.indicator is Indicator.WARNING
        assert any(f.input == "reactions[0]" for f in rec.findings)


class TestContracts:
    """Every perioperative recommendation is traceable and well-formed."""

    @given(patients())
    def test_any_patient(self, p: Patient) -> None:
        """No valid patient crashes a rule; evidence is registered and findings exist."""
        report = evaluate(valid_at(p, AT), at=AT, categories=["perioperative"])
        for rec in report.recommendations:
            assert rec.findings
            assert all(e.source in SOURCES for e in rec.evidence)
            assert len(rec.summary) <= 140
