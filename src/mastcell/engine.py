"""Evaluation: run the rule table on a patient at a moment and build the report.

The engine builds the facts view once (:func:`mastcell.facts.facts_of`), runs each rule whose
triggers hold on it (each returns decisions, and the reads of the stages it reached name the
inputs it read), passes every decision through the guard (which reads their actions), orders
them and accounts for every input. :func:`decide` stops there: an
:class:`~mastcell.outcome.Outcome` holds decisions, not text (what the compact report and the
cohort paths need); :func:`~mastcell.evaluate` renders them into the :class:`~mastcell.report.Report`.

Pure and deterministic: the same patient, time and options give the same report, in the
same order, in any process.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

from mastcell._version import __version__
from mastcell.accounting import account
from mastcell.decision import Decision
from mastcell.exceptions import InputError, RuleError
from mastcell.facts import Facts, Trigger, facts_of, trigger_key
from mastcell.guard import guard_decisions
from mastcell.knowledge.drugs import match_drug
from mastcell.knowledge.names import suggest
from mastcell.knowledge.options import Options
from mastcell.knowledge.sources import SOURCES
from mastcell.model import Analyte, Category, Indicator, Patient, UnusedInput
from mastcell.model.dates import EARLIEST, LATEST, day_of, in_range
from mastcell.outcome import Outcome
from mastcell.reads import Read
from mastcell.report import Report
from mastcell.rules.registry import (
    DEFAULT_OPTIONS,
    Context,
    DecideFunction,
    Rule,
    registered_rules,
)

__all__ = ["decide", "evaluate", "parse_categories", "parse_time", "run_rule"]

#: The library's logger: what an evaluation leaves aside is logged at INFO (no handler is
#: configured here; an application opts in with ``logging.basicConfig`` or its own handlers).
logger = logging.getLogger("mastcell")


#: The shape of a moment written as text: an RFC 3339 date-time with seconds and an offset, as
#: in the interchange format's date grammar (the calendar, the clock and the range are checked
#: after it; a test draws from the grammar to keep the two the same).
_MOMENT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
_NAIVE_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?")


def parse_time(value: datetime | str | None, *, field: str = "at") -> datetime:
    """An aware evaluation time from a datetime or RFC 3339 text; None means now (UTC).

    Text follows the interchange format's date grammar for a date-time: seconds and an offset
    (``Z`` or ``+hh:mm``), nothing around it; week dates, the basic format and times without
    seconds are refused, as they are in a patient document.

    >>> parse_time("2026-11-22T12:00:00Z")
    datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.timezone.utc)
    >>> parse_time("2026-11-22T12:00:00")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: at: expected an ISO 8601 date-time with a timezone offset, got '2026-11-22T12:00:00'
    >>> parse_time("2026-11-22T12:00Z")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: at: expected an RFC 3339 date-time with seconds and a timezone offset (2026-11-22T12:00:00Z or +01:00), got '2026-11-22T12:00Z'
    >>> parse_time("9999-12-31T00:00:00Z")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: at: expected a moment from 1800-01-01 to 2299-12-31, got 9999-12-31T00:00:00+00:00

    A datetime's offset is in whole minutes: the report states the moment as an RFC 3339
    date-time, which has no seconds in an offset.

    >>> from datetime import timedelta, timezone
    >>> parse_time(datetime(2026, 11, 22, tzinfo=timezone(timedelta(seconds=45))))
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: at: expected a timezone offset in whole minutes (+hh:mm), got datetime.datetime(2026, 11, 22, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=45)))
    """
    if value is None:
        return datetime.now(UTC)
    if isinstance(value, str):
        if _NAIVE_MOMENT.fullmatch(value):
            raise InputError.for_field(
                field, f"expected an ISO 8601 date-time with a timezone offset, got {value!r}"
            )
        if not _MOMENT.fullmatch(value):
            raise InputError.for_field(
                field,
                "expected an RFC 3339 date-time with seconds and a timezone offset "
                f"(2026-11-22T12:00:00Z or +01:00), got {value!r}",
            )
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:  # the shape, not the calendar or the clock (02-30, 25:00, +24:00)
            raise InputError.for_field(
                field,
                "expected a calendar date, a clock time and an offset under 24 hours, "
                f"got {value!r}",
            ) from None
    else:
        parsed = value
    offset = parsed.utcoffset() if isinstance(parsed, datetime) else None
    if offset is None:
        raise InputError.for_field(
            field, f"expected an ISO 8601 date-time with a timezone offset, got {value!r}"
        )
    if offset % timedelta(minutes=1):
        raise InputError.for_field(
            field, f"expected a timezone offset in whole minutes (+hh:mm), got {value!r}"
        )
    if not in_range(parsed):
        raise InputError.for_field(
            field,
            f"expected a moment from {EARLIEST.isoformat()} to {LATEST.isoformat()}, "
            f"got {parsed.isoformat()}",
        )
    return parsed


def parse_categories(categories: Iterable[Category | str] | None) -> frozenset[Category]:
    """The categories to evaluate, from their codes; None means all.

    >>> sorted(parse_categories(["emergency", "cytopenia"]))
    [<Category.CYTOPENIA: 'cytopenia'>, <Category.EMERGENCY: 'emergency'>]
    >>> parse_categories("nope")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: categories: expected any of antimediator, emergency, ...; got 'nope'
    """
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


def _order(decision: Decision) -> tuple[int, int, str]:
    code = decision.code
    return (_RANK[decision.indicator], _CATEGORY_ORDER[Category.of(code)], code)


#: Per planned rule: the rule, its trigger keys (None: always runs), and the distinct reads of
#: its stages up to each one (the last entry: every stage, for a rule that ran to its end).
_Plan = tuple[
    tuple[Rule, frozenset[tuple[type, Trigger]] | None, tuple[tuple[Read, ...], ...]], ...
]
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
    >>> len(plan) > 0, all(r.category is Category.EMERGENCY for r, _, _ in plan)
    (True, True)
    """
    registered = registered_rules()
    if not _planned_from or _planned_from[0] is not registered:
        _plans.clear()
        _planned_from[:] = [registered]
    found = _plans.get(chosen)
    if found is None:
        rules = tuple(r for r in registered if r.category in chosen)
        plan = tuple(
            (
                r,
                frozenset(trigger_key(t) for t in r.triggers) if r.triggers else None,
                _reach(r.stages),
            )
            for r in rules
        )
        read = frozenset().union(*(r.reads for r in rules))
        found = _plans[chosen] = (read, plan)
    return found


