"""A cohort's progress bar: a total and an ETA where the input's size is known, nothing stray.

The bar (tqdm, the ``cohort`` extra) counts what the input's size is known in: bytes of the
input files for ``mastcell cohort`` and for an open file given to
:func:`~mastcell.evaluate_many`, patients for a list; a generator or a pipe has no known size,
so its bar counts patients and their rate, without a total or an ETA. A bar is drawn only
when asked, and only once the first record arrives: nothing is printed before the run starts.

>>> bar = Progress(total=4, unit="patients", enabled=False)
>>> bar.advance(2); bar.advance(2); bar.close()
>>> bar.done
4
"""

from __future__ import annotations

import io
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sized
from typing import Any

from mastcell.exceptions import MastcellError

__all__ = ["Follow", "Progress", "require_tqdm"]


def require_tqdm() -> Any:
    """The tqdm class, or a mastcell error naming the extra (checked before any work).

    >>> require_tqdm().__name__
    'tqdm'
    """
    try:
        from tqdm import tqdm
    except ImportError:
        raise MastcellError(
            "a cohort progress bar needs tqdm: install it with `pip install 'mastcell[cohort]'`"
        ) from None
    return tqdm


class Progress:
    """A progress bar in ``unit`` (``"B"`` for bytes, or ``"patients"``) up to ``total``.

    Created lazily on the first :meth:`advance`, so that a run that fails before its first
    record prints no empty bar; ``enabled=False`` counts without drawing.

    >>> bar = Progress(total=None, unit="patients", enabled=False)
    >>> bar.advance(1); bar.done
    1
    """

    def __init__(self, *, total: int | None, unit: str, enabled: bool = True) -> None:
        self.total = total
        self.unit = unit
        self.enabled = enabled
        self.done = 0
        self._bar: Any = None
        if enabled:
            require_tqdm()

    def advance(self, amount: int) -> None:
        """Count ``amount`` more units done."""
        self.done += amount
        if not self.enabled:
            return
        if self._bar is None:
            tqdm = require_tqdm()
            # No monitor thread: the run's signal handling assumes the main thread alone.
            tqdm.monitor_interval = 0
            scaled = self.unit == "B"
            self._bar = tqdm(
                total=self.total,
                unit=self.unit if scaled else f" {self.unit}",
                unit_scale=scaled,
                unit_divisor=1024 if scaled else 1000,
                smoothing=0.1,
                dynamic_ncols=True,
            )
        self._bar.update(amount)

    def close(self, *, complete: bool = False) -> None:
        """Close the bar; ``complete`` fills it (the bytes no record stands for: blank lines)."""
        if self._bar is None:
            return
        if complete and self.total is not None and self._bar.n < self.total:
            self._bar.update(self.total - self._bar.n)
        self._bar.close()
        self._bar = None


def _file_size(handle: Any) -> int | None:
    """Bytes left to read in an open regular file, else None (a pipe, a terminal, a list)."""
    if not isinstance(handle, io.IOBase):
        return None
    try:
        info = os.fstat(handle.fileno())
        position = handle.tell()
    except (OSError, ValueError, io.UnsupportedOperation):
        return None
    import stat

    if not stat.S_ISREG(info.st_mode):
        return None
    return max(info.st_size - position, 0)


class Follow:
    """A bar for :func:`~mastcell.evaluate_many`: it measures the inputs and follows the outputs.

    An open regular file is counted in bytes (its size left to read is the total), a sized
    collection in patients (its length is the total), anything else in patients, with no
    total. The outputs come one per input, in order, so each output advances the bar by its
    input's size.

    >>> follow = Follow([{"id": "a"}, {"id": "b"}], enabled=False)
    >>> list(follow.outputs(iter(["r1", "r2"]))), follow.bar.total, follow.bar.done
    (['r1', 'r2'], 2, 2)
    """

    def __init__(self, items: Iterable[Any], *, enabled: bool = True) -> None:
        size = _file_size(items)
        self.items = items
        self.sizes: deque[int] | None = None if size is None else deque()
        if size is not None:
            self.bar = Progress(total=size, unit="B", enabled=enabled)
        else:
            total = len(items) if isinstance(items, Sized) else None
            self.bar = Progress(total=total, unit="patients", enabled=enabled)

    def inputs(self) -> Iterable[Any]:
        """The items, measured as they are read when the bar counts bytes."""
        if self.sizes is None:
            return self.items
        return self._measured(self.sizes)

    def _measured(self, sizes: deque[int]) -> Iterator[Any]:
        for line in self.items:
            sizes.append(len(line.encode("utf-8")) if isinstance(line, str) else len(line))
            yield line

    def outputs(self, outputs: Iterator[Any]) -> Iterator[Any]:
        """The outputs, advancing the bar by each one's input."""
        try:
            for out in outputs:
                yield out
                self.bar.advance(1 if self.sizes is None else self.sizes.popleft())
        finally:
            self.bar.close()
