"""NSAIDs and aspirin in proportion; avoid them after a reaction (S32, section 2.7).

Split from :mod:`mastcell.rules.analgesia` (issue 20); reads in
:mod:`mastcell.rules.analgesia_nsaid_facts`, text in :mod:`mastcell.text.analgesia_nsaids`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG, CARDIOVASCULAR_READING, DAPT_STOP_RISK
from mastcell.knowledge.safety import SafetyLevel
from mastcell.knowledge.special_populations import METAMIZOLE_DRUG
from mastcell.model import DiagnosisFamily, Finding, Indicator, ReactionSeverity
from mastcell.reads import AGE, AGE_DAYS, MEDICATIONS, PROCEDURES, REACTIONS
from mastcell.rules.analgesia_facts import (
    NSAIDS,
    Use,
    acetaminophen,
    level_text,
    mentions_options,
    uses,
)
from mastcell.rules.analgesia_nsaid_facts import (
    INFANT_AGE_GIVEN,
    METAMIZOLE_ANC,
    nsaid_reactions,
    reaction_item,
)
from mastcell.rules.aspirin_facts import ASPIRIN_IN_USE, P2Y12_IN_USE, aspirin_uses
from mastcell.rules.declare import decides
from mastcell.rules.metamizole_facts import (
    WEIGHT_UNLESS_INFANT,
    metamizole_exclusion,
    uncited,
)
from mastcell.rules.registry import Context
from mastcell.vetting import vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "analgesia.nsaid.caution",
    sources=("S32", "S33", "S35", "S39", "S242", "S243"),
    reads=(
        (),
        (REACTIONS, MEDICATIONS, PROCEDURES, ASPIRIN_IN_USE, P2Y12_IN_USE),
        (METAMIZOLE_ANC, AGE, AGE_DAYS, INFANT_AGE_GIVEN, WEIGHT_UNLESS_INFANT),
    ),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(MAST_CELL_DISORDER,),
)
def nsaid_caution(f: Facts, context: Context) -> Sequence[Decision]:
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
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    options = context.options.perioperative
    reactions = nsaid_reactions(f)
    worst = reactions[0] if reactions else None
    grouped: dict[str, list[Use]] = {}
    for use in uses(f, context, *NSAIDS):
        grouped.setdefault(use.generic, []).append(use)
    # Each use is read through its own entry (by path, not by name: two aspirins on the list,
    # one taken and one planned, each keep their own reading, whatever the list's order).
    aspirin = {f.path_of(a.medication): a for a in aspirin_uses(f)} if grouped else {}
    sm = DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families
    consulted = False
    out: list[Decision] = []
    for generic, group in grouped.items():
        first = group[0]
        verdict = vet_agent(generic if first.combination else first.name, options, REACTIONS.of(f))
        findings = [
            Finding(input=use.path, text=use.label, note=level_text(verdict)) for use in group
        ]
        findings += [reaction_item(f, r) for r in reactions]
        medication = acetaminophen(f)
        taken = [aspirin[u.path] for u in group if u.path in aspirin]
        # Tolerated only when every use is an aspirin taken now with no reaction to it: a
        # planned one (or one planned for a procedure) beside it keeps the more cautious
        # verdict.
        tolerated = all(u.path in aspirin and aspirin[u.path].tolerated for u in group)
        # ... and the card then speaks of the planned one, not of the one taken now.
        taken_tolerated = not tolerated and any(a.tolerated for a in taken)
        cardiac = next((a for a in taken if a.cardiovascular), None)
        sources = ["S32", *verdict.sources]
        excluded = {}
        if METAMIZOLE_DRUG in verdict.alternatives:
            consulted = True
            exclusion = metamizole_exclusion(
                f, context, anc=METAMIZOLE_ANC, weight=WEIGHT_UNLESS_INFANT
            )
            excluded = dict(exclusion.excluded)
            # what ruled metamizole out is cited (the ANC, a derived ANC's WBC and %)
            findings += uncited(findings, exclusion.findings)
        if excluded:
            sources.append("S243")
        if cardiac is not None:
            findings += list(cardiac.partner_findings(f))
            sources.append("S242")
        if worst is not None and tolerated:
            variant, indicator, medication = "tolerated", Indicator.INFO, None
        elif worst is not None and cardiac is not None:
            medication = None
            if cardiac.reacted:
                variant, indicator = "cardiac_reacted", Indicator.CRITICAL
            else:
                variant, indicator = "cardiac", Indicator.WARNING
        elif worst is not None:
            variant = "reacted"
            indicator = (
                Indicator.CRITICAL
                if worst.severity is ReactionSeverity.ANAPHYLAXIS
                else Indicator.WARNING
            )
        elif verdict.level is SafetyLevel.AVOID:
            variant, indicator = "avoid", Indicator.WARNING
        elif verdict.level is SafetyLevel.CAUTION:
            variant, indicator = "", Indicator.INFO
        else:
            continue
        heart = cardiac is not None and (worst is None or tolerated)
        aspirin_sm = generic == ASPIRIN_DRUG and sm
        out.append(
            Decision(
                code="analgesia.nsaid.caution",
                indicator=indicator,
                action=Action.PREFER if medication else Action.INFORM,
                drug=medication.drug if medication else None,
                medication=medication,
                findings=tuple(findings),
                sources=tuple(dict.fromkeys(sources)),
                variant=variant,
                params={
                    "generic": generic,
                    "worst": worst,
                    "instead": medication is not None,
                    "verdict": verdict,
                    "excluded": excluded,
                    "cardiac": cardiac,
                    "heart": heart,
                    "aspirin_sm": aspirin_sm,
                    "taken_tolerated": taken_tolerated,
                },
                # a rated drug's verdict names its level or its alternatives
                lists_options=verdict.level is not None
                or mentions_options(
                    generic,
                    worst.agent if worst is not None else None,
                    verdict.describe(excluded),
                    cardiac.describe() if cardiac is not None else None,
                    CARDIOVASCULAR_READING if cardiac is not None else None,
                    DAPT_STOP_RISK if cardiac is not None else None,
                ),
            )
        )
    return tuple(out) if consulted else upto(1, *out)
