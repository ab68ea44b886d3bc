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
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from mastcell.exceptions import InputError
from mastcell.knowledge import codes
from mastcell.knowledge.drugs import Match, match_drug, names
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.model import (
    Diagnosis,
    Dose,
    LabResult,
    Medication,
    Patient,
    UnusedInput,
    Weight,
)
from mastcell.model.clinical import PainAssessment, Procedure, Reaction
from mastcell.model.vocabulary import Frequency, MedicationStatus, ProcedureKind, ReactionSeverity
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
        from mastcell.engine import evaluate

        report = evaluate(self.patient, **kwargs)
        extra = tuple(
            UnusedInput(input=u.input, reason=f"{u.reason} ({u.tier.value})")
            for u in self.unused
            if u.tier.reaches_report
        )
        return attrs.evolve(report, unused_inputs=report.unused_inputs + extra)


# -- input shapes ----------------------------------------------------------------------------


def parse_ndjson(text: str) -> list[dict[str, Any]]:
    r"""FHIR Bulk Data NDJSON: one resource per line (blank lines ignored).

    >>> parse_ndjson('{"resourceType": "Patient", "id": "a"}\n\n')
    [{'resourceType': 'Patient', 'id': 'a'}]
    """
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as exc:
            raise InputError.for_field(f"(ndjson) line {number}", f"invalid JSON: {exc}") from None
        if not isinstance(item, dict):
            raise InputError.for_field(f"(ndjson) line {number}", "expected a FHIR resource object")
        out.append(item)
    return out


def read_json(text: str | bytes, **kwargs: Any) -> FhirRead:
    """Read JSON text: a Bundle, a resource, a list, a prefetch object, or NDJSON lines.

    >>> read_json('{"resourceType": "Patient", "id": "a"}').patient.id
    'a'
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    try:
        data: Any = json.loads(text)
    except ValueError:
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


def _collect(data: Any, out: list[dict[str, Any]], where: str, aliases: dict[str, str]) -> None:
    if data is None:
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            _collect(item, out, f"{where}[{i}]", aliases)
        return
    if not isinstance(data, dict):
        raise InputError.for_field(where, f"expected a FHIR resource, got {type(data).__name__}")
    kind = data.get("resourceType")
    if kind is None:  # a CDS Hooks prefetch object: key -> resource, Bundle or null
        for key, value in data.items():
            _collect(value, out, f"{where}.{key}", aliases)
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
                _collect(resource, out, f"{where}.entry[{i}].resource", aliases)
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
_UCUM = {"[lb_av]": "lb", "[oz_av]": "oz", "K/ul": "K/uL", "ug": "ug", "mcg": "ug"}


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
    labs: list[tuple[LabResult, str]] = attrs.Factory(list)
    medications: list[tuple[Medication, Provenance]] = attrs.Factory(list)
    diagnoses: dict[Diagnosis, Provenance] = attrs.Factory(dict)
    reactions: list[tuple[Reaction, Provenance]] = attrs.Factory(list)
    procedures: list[tuple[Procedure, str]] = attrs.Factory(list)
    weights: list[tuple[dt.datetime, Weight, str]] = attrs.Factory(list)
    pains: list[tuple[dt.datetime, PainAssessment, str]] = attrs.Factory(list)
    provenance: dict[str, Provenance] = attrs.Factory(dict)
    unused: list[Unused] = attrs.Factory(list)
    medication_resources: dict[str, dict[str, Any]] = attrs.Factory(dict)
    referenced_medications: set[str] = attrs.Factory(set)
    draft_orders: frozenset[str] = frozenset()
    aliases: dict[str, str] = attrs.Factory(dict)

    def skip(self, ref: str, tier: Tier, reason: str, element: str | None = None) -> None:
        self.unused.append(Unused(reference=ref, tier=tier, reason=reason, element=element))


def read(
    data: Any,
    *,
    at: dt.datetime | str | None = None,
    pain_window: dt.timedelta = DEFAULT_PAIN_WINDOW,
    draft_orders: Iterable[Mapping[str, Any]] = (),
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

    Raises:
        InputError: the input is not FHIR at all (not an object, a list or NDJSON of objects).

    >>> got = read({"resourceType": "Observation", "id": "o", "status": "final",
    ...             "code": {"coding": [{"system": "http://loinc.org", "code": "751-8"}]},
    ...             "valueQuantity": {"value": 0.8, "unit": "10*9/L", "code": "10*9/L",
    ...                               "system": "http://unitsofmeasure.org"},
    ...             "effectiveDateTime": "2026-11-20T08:15:00Z"})
    >>> got.patient.labs[0].canonical, got.provenance["labs[0]"].reference
    (0.8, 'Observation/o')
    """
    from mastcell.engine import parse_time

    builder = _Builder(at=parse_time(at), pain_window=pain_window)
    resources: list[dict[str, Any]] = []
    _collect(data, resources, "(input)", builder.aliases)
    orders = [dict(o) for o in draft_orders]
    builder.draft_orders = frozenset(_ref(o) for o in orders)
    seen: set[str] = set()
    unique: list[dict[str, Any]] = []
    for resource in [*resources, *orders]:
        key = _ref(resource)
        if resource.get("id") and key in seen:
            continue  # the same record under several prefetch keys: read once
        seen.add(key)
        unique.append(resource)
    patients = [r for r in unique if r.get("resourceType") == "Patient"]
    if patients:
        builder.patient_ref = _ref(patients[0])
    for resource in unique:
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
        resolved = builder.aliases.get(target, "/".join(target.split("/")[-2:]))
        if builder.patient_ref is None:
            builder.patient_ref = resolved
        elif resolved != builder.patient_ref:
            builder.skip(ref, Tier.OUT_OF_SCOPE, f"about another patient ({target})")
            return
    if kind == "Patient" and builder.patient_ref != ref:
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
    if not analytes and not weight and not pain:
        shown = ", ".join(loincs) if loincs else "no LOINC code"
        builder.skip(ref, Tier.OUT_OF_SCOPE, f"Observation ({shown}) is not read by mastcell")
        return
    status = resource.get("status")
    if status in _DEAD_STATUSES:
        raise _UnusableError(f"status {status}: not used")
    time = _observation_time(resource)
    if pain:
        _pain(builder, resource, ref, time)
        return
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict) or "value" not in quantity:
        raise _UnusableError("no valueQuantity: a result mastcell reads needs a number and a unit")
    value = _number(quantity["value"], "valueQuantity.value")
    unit = _unit(quantity)
    if weight:
        try:
            builder.weights.append((time, Weight(value=value, unit=unit), ref))
        except InputError as exc:
            raise _UnusableError(f"weight: {exc}") from None
        return
    analyte = analytes[0]
    try:
        lab = LabResult(analyte=analyte, value=value, unit=unit, time=time)
    except InputError as exc:
        if "does not fit" in str(exc) or "unit" in str(exc):
            raise _UnusableError(f"{analyte.value}: {exc}") from None
        raise _RejectError(f"{analyte.value}: {exc}") from None
    builder.labs.append((lab, ref))


