"""Cytopenia facts: the midostaurin table, the avapritinib rules, drugs in the differential.

Every number here is one a clinician could question, so each carries its source ids
(fact sheet section 2.2). Counts are in 10*9/L and haemoglobin in g/dL, the canonical units.

No default lower limit of normal is shipped: "low" is judged by the reporting lab's
reference range when given, otherwise only through the cited thresholds below and the
CTCAE grade-2 bounds of :mod:`mastcell.knowledge.ctcae`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import NamedTuple

from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES as _ALL_ANTIMEDIATOR_CLASSES
from mastcell.knowledge.sources import cited
from mastcell.model import (
    Analyte,
    DoseAdvice,
    DoseAmount,
    DrugClass,
    Frequency,
    HeldReason,
    Route,
)

__all__ = [
    "ANTIMEDIATOR_CLASSES",
    "AVAPRITINIB",
    "AVAPRITINIB_ADVSM_LADDER",
    "AVAPRITINIB_ISM_LADDER",
    "AVAPRITINIB_MONITORING",
    "AVAPRITINIB_PLATELETS",
    "CBC_ANALYTES",
    "CBC_MONITORING_SOURCES",
    "COUNT_MAX_AGE",
    "CYTOPENIA_SIGNALS",
    "MIDOSTAURIN",
    "MIDOSTAURIN_ANC",
    "MIDOSTAURIN_COUNT_ROWS",
    "MIDOSTAURIN_FULL",
    "MIDOSTAURIN_HEMOGLOBIN",
    "MIDOSTAURIN_NAUSEA_VOMITING",
    "MIDOSTAURIN_OTHER_TOXICITY",
    "MIDOSTAURIN_PLATELETS",
    "MIDOSTAURIN_REDUCED",
    "CountRow",
    "CytopeniaSignal",
    "DoseStep",
    "MonitoringSchedule",
    "ToxicityRow",
]

MIDOSTAURIN = "midostaurin"
AVAPRITINIB = "avapritinib"

#: The counts a "complete blood count" must provide for a dose decision (ANC may be derived
#: from WBC x neutrophil %).
CBC_ANALYTES = (Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN)

#: The sources that back a blood count on each cytoreductive drug (``cytopenia.cbc.obtain``;
#: a drug not listed: S29, the consensus on SM management).
CBC_MONITORING_SOURCES: Mapping[str, tuple[str, ...]] = {
    "midostaurin": cited(("S1",)),
    "avapritinib": cited(("S5", "S6")),
    "hydroxyurea": cited(("S71", "S115")),
    "cladribine": cited(("S29", "S112")),
    "imatinib": cited(("S117",)),
    "interferon alfa": cited(("S29", "S116")),
}

#: Default age beyond which a count is stale and no dose decision is made from it
#: (``CytopeniaOptions.count_max_age``). No label states a staleness window; 14 days is the
#: avapritinib label's platelet-monitoring interval in the first 8 weeks (S5, S6), used here
#: for every cytoreductive drug as a library convention a clinician may override.
COUNT_MAX_AGE = timedelta(days=14)


class DoseStep(NamedTuple):
    """One oral dose level: milligrams per administration and how often.

    >>> str(MIDOSTAURIN_REDUCED.advice(MIDOSTAURIN))
    'midostaurin 50 mg oral twice daily'
    """

    mg: float
    frequency: Frequency
    route: Route = Route.ORAL

    def advice(
        self, drug: str, *, timing: str | None = None, note: str | None = None
    ) -> DoseAdvice:
        """This step as the structured dose of a recommendation."""
        return DoseAdvice(
            drug=drug,
            dose=DoseAmount(value=self.mg, unit="mg"),
            frequency=self.frequency,
            route=self.route,
            timing=timing,
            note=note,
        )

    def matches(self, mg: float | None, frequency: Frequency | None) -> bool:
        """Whether a medication's dose and frequency are this step."""
        return mg is not None and abs(mg - self.mg) < 1e-9 and frequency is self.frequency

    def __str__(self) -> str:
        return f"{self.mg:g} mg {self.frequency.label}"


# -- midostaurin (2.2.1) ------------------------------------------------------------------

#: Start dose for ASM, SM-AHN and MCL: 100 mg twice daily with food [S1, S2, S3].
MIDOSTAURIN_FULL = DoseStep(mg=100, frequency=Frequency.BID)
#: Restart dose after an interruption, then back to 100 mg twice daily if tolerated [S1].
MIDOSTAURIN_REDUCED = DoseStep(mg=50, frequency=Frequency.BID)


