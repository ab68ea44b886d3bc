"""Cohort benchmarks: patients/s from JSON lines to NDJSON, pool scaling, Dask, memory, numpy.

Run: ``python benchmarks/cohort.py [--patients 4000] [--memory 2000 20000]`` (needs the
``cohort`` and ``dask`` extras and numpy). Prints the figures docs/benchmarks.md reports:

- JSON lines to NDJSON through ``mastcell cohort`` (in process), full and ``--compact``, with 1
  and 2 workers: patients/s, per core, and the speed-up of 2 workers over 1;
- the same cohort through :func:`mastcell.cohort.dask.evaluate_bag` on a 2-worker
  ``LocalCluster`` (processes), writing the same NDJSON text: its time over the 2-worker pool;
- peak memory (max RSS of a fresh process running ``mastcell cohort``) for a small and a
  10x larger cohort: flat when the run streams;
- the physical-limit anchor: the midostaurin ANC interrupt check (ANC < 1.0 x10^9/L on a
  patient taking midostaurin) vectorised with numpy over columns, per patient, against the
  explained per-patient path (``evaluate`` of the cytopenia category).

The patients are drawn by a deterministic generator (seeded ``random``) shaped like
tests/strategies.py's scenario patients.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import mastcell
from mastcell.cli import main as cli_main

AT = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
DRUGS = [
    "midostaurin",
    "cetirizine",
    "famotidine",
    "montelukast",
    "cromolyn",
    "aspirin",
    "morphine",
    "fentanyl",
    "omalizumab",
    "prednisone",
    "epinephrine",
    "avapritinib",
]
DIAGNOSES = ["mcas", "ism", "ssm", "asm", "cm", "sm-ahn", "mcl", "hat"]
LABS = [
    ("anc", "10*9/L", 4.0),
    ("platelets", "10*9/L", 300.0),
    ("hemoglobin", "g/dL", 16.0),
    ("tryptase", "ng/mL", 60.0),
    ("wbc", "10*9/L", 12.0),
    ("urine_lte4", "pg/mg{creat}", 300.0),
]


def patient(rng: random.Random, i: int) -> dict[str, Any]:
    """One realistic synthetic patient (interchange dict)."""
    labs = []
    for _ in range(rng.randint(2, 10)):
        analyte, unit, top = rng.choice(LABS)
        when = AT - timedelta(hours=rng.randint(1, 24 * 40))
        labs.append(
            {
                "analyte": analyte,
                "value": round(rng.uniform(0, top), 2),
                "unit": unit,
                "time": when.isoformat(),
            }
        )
    meds = [
        {
            "drug": d,
            "status": rng.choice(["active", "active", "held"]),
            "start": (AT - timedelta(days=rng.randint(30, 200))).date().isoformat(),
        }
        for d in rng.sample(DRUGS, rng.randint(0, 4))
    ]
    for m in meds:
        if m["status"] == "held":
            m["held_since"] = (AT - timedelta(days=rng.randint(0, 25))).date().isoformat()
    out: dict[str, Any] = {
        "id": f"p{i}",
        "birth_date": (AT - timedelta(days=rng.randint(2000, 30000))).date().isoformat(),
        "weight": {"value": rng.choice([15, 30, 60, 80]), "unit": "kg"},
        "diagnoses": rng.sample(DIAGNOSES, rng.randint(1, 2)),
        "labs": labs,
        "medications": meds,
    }
    if rng.random() < 0.3:
        out["pain"] = {"score": rng.randint(0, 10)}
    if rng.random() < 0.2:
        out["procedures"] = [
            {
                "kind": "dental",
                "date": (AT + timedelta(days=10)).date().isoformat(),
                "anesthesia": "local",
                "planned_agents": ["lidocaine"],
            }
        ]
    return out


def columnar_fit(data: dict[str, Any]) -> dict[str, Any]:
    """The patient reduced to what the columnar rules of ``mastcell.columns`` cover today.

    Diagnosis HaT only (no mast cell disorder: the anti-mediator, emergency, analgesia and
    perioperative rules, not converted yet, apply to every other generated patient), no
    medication, pain or procedure, and only the results no rule without a columnar version
    is triggered by (haemoglobin, urinary LTE4).
    """
    out = {k: v for k, v in data.items() if k not in ("medications", "pain", "procedures")}
    out["diagnoses"] = ["hat"]
    out["labs"] = [lab for lab in data["labs"] if lab["analyte"] in ("hemoglobin", "urine_lte4")]
    return out


def write_cohort(path: Path, count: int, seed: int = 11) -> None:
    """Write ``count`` patients as JSON lines."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps(patient(rng, i)) + "\n")


def run_cli(src: Path, out: Path, *extra: str) -> float:
    """Seconds for ``mastcell cohort`` in this process."""
    start = time.perf_counter()
    with open(os.devnull, "w") as null:
        saved, sys.stderr = sys.stderr, null
        try:
            command = ["cohort", str(src), "--at", AT.isoformat(), "--out", str(out)]
            status = cli_main([*command, "--overwrite", *extra])
        finally:
            sys.stderr = saved
    assert status == 0, status
    return time.perf_counter() - start


