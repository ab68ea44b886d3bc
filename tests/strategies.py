"""Hypothesis strategies for valid mastcell entities (shared by the test modules)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from mastcell import (
    AdverseEvent,
    Age,
    Analyte,
    Anesthesia,
    Comparator,
    Diagnosis,
    Dose,
    Flare,
    Frequency,
    Indication,
    LabResult,
    Medication,
    MedicationStatus,
    PainAssessment,
    Patient,
    Procedure,
    ProcedureKind,
    Reaction,
    ReactionSeverity,
    Route,
    Sex,
    SymptomControl,
    TryptaseRole,
    Weight,
)
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.model.dates import day_of
from mastcell.model.workup import (
    AntimediatorResponse,
    AssociatedNeoplasm,
    Biopsy,
    BiopsySite,
    FlareTrigger,
    KitMethod,
    KitResult,
    KitSpecimen,
    KitTest,
    Lineage,
    OrganFindings,
    OrganSystem,
    Score,
    ScoreInstrument,
    Sensitisation,
    SensitisationTest,
    Skin,
    SkinLesions,
    Stain,
)

ZONES = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=1)),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)
MOMENTS = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31), timezones=ZONES
).map(lambda d: d.replace(microsecond=0))
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and s != ""
)
DRUGS = st.one_of(st.sampled_from(sorted(CATALOGUE)), NAMES)
AMOUNTS = st.floats(min_value=0, max_value=5000, allow_nan=False, allow_infinity=False)


T = TypeVar("T")


def _optional(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


@st.composite
def labs(draw: st.DrawFn, analyte: Analyte | None = None) -> LabResult:
    """A valid lab result in any accepted spelling of its analyte's unit."""
    chosen = analyte or draw(st.sampled_from(list(Analyte)))
    canonical = chosen.info.canonical
    unit = draw(st.sampled_from(sorted({*canonical.spellings, *canonical.special})))
    top = 100.0 if chosen is Analyte.NEUTROPHILS_PCT else 5000.0
    value = draw(st.floats(min_value=0, max_value=top, allow_nan=False))
    low = draw(_optional(st.floats(min_value=0, max_value=top / 2, allow_nan=False)))
    high = draw(_optional(st.floats(min_value=top / 2, max_value=top, allow_nan=False)))
    role = (
        draw(_optional(st.sampled_from(list(TryptaseRole)))) if chosen is Analyte.TRYPTASE else None
    )
    comparator = draw(_optional(st.sampled_from(list(Comparator))))
    if comparator is Comparator.LT and value == 0:
        comparator = None  # "< 0" bounds nothing: refused (tested apart)
    if comparator is Comparator.GT and chosen is Analyte.NEUTROPHILS_PCT and value >= 100:
        comparator = None  # "> 100 %" is no percentage: refused (tested apart)
    return LabResult(
        analyte=chosen,
        value=value,
        unit=unit,
        time=draw(MOMENTS),
        comparator=comparator,
        role=role,
        reference_low=low,
        reference_high=high,
    )


@st.composite
def medications(draw: st.DrawFn) -> Medication:
    """A valid medication entry (known or unknown drug)."""
    start = draw(_optional(DAYS))
    held = None
    if start is not None and draw(st.booleans()):
        held = start + timedelta(days=draw(st.integers(0, 60)))
    dose = draw(
        _optional(
            st.builds(
                Dose, value=AMOUNTS, unit=st.sampled_from(["mg", "g", "ug", "mcg", "IU", "MU"])
            )
        )
    )
    return Medication(
        drug=draw(DRUGS),
        dose=dose,
        quantity=draw(_optional(st.integers(0, 5))),
        frequency=draw(_optional(st.sampled_from(list(Frequency)))),
        route=draw(_optional(st.sampled_from(list(Route)))),
        status=draw(st.sampled_from(list(MedicationStatus))),
        start=start,
        held_since=held,
        held_reason=draw(_optional(st.sampled_from(["neutropenia", "toxicity", "patient choice"]))),
        indication=draw(_optional(st.sampled_from(list(Indication)))),
    )


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    """A valid planned procedure, dated by a day or an aware start time."""
    when = draw(st.one_of(DAYS, MOMENTS))
    return Procedure(
        kind=draw(st.sampled_from(list(ProcedureKind))),
        date=when,
        anesthesia=draw(_optional(st.sampled_from(list(Anesthesia)))),
        planned_agents=tuple(draw(st.lists(DRUGS, max_size=4))),
    )


