"""The words of the interaction decisions (:mod:`mastcell.rules.interaction`).

The facts (DI1-DI12, EI1-EI8, MX15) are written as their table cites them
(:data:`mastcell.knowledge.interactions.FACTS`), so a sentence of the prose never restates
what the table holds.

>>> from mastcell.text import template_of
>>> template_of("interaction.zafirlukast.aspirin")()[0]
'Aspirin with zafirlukast: aspirin raises zafirlukast levels'
"""

from __future__ import annotations

from mastcell.knowledge.interactions import (
    FACTS,
    GLUCAGON_ADULT,
    Cyp3aClassification,
    LabelReading,
)
from mastcell.knowledge.qt import MIDOSTAURIN_QT, QtFact
from mastcell.model import DoseAdvice
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__ = ["facts_text", "listing_text"]


def facts_text(*ids: str) -> str:
    """Interaction facts as sentences, each as its table cites it.

    >>> facts_text("MX15")
    'Aspirin raises zafirlukast levels (MX15; S129).'
    """
    return " ".join(FACTS[i].cite()[0].upper() + FACTS[i].cite()[1:] + "." for i in ids)


def listing_text(found: Cyp3aClassification) -> str:
    """The CYP3A classification in force, and whether a footnote could not be read.

    >>> from mastcell.knowledge.interactions import cyp3a_of
    >>> listing_text(cyp3a_of("diltiazem")).startswith("Classification: diltiazem")
    True
    """
    text = f"Classification: {found.describe()}."
    if found.footnote_not_visible:
        text += " The list's footnote on this drug could not be read."
    return text


@template("interaction.midostaurin.strong_inhibitor")
def midostaurin_strong_inhibitor(*, name: str, found: Cyp3aClassification, early: bool) -> Text:
    """A strong inhibitor: prefer another drug; the first week said when it applies."""
    week = (
        " Midostaurin is planned or in its first week: the rise in midostaurin "
        "levels is most marked now (DI2)."
        if early
        else ""
    )
    return (
        fit_summary(
            f"Midostaurin + {name}, a strong CYP3A inhibitor: prefer another drug; "
            "if needed, watch for toxicity" + (" (first week)" if early else "")
        ),
        f"{facts_text('DI2', 'DI4', 'DI1')}{week} {listing_text(found)}",
    )


@template("interaction.midostaurin.strong_inducer")
def midostaurin_strong_inducer(
    *, name: str, found: Cyp3aClassification, label: LabelReading
) -> Text:
    """A strong inducer: the label reading in force (US avoid, EU contraindicated)."""
    return (
        fit_summary(
            f"Midostaurin + {name}, a strong CYP3A inducer: {label.wording} "
            f"({label.value.upper()} reading, {label.source})"
        ),
        f"{facts_text('DI5')} The labels disagree: US 'avoid' (S100) and EU "
        f"'contraindicated' (S102); this report follows the "
        f"{label.value.upper()} reading (InteractionOptions."
        f"midostaurin_strong_inducer). {facts_text('DI1')} {listing_text(found)}",
    )


@template("interaction.midostaurin.moderate_modulator")
def midostaurin_moderate(*, name: str, found: Cyp3aClassification) -> Text:
    """A moderate inhibitor or inducer: no label guidance, a clinician decision."""
    return (
        fit_summary(
            f"Midostaurin + {name}, a {found.modulation.label}: no label guidance "
            "found; clinician decision"
        ),
        f"{facts_text('DI6')} The combination is a clinician decision. "
        f"{facts_text('DI1')} {listing_text(found)}",
    )


@template("interaction.avapritinib.strong_inhibitor")
def avapritinib_strong_inhibitor(*, name: str, found: Cyp3aClassification) -> Text:
    """A strong inhibitor: avoid, no dose pathway."""
    return (
        fit_summary(
            f"Avoid avapritinib + {name}, a strong CYP3A inhibitor: no dose adjustment is given"
        ),
        f"{facts_text('DI7', 'DI11')} {listing_text(found)}",
    )


@template("interaction.avapritinib.inducer")
def avapritinib_inducer(*, name: str, found: Cyp3aClassification) -> Text:
    """A strong or moderate inducer: avoid."""
    return (
        fit_summary(
            f"Avoid avapritinib + {name}, a {found.modulation.label}: loss of efficacy possible"
        ),
        f"{facts_text('DI8')} {listing_text(found)}",
    )