def run_dask(src: Path, out: Path, workers: int) -> tuple[float, float]:
    """(seconds for the run, seconds to start the cluster) with Dask writing the same NDJSON."""
    import dask.bag as db
    from distributed import Client, LocalCluster

    from mastcell.cohort.stream import stream

    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
        ) as cluster,
        Client(cluster) as client,
    ):
        started = time.perf_counter() - start
        t0 = time.perf_counter()
        options = mastcell.Options()
        from mastcell.model import Category

        def part(lines: list[str]) -> list[str]:
            return [
                text
                for _, text in stream(
                    lines,
                    at=AT,
                    categories=frozenset(Category),
                    options=options,
                    workers=1,
                    output="json",
                )
            ]

        bag = db.read_text(str(src), blocksize="256KiB").map_partitions(part)
        # Partitions run concurrently (at most 2 per worker in flight) and are written in
        # input order, as the process pool does: computing them one by one would leave all
        # but one worker idle.
        in_flight: deque[Any] = deque()
        with open(out, "w", encoding="utf-8") as f:
            for partition in bag.to_delayed():
                in_flight.append(client.compute(partition))
                if len(in_flight) > 2 * workers:
                    f.writelines(line + "\n" for line in in_flight.popleft().result())
            while in_flight:
                f.writelines(line + "\n" for line in in_flight.popleft().result())
        return time.perf_counter() - t0, started


def peak_rss_mb(src: Path, out: Path, workers: int) -> float:
    """Max RSS (MB) of a fresh process running ``mastcell cohort`` (its pool's workers apart)."""
    code = (
        "import resource, sys; from mastcell.cli import main; "
        f"main(['cohort', {str(src)!r}, '--at', {AT.isoformat()!r}, '--out', {str(out)!r}, "
        f"'--workers', '{workers}', '--overwrite']); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def numpy_anchor(count: int) -> tuple[float, float]:
    """(seconds per patient vectorised, seconds per patient through evaluate) for the ANC rule."""
    import numpy as np

    from mastcell import evaluate, patient_from_dict

    rng = np.random.default_rng(5)
    anc = rng.uniform(0, 4, count)
    on_midostaurin = rng.random(count) < 0.5
    reps = 50
    start = time.perf_counter()
    for _ in range(reps):
        interrupt = on_midostaurin & (anc < 1.0)
    vector = (time.perf_counter() - start) / reps / count
    assert interrupt.dtype == bool
    patients = [
        patient_from_dict(
            {
                "id": f"n{i}",
                "diagnoses": ["asm"],
                "medications": [{"drug": "midostaurin"}] if on_midostaurin[i] else [],
                "labs": [
                    {
                        "analyte": "anc",
                        "value": float(anc[i]),
                        "unit": "10*9/L",
                        "time": (AT - timedelta(hours=6)).isoformat(),
                    }
                ],
            }
        )
        for i in range(500)
    ]
    start = time.perf_counter()
    for p in patients:
        evaluate(p, at=AT, categories=["cytopenia"])
    return vector, (time.perf_counter() - start) / len(patients)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=4000)
    parser.add_argument("--memory", type=int, nargs=2, default=(2000, 20000))
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument(
        "--only", choices=("rates", "memory", "numpy"), help="run one part of the benchmark"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mastcell-bench-"))
    src = tmp / "cohort.jsonl"
    write_cohort(src, args.patients)
    n = args.patients
    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {n} patients\n"
    )
    if args.only in (None, "rates"):
        rates(args, src, tmp, n)
    if args.only in (None, "memory"):
        memory(args, tmp)
    if args.only in (None, "numpy"):
        vector, explained = numpy_anchor(1_000_000)
        print(
            f"\nmidostaurin ANC check: numpy {vector * 1e9:.1f} ns/patient; evaluate(cytopenia) "
            f"{explained * 1e6:.0f} µs/patient ({explained / vector:,.0f}x)"
        )


def rates(args: argparse.Namespace, src: Path, tmp: Path, n: int) -> None:
    """Patients/s full and compact with 1 and 2 workers, and Dask against the pool."""
    rows = []
    times: dict[str, float] = {}
    for label, extra in (("full", ()), ("compact", ("--compact",))):
        for workers in (1, 2):
            seconds = run_cli(src, tmp / "out.ndjson", "--workers", str(workers), *extra)
            times[f"{label}-{workers}"] = seconds
            rows.append((label, workers, seconds, n / seconds, n / seconds / workers))
    print("| output | workers | seconds | patients/s | per core |\n|---|---|---|---|---|")
    for label, workers, seconds, rate, per_core in rows:
        print(f"| {label} | {workers} | {seconds:.2f} | {rate:.0f} | {per_core:.0f} |")
    print()
    for label in ("full", "compact"):
        print(f"2 workers over 1 ({label}): {times[f'{label}-1'] / times[f'{label}-2']:.2f}x")
    size_compact = (tmp / "out.ndjson").stat().st_size  # the last run was compact
    run_cli(src, tmp / "full.ndjson", "--workers", "1")
    print(
        f"output per patient: full {(tmp / 'full.ndjson').stat().st_size / n / 1024:.1f} KB, "
        f"compact {size_compact / n / 1024:.2f} KB"
    )
    if not args.skip_dask:
        dask_seconds, startup = run_dask(src, tmp / "dask.ndjson", 2)
        print(
            f"\nDask LocalCluster (2 processes): {dask_seconds:.2f} s after a {startup:.1f} s start "
            f"= {dask_seconds / times['full-2']:.2f}x the 2-worker pool"
        )


def memory(args: argparse.Namespace, tmp: Path) -> None:
    """Peak RSS for a small and a ten times larger cohort."""
    small, large = args.memory
    write_cohort(tmp / "small.jsonl", small)
    write_cohort(tmp / "large.jsonl", large)
    for workers in (1, 2):
        a = peak_rss_mb(tmp / "small.jsonl", tmp / "m.ndjson", workers)
        b = peak_rss_mb(tmp / "large.jsonl", tmp / "m.ndjson", workers)
        print(
            f"\npeak RSS, {workers} worker(s): {small} patients {a:.0f} MB, "
            f"{large} patients {b:.0f} MB"
        )


if __name__ == "__main__":
    main()
