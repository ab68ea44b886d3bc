"""Benchmarks: evaluate() and JSON-to-JSON against a canonical-float reference, cold import.

Run: ``python benchmarks/run.py`` (or ``nox -s bench``). Prints a Markdown table of medians and
ratios measured in one run, so that the ratios are comparable even where absolute times are
not. Targets (issue #2): evaluate() <= 10x the reference; JSON to JSON <= 20x; a cold
``import mastcell`` no slower than ``import attrs, cattrs, pint``.

JSON to JSON is text in, compact report JSON out (``to_json(indent=None)``: what a service
sends; indenting makes the standard library's encoder fall back to pure Python, about 2.5x
slower). The reference is a hand-written function of 40 threshold comparisons on canonical floats: the
cost of the clinical decisions themselves with no model, no tracing and no report.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import mastcell
from mastcell import evaluate, patient_from_json
from mastcell.engine import parse_time

EXAMPLES = Path(mastcell.__file__).parent / "examples"
AT = parse_time("2026-11-22T12:00:00+00:00")


def reference(values: list[float]) -> int:
    """40 threshold comparisons on canonical floats (the shape of the clinical decisions)."""
    anc, plt, hb, tryptase, lte4, pgf2a, nmh, weight = values
    fired = 0
    fired += anc < 1.0
    fired += anc < 0.5
    fired += anc >= 1.0
    fired += anc < 1.5
    fired += plt < 50
    fired += plt < 25
    fired += plt >= 50
    fired += plt < 75
    fired += plt < 100
    fired += hb < 8.0
    fired += hb >= 8.0
    fired += hb < 10.0
    fired += tryptase > 20
    fired += tryptase >= 8
    fired += tryptase > 200
    fired += tryptase > 1.2 * 5.0 + 2
    fired += lte4 > 104
    fired += pgf2a > 1802
    fired += nmh > 200
    fired += nmh > 330
    fired += weight >= 30
    fired += weight >= 15
    fired += weight >= 7.5
    fired += anc < 1.0 and plt < 100
    fired += hb < 10 or plt < 100
    fired += anc * 1000 < 500
    fired += plt * 1000 < 50000
    fired += tryptase * 1.2 > 10
    fired += lte4 * 1.0 > 100
    fired += pgf2a > 1000
    fired += weight < 30
    fired += weight < 15
    fired += anc > 0
    fired += plt > 0
    fired += hb > 0
    fired += tryptase > 0
    fired += lte4 > 0
    fired += pgf2a > 0
    fired += nmh > 0
    fired += weight > 0
    return fired


def median_seconds(fn: Callable[[], object], *, repeat: int, number: int) -> float:
    """Median over ``repeat`` runs of the mean time of ``number`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def cold_import(statement: str, runs: int) -> float:
    """Median wall time of a fresh interpreter running ``statement``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


_FIRST_EVALUATION = """
import statistics, sys, time
import mastcell
patient = mastcell.patient_from_json(open(sys.argv[1]).read())
start = time.perf_counter()
mastcell.evaluate(patient, at="2026-11-22T12:00:00Z")
first = time.perf_counter() - start
steady = []
for _ in range(50):
    start = time.perf_counter()
    mastcell.evaluate(patient, at="2026-11-22T12:00:00Z")
    steady.append(time.perf_counter() - start)
print(first, statistics.median(steady))
"""


def first_evaluation(example: Path, runs: int) -> tuple[float, float]:
    """Medians over fresh interpreters: the first ``evaluate()`` after import, and the steady one."""
    firsts, steadies = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _FIRST_EVALUATION, str(example)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        firsts.append(float(out[0]))
        steadies.append(float(out[1]))
    return statistics.median(firsts), statistics.median(steadies)


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=200)
    parser.add_argument("--imports", type=int, default=11, help="cold-import runs")
    args = parser.parse_args()

    values = [0.8, 112.0, 10.9, 14.2, 146.0, 2150.0, 180.0, 78.0]
    ref = median_seconds(lambda: reference(values), repeat=args.repeat, number=args.number * 50)

    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; median of {args.repeat} x {args.number} calls\n"
    )
    print(f"Reference (40 comparisons on canonical floats): {ref * 1e6:.2f} µs\n")
    print(
        "| example | recommendations | evaluate() | × reference | JSON → report JSON "
        "| × reference |"
    )
    print("|---|---|---|---|---|---|")
    for path in sorted(EXAMPLES.glob("*.json")):
        text = path.read_text()
        patient = patient_from_json(text)
        evaluate(patient, at=AT)  # warm: rule modules and unit factors loaded once per process
        ev = median_seconds(
            lambda p=patient: evaluate(p, at=AT), repeat=args.repeat, number=args.number
        )
        jj = median_seconds(
            lambda t=text: evaluate(patient_from_json(t), at=AT).to_json(indent=None),
            repeat=args.repeat,
            number=args.number,
        )
        n = len(evaluate(patient, at=AT))
        print(
            f"| {path.stem} | {n} | {ev * 1e6:.0f} µs | {ev / ref:.0f}× | {jj * 1e6:.0f} µs "
            f"| {jj / ref:.0f}× |"
        )

    deps = cold_import("import attrs, cattrs, pint", args.imports)
    ours = cold_import("import mastcell", args.imports)
    first = cold_import(
        "import mastcell; mastcell.evaluate(mastcell.patient_from_json(open("
        f"{json.dumps(str(EXAMPLES / 'mcas-leukopenia.json'))}).read()), "
        "at='2026-11-22T12:00:00Z')",
        args.imports,
    )
    print("\n| cold start (fresh interpreter, median) | seconds |")
    print("|---|---|")
    print(f'| `python -c "import attrs, cattrs, pint"` | {deps:.3f} |')
    print(f'| `python -c "import mastcell"` | {ours:.3f} ({ours / deps:.2f}×) |')
    print(
        f"| import, read one example, evaluate it (loads the rules; documented unit "
        f"spellings need no pint) | {first:.3f} |"
    )
    once, steady = first_evaluation(EXAMPLES / "mcas-leukopenia.json", args.imports)
    print(
        f"\nfirst evaluate() in a fresh process (after import; loads the rules): "
        f"{once * 1e3:.1f} ms; steady: {steady * 1e3:.2f} ms ({once / steady:.0f}×)"
    )


if __name__ == "__main__":
    main()
