"""The words of the aspirin decisions (:mod:`mastcell.rules.antimediator_aspirin`).

>>> from mastcell.knowledge.allergy import Allowed
>>> from mastcell.text import template_of
>>> template_of("antimediator.aspirin.avoid")(
...     agents=("ibuprofen",), to_stop=(), not_to_start=(), kept=(), cardiac=(),
...     pain=Allowed(kept=("acetaminophen",)))[0]
'Avoid aspirin and NSAIDs: prior reaction to ibuprofen'
"""

from __future__ import annotations

from mastcell.knowledge.allergy import NO_OPTION, Allowed
from mastcell.knowledge.antimediator import (
    ASPIRIN,
    ASPIRIN_BLEEDING_FACTS,
    ASPIRIN_INITIATION_RISK,
    ASPIRIN_PLATELET_BASIS,
)
from mastcell.knowledge.antiplatelet import DAPT_STOP_RISK
from mastcell.knowledge.paediatric import ASPIRIN_CHILDREN
from mastcell.model.recommendation import fit_words
from mastcell.rules.antimediator_aspirin_facts import AspirinChecks
from mastcell.rules.aspirin_facts import AspirinUse
from mastcell.text import Text, shorten, template

__all__ = ["blocks_text", "notes_text", "pain_text"]


def pain_text(pain: Allowed) -> str:
    """The usual alternative for pain (2.7: acetaminophen, S33, S35) as the reactions allow.

    >>> pain_text(Allowed(kept=("acetaminophen",)))
    'acetaminophen is the usual alternative for pain'
    """
    if pain.kept:
        return f"{pain.text(joiner=' or ')} is the usual alternative for pain"
    return f"the usual alternative for pain is ruled out by a recorded reaction: {NO_OPTION}"


@template("antimediator.aspirin.avoid")
def aspirin_avoid(
    *,
    agents: tuple[str, ...],
    to_stop: tuple[str, ...],
    not_to_start: tuple[str, ...],
    kept: tuple[AspirinUse, ...],
    cardiac: tuple[AspirinUse, ...],
    pain: Allowed,
) -> Text:
    """A reaction to aspirin or an NSAID: avoid them, with what is taken now and why kept.

    A drug taken now is to be stopped or replaced; one planned, not started.
    """
    on_list = f" On the list now: {', '.join(to_stop)} - stop or replace it." if to_stop else ""
    on_list += (
        f" Planned: {', '.join(not_to_start)} - do not start it; choose another."
        if not_to_start
        else ""
    )
    tolerated_text = "".join(
        f" {a.medication.drug.capitalize()} is taken now with no reaction recorded to aspirin "
        "itself: it is tolerated now and is not to be stopped because of a reaction to "
        "another NSAID; whether that reaction was a cross-reactive phenotype is for the "
        "allergist (XR10)."
        for a in kept
    )
    cardiac_text = "".join(
        f" {a.describe().capitalize()}: {DAPT_STOP_RISK}; never simply stopped - "
        "cardiology and allergy decide."
        for a in cardiac
    )
    avoid_what = "NSAIDs other than the aspirin taken now" if kept else "aspirin and NSAIDs"
    return (
        fit_words(f"Avoid {avoid_what}: prior reaction to {', '.join(agents)}"),
        "A reaction to aspirin or an NSAID is recorded, so aspirin is not proposed as "
        "anti-mediator therapy and NSAIDs should be avoided (S33, S35, S39); "
        f"{pain_text(pain)} (S33, S35). Most patients with mastocytosis "
        "tolerate aspirin (96-98 %, S32), which is why the avoidance is personal to this "
        "patient rather than a blanket rule (CONFLICT between S32 and S33/S35/S39)."
        + on_list
        + tolerated_text
        + cardiac_text,
    )


