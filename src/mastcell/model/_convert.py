"""Named attrs converters for enum fields (mypy's attrs plugin needs named functions)."""

from __future__ import annotations

from mastcell.model._checks import to_enum, to_optional_enum
from mastcell.model.vocabulary import (
    Analyte,
    Anesthesia,
    Category,
    Comparison,
    Frequency,
    Indicator,
    MedicationStatus,
    ProcedureKind,
    ReactionSeverity,
    Route,
    Sex,
    SymptomControl,
    TryptaseRole,
)


def to_analyte(value: object) -> Analyte:
    """``analyte`` as a :class:`Analyte`."""
    return to_enum(Analyte, "analyte", value)


def to_role(value: object) -> TryptaseRole | None:
    """``role`` as a :class:`TryptaseRole` (or None)."""
    return to_optional_enum(TryptaseRole, "role", value)


def to_frequency(value: object) -> Frequency | None:
    """``frequency`` as a :class:`Frequency` (or None)."""
    return to_optional_enum(Frequency, "frequency", value)


def to_route(value: object) -> Route | None:
    """``route`` as a :class:`Route` (or None)."""
    return to_optional_enum(Route, "route", value)


def to_status(value: object) -> MedicationStatus:
    """``status`` as a :class:`MedicationStatus`."""
    return to_enum(MedicationStatus, "status", value)


def to_kind(value: object) -> ProcedureKind:
    """``kind`` as a :class:`ProcedureKind`."""
    return to_enum(ProcedureKind, "kind", value)


def to_anesthesia(value: object) -> Anesthesia | None:
    """``anesthesia`` as a :class:`Anesthesia` (or None)."""
    return to_optional_enum(Anesthesia, "anesthesia", value)


def to_severity(value: object) -> ReactionSeverity | None:
    """``severity`` as a :class:`ReactionSeverity` (or None)."""
    return to_optional_enum(ReactionSeverity, "severity", value)


def to_sex(value: object) -> Sex:
    """``sex`` as a :class:`Sex`."""
    return to_enum(Sex, "sex", value)


def to_symptom_control(value: object) -> SymptomControl | None:
    """``symptom_control`` as a :class:`SymptomControl` (or None)."""
    return to_optional_enum(SymptomControl, "symptom_control", value)


def to_indicator(value: object) -> Indicator:
    """``indicator`` as a :class:`Indicator`."""
    return to_enum(Indicator, "indicator", value)


def to_category(value: object) -> Category:
    """``category`` as a :class:`Category`."""
    return to_enum(Category, "category", value)


def to_comparison(value: object) -> Comparison | None:
    """``comparison`` as a :class:`Comparison` (or None)."""
    return to_optional_enum(Comparison, "comparison", value)


def to_finding_analyte(value: object) -> Analyte | None:
    """``analyte`` as a :class:`Analyte` (or None)."""
    return to_optional_enum(Analyte, "analyte", value)
