"""How mastcell uses each fact of the diagnosis sheet's sections 2-5 (DX, BC, MC, SC).

Every fact id of those sections is here once: **applied** (it decides a criterion, a finding,
a subtype, a score or a rule), **stated** (the classification's notes or a rule's text say it
where the inputs bear on it; it decides nothing), or **not applied**, with why. The
"Diagnosis and classification" page renders this table, and the tests check that it lists
exactly the sheet's ids, that an applied or stated fact is cited by the code that uses it, and
that every id has a test row citing it.

>>> FACT_USES["DX21"].use
<FactUse.STATED: 'stated'>
>>> FACT_USES["SC3"].use.value
'not applied'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

__all__ = ["FACT_USES", "SHEET_PREFIXES", "FactUsage", "FactUse"]

#: The fact-id prefixes of sections 2-5 of the diagnosis sheet.
SHEET_PREFIXES = ("DX", "BC", "MC", "SC")


class FactUse(enum.StrEnum):
    """What mastcell does with a fact.

    >>> FactUse("not applied")
    <FactUse.NOT_APPLIED: 'not applied'>
    """

    #: It decides a criterion, a finding, a subtype, a score or a rule.
    APPLIED = "applied"
    #: It is said where the inputs bear on it (the classification's notes, a rule's text);
    #: it decides nothing.
    STATED = "stated"
    #: Registered for reference only; ``how`` says why.
    NOT_APPLIED = "not applied"


@attrs.frozen(kw_only=True)
class FactUsage:
    """One fact's use, and how (or why not).

    >>> FACT_USES["MC14"].how.startswith("Never read")
    True
    """

    fact: str
    use: FactUse
    how: str


APPLIED, STATED, NOT_APPLIED = FactUse.APPLIED, FactUse.STATED, FactUse.NOT_APPLIED

_USES = (
    # -- 2.1 major and minor criteria --------------------------------------------------------
    FactUsage(
        fact="DX1",
        use=APPLIED,
        how="The major criterion, from `biopsies[].aggregates` (ICC also `aggregates_stain`). "
        "The >= 15 vs > 15 conflict is stated in `notes` when it is met.",
    ),
    FactUsage(
        fact="DX2",
        use=APPLIED,
        how="The morphology minor criterion: > 25 % atypical or spindle-shaped "
        "(`atypical_pct` of the latest marrow biopsy), both schemes.",
    ),
    FactUsage(
        fact="DX3",
        use=APPLIED,
        how="The KIT minor criterion: D816V, or another variant recorded `activating: true`, "
        "in marrow, blood or another extracutaneous organ; `kit_tests` decide over `kit_d816v`.",
    ),
    FactUsage(
        fact="DX4",
        use=APPLIED,
        how="The phenotype minor criterion: CD25, CD2 or CD30 on mast cells, both schemes.",
    ),
    FactUsage(
        fact="DX5",
        use=APPLIED,
        how="The tryptase minor criterion, with the persistence reading (two baselines > 20 "
        "ng/mL four weeks apart); HaT-adjusted under WHO 2022. ICC's HaT handling (NOT "
        "VERIFIED) is left to the clinician where the adjustment would change the answer; not "
        "applicable with an associated myeloid neoplasm.",
    ),
    FactUsage(
        fact="DX6",
        use=APPLIED,
        how="The diagnosis rule of each scheme (WHO: major + 1 minor or 3 minor; ICC: major "
        "alone or 3 minor); a difference is listed in `disagreements`.",
    ),
    FactUsage(
        fact="DX7",
        use=APPLIED,
        how="A negative by NGS, by an assay with a limit of detection above 0.1 % or unknown, "
        "or the legacy `kit_d816v: false`, leaves the KIT criterion unknown and gives "
        "`diagnosis.kit.sensitive_assay`; a blood negative alone is unknown.",
    ),
    FactUsage(
        fact="DX8",
        use=APPLIED,
        how="Every codon-816 substitution counts as activating for the KIT criterion.",
    ),
    FactUsage(
        fact="DX9",
        use=NOT_APPLIED,
        how="No input records the method or the number of events of a flow study (EH3): "
        "CD25, CD2 and CD30 are read as the pathologist reports them.",
    ),
    # -- 2.2 subtypes ------------------------------------------------------------------------
    FactUsage(
        fact="DX10",
        use=STATED,
        how="The classification decides SM; cutaneous mastocytosis is stated from `skin` "
        "(DX23) and mast cell sarcoma is named as a type mastcell does not assign (DX21).",
    ),
    FactUsage(
        fact="DX11",
        use=APPLIED,
        how="BMM: a WHO 2022 subtype, an ICC 2022 variant of ISM (the ICC conflict stated in "
        "`notes`); the ECNM 'no B-finding' item (WHO adoption NOT VERIFIED) is an option, off "
        "by default.",
    ),
    FactUsage(
        fact="DX12",
        use=APPLIED,
        how="The 125 ng/mL edge of BMM; the registry's survival figures are not used.",
    ),
    FactUsage(
        fact="DX13",
        use=APPLIED,
        how="ISM: the last rung of both ladders (the ICC wording beyond S201 NOT VERIFIED).",
    ),
    FactUsage(
        fact="DX14",
        use=APPLIED,
        how="SSM: two or more B-findings; the ICC count (NOT VERIFIED) is read as WHO's, "
        "stated in `notes`.",
    ),
    FactUsage(fact="DX15", use=APPLIED, how="ASM: one C-finding or more, both schemes."),
    FactUsage(
        fact="DX16",
        use=APPLIED,
        how="SM-AHN (WHO, any lineage) against SM-AMN (ICC, myeloid only); an absent "
        "`associated_neoplasm` is read as none, stated in `notes`.",
    ),
    FactUsage(
        fact="DX17",
        use=APPLIED,
        how="MCL: >= 20 % on the aspirate (WHO), also immature morphology (ICC); the ICC "
        "core-biopsy route (threshold NOT VERIFIED) is stated in `notes`.",
    ),
    FactUsage(
        fact="DX18",
        use=STATED,
        how="When MCL is the subtype, `notes` say acute (a C-finding met) or chronic (none) "
        "and MCL-AHN / MCL-AMN with an associated neoplasm; leukaemic or aleukaemic is named, "
        "not decided (no input records circulating mast cells), nor primary or secondary.",
    ),
    FactUsage(
        fact="DX19",
        use=NOT_APPLIED,
        how="Prognosis, not classification (MAPS needs myeloid mutations, EH5, not an input); "
        "cited only in the ICC note that a lymphoid neoplasm is analysed apart (SM-ALN).",
    ),
    FactUsage(
        fact="DX20",
        use=NOT_APPLIED,
        how="A morphological variant in any type that changes no type or subtype; no input "
        "records well-differentiated morphology.",
    ),
    FactUsage(
        fact="DX21",
        use=STATED,
        how="Never assigned. When mast cell aggregates are found outside the marrow and no "
        "marrow biopsy shows them, `notes` name mast cell sarcoma (WHO 2016 wording; NOT "
        "VERIFIED for 2022) as a type mastcell does not assign: the pathologist's diagnosis.",
    ),
    FactUsage(
        fact="DX22",
        use=STATED,
        how="With `skin` given, `notes` name the recorded form and what `lesion_count` says "
        "of it (4 or more lesions favour MPCM over mastocytoma), with a disagreement between "
        "the two stated; the criteria read `skin.lesions` only.",
    ),
    FactUsage(
        fact="DX23",
        use=APPLIED,
        how="A recorded `cm` with the SM criteria met gives `diagnosis.recorded_differs`. With "
        "skin lesions, `notes` say whether the CM criteria (typical lesions, a skin biopsy "
        "infiltrate, SM criteria not met) are met, not met or undecided; a mastocytoma is at "
        "most 3 lesions, and Darier's sign without recorded lesions is stated.",
    ),
    FactUsage(
        fact="DX24",
        use=STATED,
        how="Never assigned. With an associated myeloid neoplasm, >= 10 % mast cells on the "
        "aspirate and SM met under neither scheme, `notes` name myelomastocytic leukaemia "
        "(whether the mast cells are clonal is not an input).",
    ),
    FactUsage(
        fact="DX25",
        use=STATED,
        how="CONFLICT, never resolved: when the MCAS variant is primary, `notes` give both "
        "readings of MMAS (1-2 minor criteria, S215; only 2, S211) and per scheme the minor "
        "criteria met and which reading they fit. No MMAS label is given.",
    ),
    # -- 3 B- and C-findings -----------------------------------------------------------------
    FactUsage(
        fact="BC1",
        use=APPLIED,
        how="B1 per scheme: WHO any of infiltration >= 30 %, baseline >= 200 ng/mL "
        "(HaT-adjusted), VAF >= 10 %; ICC infiltration > 30 % and baseline > 200 ng/mL.",
    ),
    FactUsage(
        fact="BC2",
        use=APPLIED,
        how="B2 per scheme: WHO dysplasia or myeloproliferation; ICC a count outside the "
        "laboratory's range short of C level, attributed to SM.",
    ),
    FactUsage(
        fact="BC3",
        use=APPLIED,
        how="B3: organomegaly without organ dysfunction; lymph nodes > 2 cm (WHO) or > 1 cm (ICC).",
    ),
    FactUsage(
        fact="BC4",
        use=APPLIED,
        how="B-findings are counted by category, however many items of B1 are met.",
    ),
    FactUsage(
        fact="BC5",
        use=APPLIED,
        how="C1: ANC < 1.0, Hb < 10 g/dL or platelets < 100 x10^9/L, attributed to SM by the "
        "clinician (FX7).",
    ),
    FactUsage(fact="BC6", use=APPLIED, how="C2: hepatomegaly with impaired liver function."),
    FactUsage(fact="BC7", use=APPLIED, how="C3: splenomegaly with hypersplenism."),
    FactUsage(
        fact="BC8",
        use=APPLIED,
        how="C4: osteolysis >= 2 cm with a pathological fracture (the WHO 2022 wording).",
    ),
    FactUsage(
        fact="BC9",
        use=APPLIED,
        how="C5: malabsorption with weight loss; 'with hypoalbuminaemia' (NOT VERIFIED) is "
        "not read.",
    ),
    FactUsage(
        fact="BC10",
        use=APPLIED,
        how="Hepatomegaly and splenomegaly are the clinician's true or false: no liver or "
        "spleen size is an input and no size cut-off is used (none verified).",
    ),
    FactUsage(
        fact="BC11",
        use=APPLIED,
        how="The B1 tryptase is 200 ng/mL in every scheme and version held; the erroneous "
        "'> 20' transcription (S230) is never used.",
    ),
    # -- 4 MCAS ------------------------------------------------------------------------------
    FactUsage(
        fact="MC1",
        use=APPLIED,
        how="The three consensus criteria: episodes (A), acute tryptase > 1.2 x baseline + 2 "
        "ng/mL 1-4 h after onset (B), response to anti-mediators (C).",
    ),
    FactUsage(
        fact="MC2",
        use=APPLIED,
        how="Two organ systems per episode; naso-ocular counts with respiratory (S232), "
        "stated in `notes`.",
    ),
    FactUsage(
        fact="MC3",
        use=STATED,
        how="Urinary mediators are supportive: listed in `notes`, never criterion B (MC4).",
    ),
    FactUsage(
        fact="MC4",
        use=APPLIED,
        how="Urinary mediators never meet criterion B by themselves (no consensus threshold): "
        "it stays unknown without an acute tryptase, clinician decision.",
    ),
    FactUsage(
        fact="MC5",
        use=STATED,
        how="The NIH formula (acute > 1.685 x baseline) is stated in `notes` beside the "
        "consensus formula, which decides.",
    ),
    FactUsage(
        fact="MC6",
        use=APPLIED,
        how="The variant: primary with clonal markers, secondary with a sensitisation or an "
        "explaining trigger, idiopathic only when clonality was tested negative.",
    ),
    FactUsage(
        fact="MC7",
        use=STATED,
        how="The MMAS conflict, stated when the MCAS variant is primary (see DX25).",
    ),
    FactUsage(
        fact="MC8",
        use=APPLIED,
        how="The 20 % + 2 rule holds with a high baseline: no cap on the baseline.",
    ),
    FactUsage(
        fact="MC9",
        use=NOT_APPLIED,
        how="Epidemiology (HaT in 17.2 % of mastocytosis): no decision rests on it; TPSAB1 "
        "testing is `monitoring.tryptase.hat_consider`'s advice.",
    ),
    FactUsage(
        fact="MC10",
        use=NOT_APPLIED,
        how="The per-copy rise of about 9-10 ng/mL is not used: the genotype limits (MC11) "
        "and the WHO adjustment (DX5) are; kidney function is not an input of the "
        "classification.",
    ),
    FactUsage(
        fact="MC11",
        use=APPLIED,
        how="The genotype upper limits behind `diagnosis.bone_marrow.consider` (a baseline "
        "above its limit with systemic reactions); none for an untabulated copy number.",
    ),
    FactUsage(
        fact="MC12",
        use=APPLIED,
        how="Without HaT the limit is 11.4 ng/mL; with 4 extra copies a baseline over 100 "
        "ng/mL can be within its limit (115.9): both through the genotype limits.",
    ),
    FactUsage(
        fact="MC13",
        use=APPLIED,
        how='CONFLICT made an option: `DiagnosisOptions(tryptase_reference="ecnm_aim")` '
        "reads 15 ng/mL instead of the genotype limits (FX5).",
    ),
    FactUsage(
        fact="MC14",
        use=NOT_APPLIED,
        how="Never read: the 'consensus-2' criteria conflict with the consensus criteria "
        "(MC1) and their own authors acknowledge an overdiagnosis risk. Their minor items "
        "(mast cells per field in GI biopsies, KIT codons 419/509/560, heparin, chromogranin "
        "A) never change the MCAS status.",
    ),
    # -- 5 scores ----------------------------------------------------------------------------
    FactUsage(
        fact="SC1",
        use=APPLIED,
        how="NICAS as a range over both symptom readings and every unknown item, for "
        "anaphylaxis without a known trigger; the population conflict (FX6) is stated.",
    ),
    FactUsage(
        fact="SC2",
        use=APPLIED,
        how="An entered REMA >= 2 gives `diagnosis.bone_marrow.consider` (the latest dated "
        "entry decides).",
    ),
    FactUsage(
        fact="SC3",
        use=NOT_APPLIED,
        how="NOT VERIFIED: REMA is never computed from its items (the only readable point "
        "values, S230, are not used); only an entered REMA is read (SC2).",
    ),
    FactUsage(
        fact="SC4",
        use=APPLIED,
        how="The marrow study on REMA >= 2 and on a baseline above its genotype limit with "
        "systemic reactions (`diagnosis.bone_marrow.consider`).",
    ),
    FactUsage(
        fact="SC5",
        use=NOT_APPLIED,
        how="An ISM-SAF total is kept as entered (`scores[]`, `ism_saf`) and not interpreted: "
        "its total formula and cut-off are NOT VERIFIED.",
    ),
    FactUsage(
        fact="SC6",
        use=NOT_APPLIED,
        how="A MAS total is kept as entered (`mas`) and not interpreted: its scoring is NOT "
        "VERIFIED.",
    ),
    FactUsage(
        fact="SC7",
        use=NOT_APPLIED,
        how="An MCT total is kept as entered (`mct`); its >= 13 (good control) measures "
        "symptom control, not diagnosis, and no rule reads it.",
    ),
    FactUsage(
        fact="SC8",
        use=NOT_APPLIED,
        how="The MSAF is not an instrument of `scores[]` (rema, mct, ism_saf, mas): entering "
        "it is an input error.",
    ),
    FactUsage(
        fact="SC9",
        use=NOT_APPLIED,
        how="Which instruments trials use: informational, nothing to decide.",
    ),
)

#: Every fact of sections 2-5, in the sheet's order.
FACT_USES: Mapping[str, FactUsage] = {u.fact: u for u in _USES}
