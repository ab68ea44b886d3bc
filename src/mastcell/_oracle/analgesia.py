"""The oracle's copy of :mod:`mastcell.rules.analgesia` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace. The original module said:

Analgesia in mast cell disorders: treat pain, choose the opioid, NSAIDs in proportion.

Fact sheet section 2.3 (P1-P11), rows A13-A15 and 2.7. Pain is itself a mast cell trigger
(S34): no rule here ever advises leaving pain untreated; a drug to avoid always comes with the
safer drug to change to. Seed-only advice (premedication before opioids, cyproheptadine for
pain, referral, mood screening) says so and can be switched off in
:class:`~mastcell.knowledge.options.PerioperativeOptions`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

import attrs

from mastcell._oracle.antiplatelet import aspirin_uses
from mastcell._oracle.perioperative import age_finding, fit, upcoming, usable_for
from mastcell._oracle.special_populations import metamizole_excluded
from mastcell.facts import MAST_CELL_DISORDER, Recorded
from mastcell.guard import reaction_finding
from mastcell.knowledge.allergy import (
    NO_OPTION,
    Relation,
    allowed,
    describe_matches,
    reaction_match,
    reactions_to,
)
from mastcell.knowledge.analgesia import (
    ANALGESIC_CLASSES,
    ASPIRIN_THERAPY,
    CHRONIC_PAIN_MONTHS,
    CYPROHEPTADINE_BANDS,
    CYPROHEPTADINE_MAX_MG_PER_KG_DAY,
    NSAID_TOLERANCE,
    OPIOID_PREMEDICATION_H1_DOSES,
    PAIN_PRINCIPLE,
    PAIN_PRINCIPLE_EXAMPLE_EXCLUDED,
    PAIN_PRINCIPLE_SOURCES,
    UNRATED_OPIOID_BASIS,
    CyproheptadineBand,
    cyproheptadine_band,
    opioid_premedication_h1,
)
from mastcell.knowledge.antimediator import H2_ORDER
from mastcell.knowledge.antiplatelet import CARDIOVASCULAR_READING, DAPT_STOP_RISK
from mastcell.knowledge.drugs import ingredients_in, ingredients_of
from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.special_populations import (
    CYPROHEPTADINE,
    METAMIZOLE_DRUG,
    OLDER_ADULT,
    age_limit,
)
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DrugClass,
    Finding,
    Indicator,
    MedicationStatus,
    PainAssessment,
    Patient,
    Reaction,
    ReactionSeverity,
    Recommendation,
    Route,
)
from mastcell.model.dates import day_of
from mastcell.rules.registry import Context, oracle_rule
from mastcell.vetting import UNRATED, AgentVerdict, VetStatus, alternatives, vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.analgesia")
opioid_rule = oracle_rule("mastcell.rules.analgesia_opioids")
premedicate_rule = oracle_rule("mastcell.rules.analgesia_premedicate")
nsaid_rule = oracle_rule("mastcell.rules.analgesia_nsaids")

_IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
_ACETAMINOPHEN_NOTE = "acceptable non-opioid analgesic (S33, S35, S39); dose per its label"


@attrs.frozen(kw_only=True)
class _Use:
    """A drug in use or planned: a medication or an agent of an upcoming procedure.

    ``generic`` is the ingredient a rule is about: a combination product is seen through
    each ingredient of the rule's classes (Norco by an opioid rule as hydrocodone).
    """

    path: str
    name: str
    generic: str
    how: str
    #: ``name`` is a combination product (several ingredients).
    combination: bool = False

    @property
    def label(self) -> str:
        """'fentanyl (planned)'; for a combination product 'norco: hydrocodone (active)'."""
        if not self.combination:
            return f"{self.name} ({self.how})"
        return f"{self.name}: {self.generic} ({self.how})"

    @property
    def where(self) -> str:
        """The use in a clause: 'active', or 'in norco, active' for a combination product."""
        return f"in {self.name}, {self.how}" if self.combination else self.how


def _uses(patient: Patient, context: Context, *classes: DrugClass) -> list[_Use]:
    """Each ingredient of ``classes`` in a medication in use or planned, or a planned agent."""
    found = [
        _Use(
            path=patient.path_of(m),
            name=m.drug,
            generic=generic,
            how=m.status.value,
            combination=len(ingredients_of(m.drug)) > 1,
        )
        for m in patient.medications
        if m.status in _IN_USE
        for generic in ingredients_in(m.drug, *classes)
    ]
    for planned in upcoming(patient, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients_in(agent, *classes):
                found.append(
                    _Use(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                        combination=len(ingredients_of(agent)) > 1,
                    )
                )
    return found


_OPIOIDS = (DrugClass.OPIOID,)
_NSAIDS = (DrugClass.NSAID, DrugClass.ASPIRIN)


def _level_text(verdict: AgentVerdict) -> str:
    """A verdict's level for a finding's note; an unrated drug says so."""
    return str(verdict.level) if verdict.level is not None else UNRATED


def _pain(patient: Patient) -> PainAssessment | None:
    """The pain assessment when the patient has pain (score 1 or more)."""
    pain = patient.pain
    return pain if pain is not None and pain.score >= 1 else None


def _pain_text(pain: PainAssessment) -> str:
    return f"{pain.site} pain" if pain.site else "pain"


def _pain_finding(pain: PainAssessment, severe: int) -> Finding:
    return Finding(
        input="pain",
        value=pain.score,
        unit="/10",
        threshold=severe,
        comparison=">=" if pain.score >= severe else "<",
        text=pain.site,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _chronic(pain: PainAssessment, context: Context) -> bool | None:
    """Pain for longer than 3 months (S80); None when its onset is not recorded."""
    if pain.since is None:
        return None
    return day_of(context.at) > _add_months(day_of(pain.since), CHRONIC_PAIN_MONTHS)


def _acetaminophen(patient: Patient) -> DoseAdvice | None:
    if reaction_match(patient.reactions, "acetaminophen") is not None:
        return None
    return DoseAdvice(drug="acetaminophen", note=_ACETAMINOPHEN_NOTE)


def _usable_opioids(patient: Patient, context: Context) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Preferred and acceptable opioids the patient's reactions allow (addendum section 7)."""
    options = context.options.perioperative
    usable, _ = usable_for(patient, alternatives(SafetyGroup.OPIOID, options))
    preferred = tuple(a for a in usable if vet_agent(a, options).level is SafetyLevel.PREFERRED)
    return preferred, tuple(a for a in usable if a not in preferred)


