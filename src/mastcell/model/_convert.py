"""Named attrs converters for enum fields (mypy's attrs plugin needs named functions).

Each parameter is typed with its enum or its code (``Analyte | str``): mypy's attrs plugin
types the entity's ``__init__`` parameter from the converter, so ``LabResult(analyte=123)``
is a type error, and at run time any other value is an :class:`~mastcell.exceptions.InputError`
naming the field. A value that already is a member passes straight through (the common case:
rules build recommendations and findings from members).
"""

from __future__ import annotations

from mastcell.model._checks import to_enum
from mastcell.model.vocabulary import (
    Analyte,
    Anesthesia,
    Category,
    Comparator,
    Comparison,
    Frequency,
    Indication,
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
    return value if type(value) is Analyte else to_enum(Analyte, "analyte", value)


def to_role(value: TryptaseRole | str | None) -> TryptaseRole | None:
    """``role`` as a :class:`TryptaseRole` (or None)."""
    if value is None or type(value) is TryptaseRole:
        return value
    return to_enum(TryptaseRole, "role", value)


def to_comparator(value: Comparator | str | None) -> Comparator | None:
    """``comparator`` as a :class:`Comparator` (or None)."""
    if value is None or type(value) is Comparator:
        return value
    return to_enum(Comparator, "comparator", value)


def to_frequency(value: Frequency | str | None) -> Frequency | None:
    """``frequency`` as a :class:`Frequency` (or None)."""
    if value is None or type(value) is Frequency:
        return value
    return to_enum(Frequency, "frequency", value)


def to_route(value: Route | str | None) -> Route | None:
    """``route`` as a :class:`Route` (or None)."""
    if value is None or type(value) is Route:
        return value
    return to_enum(Route, "route", value)


def to_indication(value: Indication | str | None) -> Indication | None:
    """``indication`` as an :class:`Indication` (or None)."""
    if value is None or type(value) is Indication:
        return value
    return to_enum(Indication, "indication", value)


def to_status(value: MedicationStatus | str) -> MedicationStatus:
    """``status`` as a :class:`MedicationStatus`."""
    return value if type(value) is MedicationStatus else to_enum(MedicationStatus, "status", value)


def to_kind(value: ProcedureKind | str) -> ProcedureKind:
    """``kind`` as a :class:`ProcedureKind`."""
    return value if type(value) is ProcedureKind else to_enum(ProcedureKind, "kind", value)


def to_anesthesia(value: Anesthesia | str | None) -> Anesthesia | None:
    """``anesthesia`` as a :class:`Anesthesia` (or None)."""
    if value is None or type(value) is Anesthesia:
        return value
    return to_enum(Anesthesia, "anesthesia", value)


def to_severity(value: ReactionSeverity | str | None) -> ReactionSeverity | None:
    """``severity`` as a :class:`ReactionSeverity` (or None)."""
    if value is None or type(value) is ReactionSeverity:
        return value
    return to_enum(ReactionSeverity, "severity", value)


def to_sex(value: Sex | str) -> Sex:
    """``sex`` as a :class:`Sex`."""
    return value if type(value) is Sex else to_enum(Sex, "sex", value)


def to_symptom_control(value: SymptomControl | str | None) -> SymptomControl | None:
    """``symptom_control`` as a :class:`SymptomControl` (or None)."""
    if value is None or type(value) is SymptomControl:
        return value
    return to_enum(SymptomControl, "symptom_control", value)


def to_indicator(value: Indicator | str) -> Indicator:
    """``indicator`` as a :class:`Indicator`."""
    return value if type(value) is Indicator else to_enum(Indicator, "indicator", value)


def to_category(value: Category | str) -> Category:
    """``category`` as a :class:`Category`."""
    return value if type(value) is Category else to_enum(Category, "category", value)


def to_comparison(value: Comparison | str | None) -> Comparison | None:
    """``comparison`` as a :class:`Comparison` (or None)."""
    if value is None or type(value) is Comparison:
        return value
    return to_enum(Comparison, "comparison", value)


def to_finding_analyte(value: Analyte | str | None) -> Analyte | None:
    """``analyte`` as a :class:`Analyte` (or None)."""
    if value is None or type(value) is Analyte:
        return value
    return to_enum(Analyte, "analyte", value)
