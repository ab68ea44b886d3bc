"""Closed vocabularies of the interchange format, as string enums so JSON and Python agree.

``Analyte.ANC == "anc"`` holds, and every member's value is the code written in JSON.
"""

from __future__ import annotations

import enum

import attrs

from mastcell import units
from mastcell.units import CanonicalUnit

__all__ = [
    "Analyte",
    "AnalyteInfo",
    "Anesthesia",
    "Category",
    "Comparator",
    "Comparison",
    "Diagnosis",
    "DiagnosisFamily",
    "DrugClass",
    "Frequency",
    "HeldReason",
    "Indication",
    "Indicator",
    "MedicationStatus",
    "ProcedureKind",
    "ReactionSeverity",
    "Route",
    "Sex",
    "SymptomControl",
    "TryptaseRole",
]


@attrs.frozen(kw_only=True)
class AnalyteInfo:
    """What mastcell knows of an analyte: its name, LOINC codes and canonical unit [S52, S51].

    >>> Analyte.ANC.info.loinc
    '751-8'
    """

    label: str
    loinc: str
    canonical: CanonicalUnit
    other_loinc: tuple[str, ...] = ()


class Analyte(enum.StrEnum):
    """A laboratory analyte mastcell reads; each has a LOINC code and a canonical unit.

    >>> Analyte("platelets").canonical_unit
    '10*9/L'
    >>> Analyte.TRYPTASE.loinc
    '21582-2'
    """

    WBC = "wbc"
    ANC = "anc"
    NEUTROPHILS_PCT = "neutrophils_pct"
    PLATELETS = "platelets"
    HEMOGLOBIN = "hemoglobin"
    TRYPTASE = "tryptase"
    URINE_LTE4 = "urine_lte4"
    URINE_PGF2A = "urine_pgf2a"
    URINE_NMH = "urine_nmh"

    @property
    def info(self) -> AnalyteInfo:
        """The analyte's label, LOINC codes and canonical unit."""
        return _ANALYTES[self]

    @property
    def loinc(self) -> str:
        """The primary LOINC code (others in ``info.other_loinc``)."""
        return _ANALYTES[self].loinc

    @property
    def canonical_unit(self) -> str:
        """The UCUM code of the unit values are held in."""
        return _ANALYTES[self].canonical.code

    @property
    def label(self) -> str:
        """A human-readable name."""
        return _ANALYTES[self].label


_ANALYTES: dict[Analyte, AnalyteInfo] = {
    Analyte.WBC: AnalyteInfo(
        label="white blood cells",
        loinc="6690-2",
        canonical=units.CELL_COUNT,
        other_loinc=("26464-8",),
    ),
    Analyte.ANC: AnalyteInfo(
        label="absolute neutrophil count",
        loinc="751-8",
        canonical=units.CELL_COUNT,
        # 753-4 manual count, 26499-4 method-less (codes-verified section 3; S153).
        other_loinc=("753-4", "26499-4"),
    ),
    Analyte.NEUTROPHILS_PCT: AnalyteInfo(
        label="neutrophils (% of leukocytes)",
        loinc="770-8",
        canonical=units.PERCENT,
    ),
    Analyte.PLATELETS: AnalyteInfo(
        label="platelets",
        loinc="777-3",
        canonical=units.CELL_COUNT,
        other_loinc=("26515-7",),
    ),
    Analyte.HEMOGLOBIN: AnalyteInfo(
        label="hemoglobin",
        loinc="718-7",
        canonical=units.HEMOGLOBIN,
    ),
    Analyte.TRYPTASE: AnalyteInfo(
        label="serum tryptase",
        loinc="21582-2",
        canonical=units.MASS_CONCENTRATION,
    ),
    Analyte.URINE_LTE4: AnalyteInfo(
        label="urinary leukotriene E4",
        loinc="33343-5",
        canonical=units.PG_PER_MG_CREATININE,
    ),
    Analyte.URINE_PGF2A: AnalyteInfo(
        label="urinary 2,3-dinor-11β-PGF2α",
        loinc="94381-1",
        canonical=units.PG_PER_MG_CREATININE,
    ),
    Analyte.URINE_NMH: AnalyteInfo(
        label="urinary N-methylhistamine",
        loinc="13781-0",
        canonical=units.UG_PER_G_CREATININE,
        other_loinc=("44340-8",),
    ),
}


