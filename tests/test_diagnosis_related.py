"""What the classification states but never assigns (DX10, DX18, DX21-DX25, MC7), fact by fact.

Each row cites its fact id. The notes name an entity the inputs bear on and leave the label to
the clinician: no status, subtype or variant changes with them.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import attrs
import pytest

from diagnosis_builders import baseline, complete, kit, marrow, mcas_met, result
from mastcell import AssociatedNeoplasm, Biopsy, Patient, Skin
from mastcell.model.classification import McasVariant, SmSubtype

#: A marrow that rules out the major criterion and the morphology and phenotype minors.
NEGATIVE_MARROW: dict[str, Any] = {
    "aggregates": False,
    "atypical_pct": 5.0,
    "cd25": False,
    "cd2": False,
    "cd30": False,
}


def notes(patient: Patient, *starts: str) -> list[str]:
    """The classification's notes that start with one of ``starts``."""
    return [n for n in result(patient).notes if n.startswith(starts)]


def without_notes(patient: Patient) -> dict[str, Any]:
    """The classification as data, notes left out."""
    data = result(patient).to_dict()
    data.pop("notes")
    return data


class TestCutaneousForms:
    """DX22, DX23: the form from skin.lesions and lesion_count, stated in notes."""

    @pytest.mark.parametrize(
        ("skin", "said", "unsaid"),
        [
            # DX22: four or more lesions favour MPCM: consistent, nothing to check
            ({"lesions": "mpcm", "lesion_count": 4}, ["maculopapular"], ["check the record"]),
            # DX22, DX23: three lesions recorded as MPCM: the count fits a mastocytoma
            ({"lesions": "mpcm", "lesion_count": 3}, ["recorded as MPCM with 3 lesion(s)"], []),
            # DX22: four lesions recorded as mastocytoma: the inputs disagree
            (
                {"lesions": "mastocytoma", "lesion_count": 4},
                ["recorded as mastocytoma with 4 lesions", "the inputs disagree"],
                [],
            ),
            # DX23: a mastocytoma is at most 3 lesions; 2-3 is multilocalised (DX22)
            ({"lesions": "mastocytoma", "lesion_count": 3}, ["3 lesion(s): multilocalised"], []),
            ({"lesions": "mastocytoma", "lesion_count": 1}, ["1 lesion(s): isolated"], []),  # DX22
            # DX22: the count is not read for diffuse CM
            ({"lesions": "dcm", "lesion_count": 12}, ["diffuse cutaneous"], ["favour"]),
            # DX22: form not recorded: the count says what it favours, the criteria do not read it
            ({"lesion_count": 4}, ["4 lesion(s), their form not recorded: 4 or more"], []),
            ({"lesion_count": 3}, ["a mastocytoma is solitary or at most 3 lesions"], []),  # DX23
            # DX22: lesions none but a count: the inputs disagree
            ({"lesions": "none", "lesion_count": 2}, ["none but lesion_count is 2"], []),
            # DX23: Darier's sign is pathognomonic of CM
            ({"lesions": "none", "darier_sign": True}, ["skin.lesions is none: check"], []),
            ({"darier_sign": True}, ["skin.lesions is not recorded: check"], []),  # DX23
            ({"lesions": "none"}, [], ["skin:"]),  # DX22: nothing to say
        ],
    )
    def test_form_notes(self, skin: dict[str, Any], said: list[str], unsaid: list[str]) -> None:
        """DX22, DX23: what the form and the count say, at the 3/4 lesion edge."""
        text = " | ".join(notes(Patient(skin=Skin(**skin)), "skin"))
        for phrase in said:
            assert phrase in text
        for phrase in unsaid:
            assert phrase not in text

    def test_no_skin_no_notes(self) -> None:
        """DX22: without the skin input nothing is said of the cutaneous forms."""
        assert notes(complete(skin=None), "skin", "DX23") == []

    @pytest.mark.parametrize(
        ("sm", "infiltrate", "said"),
        [
            # DX23: lesions, infiltrate, SM not met under both: the CM criteria are met
            ("not_met", True, "the criteria of cutaneous mastocytosis are met"),
            ("met", True, "systemic mastocytosis with skin lesions, not cutaneous"),  # DX23
            ("indeterminate", True, "which is not decided"),  # DX23: a marrow study decides
            ("not_met", None, "skin.biopsy_infiltrate not recorded"),  # DX23
            ("not_met", False, "is not met by it"),  # DX23: no infiltrate on the skin biopsy
        ],
    )
    def test_cm_criteria(self, sm: str, infiltrate: bool | None, said: str) -> None:
        """DX23: typical lesions, a skin biopsy infiltrate, and the SM criteria not met."""
        skin = Skin(lesions="mpcm", lesion_count=20, biopsy_infiltrate=infiltrate)
        if sm == "met":
            p = complete(skin=skin)
        elif sm == "not_met":
            p = Patient(
                skin=skin,
                biopsies=[marrow(**NEGATIVE_MARROW)],
                kit_tests=[kit(result="not_detected")],
                labs=[baseline(5)],
            )
        else:
            p = Patient(skin=skin)
        c = result(p)
        assert {c.who2022.status.value, c.icc2022.status.value} == {sm}
        (note,) = [n for n in c.notes if n.startswith("DX23")]
        assert said in note

    def test_skin_notes_change_no_status(self) -> None:
        """DX22, DX23: the count, Darier's sign and the skin biopsy change nothing but notes."""
        full = complete(
            skin=Skin(
                lesions="mastocytoma", lesion_count=6, darier_sign=True, biopsy_infiltrate=True
            )
        )
        bare = complete(skin=Skin(lesions="mastocytoma"))
        assert without_notes(full) == without_notes(bare)
        assert notes(full, "skin", "DX23") != notes(bare, "skin", "DX23")


