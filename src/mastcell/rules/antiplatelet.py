"""NSAIDs or aspirin with a low platelet count: a bleeding warning naming the count.

``medication.nsaid.low_platelets`` warns when an NSAID or aspirin is taken, planned, or
planned for an upcoming procedure while the latest platelet count is below the bound (SR2,
SR3), naming the count with its CTCAE grade. An aspirin read as therapy for the heart
(:func:`mastcell.rules.aspirin_facts.aspirin_uses`: its recorded indication, or a P2Y12
antiplatelet with it) is never simply stopped (SR4).

Converted (issue 20): decisions from the facts view (reads in
:mod:`mastcell.rules.antiplatelet_facts` and :mod:`mastcell.rules.aspirin_facts`), text in
:mod:`mastcell.text.antiplatelet`.
"""

from __future__ import annotations

from collections.abc import Sequence

from mastcell.counts import classify
from mastcell.decision import Action, Decision, upto
from mastcell.facts import Facts
from mastcell.knowledge.antiplatelet import (
    ASPIRIN_DRUG,
    BLEEDING,
    DAPT_STOP_SOURCES,
    KETOROLAC_BLEEDING_SOURCES,
    KIT_PLATELET_SOURCES,
)
from mastcell.knowledge.special_populations import KETOROLAC
from mastcell.model import Analyte, Finding, Indicator
from mastcell.reads import COUNTS, PROCEDURES, REACTIONS
from mastcell.rules.antiplatelet_facts import KIT_ON_BOARD, NsaidUse, nsaid_uses
from mastcell.rules.aspirin_facts import ASPIRIN_IN_USE, P2Y12_IN_USE, aspirin_uses
from mastcell.rules.declare import decides
from mastcell.rules.registry import Context
from mastcell.rules.special_populations_facts import NSAIDS_IN_USE, quoted

# Rules are reached through the registry (mastcell.evaluate) and documented in the generated
# rule catalogue; this module exports no API of its own.
__all__: list[str] = []

_PLATELETS = COUNTS[Analyte.PLATELETS]


@decides(
    "medication.nsaid.low_platelets",
    sources=("S240", "S241", "S242", "S53", "S70", "S9", "S1"),
    reads=(
        (),  # the bound switched off: nothing read
        (_PLATELETS,),
        (NSAIDS_IN_USE, PROCEDURES),
        (ASPIRIN_IN_USE, KIT_ON_BOARD),
        (P2Y12_IN_USE, REACTIONS),  # with an aspirin: is it for the heart
    ),
    indicators=(Indicator.WARNING,),
    triggers=(Analyte.PLATELETS,),
)
def nsaid_low_platelets(f: Facts, context: Context) -> Sequence[Decision]:
    """NSAID or aspirin with platelets below 50 x10^9/L: a bleeding warning naming the count.

    Fires for each NSAID or aspirin taken, planned, or planned for an upcoming procedure when
    the latest platelet count is below options.medication.nsaid_platelets_below (default 50
    x10^9/L, the CTCAE grade-3 bound: a library convention, SR3; aspirin and NSAIDs impair
    platelet function, SR2). One warning per drug, with every use as a finding; ketorolac
    adds its label's bleeding contraindications (SR1); an aspirin with a P2Y12 antiplatelet
    (therapy for the heart) is not simply stopped (SR4): clinician decision.
    """
    bound = context.options.medication.nsaid_platelets_below
    if bound is None:
        return upto(0)
    count = _PLATELETS.of(f)
    if count is None or count.value >= bound:
        return upto(1)
    uses: dict[str, list[NsaidUse]] = {}
    for use in nsaid_uses(f, context):
        uses.setdefault(use.generic, []).append(use)
    if not uses:
        return upto(2)
    grading = classify(count)
    max_age = context.options.cytopenia.count_max_age
    stale = not count.is_fresh(context.at, max_age)
    aspirin = aspirin_uses(f)
    cardiac = [a for a in aspirin if a.cardiovascular]
    on_board = KIT_ON_BOARD.of(f)
    out = []
    for generic, group in uses.items():
        findings = [
            *count.findings(threshold=bound, comparison="<", note=grading.text),
            *(u.finding() for u in group),
        ]
        sources = ["S240", *BLEEDING.sources]
        ketorolac = generic == KETOROLAC
        if ketorolac:
            sources += KETOROLAC_BLEEDING_SOURCES
        is_cardiac = generic == ASPIRIN_DRUG and bool(cardiac)
        if is_cardiac:
            findings += [finding for a in cardiac for finding in a.partner_findings(f)]
            sources += DAPT_STOP_SOURCES
        if on_board:
            findings += [
                Finding(input=f.path_of(m), text=f"{m.drug} ({m.status.value})") for m in on_board
            ]
            sources += KIT_PLATELET_SOURCES
        decision = Decision(
            code="medication.nsaid.low_platelets",
            indicator=Indicator.WARNING,
            action=Action.INFORM,
            drug=generic,
            findings=tuple(findings),
            sources=tuple(dict.fromkeys(sources)),
            params={
                "name": group[0].name if len({u.name for u in group}) == 1 else generic,
                "generic": generic,
                "count": count,
                "grading": grading,
                "bound": bound,
                "drawn_days": count.age(context.at).days if stale else None,
                "max_age_days": max_age.days,
                "uses": tuple(group),
                "ketorolac": ketorolac,
                "surgery": ketorolac and any(u.surgery for u in group),
                "cardiac": is_cardiac,
                "on_board": ", ".join(dict.fromkeys(m.drug for m in on_board)),
            },
        )
        out.append(quoted(decision))
    return tuple(out) if aspirin else upto(3, *out)
