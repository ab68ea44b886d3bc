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
from collections.abc import Callable
from typing import TypeAlias

import attrs

from mastcell.decision import Decision
from mastcell.exceptions import RuleError
from mastcell.knowledge.sources import evidence
from mastcell.model import Recommendation

__all__ = ["AREAS", "Template", "Text", "register", "render", "template", "template_of"]

#: A template's result: the summary (a CDS Hooks card's line, at most 140 characters) and
#: the detail.
Text: TypeAlias = tuple[str, str]
#: A template: the decision's parameters, by keyword, in; its text out.
Template: TypeAlias = Callable[..., Text]

#: The modules holding the library's templates, imported on the first rendering.
AREAS = (
    "mastcell.text.cytopenia",
    "mastcell.text.midostaurin",
    "mastcell.text.referral",
    "mastcell.text.diagnosis",
    "mastcell.text.labs",
    "mastcell.text.tryptase",
    "mastcell.text.monitoring",
    "mastcell.text.pregnancy",
    "mastcell.text.adverse_events",
    "mastcell.text.avapritinib",
    "mastcell.text.cytoreduction",
    "mastcell.text.medication",
    "mastcell.text.records",
    "mastcell.text.reactions",
    "mastcell.text.interaction",
    "mastcell.text.special_populations",
    "mastcell.text.antiplatelet",
    "mastcell.text.perioperative_premedication",
    "mastcell.text.perioperative",
    "mastcell.text.emergency",
    "mastcell.text.analgesia",
    "mastcell.text.analgesia_opioids",
    "mastcell.text.analgesia_nsaids",
    "mastcell.text.antimediator_addons",
    "mastcell.text.antimediator_aspirin",
    "mastcell.text.antimediator",
    "mastcell.text.antimediator_h1",
)

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


def _load() -> None:
    if not _loaded:
        for module in AREAS:
            importlib.import_module(module)
        _loaded.append(True)


def template_of(code: str, variant: str = "") -> Template:
    """The template of ``code`` (and variant).

    Raises:
        RuleError: no template is registered for it.

    >>> template_of("cytopenia.bone_marrow_biopsy.consider", "c_finding").__name__
    'marrow_c_finding'
    """
    _load()
    found = _TEMPLATES.get((code, variant))
    if found is None:
        raise RuleError(f"no template for {code!r} variant {variant!r}")
    return found


def render(decision: Decision) -> Recommendation:
    """The recommendation a decision reads as: its template's text around its structure.

    A decision of an unconverted rule carries its own text; a guarded one has the guard's
    notes put before its detail (:func:`mastcell.guard.guard_text`).

    >>> from mastcell.decision import Action
    >>> from mastcell.model import Indicator
    >>> d = Decision(code="cytopenia.midostaurin.label_unspecified", indicator=Indicator.WARNING,
    ...              action=Action.INFORM, variant="uncoded", params={"reason": "travel"},
    ...              sources=("S1",))
    >>> rec = render(d)
    >>> rec.summary, rec.sources
    ('Midostaurin held for an uncoded reason: mastcell cannot apply the restart rules', ('S1',))
    """
    legacy = decision.text
    guarded = decision.guard
    if legacy is not None:
        from mastcell.guard import guard_text

        if guarded is None:
            return legacy
        have = {e.source for e in legacy.evidence}
        extra = tuple(s for s in decision.sources if s not in have)
        summary, detail = guard_text(guarded, legacy.summary, legacy.detail)
        return attrs.evolve(
            legacy,
            summary=summary,
            detail=detail,
            medication=decision.medication,
            schedule=tuple(item.advice for item in decision.schedule),
            findings=decision.findings,
            evidence=(*legacy.evidence, *evidence(*extra)) if extra else legacy.evidence,
        )
    if not _loaded:
        _load()
    write = _TEMPLATES.get((decision.code, decision.variant))
    if write is None:
        write = template_of(decision.code, decision.variant)  # raises, naming the code
    summary, detail = write(**decision.params)
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
