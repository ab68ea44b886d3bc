"""Embryo-fetal toxicity of the KIT inhibitors and hydroxyurea: pregnancy, lactation, contraception.

Midostaurin (LW17), avapritinib (LW11, LW12) and hydroxyurea (SR12), with the periods after
the last dose stated by the sources. Who "could be of reproductive potential" is not defined by a
source; :data:`REPRODUCTIVE_AGE` (sex recorded female or other, aged 12-55 or of unknown age)
is a library convention, stated as such wherever it is used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from mastcell.model import Sex

__all__ = [
    "EMBRYO_FETAL",
    "REPRODUCTIVE_AGE",
    "EmbryoFetal",
    "Period",
    "ReproductiveAge",
]


class Period(NamedTuple):
    """A period after the last dose, as the label states it.

    >>> str(Period(value=4, unit="months", at_least=True))
    'at least 4 months'
    """

    value: int
    unit: str
    at_least: bool = False

    def __str__(self) -> str:
        return ("at least " if self.at_least else "") + f"{self.value} {self.unit}"


class EmbryoFetal(NamedTuple):
    """A drug's embryo-fetal toxicity facts.

    >>> str(EMBRYO_FETAL["avapritinib"].contraception_after)
    '6 weeks'
    """

    drug: str
    facts: str
    harm: str
    before_start: str
    contraception: str
    contraception_after: Period
    #: What the sources say about breastfeeding, with their tag.
    breastfeeding: str
    #: The period without breastfeeding after the last dose, when a source states one.
    breastfeeding_after: Period | None
    men: str
    sources: tuple[str, ...]
    #: Why no period is given, in a few words for the summary (no ``breastfeeding_after``).
    breastfeeding_gap: str = "sources conflict"


#: LW17 [S101, S102, S105]: may cause fetal harm; EU: pregnancy test before starting; highly
#: effective contraception (< 1% failure) during and >= 4 months after stopping, hormonal
#: users add a barrier method; no breastfeeding during and for 4 months after. Men: 4 months
#: (consumer source only).
_MIDOSTAURIN = EmbryoFetal(
    drug="midostaurin",
    facts="LW17",
    harm="may cause fetal harm (US label highlights)",
    before_start="a pregnancy test before starting (EU text)",
    contraception=(
        "highly effective contraception (< 1% failure rate) during treatment and for at least "
        "4 months after stopping; users of hormonal contraception add a barrier method (the "
        "effect on contraceptive efficacy is unknown)"
    ),
    contraception_after=Period(value=4, unit="months", at_least=True),
    breastfeeding="no breastfeeding during treatment and for 4 months after the last dose",
    breastfeeding_after=Period(value=4, unit="months"),
    men=(
        "men: contraception for 4 months after the last dose (patient-information source only, "
        "CONFIRMED secondary)"
    ),
    sources=("S101", "S102", "S105"),
)

#: LW11 [S108]: can harm the fetus (animal data); check pregnancy status first; effective
#: contraception for women of reproductive potential and men with such partners during and
#: for 6 weeks after the last dose; fertility may be impaired. LW12 [S107, S10]: the US 2020
#: label lists no contraindications; Medscape's UK summary lists pregnancy and breastfeeding
#: (CONFLICT: treated as cautions, clinician decision).
_AVAPRITINIB = EmbryoFetal(
    drug="avapritinib",
    facts="LW11, LW12",
    harm="can harm the fetus (animal data); fertility may be impaired",
    before_start="check pregnancy status before starting",
    contraception=(
        "effective contraception for women of reproductive potential during treatment and for "
        "6 weeks after the last dose"
    ),
    contraception_after=Period(value=6, unit="weeks"),
    breastfeeding=(
        "the sources read give no breastfeeding period for avapritinib; a Medscape UK summary "
        "lists breastfeeding (and pregnancy) among contraindications while the US 2020 label "
        "lists none (LW12, CONFLICT: treat as a caution, clinician decision)"
    ),
    breastfeeding_after=None,
    men="men with partners of reproductive potential: contraception for 6 weeks after the last dose",
    sources=("S108", "S107", "S10"),
)

#: SR12 [S249]: hydroxyurea can cause fetal harm (animal data and mechanism); verify pregnancy
#: status before starting; contraception during and at least 6 months after (women), at least
#: 1 year after (men). Its lactation text was not read.
_HYDROXYUREA = EmbryoFetal(
    drug="hydroxyurea",
    facts="SR12",
    harm="can cause fetal harm (animal data and its mechanism of action)",
    before_start="verify pregnancy status before starting",
    contraception=(
        "effective contraception during treatment and for at least 6 months after therapy for "
        "women of reproductive potential"
    ),
    contraception_after=Period(value=6, unit="months", at_least=True),
    breastfeeding=(
        "the hydroxyurea label's lactation section was not read (NOT VERIFIED): clinician decision"
    ),
    breastfeeding_after=None,
    men="men of reproductive potential: contraception for at least 1 year after therapy",
    sources=("S249",),
    breastfeeding_gap="lactation text not read",
)

#: The embryo-fetal facts of each drug, by generic name.
EMBRYO_FETAL: Mapping[str, EmbryoFetal] = {
    f.drug: f for f in (_MIDOSTAURIN, _AVAPRITINIB, _HYDROXYUREA)
}


class ReproductiveAge(NamedTuple):
    """Who is reminded about pregnancy status: recorded sex, and an age range.

    >>> REPRODUCTIVE_AGE.contains(12), REPRODUCTIVE_AGE.contains(56), REPRODUCTIVE_AGE.contains(None)
    (True, False, True)
    """

    sexes: frozenset[Sex]
    low: float
    high: float
    note: str

    def includes(self, sex: Sex, age: float | None) -> bool:
        """Whether a patient of ``sex`` and ``age`` (years, None unknown) is reminded.

        >>> REPRODUCTIVE_AGE.includes(Sex.FEMALE, 30), REPRODUCTIVE_AGE.includes(Sex.UNKNOWN, 30)
        (True, False)
        """
        return sex in self.sexes and self.contains(age)

    def contains(self, age: float | None) -> bool:
        """Whether ``age`` (years) is in the range; an unknown age is not excluded."""
        return age is None or self.low <= age < self.high + 1


#: Sex recorded ``female`` or ``other``, aged 12 to 55 years inclusive (until the 56th
#: birthday) or of unknown age: a library convention, no source. A patient whose sex is not
#: recorded is not reminded (record the sex to get the reminder).
REPRODUCTIVE_AGE = ReproductiveAge(
    sexes=frozenset({Sex.FEMALE, Sex.OTHER}),
    low=12,
    high=55,
    note=(
        "a library convention (no source defines reproductive potential for mastcell): sex "
        "recorded female or other, aged 12 to 55 years or of unknown age"
    ),
)
