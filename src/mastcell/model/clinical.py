"""Medications, procedures, pain, flares, reactions and adverse events of a patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from mastcell.exceptions import InputError
from mastcell.model._checks import (
    aware,
    date_or_aware,
    lower_name,
    lower_names,
    non_empty,
    non_negative_int,
    optional_bool,
    optional_instance,
    optional_name,
    to_enum,
    to_optional_enum,
)
from mastcell.model._convert import (
    to_anesthesia,
    to_frequency,
    to_indication,
    to_kind,
    to_route,
    to_severity,
    to_status,
)
from mastcell.model.dates import day_of
from mastcell.model.measures import Dose
from mastcell.model.vocabulary import (
    Anesthesia,
    Frequency,
    HeldReason,
    Indication,
    MedicationStatus,
    ProcedureKind,
    ReactionSeverity,
    Route,
)
from mastcell.model.workup import FlareTrigger, OrganSystem

__all__ = ["AdverseEvent", "Flare", "Medication", "PainAssessment", "Procedure", "Reaction"]


@attrs.frozen(kw_only=True)
class Medication:
    """A medication on the patient's list; any drug name is kept, known ones are classified.

    Args:
        drug: generic name, compared case-insensitively (held lower-cased).
        dose: amount per administration.
        quantity: units on hand or dispensed (two auto-injectors: 2).
        frequency: how often; with ``dose`` it gives the daily amount.
        route: route of administration.
        status: ``active`` (default), ``held``, ``stopped`` or ``planned``.
        start: when it was started.
        held_since: when it was held (not before ``start``).
        held_reason: free text, or a :class:`~mastcell.model.vocabulary.HeldReason` code.
        indication: why it is taken, when the record says so
            (:class:`~mastcell.model.vocabulary.Indication`); aspirin with ``cardiovascular``
            is read as therapy for the heart.

    >>> m = Medication(drug="Cetirizine", dose=Dose(value=10, unit="mg"), frequency="bid")
    >>> m.drug, m.daily_mg
    ('cetirizine', 20.0)
    """

    drug: str = attrs.field(converter=lower_name, validator=non_empty)
    dose: Dose | None = attrs.field(default=None, validator=optional_instance(Dose))
    quantity: int | None = attrs.field(default=None, validator=non_negative_int)
    frequency: Frequency | None = attrs.field(default=None, converter=to_frequency)
    route: Route | None = attrs.field(default=None, converter=to_route)
    status: MedicationStatus = attrs.field(default=MedicationStatus.ACTIVE, converter=to_status)
    start: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    held_since: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    held_reason: str | None = None
    indication: Indication | None = attrs.field(default=None, converter=to_indication)

    def __attrs_post_init__(self) -> None:
        start, held = self.start, self.held_since
        if start is not None and held is not None and day_of(held) < day_of(start):
            raise InputError.for_field(
                "held_since",
                f"expected a date on or after start ({start.isoformat()}), got {held.isoformat()}",
            )

    @property
    def is_active(self) -> bool:
        """Taken now."""
        return self.status is MedicationStatus.ACTIVE

    @property
    def held_for(self) -> HeldReason | None:
        """``held_reason`` as a code when it is one of the coded reasons."""
        if self.held_reason is None:
            return None
        try:
            return HeldReason(self.held_reason.strip().lower())
        except ValueError:
            return None

    @property
    def daily_mg(self) -> float | None:
        """Milligrams per day from dose and frequency; None when either is unknown or irregular.

        >>> Medication(drug="famotidine", dose=Dose(value=20, unit="mg"), frequency="prn").daily_mg
        """
        mg = None if self.dose is None else self.dose.mg
        if mg is None or self.frequency is None:
            return None
        per_day = self.frequency.per_day
        return None if per_day is None else round(mg * per_day, 6)


@attrs.frozen(kw_only=True)
class PainAssessment:
    """A pain score (0-10 numeric rating) with its site and, optionally, when it began.

    >>> PainAssessment(score=7, site="back").score
    7
    >>> PainAssessment(score=11)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: score: expected a whole number from 0 to 10, got 11
    """

    score: int = attrs.field()
    site: str | None = None
    since: dt.date | None = attrs.field(default=None, validator=date_or_aware)

    @score.validator
    def _score(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise InputError.for_field(
                "score", f"expected a whole number from 0 to 10, got {value!r}"
            )


@attrs.frozen(kw_only=True)
class Procedure:
    """A planned procedure; ``date`` is a calendar date or an aware date-time of its start.

    >>> from datetime import date
    >>> p = Procedure(kind="surgery", date=date(2026, 12, 3), anesthesia="general",
    ...               planned_agents=("Succinylcholine", "propofol"))
    >>> p.planned_agents
    ('succinylcholine', 'propofol')
    """

    kind: ProcedureKind = attrs.field(converter=to_kind)
    date: dt.date = attrs.field(validator=date_or_aware)
    anesthesia: Anesthesia | None = attrs.field(default=None, converter=to_anesthesia)
    planned_agents: tuple[str, ...] = attrs.field(default=(), converter=lower_names)

    @property
    def start(self) -> dt.datetime | None:
        """The start as a date-time when one was given, else None (date only)."""
        return self.date if isinstance(self.date, dt.datetime) else None


def _organ_systems(
    values: Iterable[OrganSystem | str] | None,
) -> tuple[OrganSystem, ...] | None:
    if values is None:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InputError.for_field("organ_systems", f"expected a list of codes, got {values!r}")
    return tuple(to_enum(OrganSystem, f"organ_systems[{i}]", v) for i, v in enumerate(values))


def _trigger(value: FlareTrigger | str | None) -> FlareTrigger | None:
    return to_optional_enum(FlareTrigger, "trigger", value)


@attrs.frozen(kw_only=True)
class Flare:
    """An episode of mast cell activation, from ``onset`` to ``resolved`` (if known).

    The optional details (EH14) feed the MCAS criteria and NICAS: the organ systems involved,
    whether it was anaphylaxis, its signs (each true, false or unknown) and its trigger
    (``none``: no trigger was found).

    >>> from datetime import datetime, timezone
    >>> Flare(onset=datetime(2026, 11, 19, 22, 10, tzinfo=timezone.utc)).resolved is None
    True
    >>> sorted(Flare(onset=datetime(2026, 11, 19, 22, 10, tzinfo=timezone.utc),
    ...              organ_systems=["skin", "naso_ocular", "respiratory"]).systems)
    ['respiratory', 'skin']
    """

    onset: dt.datetime = attrs.field(validator=aware)
    resolved: dt.datetime | None = attrs.field(default=None, validator=aware)
    organ_systems: tuple[OrganSystem, ...] | None = attrs.field(
        default=None, converter=_organ_systems
    )
    anaphylaxis: bool | None = attrs.field(default=None, validator=optional_bool)
    syncope: bool | None = attrs.field(default=None, validator=optional_bool)
    hypotension: bool | None = attrs.field(default=None, validator=optional_bool)
    urticaria: bool | None = attrs.field(default=None, validator=optional_bool)
    angioedema: bool | None = attrs.field(default=None, validator=optional_bool)
    flushing: bool | None = attrs.field(default=None, validator=optional_bool)
    trigger: FlareTrigger | None = attrs.field(default=None, converter=_trigger)

    @property
    def systems(self) -> frozenset[str] | None:
        """The distinct organ systems involved (naso-ocular counts as respiratory, MC2)."""
        if self.organ_systems is None:
            return None
        return frozenset(s.system for s in self.organ_systems)

    @property
    def detailed(self) -> bool:
        """Any of the episode details (organ systems, signs, trigger) was given."""
        return any(
            getattr(self, name) is not None
            for name in (
                "organ_systems",
                "anaphylaxis",
                "syncope",
                "hypotension",
                "urticaria",
                "angioedema",
                "flushing",
                "trigger",
            )
        )

    def __attrs_post_init__(self) -> None:
        if self.resolved is not None and self.resolved < self.onset:
            raise InputError.for_field("resolved", "expected a time on or after onset")


@attrs.frozen(kw_only=True)
class Reaction:
    """A past reaction to a drug or a physical trigger (``heat``, ``friction``...).

    >>> Reaction(agent="Ibuprofen", severity="flare").agent
    'ibuprofen'
    """

    agent: str = attrs.field(converter=lower_name, validator=non_empty)
    severity: ReactionSeverity | None = attrs.field(default=None, converter=to_severity)


@attrs.frozen(kw_only=True)
class AdverseEvent:
    """A non-haematological adverse event with its CTCAE grade (1-5).

    >>> AdverseEvent(term="nausea", grade=3, attributed_to="Midostaurin").attributed_to
    'midostaurin'
    """

    term: str = attrs.field(converter=lower_name, validator=non_empty)
    grade: int = attrs.field()
    onset: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    resolved: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    attributed_to: str | None = attrs.field(default=None, converter=optional_name)

    @grade.validator
    def _grade(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise InputError.for_field(
                "grade", f"expected a CTCAE grade from 1 to 5, got {value!r}"
            )

    def __attrs_post_init__(self) -> None:
        onset, resolved = self.onset, self.resolved
        if onset is not None and resolved is not None and day_of(resolved) < day_of(onset):
            raise InputError.for_field("resolved", "expected a date on or after onset")

    @property
    def ongoing(self) -> bool:
        """Not (yet) resolved."""
        return self.resolved is None
