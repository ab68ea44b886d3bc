"""Drug interactions on the patient's list: CYP3A and the KIT inhibitors, anaphylaxis risk.

A medication counts when it is active, held (still under treatment) or planned (the moment
to choose another drug); a stopped one does not. Each recommendation names both medications'
input paths. The CYP3A classification, its sources and the conflicts between lists live in
:mod:`mastcell.knowledge.interactions`; the stricter listing is in force by default
(``InteractionOptions.cyp3a_reading``) and every listing is cited.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.interaction_facts`), text in :mod:`mastcell.text.interaction`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import MAST_CELL_DISORDER, Facts, Recorded, drug_triggers
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG
from mastcell.knowledge.cytopenia import AVAPRITINIB, MIDOSTAURIN
from mastcell.knowledge.drugs import ingredients_named
from mastcell.knowledge.interactions import (
    AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR,
)
from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.qt import MIDOSTAURIN_QT, QT_PROLONGING
from mastcell.model import (
    Indicator,
    ReactionSeverity,
)
from mastcell.reads import AGE, MEDICATIONS, REACTIONS, NamedRead
from mastcell.rules.declare import decides
from mastcell.rules.interaction_cyp3a import avapritinib_pair, midostaurin_pair
from mastcell.rules.interaction_facts import (
    ACE_ON,
    BETA_ON,
    ON,
    cyp3a_partners,
    med_finding,
)
from mastcell.rules.reaction_facts import anaphylaxis_finding
from mastcell.rules.registry import Context

__all__ = ["ON", "cyp3a_partners"]


def _on(*drugs: str) -> NamedRead:
    """The medications that are, or contain, one of ``drugs``, active, held or planned."""
    return NamedRead(f"{', '.join(drugs)} active, held or planned", drugs=drugs, statuses=ON)


_MIDOSTAURIN_ON = _on(MIDOSTAURIN)
_AVAPRITINIB_ON = _on(AVAPRITINIB)
_ZAFIRLUKAST_ON = _on("zafirlukast")
_ASPIRIN_ON = _on(ASPIRIN_DRUG)
_ETHINYLESTRADIOL_ON = _on("ethinylestradiol")
_QT_ON = _on(*sorted(QT_PROLONGING))


@decides(
    "interaction.midostaurin.strong_inhibitor",
    "interaction.midostaurin.strong_inducer",
    "interaction.midostaurin.moderate_modulator",
    sources=("S100", "S102", "S109", "S110"),
    reads=((_MIDOSTAURIN_ON,), (MEDICATIONS,)),
    indicators=(Indicator.WARNING, Indicator.CRITICAL, Indicator.INFO),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_cyp3a(f: Facts, context: Context) -> Sequence[Decision]:
    """Midostaurin with a CYP3A inhibitor or inducer.

    Fires for midostaurin (active, held or planned) with another such medication that a CYP3A
    list classifies: a strong inhibitor (warning; prefer an alternative, watch for toxicity
    especially in the first week, DI2-DI4), a strong inducer (critical; US label "avoid", EU
    text "contraindicated", InteractionOptions.midostaurin_strong_inducer, DI5), a moderate
    inhibitor or inducer (info: no label guidance found, clinician decision, DI6).
    """
    kits = _MIDOSTAURIN_ON.of(f)
    if not kits:
        return upto(0)
    reading = context.options.interaction.cyp3a_reading
    return tuple(
        midostaurin_pair(f, context, kit, other, found)
        for kit in kits
        for other, found in cyp3a_partners(f, reading, kit)
    )


@decides(
    "interaction.avapritinib.strong_inhibitor",
    "interaction.avapritinib.inducer",
    "interaction.avapritinib.moderate_inhibitor",
    sources=("S5", "S6", "S7", "S10", "S106", "S100", "S110"),
    reads=((_AVAPRITINIB_ON,), (MEDICATIONS,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    proposes=(AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR,),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_cyp3a(f: Facts, context: Context) -> Sequence[Decision]:
    """Avapritinib with a CYP3A inhibitor or inducer.

    Fires for avapritinib (active, held or planned) with another such medication that a CYP3A
    list classifies: a strong inhibitor (critical, avoid; no dose pathway, DI7, DI11), a strong
    or moderate inducer (critical, avoid, DI8), a moderate inhibitor (warning, avoid, DI7; in
    AdvSM the 50 mg once-daily starting dose if it cannot be avoided, DI9; in ISM, or with the
    subtype unrecorded, no dose: clinician decision, DI10).
    """
    kits = _AVAPRITINIB_ON.of(f)
    if not kits:
        return upto(0)
    reading = context.options.interaction.cyp3a_reading
    return tuple(
        avapritinib_pair(f, kit, other, found)
        for kit in kits
        for other, found in cyp3a_partners(f, reading, kit)
    )


_BETA_ACE = (
    "interaction.anaphylaxis.beta_blocker",
    "interaction.anaphylaxis.ace_inhibitor",
    "interaction.anaphylaxis.beta_blocker_and_ace_inhibitor",
)


@decides(
    *_BETA_ACE,
    sources=("S141", "S33"),
    reads=((REACTIONS,), (BETA_ON, ACE_ON), (AGE,)),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.REACTION, MAST_CELL_DISORDER),
)
def anaphylaxis_antihypertensives(f: Facts, context: Context) -> Sequence[Decision]:
    """Beta-blocker or ACE inhibitor with a mast cell disorder or prior anaphylaxis.

    Fires once per patient with a mast cell disorder or a recorded anaphylaxis who takes (or
    plans) a beta-blocker, an ACE inhibitor, or both (stronger wording): more severe
    anaphylaxis and a blunted epinephrine response (EI1, EI2, EI4), glucagon for a
    beta-blocked adult not responding to epinephrine (EI5); an alternative antihypertensive is
    a clinician decision (EI8). Epinephrine is never withheld.
    """
    anaphylaxis = [r for r in REACTIONS.of(f) if r.severity is ReactionSeverity.ANAPHYLAXIS]
    disorder = MAST_CELL_DISORDER in f.families
    if not (disorder or anaphylaxis):
        return upto(0)
    beta, ace = BETA_ON.of(f), ACE_ON.of(f)
    if not beta and not ace:
        return upto(1)
    code = _BETA_ACE[2 if beta and ace else 0 if beta else 1]
    age = AGE.of(f)
    return (
        Decision(
            code=code,
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            findings=(
                *(med_finding(f, m) for m in (*beta, *ace)),
                *(anaphylaxis_finding(f, r) for r in anaphylaxis),
            ),
            sources=("S141", "S33"),
            params={
                "beta": bool(beta),
                "ace": bool(ace),
                "why": "mast cell disorder" if disorder else "prior anaphylaxis",
                "adult": None if age is None else age >= ADULT_AGE_YEARS,
            },
            lists_options=True,  # "an alternative antihypertensive" (EI8)
        ),
    )


@decides(
    "interaction.zafirlukast.aspirin",
    sources=("S129",),
    reads=((_ZAFIRLUKAST_ON,), (_ASPIRIN_ON,)),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers("zafirlukast"),
)
def zafirlukast_aspirin(f: Facts, context: Context) -> Sequence[Decision]:
    """Aspirin with zafirlukast: aspirin raises zafirlukast levels.

    Fires for each pair of aspirin and zafirlukast that are active, held or planned (MX15,
    AS6). Information only.
    """
    return _pairs(f, _ZAFIRLUKAST_ON, _ASPIRIN_ON, "interaction.zafirlukast.aspirin", ("S129",))


@decides(
    "interaction.avapritinib.ethinylestradiol",
    sources=("S106",),
    reads=((_AVAPRITINIB_ON,), (_ETHINYLESTRADIOL_ON,)),
    indicators=(Indicator.INFO,),
    triggers=drug_triggers(AVAPRITINIB),
)
def avapritinib_ethinylestradiol(f: Facts, context: Context) -> Sequence[Decision]:
    """Avapritinib with ethinylestradiol: exposure may rise.

    Fires for each pair of avapritinib and an ethinylestradiol product that are active, held or
    planned (DI12). Information only.
    """
    return _pairs(
        f,
        _AVAPRITINIB_ON,
        _ETHINYLESTRADIOL_ON,
        "interaction.avapritinib.ethinylestradiol",
        ("S106",),
        lists_options=True,  # "prefer non-hormonal or oestrogen-free contraception"
    )


def _pairs(
    f: Facts,
    first: NamedRead,
    second: NamedRead,
    code: str,
    sources: tuple[str, ...],
    *,
    lists_options: bool = False,
) -> Sequence[Decision]:
    """An information card for each pair of a ``first`` and a ``second`` medication."""
    firsts = first.of(f)
    if not firsts:
        return upto(0)
    return tuple(
        Decision(
            code=code,
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=(med_finding(f, a), med_finding(f, b)),
            sources=sources,
            lists_options=lists_options,
        )
        for a in firsts
        for b in second.of(f)
    )


# -- midostaurin and QT-prolonging drugs (LW14; SR14, SR15, MX7) -----------------------------


@decides(
    "interaction.midostaurin.qt",
    sources=("S104", "S102", "S251", "S252", "S127"),
    reads=((_MIDOSTAURIN_ON,), (_QT_ON,)),
    indicators=(Indicator.WARNING,),
    triggers=drug_triggers(MIDOSTAURIN),
)
def midostaurin_qt(f: Facts, context: Context) -> Sequence[Decision]:
    """Midostaurin with another QT-prolonging drug: check the ECG (LW14).

    Fires for midostaurin active, held or planned with ondansetron (SR14), azithromycin
    (SR15) or hydroxyzine (MX7) active, held or planned: both prolong the QT interval; check
    the QTc at baseline and during co-treatment (the addendum's reading of LW14), the
    schedule a clinician decision (no ECG schedule could be verified).
    """
    kit = _MIDOSTAURIN_ON.of(f)
    if not kit:
        return upto(0)
    return tuple(
        Decision(
            code="interaction.midostaurin.qt",
            indicator=Indicator.WARNING,
            action=Action.MONITOR,
            drug=MIDOSTAURIN,
            findings=(
                *(med_finding(f, m) for m in kit),
                med_finding(f, other, note=f"prolongs QT ({fact.fact})"),
            ),
            sources=tuple(dict.fromkeys((*MIDOSTAURIN_QT.sources, *fact.sources))),
            params={"name": other.drug, "fact": fact},
        )
        for other in _QT_ON.of(f)
        # A combination product is seen through each QT-prolonging ingredient in it.
        for generic in ingredients_named(other.drug, QT_PROLONGING)
        for fact in (QT_PROLONGING[generic],)
    )