class CountRow(NamedTuple):
    """A cytopenia row of the midostaurin label table, with its two populations.

    The label interrupts below ``interrupt_below`` in patients *without MCL*, or below
    ``baseline_interrupt_below`` in patients whose baseline (pre-treatment) count was in
    ``baseline_low``-``baseline_high``; other combinations are not covered by the label.
    Every row applies only to a cytopenia *attributed to midostaurin* (clinician confirms).

    >>> MIDOSTAURIN_ANC.baseline_in_range(1.5), MIDOSTAURIN_ANC.baseline_in_range(1.51)
    (True, False)
    """

    analyte: Analyte
    held_reason: HeldReason
    interrupt_below: float
    baseline_low: float
    baseline_high: float
    #: None when the label's criterion for the baseline population is clinical.
    baseline_interrupt_below: float | None
    baseline_criterion: str
    restart_at_or_above: float
    persistence_limit: timedelta
    unit: str
    sources: tuple[str, ...]

    def baseline_in_range(self, value: float) -> bool:
        """Whether a baseline count falls in the row's baseline range (inclusive)."""
        return self.baseline_low <= value <= self.baseline_high


#: ANC < 1.0 without MCL, or < 0.5 with baseline 0.5-1.5: interrupt; restart at >= 1.0;
#: stop if low > 21 days and drug-related [S1, S2].
MIDOSTAURIN_ANC = CountRow(
    analyte=Analyte.ANC,
    held_reason=HeldReason.NEUTROPENIA,
    interrupt_below=1.0,
    baseline_low=0.5,
    baseline_high=1.5,
    baseline_interrupt_below=0.5,
    baseline_criterion="ANC < 0.5 x10^9/L",
    restart_at_or_above=1.0,
    persistence_limit=timedelta(days=21),
    unit="10*9/L",
    sources=("S1", "S2"),
)

#: Platelets < 50 without MCL, or < 25 with baseline 25-75: interrupt; restart at >= 50
#: [S1, S2].
MIDOSTAURIN_PLATELETS = CountRow(
    analyte=Analyte.PLATELETS,
    held_reason=HeldReason.THROMBOCYTOPENIA,
    interrupt_below=50.0,
    baseline_low=25.0,
    baseline_high=75.0,
    baseline_interrupt_below=25.0,
    baseline_criterion="platelets < 25 x10^9/L",
    restart_at_or_above=50.0,
    persistence_limit=timedelta(days=21),
    unit="10*9/L",
    sources=("S1", "S2"),
)

#: Hb < 8 g/dL without MCL, or life-threatening anaemia with baseline 8-10 g/dL: interrupt;
#: restart at >= 8 g/dL [S1].
MIDOSTAURIN_HEMOGLOBIN = CountRow(
    analyte=Analyte.HEMOGLOBIN,
    held_reason=HeldReason.ANEMIA,
    interrupt_below=8.0,
    baseline_low=8.0,
    baseline_high=10.0,
    baseline_interrupt_below=None,
    baseline_criterion="life-threatening anemia",
    restart_at_or_above=8.0,
    persistence_limit=timedelta(days=21),
    unit="g/dL",
    sources=("S1",),
)

#: The three count rows, in table order.
MIDOSTAURIN_COUNT_ROWS = (MIDOSTAURIN_ANC, MIDOSTAURIN_PLATELETS, MIDOSTAURIN_HEMOGLOBIN)


class ToxicityRow(NamedTuple):
    """A non-haematological row of the midostaurin table (CTCAE grades 3-4).

    ``terms`` None means every other non-haematological adverse event.

    >>> MIDOSTAURIN_NAUSEA_VOMITING.covers("vomiting"), MIDOSTAURIN_OTHER_TOXICITY.covers("rash")
    (True, True)
    """

    name: str
    terms: frozenset[str] | None
    min_grade: int
    max_grade: int
    condition: str
    #: A fixed interruption (nausea/vomiting: 3 days = 6 doses), else None.
    interrupt_for: timedelta | None
    #: Interrupt until the event is at most this grade, else None.
    resume_at_grade: int | None
    #: Discontinue when not back to ``resume_at_grade`` within this time, else None.
    persistence_limit: timedelta | None
    sources: tuple[str, ...]

    def covers(self, term: str) -> bool:
        """Whether an adverse-event term belongs to this row (the other row takes the rest)."""
        if self.terms is None:
            return term not in MIDOSTAURIN_NAUSEA_VOMITING_TERMS
        return term in self.terms


MIDOSTAURIN_NAUSEA_VOMITING_TERMS = frozenset({"nausea", "vomiting", "nausea and vomiting"})

