"""The words of the censored-result decision (:mod:`mastcell.rules.labs`).

>>> from mastcell.model import LabResult
>>> from mastcell.testing import AT
>>> from mastcell.text import template_of
>>> low = LabResult(analyte="platelets", value=50, unit="K/uL", time=AT, comparator="<")
>>> template_of("monitoring.lab.censored")(
...     lab=low, path="labs[0]", reported="< 50 K/uL", bound=50.0, why="low counts matter",
...     why_sources=("S157",), derived=False, decisions=())[0]
'Platelets reported only as < 50 K/uL (labs[0]): thresholds beyond it undecided; get a...'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.censoring import DoseThresholds
from mastcell.model import LabResult
from mastcell.model.recommendation import fit_words
from mastcell.text import Text, template

__all__: list[str] = []


def _shown(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


@template("monitoring.lab.censored")
def censored(
    *,
    lab: LabResult,
    path: str,
    reported: str,
    bound: float,
    why: str,
    why_sources: Sequence[str],
    derived: bool,
    decisions: Sequence[tuple[str, str, DoseThresholds, tuple[float, ...]]],
) -> Text:
    """A censored result: what its bound leaves undecided, and the drugs waiting on it."""
    unit = lab.canonical_unit
    comparator = lab.comparator
    side = "below" if comparator is not None and comparator.below else "above"
    drug_text = ""
    if decisions:
        parts = [
            f"{drug} ({status}): its label's dose decisions compare "
            f"the {row.analyte.label} with {', '.join(f'{t:g}' for t in undecided)} {unit} "
            f"({', '.join(row.sources)}), beyond this bound"
            for drug, status, row, undecided in decisions
        ]
        drug_text = (
            " On the list: "
            + "; ".join(dict.fromkeys(parts))
            + ". Whether to interrupt, restart or start it cannot be decided from this "
            "result: the absence of an interrupt card is no reassurance."
        )
    derived_text = (
        " It is an input of the derived ANC (WBC x neutrophil %), which is censored with it."
        if derived
        else ""
    )
    return (
        fit_words(
            f"{lab.analyte.label.capitalize()} reported only as {reported} ({path}): "
            "thresholds beyond it undecided; get a quantified result"
        ),
        f"The {lab.analyte.label} of {lab.time.isoformat()} was reported as {reported}: "
        f"a censored result, the true value is {side} it (FHIR QuantityComparator, "
        f"S157). mastcell reads it as {_shown(lab.canonical, unit)}, so every threshold "
        f"the bound already passes counts as crossed; any threshold {side} "
        f"{_shown(bound, unit)} is undecided, and the true value may lie far {side} "
        f"it. The {side} side is the worse one here: {why} "
        f"({', '.join(why_sources)}).{derived_text}{drug_text} Obtain a quantified result; "
        "advice that depends on this value is a clinician decision.",
    )
