"""The words of the add-on anti-mediator decisions (:mod:`mastcell.rules.antimediator_addons`).

Cromolyn, a leukotriene modifier, omalizumab and a corticosteroid course: the doses and
cautions are written as the knowledge tables hold them
(:mod:`mastcell.knowledge.antimediator`), never restated.

>>> from mastcell.text import template_of
>>> template_of("antimediator.corticosteroid.consider")()[0]
'Refractory symptoms: consider a short systemic corticosteroid course'
"""

from __future__ import annotations

from mastcell.knowledge.allergy import NO_OPTION, Allowed, describe_matches
from mastcell.knowledge.antimediator import CROMOLYN, ZILEUTON, DoseFact
from mastcell.knowledge.paediatric import MONTELUKAST_BOXED_WARNING
from mastcell.model import DoseAdvice, SymptomControl
from mastcell.model.recommendation import fit_summary
from mastcell.rules.antimediator_addons_facts import Alternative
from mastcell.text import Text, shorten, template

__all__ = ["alternatives_text", "passed_over_text"]


# -- cromolyn -----------------------------------------------------------------------------------


def _cromolyn(control: SymptomControl, advice: DoseAdvice, dose_text: str) -> Text:
    low, high = CROMOLYN.onset
    t_low, t_high = CROMOLYN.titrate_after
    return (
        shorten(f"Consider oral cromolyn: {advice}"),
        f"Symptoms are {control.value}; oral cromolyn sodium is a mast cell stabiliser "
        f"(S12, S29). Proposed: {dose_text}. Response may take {low.days // 7}-"
        f"{high.days // 7} weeks (S12; SEED-A agrees, SEED-B's 4-6 weeks is a narrower "
        f"CONFLICT); if not controlled after {t_low.days // 7}-{t_high.days // 7} weeks the "
        f"dose may be raised, to at most {CROMOLYN.max_mg_per_kg_day:g} mg/kg/day (S12). "
        f"Cautions: {CROMOLYN.impairment}; {CROMOLYN.under_two}.",
    )


@template("antimediator.cromolyn.consider")
def cromolyn(*, control: SymptomControl, advice: DoseAdvice, fact: DoseFact) -> Text:
    """The labelled dose of the patient's age band (S12)."""
    return _cromolyn(control, advice, f"{advice} ({fact.population}, S12)")


@template("antimediator.cromolyn.consider", "age_unknown")
def cromolyn_age_unknown(*, control: SymptomControl, advice: DoseAdvice) -> Text:
    """No age: both labelled doses, and the age asked for."""
    return _cromolyn(
        control,
        advice,
        f"age not recorded: record it ({CROMOLYN.adult.advice()} for "
        f"{CROMOLYN.adult.population}; {CROMOLYN.child.advice()} for "
        f"{CROMOLYN.child.population})",
    )


@template("antimediator.cromolyn.consider", "under_two")
def cromolyn_under_two(*, control: SymptomControl, advice: DoseAdvice) -> Text:
    """Under 2 years: the label and a monograph disagree (A6); clinician decision."""
    return _cromolyn(control, advice, f"{CROMOLYN.under_two}: dose is a clinician decision")


@template("antimediator.cromolyn.consider", "over_limit")
def cromolyn_over_limit(
    *, control: SymptomControl, advice: DoseAdvice, fact: DoseFact, weight: float, limit: float
) -> Text:
    """The standard dose would exceed the labelled mg/kg/day maximum (A7)."""
    return _cromolyn(
        control,
        advice,
        f"the standard {fact.advice()} would exceed the labelled maximum of "
        f"{CROMOLYN.max_mg_per_kg_day:g} mg/kg/day ({limit:g} mg/day for "
        f"{weight:g} kg): dose is a clinician decision",
    )


# -- leukotriene modifiers ------------------------------------------------------------------------


def passed_over_text(pick: Allowed) -> str:
    """Which drugs of the ranked list were passed over, and why (empty when none).

    >>> passed_over_text(Allowed(kept=("montelukast",)))
    ''
    """
    if not pick.excluded:
        return ""
    return " Not proposed for this patient: " + describe_matches(pick.excluded) + "."


