"""B- and C-findings under one scheme (BC1-BC11): each met, not met or unknown, never inferred.

A B-finding is a category counted once (BC4). The C-findings need the clinician's confirmation
that the organ damage is due to the mastocytosis (``organ_findings``; the cytopenia through
``cytopenia_attributed_to_sm``, FX7).
"""

from __future__ import annotations

from collections.abc import Mapping

from mastcell.diagnosis.assessment import Assessment, all_met, any_met, assess, flag
from mastcell.diagnosis.inputs import Inputs
from mastcell.knowledge.diagnosis import Cutoff
from mastcell.knowledge.findings import FINDINGS, OSTEOLYSIS
from mastcell.knowledge.who import C_FINDING_CYTOPENIA
from mastcell.model import Analyte, KitResult, KitSpecimen, OrganFindings
from mastcell.model.classification import BFinding, CFinding, CriterionStatus, Scheme
from mastcell.tryptase import hat_adjusted_baseline

__all__ = ["b_findings", "c_findings", "liver_impaired"]

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN
_ORGANS = "organ_findings"


def _cut(value: float | None, cutoff: Cutoff, path: str, what: str) -> Assessment:
    if value is None:
        return assess(UNKNOWN, missing=[path])
    met = cutoff.holds(value)
    return assess(
        MET if met else NOT_MET,
        inputs=[path.split(".")[0]],
        basis=f"{what} {value:g} {'meets' if met else 'does not meet'} {cutoff}",
    )


def burden(inputs: Inputs, scheme: Scheme) -> Assessment:
    """B1, high mast cell burden (BC1): WHO 2022 any of three items, ICC 2022 both of two.

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow",
    ...                              infiltration_pct=30)])
    >>> [burden(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'not_met']
    """
    rule = FINDINGS[scheme].burden
    infiltration = _latest_infiltration(inputs, rule.infiltration)
    tryptase = _baseline_item(inputs, rule.tryptase, adjusted=rule.tryptase_hat_adjusted)
    items = [infiltration, tryptase]
    if rule.vaf is not None:
        items.append(_vaf_item(inputs, rule.vaf))
    combined = all_met(items) if rule.all_needed else any_met(items)
    return combined


def _latest_infiltration(inputs: Inputs, cutoff: Cutoff) -> Assessment:
    marrow = inputs.marrow
    if not marrow:
        return assess(UNKNOWN, missing=["biopsies (a bone marrow biopsy: infiltration_pct)"])
    path, biopsy = marrow[-1]  # the latest marrow biopsy decides (never an older one)
    return _cut(biopsy.infiltration_pct, cutoff, f"{path}.infiltration_pct", "infiltration %")


def _baseline_item(inputs: Inputs, cutoff: Cutoff, *, adjusted: bool) -> Assessment:
    latest = inputs.latest_baseline
    if latest is None:
        return assess(UNKNOWN, missing=["labs (a baseline serum tryptase)"])
    path, lab = latest
    value, label = lab.canonical, "baseline tryptase"
    notes = []
    if adjusted and inputs.copies is not None:
        value = hat_adjusted_baseline(lab.canonical, inputs.copies)
        label = "HaT-adjusted baseline tryptase"
    elif adjusted and cutoff.holds(value):
        notes.append("TPSAB1 genotype not recorded: B1 read on the unadjusted baseline (BC1)")
    found = _cut(value, cutoff, path, label)
    return assess(found.status, inputs=[path], basis=found.basis, notes=notes)


def _vaf_item(inputs: Inputs, cutoff: Cutoff) -> Assessment:
    """The KIT D816V VAF item (WHO 2022): the latest marrow or blood result that gives it."""
    relevant = [
        (p, t)
        for p, t in inputs.kit_tests
        if t.codon_816 and t.specimen in (KitSpecimen.BONE_MARROW, KitSpecimen.BLOOD)
    ]
    if not relevant:
        return assess(UNKNOWN, missing=["kit_tests (KIT D816V VAF in marrow or blood)"])
    path, test = relevant[-1]  # the latest result decides (never an older one)
    if test.result is KitResult.DETECTED:
        return _cut(test.vaf_pct, cutoff, f"{path}.vaf_pct", "KIT D816V VAF %")
    return assess(NOT_MET, inputs=[path], basis=f"{path}: KIT D816V not detected")


def lineage(inputs: Inputs, scheme: Scheme) -> Assessment:
    """B2, other lineages (BC2): WHO reads dysplasia/myeloproliferation, ICC the counts.

    ICC 2022 (mastcell's reading): a count outside the reporting laboratory's reference range
    (a cytopenia short of the C-finding level, or a cytosis) that the clinician attributes to
    the mastocytosis (``cytopenia_attributed_to_sm``) meets it; hemoglobin, platelets and
    WBC all within their ranges do not; anything else is unknown.

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow",
    ...                              dysplasia_or_myeloproliferation=True)])
    >>> [lineage(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'unknown']
    """
    if not FINDINGS[scheme].lineage_from_counts:
        marrow = inputs.marrow
        if not marrow:
            return assess(
                UNKNOWN,
                missing=["biopsies (a bone marrow biopsy: dysplasia_or_myeloproliferation)"],
            )
        path, biopsy = marrow[-1]
        return flag(
            biopsy.dysplasia_or_myeloproliferation,
            f"{path}.dysplasia_or_myeloproliferation",
            inputs=[path],
            basis=f"{path}: dysplasia or myeloproliferation "
            f"{'present' if biopsy.dysplasia_or_myeloproliferation else 'absent'}",
        )
    return _icc_lineage(inputs)


