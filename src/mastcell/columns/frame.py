"""Patients as a polars frame: one row of facts per patient, and one row per lab result.

The rows are written from validated patients (:class:`~mastcell.model.Patient`), so units,
dates and vocabularies are already checked and converted once, exactly as the per-patient
path does; this module only lays them out in columns:

- ``row``: the patient's position in the chunk;
- ``shape``: whether every input the patient carries is one the columnar rules know how to
  account for (:data:`KNOWN_FIELDS`) and none is refused at the evaluation moment; any other
  field given sends the patient to the per-patient engine;
- ``diagnoses``, ``classes`` (the drug classes of the medications, from the drug vocabulary,
  any status), ``analytes`` (present at any time), ``recorded`` (the
  :class:`~mastcell.facts.Recorded` facts): what the rules' triggers are read from;
- ``birth_date``, ``age``, ``weight``: whether each was given; ``medications``: how many;
- ``unclassified``: medications the drug vocabulary does not know;
- ``paths``: every input path to account for, in patient order
  (:func:`mastcell.accounting.input_paths`); ``aside``: the lab results the engine sets aside
  before any rule (an analyte no rule of the chosen categories reads, or drawn after the
  moment);
- ``censored``: a result reported as a bound; ``conflicting``: results of one analyte drawn
  at the same instant with different values (from the labs frame, by group).

>>> from mastcell.testing import AT, lab, patient
>>> from mastcell.model import Analyte
>>> frame = patients_frame([patient(diagnoses=["hat"], labs=[lab("tryptase", 9, "ng/mL")])],
...                        AT, frozenset({Analyte.TRYPTASE}))
>>> frame.select("shape", "diagnoses", "analytes", "paths").row(0)
(True, ['hat'], ['tryptase'], ['labs[0]'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.accounting import input_paths
from mastcell.facts import Recorded
from mastcell.knowledge.drugs import match_drug
from mastcell.model import Analyte, Patient
from mastcell.model.dates import day_of

if TYPE_CHECKING:
    import polars as pl

__all__ = ["KNOWN_FIELDS", "RECORDED", "patients_frame", "recorded_of"]

#: The patient fields the columnar path lays out. A patient giving any other field (a
#: procedure, a flare, a reaction, pain, pregnancy...) is evaluated by the per-patient engine:
#: the rules reading those fields have no columnar versions yet. ``sex`` is not an input to
#: account for; it is read only by rules that say so in their own columnar version.
KNOWN_FIELDS = frozenset(
    {"id", "sex", "birth_date", "age", "weight", "diagnoses", "labs", "medications"}
)

#: Per :class:`~mastcell.facts.Recorded` fact: whether a patient has it (as
#: :func:`mastcell.facts.facts_of` records it; a test checks the two agree). A member missing
#: here counts as present for every patient, so the rules it triggers gate them out of the
#: columnar path: a new fact can only send patients to the per-patient engine.
RECORDED: dict[Recorded, Callable[[Patient], bool]] = {
    Recorded.PAIN: lambda p: p.pain is not None,
    Recorded.PROCEDURE: lambda p: bool(p.procedures),
    Recorded.FLARE: lambda p: bool(p.flares),
    Recorded.REACTION: lambda p: bool(p.reactions),
    Recorded.ADVERSE_EVENT: lambda p: bool(p.adverse_events),
    Recorded.PREGNANCY: lambda p: p.pregnant is not None or p.lactating is not None,
    Recorded.MEDICATION: lambda p: bool(p.medications),
    Recorded.SYMPTOM_CONTROL: lambda p: p.symptom_control is not None,
    Recorded.KIT_D816V: lambda p: p.kit_d816v is not None,
    Recorded.TPSAB1: lambda p: p.tpsab1_extra_copies is not None,
    Recorded.AGE: lambda p: p.birth_date is not None or p.age is not None,
    Recorded.WEIGHT: lambda p: p.weight is not None,
    Recorded.LAB: lambda p: bool(p.labs),
    Recorded.BIOPSY: lambda p: bool(p.biopsies),
    Recorded.KIT_TEST: lambda p: bool(p.kit_tests),
    Recorded.SKIN: lambda p: p.skin is not None,
    Recorded.ORGAN_FINDINGS: lambda p: p.organ_findings is not None,
    Recorded.ASSOCIATED_NEOPLASM: lambda p: p.associated_neoplasm is not None,
    Recorded.ANTIMEDIATOR_RESPONSE: lambda p: p.response_to_antimediators is not None,
    Recorded.SENSITISATION: lambda p: bool(p.sensitisations),
    Recorded.SCORE: lambda p: bool(p.scores),
    Recorded.EPISODE_DETAIL: lambda p: any(f.detailed for f in p.flares),
}

#: The public fields of a patient with their defaults (a field at its default was not given).
_FIELDS = tuple(
    (f.name, f.default) for f in attrs.fields(Patient) if not f.name.startswith("_")
)


def recorded_of(patient: Patient) -> list[str]:
    """The :class:`~mastcell.facts.Recorded` facts of a patient, by value (unknown: present).

    >>> from mastcell.testing import patient
    >>> from mastcell.model import PainAssessment
    >>> recorded_of(patient(pain=PainAssessment(score=3)))
    ['pain']
    """
    return [
        r.value for r in Recorded if (test := RECORDED.get(r)) is None or test(patient)
    ]


def _shape(patient: Patient, at: datetime) -> bool:
    """Whether every field given is a known one and nothing is refused at ``at``."""
    for name, default in _FIELDS:
        if name not in KNOWN_FIELDS and getattr(patient, name) != default:
            return False
    birth = patient.birth_date
    if birth is not None and day_of(birth) > day_of(at):
        return False  # the engine refuses it: the per-patient path writes the error
    for med in patient.medications:
        held = med.held_since
        if held is not None and (
            held > at if isinstance(held, datetime) else day_of(held) > day_of(at)
        ):
            return False
    return True


def _micros(moment: datetime) -> int:
    """An instant as microseconds since the epoch (equal instants, equal numbers)."""
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def patients_frame(
    patients: Sequence[Patient], at: datetime, read: frozenset[Analyte]
) -> pl.DataFrame:
    """One row of facts per patient (see the module); ``read``: the analytes rules read."""
    import polars as pl

    columns: dict[str, list[Any]] = {
        name: []
        for name in (
            "row",
            "shape",
            "diagnoses",
            "classes",
            "analytes",
            "recorded",
            "birth_date",
            "age",
            "weight",
            "medications",
            "unclassified",
            "paths",
            "aside",
            "censored",
        )
    }
    lab_rows: list[int] = []
    lab_analytes: list[str] = []
    lab_times: list[int] = []
    lab_values: list[float] = []
    for row, p in enumerate(patients):
        classes: set[str] = set()
        unclassified = 0
        for med in p.medications:
            found = match_drug(med.drug)
            if found is None:
                unclassified += 1
            else:
                classes.update(c.value for c in found.classes)
        aside = []
        censored = False
        for i, lab in enumerate(p.labs):
            if lab.analyte not in read or lab.time > at:
                aside.append(f"labs[{i}]")
            censored = censored or lab.comparator is not None
            lab_rows.append(row)
            lab_analytes.append(lab.analyte.value)
            lab_times.append(_micros(lab.time))
            lab_values.append(lab.canonical)
        columns["row"].append(row)
        columns["shape"].append(_shape(p, at))
        columns["diagnoses"].append([d.value for d in p.diagnoses])
        columns["classes"].append(sorted(classes))
        columns["analytes"].append(sorted({lab.analyte.value for lab in p.labs}))
        columns["recorded"].append(recorded_of(p))
        columns["birth_date"].append(p.birth_date is not None)
        columns["age"].append(p.age is not None)
        columns["weight"].append(p.weight is not None)
        columns["medications"].append(len(p.medications))
        columns["unclassified"].append(unclassified)
        columns["paths"].append(input_paths(p))
        columns["aside"].append(aside)
        columns["censored"].append(censored)
    text = pl.List(pl.String)
    frame = pl.DataFrame(
        columns,
        schema={
            "row": pl.Int64,
            "shape": pl.Boolean,
            "diagnoses": text,
            "classes": text,
            "analytes": text,
            "recorded": text,
            "birth_date": pl.Boolean,
            "age": pl.Boolean,
            "weight": pl.Boolean,
            "medications": pl.Int64,
            "unclassified": pl.Int64,
            "paths": text,
            "aside": text,
            "censored": pl.Boolean,
        },
    )
    labs = pl.DataFrame(
        {"row": lab_rows, "analyte": lab_analytes, "time": lab_times, "value": lab_values},
        schema={"row": pl.Int64, "analyte": pl.String, "time": pl.Int64, "value": pl.Float64},
    )
    conflicting = (
        labs.group_by("row", "analyte", "time")
        .agg((pl.col("value").n_unique() > 1).alias("conflicting"))
        .group_by("row")
        .agg(pl.col("conflicting").any())
    )
    return frame.join(conflicting, on="row", how="left").with_columns(
        pl.col("conflicting").fill_null(False)
    ).sort("row")
