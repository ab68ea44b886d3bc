"""Imatinib, cladribine, hydroxyurea and interferon alfa: counts, KIT D816V, prophylaxis (CR1-CR10).

Imatinib follows its label's count rule (CR9): interrupt below ANC 1.0 and/or platelets 50
x10^9/L, restart at ANC >= 1.5 and platelets >= 75 at the previous dose; a recurrence is a
clinician decision (NOT VERIFIED). A documented KIT D816V on imatinib is a critical alert
(CR8). Cladribine, hydroxyurea and interferon alfa have no SM thresholds: a CTCAE v5.0
grade 3-4 count gives "hold and review: clinician decision", with the non-SM label figures as
information. No decision is made from a missing or stale count: ``cytopenia.cbc.obtain``
asks for one. Converted (issue 20): decisions from the facts view (helpers in
:mod:`mastcell.rules.cytoreduction_facts`), text in :mod:`mastcell.text.cytoreduction`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded, drug_triggers
from mastcell.knowledge.cytopenia import AVAPRITINIB
from mastcell.knowledge.cytoreduction import (
    CLADRIBINE,
    CLADRIBINE_PROPHYLAXIS,
    GRADED_COUNTS,
    HOLD_REVIEW_DRUGS,
    IMATINIB,
    IMATINIB_COUNTS,
    IMATINIB_D816V,
    LABEL_FIGURES,
    LYMPHOCYTE_GRADES,
    START_FIGURES,
)
from mastcell.knowledge.drugs import ingredients_of
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DrugClass,
    Finding,
    HeldReason,
    Indicator,
    MedicationStatus,
)
from mastcell.reads import COUNTS, MedicationsRead
from mastcell.rules.cytopenia_facts import ACTIVE, fresh
from mastcell.rules.cytoreduction_facts import (
    CLADRIBINE_LISTED,
    HOLD_REVIEW_ON,
    IMATINIB_LISTED,
    IMATINIB_ON,
    KIT_D816V,
    medication_finding,
    severe_counts,
    severe_findings,
)
from mastcell.rules.declare import decides
from mastcell.rules.imatinib_steps import imatinib_hold, imatinib_resume
from mastcell.rules.registry import Context

__all__: list[str] = []

_ANC, _PLATELETS, _HB, _WBC = (COUNTS[a] for a in GRADED_COUNTS)
_IMATINIB_HOLDS = (HeldReason.NEUTROPENIA, HeldReason.THROMBOCYTOPENIA)
_RULE = IMATINIB_COUNTS

_PLANNED = MedicationsRead(
    "cytoreductive drugs planned", DrugClass.CYTOREDUCTIVE, statuses=(MedicationStatus.PLANNED,)
)


@decides(
    "cytopenia.imatinib.interrupt",
    "cytopenia.imatinib.resume",
    sources=("S117", "S53"),
    reads=(_ANC, _PLATELETS, IMATINIB_ON),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(
        *drug_triggers(IMATINIB),
        Analyte.WBC,
        Analyte.ANC,
        Analyte.NEUTROPHILS_PCT,
        Analyte.PLATELETS,
    ),
)
def imatinib_counts(f: Facts, context: Context) -> Sequence[Decision]:
    """Interrupt imatinib for ANC < 1.0 and/or platelets < 50 x10^9/L; resume at >= 1.5 and >= 75.

    Fires for an active imatinib with a fresh ANC below 1.0 or platelets below 50 x10^9/L
    (interrupt, critical), and for one held for neutropenia or thrombocytopenia: still
    below the restart thresholds (the hold continues) or back at ANC >= 1.5 and platelets
    >= 75 (resume at the previous dose, warning). The reduced dose for a recurrence is NOT
    VERIFIED: clinician decision. No decision from a stale or missing count.
    """
    max_age = context.options.cytopenia.count_max_age
    anc = fresh(f, Analyte.ANC, max_age)
    platelets = fresh(f, Analyte.PLATELETS, max_age)
    out: list[Decision] = []
    for medication in IMATINIB_ON.of(f):
        med_finding = medication_finding(f, medication)
        if medication.status is MedicationStatus.ACTIVE:
            if _RULE.interrupts(anc.value if anc else None, platelets.value if platelets else None):
                out.append(imatinib_hold(anc, platelets, med_finding, hold_continues=False))
            continue
        if medication.held_for not in _IMATINIB_HOLDS:
            continue
        if anc is None or platelets is None:
            continue  # both counts decide a restart: cytopenia.cbc.obtain asks for them
        if _RULE.restarts(anc.value, platelets.value):
            out.append(imatinib_resume(medication, anc, platelets, med_finding))
        else:
            out.append(imatinib_hold(anc, platelets, med_finding, hold_continues=True))
    return out


@decides(
    "cytopenia.imatinib.kit_d816v",
    sources=("S117", "S118"),
    reads=((KIT_D816V,), (IMATINIB_LISTED,)),
    indicators=(Indicator.CRITICAL,),
    triggers=(Recorded.KIT_D816V,),
)
def imatinib_d816v(f: Facts, context: Context) -> Sequence[Decision]:
    """Imatinib with a documented KIT D816V: not for D816V carriers.

    Fires when imatinib is active, held or planned and the patient's ``kit_d816v`` is true
    (CR8). An unknown KIT status is within the US indication and gives nothing.
    """
    if KIT_D816V.of(f) is not True:
        return upto(0)
    return tuple(
        Decision(
            code="cytopenia.imatinib.kit_d816v",
            indicator=Indicator.CRITICAL,
            action=Action.AVOID,
            drug=IMATINIB,
            medication=DoseAdvice(drug=IMATINIB, timing="do not use: KIT D816V detected"),
            findings=(
                medication_finding(f, medication),
                Finding(input="kit_d816v", text="KIT D816V detected"),
            ),
            sources=IMATINIB_D816V.sources,
            params={"status": medication.status.value},
        )
        for medication in IMATINIB_LISTED.of(f)
    )


@decides(
    "cytopenia.cytoreductive.hold_review",
    sources=("S53", "S70", "S112", "S113", "S115", "S116", "S117", "S119"),
    reads=((HOLD_REVIEW_ON,), (_HB, _WBC), (_ANC, _PLATELETS)),
    indicators=(Indicator.CRITICAL,),
    triggers=drug_triggers(*HOLD_REVIEW_DRUGS, IMATINIB),
)
def hold_review(f: Facts, context: Context) -> Sequence[Decision]:
    """Hold and review a drug without SM count thresholds: CTCAE grade 3-4 count.

    Fires for cladribine, hydroxyurea or interferon alfa (active or held) when a fresh
    ANC, platelet, haemoglobin or WBC count is CTCAE v5.0 grade 3 or 4
    (CytopeniaOptions.hold_review_grade), and for imatinib when haemoglobin or WBC is (its
    ANC and platelets follow the label, cytopenia.imatinib.interrupt). No SM threshold exists
    (CR1, CR5-CR7): the non-SM label figures are shown as information; clinician decision.
    """
    medications = HOLD_REVIEW_ON.of(f)
    if not medications:
        return upto(0)
    wanted = context.options.cytopenia.hold_review_grade
    out: list[Decision] = []
    all_counts = False
    for medication in medications:
        drug = f.generic_of(medication) or medication.drug
        covered = (Analyte.ANC, Analyte.PLATELETS) if drug == IMATINIB else ()  # CR9
        all_counts = all_counts or not covered
        severe = severe_counts(f, context, [a for a in GRADED_COUNTS if a not in covered])
        if not severe:
            continue
        figures = LABEL_FIGURES.get(drug, ())
        out.append(
            Decision(
                code="cytopenia.cytoreductive.hold_review",
                indicator=Indicator.CRITICAL,
                action=Action.HOLD,
                drug=drug,
                medication=DoseAdvice(drug=drug, timing="hold and review: clinician decision"),
                findings=severe_findings(f, medication, severe, f" >= {wanted}"),
                sources=tuple(
                    dict.fromkeys(
                        (
                            "S53",
                            "S70",
                            *(s for x in figures for s in x.sources),
                            *(["S117"] if drug == IMATINIB else []),
                            *(LYMPHOCYTE_GRADES.sources if drug == CLADRIBINE else ()),
                        )
                    )
                ),
                params={
                    "name": medication.drug,
                    "drug": drug,
                    "severe": tuple(severe),
                    "held": medication.status is MedicationStatus.HELD,
                    "grade": wanted,
                    "figures": figures,
                },
            )
        )
    return out if all_counts else upto(1, *out)


#: The sources the planned-cytoreduction card may cite: its drugs' start and label figures.
_FIGURE_SOURCES = tuple(
    sorted(
        {s for rows in LABEL_FIGURES.values() for x in rows for s in x.sources}
        | {s for _, sources in START_FIGURES.values() for s in sources}
    )
)


@decides(
    "cytopenia.cytoreductive.planned_low_count",
    sources=("S53", "S70", *_FIGURE_SOURCES),
    reads=((_PLANNED,), (_ANC, _PLATELETS, _HB, _WBC)),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def planned_low_count(f: Facts, context: Context) -> Sequence[Decision]:
    """A cytoreductive drug planned while a count is CTCAE grade 3-4: starting is a decision.

    Fires for a planned cytoreductive drug other than avapritinib (its label's platelet rule,
    cytopenia.avapritinib.do_not_start) when a fresh ANC, platelet, haemoglobin or WBC count
    is CTCAE v5.0 grade 3 or worse (CytopeniaOptions.hold_review_grade): a warning naming the
    count with what the drug's sources say (midostaurin S1, imatinib CR9, the non-SM figures
    of cladribine, hydroxyurea, interferon). Whether to start is a clinician decision.
    """
    planned = [
        (m, drug)
        for m in _PLANNED.of(f)
        for drug in (f.generic_of(m) or m.drug,)
        if drug != AVAPRITINIB
    ]
    if not planned:
        return upto(0)
    out: list[Decision] = []
    for medication, drug in planned:
        severe = severe_counts(f, context, GRADED_COUNTS)
        if not severe:
            continue
        figures = LABEL_FIGURES.get(drug, ())
        own, own_sources = START_FIGURES.get(drug, ("", ()))
        out.append(
            Decision(
                code="cytopenia.cytoreductive.planned_low_count",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=severe_findings(f, medication, severe, ""),
                sources=tuple(
                    dict.fromkeys(
                        ("S53", "S70", *own_sources, *(s for x in figures for s in x.sources))
                    )
                ),
                params={
                    "name": medication.drug,
                    "path": f.path_of(medication),
                    "severe": tuple(severe),
                    "grade": context.options.cytopenia.hold_review_grade,
                    "own": own,
                    "figures": figures,
                },
            )
        )
    return out


@decides(
    "cytopenia.cladribine.prophylaxis",
    sources=("S29", "S112", "S114"),
    reads=((CLADRIBINE_LISTED,), (ACTIVE,)),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers(CLADRIBINE),
)
def cladribine_prophylaxis(f: Facts, context: Context) -> Sequence[Decision]:
    """Check Pneumocystis and herpes prophylaxis on cladribine; avoid live vaccines.

    Fires for a cladribine active, held or planned (information): Pneumocystis prophylaxis is
    needed in SM (S29) but the SM regimen is not verified; the hairy cell leukaemia regimen
    (S114) is shown as such. Names the prophylaxis found on the medication list, if any.
    """
    meds = CLADRIBINE_LISTED.of(f)
    if not meds:
        return upto(0)
    covered: list[tuple[str, tuple[str, ...]]] = []
    missing: list[str] = []
    findings = [medication_finding(f, m) for m in meds]
    for need, drugs in CLADRIBINE_PROPHYLAXIS.covering_drugs.items():
        wanted = {ingredients_of(d) or (d,) for d in drugs}
        found = [m for m in ACTIVE.of(f) if (f.ingredients_of(m) or (m.drug,)) in wanted]
        if found:
            covered.append((need, tuple(m.drug for m in found)))
            findings += [
                Finding(input=f.path_of(m), text=f"{m.drug}: {need} prophylaxis") for m in found
            ]
        else:
            missing.append(need)
    return (
        Decision(
            code="cytopenia.cladribine.prophylaxis",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=tuple(findings),
            sources=("S29", "S114", "S112"),
            params={"covered": tuple(covered), "missing": tuple(missing)},
        ),
    )
