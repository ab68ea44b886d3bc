"""The ``diagnosis`` rules: classification, recorded_differs, bone_marrow.consider, kit.sensitive_assay."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from diagnosis_builders import baseline, complete, kit, marrow
from mastcell import Flare, Patient, Reaction, Score, Skin, evaluate
from mastcell.knowledge.options import DiagnosisOptions, Options
from mastcell.model import AssociatedNeoplasm, Recommendation
from mastcell.testing import AT


def _get(patient: Patient, code: str, **options: Any) -> tuple[Recommendation, ...]:
    report = evaluate(
        patient,
        at=AT,
        categories=["diagnosis"],
        options=Options(diagnosis=DiagnosisOptions(**options)),
    )
    return report.get(code)


class TestClassificationRule:
    """diagnosis.classification: the criteria side by side, whenever the work-up is present."""

    def test_complete_work_up(self) -> None:
        """Information with both schemes' result and the subtype in the summary."""
        (rec,) = _get(complete(), "diagnosis.classification")
        assert rec.indicator.value == "info"
        assert rec.summary == (
            "SM criteria: WHO 2022 met, bmm, ICC 2022 met, ism (variant bmm); MCAS indeterminate"
        )
        assert "WHO 2022: SM met, bmm (major met" in rec.detail
        assert "The schemes disagree on: subtype" in rec.detail
        cited = {f.input for f in rec.findings}
        assert {"biopsies[0]", "kit_tests[0]", "organ_findings", "skin"} <= cited

    @pytest.mark.parametrize(
        "fields",
        [
            {"biopsies": [marrow()]},
            {"kit_tests": [kit()]},
            {"skin": Skin(lesions="none")},
            {"associated_neoplasm": AssociatedNeoplasm(name="CMML")},
            {"response_to_antimediators": "improved"},
            {"scores": [Score(instrument="mct", value=12)]},
            {"flares": [Flare(onset=AT - timedelta(days=3), trigger="food")]},
        ],
        ids=lambda f: next(iter(f)),
    )
    def test_any_work_up_input_shows_it(self, fields: dict[str, Any]) -> None:
        """Any input of the issue's table makes the classification appear."""
        assert len(_get(Patient(**fields), "diagnosis.classification")) == 1

    @pytest.mark.parametrize(
        "fields",
        [
            {},
            {"kit_d816v": True},
            {"labs": [baseline(40)]},
            {"flares": [Flare(onset=AT - timedelta(days=3))]},  # a flare without details
        ],
    )
    def test_absent_without_the_work_up(self, fields: dict[str, Any]) -> None:
        """Without any input of the table (the legacy KIT flag, labs, bare flares): absent."""
        assert _get(Patient(**fields), "diagnosis.classification") == ()


class TestRecordedDiffers:
    """diagnosis.recorded_differs: the record matches neither scheme (DX13-DX17, DX23)."""

    @pytest.mark.parametrize(
        ("recorded", "fires"),
        [
            ("ism", False),  # WHO bmm / ICC ism (variant bmm): consistent
            ("bmm", False),
            ("sm", False),
            ("mcas", False),  # not an SM claim
            ("asm", True),
            ("ssm", True),
            ("mcl", True),
            ("cm", True),  # DX23: CM means the SM criteria are not met
        ],
    )
    def test_against_a_complete_indolent_work_up(self, recorded: str, fires: bool) -> None:
        """A complete indolent work-up against each recorded code."""
        recs = _get(complete(diagnoses=[recorded]), "diagnosis.recorded_differs")
        assert bool(recs) is fires
        if fires:
            assert recs[0].indicator.value == "warning"
            assert f"Recorded '{recorded}' differs" in recs[0].summary

    def test_ism_recorded_with_a_c_finding_met(self) -> None:
        """The issue's example: ism recorded, a C-finding met (ASM under both)."""
        p = complete(diagnoses=["ism"], organs={"malabsorption_with_weight_loss": True})
        (rec,) = _get(p, "diagnosis.recorded_differs")
        assert "WHO 2022 SM, asm; ICC 2022 SM, asm" in rec.summary

    def test_ism_recorded_with_a_c_finding_met_and_the_aspirate_unknown(self) -> None:
        """ASM or MCL still possible: an ism record matches neither, even without a subtype."""
        p = complete(
            diagnoses=["ism"],
            organs={"malabsorption_with_weight_loss": True},
            marrow_fields={"aspirate_mast_cell_pct": None},
        )
        (rec,) = _get(p, "diagnosis.recorded_differs")
        assert "subtype asm or mcl" in rec.summary

    def test_never_while_indeterminate(self) -> None:
        """Indeterminate criteria never contradict a record."""
        p = Patient(diagnoses=["asm"], biopsies=[marrow(aggregates=None)])
        assert _get(p, "diagnosis.recorded_differs") == ()

    def test_sm_recorded_but_criteria_not_met(self) -> None:
        """The criteria not met under both schemes contradict a recorded ism."""
        p = complete(
            diagnoses=["ism"],
            marrow_fields={
                "aggregates": False,
                "atypical_pct": 5,
                "cd25": False,
                "cd2": False,
                "cd30": False,
            },
            kit_tests=[kit(result="not_detected")],
            tryptase=(5.0, 6.0),
        )
        (rec,) = _get(p, "diagnosis.recorded_differs")
        assert "SM criteria not met" in rec.summary


