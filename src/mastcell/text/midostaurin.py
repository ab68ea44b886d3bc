"""The words of the midostaurin decisions (:mod:`mastcell.rules.midostaurin`).

One template per code and variant; the variants of ``interrupt`` name why the hold starts or
continues, those of ``discontinue`` and ``label_unspecified`` what the label's table met.

>>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_ANC
>>> fmt(1.0), fmt(50.0), name(MIDOSTAURIN_ANC), unit(MIDOSTAURIN_ANC)
('1.0', '50', 'ANC', 'x10^9/L')
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mastcell.counts import Count
from mastcell.knowledge.adverse_events import MIDOSTAURIN_PULMONARY
from mastcell.knowledge.cytopenia import CountRow
from mastcell.model import Analyte
from mastcell.model.recommendation import fit_summary
from mastcell.rules.midostaurin_rows import Population, RowResult, State
from mastcell.text import Text, template

__all__ = ["ATTRIBUTION", "fmt", "name", "population_text", "unit"]

#: Said with every row: the label applies to what is attributed to midostaurin.
ATTRIBUTION = (
    "The label's rows apply to a cytopenia or toxicity attributed to midostaurin: the "
    "clinician confirms the attribution, mastcell cannot."
)
_INTERRUPT = "cytopenia.midostaurin.interrupt"
_UNSPECIFIED = "cytopenia.midostaurin.label_unspecified"
_DISCONTINUE = "cytopenia.midostaurin.discontinue"
_RESUME = "cytopenia.midostaurin.resume_reduced"


def fmt(value: float) -> str:
    """A threshold as labels print it: 1.0 and 0.5 keep their decimal, 50 does not.

    >>> fmt(0.5), fmt(25.0)
    ('0.5', '25')
    """
    return f"{value:.1f}" if value < 10 else f"{value:g}"


def unit(row: CountRow) -> str:
    """The unit a row's counts are written in.

    >>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_HEMOGLOBIN
    >>> unit(MIDOSTAURIN_HEMOGLOBIN)
    'g/dL'
    """
    return "g/dL" if row.analyte is Analyte.HEMOGLOBIN else "x10^9/L"


def name(row: CountRow) -> str:
    """The count a row is about, as the label names it.

    >>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_PLATELETS
    >>> name(MIDOSTAURIN_PLATELETS)
    'platelets'
    """
    return {Analyte.ANC: "ANC", Analyte.PLATELETS: "platelets", Analyte.HEMOGLOBIN: "Hb"}[
        row.analyte
    ]


def _range(row: CountRow) -> str:
    return f"{fmt(row.baseline_low)}-{fmt(row.baseline_high)}"


def population_text(result: RowResult) -> str:
    """The population a row's verdict was made for, or why the label does not settle it.

    >>> from mastcell.knowledge.cytopenia import MIDOSTAURIN_ANC
    >>> from mastcell.rules.midostaurin_rows import Verdict
    >>> population_text(RowResult(row=MIDOSTAURIN_ANC, verdict=Verdict.UNSPECIFIED,
    ...                           population=Population.MCL_UNKNOWN_BASELINE))
    'MCL with an unknown baseline (no count marked role baseline and none on or before the start date)'
    """
    row, baseline, population = result.row, result.baseline, result.population
    value = "" if baseline is None else f"{baseline.value:g}"
    if population is Population.WITHOUT_MCL:
        return "patients without MCL"
    if population is Population.BASELINE:
        return f"baseline {name(row)} {value} within {_range(row)} {unit(row)}"
    if population is Population.MCL_NOT_RECORDED:
        why = (
            f"MCL is not recorded, and the {name(row)} < {fmt(row.interrupt_below)} row is for "
            "patients without MCL"
        )
        if not result.in_range:
            why += "; the baseline does not place the patient in the other population either"
        return why
    if population is Population.MCL_UNKNOWN_BASELINE:
        return (
            "MCL with an unknown baseline (no count marked role baseline and none on or before "
            "the start date)"
        )
    if population is Population.MCL_BASELINE_OUTSIDE:
        return (
            f"MCL with a baseline {name(row)} of {value} {unit(row)}, outside the label's "
            f"{_range(row)}"
        )
    return (
        f"MCL with a baseline Hb of {value} g/dL: the label's criterion is "
        f"'{row.baseline_criterion}', a clinical judgement mastcell cannot make"
    )


def _counts(counts: Sequence[Count]) -> str:
    return ", ".join(c.describe() for c in counts)


# -- interrupt, and the hold continuing ------------------------------------------------------


@template(_INTERRUPT, "rows")
def interrupt_rows(*, below: Sequence[RowResult], hold_continues: bool) -> Text:
    """Counts below the label's thresholds: interrupt (or keep holding)."""
    first = below[0]
    assert first.count is not None
    assert first.threshold is not None
    parts = [
        f"{r.count.describe()} < {fmt(r.threshold)} ({population_text(r)})"
        for r in below
        if r.count is not None and r.threshold is not None
    ]
    verb = "Keep midostaurin on hold" if hold_continues else "Interrupt midostaurin"
    restart = "; ".join(
        f"restart when {name(r.row)} >= {fmt(r.row.restart_at_or_above)} {unit(r.row)}"
        for r in below
    )
    return (
        fit_summary(
            f"{verb}: {first.count.describe()} below {fmt(first.threshold)}; restart 50 mg twice "
            f"daily when {name(first.row)} >= {fmt(first.row.restart_at_or_above)}"
        ),
        f"Midostaurin label table (S1): {'; '.join(parts)}. Action: interrupt; {restart}, at "
        "50 mg twice daily, then 100 mg twice daily if tolerated; discontinue if the low count "
        f"lasts more than 21 days and is suspected to be drug-related. {ATTRIBUTION}",
    )


