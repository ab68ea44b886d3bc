"""The corrections FX1-FX7 of the diagnosis sheet, each applied to existing knowledge and output.

One class per correction; every test cites its FX id.
"""

from __future__ import annotations

import pytest

from mastcell import evaluate
from mastcell.model.classification import MinorCriterion
from mastcell.testing import AT, lab, patient


def _baseline_elevated(value: float, copies: int | None = None) -> str:
    p = patient(labs=[lab("tryptase", value, "ng/mL", role="baseline")], tpsab1_extra_copies=copies)
    recs = evaluate(p, at=AT, categories=["monitoring"]).get(
        "monitoring.tryptase.baseline_elevated"
    )
    assert len(recs) == 1
    return recs[0].detail


class TestFX1BFindingIsComposite:
    """FX1: a lone baseline tryptase above 200 ng/mL is not "a B-finding"."""

    @pytest.mark.parametrize(
        ("value", "copies", "named"),
        [
            (199.9, None, False),  # below WHO 2022's >= 200
            (200.0, None, True),  # exactly 200 is the WHO 2022 item (>= 200; FX1, BC1)
            (250.0, None, True),
            (300.0, 1, False),  # HaT-adjusted 150: below the item (WHO reads adjusted)
            (400.0, 1, True),  # adjusted 200
        ],
    )
    def test_the_b1_item_is_named_at_its_edge(
        self, value: float, copies: int | None, named: bool
    ) -> None:
        """FX1: the WHO 2022 B1 tryptase item is >= 200 ng/mL, HaT-adjusted, one of three."""
        detail = _baseline_elevated(value, copies)
        assert ("one item of the WHO 2022 B-finding" in detail) is named

    def test_text_gives_both_schemes_and_never_a_lone_b_finding(self) -> None:
        """FX1: the text says ICC needs > 200 and > 30 % together; not "a WHO B-finding"."""
        detail = _baseline_elevated(250.0)
        assert "ICC 2022 needs > 200 ng/mL and > 30 % infiltration together" in detail
        assert "a tryptase alone is not a B-finding" in detail
        assert "a WHO B-finding (high" not in detail

    def test_lone_threshold_is_gone_from_the_knowledge_base(self) -> None:
        """FX1: knowledge.who no longer holds a lone tryptase "B-finding" threshold."""
        from mastcell.knowledge import who

        assert not hasattr(who, "WHO_B_FINDING_TRYPTASE")


class TestFX2BothSchemesAddedCd30AndOtherKitVariants:
    """FX2: CD30 and other activating KIT mutations are minor criteria under both schemes."""

    def test_knowledge_carries_them_for_both_schemes(self) -> None:
        """FX2: both schemes list CD30 among the markers and count other activating variants."""
        from mastcell.knowledge.diagnosis import SCHEMES

        for criteria in SCHEMES.values():
            assert "CD30" in criteria.phenotype_markers
            assert criteria.kit_other_activating is True

    def test_cd30_alone_meets_the_phenotype_criterion_under_both(self) -> None:
        """FX2 (DX4): CD30 on the mast cells, CD25 and CD2 negative: met under WHO and ICC."""
        from datetime import date

        from mastcell import Biopsy, classify

        b = Biopsy(date=date(2026, 9, 1), site="bone_marrow", cd25=False, cd2=False, cd30=True)
        c = classify(patient(biopsies=[b]), at=AT)
        assert [r.minor[MinorCriterion.PHENOTYPE].status.value for r in c.schemes] == ["met", "met"]

    @pytest.mark.parametrize(
        ("variant", "activating", "expected"),
        [
            ("K509I", True, "met"),  # another activating variant counts under both (DX3)
            ("K509I", None, "unknown"),  # not known to be activating: unknown, never met
            ("K509I", False, "unknown"),  # not activating: does not count; nothing else known
            ("p.Asp816His", None, "met"),  # codon 816 is activating by itself (DX8)
        ],
    )
    def test_other_activating_kit_variant_counts_under_both(
        self, variant: str, activating: bool | None, expected: str
    ) -> None:
        """FX2 (DX3, DX8): a non-816 variant counts only when activating, under both schemes."""
        from datetime import date

        from mastcell import KitTest, classify

        t = KitTest(
            date=date(2026, 9, 1),
            variant=variant,
            result="detected",
            specimen="bone_marrow",
            activating=activating,
        )
        c = classify(patient(kit_tests=[t]), at=AT)
        assert [r.minor[MinorCriterion.KIT].status.value for r in c.schemes] == [expected, expected]


