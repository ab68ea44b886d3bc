"""Where the first evaluation in a fresh process spends its time, phase by phase and by module.

Run: ``python benchmarks/cold.py [--processes N] [--top N]`` (``benchmarks/run.py`` runs it
after its own fresh-process figures). Each of N fresh interpreters imports mastcell, reads the
example, then times, in CPU time of that process (``time.process_time``, which another job on
the machine inflates less than the wall clock): loading the rule table (the rule modules and
everything they import), the scan index of drug names, then the first evaluation itself (with
the template modules of the codes it renders) and a second one for comparison. A first
evaluation pays the first three; the last is what it would cost with everything loaded.
Printed: the median of each over the processes, the own time of each module loaded on the way
(its code read and run, less the modules it imports), summed by package, with the costliest
modules, and the classes built on the way (attrs and NamedTuple classes, with their CPU time).
Nothing here is a test.

With ``--against SRC`` (another checkout's ``src`` folder, for example ``git archive main src``
unpacked somewhere) it measures instead the first evaluation (wall and CPU time) and ``import
mastcell`` (CPU time) of both trees in alternating fresh processes, so that a before/after
comparison shares the machine's load.

With ``--lazy`` it measures what loading only the rule modules a patient runs would save (the
registry loads them all today): for each golden patient, the modules defining the rules whose
triggers hold, and for patients at several percentiles of that count, the CPU time of
importing those modules against importing every rule module, in alternating fresh processes.

The package's bytecode is compiled first (``compileall``), as installing the wheel does:
without it every process would compile the sources again (``PYTHONDONTWRITEBYTECODE``).
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import mastcell

PACKAGE = Path(mastcell.__file__).parent
EXAMPLE = PACKAGE / "examples" / "mcas-leukopenia.json"

_CHILD = r"""
import importlib.abc, importlib.machinery, json, sys, time

clock = time.process_time
own = {}
stack = []


class Timed(importlib.abc.MetaPathFinder):
    # Times each mastcell module's execution (reading its bytecode included), less its imports.
    def find_spec(self, name, path, target=None):
        if not name.startswith("mastcell"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module, run=run, name=name):
            stack.append(0.0)
            start = clock()
            try:
                run(module)
            finally:
                total = clock() - start
                own[name] = total - stack.pop()
                if stack:
                    stack[-1] += total

        spec.loader.exec_module = exec_module
        return spec


start = clock()
import mastcell
imported = clock() - start
patient = mastcell.patient_from_json(open(sys.argv[1]).read())
sys.meta_path.insert(0, Timed())

import attr._next_gen, typing  # the classes built on the way: how many, at what CPU time

classes = []
define = attr._next_gen.attrs  # what @attrs.frozen and @attrs.define call with the class
named = typing.NamedTupleMeta.__new__


def timed_define(maybe_cls=None, *args, define=define, **kwargs):
    start = clock()
    made = define(maybe_cls, *args, **kwargs)
    if maybe_cls is not None:
        classes.append(("attrs", made.__module__, clock() - start))
    return made


def timed_named(cls, name, bases, namespace, named=named):
    start = clock()
    made = named(cls, name, bases, namespace)
    classes.append(("NamedTuple", made.__module__, clock() - start))
    return made


attr._next_gen.attrs = timed_define
typing.NamedTupleMeta.__new__ = timed_named
phases = {"import mastcell (before the first evaluation)": imported}


def phase(name, call):
    start = clock()
    call()
    phases[name] = clock() - start


from mastcell.knowledge import resolve
from mastcell.rules.registry import registered_rules

loaded = len(sys.modules)
phase("rule table (rule modules and what they import)", registered_rules)
phase("scan index of drug names", resolve._index)
phase("first evaluation, the above loaded (its template modules included)", lambda: mastcell.evaluate(patient, at="2026-11-22T12:00:00Z"))
phase("second evaluation", lambda: mastcell.evaluate(patient, at="2026-11-22T12:00:00Z"))
print(json.dumps({"phases": phases, "own": own, "modules": len(sys.modules) - loaded, "classes": classes}))
"""


def group(module: str) -> str:
    """The package a module is counted under."""
    parts = module.split(".")
    if len(parts) == 2 and parts[1] in {"rules", "text", "knowledge", "diagnosis"}:
        return f"mastcell.{parts[1]}"
    return ".".join(parts[:2]) if len(parts) > 2 else module


_VERSUS = """
import sys, time
s, c = time.perf_counter(), time.process_time()
import mastcell
imported = time.process_time() - c
patient = mastcell.patient_from_json(open(sys.argv[1]).read())
s, c = time.perf_counter(), time.process_time()
mastcell.evaluate(patient, at="2026-11-22T12:00:00Z")
print(time.perf_counter() - s, time.process_time() - c, imported)
"""


def versus(other: Path, processes: int) -> None:
    """The first evaluation and the import of this tree and ``other``, alternating processes."""
    trees = {"this tree": PACKAGE.parent, str(other): other}
    for src in trees.values():
        compileall.compile_dir(src / "mastcell", quiet=1)
    figures: dict[str, list[list[float]]] = {name: [] for name in trees}
    for _ in range(processes):
        for name, src in trees.items():
            done = subprocess.run(
                [sys.executable, "-c", _VERSUS, str(EXAMPLE)],
                env=dict(os.environ, PYTHONPATH=str(src)),
                check=True,
                capture_output=True,
                text=True,
            )
            figures[name].append([float(x) * 1e3 for x in done.stdout.split()])
    print(f"Median of {processes} fresh processes per tree, alternating ({EXAMPLE.name}):\n")
    print("| tree | first evaluation, wall | first evaluation, CPU | import mastcell, CPU |")
    print("|---|---|---|---|")
    for name, rows in figures.items():
        wall, cpu, imported = (statistics.median(column) for column in zip(*rows, strict=True))
        print(f"| {name} | {wall:.1f} ms | {cpu:.1f} ms | {imported:.0f} ms |")


_IMPORTING = """
import importlib, sys, time
import mastcell
start = time.process_time()
for name in sys.argv[1:]:
    importlib.import_module(name)
