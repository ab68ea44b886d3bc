"""The words of the premedication decision (:mod:`mastcell.rules.perioperative_premedication`).

The protocol (O10, S35), the risk figures (O12, O13) and the contrast and endoscopy notes are
written as :mod:`mastcell.knowledge.perioperative` holds them.

>>> from mastcell.text import template_of
>>> template_of("perioperative.premedication").__name__
'premedication'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import ReactionMatch
from mastcell.knowledge.perioperative import (
    CHILD_BELOW_YEARS,
    CONTRAST_RISK,
    ENDOSCOPY_NOTE,
    PREMEDICATION,
    PREMEDICATION_MONTELUKAST,
    PREMEDICATION_RISK,
    PremedicationStep,
)
from mastcell.knowledge.special_populations import OLDER_ADULT, AgeLimit, age_words
from mastcell.model import ProcedureKind
from mastcell.rules.perioperative_facts import doses_text
from mastcell.rules.procedure_facts import Planned, fit
from mastcell.text import Text, template

__all__ = ["SLOT_LABELS"]

#: What each slot of the protocol is called in the text.
SLOT_LABELS = {
    "corticosteroid": "corticosteroid",
    "h1": "H1 antihistamine",
    "h2": "H2 antihistamine",
    "leukotriene": "leukotriene receptor antagonist",
}


def _who(age: float | None) -> tuple[str, str]:
    if age is None:
        return (
            "Age unknown: record the birth date; the protocol's doses differ under 12 years, so "
            "no dose is chosen here (both are listed with each drug).",
            " (age unknown)",
        )
    if age < CHILD_BELOW_YEARS:
        return f"Child doses (age {age:.1f} years, under {CHILD_BELOW_YEARS:g}).", " (child doses)"
    return f"Adult doses (age {age:.1f} years).", ""


def _extra(
    age: float | None,
    steps: Sequence[PremedicationStep],
    left_out: Sequence[tuple[str, ReactionMatch]],
    by_age: Sequence[tuple[str, AgeLimit]],
    sedating: Sequence[str],
    capped: str | None,
    kind: ProcedureKind,
    already: Sequence[str],
) -> list[str]:
    extra: list[str] = [
        f"Not scheduled: {m.drug} ({m.describe()}); "
        + (
            f"{', '.join(s.drug for s in steps if s.slot == slot)} is scheduled in its place."
            if any(s.slot == slot for s in steps)
            else f"the {SLOT_LABELS[slot]} is a clinician decision."
        )
        for slot, m in left_out
    ]
    extra += [
        f"Not scheduled: {row.drug}, which {row.says} ({row.fact}; {', '.join(row.sources)}); "
        f"the patient is {age_words(age)}: the {SLOT_LABELS[slot]} is a clinician decision."
        for slot, row in by_age
        if age is not None
    ]
    if sedating and age is not None:
        extra.append(
            f"{', '.join(sedating)} at {age_words(age)}: {OLDER_ADULT.says} ({OLDER_ADULT.fact}, "
            f"{', '.join(OLDER_ADULT.sources)}); the single premedication dose of the protocol "
            "is a clinician decision."
        )
    if capped is not None:
        extra.append(f"Prednisone for this child: {capped}.")
    if kind is ProcedureKind.CONTRAST_IMAGING:
        extra.append(CONTRAST_RISK)
    elif kind is ProcedureKind.ENDOSCOPY:
        extra.append(ENDOSCOPY_NOTE)
    if already:
        extra.append("Already taking " + ", ".join(already) + ": reconcile with the protocol dose.")
    return extra


@template("perioperative.premedication")
def premedication(
    *,
    planned: Planned,
    age: float | None,
    steps: Sequence[PremedicationStep],
    left_out: Sequence[tuple[str, ReactionMatch]],
    by_age: Sequence[tuple[str, AgeLimit]],
    sedating: Sequence[str],
    capped: str | None,
    already: Sequence[str],
) -> Text:
    """The schedule's summary, the protocol, who it is dosed for, and what was left out."""
    who, variant = _who(age)
    start = f"Start {planned.start_text}: times are computed from it" + (
        " and shift with the real start (PerioperativeOptions.assumed_start)."
        if planned.assumed
        else "."
    )
    h1 = next((s for s in steps if s.slot == "h1"), None)
    h1_text = (
        f"{h1.drug} 1 h before ({doses_text(h1)})"
        if h1 is not None
        else "an H1 antihistamine 1 h before"
    )
    extra = _extra(age, steps, left_out, by_age, sedating, capped, planned.procedure.kind, already)
    detail = " ".join(
        [
            f"Premedication for the {planned.label}, TMS / Castells protocol for all major and "
            "minor procedures and radiology with or without dye (S35): prednisone 50 mg orally "
            "24 h and 1-2 h before (20 mg under 12 years); "
            f"{h1_text}; an H2 antihistamine 1 h before; "
            f"{PREMEDICATION_MONTELUKAST}",
            who,
            start,
            (next((s.note for s in PREMEDICATION if s.slot == "h2"), None) or "") + ".",
            PREMEDICATION_RISK,
            *extra,
        ]
    )
    if left_out or by_age:
        kept = ", ".join(dict.fromkeys(s.drug for s in steps))
        why = [
            *(
                (", ".join(m.drug for _, m in left_out) + " (recorded reaction)",)
                if left_out
                else ()
            ),
            *((", ".join(r.drug for _, r in by_age) + " (label: age)",) if by_age else ()),
        ]
        summary = fit(
            f"Premedicate before the {planned.label}: {kept}{variant}; not {'; not '.join(why)}"
        )
    else:
        summary = (
            f"Premedicate before the {planned.label}: prednisone 24 h and 1-2 h before; "
            f"H1, H2, montelukast 1 h before{variant}"
        )
    return summary, detail
