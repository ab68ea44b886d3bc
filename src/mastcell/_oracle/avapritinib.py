"""The oracle's avapritinib rules: :mod:`mastcell.rules.avapritinib` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the old rule
names) for the differential harness; deleted with :mod:`mastcell._oracle`.

Avapritinib and platelets: do not start, interrupt, resume down the ladder, monitor.

AdvSM (ASM, SM-AHN, MCL) starts at 200 mg once daily and is reduced 200 -> 100 -> 50 -> 25 mg
once daily (stop if 25 mg is not tolerated); ISM takes 25 mg once daily, reduced to 25 mg
every other day, then discontinued [S5-S9]. The label's platelet threshold is 50 x10^9/L.
What the fact sheet marks NOT VERIFIED (the AdvSM intracranial-haemorrhage and cognitive
rows, the platelet schedule after week 8) is deliberately not encoded.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from mastcell.counts import Count, baseline_count, classify, fresh_count
from mastcell.facts import drug_triggers
from mastcell.knowledge.cytopenia import (
    AVAPRITINIB,
    AVAPRITINIB_ADVSM_LADDER,
    AVAPRITINIB_ISM_LADDER,
    AVAPRITINIB_MONITORING,
    AVAPRITINIB_PLATELETS,
    DoseStep,
)
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Analyte,
    Diagnosis,
    DoseAdvice,
    Finding,
    HeldReason,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
)
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, oracle_rule

__all__ = ["ladder_for", "next_step"]

rule = oracle_rule("mastcell.rules.avapritinib")

_THRESHOLD = AVAPRITINIB_PLATELETS.threshold
_EVERY = AVAPRITINIB_MONITORING.interval.days // 7
_WEEKS = AVAPRITINIB_MONITORING.window.days // 7


def ladder_for(patient: Patient, medication: Medication) -> tuple[tuple[DoseStep, ...], str] | None:
    """The dose ladder for the patient's SM subtype, with its name; None when unknown.

    A dose above 25 mg can only be the AdvSM ladder, so it settles an unrecorded subtype.

    >>> from mastcell.testing import med, patient
    >>> ladder_for(patient(diagnoses=["ism"]), med("avapritinib", 25, frequency="daily"))[1]
    'ISM'
    >>> ladder_for(patient(), med("avapritinib", 25, frequency="daily")) is None
    True
    """
    if patient.has_advanced_sm:
        return AVAPRITINIB_ADVSM_LADDER, "AdvSM"
    if patient.has(Diagnosis.ISM):
        return AVAPRITINIB_ISM_LADDER, "ISM"
    mg = medication.dose.mg if medication.dose is not None else None
    if mg is not None and mg > AVAPRITINIB_ISM_LADDER[0].mg:
        return AVAPRITINIB_ADVSM_LADDER, "AdvSM"
    return None


def next_step(ladder: tuple[DoseStep, ...], medication: Medication) -> DoseStep | None:
    """The step below the medication's dose on ``ladder``; None at the bottom.

    Raises:
        ValueError: the medication's dose is not on the ladder.

    >>> from mastcell.testing import med
    >>> str(next_step(AVAPRITINIB_ADVSM_LADDER, med("avapritinib", 200, frequency="daily")))
    '100 mg once daily'
    >>> next_step(AVAPRITINIB_ISM_LADDER, med("avapritinib", 25, frequency="qod")) is None
    True
    """
    mg = medication.dose.mg if medication.dose is not None else None
    for i, step in enumerate(ladder):
        if step.matches(mg, medication.frequency):
            return ladder[i + 1] if i + 1 < len(ladder) else None
    raise ValueError("dose not on the ladder")


def _platelet_findings(count: Count, comparison: str) -> tuple[Finding, ...]:
    return count.findings(threshold=_THRESHOLD, comparison=comparison, note=classify(count).text)


def _med_finding(patient: Patient, medication: Medication) -> Finding:
    text = f"{medication.drug} {medication.status.value}"
    if medication.dose is not None and medication.frequency is not None:
        text += f", {medication.dose.value:g} {medication.dose.unit} {medication.frequency.label}"
    if medication.start is not None:
        text += f", start {day_of(medication.start).isoformat()}"
    if medication.held_since is not None:
        text += f", held since {day_of(medication.held_since).isoformat()}"
    return Finding(input=patient.path_of(medication), text=text)


@rule(
    "cytopenia.avapritinib.do_not_start",
    sources=("S5", "S6", "S9"),
    reads=(Analyte.PLATELETS,),
    indicators=(Indicator.CRITICAL,),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_do_not_start(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Do not start avapritinib with platelets below 50 x10^9/L.

    Fires for a planned avapritinib with a fresh platelet count below 50 x10^9/L, and for
    one started within the last days (CytopeniaOptions.avapritinib_just_started) whose
    pre-treatment count was below 50. AdvSM and ISM alike.
    """
    options = context.options.cytopenia
    for medication in patient.medications_named(
        AVAPRITINIB, statuses=(MedicationStatus.PLANNED, MedicationStatus.ACTIVE)
    ):
        if medication.status is MedicationStatus.PLANNED:
            count = fresh_count(patient, Analyte.PLATELETS, context.at, options.count_max_age)
            started = ""
        else:
            start = medication.start
            if (
                start is None
                or day_of(context.at) - day_of(start) > options.avapritinib_just_started
            ):
                continue
            count = baseline_count(patient, Analyte.PLATELETS, start, context.at)
            if count is not None and (day_of(start) - day_of(count.time)) > options.count_max_age:
                count = None  # a pre-treatment count must itself be recent
            started = f" (started {day_of(start).isoformat()}; pre-treatment count)"
        if count is None or count.value >= _THRESHOLD:
            continue
        yield Recommendation(
            code="cytopenia.avapritinib.do_not_start",
            indicator=Indicator.CRITICAL,
            summary=fit_summary(
                f"Do not start avapritinib: {count.describe()} below {_THRESHOLD:g}{started}"
            ),
            detail=(
                f"Avapritinib is not recommended, and should not be started, with platelets "
                f"below {_THRESHOLD:g} x10^9/L, in AdvSM or ISM (S5, S6, S9); {count.describe()}"
                f"{started}. Platelets are checked before starting and every {_EVERY} weeks for "
                f"the first {_WEEKS} weeks."
            ),
            medication=DoseAdvice(drug=AVAPRITINIB, timing="do not start"),
            evidence=evidence("S5", "S6", "S9"),
            findings=(_med_finding(patient, medication), *_platelet_findings(count, "<")),
        )


