"""The cases of issue 9, end to end from interchange JSON: each report is safe for the patient.

Each case is a patient a specialist tried (issue 9's list); the assertions state what the
report must and must not say. The facts behind each are cited by their addendum fact ids.
"""

from __future__ import annotations

from typing import Any

import pytest

from mastcell import Report, evaluate, patient_from_dict
from mastcell.guard import is_proposal
from mastcell.knowledge.drugs import generic_name

AT = "2026-11-22T12:00:00+00:00"
DRAWN = "2026-11-21T08:00:00+00:00"


def run(data: dict[str, Any]) -> Report:
    return evaluate(patient_from_dict(data), at=AT)


def proposed(report: Report) -> set[str]:
    """Generic names of every drug the report proposes."""
    out: set[str] = set()
    for rec in report:
        for item in (*rec.schedule, *((rec.medication,) if rec.medication else ())):
            if is_proposal(item):
                out.add(generic_name(item.drug) or item.drug)
    return out


def dose_of(report: Report, code: str, drug: str) -> str | None:
    for rec in report.get(code):
        if rec.medication is not None and rec.medication.drug == drug:
            return None if rec.medication.dose is None else str(rec.medication.dose)
    raise AssertionError(f"{code} proposes no {drug}: {report.codes}")


def test_fentanyl_anaphylaxis_is_never_proposed() -> None:
    """MCAS, pain 9, codeine, anaphylaxis to fentanyl: nothing proposes or prefers fentanyl (XR8)."""
    report = run(
        {
            "diagnoses": ["mcas"],
            "birth_date": "1980-01-01",
            "pain": {"score": 9},
            "medications": [{"drug": "codeine", "dose": {"value": 30, "unit": "mg"}}],
            "reactions": [{"agent": "fentanyl", "severity": "anaphylaxis"}],
        }
    )
    assert "fentanyl" not in proposed(report)
    assert all("prefer fentanyl" not in rec.summary for rec in report)


@pytest.mark.parametrize("planned", [["propofol"], ["rocuronium", "propofol"]])
def test_rocuronium_anaphylaxis_never_prefers_rocuronium(planned: list[str]) -> None:
    """ISM, rocuronium anaphylaxis, GA planned: never 'relaxant of choice rocuronium' (XR3-XR5)."""
    report = run(
        {
            "diagnoses": ["ism"],
            "procedures": [
                {
                    "kind": "surgery",
                    "date": "2026-12-03",
                    "anesthesia": "general",
                    "planned_agents": planned,
                }
            ],
            "reactions": [{"agent": "rocuronium", "severity": "anaphylaxis"}],
        }
    )
    assert "rocuronium" not in proposed(report)
    assert all("relaxant of choice rocuronium" not in rec.summary for rec in report)
    if "rocuronium" in planned:
        assert [r.indicator.value for r in report.get("perioperative.nmba.avoid")] == ["critical"]


def test_low_platelets_and_high_pgf2a_get_no_aspirin_dose() -> None:
    """Platelets 30 x10^9/L and a high urine PGF2alpha: no aspirin dose (AS1, AS4; convention)."""
    report = run(
        {
            "diagnoses": ["ism"],
            "birth_date": "1970-01-01",
            "labs": [
                {"analyte": "platelets", "value": 30, "unit": "10*9/L", "time": DRAWN},
                {"analyte": "urine_pgf2a", "value": 5000, "unit": "pg/mg{creat}", "time": DRAWN},
            ],
        }
    )
    recs = report.get("antimediator.aspirin.consider")
    assert recs
    for rec in recs:
        assert rec.medication is None or rec.medication.dose is None


@pytest.mark.parametrize(
    ("drug", "counts"),
    [
        ("cladribine", [("anc", 0.3), ("platelets", 20), ("hemoglobin", 7)]),
        ("hydroxyurea", [("anc", 0.4)]),
    ],
)
def test_other_cytoreductive_drugs_alert_on_grade_3_4_counts(
    drug: str, counts: list[tuple[str, float]]
) -> None:
    """Cladribine or hydroxyurea with grade 3-4 counts: critical hold-and-review (CR1, CR5, CR10)."""
    labs = [
        {"analyte": a, "value": v, "unit": "g/dL" if a == "hemoglobin" else "10*9/L", "time": DRAWN}
        for a, v in counts
    ]
    report = run({"diagnoses": ["asm"], "labs": labs, "medications": [{"drug": drug}]})
    recs = report.get("cytopenia.cytoreductive.hold_review")
    assert [r.indicator.value for r in recs] == ["critical"]
    if drug == "cladribine":
        assert report.get("cytopenia.cladribine.prophylaxis")


