"""One cut for every summary: whole words, no bare number or sign, within the card's limit.

A summary longer than a CDS Hooks card's summary line (140 characters) is cut by
:func:`mastcell.model.recommendation.fit_summary`, which every template, the guard's notes
and the cards use. A cut mid-word ("1.5" cut to "1") or a number left without its unit
("in the last 2…" of "2 weeks") reads as if it said something else.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell.cdshooks import SUMMARY_MAX
from mastcell.model.recommendation import SUMMARY_LIMIT, fit_summary, fit_words
from mastcell.text import listed_within, shorten
from mastcell.text.medication import clip

GOLDEN = Path(__file__).parent / "golden"

_WORDS = st.lists(
    st.sampled_from(
        ["ANC", "1.5", "x10^9/L", "<", "2", "weeks", "every", "(none", "on", "record);", "hold",
         "midostaurin", "≤", "0.8", "platelets:", "clinician", "decision", "é", "50", "mg"]
    )
    | st.text(alphabet="abc0123456789.,;:(", min_size=1, max_size=12),
    min_size=1,
    max_size=60,
)  # fmt: skip


@settings(max_examples=500)
@given(_WORDS, st.integers(min_value=10, max_value=160))
def test_a_cut_keeps_whole_words_and_no_bare_number(words: list[str], limit: int) -> None:
    text = " ".join(words)
    out = fit_summary(text, limit)
    if len(text) <= limit:
        assert out == text
        return
    assert len(out) <= limit
    assert out.endswith("…")
    head = out[:-1]
    if " " not in text[: limit - 1]:
        assert text.startswith(head)  # one long word: cut where it must be
        return
    prefixes = [" ".join(words[:k]).rstrip(" ,;:(") for k in range(1, len(words) + 1)]
    assert head in prefixes  # whole words, in order
    kept = head.split(" ")
    if len(kept) > 1:
        assert not re.fullmatch(r"[<>≤≥=~]?[0-9][0-9.,]*|[<>≤≥=~]", kept[-1])


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Platelets every 2 weeks (no platelet count in the last 2 weeks)", 60,
         "Platelets every 2 weeks (no platelet count in the last…"),
        ("Hold midostaurin: ANC 0.8 x10^9/L < 1.0 x10^9/L", 34, "Hold midostaurin: ANC 0.8 x10^9/L…"),
        ("Hold midostaurin: ANC 0.8 x10^9/L < 1.0 x10^9/L", 36, "Hold midostaurin: ANC 0.8 x10^9/L…"),
        ("Hold midostaurin: ANC 0.8 x10^9/L < 1.0 x10^9/L", 40, "Hold midostaurin: ANC 0.8 x10^9/L…"),
        ("Hold midostaurin: ANC 1.5 x10^9/L", 25, "Hold midostaurin: ANC…"),
        ("Avoid atracurium for the surgery", 20, "Avoid atracurium…"),
        ("short", 140, "short"),
    ],
)  # fmt: skip
def test_cuts(text: str, limit: int, expected: str) -> None:
    assert fit_summary(text, limit) == expected


def test_every_cutter_is_the_one_cut() -> None:
    """The templates' ``shorten``, the medication checks' ``clip``, the guard's ``fit_words``
    and the cards' summary cut alike (the cards one character shorter)."""
    text = "Platelets every 2 weeks " * 10
    expected = fit_summary(text)
    assert shorten(text) == clip(text) == fit_words(text) == expected
    assert len(expected) <= SUMMARY_LIMIT
    assert SUMMARY_MAX < SUMMARY_LIMIT


def test_no_golden_summary_is_cut_mid_word() -> None:
    """Every cut summary the golden reports hold ends on a whole word, not a bare number."""
    cut = 0
    for name in ("reports.jsonl.gz", "branches.jsonl.gz"):
        with gzip.open(GOLDEN / name, "rt", encoding="utf-8") as f:
            for line in f:
                run = json.loads(line)
                report = run.get("report", run)
                if isinstance(report, str):
                    report = json.loads(report)
                for rec in report.get("recommendations", []):
                    summary = rec["summary"]
                    assert len(summary) <= SUMMARY_LIMIT
                    assert not summary.endswith("...")
                    if (
                        rec["code"] == "medication.reaction.review"
                        and "Not read as a drug" in (rec["detail"])
                    ):  # what an unread reaction means for every proposal stays on the line
                        assert "proposals are a clinician decision" in summary
                    if rec["code"] == "perioperative.nmba.prefer" and not summary.startswith(
                        "Clinician decision"
                    ):  # the template's own line: "avoid a, b and 2 more", never cut
                        assert not summary.endswith("…")
                    if summary.endswith("…"):
                        cut += 1
                        last = summary[:-1].rsplit(" ", 1)[-1]
                        assert not re.fullmatch(r"[<>≤≥=~]?[0-9][0-9.,]*|[<>≤≥=~]", last)
    assert cut > 100


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=15), min_size=1, max_size=12),
    st.integers(min_value=1, max_value=120),
)
def test_a_list_within_its_room_names_how_many_more(names: list[str], room: int) -> None:
    """Whole names, in order, then "and N more" counting exactly the ones left out."""
    out = listed_within(names, room)
    if len(", ".join(names)) <= room or len(names) == 1:
        assert out == ", ".join(names)
        return
    head, _, more = out.rpartition(" and ")
    count = int(more.removesuffix(" more"))
    kept = head.split(", ")
    assert kept == names[: len(kept)]
    assert count == len(names) - len(kept) >= 1
    assert len(out) <= room or len(kept) == 1