BOOLS = _optional(st.booleans())


def _episode_details(draw: st.DrawFn) -> dict[str, object]:
    """Optional episode details of a flare (organ systems, signs, trigger)."""
    if not draw(st.booleans()):
        return {}
    return {
        "organ_systems": draw(
            _optional(st.lists(st.sampled_from(list(OrganSystem)), max_size=3).map(tuple))
        ),
        "anaphylaxis": draw(BOOLS),
        "syncope": draw(BOOLS),
        "hypotension": draw(BOOLS),
        "urticaria": draw(BOOLS),
        "angioedema": draw(BOOLS),
        "flushing": draw(BOOLS),
        "trigger": draw(_optional(st.sampled_from(list(FlareTrigger)))),
    }


@st.composite
def flares(draw: st.DrawFn) -> Flare:
    """A valid flare, resolved or not, with or without episode details."""
    onset = draw(MOMENTS)
    hours = draw(_optional(st.integers(0, 96)))
    return Flare(
        onset=onset,
        resolved=None if hours is None else onset + timedelta(hours=hours),
        **_episode_details(draw),  # type: ignore[arg-type]
    )


PERCENT = st.floats(min_value=0, max_value=100, allow_nan=False)
#: Percentages near the classification thresholds (DX2 25, BC1 30, DX17 20, BC1 VAF 10).
EDGE_PERCENT = st.sampled_from([0.0, 5.0, 10.0, 19.9, 20.0, 25.0, 25.1, 30.0, 30.1, 60.0])
VARIANTS = st.sampled_from(["D816V", "p.D816V", "D816H", "p.Asp816Tyr", "V560G", "K509I"])


@st.composite
def biopsies(draw: st.DrawFn, days: st.SearchStrategy[date] = DAYS) -> Biopsy:
    """A valid biopsy of any site, its findings known or not."""
    site = draw(st.sampled_from(list(BiopsySite)))
    pct = st.one_of(EDGE_PERCENT, PERCENT)
    return Biopsy(
        date=draw(days),
        site=site,
        aggregates=draw(BOOLS),
        aggregates_stain=draw(
            _optional(st.lists(st.sampled_from(list(Stain)), max_size=2, unique=True).map(tuple))
        ),
        infiltration_pct=draw(_optional(pct)),
        atypical_pct=draw(_optional(pct)),
        aspirate_mast_cell_pct=(draw(_optional(pct)) if site is BiopsySite.BONE_MARROW else None),
        immature_morphology=draw(BOOLS),
        cd25=draw(BOOLS),
        cd2=draw(BOOLS),
        cd30=draw(BOOLS),
        dysplasia_or_myeloproliferation=draw(BOOLS),
    )


@st.composite
def kit_tests(draw: st.DrawFn, days: st.SearchStrategy[date] = DAYS) -> KitTest:
    """A valid KIT result: any variant, specimen, method and limit of detection."""
    return KitTest(
        date=draw(days),
        variant=draw(VARIANTS),
        result=draw(st.sampled_from(list(KitResult))),
        vaf_pct=draw(_optional(st.one_of(EDGE_PERCENT, PERCENT))),
        specimen=draw(_optional(st.sampled_from(list(KitSpecimen)))),
        method=draw(_optional(st.sampled_from(list(KitMethod)))),
        lod_pct=draw(_optional(st.sampled_from([0.003, 0.01, 0.1, 0.11, 1.0, 5.0]))),
        activating=draw(BOOLS),
    )


@st.composite
def organ_findings(draw: st.DrawFn) -> OrganFindings:
    """Organ findings, each flag known or not."""
    cm = _optional(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 4.0]))
    return OrganFindings(
        date=draw(_optional(DAYS)),
        hepatomegaly=draw(BOOLS),
        liver_dysfunction=draw(BOOLS),
        ascites=draw(BOOLS),
        portal_hypertension=draw(BOOLS),
        splenomegaly=draw(BOOLS),
        hypersplenism=draw(BOOLS),
        pathological_fracture=draw(BOOLS),
        malabsorption_with_weight_loss=draw(BOOLS),
        cytopenia_attributed_to_sm=draw(BOOLS),
        lymphadenopathy_cm=draw(cm),
        osteolysis_cm=draw(cm),
    )


