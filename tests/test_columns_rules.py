"""Each columnar version (mastcell.columns.table) gives its rule's output wherever it decides.

Per version: on a cohort of patients at and around every threshold the version reads (the
CTCAE grade-2 bounds of the WBC, ANC and platelet counts, a lab's lower limit of normal, the
NSAID platelet bound of the options, in several units) and with the medications its silent
cases turn on, every row where the version says it decides is one where the registered rule,
run alone on the facts view, is silent and reads exactly the paths the columns account for.
Then the whole report: every patient the path decides has the per-patient engine's compact
text, byte for byte (hypothesis cohorts drawn around the same thresholds too).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mastcell import Patient
from mastcell.cohort.compact import compact_json
from mastcell.columns import COLUMN_RULES, ColumnRule, compact_texts
from mastcell.columns.declared import lab_mask, medications_absent
from mastcell.columns.evaluate import gated
from mastcell.columns.frame import patients_frame
from mastcell.engine import decide, run_rule
from mastcell.facts import facts_of
from mastcell.knowledge.ctcae import SCALES
from mastcell.knowledge.options import Options, options_from_dict
from mastcell.model import Analyte, LabResult, Medication
from mastcell.rules.registry import Context, registered_rules

AT = datetime(2026, 11, 22, 12, tzinfo=UTC)
DRAWN = AT - timedelta(days=1)
COUNTS = (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS)
#: Units per count: (unit, factor from the canonical 10^9/L).
UNITS = (("10*9/L", 1.0), ("K/uL", 1.0), ("10*3/uL", 1.0), ("/uL", 1000.0))
#: The medications the silent cases turn on (none, or one of the drugs their reads match).
MEDICATIONS = (
    (),
    ("cetirizine",),
    ("aspirin",),
    ("excedrin", "aspirin"),  # aspirin twice: a duplicate
    ("avapritinib",),
    ("imatinib",),
    ("hydroxyurea",),
    ("zantac",),  # ranitidine: withdrawn
    ("cetirizine", "famotidine", "montelukast"),
)


def _count(analyte: Analyte, canonical: float, unit: str, factor: float, **kw: object) -> LabResult:
    return LabResult(
        analyte=analyte.value,
        value=round(canonical * factor, 6),
        unit=unit,
        time=kw.pop("time", DRAWN),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def _around(bound: float) -> tuple[float, ...]:
    return (bound - 0.01, bound, bound + 0.01)


def threshold_patients() -> list[Patient]:
    """Patients at and around every bound the columnar count rules read, in several units."""
    out = []
    n = 0
    bounds = {a: (SCALES[a].grade_2_below, SCALES[a].grade_3_below) for a in COUNTS}
    for analyte in COUNTS:
        for bound in bounds[analyte]:
            for value in _around(bound):
                for unit, factor in UNITS:
                    for lln in (None, value - 0.01, value, value + 0.01):
                        for drugs in MEDICATIONS[:: 1 if lln is None and unit == "/uL" else 4]:
                            low = None if lln is None else round(lln * factor, 6)
                            lab = _count(analyte, value, unit, factor, reference_low=low)
                            out.append(
                                Patient(
                                    id=f"t{n}",
                                    diagnoses=("hat",),
                                    birth_date=date(1970, 1, 1),
                                    labs=(lab,),
                                    medications=tuple(Medication(drug=d) for d in drugs),
                                )
                            )
                            n += 1
    # The NSAID bound (50 x10^9/L platelets by default) and an older and a future count.
    for value in (*_around(50.0), *_around(75.0)):
        for drugs in MEDICATIONS:
            labs = (
                _count(Analyte.PLATELETS, 300, "10*9/L", 1, time=DRAWN - timedelta(days=30)),
                _count(Analyte.PLATELETS, value, "/uL", 1000),
                _count(Analyte.PLATELETS, 10, "10*9/L", 1, time=AT + timedelta(days=1)),
            )
            out.append(
                Patient(
                    id=f"n{n}",
                    diagnoses=("hat",),
                    labs=labs,
                    medications=tuple(Medication(drug=d) for d in drugs),
                )
            )
            n += 1
    # A neutrophil % beside a WBC: the ANC may be derived, the count rules do not decide.
    for pct in (20.0, 60.0):
        out.append(
            Patient(
                id=f"d{n}",
                labs=(
                    _count(Analyte.WBC, 4.0, "10*9/L", 1),
                    LabResult(analyte="neutrophils_pct", value=pct, unit="%", time=DRAWN),
                ),
            )
        )
        n += 1
    return out


THRESHOLDS = threshold_patients()
RULES = {r.name: r for r in registered_rules()}
OPTIONS = (Options(), options_from_dict({"medication": {"nsaid_platelets_below": 75}}))


def _expected_paths(version: ColumnRule, frame_row: dict[str, Any]) -> set[str]:
    r = RULES[version.rule]
    paths: set[str] = set(frame_row["reads"])
    if version.stages is not None:
        mask = lab_mask(read for stage in r.stages[: version.stages] for read in stage)
        bits: list[int] = frame_row["lab_bits"]
        paths |= {f"labs[{i}]" for i, b in enumerate(bits) if b & mask}
    return paths


@pytest.mark.parametrize("options", OPTIONS, ids=("default", "nsaid-75"))
@pytest.mark.parametrize("version", COLUMN_RULES, ids=lambda v: v.rule.rsplit(".", 1)[1])
def test_a_version_decides_only_where_the_rule_is_silent_and_reads_its_paths(
    version: ColumnRule, options: Options
) -> None:
    import polars as pl

    r = RULES[version.rule]
    decides = version.decides(options)
    if version.stages is not None:
        decides = decides & medications_absent(
            read for stage in r.stages[: version.stages] for read in stage
        )
    frame = patients_frame(THRESHOLDS, AT).select(
        (gated(r) & decides & pl.col("shape") & (pl.col("unclassified") == 0)).alias("decides"),
        version.reads().alias("reads"),
        "lab_bits",
    )
    decided = 0
    for p, row in zip(THRESHOLDS, frame.iter_rows(named=True), strict=True):
        if not row["decides"]:
            continue
        facts = facts_of(p, AT)
        out, paths = run_rule(r, facts, Context(at=AT, options=options, facts=facts))
        assert tuple(out) == (), (version.rule, p)
        future = {f"labs[{i}]" for i, lab in enumerate(p.labs) if lab.time > AT}
        assert paths - future == _expected_paths(version, row) - future, (version.rule, p)
        decided += 1
    assert decided > 0, version.rule  # the cohort reaches every version's silent case


@pytest.mark.parametrize("options", OPTIONS, ids=("default", "nsaid-75"))
def test_threshold_patients_identical(options: Options) -> None:
    texts = compact_texts(THRESHOLDS, at=AT, options=options)
    fit = 0
    for p, got in zip(THRESHOLDS, texts, strict=True):
        if got is None:
            continue
        outcome = decide(p, at=AT, options=options)
        assert got == (len(outcome.decisions), compact_json(outcome)), p
        fit += 1
    assert fit >= 50  # the silent cases around the bounds go columnar (74 today)


def test_low_counts_fall_back_and_others_go_columnar() -> None:
    """Below a grade-2 bound, or below the lab's limit: the engine; at or above both: columnar."""
    for analyte in COUNTS:
        bound = SCALES[analyte].grade_2_below
        for unit, factor in UNITS:
            below, at_bound = (
                Patient(id="x", labs=(_count(analyte, v, unit, factor),))
                for v in (bound - 0.01, bound)
            )
            under_lln = Patient(
                id="y",
                labs=(
                    _count(analyte, bound, unit, factor, reference_low=round((bound + 1) * factor)),
                ),
            )
            texts = compact_texts([below, at_bound, under_lln], at=AT)
            assert texts[0] is None, (analyte, unit)
            assert texts[2] is None, (analyte, unit)
            assert texts[1] is not None, (analyte, unit)


