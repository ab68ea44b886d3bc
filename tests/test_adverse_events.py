"""Adverse events on cytoreductive drugs: midostaurin ILD (LW13), avapritinib (LW3-LW8), others."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import AdverseEvent, Indicator, Patient, Recommendation, Report, evaluate
from mastcell.knowledge.adverse_events import EventKind, kind_of
from mastcell.model import LabResult
from mastcell.testing import AT, lab, med, patient

MIDO_DISCONTINUE = "cytopenia.midostaurin.discontinue"
MIDO_UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"
NO_RESTART = {"cytopenia.midostaurin.resume_reduced", "cytopenia.midostaurin.increase"}
AVA_EVENT = "cytopenia.avapritinib.adverse_event"
OTHER_EVENT = "cytopenia.cytoreductive.adverse_event"
START = date(2026, 9, 1)


def run(p: Patient) -> Report:
    return evaluate(p, at=AT, categories=["cytopenia"])


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


def cbc() -> list[LabResult]:
    return [lab("anc", 3, "10*9/L"), lab("platelets", 200, "K/uL"), lab("hemoglobin", 12, "g/dL")]


class TestTermRecognition:
    """Free-text adverse-event terms are recognised robustly (knowledge data)."""

    @pytest.mark.parametrize(
        ("term", "kind"),
        [
            ("pneumonitis", EventKind.PULMONARY_TOXICITY),
            ("Interstitial lung disease", EventKind.PULMONARY_TOXICITY),
            ("ILD", EventKind.PULMONARY_TOXICITY),
            ("interstitial_lung_disease", EventKind.PULMONARY_TOXICITY),
            ("drug-induced pneumonitis", EventKind.PULMONARY_TOXICITY),
            ("intracranial hemorrhage", EventKind.INTRACRANIAL_HEMORRHAGE),
            ("Intracranial haemorrhage", EventKind.INTRACRANIAL_HEMORRHAGE),
            ("intracranial_hemorrhage", EventKind.INTRACRANIAL_HEMORRHAGE),
            ("ICH", EventKind.INTRACRANIAL_HEMORRHAGE),
            ("cognitive impairment", EventKind.COGNITIVE),
            ("Cognitive disorder", EventKind.COGNITIVE),
            ("memory impairment", EventKind.COGNITIVE),
            ("cognitive", EventKind.COGNITIVE),
            ("dyspnoea", EventKind.PULMONARY_SYMPTOM),
            ("rash", None),
            ("nausea", None),
            ("wild rash", None),
            ("child", None),
        ],
    )
    def test_kind_of(self, term: str, kind: EventKind | None) -> None:
        """LW3/LW6/LW13 terms map to their kind; whole words only."""
        assert kind_of(term) is kind


class TestMidostaurinPulmonary:
    """LW13: ILD or pneumonitis discontinues midostaurin; no resume or increase follows."""

    def test_tester_case_resolved_grade_3_pneumonitis(self) -> None:
        """LW13: held for a resolved grade 3 pneumonitis gives discontinue, not resume 50 mg BID."""
        event = AdverseEvent(
            term="pneumonitis",
            grade=3,
            onset=date(2026, 10, 1),
            resolved=date(2026, 11, 1),
            attributed_to="midostaurin",
        )
        held = med(
            "midostaurin",
            100,
            frequency="bid",
            status="held",
            held_reason="toxicity",
            held_since=date(2026, 10, 1),
            start=START,
        )
        report = run(
            patient(diagnoses=["asm"], labs=cbc(), medications=[held], adverse_events=[event])
        )
        assert report.codes == (MIDO_DISCONTINUE,)
        rec = only(report, MIDO_DISCONTINUE)
        assert rec.indicator is Indicator.CRITICAL
        assert rec.medication is not None
        assert rec.medication.timing == "discontinue permanently"
        assert rec.schedule == ()
        assert {"S101", "S103"} <= set(rec.sources)

    @pytest.mark.parametrize(
        ("state", "dose"),
        [("active", 100), ("active", 50), ("held", 100)],
    )
    @pytest.mark.parametrize("term", ["ILD", "interstitial lung disease", "Pneumonitis"])
    def test_any_grade_any_state(self, state: str, dose: float, term: str) -> None:
        """LW13: a grade 1 event, ongoing, discontinues from every state."""
        medication = med(
            "midostaurin", dose, frequency="bid", status=state, held_reason="neutropenia"
        )
        event = AdverseEvent(term=term, grade=1)
        report = run(
            patient(diagnoses=["asm"], labs=cbc(), medications=[medication], adverse_events=[event])
        )
        assert report.codes == (MIDO_DISCONTINUE,)

    def test_ongoing_cough_blocks_increase(self) -> None:
        """LW13: ongoing cough on 50 mg BID gives a critical evaluate-for-ILD, not an increase."""
        event = AdverseEvent(term="cough", grade=1)
        report = run(
            patient(
                diagnoses=["asm"],
                labs=cbc(),
                medications=[med("midostaurin", 50, frequency="bid")],
                adverse_events=[event],
            )
        )
        assert report.codes == (MIDO_UNSPECIFIED,)
        assert only(report, MIDO_UNSPECIFIED).indicator is Indicator.CRITICAL

    def test_ild_before_start_blocks_restart(self) -> None:
        """LW13: ILD recorded before the start gives no discontinue but no increase either."""
        event = AdverseEvent(term="ILD", grade=2, onset=date(2025, 1, 1), resolved=date(2025, 3, 1))
        medication = med("midostaurin", 50, frequency="bid", start=START)
        report = run(
            patient(diagnoses=["asm"], labs=cbc(), medications=[medication], adverse_events=[event])
        )
        assert report.codes == (MIDO_UNSPECIFIED,)

    @given(
        grade=st.integers(1, 5),
        onset_days=st.none() | st.integers(0, 200),
        resolved_after=st.none() | st.integers(0, 60),
        state=st.sampled_from(["active", "held"]),
        dose=st.sampled_from([50, 100, 75]),
        reason=st.sampled_from(["neutropenia", "thrombocytopenia", "anemia", "toxicity", "other"]),
        term=st.sampled_from(["pneumonitis", "ILD", "Interstitial lung disease", "ild"]),
        attributed=st.sampled_from([None, "midostaurin", "amiodarone"]),
    )
    def test_never_followed_by_resume_or_increase(
        self,
        grade: int,
        onset_days: int | None,
        resolved_after: int | None,
        state: str,
        dose: float,
        reason: str,
        term: str,
        attributed: str | None,
    ) -> None:
        """LW13: whatever the grade, dates, state or attribution, no resume/increase follows ILD."""
        onset = None if onset_days is None else AT.date() - timedelta(days=onset_days)
        resolved = (
            None
            if onset is None or resolved_after is None
            else min(onset + timedelta(days=resolved_after), AT.date())
        )
        event = AdverseEvent(
            term=term, grade=grade, onset=onset, resolved=resolved, attributed_to=attributed
        )
        medication = med(
            "midostaurin",
            dose,
            frequency="bid",
            status=state,
            held_reason=reason,
            start=date(2026, 1, 1) if onset is None or onset >= date(2026, 1, 1) else None,
        )
        report = run(
            patient(diagnoses=["asm"], labs=cbc(), medications=[medication], adverse_events=[event])
        )
        assert not NO_RESTART & set(report.codes)
        assert MIDO_DISCONTINUE in report.codes


class TestAvapritinib:
    """LW3-LW8: ICH stop and refer; cognitive and grade 3-4 events show the GIST scheme."""

    @pytest.mark.parametrize(
        ("term", "grade", "attributed", "resolved"),
        [
            pytest.param("intracranial hemorrhage", 1, None, None, id="LW3-grade1"),
            pytest.param("ICH", 3, "avapritinib", None, id="LW3-ich-grade3"),
            pytest.param("intracranial_haemorrhage", 2, "warfarin", None, id="LW3-other-drug"),
            pytest.param("ICH", 1, None, date(2026, 11, 1), id="LW3-resolved"),
        ],
    )
    def test_any_ich_is_stop_and_refer(
        self, term: str, grade: int, attributed: str | None, resolved: date | None
    ) -> None:
        """LW3-LW5: any ICH on avapritinib is critical; the SM action is not loaded."""
        event = AdverseEvent(
            term=term,
            grade=grade,
            onset=date(2026, 10, 20),
            resolved=resolved,
            attributed_to=attributed,
        )
        p = patient(
            diagnoses=["asm"],
            labs=cbc(),
            medications=[med("avapritinib", 200, frequency="daily", start=START)],
            adverse_events=[event],
        )
        rec = only(run(p), AVA_EVENT)
        assert rec.indicator is Indicator.CRITICAL
        assert rec.summary.startswith("Stop avapritinib and refer")
        assert "not loaded" in rec.summary
        assert "GIST" in rec.detail

    @pytest.mark.parametrize(
        ("term", "grade", "indicator"),
        [
            pytest.param("cognitive impairment", 1, Indicator.WARNING, id="LW6-grade1"),
            pytest.param("memory impairment", 2, Indicator.WARNING, id="LW6-grade2"),
            pytest.param("Cognitive disorder", 3, Indicator.CRITICAL, id="LW6-grade3"),
            pytest.param("rash", 3, Indicator.CRITICAL, id="LW8-grade3"),
            pytest.param("diarrhoea", 4, Indicator.CRITICAL, id="LW8-grade4"),
            pytest.param("rash", 2, None, id="LW8-grade2-none"),
        ],
    )
    def test_gist_scheme_labelled_as_gist(
        self, term: str, grade: int, indicator: Indicator | None
    ) -> None:
        """LW6/LW8: the GIST scheme is shown as GIST's, with a clinician decision."""
        p = patient(
            diagnoses=["ism"],
            labs=cbc(),
            medications=[med("avapritinib", 25, frequency="daily")],
            adverse_events=[AdverseEvent(term=term, grade=grade)],
        )
        report = run(p)
        if indicator is None:
            assert AVA_EVENT not in report.codes
            return
        rec = only(report, AVA_EVENT)
        assert rec.indicator is indicator
        assert "GIST" in rec.detail
        assert "NOT VERIFIED" in rec.detail
        assert "clinician decision" in rec.summary
        assert rec.medication is not None
        assert rec.medication.dose is None

    def test_resolved_event_on_active_drug_is_quiet(self) -> None:
        """LW8: a resolved grade 3 event while avapritinib is active again needs no alert."""
        event = AdverseEvent(
            term="rash", grade=3, onset=date(2026, 10, 1), resolved=date(2026, 10, 20)
        )
        p = patient(
            diagnoses=["ism"],
            labs=cbc(),
            medications=[med("avapritinib", 25, frequency="daily")],
            adverse_events=[event],
        )
        assert AVA_EVENT not in run(p).codes


