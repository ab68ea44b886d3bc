"""Paediatric dose bands: age (and, where the source uses it, weight) to dose (addendum 5).

Each band is one row of a label or monograph as the addendum reads it (fact ids PD1-PD22),
with its sources. A band whose ``dose`` is None is one the sources leave to a doctor ("ask a
doctor", "not recommended", NOT VERIFIED): a rule proposing the drug in that band gives no
dose, says "clinician decision" and gives the band's ``reason``. Where jurisdictions disagree
(PD-C1 levocetirizine, PD7 loratadine) both readings are data and
:class:`Jurisdiction` (``AntimediatorOptions.dose_jurisdiction``) chooses one.

Ages are calendar ages in years, never rounded: a band "2 to under 6 years" covers 2.0 up to
5.99...; the labels' "6-11 years" is read as 6 up to 12. Because some bands start at a month
("6 months"), :func:`band_age` counts the age in calendar months (a child the day before
turning 6 months old is under 0.5), which agrees with ``Patient.age_at`` on every birthday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cite, cited
from mastcell.model import Patient
from mastcell.model.dates import day_of
from mastcell.model.recommendation import DoseAmount, DoseRange
from mastcell.model.vocabulary import Frequency, Route

__all__ = [
    "ASPIRIN_CHILDREN",
    "ASPIRIN_CHILDREN_SOURCES",
    "BANDS",
    "CHILD_STEROID_PREMEDICATION",
    "FAMOTIDINE_CHILDREN",
    "HYDROXYZINE_CHILDREN",
    "MONTELUKAST_BOXED_WARNING",
    "MONTELUKAST_UNDER_TWO",
    "BandChoice",
    "DoseBand",
    "Jurisdiction",
    "band_age",
    "band_for",
]


class Jurisdiction(enum.StrEnum):
    """Whose label reading to use where labels disagree (PD-C1, PD7).

    >>> Jurisdiction("uk_eu").label
    'UK/EU'
    """

    #: US labels: mastcell's standard doses are US labels (S17), and for levocetirizine 6-11 y
    #: the US dose is the lower one (2.5 mg vs 5 mg, PD-C1).
    US = "us"
    #: UK / EU (and, for loratadine, Canadian) labels.
    UK_EU = "uk_eu"

    @property
    def label(self) -> str:
        """How the report names it."""
        return {"us": "US", "uk_eu": "UK/EU"}[self.value]


def _mg(value: float) -> DoseAmount:
    return DoseAmount(value=value, unit="mg")


@attrs.frozen(kw_only=True)
class DoseBand:
    """One age (and weight) band of a drug's labelled dose; ``dose`` None: no verified dose.

    ``from_years`` is inclusive and ``below_years`` exclusive (None: no upper bound); likewise
    ``above_kg`` (exclusive) and ``up_to_kg`` (inclusive) when the source bands by weight.
    ``jurisdiction`` None means every jurisdiction's labels agree on the band.

    >>> band = BANDS["montelukast"][1]
    >>> band.population, str(band.dose), band.covers(5.99), band.covers(6.0)
    ('children 2 to under 6 years', '4 mg', True, False)
    """

    drug: str
    from_years: float = 0.0
    below_years: float | None = None
    above_kg: float | None = None
    up_to_kg: float | None = None
    dose: DoseAmount | DoseRange | None
    frequency: Frequency | None = None
    route: Route = Route.ORAL
    max_mg_per_day: float | None = None
    jurisdiction: Jurisdiction | None = None
    reason: str | None = None
    note: str | None = None
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)

    @property
    def population(self) -> str:
        """The band as a clinician reads it ('children 2 to under 6 years, up to 30 kg')."""
        if self.below_years is None:
            text = f"{self.from_years:g} years and over"
        elif self.from_years == 0:
            text = f"children under {_age(self.below_years)}"
        elif self.from_years >= 18:
            text = f"adults {self.from_years:g} to under {self.below_years:g} years"
        else:
            text = f"children {self.from_years:g} to under {self.below_years:g} years"
            if self.from_years < 1:
                text = f"children {_age(self.from_years)} to under {_age(self.below_years)}"
        if self.above_kg is not None:
            text += f", over {self.above_kg:g} kg"
        if self.up_to_kg is not None:
            text += f", up to {self.up_to_kg:g} kg"
        return text

    @property
    def weighted(self) -> bool:
        """Whether the band depends on body weight."""
        return self.above_kg is not None or self.up_to_kg is not None

    def covers(self, age: float, weight_kg: float | None = None) -> bool:
        """Whether an age (years) and weight fall in the band; a weight band needs the weight."""
        if age < self.from_years or (self.below_years is not None and age >= self.below_years):
            return False
        if not self.weighted:
            return True
        if weight_kg is None:
            return False
        return (self.above_kg is None or weight_kg > self.above_kg) and (
            self.up_to_kg is None or weight_kg <= self.up_to_kg
        )

    def in_age(self, age: float) -> bool:
        """Whether the age alone falls in the band (the weight not considered)."""
        return age >= self.from_years and (self.below_years is None or age < self.below_years)

    def text(self) -> str:
        """The band, its dose (or why none) and its sources, for a recommendation's detail.

        >>> BANDS["montelukast"][1].text()
        'children 2 to under 6 years: 4 mg once daily (PD15, PD-C2; S128)'
        """
        if self.dose is None:
            what = f"no dose ({self.reason})"
        else:
            freq = f" {self.frequency.label}" if self.frequency is not None else ""
            cap = f", max {self.max_mg_per_day:g} mg/24 h" if self.max_mg_per_day else ""
            what = f"{self.dose}{freq}{cap}"
        where = f" [{self.jurisdiction.label}]" if self.jurisdiction is not None else ""
        return (
            f"{self.population}{where}: {what} ({', '.join(self.facts)}; {', '.join(self.sources)})"
        )


def _age(years: float) -> str:
    if years < 2 and years != 1:
        return f"{round(years * 12):g} months"
    return "1 year" if years == 1 else f"{years:g} years"


@attrs.frozen(kw_only=True)
class BandChoice:
    """The band for a patient, or why none could be chosen (age or weight unknown).

    >>> band_for("montelukast", 3.0).band.dose
    DoseAmount(value=4, unit='mg')
    >>> band_for("montelukast", None).missing
    'age'
    """

    drug: str
    band: DoseBand | None = None
    missing: str | None = None
    candidates: tuple[DoseBand, ...] = ()

    @property
    def dose_known(self) -> bool:
        """Whether a dose can be proposed."""
        return self.band is not None and self.band.dose is not None


_ASK_UNDER_2 = "under 2 years the label says ask a doctor"

#: Every drug mastcell may propose to a child, its bands in age order (addendum 5.1-5.2).
BANDS: Mapping[str, tuple[DoseBand, ...]] = {
    # PD1 (US OTC label, S122) and PD2 (6 months-2 y, S131, secondary). The adult 10 mg band is
    # the catalogue's standard dose (S17); from 65 years the label's 5 mg (max 5 mg).
    "cetirizine": (
        DoseBand(
            drug="cetirizine",
            below_years=0.5,
            dose=None,
            reason=(
                "under 6 months no dose was found; the US label says ask a doctor under 2 years"
            ),
            facts=("PD1", "PD2"),
            sources=("S122", "S131"),
        ),
        DoseBand(
            drug="cetirizine",
            from_years=0.5,
            below_years=2.0,
            dose=_mg(2.5),
            frequency=Frequency.DAILY,
            note=(
                "secondary table (S131); chronic urticaria from 12 months up to 2.5 mg twice "
                "daily; the US OTC label says ask a doctor under 2 years (S122)"
            ),
            facts=("PD2",),
            sources=("S131", "S122"),
        ),
        DoseBand(
            drug="cetirizine",
            from_years=2.0,
            below_years=6.0,
            dose=_mg(2.5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            note="may go to 5 mg once daily or 2.5 mg every 12 h (max 5 mg/24 h)",
            facts=("PD1",),
            sources=("S122",),
        ),
        DoseBand(
            drug="cetirizine",
            from_years=6.0,
            below_years=18.0,
            dose=DoseRange(low=5, high=10, unit="mg"),
            frequency=Frequency.DAILY,
            max_mg_per_day=10.0,
            facts=("PD1",),
            sources=("S122",),
        ),
        DoseBand(
            drug="cetirizine",
            from_years=18.0,
            below_years=65.0,
            dose=_mg(10),
            frequency=Frequency.DAILY,
            max_mg_per_day=10.0,
            note="OTC label maximum 10 mg per 24 h",
            facts=("PD1", "MX1"),
            sources=("S17", "S122"),
        ),
        DoseBand(
            drug="cetirizine",
            from_years=65.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            note="the US label's dose from 65 years (max 5 mg/24 h)",
            facts=("PD1", "MX1"),
            sources=("S122",),
        ),
    ),
    # PD3 (US: OTC tablets / liquid, Rx under 6 y secondary) vs PD4 (EU/UK): CONFLICT PD-C1.
    "levocetirizine": (
        DoseBand(
            drug="levocetirizine",
            below_years=0.5,
            dose=None,
            jurisdiction=Jurisdiction.US,
            reason="the US Rx solution is indicated from 6 months at the earliest",
            facts=("PD3",),
            sources=("S120", "S131"),
        ),
        DoseBand(
            drug="levocetirizine",
            from_years=0.5,
            below_years=6.0,
            dose=_mg(1.25),
            frequency=Frequency.DAILY,
            jurisdiction=Jurisdiction.US,
            note="US Rx (secondary, S131); EU: 1.25 mg twice daily from 2 years (PD-C1)",
            facts=("PD3", "PD-C1"),
            sources=("S120", "S131"),
        ),
        DoseBand(
            drug="levocetirizine",
            from_years=6.0,
            below_years=12.0,
            dose=_mg(2.5),
            frequency=Frequency.DAILY,
            max_mg_per_day=2.5,
            jurisdiction=Jurisdiction.US,
            note="US label; EU: 5 mg daily (PD-C1)",
            facts=("PD3", "PD-C1"),
            sources=("S120",),
        ),
        DoseBand(
            drug="levocetirizine",
            from_years=12.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            jurisdiction=Jurisdiction.US,
            note="once in the evening; 65 years and over: the US OTC label says ask a doctor",
            facts=("PD3",),
            sources=("S120",),
        ),
        DoseBand(
            drug="levocetirizine",
            below_years=2.0,
            dose=None,
            jurisdiction=Jurisdiction.UK_EU,
            reason="the EU label read gives doses from 2 years",
            facts=("PD4",),
            sources=("S121",),
        ),
        DoseBand(
            drug="levocetirizine",
            from_years=2.0,
            below_years=6.0,
            dose=_mg(1.25),
            frequency=Frequency.BID,
            max_mg_per_day=2.5,
            jurisdiction=Jurisdiction.UK_EU,
            note="EU label; US: 1.25 mg once daily (PD-C1)",
            facts=("PD4", "PD-C1"),
            sources=("S121",),
        ),
        DoseBand(
            drug="levocetirizine",
            from_years=6.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            jurisdiction=Jurisdiction.UK_EU,
            note="EU label (6-12 years too); US: 2.5 mg at 6-11 years (PD-C1)",
            facts=("PD4", "PD-C1"),
            sources=("S121",),
        ),
    ),
    # PD6 (US label, age bands) vs PD7 (UK/Canada: weight 30 kg): CONFLICT.
    "loratadine": (
        DoseBand(
            drug="loratadine",
            below_years=2.0,
            dose=None,
            jurisdiction=Jurisdiction.US,
            reason=_ASK_UNDER_2,
            facts=("PD6",),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            from_years=2.0,
            below_years=6.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            jurisdiction=Jurisdiction.US,
            note="a US paediatric handout gives 2.5 mg at 2-6 years (PD7)",
            facts=("PD6", "PD7"),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            from_years=6.0,
            dose=_mg(10),
            frequency=Frequency.DAILY,
            max_mg_per_day=10.0,
            jurisdiction=Jurisdiction.US,
            note="UK/Canada: 10 mg only over 30 kg under 12 years (PD7)",
            facts=("PD6", "PD7"),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            below_years=2.0,
            dose=None,
            jurisdiction=Jurisdiction.UK_EU,
            reason="the UK/Canadian doses read start at 2 years",
            facts=("PD7",),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            from_years=2.0,
            below_years=12.0,
            up_to_kg=30.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            jurisdiction=Jurisdiction.UK_EU,
            note="UK/Canada: liquid, 30 kg or less; not beyond 14 days without a doctor (Canada)",
            facts=("PD7",),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            from_years=2.0,
            below_years=12.0,
            above_kg=30.0,
            dose=_mg(10),
            frequency=Frequency.DAILY,
            jurisdiction=Jurisdiction.UK_EU,
            note="UK/Canada: tablets over 30 kg",
            facts=("PD7",),
            sources=("S123",),
        ),
        DoseBand(
            drug="loratadine",
            from_years=12.0,
            dose=_mg(10),
            frequency=Frequency.DAILY,
            jurisdiction=Jurisdiction.UK_EU,
            facts=("PD7",),
            sources=("S123",),
        ),
    ),
    # PD8 (US Rx label, S124; S131): all once daily, never more than once a day.
    "desloratadine": (
        DoseBand(
            drug="desloratadine",
            below_years=0.5,
            dose=None,
            reason="the label does not recommend it under 6 months",
            facts=("PD8",),
            sources=("S124",),
        ),
        DoseBand(
            drug="desloratadine",
            from_years=0.5,
            below_years=1.0,
            dose=_mg(1),
            frequency=Frequency.DAILY,
            facts=("PD8",),
            sources=("S124", "S131"),
        ),
        DoseBand(
            drug="desloratadine",
            from_years=1.0,
            below_years=6.0,
            dose=_mg(1.25),
            frequency=Frequency.DAILY,
            facts=("PD8",),
            sources=("S124", "S131"),
        ),
        DoseBand(
            drug="desloratadine",
            from_years=6.0,
            below_years=12.0,
            dose=_mg(2.5),
            frequency=Frequency.DAILY,
            facts=("PD8",),
            sources=("S124", "S131"),
        ),
        DoseBand(
            drug="desloratadine",
            from_years=12.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            max_mg_per_day=5.0,
            facts=("PD8", "MX4"),
            sources=("S124",),
        ),
    ),
    # PD5 (Telfast, S125; S17 agrees from 6 y). Canada 2011: not indicated under 12 y for
    # urticaria (CONFLICT); under 2 years NOT VERIFIED.
    "fexofenadine": (
        DoseBand(
            drug="fexofenadine",
            below_years=2.0,
            dose=None,
            reason="under 2 years no dose was found (NOT VERIFIED)",
            facts=("PD5",),
            sources=("S125", "S131"),
        ),
        DoseBand(
            drug="fexofenadine",
            from_years=2.0,
            below_years=12.0,
            dose=_mg(30),
            frequency=Frequency.BID,
            note=(
                "allergic rhinitis from 2 years, urticaria from 6 years (S125); a Canadian "
                "urticaria table does not indicate it under 12 years (CONFLICT)"
            ),
            facts=("PD5",),
            sources=("S125", "S17", "S131"),
        ),
        DoseBand(
            drug="fexofenadine",
            from_years=12.0,
            dose=_mg(180),
            frequency=Frequency.DAILY,
            max_mg_per_day=180.0,
            note="or 60 mg twice daily",
            facts=("PD5", "MX5"),
            sources=("S125", "S17"),
        ),
    ),
    # PD9 (OTC chart, 12.5 mg/5 mL, S126): every 4-6 h, at most 6 doses in 24 h.
    "diphenhydramine": (
        DoseBand(
            drug="diphenhydramine",
            below_years=6.0,
            dose=None,
            reason=(
                "under 6 years the OTC chart says ask a doctor (products differ; never to "
                "make a child sleepy)"
            ),
            facts=("PD9",),
            sources=("S126",),
        ),
        DoseBand(
            drug="diphenhydramine",
            from_years=6.0,
            below_years=12.0,
            dose=DoseRange(low=12.5, high=25, unit="mg"),
            max_mg_per_day=150.0,
            note="every 4-6 h, at most 6 doses in 24 h",
            facts=("PD9",),
            sources=("S126",),
        ),
        DoseBand(
            drug="diphenhydramine",
            from_years=12.0,
            dose=DoseRange(low=25, high=50, unit="mg"),
            max_mg_per_day=300.0,
            note="every 4-6 h, at most 6 doses in 24 h",
            facts=("PD9", "MX6"),
            sources=("S126",),
        ),
    ),
    # PD15 (label tables, S128): once daily in the evening. Under 2 years the 4 mg granules
    # are labelled for asthma (from 12 months) and perennial allergic rhinitis (from 6
    # months) only, so for mast cell disease the dose is a clinician decision.
    "montelukast": (
        DoseBand(
            drug="montelukast",
            below_years=2.0,
            dose=None,
            reason=(
                "under 2 years the 4 mg granules are labelled only for asthma (from 12 "
                "months) and perennial allergic rhinitis (from 6 months)"
            ),
            facts=("PD15",),
            sources=("S128",),
        ),
        DoseBand(
            drug="montelukast",
            from_years=2.0,
            below_years=6.0,
            dose=_mg(4),
            frequency=Frequency.DAILY,
            note="chewable tablet or granules",
            facts=("PD15", "PD-C2"),
            sources=("S128",),
        ),
        DoseBand(
            drug="montelukast",
            from_years=6.0,
            below_years=15.0,
            dose=_mg(5),
            frequency=Frequency.DAILY,
            note="chewable tablet",
            facts=("PD15", "PD-C2"),
            sources=("S128",),
        ),
        DoseBand(
            drug="montelukast",
            from_years=15.0,
            dose=_mg(10),
            frequency=Frequency.DAILY,
            max_mg_per_day=10.0,
            facts=("PD15", "MX14", "A10"),
            sources=("S128", "S29", "S35"),
        ),
    ),
    # PD17 (S129): 10 mg twice daily 5-11 y, 20 mg twice daily from 12 y (section 10 item 1:
    # twice daily, not once); 1 h before or 2 h after meals; not in hepatic impairment.
    "zafirlukast": (
        DoseBand(
            drug="zafirlukast",
            below_years=5.0,
            dose=None,
            reason="under 5 years safety and efficacy are not established",
            facts=("PD17",),
            sources=("S129",),
        ),
        DoseBand(
            drug="zafirlukast",
            from_years=5.0,
            below_years=12.0,
            dose=_mg(10),
            frequency=Frequency.BID,
            note="at least 1 h before or 2 h after meals; contraindicated in hepatic impairment",
            facts=("PD17",),
            sources=("S129",),
        ),
        DoseBand(
            drug="zafirlukast",
            from_years=12.0,
            dose=_mg(20),
            frequency=Frequency.BID,
            max_mg_per_day=40.0,
            note="at least 1 h before or 2 h after meals; contraindicated in hepatic impairment",
            facts=("PD17", "MX15", "A10"),
            sources=("S129",),
        ),
    ),
}


def _add_months(born: dt.date, months: int) -> dt.date:
    total = born.year * 12 + born.month - 1 + months
    year, month = divmod(total, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(born.day, last_day))


def _months_between(born: dt.date, on: dt.date) -> float:
    months = (on.year - born.year) * 12 + on.month - born.month
    if _add_months(born, months) > on:
        months -= 1
    last, following = _add_months(born, months), _add_months(born, months + 1)
    return months + (on - last).days / (following - last).days


def band_age(patient: Patient, at: dt.datetime | dt.date) -> float | None:
    """The age (years) a dose band is chosen by: calendar months / 12 from the birth date.

    With only an age given, that age; None when neither is known.

    >>> band_age(Patient(birth_date=dt.date(2026, 5, 22)), dt.date(2026, 11, 22))
    0.5
    >>> band_age(Patient(birth_date=dt.date(2026, 5, 23)), dt.date(2026, 11, 22)) < 0.5
    True
    >>> band_age(Patient(birth_date=dt.date(2016, 11, 22)), dt.date(2026, 11, 22))
    10.0
    """
    if patient.birth_date is None:
        return patient.age_at(at)
    born, on = day_of(patient.birth_date), day_of(at)
    if on < born:
        return 0.0
    return _months_between(born, on) / 12


def band_for(
    drug: str,
    age: float | None,
    weight_kg: float | None = None,
    jurisdiction: Jurisdiction = Jurisdiction.US,
) -> BandChoice:
    """The labelled band for a drug, an age (years), a weight and a jurisdiction.

    ``missing`` names what is needed when the band cannot be chosen: ``"age"``, or
    ``"weight"`` when the age's bands differ by weight (UK/Canadian loratadine, PD7).

    >>> band_for("cetirizine", 5.99).band.population
    'children 2 to under 6 years'
    >>> band_for("loratadine", 8, None, Jurisdiction.UK_EU).missing
    'weight'
    >>> str(band_for("loratadine", 8, 31, Jurisdiction.UK_EU).band.dose)
    '10 mg'
    >>> band_for("diphenhydramine", 5.9).dose_known
    False

    Raises:
        KeyError: the drug has no paediatric bands.
    """
    bands = tuple(
        b for b in BANDS[drug] if b.jurisdiction is None or b.jurisdiction is jurisdiction
    )
    if age is None:
        return BandChoice(drug=drug, missing="age", candidates=bands)
    in_age = tuple(b for b in bands if b.in_age(age))
    if any(b.weighted for b in in_age) and weight_kg is None:
        return BandChoice(drug=drug, missing="weight", candidates=in_age)
    band = next((b for b in in_age if b.covers(age, weight_kg)), None)
    return BandChoice(drug=drug, band=band, candidates=in_age)


#: PD16 (S128): the FDA boxed warning (March 2020), shown wherever montelukast is proposed.
MONTELUKAST_BOXED_WARNING = (
    "Montelukast boxed warning (FDA, March 2020; PD16, S128): serious neuropsychiatric events "
    "(agitation, aggression, depression, sleep disturbance, hallucinations, suicidal thoughts "
    "or actions); ask about psychiatric history, and patients should seek advice at once if "
    "mood or behaviour changes; for allergic rhinitis it is reserved for patients not helped "
    "by, or intolerant of, other agents."
)

#: PD15: why a child under 2 years gets no montelukast dose (for the premedication too).
MONTELUKAST_UNDER_TWO = BANDS["montelukast"][0].reason or ""

#: Famotidine mg/kg for children is NOT VERIFIED from a label (PD14), so never hard-coded.
FAMOTIDINE_CHILDREN = (
    "famotidine doses for children (mg/kg) were found only in secondary calculators and "
    "seed-only pages, not in a label (PD14, NOT VERIFIED): the dose is a clinician decision"
)

#: PD11 / PD12 (S127): hydroxyzine in children, US vs EU/UK (CONFLICT); the premedication
#: protocol (S35) gives no child dose, so none is chosen.
HYDROXYZINE_CHILDREN = (
    "hydroxyzine labels differ for children (PD11, PD12, S127; CONFLICT): US premedication "
    "0.6 mg/kg; EU/UK premedication 1 mg/kg 1 h before, pruritus 1-2 mg/kg/day from 12 "
    "months (max 2 mg/kg/day up to 40 kg, 100 mg/day above), contraindicated with QT "
    "prolongation"
)

#: PD19: the premedication steroid for children is the protocol's fixed dose; per-kg doses
#: were not found (NOT VERIFIED) and are not computed.
CHILD_STEROID_PREMEDICATION = (
    "the protocol's fixed child dose (S35); no per-kg prednisone, prednisolone or "
    "methylprednisolone premedication dose for children was found (PD19, NOT VERIFIED): "
    "adjusting it for a small child is a clinician decision"
)

#: PD22 (S137): aspirin in children, Reye syndrome (CONFLICT UK vs US).
ASPIRIN_CHILDREN = (
    "aspirin in children risks Reye syndrome (PD22, S137; CONFLICT): UK - not under 16 "
    "years unless a doctor advises (e.g. Kawasaki disease, juvenile arthritis; earlier UK "
    "rule: under 12); US - approved over 2 years, but never in children or teenagers with or "
    "recovering from chickenpox or a flu-like illness"
)
ASPIRIN_CHILDREN_SOURCES = cite("S137")