@template(_INTERRUPT, "toxicity")
def interrupt_toxicity(
    *, row: str, term: str, grade: int, nausea: bool, other: bool, reduced: bool
) -> Text:
    """Grade 3/4 non-haematological toxicity: interrupt."""
    texts = []
    if nausea:
        texts.append(
            "grade 3/4 nausea and/or vomiting despite optimal antiemetics (the clinician "
            "confirms antiemetic therapy was optimal): interrupt for 3 days (6 doses), then "
            "50 mg twice daily, increasing to 100 mg twice daily if tolerated"
        )
    if other:
        texts.append(
            "other grade 3/4 non-haematological toxicity: interrupt until grade 2 or lower, "
            "then 50 mg twice daily, increasing to 100 mg twice daily if tolerated; "
            "discontinue if not back to grade 2 or lower within 21 days"
        )
        if reduced:
            texts.append(
                "the patient is on the reduced dose: if this is a recurrence of a severe "
                "toxicity at the reduced dose, the label says discontinue (clinician confirms)"
            )
    return (
        fit_summary(f"Interrupt midostaurin: {row} ({term}, grade {grade})"),
        f"Midostaurin label table (S1): {'; '.join(texts)}. {ATTRIBUTION}",
    )


def _hold(summary: str, detail: str) -> Text:
    return fit_summary(summary), f"{detail} {ATTRIBUTION}"


@template(_INTERRUPT, "toxicity_no_date")
def hold_toxicity_no_date() -> Text:
    """A toxicity ongoing, the date of the hold unknown."""
    return _hold(
        "Keep midostaurin on hold: a grade 3/4 toxicity is ongoing",
        "A grade 3/4 adverse event is ongoing (S1). held_since is not recorded, so "
        "the label's time limits cannot be applied: record the date the drug was "
        "held.",
    )


@template(_INTERRUPT, "toxicity_day")
def hold_toxicity_day(*, term: str, day: int, limit: int) -> Text:
    """A toxicity ongoing within its 21 days."""
    return _hold(
        f"Keep midostaurin on hold until {term} is grade 2 or lower (day {day} of {limit})",
        "Midostaurin label table (S1): interrupt until grade 2 or lower; discontinue "
        f"if not recovered within {limit} days.",
    )


@template(_INTERRUPT, "nausea_day")
def hold_nausea_day(*, day: int) -> Text:
    """Within the 3-day interruption for nausea/vomiting."""
    return _hold(
        f"Keep midostaurin on hold: day {day} of the 3-day interruption for nausea/vomiting",
        "Midostaurin label table (S1): grade 3/4 nausea and/or vomiting despite "
        "optimal antiemetics: interrupt for 3 days (6 doses), then 50 mg twice daily.",
    )


@template(_INTERRUPT, "cytopenia_no_date")
def hold_cytopenia_no_date(*, count: Count, row: CountRow) -> Text:
    """The count not recovered, the date of the hold unknown."""
    restart = fmt(row.restart_at_or_above)
    return _hold(
        f"Keep midostaurin on hold: {count.describe()} still below {restart} {unit(row)}",
        f"{count.describe()} has not recovered to {restart} (S1). held_since is not "
        "recorded, so the label's 21-day limit cannot be applied: record the date the "
        "drug was held.",
    )


@template(_INTERRUPT, "cytopenia_day")
def hold_cytopenia_day(*, count: Count, row: CountRow, day: int, held_since: date) -> Text:
    """The count not recovered, within the 21 days."""
    restart, limit = fmt(row.restart_at_or_above), row.persistence_limit.days
    return _hold(
        f"Keep midostaurin on hold: {count.describe()} still below {restart} "
        f"(day {day} of {limit})",
        f"{count.describe()} has not recovered to {restart} {unit(row)} (S1); held since "
        f"{held_since.isoformat()}, day {day}. If it is still low after day {limit} and "
        "suspected to be drug-related, the label says discontinue.",
    )