@rule(
    "cytopenia.avapritinib.interrupt",
    "cytopenia.avapritinib.resume_reduced",
    "cytopenia.avapritinib.discontinue",
    sources=("S5", "S6", "S7", "S8", "S9"),
    reads=(Analyte.PLATELETS,),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=tuple(
        step.advice(AVAPRITINIB, note=f"{name} reduction")
        for steps, name in ((AVAPRITINIB_ADVSM_LADDER, "AdvSM"), (AVAPRITINIB_ISM_LADDER, "ISM"))
        for step in steps[1:]
    ),
    triggers=(Analyte.PLATELETS,),
)
def avapritinib_platelets(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Interrupt avapritinib below 50 x10^9/L platelets; resume one step down on recovery.

    Fires for an active avapritinib with a fresh platelet count below 50 (interrupt), and
    for one held for thrombocytopenia: still below 50 (the hold continues; consider platelet
    support), or recovered to 50 or more (resume at the next step of the AdvSM or ISM
    ladder, or discontinue when no step is left). No decision from a stale count.
    """
    max_age = context.options.cytopenia.count_max_age
    count = fresh_count(patient, Analyte.PLATELETS, context.at, max_age)
    if count is None:
        return
    for medication in patient.medications_named(
        AVAPRITINIB, statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD)
    ):
        med_finding = _med_finding(patient, medication)
        if medication.status is MedicationStatus.ACTIVE:
            if count.value < _THRESHOLD:
                yield _interrupt(count, med_finding, hold_continues=False)
            continue
        if medication.held_for is not HeldReason.THROMBOCYTOPENIA:
            continue
        if count.value < _THRESHOLD:
            yield _interrupt(count, med_finding, hold_continues=True)
        else:
            yield _resume(patient, medication, count, med_finding)


def _interrupt(count: Count, med_finding: Finding, *, hold_continues: bool) -> Recommendation:
    verb = "Keep avapritinib on hold" if hold_continues else "Interrupt avapritinib"
    return Recommendation(
        code="cytopenia.avapritinib.interrupt",
        indicator=Indicator.CRITICAL,
        summary=f"{verb}: {count.describe()} below {_THRESHOLD:g}; resume one dose level lower "
        f"when >= {_THRESHOLD:g}",
        detail=(
            f"Avapritinib label (S5, S6): platelets below {_THRESHOLD:g} x10^9/L: interrupt "
            f"until {_THRESHOLD:g} or more, then resume at a reduced dose (S8 ladder: AdvSM "
            "200 -> 100 -> 50 -> 25 mg once daily; ISM 25 mg every other day, S7). If platelets "
            f"do not recover above {_THRESHOLD:g}, consider platelet support."
        ),
        medication=DoseAdvice(
            drug=AVAPRITINIB, timing=f"hold until platelets >= {_THRESHOLD:g} x10^9/L"
        ),
        evidence=evidence("S5", "S6", "S8", "S7"),
        findings=(med_finding, *_platelet_findings(count, "<")),
    )


def _resume(
    patient: Patient, medication: Medication, count: Count, med_finding: Finding
) -> Recommendation:
    findings = (med_finding, *_platelet_findings(count, ">="))
    ladder = ladder_for(patient, medication)
    if ladder is None:
        return Recommendation(
            code="cytopenia.avapritinib.resume_reduced",
            indicator=Indicator.WARNING,
            summary=(
                f"Resume avapritinib one dose level lower ({count.describe()}): record the SM "
                "subtype to choose the dose"
            ),
            detail=(
                f"Platelets have recovered to {_THRESHOLD:g} x10^9/L or more, so avapritinib "
                "resumes at a reduced dose (S5, S6). The next dose depends on the indication "
                "(AdvSM 200 -> 100 -> 50 -> 25 mg once daily, S8; ISM 25 mg every other day, "
                "S7) and the SM subtype is not recorded: mastcell proposes no dose."
            ),
            medication=DoseAdvice(drug=AVAPRITINIB, timing="dose: clinician decision"),
            evidence=evidence("S5", "S6", "S7", "S8"),
            findings=findings,
        )
    steps, name = ladder
    try:
        step = next_step(steps, medication)
    except ValueError:
        current = (
            f"{medication.dose.value:g} {medication.dose.unit}" if medication.dose else "unknown"
        )
        return Recommendation(
            code="cytopenia.avapritinib.resume_reduced",
            indicator=Indicator.WARNING,
            summary=fit_summary(
                f"Resume avapritinib at a reduced dose: the current dose ({current}) is not on "
                f"the {name} ladder"
            ),
            detail=(
                f"Platelets have recovered ({count.describe()}), so avapritinib resumes one dose "
                f"level lower (S5, S6), but the recorded dose ({current}, "
                f"{medication.frequency.label if medication.frequency else 'frequency unknown'}) "
                f"is not a step of the {name} ladder ("
                + " -> ".join(str(s) for s in steps)
                + "): record the dose before the hold; mastcell proposes no dose."
            ),
            medication=DoseAdvice(drug=AVAPRITINIB, timing="dose: clinician decision"),
            evidence=evidence("S5", "S6", "S7", "S8"),
            findings=findings,
        )
    sources = ("S5", "S6", "S8") if name == "AdvSM" else ("S5", "S7")
    if step is None:
        return Recommendation(
            code="cytopenia.avapritinib.discontinue",
            indicator=Indicator.CRITICAL,
            summary=f"Discontinue avapritinib: thrombocytopenia on the lowest {name} dose",
            detail=(
                f"{count.describe()} has recovered, but avapritinib was held for "
                f"thrombocytopenia at the last step of the {name} ladder ("
                + " -> ".join(str(s) for s in steps)
                + "); the label stops it permanently when the lowest dose is not tolerated "
                + ("(S8)." if name == "AdvSM" else "(second reduction: discontinue, S7).")
            ),
            medication=DoseAdvice(drug=AVAPRITINIB, timing="discontinue permanently"),
            evidence=evidence(*sources),
            findings=findings,
        )
    advice = step.advice(AVAPRITINIB, note="on an empty stomach" if name == "AdvSM" else None)
    return Recommendation(
        code="cytopenia.avapritinib.resume_reduced",
        indicator=Indicator.WARNING,
        summary=f"Resume avapritinib at {step}: {count.describe()} has recovered to >= {_THRESHOLD:g}",
        detail=(
            f"Avapritinib label: platelets back to {_THRESHOLD:g} x10^9/L or more after an "
            f"interruption for thrombocytopenia: resume at the next lower dose (S5, S6). {name} "
            "ladder: " + " -> ".join(str(s) for s in steps) + f"; next step {step}."
        ),
        medication=advice,
        evidence=evidence(*sources),
        findings=findings,
    )


def _treatment_week(start: date | None, context: Context) -> str:
    """Where the evaluation day falls in the first 8 weeks, in words a clinician reads.

    Day 0 to 6 is week 1; day 56, the last day of the window (the week-8 count), is the end
    of week 8, never "week 9 of 8"; a start after the evaluation day is named as such.

    >>> from datetime import date, timedelta
    >>> from mastcell.testing import AT
    >>> ctx = Context(at=AT)
    >>> [_treatment_week(AT.date() - timedelta(days=d), ctx) for d in (0, 55, 56)]
    ['week 1 of 8', 'week 8 of 8', 'end of week 8']
    >>> _treatment_week(date(2026, 11, 25), ctx)
    'starting 2026-11-25'
    """
    if start is None:
        return f"start date not recorded: applies if within the first {_WEEKS} weeks"
    days = (day_of(context.at) - day_of(start)).days
    if days < 0:
        return f"starting {day_of(start).isoformat()}"
    if days >= _WEEKS * 7:
        return f"end of week {_WEEKS}"
    return f"week {days // 7 + 1} of {_WEEKS}"


@rule(
    "cytopenia.avapritinib.platelets.monitor",
    sources=("S5", "S6"),
    reads=(Analyte.PLATELETS,),
    indicators=(Indicator.INFO, Indicator.WARNING),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_monitor(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Check platelets every 2 weeks in the first 8 weeks of avapritinib.

    Fires for an active avapritinib started within the last 8 weeks (or with no start date
    recorded): info when a platelet count was drawn in the last 2 weeks, warning when none
    was. The schedule after week 8 is not verified and not encoded.
    """
    schedule = AVAPRITINIB_MONITORING
    for medication in patient.medications_named(AVAPRITINIB):
        start = medication.start
        if start is not None and day_of(context.at) - day_of(start) > schedule.window:
            continue
        latest = fresh_count(patient, Analyte.PLATELETS, context.at, schedule.interval)
        if latest is not None and start is not None and day_of(latest.time) < day_of(start):
            latest = None  # a pre-treatment count does not count as monitoring
        findings: list[Finding] = [_med_finding(patient, medication)]
        if latest is not None:
            findings += latest.findings(note="drawn within the last 2 weeks")
            due = (latest.time + schedule.interval).date().isoformat()
            status = f"last {latest.describe()} on {latest.time.date().isoformat()}; next due {due}"
        else:
            findings.append(
                Finding(input="labs", text=f"no platelet count in the last {_EVERY} weeks")
            )
            status = f"no platelet count in the last {_EVERY} weeks: due now"
        when = _treatment_week(start, context)
        yield Recommendation(
            code="cytopenia.avapritinib.platelets.monitor",
            indicator=Indicator.INFO if latest is not None else Indicator.WARNING,
            summary=fit_summary(
                f"Avapritinib {when}: platelet count every {_EVERY} weeks ({status})"
            ),
            detail=(
                f"Avapritinib label (S5, S6): platelet counts before starting and every {_EVERY} "
                f"weeks for the first {_WEEKS} weeks regardless of baseline; below {_THRESHOLD:g} "
                f"x10^9/L interrupt. {status.capitalize()}. The schedule after week {_WEEKS} "
                "could not be verified and is "
                "not encoded."
            ),
            evidence=evidence("S5", "S6"),
            findings=tuple(findings),
        )
