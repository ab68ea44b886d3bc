"""Checks of what the patient already takes: label maxima, device strength, duplicates, names.

The daily amount is the medication's ``daily_mg`` (dose x administrations per day), summed
over the active entries of one generic. An irregular or unknown frequency, or a dose in units
of activity, gives no daily amount: the check is reported as not made, never assumed.

How these checks meet the anti-mediator rules: mastcell escalates second-generation H1
antihistamines in adults up to each drug's escalation bound
(:func:`mastcell.knowledge.antimediator.escalation_bound`, or
``options.antimediator.h1_max_multiple`` when a clinician sets one for all), and
``antimediator.h1.above_max`` warns above that bound. So an adult H1 dose above the label
maximum but within the bound is reported here as information (``medication.h1.above_label``,
with the label maximum and the guideline range), and a dose above the bound is left to
``antimediator.h1.above_max`` (not repeated). Fexofenadine is the exception the addendum
makes (MX5): above 180 mg/day it is always a warning here, whatever the bound.

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.medication_facts`; the dose checks in
:mod:`mastcell.rules.medication_doses`, the device check in
:mod:`mastcell.rules.medication_devices`), text in :mod:`mastcell.text.medication`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Decision
from mastcell.facts import Facts, Recorded
from mastcell.knowledge.emergency import EPINEPHRINE_BANDS
from mastcell.model import DrugClass, Indicator
from mastcell.reads import AGE, DIAGNOSES, WEIGHT
from mastcell.rules.declare import decides
from mastcell.rules.medication_devices import advice, epinephrine_decisions
from mastcell.rules.medication_facts import (
    ALL_MEDICATIONS,
    MOIETY_DRUGS,
    SEDATING,
)
from mastcell.rules.medication_limits import avapritinib_decisions, dose_decisions
from mastcell.rules.medication_lists import (
    duplicate_decisions,
    moiety_decisions,
    name_decisions,
    sedating_decisions,
    withdrawn_decisions,
)
from mastcell.rules.medication_sources import (
    AVAPRITINIB_SOURCES,
    DOSE_SOURCES,
    DRUG_SOURCES,
    EPINEPHRINE_SOURCES,
    MOIETY_SOURCES,
    WITHDRAWN_SOURCES,
)
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []


@decides(
    "medication.avapritinib.above_max",
    sources=AVAPRITINIB_SOURCES,
    reads=(ALL_MEDICATIONS, DIAGNOSES),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(Recorded.MEDICATION,),
)
def avapritinib_above_max(f: Facts, context: Context) -> Sequence[Decision]:
    """Avapritinib above its label maximum for the SM indication (LW1).

    Critical above 25 mg/day in ISM or 200 mg/day in advanced SM ("must not exceed"). When
    the diagnoses leave the indication unclear (subtype unknown, smoldering or bone marrow
    mastocytosis, or both an indolent and an advanced diagnosis), mastcell does not guess:
    above 200 mg/day is critical for either indication; between 25 and 200 mg/day it warns
    that the dose is above the ISM maximum and asks for the SM subtype.
    """
    return avapritinib_decisions(f)


@decides(
    "medication.dose.above_label",
    "medication.h1.above_label",
    "medication.dose.above_weight_cap",
    "medication.dose.unchecked",
    sources=DOSE_SOURCES,
    reads=((AGE, ALL_MEDICATIONS), (WEIGHT,)),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.AGE, Recorded.MEDICATION),
)
def dose_limits(f: Facts, context: Context) -> Sequence[Decision]:
    """Doses already taken above the label's 24-hour maximum or mg/kg cap (MX1-MX17, PD).

    The active entries of one drug are added up. Above the label's 24-hour maximum: critical
    in a child when the paediatric band is one the addendum confirms (PD1, PD3, PD6, PD9,
    PD10); otherwise a warning (a child without a loaded band is checked against the adult
    maximum). An adult second-generation H1 above the label but within mastcell's escalation
    bound is information (``h1.above_label``); above the bound ``antimediator.h1.above_max``
    speaks and this rule stays silent. A dose between a label maximum and an accepted higher
    reading (another indication; a CONFLICT accepted by option) is information. Above an
    mg/kg/day cap (oral cromolyn 40, cyproheptadine 0.5): warning. A missing dose, an
    irregular frequency, an unknown route that matters or an unknown weight is reported as a
    check not made (``dose.unchecked``), never assumed.
    """
    return dose_decisions(f, context)


@decides(
    "emergency.epinephrine.strength",
    sources=EPINEPHRINE_SOURCES,
    reads=((AGE, ALL_MEDICATIONS), (WEIGHT,)),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=tuple(advice(band.dose_mg) for band in EPINEPHRINE_BANDS),
    triggers=(Recorded.AGE, Recorded.MEDICATION),
)
def epinephrine_strength(f: Facts, context: Context) -> Sequence[Decision]:
    """Epinephrine auto-injector strength against the patient's weight band.

    For each active injectable epinephrine entry, the strength (recorded dose, or the fixed
    strength of an EpiPen / EpiPen Jr) is compared with the band of
    ``emergency.epinephrine.prescribe`` (E1; the 25 vs 30 kg switch, E5/PD21, is
    ``options.emergency.epinephrine_switch``). A strength the other reading of the switch, or
    the international 0.15 mg device for small children (PD21), supports is information; any
    other mismatch is a warning. Adults may carry 0.3-0.5 mg (E4). Below 7.5 kg, or with the
    strength or (in a child) the weight unknown, the check is information.
    """
    return epinephrine_decisions(f, context)


@decides(
    "medication.duplicate",
    sources=DRUG_SOURCES,
    reads=(ALL_MEDICATIONS,),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.MEDICATION,),
)
def duplicate(f: Facts, context: Context) -> Sequence[Decision]:
    """The same drug listed more than once among the active medications.

    Two active entries of one generic (generic and brand, or the same name twice) are
    flagged with both paths: a double dose, or one prescription entered twice. A combination
    product counts for each of its ingredients: Tylenol with Percocet is acetaminophen twice
    (the total is then not computed: a product's dose is not its ingredient's). Epinephrine
    auto-injectors are exempt (carrying two is advised, E7).
    """
    return duplicate_decisions(f)


@decides(
    "medication.duplicate.moiety",
    sources=MOIETY_SOURCES,
    reads=(MOIETY_DRUGS,),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION),
)
def duplicate_moiety(f: Facts, context: Context) -> Sequence[Decision]:
    """Two antihistamines with the same active moiety taken together (SR13).

    Fires for each pair the monographs state, both active: cetirizine with levocetirizine
    (its R-enantiomer), loratadine with desloratadine (its active metabolite), hydroxyzine
    with cetirizine (its metabolite): the same antihistamine twice, a warning.
    """
    return moiety_decisions(f)


@decides(
    "medication.h1.sedating_stacked",
    sources=("S244", "S13", "S29", "S247"),
    reads=(SEDATING,),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_FIRST_GENERATION,),
)
def sedating_stacked(f: Facts, context: Context) -> Sequence[Decision]:
    """Two or more sedating (first-generation) antihistamines taken together (SR7).

    Fires when two different first-generation H1 antihistamines are active: their sedation
    adds up (SR7: additive effects with other CNS depressants); the mast-cell sources use one
    of them as needed (A18). A warning; from 65 years the Beers criteria add that each is to be
    avoided (SR10).
    """
    return sedating_decisions(f)


@decides(
    "medication.withdrawn",
    sources=WITHDRAWN_SOURCES,
    reads=(ALL_MEDICATIONS,),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.MEDICATION,),
)
def withdrawn(f: Facts, context: Context) -> Sequence[Decision]:
    """A withdrawn drug on the active or planned list (ranitidine, MX13).

    The catalogue marks drugs withdrawn from the market; the recommendation says what
    replaced them (Zantac 360 now contains famotidine).
    """
    return withdrawn_decisions(f)


@decides(
    "medication.name.unrecognised",
    sources=DRUG_SOURCES,
    reads=(ALL_MEDICATIONS,),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.MEDICATION,),
)
def name_unrecognised(f: Facts, context: Context) -> Sequence[Decision]:
    """A medication name mastcell does not recognise but that is close to a catalogue name.

    Gives the did-you-mean name (:func:`mastcell.knowledge.names.suggest`). The medication
    stays unclassified: mastcell never reasons from a guessed name.
    """
    return name_decisions(f)
