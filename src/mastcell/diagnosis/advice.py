"""Decisions of the ``diagnosis`` rules, as typed data: no prose here (that is :mod:`mastcell.diagnosis.text`).

- :func:`recorded_conflicts`: recorded diagnoses that match neither scheme's result.
- :func:`marrow_reasons`: why a marrow study is worth considering (NICAS, REMA, venom, genotype).
- The KIT assay decision is ``KitReading.insensitive`` (:mod:`mastcell.diagnosis.criteria`).

Each decision is a small pure function of :class:`~mastcell.diagnosis.inputs.Inputs` or of a
:class:`~mastcell.diagnosis.result.Classification`, so that the rules can become data.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import NamedTuple

from mastcell.diagnosis.inputs import Inputs
from mastcell.diagnosis.nicas import nicas
from mastcell.diagnosis.result import Classification, SchemeResult
from mastcell.knowledge.scores import ADULT_AGE, NICAS, REMA_MARROW, VENOM_BASELINE
from mastcell.model import (
    Diagnosis,
    FlareTrigger,
    ReactionSeverity,
    ScoreInstrument,
)
from mastcell.model.classification import DiagnosisStatus, SmSubtype
from mastcell.model.dates import day_of
from mastcell.tryptase import reference_limit

__all__ = [
    "MarrowReason",
    "MarrowWhy",
    "RecordedConflict",
    "marrow_reasons",
    "marrow_study_on_record",
    "recorded_conflicts",
]

#: What each recorded SM code claims, as subtypes of either scheme (an ``ism`` record is
#: consistent with WHO ``bmm`` and ICC ``ism`` with the ``bmm`` variant; ``sm-ahn`` with ICC's
#: ``sm-amn``); ``sm`` (subtype unknown) claims any.
_CLAIMS: dict[Diagnosis, frozenset[SmSubtype]] = {
    Diagnosis.BMM: frozenset({SmSubtype.BMM, SmSubtype.ISM}),
    Diagnosis.ISM: frozenset({SmSubtype.ISM, SmSubtype.BMM}),
    Diagnosis.SSM: frozenset({SmSubtype.SSM}),
    Diagnosis.ASM: frozenset({SmSubtype.ASM}),
    Diagnosis.SM_AHN: frozenset({SmSubtype.SM_AHN, SmSubtype.SM_AMN}),
    Diagnosis.MCL: frozenset({SmSubtype.MCL}),
    Diagnosis.SM: frozenset(SmSubtype),
}


class RecordedConflict(NamedTuple):
    """A recorded diagnosis the criteria contradict under both schemes.

    >>> RecordedConflict(recorded=Diagnosis.ISM, who2022="asm", icc2022="asm").recorded.value
    'ism'
    """

    recorded: Diagnosis
    #: What each scheme shows instead (the subtype, the possible subtypes, or "not met").
    who2022: str
    icc2022: str


def _shows(result: SchemeResult) -> str:
    if result.status is DiagnosisStatus.NOT_MET:
        return "SM criteria not met"
    if result.subtype is not None:
        return f"SM, {result.subtype_text}"
    return "SM, subtype " + " or ".join(sorted(s.value for s in result.possible))


def _consistent(code: Diagnosis, result: SchemeResult) -> bool:
    sm_met = result.status is DiagnosisStatus.MET
    if code is Diagnosis.CM:
        return not sm_met  # CM means the SM criteria are not met (DX23)
    claims = _CLAIMS[code]
    return sm_met and not claims.isdisjoint(result.possible)


def recorded_conflicts(
    result: Classification, recorded: Iterable[Diagnosis]
) -> tuple[RecordedConflict, ...]:
    """Recorded SM (or CM) diagnoses that match neither scheme's result.

    Never when either scheme is indeterminate; an ``ism`` record for WHO ``bmm`` / ICC ``ism``
    is consistent; ``mcas`` and ``hat`` are not SM claims and are never compared.

    >>> from mastcell import classify, patient_from_dict
    >>> c = classify(patient_from_dict({}), at="2026-11-22T12:00:00Z")
    >>> recorded_conflicts(c, [Diagnosis.ISM])
    ()
    """
    schemes = result.schemes
    if any(r.status is DiagnosisStatus.INDETERMINATE for r in schemes):
        return ()
    out = []
    for code in dict.fromkeys(recorded):
        if code not in _CLAIMS and code is not Diagnosis.CM:
            continue
        if not any(_consistent(code, r) for r in schemes):
            out.append(
                RecordedConflict(
                    recorded=code, who2022=_shows(result.who2022), icc2022=_shows(result.icc2022)
                )
            )
    return tuple(out)


class MarrowWhy(enum.StrEnum):
    """Why a marrow study is worth considering.

    >>> MarrowWhy("venom").value
    'venom'
    """

    NICAS = "nicas"
    REMA = "rema"
    VENOM = "venom"
    GENOTYPE_LIMIT = "genotype_limit"


class MarrowReason(NamedTuple):
    """One reason for a marrow study, with the inputs behind it and the facts it applies.

    >>> MarrowReason(why=MarrowWhy.REMA, inputs=("scores[0]",), values=(("rema", 2.0),)).why
    <MarrowWhy.REMA: 'rema'>
    """

    why: MarrowWhy
    inputs: tuple[str, ...]
    #: The values the decision read (name, value), for the text and the findings.
    values: tuple[tuple[str, float | str], ...] = ()
    #: Readings the decision took (age not recorded, a limit's kind...).
    caveats: tuple[str, ...] = ()


def marrow_study_on_record(inputs: Inputs) -> bool:
    """A marrow biopsy is on record at the moment, or SM is already diagnosed.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> marrow_study_on_record(read_inputs(patient(diagnoses=["ism"]), AT))
    True
    """
    sm = any(d.is_systemic_mastocytosis for d in inputs.diagnoses)
    return sm or bool(inputs.marrow)


def _nicas(inputs: Inputs) -> MarrowReason | None:
    score = nicas(inputs)
    if score is None or score.low < NICAS.marrow_at_or_above:
        return None
    return MarrowReason(
        why=MarrowWhy.NICAS,
        inputs=score.inputs,
        values=(("NICAS low", score.low), ("NICAS high", score.high)),
    )


def _rema(inputs: Inputs) -> MarrowReason | None:
    rema = [(p, s) for p, s in inputs.scores if s.instrument is ScoreInstrument.REMA]
    if not rema:
        return None
    dated = [(p, s) for p, s in rema if s.date is not None]
    path, score = (
        max(dated, key=lambda item: day_of(item[1].date)) if dated else rema[-1]  # type: ignore[arg-type]
    )
    if not REMA_MARROW.holds(score.value):
        return None
    return MarrowReason(why=MarrowWhy.REMA, inputs=(path,), values=(("REMA", score.value),))


def _venom(inputs: Inputs) -> MarrowReason | None:
    stung = [
        p for p, f in inputs.flares if f.trigger is FlareTrigger.VENOM and f.anaphylaxis is True
    ]
    if not stung:
        return None
    age = inputs.age
    if age is not None and age < ADULT_AGE:
        return None
    caveats = () if age is not None else ("age not recorded: RS32 speaks of adults",)
    found: list[str] = [*stung]
    values: list[tuple[str, float | str]] = []
    latest = inputs.latest_baseline
    above = latest is not None and VENOM_BASELINE.holds(latest[1].canonical)
    if latest is not None and above:
        found.append(latest[0])
        values.append(("baseline tryptase", latest[1].canonical))
    skin = inputs.skin
    lesions = skin is not None and skin.lesions is not None and skin.lesions.present
    if lesions and skin is not None and skin.lesions is not None:
        found.append("skin")
        values.append(("skin lesions", skin.lesions.value))
    if not (above or lesions):
        return None
    return MarrowReason(
        why=MarrowWhy.VENOM, inputs=tuple(found), values=tuple(values), caveats=caveats
    )


def _systemic(inputs: Inputs) -> list[str]:
    """Episodes or reactions that were systemic: anaphylaxis, or two or more organ systems."""
    found = [
        p
        for p, f in inputs.flares
        if f.anaphylaxis is True or (f.systems is not None and len(f.systems) >= 2)
    ]
    found += [p for p, r in inputs.reactions if r.severity is ReactionSeverity.ANAPHYLAXIS]
    return found


def _genotype_limit(inputs: Inputs) -> MarrowReason | None:
    systemic = _systemic(inputs)
    if not systemic:
        return None
    latest = inputs.latest_baseline
    if latest is None:
        return None
    path, lab = latest
    limit, kind = reference_limit(inputs.options.diagnosis.tryptase_reference, lab, inputs.copies)
    if limit is None or not lab.canonical > limit:
        return None
    copies = () if inputs.copies is None else ("tpsab1_extra_copies",)
    return MarrowReason(
        why=MarrowWhy.GENOTYPE_LIMIT,
        inputs=(path, *copies, *systemic),
        values=(("baseline tryptase", lab.canonical), ("upper limit", limit)),
        caveats=(kind,),
    )


def marrow_reasons(inputs: Inputs) -> tuple[MarrowReason, ...]:
    """Why a marrow study (with a high-sensitivity KIT assay) is worth considering, if at all.

    NICAS low bound >= 2 (SC1); an entered REMA >= 2 (SC2, SC4); an adult with venom
    anaphylaxis and a baseline tryptase above 11.4 ng/mL or skin lesions (RS32; as written,
    genotype or not); a baseline above the upper limit of normal (the option's reading, by
    default the TPSAB1 genotype's, MC11) with systemic reactions (SC4). None when a marrow
    biopsy is on record or SM is already diagnosed.

    >>> from mastcell.model import Score
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> [r.why.value for r in marrow_reasons(read_inputs(patient(scores=[Score(instrument="rema", value=2)]), AT))]
    ['rema']
    """
    if marrow_study_on_record(inputs):
        return ()
    found = (_nicas(inputs), _rema(inputs), _venom(inputs), _genotype_limit(inputs))
    return tuple(r for r in found if r is not None)
