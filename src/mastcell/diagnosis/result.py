"""The classification of a patient: SM under WHO 2022 and ICC 2022, MCAS, NICAS, side by side.

:class:`Classification` is what :func:`mastcell.classify` returns. Like a
:class:`~mastcell.report.Report` it is immutable and renders as interchange data
(``to_dict``, ``to_json``, with a JSON Schema shipped as
``mastcell/schema/classification.schema.json``), as text and as HTML in Jupyter.
"""

from __future__ import annotations

import html
import json
import textwrap
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from mastcell.diagnosis.assessment import Assessment
from mastcell.diagnosis.nicas import NicasRange
from mastcell.model.classification import (
    BFinding,
    CFinding,
    DiagnosisStatus,
    McasCriterion,
    McasVariant,
    MinorCriterion,
    Scheme,
    SmSubtype,
)
from mastcell.report import DISCLAIMER, printable, table_css

__all__ = ["FORMAT_VERSION", "Classification", "Disagreement", "McasResult", "SchemeResult"]

#: The version of the classification's interchange shape.
FORMAT_VERSION = 1


@attrs.frozen(kw_only=True)
class SchemeResult:
    """SM under one scheme: the diagnosis, each criterion, the subtype, B- and C-findings.

    ``subtype`` is given only when the diagnosis is met and one subtype remains; ``possible``
    keeps every subtype the known inputs still allow (what a recorded diagnosis is compared
    with). ``variant`` is ICC 2022's BMM variant of ISM.

    >>> from mastcell import classify, patient_from_dict
    >>> who = classify(patient_from_dict({}), at="2026-11-22T12:00:00Z").who2022
    >>> who.status.value, sorted(s.value for s in who.possible)
    ('indeterminate', ['asm', 'bmm', 'ism', 'mcl', 'ssm'])
    """

    scheme: Scheme
    status: DiagnosisStatus
    major: Assessment
    minor: Mapping[MinorCriterion, Assessment]
    b_findings: Mapping[BFinding, Assessment]
    c_findings: Mapping[CFinding, Assessment]
    subtype: SmSubtype | None
    variant: SmSubtype | None
    possible: frozenset[SmSubtype]
    missing: tuple[str, ...]
    sources: tuple[str, ...]
    #: The rungs of the subtype ladder walked, in order.
    ladder: tuple[tuple[SmSubtype, Assessment], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The scheme's part of :meth:`mastcell.Classification.to_dict`."""
        out: dict[str, Any] = {
            "status": self.status.value,
            "major": self.major.status.value,
            "minor": {k.value: a.status.value for k, a in self.minor.items()},
            "subtype": None if self.subtype is None else self.subtype.value,
        }
        if self.scheme is Scheme.ICC_2022:
            out["variant"] = None if self.variant is None else self.variant.value
        out["b_findings"] = {k.value: a.status.value for k, a in self.b_findings.items()}
        out["c_findings"] = {k.value: a.status.value for k, a in self.c_findings.items()}
        out["missing"] = list(self.missing)
        out["sources"] = list(self.sources)
        return out

    @property
    def subtype_text(self) -> str:
        """The subtype as text (``ism (variant bmm)``), or ``-``.

        >>> from mastcell.diagnosis.assessment import assess
        >>> from mastcell.model.classification import CriterionStatus
        >>> a = assess(CriterionStatus.MET)
        >>> r = SchemeResult(scheme=Scheme.ICC_2022, status=DiagnosisStatus.MET, major=a,
        ...                  minor={}, b_findings={}, c_findings={}, subtype=SmSubtype.ISM,
        ...                  variant=SmSubtype.BMM, possible=frozenset({SmSubtype.ISM}),
        ...                  missing=(), sources=())
        >>> r.subtype_text
        'ism (variant bmm)'
        """
        if self.subtype is None:
            return "-"
        if self.variant is not None:
            return f"{self.subtype.value} (variant {self.variant.value})"
        return self.subtype.value


@attrs.frozen(kw_only=True)
class McasResult:
    """The consensus MCAS criteria (MC1), the status and the variant (MC6).

    >>> from mastcell import classify, patient_from_dict
    >>> m = classify(patient_from_dict({"response_to_antimediators": "improved"}),
    ...              at="2026-11-22T12:00:00Z").mcas
    >>> m.to_dict()["criteria"]
    {'symptoms': 'unknown', 'mediator': 'unknown', 'response': 'met'}
    """

    status: DiagnosisStatus
    criteria: Mapping[McasCriterion, Assessment]
    variant: McasVariant | None
    missing: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ``mcas`` part of :meth:`mastcell.Classification.to_dict`."""
        return {
            "status": self.status.value,
            "criteria": {k.value: a.status.value for k, a in self.criteria.items()},
            "variant": None if self.variant is None else self.variant.value,
            "missing": list(self.missing),
        }


@attrs.frozen(kw_only=True)
class Disagreement:
    """A point where WHO 2022 and ICC 2022 give different results.

    >>> Disagreement(topic="subtype", who2022="bmm", icc2022="ism (variant bmm)").topic
    'subtype'
    """

    topic: str
    who2022: str
    icc2022: str

    def to_dict(self) -> dict[str, str]:
        """As interchange data."""
        return {"topic": self.topic, "who2022": self.who2022, "icc2022": self.icc2022}


def _status_text(status: DiagnosisStatus) -> str:
    return status.value.replace("_", " ")


@attrs.frozen(kw_only=True, repr=False)
class Classification:
    """The result of :func:`mastcell.classify`: both SM schemes, MCAS and NICAS, side by side.

    Decision support: each criterion is met, not met, unknown or not applicable, and what is
    missing is listed; a subtype is never given from missing data.

    >>> from mastcell import classify, patient_from_dict
    >>> c = classify(patient_from_dict({"id": "demo"}), at="2026-11-22T12:00:00Z")
    >>> c.who2022.status.value, c.icc2022.status.value, c.nicas is None
    ('indeterminate', 'indeterminate', True)
    >>> sorted(c.to_dict())
    ['disagreements', 'evaluated_at', 'format_version', 'mcas', 'nicas', 'notes', 'patient_id', 'systemic_mastocytosis']
    """

    patient_id: str | None
    evaluated_at: datetime
    who2022: SchemeResult
    icc2022: SchemeResult
    mcas: McasResult
    nicas: NicasRange | None
    disagreements: tuple[Disagreement, ...]
    notes: tuple[str, ...]

    @property
    def schemes(self) -> tuple[SchemeResult, SchemeResult]:
        """WHO 2022, then ICC 2022."""
        return (self.who2022, self.icc2022)

    def __repr__(self) -> str:
        """A short summary: the SM status and subtype under each scheme, MCAS, NICAS.

        >>> from mastcell import classify, patient_from_dict
        >>> classify(patient_from_dict({"id": "d"}), at="2026-11-22T12:00:00Z")
        <Classification 'd': SM WHO 2022 indeterminate, ICC 2022 indeterminate; MCAS indeterminate>
        """
        parts = []
        for r in self.schemes:
            sub = f" {r.subtype_text}" if r.subtype is not None else ""
            parts.append(f"{r.scheme.label} {_status_text(r.status)}{sub}")
        tail = f"; MCAS {_status_text(self.mcas.status)}"
        if self.nicas is not None:
            tail += f"; NICAS {self.nicas.low}..{self.nicas.high}"
        return f"<Classification {self.patient_id!r}: SM {', '.join(parts)}{tail}>"

    def to_dict(self) -> dict[str, Any]:
        """The classification as interchange data (plain JSON types), in the documented shape."""
        nicas = self.nicas
        return {
            "format_version": FORMAT_VERSION,
            "patient_id": self.patient_id,
            "evaluated_at": self.evaluated_at.isoformat(),
            "systemic_mastocytosis": {r.scheme.value: r.to_dict() for r in self.schemes},
            "mcas": self.mcas.to_dict(),
            "nicas": None
            if nicas is None
            else {"low": nicas.low, "high": nicas.high, "missing": list(nicas.missing)},
            "disagreements": [d.to_dict() for d in self.disagreements],
            "notes": list(self.notes),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The classification as JSON text (``json.dumps(to_dict())``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def _rows(self) -> list[tuple[str, str, str]]:
        who, icc = self.who2022, self.icc2022
        rows = [
            ("status", _status_text(who.status), _status_text(icc.status)),
            ("major criterion", who.major.status.value, icc.major.status.value),
        ]
        for key in MinorCriterion:
            rows.append(
                (f"minor: {key.value}", who.minor[key].status.value, icc.minor[key].status.value)
            )
        rows.append(("subtype", who.subtype_text, icc.subtype_text))
        for b in BFinding:
            rows.append(
                (
                    f"B-finding: {b.value}",
                    who.b_findings[b].status.value,
                    icc.b_findings[b].status.value,
                )
            )
        for c in CFinding:
            rows.append(
                (
                    f"C-finding: {c.value}",
                    who.c_findings[c].status.value,
                    icc.c_findings[c].status.value,
                )
            )
        return rows

    def render_text(self, *, width: int = 100) -> str:
        """A plain-text rendering for terminals and logs; control characters are escaped."""
        esc = printable
        lines = [
            f"mastcell classification for {esc(self.patient_id or '(no id)')} at "
            f"{self.evaluated_at.isoformat()}",
            textwrap.fill(DISCLAIMER, width),
            "",
            "Systemic mastocytosis",
            f"    {'':<26}{'WHO 2022':<22}ICC 2022",
        ]
        lines += [f"    {a:<26}{b:<22}{c}" for a, b, c in self._rows()]
        for r in self.schemes:
            if r.missing:
                lines.append(
                    textwrap.fill(
                        esc(f"Missing ({r.scheme.label}): {'; '.join(r.missing)}"),
                        width,
                        initial_indent="    ",
                        subsequent_indent="        ",
                    )
                )
            lines.append(f"    Sources ({r.scheme.label}): {', '.join(r.sources)}")
        m = self.mcas
        criteria = ", ".join(f"{k.value} {a.status.value}" for k, a in m.criteria.items())
        lines += [
            "",
            f"MCAS: {_status_text(m.status)} ({criteria}); variant "
            f"{m.variant.value if m.variant else '-'}",
        ]
        if m.missing:
            lines.append(
                textwrap.fill(
                    esc(f"Missing: {'; '.join(m.missing)}"),
                    width,
                    initial_indent="    ",
                    subsequent_indent="        ",
                )
            )
        if self.nicas is None:
            lines.append(
                "NICAS: not computed (no anaphylaxis without a known trigger, or no item known)"
            )
        else:
            n = self.nicas
            lines.append(f"NICAS: {n.low} to {n.high} (>= 2: marrow study suggested)")
            if n.missing:
                lines.append(esc(f"    Missing: {'; '.join(n.missing)}"))
        lines += ["", "Disagreements between WHO 2022 and ICC 2022:"]
        if not self.disagreements:
            lines.append("    none")
        for d in self.disagreements:
            lines.append(esc(f"    {d.topic}: WHO 2022 {d.who2022}; ICC 2022 {d.icc2022}"))
        if self.notes:
            lines += ["", "Notes:"]
            for note in self.notes:
                lines.append(
                    textwrap.fill(
                        esc(note), width, initial_indent="    - ", subsequent_indent="      "
                    )
                )
        return "\n".join(lines).rstrip() + "\n"

    def __str__(self) -> str:
        return self.render_text()

    def _repr_html_(self) -> str:
        """An HTML table for Jupyter: both schemes side by side, then MCAS, NICAS, notes."""
        esc = html.escape
        rows = "".join(
            f'<tr><td>{esc(a)}</td><td class="mastcell-{esc(b.split()[0])}">{esc(b)}</td>'
            f'<td class="mastcell-{esc(c.split()[0])}">{esc(c)}</td></tr>'
            for a, b, c in self._rows()
        )
        missing = "".join(
            f"<p><b>Missing ({esc(r.scheme.label)})</b>: {esc('; '.join(r.missing))}</p>"
            for r in self.schemes
            if r.missing
        )
        m = self.mcas
        criteria = ", ".join(f"{k.value} {a.status.value}" for k, a in m.criteria.items())
        nicas = (
            "not computed"
            if self.nicas is None
            else f"{self.nicas.low} to {self.nicas.high} (&ge; 2: marrow study suggested)"
        )
        disagreements = "".join(
            f"<tr><td>{esc(d.topic)}</td><td>{esc(d.who2022)}</td><td>{esc(d.icc2022)}</td></tr>"
            for d in self.disagreements
        )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            '<div class="mastcell-classification">'
            f"<style>{table_css('.mastcell-classification')}"
            ".mastcell-classification .mastcell-met{background:#d4edda}"
            ".mastcell-classification .mastcell-unknown,"
            ".mastcell-classification .mastcell-indeterminate{background:#fff3cd}</style>"
            f"<p><b>mastcell classification</b> for {esc(self.patient_id or '(no id)')} at "
            f"{esc(self.evaluated_at.isoformat())}<br><small>{esc(DISCLAIMER)}</small></p>"
            "<table><thead><tr><th>systemic mastocytosis</th><th>WHO 2022</th><th>ICC 2022</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>{missing}"
            f"<p><b>MCAS</b>: {esc(_status_text(m.status))} ({esc(criteria)}); variant "
            f"{esc(m.variant.value if m.variant else '-')}</p><p><b>NICAS</b>: {nicas}</p>"
            + (
                "<table><thead><tr><th>disagreement</th><th>WHO 2022</th><th>ICC 2022</th>"
                f"</tr></thead><tbody>{disagreements}</tbody></table>"
                if disagreements
                else ""
            )
            + (f"<p>Notes:</p><ul>{notes}</ul>" if notes else "")
            + "</div>"
        )
