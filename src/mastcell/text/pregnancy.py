"""The words of the embryo-fetal decisions (:mod:`mastcell.rules.pregnancy`).

>>> from mastcell.knowledge.pregnancy import EMBRYO_FETAL
>>> from mastcell.text import template_of
>>> summary, _ = template_of("cytopenia.embryo_fetal.check")(
...     drug="avapritinib", status="planned", facts=EMBRYO_FETAL["avapritinib"])
>>> summary
'Avapritinib: check pregnancy status and contraception (during treatment and 6 weeks after the last dose)'
"""

from __future__ import annotations

from mastcell.knowledge.pregnancy import REPRODUCTIVE_AGE, EmbryoFetal
from mastcell.model.recommendation import fit_summary
from mastcell.text import Text, template

__all__: list[str] = []


@template("cytopenia.embryo_fetal.pregnant")
def pregnant(*, drug: str, status: str, facts: EmbryoFetal) -> Text:
    """Recorded pregnant on a drug with embryo-fetal toxicity: clinician decision."""
    return (
        fit_summary(f"Pregnant on {drug} ({status}): {facts.harm}; clinician decision"),
        f"{facts.drug.capitalize()} ({facts.facts}): {facts.harm}; "
        f"{facts.before_start}; {facts.contraception}. The patient is recorded as "
        "pregnant: whether to start, continue or stop is a clinician decision "
        "(with obstetric and haematology input).",
    )


@template("cytopenia.embryo_fetal.lactating")
def lactating(*, drug: str, status: str, facts: EmbryoFetal) -> Text:
    """Recorded breastfeeding: the period without breastfeeding, when a source states one."""
    period = (
        f"no breastfeeding during treatment and for {facts.breastfeeding_after} after"
        if facts.breastfeeding_after is not None
        else f"breastfeeding: see the detail ({facts.breastfeeding_gap})"
    )
    return (
        fit_summary(f"Breastfeeding on {drug}: {period} ({facts.facts})"),
        f"{facts.drug.capitalize()} ({facts.facts}): {facts.breastfeeding}. The "
        "patient is recorded as breastfeeding: clinician decision.",
    )


@template("cytopenia.embryo_fetal.check")
def check(*, drug: str, status: str, facts: EmbryoFetal) -> Text:
    """Pregnancy status unknown in a patient who could be of reproductive potential."""
    return (
        fit_summary(
            f"{drug.capitalize()}: check pregnancy status and contraception (during "
            f"treatment and {facts.contraception_after} after the last dose)"
        ),
        f"{facts.drug.capitalize()} ({facts.facts}): {facts.harm}; "
        f"{facts.before_start}; {facts.contraception}; {facts.men}. Breastfeeding: "
        f"{facts.breastfeeding}. Pregnancy status is not recorded (``pregnant`` "
        f"unknown); reminded because the patient could be of reproductive "
        f"potential: {REPRODUCTIVE_AGE.note}.",
    )
