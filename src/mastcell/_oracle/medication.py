"""The oracle's medication rules: :mod:`mastcell.rules.medication` as it was before conversion.

Kept unchanged (only the registration differs: into the oracle's table, under the rule names
of the old module) so that the differential harness can compare the converted rules with the
code they replace; deleted with :mod:`mastcell._oracle` when every area is converted.

Checks of what the patient already takes: label maxima, device strength, duplicates, names.

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
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import attrs

from mastcell.facts import Recorded
from mastcell.knowledge.antimediator import escalation_bound
from mastcell.knowledge.drugs import (
    CATALOGUE,
    ingredients_in,
    ingredients_named,
    ingredients_of,
    lookup,
)
from mastcell.knowledge.emergency import (
    ADULT_IM_RANGE_MG,
    BRAND_STRENGTH_MG,
    EPINEPHRINE_BANDS,
    SMALL_CHILD_DEVICE,
    EpinephrineSwitch,
    epinephrine_band,
)
from mastcell.knowledge.maxima import (
    ADULT_AGE_YEARS,
    AVAPRITINIB_MAXIMA,
    PER_KG_MAXIMA,
    DailyMaximum,
    SmIndication,
    avapritinib_indication,
    daily_maxima,
)
from mastcell.knowledge.moieties import MOIETY_PAIRS, SEDATING_ADDITIVE
from mastcell.knowledge.names import suggest
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Finding,
    Frequency,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
    Route,
)
from mastcell.rules.registry import Context, oracle_rule

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

rule = oracle_rule("mastcell.rules.medication")

_ACTIVE = MedicationStatus.ACTIVE
_INJECTABLE_ROUTES = (None, Route.IM, Route.SC)
_DAILY_SOURCES: tuple[str, ...] = ("S17", "S120", "S121", "S122", "S123", "S124", "S125")
_DAILY_SOURCES += ("S126", "S127", "S128", "S129", "S130", "S131", "S13", "S14")


@attrs.frozen(kw_only=True)
class _Entry:
    """One medication with its input path and generic name (None when unrecognised)."""

    path: str
    medication: Medication
    generic: str | None

    @property
    def daily(self) -> float | None:
        return self.medication.daily_mg

    def describe(self) -> str:
        m = self.medication
        dose = "" if m.dose is None else f" {m.dose.value:g} {m.dose.unit}"
        frequency = "" if m.frequency is None else f" {m.frequency.label}"
        return f"{m.drug}{dose}{frequency}"

    def finding(
        self,
        threshold: float | None = None,
        note: str | None = None,
        unit: str = "mg/d",
    ) -> Finding:
        value = self.daily
        return Finding(
            input=self.path,
            text=self.describe(),
            value=value,
            unit=unit if value is not None else None,
            threshold=threshold,
            comparison=None if threshold is None or value is None else ">",
            note=note,
        )


def _entries(patient: Patient, *statuses: MedicationStatus) -> list[_Entry]:
    """The medications with the given statuses (all when none), with their paths."""
    out = []
    for i, m in enumerate(patient.medications):
        if statuses and m.status not in statuses:
            continue
        drug = lookup(m.drug)
        generic = None if drug is None else drug.generic
        out.append(_Entry(path=f"medications[{i}]", medication=m, generic=generic))
    return out


def _by_generic(entries: list[_Entry]) -> dict[str, list[_Entry]]:
    groups: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.generic is not None:
            groups.setdefault(entry.generic, []).append(entry)
    return groups


def _total(entries: list[_Entry]) -> float:
    return round(sum(e.daily for e in entries if e.daily is not None), 6)


def _route(entries: list[_Entry]) -> Route | None:
    """The shared route of the entries; None when unknown or mixed."""
    routes = {e.medication.route for e in entries}
    return routes.pop() if len(routes) == 1 else None


def _clip(text: str) -> str:
    return text if len(text) <= 140 else text[:137] + "..."


def _age_text(age: float | None) -> str:
    return "age not recorded" if age is None else f"age {age:.4g} years"


# -- avapritinib: LW1 -----------------------------------------------------------------------------


@rule(
    "medication.avapritinib.above_max",
    sources=("S5", "S6", "S7", "S8", "S9"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING),
    triggers=(Recorded.MEDICATION,),
)
def avapritinib_above_max(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Avapritinib above its label maximum for the SM indication (LW1).

    Critical above 25 mg/day in ISM or 200 mg/day in advanced SM ("must not exceed"). When
    the diagnoses leave the indication unclear (subtype unknown, smoldering or bone marrow
    mastocytosis, or both an indolent and an advanced diagnosis), mastcell does not guess:
    above 200 mg/day is critical for either indication; between 25 and 200 mg/day it warns
    that the dose is above the ISM maximum and asks for the SM subtype.
    """
    entries = _by_generic(_entries(patient, _ACTIVE)).get("avapritinib", [])
    known = [e for e in entries if e.daily is not None]
    if not known:
        return
    total = _total(known)
    indication = avapritinib_indication(frozenset(patient.diagnoses))
    ism, advanced = AVAPRITINIB_MAXIMA[SmIndication.ISM], AVAPRITINIB_MAXIMA[SmIndication.ADVANCED]
    if indication is SmIndication.ADVANCED or indication is None:
        limit = advanced if total > advanced.max_mg else None
    else:
        limit = ism if total > ism.max_mg else None
    unclear = indication is None
    diagnoses = ", ".join(d.value for d in patient.diagnoses) or "none recorded"
    facts = (
        f"Label maximum = starting dose, must not be exceeded (LW1): {advanced.max_mg:g} mg once "
        f"daily in advanced SM (S5, S6, S8), {ism.max_mg:g} mg once daily in ISM (S7, S9)."
    )
    if limit is not None:
        which = (
            f"above the {limit.max_mg:g} mg/day maximum for {limit.population}"
            if not unclear
            else f"above the maximum for either SM indication ({advanced.max_mg:g} mg/day)"
        )
        yield Recommendation(
            code="medication.avapritinib.above_max",
            indicator=Indicator.CRITICAL,
            summary=_clip(f"Avapritinib {total:g} mg/day is {which}: reduce"),
            detail=(
                f"Avapritinib on the list adds up to {total:g} mg/day; diagnoses: {diagnoses}. "
                f"{facts} Reduce to the labelled dose; the dose is not to be exceeded."
            ),
            evidence=evidence(*limit.sources, *ism.sources),
            findings=tuple(e.finding(limit.max_mg) for e in known),
        )
    elif unclear and total > ism.max_mg:
        yield Recommendation(
            code="medication.avapritinib.above_max",
            indicator=Indicator.WARNING,
            summary=_clip(
                f"Avapritinib {total:g} mg/day is above the ISM maximum ({ism.max_mg:g} mg): "
                "record the SM subtype"
            ),
            detail=(
                f"Avapritinib on the list adds up to {total:g} mg/day; diagnoses: {diagnoses}, "
                "which do not say whether the indication is ISM or advanced SM (mastcell does "
                f"not guess). {facts} In ISM this dose is above the maximum; in advanced SM it "
                "is within it. Record the SM subtype; clinician decision."
            ),
            evidence=evidence(*ism.sources, *advanced.sources),
            findings=(
                *(e.finding(ism.max_mg) for e in known),
                Finding(input="diagnoses", text=diagnoses, note="indication unclear"),
            ),
        )


