"""Population boundaries the sources leave implicit, stated once.

Labels and reviews give doses for "adults" or "children" without always saying where one ends;
mastcell uses one boundary everywhere, so that the same patient is never an adult for one rule
and a child for another.
"""

from __future__ import annotations

__all__ = ["ADULT_AGE_YEARS"]

#: Age from which a dose the sources give for "adults" is used: 18 years (a convention, not a
#: sourced fact; rules with a sourced boundary, such as the under-12 premedication doses, use
#: their own).
#:
#: >>> ADULT_AGE_YEARS
#: 18.0
ADULT_AGE_YEARS = 18.0
