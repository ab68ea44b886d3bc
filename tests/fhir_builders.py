"""Write mastcell patients as FHIR R4 resources (test fixtures and the round-trip property)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mastcell import Patient
from mastcell.knowledge.codes import ROUTES_SNOMED, RXNORM_BY_DRUG, SYSTEMS
from mastcell.model.vocabulary import Frequency, MedicationStatus, ProcedureKind, Route

UCUM = SYSTEMS.ucum

#: Frequencies FHIR carries as timing.repeat (frequency, period, periodUnit).
REPEATS: dict[Frequency, tuple[int, int, str]] = {
    Frequency.DAILY: (1, 1, "d"),
    Frequency.BID: (2, 1, "d"),
    Frequency.TID: (3, 1, "d"),
    Frequency.QID: (4, 1, "d"),
    Frequency.Q8H: (1, 8, "h"),
    Frequency.Q6H: (1, 6, "h"),
    Frequency.QOD: (1, 2, "d"),
    Frequency.WEEKLY: (1, 1, "wk"),
    Frequency.TIW: (3, 1, "wk"),
    Frequency.Q2W: (1, 2, "wk"),
    Frequency.Q3W: (1, 3, "wk"),
    Frequency.Q4W: (1, 4, "wk"),
}
STATUSES = {
    MedicationStatus.ACTIVE: "active",
    MedicationStatus.HELD: "on-hold",
    MedicationStatus.STOPPED: "stopped",
    MedicationStatus.PLANNED: "draft",
}
PROCEDURE_TEXT = {
    ProcedureKind.SURGERY: "Surgery",
    ProcedureKind.ENDOSCOPY: "Upper GI endoscopy",
    ProcedureKind.CONTRAST_IMAGING: "CT abdomen with contrast",
    ProcedureKind.DENTAL: "Dental extraction",
    ProcedureKind.OTHER: "Consultation",
}
ROUTE_CODES = {r.route: r for r in ROUTES_SNOMED.values() if r.preferred}
WEIGHT_UCUM = {"kg": "kg", "lb": "[lb_av]", "g": "g"}


def _when(value: dt.date) -> str:
    return value.isoformat()


def _subject(patient_id: str) -> dict[str, str]:
    return {"reference": f"Patient/{patient_id}"}


def quantity(value: float, unit: str) -> dict[str, Any]:
    """A UCUM Quantity."""
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def observation(
    rid: str, patient_id: str, loinc: str, when: dt.datetime, **value: Any
) -> dict[str, Any]:
    """A final Observation coded in LOINC."""
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "code": {"coding": [{"system": SYSTEMS.loinc, "code": loinc}]},
        "subject": _subject(patient_id),
        "effectiveDateTime": when.isoformat(),
        **value,
    }


def bundle(resources: list[dict[str, Any]], kind: str = "collection") -> dict[str, Any]:
    """A Bundle of the resources (``fullUrl`` on each)."""
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [
            {"fullUrl": f"http://example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }


def to_resources(patient: Patient, at: dt.datetime) -> list[dict[str, Any]]:
    """The FHIR resources of a patient (only what FHIR carries; see the property test)."""
    pid = patient.id or "p"
    out: list[dict[str, Any]] = []
    resource: dict[str, Any] = {"resourceType": "Patient", "id": pid, "gender": patient.sex.value}
    if patient.birth_date is not None:
        resource["birthDate"] = _when(patient.birth_date)
    out.append(resource)
    for i, diagnosis in enumerate(patient.diagnoses):
        out.append(
            {
                "resourceType": "Condition",
                "id": f"c{i}",
                "subject": _subject(pid),
                "code": {
                    "coding": [{"system": SYSTEMS.mastcell_diagnosis, "code": diagnosis.value}]
                },
            }
        )
    for i, lab in enumerate(patient.labs):
        out.append(
            observation(
                f"o{i}",
                pid,
                lab.analyte.loinc,
                lab.time,
                valueQuantity={
                    **quantity(lab.value, lab.unit),
                    **({"comparator": lab.comparator.value} if lab.comparator else {}),
                },
            )
        )
    if patient.weight is not None:
        out.append(
            observation(
                "w",
                pid,
                "29463-7",
                at - dt.timedelta(days=1),
                valueQuantity=quantity(patient.weight.value, WEIGHT_UCUM[patient.weight.unit]),
            )
        )
    if patient.pain is not None:
        out.append(
            observation(
                "pain", pid, "72514-3", at - dt.timedelta(hours=2), valueInteger=patient.pain.score
            )
        )
    for i, med in enumerate(patient.medications):
        code = RXNORM_BY_DRUG.get(med.drug)
        concept: dict[str, Any] = {"text": med.drug}
        if code is not None:
            concept["coding"] = [
                {"system": SYSTEMS.rxnorm, "code": code.code, "display": code.display}
            ]
        dosage: dict[str, Any] = {}
        if med.dose is not None:
            dosage["doseAndRate"] = [{"doseQuantity": quantity(med.dose.value, med.dose.unit)}]
        if med.frequency is Frequency.PRN:
            dosage["asNeededBoolean"] = True
        elif med.frequency is not None:
            f, period, unit = REPEATS[med.frequency]
            dosage["timing"] = {"repeat": {"frequency": f, "period": period, "periodUnit": unit}}
        if med.route is not None:
            route = ROUTE_CODES[med.route]
            dosage["route"] = {
                "coding": [{"system": SYSTEMS.snomed, "code": route.code, "display": route.display}]
            }
        request: dict[str, Any] = {
            "resourceType": "MedicationRequest",
            "id": f"m{i}",
            "status": STATUSES[med.status],
            "intent": "order",
            "medicationCodeableConcept": concept,
            "subject": _subject(pid),
        }
        if dosage:
            request["dosageInstruction"] = [dosage]
        if med.start is not None:
            request["authoredOn"] = _when(med.start)
        if med.quantity is not None:
            request["dispenseRequest"] = {"quantity": {"value": med.quantity}}
        out.append(request)
    for i, reaction in enumerate(patient.reactions):
        allergy: dict[str, Any] = {
            "resourceType": "AllergyIntolerance",
            "id": f"a{i}",
            "patient": _subject(pid),
            "code": {"text": reaction.agent},
        }
        if reaction.severity is not None:
            if reaction.severity.value == "anaphylaxis":
                allergy["reaction"] = [
                    {
                        "manifestation": [
                            {
                                "coding": [
                                    {
                                        "system": SYSTEMS.snomed,
                                        "code": "39579001",
                                        "display": "Anaphylaxis",
                                    }
                                ]
                            }
                        ]
                    }
                ]
            else:
                level = "severe" if reaction.severity.value == "flare" else "mild"
                allergy["reaction"] = [{"manifestation": [{"text": "flushing"}], "severity": level}]
        out.append(allergy)
    for i, procedure in enumerate(patient.procedures):
        out.append(
            {
                "resourceType": "ServiceRequest",
                "id": f"s{i}",
                "status": "active",
                "intent": "order",
                "subject": _subject(pid),
                "code": {"text": PROCEDURE_TEXT[procedure.kind]},
                "occurrenceDateTime": _when(procedure.date),
            }
        )
    return out


CARRIED_ROUTES = frozenset(ROUTE_CODES)
__all__ = [
    "CARRIED_ROUTES",
    "REPEATS",
    "Route",
    "bundle",
    "observation",
    "quantity",
    "to_resources",
]
