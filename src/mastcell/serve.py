"""``mastcell serve``: the CDS Hooks service as an ASGI app (Starlette), run by uvicorn.

Needs the ``serve`` extra (``pip install 'mastcell[serve]'``). Routes: ``GET /cds-services``
(discovery), ``POST /cds-services/{id}`` (a hook call), ``POST /cds-services/{id}/feedback``
(outcomes, logged). CORS is open to any origin, as browser-based CDS clients need; every
request is logged as one JSON line; a malformed request gets HTTP 400 with a JSON body naming
the problem, and no error ever returns a stack trace.

>>> app = create_app(at="2026-11-22T12:00:00Z")
>>> sorted(r.path for r in app.routes)
['/cds-services', '/cds-services/{service_id}', '/cds-services/{service_id}/feedback']
"""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mastcell import cdshooks
from mastcell.engine import parse_time

__all__ = ["MAX_BODY", "create_app", "run"]

#: The largest request body accepted (a 100-resource prefetch is ~100 kB).
MAX_BODY = 10 * 1024 * 1024

log = logging.getLogger("mastcell.serve")


def _log(event: str, **fields: Any) -> None:
    log.info(json.dumps({"event": event, **fields}, default=str, sort_keys=True))


async def _body(request: Request) -> tuple[Any, JSONResponse | None]:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        return None, JSONResponse({"error": f"request body over {MAX_BODY} bytes"}, 413)
    try:
        return json.loads(raw), None
    except (ValueError, UnicodeDecodeError) as exc:
        return None, JSONResponse({"error": f"request body is not valid JSON: {exc}"}, 400)


def create_app(
    *, at: datetime | str | None = None, fetcher: cdshooks.Fetcher | None = None
) -> Starlette:
    """The ASGI application; ``at`` fixes the evaluation time, ``fetcher`` the FHIR client.

    >>> create_app().state.at is None
    True
    """
    fixed = parse_time(at) if at is not None else None

    async def services(request: Request) -> Response:
        return JSONResponse(cdshooks.discovery())

    async def call(request: Request) -> Response:
        started = time.perf_counter()
        service_id = request.path_params["service_id"]
        data, failed = await _body(request)
        if failed is not None:
            _log("call", service=service_id, status=failed.status_code)
            return failed
        answer = cdshooks.handle(service_id, data, at=fixed, fetcher=fetcher)
        _log(
            "call",
            service=service_id,
            status=answer.status,
            hookInstance=data.get("hookInstance") if isinstance(data, dict) else None,
            cards=len(answer.body.get("cards", [])),
            ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return JSONResponse(dict(answer.body), answer.status)

    async def feedback(request: Request) -> Response:
        service_id = request.path_params["service_id"]
        if service_id not in cdshooks.SERVICES:
            return JSONResponse({"error": f"no service {service_id!r}"}, 404)
        data, failed = await _body(request)
        if failed is not None:
            return failed
        items = data.get("feedback") if isinstance(data, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return JSONResponse({"error": "feedback: expected a list of objects"}, 400)
        for item in items:
            if not isinstance(item.get("card"), str) or item.get("outcome") not in (
                "accepted",
                "overridden",
            ):
                return JSONResponse(
                    {
                        "error": "feedback[]: card (a uuid) and outcome (accepted|overridden) required"
                    },
                    400,
                )
        for item in items:
            _log(
                "feedback",
                service=service_id,
                card=item["card"],
                outcome=item["outcome"],
                overrideReason=item.get("overrideReason"),
                acceptedSuggestions=item.get("acceptedSuggestions"),
                outcomeTimestamp=item.get("outcomeTimestamp"),
            )
        return JSONResponse({}, 200)

    async def on_error(request: Request, exc: Exception) -> Response:
        _log("error", path=request.url.path, error=type(exc).__name__)
        return JSONResponse({"error": "internal error; the request was not evaluated"}, 500)

    async def not_found(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": f"no route {request.url.path}"}, 404)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return JSONResponse({"error": f"method {request.method} not allowed here"}, 405)

    app = Starlette(
        routes=[
            Route("/cds-services", services, methods=["GET"]),
            Route("/cds-services/{service_id}", call, methods=["POST"]),
            Route("/cds-services/{service_id}/feedback", feedback, methods=["POST"]),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["*"],
            )
        ],
        exception_handlers={Exception: on_error, 404: not_found, 405: not_allowed},
    )
    app.state.at = fixed
    return app


def run(*, host: str = "127.0.0.1", port: int = 8080, at: str | None = None) -> None:
    """Serve until interrupted (uvicorn); logs go to stderr as JSON lines.

    >>> import inspect
    >>> list(inspect.signature(run).parameters)
    ['host', 'port', 'at']
    """
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _log("start", host=host, port=port, at=at)
    uvicorn.run(create_app(at=at), host=host, port=port, log_level="warning", access_log=False)
