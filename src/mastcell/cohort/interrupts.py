"""SIGINT and SIGTERM as one exception a cohort run can stop on, at a moment it chooses.

``mastcell cohort`` installs :data:`INTERRUPTS` for the length of a run: either signal raises
:class:`Stopped` in the main thread, so the run stops its workers, writes its summary and
exits with the documented status instead of dying with a traceback (SIGINT) or without a word
(SIGTERM). Inside :meth:`Interrupts.deferred` (writing one record and counting it, starting a
worker and recording it) the signal is held and raised when the section ends, so the account
of the run is never off by one.

:class:`Stopped` is a :class:`BaseException`, like :class:`KeyboardInterrupt`: the ``except
Exception`` that turns a failing patient into a failure record never swallows it.

>>> import os, signal
>>> with INTERRUPTS.installed():
...     try:
...         with INTERRUPTS.deferred():
...             os.kill(os.getpid(), signal.SIGTERM)
...             print("the section ends first")
...     except Stopped as stop:
...         print(stop.signal_name, stop.exit_status)
the section ends first
SIGTERM 143
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["INTERRUPTS", "Interrupts", "Stopped"]

#: The signals a cohort run stops on.
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Stopped(BaseException):
    """A cohort run was asked to stop by a signal (``signum``).

    >>> Stopped(signal.SIGINT).exit_status
    130
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(self.signal_name)

    @property
    def signal_name(self) -> str:
        """``SIGINT`` or ``SIGTERM``."""
        return signal.Signals(self.signum).name

    @property
    def exit_status(self) -> int:
        """128 plus the signal number, as a shell reports a process ended by the signal."""
        return 128 + self.signum


class Interrupts:
    """Turns SIGINT and SIGTERM into :class:`Stopped`, held inside deferred sections.

    >>> Interrupts().pending is None
    True
    """

    def __init__(self) -> None:
        self.pending: int | None = None
        self._depth = 0

    def _handler(self, signum: int, frame: FrameType | None) -> None:
        if self._depth:
            self.pending = signum
            return
        raise Stopped(signum)

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Handle SIGINT and SIGTERM while the block runs (main thread only), then restore."""
        if threading.current_thread() is not threading.main_thread():
            yield  # signals are delivered to the main thread only: nothing to install
            return
        previous = {s: signal.signal(s, self._handler) for s in SIGNALS}
        self.pending = None
        try:
            yield
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold a signal until the block ends (a no-op when the handlers are not installed)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth and self.pending is not None:
                signum, self.pending = self.pending, None
                raise Stopped(signum)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold signals while a run winds up, then drop them: it is ending already."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth:
                self.pending = None


#: The one instance ``mastcell cohort`` installs and the worker pool defers to.
INTERRUPTS = Interrupts()
