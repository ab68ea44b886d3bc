"""The adapter: an unconverted rule's recommendations as decisions, its text kept.

While the rules are converted area by area (issue 20), the engine runs every unconverted rule
as before (through the recording view, :class:`mastcell.accounting.Reading`) and wraps each
recommendation it writes in a :class:`~mastcell.decision.Decision` whose ``text`` is that
recommendation, so the guard, the ordering and the compact report treat both kinds alike and
the report stays what it was.

Such a recommendation names no action, so one is read from its advice, as the guard used to:
advice whose timing begins "hold" holds, "discontinue" or "stop" stops, "do not start" or
"do not use" avoids; any other advice gives the drug: the action its code names for the CDS
Hooks orders (``.start``, ``.add``, ``.prescribe``: start; ``.increase``; ``.resume_reduced``:
resume), else prefer (a proposal, not an order). "do not use" is the one reading that differs
from the old guard's: it read the imatinib rule's "do not use: KIT D816V detected" as a
proposal of imatinib (issue 20). A converted rule states its actions and never passes here.
"""

from __future__ import annotations

from operator import attrgetter

from mastcell.decision import LEGACY, Action, Decision, Dose
from mastcell.model import DoseAdvice, Recommendation

__all__ = ["adapt", "legacy_action"]

#: Timing words of advice that does not give the drug, with the action they state.
_NOT_GIVING = (
    ("hold", Action.HOLD),
    ("discontinue", Action.STOP),
    ("stop", Action.STOP),
    ("do not start", Action.AVOID),
    ("do not use", Action.AVOID),
    ("clinician decision", Action.INFORM),
)
_NOT_GIVING_WORDS = tuple(words for words, _ in _NOT_GIVING)
#: Code endings whose proposal a CDS Hooks card offers to order (the old ``_ORDERING``).
_ORDERING = {
    "start": Action.START,
    "add": Action.START,
    "prescribe": Action.START,
    "increase": Action.INCREASE,
    "resume_reduced": Action.RESUME,
}
#: Code endings of recommendations without a dose, with the action they name.
_WITHOUT_DOSE = {
    "obtain": Action.OBTAIN,
    "monitor": Action.MONITOR,
    "refer": Action.REFER,
    "specialist_center": Action.REFER,
    "avoid": Action.AVOID,
    "contraindicated": Action.AVOID,
    "do_not_start": Action.AVOID,
}


_SOURCE = attrgetter("source")


def legacy_action(code: str, advice: DoseAdvice, *, main: bool = True) -> Action:
    """The action of an unconverted rule's advice, read from its timing words and its code.

    ``main``: the recommendation's own ``medication`` (its code may name an order); else an
    item of its schedule.

    >>> legacy_action("cytopenia.midostaurin.interrupt",
    ...               DoseAdvice(drug="midostaurin", timing="hold: no doses until recovery"))
    <Action.HOLD: 'hold'>
    >>> legacy_action("antimediator.h2.add", DoseAdvice(drug="famotidine"))
    <Action.START: 'start'>
    >>> legacy_action("cytopenia.imatinib.kit_d816v",
    ...               DoseAdvice(drug="imatinib", timing="do not use: KIT D816V detected"))
    <Action.AVOID: 'avoid'>
    """
    if advice.timing:
        timing = advice.timing.strip().lower()
        if timing.startswith(_NOT_GIVING_WORDS):
            for words, action in _NOT_GIVING:
                if timing.startswith(words):
                    return action
    if main:
        return _ORDERING.get(code.rsplit(".", 1)[-1], Action.PREFER)
    return Action.PREFER


def adapt(rec: Recommendation) -> Decision:
    """An unconverted rule's recommendation as a decision that carries its text.

    >>> rec = Recommendation(code="emergency.triggers.avoid", indicator="info",
    ...                      summary="Avoid triggers", detail="...")
    >>> d = adapt(rec)
    >>> d.action, d.text is rec, d.sources
    (<Action.AVOID: 'avoid'>, True, ())
    """
    code = rec.code
    medication = rec.medication
    if medication is not None:
        action = legacy_action(code, medication)
    else:
        action = _WITHOUT_DOSE.get(code.rsplit(".", 1)[-1], Action.INFORM)
    return Decision(
        code=code,
        indicator=rec.indicator,
        action=action,
        drug=None if medication is None else medication.drug,
        medication=medication,
        schedule=tuple([Dose(legacy_action(code, item, main=False), item) for item in rec.schedule])
        if rec.schedule
        else (),
        findings=rec.findings,
        sources=tuple(map(_SOURCE, rec.evidence)),
        variant=LEGACY,
        text=rec,
    )