def blocks_text(checks: AspirinChecks) -> list[str]:
    """Why the aspirin dose is a clinician decision, one clause per failing check.

    >>> from datetime import timedelta
    >>> blocks_text(AspirinChecks(age=40.0, sm=True, platelets=None, days=None,
    ...                           max_age=timedelta(days=14), floor=50.0, grading=None,
    ...                           on_board=()))
    ['no platelet count is on record: obtain one before aspirin']
    """
    blocks: list[str] = []
    age = checks.age
    if age is None:
        blocks.append(
            "the age is not recorded (record it): the dose source studied adults with SM "
            f"(S32, S142), and in children {ASPIRIN_CHILDREN}"
        )
    elif checks.child:
        blocks.append(
            f"not proposed to a child (age {age:.1f} years): the dose source studied adults "
            f"with SM (S32, S142), and {ASPIRIN_CHILDREN}; both readings agree it is never "
            "given with or after chickenpox or a flu-like illness"
        )
    if not checks.sm:
        blocks.append(
            "no systemic mastocytosis is recorded: the aspirin doses come from adults with SM "
            "(S32, S142); no source gives a dose for MCAS or cutaneous mastocytosis alone"
        )
    count = checks.platelets
    if count is None:
        blocks.append("no platelet count is on record: obtain one before aspirin")
    elif checks.days is not None:
        max_days = checks.max_age.days
        blocks.append(
            f"the latest platelet count ({count.describe()}) is {checks.days} days old, older "
            f"than {max_days} days (CytopeniaOptions.count_max_age): obtain a recent count"
        )
    elif checks.below:
        assert checks.grading is not None
        assert checks.floor is not None
        graded = f"{count.describe()} ({checks.grading.text})"
        blocks.append(f"{graded} is below {checks.floor:g} x10^9/L; {ASPIRIN_PLATELET_BASIS}")
    if checks.on_board:
        blocks.append(
            "a KIT inhibitor or cytoreductive drug is on board "
            f"({', '.join(m.drug for m in checks.on_board)}): " + ASPIRIN_BLEEDING_FACTS
        )
    return blocks


def notes_text(checks: AspirinChecks) -> list[str]:
    """What else to show: a recent count at or above the floor that is low.

    >>> from datetime import timedelta
    >>> notes_text(AspirinChecks(age=40.0, sm=True, platelets=None, days=None,
    ...                          max_age=timedelta(days=14), floor=50.0, grading=None,
    ...                          on_board=()))
    []
    """
    if not checks.low:
        return []
    assert checks.platelets is not None
    assert checks.grading is not None
    graded = f"{checks.platelets.describe()} ({checks.grading.text})"
    return [f"The count {graded} is low; {ASPIRIN_PLATELET_BASIS}."]


def _detail(level: float, dose_text: str, checks: AspirinChecks, nsaids: tuple[str, ...]) -> str:
    notes = notes_text(checks)
    interference = (
        f" An NSAID is on the list ({', '.join(nsaids)}); NSAIDs lower the "
        "metabolite, so the true level may be higher (S50)."
        if nsaids
        else ""
    )
    return (
        f"Urinary 2,3-dinor-11beta-PGF2alpha {level:g} pg/mg creatinine is at "
        "or above its reference limit (S50, S51). In 20 SM patients with high excretion, "
        "aspirin 81 mg twice daily up to 500 mg twice daily normalised it (S32, S142). "
        f"{dose_text}. Risk: {ASPIRIN_INITIATION_RISK}. "
        + " ".join(notes)
        + (" " if notes else "")
        + "Choosing aspirin "
        "because the metabolite is raised is SEED-ONLY as a decision rule (SEED-A, SEED-B; "
        "options.antimediator.aspirin_if_pgf2a_elevated); seeds advise caution, and some "
        "lists avoid NSAIDs in mast cell disease (S33, S35; CONFLICT with S32)." + interference
    )


@template("antimediator.aspirin.consider")
def aspirin_consider(*, level: float, checks: AspirinChecks, nsaids: tuple[str, ...]) -> Text:
    """Adult with SM, a recent platelet count at or above the floor: the studied dose."""
    advice = ASPIRIN.advice()
    dose_text = f"Proposed: {advice} ({ASPIRIN.population}; S32, S142)"
    return (
        shorten(f"Consider supervised aspirin for elevated urinary PGF2alpha: {advice}"),
        _detail(level, dose_text, checks, nsaids),
    )


@template("antimediator.aspirin.consider", "clinician")
def aspirin_clinician(*, level: float, checks: AspirinChecks, nsaids: tuple[str, ...]) -> Text:
    """A check fails (age, diagnosis, count, drug on board): aspirin without a dose."""
    dose_text = (
        "Proposed: aspirin, dose: clinician decision, because "
        + "; ".join(blocks_text(checks))
        + f" (the studied dose: {ASPIRIN.advice()}, {ASPIRIN.population})"
    )
    return (
        "Elevated urinary PGF2alpha: aspirin is a clinician decision here (see detail)",
        _detail(level, dose_text, checks, nsaids),
    )


@template("antimediator.aspirin.consider", "bleeding")
def aspirin_bleeding(*, level: float, checks: AspirinChecks, nsaids: tuple[str, ...]) -> Text:
    """A recent count below the floor, a bleeding risk: aspirin not proposed at all (SR2)."""
    dose_text = (
        "Not proposed for this patient: aspirin, because "
        + "; ".join(blocks_text(checks))
        + f" (the studied dose: {ASPIRIN.advice()}, {ASPIRIN.population}); clinician "
        "decision"
    )
    return (
        "Elevated urinary PGF2alpha: aspirin not proposed here (bleeding risk; see detail)",
        _detail(level, dose_text, checks, nsaids),
    )
