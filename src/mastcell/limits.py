"""Bounds on what mastcell reads, so hostile or broken input fails fast with a clear error.

JSON text is read by :func:`loads`, which refuses duplicate keys (the standard library keeps
the last one silently), integers longer than ``Limits.max_int_digits`` digits, nesting
deeper than ``Limits.max_depth``, and text longer than ``Limits.max_bytes``; parsed
data is then checked by :func:`check_data` for list lengths and string lengths. Every problem
is an :class:`~mastcell.exceptions.InputError` naming its path (``labs[3].value``).

With the ``fast`` extra, :func:`loads` reads the text through orjson first (about twice as
fast here) and keeps that reading only where it is the standard library's: any text orjson
refuses or could read otherwise, that may hold too long an integer or nest too deep, goes
through the standard library's reader, whose errors are unchanged.

The defaults are generous for a real patient (years of daily counts fit) and small enough that
one evaluation stays cheap; an API caller passes its own :class:`Limits` to
:func:`~mastcell.patient_from_json` or
:func:`~mastcell.patient_from_dict`.

>>> loads('{"labs": [], "labs": []}')
Traceback (most recent call last):
...
mastcell.exceptions.InputError: (root): duplicate key 'labs'
>>> check_data({"medications": [{"drug": "x" * 20}]}, Limits(max_string_length=15))
Traceback (most recent call last):
...
mastcell.exceptions.InputError: medications[0].drug: expected at most 15 characters, got 20
"""

from __future__ import annotations

import json
import re
from typing import Any

import attrs

from mastcell._fastjson import depth, read
from mastcell.exceptions import InputError

__all__ = ["DEFAULT_LIMITS", "DuplicateKeyError", "Limits", "check_data", "loads", "loads_unique"]


