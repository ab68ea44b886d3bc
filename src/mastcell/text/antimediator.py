"""The words of the anti-mediator decisions: symptom control, H1 and H2 (:mod:`mastcell.rules.antimediator`).

>>> from mastcell.text import template_of
>>> template_of("antimediator.symptom_control.assess")()[0]
'Record symptom control (controlled, partial, inadequate, refractory)'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import NO_OPTION, ReactionMatch, describe_matches
from mastcell.knowledge.antimediator import (
    FAMOTIDINE,
    H1_CONFIRMED_MULTIPLE,
    EscalationBound,
    FamotidineDosing,
    Tag,
)
from mastcell.knowledge.paediatric import DoseBand
from mastcell.model import DoseAdvice, SymptomControl
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__ = ["bounds_text", "nmh_text", "no_option_text", "passed_over_text"]

_NMH = (
    " Urinary N-methylhistamine is above its reference limit (S50), supporting ongoing "
    "histamine release."
)


def nmh_text(nmh: bool) -> str:
    """The sentence of an elevated NMH (supporting evidence), or nothing.

    >>> nmh_text(False)
    ''
    """
    return _NMH if nmh else ""


def passed_over_text(excluded: Sequence[ReactionMatch]) -> str:
    """Which drugs of the ranked list were passed over, and why (empty when none).

    >>> passed_over_text(())
    ''
    """
    if not excluded:
        return ""
    return " Not proposed for this patient: " + describe_matches(excluded) + "."


def no_option_text(
    action: str, therapy: str, sources: tuple[str, ...], excluded: Sequence[ReactionMatch]
) -> Text:
    """A ranked list the patient's reactions emptied: no drug proposed, clinician decision.

    >>> no_option_text("Add an H2 antihistamine", "An H2", ("S29",), ())[0]
    'Add an H2 antihistamine: no acceptable option on record: clinician decision'
    """
    return (
        fit_summary(f"{action}: {NO_OPTION}"),
        f"{therapy} is standard anti-mediator therapy ({', '.join(sources)}), but the "
        "recorded reactions speak against every drug mastcell would propose:"
        + passed_over_text(excluded)[len(" Not proposed for this patient:") :]
        + " Which drug to use, if any (after allergist testing), is a clinician decision.",
    )


def bounds_text(bounds: Sequence[EscalationBound]) -> str:
    """The H1 escalation bounds, one per drug, and how to override them.

    >>> from mastcell.knowledge.antimediator import escalation_bound
    >>> bounds_text([escalation_bound("cetirizine")])[:40]
    'Escalation up to 2x the standard dose is'
    """
    unique = list({b.drug: b for b in bounds}.values())
    return (
        f"Escalation up to {H1_CONFIRMED_MULTIPLE:g}x the standard dose is confirmed (S29 lists "
        "cetirizine and fexofenadine once or twice daily). Upper bounds: "
        + "; ".join(b.text() for b in unique)
        + ". Bounds are per drug (options.antimediator.h1_max_multiple overrides them all; "
        "fexofenadine: options.antimediator.fexofenadine_bound)."
    )


@template("antimediator.symptom_control.assess")
def symptom_control_assess() -> Text:
    """Symptom control is not recorded: the decisions that depend on it."""
    return (
        "Record symptom control (controlled, partial, inadequate, refractory)",
        "Whether mediator symptoms are controlled is not recorded. Escalating an H1 "
        "antihistamine (to 2x the standard dose, S29), adding cromolyn, a leukotriene "
        "modifier, omalizumab or a corticosteroid all depend on it (S30, S29); mastcell does "
        "not assume that unknown means controlled.",
    )


@template("antimediator.h1.start")
def h1_start(
    *,
    advice: DoseAdvice,
    dose_text: str,
    adult: bool,
    excluded: tuple[ReactionMatch, ...],
    first_gen: tuple[str, ...],
    nmh: bool,
    control_unknown: bool,
) -> Text:
    """Start a second-generation H1: the dose (or why none) and the escalation's population."""
    escalation = (
        "If symptoms stay uncontrolled, an adult dose can be raised to 2x the standard dose "
        "(S29) and up to 4x (chronic urticaria, S131)."
        if adult
        else "Escalation above the labelled dose is described for adults only (S29, S131)."
    )
    first_text = (
        f" {', '.join(first_gen)} (first generation, sedating; A18) is on the "
        "list: a second-generation H1 is the maintenance choice."
        if first_gen
        else ""
    )
    return (
        f"Start a second-generation H1 antihistamine: {advice}"[:140],
        "H1 antihistamines are standard anti-mediator therapy in MCAS and mastocytosis "
        f"(S30, S29). Proposed: {dose_text}. {escalation}"
        + passed_over_text(excluded)
        + first_text
        + nmh_text(nmh)
        + (
            " Symptom control is not recorded; if symptoms are controlled without an H1, "
            "this can be set aside."
            if control_unknown
            else ""
        ),
    )


