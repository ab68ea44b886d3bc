"""The shortcuts taken on decide()'s hot path give what the long way gives (issue 20).

Each shortcut here (a prefilter before a regex, a value read from the facts view instead of
worked out again, a memo kept for one evaluation) is checked against the computation it
replaces, on drawn inputs and at the edges where a shortcut could go wrong: case, non-ASCII
text, word boundaries, and caches that must not carry an answer from one patient or moment to
another.
"""

from __future__ import annotations

import gc
import json
import weakref
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell.counts import latest_count
from mastcell.exceptions import InputError
from mastcell.facts import COUNT_ANALYTES, Facts, Recorded, Trigger, facts_of, trigger_key
from mastcell.guard import _OPTIONS, _says_options
from mastcell.knowledge.allergy import reaction_matches
from mastcell.knowledge.options import Options, PerioperativeOptions
from mastcell.limits import Limits, _check_depth, _quick_depth, loads
from mastcell.model import (
    DiagnosisFamily,
    LabResult,
    MedicationStatus,
    Patient,
    Procedure,
    Reaction,
    ReactionSeverity,
)
from mastcell.rules.procedure_facts import upcoming
from mastcell.rules.registry import Context
from mastcell.testing import AT
from strategies import patients

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


def _recorded_long_way(p: Patient) -> frozenset[Recorded]:
    """:class:`Recorded` as its members' comments define them, one test per member."""
    present = {
        Recorded.PAIN: p.pain is not None,
        Recorded.PROCEDURE: bool(p.procedures),
        Recorded.FLARE: bool(p.flares),
        Recorded.REACTION: bool(p.reactions),
        Recorded.ADVERSE_EVENT: bool(p.adverse_events),
        Recorded.PREGNANCY: p.pregnant is not None or p.lactating is not None,
        Recorded.MEDICATION: bool(p.medications),
        Recorded.SYMPTOM_CONTROL: p.symptom_control is not None,
        Recorded.KIT_D816V: p.kit_d816v is not None,
        Recorded.TPSAB1: p.tpsab1_extra_copies is not None,
        Recorded.AGE: p.birth_date is not None or p.age is not None,
        Recorded.WEIGHT: p.weight is not None,
        Recorded.LAB: bool(p.labs),
        Recorded.BIOPSY: bool(p.biopsies),
        Recorded.KIT_TEST: bool(p.kit_tests),
        Recorded.SKIN: p.skin is not None,
        Recorded.ORGAN_FINDINGS: p.organ_findings is not None,
        Recorded.ASSOCIATED_NEOPLASM: p.associated_neoplasm is not None,
        Recorded.ANTIMEDIATOR_RESPONSE: p.response_to_antimediators is not None,
        Recorded.SENSITISATION: bool(p.sensitisations),
        Recorded.SCORE: bool(p.scores),
        Recorded.EPISODE_DETAIL: any(f.detailed for f in p.flares),
    }
    assert set(present) == set(Recorded)
    return frozenset(k for k, v in present.items() if v)


def _check_facts(f: Facts, p: Patient) -> None:
    diagnoses = frozenset(p.diagnoses)
    assert f.families == frozenset(
        fam for fam in DiagnosisFamily if not fam.members.isdisjoint(diagnoses)
    )
    assert f.recorded == _recorded_long_way(p)
    holding: tuple[Trigger, ...] = (*f.recorded, *f.analytes, *f.classes, *f.diagnoses, *f.families)
    assert f.present == frozenset(trigger_key(t) for t in holding)
    assert f.classes == frozenset(c for these in f.drug_classes for c in these)
    by_status = {
        MedicationStatus.ACTIVE: f.active,
        MedicationStatus.HELD: f.held,
        MedicationStatus.STOPPED: f.stopped,
        MedicationStatus.PLANNED: f.planned,
    }
    for status, groups in by_status.items():
        expected: dict[object, list[int]] = {}
        for i, m in enumerate(p.medications):
            if m.status is status:
                for c in f.drug_classes[i]:
                    expected.setdefault(c, []).append(i)
        assert groups == {c: tuple(v) for c, v in expected.items()}
    for analyte in COUNT_ANALYTES:  # skipped when nothing is drawn by the moment to count
        assert f.counts.get(analyte) == latest_count(p, analyte, f.at)
    assert f.held_indices == tuple(
        i for i, m in enumerate(p.medications) if m.status is MedicationStatus.HELD
    )


