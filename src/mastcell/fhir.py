"""FHIR R4 in: read a Bundle, a list of resources, a CDS Hooks prefetch or Bulk Data NDJSON.

:func:`read` turns the records of one patient into a :class:`~mastcell.model.patient.Patient` and
keeps, beside it, where every input came from (``labs[3]`` ← ``Observation/abc``) and every
record it did not use, with its FHIR reference and the reason, in three tiers:

- ``out_of_scope``: a resource type or code mastcell does not read (an unrelated LOINC);
- ``unusable``: in scope but not usable as sent (a partial birth date, a tablet count with no
  strength, a unit that does not fit, entered-in-error); it reaches the report;
- ``rejected``: an impossible value (a negative count, a pain score of 12); that one resource
  is rejected and reported, the rest of the patient is read.

Nothing is dropped silently. A plain-dict reader: no FHIR library is needed at run time.
Codes come from :mod:`mastcell.knowledge.codes` (LOINC from :class:`~mastcell.model.vocabulary.Analyte`).

>>> bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
...     {"resource": {"resourceType": "Patient", "id": "p1", "gender": "female"}},
...     {"resource": {"resourceType": "Condition", "id": "c1", "subject": {"reference": "Patient/p1"},
...                   "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "D47.02"}]}}},
...     {"resource": {"resourceType": "Device", "id": "d1"}}]}
>>> got = read(bundle)
>>> got.patient.diagnoses, got.provenance["diagnoses[0]"].reference
((<Diagnosis.SM: 'sm'>,), 'Condition/c1')
>>> [(u.reference, u.tier.value) for u in got.unused]
[('Device/d1', 'out_of_scope')]
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from mastcell.exceptions import ForeignPatientError, InputError
from mastcell.knowledge import codes
from mastcell.knowledge.codes import indication_of
from mastcell.knowledge.drugs import Match, match_drug, names
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.limits import DuplicateKeyError, loads_unique
from mastcell.model import (
    Diagnosis,
    Dose,
    LabResult,
    Medication,
    Patient,
    UnusedInput,
    Weight,
)
from mastcell.model.clinical import Flare, PainAssessment, Procedure, Reaction
from mastcell.model.labs import censored_reading
from mastcell.model.vocabulary import (
    Comparator,
    Frequency,
    Indication,
    MedicationStatus,
    ProcedureKind,
    ReactionSeverity,
)
from mastcell.outcome import Outcome
from mastcell.report import Report

__all__ = [
    "DEFAULT_PAIN_WINDOW",
    "FhirRead",
    "Provenance",
    "Tier",
    "Unused",
    "annotate",
    "parse_ndjson",
    "read",
    "read_json",
    "render_text",
    "resources_of",
]

#: A pain score older than this (before the evaluation time) is not "current pain".
DEFAULT_PAIN_WINDOW = dt.timedelta(days=7)

#: Resource types mastcell reads; every other type is out of scope.
READ_TYPES = frozenset(
    {
        "Patient",
        "Observation",
        "Condition",
        "MedicationRequest",
        "MedicationStatement",
        "AllergyIntolerance",
        "ServiceRequest",
        "Procedure",
        "Medication",
    }
)


class Tier(enum.StrEnum):
    """Why a record was not used: out of scope, in scope but unusable, or rejected.

    >>> Tier("rejected").reaches_report
    True
    """

    OUT_OF_SCOPE = "out_of_scope"
    UNUSABLE = "unusable"
    REJECTED = "rejected"

    @property
    def reaches_report(self) -> bool:
        """Unusable and rejected records are listed in the report; out-of-scope ones are not."""
        return self is not Tier.OUT_OF_SCOPE


@attrs.frozen(kw_only=True)
class Unused:
    """A FHIR record (or part of one) mastcell did not use, with the reason.

    >>> str(Unused(reference="Observation/x", tier="unusable", reason="no value"))
    'Observation/x: no value (unusable)'
    """

    reference: str
    tier: Tier = attrs.field(converter=Tier)
    reason: str
    #: The element of the resource concerned (``birthDate``), when not the whole resource.
    element: str | None = None

    @property
    def input(self) -> str:
        """The reference, with the element when there is one (``Patient/p.birthDate``)."""
        return self.reference if self.element is None else f"{self.reference}.{self.element}"

    def __str__(self) -> str:
        return f"{self.input}: {self.reason} ({self.tier.value})"


@attrs.frozen(kw_only=True)
class Provenance:
    """The FHIR record an input of the patient came from, and how it was read.

    >>> Provenance(reference="Observation/abc").reference
    'Observation/abc'
    """

    reference: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class FhirRead:
    """The patient read from FHIR, where each input came from, and what was not used.

    >>> got = read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
    >>> got.patient.birth_date is None, got.unused[0].tier
    (True, <Tier.UNUSABLE: 'unusable'>)
    """

    patient: Patient
    provenance: Mapping[str, Provenance]
    unused: tuple[Unused, ...] = ()
    #: Records read as part of another (a Medication an order references).
    also_read: tuple[str, ...] = ()

    def source_of(self, path: str) -> Provenance | None:
        """The provenance of an input path, or of its nearest parent (``medications[2].dose``).

        >>> got = read([{"resourceType": "Patient", "id": "p", "gender": "male"}])
        >>> got.source_of("sex").reference
        'Patient/p'
        """
        while True:
            found = self.provenance.get(path)
            if found is not None:
                return found
            cut = max(path.rfind("."), path.rfind("["))
            if cut <= 0:
                return None
            path = path[:cut]

    def evaluate(self, **kwargs: Any) -> Report:
        """Evaluate the patient; unusable and rejected records join the report's unused inputs.

        Keyword arguments go to :func:`~mastcell.evaluate`.

        >>> got = read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
        >>> [u.input for u in got.evaluate(at="2026-01-01T00:00:00Z").unused_inputs]
        ['Patient/p.birthDate']
        """
        return self.decide(**kwargs).report()

    def decide(self, **kwargs: Any) -> Outcome:
        """:meth:`evaluate` without writing any text: the decisions (:func:`mastcell.engine.decide`).

        >>> got = read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
        >>> [u.input for u in got.decide(at="2026-01-01T00:00:00Z").unused_inputs]
        ['Patient/p.birthDate']
        """
        from mastcell.engine import decide

        outcome = decide(self.patient, **kwargs)
        extra = tuple(
            UnusedInput(input=u.input, reason=f"{u.reason} ({u.tier.value})")
            for u in self.unused
            if u.tier.reaches_report
        )
        return attrs.evolve(outcome, unused_inputs=outcome.unused_inputs + extra)


# -- input shapes ----------------------------------------------------------------------------


def parse_ndjson(text: str) -> list[dict[str, Any]]:
    r"""FHIR Bulk Data NDJSON: one resource per line (blank lines ignored).

    Lines end at ``\n`` (a ``\r`` before it is dropped) and nowhere else: U+2028, U+0085 and
    other characters ``str.splitlines`` would break at are valid inside a JSON string.

    >>> parse_ndjson('{"resourceType": "Patient", "id": "a"}\n\n')
    [{'resourceType': 'Patient', 'id': 'a'}]
    >>> parse_ndjson('{"resourceType": "Patient", "id": "a\u2028b"}\n')[0]["id"]
    'a\u2028b'
    """
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            item = _loads(line)
        except ValueError as exc:
            raise InputError.for_field(f"(ndjson) line {number}", f"invalid JSON: {exc}") from None
        if not isinstance(item, dict):
            raise InputError.for_field(f"(ndjson) line {number}", "expected a FHIR resource object")
        out.append(item)
    return out


def _loads(text: str) -> Any:
    """JSON text; nesting too deep for the parser is a ValueError, never a RecursionError.

    A key given twice is a :class:`~mastcell.limits.DuplicateKeyError`, not read as its last
    value.
    """
    try:
        return loads_unique(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_json(text: str | bytes, **kwargs: Any) -> FhirRead:
    """Read JSON text: a Bundle, a resource, a list, a prefetch object, or NDJSON lines.

    >>> read_json('{"resourceType": "Patient", "id": "a"}').patient.id
    'a'
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    try:
        data: Any = _loads(text)
    except DuplicateKeyError as exc:
        raise InputError.for_field("(json)", str(exc)) from None
    except ValueError as exc:
        if str(exc) == "nested too deeply":
            raise InputError.for_field("(json)", "nested too deeply") from None
        data = parse_ndjson(text)
    return read(data, **kwargs)


