"""Types and manners (issue 12 item 5): typed parameters, field-named errors, repr, logging."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from mastcell import (
    Dose,
    InputError,
    LabResult,
    Medication,
    PainAssessment,
    Patient,
    Procedure,
    Recommendation,
    Weight,
    evaluate,
)
from mastcell.examples import load, names

T = datetime(2026, 11, 20, tzinfo=UTC)


class TestParameterTypes:
    """Enum-valued parameters are typed with their enum or code, never ``object``."""

    @pytest.mark.parametrize(
        ("cls", "field", "enum_name"),
        [
            (LabResult, "analyte", "Analyte"),
            (LabResult, "role", "TryptaseRole"),
            (Medication, "frequency", "Frequency"),
            (Medication, "route", "Route"),
            (Medication, "status", "MedicationStatus"),
            (Procedure, "kind", "ProcedureKind"),
            (Patient, "sex", "Sex"),
            (Patient, "symptom_control", "SymptomControl"),
            (Recommendation, "indicator", "Indicator"),
        ],
    )
    def test_init_annotation_names_the_enum(self, cls: type, field: str, enum_name: str) -> None:
        """The generated ``__init__`` takes ``Enum | str`` (what mypy checks callers against)."""
        annotation = str(vars(cls)["__init__"].__annotations__[field])
        assert enum_name in annotation
        assert "str" in annotation
        assert "object" not in annotation

    def test_patient_lists_are_typed(self) -> None:
        """``Patient(labs=...)`` takes LabResults, ``diagnoses`` codes."""
        annotations = vars(Patient)["__init__"].__annotations__
        assert "LabResult" in str(annotations["labs"])
        assert "Diagnosis" in str(annotations["diagnoses"])


class TestWrongTypesNameTheField:
    """A wrong type at construction is an InputError naming the field, not a bare TypeError.

    The ``type: ignore`` comments are the other half of the point: mypy refuses these calls.
    """

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (lambda: LabResult(analyte="anc", value="800", unit="/uL", time=T), "value:"),  # type: ignore[arg-type]
            (lambda: LabResult(analyte="anc", value=800, unit=5, time=T), "unit:"),  # type: ignore[arg-type]
            (
                lambda: LabResult(analyte="anc", value=8, unit="/uL", time=T, reference_low="1"),  # type: ignore[arg-type]
                "reference_low:",
            ),
            (lambda: LabResult(analyte=123, value=800, unit="/uL", time=T), "analyte:"),  # type: ignore[arg-type]
            (lambda: Patient(diagnoses="ism"), "diagnoses:"),
            (lambda: Patient(diagnoses=["ism", "xsm"]), "diagnoses[1]:"),
            (lambda: Patient(labs=[1]), "labs[0]:"),  # type: ignore[list-item]
            (lambda: Patient(medications="cetirizine"), "medications:"),  # type: ignore[arg-type]
            (lambda: Patient(pain=7), "pain:"),  # type: ignore[arg-type]
            (lambda: Patient(weight=70), "weight:"),  # type: ignore[arg-type]
            (lambda: Patient(id=5), "id:"),  # type: ignore[arg-type]
            (lambda: Medication(drug="x", dose="10 mg"), "dose:"),  # type: ignore[arg-type]
            (lambda: Dose(value="10", unit="mg"), "value:"),  # type: ignore[arg-type]
            (lambda: Weight(value=70, unit=None), "unit:"),  # type: ignore[arg-type]
            (lambda: PainAssessment(score="7"), "score:"),  # type: ignore[arg-type]
        ],
    )
    def test_input_error_names_the_field(self, build: Any, field: str) -> None:
        """Each wrong type raises InputError whose message starts with the field."""
        with pytest.raises(InputError) as caught:
            build()
        assert str(caught.value).startswith(field), str(caught.value)

    def test_diagnoses_are_not_iterated_as_characters(self) -> None:
        """``Patient(diagnoses="ism")`` names the field, not the letter 'i'."""
        with pytest.raises(InputError, match="expected a list of codes") as caught:
            Patient(diagnoses="ism")
        assert "'i'" not in str(caught.value)


class TestRepr:
    """``repr`` of a patient and a report is one short line."""

    @pytest.mark.parametrize("name", names())
    def test_short_repr(self, name: str) -> None:
        """Every bundled example and its report have a repr under 200 characters."""
        patient = load(name)
        report = evaluate(patient, at="2026-11-22T12:00:00Z")
        assert len(repr(patient)) < 200
        assert len(repr(report)) < 200
        assert repr(report).startswith("<Report ")
        assert f"{len(report)} recommendations" in repr(report)


class TestLogging:
    """What the library leaves aside goes to the ``mastcell`` logger, which has no handler."""

    def test_no_handler_configured(self) -> None:
        """The library adds no handler: applications decide where logs go."""
        import mastcell  # noqa: F401

        assert logging.getLogger("mastcell").handlers == []

    def test_unused_input_is_logged(self, caplog: pytest.LogCaptureFixture) -> None:
        """An unclassified drug, listed in unused_inputs, is logged at INFO too."""
        patient = Patient(diagnoses=("mcas",), medications=(Medication(drug="zzdrug"),))
        with caplog.at_level(logging.INFO, logger="mastcell"):
            report = evaluate(patient, at="2026-11-22T12:00:00Z")
        assert report.unused_inputs
        logged = [r for r in caplog.records if r.name == "mastcell"]
        assert any("medications[0]" in r.getMessage() for r in logged)

    def test_withdrawn_proposal_is_logged(self, caplog: pytest.LogCaptureFixture) -> None:
        """A proposal the guard withdraws (recorded reaction) is logged: cromolyn for
        uncontrolled symptoms, after a reaction to cromolyn."""
        from mastcell import Reaction

        patient = Patient(
            diagnoses=("mcas",),
            symptom_control="inadequate",
            reactions=(Reaction(agent="cromolyn", severity="flare"),),
        )
        with caplog.at_level(logging.INFO, logger="mastcell"):
            evaluate(patient, at="2026-11-22T12:00:00Z")
        assert any("withdrawn" in r.getMessage() for r in caplog.records if r.name == "mastcell")


class TestHtmlTables:
    """The HTML tables of a report and a patient wrap and align text left."""

    @pytest.mark.parametrize("kind", ["report", "patient"])
    def test_tables_wrap_and_left_align(self, kind: str) -> None:
        """The embedded CSS sets left alignment, normal white-space and word wrapping."""
        patient = load("advsm-midostaurin-neutropenia")
        html = (
            evaluate(patient, at="2026-11-22T12:00:00Z")._repr_html_()
            if kind == "report"
            else patient._repr_html_()
        )
        style = html[html.index("<style>") : html.index("</style>")]
        assert "text-align:left" in style
        assert "white-space:normal" in style
        assert "overflow-wrap:anywhere" in style
        assert "max-width:100%" in style
        assert "nowrap" not in style
