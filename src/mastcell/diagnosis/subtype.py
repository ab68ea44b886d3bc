"""The subtype ladders of WHO 2022 and ICC 2022 (DX11-DX17), as sets of possible subtypes.

Each rung is an :class:`~mastcell.diagnosis.assessment.Assessment`. The ladder is walked in
order: a rung that is met ends it; an unknown rung keeps its subtype possible and goes on. The
subtype is given only when exactly one remains, so a missing input never yields a default
subtype; the set of possible subtypes is what ``diagnosis.recorded_differs`` compares a
recorded diagnosis with.

WHO 2022: MCL, SM-AHN, ASM, SSM, BMM, ISM. ICC 2022: MCL (immature morphology), SM-AMN
(myeloid only), ASM, SSM, ISM (with the BMM variant). ISM, the last rung, is what remains when
no rung above it is met (DX13).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from mastcell.diagnosis.assessment import Assessment, all_met, any_met, assess
from mastcell.diagnosis.inputs import Inputs
from mastcell.knowledge.diagnosis import BMM_TRYPTASE, MCL_ASPIRATE, SCHEMES, SSM_B_FINDINGS
from mastcell.knowledge.findings import ASM_C_FINDINGS
from mastcell.model.classification import (
    BFinding,
    CFinding,
    CriterionStatus,
    Scheme,
    SmSubtype,
)

__all__ = ["Ladder", "bmm", "ladder"]

MET, NOT_MET, UNKNOWN = CriterionStatus.MET, CriterionStatus.NOT_MET, CriterionStatus.UNKNOWN


@attrs.frozen(kw_only=True)
class Ladder:
    """The rungs walked and the subtypes still possible.

    >>> Ladder(rungs=(), possible=frozenset({SmSubtype.ISM})).subtype
    <SmSubtype.ISM: 'ism'>
    """

    rungs: tuple[tuple[SmSubtype, Assessment], ...]
    possible: frozenset[SmSubtype]
    #: ICC 2022: the BMM variant of ISM (met, not met or unknown); None under WHO 2022.
    variant: Assessment | None = None

    @property
    def subtype(self) -> SmSubtype | None:
        """The one possible subtype, or None while more than one remains."""
        return next(iter(self.possible)) if len(self.possible) == 1 else None

    @property
    def missing(self) -> tuple[str, ...]:
        """What the unknown rungs need."""
        return tuple(m for _, a in self.rungs if a.status is UNKNOWN for m in a.missing)

    @property
    def notes(self) -> tuple[str, ...]:
        """The readings the walked rungs took."""
        return tuple(n for _, a in self.rungs for n in a.notes)


def _walk(
    rungs: Sequence[tuple[SmSubtype, Assessment]],
) -> tuple[tuple[SmSubtype, Assessment], ...]:
    walked = []
    for subtype, rung in rungs:
        walked.append((subtype, rung))
        if rung.status is MET:
            break
    return tuple(walked)


def mcl(inputs: Inputs, scheme: Scheme) -> Assessment:
    """DX17: >= 20 % mast cells on the aspirate (WHO); ICC also needs immature morphology.

    ICC allows a core-biopsy diagnosis whose threshold was not verified: below 20 % on the
    aspirate mastcell reads MCL as not met under ICC too, and says so when the morphology is
    immature (FX3).

    >>> from datetime import date
    >>> from mastcell.model import Biopsy
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(biopsies=[Biopsy(date=date(2026, 9, 1), site="bone_marrow",
    ...                              aspirate_mast_cell_pct=20)])
    >>> [mcl(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'unknown']
    """
    marrow = inputs.marrow
    needs_immature = SCHEMES[scheme].mcl_needs_immature
    if not marrow:
        return assess(UNKNOWN, missing=["biopsies (a bone marrow biopsy: aspirate_mast_cell_pct)"])
    path, biopsy = marrow[-1]  # the latest marrow study decides (never an older one)
    pct, immature = biopsy.aspirate_mast_cell_pct, biopsy.immature_morphology
    if needs_immature and immature is False:
        return assess(NOT_MET, inputs=[path], basis=f"{path}: no immature mast cell morphology")
    if pct is None:
        return assess(UNKNOWN, missing=[f"{path}.aspirate_mast_cell_pct"], inputs=[path])
    if not MCL_ASPIRATE.holds(pct):
        notes = []
        if needs_immature and immature:
            notes.append(
                "FX3, DX17: ICC 2022 allows MCL to be diagnosed from a core biopsy; its threshold "
                "was not verified, so with an aspirate below 20 % MCL is read as not met"
            )
        return assess(
            NOT_MET,
            inputs=[path],
            basis=f"{path}: {pct:g} % mast cells on the aspirate (not {MCL_ASPIRATE})",
            notes=notes,
        )
    basis = f"{path}: {pct:g} % mast cells on the aspirate ({MCL_ASPIRATE})"
    if not needs_immature:
        return assess(MET, inputs=[path], basis=basis)
    if immature is None:
        return assess(
            UNKNOWN,
            missing=[f"{path}.immature_morphology"],
            inputs=[path],
            notes=["FX3: ICC 2022 restricts MCL to immature/atypical mast cell morphology (DX17)"],
        )
    return assess(MET, inputs=[path], basis=basis + ", immature morphology")


def associated(inputs: Inputs, scheme: Scheme) -> Assessment:
    """DX16: an associated neoplasm (WHO: any lineage; ICC: myeloid only).

    An absent ``associated_neoplasm`` is none recorded, which the ladder takes as none (the
    chart convention, said in the notes).

    >>> from mastcell.model import AssociatedNeoplasm
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(associated_neoplasm=AssociatedNeoplasm(name="CLL", lineage="lymphoid"))
    >>> [associated(read_inputs(p, AT), s).status.value for s in Scheme]
    ['met', 'not_met']
    """
    neoplasm = inputs.neoplasm
    if neoplasm is None:
        return assess(
            NOT_MET,
            basis="no associated neoplasm recorded",
            notes=[
                "associated_neoplasm absent: read as none (the chart convention); record it if "
                "there is one (DX16)"
            ],
        )
    lineages = SCHEMES[scheme].associated_lineages
    if scheme is Scheme.WHO_2022:
        return assess(MET, inputs=["associated_neoplasm"], basis=f"associated {neoplasm.name}")
    if neoplasm.lineage is None:
        return assess(
            UNKNOWN,
            missing=["associated_neoplasm.lineage"],
            inputs=["associated_neoplasm"],
            notes=["ICC 2022 SM-AMN counts a myeloid neoplasm only (DX16)"],
        )
    if neoplasm.lineage in lineages:
        return assess(
            MET, inputs=["associated_neoplasm"], basis=f"associated myeloid {neoplasm.name}"
        )
    return assess(
        NOT_MET,
        inputs=["associated_neoplasm"],
        basis=f"associated {neoplasm.lineage.value} {neoplasm.name}",
        notes=[
            f"ICC 2022 SM-AMN excludes lymphoid neoplasms: {neoplasm.name} does not make the "
            "subtype (DX16; analysed apart as SM-ALN, DX19)"
        ],
    )


def aggressive(c: Mapping[CFinding, Assessment]) -> Assessment:
    """DX15: at least one C-finding.

    >>> aggressive({CFinding.GI: assess(MET)}).status.value
    'met'
    """
    met = [a for a in c.values() if a.status is MET]
    if len(met) >= ASM_C_FINDINGS:
        return any_met(met)
    return any_met(c.values())


def smouldering(b: Mapping[BFinding, Assessment], scheme: Scheme) -> Assessment:
    """DX14: two or more B-findings, counted by category (BC4).

    >>> M, N = assess(CriterionStatus.MET), assess(CriterionStatus.NOT_MET)
    >>> smouldering({BFinding.BURDEN: M, BFinding.LINEAGE: N, BFinding.ORGANOMEGALY: M},
    ...             Scheme.WHO_2022).status.value
    'met'
    """
    met = sum(a.status is MET for a in b.values())
    possible = sum(a.status.possible for a in b.values())
    notes = (
        ["DX14: the ICC count of B-findings was not verified: read as WHO's two or more"]
        if scheme is Scheme.ICC_2022
        else []
    )
    inputs = [i for a in b.values() for i in a.inputs]
    if met >= SSM_B_FINDINGS:
        return assess(MET, inputs=inputs, basis=f"{met} B-findings", notes=notes)
    if possible < SSM_B_FINDINGS:
        return assess(NOT_MET, inputs=inputs, basis=f"{met} B-finding(s)", notes=notes)
    return assess(
        UNKNOWN,
        missing=[m for a in b.values() if a.status is UNKNOWN for m in a.missing],
        inputs=inputs,
        notes=notes,
    )


def bmm(inputs: Inputs, b: Mapping[BFinding, Assessment]) -> Assessment:
    """DX11: no skin lesions, a baseline tryptase below 125 ng/mL, no extramedullary infiltrate.

    No extramedullary biopsy on record counts as no known extramedullary infiltrate (said in
    the notes); a biopsy of such a site with aggregates rules BMM out. With
    ``options.diagnosis.bmm_requires_no_b_finding`` no B-finding is needed as well (DX11).

    >>> from mastcell.model import Skin
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> p = patient(skin=Skin(lesions="none"), labs=[lab("tryptase", 124.9, "ng/mL", role="baseline")])
    >>> bmm(read_inputs(p, AT), {}).status.value
    'met'
    """
    skin = inputs.skin
    if skin is None or skin.lesions is None:
        lesions = assess(UNKNOWN, missing=["skin.lesions"])
    elif skin.lesions.present:
        lesions = assess(NOT_MET, inputs=["skin"], basis=f"skin lesions ({skin.lesions.value})")
    else:
        lesions = assess(MET, inputs=["skin"], basis="no skin lesions")
    latest = inputs.latest_baseline
    if latest is None:
        tryptase = assess(UNKNOWN, missing=["labs (a baseline serum tryptase)"])
    else:
        path, lab = latest
        below = BMM_TRYPTASE.holds(lab.canonical)
        tryptase = assess(
            MET if below else NOT_MET,
            inputs=[path],
            basis=f"{path}: baseline tryptase {lab.canonical:g} ng/mL "
            f"({'<' if below else '>='} 125)",
        )
    organ = [(p, x) for p, x in inputs.biopsies if x.site.extramedullary]
    infiltrated = [p for p, x in organ if x.aggregates is True]
    if infiltrated:
        extramedullary = assess(
            NOT_MET, inputs=infiltrated, basis=f"{infiltrated[0]}: extramedullary infiltrate"
        )
    elif organ:
        extramedullary = assess(
            MET, inputs=[p for p, _ in organ], basis="no extramedullary infiltrate"
        )
    else:
        extramedullary = assess(
            MET,
            basis="no extramedullary biopsy on record",
            notes=[
                "no extramedullary biopsy on record: read as no known extramedullary infiltrate "
                "for BMM (DX11)"
            ],
        )
    parts = [lesions, tryptase, extramedullary]
    if inputs.options.diagnosis.bmm_requires_no_b_finding:
        none = [
            assess(
                {MET: NOT_MET, NOT_MET: MET}.get(a.status, a.status),
                missing=a.missing,
                inputs=a.inputs,
            )
            for a in b.values()
        ]
        parts.append(all_met(none, basis="no B-finding (option bmm_requires_no_b_finding)"))
    found = all_met(
        parts, basis="no skin lesions, baseline tryptase < 125 ng/mL, no extramedullary infiltrate"
    )
    if (
        not inputs.options.diagnosis.bmm_requires_no_b_finding
        and found.status is MET
        and any(a.status is MET for a in b.values())
    ):
        found = attrs.evolve(
            found,
            notes=(
                *found.notes,
                "DX11: one B-finding is present; the ECNM proposal behind BMM requires none, "
                "its WHO adoption was not verified (option bmm_requires_no_b_finding)",
            ),
        )
    return found


def ladder(
    inputs: Inputs,
    scheme: Scheme,
    b: Mapping[BFinding, Assessment],
    c: Mapping[CFinding, Assessment],
) -> Ladder:
    """Walk ``scheme``'s subtype ladder and keep the subtypes still possible.

    >>> from mastcell.testing import AT, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> lad = ladder(read_inputs(patient(), AT), Scheme.WHO_2022, {}, {})
    >>> lad.subtype is None, SmSubtype.MCL in lad.possible
    (True, True)
    """
    indolent = bmm(inputs, b)
    if scheme is Scheme.WHO_2022:
        rungs = [
            (SmSubtype.MCL, mcl(inputs, scheme)),
            (SmSubtype.SM_AHN, associated(inputs, scheme)),
            (SmSubtype.ASM, aggressive(c)),
            (SmSubtype.SSM, smouldering(b, scheme)),
            (SmSubtype.BMM, indolent),
            (SmSubtype.ISM, assess(MET, basis="none of the above")),
        ]
        variant = None
    else:
        rungs = [
            (SmSubtype.MCL, mcl(inputs, scheme)),
            (SmSubtype.SM_AMN, associated(inputs, scheme)),
            (SmSubtype.ASM, aggressive(c)),
            (SmSubtype.SSM, smouldering(b, scheme)),
            (SmSubtype.ISM, assess(MET, basis="none of the above")),
        ]
        variant = attrs.evolve(
            indolent,
            notes=(
                *indolent.notes,
                "DX11: ICC 2022 keeps BMM as a variant of ISM (S201; S203 reads it as a "
                "subtype: CONFLICT)",
            ),
        )
    walked = _walk(rungs)
    possible = frozenset(s for s, a in walked if a.status in (MET, UNKNOWN))
    return Ladder(rungs=walked, possible=possible, variant=variant)