def _observation_time(resource: Mapping[str, Any]) -> dt.datetime:
    if "effectiveDateTime" in resource:
        return _instant(resource["effectiveDateTime"], "effectiveDateTime")
    if "effectiveInstant" in resource:
        return _instant(resource["effectiveInstant"], "effectiveInstant")
    period = resource.get("effectivePeriod")
    if isinstance(period, dict) and "start" in period:
        return _instant(period["start"], "effectivePeriod.start")
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
    icd = _codes(concept, codes.SYSTEMS.icd10cm)
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
    if found is None:
        if reported is not None:
            raise _UnusableError(reported)
        shown = ", ".join(icd + sct) or "no ICD-10-CM or SNOMED CT code"
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
    medication = Medication(**fields)
    for problem in problems:
        builder.skip(ref, Tier.UNUSABLE, f"{drug}: {problem}", "dosage")
    builder.medications.append(
        (medication, Provenance(reference=ref, note="; ".join(notes) or None))
    )


_reader("MedicationRequest")(_medication)
_reader("MedicationStatement")(_medication)


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
    """The reaction reader knows the whole text as more than one plain drug name."""
    read = resolve_reaction(text)
    return read.how in _WHOLE and bool(text.strip())


_WHOLE = frozenset({Match.COMBINATION, Match.CLASS_WORD, Match.NONE_KNOWN})


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
    rx = [codes.RXNORM[c] for c in _codes(concept, codes.SYSTEMS.rxnorm) if c in codes.RXNORM]
    texts = _texts(concept)
    # A code names the drug; a text is kept whole when the cautious reaction reader knows it
    # (a combination, a class word, "NKDA"), else the first drug name found in it.
    whole = next((t.strip() for t in texts if _reads(t)), None)
    agent = rx[0].drug if rx else whole or _drug_in_text(texts)
    if agent is None:
        if not texts:
            raise _UnusableError("no agent named")
        agent = texts[0].strip()
    severity: ReactionSeverity | None = None
    how: str | None = None
    reactions = resource.get("reaction", [])
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
    fields["labs"] = tuple(lab for lab, _ in labs)
    for i, (_, ref) in enumerate(labs):
        prov[f"labs[{i}]"] = Provenance(reference=ref)
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
    patient = Patient(**fields)
    return FhirRead(
        patient=patient,
        provenance=dict(prov),
        unused=tuple(builder.unused),
        also_read=tuple(sorted(builder.referenced_medications)),
    )


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
