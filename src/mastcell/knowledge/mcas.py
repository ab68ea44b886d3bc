"""The consensus MCAS criteria, as typed data (MC1-MC14).

All three criteria are needed (MC1): typical recurrent episodes involving two or more organ
systems (A), an acute tryptase above 1.2 x baseline + 2 ng/mL drawn 1-4 h after the onset
(B; the formula is :data:`mastcell.knowledge.tryptase.ACUTE_RULE`), and a response to
anti-mediator therapy (C). Urinary mediators never meet criterion B by themselves (MC4); the
"consensus-2" criteria (MC14) are not mixed in.
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from mastcell.knowledge.sources import cited

__all__ = ["MCAS_CRITERIA", "MMAS_READINGS", "NIH_ACUTE_FACTOR", "McasCriteria", "MmasReading"]


@attrs.frozen(kw_only=True)
class McasCriteria:
    """The numbers of the consensus criteria and mastcell's reading of "recurrent".

    >>> MCAS_CRITERIA.episodes, MCAS_CRITERIA.organ_systems
    (2, 2)
    >>> MCAS_CRITERIA.acute_from, MCAS_CRITERIA.acute_until
    (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=14400))
    """

    #: Criterion A, read as: at least this many episodes ("recurrent")...
    episodes: int
    #: ...each involving at least this many organ systems ("systemic", MC2).
    organ_systems: int
    #: Criterion B: the acute sample is drawn this long after the episode's onset (MC1, S22).
    acute_from: timedelta
    acute_until: timedelta
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: MC1, MC2: the consensus (EU/US) criteria.
MCAS_CRITERIA = McasCriteria(
    episodes=2,
    organ_systems=2,
    acute_from=timedelta(hours=1),
    acute_until=timedelta(hours=4),
    facts=("MC1", "MC2"),
    sources=("S211", "S23", "S22", "S20", "S232"),
)

#: MC5: the NIH alternative, acute > 1.685 x baseline (shown beside the consensus formula,
#: never instead of it; CONFLICT, S216).
NIH_ACUTE_FACTOR = 1.685


@attrs.frozen(kw_only=True)
class MmasReading:
    """One source's count of minor SM criteria for monoclonal MCAS (MMAS; DX25, MC7).

    >>> [sorted(r.minor_criteria) for r in MMAS_READINGS]
    [[1, 2], [2]]
    """

    #: The minor SM criteria met, without SM, that the source calls MMAS.
    minor_criteria: frozenset[int]
    #: The source's wording.
    wording: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: DX25, MC7: clonal mast cells meeting only 1-2 minor SM criteria (S215) or only 2 (S211 T3):
#: CONFLICT. mastcell gives no MMAS label; the classification states both readings when MCAS is
#: primary and leaves it to the clinician.
MMAS_READINGS = (
    MmasReading(
        minor_criteria=frozenset({1, 2}), wording="1 or 2 minor SM criteria", sources=("S215",)
    ),
    MmasReading(
        minor_criteria=frozenset({2}), wording="only 2 minor SM criteria", sources=("S211",)
    ),
)