def _icc_lineage(inputs: Inputs) -> Assessment:
    outside, missing, paths = [], [], []
    for analyte in (Analyte.HEMOGLOBIN, Analyte.PLATELETS, Analyte.WBC):
        latest = inputs.count_labs.get(analyte)
        if latest is None:
            missing.append(f"labs ({analyte.value})")
            continue
        path, lab = latest
        paths.append(path)
        low, high = lab.canonical_low, lab.canonical_high
        if low is None or high is None:
            missing.append(f"{path}.reference_low and .reference_high")
            continue
        if lab.canonical < low:
            c_level = any(
                t.analyte is analyte and t.crossed(lab.canonical) for t in C_FINDING_CYTOPENIA
            )
            if not c_level:
                outside.append(f"{path}: {analyte.value} {lab.canonical:g} below the range")
        elif lab.canonical > high:
            outside.append(f"{path}: {analyte.value} {lab.canonical:g} above the range")
    note = (
        "ICC 2022 B2 read as a count outside the laboratory's reference range, short of a "
        "C-finding, attributed to SM by the clinician (cytopenia_attributed_to_sm; BC2)"
    )
    if outside:
        organs = inputs.organ_findings
        attributed = None if organs is None else organs.cytopenia_attributed_to_sm
        if attributed is None:
            return assess(
                UNKNOWN,
                missing=[f"{_ORGANS}.cytopenia_attributed_to_sm"],
                inputs=paths,
                notes=[note],
            )
        return assess(
            MET if attributed else NOT_MET,
            inputs=[*paths, _ORGANS],
            basis="; ".join(outside),
            notes=[note],
        )
    if missing:
        return assess(UNKNOWN, missing=missing, inputs=paths, notes=[note])
    return assess(
        NOT_MET, inputs=paths, basis="counts within the laboratory's ranges", notes=[note]
    )


def liver_impaired(organs: OrganFindings) -> bool | None:
    """Impaired liver function: ``liver_dysfunction``, or ascites or portal hypertension.

    Ascites and portal hypertension are read as signs of impaired liver function (the 2016
    wording of C2, BC6): any of the three recorded true is impairment; it is ruled out only
    when all three are recorded false.

    >>> liver_impaired(OrganFindings(liver_dysfunction=False, ascites=True))
    True
    >>> liver_impaired(OrganFindings(liver_dysfunction=False, ascites=False)) is None
    True
    """
    signs = (organs.liver_dysfunction, organs.ascites, organs.portal_hypertension)
    if any(signs):
        return True
    return False if all(s is False for s in signs) else None


def _without(
    organ: bool | None, damage: bool | None, organ_path: str, damage_path: str
) -> Assessment:
    """An enlarged organ without dysfunction (a B3 item)."""
    if organ is False:
        return assess(NOT_MET, inputs=[_ORGANS])
    if organ is None:
        return assess(UNKNOWN, missing=[organ_path])
    if damage is None:
        return assess(UNKNOWN, missing=[damage_path])
    return assess(NOT_MET if damage else MET, inputs=[_ORGANS])


def organomegaly(inputs: Inputs, scheme: Scheme) -> Assessment:
    """B3, organomegaly without organ dysfunction (BC3): lymph nodes > 2 cm (WHO) or > 1 cm (ICC).

    Hepatomegaly and splenomegaly are the clinician's true or false: the texts give no liver or
    spleen size cut-off (BC10), so none is read.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(organ_findings=OrganFindings(hepatomegaly=False, splenomegaly=False,
    ...                                          lymphadenopathy_cm=1.5))
    >>> [organomegaly(read_inputs(p, AT), s).status.value for s in Scheme]
    ['not_met', 'met']
    """
    organs = inputs.organ_findings
    if organs is None:
        return assess(UNKNOWN, missing=[_ORGANS])
    liver = _without(
        organs.hepatomegaly,
        liver_impaired(organs),
        f"{_ORGANS}.hepatomegaly",
        f"{_ORGANS}.liver_dysfunction",
    )
    spleen = _without(
        organs.splenomegaly,
        organs.hypersplenism,
        f"{_ORGANS}.splenomegaly",
        f"{_ORGANS}.hypersplenism",
    )
    nodes = _cut(
        organs.lymphadenopathy_cm,
        FINDINGS[scheme].lymph_node,
        f"{_ORGANS}.lymphadenopathy_cm",
        "largest lymph node (cm)",
    )
    return any_met([liver, spleen, nodes])