@settings(max_examples=150, deadline=None)
@given(patients(), st.sampled_from([0, 3, 30, 400]))
def test_facts_of_is_the_definition(p: Patient, days_before: int) -> None:
    """The facts view's sets, groups and counts are those their definitions give.

    At several moments, so that results drawn after the moment are left out of the counts.
    """
    _check_facts(facts_of(p, AT - timedelta(days=days_before)), p)


def test_facts_of_a_bare_and_a_later_moment() -> None:
    """No input at all, and the same patient at two moments (nothing carried between them)."""
    bare = Patient()
    _check_facts(facts_of(bare, AT), bare)
    assert facts_of(bare, AT).present == frozenset()
    later = datetime(2030, 1, 1, tzinfo=AT.tzinfo)
    assert facts_of(bare, later).at == later


def test_reaction_matches_memo_is_per_patient() -> None:
    """The memo of reaction matches answers each patient with their own reactions.

    Two patients with the same agents: each match holds that patient's reaction (its path is
    found by identity), and a different severity reorders the matches, as it must.
    """
    first = (Reaction(agent="vecuronium", severity="anaphylaxis"), Reaction(agent="atracurium"))
    second = (
        Reaction(agent="vecuronium", severity="mild"),
        Reaction(agent="atracurium", severity="anaphylaxis"),
    )
    same_as_first = (Reaction(agent="vecuronium", severity="anaphylaxis"),
                     Reaction(agent="atracurium"))  # fmt: skip
    a = reaction_matches(first, "rocuronium")
    b = reaction_matches(second, "rocuronium")
    c = reaction_matches(same_as_first, "rocuronium")
    assert [m.reaction.agent for m in a] == ["vecuronium", "atracurium"]
    assert [m.reaction.agent for m in b] == ["atracurium", "vecuronium"]
    assert [m.reaction.severity for m in b] == [ReactionSeverity.ANAPHYLAXIS, ReactionSeverity.MILD]
    assert all(any(m.reaction is r for r in first) for m in a)
    assert all(any(m.reaction is r for r in same_as_first) for m in c)
    assert [(m.drug, m.relation, m.group) for m in a] == [(m.drug, m.relation, m.group) for m in c]


def test_reaction_matches_memo_holds_no_patient() -> None:
    """A memoised plan keeps no reaction of the patient alive once the evaluation is done."""
    reaction = Reaction(agent="fentanyl", severity="anaphylaxis")
    ref = weakref.ref(reaction)
    assert reaction_matches([reaction], "fentanyl")[0].reaction is reaction
    del reaction
    gc.collect()
    assert ref() is None


def test_reaction_matches_unmemoised_paths_agree() -> None:
    """A long list and a long agent go the unmemoised way, with the same answers."""
    many = [Reaction(agent="heat")] * 40 + [Reaction(agent="morphine", severity="flare")]
    found = reaction_matches(many, "hydromorphone")
    assert [m.reaction for m in found] == [many[-1]]
    long_agent = Reaction(agent="morphine " + "x" * 5_000)
    assert reaction_matches([long_agent], "morphine") == reaction_matches([long_agent], "morphine")


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**35), max_value=10**35)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet='ab"\\[]{}:,0123456789 é', max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet='ab"[{1', max_size=3), inner, max_size=4)
    ),
    max_leaves=25,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    return 0


