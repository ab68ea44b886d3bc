"""The classification, fact by fact (DX, BC, MC, SC): tables at the edges, both schemes.

Each row cites its fact id; comparators are tested on both sides of their edge (>= vs >).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from diagnosis_builders import baseline, complete, counts, kit, marrow, result
from mastcell import AssociatedNeoplasm, Biopsy, Flare, Patient, Skin
from mastcell.diagnosis import SchemeResult
from mastcell.knowledge.facts import FACTS
from mastcell.model.classification import (
    BFinding,
    CFinding,
    McasCriterion,
    MinorCriterion,
    Scheme,
    SmSubtype,
)
from mastcell.testing import AT, lab

WHO, ICC = Scheme.WHO_2022, Scheme.ICC_2022


def statuses(patient: Patient, pick: Any, **options: Any) -> list[str]:
    """``[WHO, ICC]`` of what ``pick(scheme_result)`` returns (a status or a subtype)."""
    out = []
    for r in result(patient, **options).schemes:
        value = pick(r)
        if isinstance(value, str):
            out.append(value)
            continue
        out.append(getattr(value, "status", value).value)
    return out


def _major(r: Any) -> Any:
    return r.major


def _minor(which: MinorCriterion) -> Any:
    return lambda r: r.minor[which]


def _b(which: BFinding) -> Any:
    return lambda r: r.b_findings[which]


def _c(which: CFinding) -> Any:
    return lambda r: r.c_findings[which]


def _subtype(r: SchemeResult) -> str:
    return r.subtype_text


def _status(r: Any) -> Any:
    return r.status


class TestFactsAreRegistered:
    """Every fact id the tests below cite is registered with its tag and sources."""

    @pytest.mark.parametrize(
        "fact",
        [f"DX{i}" for i in range(1, 26)]
        + [f"BC{i}" for i in range(1, 12)]
        + [f"MC{i}" for i in range(1, 15)]
        + [f"SC{i}" for i in range(1, 10)]
        + [f"FX{i}" for i in range(1, 8)]
        + ["RS31", "RS32"],
    )
    def test_registered(self, fact: str) -> None:
        """The fact resolves on the sources page (a statement, a tag, sources where it has some)."""
        assert FACTS[fact].statement
        assert FACTS[fact].document == "diagnosis sheet"


class TestMajorCriterion:
    """DX1: multifocal dense aggregates; ICC also needs tryptase or CD117 IHC."""

    @pytest.mark.parametrize(
        ("biopsy", "expected"),
        [
            ({"aggregates": True}, ["met", "unknown"]),  # DX1: stain unknown under ICC
            ({"aggregates": True, "aggregates_stain": []}, ["met", "not_met"]),  # DX1: none used
            ({"aggregates": True, "aggregates_stain": ["tryptase"]}, ["met", "met"]),  # DX1
            ({"aggregates": True, "aggregates_stain": ["cd117"]}, ["met", "met"]),  # DX1
            ({"aggregates": False}, ["not_met", "not_met"]),  # DX1: marrow without aggregates
            ({"aggregates": None}, ["unknown", "unknown"]),  # DX1: not assessed
            ({"site": "gi", "aggregates": True, "aggregates_stain": ["cd117"]}, ["met", "met"]),
            ({"site": "liver", "aggregates": False}, ["unknown", "unknown"]),  # marrow not studied
            (
                {"site": "skin", "aggregates": True},
                ["unknown", "unknown"],
            ),  # DX1: extracutaneous only
        ],
    )
    def test_major(self, biopsy: dict[str, Any], expected: list[str]) -> None:
        """DX1 under both schemes."""
        assert statuses(Patient(biopsies=[marrow(**biopsy)]), _major) == expected

    def test_comparator_conflict_is_noted_when_met(self) -> None:
        """DX1: ">= 15" vs "> 15" (CONFLICT) is stated whenever the criterion is met."""
        notes = " ".join(result(Patient(biopsies=[marrow(aggregates=True)])).notes)
        assert "DX1" in notes
        assert ">= 15" in notes
        assert "> 15" in notes

    def test_a_second_biopsy_with_aggregates_beats_a_negative_marrow(self) -> None:
        """DX1: a marrow without aggregates and an organ with them: met."""
        p = Patient(
            biopsies=[
                marrow(aggregates=False),
                marrow(site="spleen", aggregates=True, aggregates_stain=["tryptase"]),
            ]
        )
        assert statuses(p, _major) == ["met", "met"]


class TestMinorCriteria:
    """DX2-DX5, DX7, DX8: the four minor criteria at their edges."""

    @pytest.mark.parametrize(
        ("pct", "expected"),
        [(25.0, "not_met"), (25.1, "met"), (0.0, "not_met"), (100.0, "met")],
    )
    def test_morphology(self, pct: float, expected: str) -> None:
        """DX2: more than 25 % atypical or spindle-shaped (exactly 25 is not), both schemes."""
        p = Patient(biopsies=[marrow(atypical_pct=pct)])
        assert statuses(p, _minor(MinorCriterion.MORPHOLOGY)) == [expected, expected]

    def test_morphology_from_an_organ_alone_is_not_ruled_out(self) -> None:
        """DX2: a liver biopsy with 10 % atypical cells does not rule it out (the marrow does)."""
        p = Patient(biopsies=[marrow(site="liver", atypical_pct=10)])
        assert statuses(p, _minor(MinorCriterion.MORPHOLOGY)) == ["unknown", "unknown"]

    @pytest.mark.parametrize(
        ("markers", "expected"),
        [
            ({"cd25": True}, "met"),  # DX4
            ({"cd2": True}, "met"),  # DX4
            ({"cd30": True}, "met"),  # DX4, FX2: CD30 under both schemes
            ({"cd25": False, "cd2": False, "cd30": False}, "not_met"),  # DX4
            ({"cd25": False, "cd2": False}, "unknown"),  # DX4: CD30 not tested
        ],
    )
    def test_phenotype(self, markers: dict[str, bool], expected: str) -> None:
        """DX4: CD25, CD2 or CD30 on mast cells."""
        p = Patient(biopsies=[marrow(**markers)])
        assert statuses(p, _minor(MinorCriterion.PHENOTYPE)) == [expected, expected]

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({}, "met"),  # DX3: D816V in marrow
            ({"specimen": "blood"}, "met"),  # DX3: blood counts
            ({"specimen": "other"}, "met"),  # DX3: another extracutaneous organ
            ({"specimen": None}, "unknown"),  # DX3: specimen not recorded
            ({"variant": "p.Asp816Tyr"}, "met"),  # DX8: another codon-816 variant
            ({"variant": "D816H"}, "met"),  # DX8
            ({"variant": "V560G"}, "unknown"),  # DX3: not known to be activating
            ({"variant": "V560G", "activating": True}, "met"),  # DX3, FX2
            ({"result": "not_detected"}, "not_met"),  # DX7: ddPCR in marrow
            ({"result": "not_detected", "method": "ngs"}, "unknown"),  # DX7
            ({"result": "not_detected", "method": "asqpcr", "lod_pct": 0.1}, "not_met"),  # DX7
            ({"result": "not_detected", "method": "asqpcr", "lod_pct": 0.11}, "unknown"),  # DX7
            ({"result": "not_detected", "method": "other", "lod_pct": 0.01}, "not_met"),  # DX7
            ({"result": "not_detected", "method": "other"}, "unknown"),  # DX7: LOD unknown
            ({"result": "not_detected", "method": None}, "unknown"),  # DX7: LOD unknown
            ({"result": "not_detected", "specimen": "blood"}, "unknown"),  # DX7: blood alone
            ({"result": "not_detected", "variant": "V560G"}, "unknown"),  # not a D816V test
        ],
    )
    def test_kit(self, fields: dict[str, Any], expected: str) -> None:
        """DX3, DX7, DX8: what a KIT result makes of the KIT minor criterion, both schemes."""
        p = Patient(kit_tests=[kit(**fields)])
        assert statuses(p, _minor(MinorCriterion.KIT)) == [expected, expected]

    @pytest.mark.parametrize(
        ("legacy", "tests", "expected", "disagree"),
        [
            (False, [], "unknown", False),  # DX7: legacy negative is not assessable
            (True, [], "unknown", False),  # DX3: legacy positive without a specimen
            (True, [{"result": "not_detected"}], "not_met", True),  # kit_tests decide
            (False, [{}], "met", True),  # kit_tests decide
            (True, [{}], "met", False),
        ],
    )
    def test_legacy_kit_d816v(
        self, legacy: bool, tests: list[dict[str, Any]], expected: str, disagree: bool
    ) -> None:
        """DX3, DX7: kit_d816v stays; kit_tests decide when both are given, and notes say so."""
        p = Patient(kit_d816v=legacy, kit_tests=[kit(**t) for t in tests])
        c = result(p)
        assert statuses(p, _minor(MinorCriterion.KIT)) == [expected, expected]
        assert any("kit_tests decide" in n for n in c.notes) is disagree

    @pytest.mark.parametrize(
        ("values_days", "copies", "who", "icc"),
        [
            (((25, 60), (25, 2)), None, "met", "met"),  # DX5: two > 20, 58 days apart
            (((25, 30), (25, 2)), None, "met", "met"),  # DX5: exactly 28 days apart
            (((25, 29), (25, 2)), None, "unknown", "unknown"),  # DX5: 27 days: not persistent yet
            (((25, 2),), None, "unknown", "unknown"),  # DX5: a single result
            (((20, 2),), None, "not_met", "not_met"),  # DX5: exactly 20 is not above
            (((20.1, 60), (20.1, 2)), None, "met", "met"),  # DX5: just above
            (((25, 60), (25, 30), (19, 2)), None, "not_met", "not_met"),  # DX5: later <= 20
            (((41, 60), (41, 2)), 1, "met", "met"),  # DX5: adjusted 20.5 (WHO)
            (((40, 60), (40, 2)), 1, "not_met", "unknown"),  # DX5: WHO adjusted 20; ICC undecided
            (((30, 60), (30, 2)), 0, "met", "met"),  # no extra copies: no adjustment
        ],
    )
    def test_tryptase(
        self,
        values_days: tuple[tuple[float, float], ...],
        copies: int | None,
        who: str,
        icc: str,
    ) -> None:
        """DX5: persistently > 20 ng/mL (WHO: HaT-adjusted), at its edges."""
        p = Patient(labs=[baseline(v, d) for v, d in values_days], tpsab1_extra_copies=copies)
        assert statuses(p, _minor(MinorCriterion.TRYPTASE)) == [who, icc]

    @pytest.mark.parametrize(
        ("lineage", "expected"),
        [("myeloid", "not_applicable"), ("lymphoid", "met"), (None, "unknown")],
    )
    def test_tryptase_with_an_associated_neoplasm(self, lineage: str | None, expected: str) -> None:
        """DX5: not applicable with an associated myeloid neoplasm (both schemes)."""
        p = Patient(
            labs=[baseline(30, 60), baseline(30, 2)],
            associated_neoplasm=AssociatedNeoplasm(name="x", lineage=lineage),
        )
        assert statuses(p, _minor(MinorCriterion.TRYPTASE)) == [expected, expected]


class TestDiagnosisRule:
    """DX6: WHO one major + one minor or three minor; ICC the major alone or three minor."""

    def _patient(self, major: bool | None, minors: int, ruled_out: int = 0) -> Patient:
        biopsy: dict[str, Any] = {"aggregates": major, "aggregates_stain": ("cd117",)}
        if minors >= 1:
            biopsy["atypical_pct"] = 40
        elif ruled_out >= 1:
            biopsy["atypical_pct"] = 5
        if minors >= 2:
            biopsy["cd25"] = True
        elif ruled_out >= 2:
            biopsy.update(cd25=False, cd2=False, cd30=False)
        fields: dict[str, Any] = {"biopsies": [marrow(**biopsy)]}
        if minors >= 3:
            fields["kit_tests"] = [kit()]
        elif ruled_out >= 3:
            fields["kit_tests"] = [kit(result="not_detected")]
        if minors >= 4:
            fields["labs"] = [baseline(30, 60), baseline(30, 2)]
        elif ruled_out >= 4:
            fields["labs"] = [baseline(5)]
        return Patient(**fields)

    @pytest.mark.parametrize(
        ("major", "minors", "ruled_out", "expected"),
        [
            (True, 1, 0, ["met", "met"]),  # DX6: major + 1 minor
            (True, 0, 0, ["indeterminate", "met"]),  # DX6: ICC major alone
            (True, 0, 4, ["not_met", "met"]),  # DX6: WHO needs a minor; all ruled out
            (False, 3, 0, ["met", "met"]),  # DX6: three minor without the major
            (False, 2, 4, ["not_met", "not_met"]),  # DX6: two met, two ruled out
            (False, 2, 0, ["indeterminate", "indeterminate"]),  # two unknown minors remain
            (None, 0, 0, ["indeterminate", "indeterminate"]),  # DX6: nothing known
        ],
    )
    def test_status(
        self, major: bool | None, minors: int, ruled_out: int, expected: list[str]
    ) -> None:
        """DX6: met, not met or indeterminate under each scheme."""
        p = self._patient(major, minors, ruled_out)
        assert statuses(p, _status) == expected

    def test_disagreement_on_status_is_listed(self) -> None:
        """DX6: the major criterion alone: WHO indeterminate vs ICC met, listed."""
        c = result(self._patient(True, 0, 0))
        assert next((d.topic, d.who2022, d.icc2022) for d in c.disagreements) == (
            "status",
            "indeterminate",
            "met",
        )


class TestSubtypeLadder:
    """DX11-DX17: the subtype ladders, side by side; never a subtype from missing data."""

    def test_complete_work_up(self) -> None:
        """DX11: a complete indolent work-up: WHO bmm, ICC ism with the bmm variant."""
        assert statuses(complete(), _subtype) == ["bmm", "ism (variant bmm)"]

    @pytest.mark.parametrize(
        ("tryptase", "expected"),
        [((30.0, 124.9), ["bmm", "ism (variant bmm)"]), ((30.0, 125.0), ["ism", "ism"])],
    )
    def test_bmm_tryptase_edge(self, tryptase: tuple[float, ...], expected: list[str]) -> None:
        """DX11, DX12: BMM needs a baseline below 125 ng/mL (exactly 125 is ISM)."""
        assert statuses(complete(tryptase=tryptase), _subtype) == expected

    @pytest.mark.parametrize(
        ("fields", "expected"),
        [
            ({"skin": Skin(lesions="mpcm")}, ["ism", "ism"]),  # DX11: skin lesions
            ({"skin": Skin(lesions="mastocytoma")}, ["ism", "ism"]),  # DX11
            ({"skin": None}, ["-", "ism"]),  # DX11: skin unknown: WHO undecided
            ({"skin": Skin(darier_sign=False)}, ["-", "ism"]),  # lesions not recorded
        ],
    )
    def test_bmm_skin(self, fields: dict[str, Any], expected: list[str]) -> None:
        """DX11: BMM needs no skin lesions, known."""
        assert statuses(complete(**fields), _subtype) == expected

    def test_extramedullary_infiltrate_rules_bmm_out(self) -> None:
        """DX11: a liver biopsy with aggregates rules BMM out (ISM under both)."""
        p = complete()
        organ = Biopsy(date=date(2026, 9, 1), site="liver", aggregates=True)
        p = complete(biopsies=[*p.biopsies, organ])
        assert statuses(p, _subtype) == ["ism", "ism"]

    def test_no_extramedullary_biopsy_is_read_as_none_and_said(self) -> None:
        """DX11: no extramedullary biopsy on record counts as none known, with a note."""
        notes = " ".join(result(complete()).notes)
        assert "no extramedullary biopsy on record" in notes

    @pytest.mark.parametrize(("option", "expected"), [(False, "bmm"), (True, "ism")])
    def test_bmm_no_b_finding_option(self, option: bool, expected: str) -> None:
        """DX11: one B-finding (organomegaly): BMM unless the ECNM 'no B-finding' item is on."""
        p = complete(organs={"splenomegaly": True, "hypersplenism": False})
        who = result(p, bmm_requires_no_b_finding=option).who2022
        assert who.subtype is SmSubtype(expected)

    @pytest.mark.parametrize(
        ("organs", "marrow_fields", "tryptase", "expected"),
        [
            # DX14: organomegaly and a burden met under both: SSM under both
            (
                {"splenomegaly": True},
                {"infiltration_pct": 35},
                (250.0, 250.0),
                ["ssm", "ssm"],
            ),
            # DX14, BC2: organomegaly and dysplasia: two under WHO; ICC reads B2 from the
            # counts (normal here): one, ISM
            (
                {"splenomegaly": True},
                {"dysplasia_or_myeloproliferation": True},
                (30.0, 32.0),
                ["ssm", "ism (variant bmm)"],
            ),
            # DX14, BC3: the burden and nodes of 1.5 cm: one B under WHO (> 2 cm), two under
            # ICC (> 1 cm); BMM is ruled out by the tryptase of 250 (DX11)
            ({"lymphadenopathy_cm": 1.5}, {"infiltration_pct": 35}, (250.0, 250.0), ["ism", "ssm"]),
            # DX13: one B-finding: indolent (BMM while the 'no B-finding' option is off)
            ({"lymphadenopathy_cm": 2.5}, {}, (30.0, 32.0), ["bmm", "ism (variant bmm)"]),
        ],
    )
    def test_smouldering(
        self,
        organs: dict[str, Any],
        marrow_fields: dict[str, Any],
        tryptase: tuple[float, ...],
        expected: list[str],
    ) -> None:
        """DX13, DX14: two or more B-findings make SSM."""
        p = complete(organs=organs, marrow_fields=marrow_fields, tryptase=tryptase)
        assert statuses(p, _subtype) == expected

    def test_smouldering_undecided_with_an_unknown_b_finding(self) -> None:
        """DX14: one B-finding met and one unknown: no subtype (never a default)."""
        p = complete(
            organs={"lymphadenopathy_cm": 3.0},
            marrow_fields={"dysplasia_or_myeloproliferation": None},
        )
        who = result(p).who2022
        assert who.subtype is None
        assert {SmSubtype.SSM, SmSubtype.BMM} <= who.possible

    @pytest.mark.parametrize(
        ("organs", "expected"),
        [
            ({"malabsorption_with_weight_loss": True}, ["asm", "asm"]),  # DX15, BC9
            ({"hepatomegaly": True, "liver_dysfunction": True}, ["asm", "asm"]),  # BC6
            ({"pathological_fracture": True, "osteolysis_cm": 2.0}, ["asm", "asm"]),  # BC8
            ({"malabsorption_with_weight_loss": None}, ["-", "-"]),  # DX15: C unknown
        ],
    )
    def test_aggressive(self, organs: dict[str, Any], expected: list[str]) -> None:
        """DX15: one C-finding makes ASM; an unknown C-finding leaves the subtype open."""
        assert statuses(complete(organs=organs), _subtype) == expected

    @pytest.mark.parametrize(
        ("lineage", "expected"),
        [
            ("myeloid", ["sm-ahn", "sm-amn"]),  # DX16
            ("lymphoid", ["sm-ahn", "ism (variant bmm)"]),  # DX16: ICC counts myeloid only
            (None, ["sm-ahn", "-"]),  # DX16: lineage unknown under ICC
        ],
    )
    def test_associated_neoplasm(self, lineage: str | None, expected: list[str]) -> None:
        """DX16: SM-AHN (WHO, any lineage) vs SM-AMN (ICC, myeloid only)."""
        p = complete(associated_neoplasm=AssociatedNeoplasm(name="N", lineage=lineage))
        assert statuses(p, _subtype) == expected

    def test_absent_neoplasm_is_read_as_none_and_said(self) -> None:
        """DX16: an absent associated_neoplasm is none (the chart convention), stated."""
        assert any("chart convention" in n for n in result(complete()).notes)

    @pytest.mark.parametrize(
        ("aspirate", "immature", "expected"),
        [
            (19.9, True, ["bmm", "ism (variant bmm)"]),  # DX17: below 20 % under both
            (20.0, False, ["mcl", "ism (variant bmm)"]),  # DX17: exactly 20 WHO; mature: not ICC
            (20.0, True, ["mcl", "mcl"]),  # DX17
            (20.0, None, ["mcl", "-"]),  # DX17: ICC needs the morphology
            (None, False, ["-", "ism (variant bmm)"]),  # DX17: aspirate unknown (WHO)
        ],
    )
    def test_mast_cell_leukaemia(
        self, aspirate: float | None, immature: bool | None, expected: list[str]
    ) -> None:
        """DX17, FX3: MCL by scheme at its edges."""
        p = complete(
            marrow_fields={"aspirate_mast_cell_pct": aspirate, "immature_morphology": immature}
        )
        assert statuses(p, _subtype) == expected

    def test_not_met_gives_no_subtype(self) -> None:
        """DX6: no subtype when the criteria are not met."""
        p = complete(
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
        assert statuses(p, _status) == ["not_met", "not_met"]
        assert statuses(p, _subtype) == ["-", "-"]


class TestBFindings:
    """BC1-BC4, BC11: the B-findings per scheme at their edges."""

    @pytest.mark.parametrize(
        ("infiltration", "tryptase", "vaf", "who", "icc"),
        [
            (29.9, 199.9, 9.9, "not_met", "not_met"),  # BC1: every item just below
            (30.0, 100.0, 1.0, "met", "not_met"),  # BC1: WHO >= 30; ICC needs both
            (30.0, 300.0, 1.0, "met", "not_met"),  # BC1: ICC > 30 (exactly 30 is not)
            (30.1, 200.0, 1.0, "met", "not_met"),  # BC1: ICC > 200 (exactly 200 is not)
            (30.1, 200.1, 1.0, "met", "met"),  # BC1: both items under ICC
            (10.0, 200.0, 1.0, "met", "not_met"),  # BC1, FX1: WHO >= 200 alone is one item
            (10.0, 100.0, 10.0, "met", "not_met"),  # BC1, RS31: VAF >= 10 (WHO only)
            (10.0, 100.0, 9.9, "not_met", "not_met"),
        ],
    )
    def test_burden(
        self, infiltration: float, tryptase: float, vaf: float, who: str, icc: str
    ) -> None:
        """BC1: WHO 2022 any of three (>=), ICC 2022 both of two (>)."""
        p = complete(
            marrow_fields={"infiltration_pct": infiltration},
            tryptase=(30.0, tryptase),
            kit_tests=[kit(vaf_pct=vaf)],
        )
        assert statuses(p, _b(BFinding.BURDEN)) == [who, icc]

    def test_burden_tryptase_is_hat_adjusted_under_who(self) -> None:
        """BC1: WHO reads the HaT-adjusted baseline (400 with 1 extra copy is 200)."""
        p = complete(tryptase=(400.0, 400.0), tpsab1_extra_copies=1)
        assert statuses(p, _b(BFinding.BURDEN)) == ["met", "not_met"]
        p = complete(tryptase=(399.0, 399.0), tpsab1_extra_copies=1)
        assert statuses(p, _b(BFinding.BURDEN))[0] == "not_met"

    def test_one_category_however_many_items(self) -> None:
        """BC4: all three B1 items met count as one B-finding: not SSM."""
        p = complete(
            marrow_fields={"infiltration_pct": 50},
            tryptase=(300.0, 300.0),
            kit_tests=[kit(vaf_pct=30)],
        )
        assert result(p).who2022.subtype is SmSubtype.ISM

    def test_the_transcription_error_is_never_used(self) -> None:
        """BC11: the B1 tryptase is 200 in every scheme, never the erroneous 20 (S230)."""
        from mastcell.knowledge.findings import FINDINGS, LEGACY_BURDEN

        for burden in (*(f.burden for f in FINDINGS.values()), *LEGACY_BURDEN):
            assert burden.tryptase.threshold == 200.0

    @pytest.mark.parametrize(
        ("dysplasia", "expected"),
        [(True, "met"), (False, "not_met"), (None, "unknown")],
    )
    def test_lineage_who(self, dysplasia: bool | None, expected: str) -> None:
        """BC2: WHO reads dysplasia or myeloproliferation in the latest marrow."""
        p = complete(marrow_fields={"dysplasia_or_myeloproliferation": dysplasia})
        assert statuses(p, _b(BFinding.LINEAGE))[0] == expected

    @pytest.mark.parametrize(
        ("labs", "attributed", "expected"),
        [
            (counts(), False, "not_met"),  # BC2: every count within its range
            (counts(hb=11), True, "met"),  # BC2: Hb below range, not at C level, attributed
            (counts(hb=11), None, "unknown"),  # BC2: attribution not recorded
            (counts(hb=11), False, "not_met"),
            (counts(wbc=12), True, "met"),  # BC2: a -cytosis
            (counts(hb=9.9), True, "not_met"),  # BC2: at C level it is C1, not B2
            ([lab("hemoglobin", 14, "g/dL")], None, "unknown"),  # no ranges, counts missing
        ],
    )
    def test_lineage_icc(self, labs: list[Any], attributed: bool | None, expected: str) -> None:
        """BC2: ICC reads a count outside the laboratory's range, short of C, attributed."""
        p = complete(
            labs=[baseline(30, 60), baseline(32, 2), *labs],
            organs={"cytopenia_attributed_to_sm": attributed},
        )
        assert statuses(p, _b(BFinding.LINEAGE))[1] == expected

    @pytest.mark.parametrize(
        ("organs", "who", "icc"),
        [
            ({"lymphadenopathy_cm": 1.0}, "not_met", "not_met"),  # BC3: ICC > 1 cm
            ({"lymphadenopathy_cm": 1.1}, "not_met", "met"),  # BC3
            ({"lymphadenopathy_cm": 2.0}, "not_met", "met"),  # BC3: WHO > 2 cm
            ({"lymphadenopathy_cm": 2.1}, "met", "met"),  # BC3
            ({"hepatomegaly": True}, "met", "met"),  # BC3, BC10: a yes/no, no size cut-off
            ({"hepatomegaly": True, "liver_dysfunction": True}, "not_met", "not_met"),  # C2
            ({"hepatomegaly": True, "liver_dysfunction": None}, "unknown", "unknown"),
            ({"splenomegaly": True}, "met", "met"),  # BC3, BC10: without hypersplenism, no size
            ({"splenomegaly": True, "hypersplenism": True}, "not_met", "not_met"),  # C3
            ({"lymphadenopathy_cm": None}, "unknown", "unknown"),
        ],
    )
    def test_organomegaly(self, organs: dict[str, Any], who: str, icc: str) -> None:
        """BC3: organomegaly without dysfunction; lymph nodes > 2 cm (WHO) vs > 1 cm (ICC)."""
        assert statuses(complete(organs=organs), _b(BFinding.ORGANOMEGALY)) == [who, icc]


