"""H1 and H2 antihistamines before opioids (seed-only, P9).

Split from :mod:`mastcell.rules.analgesia` (issue 20); reads in
:mod:`mastcell.rules.analgesia_facts`, text in :mod:`mastcell.text.analgesia_opioids`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, Dose, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.allergy import NO_OPTION, allowed, describe_matches
from mastcell.knowledge.analgesia import OPIOID_PREMEDICATION_H1_DOSES, opioid_premedication_h1
from mastcell.knowledge.antimediator import FAMOTIDINE_DRUG, H2_ORDER
from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.special_populations import OLDER_ADULT, age_limit
from mastcell.model import DoseAdvice, DrugClass, Finding, Indicator, MedicationStatus, Route
from mastcell.reads import AGE, AGE_DAYS, MEDICATIONS, PROCEDURES
from mastcell.rules.analgesia_facts import (
    OPIOIDS,
    REACTIONS_UNLESS_H2,
    mentions_options,
    uses,
)
from mastcell.rules.declare import decides
from mastcell.rules.procedure_facts import AGE_GIVEN, age_finding
from mastcell.rules.reaction_facts import reaction_finding
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_H1 = frozenset({DrugClass.H1_FIRST_GENERATION, DrugClass.H1_SECOND_GENERATION})


@decides(
    "analgesia.premedicate",
    sources=("SEED-B", "S36", "S29", "S126", "S246", "S247", "S15"),
    reads=(
        (),
        (MEDICATIONS, PROCEDURES),
        (AGE, AGE_DAYS),
        (REACTIONS_UNLESS_H2,),
        (AGE_GIVEN,),
    ),
    indicators=(Indicator.INFO,),
    proposes=OPIOID_PREMEDICATION_H1_DOSES,
    triggers=(MAST_CELL_DISORDER,),
)
def premedicate(f: Facts, context: Context) -> Sequence[Decision]:
    """Pre-treat with an H1 and an H2 antihistamine before opioids (seed-only).

    Fires for a mast cell disorder when an opioid is active or planned and
    ``PerioperativeOptions.premedicate_before_opioids`` is on: proposes the H1 and H2
    antihistamines not already taken, the H1 dosed by age (adults A18, S29; children by the
    label's band, PD9, S126), the H2 the first of famotidine, nizatidine the patient's
    reactions allow (A3). SEED-ONLY as opioid-specific advice (P9).
    """
    options = context.options.perioperative
    if not options.premedicate_before_opioids or MAST_CELL_DISORDER not in f.families:
        return upto(0)
    found = uses(f, context, *OPIOIDS)
    if not found:
        return upto(1)
    active = [m for m in MEDICATIONS.of(f) if m.status is MedicationStatus.ACTIVE]
    h1 = [m for m in active if not _H1.isdisjoint(f.classes_of(m))]
    h2 = [m for m in active if DrugClass.H2 in f.classes_of(m)]
    age = AGE.of(f)
    schedule: list[Dose] = []
    h1_advice = opioid_premedication_h1(age) if not h1 else None
    # A label contraindication at the patient's age (diphenhydramine in a newborn, SR9) is
    # never proposed: the H1 is then the clinician's choice.
    too_young = (
        age_limit(h1_advice.drug, age, AGE_DAYS.of(f), critical_only=True)
        if h1_advice is not None
        else None
    )
    if h1_advice is not None and too_young is None:
        schedule.append(Dose(Action.PREFER, h1_advice))
    # The H2 is the first of the ranked H2s the patient's reactions allow (A3; H2_ORDER).
    h2_pick = allowed(REACTIONS_UNLESS_H2.of(f), H2_ORDER) if not h2 else None
    if h2_pick is not None and h2_pick.first is not None:
        schedule.append(
            Dose(
                Action.PREFER,
                DoseAdvice(
                    drug=h2_pick.first,
                    route=Route.ORAL,
                    timing="before the opioid",
                    note=(
                        "H2 antihistamine; dose is a clinician decision: sources disagree (10 mg "
                        "twice daily in S29, 20-40 mg twice daily in the seeds and the label, S15)"
                        if h2_pick.first == FAMOTIDINE_DRUG
                        else "H2 antihistamine; the sources give no dose here: clinician decision"
                    ),
                ),
            )
        )
    have = tuple(f"{m.drug} ({f.path_of(m)})" for m in (*h1, *h2))
    findings = [Finding(input=u.path, text=u.label) for u in found]
    findings += [Finding(input=f.path_of(m), text=f"{m.drug}: already taken") for m in (*h1, *h2)]
    if not h1:
        findings.append(age_finding(f, age, ADULT_AGE_YEARS))
    h2_excluded = h2_pick.excluded if h2_pick is not None else ()
    findings += [reaction_finding(f, m) for m in h2_excluded]
    older = (
        h1_advice is not None
        and too_young is None
        and age is not None
        and age >= OLDER_ADULT.from_years
    )
    decision = Decision(
        code="analgesia.premedicate",
        indicator=Indicator.INFO,
        action=Action.INFORM,
        schedule=tuple(schedule),
        findings=tuple(findings),
        sources=tuple(
            dict.fromkeys(
                (
                    "SEED-B",
                    "S36",
                    "S29",
                    "S15",
                    *(("S126",) if not h1 and age is not None and age < ADULT_AGE_YEARS else ()),
                    *(too_young.sources if too_young is not None else ()),
                    *(
                        OLDER_ADULT.sources
                        if h1_advice is not None
                        and age is not None
                        and age >= OLDER_ADULT.from_years
                        else ()
                    ),
                )
            )
        ),
        params={
            "proposed": bool(schedule),
            "have": have,
            "h1": h1_advice.drug if older and h1_advice is not None else None,
            "age": age,
            "too_young": too_young,
            "h2_excluded": h2_excluded,
            "h2_left": h2_pick is not None and h2_pick.first is not None,
        },
        lists_options=mentions_options(
            *have,
            OLDER_ADULT.says if older else None,
            too_young.says if too_young is not None else None,
            describe_matches(h2_excluded) if h2_excluded else None,
            NO_OPTION if h2_excluded and not (h2_pick and h2_pick.first) else None,
        ),
    )
    return upto(3, decision) if h1 else (decision,)
