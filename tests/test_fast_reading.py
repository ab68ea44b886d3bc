"""JSON text read through orjson gives what the standard library's reader gives (issue 20).

:func:`mastcell.limits.loads` first tries :func:`mastcell._fastjson.read` (orjson, the
``fast`` extra the tests install) and reads the text with the standard library, whose errors
name every problem, wherever the two could disagree. Each test compares the two paths: the
value read (the same types: ``1`` is not ``1.0``) or the error, on drawn texts and at the
edges where orjson reads otherwise (a key twice, integers beyond 64 bits, ``NaN``, ``1e400``,
lone surrogates, escapes that spell a key twice).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mastcell.limits
from mastcell._fastjson import orjson_module, read
from mastcell.exceptions import InputError
from mastcell.fhir import read_json
from mastcell.limits import DuplicateKeyError, Limits, loads, loads_unique

GOLDEN = Path(__file__).parent / "golden" / "patients.jsonl.gz"

_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**25), max_value=10**25)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet='ab"\\[]{}:,0123456789 \n\t/é\u2028😀', max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(alphabet='ab"\\:[{1é', max_size=3), inner, max_size=4)
    ),
    max_leaves=30,
)


def _slow(text: str | bytes, limits: Limits | None = None) -> Any:
    """``loads`` with the orjson path turned off (the standard library's reader alone)."""
    fast = vars(mastcell.limits)["read"]
    setattr(mastcell.limits, "read", lambda _: None)  # noqa: B010 - not an export of limits
    try:
        return loads(text, limits)
    finally:
        setattr(mastcell.limits, "read", fast)  # noqa: B010


def _outcome(read_it: Any, text: str | bytes, limits: Limits | None = None) -> tuple[str, Any]:
    """The value as JSON text (types kept apart), or the error's messages."""
    try:
        return ("value", json.dumps(read_it(text, limits)))
    except InputError as exc:
        return ("error", exc.errors)


def test_the_tests_have_orjson() -> None:
    """The fast path is under test: orjson is installed with the ``fast`` extra and used."""
    assert orjson_module() is not None
    assert read('{"a": [1]}') is not None


def test_every_golden_patient_is_read_through_orjson_as_the_standard_library_reads_it() -> None:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f]
    assert len(lines) > 300
    for line in lines:
        found = read(line)
        assert found is not None, line[:80]
        assert json.dumps(found.data) == json.dumps(json.loads(line))
        assert loads(line) == json.loads(line)


@settings(max_examples=400, deadline=None)
@given(
    _VALUES,
    st.sampled_from(
        [
            {"ensure_ascii": False},
            {"ensure_ascii": True},
            {"indent": 1},
            {"separators": (",", ":")},
            {"indent": "\t", "ensure_ascii": False},
        ]
    ),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=5, max_value=40),
)
def test_drawn_texts_read_alike(
    value: object, how: dict[str, Any], depth: int, digits: int
) -> None:
    """Strings full of quotes, escapes, colons, brackets and digits, every spelling, limits
    around the value's depth and integers: the same value of the same types, or the same
    errors."""
    text = json.dumps(value, **how)
    limits = Limits(max_depth=depth, max_int_digits=digits)
    assert _outcome(loads, text, limits) == _outcome(_slow, text, limits)
    assert _outcome(loads, text.encode(), limits) == _outcome(_slow, text.encode(), limits)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.data())
def test_a_key_given_twice_is_refused_on_the_fast_path_too(value: object, data: Any) -> None:
    """A key repeated in any object, at any depth, spelt alike or through escapes."""
    key = data.draw(st.text(alphabet='ab"\\é:', min_size=1, max_size=3))
    escaped = data.draw(st.booleans())
    spelt = json.dumps(key, ensure_ascii=escaped)
    again = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else c for c in key)
    second = f'"{again}"' if data.draw(st.booleans()) else spelt
    inner = json.dumps(value)
    text = "{" + f"{spelt}: 1, {second}: {inner}" + "}"
    wrap = data.draw(st.integers(min_value=0, max_value=3))
    text = '{"x": [' * wrap + text + "]}" * wrap
    assert read(text) is None
    with pytest.raises(InputError, match="duplicate key") as fast:
        loads(text)
    with pytest.raises(InputError) as slow:
        _slow(text)
    assert fast.value.errors == slow.value.errors


@pytest.mark.parametrize(
    "text",
    [
        "1e400",
        "[-1e400]",
        "NaN",
        '{"a": Infinity}',
        '"\\ud800"',
        "123456789012345678901234",
        '{"n": -12345678901234567890}',
        '{"n": 9223372036854775808}',
        '{"n": 1234567890123456789.5}',
        "18446744073709551616",
        '{"s": "1234567890123456789012"}',
        "\ufeff{}",
        '{"a": 1,}',
        '{"a" 1}',
        "[1] x",
        '"\x01"',
        "",
        " ",
        "-0",
        "[-0.0, 0.1, 1E5, 1e-7, 5e-324, 1.7976931348623157e308]",
        '{"\\u0061": "\\"", "b": "\\\\", "c": "\\u2028\\n"}',
        '{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}',
        "[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]",
        "[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]",
        "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]",
        '{"a": "[[[[[[[[[[[[[[[[[[[[["}',
    ],
)
def test_edges_read_alike(text: str) -> None:
    """Where orjson reads otherwise or refuses, the outcome is the standard library's."""
    assert _outcome(loads, text) == _outcome(_slow, text)
    assert _outcome(loads, text.encode("utf-8", "surrogatepass")) == _outcome(
        _slow, text.encode("utf-8", "surrogatepass")
    )


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='{}[]":,\\ 0123456789.eE-+abtrufnlsu', max_size=40))
def test_any_text_reads_alike(text: str) -> None:
    """Broken JSON of every kind: the same value or the same errors (positions included)."""
    assert _outcome(loads, text) == _outcome(_slow, text)


