"""The oracle's interaction rules: :mod:`mastcell.rules.interaction` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. Drug interactions on the patient's list: CYP3A and the KIT inhibitors,
anaphylaxis risk.

A medication counts when it is active, held (still under treatment) or planned (the moment
to choose another drug); a stopped one does not. Each recommendation names both medications'
input paths. The CYP3A classification, its sources and the conflicts between lists live in
:mod:`mastcell.knowledge.interactions`; the stricter listing is in force by default
(``InteractionOptions.cyp3a_reading``) and every listing is cited.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import MAST_CELL_DISORDER, Recorded, drug_triggers
from mastcell.guard import anaphylaxis_finding
from mastcell.knowledge.cytopenia import MIDOSTAURIN as MIDOSTAURIN_DRUG
from mastcell.knowledge.drugs import ingredients_named
from mastcell.knowledge.interactions import (
    AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR,
    FACTS,
    GLUCAGON_ADULT,
    MIDOSTAURIN_FIRST_WEEK,
    Cyp3aClassification,
    Modulation,
    cyp3a_of,
)
from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.qt import MIDOSTAURIN_QT, QT_PROLONGING, QtFact
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Diagnosis,
    DoseAdvice,
    DrugClass,
    Finding,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    ReactionSeverity,
    Recommendation,
)
from mastcell.model.dates import day_of
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, oracle_rule

__all__ = ["ON", "cyp3a_partners"]

rule = oracle_rule("mastcell.rules.interaction")

#: The statuses that count as being on a drug for an interaction.
ON = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)


def _facts(*ids: str) -> str:
    return " ".join(FACTS[i].cite()[0].upper() + FACTS[i].cite()[1:] + "." for i in ids)


def _sources(*ids: str) -> tuple[str, ...]:
    return tuple(s for i in ids for s in FACTS[i].sources)


def _med_finding(patient: Patient, medication: Medication, note: str | None = None) -> Finding:
    text = f"{medication.drug} {medication.status.value}"
    if medication.start is not None:
        text += f", start {day_of(medication.start).isoformat()}"
    return Finding(input=patient.path_of(medication), text=text, note=note)


def cyp3a_partners(
    patient: Patient, context: Context, kit_inhibitor: Medication
) -> Iterator[tuple[Medication, Cyp3aClassification]]:
    """The patient's other medications (active, held or planned) that modulate CYP3A.

    >>> from mastcell.testing import AT, med, patient
    >>> from mastcell.rules.registry import Context
    >>> m = med("midostaurin")
    >>> p = patient(medications=[m, med("Nizoral"), med("diltiazem", status="stopped")])
    >>> [(x.drug, c.modulation.value) for x, c in cyp3a_partners(p, Context(at=AT), m)]
    [('nizoral', 'strong_inhibitor')]
    """
    reading = context.options.interaction.cyp3a_reading
    for other in patient.medications:
        if other is kit_inhibitor or other.status not in ON:
            continue
        found = cyp3a_of(other.drug, reading)
        if found is not None:
            yield other, found


def _pair_findings(
    patient: Patient, kit: Medication, other: Medication, found: Cyp3aClassification
) -> tuple[Finding, ...]:
    return (
        _med_finding(patient, kit),
        _med_finding(patient, other, note=found.describe()),
    )


def _listing_text(found: Cyp3aClassification) -> str:
    text = f"Classification: {found.describe()}."
    if found.footnote_not_visible:
        text += " The list's footnote on this drug could not be read."
    return text


def _name(other: Medication, found: Cyp3aClassification) -> str:
    return other.drug if other.drug == found.drug else f"{other.drug} ({found.drug})"


@rule(
    "interaction.midostaurin.strong_inhibitor",
    "interaction.midostaurin.strong_inducer",
    "interaction.midostaurin.moderate_modulator",
    sources=("S100", "S102", "S109", "S110"),
    indicators=(Indicator.WARNING, Indicator.CRITICAL, Indicator.INFO),
    triggers=drug_triggers("midostaurin"),
)
def midostaurin_cyp3a(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Midostaurin with a CYP3A inhibitor or inducer.

    Fires for midostaurin (active, held or planned) with another such medication that a CYP3A
    list classifies: a strong inhibitor (warning; prefer an alternative, watch for toxicity
    especially in the first week, DI2-DI4), a strong inducer (critical; US label "avoid", EU
    text "contraindicated", InteractionOptions.midostaurin_strong_inducer, DI5), a moderate
    inhibitor or inducer (info: no label guidance found, clinician decision, DI6).
    """
    label = context.options.interaction.midostaurin_strong_inducer
    for kit in patient.medications_named("midostaurin", statuses=ON):
        for other, found in cyp3a_partners(patient, context, kit):
            name = _name(other, found)
            findings = _pair_findings(patient, kit, other, found)
            cites = found.sources
            if found.modulation is Modulation.STRONG_INHIBITOR:
                early = kit.status is MedicationStatus.PLANNED or (
                    kit.start is not None
                    and day_of(context.at) - day_of(kit.start) < MIDOSTAURIN_FIRST_WEEK
                )
                week = (
                    " Midostaurin is planned or in its first week: the rise in midostaurin "
                    "levels is most marked now (DI2)."
                    if early
                    else ""
                )
                yield Recommendation(
                    code="interaction.midostaurin.strong_inhibitor",
                    indicator=Indicator.WARNING,
                    summary=fit_summary(
                        f"Midostaurin + {name}, a strong CYP3A inhibitor: prefer another drug; "
                        "if needed, watch for toxicity" + (" (first week)" if early else "")
                    ),
                    detail=f"{_facts('DI2', 'DI4', 'DI1')}{week} {_listing_text(found)}",
                    evidence=evidence(*_sources("DI2", "DI4", "DI1"), *cites),
                    findings=findings,
                )
            elif found.modulation is Modulation.STRONG_INDUCER:
                yield Recommendation(
                    code="interaction.midostaurin.strong_inducer",
                    indicator=Indicator.CRITICAL,
                    summary=fit_summary(
                        f"Midostaurin + {name}, a strong CYP3A inducer: {label.wording} "
                        f"({label.value.upper()} reading, {label.source})"
                    ),
                    detail=(
                        f"{_facts('DI5')} The labels disagree: US 'avoid' (S100) and EU "
                        f"'contraindicated' (S102); this report follows the "
                        f"{label.value.upper()} reading (InteractionOptions."
                        f"midostaurin_strong_inducer). {_facts('DI1')} {_listing_text(found)}"
                    ),
                    evidence=evidence(label.source, *_sources("DI5", "DI1"), *cites),
                    findings=findings,
                )
            else:
                yield Recommendation(
                    code="interaction.midostaurin.moderate_modulator",
                    indicator=Indicator.INFO,
                    summary=fit_summary(
                        f"Midostaurin + {name}, a {found.modulation.label}: no label guidance "
                        "found; clinician decision"
                    ),
                    detail=(
                        f"{_facts('DI6')} The combination is a clinician decision. "
                        f"{_facts('DI1')} {_listing_text(found)}"
                    ),
                    evidence=evidence(*_sources("DI1"), *cites),
                    findings=findings,
                )


