"""Anti-mediator therapy facts: escalation bounds, doses, mediator limits (sections 2.1, 2.6.3).

Every number a clinician could question is here once, typed, with its source ids and its
fact-sheet tag; the rules in ``mastcell.rules.antimediator`` read them. Standard doses of
the H1 antihistamines themselves live in the drug catalogue (:mod:`mastcell.knowledge.drugs`).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from datetime import timedelta

import attrs

from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.sources import cite, cited
from mastcell.model import Analyte, Comparison, DoseAdvice, DoseAmount, DoseRange, DrugClass
from mastcell.model.vocabulary import Frequency, Route

__all__ = [
    "ADULT_AGE_YEARS",
    "ANTIMEDIATOR_CLASSES",
    "ASPIRIN",
    "ASPIRIN_BLEEDING_FACTS",
    "ASPIRIN_INITIATION_RISK",
    "ASPIRIN_PLATELET_BASIS",
    "CORTICOSTEROID_SOURCES",
    "CROMOLYN",
    "CROMOLYN_DRUG",
    "FAMOTIDINE",
    "FAMOTIDINE_DRUG",
    "FEXOFENADINE_BOUNDS",
    "H1_CONFIRMED_MULTIPLE",
    "H1_ESCALATION",
    "H1_ESCALATION_SOURCES",
    "H1_SEED_BOUND",
    "H1_SEED_SOURCES",
    "H1_START_DRUG",
    "H1_START_ORDER",
    "H2_ORDER",
    "LEUKOTRIENE_ALTERNATIVES",
    "LEUKOTRIENE_ORDER",
    "MEDIATOR_LIMITS",
    "MONTELUKAST",
    "MONTELUKAST_DRUG",
    "OMALIZUMAB",
    "ZILEUTON",
    "CromolynFacts",
    "DoseFact",
    "EscalationBound",
    "FamotidineDosing",
    "FexofenadineBound",
    "MediatorLimit",
    "Tag",
    "ZileutonFacts",
    "escalation_bound",
    "mediator_limit",
]

#: The identity of cromolyn, by its generic name in the drug vocabulary.
CROMOLYN_DRUG = "cromolyn"
#: The identity of famotidine, by its generic name in the drug vocabulary.
FAMOTIDINE_DRUG = "famotidine"
#: The identity of montelukast, by its generic name in the drug vocabulary.
MONTELUKAST_DRUG = "montelukast"


class Tag(enum.StrEnum):
    """How well a fact is supported, as tagged in the fact sheet.

    >>> Tag.SEED_ONLY.value
    'SEED-ONLY'
    """

    CONFIRMED = "CONFIRMED"
    SEED_ONLY = "SEED-ONLY"
    CONFLICT = "CONFLICT"


@attrs.frozen(kw_only=True)
class DoseFact:
    """A dose mastcell may propose, for a population, with its sources and tag.

    ``min_age`` / ``below_age`` bound the population in years (None: unbounded).

    >>> str(MONTELUKAST.advice())
    'montelukast 10 mg oral once daily'
    """

    drug: str
    dose: DoseAmount | DoseRange
    frequency: Frequency | None
    route: Route = Route.ORAL
    population: str = "adults"
    min_age: float | None = ADULT_AGE_YEARS
    below_age: float | None = None
    timing: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = attrs.field(converter=cited)
    tag: Tag = Tag.CONFIRMED

    def covers(self, age: float | None) -> bool:
        """Whether an age (years) is in the population; an unknown age never is.

        >>> MONTELUKAST.covers(40), MONTELUKAST.covers(10), MONTELUKAST.covers(None)
        (True, False, False)
        """
        if age is None:
            return False
        return (self.min_age is None or age >= self.min_age) and (
            self.below_age is None or age < self.below_age
        )

    def advice(self, note: str | None = None) -> DoseAdvice:
        """The structured dose advice for this fact."""
        return DoseAdvice(
            drug=self.drug,
            dose=self.dose,
            frequency=self.frequency,
            route=self.route,
            timing=self.timing,
            note=note if note is not None else self.note,
        )


# -- H1 antihistamines (A1, A2, A18; addendum MX1-MX5, section 10 item 6) ------------------

#: Escalation of a second-generation H1 confirmed up to 2x the labelled daily dose: S29 lists
#: cetirizine and fexofenadine once *or twice* daily (A2). Each drug's upper bound is
#: :data:`H1_ESCALATION` (with ``AntimediatorOptions.h1_max_multiple`` as an override).
H1_CONFIRMED_MULTIPLE = 2.0

#: Sources of the confirmed part of H1 escalation (A2) and the standard doses (S17, S60-S64).
H1_ESCALATION_SOURCES = cite("S29", "S17", "S30")

#: The seeds' "2-4x the FDA-approved dose" (A2): seed-only where no other source backs it.
H1_SEED_SOURCES = cite("SEED-A", "SEED-B")

#: Second-generation H1 proposed when none is taken: cetirizine, standard dose in the drug
#: catalogue (10 mg daily, S17; S29 lists it for mast cell disorders); children and adults
#: from 65 years by the label's bands (PD1, PD2; mastcell.knowledge.paediatric).
H1_START_DRUG = "cetirizine"

#: The second-generation H1 antihistamines proposed in turn when none is taken: the first the
#: patient's reactions allow (:func:`mastcell.knowledge.allergy.allowed`). Cetirizine and
#: fexofenadine are the ones S29 lists for mast cell disorders (A2); levocetirizine,
#: loratadine and desloratadine are second-generation H1s of A1 (S30) with labelled age bands
#: (addendum 5.1; :data:`mastcell.knowledge.paediatric.BANDS`). A drug sharing an active
#: moiety with one the patient reacted to is kept out by its group (SR13).
H1_START_ORDER: tuple[str, ...] = (
    H1_START_DRUG,
    "fexofenadine",
    "levocetirizine",
    "loratadine",
    "desloratadine",
)

#: The H2 antihistamines proposed in turn (A3): famotidine (S29, S15), then nizatidine (S30;
#: no mast-cell dose in the sources: the dose is a clinician decision). Ranitidine is withdrawn
#: (MX13) and cimetidine is left out: a moderate CYP3A inhibitor (MX11, S110), it raises the
#: exposure of the KIT inhibitors.
H2_ORDER: tuple[str, ...] = ("famotidine", "nizatidine")


@attrs.frozen(kw_only=True)
class EscalationBound:
    """How far a second-generation H1 may be escalated, as a multiple of its standard dose.

    >>> H1_ESCALATION["loratadine"].max_multiple, H1_ESCALATION["loratadine"].tag
    (4.0, <Tag.CONFIRMED: 'CONFIRMED'>)
    """

    drug: str
    max_multiple: float
    tag: Tag
    basis: str
    facts: tuple[str, ...] = ()
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def text(self) -> str:
        """The bound with its basis, for a recommendation's detail."""
        return f"{self.drug} up to {self.max_multiple:.3g}x ({self.tag.value}: {self.basis})"


