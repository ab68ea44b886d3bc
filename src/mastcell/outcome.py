"""What an evaluation decided, before any text: the decisions and the accounting of inputs.

:func:`mastcell.engine.decide` returns an :class:`Outcome`; :meth:`Outcome.report` writes the
text (:mod:`mastcell.text`) into the :class:`~mastcell.report.Report` that
:func:`mastcell.evaluate` returns. The compact report and the cohort paths read the outcome
itself: they need codes, indicators, doses, finding paths and source ids, no prose.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from mastcell.decision import Decision
from mastcell.knowledge.options import Options
from mastcell.model import ReviewedInput, UnusedInput
from mastcell.report import Report

__all__ = ["Outcome"]


@attrs.frozen(kw_only=True, slots=True)
class Outcome:
    """The decisions of one evaluation, in report order, with the inputs accounted for.

    >>> from mastcell.engine import decide
    >>> from mastcell.testing import AT, patient
    >>> outcome = decide(patient(diagnoses=["mcas"]), at=AT, categories=["emergency"])
    >>> [d.code for d in outcome.decisions] == list(outcome.report().codes)
    True
    """

    patient_id: str | None
    evaluated_at: datetime
    mastcell_version: str
    decisions: tuple[Decision, ...]
    unused_inputs: tuple[UnusedInput, ...] = ()
    reviewed_inputs: tuple[ReviewedInput, ...] = ()
    options: Options = attrs.field(factory=Options)

    def report(self) -> Report:
        """The report: every decision written out as a recommendation."""
        from mastcell.text import render

        return Report(
            patient_id=self.patient_id,
            evaluated_at=self.evaluated_at,
            mastcell_version=self.mastcell_version,
            recommendations=tuple(render(d) for d in self.decisions),
            unused_inputs=self.unused_inputs,
            reviewed_inputs=self.reviewed_inputs,
            options=self.options,
        )