print(time.process_time() - start)
"""


def lazy(processes: int) -> None:
    """What importing only the rule modules a patient runs would save (not built: measured).

    For each golden patient at the scenario moment: the modules defining the rules whose
    triggers hold. For the patients at the 10th, 25th, 50th, 75th and 90th percentile of how
    many such modules they need, fresh processes import those modules (and what they import)
    and, alternating, every rule module, in CPU time.
    """
    from datetime import UTC, datetime

    from mastcell.facts import facts_of
    from mastcell.rules.registry import AREAS, registered_rules

    golden = PACKAGE.parent.parent / "tests" / "golden" / "patients.jsonl.gz"
    at = datetime(2026, 11, 22, 12, tzinfo=UTC)
    rules = registered_rules()
    needs: list[list[str]] = []
    with gzip.open(golden, "rt", encoding="utf-8") as lines:
        for line in lines:
            try:
                facts = facts_of(mastcell.patient_from_json(line), at)
            except mastcell.InputError:
                continue
            running = [r for r in rules if facts.any_of(r.triggers)]
            needs.append(sorted({r.decide.__module__ for r in running}))
    needs.sort(key=len)
    defining = {r.decide.__module__ for r in rules}
    compileall.compile_dir(PACKAGE, quiet=1)

    def cpu(modules: list[str]) -> float:
        done = subprocess.run(
            [sys.executable, "-c", _IMPORTING, *modules], check=True, capture_output=True, text=True
        )
        return float(done.stdout) * 1e3

    print(
        f"{len(needs)} golden patients at {at.isoformat()}: {len(defining)} modules define the "
        f"{len(rules)} rules; a patient's rules are in {statistics.median(map(len, needs)):.0f} "
        f"of them (median; {len(needs[0])}-{len(needs[-1])}).\n"
    )
    print(f"CPU time of importing the rule modules, median of {processes} fresh processes each:\n")
    print(
        "| patient (percentile of modules needed) | modules defining its rules | those | all | saved |"
    )
    print("|---|---|---|---|---|")
    for percentile in (10, 25, 50, 75, 90):
        needed = needs[(len(needs) - 1) * percentile // 100]
        own, every = [], []
        for _ in range(processes):
            own.append(cpu(needed))
            every.append(cpu(list(AREAS)))
        mine, whole = statistics.median(own), statistics.median(every)
        print(
            f"| {percentile}th | {len(needed)} | {mine:.1f} ms | {whole:.1f} ms | "
            f"{whole - mine:.1f} ms |"
        )


def main() -> None:
    """Run the fresh processes and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=7)
    parser.add_argument("--top", type=int, default=12, help="costliest modules listed")
    parser.add_argument("--against", type=Path, help="another checkout's src folder")
    parser.add_argument(
        "--lazy", action="store_true", help="what loading only the rules that run would save"
    )
    args = parser.parse_args()
    if args.lazy:
        lazy(args.processes)
    elif args.against is not None:
        versus(args.against.resolve(), args.processes)
    else:
        breakdown(args.processes, args.top)


def breakdown(processes: int, top: int) -> None:
    """Phases and modules of the first evaluation, medians of ``processes`` fresh processes."""
    compileall.compile_dir(PACKAGE, quiet=1)
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _CHILD, str(EXAMPLE)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(processes)
    ]
    print(f"CPU time per phase, median of {processes} fresh processes ({EXAMPLE.name}):\n")
    print("| phase | ms |")
    print("|---|---|")
    for name in runs[0]["phases"]:
        print(f"| {name} | {statistics.median(r['phases'][name] for r in runs) * 1e3:.1f} |")
    modules: dict[str, list[float]] = {}
    for r in runs:
        for name, seconds in r["own"].items():
            modules.setdefault(name, []).append(seconds)
    own = {name: statistics.median(times) for name, times in modules.items()}
    groups: dict[str, list[float]] = {}
    for name, seconds in own.items():
        groups.setdefault(group(name), []).append(seconds)
    print(f"\nOwn time of the {len(own)} modules loaded by the first evaluation, by package:\n")
    print("| package | modules | ms |")
    print("|---|---|---|")
    for name, times in sorted(groups.items(), key=lambda kv: -sum(kv[1])):
        print(f"| {name} | {len(times)} | {sum(times) * 1e3:.1f} |")
    print(f"\nThe {top} costliest modules:\n")
    print("| module | ms |")
    print("|---|---|")
    for name, seconds in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        print(f"| {name} | {seconds * 1e3:.2f} |")
    built: dict[tuple[str, str], list[float]] = {}
    for r in runs:
        for kind, module, seconds in r["classes"]:
            built.setdefault((kind, group(module)), []).append(seconds)
    print("\nClasses built on the way (their CPU time is in the modules' own time; attrs writes")
    print("and compiles each class's methods, a NamedTuple compiles each string annotation):\n")
    print("| kind | package | classes | ms |")
    print("|---|---|---|---|")
    for (kind, name), times in sorted(built.items(), key=lambda kv: -sum(kv[1])):
        print(
            f"| {kind} | {name} | {len(times) // processes} | {sum(times) / processes * 1e3:.1f} |"
        )


if __name__ == "__main__":
    main()