# -- 24-hour maxima, mg/kg caps, checks not made ---------------------------------------------------


class _Unchecked:
    """Entries whose dose could not be checked, with the reasons (one info at the end)."""

    def __init__(self) -> None:
        self.items: dict[str, tuple[_Entry, list[str]]] = {}

    def add(self, entry: _Entry, reason: str) -> None:
        reasons = self.items.setdefault(entry.path, (entry, []))[1]
        if reason not in reasons:
            reasons.append(reason)


@attrs.frozen(kw_only=True)
class _Limit:
    """A row a group of entries is judged by, and its effective (accepted) maximum."""

    row: DailyMaximum
    effective: float


def _accepted(row: DailyMaximum, context: Context) -> float:
    higher = row.higher
    if higher is None:
        return row.max_mg
    chosen = context.options.medication.accept_higher_maximum
    return higher.max_mg if higher.by_indication or higher.fact in chosen else row.max_mg


def _higher_text(row: DailyMaximum, context: Context) -> str:
    higher = row.higher
    if higher is None:
        return ""
    if higher.by_indication:
        return (
            f" A higher label maximum applies to some indications: {higher.text} ({higher.fact})."
        )
    accepted = higher.fact in context.options.medication.accept_higher_maximum
    return f" {higher.fact} CONFLICT: {higher.text} ({', '.join(higher.sources)}); " + (
        f"accepted by option (accept_higher_maximum), up to {higher.max_mg:g} mg/day."
        if accepted
        else "the lower reading applies by default (options.medication.accept_higher_maximum)."
    )


def _row_text(row: DailyMaximum) -> str:
    text = (
        f"Label maximum {row.max_mg:g} mg per 24 h for {row.population}"
        + (f" ({row.route_text})" if row.route_text else "")
        + f" ({row.fact}; {', '.join(row.sources)})."
    )
    return text + (f" {row.note[0].upper()}{row.note[1:]}." if row.note else "")