def resources_of(data: Any) -> list[dict[str, Any]]:
    """The resources in any accepted shape, Bundles flattened, in order.

    >>> len(resources_of({"patient": {"resourceType": "Patient", "id": "a"}, "labs": None}))
    1
    """
    out: list[dict[str, Any]] = []
    _collect(data, out, "(input)", {})
    return out


#: The deepest nesting of lists, prefetch objects and Bundles read (a prefetch needs 3).
MAX_NESTING = 16


def _collect(
    data: Any,
    out: list[dict[str, Any]],
    where: str,
    aliases: dict[str, str],
    depth: int = 0,
    empty: list[str] | None = None,
) -> None:
    if data is None:
        return
    if depth > MAX_NESTING:
        raise InputError.for_field(where, f"nested deeper than {MAX_NESTING} levels")
    if isinstance(data, list):
        for i, item in enumerate(data):
            _collect(item, out, f"{where}[{i}]", aliases, depth + 1, empty)
        return
    if not isinstance(data, dict):
        raise InputError.for_field(where, f"expected a FHIR resource, got {type(data).__name__}")
    kind = data.get("resourceType")
    if kind is None:  # a CDS Hooks prefetch object: key -> resource, Bundle or null
        for key, value in data.items():
            _collect(value, out, f"{where}.{key}", aliases, depth + 1, empty)
        return
    if not isinstance(kind, str):
        raise InputError.for_field(f"{where}.resourceType", "expected a string")
    if kind == "Bundle":
        entries = data.get("entry", [])
        if not isinstance(entries, list):
            raise InputError.for_field(f"{where}.entry", "expected a list")
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict):
                resource = entry["resource"]
                if isinstance(entry.get("fullUrl"), str) and "resourceType" in resource:
                    aliases[entry["fullUrl"]] = _ref(resource)
                _collect(resource, out, f"{where}.entry[{i}].resource", aliases, depth + 1, empty)
            elif empty is not None:  # reported by read(), never dropped silently
                empty.append(f"{where}.entry[{i}]")
        return
    out.append(data)


# -- the reader ------------------------------------------------------------------------------


class _RejectError(Exception):
    """An impossible value: the one resource is rejected."""


class _UnusableError(Exception):
    """In scope but not usable as sent."""


def _ref(resource: Mapping[str, Any]) -> str:
    kind = resource.get("resourceType", "?")
    rid = resource.get("id")
    if isinstance(rid, int) and not isinstance(rid, bool):
        rid = str(rid)  # an integer id (invalid FHIR, seen in hand-made data): read as its text
    return f"{kind}/{rid}" if isinstance(rid, str) and rid else f"{kind}/(no id)"


def _codings(concept: Any) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    codings = concept.get("coding", [])
    return [c for c in codings if isinstance(c, dict)] if isinstance(codings, list) else []


def _codes(concept: Any, system: str) -> list[str]:
    return [
        c["code"]
        for c in _codings(concept)
        if c.get("system") == system and isinstance(c.get("code"), str)
    ]


def _texts(concept: Any) -> list[str]:
    if not isinstance(concept, dict):
        return []
    texts = [concept["text"]] if isinstance(concept.get("text"), str) else []
    texts += [c["display"] for c in _codings(concept) if isinstance(c.get("display"), str)]
    return texts


def _name_pattern() -> re.Pattern[str]:
    found = {n for n in names() if len(n) >= 4}
    alternatives = "|".join(re.escape(n) for n in sorted(found, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])", re.IGNORECASE)


_NAMES: re.Pattern[str] | None = None


def _named(name: str) -> str | None:
    """The generic name a drug name stands for, or the name itself for a combination."""
    found = match_drug(name)
    if found is None:
        return None
    return found.generic or " ".join(name.lower().split())


def _drug_in_text(texts: Iterable[str]) -> str | None:
    """The drug a text names: the whole text by the drug vocabulary, else its first name.

    A single drug gives its generic name, a combination product the product's name.
    """
    global _NAMES
    texts = list(texts)
    for text in texts:
        whole = _named(text)
        if whole is not None:
            return whole
    if _NAMES is None:
        _NAMES = _name_pattern()
    for text in texts:
        match = _NAMES.search(text)
        if match is not None:
            drug = _named(match.group(0))
            if drug is not None:
                return drug
    return None


def _date(value: Any, field: str) -> dt.date | dt.datetime:
    """A FHIR date or dateTime; partial dates are unusable, a naive time too."""
    if not isinstance(value, str):
        raise _RejectError(f"{field}: expected a FHIR date or dateTime, got {value!r}")
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        raise _UnusableError(f"{field}: partial date {value!r}: the day is unknown, not guessed")
    try:
        if "T" in value:
            parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.utcoffset() is None:
                raise _UnusableError(f"{field}: date-time {value!r} has no timezone")
            return parsed
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _RejectError(f"{field}: {value!r} is not a valid FHIR date or dateTime") from None


def _instant(value: Any, field: str) -> dt.datetime:
    got = _date(value, field)
    if isinstance(got, dt.datetime):
        return got
    return dt.datetime(got.year, got.month, got.day, tzinfo=dt.UTC)


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _RejectError(f"{field}: expected a number, got {value!r}")
    if value < 0:
        raise _RejectError(f"{field}: impossible negative value {value!r}")
    return float(value)


#: UCUM codes of the official examples, and their spelling for mastcell's unit reader.
_UCUM = {
    "[lb_av]": "lb",
    "[oz_av]": "oz",
    "K/ul": "K/uL",
    "ug": "ug",
    "mcg": "ug",
    # Epic and Cerner lab feeds: thousands per microlitre (10^3/uL = 10^9/L)
    "Thousand/uL": "10*3/uL",
    "thousand/uL": "10*3/uL",
    "Thousand/ul": "10*3/uL",
    "THOU/uL": "10*3/uL",
    "x10E3/uL": "10*3/uL",
}


def _unit(quantity: Mapping[str, Any]) -> str:
    code = quantity.get("code")
    unit = code if isinstance(code, str) and code else quantity.get("unit")
    if not isinstance(unit, str) or not unit.strip():
        raise _UnusableError("valueQuantity has no unit")
    return _UCUM.get(unit.strip(), unit.strip())


