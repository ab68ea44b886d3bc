"""The rule registry: each rule declares its stable codes, category, sources and inputs.

A rule is a pure function ``(patient, context) -> Iterable[Recommendation]``: no clock, no I/O,
no unit parsing. It is registered with :func:`rule`, which records what the docs' rule
catalogue shows and what the engine checks (a rule may only emit the codes it declares).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TypeAlias

import attrs

from mastcell.exceptions import RuleError
from mastcell.knowledge.options import Options
from mastcell.knowledge.sources import cite
from mastcell.model import Analyte, Category, DoseAdvice, Indicator, Patient, Recommendation
from mastcell.model._checks import aware

__all__ = ["AREAS", "Context", "Rule", "RuleFunction", "all_codes", "registered_rules", "rule"]


@attrs.frozen(kw_only=True)
class Context:
    """What a rule knows besides the patient: the moment of evaluation and the options.

    >>> from datetime import datetime, timezone
    >>> Context(at=datetime(2026, 11, 22, 12, tzinfo=timezone.utc)).options.cytopenia.count_max_age
    datetime.timedelta(days=14)
    """

    at: datetime = attrs.field(validator=aware)
    options: Options = attrs.field(factory=Options)


RuleFunction: TypeAlias = Callable[[Patient, Context], Iterable[Recommendation]]


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
    function: RuleFunction = attrs.field(repr=False, eq=False)
    title: str
    trigger: str
    indicators: frozenset[Indicator] = frozenset()
    proposes: tuple[DoseAdvice, ...] = ()

    def __call__(self, patient: Patient, context: Context) -> tuple[Recommendation, ...]:
        """Run the rule and check that it kept its contract (codes and indicators declared)."""
        out = tuple(self.function(patient, context))
        for rec in out:
            if rec.code not in self.codes:
                raise RuleError(f"rule {self.name!r} emitted undeclared code {rec.code!r}")
            if self.indicators and rec.indicator not in self.indicators:
                raise RuleError(
                    f"rule {self.name!r} emitted undeclared indicator {rec.indicator.value!r}"
                )
        return out


_REGISTRY: dict[str, Rule] = {}

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
)
_loaded = False


def rule(
    *codes: str,
    sources: Iterable[str],
    reads: Iterable[Analyte] = (),
    indicators: Iterable[Indicator | str] = (),
    proposes: Iterable[DoseAdvice] = (),
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule emitting ``codes``, backed by ``sources``, reading ``reads`` analytes.

    The docstring's first line is the rule's title in the catalogue; the rest says when it
    fires. ``indicators`` declares the urgencies it may give (the engine refuses any other)
    and ``proposes`` the doses it may propose, both shown in the rule catalogue.

    >>> @rule("monitoring.example.demo", sources=("S20",))
    ... def demo(patient, context):
    ...     '''Demonstrate registration.
    ...
    ...     Never fires.'''
    ...     return ()
    >>> [r.title for r in registered_rules() if r.name.endswith(".demo")]
    ['Demonstrate registration.']
    >>> _unregister("monitoring.example.demo")
    """
    if not codes:
        raise RuleError("a rule declares at least one code")
    categories = {Category.of(code) for code in codes}
    if len(categories) != 1:
        raise RuleError(f"codes {codes} span several categories")
    source_ids = cite(*sources)

    def register(function: RuleFunction) -> RuleFunction:
        name = f"{function.__module__}.{function.__qualname__}"
        doc = inspect.getdoc(function) or ""
        title, _, trigger = doc.partition("\n")
        _REGISTRY[name] = Rule(
            name=name,
            codes=tuple(codes),
            category=categories.pop(),
            sources=source_ids,
            reads=frozenset(reads),
            function=function,
            title=title.strip(),
            trigger=" ".join(trigger.split()),
            indicators=frozenset(Indicator(i) for i in indicators),
            proposes=tuple(proposes),
        )
        return function

    return register


def _unregister(code: str) -> None:
    for name in [n for n, r in _REGISTRY.items() if code in r.codes]:
        del _REGISTRY[name]


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
    return tuple(_REGISTRY[name] for name in sorted(_REGISTRY))


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
