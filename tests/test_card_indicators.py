"""Cards carry their recommendation's indicator, summary and source, always (issue 21 item 3).

A card is how a clinician meets a recommendation in the EHR: a critical recommendation shown
as an ``info`` card is a missed alert. The properties below generate patients, evaluate them,
and check every card against the recommendation it stands for, by position, through
:func:`mastcell.cdshooks.cards`, through :func:`mastcell.cdshooks.handle` (the FHIR prefetch
path) and through a running ``mastcell serve`` process on 127.0.0.1. The expected indicator
comes from :data:`CARD_INDICATOR`, written from the CDS Hooks 2.0 card definition (S151:
``info``, ``warning``, ``critical``), not from the card code.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fhir_builders import REPEATS, bundle, to_resources
from mastcell import Patient, Report, cdshooks, evaluate, fhir
from mastcell.exceptions import InputError
from mastcell.model import Frequency, Indicator, Recommendation
from mastcell.rules.registry import registered_rules
from mastcell.testing import AT, lab, med, patient
from strategies import SCENARIO_AT, patients, scenario_patients, valid_at

ROOT = Path(__file__).resolve().parent.parent

#: The card indicator each recommendation indicator must give (S151: info, warning, critical).
CARD_INDICATOR = {
    Indicator.INFO: "info",
    Indicator.WARNING: "warning",
    Indicator.CRITICAL: "critical",
}
#: A card's summary is under 140 characters (S151).
CARD_SUMMARY_MAX = 139

_RULES_BY_CODE: dict[str, list[tuple[str, str]]] = {}
for _r in registered_rules():
    for _code in _r.codes:
        anchor = _r.name.replace(".", "-").replace("_", "-").lower()
        _RULES_BY_CODE.setdefault(_code, []).append((anchor, _r.title.rstrip(".")))


def check_card(card: dict[str, Any], rec: Recommendation) -> None:
    """One card stands for one recommendation: indicator, summary, source and topic."""
    assert card["indicator"] == CARD_INDICATOR[rec.indicator], (rec.code, rec.indicator)
    summary = card["summary"]
    assert len(summary) <= CARD_SUMMARY_MAX
    if len(rec.summary) <= CARD_SUMMARY_MAX:
        assert summary == rec.summary
    else:  # cut to fit the card: a prefix of the recommendation's summary, marked as cut
        assert summary.endswith("…")
        assert rec.summary.startswith(summary[:-1])
    source = card["source"]
    assert source["label"] == cdshooks.SOURCE_LABEL
    assert source["topic"]["code"] == rec.code
    assert source["topic"]["system"] == "urn:mastcell:recommendation"
    rules = _RULES_BY_CODE[rec.code]
    assert (source["url"].rsplit("#", 1)[-1], source["topic"]["display"]) in rules
    assert source["url"].startswith(cdshooks.DOCS_URL + "/rules.html#")


def check_cards(cards: Sequence[dict[str, Any]], recs: Sequence[Recommendation]) -> None:
    """Every recommendation has its card, in order; the only other card is the unused-records one."""
    extra = list(cards[len(recs) :])
    assert len(cards) >= len(recs)
    assert [c["source"]["topic"]["code"] for c in extra] in ([], ["inputs.unused"])
    for c in extra:
        assert c["indicator"] == "info"
    for card, rec in zip(cards, recs, strict=False):
        check_card(card, rec)


def _evaluate(p: Patient) -> Report:
    return evaluate(valid_at(p, SCENARIO_AT), at=SCENARIO_AT)


#: Patients that reach each indicator (a midostaurin interrupt is critical, a missing
#: epinephrine prescription a warning, the trigger advice info), so the properties below
#: cannot pass on patients that only give one kind.
FIXED = (
    patient(
        diagnoses=["asm"],
        labs=[
            lab("anc", 0.8, "10*9/L"),
            lab("platelets", 200, "K/uL"),
            lab("hemoglobin", 12, "g/dL"),
        ],
        medications=[med("midostaurin", 100, frequency="bid")],
    ),
    patient(diagnoses=["mcas"]),
    patient(diagnoses=["ism"], medications=[med("cetirizine", 10, frequency="daily")]),
)


class TestCards:
    """Through mastcell.cdshooks.cards: every card equals its recommendation."""

    def test_fixed_patients_reach_every_indicator(self) -> None:
        """The fixed patients give info, warning and critical cards, each matching."""
        seen: set[str] = set()
        for p in FIXED:
            report = evaluate(p, at=AT)
            cards = cdshooks.cards(report)
            check_cards(cards, report.recommendations)
            seen |= {c["indicator"] for c in cards[: len(report.recommendations)]}
        assert seen == {"info", "warning", "critical"}

    @given(p=scenario_patients())
    def test_scenario_patients(self, p: Patient) -> None:
        """Patients near the clinical thresholds: every card carries its recommendation."""
        report = _evaluate(p)
        check_cards(cdshooks.cards(report), report.recommendations)

    @settings(max_examples=50)
    @given(p=patients())
    def test_any_patient(self, p: Patient) -> None:
        """Any valid patient: every card carries its recommendation."""
        report = _evaluate(p)
        check_cards(cdshooks.cards(report), report.recommendations)


def carried(p: Patient) -> Patient:
    """The patient as FHIR timing can carry it (a frequency FHIR has no repeat for is dropped)."""
    meds = tuple(
        m
        if m.frequency is None or m.frequency in REPEATS or m.frequency is Frequency.PRN
        else attrs.evolve(m, frequency=None)
        for m in p.medications
    )
    return attrs.evolve(p, medications=meds)


def prefetch_of(p: Patient) -> dict[str, Any]:
    """The CDS Hooks prefetch of a patient (every template answered)."""
    resources = to_resources(carried(p), SCENARIO_AT)
    kinds = {
        "conditions": "Condition",
        "observations": "Observation",
        "medicationRequests": "MedicationRequest",
        "medicationStatements": "MedicationStatement",
        "allergies": "AllergyIntolerance",
        "serviceRequests": "ServiceRequest",
        "procedures": "Procedure",
    }
    prefetch: dict[str, Any] = {"patient": resources[0]}
    for key, kind in kinds.items():
        prefetch[key] = bundle([r for r in resources if r["resourceType"] == kind], "searchset")
    assert set(prefetch) == set(cdshooks.PREFETCH)
    return prefetch


def hook_request(p: Patient) -> dict[str, Any]:
    """A patient-view call for a patient."""
    return {
        "hook": "patient-view",
        "hookInstance": "2a0f7c1e-5c1d-4f0e-9a57-1b1e2b3c4d5e",
        "context": {"userId": "Practitioner/1", "patientId": p.id or "p"},
        "prefetch": prefetch_of(p),
    }


def expected(body: dict[str, Any]) -> tuple[int, list[Recommendation]]:
    """What a call should answer: the status and the recommendations its cards stand for."""
    try:
        got = fhir.read(body["prefetch"], at=SCENARIO_AT)
        if not got.patient.has_mast_cell_disorder:
            return 200, []
        return 200, list(got.evaluate(at=SCENARIO_AT).recommendations)
    except InputError:
        return 400, []


def check_answer(status: int, answer: dict[str, Any], body: dict[str, Any]) -> None:
    """The service's answer to a call matches the report of the same FHIR read."""
    want_status, recs = expected(body)
    assert status == want_status, answer
    if status == 200:
        check_cards(answer["cards"], recs)