class TestCFindings:
    """BC5-BC9, FX7: the C-findings need the clinician's confirmation."""

    @pytest.mark.parametrize(
        ("labs", "expected"),
        [
            (counts(anc=0.99), "met"),  # BC5: ANC < 1.0
            (counts(anc=1.0), "not_met"),  # BC5: exactly 1.0 is not
            (counts(hb=9.99), "met"),  # BC5: Hb < 10
            (counts(hb=10.0), "not_met"),
            (counts(platelets=99.9), "met"),  # BC5: platelets < 100
            (counts(platelets=100.0), "not_met"),
        ],
    )
    def test_cytopenia_attributed(self, labs: list[Any], expected: str) -> None:
        """BC5, FX7: counts at their edges, the cytopenia attributed to SM."""
        p = complete(
            labs=[baseline(30, 60), baseline(32, 2), *labs],
            organs={"cytopenia_attributed_to_sm": True},
        )
        assert statuses(p, _c(CFinding.CYTOPENIA)) == [expected, expected]

    @pytest.mark.parametrize(
        ("organs", "finding", "expected"),
        [
            ({"hepatomegaly": True, "liver_dysfunction": True}, CFinding.LIVER, "met"),  # BC6
            ({"hepatomegaly": True, "ascites": True}, CFinding.LIVER, "met"),  # BC6 (2016)
            ({"hepatomegaly": False, "liver_dysfunction": True}, CFinding.LIVER, "not_met"),
            ({"hepatomegaly": True, "liver_dysfunction": None}, CFinding.LIVER, "unknown"),
            ({"splenomegaly": True, "hypersplenism": True}, CFinding.SPLEEN, "met"),  # BC7
            ({"splenomegaly": True, "hypersplenism": None}, CFinding.SPLEEN, "unknown"),
            ({"pathological_fracture": True, "osteolysis_cm": 2.0}, CFinding.BONE, "met"),  # BC8
            ({"pathological_fracture": True, "osteolysis_cm": 1.9}, CFinding.BONE, "not_met"),
            ({"pathological_fracture": False, "osteolysis_cm": 4.0}, CFinding.BONE, "not_met"),
            ({"pathological_fracture": True, "osteolysis_cm": None}, CFinding.BONE, "unknown"),
            ({"malabsorption_with_weight_loss": True}, CFinding.GI, "met"),  # BC9
            ({"malabsorption_with_weight_loss": None}, CFinding.GI, "unknown"),
        ],
    )
    def test_organ_damage(self, organs: dict[str, Any], finding: CFinding, expected: str) -> None:
        """BC6-BC9: the organ C-findings, the same under both schemes (S200)."""
        assert statuses(complete(organs=organs), _c(finding)) == [expected, expected]

    def test_no_organ_findings_leave_them_unknown(self) -> None:
        """BC5-BC9: without organ findings nothing is assumed absent (the counts alone rule
        the cytopenia out when none is at C level)."""
        c = result(complete(organ_findings=None))
        found = {k: a.status.value for k, a in c.who2022.c_findings.items()}
        assert found.pop(CFinding.CYTOPENIA) == "not_met"
        assert set(found.values()) == {"unknown"}


