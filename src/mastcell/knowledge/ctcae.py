"""CTCAE haematology grades, version pinned, for the "grade 3/4" language of drug labels.

Grades are defined on the analyte's canonical unit (counts in 10*9/L, haemoglobin in g/dL).
Grade 1 starts below the lower limit of normal (LLN), which only the reporting laboratory
knows: mastcell ships no default LLN, so without the lab's ``reference_low`` a value above
the grade-2 bound is *not gradable* (grade 0 and grade 1 cannot be told apart), never
"normal" [S70]. Anaemia grade 4 is "life-threatening consequences", a clinical judgement
rather than a number, so a haemoglobin is graded 3 at most.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model import Analyte

__all__ = [
    "ANEMIA",
    "CTCAE_VERSION",
    "NEUTROPHIL_COUNT_DECREASED",
    "PLATELET_COUNT_DECREASED",
    "PLATELET_TRANSCRIPTION_CONFLICT",
    "SCALES",
    "WHITE_BLOOD_CELL_DECREASED",
    "GradeScale",
    "TranscriptionConflict",
]

#: The CTCAE version every grade in mastcell refers to. Transcriptions of other versions
#: disagree on the platelet grades (see :data:`PLATELET_TRANSCRIPTION_CONFLICT`), so the
#: version is data, shown with every grade.
CTCAE_VERSION = "5.0"


@attrs.frozen(kw_only=True)
class GradeScale:
    """One CTCAE "... decreased" term: the bounds below which grades 2, 3 and 4 start.

    A value is grade 4 below ``grade_4_below``, grade 3 below ``grade_3_below``, grade 2
    below ``grade_2_below``; above that it is grade 1 when below the lab's LLN, grade 0 when
    not, and not gradable (None) when the LLN is unknown.

    >>> NEUTROPHIL_COUNT_DECREASED.grade(0.49), NEUTROPHIL_COUNT_DECREASED.grade(0.5)
    (4, 3)
    >>> NEUTROPHIL_COUNT_DECREASED.grade(1.6) is None
    True
    >>> NEUTROPHIL_COUNT_DECREASED.grade(1.6, lln=1.8), NEUTROPHIL_COUNT_DECREASED.grade(1.9, lln=1.8)
    (1, 0)
    """

    term: str
    analyte: Analyte
    grade_2_below: float
    grade_3_below: float
    grade_4_below: float | None
    sources: tuple[str, ...] = attrs.field(converter=cited)
    version: str = CTCAE_VERSION
    note: str | None = None

    def grade(self, value: float, lln: float | None = None) -> int | None:
        """The grade of a canonical ``value``; ``lln`` is the lab's lower limit of normal."""
        if self.grade_4_below is not None and value < self.grade_4_below:
            return 4
        if value < self.grade_3_below:
            return 3
        if value < self.grade_2_below:
            return 2
        if lln is None:
            return None
        return 1 if value < lln else 0


@attrs.frozen(kw_only=True)
class TranscriptionConflict:
    """A published transcription of a grade that disagrees with the pinned version.

    >>> PLATELET_TRANSCRIPTION_CONFLICT.other_grade_4_below
    10.0
    """

    term: str
    other_grade_3: str
    other_grade_4_below: float
    explanation: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: Neutrophil count decreased: <LLN-1.5, <1.5-1.0, <1.0-0.5, <0.5 x10^9/L [S53, S70].
NEUTROPHIL_COUNT_DECREASED = GradeScale(
    term="Neutrophil count decreased",
    analyte=Analyte.ANC,
    grade_2_below=1.5,
    grade_3_below=1.0,
    grade_4_below=0.5,
    sources=("S53", "S70"),
)

#: Platelet count decreased: <LLN-75, <75-50, <50-25, <25 x10^9/L [S53, S70].
PLATELET_COUNT_DECREASED = GradeScale(
    term="Platelet count decreased",
    analyte=Analyte.PLATELETS,
    grade_2_below=75.0,
    grade_3_below=50.0,
    grade_4_below=25.0,
    sources=("S53", "S70"),
    note="CTCAE v5.0; one transcription differs (PLATELET_TRANSCRIPTION_CONFLICT)",
)

#: Anaemia: <LLN-10.0, <10.0-8.0, <8.0 g/dL; grade 4 is clinical (life-threatening) [S53].
ANEMIA = GradeScale(
    term="Anemia",
    analyte=Analyte.HEMOGLOBIN,
    grade_2_below=10.0,
    grade_3_below=8.0,
    grade_4_below=None,
    sources=("S53",),
    note="grade 4 (life-threatening consequences) is a clinical judgement, not a value",
)

#: White blood cell decreased: <LLN-3.0, <3.0-2.0, <2.0-1.0, <1.0 x10^9/L. The fact sheet
#: lists these as a gap; found in a public transcription (S70), consistent with the HL7
#: CTC-AE example "WBC 2.0 x10^9/L = grade 2" (S53).
WHITE_BLOOD_CELL_DECREASED = GradeScale(
    term="White blood cell decreased",
    analyte=Analyte.WBC,
    grade_2_below=3.0,
    grade_3_below=2.0,
    grade_4_below=1.0,
    sources=("S70", "S53"),
)

#: One public transcription gives platelet grade 3 as "<50,000-10,000/mm3" and grade 4 as
#: "<10,000/mm3" (fact sheet 4.2: CONFLICT, probably a newer CTCAE version). mastcell pins
#: v5.0 (<50-25, <25) and records the other reading here.
PLATELET_TRANSCRIPTION_CONFLICT = TranscriptionConflict(
    term="Platelet count decreased",
    other_grade_3="<50-10 x10^9/L",
    other_grade_4_below=10.0,
    explanation="a transcription probably of a newer CTCAE version; mastcell pins v5.0",
    sources=("S53",),
)

#: The scale of each graded analyte.
SCALES: Mapping[Analyte, GradeScale] = {
    scale.analyte: scale
    for scale in (
        NEUTROPHIL_COUNT_DECREASED,
        PLATELET_COUNT_DECREASED,
        ANEMIA,
        WHITE_BLOOD_CELL_DECREASED,
    )
}
