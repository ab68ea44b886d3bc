"""Declaring a rule: codes, category, triggers, reads in stages, sources.

A rule is a small function of the facts view and the context that returns
decisions::

    @decides(
        "cytopenia.investigate",
        sources=("SEED-A", "S15", "S14", "S53", "S70"),
        reads=((CYTOREDUCTIVE_ON,), (COUNTS[Analyte.WBC], COUNTS[Analyte.ANC]), (ON_LIST,)),
        indicators=(Indicator.WARNING, Indicator.CRITICAL),
        triggers=(DrugClass.CYTOREDUCTIVE, Analyte.WBC, Analyte.ANC),
    )
    def investigate(f: Facts, context: Context) -> Sequence[Decision]:
        if CYTOREDUCTIVE_ON.of(f):
            return upto(0)  # read stage 0 only
        ...

``reads`` lists what the rule reads in stages: stage 0 always, stage 1 when stage 0 let the
rule go on, and so on; the function returns :func:`~mastcell.decision.upto` to say it stopped
early (any other return: it read every stage). The engine writes the report's
``reviewed_inputs`` from the paths of the reads of the stages reached
(:meth:`mastcell.reads.Read.paths`), and the unused-input check from their analytes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence

from mastcell.exceptions import RuleError
from mastcell.facts import Trigger
from mastcell.knowledge.sources import cite
from mastcell.model import Analyte, Category, DoseAdvice, Indicator
from mastcell.reads import Read
from mastcell.rules.registry import DecideFunction, Rule, register

__all__ = ["decides", "stages_of"]


def stages_of(reads: Sequence[Read | Sequence[Read]]) -> tuple[tuple[Read, ...], ...]:
    """Declared reads as stages: a flat sequence of reads is one stage.

    >>> from mastcell.reads import ADVERSE_EVENTS, ORGAN_FINDINGS
    >>> stages_of((ADVERSE_EVENTS, ORGAN_FINDINGS))
    ((<read adverse_events>, <read organ_findings>),)
    >>> stages_of(((ADVERSE_EVENTS,), (ORGAN_FINDINGS,)))
    ((<read adverse_events>,), (<read organ_findings>,))
    """
    if all(isinstance(r, Read) for r in reads):
        return (tuple(reads),)  # type: ignore[arg-type]
    stages = []
    for stage in reads:
        if isinstance(stage, Read):
            raise RuleError("reads: give a flat tuple of reads, or a tuple of stages, not a mix")
        stages.append(tuple(stage))
    return tuple(stages)


def decides(
    *codes: str,
    sources: Iterable[str],
    reads: Sequence[Read | Sequence[Read]],
    indicators: Iterable[Indicator | str],
    proposes: Iterable[DoseAdvice] = (),
    triggers: Iterable[Trigger] = (),
    analytes: Iterable[Analyte] | None = None,
) -> Callable[[DecideFunction], DecideFunction]:
    """Register a rule emitting ``codes``, backed by ``sources``, reading ``reads``.

    The docstring's first line is the title in the catalogue, the rest says when it fires;
    ``indicators`` are the urgencies it may give (the engine refuses any other), ``proposes``
    the doses it may propose (both shown in the rule catalogue), ``triggers`` the facts without
    which it can neither fire nor read any input: the engine skips the rule when none of them
    holds (they must be necessary conditions read off the rule's body: a wrong one is a missed
    alert; a rule without triggers always runs). ``reads`` are its reads, in stages (see the
    module). ``analytes`` replaces the analytes the unused-input check counts as read by the
    rule (default: those of its reads), where the report keeps what the rule declared before
    issue 20 (``emergency.triggers.avoid``: the ANC behind metamizole's label barriers is read
    but not declared).

    >>> from mastcell.reads import ADVERSE_EVENTS
    >>> from mastcell.rules.registry import _unregister, registered_rules
    >>> @decides("monitoring.example.decided", sources=("S20",), reads=(ADVERSE_EVENTS,),
    ...          indicators=("info",))
    ... def decided(facts, context):
    ...     '''Demonstrate a rule.'''
    ...     return ()
    >>> [r.title for r in registered_rules() if r.name.endswith(".decided")]
    ['Demonstrate a rule.']
    >>> _unregister("monitoring.example.decided")
    """
    if not codes:
        raise RuleError("a rule declares at least one code")
    categories = {Category.of(code) for code in codes}
    if len(categories) != 1:
        raise RuleError(f"codes {codes} span several categories")
    source_ids = cite(*sources)
    stages = stages_of(reads)
    declared = tuple(Indicator(i) for i in indicators)
    if not declared:
        raise RuleError("a rule declares its indicators")

    def add(decide: DecideFunction) -> DecideFunction:
        name = f"{decide.__module__}.{decide.__qualname__}"
        doc = inspect.getdoc(decide) or ""
        title, _, trigger = doc.partition("\n")
        register(
            Rule(
                name=name,
                codes=tuple(codes),
                category=categories.pop(),
                sources=source_ids,
                reads=frozenset(a for stage in stages for r in stage for a in r.analytes)
                if analytes is None
                else frozenset(analytes),
                title=title.strip(),
                trigger=" ".join(trigger.split()),
                indicators=frozenset(declared),
                proposes=tuple(proposes),
                triggers=frozenset(triggers),
                decide=decide,
                stages=stages,
            )
        )
        return decide

    return add
