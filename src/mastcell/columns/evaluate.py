"""Gate, fit and write: the compact reports of the patients the columnar rules decide.

:func:`compact_texts` takes validated patients and returns, per patient, the compact report
JSON text the per-patient engine would write (with its number of recommendations), or None
for a patient the columnar path cannot decide, which the caller evaluates one by one.

The gate is the engine's: a registered rule of the chosen categories runs for a patient when
one of its declared triggers holds (or it declares none). A patient fits when

- its frame row has a known shape (:mod:`mastcell.columns.frame`),
- no medication is unknown to the drug vocabulary (the guard reads those),
- and every rule gated in has a columnar version (:mod:`mastcell.columns.table`) that
  decides it.

For a patient that fits, the report holds what those versions fire (today: nothing, each is
silent where it decides), and the accounting the engine does: every input path not cited is
unused when it was set aside before the rules or when no gated rule read it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mastcell._version import __version__
from mastcell.accounting import input_paths
from mastcell.columns.declared import lab_mask, medications_absent
from mastcell.columns.frame import bit, patients_frame
from mastcell.columns.table import COLUMN_RULES, ColumnRule
from mastcell.engine import parse_categories, parse_time
from mastcell.exceptions import MastcellError
from mastcell.facts import Recorded, Trigger
from mastcell.knowledge.options import Options, options_to_dict
from mastcell.model import Analyte, Category, Diagnosis, DiagnosisFamily, DrugClass, Patient
from mastcell.rules.registry import DEFAULT_OPTIONS, Rule, registered_rules

if TYPE_CHECKING:
    import polars as pl

__all__ = ["compact_texts", "fits", "gated", "require_polars"]


def require_polars() -> Any:
    """polars, or a mastcell error naming the extra that brings it.

    (Typed ``Any``, as :mod:`mastcell.cohort.progress` types tqdm: the type-checking
    environment may lack the ``cohort`` extra.)

    >>> require_polars().__name__
    'polars'
    """
    try:
        import polars
    except ImportError:
        raise MastcellError(
            "the columnar path needs polars: install it with `pip install 'mastcell[cohort]'`"
        ) from None
    return polars


_COLUMNS = {Recorded: "recorded", Analyte: "analytes", DrugClass: "classes", Diagnosis: "diagnoses"}


def _any_bit(column: str, mask: int) -> pl.Expr:
    import polars as pl

    return (pl.col(column) & mask) != 0


def _holds(trigger: Trigger) -> pl.Expr:
    """Whether a trigger holds, as a column (a trigger without a bit: always, conservatively).

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.testing import AT, patient
    >>> frame = patients_frame([patient(diagnoses=["ism"]), patient(diagnoses=["hat"])], AT)
    >>> frame.select(_holds(DiagnosisFamily.MAST_CELL_DISORDER)).to_series().to_list()
    [True, False]
    """
    import polars as pl

    if isinstance(trigger, DiagnosisFamily):
        members = [bit(d) for d in trigger.members]
        if not all(members):
            return pl.lit(True)
        return _any_bit("diagnoses", sum(members))
    found = bit(trigger)
    if not found:
        return pl.lit(True)
    return _any_bit(_COLUMNS[type(trigger)], found)


def gated(r: Rule) -> pl.Expr:
    """Whether the engine runs ``r`` for the patient: any trigger holds, or it has none.

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.rules.registry import registered_rules
    >>> from mastcell.testing import AT, patient
    >>> r = next(r for r in registered_rules() if r.name.endswith("emergency.epinephrine_prescribe"))
    >>> frame = patients_frame([patient(diagnoses=["ism"]), patient(diagnoses=["hat"])], AT)
    >>> frame.select(gated(r)).to_series().to_list()
    [True, False]
    """
    import polars as pl

    if not r.triggers:
        return pl.lit(True)
    return pl.any_horizontal(*(_holds(t) for t in sorted(r.triggers, key=str)))


def fits(
    rules: Sequence[Rule], columnar: dict[str, ColumnRule], options: Options = DEFAULT_OPTIONS
) -> tuple[pl.Expr, list[pl.Expr], list[pl.Expr]]:
    """The fit of each patient as a column; per columnar rule gated in, its read paths and lab mask.

    The lab mask holds the analyte bits of the results the rule's declared count and series
    reads cover, in the stages it reaches (:mod:`mastcell.columns.declared`).

    >>> from mastcell.rules.registry import registered_rules
    >>> fit, reads, labs = fits(registered_rules(), {r.rule: r for r in COLUMN_RULES})
    >>> len(reads) == len(labs) == len(COLUMN_RULES)
    True
    """
    import polars as pl

    fit = pl.col("shape") & (pl.col("unclassified") == 0)
    reads = []
    labs = []
    for r in rules:
        runs = gated(r)
        version = columnar.get(r.name)
        if version is None:
            fit = fit & ~runs
            continue
        decides = version.decides(options)
        mask = 0
        if version.stages is not None:
            reached = [read for stage in r.stages[: version.stages] for read in stage]
            mask = lab_mask(reached)
            decides = decides & medications_absent(reached)
        fit = fit & (~runs | decides)
        reads.append(
            pl.when(runs).then(version.reads()).otherwise(pl.lit([], dtype=pl.List(pl.String)))
        )
        labs.append(pl.when(runs).then(pl.lit(mask)).otherwise(pl.lit(0)))
    return fit, reads, labs


def _aside(patient: Patient, at: datetime, read: frozenset[Analyte]) -> set[str]:
    """The lab results the engine sets aside before any rule (as ``engine._unused`` does).

    An analyte no rule of the chosen categories reads, or a result drawn after the moment.
    (Medications and planned agents the vocabulary does not know are set aside too; a
    patient with one does not fit.)
    """
    return {
        f"labs[{i}]"
        for i, lab in enumerate(patient.labs)
        if lab.analyte not in read or lab.time > at
    }


def compact_texts(
    patients: Sequence[Patient],
    *,
    at: datetime | str,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
) -> list[tuple[int, str] | None]:
    """Per patient: (recommendations, compact report JSON text), or None to evaluate alone.

    The text is what :func:`mastcell.cohort.compact.compact_json` writes for
    ``mastcell.engine.decide(patient, at=at, categories=categories, options=options)``.

    >>> from mastcell import patient_from_dict
    >>> from mastcell.cohort.compact import compact_json
    >>> from mastcell.engine import decide
    >>> at = "2026-11-22T12:00:00Z"
    >>> p = patient_from_dict({"id": "a", "diagnoses": ["hat"], "weight": {"value": 70, "unit": "kg"}})
    >>> q = patient_from_dict({"id": "b", "diagnoses": ["ism"]})
    >>> out = compact_texts([p, q], at=at)
    >>> out[0] == (0, compact_json(decide(p, at=at))), out[1]
    (True, None)
    """
    require_polars()
    import polars as pl

    when = parse_time(at)
    chosen = parse_categories(categories)
    rules = [r for r in registered_rules() if r.category in chosen]
    read: frozenset[Analyte] = frozenset().union(*(r.reads for r in rules))
    frame = patients_frame(patients, when)
    chosen_options = options if options is not None else DEFAULT_OPTIONS
    fit, reads, labs = fits(rules, {r.rule: r for r in COLUMN_RULES}, chosen_options)
    read_paths = pl.concat_list(*reads) if reads else pl.lit([], dtype=pl.List(pl.String))
    lab_read = pl.reduce(lambda a, b: a | b, labs) if labs else pl.lit(0)
    decided = frame.select(
        fit.alias("fit"), read_paths.alias("read"), lab_read.alias("labs"), "lab_bits"
    )
    stated = json.dumps(
        options_to_dict(chosen_options),
        ensure_ascii=False,
    )
    middle = (
        f', "evaluated_at": {json.dumps(when.isoformat())}, '
        f'"mastcell_version": {json.dumps(__version__)}, "recommendations": [], '
        '"unused_inputs": '
    )
    tail = f', "options": {stated}}}'
    out: list[tuple[int, str] | None] = []
    for patient, (fit_row, read_row, mask, lab_bits) in zip(
        patients, decided.iter_rows(), strict=True
    ):
        if not fit_row:
            out.append(None)
            continue
        seen, set_aside = set(read_row), _aside(patient, when, read)
        seen.update(f"labs[{i}]" for i, b in enumerate(lab_bits) if b & mask)
        unused = [p for p in input_paths(patient) if p in set_aside or p not in seen]
        out.append(
            (
                0,
                '{"patient_id": '
                + json.dumps(patient.id, ensure_ascii=False)
                + middle
                + json.dumps(unused, ensure_ascii=False)
                + tail,
            )
        )
    return out
