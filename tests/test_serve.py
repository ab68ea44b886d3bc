"""End-to-end: real `mastcell serve` processes on loopback (S151), as an EHR and an attacker call them.

Two services are started per module: ``open`` (``--no-auth`` on loopback, fetching from a
local FHIR server that is slow, huge, redirecting, paged and hostile) and ``guarded`` (trusted
clients with ES384 and RS384 keys made here, one JWKS from a file and one from an https URL).
A listener on loopback records every connection: the URLs the fetch policy refuses must
leave it untouched, and the caller's token must never reach it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from serve_helpers import (
    AT,
    MARKER,
    FhirHandler,
    Listener,
    Service,
    Signer,
    bundle,
    call,
    fhir_server,
    https_jwks,
    service,
)
from test_cdshooks import check_response, request

TOKEN = {
    "access_token": "fhir-token-5d1e",
    "token_type": "Bearer",
    "expires_in": 300,
    "scope": "patient/*.read",
    "subject": "mastcell",
}

PREFIXES = ("fhir", "slow", "huge", "redirect-off", "redirect-in", "paged", "next-off",
            "hostile", "other-patient", "twice")  # fmt: skip


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


@pytest.fixture(scope="module")
def fhir(listener: Listener) -> Iterator[str]:
    with fhir_server(request()["prefetch"], listener.port) as base:
        yield base


@pytest.fixture(scope="module")
def open_service(tmp_path_factory: pytest.TempPathFactory, fhir: str) -> Iterator[Service]:
    """--no-auth on loopback; every test prefix of the FHIR server allowed; small caps."""
    args = ["--at", AT, "--no-auth", "--workers", "1", "--deadline", "3",
            "--fetch-max-bytes", "2000000", "--max-pages", "3", "--max-body", "1000000"]  # fmt: skip
    for prefix in PREFIXES:
        args += ["--fhir-server", f"{fhir}/{prefix}"]
    with service(args, tmp_path_factory.mktemp("open")) as started:
        yield started


def fetching(fhir_base: str, **extra: Any) -> dict[str, Any]:
    """A request with no prefetch, to be fetched from ``fhir_base``."""
    body = request(fhirServer=fhir_base, fhirAuthorization=TOKEN, **extra)
    del body["prefetch"]
    return body


class TestLocalService:
    """The service as a local test starts it: `--no-auth` on 127.0.0.1."""

    def test_discovery_without_cors(self, open_service: Service) -> None:
        """Discovery answers; no CORS header for any origin unless origins are configured."""
        status, body, headers = call(
            open_service.base + "/cds-services", headers={"Origin": "https://evil.example"}
        )
        assert status == 200
        assert len(body["services"]) == 3
        assert "access-control-allow-origin" not in {k.lower() for k in headers}

    def test_patient_view(self, open_service: Service) -> None:
        """A patient-view call answers schema-valid cards, stating mastcell's default options."""
        status, body, _ = call(open_service.url(), request())
        assert status == 200
        check_response(body)
        assert body["cards"]
        assert all(c["detail"].endswith("*Options: mastcell's defaults.*") for c in body["cards"])

    def test_412_without_prefetch_or_server(self, open_service: Service) -> None:
        """No prefetch and nothing to fetch from: HTTP 412."""
        body = request()
        del body["prefetch"]
        status, answer, _ = call(open_service.url(), body)
        assert status == 412
        assert "fhirServer" in answer["error"]

    def test_fetch_from_allowed_server(self, open_service: Service, fhir: str) -> None:
        """Missing prefetch is fetched under the allowed prefix with the bearer token."""
        FhirHandler.seen.clear()
        status, answer, _ = call(open_service.url(), fetching(f"{fhir}/fhir"))
        assert status == 200
        assert {auth for _, auth in FhirHandler.seen} == {"Bearer fhir-token-5d1e"}
        assert len(FhirHandler.seen) == 8
        observation_query = next(p for p, _ in FhirHandler.seen if "/Observation" in p)
        assert "_sort=-date" in observation_query
        assert "751-8" in observation_query
        direct = call(open_service.url(), request())[1]
        assert answer == direct

    def test_text_plain_refused(self, open_service: Service) -> None:
        """A text/plain body (a browser's simple request) is refused with 415."""
        status, body, _ = call(
            open_service.url(),
            raw=json.dumps(request()).encode(),
            headers={"Content-Type": "text/plain"},
            method="POST",
        )
        assert status == 415
        assert body == {"error": "Content-Type: expected application/json"}

    def test_host_header_checked(self, open_service: Service) -> None:
        """A Host that is not the public URL's (DNS rebinding) answers 400."""
        status, body, _ = call(
            open_service.base + "/cds-services", headers={"Host": "attacker.example"}
        )
        assert status == 400
        assert "Host" in body["error"]

    @pytest.mark.parametrize(
        "raw",
        [
            b"{not json",
            b"[1, 2]",
            b"\xff\xfe",
            b"[" * 100_000 + b"]" * 100_000,
            b'{"hook": "order-select", "hook": "patient-view"}',
            b'{"hook": "patient-view", "context": {"patientId": "a", "patien\\u0074Id": "b"}}',
        ],
        ids=["malformed", "list", "not-utf8", "nested-100000", "key-twice", "escaped-key-twice"],
    )
    def test_malformed_is_json_400(self, open_service: Service, raw: bytes) -> None:
        """A malformed or absurdly nested body is a JSON 400 naming the problem, never a 500."""
        status, body, _ = call(open_service.url(), raw=raw, method="POST")
        assert status == 400
        assert "Traceback" not in json.dumps(body)
        assert body["error"]

    @pytest.mark.parametrize(
        "raw",
        [
            b'{"hook": "order-select", "hook": "patient-view"}',
            b'{"hook": "patient-view", "context": {"patientId": "a", "patien\\u0074Id": "b"}}',
            b'{"hook": "patient-view", "n": 123456789012345678901234, "n": 1}',
        ],
    )
    def test_a_key_given_twice_is_refused(self, open_service: Service, raw: bytes) -> None:
        """Not read as its last value: 400 saying so, without naming the key."""
        status, body, _ = call(open_service.url(), raw=raw, method="POST")
        assert status == 400
        assert body == {
            "error": "request body: (json): an object gives the same key more than once"
        }

    def test_feedback_logged_and_bounded(self, open_service: Service) -> None:
        """Feedback is logged as one JSON line; a 900 kB overrideReason is cut in the log."""
        feedback = {
            "feedback": [
                {
                    "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                    "outcome": "overridden",
                    "overrideReason": {
                        "reason": {"code": "patient-declined", "system": "urn:x"},
                        "userComment": "x" * 900_000,
                    },
                    "outcomeTimestamp": "2026-11-22T12:00:00Z",
                }
            ]
        }
        status, _, _ = call(open_service.url() + "/feedback", feedback)
        assert status == 200
        lines = open_service.log.read_text(encoding="utf-8").splitlines()
        assert max(len(line) for line in lines) < 4000
        logged = [json.loads(line) for line in lines if line.startswith("{")]
        entry = next(e for e in logged if e["event"] == "feedback")
        assert entry["outcome"] == "overridden"
        assert "characters, cut" in entry["overrideReason"]
        bad, _body, _ = call(open_service.url() + "/feedback", {"feedback": [{}]})
        assert bad == 400

    def test_no_auth_warned_at_start(self, open_service: Service) -> None:
        """Starting with --no-auth logs a warning."""
        assert any(
            e["event"] == "warning" and "--no-auth" in e["message"] for e in open_service.events()
        )

    def test_unknown_route(self, open_service: Service) -> None:
        """An unknown path is a JSON 404 that does not echo the path."""
        status, body, _ = call(open_service.base + "/nope-<script>")
        assert status == 404
        assert "script" not in body["error"]


