"""Benchmark the CDS Hooks service: cold start to a first answered patient-view, and latency.

Run: ``python benchmarks/serve.py`` (needs the ``serve`` extra). Starts ``mastcell serve`` on
a free loopback port, measures the wall time from process start to the first answered
patient-view, then sends N patient-view calls carrying a 100-resource prefetch and reports the
p50 and p99 latency, beside the ~500 ms budget CDS clients allow (CDS Hooks 2.0, S151).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
AT = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _q(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}


def prefetch_100() -> dict[str, Any]:
    """A prefetch of exactly 100 resources: an ASM patient on midostaurin with a year of counts."""
    subject = {"reference": "Patient/bench"}
    observations = []
    for i in range(90):
        loinc, value, unit = [
            ("751-8", 0.8 + i / 100, "10*9/L"),
            ("777-3", 90 + i, "10*9/L"),
            ("718-7", 11, "g/dL"),
        ][i % 3]
        observations.append(
            {
                "resourceType": "Observation",
                "id": f"o{i}",
                "status": "final",
                "subject": subject,
                "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
                "valueQuantity": _q(value, unit),
                "effectiveDateTime": (AT - dt.timedelta(days=90 - i)).isoformat(),
            }
        )
    meds = [
        {
            "resourceType": "MedicationRequest",
            "id": f"m{i}",
            "status": "active",
            "intent": "order",
            "subject": subject,
            "medicationCodeableConcept": {
                "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": code}]
            },
        }
        for i, code in enumerate(["1919083", "20610", "4278", "88249", "3992", "42612", "8640"])
    ]
    conditions = [
        {
            "resourceType": "Condition",
            "id": "c1",
            "subject": subject,
            "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C96.21"}]},
        },
        {
            "resourceType": "Condition",
            "id": "c2",
            "subject": subject,
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "38341003"}]},
        },
    ]

    def searchset(items: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": r} for r in items],
        }

    data = {
        "patient": {
            "resourceType": "Patient",
            "id": "bench",
            "gender": "female",
            "birthDate": "1960-01-01",
        },
        "conditions": searchset(conditions),
        "observations": searchset(observations),
        "medicationRequests": searchset(meds),
        "medicationStatements": None,
        "allergies": None,
        "serviceRequests": None,
        "procedures": None,
    }
    assert 1 + len(conditions) + len(observations) + len(meds) == 100
    return data


def call(url: str, body: bytes) -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as answer:
        answer.read()
        return answer.status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/cds-services/mastcell-patient-view"
    body = json.dumps(
        {
            "hook": "patient-view",
            "hookInstance": "bench",
            "context": {"userId": "Practitioner/1", "patientId": "bench"},
            "prefetch": prefetch_100(),
        }
    ).encode()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mastcell",
            "serve",
            "--port",
            str(port),
            "--at",
            AT.isoformat(),
            "--no-auth",
        ],
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                call(base, body)
                break
            except OSError:
                time.sleep(0.01)
        cold = time.perf_counter() - started
        times = []
        for _ in range(args.calls):
            t = time.perf_counter()
            call(base, body)
            times.append((time.perf_counter() - t) * 1000)
    finally:
        process.terminate()
        process.wait(timeout=10)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"mastcell serve, Python {sys.version.split()[0]}; {args.calls} patient-view calls, 100-resource prefetch ({len(body) // 1024} kB)"
    )
    print("| measure | time | budget |")
    print("|---|---|---|")
    print(
        f"| cold start to first answered patient-view | {cold * 1000:.0f} ms | (once per process) |"
    )
    print(f"| per request, p50 | {statistics.median(times):.1f} ms | ~500 ms |")
    print(f"| per request, p99 | {p99:.1f} ms | ~500 ms |")


if __name__ == "__main__":
    main()
