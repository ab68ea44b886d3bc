"""The columnar path (mastcell.columns) writes the per-patient engine's compact report, or defers.

A patient fits only when every rule gated in for it has a columnar version that decides it;
for every patient that fits, the text must equal ``compact_json(decide(...))`` byte for byte,
on the golden patients at their golden moments, on generated cohorts (hypothesis) and through
``mastcell cohort --columnar``; a patient a columnar rule cannot decide (an unknown drug, a
censored or conflicting result, a rule without a columnar version, a field no columnar rule
reads, an input refused at the moment) gets None and the per-patient engine's output.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import golden_reports
from mastcell import InputError, MastcellError, Patient, patient_from_json
from mastcell.cli import main
from mastcell.cohort.compact import compact_json
from mastcell.columns import COLUMN_RULES, compact_texts, require_polars
from mastcell.columns.frame import RECORDED, recorded_of
from mastcell.engine import decide
from mastcell.facts import Recorded, facts_of
from mastcell.knowledge.options import Options
from mastcell.model import Age, Analyte, LabResult, Medication, PainAssessment, Sex, Weight
from mastcell.rules.registry import registered_rules
from strategies import SCENARIO_AT, labs, patients, scenario_patients, valid_at

AT = datetime(2026, 11, 22, 12, tzinfo=UTC)


def _check(patients: list[Patient], at: datetime, **kwargs: object) -> int:
    """Compare every fitting patient's text with the engine's; the number that fit."""
    texts = compact_texts(patients, at=at, **kwargs)  # type: ignore[arg-type]
    assert len(texts) == len(patients)
    fit = 0
    for p, got in zip(patients, texts, strict=True):
        if got is None:
            continue
        outcome = decide(p, at=at, **kwargs)  # type: ignore[arg-type]
        assert got == (len(outcome.decisions), compact_json(outcome)), p
        fit += 1
    return fit


def _evaluable(lines: list[str], at: datetime) -> list[Patient]:
    out = []
    for line in lines:
        p = patient_from_json(line)
        try:
            decide(p, at=at)
        except InputError:
            continue
        out.append(p)
    return out


GOLDEN = golden_reports.read_patient_lines()


@pytest.mark.parametrize("at", golden_reports.MOMENTS)
def test_golden_patients_identical(at: datetime) -> None:
    patients = _evaluable(GOLDEN, at)
    assert _check(patients, at) >= 4  # the golden patients that fit today (see the docs)


def test_the_gate_is_the_engines() -> None:
    """Per golden patient and rule: the column says the rule runs exactly when the engine runs it."""
    from mastcell.columns.evaluate import gated
    from mastcell.columns.frame import patients_frame
    from mastcell.facts import trigger_key

    patients = [patient_from_json(line) for line in GOLDEN]
    rules = registered_rules()
    frame = patients_frame(patients, AT).select(
        *(gated(r).alias(str(i)) for i, r in enumerate(rules))
    )
    for p, row in zip(patients, frame.iter_rows(), strict=True):
        present = facts_of(p, AT).present
        for r, runs in zip(rules, row, strict=True):
            keys = {trigger_key(t) for t in r.triggers}
            assert runs == (not keys or not present.isdisjoint(keys)), (p.id, r.name)


def test_every_columnar_rule_is_a_registered_rule() -> None:
    table = {r.name: r for r in registered_rules()}
    for version in COLUMN_RULES:
        assert version.rule in table, version.rule


def _fitting(draw: st.DrawFn) -> Patient:
    """A patient the columnar rules cover: no mast cell disorder, labs that gate no other rule."""
    born = (SCENARIO_AT - timedelta(days=draw(st.integers(-5, 30000)))).date()
    which = draw(st.sampled_from(["birth_date", "age", "none"]))
    return valid_at(
        Patient(
            id=draw(st.none() | st.text(max_size=8)),
            sex=draw(st.sampled_from(list(Sex))),
            diagnoses=tuple(draw(st.lists(st.sampled_from(["hat"]), max_size=1))),
            birth_date=born if which == "birth_date" else None,
            age=Age(value=draw(st.integers(0, 90)), unit="year") if which == "age" else None,
            weight=draw(
                st.none() | st.builds(Weight, value=st.integers(3, 120), unit=st.just("kg"))
            ),
            labs=tuple(
                draw(
                    st.lists(
                        labs(draw(st.sampled_from([Analyte.HEMOGLOBIN, Analyte.URINE_LTE4]))),
                        max_size=4,
                    )
                )
            ),
        ),
        SCENARIO_AT,
    )


fitting_patients = st.composite(_fitting)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fitting_patients(), min_size=1, max_size=8))
def test_generated_fitting_cohorts_identical(cohort: list[Patient]) -> None:
    _check(cohort, SCENARIO_AT)
    texts = compact_texts(cohort, at=SCENARIO_AT)
    for p, got in zip(cohort, texts, strict=True):
        plain = all(lab.comparator is None for lab in p.labs)
        apart = len({(lab.analyte, lab.time.astimezone(UTC)) for lab in p.labs}) == len(p.labs)
        if plain and apart:  # no bound, no two results at one instant: the path decides it
            assert got is not None, p


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(scenario_patients() | fitting_patients(), min_size=1, max_size=6))
def test_generated_mixed_cohorts_identical(cohort: list[Patient]) -> None:
    _check([valid_at(p, SCENARIO_AT) for p in cohort], SCENARIO_AT)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(patients(), min_size=1, max_size=4),
    st.sampled_from([None, ["monitoring"], ["cytopenia", "medication"]]),
)
def test_generated_any_patients_identical(
    cohort: list[Patient], categories: list[str] | None
) -> None:
    at = AT
    usable = []
    for p in cohort:
        try:
            decide(p, at=at)
        except InputError:
            continue
        usable.append(p)
    _check(usable, at, categories=categories)


def test_a_typical_fitting_patient_fits() -> None:
    p = Patient(
        id="h1",
        diagnoses=("hat",),
        birth_date=date(1980, 1, 1),
        weight=Weight(value=70, unit="kg"),
        labs=(LabResult(analyte="hemoglobin", value=13, unit="g/dL", time=AT - timedelta(days=1)),),
    )
    [got] = compact_texts([p], at=AT)
    assert got is not None
    report = json.loads(got[1])
    # the age is read by the dose, epinephrine and embryo-fetal checks; the rest by no rule
    assert report["unused_inputs"] == ["labs[0]", "weight"]


_BASE = Patient(id="b", diagnoses=("hat",), birth_date=date(1980, 1, 1))
_LAB_TIME = AT - timedelta(days=1)


@pytest.mark.parametrize(
    ("why", "patient"),
    [
        ("unknown drug", Patient(id="u", medications=(Medication(drug="notadrugatall"),))),
        (
            "a known drug: the medication rules have no columnar version",
            Patient(id="m", medications=(Medication(drug="famotidine"),)),
        ),
        (
            "censored value",
            Patient(
                id="c",
                labs=(
                    LabResult(
                        analyte="hemoglobin", value=7, unit="g/dL", time=_LAB_TIME, comparator="<"
                    ),
                ),
            ),
        ),
        (
            "conflicting results",
            Patient(
                id="k",
                labs=(
                    LabResult(analyte="hemoglobin", value=7, unit="g/dL", time=_LAB_TIME),
                    LabResult(analyte="hemoglobin", value=70, unit="g/L", time=_LAB_TIME),
                    LabResult(analyte="hemoglobin", value=9, unit="g/dL", time=_LAB_TIME),
                ),
            ),
        ),
        (
            "mast cell disorder: anti-mediator rules (unconverted)",
            Patient(id="d", diagnoses=("ism",)),
        ),
        (
            "an ANC: cytopenia rules without columnar versions",
            Patient(
                id="a", labs=(LabResult(analyte="anc", value=0.4, unit="10*9/L", time=_LAB_TIME),)
            ),
        ),
        ("pain recorded", Patient(id="p", pain=PainAssessment(score=3))),
        ("pregnancy recorded", Patient(id="g", pregnant=False)),
    ],
)
def test_fallback_where_a_columnar_rule_cannot_decide(why: str, patient: Patient) -> None:
    assert compact_texts([_BASE, patient], at=AT)[1] is None, why
    assert compact_texts([_BASE, patient], at=AT)[0] is not None


def test_recorded_facts_agree_with_the_facts_view() -> None:
    assert set(RECORDED) == set(Recorded)
    for line in GOLDEN:
        p = patient_from_json(line)
        assert recorded_of(p) == facts_of(p, AT).recorded, p.id


@settings(max_examples=60, deadline=None)
@given(patients())
def test_recorded_facts_agree_on_generated_patients(p: Patient) -> None:
    assert recorded_of(p) == facts_of(p, AT).recorded


def test_options_are_stated_as_the_engine_states_them() -> None:
    from mastcell.knowledge.options import options_from_dict

    options = options_from_dict({"cytopenia": {"count_max_age": "P21D"}})
    assert _check([_BASE], AT, options=options) == 1
    assert _check([_BASE], AT, options=Options()) == 1


def _cli(tmp_path: Path, lines: list[str], *extra: str) -> tuple[int, bytes]:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / f"out{len(extra)}.ndjson"
    status = main(
        [
            "cohort",
            str(src),
            "--at",
            AT.isoformat(),
            "--compact",
            "--workers",
            "1",
            "--out",
            str(out),
            *extra,
        ]
    )
    return status, out.read_bytes()


def test_cohort_command_columnar_same_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mastcell.cohort.stream.COLUMNAR_CHUNK", 2)  # several chunks, in order
    lines = [
        json.dumps({"id": "fit", "diagnoses": ["hat"], "birth_date": "1990-01-01"}),
        '{"id": ',  # not JSON: an error record with its line
        "",
        json.dumps({"id": "bad", "pain": {"score": 11}}),  # refused by the model
        json.dumps(  # a result without its unit: refused by the model, the field named
            {
                "id": "nounit",
                "diagnoses": ["hat"],
                "labs": [{"analyte": "hemoglobin", "value": 12, "time": "2026-11-20T00:00:00Z"}],
            }
        ),
        json.dumps({"id": "late", "birth_date": "2030-01-01"}),  # refused at the moment
        json.dumps({"id": "mc", "diagnoses": ["ism"], "medications": [{"drug": "cetirizine"}]}),
        json.dumps(
            {
                "id": "fit2",
                "labs": [
                    {
                        "analyte": "hemoglobin",
                        "value": 12,
                        "unit": "g/dL",
                        "time": "2026-11-20T00:00:00Z",
                    }
                ],
            }
        ),
    ]
    plain = _cli(tmp_path, lines)
    columnar = _cli(tmp_path, lines, "--columnar")
    assert plain[0] == columnar[0] == 1
    assert plain[1] == columnar[1]
    records = [json.loads(line) for line in columnar[1].splitlines()]
    assert len(records) == 7  # every non-blank line has its record
    [no_unit] = [r for r in records if r.get("patient_id") == "nounit"]
    assert no_unit["kind"] == "input"
    assert no_unit["errors"] == ["labs[0] (hemoglobin).unit: required key missing"]


def test_cohort_command_columnar_needs_compact_ndjson(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a"}\n', encoding="utf-8")
    status = main(
        [
            "cohort",
            str(src),
            "--at",
            AT.isoformat(),
            "--out",
            str(tmp_path / "o.ndjson"),
            "--columnar",
        ]
    )
    assert status == 2
    assert "--columnar: the columnar path writes compact NDJSON" in capsys.readouterr().err


def test_missing_polars_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MastcellError, match=r"pip install 'mastcell\[cohort\]'"):
        require_polars()
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a"}\n', encoding="utf-8")
    status = main(
        [
            "cohort",
            str(src),
            "--at",
            AT.isoformat(),
            "--compact",
            "--out",
            str(tmp_path / "o.ndjson"),
            "--columnar",
        ]
    )
    assert status == 2
    assert "mastcell[cohort]" in capsys.readouterr().err


def test_columnar_stream_with_worker_processes() -> None:
    from mastcell.cohort.stream import stream
    from mastcell.model import Category

    lines = [*GOLDEN[:40], '{"id": "fit", "diagnoses": ["hat"]}', "{"]

    def run(**kwargs: object) -> list[object]:
        return list(
            stream(
                lines,
                at=AT,
                categories=frozenset(Category),
                options=Options(),
                workers=2,
                output="compact-json",
                chunk_size=8,
                **kwargs,  # type: ignore[arg-type]
            )
        )

    assert run(columnar=True) == run()