class TestBodyLimit:
    """The body limit holds before buffering: from Content-Length, and while streaming."""

    def test_content_length_over_limit(self, open_service: Service) -> None:
        """A declared body over the limit is refused with 413 before it is read."""
        with socket.create_connection(("127.0.0.1", open_service.port), timeout=30) as s:
            s.sendall(
                b"POST /cds-services/mastcell-patient-view HTTP/1.1\r\n"
                b"Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                b"Content-Length: 300000000\r\n\r\n" % open_service.port
            )
            answer = s.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413")

    def test_chunked_stream_over_limit(self, open_service: Service) -> None:
        """A 40 MB chunked body is cut at the limit: 413, and the server's memory stays flat."""
        before = open_service.rss_kib()
        with socket.create_connection(("127.0.0.1", open_service.port), timeout=30) as s:
            s.sendall(
                b"POST /cds-services/mastcell-patient-view HTTP/1.1\r\n"
                b"Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" % open_service.port
            )
            chunk = b" " * (1024 * 1024)
            try:
                for _ in range(40):
                    s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the server answered and closed: what is wanted
            answer = s.recv(65536)
        assert answer.startswith(b"HTTP/1.1 413")
        assert open_service.rss_kib() - before < 20 * 1024


class TestFetchPolicy:
    """fhirServer is fetched only under a configured prefix; the listener sees nothing."""

    @pytest.mark.parametrize(
        "server",
        [
            "http://127.0.0.1:{port}/fhir",
            "https://127.0.0.1:{port}/fhir",
            "ftp://127.0.0.1:{port}/fhir",
            "file:///etc/shadow#",
            "http://127.0.0.1:{port}/",
            "http://user:pw@127.0.0.1:{port}/fhir",
        ],
    )
    def test_refused_before_any_connection(
        self, open_service: Service, listener: Listener, server: str
    ) -> None:
        """A URL outside the prefixes answers 403 naming the policy; no connection is made."""
        before = len(listener.connections)
        status, body, _ = call(open_service.url(), fetching(server.format(port=listener.port)))
        assert status == 403
        assert body["error"].startswith("fetch policy:")
        assert "shadow" not in body["error"]
        time.sleep(0.3)
        assert len(listener.connections) == before

    def test_lookalike_prefix_refused(self, open_service: Service, fhir: str) -> None:
        """`/fhir-admin` is not under `/fhir`, nor `..` paths that would climb out of it."""
        for server in (f"{fhir}/fhir-admin", f"{fhir}/fhir/../admin", f"{fhir}/fhir/%2e%2e/x"):
            status, _, _ = call(open_service.url(), fetching(server))
            assert status == 403, server

    def test_redirect_off_prefix_refused(
        self, open_service: Service, fhir: str, listener: Listener
    ) -> None:
        """A redirect to another host is not followed: 502 naming the policy; no token leaves."""
        before = len(listener.connections)
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/redirect-off"))
        assert status == 502
        assert "redirect off the configured prefixes" in body["error"]
        time.sleep(0.3)
        assert len(listener.connections) == before

    def test_redirect_within_prefixes_followed(self, open_service: Service, fhir: str) -> None:
        """A redirect to another allowed prefix is followed, with the token."""
        FhirHandler.seen.clear()
        status, _, _ = call(open_service.url(), fetching(f"{fhir}/redirect-in"))
        assert status == 200
        assert any(p.startswith("/fhir/") and a for p, a in FhirHandler.seen)

    def test_next_link_off_prefix_refused(
        self, open_service: Service, fhir: str, listener: Listener
    ) -> None:
        """A next link to another host is not followed: 502; the listener sees nothing."""
        before = len(listener.connections)
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/next-off"))
        assert status == 502
        assert "next link off the configured prefixes" in body["error"]
        time.sleep(0.3)
        assert len(listener.connections) == before

    def test_huge_answer_capped(self, open_service: Service, fhir: str) -> None:
        """A 40 MB answer is read only up to the cap (2 MB here): 502 naming the cap."""
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/huge"))
        assert status == 502
        assert "--fetch-max-bytes" in body["error"]

    def test_a_key_given_twice_upstream_is_refused(self, open_service: Service, fhir: str) -> None:
        """A fetched page giving a key twice is not read as either value: 502, nothing echoed."""
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/twice"))
        assert status == 502
        assert body["error"].endswith("the FHIR server's answer is not JSON mastcell reads")

    def test_hostile_content_never_echoed(self, open_service: Service, fhir: str) -> None:
        """An HTTP 500 page or non-JSON answer is named by status only; its text is not echoed."""
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/hostile"))
        assert status == 502
        assert MARKER not in json.dumps(body)
        assert "passwd" not in json.dumps(body)
        assert body["error"].startswith(("observations:", "conditions:"))
        assert MARKER not in open_service.log.read_text(encoding="utf-8")

    def test_fetched_records_of_another_patient_refused(
        self, open_service: Service, fhir: str
    ) -> None:
        """A FHIR server answering with another patient's Observation: 400, no cards."""
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/other-patient"))
        assert status == 400
        assert "another patient" in body["error"]
        assert "cards" not in body


