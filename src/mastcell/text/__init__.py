"""Text from templates: one template per code (and variant), written when text is asked for.

A converted rule returns decisions without prose; the report's text, JSON, cards and
DataFrame ask :func:`render` for the recommendation, which looks up the template of the
decision's code and variant and calls it with the decision's parameters. A template returns
the summary and the detail; it may branch on its parameters to write them, but decides
nothing (what to do, which dose, which findings and sources are the decision's).

The library's templates live here, one module per area (:mod:`mastcell.text.cytopenia`,
:mod:`mastcell.text.midostaurin`), registered with :func:`template`. A site or a translator
replaces one by registering another for the same code and variant (:func:`register`).

>>> from mastcell.decision import Action, Decision
>>> from mastcell.model import Indicator
>>> d = Decision(code="cytopenia.midostaurin.increase", indicator=Indicator.WARNING,
...              action=Action.INCREASE, params={"counts": ()})
>>> render(d).summary
"Increase midostaurin to 100 mg twice daily if 50 mg twice daily is tolerated: counts are above the label's thresholds"
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from mastcell.decision import Decision
from mastcell.exceptions import RuleError
from mastcell.knowledge.sources import evidence
from mastcell.model import Recommendation
from mastcell.model.recommendation import SUMMARY_LIMIT, fit_summary

__all__ = [
    "AREAS",
    "Template",
    "Text",
    "listed_within",
    "register",
    "render",
    "shorten",
    "template",
    "template_of",
]

#: A template's result: the summary (a CDS Hooks card's line, at most 140 characters) and
#: the detail.
Text: TypeAlias = tuple[str, str]
#: A template: the decision's parameters, by keyword, in; its text out.
Template: TypeAlias = Callable[..., Text]

#: The modules holding the library's templates, each with the codes it holds templates for
#: (a code, or the first segments of the codes it begins: ``cytopenia.midostaurin`` holds
#: ``cytopenia.midostaurin.increase``). The first rendering of a code imports only the
#: modules holding it (the other modules cost a first evaluation about 4 ms); a test checks
#: the table against what the modules register.
_HOLDS: Mapping[str, tuple[str, ...]] = {
    "mastcell.text.cytopenia": (
        "cytopenia.antimediator",
        "cytopenia.bone_marrow_biopsy",
        "cytopenia.cbc.obtain",
        "cytopenia.investigate",
    ),
    "mastcell.text.midostaurin": (
        "cytopenia.cbc.obtain",
        "cytopenia.midostaurin",
    ),
    "mastcell.text.referral": ("referral.specialist_center",),
    "mastcell.text.diagnosis": (
        "diagnosis.bone_marrow",
        "diagnosis.classification",
        "diagnosis.kit",
        "diagnosis.recorded_differs",
    ),
    "mastcell.text.labs": ("monitoring.lab",),
    "mastcell.text.tryptase": (
        "monitoring.tryptase.acute_sample",
        "monitoring.tryptase.baseline",
        "monitoring.tryptase.criterion_met",
        "monitoring.tryptase.criterion_not_met",
        "monitoring.tryptase.sample_timing",
    ),
    "mastcell.text.monitoring": (
        "monitoring.labs",
        "monitoring.reassess",
        "monitoring.tryptase.baseline_elevated",
        "monitoring.tryptase.hat_consider",
    ),
    "mastcell.text.pregnancy": ("cytopenia.embryo_fetal",),
    "mastcell.text.adverse_events": (
        "cytopenia.avapritinib.adverse_event",
        "cytopenia.cytoreductive.adverse_event",
    ),
    "mastcell.text.avapritinib": (
        "cytopenia.avapritinib.discontinue",
        "cytopenia.avapritinib.do_not_start",
        "cytopenia.avapritinib.interrupt",
        "cytopenia.avapritinib.platelets.monitor",
        "cytopenia.avapritinib.resume_reduced",
    ),
    "mastcell.text.cytoreduction": (
        "cytopenia.cladribine",
        "cytopenia.cytoreductive.hold_review",
        "cytopenia.cytoreductive.planned_low_count",
        "cytopenia.imatinib",
    ),
    "mastcell.text.medication": (
        "emergency.epinephrine.strength",
        "medication.avapritinib",
        "medication.dose",
        "medication.duplicate",
        "medication.h1",
        "medication.name",
        "medication.withdrawn",
    ),
    "mastcell.text.records": (
        "monitoring.record",
        "monitoring.tryptase.baseline_in_flare",
    ),
    "mastcell.text.reactions": ("medication.reaction",),
    "mastcell.text.interaction": (
        "interaction.anaphylaxis",
        "interaction.avapritinib",
        "interaction.midostaurin",
        "interaction.zafirlukast",
    ),
    "mastcell.text.special_populations": (
        "medication.age",
        "medication.lactation",
        "medication.metamizole",
        "medication.pregnancy",
    ),
    "mastcell.text.antiplatelet": ("medication.nsaid",),
    "mastcell.text.perioperative_premedication": ("perioperative.premedication",),
    "mastcell.text.perioperative": (
        "perioperative.agent",
        "perioperative.emergency_readiness",
        "perioperative.nmba",
        "perioperative.theatre_triggers",
    ),
    "mastcell.text.emergency": (
        "emergency.epinephrine.prescribe",
        "emergency.triggers",
    ),
    "mastcell.text.analgesia": (
        "analgesia.cyproheptadine",
        "analgesia.do_not_withhold",
        "analgesia.specialist",
        "monitoring.mood",
    ),
    "mastcell.text.analgesia_opioids": (
        "analgesia.opioid",
        "analgesia.premedicate",
    ),
    "mastcell.text.analgesia_nsaids": ("analgesia.nsaid",),
    "mastcell.text.antimediator_addons": (
        "antimediator.corticosteroid",
        "antimediator.cromolyn",
        "antimediator.leukotriene",
        "antimediator.omalizumab",
    ),
    "mastcell.text.antimediator_aspirin": ("antimediator.aspirin",),
    "mastcell.text.antimediator": (
        "antimediator.h1.start",
        "antimediator.h2",
        "antimediator.symptom_control",
    ),
    "mastcell.text.antimediator_h1": (
        "antimediator.h1.above_max",
        "antimediator.h1.increase",
    ),
}
#: The modules holding the library's templates.
AREAS = tuple(_HOLDS)


def shorten(summary: str, limit: int = SUMMARY_LIMIT) -> str:
    """A summary cut at a word boundary to fit a CDS Hooks card (:func:`~mastcell.model.recommendation.fit_summary`).

    >>> shorten("Add an H2 antihistamine: famotidine oral", 30)
    'Add an H2 antihistamine…'
    """
    return fit_summary(summary, limit)


def listed_within(names: Sequence[str], room: int, joiner: str = ", ") -> str:
    """``names`` joined, or as many as fit in ``room`` characters and how many more.

    For a summary that lists drugs: a list cut at the card's limit hides the names after the
    cut ("avoid atracurium, mivacurium…" of four), where "and 2 more" says that there are
    more and how many (the detail names them all).

    >>> listed_within(["atracurium", "mivacurium", "rocuronium", "succinylcholine"], 40)
    'atracurium, mivacurium and 2 more'
    >>> listed_within(["atracurium"], 5)
    'atracurium'
    """
    full = joiner.join(names)
    if len(full) <= room or len(names) < 2:
        return full
    for kept in range(len(names) - 1, 0, -1):
        text = f"{joiner.join(names[:kept])} and {len(names) - kept} more"
        if len(text) <= room:
            return text
    return f"{names[0]} and {len(names) - 1} more"


_TEMPLATES: dict[tuple[str, str], Template] = {}
_loaded: list[bool] = []


def template(code: str, variant: str = "") -> Callable[[Template], Template]:
    """Register the decorated function as the library's template of ``code`` (and variant).

    >>> @template("monitoring.example.text")
    ... def example(*, name: str) -> Text:
    ...     return f"Hello {name}", ""
    >>> template_of("monitoring.example.text")(name="you")
    ('Hello you', '')
    >>> del _TEMPLATES[("monitoring.example.text", "")]
    """

    def add(function: Template) -> Template:
        key = (code, variant)
        if key in _TEMPLATES:
            raise RuleError(f"two templates for {code!r} variant {variant!r}")
        _TEMPLATES[key] = function
        return function

    return add


def register(code: str, function: Template, *, variant: str = "") -> Template | None:
    """Replace the template of ``code`` (and variant); give back the one it replaces.

    For sites and translators: the decisions stay the same, only the words change.

    >>> def terse(**params):
    ...     return "Increase midostaurin", ""
    >>> old = register("cytopenia.midostaurin.increase", terse)
    >>> template_of("cytopenia.midostaurin.increase") is terse
    True
    >>> register("cytopenia.midostaurin.increase", old) is terse
    True
    """
    _load()
    key = (code, variant)
    before = _TEMPLATES.get(key)
    _TEMPLATES[key] = function
    return before


def _load(code: str | None = None) -> None:
    """Import the template modules holding ``code`` (None: every template module)."""
    if _loaded:
        return
    if code is None:
        for module in AREAS:
            importlib.import_module(module)
        _loaded.append(True)
        return
    for module, held in _HOLDS.items():
        if any(code == c or code.startswith(f"{c}.") for c in held):
            importlib.import_module(module)


def template_of(code: str, variant: str = "") -> Template:
    """The template of ``code`` (and variant).

    Raises:
        RuleError: no template is registered for it.

    >>> template_of("cytopenia.bone_marrow_biopsy.consider", "c_finding").__name__
    'marrow_c_finding'
    """
    found = _TEMPLATES.get((code, variant))
    if found is None:
        _load(code)  # its modules, then (should the table miss one) every module
        found = _TEMPLATES.get((code, variant))
        if found is None:
            _load()
            found = _TEMPLATES.get((code, variant))
    if found is None:
        raise RuleError(f"no template for {code!r} variant {variant!r}")
    return found


def render(decision: Decision) -> Recommendation:
    """The recommendation a decision reads as: its template's text around its structure.

    A guarded decision has the guard's notes put before its detail
    (:func:`mastcell.guard.guard_text`).

    >>> from mastcell.decision import Action
    >>> from mastcell.model import Indicator
    >>> d = Decision(code="cytopenia.midostaurin.label_unspecified", indicator=Indicator.WARNING,
    ...              action=Action.INFORM, variant="uncoded", params={"reason": "travel"},
    ...              sources=("S1",))
    >>> rec = render(d)
    >>> rec.summary, rec.sources
    ('Midostaurin held for an uncoded reason: mastcell cannot apply the restart rules', ('S1',))
    """
    guarded = decision.guard
    summary, detail = template_of(decision.code, decision.variant)(**decision.params)
    if guarded is not None:
        from mastcell.guard import guard_text

        summary, detail = guard_text(guarded, summary, detail)
    schedule = decision.schedule
    return Recommendation(
        code=decision.code,
        indicator=decision.indicator,
        summary=summary,
        detail=detail,
        medication=decision.medication,
        evidence=evidence(*decision.sources),
        findings=decision.findings,
        schedule=tuple([item.advice for item in schedule]) if schedule else (),
    )
