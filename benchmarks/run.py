"""Benchmarks against F, the project's speed yardstick: each figure of issue 20's table.

Run: ``python benchmarks/run.py`` (or ``nox -s bench``). F is
``shared/bench/reference.py`` (forty threshold comparisons on canonical floats that append a
label for each that fires), imported from the ``shared`` folder beside the repository (the
first ``shared/bench`` found walking up from it, or ``MASTCELL_BENCH`` naming the folder),
never copied, and timed in the same process as every figure it divides, so that a loaded
machine cancels out of the ratios. Absolute times vary with the load; compare ratios from one
run.

Figures, for the engine (``mastcell.evaluate`` / ``mastcell.engine.decide``; the old engine,
the oracle of issue 20, is removed and its columns with it):

- ``evaluate()`` over the bundled examples and the golden patients, x F;
- JSON text to compact report JSON (``patient_from_json`` -> evaluate -> ``compact_json``; the
  compact report is written from the decisions, without text), x F;
- a cohort on one core, compact output, generated patients (``benchmarks/cohort.py``'s
  generator): patients per second through the worker's loop; and ``mastcell cohort
  --compact --workers 1`` end to end;
- the columnar path (``mastcell.columns``, ``mastcell cohort --columnar``): the share of the
  generated patients it decides, and patients per second against the per-patient loop, on
  the generated patients and on the same patients reduced to what its rules cover;
- the first evaluation in a fresh process (after ``import mastcell``), ms;
- ``import mastcell`` against ``import attrs, cattrs, pint``, whole ``python -c`` processes;
- where the first evaluation's time goes (``benchmarks/cold.py``: CPU time per phase and per
  module).

The package's bytecode is compiled before the fresh-process figures, as installing the wheel
does.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import mastcell
from mastcell import evaluate, patient_from_json
from mastcell.cohort.compact import compact_json
from mastcell.engine import decide, parse_time

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLES = Path(mastcell.__file__).parent / "examples"
GOLDEN = REPO / "tests" / "golden" / "patients.jsonl.gz"
AT = parse_time("2026-11-22T12:00:00+00:00")


def reference_module() -> ModuleType:
    """``shared/bench/reference.py``: imported from where it lives, with a clear error if absent."""
    folders = [Path(os.environ["MASTCELL_BENCH"])] if "MASTCELL_BENCH" in os.environ else []
    folders += [parent / "shared" / "bench" for parent in REPO.parents]
    for folder in folders:
        if (folder / "reference.py").is_file():
            sys.path.insert(0, str(folder))
            import reference

            return reference
    raise SystemExit(
        "benchmarks/run.py: F (shared/bench/reference.py) was not found in a 'shared/bench' "
        f"folder above {REPO}; check out the project's shared folder beside the repository, "
        "or set MASTCELL_BENCH to the folder holding reference.py"
    )


def once(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of ``repeat`` single calls (for many patients, each timed once or a few times)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def spread(values: list[float]) -> str:
    """Median and range of ratios, as the table shows them."""
    values = sorted(values)
    return f"{statistics.median(values):.0f}× ({values[0]:.0f}-{values[-1]:.0f}×)"


def processes(statement: str, runs: int, *args: str) -> float:
    """Median wall time of a fresh interpreter running ``statement``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement, *args], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_FIRST = """
import sys, time
import mastcell
{engine}
patient = mastcell.patient_from_json(open(sys.argv[1]).read())
start = time.perf_counter()
run(patient, at="2026-11-22T12:00:00Z")
print(time.perf_counter() - start)
"""
_ENGINES = {
    "evaluate": "from mastcell import evaluate as run",
    "decide, no text": "from mastcell.engine import decide as run",
}


