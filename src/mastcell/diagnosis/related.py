"""Entities around SM that the classification states but never assigns (DX10, DX18, DX21-DX25).

The subtype ladders decide SM. The diagnosis sheet also names the cutaneous forms, the
sub-forms of mast cell leukaemia, mast cell sarcoma, myelomastocytic leukaemia and monoclonal
MCAS; the classification has no output field for them. Where the inputs bear on one, its
``notes`` say what the inputs show and what the sources say, and the label stays the
clinician's. Nothing here changes a status, a subtype or a variant.
"""

from __future__ import annotations

from mastcell.diagnosis.inputs import Inputs
from mastcell.diagnosis.result import SchemeResult
from mastcell.diagnosis.subtype import associated
from mastcell.knowledge.diagnosis import (
    MCL_LEUKAEMIC_BLOOD,
    MPCM_LESIONS,
    MYELOMASTOCYTIC_MAST_CELLS,
)
from mastcell.knowledge.mcas import MMAS_READINGS
from mastcell.model import Lineage, SkinLesions
from mastcell.model.classification import (
    CriterionStatus,
    DiagnosisStatus,
    McasVariant,
    Scheme,
    SmSubtype,
)

__all__ = [
    "cutaneous",
    "mast_cell_sarcoma",
    "mcl_forms",
    "mmas",
    "myelomastocytic",
    "related_notes",
]

MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNKNOWN

_FORMS = {
    SkinLesions.MPCM: "maculopapular cutaneous mastocytosis (MPCM, urticaria pigmentosa)",
    SkinLesions.DCM: "diffuse cutaneous mastocytosis (DCM)",
    SkinLesions.MASTOCYTOMA: "cutaneous mastocytoma",
}


def _statuses(who: SchemeResult, icc: SchemeResult) -> str:
    return f"WHO 2022 {who.status.value}, ICC 2022 {icc.status.value}"


def _count_note(lesions: SkinLesions | None, count: int) -> str | None:
    """What the lesion count says about the form (DX22: >= 4 favour MPCM; DX23: <= 3)."""
    many = MPCM_LESIONS.holds(count)
    if lesions is None:
        reading = (
            "4 or more lesions favour MPCM over mastocytoma (DX22)"
            if many
            else "a mastocytoma is solitary or at most 3 lesions (DX23)"
        )
        return (
            f"skin: {count} lesion(s), their form not recorded: {reading}; the criteria read "
            "skin.lesions, not the count"
        )
    if lesions is SkinLesions.MASTOCYTOMA and many:
        return (
            f"skin: recorded as mastocytoma with {count} lesions: 4 or more lesions favour MPCM "
            "over mastocytoma (DX22) and a mastocytoma is solitary or at most 3 lesions (DX23): "
            "the inputs disagree, check the record"
        )
    if lesions is SkinLesions.MASTOCYTOMA:
        kind = "isolated" if count == 1 else "multilocalised"
        return (
            f"skin: mastocytoma, {count} lesion(s): {kind} (WHO 5th edition distinguishes "
            "isolated from multilocalised mastocytoma, DX22)"
        )
    if lesions is SkinLesions.MPCM and not many:
        return (
            f"skin: recorded as MPCM with {count} lesion(s): fewer than 4 do not favour MPCM "
            "over mastocytoma (DX22), and a mastocytoma is solitary or at most 3 lesions (DX23): "
            "check the record"
        )
    return None


