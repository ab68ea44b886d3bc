"""What mastcell says: recommendations with their dose, findings and evidence."""

from __future__ import annotations

import re
from datetime import datetime

import attrs

from mastcell.exceptions import InputError
from mastcell.model._checks import (
    as_tuple,
    aware,
    finite_non_negative,
    non_empty,
)
from mastcell.model._convert import (
    to_category,
    to_comparison,
    to_finding_analyte,
    to_frequency,
    to_indicator,
    to_route,
)
from mastcell.model.vocabulary import Analyte, Category, Comparison, Frequency, Indicator, Route

__all__ = [
    "DoseAdvice",
    "DoseAmount",
    "DoseRange",
    "Evidence",
    "Finding",
    "Recommendation",
    "ReviewedInput",
    "UnusedInput",
    "fit_summary",
    "fit_words",
]

#: Summaries must fit a CDS Hooks card's summary line.
SUMMARY_LIMIT = 140


def fit_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """A summary cut at a word boundary to fit a CDS Hooks card (140 characters), with "…".

    The one cut of every summary: a cut mid-word ("... every 2 wee…", "...: cetirizine or"
    from "cetirizine oral") reads as if it said something else; a summary that fits is
    returned as it is, and a single word longer than the limit is cut where it must be.

    >>> fit_summary("short")
    'short'
    >>> fit_summary("Add an H2 antihistamine: famotidine oral", 30)
    'Add an H2 antihistamine…'
    >>> len(fit_summary("x" * 200)), fit_summary("x" * 200)[-1]
    (140, '…')
    >>> fit_summary("Check platelets: none in the last 2 weeks", 36)
    'Check platelets: none in the last…'

    """
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    # A number whose unit the cut dropped ("in the last 2…" of "2 weeks") goes with it, as
    # does a comparison sign whose value was ("platelets <…"), until a word ends it.
    while True:
        shorter = _BARE_NUMBER.sub("", head.rstrip(" ,;:("))
        if shorter == head:
            return head + "…"
        head = shorter


#: A number or a comparison sign ending a cut summary (its unit or value was cut).
_BARE_NUMBER = re.compile(r"(?<=\S) (?:[<>≤≥=~]|[<>≤≥=~]?[0-9][0-9.,]*)$")


def fit_words(summary: str, limit: int = SUMMARY_LIMIT) -> str:
    """:func:`fit_summary` (its earlier name, kept for callers).

    >>> fit_words("Avoid atracurium for the surgery", 20)
    'Avoid atracurium…'
    """
    return fit_summary(summary, limit)


@attrs.frozen(kw_only=True)
class DoseAmount:
    """A single proposed dose.

    >>> str(DoseAmount(value=50, unit="mg"))
    '50 mg'
    """

    value: float = attrs.field(validator=finite_non_negative)
    unit: str

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


@attrs.frozen(kw_only=True)
class DoseRange:
    """A proposed dose range, ``low`` to ``high`` (inclusive).

    >>> str(DoseRange(low=150, high=300, unit="mg"))
    '150-300 mg'
    """

    low: float = attrs.field(validator=finite_non_negative)
    high: float = attrs.field(validator=finite_non_negative)
    unit: str

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise InputError.for_field("low", f"expected <= high ({self.high}), got {self.low}")

    def __str__(self) -> str:
        return f"{self.low:g}-{self.high:g} {self.unit}"


@attrs.frozen(kw_only=True)
class DoseAdvice:
    """A drug a recommendation proposes, with a structured dose.

    ``at`` and ``timing`` place a dose in a schedule (premedication before a procedure).

    >>> d = DoseAdvice(drug="midostaurin", dose=DoseAmount(value=50, unit="mg"),
    ...                frequency="bid", route="oral")
    >>> str(d)
    'midostaurin 50 mg oral twice daily'
    """

    drug: str = attrs.field(validator=non_empty)
    dose: DoseAmount | DoseRange | None = None
    frequency: Frequency | None = attrs.field(default=None, converter=to_frequency)
    route: Route | None = attrs.field(default=None, converter=to_route)
    at: datetime | None = attrs.field(default=None, validator=aware)
    timing: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        parts = [self.drug]
        if self.dose is not None:
            parts.append(str(self.dose))
        if self.route is not None:
            parts.append(self.route.value)
        if self.frequency is not None:
            parts.append(self.frequency.label)
        if self.timing:
            parts.append(self.timing)
        return " ".join(parts)


