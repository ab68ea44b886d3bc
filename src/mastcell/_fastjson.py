"""JSON text through orjson when it is installed (the ``fast`` extra), byte-identical to json.

:func:`dumps` writes exactly what ``json.dumps(data, indent=indent, ensure_ascii=False)``
writes. With orjson importable (``pip install mastcell[fast]``) and ``indent`` None or 2 it
writes through orjson (about 20 to 40 times faster than the standard library's indenting
encoder), and falls back to the standard library for any document where the two encoders
could disagree:

- a float orjson spells otherwise: orjson writes ``0.00001`` where Python writes ``1e-05``
  and ``1e-7`` for ``1e-07``; any ``0.0000`` or ``e-5`` to ``e-9`` in orjson's text
  sends the document to the standard library (a string holding such text does too: a false
  alarm costs only speed). Other floats are spelt alike
  (shortest round-trip digits, an exponent from 1e16 and below 1e-4); an orjson release
  that disagrees on a probe of such floats is not used at all;
- NaN and infinities (orjson writes ``null``): the caller says when the data may hold them
  (``finite=False``); mastcell's entities refuse them on construction;
- what orjson refuses: integers beyond 64 bits, keys that are not strings, lone surrogates
  (the standard library writes them as they are), types it does not know.

The compact form keeps the standard library's separators (``", "`` and ``": "``): orjson's
indented text is made compact by joining its lines (strings never hold a raw newline).

:func:`read` is the other direction: JSON text through orjson's parser (about ten times
faster than the standard library's with the hooks :func:`mastcell.limits.loads` needs), or
None wherever the two parsers could disagree, so that the caller reads the text with the
standard library: orjson refuses it (NaN, ``1e400``, lone surrogates: the standard library
reads or refuses them its own way), a number has 19 digits or more in a row (orjson reads an
integer beyond 64 bits as a float), or an object has a key twice (orjson keeps the last one
silently; mastcell refuses the text).

>>> dumps({"a": [1, 2.5], "b": "café"}, indent=None)
'{"a": [1, 2.5], "b": "café"}'
>>> dumps({"small": 1e-05}, indent=None)
'{"small": 1e-05}'
"""

from __future__ import annotations

import itertools
import json
import re
from types import ModuleType
from typing import Any, NamedTuple

__all__ = ["Read", "depth", "dumps", "orjson_module", "read"]

_UNSET: Any = object()
_orjson: ModuleType | None = _UNSET

#: Floats where Python writes an exponent (and two where it does not): an orjson whose
#: spelling of each is Python's, or a ``0.0000...`` the writer detects, is used.
_PROBES = (
    1e16, 1.5e16, 1e22, 1.7976931348623157e308, 1e-5, 2.5e-5, 1e-6, 1e-7, 3e-8, 1e-9,
    1.2345e-10, 1e-300, 5e-324, 9999999999999998.0, 0.0001, 0.00012345,
)  # fmt: skip

#: orjson's spellings of floats Python writes otherwise: ``0.00001`` for ``1e-05`` and
#: ``1e-7`` for ``1e-07`` (Python pads a one-digit exponent; only -5 to -9 can occur).
_SUSPECTS = (b"0.0000", b"e-5", b"e-6", b"e-7", b"e-8", b"e-9")


def _suspect(text: bytes) -> bool:
    return any(s in text for s in _SUSPECTS)


def _agrees(orjson: ModuleType) -> bool:
    for value in _PROBES:
        text = orjson.dumps(value)
        if text != repr(value).encode() and not _suspect(text):
            return False
    return True


def orjson_module() -> ModuleType | None:
    """The orjson module when it is importable and spells floats as Python does, else None.

    Imported once, on first use. orjson writes ``0.00001`` where Python writes ``1e-05``
    (:func:`dumps` detects that); an orjson release that spelt other floats its own way
    (``1e16`` for ``1e+16``) is not used.

    >>> orjson_module() is None or orjson_module().__name__ == "orjson"
    True
    """
    global _orjson
    if _orjson is _UNSET:
        try:
            import orjson
        except ImportError:
            _orjson = None
        else:
            _orjson = orjson if _agrees(orjson) else None
    return _orjson


def _stdlib(data: Any, indent: int | None) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)


