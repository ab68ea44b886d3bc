"""The words of the record decisions (:mod:`mastcell.rules.records`).

>>> from mastcell.text import template_of
>>> template_of("monitoring.record.pregnant_male")()[0]
'Recorded as pregnant with sex male: correct the record'
"""

from __future__ import annotations

from datetime import datetime

from mastcell.knowledge.tryptase import ACUTE_RULE, BASELINE_AFTER_RESOLUTION
from mastcell.model.recommendation import fit_words
from mastcell.text import Text, template

__all__: list[str] = []

#: The wait for a baseline after a flare resolves, in whole hours ("24 h").
_BASELINE_WAIT = f"{BASELINE_AFTER_RESOLUTION.total_seconds() / 3600:g} h"


@template("monitoring.record.pregnant_male")
def pregnant_male() -> Text:
    """Pregnant and male: the record contradicts itself; the pregnancy is read as given."""
    return (
        "Recorded as pregnant with sex male: correct the record",
        "The record says pregnant: true and sex: male, which cannot both be right. mastcell "
        "reads the pregnancy as given, so its pregnancy checks still apply; correct "
        "whichever field is wrong (sex is administrative sex as sent by the caller).",
    )


@template("monitoring.record.midostaurin_without_sm")
def midostaurin_without_sm(*, diagnoses: str, on: tuple[tuple[str, str], ...]) -> Text:
    """Midostaurin without an SM diagnosis: ``on`` is each medication's status and path.

    >>> midostaurin_without_sm(diagnoses="mcas", on=(("active", "medications[0]"),))[1][:48]
    'Midostaurin is active (medications[0]); diagnose'
    """
    return (
        fit_words(
            f"Midostaurin on the list but no systemic mastocytosis diagnosis ({diagnoses}): "
            "record the indication"
        ),
        f"Midostaurin is {', '.join(f'{status} ({path})' for status, path in on)}"
        f"; diagnoses: {diagnoses}. mastcell's midostaurin rules follow the label for "
        "advanced SM (ASM, SM-AHN, MCL; S1, S2), including rows that differ with MCL, so "
        "without an SM diagnosis their thresholds may not be the ones that apply. Record the "
        "SM diagnosis, or the indication it is given for: clinician decision.",
    )


@template("monitoring.tryptase.baseline_in_flare")
def baseline_in_flare(
    *,
    path: str,
    when: str,
    drawn: datetime,
    value: float,
    onset: datetime,
    resolved: datetime | None,
) -> Text:
    """A baseline tryptase drawn in a flare: when, and what a wrong role does."""
    state = (
        f"resolved {resolved.isoformat()}" if resolved is not None else "resolution not recorded"
    )
    return (
        fit_words(
            f"Tryptase sent as baseline ({path}) was drawn during a flare ({when}): check its role"
        ),
        f"The tryptase of {drawn.isoformat()} ({value:g} ng/mL) is sent as a "
        f"baseline but was drawn {when} of the flare of {onset.isoformat()} "
        f"({state}). A baseline is drawn before an event or more than {_BASELINE_WAIT} after "
        "all symptoms resolve (S24; USZ 24-48 h, S25). mastcell reads the role as given: a "
        "baseline drawn in a flare raises the acute threshold "
        f"({ACUTE_RULE.factor:g} x baseline + {ACUTE_RULE.addend_ng_ml:g} ng/mL) "
        "and can hide an activation. Correct the role, or confirm it.",
    )
