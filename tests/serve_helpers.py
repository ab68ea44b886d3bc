"""Real processes and servers on loopback for the service tests: `mastcell serve`, a hostile
FHIR server, a listener that records every connection, JWT keys and tokens made in the test."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ROOT = Path(__file__).resolve().parent.parent
AT = "2026-11-22T12:00:00Z"


def free_port() -> int:
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
    timeout: float = 60,
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
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null"), dict(answer.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null"), dict(exc.headers)


class Service:
    """A `mastcell serve` process on a free loopback port, with its log."""

    def __init__(self, args: list[str], folder: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"serve-{self.port}.log"
        self._sink = self.log.open("w", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mastcell", "serve", "--port", str(self.port), *args],
            env=env,
            stderr=self._sink,
            text=True,
        )
        for _ in range(1200):
            try:
                urllib.request.urlopen(self.base + "/cds-services", timeout=2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    self.stop()
                    pytest.fail(f"mastcell serve exited: {self.log.read_text(encoding='utf-8')}")
                time.sleep(0.05)
        self.stop()
        pytest.fail("mastcell serve did not start")

    def url(self, service: str = "mastcell-patient-view") -> str:
        return f"{self.base}/cds-services/{service}"

    def events(self) -> list[dict[str, Any]]:
        return [
            json.loads(line)
            for line in self.log.read_text(encoding="utf-8").splitlines()
            if line.startswith("{")
        ]

    def rss_kib(self) -> int:
        """The server process's peak resident memory (VmHWM), in KiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise AssertionError("no VmHWM")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._sink.close()


@contextlib.contextmanager
def service(args: list[str], folder: Path) -> Iterator[Service]:
    started = Service(args, folder)
    try:
        yield started
    finally:
        started.stop()


