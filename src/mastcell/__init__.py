"""mastcell: explainable, guideline-backed decision support for mast cell disorders.

Give it a :class:`~mastcell.model.patient.Patient` and a moment of evaluation;
:func:`~mastcell.evaluate` returns a :class:`~mastcell.report.Report` of recommendations, each with a stable code, an indicator, a summary, a
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
from mastcell.cohort import CohortFailure, compact_report, evaluate_many, reports_to_dataframe
from mastcell.diagnosis import Classification, classify
from mastcell.engine import evaluate
from mastcell.exceptions import (
    ForeignPatientError,
    InputError,
    MastcellError,
    RuleError,
    UnitError,
    WorkerError,
)
from mastcell.interchange import (
    patient_from_dict,
    patient_from_json,
    patient_schema,
    report_from_dict,
    to_dict,
    to_json,
)
from mastcell.knowledge.options import Options
from mastcell.knowledge.safety import SafetyLevel
from mastcell.limits import Limits
from mastcell.model import (
    AdverseEvent,
    Age,
    Analyte,
    Anesthesia,
    AssociatedNeoplasm,
    Biopsy,
    Category,
    Comparator,
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
    Indication,
    Indicator,
    KitTest,
    LabResult,
    Medication,
    MedicationStatus,
    OrganFindings,
    PainAssessment,
    Patient,
    Procedure,
    ProcedureKind,
    Reaction,
    ReactionSeverity,
    Recommendation,
    ReviewedInput,
    Route,
    Score,
    Sensitisation,
    Sex,
    Skin,
    SymptomControl,
    TryptaseRole,
    UnusedInput,
    Weight,
)
from mastcell.report import DISCLAIMER, Report
from mastcell.tryptase import (
    SampleTiming,
    acute_criterion_met,
    hat_adjusted_baseline,
    sample_timing,
    tryptase_threshold,
)
from mastcell.vetting import AgentVerdict, vet, vet_agent

__all__ = [
    "DISCLAIMER",
    "AdverseEvent",
    "Age",
    "AgentVerdict",
    "Analyte",
    "Anesthesia",
    "AssociatedNeoplasm",
    "Biopsy",
    "Category",
    "Classification",
    "CohortFailure",
    "Comparator",
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
    "ForeignPatientError",
    "Frequency",
    "HeldReason",
    "Indication",
    "Indicator",
    "InputError",
    "KitTest",
    "LabResult",
    "Limits",
    "MastcellError",
    "Medication",
    "MedicationStatus",
    "Options",
    "OrganFindings",
    "PainAssessment",
    "Patient",
    "Procedure",
    "ProcedureKind",
    "Reaction",
    "ReactionSeverity",
    "Recommendation",
    "Report",
    "ReviewedInput",
    "Route",
    "RuleError",
    "SafetyLevel",
    "SampleTiming",
    "Score",
    "Sensitisation",
    "Sex",
    "Skin",
    "SymptomControl",
    "TryptaseRole",
    "UnitError",
    "UnusedInput",
    "Weight",
    "WorkerError",
    "__version__",
    "acute_criterion_met",
    "classify",
    "compact_report",
    "evaluate",
    "evaluate_many",
    "hat_adjusted_baseline",
    "patient_from_dict",
    "patient_from_json",
    "patient_schema",
    "report_from_dict",
    "reports_to_dataframe",
    "sample_timing",
    "to_dict",
    "to_json",
    "tryptase_threshold",
    "vet",
    "vet_agent",
]
