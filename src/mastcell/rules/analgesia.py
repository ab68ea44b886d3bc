"""Analgesia in mast cell disorders: treat pain, choose the opioid, NSAIDs in proportion.

Fact sheet section 2.3 (P1-P11), rows A13-A15 and 2.7. Pain is itself a mast cell trigger
(S34): no rule here ever advises leaving pain untreated; a drug to avoid always comes with the
safer drug to change to. Seed-only advice (premedication before opioids, cyproheptadine for
pain, referral, mood screening) says so and can be switched off in
:class:`~mastcell.knowledge.options.PerioperativeOptions`.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.analgesia_pain_facts` and :mod:`mastcell.rules.analgesia_facts`), text
in :mod:`mastcell.text.analgesia`. This module holds the pain rules; the opioid rules are in
:mod:`mastcell.rules.analgesia_opioids`, the premedication before opioids in
:mod:`mastcell.rules.analgesia_premedicate`, the NSAID rule in
:mod:`mastcell.rules.analgesia_nsaids`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts, Recorded
from mastcell.knowledge.allergy import reaction_match
from mastcell.knowledge.analgesia import (
    ACETAMINOPHEN_DRUG,
    CHRONIC_PAIN_MONTHS,
    CYPROHEPTADINE_BANDS,
    FENTANYL_DRUG,
    PAIN_PRINCIPLE_SOURCES,
)
from mastcell.knowledge.analgesia import CYPROHEPTADINE_MAX_MG_PER_KG_DAY as _PER_KG
from mastcell.knowledge.special_populations import CYPROHEPTADINE
from mastcell.model import DoseAdvice, Finding, Indicator, Route
from mastcell.model.dates import day_of
from mastcell.reads import AGE, LACTATING, REACTIONS, WEIGHT
from mastcell.rules.analgesia_facts import acetaminophen, mentions_options, usable_opioids
from mastcell.rules.analgesia_pain_facts import (
    ANALGESICS_ON,
    CYPROHEPTADINE_ON,
    PAIN,
    chronic,
    cyproheptadine_dose,
    pain_finding,
    pain_of,
)
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "analgesia.do_not_withhold",
    sources=(*PAIN_PRINCIPLE_SOURCES, "S81", "S33", "S35", "S139", "S140"),
    reads=((PAIN,), (REACTIONS,)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.PAIN,),
)
def do_not_withhold(f: Facts, context: Context) -> Sequence[Decision]:
    """Treat pain fully: never withhold analgesia in a mast cell disorder.

    Fires for a mast cell disorder with a pain score of 1 or more: a warning for severe pain
    (score at or above ``PerioperativeOptions.severe_pain_score``), else information;
    acetaminophen is offered as the acceptable non-opioid.
    """
    pain = pain_of(f)
    if pain is None or MAST_CELL_DISORDER not in f.families:
        return upto(0)
    severe = context.options.perioperative.severe_pain_score
    medication = acetaminophen(f)
    preferred, acceptable = usable_opioids(f, context)
    opioid = (preferred or acceptable or (None,))[0]
    named = tuple(x for x in (ACETAMINOPHEN_DRUG if medication else None, opioid) if x)
    reactions = REACTIONS.of(f)
    excluded = tuple(
        m
        for m in (reaction_match(reactions, d) for d in (ACETAMINOPHEN_DRUG, FENTANYL_DRUG))
        if m is not None
    )
    return (
        Decision(
            code="analgesia.do_not_withhold",
            indicator=Indicator.WARNING if pain.score >= severe else Indicator.INFO,
            action=Action.PREFER if medication else Action.INFORM,
            drug=medication.drug if medication else None,
            medication=medication,
            findings=(pain_finding(pain, severe), *(reaction_finding(f, m) for m in excluded)),
            sources=_unique(
                *PAIN_PRINCIPLE_SOURCES,
                "S81",
                "S33",
                "S35",
                *(x for m in excluded for x in m.sources),
            ),
            params={
                "pain": pain,
                "severe": severe,
                "named": named,
                "excluded": excluded,
                "fentanyl_out": any(m.drug == FENTANYL_DRUG for m in excluded),
            },
            lists_options=True,  # "acetaminophen is the acceptable non-opioid"
        ),
    )


def _unique(*ids: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


@decides(
    "analgesia.cyproheptadine.consider",
    sources=("S13", "SEED-B"),
    reads=(
        (PAIN,),
        (CYPROHEPTADINE_ON,),
        (REACTIONS,),
        (LACTATING,),
        (AGE,),
        (AGE_GIVEN,),
        (WEIGHT,),
    ),
    indicators=(Indicator.INFO,),
    proposes=tuple(
        DoseAdvice(
            drug=CYPROHEPTADINE,
            dose=b.dose,
            frequency=b.frequency,
            route=Route.ORAL,
            timing=b.timing,
            note=f"ages {b.from_years:g}"
            + (f" to under {b.below_years:g}" if b.below_years else " and over")
            + f"; max {b.max_mg_per_day:g} mg/day and {_PER_KG:g} mg/kg/day",
        )
        for b in CYPROHEPTADINE_BANDS
    ),
    triggers=(Recorded.PAIN,),
)
def cyproheptadine_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider cyproheptadine for pain in a mast cell disorder (pain claim seed-only).

    Fires for a mast cell disorder with pain, not on cyproheptadine, when
    ``PerioperativeOptions.cyproheptadine_for_pain`` is on: 4 mg three times daily in adults
    (label start dose), paediatric bands from the label, never above 0.5 mg/kg/day. Never
    proposed where its label rules it out or gives no dose: while breastfeeding (contraindicated
    in nursing mothers, SR7) or under 2 years (contraindicated in newborns; no established
    safety or dose under 2, SR7, A15).
    """
    options = context.options.perioperative
    pain = pain_of(f)
    if pain is None or not options.cyproheptadine_for_pain or MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if CYPROHEPTADINE_ON.of(f):
        return upto(1)
    if reaction_match(REACTIONS.of(f), CYPROHEPTADINE):
        return upto(2)
    if LACTATING.of(f) is True:
        return upto(3)  # contraindicated in nursing mothers (SR7)
    age = AGE.of(f)
    if age is not None and age < min(b.from_years for b in CYPROHEPTADINE_BANDS):
        return upto(4)  # no labelled dose, and contraindicated in newborns (SR7, A15)
    band, why_not, findings = cyproheptadine_dose(f, age)
    medication = DoseAdvice(
        drug=CYPROHEPTADINE,
        dose=band.dose if band else None,
        frequency=band.frequency if band else None,
        route=Route.ORAL,
        timing=band.timing if band else None,
        note=(
            f"label maximum {band.max_mg_per_day:g} mg/day and {_PER_KG:g} mg/kg/day"
            if band
            else why_not
        ),
    )
    decision = Decision(
        code="analgesia.cyproheptadine.consider",
        indicator=Indicator.INFO,
        action=Action.PREFER,
        drug=CYPROHEPTADINE,
        medication=medication,
        findings=(pain_finding(pain, options.severe_pain_score), *findings),
        sources=("S13", "SEED-B"),
        params={"band": band, "why_not": why_not},
    )
    # the weight is read only with a band to check it against (the age known)
    return upto(5, decision) if age is None else (decision,)