class TestEveryPage:
    """Search-set next links are followed up to the cap; the card says when the cap cut data."""

    def _pages(self, count: int, anc_page: int) -> list[dict[str, Any]]:
        when = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
        pages: list[dict[str, Any]] = []
        for n in range(count):
            value = 0.4 if n == anc_page else 2.5
            pages.append(
                {
                    "resourceType": "Observation",
                    "id": f"anc{n}",
                    "status": "final",
                    "subject": {"reference": "Patient/p1"},
                    "code": {"coding": [{"system": "http://loinc.org", "code": "751-8"}]},
                    "valueQuantity": {
                        "value": value,
                        "unit": "10*9/L",
                        "system": "http://unitsofmeasure.org",
                        "code": "10*9/L",
                    },
                    "effectiveDateTime": (
                        when - dt.timedelta(hours=n if n != anc_page else -1)
                    ).isoformat(),
                }
            )
        return pages

    def test_anc_on_page_two_interrupts_midostaurin(self, open_service: Service, fhir: str) -> None:
        """The ANC of 0.4 on page 2 is read: the card interrupts midostaurin (critical)."""
        FhirHandler.pages["observations"] = self._pages(3, anc_page=1)
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/paged"))
        assert status == 200, body
        check_response(body)
        codes = {c["source"]["topic"]["code"]: c for c in body["cards"]}
        assert codes["cytopenia.midostaurin.interrupt"]["indicator"] == "critical"
        assert "Observation/anc1" in codes["cytopenia.midostaurin.interrupt"]["detail"]
        assert "inputs.incomplete" not in codes

    def test_page_cap_stated_on_a_card(self, open_service: Service, fhir: str) -> None:
        """More pages than --max-pages (3): the first 3 are read, a warning card says so."""
        FhirHandler.pages["observations"] = self._pages(6, anc_page=0)
        FhirHandler.seen.clear()
        status, body, _ = call(open_service.url(), fetching(f"{fhir}/paged"))
        assert status == 200
        assert sum("/paged/page/" in p for p, _ in FhirHandler.seen) == 2
        cut = next(c for c in body["cards"] if c["source"]["topic"]["code"] == "inputs.incomplete")
        assert cut["indicator"] == "warning"
        assert "observations: more than 3 pages" in cut["detail"]

    def test_prefetch_next_link_followed(self, open_service: Service, fhir: str) -> None:
        """A prefetched search-set with a next link: its later pages are fetched too."""
        FhirHandler.pages["observations"] = self._pages(3, anc_page=2)
        body = request(fhirServer=f"{fhir}/paged", fhirAuthorization=TOKEN)
        body["prefetch"]["observations"] = bundle(
            [FhirHandler.pages["observations"][0]], f"{fhir}/paged/page/1"
        )
        status, answer, _ = call(open_service.url(), body)
        assert status == 200
        codes = [c["source"]["topic"]["code"] for c in answer["cards"]]
        assert "cytopenia.midostaurin.interrupt" in codes


