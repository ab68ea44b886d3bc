"""The words of the adverse-event decisions (:mod:`mastcell.rules.adverse_events`).

>>> from mastcell.text import template_of
>>> summary, _ = template_of("cytopenia.cytoreductive.adverse_event")(
...     term="rash", grade=3, status="ongoing", name="hydroxyurea", held=False, notes=())
>>> summary
'Hold hydroxyurea and review: grade 3 rash (ongoing); no SM-specific action loaded'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.adverse_events import AVAPRITINIB_ICH, EventScheme
from mastcell.knowledge.cytoreduction import SourcedText
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__ = ["scheme_text"]


def scheme_text(scheme: EventScheme) -> str:
    """A GIST scheme with its fact, population and tag, shown for reference only.

    >>> scheme_text(AVAPRITINIB_ICH).startswith("[LW3")
    True
    """
    return f"[{scheme.fact}, {scheme.population}; {scheme.tag}] {scheme.text}"


@template("cytopenia.avapritinib.adverse_event", "ich")
def avapritinib_ich(*, term: str, grade: int, status: str) -> Text:
    """An intracranial haemorrhage on avapritinib: stop and refer."""
    return (
        fit_summary(
            f"Stop avapritinib and refer: intracranial haemorrhage ({term}, grade "
            f"{grade}, {status}); SM label action not loaded"
        ),
        "An intracranial haemorrhage is recorded while on avapritinib: stop it and refer "
        "(neurology / the treating SM centre). The SM-specific label action is not loaded "
        f"in mastcell. {scheme_text(AVAPRITINIB_ICH)}. Any restart is a clinician "
        "decision.",
    )


@template("cytopenia.avapritinib.adverse_event", "gist")
def avapritinib_gist(
    *,
    term: str,
    grade: int,
    status: str,
    scheme: EventScheme,
    cognitive: bool,
    medication_status: str,
) -> Text:
    """A cognitive or grade 3-4 event on avapritinib: the GIST scheme, labelled as such."""
    what = "cognitive effect" if cognitive else "adverse event"
    return (
        fit_summary(
            f"Avapritinib with a grade {grade} {what} ({term}, "
            f"{status}): SM label row not loaded; clinician decision"
        ),
        f"The avapritinib SM label row for this event could not be read ({scheme.fact}: "
        f"NOT VERIFIED for SM). For reference only, {scheme_text(scheme)}. Whether to "
        f"hold, reduce or stop avapritinib ({medication_status}) is a clinician "
        "decision; the dose ladders are AdvSM 200 -> 100 -> 50 -> 25 mg once daily and ISM "
        "25 mg once daily -> every other day (LW2).",
    )


@template("cytopenia.cytoreductive.adverse_event")
def cytoreductive(
    *,
    term: str,
    grade: int,
    status: str,
    name: str,
    held: bool,
    notes: Sequence[SourcedText],
) -> Text:
    """A grade 3-4 event on another cytoreductive drug: hold and review, what sources say."""
    said = (
        " ".join(f"[{n.fact}] {n.text}." for n in notes)
        if notes
        else "mastcell's sources hold no adverse-event row for this drug."
    )
    verb = "Keep" if held else "Hold"
    return (
        fit_summary(
            f"{verb} {name} and review: grade {grade} {term} "
            f"({status}); no SM-specific action loaded"
        ),
        f"A grade {grade} adverse event ({term}) is recorded on "
        f"{name}. No SM-specific dose modification for it is in "
        f"mastcell's sources: clinician decision. What the sources say: {said}",
    )