def _organ(site: str = "gi", aggregates: bool | None = True) -> Biopsy:
    return Biopsy(
        date=date(2026, 9, 1), site=site, aggregates=aggregates, aggregates_stain=["cd117"]
    )


class TestMastCellSarcoma:
    """DX10, DX21: a type mastcell does not assign, named where it matters."""

    @pytest.mark.parametrize(
        ("biopsies", "said"),
        [
            ([_organ()], "no marrow biopsy on record"),  # DX21: aggregates in the gut only
            ([marrow(aggregates=False), _organ("liver")], "the marrow without aggregates"),
            ([marrow(aggregates=None), _organ("lymph_node")], "marrow aggregates not recorded"),
            ([marrow(aggregates=True), _organ()], None),  # DX21: SM in the marrow: not said
            ([_organ(aggregates=False)], None),  # DX21: no aggregates anywhere
            ([_organ("skin")], None),  # DX10: a skin infiltrate is not extracutaneous
        ],
    )
    def test_named_when_aggregates_are_extramedullary_only(
        self, biopsies: list[Biopsy], said: str | None
    ) -> None:
        """DX10, DX21: aggregates outside the marrow and none in it: the note names the type."""
        found = notes(Patient(biopsies=biopsies), "DX10, DX21")
        if said is None:
            assert found == []
            return
        (note,) = found
        assert said in note
        assert "mast cell sarcoma" in note
        assert "does not assign" in note

    def test_never_assigned(self) -> None:
        """DX10: the subtypes of both schemes hold no mast cell sarcoma, whatever the biopsy."""
        assert not any("sarcoma" in s.label for s in SmSubtype)
        c = result(Patient(biopsies=[_organ()]))
        assert c.icc2022.status.value == "met"  # ICC: the major criterion alone
        assert c.icc2022.subtype is None


