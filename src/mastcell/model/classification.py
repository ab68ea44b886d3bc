"""The closed vocabularies of a classification: schemes, criterion states, subtypes, variants.

A criterion is never a bare boolean: it is met, not met, unknown (an input it needs is
missing) or not applicable (the criterion does not apply, e.g. the tryptase minor criterion
with an associated myeloid neoplasm). A diagnosis is met, not met, or indeterminate when the
known criteria neither reach nor rule it out.
"""

from __future__ import annotations

import enum

__all__ = [
    "BFinding",
    "CFinding",
    "CriterionStatus",
    "DiagnosisStatus",
    "McasCriterion",
    "McasVariant",
    "MinorCriterion",
    "Scheme",
    "SmSubtype",
]


class Scheme(enum.StrEnum):
    """A classification of systemic mastocytosis; mastcell always computes both (DX6).

    >>> [s.label for s in Scheme]
    ['WHO 2022', 'ICC 2022']
    """

    WHO_2022 = "who2022"
    ICC_2022 = "icc2022"

    @property
    def label(self) -> str:
        """How the scheme is written in text."""
        return "WHO 2022" if self is Scheme.WHO_2022 else "ICC 2022"


class CriterionStatus(enum.StrEnum):
    """Where a criterion stands: met, not met, unknown (missing input) or not applicable.

    >>> CriterionStatus.UNKNOWN.known, CriterionStatus.NOT_APPLICABLE.known
    (False, True)
    """

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"

    @property
    def known(self) -> bool:
        """Decided either way (not applicable counts as decided: it cannot be met)."""
        return self is not CriterionStatus.UNKNOWN

    @property
    def possible(self) -> bool:
        """Met, or could be met once the missing input is known."""
        return self in (CriterionStatus.MET, CriterionStatus.UNKNOWN)


class DiagnosisStatus(enum.StrEnum):
    """Whether the criteria of a diagnosis are met, ruled out, or neither yet.

    >>> DiagnosisStatus("indeterminate")
    <DiagnosisStatus.INDETERMINATE: 'indeterminate'>
    """

    MET = "met"
    NOT_MET = "not_met"
    INDETERMINATE = "indeterminate"


class SmSubtype(enum.StrEnum):
    """A subtype of systemic mastocytosis (WHO 2022: ``sm-ahn``; ICC 2022: ``sm-amn``, DX16).

    >>> SmSubtype.SM_AMN.label
    'SM with an associated myeloid neoplasm'
    """

    BMM = "bmm"
    ISM = "ism"
    SSM = "ssm"
    ASM = "asm"
    SM_AHN = "sm-ahn"
    SM_AMN = "sm-amn"
    MCL = "mcl"

    @property
    def label(self) -> str:
        """The subtype written out."""
        return _SUBTYPE_LABELS[self]


_SUBTYPE_LABELS = {
    SmSubtype.BMM: "bone marrow mastocytosis",
    SmSubtype.ISM: "indolent SM",
    SmSubtype.SSM: "smouldering SM",
    SmSubtype.ASM: "aggressive SM",
    SmSubtype.SM_AHN: "SM with an associated haematological neoplasm",
    SmSubtype.SM_AMN: "SM with an associated myeloid neoplasm",
    SmSubtype.MCL: "mast cell leukaemia",
}


class MinorCriterion(enum.StrEnum):
    """The four minor criteria of systemic mastocytosis (DX2-DX5).

    >>> [m.value for m in MinorCriterion]
    ['morphology', 'kit', 'phenotype', 'tryptase']
    """

    MORPHOLOGY = "morphology"
    KIT = "kit"
    PHENOTYPE = "phenotype"
    TRYPTASE = "tryptase"


class BFinding(enum.StrEnum):
    """The B-findings, counted by category (BC1-BC4).

    >>> BFinding.BURDEN.value
    'burden'
    """

    BURDEN = "burden"
    LINEAGE = "lineage"
    ORGANOMEGALY = "organomegaly"


class CFinding(enum.StrEnum):
    """The C-findings (BC5-BC9).

    >>> CFinding.GI.value
    'gi'
    """

    CYTOPENIA = "cytopenia"
    LIVER = "liver"
    SPLEEN = "spleen"
    BONE = "bone"
    GI = "gi"


class McasCriterion(enum.StrEnum):
    """The three consensus MCAS criteria (MC1): symptoms, mediator, response.

    >>> McasCriterion.MEDIATOR.value
    'mediator'
    """

    SYMPTOMS = "symptoms"
    MEDIATOR = "mediator"
    RESPONSE = "response"


class McasVariant(enum.StrEnum):
    """The variant of MCAS (MC6).

    >>> McasVariant("idiopathic")
    <McasVariant.IDIOPATHIC: 'idiopathic'>
    """

    PRIMARY = "primary"
    SECONDARY = "secondary"
    IDIOPATHIC = "idiopathic"
