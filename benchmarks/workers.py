"""Workers against input size: from how many patients do two worker processes beat one?

Run: ``python benchmarks/workers.py [--sizes 50 100 200 400 800 1600] [--repeat 3]``.

For each size, a fresh Python process evaluates that many patients of the synthetic cohort of
``benchmarks/cohort.py`` with :func:`mastcell.evaluate_many`, once in the calling process
(``workers=1``) and once with two worker processes (``workers=2``, forkserver start, pool
start and the pickling of chunks included: what a ``mastcell cohort`` run pays), and reports
the best wall time of ``--repeat`` runs. The size where two workers start to win is what
``mastcell.cohort.pool.PER_WORKER`` is set from (docs/benchmarks.md, "Workers by input size").
The load average is printed before and after: on a shared machine the figures move with it,
so the script also measures the two costs that decide the crossover, which load moves less:
the start-up of two workers (the wall time of one patient with two workers, less with one)
and the CPU time of one patient in this process; on an idle machine with two free cores two
workers win from about ``2 x start-up / CPU per patient`` patients.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cohort import AT, write_cohort

import mastcell

TIMED = """
import sys, time
import mastcell
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[: int(sys.argv[2])]
started, cpu = time.perf_counter(), time.process_time()
out = list(mastcell.evaluate_many(lines, at=sys.argv[3], workers=int(sys.argv[4])))
print(time.perf_counter() - started, time.process_time() - cpu)
assert len(out) == len(lines)
"""


def timed(path: Path, count: int, workers: int) -> float:
    """Seconds for ``count`` patients with ``workers``, in a fresh process."""
    return measured(path, count, workers)[0]


def measured(path: Path, count: int, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the calling process) for ``count`` patients."""
    done = subprocess.run(
        [sys.executable, "-c", TIMED, str(path), str(count), AT.isoformat(), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu = done.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400, 800, 1600])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.jsonl"
        write_cohort(path, max(args.sizes))
        start = min(timed(path, 1, 2) for _ in range(5)) - min(timed(path, 1, 1) for _ in range(5))
        cpu = min(measured(path, 400, 1)[1] for _ in range(args.repeat)) / 400
        print(f"start-up of 2 workers: {start:.2f} s; CPU per patient: {cpu * 1000:.2f} ms")
        print(f"two workers win (idle machine, 2 free cores) from about {2 * start / cpu:.0f}")
        print("patients | 1 worker | 2 workers | 2 over 1")
        for count in args.sizes:
            one = min(timed(path, count, 1) for _ in range(args.repeat))
            two = min(timed(path, count, 2) for _ in range(args.repeat))
            print(f"{count:8d} | {one:6.2f} s | {two:7.2f} s | {one / two:.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
