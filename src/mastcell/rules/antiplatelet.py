"""Aspirin for the heart and tolerated now; NSAIDs or aspirin with a low platelet count.

:func:`aspirin_uses` reads each aspirin on the list: whether it is tolerated now (taken, with
no reaction recorded to aspirin itself) and whether it is read as antiplatelet therapy for
the heart (taken with a P2Y12 antiplatelet, the reading of
:data:`~mastcell.knowledge.antiplatelet.CARDIOVASCULAR_READING`). The analgesia and anti-mediator rules use it so that a reaction to
another NSAID never tells a patient to stop the aspirin they tolerate, and a cardiac aspirin
is never stopped without the cardiologist (SR4).

``medication.nsaid.low_platelets`` warns when an NSAID or aspirin is taken, planned, or
planned for an upcoming procedure while the latest platelet count is below the bound (SR2,
SR3), naming the count with its CTCAE grade.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from mastcell._oracle.perioperative import upcoming
from mastcell.counts import classify, latest_count
from mastcell.knowledge.allergy import Relation, reaction_matches
from mastcell.knowledge.antiplatelet import (
    ASPIRIN_DRUG,
    BLEEDING,
    CARDIOVASCULAR_READING,
    DAPT_STOP_RISK,
    KETOROLAC_BLEEDING,
    P2Y12_CLASS,
)
from mastcell.knowledge.drugs import ingredients_in
from mastcell.knowledge.sources import evidence
from mastcell.knowledge.special_populations import KETOROLAC
from mastcell.model import (
    Analyte,
    DrugClass,
    Finding,
    Indication,
    Indicator,
    Medication,
    MedicationStatus,
    Patient,
    ProcedureKind,
    Recommendation,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, rule

__all__ = ["AspirinUse", "NsaidUse", "aspirin_uses", "nsaid_uses"]

_IN_USE = (MedicationStatus.ACTIVE, MedicationStatus.PLANNED)


@attrs.frozen(kw_only=True)
class AspirinUse:
    """One aspirin on the list, read for tolerance and for a cardiovascular indication.

    >>> from mastcell.testing import med, patient
    >>> p = patient(medications=[med("aspirin", 81, frequency="daily"), med("clopidogrel")])
    >>> use = aspirin_uses(p)[0]
    >>> use.tolerated, use.cardiovascular, [m.drug for m in use.partners]
    (True, True, ['clopidogrel'])
    >>> p = patient(medications=[med("aspirin", 81, frequency="daily", indication="cardiovascular")])
    >>> aspirin_uses(p)[0].describe()
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

    def partner_findings(self, patient: Patient) -> tuple[Finding, ...]:
        """The recorded indication and the P2Y12 antiplatelets behind the reading, as findings."""
        indication = (
            Finding(
                input=f"{patient.path_of(self.medication)}.indication",
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
                        input=patient.path_of(m),
                        text=f"{m.drug} ({m.status.value})",
                        note="P2Y12 antiplatelet with aspirin: read as therapy for the heart",
                    )
                    for m in self.partners
                ),
            )
            if f is not None
        )


def aspirin_uses(patient: Patient) -> tuple[AspirinUse, ...]:
    """Each aspirin taken or planned, with its tolerance and cardiovascular reading.

    >>> from mastcell.model import Reaction
    >>> from mastcell.testing import med, patient
    >>> p = patient(medications=[med("aspirin")], reactions=[Reaction(agent="ibuprofen")])
    >>> aspirin_uses(p)[0].tolerated
    True
    >>> p = patient(medications=[med("aspirin")], reactions=[Reaction(agent="aspirin")])
    >>> aspirin_uses(p)[0].tolerated
    False
    """
    aspirin = patient.medications_named(ASPIRIN_DRUG, statuses=_IN_USE)
    if not aspirin:
        return ()
    partners = patient.medications_of(P2Y12_CLASS, statuses=_IN_USE)
    itself = any(
        x.relation is Relation.SAME_DRUG for x in reaction_matches(patient.reactions, ASPIRIN_DRUG)
    )
    out = []
    for m in aspirin:
        out.append(AspirinUse(medication=m, reacted=itself, partners=partners))
    return tuple(out)


@attrs.frozen(kw_only=True)
class NsaidUse:
    """An NSAID or aspirin in use or planned: a medication or an upcoming procedure's agent.

    >>> NsaidUse(path="medications[0]", name="advil", generic="ibuprofen", how="active").generic
    'ibuprofen'
    """

    path: str
    name: str
    generic: str
    how: str
    #: The procedure it is planned for is surgery (ketorolac's label speaks of surgery).
    surgery: bool = False


