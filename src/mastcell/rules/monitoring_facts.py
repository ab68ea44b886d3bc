"""The reads of the tryptase rules (:mod:`mastcell.rules.tryptase`): roles and findings.

Every tryptase drawn by the moment gets its role from :func:`mastcell.tryptase.infer_role`
(the input's role when given, else inferred from the flares begun by then), so every rule
reads the same roles; each finding states how the role was read. The rules read every flare
(:data:`FLARES`) and the tryptase series (:data:`TRYPTASE`), as the unconverted rules did.
"""

from __future__ import annotations

from datetime import datetime

from mastcell.facts import Facts
from mastcell.knowledge.tryptase import SamplingWindow
from mastcell.model import Analyte, Finding, Flare, LabResult, TryptaseRole
from mastcell.reads import ItemsRead, SeriesRead
from mastcell.tryptase import RoleInference, infer_role

__all__ = [
    "FLARES",
    "TRYPTASE",
    "Role",
    "flare_finding",
    "nearest_baseline",
    "of_role",
    "roles",
    "tryptase_finding",
]

#: Every flare (the roles are inferred from those begun by the moment).
FLARES = ItemsRead("flares")
#: The tryptase results drawn by the moment, in time order.
TRYPTASE = SeriesRead(Analyte.TRYPTASE)

#: A tryptase result with its role.
Role = tuple[LabResult, RoleInference]

_UNIT = Analyte.TRYPTASE.canonical_unit


def roles(facts: Facts, window: SamplingWindow) -> tuple[Role, ...]:
    """Every tryptase drawn at or before the moment, with its role (computed once per window).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.options import Options
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("tryptase", 9, "ng/mL", role="baseline")]), AT)
    >>> [(r.role.value, r.inferred) for _, r in roles(f, Options().monitoring.acute_sample_window)]
    [('baseline', False)]
    """
    key = ("tryptase roles", window)
    found: tuple[Role, ...] | None = facts.cache.get(key)
    if found is None:
        flares = [x for x in FLARES.of(facts) if x.onset <= facts.at]
        found = facts.cache[key] = tuple(
            (lab, infer_role(lab, flares, window=window)) for lab in TRYPTASE.of(facts)
        )
    return found


def of_role(found: tuple[Role, ...], role: TryptaseRole) -> list[Role]:
    """The results of one role, in time order.

    >>> of_role((), TryptaseRole.ACUTE)
    []
    """
    return [(lab, r) for lab, r in found if r.role is role]


def nearest_baseline(found: tuple[Role, ...], when: datetime) -> Role | None:
    """The baseline closest in time to ``when`` (the later one on a tie); None without one.

    >>> from mastcell.testing import AT
    >>> nearest_baseline((), AT) is None
    True
    """
    baselines = of_role(found, TryptaseRole.BASELINE)
    if not baselines:
        return None
    return min(baselines, key=lambda item: (abs(item[0].time - when), -item[0].time.timestamp()))


def tryptase_finding(
    facts: Facts,
    lab: LabResult,
    read: RoleInference,
    *,
    threshold: float | None = None,
    comparison: str | None = None,
    text: str | None = None,
) -> Finding:
    """A tryptase as a finding, its note saying how its role was read.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.options import Options
    >>> from mastcell.testing import AT, lab, patient
    >>> p = patient(labs=[lab("tryptase", 9, "ng/mL", role="baseline")])
    >>> f = facts_of(p, AT)
    >>> tryptase_finding(f, p.labs[0], roles(f, Options().monitoring.acute_sample_window)[0][1]).note
    'baseline (given): role given'
    """
    role = f"{read.role.value} ({'inferred' if read.inferred else 'given'})"
    note = f"{role}: {read.basis}" + ("; check this reading" if read.ambiguous else "")
    return Finding(
        input=facts.path_of(lab),
        analyte=Analyte.TRYPTASE,
        value=lab.canonical,
        unit=_UNIT,
        threshold=threshold,
        comparison=comparison,
        time=lab.time,
        text=text,
        note=note,
    )


def flare_finding(facts: Facts, flare: Flare, at: datetime) -> Finding:
    """A flare's onset as a finding: hours from onset to the evaluation moment.

    >>> from datetime import timedelta
    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Flare
    >>> from mastcell.testing import AT, patient
    >>> p = patient(flares=[Flare(onset=AT - timedelta(hours=1))])
    >>> flare_finding(facts_of(p, AT), p.flares[0], AT).value
    1.0
    """
    return Finding(
        input=facts.path_of(flare),
        text="flare onset",
        time=flare.onset,
        value=round((at - flare.onset).total_seconds() / 3600, 2),
        unit="h",
        note="hours from onset to the evaluation moment",
    )
