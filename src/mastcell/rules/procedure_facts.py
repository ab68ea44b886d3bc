"""Procedures as the rule areas read them, on the facts view: planned, upcoming, and the age.

The facts-view versions of the perioperative helpers the analgesia, perioperative,
emergency, antiplatelet and special-population rules share (issue 20): what is
planned and when it starts, which candidate drugs the recorded reactions allow, and the
finding that states the age used for an adult or child choice.

>>> from datetime import date
>>> from mastcell.facts import facts_of
>>> from mastcell.model import Procedure
>>> from mastcell.rules.registry import Context
>>> from mastcell.testing import AT, patient
>>> p = patient(procedures=[Procedure(kind="surgery", date=date(2026, 12, 3))])
>>> [x.label for x in upcoming(facts_of(p, AT), Context(at=AT))]
['surgery on 2026-12-03']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.allergy import ReactionMatch, allowed
from mastcell.knowledge.options import PerioperativeOptions
from mastcell.model import Finding, Procedure, ProcedureKind
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_words
from mastcell.reads import PROCEDURES, REACTIONS, FieldRead
from mastcell.rules.registry import Context

__all__ = [
    "AGE_GIVEN",
    "Planned",
    "age_finding",
    "fit",
    "planned_any",
    "upcoming",
    "usable_for",
]

#: The age as recorded (the birth date is read when both are given; a finding names which).
AGE_GIVEN = FieldRead("age")

_KIND_LABELS = {
    ProcedureKind.SURGERY: "surgery",
    ProcedureKind.ENDOSCOPY: "endoscopy",
    ProcedureKind.CONTRAST_IMAGING: "contrast imaging",
    ProcedureKind.DENTAL: "dental procedure",
    ProcedureKind.OTHER: "procedure",
}


class Planned(NamedTuple):
    """A procedure with its (given or assumed) start.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="surgery", date=AT.date())])
    >>> [x.assumed for x in upcoming(facts_of(p, AT), Context(at=AT))]
    [True]
    """

    procedure: Procedure
    path: str
    start: datetime
    assumed: bool
    #: Dated before the evaluation day (only :func:`planned_any` lists such procedures).
    past: bool = False

    @property
    def label(self) -> str:
        """'surgery on 2026-12-03', or 'surgery dated 2026-11-21 (a past date)'."""
        day = self.procedure.date.isoformat()[:10]
        if self.past:
            return f"{_KIND_LABELS[self.procedure.kind]} dated {day} (a past date)"
        return f"{_KIND_LABELS[self.procedure.kind]} on {day}"

    @property
    def start_text(self) -> str:
        """The start and, when assumed, that it was."""
        text = f"{self.start:%Y-%m-%d %H:%M} {self.start.tzname() or ''}".strip()
        return f"{text} (assumed: only a date was given)" if self.assumed else text


def fit(summary: str, limit: int = 140) -> str:
    """A summary cut at a word boundary to fit a CDS Hooks card (140 characters).

    >>> fit("Avoid atracurium for the surgery", 20)
    'Avoid atracurium...'
    """
    return fit_words(summary, limit)


def upcoming(f: Facts, context: Context) -> Iterator[Planned]:
    """The procedures not yet begun and within the planning horizon (read: :data:`~mastcell.reads.PROCEDURES`).

    A procedure given as a date starts at ``PerioperativeOptions.assumed_start`` in the
    timezone of the evaluation moment; it is past only when its date is before the
    evaluation date.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="dental", date=date(2026, 12, 3)),
    ...                         Procedure(kind="dental", date=date(2026, 11, 1))])
    >>> [(x.path, x.start_text) for x in upcoming(facts_of(p, AT), Context(at=AT))]
    [('procedures[0]', '2026-12-03 08:00 UTC (assumed: only a date was given)')]
    """
    options = context.options.perioperative
    at = context.at
    # Worked out once per evaluation (ten rules ask): kept in the facts' cache with the very
    # moment and options it was computed for, and recomputed for any other.
    cached = f.cache.get(_UPCOMING)
    if cached is not None and cached[0] is at and cached[1] is options:
        return iter(cached[2])
    planned = tuple(_upcoming(f, options, at))
    f.cache[_UPCOMING] = (at, options, planned)
    return iter(planned)


#: The key of :func:`upcoming`'s entry in ``Facts.cache``.
_UPCOMING = object()


def _upcoming(f: Facts, options: PerioperativeOptions, at: datetime) -> Iterator[Planned]:
    for proc in PROCEDURES.of(f):
        if proc.start is not None:
            start, assumed = proc.start, False
            if start <= at:
                continue
        else:
            start = datetime.combine(proc.date, options.assumed_start, tzinfo=at.tzinfo)
            assumed = True
            if proc.date < at.date():
                continue
        if start - at > options.horizon:
            continue
        yield Planned(procedure=proc, path=f.path_of(proc), start=start, assumed=assumed)


def planned_any(f: Facts, context: Context) -> Iterator[Planned]:
    """Every planned procedure whatever its date, for safety alerts about its agents.

    The planning horizon limits what is *planned for*; it never hides an agent to avoid. A
    procedure dated before the evaluation day is still listed, marked ``past``.

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> p = patient(procedures=[Procedure(kind="dental", date=date(2027, 12, 3)),
    ...                         Procedure(kind="dental", date=date(2026, 11, 1))])
    >>> [(x.path, x.past) for x in planned_any(facts_of(p, AT), Context(at=AT))]
    [('procedures[0]', False), ('procedures[1]', True)]
    """
    options = context.options.perioperative
    today = day_of(context.at)
    for proc in PROCEDURES.of(f):
        if proc.start is not None:
            start, assumed = proc.start, False
        else:
            start = datetime.combine(proc.date, options.assumed_start, tzinfo=context.at.tzinfo)
            assumed = True
        yield Planned(
            procedure=proc,
            path=f.path_of(proc),
            start=start,
            assumed=assumed,
            past=day_of(proc.date) < today,
        )


def usable_for(f: Facts, names: Iterable[str]) -> tuple[tuple[str, ...], tuple[ReactionMatch, ...]]:
    """Split candidate drugs into those the reactions allow and the matches against them.

    A match is a reaction to the drug itself or to a cross-reactive group (addendum
    section 7); :func:`mastcell.knowledge.allergy.allowed` does the work (read:
    :data:`~mastcell.reads.REACTIONS`).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> p = patient(reactions=[Reaction(agent="fentanyl", severity="anaphylaxis")])
    >>> kept, out = usable_for(facts_of(p, AT), ["fentanyl", "hydromorphone"])
    >>> kept, [m.drug for m in out]
    (('hydromorphone',), ['fentanyl'])
    """
    found = allowed(REACTIONS.of(f), names)
    return found.kept, found.excluded


def age_finding(f: Facts, age: float | None, threshold: float) -> Finding:
    """A finding stating the age used for a child/adult choice, or that it is unknown.

    Cites ``age`` when an age is recorded, else ``birth_date`` (as the perioperative
    rules always have).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> str(age_finding(facts_of(patient(), AT), None, 12.0))
    'birth_date: unknown (needed to choose adult or child doses)'
    """
    where = "age" if AGE_GIVEN.of(f) is not None else "birth_date"
    if age is None:
        return Finding(input=where, text="unknown", note="needed to choose adult or child doses")
    return Finding(
        input=where,
        value=age,
        unit="a",
        threshold=threshold,
        comparison="<" if age < threshold else ">=",
    )
