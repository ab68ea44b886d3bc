"""Other cytoreductive drugs in SM: imatinib, cladribine, hydroxyurea, interferon alfa (CR1-CR11).

Addendum section 4. Imatinib has a label rule for cytopenias (CR9) and a "who" rule (CR8:
not for KIT D816V carriers). Cladribine, hydroxyurea and interferon alfa have **no
SM-specific hold thresholds** (CR1, CR5-CR7): the figures their labels give come from other
diseases (hairy cell leukaemia, sickle cell, hepatitis C) and are shown as information only;
the generic fallback is the CTCAE v5.0 grade of the count (:mod:`mastcell.knowledge.ctcae`,
CR10), with a clinician decision. Counts are in 10*9/L and haemoglobin in g/dL.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model import Analyte

__all__ = [
    "CLADRIBINE",
    "CLADRIBINE_LIVE_VACCINES",
    "CLADRIBINE_PROPHYLAXIS",
    "GRADED_COUNTS",
    "HOLD_REVIEW_DRUGS",
    "HOLD_REVIEW_GRADE",
    "HYDROXYUREA",
    "IMATINIB",
    "IMATINIB_COUNTS",
    "IMATINIB_D816V",
    "IMATINIB_LIVER",
    "INTERFERON",
    "LABEL_FIGURES",
    "LYMPHOCYTE_GRADES",
    "NON_HAEMATOLOGIC_NOTES",
    "START_FIGURES",
    "ImatinibCountRule",
    "LabelFigure",
    "Prophylaxis",
    "SourcedText",
]

IMATINIB = "imatinib"
CLADRIBINE = "cladribine"
HYDROXYUREA = "hydroxyurea"
INTERFERON = "interferon alfa"


@attrs.frozen(kw_only=True)
class SourcedText:
    """A fact stated in words, with its addendum fact id, tag and sources.

    >>> IMATINIB_D816V.fact
    'CR8'
    """

    fact: str
    text: str
    tag: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


# -- imatinib (CR8, CR9) ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ImatinibCountRule:
    """Imatinib's label rule for neutropenia and thrombocytopenia (US label Table 1, CR9).

    Interrupt when the ANC is below ``anc_below`` and/or platelets below ``platelets_below``;
    restart when the ANC is at or above ``anc_restart`` **and** platelets at or above
    ``platelets_restart``, at the previous dose. The label copies read show the hold and the
    restart; the reduced-dose step on recurrence is NOT VERIFIED: clinician decision.

    >>> IMATINIB_COUNTS.interrupts(anc=0.99, platelets=None), IMATINIB_COUNTS.interrupts(1.0, 50)
    (True, False)
    >>> IMATINIB_COUNTS.restarts(anc=1.5, platelets=75), IMATINIB_COUNTS.restarts(1.49, 200)
    (True, False)
    """

    anc_below: float
    platelets_below: float
    anc_restart: float
    platelets_restart: float
    unit: str
    rows: str
    recurrence: str
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def interrupts(self, anc: float | None, platelets: float | None) -> bool:
        """Whether either known count is below its interrupt threshold ("and/or")."""
        return (anc is not None and anc < self.anc_below) or (
            platelets is not None and platelets < self.platelets_below
        )

    def restarts(self, anc: float, platelets: float) -> bool:
        """Whether both counts have recovered to the restart thresholds (inclusive)."""
        return anc >= self.anc_restart and platelets >= self.platelets_restart


#: CR9: ANC < 1.0 x10^9/L and/or platelets < 50 x10^9/L -> stop until ANC >= 1.5 and
#: platelets >= 75, then resume at the previous dose (US row "ASM associated with
#: eosinophilia, start 100 mg"; the 400 mg row shares the trigger, its action read from the
#: analogous EU row). Recurrence step NOT VERIFIED [S117].
IMATINIB_COUNTS = ImatinibCountRule(
    anc_below=1.0,
    platelets_below=50.0,
    anc_restart=1.5,
    platelets_restart=75.0,
    unit="10*9/L",
    rows=(
        "US label Table 1, row 'ASM associated with eosinophilia (start 100 mg)'; the 400 mg "
        "row (chronic-phase CML, MDS/MPD, ASM, HES/CEL) has the same trigger, its action read "
        "from the analogous EU 400 mg row"
    ),
    recurrence=(
        "the label copies read show the hold and the restart; the reduced-dose step for a "
        "recurrence is NOT VERIFIED: if the cytopenia recurs, the dose is a clinician decision"
    ),
    sources=("S117",),
)

#: CR8: imatinib's US indication is ASM without KIT D816V or with unknown KIT status; D816V
#: carriers are not sensitive and should not receive it [S117, S118].
IMATINIB_D816V = SourcedText(
    fact="CR8",
    text=(
        "the US indication is adults with ASM without the KIT D816V mutation or with unknown "
        "KIT status; D816V carriers are not sensitive to imatinib and should not receive it "
        "(in the label's 28 ASM patients, 1 of 4 with D816V responded, with concomitant CML); "
        "it is also not recommended in ISM, smouldering SM, SM-AHN, MCL and mast-cell sarcoma"
    ),
    tag="CONFIRMED",
    sources=("S117", "S118"),
)

#: CR9, liver row: bilirubin > 3x IULN or transaminases > 5x IULN -> hold until < 1.5x /
#: < 2.5x, then reduce (400 -> 300 mg) [S117]. Shown as information with adverse events.
IMATINIB_LIVER = SourcedText(
    fact="CR9",
    text=(
        "imatinib label, liver: bilirubin > 3x IULN or transaminases > 5x IULN -> hold until "
        "bilirubin < 1.5x and transaminases < 2.5x IULN, then continue at a reduced dose "
        "(400 -> 300 mg)"
    ),
    tag="CONFIRMED",
    sources=("S117",),
)

# -- cladribine, hydroxyurea, interferon alfa (CR1-CR7, CR10) -----------------------------

#: The drugs without SM thresholds, for which a CTCAE grade 3-4 count gives "hold and
#: review: clinician decision" (CR1, CR5-CR7).
HOLD_REVIEW_DRUGS = (CLADRIBINE, HYDROXYUREA, INTERFERON)

#: The CTCAE v5.0 grade from which a count on these drugs is alerted as critical ("hold and
#: review"). A library convention (no SM source gives a threshold; the labels' "grade 3/4"
#: language is the basis, fact sheet 4.2); override with CytopeniaOptions.hold_review_grade.
HOLD_REVIEW_GRADE = 3


@attrs.frozen(kw_only=True)
class LabelFigure:
    """Count figures from a non-SM label, shown as information, never applied.

    >>> LABEL_FIGURES[HYDROXYUREA][0].indication
    'older Hydrea (BMS) information'
    """

    fact: str
    indication: str
    text: str
    tag: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: The non-SM label figures of each drug (CR1, CR5, CR7): information only.
LABEL_FIGURES: Mapping[str, tuple[LabelFigure, ...]] = {
    CLADRIBINE: (
        LabelFigure(
            fact="CR1",
            indication="US label (hairy cell leukaemia)",
            text=(
                "severe myelosuppression is common; counts fall in the first 2 weeks and in HCL "
                "normalised around day 12 (platelets), week 5 (ANC) and week 8 (Hb); close "
                "blood-count monitoring especially in the first 4-8 weeks; no numeric hold "
                "threshold in the label text read"
            ),
            tag="CONFIRMED; numeric threshold NOT VERIFIED (none found)",
            sources=("S112",),
        ),
        LabelFigure(
            fact="CR3",
            indication="SM series",
            text=(
                "grade 3/4 lymphopenia 82%, neutropenia 47%, opportunistic infections 13% "
                "(Barete 2015, 68 adults)"
            ),
            tag="CONFIRMED",
            sources=("S113",),
        ),
    ),
    HYDROXYUREA: (
        LabelFigure(
            fact="CR5",
            indication="older Hydrea (BMS) information",
            text=(
                "do not give if WBC < 2.5 x10^9/L and/or platelets < 100 x10^9/L, or with "
                "severe anaemia"
            ),
            tag="CONFLICT (indication-specific labels); not SM-specific",
            sources=("S115",),
        ),
        LabelFigure(
            fact="CR5",
            indication="Droxia (sickle cell)",
            text=(
                "do not start, or stop, if neutrophils < 2.0 x10^9/L, platelets < 80 x10^9/L, "
                "Hb < 4.5 g/dL, or reticulocytes < 80 x10^9/L with Hb < 9 g/dL"
            ),
            tag="CONFLICT (indication-specific labels); not SM-specific",
            sources=("S115",),
        ),
    ),
    INTERFERON: (
        LabelFigure(
            fact="CR7",
            indication="peginterferon alfa-2a (hepatitis C)",
            text=(
                "ANC < 0.75 x10^9/L -> 135 ug/week; ANC < 0.5 -> stop until recovery; "
                "platelets < 50 -> 90 ug/week; < 25 -> stop until recovery"
            ),
            tag="CONFLICT (label versions); SM thresholds NOT VERIFIED",
            sources=("S116",),
        ),
        LabelFigure(
            fact="CR7",
            indication="peginterferon alfa-2b (hepatitis C)",
            text=(
                "WBC < 1.5, ANC < 0.75 or platelets < 50 -> reduce to 1 then 0.5 ug/kg/week; "
                "WBC < 1.0, ANC < 0.5 or platelets < 25 -> stop until recovery (an older "
                "PEG-Intron table: platelets < 80 halve, < 50 stop permanently; ANC < 0.5 / "
                "WBC < 1.0 stop permanently)"
            ),
            tag="CONFLICT (label versions); SM thresholds NOT VERIFIED",
            sources=("S116",),
        ),
    ),
}

#: CR10: CTCAE v5 lymphocyte count decreased (grade 3 < 500-200/uL, grade 4 < 200/uL).
#: Lymphocyte counts are not an input of mastcell, so these grades are stated, not applied.
LYMPHOCYTE_GRADES = SourcedText(
    fact="CR10",
    text=(
        "CTCAE v5.0 lymphocyte count decreased: grade 3 < 0.5-0.2 x10^9/L, grade 4 < 0.2 "
        "x10^9/L (prolonged lymphopenia is expected after cladribine, CR2)"
    ),
    tag="CONFIRMED (secondary application of CTCAE)",
    sources=("S119", "S112"),
)


@attrs.frozen(kw_only=True)
class Prophylaxis:
    """Infection prophylaxis after cladribine (CR4): the need, and what is (not) known.

    >>> CLADRIBINE_PROPHYLAXIS.sm_regimen is None
    True
    """

    need: str
    #: The SM regimen: None, because no drug, dose or duration was found (NOT VERIFIED).
    sm_regimen: str | None
    other_regimen: str
    #: Generic names whose presence on the list covers each need (names as the catalogue or
    #: the caller spells them; matched case-insensitively).
    covering_drugs: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: CR4: Pneumocystis prophylaxis is needed after cladribine in SM (S29); the SM regimen is NOT
#: VERIFIED; in hairy cell leukaemia trimethoprim-sulfamethoxazole and aciclovir are
#: recommended against Pneumocystis and herpes reactivation, routine G-CSF not (S114).
CLADRIBINE_PROPHYLAXIS = Prophylaxis(
    need="Pneumocystis and herpes (reactivation) prophylaxis",
    sm_regimen=None,
    other_regimen=(
        "hairy cell leukaemia (BMJ Best Practice, not SM): trimethoprim-sulfamethoxazole "
        "against Pneumocystis and aciclovir against herpes reactivation; routine G-CSF not "
        "recommended"
    ),
    covering_drugs={
        "Pneumocystis": ("trimethoprim-sulfamethoxazole",),
        "herpes": ("aciclovir", "acyclovir", "valaciclovir", "valacyclovir"),
    },
    sources=("S29", "S114"),
)

#: CR1: avoid live attenuated vaccines with cladribine [S112].
CLADRIBINE_LIVE_VACCINES = SourcedText(
    fact="CR1",
    text="avoid live attenuated vaccines (cladribine label)",
    tag="CONFIRMED",
    sources=("S112",),
)

#: What the sources say about non-haematological adverse events of each drug, for the
#: grade 3-4 adverse-event alert (midostaurin and avapritinib have their own rules).
NON_HAEMATOLOGIC_NOTES: Mapping[str, tuple[SourcedText, ...]] = {
    IMATINIB: (
        IMATINIB_LIVER,
        SourcedText(
            fact="CR9",
            text=(
                "grade 3/4 haemorrhage occurred in 1.8% (newly diagnosed CML) and 12.9% (GIST "
                "trials); no general non-haematological row was read"
            ),
            tag="CONFIRMED",
            sources=("S117",),
        ),
    ),
    CLADRIBINE: (
        SourcedText(
            fact="CR2",
            text=(
                "neuro- and nephrotoxicity occur mainly at 4-9x the hairy cell leukaemia dose "
                "(Canadian monograph); no dose-modification row for them was read"
            ),
            tag="CONFIRMED",
            sources=("S112",),
        ),
    ),
    HYDROXYUREA: (),
    INTERFERON: (),
}

#: The counts graded for the hold-and-review alert, in report order.
GRADED_COUNTS = (Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN, Analyte.WBC)

#: What each planned drug's own label says about starting with low counts (information for
#: cytopenia.cytoreductive.planned_low_count), with its sources: midostaurin S1, imatinib CR9.
START_FIGURES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "midostaurin": (
        "the midostaurin label interrupts it below ANC 1.0 x10^9/L or platelets 50 x10^9/L in "
        "patients without MCL, and restarts at ANC >= 1.0 / platelets >= 50 (S1)",
        ("S1",),
    ),
    IMATINIB: (
        "the imatinib label stops it below ANC 1.0 and/or platelets 50 x10^9/L and resumes at "
        "ANC >= 1.5 and platelets >= 75 (CR9, S117)",
        ("S117",),
    ),
}
