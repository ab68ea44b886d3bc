"""Did-you-mean for drug names mastcell does not recognise.

The candidates are every name of the drug vocabulary: generic names, synonyms and brands of
the catalogue, combination products, and the class words a chart uses ("opioids").

:func:`suggest` proposes the catalogue name closest to a misspelt one ("famotadine" ->
"famotidine"). It is a hint for the clinician and nothing more: mastcell never classifies a
medication by a suggestion, and a medication with an unrecognised name stays unclassified.
Callers that want to avoid proposing a drug the patient probably already takes under a
misspelt name can use ``generic_name(suggest(name))``; the distance bound keeps that
conservative (distant or short names get no suggestion).

The distance is the optimal-string-alignment edit distance (insertions, deletions,
substitutions and swaps of adjacent letters, each 1), computed on the lower-cased name with
runs of spaces collapsed. The bound: 1 edit for names under 13 characters, 2 from 13; names
under 4 or over 64 characters get no suggestion (the work stays bounded). Only names within
the bound in length, and with no more letters of their own than the bound, are compared
(a cheap test that never leaves out a near name). Ties are broken by distance, then generic
before synonym before brand before combination product before class word, then
alphabetically.
"""

from __future__ import annotations

import functools

from mastcell.knowledge.drugs import CATALOGUE, match_drug
from mastcell.knowledge.groups import CLASS_WORDS
from mastcell.knowledge.products import PRODUCTS

__all__ = [
    "MAX_NAME_LENGTH",
    "MIN_NAME_LENGTH",
    "SUGGESTION_CACHE_SIZE",
    "edit_distance",
    "max_distance",
    "suggest",
]

#: Names shorter than this get no suggestion ("asa", "n2o": too many near neighbours).
MIN_NAME_LENGTH = 4
#: Names longer than this get no suggestion (bounds the work on arbitrary input).
MAX_NAME_LENGTH = 64


def max_distance(length: int) -> int:
    """The largest edit distance accepted for a name of ``length`` characters.

    >>> max_distance(10), max_distance(13)
    (1, 2)
    """
    return 1 if length < 13 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` if above ``limit``.

    >>> edit_distance("famotadine", "famotidine", 2)
    1
    >>> edit_distance("zyrtce", "zyrtec", 2)
    1
    >>> edit_distance("cetirizine", "loratadine", 2)
    3
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous: list[int] | None = None
    current = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous, current = previous, current, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                before is not None
                and i > 1
                and j > 1
                and a[i - 1] == b[j - 2]
                and a[i - 2] == b[j - 1]
            ):
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
    return min(current[len(b)], limit + 1)


@functools.lru_cache(maxsize=1)
def _candidates() -> tuple[tuple[str, int, str], ...]:
    """(lower-cased name, kind rank, name as written) for every name of the vocabulary.

    Generic names rank before synonyms, brands, combination products and class words.
    """
    out: dict[str, tuple[str, int, str]] = {}
    groups: list[tuple[str, ...]] = []
    for drug in CATALOGUE.values():
        groups += [(drug.generic,), drug.synonyms, drug.brands]
    ranked = [(min(i % 3, 2), names) for i, names in enumerate(groups)]
    ranked += [(3, p.names) for p in PRODUCTS.values()]
    ranked += [(4, tuple(CLASS_WORDS))]
    for rank, names in ranked:
        for name in names:
            key = " ".join(name.lower().split())
            if len(key) >= MIN_NAME_LENGTH and key not in out:
                out[key] = (key, rank, name)
    return tuple(sorted(out.values()))


def suggest(name: str) -> str | None:
    """The catalogue name (generic, synonym or brand, as written) ``name`` probably means.

    None for a name the catalogue already recognises, and for short, long or distant names.

    >>> suggest("famotadine"), suggest("cetirizin"), suggest("Zyrtek")
    ('famotidine', 'cetirizine', 'Zyrtec')
    >>> suggest("famotidine") is None, suggest("ondansetron") is None, suggest("asa") is None
    (True, True, True)
    """
    if len(name) > 16 * MAX_NAME_LENGTH:  # long however its spaces collapse: no work at all
        return None
    key = " ".join(name.lower().split())
    if not MIN_NAME_LENGTH <= len(key) <= MAX_NAME_LENGTH or match_drug(key) is not None:
        return None
    return _nearest(key)


#: Suggestions are memoised per normalised name: at most this many, each key at most
#: ``MAX_NAME_LENGTH`` characters, so the cache is bounded in entries and in bytes.
SUGGESTION_CACHE_SIZE = 1024


def _letters(text: str) -> int:
    """The characters of ``text`` as a bit mask: each one absent from a name costs an edit."""
    mask = 0
    for ch in text:
        mask |= 1 << (ord(ch) & 63)
    return mask


@functools.lru_cache(maxsize=1)
def _by_length() -> dict[int, tuple[tuple[str, int, str], ...]]:
    """The candidates by length."""
    out: dict[int, list[tuple[str, int, str]]] = {}
    for candidate in _candidates():
        out.setdefault(len(candidate[0]), []).append(candidate)
    return {n: tuple(found) for n, found in out.items()}


@functools.lru_cache(maxsize=2 * MAX_NAME_LENGTH)  # lengths up to MAX_NAME_LENGTH + 2
def _of_length(n: int) -> tuple[tuple[str, int, str, int], ...]:
    """The candidates of length ``n``, with their letters (a lower bound of the edit distance).

    Worked out per length when first asked for: a search reads a few lengths, and the
    letters of all 1,200 names took a few milliseconds of the first evaluation.
    """
    found = _by_length().get(n, ())
    return tuple((key, rank, written, _letters(key)) for key, rank, written in found)


@functools.lru_cache(maxsize=SUGGESTION_CACHE_SIZE)
def _nearest(key: str) -> str | None:
    # Pure in the key: the engine and the medication rules ask for the same name in one
    # evaluation, and a cohort repeats the same misspellings.
    limit = max_distance(len(key))
    best: tuple[int, int, str, str] | None = None
    mine = _letters(key)
    near = (
        c
        for n in range(len(key) - limit, len(key) + limit + 1)
        for c in _of_length(n)
        if (mine & ~c[3]).bit_count() <= limit and (c[3] & ~mine).bit_count() <= limit
    )
    for candidate, rank, written, _ in near:
        distance = edit_distance(key, candidate, limit)
        if distance <= limit and (best is None or (distance, rank, candidate) < best[:3]):
            best = (distance, rank, candidate, written)
    return None if best is None else best[3]