SKINS = st.builds(
    Skin,
    lesions=_optional(st.sampled_from(list(SkinLesions))),
    lesion_count=_optional(st.integers(0, 20)),
    darier_sign=BOOLS,
    biopsy_infiltrate=BOOLS,
)
NEOPLASMS = st.builds(
    AssociatedNeoplasm,
    name=st.sampled_from(["CMML", "MDS", "AML", "CLL", "myeloma"]),
    lineage=_optional(st.sampled_from(list(Lineage))),
)
SENSITISATIONS = st.builds(
    Sensitisation,
    agent=st.sampled_from(["wasp venom", "honeybee venom", "peanut", "penicillin"]),
    test=_optional(st.sampled_from(list(SensitisationTest))),
    positive=BOOLS,
)


def scores(days: st.SearchStrategy[date] = DAYS) -> st.SearchStrategy[Score]:
    """An entered score of any instrument (REMA around its cut-off of 2)."""
    return st.builds(
        Score,
        instrument=st.sampled_from(list(ScoreInstrument)),
        value=st.sampled_from([-4.0, 0.0, 1.0, 2.0, 3.0, 13.0, 28.0]),
        date=_optional(days),
    )


def workup(draw: st.DrawFn, days: st.SearchStrategy[date] = DAYS) -> dict[str, object]:
    """The diagnostic work-up fields of a patient (often absent, as in most records)."""
    if not draw(st.booleans()):
        return {}
    return {
        "biopsies": tuple(draw(st.lists(biopsies(days), max_size=2))),
        "kit_tests": tuple(draw(st.lists(kit_tests(days), max_size=2))),
        "skin": draw(_optional(SKINS)),
        "organ_findings": draw(_optional(organ_findings())),
        "associated_neoplasm": draw(_optional(NEOPLASMS)),
        "response_to_antimediators": draw(_optional(st.sampled_from(list(AntimediatorResponse)))),
        "sensitisations": tuple(draw(st.lists(SENSITISATIONS, max_size=2))),
        "scores": tuple(draw(st.lists(scores(days), max_size=2))),
    }


@st.composite
def adverse_events(draw: st.DrawFn) -> AdverseEvent:
    """A valid CTCAE-graded adverse event."""
    onset = draw(_optional(DAYS))
    resolved = None
    if onset is not None and draw(st.booleans()):
        resolved = onset + timedelta(days=draw(st.integers(0, 40)))
    return AdverseEvent(
        term=draw(st.sampled_from(["nausea", "vomiting", "cognitive", "rash"])),
        grade=draw(st.integers(1, 5)),
        onset=onset,
        resolved=resolved,
        attributed_to=draw(_optional(DRUGS)),
    )


@st.composite
def patients(draw: st.DrawFn) -> Patient:
    """A valid patient: any combination of the interchange fields."""
    use_birth_date = draw(st.booleans())
    birth = draw(st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 1, 1)))
    age = draw(st.builds(Age, value=st.floats(0, 100), unit=st.sampled_from(["year", "month"])))
    return Patient(
        id=draw(_optional(NAMES)),
        sex=draw(st.sampled_from(list(Sex))),
        birth_date=birth if use_birth_date else None,
        age=None if use_birth_date else draw(_optional(st.just(age))),
        weight=draw(
            _optional(
                st.builds(Weight, value=st.floats(1, 200), unit=st.sampled_from(["kg", "lb"]))
            )
        ),
        diagnoses=tuple(draw(st.lists(st.sampled_from(list(Diagnosis)), max_size=3))),
        labs=tuple(draw(st.lists(labs(), max_size=8))),
        medications=tuple(draw(st.lists(medications(), max_size=6))),
        symptom_control=draw(_optional(st.sampled_from(list(SymptomControl)))),
        pain=draw(
            _optional(
                st.builds(
                    PainAssessment,
                    score=st.integers(0, 10),
                    site=_optional(NAMES),
                    since=_optional(DAYS),
                )
            )
        ),
        procedures=tuple(draw(st.lists(procedures(), max_size=2))),
        flares=tuple(draw(st.lists(flares(), max_size=3))),
        reactions=tuple(
            draw(
                st.lists(
                    st.builds(
                        Reaction,
                        agent=DRUGS,
                        severity=_optional(st.sampled_from(list(ReactionSeverity))),
                    ),
                    max_size=3,
                )
            )
        ),
        adverse_events=tuple(draw(st.lists(adverse_events(), max_size=2))),
        tpsab1_extra_copies=draw(_optional(st.integers(0, 6))),
        pregnant=draw(_optional(st.booleans())),
        lactating=draw(_optional(st.booleans())),
        kit_d816v=draw(_optional(st.booleans())),
        **workup(draw),  # type: ignore[arg-type]
    )