@template(_INTERRUPT, "cytopenia_recheck")
def hold_cytopenia_recheck(*, count: Count, row: CountRow, count_day: int) -> Text:
    """Past day 21, the last count drawn before it: hold, and recheck."""
    restart = fmt(row.restart_at_or_above)
    return _hold(
        f"Keep midostaurin on hold: {count.describe()} below {restart} on day {count_day}; recheck",
        f"{count.describe()} had not recovered to {restart} {unit(row)} (S1) on day "
        f"{count_day} of the hold.",
    )


# -- resume and increase ---------------------------------------------------------------------


def _resume(why: str, counts: Sequence[Count]) -> Text:
    return (
        fit_summary(f"Resume midostaurin at 50 mg twice daily: {why}"),
        f"Midostaurin label table (S1): {why}; restart at 50 mg twice daily, then "
        f"100 mg twice daily if tolerated. Current counts: {_counts(counts)}; none is below "
        f"its interrupt threshold. {ATTRIBUTION}",
    )


@template(_RESUME, "recovered")
def resume_recovered(*, counts: Sequence[Count], count: Count, row: CountRow) -> Text:
    """The count the hold was for has recovered."""
    return _resume(f"{count.describe()} has recovered to >= {fmt(row.restart_at_or_above)}", counts)


@template(_RESUME, "nausea_done")
def resume_nausea_done(*, counts: Sequence[Count]) -> Text:
    """The 3-day interruption for nausea/vomiting is over."""
    return _resume("the 3-day interruption for nausea/vomiting is complete", counts)


@template(_RESUME, "toxicity_resolved")
def resume_toxicity_resolved(*, counts: Sequence[Count]) -> Text:
    """The toxicity the hold was for has resolved."""
    return _resume("the grade 3/4 toxicity has resolved", counts)


@template("cytopenia.midostaurin.increase")
def increase(*, counts: Sequence[Count]) -> Text:
    """From 50 mg twice daily back to 100 mg twice daily."""
    return (
        fit_summary(
            "Increase midostaurin to 100 mg twice daily if 50 mg twice daily is "
            "tolerated: counts are above the label's thresholds"
        ),
        "After an interruption the label restarts midostaurin at 50 mg twice daily "
        "and then increases to 100 mg twice daily if tolerated (S1). Current "
        f"counts: {_counts(counts)}; none is below its interrupt threshold and no grade 3/4 "
        "toxicity is recorded as ongoing. Whether 50 mg twice daily is tolerated is the "
        "clinician's judgement.",
    )


# -- discontinue ---------------------------------------------------------------------------


@template(_DISCONTINUE, "count")
def discontinue_count(*, count: Count, row: CountRow, count_day: int, held_since: date) -> Text:
    """The count still low past day 21."""
    restart, limit = fmt(row.restart_at_or_above), row.persistence_limit.days
    return (
        fit_summary(
            f"Discontinue midostaurin: {count.describe()} still below {restart} on day "
            f"{count_day} of the hold (more than {limit} days)"
        ),
        f"Midostaurin label table (S1): discontinue if the low {name(row)} lasts more than "
        f"{limit} days and is suspected to be drug-related. Held since "
        f"{held_since.isoformat()}; {count.describe()} on day {count_day} is still below the "
        f"restart threshold {restart} {unit(row)}. " + ATTRIBUTION,
    )


@template(_DISCONTINUE, "toxicity")
def discontinue_toxicity(*, term: str, grade: int, limit: int, day: int) -> Text:
    """A toxicity not back to grade 2 within 21 days."""
    return (
        fit_summary(
            f"Discontinue midostaurin: grade {grade} {term} not back to grade 2 or lower "
            f"within {limit} days"
        ),
        "Midostaurin label table (S1): other grade 3/4 non-haematological "
        "toxicity: discontinue if not back to grade 2 or lower within "
        f"{limit} days. Held for {day} days; the event is recorded as "
        f"ongoing. {ATTRIBUTION}",
    )


_PULMONARY = (
    f"Midostaurin label ({MIDOSTAURIN_PULMONARY.fact}; S101, S103): {MIDOSTAURIN_PULMONARY.text}"
)


@template(_DISCONTINUE, "pulmonary")
def discontinue_pulmonary(
    *,
    term: str,
    grade: int,
    ongoing: bool,
    recorded: Sequence[tuple[str, int]],
    state: State,
    attributed: Sequence[str],
) -> Text:
    """ILD or pneumonitis since the start: discontinue, no restart (LW13)."""
    status = "ongoing" if ongoing else "resolved"
    attribution = (
        f" The record attributes it to {', '.join(attributed)}; the label's instruction does "
        "not depend on attribution: the clinician confirms."
        if attributed
        else ""
    )
    return (
        fit_summary(
            f"Discontinue midostaurin: {term} (grade {grade}, {status}); the label stops it "
            "for ILD/pneumonitis, no restart"
        ),
        f"{_PULMONARY}. Recorded: "
        + "; ".join(f"{t} grade {g}" for t, g in recorded)
        + f". Midostaurin is {state.value}: discontinue it; no resume, restart or dose "
        "increase follows pulmonary toxicity, whatever its grade and even once resolved."
        + attribution,
    )


