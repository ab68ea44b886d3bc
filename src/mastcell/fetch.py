"""The fetch policy of ``mastcell serve``: which FHIR URLs it may GET, with what, and how much.

A CDS Hooks call names its own ``fhirServer`` and hands over a bearer token; a service that
fetched whatever it is told becomes a port scanner and a token leak. So a URL is fetched only
when it lies under a configured prefix (``mastcell serve --fhir-server PREFIX``), with https
(plain http only for a loopback server of a ``--no-auth`` service on loopback), no user
information, no ``.`` or ``..`` path segment. Redirects and search-set ``next`` links are
checked the same way before they are followed, so the token never leaves the prefixes. Each
response is read in chunks against a byte budget shared by the whole call, and the caller
puts a deadline on the whole call. Errors name the policy or the HTTP status, never what the
upstream server sent.

:func:`check_url` is pure; :class:`Fetcher` (async, httpx) needs the ``serve`` extra.

>>> policy = FetchPolicy(prefixes=("https://fhir.example.org/r4",))
>>> check_url(policy, "https://fhir.example.org/r4/Patient/p1")
'https://fhir.example.org/r4'
>>> check_url(policy, "file:///etc/shadow#")
Traceback (most recent call last):
...
mastcell.fetch.PolicyError: fetch policy: only https URLs are fetched
"""

from __future__ import annotations

import ipaddress
import re
import ssl
import urllib.parse
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from mastcell.exceptions import InputError, MastcellError

if TYPE_CHECKING:
    import httpx

__all__ = [
    "DEFAULT_FETCH_BYTES",
    "DEFAULT_MAX_PAGES",
    "MAX_REDIRECTS",
    "Budget",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "PolicyError",
    "check_prefix",
    "check_url",
    "is_loopback",
    "prefixes_of",
]

#: Bytes fetched for one call, all searches and pages together (``--fetch-max-bytes``).
DEFAULT_FETCH_BYTES = 32 * 1024 * 1024
#: Pages read per search (``--max-pages``); a card says when more existed.
DEFAULT_MAX_PAGES = 20
#: Redirects followed per GET, each checked against the prefixes.
MAX_REDIRECTS = 3


class FetchError(MastcellError):
    """A FHIR fetch that failed; ``status`` is the HTTP status the service answers with.

    The message names the prefetch key and the policy or HTTP status, never upstream content.

    >>> FetchError("observations: the FHIR server answered HTTP 500", status=502).status
    502
    """

    def __init__(self, message: str, *, status: int = 502) -> None:
        super().__init__(message)
        self.status = status


class PolicyError(FetchError):
    """A URL the fetch policy refuses (answered before any connection is made).

    >>> PolicyError("fetch policy: only https URLs are fetched").status
    403
    """

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message, status=status)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address or ``localhost``.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("10.0.0.1")
    (True, True, False)
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