# -- clinical scenarios: values near the thresholds, times near the evaluation moment ---------

SCENARIO_AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
_SCENARIO_UNITS: dict[str, tuple[tuple[str, float], ...]] = {
    # analyte: (unit, factor from the canonical value to that unit)
    "anc": (("10*9/L", 1), ("/uL", 1000), ("K/uL", 1)),
    "platelets": (("10*9/L", 1), ("/uL", 1000), ("K/uL", 1)),
    "wbc": (("10*9/L", 1), ("K/uL", 1)),
    "hemoglobin": (("g/dL", 1), ("g/L", 10), ("mmol/L", 0.6206)),
    "tryptase": (("ng/mL", 1), ("ug/L", 1)),
    "urine_lte4": (("pg/mg{creat}", 1), ("ng/mmol{creat}", 0.11312)),
    "urine_pgf2a": (("pg/mg{creat}", 1),),
    "urine_nmh": (("ug/g{creat}", 1), ("ug/mmol{creat}", 0.11312)),
    "neutrophils_pct": (("%", 1),),
}
_SCENARIO_RANGES = {
    "anc": 4.0,
    "platelets": 200.0,
    "wbc": 12.0,
    "hemoglobin": 15.0,
    "tryptase": 60.0,
    "urine_lte4": 300.0,
    "urine_pgf2a": 4000.0,
    "urine_nmh": 400.0,
    "neutrophils_pct": 100.0,
}
_SCENARIO_DRUGS = (
    "midostaurin",
    "avapritinib",
    "cetirizine",
    "fexofenadine",
    "famotidine",
    "cromolyn",
    "montelukast",
    "zileuton",
    "aspirin",
    "ibuprofen",
    "morphine",
    "fentanyl",
    "codeine",
    "omalizumab",
    "prednisone",
    "epinephrine",
    "diphenhydramine",
    "hydroxyurea",
    "cyproheptadine",
    "levocetirizine",
    "ranitidine",
    "ondansetron",
)


@st.composite
def scenario_labs(draw: st.DrawFn) -> LabResult:
    """A lab around its clinical thresholds, in a unit labs send, drawn near the moment."""
    analyte = draw(st.sampled_from(sorted(_SCENARIO_UNITS)))
    unit, factor = draw(st.sampled_from(_SCENARIO_UNITS[analyte]))
    canonical = draw(st.floats(0, _SCENARIO_RANGES[analyte], allow_nan=False))
    role = draw(_optional(st.sampled_from(list(TryptaseRole)))) if analyte == "tryptase" else None
    hours = draw(st.integers(-24, 24 * 60))
    return LabResult(
        analyte=analyte,
        value=canonical * factor,
        unit=unit,
        time=SCENARIO_AT - timedelta(hours=hours),
        role=role,
    )


@st.composite
def scenario_medications(draw: st.DrawFn) -> Medication:
    """A drug the rules reason about, in any status, started and held near the moment."""
    status = draw(st.sampled_from(list(MedicationStatus)))
    start = (SCENARIO_AT - timedelta(days=draw(st.integers(-5, 200)))).date()
    held = None
    if status is MedicationStatus.HELD:
        held = max(start, (SCENARIO_AT - timedelta(days=draw(st.integers(0, 40)))).date())
    dose = draw(_optional(st.sampled_from([0.15, 0.3, 5, 10, 20, 25, 50, 100, 200, 300, 600])))
    return Medication(
        drug=draw(st.sampled_from(_SCENARIO_DRUGS)),
        dose=None if dose is None else Dose(value=dose, unit="mg"),
        frequency=draw(_optional(st.sampled_from(list(Frequency)))),
        status=status,
        start=start,
        held_since=held,
        held_reason=draw(
            _optional(
                st.sampled_from(
                    ["neutropenia", "thrombocytopenia", "anemia", "toxicity", "patient choice"]
                )
            )
        ),
        quantity=draw(_optional(st.integers(0, 2))),
    )


