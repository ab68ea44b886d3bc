"""Validate resources against the official FHIR R4 JSON Schema."""

from __future__ import annotations

from typing import Any

import jsonschema

_VALIDATORS: dict[str, Any] = {}


def errors(schema: dict[str, Any], resource: dict[str, Any]) -> list[str]:
    """The schema's complaints about one resource (empty when it validates)."""
    kind = resource["resourceType"]
    validator = _VALIDATORS.get(kind)
    if validator is None:
        validator = jsonschema.Draft6Validator(
            {"$ref": f"#/definitions/{kind}", "definitions": schema["definitions"]}
        )
        _VALIDATORS[kind] = validator
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"[:300]
        for e in validator.iter_errors(resource)
    ]
