"""The words of the anti-mediator decisions: symptom control, H1 start, H2 (:mod:`mastcell.rules.antimediator`).

The H1 escalation's are in :mod:`mastcell.text.antimediator_h1`.

>>> from mastcell.text import template_of
>>> template_of("antimediator.symptom_control.assess")()[0]
'Record symptom control (controlled, partial, inadequate, refractory)'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import NO_OPTION, ReactionMatch, describe_matches
from mastcell.knowledge.antimediator import (
    FAMOTIDINE,
    FamotidineDosing,
)
from mastcell.model import DoseAdvice
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, shorten, template

__all__ = ["nmh_text", "no_option_text", "passed_over_text"]

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
        shorten(f"Start a second-generation H1 antihistamine: {advice}"),
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
        shorten(f"Add an H2 antihistamine: {advice}"),
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
