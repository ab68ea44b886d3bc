"""A urinary mediator judged against its limit: as a function, and as one read that says when it reads the age.

:func:`mediator` reads the latest result and then, only
when the reporting laboratory gave no upper limit, the age (the library's limits are
age-banded for N-methylhistamine). A rule that stops right after judging the mediator (the
leukotriene and aspirin rules do) must account for the age only in that case, so here the
same judgement is one read whose paths are the result's, plus the age's when it was read.

>>> from mastcell.facts import facts_of
>>> from mastcell.model import Age
>>> from mastcell.testing import AT, lab, patient
>>> f = facts_of(patient(age=Age(value=40, unit="a"),
...                      labs=[lab("urine_pgf2a", 5000, "pg/mg{creat}")]), AT)
>>> JUDGED[Analyte.URINE_PGF2A].of(f).elevated, JUDGED[Analyte.URINE_PGF2A].paths(f)
(True, ('labs[0]', 'age'))
"""

from __future__ import annotations

from typing import NamedTuple

from mastcell.facts import Facts
from mastcell.knowledge.antimediator import MEDIATOR_LIMITS, mediator_limit
from mastcell.model import Analyte, Comparison, Finding, LabResult
from mastcell.reads import AGE, LatestRead, Read

__all__ = [
    "JUDGED",
    "MEDIATORS",
    "JudgedMediatorRead",
    "MediatorRead",
    "mediator",
    "negate",
    "nmh_support",
]

#: The latest urinary mediator results the rules judge against their limits.
MEDIATORS = {
    analyte: LatestRead(analyte)
    for analyte in (Analyte.URINE_NMH, Analyte.URINE_LTE4, Analyte.URINE_PGF2A)
}


class MediatorRead(NamedTuple):
    """A urinary mediator result against its limit; ``elevated`` None when it cannot be told.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.model import Age
    >>> f = facts_of(patient(age=Age(value=40, unit="a"), labs=[lab("urine_nmh", 300, "ug/g creat")]), AT)
    >>> read = mediator(f, Analyte.URINE_NMH)
    >>> read is not None and read.elevated
    True
    """

    lab: LabResult
    elevated: bool | None
    finding: Finding


def mediator(f: Facts, analyte: Analyte) -> MediatorRead | None:
    """The latest result of a urinary mediator against its limit (None: no result).

    The reporting laboratory's upper limit beats the library's reference limit; an age-banded
    limit with the age unknown decides only when every band agrees. Reads
    ``MEDIATORS[analyte]``, then :data:`~mastcell.reads.AGE` when the laboratory gave no limit.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("urine_nmh", 250, "ug/g creat")]), AT)
    >>> read = mediator(f, Analyte.URINE_NMH)
    >>> read is not None and read.elevated is None
    True
    >>> mediator(f, Analyte.URINE_LTE4) is None
    True
    """
    lab = MEDIATORS[analyte].of(f)
    if lab is None:
        return None
    path = f.path_of(lab)
    unit = analyte.canonical_unit
    # The reporting laboratory's upper limit beats the library's reference limit.
    limit = None if lab.canonical_high is not None else mediator_limit(analyte, AGE.of(f))
    if lab.canonical_high is not None or limit is not None:
        if limit is None:
            assert lab.canonical_high is not None
            upper, above = lab.canonical_high, Comparison.GT
            note = "reporting laboratory's upper limit"
        else:
            upper, above = limit.upper, limit.comparison
            note = f"Mayo reference {limit.reference} ({', '.join(limit.sources)})"
        elevated = above.holds(lab.canonical, upper)
        return MediatorRead(
            lab=lab,
            elevated=elevated,
            finding=Finding(
                input=path,
                analyte=analyte,
                value=lab.canonical,
                unit=unit,
                threshold=upper,
                comparison=above if elevated else negate(above),
                time=lab.time,
                note=note,
            ),
        )
    # Age-banded limit (NMH) with the age unknown: decide only when every band agrees.
    bands = [m.upper for m in MEDIATOR_LIMITS if m.analyte is analyte]
    elevated_or_none: bool | None = None
    if lab.canonical > max(bands):
        elevated_or_none = True
    elif lab.canonical <= min(bands):
        elevated_or_none = False
    return MediatorRead(
        lab=lab,
        elevated=elevated_or_none,
        finding=Finding(
            input=path,
            analyte=analyte,
            value=lab.canonical,
            unit=unit,
            time=lab.time,
            note=(
                f"reference is age-banded (upper limits {', '.join(f'{b:g}' for b in bands)}) "
                "and the age is unknown"
                + ("" if elevated_or_none is not None else ": record the age to judge it")
            ),
        ),
    )


