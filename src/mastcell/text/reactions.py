"""The words of the reaction review (:mod:`mastcell.rules.reactions`).

>>> from mastcell.text import template_of
>>> template_of("medication.reaction.review")(
...     confirm=(), unread=(("reactions[0]", "'x': not recognised"),), read_as=(),
...     none_known=(), contradiction=False, anaphylaxis=())[0]
'Recorded reactions: 1 reaction(s) not read as a drug: proposals are a clinician decision'
"""

from __future__ import annotations

from mastcell.model.recommendation import fit_words
from mastcell.text import Text, template

__all__: list[str] = []

#: How mastcell acts on what it read (the last sentence of every review).
_POLICY = (
    "How mastcell acts on them: a reaction read by spelling or among other words is treated as "
    "that drug (never proposed, nor a drug that may cross-react with it) until a clinician "
    "confirms it; a class word speaks against every member of the class; an agent mastcell "
    "cannot read makes every proposal a clinician decision; 'no known drug allergies' is no "
    "reaction and no agent."
)

#: Each reading: its reaction's path and how it was read.
Readings = tuple[tuple[str, str], ...]


@template("medication.reaction.review")
def reaction_review(
    *,
    confirm: Readings,
    unread: Readings,
    read_as: Readings,
    none_known: Readings,
    contradiction: bool,
    anaphylaxis: tuple[str, ...],
) -> Text:
    """How each reaction was read, grouped; ``anaphylaxis``: NKDA entries with that severity."""
    parts: list[str] = []
    if unread:  # first: what it means for every proposal must stay on the card's line
        parts.append(
            f"{len(unread)} reaction(s) not read as a drug: proposals are a clinician decision"
        )
    if confirm:
        parts.append(f"confirm {len(confirm)} reaction(s) read by spelling or among other words")
    if none_known:
        parts.append(
            "'no known drug allergies' recorded"
            + (" beside reactions: check the record" if contradiction else "")
        )
    if read_as and not parts:
        parts.append(
            f"{len(read_as)} reaction(s) read through brand, salt, combination, class or code"
        )
    lines: list[str] = []
    for title, group in (
        ("To confirm (read by spelling or among other words)", confirm),
        ("Not read as a drug, a class or a trigger", unread),
        ("Read as", read_as),
        ("No known drug allergies", none_known),
    ):
        if group:
            lines.append(f"{title}: " + "; ".join(f"{path} {how}" for path, how in group) + ".")
    if contradiction:
        lines.append(
            "The record says 'no known drug allergies' but also lists reactions or a severity: "
            "the reactions are used for safety; check which is right."
        )
    if anaphylaxis:
        lines.append(
            "A 'no known drug allergies' entry carries the severity anaphylaxis ("
            + ", ".join(anaphylaxis)
            + "): it names no agent, but the anaphylaxis is kept as a prior anaphylaxis for "
            "emergency readiness (epinephrine, procedures, beta-blockers), the safer reading: "
            "a missed anaphylaxis costs more than an extra precaution. Correct the record if "
            "there was none."
        )
    lines.append(_POLICY)
    return fit_words("Recorded reactions: " + "; ".join(parts)), " ".join(lines)
