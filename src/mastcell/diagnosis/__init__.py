"""Diagnosis support: SM under WHO 2022 and ICC 2022 side by side, B/C-findings, MCAS, NICAS.

The fact ids are those of the diagnosis sheet (DX, BC, MC, SC; issue 19).

:func:`mastcell.classify` returns a :class:`mastcell.Classification`. The criteria, thresholds and limits are
typed data in :mod:`mastcell.knowledge.diagnosis`, :mod:`mastcell.knowledge.findings`,
:mod:`mastcell.knowledge.mcas` and :mod:`mastcell.knowledge.scores`; the modules here decide
in small pure functions of the inputs read once (:mod:`mastcell.diagnosis.inputs`).

>>> from mastcell import classify, patient_from_dict
>>> classify(patient_from_dict({}), at="2026-11-22T12:00:00Z").mcas.status.value
'indeterminate'
"""

from mastcell.diagnosis.assemble import classify
from mastcell.diagnosis.result import Classification, Disagreement, McasResult, SchemeResult

__all__ = ["Classification", "Disagreement", "McasResult", "SchemeResult", "classify"]