def _s131(drug: str, fact: str, reported: str) -> EscalationBound:
    return EscalationBound(
        drug=drug,
        max_multiple=4.0,
        tag=Tag.CONFIRMED,
        basis=f"up to 4x for chronic urticaria, S131 ({reported}); {fact}",
        facts=(fact,),
        sources=("S131",),
    )


#: Section 10 item 6: up to 4x the standard dose is confirmed outside the seeds for these four
#: (UpToDate table, chronic urticaria, S131; MX1-MX4). Fexofenadine is a CONFLICT
#: (:data:`FEXOFENADINE_BOUNDS`); bilastine and rupatadine have no addendum row and keep the
#: seeds' 4x (:data:`H1_SEED_BOUND`).
H1_ESCALATION: Mapping[str, EscalationBound] = {
    "cetirizine": _s131("cetirizine", "MX1", "up to 20 mg twice daily"),
    "levocetirizine": _s131("levocetirizine", "MX2", "up to 10 mg twice daily"),
    "loratadine": _s131("loratadine", "MX3", "up to 20 mg twice daily"),
    "desloratadine": _s131("desloratadine", "MX4", "up to 10 mg twice daily"),
}


class FexofenadineBound(enum.StrEnum):
    """Which fexofenadine escalation bound to use: the sources disagree (MX5, CONFLICT).

    >>> FEXOFENADINE_BOUNDS[FexofenadineBound.REVIEW].max_multiple
    2.0
    """

    #: The label maximum, 1x or 180 mg/day (S17, S125); UpToDate says higher doses are usually
    #: no better.
    LABEL = "label"
    #: 2x, 360 mg/day: S29 lists 60-180 mg once or twice daily (A2); within Canada's 480.
    REVIEW = "review"
    #: 480 mg/day (2.67x): the Canadian urticaria table's upper end (S131).
    CANADA = "canada"
    #: 4x, 720 mg/day: the seeds only (SEED-A, SEED-B); no non-seed support (MX5).
    SEED = "seed"


