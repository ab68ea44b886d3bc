"""``mastcell cohort`` on a FHIR Bulk Data export folder: grouped by patient, read by seeking.

The export is written from golden patients with the test suite's FHIR builders (one resource
type per file, Observation split in two parts, ids made unique across patients); each record
must equal what ``mastcell evaluate --input fhir`` gives for the same patient's resources read
from a Bundle with :func:`mastcell.fhir.read`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from array import array
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import golden_reports
from fhir_builders import bundle, to_resources
from mastcell import fhir, patient_from_json
from mastcell.cli import main
from mastcell.cohort.bulk import (
    BulkIndex,
    compact_with_fhir,
    evaluate_export,
    index_export,
    is_patient_file,
)

AT = golden_reports.MOMENTS[0]
AT_TEXT = AT.isoformat()
ROOT = Path(__file__).parent.parent
PATIENTS = 36


def _export_resources() -> list[list[dict[str, Any]]]:
    """Each convertible golden patient's resources, ids unique across the export."""
    out: list[list[dict[str, Any]]] = []
    for line in golden_reports.read_patient_lines():
        patient = patient_from_json(line)
        try:
            resources = to_resources(patient, AT)
        except KeyError:  # a route FHIR does not carry in the builders
            continue
        for resource in resources[1:]:
            resource["id"] = f"{patient.id}-{resource['id']}"
        out.append(resources)
        if len(out) == PATIENTS:
            break
    return out


RESOURCES = _export_resources()


