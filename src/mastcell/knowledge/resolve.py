"""Resolution: what a name in a chart stands for, and how sure mastcell is of it.

One vocabulary serves every reader of a drug name. :func:`resolve` is what the medication
list, planned agents, FHIR codings and proposals use: the drug catalogue's exact names,
brands, salts and dose forms, combination products and RxNorm codes
(:func:`mastcell.knowledge.drugs.match_drug`), a dictionary lookup in the common case.

A recorded reaction is read more cautiously, by :func:`resolve_reaction`, because a miss there
lets mastcell propose the very drug the patient reacted to. After the steps above it tries, in
order:

1. "no known allergies" in its usual spellings and codes, also with words a chart adds
   around it ("NKDA (reviewed 2024)", "patient has no known allergies"): no reaction at all,
   never an agent;
2. a class word ("opiates", "penicillins", "sulfa", "NMBAs"): the whole class
   (:data:`mastcell.knowledge.groups.CLASS_WORDS`), also after words such as "allergy" or
   "intolerance" are taken off;
3. an abbreviation charts write ("MSO4", "T3", "Sux";
   :data:`mastcell.knowledge.abbreviations.ABBREVIATIONS`): treated as the drug it stands for,
   to be confirmed by the clinician;
4. the whole name close to a vocabulary name by spelling ("rocuronum", "fentanil",
   "opiods"): treated as that drug or class for safety, and the report asks the clinician to
   confirm;
5. drug names, class words and abbreviations found among other words ("allergic to
   penicillin - hives"), misspelt words among them corrected by spelling; words left over
   that are not a drug are reported as unresolved. A name that lists several agents
   ("penicillin, sulfa", "codeine; morphine; PCN", "PCN/sulfa") is always read here, agent
   by agent, so that none of them is lost;
6. a physical trigger ("heat", "bee sting"): not a drug;
7. otherwise unresolved: kept, reported, and every proposal becomes a clinician decision
   (:mod:`mastcell.guard`).

A misspelt *medication* is never classified by spelling: it stays unclassified with a
did-you-mean (:mod:`mastcell.knowledge.names`).

Bounded on hostile input: a name longer than :data:`~mastcell.knowledge.drugs.MAX_NAME_TEXT`
characters is unresolved without further work; spelling is tried on at most
:data:`MAX_SPELLING_WORDS` words of a name, each search memoised.

>>> resolve_reaction("Dilaudid").describe()
"'Dilaudid': brand name of hydromorphone"
>>> resolve_reaction("rocuronum").describe()
"'rocuronum': read as rocuronium by spelling (to be confirmed by the clinician)"
>>> resolve_reaction("NKDA").how
<Match.NONE_KNOWN: 'none_known'>
>>> sorted(g.id for g in resolve_reaction("penicillin, sulfa").classes)
['sulfonamide_antibiotic']
>>> resolve_reaction("penicillin, sulfa").ingredients
('penicillin',)
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping

import attrs

from mastcell.knowledge.abbreviations import ABBREVIATIONS, Abbreviation
from mastcell.knowledge.codes import NO_ALLERGY_SNOMED
from mastcell.knowledge.drugs import (
    MAX_NAME_TEXT,
    DrugMatch,
    Match,
    match_drug,
    names,
    normalise,
)
from mastcell.knowledge.forms import FORM_WORDS, SALT_WORDS, strip_forms
from mastcell.knowledge.groups import CLASS_WORDS, CrossReactiveGroup
from mastcell.knowledge.names import suggest
from mastcell.knowledge.triggers import Trigger, physical_trigger

__all__ = [
    "MAX_SPELLING_WORDS",
    "NOISE_WORDS",
    "NOT_SPELLED",
    "NO_KNOWN_ALLERGY",
    "NO_KNOWN_FILLER",
    "Resolution",
    "names_in",
    "resolve",
    "resolve_reaction",
]

#: "No known (drug) allergies" as charts write it (compared without punctuation).
NO_KNOWN_ALLERGY = frozenset(
    {
        "nkda",
        "nka",
        "nkma",
        "nkfda",
        "no known drug allergies",
        "no known drug allergy",
        "no known allergies",
        "no known allergy",
        "no known medication allergies",
        "no known medication allergy",
        "no known medicine allergies",
        "no known drug allergy situation",
        "no known allergy situation",
        "no drug allergies",
        "no drug allergy",
        "no allergies",
        "no allergy",
        "no allergies known",
        "no known allergies to medications",
        "none known",
        "nil known",
        "none",
        "nil",
        "nil known allergies",
        "denies allergies",
        "denies drug allergies",
        "allergies none",
        "allergies none known",
    }
)

#: Words a chart writes around "no known allergies" ("NKDA (reviewed 2024)", "patient has no
#: known allergies", "nkda - verified"): with only these (and numbers) beside a "no known
#: allergies" phrase the entry is still no agent. Any other word ("NKDA except penicillin")
#: makes the entry a name to read, so an agent written beside it is never lost.
NO_KNOWN_FILLER = frozenset(
    {
        "patient",
        "pt",
        "has",
        "have",
        "had",
        "reports",
        "reported",
        "states",
        "stated",
        "denies",
        "reviewed",
        "verified",
        "confirmed",
        "updated",
        "checked",
        "per",
        "by",
        "as",
        "of",
        "on",
        "at",
        "today",
        "admission",
        "record",
        "chart",
        "situation",
        "to",
        "date",
    }
)

#: Words of a reaction's agent that name no agent ("allergy", "rash", "severe"): taken off
#: before a class word is looked up, and never reported as unresolved.
NOISE_WORDS = frozenset(
    {
        "allergy",
        "allergies",
        "allergic",
        "intolerance",
        "intolerant",
        "sensitivity",
        "hypersensitivity",
        "reaction",
        "reactions",
        "adverse",
        "history",
        "hx",
        "of",
        "to",
        "the",
        "a",
        "an",
        "in",
        "on",
        "after",
        "from",
        "with",
        "and",
        "or",
        "class",
        "family",
        "group",
        "type",
        "drug",
        "drugs",
        "medication",
        "medications",
        "medicine",
        "medicines",
        "severe",
        "mild",
        "moderate",
        "possible",
        "probable",
        "likely",
        "suspected",
        "unknown",
        "rash",
        "hives",
        "urticaria",
        "itch",
        "itching",
        "itchy",
        "pruritus",
        "swelling",
        "angioedema",
        "anaphylaxis",
        "anaphylactic",
        "shock",
        "flushing",
        "flush",
        "nausea",
        "vomiting",
        "wheeze",
        "wheezing",
        "hypotension",
        "gi",
        "upset",
        "years",
        "yrs",
        "ago",
        "childhood",
        "as",
        "child",
        # imaging words around a contrast agent ("CT dye", "MRI contrast") and the "w/" of
        # "lidocaine w/ epi"
        "ct",
        "mri",
        "scan",
        "imaging",
        "w",
        "pain",
    }
)

#: Spelling is tried on at most this many words of one name (the work stays bounded).
MAX_SPELLING_WORDS = 8

#: Words never read by spelling: common words one letter from a drug name ("acid" is one
#: letter from Axid, nizatidine: "acid reflux meds" named no drug). Left unresolved instead.
NOT_SPELLED = frozenset({"acid", "acids"})

#: A histamine receptor the vocabulary has no class for (H3, H4: pitolisant is an H3
#: antagonist, not an H1 blocker), with the receptor words written after it. Such a phrase
#: is never read as an antihistamine class, by word or by spelling: it stays unresolved.
_OTHER_RECEPTOR = re.compile(
    r"(?<![a-z0-9])(?:h|histamine[- ]?)[34](?![0-9])"
    r"(?:[- ]?(?:receptors?|ras?))?"
    r"(?:[- ](?:anti-?histamines?|blockers?|antagonists?|inverse agonists?|inhibitors?|"
    r"agonists?|drugs?|medications?))*"
)

_PUNCTUATION = re.compile(r"[^\w\s#'/+&,;-]|_")
_TOKEN = re.compile(r"[a-z0-9β][a-z0-9β'#-]*")


@attrs.frozen(kw_only=True)
class Resolution:
    """What a name stands for: its ingredients or classes, and how it was read.

    ``ingredients`` are catalogue generic names; ``classes`` the groups a class word names
    (every member is spoken against). ``unresolved`` holds the words of the name that were
    neither a drug nor a known non-agent word.

    >>> r = resolve_reaction("Percocet")
    >>> r.how, r.ingredients, r.known
    (<Match.COMBINATION: 'combination'>, ('oxycodone', 'acetaminophen'), True)
    """

    text: str
    how: Match
    ingredients: tuple[str, ...] = ()
    classes: tuple[CrossReactiveGroup, ...] = ()
    matched: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    spelled: tuple[tuple[str, str], ...] = ()
    #: Abbreviations read (the text as written, what it was read as).
    abbreviated: tuple[tuple[str, str], ...] = ()
    stripped: bool = False
    trigger: Trigger | None = None
    #: Every drug it speaks against directly: its ingredients and its classes' members.
    members: frozenset[str] = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda self: frozenset(self.ingredients).union(*(g.members for g in self.classes)),
            takes_self=True,
        ),
    )

    @property
    def known(self) -> bool:
        """It names drugs or classes (an agent to keep out of proposals)."""
        return bool(self.ingredients or self.classes)

    @property
    def to_confirm(self) -> bool:
        """Read by spelling or abbreviation, among other words, or partly unresolved: to confirm."""
        return (
            bool(self.spelled)
            or bool(self.abbreviated)
            or self.how is Match.WORDS
            or bool(self.unresolved)
        )

    def describe(self) -> str:
        """How the name was read, in a clause for a finding or a detail."""
        text = repr(_short(self.text))
        what = " + ".join([*self.ingredients, *(g.name for g in self.classes)])
        how = self.how
        if how is Match.NONE_KNOWN:
            return f"{text}: no known drug allergies (not an agent)"
        if how is Match.TRIGGER:
            name = self.trigger.name if self.trigger is not None else "physical trigger"
            return f"{text}: physical trigger ({name}), not a drug"
        if how is Match.UNRESOLVED:
            return f"{text}: not recognised as a drug or a trigger (unresolved)"
        if how is Match.SPELLING:
            return f"{text}: read as {what} by spelling (to be confirmed by the clinician)"
        if how is Match.ABBREVIATION:
            says = "; ".join(b for _, b in self.abbreviated)
            by = _by(self.abbreviated[0][0]) if self.abbreviated else "abbreviation"
            return f"{text}: read as {what} by {by} ({says}; to be confirmed by the clinician)"
        if how is Match.CLASS_WORD:
            return f"{text}: class word for {', '.join(g.name for g in self.classes)}"
        if how is Match.WORDS:
            found = [*self.ingredients, *(g.name for g in self.classes)]
            clause = f"{text}: read {', '.join(found)} among its words"
            read_as = [f"{a!r} as {b} by spelling" for a, b in self.spelled]
            read_as += [
                f"{a!r} as a brand ({b})" if _by(a) == "brand" else f"{a!r} as {b} by abbreviation"
                for a, b in self.abbreviated
            ]
            if read_as:
                clause += " (" + ", ".join(read_as) + ")"
            if self.unresolved:
                clause += f"; not recognised: {', '.join(self.unresolved)}"
            return clause + " (to be confirmed by the clinician)"
        if how is Match.EXACT and not self.stripped:
            return text if self.text == what else f"{text}: {what}"
        prefix = _HOW_TEXT.get(how, how.label)
        return f"{text}: {prefix + ' ' if prefix else ''}{what}" + (
            " (salt or dose form stripped)" if self.stripped or how is Match.SALT_FORM else ""
        )


_HOW_TEXT = {
    Match.BRAND: "brand name of",
    Match.COMBINATION: "combination of",
    Match.CODE: "RxNorm code of",
    Match.SALT_FORM: "",
    Match.EXACT: "",
}


def _by(text: str) -> str:
    """How an abbreviation row was read: a brand shared by several products, or shorthand."""
    row = ABBREVIATIONS.get(text)
    return "brand" if row is not None and row.family else "abbreviation"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _from_match(text: str, found: DrugMatch) -> Resolution:
    return Resolution(
        text=text,
        how=found.how,
        ingredients=found.ingredients,
        matched=found.matched,
        stripped=found.stripped,
    )


def resolve(name: str) -> Resolution:
    """Read a drug name as every reader does (no spelling, no class words).

    >>> resolve("hydromorphone hydrochloride").describe()
    "'hydromorphone hydrochloride': hydromorphone (salt or dose form stripped)"
    >>> resolve("rocuronum").how
    <Match.UNRESOLVED: 'unresolved'>
    """
    found = match_drug(name)
    if found is None:
        return Resolution(text=name, how=Match.UNRESOLVED)
    return _from_match(name, found)


def names_in(text: str) -> tuple[str, ...]:
    """The catalogue ingredients of the drug names written among other words of ``text``.

    For matching an order or a planned agent the vocabulary cannot read as a whole ("latex
    gloves", "cefazolin 2g IV on induction", "Sux 100 mg") against the patient's recorded
    reactions, so that an alert is never missed: whole catalogue names and the abbreviations
    charts write count (no spelling, no class word), and nothing is classified by it.

    >>> names_in("latex gloves"), names_in("Sux 100 mg"), names_in("sterile water")
    (('natural rubber latex',), ('succinylcholine',), ())
    """
    if len(text) > MAX_NAME_TEXT:
        return ()
    key = normalise(text)
    found: dict[str, None] = {}
    for _, _, name in _hits(key):
        short = ABBREVIATIONS.get(name)
        match = None if short is not None and short.family else match_drug(name)
        if match is not None:
            found.update(dict.fromkeys(match.ingredients))
        elif short is not None:
            found.update(dict.fromkeys(short.ingredients))
    return tuple(found)


def resolve_reaction(agent: str) -> Resolution:
    """Read a recorded reaction's agent, cautiously (see the module's steps).

    >>> resolve_reaction("opiates").classes[0].id
    'opioid'
    >>> r = resolve_reaction("amoxicillin given by the dentist")
    >>> r.how, r.ingredients, r.unresolved
    (<Match.WORDS: 'words'>, ('amoxicillin',), ('given', 'by', 'dentist'))
    >>> resolve_reaction("heat").how, resolve_reaction("x" * 1_000_000).how
    (<Match.TRIGGER: 'trigger'>, <Match.UNRESOLVED: 'unresolved'>)
    """
    if len(agent) <= MAX_NAME_TEXT:
        return _resolve_agent(agent)  # memoised: an evaluation asks about each reaction often
    return _resolve_agent.__wrapped__(agent)


@functools.lru_cache(maxsize=4096)
def _resolve_agent(agent: str) -> Resolution:
    found = match_drug(agent)
    if found is not None:
        families = [row for name in found.matched if (row := _FAMILIES.get(name)) is not None]
        if families:  # a brand the record cannot pin to one product ("Zantac")
            return _with_families(agent, found, families)
        return _from_match(agent, found)
    if len(agent) > 4 * MAX_NAME_TEXT:
        return Resolution(text=agent, how=Match.UNRESOLVED)
    key = normalise(agent)
    if len(key) > MAX_NAME_TEXT:
        return Resolution(text=agent, how=Match.UNRESOLVED)
    resolution = _resolve_key(key)
    return resolution if resolution.text == agent else attrs.evolve(resolution, text=agent)


@functools.lru_cache(maxsize=4096)
def _resolve_key(key: str) -> Resolution:
    # Pure in the normalised key (at most MAX_NAME_TEXT characters).
    plain = " ".join(_PUNCTUATION.sub(" ", key.replace(".", "")).split())
    if plain in NO_KNOWN_ALLERGY or _snomed_none(key) or _none_known_with_filler(plain):
        return Resolution(text=key, how=Match.NONE_KNOWN)
    if _OTHER_RECEPTOR.search(key) is not None:
        # "H3 blockers" is not an H1 word: the phrase is one unresolved token, the other
        # agents of the name are read among its words
        masked = _OTHER_RECEPTOR.sub(lambda m: "-".join(m.group(0).split()), key)
        scanned = _scan(masked)
        if scanned is not None:
            return attrs.evolve(scanned, text=key)
        return Resolution(text=key, how=Match.UNRESOLVED, unresolved=(key,))
    word = CLASS_WORDS.get(key) or CLASS_WORDS.get(plain)
    if word is not None:
        return Resolution(text=key, how=Match.CLASS_WORD, classes=(word,), matched=(key,))
    # A name that lists agents ("penicillin, sulfa", "codeine; morphine; PCN") is read agent
    # by agent among its words (_scan): no step may read one agent of it and drop the rest.
    several = _SEPARATORS.search(key) is not None
    core = " ".join(t for t in plain.split() if t not in NOISE_WORDS and _TOKEN.fullmatch(t))
    if not several:
        if plain != key:
            found = match_drug(plain)  # "A.S.A." is "asa"
            if found is not None:
                return _from_match(key, found)
        for candidate in dict.fromkeys(c for c in (plain, core) if c):
            short = _abbreviated(candidate)
            if short is not None:
                return attrs.evolve(short, text=key)
        if core and core != plain:
            found = match_drug(core)
            if found is not None:
                return _from_match(key, found)
            word = CLASS_WORDS.get(core)
            if word is not None:
                return Resolution(text=key, how=Match.CLASS_WORD, classes=(word,), matched=(core,))
        for candidate in dict.fromkeys(c for c in (key, core, strip_forms(core)) if c):
            if _names_a_drug_among_words(candidate):
                # "penicillin and egg": a drug written right beside other words is read word
                # by word (_scan), so a word it does not know is reported, never absorbed by
                # reading the whole name as its nearest drug.
                break
            spelled = _spelled(candidate)
            if spelled is not None:
                return spelled if spelled.text == key else attrs.evolve(spelled, text=key)
    scanned = _scan(key)
    if scanned is not None:
        return scanned
    trigger = physical_trigger(key)
    if trigger is not None:
        return Resolution(text=key, how=Match.TRIGGER, trigger=trigger)
    return Resolution(text=key, how=Match.UNRESOLVED, unresolved=(key,))


#: Characters that separate the agents of a list written in one name.
_SEPARATORS = re.compile(r"[,;/+&]")


def _none_known_with_filler(plain: str) -> bool:
    """A "no known allergies" phrase with filler words only ("NKDA (reviewed 2024)")."""
    words = " ".join(_SEPARATORS.sub(" ", plain).split())
    for phrase in _NO_KNOWN_BY_LENGTH:
        if words == phrase or f" {phrase} " in f" {words} ":
            rest = f" {words} ".replace(f" {phrase} ", " ", 1).split()
            return all(t in NO_KNOWN_FILLER or t.isdigit() or not _WORDLIKE.search(t) for t in rest)
    return False


_WORDLIKE = re.compile(r"[a-z]")


#: The "no known allergies" phrases, longest first (the longest one found is taken off).
_NO_KNOWN_BY_LENGTH = tuple(sorted(NO_KNOWN_ALLERGY, key=lambda p: (-len(p), p)))


def _names_a_drug_among_words(text: str) -> bool:
    """``text`` has more than one word and one of them is a drug name or class word."""
    if " " not in text:
        return False
    return any(name != text and name not in ABBREVIATIONS for _, _, name in _hits(text))


#: The brands shared by products of different ingredients, by their catalogue spelling.
_FAMILIES: Mapping[str, Abbreviation] = {k: v for k, v in ABBREVIATIONS.items() if v.family}


def _with_families(text: str, found: DrugMatch, families: list[Abbreviation]) -> Resolution:
    """A catalogue reading widened by the family brands it matched, to be confirmed.

    Checked over the catalogue's own brands: "Zantac" is ranitidine's brand and, since 2020,
    famotidine's ("Zantac 360", MX13), so a reaction to "Zantac" (or "Zantac 20 mg", or
    "Zantac, penicillin") speaks against both.

    >>> resolve_reaction("Zantac, penicillin").ingredients
    ('ranitidine', 'penicillin', 'famotidine')
    >>> resolve_reaction("Zantac 360").ingredients  # one product: famotidine
    ('famotidine',)
    """
    ingredients = dict.fromkeys(found.ingredients)
    for row in families:
        ingredients.update(dict.fromkeys(row.ingredients))
    return Resolution(
        text=text,
        how=Match.ABBREVIATION,
        ingredients=tuple(ingredients),
        matched=found.matched,
        stripped=found.stripped,
        abbreviated=tuple((row.text, row.says) for row in families),
    )


def _abbreviated(text: str) -> Resolution | None:
    """The whole name is an abbreviation charts write ("MSO4", "Sux"): to be confirmed."""
    short = ABBREVIATIONS.get(text)
    if short is None:
        return None
    return Resolution(
        text=text,
        how=Match.ABBREVIATION,
        ingredients=short.ingredients,
        matched=(text,),
        abbreviated=((text, short.says),),
    )


def _snomed_none(key: str) -> bool:
    """``snomed:409137002`` and the like: a verified 'no known allergy' code as text."""
    if not key.startswith(("snomed", "sct")):  # what the pattern opens with: no compiling
        return False
    match = re.fullmatch(r"(?:snomed(?:\s*ct)?|sct)\s*[:#]?\s*(\d{6,18})", key)
    return match is not None and match.group(1) in NO_ALLERGY_SNOMED


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _spelled(text: str) -> Resolution | None:
    """``text`` read as the vocabulary name nearest by spelling, or None.

    Never for a word of :data:`NOT_SPELLED`, and never to a name whose numbers differ: a
    number carries meaning a letter does not ("H5 blocker" is not "H1 blocker").
    """
    if text in NOT_SPELLED:
        return None
    suggestion = suggest(text)
    if suggestion is None or _digits(suggestion) != _digits(text):
        return None
    found = match_drug(suggestion)
    if found is not None:
        return Resolution(
            text=text,
            how=Match.SPELLING,
            ingredients=found.ingredients,
            matched=(suggestion.lower(),),
            spelled=((text, " + ".join(found.ingredients)),),
        )
    word = CLASS_WORDS.get(suggestion.lower())
    if word is not None:
        return Resolution(
            text=text,
            how=Match.SPELLING,
            classes=(word,),
            matched=(suggestion.lower(),),
            spelled=((text, word.name),),
        )
    return None


def _scanned() -> list[str]:
    """Every drug name, class word and abbreviation of 3 characters or more, longest first.

    "asa", "pcn" and "dye" among other words are read; shorter ones are not.
    """
    found = {n for n in (*names(), *CLASS_WORDS, *ABBREVIATIONS) if len(n) >= 3}
    return sorted(found, key=lambda n: (-len(n), n))


@functools.lru_cache(maxsize=1)
def _scanner() -> re.Pattern[str]:
    """The scanned names as whole words, as one regular expression: what :func:`_hits` finds.

    Kept as the reference the tests hold :func:`_hits` to; compiling its 1,200 alternatives
    takes tens of milliseconds, too long for the first evaluation in a process.
    """
    alternatives = "|".join(re.escape(n) for n in _scanned())
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    """The scanned names by their first three characters, each group longest first."""
    index: dict[str, list[str]] = {}
    for name in _scanned():
        index.setdefault(name[:3], []).append(name)
    return {start: tuple(found) for start, found in index.items()}


def _joins(ch: str) -> bool:
    r"""``ch`` continues a word (a letter, a digit, ``_`` or ``-``): no name starts or ends by it.

    The regular expression's ``[\w-]``: ``\w`` is what ``str.isalnum`` accepts, and ``_``.
    """
    return ch.isalnum() or ch == "_" or ch == "-"


def _hits(key: str) -> Iterator[tuple[int, int, str]]:
    """The scanned names in ``key`` as whole words: (start, end, name), left to right.

    At each place a word can start, the longest name written there whose end is a word's
    end; the search goes on after it. The same hits as ``_scanner().finditer(key)`` (a test
    draws texts to hold the two the same), from a dictionary instead of a regular expression.

    >>> [name for _, _, name in _hits("allergic to penicillin, asa and co-codamol")]
    ['penicillin', 'asa', 'co-codamol']
    """
    index = _index()
    size = len(key)
    end = 0
    for start in itertools.chain((0,), (m.end() for m in _BREAK.finditer(key, 0, size - 3))):
        if start < end:
            continue  # inside the name just found
        for name in index.get(key[start : start + 3], ()):
            stop = start + len(name)
            if key.startswith(name, start) and (stop == size or not _joins(key[stop])):
                yield start, stop, name
                end = stop
                break


#: A character after which a word can start (what ``_joins`` refuses).
_BREAK = re.compile(r"[^\w-]")


def _tokens(text: str) -> Iterator[str]:
    yield from _TOKEN.findall(text)


def _scan(key: str) -> Resolution | None:
    """Drug names and class words among the words of ``key``; None when there are none."""
    ingredients: dict[str, None] = {}
    classes: dict[str, CrossReactiveGroup] = {}
    matched: list[str] = []
    abbreviated: list[tuple[str, str]] = []
    rest: list[str] = []
    end = 0
    for start, stop, name in _hits(key):
        rest.append(key[end:start])
        end = stop
        matched.append(name)
        short = ABBREVIATIONS.get(name)
        found = None if short is not None and short.family else match_drug(name)
        if found is not None:
            ingredients.update(dict.fromkeys(found.ingredients))
        elif name in CLASS_WORDS:
            group = CLASS_WORDS[name]
            classes[group.id] = group
        elif short is not None:
            ingredients.update(dict.fromkeys(short.ingredients))
            abbreviated.append((name, short.says))
    rest.append(key[end:])
    leftover = [
        t
        for part in rest
        for t in _tokens(part)
        if t not in NOISE_WORDS and t not in SALT_WORDS and t not in FORM_WORDS and not t.isdigit()
    ]
    spelled: list[tuple[str, str]] = []
    unresolved: list[str] = []
    for i, token in enumerate(leftover):
        near = _spelled(token) if i < MAX_SPELLING_WORDS else None
        if near is None:
            unresolved.append(token)
            continue
        spelled.extend(near.spelled)
        matched.extend(near.matched)
        ingredients.update(dict.fromkeys(near.ingredients))
        for group in near.classes:
            classes[group.id] = group
    if not ingredients and not classes:
        return None
    only_spelling = len(matched) == len(spelled) == len(leftover) == 1
    how = Match.SPELLING if only_spelling else Match.WORDS
    return Resolution(
        text=key,
        how=how,
        ingredients=tuple(ingredients),
        classes=tuple(classes.values()),
        matched=tuple(matched),
        unresolved=tuple(unresolved),
        spelled=tuple(spelled),
        abbreviated=tuple(abbreviated),
    )