#: MX5 / section 10 item 6: fexofenadine escalation, every reading as data. Default (an
#: option, ``AntimediatorOptions.fexofenadine_bound``): REVIEW, 2x - the one escalation a
#: mast-cell source prints (S29), below Canada's 480 mg/day; the label's 1x would rule out
#: the twice-daily dose S29 lists, and the seeds' 720 mg/day has no non-seed support.
FEXOFENADINE_BOUNDS: Mapping[FexofenadineBound, EscalationBound] = {
    FexofenadineBound.LABEL: EscalationBound(
        drug="fexofenadine",
        max_multiple=1.0,
        tag=Tag.CONFLICT,
        basis="label maximum 180 mg/day (S17, S125); UpToDate: higher doses usually no better "
        "(S131); MX5",
        facts=("MX5",),
        sources=("S17", "S125", "S131"),
    ),
    FexofenadineBound.REVIEW: EscalationBound(
        drug="fexofenadine",
        max_multiple=2.0,
        tag=Tag.CONFLICT,
        basis="360 mg/day, S29 lists 60-180 mg once or twice daily; label 180 mg/day and "
        "UpToDate 'higher doses usually no better' (S17, S131); Canada up to 480 mg/day; "
        "seeds 720 mg/day unsupported; MX5",
        facts=("MX5", "A2"),
        sources=("S29", "S17", "S131"),
    ),
    FexofenadineBound.CANADA: EscalationBound(
        drug="fexofenadine",
        max_multiple=480.0 / 180.0,
        tag=Tag.CONFLICT,
        basis="480 mg/day, Canadian urticaria table (S131); label 180 mg/day (S17); MX5",
        facts=("MX5",),
        sources=("S131", "S17"),
    ),
    FexofenadineBound.SEED: EscalationBound(
        drug="fexofenadine",
        max_multiple=4.0,
        tag=Tag.SEED_ONLY,
        basis="720 mg/day, seeds only (SEED-A, SEED-B), no non-seed support; MX5",
        facts=("MX5", "A2"),
        sources=("SEED-A", "SEED-B"),
    ),
}

#: Bilastine, rupatadine and any other second-generation H1 without an addendum row keep the
#: previous bound: the seeds' 4x (A2, SEED-ONLY).
H1_SEED_BOUND = EscalationBound(
    drug="other second-generation H1",
    max_multiple=4.0,
    tag=Tag.SEED_ONLY,
    basis="the seeds' 2-4x (SEED-A, SEED-B attribute it to a 2019 AAAAI work group report "
    "not available here); no addendum source for this drug",
    facts=("A2",),
    sources=("SEED-A", "SEED-B"),
)


def escalation_bound(
    drug: str, fexofenadine: FexofenadineBound = FexofenadineBound.REVIEW
) -> EscalationBound:
    """The escalation bound of a second-generation H1 (generic name).

    >>> escalation_bound("cetirizine").max_multiple, escalation_bound("fexofenadine").max_multiple
    (4.0, 2.0)
    >>> escalation_bound("bilastine").tag
    <Tag.SEED_ONLY: 'SEED-ONLY'>
    """
    if drug == "fexofenadine":
        return FEXOFENADINE_BOUNDS[fexofenadine]
    found = H1_ESCALATION.get(drug)
    if found is not None:
        return found
    return attrs.evolve(H1_SEED_BOUND, drug=drug)


# -- H2 antihistamines (A3) -------------------------------------------------------------------


class FamotidineDosing(enum.StrEnum):
    """Which famotidine dose to propose: the sources disagree (A3, CONFLICT).

    >>> FAMOTIDINE[FamotidineDosing.REVIEW].dose
    DoseAmount(value=10.0, unit='mg')
    """

    #: 10 mg twice daily, the 2021 review table for mast cell disorders (S29).
    REVIEW = "review"
    #: 20-40 mg twice daily: SEED-B; 20 mg and 40 mg twice daily were the US label's trial doses (S15).
    LABEL_TRIALS = "label_trials"