def _limits(
    generic: str, age: float | None, route: Route | None, context: Context
) -> tuple[list[_Limit], bool]:
    """The rows for the age and route, and whether the adult rows stand in for a child's."""
    rows = daily_maxima(generic, age=ADULT_AGE_YEARS if age is None else age, route=route)
    fallback = False
    if not rows and age is not None and age < ADULT_AGE_YEARS:
        rows = daily_maxima(generic, age=ADULT_AGE_YEARS, route=route)
        fallback = True
    return [_Limit(row=r, effective=_accepted(r, context)) for r in rows], fallback


def _is_h1(generic: str) -> bool:
    drug = lookup(generic)
    return drug is not None and DrugClass.H1_SECOND_GENERATION in drug.classes


def _h1_multiple(generic: str, total: float) -> float | None:
    drug = lookup(generic)
    standard = None if drug is None or drug.standard_dose is None else drug.standard_dose.daily_mg
    return None if not standard else round(total / standard, 3)


@rule(
    "medication.dose.above_label",
    "medication.h1.above_label",
    "medication.dose.above_weight_cap",
    "medication.dose.unchecked",
    sources=(*_DAILY_SOURCES, "S12", "S134", "S5", "S7", "S29"),
    indicators=(Indicator.CRITICAL, Indicator.WARNING, Indicator.INFO),
    triggers=(Recorded.AGE, Recorded.MEDICATION),
)
def dose_limits(patient: Patient, context: Context) -> Iterator[Recommendation]:
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
    age = patient.age_at(context.at)
    unchecked = _Unchecked()
    for generic, entries in _by_generic(_entries(patient, _ACTIVE)).items():
        known = [e for e in entries if e.daily is not None]
        missing = [e for e in entries if e.daily is None]
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
            yield from _daily_check(context, generic, known, missing, age, unchecked)
        if cap is not None:
            yield from _weight_check(patient, generic, known, age, unchecked)
    if unchecked.items:
        items = list(unchecked.items.values())
        names = ", ".join(dict.fromkeys(e.medication.drug for e, _ in items))
        yield Recommendation(
            code="medication.dose.unchecked",
            indicator=Indicator.INFO,
            summary=_clip(f"Dose limits could not be checked for {names}"),
            detail=(
                "mastcell compares a dose with the label's 24-hour maximum or mg/kg cap only "
                "from a recorded dose, a regular frequency, the route where the label depends "
                "on it and, for caps, the weight; it does not assume them. Not checked: "
                + "; ".join(f"{e.path} {e.describe()}: {'; '.join(r)}" for e, r in items)
                + "."
            ),
            evidence=evidence(*_sources_of([e.generic for e, _ in items])),
            findings=tuple(e.finding(note="; ".join(r)) for e, r in items),
        )


def _sources_of(generics: list[str | None]) -> list[str]:
    out: list[str] = []
    for g in generics:
        if g is None:
            continue
        for row in daily_maxima(g):
            out += row.sources
        if g in PER_KG_MAXIMA:
            out += PER_KG_MAXIMA[g].sources
        if g == "avapritinib":
            out += ["S7", "S5"]
    return out


