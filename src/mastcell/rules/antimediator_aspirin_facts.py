"""What the aspirin rules read (:mod:`mastcell.rules.antimediator_aspirin`): reads and checks.

A reaction to aspirin or an NSAID is read however the chart wrote it (a brand, a class word,
a misspelling: :func:`~mastcell.knowledge.allergy.reactions_to`). Before aspirin is proposed
for an elevated prostaglandin metabolite, :func:`aspirin_checks` gathers what speaks against
a dose: the population (adults with SM, S32/S142; children PD22), a recent platelet count
at or above the library's floor (AS1/AS2) and a KIT inhibitor or cytoreductive drug on
board (AS6).

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Reaction
>>> from mastcell.testing import AT, patient
>>> f = facts_of(patient(reactions=[Reaction(agent="Advil"), Reaction(agent="heat")]), AT)
>>> [r.agent for r in nsaid_reactions(f)]
['advil']
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from mastcell.counts import Classification, Count, classify
from mastcell.facts import Facts
from mastcell.knowledge.allergy import reactions_to
from mastcell.knowledge.antimediator import ADULT_AGE_YEARS
from mastcell.knowledge.antiplatelet import ASPIRIN_DRUG
from mastcell.knowledge.ctcae import PLATELET_COUNT_DECREASED
from mastcell.knowledge.paediatric import ASPIRIN_CHILDREN_SOURCES
from mastcell.model import (
    Analyte,
    DiagnosisFamily,
    DrugClass,
    Finding,
    Medication,
    Reaction,
)
from mastcell.reads import AGE, COUNTS, DIAGNOSES, REACTIONS, MedicationsRead
from mastcell.rules.antimediator_doses import age_finding, age_note
from mastcell.rules.antimediator_facts import med_finding, taking_read
from mastcell.rules.antiplatelet_facts import KIT_ON_BOARD
from mastcell.rules.registry import Context

__all__ = [
    "ASPIRIN_TAKING",
    "NSAIDS_ACTIVE",
    "NSAIDS_TAKING",
    "ON_BOARD_SOURCES",
    "AspirinChecks",
    "aspirin_checks",
    "nsaid_reactions",
]

#: Aspirin and the NSAIDs taken or planned (the avoidance names them).
NSAIDS_TAKING = taking_read(DrugClass.ASPIRIN, DrugClass.NSAID)
#: Aspirin taken or planned (then it is not proposed again).
ASPIRIN_TAKING = taking_read(DrugClass.ASPIRIN)
#: The NSAIDs taken now (they lower the metabolite, S50).
NSAIDS_ACTIVE = MedicationsRead("NSAIDs active", DrugClass.NSAID)
#: The sources of the bleeding facts shown with a KIT inhibitor or cytoreductive drug (AS6).
ON_BOARD_SOURCES = ("S9", "S117", "S129")


def nsaid_reactions(f: Facts) -> tuple[Reaction, ...]:
    """Reactions to aspirin or an NSAID however the chart wrote them (reads the reactions).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import AT, patient
    >>> nsaid_reactions(facts_of(patient(reactions=[Reaction(agent="NSAIDs")]), AT))[0].agent
    'nsaids'
    """
    return reactions_to(REACTIONS.of(f), DrugClass.ASPIRIN, DrugClass.NSAID)


class AspirinChecks(NamedTuple):
    """What speaks against an aspirin dose for this patient, as facts (the words are the text's).

    ``days`` is the age of a platelet count older than ``max_age`` (None: no count, or a
    recent one); ``grading`` the CTCAE grading of a recent count (None otherwise).

    >>> checks = AspirinChecks(age=40.0, sm=True, platelets=None, days=None,
    ...                        max_age=timedelta(days=14), floor=50.0, grading=None, on_board=())
    >>> checks.blocked, checks.bleeding
    (True, False)
    """

    age: float | None
    sm: bool
    #: The latest platelet count (None: none on record).
    platelets: Count | None
    days: int | None
    max_age: timedelta
    floor: float | None
    grading: Classification | None
    on_board: tuple[Medication, ...]

    @property
    def child(self) -> bool:
        """Under the adult age the dose source studied."""
        return self.age is not None and self.age < ADULT_AGE_YEARS

    @property
    def below(self) -> bool:
        """A recent count below the floor: a bleeding risk (SR2)."""
        return (
            self.grading is not None
            and self.platelets is not None
            and self.floor is not None
            and self.platelets.value < self.floor
        )

    @property
    def low(self) -> bool:
        """A recent count at or above the floor that is low: shown, not a block."""
        return self.grading is not None and not self.below and bool(self.grading.low)

    @property
    def bleeding(self) -> bool:
        """A block that is a bleeding risk: then aspirin is not proposed at all."""
        return self.below

    @property
    def blocked(self) -> bool:
        """Any reason the dose is a clinician decision."""
        return (
            self.age is None
            or self.child
            or not self.sm
            or self.platelets is None
            or self.days is not None
            or self.below
            or bool(self.on_board)
        )

    @property
    def sources(self) -> tuple[str, ...]:
        """The sources of the facts shown.

        PD22 for a child or an unknown age, the CTCAE grading of a recent count, the bleeding
        facts of a drug on board (AS6).
        """
        out: tuple[str, ...] = ()
        if self.age is None or self.child:
            out += ASPIRIN_CHILDREN_SOURCES
        if self.grading is not None:
            out += PLATELET_COUNT_DECREASED.sources
        if self.on_board:
            out += ON_BOARD_SOURCES
        return out


def aspirin_checks(f: Facts, context: Context, findings: list[Finding]) -> AspirinChecks:
    """Read the age, the diagnoses, the platelets and the drugs on board; add the findings.

    Reads :data:`~mastcell.reads.AGE` (and the age as given, for the finding),
    :data:`~mastcell.reads.DIAGNOSES`, the platelet count and :data:`~mastcell.rules.antiplatelet_facts.KIT_ON_BOARD` (AS6).

    >>> from datetime import date
    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> p = patient(diagnoses=["ism"], birth_date=date(1980, 1, 1),
    ...             labs=[lab("platelets", 40, "K/uL")])
    >>> found = []
    >>> checks = aspirin_checks(facts_of(p, AT), Context(at=AT), found)
    >>> checks.bleeding, [x.input for x in found]
    (True, ['labs[0]'])
    """
    age = AGE.of(f)
    if age is None:
        findings.append(age_note(None, ASPIRIN_DRUG, "", None))
    elif age < ADULT_AGE_YEARS:
        findings.append(age_finding(f, age, ADULT_AGE_YEARS, "aspirin: not proposed to a child"))
    sm = DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS in f.families
    if not sm:
        findings.append(
            Finding(
                input="diagnoses",
                text=", ".join(d.value for d in DIAGNOSES.of(f)),
                note="no systemic mastocytosis recorded",
            )
        )
    max_age = context.options.cytopenia.count_max_age
    floor = context.options.antimediator.aspirin_min_platelets
    count = COUNTS[Analyte.PLATELETS].of(f)
    days: int | None = None
    grading: Classification | None = None
    if count is None:
        findings.append(
            Finding(
                input="labs",
                analyte=Analyte.PLATELETS,
                text="missing",
                note="a recent platelet count is needed before aspirin",
            )
        )
    elif not count.is_fresh(context.at, max_age):
        days = count.age(context.at).days
        findings += count.findings(
            note=f"{days} days old: older than {max_age.days} days (CytopeniaOptions.count_max_age)"
        )
    else:
        grading = classify(count)
        below = floor is not None and count.value < floor
        findings += count.findings(
            threshold=floor,
            comparison=None if floor is None else ("<" if below else ">="),
            note=grading.text,
        )
    on_board = KIT_ON_BOARD.of(f)
    findings += [med_finding(f, m, f"{m.status.value}") for m in on_board]
    return AspirinChecks(
        age=age,
        sm=sm,
        platelets=count,
        days=days,
        max_age=max_age,
        floor=floor,
        grading=grading,
        on_board=on_board,
    )
