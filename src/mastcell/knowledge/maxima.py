"""Label maxima of drugs the patient already takes: per 24 hours, per kilogram, per indication.

Facts of the addendum's sections 3.1 (LW1), 5 (PD1, PD3, PD4, PD6, PD9, PD10, PD18) and 6
(MX1-MX17). The medication checks (:mod:`mastcell.rules.medication`) compare each active
entry's daily amount (dose x administrations per day) with them; the rules hold the logic,
the numbers live here.

How the rows are read:

* A :class:`DailyMaximum` is the most one label allows in 24 hours for an age band (and, where
  the label is route-specific, a route). Rows marked ``paediatric`` are the 24-hour maxima of
  the paediatric labels the addendum confirms (PD1, PD3, PD6, PD9, PD10): exceeding one in a
  child is critical. Other paediatric bands (PD2, PD5, PD7, PD8, PD11-PD17) are not loaded: a
  child's dose is then checked only against the adult maximum, which it cannot lawfully exceed
  either.
* A :class:`HigherReading` is a second, higher maximum: another jurisdiction or label version
  (a CONFLICT, accepted only when the clinician lists its id in
  ``options.medication.accept_higher_maximum``), or a higher label maximum for some indications
  (always shown, the indication is not recorded). A dose between the two readings is never
  accepted silently: it is reported one step less urgent, with both readings.
* ``escalation`` marks the second-generation H1 antihistamines whose guideline range reaches
  beyond the label (MX1-MX4); mastcell's own anti-mediator rules escalate them in adults up to
  each drug's escalation bound (``knowledge.antimediator.escalation_bound``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.sources import cited
from mastcell.model.vocabulary import Diagnosis, DiagnosisFamily, Route

__all__ = [
    "ADULT_AGE_YEARS",
    "AVAPRITINIB_MAXIMA",
    "CONFLICT_IDS",
    "DAILY_MAXIMA",
    "PER_KG_MAXIMA",
    "DailyMaximum",
    "HigherReading",
    "PerKgMaximum",
    "SmIndication",
    "avapritinib_indication",
    "daily_maxima",
]

_PARENTERAL = frozenset({Route.IV, Route.IM, Route.SC})
_ORAL = frozenset({Route.ORAL})


@attrs.frozen(kw_only=True)
class HigherReading:
    """A higher 24-hour maximum beside a row's own: another label's, or another indication's.

    ``by_indication`` readings are label maxima for named indications (always applied, since
    the indication is not recorded); the others are CONFLICTs, applied only when their
    ``fact`` id is listed in ``options.medication.accept_higher_maximum``.

    >>> DAILY_MAXIMA["hydroxyzine"][0].higher.max_mg
    400.0
    """

    max_mg: float = attrs.field(converter=float)
    fact: str
    text: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    by_indication: bool = False


@attrs.frozen(kw_only=True)
class DailyMaximum:
    """The most a label allows in 24 hours for one drug, age band and (optionally) route.

    Ages are in years, ``min_age`` inclusive and ``below_age`` exclusive; ``routes`` None
    means any route.

    >>> row = daily_maxima("cetirizine", age=40)[0]
    >>> row.max_mg, row.fact, row.covers(age=70)
    (10.0, 'MX1', False)
    """

    drug: str
    max_mg: float
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    population: str = "adults"
    min_age: float | None = None
    below_age: float | None = None
    routes: frozenset[Route] | None = None
    paediatric: bool = False
    escalation: bool = False
    higher: HigherReading | None = None
    guideline: str | None = None
    note: str | None = None

    def covers(self, *, age: float | None = None, route: Route | None = None) -> bool:
        """Whether the row applies at ``age`` (None: any) and ``route`` (None: any)."""
        if age is not None:
            if self.min_age is not None and age < self.min_age:
                return False
            if self.below_age is not None and age >= self.below_age:
                return False
        return route is None or self.routes is None or route in self.routes

    @property
    def route_text(self) -> str:
        """The routes as words ("oral", "iv/im/sc"), empty for any route."""
        return "" if self.routes is None else "/".join(sorted(r.value for r in self.routes))


def _row(
    drug: str,
    max_mg: float,
    fact: str,
    sources: tuple[str, ...],
    *,
    population: str = "adults",
    min_age: float | None = None,
    below_age: float | None = None,
    routes: frozenset[Route] | None = None,
    paediatric: bool = False,
    escalation: bool = False,
    higher: HigherReading | None = None,
    guideline: str | None = None,
    note: str | None = None,
) -> DailyMaximum:
    return DailyMaximum(
        drug=drug,
        max_mg=float(max_mg),
        fact=fact,
        sources=sources,
        population=population,
        min_age=min_age,
        below_age=below_age,
        routes=routes,
        paediatric=paediatric,
        escalation=escalation,
        higher=higher,
        guideline=guideline,
        note=note,
    )


_ROWS: tuple[DailyMaximum, ...] = (
    # -- cetirizine: MX1, PD1 (US OTC, S122; S17); guideline range S131 --------------------------
    _row(
        "cetirizine",
        5,
        "PD1",
        ("S122",),
        population="children 2 to under 6 years",
        min_age=2,
        below_age=6,
        paediatric=True,
    ),
    _row(
        "cetirizine",
        10,
        "MX1",
        ("S122", "S17"),
        population="6 to 64 years",
        min_age=6,
        below_age=65,
        paediatric=True,
        escalation=True,
        guideline="chronic urticaria: up to 20 mg twice daily (UpToDate); 10-40 mg/day "
        "(Canadian urticaria guideline) (S131)",
    ),
    _row(
        "cetirizine",
        5,
        "MX1",
        ("S122",),
        population="65 years and over",
        min_age=65,
        escalation=True,
        guideline="chronic urticaria: up to 20 mg twice daily (UpToDate); 10-40 mg/day "
        "(Canadian urticaria guideline) (S131)",
    ),
    # -- levocetirizine: MX2, PD3 (US, S120), PD4 (EU/UK, S121); PD-C1 ---------------------------
    _row(
        "levocetirizine",
        1.25,
        "PD3",
        ("S120", "S131"),
        population="children 2 to under 6 years",
        min_age=2,
        below_age=6,
        paediatric=True,
        higher=HigherReading(
            max_mg=2.5,
            fact="PD-C1",
            sources=("S121",),
            text="EU/UK label: 1.25 mg twice daily (2.5 mg/day) from 2 years",
        ),
    ),
    _row(
        "levocetirizine",
        2.5,
        "PD3",
        ("S120",),
        population="children 6 to 11 years",
        min_age=6,
        below_age=12,
        paediatric=True,
        higher=HigherReading(
            max_mg=5, fact="PD-C1", sources=("S121",), text="EU/UK label: 5 mg daily from 6 years"
        ),
    ),
    _row(
        "levocetirizine",
        5,
        "MX2",
        ("S120", "S121"),
        population="12 years and over",
        min_age=12,
        paediatric=True,
        escalation=True,
        guideline="up to 10 mg twice daily (UpToDate) (S131)",
    ),
    # -- loratadine: MX3, PD6 (US, S123); PD7 weight cut-offs noted ------------------------------
    _row(
        "loratadine",
        5,
        "PD6",
        ("S123",),
        population="children 2 to under 6 years",
        min_age=2,
        below_age=6,
        paediatric=True,
    ),
    _row(
        "loratadine",
        10,
        "MX3",
        ("S123",),
        population="6 years and over",
        min_age=6,
        paediatric=True,
        escalation=True,
        guideline="up to 20 mg twice daily (UpToDate); 10-40 mg/day (Canada) (S131)",
        note="UK/Canada cut children's doses by weight (30 kg) instead of age (PD7)",
    ),
    # -- desloratadine: MX4 (adult band only; PD8 child bands not loaded) ------------------------
    _row(
        "desloratadine",
        5,
        "MX4",
        ("S124",),
        population="12 years and over",
        min_age=12,
        escalation=True,
        guideline="up to 10 mg twice daily (UpToDate); 5-20 mg/day (Canada) (S131)",
        note="the label says once daily only",
    ),
    # -- fexofenadine: MX5 CONFLICT (Canada 120-480 mg/day; seeds' 720 mg/day unsupported) -------
    _row(
        "fexofenadine",
        180,
        "MX5",
        ("S17", "S125", "S131"),
        population="12 years and over",
        min_age=12,
        higher=HigherReading(
            max_mg=480,
            fact="MX5",
            sources=("S131",),
            text="Canadian urticaria guideline (2011): 120-480 mg/day; UpToDate: higher doses "
            "usually no better; the seeds' 360-720 mg/day has no non-seed support",
        ),
        note="60 mg twice daily or 180 mg once daily",
    ),
    # -- diphenhydramine: MX6, PD9 (oral OTC), PD10 (parenteral) ---------------------------------
    _row(
        "diphenhydramine",
        150,
        "PD9",
        ("S126",),
        population="children 6 to under 12 years",
        min_age=6,
        below_age=12,
        routes=_ORAL,
        paediatric=True,
        note="12.5-25 mg every 4-6 h, at most 6 doses in 24 h",
    ),
    _row(
        "diphenhydramine",
        300,
        "PD9",
        ("S126",),
        population="12 years and over",
        min_age=12,
        routes=_ORAL,
        paediatric=True,
        note="25-50 mg every 4-6 h, at most 6 doses in 24 h",
    ),
    _row(
        "diphenhydramine",
        300,
        "PD10",
        ("S126",),
        population="children (not neonates)",
        below_age=ADULT_AGE_YEARS,
        routes=_PARENTERAL,
        paediatric=True,
        note="5 mg/kg/24 h or 150 mg/m2/24 h in 4 doses, at most 300 mg/day",
    ),
    _row(
        "diphenhydramine",
        400,
        "MX6",
        ("S126",),
        population="adults",
        min_age=ADULT_AGE_YEARS,
        routes=_PARENTERAL,
        note="100 mg per dose",
    ),
    # -- hydroxyzine: MX7 CONFLICT (EU/UK 2015 100 mg/day vs US anxiety 400 mg/day) --------------
    _row(
        "hydroxyzine",
        100,
        "MX7",
        ("S127",),
        population="adults (EU/UK label since 2015)",
        higher=HigherReading(
            max_mg=400,
            fact="MX7",
            sources=("S127",),
            text="US label: pruritus 25 mg three to four times daily; anxiety 50-100 mg four "
            "times daily (400 mg/day)",
        ),
        note="EU/UK: elderly 50 mg/day and use discouraged; contraindicated with QT "
        "prolongation or its risk factors",
    ),
    # -- cyproheptadine: MX8 (also 0.5 mg/kg/day, PER_KG_MAXIMA) -------------------------------
    _row("cyproheptadine", 32, "MX8", ("S13",)),
    # -- H2 blockers: MX10-MX12 (S130); maxima depend on the indication --------------------------
    _row(
        "famotidine",
        80,
        "MX10",
        ("S130",),
        higher=HigherReading(
            max_mg=640,
            fact="MX10",
            sources=("S130",),
            by_indication=True,
            text="pathological hypersecretory states: 640 mg/day",
        ),
        note="duodenal/gastric ulcer and non-erosive GERD 40 mg/day, erosive oesophagitis "
        "80 mg/day; lower in renal impairment (CrCl < 60 mL/min)",
    ),
    _row(
        "cimetidine",
        1600,
        "MX11",
        ("S130",),
        higher=HigherReading(
            max_mg=2400,
            fact="MX11",
            sources=("S130",),
            by_indication=True,
            text="pathological hypersecretory states: 2400 mg/day",
        ),
        note="ulcer 1200 mg/day, GERD 1600 mg/day; CrCl < 30 mL/min 300 mg every 12 h; a "
        "moderate CYP3A inhibitor (S110)",
    ),
    _row("nizatidine", 300, "MX12", ("S130",)),
    # -- leukotriene modifiers: MX14-MX16 ------------------------------------------------------
    _row(
        "montelukast",
        10,
        "MX14",
        ("S128",),
        population="15 years and over",
        min_age=15,
        note="once daily",
    ),
    _row(
        "zafirlukast",
        40,
        "MX15",
        ("S129",),
        population="12 years and over",
        min_age=12,
        higher=HigherReading(
            max_mg=80,
            fact="MX15",
            sources=("S129",),
            text="Australian consumer monograph: up to 40 mg twice daily",
        ),
        note="20 mg twice daily (US)",
    ),
    _row("zileuton", 2400, "MX16", ("S14",), population="12 years and over", min_age=12),
)

#: Every 24-hour maximum by generic name, in the order above.
DAILY_MAXIMA: Mapping[str, tuple[DailyMaximum, ...]] = {
    drug: tuple(r for r in _ROWS if r.drug == drug) for drug in dict.fromkeys(r.drug for r in _ROWS)
}

#: The CONFLICT ids whose higher reading a clinician may accept
#: (``options.medication.accept_higher_maximum``).
CONFLICT_IDS = frozenset(
    r.higher.fact for r in _ROWS if r.higher is not None and not r.higher.by_indication
)


def daily_maxima(
    drug: str, *, age: float | None = None, route: Route | None = None
) -> tuple[DailyMaximum, ...]:
    """The rows for ``drug`` (a generic name) that apply at ``age`` and ``route``.

    ``age`` None or ``route`` None match every row (the caller says what it did not know).

    >>> [r.max_mg for r in daily_maxima("diphenhydramine", age=40, route=Route.ORAL)]
    [300.0]
    >>> [r.max_mg for r in daily_maxima("diphenhydramine", age=40)]
    [300.0, 400.0]
    >>> daily_maxima("foo")
    ()
    """
    return tuple(r for r in DAILY_MAXIMA.get(drug, ()) if r.covers(age=age, route=route))


@attrs.frozen(kw_only=True)
class PerKgMaximum:
    """A weight-based daily cap (mg per kg body weight per day).

    >>> PER_KG_MAXIMA["cromolyn"].cap_mg(20)
    800.0
    """

    drug: str
    mg_per_kg: float = attrs.field(converter=float)
    fact: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    routes: frozenset[Route] | None = None
    note: str | None = None

    def cap_mg(self, kg: float) -> float:
        """The daily cap in mg for a body weight in kg."""
        return round(self.mg_per_kg * kg, 6)


#: mg/kg/day caps: oral cromolyn 40 (MX17, PD18; S12, S134), cyproheptadine 0.5 (MX8; S13).
PER_KG_MAXIMA: Mapping[str, PerKgMaximum] = {
    "cromolyn": PerKgMaximum(
        drug="cromolyn",
        mg_per_kg=40,
        fact="MX17",
        sources=("S12", "S134"),
        routes=_ORAL,
        note="oral; adults and 13 years and over 200 mg four times daily, 2-12 years 100 mg "
        "four times daily (PD18)",
    ),
    "cyproheptadine": PerKgMaximum(
        drug="cyproheptadine",
        mg_per_kg=0.5,
        fact="MX8",
        sources=("S13",),
        note="also at most 32 mg/day",
    ),
}


class SmIndication(enum.StrEnum):
    """The avapritinib indication a diagnosis list points to (LW1).

    >>> SmIndication.ISM.value
    'ism'
    """

    ISM = "ism"
    ADVANCED = "advsm"


#: Avapritinib's maximum (= starting) dose, "must not exceed": AdvSM 200 mg, ISM 25 mg once
#: daily (LW1; S5-S9). The GIST maximum (300 mg) is not an SM indication and not used.
AVAPRITINIB_MAXIMA: Mapping[SmIndication, DailyMaximum] = {
    SmIndication.ADVANCED: _row(
        "avapritinib",
        200,
        "LW1",
        ("S6", "S8", "S5", "S9"),
        population="advanced SM (ASM, SM-AHN, MCL)",
        note="200 mg once daily",
    ),
    SmIndication.ISM: _row(
        "avapritinib", 25, "LW1", ("S7", "S9"), population="indolent SM", note="25 mg once daily"
    ),
}

_ISM = frozenset({Diagnosis.ISM})


def avapritinib_indication(diagnoses: frozenset[Diagnosis]) -> SmIndication | None:
    """The SM indication the diagnoses name, or None when they leave it unclear.

    Unclear: both an indolent and an advanced diagnosis, or neither (``sm`` with the subtype
    unknown, ``ssm``, ``bmm``, MCAS...). mastcell does not guess the indication.

    >>> avapritinib_indication(frozenset({Diagnosis.ISM}))
    <SmIndication.ISM: 'ism'>
    >>> avapritinib_indication(frozenset({Diagnosis.SM})) is None
    True
    """
    indolent = not _ISM.isdisjoint(diagnoses)
    advanced = not DiagnosisFamily.ADVANCED_SM.members.isdisjoint(diagnoses)
    if indolent == advanced:
        return None
    return SmIndication.ISM if indolent else SmIndication.ADVANCED
