"""The major and minor criteria of systemic mastocytosis under one scheme, and the diagnosis.

Small pure functions of :class:`~mastcell.diagnosis.inputs.Inputs`, one per criterion, each
returning an :class:`~mastcell.diagnosis.assessment.Assessment` (DX1-DX8). The readings the
sources leave open are those of the "Diagnosis and classification" page; each is stated in the
assessment's notes when it decides the result.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.diagnosis.assessment import Assessment, any_met, assess
from mastcell.diagnosis.inputs import Inputs
from mastcell.knowledge.diagnosis import (
    ATYPICAL_MORPHOLOGY,
    KIT_SENSITIVE_LOD,
    SCHEMES,
    TRYPTASE_MINOR,
    TRYPTASE_PERSISTENCE,
)
from mastcell.model import BiopsySite, KitMethod, KitResult, KitSpecimen, KitTest, Lineage
from mastcell.model.classification import (
    CriterionStatus,
    DiagnosisStatus,
    MinorCriterion,
    Scheme,
)
from mastcell.tryptase import hat_adjusted_baseline

__all__ = [
    "KitReading",
    "assay_sensitive",
    "diagnosis_status",
    "kit_reading",
    "major",
    "minors",
    "morphology",
    "phenotype",
    "tryptase",
]

MET, NOT_MET, UNKNOWN, NOT_APPLICABLE = (
    CriterionStatus.MET,
    CriterionStatus.NOT_MET,
    CriterionStatus.UNKNOWN,
    CriterionStatus.NOT_APPLICABLE,
)

_NO_MARROW = "biopsies (a bone marrow biopsy)"


def major(inputs: Inputs, scheme: Scheme) -> Assessment:
    """DX1: multifocal dense mast cell aggregates in the marrow or another extracutaneous organ.

    ICC also needs the aggregates confirmed by tryptase or CD117 immunohistochemistry: an
    absent ``aggregates_stain`` leaves it unknown, ``[]`` (none used) not met. A marrow biopsy
    without aggregates makes it not met (unless another biopsy meets it).

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow", aggregates=True)])
    >>> [major(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'unknown']
    """
    needs_stain = SCHEMES[scheme].major_needs_stain
    parts: list[Assessment] = []
    marrow_negative: list[Assessment] = []
    for path, biopsy in inputs.biopsies:
        if not biopsy.site.extracutaneous:
            continue
        if biopsy.aggregates is None:
            continue  # not assessed in this biopsy
        if biopsy.aggregates is False:
            if biopsy.site is BiopsySite.BONE_MARROW:
                marrow_negative.append(
                    assess(NOT_MET, inputs=[path], basis=f"{path}: no mast cell aggregates")
                )
            continue
        if not needs_stain:
            parts.append(assess(MET, inputs=[path], basis=f"{path}: mast cell aggregates"))
        elif biopsy.aggregates_stain is None:
            parts.append(
                assess(
                    UNKNOWN,
                    missing=[f"{path}.aggregates_stain"],
                    inputs=[path],
                    notes=[
                        f"{path}: the stain that identified the aggregates is not recorded; ICC "
                        "2022 needs tryptase or CD117 immunohistochemistry (DX1)"
                    ],
                )
            )
        elif biopsy.aggregates_stain:
            stains = ", ".join(s.value for s in biopsy.aggregates_stain)
            parts.append(
                assess(MET, inputs=[path], basis=f"{path}: aggregates confirmed by {stains}")
            )
        else:
            target = marrow_negative if biopsy.site is BiopsySite.BONE_MARROW else parts
            target.append(
                assess(
                    NOT_MET,
                    inputs=[path],
                    basis=f"{path}: aggregates not confirmed by immunohistochemistry",
                    notes=[
                        f"{path}: aggregates without tryptase or CD117 immunohistochemistry do "
                        "not meet the ICC 2022 major criterion (DX1)"
                    ],
                )
            )
    found = any_met(parts)
    if found.status is MET or (parts and found.status is UNKNOWN):
        return _with_comparator_note(found)
    if marrow_negative:
        return any_met(marrow_negative)
    return assess(UNKNOWN, missing=[_NO_MARROW], inputs=found.inputs, notes=found.notes)


def _with_comparator_note(found: Assessment) -> Assessment:
    if found.status is not MET:
        return found
    return attrs.evolve(
        found,
        notes=(
            *found.notes,
            "DX1: 'aggregates' is read as >= 15 mast cells per aggregate (hematomorphology, "
            "ICC summary); one table writes > 15 (CONFLICT): check an aggregate of exactly 15",
        ),
    )


def morphology(inputs: Inputs) -> Assessment:
    """DX2: more than 25 % of the mast cells atypical or spindle-shaped (both schemes).

    Decided by the extracutaneous biopsies that report ``atypical_pct``; not met only when a
    marrow biopsy reports it (the aspirate smear is best for morphology).

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> b = lambda pct: Biopsy(date=date(2026, 9, 1), site="bone_marrow", atypical_pct=pct)
    >>> [morphology(read_inputs(patient(biopsies=[b(v)]), AT)).status.value for v in (25, 25.5)]
    ['not_met', 'met']
    """
    met, marrow_negative, other_negative = [], [], []
    for path, biopsy in inputs.biopsies:
        if not biopsy.site.extracutaneous or biopsy.atypical_pct is None:
            continue
        basis = f"{path}: {biopsy.atypical_pct:g} % atypical or spindle-shaped"
        if ATYPICAL_MORPHOLOGY.holds(biopsy.atypical_pct):
            met.append(assess(MET, inputs=[path], basis=basis + f" ({ATYPICAL_MORPHOLOGY})"))
        elif biopsy.site is BiopsySite.BONE_MARROW:
            marrow_negative.append(assess(NOT_MET, inputs=[path], basis=basis))
        else:
            other_negative.append(path)
    if met:
        return any_met(met)
    if marrow_negative:
        return any_met(marrow_negative)
    return assess(
        UNKNOWN,
        missing=["biopsies[].atypical_pct (bone marrow)"],
        inputs=other_negative,
    )


def phenotype(inputs: Inputs, scheme: Scheme) -> Assessment:
    """DX4: CD25, CD2 or CD30 on the mast cells (CD30 added by both schemes in 2022, FX2).

    The markers are the scheme's (``SCHEMES[scheme].phenotype_markers``).

    Met by any marker on any extracutaneous biopsy; not met when a marrow biopsy has all three
    negative; otherwise unknown (a marker not tested).

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow", cd25=False,
    ...                              cd2=False, cd30=True)])
    >>> [phenotype(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'met']
    """
    met: list[Assessment] = []
    negative: list[Assessment] = []
    partial: list[str] = []
    names = ", ".join(SCHEMES[scheme].phenotype_markers)
    for path, biopsy in inputs.biopsies:
        if not biopsy.site.extracutaneous:
            continue
        markers = {
            name: getattr(biopsy, name.lower()) for name in SCHEMES[scheme].phenotype_markers
        }
        positive = [name for name, v in markers.items() if v is True]
        if positive:
            met.append(
                assess(MET, inputs=[path], basis=f"{path}: {', '.join(positive)} on mast cells")
            )
        elif all(v is False for v in markers.values()):
            if biopsy.site is BiopsySite.BONE_MARROW:
                negative.append(assess(NOT_MET, inputs=[path], basis=f"{path}: {names} negative"))
        elif any(v is not None for v in markers.values()):
            partial.extend(f"{path}.{name.lower()}" for name, v in markers.items() if v is None)
    if met:
        return any_met(met)
    if negative:
        return any_met(negative)
    return assess(
        UNKNOWN,
        missing=partial or [f"biopsies[] {names} (bone marrow)"],
    )


@attrs.frozen(kw_only=True)
class KitReading:
    """The KIT minor criterion, and the negative results that could not be assessed (DX7).

    ``insensitive`` lists each negative result read as not assessable because of its assay
    (NGS, a limit of detection above 0.1 % or unknown, the legacy ``kit_d816v: false``): the
    ``diagnosis.kit.sensitive_assay`` rule recommends a high-sensitivity assay for them.

    >>> from mastcell.diagnosis.assessment import assess
    >>> KitReading(assessment=assess(CriterionStatus.UNKNOWN)).insensitive
    ()
    """

    assessment: Assessment
    insensitive: tuple[tuple[str, str], ...] = ()


def _activating(test: KitTest, scheme: Scheme) -> bool | None:
    if test.codon_816:
        return True
    return test.activating if SCHEMES[scheme].kit_other_activating else False


def assay_sensitive(test: KitTest) -> tuple[bool, str]:
    """Whether a negative result's assay is sensitive enough, and why not (DX7).

    >>> from datetime import date
    >>> assay_sensitive(KitTest(date=date(2026, 1, 1), variant="D816V", result="not_detected",
    ...                         method="asqpcr", lod_pct=0.5))
    (False, 'limit of detection 0.5 % is above 0.1 %')
    """
    if test.method is KitMethod.NGS:
        return False, "NGS is often falsely negative for D816V"
    if test.lod_pct is not None:
        if KIT_SENSITIVE_LOD.holds(test.lod_pct):
            return True, ""
        return False, f"limit of detection {test.lod_pct:g} % is above 0.1 %"
    if test.method is not None and test.method.high_sensitivity:
        return True, ""
    return False, "limit of detection unknown (method other or not recorded, no lod_pct)"


def kit_reading(inputs: Inputs, scheme: Scheme = Scheme.WHO_2022) -> KitReading:
    """DX3, DX7, DX8: KIT D816V or another activating KIT mutation in marrow, blood or organ.

    A codon-816 substitution is activating; another variant counts only with ``activating:
    true`` (both schemes added the other activating mutations in 2022, FX2). A negative
    result is not met only from a sensitive assay (ASqPCR, ddPCR or PNA-PCR,
    or a limit of detection of 0.1 % or less; never NGS) in marrow or another extracutaneous
    organ; a negative in blood alone, or by a less sensitive assay, leaves it unknown.
    ``kit_tests`` decide over the legacy ``kit_d816v`` when both are given.

    >>> from datetime import date
    >>> from mastcell.model import KitTest
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> t = KitTest(date=date(2026, 9, 1), variant="D816V", result="not_detected",
    ...             specimen="bone_marrow", method="ngs")
    >>> r = kit_reading(read_inputs(patient(kit_tests=[t]), AT))
    >>> r.assessment.status.value, r.insensitive
    ('unknown', (('kit_tests[0]', 'NGS is often falsely negative for D816V'),))
    """
    notes: list[str] = []
    if not inputs.kit_tests:
        return _legacy_kit(inputs)
    if inputs.kit_d816v is not None:
        detected = any(t.codon_816 and t.result is KitResult.DETECTED for _, t in inputs.kit_tests)
        if detected != inputs.kit_d816v:
            notes.append(
                f"kit_d816v ({str(inputs.kit_d816v).lower()}) disagrees with kit_tests; "
                "kit_tests decide"
            )
    met, negative, unknown = [], [], []
    insensitive: list[tuple[str, str]] = []
    for path, test in inputs.kit_tests:
        if test.result is KitResult.DETECTED:
            activating = _activating(test, scheme)
            if activating is False:
                notes.append(f"{path}: {test.variant} is recorded as not activating: not counted")
                continue
            if activating is None:
                unknown.append(
                    assess(
                        UNKNOWN,
                        missing=[f"{path}.activating"],
                        inputs=[path],
                        notes=[
                            f"{path}: {test.variant} is outside codon 816; it counts only "
                            "when recorded as activating (DX3)"
                        ],
                    )
                )
                continue
            if test.specimen is None:
                unknown.append(
                    assess(
                        UNKNOWN,
                        missing=[f"{path}.specimen"],
                        inputs=[path],
                        notes=[
                            f"{path}: the specimen is not recorded; the criterion counts marrow, "
                            "blood or another extracutaneous organ (DX3)"
                        ],
                    )
                )
                continue
            met.append(
                assess(
                    MET,
                    inputs=[path],
                    basis=f"{path}: KIT {test.variant} detected in {test.specimen.value}",
                )
            )
            continue
        if not test.codon_816:
            notes.append(
                f"{path}: a negative {test.variant} result does not exclude KIT D816V: not counted"
            )
            continue
        sensitive, why = assay_sensitive(test)
        if not sensitive:
            insensitive.append((path, why))
            unknown.append(
                assess(
                    UNKNOWN,
                    missing=["kit_tests (a high-sensitivity assay: ASqPCR or ddPCR)"],
                    inputs=[path],
                    notes=[f"{path}: negative but not assessable: {why} (DX7)"],
                )
            )
        elif test.specimen is KitSpecimen.BLOOD:
            unknown.append(
                assess(
                    UNKNOWN,
                    missing=["kit_tests (bone marrow)"],
                    inputs=[path],
                    notes=[
                        f"{path}: a sensitive negative in blood alone does not exclude the "
                        "criterion; a marrow study is needed in any case (DX7)"
                    ],
                )
            )
        elif test.specimen is None:
            unknown.append(assess(UNKNOWN, missing=[f"{path}.specimen"], inputs=[path]))
        else:
            negative.append(
                assess(
                    NOT_MET,
                    inputs=[path],
                    basis=f"{path}: KIT D816V not detected in {test.specimen.value} "
                    f"({test.method.value if test.method else 'assay'}, sensitive)",
                )
            )
    if met:
        found = any_met(met)
    elif negative:
        found = any_met(negative)
    else:
        found = any_met(unknown, empty_missing=["kit_tests"])
    found = attrs.evolve(found, notes=(*notes, *found.notes))
    if found.status is not UNKNOWN:
        insensitive = []
    return KitReading(assessment=found, insensitive=tuple(insensitive))


def _legacy_kit(inputs: Inputs) -> KitReading:
    if inputs.kit_d816v is None:
        return KitReading(assessment=assess(UNKNOWN, missing=["kit_tests"]))
    if inputs.kit_d816v is False:
        why = "kit_d816v: false, with no assay or limit of detection recorded"
        return KitReading(
            assessment=assess(
                UNKNOWN,
                missing=["kit_tests (a high-sensitivity assay: ASqPCR or ddPCR)"],
                inputs=["kit_d816v"],
                notes=[f"{why}: not assessable (DX7)"],
            ),
            insensitive=(("kit_d816v", why),),
        )
    return KitReading(
        assessment=assess(
            UNKNOWN,
            missing=["kit_tests (the specimen of the KIT D816V result)"],
            inputs=["kit_d816v"],
            notes=[
                "kit_d816v: true without a specimen: the criterion counts marrow, blood or "
                "another extracutaneous organ; record it in kit_tests (DX3)"
            ],
        )
    )


def _myeloid_neoplasm(inputs: Inputs) -> bool:
    neoplasm = inputs.neoplasm
    return neoplasm is not None and neoplasm.lineage is Lineage.MYELOID


def tryptase(inputs: Inputs, scheme: Scheme) -> Assessment:
    """DX5: baseline serum tryptase persistently above 20 ng/mL.

    Persistent (mastcell's reading): at least two baseline results above 20 ng/mL at least
    four weeks apart, with no later baseline at or below 20 (met); the latest baseline at or
    below 20 (not met); otherwise unknown. WHO 2022 reads the HaT-adjusted value when the TPSAB1
    genotype is known; ICC reads the value as drawn (its HaT handling was not readable: where
    the adjustment would change the answer it is left to the clinician). Not applicable with an
    associated myeloid neoplasm.

    >>> from datetime import timedelta
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> two = [lab("tryptase", 25, "ng/mL", AT - timedelta(days=d), role="baseline")
    ...        for d in (60, 2)]
    >>> tryptase(read_inputs(patient(labs=two), AT), Scheme.WHO_2022).status.value
    'met'
    """
    if _myeloid_neoplasm(inputs):
        return assess(
            NOT_APPLICABLE,
            inputs=["associated_neoplasm"],
            basis="not valid with an associated myeloid neoplasm",
            notes=[
                "DX5: the tryptase minor criterion is not applicable with an associated myeloid "
                "neoplasm (WHO); the ICC text was not readable, so the same reading is taken "
                "under ICC 2022"
            ],
        )
    found = _tryptase_reading(inputs, scheme)
    neoplasm = inputs.neoplasm
    if neoplasm is not None and neoplasm.lineage is None and found.status is MET:
        return assess(
            UNKNOWN,
            missing=["associated_neoplasm.lineage"],
            inputs=[*found.inputs, "associated_neoplasm"],
            notes=[
                *found.notes,
                "DX5: the tryptase minor criterion does not apply with an associated myeloid "
                "neoplasm, and the lineage of the one recorded is not known",
            ],
        )
    return found


def _tryptase_reading(inputs: Inputs, scheme: Scheme) -> Assessment:
    if not inputs.baselines:
        return assess(UNKNOWN, missing=["labs (a baseline serum tryptase)"])
    copies = inputs.copies
    raw = _persistence(inputs, adjust=None)
    if scheme is Scheme.WHO_2022:
        if copies is None:
            if raw.status is not NOT_MET:
                return attrs.evolve(
                    raw,
                    notes=(
                        *raw.notes,
                        "TPSAB1 genotype not recorded: WHO 2022 read on the unadjusted baseline "
                        "tryptase (DX5)",
                    ),
                )
            return raw
        return _persistence(inputs, adjust=copies)
    if copies is not None and copies > 0:
        adjusted = _persistence(inputs, adjust=copies)
        if adjusted.status is not raw.status:
            return assess(
                UNKNOWN,
                missing=["clinician decision: HaT adjustment under ICC 2022"],
                inputs=raw.inputs,
                notes=[
                    f"ICC 2022 with {copies} extra TPSAB1 copies: the unadjusted baseline reads "
                    f"{raw.status.value}, the adjusted one {adjusted.status.value}; the ICC "
                    "handling of HaT was not readable (DX5, NOT VERIFIED): clinician decision"
                ],
            )
    return raw


def _persistence(inputs: Inputs, *, adjust: int | None) -> Assessment:
    def value(lab_value: float) -> float:
        return lab_value if adjust is None else hat_adjusted_baseline(lab_value, adjust)

    series = [(path, lab, value(lab.canonical)) for path, lab in inputs.baselines]
    label = "HaT-adjusted " if adjust else ""
    last_path, last_lab, last_value = series[-1]
    if not TRYPTASE_MINOR.holds(last_value):
        return assess(
            NOT_MET,
            inputs=[last_path],
            basis=f"{last_path}: latest baseline {label}{last_value:g} ng/mL (not > 20)",
        )
    run = []
    for path, lab, v in reversed(series):
        if not TRYPTASE_MINOR.holds(v):
            break
        run.append((path, lab, v))
    first_path, first_lab, _ = run[-1]
    span = last_lab.time - first_lab.time
    paths = [p for p, _, _ in reversed(run)]
    reading = (
        f"persistently > 20 ng/mL read as {TRYPTASE_PERSISTENCE.results} or more baseline results "
        f"above 20 at least {TRYPTASE_PERSISTENCE.apart.days // 7} weeks apart, none later at or "
        "below 20 (DX5)"
    )
    if len(run) >= TRYPTASE_PERSISTENCE.results and span >= TRYPTASE_PERSISTENCE.apart:
        return assess(
            MET,
            inputs=paths,
            basis=(
                f"{len(run)} baseline results {label}> 20 ng/mL over {span.days} days "
                f"({first_path} to {last_path})"
            ),
            notes=[reading],
        )
    return assess(
        UNKNOWN,
        missing=[
            f"labs (a repeat baseline tryptase at least {TRYPTASE_PERSISTENCE.apart.days // 7} "
            f"weeks after {first_lab.time.date().isoformat()})"
        ],
        inputs=paths,
        notes=[reading],
    )


def minors(inputs: Inputs, scheme: Scheme, kit: KitReading) -> Mapping[MinorCriterion, Assessment]:
    """The four minor criteria under ``scheme`` (the KIT reading is shared by both schemes).

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> i = read_inputs(patient(), AT)
    >>> [a.status.value for a in minors(i, Scheme.WHO_2022, kit_reading(i, Scheme.WHO_2022)).values()]
    ['unknown', 'unknown', 'unknown', 'unknown']
    """
    return {
        MinorCriterion.MORPHOLOGY: morphology(inputs),
        MinorCriterion.KIT: kit.assessment,
        MinorCriterion.PHENOTYPE: phenotype(inputs, scheme),
        MinorCriterion.TRYPTASE: tryptase(inputs, scheme),
    }


def diagnosis_status(
    scheme: Scheme, major_status: CriterionStatus, minor_statuses: list[CriterionStatus]
) -> DiagnosisStatus:
    """DX6: met, not met, or indeterminate from the criteria's statuses under ``scheme``.

    WHO 2022: the major criterion and one minor, or three minor. ICC 2022: the major criterion
    alone, or three minor. Not met when even every unknown criterion turning out met could not
    reach the rule; indeterminate otherwise.

    >>> U, M, N = CriterionStatus.UNKNOWN, CriterionStatus.MET, CriterionStatus.NOT_MET
    >>> diagnosis_status(Scheme.WHO_2022, M, [U, U, U, U]).value
    'indeterminate'
    >>> diagnosis_status(Scheme.ICC_2022, M, [U, U, U, U]).value
    'met'
    >>> diagnosis_status(Scheme.WHO_2022, N, [M, M, U, N]).value
    'indeterminate'
    >>> diagnosis_status(Scheme.WHO_2022, N, [M, M, N, N]).value
    'not_met'
    """
    rule = SCHEMES[scheme]

    def reaches(major_ok: bool, minor_count: int) -> bool:
        if major_ok and rule.major_alone:
            return True
        if major_ok and minor_count >= rule.minors_with_major:
            return True
        return minor_count >= rule.minors_alone

    met = sum(s is MET for s in minor_statuses)
    possible = sum(s.possible for s in minor_statuses)
    if reaches(major_status is MET, met):
        return DiagnosisStatus.MET
    if not reaches(major_status.possible, possible):
        return DiagnosisStatus.NOT_MET
    return DiagnosisStatus.INDETERMINATE
