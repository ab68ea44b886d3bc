"""The words of the medication checks (:mod:`mastcell.rules.medication`).

>>> from mastcell.text import template_of
>>> template_of("medication.dose.unchecked")(items=())[0]
'Dose limits could not be checked for '
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.knowledge.antimediator import EscalationBound
from mastcell.knowledge.drugs import Drug
from mastcell.knowledge.emergency import SMALL_CHILD_DEVICE, EpinephrineBand, EpinephrineSwitch
from mastcell.knowledge.maxima import DailyMaximum, PerKgMaximum
from mastcell.knowledge.moieties import SEDATING_ADDITIVE, MoietyPair
from mastcell.rules.medication_facts import Entry
from mastcell.text import Text, shorten, template

__all__ = ["clip", "higher_text", "row_text"]


def clip(text: str) -> str:
    """A summary cut at a word boundary to 140 characters (:func:`~mastcell.text.shorten`).

    >>> clip("short"), len(clip("x" * 200)), clip("x" * 200)[-1:]
    ('short', 140, '…')
    """
    return shorten(text)


def _cap(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}"


def _listed(entries: Sequence[Entry]) -> str:
    return "; ".join(f"{e.path}: {e.describe()}" for e in entries)


# -- avapritinib: LW1 -----------------------------------------------------------------------------


def _avapritinib_facts(ism: DailyMaximum, advanced: DailyMaximum) -> str:
    return (
        f"Label maximum = starting dose, must not be exceeded (LW1): {advanced.max_mg:g} mg once "
        f"daily in advanced SM (S5, S6, S8), {ism.max_mg:g} mg once daily in ISM (S7, S9)."
    )


@template("medication.avapritinib.above_max")
def avapritinib_above_max(
    *,
    total: float,
    diagnoses: str,
    ism: DailyMaximum,
    advanced: DailyMaximum,
    limit: DailyMaximum,
    unclear: bool,
) -> Text:
    """Above the maximum for the indication (or for either, when it is unclear): reduce."""
    which = (
        f"above the {limit.max_mg:g} mg/day maximum for {limit.population}"
        if not unclear
        else f"above the maximum for either SM indication ({advanced.max_mg:g} mg/day)"
    )
    return (
        clip(f"Avapritinib {total:g} mg/day is {which}: reduce"),
        f"Avapritinib on the list adds up to {total:g} mg/day; diagnoses: {diagnoses}. "
        f"{_avapritinib_facts(ism, advanced)} Reduce to the labelled dose; the dose is not to "
        "be exceeded.",
    )


@template("medication.avapritinib.above_max", "unclear")
def avapritinib_unclear(
    *, total: float, diagnoses: str, ism: DailyMaximum, advanced: DailyMaximum
) -> Text:
    """Above the ISM maximum, within the advanced-SM one, the indication unclear."""
    return (
        clip(
            f"Avapritinib {total:g} mg/day is above the ISM maximum ({ism.max_mg:g} mg): "
            "record the SM subtype"
        ),
        f"Avapritinib on the list adds up to {total:g} mg/day; diagnoses: {diagnoses}, "
        "which do not say whether the indication is ISM or advanced SM (mastcell does "
        f"not guess). {_avapritinib_facts(ism, advanced)} In ISM this dose is above the "
        "maximum; in advanced SM it is within it. Record the SM subtype; clinician decision.",
    )


# -- 24-hour maxima, mg/kg caps, checks not made ---------------------------------------------------


def higher_text(row: DailyMaximum, accepted: bool) -> str:
    """The higher reading of a row: another indication's maximum, or a CONFLICT and its option.

    >>> from mastcell.knowledge.maxima import daily_maxima
    >>> higher_text(daily_maxima("cetirizine", age=40)[0], False)
    ''
    """
    higher = row.higher
    if higher is None:
        return ""
    if higher.by_indication:
        return (
            f" A higher label maximum applies to some indications: {higher.text} ({higher.fact})."
        )
    return f" {higher.fact} CONFLICT: {higher.text} ({', '.join(higher.sources)}); " + (
        f"accepted by option (accept_higher_maximum), up to {higher.max_mg:g} mg/day."
        if accepted
        else "the lower reading applies by default (options.medication.accept_higher_maximum)."
    )


def row_text(row: DailyMaximum) -> str:
    """A 24-hour maximum as the detail states it.

    >>> from mastcell.knowledge.maxima import daily_maxima
    >>> row_text(daily_maxima("cetirizine", age=40)[0])[:32]
    'Label maximum 10 mg per 24 h for'
    """
    text = (
        f"Label maximum {row.max_mg:g} mg per 24 h for {row.population}"
        + (f" ({row.route_text})" if row.route_text else "")
        + f" ({row.fact}; {', '.join(row.sources)})."
    )
    return text + (f" {_cap(row.note)}." if row.note else "")


def _who(age: float | None, fallback: bool) -> str:
    if age is None:
        return " (age not recorded: the adult maximum is used)"
    if fallback:
        return f" (age {age:.3g} years: no paediatric 24-hour maximum loaded; adult maximum shown)"
    return f" (age {age:.3g} years)"


def _base(
    row: DailyMaximum, accepted: bool, several_routes: bool, missing: int, generic: str
) -> str:
    route_note = (
        f" The route is not recorded; the highest maximum that applies ({row.route_text}) is used."
        if several_routes
        else ""
    )
    plus = (
        f" {missing} other {generic} entries without a regular daily dose are not counted."
        if missing
        else ""
    )
    return f"{row_text(row)}{higher_text(row, accepted)}{route_note}{plus}"


@template("medication.dose.above_label", "higher")
def above_label_higher(
    *,
    name: str,
    generic: str,
    total: float,
    age: float | None,
    fallback: bool,
    row: DailyMaximum,
    accepted: bool,
    several_routes: bool,
    missing: int,
    effective: float,
) -> Text:
    """Between the label maximum and an accepted higher reading: shown, never silent."""
    return (
        clip(
            f"{name} {total:g} mg/day: above the {row.max_mg:g} mg label maximum, within "
            f"the higher reading ({effective:g} mg)"
        ),
        f"The {generic} entries add up to {total:g} mg/day{_who(age, fallback)}. "
        f"{_base(row, accepted, several_routes, missing, generic)} "
        "Check the indication; clinician decision.",
    )


@template("medication.dose.above_label")
def above_label(
    *,
    name: str,
    generic: str,
    total: float,
    age: float | None,
    fallback: bool,
    row: DailyMaximum,
    accepted: bool,
    several_routes: bool,
    missing: int,
    effective: float,
    critical: bool,
) -> Text:
    """Above the label's 24-hour maximum: review (a child's confirmed band: reduce)."""
    return (
        clip(
            f"{name} {total:g} mg/day is above the label maximum of {effective:g} mg/day"
            + (" for a child of this age" if critical else "")
            + ": review"
        ),
        f"The {generic} entries add up to {total:g} mg/day{_who(age, fallback)}. "
        f"{_base(row, accepted, several_routes, missing, generic)}"
        + (f" Higher doses used in guidelines: {row.guideline}." if row.guideline else "")
        + (
            " A child's dose above the label's 24-hour maximum: reduce."
            if critical
            else " Reduce, or document the reason; clinician decision."
        ),
    )


@template("medication.h1.above_label")
def h1_above_label(
    *,
    name: str,
    generic: str,
    total: float,
    multiple: float,
    row: DailyMaximum,
    bound: float,
    by_option: bool,
    known_bound: EscalationBound,
) -> Text:
    """An adult H1 above the label, within mastcell's escalation bound: off-label, documented."""
    bound_text = (
        "set for every H1 by options.antimediator.h1_max_multiple"
        if by_option
        else known_bound.text()
    )
    return (
        clip(
            f"{name} {total:g} mg/day is above the {row.max_mg:g} mg label maximum, "
            f"within the H1 escalation range ({multiple:g}x)"
        ),
        f"The {generic} entries add up to {total:g} mg/day, {multiple:g}x the "
        f"standard dose. {row_text(row)} Higher doses used in guidelines: "
        f"{row.guideline}. mastcell escalates it in adults up to {bound:g}x "
        f"({bound_text}) and antimediator.h1.above_max warns above that. An "
        "off-label dose: document it.",
    )


