"""Test configuration: hypothesis profiles (CI runs the default profile, deterministically)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile("default")


# -- material no one on the project wrote, committed under tests/data (see its README) ---------

import gzip  # noqa: E402
import json  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def fhir_schema() -> dict[str, Any]:
    """The official FHIR R4 JSON Schema (fhir.schema.json, HL7, CC0)."""
    with gzip.open(DATA / "fhir-schema" / "fhir.schema.json.gz", "rt", encoding="utf-8") as f:
        schema = json.load(f)
    assert isinstance(schema, dict)
    return schema


@pytest.fixture(scope="session")
def hl7_examples() -> Path:
    """HL7's official R4 example resources (hl7.fhir.r4.examples 4.0.1, CC0): the subset we read."""
    return DATA / "hl7-r4-examples"
