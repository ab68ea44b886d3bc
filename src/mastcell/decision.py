"""What a rule decides, before any prose: typed decisions with an action.

A converted rule (:func:`mastcell.rules.declare.decides`) returns :class:`Decision` values:
the code and indicator, the :class:`Action` it takes on a drug (or on the record: obtain,
monitor, refer, inform), the drug's generic name, the structured dose and schedule (each
schedule item with its own action), the findings it cites, the source ids of the knowledge it
used, and the template variant with the parameters the prose needs. Text is written later and
only when asked for (:mod:`mastcell.text`); the guard and the CDS Hooks suggestions read the
action, never the text.

Decisions are built by rules, not by callers: they are frozen and slotted, with no validation
(cheap on the hot path).

>>> d = Decision(code="cytopenia.midostaurin.increase", indicator=Indicator.WARNING,
...              action=Action.INCREASE, drug="midostaurin")
>>> d.action.gives, d.action.orders
(True, True)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.model import DoseAdvice, Finding, Indicator

if TYPE_CHECKING:
    from mastcell.guard import Guarded

__all__ = ["Action", "Decision", "Dose", "Stopped", "upto"]


class Action(enum.StrEnum):
    """What a decision does about a drug (or, without a drug, about the record).

    >>> Action("hold"), Action.HOLD.gives
    (<Action.HOLD: 'hold'>, False)
    """

    #: Start a drug not yet given.
    START = "start"
    #: Keep giving a drug the patient is on.
    CONTINUE = "continue"
    #: Raise the dose.
    INCREASE = "increase"
    #: Lower the dose.
    REDUCE = "reduce"
    #: Interrupt: no doses until a condition is met.
    HOLD = "hold"
    #: Give again after a hold.
    RESUME = "resume"
    #: Discontinue.
    STOP = "stop"
    #: Do not give (not start, not use).
    AVOID = "avoid"
    #: Give this one rather than another.
    PREFER = "prefer"
    #: Watch a value or a drug's effect.
    MONITOR = "monitor"
    #: Obtain a test or a missing input.
    OBTAIN = "obtain"
    #: Refer to a specialist or a centre.
    REFER = "refer"
    #: Inform: no change asked for.
    INFORM = "inform"

    @property
    def gives(self) -> bool:
        """Whether the action gives the drug: a proposal the guard checks against reactions."""
        return self in _GIVES

    @property
    def orders(self) -> bool:
        """Whether the action is one a CDS Hooks card offers to order (start, increase, resume).

        >>> [a.value for a in Action if a.orders]
        ['start', 'increase', 'resume']
        """
        return self in _ORDERS


_GIVES = frozenset(
    {
        Action.START,
        Action.CONTINUE,
        Action.INCREASE,
        Action.REDUCE,
        Action.RESUME,
        Action.PREFER,
    }
)
_ORDERS = frozenset({Action.START, Action.INCREASE, Action.RESUME})

#: The parameters of a decision whose template takes none (shared: decisions are immutable).
_NO_PARAMS: Mapping[str, Any] = MappingProxyType({})


@attrs.frozen(slots=True)
class Dose:
    """One item of a schedule: a structured dose and what to do with it.

    >>> from mastcell.model import DoseAdvice
    >>> Dose(Action.RESUME, DoseAdvice(drug="midostaurin")).action.gives
    True
    """

    action: Action
    advice: DoseAdvice


@attrs.frozen(kw_only=True, slots=True)
class Decision:
    """One decision of a rule: code, indicator, action, drug, dose, findings, sources, text key.

    ``medication`` is the structured dose the ``action`` applies to (None when the decision
    names no dose); ``schedule`` the doses that follow, each with its own action. ``sources``
    are the source ids of the knowledge entries used, without repeats. ``variant`` and
    ``params`` select and fill the template of ``code`` (:mod:`mastcell.text`).
    ``guard`` is set by :func:`mastcell.guard.guard_decisions` when it withdrew a proposal or
    added a note. ``lists_options`` says that its card lists drugs to choose from.

    >>> Decision(code="cytopenia.cbc.obtain", indicator=Indicator.WARNING,
    ...          action=Action.OBTAIN).medication is None
    True
    """

    code: str
    indicator: Indicator
    action: Action
    drug: str | None = None
    medication: DoseAdvice | None = None
    schedule: tuple[Dose, ...] = ()
    findings: tuple[Finding, ...] = ()
    sources: tuple[str, ...] = ()
    variant: str = ""
    params: Mapping[str, Any] = attrs.field(default=_NO_PARAMS, hash=False)
    guard: Guarded | None = None
    #: Whether the decision's card lists drugs to choose from (acceptable, preferred,
    #: alternatives): with a reaction mastcell could not read, the guard then makes the
    #: choice a clinician decision.
    lists_options: bool = False


class Stopped(tuple[Decision, ...]):
    """A rule's decisions when it stopped after its first ``stage + 1`` stages of reads.

    A converted rule declares its reads in stages (what it reads first, then what it reads
    only when the first stage lets it go on); returning :func:`upto` says how far it got, so
    the report's ``reviewed_inputs`` name only the inputs it reached.

    >>> out = upto(1)
    >>> isinstance(out, Stopped), out.stage, len(out)
    (True, 1, 0)
    """

    stage: int


_EMPTY: dict[int, Stopped] = {}


def upto(stage: int, *decisions: Decision) -> Stopped:
    """The decisions of a rule that read only its stages ``0..stage`` (none by default).

    >>> out = upto(0)
    >>> out, out.stage
    ((), 0)
    """
    if not decisions:
        found = _EMPTY.get(stage)
        if found is not None:
            return found
    out = Stopped(decisions)
    out.stage = stage
    if not decisions:
        _EMPTY[stage] = out
    return out