def _flare(hours_ago: float, **details: Any) -> Flare:
    return Flare(onset=AT - timedelta(hours=hours_ago), **details)


class TestMcas:
    """MC1-MC6, MC8: the consensus criteria and the variant."""

    def _criteria(self, patient: Patient) -> dict[str, str]:
        return {k.value: a.status.value for k, a in result(patient).mcas.criteria.items()}

    @pytest.mark.parametrize(
        ("systems", "expected"),
        [
            ([["skin", "cardiovascular"], ["skin", "gastrointestinal"]], "met"),  # MC1
            ([["skin", "cardiovascular"]], "not_met"),  # MC1: one episode
            ([["skin", "cardiovascular"], ["skin"]], "not_met"),  # MC1: one system
            ([["skin", "cardiovascular"], ["respiratory", "naso_ocular"]], "not_met"),  # MC2
            ([["skin", "cardiovascular"], None], "unknown"),  # organ systems not recorded
        ],
    )
    def test_symptoms(self, systems: list[list[str] | None], expected: str) -> None:
        """MC1, MC2: two episodes, each with two organ systems (naso-ocular is respiratory)."""
        flares = [_flare(24 * 30 * (i + 1), organ_systems=s) for i, s in enumerate(systems)]
        assert self._criteria(Patient(flares=flares))["symptoms"] == expected

    @pytest.mark.parametrize(
        ("baseline_value", "acute_value", "minutes", "expected"),
        [
            (5.0, 8.0, 120, "not_met"),  # MC1: 1.2 x 5 + 2 = 8, not above
            (5.0, 8.01, 120, "met"),  # MC1
            (5.0, 12.0, 59, "unknown"),  # MC1: before 1 h: not in the window
            (5.0, 12.0, 60, "met"),  # MC1: exactly 1 h
            (5.0, 12.0, 240, "met"),  # MC1: exactly 4 h
            (5.0, 12.0, 241, "unknown"),  # MC1: after 4 h
            (100.0, 122.1, 90, "met"),  # MC8: the rule holds with a high baseline
            (100.0, 122.0, 90, "not_met"),
        ],
    )
    def test_mediator(
        self, baseline_value: float, acute_value: float, minutes: int, expected: str
    ) -> None:
        """MC1, MC8: acute > 1.2 x baseline + 2 ng/mL, drawn 1-4 h after onset."""
        onset = AT - timedelta(days=5)
        p = Patient(
            flares=[Flare(onset=onset)],
            labs=[
                lab(
                    "tryptase", baseline_value, "ng/mL", onset - timedelta(days=20), role="baseline"
                ),
                lab(
                    "tryptase",
                    acute_value,
                    "ng/mL",
                    onset + timedelta(minutes=minutes),
                    role="acute",
                ),
            ],
        )
        assert self._criteria(p)["mediator"] == expected

    def test_urine_mediators_never_meet_it(self) -> None:
        """MC3, MC4: urinary mediators are supportive, never criterion B by themselves."""
        p = Patient(
            flares=[_flare(48)],
            labs=[lab("urine_lte4", 900, "pg/mg{creat}", AT - timedelta(hours=46))],
        )
        c = result(p)
        assert c.mcas.criteria[McasCriterion.MEDIATOR].status.value == "unknown"
        assert any("MC4" in n for n in c.notes)

    def test_nih_formula_is_shown_beside(self) -> None:
        """MC5: the NIH formula (1.685 x baseline) is stated, the consensus formula decides."""
        onset = AT - timedelta(days=5)
        p = Patient(
            flares=[Flare(onset=onset)],
            labs=[
                lab("tryptase", 10, "ng/mL", onset - timedelta(days=20), role="baseline"),
                lab("tryptase", 15, "ng/mL", onset + timedelta(hours=2), role="acute"),
            ],
        )
        c = result(p)
        assert c.mcas.criteria[McasCriterion.MEDIATOR].status.value == "met"  # 15 > 14
        assert any("NIH formula" in n and "not met" in n for n in c.notes)  # 15 < 16.85

    @pytest.mark.parametrize(
        ("response", "expected"),
        [("improved", "met"), ("not_improved", "not_met"), (None, "unknown")],
    )
    def test_response(self, response: str | None, expected: str) -> None:
        """MC1: criterion C from the response to anti-mediator therapy."""
        assert self._criteria(Patient(response_to_antimediators=response))["response"] == expected

    def _met(self, **fields: Any) -> Patient:
        onset = AT - timedelta(days=5)
        trigger = fields.pop("trigger", None)
        flares = [
            Flare(onset=onset, organ_systems=["skin", "cardiovascular"], trigger=trigger),
            Flare(
                onset=onset - timedelta(days=40),
                organ_systems=["skin", "gastrointestinal"],
                trigger=trigger,
            ),
        ]
        return Patient(
            flares=flares,
            labs=[
                lab("tryptase", 5, "ng/mL", onset - timedelta(days=20), role="baseline"),
                lab("tryptase", 20, "ng/mL", onset + timedelta(hours=2), role="acute"),
            ],
            response_to_antimediators="improved",
            **fields,
        )

    @pytest.mark.parametrize(
        ("fields", "variant"),
        [
            ({"kit_tests": [kit()]}, "primary"),  # MC6: KIT D816V in marrow
            ({"skin": Skin(lesions="mpcm")}, "primary"),  # MC6: with CM
            ({"biopsies": [marrow(cd25=True)]}, "primary"),  # MC6: CD25+ mast cells
            ({"trigger": "venom"}, "secondary"),  # MC6
            ({"sensitisations": [{"agent": "wasp venom", "positive": True}]}, "secondary"),
            ({"trigger": "none", "kit_tests": [kit(result="not_detected")]}, "idiopathic"),  # MC6
            ({"trigger": "none"}, None),  # MC6: clonality not tested
            ({"kit_tests": [kit(result="not_detected")]}, None),  # MC6: triggers not recorded
        ],
    )
    def test_variant(self, fields: dict[str, Any], variant: str | None) -> None:
        """MC6: primary with clonal markers, secondary with a trigger, idiopathic only when
        clonality was tested negative and no trigger is found."""
        if "sensitisations" in fields:
            from mastcell import Sensitisation

            fields["sensitisations"] = [Sensitisation(**s) for s in fields["sensitisations"]]
        c = result(self._met(**fields))
        assert c.mcas.status.value == "met"
        assert (c.mcas.variant.value if c.mcas.variant else None) == variant


