"""Duplicates, shared moieties, stacked sedating antihistamines, withdrawn drugs, unknown names.

The bodies of the list checks of :mod:`mastcell.rules.medication`: decisions only; the words
are :mod:`mastcell.text.medication`'s.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision
from mastcell.facts import Facts
from mastcell.knowledge.drugs import CATALOGUE, lookup
from mastcell.knowledge.moieties import MOIETY_PAIRS
from mastcell.knowledge.names import suggest
from mastcell.model import DrugClass, Indicator, MedicationStatus
from mastcell.rules.medication_facts import (
    MOIETY_DRUGS,
    MOIETY_NAMES,
    SEDATING,
    Entry,
    entries,
    entry_of,
    total,
)

__all__ = [
    "duplicate_decisions",
    "moiety_decisions",
    "name_decisions",
    "sedating_decisions",
    "withdrawn_decisions",
]

_ACTIVE = MedicationStatus.ACTIVE


def duplicate_decisions(f: Facts) -> Sequence[Decision]:
    """Active entries of one drug, or of one ingredient of combination products.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("zyrtec"), med("cetirizine")])
    >>> [d.params["generic"] for d in duplicate_decisions(facts_of(p, AT))]
    ['cetirizine']
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


def moiety_decisions(f: Facts) -> Sequence[Decision]:
    """Each moiety pair (SR13) with both antihistamines active.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("Zyrtec-D"), med("xyzal")])
    >>> [d.params["pair"].second for d in moiety_decisions(facts_of(p, AT))]
    ['levocetirizine']
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


def sedating_decisions(f: Facts) -> Sequence[Decision]:
    """Two or more different first-generation H1 antihistamines active (SR7).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("benadryl"), med("Tylenol PM"), med("hydroxyzine")])
    >>> [d.params["names"] for d in sedating_decisions(facts_of(p, AT))]
    [('diphenhydramine', 'hydroxyzine')]
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


def withdrawn_decisions(f: Facts) -> Sequence[Decision]:
    """Each withdrawn drug active or planned (MX13).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("zantac", status="planned")])
    >>> [d.drug for d in withdrawn_decisions(facts_of(p, AT))]
    ['ranitidine']
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


def name_decisions(f: Facts) -> Sequence[Decision]:
    """Each unrecognised name close to a catalogue name (never classified by it).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("cetirizin")])
    >>> [d.params["suggestion"] for d in name_decisions(facts_of(p, AT))]
    ['cetirizine']
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
