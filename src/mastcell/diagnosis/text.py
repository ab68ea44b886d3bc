"""The prose of the ``diagnosis`` recommendations: one template per code, fed by the decisions.

Kept apart from the decisions (:mod:`.advice`, :mod:`.criteria`) so that the rules can become
data with text from templates (issue 20).
"""

from __future__ import annotations

from mastcell.diagnosis.advice import MarrowReason, MarrowWhy, RecordedConflict
from mastcell.diagnosis.result import Classification, SchemeResult
from mastcell.knowledge.scores import NICAS, REMA_MARROW, VENOM_BASELINE
from mastcell.model.classification import DiagnosisStatus

__all__ = [
    "classification_detail",
    "classification_summary",
    "conflict_detail",
    "conflict_summary",
    "kit_detail",
    "kit_summary",
    "marrow_detail",
    "marrow_summary",
]


def _status(result: SchemeResult) -> str:
    text = {"met": "met", "not_met": "not met", "indeterminate": "indeterminate"}[
        result.status.value
    ]
    return f"{text}, {result.subtype_text}" if result.subtype is not None else text


def classification_summary(result: Classification) -> str:
    """One line: SM under each scheme (with the subtype when known), MCAS.

    >>> from mastcell import classify, patient_from_dict
    >>> classification_summary(classify(patient_from_dict({}), at="2026-11-22T12:00:00Z"))
    'SM criteria: WHO 2022 indeterminate, ICC 2022 indeterminate; MCAS indeterminate'
    """
    mcas = result.mcas.status.value.replace("_", " ")
    return (
        f"SM criteria: WHO 2022 {_status(result.who2022)}, ICC 2022 {_status(result.icc2022)}; "
        f"MCAS {mcas}"
    )


def _scheme_detail(r: SchemeResult) -> str:
    minor = ", ".join(f"{k.value} {a.status.value}" for k, a in r.minor.items())
    b = ", ".join(f"{k.value} {a.status.value}" for k, a in r.b_findings.items())
    c = ", ".join(f"{k.value} {a.status.value}" for k, a in r.c_findings.items())
    missing = "; ".join(r.missing) if r.missing else "nothing"
    return (
        f"{r.scheme.label}: SM {_status(r)} (major {r.major.status.value}; minor {minor}; "
        f"B-findings {b}; C-findings {c}); missing: {missing} ({', '.join(r.sources)})."
    )


def classification_detail(result: Classification) -> str:
    """Both schemes' criteria and what each is missing, MCAS, NICAS and the disagreements.

    >>> from mastcell import classify, patient_from_dict
    >>> text = classification_detail(classify(patient_from_dict({}), at="2026-11-22T12:00:00Z"))
    >>> text.startswith("WHO 2022: SM indeterminate")
    True
    """
    m = result.mcas
    criteria = ", ".join(f"{k.value} {a.status.value}" for k, a in m.criteria.items())
    parts = [_scheme_detail(r) for r in result.schemes]
    parts.append(
        f"MCAS (consensus criteria, MC1): {m.status.value.replace('_', ' ')} ({criteria})"
        + (f", variant {m.variant.value}" if m.variant else "")
        + (f"; missing: {'; '.join(m.missing)}" if m.missing else "")
        + "."
    )
    if result.nicas is not None:
        parts.append(
            f"NICAS (SC1): {result.nicas.low} to {result.nicas.high} (a marrow study is "
            f"suggested from {NICAS.marrow_at_or_above})."
        )
    if result.disagreements:
        parts.append(
            "The schemes disagree on: "
            + "; ".join(
                f"{d.topic} (WHO {d.who2022}, ICC {d.icc2022})" for d in result.disagreements
            )
            + "."
        )
    parts.append(
        "A subtype is given only when the criteria are met and every input its ladder needs is "
        "known; unknown is never read as absent. The readings taken are listed by mastcell "
        "classify (notes). Decision support: the clinician decides."
    )
    return " ".join(parts)


def conflict_summary(conflict: RecordedConflict) -> str:
    """One line per recorded diagnosis the criteria contradict.

    >>> from mastcell.model import Diagnosis
    >>> conflict_summary(RecordedConflict(recorded=Diagnosis.ISM, who2022="SM, asm",
    ...                                   icc2022="SM, asm"))
    "Recorded 'ism' differs from the criteria: WHO 2022 SM, asm; ICC 2022 SM, asm"
    """
    return (
        f"Recorded '{conflict.recorded.value}' differs from the criteria: WHO 2022 "
        f"{conflict.who2022}; ICC 2022 {conflict.icc2022}"
    )


def conflict_detail(conflict: RecordedConflict, result: Classification) -> str:
    """Why the record and the criteria differ, and what to do about it.

    >>> from mastcell import classify, patient_from_dict
    >>> from mastcell.model import Diagnosis
    >>> c = classify(patient_from_dict({}), at="2026-11-22T12:00:00Z")
    >>> "matches neither scheme's result" in conflict_detail(RecordedConflict(
    ...     recorded=Diagnosis.CM, who2022="SM, ism", icc2022="SM, ism"), c)
    True
    """
    statuses = {r.status for r in result.schemes}
    why = (
        "cutaneous mastocytosis means the SM criteria are not met (DX23), but they are"
        if conflict.recorded.value == "cm"
        else "the recorded diagnosis is not among what the criteria allow"
    )
    tail = (
        " Check the record and the inputs (a C-finding or B-finding confirmed, the marrow "
        "results): the criteria were read under both schemes and neither matches."
        if DiagnosisStatus.MET in statuses
        else " The SM criteria are not met under either scheme with the inputs given."
    )
    return (
        f"The recorded diagnosis '{conflict.recorded.value}' matches neither scheme's result "
        f"(WHO 2022: {conflict.who2022}; ICC 2022: {conflict.icc2022}): {why}.{tail} "
        "Decision support: the clinician decides which is right."
    )


