"""Clinician-overridable settings: where sources disagree or a fact is seed-only.

The fact sheet's rule of thumb: anything tagged SEED-ONLY, CONFLICT or NOT VERIFIED is exposed
as configurable, never a hard rule. Each area keeps its settings in one frozen class here,
with the default mastcell ships and the source ids behind it; :class:`Options` gathers them
and is passed to :func:`mastcell.evaluate`.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

__all__ = [
    "AntimediatorOptions",
    "CytopeniaOptions",
    "EmergencyOptions",
    "MonitoringOptions",
    "Options",
    "PerioperativeOptions",
]


@attrs.frozen(kw_only=True)
class AntimediatorOptions:
    """Settings of the anti-mediator rules.

    >>> AntimediatorOptions().h1_max_multiple
    4.0
    """

    #: Upper bound of H1 escalation, as a multiple of the standard daily dose. The 4x bound is
    #: SEED-ONLY (SEED-A, SEED-B); only up to 2x is confirmed (S29).
    h1_max_multiple: float = 4.0


@attrs.frozen(kw_only=True)
class CytopeniaOptions:
    """Settings of the cytopenia rules.

    >>> CytopeniaOptions().count_max_age
    datetime.timedelta(days=14)
    """

    #: A blood count older than this is stale: no dose decision is made from it.
    count_max_age: timedelta = timedelta(days=14)


@attrs.frozen(kw_only=True)
class PerioperativeOptions:
    """Settings of the analgesia and perioperative rules.

    >>> PerioperativeOptions().horizon
    datetime.timedelta(days=90)
    """

    #: Procedures further ahead than this are not yet planned for.
    horizon: timedelta = timedelta(days=90)


@attrs.frozen(kw_only=True)
class EmergencyOptions:
    """Settings of the emergency-preparedness rules.

    >>> EmergencyOptions().auto_injectors_to_carry
    2
    """

    #: Auto-injectors a patient with a mast cell disorder should carry (E7: SEED-A/B, S44).
    auto_injectors_to_carry: int = 2


@attrs.frozen(kw_only=True)
class MonitoringOptions:
    """Settings of the monitoring rules.

    >>> MonitoringOptions().recent_flare
    datetime.timedelta(days=7)
    """

    #: A flare this recent still calls for follow-up.
    recent_flare: timedelta = timedelta(days=7)


@attrs.frozen(kw_only=True)
class Options:
    """Every area's settings; ``Options()`` is mastcell's documented default.

    >>> Options(emergency=EmergencyOptions(auto_injectors_to_carry=3)).emergency
    EmergencyOptions(auto_injectors_to_carry=3)
    """

    antimediator: AntimediatorOptions = attrs.field(factory=AntimediatorOptions)
    cytopenia: CytopeniaOptions = attrs.field(factory=CytopeniaOptions)
    perioperative: PerioperativeOptions = attrs.field(factory=PerioperativeOptions)
    emergency: EmergencyOptions = attrs.field(factory=EmergencyOptions)
    monitoring: MonitoringOptions = attrs.field(factory=MonitoringOptions)