def _positive(_: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InputError.for_field(attribute.name, f"expected a whole number >= 1, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """The bounds mastcell applies when it reads interchange data (each overridable).

    The list bounds keep one evaluation within about a second on one core: a report grows
    with each procedure and planned agent (a premedication schedule, a verdict per agent) and
    the medication checks compare every pair of medications.

    Args:
        max_bytes: the longest JSON text read (the CLI reads at most this much of a file).
        max_depth: the deepest nesting of JSON arrays and objects (a patient needs 4).
        max_string_length: the longest string (an id, a drug name, a unit, a date).
        max_int_digits: the most digits in a JSON integer.
        max_labs: the most lab results.
        max_medications: the most medications.
        max_procedures: the most procedures.
        max_planned_agents: the most planned agents of one procedure.
        max_list_length: the most items in any other list (flares, reactions, diagnoses...).

    >>> Limits().max_labs, Limits(max_labs=50_000).max_labs
    (2000, 50000)
    >>> Limits(max_depth=0)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: max_depth: expected a whole number >= 1, got 0
    """

    max_bytes: int = attrs.field(default=2_000_000, validator=_positive)
    max_depth: int = attrs.field(default=16, validator=_positive)
    max_string_length: int = attrs.field(default=10_000, validator=_positive)
    max_int_digits: int = attrs.field(default=30, validator=_positive)
    max_labs: int = attrs.field(default=2000, validator=_positive)
    max_medications: int = attrs.field(default=100, validator=_positive)
    max_procedures: int = attrs.field(default=20, validator=_positive)
    max_planned_agents: int = attrs.field(default=50, validator=_positive)
    max_list_length: int = attrs.field(default=200, validator=_positive)

    def list_limit(self, key: str) -> int:
        """The most items a list under ``key`` may hold.

        >>> Limits().list_limit("medications"), Limits().list_limit("flares")
        (100, 200)
        """
        named = {
            "labs": self.max_labs,
            "medications": self.max_medications,
            "procedures": self.max_procedures,
            "planned_agents": self.max_planned_agents,
        }
        return named.get(key, self.max_list_length)


#: The limits used when a caller passes none.
DEFAULT_LIMITS = Limits()

#: The most problems of one kind listed in an error (a hostile text can have a million).
_MOST_ERRORS = 20

#: JSON strings (skipped over) and brackets (counted), for the depth scan. A string is matched
#: by the unrolled loop ``"[^"\\]*(?:\\.[^"\\]*)*"?``: one way to read each character, and an
#: unterminated string runs to the end of the text instead of failing and being retried from
#: every later quote (which made the scan quadratic: 100 kB of ``\"`` took minutes). The scan
#: is linear in the text's size; ``json.loads`` then refuses what is not JSON.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def _quick_depth(text: str) -> int:
    """The deepest nesting of a JSON text holding no backslash (:func:`_check_depth`'s count).

    Without a backslash every quote opens or closes a string, so
    ``mastcell._fastjson.depth`` counts it in C; UTF-8 keeps every ASCII byte as itself
    and no other byte is ASCII.

    >>> _quick_depth('{"a": [1, {"b": "[[["}], "c": []}'), _quick_depth("1")
    (3, 0)
    """
    return depth(text.encode("utf-8", "surrogatepass"))


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line} column {column}"


def _check_depth(text: str, limit: int) -> None:
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise InputError(
                    [
                        f"(json): nested deeper than {limit} levels at "
                        f"{_position(text, match.start())}"
                    ]
                )
        elif token in "]}":
            depth -= 1


class _Duplicate(dict[str, Any]):
    """An object that had a key more than once (the keys are kept in ``duplicates``)."""

    duplicates: tuple[str, ...] = ()


def loads(text: str | bytes, limits: Limits | None = None) -> Any:
    """Parse JSON text within ``limits``, refusing duplicate keys, huge integers, deep nesting.

    Raises:
        InputError: invalid JSON, or a limit exceeded; the message names the path or position.

    >>> loads('{"a": [1, 2.5]}')
    {'a': [1, 2.5]}
    >>> loads('[[[1]]]', Limits(max_depth=2))
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: (json): nested deeper than 2 levels at line 1 column 3
    >>> loads('{"n": ' + "9" * 40 + '}')
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: (json): an integer of 40 digits (at most 30 are read)
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    if len(text) > limits.max_bytes:
        unit = "characters" if isinstance(text, str) else "bytes"
        raise InputError(
            [f"(json): {len(text)} {unit}, more than the limit of {limits.max_bytes} bytes"]
        )
    found = _read_fast(text, limits)
    if found is not None:
        return found
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError([f"(json): not UTF-8 text: {exc}"]) from None
    # The quick depth scan clears a text without a backslash in C; any other text, and one
    # it finds too deep, takes the token scan, which names the position.
    if "\\" in text or _quick_depth(text) > limits.max_depth:
        _check_depth(text, limits.max_depth)
    found_duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found_duplicates
        out: dict[str, Any] = dict(items)
        if len(out) == len(items):
            return out  # no key twice (the usual case): the dict as json builds it
        out = {}
        seen: dict[str, None] = {}  # a dict: ordered, and a lookup in constant time
        for key, value in items:
            if key in out:
                seen[key] = None
            out[key] = value
        if not seen:
            return out
        found_duplicates = True
        marked = _Duplicate(out)
        marked.duplicates = tuple(seen)
        return marked

    def parse_int(digits: str) -> int:
        count = len(digits.lstrip("-"))
        if count > limits.max_int_digits:
            raise _TooLongError(
                f"(json): an integer of {count} digits (at most {limits.max_int_digits} are read)"
            )
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=parse_int)
    except _TooLongError as exc:
        raise InputError([str(exc)]) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [f"(json): invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"]
        ) from None
    except (ValueError, RecursionError) as exc:  # pragma: no cover - guarded above
        raise InputError([f"(json): cannot read: {exc}"]) from None
    if found_duplicates:
        found = [
            f"{path}: duplicate key {key!r}"
            for path, item in _walk(data)
            if isinstance(item, _Duplicate)
            for key in item.duplicates
        ]
        more = [f"(json): {len(found) - _MOST_ERRORS} more duplicate keys"]
        raise InputError(found if len(found) <= _MOST_ERRORS else found[:_MOST_ERRORS] + more)
    return data


def _read_fast(text: str | bytes, limits: Limits) -> Any:
    """The data of ``text`` read through orjson (the ``fast`` extra), or None.

    None sends the text to the standard library's reader, which names every problem: orjson
    is missing or could read the text otherwise (``mastcell._fastjson.read``), or the
    text may hold an integer of too many digits or nest too deep (a false alarm, digits in a
    string or nesting at the limit, costs only speed).
    """
    found = read(text)
    if (
        found is None
        or found.longest_digits_over(limits.max_int_digits)
        or found.deeper_than(limits.max_depth)
    ):
        return None
    return found.data


class DuplicateKeyError(ValueError):
    """A JSON object gives a key more than once (:func:`loads_unique`).

    >>> str(DuplicateKeyError("a"))
    "duplicate key 'a'"
    """

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


def _unique_pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(items)
    if len(out) != len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise DuplicateKeyError(key)
            seen.add(key)
    return out


def loads_unique(text: str | bytes) -> Any:
    """JSON text as ``json.loads`` reads it, except that a key given twice is an error.

    For the readers that bound what they read themselves (FHIR JSON and NDJSON, the service):
    a key given twice must not be read as its last value. Through orjson where it reads
    exactly what the standard library reads (``mastcell._fastjson.read``).

    Raises:
        DuplicateKeyError: an object gives a key twice (a ``ValueError``).
        ValueError: the text is not JSON (``json.JSONDecodeError``, ``UnicodeDecodeError``).
        RecursionError: the text nests deeper than the standard library's parser goes (about
            a thousand levels); the callers say "nested too deeply".

    >>> loads_unique('{"a": [1, {"b": 2}]}')
    {'a': [1, {'b': 2}]}
    >>> loads_unique('[{"b": 1, "b": 2}]')
    Traceback (most recent call last):
    ...
    mastcell.limits.DuplicateKeyError: duplicate key 'b'
    """
    found = read(text)
    if found is not None:
        return found.data
    return json.loads(text, object_pairs_hook=_unique_pairs)


class _TooLongError(ValueError):
    """A JSON integer over the digit limit (raised inside the parser)."""


def _walk(data: Any) -> list[tuple[str, Any]]:
    """Every value in ``data`` with its path, depth first, without recursion."""
    out: list[tuple[str, Any]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        path, item = stack.pop()
        out.append((path or "(root)", item))
        if isinstance(item, dict):
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in item.items()]
        elif isinstance(item, list | tuple):
            children = [(f"{path}[{i}]", v) for i, v in enumerate(item)]
        else:
            continue
        stack.extend(reversed(children))
    return out


def check_data(data: Any, limits: Limits | None = None) -> None:
    """Check parsed interchange data against ``limits`` (depth, list and string lengths).

    Works on data from any source (an API caller's dict too), without recursion.

    Raises:
        InputError: every list or string over its limit, and nesting over the depth limit.

    >>> check_data({"labs": [1, 2, 3]}, Limits(max_labs=2))
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: labs: expected at most 2 items, got 3
    """
    limits = DEFAULT_LIMITS if limits is None else limits
    errors: list[str] = []
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack and len(errors) < _MOST_ERRORS:
        path, item, depth = stack.pop()
        where = path or "(root)"
        if isinstance(item, str):
            if len(item) > limits.max_string_length:
                errors.append(
                    f"{where}: expected at most {limits.max_string_length} characters, "
                    f"got {len(item)}"
                )
            continue
        if isinstance(item, int) and not isinstance(item, bool):
            if abs(item) >= 10**limits.max_int_digits:
                errors.append(f"{where}: an integer of more than {limits.max_int_digits} digits")
            continue
        if not isinstance(item, dict | list | tuple):
            continue
        if depth >= limits.max_depth:
            errors.append(f"{where}: nested deeper than {limits.max_depth} levels")
            continue
        key = path.rsplit(".", 1)[-1]
        most = limits.list_limit(key) if isinstance(item, list | tuple) else limits.max_list_length
        if len(item) > most:
            noun = "keys" if isinstance(item, dict) else "items"
            errors.append(f"{where}: expected at most {most} {noun}, got {len(item)}")
            continue
        if isinstance(item, dict):
            for key in item:
                if isinstance(key, str) and len(key) > limits.max_string_length:
                    errors.append(f"{where}: a key of {len(key)} characters")
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in item.items()]
        else:
            children = [(f"{path}[{i}]", v) for i, v in enumerate(item)]
        stack.extend((p, v, depth + 1) for p, v in reversed(children))
    if errors:
        raise InputError(errors)
