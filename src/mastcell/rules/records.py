"""Records that contradict themselves: worth a flag before any rule's advice is trusted.

Three contradictions the issue 16 review found: a patient recorded as pregnant whose sex is
male; midostaurin on the list without a systemic mastocytosis diagnosis (its SM rules assume
one); a tryptase sent as ``baseline`` that was drawn during a flare (a baseline is drawn
before an event or more than 24 h after symptoms resolve, S24). Each is a warning naming the
inputs that disagree; mastcell reads the record as given and says so.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.records_facts`), text in :mod:`mastcell.text.records`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded, drug_triggers
from mastcell.knowledge.cytopenia import MIDOSTAURIN
from mastcell.knowledge.tryptase import BASELINE_SOURCES
from mastcell.model import (
    Analyte,
    DiagnosisFamily,
    Finding,
    Indicator,
    Sex,
    TryptaseRole,
)
from mastcell.reads import DIAGNOSES, PREGNANT, SEX
from mastcell.rules.declare import decides
from mastcell.rules.monitoring_facts import FLARES, TRYPTASE
from mastcell.rules.records_facts import MIDOSTAURIN_ON_BOARD, flare_during
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "monitoring.record.pregnant_male",
    sources=("CONVENTION",),
    reads=(PREGNANT, SEX),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.PREGNANCY,),
)
def pregnant_male(f: Facts, context: Context) -> Sequence[Decision]:
    """Recorded as pregnant with sex male: the record contradicts itself.

    Fires when ``pregnant`` is true and ``sex`` is ``male``: a warning asking to correct the
    record. mastcell keeps reading ``pregnant`` as given (the pregnancy checks still run):
    a wrong "male" must never silence them.
    """
    if PREGNANT.of(f) is not True or SEX.of(f) is not Sex.MALE:
        return ()
    return (
        Decision(
            code="monitoring.record.pregnant_male",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            findings=(
                Finding(input="pregnant", text="pregnant: true"),
                Finding(input="sex", text="male"),
            ),
            sources=("CONVENTION",),
        ),
    )


@decides(
    "monitoring.record.midostaurin_without_sm",
    sources=("S1", "S2"),
    reads=(MIDOSTAURIN_ON_BOARD, DIAGNOSES),
    indicators=(Indicator.WARNING,),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_without_sm(f: Facts, context: Context) -> Sequence[Decision]:
    """Midostaurin on the list without a systemic mastocytosis diagnosis.

    Fires for midostaurin taken, held or planned when no SM diagnosis is recorded: its
    dose-modification rules come from the label for ASM, SM-AHN and MCL (S1, S2) and read the
    MCL rows from the diagnoses; record the indication (another one, such as a leukaemia, is
    outside what mastcell checks).
    """
    meds = MIDOSTAURIN_ON_BOARD.of(f)
    if not meds or DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families:
        return ()
    diagnoses = ", ".join(d.value for d in DIAGNOSES.of(f)) or "none recorded"
    on = tuple((m.status.value, f.path_of(m)) for m in meds)
    return (
        Decision(
            code="monitoring.record.midostaurin_without_sm",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            findings=(
                *(Finding(input=f.path_of(m), text=f"{m.drug} ({m.status.value})") for m in meds),
                Finding(input="diagnoses", text=diagnoses, note="no systemic mastocytosis"),
            ),
            sources=("S1", "S2"),
            params={"diagnoses": diagnoses, "on": on},
        ),
    )


@decides(
    "monitoring.tryptase.baseline_in_flare",
    sources=BASELINE_SOURCES,
    reads=((TRYPTASE,), (FLARES,)),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.TRYPTASE,),
)
def baseline_in_flare(f: Facts, context: Context) -> Sequence[Decision]:
    """A tryptase sent as baseline that was drawn during a flare.

    Fires for each tryptase with role ``baseline`` drawn between a flare's onset and 24 h
    after its resolution (48 h after an onset without a recorded resolution), up to the
    evaluation moment: a baseline is drawn before an event or more than 24 h after all
    symptoms resolve (S24; USZ 24-48 h, S25). mastcell reads the role as given; a "baseline"
    drawn in a flare raises the acute threshold and can hide an activation.
    """
    baselines = [lab for lab in TRYPTASE.of(f) if lab.role is TryptaseRole.BASELINE]
    if not baselines:
        return upto(0)
    flares = FLARES.of(f)
    out = []
    for lab in baselines:
        found = flare_during(lab, flares)
        if found is None:
            continue
        flare, when = found
        path = f.path_of(lab)
        out.append(
            Decision(
                code="monitoring.tryptase.baseline_in_flare",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=(
                    Finding(
                        input=path,
                        analyte=Analyte.TRYPTASE,
                        value=lab.canonical,
                        unit=lab.canonical_unit,
                        time=lab.time,
                        note="role: baseline",
                    ),
                    Finding(
                        input=f.path_of(flare),
                        text=f"flare from {flare.onset.isoformat()}",
                        time=flare.onset,
                    ),
                ),
                sources=tuple(dict.fromkeys(BASELINE_SOURCES)),
                params={
                    "path": path,
                    "when": when,
                    "drawn": lab.time,
                    "value": lab.canonical,
                    "onset": flare.onset,
                    "resolved": flare.resolved,
                },
            )
        )
    return tuple(out)
