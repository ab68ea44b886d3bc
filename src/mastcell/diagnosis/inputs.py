"""The patient's work-up as the classification reads it, derived once at the moment ``at``.

Everything the criteria read comes from :func:`read_inputs`: the biopsies, KIT tests and
scores dated by the moment (later ones are set aside, with a note), the baseline tryptase
series (roles as :func:`mastcell.tryptase.infer_role` reads them, the same as the monitoring
rules), the latest blood counts, and every item with its input path. The decision functions
are pure functions of these inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from mastcell.counts import Count, latest_count
from mastcell.knowledge.options import Options
from mastcell.model import (
    AntimediatorResponse,
    AssociatedNeoplasm,
    Biopsy,
    BiopsySite,
    Diagnosis,
    Flare,
    KitTest,
    LabResult,
    OrganFindings,
    Patient,
    Reaction,
    Score,
    Sensitisation,
    Sex,
    Skin,
    TryptaseRole,
)
from mastcell.model._checks import day_of
from mastcell.model.vocabulary import Analyte
from mastcell.tryptase import infer_role

__all__ = ["Inputs", "read_inputs"]

#: The counts the C-finding cytopenia and the ICC B2 finding read.
_COUNTS = (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS, Analyte.WBC)
_URINE = (Analyte.URINE_LTE4, Analyte.URINE_PGF2A, Analyte.URINE_NMH)


@attrs.frozen(kw_only=True)
class Inputs:
    """The work-up at the moment ``at``: each item with its input path, in time order.

    >>> from mastcell.testing import AT, patient
    >>> read_inputs(patient(), AT).biopsies
    ()
    """

    at: dt.datetime
    options: Options
    sex: Sex
    age: float | None
    diagnoses: frozenset[Diagnosis]
    biopsies: tuple[tuple[str, Biopsy], ...]
    kit_tests: tuple[tuple[str, KitTest], ...]
    kit_d816v: bool | None
    #: Baseline tryptase results (given or inferred) at or before ``at``, in time order.
    baselines: tuple[tuple[str, LabResult], ...]
    #: Every other tryptase at or before ``at`` (acute, given or inferred), in time order.
    other_tryptase: tuple[tuple[str, LabResult], ...]
    flares: tuple[tuple[str, Flare], ...]
    reactions: tuple[tuple[str, Reaction], ...]
    skin: Skin | None
    organ_findings: OrganFindings | None
    neoplasm: AssociatedNeoplasm | None
    response: AntimediatorResponse | None
    sensitisations: tuple[tuple[str, Sensitisation], ...]
    scores: tuple[tuple[str, Score], ...]
    copies: int | None
    #: The latest count per analyte at ``at`` (ANC derived from WBC x % where needed).
    counts: Mapping[Analyte, Count]
    #: The latest result per count analyte (for the laboratory's reference range).
    count_labs: Mapping[Analyte, tuple[str, LabResult]]
    #: Urinary mediator results at or before ``at`` (never MCAS criterion B by themselves).
    urine: tuple[str, ...]
    #: Inputs set aside (dated after ``at``).
    notes: tuple[str, ...]

    @property
    def marrow(self) -> tuple[tuple[str, Biopsy], ...]:
        """The bone marrow biopsies, oldest first."""
        return tuple(b for b in self.biopsies if b[1].site is BiopsySite.BONE_MARROW)

    @property
    def latest_baseline(self) -> tuple[str, LabResult] | None:
        """The latest baseline tryptase at or before ``at`` ("the baseline")."""
        return self.baselines[-1] if self.baselines else None

    def baseline_before(self, when: dt.datetime) -> tuple[str, LabResult] | None:
        """The latest baseline tryptase drawn before ``when`` (an episode's onset)."""
        earlier = [b for b in self.baselines if b[1].time < when]
        return earlier[-1] if earlier else None


def _dated(day: dt.date | None, at: dt.datetime) -> bool:
    return day is None or (day <= at if isinstance(day, dt.datetime) else day <= day_of(at))


def read_inputs(patient: Patient, at: dt.datetime, options: Options | None = None) -> Inputs:
    """The work-up of ``patient`` as the criteria read it at ``at``.

    >>> from datetime import date
    >>> from mastcell.testing import AT, patient
    >>> p = patient(biopsies=[Biopsy(date=date(2027, 1, 1), site="bone_marrow")])
    >>> got = read_inputs(p, AT)
    >>> got.biopsies, got.notes
    ((), ('biopsies[0] is dated after the moment of classification: not used',))
    """
    options = Options() if options is None else options
    notes: list[str] = []
    path = patient.path_of

    def in_time(name: str, items: tuple[object, ...], day_of_item: str) -> list[tuple[str, object]]:
        kept = []
        for i, item in enumerate(items):
            if _dated(getattr(item, day_of_item), at):
                kept.append((f"{name}[{i}]", item))
            else:
                notes.append(f"{name}[{i}] is dated after the moment of classification: not used")
        return kept

    biopsies = sorted(
        in_time("biopsies", patient.biopsies, "date"),
        key=lambda b: day_of(b[1].date),  # type: ignore[attr-defined]
    )
    kit_tests = sorted(
        in_time("kit_tests", patient.kit_tests, "date"),
        key=lambda t: day_of(t[1].date),  # type: ignore[attr-defined]
    )
    scores = in_time("scores", patient.scores, "date")
    flares = [f for f in patient.flares if f.onset <= at]
    window = options.monitoring.acute_sample_window
    baselines: list[tuple[str, LabResult]] = []
    other: list[tuple[str, LabResult]] = []
    for lab in patient.series(Analyte.TRYPTASE, until=at):
        role = infer_role(lab, flares, window=window).role
        (baselines if role is TryptaseRole.BASELINE else other).append((path(lab), lab))
    found = patient.organ_findings
    if found is not None and not _dated(found.date, at):
        notes.append("organ_findings is dated after the moment of classification: not used")
        found = None
    counts = {}
    count_labs = {}
    for analyte in _COUNTS:
        count = latest_count(patient, analyte, at)
        if count is not None:
            counts[analyte] = count
        latest = patient.latest(analyte, at)
        if latest is not None:
            count_labs[analyte] = (path(latest), latest)
    urine = tuple(path(lab) for a in _URINE for lab in patient.series(a, until=at))
    age = (
        patient.age_at(at)
        if patient.birth_date is None or day_of(patient.birth_date) <= day_of(at)
        else None
    )
    return Inputs(
        at=at,
        options=options,
        sex=patient.sex,
        age=age,
        diagnoses=frozenset(patient.diagnoses),
        biopsies=tuple(biopsies),  # type: ignore[arg-type]
        kit_tests=tuple(kit_tests),  # type: ignore[arg-type]
        kit_d816v=patient.kit_d816v,
        baselines=tuple(baselines),
        other_tryptase=tuple(other),
        flares=tuple((path(f), f) for f in flares),
        reactions=tuple((path(r), r) for r in patient.reactions),
        skin=patient.skin,
        organ_findings=found,
        neoplasm=patient.associated_neoplasm,
        response=patient.response_to_antimediators,
        sensitisations=tuple((path(s), s) for s in patient.sensitisations),
        scores=tuple(scores),  # type: ignore[arg-type]
        copies=patient.tpsab1_extra_copies,
        counts=counts,
        count_labs=count_labs,
        urine=urine,
        notes=tuple(notes),
    )
