"""Censored laboratory results: caution where the reported bound decides nothing.

A result reported as ``< 2.0`` is read just below 2.0 (:class:`~mastcell.LabResult`), so
every threshold at or above 2.0 counts as crossed; a threshold below the bound (ANC 1.0, 0.5)
is undecided, and no rule can tell. This rule says so for each result a rule reads that is
censored in its analyte's worse direction (:mod:`mastcell.knowledge.censoring`): a low count
reported ``<``/``<=``, a tryptase or urinary mediator reported ``>``/``>=``. It is critical
when a KIT inhibitor on the list has a label dose decision on that count beyond the bound.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.counts import latest_count
from mastcell.facts import Recorded
from mastcell.knowledge.censoring import (
    COMPARATOR_SOURCES,
    DOSE_THRESHOLDS,
    WORSE_DIRECTION,
    DoseThresholds,
)
from mastcell.knowledge.sources import evidence
from mastcell.model import (
    Analyte,
    Comparator,
    Comparison,
    Finding,
    Indicator,
    LabResult,
    Medication,
    MedicationStatus,
    Patient,
    Recommendation,
    TryptaseRole,
)
from mastcell.model.recommendation import fit_words
from mastcell.rules.registry import Context, rule

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_CODE = "monitoring.lab.censored"

#: A drug on the list in these statuses has dose decisions pending on its counts: interrupt
#: (active), restart (held), do not start (planned).
_ON_LIST = (MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED)

_SOURCES = tuple(
    dict.fromkeys(
        [
            *COMPARATOR_SOURCES,
            *(s for row in WORSE_DIRECTION.values() for s in row.sources),
            *(s for row in DOSE_THRESHOLDS for s in row.sources),
        ]
    )
)


def _read(patient: Patient, context: Context) -> list[tuple[LabResult, LabResult | None]]:
    """The results rules read, each with the derived ANC's other input when it feeds one.

    The latest result of each analyte; the latest one sent as ``role: baseline`` (the
    baseline rules read it whatever its date); the WBC and neutrophil % behind a derived ANC.
    """
    found: dict[int, tuple[LabResult, LabResult | None]] = {}
    for analyte in WORSE_DIRECTION:
        series = patient.series(analyte, until=context.at)
        if not series:
            continue
        found.setdefault(id(series[-1]), (series[-1], None))
        baselines = [lab for lab in series if lab.role is TryptaseRole.BASELINE]
        if baselines:
            found.setdefault(id(baselines[-1]), (baselines[-1], None))
    anc = latest_count(patient, Analyte.ANC, context.at)
    if anc is not None and anc.derived:
        paths = set(anc.inputs)
        inputs = [
            lab
            for analyte in (Analyte.WBC, Analyte.NEUTROPHILS_PCT)
            for lab in patient.series(analyte, until=context.at)
            if patient.path_of(lab) in paths
        ]
        if len(inputs) == 2:
            wbc, pct = inputs
            found[id(wbc)] = (wbc, pct)
            found[id(pct)] = (pct, wbc)
    return sorted(found.values(), key=lambda pair: patient.path_of(pair[0]))


def _bound(lab: LabResult) -> float:
    return lab.canonical if lab.canonical_bound is None else lab.canonical_bound


def _anc_bound(lab: LabResult, other: LabResult | None) -> float | None:
    """The bound a censored WBC or neutrophil % puts on the ANC derived from it."""
    if other is None:
        return None
    return round(_bound(lab) * _bound(other) / 100, 6)


def _shown(value: float, unit: str) -> str:
    return f"{value:g} {unit}"


def _dose_decisions(
    patient: Patient, lab: LabResult, comparator: Comparator, other: LabResult | None
) -> list[tuple[Medication, DoseThresholds, tuple[float, ...]]]:
    """The drugs on the list whose label thresholds on this count the bound leaves undecided."""
    if lab.analyte in (Analyte.WBC, Analyte.NEUTROPHILS_PCT):
        analyte, bound = Analyte.ANC, _anc_bound(lab, other)
    else:
        analyte, bound = lab.analyte, _bound(lab)
    if bound is None:
        return []
    out = []
    for row in DOSE_THRESHOLDS:
        if row.analyte is not analyte:
            continue
        undecided = row.undecided(bound, comparator)
        if not undecided:
            continue
        for med in patient.medications_named(row.drug, statuses=_ON_LIST):
            out.append((med, row, undecided))
    return out


@rule(
    _CODE,
    sources=_SOURCES,
    reads=tuple(WORSE_DIRECTION),
    indicators=(Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.LAB,),
)
def censored_value(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """A result reported only as a bound in its worse direction: thresholds beyond it are undecided.

    Fires for each result a rule reads (the latest of its analyte, the latest sent as
    baseline, the WBC and neutrophil % of a derived ANC) reported with a comparator on the
    side where the concern lies: ``<``/``<=`` for a count (ANC, WBC, neutrophil %,
    platelets, haemoglobin), ``>``/``>=`` for tryptase and the urinary mediators (S157).
    mastcell reads it just past the bound, so a threshold beyond the bound is undecided.
    Critical when midostaurin or avapritinib is active, held or planned and one of its label
    thresholds on that count (S1, S2, S5, S6) lies beyond the bound; else a warning. A bound
    in the benign direction (platelets ``> 400``, tryptase ``< 1``) raises nothing.
    """
    if not patient.has_censored_results:  # asked of the record: no result is read
        return
    for lab, other in _read(patient, context):
        comparator = lab.comparator
        row = WORSE_DIRECTION.get(lab.analyte)
        if comparator is None or row is None or not row.worse.censored_by(comparator):
            continue
        path = patient.path_of(lab)
        unit = lab.canonical_unit
        bound = _bound(lab)
        reported = f"{comparator.value} {lab.value:g} {lab.unit}"
        side = "below" if comparator.below else "above"
        decisions = _dose_decisions(patient, lab, comparator, other)
        findings = [
            Finding(
                input=path,
                analyte=lab.analyte,
                value=lab.canonical,
                unit=unit,
                threshold=bound,
                comparison=Comparison(comparator.value),
                time=lab.time,
                note=f"reported as {reported} (censored, S157)",
            )
        ]
        if other is not None:
            findings.append(
                Finding(
                    input=patient.path_of(other),
                    text="with it, gives the derived ANC (WBC x neutrophil %)",
                    time=other.time,
                )
            )
        sources = [*COMPARATOR_SOURCES, *row.sources]
        drug_text = ""
        if decisions:
            parts = []
            for med, dose_row, undecided in decisions:
                findings.append(
                    Finding(input=patient.path_of(med), text=f"{med.drug} ({med.status.value})")
                )
                sources += dose_row.sources
                thresholds = ", ".join(f"{t:g}" for t in undecided)
                parts.append(
                    f"{dose_row.drug} ({med.status.value}): its label's dose decisions compare "
                    f"the {dose_row.analyte.label} with {thresholds} {unit} "
                    f"({', '.join(dose_row.sources)}), beyond this bound"
                )
            drug_text = (
                " On the list: "
                + "; ".join(dict.fromkeys(parts))
                + ". Whether to interrupt, restart or start it cannot be decided from this "
                "result: the absence of an interrupt card is no reassurance."
            )
        derived = (
            " It is an input of the derived ANC (WBC x neutrophil %), which is censored with it."
            if other is not None
            else ""
        )
        yield Recommendation(
            code=_CODE,
            indicator=Indicator.CRITICAL if decisions else Indicator.WARNING,
            summary=fit_words(
                f"{lab.analyte.label.capitalize()} reported only as {reported} ({path}): "
                "thresholds beyond it undecided; get a quantified result"
            ),
            detail=(
                f"The {lab.analyte.label} of {lab.time.isoformat()} was reported as {reported}: "
                f"a censored result, the true value is {side} it (FHIR QuantityComparator, "
                f"S157). mastcell reads it as {_shown(lab.canonical, unit)}, so every threshold "
                f"the bound already passes counts as crossed; any threshold {side} "
                f"{_shown(bound, unit)} is undecided, and the true value may lie far {side} "
                f"it. The {side} side is the worse one here: {row.why} "
                f"({', '.join(row.sources)}).{derived}{drug_text} Obtain a quantified result; "
                "advice that depends on this value is a clinician decision."
            ),
            evidence=evidence(*dict.fromkeys(sources)),
            findings=tuple(findings),
        )
