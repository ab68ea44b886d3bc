"""Cytopenia (temporary skeleton)."""

from mastcell.rules import adverse_events, avapritinib, cytoreduction, pregnancy

__all__ = ["adverse_events", "avapritinib", "cytoreduction", "pregnancy"]