#: Famotidine for mast cell disorders is not standardised (A3, CONFLICT): both readings, the
#: clinician chooses with ``AntimediatorOptions.famotidine_dosing``.
FAMOTIDINE: Mapping[FamotidineDosing, DoseFact] = {
    FamotidineDosing.REVIEW: DoseFact(
        drug="famotidine",
        dose=DoseAmount(value=10.0, unit="mg"),
        frequency=Frequency.BID,
        sources=("S29",),
        tag=Tag.CONFLICT,
        note="S29's dose; SEED-B and the label trials use 20-40 mg twice daily (CONFLICT)",
    ),
    FamotidineDosing.LABEL_TRIALS: DoseFact(
        drug="famotidine",
        dose=DoseRange(low=20.0, high=40.0, unit="mg"),
        frequency=Frequency.BID,
        sources=("SEED-B", "S15"),
        tag=Tag.CONFLICT,
        note="SEED-B / label trial doses; S29 lists 10 mg twice daily (CONFLICT)",
    ),
}

# -- cromolyn (A4-A9) -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CromolynFacts:
    """Oral cromolyn (Gastrocrom) dosing by age, onset and cautions [S12, S29].

    >>> CROMOLYN.dose_for(40).dose, CROMOLYN.dose_for(8).dose, CROMOLYN.dose_for(1)
    (DoseAmount(value=200.0, unit='mg'), DoseAmount(value=100.0, unit='mg'), None)
    """

    adult: DoseFact
    child: DoseFact
    max_mg_per_kg_day: float
    titrate_after: tuple[timedelta, timedelta]
    onset: tuple[timedelta, timedelta]
    under_two: str
    impairment: str
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def dose_for(self, age: float | None) -> DoseFact | None:
        """The labelled dose for an age; None under 2 years or when the age is unknown."""
        return next((d for d in (self.adult, self.child) if d.covers(age)), None)


CROMOLYN = CromolynFacts(
    # A4: 200 mg four times daily, 30 min before meals and at bedtime, adults and >= 13 y.
    adult=DoseFact(
        drug="cromolyn",
        dose=DoseAmount(value=200.0, unit="mg"),
        frequency=Frequency.QID,
        population="adults and adolescents 13 years and over",
        min_age=13.0,
        timing="30 min before meals and at bedtime",
        sources=("S12",),
    ),
    # A5: 100 mg four times daily, children 2-12 y.
    child=DoseFact(
        drug="cromolyn",
        dose=DoseAmount(value=100.0, unit="mg"),
        frequency=Frequency.QID,
        population="children 2-12 years",
        min_age=2.0,
        below_age=13.0,
        timing="30 min before meals and at bedtime",
        sources=("S12",),
    ),
    # A7: not above 40 mg/kg/day; raise the dose if not controlled in 2-3 weeks.
    max_mg_per_kg_day=40.0,
    titrate_after=(timedelta(weeks=2), timedelta(weeks=3)),
    # A8: response may take 2-6 weeks (SEED-B's 4-6 weeks is a narrower CONFLICT).
    onset=(timedelta(weeks=2), timedelta(weeks=6)),
    # A6: CONFLICT, label "not recommended" under 2 y vs 20 mg/kg/day in a monograph.
    under_two=(
        "under 2 years the label does not recommend it (reserve for severe disease), while a "
        "monograph gives 20 mg/kg/day in 4 doses from 6 months (CONFLICT, S12)"
    ),
    # A9: reduce the dose in renal or hepatic impairment (no numbers given).
    impairment="reduce the dose in renal or hepatic impairment (S12; no figures given)",
    sources=("S12", "S29"),
)

# -- leukotriene modifiers (A10-A12) ----------------------------------------------------------

#: A10: montelukast 10 mg once daily, adults [S29, S35].
MONTELUKAST = DoseFact(
    drug="montelukast",
    dose=DoseAmount(value=10.0, unit="mg"),
    frequency=Frequency.DAILY,
    sources=("S29", "S35"),
)


@attrs.frozen(kw_only=True)
class ZileutonFacts:
    """Zileuton dosing and liver monitoring (A11) [S14].

    >>> ZILEUTON.dose.min_age, ZILEUTON.alt_ast_limit_x_uln
    (12.0, 3.0)
    """

    dose: DoseFact
    alt_ast_limit_x_uln: float
    monitoring: str
    leukopenia: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