class Sex(enum.StrEnum):
    """Administrative sex as sent by the caller.

    >>> Sex("female") is Sex.FEMALE
    True
    """

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class Diagnosis(enum.StrEnum):
    """A mast cell disorder diagnosis code (WHO/ICC subtypes, MCAS, HαT).

    >>> Diagnosis("sm-ahn").is_advanced_sm
    True
    >>> Diagnosis.ISM.is_systemic_mastocytosis, Diagnosis.MCAS.is_systemic_mastocytosis
    (True, False)
    """

    MCAS = "mcas"
    CM = "cm"
    BMM = "bmm"
    ISM = "ism"
    SSM = "ssm"
    ASM = "asm"
    SM_AHN = "sm-ahn"
    MCL = "mcl"
    HAT = "hat"
    SM = "sm"

    @property
    def is_systemic_mastocytosis(self) -> bool:
        """Any systemic mastocytosis subtype, including subtype unknown."""
        return self in DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS.members

    @property
    def is_advanced_sm(self) -> bool:
        """Advanced SM: ASM, SM-AHN or MCL [S11]."""
        return self in DiagnosisFamily.ADVANCED_SM.members


class DiagnosisFamily(enum.Enum):
    """Groups of diagnoses rules ask about.

    >>> Diagnosis.CM in DiagnosisFamily.MAST_CELL_DISORDER.members
    True
    >>> Diagnosis.HAT in DiagnosisFamily.MAST_CELL_DISORDER.members
    False
    """

    SYSTEMIC_MASTOCYTOSIS = "systemic mastocytosis"
    ADVANCED_SM = "advanced systemic mastocytosis"
    MAST_CELL_DISORDER = "mast cell disorder"

    @property
    def members(self) -> frozenset[Diagnosis]:
        """The diagnoses in this family."""
        return _FAMILIES[self]


_SM = frozenset(
    {
        Diagnosis.BMM,
        Diagnosis.ISM,
        Diagnosis.SSM,
        Diagnosis.ASM,
        Diagnosis.SM_AHN,
        Diagnosis.MCL,
        Diagnosis.SM,
    }
)
_FAMILIES = {
    DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS: _SM,
    DiagnosisFamily.ADVANCED_SM: frozenset({Diagnosis.ASM, Diagnosis.SM_AHN, Diagnosis.MCL}),
    DiagnosisFamily.MAST_CELL_DISORDER: _SM | {Diagnosis.MCAS, Diagnosis.CM},
}


class Frequency(enum.StrEnum):
    """How often a dose is given; ``per_day`` turns it into administrations per day.

    Every ``qNh`` is a regular schedule (24 / N a day); ``monthly`` is once a calendar month,
    counted as 12 in a year of 365.25 days.

    >>> Frequency.BID.per_day, Frequency.Q4W.per_day, Frequency.PRN.per_day
    (2.0, 0.03571428571428571, None)
    >>> Frequency("q4h").per_day, Frequency("5x_daily").label
    (6.0, 'five times daily')
    """

    ONCE = "once"
    DAILY = "daily"
    BID = "bid"
    TID = "tid"
    QID = "qid"
    FIVE_TIMES_DAILY = "5x_daily"
    Q2H = "q2h"
    Q3H = "q3h"
    Q4H = "q4h"
    Q6H = "q6h"
    Q8H = "q8h"
    Q12H = "q12h"
    QOD = "qod"
    TIW = "tiw"
    WEEKLY = "weekly"
    Q2W = "q2w"
    Q3W = "q3w"
    Q4W = "q4w"
    MONTHLY = "monthly"
    PRN = "prn"

    @property
    def per_day(self) -> float | None:
        """Administrations per day, or None when it is not regular (``once``, ``prn``)."""
        return _PER_DAY.get(self)

    @property
    def label(self) -> str:
        """How a clinician writes it out."""
        return _FREQUENCY_LABELS[self]


