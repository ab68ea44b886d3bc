"""Aspirin in mast cell disease: avoid it after a reaction, consider it for a raised PGF2alpha.

Most patients with mastocytosis tolerate aspirin (S32), so the avoidance is personal: it
follows a recorded reaction to aspirin or an NSAID, never the diagnosis. An aspirin taken now
with no reaction to aspirin itself is tolerated now and not told to stop; one taken with a
P2Y12 antiplatelet (or recorded for the heart) is never simply stopped (SR4). Aspirin is
considered (SEED-ONLY, switchable) when urinary 2,3-dinor-11beta-PGF2alpha is raised, dosed
only for an adult with SM with a recent platelet count at or above the library's floor.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.antimediator_aspirin_facts`), text in
:mod:`mastcell.text.antimediator_aspirin`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts, Recorded
from mastcell.knowledge.allergy import allowed
from mastcell.knowledge.analgesia import PAIN_ALTERNATIVES
from mastcell.knowledge.antimediator import ASPIRIN
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG
from mastcell.model import (
    Analyte,
    DoseAdvice,
    Finding,
    Indicator,
    MedicationStatus,
    ReactionSeverity,
    Route,
)
from mastcell.reads import AGE, COUNTS, DIAGNOSES, REACTIONS
from mastcell.rules.antimediator_aspirin_facts import (
    ASPIRIN_TAKING,
    NSAIDS_ACTIVE,
    NSAIDS_TAKING,
    aspirin_checks,
    nsaid_reactions,
)
from mastcell.rules.antimediator_facts import med_finding
from mastcell.rules.antimediator_mediators import JUDGED
from mastcell.rules.antiplatelet_facts import KIT_ON_BOARD
from mastcell.rules.aspirin_facts import ASPIRIN_IN_USE, P2Y12_IN_USE, aspirin_uses
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import AGE_GIVEN
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_PGF2A = JUDGED[Analyte.URINE_PGF2A]


@decides(
    "antimediator.aspirin.avoid",
    sources=("S32", "S33", "S35", "S39", "S242"),
    reads=((REACTIONS,), (NSAIDS_TAKING, ASPIRIN_IN_USE), (P2Y12_IN_USE,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.REACTION,),
)
def aspirin_avoid(f: Facts, context: Context) -> Sequence[Decision]:
    """Avoid aspirin and NSAIDs after a reaction to one.

    Fires when a reaction to aspirin or another NSAID is recorded: a warning, critical when
    the reaction was anaphylaxis and an aspirin or NSAID is taken or planned now. One taken
    now is to be stopped or replaced (action STOP), one planned is not to be started (AVOID,
    also the action when nothing is taken). Aspirin
    taken now with no reaction recorded to aspirin itself is tolerated now: it is named as
    such and not told to stop; an aspirin taken with a P2Y12 antiplatelet is read as therapy
    for the heart and is never simply stopped (SR4).
    """
    reactions = nsaid_reactions(f)
    if not reactions:
        return upto(0)
    current = NSAIDS_TAKING.of(f)
    uses = aspirin_uses(f)
    read = {id(a.medication): a for a in uses}
    kept = tuple(read[id(m)] for m in current if id(m) in read and read[id(m)].tolerated)
    cardiac = tuple(read[id(m)] for m in current if id(m) in read and read[id(m)].cardiovascular)
    to_stop = tuple(
        m
        for m in current
        if not (id(m) in read and (read[id(m)].tolerated or read[id(m)].cardiovascular))
    )
    anaphylaxis = any(r.severity is ReactionSeverity.ANAPHYLAXIS for r in reactions)
    findings = [
        Finding(
            input=f.path_of(r),
            text=f"reaction to {r.agent}",
            note=None if r.severity is None else r.severity.value,
        )
        for r in reactions
    ]
    findings += [med_finding(f, m, f"{m.status.value} now") for m in current]
    findings += [x for a in cardiac for x in a.partner_findings(f)]
    # A drug taken now is stopped (or replaced); one planned is not started (SR4 aside).
    taken = tuple(m.drug for m in to_stop if m.status is not MedicationStatus.PLANNED)
    planned = tuple(m.drug for m in to_stop if m.status is MedicationStatus.PLANNED)
    decision = Decision(
        code="antimediator.aspirin.avoid",
        indicator=(
            Indicator.CRITICAL
            if anaphylaxis and (to_stop or any(a.reacted for a in cardiac))
            else Indicator.WARNING
        ),
        action=Action.STOP if taken else Action.AVOID,
        findings=tuple(findings),
        sources=("S32", "S33", "S35", "S39", *(("S242",) if cardiac else ())),
        params={
            "agents": tuple(r.agent for r in reactions),
            "to_stop": taken,
            "not_to_start": planned,
            "kept": kept,
            "cardiac": cardiac,
            "pain": allowed(REACTIONS.of(f), PAIN_ALTERNATIVES),
        },
        lists_options=True,
    )
    # The P2Y12 antiplatelets are read only when an aspirin is taken or planned.
    return (decision,) if uses else upto(1, decision)


@decides(
    "antimediator.aspirin.consider",
    sources=(
        "S32",
        "S142",
        "S50",
        "S51",
        "S137",
        "S53",
        "S70",
        "SEED-A",
        "SEED-B",
        # The bleeding facts shown with a KIT inhibitor or cytoreductive drug (AS6): cited by
        # the old rule without being declared.
        "S9",
        "S117",
        "S129",
    ),
    reads=(
        (),
        (REACTIONS,),
        (ASPIRIN_TAKING,),
        (_PGF2A,),
        (AGE, AGE_GIVEN, DIAGNOSES, COUNTS[Analyte.PLATELETS], KIT_ON_BOARD, NSAIDS_ACTIVE),
    ),
    indicators=(Indicator.INFO,),
    proposes=(ASPIRIN.advice(),),
    triggers=(MAST_CELL_DISORDER,),
)
def aspirin_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider supervised aspirin when the urinary prostaglandin metabolite is elevated.

    Fires for a mast cell disorder when urinary 2,3-dinor-11beta-PGF2alpha is at or above its
    reference limit, no reaction to aspirin or an NSAID is recorded and aspirin is not taken
    or planned (a SEED-ONLY trigger, switchable in the options). The dose (S32, S142) is
    proposed only for an adult with SM with a recent platelet count (CytopeniaOptions.
    count_max_age) at or above options.antimediator.aspirin_min_platelets (a library
    convention, AS1/AS2) and no KIT inhibitor or cytoreductive drug on board (AS6); otherwise
    the facts are shown (count with its CTCAE grade, AS4, PD22 for a child) and the dose is a
    clinician decision.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    if not context.options.antimediator.aspirin_if_pgf2a_elevated:
        return upto(0)
    if nsaid_reactions(f):
        return upto(1)
    if ASPIRIN_TAKING.of(f):
        return upto(2)
    read = _PGF2A.of(f)
    if read is None or not read.elevated:
        return upto(3)
    findings = [read.finding]
    checks = aspirin_checks(f, context, findings)
    advice: DoseAdvice | None
    if checks.bleeding:
        # A recent count below the floor is a bleeding risk: no proposal of aspirin at all,
        # only the facts (SR2; issue 16 review).
        advice, variant = None, "bleeding"
    elif checks.blocked:
        advice = DoseAdvice(drug=ASPIRIN_DRUG, route=Route.ORAL, note="dose: clinician decision")
        variant = "clinician"
    else:
        advice, variant = ASPIRIN.advice(), ""
    return (
        Decision(
            code="antimediator.aspirin.consider",
            indicator=Indicator.INFO,
            action=Action.INFORM if advice is None else Action.PREFER,
            drug=None if advice is None else advice.drug,
            medication=advice,
            findings=tuple(findings),
            sources=tuple(
                dict.fromkeys(("S32", "S142", "S50", "S51", *checks.sources, "SEED-A", "SEED-B"))
            ),
            variant=variant,
            params={
                "level": read.lab.canonical,
                "checks": checks,
                "nsaids": tuple(m.drug for m in NSAIDS_ACTIVE.of(f)),
            },
        ),
    )
