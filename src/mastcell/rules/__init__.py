"""The clinical rules, one module per area, registered with :func:`~mastcell.rules.registry.rule`.

Rule modules are imported on the first evaluation, not with :mod:`mastcell` itself.
"""

from mastcell.rules.registry import AREAS, Context, Rule, all_codes, registered_rules, rule

__all__ = ["AREAS", "Context", "Rule", "all_codes", "registered_rules", "rule"]