class TestNeverBlocks:
    """A slow FHIR server holds only its own call: discovery answers, the deadline holds."""

    def test_discovery_answers_while_a_call_waits(self, open_service: Service, fhir: str) -> None:
        """While a call waits on a 6 s FHIR server, discovery answers (and the call then 504s).

        Not a timed assertion: discovery must complete while the slow call is still pending;
        its latency is measured with a generous bound (the 200 ms figure is in
        benchmarks/serve_load.py and the benchmarks page).
        """
        result: dict[str, Any] = {}

        def slow() -> None:
            result["answer"] = call(open_service.url(), fetching(f"{fhir}/slow"))

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.5)
        latencies = []
        for _ in range(3):
            started = time.perf_counter()
            status, _, _ = call(open_service.base + "/cds-services", timeout=10)
            latencies.append(time.perf_counter() - started)
            assert status == 200
        still_waiting = thread.is_alive()
        thread.join(timeout=30)
        assert still_waiting
        assert min(latencies) < 2.0
        status, body, _ = result["answer"]
        assert status == 504
        assert "deadline of 3 s" in body["error"]


class TestRightPatient:
    """Cards are only ever about context.patientId."""

    def test_prefetch_about_another_patient(self, open_service: Service) -> None:
        """context.patientId p2 with prefetch about p1: 400, no cards."""
        body = request()
        body["context"]["patientId"] = "p2"
        status, answer, _ = call(open_service.url(), body)
        assert status == 400
        assert "not the context patient Patient/p2" in answer["error"]
        assert "cards" not in answer

    def test_suggestions_carry_the_context_patient(self, open_service: Service) -> None:
        """With every record about p2, a suggested order's subject is Patient/p2."""
        body = json.loads(json.dumps(request()).replace("p1", "p2"))
        body["context"]["patientId"] = "p2"
        status, answer, _ = call(open_service.url(), body)
        assert status == 200
        subjects = {
            action["resource"]["subject"]["reference"]
            for card in answer["cards"]
            for s in card.get("suggestions", [])
            for action in s["actions"]
        }
        assert subjects == {"Patient/p2"}

    def test_order_for_another_patient(self, open_service: Service) -> None:
        """An order-sign draft order whose subject is another patient: 400."""
        body = request("order-sign")
        order = copy.deepcopy(body["prefetch"]["medicationRequests"]["entry"][0]["resource"])
        order.update(id="draft1", status="draft", subject={"reference": "Patient/p9"})
        body["context"]["draftOrders"] = bundle([order])
        status, answer, _ = call(open_service.url("mastcell-order-sign"), body)
        assert status == 400
        assert "MedicationRequest/draft1" in answer["error"]

    def test_bidi_override_escaped_in_cards(self, open_service: Service) -> None:
        """A raw U+202E in a record reaches no card text: it is shown escaped."""
        body = request()
        entry = body["prefetch"]["medicationRequests"]["entry"][1]["resource"]
        entry["medicationCodeableConcept"]["text"] = "Little \u202epink\u2066 pill\x1b[2J"
        status, answer, _ = call(open_service.url(), body)
        assert status == 200
        text = json.dumps(answer, ensure_ascii=False)
        for bad in ("\u202e", "\u2066", "\x1b"):
            assert bad not in text
        assert "\\\\u202e" in json.dumps(answer)


