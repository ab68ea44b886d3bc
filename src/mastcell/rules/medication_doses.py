"""The 24-hour maximum and mg/kg cap checks of ``dose_limits`` (:mod:`mastcell.rules.medication`).

Decisions only; the words are :mod:`mastcell.text.medication`'s. A dose that cannot be
checked is collected (:class:`Unchecked`) and reported once, at the end, as a check not made.
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.antimediator import escalation_bound
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.maxima import (
    ADULT_AGE_YEARS,
    PER_KG_MAXIMA,
    DailyMaximum,
    daily_maxima,
)
from mastcell.model import DrugClass, Finding, Indicator, Route
from mastcell.reads import WEIGHT
from mastcell.rules.medication_facts import Entry, route_of, total
from mastcell.rules.registry import Context

__all__ = ["Limit", "Unchecked", "daily_check", "weight_check"]


class Unchecked:
    """Entries whose dose could not be checked, with the reasons (one info at the end).

    >>> from mastcell.model import Medication
    >>> u = Unchecked()
    >>> e = Entry(path="medications[0]", medication=Medication(drug="cromolyn"), generic="cromolyn")
    >>> u.add(e, "no dose"); u.add(e, "no dose")
    >>> u.items["medications[0]"][1]
    ['no dose']
    """

    def __init__(self) -> None:
        self.items: dict[str, tuple[Entry, list[str]]] = {}

    def add(self, entry: Entry, reason: str) -> None:
        """Note a reason for an entry (each reason once, in order)."""
        reasons = self.items.setdefault(entry.path, (entry, []))[1]
        if reason not in reasons:
            reasons.append(reason)


class Limit(NamedTuple):
    """A row a group of entries is judged by, and its effective (accepted) maximum.

    >>> row = daily_maxima("cetirizine", age=40)[0]
    >>> Limit(row=row, effective=row.max_mg).effective
    10.0
    """

    row: DailyMaximum
    effective: float


def _accepted(row: DailyMaximum, context: Context) -> float:
    higher = row.higher
    if higher is None:
        return row.max_mg
    chosen = context.options.medication.accept_higher_maximum
    return higher.max_mg if higher.by_indication or higher.fact in chosen else row.max_mg


def _limits(
    generic: str, age: float | None, route: Route | None, context: Context
) -> tuple[list[Limit], bool]:
    """The rows for the age and route, and whether the adult rows stand in for a child's."""
    rows = daily_maxima(generic, age=ADULT_AGE_YEARS if age is None else age, route=route)
    fallback = False
    if not rows and age is not None and age < ADULT_AGE_YEARS:
        rows = daily_maxima(generic, age=ADULT_AGE_YEARS, route=route)
        fallback = True
    return [Limit(row=r, effective=_accepted(r, context)) for r in rows], fallback


def _is_h1(generic: str) -> bool:
    drug = CATALOGUE.get(generic)
    return drug is not None and DrugClass.H1_SECOND_GENERATION in drug.classes


def _standard(generic: str) -> float | None:
    drug = CATALOGUE.get(generic)
    return None if drug is None or drug.standard_dose is None else drug.standard_dose.daily_mg


def _name(generic: str, known: list[Entry]) -> str:
    names = {e.medication.drug for e in known}
    return names.pop() if len(names) == 1 else generic