@attrs.define
class _Builder:
    """Collects the patient's parts, their provenance and the unused records."""

    at: dt.datetime
    pain_window: dt.timedelta
    patient_ref: str | None = None
    fields: dict[str, Any] = attrs.Factory(dict)
    labs: list[tuple[LabResult, str, str | None]] = attrs.Factory(list)
    medications: list[tuple[Medication, Provenance]] = attrs.Factory(list)
    diagnoses: dict[Diagnosis, Provenance] = attrs.Factory(dict)
    reactions: list[tuple[Reaction, Provenance]] = attrs.Factory(list)
    flares: list[tuple[Flare, Provenance]] = attrs.Factory(list)
    procedures: list[tuple[Procedure, str]] = attrs.Factory(list)
    weights: list[tuple[dt.datetime, Weight, str]] = attrs.Factory(list)
    pains: list[tuple[dt.datetime, PainAssessment, str]] = attrs.Factory(list)
    provenance: dict[str, Provenance] = attrs.Factory(dict)
    unused: list[Unused] = attrs.Factory(list)
    medication_resources: dict[str, dict[str, Any]] = attrs.Factory(dict)
    condition_resources: dict[str, dict[str, Any]] = attrs.Factory(dict)
    referenced_medications: set[str] = attrs.Factory(set)
    draft_orders: frozenset[str] = frozenset()
    aliases: dict[str, str] = attrs.Factory(dict)
    #: A record about another patient than ``patient_ref`` is an error, not an unused record.
    strict: bool = False
    #: Observation reference -> (time, the DiagnosticReport or panel it was taken from).
    context_times: dict[str, tuple[Any, str]] = attrs.Factory(dict)

    def skip(self, ref: str, tier: Tier, reason: str, element: str | None = None) -> None:
        self.unused.append(Unused(reference=ref, tier=tier, reason=reason, element=element))


def read(
    data: Any,
    *,
    at: dt.datetime | str | None = None,
    pain_window: dt.timedelta = DEFAULT_PAIN_WINDOW,
    draft_orders: Iterable[Mapping[str, Any]] = (),
    patient: str | None = None,
) -> FhirRead:
    """Read the FHIR R4 records of one patient into a :class:`~mastcell.model.patient.Patient`, with provenance.

    Args:
        data: a Bundle (any type: collection, searchset, transaction ...), one resource, a list
            of resources, a CDS Hooks prefetch object (key to resource, Bundle or null), or
            parsed Bulk Data NDJSON lines.
        at: the evaluation time (default now): the latest pain score within ``pain_window``
            before it is the current pain.
        pain_window: how old a pain score may be and still count.
        draft_orders: the draft orders of an ``order-select`` / ``order-sign`` hook: their
            MedicationRequests are read as planned medications, whatever their status.
        patient: the id of the patient every record must be about (a CDS Hooks
            ``context.patientId``). Without it, the first patient found is read and records
            about others are listed as out of scope; with it, a Patient of another id or a
            record whose subject is another is a :class:`~mastcell.exceptions.ForeignPatientError`.

    Raises:
        InputError: the input is not FHIR at all (not an object, a list or NDJSON of objects).
        ForeignPatientError: with ``patient``, a record about another patient.

    >>> got = read({"resourceType": "Observation", "id": "o", "status": "final",
    ...             "code": {"coding": [{"system": "http://loinc.org", "code": "751-8"}]},
    ...             "valueQuantity": {"value": 0.8, "unit": "10*9/L", "code": "10*9/L",
    ...                               "system": "http://unitsofmeasure.org"},
    ...             "effectiveDateTime": "2026-11-20T08:15:00Z"})
    >>> got.patient.labs[0].canonical, got.provenance["labs[0]"].reference
    (0.8, 'Observation/o')
    """
    from mastcell.engine import parse_time

    builder = _Builder(at=parse_time(at), pain_window=pain_window, strict=patient is not None)
    if patient is not None:
        builder.patient_ref = f"Patient/{patient}"
    resources: list[dict[str, Any]] = []
    empty: list[str] = []
    _collect(data, resources, "(input)", builder.aliases, empty=empty)
    for where in empty:
        builder.skip(where, Tier.OUT_OF_SCOPE, "a Bundle entry with no resource: nothing to read")
    orders = [dict(o) for o in draft_orders]
    builder.draft_orders = frozenset(_ref(o) for o in orders)
    unique = _unique(builder, [*resources, *orders])
    _context_times(builder, unique)
    patients = [r for r in unique if r.get("resourceType") == "Patient"]
    if patients and builder.patient_ref is None:
        builder.patient_ref = _ref(patients[0])
    for resource in unique:
        if resource.get("resourceType") == "Condition":
            builder.condition_resources[_ref(resource)] = resource
        if resource.get("resourceType") == "Medication":
            builder.medication_resources[_ref(resource)] = resource
            rid = resource.get("id")
            if isinstance(rid, str):
                builder.medication_resources[f"#{rid}"] = resource
    for resource in unique:
        _read_one(builder, resource)
    for ref, medication in builder.medication_resources.items():
        if not ref.startswith("#") and ref not in builder.referenced_medications:
            builder.skip(ref, Tier.OUT_OF_SCOPE, "Medication not referenced by any order on record")
            del medication
    return _assemble(builder)


