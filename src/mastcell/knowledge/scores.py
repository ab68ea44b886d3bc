"""Scores and screening thresholds for "should this patient have a marrow study" (SC1-SC4, RS32).

NICAS is computed from its items (SC1); REMA is only read as entered, its points being NOT
VERIFIED (SC3). The venom screening threshold (RS32) is used as written, whatever the TPSAB1
genotype.
"""

from __future__ import annotations

import attrs

from mastcell.knowledge.diagnosis import Cutoff
from mastcell.knowledge.sources import cited
from mastcell.model import Comparison

__all__ = [
    "ADULT_AGE",
    "NICAS",
    "REMA_MARROW",
    "VENOM_BASELINE",
    "NicasItem",
    "NicasScore",
]


@attrs.frozen(kw_only=True)
class NicasItem:
    """One NICAS item: the points when it applies and when it does not (SC1).

    >>> NICAS.syncope.present, NICAS.syncope.absent
    (3, 0)
    """

    name: str
    present: int
    absent: int


@attrs.frozen(kw_only=True)
class NicasScore:
    """The NIH Idiopathic Clonal Anaphylaxis Score (SC1): its items and its cut-off.

    >>> NICAS.marrow_at_or_above, NICAS.tryptase.threshold
    (2, 11.4)
    """

    #: Male +1, female -1 (``present`` is male).
    male: NicasItem
    #: Angioedema absent +1.
    angioedema: NicasItem
    flushing: NicasItem
    urticaria: NicasItem
    syncope: NicasItem
    #: Baseline tryptase >= 11.4 ng/mL +1, below -1 (``present``: at or above).
    tryptase: Cutoff
    tryptase_points: NicasItem
    #: KIT D816V by ASqPCR in blood: positive +3, negative -1.
    kit: NicasItem
    #: A score at or above this suggests a clonal disorder and a marrow study.
    marrow_at_or_above: int
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: SC1 (S28, S218): range -4 to 10; >= 2 clonal disorder likely, marrow biopsy indicated.
#: Its population is idiopathic anaphylaxis (>= 3 or > 3 episodes a year: CONFLICT, FX6).
NICAS = NicasScore(
    male=NicasItem(name="sex", present=1, absent=-1),
    angioedema=NicasItem(name="angioedema", present=0, absent=1),
    flushing=NicasItem(name="flushing", present=-1, absent=0),
    urticaria=NicasItem(name="urticaria", present=1, absent=0),
    syncope=NicasItem(name="syncope", present=3, absent=0),
    tryptase=Cutoff(
        threshold=11.4,
        comparison=Comparison.GE,
        unit="ng/mL (baseline)",
        facts=("SC1",),
        sources=("S28", "S218"),
    ),
    tryptase_points=NicasItem(name="baseline tryptase", present=1, absent=-1),
    kit=NicasItem(name="KIT D816V in blood", present=3, absent=-1),
    marrow_at_or_above=2,
    facts=("SC1", "FX6"),
    sources=("S28", "S218"),
)

#: SC2, SC4: an entered REMA score of 2 or more leads to a marrow work-up.
REMA_MARROW = Cutoff(
    threshold=2,
    comparison=Comparison.GE,
    unit="REMA points (entered)",
    facts=("SC2", "SC4"),
    sources=("S28", "S219", "S217"),
)

#: RS32: adults with systemic sting reactions are screened for a baseline tryptase above
#: 11.4 ng/mL (= ug/L) and mastocytosis in the skin; used as written, genotype or not.
VENOM_BASELINE = Cutoff(
    threshold=11.4,
    comparison=Comparison.GT,
    unit="ng/mL (baseline)",
    facts=("RS32",),
    sources=("S220",),
)

#: RS32 speaks of adults.
ADULT_AGE = 18.0
