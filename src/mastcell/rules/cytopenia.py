"""Cytopenia: blood counts on cytoreductive therapy, and the work-up without it (section 2.2).

This is the area module the registry imports; it registers the midostaurin
(:mod:`mastcell.rules.midostaurin`), avapritinib (:mod:`mastcell.rules.avapritinib`) and
other cytoreductive-drug (:mod:`mastcell.rules.cytoreduction`), adverse-event
(:mod:`mastcell.rules.adverse_events`) and embryo-fetal (:mod:`mastcell.rules.pregnancy`) rules
too. Here, converted (issue 20: decisions from the facts view; text in
:mod:`mastcell.text.cytopenia`): ``cytopenia.cbc.obtain`` (no count, or a stale one, while on
a cytoreductive drug: no dose decision is made), and, without cytoreductive therapy,
``investigate``, ``bone_marrow_biopsy.consider`` and ``antimediator.continue``. The
specialist-centre referral is the referral area's (``referral.specialist_center``).
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import c_findings
from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts
from mastcell.knowledge.antimediator import FAMOTIDINE_DRUG
from mastcell.knowledge.cytopenia import (
    ANTIMEDIATOR_CLASSES,
    CBC_ANALYTES,
    CBC_MONITORING_SOURCES,
)
from mastcell.model import (
    Analyte,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    Finding,
    Indicator,
)
from mastcell.reads import COUNTS, CYTOREDUCTIVE_ON, ORGAN_FINDINGS, LatestRead
from mastcell.rules import adverse_events, avapritinib, cytoreduction, midostaurin, pregnancy
from mastcell.rules.cytopenia_facts import (
    ACTIVE,
    AVAPRITINIB_PLANNED,
    ON_LIST,
    SUSPECTED_SM,
    count_findings,
    drug_signals,
    low_counts,
    signal_items,
    signalled,
)
from mastcell.rules.declare import decides
from mastcell.rules.registry import Context

__all__ = ["adverse_events", "avapritinib", "cytoreduction", "midostaurin", "pregnancy"]

_WBC, _ANC, _PLATELETS, _HB = (COUNTS[a] for a in COUNTS)
#: The latest WBC (a WBC without a neutrophil % of its draw gives no ANC: said so).
_LATEST_WBC = LatestRead(Analyte.WBC)
_LOW_ANALYTES = (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS)


#: The triggers of the rules that read blood counts with or without cytoreductive therapy.
_ON_THERAPY_OR_COUNTS = (
    DrugClass.CYTOREDUCTIVE,
    Analyte.WBC,
    Analyte.ANC,
    Analyte.NEUTROPHILS_PCT,
    Analyte.PLATELETS,
)


@decides(
    "cytopenia.cbc.obtain",
    sources=("S1", "S5", "S6", "S71", "S29", "S112", "S115", "S116", "S117"),
    reads=(
        (CYTOREDUCTIVE_ON, AVAPRITINIB_PLANNED),
        (_PLATELETS,),
        (_ANC, _HB, _LATEST_WBC),
    ),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.CYTOREDUCTIVE,),
)
def cbc_obtain(f: Facts, context: Context) -> Sequence[Decision]:
    """Obtain a blood count: no recent count while on cytoreductive therapy.

    Fires when a cytoreductive drug is active or held and its ANC (measured, or derived from
    WBC x neutrophil %), platelet or hemoglobin result is missing or older than
    CytopeniaOptions.count_max_age at the evaluation time, and when avapritinib is planned
    without a recent platelet count. The dose rules make no decision from such a count.
    """
    max_age = context.options.cytopenia.count_max_age
    on = CYTOREDUCTIVE_ON.of(f)
    planned = AVAPRITINIB_PLANNED.of(f)
    if not on and not planned:
        return upto(0)
    needed = CBC_ANALYTES if on else (Analyte.PLATELETS,)
    missing: list[tuple[Analyte, int | None]] = []
    findings = [
        Finding(input=f.path_of(m), text=f"{m.drug} {m.status.value}") for m in (*on, *planned)
    ]
    for analyte in needed:
        count = COUNTS[analyte].of(f)
        if count is None:
            missing.append((analyte, None))
            note = "no result at or before the evaluation time"
            if analyte is Analyte.ANC and _LATEST_WBC.of(f) is not None:
                note += "; a WBC without a neutrophil % of the same draw gives no ANC"
            findings.append(Finding(input="labs", analyte=analyte, text="missing", note=note))
        elif not count.is_fresh(context.at, max_age):
            age = count.age(context.at).days
            missing.append((analyte, age))
            findings += count.findings(note=f"{age} days old: older than {max_age.days} days")
    if not missing:
        return () if on else upto(1)
    drugs = tuple(sorted({f.generic_of(m) or m.drug for m in (*on, *planned)}))
    sources = (s for d in drugs for s in CBC_MONITORING_SOURCES.get(d, ("S29",)))
    decision = Decision(
        code="cytopenia.cbc.obtain",
        indicator=Indicator.WARNING,
        action=Action.OBTAIN,
        findings=tuple(findings),
        sources=tuple(dict.fromkeys(sources)),
        params={
            "drugs": drugs,
            "missing": tuple(missing),
            "planned_only": bool(planned) and not on,
            "max_age_days": max_age.days,
        },
    )
    return (decision,) if on else upto(1, decision)


@decides(
    "cytopenia.investigate",
    sources=("SEED-A", "S15", "S14", "S53", "S70"),
    reads=((CYTOREDUCTIVE_ON,), (_WBC, _ANC, _PLATELETS), (ON_LIST,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=_ON_THERAPY_OR_COUNTS,
)
def investigate(f: Facts, context: Context) -> Sequence[Decision]:
    """Investigate a leukopenia, neutropenia or thrombocytopenia without cytoreductive therapy.

    Fires when the latest WBC, ANC (measured or derived) or platelet count is low (below the
    lab's lower limit, or CTCAE grade 2 or worse) and no cytoreductive drug is active or
    held. Names the drugs on the list with a labelled cytopenia (famotidine, zileuton), and
    every drug mastcell did not assess, so that "no drug explains it" is never implied.
    """
    if CYTOREDUCTIVE_ON.of(f):
        return upto(0)
    lows = low_counts(f, _LOW_ANALYTES)
    if not lows:
        return upto(1)
    flagged, other, unknown = drug_signals(f)
    generics = {g for m in flagged for g in signalled(f, m)}
    drug_findings = tuple(
        Finding(
            input=f.path_of(m),
            text=m.drug,
            note=(
                "labelled cytopenia: in the differential"
                if m in flagged
                else "unclassified drug: not assessed"
            ),
        )
        for m in (*flagged, *unknown)
    )
    return (
        Decision(
            code="cytopenia.investigate",
            indicator=Indicator.CRITICAL
            if any(g.grade == 4 for _, g in lows)
            else Indicator.WARNING,
            action=Action.OBTAIN,
            findings=count_findings(lows, context) + drug_findings,
            sources=(
                "SEED-A",
                *(["S15"] if FAMOTIDINE_DRUG in generics else []),
                *(["S14"] if "zileuton" in generics else []),
                "S53",
                "S70",
            ),
            params={
                "lows": lows,
                "suspects": tuple(m.drug for m in flagged),
                "flagged": signal_items(f, flagged),
                "other": tuple(m.drug for m in other),
                "unknown": tuple(m.drug for m in unknown),
            },
        ),
    )


@decides(
    "cytopenia.bone_marrow_biopsy.consider",
    sources=("S11", "S27", "SEED-A"),
    reads=(
        (CYTOREDUCTIVE_ON,),
        (SUSPECTED_SM,),
        (_ANC, _PLATELETS, _HB, _WBC),
        (ORGAN_FINDINGS,),
    ),
    indicators=(Indicator.INFO, Indicator.WARNING),
    triggers=(
        DrugClass.CYTOREDUCTIVE,
        DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS,
        Analyte.TRYPTASE,
        Diagnosis.MCAS,
        Diagnosis.CM,
    ),
)
def bone_marrow_biopsy(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider a bone marrow biopsy for a cytopenia in known or suspected SM.

    Fires without cytoreductive therapy when SM is known, or suspected (baseline tryptase
    above 20 ng/mL, or MCAS / cutaneous mastocytosis), and a count reaches a WHO C-finding
    level (ANC < 1, Hb < 10 g/dL, platelets < 100 x10^9/L; warning), or, SEED-ONLY and
    switchable (CytopeniaOptions.marrow_below_c_finding), a milder leukopenia/neutropenia.
    """
    if CYTOREDUCTIVE_ON.of(f):
        return upto(0)
    suspicion = SUSPECTED_SM.of(f)
    if suspicion is None:
        return upto(1)
    crossed = c_findings(COUNTS[a].of(f) for a in CBC_ANALYTES)
    if crossed:
        organs = ORGAN_FINDINGS.of(f)
        findings = suspicion.findings + tuple(
            x
            for threshold, count in crossed
            for x in count.findings(
                threshold=threshold.value,
                comparison=threshold.comparison,
                note=threshold.meaning,
            )
        )
        decision = Decision(
            code="cytopenia.bone_marrow_biopsy.consider",
            indicator=Indicator.WARNING,
            action=Action.OBTAIN,
            findings=findings,
            sources=("S11", "S27"),
            variant="c_finding",
            params={
                "crossed": crossed,
                "suspicion": suspicion,
                "attributed": None if organs is None else organs.cytopenia_attributed_to_sm,
            },
        )
        return (decision,)
    if not context.options.cytopenia.marrow_below_c_finding:
        return upto(2)
    lows = low_counts(f, (Analyte.WBC, Analyte.ANC))
    if not lows:
        return upto(2)
    decision = Decision(
        code="cytopenia.bone_marrow_biopsy.consider",
        indicator=Indicator.INFO,
        action=Action.OBTAIN,
        findings=suspicion.findings + count_findings(lows, context),
        sources=("SEED-A", "S27", "S11"),
        variant="below_c_finding",
        params={"lows": lows, "suspicion": suspicion},
    )
    return upto(2, decision)


@decides(
    "cytopenia.antimediator.continue",
    sources=("SEED-A", "S30", "S15", "S14"),
    reads=((CYTOREDUCTIVE_ON,), (_WBC, _ANC, _PLATELETS), (ACTIVE,)),
    indicators=(Indicator.INFO,),
    triggers=_ON_THERAPY_OR_COUNTS,
)
def antimediator_continue(f: Facts, context: Context) -> Sequence[Decision]:
    """Continue anti-mediator therapy during a cytopenia work-up.

    Fires without cytoreductive therapy when a WBC, ANC or platelet count is low and
    anti-mediator drugs are active. Drugs whose label lists cytopenias (famotidine,
    zileuton) are left out and named for review in ``cytopenia.investigate``.
    """
    if CYTOREDUCTIVE_ON.of(f):
        return upto(0)
    lows = low_counts(f, _LOW_ANALYTES)
    if not lows:
        return upto(1)
    active = [m for m in ACTIVE.of(f) if f.classes_of(m) & ANTIMEDIATOR_CLASSES]
    keep = [m for m in active if not signalled(f, m)]
    if not keep:
        return ()
    flagged = signal_items(f, [m for m in active if signalled(f, m)])
    return (
        Decision(
            code="cytopenia.antimediator.continue",
            indicator=Indicator.INFO,
            action=Action.CONTINUE,
            findings=tuple(Finding(input=f.path_of(m), text=m.drug) for m in keep)
            + count_findings(lows, context),
            sources=tuple(
                dict.fromkeys(("SEED-A", "S30", *(s for _, sig in flagged for s in sig.sources)))
            ),
            params={"names": tuple(m.drug for m in keep), "lows": lows, "flagged": flagged},
        ),
    )
