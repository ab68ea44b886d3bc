"""FHIR reading of the diagnostic work-up: the verified anaphylaxis codes as episodes.

Only inputs with verified codes are read (codes-verified; S155): a Condition coded as
anaphylaxis with its onset is an episode. Biopsies, KIT results, skin and organ findings, the
associated neoplasm, sensitisations and scores have no verified codes and are not mapped yet
(docs/ehr.md lists them).
"""

from __future__ import annotations

from typing import Any

import pytest

from fhir_builders import bundle
from fhir_schema import errors
from mastcell import classify, fhir
from mastcell.testing import AT


def _condition(code: str, **fields: Any) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": f"c{code}",
        "subject": {"reference": "Patient/p1"},
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": code}]},
        **fields,
    }


PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "male"}


def _read(*resources: dict[str, Any]) -> fhir.FhirRead:
    return fhir.read(bundle([PATIENT, *resources]), at=AT)


class TestAnaphylaxisEpisodes:
    """SNOMED CT anaphylaxis Conditions (S155) with an onset become episodes (EH14)."""

    @pytest.mark.parametrize(
        ("code", "trigger"),
        [
            ("39579001", None),  # Anaphylaxis: trigger not stated
            ("241954008", "none"),  # Idiopathic anaphylaxis: no trigger found
            ("241937000", "drug"),  # Drug-induced anaphylaxis
            ("417516000", None),  # Anaphylaxis due to substance: which is not coded
            ("735173007", None),  # Anaphylactic shock
        ],
    )
    def test_episode(self, code: str, trigger: str | None) -> None:
        """The Condition is an anaphylaxis episode at its onset, traced to its record."""
        got = _read(_condition(code, onsetDateTime="2026-10-01T10:00:00Z"))
        (flare,) = got.patient.flares
        assert flare.anaphylaxis is True
        assert (flare.trigger.value if flare.trigger else None) == trigger
        assert flare.organ_systems is None  # not in the code: unknown, never inferred
        assert got.provenance["flares[0]"].reference == f"Condition/c{code}"

    def test_without_onset_it_is_unusable(self) -> None:
        """An anaphylaxis Condition without onsetDateTime is reported, never dated by guess."""
        got = _read(_condition("39579001"))
        assert got.patient.flares == ()
        assert [u.tier.value for u in got.unused] == ["unusable"]
        assert "onsetDateTime" in got.unused[0].reason

    @pytest.mark.parametrize("status", ["entered-in-error", "refuted", "provisional"])
    def test_unverified_is_unusable(self, status: str) -> None:
        """An anaphylaxis Condition entered in error, refuted or provisional is not an episode."""
        condition = _condition(
            "241954008",
            onsetDateTime="2026-10-01T10:00:00Z",
            verificationStatus={
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                        "code": status,
                    }
                ]
            },
        )
        got = _read(condition)
        assert got.patient.flares == ()
        assert got.unused[0].tier.value == "unusable"

    def test_idiopathic_anaphylaxis_from_fhir_gives_nicas(self) -> None:
        """An idiopathic anaphylaxis episode read from FHIR is NICAS's population (SC1)."""
        got = _read(_condition("241954008", onsetDateTime="2026-10-01T10:00:00Z"))
        c = classify(got.patient, at=AT)
        assert c.nicas is not None
        assert c.nicas.missing[0] == "flares[0].angioedema"

    def test_fixtures_validate(self, fhir_schema: dict[str, Any]) -> None:
        """The Conditions used here validate against the official R4 JSON Schema (S150)."""
        for resource in (
            _condition("241954008", onsetDateTime="2026-10-01T10:00:00Z"),
            _condition("39579001"),
        ):
            assert errors(fhir_schema, resource) == []
