r"""A FHIR Bulk Data export as cohort input: resources grouped by patient, read back by seeking.

A Bulk Data export (``$export``) is a folder of NDJSON files, one resource type per file
(``Patient.ndjson``, ``Observation.000.ndjson``, ``1.Condition.ndjson`` ...), each line one
resource, a patient's records spread over every file. :func:`index_export` reads the export
once and keeps, per patient, only where its lines are: two integers per resource (the file
and byte offset packed in one, and the line number), never the resources. Each patient's lines
are then read back by seeking (:meth:`BulkIndex.patients`), parsed and read with
:func:`mastcell.fhir.read` in a worker, and evaluated like a line of JSON patients, so memory
holds the index and the patients in flight, not the export.

- A resource belongs to the patient its ``subject`` (or ``patient``) reference names
  (``Patient/<id>``, relative or absolute); a ``Medication`` an order references by
  ``medicationReference`` joins that order's patient. Resources not about one patient
  (Practitioner, Organization, an unreferenced Medication ...) are counted, not read.
- Patients come in the order of their Patient resources (files sorted by name, then by line).
- Every line that cannot be placed is an :class:`IndexProblem` (an error record of the
  cohort output) naming its file and line: invalid JSON, not a resource, a duplicate Patient,
  a resource mastcell reads without a patient reference, and (one per missing patient) the
  resources whose patient has no Patient resource in the export.

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "Patient.ndjson").write_text(
...     json.dumps({"resourceType": "Patient", "id": "p1"}) + "\n")
>>> _ = (folder / "Condition.ndjson").write_text(json.dumps({"resourceType": "Condition",
...     "id": "c1", "subject": {"reference": "Patient/p1"}, "code": {"coding": [{"system":
...     "http://hl7.org/fhir/sid/icd-10-cm", "code": "D89.40"}]}}) + "\n" + "{broken\n")
>>> index = index_export(folder)
>>> [(p.file.name, p.line, p.errors[0][:13]) for p in index.problems]
[('Condition.ndjson', 2, 'invalid JSON:')]
>>> [(p.patient_id, len(p.lines)) for p in index.patients()]
[('p1', 2)]
>>> [type(r).__name__ for r in evaluate_export(folder, at="2026-11-22T12:00:00Z", workers=1)]
['CohortFailure', 'Report']
"""

from __future__ import annotations

import json
import re
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from mastcell.cohort.pool import in_order
from mastcell.cohort.stream import DEFAULT_CHUNK, CohortFailure, Output, settings
from mastcell.exceptions import InputError, MastcellError
from mastcell.fhir import READ_TYPES
from mastcell.knowledge.options import Options
from mastcell.model import Category

if TYPE_CHECKING:
    from mastcell.fhir import FhirRead
    from mastcell.report import Report

__all__ = [
    "BulkIndex",
    "BulkPatient",
    "IndexProblem",
    "check_export",
    "compact_with_fhir",
    "evaluate_export",
    "export_files",
    "index_export",
    "is_patient_file",
    "stream_export",
]

#: Bits of a packed location given to the byte offset (files up to 1 TiB).
_OFFSET_BITS = 40
_OFFSET_MASK = (1 << _OFFSET_BITS) - 1
#: Resource types mastcell reads that must name their patient (Patient and Medication do not).
_PATIENT_RESOURCES = READ_TYPES - {"Patient", "Medication"}
#: Files open at once while reading patients back (an export may have hundreds of parts).
_OPEN_FILES = 32


def export_files(folder: Path | str) -> tuple[Path, ...]:
    """The NDJSON files of an export folder, sorted by name (the order patients come in).

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("Patient.001.ndjson", "Patient.000.ndjson", "manifest.json"):
    ...     _ = (folder / name).write_text("")
    >>> [f.name for f in export_files(folder)]
    ['Patient.000.ndjson', 'Patient.001.ndjson']
    """
    return tuple(sorted(p for p in Path(folder).iterdir() if p.suffix == ".ndjson" and p.is_file()))


def is_patient_file(path: Path | str) -> bool:
    """Whether a file's name says it holds Patient resources (``Patient`` as a name part).

    >>> [is_patient_file(n) for n in ("Patient.ndjson", "Patient.003.ndjson",
    ...                               "1.Patient.ndjson", "PatientConsent.ndjson")]
    [True, True, True, False]
    """
    return "Patient" in re.split(r"[._-]", Path(path).name)