def _venom(**fields: Any) -> Patient:
    base: dict[str, Any] = {
        "age": {"value": 45, "unit": "year"},
        "flares": [Flare(onset=AT - timedelta(days=40), anaphylaxis=True, trigger="venom")],
    }
    base.update(fields)
    if isinstance(base["age"], dict):
        from mastcell import Age

        base["age"] = Age(**base["age"])
    return Patient(**base)


class TestBoneMarrowConsider:
    """diagnosis.bone_marrow.consider: NICAS, REMA, venom (RS32), genotype limit (SC4, MC11)."""

    @pytest.mark.parametrize(("value", "fires"), [(2.0, True), (1.0, False), (1.99, False)])
    def test_rema(self, value: float, fires: bool) -> None:
        """SC2, SC4: an entered REMA >= 2 (exactly 2 fires)."""
        p = Patient(scores=[Score(instrument="rema", value=value, date=date(2026, 10, 1))])
        assert bool(_get(p, "diagnosis.bone_marrow.consider")) is fires

    def test_rema_latest_entry_decides(self) -> None:
        """SC2: the latest dated REMA decides."""
        p = Patient(
            scores=[
                Score(instrument="rema", value=3, date=date(2026, 10, 1)),
                Score(instrument="rema", value=0, date=date(2026, 11, 1)),
            ]
        )
        assert _get(p, "diagnosis.bone_marrow.consider") == ()

    @pytest.mark.parametrize(
        ("fields", "fires"),
        [
            ({"labs": [baseline(11.5)]}, True),  # RS32: > 11.4
            ({"labs": [baseline(11.4)]}, False),  # RS32: exactly 11.4 is not above
            ({"labs": [baseline(11.5)], "tpsab1_extra_copies": 2}, True),  # RS32: as written
            ({"skin": Skin(lesions="mpcm")}, True),  # RS32: skin lesions
            ({"skin": Skin(lesions="none"), "labs": [baseline(5)]}, False),
            ({"labs": [baseline(30)], "age": {"value": 12, "unit": "year"}}, False),  # adults
        ],
    )
    def test_venom(self, fields: dict[str, Any], fires: bool) -> None:
        """RS32: an adult with venom anaphylaxis and a baseline above 11.4 or skin lesions."""
        recs = _get(_venom(**fields), "diagnosis.bone_marrow.consider")
        assert bool(recs) is fires
        if fires:
            assert "venom anaphylaxis" in recs[0].summary
            assert recs[0].indicator.value == "warning"

    def test_venom_with_age_unknown_says_so(self) -> None:
        """RS32: age not recorded: it still fires and says the fact speaks of adults."""
        p = Patient(
            flares=[Flare(onset=AT - timedelta(days=40), anaphylaxis=True, trigger="venom")],
            labs=[baseline(15)],
        )
        (rec,) = _get(p, "diagnosis.bone_marrow.consider")
        assert "age not recorded" in rec.detail

    @pytest.mark.parametrize(
        ("copies", "value", "fires"),
        [
            (0, 11.4, False),  # MC11: 0 copies, limit 11.4 (not above)
            (0, 11.5, True),  # MC12: without HaT, a baseline > 11.4 points to clonal disease
            (1, 36.2, False),  # MC11: 1 copy, 36.2
            (1, 36.3, True),
            (2, 62.3, True),  # MC11: 2 copies, 62.2
            (4, 110.0, False),  # MC12: > 100 ng/mL can be normal for a genotype (4 copies: 115.9)
            (4, 116.0, True),  # MC11, MC12
            (5, 500.0, False),  # MC11: 5 copies not tabulated: no limit, no guess
            (None, 500.0, False),  # genotype unknown: TPSAB1 advice is hat_consider's
        ],
    )
    def test_genotype_limit(self, copies: int | None, value: float, fires: bool) -> None:
        """SC4, MC11, FX5: a baseline above the genotype's limit with systemic reactions."""
        p = Patient(
            tpsab1_extra_copies=copies,
            labs=[baseline(value)],
            reactions=[Reaction(agent="wasp venom", severity="anaphylaxis")],
        )
        assert bool(_get(p, "diagnosis.bone_marrow.consider")) is fires

    def test_genotype_limit_needs_systemic_reactions(self) -> None:
        """SC4: above the limit without a systemic reaction: no suggestion."""
        p = Patient(
            tpsab1_extra_copies=0,
            labs=[baseline(30)],
            reactions=[Reaction(agent="ibuprofen", severity="mild")],
        )
        assert _get(p, "diagnosis.bone_marrow.consider") == ()

    @pytest.mark.parametrize(("reference", "fires"), [("genotype", True), ("ecnm_aim", False)])
    def test_reference_option(self, reference: str, fires: bool) -> None:
        """FX5, MC13: with ECNM/AIM's 15 ng/mL (the conflicting reference, an option) a baseline
        of 14 is not above the limit; the genotype's 11.4 (the default) it is."""
        p = Patient(
            tpsab1_extra_copies=0,
            labs=[baseline(14)],
            reactions=[Reaction(agent="x", severity="anaphylaxis")],
        )
        recs = _get(p, "diagnosis.bone_marrow.consider", tryptase_reference=reference)
        assert bool(recs) is fires

    def test_nicas(self) -> None:
        """SC1: NICAS low bound >= 2 suggests a marrow study."""
        p = Patient(
            sex="male",
            flares=[
                Flare(
                    onset=AT - timedelta(days=40),
                    anaphylaxis=True,
                    trigger="none",
                    syncope=True,
                    angioedema=False,
                    flushing=False,
                    urticaria=False,
                )
            ],
            labs=[baseline(12)],
            kit_tests=[kit(specimen="blood")],
        )
        # male 1 + tryptase 1 + KIT 3 + (angioedema absent 1 + syncope 3, or one of them): 5-9
        (rec,) = _get(p, "diagnosis.bone_marrow.consider")
        assert "NICAS >= 2" in rec.summary
        assert "NICAS 5 to 9" in rec.detail

    def test_nicas_low_bound_below_two(self) -> None:
        """SC1: a range of 1 to 4 (KIT negative in blood) does not suggest the study."""
        p = Patient(
            sex="male",
            flares=[
                Flare(
                    onset=AT - timedelta(days=40),
                    anaphylaxis=True,
                    trigger="none",
                    syncope=True,
                    angioedema=False,
                    flushing=False,
                    urticaria=False,
                )
            ],
            labs=[baseline(12)],
            kit_tests=[kit(specimen="blood", result="not_detected")],
        )
        assert _get(p, "diagnosis.bone_marrow.consider") == ()

    def test_silent_with_a_marrow_study_or_sm_on_record(self) -> None:
        """Already studied (a marrow biopsy) or diagnosed (SM): no suggestion."""
        scores = [Score(instrument="rema", value=3)]
        assert (
            _get(Patient(scores=scores, biopsies=[marrow()]), "diagnosis.bone_marrow.consider")
            == ()
        )
        assert (
            _get(Patient(scores=scores, diagnoses=["ism"]), "diagnosis.bone_marrow.consider") == ()
        )

    def test_tpsab1_advice_has_one_home(self) -> None:
        """The marrow suggestion never gives TPSAB1 testing advice itself; it points at
        monitoring.tryptase.hat_consider."""
        (rec,) = _get(
            Patient(scores=[Score(instrument="rema", value=3)]), "diagnosis.bone_marrow.consider"
        )
        assert "monitoring.tryptase.hat_consider" in rec.detail
        assert "copy-number testing" not in rec.detail


