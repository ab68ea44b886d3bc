"""The report of an evaluation: ordered recommendations, what was not used, and renderings."""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from mastcell.knowledge.options import Options
from mastcell.model import Category, Recommendation, ReviewedInput, UnusedInput

if TYPE_CHECKING:
    import pandas

__all__ = ["DISCLAIMER", "Report", "printable", "table_css"]

#: The tables of the HTML renderings fit their column: they wrap long words and codes and
#: align text left (JupyterLab right-aligns table cells by default). ``{scope}`` is the class
#: of the enclosing ``div``.
_TABLE_CSS = (
    "{scope} table{{width:100%;max-width:100%;table-layout:auto;border-collapse:collapse}}"
    "{scope} th,{scope} td{{text-align:left;vertical-align:top;padding:2px 8px;"
    "white-space:normal;overflow-wrap:anywhere;word-break:normal}}"
    "{scope} td code{{white-space:normal;overflow-wrap:anywhere}}"
)


def table_css(scope: str) -> str:
    """The CSS of mastcell's HTML tables, scoped to the enclosing ``div``'s class selector.

    >>> "overflow-wrap:anywhere" in table_css(".mastcell-report")
    True
    """
    return _TABLE_CSS.format(scope=scope)


#: Printed with every rendering of a report.
DISCLAIMER = (
    "Decision support for clinicians, not a substitute for clinical judgement: verify every "
    "recommendation against the patient and its cited sources."
)


