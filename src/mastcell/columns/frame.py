"""Patients as a polars frame: one row of facts per patient.

The rows are written from validated patients (:class:`~mastcell.Patient`), so units,
dates and vocabularies are already checked and converted once, exactly as the per-patient
path does; this module only lays them out in columns:

- ``row``: the patient's position in the chunk;
- ``shape``: whether every input the patient carries is one the columnar rules know how to
  account for (:data:`KNOWN_FIELDS`) and none is refused at the evaluation moment; any other
  field given sends the patient to the per-patient engine;
- ``diagnoses``, ``classes`` (the drug classes of the medications, from the drug vocabulary,
  any status), ``analytes`` (present at any time), ``recorded`` (the
  :class:`~mastcell.facts.Recorded` facts): what the rules' triggers are read from, each a
  set of members as the bits of one integer (:func:`bit`);
- ``birth_date``, ``age``, ``weight``: whether each was given; ``medications``: how many;
- ``unclassified``: medications the drug vocabulary does not know;
- ``censored``: a result reported as a bound; ``conflicting``: results of one analyte drawn
  at the same instant with different values (grouped over a frame of the lab results);
- ``lab_bits``: the analyte bit of each lab result, in input order (``labs[i]`` is read by a
  rule whose count and series reads cover its analyte: the accounting);
- ``ingredients``: the ingredients and generic names of every medication, any status (what
  :class:`~mastcell.reads.NamedRead` and the catalogue's per-generic checks match);
  ``repeated``: one of them belongs to two medications;
- per blood count (:data:`LATEST`), ``latest_<analyte>`` and ``lln_<analyte>``: the latest
  measured result at the evaluation moment (:meth:`Patient.latest <mastcell.Patient.latest>`,
  in canonical units) and the lab's lower limit of normal for it (null: none given). A derived
  ANC is not laid out: the rules reading the ANC decide columnar only without a neutrophil %.

>>> from mastcell.testing import AT, lab, patient
>>> frame = patients_frame([patient(diagnoses=["hat"], labs=[lab("tryptase", 9, "ng/mL")])], AT)
>>> row = frame.row(0, named=True)
>>> row["shape"], row["diagnoses"] == bit(Diagnosis.HAT), row["conflicting"]
(True, True, False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.facts import Recorded
from mastcell.knowledge.drugs import match_drug
from mastcell.model import Analyte, Diagnosis, DrugClass, Patient
from mastcell.model.dates import day_of

if TYPE_CHECKING:
    import polars as pl

__all__ = ["KNOWN_FIELDS", "LATEST", "RECORDED", "bit", "patients_frame", "recorded_of"]

#: Members of a vocabulary beyond this position have no bit: a trigger among them holds for
#: every patient (the gate then sends them to the per-patient engine), never for none.
WIDTH = 63


def bit(member: Analyte | Diagnosis | DrugClass | Recorded) -> int:
    """The bit of a vocabulary member in its column (0: none, the vocabulary is too wide).

    >>> bit(Recorded.PAIN), bit(Recorded.PROCEDURE)
    (1, 2)
    """
    return _BITS.get((type(member), member), 0)


#: Keyed by vocabulary and member, as ``mastcell.facts.trigger_key``: equal values of two
#: vocabularies stay apart.
_BITS: dict[tuple[type, object], int] = {
    (vocabulary, member): 1 << i
    for vocabulary in (Analyte, Diagnosis, DrugClass, Recorded)
    for i, member in enumerate(vocabulary)
    if i < WIDTH
}

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

#: The public fields of a patient outside :data:`KNOWN_FIELDS`, with their defaults (a field
#: at its default was not given).
_OTHER_FIELDS = tuple(
    (f.name, f.default)
    for f in attrs.fields(Patient)
    if not f.name.startswith("_") and f.name not in KNOWN_FIELDS
)


def recorded_of(patient: Patient) -> frozenset[Recorded]:
    """The :class:`~mastcell.facts.Recorded` facts of a patient (a member not known: present).

    >>> from mastcell.testing import patient
    >>> from mastcell.model import PainAssessment
    >>> sorted(recorded_of(patient(pain=PainAssessment(score=3))))
    [<Recorded.PAIN: 'pain'>]
    """
    return frozenset(r for r in Recorded if (test := RECORDED.get(r)) is None or test(patient))


def _shape(patient: Patient, at: datetime) -> bool:
    """Whether every field given is a known one and nothing is refused at ``at``."""
    for name, default in _OTHER_FIELDS:
        if getattr(patient, name) != default:
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


def _mask(members: Iterable[Analyte | Diagnosis | DrugClass]) -> int:
    out = 0
    for member in members:
        out |= bit(member)
    return out


def patients_frame(patients: Sequence[Patient], at: datetime) -> pl.DataFrame:
    """One row of facts per patient, in order (see the module).

    >>> from mastcell.testing import AT, med, patient
    >>> frame = patients_frame([patient(medications=[med("famotidine"), med("nodrugknown")])], AT)
    >>> frame.select("medications", "unclassified", "classes").row(0) == (2, 1, bit(DrugClass.H2))
    True
    """
    import polars as pl

    columns: dict[str, list[Any]] = {name: [] for name in _NAMES}
    lab_rows: list[int] = []
    lab_analytes: list[int] = []
    lab_times: list[int] = []
    lab_values: list[float] = []
    for row, p in enumerate(patients):
        classes: set[DrugClass] = set()
        ingredients: set[str] = set()
        unclassified = 0
        repeated = False
        for med in p.medications:
            found = match_drug(med.drug)
            if found is None:
                unclassified += 1
            else:
                classes.update(found.classes)
                names = set(found.ingredients)
                if found.generic is not None:
                    names.add(found.generic)
                repeated = repeated or not ingredients.isdisjoint(names)
                ingredients.update(names)
        censored = False
        analytes = 0
        for lab in p.labs:
            censored = censored or lab.comparator is not None
            code = _ORDINAL[lab.analyte]
            analytes |= bit(lab.analyte)
            lab_rows.append(row)
            lab_analytes.append(code)
            lab_times.append(_micros(lab.time))
            lab_values.append(lab.canonical)
        columns["row"].append(row)
        columns["shape"].append(_shape(p, at))
        columns["diagnoses"].append(_mask(p.diagnoses))
        columns["classes"].append(_mask(classes))
        columns["analytes"].append(analytes)
        columns["recorded"].append(_recorded_mask(p))
        columns["birth_date"].append(p.birth_date is not None)
        columns["age"].append(p.age is not None)
        columns["weight"].append(p.weight is not None)
        columns["medications"].append(len(p.medications))
        columns["unclassified"].append(unclassified)
        columns["censored"].append(censored)
        columns["lab_bits"].append([bit(lab.analyte) for lab in p.labs])
        columns["ingredients"].append(sorted(ingredients))
        columns["repeated"].append(repeated)
        for analyte in LATEST:
            latest = p.latest(analyte, at)
            columns[f"latest_{analyte.value}"].append(None if latest is None else latest.canonical)
            columns[f"lln_{analyte.value}"].append(None if latest is None else latest.canonical_low)
    frame = pl.DataFrame(columns, schema=_schema())
    labs = pl.DataFrame(
        {"row": lab_rows, "analyte": lab_analytes, "time": lab_times, "value": lab_values},
        schema={"row": pl.Int64, "analyte": pl.Int64, "time": pl.Int64, "value": pl.Float64},
    )
    conflicting = (
        labs.group_by("row", "analyte", "time")
        .agg((pl.col("value").n_unique() > 1).alias("conflicting"))
        .group_by("row")
        .agg(pl.col("conflicting").any())
    )
    return (
        frame.join(conflicting, on="row", how="left")
        .with_columns(pl.col("conflicting").fill_null(False))
        .sort("row")
    )


_ORDINAL = {a: i for i, a in enumerate(Analyte)}

#: The blood counts whose latest result and lower limit of normal each row carries.
LATEST = (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN)
#: Per Recorded member: its bit and its test (None: present for every patient).
_RECORDED_TESTS = tuple((bit(r), RECORDED.get(r)) for r in Recorded)


def _recorded_mask(patient: Patient) -> int:
    """:func:`recorded_of` as the bits of the ``recorded`` column."""
    out = 0
    for flag, test in _RECORDED_TESTS:
        if test is None or test(patient):
            out |= flag
    return out


_NAMES = (
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
    "censored",
    "lab_bits",
    "ingredients",
    "repeated",
    *(f"{kind}_{a.value}" for a in LATEST for kind in ("latest", "lln")),
)


def _schema() -> dict[str, Any]:
    import polars as pl

    types = {
        "row": pl.Int64,
        "shape": pl.Boolean,
        "diagnoses": pl.Int64,
        "classes": pl.Int64,
        "analytes": pl.Int64,
        "recorded": pl.Int64,
        "birth_date": pl.Boolean,
        "age": pl.Boolean,
        "weight": pl.Boolean,
        "medications": pl.Int64,
        "unclassified": pl.Int64,
        "censored": pl.Boolean,
        "lab_bits": pl.List(pl.Int64),
        "ingredients": pl.List(pl.String),
        "repeated": pl.Boolean,
        **{f"{kind}_{a.value}": pl.Float64 for a in LATEST for kind in ("latest", "lln")},
    }
    return {name: types[name] for name in _NAMES}
