"""CDS Hooks 2.0 (S151): discovery, cards checked against a schema written from the spec, handle()."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fhir_builders import bundle, observation, quantity
from fhir_schema import errors
from mastcell import cdshooks, evaluate, patient_from_dict

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "cds-hooks-2.0-response.schema.json").read_text(encoding="utf-8"))
AT = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
RX = "http://www.nlm.nih.gov/research/umls/rxnorm"


def check_response(body: Any) -> None:
    """The response satisfies the CDS Hooks 2.0 response schema and has no null or empty element."""
    jsonschema.Draft7Validator(SCHEMA).validate(body)

    def walk(node: Any, path: str) -> None:
        assert node is not None, path
        if isinstance(node, str | list | dict) and path != "$.cards":
            assert len(node) > 0, path
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(body, "$")


def _resources(pid: str = "p1", diagnosis: str = "C96.21") -> list[dict[str, Any]]:
    when = AT - dt.timedelta(days=1)
    return [
        {"resourceType": "Patient", "id": pid, "gender": "female", "birthDate": "1971-04-02"},
        {
            "resourceType": "Condition",
            "id": "c1",
            "subject": {"reference": f"Patient/{pid}"},
            "code": {
                "coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": diagnosis}]
            },
        },
        observation("o1", pid, "751-8", when, valueQuantity=quantity(0.8, "10*9/L")),
        observation("o2", pid, "1742-6", when, valueQuantity=quantity(30, "U/L")),
        observation("o3", pid, "777-3", when, valueQuantity=quantity(200, "10*9/L")),
        observation("o4", pid, "718-7", when, valueQuantity=quantity(12, "g/dL")),
        {
            "resourceType": "MedicationRequest",
            "id": "m1",
            "status": "active",
            "intent": "order",
            "subject": {"reference": f"Patient/{pid}"},
            "medicationCodeableConcept": {"coding": [{"system": RX, "code": "1919083"}]},
            "dosageInstruction": [
                {
                    "timing": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "d"}},
                    "doseAndRate": [{"doseQuantity": quantity(100, "mg")}],
                }
            ],
        },
        {
            "resourceType": "MedicationRequest",
            "id": "m2",
            "status": "active",
            "intent": "order",
            "subject": {"reference": f"Patient/{pid}"},
            "medicationCodeableConcept": {"text": "Little pink pill"},
        },
    ]


def request(hook: str = "patient-view", **extra: Any) -> dict[str, Any]:
    """A full request whose prefetch satisfies every template."""
    resources = _resources()
    prefetch: dict[str, Any] = dict.fromkeys(cdshooks.PREFETCH)
    prefetch["patient"] = resources[0]
    prefetch["conditions"] = bundle([resources[1]], "searchset")
    prefetch["observations"] = bundle(resources[2:6], "searchset")
    prefetch["medicationRequests"] = bundle(resources[6:], "searchset")
    body: dict[str, Any] = {
        "hook": hook,
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/1", "patientId": "p1"},
        "prefetch": prefetch,
    }
    if hook != "patient-view":
        body["context"]["draftOrders"] = bundle([])
    body.update(extra)
    return body


class TestDiscovery:
    """The discovery document lists the three hooks with prefetch templates."""

    def test_services(self) -> None:
        """patient-view, order-select and order-sign, each with every prefetch template."""
        services = cdshooks.discovery()["services"]
        assert {s["hook"] for s in services} == {"patient-view", "order-select", "order-sign"}
        for service in services:
            assert set(service) == {"hook", "id", "title", "description", "prefetch"}
            assert all("{{context.patientId}}" in q for q in service["prefetch"].values())
            assert (
                "Procedure?patient={{context.patientId}}&status=preparation&_count=100"
                in service["prefetch"].values()
            )


class TestCards:
    """Cards follow CDS Hooks 2.0 exactly."""

    def test_response_matches_schema(self) -> None:
        """A patient-view answer validates against the spec schema; nothing null or empty."""
        answer = cdshooks.handle("mastcell-patient-view", request(), at=AT)
        assert answer.status == 200
        check_response(answer.body)
        assert len(answer.body["cards"]) > 1

    def test_one_card_per_recommendation_plus_unused(self) -> None:
        """One card per recommendation; the records not used on one info card (inputs.unused)."""
        answer = cdshooks.handle("mastcell-patient-view", request(), at=AT)
        topics = [c["source"]["topic"]["code"] for c in answer.body["cards"]]
        assert topics.count("inputs.unused") == 1
        unused = next(
            c for c in answer.body["cards"] if c["source"]["topic"]["code"] == "inputs.unused"
        )
        assert unused["indicator"] == "info"
        assert "MedicationRequest/m2" in unused["detail"]
        assert "other records are outside" in unused["detail"]  # LOINC 1742-6

    def test_findings_name_fhir_records(self) -> None:
        """The midostaurin card's detail names the Observation its ANC came from."""
        cards = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        card = next(
            c for c in cards if c["source"]["topic"]["code"] == "cytopenia.midostaurin.interrupt"
        )
        assert card["indicator"] == "critical"
        assert "Observation/o1" in card["detail"]
        assert "not a substitute for clinical judgement" in card["detail"]
        assert card["source"]["url"].startswith(cdshooks.DOCS_URL + "/rules.html#")

    def test_deterministic_uuids(self) -> None:
        """The same request gives the same card uuids; different cards differ."""
        first = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        again = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        assert [c["uuid"] for c in first] == [c["uuid"] for c in again]
        assert len({c["uuid"] for c in first}) == len(first)

    def test_summary_cut_to_139(self) -> None:
        """A summary longer than 139 characters is shortened to 139."""
        report = evaluate(
            patient_from_dict({"id": "x", "diagnoses": ["mcas"]}), at=AT, categories=["emergency"]
        )
        rec = report.recommendations[0]
        import attrs

        long = attrs.evolve(report, recommendations=(attrs.evolve(rec, summary="x" * 140),))
        assert len(cdshooks.cards(long)[0]["summary"]) == 139

    def test_suggestions_are_valid_fhir(self, fhir_schema: dict[str, Any]) -> None:
        """Suggestions carry a verified RxNorm code and a structured dose; the resource validates."""
        cards = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        suggested = [c for c in cards if "suggestions" in c]
        assert suggested
        for card in suggested:
            assert card["selectionBehavior"] == "at-most-one"
            for suggestion in card["suggestions"]:
                for action in suggestion["actions"]:
                    resource = action["resource"]
                    assert errors(fhir_schema, resource) == []
                    assert resource["medicationCodeableConcept"]["coding"][0]["system"] == RX
                    assert "doseQuantity" in resource["dosageInstruction"][0]["doseAndRate"][0]

    def test_no_suggestion_for_interrupt(self) -> None:
        """Interrupting midostaurin never carries an order to create."""
        cards = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        card = next(
            c for c in cards if c["source"]["topic"]["code"] == "cytopenia.midostaurin.interrupt"
        )
        assert "suggestions" not in card

    def test_no_mast_cell_disorder_no_cards(self) -> None:
        """A patient with no mast cell disorder gets {"cards": []}."""
        body = request()
        body["prefetch"]["conditions"] = None
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT)
        assert (answer.status, answer.body) == (200, {"cards": []})