class TestNicas:
    """SC1, FX6: NICAS as the range over unknown items and both symptom readings."""

    def _score(
        self, sex: str = "male", baseline_value: float | None = 12.0, **details: Any
    ) -> tuple[int, int] | None:
        symptoms = {"angioedema": False, "flushing": False, "urticaria": False, "syncope": False}
        symptoms.update(details.pop("symptoms", {}))
        flare = _flare(24 * 40, anaphylaxis=True, trigger="none", **symptoms)
        labs = [] if baseline_value is None else [baseline(baseline_value)]
        p = Patient(sex=sex, flares=[flare], labs=labs, **details)
        n = result(p).nicas
        return None if n is None else (n.low, n.high)

    @pytest.mark.parametrize(
        ("sex", "value", "kit_fields", "expected"),
        [
            # SC1: male 1 + tryptase 1 + KIT 3 = 5, with angioedema absent +1 (several items
            # scored: 6; one item scored: 5 or 6)
            ("male", 11.4, {"specimen": "blood"}, (5, 6)),
            ("male", 11.39, {"specimen": "blood"}, (3, 4)),  # SC1: tryptase < 11.4 is -1
            ("female", 11.4, {"specimen": "blood"}, (3, 4)),  # SC1: female -1
            ("male", 11.4, {"specimen": "blood", "result": "not_detected"}, (1, 2)),  # KIT -1
            ("male", 11.4, {"specimen": "bone_marrow"}, (1, 6)),  # SC1: the item is blood
            ("unknown", 11.4, {"specimen": "blood"}, (3, 6)),  # sex unknown
        ],
    )
    def test_items(
        self, sex: str, value: float, kit_fields: dict[str, Any], expected: tuple[int, int]
    ) -> None:
        """SC1: the points of each item, at the tryptase edge (>= 11.4)."""
        assert self._score(sex, value, kit_tests=[kit(**kit_fields)]) == expected

    def test_both_symptom_readings(self) -> None:
        """SC1: syncope and urticaria present: one item scored (+3 or +1) or both (+4)."""
        got = self._score(
            kit_tests=[kit(specimen="blood")], symptoms={"syncope": True, "urticaria": True}
        )
        # base: male 1 + tryptase 1 + KIT 3 = 5; symptoms: several 1+1+3 = 5; one: 0..3
        assert got == (5, 10)

    def test_null_without_its_population(self) -> None:
        """SC1: no anaphylaxis without a known trigger: no NICAS."""
        p = Patient(sex="male", flares=[_flare(48, anaphylaxis=True, trigger="venom")])
        assert result(p).nicas is None

    def test_null_when_no_item_is_known(self) -> None:
        """SC1: the population but no item known: no NICAS."""
        p = Patient(flares=[_flare(48, anaphylaxis=True, trigger="none")])
        assert result(p).nicas is None

    def test_range_covers_every_unknown(self) -> None:
        """SC1: only the sex known (male): the range spans every other item (-2 to 10)."""
        p = Patient(sex="male", flares=[_flare(48, anaphylaxis=True, trigger="none")])
        n = result(p).nicas
        # low: 1 - 1 (tryptase) - 1 (KIT) - 1 (flushing) ; high: 1 + 1 + 3 + 1 + 1 + 3
        assert n is not None
        assert (n.low, n.high) == (-2, 10)