@template("medication.dose.above_weight_cap")
def above_weight_cap(
    *, name: str, generic: str, total: float, kg: float, limit: float, cap: PerKgMaximum
) -> Text:
    """Above an mg/kg/day cap: review."""
    return (
        clip(
            f"{name} {total:g} mg/day is above {cap.mg_per_kg:g} mg/kg/day "
            f"({limit:g} mg for {kg:g} kg): review"
        ),
        f"The {generic} entries add up to {total:g} mg/day, {total / kg:.3g} mg/kg/day at "
        f"{kg:g} kg. Cap: {cap.mg_per_kg:g} mg/kg/day ({cap.fact}; {', '.join(cap.sources)})"
        + (f"; {cap.note}" if cap.note else "")
        + ". Reduce, or document the reason; clinician decision.",
    )


@template("medication.dose.unchecked")
def unchecked(*, items: Sequence[tuple[Entry, Sequence[str]]]) -> Text:
    """The doses that could not be checked, with what was missing."""
    names = ", ".join(dict.fromkeys(e.medication.drug for e, _ in items))
    return (
        clip(f"Dose limits could not be checked for {names}"),
        "mastcell compares a dose with the label's 24-hour maximum or mg/kg cap only "
        "from a recorded dose, a regular frequency, the route where the label depends "
        "on it and, for caps, the weight; it does not assume them. Not checked: "
        + "; ".join(f"{e.path} {e.describe()}: {'; '.join(r)}" for e, r in items)
        + ".",
    )


