"""The words of the NSAID bleeding warning (:mod:`mastcell.rules.antiplatelet`).

>>> from mastcell.counts import classify, latest_count
>>> from mastcell.rules.antiplatelet_facts import NsaidUse
>>> from mastcell.testing import AT, lab, patient
>>> from mastcell.text import template_of
>>> count = latest_count(patient(labs=[lab("platelets", 30, "K/uL")]), "platelets", AT)
>>> use = NsaidUse(path="medications[0]", name="advil", generic="ibuprofen", how="active")
>>> template_of("medication.nsaid.low_platelets")(
...     name="advil", generic="ibuprofen", count=count, grading=classify(count), bound=50.0,
...     drawn_days=None, max_age_days=14, uses=(use,), ketorolac=False, surgery=False,
...     cardiac=False, on_board="")[0]
'Advil with platelets 30 x10^9/L (grade 3, below 50): bleeding risk; clinician decision'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import Classification, Count
from mastcell.knowledge.antiplatelet import (
    BLEEDING,
    CARDIOVASCULAR_READING,
    DAPT_STOP_RISK,
    KETOROLAC_BLEEDING,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.antiplatelet_facts import NsaidUse
from mastcell.text import Text, template

__all__: list[str] = []


def _cap(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"


@template("medication.nsaid.low_platelets")
def low_platelets(
    *,
    name: str,
    generic: str,
    count: Count,
    grading: Classification,
    bound: float,
    drawn_days: int | None,
    max_age_days: int,
    uses: Sequence[NsaidUse],
    ketorolac: bool,
    surgery: bool,
    cardiac: bool,
    on_board: str,
) -> Text:
    """An NSAID or aspirin below the platelet bound: bleeding risk, clinician decision."""
    age_text = (
        f" drawn {drawn_days} days ago (older than {max_age_days} days: repeat it)"
        if drawn_days is not None
        else ""
    )
    extra: list[str] = []
    if ketorolac:
        extra.append(_cap(KETOROLAC_BLEEDING) + ".")
        if surgery:
            extra.append("It is planned for a surgery.")
    if cardiac:
        extra.append(
            f"{_cap(CARDIOVASCULAR_READING)}: "
            f"{DAPT_STOP_RISK}. Whether to continue it at this count is a joint "
            "haematology and cardiology decision; do not simply stop it."
        )
    if on_board:
        extra.append(
            f"A KIT inhibitor or cytoreductive drug is on the list ({on_board}): avapritinib is "
            "not recommended below 50 x10^9/L (S9) and midostaurin is interrupted below 50 "
            "x10^9/L in patients without MCL (S1)."
        )
    action = (
        "do not simply stop it (therapy for the heart): decide with cardiology"
        if cardiac
        else "clinician decision"
    )
    return (
        fit_words(
            f"{name.capitalize()} with {count.describe()} ("
            + (f"grade {grading.grade}, " if grading.grade else "")
            + f"below {bound:g}): bleeding risk; {action}"
        ),
        f"The latest platelet count is {count.describe()} ({grading.text}){age_text}, "
        f"below {bound:g} x10^9/L, and {generic} is "
        + "; ".join(f"{u.how} ({u.path})" for u in uses)
        + f". {_cap(BLEEDING.mechanism)}; "
        f"{BLEEDING.basis}. "
        + " ".join(extra)
        + (" " if extra else "")
        + "Weigh the bleeding risk against the reason for the drug: clinician decision.",
    )