class TestHandle:
    """handle(): status codes, prefetch, fetching, order hooks."""

    @pytest.mark.parametrize(
        ("mutate", "status", "words"),
        [
            (lambda b: b.pop("hookInstance"), 400, "hookInstance"),
            (lambda b: b.update(hook="order-sign"), 400, "hook"),
            (lambda b: b["context"].pop("patientId"), 400, "patientId"),
            (lambda b: b.update(context=[]), 400, "context"),
            (lambda b: b.update(prefetch=[1]), 400, "prefetch"),
        ],
    )
    def test_malformed(self, mutate: Any, status: int, words: str) -> None:
        """A malformed request is answered 400 with the problem named."""
        body = request()
        mutate(body)
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT)
        assert answer.status == status
        assert words in answer.body["error"]

    def test_unknown_service(self) -> None:
        """An unknown service id is 404."""
        assert cdshooks.handle("nope", request()).status == 404

    def test_missing_prefetch_without_server_is_412(self) -> None:
        """No prefetch and no fhirServer/fhirAuthorization: 412, as the specification says."""
        body = request()
        del body["prefetch"]
        assert cdshooks.handle("mastcell-patient-view", body, at=AT).status == 412

    def test_missing_prefetch_fetched_with_bearer_token(self) -> None:
        """Missing prefetch keys are fetched from fhirServer with the bearer token."""
        full = request()
        calls: list[tuple[str, str | None]] = []

        def fetcher(url: str, token: str | None) -> Any:
            calls.append((url, token))
            key = next(
                k
                for k, q in cdshooks.PREFETCH.items()
                if url.endswith(q.replace("{{context.patientId}}", "p1"))
            )
            return full["prefetch"][key] or bundle([], "searchset")

        body = request(
            fhirServer="https://ehr.example/fhir/",
            fhirAuthorization={"access_token": "T", "token_type": "Bearer"},
        )
        del body["prefetch"]["conditions"]
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT, fetcher=fetcher)
        assert calls == [("https://ehr.example/fhir/Condition?patient=p1&_count=100", "T")]
        assert answer.body == cdshooks.handle("mastcell-patient-view", full, at=AT).body

    def test_same_resource_under_two_keys_read_once(self) -> None:
        """A Condition under two prefetch keys is read once (by type and id)."""
        body = request()
        body["prefetch"]["procedures"] = body["prefetch"]["conditions"]
        assert (
            cdshooks.handle("mastcell-patient-view", body, at=AT).body
            == cdshooks.handle("mastcell-patient-view", request(), at=AT).body
        )

    def test_order_sign_reads_drafts_as_planned(self) -> None:
        """order-sign: a draft morphine order is a planned opioid, so the opioid cards appear."""
        body = request("order-sign")
        body["context"]["draftOrders"] = bundle(
            [
                {
                    "resourceType": "MedicationRequest",
                    "id": "draft1",
                    "status": "draft",
                    "intent": "proposal",
                    "subject": {"reference": "Patient/p1"},
                    "medicationCodeableConcept": {
                        "coding": [{"system": RX, "code": "7052", "display": "morphine"}]
                    },
                }
            ]
        )
        answer = cdshooks.handle("mastcell-order-sign", body, at=AT)
        check_response(answer.body)
        topics = {c["source"]["topic"]["code"] for c in answer.body["cards"]}
        assert "analgesia.opioid.caution" in topics

    def test_order_hook_needs_draft_orders(self) -> None:
        """order-select without a draftOrders Bundle is a 400."""
        body = request("order-select")
        del body["context"]["draftOrders"]
        assert cdshooks.handle("mastcell-order-select", body, at=AT).status == 400


