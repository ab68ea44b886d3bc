"""Named attrs converters for enum fields (mypy's attrs plugin needs named functions).

Each parameter is typed with its enum or its code (``Analyte | str``): mypy's attrs plugin
types the entity's ``__init__`` parameter from the converter, so ``LabResult(analyte=123)``
is a type error, and at run time any other value is an :class:`~mastcell.exceptions.InputError`
naming the field.
"""

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


def to_analyte(value: Analyte | str) -> Analyte:
    """``analyte`` as a :class:`Analyte`."""
    return to_enum(Analyte, "analyte", value)


def to_role(value: TryptaseRole | str | None) -> TryptaseRole | None:
    """``role`` as a :class:`TryptaseRole` (or None)."""
    return to_optional_enum(TryptaseRole, "role", value)


def to_frequency(value: Frequency | str | None) -> Frequency | None:
    """``frequency`` as a :class:`Frequency` (or None)."""
    return to_optional_enum(Frequency, "frequency", value)


def to_route(value: Route | str | None) -> Route | None:
    """``route`` as a :class:`Route` (or None)."""
    return to_optional_enum(Route, "route", value)


def to_status(value: MedicationStatus | str) -> MedicationStatus:
    """``status`` as a :class:`MedicationStatus`."""
    return to_enum(MedicationStatus, "status", value)


def to_kind(value: ProcedureKind | str) -> ProcedureKind:
    """``kind`` as a :class:`ProcedureKind`."""
    return to_enum(ProcedureKind, "kind", value)


def to_anesthesia(value: Anesthesia | str | None) -> Anesthesia | None:
    """``anesthesia`` as a :class:`Anesthesia` (or None)."""
    return to_optional_enum(Anesthesia, "anesthesia", value)


def to_severity(value: ReactionSeverity | str | None) -> ReactionSeverity | None:
    """``severity`` as a :class:`ReactionSeverity` (or None)."""
    return to_optional_enum(ReactionSeverity, "severity", value)


def to_sex(value: Sex | str) -> Sex:
    """``sex`` as a :class:`Sex`."""
    return to_enum(Sex, "sex", value)


def to_symptom_control(value: SymptomControl | str | None) -> SymptomControl | None:
    """``symptom_control`` as a :class:`SymptomControl` (or None)."""
    return to_optional_enum(SymptomControl, "symptom_control", value)


def to_indicator(value: Indicator | str) -> Indicator:
    """``indicator`` as a :class:`Indicator`."""
    return to_enum(Indicator, "indicator", value)


def to_category(value: Category | str) -> Category:
    """``category`` as a :class:`Category`."""
    return to_enum(Category, "category", value)


def to_comparison(value: Comparison | str | None) -> Comparison | None:
    """``comparison`` as a :class:`Comparison` (or None)."""
    return to_optional_enum(Comparison, "comparison", value)


def to_finding_analyte(value: Analyte | str | None) -> Analyte | None:
    """``analyte`` as a :class:`Analyte` (or None)."""
    return to_optional_enum(Analyte, "analyte", value)