_SHORT = {
    MarrowWhy.NICAS: "NICAS >= 2",
    MarrowWhy.REMA: "REMA >= 2",
    MarrowWhy.VENOM: "venom anaphylaxis",
    MarrowWhy.GENOTYPE_LIMIT: "baseline above its upper limit",
}


def marrow_summary(reasons: tuple[MarrowReason, ...]) -> str:
    """One line: consider a marrow study, and why.

    >>> marrow_summary((MarrowReason(why=MarrowWhy.REMA, inputs=()),))
    'Consider a bone marrow study with a high-sensitivity KIT assay: REMA >= 2'
    """
    return "Consider a bone marrow study with a high-sensitivity KIT assay: " + ", ".join(
        _SHORT[r.why] for r in reasons
    )


def _value(reason: MarrowReason, name: str) -> float | str | None:
    return next((v for n, v in reason.values if n == name), None)


def _reason_text(reason: MarrowReason) -> str:
    caveats = "".join(
        f" ({c})" for c in reason.caveats if reason.why is not MarrowWhy.GENOTYPE_LIMIT
    )
    if reason.why is MarrowWhy.NICAS:
        return (
            f"NICAS {_value(reason, 'NICAS low')} to {_value(reason, 'NICAS high')} for "
            f"anaphylaxis without a known trigger: from {NICAS.marrow_at_or_above} a clonal "
            "disorder is likely and a marrow biopsy is indicated (SC1; S28, S218)"
        )
    if reason.why is MarrowWhy.REMA:
        return (
            f"an entered REMA score of {_value(reason, 'REMA')} ({REMA_MARROW.comparison.value} "
            f"{REMA_MARROW.threshold:g} leads to a marrow work-up with a high-sensitivity KIT PCR; "
            "SC2, SC4; S219, S217)"
        )
    if reason.why is MarrowWhy.VENOM:
        found = []
        tryptase = _value(reason, "baseline tryptase")
        if tryptase is not None:
            found.append(
                f"a baseline tryptase of {tryptase:g} ng/mL (> {VENOM_BASELINE.threshold:g}, "
                "as written, genotype or not)"
                if isinstance(tryptase, float)
                else "a raised baseline tryptase"
            )
        lesions = _value(reason, "skin lesions")
        if lesions is not None:
            found.append(f"mastocytosis in the skin ({lesions})")
        return (
            "anaphylaxis after an insect sting in an adult with "
            + " and ".join(found)
            + f": up to 5 % of such adults have clonal mast cell disease; work up with blood KIT "
            f"D816V and a marrow biopsy (RS32; S220){caveats}"
        )
    limit = _value(reason, "upper limit")
    tryptase = _value(reason, "baseline tryptase")
    return (
        f"a baseline tryptase of {tryptase} ng/mL, above {reason.caveats[0]} ({limit} ng/mL), "
        "with systemic reactions: a baseline elevated for the genotype leads to a marrow biopsy "
        "with a high-sensitivity KIT PCR (SC4, MC11; S219, S217, S216; the reference is "
        "options.diagnosis.tryptase_reference, FX5)"
    )


def marrow_detail(reasons: tuple[MarrowReason, ...]) -> str:
    """Each reason with its numbers and sources.

    >>> marrow_detail((MarrowReason(why=MarrowWhy.REMA, inputs=(), values=(("REMA", 3.0),)),))[:40]
    'A marrow study is worth considering: an '
    """
    return (
        "A marrow study is worth considering: "
        + "; ".join(_reason_text(r) for r in reasons)
        + ". Test KIT D816V with a high-sensitivity assay (ASqPCR or ddPCR; NGS is often falsely "
        "negative, DX7). TPSAB1 genotyping, where it is not known, is "
        "monitoring.tryptase.hat_consider's advice. Decision support: the clinician decides."
    )


def kit_summary(count: int) -> str:
    """One line: a negative KIT result is not assessable.

    >>> kit_summary(1)
    'A negative KIT result is not assessable: repeat with a high-sensitivity assay (ASqPCR, ddPCR)'
    """
    noun = "A negative KIT result is" if count == 1 else f"{count} negative KIT results are"
    return f"{noun} not assessable: repeat with a high-sensitivity assay (ASqPCR, ddPCR)"


def kit_detail(problems: tuple[tuple[str, str], ...]) -> str:
    """Why each negative result is not assessable, and what a sensitive assay is.

    >>> kit_detail((("kit_d816v", "no assay recorded"),))[:30]
    'kit_d816v: no assay recorded. '
    """
    listed = " ".join(f"{path}: {why}." for path, why in problems)
    return (
        f"{listed} A negative KIT D816V result rules the KIT criterion out only from a "
        "high-sensitivity assay (allele-specific qPCR or ddPCR, limit of detection 0.1 % VAF or "
        "lower; PNA-PCR next; NGS is often falsely negative) on marrow or another "
        "extracutaneous organ; blood is useful for screening but a marrow study is needed in any "
        "case (DX7; S27, S227, S226). Until then the KIT minor criterion is unknown, not negative."
    )