# -- what the label does not settle ----------------------------------------------------------


@template(_UNSPECIFIED, "row")
def unspecified_row(*, result: RowResult) -> Text:
    """A low count in a population the table does not cover."""
    row, count = result.row, result.count
    assert count is not None
    low = row.baseline_interrupt_below
    return (
        fit_summary(
            f"Midostaurin: {count.describe()} is low in a population the label's table does "
            "not cover: clinician decision"
        ),
        f"{count.describe()} is below {fmt(row.interrupt_below)} {unit(row)}, the "
        f"label's interrupt threshold for patients without MCL (S1), but "
        f"{population_text(result)}. The label's other population is patients with a "
        f"baseline {name(row)} of {_range(row)} {unit(row)}, interrupted at "
        f"'{row.baseline_criterion}'"
        + (f" ({name(row)} < {fmt(low)})" if low is not None else "")
        + ". mastcell does not apply a default threshold here: decide whether to interrupt; "
        "record the MCL status and the pre-treatment count so the label can be applied. "
        + ATTRIBUTION,
    )


def _review(summary: str, why: str, state: State) -> Text:
    return (
        fit_summary(summary),
        f"{why}. {_PULMONARY}. Midostaurin is {state.value}; mastcell proposes no resume or "
        "dose increase while this stands: clinician decision.",
    )


@template(_UNSPECIFIED, "pulmonary_symptoms")
def pulmonary_symptoms(*, term: str, grade: int, state: State) -> Text:
    """Ongoing pulmonary symptoms: evaluate for ILD; no resume or increase."""
    return _review(
        f"Midostaurin with {term} (grade {grade}): evaluate for ILD/pneumonitis; "
        "the label stops it for pulmonary toxicity: clinician decision",
        "New pulmonary symptoms or infiltrates are recorded as ongoing: evaluate for "
        "interstitial lung disease or pneumonitis",
        state,
    )


@template(_UNSPECIFIED, "pulmonary_before_start")
def pulmonary_before_start(*, term: str, grade: int, state: State) -> Text:
    """ILD recorded before the start: no resume or increase."""
    return _review(
        f"Midostaurin after {term} recorded before its start: no restart or increase "
        "proposed; clinician decision",
        "Interstitial lung disease or pneumonitis is recorded with an onset before the "
        "recorded start of midostaurin; the label's instruction concerns pulmonary "
        "toxicity on treatment",
        state,
    )


@template(_UNSPECIFIED, "toxicity_no_event")
def toxicity_no_event() -> Text:
    """Held for toxicity, no grade 3/4 event recorded."""
    return (
        fit_summary(
            "Midostaurin held for toxicity, but no grade 3/4 adverse event is recorded: "
            "clinician decision"
        ),
        "The label's toxicity rows (S1) restart midostaurin by the course of a grade "
        "3/4 adverse event; none is recorded in adverse_events, so mastcell cannot "
        "apply them. Record the event, its grade and whether it has resolved.",
    )


@template(_UNSPECIFIED, "uncoded")
def uncoded(*, reason: str) -> Text:
    """Held for a reason that is not coded."""
    return (
        "Midostaurin held for an uncoded reason: mastcell cannot apply the restart rules",
        f"held_reason is '{reason}'. The label's restart and 21-day rules (S1) depend "
        "on what the drug was held for: record neutropenia, thrombocytopenia, anemia or "
        "toxicity.",
    )


# -- a count needed past day 21 --------------------------------------------------------------


@template("cytopenia.cbc.obtain", "midostaurin_day_limit")
def obtain_past_day_limit(
    *, count: Count, row: CountRow, count_day: int, day: int, held_since: date
) -> Text:
    """Past day 21 of the hold, the last count drawn before it: a new count first."""
    limit = row.persistence_limit.days
    return (
        fit_summary(
            f"Obtain a blood count: the 21-day limit of the midostaurin hold has passed "
            f"and the last {name(row)} is from day {count_day}"
        ),
        f"Midostaurin has been held since {held_since.isoformat()}"
        f" (day {day}); the label discontinues it if the low count lasts more than "
        f"{limit} days (S1), but the latest {name(row)} ({count.describe()}) was drawn on "
        f"day {count_day}. A count drawn after day {limit} is needed before deciding; "
        "no dose decision is made until then.",
    )
