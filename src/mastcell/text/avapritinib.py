"""The words of the avapritinib platelet decisions (:mod:`mastcell.rules.avapritinib`).

>>> from mastcell.text import template_of
>>> template_of("cytopenia.avapritinib.platelets.monitor")(latest=None, start=None, days=None)[0]
'Avapritinib start date not recorded: applies if within the first 8 weeks: platelet count every 2 weeks (no platelet count in the last…'
"""

from __future__ import annotations

from datetime import date

from mastcell.counts import Count
from mastcell.knowledge.cytopenia import AVAPRITINIB_MONITORING, AVAPRITINIB_PLATELETS, DoseStep
from mastcell.model import Dose, Frequency
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__ = ["treatment_week"]

_THRESHOLD = AVAPRITINIB_PLATELETS.threshold
_EVERY = AVAPRITINIB_MONITORING.interval.days // 7
_WEEKS = AVAPRITINIB_MONITORING.window.days // 7


def _ladder(steps: tuple[DoseStep, ...]) -> str:
    return " -> ".join(str(s) for s in steps)


def treatment_week(start: date | None, days: int | None) -> str:
    """Where the evaluation day falls in the first 8 weeks, in words a clinician reads.

    ``days`` from the start to the evaluation day. Day 0 to 6 is week 1; day 56, the last
    day of the window (the week-8 count), is the end of week 8, never "week 9 of 8"; a start
    after the evaluation day is named as such.

    >>> [treatment_week(date(2026, 1, 1), d) for d in (0, 55, 56)]
    ['week 1 of 8', 'week 8 of 8', 'end of week 8']
    >>> treatment_week(date(2026, 11, 25), -3)
    'starting 2026-11-25'
    """
    if start is None or days is None:
        return f"start date not recorded: applies if within the first {_WEEKS} weeks"
    if days < 0:
        return f"starting {start.isoformat()}"
    if days >= _WEEKS * 7:
        return f"end of week {_WEEKS}"
    return f"week {days // 7 + 1} of {_WEEKS}"


@template("cytopenia.avapritinib.do_not_start")
def do_not_start(*, count: Count, started: date | None) -> Text:
    """Platelets below 50 before starting (or at a start within the last days)."""
    when = "" if started is None else f" (started {started.isoformat()}; pre-treatment count)"
    return (
        fit_summary(f"Do not start avapritinib: {count.describe()} below {_THRESHOLD:g}{when}"),
        f"Avapritinib is not recommended, and should not be started, with platelets "
        f"below {_THRESHOLD:g} x10^9/L, in AdvSM or ISM (S5, S6, S9); {count.describe()}"
        f"{when}. Platelets are checked before starting and every {_EVERY} weeks for "
        f"the first {_WEEKS} weeks.",
    )


@template("cytopenia.avapritinib.interrupt")
def interrupt(*, count: Count, hold_continues: bool) -> Text:
    """Platelets below 50: interrupt (or keep the hold)."""
    verb = "Keep avapritinib on hold" if hold_continues else "Interrupt avapritinib"
    return (
        f"{verb}: {count.describe()} below {_THRESHOLD:g}; resume one dose level lower "
        f"when >= {_THRESHOLD:g}",
        f"Avapritinib label (S5, S6): platelets below {_THRESHOLD:g} x10^9/L: interrupt "
        f"until {_THRESHOLD:g} or more, then resume at a reduced dose (S8 ladder: AdvSM "
        "200 -> 100 -> 50 -> 25 mg once daily; ISM 25 mg every other day, S7). If platelets "
        f"do not recover above {_THRESHOLD:g}, consider platelet support.",
    )


@template("cytopenia.avapritinib.resume_reduced", "no_subtype")
def resume_no_subtype(*, count: Count) -> Text:
    """Recovered, but the SM subtype (and so the ladder) is not recorded: no dose."""
    return (
        f"Resume avapritinib one dose level lower ({count.describe()}): record the SM "
        "subtype to choose the dose",
        f"Platelets have recovered to {_THRESHOLD:g} x10^9/L or more, so avapritinib "
        "resumes at a reduced dose (S5, S6). The next dose depends on the indication "
        "(AdvSM 200 -> 100 -> 50 -> 25 mg once daily, S8; ISM 25 mg every other day, "
        "S7) and the SM subtype is not recorded: mastcell proposes no dose.",
    )


@template("cytopenia.avapritinib.resume_reduced", "off_ladder")
def resume_off_ladder(
    *,
    count: Count,
    dose: Dose | None,
    frequency: Frequency | None,
    name: str,
    steps: tuple[DoseStep, ...],
) -> Text:
    """Recovered, but the recorded dose is not a step of the ladder: no dose."""
    current = f"{dose.value:g} {dose.unit}" if dose else "unknown"
    return (
        fit_summary(
            f"Resume avapritinib at a reduced dose: the current dose ({current}) is not on "
            f"the {name} ladder"
        ),
        f"Platelets have recovered ({count.describe()}), so avapritinib resumes one dose "
        f"level lower (S5, S6), but the recorded dose ({current}, "
        f"{frequency.label if frequency else 'frequency unknown'}) "
        f"is not a step of the {name} ladder ("
        + _ladder(steps)
        + "): record the dose before the hold; mastcell proposes no dose.",
    )


@template("cytopenia.avapritinib.resume_reduced")
def resume(*, count: Count, name: str, steps: tuple[DoseStep, ...], step: DoseStep) -> Text:
    """Recovered: the next step down the ladder."""
    return (
        f"Resume avapritinib at {step}: {count.describe()} has recovered to >= {_THRESHOLD:g}",
        f"Avapritinib label: platelets back to {_THRESHOLD:g} x10^9/L or more after an "
        f"interruption for thrombocytopenia: resume at the next lower dose (S5, S6). {name} "
        "ladder: " + _ladder(steps) + f"; next step {step}.",
    )


@template("cytopenia.avapritinib.discontinue")
def discontinue(*, count: Count, name: str, steps: tuple[DoseStep, ...]) -> Text:
    """Recovered after a hold on the lowest step: the label stops it."""
    return (
        f"Discontinue avapritinib: thrombocytopenia on the lowest {name} dose",
        f"{count.describe()} has recovered, but avapritinib was held for "
        f"thrombocytopenia at the last step of the {name} ladder ("
        + _ladder(steps)
        + "); the label stops it permanently when the lowest dose is not tolerated "
        + ("(S8)." if name == "AdvSM" else "(second reduction: discontinue, S7)."),
    )


@template("cytopenia.avapritinib.platelets.monitor")
def monitor(*, latest: Count | None, start: date | None, days: int | None) -> Text:
    """The 2-weekly platelet checks of the first 8 weeks: when the next is due."""
    if latest is not None:
        due = (latest.time + AVAPRITINIB_MONITORING.interval).date().isoformat()
        status = f"last {latest.describe()} on {latest.time.date().isoformat()}; next due {due}"
    else:
        status = f"no platelet count in the last {_EVERY} weeks: due now"
    when = treatment_week(start, days)
    return (
        fit_summary(f"Avapritinib {when}: platelet count every {_EVERY} weeks ({status})"),
        f"Avapritinib label (S5, S6): platelet counts before starting and every {_EVERY} "
        f"weeks for the first {_WEEKS} weeks regardless of baseline; below {_THRESHOLD:g} "
        f"x10^9/L interrupt. {status.capitalize()}. The schedule after week {_WEEKS} "
        "could not be verified and is "
        "not encoded.",
    )
