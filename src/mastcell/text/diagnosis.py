"""The words of the diagnosis decisions (:mod:`mastcell.rules.diagnosis`).

The prose itself is :mod:`mastcell.diagnosis.text`'s (shared with ``mastcell classify``);
these templates fit it to a card.

>>> from mastcell.text import template_of
>>> template_of("diagnosis.kit.sensitive_assay")(
...     insensitive=(("kit_tests[0]", "NGS"),))[0].startswith("A negative KIT result")
True
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.diagnosis.advice import MarrowReason, RecordedConflict
from mastcell.diagnosis.result import Classification
from mastcell.diagnosis.text import (
    classification_detail,
    classification_summary,
    conflict_detail,
    conflict_summary,
    kit_detail,
    kit_summary,
    marrow_detail,
    marrow_summary,
)
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__: list[str] = []


@template("diagnosis.classification")
def classification(*, result: Classification) -> Text:
    """Both schemes' criteria side by side, MCAS and NICAS."""
    return fit_summary(classification_summary(result)), classification_detail(result)


@template("diagnosis.recorded_differs")
def recorded_differs(*, conflict: RecordedConflict, result: Classification) -> Text:
    """A recorded diagnosis that neither scheme's result matches."""
    return fit_summary(conflict_summary(conflict)), conflict_detail(conflict, result)


@template("diagnosis.bone_marrow.consider")
def bone_marrow_consider(*, reasons: tuple[MarrowReason, ...]) -> Text:
    """The reasons a marrow study is worth considering."""
    return fit_summary(marrow_summary(reasons)), marrow_detail(reasons)


@template("diagnosis.kit.sensitive_assay")
def kit_sensitive_assay(*, insensitive: Sequence[tuple[str, str]]) -> Text:
    """The negative KIT results that cannot be assessed."""
    problems = tuple(insensitive)
    return fit_summary(kit_summary(len(problems))), kit_detail(problems)
