"""CTCAE v5.0 haematology grades: the pinned version, every bound, and the recorded conflict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Analyte
from mastcell.knowledge.ctcae import (
    ANEMIA,
    CTCAE_VERSION,
    NEUTROPHIL_COUNT_DECREASED,
    PLATELET_COUNT_DECREASED,
    PLATELET_TRANSCRIPTION_CONFLICT,
    SCALES,
    WHITE_BLOOD_CELL_DECREASED,
)
from mastcell.knowledge.sources import SOURCES


class TestPinnedVersion:
    """The CTCAE version is data, and the platelet transcription conflict is recorded."""

    def test_version_is_pinned_to_5_0(self) -> None:
        """Every scale states CTCAE v5.0 (fact sheet 4.2: pin the version in code)."""
        assert CTCAE_VERSION == "5.0"
        assert {scale.version for scale in SCALES.values()} == {"5.0"}

    def test_platelet_grades_follow_v5_not_the_other_transcription(self) -> None:
        """v5.0 grade 4 is < 25 x10^9/L; the conflicting reading (< 10) is kept as a record."""
        assert PLATELET_COUNT_DECREASED.grade_4_below == 25.0
        assert PLATELET_TRANSCRIPTION_CONFLICT.other_grade_4_below == 10.0
        assert PLATELET_COUNT_DECREASED.grade(15.0) == 4

    def test_every_scale_cites_registered_sources(self) -> None:
        """A grade a clinician questions can be followed to its source."""
        for scale in SCALES.values():
            assert scale.sources
            assert all(s in SOURCES for s in scale.sources)

    def test_scales_cover_the_four_counts(self) -> None:
        """WBC, ANC, platelets and hemoglobin are graded."""
        assert set(SCALES) == {Analyte.WBC, Analyte.ANC, Analyte.PLATELETS, Analyte.HEMOGLOBIN}


# (scale, value, lln, expected grade): at, just below and just above every bound.
ROWS = [
    # 4.2 Neutrophil count decreased: <LLN-1.5, <1.5-1.0, <1.0-0.5, <0.5
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 0.49, None, 4, id="4.2-anc-0.49-g4"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 0.5, None, 3, id="4.2-anc-0.5-g3"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 0.51, None, 3, id="4.2-anc-0.51-g3"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 0.99, None, 3, id="4.2-anc-0.99-g3"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 1.0, None, 2, id="4.2-anc-1.0-g2"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 1.49, None, 2, id="4.2-anc-1.49-g2"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 1.5, None, None, id="4.2-anc-1.5-no-lln"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 1.5, 1.8, 1, id="4.2-anc-1.5-lln-g1"),
    pytest.param(NEUTROPHIL_COUNT_DECREASED, 1.8, 1.8, 0, id="4.2-anc-at-lln-g0"),
    # 4.2 Platelet count decreased: <LLN-75, <75-50, <50-25, <25
    pytest.param(PLATELET_COUNT_DECREASED, 24.9, None, 4, id="4.2-plt-24.9-g4"),
    pytest.param(PLATELET_COUNT_DECREASED, 25.0, None, 3, id="4.2-plt-25-g3"),
    pytest.param(PLATELET_COUNT_DECREASED, 49.9, None, 3, id="4.2-plt-49.9-g3"),
    pytest.param(PLATELET_COUNT_DECREASED, 50.0, None, 2, id="4.2-plt-50-g2"),
    pytest.param(PLATELET_COUNT_DECREASED, 74.9, None, 2, id="4.2-plt-74.9-g2"),
    pytest.param(PLATELET_COUNT_DECREASED, 75.0, None, None, id="4.2-plt-75-no-lln"),
    pytest.param(PLATELET_COUNT_DECREASED, 75.0, 150.0, 1, id="4.2-plt-75-lln-g1"),
    pytest.param(PLATELET_COUNT_DECREASED, 150.0, 150.0, 0, id="4.2-plt-at-lln-g0"),
    # 4.2 Anemia: <LLN-10.0, <10.0-8.0, <8.0 (grade 4 is clinical)
    pytest.param(ANEMIA, 5.0, None, 3, id="4.2-hb-5-g3-never-4"),
    pytest.param(ANEMIA, 7.9, None, 3, id="4.2-hb-7.9-g3"),
    pytest.param(ANEMIA, 8.0, None, 2, id="4.2-hb-8-g2"),
    pytest.param(ANEMIA, 9.9, None, 2, id="4.2-hb-9.9-g2"),
    pytest.param(ANEMIA, 10.0, None, None, id="4.2-hb-10-no-lln"),
    pytest.param(ANEMIA, 10.0, 12.0, 1, id="4.2-hb-10-lln-g1"),
    pytest.param(ANEMIA, 12.1, 12.0, 0, id="4.2-hb-above-lln-g0"),
    # S70 White blood cell decreased: <LLN-3.0, <3.0-2.0, <2.0-1.0, <1.0
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 0.9, None, 4, id="S70-wbc-0.9-g4"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 1.0, None, 3, id="S70-wbc-1.0-g3"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 1.9, None, 3, id="S70-wbc-1.9-g3"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 2.0, None, 2, id="S70-wbc-2.0-g2"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 2.9, None, 2, id="S70-wbc-2.9-g2"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 3.0, None, None, id="S70-wbc-3.0-no-lln"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 3.0, 4.0, 1, id="S70-wbc-3.0-lln-g1"),
    pytest.param(WHITE_BLOOD_CELL_DECREASED, 4.0, 4.0, 0, id="S70-wbc-at-lln-g0"),
]


class TestGradeBounds:
    """Each grade starts strictly below its bound; without the LLN grades 0 and 1 are unknown."""

    @pytest.mark.parametrize(("scale", "value", "lln", "expected"), ROWS)
    def test_grade(
        self, scale: object, value: float, lln: float | None, expected: int | None
    ) -> None:
        """The grade of a value matches the CTCAE v5.0 table row."""
        assert isinstance(scale, type(ANEMIA))
        assert scale.grade(value, lln) == expected

    @given(
        st.sampled_from(sorted(SCALES)),
        st.floats(0, 500, allow_nan=False),
        st.floats(0, 500, allow_nan=False),
        st.floats(0.1, 500, allow_nan=False),
    )
    def test_grade_never_rises_as_the_count_rises(
        self, analyte: Analyte, a: float, b: float, lln: float
    ) -> None:
        """Monotonicity: a higher count never has a higher grade (same LLN)."""
        low, high = sorted((a, b))
        scale = SCALES[analyte]
        assert scale.grade(low, lln) is not None
        assert scale.grade(high, lln) is not None
        assert scale.grade(high, lln) <= scale.grade(low, lln)  # type: ignore[operator]
