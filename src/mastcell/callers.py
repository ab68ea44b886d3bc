"""Who may call ``mastcell serve``: CDS clients that sign a JWT (CDS Hooks 2.0, "Trusting CDS Clients").

A deployment names its trusted clients, each an issuer and its JSON Web Key Set:
``mastcell serve --trusted-client ISS=JWKS`` (JWKS a file, or an https URL fetched under the
fetch policy and cached). Every hook call then carries ``Authorization: Bearer <JWT>``, and
:class:`Verifier` accepts it only when, with PyJWT (a maintained JOSE library; no crypto here):

- the header's ``alg`` is asymmetric (ES256/384/512, RS256/384/512, PS256/384/512): ``none``
  and HMAC are refused, whatever key they name;
- ``iss`` is a trusted client's and ``kid`` a key of that client's set, of a type that fits the
  algorithm (a symmetric ``oct`` key is never used);
- the signature verifies with that key;
- ``aud`` is the URL the client called (``--public-url`` followed by ``/cds-services/ID``);
- ``exp`` is in the future, ``iat`` is present and not in the future, and the token lives at
  most five minutes (:data:`MAX_LIFETIME`);
- ``jti`` was not seen before within its lifetime (a replay).

Any failure is :class:`UnauthorizedError` with the one message ``invalid token``; which check failed
goes to the service's log only.

>>> sorted(ALGORITHMS)[:3]
['ES256', 'ES384', 'ES512']
>>> TrustedClient.parse("https://ehr.example.org=/etc/mastcell/ehr-jwks.json").issuer
'https://ehr.example.org'
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from mastcell.exceptions import InputError, MastcellError

__all__ = [
    "ALGORITHMS",
    "JWKS_LIMIT",
    "LEEWAY",
    "MAX_LIFETIME",
    "KeySet",
    "TrustedClient",
    "UnauthorizedError",
    "Verifier",
]

#: Signature algorithms accepted: asymmetric only (CDS Hooks names ES384 and RS384).
ALGORITHMS = frozenset(
    {"ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
)
#: The longest a token may live, ``exp - iat`` (CDS Hooks: "no more than 5 minutes").
MAX_LIFETIME = 300
#: Seconds of clock difference tolerated on ``exp`` and ``iat``.
LEEWAY = 10
#: The largest JWKS read, from a file or a URL.
JWKS_LIMIT = 256 * 1024
#: The most ``jti`` values remembered at once; beyond it tokens are refused (fail closed).
MAX_REMEMBERED = 1_000_000

_KEY_TYPES = {"ES": "EC", "RS": "RSA", "PS": "RSA"}
_CURVES = {"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}


class UnauthorizedError(MastcellError):
    """A call whose token was refused; the message is always ``invalid token``, ``reason`` says why.

    >>> str(UnauthorizedError("expired"))
    'invalid token'
    """

    def __init__(self, reason: str) -> None:
        super().__init__("invalid token")
        self.reason = reason


@attrs.frozen(kw_only=True)
class TrustedClient:
    """A CDS client allowed to call: its issuer (``iss``) and where its public keys are.

    >>> TrustedClient.parse("https://ehr.example.org=https://ehr.example.org/jwks").jwks
    'https://ehr.example.org/jwks'
    """

    issuer: str
    #: A JWKS file path, or an https URL.
    jwks: str

    @property
    def is_url(self) -> bool:
        """Whether the key set is fetched from a URL (else read from a file)."""
        return self.jwks.lower().startswith(("https://", "http://"))

    @classmethod
    def parse(cls, text: str) -> TrustedClient:
        """``ISS=JWKS`` as given to ``--trusted-client`` (split at the first ``=``).

        Raises:
            InputError: no ``=``, an empty side, or a JWKS URL that is not https.

        >>> TrustedClient.parse("ehr")
        Traceback (most recent call last):
        ...
        mastcell.exceptions.InputError: --trusted-client: expected ISS=JWKS (a JWKS file or https URL), got 'ehr'
        """
        issuer, sep, jwks = text.partition("=")
        if not sep or not issuer.strip() or not jwks.strip():
            raise InputError.for_field(
                "--trusted-client", f"expected ISS=JWKS (a JWKS file or https URL), got {text!r}"
            )
        client = cls(issuer=issuer.strip(), jwks=jwks.strip())
        if client.is_url and not client.jwks.lower().startswith("https://"):
            raise InputError.for_field(
                "--trusted-client", f"{issuer}: a JWKS URL must be https, got {client.jwks!r}"
            )
        return client


def _keys_of(data: Any, where: str) -> dict[str, dict[str, Any]]:
    """The usable public keys of a JWKS document, by ``kid``."""
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list):
        raise InputError.for_field(where, "not a JSON Web Key Set (no keys list)")
    out: dict[str, dict[str, Any]] = {}
    for key in keys:
        if not isinstance(key, dict):
            raise InputError.for_field(where, "a key is not a JSON object")
        if key.get("kty") not in ("EC", "RSA"):
            raise InputError.for_field(
                where, f"key type {key.get('kty')!r} refused: only EC and RSA public keys"
            )
        if any(part in key for part in ("d", "p", "q")):
            raise InputError.for_field(where, "holds a private key: give the public keys only")
        kid = key.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InputError.for_field(where, "every key needs a kid")
        out[kid] = key
    return out


@attrs.define
class KeySet:
    """One trusted client's keys, with when they were fetched (URL sets are re-fetched).

    >>> KeySet(client=TrustedClient(issuer="i", jwks="https://i/jwks")).keys
    {}
    """

    client: TrustedClient
    keys: dict[str, dict[str, Any]] = attrs.Factory(dict)
    fetched: float = -1e18
    attempted: float = -1e18
    #: Why the last fetch failed (for the log), if it did.
    error: str | None = None
    lock: asyncio.Lock = attrs.Factory(asyncio.Lock)

    @classmethod
    def from_file(cls, client: TrustedClient) -> KeySet:
        """Read a client's JWKS file now (start-up): an error names the client.

        Raises:
            InputError: unreadable, too large, not a JWKS, or holding a key that is refused.
        """
        where = f"--trusted-client {client.issuer}"
        try:
            with Path(client.jwks).open("rb") as handle:
                raw = handle.read(JWKS_LIMIT + 1)
        except OSError as exc:
            raise InputError.for_field(
                where, f"cannot read the JWKS file: {exc.strerror}"
            ) from None
        if len(raw) > JWKS_LIMIT:
            raise InputError.for_field(where, f"the JWKS file is over {JWKS_LIMIT} bytes")
        try:
            data = json.loads(raw)
        except ValueError:
            raise InputError.for_field(where, "the JWKS file is not JSON") from None
        return cls(client=client, keys=_keys_of(data, where), fetched=time.monotonic())


Fetch = Callable[[str], Awaitable[bytes]]


class Verifier:
    """Verifies the bearer JWT of a call (see the module's list of checks).

    >>> import asyncio
    >>> asyncio.run(Verifier([]).verify("Bearer not.a.jwt", ["http://127.0.0.1:8080/x"]))
    Traceback (most recent call last):
    ...
    mastcell.callers.UnauthorizedError: invalid token

    Args:
        clients: the trusted clients.
        fetch: ``url -> bytes`` for JWKS URLs (the service's policy-bound fetcher).
        cache_seconds: how long a fetched JWKS is used before it is fetched again.
        clock: seconds since the epoch (tests pass their own).
    """

    def __init__(
        self,
        clients: Sequence[TrustedClient],
        *,
        fetch: Fetch | None = None,
        cache_seconds: float = 600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Read every JWKS file now; URL key sets are fetched on first use."""
        try:
            import jwt
        except ImportError as exc:  # pragma: no cover - the serve extra is installed in tests
            raise MastcellError(
                "caller authentication needs the serve extra: pip install 'mastcell[serve]'"
            ) from exc
        self._jwt = jwt
        self.sets: dict[str, KeySet] = {}
        for client in clients:
            if client.issuer in self.sets:
                raise InputError.for_field(
                    "--trusted-client", f"{client.issuer}: given more than once"
                )
            self.sets[client.issuer] = (
                KeySet(client=client) if client.is_url else KeySet.from_file(client)
            )
        self.fetch = fetch
        self.cache_seconds = cache_seconds
        self.clock = clock
        self.seen: dict[tuple[str, str], float] = {}

    async def _key(self, keys: KeySet, kid: str) -> Mapping[str, Any]:
        if keys.client.is_url:
            async with keys.lock:  # one fetch at a time; the others then use its keys
                now = time.monotonic()
                due = not keys.keys or kid not in keys.keys
                due = due or now - keys.fetched > self.cache_seconds
                # At most one fetch a minute (5 s while no key is held): an unknown kid may be
                # a rotated key, but a stream of made-up kids must not become a stream of GETs.
                if due and now - keys.attempted > (60 if keys.keys else 5):
                    await self._refresh(keys, now)
                if now - keys.fetched > 2 * self.cache_seconds:
                    raise UnauthorizedError(
                        f"the JWKS of {keys.client.issuer} could not be refreshed"
                    )
        key = keys.keys.get(kid)
        if key is None:
            raise UnauthorizedError(f"unknown kid {kid!r} for {keys.client.issuer}")
        return key

    async def _refresh(self, keys: KeySet, now: float) -> None:
        keys.attempted = now
        if self.fetch is None:
            return
        try:
            raw = await self.fetch(keys.client.jwks)
            keys.keys = _keys_of(json.loads(raw), f"JWKS of {keys.client.issuer}")
            keys.fetched = now
        except (MastcellError, ValueError) as exc:
            # The keys held stay in use, up to twice the cache time.
            keys.error = str(exc)

    async def verify(self, authorization: str | None, audience: Sequence[str]) -> dict[str, Any]:
        """The verified claims of ``Authorization: Bearer <JWT>`` for a call to one of ``audience``.

        Raises:
            UnauthorizedError: any check failed (``reason`` says which, for the log).
        """
        jwt = self._jwt
        if not authorization or not authorization.startswith("Bearer "):
            raise UnauthorizedError("no bearer token")
        token = authorization[len("Bearer ") :].strip()
        if len(token) > 16384:
            raise UnauthorizedError("token too long")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise UnauthorizedError("not a JWT") from None
        alg = header.get("alg")
        if alg not in ALGORITHMS:
            raise UnauthorizedError(f"algorithm {alg!r} refused")
        issuer = unverified.get("iss")
        keys = self.sets.get(issuer) if isinstance(issuer, str) else None
        if keys is None:
            raise UnauthorizedError(f"issuer {issuer!r} is not trusted")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise UnauthorizedError("no kid")
        jwk = await self._key(keys, kid)
        if jwk.get("kty") != _KEY_TYPES[alg[:2]] or jwk.get("alg", alg) != alg:
            raise UnauthorizedError(f"key {kid!r} does not fit {alg}")
        if alg in _CURVES and jwk.get("crv") != _CURVES[alg]:
            raise UnauthorizedError(f"key {kid!r} is not on the curve of {alg}")
        try:
            key = jwt.PyJWK(dict(jwk), algorithm=alg)
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                audience=list(audience),
                issuer=issuer,
                leeway=LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "jti"]},
            )
        except jwt.PyJWTError as exc:
            raise UnauthorizedError(f"{type(exc).__name__}: {exc}") from None
        now = self.clock()
        expires, issued = claims["exp"], claims["iat"]
        if not isinstance(expires, int | float) or not isinstance(issued, int | float):
            raise UnauthorizedError("exp and iat must be numbers")
        if expires - issued > MAX_LIFETIME or expires - now > MAX_LIFETIME + LEEWAY:
            raise UnauthorizedError("lifetime over five minutes")
        if issued > now + LEEWAY:
            raise UnauthorizedError("issued in the future")
        jti = claims["jti"]
        if not isinstance(jti, str) or not jti:
            raise UnauthorizedError("jti must be a non-empty string")
        self._remember(issuer, jti, float(expires), now)
        return claims

    def _remember(self, issuer: str, jti: str, expires: float, now: float) -> None:
        """Refuse a ``jti`` seen before within its lifetime; forget expired ones."""
        seen = self.seen
        known = seen.get((issuer, jti))
        if known is not None and known + LEEWAY >= now:
            raise UnauthorizedError("jti replayed")
        if len(seen) >= 1024 and len(seen) % 1024 == 0:
            for entry, until in list(seen.items()):
                if until + LEEWAY < now:
                    del seen[entry]
        if len(seen) >= MAX_REMEMBERED:
            raise UnauthorizedError("too many live tokens remembered")
        seen[(issuer, jti)] = expires