# -- authentication --------------------------------------------------------------------------

ES = "https://ehr-es.example"
RS = "https://ehr-rs.example"
URLKEYS = "https://ehr-url.example"


@pytest.fixture(scope="module")
def signers() -> dict[str, Signer]:
    return {
        "es": Signer(ES, "ES384", "es-1"),
        "rs": Signer(RS, "RS384", "rs-1"),
        "url": Signer(URLKEYS, "ES384", "url-1"),
        "untrusted": Signer("https://evil.example", "ES384", "es-1"),
    }


@pytest.fixture(scope="module")
def guarded(
    tmp_path_factory: pytest.TempPathFactory, signers: dict[str, Signer]
) -> Iterator[Service]:
    """Trusted clients: ES384 and RS384 keys from files, ES384 from an https JWKS URL."""
    folder = tmp_path_factory.mktemp("guarded")
    for name in ("es", "rs"):
        (folder / f"{name}.json").write_text(json.dumps(signers[name].jwks()))
    (folder / "site.toml").write_text('[emergency]\nepinephrine_switch = "aap"\n')
    with https_jwks(signers["url"].jwks(), folder) as (jwks_url, ca_file):
        args = ["--at", AT, "--workers", "1", "--cors-origin", "https://ehr.example",
                "--options", str(folder / "site.toml"),
                "--trusted-client", f"{ES}={folder / 'es.json'}",
                "--trusted-client", f"{RS}={folder / 'rs.json'}",
                "--trusted-client", f"{URLKEYS}={jwks_url}", "--ca-bundle", str(ca_file)]  # fmt: skip
        with service(args, folder) as started:
            yield started


