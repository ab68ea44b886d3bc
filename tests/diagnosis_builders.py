"""Builders for the diagnosis tests: a complete work-up that decides every rung, and its edits.

``complete()`` gives a patient whose SM criteria are met under both schemes and whose subtype
ladder is decided throughout (WHO ``bmm``, ICC ``ism`` with the ``bmm`` variant); each test
changes one thing and reads the consequence.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from mastcell import (
    Biopsy,
    Classification,
    Flare,
    KitTest,
    LabResult,
    OrganFindings,
    Patient,
    Skin,
    classify,
)
from mastcell.knowledge.options import DiagnosisOptions, Options
from mastcell.testing import AT, lab

DAY = date(2026, 9, 1)


def marrow(**fields: Any) -> Biopsy:
    """A marrow biopsy on DAY with the given findings."""
    return Biopsy(**{"date": DAY, "site": "bone_marrow", **fields})


def kit(**fields: Any) -> KitTest:
    """A KIT D816V result on DAY (detected in marrow by ddPCR unless told otherwise)."""
    base = {
        "date": DAY,
        "variant": "D816V",
        "result": "detected",
        "specimen": "bone_marrow",
        "method": "ddpcr",
    }
    return KitTest(**{**base, **fields})


def baseline(value: float, days_before: float = 2, **fields: Any) -> LabResult:
    """A baseline tryptase ``days_before`` the moment AT."""
    return lab(
        "tryptase", value, "ng/mL", AT - timedelta(days=days_before), role="baseline", **fields
    )


def counts(
    hb: float = 14, platelets: float = 250, wbc: float = 7, anc: float = 4
) -> list[LabResult]:
    """A blood count with the laboratory's ranges (all within range by default)."""
    return [
        lab("hemoglobin", hb, "g/dL", reference_low=12, reference_high=16),
        lab("platelets", platelets, "10*9/L", reference_low=150, reference_high=400),
        lab("wbc", wbc, "10*9/L", reference_low=4, reference_high=10),
        lab("anc", anc, "10*9/L", reference_low=1.8, reference_high=7.5),
    ]


#: The organ findings of a patient without organ involvement (every flag known).
NO_ORGANS: dict[str, Any] = {
    "hepatomegaly": False,
    "liver_dysfunction": False,
    "ascites": False,
    "portal_hypertension": False,
    "splenomegaly": False,
    "hypersplenism": False,
    "pathological_fracture": False,
    "malabsorption_with_weight_loss": False,
    "cytopenia_attributed_to_sm": False,
    "lymphadenopathy_cm": 0.0,
    "osteolysis_cm": 0.0,
}

#: A marrow that meets the major criterion (both schemes) and two minor ones, with every
#: subtype input known: aspirate 2 %, mature morphology, infiltration 10 %, no dysplasia.
MARROW: dict[str, Any] = {
    "aggregates": True,
    "aggregates_stain": ("cd117",),
    "atypical_pct": 50.0,
    "cd25": True,
    "cd2": False,
    "cd30": False,
    "aspirate_mast_cell_pct": 2.0,
    "immature_morphology": False,
    "infiltration_pct": 10.0,
    "dysplasia_or_myeloproliferation": False,
}


def complete(
    *,
    marrow_fields: dict[str, Any] | None = None,
    organs: dict[str, Any] | None = None,
    tryptase: tuple[float, ...] = (30.0, 32.0),
    **fields: Any,
) -> Patient:
    """A complete work-up: SM met under both schemes, WHO ``bmm`` / ICC ``ism`` (variant bmm).

    ``marrow_fields`` and ``organs`` change the marrow biopsy and the organ findings; ``tryptase``
    gives the baselines (60 and 2 days before AT); other keywords replace patient fields.
    """
    labs = [baseline(v, 60 - 58 * i) for i, v in enumerate(tryptase)] + counts()
    base: dict[str, Any] = {
        "id": "complete",
        "sex": "female",
        "biopsies": [marrow(**{**MARROW, **(marrow_fields or {})})],
        "kit_tests": [kit(vaf_pct=1.0)],
        "skin": Skin(lesions="none"),
        "organ_findings": OrganFindings(**{**NO_ORGANS, **(organs or {})}),
        "labs": labs,
    }
    base.update(fields)
    return Patient(**base)


def result(patient: Patient, **options: Any) -> Classification:
    """The classification at AT (diagnosis options as keywords)."""
    return classify(patient, at=AT, options=Options(diagnosis=DiagnosisOptions(**options)))


def mcas_met(trigger: str | None = None, **fields: Any) -> Patient:
    """MCAS met by the consensus criteria (two episodes of two systems, an acute tryptase of 20
    over a baseline of 5, improved on anti-mediators); other keywords replace patient fields."""
    onset = AT - timedelta(days=5)
    flares = [
        Flare(onset=onset, organ_systems=["skin", "cardiovascular"], trigger=trigger),
        Flare(
            onset=onset - timedelta(days=40),
            organ_systems=["skin", "gastrointestinal"],
            trigger=trigger,
        ),
    ]
    base: dict[str, Any] = {
        "flares": flares,
        "labs": [
            lab("tryptase", 5, "ng/mL", onset - timedelta(days=20), role="baseline"),
            lab("tryptase", 20, "ng/mL", onset + timedelta(hours=2), role="acute"),
        ],
        "response_to_antimediators": "improved",
    }
    base.update(fields)
    return Patient(**base)
