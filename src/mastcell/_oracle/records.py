"""The oracle's record rules: :mod:`mastcell.rules.records` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. Records that contradict themselves: worth a flag before any rule's advice
is trusted.

Three contradictions the issue 16 review found: a patient recorded as pregnant whose sex is
male; midostaurin on the list without a systemic mastocytosis diagnosis (its SM rules assume
one); a tryptase sent as ``baseline`` that was drawn during a flare (a baseline is drawn
before an event or more than 24 h after symptoms resolve, S24). Each is a warning naming the
inputs that disagree; mastcell reads the record as given and says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import Recorded, drug_triggers
from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.tryptase import (
    BASELINE_AFTER_RESOLUTION,
    BASELINE_AFTER_UNRESOLVED_ONSET,
    BASELINE_SOURCES,
)
from mastcell.model import (
    Analyte,
    DiagnosisFamily,
    Finding,
    Flare,
    Indicator,
    LabResult,
    MedicationStatus,
    Patient,
    Recommendation,
    Sex,
    TryptaseRole,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, oracle_rule

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.records")

_ON_BOARD = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)


@rule(
    "monitoring.record.pregnant_male",
    sources=("CONVENTION",),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def pregnant_male(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Recorded as pregnant with sex male: the record contradicts itself.

    Fires when ``pregnant`` is true and ``sex`` is ``male``: a warning asking to correct the
    record. mastcell keeps reading ``pregnant`` as given (the pregnancy checks still run):
    a wrong "male" must never silence them.
    """
    if patient.pregnant is not True or patient.sex is not Sex.MALE:
        return
    yield Recommendation(
        code="monitoring.record.pregnant_male",
        indicator=Indicator.WARNING,
        summary="Recorded as pregnant with sex male: correct the record",
        detail=(
            "The record says pregnant: true and sex: male, which cannot both be right. mastcell "
            "reads the pregnancy as given, so its pregnancy checks still apply; correct "
            "whichever field is wrong (sex is administrative sex as sent by the caller)."
        ),
        evidence=evidence("CONVENTION"),
        findings=(
            Finding(input="pregnant", text="pregnant: true"),
            Finding(input="sex", text="male"),
        ),
    )


@rule(
    "monitoring.record.midostaurin_without_sm",
    sources=("S1", "S2"),
    indicators=(Indicator.WARNING,),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_without_sm(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Midostaurin on the list without a systemic mastocytosis diagnosis.

    Fires for midostaurin taken, held or planned when no SM diagnosis is recorded: its
    dose-modification rules come from the label for ASM, SM-AHN and MCL (S1, S2) and read the
    MCL rows from the diagnoses; record the indication (another one, such as a leukaemia, is
    outside what mastcell checks).
    """
    meds = patient.medications_named(MIDOSTAURIN, statuses=_ON_BOARD)
    if not meds or patient.has(DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS):
        return
    diagnoses = ", ".join(d.value for d in patient.diagnoses) or "none recorded"
    yield Recommendation(
        code="monitoring.record.midostaurin_without_sm",
        indicator=Indicator.WARNING,
        summary=fit_words(
            f"Midostaurin on the list but no systemic mastocytosis diagnosis ({diagnoses}): "
            "record the indication"
        ),
        detail=(
            f"Midostaurin is {', '.join(f'{m.status.value} ({patient.path_of(m)})' for m in meds)}"
            f"; diagnoses: {diagnoses}. mastcell's midostaurin rules follow the label for "
            "advanced SM (ASM, SM-AHN, MCL; S1, S2), including rows that differ with MCL, so "
            "without an SM diagnosis their thresholds may not be the ones that apply. Record the "
            "SM diagnosis, or the indication it is given for: clinician decision."
        ),
        evidence=evidence("S1", "S2"),
        findings=(
            *(Finding(input=patient.path_of(m), text=f"{m.drug} ({m.status.value})") for m in meds),
            Finding(input="diagnoses", text=diagnoses, note="no systemic mastocytosis"),
        ),
    )


def _during(lab: LabResult, flares: tuple[Flare, ...]) -> tuple[Flare, str] | None:
    """The flare a sample was drawn during, and how long after its onset.

    During: from the onset to 24 h after the resolution, or 48 h after an unresolved onset.
    """
    for flare in sorted(flares, key=lambda f: f.onset, reverse=True):
        if lab.time < flare.onset:
            continue
        end = (
            flare.resolved + BASELINE_AFTER_RESOLUTION
            if flare.resolved is not None
            else flare.onset + BASELINE_AFTER_UNRESOLVED_ONSET
        )
        if lab.time <= end:
            hours = (lab.time - flare.onset).total_seconds() / 3600
            return flare, f"{hours:.1f} h after its onset"
        return None
    return None


@rule(
    "monitoring.tryptase.baseline_in_flare",
    sources=BASELINE_SOURCES,
    reads=(Analyte.TRYPTASE,),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.TRYPTASE,),
)
def baseline_in_flare(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A tryptase sent as baseline that was drawn during a flare.

    Fires for each tryptase with role ``baseline`` drawn between a flare's onset and 24 h
    after its resolution (48 h after an onset without a recorded resolution), up to the
    evaluation moment: a baseline is drawn before an event or more than 24 h after all
    symptoms resolve (S24; USZ 24-48 h, S25). mastcell reads the role as given; a "baseline"
    drawn in a flare raises the acute threshold and can hide an activation.
    """
    baselines = [
        lab
        for lab in patient.series(Analyte.TRYPTASE, until=context.at)
        if lab.role is TryptaseRole.BASELINE
    ]
    flares = patient.flares if baselines else ()
    for lab in baselines:
        found = _during(lab, flares)
        if found is None:
            continue
        flare, when = found
        resolved = (
            f"resolved {flare.resolved.isoformat()}"
            if flare.resolved is not None
            else "resolution not recorded"
        )
        yield Recommendation(
            code="monitoring.tryptase.baseline_in_flare",
            indicator=Indicator.WARNING,
            summary=fit_words(
                f"Tryptase sent as baseline ({patient.path_of(lab)}) was drawn during a flare "
                f"({when}): check its role"
            ),
            detail=(
                f"The tryptase of {lab.time.isoformat()} ({lab.canonical:g} ng/mL) is sent as a "
                f"baseline but was drawn {when} of the flare of {flare.onset.isoformat()} "
                f"({resolved}). A baseline is drawn before an event or more than 24 h after all "
                "symptoms resolve (S24; USZ 24-48 h, S25). mastcell reads the role as given: a "
                "baseline drawn in a flare raises the acute threshold (1.2 x baseline + 2 ng/mL) "
                "and can hide an activation. Correct the role, or confirm it."
            ),
            evidence=evidence(*BASELINE_SOURCES),
            findings=(
                Finding(
                    input=patient.path_of(lab),
                    analyte=Analyte.TRYPTASE,
                    value=lab.canonical,
                    unit=lab.canonical_unit,
                    time=lab.time,
                    note="role: baseline",
                ),
                Finding(
                    input=patient.path_of(flare),
                    text=f"flare from {flare.onset.isoformat()}",
                    time=flare.onset,
                ),
            ),
        )
