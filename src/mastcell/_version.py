"""The package version, kept in one place (read by hatch and by the report)."""

__version__ = "0.1.0"
