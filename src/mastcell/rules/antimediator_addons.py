"""Anti-mediator add-ons: cromolyn, a leukotriene modifier, omalizumab, a corticosteroid course.

Each is considered when symptoms are recorded as not controlled (or, for a leukotriene
modifier, when urinary LTE4 is raised) and the drug class is not already taken or planned.
Doses are proposed only for the population a source gives them for; otherwise the drug is
named without a dose and the detail says why (section 2.1).

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.antimediator_facts` and :mod:`mastcell.rules.antimediator_addons_facts`),
text in :mod:`mastcell.text.antimediator_addons`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts, Recorded
from mastcell.knowledge.allergy import allowed
from mastcell.knowledge.antimediator import (
    CORTICOSTEROID_SOURCES,
    CROMOLYN,
    CROMOLYN_DRUG,
    LEUKOTRIENE_ORDER,
    MONTELUKAST,
    OMALIZUMAB,
    ZILEUTON,
)
from mastcell.model import Analyte, DoseAdvice, Finding, Indicator, SymptomControl
from mastcell.reads import AGE, REACTIONS, WEIGHT
from mastcell.rules.antimediator_addons_facts import (
    ANTI_IGE_TAKING,
    CORTICOSTEROID_TAKING,
    H1_ACTIVE,
    H2_ACTIVE,
    LEUKOTRIENE_PROPOSALS,
    LEUKOTRIENE_TAKING,
    OTHERS_ACTIVE,
    STABILIZER_TAKING,
    alternatives,
    over_cap,
    passed_over,
)
from mastcell.rules.antimediator_doses import (
    AGE_SOURCE,
    BAND_AGE,
    age_note,
    age_path,
    band_dose,
    dose_or_ask,
)
from mastcell.rules.antimediator_facts import SEVERE, control_finding, med_finding
from mastcell.rules.antimediator_mediators import JUDGED
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.referral_facts import SYMPTOM_CONTROL
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_LTE4 = JUDGED[Analyte.URINE_LTE4]
#: The leukotriene card's sources, in its order: the basis, then the drug's, then the facts shown.
_BASIS, _ALWAYS = ("S29", "S30", "S35"), ("S128", "S14", "S129")


@decides(
    "antimediator.cromolyn.consider",
    sources=("S12", "S29", "SEED-A", "SEED-B"),
    reads=((SYMPTOM_CONTROL,), (STABILIZER_TAKING,), (AGE, AGE_SOURCE), (WEIGHT,)),
    indicators=(Indicator.INFO,),
    proposes=(CROMOLYN.adult.advice(), CROMOLYN.child.advice()),
    triggers=(Recorded.SYMPTOM_CONTROL,),
)
def cromolyn_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider oral cromolyn, dosed by age, with its slow onset and cautions.

    Fires for a mast cell disorder whose symptoms are recorded as not controlled when cromolyn
    is not taken or planned. 200 mg four times daily from 13 years, 100 mg from 2 to 12 years;
    under 2 years, with the age unknown, or when the dose would exceed 40 mg/kg/day, the dose
    is left to the clinician and the reason stated.
    """
    control = SYMPTOM_CONTROL.of(f)
    if MAST_CELL_DISORDER not in f.families or control is None or not control.uncontrolled:
        return upto(0)
    if STABILIZER_TAKING.of(f):
        return upto(1)
    findings = [control_finding(f)]
    age = AGE.of(f)
    fact = CROMOLYN.dose_for(age)
    if fact is None:
        findings.append(
            age_note(age, CROMOLYN_DRUG, "2 years and over", CROMOLYN.child.min_age, age_path(f))
        )
        advice = DoseAdvice(drug=CROMOLYN_DRUG, note="dose: clinician decision")
        # The weight is read only for a dose (the mg/kg/day maximum).
        variant = "age_unknown" if age is None else "under_two"
        return upto(2, _cromolyn(findings, advice, variant, {"control": control, "advice": advice}))
    advice = fact.advice()
    params = {"control": control, "advice": advice, "fact": fact}
    variant = ""
    weight = WEIGHT.of(f)
    over = None if weight is None else over_cap(fact, weight.kg)
    if weight is not None and over is not None:
        per_day, limit = over
        findings.append(
            Finding(
                input="weight",
                value=weight.kg,
                unit="kg",
                note=(
                    f"{per_day:g} mg/day exceeds {CROMOLYN.max_mg_per_kg_day:g} "
                    f"mg/kg/day ({limit:g} mg/day)"
                ),
            )
        )
        advice = DoseAdvice(drug=CROMOLYN_DRUG, note="dose: clinician decision")
        params = {**params, "advice": advice, "weight": weight.kg, "limit": limit}
        variant = "over_limit"
    return (_cromolyn(findings, advice, variant, params),)


