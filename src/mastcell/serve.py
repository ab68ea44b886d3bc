"""``mastcell serve``: the CDS Hooks service as an ASGI app (Starlette), run by uvicorn.

Needs the ``serve`` extra (``pip install 'mastcell[serve]'``). Routes: ``GET /cds-services``
(discovery, public), ``POST /cds-services/{id}`` (a hook call), ``POST
/cds-services/{id}/feedback`` (outcomes, logged). Written for a hostile network:

- callers: every hook and feedback call needs a JWT signed by a trusted client
  (:mod:`mastcell.callers`); ``--no-auth`` is for local tests on a loopback bind only;
- fetching: ``fhirServer`` is fetched only under a configured prefix, within a byte cap, a page
  cap and the call's deadline (:mod:`mastcell.fetch`);
- never blocking: fetches are async (httpx), evaluation runs in worker processes, at most
  ``max_calls`` calls are in progress (more answer 503), each within its deadline (504), and
  discovery answers while calls wait;
- bounded input: the body limit holds from ``Content-Length`` and while streaming, before
  anything is buffered; deep JSON nesting is a 400, never a traceback; only
  ``application/json`` bodies are read;
- tight answers: the Host header must match the public URL, CORS is off unless origins are
  named, log fields are bounded, and errors never carry upstream content, paths or traces.

Every request is logged as one JSON line on standard error.

>>> app = create_app(ServiceSettings(no_auth=True, at="2026-11-22T12:00:00Z"))
>>> sorted(r.path for r in app.routes)
['/cds-services', '/cds-services/{service_id}', '/cds-services/{service_id}/feedback']
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import multiprocessing
import os
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import attrs
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from mastcell import cdshooks
from mastcell._fastjson import read as read_exactly
from mastcell.callers import JWKS_LIMIT, TrustedClient, UnauthorizedError, Verifier
from mastcell.engine import parse_time
from mastcell.exceptions import InputError
from mastcell.fetch import (
    DEFAULT_FETCH_BYTES,
    DEFAULT_MAX_PAGES,
    Budget,
    Fetcher,
    FetchError,
    FetchPolicy,
    PolicyError,
    check_url,
    is_loopback,
    prefixes_of,
)
from mastcell.knowledge.options import Options
from mastcell.limits import DuplicateKeyError, loads_unique

__all__ = ["MAX_BODY", "ServiceSettings", "create_app", "run"]

#: The largest request body accepted by default (a 100-resource prefetch is ~35 kB).
MAX_BODY = 10 * 1024 * 1024
#: The longest a logged field may be (longer values are cut, and say so).
LOG_FIELD_LIMIT = 500

log = logging.getLogger("mastcell.serve")

T = TypeVar("T")


def _bounded(value: Any) -> Any:
    """A log field no longer than :data:`LOG_FIELD_LIMIT` characters (non-ASCII escaped)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=True)
    if len(text) <= LOG_FIELD_LIMIT:
        return text
    return f"{text[:LOG_FIELD_LIMIT]}... ({len(text)} characters, cut)"