def first_evaluation(example: Path, runs: int) -> dict[str, float]:
    """Median seconds of the first evaluation after ``import mastcell``, per engine."""
    out = {}
    for name, engine in _ENGINES.items():
        code = _FIRST.format(engine=engine)
        times = [
            float(
                subprocess.run(
                    [sys.executable, "-c", code, str(example)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
            for _ in range(runs)
        ]
        out[name] = statistics.median(times)
    return out


def golden_lines() -> list[str]:
    """The golden patients, one JSON text each."""
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def cohort_lines(count: int) -> list[str]:
    """``count`` generated patients (benchmarks/cohort.py's generator, seeded), as JSON lines."""
    sys.path.insert(0, str(HERE))
    from cohort import patient

    rng = random.Random(11)
    return [json.dumps(patient(rng, i)) for i in range(count)]


def fitting_lines(count: int) -> list[str]:
    """The generated patients reduced to what the columnar rules cover (``columnar_fit``)."""
    sys.path.insert(0, str(HERE))
    from cohort import columnar_fit, patient

    rng = random.Random(11)
    return [json.dumps(columnar_fit(patient(rng, i))) for i in range(count)]


def columnar_share(lines: list[str]) -> float:
    """The share of the lines (evaluable ones) whose patient the columnar path decides."""
    from mastcell.columns import compact_texts

    patients = [patient_from_json(line) for line in lines]
    texts = compact_texts(patients, at=AT)
    return sum(t is not None for t in texts) / len(texts)


def columnar_loop(lines: list[str]) -> None:
    """The columnar worker loop: chunks of JSON lines to compact JSON (fallback included)."""
    from mastcell.cohort.stream import COLUMNAR_CHUNK, _columnar_work
    from mastcell.model import Category

    args = (AT, frozenset(Category), mastcell.Options(), "compact-json")
    for start in range(0, len(lines), COLUMNAR_CHUNK):
        _columnar_work(start, lines[start : start + COLUMNAR_CHUNK], *args)


def compact_new(text: str) -> str:
    """JSON text to compact report JSON (decided, no text written)."""
    return compact_json(decide(patient_from_json(text), at=AT))


def cli_cohort(lines: list[str], *extra: str) -> float:
    """Patients per second through ``mastcell cohort --compact --workers 1``."""
    from mastcell.cli import main

    with tempfile.TemporaryDirectory() as folder:
        src = Path(folder) / "in.jsonl"
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        with open(os.devnull, "w") as null:
            saved, sys.stderr = sys.stderr, null
            try:
                status = main(
                    ["cohort", str(src), "--at", AT.isoformat(), "--compact", "--workers", "1",
                     "--out", str(Path(folder) / "out.ndjson"), *extra]
                )  # fmt: skip
            finally:
                sys.stderr = saved
        assert status == 0, status
        return len(lines) / (time.perf_counter() - start)


def columnar(generated: list[str]) -> None:
    """The columnar path (``mastcell.columns``): its share and its rates, against per patient."""
    fitting = fitting_lines(len(generated))
    share, share_fit = columnar_share(generated), columnar_share(fitting)
    rates: dict[str, float] = {}
    f_start = reference_module().f_seconds()
    for _ in range(3):  # alternating rounds, the best of each
        for name, lines, fn in (
            ("generated, per patient", generated, lambda ls: [compact_new(t) for t in ls]),
            ("generated, columnar", generated, columnar_loop),
            ("fitting, per patient", fitting, lambda ls: [compact_new(t) for t in ls]),
            ("fitting, columnar", fitting, columnar_loop),
        ):
            start = time.perf_counter()
            fn(lines)
            rate = len(lines) / (time.perf_counter() - start)
            rates[name] = max(rates.get(name, 0.0), rate)
    f_now = (f_start + reference_module().f_seconds()) / 2
    cli_generated = cli_cohort(generated, "--columnar")
    cli_fitting = cli_cohort(fitting, "--columnar")
    print(
        f"\nColumnar path (mastcell.columns), one core, compact output, {len(generated)} "
        "patients (best of 3 alternating rounds); 'fitting': the same generated patients "
        "reduced to what the columnar rules cover (benchmarks/cohort.py columnar_fit):\n"
    )
    print(f"Share decided by the columnar path: generated {share:.1%}, fitting {share_fit:.1%}\n")
    print("| cohort | per patient | columnar (fallback included) |")
    print("|---|---|---|")
    for cohort in ("generated", "fitting"):
        one, col = rates[f"{cohort}, per patient"], rates[f"{cohort}, columnar"]
        print(
            f"| {cohort}, worker loop | {one:.0f} patients/s ({1 / one / f_now:.0f}× F) | "
            f"{col:.0f} patients/s ({1 / col / f_now:.0f}× F) |"
        )
    print(
        f"| `mastcell cohort --compact --columnar --workers 1` | - | generated {cli_generated:.0f}"
        f" patients/s, fitting {cli_fitting:.0f} patients/s |"
    )


def main() -> None:
    """Measure and print every figure, with F from the same run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=7, help="fresh-process runs")
    parser.add_argument("--cohort", type=int, default=2000, help="generated patients")
    parser.add_argument(
        "--columnar-only", action="store_true", help="only the columnar path's figures"
    )
    args = parser.parse_args()
    if args.columnar_only:
        columnar(cohort_lines(args.cohort))
        return
    reference = reference_module()
    f_before = reference.f_seconds()
    timeit: Callable[..., float] = reference.timeit

    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores; F = {f_before * 1e6:.2f} µs\n"
    )
    print("| example | recommendations | evaluate() | JSON → compact JSON | F for the row |")
    print("|---|---|---|---|---|")
    for path in sorted(EXAMPLES.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        patient = patient_from_json(text)
        evaluate(patient, at=AT)  # rules, templates and unit factors loaded once per process
        f_now = reference.f_seconds()  # F beside each row: the load drifts during a run
        figures = [
            timeit(lambda p=patient: evaluate(p, at=AT)),
            timeit(compact_new, text),
        ]
        f_now = (f_now + reference.f_seconds()) / 2
        n = len(evaluate(patient, at=AT))
        print(
            f"| {path.stem} | {n} | "
            + " | ".join(f"{x / f_now:.0f}× F" for x in figures)
            + f" | {f_now * 1e6:.1f} µs |"
        )

    lines, patients = [], []
    for line in golden_lines():  # those that can be evaluated at AT (a few hold later dates)
        p = patient_from_json(line)
        try:
            decide(p, at=AT)
        except mastcell.InputError:
            continue
        lines.append(line)
        patients.append(p)
    columns: dict[str, list[float]] = {"new": [], "decide": [], "jnew": []}
    f_golden = []
    for i, (line, p) in enumerate(zip(lines, patients, strict=True)):
        if i % 50 == 0:  # F beside every 50 patients: the load drifts during a run
            f_now = reference.f_seconds()
            f_golden.append(f_now)
        columns["new"].append(once(lambda p=p: evaluate(p, at=AT)) / f_now)
        columns["decide"].append(once(lambda p=p: decide(p, at=AT)) / f_now)
        columns["jnew"].append(once(lambda t=line: compact_new(t)) / f_now)
    print(
        f"\nGolden patients ({len(lines)}), at {AT.isoformat()}, best of 3 single calls, "
        f"median (range); F beside every 50 patients, {min(f_golden) * 1e6:.1f}-"
        f"{max(f_golden) * 1e6:.1f} µs:\n"
    )
    print("| figure | measured |")
    print("|---|---|")
    print(f"| `evaluate()` | {spread(columns['new'])} |")
    print(f"| `decide()` (no text) | {spread(columns['decide'])} |")
    print(f"| JSON text → compact report JSON | {spread(columns['jnew'])} |")

    generated = cohort_lines(args.cohort)
    rate = 0.0
    f_cohort = reference.f_seconds()
    for _ in range(3):  # three rounds, the best: the load moves under a long loop
        start = time.perf_counter()
        for line in generated:
            compact_new(line)
        rate = max(rate, len(generated) / (time.perf_counter() - start))
    f_cohort = (f_cohort + reference.f_seconds()) / 2
    cli = cli_cohort(generated)
    f_after = reference.f_seconds()
    print(
        f"\nCohort, one core, compact output, {len(generated)} generated patients "
        "(best of 3 rounds):\n"
    )
    print("| figure | measured |")
    print("|---|---|")
    print(
        f"| worker loop (JSON line → compact JSON) | {rate:.0f} patients/s "
        f"({1 / rate / f_cohort:.0f}× F) |"
    )
    print(f"| `mastcell cohort --compact --workers 1` | {cli:.0f} patients/s |")
    columnar(generated)

    # As installing the wheel does: otherwise, with PYTHONDONTWRITEBYTECODE set, every fresh
    # process would compile the package's sources again and the figures would measure that.
    compileall.compile_dir(Path(mastcell.__file__).parent, quiet=1)
    first = first_evaluation(EXAMPLES / "mcas-leukopenia.json", args.processes)
    deps = processes("import attrs, cattrs, pint", args.processes)
    ours = processes("import mastcell", args.processes)
    print("\nFresh processes (median of", args.processes, "runs):\n")
    print("| figure | measured |")
    print("|---|---|")
    for name, seconds in first.items():
        print(f"| first evaluation after import ({name}) | {seconds * 1e3:.0f} ms |")
    print(f'| `python -c "import attrs, cattrs, pint"` | {deps:.3f} s |')
    print(f'| `python -c "import mastcell"` | {ours:.3f} s ({ours / deps:.2f}×) |')
    print(
        f"\nF at the start and the end of the run: {f_before * 1e6:.2f} µs, {f_after * 1e6:.2f} µs"
    )
    print(
        "Goals (issue 20): evaluate() <= 10× F, JSON -> compact JSON <= 20× F, cohort >= 3,000 "
        "patients/s, first evaluation <= 30 ms, import <= 1.0×."
    )
    print("\nWhere the first evaluation's time goes (benchmarks/cold.py):\n", flush=True)
    subprocess.run(
        [sys.executable, str(HERE / "cold.py"), "--processes", str(args.processes)], check=True
    )


if __name__ == "__main__":
    main()
