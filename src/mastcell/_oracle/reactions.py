"""The oracle's reaction review: :mod:`mastcell.rules.reactions` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule name
of the old module) so that the differential harness can compare the converted rule with the
code it replaces. How mastcell read the recorded reactions: what to confirm, what it could not
read, NKDA.

Every reader of a reaction's agent goes through the drug vocabulary
(:func:`mastcell.knowledge.resolve.resolve_reaction`). When the chart did not name the drug as
the catalogue does (a brand, a salt, a combination product, a class word, a code), when
mastcell read it by spelling or among other words, when it could not read it at all, or when
the chart says "no known drug allergies", this rule says so in one card, one finding per
reaction, so that the clinician can check every reading the safety checks relied on.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.facts import Recorded
from mastcell.knowledge.drugs import CATALOGUE, Match
from mastcell.knowledge.resolve import Resolution, resolve_reaction
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Finding,
    Indicator,
    Patient,
    Reaction,
    ReactionSeverity,
    Recommendation,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, oracle_rule

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.reactions")

#: The sources of each way of reading a name: labels (S180, S181), RxNorm (S154), the
#: "no known allergy" codes (S186); class words cite their group's sources.
_HOW_SOURCES: dict[Match, tuple[str, ...]] = {
    Match.BRAND: ("S180", "S181"),
    Match.SALT_FORM: ("S180",),
    Match.COMBINATION: ("S180", "S181"),
    Match.CODE: ("S154",),
    Match.NONE_KNOWN: ("S186",),
}

_POLICY = (
    "How mastcell acts on them: a reaction read by spelling or among other words is treated as "
    "that drug (never proposed, nor a drug that may cross-react with it) until a clinician "
    "confirms it; a class word speaks against every member of the class; an agent mastcell "
    "cannot read makes every proposal a clinician decision; 'no known drug allergies' is no "
    "reaction and no agent."
)


def _plain(read: Resolution, reaction: Reaction) -> bool:
    """Read as written: a catalogue name, or a physical trigger; nothing to report."""
    if read.how is Match.TRIGGER:
        return True
    return read.how is Match.EXACT and not read.stripped and read.ingredients == (reaction.agent,)


def _finding(patient: Patient, reaction: Reaction, read: Resolution) -> Finding:
    severity = "" if reaction.severity is None else f" ({reaction.severity.value})"
    agent = reaction.agent if len(reaction.agent) <= 60 else reaction.agent[:60] + "..."
    return Finding(input=patient.path_of(reaction), text=f"{agent}{severity}", note=read.describe())


def _sources(read: Resolution) -> tuple[str, ...]:
    found = list(_HOW_SOURCES.get(read.how, ()))
    for group in read.classes:
        found += group.sources
    for generic in read.ingredients:
        found += CATALOGUE[generic].name_sources
    return tuple(found)


@rule(
    "medication.reaction.review",
    sources=("S180", "S181", "S154", "S186", "S138", "S139", "S140", "S182", "S184", "S185"),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.REACTION,),
)
def reaction_review(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """State how each recorded reaction was read, and ask to confirm what was guessed.

    Fires when a recorded reaction's agent is not written as a catalogue name or a physical
    trigger: a brand, salt, combination product, class word or code (information), read by
    spelling or among other words, or not readable at all (a warning: confirm the record),
    or "no known drug allergies" (information; a warning when reactions are recorded beside
    it, or it carries a severity).
    """
    confirm: list[tuple[Reaction, Resolution]] = []
    unread: list[tuple[Reaction, Resolution]] = []
    none_known: list[tuple[Reaction, Resolution]] = []
    read_as: list[tuple[Reaction, Resolution]] = []
    agents = 0
    for reaction in patient.reactions:
        read = resolve_reaction(reaction.agent)
        if read.how is Match.NONE_KNOWN:
            none_known.append((reaction, read))
            continue
        agents += 1
        if read.how is Match.UNRESOLVED:
            unread.append((reaction, read))
        elif read.to_confirm:
            confirm.append((reaction, read))
        elif not _plain(read, reaction):
            read_as.append((reaction, read))
    if not (confirm or unread or none_known or read_as):
        return
    contradiction = bool(none_known) and (
        agents > 0 or any(r.severity is not None for r, _ in none_known)
    )
    parts: list[str] = []
    if confirm:
        parts.append(f"confirm {len(confirm)} reaction(s) read by spelling or among other words")
    if unread:
        parts.append(
            f"{len(unread)} reaction(s) not read as a drug: proposals are a clinician decision"
        )
    if none_known:
        parts.append(
            "'no known drug allergies' recorded"
            + (" beside reactions: check the record" if contradiction else "")
        )
    if read_as and not parts:
        parts.append(
            f"{len(read_as)} reaction(s) read through brand, salt, combination, class or code"
        )
    summary = fit_words("Recorded reactions: " + "; ".join(parts))
    lines: list[str] = []
    for title, group in (
        ("To confirm (read by spelling or among other words)", confirm),
        ("Not read as a drug, a class or a trigger", unread),
        ("Read as", read_as),
        ("No known drug allergies", none_known),
    ):
        if group:
            lines.append(
                f"{title}: "
                + "; ".join(f"{patient.path_of(r)} {read.describe()}" for r, read in group)
                + "."
            )
    if contradiction:
        lines.append(
            "The record says 'no known drug allergies' but also lists reactions or a severity: "
            "the reactions are used for safety; check which is right."
        )
    flagged = [r for r, _ in none_known if r.severity is ReactionSeverity.ANAPHYLAXIS]
    if flagged:
        lines.append(
            "A 'no known drug allergies' entry carries the severity anaphylaxis ("
            + ", ".join(patient.path_of(r) for r in flagged)
            + "): it names no agent, but the anaphylaxis is kept as a prior anaphylaxis for "
            "emergency readiness (epinephrine, procedures, beta-blockers), the safer reading: "
            "a missed anaphylaxis costs more than an extra precaution. Correct the record if "
            "there was none."
        )
    lines.append(_POLICY)
    reviewed = {id(r): (r, read) for r, read in (*confirm, *unread, *read_as, *none_known)}
    everything = [reviewed[id(r)] for r in patient.reactions if id(r) in reviewed]
    sources = [s for _, read in everything for s in _sources(read)]
    yield Recommendation(
        code="medication.reaction.review",
        indicator=Indicator.WARNING if confirm or unread or contradiction else Indicator.INFO,
        summary=summary,
        detail=" ".join(lines),
        evidence=evidence(*dict.fromkeys(sources or ["S186"])),
        findings=tuple(_finding(patient, r, read) for r, read in everything),
    )
