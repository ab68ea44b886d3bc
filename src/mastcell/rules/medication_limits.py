"""The avapritinib maximum and the dose checks of every active drug (:mod:`mastcell.rules.medication`).

The bodies of ``avapritinib_above_max`` and ``dose_limits``: decisions only (the 24-hour and
mg/kg checks of one drug are :mod:`mastcell.rules.medication_doses`'); the words are
:mod:`mastcell.text.medication`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts
from mastcell.knowledge.cytopenia import AVAPRITINIB
from mastcell.knowledge.maxima import (
    AVAPRITINIB_MAXIMA,
    PER_KG_MAXIMA,
    SmIndication,
    avapritinib_indication,
    daily_maxima,
)
from mastcell.model import Finding, Indicator, MedicationStatus
from mastcell.reads import AGE, DIAGNOSES
from mastcell.rules.medication_doses import Unchecked, daily_check, weight_check
from mastcell.rules.medication_facts import by_generic, entries, total
from mastcell.rules.registry import Context

__all__ = ["avapritinib_decisions", "dose_decisions", "unchecked_decision"]

_ACTIVE = MedicationStatus.ACTIVE


def avapritinib_decisions(f: Facts) -> Sequence[Decision]:
    """The avapritinib maximum for the SM indication (LW1), or a warning when it is unclear.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(diagnoses=["ism"], medications=[med("avapritinib", 50, frequency="daily")])
    >>> [(d.indicator.value, d.params["limit"].max_mg) for d in avapritinib_decisions(facts_of(p, AT))]
    [('critical', 25.0)]
    """
    found = by_generic(entries(f, _ACTIVE)).get(AVAPRITINIB, [])
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
            drug=AVAPRITINIB,
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
            drug=AVAPRITINIB,
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


def dose_decisions(f: Facts, context: Context) -> Sequence[Decision]:
    """The 24-hour maxima and mg/kg caps of every active drug, then the checks not made.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(weight_kg=10, medications=[med("cromolyn", 200, frequency="qid", route="oral")])
    >>> [d.code for d in dose_decisions(facts_of(p, AT), Context(at=AT))]
    ['medication.dose.above_weight_cap']
    >>> dose_decisions(facts_of(patient(medications=[med("famotidine")]), AT), Context(at=AT)).stage
    0
    """
    age = AGE.of(f)
    unchecked = Unchecked()
    out: list[Decision] = []
    weighed = False
    for generic, found in by_generic(entries(f, _ACTIVE)).items():
        known = [e for e in found if e.daily is not None]
        missing = [e for e in found if e.daily is None]
        if generic == AVAPRITINIB:
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


def _sources_of(generics: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for g in generics:
        if g is None:
            continue
        for row in daily_maxima(g):
            out += row.sources
        if g in PER_KG_MAXIMA:
            out += PER_KG_MAXIMA[g].sources
        if g == AVAPRITINIB:
            out += ["S7", "S5"]
    return out


def unchecked_decision(unchecked: Unchecked) -> Decision:
    """The one information that lists the doses not checked, with the reasons.

    >>> from mastcell.model import Medication
    >>> from mastcell.rules.medication_facts import Entry
    >>> u = Unchecked()
    >>> u.add(Entry(path="medications[0]", medication=Medication(drug="cromolyn"),
    ...             generic="cromolyn"), "no dose")
    >>> unchecked_decision(u).findings[0].note
    'no dose'
    """
    items = tuple((e, tuple(r)) for e, r in unchecked.items.values())
    return Decision(
        code="medication.dose.unchecked",
        indicator=Indicator.INFO,
        action=Action.OBTAIN,
        findings=tuple(e.finding(note="; ".join(r)) for e, r in items),
        sources=tuple(dict.fromkeys(_sources_of([e.generic for e, _ in items]))),
        params={"items": items},
    )
