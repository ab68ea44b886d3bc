"""The compact report: what a cohort analysis reads, without the prose.

A full report is about 19 KB of JSON, most of it text written for a clinician. The compact
form keeps what an analysis counts and joins on: each recommendation's code and indicator,
its structured dose (and schedule), the paths of the inputs that triggered it and the ids of
its sources; and the paths of the unused inputs. The code's first segment is its category.

>>> from mastcell import evaluate, patient_from_dict
>>> p = patient_from_dict({"id": "p1", "diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}})
>>> c = compact_report(evaluate(p, at="2026-11-22T12:00:00Z", categories=["emergency"]))
>>> c["recommendations"][0]["medication"]
{'drug': 'epinephrine', 'value': 0.3, 'unit': 'mg', 'frequency': 'prn', 'route': 'im'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mastcell.knowledge.options import options_to_dict
from mastcell.model import DoseAdvice, DoseAmount, Recommendation

if TYPE_CHECKING:
    from mastcell.report import Report

__all__ = ["compact_dose", "compact_json", "compact_recommendation", "compact_report"]


def compact_dose(advice: DoseAdvice) -> dict[str, Any]:
    """A proposed dose as flat numbers: drug, value or low/high, unit, frequency, route.

    >>> from mastcell import DoseRange
    >>> compact_dose(DoseAdvice(drug="cetirizine", dose=DoseRange(low=10, high=40, unit="mg"),
    ...                         frequency="daily"))
    {'drug': 'cetirizine', 'low': 10, 'high': 40, 'unit': 'mg', 'frequency': 'daily'}
    """
    out: dict[str, Any] = {"drug": advice.drug}
    dose = advice.dose
    if isinstance(dose, DoseAmount):
        out["value"] = dose.value
        out["unit"] = dose.unit
    elif dose is not None:
        out["low"] = dose.low
        out["high"] = dose.high
        out["unit"] = dose.unit
    if advice.frequency is not None:
        out["frequency"] = advice.frequency.value
    if advice.route is not None:
        out["route"] = advice.route.value
    if advice.at is not None:
        out["at"] = advice.at.isoformat()
    return out


def compact_recommendation(rec: Recommendation) -> dict[str, Any]:
    """A recommendation without prose: code, indicator, dose, finding paths, source ids.

    >>> from mastcell import Recommendation
    >>> compact_recommendation(Recommendation(code="emergency.triggers.avoid",
    ...                        indicator="info", summary="Avoid triggers", detail="..."))
    {'code': 'emergency.triggers.avoid', 'indicator': 'info', 'findings': [], 'sources': []}
    """
    out: dict[str, Any] = {"code": rec.code, "indicator": rec.indicator.value}
    if rec.medication is not None:
        out["medication"] = compact_dose(rec.medication)
    if rec.schedule:
        out["schedule"] = [compact_dose(item) for item in rec.schedule]
    out["findings"] = [f.input for f in rec.findings]
    out["sources"] = [e.source for e in rec.evidence]
    return out


def compact_report(report: Report) -> dict[str, Any]:
    """The report in compact form (plain JSON types).

    >>> from mastcell import evaluate, patient_from_dict
    >>> r = evaluate(patient_from_dict({"id": "x"}), at="2026-11-22T12:00:00Z")
    >>> sorted(compact_report(r))
    ['evaluated_at', 'mastcell_version', 'options', 'patient_id', 'recommendations', 'unused_inputs']
    """
    return {
        "patient_id": report.patient_id,
        "evaluated_at": report.evaluated_at.isoformat(),
        "mastcell_version": report.mastcell_version,
        "recommendations": [compact_recommendation(r) for r in report.recommendations],
        "unused_inputs": [u.input for u in report.unused_inputs],
        "options": options_to_dict(report.options),
    }


def compact_json(report: Report) -> str:
    """The compact form as one line of JSON text (through orjson with the ``fast`` extra).

    The text is ``json.dumps(compact_report(report), ensure_ascii=False)`` byte for byte.

    >>> from mastcell import evaluate, patient_from_dict
    >>> compact_json(evaluate(patient_from_dict({"id": "x"}), at="2026-11-22T12:00:00Z"))[:19]
    '{"patient_id": "x",'
    """
    from mastcell._fastjson import dumps
    from mastcell.interchange import _float_kinds

    finite, plain = _float_kinds(report)  # its floats are doses, a subset of the report's
    return dumps(compact_report(report), indent=None, finite=finite, plain_floats=plain)
