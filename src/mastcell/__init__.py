"""mastcell: explainable, guideline-backed decision support for mast cell disorders.

Give it a :class:`Patient` and a moment of evaluation; :func:`evaluate` returns a
:class:`Report` of recommendations, each with a stable code, an indicator, a summary, a
structured dose where one fits, the findings that triggered it and the sources behind it.

Decision support for clinicians, never a substitute for clinical judgement.

>>> import mastcell
>>> p = mastcell.patient_from_dict({"id": "demo", "diagnoses": ["mcas"],
...                                 "age": {"value": 40, "unit": "year"}})
>>> report = mastcell.evaluate(p, at="2026-11-22T12:00:00+00:00", categories=["emergency"])
>>> report.codes[0]
'emergency.epinephrine.prescribe'
"""

from mastcell._version import __version__
from mastcell.engine import evaluate
from mastcell.exceptions import InputError, MastcellError, RuleError, UnitError
from mastcell.interchange import (
    patient_from_dict,
    patient_from_json,
    patient_schema,
    report_from_dict,
    to_dict,
    to_json,
)
from mastcell.knowledge.options import Options
from mastcell.model import (
    AdverseEvent,
    Age,
    Analyte,
    Anesthesia,
    Category,
    Comparison,
    Diagnosis,
    DiagnosisFamily,
    Dose,
    DoseAdvice,
    DoseAmount,
    DoseRange,
    DrugClass,
    Evidence,
    Finding,
    Flare,
    Frequency,
    HeldReason,
    Indicator,
    LabResult,
    Medication,
    MedicationStatus,
    PainAssessment,
    Patient,
    Procedure,
    ProcedureKind,
    Reaction,
    ReactionSeverity,
    Recommendation,
    Route,
    Sex,
    SymptomControl,
    TryptaseRole,
    UnusedInput,
    Weight,
)
from mastcell.report import DISCLAIMER, Report

__all__ = [
    "DISCLAIMER",
    "AdverseEvent",
    "Age",
    "Analyte",
    "Anesthesia",
    "Category",
    "Comparison",
    "Diagnosis",
    "DiagnosisFamily",
    "Dose",
    "DoseAdvice",
    "DoseAmount",
    "DoseRange",
    "DrugClass",
    "Evidence",
    "Finding",
    "Flare",
    "Frequency",
    "HeldReason",
    "Indicator",
    "InputError",
    "LabResult",
    "MastcellError",
    "Medication",
    "MedicationStatus",
    "Options",
    "PainAssessment",
    "Patient",
    "Procedure",
    "ProcedureKind",
    "Reaction",
    "ReactionSeverity",
    "Recommendation",
    "Report",
    "Route",
    "RuleError",
    "Sex",
    "SymptomControl",
    "TryptaseRole",
    "UnitError",
    "UnusedInput",
    "Weight",
    "__version__",
    "evaluate",
    "patient_from_dict",
    "patient_from_json",
    "patient_schema",
    "report_from_dict",
    "to_dict",
    "to_json",
]