class TestSpecificationExamples:
    """The specification's own example requests (docs/specification, cds-hooks/docs)."""

    def _stub(self, url: str, token: str | None) -> Any:
        assert token == "some-opaque-fhir-access-token"
        assert url.startswith("http://hooks.smarthealthit.org:9080/")
        return {"resourceType": "Bundle", "type": "searchset"} if "?" in url else None

    def test_patient_view_example(self) -> None:
        """The spec's patient-view request: fetched prefetch, a patient without a mast cell disorder."""
        body = json.loads(
            (DATA / "cds-hooks-spec" / "patient-view.json").read_text(encoding="utf-8")
        )
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT, fetcher=self._stub)
        assert (answer.status, answer.body) == (200, {"cards": []})
        check_response(answer.body)

    def test_order_sign_example_with_a_mast_cell_disorder(self) -> None:
        """The spec's order-sign request, given an SM diagnosis, answers schema-valid cards."""
        body = json.loads((DATA / "cds-hooks-spec" / "order-sign.json").read_text(encoding="utf-8"))
        condition = _resources("1288992")[1]

        def stub(url: str, token: str | None) -> Any:
            found = self._stub(url, token)
            return (
                bundle([condition], "searchset")
                if url.split("/")[-1].startswith("Condition")
                else found
            )

        answer = cdshooks.handle("mastcell-order-sign", copy.deepcopy(body), at=AT, fetcher=stub)
        assert answer.status == 200
        check_response(answer.body)
        assert answer.body["cards"]


SPEC_CONTEXTS = sorted((DATA / "cds-hooks-spec" / "contexts").glob("*.json"))


