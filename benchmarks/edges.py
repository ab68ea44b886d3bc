"""Benchmark of the I/O edges (issue 11): JSON text in, report JSON out, with and without `fast`.

Run: ``python benchmarks/edges.py``. In one run, against the 40-comparison float reference of
``benchmarks/run.py``, for every bundled example:

- reading: ``patient_from_json`` through the detailed cattrs path alone (before) and through
  the trusted-shape reader (after; it falls back to the detailed path on any deviation);
- writing: ``to_json(report, indent=None)``, ``to_json(report)`` (indented) and
  ``compact_json(report)`` through the standard library (before) and orjson (after);
- JSON text to compact report JSON (read, ``evaluate()``, ``to_json(indent=None)``), before and
  after, and the same without ``evaluate()`` (the edges alone).

Both paths give the same patient and the same bytes (tests/test_fastio.py).
"""

from __future__ import annotations

import argparse
import platform
from collections.abc import Callable
from typing import Any

from run import AT, EXAMPLES, median_seconds, reference

import mastcell
from mastcell import _fastjson, evaluate, patient_from_json, to_json
from mastcell.cohort.compact import compact_json
from mastcell.interchange import _structure, _without_format_version
from mastcell.limits import loads
from mastcell.model import Patient


def detailed_from_json(text: str) -> Patient:
    """patient_from_json as it was: limits, then the cattrs structuring pass."""
    return _structure(_without_format_version(loads(text)), Patient)


def with_stdlib(fn: Callable[[], Any]) -> Callable[[], Any]:
    """``fn`` run with orjson hidden from the writer (the standard library writes)."""

    def run() -> Any:
        saved = _fastjson._orjson
        _fastjson._orjson = None
        try:
            return fn()
        finally:
            _fastjson._orjson = saved

    return run


def row(text: str, ratio: Callable[[Callable[[], Any]], float]) -> list[tuple[float, float]]:
    """The (before, after) ratios of one example, in the table's column order."""
    report = evaluate(patient_from_json(text), at=AT)

    def before_edges() -> str:
        return with_stdlib(lambda: to_json(report, indent=None))() + str(
            detailed_from_json(text).id
        )

    def after_edges() -> str:
        return to_json(report, indent=None) + str(patient_from_json(text).id)

    def before_all() -> str:
        return to_json(evaluate(detailed_from_json(text), at=AT), indent=None)

    def after_all() -> str:
        return to_json(evaluate(patient_from_json(text), at=AT), indent=None)

    return [
        (ratio(lambda: detailed_from_json(text)), ratio(lambda: patient_from_json(text))),
        (
            ratio(with_stdlib(lambda: to_json(report, indent=None))),
            ratio(lambda: to_json(report, indent=None)),
        ),
        (ratio(with_stdlib(lambda: to_json(report))), ratio(lambda: to_json(report))),
        (ratio(with_stdlib(lambda: compact_json(report))), ratio(lambda: compact_json(report))),
        (ratio(before_edges), ratio(after_edges)),
        (ratio(with_stdlib(before_all)), ratio(after_all)),
    ]


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--number", type=int, default=50)
    args = parser.parse_args()
    assert _fastjson.orjson_module() is not None, "install the fast extra (orjson)"

    values = [0.8, 112.0, 10.9, 14.2, 146.0, 2150.0, 180.0, 78.0]
    ref = median_seconds(lambda: reference(values), repeat=args.repeat, number=args.number * 250)

    def ratio(fn: Callable[[], Any]) -> float:
        return median_seconds(fn, repeat=args.repeat, number=args.number) / ref

    print(
        f"mastcell {mastcell.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}; median of {args.repeat} x {args.number} calls; "
        f"reference {ref * 1e6:.2f} µs; figures are × reference, before → after\n"
    )
    print(
        "| example | read JSON | to_json(indent=None) | to_json() | compact_json "
        "| edges: read + write compact | JSON → compact report JSON |"
    )
    print("|---|---|---|---|---|---|---|")
    for path in sorted(EXAMPLES.glob("*.json")):
        cells = row(path.read_text(), ratio)
        print(
            f"| {path.stem} | "
            + " | ".join(f"{before:.0f}× → {after:.0f}×" for before, after in cells)
            + " |"
        )


if __name__ == "__main__":
    main()