def _reach(stages: tuple[tuple[Read, ...], ...]) -> tuple[tuple[Read, ...], ...]:
    """The distinct reads of ``stages[: i + 1]`` for each ``i``, and of all of them last.

    >>> from mastcell.reads import MEDICATIONS, WEIGHT
    >>> _reach(((MEDICATIONS,), (WEIGHT, MEDICATIONS)))
    ((<read medications>,), (<read medications>, <read weight>), (<read medications>, <read weight>))
    """
    reach: list[tuple[Read, ...]] = []
    seen: dict[Read, None] = {}
    for reads in stages:
        seen.update(dict.fromkeys(reads))
        reach.append(tuple(seen))
    reach.append(tuple(seen))
    return tuple(reach)


def _unique(decisions: list[Decision]) -> list[Decision]:
    """The decisions without repeats, the first of each kept.

    Equal decisions share their code, so the whole-value comparison (a deep hash) is needed
    only when a code occurs twice.

    >>> from mastcell.decision import Action
    >>> a = Decision(code="emergency.x", indicator=Indicator.INFO, action=Action.INFORM)
    >>> b = Decision(code="emergency.y", indicator=Indicator.INFO, action=Action.INFORM)
    >>> [d.code for d in _unique([a, b, a])]
    ['emergency.x', 'emergency.y']
    """
    if len({d.code for d in decisions}) == len(decisions):
        return decisions
    return list(dict.fromkeys(decisions))


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


def run_rule(r: Rule, facts: Facts, context: Context) -> tuple[Sequence[Decision], set[str]]:
    """Run one rule: its decisions, and the input paths it read.

    The rule reads the facts view; its paths are those of the reads of the stages it reached.

    >>> from mastcell.rules.registry import registered_rules
    >>> from mastcell.testing import AT, med, patient
    >>> r = next(r for r in registered_rules() if "cytopenia.cbc.obtain" in r.codes)
    >>> f = facts_of(patient(medications=[med("hydroxyurea")]), AT)
    >>> out, paths = run_rule(r, f, Context(at=AT, facts=f))
    >>> [d.code for d in out], sorted(paths)
    (['cytopenia.cbc.obtain'], ['medications[0]'])
    """
    out, paths = _run(r, r.decide, facts, context)
    if out:
        _check(r, out)
    return out, paths


