"""Adversarial patients of the issue 16 review: the safety invariants, table-driven.

An allergist, an anaesthetist, a haematologist and a pharmacist wrote the patients of
``tests/data/adversarial-patients.json`` the way real charts are written (brands, salts,
misspellings, class words, combination products, codes, abbreviations, several agents in one
string, "NKDA" in its variants, orders with their instructions) and put the new clinical
rules of issue 16 at their edges. Each row names the harm it probes and, where one applies,
the fact id or source. Every row is evaluated through :func:`mastcell.evaluate`; the rows
marked for it also through the FHIR reader and :func:`mastcell.cdshooks.handle`.

The invariants assert safety, not wording:

- no proposal, schedule item or list of options ("acceptable", "alternatives", "prefer",
  "of choice", "usual alternatives", "such as", "in its place", "Proposed:") names a drug
  the patient reacted to or a member of its cross-reactive groups (addendum section 7);
- a reaction mastcell cannot read makes every proposal, and every list of options, a
  clinician decision;
- nothing nonsensical: no empty list, no "week 9 of 8", no sentence or long clause said twice
  (a group's facts once per member), no schedule time in the past that does not say so, no drug both proposed and to be avoided, no duplicate card, no dose
  without a unit, and every finding cites an input the patient has;
- the row's own expectations (codes present or absent, words said, inputs cited, drugs
  proposed without a dose, cards that propose nothing).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fhir_builders import bundle, to_resources
from mastcell import Recommendation, Report, evaluate, patient_from_dict
from mastcell.cdshooks import PREFETCH, handle
from mastcell.exceptions import InputError
from mastcell.fhir import read as fhir_read
from mastcell.guard import is_proposal
from mastcell.knowledge.allergy import NEVER_WITHHELD, reaction_match
from mastcell.knowledge.codes import RXNORM_BY_DRUG, SYSTEMS
from mastcell.knowledge.drugs import CATALOGUE, ingredients_of
from mastcell.knowledge.groups import CLASS_WORDS, CROSS_REACTIVE_GROUPS, groups_of
from mastcell.knowledge.safety import SafetyGroup
from mastcell.model import DoseAdvice, DoseAmount, DoseRange, Finding
from mastcell.rules.registry import registered_rules
from mastcell.vetting import alternatives

DATA = Path(__file__).resolve().parent / "data" / "adversarial-patients.json"
DOC: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
AT = dt.datetime.fromisoformat(DOC["at"])
ROWS: list[dict[str, Any]] = DOC["patients"]
AREAS = ("allergist", "anaesthetist", "haematologist", "pharmacist")


def _rows(via: str) -> list[Any]:
    return [pytest.param(r, id=r["id"]) for r in ROWS if via in r["via"]]


def build(row: dict[str, Any]) -> dict[str, Any]:
    """The row's patient: its base with the row's fields put over it (a field replaces)."""
    data = copy.deepcopy(DOC["bases"][row["base"]]) if row.get("base") else {}
    data.update(copy.deepcopy(row.get("patient", {})))
    return {k: v for k, v in data.items() if v is not None}


def withheld(row: dict[str, Any]) -> frozenset[str]:
    """The drugs no proposal or list may name: the row's drugs, groups ("group:ID") and class
    words ("class:WORD"), each drug with its cross-reactive groups (knowledge.groups data)."""
    found: set[str] = set()
    for name in row.get("withhold", ()):
        if name.startswith("group:"):
            found |= CROSS_REACTIVE_GROUPS[name.removeprefix("group:")].members
        elif name.startswith("class:"):
            found |= CLASS_WORDS[name.removeprefix("class:")].members
        else:
            assert name in CATALOGUE, name
            found.add(name)
    found |= {m for drug in found for g in groups_of(drug) for m in g.members}
    return frozenset(found - NEVER_WITHHELD)


# -- reading a report ---------------------------------------------------------------------------

_GENERICS = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(g) for g in sorted(CATALOGUE, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)

#: The phrases a rule introduces drugs to give with, each capturing to the end of its list.
_LISTS = tuple(
    re.compile(p)
    for p in (
        r"[Aa]lternatives?: ([^.;()]*)",
        r"acceptable in its class: ([^.;()]*)",
        r"relaxant of choice ([^.;()]*)",
        r"[Aa]cceptable[\w -]*?: ([^.;()]*)",
        r"\b[Pp]refer ([^.;()]*)",
        r"Preferred: ([^.;()]*)",
        r"\b(?:use|consider|Consider) ([^.;()]*)",
        r"Change [^()]+? \([^)]*\) to ([^:]*):",
        r";\s*([^;]*?) (?:is|are) acceptable",
        r"([\w -]+?) is the usual alternative for pain",
        r";\s*([^.;]*?) (?:is|are) scheduled in its place",
        r"(?<![Nn]ot )[Pp]roposed: ([^.;]*)",
        r"such as ([^.;()]*)",
        r"([\w-]+): (?:acceptable|preferred)\b",
    )
)

#: The guard's prefix on a summary whose proposal it withdrew: "X not proposed (...): ...".
_WITHDRAWN = re.compile(r"^(?P<drugs>[^:(]*?) not proposed \([^)]*\): ")

#: A list introduced and left empty.
_EMPTY_LIST = re.compile(
    r"(?:alternatives?|[Aa]cceptable[\w -]*|[Pp]refer|Preferred|of choice|Proposed):\s*(?:[.;,)]|$)"
)

#: Units a proposed dose may carry (mass, activity, volume).
_DOSE_UNITS = frozenset({"mg", "g", "ug", "mcg", "IU", "MU", "mL", "ml", "mg/kg"})


def generics(text: str) -> set[str]:
    """The catalogue generic names written in ``text`` (whole words, any case)."""
    return {m.lower() for m in _GENERICS.findall(text)}


def listed(text: str, agents: Iterable[str] = ()) -> set[str]:
    """The catalogue drugs ``text`` names in its lists of options (a reaction's agent, echoed
    in a finding or a note, is taken out first)."""
    for agent in sorted(agents, key=len, reverse=True):
        text = re.sub(re.escape(agent), " ", text, flags=re.IGNORECASE)
    out: set[str] = set()
    for marker in _LISTS:
        for found in marker.finditer(text):
            out |= generics(found.group(1))
    return out


def advices(rec: Recommendation) -> Iterator[DoseAdvice]:
    """The recommendation's medication and schedule items that propose giving a drug."""
    for item in (*((rec.medication,) if rec.medication is not None else ()), *rec.schedule):
        if is_proposal(item):
            yield item


