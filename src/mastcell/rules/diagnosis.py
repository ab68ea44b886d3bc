"""Diagnosis rules: SM under WHO 2022 and ICC 2022, a recorded diagnosis, when to look further.

Looking further means a marrow study or a sensitive KIT assay.

Each rule reads the work-up once through :func:`mastcell.diagnosis.inputs.read_inputs`, decides
in the small pure functions of :mod:`mastcell.diagnosis.advice` and
:mod:`mastcell.diagnosis.criteria`, and takes its text from :mod:`mastcell.diagnosis.text`.
"""

from __future__ import annotations

from collections.abc import Iterator

from mastcell.diagnosis.advice import marrow_reasons, recorded_conflicts
from mastcell.diagnosis.assemble import classify_inputs
from mastcell.diagnosis.criteria import kit_reading
from mastcell.diagnosis.inputs import read_inputs
from mastcell.diagnosis.result import Classification
from mastcell.diagnosis.text import (
    classification_detail,
    classification_summary,
    conflict_detail,
    conflict_summary,
    kit_detail,
    kit_summary,
    marrow_detail,
    marrow_summary,
)
from mastcell.facts import Facts, Recorded, Trigger, facts_of
from mastcell.knowledge.sources import evidence
from mastcell.model import Finding, Indicator, Patient, Recommendation
from mastcell.model.classification import Scheme
from mastcell.model.recommendation import fit_summary
from mastcell.rules.registry import Context, rule

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

#: The inputs of the diagnostic work-up (the interchange table of issue 19): any of them makes
#: the classification worth reporting.
WORKUP: tuple[Trigger, ...] = (
    Recorded.BIOPSY,
    Recorded.KIT_TEST,
    Recorded.SKIN,
    Recorded.ORGAN_FINDINGS,
    Recorded.ASSOCIATED_NEOPLASM,
    Recorded.ANTIMEDIATOR_RESPONSE,
    Recorded.SENSITISATION,
    Recorded.SCORE,
    Recorded.EPISODE_DETAIL,
)
_MARROW: tuple[Trigger, ...] = (Recorded.FLARE, Recorded.REACTION, Recorded.SCORE)
_KIT: tuple[Trigger, ...] = (Recorded.KIT_TEST, Recorded.KIT_D816V)

_CLASSIFICATION_SOURCES = (
    "S11", "S27", "S200", "S201", "S202", "S203", "S204", "S205", "S206", "S207",
    "S211", "S23", "S22", "S20", "S232", "S28", "S218",
)  # fmt: skip
_MARROW_SOURCES = ("S28", "S218", "S219", "S217", "S220", "S216", "S26", "S27")
_KIT_SOURCES = ("S27", "S227", "S226")


def _facts(patient: Patient, context: Context) -> Facts:
    """The engine's facts, or facts built here for a context made by hand."""
    return context.facts if context.facts is not None else facts_of(patient, context.at)


def _holds(patient: Patient, context: Context, triggers: tuple[Trigger, ...]) -> bool:
    return _facts(patient, context).any_of(frozenset(triggers))


def _classification(patient: Patient, context: Context) -> Classification:
    return classify_inputs(read_inputs(patient, context.at, context.options), patient.id)


def _criterion_findings(result: Classification) -> tuple[Finding, ...]:
    """One finding per input the criteria decided from, saying what it decided."""
    by_input: dict[str, list[str]] = {}
    for scheme in result.schemes:
        parts = [("major", scheme.major)]
        parts += [(f"minor {k.value}", a) for k, a in scheme.minor.items()]
        parts += [(f"B {k.value}", a) for k, a in scheme.b_findings.items()]
        parts += [(f"C {k.value}", a) for k, a in scheme.c_findings.items()]
        for name, assessment in parts:
            for path in assessment.inputs:
                by_input.setdefault(path, []).append(
                    f"{scheme.scheme.label} {name} {assessment.status.value}"
                )
    for scheme in result.schemes:
        for subtype, rung in scheme.ladder:
            for path in rung.inputs:
                by_input.setdefault(path, []).append(
                    f"{scheme.scheme.label} subtype {subtype.value} {rung.status.value}"
                )
    for name, assessment in result.mcas.criteria.items():
        for path in assessment.inputs:
            by_input.setdefault(path, []).append(f"MCAS {name.value} {assessment.status.value}")
    if result.nicas is not None:
        for path in result.nicas.inputs:
            by_input.setdefault(path, []).append(f"NICAS {result.nicas.low} to {result.nicas.high}")
    return tuple(
        Finding(input=path, text="; ".join(dict.fromkeys(texts)))
        for path, texts in by_input.items()
    )