def test_avapritinib_200_mg_in_ism_is_critical() -> None:
    """ISM on avapritinib 200 mg daily (the ISM dose is 25 mg): critical (LW1)."""
    report = run(
        {
            "diagnoses": ["ism"],
            "medications": [
                {"drug": "avapritinib", "dose": {"value": 200, "unit": "mg"}, "frequency": "daily"}
            ],
        }
    )
    (rec,) = report.get("medication.avapritinib.above_max")
    assert rec.indicator.value == "critical"


@pytest.mark.parametrize(
    ("kit", "other", "code"),
    [
        ("avapritinib", "itraconazole", "interaction.avapritinib.strong_inhibitor"),
        ("midostaurin", "ketoconazole", "interaction.midostaurin.strong_inhibitor"),
        ("midostaurin", "rifampin", "interaction.midostaurin.strong_inducer"),
    ],
)
def test_cyp3a_interactions_are_named(kit: str, other: str, code: str) -> None:
    """Azoles and rifampin with a KIT inhibitor: the interaction is named, not unclassified."""
    report = run({"diagnoses": ["asm"], "medications": [{"drug": kit}, {"drug": other}]})
    assert report.get(code)
    assert not [u for u in report.unused_inputs if "unclassified" in u.reason]


def test_resolved_pneumonitis_discontinues_midostaurin() -> None:
    """Midostaurin after resolved grade 3 pneumonitis: discontinue, never resume (LW13)."""
    report = run(
        {
            "diagnoses": ["asm"],
            "medications": [
                {
                    "drug": "midostaurin",
                    "dose": {"value": 100, "unit": "mg"},
                    "frequency": "bid",
                    "start": "2026-08-01",
                    "status": "held",
                    "held_since": "2026-10-20",
                    "held_reason": "toxicity",
                }
            ],
            "adverse_events": [
                {
                    "term": "pneumonitis",
                    "grade": 3,
                    "onset": "2026-10-19",
                    "resolved": "2026-11-10",
                    "attributed_to": "midostaurin",
                }
            ],
        }
    )
    assert report.get("cytopenia.midostaurin.discontinue")
    assert not report.get("cytopenia.midostaurin.resume_reduced")
    assert not report.get("cytopenia.midostaurin.increase")


def test_adult_with_junior_auto_injectors_is_warned() -> None:
    """70 kg adult carrying two 0.15 mg auto-injectors: the strength does not fit (E1, S16)."""
    report = run(
        {
            "diagnoses": ["ism"],
            "birth_date": "1980-01-01",
            "weight": {"value": 70, "unit": "kg"},
            "medications": [
                {"drug": "epinephrine", "dose": {"value": 0.15, "unit": "mg"}, "quantity": 2}
            ],
        }
    )
    (rec,) = report.get("emergency.epinephrine.strength")
    assert rec.indicator.value == "warning"


def test_three_year_old_gets_the_label_montelukast_dose() -> None:
    """A 3-year-old: montelukast 4 mg (PD15), not the protocol's 5 mg (PD-C2)."""
    report = run(
        {
            "diagnoses": ["cm"],
            "birth_date": "2023-06-01",
            "symptom_control": "inadequate",
            "medications": [{"drug": "cetirizine"}, {"drug": "famotidine"}],
        }
    )
    assert dose_of(report, "antimediator.leukotriene.add", "montelukast") == "4 mg"


@pytest.mark.parametrize(
    ("diagnoses", "birth_date"),
    [(["mcas"], "1980-01-01"), (["ism"], "2016-01-01")],
)
def test_aspirin_is_not_dosed_outside_its_studied_population(
    diagnoses: list[str], birth_date: str
) -> None:
    """Aspirin's dose source (S32) is adults with SM: no dose for MCAS only or a child (PD22)."""
    report = run(
        {
            "diagnoses": diagnoses,
            "birth_date": birth_date,
            "labs": [
                {"analyte": "platelets", "value": 250, "unit": "10*9/L", "time": DRAWN},
                {"analyte": "urine_pgf2a", "value": 5000, "unit": "pg/mg{creat}", "time": DRAWN},
            ],
        }
    )
    recs = report.get("antimediator.aspirin.consider")
    assert recs
    for rec in recs:
        assert rec.medication is None or rec.medication.dose is None
