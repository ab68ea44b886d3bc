"""B-findings and C-findings, per scheme, as typed data (BC1-BC11).

A B-finding is a category (high burden, other lineages, organomegaly), counted once however
many of its items are met (BC4); each scheme has its own items, comparators and conjunctions.
The C-findings read the same in both schemes (S200's single column); each needs the
clinician's confirmation that the organ damage is due to the mastocytosis (BC5-BC9, FX7).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.diagnosis import Cutoff
from mastcell.knowledge.sources import cited
from mastcell.model import Comparison
from mastcell.model.classification import Scheme

__all__ = [
    "ASM_C_FINDINGS",
    "FINDINGS",
    "LEGACY_BURDEN",
    "OSTEOLYSIS",
    "BurdenCriterion",
    "FindingCriteria",
]


@attrs.frozen(kw_only=True)
class BurdenCriterion:
    """B1, high mast cell burden: its items and how they combine (BC1).

    >>> who = FINDINGS[Scheme.WHO_2022].burden
    >>> who.all_needed, who.tryptase.holds(200), who.vaf is not None
    (False, True, True)
    >>> icc = FINDINGS[Scheme.ICC_2022].burden
    >>> icc.all_needed, icc.tryptase.holds(200), icc.vaf is None
    (True, False, True)
    """

    #: Which text this is (``WHO 2022``, ``ICC 2022``, ``WHO 2016`` ...).
    version: str
    #: Marrow mast cell infiltration, % of cellularity.
    infiltration: Cutoff
    #: Baseline serum tryptase, ng/mL.
    tryptase: Cutoff
    #: KIT D816V VAF in marrow or blood, % (WHO 2022 only).
    vaf: Cutoff | None
    #: Every item is needed (and) when true, any item will do (and/or) when false.
    all_needed: bool
    #: The tryptase item is read on the HaT-adjusted baseline (WHO 2022).
    tryptase_hat_adjusted: bool
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)


@attrs.frozen(kw_only=True)
class FindingCriteria:
    """One scheme's B- and C-findings with the numbers that differ between schemes.

    >>> FINDINGS[Scheme.WHO_2022].lymph_node.threshold, FINDINGS[Scheme.ICC_2022].lymph_node.threshold
    (2.0, 1.0)
    """

    scheme: Scheme
    burden: BurdenCriterion
    #: BC3: lymphadenopathy counts above this size (WHO 2022 > 2 cm, ICC > 1 cm).
    lymph_node: Cutoff
    #: Whether B2 (other lineages, BC2) is read from the blood counts (ICC 2022, a cytopenia
    #: below C-finding level or a cytosis, reactive causes excluded) rather than from dysplasia
    #: or myeloproliferation short of a neoplasm (WHO 2022).
    lineage_from_counts: bool
    sources: tuple[str, ...] = attrs.field(converter=cited)


_B1_WHO_2022 = BurdenCriterion(
    version="WHO 2022",
    infiltration=Cutoff(
        threshold=30,
        comparison=Comparison.GE,
        unit="% of marrow cellularity",
        facts=("BC1",),
        sources=("S200",),
    ),
    tryptase=Cutoff(
        threshold=200,
        comparison=Comparison.GE,
        unit="ng/mL (HaT-adjusted)",
        facts=("BC1",),
        sources=("S200",),
    ),
    vaf=Cutoff(
        threshold=10,
        comparison=Comparison.GE,
        unit="% KIT D816V VAF in marrow or blood",
        facts=("BC1", "RS31"),
        sources=("S200", "S202"),
    ),
    all_needed=False,
    tryptase_hat_adjusted=True,
    facts=("BC1", "BC4"),
    sources=("S200", "S202"),
)

_B1_ICC_2022 = BurdenCriterion(
    version="ICC 2022",
    infiltration=Cutoff(
        threshold=30,
        comparison=Comparison.GT,
        unit="% of marrow cellularity (aggregates)",
        facts=("BC1",),
        sources=("S200",),
    ),
    tryptase=Cutoff(
        threshold=200,
        comparison=Comparison.GT,
        unit="ng/mL",
        facts=("BC1",),
        sources=("S200",),
    ),
    vaf=None,
    all_needed=True,
    tryptase_hat_adjusted=False,
    facts=("BC1",),
    sources=("S200", "S27"),
)

#: Both schemes' B- and C-finding criteria.
FINDINGS: Mapping[Scheme, FindingCriteria] = {
    Scheme.WHO_2022: FindingCriteria(
        scheme=Scheme.WHO_2022,
        burden=_B1_WHO_2022,
        lymph_node=Cutoff(
            threshold=2,
            comparison=Comparison.GT,
            unit="cm (largest lymph node)",
            facts=("BC3",),
            sources=("S200",),
        ),
        lineage_from_counts=False,
        sources=("S200", "S202", "S207"),
    ),
    Scheme.ICC_2022: FindingCriteria(
        scheme=Scheme.ICC_2022,
        burden=_B1_ICC_2022,
        lymph_node=Cutoff(
            threshold=1,
            comparison=Comparison.GT,
            unit="cm (largest lymph node)",
            facts=("BC3",),
            sources=("S200",),
        ),
        lineage_from_counts=True,
        sources=("S200", "S27", "S207"),
    ),
}


def _legacy(version: str, all_needed: bool, sources: tuple[str, ...]) -> BurdenCriterion:
    return BurdenCriterion(
        version=version,
        infiltration=Cutoff(
            threshold=30,
            comparison=Comparison.GT,
            unit="% of marrow cellularity",
            facts=("BC1", "FX4"),
            sources=sources,
        ),
        tryptase=Cutoff(
            threshold=200,
            comparison=Comparison.GT,
            unit="ng/mL",
            facts=("BC1", "FX4"),
            sources=sources,
        ),
        vaf=None,
        all_needed=all_needed,
        tryptase_hat_adjusted=False,
        facts=("BC1", "FX4"),
        sources=sources,
    )


#: FX4: the earlier wordings of B1, labelled by version, for reading legacy reports; no rule
#: reads them. "> 200 ng/mL with or without > 30 %" is the WHO 2008 wording (S27); the WHO
#: 2016 transcriptions disagree (both needed: S207 Table 2, S202; and/or: S211 Table 1).
LEGACY_BURDEN: tuple[BurdenCriterion, ...] = (
    _legacy("WHO 2008", all_needed=False, sources=("S27",)),
    _legacy("WHO 2016 (S207, S202: both needed)", all_needed=True, sources=("S207", "S202")),
    _legacy("WHO 2016 (S211: and/or; CONFLICT)", all_needed=False, sources=("S211",)),
)

#: BC8, C4 (WHO 2022, the same in S200's ICC column): a large osteolysis of 2 cm or more
#: with a pathological fracture (2016 text: "and/or", no size: CONFLICT between versions).
OSTEOLYSIS = Cutoff(
    threshold=2,
    comparison=Comparison.GE,
    unit="cm (largest osteolytic lesion), with a pathological fracture",
    facts=("BC8",),
    sources=("S200",),
)

#: DX15: aggressive SM needs at least one C-finding.
ASM_C_FINDINGS = 1