class Listener:
    """A TCP listener on loopback that records every connection made to it (none expected)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.port: int = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.connections.append(conn.recv(65536))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self.thread.join(timeout=5)
        self.socket.close()


# -- the FHIR server: normal, slow, huge, redirecting, paged, hostile --------------------------

MARKER = "UPSTREAM-SECRET-7f3a"


def bundle(resources: list[dict[str, Any]], next_url: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": r} for r in resources],
    }
    if next_url:
        out["link"] = [{"relation": "next", "url": next_url}]
    return out


class FhirHandler(BaseHTTPRequestHandler):
    """Answers by the first path segment; records (path, Authorization) of every request."""

    seen: ClassVar[list[tuple[str, str | None]]] = []
    data: ClassVar[dict[str, Any]] = {}
    pages: ClassVar[dict[str, list[dict[str, Any]]]] = {}
    listener_port: ClassVar[int] = 0
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, payload: bytes, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _search(self, prefix: str) -> None:
        rest = self.path.split(f"/{prefix}/", 1)[-1]
        kind = rest.split("?")[0].split("/")[0]
        key = {
            "Patient": "patient",
            "Condition": "conditions",
            "Observation": "observations",
            "MedicationRequest": "medicationRequests",
        }.get(kind)
        found = FhirHandler.data.get(key) if key else None
        self._send(200, json.dumps(found or bundle([])).encode())

    def do_GET(self) -> None:
        FhirHandler.seen.append((self.path, self.headers.get("Authorization")))
        part = self.path.split("/")[1]
        listener = f"http://127.0.0.1:{FhirHandler.listener_port}"
        if part == "fhir":
            self._search("fhir")
        elif part == "slow":
            time.sleep(6)
            self._search("slow")
        elif part == "huge":
            # 40 MB without a Content-Length, in chunks: read until the cap, never whole
            self.send_response(200)
            self.send_header("Content-Type", "application/fhir+json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"[" + b" " * 65535
            try:
                for _ in range(640):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
        elif part == "redirect-off":
            self._send(302, b"", Location=f"{listener}/steal")
        elif part == "redirect-in":
            self._send(302, b"", Location=self.path.replace("/redirect-in/", "/fhir/", 1))
        elif part == "paged":
            # /paged/Observation?...: page 1, then /paged/page/N
            pages = FhirHandler.pages["observations"]
            if "/paged/page/" in self.path:
                n = int(self.path.rsplit("/", 1)[-1])
            elif "/Observation" in self.path:
                n = 0
            else:
                self._search("paged")
                return
            host = f"http://127.0.0.1:{self.server.server_address[1]}"  # type: ignore[index]
            nxt = f"{host}/paged/page/{n + 1}" if n + 1 < len(pages) else None
            self._send(200, json.dumps(bundle([pages[n]] if pages[n] else [], nxt)).encode())
        elif part == "next-off":
            if "/Observation" in self.path:
                self._send(200, json.dumps(bundle([], f"{listener}/steal")).encode())
            else:
                self._search("next-off")
        elif part == "twice":
            # a searchset whose total is given twice: which value counts is not for us to guess
            if "/Observation" in self.path:
                self._send(200, b'{"resourceType": "Bundle", "type": "searchset", '
                                b'"total": 0, "total": 1, "entry": []}')  # fmt: skip
            else:
                self._search("twice")
        elif part == "hostile":
            if "/Observation" in self.path:
                self._send(500, f"<html>{MARKER} /etc/passwd</html>".encode())
            elif "/Condition" in self.path:
                self._send(200, f"not json {MARKER}".encode())
            else:
                self._search("hostile")
        elif part == "other-patient":
            if "/Observation" in self.path:
                other = dict(FhirHandler.data["observations"]["entry"][0]["resource"])
                other["subject"] = {"reference": "Patient/someone-else"}
                self._send(200, json.dumps(bundle([other])).encode())
            else:
                self._search("other-patient")
        else:
            self._send(404, b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def fhir_server(data: dict[str, Any], listener_port: int) -> Iterator[str]:
    """The FHIR server on a free loopback port; its base (``http://127.0.0.1:P``)."""
    FhirHandler.data = data
    FhirHandler.listener_port = listener_port
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FhirHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


# -- keys and tokens ------------------------------------------------------------------------


class Signer:
    """A trusted client's key pair (ES384 or RS384), made in the test, and its JWKS."""

    def __init__(self, issuer: str, alg: str, kid: str) -> None:
        self.issuer, self.alg, self.kid = issuer, alg, kid
        if alg.startswith("ES"):
            self.key: Any = ec.generate_private_key(ec.SECP384R1())
            public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        else:
            self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": kid, "use": "sig"})
        self.jwk = public
        self.public_pem = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.jwk]}

    def claims(self, aud: str, **changes: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "client",
            "aud": aud,
            "exp": now + 240,
            "iat": now,
            "jti": uuid.uuid4().hex,
        }
        claims.update(changes)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, aud: str, *, kid: str | None = None, **changes: Any) -> str:
        return jwt.encode(
            self.claims(aud, **changes),
            self.key,
            algorithm=self.alg,
            headers={"kid": kid or self.kid},
        )

    def unsigned(self, aud: str) -> str:
        """An ``alg: none`` token."""
        return _compact({"alg": "none", "typ": "JWT", "kid": self.kid}, self.claims(aud), b"")

    def hmac_with_public_key(self, aud: str) -> str:
        """HS256 signed with this client's public key (PEM) as the secret: the confusion attack."""
        header = {"alg": "HS256", "typ": "JWT", "kid": self.kid}
        signing = _segment(header) + "." + _segment(self.claims(aud))
        signature = hmac.new(self.public_pem, signing.encode(), hashlib.sha256).digest()
        return signing + "." + _b64(signature)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(part: dict[str, Any]) -> str:
    return _b64(json.dumps(part, separators=(",", ":")).encode())


def _compact(header: dict[str, Any], claims: dict[str, Any], signature: bytes) -> str:
    return f"{_segment(header)}.{_segment(claims)}.{_b64(signature)}"


@contextlib.contextmanager
def https_jwks(jwks: dict[str, Any], folder: Path) -> Iterator[tuple[str, Path]]:
    """An https server on loopback serving a JWKS (a test CA, trustme); (URL, CA file)."""
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    ca_file = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    payload = json.dumps(jwks).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}/jwks", ca_file
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