_BAD_CHARACTERS = re.compile(r"[\x00-\x20\x7f\\]")
_DOT_SEGMENT = re.compile(r"(?:^|/)(?:\.|%2e){1,2}(?:/|$)", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class _Place:
    scheme: str
    host: str
    port: int
    path: str


def _place(url: str, *, allow_http: bool) -> _Place:
    """The scheme, host, port and path of a URL the policy could fetch, or a PolicyError."""
    if not isinstance(url, str) or not url or len(url) > 4096 or _BAD_CHARACTERS.search(url):
        raise PolicyError("fetch policy: not a well-formed URL")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        raise PolicyError("fetch policy: not a well-formed URL") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme == "http":
        if not allow_http or not is_loopback(host):
            raise PolicyError(
                "fetch policy: only https URLs are fetched (plain http only on loopback, "
                "for a --no-auth service)"
            )
    elif scheme != "https":
        raise PolicyError("fetch policy: only https URLs are fetched")
    if not host:
        raise PolicyError("fetch policy: the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise PolicyError("fetch policy: URLs with user information are not fetched")
    if _DOT_SEGMENT.search(parts.path):
        raise PolicyError("fetch policy: URLs with . or .. path segments are not fetched")
    default = 443 if scheme == "https" else 80
    return _Place(scheme=scheme, host=host, port=port or default, path=parts.path or "/")


def check_prefix(prefix: str, *, allow_http: bool = False) -> str:
    """A ``--fhir-server`` prefix, checked (absolute, https, no query or fragment) and without a final ``/``.

    Raises:
        InputError: the prefix cannot be used, naming ``--fhir-server``.

    >>> check_prefix("https://fhir.example.org/r4/")
    'https://fhir.example.org/r4'
    >>> check_prefix("http://fhir.example.org/r4")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: --fhir-server: 'http://fhir.example.org/r4': fetch policy: only https URLs are fetched (plain http only on loopback, for a --no-auth service)
    """
    try:
        _place(prefix, allow_http=allow_http)
    except PolicyError as exc:
        raise InputError.for_field("--fhir-server", f"{prefix!r}: {exc}") from None
    parts = urllib.parse.urlsplit(prefix)
    if parts.query or parts.fragment or prefix.endswith(("?", "#")):
        raise InputError.for_field("--fhir-server", f"{prefix!r}: no query or fragment")
    return prefix.rstrip("/")


@attrs.frozen(kw_only=True)
class FetchPolicy:
    """What ``mastcell serve`` may fetch: URL prefixes, schemes and sizes.

    >>> FetchPolicy().prefixes, FetchPolicy().max_pages
    ((), 20)
    """

    #: FHIR base URLs under which fetching is allowed (none: nothing is fetched).
    prefixes: tuple[str, ...] = ()
    #: Plain http to a loopback server (only for a ``--no-auth`` service on loopback).
    allow_http: bool = False
    #: Bytes fetched for one call, every search and page together.
    max_bytes: int = DEFAULT_FETCH_BYTES
    #: Pages read per search.
    max_pages: int = DEFAULT_MAX_PAGES
    #: Seconds to connect, and between two reads of one response (the call's deadline is
    #: the caller's).
    timeout: float = 10.0
    #: A PEM file of certificate authorities to trust instead of the system's.
    ca_bundle: str | None = None

    def __attrs_post_init__(self) -> None:
        for prefix in self.prefixes:
            check_prefix(prefix, allow_http=self.allow_http)


def check_url(policy: FetchPolicy, url: str) -> str:
    """The configured prefix ``url`` lies under, or a :class:`PolicyError` saying why not.

    A prefix matches on scheme, host and port exactly and on whole path segments.

    >>> policy = FetchPolicy(prefixes=("https://fhir.example.org/r4",))
    >>> check_url(policy, "https://fhir.example.org/r4-admin/x")
    Traceback (most recent call last):
    ...
    mastcell.fetch.PolicyError: fetch policy: the URL is not under a configured --fhir-server prefix
    """
    place = _place(url, allow_http=policy.allow_http)
    for prefix in policy.prefixes:
        allowed = _place(prefix, allow_http=policy.allow_http)
        if (place.scheme, place.host, place.port) != (allowed.scheme, allowed.host, allowed.port):
            continue
        root = allowed.path.rstrip("/")
        if place.path == root or place.path.startswith(root + "/"):
            return prefix
    raise PolicyError("fetch policy: the URL is not under a configured --fhir-server prefix")


@attrs.define
class Budget:
    """The bytes one call may still fetch.

    >>> b = Budget(remaining=10); b.spend(4); b.remaining
    6
    """

    remaining: int

    def spend(self, count: int) -> None:
        """Take ``count`` bytes, or raise :class:`FetchError` (HTTP 502) when over the cap."""
        self.remaining -= count
        if self.remaining < 0:
            raise FetchError(
                "fetch policy: the FHIR server's answers exceeded the response size cap "
                "(--fetch-max-bytes)"
            )


def _ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=ca_bundle)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class Fetcher:
    """GETs FHIR JSON under a :class:`FetchPolicy` (async, httpx); one per service.

    No redirect is followed blindly, no proxy or ``.netrc`` from the environment is used, and
    the bearer token goes only to URLs the policy allows.

    >>> import asyncio
    >>> async def refused() -> None:
    ...     fetcher = Fetcher(FetchPolicy())
    ...     try:
    ...         await fetcher.get("https://x.example/fhir/Patient/1", token="t",
    ...                           budget=Budget(remaining=10), what="patient")
    ...     finally:
    ...         await fetcher.close()
    >>> asyncio.run(refused())
    Traceback (most recent call last):
    ...
    mastcell.fetch.PolicyError: fetch policy: the URL is not under a configured --fhir-server prefix
    """

    def __init__(self, policy: FetchPolicy) -> None:
        """Open the connection pool (closed by :meth:`close`)."""
        try:
            import httpx
        except ImportError as exc:  # pragma: no cover - the serve extra is installed in tests
            raise MastcellError(
                "fetching FHIR needs the serve extra: pip install 'mastcell[serve]'"
            ) from exc
        self.policy = policy
        self._httpx = httpx
        self.client: httpx.AsyncClient = httpx.AsyncClient(
            verify=_ssl_context(policy.ca_bundle),
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(policy.timeout),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
        )

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def get(
        self,
        url: str,
        *,
        token: str | None,
        budget: Budget,
        what: str,
        check: bool = True,
        accept: str = "application/fhir+json, application/json",
    ) -> bytes:
        """The body of ``GET url`` (status 200), following checked redirects, within ``budget``.

        Args:
            url: the URL; checked against the policy unless ``check`` is false (a JWKS URL the
                operator configured).
            token: a bearer token to send (only ever to a URL the policy allows).
            budget: the call's remaining bytes.
            what: what is fetched, for error messages (a prefetch key).
            check: check ``url`` and every redirect against the prefixes.
            accept: the ``Accept`` header.

        Raises:
            PolicyError: the URL or a redirect is outside the policy.
            FetchError: the server could not be reached, answered another status, or sent
                more than the budget.
        """
        httpx = self._httpx
        if check:
            check_url(self.policy, url)
        for _ in range(MAX_REDIRECTS + 1):
            headers = {"Accept": accept}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            try:
                async with self.client.stream("GET", url, headers=headers) as answer:
                    if answer.is_redirect:
                        target = answer.headers.get("location", "")
                        url = urllib.parse.urljoin(url, target)
                        if check:
                            try:
                                check_url(self.policy, url)
                            except PolicyError:
                                raise PolicyError(
                                    f"{what}: fetch policy: a redirect off the configured "
                                    "prefixes was refused",
                                    status=502,
                                ) from None
                        else:
                            raise FetchError(f"{what}: redirects are not followed")
                        continue
                    if answer.status_code != 200:
                        raise FetchError(
                            f"{what}: the FHIR server answered HTTP {answer.status_code}"
                        )
                    return await _read(answer, budget, what)
            except httpx.TimeoutException:
                raise FetchError(
                    f"{what}: the FHIR server did not answer in time", status=504
                ) from None
            except httpx.HTTPError as exc:
                raise FetchError(
                    f"{what}: the FHIR server could not be reached ({type(exc).__name__})"
                ) from None
        raise FetchError(f"{what}: more than {MAX_REDIRECTS} redirects")


async def _read(answer: httpx.Response, budget: Budget, what: str) -> bytes:
    declared = answer.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > budget.remaining:
        budget.spend(int(declared))
    chunks: list[bytes] = []
    async for chunk in answer.aiter_bytes():
        budget.spend(len(chunk))
        chunks.append(chunk)
    return b"".join(chunks)


def prefixes_of(values: Iterable[str], *, allow_http: bool) -> tuple[str, ...]:
    """Every ``--fhir-server`` prefix checked, in order, duplicates dropped.

    >>> prefixes_of(["https://a.example/fhir/", "https://a.example/fhir"], allow_http=False)
    ('https://a.example/fhir',)
    """
    out: dict[str, None] = {}
    for value in values:
        out.setdefault(check_prefix(value, allow_http=allow_http))
    return tuple(out)