def dumps(
    data: Any, *, indent: int | None = 2, finite: bool = True, plain_floats: bool = False
) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False)``, through orjson when it agrees.

    Args:
        data: plain JSON data (dicts, lists, strings, numbers, booleans, None).
        indent: 2 for the indented form, None for one line; other values use the standard
            library.
        finite: False when ``data`` may hold NaN or infinities (then the standard library
            writes it, as ``NaN``/``Infinity``).
        plain_floats: True when the caller knows every float in ``data`` is 0 or from 1e-4 up
            to 1e16 in magnitude (spelt alike by both encoders): the scan of orjson's text
            for other spellings is skipped.

    >>> print(dumps({"a": []}))
    {
      "a": []
    }
    """
    if not finite or (indent is not None and indent != 2):
        return _stdlib(data, indent)
    orjson = orjson_module()
    if orjson is None:
        return _stdlib(data, indent)
    try:
        raw: bytes = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    except TypeError:  # orjson.JSONEncodeError: big integers, non-str keys, lone surrogates
        return _stdlib(data, indent)
    if not plain_floats and _suspect(
        raw
    ):  # a float under 1e-4 (or such text in a string): as Python spells it
        return _stdlib(data, indent)
    if indent is None:
        # Structural newlines are the only raw ones (strings hold "\n" escaped) and every
        # line starts with its indentation, then a token (never other whitespace): the item
        # separator "," before a line break becomes ", ", then each line loses its
        # indentation and the lines are joined (":" is already ": ").
        raw = b"".join(map(bytes.lstrip, raw.replace(b",\n", b", \n").split(b"\n")))
    return raw.decode("utf-8")


class Read(NamedTuple):
    """What :func:`read` found: the data, and the digit runs and depth checks it allows."""

    #: The parsed value, as ``json.loads`` gives it.
    data: Any
    #: The text read, each digit as ``0`` and every other byte a space (strings included).
    digits: bytes
    #: The text read, as UTF-8 bytes.
    raw: bytes

    def longest_digits_over(self, count: int) -> bool:
        """Whether the text has a run of more than ``count`` digits (in strings too).

        >>> found = read('{"a": [123], "b": "4567"}')
        >>> found is None or (found.longest_digits_over(3), found.longest_digits_over(4))
        (True, False)
        """
        return b"0" * (count + 1) in self.digits

    def deeper_than(self, limit: int) -> bool:
        """Whether the data nests deeper than ``limit`` (arrays and objects, as json counts).

        >>> found = read('[[[]], "[[[["]')
        >>> found is None or (found.deeper_than(2), found.deeper_than(3))
        (True, False)
        """
        raw = self.raw
        if raw.count(b"[") + raw.count(b"{") <= limit:
            return False  # not even that many brackets, in strings or not
        return depth(_unescaped(raw)) > limit


#: What each bracket does to the depth, by its byte.
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
#: Every byte but the quote and the brackets (deleted to find the nesting).
_NOT_QUOTE_OR_BRACKET = bytes(b for b in range(256) if b not in b'"[]{}')


def depth(text: bytes) -> int:
    """The deepest nesting of brackets outside strings, in a text holding no escape.

    Without escapes every quote opens or closes a string (the last one may run to the end),
    so only the quotes and brackets matter: two quotes side by side, once everything else is
    gone, hold no bracket between them (an empty string, or the end of one string and the
    start of the next) and go together; the few quotes left then enclose brackets inside
    strings. The work is in C but for the brackets outside strings.

    >>> depth(b'{"a": [1, {"b": "[[["}], "c": []}'), depth(b"1"), depth(b'["]", [[]]]')
    (3, 0, 3)
    """
    marks = text.translate(None, _NOT_QUOTE_OR_BRACKET).replace(b'""', b"")
    if b'"' in marks:
        marks = b"".join(marks.split(b'"')[::2])
    return max(itertools.accumulate(map(_DEPTH_STEP.__getitem__, marks)), default=0)


#: The byte of each digit kept as ``0``, every other byte made a space (for the digit runs).
_DIGIT_RUNS = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
#: A string of a JSON text whose escaped quotes and backslashes are taken out.
_STRING = re.compile(rb'"[^"]*"')


def _unescaped(raw: bytes) -> bytes:
    """A valid JSON text without its escaped backslashes and quotes.

    In valid JSON a backslash occurs only inside strings, as an escape: taking out every
    escaped backslash and then every escaped quote leaves quotes that only open and close
    strings.
    """
    if b"\\" not in raw:
        return raw
    return raw.replace(b"\\\\", b"").replace(b'\\"', b"")


def _outside_strings(raw: bytes) -> bytes:
    r"""The bytes of a valid JSON text outside its strings (numbers, brackets, separators).

    >>> _outside_strings(b'{"a\\"": [1, "]"]}')
    b'{: [1, ]}'
    """
    return _STRING.sub(b"", _unescaped(raw))


def read(text: str | bytes) -> Read | None:
    """``text`` read by orjson when it reads exactly what ``json.loads`` reads, else None.

    None means: read it with the standard library (orjson is not installed, refused the
    text, or could read it otherwise: see the module's notes). A key given twice is found by
    counting: orjson's own text of the data holds as many strings (keys among them) as the
    text read, or as many members, only when it dropped no key.

    >>> found = read('{"a": [1, 2.5], "b": "x:y"}')
    >>> found is None or found.data == {"a": [1, 2.5], "b": "x:y"}
    True
    >>> read('{"a": 1, "a": 2}') is None  # a key twice: the standard library's reader says so
    True
    >>> read('{"n": 12345678901234567890}') is None  # beyond 64 bits: orjson reads a float
    True
    """
    orjson = orjson_module()
    if orjson is None:
        return None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    digits = raw.translate(_DIGIT_RUNS)
    if b"0" * 19 in digits:  # maybe an integer beyond 64 bits (or digits in a string)
        return None
    try:
        again: bytes = orjson.dumps(data)
    except orjson.JSONEncodeError:  # deeper than orjson writes (254): the standard library's
        return None
    if b"\\" in raw:  # escapes: count the members (one ":" outside strings each)
        dropped = _outside_strings(raw).count(b":") != _outside_strings(again).count(b":")
    else:  # none in the text, so none in orjson's: count the strings' quotes
        dropped = raw.count(b'"') != again.count(b'"')
    return None if dropped else Read(data, digits, raw)
