"""The domain model: entities are valid from the moment they exist, and answer rules' questions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from mastcell import (
    Age,
    Diagnosis,
    DiagnosisFamily,
    Dose,
    DoseRange,
    DrugClass,
    Flare,
    Frequency,
    InputError,
    LabResult,
    Medication,
    MedicationStatus,
    PainAssessment,
    Patient,
    Procedure,
    Recommendation,
    TryptaseRole,
    Weight,
)
from mastcell.testing import AT, days_before, lab, med, patient

T = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


class TestValidators:
    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: lab("anc", -1, "/uL"), "value"),
            (lambda: lab("neutrophils_pct", 100.5, "%"), "value"),
            (lambda: lab("anc", float("nan"), "/uL"), "value"),
            (lambda: lab("anc", 1, "/uL", reference_low=5, reference_high=1), "reference_low"),
            (lambda: lab("anc", 1, "/uL", role="pre-treatment"), "role"),
            (
                lambda: LabResult(analyte="anc", value=1, unit="/uL", time=datetime(2026, 1, 1)),
                "time",
            ),
            (lambda: lab("zzz", 1, "/uL"), "analyte"),
            (lambda: PainAssessment(score=11), "score"),
            (lambda: PainAssessment(score=-1), "score"),
            (lambda: Medication(drug=" "), "drug"),
            (lambda: Medication(drug="x", quantity=-2), "quantity"),
            (lambda: Medication(drug="x", frequency="hourly"), "frequency"),
            (
                lambda: Medication(drug="x", start=date(2026, 2, 1), held_since=date(2026, 1, 31)),
                "held_since",
            ),
            (lambda: Dose(value=-5, unit="mg"), "value"),
            (lambda: Dose(value=5, unit="mL"), "unit"),
            (lambda: Weight(value=70, unit="cm"), "unit"),
            (lambda: Flare(onset=T, resolved=T - timedelta(hours=1)), "resolved"),
            (
                lambda: Patient(birth_date=date(1970, 1, 1), age=None, diagnoses=("xyz",)),
                "diagnoses[0]",
            ),
            (lambda: DoseRange(low=300, high=150, unit="mg"), "low"),
        ],
    )
    def test_impossible_values_name_their_field(self, build: object, field: str) -> None:
        """An impossible value raises InputError whose message starts with the field name."""
        with pytest.raises(InputError) as info:
            build()  # type: ignore[operator]
        assert info.value.errors[0].startswith(f"{field}: ")

    def test_held_on_start_day_is_valid(self) -> None:
        """A medication may be held on the day it started (the boundary is inclusive)."""
        m = Medication(drug="x", start=date(2026, 2, 1), held_since=date(2026, 2, 1))
        assert m.held_since == m.start

    def test_summary_length_limit(self) -> None:
        """A summary longer than a CDS Hooks card allows is refused; 140 characters is fine."""
        ok = Recommendation(
            code="monitoring.reassess", indicator="info", summary="x" * 140, detail=""
        )
        assert len(ok.summary) == 140
        with pytest.raises(InputError, match="summary"):
            Recommendation(
                code="monitoring.reassess", indicator="info", summary="x" * 141, detail=""
            )

    def test_category_follows_code(self) -> None:
        """A recommendation's category is its code's first segment, and cannot contradict it."""
        with pytest.raises(InputError, match="category"):
            Recommendation(
                code="cytopenia.investigate",
                category="analgesia",
                indicator="info",
                summary="s",
                detail="",
            )
        with pytest.raises(InputError, match="code"):
            Recommendation(code="nonsense.code", indicator="info", summary="s", detail="")


class TestNormalisation:
    def test_names_are_case_insensitive(self) -> None:
        """Drug and agent names are held lower-cased and stripped."""
        assert Medication(drug="  Cetirizine ").drug == "cetirizine"
        proc = Procedure(kind="SURGERY", date=date(2026, 12, 3), planned_agents=("Propofol",))
        assert proc.planned_agents == ("propofol",)

    def test_enum_codes_are_case_insensitive(self) -> None:
        """Frequency codes are accepted in upper case (BID), as the format says."""
        assert Medication(drug="x", frequency="BID").frequency is Frequency.BID

    def test_tryptase_role_is_enum(self) -> None:
        """A role given as text becomes the enum member."""
        assert lab("tryptase", 5, "ng/mL", role="baseline").role is TryptaseRole.BASELINE

    def test_daily_dose(self) -> None:
        """The daily amount is dose x administrations per day; unknown for PRN."""
        assert med("famotidine", 20, frequency="bid").daily_mg == 40
        assert med("cromolyn", 0.2, "g", frequency="qid").daily_mg == 800
        assert med("famotidine", 20, frequency="prn").daily_mg is None
        assert med("omalizumab", 300, frequency="q4w").daily_mg == pytest.approx(300 / 28)


class TestPatientQueries:
    def test_latest_at_or_before(self) -> None:
        """latest() ignores results drawn after the evaluation time."""
        early = lab("anc", 1.5, "10*9/L", time=days_before(10))
        late = lab("anc", 0.4, "10*9/L", time=AT + timedelta(hours=1))
        p = patient(labs=[late, early])
        assert p.latest("anc", AT) is early
        assert p.latest("anc") is late
        assert p.latest("platelets", AT) is None

    def test_latest_on_the_same_instant_counts(self) -> None:
        """A result drawn exactly at the evaluation time is included."""
        exact = lab("anc", 1.0, "10*9/L", time=AT)
        assert patient(labs=[exact]).latest("anc", AT) is exact

    def test_series_is_time_ordered(self) -> None:
        """series() returns results oldest first, whatever the input order."""
        labs = [lab("wbc", v, "10*9/L", time=days_before(d)) for v, d in [(3, 1), (5, 30), (4, 10)]]
        assert [x.canonical for x in patient(labs=labs).series("wbc")] == [5, 4, 3]

    def test_age_from_birth_date_and_given_age(self) -> None:
        """Age comes from the birth date at the evaluation time, else from the given age."""
        age = patient(birth_date=date(2014, 11, 23)).age_at(AT)
        assert age is not None
        assert age == pytest.approx(12.0, abs=0.01)
        assert age < 12, "the day before the 12th birthday is not 12"
        assert patient(birth_date=date(2014, 11, 22)).age_at(AT) == 12.0
        assert patient(age=Age(value=30, unit="month")).age_at(AT) == 2.5
        assert patient().age_at(AT) is None

    @pytest.mark.parametrize(
        ("codes", "sm", "advanced", "mcd"),
        [
            (("ism",), True, False, True),
            (("mcl",), True, True, True),
            (("sm-ahn",), True, True, True),
            (("mcas",), False, False, True),
            (("cm",), False, False, True),
            (("hat",), False, False, False),
            ((), False, False, False),
            (("sm",), True, False, True),
            (("bmm",), True, False, True),
        ],
    )
    def test_diagnosis_families(
        self, codes: tuple[str, ...], sm: bool, advanced: bool, mcd: bool
    ) -> None:
        """Diagnosis families: any SM, advanced SM (ASM, SM-AHN, MCL), any mast cell disorder."""
        p = patient(diagnoses=codes)
        assert (p.has_systemic_mastocytosis, p.has_advanced_sm, p.has_mast_cell_disorder) == (
            sm,
            advanced,
            mcd,
        )
        assert p.has(DiagnosisFamily.ADVANCED_SM) is advanced

    def test_medications_by_class_and_status(self) -> None:
        """Medications are found by class through the catalogue, synonyms and brands included."""
        p = patient(
            medications=[
                med("Zyrtec"),
                med("famotidine", status="held"),
                med("ondansetron"),
                med("Rydapt", status="planned"),
            ]
        )
        assert [m.drug for m in p.medications_of(DrugClass.H1_SECOND_GENERATION)] == ["zyrtec"]
        assert p.medications_of(DrugClass.H2) == ()
        held = p.medications_of(DrugClass.H2, statuses=[MedicationStatus.HELD])
        assert [m.drug for m in held] == ["famotidine"]
        planned = p.medications_named("midostaurin", statuses=[MedicationStatus.PLANNED])
        assert [m.drug for m in planned] == ["rydapt"]

    def test_path_of_identifies_inputs(self) -> None:
        """path_of() gives the interchange path of an input, by identity."""
        a, b = lab("anc", 1, "/uL"), lab("anc", 1, "/uL")
        p = patient(labs=[a, b], pain=PainAssessment(score=3))
        assert (p.path_of(a), p.path_of(b), p.path_of(p.pain)) == ("labs[0]", "labs[1]", "pain")
        with pytest.raises(ValueError, match="not an input"):
            p.path_of(lab("anc", 1, "/uL"))

    def test_entities_are_frozen_and_hashable(self) -> None:
        """Entities cannot be mutated and can be hashed (so reports can be de-duplicated)."""
        p = patient(diagnoses=["ism"], labs=[lab("anc", 1, "/uL")])
        with pytest.raises(AttributeError):
            p.id = "x"  # type: ignore[misc]
        assert hash(p) == hash(patient(diagnoses=[Diagnosis.ISM], labs=[lab("anc", 1, "/uL")]))