@attrs.frozen(kw_only=True)
class Evidence:
    """A source behind a recommendation: its id in the source registry, citation, URL and kind.

    ``url`` is where a reader finds it (None when the registry has none); ``kind`` what sort
    of document it is (``label``, ``guideline``, ``review``, ``study``, ``laboratory``,
    ``reference``, ``seed``).

    >>> Evidence(source="S1", citation="...").source
    'S1'
    """

    source: str = attrs.field(validator=non_empty)
    citation: str
    url: str | None = None
    kind: str | None = None


@attrs.frozen(kw_only=True)
class Finding:
    """An input that triggered a recommendation, and the threshold it crossed.

    ``input`` is the path of the input in the patient (``labs[0]``, ``medications[2]``,
    ``symptom_control``); ``derived`` marks a value mastcell computed (ANC from WBC x %).

    >>> f = Finding(input="labs[0]", analyte="anc", value=0.8, unit="10*9/L",
    ...             threshold=1.0, comparison="<")
    >>> str(f)
    'labs[0]: anc 0.8 10*9/L < 1.0'
    """

    input: str
    analyte: Analyte | None = attrs.field(default=None, converter=to_finding_analyte)
    value: float | None = None
    unit: str | None = None
    threshold: float | None = None
    comparison: Comparison | None = attrs.field(default=None, converter=to_comparison)
    text: str | None = None
    time: datetime | None = attrs.field(default=None, validator=aware)
    derived: bool = False
    note: str | None = None

    def __str__(self) -> str:
        parts = [f"{self.input}:"]
        if self.analyte is not None:
            parts.append(self.analyte.value)
        if self.text is not None:
            parts.append(self.text)
        if self.value is not None:
            parts.append(f"{self.value:g}" + (f" {self.unit}" if self.unit else ""))
        if self.comparison is not None and self.threshold is not None:
            parts.append(f"{self.comparison.value} {self.threshold}")
        if self.derived:
            parts.append("(derived)")
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(parts)


def _category_of(rec: Recommendation) -> Category:
    try:
        return Category.of(rec.code)
    except ValueError:
        raise InputError.for_field(
            "code", f"expected a code starting with a category, got {rec.code!r}"
        ) from None


@attrs.frozen(kw_only=True)
class Recommendation:
    """One piece of advice: a stable code, urgency, text, dose, findings and sources.

    The category is the first segment of the code. ``summary`` fits a CDS Hooks card
    (at most 140 characters).

    >>> r = Recommendation(code="emergency.epinephrine.prescribe", indicator="warning",
    ...                    summary="Prescribe two epinephrine auto-injectors", detail="...")
    >>> r.category
    <Category.EMERGENCY: 'emergency'>
    """

    code: str = attrs.field(validator=non_empty)
    category: Category = attrs.field(
        default=attrs.Factory(_category_of, takes_self=True),
        converter=to_category,
    )
    indicator: Indicator = attrs.field(converter=to_indicator)
    summary: str = attrs.field(validator=non_empty)
    detail: str
    medication: DoseAdvice | None = None
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=as_tuple)
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=as_tuple)
    schedule: tuple[DoseAdvice, ...] = attrs.field(default=(), converter=as_tuple)

    def __attrs_post_init__(self) -> None:
        if len(self.summary) > SUMMARY_LIMIT:
            raise InputError.for_field(
                "summary", f"expected at most {SUMMARY_LIMIT} characters, got {len(self.summary)}"
            )
        try:
            expected = Category.of(self.code)
        except ValueError:
            raise InputError.for_field(
                "code", f"expected a code starting with a category, got {self.code!r}"
            ) from None
        if self.category is not expected:
            raise InputError.for_field(
                "category", f"expected {expected.value!r} for code {self.code!r}"
            )

    @property
    def sources(self) -> tuple[str, ...]:
        """The source ids of the evidence."""
        return tuple(e.source for e in self.evidence)

    def __str__(self) -> str:
        return f"[{self.indicator.value.upper()}] {self.code}: {self.summary}"


@attrs.frozen(kw_only=True)
class UnusedInput:
    """An input the evaluation could not use, reported so nothing is lost silently.

    >>> str(UnusedInput(input="medications[3]", reason="unclassified drug 'foo'"))
    "medications[3]: unclassified drug 'foo'"
    """

    input: str
    reason: str

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@attrs.frozen(kw_only=True)
class ReviewedInput:
    """An input rules read and found no reason to act on, with the codes of those rules.

    ``rules`` holds the codes the reading rules can emit (sorted), so a reader can look each
    one up in the rule catalogue.

    >>> str(ReviewedInput(input="medications[0]", rules=("medication.maximum.exceeded",)))
    'medications[0]: read by medication.maximum.exceeded'
    """

    input: str
    rules: tuple[str, ...] = attrs.field(converter=as_tuple)

    def __str__(self) -> str:
        return f"{self.input}: read by {', '.join(self.rules)}"