_DRUGS = st.sampled_from([d for drugs in MEDICATIONS for d in drugs])


@st.composite
def counted(draw: st.DrawFn) -> Patient:
    """A patient with counts drawn around the bounds, in any unit, and listed medications."""
    labs = []
    for _ in range(draw(st.integers(0, 4))):
        analyte = draw(st.sampled_from([*COUNTS, Analyte.HEMOGLOBIN, Analyte.TRYPTASE]))
        if analyte in SCALES and analyte is not Analyte.HEMOGLOBIN:
            scale = SCALES[analyte]
            bound = draw(st.sampled_from([scale.grade_2_below, scale.grade_3_below, 50.0]))
            value = bound + draw(st.sampled_from([-0.01, 0.0, 0.01, 1.0]))
            unit, factor = draw(st.sampled_from(UNITS))
        elif analyte is Analyte.HEMOGLOBIN:
            value, unit, factor = draw(st.floats(5, 16)), "g/dL", 1.0
        else:
            value, unit, factor = draw(st.floats(1, 40)), "ng/mL", 1.0
        low = draw(st.none() | st.just(value + draw(st.sampled_from([-0.01, 0.0, 0.01]))))
        labs.append(
            LabResult(
                analyte=analyte.value,
                value=round(max(value, 0.0) * factor, 6),
                unit=unit,
                time=AT - timedelta(hours=draw(st.integers(-24, 24 * 30))),
                reference_low=None if low is None or low < 0 else round(low * factor, 6),
            )
        )
    return Patient(
        id=draw(st.text(max_size=4)),
        diagnoses=("hat",),
        birth_date=draw(st.none() | st.just(date(1980, 5, 1))),
        labs=tuple(labs),
        medications=tuple(
            Medication(drug=d, status=draw(st.sampled_from(["active", "held", "planned"])))
            for d in draw(st.lists(_DRUGS, max_size=3))
        ),
    )


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(counted(), min_size=1, max_size=8), st.sampled_from(OPTIONS))
def test_generated_counted_cohorts_identical(cohort: list[Patient], options: Options) -> None:
    texts = compact_texts(cohort, at=AT, options=options)
    for p, got in zip(cohort, texts, strict=True):
        if got is not None:
            outcome = decide(p, at=AT, options=options)
            assert got == (len(outcome.decisions), compact_json(outcome)), p
