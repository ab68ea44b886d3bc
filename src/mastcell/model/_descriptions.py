"""One line of meaning for every code of the closed vocabularies (for the JSON Schemas).

A test checks that every member of every enum the interchange format carries is described.
"""

from __future__ import annotations

import enum

from mastcell.model.vocabulary import (
    Analyte,
    Anesthesia,
    Category,
    Comparison,
    Diagnosis,
    Frequency,
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

_TEXT: dict[enum.Enum, str] = {
    Sex.FEMALE: "female",
    Sex.MALE: "male",
    Sex.OTHER: "other",
    Sex.UNKNOWN: "unknown or not stated (the default)",
    Diagnosis.MCAS: "mast cell activation syndrome",
    Diagnosis.CM: "cutaneous mastocytosis",
    Diagnosis.BMM: "bone marrow mastocytosis",
    Diagnosis.ISM: "indolent systemic mastocytosis",
    Diagnosis.SSM: "smoldering systemic mastocytosis",
    Diagnosis.ASM: "aggressive systemic mastocytosis",
    Diagnosis.SM_AHN: "systemic mastocytosis with an associated hematologic neoplasm",
    Diagnosis.MCL: "mast cell leukemia",
    Diagnosis.HAT: "hereditary alpha-tryptasemia",
    Diagnosis.SM: "systemic mastocytosis, subtype unknown",
    TryptaseRole.BASELINE: "a steady-state sample (or, for a count, pre-treatment)",
    TryptaseRole.ACUTE: "a sample drawn during or just after a mast cell activation event",
    Route.ORAL: "by mouth",
    Route.IV: "intravenous",
    Route.IM: "intramuscular",
    Route.SC: "subcutaneous",
    Route.TOPICAL: "on the skin or a mucosa",
    Route.INHALED: "inhaled",
    Route.INTRANASAL: "intranasal",
    Indication.CARDIOVASCULAR: "for the heart or vessels (antiplatelet, secondary prevention)",
    Indication.MAST_CELL: "for the mast cell disorder (mediator symptoms)",
    Indication.PAIN: "for pain",
    Indication.OTHER: "another stated reason",
    MedicationStatus.ACTIVE: "taken now (the default)",
    MedicationStatus.HELD: "interrupted for now (see held_since, held_reason)",
    MedicationStatus.STOPPED: "no longer taken",
    MedicationStatus.PLANNED: "about to be started",
    SymptomControl.CONTROLLED: "mediator symptoms controlled",
    SymptomControl.PARTIAL: "partly controlled",
    SymptomControl.INADEQUATE: "not controlled on the current therapy",
    SymptomControl.REFRACTORY: "not controlled despite escalated therapy",
    ProcedureKind.SURGERY: "surgery",
    ProcedureKind.ENDOSCOPY: "endoscopy",
    ProcedureKind.CONTRAST_IMAGING: "imaging with a contrast agent",
    ProcedureKind.DENTAL: "dental procedure",
    ProcedureKind.OTHER: "another procedure",
    Anesthesia.GENERAL: "general anaesthesia",
    Anesthesia.REGIONAL: "regional (neuraxial or plexus) anaesthesia",
    Anesthesia.LOCAL: "local anaesthesia",
    Anesthesia.SEDATION: "procedural sedation",
    ReactionSeverity.ANAPHYLAXIS: "anaphylaxis",
    ReactionSeverity.FLARE: "a flare of mast cell mediator symptoms",
    ReactionSeverity.MILD: "a mild reaction",
    Indicator.INFO: "information (CDS Hooks card indicator)",
    Indicator.WARNING: "act on it soon (CDS Hooks card indicator)",
    Indicator.CRITICAL: "act on it now (CDS Hooks card indicator)",
    Category.ANTIMEDIATOR: "anti-mediator therapy",
    Category.EMERGENCY: "emergency preparedness",
    Category.CYTOPENIA: "cytopenia management",
    Category.ANALGESIA: "analgesia",
    Category.PERIOPERATIVE: "perioperative and procedural safety",
    Category.MONITORING: "monitoring",
    Category.REFERRAL: "referral",
    Category.INTERACTION: "drug-drug interactions on the patient's list",
    Category.MEDICATION: "checks of the current medication list",
    Comparison.LT: "value below the threshold",
    Comparison.LE: "value at or below the threshold",
    Comparison.GT: "value above the threshold",
    Comparison.GE: "value at or above the threshold",
    Comparison.EQ: "value equal to the threshold",
}


def describe(member: enum.Enum) -> str:
    """The one-line meaning of a vocabulary code.

    >>> describe(Diagnosis.SM_AHN)
    'systemic mastocytosis with an associated hematologic neoplasm'
    >>> describe(Frequency.BID)
    'twice daily'
    """
    if isinstance(member, Analyte | Frequency):
        return member.label
    return _TEXT[member]
