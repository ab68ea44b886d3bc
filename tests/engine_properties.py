"""What every evaluation must keep, whatever the patient: the checks of the branch and
generated-patient tests (they replaced the differential harness when the oracle was removed).

The differential harness required the new engine to give the old engine's reports; with the
old engine gone, the golden reports hold the line for the patients they record
(``tests/golden/reports.jsonl.gz`` for the generated ones, ``tests/golden/branches.jsonl.gz``
for the hand-written ones of the ``test_branches*`` modules) and :func:`assert_sound` holds,
for any patient, what does not depend on the wording:

- the evaluation gives a report or an input error naming its field, never another exception;
- every decision's code is one its rules declare, its sources inside their declarations (and
  the sources of the reactions behind a proposal the guard withdrew) and registered;
- every input is accounted for once: cited by a finding, set aside with a reason, or reviewed
  by the rules that read it; reviewed and set-aside inputs are paths of the patient;
- no decision proposes (an action that gives the drug: its medication or a schedule item) a
  drug the patient reacted to or a member of its cross-reactive groups, except epinephrine;
- the report survives its JSON form; the compact report and the cards are the same from the
  outcome (its decisions' actions) and from the report (its text), so the cards' reading of a
  report read back agrees with the decisions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from mastcell import InputError, Options, Patient, cdshooks, report_from_dict, to_dict
from mastcell.accounting import input_paths
from mastcell.cohort.compact import compact_json, compact_report
from mastcell.engine import decide
from mastcell.knowledge.allergy import NEVER_WITHHELD, reaction_match, reaction_matches
from mastcell.knowledge.drugs import generic_name
from mastcell.knowledge.sources import SOURCES
from mastcell.model import Category
from mastcell.outcome import Outcome
from mastcell.rules.registry import all_codes
from mastcell.testing import AT


class Run(NamedTuple):
    """One evaluation of a hand-written patient: its key in the golden file and its inputs."""

    key: str
    patient: Patient
    at: datetime = AT
    options: Options | None = None
    categories: frozenset[Category] | None = None


def runs(
    prefix: str,
    cases: dict[str, Patient] | Iterable[tuple[str, Patient]],
    options: dict[str, Options | None] | None = None,
    *,
    at: datetime = AT,
    categories: Iterable[Category | str] | None = None,
) -> list[Run]:
    """Every case under every option, keyed ``prefix/case/option``, sorted by key."""
    items = cases.items() if isinstance(cases, dict) else cases
    chosen = None if categories is None else frozenset(Category(c) for c in categories)
    return sorted(
        (
            Run(f"{prefix}/{name}/{label}", p, at, o, chosen)
            for name, p in items
            for label, o in (options or {"default": None}).items()
        ),
        key=lambda r: r.key,
    )


def outcome_of(run: Run) -> Outcome | list[str]:
    """The outcome of the run, or the input errors it gives."""
    try:
        return decide(run.patient, at=run.at, categories=run.categories, options=run.options)
    except InputError as exc:
        return list(exc.errors)


def _guard_sources(p: Patient, withdrawn: Iterable[str]) -> set[str]:
    """The sources the guard may add: the reactions' matches and epinephrine's (S141)."""
    out = {"S141"}
    for drug in (*withdrawn, *NEVER_WITHHELD):
        out |= {s for m in reaction_matches(p.reactions, drug) for s in m.sources}
    return out


def assert_sound(run: Run) -> Outcome | None:
    """The run keeps every promise of the module docstring; its outcome (None: input error)."""
    p = run.patient
    outcome = outcome_of(run)
    if isinstance(outcome, list):
        assert outcome, run.key
        for error in outcome:
            field, _, problem = error.partition(": ")
            assert field, error
            assert problem.startswith("expected"), error
        return None
    codes = all_codes()
    for d in outcome.decisions:
        rules = codes[d.code]
        declared = {s for r in rules for s in r.sources}
        if d.guard is not None:  # the guard cites the reactions behind what it withdrew
            declared |= _guard_sources(p, d.guard.withdrawn)
        assert set(d.sources) <= declared, f"{run.key}: {d.code} cites {d.sources}"
        assert all(s in SOURCES for s in d.sources), d.sources
        if run.categories is not None:
            assert Category.of(d.code) in run.categories
        proposed = [d.medication] if d.medication is not None and d.action.gives else []
        proposed += [item.advice for item in d.schedule if item.action.gives]
        for advice in proposed:
            if (generic_name(advice.drug) or advice.drug) in NEVER_WITHHELD:
                continue
            match = reaction_match(p.reactions, advice.drug)
            assert match is None, f"{run.key}: {d.code} proposes {advice.drug}, reacted to"
    paths = input_paths(p)
    cited = {f.input for d in outcome.decisions for f in d.findings}
    unused = [u.input for u in outcome.unused_inputs]
    reviewed = [r.input for r in outcome.reviewed_inputs]
    assert len(set(reviewed)) == len(reviewed), reviewed
    assert set(reviewed) <= set(paths), set(reviewed) - set(paths)
    assert set(unused) <= set(paths), set(unused) - set(paths)
    assert not set(reviewed) & set(unused)
    assert set(paths) <= cited | set(unused) | set(reviewed), run.key
    for r in outcome.reviewed_inputs:
        assert r.rules, r
        assert all(code in codes for code in r.rules), r.rules
    report = outcome.report()
    assert report_from_dict(to_dict(report)) == report
    assert compact_report(outcome) == compact_report(report)
    assert compact_json(outcome) == compact_json(report)
    assert cdshooks.cards(outcome) == cdshooks.cards(report), run.key
    return outcome
