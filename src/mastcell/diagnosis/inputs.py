"""The patient's work-up as the classification reads it at the moment ``at``, derived once.

Everything the criteria read comes from an :class:`Inputs`: the biopsies, KIT tests and
scores dated by the moment (later ones are set aside, with a note), the baseline tryptase
series (roles as :func:`mastcell.tryptase.infer_role` reads them, the same as the monitoring
rules), the latest blood counts, and every item with its input path. Each part is read from
the patient the first time a criterion asks for it and kept: a rule that needs only the
episodes reads only the episodes, so the report's account of what each rule read stays true.
The decision functions are pure functions of these inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import TypeVar

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
from mastcell.model.dates import day_of
from mastcell.model.vocabulary import Analyte
from mastcell.tryptase import infer_role

__all__ = ["Inputs", "read_inputs"]

#: The counts the C-finding cytopenia and the ICC B2 finding read.
_COUNTS = (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS, Analyte.WBC)
_URINE = (Analyte.URINE_LTE4, Analyte.URINE_PGF2A, Analyte.URINE_NMH)


_Dated = TypeVar("_Dated", Biopsy, KitTest, Score)


def _dated(day: dt.date | None, at: dt.datetime) -> bool:
    return day is None or (day <= at if isinstance(day, dt.datetime) else day <= day_of(at))


class Inputs:
    """The work-up at the moment ``at``: each item with its input path, in time order.

    Parts are read lazily and kept (``functools.cached_property``); the patient is immutable.

    >>> from mastcell.testing import AT, patient
    >>> Inputs(patient(), AT, Options()).biopsies
    ()
    """

    def __init__(self, patient: Patient, at: dt.datetime, options: Options) -> None:
        self._patient = patient
        self.at = at
        self.options = options
        self._set_aside: dict[str, str] = {}

    def _in_time(self, name: str, items: tuple[_Dated, ...]) -> list[tuple[str, _Dated]]:
        kept = []
        for i, item in enumerate(items):
            if _dated(item.date, self.at):
                kept.append((f"{name}[{i}]", item))
            else:
                self._set_aside[f"{name}[{i}]"] = (
                    f"{name}[{i}] is dated after the moment of classification: not used"
                )
        return kept

    # -- who the patient is ---------------------------------------------------------------

    @property
    def sex(self) -> Sex:
        """The patient's sex."""
        return self._patient.sex

    @property
    def diagnoses(self) -> frozenset[Diagnosis]:
        """The recorded diagnoses."""
        return frozenset(self._patient.diagnoses)

    @cached_property
    def age(self) -> float | None:
        """Age in years at ``at`` (None when unknown)."""
        born = self._patient.birth_date
        if born is not None and day_of(born) > day_of(self.at):
            return None
        return self._patient.age_at(self.at)

    # -- the work-up ------------------------------------------------------------------------

    @cached_property
    def biopsies(self) -> tuple[tuple[str, Biopsy], ...]:
        """Biopsies dated at or before ``at``, oldest first."""
        kept = self._in_time("biopsies", self._patient.biopsies)
        return tuple(sorted(kept, key=lambda b: day_of(b[1].date)))

    @cached_property
    def kit_tests(self) -> tuple[tuple[str, KitTest], ...]:
        """KIT results dated at or before ``at``, oldest first."""
        kept = self._in_time("kit_tests", self._patient.kit_tests)
        return tuple(sorted(kept, key=lambda t: day_of(t[1].date)))

    @cached_property
    def kit_d816v(self) -> bool | None:
        """The legacy KIT D816V field."""
        return self._patient.kit_d816v

    @cached_property
    def scores(self) -> tuple[tuple[str, Score], ...]:
        """Entered scores dated at or before ``at`` (or undated)."""
        return tuple(self._in_time("scores", self._patient.scores))

    @cached_property
    def skin(self) -> Skin | None:
        """The skin findings."""
        return self._patient.skin

    @cached_property
    def organ_findings(self) -> OrganFindings | None:
        """The organ findings, unless dated after ``at``."""
        found = self._patient.organ_findings
        if found is not None and not _dated(found.date, self.at):
            self._set_aside["organ_findings"] = (
                "organ_findings is dated after the moment of classification: not used"
            )
            return None
        return found

    @cached_property
    def neoplasm(self) -> AssociatedNeoplasm | None:
        """The associated neoplasm, if one is recorded."""
        return self._patient.associated_neoplasm

    @cached_property
    def response(self) -> AntimediatorResponse | None:
        """The response to anti-mediator therapy."""
        return self._patient.response_to_antimediators

    @cached_property
    def sensitisations(self) -> tuple[tuple[str, Sensitisation], ...]:
        """Sensitisation results."""
        return tuple(
            (f"sensitisations[{i}]", s) for i, s in enumerate(self._patient.sensitisations)
        )

    @cached_property
    def copies(self) -> int | None:
        """Extra TPSAB1 copies, when genotyped."""
        return self._patient.tpsab1_extra_copies

    # -- episodes and reactions -------------------------------------------------------------

    @cached_property
    def flares(self) -> tuple[tuple[str, Flare], ...]:
        """Episodes with onset at or before ``at``."""
        path = self._patient.path_of
        return tuple((path(f), f) for f in self._patient.flares if f.onset <= self.at)

    @cached_property
    def reactions(self) -> tuple[tuple[str, Reaction], ...]:
        """Recorded reactions."""
        return tuple((f"reactions[{i}]", r) for i, r in enumerate(self._patient.reactions))

    # -- laboratory -------------------------------------------------------------------------

    @cached_property
    def _tryptase(
        self,
    ) -> tuple[tuple[tuple[str, LabResult], ...], tuple[tuple[str, LabResult], ...]]:
        patient = self._patient
        flares = [f for f in patient.flares if f.onset <= self.at]
        window = self.options.monitoring.acute_sample_window
        baselines: list[tuple[str, LabResult]] = []
        other: list[tuple[str, LabResult]] = []
        for lab in patient.series(Analyte.TRYPTASE, until=self.at):
            role = infer_role(lab, flares, window=window).role
            (baselines if role is TryptaseRole.BASELINE else other).append(
                (patient.path_of(lab), lab)
            )
        return tuple(baselines), tuple(other)

    @property
    def baselines(self) -> tuple[tuple[str, LabResult], ...]:
        """Baseline tryptase results (given or inferred) at or before ``at``, in time order."""
        return self._tryptase[0]

    @property
    def other_tryptase(self) -> tuple[tuple[str, LabResult], ...]:
        """Every other tryptase at or before ``at`` (acute, given or inferred), in time order."""
        return self._tryptase[1]

    @property
    def latest_baseline(self) -> tuple[str, LabResult] | None:
        """The latest baseline tryptase at or before ``at`` ("the baseline")."""
        return self.baselines[-1] if self.baselines else None

    def baseline_before(self, when: dt.datetime) -> tuple[str, LabResult] | None:
        """The latest baseline tryptase drawn before ``when`` (an episode's onset)."""
        earlier = [b for b in self.baselines if b[1].time < when]
        return earlier[-1] if earlier else None

    @cached_property
    def counts(self) -> Mapping[Analyte, Count]:
        """The latest count per analyte at ``at`` (ANC derived from WBC x % where needed)."""
        found = {}
        for analyte in _COUNTS:
            count = latest_count(self._patient, analyte, self.at)
            if count is not None:
                found[analyte] = count
        return found

    @cached_property
    def count_labs(self) -> Mapping[Analyte, tuple[str, LabResult]]:
        """The latest result per count analyte (for the laboratory's reference range)."""
        found = {}
        for analyte in _COUNTS:
            latest = self._patient.latest(analyte, self.at)
            if latest is not None:
                found[analyte] = (self._patient.path_of(latest), latest)
        return found

    @cached_property
    def urine(self) -> tuple[str, ...]:
        """Urinary mediator results at or before ``at`` (never MCAS criterion B by themselves)."""
        patient = self._patient
        return tuple(
            patient.path_of(lab) for a in _URINE for lab in patient.series(a, until=self.at)
        )

    # -- derived ----------------------------------------------------------------------------

    @property
    def marrow(self) -> tuple[tuple[str, Biopsy], ...]:
        """The bone marrow biopsies, oldest first."""
        return tuple(b for b in self.biopsies if b[1].site is BiopsySite.BONE_MARROW)

    @property
    def notes(self) -> tuple[str, ...]:
        """The inputs set aside (dated after ``at``), in patient order."""
        for part in ("biopsies", "kit_tests", "scores", "organ_findings"):
            getattr(self, part)
        order = ("biopsies", "kit_tests", "scores", "organ_findings")
        return tuple(
            text
            for name in order
            for path, text in self._set_aside.items()
            if path.split("[")[0] == name
        )


def read_inputs(patient: Patient, at: dt.datetime, options: Options | None = None) -> Inputs:
    """The work-up of ``patient`` as the criteria read it at ``at`` (parts read on first use).

    >>> from datetime import date
    >>> from mastcell.testing import AT, patient
    >>> p = patient(biopsies=[Biopsy(date=date(2027, 1, 1), site="bone_marrow")])
    >>> got = read_inputs(p, AT)
    >>> got.biopsies, got.notes
    ((), ('biopsies[0] is dated after the moment of classification: not used',))
    """
    return Inputs(patient, at, Options() if options is None else options)
