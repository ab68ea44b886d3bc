"""Where WHO 2022 and ICC 2022 disagree: status, subtype, each criterion and each finding.

WHO's ``bmm`` against ICC's ``ism`` with the ``bmm`` variant counts as a disagreement on the
subtype: the two schemes name it differently (DX11).
"""

from __future__ import annotations

from mastcell.diagnosis.result import Disagreement, SchemeResult
from mastcell.model.classification import BFinding, CFinding, MinorCriterion

__all__ = ["disagreements"]


def disagreements(who: SchemeResult, icc: SchemeResult) -> tuple[Disagreement, ...]:
    """Every point where the two schemes' results differ, in the order of the output.

    >>> from mastcell import classify, patient_from_dict
    >>> c = classify(patient_from_dict({"biopsies": [{"date": "2026-09-01",
    ...     "site": "bone_marrow", "aggregates": True}]}), at="2026-11-22T12:00:00Z")
    >>> [d.topic for d in disagreements(c.who2022, c.icc2022)]
    ['major']
    """
    out: list[Disagreement] = []

    def differ(topic: str, a: str, b: str) -> None:
        if a != b:
            out.append(Disagreement(topic=topic, who2022=a, icc2022=b))

    differ("status", who.status.value, icc.status.value)
    differ("major", who.major.status.value, icc.major.status.value)
    for key in MinorCriterion:
        differ(f"minor.{key.value}", who.minor[key].status.value, icc.minor[key].status.value)
    differ("subtype", who.subtype_text, icc.subtype_text)
    for b in BFinding:
        differ(
            f"b_findings.{b.value}",
            who.b_findings[b].status.value,
            icc.b_findings[b].status.value,
        )
    for c in CFinding:
        differ(
            f"c_findings.{c.value}",
            who.c_findings[c].status.value,
            icc.c_findings[c].status.value,
        )
    return tuple(out)