def _write_export(folder: Path, patients: list[list[dict[str, Any]]]) -> Path:
    """One file per resource type; Observation split into two parts, as servers do."""
    folder.mkdir(exist_ok=True)
    files: dict[str, list[str]] = {}
    for resources in patients:
        for resource in resources:
            kind = resource["resourceType"]
            if kind == "Observation":
                kind = f"Observation.{len(files.get('Observation.000', [])) % 2:03d}"
            files.setdefault(kind, []).append(json.dumps(resource))
    for kind, lines in files.items():
        (folder / f"{kind}.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _expected(resources: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The full annotated report and the compact one, read from a Bundle."""
    got = fhir.read(bundle(resources), at=AT)
    report = got.evaluate(at=AT)
    full = json.loads(json.dumps(fhir.annotate(report.to_dict(), got)))
    return full, compact_with_fhir(report, got)


EXPECTED = [_expected(r) for r in RESOURCES]


def _records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _cohort(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mastcell", "cohort", *args, "--at", AT_TEXT],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write_export(tmp_path_factory.mktemp("bulk") / "export", RESOURCES)


class TestSameAsBundle:
    """Every record equals evaluate() of the same patient read from a Bundle, in Patient order."""

    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_full_reports(self, export: Path, workers: str) -> None:
        """Full reports with their FHIR annotations, 1 and 2 workers, through the command."""
        done = _cohort(str(export), "--out", "-", "--workers", workers, "--chunk-size", "5")
        assert done.returncode == 0, done.stderr
        assert _records(done.stdout) == [full for full, _ in EXPECTED]
        assert done.stderr.startswith(f"mastcell cohort: {len(RESOURCES)} patients")

    @pytest.mark.parametrize("workers", ["1", "2"])
    def test_compact_reports(self, export: Path, workers: str) -> None:
        """--compact: the compact report with each path's FHIR record."""
        done = _cohort(str(export), "--out", "-", "--workers", workers, "--compact")
        assert done.returncode == 0, done.stderr
        assert _records(done.stdout) == [compact for _, compact in EXPECTED]

    def test_patients_carry_their_ids_and_split_files_are_read(self, export: Path) -> None:
        """Reports carry the Patient id; both Observation parts reach the patients."""
        names = sorted(p.name for p in export.iterdir())
        assert "Observation.000.ndjson" in names
        assert "Observation.001.ndjson" in names
        ids = [full["patient_id"] for full, _ in EXPECTED]
        assert ids == [r[0]["id"] for r in RESOURCES]
        index = index_export(export)
        observations = sum(1 for r in RESOURCES for x in r if x["resourceType"] == "Observation")
        assert index.resource_count == sum(len(r) for r in RESOURCES)
        assert (
            sum(
                1 for p in index.patients() for name, _ in p.where if name.startswith("Observation")
            )
            == observations
        )

    def test_python_api(self, export: Path) -> None:
        """evaluate_export yields the reports FhirRead.evaluate gives."""
        got = [r.to_dict() for r in evaluate_export(export, at=AT, workers=1)]
        expected = [fhir.read(bundle(r), at=AT).evaluate(at=AT).to_dict() for r in RESOURCES]
        assert json.loads(json.dumps(got)) == json.loads(json.dumps(expected))

    def test_parquet_rows_name_the_patient_file(self, export: Path, tmp_path: Path) -> None:
        """Parquet: each row's input is the Patient file and its line the Patient's line."""
        out = tmp_path / "out.parquet"
        assert (
            main(["cohort", str(export), "--at", AT_TEXT, "--out", str(out), "--workers", "1"]) == 0
        )
        rows = pq.read_table(out).to_pylist()
        assert {row["input"] for row in rows} == {str(export / "Patient.ndjson")}
        first = [row["code"] for row in rows if row["line"] == 1]
        codes = [rec["code"] for rec in EXPECTED[0][1]["recommendations"]]
        assert first == (codes or [None])

    def test_jsonl_and_folder_in_argument_order(self, export: Path, tmp_path: Path) -> None:
        """A JSON lines file then a folder: the line's report first, then the export's."""
        lines = tmp_path / "in.jsonl"
        lines.write_text('{"id": "native-1", "diagnoses": ["mcas"]}\n', encoding="utf-8")
        out = tmp_path / "out.ndjson"
        argv = ["cohort", str(lines), str(export), "--at", AT_TEXT, "--out", str(out)]
        assert main([*argv, "--workers", "1"]) == 0
        ids = [r["patient_id"] for r in _records(out.read_text(encoding="utf-8"))]
        assert ids == ["native-1", *(r[0]["id"] for r in RESOURCES)]


def _small_export(folder: Path) -> Path:
    return _write_export(folder, RESOURCES[:3])


def _append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")


class TestErrors:
    """Lines that belong to no patient are error records naming file and line; the run goes on."""

    def test_orphan_resources(self, tmp_path: Path) -> None:
        """Resources of a patient without a Patient resource: one error record, exit status 1."""
        folder = _small_export(tmp_path / "export")
        orphan = {
            "resourceType": "Condition",
            "id": "lost-c0",
            "subject": {"reference": "https://fhir.example.org/r4/Patient/lost"},
            "code": {"text": "mastocytosis"},
        }
        _append(folder / "Condition.ndjson", json.dumps(orphan), json.dumps(orphan | {"id": "x"}))
        out = tmp_path / "out.ndjson"
        assert (
            main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out), "--workers", "1"]) == 1
        )
        records = _records(out.read_text(encoding="utf-8"))
        assert [r["patient_id"] for r in records[:3]] == [r[0]["id"] for r in RESOURCES[:3]]
        last = records[3]
        assert last["patient_id"] == "lost"
        assert last["input"] == str(folder / "Condition.ndjson")
        conditions = sum(1 for r in RESOURCES[:3] for x in r if x["resourceType"] == "Condition")
        assert last["line"] == conditions + 1
        assert "2 resource(s) about Patient/lost" in last["errors"][0]
        assert "no Patient resource" in last["errors"][0]

    def test_malformed_lines(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """Invalid JSON, a non-resource and a resource with no subject: records first, then patients."""
        folder = _small_export(tmp_path / "export")
        observations = folder / "Observation.000.ndjson"
        count = len(observations.read_text(encoding="utf-8").splitlines())
        _append(observations, '{"resourceType": "Observation", "id": ', "[1, 2]", "")
        _append(folder / "Condition.ndjson", json.dumps({"resourceType": "Condition", "id": "c"}))
        out = tmp_path / "out.ndjson"
        assert (
            main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out), "--workers", "2"]) == 1
        )
        records = _records(out.read_text(encoding="utf-8"))
        errors = records[:3]
        assert [(Path(e["input"]).name, e["line"]) for e in errors] == [
            (
                "Condition.ndjson",
                sum(1 for r in RESOURCES[:3] for x in r if x["resourceType"] == "Condition") + 1,
            ),
            ("Observation.000.ndjson", count + 1),
            ("Observation.000.ndjson", count + 2),
        ]
        assert "no subject or patient reference" in errors[0]["errors"][0]
        assert "invalid JSON" in errors[1]["errors"][0]
        assert "Observation.000.ndjson line" in errors[1]["errors"][0]
        assert "resourceType" in errors[2]["errors"][0]
        assert [r["patient_id"] for r in records[3:]] == [r[0]["id"] for r in RESOURCES[:3]]
        assert "3 errors" in capsys.readouterr().err

    def test_duplicate_patient(self, tmp_path: Path) -> None:
        """A second Patient resource with the same id is an error record; the first is read."""
        folder = _small_export(tmp_path / "export")
        _append(folder / "Patient.ndjson", json.dumps(RESOURCES[0][0]))
        out = tmp_path / "out.ndjson"
        assert (
            main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out), "--workers", "1"]) == 1
        )
        records = _records(out.read_text(encoding="utf-8"))
        assert records[0]["line"] == 4
        assert "again (first at Patient.ndjson line 1)" in records[0]["errors"][0]
        assert records[1] == EXPECTED[0][0]

    def test_limits_break_fails_the_patient(self, tmp_path: Path) -> None:
        """A line valid JSON but over mastcell's limits (a duplicate key) fails its patient."""
        folder = _small_export(tmp_path / "export")
        pid = RESOURCES[0][0]["id"]
        _append(
            folder / "Condition.ndjson",
            '{"resourceType": "Condition", "id": "d", "id": "d", '
            f'"subject": {{"reference": "Patient/{pid}"}}}}',
        )
        out = tmp_path / "out.ndjson"
        assert (
            main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out), "--workers", "1"]) == 1
        )
        first = _records(out.read_text(encoding="utf-8"))[0]
        assert first["patient_id"] == pid
        assert first["kind"] == "input"
        assert first["errors"][0].startswith("Condition.ndjson line ")
        assert "duplicate key 'id'" in first["errors"][0]

    def test_missing_patient_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An export without a Patient file: nothing run, exit status 2, the fix named."""
        folder = _small_export(tmp_path / "export")
        (folder / "Patient.ndjson").unlink()
        out = tmp_path / "out.ndjson"
        assert main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out)]) == 2
        assert "no Patient file" in capsys.readouterr().err
        assert not out.exists()

    def test_empty_folder(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder without .ndjson files: nothing run, exit status 2."""
        (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
        out = tmp_path / "o.ndjson"
        assert main(["cohort", str(tmp_path), "--at", AT_TEXT, "--out", str(out)]) == 2
        assert "without .ndjson files" in capsys.readouterr().err
        assert not out.exists()

    def test_resources_not_about_a_patient_are_counted(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Practitioners and unreferenced Medications: a notice on stderr, not records."""
        folder = _small_export(tmp_path / "export")
        _append(folder / "Practitioner.ndjson", '{"resourceType": "Practitioner", "id": "dr"}')
        _append(folder / "Medication.ndjson", '{"resourceType": "Medication", "id": "unused"}')
        out = tmp_path / "out.ndjson"
        assert (
            main(["cohort", str(folder), "--at", AT_TEXT, "--out", str(out), "--workers", "1"]) == 0
        )
        assert len(_records(out.read_text(encoding="utf-8"))) == 3
        err = capsys.readouterr().err
        assert "2 resources not about one patient, not read: Medication 1, Practitioner 1" in err


class TestMedicationReference:
    """A Medication resource an order references joins that order's patient."""

    def test_referenced_medication_is_read(self, tmp_path: Path) -> None:
        """The order's drug comes from the Medication resource, as from a Bundle."""
        patient = {"resourceType": "Patient", "id": "m1", "gender": "female"}
        medication = {
            "resourceType": "Medication",
            "id": "med-cetirizine",
            "code": {"text": "cetirizine 10 mg tablet"},
        }
        order = {
            "resourceType": "MedicationRequest",
            "id": "mr1",
            "status": "active",
            "intent": "order",
            "subject": {"reference": "Patient/m1"},
            "medicationReference": {"reference": "Medication/med-cetirizine"},
        }
        folder = tmp_path / "export"
        folder.mkdir()
        for resource in (patient, medication, order):
            _append(folder / f"{resource['resourceType']}.ndjson", json.dumps(resource))
        (report,) = evaluate_export(folder, at=AT, workers=1)
        expected = fhir.read(bundle([patient, order, medication]), at=AT)
        assert expected.patient.medications[0].drug == "cetirizine"
        assert report.to_dict() == expected.evaluate(at=AT).to_dict()


class TestBoundedMemory:
    """The index holds integer locations, never resources: memory far below the export's size."""

    def test_index_holds_offsets_not_resources(self, tmp_path: Path) -> None:
        """Per patient an array of packed (file, offset) and line integers."""
        folder = _small_export(tmp_path / "export")
        index = index_export(folder)
        pid = RESOURCES[0][0]["id"]
        locations = index.locations(pid)
        assert isinstance(locations, array)
        assert locations.typecode == "q"
        assert len(locations) == 2 * (len(RESOURCES[0]) - 1)

    def test_index_memory_is_a_small_fraction_of_the_export(self, tmp_path: Path) -> None:
        """A 3,000-patient export: the index's peak is bytes per patient and per resource."""
        folder = tmp_path / "large"
        many = [_renamed(resources, n) for n in range(100) for resources in RESOURCES[:30]]
        _write_export(folder, many)
        size = sum(p.stat().st_size for p in folder.iterdir())
        tracemalloc.start()
        try:
            index = BulkIndex(folder)
            assert list(index.build()) == []
            assert list(index.orphans()) == []
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert index.patient_count == 3000
        # Two 8-byte integers per resource (plus array growth) and a small entry per patient:
        # far below the resources themselves, whatever their size.
        assert peak < 500 * index.patient_count + 40 * index.resource_count, (peak, size)
        assert peak < size / 3, (peak, size)


def _renamed(resources: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """A copy of a patient's resources under a new patient id (references follow)."""
    pid = f"{n}-{resources[0]['id']}"
    out = []
    for resource in resources:
        copy = {**resource, "id": f"{n}-{resource['id']}"}
        for key in ("subject", "patient"):
            if key in copy:
                copy[key] = {"reference": f"Patient/{pid}"}
        out.append(copy)
    return out


class TestFileNames:
    """Patient files are recognised by a name part, as Bulk Data servers name them."""

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("Patient.ndjson", True),
            ("Patient.000.ndjson", True),
            ("1.Patient.ndjson", True),
            ("Patient_2.ndjson", True),
            ("PatientConsent.ndjson", False),
            ("Observation.ndjson", False),
        ],
    )
    def test_is_patient_file(self, name: str, expected: bool) -> None:
        """Patient as a dot-, dash- or underscore-separated part of the name."""
        assert is_patient_file(name) is expected


class TestDocs:
    """The documented example runs as written."""

    def test_cohort_page_example_runs(self, tmp_path: Path) -> None:
        """The bash block of "From a FHIR Bulk Data export" writes two reports, exit 0."""
        page = (ROOT / "docs" / "cohort.md").read_text(encoding="utf-8")
        section = page[page.index("## From a FHIR Bulk Data export") :]
        block = section[section.index("```bash") + len("```bash") : section.index("```\n\n")]
        script = block.replace("mastcell cohort", f"{sys.executable} -m mastcell cohort")
        done = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        assert done.returncode == 0, done.stderr
        records = _records((tmp_path / "reports.ndjson").read_text(encoding="utf-8"))
        assert [r["patient_id"] for r in records] == ["p1", "p2"]
        assert any(
            finding.get("fhir") == "Observation/o1"
            for rec in records[1]["recommendations"]
            for finding in rec["findings"]
        )
