"""The corrections FX1-FX7 of the diagnosis sheet, each applied to existing knowledge and output.

One class per correction; every test cites its FX id.
"""

from __future__ import annotations

import pytest

from mastcell import evaluate
from mastcell.testing import AT, lab, patient


def _baseline_elevated(value: float, copies: int | None = None) -> str:
    p = patient(labs=[lab("tryptase", value, "ng/mL", role="baseline")], tpsab1_extra_copies=copies)
    recs = evaluate(p, at=AT, categories=["monitoring"]).get(
        "monitoring.tryptase.baseline_elevated"
    )
    assert len(recs) == 1
    return recs[0].detail


class TestFX1BFindingIsComposite:
    """FX1: a lone baseline tryptase above 200 ng/mL is not "a B-finding"."""

    @pytest.mark.parametrize(
        ("value", "copies", "named"),
        [
            (199.9, None, False),  # below WHO 2022's >= 200
            (200.0, None, True),  # exactly 200 is the WHO 2022 item (>= 200; FX1, BC1)
            (250.0, None, True),
            (300.0, 1, False),  # HaT-adjusted 150: below the item (WHO reads adjusted)
            (400.0, 1, True),  # adjusted 200
        ],
    )
    def test_the_b1_item_is_named_at_its_edge(
        self, value: float, copies: int | None, named: bool
    ) -> None:
        """FX1: the WHO 2022 B1 tryptase item is >= 200 ng/mL, HaT-adjusted, one of three."""
        detail = _baseline_elevated(value, copies)
        assert ("one item of the WHO 2022 B-finding" in detail) is named

    def test_text_gives_both_schemes_and_never_a_lone_b_finding(self) -> None:
        """FX1: the text says ICC needs > 200 and > 30 % together; not "a WHO B-finding"."""
        detail = _baseline_elevated(250.0)
        assert "ICC 2022 needs > 200 ng/mL and > 30 % infiltration together" in detail
        assert "a tryptase alone is not a B-finding" in detail
        assert "a WHO B-finding (high" not in detail

    def test_lone_threshold_is_gone_from_the_knowledge_base(self) -> None:
        """FX1: knowledge.who no longer holds a lone tryptase "B-finding" threshold."""
        from mastcell.knowledge import who

        assert not hasattr(who, "WHO_B_FINDING_TRYPTASE")
