"""Properties of the classification: less known never means more found.

Making any recorded input unknown (a field set to null, an object left out, the sex unknown)
never turns a criterion or a diagnosis from not met into met, never makes the subtype more
severe, and only widens the NICAS range over the same episodes (an episode's anaphylaxis or
trigger decides whether NICAS scores it at all). With every input unknown no subtype is given.

Three readings are outside the property by design and are tested where they are defined: the
latest result decides (removing a later baseline or biopsy shows an earlier one, DX5, BC1);
WHO 2022 reads the tryptase unadjusted while the TPSAB1 genotype is not recorded (DX5); and an
absent associated neoplasm means none recorded (the chart convention, DX16), so leaving one out
is not "unknown" (its lineage made unknown is).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagnosis_builders import baseline, counts
from mastcell import (
    AssociatedNeoplasm,
    Biopsy,
    Classification,
    Flare,
    KitTest,
    OrganFindings,
    Patient,
    Skin,
    classify,
)
from mastcell.model.classification import CriterionStatus, DiagnosisStatus, SmSubtype
from mastcell.testing import AT
from strategies import patients, valid_at

#: How severe a subtype is (for "never more severe").
SEVERITY = {
    SmSubtype.BMM: 0,
    SmSubtype.ISM: 1,
    SmSubtype.SSM: 2,
    SmSubtype.ASM: 3,
    SmSubtype.SM_AHN: 4,
    SmSubtype.SM_AMN: 4,
    SmSubtype.MCL: 5,
}

#: Mostly known (one in five unknown), so that many work-ups reach a subtype.
BOOL = st.sampled_from([False, True, False, True, None])


def _pct(*edges: float) -> st.SearchStrategy[float | None]:
    return st.sampled_from([None, *edges, *edges])


@st.composite
def work_ups(draw: st.DrawFn) -> Patient:
    """A work-up mostly known, its values at the thresholds' edges, so subtypes are given."""
    day = date(2026, 9, 1)
    marrow = Biopsy(
        date=day,
        site="bone_marrow",
        aggregates=draw(BOOL),
        aggregates_stain=draw(st.none() | st.sampled_from([(), ("cd117",), ("tryptase",)])),
        infiltration_pct=draw(_pct(5.0, 30.0, 30.1, 60.0)),
        atypical_pct=draw(_pct(10.0, 25.0, 25.1, 60.0)),
        aspirate_mast_cell_pct=draw(_pct(1.0, 2.0, 5.0, 19.9, 20.0, 40.0)),
        immature_morphology=draw(BOOL),
        cd25=draw(BOOL),
        cd2=draw(BOOL),
        cd30=draw(BOOL),
        dysplasia_or_myeloproliferation=draw(BOOL),
    )
    biopsies = [marrow]
    if draw(st.booleans()):
        biopsies.append(
            Biopsy(
                date=day, site=draw(st.sampled_from(["liver", "gi", "skin"])), aggregates=draw(BOOL)
            )
        )
    kit = KitTest(
        date=day,
        variant=draw(st.sampled_from(["D816V", "D816H", "K509I"])),
        result=draw(st.sampled_from(["detected", "not_detected"])),
        vaf_pct=draw(_pct(1.0, 9.9, 10.0, 30.0)),
        specimen=draw(st.none() | st.sampled_from(["bone_marrow", "blood", "other"])),
        method=draw(st.none() | st.sampled_from(["ddpcr", "ngs", "other"])),
        lod_pct=draw(_pct(0.01, 0.1, 0.5)),
        activating=draw(BOOL),
    )
    organs = OrganFindings(
        hepatomegaly=draw(BOOL),
        liver_dysfunction=draw(BOOL),
        ascites=draw(BOOL),
        portal_hypertension=draw(BOOL),
        splenomegaly=draw(BOOL),
        hypersplenism=draw(BOOL),
        pathological_fracture=draw(BOOL),
        malabsorption_with_weight_loss=draw(BOOL),
        cytopenia_attributed_to_sm=draw(BOOL),
        lymphadenopathy_cm=draw(_pct(0.0, 1.0, 1.5, 2.0, 2.5)),
        osteolysis_cm=draw(_pct(0.0, 1.9, 2.0)),
    )
    tryptase = draw(st.sampled_from([(8.0, 9.0), (25.0, 26.0), (30.0, 124.9), (150.0, 210.0)]))
    labs = [baseline(v, 60 - 58 * i) for i, v in enumerate(tryptase)]
    labs += counts(
        hb=draw(st.sampled_from([9.9, 11.0, 14.0])),
        platelets=draw(st.sampled_from([99.0, 140.0, 250.0])),
    )
    onset = AT - timedelta(days=30)
    flares = [
        Flare(
            onset=onset - timedelta(days=40 * i),
            organ_systems=draw(
                st.none() | st.sampled_from([("skin",), ("skin", "cardiovascular")])
            ),
            anaphylaxis=draw(BOOL),
            syncope=draw(BOOL),
            urticaria=draw(BOOL),
            angioedema=draw(BOOL),
            flushing=draw(BOOL),
            trigger=draw(st.none() | st.sampled_from(["none", "venom"])),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    neoplasm = draw(
        st.none()
        | st.builds(
            AssociatedNeoplasm,
            name=st.just("N"),
            lineage=st.none() | st.sampled_from(["myeloid", "lymphoid"]),
        )
    )
    return Patient(
        sex=draw(st.sampled_from(["male", "female", "unknown"])),
        biopsies=biopsies,
        kit_tests=[kit],
        skin=draw(
            st.none() | st.builds(Skin, lesions=st.none() | st.sampled_from(["none", "mpcm"]))
        ),
        organ_findings=organs,
        associated_neoplasm=neoplasm,
        labs=labs,
        flares=flares,
        response_to_antimediators=draw(st.none() | st.sampled_from(["improved", "not_improved"])),
    )


def _nulled(obj: Any) -> Iterator[Any]:
    """``obj`` with one optional, non-null field set to None, each in turn."""
    for field in attrs.fields(type(obj)):
        if field.default is not None or getattr(obj, field.name) is None:
            continue
        yield attrs.evolve(obj, **{field.name: None})


def _with(p: Patient, **fields: Any) -> Patient:
    """``p`` with ``fields`` replaced (typed loosely: the tests change any field)."""
    changed: Patient = attrs.evolve(p, **fields)
    return changed


def less_known(p: Patient) -> Iterator[tuple[str, Patient]]:
    """Every patient with one recorded input made unknown."""
    if p.sex.value != "unknown":
        yield "sex", _with(p, sex="unknown")
    for name in ("skin", "organ_findings", "response_to_antimediators"):
        if getattr(p, name) is not None:
            yield name, _with(p, **{name: None})
    for name in ("skin", "organ_findings", "associated_neoplasm"):
        obj = getattr(p, name)
        if obj is not None:
            for changed in _nulled(obj):
                yield f"{name}.*", _with(p, **{name: changed})
    for name in ("biopsies", "kit_tests", "flares"):
        items = getattr(p, name)
        for i, item in enumerate(items):
            for changed in _nulled(item):
                rest = (*items[:i], changed, *items[i + 1 :])
                yield f"{name}[{i}].*", _with(p, **{name: rest})


def _population(p: Patient) -> list[int]:
    """NICAS's episodes (anaphylaxis without a known trigger): an input that moves an episode
    in or out changes what is scored, not how much is known of it (SC1)."""
    return [
        i
        for i, f in enumerate(p.flares)
        if f.anaphylaxis is True and (f.trigger is None or f.trigger.value == "none")
    ]


def _criteria(c: Classification) -> Iterator[tuple[str, CriterionStatus]]:
    for r in c.schemes:
        yield f"{r.scheme} major", r.major.status
        for group in (r.minor, r.b_findings, r.c_findings):
            for key, a in group.items():
                yield f"{r.scheme} {key}", a.status
    for criterion, a in c.mcas.criteria.items():
        yield f"mcas {criterion}", a.status


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(work_ups())
def test_less_known_never_finds_more(patient: Patient) -> None:
    """Any input made unknown: no not met turns met, no subtype gets more severe, NICAS widens."""
    before = classify(patient, at=AT)
    old = dict(_criteria(before))
    for what, changed in less_known(patient):
        after = classify(changed, at=AT)
        for key, status in _criteria(after):
            assert not (old[key] is CriterionStatus.NOT_MET and status is CriterionStatus.MET), (
                what,
                key,
            )
        for b, a in zip(before.schemes, after.schemes, strict=True):
            assert not (b.status is DiagnosisStatus.NOT_MET and a.status is DiagnosisStatus.MET), (
                what
            )
            if b.subtype is not None and a.subtype is not None:
                assert SEVERITY[a.subtype] <= SEVERITY[b.subtype], (what, b.subtype, a.subtype)
        if before.mcas.status is DiagnosisStatus.NOT_MET:
            assert after.mcas.status is not DiagnosisStatus.MET, what
        same_population = _population(changed) == _population(patient)
        if before.nicas is not None and after.nicas is not None and same_population:
            assert after.nicas.low <= before.nicas.low, what
            assert after.nicas.high >= before.nicas.high, what


@settings(max_examples=25, deadline=None)
@given(work_ups())
def test_every_input_unknown_gives_no_subtype(patient: Patient) -> None:
    """The same work-up with every optional field unknown: no subtype under either scheme."""

    def unknown(obj: Any) -> Any:
        fields = {f.name: None for f in attrs.fields(type(obj)) if f.default is None and f.init}
        return attrs.evolve(obj, **fields)

    blank = attrs.evolve(
        patient,
        biopsies=tuple(unknown(b) for b in patient.biopsies),
        kit_tests=tuple(unknown(t) for t in patient.kit_tests),
        skin=None if patient.skin is None else unknown(patient.skin),
        organ_findings=unknown(patient.organ_findings),
        flares=tuple(unknown(f) for f in patient.flares),
        labs=(),
    )
    c = classify(blank, at=AT)
    assert [r.subtype for r in c.schemes] == [None, None]
    assert {r.status for r in c.schemes} == {DiagnosisStatus.INDETERMINATE}


@settings(max_examples=30, deadline=None)
@given(patients())
def test_any_generated_patient_classifies(patient: Patient) -> None:
    """Any valid patient classifies: a status per scheme, a subtype only when met."""
    c = classify(valid_at(patient, AT), at=AT)
    for r in c.schemes:
        assert r.subtype is None or r.status is DiagnosisStatus.MET
        assert r.variant is None or r.subtype is SmSubtype.ISM