class TestKitSensitiveAssay:
    """diagnosis.kit.sensitive_assay: a negative that is not assessable (DX7)."""

    @pytest.mark.parametrize(
        ("fields", "fires"),
        [
            ({"kit_d816v": False}, True),
            ({"kit_d816v": True}, False),
            ({"kit_tests": [kit(result="not_detected", method="ngs")]}, True),
            ({"kit_tests": [kit(result="not_detected", method="other")]}, True),
            ({"kit_tests": [kit(result="not_detected", method=None)]}, True),
            ({"kit_tests": [kit(result="not_detected", method="asqpcr", lod_pct=1.0)]}, True),
            ({"kit_tests": [kit(result="not_detected", method="asqpcr", lod_pct=0.1)]}, False),
            ({"kit_tests": [kit(result="not_detected")]}, False),  # ddPCR in marrow decides
            ({"kit_tests": [kit(result="not_detected", specimen="blood")]}, False),  # sensitive
            ({"kit_tests": [kit(result="not_detected", method="ngs"), kit()]}, False),  # detected
            (
                {
                    "kit_tests": [
                        kit(result="not_detected", method="ngs"),
                        kit(result="not_detected"),
                    ]
                },
                False,
            ),  # a sensitive marrow negative decides
            ({"kit_d816v": False, "kit_tests": [kit(result="not_detected")]}, False),
        ],
    )
    def test_fires(self, fields: dict[str, Any], fires: bool) -> None:
        """DX7: NGS, an LOD above 0.1 % or unknown, or the legacy false: not assessable."""
        recs = _get(Patient(**fields), "diagnosis.kit.sensitive_assay")
        assert bool(recs) is fires
        if fires:
            assert recs[0].indicator.value == "info"
            assert "high-sensitivity assay" in recs[0].summary