def test_the_limits_hold_on_the_fast_path() -> None:
    """Digits and depth are refused by the fast path's checks as by the slow one."""
    limits = Limits(max_int_digits=5, max_depth=2)
    for text in ['{"a": 123456}', "[[[1]]]", '{"a": [[]]}']:
        with pytest.raises(InputError):
            loads(text, limits)
    found = read('{"a": [[]], "b": "123456"}')
    assert found is not None
    assert found.longest_digits_over(5)
    assert found.deeper_than(2)
    assert loads('{"a": "123456", "b": [1.5]}', Limits(max_int_digits=5)) == {
        "a": "123456",
        "b": [1.5],
    }


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_the_service_reads_what_the_standard_library_reads(value: object) -> None:
    """The service's reader (requests and fetched pages) gives the standard library's value of
    the same types, integers beyond 64 bits whole."""
    from mastcell.serve import _parse_json

    text = json.dumps(value, ensure_ascii=False).encode()
    assert json.dumps(_parse_json(text)) == json.dumps(json.loads(text))


@pytest.mark.parametrize(
    "text",
    [
        b'{"a": 1, "a": 1}',
        b'[{"a": {"b": 1, "b": 2}}]',
        b'{"ab": 1, "a\\u0062": 2}',
        b'{"n": 123456789012345678901234, "n": 1}',
    ],
)
def test_the_service_refuses_a_key_given_twice(text: bytes) -> None:
    from mastcell.serve import _parse_json

    with pytest.raises(InputError) as caught:
        _parse_json(text)
    assert caught.value.errors == ("(json): an object gives the same key more than once",)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_loads_unique_reads_what_the_standard_library_reads(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert json.dumps(loads_unique(text)) == json.dumps(json.loads(text))


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"resourceType": "Patient", "id": "a", "id": "b"}', "(json): duplicate key 'id'"),
        (
            '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient", '
            '"gender": "male", "gender": "female"}}]}',
            "(json): duplicate key 'gender'",
        ),
        (
            '{"resourceType": "Patient", "id": "a"}\n'
            '{"resourceType": "Condition", "code": {"text": "x", "t\\u0065xt": "y"}}',
            "(ndjson) line 2: invalid JSON: duplicate key 'text'",
        ),
    ],
)
def test_fhir_json_giving_a_key_twice_is_refused(text: str, where: str) -> None:
    """A FHIR resource read from JSON or NDJSON: a key given twice is an error naming it, never
    read as its last value (a patient's gender, a code's text)."""
    with pytest.raises(InputError) as caught:
        read_json(text)
    assert caught.value.errors == (where,)
    with pytest.raises(DuplicateKeyError):
        loads_unique(text.split("\n")[-1])


@pytest.mark.parametrize("levels", [17, 200, 254, 255, 300, 1000, 1024, 1025, 5000])
def test_deep_nesting_is_an_input_error_at_every_depth(levels: int) -> None:
    """orjson reads 1,024 levels but writes only 254: nesting around both bounds is the
    readers' own error (the review found a TypeError from 255 levels), never a crash."""
    from mastcell.serve import _parse_json

    text = '{"patient": ' + "[" * levels + "]" * levels + "}"
    with pytest.raises(InputError, match="nested deeper than 16 levels at line 1 column 28"):
        loads(text)
    with pytest.raises(InputError, match=r"nested too deeply|nested deeper"):
        read_json(text)
    if levels >= 1000:  # beyond the standard library's parser: the service says so
        with pytest.raises(InputError) as caught:
            _parse_json(text.encode())
        assert caught.value.errors == ("(json): nested too deeply",)
        with pytest.raises(RecursionError):
            loads_unique(text)
    else:  # the service reads it as before (the CDS Hooks reader bounds what it walks)
        assert json.dumps(_parse_json(text.encode())) == json.dumps(json.loads(text))
        assert json.dumps(loads_unique(text)) == json.dumps(json.loads(text))


def test_deep_chains_read_in_linear_memory() -> None:
    """Chains 250 deep, many of them: read once each (orjson's compact text, not an indented
    one whose size grows with the square of the depth); the limit still refuses them."""
    chain = "[" * 250 + "1" + "]" * 250
    text = "[" + ", ".join([chain] * 2000) + "]"
    found = read(text)
    assert found is not None
    assert found.deeper_than(251) is False  # the outer list and 250 levels
    assert found.deeper_than(250) is True
    assert len(found.raw) == len(text)
    with pytest.raises(InputError, match="nested deeper than 16 levels"):
        loads(text)
