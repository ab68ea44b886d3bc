"""Which rules keep the generated cohort off the columnar path, per patient.

Run: ``python benchmarks/columnar_blockers.py [--patients 2000]``. For each patient of
benchmarks/cohort.py's generator (seeded as benchmarks/run.py seeds it), the rules the
engine runs for them (their declared triggers hold) that have no columnar version
(:data:`mastcell.columns.COLUMN_RULES`) or whose version does not decide them; prints, per
rule, how many patients it blocks, for how many it is the only blocker, and how many of its
recommendations the engine gives; then the patients whose shape (a field no columnar rule
reads: pain, procedures...) sends them to the engine whatever the rules. The order of the
table is the order in which columnar versions would unlock a share.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cohort import AT, patient

from mastcell import patient_from_json
from mastcell.columns import COLUMN_RULES
from mastcell.columns.declared import medications_absent
from mastcell.columns.evaluate import gated
from mastcell.columns.frame import patients_frame
from mastcell.engine import decide
from mastcell.knowledge.options import Options
from mastcell.rules.registry import registered_rules


def main() -> None:
    """Print the table."""
    import polars as pl

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--patients", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(11)
    patients = [patient_from_json(json.dumps(patient(rng, i))) for i in range(args.patients)]
    rules = registered_rules()
    versions = {v.rule: v for v in COLUMN_RULES}
    blocks = []
    for r in rules:
        version = versions.get(r.name)
        if version is None:
            blocks.append(gated(r).alias(r.name))
            continue
        decides = version.decides(Options())
        if version.stages is not None:
            decides = decides & medications_absent(
                read for stage in r.stages[: version.stages] for read in stage
            )
        blocks.append((gated(r) & ~decides).alias(r.name))
    frame = patients_frame(patients, AT)
    table = frame.select(pl.col("shape"), *blocks)
    fired: collections.Counter[str] = collections.Counter()
    by_code = {code: r.name for r in rules for code in r.codes}
    for p in patients:
        for d in decide(p, at=AT).decisions:
            fired[by_code[d.code]] += 1
    blocked: collections.Counter[str] = collections.Counter()
    only: collections.Counter[str] = collections.Counter()
    counts = []
    for row in table.iter_rows(named=True):
        names = [name for name in row if name != "shape" and row[name]]
        counts.append(len(names))
        for name in names:
            blocked[name] += 1
        if len(names) == 1:
            only[names[0]] += 1
    n = len(patients)
    print(f"{n} generated patients; shape unknown to the columnar path: {n - sum(table['shape'])}")
    print(f"blocking rules per patient: min {min(counts)}, median {sorted(counts)[n // 2]}\n")
    print("| rule | patients blocked | only blocker | recommendations given |")
    print("|---|---|---|---|")
    for name, count in blocked.most_common():
        print(
            f"| {name.removeprefix('mastcell.rules.')} | {count} | {only[name]} | {fired[name]} |"
        )


if __name__ == "__main__":
    main()
