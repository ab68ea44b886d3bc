"""Embryo-fetal toxicity of midostaurin, avapritinib and hydroxyurea: pregnancy, breastfeeding.

For a midostaurin, avapritinib or hydroxyurea that is active, held or planned: ``pregnant`` true is
critical (clinician decision), ``lactating`` true a warning, and an unknown pregnancy status
in a patient who could be of reproductive potential (sex recorded female or other; aged 12-55
or of unknown age: a library convention) an information reminder to check pregnancy status and
contraception (LW11, LW12, LW17; hydroxyurea SR12). Converted (issue 20): decisions from the
facts view, text in :mod:`mastcell.text.pregnancy`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts, Recorded, drug_triggers
from mastcell.knowledge.pregnancy import EMBRYO_FETAL, REPRODUCTIVE_AGE
from mastcell.model import Finding, Indicator, MedicationStatus
from mastcell.reads import AGE, LACTATING, PREGNANT, SEX, NamedRead
from mastcell.rules.declare import decides
from mastcell.rules.registry import Context

__all__ = ["EMBRYO_FETAL_ON"]

#: Midostaurin, avapritinib or hydroxyurea active, held or planned (a product containing one).
EMBRYO_FETAL_ON = NamedRead(
    "embryo-fetal toxic drugs active, held or planned",
    drugs=tuple(EMBRYO_FETAL),
    statuses=(MedicationStatus.ACTIVE, MedicationStatus.HELD, MedicationStatus.PLANNED),
)


@decides(
    "cytopenia.embryo_fetal.pregnant",
    "cytopenia.embryo_fetal.lactating",
    "cytopenia.embryo_fetal.check",
    sources=("S101", "S102", "S105", "S108", "S107", "S10", "S249"),
    reads=((AGE, EMBRYO_FETAL_ON), (PREGNANT, LACTATING, SEX)),
    indicators=(Indicator.INFO, Indicator.WARNING, Indicator.CRITICAL),
    triggers=(Recorded.AGE, *drug_triggers(*EMBRYO_FETAL)),
)
def embryo_fetal(f: Facts, context: Context) -> Sequence[Decision]:
    """Embryo-fetal toxicity of midostaurin, avapritinib, hydroxyurea: pregnancy, breastfeeding.

    Fires for an active, held or planned midostaurin, avapritinib or hydroxyurea: pregnant
    (critical, clinician decision); lactating (warning: midostaurin no breastfeeding during
    and 4 months after, LW17; avapritinib as the sources say, LW12; hydroxyurea's lactation
    text not read, SR12); pregnancy status unknown in a patient
    recorded female or other, aged 12-55 or of unknown age (a library convention): a reminder
    to check pregnancy status and contraception (info).
    """
    age = AGE.of(f)
    medications = EMBRYO_FETAL_ON.of(f)
    if not medications:
        return upto(0)
    pregnant, lactating = PREGNANT.of(f), LACTATING.of(f)
    check = pregnant is None and REPRODUCTIVE_AGE.includes(SEX.of(f), age)
    out: list[Decision] = []
    for medication in medications:
        med_finding = Finding(
            input=f.path_of(medication), text=f"{medication.drug} {medication.status.value}"
        )
        for generic in f.ingredients_of(medication):
            facts = EMBRYO_FETAL.get(generic)
            if facts is None:
                continue
            params = {"drug": medication.drug, "status": medication.status.value, "facts": facts}
            if pregnant is True:
                out.append(
                    Decision(
                        code="cytopenia.embryo_fetal.pregnant",
                        indicator=Indicator.CRITICAL,
                        action=Action.INFORM,
                        findings=(med_finding, Finding(input="pregnant", text="pregnant: true")),
                        sources=facts.sources,
                        params=params,
                    )
                )
            if lactating is True:
                out.append(
                    Decision(
                        code="cytopenia.embryo_fetal.lactating",
                        indicator=Indicator.WARNING,
                        action=Action.INFORM,
                        findings=(
                            med_finding,
                            Finding(input="lactating", text="lactating: true"),
                        ),
                        sources=facts.sources,
                        params=params,
                    )
                )
            if check:
                out.append(
                    Decision(
                        code="cytopenia.embryo_fetal.check",
                        indicator=Indicator.INFO,
                        action=Action.OBTAIN,
                        findings=(
                            med_finding,
                            Finding(input="pregnant", text="pregnancy status unknown"),
                        ),
                        sources=facts.sources,
                        params=params,
                    )
                )
    return out