def _criteria_note(infiltrate: bool | None, who: SchemeResult, icc: SchemeResult) -> str:
    """The criteria of cutaneous mastocytosis (DX23) against the SM criteria."""
    if infiltrate is None:
        return (
            "DX23: cutaneous mastocytosis also needs a skin biopsy with a multifocal or diffuse "
            "mast cell infiltrate (skin.biopsy_infiltrate not recorded) and the SM criteria not met"
        )
    if infiltrate is False:
        return (
            "DX23: the skin biopsy showed no multifocal or diffuse mast cell infiltrate: the "
            "histological part of the criteria of cutaneous mastocytosis is not met by it "
            "(clinician decision)"
        )
    statuses = {who.status, icc.status}
    if DiagnosisStatus.MET in statuses:
        return (
            "DX23: mastocytosis in the skin with the SM criteria met "
            f"({_statuses(who, icc)}): systemic mastocytosis with skin lesions, not cutaneous "
            "mastocytosis"
        )
    if statuses == {DiagnosisStatus.NOT_MET}:
        return (
            "DX23: typical skin lesions, a skin biopsy with a multifocal or diffuse mast cell "
            "infiltrate and the SM criteria not met under either scheme: the criteria of "
            "cutaneous mastocytosis are met (S229, S210)"
        )
    return (
        "DX23: mastocytosis in the skin (typical lesions, skin biopsy infiltrate); cutaneous "
        "mastocytosis needs the SM criteria not met, which is not decided "
        f"({_statuses(who, icc)}): the marrow study decides"
    )


def cutaneous(inputs: Inputs, who: SchemeResult, icc: SchemeResult) -> tuple[str, ...]:
    """The cutaneous form and the criteria of cutaneous mastocytosis, from ``skin`` (DX22, DX23).

    The form as recorded; what the lesion count says of it (4 or more favour MPCM over
    mastocytoma, a mastocytoma is solitary or at most 3 lesions), with a conflict with the
    recorded form stated; Darier's sign (pathognomonic of CM) against lesions recorded none or
    not at all; and, with lesions present, whether the CM criteria (typical lesions, a skin
    biopsy infiltrate, the SM criteria not met) are met, not met or undecided. The criteria of
    SM read ``skin.lesions`` as recorded: these notes change no status.

    >>> from mastcell import classify
    >>> from mastcell.model import Skin
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(skin=Skin(lesions="mastocytoma", lesion_count=5))
    >>> c = classify(p, at=AT)
    >>> cutaneous(read_inputs(p, AT), c.who2022, c.icc2022)[1][:46]
    'skin: recorded as mastocytoma with 5 lesions: '
    """
    skin = inputs.skin
    if skin is None:
        return ()
    lesions, count = skin.lesions, skin.lesion_count
    notes: list[str] = []
    if lesions is not None and lesions.present:
        notes.append(
            f"skin: {_FORMS[lesions]}, a cutaneous form under WHO 2022 and ICC 2022 (DX22)"
        )
    if lesions is SkinLesions.NONE:
        if count:
            notes.append(
                f"skin: skin.lesions is none but lesion_count is {count}: the inputs disagree; "
                "the criteria read skin.lesions (none): check the record (DX22)"
            )
    elif count and lesions is not SkinLesions.DCM:
        note = _count_note(lesions, count)
        if note is not None:
            notes.append(note)
    if skin.darier_sign and (lesions is None or not lesions.present):
        state = "not recorded" if lesions is None else "none"
        notes.append(
            f"skin: Darier's sign is pathognomonic of cutaneous mastocytosis (DX23), but "
            f"skin.lesions is {state}: check the record"
        )
    if lesions is not None and lesions.present:
        notes.append(_criteria_note(skin.biopsy_infiltrate, who, icc))
    return tuple(notes)


def mast_cell_sarcoma(inputs: Inputs) -> tuple[str, ...]:
    """Mast cell sarcoma named as a type mastcell does not assign, where it matters (DX10, DX21).

    It could matter when mast cell aggregates are found outside the marrow and no marrow
    biopsy shows them: the major criterion is then read from an organ biopsy, which a unifocal
    mast cell tumour would also give.

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="gi", aggregates=True)])
    >>> mast_cell_sarcoma(read_inputs(p, AT))[0][:33]
    'DX10, DX21: biopsies[0]: mast cel'
    """
    organ = [p for p, b in inputs.biopsies if b.site.extramedullary and b.aggregates is True]
    if not organ:
        return ()
    marrow = inputs.marrow
    if any(b.aggregates is True for _, b in marrow):
        return ()
    if not marrow:
        state = "no marrow biopsy on record"
    elif all(b.aggregates is False for _, b in marrow):
        state = "the marrow without aggregates"
    else:
        state = "the marrow aggregates not recorded"
    return (
        f"DX10, DX21: {organ[0]}: mast cell aggregates outside the marrow, {state}; the major "
        "criterion is read from it. Mastocytosis has three types (cutaneous, systemic, mast "
        "cell sarcoma); mast cell sarcoma (a unifocal, destructively growing mast cell tumour "
        "with high-grade cytology and no evidence of SM, in the WHO 2016 wording; the WHO 2022 "
        "and ICC 2022 detail was not verified) is a type mastcell does not assign: if this is a "
        "tumour, that diagnosis is the pathologist's",
    )


