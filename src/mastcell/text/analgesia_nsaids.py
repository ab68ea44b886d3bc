"""The words of the NSAID decisions (:mod:`mastcell.rules.analgesia_nsaids`).

One template per branch: caution (the default reading), avoid (a clinician's reading),
reacted, tolerated (aspirin taken now), cardiac and cardiac_reacted (aspirin for the heart).

>>> from mastcell.vetting import vet_agent
>>> from mastcell.text import template_of
>>> template_of("analgesia.nsaid.caution")(generic="ibuprofen", worst=None, instead=True,
...     verdict=vet_agent("ibuprofen"), excluded={}, cardiac=None, heart=False,
...     aspirin_sm=False)[0]
'Ibuprofen: use with caution; NSAID reactions are uncommon in mastocytosis (2-4%, S32)'
"""

from __future__ import annotations

from collections.abc import Mapping

from mastcell.knowledge.analgesia import ASPIRIN_THERAPY, NSAID_TOLERANCE
from mastcell.knowledge.antiplatelet import CARDIOVASCULAR_READING, DAPT_STOP_RISK
from mastcell.model import Reaction
from mastcell.model.recommendation import fit_words
from mastcell.rules.aspirin_facts import AspirinUse
from mastcell.text import Text, template
from mastcell.vetting import AgentVerdict

__all__: list[str] = []


def _text(
    summary: str,
    detail: str,
    *,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    cardiac: AspirinUse | None,
    heart: bool,
    aspirin_sm: bool,
) -> Text:
    """The branch's words between the tolerance data and the cardiac and SM notes."""
    text = f"{NSAID_TOLERANCE} {verdict.describe(excluded)}{detail}"
    if heart and cardiac is not None:
        text += (
            f" Aspirin here is {cardiac.describe()}: {CARDIOVASCULAR_READING}; {DAPT_STOP_RISK}."
        )
    if aspirin_sm:
        text += f" {ASPIRIN_THERAPY}"
    return fit_words(summary), text


@template("analgesia.nsaid.caution")
def nsaid_caution(
    *,
    generic: str,
    worst: Reaction | None,
    instead: bool,
    cardiac: AspirinUse | None,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """The default reading: caution, with the tolerance data."""
    return _text(
        f"{generic.capitalize()}: use with caution; NSAID reactions are uncommon in "
        "mastocytosis (2-4%, S32)",
        "",
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )


@template("analgesia.nsaid.caution", "avoid")
def nsaid_avoid(
    *,
    generic: str,
    worst: Reaction | None,
    instead: bool,
    cardiac: AspirinUse | None,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """A clinician chose the blanket 'avoid' lists."""
    use = "; use acetaminophen instead" if instead else ""
    return _text(
        f"Avoid {generic}: NSAIDs are listed as mast cell triggers (clinician-chosen reading){use}",
        "",
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )


@template("analgesia.nsaid.caution", "reacted")
def nsaid_reacted(
    *,
    generic: str,
    worst: Reaction,
    instead: bool,
    cardiac: AspirinUse | None,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """A prior reaction to an NSAID or aspirin: avoid.

    With the same drug taken now and tolerated, the avoid is said of the planned entry: the
    one taken now is not to be stopped (antimediator.aspirin.avoid says so).
    """
    use = "; use acetaminophen instead" if instead else ""
    severity = worst.severity or "severity not stated"
    if taken_tolerated:
        return _text(
            f"Do not start the planned {generic}: prior reaction to {worst.agent} ({severity}){use}",
            f" This patient reacted to {worst.agent}: a prior reaction makes NSAIDs and aspirin "
            f"an avoid, whatever the population data. The {generic} taken now has no reaction "
            f"recorded to {generic} itself: it is tolerated and is not to be stopped because of "
            "a reaction to another NSAID (antimediator.aspirin.avoid); the avoid is for the "
            "planned one.",
            verdict=verdict,
            excluded=excluded,
            cardiac=cardiac,
            heart=heart,
            aspirin_sm=aspirin_sm,
        )
    return _text(
        f"Avoid {generic}: prior reaction to {worst.agent} ({severity}){use}",
        f" This patient reacted to {worst.agent}: a prior reaction makes NSAIDs and "
        "aspirin an avoid, whatever the population data.",
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )


@template("analgesia.nsaid.caution", "tolerated")
def nsaid_tolerated(
    *,
    generic: str,
    worst: Reaction,
    instead: bool,
    cardiac: AspirinUse | None,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """Aspirin taken now, no reaction to aspirin itself: the other reaction is no avoid."""
    return _text(
        f"{generic.capitalize()} is taken now with no reaction recorded to it: the "
        f"reaction to {worst.agent} does not make it an avoid",
        f" This patient reacted to {worst.agent}, not to aspirin, and takes aspirin now "
        "(tolerated now): continue it unless the clinician decides otherwise; whether the "
        f"reaction to {worst.agent} was a cross-reactive (COX-1) phenotype is for the "
        "allergist (XR10, S140). Avoid the drug reacted to.",
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )


def _cardiac(why: str, cardiac: AspirinUse) -> str:
    return (
        f" {why}, and aspirin is {cardiac.describe()}. "
        f"{CARDIOVASCULAR_READING[0].upper()}{CARDIOVASCULAR_READING[1:]}; "
        f"{DAPT_STOP_RISK}. Acetaminophen does not replace an antiplatelet: cardiology "
        "and allergy decide together (testing, or desensitisation as reported in SM, AS4)."
    )


@template("analgesia.nsaid.caution", "cardiac_reacted")
def nsaid_cardiac_reacted(
    *,
    generic: str,
    worst: Reaction,
    instead: bool,
    cardiac: AspirinUse,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """Aspirin for the heart and a reaction to aspirin itself: decide together now."""
    return _text(
        f"Aspirin for the heart ({cardiac.basis}) and a recorded reaction to "
        "aspirin: decide with cardiology and allergy now",
        _cardiac("A reaction to aspirin itself is recorded", cardiac),
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )


@template("analgesia.nsaid.caution", "cardiac")
def nsaid_cardiac(
    *,
    generic: str,
    worst: Reaction,
    instead: bool,
    cardiac: AspirinUse,
    verdict: AgentVerdict,
    excluded: Mapping[str, str],
    heart: bool,
    aspirin_sm: bool,
    taken_tolerated: bool = False,
) -> Text:
    """Aspirin for the heart after a reaction to another NSAID: not simply dropped."""
    return _text(
        f"Aspirin for the heart ({cardiac.basis}) after a reaction to "
        f"{worst.agent}: cross-reactivity is for the allergist; do not simply drop it",
        _cardiac(
            f"A reaction to {worst.agent} (not to aspirin) is recorded; the common "
            "NSAID hypersensitivity phenotypes cross-react through COX-1 (XR10, S140)",
            cardiac,
        ),
        verdict=verdict,
        excluded=excluded,
        cardiac=cardiac,
        heart=heart,
        aspirin_sm=aspirin_sm,
    )
