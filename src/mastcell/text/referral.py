"""The words of the referral decision (:mod:`mastcell.rules.referral`).

>>> from mastcell.text import template_of
>>> summary, detail = template_of("referral.specialist_center")(
...     advanced=("ASM",), crossed=(), sm=True, attributed=None, refractory=False,
...     refer_all=False, scope=False)
>>> summary
'Refer to a centre with mast cell expertise: advanced SM'
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import Count, attribution_clause
from mastcell.knowledge.who import Threshold
from mastcell.text import Text, shorten, template

__all__: list[str] = []


@template("referral.specialist_center")
def specialist_center(
    *,
    advanced: Sequence[str],
    crossed: Sequence[tuple[Threshold, Count]],
    sm: bool,
    attributed: bool | None,
    refractory: bool,
    refer_all: bool,
    scope: bool,
) -> Text:
    """Each reason to refer, its source named; the seeds' wider scope said when it applies."""
    reasons: list[str] = []
    if advanced:
        reasons.append(
            f"advanced SM ({', '.join(advanced)}): referral to a centre with expertise (S46)"
        )
    if crossed:
        described = ", ".join(count.describe() for _, count in crossed)
        with_sm = (
            "with SM a C-finding (aggressive SM) when attributed to SM, other causes excluded"
            if sm
            else "a C-finding if SM is confirmed and the cytopenia is attributed to it"
        ) + f" (FX7){attribution_clause(attributed)}"
        reasons.append(
            f"cytopenia at WHO C-finding level ({described}; {with_sm}, S11, S27; SEED-A "
            "names cytopenias among the complex presentations to refer)"
        )
    if refractory:
        reasons.append(
            "symptoms refractory to anti-mediator therapy (a SEED-ONLY trigger: SEED-A, SEED-B "
            "'complex presentations'; options.monitoring.refer_refractory)"
        )
    if refer_all:
        reasons.append(
            "options.monitoring.refer_all_mast_cell_disorders is set (the seeds' referral of "
            "every mast cell disorder: SEED-ONLY)"
        )
    tail = (
        " The seeds extend referral to every patient with MCAS; that is SEED-ONLY and is not a "
        "trigger by itself here (S46 confirms it for advanced SM)."
        if scope
        else ""
    )
    return (
        shorten(
            "Refer to a centre with mast cell expertise: "
            + "; ".join(r.split(" (", 1)[0] for r in reasons)
        ),
        "Refer for: " + "; ".join(reasons) + "." + tail,
    )