_PER_DAY = {
    Frequency.DAILY: 1.0,
    Frequency.BID: 2.0,
    Frequency.TID: 3.0,
    Frequency.QID: 4.0,
    Frequency.FIVE_TIMES_DAILY: 5.0,
    Frequency.Q2H: 12.0,
    Frequency.Q3H: 8.0,
    Frequency.Q4H: 6.0,
    Frequency.Q6H: 4.0,
    Frequency.Q8H: 3.0,
    Frequency.Q12H: 2.0,
    Frequency.QOD: 0.5,
    Frequency.TIW: 3 / 7,
    Frequency.WEEKLY: 1 / 7,
    Frequency.Q2W: 1 / 14,
    Frequency.Q3W: 1 / 21,
    Frequency.Q4W: 1 / 28,
    Frequency.MONTHLY: 12 / 365.25,
}
_FREQUENCY_LABELS = {
    Frequency.ONCE: "once",
    Frequency.DAILY: "once daily",
    Frequency.BID: "twice daily",
    Frequency.TID: "three times daily",
    Frequency.QID: "four times daily",
    Frequency.FIVE_TIMES_DAILY: "five times daily",
    Frequency.Q2H: "every 2 hours",
    Frequency.Q3H: "every 3 hours",
    Frequency.Q4H: "every 4 hours",
    Frequency.Q6H: "every 6 hours",
    Frequency.Q8H: "every 8 hours",
    Frequency.Q12H: "every 12 hours",
    Frequency.QOD: "every other day",
    Frequency.TIW: "three times weekly",
    Frequency.WEEKLY: "once weekly",
    Frequency.Q2W: "every 2 weeks",
    Frequency.Q3W: "every 3 weeks",
    Frequency.Q4W: "every 4 weeks",
    Frequency.MONTHLY: "once monthly",
    Frequency.PRN: "as needed",
}


class Route(enum.StrEnum):
    """Route of administration.

    >>> Route("im").value
    'im'
    """

    ORAL = "oral"
    IV = "iv"
    IM = "im"
    SC = "sc"
    TOPICAL = "topical"
    INHALED = "inhaled"
    INTRANASAL = "intranasal"


class Indication(enum.StrEnum):
    """Why a medication is taken, as far as mastcell's rules read it (optional).

    A closed vocabulary on purpose: only the readings a rule acts on. ``cardiovascular``:
    antiplatelet or other therapy for the heart or vessels (aspirin after a stent, for
    secondary prevention); ``mast_cell``: treatment of the mast cell disorder (aspirin for
    flushing, A13); ``pain``: analgesia; ``other``: any other stated reason. Not given means
    not known: no rule assumes one.

    >>> Indication("cardiovascular")
    <Indication.CARDIOVASCULAR: 'cardiovascular'>
    """

    CARDIOVASCULAR = "cardiovascular"
    MAST_CELL = "mast_cell"
    PAIN = "pain"
    OTHER = "other"


class MedicationStatus(enum.StrEnum):
    """Whether a medication is taken now; ``planned`` is an addition to interchange v1.

    >>> MedicationStatus("held")
    <MedicationStatus.HELD: 'held'>
    """

    ACTIVE = "active"
    HELD = "held"
    STOPPED = "stopped"
    PLANNED = "planned"


class HeldReason(enum.StrEnum):
    """Coded reasons a medication is held (``held_reason`` may also be free text).

    >>> HeldReason.NEUTROPENIA.is_cytopenia
    True
    """

    NEUTROPENIA = "neutropenia"
    THROMBOCYTOPENIA = "thrombocytopenia"
    ANEMIA = "anemia"
    TOXICITY = "toxicity"

    @property
    def is_cytopenia(self) -> bool:
        """Held for a low blood count."""
        return self is not HeldReason.TOXICITY


