"""The words of the other cytoreductive-drug decisions (:mod:`mastcell.rules.cytoreduction`).

>>> from mastcell.text import template_of
>>> template_of("cytopenia.cladribine.prophylaxis")(
...     covered=(("herpes", ("acyclovir",)),), missing=("Pneumocystis",))[0]
'Cladribine: check Pneumocystis and herpes prophylaxis (on the list: herpes (acyclovir); not on the list: Pneumocystis); avoid live vaccines'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import Count, classify
from mastcell.knowledge.cytoreduction import (
    CLADRIBINE,
    CLADRIBINE_LIVE_VACCINES,
    CLADRIBINE_PROPHYLAXIS,
    IMATINIB,
    IMATINIB_COUNTS,
    IMATINIB_D816V,
    LYMPHOCYTE_GRADES,
    LabelFigure,
)
from mastcell.model import DoseAdvice
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__: list[str] = []

_RULE = IMATINIB_COUNTS
_TRIGGER = f"ANC < {_RULE.anc_below:.1f} and/or platelets < {_RULE.platelets_below:g} x10^9/L"
_RESTART = f"ANC >= {_RULE.anc_restart:.1f} and platelets >= {_RULE.platelets_restart:g} x10^9/L"
_NO_FIGURES = "No count figures for this drug were found in mastcell's sources."


def _listed(severe: Sequence[tuple[Count, int]]) -> str:
    return "; ".join(f"{c.describe()} ({classify(c).text})" for c, _ in severe)


def _figures(figures: Sequence[LabelFigure]) -> list[str]:
    return [f"[{f.fact}, {f.indication}, {f.tag}] {f.text}." for f in figures]


@template("cytopenia.imatinib.interrupt")
def imatinib_interrupt(*, low: Sequence[Count], hold_continues: bool) -> Text:
    """Below the label's interrupt (or, on hold, restart) thresholds (CR9)."""
    now = ", ".join(c.describe() for c in low)
    verb = "Keep imatinib on hold" if hold_continues else "Interrupt imatinib"
    return (
        fit_summary(f"{verb}: {now}; resume at the previous dose when {_RESTART}"),
        f"Imatinib label (S117; {_RULE.rows}): {_TRIGGER}: stop until {_RESTART}, then "
        f"resume at the previous dose. Now: {now}. Note: {_RULE.recurrence}. "
        "Grades: CTCAE v5.0.",
    )


@template("cytopenia.imatinib.resume")
def imatinib_resume(*, anc: Count, platelets: Count, dose: DoseAdvice) -> Text:
    """Recovered to the restart thresholds: the previous dose (CR9)."""
    shown = "not recorded"
    if dose.dose is not None:
        shown = str(dose.dose) + (f" {dose.frequency.label}" if dose.frequency else "")
    return (
        fit_summary(
            f"Resume imatinib at the previous dose ({shown}): {anc.describe()}, "
            f"{platelets.describe()}"
        ),
        f"Imatinib label (S117; {_RULE.rows}): after a hold for {_TRIGGER}, restart when "
        f"{_RESTART}, at the previous dose; both are met ({anc.describe()}, "
        f"{platelets.describe()}). If this was a recurrence: {_RULE.recurrence}.",
    )


@template("cytopenia.imatinib.kit_d816v")
def imatinib_d816v(*, status: str) -> Text:
    """Imatinib with a documented KIT D816V (CR8)."""
    return (
        fit_summary(
            f"Imatinib ({status}) with KIT D816V: D816V carriers are not "
            "sensitive to imatinib and should not receive it"
        ),
        f"CR8 (S117, S118): {IMATINIB_D816V.text}. The patient's KIT D816V is recorded "
        "as detected: review the indication with the treating haematologist.",
    )