def _fentanyl_advice(alts: tuple[str, ...]) -> DoseAdvice | None:
    if not alts:
        return None
    return DoseAdvice(
        drug=alts[0],
        note="dose and route per the treating clinician or pain team; the sources give no "
        "mast-cell-specific dose",
    )


# -- the principle ---------------------------------------------------------------------------


@rule(
    "analgesia.do_not_withhold",
    sources=(*PAIN_PRINCIPLE_SOURCES, "S81", "S33", "S35", "S139", "S140"),
    indicators=(Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.PAIN,),
)
def do_not_withhold(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Treat pain fully: never withhold analgesia in a mast cell disorder.

    Fires for a mast cell disorder with a pain score of 1 or more: a warning for severe pain
    (score at or above ``PerioperativeOptions.severe_pain_score``), else information;
    acetaminophen is offered as the acceptable non-opioid.
    """
    pain = _pain(patient)
    if pain is None or not patient.has_mast_cell_disorder:
        return
    severe = context.options.perioperative.severe_pain_score
    medication = _acetaminophen(patient)
    preferred, acceptable = _usable_opioids(patient, context)
    opioid = (preferred or acceptable or (None,))[0]
    named = [x for x in ("acetaminophen" if medication else None, opioid) if x]
    offer = (
        f"{' and '.join(named)} {'are' if len(named) > 1 else 'is'} acceptable"
        if named
        else "choose the analgesic with the clinician (recorded reactions)"
    )
    excluded = [
        m
        for m in (reaction_match(patient.reactions, d) for d in ("acetaminophen", "fentanyl"))
        if m is not None
    ]
    fentanyl_out = any(m.drug == "fentanyl" for m in excluded)
    principle = PAIN_PRINCIPLE_EXAMPLE_EXCLUDED if fentanyl_out else PAIN_PRINCIPLE
    yield Recommendation(
        code="analgesia.do_not_withhold",
        indicator=Indicator.WARNING if pain.score >= severe else Indicator.INFO,
        summary=fit(
            f"Treat the {_pain_text(pain)} ({pain.score}/10) fully: never withhold analgesia "
            f"in a mast cell disorder; {offer}"
        ),
        detail=(
            f"{principle} Choose agents by the safety catalogue: acetaminophen is the "
            "acceptable non-opioid (S33, S35, S39); fentanyl releases the least histamine of "
            "the opioids (S41). Severe pain is a score of "
            f"{severe} or more (S81)."
            + (f" Not offered for this patient: {describe_matches(excluded)}." if excluded else "")
        ),
        medication=medication,
        evidence=evidence(
            *PAIN_PRINCIPLE_SOURCES, "S81", "S33", "S35", *(x for m in excluded for x in m.sources)
        ),
        findings=(_pain_finding(pain, severe), *(reaction_finding(patient, m) for m in excluded)),
    )


# -- opioids ---------------------------------------------------------------------------------


@opioid_rule(
    "analgesia.opioid.caution",
    sources=("S33", "S35", "S41", "S34", "SEED-B", "S139"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(MAST_CELL_DISORDER,),
)
def opioid_caution(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Switch a histamine-releasing opioid to fentanyl, keeping pain covered.

    Fires for a mast cell disorder and each opioid active, planned, or planned for an upcoming
    procedure (a combination product through its opioid: Norco as hydrocodone) that the
    safety catalogue rates avoid or caution (morphine, codeine, meperidine): a warning
    proposing the preferred opioid; critical when the patient has reacted to that opioid. An
    opioid the sources do not rate (hydrocodone, tramadol, methadone...: section 2.7 names
    none of them, XR7 gives a potency order only) is a warning that says so: clinician
    decision, nothing proposed, the rated opioids named.
    """
    if not patient.has_mast_cell_disorder:
        return
    options = context.options.perioperative
    for use in _uses(patient, context, *_OPIOIDS):
        verdict = vet_agent(use.generic, options)
        shown = vet_agent(use.generic, options, patient.reactions)
        match = reaction_match(patient.reactions, use.generic)
        unrated = verdict.status is VetStatus.UNRATED
        if not verdict.flagged and match is None and not unrated:
            continue
        generic = verdict.generic or use.generic
        findings = [Finding(input=use.path, text=use.label, note=_level_text(verdict))]
        if match is not None:
            findings.append(reaction_finding(patient, match))
        if unrated and match is None:
            yield _unrated_opioid(patient, context, use, generic, findings)
            continue
        alts, excluded = usable_for(patient, verdict.alternatives)
        if not verdict.flagged:
            preferred, acceptable = _usable_opioids(patient, context)
            alts = tuple(a for a in (*preferred, *acceptable) if a != generic)
        to = alts[0] if alts else "an acceptable opioid chosen with the clinician"
        if match is not None and match.relation is Relation.SAME_DRUG:
            why = f"recorded reaction to {match.reaction.agent}"
            indicator = Indicator.CRITICAL
        elif match is not None:
            why = f"may cross-react with {match.reaction.agent} (recorded reaction)"
            indicator = Indicator.WARNING if not match.anaphylaxis else Indicator.CRITICAL
        else:
            why = "less histamine release"
            indicator = Indicator.WARNING
        yield Recommendation(
            code="analgesia.opioid.caution",
            indicator=indicator,
            summary=fit(
                f"Change {generic} ({use.where}) to {to}: {why}; keep the pain covered during "
                "the change"
            ),
            detail=(
                f"{shown.describe(reacted=match is not None)} Change to {to} without a gap in "
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
                + (f" Not offered: {describe_matches(excluded, said=match)}." if excluded else "")
            ),
            medication=_fentanyl_advice(alts),
            evidence=evidence(
                *verdict.sources,
                "S34",
                "SEED-B",
                *(match.sources if match else ()),
                *(("S139",) if match else ()),
                *(x for m in excluded for x in m.sources),
            ),
            findings=tuple(findings),
        )


def _unrated_opioid(
    patient: Patient, context: Context, use: _Use, generic: str, findings: list[Finding]
) -> Recommendation:
    """An opioid the sources do not rate: say so, name the rated ones, propose nothing."""
    preferred, acceptable = _usable_opioids(patient, context)
    rated = [a for a in (*preferred, *acceptable) if a != generic]
    _, excluded = usable_for(
        patient, alternatives(SafetyGroup.OPIOID, context.options.perioperative)
    )
    findings += [reaction_finding(patient, m) for m in excluded]
    named = ", ".join(rated[:2]) if rated else NO_OPTION
    return Recommendation(
        code="analgesia.opioid.caution",
        indicator=Indicator.WARNING,
        summary=fit(f"{generic.capitalize()} ({use.where}): {UNRATED}; rated acceptable: {named}"),
        detail=(
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
            + " Pain is itself a mast cell trigger: keep it covered (S34)."
        ),
        evidence=evidence("S33", "S39", "S139", "S34", *(x for m in excluded for x in m.sources)),
        findings=tuple(findings),
    )


def _reaction_finding(patient: Patient, reaction: Reaction) -> Finding:
    return Finding(
        input=patient.path_of(reaction),
        text=f"{reaction.agent}: {reaction.severity or 'severity not stated'}",
    )


@opioid_rule(
    "analgesia.opioid.prefer",
    sources=("S33", "S34", "S39", "S41", "S81", "S139", "S140"),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def opioid_prefer(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Name the preferred and acceptable opioids.

    Fires for a mast cell disorder when an opioid is active or planned (on the list or for an
    upcoming procedure) or pain is severe: fentanyl preferred; sufentanil, alfentanil,
    remifentanil, hydromorphone, buprenorphine, oxycodone, piritramide acceptable.
    """
    if not patient.has_mast_cell_disorder:
        return
    options = context.options.perioperative
    uses = _uses(patient, context, *_OPIOIDS)
    pain = _pain(patient)
    severe = options.severe_pain_score
    if not uses and (pain is None or pain.score < severe):
        return
    preferred_t, acceptable_t = _usable_opioids(patient, context)
    preferred, acceptable = list(preferred_t), list(acceptable_t)
    usable = (*preferred, *acceptable)
    _, excluded = usable_for(patient, alternatives(SafetyGroup.OPIOID, options))
    notes = [
        f"{v.generic}: {v.note}"
        for v in (vet_agent(a, options) for a in usable)
        if v.note is not None
    ]
    findings = [
        Finding(input=u.path, text=u.label, note=_level_text(vet_agent(u.generic, options)))
        for u in uses
    ]
    if pain is not None and pain.score >= severe:
        findings.append(_pain_finding(pain, severe))
    findings += [reaction_finding(patient, m) for m in excluded]
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
    yield Recommendation(
        code="analgesia.opioid.prefer",
        indicator=Indicator.INFO,
        summary=fit(summary),
        detail=detail,
        medication=_fentanyl_advice(tuple(preferred or usable)),
        evidence=evidence(
            "S33", "S34", "S39", "S41", "S81", *(x for m in excluded for x in m.sources)
        ),
        findings=tuple(findings),
    )


@premedicate_rule(
    "analgesia.premedicate",
    sources=("SEED-B", "S36", "S29", "S126", "S246", "S247"),
    indicators=(Indicator.INFO,),
    proposes=OPIOID_PREMEDICATION_H1_DOSES,
    triggers=(MAST_CELL_DISORDER,),
)
def premedicate(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Pre-treat with an H1 and an H2 antihistamine before opioids (seed-only).

    Fires for a mast cell disorder when an opioid is active or planned and
    ``PerioperativeOptions.premedicate_before_opioids`` is on: proposes the H1 and H2
    antihistamines not already taken, the H1 dosed by age (adults A18, S29; children by the
    label's band, PD9, S126), the H2 the first of famotidine, nizatidine the patient's
    reactions allow (A3). SEED-ONLY as opioid-specific advice (P9).
    """
    options = context.options.perioperative
    if not options.premedicate_before_opioids or not patient.has_mast_cell_disorder:
        return
    uses = _uses(patient, context, *_OPIOIDS)
    if not uses:
        return
    h1 = patient.medications_of(DrugClass.H1_FIRST_GENERATION, DrugClass.H1_SECOND_GENERATION)
    h2 = patient.medications_of(DrugClass.H2)
    age = patient.age_at(context.at)
    schedule: list[DoseAdvice] = []
    h1_advice = opioid_premedication_h1(age) if not h1 else None
    # A label contraindication at the patient's age (diphenhydramine in a newborn, SR9) is
    # never proposed: the H1 is then the clinician's choice.
    too_young = (
        age_limit(h1_advice.drug, age, patient.age_in_days(context.at), critical_only=True)
        if h1_advice is not None
        else None
    )
    if h1_advice is not None and too_young is None:
        schedule.append(h1_advice)
    # The H2 is the first of the ranked H2s the patient's reactions allow (A3; H2_ORDER).
    h2_pick = allowed(patient.reactions, H2_ORDER) if not h2 else None
    if h2_pick is not None and h2_pick.first is not None:
        schedule.append(
            DoseAdvice(
                drug=h2_pick.first,
                route=Route.ORAL,
                timing="before the opioid",
                note=(
                    "H2 antihistamine; dose is a clinician decision: sources disagree (10 mg "
                    "twice daily in S29, 20-40 mg twice daily in the seeds and the label, S15)"
                    if h2_pick.first == "famotidine"
                    else "H2 antihistamine; the sources give no dose here: clinician decision"
                ),
            )
        )
    have = [f"{m.drug} ({patient.path_of(m)})" for m in (*h1, *h2)]
    findings = [Finding(input=u.path, text=u.label) for u in uses]
    findings += [
        Finding(input=patient.path_of(m), text=f"{m.drug}: already taken") for m in (*h1, *h2)
    ]
    if not h1:
        findings.append(age_finding(patient, age, ADULT_AGE_YEARS))
    if h2_pick is not None:
        findings += [reaction_finding(patient, m) for m in h2_pick.excluded]
    summary = (
        "Before giving opioids, pre-treat with an H1 and an H2 antihistamine (seed-only advice)"
        if schedule
        else "Keep the H1 and H2 antihistamines going while opioids are given (seed-only advice)"
    )
    yield Recommendation(
        code="analgesia.premedicate",
        indicator=Indicator.INFO,
        summary=summary,
        detail=(
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
                f" {h1_advice.drug.capitalize()} at {age:.0f} years: {OLDER_ADULT.says} "
                f"({OLDER_ADULT.fact}, {', '.join(OLDER_ADULT.sources)}); a dose before an "
                "opioid is a clinician decision."
                if h1_advice is not None
                and too_young is None
                and age is not None
                and age >= OLDER_ADULT.from_years
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
                + describe_matches(h2_pick.excluded)
                + ("." if h2_pick.first else f"; {NO_OPTION}.")
                if h2_pick is not None and h2_pick.excluded
                else ""
            )
        ),
        evidence=evidence(
            "SEED-B",
            "S36",
            "S29",
            "S15",
            *(("S126",) if not h1 and age is not None and age < ADULT_AGE_YEARS else ()),
            *(too_young.sources if too_young is not None else ()),
            *(
                OLDER_ADULT.sources
                if h1_advice is not None and age is not None and age >= OLDER_ADULT.from_years
                else ()
            ),
        ),
        findings=tuple(findings),
        schedule=tuple(schedule),
    )


# -- NSAIDs ----------------------------------------------------------------------------------


def _nsaid_reactions(patient: Patient) -> list[Reaction]:
    """Reactions to an NSAID or aspirin however the chart wrote them (brand, class word...)."""
    order = {ReactionSeverity.ANAPHYLAXIS: 0, ReactionSeverity.FLARE: 1, ReactionSeverity.MILD: 2}
    found = reactions_to(patient.reactions, DrugClass.NSAID, DrugClass.ASPIRIN)
    return sorted(found, key=lambda r: order.get(r.severity, 3) if r.severity else 3)


@nsaid_rule(
    "analgesia.nsaid.caution",
    sources=("S32", "S33", "S35", "S39", "S242", "S243"),
    reads=(Analyte.ANC, Analyte.WBC, Analyte.NEUTROPHILS_PCT),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def nsaid_caution(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Put NSAIDs and aspirin in proportion; avoid them after a reaction.

    Fires for a mast cell disorder and each NSAID or aspirin active or planned (or planned for
    an upcoming procedure), once per drug with every use as a finding: information with the
    tolerance data (about 96-98% tolerate aspirin) at the default 'caution' reading; a warning
    when a clinician chose the blanket 'avoid' lists; after a recorded reaction to any NSAID
    or aspirin an avoid, critical for anaphylaxis, else a warning. Acetaminophen is offered
    instead. Aspirin taken now with no reaction recorded to aspirin itself is tolerated: a
    reaction to another NSAID does not make it an avoid (information); aspirin taken with a
    P2Y12 antiplatelet is read as therapy for the heart and never simply stopped (SR4): with a
    reaction to aspirin itself it is a critical clinician decision. Metamizole is not named
    as an alternative where its label rules it out (SR5).
    """
    if not patient.has_mast_cell_disorder:
        return
    options = context.options.perioperative
    reactions = _nsaid_reactions(patient)
    worst = reactions[0] if reactions else None
    grouped: dict[str, list[_Use]] = {}
    for use in _uses(patient, context, *_NSAIDS):
        grouped.setdefault(use.generic, []).append(use)
    aspirin = {patient.path_of(a.medication): a for a in aspirin_uses(patient)} if grouped else {}
    for generic, uses in grouped.items():
        first = uses[0]
        verdict = vet_agent(
            generic if first.combination else first.name, options, patient.reactions
        )
        findings = [
            Finding(input=use.path, text=use.label, note=_level_text(verdict)) for use in uses
        ]
        findings += [_reaction_finding(patient, r) for r in reactions]
        medication = _acetaminophen(patient)
        instead = "; use acetaminophen instead" if medication else ""
        reads = [aspirin[u.path] for u in uses if u.path in aspirin]
        tolerated = all(u.path in aspirin and aspirin[u.path].tolerated for u in uses)
        cardiac = next((a for a in reads if a.cardiovascular), None)
        sources = ["S32", *verdict.sources]
        excluded = (
            metamizole_excluded(patient, context) if METAMIZOLE_DRUG in verdict.alternatives else {}
        )
        if excluded:
            sources.append("S243")
        detail = f"{NSAID_TOLERANCE} {verdict.describe(excluded)}"
        if cardiac is not None:
            findings += list(cardiac.partner_findings(patient))
            sources.append("S242")
        if worst is not None and tolerated:
            indicator = Indicator.INFO
            medication = None
            summary = (
                f"{generic.capitalize()} is taken now with no reaction recorded to it: the "
                f"reaction to {worst.agent} does not make it an avoid"
            )
            detail += (
                f" This patient reacted to {worst.agent}, not to aspirin, and takes aspirin now "
                "(tolerated now): continue it unless the clinician decides otherwise; whether the "
                f"reaction to {worst.agent} was a cross-reactive (COX-1) phenotype is for the "
                "allergist (XR10, S140). Avoid the drug reacted to."
            )
        elif worst is not None and cardiac is not None:
            partners = cardiac.basis
            medication = None
            if cardiac.reacted:
                indicator = Indicator.CRITICAL
                summary = (
                    f"Aspirin for the heart ({partners}) and a recorded reaction to "
                    "aspirin: decide with cardiology and allergy now"
                )
                why = "A reaction to aspirin itself is recorded"
            else:
                indicator = Indicator.WARNING
                summary = (
                    f"Aspirin for the heart ({partners}) after a reaction to "
                    f"{worst.agent}: cross-reactivity is for the allergist; do not simply drop it"
                )
                why = (
                    f"A reaction to {worst.agent} (not to aspirin) is recorded; the common "
                    "NSAID hypersensitivity phenotypes cross-react through COX-1 (XR10, S140)"
                )
            detail += (
                f" {why}, and aspirin is {cardiac.describe()}. "
                f"{CARDIOVASCULAR_READING[0].upper()}{CARDIOVASCULAR_READING[1:]}; "
                f"{DAPT_STOP_RISK}. Acetaminophen does not replace an antiplatelet: cardiology "
                "and allergy decide together (testing, or desensitisation as reported in SM, AS4)."
            )
        elif worst is not None:
            indicator = (
                Indicator.CRITICAL
                if worst.severity is ReactionSeverity.ANAPHYLAXIS
                else Indicator.WARNING
            )
            summary = f"Avoid {generic}: prior reaction to {worst.agent} ({worst.severity or 'severity not stated'}){instead}"
            detail += (
                f" This patient reacted to {worst.agent}: a prior reaction makes NSAIDs and "
                "aspirin an avoid, whatever the population data."
            )
        elif verdict.level is SafetyLevel.AVOID:
            indicator = Indicator.WARNING
            summary = f"Avoid {generic}: NSAIDs are listed as mast cell triggers (clinician-chosen reading){instead}"
        elif verdict.level is SafetyLevel.CAUTION:
            indicator = Indicator.INFO
            summary = (
                f"{generic.capitalize()}: use with caution; NSAID reactions are uncommon in "
                "mastocytosis (2-4%, S32)"
            )
        else:
            continue
        if cardiac is not None and (worst is None or tolerated):
            detail += (
                f" Aspirin here is {cardiac.describe()}: {CARDIOVASCULAR_READING}; "
                f"{DAPT_STOP_RISK}."
            )
        if generic == "aspirin" and patient.has_systemic_mastocytosis:
            detail += f" {ASPIRIN_THERAPY}"
        yield Recommendation(
            code="analgesia.nsaid.caution",
            indicator=indicator,
            summary=fit(summary),
            detail=detail,
            medication=medication,
            evidence=evidence(*sources),
            findings=tuple(findings),
        )


# -- cyproheptadine --------------------------------------------------------------------------


def _cyproheptadine_dose(
    patient: Patient, age: float | None
) -> tuple[CyproheptadineBand | None, str | None, list[Finding]]:
    """The labelled band to propose, or None with why the dose is a clinician decision."""
    findings = [age_finding(patient, age, 15.0)]
    if age is None:
        bands = "; ".join(
            f"{b.from_years:g}-{b.below_years:g} y: {b.dose} {b.timing}, max {b.max_mg_per_day:g} mg/day"
            if b.below_years
            else f"{b.from_years:g} y and over: {b.dose} three times daily, max {b.max_mg_per_day:g} mg/day"
            for b in CYPROHEPTADINE_BANDS
        )
        return None, f"age unknown: record it; label doses by age: {bands}", findings
    band = cyproheptadine_band(age)
    if band is None:
        return None, "no labelled dose under 2 years: clinician decision", findings
    per_day = band.dose.value * band.most_doses_per_day  # the most the advice allows
    if patient.weight is not None:
        limit = CYPROHEPTADINE_MAX_MG_PER_KG_DAY * patient.weight.kg
        findings.append(
            Finding(
                input="weight",
                value=round(per_day / patient.weight.kg, 3),
                unit="mg/kg/d",
                threshold=CYPROHEPTADINE_MAX_MG_PER_KG_DAY,
                comparison=">" if per_day > limit else "<=",
                derived=True,
                note="start dose per kg per day",
            )
        )
        if per_day > limit:
            return (
                None,
                f"the start dose ({per_day:g} mg/day) exceeds the label's 0.5 mg/kg/day "
                f"({limit:g} mg/day at {patient.weight.kg:g} kg): clinician decision",
                findings,
            )
    return band, None, findings


def _cyproheptadine_band_text(band: CyproheptadineBand) -> str:
    """One label band as text, e.g. '7-14 y: 4 mg two or three times daily, max 16 mg/day'."""
    ages = (
        f"{band.from_years:g} y and over"
        if band.below_years is None
        else f"{band.from_years:g}-{band.below_years - 1:g} y"
    )
    how = band.frequency.label if band.frequency is not None else band.timing
    extra = f", {band.timing}" if band.frequency is not None and band.timing else ""
    return f"{ages}: {band.dose} {how}{extra}, max {band.max_mg_per_day:g} mg/day"


@rule(
    "analgesia.cyproheptadine.consider",
    sources=("S13", "SEED-B"),
    indicators=(Indicator.INFO,),
    proposes=tuple(
        DoseAdvice(
            drug="cyproheptadine",
            dose=b.dose,
            frequency=b.frequency,
            route=Route.ORAL,
            timing=b.timing,
            note=f"ages {b.from_years:g}"
            + (f" to under {b.below_years:g}" if b.below_years else " and over")
            + f"; max {b.max_mg_per_day:g} mg/day and 0.5 mg/kg/day",
        )
        for b in CYPROHEPTADINE_BANDS
    ),
    triggers=(Recorded.PAIN,),
)
def cyproheptadine_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider cyproheptadine for pain in a mast cell disorder (pain claim seed-only).

    Fires for a mast cell disorder with pain, not on cyproheptadine, when
    ``PerioperativeOptions.cyproheptadine_for_pain`` is on: 4 mg three times daily in adults
    (label start dose), paediatric bands from the label, never above 0.5 mg/kg/day. Never
    proposed where its label rules it out or gives no dose: while breastfeeding (contraindicated
    in nursing mothers, SR7) or under 2 years (contraindicated in newborns; no established
    safety or dose under 2, SR7, A15).
    """
    options = context.options.perioperative
    pain = _pain(patient)
    if pain is None or not options.cyproheptadine_for_pain or not patient.has_mast_cell_disorder:
        return
    if patient.medications_named(CYPROHEPTADINE) or reaction_match(
        patient.reactions, CYPROHEPTADINE
    ):
        return
    if patient.lactating is True:
        return  # contraindicated in nursing mothers (SR7)
    age = patient.age_at(context.at)
    if age is not None and age < min(b.from_years for b in CYPROHEPTADINE_BANDS):
        return  # no labelled dose, and contraindicated in newborns (SR7, A15)
    band, why_not, findings = _cyproheptadine_dose(patient, age)
    findings.insert(0, _pain_finding(pain, options.severe_pain_score))
    medication = DoseAdvice(
        drug="cyproheptadine",
        dose=band.dose if band else None,
        frequency=band.frequency if band else None,
        route=Route.ORAL,
        timing=band.timing if band else None,
        note=(
            f"label maximum {band.max_mg_per_day:g} mg/day and 0.5 mg/kg/day" if band else why_not
        ),
    )
    if band is not None:
        how = band.frequency.label if band.frequency else band.timing
        dose_text = f"cyproheptadine {band.dose} {how}"
    else:
        dose_text = "cyproheptadine (dose: clinician decision)"
    yield Recommendation(
        code="analgesia.cyproheptadine.consider",
        indicator=Indicator.INFO,
        summary=fit(
            f"Consider {dose_text} for pain (H1 and serotonin blocker); its pain benefit is "
            "seed-only"
        ),
        detail=(
            "Cyproheptadine label (S13, allergic indications; off-label in mastocytosis): "
            + "; ".join(_cyproheptadine_band_text(b) for b in CYPROHEPTADINE_BANDS)
            + f"; never above {CYPROHEPTADINE_MAX_MG_PER_KG_DAY:g} mg/kg/day. That it helps pain "
            "with neurological components is SEED-ONLY (SEED-B; switch off with "
            "PerioperativeOptions.cyproheptadine_for_pain)."
            + (f" {why_not[0].upper()}{why_not[1:]}." if why_not else "")
        ),
        medication=medication,
        evidence=evidence("S13", "SEED-B"),
        findings=tuple(findings),
    )


# -- referral and mood -----------------------------------------------------------------------


@rule(
    "analgesia.specialist.refer",
    sources=("SEED-B", "S80", "S81"),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.PAIN,),
)
def specialist_refer(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Involve a pain specialist for severe or refractory pain (seed-only).

    Fires for a mast cell disorder with severe pain (score at or above the severe cut-off), or
    pain for longer than 3 months while an analgesic is taken, when
    ``PerioperativeOptions.pain_specialist_referral`` is on.
    """
    options = context.options.perioperative
    pain = _pain(patient)
    if pain is None or not options.pain_specialist_referral or not patient.has_mast_cell_disorder:
        return
    severe = pain.score >= options.severe_pain_score
    analgesics = patient.medications_of(*ANALGESIC_CLASSES)
    refractory = bool(analgesics) and _chronic(pain, context) is True
    if not (severe or refractory):
        return
    findings = [_pain_finding(pain, options.severe_pain_score)]
    if refractory and pain.since is not None:
        findings.append(
            Finding(
                input="pain",
                text=f"since {day_of(pain.since).isoformat()}",
                note=f"longer than {CHRONIC_PAIN_MONTHS} months",
            )
        )
        findings += [
            Finding(input=patient.path_of(m), text=f"{m.drug}: analgesic taken") for m in analgesics
        ]
    why = " and ".join(
        w for w, on in (("severe", severe), ("persisting despite analgesics", refractory)) if on
    )
    yield Recommendation(
        code="analgesia.specialist.refer",
        indicator=Indicator.INFO,
        summary=fit(f"Involve a pain specialist: {_pain_text(pain)} {why} (seed-only advice)"),
        detail=(
            "Coordinating with pain specialists for severe or refractory pain is SEED-ONLY "
            "(SEED-B; switch off with PerioperativeOptions.pain_specialist_referral). Severe: "
            f"score {options.severe_pain_score} or more (S81); refractory here: pain for longer "
            f"than {CHRONIC_PAIN_MONTHS} months (chronic pain, S80) while an analgesic is taken. "
            "Referral of advanced "
            "SM to an expert centre is a separate, confirmed recommendation (referral area)."
        ),
        evidence=evidence("SEED-B", "S80", "S81"),
        findings=tuple(findings),
    )


@rule(
    "monitoring.mood.screen",
    sources=("SEED-B", "S80"),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.PAIN,),
)
def mood_screen(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Screen for depression and anxiety in persistent pain (seed-only).

    Fires for a mast cell disorder with pain for longer than 3 months (chronic pain, S80) when
    ``PerioperativeOptions.mood_screen`` is on; when the pain's onset is not recorded, asks for
    it instead of assuming the pain is recent.
    """
    options = context.options.perioperative
    pain = _pain(patient)
    if pain is None or not options.mood_screen or not patient.has_mast_cell_disorder:
        return
    chronic = _chronic(pain, context)
    if chronic is False:
        return
    if chronic is None:
        summary = (
            f"Record when the {_pain_text(pain)} began; if it has lasted over "
            f"{CHRONIC_PAIN_MONTHS} months, screen for depression and anxiety"
        )
        finding = Finding(
            input="pain", text="onset (since) not recorded", note="needed to judge persistence"
        )
    else:
        since = day_of(pain.since) if pain.since is not None else None
        summary = (
            f"Screen for depression and anxiety: {_pain_text(pain)} for more than "
            f"{CHRONIC_PAIN_MONTHS} months (seed-only advice)"
        )
        finding = Finding(
            input="pain",
            text=f"since {since}",
            note=f"longer than {CHRONIC_PAIN_MONTHS} months",
        )
    yield Recommendation(
        code="monitoring.mood.screen",
        indicator=Indicator.INFO,
        summary=fit(summary),
        detail=(
            "Screening for depression and anxiety in MCAS pain is SEED-ONLY (SEED-B, P10; switch "
            "off with PerioperativeOptions.mood_screen). Persistent pain: pain that persists or "
            f"recurs for longer than {CHRONIC_PAIN_MONTHS} months (IASP / ICD-11 chronic pain, "
            "S80)."
        ),
        evidence=evidence("SEED-B", "S80"),
        findings=(finding,),
    )