class TestMclSubForms:
    """DX18: acute or chronic MCL and MCL-AHN/AMN when MCL is the subtype; the leukaemic split
    is named, not decided."""

    MCL: ClassVar[dict[str, Any]] = {"aspirate_mast_cell_pct": 30.0, "immature_morphology": True}

    @pytest.mark.parametrize(
        ("organs", "form"),
        [
            ({}, "chronic MCL (no C-finding)"),  # DX18
            ({"malabsorption_with_weight_loss": True}, "acute MCL (C-finding met: gi)"),  # DX18
            (
                {"malabsorption_with_weight_loss": None},
                "acute or chronic MCL not decided (C-findings unknown: gi)",
            ),
        ],
    )
    def test_acute_or_chronic(self, organs: dict[str, Any], form: str) -> None:
        """DX18: a C-finding makes MCL acute, none chronic, an unknown one leaves it open."""
        p = complete(marrow_fields=self.MCL, organs=organs)
        assert [r.subtype for r in result(p).schemes] == [SmSubtype.MCL, SmSubtype.MCL]
        found = notes(p, "DX18")
        assert f"DX18: WHO 2022: {form}" in found
        assert f"DX18: ICC 2022: {form}" in found
        (leukaemic,) = [n for n in found if "leukaemic" in n]
        assert ">= 10 % of the blood white cells" in leukaemic
        assert "not decided" in leukaemic

    @pytest.mark.parametrize(
        ("lineage", "said"),
        [
            (
                "myeloid",
                [
                    "WHO 2022: with the associated N: MCL-AHN",
                    "ICC 2022: with the associated N: MCL-AMN",
                ],
            ),
            ("lymphoid", ["WHO 2022: with the associated N: MCL-AHN"]),  # DX18: ICC myeloid only
            (None, ["WHO 2022: with the associated N: MCL-AHN", "ICC 2022: MCL-AMN if"]),
        ],
    )
    def test_with_an_associated_neoplasm(self, lineage: str | None, said: list[str]) -> None:
        """DX18: MCL-AHN under WHO (any lineage), MCL-AMN under ICC (myeloid only)."""
        p = complete(
            marrow_fields=self.MCL,
            associated_neoplasm=AssociatedNeoplasm(name="N", lineage=lineage),
        )
        found = [n for n in notes(p, "DX18") if "MCL-A" in n]
        assert len(found) == len(said)
        for phrase in said:
            assert any(phrase in n for n in found)

    @pytest.mark.parametrize(
        ("marrow_fields", "schemes"),
        [
            ({"aspirate_mast_cell_pct": 20.0, "immature_morphology": False}, ["WHO 2022"]),  # DX17
            ({"aspirate_mast_cell_pct": 19.9, "immature_morphology": True}, []),  # not MCL
            ({"aspirate_mast_cell_pct": None}, []),  # DX18: MCL possible, not the subtype
        ],
    )
    def test_only_where_mcl_is_the_subtype(
        self, marrow_fields: dict[str, Any], schemes: list[str]
    ) -> None:
        """DX18: the sub-forms are said only under a scheme whose subtype is MCL."""
        found = notes(complete(marrow_fields=marrow_fields), "DX18: WHO", "DX18: ICC")
        assert [n.split(":")[1].strip() for n in found] == schemes


class TestMyelomastocyticLeukaemia:
    """DX24: named, never assigned, with a myeloid neoplasm, >= 10 % mast cells, SM not met."""

    @pytest.mark.parametrize(
        ("pct", "lineage", "fires"),
        [
            (10.0, "myeloid", True),  # DX24: exactly 10 %
            (9.9, "myeloid", False),  # DX24
            (35.0, "lymphoid", False),  # DX24: MDS/AML, a myeloid neoplasm
            (35.0, None, False),  # DX24: lineage not recorded
            (None, "myeloid", False),  # DX24: aspirate not recorded
        ],
    )
    def test_at_its_edge(self, pct: float | None, lineage: str | None, fires: bool) -> None:
        """DX24: >= 10 % mast cells on the aspirate with an associated myeloid neoplasm."""
        p = Patient(
            biopsies=[marrow(**NEGATIVE_MARROW, aspirate_mast_cell_pct=pct)],
            associated_neoplasm=AssociatedNeoplasm(name="AML", lineage=lineage),
        )
        found = notes(p, "DX24")
        assert bool(found) is fires
        if fires:
            assert "does not assign" in found[0]
            assert "clinician decision" in found[0]

    def test_not_with_sm_met(self) -> None:
        """DX24: the SM criteria met under a scheme: not said."""
        p = complete(
            marrow_fields={"aspirate_mast_cell_pct": 15.0},
            associated_neoplasm=AssociatedNeoplasm(name="CMML", lineage="myeloid"),
        )
        assert result(p).who2022.status.value == "met"
        assert notes(p, "DX24") == []