@rule(
    "diagnosis.classification",
    sources=_CLASSIFICATION_SOURCES,
    indicators=(Indicator.INFO,),
    triggers=WORKUP,
)
def classification(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Show the SM criteria under WHO 2022 and ICC 2022, MCAS and NICAS, with what is missing.

    Fires whenever any input of the diagnostic work-up is present (biopsies, KIT tests, skin,
    organ findings, an associated neoplasm, episode details, the response to anti-mediators,
    sensitisations or scores): the criteria and subtype under both schemes side by side
    (DX1-DX17, BC1-BC9), the consensus MCAS criteria (MC1), NICAS (SC1), the disagreements and
    what each scheme still needs. Information; never a diagnosis by itself.
    """
    if not _holds(patient, context, WORKUP):
        return
    result = _classification(patient, context)
    sources = [*result.who2022.sources, *result.icc2022.sources]
    sources += ["S211", "S23", "S22", "S20", "S232"]
    if result.nicas is not None:
        sources += ["S28", "S218"]
    yield Recommendation(
        code="diagnosis.classification",
        indicator=Indicator.INFO,
        summary=fit_summary(classification_summary(result)),
        detail=classification_detail(result),
        evidence=evidence(*sources),
        findings=_criterion_findings(result),
    )


@rule(
    "diagnosis.recorded_differs",
    sources=("S11", "S27", "S200", "S201", "S203", "S229"),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.BIOPSY,),
)
def recorded_differs(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Point out a recorded diagnosis that matches neither scheme's result.

    Fires for each recorded SM subtype (or cutaneous mastocytosis) that the criteria contradict
    under both WHO 2022 and ICC 2022 (e.g. ``ism`` recorded with a C-finding met); never while
    either scheme is indeterminate. An ``ism`` record for WHO ``bmm`` / ICC ``ism`` is
    consistent. Only a biopsy can settle the criteria either way, hence its trigger.
    """
    if not _holds(patient, context, (Recorded.BIOPSY,)):
        return
    recorded = [d for d in patient.diagnoses if d.is_systemic_mastocytosis or d.value == "cm"]
    if not recorded:
        return
    result = _classification(patient, context)
    for conflict in recorded_conflicts(result, recorded):
        findings = [Finding(input="diagnoses", text=conflict.recorded.value, note="recorded")]
        findings += [
            f for f in _criterion_findings(result) if f.input.startswith(("biopsies", "organ"))
        ]
        yield Recommendation(
            code="diagnosis.recorded_differs",
            indicator=Indicator.WARNING,
            summary=fit_summary(conflict_summary(conflict)),
            detail=conflict_detail(conflict, result),
            evidence=evidence(*result.who2022.sources, *result.icc2022.sources, "S229"),
            findings=tuple(findings),
        )


@rule(
    "diagnosis.bone_marrow.consider",
    sources=_MARROW_SOURCES,
    indicators=(Indicator.WARNING,),
    triggers=_MARROW,
)
def bone_marrow_consider(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Consider a bone marrow study when a clonal mast cell disorder is likely.

    Fires, unless a marrow biopsy is on record or SM is diagnosed, for: a NICAS low bound of 2
    or more (SC1); an entered REMA of 2 or more (SC2, SC4); an adult with venom anaphylaxis and
    a baseline tryptase above 11.4 ng/mL or skin lesions (RS32); a baseline above its upper
    limit (options.diagnosis.tryptase_reference: the TPSAB1 genotype's by default, MC11, FX5)
    with systemic reactions (SC4). TPSAB1 testing stays monitoring.tryptase.hat_consider's.
    """
    if not _holds(patient, context, _MARROW):
        return
    reasons = marrow_reasons(read_inputs(patient, context.at, context.options))
    if not reasons:
        return
    findings = [
        Finding(
            input=path,
            text=reason.why.value,
            note=("; ".join(reason.caveats) or None) if i == 0 else None,
        )
        for reason in reasons
        for i, path in enumerate(reason.inputs)
    ]
    sources = {
        "nicas": ("S28", "S218"),
        "rema": ("S219", "S217", "S28"),
        "venom": ("S220",),
        "genotype_limit": ("S219", "S217", "S216", "S26"),
    }
    yield Recommendation(
        code="diagnosis.bone_marrow.consider",
        indicator=Indicator.WARNING,
        summary=fit_summary(marrow_summary(reasons)),
        detail=marrow_detail(reasons),
        evidence=evidence(*(s for r in reasons for s in sources[r.why.value]), "S27"),
        findings=tuple(findings),
    )


@rule(
    "diagnosis.kit.sensitive_assay",
    sources=_KIT_SOURCES,
    indicators=(Indicator.INFO,),
    triggers=_KIT,
)
def kit_sensitive_assay(patient: Patient, context: Context) -> Iterator[Recommendation]:
    """Recommend a high-sensitivity KIT assay when a negative result is not assessable.

    Fires when the KIT minor criterion is unknown because a negative result came from NGS, an
    assay with a limit of detection above 0.1 % or an unknown one (method ``other`` or absent
    without ``lod_pct``), or the legacy ``kit_d816v: false`` (DX7); not when a detected result or
    a sensitive marrow negative decides the criterion.
    """
    if not _holds(patient, context, _KIT):
        return
    reading = kit_reading(read_inputs(patient, context.at, context.options), Scheme.WHO_2022)
    if not reading.insensitive:
        return
    yield Recommendation(
        code="diagnosis.kit.sensitive_assay",
        indicator=Indicator.INFO,
        summary=fit_summary(kit_summary(len(reading.insensitive))),
        detail=kit_detail(reading.insensitive),
        evidence=evidence(*_KIT_SOURCES),
        findings=tuple(
            Finding(input=path, text="negative, not assessable", note=why)
            for path, why in reading.insensitive
        ),
    )