@attrs.frozen(kw_only=True)
class IndexProblem:
    """A line of the export that cannot be given to a patient: an error record of the output.

    >>> from pathlib import Path
    >>> p = IndexProblem(file=Path("Observation.ndjson"), line=3, patient_id=None,
    ...                  errors=("invalid JSON: Expecting value",))
    >>> p.failure(0).errors
    ('Observation.ndjson line 3: invalid JSON: Expecting value',)
    """

    file: Path
    line: int
    patient_id: str | None
    errors: tuple[str, ...]

    def failure(self, index: int) -> CohortFailure:
        """The problem as a cohort failure (kind ``input``), each message naming file and line."""
        where = f"{self.file.name} line {self.line}"
        return CohortFailure(
            index=index,
            patient_id=self.patient_id,
            kind="input",
            errors=tuple(f"{where}: {e}" for e in self.errors),
        )


@attrs.frozen(kw_only=True)
class BulkPatient:
    """One patient's NDJSON lines, read back from the export (its Patient resource first).

    ``where`` gives each line's file name and line number, for messages.

    >>> p = BulkPatient(patient_id="p1", file=Path("Patient.ndjson"), line=1,
    ...                 lines=(b'{"resourceType": "Patient", "id": "p1"}',),
    ...                 where=(("Patient.ndjson", 1),))
    >>> p.read(at="2026-11-22T12:00:00Z").patient.id
    'p1'
    """

    patient_id: str
    #: The file and line of the Patient resource (the error record's position).
    file: Path
    line: int
    lines: tuple[bytes, ...]
    where: tuple[tuple[str, int], ...]

    def resources(self) -> list[dict[str, Any]]:
        """The lines parsed within :mod:`mastcell.limits`.

        Raises:
            InputError: a line breaks a limit (duplicate keys, nesting, huge integers); the
                message names its file and line.
        """
        from mastcell.limits import loads

        out = []
        for (name, number), text in zip(self.where, self.lines, strict=True):
            try:
                out.append(loads(text))
            except InputError as exc:
                raise InputError([f"{name} line {number}: {e}" for e in exc.errors]) from None
        return out

    def read(self, *, at: datetime | str) -> FhirRead:
        """The patient read with :func:`mastcell.fhir.read` (provenance and unused records)."""
        from mastcell.fhir import read

        return read(self.resources(), at=at)


@attrs.define(slots=True)
class _Entry:
    """One patient of the index: where its lines are, never the lines."""

    #: File index and line of the Patient resource (-1: no Patient resource seen yet).
    file: int = -1
    line: int = 0
    patient_at: int = -1
    #: (packed file and offset, line number) of every other resource, in reading order.
    refs: array[int] = attrs.Factory(lambda: array("q"))
    #: Medication ids its orders reference (``medicationReference``); usually None.
    medications: set[str] | None = None


def _pack(file: int, offset: int) -> int:
    return (file << _OFFSET_BITS) | offset


def _patient_of(reference: Any) -> str | None:
    """The id of a ``Patient/<id>`` reference (relative or absolute), else None."""
    if not isinstance(reference, dict):
        return None
    target = reference.get("reference")
    if not isinstance(target, str):
        return None
    parts = target.split("/")
    if "_history" in parts:
        parts = parts[: parts.index("_history")]
    if len(parts) >= 2 and parts[-2] == "Patient" and parts[-1]:
        return parts[-1]
    return None


def _medication_of(resource: dict[str, Any]) -> str | None:
    reference = resource.get("medicationReference")
    if not isinstance(reference, dict) or not isinstance(reference.get("reference"), str):
        return None
    parts: list[str] = reference["reference"].split("/")
    if len(parts) >= 2 and parts[-2] == "Medication" and parts[-1]:
        return parts[-1]
    return None