def daily_check(
    context: Context,
    generic: str,
    known: list[Entry],
    missing: list[Entry],
    age: float | None,
    unchecked: Unchecked,
) -> tuple[Decision, ...]:
    """The 24-hour check of one drug's entries with a daily amount.

    >>> from mastcell.model import Medication
    >>> from mastcell.testing import AT, med
    >>> e = Entry(path="medications[0]", medication=med("cetirizine", 20, frequency="daily"),
    ...           generic="cetirizine")
    >>> [d.code for d in daily_check(Context(at=AT), "cetirizine", [e], [], 40.0, Unchecked())]
    ['medication.h1.above_label']
    """
    amount = total(known)
    limits, fallback = _limits(generic, age, route_of(known), context)
    if not limits:
        return ()
    top = max(limits, key=lambda lim: lim.effective)
    low = min(limits, key=lambda lim: lim.effective)
    if amount > low.effective and amount <= top.effective and low is not top:
        for e in known:
            unchecked.add(
                e,
                f"route not recorded: {amount:g} mg/day is above the {low.row.route_text} "
                f"maximum ({low.effective:g}) and within the {top.row.route_text} maximum "
                f"({top.effective:g})",
            )
        return ()
    limit = top
    row = limit.row
    if amount <= row.max_mg:
        return ()
    accepted = row.higher is not None and (
        row.higher.fact in context.options.medication.accept_higher_maximum
    )
    params = {
        "name": _name(generic, known),
        "generic": generic,
        "total": amount,
        "age": age,
        "fallback": fallback,
        "row": row,
        "accepted": accepted,
        "several_routes": len(limits) > 1,
        "missing": len(missing),
        "effective": limit.effective,
    }
    sources = tuple(dict.fromkeys((*row.sources, *(row.higher.sources if row.higher else ()))))
    if amount <= limit.effective:
        # between the label maximum and an accepted higher reading: shown, never silent
        return (
            Decision(
                code="medication.dose.above_label",
                indicator=Indicator.INFO,
                action=Action.INFORM,
                drug=generic,
                findings=tuple(e.finding(row.max_mg) for e in known),
                sources=sources,
                variant="higher",
                params=params,
            ),
        )
    findings = tuple(e.finding(limit.effective) for e in known)
    if age is not None and age >= ADULT_AGE_YEARS and _is_h1(generic):
        standard = _standard(generic)
        multiple = None if not standard else round(amount / standard, 3)
        options = context.options.antimediator
        known_bound = escalation_bound(generic, options.fexofenadine_bound)
        bound = options.h1_max_multiple
        by_option = bound is not None
        if bound is None:
            bound = known_bound.max_multiple
        if multiple is not None and multiple > bound:
            return ()  # antimediator.h1.above_max already warns above the escalation bound
        if row.escalation and multiple is not None:
            return (
                Decision(
                    code="medication.h1.above_label",
                    indicator=Indicator.INFO,
                    action=Action.INFORM,
                    drug=generic,
                    findings=findings,
                    sources=tuple(
                        dict.fromkeys((*row.sources, "S131", "S29", *known_bound.sources))
                    ),
                    params={
                        "name": params["name"],
                        "generic": generic,
                        "total": amount,
                        "multiple": multiple,
                        "row": row,
                        "bound": bound,
                        "by_option": by_option,
                        "known_bound": known_bound,
                    },
                ),
            )
    critical = age is not None and age < ADULT_AGE_YEARS and row.paediatric and not fallback
    return (
        Decision(
            code="medication.dose.above_label",
            indicator=Indicator.CRITICAL if critical else Indicator.WARNING,
            action=Action.REDUCE,
            drug=generic,
            findings=findings,
            sources=sources,
            params={**params, "critical": critical},
        ),
    )


def weight_check(
    f: Facts,
    generic: str,
    known: list[Entry],
    age: float | None,
    unchecked: Unchecked,
) -> tuple[bool, tuple[Decision, ...]]:
    """The mg/kg/day cap of one drug (MX8, MX17): whether the weight was read, and decisions.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(weight_kg=10), AT)
    >>> e = Entry(path="medications[0]", medication=med("cyproheptadine", 4, frequency="tid"),
    ...           generic="cyproheptadine")
    >>> read, out = weight_check(f, "cyproheptadine", [e], 3.0, Unchecked())
    >>> read, [d.code for d in out]
    (True, ['medication.dose.above_weight_cap'])
    """
    cap = PER_KG_MAXIMA[generic]
    counted = [e for e in known if cap.routes is None or e.medication.route in (None, *cap.routes)]
    if not counted:
        return False, ()
    amount = total(counted)
    weight = WEIGHT.of(f)
    if weight is None:
        standard = _standard(generic)
        adult = age is not None and age >= ADULT_AGE_YEARS
        if not adult or (standard is not None and amount > standard):
            for e in counted:
                unchecked.add(
                    e,
                    f"weight not recorded: the {cap.mg_per_kg:g} mg/kg/day cap ({cap.fact}) "
                    "could not be checked",
                )
        return True, ()
    kg = weight.kg
    limit = cap.cap_mg(kg)
    if amount <= limit:
        return True, ()
    decision = Decision(
        code="medication.dose.above_weight_cap",
        indicator=Indicator.WARNING,
        action=Action.REDUCE,
        drug=generic,
        findings=(
            *(e.finding(limit) for e in counted),
            Finding(input="weight", value=kg, unit="kg"),
        ),
        sources=tuple(dict.fromkeys(cap.sources)),
        params={
            "name": _name(generic, counted),
            "generic": generic,
            "total": amount,
            "kg": kg,
            "limit": limit,
            "cap": cap,
        },
    )
    return True, (decision,)