def proposed(rec: Recommendation) -> set[str]:
    """Every ingredient a recommendation proposes or schedules."""
    return {i for a in advices(rec) for i in (ingredients_of(a.drug) or (a.drug,))}


def options_named(rec: Recommendation, agents: Iterable[str]) -> set[str]:
    """Every drug a recommendation proposes, schedules or lists as an option."""
    summary = rec.summary
    gone: set[str] = set()
    withdrawn = _WITHDRAWN.match(summary)
    if withdrawn is not None:
        gone = generics(withdrawn.group("drugs"))
        summary = summary[withdrawn.end() :]
    agents = tuple(agents)
    return proposed(rec) | (listed(summary, agents) - gone) | listed(rec.detail, agents)


_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")
#: Inputs a finding may cite while absent, to say so ("symptom_control: unknown").
_ABSENT = frozenset(
    {
        "symptom_control",
        "pain",
        "weight",
        "birth_date",
        "pregnant",
        "lactating",
        "kit_d816v",
        "medications",
        "labs",
        "reactions",
        "procedures",
        "flares",
        "diagnoses",
    }
)


def cites_existing(data: dict[str, Any], path: str, text: str) -> bool:
    """Whether ``path`` (``procedures[0].planned_agents[2]``) is an input of the patient, or
    a known field cited to say it is missing."""
    node: Any = data
    parts = path.split(".")
    for part in parts:
        m = _SEGMENT.fullmatch(part)
        if m is None or not isinstance(node, dict):
            return False
        key, index = m.group(1), m.group(2)
        if key not in node:
            return (
                len(parts) == 1
                and index is None
                and key in _ABSENT
                and bool(re.search(r"unknown|not recorded|\bno\b|none|missing", text))
            )
        node = node[key]
        if index is not None:
            if not isinstance(node, list) or int(index) >= len(node):
                return False
            node = node[int(index)]
    return True