def _unique(builder: _Builder, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records to read: an identical copy (one record under two prefetch keys) is read once.

    Two different records under one type and id are both kept (a second platelet count must
    not vanish); a second, different Patient of the same id is reported, the first is read.
    """
    seen: dict[str, list[dict[str, Any]]] = {}
    out: list[dict[str, Any]] = []
    for resource in resources:
        if resource.get("id") is None:
            out.append(resource)
            continue
        key = _ref(resource)
        copies = seen.setdefault(key, [])
        if any(resource == copy for copy in copies):  # compared only when an id repeats
            continue
        copies.append(resource)
        if len(copies) > 1 and resource.get("resourceType") == "Patient":
            builder.skip(
                key, Tier.UNUSABLE, "a second, different record with this id: the first is read"
            )
            continue
        out.append(resource)
    return out


def _effective(resource: Mapping[str, Any]) -> Any:
    """The raw ``effective[x]`` of an Observation or DiagnosticReport (a period's start), if any."""
    for key in ("effectiveDateTime", "effectiveInstant"):
        if key in resource:
            return resource[key]
    period = resource.get("effectivePeriod")
    return period.get("start") if isinstance(period, dict) else None


def _context_times(builder: _Builder, resources: list[dict[str, Any]]) -> None:
    """Times for Observations that carry none: their DiagnosticReport's, or their panel's."""
    for resource in resources:
        kind = resource.get("resourceType")
        links = {"DiagnosticReport": "result", "Observation": "hasMember"}.get(str(kind))
        when = _effective(resource) if links else None
        if links is None or when is None:
            continue
        members = resource.get(links)
        for member in members if isinstance(members, list) else []:
            target = member.get("reference") if isinstance(member, dict) else None
            if isinstance(target, str):
                resolved = builder.aliases.get(target) or _resolve(target)
                builder.context_times.setdefault(resolved, (when, _ref(resource)))


_ReaderFn = Callable[["_Builder", dict[str, Any], str], None]
_READERS: dict[str, _ReaderFn] = {}


def _read_one(builder: _Builder, resource: dict[str, Any]) -> None:
    ref = _ref(resource)
    kind = resource.get("resourceType")
    if kind == "Medication":
        return
    if kind not in READ_TYPES:
        builder.skip(ref, Tier.OUT_OF_SCOPE, f"resource type {kind} is not read by mastcell")
        return
    subject = resource.get("subject", resource.get("patient"))
    target = subject.get("reference") if isinstance(subject, dict) else None
    if kind != "Patient" and isinstance(target, str):
        resolved = builder.aliases.get(target) or _resolve(target)
        if builder.patient_ref is None:
            builder.patient_ref = resolved
        elif resolved != builder.patient_ref:
            if builder.strict:
                raise ForeignPatientError(
                    [
                        f"{ref} is about {target[:100]}, not the context patient {builder.patient_ref}"
                    ]
                )
            builder.skip(ref, Tier.OUT_OF_SCOPE, f"about another patient ({target})")
            return
    if kind == "Patient" and builder.patient_ref != ref:
        if builder.strict:
            raise ForeignPatientError([f"{ref} is not the context patient {builder.patient_ref}"])
        builder.skip(ref, Tier.OUT_OF_SCOPE, f"another patient: {builder.patient_ref} is read")
        return
    try:
        _READERS[kind](builder, resource, ref)
    except _UnusableError as exc:
        builder.skip(ref, Tier.UNUSABLE, str(exc))
    except (_RejectError, InputError) as exc:
        builder.skip(ref, Tier.REJECTED, f"rejected: {exc}")
    except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
        builder.skip(ref, Tier.REJECTED, f"rejected: malformed {kind} ({type(exc).__name__})")


def _resolve(reference: str) -> str:
    """``Type/id`` of a relative or absolute reference, its ``/_history/n`` left out."""
    parts = reference.split("/")
    if len(parts) >= 4 and parts[-2] == "_history":
        parts = parts[:-2]
    return "/".join(parts[-2:])


def _reader(kind: str) -> Callable[[_ReaderFn], _ReaderFn]:
    def register(function: _ReaderFn) -> _ReaderFn:
        _READERS[kind] = function
        return function

    return register


@_reader("Patient")
def _patient(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    builder.fields["id"] = resource.get("id")
    builder.provenance["id"] = Provenance(reference=ref)
    gender = resource.get("gender")
    if gender is not None:
        if gender not in ("male", "female", "other", "unknown"):
            builder.skip(ref, Tier.REJECTED, f"rejected: unknown gender {gender!r}", "gender")
        else:
            builder.fields["sex"] = gender
            builder.provenance["sex"] = Provenance(reference=ref)
    born = resource.get("birthDate")
    if born is not None:
        try:
            builder.fields["birth_date"] = _date(born, "birthDate")
            builder.provenance["birth_date"] = Provenance(reference=ref)
        except _UnusableError as exc:
            builder.skip(ref, Tier.UNUSABLE, f"{exc}: age unknown", "birthDate")
        except _RejectError as exc:
            builder.skip(ref, Tier.REJECTED, f"rejected: {exc}", "birthDate")
    if resource.get("deceasedBoolean") is True or "deceasedDateTime" in resource:
        builder.skip(ref, Tier.UNUSABLE, "the patient is recorded as deceased", "deceased[x]")


_DEAD_STATUSES = frozenset({"entered-in-error", "cancelled"})


@_reader("Observation")
def _observation(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    loincs = _codes(resource.get("code"), codes.LOINC)
    analytes = [codes.LOINC_ANALYTES[c] for c in loincs if c in codes.LOINC_ANALYTES]
    weight = any(c in codes.WEIGHT_LOINC for c in loincs)
    pain = any(c in codes.PAIN_LOINC for c in loincs)
    components = _read_components(resource) if not (analytes or weight or pain) else []
    if not analytes and not weight and not pain and not components:
        shown = ", ".join(loincs) if loincs else "no LOINC code"
        builder.skip(ref, Tier.OUT_OF_SCOPE, f"Observation ({shown}) is not read by mastcell")
        return
    status = resource.get("status")
    if status in _DEAD_STATUSES:
        raise _UnusableError(f"status {status}: not used")
    time, timing = _observation_time(builder, resource, ref)
    if pain:
        _pain(builder, resource, ref, time)
        return
    if components:  # a panel whose members are its components (a CBC panel)
        for index, analyte, quantity in components:
            where = f"component[{index}]"
            try:
                value, unit, comparator, censored = _value(quantity, f"{where}.valueQuantity")
                lab = LabResult(
                    analyte=analyte, value=value, unit=unit, comparator=comparator, time=time
                )
            except (_UnusableError, _RejectError, InputError) as exc:
                builder.skip(ref, Tier.UNUSABLE, f"{analyte.value}: {exc}", where)
                continue
            notes = [f"{where} of a panel", *([censored] if censored else []), *timing]
            builder.labs.append((lab, ref, "; ".join(notes)))
        return
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict) or "value" not in quantity:
        raise _UnusableError("no valueQuantity: a result mastcell reads needs a number and a unit")
    value, unit, comparator, censored = _value(quantity, "valueQuantity")
    if weight:
        if censored:
            raise _UnusableError(f"weight {censored}: a bound is not a weight to dose by")
        try:
            builder.weights.append((time, Weight(value=value, unit=unit), ref))
        except InputError as exc:
            raise _UnusableError(f"weight: {exc}") from None
        return
    analyte = analytes[0]
    try:
        lab = LabResult(analyte=analyte, value=value, unit=unit, comparator=comparator, time=time)
    except InputError as exc:
        if "does not fit" in str(exc) or "unit" in str(exc):
            raise _UnusableError(f"{analyte.value}: {exc}") from None
        raise _RejectError(f"{analyte.value}: {exc}") from None
    notes = [*([censored] if censored else []), *timing]
    builder.labs.append((lab, ref, "; ".join(notes) or None))


def _read_components(resource: Mapping[str, Any]) -> list[tuple[int, Any, Any]]:
    """The components of an Observation coded with a laboratory LOINC mastcell reads."""
    found = []
    items = resource.get("component")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        loincs = _codes(item.get("code"), codes.LOINC)
        analytes = [codes.LOINC_ANALYTES[c] for c in loincs if c in codes.LOINC_ANALYTES]
        if analytes:
            found.append((index, analytes[0], item.get("valueQuantity")))
    return found


def _value(quantity: Any, field: str) -> tuple[float, str, Comparator | None, str | None]:
    """A quantity's value, unit and comparator; a comparator adds a note saying how it is read.

    The value is kept as the bound and the comparator goes to :class:`LabResult`, which reads
    it (:func:`~mastcell.model.labs.censored_reading`: ``< 0.5`` as 0.49, ``>= 20`` as 20),
    so that FHIR and the interchange JSON read a censored value alike. A threshold beyond the
    bound (is a ``< 0.5`` count below 0.2?) cannot be decided from it; the note shows the
    report's text and the ``monitoring.lab.censored`` rule says so when it matters.
    """
    if not isinstance(quantity, dict) or "value" not in quantity:
        raise _UnusableError(f"{field}: no value")
    value = _number(quantity["value"], f"{field}.value")
    unit = _unit(quantity)
    raw = quantity.get("comparator")
    if raw is None:
        return value, unit, None, None
    try:
        comparator = Comparator(raw) if isinstance(raw, str) else None
    except ValueError:
        comparator = None
    if comparator is None:
        raise _RejectError(f"{field}.comparator: expected <, <=, >= or >, got {raw!r}")
    shown = f"reported as {comparator.value} {value:g} {unit}"
    read = censored_reading(value, comparator)
    if not comparator.strict:
        return value, unit, comparator, f"{shown} (censored): read as {read:g}"
    if read < 0:
        raise _UnusableError(f"{field}: {shown}: no value below it can be read")
    side = "below" if comparator.below else "above"
    return value, unit, comparator, f"{shown} (censored): read as {read:g}, just {side} it"


def _observation_time(
    builder: _Builder, resource: Mapping[str, Any], ref: str
) -> tuple[dt.datetime, list[str]]:
    """When the sample was taken, and a note when the time came from elsewhere.

    ``effective[x]`` first; else the DiagnosticReport or panel the Observation belongs to;
    else ``issued`` (when the result was released, after the sample).
    """
    own = _effective(resource)
    if own is not None:
        return _instant(own, "effective[x]"), []
    context = builder.context_times.get(ref)
    if context is not None:
        return _instant(context[0], f"effective[x] of {context[1]}"), [f"timed by {context[1]}"]
    if "issued" in resource:
        return _instant(resource["issued"], "issued"), [
            "timed by its issued time (the release of the result, later than the sample)"
        ]
    raise _UnusableError("no effective time: a result without a time cannot be placed")


def _pain(builder: _Builder, resource: dict[str, Any], ref: str, time: dt.datetime) -> None:
    if "valueInteger" in resource:
        raw: Any = resource["valueInteger"]
    elif isinstance(resource.get("valueQuantity"), dict):
        raw = resource["valueQuantity"].get("value")
    else:
        raise _UnusableError("pain score not given as a number (answer codes are not read)")
    if (
        isinstance(raw, bool)
        or not isinstance(raw, int | float)
        or raw != int(raw)
        or not 0 <= raw <= 10
    ):
        raise _RejectError(f"pain score: expected a whole number from 0 to 10, got {raw!r}")
    site = resource.get("bodySite")
    texts = _texts(site)
    builder.pains.append(
        (time, PainAssessment(score=int(raw), site=texts[0] if texts else None), ref)
    )


@_reader("Condition")
def _condition(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    concept = resource.get("code")
    own = _codes(concept, codes.MASTCELL_DIAGNOSIS)
    icd = [_icd_code(c) for c in _codes(concept, codes.SYSTEMS.icd10cm)]
    who = [_icd_code(c) for c in _codes(concept, codes.SYSTEMS.icd10)]
    sct = _codes(concept, codes.SNOMED)
    note: str | None = None
    found: Diagnosis | None = None
    reported: str | None = None
    for code in own:
        try:
            found = Diagnosis(code)
            note = f"{codes.MASTCELL_DIAGNOSIS} {code}"
            break
        except ValueError:
            raise _RejectError(f"unknown {codes.MASTCELL_DIAGNOSIS} code {code!r}") from None
    if found is None:
        for code, table in [
            *((c, codes.ICD10CM) for c in icd),
            *((c, codes.ICD10_WHO) for c in who),
            *((c, codes.SNOMED_CONDITIONS) for c in sct),
        ]:
            row = table.get(code)
            if row is None:
                continue
            if row.diagnosis is None:
                reported = reported or f"{code} {row.display}: {row.note}"
                continue
            found = row.diagnosis
            note = f"{code} {row.display}" + (f" ({row.note})" if row.note else "")
            break
    if found is None and reported is None:
        episode = [c for c in sct if c in codes.ANAPHYLAXIS_EPISODES]
        if episode:
            _anaphylaxis_episode(builder, resource, ref, episode[0])
            return
    if found is None and reported is None and not _codings(concept):
        found, note, reported = _condition_text(_texts(concept))
    if found is None:
        if reported is not None:
            raise _UnusableError(reported)
        shown = ", ".join(icd + who + sct) or "no ICD-10, ICD-10-CM or SNOMED CT code"
        builder.skip(
            ref,
            Tier.OUT_OF_SCOPE,
            f"Condition ({shown}) is not a mast cell disorder mastcell reads",
        )
        return
    verification = _codes(
        resource.get("verificationStatus"),
        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
    )
    if any(v in ("entered-in-error", "refuted") for v in verification):
        raise _UnusableError(f"{found.value}: verification status {verification[0]}: not used")
    if any(v in ("unconfirmed", "provisional", "differential") for v in verification):
        raise _UnusableError(
            f"{found.value}: verification status {verification[0]}: not used as a diagnosis"
        )
    clinical = _codes(
        resource.get("clinicalStatus"), "http://terminology.hl7.org/CodeSystem/condition-clinical"
    )
    if any(c in ("inactive", "resolved") for c in clinical):
        raise _UnusableError(f"{found.value}: clinical status {clinical[0]}: not used")
    if found not in builder.diagnoses:
        builder.diagnoses[found] = Provenance(reference=ref, note=note)


def _icd_code(code: str) -> str:
    """An ICD-10 code as the tables spell it: upper case, the dot after three characters.

    >>> _icd_code("d4702"), _icd_code(" D47.0 ")
    ('D47.02', 'D47.0')
    """
    code = code.strip().upper()
    if "." not in code and len(code) > 3:
        code = f"{code[:3]}.{code[3:]}"
    return code


def _name(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


#: Condition names mastcell reads from text alone: the display of every mapped code (exact
#: match, letter case and punctuation aside). Anything else naming mast cells is reported.
_CONDITION_NAMES: dict[str, codes.ConditionCode] = {
    _name(row.display): row
    for table in (codes.ICD10CM, codes.ICD10_WHO, codes.SNOMED_CONDITIONS)
    for row in table.values()
}
_MAST_CELL_WORDS = re.compile(r"mast ?cell|mastocyt|urticaria pigmentosa|tryptasemia", re.I)


def _condition_text(texts: list[str]) -> tuple[Diagnosis | None, str | None, str | None]:
    """A text-only Condition: (diagnosis, note) for a name mastcell reads, else what to report."""
    for text in texts:
        row = _CONDITION_NAMES.get(_name(text))
        if row is not None:
            shown = text.strip()[:100]
            if row.diagnosis is None:
                return None, None, f"named in text only ({shown!r}): {row.note}"
            return row.diagnosis, f"named in text only ({shown!r}), read by its exact name", None
    for text in texts:
        if _MAST_CELL_WORDS.search(text):
            shown = text.strip()[:100]
            return (
                None,
                None,
                (f"named in text only ({shown!r}), not a name mastcell reads: clinician decision"),
            )
    return None, None, None


def _anaphylaxis_episode(builder: _Builder, resource: dict[str, Any], ref: str, code: str) -> None:
    """A Condition coded as anaphylaxis (SNOMED CT, verified codes) with its onset: an episode.

    The episode is anaphylaxis; idiopathic anaphylaxis (241954008) has no trigger found and
    drug-induced anaphylaxis (241937000) a drug trigger; the other codes leave the trigger
    unknown. Organ systems and signs are not in the code and stay unknown.
    """
    row = codes.ANAPHYLAXIS_EPISODES[code]
    verification = _codes(
        resource.get("verificationStatus"),
        "http://terminology.hl7.org/CodeSystem/condition-ver-status",
    )
    if any(
        v in ("entered-in-error", "refuted", "unconfirmed", "provisional", "differential")
        for v in verification
    ):
        raise _UnusableError(
            f"{code} {row.display}: verification status {verification[0]}: not used"
        )
    onset = resource.get("onsetDateTime")
    if onset is None:
        raise _UnusableError(
            f"{code} {row.display}: no onsetDateTime, so not read as an episode (its onset is needed)"
        )
    when = _instant(onset, "onsetDateTime")
    flare = Flare(onset=when, anaphylaxis=True, trigger=row.trigger)
    builder.flares.append(
        (
            flare,
            Provenance(reference=ref, note=f"{code} {row.display}: read as an anaphylaxis episode"),
        )
    )


_MR_STATUS = {
    "active": MedicationStatus.ACTIVE,
    "on-hold": MedicationStatus.HELD,
    "stopped": MedicationStatus.STOPPED,
    "completed": MedicationStatus.STOPPED,
    "cancelled": MedicationStatus.STOPPED,
    "draft": MedicationStatus.PLANNED,
    # MedicationStatement
    "intended": MedicationStatus.PLANNED,
}

_TIMING_CODES = {
    "QD": Frequency.DAILY,
    "BID": Frequency.BID,
    "TID": Frequency.TID,
    "QID": Frequency.QID,
    "Q2H": Frequency.Q2H,
    "Q3H": Frequency.Q3H,
    "Q4H": Frequency.Q4H,
    "Q6H": Frequency.Q6H,
    "Q8H": Frequency.Q8H,
    "QOD": Frequency.QOD,
    "WK": Frequency.WEEKLY,
    "MO": Frequency.MONTHLY,
}

#: timing.repeat (frequency, period, periodUnit) -> frequency.
_REPEATS: dict[tuple[float, float, str], Frequency] = {
    (1, 1, "d"): Frequency.DAILY,
    (2, 1, "d"): Frequency.BID,
    (3, 1, "d"): Frequency.TID,
    (4, 1, "d"): Frequency.QID,
    (5, 1, "d"): Frequency.FIVE_TIMES_DAILY,
    (1, 24, "h"): Frequency.DAILY,
    (1, 12, "h"): Frequency.Q12H,
    (1, 8, "h"): Frequency.Q8H,
    (1, 6, "h"): Frequency.Q6H,
    (1, 4, "h"): Frequency.Q4H,
    (1, 3, "h"): Frequency.Q3H,
    (1, 2, "h"): Frequency.Q2H,
    (1, 2, "d"): Frequency.QOD,
    (1, 1, "wk"): Frequency.WEEKLY,
    (3, 1, "wk"): Frequency.TIW,
    (1, 2, "wk"): Frequency.Q2W,
    (1, 3, "wk"): Frequency.Q3W,
    (1, 4, "wk"): Frequency.Q4W,
    (1, 1, "mo"): Frequency.MONTHLY,
}

_COUNT_UNITS = frozenset(
    {
        "TAB",
        "tab",
        "tablet",
        "tablets",
        "{tbl}",
        "ea",
        "CAP",
        "cap",
        "capsule",
        "{capsule}",
        "{tablet}",
        "1",
    }
)


def _medication_concept(builder: _Builder, resource: Mapping[str, Any]) -> Any:
    if "medicationCodeableConcept" in resource:
        return resource["medicationCodeableConcept"]
    target = resource.get("medicationReference")
    if isinstance(target, dict) and isinstance(target.get("reference"), str):
        key = target["reference"]
        medication = builder.medication_resources.get(key) or builder.medication_resources.get(
            "Medication/" + key.split("/")[-1]
        )
        if medication is not None:
            builder.referenced_medications.add(_ref(medication))
            return medication.get("code")
        contained = [
            c
            for c in resource.get("contained", [])
            if isinstance(c, dict) and f"#{c.get('id')}" == key
        ]
        if contained:
            return contained[0].get("code")
        if isinstance(target.get("display"), str):
            return {"text": target["display"]}
        raise _UnusableError(f"medication {key} is not in the records sent")
    raise _UnusableError("no medication named")


def _medication(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    status = resource.get("status")
    kind = resource["resourceType"]
    if status in ("entered-in-error", "not-taken"):
        raise _UnusableError(f"status {status}: not used")
    concept = _medication_concept(builder, resource)
    rx = [codes.RXNORM[c] for c in _codes(concept, codes.SYSTEMS.rxnorm) if c in codes.RXNORM]
    notes: list[str] = []
    if rx:
        drug = rx[0].drug
        notes.append(f"RxNorm {rx[0].code}")
    else:
        named = _drug_in_text(_texts(concept))
        if named is not None:
            drug = named
            notes.append("drug matched by name in the text")
        else:
            texts = _texts(concept)
            if not texts:
                raise _UnusableError("medication has no verified code and no text to match")
            drug = texts[0].strip()
    if ref in builder.draft_orders:
        med_status = MedicationStatus.PLANNED
        notes.append("draft order: read as planned")
    elif status not in _MR_STATUS:
        raise _UnusableError(f"{drug}: status {status!r}: whether it is taken is not known")
    else:
        med_status = _MR_STATUS[status]
    fields: dict[str, Any] = {"drug": drug, "status": med_status}
    dosages = resource.get("dosageInstruction" if kind == "MedicationRequest" else "dosage", [])
    dosage = dosages[0] if isinstance(dosages, list) and dosages else {}
    if not isinstance(dosage, dict):
        raise _RejectError("dosage: expected an object")
    problems: list[str] = []
    _dose(dosage, rx[0] if rx else None, fields, problems)
    _frequency(dosage, fields, problems)
    route = dosage.get("route")
    if route is not None:
        known = [
            codes.ROUTES_SNOMED[c] for c in _codes(route, codes.SNOMED) if c in codes.ROUTES_SNOMED
        ]
        if known:
            fields["route"] = known[0].route
        else:
            problems.append(f"route {', '.join(_texts(route)) or 'uncoded'}: not recognised")
    start = None
    if kind == "MedicationRequest":
        start = resource.get("authoredOn")
    else:
        period = resource.get("effectivePeriod")
        start = (
            period.get("start") if isinstance(period, dict) else resource.get("effectiveDateTime")
        )
    if start is not None:
        try:
            got = _date(start, "start")
            fields["start"] = got.date() if isinstance(got, dt.datetime) else got
        except _UnusableError as exc:
            problems.append(str(exc))
    dispense = resource.get("dispenseRequest")
    if isinstance(dispense, dict) and isinstance(dispense.get("quantity"), dict):
        amount = dispense["quantity"].get("value")
        if (
            isinstance(amount, int | float)
            and not isinstance(amount, bool)
            and amount == int(amount)
            and amount >= 0
        ):
            fields["quantity"] = int(amount)
        else:
            problems.append(f"dispense quantity {amount!r}: not a whole count")
    reasons = _indication(builder, resource, fields)
    medication = Medication(**fields)
    for problem in problems:
        builder.skip(ref, Tier.UNUSABLE, f"{drug}: {problem}", "dosage")
    for problem in reasons:
        builder.skip(ref, Tier.UNUSABLE, f"{drug}: {problem}", "reason")
    builder.medications.append(
        (medication, Provenance(reference=ref, note="; ".join(notes) or None))
    )


_reader("MedicationRequest")(_medication)
_reader("MedicationStatement")(_medication)


def _reason_concepts(builder: _Builder, resource: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The reason of an order or statement, as (element, concept) pairs.

    Its reasonCode concepts, and the code of each reasonReference Condition sent in the same
    records; a reference to anything else, or to a record not sent, is kept by its display
    text, which is never mapped.
    """
    found: list[tuple[str, Any]] = []
    codes_ = resource.get("reasonCode")
    for concept in codes_ if isinstance(codes_, list) else []:
        found.append(("reasonCode", concept))
    refs = resource.get("reasonReference")
    for target in refs if isinstance(refs, list) else []:
        if not isinstance(target, dict):
            continue
        key = target.get("reference")
        condition = None
        if isinstance(key, str):
            condition = builder.condition_resources.get(
                builder.aliases.get(key, "/".join(key.split("/")[-2:]))
            )
        if condition is not None:
            found.append(("reasonReference", condition.get("code")))
        else:
            shown = target.get("display") if isinstance(target.get("display"), str) else key
            found.append(("reasonReference", {"text": str(shown)}))
    return found


def _indication(
    builder: _Builder, resource: Mapping[str, Any], fields: dict[str, Any]
) -> list[str]:
    """Read the indication from reasonCode / reasonReference where a verified code maps.

    Only ICD-10-CM and SNOMED CT codes of :func:`mastcell.knowledge.codes.indication_of` are
    read; a reason with no such code is reported as not mapped (never guessed from its
    text), and reasons that map to different indications set none.
    """
    reasons = _reason_concepts(builder, resource)
    problems: list[str] = []
    if not reasons:
        return problems
    found: dict[Indication, str] = {}
    unmapped: list[str] = []
    for element, concept in reasons:
        mapped = [
            (indication_of(system, code), f"{code}")
            for system in (codes.SYSTEMS.icd10cm, codes.SNOMED)
            for code in _codes(concept, system)
        ]
        hits = [(i, c) for i, c in mapped if i is not None]
        if hits:
            for indication, code in hits:
                found.setdefault(indication, f"{element} {code}")
        else:
            shown = ", ".join(c for _, c in mapped) or ", ".join(_texts(concept)) or "uncoded"
            unmapped.append(f"{element} {shown}")
    if len(found) == 1:
        (indication,) = found
        fields["indication"] = indication
    elif len(found) > 1:
        problems.append(
            "reasons read as several indications ("
            + ", ".join(f"{i.value} from {c}" for i, c in found.items())
            + "): indication not set"
        )
    for item in unmapped:
        problems.append(f"reason {item}: not mapped to an indication (no verified code)")
    return problems


def _dose(
    dosage: Mapping[str, Any],
    rx: codes.DrugCode | None,
    fields: dict[str, Any],
    problems: list[str],
) -> None:
    rates = dosage.get("doseAndRate")
    if not isinstance(rates, list) or not rates or not isinstance(rates[0], dict):
        return
    quantity = rates[0].get("doseQuantity")
    if not isinstance(quantity, dict):
        if "doseRange" in rates[0]:
            problems.append("a dose range: the dose is unknown, not guessed")
        return
    value = _number(quantity.get("value"), "doseQuantity.value")
    try:
        unit = _unit(quantity)
    except _UnusableError:
        problems.append("dose without a unit: the dose is unknown")
        return
    if unit in _COUNT_UNITS:
        if rx is not None and rx.strength_mg is not None:
            fields["dose"] = Dose(value=round(value * rx.strength_mg, 6), unit="mg")
        else:
            problems.append(
                f"dose {value:g} {unit} with no product strength: the dose is unknown, not guessed"
            )
        return
    try:
        fields["dose"] = Dose(value=value, unit=unit)
    except InputError as exc:
        problems.append(f"dose: {exc}")


def _frequency(dosage: Mapping[str, Any], fields: dict[str, Any], problems: list[str]) -> None:
    if dosage.get("asNeededBoolean") is True or "asNeededCodeableConcept" in dosage:
        fields["frequency"] = Frequency.PRN
        return
    timing = dosage.get("timing")
    if not isinstance(timing, dict):
        return
    for code in _codes(
        timing.get("code"), "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
    ):
        if code in _TIMING_CODES:
            fields["frequency"] = _TIMING_CODES[code]
            return
    repeat = timing.get("repeat")
    if isinstance(repeat, dict) and "frequency" in repeat:
        key = (repeat.get("frequency"), repeat.get("period", 1), repeat.get("periodUnit", "d"))
        found = _REPEATS.get(key)  # type: ignore[arg-type]
        if found is not None:
            fields["frequency"] = found
            return
        problems.append(f"timing {key[0]} per {key[1]} {key[2]}: not a frequency mastcell reads")
    elif timing:
        problems.append("timing without a frequency mastcell reads")


_ANAPHYLAXIS_WORDS = re.compile(r"anaphyla", re.IGNORECASE)


def _reads(text: str) -> bool:
    """The reaction reader knows the whole text as more than one plain drug name.

    A text listing several agents ("Penicillin, Sulfa") is kept whole: taking its first drug
    name alone lost the others (issue 16 review).
    """
    read = resolve_reaction(text)
    return read.how in _WHOLE and bool(text.strip())


_WHOLE = frozenset({Match.COMBINATION, Match.CLASS_WORD, Match.NONE_KNOWN, Match.WORDS})


@_reader("AllergyIntolerance")
def _allergy(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    verification = _codes(
        resource.get("verificationStatus"),
        "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
    )
    if any(v in ("entered-in-error", "refuted") for v in verification):
        raise _UnusableError(f"verification status {verification[0]}: not used")
    clinical = _codes(
        resource.get("clinicalStatus"),
        "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
    )
    if any(c in ("inactive", "resolved") for c in clinical):
        raise _UnusableError(f"clinical status {clinical[0]}: not used")
    reactions = resource.get("reaction", [])
    concept = resource.get("code")
    none = [c for c in _codes(concept, codes.SNOMED) if c in codes.NO_ALLERGY_SNOMED]
    if none:
        meaning = codes.NO_ALLERGY_SNOMED[none[0]]
        builder.reactions.append(
            (
                Reaction(agent=meaning.lower()),
                Provenance(
                    reference=ref,
                    note=f"SNOMED {none[0]} ({meaning}): no reaction and no agent (S186)",
                ),
            )
        )
        return
    how: str | None = None
    found_in: str | None = None
    if not _codings(concept) and not _texts(concept):
        # The agent named only in reaction.substance (allowed by FHIR R4 when code is absent)
        substances = (
            [item.get("substance") for item in reactions if isinstance(item, dict)]
            if isinstance(reactions, list)
            else []
        )
        named = [c for c in substances if _codings(c) or _texts(c)]
        if named:
            concept, found_in = named[0], "agent read from reaction.substance"
    rx = [codes.RXNORM[c] for c in _codes(concept, codes.SYSTEMS.rxnorm) if c in codes.RXNORM]
    texts = _texts(concept)
    # A code names the drug; a text is kept whole when the cautious reaction reader knows it
    # (a combination, a class word, "NKDA", drug names among other words such as "penicillin,
    # sulfa": every agent kept), else the first drug name found in it.
    whole = next((t.strip() for t in texts if _reads(t)), None)
    agent = rx[0].drug if rx else whole or _drug_in_text(texts)
    if agent is None:
        if not texts:
            raise _UnusableError("no agent named")
        agent = texts[0].strip()
    severity: ReactionSeverity | None = None
    for item in reactions if isinstance(reactions, list) else []:
        if not isinstance(item, dict):
            continue
        for manifestation in item.get("manifestation", []):
            coded = set(_codes(manifestation, codes.SNOMED)) & codes.ANAPHYLAXIS_SNOMED
            if coded or any(_ANAPHYLAXIS_WORDS.search(t) for t in _texts(manifestation)):
                severity, how = ReactionSeverity.ANAPHYLAXIS, "manifestation of anaphylaxis"
        if severity is ReactionSeverity.ANAPHYLAXIS:
            break
        level = item.get("severity")
        if level in ("severe", "moderate"):
            severity, how = ReactionSeverity.FLARE, f"reaction.severity {level} read as flare"
        elif level == "mild" and severity is None:
            severity, how = ReactionSeverity.MILD, "reaction.severity mild read as mild"
    if severity is None and resource.get("criticality") == "high":
        how = "criticality high alone is not a reaction severity: severity unknown"
    if found_in is not None:
        how = f"{found_in}; {how}" if how else found_in
    builder.reactions.append(
        (Reaction(agent=agent, severity=severity), Provenance(reference=ref, note=how))
    )


_KINDS = (
    (
        re.compile(r"endoscop|colonoscop|gastroscop|bronchoscop|cystoscop", re.I),
        ProcedureKind.ENDOSCOPY,
    ),
    (re.compile(r"contrast", re.I), ProcedureKind.CONTRAST_IMAGING),
    (re.compile(r"dental|tooth|teeth", re.I), ProcedureKind.DENTAL),
    (re.compile(r"surg|ectomy|otomy|plasty|repair|resection|operati", re.I), ProcedureKind.SURGERY),
)


def _planned(builder: _Builder, resource: dict[str, Any], ref: str) -> None:
    kind = resource["resourceType"]
    status = resource.get("status")
    if kind == "Procedure" and status != "preparation":
        builder.skip(
            ref, Tier.OUT_OF_SCOPE, f"Procedure with status {status}: not a planned procedure"
        )
        return
    if kind == "ServiceRequest" and status not in ("active", "draft"):
        builder.skip(ref, Tier.OUT_OF_SCOPE, f"ServiceRequest with status {status}: not planned")
        return
    when: Any = None
    for key in ("occurrenceDateTime", "performedDateTime"):
        if key in resource:
            when = resource[key]
    for key in ("occurrencePeriod", "performedPeriod"):
        if isinstance(resource.get(key), dict):
            when = resource[key].get("start")
    if when is None:
        raise _UnusableError("planned procedure without a date")
    date = _date(when, "occurrence")
    texts = _texts(resource.get("code")) + [
        t for c in resource.get("category", []) for t in _texts(c)
    ]
    procedure_kind = ProcedureKind.OTHER
    for pattern, candidate in _KINDS:
        if any(pattern.search(t) for t in texts):
            procedure_kind = candidate
            break
    procedure = Procedure(kind=procedure_kind, date=date)
    builder.procedures.append((procedure, ref))
    builder.provenance[f"procedures[{len(builder.procedures) - 1}]"] = Provenance(
        reference=ref, note=f"kind {procedure_kind.value} read from the text"
    )


_reader("ServiceRequest")(_planned)
_reader("Procedure")(_planned)


def _assemble(builder: _Builder) -> FhirRead:
    fields = dict(builder.fields)
    prov = builder.provenance
    labs = sorted(builder.labs, key=lambda item: (item[0].time, item[1]))
    fields["labs"] = tuple(lab for lab, _, _ in labs)
    for i, (_, ref, note) in enumerate(labs):
        prov[f"labs[{i}]"] = Provenance(reference=ref, note=note)
    fields["medications"] = tuple(m for m, _ in builder.medications)
    for i, (_, p) in enumerate(builder.medications):
        prov[f"medications[{i}]"] = p
    fields["diagnoses"] = tuple(builder.diagnoses)
    for i, p in enumerate(builder.diagnoses.values()):
        prov[f"diagnoses[{i}]"] = p
    if builder.diagnoses:
        prov["diagnoses"] = next(iter(builder.diagnoses.values()))
    fields["reactions"] = tuple(r for r, _ in builder.reactions)
    for i, (_, p) in enumerate(builder.reactions):
        prov[f"reactions[{i}]"] = p
    fields["procedures"] = tuple(p for p, _ in builder.procedures)
    flares = sorted(builder.flares, key=lambda item: (item[0].onset, item[1].reference))
    if flares:
        fields["flares"] = tuple(f for f, _ in flares)
        for i, (_, p) in enumerate(flares):
            prov[f"flares[{i}]"] = p
    if builder.weights:
        ordered = sorted(builder.weights, key=lambda w: (w[0], w[2]))
        *older, (_, weight, ref) = ordered
        fields["weight"] = weight
        prov["weight"] = Provenance(reference=ref)
        for _, _, old in older:
            builder.skip(
                old, Tier.OUT_OF_SCOPE, f"an older body weight: the latest ({ref}) is used"
            )
    current = [p for p in builder.pains if builder.at - builder.pain_window <= p[0] <= builder.at]
    for time, _, ref in builder.pains:
        if not builder.at - builder.pain_window <= time <= builder.at:
            builder.skip(
                ref,
                Tier.UNUSABLE,
                f"pain score outside the {builder.pain_window.days}-day window before the evaluation time",
            )
    if current:
        *older_pain, (_, pain, ref) = sorted(current, key=lambda p: (p[0], p[2]))
        fields["pain"] = pain
        prov["pain"] = Provenance(reference=ref)
        for _, _, old in older_pain:
            builder.skip(
                old, Tier.OUT_OF_SCOPE, f"an earlier pain score: the latest ({ref}) is used"
            )
    patient = _patient_dropping_implausible(builder, fields)
    return FhirRead(
        patient=patient,
        provenance=dict(prov),
        unused=tuple(builder.unused),
        also_read=tuple(sorted(builder.referenced_medications)),
    )


#: Patient-level fields whose value may be dropped (and reported) when the model refuses it.
_DROPPABLE = {"birth_date": "birthDate", "sex": "gender", "weight": None, "pain": None}


def _patient_dropping_implausible(builder: _Builder, fields: dict[str, Any]) -> Patient:
    """The Patient, with any field the model refuses (a birth date of 0001-01-01) dropped.

    The dropped field is reported as rejected, naming the element; the rest is read.
    """
    for _ in range(len(_DROPPABLE) + 1):
        try:
            return Patient(**fields)
        except InputError as exc:
            dropped = False
            for problem in exc.errors:
                name = problem.partition(":")[0].split(".")[0].split("[")[0]
                if name in _DROPPABLE and name in fields:
                    source = builder.provenance.pop(name, None)
                    ref = source.reference if source else builder.patient_ref or "Patient"
                    element = _DROPPABLE[name] or name
                    builder.skip(
                        ref, Tier.REJECTED, f"rejected: {problem}; the rest is read", element
                    )
                    del fields[name]
                    dropped = True
            if not dropped:
                raise
    return Patient(**fields)


# -- tracing output --------------------------------------------------------------------------


def annotate(report_data: Mapping[str, Any], got: FhirRead) -> dict[str, Any]:
    """A report's interchange data with the FHIR reference beside each input path.

    Every finding and unused input gains ``"fhir"`` (and ``"fhir_note"`` where the reading
    involved a choice, such as a reaction severity); records out of scope are listed under
    ``"fhir_not_read"``. The native keys are untouched.

    >>> got = read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
    >>> data = annotate(got.evaluate(at="2026-01-01T00:00:00Z").to_dict(), got)
    >>> data["unused_inputs"][0]["fhir"]
    'Patient/p'
    """
    out = dict(report_data)
    recs = []
    for rec in report_data.get("recommendations", []):
        rec = dict(rec)
        rec["findings"] = [_trace(f, got) for f in rec.get("findings", [])]
        recs.append(rec)
    out["recommendations"] = recs
    out["unused_inputs"] = [_trace(u, got) for u in report_data.get("unused_inputs", [])]
    out["fhir_not_read"] = [
        {"fhir": u.reference, "reason": u.reason} for u in got.unused if not u.tier.reaches_report
    ]
    return out


def render_text(report: Report, got: FhirRead) -> str:
    """The text rendering of a report, each finding and unused input naming its FHIR record.

    >>> got = read([{"resourceType": "Patient", "id": "p", "birthDate": "1970"}])
    >>> "Patient/p.birthDate" in render_text(got.evaluate(at="2026-01-01T00:00:00Z"), got)
    True
    """

    def note(path: str) -> str | None:
        found = got.source_of(path)
        return None if found is None else f"from {found.reference}"

    recs = []
    for rec in report.recommendations:
        findings = []
        for f in rec.findings:
            extra = note(f.input)
            findings.append(
                f
                if extra is None
                else attrs.evolve(f, note=f"{f.note}; {extra}" if f.note else extra)
            )
        recs.append(attrs.evolve(rec, findings=tuple(findings)))
    unused = tuple(
        u if note(u.input) is None else attrs.evolve(u, reason=f"{u.reason} ({note(u.input)})")
        for u in report.unused_inputs
    )
    text = attrs.evolve(report, recommendations=tuple(recs), unused_inputs=unused).render_text()
    skipped = [u for u in got.unused if not u.tier.reaches_report]
    if skipped:
        text += "FHIR records not read (out of scope):\n" + "".join(f"    {u}\n" for u in skipped)
    return text


def _trace(item: Mapping[str, Any], got: FhirRead) -> dict[str, Any]:
    traced = dict(item)
    path = str(item.get("input", ""))
    found = got.source_of(path)
    if found is not None:
        traced["fhir"] = found.reference
        if found.note:
            traced["fhir_note"] = found.note
    else:
        for u in got.unused:
            if u.input == path:
                traced["fhir"] = u.reference
                break
    return traced


def iter_references(got: FhirRead) -> Iterator[str]:
    """Every FHIR reference the read used or reported (for checks that nothing was dropped).

    >>> list(iter_references(read([{"resourceType": "Patient", "id": "p"}])))
    ['Patient/p']
    """
    seen: dict[str, None] = {}
    for p in got.provenance.values():
        seen.setdefault(p.reference)
    for u in got.unused:
        seen.setdefault(u.reference)
    for ref in got.also_read:
        seen.setdefault(ref)
    yield from seen