def _marrow(**fields: object) -> object:
    from datetime import date

    from mastcell import Biopsy

    base: dict[str, object] = {
        "date": date(2026, 9, 1),
        "site": "bone_marrow",
        "aggregates": True,
        "aggregates_stain": ["cd117"],
        "atypical_pct": 50,
        "cd25": True,
    }
    return Biopsy(**{**base, **fields})  # type: ignore[arg-type]


class TestFX3MastCellLeukaemiaByScheme:
    """FX3: ">= 20 % on the aspirate" is WHO's MCL; ICC also needs immature morphology."""

    @pytest.mark.parametrize(
        ("aspirate", "immature", "who", "icc"),
        [
            (19.9, True, "not mcl", "not mcl"),
            (20.0, None, "mcl", "unknown"),  # exactly 20 % is MCL per the WHO/SEER text
            (20.0, True, "mcl", "mcl"),
            (35.0, False, "mcl", "not mcl"),  # mature morphology: WHO MCL, not ICC
        ],
    )
    def test_mcl_rung_under_both_schemes(
        self, aspirate: float, immature: bool | None, who: str, icc: str
    ) -> None:
        """FX3 (DX17): the MCL rung at its edges, WHO and ICC side by side."""
        from mastcell import classify
        from mastcell.model.classification import SmSubtype

        b = _marrow(aspirate_mast_cell_pct=aspirate, immature_morphology=immature)
        c = classify(patient(biopsies=[b]), at=AT)
        for result, expected in zip(c.schemes, (who, icc), strict=True):
            rung = dict(result.ladder)[SmSubtype.MCL].status.value
            assert {"mcl": "met", "not mcl": "not_met", "unknown": "unknown"}[expected] == rung

    def test_core_biopsy_route_is_said_to_be_unverified(self) -> None:
        """FX3: immature cells with an aspirate below 20 %: ICC's core-biopsy threshold is not
        verified, and the notes say MCL is read as not met."""
        from mastcell import classify

        b = _marrow(aspirate_mast_cell_pct=10, immature_morphology=True)
        notes = " ".join(classify(patient(biopsies=[b]), at=AT).notes)
        assert "FX3" in notes
        assert "core biopsy" in notes


class TestFX4LegacyBurdenWordingsAreLabelled:
    """FX4: "> 200 ng/mL with or without > 30 %" is WHO 2008's wording, labelled by version."""

    def test_each_legacy_wording_carries_its_version_and_conjunction(self) -> None:
        """FX4 (BC1): WHO 2008 any item; WHO 2016 both (S207, S202) vs and/or (S211)."""
        from mastcell.knowledge.findings import LEGACY_BURDEN

        got = {
            b.version.split(" (")[0] + (" all" if b.all_needed else " any") for b in LEGACY_BURDEN
        }
        assert got == {"WHO 2008 any", "WHO 2016 all", "WHO 2016 any"}
        for b in LEGACY_BURDEN:
            assert "FX4" in b.facts
            assert b.tryptase.comparison.value == ">"
            assert b.infiltration.comparison.value == ">"

    def test_rules_read_only_the_2022_wordings(self) -> None:
        """FX4: the classification reads WHO 2022 and ICC 2022 only, never a legacy wording."""
        from mastcell.knowledge.findings import FINDINGS

        assert {f.burden.version for f in FINDINGS.values()} == {"WHO 2022", "ICC 2022"}


