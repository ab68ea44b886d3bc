"""The oracle: the engine, guard and rules as they were before conversion (issue 20).

The differential harness (``tests/test_differential.py``) runs :func:`evaluate` here and the
new engine on the same patients and requires the same reports. The package goes when every
area is converted; nothing outside the harness and its tests imports it.

Its engine is imported when :func:`evaluate` is first asked for, not with the package: live
rule modules that still take a helper from an oracle module (``mastcell._oracle.perioperative``)
would otherwise load the old engine and guard into every evaluating process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mastcell._oracle.engine import evaluate

__all__ = ["evaluate"]


def __getattr__(name: str) -> Any:
    if name == "evaluate":
        from mastcell._oracle.engine import evaluate

        return evaluate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
