"""Serum tryptase facts: the 20 % + 2 rule, sampling windows, HαT adjustment (section 2.6).

The numbers live here once, with their source ids; :mod:`mastcell.tryptase` turns them into
unit-aware functions and the monitoring rules read them. Classification thresholds shared with
other areas (baseline > 20 ng/mL, the SM minor criterion) stay in :mod:`mastcell.knowledge.who`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import timedelta

import attrs

from mastcell.knowledge.sources import cite, cited

__all__ = [
    "ACUTE_RULE",
    "ACUTE_SAMPLE_WINDOW",
    "BASELINE_AFTER_RESOLUTION",
    "BASELINE_AFTER_UNRESOLVED_ONSET",
    "BASELINE_SOURCES",
    "BST_MEDIAN_BY_EXTRA_COPIES",
    "ECNM_AIM_UPPER_LIMIT",
    "HAT_SOURCES",
    "HAT_TESTING_NOT_ADVISED_BELOW",
    "HAT_TESTING_THRESHOLD",
    "TPSAB1_REFERENCE_LIMITS",
    "TPSAB1_UPPER_LIMITS",
    "AcuteRule",
    "SamplingWindow",
    "TryptaseReference",
]


@attrs.frozen(kw_only=True)
class AcuteRule:
    """The acute-tryptase criterion: acute > ``factor`` × baseline + ``addend`` (ng/mL).

    >>> ACUTE_RULE.factor, ACUTE_RULE.addend_ng_ml
    (1.2, 2.0)
    """

    factor: float
    addend_ng_ml: float
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: 2.6.1: an acute tryptase above 120 % of baseline + 2 ng/mL (strictly greater) is evidence of
#: systemic mast cell activation; one of the three consensus MCAS criteria [S20-S25]. The "+2"
#: is in ng/mL = µg/L (section 4.1).
ACUTE_RULE = AcuteRule(
    factor=1.2,
    addend_ng_ml=2.0,
    sources=("S20", "S21", "S22", "S23", "S24", "S25"),
)


@attrs.frozen(kw_only=True)
class SamplingWindow:
    """When, after a flare's onset, an acute tryptase is reliable and when it is ideal.

    Drawn before ``reliable_from`` the rise may not have begun; after ``reliable_until`` it
    may have washed out (half-life about 2 h) [S25].

    >>> w = ACUTE_SAMPLE_WINDOW
    >>> w.reliable_from, w.reliable_until
    (datetime.timedelta(seconds=900), datetime.timedelta(seconds=14400))
    """

    reliable_from: timedelta
    ideal_from: timedelta
    ideal_until: timedelta
    reliable_until: timedelta
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def __attrs_post_init__(self) -> None:
        if not (
            timedelta(0)
            <= self.reliable_from
            <= self.ideal_from
            <= self.ideal_until
            <= self.reliable_until
        ):
            raise ValueError("sampling window bounds must be ordered")


#: 2.6.1: within 1-4 h [S22]; within 4 h [S24]; 15 min-3 h, peak about 30-90 min [S25 USZ];
#: second sample ideally 1-2 h and no later than 4 h [S25 RCEM]. The library accepts samples
#: from 15 min to 4 h and calls 30 min-2 h ideal; 0-15 min and > 4 h are low-reliability.
#: SEED-B's "30-120 minutes" is the ideal part only (CONFLICT, oversimplified).
ACUTE_SAMPLE_WINDOW = SamplingWindow(
    reliable_from=timedelta(minutes=15),
    ideal_from=timedelta(minutes=30),
    ideal_until=timedelta(hours=2),
    reliable_until=timedelta(hours=4),
    sources=("S22", "S24", "S25"),
)

#: A baseline is drawn before the event or more than 24 h after all symptoms resolve [S24]
#: (USZ: 24-48 h after the event [S25]).
BASELINE_AFTER_RESOLUTION = timedelta(hours=24)

#: When a flare's resolution is not recorded, a sample is read as a baseline only if drawn
#: more than 48 h after onset (the upper end of USZ's 24-48 h [S25]); derived, stated in the
#: finding whenever it is used.
BASELINE_AFTER_UNRESOLVED_ONSET = timedelta(hours=48)

#: Sources of the baseline timing facts above.
BASELINE_SOURCES = cite("S24", "S25")

#: 2.6.2: consider HαT testing (TPSAB1 copy number, ddPCR) in a symptomatic patient with a
#: baseline tryptase of 8 ng/mL or more [S26].
HAT_TESTING_THRESHOLD = 8.0

#: 2.6.2: genotyping is not recommended when asymptomatic or with a baseline below 6 µg/L [S26].
HAT_TESTING_NOT_ADVISED_BELOW = 6.0

#: Sources of the HαT facts (testing threshold, adjustment, genotype table).
HAT_SOURCES = cite("S26", "S11")

#: 2.6.2 (S11, S26): the baseline tryptase above which the HαT-adjusted SM minor criterion
#: (> 20 ng/mL after BST ÷ (1 + copies)) is met, ng/mL, by extra α-tryptase TPSAB1 copies:
#: 20 × (1 + copies). Not an upper limit of normal (FX5, MC11): those are
#: :data:`TPSAB1_REFERENCE_LIMITS`. The name is kept for compatibility.
TPSAB1_UPPER_LIMITS: Mapping[int, float] = {
    0: 20.0,
    1: 40.0,
    2: 60.0,
    3: 80.0,
    4: 100.0,
    6: 140.0,
    10: 220.0,
}

#: MC11 (S26 PMC11837873 Table 1, S216 Chovanec 2023): genotype-specific upper limits of a
#: normal baseline tryptase (99.5 % prediction interval), ng/mL, by extra TPSAB1 α copies.
#: Other copy numbers are not tabulated.
TPSAB1_REFERENCE_LIMITS: Mapping[int, float] = {
    0: 11.4,
    1: 36.2,
    2: 62.2,
    3: 88.8,
    4: 115.9,
    6: 171.2,
    10: 285.1,
}

#: MC13 (S216): ECNM/AIM 2023 propose 1-15 ng/mL as the normal baseline of asymptomatic people,
#: HαT included (CONFLICT with laboratory limits of 11.4/11.5 and with MC11-MC12).
ECNM_AIM_UPPER_LIMIT = 15.0


class TryptaseReference(enum.StrEnum):
    """Which upper limit of a normal baseline tryptase to read (FX5; MC11-MC13, CONFLICT).

    >>> TryptaseReference("genotype").value
    'genotype'
    """

    #: The TPSAB1 genotype's limit (MC11); with the genotype unknown, no limit.
    GENOTYPE = "genotype"
    #: 15 ng/mL for everyone, HαT included (ECNM/AIM 2023, MC13).
    ECNM_AIM = "ecnm_aim"
    #: The reporting laboratory's upper reference limit on the result (``reference_high``).
    LABORATORY = "laboratory"


#: 2.6.2 (S26): median baseline tryptase, ng/mL, by extra TPSAB1 copies (context for findings).
BST_MEDIAN_BY_EXTRA_COPIES: Mapping[int, float] = {0: 4.1, 1: 13.6, 2: 22.5}
