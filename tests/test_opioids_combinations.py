"""Opioids without a mast-cell rating, and combination products seen through each ingredient.

Facts: P3 (S33, S39) names the histamine-releasing opioids (morphine, codeine, meperidine) and
the acceptable ones (fentanyl, sufentanil, alfentanil, remifentanil, hydromorphone,
buprenorphine; S39 adds oxycodone, piritramide); XR7 (S139) gives a potency order only; XR8
(S139) the chemical classes for a true allergy. Every other opioid is an opioid for every rule
and "no mast-cell safety rating in the sources: clinician decision". Combination products
(S180, S181) are read through each ingredient by the class and name queries.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.facts import facts_of
from mastcell.knowledge.drugs import CATALOGUE, ingredients_in, ingredients_named
from mastcell.knowledge.facts import FACTS
from mastcell.knowledge.safety import SafetyGroup
from mastcell.model import DrugClass, Procedure, Reaction
from mastcell.rules.aspirin_facts import aspirin_uses
from mastcell.testing import AT, lab, med, patient
from mastcell.vetting import UNRATED, VetStatus, vet_agent

CAUTION = "analgesia.opioid.caution"
PREFER = "analgesia.opioid.prefer"
PREMEDICATE = "analgesia.premedicate"

#: The opioids the sources do not rate (P3 lists none of them; XR7 orders some by potency).
UNRATED_OPIOIDS = (
    "hydrocodone",
    "oxymorphone",
    "dihydrocodeine",
    "tramadol",
    "tapentadol",
    "methadone",
    "nalbuphine",
    "butorphanol",
    "pentazocine",
)


def _mcas(**fields: Any) -> Patient:
    fields.setdefault("diagnoses", ["mcas"])
    fields.setdefault("birth_date", date(1970, 1, 1))
    return patient(**fields)


def _sources(card: Recommendation) -> set[str]:
    return {e.source for e in card.evidence}


def _codes(p: Patient, code: str) -> list[Recommendation]:
    return [r for r in evaluate(p, at=AT) if r.code == code]


class TestFactsRegistered:
    def test_the_opioid_facts_resolve(self) -> None:
        """P3, XR7 and XR8 are registered with the sources the cards cite."""
        assert {"S33", "S39"} <= set(FACTS["P3"].sources)
        assert "S139" in FACTS["XR7"].sources
        assert "S139" in FACTS["XR8"].sources


class TestUnratedOpioids:
    """An opioid P3 does not list is an opioid for every rule, with no rating guessed."""

    @pytest.mark.parametrize("generic", UNRATED_OPIOIDS)
    def test_classed_opioid_and_vetted_unrated(self, generic: str) -> None:
        """Each is class OPIOID, vetted unrated in the opioid group (P3, XR7)."""
        assert DrugClass.OPIOID in CATALOGUE[generic].classes
        verdict = vet_agent(generic)
        assert verdict.status is VetStatus.UNRATED
        assert verdict.group is SafetyGroup.OPIOID
        assert verdict.level is None
        assert UNRATED in verdict.reason

    @pytest.mark.parametrize("generic", UNRATED_OPIOIDS)
    def test_active_unrated_opioid_is_a_clinician_decision(self, generic: str) -> None:
        """MCAS on the opioid: a warning saying it is unrated, naming rated ones, proposing nothing."""
        cards = _codes(_mcas(medications=[med(generic)]), CAUTION)
        assert len(cards) == 1
        card = cards[0]
        assert card.indicator is Indicator.WARNING
        assert UNRATED in card.summary
        assert "fentanyl" in card.summary
        assert card.medication is None
        assert "XR7" in card.detail
        assert "potency order" in card.detail
        assert "S139" in _sources(card)
        assert card.findings[0].input == "medications[0]"

    @pytest.mark.parametrize("generic", UNRATED_OPIOIDS)
    def test_every_opioid_rule_sees_it(self, generic: str) -> None:
        """The preferred-opioid card and the premedication before opioids fire (P3, P9)."""
        report = [r.code for r in evaluate(_mcas(medications=[med(generic)]), at=AT)]
        assert PREFER in report
        assert PREMEDICATE in report

    def test_no_mast_cell_disorder_no_card(self) -> None:
        """Without a mast cell disorder the analgesia rules stay silent (they are MCAS rules)."""
        assert _codes(patient(medications=[med("tramadol")]), CAUTION) == []

    def test_reaction_to_the_unrated_opioid_is_critical(self) -> None:
        """A recorded reaction to the opioid itself: critical, a change proposed (XR8)."""
        p = _mcas(
            medications=[med("tramadol")],
            reactions=[Reaction(agent="Ultram", severity="flare")],
        )
        (card,) = _codes(p, CAUTION)
        assert card.indicator is Indicator.CRITICAL
        assert card.medication is not None
        assert card.medication.drug == "fentanyl"
        assert "XR8" in card.detail

    def test_rated_list_follows_the_reactions(self) -> None:
        """After a fentanyl reaction, the unrated card names no fentanyl as rated acceptable."""
        p = _mcas(
            medications=[med("methadone")],
            reactions=[Reaction(agent="fentanyl", severity="anaphylaxis")],
        )
        (card,) = _codes(p, CAUTION)
        assert "fentanyl" not in card.summary
        assert "Not offered: fentanyl" in card.detail

    def test_planned_for_surgery(self) -> None:
        """Tapentadol planned for a surgery: the analgesia rule reports it, once."""
        p = _mcas(
            procedures=[
                Procedure(
                    kind="surgery",
                    date=(AT + timedelta(days=3)).date(),
                    planned_agents=("tapentadol",),
                )
            ]
        )
        report = list(evaluate(p, at=AT))
        (card,) = [r for r in report if r.code == CAUTION]
        assert "planned for the surgery" in card.summary
        assert not [r for r in report if r.code == "perioperative.agent.avoid"]


class TestOpioidCombinations:
    """A combination product is an opioid through its opioid ingredient (S180, S181)."""

    @pytest.mark.parametrize(
        ("product", "opioid"),
        [
            ("Norco", "hydrocodone"),
            ("Vicodin", "hydrocodone"),
            ("Lortab", "hydrocodone"),
            ("hydrocodone/acetaminophen 5/325 mg", "hydrocodone"),
            ("Vicoprofen", "hydrocodone"),
            ("Ultracet", "tramadol"),
            ("co-dydramol", "dihydrocodeine"),
        ],
    )
    def test_unrated_opioid_in_a_product(self, product: str, opioid: str) -> None:
        """The card names the opioid and the product; nothing is proposed (P3, XR7)."""
        (card,) = _codes(_mcas(medications=[med(product)]), CAUTION)
        assert card.summary.startswith(f"{opioid.capitalize()} (in {product.lower()}, active)")
        assert UNRATED in card.summary
        assert card.medication is None
        assert f"{product.lower()}: {opioid}" in (card.findings[0].text or "")

    @pytest.mark.parametrize(
        ("product", "opioid"),
        [
            ("Tylenol with codeine", "codeine"),
            ("Tylenol #3", "codeine"),
            ("co-codamol", "codeine"),
            ("Nurofen Plus", "codeine"),
            ("Fiorinal with codeine", "codeine"),
        ],
    )
    def test_histamine_releaser_in_a_product(self, product: str, opioid: str) -> None:
        """Codeine in a product: change to fentanyl (P3), the product named."""
        (card,) = _codes(_mcas(medications=[med(product)]), CAUTION)
        assert card.summary.startswith(
            f"Change {opioid} (in {product.lower()}, active) to fentanyl"
        )
        assert card.medication is not None
        assert card.medication.drug == "fentanyl"

    @pytest.mark.parametrize("product", ["Percocet", "Percodan", "Suboxone"])
    def test_acceptable_opioid_in_a_product(self, product: str) -> None:
        """Oxycodone (S39) and buprenorphine (S33) are acceptable: no change card, the list names them."""
        p = _mcas(medications=[med(product)])
        assert _codes(p, CAUTION) == []
        (prefer,) = _codes(p, PREFER)
        assert prefer.findings[0].note == "acceptable"

    @pytest.mark.parametrize(
        ("product", "reason"),
        [
            ("Norco", "hydrocodone"),
            ("Ultracet", "tramadol"),
        ],
    )
    def test_vetted_unrated_not_acceptable(self, product: str, reason: str) -> None:
        """vet() does not call a product acceptable because its acetaminophen is (P3, P7)."""
        verdict = vet_agent(product)
        assert verdict.status is VetStatus.UNRATED
        assert verdict.group is SafetyGroup.OPIOID
        assert reason in verdict.reason
        assert UNRATED in verdict.reason

    def test_unrated_ingredients_named_in_the_note(self) -> None:
        """Fioricet is vetted by its acetaminophen, and its butalbital named as unrated."""
        verdict = vet_agent("Fioricet")
        assert verdict.generic == "acetaminophen"
        assert verdict.note is not None
        assert "butalbital" in verdict.note


class TestIngredientQueries:
    """Every class and name query sees a product through its ingredients."""

    @pytest.mark.parametrize(
        ("name", "classes", "expected"),
        [
            ("Excedrin", (DrugClass.ASPIRIN,), ("aspirin",)),
            ("Percocet", (DrugClass.OPIOID,), ("oxycodone",)),
            ("Percocet", (DrugClass.NON_OPIOID_ANALGESIC,), ("acetaminophen",)),
            ("Vicoprofen", (DrugClass.OPIOID, DrugClass.NSAID), ("hydrocodone", "ibuprofen")),
            ("Tylenol PM", (DrugClass.H1_FIRST_GENERATION,), ("diphenhydramine",)),
            ("Zyrtec-D", (DrugClass.H1_SECOND_GENERATION,), ("cetirizine",)),
            ("morphine sulfate", (DrugClass.OPIOID,), ("morphine",)),
            ("cetirizine", (DrugClass.OPIOID,), ()),
        ],
    )
    def test_ingredients_in(
        self, name: str, classes: tuple[DrugClass, ...], expected: tuple[str, ...]
    ) -> None:
        """The ingredients of the wanted classes, in the product's order."""
        assert ingredients_in(name, *classes) == expected

    @pytest.mark.parametrize(
        ("name", "wanted", "expected"),
        [
            ("Excedrin", "aspirin", True),
            ("Alka-Seltzer", "aspirin", True),
            ("Percocet", "acetaminophen", True),
            ("Duexis", "famotidine", True),
            ("Tylenol", "aspirin", False),
            ("Rydapt", "midostaurin", True),
        ],
    )
    def test_medications_named(self, name: str, wanted: str, expected: bool) -> None:
        """medications_named finds a product by any of its ingredients."""
        p = patient(medications=[med(name)])
        assert bool(p.medications_named(wanted)) is expected
        assert bool(ingredients_named(name, {wanted})) is expected

    def test_medications_named_through_the_recording_view(self) -> None:
        """The engine's view answers as the patient does: Excedrin is read as aspirin (SR4)."""
        p = _mcas(medications=[med("Excedrin"), med("clopidogrel", 75, frequency="daily")])
        (use,) = aspirin_uses(facts_of(p, AT))
        assert use.medication.drug == "excedrin"
        assert use.cardiovascular
        cards = _codes(p, "analgesia.nsaid.caution")
        assert len(cards) == 1
        assert "excedrin: aspirin (active)" in (cards[0].findings[0].text or "")

    def test_excedrin_with_low_platelets(self) -> None:
        """Aspirin in Excedrin with platelets below 50 x10^9/L: the bleeding warning (SR2, SR3)."""
        p = _mcas(medications=[med("Excedrin")], labs=[lab("platelets", 30, "10*9/L")])
        (card,) = _codes(p, "medication.nsaid.low_platelets")
        assert "aspirin" in card.detail
        assert "excedrin" in card.summary.lower()

    def test_excedrin_in_pregnancy(self) -> None:
        """Excedrin in pregnancy: its aspirin counts (no low-dose reading of a product, SR11)."""
        p = _mcas(medications=[med("Excedrin")], pregnant=True, sex="female")
        (card,) = _codes(p, "medication.pregnancy.nsaid")
        assert "not recorded" in card.detail

    def test_acetaminophen_twice(self) -> None:
        """Tylenol and Percocet: acetaminophen in two entries, no total computed."""
        p = patient(medications=[med("Tylenol", 500, frequency="qid"), med("Percocet")])
        (card,) = _codes(p, "medication.duplicate")
        assert card.summary.startswith("acetaminophen is in 2 active entries")
        assert "Together" not in card.detail
        assert [f.note for f in card.findings] == [
            "same drug as acetaminophen",
            "contains acetaminophen",
        ]

    def test_same_product_twice_is_one_card(self) -> None:
        """Percocet listed twice: one duplicate card, not one per ingredient."""
        p = patient(medications=[med("Percocet"), med("Percocet")])
        (card,) = _codes(p, "medication.duplicate")
        assert card.summary.startswith("percocet is listed 2 times")

    def test_single_drug_twice_keeps_its_total(self) -> None:
        """Two cetirizine entries: the total is still computed (no combination involved)."""
        p = patient(
            medications=[
                med("cetirizine", 10, frequency="daily"),
                med("Zyrtec", 10, frequency="daily"),
            ]
        )
        (card,) = _codes(p, "medication.duplicate")
        assert "Together 20 mg/day." in card.detail

    def test_moiety_through_a_product(self) -> None:
        """Zyrtec-D with levocetirizine: cetirizine's R-enantiomer twice (SR13)."""
        p = patient(medications=[med("Zyrtec-D"), med("levocetirizine")])
        assert _codes(p, "medication.duplicate.moiety")

    def test_sedating_h1_through_a_product(self) -> None:
        """Tylenol PM with hydroxyzine: two sedating antihistamines (SR7)."""
        p = patient(medications=[med("Tylenol PM"), med("hydroxyzine")])
        (card,) = _codes(p, "medication.h1.sedating_stacked")
        assert "diphenhydramine, hydroxyzine" in card.summary

    def test_cytopenia_signal_through_a_product(self) -> None:
        """Duexis holds famotidine, whose label lists cytopenias (S15): in the differential."""
        p = _mcas(medications=[med("Duexis")], labs=[lab("anc", 0.4, "10*9/L")])
        (card,) = _codes(p, "cytopenia.investigate")
        assert "duexis: famotidine" in card.detail
        assert "S15" in _sources(card)


class TestCombinationsAreClassified:
    def test_cytopenia_work_up_does_not_call_a_product_unclassified(self) -> None:
        """Percocet and Norco are known products: 'not assessed', never 'unclassified'."""
        p = _mcas(medications=[med("Percocet"), med("Norco")], labs=[lab("anc", 0.4, "10*9/L")])
        (card,) = _codes(p, "cytopenia.investigate")
        assert "Unclassified drugs" not in card.detail
        assert "were not assessed: percocet, norco" in card.detail