@template("antimediator.h1.start", "no_option")
def h1_start_no_option(*, sources: tuple[str, ...], excluded: tuple[ReactionMatch, ...]) -> Text:
    """The reactions speak against every second-generation H1 mastcell would propose."""
    return no_option_text(
        "Start a second-generation H1 antihistamine",
        "A second-generation H1 antihistamine",
        sources,
        excluded,
    )


@template("antimediator.h1.above_max")
def h1_above_max(*, total: float, max_multiple: float, bounds: tuple[EscalationBound, ...]) -> Text:
    """The H1s taken add up to more than the (lowest) escalation bound."""
    return (
        f"Second-generation H1 dose is {total:g}x the standard dose, above the "
        f"{max_multiple:.3g}x escalation bound: review",
        f"The second-generation H1 antihistamines on the list add up to {total:g}x "
        f"their standard daily doses. {bounds_text(bounds)} Doses above the "
        "bound have no support in the sources: reduce, or document the reason.",
    )


@template("antimediator.h1.increase", "record_dose")
def h1_record_dose(
    *, control: SymptomControl, names: tuple[str, ...], bounds: tuple[EscalationBound, ...]
) -> Text:
    """Symptoms not controlled on an H1 without a regular daily dose on record."""
    listed = ", ".join(names)
    return (
        f"Record the dose and frequency of {listed} to judge H1 escalation"[:140],
        f"Symptoms are {control.value}, and {listed} has no regular daily dose on "
        "record (dose, frequency, or an as-needed frequency), so it cannot be compared "
        f"with the standard dose. {bounds_text(bounds)}",
    )


def _step(target: float, tag: Tag | None) -> str:
    if tag is None:
        return f"to {target:g}x (confirmed, S29)"
    return f"towards {target:.3g}x ({tag.value})"


def _increase(
    summary: str,
    proposal: str,
    control: SymptomControl,
    total: float,
    bounds: Sequence[EscalationBound],
    nmh: bool,
) -> Text:
    return (
        summary[:140],
        f"Symptoms are {control.value} on second-generation H1 therapy at {total:g}x the "
        f"standard daily dose; {proposal} {bounds_text(bounds)}" + nmh_text(nmh),
    )


@template("antimediator.h1.increase", "agents")
def h1_increase_agents(
    *,
    control: SymptomControl,
    total: float,
    bounds: tuple[EscalationBound, ...],
    nmh: bool,
    target: float,
    tag: Tag | None,
    agents: int,
) -> Text:
    """Several H1s taken: escalate one agent rather than adding another."""
    step = _step(target, tag)
    return _increase(
        f"H1 antihistamines at {total:g}x the standard dose: escalate one agent {step}",
        f"{agents} second-generation H1s add up to {total:g}x the standard dose; "
        f"escalate one agent {step} rather than adding another.",
        control,
        total,
        bounds,
        nmh,
    )