# -- epinephrine device strength vs weight band: E1, E4-E6, PD20, PD21 -----------------------------


@template("emergency.epinephrine.strength", "strength_unknown")
def strength_unknown(*, drug: str, path: str) -> Text:
    """The device's strength is not recorded."""
    return (
        clip(f"Record the strength of {drug} ({path})"),
        "The auto-injector's strength is not recorded, so it could not be checked "
        "against the weight band (E1: 0.3 mg from 30 kg, 0.15 mg for 15-30 kg, 0.1 mg "
        "for 7.5-15 kg; S16, S135).",
    )


@template("emergency.epinephrine.strength", "weight_unknown")
def weight_unknown(*, strength: float, age: float | None) -> Text:
    """A child (or an age not recorded) without a weight: the band cannot be found."""
    age_text = "age not recorded" if age is None else f"age {age:.4g} years"
    return (
        clip(f"Record the weight to check the {strength:g} mg auto-injector"),
        f"{age_text.capitalize()} and weight not recorded: the {strength:g} mg "
        "device could not be checked against the weight bands (E1, S16).",
    )


@template("emergency.epinephrine.strength", "adult_weight_unknown")
def adult_weight_unknown(*, strength: float, low: float, high: float) -> Text:
    """An adult device outside the adult range, the weight not recorded."""
    return (
        clip(
            f"{strength:g} mg auto-injector for an adult: the adult device is 0.3 mg; "
            "record the weight"
        ),
        f"The device holds {strength:g} mg; adults use the 0.3 mg device (E6; "
        f"label from 30 kg, S16, S135) and IM doses of {low:g}-{high:g} mg (E4, "
        "S29). The weight is not recorded: record it; clinician decision.",
    )


@template("emergency.epinephrine.strength", "below_bands")
def below_bands(*, strength: float, kg: float) -> Text:
    """Below the lowest labelled band (7.5 kg)."""
    return (
        clip(f"{strength:g} mg auto-injector at {kg:g} kg: below the labelled bands"),
        "No auto-injector is labelled below 7.5 kg (E1, S16). AAP 2017 calls it a "
        "dilemma (0.15 mg is a high dose); CSACI advises the 0.15 mg device rather than "
        "none, the recommended dose being 0.01 mg/kg (PD21, S136). Clinician decision.",
    )


def _switch_text(switch: EpinephrineSwitch, other: EpinephrineSwitch) -> str:
    return (
        f"the 0.3 mg device from {switch.kg:g} kg (options.emergency.epinephrine_switch="
        f"{switch.value}; the other reading is {other.kg:g} kg, E5/PD21)"
    )


@template("emergency.epinephrine.strength", "sources_differ")
def sources_differ(
    *,
    strength: float,
    kg: float,
    band: EpinephrineBand,
    switch: EpinephrineSwitch,
    other: EpinephrineSwitch,
    conflict: bool,
) -> Text:
    """Not the band, but the other switch reading or the small-child device supports it."""
    why = (
        f"the {other.value} reading of the switch point ({other.kg:g} kg) supports it (E5, "
        "PD21: US labels 30 kg, S16/S135; AAP 25 kg, S136)"
        if conflict
        else SMALL_CHILD_DEVICE.text
    )
    return (
        clip(
            f"{strength:g} mg auto-injector at {kg:g} kg: the band is {band.dose_mg:g} mg; "
            "sources differ"
        ),
        f"The weight band gives {band.dose_mg:g} mg for {kg:g} kg "
        f"({_switch_text(switch, other)}); {strength:g} mg is not that band, but {why}. "
        "Clinician decision.",
    )


