"""Memory stays flat: many evaluations of distinct patients with 1 MB drug names.

Run: ``python benchmarks/memory.py [--count 200000] [--name-bytes 1000000] [--places all]``.
Each patient has a different 1 MB drug name (the names a drug cache would key on), so a cache
bounded only by entries would keep gigabytes. ``--places medication`` puts it on a medication
only (the drug lookup, vetting and did-you-mean paths); ``--places all`` (the default) also as
a planned agent and a recorded reaction, which every free-text scan reads too. The script prints the
resident set size (RSS) at checkpoints; flat means the last checkpoint is within a few MB of
the first after warm-up.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import time
from datetime import UTC, date, datetime

import mastcell
from mastcell import Medication, Patient, Procedure, Reaction, evaluate

AT = datetime(2026, 11, 22, 12, tzinfo=UTC)


def rss_mb() -> float:
    """The current resident set size in MB (Linux /proc; else the peak from getrusage)."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def patient(i: int, name_bytes: int, places: str = "all") -> Patient:
    """A distinct patient whose drug (and planned agent and reaction) names are ``name_bytes`` long."""
    name = f"{i:09d}" + "x" * (name_bytes - 9)
    if places == "medication":
        return Patient(
            id=f"memory-{i}",
            diagnoses=("ism",),
            medications=(Medication(drug=name), Medication(drug="famotidine")),
        )
    return Patient(
        id=f"memory-{i}",
        diagnoses=("ism",),
        medications=(Medication(drug=name), Medication(drug="famotidine")),
        procedures=(Procedure(kind="surgery", date=date(2026, 12, 1), planned_agents=(name,)),),
        reactions=(Reaction(agent=name),),
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print RSS checkpoints as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000, help="evaluations (default 200000)")
    parser.add_argument("--name-bytes", type=int, default=1_000_000, help="name length")
    parser.add_argument("--checkpoints", type=int, default=10)
    parser.add_argument(
        "--places",
        choices=("all", "medication"),
        default="all",
        help="where the long name goes: a medication only, or also a planned agent and a reaction",
    )
    args = parser.parse_args(argv)
    every = max(1, args.count // args.checkpoints)
    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; {args.count} evaluations, names of {args.name_bytes} bytes "
        f"({args.places})"
    )
    print()
    print("| evaluations | RSS (MB) | seconds |")
    print("|---|---|---|")
    start = time.perf_counter()
    first: float | None = None
    for i in range(1, args.count + 1):
        report = evaluate(patient(i, args.name_bytes, args.places), at=AT)
        assert report.unused_inputs or report.recommendations
        del report
        if i % every == 0 or i == args.count:
            gc.collect()
            now = rss_mb()
            first = now if first is None else first
            print(f"| {i} | {now:.1f} | {time.perf_counter() - start:.0f} |", flush=True)
    assert first is not None
    growth = rss_mb() - first
    print()
    print(f"RSS growth after the first checkpoint: {growth:+.1f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS of the process: {peak:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