def _longest_int(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return len(str(abs(value)))
    if isinstance(value, list):
        return max(map(_longest_int, value), default=0)
    if isinstance(value, dict):
        return max(map(_longest_int, value.values()), default=0)
    return 0


@settings(max_examples=300, deadline=None)
@given(_JSON, st.integers(min_value=1, max_value=6), st.integers(min_value=5, max_value=40))
def test_loads_quick_scans_agree(value: object, depth: int, digits: int) -> None:
    """The quick scans of ``limits.loads`` refuse exactly what the slow ones refuse.

    Strings full of brackets, quotes, escapes and digits, integers around the digit limit and
    nesting around the depth limit: the value read, or the error (the depth's position as
    the token scan gives it, the integer's digits).
    """
    text = json.dumps(value, ensure_ascii=False)
    limits = Limits(max_depth=depth, max_int_digits=digits)
    if _depth(value) > depth:
        with pytest.raises(InputError) as caught:
            loads(text, limits)
        with pytest.raises(InputError) as slow:
            _check_depth(text, depth)
        assert caught.value.errors == slow.value.errors
    elif _longest_int(value) > digits:
        with pytest.raises(InputError, match=r"\(json\): an integer of \d+ digits"):
            loads(text, limits)
    else:
        assert loads(text, limits) == json.loads(text)


@settings(max_examples=500)
@given(st.text(alphabet='"[]{}a1 ,:é', max_size=40), st.integers(min_value=0, max_value=8))
def test_quick_depth_is_the_token_scan(text: str, limit: int) -> None:
    """On any text without a backslash, JSON or not (unterminated strings, stray brackets),
    the quick scan finds the text too deep exactly when the token scan refuses it."""
    try:
        _check_depth(text, limit)
        refused = False
    except InputError:
        refused = True
    assert (_quick_depth(text) > limit) == refused


def test_loads_digits_outside_integers() -> None:
    """Long digit runs in strings, fractions and exponents are not integers; duplicates found."""
    limits = Limits(max_int_digits=5)
    read = loads('{"a": "1234567890", "b": 1.1234567890, "c": 1e12}', limits)
    assert read["a"] == "1234567890"
    with pytest.raises(InputError, match="an integer of 10 digits"):
        loads('{"a": "1234567890", "b": [-1234567890]}', limits)
    with pytest.raises(InputError, match=r"b\[0\]: duplicate key 'x'"):
        loads('{"a": 1, "b": [{"x": 1, "x": 2}]}')
    assert loads('{"a": 1, "b": [{"x": 1, "y": 2}]}') == {"a": 1, "b": [{"x": 1, "y": 2}]}
    huge = Limits(max_int_digits=50_000)  # above the quick scan's ceiling: the hook decides
    assert loads("[" + "9" * 40 + "]", huge) == [int("9" * 40)]


def test_conflicting_results_at_one_instant_however_written() -> None:
    """Results of one instant written with two offsets are one draw; a later one is not."""
    utc = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    paris = datetime(2026, 11, 20, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    p = Patient(
        labs=(
            LabResult(analyte="anc", value=1.2, unit="10*9/L", time=utc),
            LabResult(analyte="anc", value=1.2, unit="10*9/L", time=utc + timedelta(hours=1)),
            LabResult(analyte="anc", value=800, unit="/uL", time=paris),
            LabResult(analyte="platelets", value=90, unit="10*9/L", time=utc),
            LabResult(analyte="platelets", value=90, unit="10*9/L", time=paris),
        )
    )
    assert [[lab.canonical for lab in g] for g in p.conflicting_results()] == [[1.2, 0.8]]


def test_upcoming_is_kept_for_its_moment_and_options_only() -> None:
    """The procedures kept for one moment and options are never the answer for others.

    One facts view asked at two moments and with two planning horizons: each answer is the
    one a fresh facts view gives.
    """
    p = Patient(
        procedures=(
            Procedure(kind="dental", date=date(2026, 12, 3)),
            Procedure(kind="surgery", date=date(2027, 6, 1)),
        )
    )
    f = facts_of(p, AT)
    later = AT + timedelta(days=30)
    short = Options(perioperative=PerioperativeOptions(horizon=timedelta(days=5)))
    asks = [
        Context(at=AT),
        Context(at=later),
        Context(at=AT, options=short),
        Context(at=AT),
    ]
    for context in asks:
        fresh = list(upcoming(facts_of(p, AT), context))
        assert list(upcoming(f, context)) == fresh
        assert list(upcoming(f, context)) == fresh  # asked twice: the kept answer
    assert [x.path for x in upcoming(f, Context(at=AT))] == ["procedures[0]"]
    assert list(upcoming(f, Context(at=later))) == []
