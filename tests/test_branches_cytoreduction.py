"""Hand-made patients of the cytoreductive-drug area (issue 20).

The golden patients rarely plan avapritinib or cladribine, record a KIT D816V with imatinib
or a grade 3-4 event on hydroxyurea; these patients do, at and around each threshold, in
several units, with reactions to the drugs the rules name (the guard reads the decisions'
actions). Each keeps the engine's promises (:func:`engine_properties.assert_sound`); their
reports are golden ones (``tests/golden/branches.jsonl.gz``, recorded while the differential
harness required them to be the oracle's). Rules: ``cytopenia.embryo_fetal.*`` (LW11, LW12,
LW17, SR12), ``cytopenia.avapritinib.*`` (S5-S9, LW3-LW8), ``cytopenia.imatinib.*`` (CR8,
CR9), ``cytopenia.cytoreductive.*`` and ``cytopenia.cladribine.prophylaxis`` (CR1-CR10).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from engine_properties import Run, assert_sound, runs
from mastcell import Options, Patient
from mastcell.knowledge.options import CytopeniaOptions
from mastcell.model import AdverseEvent, Age, Reaction
from mastcell.testing import AT, days_before, lab, med, patient

TODAY = AT.date()


def _ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def _event(term: str, grade: int, **kwargs: Any) -> AdverseEvent:
    return AdverseEvent(term=term, grade=grade, **kwargs)


#: (id, patient): each a case a rule of the area decides on, or stops short of.
CASES: list[tuple[str, Patient]] = [
    # -- embryo-fetal (LW11, LW12, LW17, SR12) --
    ("ef-pregnant-midostaurin", patient(pregnant=True, medications=[med("Rydapt")])),
    (
        "ef-lactating-avapritinib-held",
        patient(lactating=True, medications=[med("avapritinib", status="held")]),
    ),
    (
        "ef-both-hydroxyurea-planned",
        patient(pregnant=True, lactating=True, medications=[med("Hydrea", status="planned")]),
    ),
    (
        "ef-unknown-female-30",
        patient(sex="female", age=Age(value=30, unit="year"), medications=[med("midostaurin")]),
    ),
    (
        "ef-unknown-female-56",
        patient(sex="female", birth_date=date(1970, 1, 1), medications=[med("midostaurin")]),
    ),
    ("ef-unknown-male", patient(sex="male", medications=[med("avapritinib")])),
    ("ef-unknown-other-no-age", patient(sex="other", medications=[med("hydroxyurea")])),
    (
        "ef-not-pregnant-stopped",
        patient(
            pregnant=False,
            lactating=False,
            sex="female",
            medications=[med("midostaurin", status="stopped")],
        ),
    ),
    ("ef-no-drug-pregnant", patient(pregnant=True, birth_date=date(1995, 5, 5))),
    # -- adverse events on avapritinib (LW3-LW8) --
    (
        "ae-ich-resolved-other-drug",
        patient(
            medications=[med("avapritinib", 100, frequency="daily", start=_ago(40))],
            adverse_events=[
                _event(
                    "subdural hematoma",
                    2,
                    onset=_ago(10),
                    resolved=_ago(5),
                    attributed_to="aspirin",
                )
            ],
        ),
    ),
    (
        "ae-cognitive-grades",
        patient(
            medications=[med("Ayvakit", 25, frequency="daily", start=_ago(40))],
            adverse_events=[
                _event("memory impairment", 1),
                _event("confusion", 3, attributed_to="ayvakit"),
                _event("rash", 2),
                _event("diarrhea", 3, onset=_ago(50)),
                _event("fatigue", 4, onset=TODAY + timedelta(days=2)),
            ],
        ),
    ),
    (
        "ae-avapritinib-held-resolved",
        patient(
            medications=[med("avapritinib", status="held", held_since=_ago(3))],
            adverse_events=[_event("nausea", 3, resolved=_ago(1)), _event("ich", 1)],
        ),
    ),
    (
        "ae-avapritinib-reacted",
        patient(
            medications=[med("avapritinib")],
            adverse_events=[_event("anemia", 3)],
            reactions=[Reaction(agent="avapritinib", severity="flare")],
        ),
    ),
    (
        "ae-avapritinib-unread-reaction",
        patient(
            medications=[med("avapritinib")],
            adverse_events=[_event("cognitive disorder", 2)],
            reactions=[Reaction(agent="xq-unknown", severity="flare")],
        ),
    ),
    # -- adverse events on other cytoreductive drugs --
    (
        "ae-hydroxyurea-held-resolved",
        patient(
            medications=[med("hydroxyurea", status="held", held_since=_ago(2))],
            adverse_events=[
                _event("mucositis", 3, resolved=_ago(1)),
                _event("rash", 2),
                _event("ulcer", 4, attributed_to="imatinib"),
            ],
        ),
    ),
    (
        "ae-imatinib-gleevec",
        patient(
            medications=[med("Gleevec", 400, frequency="daily", start=_ago(30))],
            adverse_events=[_event("edema", 4, attributed_to="gleevec", onset=_ago(3))],
            reactions=[Reaction(agent="imatinib", severity="flare")],
        ),
    ),
    (
        "ae-cladribine-interferon",
        patient(
            medications=[med("cladribine"), med("interferon alfa", status="held")],
            adverse_events=[_event("fever", 3), _event("depression", 5, resolved=_ago(9))],
        ),
    ),
    (
        "ae-midostaurin-only",
        patient(medications=[med("midostaurin")], adverse_events=[_event("rash", 3)]),
    ),
    ("ae-events-no-drug", patient(adverse_events=[_event("rash", 3)])),
    # -- avapritinib and platelets: threshold 50 x10^9/L (S5, S6, S9), ladders (S7, S8) --
    *(
        (
            f"ava-planned-{value:g}{unit}",
            patient(
                labs=[lab("platelets", value, unit)],
                medications=[med("avapritinib", status="planned")],
            ),
        )
        for value, unit in (
            (49, "K/uL"),
            (50, "K/uL"),
            (49_999, "/uL"),
            (50_000, "/uL"),
            (0.049, "10*12/L"),
        )
    ),
    (
        "ava-planned-stale",
        patient(
            labs=[lab("platelets", 30, "K/uL", days_before(20))],
            medications=[med("Ayvakit", status="planned")],
        ),
    ),
    (
        "ava-just-started-baseline-low",
        patient(
            labs=[lab("platelets", 45, "K/uL", days_before(8)), lab("platelets", 90, "K/uL")],
            medications=[med("avapritinib", 200, frequency="daily", start=_ago(3))],
        ),
    ),
    (
        "ava-just-started-baseline-stale",
        patient(
            labs=[lab("platelets", 45, "K/uL", days_before(30))],
            medications=[med("avapritinib", 200, frequency="daily", start=_ago(3))],
        ),
    ),
    (
        "ava-started-long-ago",
        patient(
            labs=[lab("platelets", 45, "K/uL", days_before(12))],
            medications=[med("avapritinib", 200, frequency="daily", start=_ago(10))],
        ),
    ),
    (
        "ava-baseline-role-after-the-moment",
        patient(
            labs=[
                lab("platelets", 80, "K/uL", days_before(5)),
                lab("platelets", 20, "K/uL", AT + timedelta(days=1), role="baseline"),
            ],
            medications=[med("avapritinib", 25, frequency="daily", start=_ago(2))],
        ),
    ),
    (
        "ava-active-low-asm",
        patient(
            diagnoses=["asm"],
            labs=[lab("platelets", 49.9, "K/uL")],
            medications=[med("avapritinib", 200, frequency="daily", start=_ago(100))],
        ),
    ),
    *(
        (
            f"ava-held-{name}",
            patient(
                diagnoses=diagnoses,
                labs=[lab("platelets", value, "K/uL")],
                medications=[
                    med(
                        "avapritinib",
                        dose,
                        frequency=frequency,
                        status="held",
                        held_since=_ago(5),
                        held_reason="thrombocytopenia",
                        start=_ago(80),
                    )
                ],
            ),
        )
        for name, diagnoses, value, dose, frequency in (
            ("still-low", ["asm"], 40, 200, "daily"),
            ("asm-200", ["asm"], 50, 200, "daily"),
            ("mcl-25", ["mcl"], 60, 25, "daily"),
            ("ism-25", ["ism"], 60, 25, "daily"),
            ("ism-qod", ["ism"], 60, 25, "qod"),
            ("no-subtype-25", [], 60, 25, "daily"),
            ("no-subtype-100", [], 60, 100, "daily"),
            ("asm-150", ["asm"], 60, 150, "daily"),
            ("asm-no-dose", ["asm"], 60, None, None),
        )
    ),
    (
        "ava-held-other-reason",
        patient(
            labs=[lab("platelets", 60, "K/uL")],
            medications=[
                med("avapritinib", 100, frequency="daily", status="held", held_reason="travel")
            ],
        ),
    ),
    (
        "ava-resume-reacted",
        patient(
            diagnoses=["asm"],
            labs=[lab("platelets", 60, "K/uL")],
            medications=[
                med(
                    "avapritinib",
                    200,
                    frequency="daily",
                    status="held",
                    held_reason="thrombocytopenia",
                )
            ],
            reactions=[Reaction(agent="avapritinib", severity="anaphylaxis")],
        ),
    ),
    *(
        (
            f"ava-monitor-{name}",
            patient(
                labs=[lab("platelets", 120, "K/uL", days_before(ago)) for ago in draws],
                medications=[med("avapritinib", 25, frequency="daily", start=start)],
            ),
        )
        for name, start, draws in (
            ("week-2", _ago(10), (5,)),
            ("no-start", None, ()),
            ("day-56", _ago(56), (13,)),
            ("day-57", _ago(57), (1,)),
            ("stale", _ago(20), (15,)),
            ("pre-treatment", _ago(3), (5,)),
            ("future-start", TODAY + timedelta(days=3), (1,)),
        )
    ),
    # -- imatinib: interrupt below ANC 1.0 / platelets 50, restart at 1.5 and 75 (CR9) --
    *(
        (
            f"ima-{status}-anc{anc}{unit}-plt{plt}",
            patient(
                labs=[lab("anc", anc, unit), lab("platelets", plt, "K/uL")],
                medications=[
                    med(
                        "imatinib",
                        400,
                        frequency="daily",
                        status=status,
                        held_reason="neutropenia" if status == "held" else None,
                    )
                ],
            ),
        )
        for status in ("active", "held")
        for anc, unit, plt in (
            (0.99, "10*9/L", 200),
            (1.0, "10*9/L", 49),
            (1000, "/uL", 50),
            (1.49, "K/uL", 100),
            (1500, "/uL", 74),
            (1.5, "10*9/L", 75),
        )
    ),
    (
        "ima-derived-anc",
        patient(
            labs=[lab("wbc", 2.0, "K/uL"), lab("neutrophils_pct", 40, "%")],
            medications=[med("Gleevec", 300, frequency="daily")],
        ),
    ),
    (
        "ima-held-missing-platelets",
        patient(
            labs=[lab("anc", 2.0, "K/uL")],
            medications=[med("imatinib", status="held", held_reason="thrombocytopenia")],
        ),
    ),
    (
        "ima-held-no-dose-recovered-reacted",
        patient(
            labs=[lab("anc", 2.0, "K/uL"), lab("platelets", 80, "K/uL")],
            medications=[med("imatinib", status="held", held_reason="thrombocytopenia")],
            reactions=[Reaction(agent="imatinib", severity="flare")],
        ),
    ),
    *(
        (
            f"ima-d816v-{kit}",
            patient(
                kit_d816v=kit,
                medications=[med("imatinib", status="planned"), med("gleevec", status="stopped")],
            ),
        )
        for kit in (True, False, None)
    ),
    # -- hold and review: CTCAE grade 3-4 on drugs without SM thresholds (CR1, CR5-CR7) --
    *(
        (
            f"hr-{drug}-{status}-{analyte}{value:g}",
            patient(
                labs=[lab(analyte, value, unit)],
                medications=[med(drug, status=status)],
            ),
        )
        for drug in ("hydroxyurea", "cladribine", "interferon alfa", "imatinib")
        for status in ("active", "held")
        for analyte, value, unit in (
            ("hemoglobin", 7.9, "g/dL"),
            ("hemoglobin", 80, "g/L"),
            ("wbc", 1.9, "K/uL"),
            ("anc", 0.4, "10*9/L"),
            ("platelets", 24_000, "/uL"),
        )
    ),
    (
        "hr-stale-count",
        patient(
            labs=[lab("platelets", 20, "K/uL", days_before(20))], medications=[med("hydroxyurea")]
        ),
    ),
    # -- planned with a low count --
    *(
        (
            f"plan-{drug}",
            patient(
                labs=[lab("platelets", 40, "K/uL"), lab("hemoglobin", 7.5, "g/dL")],
                medications=[med(drug, status="planned")],
            ),
        )
        for drug in (
            "midostaurin",
            "imatinib",
            "cladribine",
            "hydroxyurea",
            "avapritinib",
            "interferon alfa",
        )
    ),
    # -- cladribine prophylaxis (S29, S112, S114) --
    ("clad-none", patient(medications=[med("cladribine", status="planned")])),
    (
        "clad-both",
        patient(
            medications=[
                med("cladribine"),
                med("Bactrim"),
                med("valacyclovir"),
                med("acyclovir", status="stopped"),
            ]
        ),
    ),
    (
        "clad-herpes-only",
        patient(medications=[med("cladribine", status="held"), med("aciclovir")]),
    ),
]

OPTIONS: dict[str, Options | None] = {
    "default": None,
    "max-age-3d": Options(cytopenia=CytopeniaOptions(count_max_age=timedelta(days=3))),
    "grade-2": Options(
        cytopenia=CytopeniaOptions(hold_review_grade=2, avapritinib_just_started=timedelta(days=1))
    ),
    "grade-4": Options(cytopenia=CytopeniaOptions(hold_review_grade=4)),
}

#: The hand-written runs of this module, recorded in ``tests/golden/branches.jsonl.gz``.
RUNS = runs("cytoreduction", CASES, OPTIONS)


@pytest.mark.parametrize("run", RUNS, ids=lambda r: r.key)
def test_case(run: Run) -> None:
    """Each case keeps the promises (its report is a golden one)."""
    assert_sound(run)


def test_the_cases_fire() -> None:
    """The cases reach the rules they are written for (golden empty reports prove nothing)."""
    from mastcell import evaluate

    codes = {c for _, p in CASES for c in evaluate(p, at=AT).codes}
    wanted = {
        "cytopenia.embryo_fetal.pregnant",
        "cytopenia.embryo_fetal.lactating",
        "cytopenia.embryo_fetal.check",
        "cytopenia.avapritinib.adverse_event",
        "cytopenia.cytoreductive.adverse_event",
        "cytopenia.avapritinib.do_not_start",
        "cytopenia.avapritinib.interrupt",
        "cytopenia.avapritinib.resume_reduced",
        "cytopenia.avapritinib.discontinue",
        "cytopenia.avapritinib.platelets.monitor",
        "cytopenia.imatinib.interrupt",
        "cytopenia.imatinib.resume",
        "cytopenia.imatinib.kit_d816v",
        "cytopenia.cytoreductive.hold_review",
        "cytopenia.cytoreductive.planned_low_count",
        "cytopenia.cladribine.prophylaxis",
    }
    assert wanted <= codes, wanted - codes
