"""The imatinib count decisions (CR9): hold until the restart thresholds, resume at the dose.

For :mod:`mastcell.rules.cytoreduction`: the label's interrupt (ANC < 1.0 and/or platelets
< 50 x10^9/L) and restart (ANC >= 1.5 and platelets >= 75) as decisions, from fresh counts.
"""

from __future__ import annotations

from mastcell.counts import Count, classify
from mastcell.decision import Action, Decision
from mastcell.knowledge.cytoreduction import IMATINIB, IMATINIB_COUNTS
from mastcell.model import DoseAdvice, DoseAmount, Finding, Indicator, Medication

__all__ = ["imatinib_hold", "imatinib_resume"]

_RULE = IMATINIB_COUNTS
#: The label's restart condition, as the advice writes it.
_RESTART = f"ANC >= {_RULE.anc_restart:.1f} and platelets >= {_RULE.platelets_restart:g} x10^9/L"


def _graded(count: Count, threshold: float, comparison: str, note: str) -> tuple[Finding, ...]:
    return count.findings(
        threshold=threshold, comparison=comparison, note=f"{classify(count).text}; {note}"
    )


def imatinib_hold(
    anc: Count | None, platelets: Count | None, med_finding: Finding, *, hold_continues: bool
) -> Decision:
    """Hold imatinib until the restart thresholds: the counts below them named.

    >>> from mastcell.counts import latest_count
    >>> from mastcell.testing import AT, lab, patient
    >>> anc = latest_count(patient(labs=[lab("anc", 0.9, "K/uL")]), "anc", AT)
    >>> d = imatinib_hold(anc, None, Finding(input="medications[0]"), hold_continues=False)
    >>> d.action.value, d.medication.timing
    ('hold', 'hold until ANC >= 1.5 and platelets >= 75 x10^9/L')
    """
    findings: list[Finding] = [med_finding]
    low = []
    for count, below, restart in (
        (anc, _RULE.anc_below, _RULE.anc_restart),
        (platelets, _RULE.platelets_below, _RULE.platelets_restart),
    ):
        if count is None:
            continue
        if count.value < below:
            low.append(count)
            findings += _graded(count, below, "<", "below the interrupt threshold (CR9)")
        elif count.value < restart:
            low.append(count)
            findings += _graded(count, restart, "<", "below the restart threshold (CR9)")
        else:
            findings += _graded(count, restart, ">=", "at or above the restart threshold")
    return Decision(
        code="cytopenia.imatinib.interrupt",
        indicator=Indicator.CRITICAL,
        action=Action.HOLD,
        drug=IMATINIB,
        medication=DoseAdvice(drug=IMATINIB, timing=f"hold until {_RESTART}"),
        findings=tuple(findings),
        sources=("S117", "S53"),
        params={"low": tuple(low), "hold_continues": hold_continues},
    )


def imatinib_resume(
    medication: Medication, anc: Count, platelets: Count, med_finding: Finding
) -> Decision:
    """Resume imatinib at the dose recorded before the hold (none recorded: said so).

    >>> from mastcell.counts import latest_count
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(labs=[lab("anc", 1.5, "K/uL"), lab("platelets", 75, "K/uL")])
    >>> anc, plt = latest_count(p, "anc", AT), latest_count(p, "platelets", AT)
    >>> d = imatinib_resume(med("imatinib", 400, frequency="daily"), anc, plt, Finding(input="x"))
    >>> d.code, str(d.medication)
    ('cytopenia.imatinib.resume', 'imatinib 400 mg once daily resume at the previous dose')
    """
    findings = (
        med_finding,
        *_graded(anc, _RULE.anc_restart, ">=", "recovered (CR9)"),
        *_graded(platelets, _RULE.platelets_restart, ">=", "recovered (CR9)"),
    )
    if medication.dose is None:
        dose = DoseAdvice(drug=IMATINIB, timing="resume at the previous dose (not recorded)")
    else:
        dose = DoseAdvice(
            drug=IMATINIB,
            dose=DoseAmount(value=medication.dose.value, unit=medication.dose.unit),
            frequency=medication.frequency,
            route=medication.route,
            timing="resume at the previous dose",
        )
    return Decision(
        code="cytopenia.imatinib.resume",
        indicator=Indicator.WARNING,
        # A restart at the previous dose taken from the record (CR9, S117: no dose in the
        # knowledge tables): given, but no card offers it as an order.
        action=Action.PREFER,
        drug=IMATINIB,
        medication=dose,
        findings=findings,
        sources=("S117",),
        params={"anc": anc, "platelets": platelets, "dose": dose},
    )
