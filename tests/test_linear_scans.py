"""Issue 17 item 4: every pre-scan of untrusted text is linear in its size.

The depth scan of :func:`mastcell.limits.loads` was quadratic on an unterminated string of
escaped quotes (100 kB took minutes), and its duplicate-key bookkeeping was quadratic in the
number of duplicated keys. The property below bounds the *work per byte*, not a time: the CPU
time of a hostile text 8 times longer may be at most 24 times larger (linear work gives about
8, quadratic about 64), measured as the best of a few runs so that a busy machine does not
decide the outcome.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mastcell import InputError, patient_from_json
from mastcell.limits import Limits, loads

#: Size of the smaller text, and the factor of the larger.
SMALL = 8_000
FACTOR = 8
#: Linear work gives a ratio near FACTOR, quadratic near FACTOR**2: three times the linear
#: ratio leaves room for noise and stays far below the quadratic one.
BOUND = 3 * FACTOR


def _cpu(read: Callable[[str], object], text: str) -> float:
    """The least CPU time of five reads of ``text`` (errors are the expected outcome)."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        with contextlib.suppress(InputError):
            read(text)
        best = min(best, time.process_time() - started)
    return max(best, 1e-6)


def _ratio(read: Callable[[str], object], prefix: str, unit: str) -> float:
    """CPU time for ``FACTOR`` times more text over the time for ``SMALL`` characters."""
    small = prefix + unit * (SMALL // len(unit))
    large = prefix + unit * (SMALL * FACTOR // len(unit))
    # The least of three ratios: a machine busy for a moment raises one, never all three.
    return min(_cpu(read, large) / _cpu(read, small) for _ in range(3))


#: Openings that put the scan inside a string, an array or an object.
PREFIXES = ["", '"', "[", '{"id": "', '{"medications": [{"drug": "', '{"a": ']
#: Characters the scan treats specially, and a few it does not.
HOSTILE = st.text(alphabet=st.sampled_from('"\\[]{}:,a0 \n'), min_size=1, max_size=6)


class TestLinearWork:
    @settings(max_examples=25)
    @given(prefix=st.sampled_from(PREFIXES), unit=HOSTILE)
    def test_loads_work_per_byte_is_bounded(self, prefix: str, unit: str) -> None:
        """loads() on any repeated hostile pattern does at most a bounded work per byte."""
        assert _ratio(loads, prefix, unit) < BOUND

    @settings(max_examples=10)
    @given(prefix=st.sampled_from(PREFIXES), unit=HOSTILE)
    def test_patient_from_json_work_per_byte_is_bounded(self, prefix: str, unit: str) -> None:
        """Reading a patient document (scan, parse, limits) is linear in the text too."""
        assert _ratio(patient_from_json, prefix, unit) < BOUND

    @pytest.mark.parametrize(
        ("prefix", "unit"),
        [('"', '\\"'), ('{"id": "', '\\"'), ("", '"\\"'), ('"', "\\\\\\")],
        ids=["escaped-quotes", "escaped-quotes-in-id", "quote-escaped-quote", "backslashes"],
    )
    def test_issue_cases(self, prefix: str, unit: str) -> None:
        """The issue's unterminated string of escaped quotes, and its neighbours."""
        assert _ratio(loads, prefix, unit) < BOUND

    def test_duplicate_keys_work_is_bounded(self) -> None:
        """An object of many duplicated keys: work linear in their number."""

        def text(n: int) -> str:
            return "{" + ",".join(f'"k{i}": 1, "k{i}": 2' for i in range(n)) + "}"

        small, large = text(1000), text(1000 * FACTOR)
        ratio = min(_cpu(loads, large) / _cpu(loads, small) for _ in range(3))
        assert ratio < BOUND


class TestOutcomes:
    def test_unterminated_string_of_escaped_quotes(self) -> None:
        """100 kB of escaped quotes is refused as an unterminated string, naming the position."""
        with pytest.raises(InputError) as info:
            loads('{"id": "' + '\\"' * 50_000)
        assert str(info.value) == (
            "(json): invalid JSON at line 1 column 8: Unterminated string starting at"
        )

    def test_brackets_inside_strings_are_not_counted(self) -> None:
        """Brackets in strings (escaped quotes too) do not count towards the depth."""
        text = json.dumps({"id": '\\"[[[[[[[[[[[[[[[[[[[[' * 3, "diagnoses": ["mcas"]})
        assert loads(text)["diagnoses"] == ["mcas"]

    def test_depth_still_counted_after_strings(self) -> None:
        """Brackets after a string with escapes still count (the scan resumes after it)."""
        with pytest.raises(InputError, match="nested deeper than 3 levels"):
            loads('["\\"", [[["x"]]]]', Limits(max_depth=3))

    def test_many_duplicate_keys_are_listed_up_to_twenty(self) -> None:
        """A thousand duplicated keys: twenty named, the rest counted in one message."""
        text = "{" + ",".join(f'"k{i}": 1, "k{i}": 2' for i in range(1000)) + "}"
        with pytest.raises(InputError) as info:
            loads(text)
        errors = info.value.errors
        assert errors[:2] == ("(root): duplicate key 'k0'", "(root): duplicate key 'k1'")
        assert len(errors) == 21
        assert errors[-1] == "(json): 980 more duplicate keys"