def _run(
    r: Rule, decide: DecideFunction, facts: Facts, context: Context
) -> tuple[Sequence[Decision], set[str]]:
    """A rule's decisions, and the paths of the reads of the stages it reached."""
    out = decide(facts, context)
    stage = getattr(out, "stage", None)
    reach = _reach(r.stages)
    reads = reach[-1] if stage is None else reach[stage]
    return out, {path for read in reads for path in _paths(read, facts)}


def _check(r: Rule, out: Sequence[Decision]) -> None:
    """The rule kept its contract: declared codes and indicators, registered sources."""
    r.check(out)
    for d in out:
        for source in d.sources:
            if source not in SOURCES:
                raise RuleError(f"rule {r.name!r} cites unknown source {source!r}")


def _paths(read: Read, facts: Facts) -> tuple[str, ...]:
    """The read's paths, worked out once per evaluation."""
    key = (read, "paths")
    cache = facts.cache
    found = cache.get(key)
    if found is None:
        found = cache[key] = read.paths(facts)
    return cast(tuple[str, ...], found)


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
    return _decide(patient, at=at, categories=categories, options=options, gated=True).report()


def decide(
    patient: Patient,
    *,
    at: datetime | str | None = None,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
) -> Outcome:
    """What :func:`~mastcell.evaluate` decides, without writing any text: decisions, accounting.

    The compact report and the cohort paths read it; ``outcome.report()`` is the report
    :func:`~mastcell.evaluate` gives.

    >>> from mastcell import patient_from_dict
    >>> p = patient_from_dict({"diagnoses": ["ism"], "weight": {"value": 20, "unit": "kg"}})
    >>> outcome = decide(p, at="2026-11-22T12:00:00+00:00", categories={"emergency"})
    >>> [(d.code, d.action.value) for d in outcome.decisions][:1]
    [('emergency.epinephrine.prescribe', 'start')]
    """
    return _decide(patient, at=at, categories=categories, options=options, gated=True)


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
    return _decide(patient, at=at, categories=categories, options=options, gated=gated).report()


def _decide(
    patient: Patient,
    *,
    at: datetime | str | None,
    categories: Iterable[Category | str] | None,
    options: Options | None,
    gated: bool,
) -> Outcome:
    """:func:`decide`; ``gated=False`` runs every rule, whatever its triggers."""
    when = parse_time(at)
    _check_against(patient, when)
    chosen = _ALL_CATEGORIES if categories is None else parse_categories(categories)
    facts = facts_of(patient, when)
    context = Context(
        at=when, options=options if options is not None else DEFAULT_OPTIONS, facts=facts
    )
    read, plan = _plan(chosen)
    found: list[Decision] = []
    by_read: dict[Read, list[str]] = {}  # per read, the codes of the rules that reached it
    present = facts.present
    for r, keys, reach in plan:
        if gated and keys is not None and present.isdisjoint(keys):
            continue  # none of its triggers holds: it would read nothing and say nothing
        out = r.decide(facts, context)
        if out:
            _check(r, out)
            found.extend(out)
        stage = getattr(out, "stage", None)
        codes = r.codes
        for done in reach[-1] if stage is None else reach[stage]:
            known = by_read.get(done)
            if known is None:
                by_read[done] = list(codes)
            else:
                known += codes
    reads: defaultdict[str, list[str]] = defaultdict(list)
    for done, reached in by_read.items():  # each read's paths once, however many reached it
        for path in _paths(done, facts):
            reads[path] += reached
    unique = _unique(guard_decisions(found, patient))
    unique.sort(key=_order)
    cited = {finding.input for d in unique for finding in d.findings}
    unused, reviewed = account(patient, cited, _unused(patient, facts, read, when), reads)
    return Outcome(
        patient_id=patient.id,
        evaluated_at=when,
        mastcell_version=__version__,
        decisions=tuple(unique),
        unused_inputs=unused,
        reviewed_inputs=reviewed,
        options=context.options,
    )