def _cromolyn(
    findings: list[Finding], advice: DoseAdvice, variant: str, params: dict[str, object]
) -> Decision:
    return Decision(
        code="antimediator.cromolyn.consider",
        indicator=Indicator.INFO,
        action=Action.PREFER,
        drug=advice.drug,
        medication=advice,
        findings=tuple(findings),
        sources=("S12", "S29", "SEED-A", "SEED-B"),
        variant=variant,
        params=params,
    )


@decides(
    "antimediator.leukotriene.add",
    # S30 is cited by the old rule without being declared.
    sources=("S29", "S35", "S14", "S50", "S128", "S129", "SEED-A", "SEED-B", "S30"),
    reads=(
        (),
        (LEUKOTRIENE_TAKING,),
        (_LTE4, SYMPTOM_CONTROL, H1_ACTIVE, H2_ACTIVE),
        (REACTIONS,),
        (AGE, AGE_SOURCE, BAND_AGE, AGE_GIVEN),
        (WEIGHT,),
    ),
    indicators=(Indicator.INFO,),
    proposes=LEUKOTRIENE_PROPOSALS,
    triggers=(MAST_CELL_DISORDER,),
)
def leukotriene_add(f: Facts, context: Context) -> Sequence[Decision]:
    """Add a leukotriene modifier (montelukast; zileuton with liver monitoring).

    Fires for a mast cell disorder not taking or planning a leukotriene modifier when urinary
    LTE4 is above its reference limit (a SEED-ONLY trigger, switchable in the options) or when
    symptoms are inadequate or refractory on an H1 and an H2 antihistamine. Montelukast is
    dosed by the label's age bands (PD15: 4 mg at 2-5 y, 5 mg at 6-14 y, 10 mg from 15 y;
    under 2 years a clinician decision) and always shown with its boxed warning (PD16).
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if LEUKOTRIENE_TAKING.of(f):
        return upto(1)
    findings: list[Finding] = []
    lte4 = _LTE4.of(f)
    raised = None
    if context.options.antimediator.leukotriene_if_lte4_elevated and lte4 and lte4.elevated:
        raised = lte4
        findings.append(lte4.finding)
    control = SYMPTOM_CONTROL.of(f)
    h1, h2 = H1_ACTIVE.of(f), H2_ACTIVE.of(f)
    severe = bool(control in SEVERE and h1 and h2)
    if severe:
        findings.append(control_finding(f))
        findings += [med_finding(f, m, "H1 taken") for m in h1]
        findings += [med_finding(f, m, "H2 taken") for m in h2]
    if raised is None and not severe:
        return upto(2)
    pick = allowed(REACTIONS.of(f), LEUKOTRIENE_ORDER)
    findings += passed_over(f, pick)
    excluded = tuple(x for m in pick.excluded for x in m.sources)
    if pick.first is None:
        none = Decision(
            code="antimediator.leukotriene.add",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=tuple(findings),
            sources=tuple(dict.fromkeys(("S29", "S30", *excluded))),
            variant="no_option",
            params={"pick": pick, "sources": ("S29", "S30")},
        )
        return upto(3, none)
    if pick.first == ZILEUTON.dose.drug:
        advice, dose_text = dose_or_ask(ZILEUTON.dose, AGE.of(f), findings, path=age_path(f))
        dose_text += f"; {ZILEUTON.monitoring}; {ZILEUTON.leukopenia}"
        band_sources: tuple[str, ...] = ZILEUTON.sources
    else:
        advice, dose_text, band_sources = band_dose(pick.first, f, context, findings)
    measured = ("S50", "SEED-A", "SEED-B") if lte4 else ()
    decision = Decision(
        code="antimediator.leukotriene.add",
        indicator=Indicator.INFO,
        action=Action.START,
        drug=advice.drug,
        medication=advice,
        findings=tuple(findings),
        sources=tuple(dict.fromkeys((*_BASIS, *band_sources, *_ALWAYS, *measured, *excluded))),
        params={
            "lte4": None if raised is None else raised.lab.canonical,
            "control": control if severe else None,
            "advice": advice,
            "dose_text": dose_text,
            "boxed": pick.first == MONTELUKAST.drug,
            "pick": pick,
            "alternatives": alternatives(f, context, pick.first),
            "measured": lte4 is not None,
        },
        lists_options=True,
    )
    # The weight is read only for a dose by the labelled bands (zileuton has none).
    return upto(4, decision) if pick.first == ZILEUTON.dose.drug else (decision,)


@decides(
    "antimediator.omalizumab.consider",
    sources=("S29", "S31", "SEED-B"),
    reads=(
        (SYMPTOM_CONTROL,),
        (ANTI_IGE_TAKING,),
        (H1_ACTIVE, H2_ACTIVE, OTHERS_ACTIVE),
        (AGE, AGE_SOURCE),
    ),
    indicators=(Indicator.INFO,),
    proposes=(OMALIZUMAB.advice(),),
    triggers=(Recorded.SYMPTOM_CONTROL,),
)
def omalizumab_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider omalizumab when symptoms stay refractory on standard therapy.

    Fires for a mast cell disorder not taking or planning omalizumab whose symptoms are
    refractory on an H1 and an H2 antihistamine, or inadequate on an H1, an H2 and cromolyn or
    a leukotriene modifier.
    """
    control = SYMPTOM_CONTROL.of(f)
    if MAST_CELL_DISORDER not in f.families or control not in SEVERE:
        return upto(0)
    if ANTI_IGE_TAKING.of(f):
        return upto(1)
    h1, h2, others = H1_ACTIVE.of(f), H2_ACTIVE.of(f), OTHERS_ACTIVE.of(f)
    if not (h1 and h2) or (control is SymptomControl.INADEQUATE and not others):
        return upto(2)
    taken = (*h1, *h2, *others)
    findings = [control_finding(f)]
    findings += [med_finding(f, m, "taken") for m in taken]
    advice, dose_text = dose_or_ask(OMALIZUMAB, AGE.of(f), findings, path=age_path(f))
    return (
        Decision(
            code="antimediator.omalizumab.consider",
            indicator=Indicator.INFO,
            action=Action.PREFER,
            drug=advice.drug,
            medication=advice,
            findings=tuple(findings),
            sources=("S29", "S31", "SEED-B"),
            params={
                "control": control,
                "drugs": tuple(m.drug for m in taken),
                "advice": advice,
                "dose_text": dose_text,
            },
        ),
    )


@decides(
    "antimediator.corticosteroid.consider",
    sources=(*CORTICOSTEROID_SOURCES, "SEED-B"),
    reads=((), (SYMPTOM_CONTROL,), (CORTICOSTEROID_TAKING,)),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def corticosteroid_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider a short systemic corticosteroid course for severe refractory symptoms only.

    Fires for a mast cell disorder whose symptoms are recorded as refractory when no systemic
    corticosteroid is taken or planned. No dose is proposed: the source gives none.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if SYMPTOM_CONTROL.of(f) is not SymptomControl.REFRACTORY:
        return upto(1)
    if CORTICOSTEROID_TAKING.of(f):
        return upto(2)
    return (
        Decision(
            code="antimediator.corticosteroid.consider",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=(control_finding(f),),
            sources=tuple(dict.fromkeys((*CORTICOSTEROID_SOURCES, "SEED-B"))),
        ),
    )
