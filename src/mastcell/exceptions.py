"""The errors mastcell raises, all under one base class.

Callers catch :class:`MastcellError` for anything the library refuses, or one of the precise
subclasses below. Every message names the field (or JSON path) and what was expected, because
a clinician-facing integration must be able to tell its user *which* input to fix.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ForeignPatientError",
    "InputError",
    "MastcellError",
    "RuleError",
    "UnitError",
    "WorkerError",
]


class MastcellError(Exception):
    """Base class of every error raised on purpose by mastcell.

    >>> issubclass(InputError, MastcellError)
    True
    """


class InputError(MastcellError, ValueError):
    """Input the library cannot use; ``errors`` lists every problem as ``"path: problem"``.

    It is a :class:`ValueError` too, so generic validation code keeps working.

    >>> err = InputError(["labs[0].value: expected a number >= 0, got -1"])
    >>> err.errors
    ('labs[0].value: expected a number >= 0, got -1',)
    >>> str(err)
    'labs[0].value: expected a number >= 0, got -1'
    """

    errors: tuple[str, ...]

    def __init__(self, errors: Iterable[str] | str) -> None:
        self.errors = (errors,) if isinstance(errors, str) else tuple(errors)
        super().__init__("; ".join(self.errors))

    @classmethod
    def for_field(cls, field: str, problem: str) -> InputError:
        """An error about one named field.

        >>> InputError.for_field("score", "expected an integer from 0 to 10, got 11").errors
        ('score: expected an integer from 0 to 10, got 11',)
        """
        return cls([f"{field}: {problem}"])


class UnitError(InputError):
    """A unit that does not parse, or whose dimension does not fit the quantity it measures.

    Carries ``subject`` (the analyte or field), ``unit`` (as given) and ``expected`` (a plain
    description of the dimension wanted, with example spellings).

    >>> err = UnitError("anc", "mg", "a cell count per volume (e.g. 10*9/L, /uL, K/uL)")
    >>> err.unit, err.subject
    ('mg', 'anc')
    >>> str(err)
    "unit: 'mg' does not fit anc: expected a cell count per volume (e.g. 10*9/L, /uL, K/uL)"
    """

    subject: str
    unit: str
    expected: str

    def __init__(self, subject: str, unit: str, expected: str, *, field: str = "unit") -> None:
        self.subject = subject
        self.unit = unit
        self.expected = expected
        super().__init__([f"{field}: {unit!r} does not fit {subject}: expected {expected}"])


class ForeignPatientError(InputError):
    """A record about another patient than the one named (a CDS Hooks ``context.patientId``).

    Raised by :func:`mastcell.fhir.read` when called with ``patient=``: the whole read is
    refused, so that no advice is ever given from another patient's records.

    >>> str(ForeignPatientError(["Observation/o1 is about Patient/p1, not Patient/p2"]))
    'Observation/o1 is about Patient/p1, not Patient/p2'
    """


class RuleError(MastcellError):
    """A rule broke its contract (wrong code or category); a bug in mastcell, never in input.

    >>> raise RuleError("rule 'x' emitted undeclared code 'y'")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.RuleError: rule 'x' emitted undeclared code 'y'
    """


class WorkerError(MastcellError):
    """A cohort's worker processes could not start, or died too often: the run stopped.

    ``deaths`` is the number of workers that died (0 when they could not start).

    >>> str(WorkerError("3 worker processes died", deaths=3))
    '3 worker processes died'
    """

    deaths: int

    def __init__(self, message: str, *, deaths: int = 0) -> None:
        self.deaths = deaths
        super().__init__(message)