def _daily_check(
    context: Context,
    generic: str,
    known: list[_Entry],
    missing: list[_Entry],
    age: float | None,
    unchecked: _Unchecked,
) -> Iterator[Recommendation]:
    """The 24-hour check of one drug's entries with a daily amount."""
    total = _total(known)
    limits, fallback = _limits(generic, age, _route(known), context)
    if not limits:
        return
    top = max(limits, key=lambda lim: lim.effective)
    low = min(limits, key=lambda lim: lim.effective)
    if total > low.effective and total <= top.effective and low is not top:
        for e in known:
            unchecked.add(
                e,
                f"route not recorded: {total:g} mg/day is above the {low.row.route_text} "
                f"maximum ({low.effective:g}) and within the {top.row.route_text} maximum "
                f"({top.effective:g})",
            )
        return
    limit = top
    row = limit.row
    if total <= row.max_mg:
        return
    names = {e.medication.drug for e in known}
    name = names.pop() if len(names) == 1 else generic
    if age is None:
        who = " (age not recorded: the adult maximum is used)"
    elif fallback:
        who = f" (age {age:.3g} years: no paediatric 24-hour maximum loaded; adult maximum shown)"
    else:
        who = f" (age {age:.3g} years)"
    route_note = (
        f" The route is not recorded; the highest maximum that applies ({row.route_text}) is used."
        if len(limits) > 1
        else ""
    )
    plus = (
        f" {len(missing)} other {generic} entries without a regular daily dose are not counted."
        if missing
        else ""
    )
    base = f"{_row_text(row)}{_higher_text(row, context)}{route_note}{plus}"
    sources = (*row.sources, *(row.higher.sources if row.higher else ()))
    if total <= limit.effective:
        # between the label maximum and an accepted higher reading: shown, never silent
        yield Recommendation(
            code="medication.dose.above_label",
            indicator=Indicator.INFO,
            summary=_clip(
                f"{name} {total:g} mg/day: above the {row.max_mg:g} mg label maximum, within "
                f"the higher reading ({limit.effective:g} mg)"
            ),
            detail=(
                f"The {generic} entries add up to {total:g} mg/day{who}. {base} "
                "Check the indication; clinician decision."
            ),
            evidence=evidence(*sources),
            findings=tuple(e.finding(row.max_mg) for e in known),
        )
        return
    findings = tuple(e.finding(limit.effective) for e in known)
    if age is not None and age >= ADULT_AGE_YEARS and _is_h1(generic):
        multiple = _h1_multiple(generic, total)
        options = context.options.antimediator
        known_bound = escalation_bound(generic, options.fexofenadine_bound)
        bound = options.h1_max_multiple
        bound_text = "set for every H1 by options.antimediator.h1_max_multiple"
        if bound is None:
            bound, bound_text = known_bound.max_multiple, known_bound.text()
        if multiple is not None and multiple > bound:
            return  # antimediator.h1.above_max already warns above the escalation bound
        if row.escalation and multiple is not None:
            yield Recommendation(
                code="medication.h1.above_label",
                indicator=Indicator.INFO,
                summary=_clip(
                    f"{name} {total:g} mg/day is above the {row.max_mg:g} mg label maximum, "
                    f"within the H1 escalation range ({multiple:g}x)"
                ),
                detail=(
                    f"The {generic} entries add up to {total:g} mg/day, {multiple:g}x the "
                    f"standard dose. {_row_text(row)} Higher doses used in guidelines: "
                    f"{row.guideline}. mastcell escalates it in adults up to {bound:g}x "
                    f"({bound_text}) and antimediator.h1.above_max warns above that. An "
                    "off-label dose: document it."
                ),
                evidence=evidence(*row.sources, "S131", "S29", *known_bound.sources),
                findings=findings,
            )
            return
    critical = age is not None and age < ADULT_AGE_YEARS and row.paediatric and not fallback
    yield Recommendation(
        code="medication.dose.above_label",
        indicator=Indicator.CRITICAL if critical else Indicator.WARNING,
        summary=_clip(
            f"{name} {total:g} mg/day is above the label maximum of {limit.effective:g} mg/day"
            + (" for a child of this age" if critical else "")
            + ": review"
        ),
        detail=(
            f"The {generic} entries add up to {total:g} mg/day{who}. {base}"
            + (f" Higher doses used in guidelines: {row.guideline}." if row.guideline else "")
            + (
                " A child's dose above the label's 24-hour maximum: reduce."
                if critical
                else " Reduce, or document the reason; clinician decision."
            )
        ),
        evidence=evidence(*sources),
        findings=findings,
    )


def _weight_check(
    patient: Patient,
    generic: str,
    known: list[_Entry],
    age: float | None,
    unchecked: _Unchecked,
) -> Iterator[Recommendation]:
    """The mg/kg/day cap of one drug (MX8, MX17)."""
    cap = PER_KG_MAXIMA[generic]
    counted = [e for e in known if cap.routes is None or e.medication.route in (None, *cap.routes)]
    if not counted:
        return
    total = _total(counted)
    if patient.weight is None:
        drug = lookup(generic)
        standard = (
            None if drug is None or drug.standard_dose is None else drug.standard_dose.daily_mg
        )
        adult = age is not None and age >= ADULT_AGE_YEARS
        if not adult or (standard is not None and total > standard):
            for e in counted:
                unchecked.add(
                    e,
                    f"weight not recorded: the {cap.mg_per_kg:g} mg/kg/day cap ({cap.fact}) "
                    "could not be checked",
                )
        return
    kg = patient.weight.kg
    limit = cap.cap_mg(kg)
    if total <= limit:
        return
    names = {e.medication.drug for e in counted}
    name = names.pop() if len(names) == 1 else generic
    yield Recommendation(
        code="medication.dose.above_weight_cap",
        indicator=Indicator.WARNING,
        summary=_clip(
            f"{name} {total:g} mg/day is above {cap.mg_per_kg:g} mg/kg/day "
            f"({limit:g} mg for {kg:g} kg): review"
        ),
        detail=(
            f"The {generic} entries add up to {total:g} mg/day, {total / kg:.3g} mg/kg/day at "
            f"{kg:g} kg. Cap: {cap.mg_per_kg:g} mg/kg/day ({cap.fact}; {', '.join(cap.sources)})"
            + (f"; {cap.note}" if cap.note else "")
            + ". Reduce, or document the reason; clinician decision."
        ),
        evidence=evidence(*cap.sources),
        findings=(
            *(e.finding(limit) for e in counted),
            Finding(input="weight", value=kg, unit="kg"),
        ),
    )