ZILEUTON = ZileutonFacts(
    dose=DoseFact(
        drug="zileuton",
        dose=DoseAmount(value=600.0, unit="mg"),
        frequency=Frequency.QID,
        population="12 years and over",
        min_age=12.0,
        note="immediate release; CR: 1200 mg twice daily within 1 h after meals",
        sources=("S14",),
    ),
    alt_ast_limit_x_uln=3.0,
    monitoring=(
        "check ALT/AST before starting, monthly for 3 months, every 2-3 months for the rest of "
        "the first year, then periodically; contraindicated with active liver disease or "
        "ALT/AST >= 3x ULN; not for children under 12 (S14)"
    ),
    leukopenia="leukopenia in 1-3 % (S14)",
    sources=("S14",),
)

#: The leukotriene modifiers named as alternatives to montelukast, in the order shown: zileuton
#: (A11, S14) and zafirlukast (A10, PD17, S129).
LEUKOTRIENE_ALTERNATIVES: tuple[str, ...] = (ZILEUTON.dose.drug, "zafirlukast")

#: The leukotriene modifiers proposed in turn: montelukast (A10), then the alternatives in
#: their order, each the first the patient's reactions allow.
LEUKOTRIENE_ORDER: tuple[str, ...] = (MONTELUKAST.drug, *LEUKOTRIENE_ALTERNATIVES)

# -- aspirin (A13, A14; addendum MX19, PD22, AS1-AS6) -----------------------------------------

#: A13 / MX19: in SM with high urinary 11beta-PGF2alpha, 81 mg twice daily up to 500 mg twice
#: daily normalised excretion; 2/20 reacted during outpatient up-dosing [S32, S142]. The
#: population studied is adults with SM: outside it (children, MCAS without SM) no dose.
ASPIRIN = DoseFact(
    drug="aspirin",
    dose=DoseRange(low=81.0, high=500.0, unit="mg"),
    frequency=Frequency.BID,
    population="adults with systemic mastocytosis",
    note="start at 81 mg twice daily and titrate under supervision (2 of 20 reacted, S32)",
    sources=("S32", "S142"),
)

#: AS1 / AS2: no verified platelet count below which aspirin should not be started in SM; the
#: 50 x10^9/L of ``AntimediatorOptions.aspirin_min_platelets`` is a library convention (the
#: CTCAE v5.0 grade-3 bound), stated as such wherever it is used.
ASPIRIN_PLATELET_BASIS = (
    "no verified platelet threshold for aspirin in SM exists (AS1, NOT VERIFIED; 'withhold "
    "below 50 x10^9/L' is seed-only, AS2): mastcell's floor is a library convention, the "
    "CTCAE v5.0 grade-3 bound (options.antimediator.aspirin_min_platelets)"
)

#: AS4 (S142): the evidence of risk when aspirin is started in SM.
ASPIRIN_INITIATION_RISK = (
    "starting aspirin in SM carries risk: 2/20 reacted (delayed reaction or flushing) during "
    "outpatient up-dosing, and one aspirin-sensitive patient needed ICU-level monitoring for "
    "4.5 days during desensitisation from 20 mg (AS4, S142)"
)

#: AS6: related bleeding and platelet facts, shown when a KIT inhibitor or cytoreductive drug
#: is on board [S9, S117, S129].
ASPIRIN_BLEEDING_FACTS = (
    "avapritinib is not recommended with platelets below 50 x10^9/L (S9); imatinib grade 3/4 "
    "haemorrhage 1.8-12.9% (CR9, S117); aspirin raises zafirlukast levels (MX15, S129) (AS6)"
)

# -- omalizumab (A16, A17) --------------------------------------------------------------------

#: A16: 150-300 mg SC every 2-4 weeks for symptoms not controlled by standard therapy [S29, S31].
OMALIZUMAB = DoseFact(
    drug="omalizumab",
    dose=DoseRange(low=150.0, high=300.0, unit="mg"),
    frequency=None,
    route=Route.SC,
    timing="every 2-4 weeks",
    note=(
        "most common in refractory MCAS 150 mg every 2 weeks; complete response more common "
        "at >= 300 mg/month (S31); evidence is retrospective / case series"
    ),
    sources=("S29", "S31"),
)

#: A20: systemic corticosteroids for prolonged or severe episodes, not routine maintenance;
#: no dose in the sources (qualitative only) [S30].
CORTICOSTEROID_SOURCES = cite("S30")