def _log(event: str, **fields: Any) -> None:
    """One JSON line; every field bounded, controls and non-ASCII escaped."""
    bounded = {key: _bounded(value) for key, value in fields.items()}
    log.info(json.dumps({"event": event, **bounded}, default=str, sort_keys=True))


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@attrs.frozen(kw_only=True)
class ServiceSettings:
    """How ``mastcell serve`` runs: bind, callers, fetch policy, limits, options.

    :meth:`checked` validates a set of settings before anything starts.

    >>> ServiceSettings(port=8080).url
    'http://127.0.0.1:8080'
    """

    host: str = "127.0.0.1"
    port: int = 8080
    #: The URL clients call (``aud`` of their tokens, the Host header); default
    #: ``http://HOST:PORT``. Behind a TLS proxy: its https URL.
    public_url: str | None = None
    #: Fix the evaluation time (demonstrations, tests).
    at: str | datetime | None = None
    trusted_clients: tuple[TrustedClient, ...] = ()
    #: No caller authentication: only on a loopback bind, for local tests.
    no_auth: bool = False
    #: FHIR base URLs the service may fetch from (``--fhir-server``).
    fhir_servers: tuple[str, ...] = ()
    #: Browser origins allowed by CORS (none: CORS off).
    cors_origins: tuple[str, ...] = ()
    #: The largest request body, in bytes.
    max_body: int = MAX_BODY
    #: Seconds a hook call may take in all: fetching, waiting and evaluating.
    deadline: float = 10.0
    #: Evaluation worker processes; 0 evaluates in threads of the server process.
    workers: int = attrs.field(factory=_default_workers)
    #: Hook calls in progress at once; more answer 503 at once.
    max_calls: int = 64
    #: Bytes fetched for one call, all searches and pages together.
    fetch_max_bytes: int = DEFAULT_FETCH_BYTES
    #: Pages read per search.
    max_pages: int = DEFAULT_MAX_PAGES
    #: A PEM file of certificate authorities for fetching (instead of the system's).
    ca_bundle: str | None = None
    #: Seconds a fetched JWKS is used before it is fetched again.
    jwks_cache: float = 600.0
    options: Options = attrs.field(factory=Options)

    @property
    def url(self) -> str:
        """The public URL, without a final ``/``."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def loopback(self) -> bool:
        """Whether the service binds a loopback address only."""
        return is_loopback(self.host)

    def policy(self) -> FetchPolicy:
        """The fetch policy these settings give."""
        allow_http = self.no_auth and self.loopback
        return FetchPolicy(
            prefixes=prefixes_of(self.fhir_servers, allow_http=allow_http),
            allow_http=allow_http,
            max_bytes=self.fetch_max_bytes,
            max_pages=self.max_pages,
            ca_bundle=self.ca_bundle,
        )

    def checked(self) -> ServiceSettings:
        """These settings, or an :class:`~mastcell.exceptions.InputError` listing every problem.

        >>> ServiceSettings(host="0.0.0.0", no_auth=True).checked()
        Traceback (most recent call last):
        ...
        mastcell.exceptions.InputError: --no-auth: allowed only on a loopback bind (--host 127.0.0.1 or ::1), got '0.0.0.0'
        """
        problems: list[str] = []
        if self.no_auth and not self.loopback:
            problems.append(
                "--no-auth: allowed only on a loopback bind (--host 127.0.0.1 or ::1), "
                f"got {self.host!r}"
            )
        if self.no_auth and self.trusted_clients:
            problems.append("--no-auth: not with --trusted-client (choose one)")
        if not self.no_auth and not self.trusted_clients:
            problems.append(
                "--trusted-client: no trusted client: give --trusted-client ISS=JWKS "
                "(repeatable), or --no-auth on a loopback bind for local tests"
            )
        for name, value, low in (
            ("--port", self.port, 0),
            ("--max-body", self.max_body, 1),
            ("--max-calls", self.max_calls, 1),
            ("--fetch-max-bytes", self.fetch_max_bytes, 1),
            ("--max-pages", self.max_pages, 1),
            ("--workers", self.workers, 0),
        ):
            if value < low:
                problems.append(f"{name}: expected at least {low}, got {value}")
        if not self.deadline > 0:
            problems.append(f"--deadline: expected more than 0 seconds, got {self.deadline}")
        problems += _public_url_problems(self)
        if self.ca_bundle is not None and not os.path.isfile(self.ca_bundle):
            problems.append(f"--ca-bundle: no such file {self.ca_bundle!r}")
        try:
            self.policy()
        except InputError as exc:
            problems.extend(exc.errors)
        try:
            if self.at is not None:
                parse_time(self.at)
        except InputError as exc:
            problems.extend(f"--at: {e}" for e in exc.errors)
        if problems:
            raise InputError(problems)
        return self


def _public_url_problems(settings: ServiceSettings) -> list[str]:
    if settings.public_url is None:
        return []
    parts = urllib.parse.urlsplit(settings.public_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"--public-url: expected an absolute http(s) URL, got {settings.public_url!r}"]
    if parts.query or parts.fragment or parts.username:
        return ["--public-url: no query, fragment or user information"]
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return [
            "--public-url: must be https (put TLS in front of the service) unless it is a "
            f"loopback address, got {settings.public_url!r}"
        ]
    return []


def _allowed_hosts(url: str) -> frozenset[str]:
    """The Host header values that name the public URL (with and without its default port)."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    shown = f"[{host}]" if ":" in host else host
    default = 443 if parts.scheme == "https" else 80
    port = parts.port or default
    hosts = {f"{shown}:{port}"}
    if port == default:
        hosts.add(shown)
    return frozenset(hosts)


