"""Aspirin on the list as the rules read it, on the facts view: tolerated, and for the heart.

The facts-view version of the old ``antiplatelet.aspirin_uses``, shared by the
antiplatelet, analgesia and anti-mediator rules (issue 20). Aspirin counts when taken or
planned, by ingredient (Excedrin is an aspirin); it is read as antiplatelet therapy for the
heart when recorded with the indication ``cardiovascular`` or taken with a P2Y12 inhibitor
(S245); a reaction to aspirin itself makes it not tolerated (a class word or another NSAID
does not).

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Reaction
>>> from mastcell.testing import AT, med, patient
>>> p = patient(medications=[med("aspirin")], reactions=[Reaction(agent="aspirin")])
>>> aspirin_uses(facts_of(p, AT))[0].tolerated
False
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.allergy import Relation, reaction_matches
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG, P2Y12_CLASS
from mastcell.model import Finding, Indication, Medication, MedicationStatus
from mastcell.reads import REACTIONS, MedicationsRead, NamedRead

__all__ = ["ASPIRIN_IN_USE", "P2Y12_IN_USE", "AspirinUse", "aspirin_uses"]

_IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)

#: Aspirin taken or planned, by ingredient.
ASPIRIN_IN_USE = NamedRead("aspirin active or planned", drugs=(ASPIRIN_DRUG,), statuses=_IN_USE)
#: The P2Y12 inhibitors taken or planned (the cardiovascular reading).
P2Y12_IN_USE = MedicationsRead("P2Y12 inhibitors taken or planned", P2Y12_CLASS, statuses=_IN_USE)


class AspirinUse(NamedTuple):
    """One aspirin on the list, read for tolerance and for a cardiovascular indication.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("aspirin", 81, frequency="daily"), med("clopidogrel")])
    >>> use = aspirin_uses(facts_of(p, AT))[0]
    >>> use.tolerated, use.cardiovascular, [m.drug for m in use.partners]
    (True, True, ['clopidogrel'])
    >>> p = patient(medications=[med("aspirin", 81, frequency="daily", indication="cardiovascular")])
    >>> aspirin_uses(facts_of(p, AT))[0].describe()
    'aspirin (active; indication cardiovascular: antiplatelet therapy for the heart)'
    """

    medication: Medication
    #: A reaction to aspirin itself is recorded (a class word or another NSAID is not).
    reacted: bool
    #: The P2Y12 antiplatelets taken or planned with it (the cardiovascular reading).
    partners: tuple[Medication, ...]

    @property
    def tolerated(self) -> bool:
        """Taken now, with no reaction recorded to aspirin itself."""
        return self.medication.status is MedicationStatus.ACTIVE and not self.reacted

    @property
    def indicated(self) -> bool:
        """Recorded with the indication ``cardiovascular``."""
        return self.medication.indication is Indication.CARDIOVASCULAR

    @property
    def cardiovascular(self) -> bool:
        """Read as antiplatelet therapy for the heart: its recorded indication, or a P2Y12 partner."""
        return self.indicated or bool(self.partners)

    @property
    def basis(self) -> str:
        """Why it is read as cardiac: 'with clopidogrel', 'indication cardiovascular', or both."""
        parts = ["indication cardiovascular"] if self.indicated else []
        if self.partners:
            parts.append(f"with {', '.join(m.drug for m in self.partners)}")
        return ", ".join(parts)

    def describe(self) -> str:
        """'aspirin (active; with clopidogrel: antiplatelet therapy for the heart)'."""
        parts = [self.medication.status.value]
        if self.cardiovascular:
            parts.append(f"{self.basis}: antiplatelet therapy for the heart")
        return f"{self.medication.drug} ({'; '.join(parts)})"

    def partner_findings(self, f: Facts) -> tuple[Finding, ...]:
        """The recorded indication and the P2Y12 antiplatelets behind the reading, as findings."""
        indication = (
            Finding(
                input=f"{f.path_of(self.medication)}.indication",
                text=f"{self.medication.drug}: cardiovascular",
                note="recorded indication: read as therapy for the heart",
            )
            if self.indicated
            else None
        )
        return tuple(
            f
            for f in (
                indication,
                *(
                    Finding(
                        input=f.path_of(m),
                        text=f"{m.drug} ({m.status.value})",
                        note="P2Y12 antiplatelet with aspirin: read as therapy for the heart",
                    )
                    for m in self.partners
                ),
            )
            if f is not None
        )


def aspirin_uses(f: Facts) -> tuple[AspirinUse, ...]:
    """Each aspirin taken or planned, with its tolerance and cardiovascular reading.

    Reads :data:`ASPIRIN_IN_USE`, then :data:`P2Y12_IN_USE` and
    :data:`~mastcell.reads.REACTIONS` when there is one.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, med, patient
    >>> p = patient(medications=[med("aspirin")], reactions=[Reaction(agent="ibuprofen")])
    >>> aspirin_uses(facts_of(p, AT))[0].tolerated
    True
    """
    aspirin = ASPIRIN_IN_USE.of(f)
    if not aspirin:
        return ()
    partners = P2Y12_IN_USE.of(f)
    itself = any(
        x.relation is Relation.SAME_DRUG for x in reaction_matches(REACTIONS.of(f), ASPIRIN_DRUG)
    )
    return tuple(AspirinUse(medication=m, reacted=itself, partners=partners) for m in aspirin)
