"""The words of the monitoring decisions (:mod:`mastcell.rules.monitoring`).

>>> from mastcell.text import template_of
>>> template_of("monitoring.tryptase.hat_consider")(baseline=9.0)[0]
'Baseline tryptase 9 ng/mL (>= 8): consider TPSAB1 copy-number testing (HaT)'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from mastcell.knowledge.antimediator import CROMOLYN
from mastcell.knowledge.findings import FINDINGS
from mastcell.knowledge.tryptase import HAT_TESTING_NOT_ADVISED_BELOW, HAT_TESTING_THRESHOLD
from mastcell.knowledge.who import SM_MINOR_TRYPTASE
from mastcell.model import LabResult
from mastcell.model.classification import Scheme
from mastcell.text import Text, shorten, template

__all__: list[str] = []

#: The one home of the TPSAB1 testing advice is monitoring.tryptase.hat_consider (issue 19):
#: every other text that touches it says this, never the advice itself.
_HAT_TESTING_POINTER = (
    "whether to test the TPSAB1 copy number is left to monitoring.tryptase.hat_consider, which "
    "gives that advice when it applies"
)


def _burden_text() -> str:
    """What a baseline at the B1 tryptase level says (FX1): one item of a composite finding.

    A tryptase alone is never "a B-finding": WHO 2022 counts >= 200 ng/mL (HaT-adjusted) as
    one of three items, any of which makes B1; ICC 2022 needs > 200 ng/mL and > 30 %
    infiltration together (BC1).
    """
    who = FINDINGS[Scheme.WHO_2022].burden
    icc = FINDINGS[Scheme.ICC_2022].burden
    assert who.vaf is not None
    return (
        f" At {who.tryptase.comparison.value} {who.tryptase.threshold:g} ng/mL it is one item "
        "of the WHO 2022 B-finding of high mast cell burden (with marrow infiltration "
        f"{who.infiltration.comparison.value} {who.infiltration.threshold:g} % or KIT D816V VAF "
        f"{who.vaf.comparison.value} {who.vaf.threshold:g} %, any one); ICC 2022 needs "
        f"{icc.tryptase.comparison.value} {icc.tryptase.threshold:g} ng/mL and "
        f"{icc.infiltration.comparison.value} {icc.infiltration.threshold:g} % infiltration "
        "together (BC1, FX1; S200): a tryptase alone is not a B-finding. The marrow study "
        "decides it (mastcell classify reads the whole finding)."
    )


@template("monitoring.tryptase.baseline_elevated")
def baseline_elevated(
    *, baseline: float, value: float, copies: int | None, hat_diagnosed: bool, burden: bool
) -> Text:
    """A baseline above the SM minor criterion: the work-up, and what HaT changes."""
    if copies is not None:
        hat = f"After the HaT adjustment for {copies} extra TPSAB1 copies it is {value:g} ng/mL."
    elif hat_diagnosed:
        hat = (
            "HaT is diagnosed but the TPSAB1 copy number is not recorded: record it, since "
            "WHO 2022 reads the criterion on BST / (1 + extra copies) (S11, S26)."
        )
    else:
        hat = (
            "HaT is not excluded: WHO 2022 reads the criterion on BST / (1 + extra TPSAB1 "
            f"copies) (S11, S26); {_HAT_TESTING_POINTER}."
        )
    b_finding = _burden_text() if burden else ""
    return (
        f"Baseline tryptase {baseline:g} ng/mL (> {SM_MINOR_TRYPTASE.value:g}): "
        "work up for systemic mastocytosis",
        f"A persistent baseline tryptase above {SM_MINOR_TRYPTASE.value:g} ng/mL is a "
        "WHO/ICC minor criterion for systemic mastocytosis (S27, S11); confirm it on a "
        "repeat baseline and evaluate with a bone marrow biopsy and a high-sensitivity KIT "
        f"D816V assay (allele-specific PCR or ddPCR; NGS is often falsely negative, S27). "
        f"{hat}{b_finding} The criterion is not valid with an unrelated myeloid neoplasm.",
    )


_HAT_BASIS = (
    f"A baseline tryptase of {HAT_TESTING_THRESHOLD:g} ng/mL or more in a symptomatic "
    "patient warrants TPSAB1 copy-number testing by ddPCR (S26); HaT affects about 5 % of "
    "Western populations and explains most raised baselines in the general population "
    f"(S26, S20). Genotyping is not advised when asymptomatic or below "
    f"{HAT_TESTING_NOT_ADVISED_BELOW:g} ng/mL (S26). The copy number also adjusts the SM "
    "minor criterion: BST / (1 + extra copies) (S11)."
)


@template("monitoring.tryptase.hat_consider")
def hat_consider(*, baseline: float) -> Text:
    """A raised baseline in a symptomatic patient: consider TPSAB1 testing."""
    return (
        f"Baseline tryptase {baseline:g} ng/mL (>= {HAT_TESTING_THRESHOLD:g}): "
        "consider TPSAB1 copy-number testing (HaT)",
        _HAT_BASIS,
    )


@template("monitoring.tryptase.hat_consider", "symptoms_unknown")
def hat_consider_symptoms_unknown(*, baseline: float) -> Text:
    """A raised baseline, nothing on record about symptoms: record them first."""
    return (
        f"Baseline tryptase {baseline:g} ng/mL: record whether the patient has "
        "symptoms before TPSAB1 testing",
        _HAT_BASIS + " Nothing on record says whether this patient has symptoms.",
    )


def _cromolyn_text(start: date | None) -> str:
    if start is None:
        return ""
    low, high = CROMOLYN.titrate_after
    onset_low, onset_high = CROMOLYN.onset
    return (
        f" Cromolyn: if symptoms are not controlled by {(start + low).isoformat()} to "
        f"{(start + high).isoformat()} ({low.days // 7}-{high.days // 7} weeks), consider "
        f"raising the dose (maximum 40 mg/kg/day); its response may take "
        f"{onset_low.days // 7}-{onset_high.days // 7} weeks, so judge it at "
        f"{(start + onset_high).isoformat()} (S12). SEED-B's 4-6 weeks to efficacy is a "
        "narrower CONFLICT."
    )


@template("monitoring.reassess")
def reassess(
    *,
    latest: date,
    names: Sequence[str],
    reassess_from: timedelta,
    reassess_until: timedelta,
    cromolyn_start: date | None,
) -> Text:
    """When to reassess symptom control after an anti-mediator start or change."""
    due_from = latest + reassess_from
    due_until = latest + reassess_until
    return (
        shorten(
            f"Reassess symptom control {due_from.isoformat()} to {due_until.isoformat()} "
            f"(started or changed: {', '.join(names)})"
        ),
        f"An anti-mediator therapy was started or changed on {latest.isoformat()}. "
        f"Reassessing symptom control {reassess_from.days // 7}-"
        f"{reassess_until.days // 7} weeks after a change is SEED-ONLY (SEED-B); "
        "set options.monitoring.reassess_from / reassess_until to change it. Record the "
        "assessment as symptom_control so escalation decisions can use it."
        + _cromolyn_text(cromolyn_start),
    )


@template("monitoring.labs.conflicting")
def labs_conflicting(*, values: Sequence[float], used: LabResult, path: str) -> Text:
    """Results drawn at the same moment disagree: which one was read, and why."""
    analyte = used.analyte
    unit = analyte.canonical_unit
    shown = " vs ".join(f"{v:g}" for v in values)
    cautious = "lower" if used.canonical <= min(values) else "higher"
    return (
        shorten(
            f"Check the record: {len(values)} {analyte.value} results drawn at the same time "
            f"disagree ({shown} {unit}); the {cautious} was used"
        ),
        f"{len(values)} results of {analyte.info.label} share the draw time "
        f"{used.time.isoformat()} but differ ({shown} {unit}). mastcell reads the more "
        f"cautious value ({used.canonical:g} {unit}, {path}: the lower "
        "blood count or the higher mediator), whatever order they were sent in, so the "
        "decision does not depend on list order (a library convention, not a clinical "
        "fact). Correct or remove the wrong result if one is an error.",
    )