class _HostCheck:
    """Answers 400 to a request whose Host header does not name the public URL (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = next((v for k, v in scope["headers"] if k == b"host"), b"")
            if host.decode("latin-1").lower() not in self.allowed:
                _log("refused", path=scope.get("path"), status=400, reason="host")
                answer = JSONResponse(
                    {"error": "Host header does not match the service's public URL"}, 400
                )
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


# -- work done in the evaluation workers (plain functions: they run in other processes) ------


def _json_loads() -> Callable[[bytes], Any]:
    try:
        import orjson  # the fast extra: about ten times the standard library's speed
    except ImportError:
        return json.loads
    return orjson.loads


_LOADS = _json_loads()


def _parse_json(raw: bytes) -> Any:
    """JSON of a request or a fetched page: a nesting too deep for the parser is an InputError.

    The parser's own stack bound stops deep nesting (never a RecursionError traceback); the
    FHIR reader bounds the nesting of what it walks (:func:`mastcell.fhir.resources_of`). A
    key given twice in one object is refused, not read as its last value (which parser kept
    which value would decide what the caller said); the error names no key (a fetched page's
    content is never echoed). orjson's reading is kept where it is the standard library's
    (``mastcell._fastjson.read``); any other text the parser accepts is read again by the
    standard library, which finds the key given twice and keeps long integers whole.
    """
    found = read_exactly(raw)
    if found is not None:
        return found.data
    try:
        _LOADS(raw)  # the parser's verdict and its errors, as for every text
        return loads_unique(raw)
    except DuplicateKeyError:
        raise InputError(["(json): an object gives the same key more than once"]) from None
    except RecursionError:
        raise InputError(["(json): nested too deeply"]) from None
    except json.JSONDecodeError as exc:
        if "depth" in exc.msg or "recursion" in exc.msg:
            raise InputError(["(json): nested too deeply"]) from None
        raise InputError(
            [f"(json): invalid JSON at line {exc.lineno} column {exc.colno}"]
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:  # orjson's errors, bad UTF-8, huge integers
        problem = "nested too deeply" if "depth" in str(exc) else "invalid JSON"
        raise InputError([f"(json): {problem}"]) from None


def _dumps(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _error_bytes(status: int, message: str) -> tuple[int, bytes]:
    return status, _dumps({"error": message})


def _parse_request(body: bytes) -> Any:
    return _parse_json(body)


def _first(
    service_id: str, body: bytes, at: datetime | None, options: Options
) -> tuple[int, bytes] | cdshooks.Plan:
    """Check the call; answer it when nothing is to fetch, else say what to fetch."""
    try:
        data = _parse_request(body)
    except InputError as exc:
        return _error_bytes(400, "request body: " + "; ".join(exc.errors)[:500])
    planned = cdshooks.plan(service_id, data)
    if isinstance(planned, cdshooks.Response):
        return planned.status, _dumps(planned.body)
    if not planned.needs_fetch:
        done = cdshooks.answer(planned, at=at, options=options)
        return done.status, _dumps(done.body)
    return attrs.evolve(planned, given={}, orders=())  # the worker re-reads the body later


def _page(raw: bytes) -> tuple[str | None, str | None]:
    """A fetched page's ``next`` link, or why the page cannot be read (no upstream content)."""
    try:
        page = _parse_json(raw)
    except InputError:
        return None, "the FHIR server's answer is not JSON mastcell reads"
    if not isinstance(page, dict) or not isinstance(page.get("resourceType"), str):
        return None, "the FHIR server's answer is not a FHIR resource"
    return cdshooks.next_link(page), None


