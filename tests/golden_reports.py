"""Golden reports: fixed patients evaluated at fixed moments, stored as the JSON mastcell wrote.

The files under ``tests/golden/`` are the record of what mastcell said; ``test_golden.py``
checks that the current code writes exactly the same bytes. A change that is meant to change
output (a new rule, a corrected dose, a reworded summary, a stricter reader) regenerates them
deliberately with ``python tests/golden/regenerate.py`` and the diff is reviewed like code.

- ``examples/<name>.json``: every bundled example (``src/mastcell/examples``) evaluated at
  :data:`EXAMPLE_AT`, written with ``to_json()`` (indented, readable in a review).
- ``patients.jsonl.gz``: the generated patients, one interchange JSON line each, drawn once
  from ``strategies.scenario_patients`` and ``strategies.patients`` with hypothesis
  derandomized (``--redraw`` draws them again; otherwise they are kept as they are, so a new
  hypothesis release cannot change the inputs).
- ``reports.jsonl.gz``: for each patient and each moment of :data:`MOMENTS`, one line
  ``{"case": i, "at": ..., "report": <compact report JSON text>}`` or, when the patient cannot
  be evaluated at that moment, ``{"case": i, "at": ..., "error": [<InputError messages>]}``.
- ``branches.jsonl.gz``: the hand-written patients of the ``test_branches*`` modules and
  ``test_rules_monitoring`` (each
  reaching a branch the generated patients rarely reach), under the options and categories
  the modules run them with, sorted by key: one line ``{"case": key, "report": <report JSON
  text>, "compact": <compact report JSON text>, "actions": [<each decision's action>]}`` or
  ``{"case": key, "error": [...]}``. First written when the differential harness of issue 20
  still required these reports to be the old engine's, so they are the oracle's.

The mastcell version stamped in every report is replaced by ``*`` before storing and
comparing, so a release bump alone does not regenerate the files.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from mastcell import InputError, Patient, evaluate, patient_from_json, to_json

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parent.parent / "src" / "mastcell" / "examples"
EXAMPLE_AT = "2026-11-22T12:00:00+00:00"
#: The scenario moment, ten days later, and three days earlier (where some holds are in the
#: future: input errors, recorded as such).
MOMENTS = (
    datetime(2026, 11, 22, 12, 0, tzinfo=UTC),
    datetime(2026, 12, 2, 12, 0, tzinfo=UTC),
    datetime(2026, 11, 19, 12, 0, tzinfo=UTC),
)
SCENARIO_COUNT = 300
GENERAL_COUNT = 100

_VERSION = re.compile(r'"mastcell_version": ?"[^"]*"')


def unversioned(text: str) -> str:
    """The report JSON with its version stamp replaced by ``*``.

    >>> unversioned('{"mastcell_version": "0.1.0", "x": 1}')
    '{"mastcell_version": "*", "x": 1}'
    """
    return _VERSION.sub('"mastcell_version": "*"', text, count=1)


def example_report(path: Path) -> str:
    """The indented report JSON of one bundled example at :data:`EXAMPLE_AT`."""
    patient = patient_from_json(path.read_text(encoding="utf-8"))
    return unversioned(evaluate(patient, at=EXAMPLE_AT).to_json()) + "\n"


def report_line(case: int, patient: Patient, at: datetime) -> str:
    """The golden line for one patient at one moment (report or input error)."""
    record: dict[str, object] = {"case": case, "at": at.isoformat()}
    try:
        record["report"] = unversioned(to_json(evaluate(patient, at=at), indent=None))
    except InputError as exc:
        record["error"] = list(exc.errors)
    return json.dumps(record, ensure_ascii=False)


#: The modules whose ``RUNS`` are recorded in ``branches.jsonl.gz``.
BRANCH_MODULES = (
    "test_branches",
    "test_branches_antimediator",
    "test_branches_antimediator_addons",
    "test_branches_cytoreduction",
    "test_branches_medication",
    "test_branches_populations",
    "test_rules_monitoring",
)


def branch_runs() -> list[Any]:
    """Every hand-written run of :data:`BRANCH_MODULES`, sorted by key (keys are unique)."""
    import importlib

    found = [run for name in BRANCH_MODULES for run in importlib.import_module(name).RUNS]
    return sorted(found, key=lambda run: run.key)


def branch_line(run: Any) -> str:
    """The golden line for one hand-written run (report, compact report and actions)."""
    from mastcell.cohort.compact import compact_json
    from mastcell.engine import decide

    record: dict[str, object] = {"case": run.key}
    try:
        outcome = decide(run.patient, at=run.at, categories=run.categories, options=run.options)
    except InputError as exc:
        record["error"] = list(exc.errors)
    else:
        record["report"] = unversioned(to_json(outcome.report(), indent=None))
        record["compact"] = unversioned(compact_json(outcome))
        record["actions"] = [d.action.value for d in outcome.decisions]
    return json.dumps(record, ensure_ascii=False)


def read_branch_lines() -> list[str]:
    """The stored lines of ``branches.jsonl.gz``."""
    with gzip.open(GOLDEN / "branches.jsonl.gz", "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def read_patient_lines() -> list[str]:
    """The stored generated patients, one interchange JSON text each."""
    with gzip.open(GOLDEN / "patients.jsonl.gz", "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def report_lines(patient_lines: Iterable[str]) -> Iterator[str]:
    """Every golden report line for the stored patients, in file order."""
    for case, line in enumerate(patient_lines):
        patient = patient_from_json(line)
        for at in MOMENTS:
            yield report_line(case, patient, at)


def draw_patients() -> list[Patient]:
    """Draw the generated patients again (hypothesis, derandomized), numbered by id."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.strategies import SearchStrategy

    from strategies import patients, scenario_patients

    drawn: list[Patient] = []

    def collect(strategy: SearchStrategy[Patient], count: int) -> None:
        @settings(
            max_examples=count,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy)
        def take(patient: Patient) -> None:
            drawn.append(patient)

        take()

    collect(scenario_patients(), SCENARIO_COUNT)
    collect(patients(), GENERAL_COUNT)
    unique = list(dict.fromkeys(to_json(p, indent=None) for p in drawn))
    return [
        attrs.evolve(patient_from_json(text), id=f"golden-{i:04d}") for i, text in enumerate(unique)
    ]


def _write_gz(path: Path, lines: Iterable[str]) -> None:
    # mtime=0: the same content gives the same bytes, so git sees no change.
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        for line in lines:
            gz.write(line.encode("utf-8") + b"\n")


def regenerate(*, redraw: bool = False) -> None:
    """Write the golden files from the current code (and redraw the patients if asked)."""
    (GOLDEN / "examples").mkdir(parents=True, exist_ok=True)
    for path in sorted(EXAMPLES.glob("*.json")):
        (GOLDEN / "examples" / path.name).write_text(example_report(path), encoding="utf-8")
    if redraw or not (GOLDEN / "patients.jsonl.gz").exists():
        _write_gz(GOLDEN / "patients.jsonl.gz", (to_json(p, indent=None) for p in draw_patients()))
    _write_gz(GOLDEN / "reports.jsonl.gz", report_lines(read_patient_lines()))
    _write_gz(GOLDEN / "branches.jsonl.gz", map(branch_line, branch_runs()))


def generated_patients() -> list[Patient]:
    """The stored generated patients as Patients (for tests that compare paths of evaluation)."""
    return [patient_from_json(line) for line in read_patient_lines()]
