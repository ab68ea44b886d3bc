"""Blood counts as the rules read them: latest, derived, graded and checked for age.

A :class:`Count` is one value in the analyte's canonical unit (10*9/L, haemoglobin g/dL)
with the inputs it came from, so every finding points back at the lab results. When a draw
gives WBC and neutrophil % but no ANC, the ANC is derived as WBC x % / 100 and flagged
derived; bands are not an input of mastcell, so they count as 0 and the finding says so
[S55]. A percentage alone is never an ANC.

>>> from mastcell.testing import lab, patient, AT
>>> p = patient(labs=[lab("wbc", 2.0, "K/uL"), lab("neutrophils_pct", 40, "%")])
>>> anc = latest_count(p, "anc", AT)
>>> anc.value, anc.derived, anc.inputs
(0.8, True, ('labs[0]', 'labs[1]'))
>>> classify(anc).grade
3
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

import attrs

from mastcell.knowledge.ctcae import CTCAE_VERSION, SCALES
from mastcell.knowledge.who import C_FINDING_CYTOPENIA, Threshold
from mastcell.model import Analyte, Comparison, Finding, LabResult, Patient, TryptaseRole
from mastcell.model.dates import day_of

__all__ = [
    "COUNT_ANALYTES",
    "Classification",
    "Count",
    "attribution_clause",
    "baseline_count",
    "c_finding_attribution",
    "c_findings",
    "classify",
    "derive_anc",
    "fresh_count",
    "grade",
    "is_low",
    "latest_count",
]

#: The analytes a :class:`Count` can hold.
COUNT_ANALYTES = (Analyte.WBC, Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN)

_BANDS_NOTE = "bands not reported: counted as 0 (S55)"


@attrs.frozen(kw_only=True)
class Count:
    """One blood count in its canonical unit, traced to the lab results it came from.

    Args:
        analyte: WBC, ANC, platelets or hemoglobin.
        value: the value in the analyte's canonical unit.
        time: when the sample was drawn.
        inputs: the interchange paths of the lab results used (``labs[2]``).
        derived: computed by mastcell (ANC from WBC x neutrophil %).
        lln: the reporting lab's lower reference limit, canonical unit, when it gave one.
        note: how the value was obtained, when it is not a plain result.

    >>> from mastcell.testing import lab, patient, AT
    >>> p = patient(labs=[lab("platelets", 45000, "/uL", reference_low=150000)])
    >>> c = latest_count(p, "platelets", AT)
    >>> c.value, c.lln, str(c.finding(threshold=50, comparison="<"))
    (45.0, 150.0, 'labs[0]: platelets 45 10*9/L < 50')
    """

    analyte: Analyte
    value: float
    time: datetime
    inputs: tuple[str, ...]
    derived: bool = False
    lln: float | None = None
    note: str | None = None

    @property
    def unit(self) -> str:
        """The canonical unit code of ``value``."""
        return self.analyte.canonical_unit

    def age(self, at: datetime) -> timedelta:
        """How long before ``at`` the sample was drawn."""
        return at - self.time

    def is_fresh(self, at: datetime, max_age: timedelta) -> bool:
        """Drawn at or before ``at`` and no older than ``max_age`` (exactly ``max_age`` is fresh).

        >>> from mastcell.testing import lab, patient, AT, days_before
        >>> c = latest_count(patient(labs=[lab("anc", 1.2, "10*9/L", days_before(14))]), "anc", AT)
        >>> c.is_fresh(AT, timedelta(days=14)), c.is_fresh(AT, timedelta(days=13))
        (True, False)
        """
        return self.time <= at and self.age(at) <= max_age

    def finding(
        self,
        *,
        threshold: float | None = None,
        comparison: Comparison | str | None = None,
        note: str | None = None,
    ) -> Finding:
        """The finding that cites this count (and the threshold it was compared with)."""
        notes = [n for n in (self.note, note) if n]
        return Finding(
            input=self.inputs[0],
            analyte=self.analyte,
            value=self.value,
            unit=self.unit,
            threshold=threshold,
            comparison=comparison,
            time=self.time,
            derived=self.derived,
            note="; ".join(notes) or None,
        )

    def findings(
        self,
        *,
        threshold: float | None = None,
        comparison: Comparison | str | None = None,
        note: str | None = None,
    ) -> tuple[Finding, ...]:
        """:meth:`finding`, plus one finding per further input of a derived count."""
        extra = tuple(
            Finding(input=path, text="used to derive the ANC", time=self.time)
            for path in self.inputs[1:]
        )
        return (self.finding(threshold=threshold, comparison=comparison, note=note), *extra)

    def describe(self) -> str:
        """The value with its unit, marked when derived (for summaries).

        >>> Count(analyte=Analyte.ANC, value=0.8, time=datetime(2026, 1, 1).astimezone(),
        ...       inputs=("labs[0]",), derived=True).describe()
        'ANC 0.8 x10^9/L (derived)'
        """
        unit = "g/dL" if self.analyte is Analyte.HEMOGLOBIN else "x10^9/L"
        value = self.value
        shown = f"{value:.1f}" if value < 10 and value == round(value, 1) else f"{value:g}"
        return f"{_NAMES[self.analyte]} {shown} {unit}" + (" (derived)" if self.derived else "")


_NAMES = {
    Analyte.WBC: "WBC",
    Analyte.ANC: "ANC",
    Analyte.PLATELETS: "platelets",
    Analyte.HEMOGLOBIN: "Hb",
}


def _count_of(patient: Patient, lab: LabResult) -> Count:
    return Count(
        analyte=lab.analyte,
        value=lab.canonical,
        time=lab.time,
        inputs=(patient.path_of(lab),),
        lln=lab.canonical_low,
    )


def derive_anc(patient: Patient, wbc: LabResult, neutrophils_pct: LabResult) -> Count:
    """ANC = WBC x (neutrophil %) / 100 for one draw, flagged derived [S55].

    Raises:
        ValueError: the two results are not a WBC and a neutrophil % of the same draw.

    >>> from mastcell.testing import lab, patient
    >>> p = patient(labs=[lab("wbc", 3200, "/uL"), lab("neutrophils_pct", 25, "%")])
    >>> derive_anc(p, *p.labs).value
    0.8
    """
    if wbc.analyte is not Analyte.WBC or neutrophils_pct.analyte is not Analyte.NEUTROPHILS_PCT:
        raise ValueError("derive_anc takes a WBC and a neutrophil % result")
    if wbc.time != neutrophils_pct.time:
        raise ValueError("a derived ANC needs the WBC and neutrophil % of the same draw")
    value = round(wbc.canonical * neutrophils_pct.canonical / 100, 6)
    return Count(
        analyte=Analyte.ANC,
        value=value,
        time=wbc.time,
        inputs=(patient.path_of(wbc), patient.path_of(neutrophils_pct)),
        derived=True,
        note=(
            f"ANC = WBC {wbc.canonical:g} x10^9/L x neutrophils {neutrophils_pct.canonical:g}% "
            f"/ 100; {_BANDS_NOTE}"
        ),
    )


def _latest(patient: Patient, analyte: Analyte, keep: Callable[[LabResult], bool]) -> Count | None:
    measured = [lab for lab in patient.series(analyte) if keep(lab)]
    best = _count_of(patient, measured[-1]) if measured else None
    if analyte is not Analyte.ANC:
        return best
    percents = {lab.time: lab for lab in patient.series(Analyte.NEUTROPHILS_PCT) if keep(lab)}
    for wbc in reversed([lab for lab in patient.series(Analyte.WBC) if keep(lab)]):
        pct = percents.get(wbc.time)
        if pct is None:
            continue
        # A measured ANC of the same draw (or a later one) wins over a derived one.
        if best is None or wbc.time > best.time:
            return derive_anc(patient, wbc, pct)
        break
    return best


def latest_count(patient: Patient, analyte: Analyte | str, at: datetime) -> Count | None:
    """The latest count drawn at or before ``at``; for ANC, derived when no ANC is newer.

    >>> from mastcell.testing import lab, patient, AT
    >>> latest_count(patient(), "anc", AT) is None
    True
    >>> p = patient(labs=[lab("neutrophils_pct", 40, "%")])
    >>> latest_count(p, "anc", AT) is None  # a percentage alone is never an ANC
    True
    """
    wanted = analyte if type(analyte) is Analyte else Analyte(analyte)
    _check_count(wanted)
    return _latest(patient, wanted, lambda lab: lab.time <= at)


def fresh_count(
    patient: Patient, analyte: Analyte | str, at: datetime, max_age: timedelta
) -> Count | None:
    """:func:`latest_count` when it is no older than ``max_age`` at ``at``, else None.

    >>> from mastcell.testing import lab, patient, AT, days_before
    >>> p = patient(labs=[lab("platelets", 40, "K/uL", days_before(15))])
    >>> fresh_count(p, "platelets", AT, timedelta(days=14)) is None
    True
    """
    count = latest_count(patient, analyte, at)
    return count if count is not None and count.is_fresh(at, max_age) else None


def baseline_count(
    patient: Patient, analyte: Analyte | str, start: date | None, at: datetime | None = None
) -> Count | None:
    """The pre-treatment count: one the caller marked ``role: baseline``, else inferred.

    A count sent with ``role: baseline`` (the latest such, drawn at or before ``at`` when
    given) is the baseline, whatever its date: the caller knows better than the draw date.
    Otherwise the baseline is inferred as the latest count drawn on or before the calendar day
    ``start`` (None when the start is unknown).

    >>> from datetime import date
    >>> from mastcell.testing import lab, patient
    >>> p = patient(labs=[lab("anc", 1.2, "10*9/L", "2026-08-30T08:00:00+00:00"),
    ...                   lab("anc", 0.4, "10*9/L", "2026-09-10T08:00:00+00:00")])
    >>> baseline_count(p, "anc", date(2026, 9, 1)).value
    1.2
    """
    wanted = analyte if type(analyte) is Analyte else Analyte(analyte)
    _check_count(wanted)
    given = [lab for lab in patient.series(wanted, until=at) if lab.role is TryptaseRole.BASELINE]
    if given:
        return attrs.evolve(_count_of(patient, given[-1]), note="baseline: given (role baseline)")
    if start is None:
        return None
    day = day_of(start)
    return _latest(patient, wanted, lambda lab: day_of(lab.time) <= day)


def _check_count(analyte: Analyte) -> None:
    if analyte not in COUNT_ANALYTES:
        raise ValueError(f"{analyte.value} is not a blood count")


@attrs.frozen(kw_only=True)
class Classification:
    """A count's CTCAE grade and whether it is low, with the basis of each.

    ``grade`` is None when it cannot be assigned (above the grade-2 bound without the lab's
    LLN); ``low`` is None for the same reason: unknown, never "normal".

    >>> from mastcell.testing import lab, patient, AT
    >>> c = classify(latest_count(patient(labs=[lab("hemoglobin", 75, "g/L")]), "hemoglobin", AT))
    >>> c.grade, c.low, c.text
    (3, True, 'Anemia grade 3 (CTCAE v5.0)')
    """

    analyte: Analyte
    value: float
    grade: int | None
    low: bool | None
    lln: float | None
    basis: str
    version: str = CTCAE_VERSION
    term: str = ""

    @property
    def text(self) -> str:
        """The grade as a clinician writes it."""
        if self.grade is None:
            return f"{self.term}: not gradable ({self.basis})"
        return f"{self.term} grade {self.grade} (CTCAE v{self.version})"


def grade(analyte: Analyte | str, value: float, lln: float | None = None) -> int | None:
    """The CTCAE v5.0 grade of a canonical value (None: grade 0/1 without the lab's LLN).

    >>> grade("platelets", 24.9), grade("platelets", 25), grade("platelets", 75)
    (4, 3, None)
    >>> grade("hemoglobin", 7.9), grade("wbc", 2.9)
    (3, 2)
    """
    return SCALES[Analyte(analyte)].grade(value, lln)


def classify(count: Count) -> Classification:
    """Grade a count and say whether it is low: by the lab's LLN when given, else by grade.

    >>> from mastcell.testing import lab, patient, AT
    >>> p = patient(labs=[lab("wbc", 3.5, "K/uL", reference_low=4.0)])
    >>> classify(latest_count(p, "wbc", AT)).text
    'White blood cell decreased grade 1 (CTCAE v5.0)'
    """
    scale = SCALES[count.analyte]
    g = scale.grade(count.value, count.lln)
    if count.lln is not None:
        basis = f"lab lower limit {count.lln:g}"
        low: bool | None = count.value < count.lln or (g is not None and g >= 2)
    elif g is not None:
        basis = f"CTCAE grade-2 bound {scale.grade_2_below:g} (no lab range given)"
        low = True
    else:
        basis = "no lab reference range given; mastcell ships no default"
        low = None
    return Classification(
        analyte=count.analyte,
        value=count.value,
        grade=g,
        low=low,
        lln=count.lln,
        basis=basis,
        version=scale.version,
        term=scale.term,
    )


def is_low(count: Count) -> bool | None:
    """Whether a count is low (None when it cannot be told: no lab range, above grade 2).

    >>> from mastcell.testing import lab, patient, AT
    >>> is_low(latest_count(patient(labs=[lab("anc", 1400, "/uL")]), "anc", AT))
    True
    >>> is_low(latest_count(patient(labs=[lab("anc", 1600, "/uL")]), "anc", AT)) is None
    True
    """
    return classify(count).low


def c_finding_attribution(patient: Patient) -> str:
    """What the record says of a C-level cytopenia's attribution to SM (FX7), as a clause.

    A cytopenia at C-finding level is a C-finding only when the clinician attributes it to SM,
    other causes excluded (``organ_findings.cytopenia_attributed_to_sm``); the library never
    infers it.

    >>> from mastcell.testing import patient
    >>> c_finding_attribution(patient())
    '; whether it is attributed to SM is not recorded (organ_findings.cytopenia_attributed_to_sm)'
    """
    organs = patient.organ_findings
    return attribution_clause(None if organs is None else organs.cytopenia_attributed_to_sm)


def attribution_clause(attributed: bool | None) -> str:
    """:func:`c_finding_attribution` from the recorded attribution itself (None: not recorded).

    >>> attribution_clause(True)
    '; the record attributes it to SM'
    """
    if attributed is None:
        return (
            "; whether it is attributed to SM is not recorded "
            "(organ_findings.cytopenia_attributed_to_sm)"
        )
    if attributed:
        return "; the record attributes it to SM"
    return "; the record says it is not attributed to SM, so it is not a C-finding"


def c_findings(counts: Iterable[Count | None]) -> tuple[tuple[Threshold, Count], ...]:
    """The WHO C-finding levels of cytopenia the counts cross [S11, S27].

    Reads :data:`mastcell.knowledge.who.C_FINDING_CYTOPENIA` (ANC < 1, Hb < 10 g/dL,
    platelets < 100 x10^9/L). A count at that level is a C-finding only when attributed to SM,
    other causes excluded (FX7): the level is what is computed here.

    >>> from mastcell.testing import lab, patient, AT
    >>> p = patient(labs=[lab("platelets", 99, "K/uL"), lab("hemoglobin", 10, "g/dL")])
    >>> [t.analyte.value for t, _ in c_findings(latest_count(p, a, AT) for a in ("platelets", "hemoglobin"))]
    ['platelets']
    """
    by_analyte = {c.analyte: c for c in counts if c is not None}
    return tuple(
        (threshold, by_analyte[threshold.analyte])
        for threshold in C_FINDING_CYTOPENIA
        if threshold.analyte in by_analyte
        and threshold.crossed(by_analyte[threshold.analyte].value)
    )
