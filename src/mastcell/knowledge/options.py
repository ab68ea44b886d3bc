"""Clinician-overridable settings: where sources disagree or a fact is seed-only.

The fact sheet's rule of thumb: anything tagged SEED-ONLY, CONFLICT or NOT VERIFIED is exposed
as configurable, never a hard rule. Each area keeps its settings in one frozen class here,
with the default mastcell ships and the source ids behind it; :class:`Options` gathers them
and is passed to :func:`~mastcell.evaluate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time, timedelta

import attrs

from mastcell.exceptions import InputError
from mastcell.knowledge.antimediator import FamotidineDosing, FexofenadineBound
from mastcell.knowledge.antiplatelet import BLEEDING
from mastcell.knowledge.ctcae import PLATELET_COUNT_DECREASED
from mastcell.knowledge.cytoreduction import HOLD_REVIEW_GRADE
from mastcell.knowledge.emergency import EpinephrineSwitch
from mastcell.knowledge.interactions import Cyp3aReading, LabelReading
from mastcell.knowledge.maxima import CONFLICT_IDS
from mastcell.knowledge.paediatric import Jurisdiction
from mastcell.knowledge.safety import SafetyLevel
from mastcell.knowledge.special_populations import METAMIZOLE
from mastcell.knowledge.tryptase import ACUTE_SAMPLE_WINDOW, SamplingWindow

__all__ = [
    "AntimediatorOptions",
    "CytopeniaOptions",
    "EmergencyOptions",
    "InteractionOptions",
    "MedicationOptions",
    "MonitoringOptions",
    "Options",
    "PerioperativeOptions",
]


@attrs.frozen(kw_only=True)
class AntimediatorOptions:
    """Settings of the anti-mediator rules.

    >>> AntimediatorOptions().h1_max_multiple is None, AntimediatorOptions().aspirin_min_platelets
    (True, 50.0)
    """

    #: Upper bound of H1 escalation, as a multiple of the standard daily dose, for every
    #: second-generation H1. None (default): each drug's bound from the knowledge base
    #: (mastcell.knowledge.antimediator.escalation_bound: 4x for cetirizine, levocetirizine,
    #: loratadine, desloratadine, S131; fexofenadine per ``fexofenadine_bound``; bilastine,
    #: rupatadine and others 4x SEED-ONLY). A number overrides them all.
    h1_max_multiple: float | None = None
    #: Fexofenadine's escalation bound (MX5, CONFLICT): ``label`` 1x (180 mg/day), ``review``
    #: 2x (360 mg/day, S29; default: the one escalation a mast-cell source prints, within
    #: Canada's 480 mg/day), ``canada`` 480 mg/day (S131), ``seed`` 4x (seed-only).
    fexofenadine_bound: FexofenadineBound = attrs.field(
        default=FexofenadineBound.REVIEW, converter=FexofenadineBound
    )
    #: Whose label to follow where paediatric doses differ (PD-C1 levocetirizine, PD7
    #: loratadine): ``us`` (default: mastcell's standard doses are US labels, S17, and the US
    #: levocetirizine dose at 6-11 years is the lower) or ``uk_eu``.
    dose_jurisdiction: Jurisdiction = attrs.field(default=Jurisdiction.US, converter=Jurisdiction)
    #: Platelets (10^9/L) below which aspirin is not proposed: a library convention, the CTCAE
    #: v5.0 grade-3 bound; no verified SM threshold exists (AS1 NOT VERIFIED, AS2 seed-only).
    #: None: no floor (the count is still shown and must be recent).
    aspirin_min_platelets: float | None = PLATELET_COUNT_DECREASED.grade_3_below
    #: Famotidine dose to propose (A3, CONFLICT): ``review`` 10 mg twice daily (S29) or
    #: ``label_trials`` 20-40 mg twice daily (SEED-B; US label trial doses, S15).
    famotidine_dosing: FamotidineDosing = attrs.field(
        default=FamotidineDosing.REVIEW, converter=FamotidineDosing
    )
    #: Elevated urinary LTE4 alone selects a leukotriene modifier: SEED-ONLY as a decision rule
    #: (A12; S50 only says > 104 pg/mg creatinine fits systemic mast cell disease).
    leukotriene_if_lte4_elevated: bool = True
    #: Elevated urinary 2,3-dinor-11beta-PGF2alpha selects aspirin: SEED-ONLY as a decision
    #: rule (2.6.3), though S32 normalised it with aspirin in SM.
    aspirin_if_pgf2a_elevated: bool = True


@attrs.frozen(kw_only=True)
class CytopeniaOptions:
    """Settings of the cytopenia rules.

    >>> CytopeniaOptions().count_max_age
    datetime.timedelta(days=14)
    """

    #: A blood count older than this is stale: no dose decision is made from it. Default
    #: mastcell.knowledge.cytopenia.COUNT_MAX_AGE (14 days: the avapritinib platelet-monitoring
    #: interval, S5/S6; no label states a staleness window, so it is a library convention).
    count_max_age: timedelta = timedelta(days=14)
    #: SEED-ONLY (SEED-A, fact sheet 2.2.4): also suggest a bone marrow evaluation for a
    #: leukopenia/neutropenia below the WHO C-finding level in known or suspected SM. At a
    #: C-finding level (S11, S27) the suggestion is made regardless.
    marrow_below_c_finding: bool = True
    #: Library convention (no source): avapritinib counts as "just started" for this long,
    #: so a pre-treatment platelet count below 50 still gives avapritinib.do_not_start.
    avapritinib_just_started: timedelta = timedelta(days=7)
    #: CTCAE v5.0 grade from which a count on cladribine, hydroxyurea or interferon alfa gives
    #: the critical "hold and review: clinician decision" (cytopenia.cytoreductive.hold_review).
    #: A library convention: no SM threshold exists for these drugs (CR1, CR5-CR7); default
    #: mastcell.knowledge.cytoreduction.HOLD_REVIEW_GRADE (3).
    hold_review_grade: int = attrs.field(
        default=HOLD_REVIEW_GRADE, validator=attrs.validators.in_((2, 3, 4))
    )


def _level(value: SafetyLevel | str | None) -> SafetyLevel | None:
    """A conflict reading from its code ("avoid", "caution"...); None keeps the default."""
    return None if value is None else SafetyLevel(value)


# The hash is cached: the agent vetting caches key on these options, asked several times per
# evaluation.
@attrs.frozen(kw_only=True, cache_hash=True)
class PerioperativeOptions:
    """Settings of the analgesia and perioperative rules.

    >>> PerioperativeOptions().horizon
    datetime.timedelta(days=90)
    """

    #: Procedures further ahead than this are not yet planned for. Not a clinical fact: how
    #: far ahead the report lists procedure plans (a pre-assessment window); the protocol
    #: itself starts 24 h before the procedure (O10, S35).
    horizon: timedelta = timedelta(days=90)
    #: Start time assumed for a procedure given as a date only, in the timezone of the
    #: evaluation moment; the premedication times are computed from it and say so.
    assumed_start: time = time(8, 0)
    #: The H1 slot of the premedication protocol: "diphenhydramine" or "hydroxyzine" (O10, S35).
    premedication_h1: str = attrs.field(
        default="diphenhydramine",
        validator=attrs.validators.in_(("diphenhydramine", "hydroxyzine")),
    )
    #: NRS score from which pain counts as severe (S81: 7 in Palos 2006 and Woo 2015; 8 in
    #: Boonstra 2016 for chronic musculoskeletal pain).
    severe_pain_score: int = 7
    #: SEED-ONLY switches (SEED-B): H1 + H2 before opioids (P9); screening for depression and
    #: anxiety in persistent pain (P10); cyproheptadine for pain (A15's pain claim); referral
    #: to a pain specialist for severe or refractory pain.
    premedicate_before_opioids: bool = True
    mood_screen: bool = True
    cyproheptadine_for_pain: bool = True
    pain_specialist_referral: bool = True
    #: CONFLICT readings (mastcell.knowledge.safety.CONFLICTS): None keeps the documented
    #: default (succinylcholine caution, rocuronium acceptable, NSAIDs caution, fluoroquinolones
    #: acceptable, morphine avoid, ester local anaesthetics acceptable); a SafetyLevel overrides.
    #: Whether metamizole (dipyrone) is available where mastcell is used (SR6: authorised in
    #: a number of EU countries, not marketed in the US). When False it is never named as an
    #: alternative. Default True, the reading of the clinic list that names it (S39).
    metamizole_available: bool = True
    succinylcholine: SafetyLevel | None = attrs.field(default=None, converter=_level)
    rocuronium: SafetyLevel | None = attrs.field(default=None, converter=_level)
    nsaids: SafetyLevel | None = attrs.field(default=None, converter=_level)
    fluoroquinolones: SafetyLevel | None = attrs.field(default=None, converter=_level)
    morphine: SafetyLevel | None = attrs.field(default=None, converter=_level)
    ester_local_anesthetics: SafetyLevel | None = attrs.field(default=None, converter=_level)


@attrs.frozen(kw_only=True)
class EmergencyOptions:
    """Settings of the emergency-preparedness rules.

    >>> EmergencyOptions().auto_injectors_to_carry
    2
    """

    #: Auto-injectors a patient with a mast cell disorder should carry (E7: SEED-A/B, S44).
    auto_injectors_to_carry: int = 2
    #: Weight from which the 0.3 mg device is proposed and expected (E5/PD21, CONFLICT):
    #: ``label`` 30 kg (US labels, S16, S135; default, the bands mastcell always used) or
    #: ``aap`` 25 kg (AAP 2017 and international guidelines, S136).
    epinephrine_switch: EpinephrineSwitch = attrs.field(
        default=EpinephrineSwitch.LABEL, converter=EpinephrineSwitch
    )


def _conflict_ids(values: Iterable[str]) -> frozenset[str]:
    """The CONFLICT ids of mastcell.knowledge.maxima; anything else is an input error."""
    if isinstance(values, str):
        values = (values,)
    ids = frozenset(values)
    unknown = sorted(ids - CONFLICT_IDS)
    if unknown:
        raise InputError.for_field(
            "accept_higher_maximum",
            f"expected any of {', '.join(sorted(CONFLICT_IDS))}; got {', '.join(unknown)}",
        )
    return ids


@attrs.frozen(kw_only=True)
class MedicationOptions:
    """Settings of the checks of what the patient already takes.

    >>> MedicationOptions().accept_higher_maximum, MedicationOptions().nsaid_platelets_below
    (frozenset(), 50.0)
    >>> sorted(MedicationOptions(accept_higher_maximum={"MX7"}).accept_higher_maximum)
    ['MX7']
    """

    #: CONFLICTs over a 24-hour maximum where a higher reading exists
    #: (mastcell.knowledge.maxima): by default the lower one is the maximum and doses above
    #: it are flagged; listing an id accepts the higher reading, and a dose between the two is
    #: still reported (info), never accepted silently. Ids: ``MX5`` fexofenadine (label
    #: 180 mg/day vs Canada 480, S131), ``MX7`` hydroxyzine (EU/UK 100 mg/day, the 2015 QT
    #: restriction, vs US 400, S127), ``MX15`` zafirlukast (US 40 mg/day vs Australia 80,
    #: S129), ``PD-C1`` levocetirizine in children (US 2.5 mg at 6-11 y and 1.25 mg at 2-5 y
    #: vs EU 5 and 2.5 mg, S120, S121).
    accept_higher_maximum: frozenset[str] = attrs.field(factory=frozenset, converter=_conflict_ids)
    #: Platelets (10^9/L) below which an NSAID or aspirin taken or planned gets a bleeding
    #: warning naming the count (medication.nsaid.low_platelets): a library convention, the
    #: CTCAE v5.0 grade-3 bound (SR3; no verified threshold exists, AS1, AS3). None: no
    #: warning.
    nsaid_platelets_below: float | None = BLEEDING.platelets_below
    #: ANC (10^9/L) below which metamizole is read as contraindicated for impaired bone marrow
    #: function (SR5; the label gives no number): default the CTCAE v5.0 grade-3 bound.
    metamizole_anc_below: float = METAMIZOLE.anc_below


@attrs.frozen(kw_only=True)
class MonitoringOptions:
    """Settings of the monitoring rules.

    >>> MonitoringOptions().recent_flare
    datetime.timedelta(days=7)
    """

    #: A flare this recent still calls for follow-up.
    recent_flare: timedelta = timedelta(days=7)
    #: Acute tryptase window after a flare's onset: reliable 15 min-4 h, ideal 30 min-2 h
    #: (S22, S24, S25; CONFIRMED). SEED-B's "30-120 min" is the narrower CONFLICT.
    acute_sample_window: SamplingWindow = ACUTE_SAMPLE_WINDOW
    #: Reassess a started or changed anti-mediator therapy 4-6 weeks after its start:
    #: SEED-ONLY (SEED-B); cromolyn's own timings (2-3 and 2-6 weeks, S12) are facts.
    reassess_from: timedelta = timedelta(weeks=4)
    reassess_until: timedelta = timedelta(weeks=6)
    #: Refractory symptoms as a referral trigger: SEED-ONLY (SEED-A, SEED-B "complex cases").
    refer_refractory: bool = True
    #: Refer every mast cell disorder (the seeds' wider use): SEED-ONLY, so off by default;
    #: the confirmed trigger is advanced SM (S46).
    refer_all_mast_cell_disorders: bool = False


@attrs.frozen(kw_only=True)
class InteractionOptions:
    """Settings of the drug-interaction rules.

    >>> InteractionOptions().midostaurin_strong_inducer
    <LabelReading.US: 'us'>
    """

    #: Midostaurin with a strong CYP3A inducer (DI5, CONFLICT): ``us`` "avoid" (S100, the US
    #: prescribing information, read first-hand; default) or ``eu`` "contraindicated" (S102,
    #: an EU-type text in a secondary copy). Critical either way; both sources are shown.
    midostaurin_strong_inducer: LabelReading = attrs.field(
        default=LabelReading.US, converter=LabelReading
    )
    #: Which CYP3A listing decides when the lists disagree on a drug's strength (DI-C1,
    #: CONFLICT): ``stricter`` (default, as the addendum's note on 2.3 asks) or
    #: ``current_list`` (S110's current list). Every listing is cited either way.
    cyp3a_reading: Cyp3aReading = attrs.field(default=Cyp3aReading.STRICTER, converter=Cyp3aReading)


@attrs.frozen(kw_only=True)
class Options:
    """Every area's settings; ``Options()`` is mastcell's documented default.

    >>> Options(emergency=EmergencyOptions(auto_injectors_to_carry=3)).emergency.auto_injectors_to_carry
    3
    """

    antimediator: AntimediatorOptions = attrs.field(factory=AntimediatorOptions)
    cytopenia: CytopeniaOptions = attrs.field(factory=CytopeniaOptions)
    perioperative: PerioperativeOptions = attrs.field(factory=PerioperativeOptions)
    emergency: EmergencyOptions = attrs.field(factory=EmergencyOptions)
    monitoring: MonitoringOptions = attrs.field(factory=MonitoringOptions)
    interaction: InteractionOptions = attrs.field(factory=InteractionOptions)
    medication: MedicationOptions = attrs.field(factory=MedicationOptions)