@template("cytopenia.cytoreductive.hold_review")
def hold_review(
    *,
    name: str,
    drug: str,
    severe: Sequence[tuple[Count, int]],
    held: bool,
    grade: int,
    figures: Sequence[LabelFigure],
) -> Text:
    """A grade 3-4 count on a drug without SM thresholds: hold and review (CR1, CR5-CR7)."""
    worst = max(severe, key=lambda item: item[1])
    info = " ".join(_figures(figures)) or _NO_FIGURES
    if drug == IMATINIB:
        info = (
            "The imatinib label rows read (CR9, S117) cover ANC and platelets only; no "
            "haemoglobin or WBC threshold was read."
        )
    lymph = (
        f" Lymphocyte counts are not an input of mastcell; {LYMPHOCYTE_GRADES.text} "
        f"({LYMPHOCYTE_GRADES.fact})."
        if drug == CLADRIBINE
        else ""
    )
    gap = "no label threshold read" if drug == IMATINIB else "no SM threshold exists"
    verb = "Keep" if held else "Hold"
    extra = "on hold " if held else ""
    return (
        fit_summary(
            f"{verb} {name} {extra}and review: {worst[0].describe()}, CTCAE grade "
            f"{worst[1]}; {gap}: clinician decision"
        ),
        f"On {name}: {_listed(severe)}. mastcell's sources give no SM-specific hold "
        "threshold for this drug (addendum section 4, CR1, CR5-CR7), so a CTCAE v5.0 "
        f"grade {grade} or worse count is flagged "
        "for a hold-and-review decision (a library convention, "
        "CytopeniaOptions.hold_review_grade): clinician decision. Figures from other "
        f"indications, for information only, not applied: {info}{lymph}",
    )


@template("cytopenia.cytoreductive.planned_low_count")
def planned_low_count(
    *,
    name: str,
    path: str,
    severe: Sequence[tuple[Count, int]],
    grade: int,
    own: str,
    figures: Sequence[LabelFigure],
) -> Text:
    """A cytoreductive drug planned with a grade 3-4 count: starting is a clinician decision."""
    worst = max(severe, key=lambda item: item[1])
    info = " ".join([*([f"{own[0].upper()}{own[1:]}."] if own else []), *_figures(figures)]) or (
        _NO_FIGURES
    )
    return (
        fit_summary(
            f"{name.capitalize()} is planned with {worst[0].describe()} (CTCAE "
            f"grade {worst[1]}): starting now is a clinician decision"
        ),
        f"{name.capitalize()} is planned ({path}) and "
        f"the counts are low: {_listed(severe)}. A CTCAE v5.0 grade "
        f"{grade} or worse count is flagged before "
        "a cytoreductive drug starts (a library convention, "
        f"CytopeniaOptions.hold_review_grade). What the sources say: {info} Whether "
        "and when to start: clinician decision.",
    )


@template("cytopenia.cladribine.prophylaxis")
def cladribine_prophylaxis(
    *, covered: Sequence[tuple[str, Sequence[str]]], missing: Sequence[str]
) -> Text:
    """The prophylaxis found on the list and not, the HCL regimen labelled as such."""
    on_list = [f"{need} ({', '.join(names)})" for need, names in covered]
    status = (
        (f"on the list: {'; '.join(on_list)}" if on_list else "")
        + ("; " if on_list and missing else "")
        + (f"not on the list: {', '.join(missing)}" if missing else "")
    )
    return (
        fit_summary(
            f"Cladribine: check Pneumocystis and herpes prophylaxis ({status}); avoid live vaccines"
        ),
        f"{CLADRIBINE_PROPHYLAXIS.need.capitalize()}: Pneumocystis prophylaxis is needed "
        "after cladribine in SM (S29); the SM drug, dose and duration could not be found "
        "(NOT VERIFIED): clinician decision. For comparison, "
        f"{CLADRIBINE_PROPHYLAXIS.other_regimen} (S114). Also: "
        f"{CLADRIBINE_LIVE_VACCINES.text} ({CLADRIBINE_LIVE_VACCINES.fact}, S112). "
        f"Medication list: {status}.",
    )