def alternatives_text(alternatives: tuple[Alternative, ...]) -> str:
    """The alternatives to the leukotriene modifier proposed.

    Zileuton with its monitoring, another by its labelled band for the age (PD17 zafirlukast).

    >>> alternatives_text(())
    'no acceptable option on record: clinician decision'
    """
    shown = [
        f"{ZILEUTON.dose.advice()} (12 years and over); {ZILEUTON.monitoring}; "
        f"{ZILEUTON.leukopenia}"
        if a.drug == ZILEUTON.dose.drug
        else f"{a.drug}: " + "; ".join(b.text() for b in a.bands)
        for a in alternatives
    ]
    return "; ".join(shown) if shown else NO_OPTION


def _reasons(lte4: float | None, control: SymptomControl | None) -> str:
    reasons = []
    if lte4 is not None:
        reasons.append(
            f"urinary LTE4 {lte4:g} pg/mg creatinine is above its reference limit "
            "(S50: consistent with systemic mast cell disease with symptoms); choosing a "
            "leukotriene modifier on that basis is SEED-ONLY (SEED-A, SEED-B; "
            "options.antimediator.leukotriene_if_lte4_elevated)"
        )
    if control is not None:
        reasons.append(f"symptoms are {control.value} on an H1 and an H2 antihistamine")
    return "; and ".join(reasons)


@template("antimediator.leukotriene.add")
def leukotriene_add(
    *,
    lte4: float | None,
    control: SymptomControl | None,
    advice: DoseAdvice,
    dose_text: str,
    boxed: bool,
    pick: Allowed,
    alternatives: tuple[Alternative, ...],
    measured: bool,
) -> Text:
    """A leukotriene modifier the reactions allow, dosed for the age, with the alternatives.

    ``lte4``: the raised LTE4 when it is a reason; ``control``: the control when symptoms
    on an H1 and an H2 are a reason; ``measured``: an LTE4 is on record (its interferences).
    """
    interference = (
        " LTE4 is lowered by zileuton (stop 48 h before a sample) and leukotriene receptor "
        "antagonists, and also raised in asthma and other conditions (S50)."
        if measured
        else ""
    )
    warning = f" {MONTELUKAST_BOXED_WARNING}" if boxed else ""
    return (
        shorten(f"Add a leukotriene modifier: {advice}"),
        "Leukotriene blockade is part of standard anti-mediator therapy (S30, S29). Why: "
        + _reasons(lte4, control)
        + f". Proposed: {dose_text}.{warning}"
        f"{passed_over_text(pick)} Alternatives: {alternatives_text(alternatives)}." + interference,
    )


@template("antimediator.leukotriene.add", "no_option")
def leukotriene_no_option(*, pick: Allowed, sources: tuple[str, ...]) -> Text:
    """Every leukotriene modifier ruled out by the reactions: no drug, clinician decision."""
    return (
        fit_summary(f"Add a leukotriene modifier: {NO_OPTION}"),
        f"Leukotriene blockade is standard anti-mediator therapy ({', '.join(sources)}), but "
        "the recorded reactions speak against every drug mastcell would propose:"
        + passed_over_text(pick)[len(" Not proposed for this patient:") :]
        + " Which drug to use, if any (after allergist testing), is a clinician decision.",
    )


# -- omalizumab, corticosteroids ---------------------------------------------------------------


@template("antimediator.omalizumab.consider")
def omalizumab(
    *, control: SymptomControl, drugs: tuple[str, ...], advice: DoseAdvice, dose_text: str
) -> Text:
    """Refractory, or inadequate on a third agent: omalizumab, dosed for adults (A16, A17)."""
    return (
        shorten(f"Consider omalizumab for {control.value} symptoms: {advice}"),
        f"Symptoms are {control.value} on {', '.join(drugs)}. "
        "Omalizumab 150-300 mg subcutaneously every 2-4 weeks is used for mediator symptoms "
        f"not controlled by standard therapy (S29, S31). Proposed: {dose_text}. The evidence "
        "is retrospective and case series only: in refractory MCAS the most common dose "
        "was 150 mg every 2 weeks and complete response was more common at 300 mg a month "
        "or more; in SM it worked best for anaphylaxis and skin symptoms (S31).",
    )


@template("antimediator.corticosteroid.consider")
def corticosteroid() -> Text:
    """Refractory symptoms: a short course; no dose (the source gives none, A20)."""
    return (
        "Refractory symptoms: consider a short systemic corticosteroid course",
        "Systemic corticosteroids are for prolonged or severe episodes, not routine "
        "maintenance (S30; SEED-B: severe refractory symptoms only). The cited source gives "
        "no dose, so mastcell proposes none: the drug, dose and taper are a clinician "
        "decision.",
    )