@template("emergency.epinephrine.strength")
def strength_mismatch(
    *,
    strength: float,
    kg: float,
    band: EpinephrineBand,
    switch: EpinephrineSwitch,
    other: EpinephrineSwitch,
    path: str,
) -> Text:
    """A device above or below the band: prescribe the band's."""
    direction = "below" if strength < band.dose_mg else "above"
    return (
        clip(
            f"{strength:g} mg auto-injector is {direction} the {band.dose_mg:g} mg band for "
            f"{kg:g} kg: prescribe {band.dose_mg:g} mg"
        ),
        f"The device on the list ({path}) holds {strength:g} mg; for {kg:g} kg the "
        f"weight band gives {band.dose_mg:g} mg (E1; {', '.join(band.sources)}; "
        f"{_switch_text(switch, other)}). Adults: 0.3-0.5 mg IM (E4, S29). Replace the "
        "device; train its use.",
    )


# -- duplicates, withdrawn drugs, unrecognised names ------------------------------------------------


@template("medication.duplicate")
def duplicate(*, entries: Sequence[Entry], generic: str, single: bool, total: float | None) -> Text:
    """Active entries of one drug (or one ingredient): check for a double dose."""
    names = {e.medication.drug for e in entries}
    what = generic if single or len(names) > 1 else names.pop()
    verb = "is listed" if single or what != generic else "is in"
    paths = ", ".join(e.path for e in entries)
    together = "" if total is None else f" Together {total:g} mg/day."
    return (
        clip(
            f"{what} {verb} {len(entries)} {'times' if verb == 'is listed' else 'active entries'}"
            f" ({paths}): check for a double dose"
        ),
        f"Active entries of the same drug ({generic}): {_listed(entries)}.{together} Keep one "
        "entry per drug with its total dose, or confirm both are intended."
        + (
            ""
            if single
            else " A combination product's dose is the product's, not each "
            "ingredient's: add up each ingredient by hand."
        ),
    )


@template("medication.duplicate.moiety")
def duplicate_moiety(*, pair: MoietyPair, entries: Sequence[Entry]) -> Text:
    """Two antihistamines sharing an active moiety."""
    return (
        clip(
            f"{pair.first.capitalize()} and {pair.second} together: the same antihistamine "
            "twice (shared active moiety)"
        ),
        f"{_cap(pair.relation)} ({pair.fact}, {', '.join(pair.sources)}): taking both gives "
        f"the same antihistamine twice. Active entries: {_listed(entries)}. Keep one and, if "
        "more effect is needed, raise its dose within the escalation bounds "
        "(antimediator.h1.increase), or confirm both are intended: clinician decision.",
    )


@template("medication.h1.sedating_stacked")
def sedating_stacked(*, names: Sequence[str], entries: Sequence[Entry]) -> Text:
    """Several sedating antihistamines: sedation adds up."""
    return (
        clip(
            f"Several sedating antihistamines taken together ({', '.join(names)}): sedation adds up"
        ),
        f"{_cap(SEDATING_ADDITIVE)}. Active entries: {_listed(entries)}. "
        "Keep one, or replace the regular one by a second-generation H1 antihistamine: "
        "clinician decision. From 65 years each is potentially inappropriate (Beers 2023, "
        "SR10).",
    )


@template("medication.withdrawn")
def withdrawn(*, entry: Entry, drug: Drug) -> Text:
    """A withdrawn drug on the list: confirm the product."""
    named = entry.medication.drug
    brand = named != drug.generic
    return (
        clip(
            f"{named} ({entry.path})"
            + (f" is {drug.generic}," if brand else " is")
            + " a withdrawn drug: confirm the product"
        ),
        (f"{named} is {drug.generic}: " if brand else f"{named}: ")
        + f"{drug.note}."
        + (
            f" The name {named!r} may stand for the current product, which is not "
            f"{drug.generic}: confirm what the patient takes."
            if brand
            else ""
        )
        + " Replace it, or record the drug actually taken.",
    )


@template("medication.name.unrecognised")
def name_unrecognised(*, entry: Entry, suggestion: str, generic: str | None) -> Text:
    """A name close to a catalogue name: did you mean it? (never assumed)."""
    named = entry.medication.drug
    also = "" if generic is None else f" ({generic})"
    return (
        clip(f"{named!r} ({entry.path}) is not recognised: did you mean {suggestion}{also}?"),
        f"The name {named!r} is not in the drug catalogue; the closest catalogue name is "
        f"{suggestion}{also}. mastcell does not classify a drug by a guess: the entry stays "
        "unclassified and no rule checks it. Correct the name to have it checked.",
    )
