"""Diagnosis rules: SM under WHO 2022 and ICC 2022, a recorded diagnosis, when to look further.

Looking further means a marrow study or a sensitive KIT assay.

Each rule reads the work-up once through its own :class:`~mastcell.rules.diagnosis_facts.WorkupRead`
(an :class:`~mastcell.diagnosis.inputs.Inputs` over the facts view, read lazily), decides in
the small pure functions of :mod:`mastcell.diagnosis.advice` and
:mod:`mastcell.diagnosis.criteria`, and takes its text from :mod:`mastcell.text.diagnosis`
(which writes it with :mod:`mastcell.diagnosis.text`). Converted (issue 20).
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.diagnosis.advice import marrow_reasons, recorded_conflicts
from mastcell.diagnosis.assemble import classify_inputs
from mastcell.diagnosis.criteria import kit_reading
from mastcell.diagnosis.result import Classification
from mastcell.facts import Facts, Recorded, Trigger
from mastcell.model import Finding, Indicator
from mastcell.model.classification import Scheme
from mastcell.reads import DIAGNOSES
from mastcell.rules.declare import decides
from mastcell.rules.diagnosis_facts import WorkupRead
from mastcell.rules.referral_facts import PATIENT_ID
from mastcell.rules.registry import Context

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
#: The sources of each reason for a marrow study.
_MARROW_REASON_SOURCES = {
    "nicas": ("S28", "S218"),
    "rema": ("S219", "S217", "S28"),
    "venom": ("S220",),
    "genotype_limit": ("S219", "S217", "S216", "S26"),
}

_CLASSIFICATION_WORKUP = WorkupRead("work-up for the classification")
_RECORDED_WORKUP = WorkupRead("work-up against the recorded diagnosis")
_MARROW_WORKUP = WorkupRead("work-up for a marrow study")
_KIT_WORKUP = WorkupRead("work-up for a sensitive KIT assay")


def _classification(f: Facts, context: Context, read: WorkupRead) -> Classification:
    return classify_inputs(read.inputs(f, context.options), PATIENT_ID.of(f))


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


@decides(
    "diagnosis.classification",
    sources=_CLASSIFICATION_SOURCES,
    reads=((), (PATIENT_ID, _CLASSIFICATION_WORKUP)),
    indicators=(Indicator.INFO,),
    triggers=WORKUP,
)
def classification(f: Facts, context: Context) -> Sequence[Decision]:
    """Show the SM criteria under WHO 2022 and ICC 2022, MCAS and NICAS, with what is missing.

    Fires whenever any input of the diagnostic work-up is present (biopsies, KIT tests, skin,
    organ findings, an associated neoplasm, episode details, the response to anti-mediators,
    sensitisations or scores): the criteria and subtype under both schemes side by side
    (DX1-DX17, BC1-BC9), the consensus MCAS criteria (MC1), NICAS (SC1), the disagreements and
    what each scheme still needs. Information; never a diagnosis by itself.
    """
    if not f.any_of(frozenset(WORKUP)):
        return upto(0)
    result = _classification(f, context, _CLASSIFICATION_WORKUP)
    sources = [*result.who2022.sources, *result.icc2022.sources]
    sources += ["S211", "S23", "S22", "S20", "S232"]
    if result.nicas is not None:
        sources += ["S28", "S218"]
    return (
        Decision(
            code="diagnosis.classification",
            indicator=Indicator.INFO,
            action=Action.INFORM,
            findings=_criterion_findings(result),
            sources=tuple(dict.fromkeys(sources)),
            params={"result": result},
        ),
    )


@decides(
    "diagnosis.recorded_differs",
    # The old declaration left out S202 and S204-S207, which the schemes' results cite.
    sources=("S11", "S27", "S200", "S201", "S202", "S203", "S204", "S205", "S206", "S207", "S229"),
    reads=((DIAGNOSES,), (PATIENT_ID, _RECORDED_WORKUP)),
    indicators=(Indicator.WARNING,),
    triggers=(Recorded.BIOPSY,),
)
def recorded_differs(f: Facts, context: Context) -> Sequence[Decision]:
    """Point out a recorded diagnosis that matches neither scheme's result.

    Fires for each recorded SM subtype (or cutaneous mastocytosis) that the criteria contradict
    under both WHO 2022 and ICC 2022 (e.g. ``ism`` recorded with a C-finding met); never while
    either scheme is indeterminate. An ``ism`` record for WHO ``bmm`` / ICC ``ism`` is
    consistent. Only a biopsy can settle the criteria either way, hence its trigger.
    """
    if not f.holds(Recorded.BIOPSY):
        return upto(0)
    recorded = [d for d in DIAGNOSES.of(f) if d.is_systemic_mastocytosis or d.value == "cm"]
    if not recorded:
        return upto(0)
    result = _classification(f, context, _RECORDED_WORKUP)
    sources = tuple(dict.fromkeys((*result.who2022.sources, *result.icc2022.sources, "S229")))
    out = []
    for conflict in recorded_conflicts(result, recorded):
        findings = [Finding(input="diagnoses", text=conflict.recorded.value, note="recorded")]
        findings += [
            x for x in _criterion_findings(result) if x.input.startswith(("biopsies", "organ"))
        ]
        out.append(
            Decision(
                code="diagnosis.recorded_differs",
                indicator=Indicator.WARNING,
                action=Action.INFORM,
                findings=tuple(findings),
                sources=sources,
                params={"conflict": conflict, "result": result},
            )
        )
    return tuple(out)


@decides(
    "diagnosis.bone_marrow.consider",
    sources=_MARROW_SOURCES,
    reads=((), (_MARROW_WORKUP,)),
    indicators=(Indicator.WARNING,),
    triggers=_MARROW,
)
def bone_marrow_consider(f: Facts, context: Context) -> Sequence[Decision]:
    """Consider a bone marrow study when a clonal mast cell disorder is likely.

    Fires, unless a marrow biopsy is on record or SM is diagnosed, for: a NICAS low bound of 2
    or more (SC1); an entered REMA of 2 or more (SC2, SC4); an adult with venom anaphylaxis and
    a baseline tryptase above 11.4 ng/mL or skin lesions (RS32); a baseline above its upper
    limit (options.diagnosis.tryptase_reference: the TPSAB1 genotype's by default, MC11, FX5)
    with systemic reactions (SC4). TPSAB1 testing stays monitoring.tryptase.hat_consider's.
    """
    if not f.any_of(frozenset(_MARROW)):
        return upto(0)
    reasons = marrow_reasons(_MARROW_WORKUP.inputs(f, context.options))
    if not reasons:
        return ()
    findings = tuple(
        Finding(
            input=path,
            text=reason.why.value,
            note=("; ".join(reason.caveats) or None) if i == 0 else None,
        )
        for reason in reasons
        for i, path in enumerate(reason.inputs)
    )
    sources = (*(s for r in reasons for s in _MARROW_REASON_SOURCES[r.why.value]), "S27")
    return (
        Decision(
            code="diagnosis.bone_marrow.consider",
            indicator=Indicator.WARNING,
            action=Action.OBTAIN,
            findings=findings,
            sources=tuple(dict.fromkeys(sources)),
            params={"reasons": reasons},
        ),
    )


@decides(
    "diagnosis.kit.sensitive_assay",
    sources=_KIT_SOURCES,
    reads=((), (_KIT_WORKUP,)),
    indicators=(Indicator.INFO,),
    triggers=_KIT,
)
def kit_sensitive_assay(f: Facts, context: Context) -> Sequence[Decision]:
    """Recommend a high-sensitivity KIT assay when a negative result is not assessable.

    Fires when the KIT minor criterion is unknown because a negative result came from NGS, an
    assay with a limit of detection above 0.1 % or an unknown one (method ``other`` or absent
    without ``lod_pct``), or the legacy ``kit_d816v: false`` (DX7); not when a detected result or
    a sensitive marrow negative decides the criterion.
    """
    if not f.any_of(frozenset(_KIT)):
        return upto(0)
    reading = kit_reading(_KIT_WORKUP.inputs(f, context.options), Scheme.WHO_2022)
    if not reading.insensitive:
        return ()
    return (
        Decision(
            code="diagnosis.kit.sensitive_assay",
            indicator=Indicator.INFO,
            action=Action.OBTAIN,
            findings=tuple(
                Finding(input=path, text="negative, not assessable", note=why)
                for path, why in reading.insensitive
            ),
            sources=_KIT_SOURCES,
            params={"insensitive": reading.insensitive},
        ),
    )
