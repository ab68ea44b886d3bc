"""Where decide(), evaluate() and JSON -> compact JSON spend their time, per golden patient.

Run: ``PYTHONPATH=src python benchmarks/hotpath.py`` (``--profile decide`` for a cProfile of
one path, ``--top N`` lines of it; ``--rounds`` timing rounds). It loads the golden patients
(``tests/golden/patients.jsonl.gz``), keeps those :func:`mastcell.engine.decide` accepts at
2026-11-22T12:00:00+00:00 (a few hold later dates), and times over all of them, in
alternating rounds (the best round of each): ``evaluate``, ``decide``, JSON text to compact
report JSON (``compact_json(decide(patient_from_json(line)))``) and ``patient_from_json``
alone, each as microseconds per patient and as a ratio to F (``shared/bench/reference.py``,
found as ``benchmarks/run.py`` finds it, timed before and after in the same process).

To compare two trees on a shared machine, run both in alternation (``--rounds`` small, a
few times each) and compare ratios to F rather than microseconds. ``--cpu`` times everything,
F included (``reference_rules`` imported from the reference and timed here), in CPU time of
this process (``time.process_time``): on a machine whose load average is several times its
cores, wall-clock time mostly measures the waits for a core, CPU time far less.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import AT, golden_lines, reference_module

import mastcell
from mastcell import evaluate, patient_from_json
from mastcell.cohort.compact import compact_json
from mastcell.engine import decide


def golden() -> tuple[list[str], list[mastcell.Patient]]:
    """The golden patients decide() accepts at AT: their JSON lines and their patients."""
    lines, patients = [], []
    for line in golden_lines():
        p = patient_from_json(line)
        try:
            decide(p, at=AT)
        except mastcell.InputError:
            continue
        lines.append(line)
        patients.append(p)
    return lines, patients


def paths(lines: list[str], patients: list[mastcell.Patient]) -> dict[str, Callable[[], object]]:
    """Each figure as a loop over every golden patient."""
    return {
        "evaluate": lambda: [evaluate(p, at=AT) for p in patients],
        "decide": lambda: [decide(p, at=AT) for p in patients],
        "json->compact": lambda: [compact_json(decide(patient_from_json(t), at=AT)) for t in lines],
        "patient_from_json": lambda: [patient_from_json(t) for t in lines],
    }


def cpu_f(reference: ModuleType, rounds: int = 7, calls: int = 20_000) -> float:
    """F in CPU time of this process: the reference's rules, median of ``rounds`` batches."""
    rules, labs, meds = reference.reference_rules, reference.LABS, reference.MEDS
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            rules(labs, meds)
        samples.append((time.process_time() - start) / calls)
    return statistics.median(samples)


def main() -> None:
    """Time every figure in alternating rounds, then profile one if asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="alternating timing rounds")
    parser.add_argument(
        "--profile",
        choices=["evaluate", "decide", "json->compact", "patient_from_json"],
        help="cProfile one figure",
    )
    parser.add_argument("--top", type=int, default=40, help="profile lines shown")
    parser.add_argument("--sort", default="tottime", help="pstats sort key")
    parser.add_argument("--cpu", action="store_true", help="CPU time of this process, F too")
    args = parser.parse_args()
    reference = reference_module()
    clock = time.process_time if args.cpu else time.perf_counter
    f_seconds = (lambda: cpu_f(reference)) if args.cpu else reference.f_seconds
    lines, patients = golden()
    loops = paths(lines, patients)
    for loop in loops.values():  # warm: rules, templates and unit factors loaded once
        loop()
    f_before = f_seconds()
    best = dict.fromkeys(loops, float("inf"))
    for _ in range(args.rounds):
        for name, loop in loops.items():
            start = clock()
            loop()
            best[name] = min(best[name], (clock() - start) / len(lines))
    f = (f_before + f_seconds()) / 2
    print(
        f"{len(lines)} golden patients at {AT.isoformat()}; F = {f * 1e6:.2f} µs "
        f"(before {f_before * 1e6:.2f})"
    )
    for name, seconds in best.items():
        print(f"{name:>18}: {seconds * 1e6:8.0f} µs per patient  {seconds / f:6.1f}× F")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(loops[args.profile])
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
