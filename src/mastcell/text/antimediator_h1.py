"""The words of the H1 escalation decisions (``antimediator.h1.increase``, ``h1.above_max``).

>>> from mastcell.knowledge.antimediator import escalation_bound
>>> from mastcell.text import template_of
>>> template_of("antimediator.h1.above_max")(
...     total=5.0, max_multiple=4.0, bounds=(escalation_bound("cetirizine"),))[0]
'Second-generation H1 dose is 5x the standard dose, above the 4x escalation bound: review'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.antimediator import H1_CONFIRMED_MULTIPLE, EscalationBound, Tag
from mastcell.knowledge.paediatric import DoseBand
from mastcell.model import DoseAdvice, SymptomControl
from mastcell.text import Text, shorten, template
from mastcell.text.antimediator import nmh_text

__all__ = ["bounds_text"]


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
        shorten(f"Record the dose and frequency of {listed} to judge H1 escalation"),
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
        shorten(summary),
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
