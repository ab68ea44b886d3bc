"""What the emergency rules read: auto-injectors on the list, drugs taken, reactions as read.

Reads of :mod:`mastcell.rules.emergency` on the facts view, and the parts of its decisions
that come from the knowledge tables (the classes of section 2.7 with their usual
alternatives, as this patient's reactions allow them).

>>> from mastcell.facts import facts_of
>>> from mastcell.testing import AT, med, patient
>>> f = facts_of(patient(medications=[med("EpiPen"), med("cetirizine", status="planned")]), AT)
>>> [m.drug for m in EPINEPHRINE_ON.of(f)], TAKEN.paths(f)
(['epipen'], ('medications[0]', 'medications[1]'))
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.allergy import NO_OPTION
from mastcell.knowledge.drugs import Match
from mastcell.knowledge.options import PerioperativeOptions
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.knowledge.safety import SAFETY, SafetyGroup, SafetyLevel
from mastcell.model import DrugClass, Finding, MedicationStatus, Reaction
from mastcell.reads import REACTIONS, MedicationsRead
from mastcell.rules.reaction_facts import bounded
from mastcell.vetting import alternatives

__all__ = [
    "EPINEPHRINE_ON",
    "TAKEN",
    "ClassAdvice",
    "ReactionsRead",
    "class_advice",
    "read_reactions",
]

#: Epinephrine on the list (active).
EPINEPHRINE_ON = MedicationsRead("epinephrine active", DrugClass.EPINEPHRINE)
#: Every drug taken or planned.
TAKEN = MedicationsRead(
    "medications active or planned", statuses=(MedicationStatus.ACTIVE, MedicationStatus.PLANNED)
)


class ClassAdvice(NamedTuple):
    """A class of section 2.7: the agents to avoid and the usual alternatives left to offer.

    ``listed`` says the class has alternatives at all (else none is named); ``shown`` are the
    first four the patient's reactions allow (empty: none is left).

    >>> class_advice(PerioperativeOptions(), ())[1].text()[:35]
    'neuromuscular blocker: avoid atracu'
    """

    label: str
    avoid: tuple[str, ...]
    listed: bool
    shown: tuple[str, ...]

    def text(self) -> str:
        """The class in a clause."""
        shown = ", ".join(self.shown) if self.shown else NO_OPTION
        return f"{self.label}: avoid {', '.join(self.avoid)}" + (
            f" (usual alternatives: {shown})" if self.listed else ""
        )


@functools.lru_cache(maxsize=256)
def class_advice(
    options: PerioperativeOptions, reactions: tuple[Reaction, ...]
) -> tuple[ClassAdvice, ...]:
    """2.7 by class: the agents to avoid and the alternatives the reactions allow.

    Never a drug the patient reacted to or one that may cross-react with it. Built once per
    set of options and recorded reactions (both hashable).
    """
    out = []
    for group in SafetyGroup:
        avoid = tuple(
            e.generic for e in SAFETY.values() if e.group is group and e.level is SafetyLevel.AVOID
        )
        if avoid:
            listed = alternatives(group, options)
            alts = alternatives(group, options, reactions)[:4] if reactions else listed[:4]
            out.append(ClassAdvice(label=group.label, avoid=avoid, listed=bool(listed), shown=alts))
    return tuple(out)


class ReactionsRead(NamedTuple):
    """The recorded reactions as the trigger advice names them, with a finding for each.

    ``reacted`` maps each drug (by its ingredients) to the first reaction to it.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> read = read_reactions(facts_of(patient(reactions=[Reaction(agent="Advil")]), AT))
    >>> list(read.reacted), read.classes
    (['ibuprofen'], ())
    """

    findings: tuple[Finding, ...]
    physical: tuple[str, ...]
    reacted: dict[str, Reaction]
    classes: tuple[str, ...]
    none_known: tuple[str, ...]
    other: tuple[str, ...]


def read_reactions(f: Facts) -> ReactionsRead:
    """Each recorded reaction as a physical trigger, a drug, "none known" or free text.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> r = read_reactions(facts_of(patient(reactions=[Reaction(agent="cold")]), AT))
    >>> r.physical, r.findings[0].note[:16]
    (('cold',), 'physical trigger')
    """
    findings: list[Finding] = []
    physical: list[str] = []
    reacted: dict[str, Reaction] = {}
    classes: list[str] = []
    none_known: list[str] = []
    other: list[str] = []
    for reaction in REACTIONS.of(f):
        severity = "" if reaction.severity is None else f" ({reaction.severity.value})"
        read = resolve_reaction(reaction.agent)
        if read.how is Match.TRIGGER and read.trigger is not None:
            physical.append(f"{read.trigger.name}{severity}")
            note = f"physical trigger: {read.trigger.advice}"
        elif read.how is Match.NONE_KNOWN:
            none_known.append(f.path_of(reaction))
            note = "no known drug allergies: no agent"
        elif read.known:
            for generic in read.ingredients:
                reacted.setdefault(generic, reaction)
            classes += [g.name for g in read.classes]
            note = "drug reaction: avoid this drug for this patient"
            if (
                read.how is not Match.EXACT
                or read.stripped
                or read.ingredients != (reaction.agent,)
            ):
                note += f" ({read.describe()})"
        else:
            other.append(f"{bounded(reaction.agent)}{severity}")
            note = "recorded reaction: avoid"
        findings.append(
            Finding(
                input=f.path_of(reaction),
                text=f"{bounded(reaction.agent)}{severity}",
                note=note,
            )
        )
    return ReactionsRead(
        findings=tuple(findings),
        physical=tuple(physical),
        reacted=reacted,
        classes=tuple(classes),
        none_known=tuple(none_known),
        other=tuple(other),
    )