class TestOtherCytoreductiveDrugs:
    """Any grade 3-4 adverse event on another cytoreductive drug is at least critical."""

    @pytest.mark.parametrize(
        ("drug", "said"),
        [
            ("imatinib", "bilirubin > 3x IULN"),
            ("cladribine", "4-9x"),
            ("hydroxyurea", "no adverse-event row"),
            ("peginterferon", "no adverse-event row"),
        ],
    )
    def test_grade_3_is_critical(self, drug: str, said: str) -> None:
        """CR2/CR9: a grade 3 event gives hold-and-review with what the sources say."""
        p = patient(
            labs=cbc(),
            medications=[med(drug)],
            adverse_events=[AdverseEvent(term="rash", grade=3)],
        )
        rec = only(run(p), OTHER_EVENT)
        assert rec.indicator is Indicator.CRITICAL
        assert said in rec.detail
        assert rec.sources

    @pytest.mark.parametrize(
        ("grade", "attributed", "fires"),
        [
            pytest.param(2, None, False, id="grade2"),
            pytest.param(3, "hydroxyurea", True, id="attributed"),
            pytest.param(4, None, True, id="unattributed"),
            pytest.param(3, "cetirizine", False, id="attributed-elsewhere"),
        ],
    )
    def test_grade_and_attribution(self, grade: int, attributed: str | None, fires: bool) -> None:
        """Grade 3 or worse, attributed to the drug or unattributed."""
        p = patient(
            labs=cbc(),
            medications=[med("hydroxyurea")],
            adverse_events=[AdverseEvent(term="rash", grade=grade, attributed_to=attributed)],
        )
        assert (OTHER_EVENT in run(p).codes) is fires

    def test_midostaurin_keeps_its_own_rule(self) -> None:
        """Midostaurin's grade 3 events follow its label table, not the generic alert."""
        p = patient(
            diagnoses=["asm"],
            labs=cbc(),
            medications=[med("midostaurin", 100, frequency="bid")],
            adverse_events=[AdverseEvent(term="rash", grade=3)],
        )
        assert run(p).codes == ("cytopenia.midostaurin.interrupt",)
