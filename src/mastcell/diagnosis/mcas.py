"""The consensus MCAS criteria (MC1) and the variant (MC6), each met, not met or unknown.

Criterion A (symptoms): at least two episodes, each involving at least two organ systems.
Criterion B (mediator): an acute tryptase drawn 1-4 h after an episode's onset above
1.2 x the latest earlier baseline + 2 ng/mL; not met when every such pair is at or below it;
unknown without one (urinary mediators never meet it by themselves, MC4). Criterion C
(response): ``response_to_antimediators``.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.diagnosis.assessment import Assessment, assess
from mastcell.diagnosis.criteria import KitReading, assay_sensitive
from mastcell.diagnosis.inputs import Inputs
from mastcell.knowledge.mcas import MCAS_CRITERIA, NIH_ACUTE_FACTOR
from mastcell.model import AntimediatorResponse, FlareTrigger, KitResult
from mastcell.model.classification import (
    CriterionStatus,
    DiagnosisStatus,
    McasCriterion,
    McasVariant,
)
from mastcell.tryptase import tryptase_threshold

__all__ = ["McasAssessment", "assess_mcas", "mediator", "symptoms"]

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


def symptoms(inputs: Inputs) -> Assessment:
    """Criterion A: two or more episodes, each involving two or more organ systems (MC1, MC2).

    Naso-ocular counts with respiratory (S232); an episode without recorded organ systems is
    unknown. No episode on record leaves the criterion unknown (absence is not "none").

    >>> from datetime import datetime, timezone
    >>> from mastcell.model import Flare
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> f = lambda d, s: Flare(onset=datetime(2026, 11, d, tzinfo=timezone.utc), organ_systems=s)
    >>> p = patient(flares=[f(1, ["skin", "gastrointestinal"]), f(5, ["respiratory", "naso_ocular"])])
    >>> symptoms(read_inputs(p, AT)).status.value
    'not_met'
    """
    need = MCAS_CRITERIA.episodes
    qualifying, unknown, paths = [], [], []
    for path, flare in inputs.flares:
        paths.append(path)
        systems = flare.systems
        if systems is None:
            unknown.append(f"{path}.organ_systems")
        elif len(systems) >= MCAS_CRITERIA.organ_systems:
            qualifying.append(path)
    if len(qualifying) >= need:
        return assess(
            MET,
            inputs=qualifying,
            basis=f"{len(qualifying)} episodes involving two or more organ systems",
            notes=["MC1: 'recurrent' read as two or more episodes; severity is not graded"],
        )
    if len(qualifying) + len(unknown) < need:
        if not inputs.flares:
            return assess(UNKNOWN, missing=["flares (episodes with their organ systems)"])
        return assess(
            NOT_MET,
            inputs=paths,
            basis=f"{len(qualifying)} episode(s) involving two or more organ systems",
            notes=["MC2: naso-ocular symptoms count with respiratory (S232)"],
        )
    return assess(UNKNOWN, missing=unknown, inputs=paths)


def mediator(inputs: Inputs) -> Assessment:
    """Criterion B: acute tryptase > 1.2 x baseline + 2 ng/mL, drawn 1-4 h after onset (MC1).

    The rule holds whatever the baseline, however high (MC8); only an acute sample paired with
    an episode counts, so a rise without symptoms never meets it.

    >>> from datetime import datetime, timedelta, timezone
    >>> from mastcell.model import Flare
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> onset = AT - timedelta(days=3)
    >>> p = patient(flares=[Flare(onset=onset)],
    ...             labs=[lab("tryptase", 5, "ng/mL", onset - timedelta(days=30), role="baseline"),
    ...                   lab("tryptase", 8, "ng/mL", onset + timedelta(hours=2), role="acute")])
    >>> mediator(read_inputs(p, AT)).status.value
    'not_met'
    """
    pairs_met, pairs_not_met, no_baseline = [], [], []
    notes: list[str] = []
    for flare_path, flare in inputs.flares:
        start = flare.onset + MCAS_CRITERIA.acute_from
        end = flare.onset + MCAS_CRITERIA.acute_until
        for path, lab in inputs.other_tryptase:
            if not start <= lab.time <= end:
                continue
            base = inputs.baseline_before(flare.onset)
            if base is None:
                no_baseline.append(path)
                continue
            base_path, base_lab = base
            threshold = tryptase_threshold(base_lab.canonical)
            text = (
                f"{path}: acute {lab.canonical:g} vs 1.2 x {base_lab.canonical:g} + 2 = "
                f"{threshold:g} ng/mL ({base_path}, {flare_path})"
            )
            nih = lab.canonical > NIH_ACUTE_FACTOR * base_lab.canonical
            notes.append(
                f"{path}: the NIH formula (acute > {NIH_ACUTE_FACTOR} x baseline, MC5) is "
                f"{'met' if nih else 'not met'}; the consensus formula decides"
            )
            if lab.canonical > threshold:
                pairs_met.append((text, [path, base_path, flare_path]))
            else:
                pairs_not_met.append((text, [path, base_path, flare_path]))
    if inputs.urine:
        notes.append(
            "MC3, MC4: urinary mediators are supportive only; they never meet criterion B by "
            "themselves (no consensus threshold): clinician decision"
        )
    if pairs_met:
        text, paths = pairs_met[0]
        return assess(MET, inputs=paths, basis=text, notes=notes)
    if pairs_not_met and not no_baseline:
        return assess(
            NOT_MET,
            inputs=[p for _, ps in pairs_not_met for p in ps],
            basis=pairs_not_met[-1][0],
            notes=notes,
        )
    if no_baseline:
        return assess(
            UNKNOWN,
            missing=["labs (a baseline tryptase drawn before the episode)"],
            inputs=no_baseline,
            notes=notes,
        )
    return assess(
        UNKNOWN,
        missing=["labs (an acute tryptase 1-4 h after an episode's onset)"],
        notes=notes,
    )


def response(inputs: Inputs) -> Assessment:
    """Criterion C: symptoms responded to anti-mediator therapy.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> response(read_inputs(patient(response_to_antimediators="improved"), AT)).status.value
    'met'
    """
    if inputs.response is None:
        return assess(UNKNOWN, missing=["response_to_antimediators"])
    improved = inputs.response is AntimediatorResponse.IMPROVED
    return assess(
        MET if improved else NOT_MET,
        inputs=["response_to_antimediators"],
        basis=f"symptoms {'improved' if improved else 'did not improve'} on anti-mediator therapy",
    )


@attrs.frozen(kw_only=True)
class McasAssessment:
    """The three criteria, the overall status and the variant, with what is missing.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> from mastcell.diagnosis.criteria import kit_reading
    >>> i = read_inputs(patient(), AT)
    >>> assess_mcas(i, kit_reading(i), sm_met=False).variant is None
    True
    """

    criteria: Mapping[McasCriterion, Assessment]
    status: DiagnosisStatus
    variant: McasVariant | None
    missing: tuple[str, ...]
    notes: tuple[str, ...]


def _clonal(inputs: Inputs, kit: KitReading, sm_met: bool) -> tuple[bool | None, list[str]]:
    """Clonal markers present (True), tested and absent (False), or not known (None)."""
    cd25 = [b.cd25 for _, b in inputs.biopsies if b.cd25 is not None]
    skin = inputs.skin
    lesions = None if skin is None else skin.lesions
    if (
        sm_met
        or kit.assessment.status is MET
        or any(cd25)
        or (lesions is not None and lesions.present)
    ):
        return True, []
    sensitive_negative = any(
        t.result is KitResult.NOT_DETECTED and t.codon_816 and assay_sensitive(t)[0]
        for _, t in inputs.kit_tests
    )
    if sensitive_negative:
        return False, []
    return None, ["kit_tests (a high-sensitivity KIT D816V assay, for the MCAS variant)"]


def _variant(
    inputs: Inputs, kit: KitReading, sm_met: bool
) -> tuple[McasVariant | None, list[str], list[str]]:
    clonal, missing = _clonal(inputs, kit, sm_met)
    notes: list[str] = []
    sensitised = any(s.positive for _, s in inputs.sensitisations)
    triggers = [f.trigger for _, f in inputs.flares]
    explained = any(t is not None and t.explains for t in triggers)
    if clonal:
        if sensitised or explained:
            notes.append(
                "MC6: clonal markers with an IgE sensitisation or trigger: a combined form"
            )
        return McasVariant.PRIMARY, [], notes
    if sensitised or explained:
        return McasVariant.SECONDARY, [], notes
    if clonal is False:
        unrecorded = [f"{p}.trigger" for p, f in inputs.flares if f.trigger is None]
        if not unrecorded and all(t is FlareTrigger.NONE for t in triggers):
            return McasVariant.IDIOPATHIC, [], notes
        return None, unrecorded, notes
    return None, missing, notes


def assess_mcas(inputs: Inputs, kit: KitReading, *, sm_met: bool) -> McasAssessment:
    """MC1 and MC6: the three criteria, the status and (when met) the variant.

    The variant: primary with clonal markers (KIT by a sensitive assay, CD25+ mast cells,
    mastocytosis in the skin, or SM met under either scheme); secondary with a positive
    sensitisation or a recorded trigger that explains the episodes; idiopathic only when
    clonality was tested and is negative and no trigger or sensitisation is found.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> from mastcell.diagnosis.criteria import kit_reading
    >>> i = read_inputs(patient(response_to_antimediators="not_improved"), AT)
    >>> assess_mcas(i, kit_reading(i), sm_met=False).status.value
    'not_met'
    """
    criteria = {
        McasCriterion.SYMPTOMS: symptoms(inputs),
        McasCriterion.MEDIATOR: mediator(inputs),
        McasCriterion.RESPONSE: response(inputs),
    }
    statuses = [a.status for a in criteria.values()]
    if all(s is MET for s in statuses):
        status = DiagnosisStatus.MET
    elif any(s is NOT_MET for s in statuses):
        status = DiagnosisStatus.NOT_MET
    else:
        status = DiagnosisStatus.INDETERMINATE
    missing = [m for a in criteria.values() for m in a.missing]
    notes = [n for a in criteria.values() for n in a.notes]
    variant = None
    if status is DiagnosisStatus.MET:
        variant, more, variant_notes = _variant(inputs, kit, sm_met)
        missing += more
        notes += variant_notes
    return McasAssessment(
        criteria=criteria,
        status=status,
        variant=variant,
        missing=tuple(dict.fromkeys(missing)),
        notes=tuple(dict.fromkeys(notes)),
    )