class TestClassificationOutput:
    """The to_dict shape of issue 19, its schema and its renderings."""

    def test_shape(self) -> None:
        """The documented keys, in order, WHO without and ICC with ``variant``."""
        d = result(complete()).to_dict()
        assert list(d) == [
            "format_version", "patient_id", "evaluated_at", "systemic_mastocytosis", "mcas",
            "nicas", "disagreements", "notes",
        ]  # fmt: skip
        who, icc = d["systemic_mastocytosis"]["who2022"], d["systemic_mastocytosis"]["icc2022"]
        keys = [
            "status",
            "major",
            "minor",
            "subtype",
            "b_findings",
            "c_findings",
            "missing",
            "sources",
        ]
        assert list(who) == keys
        assert list(icc) == [*keys[:4], "variant", *keys[4:]]
        assert who["subtype"] == "bmm"
        assert icc["subtype"] == "ism"
        assert icc["variant"] == "bmm"
        assert list(who["minor"]) == ["morphology", "kit", "phenotype", "tryptase"]
        assert list(d["mcas"]) == ["status", "criteria", "variant", "missing"]
        assert d["nicas"] is None

    def test_validates_against_the_shipped_schema(self) -> None:
        """The output validates against classification.schema.json (shipped = generated)."""
        import json

        import jsonschema

        from mastcell.diagnosis.schema import classification_schema, shipped_classification_schema

        assert json.loads(shipped_classification_schema()) == classification_schema()
        jsonschema.validate(result(complete()).to_dict(), classification_schema())

    def test_text_and_html(self) -> None:
        """The text and HTML renderings show both schemes and escape what they print."""
        c = result(complete(id="<b>x\x1b[2J"))
        text = c.render_text()
        assert "WHO 2022" in text
        assert "ICC 2022" in text
        assert "\\x1b" in text
        html = c._repr_html_()
        assert "<table" in html
        assert "&lt;b&gt;x" in html
        assert "<b>x" not in html

    def test_inputs_after_the_moment_are_set_aside(self) -> None:
        """A biopsy dated after the moment is not used, and the notes say so."""
        later = marrow(aggregates=True, date=date(2027, 1, 1))
        c = result(Patient(biopsies=[later]))
        assert c.who2022.major.status.value == "unknown"
        assert "biopsies[0] is dated after the moment of classification: not used" in c.notes

    def test_at_is_required_to_be_aware(self) -> None:
        """classify refuses a naive moment, as evaluate does."""
        from mastcell import InputError, classify

        with pytest.raises(InputError, match="at: expected an ISO 8601"):
            classify(Patient(), at="2026-11-22T12:00:00")
        with pytest.raises(InputError, match="birth_date"):
            classify(
                Patient(birth_date=date(2027, 1, 1)), at=datetime(2026, 1, 1, tzinfo=AT.tzinfo)
            )