class BulkIndex:
    r"""Where each patient's lines are in an export: offsets and line numbers, not resources.

    Built by :func:`index_export` (its :meth:`build` yields the problems as it finds them, so
    they can be written before the patients). Memory: two 8-byte integers per resource in
    ``array`` objects, about 200 bytes per patient, and the ids of Medication resources.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "Patient.ndjson").write_text('{"resourceType": "Patient", "id": "a"}\n')
    >>> index = index_export(folder)
    >>> index.patient_count, index.resource_count
    (1, 1)
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.files = export_files(self.folder)
        self.problems: list[IndexProblem] = []
        #: Resources not about one patient, by type (Practitioner, an unreferenced Medication).
        self.not_about_a_patient: Counter[str] = Counter()
        self.resource_count = 0
        self._entries: dict[str, _Entry] = {}
        self._order: list[str] = []
        self._medications: dict[str, tuple[int, int]] = {}
        self._used_medications: set[str] = set()

    @property
    def patient_count(self) -> int:
        """Patients with a Patient resource (the patients evaluated)."""
        return len(self._order)

    def locations(self, patient_id: str) -> array[int]:
        r"""The packed (file, offset) and line number pairs of a patient's other resources.

        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "Patient.ndjson").write_text('{"resourceType": "Patient", "id": "a"}\n')
        >>> index_export(folder).locations("a")
        array('q')
        """
        return self._entries[patient_id].refs

    def build(self) -> Iterator[IndexProblem]:
        """Read every line once, recording locations; yield each line's problem when found."""
        for number, path in enumerate(self.files):
            with path.open("rb") as handle:
                yield from self._index_file(number, path, handle)
        for entry in self._entries.values():
            for med in entry.medications or ():
                if med in self._medications:
                    self._used_medications.add(med)
        unreferenced = len(self._medications.keys() - self._used_medications)
        if unreferenced:
            self.not_about_a_patient["Medication"] += unreferenced

    def orphans(self) -> Iterator[IndexProblem]:
        """After :meth:`build`: one problem per patient id resources name but no Patient has."""
        for patient_id, entry in self._entries.items():
            if entry.file < 0:
                yield self._orphan(patient_id, entry)

    def _index_file(self, number: int, path: Path, handle: IO[bytes]) -> Iterator[IndexProblem]:
        offset = 0
        for line, text in enumerate(handle, start=1):
            at = offset
            offset += len(text)
            if not text.strip():
                continue
            self.resource_count += 1
            problem = self._index_line(number, path, line, at, text)
            if problem is not None:
                self.problems.append(problem)
                yield problem

    def _index_line(
        self, number: int, path: Path, line: int, offset: int, text: bytes
    ) -> IndexProblem | None:
        def problem(message: str, patient_id: str | None = None) -> IndexProblem:
            return IndexProblem(file=path, line=line, patient_id=patient_id, errors=(message,))

        try:
            resource = json.loads(text)
        except ValueError as exc:  # UnicodeDecodeError too
            return problem(f"invalid JSON: {exc}")
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            return problem("expected a FHIR resource object with a resourceType")
        kind = resource["resourceType"]
        rid = resource.get("id")
        if kind == "Patient":
            if not isinstance(rid, str) or not rid:
                return problem("a Patient resource without an id: its records cannot be found")
            entry = self._entries.get(rid)
            if entry is None:
                entry = self._entries[rid] = _Entry()
            elif entry.file >= 0:
                first = f"{self.files[entry.file].name} line {entry.line}"
                return problem(f"Patient/{rid} again (first at {first}): this line not read", rid)
            entry.file, entry.line, entry.patient_at = number, line, offset
            self._order.append(rid)
            return None
        if kind == "Medication":
            if isinstance(rid, str) and rid:
                self._medications[rid] = (_pack(number, offset), line)
            else:
                self.not_about_a_patient[kind] += 1
            return None
        subject = resource.get("subject", resource.get("patient"))
        patient_id = _patient_of(subject)
        if patient_id is None:
            if kind in _PATIENT_RESOURCES:
                said = "no subject or patient reference" if subject is None else "not a Patient"
                return problem(f"{kind}/{rid}: {said}: it belongs to no patient, not read")
            self.not_about_a_patient[kind] += 1
            return None
        entry = self._entries.get(patient_id)
        if entry is None:
            entry = self._entries[patient_id] = _Entry()
        entry.refs.append(_pack(number, offset))
        entry.refs.append(line)
        med = _medication_of(resource)
        if med is not None:
            if entry.medications is None:
                entry.medications = set()
            entry.medications.add(med)
        return None

    def _orphan(self, patient_id: str, entry: _Entry) -> IndexProblem:
        count = len(entry.refs) // 2
        first = entry.refs[0] >> _OFFSET_BITS
        problem = IndexProblem(
            file=self.files[first],
            line=entry.refs[1],
            patient_id=patient_id,
            errors=(
                f"{count} resource(s) about Patient/{patient_id} (the first here), but the "
                "export has no Patient resource with this id: not evaluated",
            ),
        )
        self.problems.append(problem)
        return problem

    def patients(self) -> Iterator[BulkPatient]:
        """Each patient's lines in Patient resource order, read by seeking (one at a time)."""
        handles: dict[int, IO[bytes]] = {}

        def read(packed: int) -> bytes:
            number = packed >> _OFFSET_BITS
            handle = handles.get(number)
            if handle is None:
                if len(handles) >= _OPEN_FILES:
                    handles.pop(next(iter(handles))).close()
                handle = handles[number] = self.files[number].open("rb")
            handle.seek(packed & _OFFSET_MASK)
            return handle.readline()

        try:
            for patient_id in self._order:
                entry = self._entries[patient_id]
                lines = [read(_pack(entry.file, entry.patient_at))]
                where = [(self.files[entry.file].name, entry.line)]
                refs = entry.refs
                for i in range(0, len(refs), 2):
                    lines.append(read(refs[i]))
                    where.append((self.files[refs[i] >> _OFFSET_BITS].name, refs[i + 1]))
                for med in sorted(entry.medications or ()):
                    found = self._medications.get(med)
                    if found is not None:
                        lines.append(read(found[0]))
                        where.append((self.files[found[0] >> _OFFSET_BITS].name, found[1]))
                yield BulkPatient(
                    patient_id=patient_id,
                    file=self.files[entry.file],
                    line=entry.line,
                    lines=tuple(lines),
                    where=tuple(where),
                )
        finally:
            for handle in handles.values():
                handle.close()

    def notice(self) -> str | None:
        r"""A one-line note of the resources not about one patient (not read), if any.

        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "Patient.ndjson").write_text('{"resourceType": "Practitioner"}\n')
        >>> index = index_export(folder)
        >>> index.notice().endswith("1 resources not about one patient, not read: Practitioner 1")
        True
        """
        if not self.not_about_a_patient:
            return None
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.not_about_a_patient.items()))
        total = sum(self.not_about_a_patient.values())
        return f"{self.folder}: {total} resources not about one patient, not read: {kinds}"


