"""The oracle: the engine, guard and rules as they were before conversion (issue 20).

The differential harness (``tests/test_differential.py``) runs :func:`evaluate` here and the
new engine on the same patients and requires the same reports. The package goes when every
area is converted; nothing outside the harness and its tests imports it.
"""

from mastcell._oracle.engine import evaluate

__all__ = ["evaluate"]
