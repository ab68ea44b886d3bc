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

import re
import urllib.parse
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from mastcell import fhir
from mastcell._version import __version__
from mastcell.decision import Action
from mastcell.exceptions import ForeignPatientError, InputError
from mastcell.guard import awaits_review, stated_action
from mastcell.knowledge.codes import (
    LOINC_ANALYTES,
    PAIN_LOINC,
    ROUTES_SNOMED,
    RXNORM_BY_DRUG,
    SYSTEMS,
    WEIGHT_LOINC,
)
from mastcell.knowledge.options import Options, options_to_dict
from mastcell.knowledge.sources import SOURCES
from mastcell.model import DoseAdvice, DoseAmount, Recommendation
from mastcell.model.recommendation import fit_summary
from mastcell.outcome import Outcome
from mastcell.report import DISCLAIMER, Report, printable

__all__ = [
    "DOCS_URL",
    "OBSERVATION_CODES",
    "OVERRIDE_REASONS",
    "PAGE_SIZE",
    "PREFETCH",
    "SERVICES",
    "SOURCE_LABEL",
    "Fetcher",
    "Plan",
    "Response",
    "answer",
    "cards",
    "discovery",
    "handle",
    "next_link",
    "plan",
]

#: The published documentation; a card's ``source.url`` is its rule's entry in the catalogue.
DOCS_URL = "https://mastcell.readthedocs.io/en/latest"

_P = "{{context.patientId}}"

#: Every LOINC code an Observation is read by (laboratory analytes, weight, pain), for the
#: Observation search's ``code`` filter.
OBSERVATION_CODES: tuple[str, ...] = tuple(
    sorted({*LOINC_ANALYTES, *WEIGHT_LOINC, *PAIN_LOINC}, key=lambda c: (len(c), c))
)
_LOINC_FILTER = ",".join(f"{SYSTEMS.loinc}|{code}" for code in OBSERVATION_CODES)
#: Results per page asked for; the service follows ``next`` links (``--max-pages``).
PAGE_SIZE = 100