def _second(
    service_id: str,
    body: bytes,
    pages: Mapping[str, list[bytes]],
    cut: Mapping[str, str],
    at: datetime | None,
    options: Options,
) -> tuple[int, bytes]:
    """Answer the call with the fetched pages."""
    planned = cdshooks.plan(service_id, _parse_request(body))
    assert isinstance(planned, cdshooks.Plan)  # it was one in the first pass
    read: dict[str, list[Any]] = {}
    for key, raws in pages.items():
        try:
            read[key] = [_parse_json(raw) for raw in raws]
        except InputError:
            return _error_bytes(502, f"{key}: the FHIR server's answer is not JSON mastcell reads")
    done = cdshooks.answer(planned, read, cut, at=at, options=options)
    return done.status, _dumps(done.body)


def _warm() -> int:
    """Import and run everything once in a worker, so the first call is not the slow one."""
    from mastcell import examples
    from mastcell.engine import evaluate
    from mastcell.interchange import patient_from_json

    patient = patient_from_json(examples.text(examples.names()[0]))
    evaluate(patient, at="2026-01-01T00:00:00Z")
    cdshooks.cards(evaluate(patient, at="2026-01-01T00:00:00Z"))
    return os.getpid()


# -- the app -----------------------------------------------------------------------------------


@attrs.define
class _Service:
    """What the running app holds: settings, the verifier, the fetcher and the workers."""

    settings: ServiceSettings
    at: datetime | None
    policy: FetchPolicy
    verifier: Verifier | None
    fetcher: Fetcher | None = None
    pool: Executor | None = None
    in_progress: asyncio.Semaphore | None = None

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        if self.pool is None:
            return await asyncio.to_thread(function, *args)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, functools.partial(function, *args))

    async def start(self) -> None:
        self.fetcher = Fetcher(self.policy)
        self.in_progress = asyncio.Semaphore(self.settings.max_calls)
        if self.verifier is not None:
            fetcher = self.fetcher

            async def fetch_jwks(url: str) -> bytes:
                return await fetcher.get(
                    url,
                    token=None,
                    budget=Budget(remaining=JWKS_LIMIT),
                    what="JWKS",
                    check=False,
                    accept="application/json, application/jwk-set+json",
                )

            self.verifier.fetch = fetch_jwks
        if self.settings.workers > 0:
            methods = multiprocessing.get_all_start_methods()
            # forkserver/spawn: workers inherit no threads, sockets or event loop of the server.
            method = "forkserver" if "forkserver" in methods else "spawn"
            self.pool = ProcessPoolExecutor(
                self.settings.workers, mp_context=multiprocessing.get_context(method)
            )
            pids = await asyncio.gather(*(self.run(_warm) for _ in range(self.settings.workers)))
            _log("workers", processes=len(set(pids)))
        else:
            await self.run(_warm)

    async def stop(self) -> None:
        if self.fetcher is not None:
            await self.fetcher.close()
        if self.pool is not None:
            # Wait for the workers to exit (they finish the evaluation in hand): a pool left
            # to the interpreter's exit can leave them, and the fork server, behind.
            await asyncio.to_thread(self.pool.shutdown, wait=True, cancel_futures=True)

    async def fetch_pages(
        self, planned: cdshooks.Plan
    ) -> tuple[dict[str, list[bytes]], dict[str, str]]:
        """Every missing key and later page of a call, under the fetch policy."""
        pages: dict[str, list[bytes]] = {}
        cut: dict[str, str] = {}
        if planned.server is None or planned.token is None:
            # Missing keys answer 412 (in the worker); unread pages are stated on a card.
            for key in planned.follow:
                cut[key] = "more pages exist and there is no fhirServer to fetch them from"
            return pages, cut
        assert self.fetcher is not None
        fetcher = self.fetcher
        # Every URL is checked before the first connection is made.
        check_url(self.policy, planned.server)
        starts = [(key, planned.query(key), 0) for key in planned.missing]
        starts += [(key, url, 1) for key, url in planned.follow.items()]
        for _, url, _ in starts:
            check_url(self.policy, url)
        budget = Budget(remaining=self.policy.max_bytes)

        async def one(key: str, url: str | None, read: int) -> None:
            while url is not None:
                if read >= self.policy.max_pages:
                    cut[key] = (
                        f"more than {self.policy.max_pages} pages: the later ones were not read"
                    )
                    return
                raw = await fetcher.get(url, token=planned.token, budget=budget, what=key)
                pages.setdefault(key, []).append(raw)
                read += 1
                following, problem = await self.run(_page, raw)
                if problem is not None:
                    raise FetchError(f"{key}: {problem}")
                if following is None:
                    return
                url = urllib.parse.urljoin(url, following)
                try:
                    check_url(self.policy, url)
                except PolicyError:
                    raise PolicyError(
                        f"{key}: fetch policy: a next link off the configured prefixes was refused",
                        status=502,
                    ) from None

        try:
            async with asyncio.TaskGroup() as group:
                for key, url, read in starts:
                    group.create_task(one(key, url, read))
        except ExceptionGroup as group:  # the first fetch that failed speaks for the call
            failed = [e for e in group.exceptions if isinstance(e, FetchError)]
            if not failed:
                raise
            raise failed[0] from None
        return pages, cut