@decides(
    "analgesia.specialist.refer",
    sources=("SEED-B", "S80", "S81"),
    reads=((PAIN,), (ANALGESICS_ON,)),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.PAIN,),
)
def specialist_refer(f: Facts, context: Context) -> Sequence[Decision]:
    """Involve a pain specialist for severe or refractory pain (seed-only).

    Fires for a mast cell disorder with severe pain (score at or above the severe cut-off), or
    pain for longer than 3 months while an analgesic is taken, when
    ``PerioperativeOptions.pain_specialist_referral`` is on.
    """
    options = context.options.perioperative
    pain = pain_of(f)
    if pain is None or not options.pain_specialist_referral or MAST_CELL_DISORDER not in f.families:
        return upto(0)
    severe = pain.score >= options.severe_pain_score
    analgesics = ANALGESICS_ON.of(f)
    refractory = bool(analgesics) and chronic(pain, context) is True
    if not (severe or refractory):
        return ()
    findings = [pain_finding(pain, options.severe_pain_score)]
    if refractory and pain.since is not None:
        findings.append(
            Finding(
                input="pain",
                text=f"since {day_of(pain.since).isoformat()}",
                note=f"longer than {CHRONIC_PAIN_MONTHS} months",
            )
        )
        findings += [
            Finding(input=f.path_of(m), text=f"{m.drug}: analgesic taken") for m in analgesics
        ]
    return (
        Decision(
            code="analgesia.specialist.refer",
            indicator=Indicator.INFO,
            action=Action.REFER,
            findings=tuple(findings),
            sources=("SEED-B", "S80", "S81"),
            params={
                "pain": pain,
                "severe": severe,
                "refractory": refractory,
                "severe_score": options.severe_pain_score,
            },
            lists_options=mentions_options(pain.site),
        ),
    )


@decides(
    "monitoring.mood.screen",
    sources=("SEED-B", "S80"),
    reads=(PAIN,),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.PAIN,),
)
def mood_screen(f: Facts, context: Context) -> Sequence[Decision]:
    """Screen for depression and anxiety in persistent pain (seed-only).

    Fires for a mast cell disorder with pain for longer than 3 months (chronic pain, S80) when
    ``PerioperativeOptions.mood_screen`` is on; when the pain's onset is not recorded, asks for
    it instead of assuming the pain is recent.
    """
    options = context.options.perioperative
    pain = pain_of(f)
    if pain is None or not options.mood_screen or MAST_CELL_DISORDER not in f.families:
        return ()
    known = chronic(pain, context)
    if known is False:
        return ()
    if known is None:
        finding = Finding(
            input="pain", text="onset (since) not recorded", note="needed to judge persistence"
        )
    else:
        since = day_of(pain.since) if pain.since is not None else None
        finding = Finding(
            input="pain", text=f"since {since}", note=f"longer than {CHRONIC_PAIN_MONTHS} months"
        )
    return (
        Decision(
            code="monitoring.mood.screen",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=(finding,),
            sources=("SEED-B", "S80"),
            variant="" if known else "onset_unknown",
            params={"pain": pain},
            lists_options=mentions_options(pain.site),
        ),
    )