def violations(report: Report, data: dict[str, Any], row: dict[str, Any]) -> list[str]:
    """Every safety invariant the report breaks, with the card it breaks it in."""
    bad: list[str] = []
    against = withheld(row)
    agents = [r["agent"] for r in data.get("reactions", [])]
    avoided = {
        d
        for rec in report
        if rec.summary.startswith(("Avoid ", "Stop "))
        for d in generics(rec.summary.split(":")[0])
    }
    given: set[str] = set()
    for rec in report:
        named = options_named(rec, agents)
        if named & against:
            bad.append(f"{rec.code}: names {sorted(named & against)} to give")
        given |= proposed(rec)
        for text in (rec.summary, rec.detail):
            if _EMPTY_LIST.search(text):
                bad.append(f"{rec.code}: an empty list in {text!r}")
            sentences = [x for x in re.split(r"(?<=[.!?])\s+", text) if len(x) >= 40]
            repeated = {x for x in sentences if sentences.count(x) > 1}
            if repeated:
                bad.append(f"{rec.code}: a sentence said twice: {sorted(repeated)[0]!r}")
            clauses = [x for x in re.split(r"(?<=[.;:!?])\s+", text) if len(x) >= 120]
            again = {x for x in clauses if clauses.count(x) > 1} - repeated
            if again:
                bad.append(f"{rec.code}: a clause said twice: {sorted(again)[0]!r}")
            for week in re.finditer(r"week (\d+) of (\d+)", text, re.IGNORECASE):
                if int(week.group(1)) > int(week.group(2)):
                    bad.append(f"{rec.code}: {week.group(0)}")
        for item in rec.schedule:
            if item.at is not None and item.at < AT and "had passed" not in (item.timing or ""):
                bad.append(f"{rec.code}: {item} is in the past and does not say so")
        for item in advices(rec):
            dose = item.dose
            units = {dose.unit} if isinstance(dose, DoseAmount | DoseRange) else set()
            if units - _DOSE_UNITS:
                bad.append(f"{rec.code}: {item} has a dose without a known unit")
        if row.get("unread"):
            giving = [a for a in advices(rec) if a.drug not in NEVER_WITHHELD]
            options = listed(rec.summary + " " + rec.detail, agents) - NEVER_WITHHELD
            if (giving or options) and ("Clinician decision before" not in rec.detail):
                bad.append(f"{rec.code}: an unread reaction and no clinician decision")
        for finding in rec.findings:
            if not cites_existing(data, finding.input, str(finding)):
                bad.append(f"{rec.code}: cites {finding.input}, not an input of the patient")
    if given & avoided:
        bad.append(f"proposed and to be avoided: {sorted(given & avoided)}")
    seen: set[tuple[str, str, str]] = set()
    for rec in report:
        key = (rec.code, rec.summary, rec.detail)
        if key in seen:
            bad.append(f"duplicate card {rec.code}: {rec.summary!r}")
        seen.add(key)
    bad += expectations(report, row)
    return bad


def expectations(report: Report, row: dict[str, Any]) -> list[str]:
    """The row's own expectations: codes, words, cited inputs, drugs without a dose."""
    bad: list[str] = []
    codes = {rec.code for rec in report}
    bad += [f"no {code}" for code in row.get("codes", ()) if code not in codes]
    bad += [f"unexpected {code}" for code in row.get("no_codes", ()) if code in codes]
    for code, words in row.get("says", {}).items():
        text = " ".join(r.summary + " " + r.detail for r in report if r.code == code).lower()
        bad += [f"{code} does not say {w!r}" for w in words if w.lower() not in text]
    for words in row.get("not_says_any", ()):
        bad += [f"{r.code} says {words!r}" for r in report if words in r.summary + r.detail]
    for code, paths in row.get("cites", {}).items():
        cited = {f.input for r in report if r.code == code for f in r.findings}
        bad += [f"{code} does not cite {p}" for p in paths if p not in cited]
    if row.get("no_critical"):
        bad += [f"{r.code} is critical" for r in report if r.indicator.value == "critical"]
    for code in row.get("proposes_nothing", ()):
        bad += [f"{r.code} proposes {a}" for r in report if r.code == code for a in advices(r)]
    for drug in row.get("undosed", ()):
        bad += [
            f"{r.code}: {a} has a dose"
            for r in report
            for a in advices(r)
            if drug in (ingredients_of(a.drug) or (a.drug,)) and a.dose is not None
        ]
    return bad


