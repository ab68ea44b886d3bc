"""Load test of the CDS Hooks service on loopback: patient-view latency at 1 and 50 concurrent calls.

Run: ``python benchmarks/serve_load.py`` (needs the ``serve`` extra). Starts ``mastcell serve``
on a free 127.0.0.1 port and sends patient-view calls carrying the 100-resource prefetch of
``benchmarks/serve.py`` from a light asyncio client (raw keep-alive HTTP/1.1), first one at a time, then with 50 in
flight; prints p50, p99 and the rate for each. Then, with a FHIR server on loopback that takes
``--slow`` seconds per GET, it starts one call that has to fetch from it and times discovery
requests made while that call waits.

Bounded: ``--calls`` calls per level (default 200 at 1, 1000 at 50), a 120 s cap per level, and
every request to 127.0.0.1 only. ``--auth jwt`` (the default where the service has
``--trusted-client``) signs every call with an ES384 key made here, a fresh ``jti`` each, as a
deployment would; ``--auth none`` runs with ``--no-auth`` (or, on a mastcell without it, as is).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import AT, prefetch_100

ROOT = Path(__file__).resolve().parent.parent
#: The source tree to serve (``--src``: another checkout, to measure before and after alike).
SRC = ROOT / "src"
SERVICE = "/cds-services/mastcell-patient-view"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _has_flag(flag: str) -> bool:
    out = subprocess.run(
        [sys.executable, "-m", "mastcell", "serve", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
    ).stdout
    return flag in out


class _Signer:
    """ES384 tokens for one trusted issuer (PyJWT), a JWKS file for the service."""

    def __init__(self, folder: Path) -> None:
        import jwt
        from cryptography.hazmat.primitives.asymmetric import ec

        self.key = ec.generate_private_key(ec.SECP384R1())
        public = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(self.key.public_key()))
        public.update({"kid": "bench", "alg": "ES384", "use": "sig"})
        self.jwks = folder / "jwks.json"
        self.jwks.write_text(json.dumps({"keys": [public]}), encoding="utf-8")
        self.iss = "https://ehr.bench.example"

    def token(self, aud: str) -> str:
        import jwt

        now = int(time.time())
        claims = {"iss": self.iss, "sub": "bench", "aud": aud, "exp": now + 240, "iat": now}
        claims["jti"] = uuid.uuid4().hex
        return jwt.encode(claims, self.key, algorithm="ES384", headers={"kid": "bench"})


class _Slow(BaseHTTPRequestHandler):
    delay = 3.0

    def do_GET(self) -> None:
        time.sleep(self.delay)
        payload = b'{"resourceType": "Bundle", "type": "searchset", "entry": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-m", "mastcell", "serve", *args],
        env=env,
        stderr=subprocess.DEVNULL,
    )


def _wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        try:
            httpx.get(base + "/cds-services", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if process.poll() is not None:
                raise SystemExit("mastcell serve exited") from None
            time.sleep(0.05)
    raise SystemExit("mastcell serve did not start")


class _Connection:
    """One keep-alive HTTP/1.1 connection over asyncio streams: a client light enough that the
    load generator does not compete with the service for the two cores (httpx costs several
    times more CPU per call than the service's own HTTP handling)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{head}"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _level(
    port: int, body: bytes, signer: _Signer | None, concurrency: int, calls: int
) -> tuple[list[float], float]:
    times: list[float] = []
    queue = iter(range(calls))
    deadline = time.monotonic() + 120
    aud = f"http://127.0.0.1:{port}{SERVICE}"

    async def worker() -> None:
        connection = _Connection(port)
        try:
            for _ in queue:
                if time.monotonic() > deadline:
                    return
                headers = {"Content-Type": "application/json"}
                if signer is not None:
                    headers["Authorization"] = "Bearer " + signer.token(aud)
                t = time.perf_counter()
                status = await connection.post(SERVICE, body, headers)
                times.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    raise SystemExit(f"status {status}")
        finally:
            connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return times, time.perf_counter() - started