def mcl_forms(inputs: Inputs, result: SchemeResult) -> tuple[str, ...]:
    """The sub-forms of mast cell leukaemia the inputs decide, when MCL is the subtype (DX18).

    Acute (a C-finding met) or chronic (none); MCL-AHN (ICC: MCL-AMN) with an associated
    neoplasm the scheme counts. Leukaemic or aleukaemic (mast cells >= 10 % of the blood white
    cells) is named, not decided: no input records circulating mast cells; nor primary or
    secondary MCL (from a prior SM).

    >>> from datetime import date
    >>> from mastcell import classify
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow", aggregates=True,
    ...     aggregates_stain=["cd117"], atypical_pct=50, aspirate_mast_cell_pct=25)])
    >>> mcl_forms(read_inputs(p, AT), classify(p, at=AT).who2022)[0][:58]
    'DX18: WHO 2022: acute or chronic MCL not decided (C-findin'
    """
    if result.subtype is not SmSubtype.MCL:
        return ()
    met = [k.value for k, a in result.c_findings.items() if a.status is MET]
    unknown = [k.value for k, a in result.c_findings.items() if a.status is UNKNOWN]
    if met:
        form = f"acute MCL (C-finding met: {', '.join(met)})"
    elif unknown:
        form = f"acute or chronic MCL not decided (C-findings unknown: {', '.join(unknown)})"
    else:
        form = "chronic MCL (no C-finding)"
    notes = [
        f"DX18: {result.scheme.label}: {form}",
        # The same under both schemes: said once (the notes drop repeats).
        "DX18: leukaemic MCL (mast cells "
        f"{MCL_LEUKAEMIC_BLOOD.comparison.value} {MCL_LEUKAEMIC_BLOOD.threshold:g} % of the "
        "blood white cells) or aleukaemic MCL is not decided: no input records circulating mast "
        "cells (the split is under discussion); nor is primary or secondary MCL (from a prior SM)",
    ]
    neoplasm = inputs.neoplasm
    if neoplasm is not None:
        name = "MCL-AHN" if result.scheme is Scheme.WHO_2022 else "MCL-AMN"
        found = associated(inputs, result.scheme).status
        if found is MET:
            notes.append(
                f"DX18: {result.scheme.label}: with the associated {neoplasm.name}: {name}"
            )
        elif found is UNKNOWN:
            notes.append(
                f"DX18: {result.scheme.label}: {name} if the associated {neoplasm.name} is "
                "myeloid (associated_neoplasm.lineage not recorded)"
            )
    return tuple(notes)