#: Grade 3/4 nausea and/or vomiting despite optimal antiemetics: interrupt 3 days (6 doses),
#: then 50 mg twice daily, increasing to 100 mg twice daily if tolerated [S1].
MIDOSTAURIN_NAUSEA_VOMITING = ToxicityRow(
    name="grade 3/4 nausea and/or vomiting",
    terms=MIDOSTAURIN_NAUSEA_VOMITING_TERMS,
    min_grade=3,
    max_grade=4,
    condition="despite optimal antiemetic therapy",
    interrupt_for=timedelta(days=3),
    resume_at_grade=None,
    persistence_limit=None,
    sources=("S1",),
)

#: Other grade 3/4 non-haematological toxicity: interrupt until <= grade 2, then 50 mg twice
#: daily; discontinue if not <= grade 2 within 21 days or it recurs at the reduced dose [S1].
MIDOSTAURIN_OTHER_TOXICITY = ToxicityRow(
    name="other grade 3/4 non-haematological toxicity",
    terms=None,
    min_grade=3,
    max_grade=4,
    condition="attributed to midostaurin",
    interrupt_for=None,
    resume_at_grade=2,
    persistence_limit=timedelta(days=21),
    sources=("S1",),
)

# -- avapritinib (2.2.2) ------------------------------------------------------------------


class PlateletRule(NamedTuple):
    """Avapritinib's platelet threshold: do not start, interrupt, and restart around it.

    >>> AVAPRITINIB_PLATELETS.threshold
    50.0
    """

    threshold: float
    unit: str
    sources: tuple[str, ...]


#: Do not start below 50 x10^9/L (AdvSM or ISM); on treatment interrupt below 50 until
#: >= 50, then resume one step down; consider platelet support if no recovery [S5, S6, S9].
AVAPRITINIB_PLATELETS = PlateletRule(threshold=50.0, unit="10*9/L", sources=("S5", "S6", "S9"))

#: AdvSM: 200 mg once daily (never more), reduced 200 -> 100 -> 50 -> 25 mg once daily;
#: stop permanently if 25 mg is not tolerated [S5, S6, S8].
AVAPRITINIB_ADVSM_LADDER = (
    DoseStep(mg=200, frequency=Frequency.DAILY),
    DoseStep(mg=100, frequency=Frequency.DAILY),
    DoseStep(mg=50, frequency=Frequency.DAILY),
    DoseStep(mg=25, frequency=Frequency.DAILY),
)

#: ISM: 25 mg once daily (never more); first reduction 25 mg every other day, second:
#: discontinue [S7 (EU), S9].
AVAPRITINIB_ISM_LADDER = (
    DoseStep(mg=25, frequency=Frequency.DAILY),
    DoseStep(mg=25, frequency=Frequency.QOD),
)


class MonitoringSchedule(NamedTuple):
    """Platelet monitoring after avapritinib start.

    >>> AVAPRITINIB_MONITORING.window.days, AVAPRITINIB_MONITORING.interval.days
    (56, 14)
    """

    interval: timedelta
    window: timedelta
    sources: tuple[str, ...]
    note: str


#: Platelets before start and every 2 weeks for the first 8 weeks regardless of baseline
#: [S5, S6]. The sources show the schedule up to week 8; after week 8 it is NOT VERIFIED and not encoded.
AVAPRITINIB_MONITORING = MonitoringSchedule(
    interval=timedelta(days=14),
    window=timedelta(weeks=8),
    sources=("S5", "S6"),
    note="after week 8 the labelled schedule could not be read (NOT VERIFIED): not encoded",
)

# -- the differential of a cytopenia without cytoreductive therapy (A21, section 3) --------


class CytopeniaSignal(NamedTuple):
    """A drug whose label lists a cytopenia, so it stays in the differential.

    >>> CYTOPENIA_SIGNALS["zileuton"].effect
    'leukopenia in 1-3% of patients'
    """

    drug: str
    effect: str
    sources: tuple[str, ...]


#: Anti-mediator drugs with a labelled cytopenia (A21: the seed's "antihistamines and
#: cromolyn do not cause cytopenias" is an oversimplification) [S15, S14].
CYTOPENIA_SIGNALS: Mapping[str, CytopeniaSignal] = {
    "famotidine": CytopeniaSignal(
        drug="famotidine",
        effect=(
            "very rare thrombocytopenia, leukopenia, neutropenia, agranulocytosis and "
            "pancytopenia (UK SmPC); rare in the US label"
        ),
        sources=("S15",),
    ),
    "zileuton": CytopeniaSignal(
        drug="zileuton",
        effect="leukopenia in 1-3% of patients",
        sources=("S14",),
    ),
}

#: Anti-mediator classes to continue during a cytopenia work-up: the anti-mediator classes of
#: A1 (``knowledge.antimediator``, S30, S29) less aspirin, an antiplatelet drug that is not
#: advised "continue" blindly when a count, platelets included, is low.
ANTIMEDIATOR_CLASSES = _ALL_ANTIMEDIATOR_CLASSES - {DrugClass.ASPIRIN}