@template("antimediator.h1.increase", "child")
def h1_increase_child(
    *,
    control: SymptomControl,
    total: float,
    bounds: tuple[EscalationBound, ...],
    nmh: bool,
    target: float,
    tag: Tag | None,
    taken: str,
    drug: str,
    age_known: bool,
    labelled: tuple[DoseBand, ...] | None,
) -> Text:
    """A child, or the age unknown: the escalation data are for adults."""
    label = (
        ""
        if labelled is None
        else f" The labelled doses for {drug}: " + "; ".join(b.text() for b in labelled) + "."
    )
    return _increase(
        f"Symptoms {control.value} on {taken} {total:g}x: consider escalating {_step(target, tag)}",
        "the escalation data are for adults (A2, S131): "
        + ("in a child " if age_known else "record the age; ")
        + "the escalated dose is a clinician decision."
        + label,
        control,
        total,
        bounds,
        nmh,
    )


@template("antimediator.h1.increase", "older_adult")
def h1_increase_older_adult(
    *,
    control: SymptomControl,
    total: float,
    bounds: tuple[EscalationBound, ...],
    nmh: bool,
    taken: str,
    drug: str,
    age: float,
    older: DoseBand,
) -> Text:
    """An age band whose label maximum is below the standard dose (cetirizine from 65, PD1)."""
    return _increase(
        f"Symptoms {control.value} on {taken} {total:g}x: escalation "
        f"above the {older.max_mg_per_day:g} mg label maximum at this age is a clinician decision",
        f"at {age:.0f} years the label's maximum for {drug} is {older.max_mg_per_day:g} mg "
        f"per 24 h ({', '.join(older.facts)}), below the standard dose the escalation "
        "multiples are counted from: the escalated dose is a clinician decision.",
        control,
        total,
        bounds,
        nmh,
    )


@template("antimediator.h1.increase")
def h1_increase(
    *,
    control: SymptomControl,
    total: float,
    bounds: tuple[EscalationBound, ...],
    nmh: bool,
    target: float,
    tag: Tag | None,
    taken: str,
    advice: DoseAdvice,
) -> Text:
    """An adult on one H1: the escalated dose."""
    return _increase(
        f"Increase {taken} {_step(target, tag)}: {advice}",
        f"proposed: {advice}.",
        control,
        total,
        bounds,
        nmh,
    )


def _famotidine_readings() -> str:
    """Both sides of the famotidine conflict, from the knowledge base."""
    return " versus ".join(
        f"{fact.advice().dose} {fact.frequency.label if fact.frequency else ''} "
        f"({', '.join(fact.sources)})"
        for fact in FAMOTIDINE.values()
    )


@template("antimediator.h2.add")
def h2_add(
    *,
    advice: DoseAdvice,
    dose_text: str,
    excluded: tuple[ReactionMatch, ...],
    dosing: FamotidineDosing,
    nmh: bool,
) -> Text:
    """Add an H2: the dose (or why none), and the famotidine dose conflict."""
    return (
        f"Add an H2 antihistamine: {advice}"[:140],
        "An H2 blocker added to the H1 blocker is standard anti-mediator therapy (S29, S30). "
        f"Proposed: {dose_text}.{passed_over_text(excluded)} The famotidine dose for mast "
        "cell disorders is not "
        f"standardised (CONFLICT): {_famotidine_readings()}; both are within labelled "
        f"ranges. This report proposes the {', '.join(FAMOTIDINE[dosing].sources)} reading; "
        "the clinician may choose the other with AntimediatorOptions.famotidine_dosing "
        f"(now {dosing.value!r}). Ranitidine is withdrawn in many markets "
        "and is not proposed. Famotidine has very rare haematological effects (S15): keep "
        "it in the differential of a new cytopenia." + nmh_text(nmh),
    )


@template("antimediator.h2.add", "no_option")
def h2_add_no_option(*, sources: tuple[str, ...], excluded: tuple[ReactionMatch, ...]) -> Text:
    """The reactions speak against every H2 antihistamine mastcell would propose."""
    return no_option_text(
        "Add an H2 antihistamine", "An H2 antihistamine added to the H1", sources, excluded
    )
