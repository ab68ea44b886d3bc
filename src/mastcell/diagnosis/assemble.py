"""Assembling the classification: SM under WHO 2022 and ICC 2022, MCAS and NICAS, at a moment.

Pure and deterministic: the inputs are read once (:func:`~mastcell.diagnosis.inputs.read_inputs`),
each criterion is a small function of them, and the result is assembled here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from mastcell.diagnosis.assessment import Assessment, unique
from mastcell.diagnosis.compare import disagreements
from mastcell.diagnosis.criteria import KitReading, diagnosis_status, kit_reading, major, minors
from mastcell.diagnosis.findings import b_findings, c_findings
from mastcell.diagnosis.inputs import Inputs, read_inputs
from mastcell.diagnosis.mcas import assess_mcas
from mastcell.diagnosis.nicas import nicas
from mastcell.diagnosis.related import related_notes
from mastcell.diagnosis.result import Classification, McasResult, SchemeResult
from mastcell.diagnosis.subtype import ladder
from mastcell.exceptions import InputError
from mastcell.knowledge.diagnosis import SCHEMES
from mastcell.knowledge.findings import FINDINGS
from mastcell.knowledge.options import Options
from mastcell.model import Patient
from mastcell.model.classification import CriterionStatus, DiagnosisStatus, Scheme, SmSubtype
from mastcell.model.dates import day_of

__all__ = ["classify", "classify_inputs"]

MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.UNKNOWN


def _missing(parts: Iterable[Assessment]) -> list[str]:
    return [m for a in parts if a.status is UNKNOWN for m in a.missing]


def _notes(parts: Iterable[Assessment]) -> list[str]:
    return [n for a in parts for n in a.notes]


def scheme_result(
    inputs: Inputs, scheme: Scheme, kit: KitReading
) -> tuple[SchemeResult, list[str]]:
    """SM under ``scheme``, and the notes its criteria and ladder took.

    >>> from mastcell.testing import AT, patient
    >>> i = read_inputs(patient(), AT)
    >>> r, _ = scheme_result(i, Scheme.WHO_2022, kit_reading(i, Scheme.WHO_2022))
    >>> r.status.value, r.subtype
    ('indeterminate', None)
    """
    main = major(inputs, scheme)
    minor = minors(inputs, scheme, kit)
    status = diagnosis_status(scheme, main.status, [a.status for a in minor.values()])
    b = b_findings(inputs, scheme)
    c = c_findings(inputs)
    lad = ladder(inputs, scheme, b, c)
    criteria = [main, *minor.values()]
    missing = _missing(criteria)
    notes = _notes(criteria)
    subtype = variant = None
    possible: frozenset[SmSubtype] = frozenset()
    if status is not DiagnosisStatus.NOT_MET:
        missing += lad.missing
        missing += _missing([*b.values(), *c.values()])
        notes += lad.notes
        notes += _notes([*b.values(), *c.values()])
        possible = lad.possible
        if status is DiagnosisStatus.MET:
            subtype = lad.subtype
        if lad.variant is not None and SmSubtype.ISM in possible:
            notes += lad.variant.notes
            if lad.variant.status is MET and subtype is SmSubtype.ISM:
                variant = SmSubtype.BMM
            elif lad.variant.status is UNKNOWN:
                missing += lad.variant.missing
    sources = unique((*SCHEMES[scheme].sources, *FINDINGS[scheme].sources))
    return (
        SchemeResult(
            scheme=scheme,
            status=status,
            major=main,
            minor=minor,
            b_findings=b,
            c_findings=c,
            subtype=subtype,
            variant=variant,
            possible=possible,
            missing=unique(missing),
            sources=sources,
            ladder=lad.rungs,
        ),
        notes,
    )


def classify_inputs(inputs: Inputs, patient_id: str | None) -> Classification:
    """The classification of already-read inputs (the diagnosis rules call this).

    >>> from mastcell.testing import AT, patient
    >>> classify_inputs(read_inputs(patient(), AT), "x").patient_id
    'x'
    """
    kit = kit_reading(inputs, Scheme.WHO_2022)
    who, who_notes = scheme_result(inputs, Scheme.WHO_2022, kit)
    icc, icc_notes = scheme_result(inputs, Scheme.ICC_2022, kit_reading(inputs, Scheme.ICC_2022))
    sm_met = DiagnosisStatus.MET in (who.status, icc.status)
    mcas = assess_mcas(inputs, kit, sm_met=sm_met)
    score = nicas(inputs)
    notes = [
        *inputs.notes,
        *who_notes,
        *icc_notes,
        *mcas.notes,
        *(score.notes if score is not None else ()),
        *related_notes(inputs, who, icc, mcas.variant),
    ]
    return Classification(
        patient_id=patient_id,
        evaluated_at=inputs.at,
        who2022=who,
        icc2022=icc,
        mcas=McasResult(
            status=mcas.status,
            criteria=mcas.criteria,
            variant=mcas.variant,
            missing=mcas.missing,
        ),
        nicas=score,
        disagreements=disagreements(who, icc),
        notes=unique(notes),
    )


def classify(
    patient: Patient,
    at: datetime | str | None = None,
    *,
    options: Options | None = None,
) -> Classification:
    """Classify ``patient`` at the moment ``at``: SM under WHO 2022 and ICC 2022, MCAS, NICAS.

    Both schemes are always computed, with what is missing for each; a subtype is given only
    when the diagnosis is met and every input its ladder needs is known; ``disagreements``
    lists each point where the schemes differ and ``notes`` the readings taken. Decision
    support: the clinician decides.

    Args:
        patient: the patient (its work-up: biopsies, KIT tests, skin, organ findings...).
        at: the moment of classification (aware datetime or ISO 8601 text); None means now.
        options: settings (``options.diagnosis``; default :class:`~mastcell.Options`).

    Raises:
        InputError: ``at`` is naive or malformed, or an input cannot be true at ``at``.

    >>> from mastcell import patient_from_dict
    >>> p = patient_from_dict({"id": "demo", "biopsies": [{"date": "2026-09-01",
    ...     "site": "bone_marrow", "aggregates": True, "aggregates_stain": ["cd117"]}]})
    >>> c = classify(p, at="2026-11-22T12:00:00Z")
    >>> c.who2022.status.value, c.icc2022.status.value, c.icc2022.subtype
    ('indeterminate', 'met', None)
    """
    from mastcell.engine import parse_time

    when = parse_time(at)
    born = patient.birth_date
    if born is not None and day_of(born) > day_of(when):
        raise InputError.for_field(
            "birth_date",
            f"expected a date on or before the moment of classification ({when.isoformat()}), "
            f"got {born.isoformat()}",
        )
    return classify_inputs(read_inputs(patient, when, options), patient.id)