#: Prefetch templates: the patient and every kind of record the rules read. Observations are
#: filtered to the codes the rules read and sorted latest first, so that the first pages hold
#: the latest counts; every search asks for pages of :data:`PAGE_SIZE`.
PREFETCH: Mapping[str, str] = {
    "patient": f"Patient/{_P}",
    "conditions": f"Condition?patient={_P}&_count={PAGE_SIZE}",
    "observations": f"Observation?patient={_P}&code={_LOINC_FILTER}&_sort=-date&_count={PAGE_SIZE}",
    "medicationRequests": f"MedicationRequest?patient={_P}&_count={PAGE_SIZE}",
    "medicationStatements": f"MedicationStatement?patient={_P}&_count={PAGE_SIZE}",
    "allergies": f"AllergyIntolerance?patient={_P}&_count={PAGE_SIZE}",
    "serviceRequests": f"ServiceRequest?patient={_P}&status=active,draft&_count={PAGE_SIZE}",
    "procedures": f"Procedure?patient={_P}&status=preparation&_count={PAGE_SIZE}",
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

_NAMESPACE = uuid.UUID("6f1c1a52-4b9f-4c35-8a0e-5d2f1f7c3a10")
SUMMARY_MAX = 139

#: Fetches one URL with the call's bearer token: ``(url, token) -> JSON``.
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
    return fit_summary(printable(text), SUMMARY_MAX)


def _printable_lines(text: str) -> str:
    """``text`` with control, bidi and separator characters escaped; line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _clean_card(card: dict[str, Any]) -> dict[str, Any]:
    r"""Every text of a card with control and bidirectional characters escaped (``\\u202e``).

    A right-to-left override from a record must not reorder what a clinician reads; the
    Markdown ``detail`` keeps its line breaks, every other text is one line.
    """

    def clean(node: Any, key: str | None) -> Any:
        if isinstance(node, str):
            return _printable_lines(node) if key == "detail" else printable(node)
        if isinstance(node, dict):
            return {k: clean(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [clean(v, key) for v in node]
        return node

    cleaned: dict[str, Any] = clean(card, None)
    return cleaned


def _options_line(report: Report | Outcome) -> str:
    """The options a card set ran under, stated on every card (two sites' cards differ)."""
    changed = options_to_dict(report.options)
    if not changed:
        return "*Options: mastcell's defaults.*"
    settings = ", ".join(
        f"{area}.{name}={value}"
        for area, values in changed.items()
        for name, value in values.items()
    )
    return f"*Site options: {_md(settings)}.*"


def _card_uuid(report: Report | Outcome, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{report.patient_id}|{report.evaluated_at}|{key}"))


def _detail(rec: Recommendation, got: fhir.FhirRead | None, options: str) -> str:
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
    parts.append(options)
    return "\n\n".join(parts)


#: Code endings whose proposal a card offers to order.
_ORDERING = {
    "start": Action.START,
    "add": Action.START,
    "prescribe": Action.START,
    "increase": Action.INCREASE,
    "resume_reduced": Action.RESUME,
}


def _read_action(code: str, advice: DoseAdvice) -> Action:
    """The action of a report's proposal, read from its timing words and its code.

    For a :class:`~mastcell.report.Report` without its decisions (the outcome's decisions
    state their actions): advice whose timing begins "hold" holds, "discontinue" or "stop"
    stops, "do not start" or "do not use" avoids, "clinician decision" informs; other advice gives the drug, with the action
    its code names (``.start``, ``.add``, ``.prescribe``: start; ``.increase``;
    ``.resume_reduced``: resume), else prefer (a proposal, not an order). Every rule's
    decisions read this way give the cards their decisions give (tests/engine_properties.py).

    >>> _read_action("antimediator.h2.add", DoseAdvice(drug="famotidine"))
    <Action.START: 'start'>
    >>> _read_action("cytopenia.imatinib.kit_d816v",
    ...              DoseAdvice(drug="imatinib", timing="do not use: KIT D816V detected"))
    <Action.AVOID: 'avoid'>
    """
    stated = stated_action(advice)
    if stated is not None:
        return stated
    return _ORDERING.get(code.rsplit(".", 1)[-1], Action.PREFER)


def _suggestion(
    rec: Recommendation, action: Action | None, report: Report | Outcome, key: str
) -> dict[str, Any] | None:
    """An order to place, for a proposal whose action starts, increases or resumes a drug.

    ``action`` is the decision's; a report without its decisions gives none, and the action is
    then read from the recommendation (:func:`_read_action`).
    """
    advice = rec.medication
    if advice is None or not isinstance(advice.dose, DoseAmount):
        return None
    if action is None:
        action = _read_action(rec.code, advice)
    if not action.orders:
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
    report: Report | Outcome,
    got: fhir.FhirRead | None = None,
    *,
    source_label: str = SOURCE_LABEL,
) -> list[dict[str, Any]]:
    """One CDS Hooks card per recommendation, and one info card for records not used.

    Every text is escaped: Markdown and HTML from a record cannot take effect, and control and
    bidirectional characters are shown as escapes. Each card's detail ends with the options
    the report ran under. A card offers to order a proposed dose when its decision's action
    starts, increases or resumes the drug (:attr:`mastcell.decision.Action.orders`).

    Args:
        report: the report to show, or the outcome of :func:`mastcell.engine.decide` (whose
            decisions give each card's action).
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
    options = _options_line(report)
    out = []
    if isinstance(report, Outcome):
        from mastcell.text import render

        shown: list[tuple[Recommendation, Action | None, bool]] = [
            (render(d), d.action, d.guard is not None and d.guard.unread) for d in report.decisions
        ]
    else:
        shown = [(rec, None, awaits_review(rec)) for rec in report.recommendations]
    for i, (rec, action, unread) in enumerate(shown):
        key = f"{i}|{rec.code}|{rec.summary}"
        url, title = _PAGES.get(rec.code, (f"{DOCS_URL}/rules.html", rec.code))
        card: dict[str, Any] = {
            "uuid": _card_uuid(report, key),
            "summary": _summary(rec.summary),
            "indicator": rec.indicator.value,
            "detail": _detail(rec, got, options),
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
        # A proposal awaiting a clinician's reading of a recorded reaction mastcell could not
        # read is shown, never offered as an order (the reaction could be to this drug).
        suggestion = None if unread else _suggestion(rec, action, report, key)
        if suggestion is not None:
            card["suggestions"] = [suggestion]
            card["selectionBehavior"] = "at-most-one"
        out.append(_clean_card(card))
    unused = _unused_card(report, got)
    if unused is not None:
        out.append(_clean_card(unused))
    return out


def _unused_card(report: Report | Outcome, got: fhir.FhirRead | None) -> dict[str, Any] | None:
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
    parts.append(_options_line(report))
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


@attrs.frozen(kw_only=True)
class Plan:
    """A checked hook call: what was given, and what is still to fetch before evaluating.

    Made by :func:`plan`; :func:`answer` evaluates it once the pages are in. ``missing`` are
    prefetch keys the client did not satisfy (fetched from ``server`` as ``PREFETCH[key]``),
    ``follow`` the ``next`` links of the searches it sent.

    >>> p = plan("mastcell-patient-view", {"hook": "patient-view", "hookInstance": "1",
    ...          "context": {"patientId": "p1"}, "prefetch": dict.fromkeys(PREFETCH)})
    >>> p.patient_id, p.missing, p.needs_fetch
    ('p1', (), False)
    """

    service_id: str
    hook: str
    patient_id: str
    orders: tuple[Mapping[str, Any], ...] = ()
    given: Mapping[str, Any] = attrs.field(factory=dict)
    missing: tuple[str, ...] = ()
    follow: Mapping[str, str] = attrs.field(factory=dict)
    #: ``fhirServer`` and the bearer token of ``fhirAuthorization``, when the client sent them.
    server: str | None = None
    token: str | None = attrs.field(default=None, repr=False)

    @property
    def needs_fetch(self) -> bool:
        """Whether a key is missing or a search has more pages."""
        return bool(self.missing or self.follow)

    def query(self, key: str) -> str:
        """The URL of a missing prefetch key on ``server`` (the patient id percent-encoded).

        >>> Plan(service_id="s", hook="patient-view", patient_id="a b",
        ...      server="https://x/fhir/").query("patient")
        'https://x/fhir/Patient/a%20b'
        """
        safe = urllib.parse.quote(self.patient_id, safe="")
        return f"{(self.server or '').rstrip('/')}/{PREFETCH[key].replace(_P, safe)}"


def plan(service_id: str, request: Any) -> Plan | Response:
    """Check a hook call and say what must be fetched: a :class:`Plan`, or the error answer.

    >>> plan("nope", {}).status
    404
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
        return _error(400, f"hook: service {service_id} answers {hook}, not this hook")
    context = request["context"]
    if not isinstance(context, dict):
        return _error(400, "context: expected an object")
    patient_id = context.get("patientId")
    if not isinstance(patient_id, str) or not patient_id or len(patient_id) > 64:
        return _error(400, "context.patientId: required (a FHIR id of at most 64 characters)")
    orders: list[dict[str, Any]] = []
    if hook != "patient-view":
        drafts = context.get("draftOrders")
        if not isinstance(drafts, dict) or drafts.get("resourceType") != "Bundle":
            return _error(400, "context.draftOrders: expected a FHIR Bundle")
        try:
            orders = fhir.resources_of(drafts)
        except InputError as exc:
            return _error(400, "context.draftOrders: " + "; ".join(exc.errors))
    given = request.get("prefetch")
    if given is not None and not isinstance(given, dict):
        return _error(400, "prefetch: expected an object")
    # Keys of other names (the specification's own examples send some) are read as well.
    data = dict(given or {})
    # A key with null means "no such data" (S151); a missing key was not satisfied: fetch it.
    missing = tuple(key for key in PREFETCH if key not in data)
    follow = {key: url for key in PREFETCH if (url := next_link(data.get(key))) is not None}
    server = request.get("fhirServer")
    auth = request.get("fhirAuthorization")
    token = auth.get("access_token") if isinstance(auth, dict) else None
    return Plan(
        service_id=service_id,
        hook=hook,
        patient_id=patient_id,
        orders=tuple(orders),
        given=data,
        missing=missing,
        follow=follow,
        server=server if isinstance(server, str) and server else None,
        token=token if isinstance(token, str) and token else None,
    )


def next_link(bundle: Any) -> str | None:
    """The ``next`` link of a search-set Bundle, if it has one (its later pages).

    >>> next_link({"resourceType": "Bundle", "link": [{"relation": "next", "url": "https://x/2"}]})
    'https://x/2'
    >>> next_link({"resourceType": "Patient"}) is None
    True
    """
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        return None
    links = bundle.get("link")
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict) and link.get("relation") == "next":
            url = link.get("url")
            return url if isinstance(url, str) and url else None
    return None


def answer(
    plan: Plan,
    pages: Mapping[str, Sequence[Any]] | None = None,
    cut: Mapping[str, str] | None = None,
    *,
    at: datetime | str | None = None,
    options: Options | None = None,
) -> Response:
    """Evaluate a planned call with the pages fetched for it: the cards, or an error answer.

    Args:
        plan: the checked call (:func:`plan`).
        pages: per prefetch key, the fetched resources or search pages, in order (a missing
            key's first page, then the ``next`` pages).
        cut: per prefetch key, why some of its pages were not read (a card says so).
        at: fix the evaluation time (default now).
        options: the site options (default: mastcell's).

    Every resource must be about ``context.patientId`` (and every draft order's subject too):
    a record about another patient answers 400 and no card is given.

    >>> p = plan("mastcell-patient-view", {"hook": "patient-view", "hookInstance": "1",
    ...          "context": {"patientId": "p2"}, "prefetch": {**dict.fromkeys(PREFETCH),
    ...          "patient": {"resourceType": "Patient", "id": "p1"}}})
    >>> answer(p).body["error"]
    'prefetch: Patient/p1 is not the context patient Patient/p2: no cards are given about another patient'
    """
    data: dict[str, Any] = dict(plan.given)
    for key, more in (pages or {}).items():
        data[key] = [data[key], *more] if key in data and data[key] is not None else list(more)
    missing = [key for key in PREFETCH if key not in data]
    if missing:
        return _error(
            412,
            f"prefetch missing ({', '.join(missing)}) and no fhirServer with fhirAuthorization "
            "to fetch it from",
        )
    try:
        got = fhir.read(data, at=at, draft_orders=plan.orders, patient=plan.patient_id)
    except ForeignPatientError as exc:
        return _error(400, f"prefetch: {exc}: no cards are given about another patient")
    except InputError as exc:
        return _error(400, "; ".join(exc.errors)[:1000])
    try:
        if not got.patient.has_mast_cell_disorder:
            return Response(status=200, body={"cards": []})
        report = got.decide(at=at, options=options)
    except InputError as exc:
        return _error(400, "; ".join(exc.errors)[:1000])
    out = cards(report, got)
    if cut:
        out.append(_incomplete_card(report, cut))
    return Response(status=200, body={"cards": out})


def _incomplete_card(report: Report | Outcome, cut: Mapping[str, str]) -> dict[str, Any]:
    lines = [f"- {_md(key)}: {_md(reason)}" for key, reason in sorted(cut.items())]
    return _clean_card(
        {
            "uuid": _card_uuid(report, "inputs.incomplete"),
            "summary": "Not every record was read: results on unread pages may be missing",
            "indicator": "warning",
            "detail": "**Searches not read to the end:**\n"
            + "\n".join(lines)
            + "\n\nThe cards above were made without those records: check the chart for later "
            "or other results before acting.\n\n" + f"*{_md(DISCLAIMER)}*",
            "source": {
                "label": SOURCE_LABEL,
                "url": f"{DOCS_URL}/ehr.html",
                "topic": {
                    "system": SYSTEMS.mastcell_recommendation,
                    "code": "inputs.incomplete",
                    "display": "Records mastcell could not read in full",
                },
            },
        }
    )


def handle(
    service_id: str,
    request: Any,
    *,
    at: datetime | str | None = None,
    fetcher: Fetcher | None = None,
    options: Options | None = None,
    max_pages: int = 20,
) -> Response:
    """Answer one CDS Hooks call: ``(status, body)``, never an exception for bad input.

    200 with ``{"cards": [...]}`` (``[]`` when the patient has no mast cell disorder); 400 for
    a malformed request or records about another patient; 404 for an unknown service; 412
    when prefetch is missing and it cannot be fetched (no ``fhirServer`` with a token, or no
    ``fetcher``). Missing keys and the ``next`` pages of searches are fetched with ``fetcher``,
    up to ``max_pages`` pages per search (a card says when more existed). ``mastcell serve``
    does the same asynchronously under its fetch policy (:mod:`mastcell.fetch`); this
    synchronous form fetches only through the ``fetcher`` given, which is the caller's policy.

    Args:
        service_id: the ``{id}`` of ``POST /cds-services/{id}``.
        request: the parsed JSON body.
        at: fix the evaluation time (default now).
        fetcher: ``(url, bearer token) -> JSON``, for fetching missing prefetch and pages.
        options: the site options (default: mastcell's).
        max_pages: the most pages read per search.

    >>> handle("nope", {}).status
    404
    >>> handle("mastcell-patient-view", {"hook": "patient-view", "hookInstance": "1",
    ...        "context": {"userId": "Practitioner/1", "patientId": "p"}}).status
    412
    """
    planned = plan(service_id, request)
    if isinstance(planned, Response):
        return planned
    pages: dict[str, list[Any]] = {}
    cut: dict[str, str] = {}
    can_fetch = fetcher is not None and planned.server is not None and planned.token is not None
    if planned.needs_fetch and not can_fetch:
        if planned.missing:
            return answer(planned, at=at, options=options)  # the 412
        cut = dict.fromkeys(planned.follow, "more pages exist and there is no fhirServer to fetch them from")  # fmt: skip
    elif planned.needs_fetch and fetcher is not None:
        starts = [(key, planned.query(key), 0) for key in planned.missing]
        starts += [(key, url, 1) for key, url in planned.follow.items()]
        for key, start, read in starts:
            url: str | None = start
            while url is not None:
                if read >= max_pages:
                    cut[key] = f"more than {max_pages} pages: the later ones were not read"
                    break
                try:
                    page = fetcher(url, planned.token)
                except InputError as exc:
                    return _error(412, "; ".join(exc.errors))
                pages.setdefault(key, []).append(page)
                read += 1
                url = next_link(page)
    return answer(planned, pages, cut, at=at, options=options)
