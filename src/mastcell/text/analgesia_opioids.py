"""The words of the opioid decisions (:mod:`mastcell.rules.analgesia_opioids`, premedication).

>>> from mastcell.text import template_of
>>> template_of("analgesia.opioid.prefer")(preferred=("fentanyl",), acceptable=(),
...     notes=(), excluded=())[0]
'If an opioid is needed, prefer fentanyl; acceptable: none left for this patient'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import NO_OPTION, ReactionMatch, Relation, describe_matches
from mastcell.knowledge.analgesia import UNRATED_OPIOID_BASIS
from mastcell.knowledge.special_populations import OLDER_ADULT, AgeLimit
from mastcell.model.recommendation import fit_words
from mastcell.text import Text, template
from mastcell.vetting import UNRATED, AgentVerdict

__all__: list[str] = []


@template("analgesia.opioid.caution")
def opioid_caution(
    *,
    generic: str,
    where: str,
    to: str | None,
    shown: AgentVerdict,
    match: ReactionMatch | None,
    excluded: Sequence[ReactionMatch],
) -> Text:
    """Change the opioid to the first usable one, keeping the pain covered."""
    to_text = to if to is not None else "an acceptable opioid chosen with the clinician"
    if match is not None and match.relation is Relation.SAME_DRUG:
        why = f"recorded reaction to {match.reaction.agent}"
    elif match is not None:
        why = f"may cross-react with {match.reaction.agent} (recorded reaction)"
    else:
        why = "less histamine release"
    return (
        fit_words(
            f"Change {generic} ({where}) to {to_text}: {why}; keep the pain covered during "
            "the change"
        ),
        f"{shown.describe(reacted=match is not None)} Change to {to_text} without a gap in "
        "pain relief: pain is "
        "itself a mast cell trigger (S34). Opioid dose conversion and route are the "
        "treating clinician's decision. SEED-B also advises IV rather than oral "
        "opioids: SEED-ONLY, not adopted."
        + (f" The patient has a {match.describe()}." if match else "")
        + (
            " For a true opioid allergy choose another chemical class; switching class "
            "lowers but does not remove the risk (XR8, S139): clinician decision."
            if match is not None
            else ""
        )
        + (f" Not offered: {describe_matches(excluded, said=match)}." if excluded else ""),
    )


@template("analgesia.opioid.caution", "unrated")
def opioid_unrated(
    *,
    generic: str,
    where: str,
    rated: Sequence[str],
    preferred: Sequence[str],
    acceptable: Sequence[str],
    excluded: Sequence[ReactionMatch],
) -> Text:
    """An opioid the sources do not rate: say so, name the rated ones, propose nothing."""
    named = ", ".join(rated[:2]) if rated else NO_OPTION
    return (
        fit_words(f"{generic.capitalize()} ({where}): {UNRATED}; rated acceptable: {named}"),
        f"{generic.capitalize()} has no mast-cell safety rating in the sources: the mast-"
        "cell lists name morphine, codeine and meperidine as histamine releasers and "
        "fentanyl, sufentanil, alfentanil, remifentanil, hydromorphone, buprenorphine "
        "(with oxycodone and piritramide in S39) as acceptable (P3; S33, S39), and "
        f"{generic} is in neither list; {UNRATED_OPIOID_BASIS} Whether to continue it or "
        "change to a rated opioid is the treating clinician's decision; mastcell proposes "
        "no change and no dose. Opioids rated for this patient: "
        f"preferred {', '.join(preferred) or 'none'}; acceptable "
        f"{', '.join(acceptable) or 'none'}."
        + (f" Not offered: {describe_matches(excluded)}." if excluded else "")
        + " Pain is itself a mast cell trigger: keep it covered (S34).",
    )


@template("analgesia.opioid.prefer")
def opioid_prefer(
    *,
    preferred: Sequence[str],
    acceptable: Sequence[str],
    notes: Sequence[str],
    excluded: Sequence[ReactionMatch],
) -> Text:
    """The preferred and acceptable opioids the patient's reactions leave."""
    if preferred:
        summary = f"If an opioid is needed, prefer {' or '.join(preferred)}; acceptable: " + (
            ", ".join(acceptable[:4]) or "none left for this patient"
        )
    elif acceptable:
        summary = (
            f"If an opioid is needed, acceptable for this patient: {', '.join(acceptable[:4])} "
            "(preferred ones excluded by recorded reactions)"
        )
    else:
        summary = "If an opioid is needed, choose it with the clinician: recorded reactions rule out the listed ones"
    detail = (
        f"Preferred: {', '.join(preferred) or 'none for this patient'} (least histamine release, "
        f"S41; named to treat pain, S34). Acceptable: {', '.join(acceptable) or 'none for this patient'} "
        "(S33, S39). "
        + "".join(n + ". " for n in notes)
        + "Avoid morphine, codeine and meperidine (histamine releasers, S33)."
    )
    if excluded:
        detail += (
            " Not offered because of recorded reactions: "
            + describe_matches(excluded)
            + ". For a true opioid allergy choose another chemical class; switching class lowers "
            "but does not remove the risk (XR8, S139): clinician decision."
        )
    return fit_words(summary), detail


@template("analgesia.premedicate")
def premedicate(
    *,
    proposed: bool,
    have: Sequence[str],
    h1: str | None,
    age: float | None,
    too_young: AgeLimit | None,
    h2_excluded: Sequence[ReactionMatch],
    h2_left: bool,
) -> Text:
    """H1 and H2 before opioids, or keep those taken going (seed-only)."""
    summary = (
        "Before giving opioids, pre-treat with an H1 and an H2 antihistamine (seed-only advice)"
        if proposed
        else "Keep the H1 and H2 antihistamines going while opioids are given (seed-only advice)"
    )
    return (
        summary,
        "H1 + H2 antihistamines before opioids: SEED-ONLY (SEED-B, P9; switch off with "
        "PerioperativeOptions.premedicate_before_opioids). Antihistamine prophylaxis before "
        "anaesthesia is supported: no anti-mediator prophylaxis 1 h before was a risk "
        "factor for reactions in 726 procedures (S36). "
        + (
            f"Already taking: {', '.join(have)}."
            if have
            else "No H1 or H2 antihistamine on the list."
        )
        + (
            f" {h1.capitalize()} at {age:.0f} years: {OLDER_ADULT.says} "
            f"({OLDER_ADULT.fact}, {', '.join(OLDER_ADULT.sources)}); a dose before an "
            "opioid is a clinician decision."
            if h1 is not None and age is not None
            else ""
        )
        + (
            f" H1 not proposed: {too_young.drug} {too_young.says} ({too_young.fact}; "
            f"{', '.join(too_young.sources)}); the H1 for this patient is a clinician "
            "decision."
            if too_young is not None
            else ""
        )
        + (
            " H2 not proposed for this patient: "
            + describe_matches(h2_excluded)
            + ("." if h2_left else f"; {NO_OPTION}.")
            if h2_excluded
            else ""
        ),
    )