def _avapritinib_subtype(patient: Patient) -> str | None:
    if patient.has_advanced_sm:
        return "AdvSM"
    if patient.has(Diagnosis.ISM):
        return "ISM"
    return None


@rule(
    "interaction.avapritinib.strong_inhibitor",
    "interaction.avapritinib.inducer",
    "interaction.avapritinib.moderate_inhibitor",
    sources=("S5", "S6", "S7", "S10", "S106", "S100", "S110"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    proposes=(AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR,),
    triggers=drug_triggers("avapritinib"),
)
def avapritinib_cyp3a(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avapritinib with a CYP3A inhibitor or inducer.

    Fires for avapritinib (active, held or planned) with another such medication that a CYP3A
    list classifies: a strong inhibitor (critical, avoid; no dose pathway, DI7, DI11), a strong
    or moderate inducer (critical, avoid, DI8), a moderate inhibitor (warning, avoid, DI7; in
    AdvSM the 50 mg once-daily starting dose if it cannot be avoided, DI9; in ISM, or with the
    subtype unrecorded, no dose: clinician decision, DI10).
    """
    for kit in patient.medications_named("avapritinib", statuses=ON):
        for other, found in cyp3a_partners(patient, context, kit):
            name = _name(other, found)
            findings = _pair_findings(patient, kit, other, found)
            cites = found.sources
            if found.modulation is Modulation.STRONG_INHIBITOR:
                yield Recommendation(
                    code="interaction.avapritinib.strong_inhibitor",
                    indicator=Indicator.CRITICAL,
                    summary=fit_summary(
                        f"Avoid avapritinib + {name}, a strong CYP3A inhibitor: no dose "
                        "adjustment is given"
                    ),
                    detail=f"{_facts('DI7', 'DI11')} {_listing_text(found)}",
                    evidence=evidence(*_sources("DI7", "DI11"), *cites),
                    findings=findings,
                )
            elif found.modulation.is_inducer:
                yield Recommendation(
                    code="interaction.avapritinib.inducer",
                    indicator=Indicator.CRITICAL,
                    summary=fit_summary(
                        f"Avoid avapritinib + {name}, a {found.modulation.label}: loss of "
                        "efficacy possible"
                    ),
                    detail=f"{_facts('DI8')} {_listing_text(found)}",
                    evidence=evidence(*_sources("DI8"), *cites),
                    findings=findings,
                )
            else:
                yield _avapritinib_moderate(patient, name, found, findings)


def _avapritinib_moderate(
    patient: Patient, name: str, found: Cyp3aClassification, findings: tuple[Finding, ...]
) -> Recommendation:
    subtype = _avapritinib_subtype(patient)
    advice: DoseAdvice | None = None
    if subtype == "AdvSM":
        advice = AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR
        dose_text = f"AdvSM: {_facts('DI9')} Proposed: {advice}. Not for ISM (DI10)."
        tail = f"if unavoidable, AdvSM start {advice.dose} once daily"
        ids: tuple[str, ...] = ("DI7", "DI9")
    elif subtype == "ISM":
        dose_text = f"ISM: {_facts('DI10')} The dose is a clinician decision."
        tail = "no ISM dose in the sources: clinician decision"
        ids = ("DI7", "DI10")
    else:
        dose_text = (
            f"The SM subtype is not recorded: {_facts('DI9')} {_facts('DI10')} Record the "
            "subtype; the dose is a clinician decision."
        )
        tail = "subtype not recorded: dose is a clinician decision"
        ids = ("DI7", "DI9", "DI10")
    return Recommendation(
        code="interaction.avapritinib.moderate_inhibitor",
        indicator=Indicator.WARNING,
        summary=fit_summary(f"Avoid avapritinib + {name}, a moderate CYP3A inhibitor; {tail}"),
        detail=f"{_facts('DI7')} {dose_text} {_listing_text(found)}",
        medication=advice,
        evidence=evidence(*_sources(*ids), *found.sources),
        findings=findings,
    )


_BETA_ACE = {
    "interaction.anaphylaxis.beta_blocker": "a beta-blocker",
    "interaction.anaphylaxis.ace_inhibitor": "an ACE inhibitor",
    "interaction.anaphylaxis.beta_blocker_and_ace_inhibitor": "a beta-blocker and an ACE inhibitor",
}


@rule(
    *_BETA_ACE,
    sources=("S141", "S33"),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.REACTION, MAST_CELL_DISORDER),
)
def anaphylaxis_antihypertensives(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Beta-blocker or ACE inhibitor with a mast cell disorder or prior anaphylaxis.

    Fires once per patient with a mast cell disorder or a recorded anaphylaxis who takes (or
    plans) a beta-blocker, an ACE inhibitor, or both (stronger wording): more severe
    anaphylaxis and a blunted epinephrine response (EI1, EI2, EI4), glucagon for a
    beta-blocked adult not responding to epinephrine (EI5); an alternative antihypertensive is
    a clinician decision (EI8). Epinephrine is never withheld.
    """
    anaphylaxis = [r for r in patient.reactions if r.severity is ReactionSeverity.ANAPHYLAXIS]
    if not (patient.has_mast_cell_disorder or anaphylaxis):
        return
    beta = patient.medications_of(DrugClass.BETA_BLOCKER, statuses=ON)
    ace = patient.medications_of(DrugClass.ACE_INHIBITOR, statuses=ON)
    if not beta and not ace:
        return
    if beta and ace:
        code = "interaction.anaphylaxis.beta_blocker_and_ace_inhibitor"
    elif beta:
        code = "interaction.anaphylaxis.beta_blocker"
    else:
        code = "interaction.anaphylaxis.ace_inhibitor"
    why = "mast cell disorder" if patient.has_mast_cell_disorder else "prior anaphylaxis"
    age = patient.age_at(context.at)
    if age is not None and age >= ADULT_AGE_YEARS:
        glucagon = (
            f"If anaphylaxis does not respond to epinephrine in a beta-blocked adult: "
            f"{GLUCAGON_ADULT.text()}; {GLUCAGON_ADULT.caution} (EI5; S141)."
        )
    else:
        glucagon = (
            f"Glucagon for a beta-blocked adult not responding to epinephrine: "
            f"{GLUCAGON_ADULT.text()} (EI5; S141). "
            + (
                "The patient's age is not recorded; "
                if age is None
                else "The patient is under 18 years; "
            )
            + "a paediatric glucagon dose could not be verified (EI5): clinician decision."
        )
    ids = ("EI1", "EI2", "EI4") if beta else ("EI2",)
    stronger = (
        "The combination raised the risk of severe anaphylaxis more than either drug alone (EI2). "
        if beta and ace
        else ""
    )
    yield Recommendation(
        code=code,
        indicator=Indicator.WARNING,
        summary=fit_summary(
            (
                "Beta-blocker AND ACE inhibitor: highest risk of severe anaphylaxis"
                if beta and ace
                else f"On {_BETA_ACE[code]}: anaphylaxis may be more severe"
            )
            + f" ({why}); never withhold epinephrine"
        ),
        detail=(
            f"{stronger}{_facts(*ids)} "
            + (glucagon + " " if beta else "")
            + f"{_facts('EI8')} Epinephrine is never withheld: it remains first-line (EI1)."
        ),
        evidence=evidence("S141", "S33"),
        findings=(
            *(_med_finding(patient, m) for m in (*beta, *ace)),
            *(anaphylaxis_finding(patient, r) for r in anaphylaxis),
        ),
    )


@rule(
    "interaction.zafirlukast.aspirin",
    sources=("S129",),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers("zafirlukast"),
)
def zafirlukast_aspirin(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Aspirin with zafirlukast: aspirin raises zafirlukast levels.

    Fires for each pair of aspirin and zafirlukast that are active, held or planned (MX15,
    AS6). Information only.
    """
    for zafirlukast in patient.medications_named("zafirlukast", statuses=ON):
        for aspirin in patient.medications_named("aspirin", statuses=ON):
            yield Recommendation(
                code="interaction.zafirlukast.aspirin",
                indicator=Indicator.INFO,
                summary="Aspirin with zafirlukast: aspirin raises zafirlukast levels",
                detail=f"{_facts('MX15')} Information only (AS6).",
                evidence=evidence("S129"),
                findings=(_med_finding(patient, zafirlukast), _med_finding(patient, aspirin)),
            )


@rule(
    "interaction.avapritinib.ethinylestradiol",
    sources=("S106",),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers("avapritinib"),
)
def avapritinib_ethinylestradiol(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avapritinib with ethinylestradiol: exposure may rise.

    Fires for each pair of avapritinib and an ethinylestradiol product that are active, held or
    planned (DI12). Information only.
    """
    for kit in patient.medications_named("avapritinib", statuses=ON):
        for estrogen in patient.medications_named("ethinylestradiol", statuses=ON):
            yield Recommendation(
                code="interaction.avapritinib.ethinylestradiol",
                indicator=Indicator.INFO,
                summary=fit_summary(
                    "Avapritinib may raise ethinylestradiol: prefer non-hormonal or "
                    "oestrogen-free contraception, else <= 20 ug"
                ),
                detail=f"{_facts('DI12')}",
                evidence=evidence("S106"),
                findings=(_med_finding(patient, kit), _med_finding(patient, estrogen)),
            )


# -- midostaurin and QT-prolonging drugs (LW14; SR14, SR15, MX7) -----------------------------


@rule(
    "interaction.midostaurin.qt",
    sources=("S104", "S102", "S251", "S252", "S127"),
    indicators=(Indicator.WARNING,),
    triggers=drug_triggers(MIDOSTAURIN_DRUG),
)
def midostaurin_qt(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Midostaurin with another QT-prolonging drug: check the ECG (LW14).

    Fires for midostaurin active, held or planned with ondansetron (SR14), azithromycin
    (SR15) or hydroxyzine (MX7) active, held or planned: both prolong the QT interval; check
    the QTc at baseline and during co-treatment (the addendum's reading of LW14), the
    schedule a clinician decision (no ECG schedule could be verified).
    """
    kit = patient.medications_named(MIDOSTAURIN_DRUG, statuses=ON)
    if not kit:
        return
    partners = patient.medications_named(*sorted(QT_PROLONGING), statuses=ON)
    for other in partners:
        # A combination product is seen through each QT-prolonging ingredient in it.
        for generic in ingredients_named(other.drug, QT_PROLONGING):
            yield _qt(patient, kit, other, QT_PROLONGING[generic])


def _qt(
    patient: Patient, kit: tuple[Medication, ...], other: Medication, fact: QtFact
) -> Recommendation:
    """One midostaurin + QT-prolonging drug card."""
    return Recommendation(
        code="interaction.midostaurin.qt",
        indicator=Indicator.WARNING,
        summary=fit_summary(
            f"Midostaurin + {other.drug}: both prolong the QT interval; check the QTc "
            "(ECG) at baseline and during co-treatment"
        ),
        detail=(
            f"Midostaurin {MIDOSTAURIN_QT.says} ({MIDOSTAURIN_QT.fact}; "
            f"{', '.join(MIDOSTAURIN_QT.sources)}). {other.drug.capitalize()} {fact.says} "
            f"({fact.fact}; {', '.join(fact.sources)}). The addendum asks for an ECG check "
            "when a QT-prolonging drug is added to midostaurin; the schedule, and whether "
            "to choose a drug without QT effect, is a clinician decision. Check potassium "
            "and magnesium."
        ),
        evidence=evidence(*MIDOSTAURIN_QT.sources, *fact.sources),
        findings=(
            *(_med_finding(patient, m) for m in kit),
            _med_finding(patient, other, note=f"prolongs QT ({fact.fact})"),
        ),
    )