# -- the rows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("row", _rows("interchange"))
def test_interchange(row: dict[str, Any]) -> None:
    """Through the interchange format and evaluate(): every invariant holds (or, for a row
    that expects one, the input error names the field)."""
    data = build(row)
    if "error" in row:
        with pytest.raises(InputError) as caught:
            patient_from_dict(data)
        assert any(e.startswith(row["error"]) for e in caught.value.errors), caught.value.errors
        return
    report = evaluate(patient_from_dict(data), at=AT)
    assert violations(report, data, row) == [], row["harm"]


@pytest.mark.parametrize("row", _rows("fhir"))
def test_fhir(row: dict[str, Any]) -> None:
    """Through the FHIR reader: every recorded agent still speaks against every withheld drug
    (nothing is lost when a text lists several), and the report keeps the invariants."""
    patient = patient_from_dict(build(row))
    got = fhir_read(bundle(to_resources(patient, AT)))
    read = got.patient.reactions
    for drug in withheld(row):
        assert reaction_match(read, drug) is not None, (drug, [r.agent for r in read])
    report = got.evaluate(at=AT)
    agents = [r.agent for r in read]
    for rec in report:
        assert not options_named(rec, agents) & withheld(row), (rec.code, rec.summary)
    if row.get("unread"):
        assert any("Clinician decision before" in rec.detail for rec in report)


def _draft(name: str, index: int, pid: str) -> dict[str, Any]:
    code = RXNORM_BY_DRUG.get(name)
    concept: dict[str, Any] = {"text": name}
    if code is not None:
        concept["coding"] = [{"system": SYSTEMS.rxnorm, "code": code.code}]
    return {
        "resourceType": "MedicationRequest",
        "id": f"draft{index}",
        "status": "draft",
        "intent": "proposal",
        "subject": {"reference": f"Patient/{pid}"},
        "medicationCodeableConcept": concept,
    }