@st.composite
def scenario_procedures(draw: st.DrawFn) -> Procedure:
    """A procedure from just past to beyond the planning horizon, dated or timed."""
    when: date = draw(
        st.one_of(
            st.integers(-3, 100).map(lambda d: (SCENARIO_AT + timedelta(days=d)).date()),
            st.integers(-30, 2400).map(lambda h: SCENARIO_AT + timedelta(hours=h)),
        )
    )
    return Procedure(
        kind=draw(st.sampled_from(list(ProcedureKind))),
        date=when,
        anesthesia=draw(_optional(st.sampled_from(list(Anesthesia)))),
        planned_agents=tuple(draw(st.lists(DRUGS, max_size=4))),
    )


@st.composite
def scenario_flares(draw: st.DrawFn) -> Flare:
    """A flare in the last month, resolved after a while or not, with or without details."""
    onset = SCENARIO_AT - timedelta(hours=draw(st.integers(0, 24 * 30)))
    hours = draw(_optional(st.sampled_from([1, 6, 30])))
    return Flare(
        onset=onset,
        resolved=None if hours is None else onset + timedelta(hours=hours),
        **_episode_details(draw),  # type: ignore[arg-type]
    )


#: Days up to a year before the scenario moment (and a few after it).
SCENARIO_DAYS = st.integers(-3, 365).map(lambda d: (SCENARIO_AT - timedelta(days=d)).date())


@st.composite
def scenario_patients(draw: st.DrawFn) -> Patient:
    """A patient whose data reach the rules' deeper paths (evaluate at SCENARIO_AT)."""
    born = (SCENARIO_AT - timedelta(days=draw(st.integers(100, 30000)))).date()
    return Patient(
        diagnoses=tuple(draw(st.lists(st.sampled_from(list(Diagnosis)), max_size=2))),
        birth_date=draw(_optional(st.just(born))),
        weight=draw(
            _optional(
                st.builds(Weight, value=st.sampled_from([5, 14.9, 15, 30, 80]), unit=st.just("kg"))
            )
        ),
        labs=tuple(draw(st.lists(scenario_labs(), max_size=12))),
        medications=tuple(draw(st.lists(scenario_medications(), max_size=5))),
        symptom_control=draw(_optional(st.sampled_from(list(SymptomControl)))),
        pain=draw(
            _optional(st.builds(PainAssessment, score=st.integers(0, 10), since=_optional(DAYS)))
        ),
        procedures=tuple(draw(st.lists(scenario_procedures(), max_size=2))),
        flares=tuple(draw(st.lists(scenario_flares(), max_size=2))),
        reactions=tuple(
            draw(
                st.lists(
                    st.builds(
                        Reaction,
                        agent=st.sampled_from(
                            ["ibuprofen", "aspirin", "heat", "vancomycin", "morphine", "x"]
                        ),
                        severity=_optional(st.sampled_from(list(ReactionSeverity))),
                    ),
                    max_size=2,
                )
            )
        ),
        adverse_events=tuple(draw(st.lists(adverse_events(), max_size=2))),
        tpsab1_extra_copies=draw(_optional(st.integers(0, 3))),
        pregnant=draw(_optional(st.booleans())),
        lactating=draw(_optional(st.booleans())),
        kit_d816v=draw(_optional(st.booleans())),
        **workup(draw, SCENARIO_DAYS),  # type: ignore[arg-type]
    )


def valid_at(patient: Patient, at: datetime) -> Patient:
    """The patient as it can be at ``at``: a ``held_since`` or a birth date after ``at`` (input
    errors at that moment) is dropped, everything else kept."""

    def late(held: date) -> bool:
        if isinstance(held, datetime):
            return held > at
        return held > day_of(at)

    medications = tuple(
        attrs.evolve(m, held_since=None) if m.held_since is not None and late(m.held_since) else m
        for m in patient.medications
    )
    born = patient.birth_date
    if born is not None and day_of(born) > day_of(at):
        born = None
    return attrs.evolve(patient, medications=medications, birth_date=born)
