"""Perioperative facts: the premedication protocol, emergency readiness, theatre triggers.

The protocol is the TMS / Dr Castells premedication protocol (fact sheet O10, source S35) for
"all major and minor procedures and radiology with or without dye", written as typed steps:
drug, adult dose, child dose (under 12 years, or as the source writes it), and when each dose
is given relative to the start of the procedure. Where the source gives no dose (ranitidine's
substitute, hydroxyzine in a child), the dose is None and the step says why: the dose is a
clinician decision, never filled in here. Child doses are checked against the labels
(addendum 5): montelukast follows the label's age bands, not the protocol's "5 mg for
children under 5" (PD15, PD-C2); diphenhydramine under 6 years has no OTC dose (PD9); the
prednisone child dose is the protocol's fixed dose, per-kg doses being NOT VERIFIED (PD19).
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from mastcell.knowledge.paediatric import (
    BANDS,
    CHILD_STEROID_PREMEDICATION,
    HYDROXYZINE_CHILDREN,
    MONTELUKAST_BOXED_WARNING,
)
from mastcell.knowledge.sources import cite
from mastcell.model.recommendation import DoseAmount, DoseRange
from mastcell.model.vocabulary import ProcedureKind, Route

__all__ = [
    "CHILD_BELOW_YEARS",
    "CHILD_STEROID_CAP",
    "CONTRAST_RISK",
    "CONTRAST_SOURCES",
    "EMERGENCY_READINESS",
    "EMERGENCY_READINESS_SOURCES",
    "ENDOSCOPY_NOTE",
    "OSTEOPOROSIS_NOTE",
    "PREMEDICATION",
    "PREMEDICATION_DOSE_SOURCES",
    "PREMEDICATION_MONTELUKAST",
    "PREMEDICATION_RISK",
    "PREMEDICATION_SOURCES",
    "READINESS_DRUGS",
    "THEATRE_KINDS",
    "THEATRE_TRIGGERS",
    "THEATRE_TRIGGER_SOURCES",
    "THEATRE_TRIGGER_WORDS",
    "Dosing",
    "PremedicationStep",
    "When",
]

#: The protocol's child doses are for patients under 12 years (O10, S35).
CHILD_BELOW_YEARS = 12.0


class ChildSteroidCap(NamedTuple):
    """The per-kg check of the protocol's fixed child prednisone dose (SR16): never a dose.

    Above ``mg_per_kg_day`` at the recorded weight, or under ``weight_needed_below_years``
    without a weight, the fixed dose is not proposed: clinician decision.

    >>> CHILD_STEROID_CAP.mg_per_kg_day, CHILD_STEROID_CAP.weight_needed_below_years
    (2.0, 2.0)
    """

    mg_per_kg_day: float
    weight_needed_below_years: float
    basis: str
    sources: tuple[str, ...]


#: SR16 [S253, S35]: the top of an older summary of the prednisolone labeling's paediatric
#: initial range (0.14-2 mg/kg/day; the current label individualises it, CONFLICT); PD19: no
#: per-kg premedication dose. Under 2 years a 20 mg dose exceeds 2 mg/kg/day below 10 kg, so
#: the weight is needed first (the age limit is a library convention).
CHILD_STEROID_CAP = ChildSteroidCap(
    mg_per_kg_day=2.0,
    weight_needed_below_years=2.0,
    basis=(
        "2 mg/kg/day is the top of the paediatric initial range in an older summary of the "
        "prednisolone labeling (0.14-2 mg/kg/day; the current label individualises the dose: "
        "SR16, CONFLICT) and no per-kg premedication dose was found (PD19)"
    ),
    sources=("S253", "S35"),
)

#: The premedication protocol and the anaesthesia series behind its timing (O10-O12).
PREMEDICATION_SOURCES = cite("S35", "S36", "S34")

#: The labels the protocol's child doses are checked against (PD9 S126, PD11/PD12 S127,
#: PD15/PD16 S128).
PREMEDICATION_DOSE_SOURCES = cite("S126", "S127", "S128")

#: How the montelukast step is dosed, for the recommendation's text (O10, PD15, PD-C2, PD16).
PREMEDICATION_MONTELUKAST = (
    "montelukast 1 h before, by the label's age bands (10 mg from 15 years, 5 mg at 6-14, "
    "4 mg at 2-5; under 2 years a clinician decision; PD15, S128) - not the protocol's "
    "'5 mg for children under 5', which conflicts with the label (PD-C2). "
    + MONTELUKAST_BOXED_WARNING
)


class When(NamedTuple):
    """A dose time: ``before`` the start, or a window from ``before`` to ``until`` before it.

    >>> When(before=timedelta(hours=2), until=timedelta(hours=1), text="1-2 h before").before
    datetime.timedelta(seconds=7200)
    """

    before: timedelta
    text: str
    until: timedelta | None = None


class Dosing(NamedTuple):
    """One age group's dose for a step; ``dose`` None means the source gives none.

    ``below_years`` bounds the group (None: no upper bound); ``from_years`` its lower end.

    >>> PREMEDICATION[0].dosing[1].dose
    DoseAmount(value=20, unit='mg')
    """

    dose: DoseAmount | DoseRange | None
    from_years: float = 0.0
    below_years: float | None = None
    note: str | None = None

    def covers(self, age: float) -> bool:
        """Whether ``age`` (years) falls in this group."""
        return age >= self.from_years and (self.below_years is None or age < self.below_years)


class PremedicationStep(NamedTuple):
    """One drug of the protocol, its doses by age and its times before the procedure.

    >>> step = PREMEDICATION[0]
    >>> step.drug, [w.text for w in step.when]
    ('prednisone', ['24 h before', '1-2 h before'])
    >>> step.dose_for(30).dose, step.dose_for(11.9).dose
    (DoseAmount(value=50, unit='mg'), DoseAmount(value=20, unit='mg'))
    """

    slot: str
    drug: str
    dosing: tuple[Dosing, ...]
    when: tuple[When, ...]
    sources: tuple[str, ...]
    route: Route = Route.ORAL
    note: str | None = None

    def dose_for(self, age: float) -> Dosing:
        """The dosing group covering ``age`` (years).

        A negative age (a birth date after the evaluation moment) falls in the youngest group,
        as :func:`mastcell.knowledge.paediatric.band_age` does.

        >>> PREMEDICATION[-1].dose_for(-1.0).dose is None
        True
        """
        age = max(age, 0.0)
        for group in self.dosing:
            if group.covers(age):
                return group
        raise ValueError(f"no dosing group covers age {age}")  # pragma: no cover - data bug


def _mg(value: float) -> DoseAmount:
    return DoseAmount(value=value, unit="mg")


_H24 = When(before=timedelta(hours=24), text="24 h before")
_H1_2 = When(before=timedelta(hours=2), until=timedelta(hours=1), text="1-2 h before")
_H1 = When(before=timedelta(hours=1), text="1 h before")
_ADULT_FROM = CHILD_BELOW_YEARS

_H2_NOTE = (
    "The protocol's H2 antihistamine is ranitidine 150 mg orally (20 mg under 12 years), "
    "withdrawn in many markets; the source gives no substitute dose. Another H2 "
    "antihistamine is proposed as the class; its dose is a clinician decision (famotidine "
    "label doses of 20-40 mg, S15, are not from the protocol)"
)

#: The TMS / Castells protocol (O10, S35), in the order the doses fall due.
PREMEDICATION: tuple[PremedicationStep, ...] = (
    PremedicationStep(
        slot="corticosteroid",
        drug="prednisone",
        dosing=(
            Dosing(from_years=_ADULT_FROM, dose=_mg(50)),
            # PD19: only the protocol's fixed child dose exists; per-kg is NOT VERIFIED.
            Dosing(below_years=CHILD_BELOW_YEARS, dose=_mg(20), note=CHILD_STEROID_PREMEDICATION),
        ),
        when=(_H24, _H1_2),
        sources=("S35",),
    ),
    PremedicationStep(
        slot="h1",
        drug="diphenhydramine",
        dosing=(
            Dosing(from_years=_ADULT_FROM, dose=DoseRange(low=25, high=50, unit="mg")),
            # PD9: the protocol's 12.5 mg is within the OTC band for 6-11 years (12.5-25 mg).
            Dosing(
                from_years=6.0,
                below_years=CHILD_BELOW_YEARS,
                dose=_mg(12.5),
                note="the protocol's child dose (S35), within the OTC band 12.5-25 mg for 6-11 "
                "years (PD9, S126)",
            ),
            # PD9: under 6 years the OTC chart says ask a doctor.
            Dosing(
                below_years=6.0,
                dose=None,
                note=f"{BANDS['diphenhydramine'][0].reason} (PD9, S126); the protocol's 12.5 mg "
                "is not chosen: clinician decision",
            ),
        ),
        when=(_H1,),
        sources=("S35", "S126"),
        note="or hydroxyzine 25 mg (PerioperativeOptions.premedication_h1)",
    ),
    PremedicationStep(
        slot="h1",
        drug="hydroxyzine",
        dosing=(
            Dosing(from_years=_ADULT_FROM, dose=_mg(25)),
            Dosing(
                below_years=CHILD_BELOW_YEARS,
                dose=None,
                note="the protocol gives no child dose of hydroxyzine: clinician decision; "
                + HYDROXYZINE_CHILDREN,
            ),
        ),
        when=(_H1,),
        sources=("S35", "S127"),
        note="the protocol's alternative to diphenhydramine",
    ),
    PremedicationStep(
        slot="h2",
        drug="famotidine",
        dosing=(Dosing(dose=None, note=_H2_NOTE),),
        when=(_H1,),
        sources=("S35", "S15"),
        note=_H2_NOTE,
    ),
    # O10 gives montelukast 10 mg (adults) and "5 mg for children under 5"; the label bands
    # replace the child dose (PD15, PD-C2, section 10 item 2).
    PremedicationStep(
        slot="leukotriene",
        drug="montelukast",
        dosing=tuple(
            Dosing(
                from_years=band.from_years,
                below_years=band.below_years,
                dose=band.dose,
                note=(
                    f"{band.reason} (PD15, S128): clinician decision"
                    if band.dose is None
                    else None
                    if band.below_years is None
                    else f"label band {band.population} (PD15, S128); the protocol's "
                    "'5 mg for children under 5' conflicts with the label (PD-C2)"
                ),
            )
            for band in reversed(BANDS["montelukast"])
        ),
        when=(_H1,),
        sources=("S35", "S128"),
        note=MONTELUKAST_BOXED_WARNING,
    ),
)

#: Peri-procedural reaction rates and risk factors (O12, S36) and overall risk (O13, S37).
PREMEDICATION_RISK = (
    "In 726 anaesthetic procedures (REMA, S36) mediator symptoms occurred in 2% of adults and "
    "4% of children, anaphylaxis in 0.4% and 2%; risk was higher with prior anaphylaxis, major "
    "surgery, general anaesthesia and no anti-mediator prophylaxis 1 h before (H1/H2 "
    "antihistamines with a benzodiazepine). Mastocytosis is not a contraindication to "
    "anaesthesia (S36); anaphylaxis risk is up to about 6-fold (S37)."
)

#: Contrast media in SM (O15): the measured risk is low; the protocol still covers radiology.
CONTRAST_RISK = (
    "In 162 SM patients (65 ISM, 97 advanced SM) with 332 contrast-enhanced studies (80 "
    "iodinated CT, 252 gadolinium MRI) the risk of contrast hypersensitivity was low in all "
    "SM subtypes (S42); the TMS protocol nevertheless includes radiology with or without dye "
    "(S35). The general-population contrast premedication (13, 7 and 1 h) is a different, "
    "seed-only regimen and is not used here (O16)."
)
CONTRAST_SOURCES = cite("S42", "S35")

#: O17: no endoscopy-specific protocol was found; O10 covers all procedures.
ENDOSCOPY_NOTE = (
    "No endoscopy-specific mastocytosis protocol was found (fact sheet O17, NOT VERIFIED); "
    "the TMS protocol covers all major and minor procedures (S35)."
)

#: O14: to have at hand in theatre (qualitative; the 1-3 ug/kg IV epinephrine of S40 is a
#: 1986 single-centre report and is not proposed as a dose).
EMERGENCY_READINESS: tuple[str, ...] = (
    "epinephrine (an infusion ready)",
    "IV H1 and H2 antihistamines",
    "IV corticosteroids",
)
EMERGENCY_READINESS_SOURCES = cite("S40", "SEED-A", "S36", "S37")
#: The drugs the readiness list's IV antihistamines and IV corticosteroids stand for (O14
#: names classes; diphenhydramine and famotidine are the premedication protocol's, S35, and
#: methylprednisolone and hydrocortisone the IV corticosteroids in use: a library convention
#: for this check), checked against the patient's reactions: a drug or class the patient
#: reacted to is not one the card tells the team to have ready (epinephrine is never
#: withheld, EI1, S141).
READINESS_DRUGS: tuple[str, ...] = (
    "diphenhydramine",
    "famotidine",
    "methylprednisolone",
    "hydrocortisone",
)

#: O9 (S34, S45): non-drug triggers in theatre and what to do about them.
THEATRE_TRIGGERS: tuple[str, ...] = (
    "anxiety and stress (reassure; anxiolysis)",
    "temperature swings (warm fluids and room, avoid sudden heat or cold)",
    "friction and mechanical trauma near skin lesions (tape, tourniquets, rubbing)",
    "careful positioning and padding, as bones may be osteoporotic",
)
THEATRE_TRIGGER_SOURCES = cite("S34", "S45")

#: Words in a recorded reaction that name a physical trigger of O9 / section 2.7.
THEATRE_TRIGGER_WORDS: frozenset[str] = frozenset(
    {
        "heat",
        "cold",
        "temperature",
        "friction",
        "rubbing",
        "pressure",
        "tape",
        "tourniquet",
        "stress",
        "anxiety",
        "emotional stress",
    }
)

#: P11 (S47): osteoporosis in 11/29 (38%) ISM vs 2/32 (6%) advanced SM.
OSTEOPOROSIS_NOTE = (
    "Osteoporosis was found in 11/29 (38%) ISM and 2/32 (6%) advanced SM patients (S47): "
    "position and pad with care."
)

#: Procedure kinds that take place in a theatre or procedure room (O9 applies).
THEATRE_KINDS = frozenset(
    {ProcedureKind.SURGERY, ProcedureKind.ENDOSCOPY, ProcedureKind.DENTAL, ProcedureKind.OTHER}
)

#: The neuromuscular blockers whose standing the relaxant card states: those 2.7 flags
#: (atracurium, mivacurium; O1) and those the sources disagree on (rocuronium, O3;
#: succinylcholine, O2). Names live here, not in the rules.
NMBA_FLAGGED: tuple[str, ...] = ("atracurium", "mivacurium", "rocuronium", "succinylcholine")
#: The neuromuscular blockers with a recorded disagreement (O2, O3), stated on the card.
NMBA_DISPUTED: tuple[str, ...] = ("rocuronium", "succinylcholine")