def negate(comparison: Comparison) -> Comparison:
    """The comparison that holds when ``comparison`` does not (> and >= only).

    >>> negate(Comparison.GT), negate(Comparison.LT)
    (<Comparison.LE: '<='>, <Comparison.LT: '<'>)
    """
    return {Comparison.GT: Comparison.LE, Comparison.GE: Comparison.LT}.get(comparison, comparison)


def nmh_support(f: Facts) -> tuple[list[Finding], str]:
    """An elevated NMH, as supporting evidence of histamine excess (never a trigger alone).

    Reads as :func:`mediator` of ``Analyte.URINE_NMH``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> nmh_support(facts_of(patient(), AT))
    ([], '')
    """
    read = mediator(f, Analyte.URINE_NMH)
    if read is None or not read.elevated:
        return [], ""
    return [read.finding], (
        " Urinary N-methylhistamine is above its reference limit (S50), supporting ongoing "
        "histamine release."
    )


class JudgedMediatorRead(Read):
    """The latest result of a urinary mediator against its limit (None: no result).

    As :func:`mediator` (same finding and judgement); its
    paths are the result's, and the age's when the laboratory gave no upper limit.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("urine_lte4", 300, "pg/mg{creat}", reference_high=400)]),
    ...              AT)
    >>> JUDGED[Analyte.URINE_LTE4].of(f).elevated, JUDGED[Analyte.URINE_LTE4].paths(f)
    (False, ('labs[0]',))
    """

    __slots__ = ("analyte",)

    def __init__(self, analyte: Analyte) -> None:
        super().__init__(f"{analyte.value} against its limit", (analyte,))
        self.analyte = analyte

    def compute(self, facts: Facts) -> MediatorRead | None:
        analyte = self.analyte
        lab = facts.latest.get(analyte)
        if lab is None:
            return None
        path = facts.path_of(lab)
        unit = analyte.canonical_unit
        high = lab.canonical_high
        # The reporting laboratory's upper limit beats the library's reference limit.
        limit = None if high is not None else mediator_limit(analyte, facts.age)
        if high is not None or limit is not None:
            if limit is None:
                assert high is not None
                upper, above = high, Comparison.GT
                note = "reporting laboratory's upper limit"
            else:
                upper, above = limit.upper, limit.comparison
                note = f"Mayo reference {limit.reference} ({', '.join(limit.sources)})"
            elevated = above.holds(lab.canonical, upper)
            return MediatorRead(
                lab=lab,
                elevated=elevated,
                finding=Finding(
                    input=path,
                    analyte=analyte,
                    value=lab.canonical,
                    unit=unit,
                    threshold=upper,
                    comparison=above if elevated else negate(above),
                    time=lab.time,
                    note=note,
                ),
            )
        # Age-banded limit (NMH) with the age unknown: decide only when every band agrees.
        bands = [m.upper for m in MEDIATOR_LIMITS if m.analyte is analyte]
        told: bool | None = None
        if lab.canonical > max(bands):
            told = True
        elif lab.canonical <= min(bands):
            told = False
        return MediatorRead(
            lab=lab,
            elevated=told,
            finding=Finding(
                input=path,
                analyte=analyte,
                value=lab.canonical,
                unit=unit,
                time=lab.time,
                note=(
                    f"reference is age-banded (upper limits {', '.join(f'{b:g}' for b in bands)}) "
                    "and the age is unknown"
                    + ("" if told is not None else ": record the age to judge it")
                ),
            ),
        )

    def of(self, facts: Facts) -> MediatorRead | None:
        """The result against its limit, or None."""
        value: MediatorRead | None = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        lab = facts.latest.get(self.analyte)
        if lab is None:
            return ()
        found = (facts.path_of(lab),)
        return found if lab.canonical_high is not None else found + AGE.paths(facts)


#: The urinary LTE4 and prostaglandin metabolite judged against their limits.
JUDGED = {a: JudgedMediatorRead(a) for a in (Analyte.URINE_LTE4, Analyte.URINE_PGF2A)}
