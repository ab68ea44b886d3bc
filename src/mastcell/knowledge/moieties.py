"""Antihistamines that share an active moiety, and the sedating ones that add up (SR13, SR7).

Two drugs of one pair on the list give the same antihistamine twice: levocetirizine is the
R-enantiomer of cetirizine, desloratadine the active metabolite of loratadine, cetirizine a
metabolite of hydroxyzine (SR13, drug monographs), dimenhydrinate a salt of diphenhydramine
(SR17, its label). Only pairs a source states are listed.
Sedating (first-generation) H1 antihistamines add to each other's CNS depression (SR7: the
cyproheptadine label's additive effects with other CNS depressants).
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["MOIETY_PAIRS", "SEDATING_ADDITIVE", "MoietyPair"]


class MoietyPair(NamedTuple):
    """Two catalogue drugs with the same active moiety, and how they relate.

    >>> sorted(MOIETY_PAIRS[0].drugs)
    ['cetirizine', 'levocetirizine']
    """

    first: str
    second: str
    relation: str
    fact: str = "SR13"
    sources: tuple[str, ...] = ("S250",)

    @property
    def drugs(self) -> frozenset[str]:
        """Both generic names."""
        return frozenset((self.first, self.second))


#: The pairs the monographs and labels state (SR13, S250; SR17, S300).
MOIETY_PAIRS: tuple[MoietyPair, ...] = (
    MoietyPair(
        first="cetirizine",
        second="levocetirizine",
        relation="levocetirizine is the R-enantiomer of cetirizine",
    ),
    MoietyPair(
        first="loratadine",
        second="desloratadine",
        relation="desloratadine is the active metabolite of loratadine",
    ),
    MoietyPair(
        first="hydroxyzine",
        second="cetirizine",
        relation="cetirizine is a metabolite of hydroxyzine",
    ),
    MoietyPair(
        first="diphenhydramine",
        second="dimenhydrinate",
        relation="dimenhydrinate is the 8-chlorotheophylline salt of diphenhydramine",
        fact="SR17",
        sources=("S300",),
    ),
)

#: SR7 [S13, S244] with A18 [S29]: sedating H1 antihistamines add up.
SEDATING_ADDITIVE = (
    "a sedating (first-generation) H1 antihistamine has additive effects with alcohol and "
    "other CNS depressants, another sedating antihistamine among them (SR7, S244: the "
    "cyproheptadine label); mast-cell sources use one of them as "
    "needed (diphenhydramine 25-50 mg every 6-8 h or hydroxyzine 25 mg every 6 h, A18, S29)"
)
