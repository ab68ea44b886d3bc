"""Avapritinib and platelets: do not start, interrupt, resume down the ladder, monitor.

AdvSM (ASM, SM-AHN, MCL) starts at 200 mg once daily and is reduced 200 -> 100 -> 50 -> 25 mg
once daily (stop if 25 mg is not tolerated); ISM takes 25 mg once daily, reduced to 25 mg
every other day, then discontinued [S5-S9]. The label's platelet threshold is 50 x10^9/L.
What the fact sheet marks NOT VERIFIED (the AdvSM intracranial-haemorrhage and cognitive
rows, the platelet schedule after week 8) is deliberately not encoded. Converted (issue 20):
decisions from the facts view, text in :mod:`mastcell.text.avapritinib`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, drug_triggers
from mastcell.knowledge.cytopenia import (
    AVAPRITINIB,
    AVAPRITINIB_ADVSM_LADDER,
    AVAPRITINIB_ISM_LADDER,
    AVAPRITINIB_MONITORING,
    AVAPRITINIB_PLATELETS,
)
from mastcell.model import (
    Analyte,
    DoseAdvice,
    Finding,
    HeldReason,
    Indicator,
    MedicationStatus,
)
from mastcell.model.dates import day_of
from mastcell.reads import COUNTS, ON, NamedRead
from mastcell.rules.avapritinib_steps import (
    interrupt,
    medication_finding,
    platelet_findings,
    resume,
)
from mastcell.rules.cytopenia_facts import baseline, fresh
from mastcell.rules.declare import decides
from mastcell.rules.registry import Context

__all__ = ["AVAPRITINIB_ACTIVE", "AVAPRITINIB_STARTING"]

_THRESHOLD = AVAPRITINIB_PLATELETS.threshold
_PLATELETS = COUNTS[Analyte.PLATELETS]

#: Avapritinib planned, or active (just started: its pre-treatment count).
AVAPRITINIB_STARTING = NamedRead(
    "avapritinib planned or active",
    drugs=(AVAPRITINIB,),
    statuses=(MedicationStatus.PLANNED, MedicationStatus.ACTIVE),
)
#: Avapritinib active or held.
_AVAPRITINIB_ON = NamedRead("avapritinib active or held", drugs=(AVAPRITINIB,), statuses=ON)
#: Avapritinib active.
AVAPRITINIB_ACTIVE = NamedRead("avapritinib active", drugs=(AVAPRITINIB,))


@decides(
    "cytopenia.avapritinib.do_not_start",
    sources=("S5", "S6", "S9"),
    reads=((AVAPRITINIB_STARTING,), (_PLATELETS,)),
    indicators=(Indicator.CRITICAL,),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_do_not_start(f: Facts, context: Context) -> Sequence[Decision]:
    """Do not start avapritinib with platelets below 50 x10^9/L.

    Fires for a planned avapritinib with a fresh platelet count below 50 x10^9/L, and for
    one started within the last days (CytopeniaOptions.avapritinib_just_started) whose
    pre-treatment count was below 50. AdvSM and ISM alike.
    """
    options = context.options.cytopenia
    out: list[Decision] = []
    counted = False
    for medication in AVAPRITINIB_STARTING.of(f):
        start = medication.start
        if medication.status is MedicationStatus.PLANNED:
            count = fresh(f, Analyte.PLATELETS, options.count_max_age)
        else:
            if (
                start is None
                or day_of(context.at) - day_of(start) > options.avapritinib_just_started
            ):
                continue
            # The pre-treatment count drawn by the evaluation moment (a count marked baseline
            # but drawn after it is not known yet); it must itself be recent.
            count = baseline(f, Analyte.PLATELETS, start)
            if count is not None and (day_of(start) - day_of(count.time)) > options.count_max_age:
                count = None
        counted = True
        if count is None or count.value >= _THRESHOLD:
            continue
        out.append(
            Decision(
                code="cytopenia.avapritinib.do_not_start",
                indicator=Indicator.CRITICAL,
                action=Action.AVOID,
                drug=AVAPRITINIB,
                medication=DoseAdvice(drug=AVAPRITINIB, timing="do not start"),
                findings=(medication_finding(f, medication), *platelet_findings(count, "<")),
                sources=("S5", "S6", "S9"),
                params={
                    "count": count,
                    "started": None
                    if medication.status is MedicationStatus.PLANNED or start is None
                    else day_of(start),
                },
            )
        )
    return out if counted else upto(0, *out)


@decides(
    "cytopenia.avapritinib.interrupt",
    "cytopenia.avapritinib.resume_reduced",
    "cytopenia.avapritinib.discontinue",
    sources=("S5", "S6", "S7", "S8", "S9"),
    reads=((_PLATELETS,), (_AVAPRITINIB_ON,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    proposes=tuple(
        step.advice(AVAPRITINIB, note=f"{name} reduction")
        for steps, name in ((AVAPRITINIB_ADVSM_LADDER, "AdvSM"), (AVAPRITINIB_ISM_LADDER, "ISM"))
        for step in steps[1:]
    ),
    triggers=(Analyte.PLATELETS,),
)
def avapritinib_platelets(f: Facts, context: Context) -> Sequence[Decision]:
    """Interrupt avapritinib below 50 x10^9/L platelets; resume one step down on recovery.

    Fires for an active avapritinib with a fresh platelet count below 50 (interrupt), and
    for one held for thrombocytopenia: still below 50 (the hold continues; consider platelet
    support), or recovered to 50 or more (resume at the next step of the AdvSM or ISM
    ladder, or discontinue when no step is left). No decision from a stale count.
    """
    count = fresh(f, Analyte.PLATELETS, context.options.cytopenia.count_max_age)
    if count is None:
        return upto(0)
    out: list[Decision] = []
    for medication in _AVAPRITINIB_ON.of(f):
        med_finding = medication_finding(f, medication)
        if medication.status is MedicationStatus.ACTIVE:
            if count.value < _THRESHOLD:
                out.append(interrupt(count, med_finding, hold_continues=False))
            continue
        if medication.held_for is not HeldReason.THROMBOCYTOPENIA:
            continue
        if count.value < _THRESHOLD:
            out.append(interrupt(count, med_finding, hold_continues=True))
        else:
            out.append(resume(f, medication, count, med_finding))
    return out


@decides(
    "cytopenia.avapritinib.platelets.monitor",
    sources=("S5", "S6"),
    reads=((AVAPRITINIB_ACTIVE,), (_PLATELETS,)),
    indicators=(Indicator.INFO, Indicator.WARNING),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_monitor(f: Facts, context: Context) -> Sequence[Decision]:
    """Check platelets every 2 weeks in the first 8 weeks of avapritinib.

    Fires for an active avapritinib started within the last 8 weeks (or with no start date
    recorded): info when a platelet count was drawn in the last 2 weeks, warning when none
    was. The schedule after week 8 is not verified and not encoded.
    """
    schedule = AVAPRITINIB_MONITORING
    out: list[Decision] = []
    for medication in AVAPRITINIB_ACTIVE.of(f):
        start = medication.start
        if start is not None and day_of(context.at) - day_of(start) > schedule.window:
            continue
        latest = fresh(f, Analyte.PLATELETS, schedule.interval)
        if latest is not None and start is not None and day_of(latest.time) < day_of(start):
            latest = None  # a pre-treatment count does not count as monitoring
        findings: list[Finding] = [medication_finding(f, medication)]
        if latest is not None:
            findings += latest.findings(note="drawn within the last 2 weeks")
        else:
            findings.append(
                Finding(
                    input="labs",
                    text=f"no platelet count in the last {schedule.interval.days // 7} weeks",
                )
            )
        out.append(
            Decision(
                code="cytopenia.avapritinib.platelets.monitor",
                indicator=Indicator.INFO if latest is not None else Indicator.WARNING,
                action=Action.MONITOR,
                findings=tuple(findings),
                sources=("S5", "S6"),
                params={
                    "latest": latest,
                    "start": None if start is None else day_of(start),
                    "days": None if start is None else (day_of(context.at) - day_of(start)).days,
                },
            )
        )
    return out if out else upto(0)