# -- epinephrine device strength vs weight band: E1, E4-E6, PD20, PD21 -----------------------------


def _strength(entry: _Entry) -> tuple[float | None, str]:
    """The device strength in mg and where it comes from."""
    dose = entry.medication.dose
    if dose is not None and dose.mg is not None:
        return dose.mg, "dose recorded"
    by_brand = BRAND_STRENGTH_MG.get(entry.medication.drug)
    if by_brand is not None:
        return by_brand, "strength of the brand (PD20, S135)"
    return None, "strength not recorded"


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, abs_tol=1e-9)


@rule(
    "emergency.epinephrine.strength",
    sources=("S16", "S135", "S136", "S29"),
    indicators=(Indicator.WARNING, Indicator.INFO),
    proposes=tuple(
        DoseAdvice(
            drug="epinephrine",
            dose=DoseAmount(value=band.dose_mg, unit="mg"),
            route=Route.IM,
            frequency=Frequency.PRN,
            note="auto-injector strength for the weight band",
        )
        for band in EPINEPHRINE_BANDS
    ),
    triggers=(Recorded.AGE, Recorded.MEDICATION),
)
def epinephrine_strength(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Epinephrine auto-injector strength against the patient's weight band.

    For each active injectable epinephrine entry, the strength (recorded dose, or the fixed
    strength of an EpiPen / EpiPen Jr) is compared with the band of
    ``emergency.epinephrine.prescribe`` (E1; the 25 vs 30 kg switch, E5/PD21, is
    ``options.emergency.epinephrine_switch``). A strength the other reading of the switch, or
    the international 0.15 mg device for small children (PD21), supports is information; any
    other mismatch is a warning. Adults may carry 0.3-0.5 mg (E4). Below 7.5 kg, or with the
    strength or (in a child) the weight unknown, the check is information.
    """
    age = patient.age_at(context.at)
    adult = age is not None and age >= ADULT_AGE_YEARS
    switch = context.options.emergency.epinephrine_switch
    other = EpinephrineSwitch.AAP if switch is EpinephrineSwitch.LABEL else EpinephrineSwitch.LABEL
    for entry in _entries(patient, _ACTIVE):
        m = entry.medication
        drug = lookup(m.drug)
        if drug is None or DrugClass.EPINEPHRINE not in drug.classes:
            continue
        if m.route not in _INJECTABLE_ROUTES:
            continue
        strength, origin = _strength(entry)
        yield from _device(patient, entry, strength, origin, adult, age, switch, other)


def _device(
    patient: Patient,
    entry: _Entry,
    strength: float | None,
    origin: str,
    adult: bool,
    age: float | None,
    switch: EpinephrineSwitch,
    other: EpinephrineSwitch,
) -> Iterator[Recommendation]:
    device = Finding(
        input=entry.path, text=entry.medication.drug, value=strength, unit="mg", note=origin
    )
    code = "emergency.epinephrine.strength"
    if strength is None:
        yield Recommendation(
            code=code,
            indicator=Indicator.INFO,
            summary=_clip(f"Record the strength of {entry.medication.drug} ({entry.path})"),
            detail=(
                "The auto-injector's strength is not recorded, so it could not be checked "
                "against the weight band (E1: 0.3 mg from 30 kg, 0.15 mg for 15-30 kg, 0.1 mg "
                "for 7.5-15 kg; S16, S135)."
            ),
            evidence=evidence("S16", "S135"),
            findings=(device,),
        )
        return
    low, high = ADULT_IM_RANGE_MG
    if patient.weight is None:
        if not adult:
            yield Recommendation(
                code=code,
                indicator=Indicator.INFO,
                summary=_clip(f"Record the weight to check the {strength:g} mg auto-injector"),
                detail=(
                    f"{_age_text(age).capitalize()} and weight not recorded: the {strength:g} mg "
                    "device could not be checked against the weight bands (E1, S16)."
                ),
                evidence=evidence("S16", "S135"),
                findings=(device, Finding(input="weight", text="unknown")),
            )
        elif not low - 1e-9 <= strength <= high + 1e-9:
            yield Recommendation(
                code=code,
                indicator=Indicator.WARNING,
                summary=_clip(
                    f"{strength:g} mg auto-injector for an adult: the adult device is 0.3 mg; "
                    "record the weight"
                ),
                detail=(
                    f"The device holds {strength:g} mg; adults use the 0.3 mg device (E6; "
                    f"label from 30 kg, S16, S135) and IM doses of {low:g}-{high:g} mg (E4, "
                    "S29). The weight is not recorded: record it; clinician decision."
                ),
                medication=_advice(0.3),
                evidence=evidence("S16", "S135", "S29"),
                findings=(device, Finding(input="weight", text="unknown")),
            )
        return
    kg = patient.weight.kg
    weight = Finding(input="weight", value=kg, unit="kg")
    band = epinephrine_band(kg, switch)
    if band is None:
        yield Recommendation(
            code=code,
            indicator=Indicator.INFO,
            summary=_clip(f"{strength:g} mg auto-injector at {kg:g} kg: below the labelled bands"),
            detail=(
                "No auto-injector is labelled below 7.5 kg (E1, S16). AAP 2017 calls it a "
                "dilemma (0.15 mg is a high dose); CSACI advises the 0.15 mg device rather than "
                "none, the recommended dose being 0.01 mg/kg (PD21, S136). Clinician decision."
            ),
            evidence=evidence("S16", "S136"),
            findings=(device, weight),
        )
        return
    if _close(strength, band.dose_mg) or (
        adult and _close(band.dose_mg, low) and low - 1e-9 <= strength <= high + 1e-9
    ):
        return
    alternative = epinephrine_band(kg, other)
    conflict = alternative is not None and _close(strength, alternative.dose_mg)
    small = SMALL_CHILD_DEVICE
    small_child = small.min_kg <= kg < small.below_kg and _close(strength, small.dose_mg)
    switch_text = (
        f"the 0.3 mg device from {switch.kg:g} kg (options.emergency.epinephrine_switch="
        f"{switch.value}; the other reading is {other.kg:g} kg, E5/PD21)"
    )
    if conflict or small_child:
        why = (
            f"the {other.value} reading of the switch point ({other.kg:g} kg) supports it (E5, "
            "PD21: US labels 30 kg, S16/S135; AAP 25 kg, S136)"
            if conflict
            else small.text
        )
        yield Recommendation(
            code=code,
            indicator=Indicator.INFO,
            summary=_clip(
                f"{strength:g} mg auto-injector at {kg:g} kg: the band is {band.dose_mg:g} mg; "
                "sources differ"
            ),
            detail=(
                f"The weight band gives {band.dose_mg:g} mg for {kg:g} kg ({switch_text}); "
                f"{strength:g} mg is not that band, but {why}. Clinician decision."
            ),
            evidence=evidence("S16", "S135", "S136"),
            findings=(device, weight),
        )
        return
    direction = "below" if strength < band.dose_mg else "above"
    yield Recommendation(
        code=code,
        indicator=Indicator.WARNING,
        summary=_clip(
            f"{strength:g} mg auto-injector is {direction} the {band.dose_mg:g} mg band for "
            f"{kg:g} kg: prescribe {band.dose_mg:g} mg"
        ),
        detail=(
            f"The device on the list ({entry.path}) holds {strength:g} mg; for {kg:g} kg the "
            f"weight band gives {band.dose_mg:g} mg (E1; {', '.join(band.sources)}; "
            f"{switch_text}). Adults: 0.3-0.5 mg IM (E4, S29). Replace the device; train its use."
        ),
        medication=_advice(band.dose_mg),
        evidence=evidence(*band.sources, "S29"),
        findings=(device, weight),
    )


def _advice(dose_mg: float) -> DoseAdvice:
    return DoseAdvice(
        drug="epinephrine",
        dose=DoseAmount(value=dose_mg, unit="mg"),
        route=Route.IM,
        frequency=Frequency.PRN,
        note="auto-injector strength for the weight band",
    )


# -- duplicates, withdrawn drugs, unrecognised names ------------------------------------------------


@rule(
    "medication.duplicate",
    sources=("S29", "S30"),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.MEDICATION,),
)
def duplicate(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """The same drug listed more than once among the active medications.

    Two active entries of one generic (generic and brand, or the same name twice) are
    flagged with both paths: a double dose, or one prescription entered twice. A combination
    product counts for each of its ingredients: Tylenol with Percocet is acetaminophen twice
    (the total is then not computed: a product's dose is not its ingredient's). Epinephrine
    auto-injectors are exempt (carrying two is advised, E7).
    """
    groups: dict[str, list[_Entry]] = {}
    for entry in _entries(patient, _ACTIVE):
        for generic in ingredients_of(entry.medication.drug) or (entry.medication.drug,):
            drug = CATALOGUE.get(generic)
            if drug is not None and DrugClass.EPINEPHRINE in drug.classes:
                continue
            groups.setdefault(generic, []).append(entry)
    # The same entries sharing several ingredients (Percocet twice) make one card.
    shared: dict[tuple[str, ...], list[str]] = {}
    for generic, entries in groups.items():
        if len(entries) >= 2:
            shared.setdefault(tuple(e.path for e in entries), []).append(generic)
    for paths_key, generics in shared.items():
        entries = groups[generics[0]]
        single = len(generics) == 1 and all(
            len(ingredients_of(e.medication.drug)) <= 1 for e in entries
        )
        names = {e.medication.drug for e in entries}
        generic = generics[0] if single else " and ".join(generics)
        what = generic if single or len(names) > 1 else names.pop()
        paths = ", ".join(paths_key)
        listed = "; ".join(f"{e.path}: {e.describe()}" for e in entries)
        known = [e for e in entries if e.daily is not None]
        total = (
            f" Together {_total(known):g} mg/day." if single and len(known) == len(entries) else ""
        )
        drug = lookup(generics[0])
        verb = "is listed" if single or what != generic else "is in"
        yield Recommendation(
            code="medication.duplicate",
            indicator=Indicator.WARNING,
            summary=_clip(
                f"{what} {verb} {len(entries)} {'times' if verb == 'is listed' else 'active entries'}"
                f" ({paths}): check for a double dose"
            ),
            detail=(
                f"Active entries of the same drug ({generic}): {listed}.{total} Keep one entry "
                "per drug with its total dose, or confirm both are intended."
                + (
                    ""
                    if single
                    else " A combination product's dose is the product's, not each "
                    "ingredient's: add up each ingredient by hand."
                )
            ),
            evidence=evidence(*(drug.sources if drug is not None else ("S29",))),
            findings=tuple(
                e.finding(
                    note=f"same drug as {generic}"
                    if single or e.generic in generics
                    else f"contains {generic}"
                )
                for e in entries
            ),
        )


@rule(
    "medication.duplicate.moiety",
    sources=("S250",),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_SECOND_GENERATION, DrugClass.H1_FIRST_GENERATION),
)
def duplicate_moiety(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Two antihistamines with the same active moiety taken together (SR13).

    Fires for each pair the monographs state, both active: cetirizine with levocetirizine
    (its R-enantiomer), loratadine with desloratadine (its active metabolite), hydroxyzine
    with cetirizine (its metabolite): the same antihistamine twice, a warning.
    """
    names = sorted({d for pair in MOIETY_PAIRS for d in pair.drugs})
    taken = patient.medications_named(*names)
    if len(taken) < 2:
        return
    by_generic: dict[str, list[Medication]] = {}
    for m in taken:
        # A combination product counts for each antihistamine in it (Zyrtec-D: cetirizine).
        for generic in ingredients_named(m.drug, names):
            by_generic.setdefault(generic, []).append(m)
    for pair in MOIETY_PAIRS:
        first, second = by_generic.get(pair.first), by_generic.get(pair.second)
        if not first or not second:
            continue
        both = [*first, *second]
        listed = "; ".join(f"{patient.path_of(m)}: {_entry(patient, m).describe()}" for m in both)
        yield Recommendation(
            code="medication.duplicate.moiety",
            indicator=Indicator.WARNING,
            summary=_clip(
                f"{pair.first.capitalize()} and {pair.second} together: the same antihistamine "
                "twice (shared active moiety)"
            ),
            detail=(
                f"{pair.relation[0].upper()}{pair.relation[1:]} ({pair.fact}, "
                f"{', '.join(pair.sources)}): taking both gives the same antihistamine twice. "
                f"Active entries: {listed}. Keep one and, if more effect is needed, raise its dose "
                "within the escalation bounds (antimediator.h1.increase), or confirm both are "
                "intended: clinician decision."
            ),
            evidence=evidence(*pair.sources),
            findings=tuple(
                _entry(patient, m).finding(note=f"same active moiety ({pair.fact})") for m in both
            ),
        )


@rule(
    "medication.h1.sedating_stacked",
    sources=("S244", "S13", "S29", "S247"),
    indicators=(Indicator.WARNING,),
    triggers=(DrugClass.H1_FIRST_GENERATION,),
)
def sedating_stacked(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Two or more sedating (first-generation) antihistamines taken together (SR7).

    Fires when two different first-generation H1 antihistamines are active: their sedation
    adds up (SR7: additive effects with other CNS depressants); the mast-cell sources use one
    of them as needed (A18). A warning; from 65 years the Beers criteria add that each is to be
    avoided (SR10).
    """
    taken = patient.medications_of(DrugClass.H1_FIRST_GENERATION)
    # A combination product counts through its antihistamine (Tylenol PM: diphenhydramine).
    generics = {g for m in taken for g in ingredients_in(m.drug, DrugClass.H1_FIRST_GENERATION)}
    if len(generics) < 2:
        return
    names = ", ".join(sorted(generics))
    listed = "; ".join(f"{patient.path_of(m)}: {_entry(patient, m).describe()}" for m in taken)
    yield Recommendation(
        code="medication.h1.sedating_stacked",
        indicator=Indicator.WARNING,
        summary=_clip(
            f"Several sedating antihistamines taken together ({names}): sedation adds up"
        ),
        detail=(
            f"{SEDATING_ADDITIVE[0].upper()}{SEDATING_ADDITIVE[1:]}. Active entries: {listed}. "
            "Keep one, or replace the regular one by a second-generation H1 antihistamine: "
            "clinician decision. From 65 years each is potentially inappropriate (Beers 2023, "
            "SR10)."
        ),
        evidence=evidence("S244", "S13", "S29", "S247"),
        findings=tuple(
            _entry(patient, m).finding(note="sedating H1 antihistamine (SR7)") for m in taken
        ),
    )


def _entry(patient: Patient, medication: Medication) -> _Entry:
    drug = lookup(medication.drug)
    return _Entry(
        path=patient.path_of(medication),
        medication=medication,
        generic=None if drug is None else drug.generic,
    )


@rule(
    "medication.withdrawn",
    sources=("S130",),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.MEDICATION,),
)
def withdrawn(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A withdrawn drug on the active or planned list (ranitidine, MX13).

    The catalogue marks drugs withdrawn from the market; the recommendation says what
    replaced them (Zantac 360 now contains famotidine).
    """
    for entry in _entries(patient, _ACTIVE, MedicationStatus.PLANNED):
        drug = lookup(entry.medication.drug)
        if drug is None or not drug.withdrawn:
            continue
        named = entry.medication.drug
        brand = named != drug.generic
        yield Recommendation(
            code="medication.withdrawn",
            indicator=Indicator.WARNING,
            summary=_clip(
                f"{named} ({entry.path})"
                + (f" is {drug.generic}," if brand else " is")
                + " a withdrawn drug: confirm the product"
            ),
            detail=(
                (f"{named} is {drug.generic}: " if brand else f"{named}: ")
                + f"{drug.note}."
                + (
                    f" The name {named!r} may stand for the current product, which is not "
                    f"{drug.generic}: confirm what the patient takes."
                    if brand
                    else ""
                )
                + " Replace it, or record the drug actually taken."
            ),
            evidence=evidence(*drug.sources),
            findings=(entry.finding(note=f"{entry.medication.status.value}; withdrawn"),),
        )


@rule(
    "medication.name.unrecognised",
    sources=("S29", "S30"),
    indicators=(Indicator.INFO,),
    triggers=(Recorded.MEDICATION,),
)
def name_unrecognised(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A medication name mastcell does not recognise but that is close to a catalogue name.

    Gives the did-you-mean name (:func:`mastcell.knowledge.names.suggest`). The medication
    stays unclassified: mastcell never reasons from a guessed name.
    """
    for entry in _entries(patient):
        if entry.generic is not None:
            continue
        suggestion = suggest(entry.medication.drug)
        if suggestion is None:
            continue
        drug = lookup(suggestion)
        generic = "" if drug is None or drug.generic == suggestion.lower() else f" ({drug.generic})"
        yield Recommendation(
            code="medication.name.unrecognised",
            indicator=Indicator.INFO,
            summary=_clip(
                f"{entry.medication.drug!r} ({entry.path}) is not recognised: did you mean "
                f"{suggestion}{generic}?"
            ),
            detail=(
                f"The name {entry.medication.drug!r} is not in the drug catalogue; the closest "
                f"catalogue name is {suggestion}{generic}. mastcell does not classify a drug by "
                "a guess: the entry stays unclassified and no rule checks it. Correct the name "
                "to have it checked."
            ),
            evidence=evidence(*(drug.sources if drug is not None else ("S29",))),
            findings=(entry.finding(note=f"did you mean {suggestion}?"),),
        )