def b_findings(inputs: Inputs, scheme: Scheme) -> Mapping[BFinding, Assessment]:
    """The three B-findings under ``scheme``.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> [k.value for k in b_findings(read_inputs(patient(), AT), Scheme.WHO_2022)]
    ['burden', 'lineage', 'organomegaly']
    """
    return {
        BFinding.BURDEN: burden(inputs, scheme),
        BFinding.LINEAGE: lineage(inputs, scheme),
        BFinding.ORGANOMEGALY: organomegaly(inputs, scheme),
    }


def cytopenia(inputs: Inputs) -> Assessment:
    """C1 (BC5, FX7): ANC < 1.0, Hb < 10 g/dL or platelets < 100 x10^9/L, attributed to SM.

    The thresholds are :data:`mastcell.knowledge.who.C_FINDING_CYTOPENIA`; a cytopenia is a
    C-finding only when the clinician attributes it to the mastocytosis, other causes
    excluded (``organ_findings.cytopenia_attributed_to_sm``).

    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> low = [lab("platelets", 80, "10*9/L")]
    >>> cytopenia(read_inputs(patient(labs=low), AT)).missing
    ('organ_findings.cytopenia_attributed_to_sm',)
    """
    below: list[str] = []
    missing: list[str] = []
    paths: list[str] = []
    for threshold in C_FINDING_CYTOPENIA:
        count = inputs.counts.get(threshold.analyte)
        if count is None:
            missing.append(f"labs ({threshold.analyte.value})")
            continue
        paths.extend(count.inputs)
        if threshold.crossed(count.value):
            below.append(
                f"{count.inputs[0]}: {threshold.analyte.value} {count.value:g} "
                f"{threshold.comparison.value} {threshold.value:g}"
            )
    organs = inputs.organ_findings
    attributed = None if organs is None else organs.cytopenia_attributed_to_sm
    if attributed is False:
        return assess(
            NOT_MET,
            inputs=[*paths, _ORGANS],
            basis="cytopenia not attributed to SM by the clinician",
        )
    if below:
        if attributed:
            return assess(MET, inputs=[*paths, _ORGANS], basis="; ".join(below))
        return assess(
            UNKNOWN,
            missing=[f"{_ORGANS}.cytopenia_attributed_to_sm"],
            inputs=paths,
            notes=[
                "FX7: a cytopenia at C-finding level is a C-finding only when attributed to SM, "
                "other causes excluded (clinician)"
            ],
        )
    if missing:
        return assess(UNKNOWN, missing=missing, inputs=paths)
    return assess(NOT_MET, inputs=paths, basis="no count at C-finding level")


def c_findings(inputs: Inputs) -> Mapping[CFinding, Assessment]:
    """The five C-findings (the same in both schemes, S200): each needs clinician confirmation.

    C1 cytopenia (BC5), C2 hepatomegaly with impaired liver function (BC6), C3 splenomegaly
    with hypersplenism (BC7), C4 osteolysis >= 2 cm with a pathological fracture (BC8), C5
    malabsorption with weight loss (BC9).

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(organ_findings=OrganFindings(pathological_fracture=True, osteolysis_cm=2))
    >>> c_findings(read_inputs(p, AT))[CFinding.BONE].status.value
    'met'
    """
    organs = inputs.organ_findings
    if organs is None:
        unknown = assess(UNKNOWN, missing=[_ORGANS])
        return {
            CFinding.CYTOPENIA: cytopenia(inputs),
            CFinding.LIVER: unknown,
            CFinding.SPLEEN: unknown,
            CFinding.BONE: unknown,
            CFinding.GI: unknown,
        }
    hepatomegaly = flag(organs.hepatomegaly, f"{_ORGANS}.hepatomegaly", inputs=[_ORGANS])
    impaired = flag(liver_impaired(organs), f"{_ORGANS}.liver_dysfunction", inputs=[_ORGANS])
    liver = all_met([hepatomegaly, impaired], basis="hepatomegaly with impaired liver function")
    spleen = all_met(
        [
            flag(organs.splenomegaly, f"{_ORGANS}.splenomegaly", inputs=[_ORGANS]),
            flag(organs.hypersplenism, f"{_ORGANS}.hypersplenism", inputs=[_ORGANS]),
        ],
        basis="splenomegaly with hypersplenism",
    )
    bone = all_met(
        [
            flag(
                organs.pathological_fracture, f"{_ORGANS}.pathological_fracture", inputs=[_ORGANS]
            ),
            _cut(organs.osteolysis_cm, OSTEOLYSIS, f"{_ORGANS}.osteolysis_cm", "osteolysis (cm)"),
        ],
        basis=f"osteolysis {OSTEOLYSIS} with a pathological fracture",
    )
    gi = flag(
        organs.malabsorption_with_weight_loss,
        f"{_ORGANS}.malabsorption_with_weight_loss",
        inputs=[_ORGANS],
        basis="malabsorption with weight loss (mast cell infiltration of the gut)",
    )
    return {
        CFinding.CYTOPENIA: cytopenia(inputs),
        CFinding.LIVER: liver,
        CFinding.SPLEEN: spleen,
        CFinding.BONE: bone,
        CFinding.GI: gi,
    }