def myelomastocytic(inputs: Inputs, who: SchemeResult, icc: SchemeResult) -> tuple[str, ...]:
    """Myelomastocytic leukaemia named, never assigned, when the inputs fit it (DX24).

    Fits: an associated myeloid neoplasm, mast cells at 10 % or more on the latest marrow
    aspirate, and the SM criteria met under neither scheme. Whether those mast cells are clonal
    is not an input: clinician decision.

    >>> from datetime import date
    >>> from mastcell import classify
    >>> from mastcell.model import AssociatedNeoplasm, Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow",
    ...                              aspirate_mast_cell_pct=12, aggregates=False)],
    ...             associated_neoplasm=AssociatedNeoplasm(name="AML", lineage="myeloid"))
    >>> c = classify(p, at=AT)
    >>> myelomastocytic(read_inputs(p, AT), c.who2022, c.icc2022)[0][:40]
    'DX24: biopsies[0]: 12 % mast cells on th'
    """
    if DiagnosisStatus.MET in (who.status, icc.status):
        return ()
    neoplasm = inputs.neoplasm
    if neoplasm is None or neoplasm.lineage is not Lineage.MYELOID or not inputs.marrow:
        return ()
    path, biopsy = inputs.marrow[-1]
    pct = biopsy.aspirate_mast_cell_pct
    if pct is None or not MYELOMASTOCYTIC_MAST_CELLS.holds(pct):
        return ()
    return (
        f"DX24: {path}: {pct:g} % mast cells on the aspirate with an associated myeloid "
        f"neoplasm ({neoplasm.name}) and the SM criteria met under neither scheme "
        f"({_statuses(who, icc)}): myelomastocytic leukaemia (a 2012 consensus proposal, not "
        "then a WHO entity: mast cell-lineage involvement in MDS/AML with "
        f"{MYELOMASTOCYTIC_MAST_CELLS.comparison.value} "
        f"{MYELOMASTOCYTIC_MAST_CELLS.threshold:g} % clonal mast cells in marrow or blood "
        "smears, the SM criteria not met) is an entity mastcell does not assign; whether the "
        "mast cells are clonal is not an input: clinician decision",
    )


def _mmas_reading(result: SchemeResult) -> str:
    label = result.scheme.label
    minors = sum(a.status is MET for a in result.minor.values())
    counted = f"{minors} minor SM criteri{'on' if minors == 1 else 'a'} met"
    if result.status is DiagnosisStatus.MET:
        return f"{label}: SM criteria met (primary MCAS with SM, not MMAS)"
    if result.status is DiagnosisStatus.INDETERMINATE:
        return f"{label}: {counted} so far, SM not decided"
    fits = [r.wording for r in MMAS_READINGS if minors in r.minor_criteria]
    return f"{label}: {counted}, SM not met: " + (
        f"fits MMAS read as {' or as '.join(fits)}" if fits else "fits neither reading"
    )


def mmas(who: SchemeResult, icc: SchemeResult, variant: McasVariant | None) -> tuple[str, ...]:
    """The MMAS conflict stated, never resolved, when MCAS is primary (DX25, MC7).

    Monoclonal MCAS is clonal mast cells meeting only 1-2 minor SM criteria (S215) or only 2
    (S211): the note gives, per scheme, the minor criteria met and which reading they fit.

    >>> from mastcell import classify
    >>> from mastcell.testing import AT, patient
    >>> c = classify(patient(), at=AT)
    >>> mmas(c.who2022, c.icc2022, McasVariant.PRIMARY)[0][:48]
    'DX25, MC7: monoclonal MCAS (MMAS) is clonal mast'
    """
    if variant is not McasVariant.PRIMARY:
        return ()
    readings = " or ".join(f"{r.wording} ({', '.join(r.sources)})" for r in MMAS_READINGS)
    return (
        f"DX25, MC7: monoclonal MCAS (MMAS) is clonal mast cells meeting {readings}: CONFLICT, "
        "not resolved by mastcell, which gives no MMAS label; "
        + "; ".join(_mmas_reading(r) for r in (who, icc))
        + ": clinician decision",
    )


def related_notes(
    inputs: Inputs, who: SchemeResult, icc: SchemeResult, variant: McasVariant | None
) -> tuple[str, ...]:
    """Every note of this module for one classification, in a fixed order.

    >>> from mastcell import classify
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient()
    >>> c = classify(p, at=AT)
    >>> related_notes(read_inputs(p, AT), c.who2022, c.icc2022, None)
    ()
    """
    return (
        *cutaneous(inputs, who, icc),
        *mast_cell_sarcoma(inputs),
        *mcl_forms(inputs, who),
        *mcl_forms(inputs, icc),
        *myelomastocytic(inputs, who, icc),
        *mmas(who, icc, variant),
    )