def cds_request(row: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The row's patient as a CDS Hooks call: patient-view, or order-sign with its drafts."""
    patient = patient_from_dict(build(row))
    resources = to_resources(patient, AT)
    pid = resources[0]["id"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for resource in resources[1:]:
        by_kind.setdefault(resource["resourceType"], []).append(resource)
    keys = {
        "conditions": "Condition",
        "observations": "Observation",
        "medicationRequests": "MedicationRequest",
        "allergies": "AllergyIntolerance",
        "serviceRequests": "ServiceRequest",
    }
    prefetch: dict[str, Any] = {key: bundle([], "searchset") for key in PREFETCH}
    prefetch["patient"] = resources[0]
    for key, kind in keys.items():
        prefetch[key] = bundle(by_kind.get(kind, []), "searchset")
    drafts = row.get("draft_orders", ())
    hook = "order-sign" if drafts else "patient-view"
    body: dict[str, Any] = {
        "hook": hook,
        "hookInstance": f"review16-{row['id']}",
        "context": {"userId": "Practitioner/1", "patientId": pid},
        "prefetch": prefetch,
    }
    if drafts:
        body["context"]["draftOrders"] = bundle([_draft(d, i, pid) for i, d in enumerate(drafts)])
    return f"mastcell-{hook}", body


@pytest.mark.parametrize("row", _rows("cds"))
def test_cds_hooks(row: dict[str, Any]) -> None:
    """Through CDS Hooks: no card lists a withheld drug, no suggestion orders one, an
    order-sign draft the patient reacted to is flagged, and an unread reaction says so."""
    service, body = cds_request(row)
    answer = handle(service, body, at=AT)
    assert answer.status == 200, answer.body
    cards = answer.body["cards"]
    assert cards
    against = withheld(row)
    agents = [r["agent"] for r in build(row).get("reactions", [])]
    for card in cards:
        named = listed(card["summary"], agents) | listed(card.get("detail", ""), agents)
        assert not named & against, (card["summary"], sorted(named & against))
        for suggestion in card.get("suggestions", ()):
            for action in suggestion.get("actions", ()):
                concept = action.get("resource", {}).get("medicationCodeableConcept", {})
                drug = concept.get("text", "")
                assert not set(ingredients_of(drug) or (drug,)) & against, drug
    topics = {c["source"]["topic"]["code"] for c in cards}
    for code in row.get("cds_cites", ()):
        assert code in topics, (code, sorted(topics))
    if row.get("unread"):
        assert any("Clinician decision before" in c.get("detail", "") for c in cards)


# -- the table itself ---------------------------------------------------------------------------


class TestTheTable:
    """The table covers what the review set out to probe, and the invariants can fail."""

    def test_size_and_areas(self) -> None:
        """At least 100 patients, each area with several, ids unique, each naming its harm."""
        assert len(ROWS) >= 100
        ids = [r["id"] for r in ROWS]
        assert len(ids) == len(set(ids))
        for area in AREAS:
            assert sum(r["area"] == area for r in ROWS) >= 10, area
        assert all(r["harm"] and r["area"] in AREAS for r in ROWS)
        assert sum("fhir" in r["via"] for r in ROWS) >= 10
        assert sum("cds" in r["via"] for r in ROWS) >= 10

    def test_every_drug_a_rule_offers_is_withheld_in_a_chart_form(self) -> None:
        """Every drug a rule proposes or names as an alternative has a row where a reaction,
        written otherwise than its generic name, withholds it."""
        offered = {
            i for r in registered_rules() for d in r.proposes for i in ingredients_of(d.drug)
        }
        for group in (
            SafetyGroup.OPIOID,
            SafetyGroup.NON_OPIOID_ANALGESIC,
            SafetyGroup.NMBA,
            SafetyGroup.INDUCTION,
            SafetyGroup.SEDATIVE,
            SafetyGroup.REVERSAL,
            SafetyGroup.ANTIBIOTIC,
        ):
            offered |= set(alternatives(group))
        offered -= NEVER_WITHHELD
        covered: set[str] = set()
        for row in ROWS:
            written = " ".join(r["agent"] for r in build(row).get("reactions", []))
            covered |= {d for d in withheld(row) if d not in written.lower()}
        assert not offered - covered, sorted(offered - covered)

    def test_the_invariants_catch_a_listed_allergen(self) -> None:
        """A card listing the patient's allergen as an alternative is a violation."""
        row = {"id": "x", "harm": "x", "withhold": ["group:penicillin"]}
        data = {"reactions": [{"agent": "PCN"}], "procedures": [{"kind": "surgery"}]}
        rec = Recommendation(
            code="perioperative.agent.avoid",
            indicator="warning",
            summary="Avoid vancomycin",
            detail="Planned agent vancomycin: avoid; alternatives: amoxicillin, clindamycin.",
        )
        report = Report(
            patient_id=None, evaluated_at=AT, mastcell_version="0", recommendations=(rec,)
        )
        assert violations(report, data, row) == [
            "perioperative.agent.avoid: names ['amoxicillin'] to give"
        ]

    def test_the_invariants_catch_nonsense(self) -> None:
        """An empty list, week 9 of 8 and a finding citing a missing input are violations."""
        rec = Recommendation(
            code="perioperative.nmba.prefer",
            indicator="info",
            summary="Relaxant",
            detail="Acceptable neuromuscular blockers: . Week 9 of 8, week 9 of 8.",
            findings=(Finding(input="labs[3]", text="x"),),
        )
        report = Report(
            patient_id=None, evaluated_at=AT, mastcell_version="0", recommendations=(rec,)
        )
        found = violations(report, {"labs": []}, {"id": "x", "harm": "x"})
        assert any("empty list" in v for v in found)
        assert any("cites labs[3]" in v for v in found)
