"""The midostaurin state machine's transitions as decisions (:mod:`mastcell.rules.midostaurin`).

:func:`transition` makes a decision of one of the state machine's codes, with the action
and structured doses of that code (interrupt: hold now, resume at 50 mg twice daily on
recovery, then 100 mg; resume; increase; discontinue); the helpers make the transitions
several states share. No text: the variant and parameters say which template writes it
(:mod:`mastcell.text.midostaurin`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from mastcell.decision import Action, Decision, Dose
from mastcell.knowledge.cytopenia import MIDOSTAURIN, MIDOSTAURIN_FULL, MIDOSTAURIN_REDUCED
from mastcell.model import DoseAdvice, Finding, Indicator
from mastcell.model.dates import day_of
from mastcell.rules.midostaurin_rows import RowResult, Verdict

__all__ = [
    "DISCONTINUE",
    "INCREASE",
    "INTERRUPT",
    "LABEL_UNSPECIFIED",
    "OBTAIN_CBC",
    "RESUME_REDUCED",
    "days_since",
    "hold",
    "interrupt_for_rows",
    "resume",
    "transition",
    "unspecified_rows",
]

INTERRUPT = "cytopenia.midostaurin.interrupt"
RESUME_REDUCED = "cytopenia.midostaurin.resume_reduced"
INCREASE = "cytopenia.midostaurin.increase"
DISCONTINUE = "cytopenia.midostaurin.discontinue"
LABEL_UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"
OBTAIN_CBC = "cytopenia.cbc.obtain"

_NOTE = "with food, about 12 h apart"
_RESTART = MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN, timing="on recovery", note=_NOTE)
_FULL_AFTER = MIDOSTAURIN_FULL.advice(MIDOSTAURIN, timing="then, if 50 mg twice daily is tolerated")
_REDUCED_NOW = MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN, note=_NOTE)

#: Each code's action, structured dose and schedule (each item with its action).
_DOSES: Mapping[str, tuple[Action, DoseAdvice | None, tuple[Dose, ...]]] = {
    INTERRUPT: (
        Action.HOLD,
        DoseAdvice(drug=MIDOSTAURIN, timing="hold: no doses until recovery"),
        (Dose(Action.RESUME, _RESTART), Dose(Action.INCREASE, _FULL_AFTER)),
    ),
    RESUME_REDUCED: (
        Action.RESUME,
        _REDUCED_NOW,
        (Dose(Action.RESUME, _REDUCED_NOW), Dose(Action.INCREASE, _FULL_AFTER)),
    ),
    INCREASE: (Action.INCREASE, MIDOSTAURIN_FULL.advice(MIDOSTAURIN, note=_NOTE), ()),
    DISCONTINUE: (Action.STOP, DoseAdvice(drug=MIDOSTAURIN, timing="discontinue permanently"), ()),
    LABEL_UNSPECIFIED: (Action.INFORM, None, ()),
    OBTAIN_CBC: (Action.OBTAIN, None, ()),
}


def transition(
    code: str,
    variant: str,
    *,
    findings: tuple[Finding, ...],
    sources: tuple[str, ...],
    critical: bool = False,
    **params: Any,
) -> Decision:
    """A decision of the state machine: its code's action and doses, findings, sources, text key.

    Interrupt and discontinue are critical; so is an uncovered, severe cytopenia
    (``critical``); the rest are warnings.

    >>> d = transition(INCREASE, "", findings=(), sources=("S1", "S2"), counts=())
    >>> d.action, str(d.medication), d.indicator
    (<Action.INCREASE: 'increase'>, 'midostaurin 100 mg oral twice daily', <Indicator.WARNING: 'warning'>)
    """
    action, medication, schedule = _DOSES[code]
    return Decision(
        code=code,
        indicator=Indicator.CRITICAL
        if critical or code in (INTERRUPT, DISCONTINUE)
        else Indicator.WARNING,
        action=action,
        drug=MIDOSTAURIN,
        medication=medication,
        schedule=schedule,
        findings=findings,
        sources=tuple(dict.fromkeys(sources)),
        variant=variant,
        params=params,
    )


def days_since(start: date, moment: date) -> int:
    """Calendar days from ``start`` to ``moment``.

    >>> from datetime import date
    >>> days_since(date(2026, 11, 1), date(2026, 11, 22))
    21
    """
    return (day_of(moment) - day_of(start)).days


def interrupt_for_rows(rows: Sequence[RowResult], *, hold_continues: bool) -> Decision | None:
    """Interrupt (or keep holding) for the rows below their thresholds; None when none is.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.rules.midostaurin_rows import row_results
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["asm"], medications=[med("midostaurin")], labs=[
    ...     lab("anc", 0.8, "10*9/L"), lab("platelets", 150, "K/uL"), lab("hemoglobin", 12, "g/dL")])
    >>> rows = row_results(facts_of(p, AT), p.medications[0], Context(at=AT))

    >>> d = interrupt_for_rows(rows, hold_continues=False)
    >>> d.code, [str(s.advice) for s in d.schedule]
    ('cytopenia.midostaurin.interrupt', ['midostaurin 50 mg oral twice daily on recovery', 'midostaurin 100 mg oral twice daily then, if 50 mg twice daily is tolerated'])
    """
    below = [r for r in rows if r.verdict is Verdict.BELOW]
    if not below:
        return None
    return transition(
        INTERRUPT,
        "rows",
        findings=tuple(f for r in below for f in r.findings()),
        sources=(*(s for r in below for s in r.row.sources), "S53"),
        below=tuple(below),
        hold_continues=hold_continues,
    )


def unspecified_rows(rows: Sequence[RowResult]) -> list[Decision]:
    """A clinician decision for each low count in a population the table does not cover.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.rules.midostaurin_rows import row_results
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["asm"], medications=[med("midostaurin")], labs=[
    ...     lab("anc", 0.8, "10*9/L"), lab("platelets", 150, "K/uL"), lab("hemoglobin", 12, "g/dL")])
    >>> rows = row_results(facts_of(p, AT), p.medications[0], Context(at=AT))

    >>> unspecified_rows(rows)
    []
    """
    return [
        transition(
            LABEL_UNSPECIFIED,
            "row",
            findings=r.findings(),
            sources=r.row.sources,
            critical=r.severe,
            result=r,
        )
        for r in rows
        if r.verdict is Verdict.UNSPECIFIED and r.count is not None
    ]


def resume(
    rows: Sequence[RowResult], findings: tuple[Finding, ...], why: str, **params: Any
) -> Decision:
    """Resume at 50 mg twice daily, for the reason the variant ``why`` names.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.rules.midostaurin_rows import row_results
    >>> from mastcell.rules.registry import Context
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["asm"], medications=[med("midostaurin")], labs=[
    ...     lab("anc", 0.8, "10*9/L"), lab("platelets", 150, "K/uL"), lab("hemoglobin", 12, "g/dL")])
    >>> rows = row_results(facts_of(p, AT), p.medications[0], Context(at=AT))

    >>> d = resume(rows, (), "toxicity_resolved")
    >>> d.code, d.action.value, str(d.medication)
    ('cytopenia.midostaurin.resume_reduced', 'resume', 'midostaurin 50 mg oral twice daily')
    """
    return transition(
        RESUME_REDUCED,
        why,
        findings=findings,
        sources=("S1", "S2"),
        counts=tuple(r.count for r in rows if r.count is not None),
        **params,
    )


def hold(
    variant: str, findings: tuple[Finding, ...], sources: tuple[str, ...], **params: Any
) -> Decision:
    """The hold continues (``interrupt`` of a held drug), for the reason ``variant`` names.

    >>> d = hold("nausea_day", (), ("S1",), day=1)
    >>> d.code, d.action.value, d.params
    ('cytopenia.midostaurin.interrupt', 'hold', {'day': 1})
    """
    return transition(INTERRUPT, variant, findings=findings, sources=sources, **params)
