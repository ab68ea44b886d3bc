"""The shortcuts taken on decide()'s hot path give what the long way gives (issue 20).

Each shortcut here (a prefilter before a regex, a value read from the facts view instead of
worked out again, a memo kept for one evaluation) is checked against the computation it
replaces, on drawn inputs and at the edges where a shortcut could go wrong: case, non-ASCII
text, word boundaries, and caches that must not carry an answer from one patient or moment to
another.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell.guard import _OPTIONS, _says_options

#: Pieces of text around the option words: the words themselves in several cases, letters
#: that fold onto theirs (the Kelvin sign, the long s, dotted and dotless i), word characters
#: that break a word boundary, and punctuation that keeps one.
_PIECES = st.sampled_from(
    [
        "alternative",
        "Alternatives",
        "ACCEPTABLE",
        "acceptable",
        "prefer",
        "Preferred",
        "preferable",
        "of choice",
        "OF  CHOICE",
        "of\u00a0choice",
        "is scheduled in its place",
        "Is Scheduled In Its Place",
        "\u017fcheduled",
        "\u0130",
        "\u0131",
        "\u212a",
        "é",
        "un",
        "_",
        "s",
        " ",
        ":",
        ", ",
        ".",
        "-",
        "x",
        "",
    ]
)


@settings(max_examples=400)
@given(st.lists(_PIECES, max_size=8).map("".join))
def test_says_options_is_the_regex(text: str) -> None:
    """The prefilter never changes the answer of the case-insensitive regex."""
    assert _says_options(text) == (_OPTIONS.search(text) is not None)


@given(st.text(max_size=60))
def test_says_options_on_any_text(text: str) -> None:
    """Nor on arbitrary text (most of it non-ASCII, which goes to the regex)."""
    assert _says_options(text) == (_OPTIONS.search(text) is not None)


def test_says_options_edges() -> None:
    """Word boundaries and case, as the regex reads them."""
    assert _says_options("Acceptable: fentanyl")
    assert _says_options("the usual alternatives.")
    assert not _says_options("unacceptable")
    assert not _says_options("preferences")
    assert not _says_options("of  choice")  # two spaces: the regex wants one
    assert _says_options("\u212aEEP: prefer x")  # non-ASCII: the regex decides
