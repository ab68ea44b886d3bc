"""Rules with a ranked list propose the next drug the patient's reactions allow.

antimediator.h1.start (A2, S29; levocetirizine, loratadine, desloratadine with their label
bands, addendum 5.1), antimediator.h2.add (A3: famotidine, then nizatidine, dose a clinician
decision; cimetidine left out as a CYP3A inhibitor, MX11) and antimediator.leukotriene.add
(A10, A11: montelukast, then zileuton, then zafirlukast, PD17) never propose a drug the patient
reacted to nor one of its group (SR13 for the shared H1 moieties); with none left they say
"no acceptable option on record: clinician decision" and propose nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.knowledge.allergy import NO_OPTION
from mastcell.knowledge.antimediator import H1_START_ORDER, H2_ORDER, LEUKOTRIENE_ORDER
from mastcell.knowledge.facts import FACTS
from mastcell.knowledge.groups import CROSS_REACTIVE_GROUPS
from mastcell.model import Reaction
from mastcell.testing import AT, med, patient


def _mcas(*agents: str, **fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["mcas"])
    fields.setdefault("birth_date", date(1970, 1, 1))
    fields.setdefault("symptom_control", "inadequate")
    fields["reactions"] = [Reaction(agent=a, severity="flare") for a in agents]
    return patient(**fields)


def _card(p: Patient, code: str) -> Recommendation:
    (card,) = [r for r in evaluate(p, at=AT) if r.code == code]
    return card


class TestOrders:
    def test_the_orders_start_with_the_first_choice(self) -> None:
        """Cetirizine, famotidine and montelukast stay the first proposals (A2, A3, A10)."""
        assert H1_START_ORDER[0] == "cetirizine"
        assert H2_ORDER == ("famotidine", "nizatidine")
        assert LEUKOTRIENE_ORDER == ("montelukast", "zileuton", "zafirlukast")

    def test_moiety_groups_cite_sr13(self) -> None:
        """The shared-moiety groups cite SR13 (S250) and are flagged as not verified."""
        for gid in ("h1_cetirizine_moiety", "h1_loratadine_moiety"):
            group = CROSS_REACTIVE_GROUPS[gid]
            assert group.facts == ("SR13",)
            assert group.sources == ("S250",)
            assert not group.verified
        assert FACTS["SR13"].sources == ("S250",)


class TestH1Start:
    CODE = "antimediator.h1.start"

    @pytest.mark.parametrize(
        ("agents", "proposed"),
        [
            ((), "cetirizine"),  # A2, PD1
            (("cetirizine",), "fexofenadine"),  # A2 (S29)
            (("Zyrtec",), "fexofenadine"),  # brand
            (("cetirizine", "Allegra"), "loratadine"),  # levocetirizine shares cetirizine (SR13)
            (("hydroxyzine", "fexofenadine"), "loratadine"),  # cetirizine moiety (SR13)
            (("cetirizine", "fexofenadine", "loratadine"), None),  # desloratadine (SR13)
            (("antihistamines",), None),  # class word: every H1
        ],
    )
    def test_next_allowed(self, agents: tuple[str, ...], proposed: str | None) -> None:
        """The first H1 of the order the reactions allow; none left: clinician decision."""
        card = _card(_mcas(*agents), self.CODE)
        if proposed is None:
            assert card.medication is None
            assert NO_OPTION in card.summary
        else:
            assert card.medication is not None
            assert card.medication.drug == proposed
            assert f"Proposed: {proposed}" in card.detail or proposed in card.summary
        assert card.indicator is Indicator.WARNING
        for agent in agents:
            assert any(agent.lower() in (f.text or "") for f in card.findings)
        assert "withdrew" not in card.detail

    def test_next_drug_dosed_by_its_own_bands(self) -> None:
        """A child of 8 reacting to cetirizine gets fexofenadine's 6-11 y band (PD5)."""
        card = _card(_mcas("cetirizine", birth_date=date(2018, 6, 1)), self.CODE)
        assert card.medication is not None
        assert card.medication.drug == "fexofenadine"
        assert card.medication.dose is not None
        assert str(card.medication.dose) == "30 mg"


