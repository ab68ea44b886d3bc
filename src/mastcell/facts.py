"""Facts computed once: what a patient is at the moment of evaluation, for every rule to read.

The engine builds one :class:`Facts` per evaluation in a single pass over the patient (each
drug looked up in the catalogue once), before any rule runs. It serves two purposes:

- **Gating.** Each rule declares its *triggers* (``@decides(..., triggers=...)``): the facts
  without which it can neither fire nor read any input. :meth:`Facts.holds` says whether a
  trigger is present, and the engine skips a rule none of whose triggers holds. A trigger is
  a diagnosis or diagnosis family, a drug class (a medication of that class in any status),
  an analyte (a result of it at any time) or one of the :class:`Recorded` facts.
- **Shared derivations.** The per-medication classes and generic names, the latest result
  per analyte and the latest counts (with the derived ANC) are computed here once; the
  rules' reads (:mod:`mastcell.reads`) answer from them.

>>> from mastcell.testing import AT, lab, med, patient
>>> f = facts_of(patient(diagnoses=["mcas"], medications=[med("famotidine")],
...                      labs=[lab("anc", 0.8, "10*9/L")]), AT)
>>> f.holds(DrugClass.H2), f.holds(Analyte.ANC), f.holds(Recorded.PAIN)
(True, True, False)
>>> f.holds(DiagnosisFamily.MAST_CELL_DISORDER)
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from itertools import repeat
from typing import Any, TypeAlias

import attrs

from mastcell.counts import Count, latest_count
from mastcell.knowledge.drugs import lookup, match_drug
from mastcell.knowledge.groups import groups_of
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.model import (
    Analyte,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    LabResult,
    Medication,
    MedicationStatus,
    Patient,
)
from mastcell.model.dates import day_of

__all__ = [
    "COUNT_ANALYTES",
    "MAST_CELL_DISORDER",
    "Facts",
    "Recorded",
    "Trigger",
    "drug_triggers",
    "facts_of",
    "trigger_key",
    "trigger_text",
]


class Recorded(enum.StrEnum):
    """Facts a rule may be triggered by that are "this input was given".

    >>> Recorded("pain")
    <Recorded.PAIN: 'pain'>
    """

    #: A pain assessment.
    PAIN = "pain"
    #: Any procedure (whatever its date).
    PROCEDURE = "procedure"
    #: Any flare.
    FLARE = "flare"
    #: Any recorded reaction (allergy or intolerance).
    REACTION = "reaction"
    #: Any adverse event.
    ADVERSE_EVENT = "adverse_event"
    #: ``pregnant`` or ``lactating`` given (true or false).
    PREGNANCY = "pregnancy"
    #: Any medication (whatever its status or name).
    MEDICATION = "medication"
    #: Symptom control given.
    SYMPTOM_CONTROL = "symptom_control"
    #: KIT D816V status given.
    KIT_D816V = "kit_d816v"
    #: TPSAB1 extra copies given.
    TPSAB1 = "tpsab1"
    #: A birth date or an age given.
    AGE = "age"
    #: A weight given.
    WEIGHT = "weight"
    #: Any lab result.
    LAB = "lab"
    #: Any biopsy.
    BIOPSY = "biopsy"
    #: Any KIT test result (``kit_tests``).
    KIT_TEST = "kit_test"
    #: The skin findings.
    SKIN = "skin"
    #: The organ findings.
    ORGAN_FINDINGS = "organ_findings"
    #: An associated haematological neoplasm.
    ASSOCIATED_NEOPLASM = "associated_neoplasm"
    #: The response to anti-mediator therapy.
    ANTIMEDIATOR_RESPONSE = "antimediator_response"
    #: Any sensitisation test.
    SENSITISATION = "sensitisation"
    #: Any entered score.
    SCORE = "score"
    #: A flare with episode details (organ systems, signs or trigger).
    EPISODE_DETAIL = "episode_detail"


#: What a rule can be triggered by ("any of" its triggers).
Trigger: TypeAlias = Analyte | Diagnosis | DiagnosisFamily | DrugClass | Recorded

#: The counts computed once with their latest value at the evaluation moment (ANC derived).
COUNT_ANALYTES = (
    Analyte.WBC,
    Analyte.ANC,
    Analyte.PLATELETS,
    Analyte.HEMOGLOBIN,
)

#: The trigger of the many rules that start with ``if not patient.has_mast_cell_disorder``.
MAST_CELL_DISORDER = DiagnosisFamily.MAST_CELL_DISORDER


def drug_triggers(*names: str) -> frozenset[DrugClass]:
    """Drug-class triggers for a rule that starts from ``patient.medications_named(*names)``.

    A medication named one of them is that catalogue drug, so it has each of its classes:
    the union of their classes is a necessary condition. A name outside the catalogue (or a
    drug without a class) would make it unsafe, and is refused.

    >>> sorted(drug_triggers("midostaurin"))
    [<DrugClass.CYTOREDUCTIVE: 'cytoreductive'>, <DrugClass.KIT_INHIBITOR: 'kit_inhibitor'>]
    >>> drug_triggers("foo")
    Traceback (most recent call last):
    ...
    ValueError: drug_triggers: 'foo' has no catalogue class; leave the rule ungated
    """
    out: set[DrugClass] = set()
    for name in names:
        drug = lookup(name)
        if drug is None or not drug.classes or drug.generic != name.strip().lower():
            raise ValueError(
                f"drug_triggers: {name!r} has no catalogue class; leave the rule ungated"
            )
        out.update(drug.classes)
    return frozenset(out)


_STATUS_FIELDS = {
    MedicationStatus.ACTIVE: "active",
    MedicationStatus.HELD: "held",
    MedicationStatus.STOPPED: "stopped",
    MedicationStatus.PLANNED: "planned",
}


def trigger_text(trigger: Trigger) -> str:
    """A trigger as the rule catalogue shows it.

    >>> trigger_text(DrugClass.H2), trigger_text(DiagnosisFamily.MAST_CELL_DISORDER)
    ('drug class h2', 'diagnosis family: mast cell disorder')
    >>> trigger_text(Recorded.PAIN), trigger_text(Analyte.ANC), trigger_text(Diagnosis.HAT)
    ('pain recorded', 'a anc result', 'diagnosis hat')
    """
    if isinstance(trigger, DiagnosisFamily):
        return f"diagnosis family: {trigger.value}"
    if isinstance(trigger, Diagnosis):
        return f"diagnosis {trigger.value}"
    if isinstance(trigger, DrugClass):
        return f"drug class {trigger.value}"
    if isinstance(trigger, Analyte):
        return f"a {trigger.value} result"
    return f"{trigger.value.replace('_', ' ')} recorded"


@attrs.frozen(kw_only=True, slots=True)
class Facts:
    """A typed, immutable view of a patient at the moment ``at``, built by :func:`facts_of`.

    Per-medication tuples (``drug_classes``, ``generics``) are index-aligned with
    ``patient.medications``; the medication groups hold indices into it.

    >>> from mastcell.testing import AT, med, patient
    >>> f = facts_of(patient(medications=[med("famotidine"), med("foo", status="held")]), AT)
    >>> f.generics, f.active[DrugClass.H2], f.held_indices
    (('famotidine', None), (0,), (1,))
    """

    at: datetime
    #: The diagnoses given.
    diagnoses: frozenset[Diagnosis]
    #: The diagnosis families present.
    families: frozenset[DiagnosisFamily]
    #: Age in years at ``at`` (None when neither a birth date nor an age is given).
    age: float | None
    #: Per medication: its drug classes (empty when the drug is not in the catalogue).
    drug_classes: tuple[frozenset[DrugClass], ...]
    #: Per medication: its generic name (None when not in the catalogue, or a combination).
    generics: tuple[str | None, ...]
    #: Per medication: the catalogue generic names it stands for (several for a combination
    #: product such as Percocet; none when the drug vocabulary does not know the name).
    ingredients: tuple[tuple[str, ...], ...]
    #: Every drug class of a medication in any status.
    classes: frozenset[DrugClass]
    #: Medication indices by class, per status.
    active: Mapping[DrugClass, tuple[int, ...]]
    held: Mapping[DrugClass, tuple[int, ...]]
    stopped: Mapping[DrugClass, tuple[int, ...]]
    planned: Mapping[DrugClass, tuple[int, ...]]
    #: Medication indices held (any class, catalogued or not).
    held_indices: tuple[int, ...]
    #: Analytes with a result at any time.
    analytes: frozenset[Analyte]
    #: The latest result per analyte drawn at or before ``at``.
    latest: Mapping[Analyte, LabResult]
    #: The latest count per :data:`COUNT_ANALYTES` analyte at or before ``at`` (ANC derived).
    counts: Mapping[Analyte, Count]
    #: Reaction indices by group id (knowledge.groups): the cross-reactive groups of each
    #: agent's ingredients and the classes its class words name.
    reactions_by_group: Mapping[str, tuple[int, ...]]
    #: Procedure indices not dated before the evaluation day.
    planned_procedures: tuple[int, ...]
    #: Pregnancy and lactation as recorded (None: not recorded; never read as "no").
    pregnant: bool | None
    lactating: bool | None
    #: The :class:`Recorded` facts present.
    recorded: frozenset[Recorded]
    #: Every trigger that holds, as :func:`trigger_key` keys (the engine's gate).
    present: frozenset[tuple[type, Trigger]]
    #: Per medication (by identity): its index in ``patient.medications``.
    medication_index: Mapping[int, int]
    #: The patient these facts were built from: read only by the named reads of
    #: :mod:`mastcell.reads`, never by a converted rule itself.
    patient: Patient = attrs.field(eq=False, repr=False)
    #: The values and paths of the named reads, computed on first use in this evaluation.
    cache: dict[object, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def generic_of(self, medication: Medication) -> str | None:
        """The generic name of one of the patient's medications (None: unknown, or a mix).

        None when the drug is not in the catalogue or is a combination product.

        >>> from mastcell.testing import AT, med, patient
        >>> p = patient(medications=[med("Rydapt"), med("Percocet")])
        >>> f = facts_of(p, AT)
        >>> f.generic_of(p.medications[0]), f.generic_of(p.medications[1])
        ('midostaurin', None)
        """
        return self.generics[self.medication_index[id(medication)]]

    def ingredients_of(self, medication: Medication) -> tuple[str, ...]:
        """The catalogue generic names one of the patient's medications stands for.

        Several for a combination product, none when the drug vocabulary does not know it.

        >>> from mastcell.testing import AT, med, patient
        >>> p = patient(medications=[med("Percocet"), med("foo")])
        >>> f = facts_of(p, AT)
        >>> f.ingredients_of(p.medications[0]), f.ingredients_of(p.medications[1])
        (('oxycodone', 'acetaminophen'), ())
        """
        return self.ingredients[self.medication_index[id(medication)]]

    def classes_of(self, medication: Medication) -> frozenset[DrugClass]:
        """The drug classes of one of the patient's medications (empty when unknown).

        >>> from mastcell.testing import AT, med, patient
        >>> p = patient(medications=[med("famotidine")])
        >>> sorted(facts_of(p, AT).classes_of(p.medications[0]))
        [<DrugClass.H2: 'h2'>]
        """
        return self.drug_classes[self.medication_index[id(medication)]]

    def path_of(self, item: object) -> str:
        """The input path of one of the patient's inputs (for a finding that cites it).

        >>> from mastcell.testing import AT, med, patient
        >>> p = patient(medications=[med("famotidine")])
        >>> facts_of(p, AT).path_of(p.medications[0])
        'medications[0]'
        """
        return self.patient.path_of(item)

    def holds(self, trigger: Trigger) -> bool:
        """Whether ``trigger`` is present for this patient.

        >>> from mastcell.testing import AT, patient
        >>> facts_of(patient(diagnoses=["ism"]), AT).holds(Diagnosis.ISM)
        True
        """
        if isinstance(trigger, Recorded):
            return trigger in self.recorded
        if isinstance(trigger, DrugClass):
            return trigger in self.classes
        if isinstance(trigger, Analyte):
            return trigger in self.analytes
        if isinstance(trigger, DiagnosisFamily):
            return trigger in self.families
        return trigger in self.diagnoses

    def any_of(self, triggers: frozenset[Trigger]) -> bool:
        """Whether any of ``triggers`` holds; no triggers means always.

        >>> from mastcell.testing import AT, patient
        >>> f = facts_of(patient(), AT)
        >>> f.any_of(frozenset()), f.any_of(frozenset({Recorded.FLARE}))
        (True, False)
        """
        if not triggers:
            return True
        return not self.present.isdisjoint(trigger_key(t) for t in triggers)


def facts_of(patient: Patient, at: datetime) -> Facts:
    """Build the :class:`Facts` of ``patient`` at ``at`` in one pass over its inputs.

    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("wbc", 2.0, "10*9/L"), lab("neutrophils_pct", 40, "%")]), AT)
    >>> f.counts[Analyte.ANC].value, f.counts[Analyte.ANC].derived
    (0.8, True)
    """
    diagnoses = frozenset(patient.diagnoses)
    families = frozenset().union(*[_FAMILIES_OF[d] for d in diagnoses])
    drug_classes: list[frozenset[DrugClass]] = []
    generics: list[str | None] = []
    ingredients: list[tuple[str, ...]] = []
    groups: dict[MedicationStatus, dict[DrugClass, list[int]]] = {s: {} for s in _STATUS_FIELDS}
    held_indices: list[int] = []
    all_classes: set[DrugClass] = set()
    for i, med in enumerate(patient.medications):
        found = match_drug(med.drug)
        if found is None:
            drug_classes.append(_NO_CLASSES)
            generics.append(None)
            ingredients.append(())
        else:
            these = found.classes
            drug_classes.append(these)
            generics.append(found.generic)
            ingredients.append(found.ingredients)
            if these:
                all_classes.update(these)
                by_class = groups[med.status]
                for c in these:
                    by_class.setdefault(c, []).append(i)
        if med.status is MedicationStatus.HELD:
            held_indices.append(i)
    latest: dict[Analyte, LabResult] = {}
    for analyte, series in patient._labs_by_analyte.items():  # each in time order
        for lab in reversed(series):
            if lab.time <= at:
                latest[analyte] = lab
                break
    counts = {}
    for analyte in COUNT_ANALYTES:
        if analyte not in latest and not (
            analyte is Analyte.ANC and Analyte.WBC in latest and Analyte.NEUTROPHILS_PCT in latest
        ):
            continue  # no result by ``at`` to count (nor, for the ANC, to derive it from)
        count = latest_count(patient, analyte, at)
        if count is not None:
            counts[analyte] = count
    reactions_by_group: dict[str, list[int]] = {}
    for i, reaction in enumerate(patient.reactions):
        read = resolve_reaction(reaction.agent)
        ids = [g.id for g in read.classes]
        ids += [g.id for generic in read.ingredients for g in groups_of(generic)]
        for group_id in dict.fromkeys(ids):
            reactions_by_group.setdefault(group_id, []).append(i)
    today = day_of(at)
    planned_procedures = tuple(
        i for i, proc in enumerate(patient.procedures) if day_of(proc.date) >= today
    )
    recorded = _recorded(patient)
    analytes = frozenset(patient._labs_by_analyte)
    classes = frozenset(all_classes)
    # Every trigger as trigger_key(t) gives it, (type(t), t): each vocabulary is its own type.
    keys: list[tuple[type, Trigger]] = []
    keys.extend(zip(repeat(Recorded), recorded))
    keys.extend(zip(repeat(Analyte), analytes))
    keys.extend(zip(repeat(DrugClass), classes))
    keys.extend(zip(repeat(Diagnosis), diagnoses))
    keys.extend(zip(repeat(DiagnosisFamily), families))
    present = frozenset(keys)
    return Facts(
        at=at,
        diagnoses=diagnoses,
        families=families,
        age=patient.age_at(at) if _born_by(patient, at) else None,
        drug_classes=tuple(drug_classes),
        generics=tuple(generics),
        ingredients=tuple(ingredients),
        classes=classes,
        active=_frozen(groups[MedicationStatus.ACTIVE]),
        held=_frozen(groups[MedicationStatus.HELD]),
        stopped=_frozen(groups[MedicationStatus.STOPPED]),
        planned=_frozen(groups[MedicationStatus.PLANNED]),
        held_indices=tuple(held_indices),
        analytes=analytes,
        latest=latest,
        counts=counts,
        reactions_by_group={k: tuple(v) for k, v in reactions_by_group.items()},
        planned_procedures=planned_procedures,
        pregnant=patient.pregnant,
        lactating=patient.lactating,
        recorded=recorded,
        present=present,
        medication_index={id(m): i for i, m in enumerate(patient.medications)},
        patient=patient,
    )


def trigger_key(trigger: Trigger) -> tuple[type, Trigger]:
    """A trigger with its vocabulary, so that equal values of two vocabularies stay apart.

    >>> trigger_key(Recorded.PAIN)
    (<enum 'Recorded'>, <Recorded.PAIN: 'pain'>)
    """
    return (type(trigger), trigger)


def _born_by(patient: Patient, at: datetime) -> bool:
    """False only for a birth date after ``at`` (the engine refuses it before any rule)."""
    return patient.birth_date is None or day_of(patient.birth_date) <= day_of(at)


#: The families each diagnosis belongs to (what ``families`` unions over the diagnoses).
_FAMILIES_OF: Mapping[Diagnosis, frozenset[DiagnosisFamily]] = {
    d: frozenset(f for f in DiagnosisFamily if d in f.members) for d in Diagnosis
}
#: The classes of a medication the catalogue does not know.
_NO_CLASSES: frozenset[DrugClass] = frozenset()


def _frozen(groups: dict[DrugClass, list[int]]) -> dict[DrugClass, tuple[int, ...]]:
    return {c: tuple(v) for c, v in groups.items()}


def _recorded(patient: Patient) -> frozenset[Recorded]:
    present = []
    if patient.pain is not None:
        present.append(Recorded.PAIN)
    if patient.procedures:
        present.append(Recorded.PROCEDURE)
    if patient.flares:
        present.append(Recorded.FLARE)
        if any(f.detailed for f in patient.flares):
            present.append(Recorded.EPISODE_DETAIL)
    if patient.reactions:
        present.append(Recorded.REACTION)
    if patient.adverse_events:
        present.append(Recorded.ADVERSE_EVENT)
    if patient.pregnant is not None or patient.lactating is not None:
        present.append(Recorded.PREGNANCY)
    if patient.medications:
        present.append(Recorded.MEDICATION)
    if patient.symptom_control is not None:
        present.append(Recorded.SYMPTOM_CONTROL)
    if patient.kit_d816v is not None:
        present.append(Recorded.KIT_D816V)
    if patient.tpsab1_extra_copies is not None:
        present.append(Recorded.TPSAB1)
    if patient.birth_date is not None or patient.age is not None:
        present.append(Recorded.AGE)
    if patient.weight is not None:
        present.append(Recorded.WEIGHT)
    if patient.labs:
        present.append(Recorded.LAB)
    if patient.biopsies:
        present.append(Recorded.BIOPSY)
    if patient.kit_tests:
        present.append(Recorded.KIT_TEST)
    if patient.skin is not None:
        present.append(Recorded.SKIN)
    if patient.organ_findings is not None:
        present.append(Recorded.ORGAN_FINDINGS)
    if patient.associated_neoplasm is not None:
        present.append(Recorded.ASSOCIATED_NEOPLASM)
    if patient.response_to_antimediators is not None:
        present.append(Recorded.ANTIMEDIATOR_RESPONSE)
    if patient.sensitisations:
        present.append(Recorded.SENSITISATION)
    if patient.scores:
        present.append(Recorded.SCORE)
    return frozenset(present)
