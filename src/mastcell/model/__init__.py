"""The typed entities of mastcell: what comes in (a patient) and what goes out (advice).

Every entity is a frozen, slotted attrs class, valid from the moment it exists: validators
reject impossible values with an :class:`~mastcell.exceptions.InputError` naming the field.
"""

from mastcell.model.clinical import (
    AdverseEvent,
    Flare,
    Medication,
    PainAssessment,
    Procedure,
    Reaction,
)
from mastcell.model.labs import LabResult
from mastcell.model.measures import Age, Dose, Weight
from mastcell.model.patient import Patient
from mastcell.model.recommendation import (
    DoseAdvice,
    DoseAmount,
    DoseRange,
    Evidence,
    Finding,
    Recommendation,
    ReviewedInput,
    UnusedInput,
)
from mastcell.model.vocabulary import (
    Analyte,
    AnalyteInfo,
    Anesthesia,
    Category,
    Comparison,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    Frequency,
    HeldReason,
    Indication,
    Indicator,
    MedicationStatus,
    ProcedureKind,
    ReactionSeverity,
    Route,
    Sex,
    SymptomControl,
    TryptaseRole,
)

__all__ = [
    "AdverseEvent",
    "Age",
    "Analyte",
    "AnalyteInfo",
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
    "Indication",
    "Indicator",
    "LabResult",
    "Medication",
    "MedicationStatus",
    "PainAssessment",
    "Patient",
    "Procedure",
    "ProcedureKind",
    "Reaction",
    "ReactionSeverity",
    "Recommendation",
    "ReviewedInput",
    "Route",
    "Sex",
    "SymptomControl",
    "TryptaseRole",
    "UnusedInput",
    "Weight",
]
