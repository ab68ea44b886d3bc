"""End-to-end: a real uvicorn process on loopback, a stub FHIR server on loopback (S151)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from fhir_builders import bundle
from test_cdshooks import check_response, request

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def call(
    url: str,
    body: Any = None,
    *,
    raw: bytes | None = None,
    method: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any, dict[str, str]]:
    """One HTTP call; (status, parsed JSON body, headers)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    req = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as answer:
            return answer.status, json.loads(answer.read() or b"null"), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), dict(exc.headers)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`mastcell serve` on a random free loopback port, with a fixed clock; (base URL, log)."""
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    sink = log.open("w", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mastcell",
            "serve",
            "--port",
            str(port),
            "--at",
            "2026-11-22T12:00:00Z",
        ],
        env=env,
        stderr=sink,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/cds-services", timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                sink.close()
                pytest.fail(f"mastcell serve exited: {log.read_text(encoding='utf-8')}")
            time.sleep(0.05)
    else:
        process.kill()
        process.wait(timeout=10)
        sink.close()
        pytest.fail("mastcell serve did not start")
    yield base, log
    process.terminate()
    process.wait(timeout=10)
    sink.close()


class _Fhir(BaseHTTPRequestHandler):
    """A stub FHIR server: answers searches from request()'s prefetch, records the tokens."""

    seen: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        _Fhir.seen.append((self.path, self.headers.get("Authorization")))
        full = request()["prefetch"]
        kind = self.path.split("/fhir/", 1)[-1].split("?")[0].split("/")[0]
        key = {
            "Patient": "patient",
            "Condition": "conditions",
            "Observation": "observations",
            "MedicationRequest": "medicationRequests",
        }.get(kind)
        found = full.get(key) if key else None
        payload = json.dumps(found or bundle([], "searchset")).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def fhir_server() -> Iterator[str]:
    """A stub FHIR server on a random loopback port."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Fhir)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/fhir"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=10)


class TestService:
    """The service over HTTP, as an EHR calls it."""

    def test_discovery_and_cors(self, server: tuple[str, Path]) -> None:
        """GET /cds-services lists the services; CORS headers let a browser client call it."""
        status, body, headers = call(
            server[0] + "/cds-services", headers={"Origin": "https://ehr.example"}
        )
        assert status == 200
        assert len(body["services"]) == 3
        assert headers.get("access-control-allow-origin") == "*"

    def test_patient_view(self, server: tuple[str, Path]) -> None:
        """A patient-view call answers schema-valid cards."""
        status, body, _ = call(server[0] + "/cds-services/mastcell-patient-view", request())
        assert status == 200
        check_response(body)
        assert body["cards"]

    def test_412_without_prefetch_or_server(self, server: tuple[str, Path]) -> None:
        """No prefetch and nothing to fetch from: HTTP 412."""
        body = request()
        del body["prefetch"]
        status, answer, _ = call(server[0] + "/cds-services/mastcell-patient-view", body)
        assert status == 412
        assert "fhirServer" in answer["error"]

    def test_fetch_from_stub_fhir_server(self, server: tuple[str, Path], fhir_server: str) -> None:
        """Missing prefetch is fetched from the loopback FHIR server with the bearer token."""
        body = request(
            fhirServer=fhir_server,
            fhirAuthorization={
                "access_token": "tok",
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": "patient/*.read",
                "subject": "mastcell",
            },
        )
        del body["prefetch"]
        _Fhir.seen.clear()
        status, answer, _ = call(server[0] + "/cds-services/mastcell-patient-view", body)
        assert status == 200
        assert {auth for _, auth in _Fhir.seen} == {"Bearer tok"}
        assert len(_Fhir.seen) == 8
        direct = call(server[0] + "/cds-services/mastcell-patient-view", request())[1]
        assert answer == direct

    @pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe"])
    def test_malformed_is_json_400(self, server: tuple[str, Path], raw: bytes) -> None:
        """A malformed body is a JSON 400 naming the problem, never a stack trace."""
        status, body, _ = call(
            server[0] + "/cds-services/mastcell-patient-view", raw=raw, method="POST"
        )
        assert status == 400
        assert "Traceback" not in json.dumps(body)
        assert body["error"]

    def test_feedback_logged(self, server: tuple[str, Path]) -> None:
        """Feedback is accepted (200) and logged as a JSON line."""
        feedback = {
            "feedback": [
                {
                    "card": "4e0a3a1e-3283-4575-ab82-028d55fe2719",
                    "outcome": "overridden",
                    "overrideReason": {
                        "reason": {
                            "code": "patient-declined",
                            "system": "urn:mastcell:override-reason",
                        }
                    },
                    "outcomeTimestamp": "2026-11-22T12:00:00Z",
                }
            ]
        }
        status, _, _ = call(server[0] + "/cds-services/mastcell-patient-view/feedback", feedback)
        assert status == 200
        logged = [
            json.loads(line)
            for line in server[1].read_text(encoding="utf-8").splitlines()
            if line.startswith("{")
        ]
        assert any(e["event"] == "feedback" and e["outcome"] == "overridden" for e in logged)
        bad, _body, _ = call(
            server[0] + "/cds-services/mastcell-patient-view/feedback", {"feedback": [{}]}
        )
        assert bad == 400

    def test_unknown_route(self, server: tuple[str, Path]) -> None:
        """An unknown path is a JSON 404."""
        status, body, _ = call(server[0] + "/nope")
        assert status == 404
        assert "error" in body