class TestFX5TryptaseReferenceIsConfigurable:
    """FX5: laboratory, ECNM/AIM and genotype upper limits conflict: the reading is an option."""

    def test_genotype_limits_and_criterion_thresholds_are_two_tables(self) -> None:
        """FX5 (MC11): 11.4/36.2/62.2... are upper limits of normal; 20/40/60... the SM
        criterion thresholds; both are kept, labelled."""
        from mastcell.knowledge.tryptase import TPSAB1_REFERENCE_LIMITS, TPSAB1_UPPER_LIMITS
        from mastcell.tryptase import tpsab1_reference_limit, tpsab1_upper_limit

        assert TPSAB1_REFERENCE_LIMITS == {
            0: 11.4, 1: 36.2, 2: 62.2, 3: 88.8, 4: 115.9, 6: 171.2, 10: 285.1
        }  # fmt: skip
        assert all(TPSAB1_UPPER_LIMITS[c] == 20.0 * (1 + c) for c in TPSAB1_UPPER_LIMITS)
        assert tpsab1_reference_limit(1) == 36.2
        assert tpsab1_upper_limit(1) == 40.0
        assert tpsab1_reference_limit(5) is None  # not tabulated: never interpolated

    @pytest.mark.parametrize(
        ("reference", "copies", "high", "expected"),
        [
            ("genotype", 0, None, 11.4),
            ("genotype", 2, None, 62.2),
            ("genotype", None, 11.5, None),  # genotype unknown: no limit, never a default
            ("ecnm_aim", None, None, 15.0),
            ("ecnm_aim", 2, None, 15.0),
            ("laboratory", 1, 11.5, 11.5),
            ("laboratory", 1, None, None),
        ],
    )
    def test_reference_limit_by_option(
        self, reference: str, copies: int | None, high: float | None, expected: float | None
    ) -> None:
        """FX5 (MC11, MC13): each reading gives its limit; an unknown one gives none."""
        from mastcell.knowledge.options import DiagnosisOptions
        from mastcell.tryptase import reference_limit

        option = DiagnosisOptions(tryptase_reference=reference).tryptase_reference
        bst = lab("tryptase", 14, "ng/mL", role="baseline", reference_high=high)
        assert reference_limit(option, bst, copies)[0] == expected

    @pytest.mark.parametrize(("value", "fires"), [(250.0, True), (285.1, True), (285.2, False)])
    def test_hat_testing_up_to_the_highest_genotype_limit(self, value: float, fires: bool) -> None:
        """FX5: TPSAB1 testing is still suggested up to 285.1 ng/mL (10 copies' upper limit,
        MC11); it stopped at 220, the SM criterion threshold for 10 copies."""
        p = patient(diagnoses=["mcas"], labs=[lab("tryptase", value, "ng/mL", role="baseline")])
        codes = evaluate(p, at=AT, categories=["monitoring"]).codes
        assert ("monitoring.tryptase.hat_consider" in codes) is fires


class TestFX6NicasPopulationConflict:
    """FX6: NICAS's population is ">= 3" episodes a year in one source, "> 3" in another."""

    @pytest.mark.parametrize("episodes", [1, 3, 4])
    def test_population_frequency_is_stated_not_used_as_a_gate(self, episodes: int) -> None:
        """FX6 (SC1): NICAS is computed for idiopathic anaphylaxis whatever the yearly count
        (the sources disagree on >= 3 vs > 3), and the notes give the count and the conflict."""
        from datetime import timedelta

        from mastcell import Flare, classify

        flares = [
            Flare(onset=AT - timedelta(days=30 * (i + 1)), anaphylaxis=True, trigger="none")
            for i in range(episodes)
        ]
        c = classify(patient(sex="female", flares=flares), at=AT)
        assert c.nicas is not None
        notes = " ".join(c.notes)
        assert ">= 3 (or > 3: CONFLICT, FX6)" in notes
        assert f"{episodes} such episode(s) in the last year" in notes


class TestFX7CytopeniaNeedsAttribution:
    """FX7: a cytopenia at C-finding level is a C-finding only when attributed to SM."""

    @pytest.mark.parametrize(
        ("attributed", "status"),
        [(None, "unknown"), (True, "met"), (False, "not_met")],
    )
    def test_classification_reads_the_attribution(
        self, attributed: bool | None, status: str
    ) -> None:
        """FX7 (BC5): platelets 99 (below 100): C1 met only with the clinician's attribution."""
        from mastcell import OrganFindings, classify
        from mastcell.model.classification import CFinding

        p = patient(
            labs=[
                lab("platelets", 99, "10*9/L"),
                lab("hemoglobin", 12, "g/dL"),
                lab("anc", 2, "10*9/L"),
            ],
            organ_findings=OrganFindings(cytopenia_attributed_to_sm=attributed),
        )
        c = classify(p, at=AT)
        assert {r.c_findings[CFinding.CYTOPENIA].status.value for r in c.schemes} == {status}

    @pytest.mark.parametrize(
        ("attributed", "clause"),
        [
            (None, "whether it is attributed to SM is not recorded"),
            (True, "the record attributes it to SM"),
            (False, "not attributed to SM, so it is not a C-finding"),
        ],
    )
    def test_rule_texts_say_it_needs_attribution(
        self, attributed: bool | None, clause: str
    ) -> None:
        """FX7: the marrow and referral texts no longer call the count a C-finding by itself."""
        from mastcell import OrganFindings

        p = patient(
            diagnoses=["ism"],
            labs=[lab("platelets", 80, "10*9/L")],
            organ_findings=OrganFindings(cytopenia_attributed_to_sm=attributed),
        )
        report = evaluate(p, at=AT, categories=["cytopenia", "referral"])
        marrow = report.get("cytopenia.bone_marrow_biopsy.consider")[0].detail
        referral = report.get("referral.specialist_center")[0].detail
        for text in (marrow, referral):
            assert "FX7" in text
            assert clause in text
        assert "this is a C-finding of aggressive SM" not in referral
