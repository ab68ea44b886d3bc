"""The words of the pain decisions (:mod:`mastcell.rules.analgesia`).

>>> from mastcell.model import PainAssessment
>>> from mastcell.text import template_of
>>> template_of("monitoring.mood.screen", "onset_unknown")(pain=PainAssessment(score=4))[0]
'Record when the pain began; if it has lasted over 3 months, screen for depression and anxiety'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.allergy import ReactionMatch, describe_matches
from mastcell.knowledge.analgesia import (
    CHRONIC_PAIN_MONTHS,
    CYPROHEPTADINE_BANDS,
    CYPROHEPTADINE_MAX_MG_PER_KG_DAY,
    PAIN_PRINCIPLE,
    PAIN_PRINCIPLE_EXAMPLE_EXCLUDED,
    CyproheptadineBand,
)
from mastcell.model import PainAssessment
from mastcell.model.recommendation import fit_words
from mastcell.text import Text, template

__all__ = ["band_text", "pain_text"]


def pain_text(pain: PainAssessment) -> str:
    """The pain with its site: 'back pain', or 'pain'.

    >>> pain_text(PainAssessment(score=3, site="back")), pain_text(PainAssessment(score=3))
    ('back pain', 'pain')
    """
    return f"{pain.site} pain" if pain.site else "pain"


def band_text(band: CyproheptadineBand) -> str:
    """One label band as text, e.g. '7-14 y: 4 mg two or three times daily, max 16 mg/day'.

    >>> band_text(CYPROHEPTADINE_BANDS[1])
    '7-14 y: 4 mg two or three times daily, max 16 mg/day'
    """
    ages = (
        f"{band.from_years:g} y and over"
        if band.below_years is None
        else f"{band.from_years:g}-{band.below_years - 1:g} y"
    )
    how = band.frequency.label if band.frequency is not None else band.timing
    extra = f", {band.timing}" if band.frequency is not None and band.timing else ""
    return f"{ages}: {band.dose} {how}{extra}, max {band.max_mg_per_day:g} mg/day"


@template("analgesia.do_not_withhold")
def do_not_withhold(
    *,
    pain: PainAssessment,
    severe: int,
    named: Sequence[str],
    excluded: Sequence[ReactionMatch],
    fentanyl_out: bool,
) -> Text:
    """Treat the pain fully; the analgesics acceptable for this patient named."""
    offer = (
        f"{' and '.join(named)} {'are' if len(named) > 1 else 'is'} acceptable"
        if named
        else "choose the analgesic with the clinician (recorded reactions)"
    )
    principle = PAIN_PRINCIPLE_EXAMPLE_EXCLUDED if fentanyl_out else PAIN_PRINCIPLE
    return (
        fit_words(
            f"Treat the {pain_text(pain)} ({pain.score}/10) fully: never withhold analgesia "
            f"in a mast cell disorder; {offer}"
        ),
        f"{principle} Choose agents by the safety catalogue: acetaminophen is the "
        "acceptable non-opioid (S33, S35, S39); fentanyl releases the least histamine of "
        "the opioids (S41). Severe pain is a score of "
        f"{severe} or more (S81)."
        + (f" Not offered for this patient: {describe_matches(excluded)}." if excluded else ""),
    )


@template("analgesia.cyproheptadine.consider")
def cyproheptadine_consider(*, band: CyproheptadineBand | None, why_not: str | None) -> Text:
    """The labelled band's dose, or the reason the dose is the clinician's."""
    if band is not None:
        how = band.frequency.label if band.frequency else band.timing
        dose_text = f"cyproheptadine {band.dose} {how}"
    else:
        dose_text = "cyproheptadine (dose: clinician decision)"
    return (
        fit_words(
            f"Consider {dose_text} for pain (H1 and serotonin blocker); its pain benefit is "
            "seed-only"
        ),
        "Cyproheptadine label (S13, allergic indications; off-label in mastocytosis): "
        + "; ".join(band_text(b) for b in CYPROHEPTADINE_BANDS)
        + f"; never above {CYPROHEPTADINE_MAX_MG_PER_KG_DAY:g} mg/kg/day. That it helps pain "
        "with neurological components is SEED-ONLY (SEED-B; switch off with "
        "PerioperativeOptions.cyproheptadine_for_pain)."
        + (f" {why_not[0].upper()}{why_not[1:]}." if why_not else ""),
    )


@template("analgesia.specialist.refer")
def specialist_refer(
    *, pain: PainAssessment, severe: bool, refractory: bool, severe_score: int
) -> Text:
    """Severe, or persisting despite analgesics: a pain specialist (seed-only)."""
    why = " and ".join(
        w for w, on in (("severe", severe), ("persisting despite analgesics", refractory)) if on
    )
    return (
        fit_words(f"Involve a pain specialist: {pain_text(pain)} {why} (seed-only advice)"),
        "Coordinating with pain specialists for severe or refractory pain is SEED-ONLY "
        "(SEED-B; switch off with PerioperativeOptions.pain_specialist_referral). Severe: "
        f"score {severe_score} or more (S81); refractory here: pain for longer "
        f"than {CHRONIC_PAIN_MONTHS} months (chronic pain, S80) while an analgesic is taken. "
        "Referral of advanced "
        "SM to an expert centre is a separate, confirmed recommendation (referral area).",
    )


_MOOD_DETAIL = (
    "Screening for depression and anxiety in MCAS pain is SEED-ONLY (SEED-B, P10; switch "
    "off with PerioperativeOptions.mood_screen). Persistent pain: pain that persists or "
    f"recurs for longer than {CHRONIC_PAIN_MONTHS} months (IASP / ICD-11 chronic pain, "
    "S80)."
)


@template("monitoring.mood.screen")
def mood_screen(*, pain: PainAssessment) -> Text:
    """Pain for more than 3 months: screen for depression and anxiety (seed-only)."""
    return (
        fit_words(
            f"Screen for depression and anxiety: {pain_text(pain)} for more than "
            f"{CHRONIC_PAIN_MONTHS} months (seed-only advice)"
        ),
        _MOOD_DETAIL,
    )


@template("monitoring.mood.screen", "onset_unknown")
def mood_screen_onset_unknown(*, pain: PainAssessment) -> Text:
    """The pain's onset not recorded: record it, then screen if it is persistent."""
    return (
        fit_words(
            f"Record when the {pain_text(pain)} began; if it has lasted over "
            f"{CHRONIC_PAIN_MONTHS} months, screen for depression and anxiety"
        ),
        _MOOD_DETAIL,
    )