class TestSpecificationContexts:
    """Every context example of the three hooks' specification pages, sent to its service."""

    def test_every_hook_has_examples(self) -> None:
        """The examples of all three hooks were extracted (see the folder's README)."""
        hooks = {p.name.rsplit("-", 1)[0] for p in SPEC_CONTEXTS}
        assert hooks == {"patient-view", "order-select", "order-sign"}

    @pytest.mark.parametrize("path", SPEC_CONTEXTS, ids=lambda p: p.stem)
    def test_spec_context_answers_schema_valid_cards(self, path: Path) -> None:
        """The spec's context, data fetched for an ASM patient: 200 and schema-valid cards."""
        hook = path.name.rsplit("-", 1)[0]
        context = json.loads(path.read_text(encoding="utf-8"))["context"]
        pid = context["patientId"]
        resources = _resources(pid)

        def fetch(url: str, token: str | None) -> Any:
            assert token == "opaque-token"
            tail = url.rsplit("/", 1)[-1]
            if tail == pid:
                return resources[0]
            if tail.startswith("Condition"):
                return bundle([resources[1]], "searchset")
            return bundle([], "searchset")

        body = {
            "hook": hook,
            "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "fhirServer": "http://fhir.example.org",
            "fhirAuthorization": {
                "access_token": "opaque-token",
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": "patient/*.read",
                "subject": "mastcell",
            },
            "context": context,
        }
        answer = cdshooks.handle(f"mastcell-{hook}", body, at=AT, fetcher=fetch)
        assert answer.status == 200, answer.body
        check_response(answer.body)
        assert answer.body["cards"], "an ASM patient always gets cards"


class TestPagingAndPatient:
    """handle(): next links followed with the fetcher, the page cap, the context patient."""

    def _anc(self, rid: str, value: float, hours: int) -> dict[str, Any]:
        return observation(
            rid,
            "p1",
            "751-8",
            AT - dt.timedelta(hours=hours),
            valueQuantity=quantity(value, "10*9/L"),
        )

    def test_next_pages_read(self) -> None:
        """The ANC of 0.4 on page 2 of the prefetched observations is read: interrupt."""
        body = request(
            fhirServer="https://ehr.example/fhir", fhirAuthorization={"access_token": "T"}
        )
        first = bundle([self._anc("a1", 2.5, 30)], "searchset")
        first["link"] = [{"relation": "next", "url": "https://ehr.example/fhir/page/2"}]
        body["prefetch"]["observations"] = first
        calls: list[str] = []

        def fetcher(url: str, token: str | None) -> Any:
            calls.append(url)
            assert token == "T"
            return bundle([self._anc("a2", 0.4, 2)], "searchset")

        answer = cdshooks.handle("mastcell-patient-view", body, at=AT, fetcher=fetcher)
        assert calls == ["https://ehr.example/fhir/page/2"]
        codes = [c["source"]["topic"]["code"] for c in answer.body["cards"]]
        assert "cytopenia.midostaurin.interrupt" in codes
        check_response(answer.body)

    def test_page_cap_card(self) -> None:
        """Pages beyond max_pages are not read; a warning card names the search."""
        body = request(
            fhirServer="https://ehr.example/fhir", fhirAuthorization={"access_token": "T"}
        )
        first = bundle([self._anc("a0", 2.5, 30)], "searchset")
        first["link"] = [{"relation": "next", "url": "https://ehr.example/fhir/page/1"}]
        body["prefetch"]["observations"] = first

        def fetcher(url: str, token: str | None) -> Any:
            n = int(url.rsplit("/", 1)[-1])
            page = bundle([self._anc(f"a{n}", 2.5, 30 + n)], "searchset")
            page["link"] = [{"relation": "next", "url": f"https://ehr.example/fhir/page/{n + 1}"}]
            return page

        answer = cdshooks.handle("mastcell-patient-view", body, at=AT, fetcher=fetcher, max_pages=3)
        card = next(
            c for c in answer.body["cards"] if c["source"]["topic"]["code"] == "inputs.incomplete"
        )
        assert card["indicator"] == "warning"
        assert "observations: more than 3 pages" in card["detail"]
        check_response(answer.body)

    def test_next_link_without_server_stated(self) -> None:
        """A next link and no fhirServer: cards from what was sent, and a card saying so."""
        body = request()
        body["prefetch"]["observations"]["link"] = [{"relation": "next", "url": "https://x/2"}]
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT)
        card = next(
            c for c in answer.body["cards"] if c["source"]["topic"]["code"] == "inputs.incomplete"
        )
        assert "no fhirServer" in card["detail"]

    def test_wrong_patient(self) -> None:
        """context.patientId p2 with prefetch about p1: 400, no cards about p1."""
        body = request()
        body["context"]["patientId"] = "p2"
        answer = cdshooks.handle("mastcell-patient-view", body, at=AT)
        assert answer.status == 400
        assert "cards" not in answer.body

    def test_options_stated_on_every_card(self) -> None:
        """Every card ends with the options; a site's differ from the defaults'."""
        from mastcell.knowledge.options import EmergencyOptions, Options

        default = cdshooks.handle("mastcell-patient-view", request(), at=AT).body["cards"]
        site = cdshooks.handle(
            "mastcell-patient-view",
            request(),
            at=AT,
            options=Options(emergency=EmergencyOptions(epinephrine_switch="aap")),
        ).body["cards"]
        assert all(c["detail"].endswith("*Options: mastcell's defaults.*") for c in default)
        assert all("emergency.epinephrine\\_switch=aap" in c["detail"] for c in site)

    @pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f\u202b", "\x1b", "\u2028"])
    def test_bidi_and_controls_escaped(self, character: str) -> None:
        """Bidi overrides, isolates and controls from a record never reach a card raw."""
        body = request()
        med = body["prefetch"]["medicationRequests"]["entry"][1]["resource"]
        med["medicationCodeableConcept"]["text"] = f"Little {character}pink pill"
        cards = cdshooks.handle("mastcell-patient-view", body, at=AT).body["cards"]
        text = json.dumps(cards, ensure_ascii=False)
        assert all(c not in text for c in character)
        assert "pink pill" in text