def check_export(folder: Path | str) -> None:
    """Refuse a folder that is not a Bulk Data export mastcell can run on.

    Raises:
        InputError: no ``.ndjson`` file, or no Patient file (``Patient.ndjson``,
            ``Patient.000.ndjson``, ``1.Patient.ndjson``): nothing could be evaluated.

    >>> import tempfile
    >>> check_export(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: ...: a folder without .ndjson files: not a FHIR Bulk Data export
    """
    files = export_files(folder)
    if not files:
        raise InputError.for_field(
            str(folder), "a folder without .ndjson files: not a FHIR Bulk Data export"
        )
    if not any(is_patient_file(f) for f in files):
        raise InputError.for_field(
            str(folder),
            "no Patient file (Patient.ndjson): export the Patient resource type too "
            "(_type=Patient,...), since reports are made per Patient resource",
        )


def index_export(folder: Path | str) -> BulkIndex:
    """Index an export folder in one pass (problems are kept in ``problems``).

    >>> import tempfile
    >>> index_export(tempfile.mkdtemp()).patient_count
    0
    """
    index = BulkIndex(folder)
    for _ in index.build():
        pass
    for _ in index.orphans():
        pass
    return index


def _evaluate_one(
    index: int,
    item: BulkPatient,
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    output: Output,
) -> Any:
    """Parse, read and evaluate one patient into the requested output (in a worker)."""
    from mastcell import fhir

    try:
        got = item.read(at=at)
        report = got.evaluate(at=at, categories=categories, options=options)
    except InputError as exc:
        return CohortFailure(
            index=index, patient_id=item.patient_id, kind="input", errors=exc.errors
        )
    except MastcellError as exc:
        return CohortFailure(
            index=index, patient_id=item.patient_id, kind="rule", errors=(str(exc),)
        )
    except Exception as exc:  # a bug: surfaced as an item, the stream goes on
        return CohortFailure(
            index=index,
            patient_id=item.patient_id,
            kind="internal",
            errors=(f"{type(exc).__name__}: {exc}",),
        )
    if output == "report":
        return report
    if output == "json":
        data = fhir.annotate(report.to_dict(), got)
        return len(report), json.dumps(data, ensure_ascii=False)
    compact = compact_with_fhir(report, got)
    if output == "compact":
        return compact
    return len(report), json.dumps(compact, ensure_ascii=False)