#: Characters a terminal would act on rather than show: C0 and C1 controls (escape sequences
#: start with ESC), line and paragraph separators, bidirectional overrides, lone surrogates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` with every control character escaped, so that input cannot drive a terminal.

    >>> printable("id\x1b[2J\nnext")
    'id\\x1b[2J\\x0anext'
    >>> printable("caf\u00e9 \ud800")
    'café \\ud800'
    """
    return _UNPRINTABLE.sub(_escape, text)


@attrs.frozen(kw_only=True, repr=False)
class Report:
    """The immutable result of :func:`~mastcell.evaluate`.

    Recommendations are ordered critical before warning before info, then by category and
    code. Iterate over it, or read ``codes``, ``by_category()``, ``to_dict()``, ``to_json()``,
    ``render_text()``; in Jupyter it shows as a table.

    >>> from mastcell import evaluate, patient_from_dict
    >>> p = patient_from_dict({"id": "demo", "diagnoses": ["mcas"], "age": {"value": 40, "unit": "year"}})
    >>> report = evaluate(p, at="2026-11-22T12:00:00+00:00", categories=["emergency"])
    >>> report.codes
    ('emergency.epinephrine.prescribe', 'emergency.triggers.avoid')
    >>> report.patient_id, len(report)
    ('demo', 2)
    """

    patient_id: str | None
    evaluated_at: datetime
    mastcell_version: str
    recommendations: tuple[Recommendation, ...]
    unused_inputs: tuple[UnusedInput, ...] = ()
    #: Inputs rules read without acting on them (each with the reading rules' codes), so that
    #: every input is accounted for: cited by a finding, listed here, or in ``unused_inputs``.
    reviewed_inputs: tuple[ReviewedInput, ...] = ()
    #: The site options the evaluation ran under. Written as what differs from mastcell's
    #: defaults (``{}``: this version's defaults), so two sites' reports can be told apart;
    #: that data is itself a valid ``--options`` file.
    options: Options = attrs.field(factory=Options)

    def __repr__(self) -> str:
        """A short summary: patient, time, and how many recommendations of each indicator.

        >>> from mastcell import evaluate, patient_from_dict
        >>> evaluate(patient_from_dict({"id": "d", "diagnoses": ["mcas"]}),
        ...          at="2026-11-22T12:00:00Z", categories=["emergency"])
        <Report 'd' at 2026-11-22T12:00:00+00:00: 2 recommendations (1 warning, 1 info), 0 unused inputs>
        """
        counts: dict[str, int] = {}
        for rec in sorted(self.recommendations, key=lambda r: r.indicator.rank):
            counts[rec.indicator.value] = counts.get(rec.indicator.value, 0) + 1
        by = ", ".join(f"{n} {indicator}" for indicator, n in counts.items())
        return (
            f"<Report {self.patient_id!r} at {self.evaluated_at.isoformat()}: "
            f"{len(self.recommendations)} recommendations"
            + (f" ({by})" if by else "")
            + f", {len(self.unused_inputs)} unused inputs>"
        )

    def __iter__(self) -> Iterator[Recommendation]:
        return iter(self.recommendations)

    def __len__(self) -> int:
        return len(self.recommendations)

    def __getitem__(self, index: int) -> Recommendation:
        return self.recommendations[index]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the recommendations, in report order."""
        return tuple(r.code for r in self.recommendations)

    def by_category(self) -> dict[Category, tuple[Recommendation, ...]]:
        """Recommendations grouped by category, in category order; empty ones left out."""
        groups: dict[Category, list[Recommendation]] = {}
        for rec in self.recommendations:
            groups.setdefault(rec.category, []).append(rec)
        return {c: tuple(groups[c]) for c in Category if c in groups}

    def get(self, code: str) -> tuple[Recommendation, ...]:
        """The recommendations with ``code`` (a report may hold several, e.g. per procedure)."""
        return tuple(r for r in self.recommendations if r.code == code)

    def to_dict(self) -> dict[str, Any]:
        """The report in the interchange format (plain JSON types)."""
        from mastcell.interchange import to_dict

        return to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The report as interchange JSON text."""
        from mastcell.interchange import to_json

        return to_json(self, indent=indent)

    def to_dataframe(self) -> pandas.DataFrame:
        """One row per recommendation (needs the ``pandas`` extra)."""
        from mastcell.dataframe import report_to_dataframe

        return report_to_dataframe(self)

    def render_text(self, *, width: int = 100) -> str:
        """A plain-text rendering for terminals and logs; control characters are escaped."""
        esc = printable
        lines = [
            f"mastcell report for {esc(self.patient_id or '(no id)')} at "
            f"{self.evaluated_at.isoformat()} (mastcell {esc(self.mastcell_version)})",
            *self._options_lines(width),
            textwrap.fill(DISCLAIMER, width),
            "",
        ]
        if not self.recommendations:
            lines.append("No recommendations.")
        indent = " " * 4
        for rec in self.recommendations:
            lines.append(f"{rec.indicator.value.upper():<9} {esc(rec.code)}")
            lines.append(
                textwrap.fill(
                    esc(rec.summary), width, initial_indent=indent, subsequent_indent=indent
                )
            )
            if rec.medication is not None:
                lines.append(f"{indent}Proposed: {esc(str(rec.medication))}")
            for item in rec.schedule:  # str(item) already carries its timing text
                when = f"{item.at.isoformat()}: " if item.at else ""
                lines.append(f"{indent}  {when}{esc(str(item))}")
            if rec.detail:
                lines.append(
                    textwrap.fill(
                        esc(rec.detail), width, initial_indent=indent, subsequent_indent=indent
                    )
                )
            for finding in rec.findings:
                lines.append(f"{indent}Finding: {esc(str(finding))}")
            if rec.evidence:
                lines.append(f"{indent}Sources: {esc(', '.join(rec.sources))}")
            lines.append("")
        if self.unused_inputs:
            lines.append("Inputs not used:")
            lines.extend(f"{indent}{esc(str(item))}" for item in self.unused_inputs)
        return "\n".join(lines).rstrip() + "\n"

    def _options_lines(self, width: int) -> list[str]:
        """The site options, when they differ from mastcell's defaults (one wrapped line)."""
        from mastcell.knowledge.options import options_to_dict

        changed = options_to_dict(self.options)
        if not changed:
            return []
        settings = ", ".join(
            f"{area}.{name}={value}"
            for area, values in changed.items()
            for name, value in values.items()
        )
        return [textwrap.fill(printable(f"Site options: {settings}"), width)]

    def __str__(self) -> str:
        return self.render_text()

    def _repr_html_(self) -> str:
        """A compact HTML table for Jupyter: indicator, code, summary, dose, sources."""
        esc = html.escape
        rows = []
        for rec in self.recommendations:
            dose = esc(str(rec.medication)) if rec.medication else ""
            rows.append(
                f'<tr class="mastcell-{esc(rec.indicator.value)}">'
                f'<td class="mastcell-indicator">{esc(rec.indicator.value)}</td>'
                f"<td><code>{esc(rec.code)}</code></td>"
                f'<td title="{esc(rec.detail)}">{esc(rec.summary)}</td>'
                f'<td>{dose}</td><td class="mastcell-sources">{esc(", ".join(rec.sources))}</td>'
                "</tr>"
            )
        unused = "".join(f"<li>{esc(str(u))}</li>" for u in self.unused_inputs)
        return (
            '<div class="mastcell-report">'
            f"<style>{_TABLE_CSS.format(scope='.mastcell-report')}"
            ".mastcell-report td.mastcell-sources{font-size:smaller}"
            ".mastcell-report .mastcell-critical td.mastcell-indicator"
            "{background:#f8d7da;color:#721c24;font-weight:bold}"
            ".mastcell-report .mastcell-warning td.mastcell-indicator"
            "{background:#fff3cd;color:#856404}"
            ".mastcell-report .mastcell-info td.mastcell-indicator"
            "{background:#d1ecf1;color:#0c5460}</style>"
            f"<p><b>mastcell report</b> for {esc(self.patient_id or '(no id)')} at "
            f"{esc(self.evaluated_at.isoformat())} &middot; mastcell "
            f"{esc(self.mastcell_version)}<br><small>{esc(DISCLAIMER)}</small></p>"
            "<table><thead><tr><th>indicator</th><th>code</th><th>summary</th><th>dose</th>"
            f"<th>sources</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
            + (f"<p>Inputs not used:</p><ul>{unused}</ul>" if unused else "")
            + "</div>"
        )
