"""The avapritinib platelet decisions: ladders, interrupt, resume one step down, discontinue.

For :mod:`mastcell.rules.avapritinib`: the AdvSM and ISM dose ladders (S7, S8) and the
decisions the platelet rule makes with them, from the facts view.
"""

from __future__ import annotations

from mastcell.counts import Count, classify
from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import (
    AVAPRITINIB,
    AVAPRITINIB_ADVSM_LADDER,
    AVAPRITINIB_ISM_LADDER,
    AVAPRITINIB_PLATELETS,
    DoseStep,
)
from mastcell.model import (
    Diagnosis,
    DiagnosisFamily,
    DoseAdvice,
    Finding,
    Indicator,
    Medication,
)
from mastcell.model.dates import day_of

__all__ = [
    "interrupt",
    "ladder_for",
    "medication_finding",
    "next_step",
    "platelet_findings",
    "resume",
]

_THRESHOLD = AVAPRITINIB_PLATELETS.threshold
_RESUME = "cytopenia.avapritinib.resume_reduced"


def ladder_for(f: Facts, medication: Medication) -> tuple[tuple[DoseStep, ...], str] | None:
    """The dose ladder for the patient's SM subtype, with its name; None when unknown.

    A dose above 25 mg can only be the AdvSM ladder, so it settles an unrecorded subtype.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> m = med("avapritinib", 25, frequency="daily")
    >>> ladder_for(facts_of(patient(diagnoses=["ism"]), AT), m)[1]
    'ISM'
    >>> ladder_for(facts_of(patient(), AT), m) is None
    True
    """
    if DiagnosisFamily.ADVANCED_SM in f.families:
        return AVAPRITINIB_ADVSM_LADDER, "AdvSM"
    if Diagnosis.ISM in f.diagnoses:
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


def platelet_findings(count: Count, comparison: str) -> tuple[Finding, ...]:
    """The platelet count against the label's 50 x10^9/L, with its CTCAE grade.

    >>> from mastcell.counts import latest_count
    >>> from mastcell.testing import AT, lab, patient
    >>> count = latest_count(patient(labs=[lab("platelets", 40, "K/uL")]), "platelets", AT)
    >>> str(platelet_findings(count, "<")[0])
    'labs[0]: platelets 40 10*9/L < 50.0 (Platelet count decreased grade 3 (CTCAE v5.0))'
    """
    return count.findings(threshold=_THRESHOLD, comparison=comparison, note=classify(count).text)


def medication_finding(f: Facts, medication: Medication) -> Finding:
    """The finding citing an avapritinib: status, dose, start and hold.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("avapritinib", 25, frequency="daily")])
    >>> str(medication_finding(facts_of(p, AT), p.medications[0]))
    'medications[0]: avapritinib active, 25 mg once daily'
    """
    text = f"{medication.drug} {medication.status.value}"
    if medication.dose is not None and medication.frequency is not None:
        text += f", {medication.dose.value:g} {medication.dose.unit} {medication.frequency.label}"
    if medication.start is not None:
        text += f", start {day_of(medication.start).isoformat()}"
    if medication.held_since is not None:
        text += f", held since {day_of(medication.held_since).isoformat()}"
    return Finding(input=f.path_of(medication), text=text)


def interrupt(count: Count, med_finding: Finding, *, hold_continues: bool) -> Decision:
    """Hold avapritinib until platelets are back to 50 x10^9/L (S5, S6).

    >>> from mastcell.counts import latest_count
    >>> from mastcell.testing import AT, lab, patient
    >>> count = latest_count(patient(labs=[lab("platelets", 40, "K/uL")]), "platelets", AT)
    >>> d = interrupt(count, Finding(input="medications[0]"), hold_continues=False)
    >>> d.action.value, d.medication.timing
    ('hold', 'hold until platelets >= 50 x10^9/L')
    """
    return Decision(
        code="cytopenia.avapritinib.interrupt",
        indicator=Indicator.CRITICAL,
        action=Action.HOLD,
        drug=AVAPRITINIB,
        medication=DoseAdvice(
            drug=AVAPRITINIB, timing=f"hold until platelets >= {_THRESHOLD:g} x10^9/L"
        ),
        findings=(med_finding, *platelet_findings(count, "<")),
        sources=("S5", "S6", "S8", "S7"),
        params={"count": count, "hold_continues": hold_continues},
    )


def resume(f: Facts, medication: Medication, count: Count, med_finding: Finding) -> Decision:
    """Platelets recovered after a hold: the next step down the ladder, or discontinue.

    No dose when the SM subtype or the recorded dose does not place it on a ladder.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Analyte
    >>> from mastcell.testing import AT, lab, med, patient
    >>> p = patient(diagnoses=["asm"], labs=[lab("platelets", 60, "K/uL")],
    ...             medications=[med("avapritinib", 200, frequency="daily", status="held")])
    >>> f = facts_of(p, AT)
    >>> d = resume(f, p.medications[0], f.counts[Analyte.PLATELETS], Finding(input="x"))
    >>> d.code, d.action.value, str(d.medication)
    ('cytopenia.avapritinib.resume_reduced', 'resume', 'avapritinib 100 mg oral once daily')
    """
    findings = (med_finding, *platelet_findings(count, ">="))
    undecided = DoseAdvice(drug=AVAPRITINIB, timing="dose: clinician decision")
    ladder = ladder_for(f, medication)
    if ladder is None:
        return Decision(
            code=_RESUME,
            indicator=Indicator.WARNING,
            action=Action.RESUME,
            drug=AVAPRITINIB,
            medication=undecided,
            findings=findings,
            sources=("S5", "S6", "S7", "S8"),
            variant="no_subtype",
            params={"count": count},
        )
    steps, name = ladder
    try:
        step = next_step(steps, medication)
    except ValueError:
        return Decision(
            code=_RESUME,
            indicator=Indicator.WARNING,
            action=Action.RESUME,
            drug=AVAPRITINIB,
            medication=undecided,
            findings=findings,
            sources=("S5", "S6", "S7", "S8"),
            variant="off_ladder",
            params={
                "count": count,
                "dose": medication.dose,
                "frequency": medication.frequency,
                "name": name,
                "steps": steps,
            },
        )
    sources = ("S5", "S6", "S8") if name == "AdvSM" else ("S5", "S7")
    if step is None:
        return Decision(
            code="cytopenia.avapritinib.discontinue",
            indicator=Indicator.CRITICAL,
            action=Action.STOP,
            drug=AVAPRITINIB,
            medication=DoseAdvice(drug=AVAPRITINIB, timing="discontinue permanently"),
            findings=findings,
            sources=sources,
            params={"count": count, "name": name, "steps": steps},
        )
    return Decision(
        code=_RESUME,
        indicator=Indicator.WARNING,
        action=Action.RESUME,
        drug=AVAPRITINIB,
        medication=step.advice(
            AVAPRITINIB, note="on an empty stomach" if name == "AdvSM" else None
        ),
        findings=findings,
        sources=sources,
        params={"count": count, "name": name, "steps": steps, "step": step},
    )
