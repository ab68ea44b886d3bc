"""The oracle: the engine as it was before issue 20, kept to check the new one against.

:func:`evaluate` here is ``mastcell.engine.evaluate`` as it was: it runs every rule as a
function of the patient through the recording view (:class:`mastcell.accounting.Reading`),
with the converted rules in their old versions (:func:`mastcell.rules.registry.oracle_rules`)
and the old guard (:mod:`mastcell._oracle.guard`), which reads a proposal from its timing text.
The differential harness (``tests/test_differential.py``) requires the new engine's reports
to equal this one's; the package is deleted when every area is converted.

Pure and deterministic: the same patient, time and options give the same report, in the
same order, in any process.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import cast

from mastcell._oracle.guard import guard
from mastcell._version import __version__
from mastcell.accounting import Reading, account
from mastcell.engine import parse_time  # the moment is read as main reads it (one home)
from mastcell.exceptions import InputError, RuleError
from mastcell.facts import Facts, Trigger, facts_of, trigger_key
from mastcell.knowledge.drugs import match_drug
from mastcell.knowledge.names import suggest
from mastcell.knowledge.options import Options
from mastcell.knowledge.sources import SOURCES
from mastcell.model import Analyte, Category, Indicator, Patient, Recommendation, UnusedInput
from mastcell.model.dates import day_of
from mastcell.report import Report
from mastcell.rules.registry import DEFAULT_OPTIONS, Context, Rule, oracle_rules

__all__ = ["evaluate", "parse_time"]

#: The library's logger: what an evaluation leaves aside is logged at INFO (no handler is
#: configured here; an application opts in with ``logging.basicConfig`` or its own handlers).
logger = logging.getLogger("mastcell")


def _categories(categories: Iterable[Category | str] | None) -> frozenset[Category]:
    if categories is None:
        return frozenset(Category)
    if isinstance(categories, str):
        categories = (categories,)
    chosen = set()
    for item in categories:
        try:
            chosen.add(Category(item))
        except ValueError:
            codes = ", ".join(c.value for c in Category)
            raise InputError.for_field(
                "categories", f"expected any of {codes}; got {item!r}"
            ) from None
    return frozenset(chosen)


def _order(rec: Recommendation) -> tuple[int, int, str]:
    return (_RANK[rec.indicator], _CATEGORY_ORDER[rec.category], rec.code)


_Plan = tuple[tuple[Rule, frozenset[tuple[type, Trigger]] | None], ...]
_CATEGORY_ORDER = {category: i for i, category in enumerate(Category)}
_RANK = {indicator: indicator.rank for indicator in Indicator}
_ALL_CATEGORIES = frozenset(Category)


#: Per choice of categories: the analytes its rules read, and its rules with their trigger
#: keys (None: always runs); built once per state of the registry (a registration makes a
#: new tuple of rules).
_plans: dict[frozenset[Category], tuple[frozenset[Analyte], _Plan]] = {}
_planned_from: list[tuple[Rule, ...]] = []


def _plan(chosen: frozenset[Category]) -> tuple[frozenset[Analyte], _Plan]:
    """The analytes the rules in ``chosen`` read, and those rules with their trigger keys.

    The rules keep the registry's order; their keys are compared with ``Facts.present``.

    >>> read, plan = _plan(frozenset({Category.EMERGENCY}))
    >>> len(plan) > 0, all(r.category is Category.EMERGENCY for r, _ in plan)
    (True, True)
    """
    registered = oracle_rules()
    if not _planned_from or _planned_from[0] is not registered:
        _plans.clear()
        _planned_from[:] = [registered]
    found = _plans.get(chosen)
    if found is None:
        rules = tuple(r for r in registered if r.category in chosen)
        plan = tuple(
            (r, frozenset(trigger_key(t) for t in r.triggers) if r.triggers else None)
            for r in rules
        )
        read = frozenset().union(*(r.reads for r in rules))
        found = _plans[chosen] = (read, plan)
    return found


def _unique(recommendations: list[Recommendation]) -> list[Recommendation]:
    """The recommendations without repeats, the first of each kept.

    Equal recommendations share their code, so the whole-value comparison (a deep hash) is
    needed only when a code occurs twice.

    >>> from mastcell.model import Recommendation
    >>> a = Recommendation(code="emergency.x", indicator="info", summary="a", detail="")
    >>> b = Recommendation(code="emergency.y", indicator="info", summary="b", detail="")
    >>> [r.summary for r in _unique([a, b, a])]
    ['a', 'b']
    """
    if len({rec.code for rec in recommendations}) == len(recommendations):
        return recommendations
    return list(dict.fromkeys(recommendations))


def _did_you_mean(name: str) -> str:
    """The did-you-mean hint for an unclassified name ("" when none); never a classification."""
    suggestion = suggest(name)
    return "" if suggestion is None else f" (did you mean {suggestion}? not assumed)"


def _short(name: str, limit: int = 60) -> str:
    """A name as a reason quotes it: cut to ``limit`` characters (a 1 MB name stays out)."""
    return repr(name) if len(name) <= limit else f"{name[:limit]!r}... ({len(name)} characters)"


def _unused(
    patient: Patient, facts: Facts, read: frozenset[Analyte], at: datetime
) -> list[UnusedInput]:
    unused = []
    for i, lab in enumerate(patient.labs):
        if lab.analyte not in read:
            unused.append(
                UnusedInput(
                    input=f"labs[{i}]",
                    reason=f"{lab.analyte.value}: no rule in the evaluated categories reads it",
                )
            )
        elif lab.time > at:
            unused.append(
                UnusedInput(
                    input=f"labs[{i}]",
                    reason=f"{lab.analyte.value} drawn after the evaluation time; not used",
                )
            )
    for i, (med, found) in enumerate(zip(patient.medications, facts.ingredients, strict=True)):
        if not found:  # not in the drug vocabulary (facts looked each drug up once)
            unused.append(
                UnusedInput(
                    input=f"medications[{i}]",
                    reason=f"unclassified drug {_short(med.drug)}: kept, but no rule reasoned about it"
                    + _did_you_mean(med.drug),
                )
            )
    for i, proc in enumerate(patient.procedures):
        for j, agent in enumerate(proc.planned_agents):
            if match_drug(agent) is None:
                unused.append(
                    UnusedInput(
                        input=f"procedures[{i}].planned_agents[{j}]",
                        reason=f"unclassified agent {_short(agent)}: kept, but not vetted"
                        + _did_you_mean(agent),
                    )
                )
    return _logged(unused)


def _logged(unused: list[UnusedInput]) -> list[UnusedInput]:
    """Log each input the evaluation leaves aside (the report lists them too)."""
    for item in unused:
        logger.info("input not used: %s: %s", item.input, item.reason)
    return unused


def _check_against(patient: Patient, at: datetime) -> None:
    """Inputs that cannot be true at the evaluation moment are errors, not data to reason on."""
    errors = []
    today = day_of(at)
    if patient.birth_date is not None and day_of(patient.birth_date) > today:
        errors.append(
            f"birth_date: expected a date on or before the evaluation time ({at.isoformat()}), "
            f"got {patient.birth_date.isoformat()}"
        )
    for i, med in enumerate(patient.medications):
        held = med.held_since
        if held is None:
            continue
        late = held > at if isinstance(held, datetime) else day_of(held) > today
        if late:
            errors.append(
                f"medications[{i}].held_since: expected a date on or before the evaluation time "
                f"({at.isoformat()}), got {held.isoformat()}"
            )
    if errors:
        raise InputError(errors)


def evaluate(
    patient: Patient,
    *,
    at: datetime | str | None = None,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
) -> Report:
    """Evaluate ``patient`` at the moment ``at`` and return the ordered, traced report.

    Args:
        patient: the patient to evaluate.
        at: the moment of evaluation (aware datetime or ISO 8601 text); None means now.
            Every duration ("held for more than 21 days") is measured against it.
        categories: evaluate only these areas (default: all).
        options: clinician-overridable settings (default: :class:`~mastcell.knowledge.options.Options`).

    Raises:
        InputError: ``at`` is naive or malformed, or a category is unknown.

    >>> from mastcell import patient_from_dict
    >>> p = patient_from_dict({"diagnoses": ["ism"], "weight": {"value": 20, "unit": "kg"}})
    >>> report = evaluate(p, at="2026-11-22T12:00:00+00:00", categories={"emergency"})
    >>> report.get("emergency.epinephrine.prescribe")[0].medication.dose
    DoseAmount(value=0.15, unit='mg')
    """
    return _evaluate(patient, at=at, categories=categories, options=options, gated=True)


def _evaluate(
    patient: Patient,
    *,
    at: datetime | str | None,
    categories: Iterable[Category | str] | None,
    options: Options | None,
    gated: bool,
) -> Report:
    """:func:`evaluate`; with ``gated=False`` every rule runs, whatever its triggers.

    The ungated run is for tests: its report must equal the gated one, entirely.

    >>> from mastcell.testing import AT, patient
    >>> p = patient(diagnoses=["mcas"])
    >>> gated = _evaluate(p, at=AT, categories=None, options=None, gated=True)
    >>> gated == _evaluate(p, at=AT, categories=None, options=None, gated=False)
    True
    """
    when = parse_time(at)
    _check_against(patient, when)
    chosen = _ALL_CATEGORIES if categories is None else _categories(categories)
    facts = facts_of(patient, when)
    context = Context(
        at=when, options=options if options is not None else DEFAULT_OPTIONS, facts=facts
    )
    read, plan = _plan(chosen)
    found: list[Recommendation] = []
    reads: defaultdict[str, list[str]] = defaultdict(list)
    present = facts.present
    view = Reading(patient, facts)  # records which inputs each rule is handed
    patient_view = cast(Patient, view)
    for r, keys in plan:
        if gated and keys is not None and present.isdisjoint(keys):
            continue  # none of its triggers holds: it would read nothing and say nothing
        seen = view.seen = set()
        out = tuple(r.function(patient_view, context))  # as r(...) does, checked below
        if out:
            r.check(out)
            for rec in out:
                for item in rec.evidence:
                    if item.source not in SOURCES:
                        raise RuleError(f"rule {r.name!r} cites unknown source {item.source!r}")
            found.extend(out)
        if seen:
            codes = r.codes
            for path in seen:
                reads[path] += codes
    unique = _unique(guard(found, patient))
    unique.sort(key=_order)
    cited = {finding.input for rec in unique for finding in rec.findings}
    unused, reviewed = account(patient, cited, _unused(patient, facts, read, when), reads)
    return Report(
        patient_id=patient.id,
        evaluated_at=when,
        mastcell_version=__version__,
        recommendations=tuple(unique),
        unused_inputs=unused,
        reviewed_inputs=reviewed,
        options=context.options,
    )