class SymptomControl(enum.StrEnum):
    """The clinician's judgement of mediator-symptom control.

    >>> SymptomControl.REFRACTORY.uncontrolled, SymptomControl.CONTROLLED.uncontrolled
    (True, False)
    """

    CONTROLLED = "controlled"
    PARTIAL = "partial"
    INADEQUATE = "inadequate"
    REFRACTORY = "refractory"

    @property
    def uncontrolled(self) -> bool:
        """Anything short of controlled."""
        return self is not SymptomControl.CONTROLLED


class ProcedureKind(enum.StrEnum):
    """Kind of planned procedure.

    >>> ProcedureKind("contrast_imaging").value
    'contrast_imaging'
    """

    SURGERY = "surgery"
    ENDOSCOPY = "endoscopy"
    CONTRAST_IMAGING = "contrast_imaging"
    DENTAL = "dental"
    OTHER = "other"


class Anesthesia(enum.StrEnum):
    """Kind of anaesthesia planned for a procedure.

    >>> Anesthesia.GENERAL.value
    'general'
    """

    GENERAL = "general"
    REGIONAL = "regional"
    LOCAL = "local"
    SEDATION = "sedation"


class ReactionSeverity(enum.StrEnum):
    """Severity of a past reaction to an agent or trigger.

    >>> ReactionSeverity("anaphylaxis").value
    'anaphylaxis'
    """

    ANAPHYLAXIS = "anaphylaxis"
    FLARE = "flare"
    MILD = "mild"


class TryptaseRole(enum.StrEnum):
    """Whether a tryptase is a baseline (steady state) or an acute (event) sample.

    >>> TryptaseRole("acute").value
    'acute'
    """

    BASELINE = "baseline"
    ACUTE = "acute"


class Indicator(enum.StrEnum):
    """Urgency of a recommendation, as in CDS Hooks cards; ``rank`` orders critical first.

    >>> sorted([Indicator.INFO, Indicator.CRITICAL, Indicator.WARNING], key=lambda i: i.rank)
    [<Indicator.CRITICAL: 'critical'>, <Indicator.WARNING: 'warning'>, <Indicator.INFO: 'info'>]
    """

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """0 for critical, 1 for warning, 2 for info."""
        return {"critical": 0, "warning": 1, "info": 2}[self.value]


class Category(enum.StrEnum):
    """The clinical area a recommendation belongs to: the first segment of its code.

    >>> Category.of("cytopenia.midostaurin.interrupt")
    <Category.CYTOPENIA: 'cytopenia'>
    """

    ANTIMEDIATOR = "antimediator"
    EMERGENCY = "emergency"
    CYTOPENIA = "cytopenia"
    ANALGESIA = "analgesia"
    PERIOPERATIVE = "perioperative"
    MONITORING = "monitoring"
    REFERRAL = "referral"
    #: Drug-drug interactions on the patient's list (CYP3A and the KIT inhibitors; drugs that
    #: blunt epinephrine or worsen anaphylaxis).
    INTERACTION = "interaction"
    #: Checks of what the patient already takes: doses above the label maximum, duplicates,
    #: withdrawn drugs, names mastcell could not recognise.
    MEDICATION = "medication"
    #: Diagnosis support: SM under WHO 2022 and ICC 2022, a recorded diagnosis against them,
    #: when to look further (a marrow study, a sensitive KIT assay).
    DIAGNOSIS = "diagnosis"

    @classmethod
    def of(cls, code: str) -> Category:
        """The category a dotted recommendation code belongs to."""
        prefix = code.split(".", 1)[0]
        found = _CATEGORY_BY_VALUE.get(prefix)  # the enum's own lookup, without its call
        return cls(prefix) if found is None else found


#: Each category by its code (what ``Category(code)`` finds for a member's exact code).
_CATEGORY_BY_VALUE: dict[str, Category] = {c.value: c for c in Category}


class Comparison(enum.StrEnum):
    """How a finding's value stood against its threshold.

    >>> Comparison.LT.holds(0.8, 1.0), Comparison.GE.holds(1.0, 1.0)
    (True, True)
    """

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    EQ = "=="

    def holds(self, value: float, threshold: float) -> bool:
        """Whether ``value <op> threshold``."""
        match self:
            case Comparison.LT:
                return value < threshold
            case Comparison.LE:
                return value <= threshold
            case Comparison.GT:
                return value > threshold
            case Comparison.GE:
                return value >= threshold
            case Comparison.EQ:
                return value == threshold


