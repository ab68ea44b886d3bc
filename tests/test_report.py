"""The report: grouping, renderings (text, HTML for Jupyter, DataFrame)."""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mastcell import DISCLAIMER, Category, MastcellError, Report, evaluate, patient_from_json

EXAMPLES = Path(__file__).parent.parent / "src" / "mastcell" / "examples"
AT = "2026-11-22T12:00:00+00:00"


@pytest.fixture(scope="module")
def report() -> Report:
    """The report of the surgical example, which fires rules of several indicators."""
    text = (EXAMPLES / "sm-surgery-general-anesthesia.json").read_text()
    return evaluate(patient_from_json(text), at=AT)


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.row_classes: list[str] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.rows.append([])
            self.row_classes.append(dict(attrs).get("class") or "")
        elif tag == "td" and self._in_body:
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        if self._in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


class TestRenderings:
    def test_text_lists_every_recommendation(self, report: Report) -> None:
        """The text rendering shows every code, the disclaimer and the unused inputs."""
        text = report.render_text()
        assert DISCLAIMER.split(":")[0] in " ".join(text.split())
        for rec in report:
            assert rec.code in text
        for item in report.unused_inputs:
            assert item.input in text

    def test_html_has_one_row_per_recommendation(self, report: Report) -> None:
        """_repr_html_ is a table with one row per recommendation and indicator classes."""
        parser = _Rows()
        parser.feed(report._repr_html_())
        assert len(parser.rows) == len(report)
        assert parser.row_classes == [f"mastcell-{r.indicator.value}" for r in report]
        assert [row[1] for row in parser.rows] == list(report.codes)
        assert all(len(row) == 5 for row in parser.rows)

    def test_html_escapes_text(self) -> None:
        """Patient-supplied text cannot inject markup into the notebook."""
        p = patient_from_json('{"id": "<script>x</script>", "diagnoses": ["mcas"]}')
        html = evaluate(p, at=AT, categories=["emergency"])._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_by_category_groups_in_category_order(self, report: Report) -> None:
        """by_category() groups recommendations by category, in the enum's order."""
        groups = report.by_category()
        assert list(groups) == [c for c in Category if c in groups]
        assert sum(len(v) for v in groups.values()) == len(report)

    def test_dataframe(self, report: Report) -> None:
        """to_dataframe() gives one row per recommendation."""
        frame = report.to_dataframe()
        assert list(frame["code"]) == list(report.codes)

    def test_dataframe_without_pandas_says_how_to_install(
        self, report: Report, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without pandas, to_dataframe() raises a mastcell error naming the extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MastcellError, match=r"mastcell\[pandas\]"):
            report.to_dataframe()


class TestPatientDisplay:
    def test_patient_html_lists_labs_and_medications(self) -> None:
        """Patient._repr_html_ has one row per lab (oldest first) and one per medication."""
        text = (EXAMPLES / "advsm-midostaurin-neutropenia.json").read_text()
        patient = patient_from_json(text)
        page = patient._repr_html_()
        assert page.count('class="mastcell-lab"') == len(patient.labs)
        assert page.count('class="mastcell-medication"') == len(patient.medications)
        assert page.index("2026-08-10") < page.index("2026-11-20")
        assert "0.8 10*9/L" in page
        assert "800 /uL" in page