@template("interaction.avapritinib.moderate_inhibitor")
def avapritinib_moderate(
    *, name: str, found: Cyp3aClassification, subtype: str | None, advice: DoseAdvice | None
) -> Text:
    """A moderate inhibitor: avoid; the AdvSM dose, or no dose in ISM or unrecorded subtype."""
    if subtype == "AdvSM" and advice is not None:
        dose_text = f"AdvSM: {facts_text('DI9')} Proposed: {advice}. Not for ISM (DI10)."
        tail = f"if unavoidable, AdvSM start {advice.dose} once daily"
    elif subtype == "ISM":
        dose_text = f"ISM: {facts_text('DI10')} The dose is a clinician decision."
        tail = "no ISM dose in the sources: clinician decision"
    else:
        dose_text = (
            f"The SM subtype is not recorded: {facts_text('DI9')} {facts_text('DI10')} Record "
            "the subtype; the dose is a clinician decision."
        )
        tail = "subtype not recorded: dose is a clinician decision"
    return (
        fit_summary(f"Avoid avapritinib + {name}, a moderate CYP3A inhibitor; {tail}"),
        f"{facts_text('DI7')} {dose_text} {listing_text(found)}",
    )


_BETA_ACE = {
    (True, False): "a beta-blocker",
    (False, True): "an ACE inhibitor",
}


def _anaphylaxis(*, beta: bool, ace: bool, why: str, adult: bool | None) -> Text:
    """Beta-blocker and/or ACE inhibitor: the risk, glucagon (EI5), epinephrine never withheld."""
    if adult:
        glucagon = (
            f"If anaphylaxis does not respond to epinephrine in a beta-blocked adult: "
            f"{GLUCAGON_ADULT.text()}; {GLUCAGON_ADULT.caution} (EI5; S141)."
        )
    else:
        glucagon = (
            f"Glucagon for a beta-blocked adult not responding to epinephrine: "
            f"{GLUCAGON_ADULT.text()} (EI5; S141). "
            + (
                "The patient's age is not recorded; "
                if adult is None
                else "The patient is under 18 years; "
            )
            + "a paediatric glucagon dose could not be verified (EI5): clinician decision."
        )
    ids = ("EI1", "EI2", "EI4") if beta else ("EI2",)
    stronger = (
        "The combination raised the risk of severe anaphylaxis more than either drug alone (EI2). "
        if beta and ace
        else ""
    )
    return (
        fit_summary(
            (
                "Beta-blocker AND ACE inhibitor: highest risk of severe anaphylaxis"
                if beta and ace
                else f"On {_BETA_ACE[beta, ace]}: anaphylaxis may be more severe"
            )
            + f" ({why}); never withhold epinephrine"
        ),
        f"{stronger}{facts_text(*ids)} "
        + (glucagon + " " if beta else "")
        + f"{facts_text('EI8')} Epinephrine is never withheld: it remains first-line (EI1).",
    )


for _code in ("beta_blocker", "ace_inhibitor", "beta_blocker_and_ace_inhibitor"):
    template(f"interaction.anaphylaxis.{_code}")(_anaphylaxis)
del _code


@template("interaction.zafirlukast.aspirin")
def zafirlukast_aspirin() -> Text:
    """Aspirin raises zafirlukast levels: information only."""
    return (
        "Aspirin with zafirlukast: aspirin raises zafirlukast levels",
        f"{facts_text('MX15')} Information only (AS6).",
    )


@template("interaction.avapritinib.ethinylestradiol")
def avapritinib_ethinylestradiol() -> Text:
    """Avapritinib may raise ethinylestradiol exposure."""
    return (
        fit_summary(
            "Avapritinib may raise ethinylestradiol: prefer non-hormonal or "
            "oestrogen-free contraception, else <= 20 ug"
        ),
        f"{facts_text('DI12')}",
    )


@template("interaction.midostaurin.qt")
def midostaurin_qt(*, name: str, fact: QtFact) -> Text:
    """Midostaurin with another QT-prolonging drug: check the QTc; the schedule is open."""
    return (
        fit_summary(
            f"Midostaurin + {name}: both prolong the QT interval; check the QTc "
            "(ECG) at baseline and during co-treatment"
        ),
        f"Midostaurin {MIDOSTAURIN_QT.says} ({MIDOSTAURIN_QT.fact}; "
        f"{', '.join(MIDOSTAURIN_QT.sources)}). {name.capitalize()} {fact.says} "
        f"({fact.fact}; {', '.join(fact.sources)}). The addendum asks for an ECG check "
        "when a QT-prolonging drug is added to midostaurin; the schedule, and whether "
        "to choose a drug without QT effect, is a clinician decision. Check potassium "
        "and magnesium.",
    )
