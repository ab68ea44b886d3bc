"""WHO 2022 and ICC 2022 criteria for systemic mastocytosis, as typed data (DX1-DX25).

Each number a clinician could question lives here once, with its comparator, fact ids and
sources; :mod:`mastcell.diagnosis` reads it and the "Diagnosis and classification" page
renders it. Where the two schemes differ, each scheme's :class:`SchemeCriteria` says how;
where the sources leave a choice, the reading mastcell takes is stated beside the value
(and in the classification's ``notes``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model import Comparison, Lineage
from mastcell.model.classification import Scheme

__all__ = [
    "ATYPICAL_MORPHOLOGY",
    "BMM_TRYPTASE",
    "KIT_SENSITIVE_LOD",
    "MAJOR_AGGREGATE",
    "MCL_ASPIRATE",
    "MCL_LEUKAEMIC_BLOOD",
    "MPCM_LESIONS",
    "MYELOMASTOCYTIC_MAST_CELLS",
    "SCHEMES",
    "SSM_B_FINDINGS",
    "TRYPTASE_MINOR",
    "TRYPTASE_PERSISTENCE",
    "Cutoff",
    "Persistence",
    "SchemeCriteria",
]


@attrs.frozen(kw_only=True)
class Cutoff:
    """A value compared with a threshold: ``value <comparison> threshold`` meets it.

    >>> ATYPICAL_MORPHOLOGY.holds(25.0), ATYPICAL_MORPHOLOGY.holds(25.1)
    (False, True)
    >>> str(MCL_ASPIRATE)
    '>= 20 % of nucleated cells on the aspirate smear (DX17)'
    """

    threshold: float = attrs.field(converter=float)
    comparison: Comparison
    unit: str
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def holds(self, value: float) -> bool:
        """Whether ``value`` meets the cut-off."""
        return self.comparison.holds(value, self.threshold)

    def __str__(self) -> str:
        return f"{self.comparison.value} {self.threshold:g} {self.unit} ({', '.join(self.facts)})"


#: DX1: multifocal dense infiltrates of >= 15 mast cells per aggregate. The input
#: ``biopsies[].aggregates`` carries the pathologist's yes/no; an aggregate of exactly 15 is
#: read as meeting it (the ">= 15" wording of hematomorphology and the ICC summary; one table
#: writes "> 15", CONFLICT).
MAJOR_AGGREGATE = Cutoff(
    threshold=15,
    comparison=Comparison.GE,
    unit="mast cells per aggregate",
    facts=("DX1",),
    sources=("S27", "S215"),
)

#: DX2: more than 25 % of mast cells atypical or spindle-shaped (both schemes).
ATYPICAL_MORPHOLOGY = Cutoff(
    threshold=25,
    comparison=Comparison.GT,
    unit="% of mast cells atypical or spindle-shaped",
    facts=("DX2",),
    sources=("S27",),
)

#: Baseline serum tryptase persistently above 20 ng/mL, HaT-adjusted under WHO 2022 (DX5).
TRYPTASE_MINOR = Cutoff(
    threshold=20,
    comparison=Comparison.GT,
    unit="ng/mL",
    facts=("DX5",),
    sources=("S27", "S11", "S26"),
)


@attrs.frozen(kw_only=True)
class Persistence:
    """How many baseline results above the threshold, how far apart, make "persistent".

    The sources say "persistently" without a number; this is mastcell's reading (DX5), stated
    in every classification that uses it.

    >>> TRYPTASE_PERSISTENCE.results, TRYPTASE_PERSISTENCE.apart.days
    (2, 28)
    """

    results: int
    apart: timedelta
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: Reading of "persistently > 20 ng/mL" (DX5): at least two baseline results above 20 (after
#: the WHO HaT adjustment), at least four weeks apart, and no later baseline at or below 20.
TRYPTASE_PERSISTENCE = Persistence(
    results=2, apart=timedelta(weeks=4), facts=("DX5",), sources=("S27", "S11")
)

#: DX7: a high-sensitivity KIT assay detects D816V below 0.1 % VAF; a negative result by an
#: assay whose limit of detection is above it (or unknown, or NGS) is not assessable.
KIT_SENSITIVE_LOD = Cutoff(
    threshold=0.1,
    comparison=Comparison.LE,
    unit="% VAF (limit of detection)",
    facts=("DX7",),
    sources=("S27", "S227", "S226"),
)

#: DX11: bone marrow mastocytosis (WHO 2022) needs a baseline tryptase below 125 ng/mL.
BMM_TRYPTASE = Cutoff(
    threshold=125,
    comparison=Comparison.LT,
    unit="ng/mL",
    facts=("DX11", "DX12"),
    sources=("S202", "S204"),
)

#: DX17: mast cell leukaemia needs >= 20 % mast cells on the marrow aspirate smear (exactly
#: 20 % is MCL per the WHO/SEER text; one 2016 table writes "> 20 %", CONFLICT).
MCL_ASPIRATE = Cutoff(
    threshold=20,
    comparison=Comparison.GE,
    unit="% of nucleated cells on the aspirate smear",
    facts=("DX17",),
    sources=("S11", "S202", "S206"),
)

#: DX18: leukaemic (classic) MCL has mast cells >= 10 % of the blood white cells, aleukaemic
#: fewer (the split is "under discussion"). No input records circulating mast cells, so the
#: classification names the split without deciding it.
MCL_LEUKAEMIC_BLOOD = Cutoff(
    threshold=10,
    comparison=Comparison.GE,
    unit="% mast cells among the blood white cells",
    facts=("DX18",),
    sources=("S206", "S202"),
)

#: DX22, DX23: four or more skin lesions favour maculopapular CM over mastocytoma (ICC, S201);
#: a mastocytoma is solitary or at most three lesions (S229).
MPCM_LESIONS = Cutoff(
    threshold=4,
    comparison=Comparison.GE,
    unit="skin lesions",
    facts=("DX22", "DX23"),
    sources=("S201", "S229"),
)

#: DX24, myelomastocytic leukaemia, is mast cell-lineage involvement in MDS/AML with >= 10 %
#: clonal mast cells in marrow or blood smears, the SM criteria not met; a 2012 consensus
#: proposal, not then a WHO entity. mastcell states it, never assigns it.
MYELOMASTOCYTIC_MAST_CELLS = Cutoff(
    threshold=10,
    comparison=Comparison.GE,
    unit="% mast cells on the marrow aspirate smear",
    facts=("DX24",),
    sources=("S210",),
)

#: Smouldering SM needs two or more B-findings (DX14). The ICC count was not verified, so it is
#: read as WHO's, and said so.
SSM_B_FINDINGS = 2


@attrs.frozen(kw_only=True)
class SchemeCriteria:
    """How one scheme reads the criteria (DX1, DX5, DX6, DX11, DX16, DX17).

    >>> SCHEMES[Scheme.ICC_2022].major_alone, SCHEMES[Scheme.WHO_2022].major_alone
    (True, False)
    """

    scheme: Scheme
    #: The major criterion alone diagnoses SM (ICC), or needs a minor one (WHO) (DX6).
    major_alone: bool
    #: Minor criteria needed beside the major one, 1 under WHO (DX6).
    minors_with_major: int
    #: Minor criteria that diagnose SM without the major one, 3 under both (DX6).
    minors_alone: int
    #: DX1: the major criterion counts only with tryptase or CD117 immunohistochemistry (ICC).
    major_needs_stain: bool
    #: DX4: the mast cell markers of the phenotype criterion (CD30 added in 2022 by both, FX2).
    phenotype_markers: tuple[str, ...]
    #: DX3: an activating KIT mutation outside codon 816 counts (added in 2022 by both, FX2).
    kit_other_activating: bool
    #: DX5: the tryptase minor criterion is read on the HaT-adjusted baseline (WHO 2022).
    tryptase_hat_adjusted: bool
    #: The lineages of an associated neoplasm the subtype counts, both under WHO, myeloid under
    #: ICC (DX16).
    associated_lineages: frozenset[Lineage]
    #: DX17: MCL needs immature/atypical morphology (ICC).
    mcl_needs_immature: bool
    #: DX11: BMM is a variant of ISM (ICC, per S201) rather than a subtype (WHO).
    bmm_is_variant: bool
    sources: tuple[str, ...] = attrs.field(converter=cited)
    facts: tuple[str, ...] = ()


#: Both schemes, side by side.
SCHEMES: Mapping[Scheme, SchemeCriteria] = {
    Scheme.WHO_2022: SchemeCriteria(
        scheme=Scheme.WHO_2022,
        major_alone=False,
        minors_with_major=1,
        minors_alone=3,
        major_needs_stain=False,
        phenotype_markers=("CD25", "CD2", "CD30"),
        kit_other_activating=True,
        tryptase_hat_adjusted=True,
        associated_lineages=frozenset({Lineage.MYELOID, Lineage.LYMPHOID}),
        mcl_needs_immature=False,
        bmm_is_variant=False,
        sources=("S11", "S27", "S200", "S201", "S202", "S204", "S206"),
        facts=("DX1", "DX2", "DX3", "DX4", "DX5", "DX6", "DX11", "DX16", "DX17"),
    ),
    Scheme.ICC_2022: SchemeCriteria(
        scheme=Scheme.ICC_2022,
        major_alone=True,
        minors_with_major=0,
        minors_alone=3,
        major_needs_stain=True,
        phenotype_markers=("CD25", "CD2", "CD30"),
        kit_other_activating=True,
        tryptase_hat_adjusted=False,
        associated_lineages=frozenset({Lineage.MYELOID}),
        mcl_needs_immature=True,
        bmm_is_variant=True,
        sources=("S27", "S200", "S201", "S203", "S205"),
        facts=("DX1", "DX2", "DX3", "DX4", "DX5", "DX6", "DX11", "DX16", "DX17"),
    ),
}