#: Drug classes whose start or change calls for a reassessment (A1, monitoring.reassess).
ANTIMEDIATOR_CLASSES = frozenset(
    {
        DrugClass.H1_SECOND_GENERATION,
        DrugClass.H1_FIRST_GENERATION,
        DrugClass.H2,
        DrugClass.MAST_CELL_STABILIZER,
        DrugClass.LEUKOTRIENE_RECEPTOR_ANTAGONIST,
        DrugClass.LIPOXYGENASE_INHIBITOR,
        DrugClass.ASPIRIN,
        DrugClass.ANTI_IGE,
    }
)

# -- urinary mediators (2.6.3) ----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class MediatorLimit:
    """A creatinine-normalised urinary mediator reference limit, for an age band (years).

    A value is elevated when ``value <comparison> upper``; the limit is in the analyte's
    canonical unit (pg/mg creatinine for LTE4 and PGF2alpha, ug/g creatinine for NMH).

    >>> mediator_limit(Analyte.URINE_LTE4, 40).upper
    104.0
    """

    analyte: Analyte
    upper: float
    comparison: Comparison
    reference: str
    min_age: float | None = None
    below_age: float | None = None
    interference: str = ""
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def covers(self, age: float | None) -> bool:
        """Whether an age is in the band, counted in completed years (16.9 is 16)."""
        if self.min_age is None and self.below_age is None:
            return True
        if age is None:
            return False
        years = math.floor(age)
        return (self.min_age is None or years >= self.min_age) and (
            self.below_age is None or years < self.below_age
        )


_NMH_INTERFERENCE = (
    "MAOIs and aminoguanidine raise NMH (stop 3 weeks if feasible); a random sample within a "
    "few hours of symptom onset, a 24 h collection for chronic symptoms"
)

#: Mayo Clinic Laboratories reference values (2.6.3) [S50, S51].
MEDIATOR_LIMITS = (
    MediatorLimit(
        analyte=Analyte.URINE_LTE4,
        upper=104.0,
        comparison=Comparison.GT,
        reference="<= 104 pg/mg creatinine",
        interference=(
            "zileuton lowers LTE4 (stop 48 h) and leukotriene receptor antagonists lower it; "
            "also raised in asthma, eosinophilic pneumonia, RSV, atopic dermatitis, Crohn "
            "disease and RA"
        ),
        sources=("S50",),
    ),
    MediatorLimit(
        analyte=Analyte.URINE_PGF2A,
        upper=1802.0,
        comparison=Comparison.GE,
        reference="< 1802 pg/mg creatinine",
        interference=(
            "aspirin lowers it (stop 2 weeks) and NSAIDs too (stop 72 h); not specific "
            "(angioedema, urticaria, myeloproliferative disease)"
        ),
        sources=("S50", "S51"),
    ),
    MediatorLimit(
        analyte=Analyte.URINE_NMH,
        upper=510.0,
        comparison=Comparison.GT,
        reference="120-510 ug/g creatinine (0-5 years)",
        min_age=0,
        below_age=6,
        interference=_NMH_INTERFERENCE,
        sources=("S50",),
    ),
    MediatorLimit(
        analyte=Analyte.URINE_NMH,
        upper=330.0,
        comparison=Comparison.GT,
        reference="70-330 ug/g creatinine (6-16 years)",
        min_age=6,
        below_age=17,
        interference=_NMH_INTERFERENCE,
        sources=("S50",),
    ),
    MediatorLimit(
        analyte=Analyte.URINE_NMH,
        upper=200.0,
        comparison=Comparison.GT,
        reference="30-200 ug/g creatinine (over 16 years)",
        min_age=17,
        interference=_NMH_INTERFERENCE,
        sources=("S50",),
    ),
)


def mediator_limit(analyte: Analyte, age: float | None) -> MediatorLimit | None:
    """The reference limit of a urinary mediator for an age; None when the age band is unknown.

    >>> mediator_limit(Analyte.URINE_NMH, 16.9).upper, mediator_limit(Analyte.URINE_NMH, 17).upper
    (330.0, 200.0)
    >>> mediator_limit(Analyte.URINE_NMH, None) is None, mediator_limit(Analyte.URINE_PGF2A, None).upper
    (True, 1802.0)
    """
    return next((m for m in MEDIATOR_LIMITS if m.analyte is analyte and m.covers(age)), None)
