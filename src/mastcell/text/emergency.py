"""The words of the emergency decisions (:mod:`mastcell.rules.emergency`).

The physical triggers (:mod:`mastcell.knowledge.triggers`) and the agents rated caution are
written as the knowledge tables hold them.

>>> from mastcell.text import template_of
>>> template_of("emergency.epinephrine.prescribe", "adult").__name__
'epinephrine_adult'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from mastcell.knowledge.safety import SAFETY, SafetyGroup, SafetyLevel
from mastcell.knowledge.triggers import PHYSICAL_TRIGGERS
from mastcell.rules.emergency_facts import ClassAdvice, ReactionsRead
from mastcell.text import Text, shorten, template
from mastcell.vetting import AgentVerdict

__all__: list[str] = []


def _epinephrine(
    dose_text: str,
    *,
    wanted: int,
    dose: float | None,
    injectors: int,
    known: int,
    unknown: int,
    contradictory: Sequence[str],
) -> Text:
    have = (
        "none"
        if not injectors
        else (f"{known} recorded" + (f", {unknown} entry without a quantity" if unknown else ""))
    )
    summary = (
        f"Prescribe {wanted} epinephrine auto-injectors "
        + (f"{dose:g} mg" if dose is not None else "(dose: clinician decision)")
        + " and train their use"
    )
    detail = (
        f"Patients with a mast cell disorder should carry {wanted} epinephrine "
        f"auto-injectors at all times (S44 lists mastocytosis as a reason to prescribe more "
        f"than one); on the list now: {have}. Dose: {dose_text}. Train the patient and "
        "carers to inject at once for hypotension, breathing difficulty or throat swelling; "
        "an expert panel advises a lower threshold in mast cell disorders, treating even "
        "moderate skin or mucosal symptoms, and calling emergency services when alone, "
        "without a second device, far from hospital, or after two doses (S44). Adults: "
        "0.3-0.5 mg IM, repeated every 5-15 min as needed (S29)."
        + (
            " Prior anaphylaxis counted from a 'no known drug allergies' entry that carries "
            "the severity anaphylaxis ("
            + ", ".join(contradictory)
            + "): contradictory; the anaphylaxis is used, the safer reading; check the record."
            if contradictory
            else ""
        )
    )
    return summary, detail


@template("emergency.epinephrine.prescribe")
def epinephrine_band(*, kg: float, dose: float, **params: object) -> Text:
    """The dose of the label's weight band (the default variant)."""
    text = f"{dose:g} mg for {kg:g} kg, label weight band"
    return _epinephrine(text, dose=dose, **params)  # type: ignore[arg-type]


@template("emergency.epinephrine.prescribe", "below")
def epinephrine_below(*, kg: float, **params: object) -> Text:
    """Below the lowest labelled band: the dose is a clinician decision."""
    text = (
        f"weight {kg:g} kg is below the lowest labelled band (7.5 kg): dose is a clinician decision"
    )
    return _epinephrine(text, **params)  # type: ignore[arg-type]


@template("emergency.epinephrine.prescribe", "adult")
def epinephrine_adult(*, kg: None, **params: object) -> Text:
    """No weight, an adult: the adult device."""
    text = "0.3 mg adult device; weight unknown, confirm it is 30 kg or more"
    return _epinephrine(text, **params)  # type: ignore[arg-type]


@template("emergency.epinephrine.prescribe", "unknown")
def epinephrine_unknown(*, kg: None, **params: object) -> Text:
    """No weight below adult age: record it; the dose is a clinician decision."""
    text = "weight unknown: record it; the device dose is a clinician decision"
    return _epinephrine(text, **params)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1)
def _cautions() -> str:
    """The "other" agents rated caution in the safety catalogue, by their stated reason."""
    reasons: dict[str, list[str]] = {}
    for entry in SAFETY.values():
        if entry.group is SafetyGroup.OTHER and entry.level is SafetyLevel.CAUTION:
            reasons.setdefault(entry.reason, []).append(entry.generic)
    return "; ".join(f"{', '.join(names)} ({reason})" for reason, names in reasons.items())


def _flagged_text(
    drug: str,
    prior: str | None,
    verdict: AgentVerdict | None,
    excluded: Mapping[str, str] | None,
) -> str:
    if prior is not None or verdict is None:
        return f"{drug}: the patient reacted to it ({prior})."
    return verdict.describe(excluded)


@template("emergency.triggers.avoid")
def triggers_avoid(
    *,
    reading: ReactionsRead,
    flagged: Sequence[tuple[str, str | None, AgentVerdict | None, Mapping[str, str] | None]],
    classes: Sequence[ClassAdvice],
) -> Text:
    """The triggers of section 2.7, the patient's own, and the flagged drugs on the list."""
    personal = []
    if reading.physical:
        personal.append(f"physical triggers recorded: {', '.join(reading.physical)}")
    if reading.reacted:
        personal.append(f"drugs reacted to: {', '.join(reading.reacted)}")
    if reading.classes:
        personal.append(f"drug classes reacted to: {', '.join(dict.fromkeys(reading.classes))}")
    if reading.none_known:
        personal.append(f"no known drug allergies recorded ({', '.join(reading.none_known)})")
    if reading.other:
        personal.append(f"other recorded reactions: {', '.join(reading.other)}")
    summary = f"Avoid known triggers; {'; '.join(personal)}" if personal else "Avoid known triggers"
    summary += (
        " (heat, cold, friction, stress, alcohol, venom; histamine-releasing drugs)"
        if len(summary) < 60
        else ""
    )
    general = "; ".join(t.advice for t in PHYSICAL_TRIGGERS)
    texts = [_flagged_text(*item) for item in flagged]
    return (
        shorten(summary),
        f"Physical and other triggers (S34, S45, S43): {general}. Drugs that can activate "
        f"mast cells, with the usual alternatives (S33, S35, S39): "
        f"{'; '.join(c.text() for c in classes)}; "
        f"with caution: {_cautions()} (S33). NSAIDs and aspirin are on the trigger lists, "
        "but most patients with mastocytosis tolerate aspirin (S32: CONFLICT; personal "
        "history decides)."
        + (f" For this patient: {'; '.join(personal)}." if personal else "")
        + (f" On the medication list: {' '.join(texts)}" if texts else ""),
    )
