"""The columnar path: rules as column expressions over a polars frame of many patients.

A cohort evaluated one patient at a time pays, per patient, for the facts view, every rule
whose triggers hold, the guard and the accounting. Many patients of a cohort are alike, and
the rules that concern them can be written as expressions over columns, one row per patient,
evaluated for thousands of patients at once (issue 20, item 4).

The path is **correct first**: its output for a patient is byte for byte the compact report
JSON the per-patient engine writes (:func:`mastcell.cohort.compact.compact_json`), and a
patient goes through it only when it can say so:

1. Each patient is read by the validated model (:func:`mastcell.patient_from_dict`), so bad
   input gives exactly the per-patient path's detailed errors (it falls back).
2. :mod:`mastcell.columns.frame` writes one row of facts per patient: diagnoses, the drug
   classes of the medications (from the drug vocabulary), analytes present, the
   :class:`~mastcell.facts.Recorded` facts, the input paths to account for; and ``shape``,
   whether every input the patient carries is one the columnar rules know about.
3. :mod:`mastcell.columns.table` holds the columnar versions of converted rules, each naming
   the registered rule it stands for, with expressions for *where it decides* (the patients
   for whom the expression gives exactly the rule's output), *what it reads* (the input paths,
   for the accounting) and *what it fires*.
4. :mod:`mastcell.columns.evaluate` gates every registered rule of the chosen categories on
   its declared triggers, as columns. A patient **fits** when its shape is known and every
   rule whose triggers hold for it has a columnar version that decides it; any other patient
   (a rule without a columnar version could apply, an unknown drug, a censored value, a
   field the columnar rules do not read) goes through the per-patient engine.

Needs the ``cohort`` extra (polars), imported on first use with a message naming the extra.

>>> from mastcell import patient_from_dict
>>> from mastcell.columns import compact_texts
>>> p = patient_from_dict({"id": "a", "diagnoses": ["hat"], "birth_date": "1990-01-01"})
>>> compact_texts([p], at="2026-11-22T12:00:00Z")[0][1][:40]
'{"patient_id": "a", "evaluated_at": "202'
"""

from mastcell.columns.evaluate import compact_texts, require_polars
from mastcell.columns.table import COLUMN_RULES, ColumnRule

__all__ = ["COLUMN_RULES", "ColumnRule", "compact_texts", "require_polars"]
