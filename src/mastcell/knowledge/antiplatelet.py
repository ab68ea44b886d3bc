"""Aspirin for the heart, and NSAIDs or aspirin with a low platelet count (issue 16).

The interchange format has no indication field and no cardiovascular diagnosis, so mastcell
reads aspirin as antiplatelet therapy for the heart only from what it can see: aspirin taken
with a P2Y12 antiplatelet (clopidogrel, prasugrel, ticagrelor), i.e. dual antiplatelet
therapy (:data:`CARDIOVASCULAR_READING`, a library convention; SR4). A low dose alone is not
read as cardiac: in systemic mastocytosis aspirin 81-500 mg twice daily is itself an
anti-mediator therapy (A13). Separately, aspirin taken now without a recorded reaction to
aspirin itself is *tolerated now*: a reaction to another NSAID never turns it into an
avoid by itself.

The bleeding facts: aspirin and NSAIDs impair platelet function (SR2); ketorolac is
contraindicated with a high bleeding risk and before major surgery (SR1); no verified
platelet threshold exists for them (AS1, AS3), so the warning's bound is a library
convention, the CTCAE grade-3 bound (SR3).
"""

from __future__ import annotations

import attrs

from mastcell.knowledge.ctcae import PLATELET_COUNT_DECREASED
from mastcell.knowledge.sources import cited
from mastcell.model.vocabulary import DrugClass

__all__ = [
    "ASPIRIN_DRUG",
    "BLEEDING",
    "CARDIOVASCULAR_READING",
    "DAPT_STOP_RISK",
    "DAPT_STOP_SOURCES",
    "KETOROLAC_BLEEDING",
    "KETOROLAC_BLEEDING_SOURCES",
    "KIT_PLATELET_SOURCES",
    "P2Y12_CLASS",
    "Bleeding",
]

#: The catalogue identity of aspirin (knowledge.drugs).
ASPIRIN_DRUG = "aspirin"

#: The class whose presence with aspirin makes the cardiovascular reading (knowledge.drugs:
#: clopidogrel, prasugrel, ticagrelor).
P2Y12_CLASS = DrugClass.ANTIPLATELET

#: How mastcell reads aspirin as therapy for the heart (no source defines it for mastcell).
CARDIOVASCULAR_READING = (
    "aspirin recorded with the indication 'cardiovascular', or taken or planned together with "
    "a P2Y12 antiplatelet (clopidogrel, prasugrel, ticagrelor), is read as antiplatelet "
    "therapy for the heart (the partner reading is a library convention for a record without "
    "an indication; a low aspirin dose alone is not read as cardiac because aspirin 81-500 mg "
    "twice daily is also an anti-mediator therapy in SM, A13)"
)

#: SR4 [S242]: what stopping dual antiplatelet therapy early risks.
DAPT_STOP_RISK = (
    "stopping dual antiplatelet therapy early after a coronary stent greatly increases the risk "
    "of stent thrombosis, myocardial infarction and death; a cardiologist is consulted before "
    "any interruption (SR4, S242)"
)

#: SR1 [S241]: ketorolac's bleeding contraindications.
KETOROLAC_BLEEDING = (
    "the ketorolac label contraindicates it in patients at high risk of bleeding, with "
    "haemorrhagic diathesis or incomplete haemostasis, as a prophylactic analgesic before any "
    "major surgery and intra-operatively when haemostasis is critical (SR1, S241)"
)


@attrs.frozen(kw_only=True)
class Bleeding:
    """The platelet bound below which an NSAID or aspirin gets a bleeding warning.

    ``platelets_below`` is the default of ``options.medication.nsaid_platelets_below``.

    >>> BLEEDING.platelets_below
    50.0
    """

    platelets_below: float
    mechanism: str
    basis: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: SR2 [S240] (mechanism); SR3 (the bound: CTCAE v5.0 grade 3, a library convention).
BLEEDING = Bleeding(
    platelets_below=PLATELET_COUNT_DECREASED.grade_3_below,
    mechanism=(
        "aspirin and other NSAIDs inhibit platelet cyclooxygenase and cause a systemic bleeding "
        "tendency (aspirin for the platelet's lifetime); a coexisting coagulopathy adds to it "
        "(SR2, S240)"
    ),
    basis=(
        "no verified platelet count below which NSAIDs or aspirin must not be given exists "
        "(AS1, AS3); mastcell warns below the CTCAE v5.0 grade-3 bound, a library convention "
        "(SR3; options.medication.nsaid_platelets_below)"
    ),
    sources=("S240", "S53", "S70"),
)

#: The sources the bleeding warning adds: ketorolac's label (SR1), stopping dual antiplatelet
#: therapy (SR4), and the KIT inhibitors' platelet bounds it names (avapritinib S9,
#: midostaurin S1).
KETOROLAC_BLEEDING_SOURCES = cited(("S241",))
DAPT_STOP_SOURCES = cited(("S242",))
KIT_PLATELET_SOURCES = cited(("S9", "S1"))
