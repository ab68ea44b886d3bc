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

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded
from mastcell.knowledge.drugs import CATALOGUE, lookup
from mastcell.knowledge.emergency import EPINEPHRINE_BANDS, EpinephrineSwitch
from mastcell.knowledge.maxima import (
    ADULT_AGE_YEARS,
    AVAPRITINIB_MAXIMA,
    PER_KG_MAXIMA,
    SmIndication,
    avapritinib_indication,
    daily_maxima,
)
from mastcell.knowledge.moieties import MOIETY_PAIRS
from mastcell.knowledge.names import suggest
from mastcell.model import DrugClass, Finding, Indicator, MedicationStatus, Route
from mastcell.rules.declare import decides
from mastcell.rules.medication_devices import advice, device
from mastcell.rules.medication_doses import (
    Unchecked,
    daily_check,
    unchecked_decision,
    weight_check,
)
from mastcell.rules.medication_facts import (
    AGE,
    ALL_MEDICATIONS,
    AVAPRITINIB_SOURCES,
    DIAGNOSES,
    DOSE_SOURCES,
    DRUG_SOURCES,
    EPINEPHRINE_SOURCES,
    MOIETY_DRUGS,
    MOIETY_NAMES,
    MOIETY_SOURCES,
    SEDATING,
    WEIGHT,
    WITHDRAWN_SOURCES,
    Entry,
    by_generic,
    entries,
    entry_of,
    total,
)
from mastcell.rules.registry import Context

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_ACTIVE = MedicationStatus.ACTIVE
_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)


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
    found = by_generic(entries(f, _ACTIVE)).get("avapritinib", [])
    known = [e for e in found if e.daily is not None]
    if not known:
        return ()
    amount = total(known)
    indication = avapritinib_indication(f.diagnoses)
    ism, advanced = AVAPRITINIB_MAXIMA[SmIndication.ISM], AVAPRITINIB_MAXIMA[SmIndication.ADVANCED]
    if indication is SmIndication.ADVANCED or indication is None:
        limit = advanced if amount > advanced.max_mg else None
    else:
        limit = ism if amount > ism.max_mg else None
    unclear = indication is None
    diagnoses = ", ".join(d.value for d in DIAGNOSES.of(f)) or "none recorded"
    params = {"total": amount, "diagnoses": diagnoses, "ism": ism, "advanced": advanced}
    if limit is not None:
        decision = Decision(
            code="medication.avapritinib.above_max",
            indicator=Indicator.CRITICAL,
            action=Action.REDUCE,
            drug="avapritinib",
            findings=tuple(e.finding(limit.max_mg) for e in known),
            sources=tuple(dict.fromkeys((*limit.sources, *ism.sources))),
            params={**params, "limit": limit, "unclear": unclear},
        )
        return (decision,)
    if unclear and amount > ism.max_mg:
        decision = Decision(
            code="medication.avapritinib.above_max",
            indicator=Indicator.WARNING,
            action=Action.OBTAIN,
            drug="avapritinib",
            findings=(
                *(e.finding(ism.max_mg) for e in known),
                Finding(input="diagnoses", text=diagnoses, note="indication unclear"),
            ),
            sources=tuple(dict.fromkeys((*ism.sources, *advanced.sources))),
            variant="unclear",
            params=params,
        )
        return (decision,)
    return ()


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
    age = AGE.of(f)
    unchecked = Unchecked()
    out: list[Decision] = []
    weighed = False
    for generic, found in by_generic(entries(f, _ACTIVE)).items():
        known = [e for e in found if e.daily is not None]
        missing = [e for e in found if e.daily is None]
        if generic == "avapritinib":
            for e in missing:
                unchecked.add(
                    e, "no regular daily dose: the LW1 maximum (ISM 25, AdvSM 200 mg/day)"
                )
            continue
        has_rows = bool(daily_maxima(generic))
        cap = PER_KG_MAXIMA.get(generic)
        if not has_rows and cap is None:
            continue
        for e in missing:
            unchecked.add(e, "no regular daily dose (dose, mass unit or regular frequency missing)")
        if known and has_rows:
            out += daily_check(context, generic, known, missing, age, unchecked)
        if cap is not None:
            read, capped = weight_check(f, generic, known, age, unchecked)
            weighed = weighed or read
            out += capped
    if unchecked.items:
        out.append(unchecked_decision(unchecked))
    return tuple(out) if weighed else upto(0, *out)


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
    age = AGE.of(f)
    adult = age is not None and age >= ADULT_AGE_YEARS
    switch = context.options.emergency.epinephrine_switch
    other = EpinephrineSwitch.AAP if switch is EpinephrineSwitch.LABEL else EpinephrineSwitch.LABEL
    out: list[Decision] = []
    weighed = False
    for entry in entries(f, _ACTIVE):
        drug = None if entry.generic is None else CATALOGUE[entry.generic]
        if drug is None or DrugClass.EPINEPHRINE not in drug.classes:
            continue
        if entry.medication.route not in _INJECTABLE_ROUTES:
            continue
        read, decisions = device(f, entry, adult, age, switch, other)
        weighed = weighed or read
        out += decisions
    return tuple(out) if weighed else upto(0, *out)


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
    groups: dict[str, list[Entry]] = {}
    for entry in entries(f, _ACTIVE):
        for generic in entry.ingredients or (entry.medication.drug,):
            drug = CATALOGUE.get(generic)
            if drug is not None and DrugClass.EPINEPHRINE in drug.classes:
                continue
            groups.setdefault(generic, []).append(entry)
    # The same entries sharing several ingredients (Percocet twice) make one card.
    shared: dict[tuple[str, ...], list[str]] = {}
    for generic, found in groups.items():
        if len(found) >= 2:
            shared.setdefault(tuple(e.path for e in found), []).append(generic)
    out = []
    for generics in shared.values():
        found = groups[generics[0]]
        single = len(generics) == 1 and all(len(e.ingredients) <= 1 for e in found)
        generic = generics[0] if single else " and ".join(generics)
        known = [e for e in found if e.daily is not None]
        drug = CATALOGUE.get(generics[0])
        out.append(
            Decision(
                code="medication.duplicate",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=tuple(
                    e.finding(
                        note=f"same drug as {generic}"
                        if single or e.generic in generics
                        else f"contains {generic}"
                    )
                    for e in found
                ),
                sources=tuple(dict.fromkeys(drug.sources if drug is not None else ("S29",))),
                params={
                    "entries": tuple(found),
                    "generic": generic,
                    "single": single,
                    "total": total(known) if single and len(known) == len(found) else None,
                },
            )
        )
    return tuple(out)


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
    taken = MOIETY_DRUGS.of(f)
    if len(taken) < 2:
        return ()
    found: dict[str, list[Entry]] = {}
    for m in taken:
        # A combination product counts for each antihistamine in it (Zyrtec-D: cetirizine).
        for generic in f.ingredients_of(m):
            if generic in MOIETY_NAMES:
                found.setdefault(generic, []).append(entry_of(f, m))
    out = []
    for pair in MOIETY_PAIRS:
        first, second = found.get(pair.first), found.get(pair.second)
        if not first or not second:
            continue
        both = (*first, *second)
        out.append(
            Decision(
                code="medication.duplicate.moiety",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=tuple(e.finding(note=f"same active moiety ({pair.fact})") for e in both),
                sources=tuple(dict.fromkeys(pair.sources)),
                params={"pair": pair, "entries": both},
            )
        )
    return tuple(out)


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
    taken = SEDATING.of(f)
    # A combination product counts through its antihistamine (Tylenol PM: diphenhydramine).
    generics = {
        g
        for m in taken
        for g in f.ingredients_of(m)
        if DrugClass.H1_FIRST_GENERATION in CATALOGUE[g].classes
    }
    if len(generics) < 2:
        return ()
    found = tuple(entry_of(f, m) for m in taken)
    return (
        Decision(
            code="medication.h1.sedating_stacked",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            findings=tuple(e.finding(note="sedating H1 antihistamine (SR7)") for e in found),
            sources=("S244", "S13", "S29", "S247"),
            params={"names": tuple(sorted(generics)), "entries": found},
        ),
    )


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
    out = []
    for entry in entries(f, _ACTIVE, MedicationStatus.PLANNED):
        drug = None if entry.generic is None else CATALOGUE[entry.generic]
        if drug is None or not drug.withdrawn:
            continue
        out.append(
            Decision(
                code="medication.withdrawn",
                indicator=Indicator.WARNING,
                action=Action.OBTAIN,
                drug=drug.generic,
                findings=(entry.finding(note=f"{entry.medication.status.value}; withdrawn"),),
                sources=tuple(dict.fromkeys(drug.sources)),
                params={"entry": entry, "drug": drug},
            )
        )
    return tuple(out)


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
    out = []
    for entry in entries(f):
        if entry.generic is not None:
            continue
        suggestion = suggest(entry.medication.drug)
        if suggestion is None:
            continue
        drug = lookup(suggestion)
        generic = None if drug is None or drug.generic == suggestion.lower() else drug.generic
        out.append(
            Decision(
                code="medication.name.unrecognised",
                indicator=Indicator.INFO,
                action=Action.INFORM,
                findings=(entry.finding(note=f"did you mean {suggestion}?"),),
                sources=tuple(dict.fromkeys(drug.sources if drug is not None else ("S29",))),
                params={"entry": entry, "suggestion": suggestion, "generic": generic},
            )
        )
    return tuple(out)
