"""The opioid rules: change a histamine-releasing opioid, name the preferred ones.

Fact sheet section 2.3 (P1-P5) and 2.7: fentanyl is preferred; sufentanil, alfentanil,
remifentanil, hydromorphone, buprenorphine, oxycodone, piritramide are acceptable; morphine,
codeine and meperidine release histamine. An opioid the sources do not rate is said to be
unrated: a clinician decision, nothing proposed. Split from :mod:`mastcell.rules.analgesia`
(issue 20); reads in :mod:`mastcell.rules.analgesia_facts`, text in
:mod:`mastcell.text.analgesia_opioids`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import Relation, describe_matches, reaction_match
from mastcell.knowledge.safety import SafetyGroup
from mastcell.model import Finding, Indicator
from mastcell.reads import MEDICATIONS, PROCEDURES, REACTIONS
from mastcell.rules.analgesia_facts import (
    OPIOID_GROUP_SOURCES,
    OPIOIDS,
    Use,
    fentanyl_advice,
    level_text,
    mentions_options,
    usable_opioids,
    uses,
)
from mastcell.rules.analgesia_pain_facts import PAIN, pain_finding, pain_of
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import usable_for
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context
from mastcell.vetting import VetStatus, alternatives, vet_agent

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "analgesia.opioid.caution",
    sources=("S33", "S35", "S39", "S41", "S34", "SEED-B", "S139", *OPIOID_GROUP_SOURCES),
    reads=((), (MEDICATIONS, PROCEDURES), (REACTIONS,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(MAST_CELL_DISORDER,),
)
def opioid_caution(f: Facts, context: Context) -> Sequence[Decision]:
    """Switch a histamine-releasing opioid to fentanyl, keeping pain covered.

    Fires for a mast cell disorder and each opioid active, planned, or planned for an upcoming
    procedure (a combination product through its opioid: Norco as hydrocodone) that the
    safety catalogue rates avoid or caution (morphine, codeine, meperidine): a warning
    proposing the preferred opioid; critical when the patient has reacted to that opioid. An
    opioid the sources do not rate (hydrocodone, tramadol, methadone...: section 2.7 names
    none of them, XR7 gives a potency order only) is a warning that says so: clinician
    decision, nothing proposed, the rated opioids named.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    found = uses(f, context, *OPIOIDS)
    if not found:
        return upto(1)
    options = context.options.perioperative
    reactions = REACTIONS.of(f)
    out: list[Decision] = []
    for use in found:
        verdict = vet_agent(use.generic, options)
        shown = vet_agent(use.generic, options, reactions)
        match = reaction_match(reactions, use.generic)
        unrated = verdict.status is VetStatus.UNRATED
        if not verdict.flagged and match is None and not unrated:
            continue
        generic = verdict.generic or use.generic
        findings = [Finding(input=use.path, text=use.label, note=level_text(verdict))]
        if match is not None:
            findings.append(reaction_finding(f, match))
        if unrated and match is None:
            out.append(_unrated_opioid(f, context, use, generic, findings))
            continue
        alts, excluded = usable_for(f, verdict.alternatives)
        if not verdict.flagged:
            preferred, acceptable = usable_opioids(f, context)
            alts = tuple(a for a in (*preferred, *acceptable) if a != generic)
        to = alts[0] if alts else None
        if match is not None and match.relation is Relation.SAME_DRUG:
            indicator = Indicator.CRITICAL
        elif match is not None:
            indicator = Indicator.WARNING if not match.anaphylaxis else Indicator.CRITICAL
        else:
            indicator = Indicator.WARNING
        medication = fentanyl_advice(alts)
        out.append(
            Decision(
                code="analgesia.opioid.caution",
                indicator=indicator,
                action=Action.PREFER if medication else Action.INFORM,
                drug=medication.drug if medication else None,
                medication=medication,
                findings=tuple(findings),
                sources=tuple(
                    dict.fromkeys(
                        (
                            *verdict.sources,
                            "S34",
                            "SEED-B",
                            *(match.sources if match else ()),
                            *(("S139",) if match else ()),
                            *(x for m in excluded for x in m.sources),
                        )
                    )
                ),
                params={
                    "generic": generic,
                    "where": use.where,
                    "to": to,
                    "shown": shown,
                    "match": match,
                    "excluded": excluded,
                },
                # a rated opioid's verdict names its level or its alternatives; without a
                # usable opioid "an acceptable opioid chosen with the clinician"
                lists_options=shown.level is not None
                or to is None
                or mentions_options(
                    use.where,
                    to,
                    shown.describe(reacted=match is not None),
                    match.describe() if match else None,
                    describe_matches(excluded, said=match) if excluded else None,
                ),
            )
        )
    return tuple(out)


