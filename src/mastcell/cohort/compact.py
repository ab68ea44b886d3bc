"""The compact report: what a cohort analysis reads, without the prose.

A full report is about 19 KB of JSON, most of it text written for a clinician. The compact
form keeps what an analysis counts and joins on: each recommendation's code and indicator,
its structured dose (and schedule), the paths of the inputs that triggered it and the ids of
its sources; and the paths of the unused inputs. The code's first segment is its category.

It is written from a :class:`~mastcell.report.Report` or, without writing any text first,
from the :class:`~mastcell.outcome.Outcome` of :func:`mastcell.engine.decide`: both give the
same JSON.

>>> from mastcell import evaluate, patient_from_dict
>>> p = patient_from_dict({"id": "p1", "diagnoses": ["ism"], "weight": {"value": 70, "unit": "kg"}})
>>> c = compact_report(evaluate(p, at="2026-11-22T12:00:00Z", categories=["emergency"]))
>>> c["recommendations"][0]["medication"]
{'drug': 'epinephrine', 'value': 0.3, 'unit': 'mg', 'frequency': 'prn', 'route': 'im'}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mastcell.decision import Decision
from mastcell.knowledge.options import options_to_dict
from mastcell.model import DoseAdvice, DoseAmount, Recommendation
from mastcell.outcome import Outcome

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


def _compact_decision(decision: Decision) -> dict[str, Any]:
    """:func:`compact_recommendation` of the recommendation a decision will read as."""
    out: dict[str, Any] = {"code": decision.code, "indicator": decision.indicator.value}
    if decision.medication is not None:
        out["medication"] = compact_dose(decision.medication)
    if decision.schedule:
        out["schedule"] = [compact_dose(item.advice) for item in decision.schedule]
    out["findings"] = [f.input for f in decision.findings]
    out["sources"] = list(decision.sources)
    return out


def compact_report(report: Report | Outcome) -> dict[str, Any]:
    """The report in compact form (plain JSON types), from a report or an outcome.

    >>> from mastcell import evaluate, patient_from_dict
    >>> from mastcell.engine import decide
    >>> p = patient_from_dict({"id": "x"})
    >>> r = evaluate(p, at="2026-11-22T12:00:00Z")
    >>> sorted(compact_report(r))
    ['evaluated_at', 'mastcell_version', 'options', 'patient_id', 'recommendations', 'unused_inputs']
    >>> compact_report(decide(p, at="2026-11-22T12:00:00Z")) == compact_report(r)
    True
    """
    recommendations = (
        [_compact_decision(d) for d in report.decisions]
        if isinstance(report, Outcome)
        else [compact_recommendation(r) for r in report.recommendations]
    )
    return {
        "patient_id": report.patient_id,
        "evaluated_at": report.evaluated_at.isoformat(),
        "mastcell_version": report.mastcell_version,
        "recommendations": recommendations,
        "unused_inputs": [u.input for u in report.unused_inputs],
        "options": options_to_dict(report.options),
    }


def compact_json(report: Report | Outcome) -> str:
    """The compact form as one line of JSON text (through orjson with the ``fast`` extra).

    The text is ``json.dumps(compact_report(report), ensure_ascii=False)`` byte for byte.

    >>> from mastcell import evaluate, patient_from_dict
    >>> compact_json(evaluate(patient_from_dict({"id": "x"}), at="2026-11-22T12:00:00Z"))[:19]
    '{"patient_id": "x",'
    """
    from mastcell._fastjson import dumps
    from mastcell.interchange import float_kinds

    finite, plain = float_kinds(report)  # its floats are doses, a subset of the report's
    return dumps(compact_report(report), indent=None, finite=finite, plain_floats=plain)
