"""CDS Hooks 2.0: discovery, cards and a framework-free request handler.

:func:`discovery` describes the services (``patient-view``, ``order-select``, ``order-sign``)
with prefetch templates for everything the rules read; :func:`handle` answers one service
call with ``(status, body)``; :func:`cards` turns a report into cards. One card per
recommendation: summary of at most 139 characters, indicator, ``source`` with the rule's page
and the recommendation code as ``topic``, Markdown ``detail`` (dose, findings with their FHIR
references, sources, disclaimer), a deterministic ``uuid`` and ``overrideReasons``. No element
is ever null or empty (S151).

>>> [s["hook"] for s in discovery()["services"]]
['patient-view', 'order-select', 'order-sign']
>>> handle("mastcell-patient-view", {"hook": "patient-view"}).status
400
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

from mastcell import fhir
from mastcell._version import __version__
from mastcell.exceptions import InputError
from mastcell.knowledge.codes import ROUTES_SNOMED, RXNORM_BY_DRUG, SYSTEMS
from mastcell.knowledge.sources import SOURCES
from mastcell.model import DoseAmount, Recommendation
from mastcell.report import DISCLAIMER, Report

__all__ = [
    "DOCS_URL",
    "OVERRIDE_REASONS",
    "PREFETCH",
    "SERVICES",
    "SOURCE_LABEL",
    "Fetcher",
    "Response",
    "cards",
    "discovery",
    "handle",
]

#: The published documentation; a card's ``source.url`` is its rule's entry in the catalogue.
DOCS_URL = "https://mastcell.readthedocs.io/en/latest"

_P = "{{context.patientId}}"

#: Prefetch templates: the patient and every kind of record the rules read.
PREFETCH: Mapping[str, str] = {
    "patient": f"Patient/{_P}",
    "conditions": f"Condition?patient={_P}",
    "observations": f"Observation?patient={_P}",
    "medicationRequests": f"MedicationRequest?patient={_P}",
    "medicationStatements": f"MedicationStatement?patient={_P}",
    "allergies": f"AllergyIntolerance?patient={_P}",
    "serviceRequests": f"ServiceRequest?patient={_P}&status=active,draft",
    "procedures": f"Procedure?patient={_P}&status=preparation",
}

#: Service id -> hook.
SERVICES: Mapping[str, str] = {
    "mastcell-patient-view": "patient-view",
    "mastcell-order-select": "order-select",
    "mastcell-order-sign": "order-sign",
}

_DESCRIPTIONS = {
    "patient-view": "Mast cell disorder decision support when a chart is opened: anti-mediator "
    "therapy, cytopenia rules, analgesia, procedures, emergency preparedness, monitoring.",
    "order-select": "Checks the orders being selected (read as planned medications and "
    "procedures) against a mast cell disorder.",
    "order-sign": "Checks the orders about to be signed (read as planned medications and "
    "procedures) against a mast cell disorder.",
}

_OVERRIDE = "urn:mastcell:override-reason"

#: The reasons a clinician may give for not following a card.
OVERRIDE_REASONS: tuple[Mapping[str, str], ...] = (
    {"system": _OVERRIDE, "code": "clinical-judgement", "display": "Clinical judgement differs"},
    {"system": _OVERRIDE, "code": "already-addressed", "display": "Already addressed"},
    {"system": _OVERRIDE, "code": "patient-declined", "display": "Patient declined"},
    {"system": _OVERRIDE, "code": "data-incorrect", "display": "Record is incorrect"},
)

#: Codes whose proposed dose is an order to place (never for interrupt, avoid, consider).
_ORDERING = re.compile(r"\.(start|add|prescribe|increase|resume_reduced)$")

_NAMESPACE = uuid.UUID("6f1c1a52-4b9f-4c35-8a0e-5d2f1f7c3a10")
SUMMARY_MAX = 139

Fetcher = Callable[[str, str | None], Any]


@attrs.frozen(kw_only=True)
class Response:
    """An HTTP answer: status and JSON body.

    >>> Response(status=200, body={"cards": []}).status
    200
    """

    status: int
    body: Mapping[str, Any]


def discovery() -> dict[str, Any]:
    """The discovery document served at ``GET /cds-services``.

    >>> discovery()["services"][0]["prefetch"]["patient"]
    'Patient/{{context.patientId}}'
    """
    return {
        "services": [
            {
                "hook": hook,
                "id": service,
                "title": f"mastcell ({hook})",
                "description": _DESCRIPTIONS[hook],
                "prefetch": dict(PREFETCH),
            }
            for service, hook in SERVICES.items()
        ]
    }


def _rule_pages() -> dict[str, tuple[str, str]]:
    from mastcell.rules.registry import registered_rules

    pages = {}
    for r in registered_rules():
        anchor = r.name.replace(".", "-").replace("_", "-").lower()
        for code in r.codes:
            pages[code] = (f"{DOCS_URL}/rules.html#{anchor}", r.title.rstrip("."))
    return pages


_PAGES: dict[str, tuple[str, str]] = {}


def _md(text: str) -> str:
    """Text from a record, escaped so it cannot become Markdown or HTML."""
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)


def _summary(text: str) -> str:
    return text if len(text) <= SUMMARY_MAX else text[: SUMMARY_MAX - 1].rstrip() + "…"


def _card_uuid(report: Report, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{report.patient_id}|{report.evaluated_at}|{key}"))


def _detail(rec: Recommendation, got: fhir.FhirRead | None) -> str:
    parts = [_md(rec.detail)] if rec.detail.strip() else []
    if rec.medication is not None:
        parts.append(f"**Proposed:** {_md(str(rec.medication))}")
    for item in rec.schedule:
        when = f"{item.at.isoformat()}: " if item.at else ""
        parts.append(f"- {_md(when + str(item))}")
    if rec.findings:
        lines = ["**Findings:**"]
        for f in rec.findings:
            source = got.source_of(f.input) if got is not None else None
            where = f" ({_md(source.reference)})" if source is not None else ""
            how = f"; {_md(source.note)}" if source is not None and source.note else ""
            lines.append(f"- {_md(str(f))}{where}{how}")
        parts.append("\n".join(lines))
    if rec.evidence:
        lines = ["**Sources:**"]
        for e in rec.evidence:
            url = SOURCES[e.source].url
            link = f" <{url}>" if url else ""
            lines.append(f"- {e.source}: {_md(e.citation)}{link}")
        parts.append("\n".join(lines))
    parts.append(f"*{_md(DISCLAIMER)}*")
    return "\n\n".join(parts)


def _suggestion(rec: Recommendation, report: Report, key: str) -> dict[str, Any] | None:
    advice = rec.medication
    if advice is None or not _ORDERING.search(rec.code) or not isinstance(advice.dose, DoseAmount):
        return None
    code = RXNORM_BY_DRUG.get(advice.drug)
    if code is None:
        return None
    dosage: dict[str, Any] = {
        "text": str(advice),
        "doseAndRate": [
            {
                "doseQuantity": {
                    "value": advice.dose.value,
                    "unit": advice.dose.unit,
                    "system": SYSTEMS.ucum,
                    "code": advice.dose.unit,
                }
            }
        ],
    }
    if advice.frequency is not None and advice.frequency.value == "prn":
        dosage["asNeededBoolean"] = True
    route = [r for r in ROUTES_SNOMED.values() if r.preferred and r.route is advice.route]
    if route:
        dosage["route"] = {
            "coding": [
                {"system": SYSTEMS.snomed, "code": route[0].code, "display": route[0].display}
            ]
        }
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": "draft",
        "intent": "proposal",
        "medicationCodeableConcept": {
            "coding": [{"system": SYSTEMS.rxnorm, "code": code.code, "display": code.display}],
            "text": advice.drug,
        },
        "subject": {"reference": f"Patient/{report.patient_id}"}
        if report.patient_id
        else {"display": "the patient in context"},
        "dosageInstruction": [dosage],
    }
    return {
        "label": _summary(f"Order {advice}"),
        "uuid": _card_uuid(report, key + "|suggestion"),
        "isRecommended": True,
        "actions": [
            {"type": "create", "description": f"Order {advice.drug}", "resource": resource}
        ],
    }


#: The ``source.label`` of every card unless the caller names another.
SOURCE_LABEL = f"mastcell {__version__}"


def cards(
    report: Report,
    got: fhir.FhirRead | None = None,
    *,
    source_label: str = SOURCE_LABEL,
) -> list[dict[str, Any]]:
    """One CDS Hooks card per recommendation, and one info card for records not used.

    Args:
        report: the report to show.
        got: the FHIR read behind it (findings then name their FHIR records).
        source_label: the card's ``source.label``.

    >>> from mastcell import evaluate, patient_from_dict
    >>> r = evaluate(patient_from_dict({"id": "x", "diagnoses": ["mcas"]}),
    ...              at="2026-11-22T12:00:00Z", categories=["emergency"])
    >>> [c["source"]["topic"]["code"] for c in cards(r)]
    ['emergency.epinephrine.prescribe', 'emergency.triggers.avoid']
    """
    if not _PAGES:
        _PAGES.update(_rule_pages())
    out = []
    for i, rec in enumerate(report.recommendations):
        key = f"{i}|{rec.code}|{rec.summary}"
        url, title = _PAGES.get(rec.code, (f"{DOCS_URL}/rules.html", rec.code))
        card: dict[str, Any] = {
            "uuid": _card_uuid(report, key),
            "summary": _summary(rec.summary),
            "indicator": rec.indicator.value,
            "detail": _detail(rec, got),
            "source": {
                "label": source_label,
                "url": url,
                "topic": {
                    "system": SYSTEMS.mastcell_recommendation,
                    "code": rec.code,
                    "display": title,
                },
            },
            "overrideReasons": [dict(r) for r in OVERRIDE_REASONS],
        }
        suggestion = _suggestion(rec, report, key)
        if suggestion is not None:
            card["suggestions"] = [suggestion]
            card["selectionBehavior"] = "at-most-one"
        out.append(card)
    unused = _unused_card(report, got)
    if unused is not None:
        out.append(unused)
    return out


def _unused_card(report: Report, got: fhir.FhirRead | None) -> dict[str, Any] | None:
    lines = []
    for u in report.unused_inputs:
        source = got.source_of(u.input) if got is not None else None
        where = f" ({_md(source.reference)})" if source is not None else ""
        lines.append(f"- {_md(u.input)}{where}: {_md(u.reason)}")
    other = [u for u in got.unused if not u.tier.reaches_report] if got is not None else []
    if not lines and not other:
        return None
    count = len(lines)
    parts = []
    if lines:
        parts.append("**Not used:**\n" + "\n".join(lines))
    if other:
        parts.append(f"{len(other)} other records are outside what mastcell reads.")
    parts.append(f"*{_md(DISCLAIMER)}*")
    return {
        "uuid": _card_uuid(report, "inputs.unused"),
        "summary": _summary(
            f"{count} record(s) mastcell could not use: check them in the chart"
            if count
            else "No record was unusable; some were outside what mastcell reads"
        ),
        "indicator": "info",
        "detail": "\n\n".join(parts),
        "source": {
            "label": f"mastcell {__version__}",
            "url": f"{DOCS_URL}/ehr.html",
            "topic": {
                "system": SYSTEMS.mastcell_recommendation,
                "code": "inputs.unused",
                "display": "Records mastcell could not use",
            },
        },
    }


# -- the handler -----------------------------------------------------------------------------


def _error(status: int, message: str) -> Response:
    return Response(status=status, body={"error": message})


def fetch_fhir(url: str, token: str | None, *, timeout: float = 10.0) -> Any:
    """GET a FHIR URL as JSON, with a bearer token when given (the default fetcher).

    Raises:
        InputError: the server could not be reached or did not answer JSON.

    >>> fetch_fhir("http://127.0.0.1:9/Patient/x", None, timeout=0.5)
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: fhirServer: could not fetch http://127.0.0.1:9/Patient/x: ...
    """
    headers = {"Accept": "application/fhir+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError.for_field("fhirServer", f"could not fetch {url}: {reason}") from None


def _prefetch(
    request: Mapping[str, Any], patient_id: str, fetcher: Fetcher
) -> tuple[dict[str, Any], Response | None]:
    given = request.get("prefetch")
    if given is not None and not isinstance(given, dict):
        return {}, _error(400, "prefetch: expected an object")
    data = dict(given or {})
    # A key with null means "no such data" (S151); a missing key was not satisfied: fetch it.
    missing = [key for key in PREFETCH if key not in data]
    if not missing:
        return data, None
    server = request.get("fhirServer")
    auth = request.get("fhirAuthorization")
    token = auth.get("access_token") if isinstance(auth, dict) else None
    if not isinstance(server, str) or not server or not isinstance(token, str) or not token:
        return {}, _error(
            412,
            f"prefetch missing ({', '.join(missing)}) and no fhirServer with fhirAuthorization "
            "to fetch it from",
        )
    base = server.rstrip("/")
    safe = urllib.parse.quote(patient_id, safe="")
    for key in missing:
        query = PREFETCH[key].replace(_P, safe)
        try:
            data[key] = fetcher(f"{base}/{query}", token)
        except InputError as exc:
            return {}, _error(412, "; ".join(exc.errors))
    return data, None


def handle(
    service_id: str,
    request: Any,
    *,
    at: datetime | str | None = None,
    fetcher: Fetcher | None = None,
) -> Response:
    """Answer one CDS Hooks call: ``(status, body)``, never an exception for bad input.

    200 with ``{"cards": [...]}`` (``[]`` when the patient has no mast cell disorder); 400 for
    a malformed request; 404 for an unknown service; 412 when prefetch is missing and there is
    no ``fhirServer`` to fetch it from.

    Args:
        service_id: the ``{id}`` of ``POST /cds-services/{id}``.
        request: the parsed JSON body.
        at: fix the evaluation time (default now).
        fetcher: ``(url, bearer token) -> JSON``, for fetching missing prefetch.

    >>> handle("nope", {}).status
    404
    >>> handle("mastcell-patient-view", {"hook": "patient-view", "hookInstance": "1",
    ...        "context": {"userId": "Practitioner/1", "patientId": "p"}}).status
    412
    """
    hook = SERVICES.get(service_id)
    if hook is None:
        return _error(404, f"no service {service_id!r}; see /cds-services")
    if not isinstance(request, dict):
        return _error(400, "request: expected a JSON object")
    for field in ("hook", "hookInstance", "context"):
        if field not in request:
            return _error(400, f"{field}: required")
    if request["hook"] != hook:
        return _error(400, f"hook: service {service_id} answers {hook}, got {request['hook']!r}")
    context = request["context"]
    if not isinstance(context, dict):
        return _error(400, "context: expected an object")
    patient_id = context.get("patientId")
    if not isinstance(patient_id, str) or not patient_id:
        return _error(400, "context.patientId: required")
    orders: list[dict[str, Any]] = []
    if hook != "patient-view":
        drafts = context.get("draftOrders")
        if not isinstance(drafts, dict) or drafts.get("resourceType") != "Bundle":
            return _error(400, "context.draftOrders: expected a FHIR Bundle")
        try:
            orders = fhir.resources_of(drafts)
        except InputError as exc:
            return _error(400, "context.draftOrders: " + "; ".join(exc.errors))
    data, failed = _prefetch(request, patient_id, fetcher or fetch_fhir)
    if failed is not None:
        return failed
    try:
        got = fhir.read(data, at=at, draft_orders=orders)
        if not got.patient.has_mast_cell_disorder:
            return Response(status=200, body={"cards": []})
        report = got.evaluate(at=at)
    except InputError as exc:
        return _error(400, "; ".join(exc.errors))
    return Response(status=200, body={"cards": cards(report, got)})
