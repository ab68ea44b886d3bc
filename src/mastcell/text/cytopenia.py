"""The words of the cytopenia decisions (:mod:`mastcell.rules.cytopenia`).

>>> from mastcell.text import template_of
>>> summary, _ = template_of("cytopenia.cbc.obtain")(
...     drugs=("hydroxyurea",), missing=((Analyte.ANC, None),), planned_only=False,
...     max_age_days=14)
>>> summary
'Obtain a blood count before any dose decision on hydroxyurea: ANC (none on record)'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import Classification, Count, attribution_clause
from mastcell.knowledge.cytopenia import CytopeniaSignal
from mastcell.knowledge.who import Threshold
from mastcell.model import Analyte
from mastcell.model.recommendation import fit_summary
from mastcell.rules.cytopenia_facts import Suspicion
from mastcell.text import Text, template

__all__ = ["describe_lows", "signal_text", "suspicion_text"]

_LABELS = {
    Analyte.ANC: "ANC",
    Analyte.WBC: "WBC",
    Analyte.PLATELETS: "platelets",
    Analyte.HEMOGLOBIN: "hemoglobin",
}
_CONDITIONS = {
    Analyte.ANC: "neutropenia",
    Analyte.WBC: "leukopenia",
    Analyte.PLATELETS: "thrombocytopenia",
    Analyte.HEMOGLOBIN: "anemia",
}

Lows = Sequence[tuple[Count, Classification]]


def describe_lows(lows: Lows) -> str:
    """The low counts with their grades, for a detail.

    >>> from mastcell.counts import classify, latest_count
    >>> from mastcell.testing import AT, lab, patient
    >>> wbc = latest_count(patient(labs=[lab("wbc", 1.5, "K/uL")]), "wbc", AT)

    >>> describe_lows([(wbc, classify(wbc))])
    'WBC 1.5 x10^9/L (White blood cell decreased grade 3 (CTCAE v5.0))'
    """
    return ", ".join(
        f"{count.describe()} ({grading.text if grading.grade is not None else 'below the lab range'})"
        for count, grading in lows
    )


def _conditions(lows: Lows) -> str:
    return "/".join(dict.fromkeys(_CONDITIONS[c.analyte] for c, _ in lows))


def signal_text(flagged: Sequence[tuple[str, CytopeniaSignal]]) -> str:
    """Drugs whose label lists a cytopenia, with the effect and its sources.

    >>> from mastcell.knowledge.cytopenia import CYTOPENIA_SIGNALS
    >>> signal_text([("zileuton", CYTOPENIA_SIGNALS["zileuton"])])
    'zileuton (leukopenia in 1-3% of patients; S14)'
    """
    return "; ".join(
        f"{drug} ({signal.effect}; {', '.join(signal.sources)})" for drug, signal in flagged
    )


def suspicion_text(suspicion: Suspicion) -> str:
    """Why SM is known or suspected, as the detail says it.

    >>> suspicion_text(Suspicion(kind="tryptase", tryptase=25.0))
    'baseline tryptase 25 ng/mL above 20 (an SM minor criterion)'
    """
    if suspicion.kind == "known":
        return f"known systemic mastocytosis ({suspicion.codes})"
    if suspicion.kind == "tryptase":
        return f"baseline tryptase {suspicion.tryptase:g} ng/mL above 20 (an SM minor criterion)"
    return f"a mast cell disorder ({suspicion.codes}) in which SM is not excluded"


@template("cytopenia.cbc.obtain")
def cbc_obtain(
    *,
    drugs: Sequence[str],
    missing: Sequence[tuple[Analyte, int | None]],
    planned_only: bool,
    max_age_days: int,
) -> Text:
    """No recent count on a cytoreductive drug (or before starting avapritinib)."""
    listed = [
        f"{_LABELS[analyte]} (none on record)"
        if age is None
        else f"{_LABELS[analyte]} ({age} days old)"
        for analyte, age in missing
    ]
    planned_text = " (platelets before starting avapritinib, S5/S6)" if planned_only else ""
    return (
        fit_summary(
            f"Obtain a blood count before any dose decision on {', '.join(drugs)}: "
            + "; ".join(listed)
        ),
        f"No recent result for: {'; '.join(listed)}{planned_text}. mastcell makes no dose "
        f"decision from a count older than {max_age_days} days "
        "(CytopeniaOptions.count_max_age; a library convention matching the avapritinib "
        "label's 2-weekly platelet checks, S5/S6) or from a missing one: obtain a complete "
        "blood count with differential, then re-evaluate.",
    )


@template("cytopenia.investigate")
def investigate(
    *,
    lows: Lows,
    suspects: Sequence[str],
    flagged: Sequence[tuple[str, CytopeniaSignal]],
    other: Sequence[str],
    unknown: Sequence[str],
) -> Text:
    """A cytopenia without cytoreductive therapy: the differential, drugs named."""
    named = f"; in the differential: {', '.join(suspects)}" if suspects else ""
    drug_text = []
    if flagged:
        drug_text.append(f"Drugs on the list whose label lists cytopenias: {signal_text(flagged)}.")
    if other:
        drug_text.append(
            "mastcell holds no haematologic-toxicity data for the other listed drugs, so they "
            f"were not assessed: {', '.join(other)}."
        )
    if unknown:
        drug_text.append(f"Unclassified drugs, not assessed (review them): {', '.join(unknown)}.")
    return (
        fit_summary(f"Investigate the {_conditions(lows)}: no cytoreductive therapy{named}"),
        f"{describe_lows(lows)}. No cytoreductive drug is on the list, so look for another "
        "cause: drugs, infection, nutritional deficiency, a separate haematologic process, "
        "or systemic mastocytosis with bone marrow involvement (the last two per SEED-A; "
        "SEED-ONLY as a rule, consistent with the WHO C-finding concept, S11/S27). "
        "Anti-mediator drugs are not exempt from the differential: the famotidine and "
        "zileuton labels list cytopenias (S15, S14). "
        + " ".join(drug_text)
        + " Grades: CTCAE v5.0 (S53, S70).",
    )


@template("cytopenia.bone_marrow_biopsy.consider", "c_finding")
def marrow_c_finding(
    *,
    crossed: Sequence[tuple[Threshold, Count]],
    suspicion: Suspicion,
    attributed: bool | None,
) -> Text:
    """A count at a WHO C-finding level in known or suspected SM."""
    listed = ", ".join(f"{count.describe()} < {threshold.value:g}" for threshold, count in crossed)
    return (
        fit_summary(f"Consider a bone marrow biopsy: cytopenia at WHO C-finding level ({listed})"),
        f"{listed}: a WHO C-finding level of cytopenia (ANC < 1, Hb < 10 g/dL or "
        f"platelets < 100 x10^9/L; S11, S27), with {suspicion_text(suspicion)}. In SM a "
        "cytopenia at this level is a C-finding (organ damage; aggressive SM when the SM "
        "criteria are met) only when it is attributed to SM with other causes excluded, a "
        f"clinician's judgement (FX7, BC5){attribution_clause(attributed)}. A marrow "
        "examination is the way to assess it and to look for another haematologic process; "
        "referral to a centre with expertise is the referral area's advice.",
    )


@template("cytopenia.bone_marrow_biopsy.consider", "below_c_finding")
def marrow_below_c_finding(*, lows: Lows, suspicion: Suspicion) -> Text:
    """A milder leukopenia/neutropenia in known or suspected SM (SEED-ONLY, switchable)."""
    why = suspicion_text(suspicion)
    return (
        fit_summary(
            "Consider a bone marrow evaluation: "
            + _conditions(lows)
            + f" with {why.split(' (')[0]} (SEED-ONLY)"
        ),
        f"{describe_lows(lows)}, below the WHO C-finding level, with {why}. SEED-A advises "
        "considering a bone marrow biopsy for a leukopenia in a patient with mast cell "
        "activation who is not on cytoreduction: SEED-ONLY as a rule (consistent with the "
        "C-finding concept, S11/S27; ICC 2022 counts a cytopenia below C-finding level as "
        "a B-finding, S27). Switch off with CytopeniaOptions.marrow_below_c_finding.",
    )


@template("cytopenia.antimediator.continue")
def antimediator_continue(
    *,
    names: Sequence[str],
    lows: Lows,
    flagged: Sequence[tuple[str, CytopeniaSignal]],
) -> Text:
    """Anti-mediator drugs to continue during the work-up, those with a signal named apart."""
    listed = ", ".join(names)
    review = (
        f" Not included: {signal_text(flagged)}; weigh them in the cytopenia work-up."
        if flagged
        else ""
    )
    return (
        fit_summary(f"Continue anti-mediator therapy ({listed}) during the cytopenia work-up"),
        f"Mediator symptoms still need treatment while the cytopenia ({describe_lows(lows)}) is "
        "worked up "
        "(SEED-A; anti-mediator therapy is standard care, S30). mastcell's sources record "
        f"no cytopenia for: {listed} (none was found for cromolyn, fact sheet A21); that is "
        "not proof that a drug cannot cause one." + review,
    )