def _json(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status, headers=headers or None)


async def _read_body(request: Request, limit: int) -> bytes | JSONResponse:
    """The body, refused from ``Content-Length`` or as soon as the stream passes ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            return _json(400, "Content-Length: expected a whole number")
        if int(declared) > limit:
            return _json(413, f"request body over {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return _json(413, f"request body over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _json_content(request: Request) -> bool:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("application/json", "application/fhir+json")


def create_app(settings: ServiceSettings | None = None) -> Starlette:
    """The ASGI application for ``settings`` (checked; default: ``--no-auth`` on loopback).

    Raises:
        InputError: the settings cannot be used, or a trusted client's JWKS file cannot be read.

    >>> create_app().state.service.settings.no_auth
    True
    """
    settings = (settings or ServiceSettings(no_auth=True)).checked()
    verifier = (
        None
        if settings.no_auth
        else Verifier(settings.trusted_clients, cache_seconds=settings.jwks_cache)
    )
    service = _Service(
        settings=settings,
        at=parse_time(settings.at) if settings.at is not None else None,
        policy=settings.policy(),
        verifier=verifier,
    )
    public = settings.url

    async def authenticate(request: Request, *paths: str) -> dict[str, Any] | JSONResponse:
        if service.verifier is None:
            return {}
        audience = [public + path for path in paths]
        try:
            return await service.verifier.verify(request.headers.get("authorization"), audience)
        except UnauthorizedError as exc:
            _log("refused", path=request.url.path, status=401, reason=exc.reason)
            return _json(401, "invalid token", **{"WWW-Authenticate": "Bearer"})

    async def services(request: Request) -> Response:
        return JSONResponse(cdshooks.discovery())

    async def call(request: Request) -> Response:
        started = time.perf_counter()
        service_id = request.path_params["service_id"]
        caller = await authenticate(request, request.url.path)
        if isinstance(caller, JSONResponse):
            return caller
        if not _json_content(request):
            return _json(415, "Content-Type: expected application/json")
        body = await _read_body(request, settings.max_body)
        if isinstance(body, JSONResponse):
            _log("call", service=service_id, status=body.status_code)
            return body
        status, payload = await answer_call(service_id, body)
        _log(
            "call",
            service=service_id,
            status=status,
            caller=caller.get("iss"),
            ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return Response(payload, status, media_type="application/json")

    async def answer_call(service_id: str, body: bytes) -> tuple[int, bytes]:
        assert service.in_progress is not None
        if service.in_progress.locked():
            return 503, _dumps({"error": f"busy: {settings.max_calls} calls in progress"})
        async with service.in_progress:
            try:
                async with asyncio.timeout(settings.deadline):
                    first = await service.run(
                        _first, service_id, body, service.at, settings.options
                    )
                    if not isinstance(first, cdshooks.Plan):
                        return first
                    pages, cut = await service.fetch_pages(first)
                    return await service.run(
                        _second, service_id, body, pages, cut, service.at, settings.options
                    )
            except TimeoutError:
                return _error_bytes(
                    504, f"the call did not finish within its deadline of {settings.deadline:g} s"
                )
            except FetchError as exc:
                return _error_bytes(exc.status, str(exc))

    async def feedback(request: Request) -> Response:
        service_id = request.path_params["service_id"]
        path = request.url.path
        caller = await authenticate(request, path, path.removesuffix("/feedback"))
        if isinstance(caller, JSONResponse):
            return caller
        if service_id not in cdshooks.SERVICES:
            return _json(404, "no such service; see /cds-services")
        if not _json_content(request):
            return _json(415, "Content-Type: expected application/json")
        body = await _read_body(request, settings.max_body)
        if isinstance(body, JSONResponse):
            return body
        try:
            data = await asyncio.to_thread(_parse_request, body)
        except InputError as exc:
            return _json(400, "request body: " + "; ".join(exc.errors)[:500])
        items = data.get("feedback") if isinstance(data, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return _json(400, "feedback: expected a list of objects")
        for item in items:
            if not isinstance(item.get("card"), str) or item.get("outcome") not in (
                "accepted",
                "overridden",
            ):
                return _json(
                    400, "feedback[]: card (a uuid) and outcome (accepted|overridden) required"
                )
        for item in items:
            _log(
                "feedback",
                service=service_id,
                caller=caller.get("iss"),
                card=item["card"],
                outcome=item["outcome"],
                overrideReason=item.get("overrideReason"),
                acceptedSuggestions=item.get("acceptedSuggestions"),
                outcomeTimestamp=item.get("outcomeTimestamp"),
            )
        return JSONResponse({}, 200)

    async def on_error(request: Request, exc: Exception) -> Response:
        _log("error", path=request.url.path, error=type(exc).__name__)
        return _json(500, "internal error; the request was not evaluated")

    async def not_found(request: Request, exc: Exception) -> Response:
        return _json(404, "no such route; see /cds-services")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return _json(405, f"method {request.method[:10]} not allowed here")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    middleware = [Middleware(_HostCheck, allowed=_allowed_hosts(public))]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        )
    app = Starlette(
        routes=[
            Route("/cds-services", services, methods=["GET"]),
            Route("/cds-services/{service_id}", call, methods=["POST"]),
            Route("/cds-services/{service_id}/feedback", feedback, methods=["POST"]),
        ],
        middleware=middleware,
        exception_handlers={Exception: on_error, 404: not_found, 405: not_allowed},
        lifespan=lifespan,
    )
    app.state.service = service
    return app


def run(settings: ServiceSettings) -> None:
    """Serve until interrupted (uvicorn); logs go to stderr as JSON lines.

    Raises:
        InputError: the settings cannot be used (nothing is started).

    >>> import inspect
    >>> list(inspect.signature(run).parameters)
    ['settings']
    """
    import uvicorn

    app = create_app(settings)
    settings = app.state.service.settings
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    _log(
        "start",
        host=settings.host,
        port=settings.port,
        public_url=settings.url,
        at=settings.at,
        trusted_clients=[c.issuer for c in settings.trusted_clients],
        fhir_servers=list(settings.policy().prefixes),
        workers=settings.workers,
    )
    if settings.no_auth:
        _log(
            "warning",
            message="--no-auth: callers are not authenticated; for local tests on loopback only",
        )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_keep_alive=5,
        limit_concurrency=settings.max_calls * 2 + 32,
    )
