"""The rule registry: each rule declares its stable codes, category, sources and inputs.

A rule is a function ``(facts, context) -> decisions`` declared with
:func:`mastcell.rules.declare.decides`: it reads only the facts view, through the reads it
declares, and returns :class:`~mastcell.decision.Decision` values (text comes from
:mod:`mastcell.text`). Pure: no clock, no I/O, no unit parsing. The registry records what the docs' rule
catalogue shows and what the engine checks (a rule may only emit the codes it declares).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

import attrs

from mastcell.exceptions import RuleError
from mastcell.facts import Facts, Trigger, trigger_text
from mastcell.knowledge.options import Options
from mastcell.model import Analyte, Category, DoseAdvice, Indicator
from mastcell.model._checks import aware

if TYPE_CHECKING:
    from mastcell.decision import Decision
    from mastcell.reads import Read

__all__ = [
    "AREAS",
    "DEFAULT_OPTIONS",
    "Context",
    "DecideFunction",
    "Rule",
    "all_codes",
    "register",
    "registered_rules",
]


#: The options of an evaluation that gives none (built once: options are immutable).
DEFAULT_OPTIONS = Options()


@attrs.frozen(kw_only=True)
class Context:
    """What a rule knows besides the patient: the moment of evaluation and the options.

    >>> from datetime import datetime, timezone
    >>> Context(at=datetime(2026, 11, 22, 12, tzinfo=timezone.utc)).options.cytopenia.count_max_age
    datetime.timedelta(days=14)
    """

    at: datetime = attrs.field(validator=aware)
    options: Options = attrs.field(factory=lambda: DEFAULT_OPTIONS)
    #: The patient's facts at ``at``, built by the engine (None in a context built by hand).
    facts: Facts | None = attrs.field(default=None, eq=False, repr=False)


#: A rule: the facts view and the context in, decisions out (a
#: :class:`~mastcell.decision.Stopped` tuple when it stopped before its last stage of reads).
DecideFunction: TypeAlias = Callable[[Facts, Context], Sequence["Decision"]]


@attrs.frozen(kw_only=True)
class Rule:
    """A registered rule and what it declares.

    >>> r = next(r for r in registered_rules() if "emergency.epinephrine.prescribe" in r.codes)
    >>> r.category, "S16" in r.sources
    (<Category.EMERGENCY: 'emergency'>, True)
    """

    name: str
    codes: tuple[str, ...]
    category: Category
    sources: tuple[str, ...]
    reads: frozenset[Analyte]
    title: str
    trigger: str
    indicators: frozenset[Indicator] = frozenset()
    proposes: tuple[DoseAdvice, ...] = ()
    #: The facts without which the rule can neither fire nor read any input ("any of";
    #: empty: the rule always runs).
    triggers: frozenset[Trigger] = frozenset()
    #: The rule's function.
    decide: DecideFunction = attrs.field(eq=False, repr=False)
    #: The rule's reads, in stages: stage 0 always, each next one only as far as the
    #: rule got (:func:`~mastcell.decision.upto`).
    stages: tuple[tuple[Read, ...], ...] = ()

    @property
    def trigger_texts(self) -> tuple[str, ...]:
        """The triggers in words, sorted (the rule catalogue lists them).

        >>> r = next(r for r in registered_rules() if "antimediator.h2.add" in r.codes)
        >>> r.trigger_texts
        ('diagnosis family: mast cell disorder',)
        """
        return tuple(sorted(trigger_text(t) for t in self.triggers))

    def check(self, out: Iterable[Decision]) -> None:
        """Refuse output outside the rule's contract (an undeclared code or indicator).

        >>> r = next(r for r in registered_rules() if "emergency.epinephrine.prescribe" in r.codes)
        >>> from mastcell.decision import Action, Decision
        >>> r.check([Decision(code="emergency.other", indicator=Indicator.INFO,
        ...                   action=Action.INFORM)])
        Traceback (most recent call last):
        ...
        mastcell.exceptions.RuleError: rule 'mastcell.rules.emergency.epinephrine_prescribe' emitted undeclared code 'emergency.other'
        """
        for d in out:
            if d.code not in self.codes:
                raise RuleError(f"rule {self.name!r} emitted undeclared code {d.code!r}")
            if self.indicators and d.indicator not in self.indicators:
                raise RuleError(
                    f"rule {self.name!r} emitted undeclared indicator {d.indicator.value!r}"
                )


_REGISTRY: dict[str, Rule] = {}
_sorted: list[tuple[Rule, ...]] = []  # the registry sorted by name, cleared on each change
#: The modules that hold rules, imported on first use of the registry.
AREAS = (
    "mastcell.rules.antimediator",
    "mastcell.rules.emergency",
    "mastcell.rules.monitoring",
    "mastcell.rules.cytopenia",
    "mastcell.rules.analgesia",
    "mastcell.rules.perioperative",
    "mastcell.rules.referral",
    "mastcell.rules.interaction",
    "mastcell.rules.medication",
    "mastcell.rules.antiplatelet",
    "mastcell.rules.special_populations",
    "mastcell.rules.records",
    "mastcell.rules.labs",
    "mastcell.rules.reactions",
    "mastcell.rules.diagnosis",
    "mastcell.rules.tryptase",
    "mastcell.rules.perioperative_premedication",
    "mastcell.rules.perioperative_agents",
    "mastcell.rules.analgesia_opioids",
    "mastcell.rules.analgesia_premedicate",
    "mastcell.rules.analgesia_nsaids",
    "mastcell.rules.antimediator_addons",
    "mastcell.rules.antimediator_aspirin",
    "mastcell.rules.antimediator_escalation",
)
_loaded = False


def register(made: Rule) -> None:
    """Add a rule to the table (:func:`~mastcell.rules.declare.decides` does).

    >>> made = Rule(name="x.demo", codes=("monitoring.example.registered",),
    ...             category=Category.MONITORING, sources=(), reads=frozenset(),
    ...             decide=lambda f, c: (), title="Demo", trigger="")
    >>> register(made)
    >>> "monitoring.example.registered" in all_codes()
    True
    >>> _unregister("monitoring.example.registered")
    """
    _REGISTRY[made.name] = made
    _sorted.clear()


def _unregister(code: str) -> None:
    for name in [n for n, r in _REGISTRY.items() if code in r.codes]:
        del _REGISTRY[name]
    _sorted.clear()


def _load() -> None:
    global _loaded
    if not _loaded:
        for module in AREAS:
            importlib.import_module(module)
        _loaded = True


def registered_rules() -> tuple[Rule, ...]:
    """Every registered rule, loading the rule modules on first call; sorted by name.

    >>> any(r.category is Category.EMERGENCY for r in registered_rules())
    True
    """
    _load()
    if not _sorted:
        _sorted.append(tuple(_REGISTRY[name] for name in sorted(_REGISTRY)))
    return _sorted[0]


def all_codes() -> Mapping[str, tuple[Rule, ...]]:
    """Every code a registered rule can emit, with the rules that emit it, sorted by code.

    >>> "emergency.epinephrine.prescribe" in all_codes()
    True
    """
    codes: dict[str, list[Rule]] = {}
    for r in registered_rules():
        for code in r.codes:
            codes.setdefault(code, []).append(r)
    return {code: tuple(codes[code]) for code in sorted(codes)}
