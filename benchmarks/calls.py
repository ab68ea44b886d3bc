"""Python function calls per evaluate() and best-of times, per bundled example.

Run: ``PYTHONPATH=src python benchmarks/calls.py`` (``--json`` for machine-readable output).
Calls per evaluation are counted with cProfile (every Python function and builtin call): they do
not depend on the machine's load, so they are the primary measure of overhead; the times are the
best of several rounds of 40 evaluations each, without the profiler. To compare two commits, run
it in a checkout of each (``git archive <commit> src | tar -x -C /tmp/before``, then
``PYTHONPATH=/tmp/before/src python benchmarks/calls.py``), alternating, and keep each best.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import time
from collections.abc import Callable

from mastcell import Patient, evaluate
from mastcell.examples import load, names

AT = "2026-11-22T12:00:00+00:00"


def calls_per_run(run: Callable[[], object], repeat: int = 10) -> float:
    """Function calls per ``run()``, averaged over ``repeat`` profiled runs."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        run()
    profile.disable()
    return pstats.Stats(profile).total_calls / repeat


def best_time(run: Callable[[], object], rounds: int = 15, number: int = 40) -> float:
    """The best mean time of one ``run()`` over ``rounds`` rounds of ``number`` runs."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            run()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--engine",
        choices=("new", "decide"),
        default="new",
        help="evaluate() (new), or decide() without text (the oracle, old, is removed)",
    )
    args = parser.parse_args()
    from mastcell.engine import decide

    chosen: Callable[..., object] = decide if args.engine == "decide" else evaluate
    rows = {}
    for name in names():
        patient = load(name)

        def run(patient: Patient = patient) -> object:
            return chosen(patient, at=AT)

        run()  # rules loaded, caches warm
        rows[name] = {"calls": calls_per_run(run), "best_ms": best_time(run) * 1e3}
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| example | calls / evaluation | best time (ms) |")
    print("|---|---:|---:|")
    for name, row in rows.items():
        print(f"| {name} | {row['calls']:,.0f} | {row['best_ms']:.2f} |")


if __name__ == "__main__":
    main()