def _pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def _discovery_while_waiting(base: str, fhir: str, signer: _Signer | None) -> list[float]:
    """Discovery latencies (ms) measured while one call waits on the slow FHIR server."""
    request = {
        "hook": "patient-view",
        "hookInstance": "slow",
        "context": {"userId": "Practitioner/1", "patientId": "bench"},
        "fhirServer": fhir,
        "fhirAuthorization": {
            "access_token": "tok",
            "token_type": "Bearer",
            "expires_in": 300,
            "scope": "patient/*.read",
            "subject": "mastcell",
        },
    }
    headers = {"Content-Type": "application/json"}
    if signer is not None:
        headers["Authorization"] = "Bearer " + signer.token(base + SERVICE)
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        pending = asyncio.create_task(client.post(SERVICE, json=request, headers=headers))
        await asyncio.sleep(0.5)
        latencies = []
        for _ in range(10):
            if pending.done():
                break
            t = time.perf_counter()
            try:
                (await client.get("/cds-services", timeout=15)).raise_for_status()
            except httpx.TimeoutException:
                latencies.append(15000.0)
                continue
            latencies.append((time.perf_counter() - t) * 1000)
        await pending
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=None, help="calls per level")
    parser.add_argument("--auth", choices=("jwt", "none"), default=None)
    parser.add_argument("--slow", type=float, default=3.0, help="seconds per slow FHIR GET")
    parser.add_argument("--levels", default="1,50")
    parser.add_argument("--src", type=Path, default=None, help="source tree to serve")
    parser.add_argument("--serve-args", default="", help="more arguments for mastcell serve")
    args = parser.parse_args()
    global SRC
    SRC = (args.src or SRC).resolve()
    new = _has_flag("--no-auth")
    auth = args.auth or ("jwt" if new else "none")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    body = json.dumps(
        {
            "hook": "patient-view",
            "hookInstance": "bench",
            "context": {"userId": "Practitioner/1", "patientId": "bench"},
            "prefetch": prefetch_100(),
        }
    ).encode()
    slow = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    _Slow.delay = args.slow
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    fhir = f"http://127.0.0.1:{slow.server_address[1]}/fhir"
    with tempfile.TemporaryDirectory() as folder:
        signer = _Signer(Path(folder)) if auth == "jwt" else None
        command = ["--host", "127.0.0.1", "--port", str(port), "--at", AT.isoformat()]
        if signer is not None:
            command += ["--trusted-client", f"{signer.iss}={signer.jwks}"]
        elif new:
            command += ["--no-auth", "--fhir-server", fhir]
        process = _start(command + args.serve_args.split())
        try:
            _wait_up(base, process)
            rows = []
            for level in (int(x) for x in args.levels.split(",")):
                calls = args.calls or (200 if level == 1 else 1000)
                asyncio.run(_level(port, body, signer, level, min(calls, 4 * level)))  # warm-up
                times, elapsed = asyncio.run(_level(port, body, signer, level, calls))
                rows.append((level, len(times), times, elapsed))
            discovery: list[float] = []
            if signer is None:
                discovery = asyncio.run(_discovery_while_waiting(base, fhir, None))
        finally:
            process.terminate()
            process.wait(timeout=10)
            slow.shutdown()
            slow.server_close()
    print(
        f"mastcell serve ({'after' if new else 'before'}: auth {auth}), Python "
        f"{sys.version.split()[0]}, {os.cpu_count()} cores; patient-view with a "
        f"100-resource prefetch ({len(body) // 1024} kB), loopback"
    )
    print("| concurrent calls | calls | p50 | p99 | rate |")
    print("|---|---|---|---|---|")
    for level, n, times, elapsed in rows:
        print(
            f"| {level} | {n} | {statistics.median(times):.1f} ms | {_pct(times, 0.99):.1f} ms "
            f"| {n / elapsed:.0f} calls/s |"
        )
    if discovery:
        print(
            f"discovery while a call waits on a {args.slow:g} s FHIR server: "
            f"{len(discovery)} requests, median {statistics.median(discovery):.1f} ms, "
            f"max {max(discovery):.1f} ms"
        )


if __name__ == "__main__":
    main()