class TestMonoclonalMcas:
    """DX25, MC7: the MMAS conflict (1-2 vs only 2 minor criteria) stated when MCAS is
    primary, never resolved."""

    @pytest.mark.parametrize(
        ("fields", "who", "icc"),
        [
            # DX25, MC7: KIT alone (1 minor): fits the 1-2 reading, not the 'only 2' one
            (
                {"biopsies": [marrow(**NEGATIVE_MARROW)], "kit_tests": [kit()]},
                "1 minor SM criterion met, SM not met: fits MMAS read as 1 or 2 minor SM criteria",
                "1 minor SM criterion met, SM not met: fits MMAS read as 1 or 2 minor SM criteria",
            ),
            # DX25, MC7: KIT and CD25 (2 minors): both readings
            (
                {"biopsies": [marrow(**{**NEGATIVE_MARROW, "cd25": True})], "kit_tests": [kit()]},
                "2 minor SM criteria met, SM not met: fits MMAS read as 1 or 2 minor SM criteria "
                "or as only 2 minor SM criteria",
                "2 minor SM criteria met, SM not met: fits MMAS read as 1 or 2 minor SM criteria "
                "or as only 2 minor SM criteria",
            ),
            # DX25: SM met: primary MCAS with SM, not MMAS
            (
                {
                    "biopsies": [marrow(aggregates=True, aggregates_stain=["cd117"])],
                    "kit_tests": [kit()],
                },
                "SM criteria met (primary MCAS with SM, not MMAS)",
                "SM criteria met (primary MCAS with SM, not MMAS)",
            ),
            # DX25: clonal by the skin only, the marrow not studied: undecided
            (
                {"skin": Skin(lesions="mpcm")},
                "0 minor SM criteria met so far, SM not decided",
                "0 minor SM criteria met so far, SM not decided",
            ),
        ],
    )
    def test_stated_when_primary(self, fields: dict[str, Any], who: str, icc: str) -> None:
        """DX25, MC7: both readings, and per scheme the minor criteria met and what they fit."""
        c = result(mcas_met(**fields))
        assert c.mcas.status.value == "met"
        assert c.mcas.variant is McasVariant.PRIMARY
        (note,) = [n for n in c.notes if n.startswith("DX25, MC7")]
        assert "1 or 2 minor SM criteria (S215) or only 2 minor SM criteria (S211)" in note
        assert "CONFLICT" in note
        assert f"WHO 2022: {who}; ICC 2022: {icc}: clinician decision" in note

    @pytest.mark.parametrize("trigger", ["venom", None])
    def test_not_stated_unless_primary(self, trigger: str | None) -> None:
        """DX25: a secondary (or undetermined) variant: no MMAS note."""
        c = result(mcas_met(trigger=trigger))
        assert c.mcas.variant is not McasVariant.PRIMARY
        assert not any(n.startswith("DX25") for n in c.notes)

    def test_no_mmas_label(self) -> None:
        """DX25, MC7: no variant or subtype is MMAS: the conflict is left to the clinician."""
        assert "mmas" not in {v.value for v in McasVariant}
        assert "mmas" not in {s.value for s in SmSubtype}


class TestNotesChangeNothingElse:
    """DX18, DX21, DX24, DX25: the notes of this module leave every status as it was."""

    @pytest.mark.parametrize(
        "patient",
        [
            mcas_met(biopsies=[marrow(**NEGATIVE_MARROW)], kit_tests=[kit()]),  # DX25
            Patient(biopsies=[_organ()]),  # DX21
            complete(marrow_fields={"aspirate_mast_cell_pct": 30.0, "immature_morphology": True}),
            Patient(  # DX24
                biopsies=[marrow(**NEGATIVE_MARROW, aspirate_mast_cell_pct=12.0)],
                associated_neoplasm=AssociatedNeoplasm(name="AML", lineage="myeloid"),
            ),
        ],
    )
    def test_related_notes_are_only_notes(
        self, patient: Patient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """DX18, DX21, DX24, DX25: the classification without the module's notes is the same."""
        from mastcell.diagnosis import assemble

        c = result(patient)
        monkeypatch.setattr(assemble, "related_notes", lambda *_: ())
        bare = result(patient)
        assert set(c.notes) > set(bare.notes)
        assert attrs.evolve(c, notes=()) == attrs.evolve(bare, notes=())