class TestHandle:
    """Through mastcell.cdshooks.handle (FHIR prefetch in, cards out)."""

    def test_fixed_patients(self) -> None:
        """The fixed patients' cards match through the FHIR path too."""
        seen: set[str] = set()
        for p in FIXED:
            body = hook_request(p)
            answer = cdshooks.handle("mastcell-patient-view", body, at=SCENARIO_AT)
            check_answer(answer.status, dict(answer.body), body)
            seen |= {c["indicator"] for c in answer.body["cards"]}
        assert seen == {"info", "warning", "critical"}

    @given(p=scenario_patients())
    def test_scenario_patients(self, p: Patient) -> None:
        """Generated patients as FHIR: every card carries its recommendation."""
        body = hook_request(p)
        answer = cdshooks.handle("mastcell-patient-view", body, at=SCENARIO_AT)
        check_answer(answer.status, dict(answer.body), body)


# -- the running service -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`mastcell serve` on a free loopback port, clock fixed at SCENARIO_AT; its base URL.

    The one place this module starts the service. ``--no-auth`` on loopback, as a local test
    starts it: the cards are what this module checks; caller authentication is tested in
    ``tests/test_serve.py``.
    """
    port = _free_port()
    log = tmp_path_factory.mktemp("cards") / "serve.log"
    sink = log.open("w", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    at = SCENARIO_AT.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    process = subprocess.Popen(
        [sys.executable, "-m", "mastcell", "serve", "--port", str(port), "--at", at, "--no-auth"],
        env=env,
        stderr=sink,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(base + "/cds-services", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"mastcell serve exited: {log.read_text(encoding='utf-8')}")
                time.sleep(0.05)
        else:
            pytest.fail("mastcell serve did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        sink.close()


def post(url: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST JSON; (status, parsed body)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


class TestService:
    """Through a real `mastcell serve` process on 127.0.0.1."""

    def test_fixed_patients(self, service: str) -> None:
        """The fixed patients' cards over HTTP: info, warning and critical, each matching."""
        seen: set[str] = set()
        for p in FIXED:
            body = hook_request(p)
            status, answer = post(service + "/cds-services/mastcell-patient-view", body)
            check_answer(status, answer, body)
            seen |= {c["indicator"] for c in answer["cards"]}
        assert seen == {"info", "warning", "critical"}

    @settings(max_examples=40)
    @given(data=st.data())
    def test_scenario_patients(self, service: str, data: st.DataObject) -> None:
        """Generated patients over HTTP: every card carries its recommendation."""
        body = hook_request(data.draw(scenario_patients()))
        status, answer = post(service + "/cds-services/mastcell-patient-view", body)
        check_answer(status, answer, body)