def compact_with_fhir(report: Report, got: FhirRead) -> dict[str, Any]:
    """The compact report with ``fhir``: each finding and unused input path to its FHIR record.

    Records out of scope are listed under ``fhir_not_read`` (references only), as
    :func:`mastcell.fhir.annotate` does for the full report.

    >>> from mastcell import fhir
    >>> got = fhir.read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
    >>> compact_with_fhir(got.evaluate(at="2026-01-01T00:00:00Z"), got)["fhir"]
    {'Patient/p.birthDate': 'Patient/p'}
    """
    from mastcell.cohort.compact import compact_report

    out = compact_report(report)
    paths = [p for rec in out["recommendations"] for p in rec["findings"]]
    paths += out["unused_inputs"]
    traced: dict[str, str] = {}
    for path in paths:
        if path in traced:
            continue
        found = got.source_of(path)
        if found is not None:
            traced[path] = found.reference
            continue
        for unused in got.unused:
            if unused.input == path:
                traced[path] = unused.reference
                break
    out["fhir"] = traced
    out["fhir_not_read"] = [u.reference for u in got.unused if not u.tier.reaches_report]
    return out


def _lost(index: int, item: BulkPatient, message: str) -> CohortFailure:
    """The failure of a patient whose worker process died (kind ``"worker"``)."""
    where = f"{item.file.name} line {item.line}"
    return CohortFailure(
        index=index, patient_id=item.patient_id, kind="worker", errors=(f"{where}: {message}",)
    )


def _work(
    start: int,
    chunk: list[BulkPatient],
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    output: Output,
) -> list[Any]:
    """A worker's share of patients (runs in the worker process)."""
    return [
        _evaluate_one(start + i, item, at, categories, options, output)
        for i, item in enumerate(chunk)
    ]


def stream_export(
    folder: Path | str,
    *,
    at: datetime,
    categories: frozenset[Category],
    options: Options,
    workers: int | None,
    output: Output,
    chunk_size: int = DEFAULT_CHUNK,
    positions: deque[tuple[str, int, int]] | None = None,
    index: BulkIndex | None = None,
) -> Iterator[Any]:
    r"""One output or failure per patient and per problem line, as ``stream`` does for lines.

    The problems found while indexing come first (as
    :class:`~mastcell.cohort.stream.CohortFailure`), then one item
    per patient in Patient resource order, then one failure per patient id that resources
    name but no Patient resource has. ``positions`` receives (file, line, bytes) for every
    item, in order: the Patient resource's file and line for a patient (and the bytes of all
    its lines), the line's for a problem (bytes 0: a problem line stands for no patient).

    >>> import pathlib, tempfile
    >>> from datetime import UTC, datetime
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "Patient.ndjson").write_text('{"resourceType": "Patient", "id": "a"}\n')
    >>> out = stream_export(folder, at=datetime(2026, 11, 22, tzinfo=UTC),
    ...     categories=frozenset(Category), options=Options(), workers=1, output="compact")
    >>> next(out)["patient_id"]
    'a'
    """
    index = BulkIndex(folder) if index is None else index
    where: deque[tuple[str, int, int]] = deque() if positions is None else positions
    count = 0
    for problem in index.build():
        where.append((str(problem.file), problem.line, 0))
        yield problem.failure(count)
        count += 1

    def patients() -> Iterator[BulkPatient]:
        for patient in index.patients():
            where.append((str(patient.file), patient.line, sum(map(len, patient.lines))))
            yield patient

    yield from in_order(
        patients(),
        _evaluate_one,
        _work,
        (at, categories, options, output),
        workers=workers,
        chunk_size=chunk_size,
        start=count,
        lost=_lost,
        size=index.patient_count,  # known once indexed: no patients read ahead to count them
    )
    count += index.patient_count
    for problem in index.orphans():
        where.append((str(problem.file), problem.line, 0))
        yield problem.failure(count)
        count += 1


def evaluate_export(
    folder: Path | str,
    *,
    at: datetime | str,
    categories: Iterable[Category | str] | None = None,
    options: Options | None = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[Report | CohortFailure]:
    """Evaluate every patient of a Bulk Data export folder: a report or failure per item.

    Reports carry the FHIR reader's unusable and rejected records among their unused inputs
    (as :meth:`mastcell.fhir.FhirRead.evaluate` does). Problems found while indexing come
    first, then the patients in Patient resource order, then the missing patients.

    Raises:
        InputError: ``at``, a category, ``workers`` or ``chunk_size`` is invalid, or the folder is not an
            export (no ``.ndjson`` files, no Patient file).

    >>> import tempfile
    >>> evaluate_export(tempfile.mkdtemp(), at="2026-11-22T12:00:00Z")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: ...: a folder without .ndjson files: not a FHIR Bulk Data export
    """
    when, chosen, opts, count = settings(at, categories, options, workers, chunk_size)
    check_export(folder)
    return stream_export(
        folder,
        at=when,
        categories=chosen,
        options=opts,
        workers=count,
        output="report",
        chunk_size=chunk_size,
    )