class Comparator(enum.StrEnum):
    """How a censored result's reported value bounds the true one (FHIR Quantity.comparator) [S157].

    A laboratory reports ``< 0.5`` when the true value is below what it can quantify: the
    number is a bound, not a measurement. ``below`` says on which side the true value lies.

    >>> Comparator("<").below, Comparator(">=").below, Comparator("<=").strict
    (True, False, False)
    """

    LT = "<"
    LE = "<="
    GE = ">="
    GT = ">"

    @property
    def below(self) -> bool:
        """True for ``<`` and ``<=``: the true value is at most the reported bound."""
        return self in (Comparator.LT, Comparator.LE)

    @property
    def strict(self) -> bool:
        """True for ``<`` and ``>``: the true value is not the bound itself."""
        return self in (Comparator.LT, Comparator.GT)


class DrugClass(enum.StrEnum):
    """Pharmacological classes the rules reason about.

    >>> DrugClass("h1_second_generation").is_h1
    True
    """

    H1_SECOND_GENERATION = "h1_second_generation"
    H1_FIRST_GENERATION = "h1_first_generation"
    H2 = "h2"
    MAST_CELL_STABILIZER = "mast_cell_stabilizer"
    LEUKOTRIENE_RECEPTOR_ANTAGONIST = "leukotriene_receptor_antagonist"
    LIPOXYGENASE_INHIBITOR = "lipoxygenase_inhibitor"
    ASPIRIN = "aspirin"
    NSAID = "nsaid"
    ANTI_IGE = "anti_ige"
    CORTICOSTEROID = "corticosteroid"
    EPINEPHRINE = "epinephrine"
    PROTON_PUMP_INHIBITOR = "proton_pump_inhibitor"
    KIT_INHIBITOR = "kit_inhibitor"
    CYTOREDUCTIVE = "cytoreductive"
    OPIOID = "opioid"
    NON_OPIOID_ANALGESIC = "non_opioid_analgesic"
    NEUROMUSCULAR_BLOCKER = "neuromuscular_blocker"
    INDUCTION_AGENT = "induction_agent"
    BENZODIAZEPINE = "benzodiazepine"
    VOLATILE_ANESTHETIC = "volatile_anesthetic"
    LOCAL_ANESTHETIC = "local_anesthetic"
    REVERSAL_AGENT = "reversal_agent"
    ANTIBIOTIC = "antibiotic"
    BETA_BLOCKER = "beta_blocker"
    ACE_INHIBITOR = "ace_inhibitor"
    CONTRAST_AGENT = "contrast_agent"
    #: Classes of the CYP3A modulators of addendum 2.3 (S110, S100), so that they are
    #: classified rather than reported unclassified. Macrolides and rifamycins are kept apart
    #: from ANTIBIOTIC, whose every member section 2.7 rates (O7 does not rate them).
    ANTIFUNGAL = "antifungal"
    ANTIVIRAL = "antiviral"
    ANTICONVULSANT = "anticonvulsant"
    MACROLIDE = "macrolide"
    RIFAMYCIN = "rifamycin"
    CALCIUM_CHANNEL_BLOCKER = "calcium_channel_blocker"
    ANTINEOPLASTIC = "antineoplastic"
    #: P2Y12 antiplatelet drugs (clopidogrel, prasugrel, ticagrelor): aspirin taken with one
    #: is read as antiplatelet therapy for the heart (issue 16; SR4).
    ANTIPLATELET = "antiplatelet"
    OTHER = "other"

    @property
    def is_h1(self) -> bool:
        """Either generation of H1 antihistamine."""
        return self in (DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION)

    @property
    def is_leukotriene_modifier(self) -> bool:
        """Receptor antagonist or 5-lipoxygenase inhibitor."""
        return self in (
            DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST,
            DrugClass.LIPOXYGENASE_INHIBITOR,
        )