def _with(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class TestAuthentication:
    """Every hook call needs a JWT from a trusted client (CDS Hooks 2.0 security)."""

    def test_discovery_is_public(self, guarded: Service) -> None:
        """Discovery answers without a token."""
        assert call(guarded.base + "/cds-services")[0] == 200

    @pytest.mark.parametrize("name", ["es", "rs", "url"])
    def test_valid_token(self, guarded: Service, signers: dict[str, Signer], name: str) -> None:
        """A valid ES384 or RS384 token (file or URL key set) is accepted."""
        token = signers[name].token(guarded.url())
        status, body, _ = call(guarded.url(), request(), headers=_with(token))
        assert status == 200
        check_response(body)

    def _refused(self, guarded: Service, headers: dict[str, str]) -> None:
        status, body, response_headers = call(guarded.url(), request(), headers=headers)
        assert status == 401
        assert body == {"error": "invalid token"}
        assert response_headers.get("www-authenticate") == "Bearer"

    @pytest.mark.parametrize(
        "case",
        [
            "no header",
            "not a jwt",
            "expired",
            "wrong aud",
            "aud of another service",
            "untrusted iss",
            "unknown kid",
            "alg none",
            "hmac with the public key",
            "lifetime over five minutes",
            "no jti",
            "no iat",
            "rs key named with es alg",
        ],
    )
    def test_refused(self, guarded: Service, signers: dict[str, Signer], case: str) -> None:
        """Each broken token answers 401 with the same message, whatever check failed."""
        es, aud = signers["es"], guarded.url()
        now = int(time.time())
        tokens = {
            "not a jwt": "not.a.jwt",
            "expired": es.token(aud, exp=now - 60, iat=now - 120),
            "wrong aud": es.token("https://cds.example.org/cds-services/mastcell-patient-view"),
            "aud of another service": es.token(guarded.url("mastcell-order-sign")),
            "untrusted iss": signers["untrusted"].token(aud),
            "unknown kid": es.token(aud, kid="es-2"),
            "alg none": es.unsigned(aud),
            "hmac with the public key": es.hmac_with_public_key(aud),
            "lifetime over five minutes": es.token(aud, exp=now + 600, iat=now),
            "no jti": es.token(aud, jti=None),
            "no iat": es.token(aud, iat=None),
            "rs key named with es alg": signers["rs"].token(aud, kid="es-1"),
        }
        headers = {} if case == "no header" else _with(tokens[case])
        self._refused(guarded, headers)

    def test_site_options_on_every_card(self, guarded: Service, signers: dict[str, Signer]) -> None:
        """--options FILE: every card states the site's options (the open service's, defaults)."""
        token = signers["es"].token(guarded.url())
        status, body, _ = call(guarded.url(), request(), headers=_with(token))
        assert status == 200
        assert all("Site options: emergency.epinephrine\\_switch=aap" in c["detail"]
                   for c in body["cards"])  # fmt: skip

    def test_replayed_jti(self, guarded: Service, signers: dict[str, Signer]) -> None:
        """The same token twice: accepted once, then refused."""
        token = signers["rs"].token(guarded.url())
        assert call(guarded.url(), request(), headers=_with(token))[0] == 200
        self._refused(guarded, _with(token))

    def test_reason_logged_not_answered(self, guarded: Service, signers: dict[str, Signer]) -> None:
        """Which check failed is in the log only (here: the expired token)."""
        now = int(time.time())
        token = signers["es"].token(guarded.url(), exp=now - 30, iat=now - 90)
        self._refused(guarded, _with(token))
        reasons = [e.get("reason", "") for e in guarded.events() if e["event"] == "refused"]
        assert any("Expired" in r for r in reasons)
        assert token not in guarded.log.read_text(encoding="utf-8")

    def test_feedback_needs_a_token(self, guarded: Service, signers: dict[str, Signer]) -> None:
        """Feedback without a token is 401; with one for its URL, 200."""
        feedback = {"feedback": [{"card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                                  "outcome": "accepted"}]}  # fmt: skip
        url = guarded.url() + "/feedback"
        assert call(url, feedback)[0] == 401
        assert call(url, feedback, headers=_with(signers["es"].token(url)))[0] == 200

    def test_cors_for_configured_origin_only(self, guarded: Service) -> None:
        """--cors-origin: that origin is allowed, another gets no CORS header."""
        _, _, allowed = call(
            guarded.base + "/cds-services", headers={"Origin": "https://ehr.example"}
        )
        _, _, other = call(
            guarded.base + "/cds-services", headers={"Origin": "https://evil.example"}
        )
        assert allowed.get("access-control-allow-origin") == "https://ehr.example"
        assert "access-control-allow-origin" not in {k.lower() for k in other}


class TestStartRefused:
    """The service does not start in an unsafe configuration (nothing listens)."""

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            ([], "--trusted-client: no trusted client"),
            (["--host", "0.0.0.0", "--no-auth"], "--no-auth: allowed only on a loopback bind"),
            (["--trusted-client", "https://i=/no/such.json"], "cannot read the JWKS file"),
            (["--trusted-client", "https://i=http://i/jwks"], "a JWKS URL must be https"),
            (["--no-auth", "--fhir-server", "ftp://x/fhir"], "--fhir-server: 'ftp://x/fhir'"),
            (
                ["--no-auth", "--public-url", "http://cds.example.org"],
                "--public-url: must be https",
            ),
            (["--no-auth", "--max-body", "0"], "--max-body: expected at least 1"),
        ],
    )
    def test_refused(self, tmp_path: Path, args: list[str], message: str) -> None:
        """Each unsafe configuration exits 2 with a message naming the flag."""
        import os
        import subprocess
        import sys

        from serve_helpers import ROOT

        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "serve", "--port", "9", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            check=False,
        )
        assert done.returncode == 2
        assert message in done.stderr