def nsaid_uses(patient: Patient, context: Context) -> tuple[NsaidUse, ...]:
    """Every NSAID or aspirin taken, planned, or planned for an upcoming procedure.

    A combination product counts through each NSAID in it (Excedrin: aspirin).

    >>> from mastcell.testing import AT, med, patient
    >>> [u.how for u in nsaid_uses(patient(medications=[med("Advil")]), Context(at=AT))]
    ['active']
    >>> [u.generic for u in nsaid_uses(patient(medications=[med("Excedrin")]), Context(at=AT))]
    ['aspirin']
    """
    wanted = (DrugClass.ASPIRIN, DrugClass.NSAID)
    found = [
        NsaidUse(path=patient.path_of(m), name=m.drug, generic=generic, how=m.status.value)
        for m in patient.medications_of(*wanted, statuses=_IN_USE)
        for generic in ingredients_in(m.drug, *wanted)
    ]
    for planned in upcoming(patient, context):
        for j, agent in enumerate(planned.procedure.planned_agents):
            for generic in ingredients_in(agent, *wanted):
                found.append(
                    NsaidUse(
                        path=f"{planned.path}.planned_agents[{j}]",
                        name=agent,
                        generic=generic,
                        how=f"planned for the {planned.label}",
                        surgery=planned.procedure.kind is ProcedureKind.SURGERY,
                    )
                )
    return tuple(found)


@rule(
    "medication.nsaid.low_platelets",
    sources=("S240", "S241", "S242", "S53", "S70", "S9", "S1"),
    reads=(Analyte.PLATELETS,),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.PLATELETS,),
)
def nsaid_low_platelets(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """NSAID or aspirin with platelets below 50 x10^9/L: a bleeding warning naming the count.

    Fires for each NSAID or aspirin taken, planned, or planned for an upcoming procedure when
    the latest platelet count is below options.medication.nsaid_platelets_below (default 50
    x10^9/L, the CTCAE grade-3 bound: a library convention, SR3; aspirin and NSAIDs impair
    platelet function, SR2). One warning per drug, with every use as a finding; ketorolac
    adds its label's bleeding contraindications (SR1); an aspirin with a P2Y12 antiplatelet
    (therapy for the heart) is not simply stopped (SR4): clinician decision.
    """
    bound = context.options.medication.nsaid_platelets_below
    if bound is None:
        return
    count = latest_count(patient, Analyte.PLATELETS, context.at)
    if count is None or count.value >= bound:
        return
    uses: dict[str, list[NsaidUse]] = {}
    for use in nsaid_uses(patient, context):
        uses.setdefault(use.generic, []).append(use)
    if not uses:
        return
    grading = classify(count)
    max_age = context.options.cytopenia.count_max_age
    stale = not count.is_fresh(context.at, max_age)
    age_text = (
        f" drawn {count.age(context.at).days} days ago (older than {max_age.days} days: repeat it)"
        if stale
        else ""
    )
    cardiac = [a for a in aspirin_uses(patient) if a.cardiovascular]
    on_board = patient.medications_of(
        DrugClass.KIT_INHIBITOR,
        DrugClass.CYTOREDUCTIVE,
        statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
    )
    for generic, group in uses.items():
        findings = [
            *count.findings(threshold=bound, comparison="<", note=grading.text),
            *(Finding(input=u.path, text=f"{u.name} ({u.how})") for u in group),
        ]
        extra: list[str] = []
        sources = ["S240", *BLEEDING.sources]
        if generic == KETOROLAC:
            extra.append(KETOROLAC_BLEEDING[0].upper() + KETOROLAC_BLEEDING[1:] + ".")
            sources.append("S241")
            if any(u.surgery for u in group):
                extra.append("It is planned for a surgery.")
        is_cardiac = generic == ASPIRIN_DRUG and bool(cardiac)
        if is_cardiac:
            extra.append(
                f"{CARDIOVASCULAR_READING[0].upper()}{CARDIOVASCULAR_READING[1:]}: "
                f"{DAPT_STOP_RISK}. Whether to continue it at this count is a joint "
                "haematology and cardiology decision; do not simply stop it."
            )
            findings += [f for a in cardiac for f in a.partner_findings(patient)]
            sources.append("S242")
        if on_board:
            names = ", ".join(dict.fromkeys(m.drug for m in on_board))
            extra.append(
                f"A KIT inhibitor or cytoreductive drug is on the list ({names}): avapritinib is "
                "not recommended below 50 x10^9/L (S9) and midostaurin is interrupted below 50 "
                "x10^9/L in patients without MCL (S1)."
            )
            findings += [
                Finding(input=patient.path_of(m), text=f"{m.drug} ({m.status.value})")
                for m in on_board
            ]
            sources += ["S9", "S1"]
        name = group[0].name if len({u.name for u in group}) == 1 else generic
        action = (
            "do not simply stop it (therapy for the heart): decide with cardiology"
            if is_cardiac
            else "clinician decision"
        )
        yield Recommendation(
            code="medication.nsaid.low_platelets",
            indicator=Indicator.WARNING,
            summary=fit_words(
                f"{name.capitalize()} with {count.describe()} ("
                + (f"grade {grading.grade}, " if grading.grade else "")
                + f"below {bound:g}): bleeding risk; {action}"
            ),
            detail=(
                f"The latest platelet count is {count.describe()} ({grading.text}){age_text}, "
                f"below {bound:g} x10^9/L, and {generic} is "
                + "; ".join(f"{u.how} ({u.path})" for u in group)
                + f". {BLEEDING.mechanism[0].upper()}{BLEEDING.mechanism[1:]}; "
                f"{BLEEDING.basis}. "
                + " ".join(extra)
                + (" " if extra else "")
                + "Weigh the bleeding risk against the reason for the drug: clinician decision."
            ),
            evidence=evidence(*sources),
            findings=tuple(findings),
        )