class TestH2Add:
    CODE = "antimediator.h2.add"

    @pytest.mark.parametrize(
        ("agents", "proposed"),
        [
            ((), "famotidine"),  # A3
            (("famotidine",), "nizatidine"),  # S30
            (("Pepcid",), "nizatidine"),  # brand
            (("Duexis",), "nizatidine"),  # combination holding famotidine
            (("famotidine", "nizatidine"), None),
            (("H2 blockers",), None),  # class word
        ],
    )
    def test_next_allowed(self, agents: tuple[str, ...], proposed: str | None) -> None:
        """Famotidine, else nizatidine (dose a clinician decision), else none."""
        card = _card(_mcas(*agents, medications=[med("cetirizine")]), self.CODE)
        if proposed is None:
            assert card.medication is None
            assert NO_OPTION in card.summary
            return
        assert card.medication is not None
        assert card.medication.drug == proposed
        if proposed == "nizatidine":
            assert card.medication.dose is None
            assert card.medication.note == "dose: clinician decision"
            assert "Not proposed for this patient: famotidine" in card.detail

    def test_cimetidine_is_never_proposed(self) -> None:
        """Cimetidine, a moderate CYP3A inhibitor (MX11), is not in the order."""
        card = _card(_mcas("famotidine", "nizatidine"), self.CODE)
        assert "cimetidine" not in card.summary
        assert card.medication is None


class TestLeukotriene:
    CODE = "antimediator.leukotriene.add"

    @pytest.mark.parametrize(
        ("agents", "proposed"),
        [
            ((), "montelukast"),  # A10
            (("Singulair",), "zileuton"),  # A11 (S14)
            (("montelukast", "zileuton"), "zafirlukast"),  # PD17 (S129)
            (("montelukast", "Zyflo", "Accolate"), None),
        ],
    )
    def test_next_allowed(self, agents: tuple[str, ...], proposed: str | None) -> None:
        """Montelukast, then zileuton with its liver monitoring, then zafirlukast, else none."""
        p = _mcas(*agents, medications=[med("cetirizine"), med("famotidine")])
        card = _card(p, self.CODE)
        if proposed is None:
            assert card.medication is None
            assert NO_OPTION in card.summary
            return
        assert card.medication is not None
        assert card.medication.drug == proposed
        assert ("boxed warning" in card.detail.lower()) is (proposed == "montelukast")
        if proposed == "zileuton":
            assert "ALT/AST" in card.detail
            assert "zileuton 600 mg" not in card.detail.split("Alternatives:")[1]

    def test_zileuton_not_for_a_child(self) -> None:
        """A 10-year-old after montelukast: zileuton is not dosed under 12 (A11)."""
        p = _mcas(
            "montelukast",
            birth_date=date(2016, 6, 1),
            medications=[med("cetirizine"), med("famotidine")],
        )
        card = _card(p, self.CODE)
        assert card.medication is not None
        assert card.medication.drug == "zileuton"
        assert card.medication.dose is None
        assert card.medication.note == "dose: clinician decision"


class TestPremedicateBeforeOpioids:
    CODE = "analgesia.premedicate"

    @pytest.mark.parametrize(
        ("agents", "h2"),
        [
            ((), "famotidine"),  # A3
            (("famotidine",), "nizatidine"),
            (("H2 blockers",), None),
        ],
    )
    def test_h2_in_the_schedule_is_the_next_allowed(
        self, agents: tuple[str, ...], h2: str | None
    ) -> None:
        """The H2 before an opioid follows H2_ORDER through the reactions; none left: said so."""
        card = _card(_mcas(*agents, medications=[med("tramadol")]), self.CODE)
        drugs = [d.drug for d in card.schedule]
        assert "diphenhydramine" in drugs
        if h2 is None:
            assert not {"famotidine", "nizatidine"} & set(drugs)
            assert NO_OPTION in card.detail
        else:
            assert h2 in drugs
        assert "withdrew" not in card.detail