def _unrated_opioid(
    f: Facts, context: Context, use: Use, generic: str, findings: list[Finding]
) -> Decision:
    """An opioid the sources do not rate: say so, name the rated ones, propose nothing."""
    preferred, acceptable = usable_opioids(f, context)
    rated = tuple(a for a in (*preferred, *acceptable) if a != generic)
    _, excluded = usable_for(f, alternatives(SafetyGroup.OPIOID, context.options.perioperative))
    findings += [reaction_finding(f, m) for m in excluded]
    return Decision(
        code="analgesia.opioid.caution",
        indicator=Indicator.WARNING,
        action=Action.INFORM,
        findings=tuple(findings),
        sources=tuple(
            dict.fromkeys(("S33", "S39", "S139", "S34", *(x for m in excluded for x in m.sources)))
        ),
        variant="unrated",
        params={
            "generic": generic,
            "where": use.where,
            "rated": rated,
            "preferred": preferred,
            "acceptable": acceptable,
            "excluded": excluded,
        },
        lists_options=True,  # "rated acceptable: ..."
    )


@decides(
    "analgesia.opioid.prefer",
    sources=("S33", "S34", "S39", "S41", "S81", "S139", "S140", *OPIOID_GROUP_SOURCES),
    reads=((), (MEDICATIONS, PROCEDURES, PAIN), (REACTIONS,)),
    indicators=(Indicator.INFO,),
    triggers=(MAST_CELL_DISORDER,),
)
def opioid_prefer(f: Facts, context: Context) -> Sequence[Decision]:
    """Name the preferred and acceptable opioids.

    Fires for a mast cell disorder when an opioid is active or planned (on the list or for an
    upcoming procedure) or pain is severe: fentanyl preferred; sufentanil, alfentanil,
    remifentanil, hydromorphone, buprenorphine, oxycodone, piritramide acceptable.
    """
    if MAST_CELL_DISORDER not in f.families:
        return upto(0)
    options = context.options.perioperative
    found = uses(f, context, *OPIOIDS)
    pain = pain_of(f)
    severe = options.severe_pain_score
    if not found and (pain is None or pain.score < severe):
        return upto(1)
    preferred, acceptable = usable_opioids(f, context)
    usable = (*preferred, *acceptable)
    _, excluded = usable_for(f, alternatives(SafetyGroup.OPIOID, options))
    notes = tuple(
        f"{v.generic}: {v.note}"
        for v in (vet_agent(a, options) for a in usable)
        if v.note is not None
    )
    findings = [
        Finding(input=u.path, text=u.label, note=level_text(vet_agent(u.generic, options)))
        for u in found
    ]
    if pain is not None and pain.score >= severe:
        findings.append(pain_finding(pain, severe))
    findings += [reaction_finding(f, m) for m in excluded]
    medication = fentanyl_advice(preferred or usable)
    return (
        Decision(
            code="analgesia.opioid.prefer",
            indicator=Indicator.INFO,
            action=Action.PREFER if medication else Action.INFORM,
            drug=medication.drug if medication else None,
            medication=medication,
            findings=tuple(findings),
            sources=tuple(
                dict.fromkeys(
                    ("S33", "S34", "S39", "S41", "S81", *(x for m in excluded for x in m.sources))
                )
            ),
            params={
                "preferred": preferred,
                "acceptable": acceptable,
                "notes": notes,
                "excluded": excluded,
            },
            lists_options=True,  # "Preferred: ... Acceptable: ..."
        ),
    )
