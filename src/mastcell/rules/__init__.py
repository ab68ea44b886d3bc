"""The clinical rules, one module per area, declared with :func:`~mastcell.rules.declare.decides`.

Rule modules are imported on the first evaluation, not with :mod:`mastcell` itself.
"""

from mastcell.rules.registry import AREAS, Context, Rule, all_codes, registered_rules

__all__ = ["AREAS", "Context", "Rule", "all_codes", "registered_rules"]
