"""The JSON Schema of a classification (:meth:`mastcell.Classification.to_dict`).

Shipped beside the patient and report schemas as ``mastcell/schema/classification.schema.json``
(a test keeps the file equal to :func:`classification_schema`) and printed by ``mastcell
schema --classification``. Every code carries its description.
"""

from __future__ import annotations

import enum
from importlib import resources
from typing import Any

from mastcell.diagnosis.result import FORMAT_VERSION
from mastcell.interchange import DATE_TIME_PATTERN
from mastcell.model.classification import (
    BFinding,
    CFinding,
    CriterionStatus,
    DiagnosisStatus,
    McasCriterion,
    McasVariant,
    MinorCriterion,
    Scheme,
    SmSubtype,
)

__all__ = ["classification_schema", "shipped_classification_schema"]

_DESCRIPTIONS: dict[enum.Enum, str] = {
    CriterionStatus.MET: "the criterion is met",
    CriterionStatus.NOT_MET: "the criterion is not met",
    CriterionStatus.UNKNOWN: "an input the criterion needs is missing (see missing)",
    CriterionStatus.NOT_APPLICABLE: "the criterion does not apply (e.g. tryptase with an associated myeloid neoplasm)",
    DiagnosisStatus.MET: "the known criteria reach the diagnosis",
    DiagnosisStatus.NOT_MET: "the known criteria rule the diagnosis out",
    DiagnosisStatus.INDETERMINATE: "the known criteria neither reach nor rule out the diagnosis",
    McasVariant.PRIMARY: "primary (clonal) MCAS",
    McasVariant.SECONDARY: "secondary MCAS (an allergen or trigger explains the episodes)",
    McasVariant.IDIOPATHIC: "idiopathic MCAS (clonality tested negative, no trigger found)",
}


def _codes(
    cls: type[enum.Enum], *, nullable: bool = False, only: tuple[Any, ...] = ()
) -> dict[str, Any]:
    members = [m for m in cls if not only or m in only]
    options: list[dict[str, Any]] = [
        {
            "const": str(m.value),
            "description": _DESCRIPTIONS.get(m) or getattr(m, "label", None) or str(m.value),
        }
        for m in members
    ]
    if nullable:
        options.append({"type": "null", "description": "not given (see missing)"})
    return {"oneOf": options}


def _object(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _keyed(keys: type[enum.Enum], description: str) -> dict[str, Any]:
    return _object({str(k.value): {"$ref": "#/$defs/CriterionStatus"} for k in keys}, description)


_STRINGS = {"type": "array", "items": {"type": "string"}}


def _scheme(scheme: Scheme) -> dict[str, Any]:
    subtypes = (
        (
            SmSubtype.BMM,
            SmSubtype.ISM,
            SmSubtype.SSM,
            SmSubtype.ASM,
            SmSubtype.SM_AHN,
            SmSubtype.MCL,
        )
        if scheme is Scheme.WHO_2022
        else (SmSubtype.ISM, SmSubtype.SSM, SmSubtype.ASM, SmSubtype.SM_AMN, SmSubtype.MCL)
    )
    properties: dict[str, Any] = {
        "status": {"$ref": "#/$defs/DiagnosisStatus"},
        "major": {"$ref": "#/$defs/CriterionStatus"},
        "minor": _keyed(MinorCriterion, "the four minor criteria (DX2-DX5)"),
        "subtype": _codes(SmSubtype, nullable=True, only=subtypes),
    }
    if scheme is Scheme.ICC_2022:
        properties["variant"] = _codes(SmSubtype, nullable=True, only=(SmSubtype.BMM,))
    properties |= {
        "b_findings": _keyed(BFinding, "the B-findings, by category (BC1-BC4)"),
        "c_findings": _keyed(CFinding, "the C-findings (BC5-BC9)"),
        "missing": {**_STRINGS, "description": "input paths or names that would decide more"},
        "sources": {**_STRINGS, "description": "source ids (see the sources page)"},
    }
    return _object(properties, f"systemic mastocytosis under {scheme.label}")


def classification_schema() -> dict[str, Any]:
    """The JSON Schema of ``Classification.to_dict()`` (draft 2020-12).

    >>> schema = classification_schema()
    >>> schema["$defs"]["Classification"]["required"][:3]
    ['format_version', 'patient_id', 'evaluated_at']
    >>> schema["$defs"]["Classification"]["properties"]["format_version"]["const"]
    1
    """
    classification = _object(
        {
            "format_version": {
                "const": FORMAT_VERSION,
                "description": f"the classification format version ({FORMAT_VERSION})",
            },
            "patient_id": {"type": ["string", "null"]},
            "evaluated_at": {
                "type": "string",
                "format": "date-time",
                "pattern": DATE_TIME_PATTERN,
                "description": "the moment of evaluation: an RFC 3339 date-time with a "
                "timezone offset, in the patient schema's date grammar",
            },
            "systemic_mastocytosis": _object(
                {s.value: {"$ref": f"#/$defs/{s.value}"} for s in Scheme},
                "systemic mastocytosis under both schemes, side by side",
            ),
            "mcas": _object(
                {
                    "status": {"$ref": "#/$defs/DiagnosisStatus"},
                    "criteria": _keyed(McasCriterion, "the consensus criteria A, B, C (MC1)"),
                    "variant": _codes(McasVariant, nullable=True),
                    "missing": _STRINGS,
                },
                "the consensus MCAS criteria (MC1) and the variant (MC6)",
            ),
            "nicas": {
                "oneOf": [
                    _object(
                        {
                            "low": {"type": "integer", "minimum": -4, "maximum": 10},
                            "high": {"type": "integer", "minimum": -4, "maximum": 10},
                            "missing": _STRINGS,
                        },
                        "NICAS (SC1): the range the known items allow",
                    ),
                    {"type": "null", "description": "not computed"},
                ]
            },
            "disagreements": {
                "type": "array",
                "items": _object(
                    {
                        "topic": {"type": "string"},
                        "who2022": {"type": "string"},
                        "icc2022": {"type": "string"},
                    },
                    "a point where the two schemes differ",
                ),
            },
            "notes": {**_STRINGS, "description": "readings taken and input conflicts"},
        },
        "the classification of a patient by mastcell.classify",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://mastcell.readthedocs.io/schema/classification-v{FORMAT_VERSION}.schema.json",
        "title": f"mastcell classification, format version {FORMAT_VERSION}",
        "$ref": "#/$defs/Classification",
        "$defs": {
            "Classification": classification,
            "CriterionStatus": _codes(CriterionStatus),
            "DiagnosisStatus": _codes(DiagnosisStatus),
            Scheme.WHO_2022.value: _scheme(Scheme.WHO_2022),
            Scheme.ICC_2022.value: _scheme(Scheme.ICC_2022),
        },
    }


def shipped_classification_schema() -> str:
    """The classification schema file shipped in the package, as text.

    >>> import json
    >>> json.loads(shipped_classification_schema()) == classification_schema()
    True
    """
    return (
        resources.files("mastcell").joinpath("schema/classification.schema.json").read_text("utf-8")
    )
