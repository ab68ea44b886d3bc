"""Reaction vocabulary follow-ups of the clinical review (vocab3), each pinned by its table.

1. "salicylates" is aspirin's own class (aspirin is acetylsalicylic acid): read as a reaction
   to aspirin itself (XR10, S140), never as a cross-reaction that leaves aspirin "tolerated".
2. "acid reducers" and "acid blockers" name H2 blockers and proton pump inhibitors alike (the
   OTC labels' purpose, S301): never nizatidine by spelling ("acid" is one letter from Axid).
3. First-generation H1 antihistamines the catalogue lacked (S300) are read in a reaction and
   classified on a medication list; dimenhydrinate holds diphenhydramine (S300).
4. H3 and H4 receptor words are not H1 words: left unresolved (clinician decision).
"""

from __future__ import annotations

from datetime import date

import pytest

from mastcell import Indicator, Patient, evaluate
from mastcell.cdshooks import cards
from mastcell.decision import Action
from mastcell.engine import decide
from mastcell.knowledge.allergy import Relation, reaction_match
from mastcell.knowledge.drugs import Match, classes_of, generic_name, lookup, match_drug
from mastcell.knowledge.maxima import daily_maxima
from mastcell.knowledge.resolve import names_in, resolve_reaction
from mastcell.model import DrugClass, Medication, PainAssessment, Procedure, Reaction
from mastcell.testing import AT, med, patient
from proposals import H1, H2, PPI, proposed

SURGERY = Procedure(kind="surgery", date=date(2026, 12, 3), anesthesia="general")


def ordered(p: Patient) -> set[str]:
    """The drugs the CDS Hooks cards offer to order, from the decisions and from the report."""
    out: set[str] = set()
    for source in (decide(p, at=AT), evaluate(p, at=AT)):
        out |= {
            action["resource"]["medicationCodeableConcept"]["text"]
            for card in cards(source)
            for suggestion in card.get("suggestions", [])
            for action in suggestion["actions"]
        }
    return out


def inadequate(agent: str) -> Patient:
    """ISM, symptoms not controlled, an anaphylaxis to ``agent``: H1 and H2 cards propose."""
    return patient(
        diagnoses=["ism"],
        birth_date=date(1980, 1, 1),
        weight_kg=70,
        symptom_control="inadequate",
        reactions=[Reaction(agent=agent, severity="anaphylaxis")],
        procedures=[SURGERY],
        pain=PainAssessment(score=6),
    )


# -- 1. salicylates ------------------------------------------------------------------------------

ASPIRIN_CODES = ("antimediator.aspirin.avoid", "analgesia.nsaid.caution")
SALICYLATE_WORDS = (
    "salicylates",
    "Salicylate",
    "salicylate allergy",
    "allergic to salicylates",
    "salicilates",  # spelling, to confirm
)
ASPIRIN_LISTS = {
    "taken": (med("aspirin", 81),),
    "planned": (med("aspirin", 81, status="planned"),),
    "for the heart": (med("aspirin", 81), med("clopidogrel", 75)),
    "none": (),
}


def _aspirin_decisions(
    agent: str, meds: tuple[Medication, ...], severity: str
) -> list[tuple[str, Action, Indicator, str]]:
    p = patient(
        diagnoses=["ism"],
        medications=list(meds),
        reactions=[Reaction(agent=agent, severity=severity)],
    )
    return [
        (d.code, d.action, d.indicator, d.variant)
        for d in decide(p, at=AT).decisions
        if d.code in ASPIRIN_CODES
    ]


class TestSalicylatesAreAspirin:
    """A reaction recorded against the salicylates is a reaction to aspirin itself (aspirin is
    acetylsalicylic acid; XR10, S140). Before the fix it was a cross-reaction: aspirin taken
    now was read as tolerated (information, kept) after an anaphylaxis to "salicylates"."""

    @pytest.mark.parametrize("agent", SALICYLATE_WORDS)
    def test_relation(self, agent: str) -> None:
        """The match against aspirin is SAME_DRUG, with the salicylate class as its group."""
        match = reaction_match([Reaction(agent=agent)], "aspirin")
        assert match is not None
        assert match.relation is Relation.SAME_DRUG
        assert match.group is not None
        assert match.group.id == "salicylate_class"
        assert "recorded reaction to aspirin itself" in match.note

    @pytest.mark.parametrize("agent", SALICYLATE_WORDS)
    @pytest.mark.parametrize("meds", list(ASPIRIN_LISTS.values()), ids=list(ASPIRIN_LISTS))
    @pytest.mark.parametrize("severity", ["anaphylaxis", "flare"])
    def test_same_as_aspirin(self, agent: str, meds: tuple[Medication, ...], severity: str) -> None:
        """The aspirin rules decide exactly as after a reaction written "aspirin"."""
        assert _aspirin_decisions(agent, meds, severity) == _aspirin_decisions(
            "aspirin", meds, severity
        )

    @pytest.mark.parametrize("agent", SALICYLATE_WORDS)
    def test_taken_aspirin_stopped_never_kept(self, agent: str) -> None:
        """Aspirin taken now after an anaphylaxis to the salicylates: STOP, critical, not kept."""
        decisions = _aspirin_decisions(agent, ASPIRIN_LISTS["taken"], "anaphylaxis")
        actions = {code: action for code, action, _, _ in decisions}
        assert actions["antimediator.aspirin.avoid"] is Action.STOP
        assert all(variant != "tolerated" for _, _, _, variant in decisions)

    def test_control_nsaids(self) -> None:
        """The control: "NSAIDs" names the class, not aspirin itself: aspirin taken is tolerated."""
        match = reaction_match([Reaction(agent="NSAIDs")], "aspirin")
        assert match is not None
        assert match.relation is Relation.CROSS_REACTIVE
        decisions = _aspirin_decisions("NSAIDs", ASPIRIN_LISTS["taken"], "anaphylaxis")
        assert ("analgesia.nsaid.caution", Action.INFORM) in {(c, a) for c, a, _, _ in decisions}

    @pytest.mark.parametrize("agent", SALICYLATE_WORDS)
    def test_aspirin_never_proposed(self, agent: str) -> None:
        """No report proposes aspirin after a salicylate reaction."""
        for meds in ASPIRIN_LISTS.values():
            p = patient(
                diagnoses=["ism"], medications=list(meds), reactions=[Reaction(agent=agent)]
            )
            assert "aspirin" not in proposed(list(evaluate(p, at=AT)))


# -- 2. acid reducers ----------------------------------------------------------------------------

ACID_WORDS = (
    "acid reducers",
    "Acid Reducer",
    "acid blockers",
    "Acid-Blocker",
    "acid suppressants",
    "acid controller",
    "stomach acid reducer",
    "allergic to acid reducers",
    "acid reducer (hives)",
)


class TestAcidReducers:
    """ "Acid reducer" is the purpose the OTC labels give famotidine, omeprazole and
    esomeprazole alike (S301): the record names H2 blockers and PPIs, every one withheld.
    Before the fix "acid" was spelled to Axid: read as nizatidine alone, and famotidine was
    offered as an order after "anaphylaxis to acid reducers"."""

    @pytest.mark.parametrize("agent", ACID_WORDS)
    def test_reading(self, agent: str) -> None:
        """Read as the class (no ingredient, no spelling), speaking against every H2 and PPI."""
        res = resolve_reaction(agent)
        assert res.ingredients == ()
        assert res.spelled == ()
        assert [g.id for g in res.classes] == ["acid_reducer_class"]
        assert res.members >= H2 | PPI
        assert not (res.members & H1)

    @pytest.mark.parametrize("agent", ACID_WORDS)
    def test_no_h2_offered(self, agent: str) -> None:
        """No H2 blocker is proposed or orderable; the H2 card says clinician decision."""
        p = inadequate(agent)
        recs = list(evaluate(p, at=AT))
        assert not (proposed(recs) & (H2 | PPI))
        assert not (ordered(p) & (H2 | PPI))
        assert "cetirizine" in ordered(p)  # H1 stays orderable: the reaction was read
        h2 = [r for r in recs if r.code == "antimediator.h2.add"]
        assert len(h2) == 1
        assert h2[0].medication is None

    @pytest.mark.parametrize("agent", ["PPIs", "PPI", "proton pump inhibitors"])
    def test_ppi_words_leave_h2(self, agent: str) -> None:
        """The control: a PPI class word withholds the PPIs only; famotidine stays orderable."""
        res = resolve_reaction(agent)
        assert res.members == PPI
        assert "famotidine" in ordered(inadequate(agent))

    @pytest.mark.parametrize("agent", ["acid", "acid reflux meds", "antacids"])
    def test_acid_alone_unread(self, agent: str) -> None:
        """Words that name no class stay unread: clinician decision, nothing but epinephrine."""
        res = resolve_reaction(agent)
        assert res.how is Match.UNRESOLVED
        assert ordered(inadequate(agent)) == {"epinephrine"}


ZANTAC_WORDS = (
    "Zantac",
    "ZANTAC",
    "zantac 20 mg",
    "Zantac 150",
    "allergic to Zantac (hives)",
    "Zantac, penicillin",
)


class TestZantac:
    """ "Zantac" was ranitidine's brand until its withdrawal (2020) and is famotidine's since
    ("Zantac 360", MX13, S130): the record may mean either, so a reaction to it withholds
    both (the review's finding: famotidine was offered as an order after "anaphylaxis to
    Zantac")."""

    @pytest.mark.parametrize("agent", ZANTAC_WORDS)
    @pytest.mark.parametrize("severity", ["anaphylaxis", "mild", None])
    def test_no_famotidine_offered(self, agent: str, severity: str | None) -> None:
        res = resolve_reaction(agent)
        assert {"ranitidine", "famotidine"} <= set(res.ingredients)
        assert res.how is Match.ABBREVIATION  # by brand: to be confirmed
        p = patient(
            diagnoses=["mcas"],
            birth_date=date(1990, 1, 1),
            weight_kg=60,
            symptom_control="inadequate",
            reactions=[Reaction(agent=agent, severity=severity)],
        )
        recs = list(evaluate(p, at=AT))
        assert "famotidine" not in proposed(recs)
        assert "famotidine" not in ordered(p)
        assert "epinephrine" in ordered(p) or severity != "anaphylaxis"

    def test_zantac_360_is_famotidine(self) -> None:
        """The product named: famotidine alone; "Pepcid" likewise (the controls)."""
        assert resolve_reaction("Zantac 360").ingredients == ("famotidine",)
        assert resolve_reaction("Pepcid").ingredients == ("famotidine",)
        assert resolve_reaction("ranitidine").ingredients == ("ranitidine",)

    def test_an_order_named_zantac_meets_a_famotidine_reaction(self) -> None:
        """An order or planned agent written "Zantac" is matched as both."""
        assert set(names_in("Zantac 20 mg IV")) == {"ranitidine", "famotidine"}


class TestBenadryl:
    """ "Benadryl" is diphenhydramine in the US (S29) and acrivastine (Allergy Relief) or
    cetirizine (One A Day) in the UK (S302): a reaction to it withholds all three, so that
    cetirizine is not offered after "anaphylaxis to Benadryl" (the review of this session);
    another H1 antihistamine stays proposed (the reaction was read)."""

    @pytest.mark.parametrize("agent", ["Benadryl", "BENADRYL", "allergic to Benadryl (hives)"])
    @pytest.mark.parametrize("severity", ["anaphylaxis", "mild"])
    def test_no_cetirizine_offered(self, agent: str, severity: str) -> None:
        res = resolve_reaction(agent)
        assert set(res.ingredients) == {"diphenhydramine", "cetirizine", "acrivastine"}
        assert res.how is Match.ABBREVIATION  # by brand: to be confirmed
        p = (
            inadequate(agent)
            if severity == "anaphylaxis"
            else patient(
                diagnoses=["ism"],
                birth_date=date(1980, 1, 1),
                weight_kg=70,
                symptom_control="inadequate",
                reactions=[Reaction(agent=agent, severity=severity)],
            )
        )
        given = proposed(list(evaluate(p, at=AT))) | ordered(p)
        assert not (given & {"diphenhydramine", "cetirizine", "acrivastine", "levocetirizine"})
        assert given & H1  # another H1 blocker (the reaction was read, not unread)

    @pytest.mark.parametrize(
        ("name", "generic"),
        [
            ("Benadryl Allergy Relief", "acrivastine"),
            ("Benadryl One A Day Relief", "cetirizine"),
            ("Benadryl Allergy One A Day", "cetirizine"),
            ("Benadryl", "diphenhydramine"),  # a medication so named: the catalogue's brand
        ],
    )
    def test_the_products(self, name: str, generic: str) -> None:
        found = match_drug(name)
        assert found is not None
        assert found.generic == generic
        assert generic in H1


# -- 3. first-generation H1 antihistamines -------------------------------------------------------

#: (reaction as written, ingredients read, whether diphenhydramine is withheld)
FIRST_GENERATION_REACTIONS = (
    ("dimenhydrinate", ("dimenhydrinate",), True),  # holds diphenhydramine (S300)
    ("Dramamine", ("dimenhydrinate", "meclizine"), True),  # brand of both (S300)
    ("Unisom", ("doxylamine", "diphenhydramine"), True),  # brand of both (S300)
    ("Unisom SleepGels", ("diphenhydramine",), True),
    ("Unisom SleepTabs", ("doxylamine",), False),
    ("doxylamine", ("doxylamine",), False),
    ("doxylamine succinate", ("doxylamine",), False),
    ("meclizine", ("meclizine",), False),
    ("Antivert", ("meclizine",), False),
    ("meclozine", ("meclizine",), False),
    ("promethazine", ("promethazine",), False),
    ("Phenergan", ("promethazine",), False),
    ("chlorpheniramine", ("chlorpheniramine",), False),
    ("chlorphenamine", ("chlorpheniramine",), False),
    ("Chlor-Trimeton", ("chlorpheniramine",), False),
    # the existing readings, for comparison
    ("diphenhydramine", ("diphenhydramine",), True),
    ("Benadryl", ("diphenhydramine", "cetirizine", "acrivastine"), True),  # S302: UK products
    ("hydroxyzine", ("hydroxyzine",), False),
)
NEW_FIRST_GENERATION = (
    "dimenhydrinate",
    "doxylamine",
    "meclizine",
    "promethazine",
    "chlorpheniramine",
)


class TestFirstGenerationH1:
    """Dramamine, Unisom and the other sedating H1 antihistamines (S300). Before the fix none
    was in the vocabulary: a reaction to one was unread (every proposal a clinician decision)
    and one taken was an unclassified drug."""

    @pytest.mark.parametrize(("agent", "ingredients", "withholds"), FIRST_GENERATION_REACTIONS)
    def test_reading(self, agent: str, ingredients: tuple[str, ...], withholds: bool) -> None:
        """Each name reads as its ingredients, the drug itself never proposed."""
        res = resolve_reaction(agent)
        assert res.ingredients == ingredients
        for drug in ingredients:
            match = reaction_match([Reaction(agent=agent)], drug)
            assert match is not None
            assert match.relation is Relation.SAME_DRUG

    @pytest.mark.parametrize(("agent", "ingredients", "withholds"), FIRST_GENERATION_REACTIONS)
    def test_premedication_and_orders(
        self, agent: str, ingredients: tuple[str, ...], withholds: bool
    ) -> None:
        """Diphenhydramine is withheld after it or dimenhydrinate (one moiety); the reaction is
        read, so the H1 and H2 cards still offer their orders (no unread reaction)."""
        p = inadequate(agent)
        given = proposed(list(evaluate(p, at=AT)))
        assert ("diphenhydramine" not in given) is withholds
        assert not (given & set(ingredients))
        assert {"famotidine", "epinephrine"} <= ordered(p)
        assert not [d for d in decide(p, at=AT).decisions if d.guard is not None and d.guard.unread]

    def test_dimenhydrinate_both_ways(self) -> None:
        """A reaction to diphenhydramine speaks against dimenhydrinate too (its label, S300)."""
        match = reaction_match([Reaction(agent="Benadryl")], "dimenhydrinate")
        assert match is not None
        assert match.relation is Relation.CROSS_REACTIVE
        assert match.group is not None
        assert match.group.id == "h1_diphenhydramine_moiety"
        assert "S300" in match.sources

    @pytest.mark.parametrize(
        "name",
        [*NEW_FIRST_GENERATION, "Antivert", "Phenergan", "Chlor-Trimeton", "Unisom SleepTabs"],
    )
    def test_medication_classified_without_dose(self, name: str) -> None:
        """Taken, each is a first-generation H1 antihistamine with no dose row: the H1 card
        reads it as diphenhydramine taken is read, and no dose is proposed for it."""
        assert classes_of(name) == frozenset({DrugClass.H1_FIRST_GENERATION})
        generic = generic_name(name)
        assert generic is not None
        assert lookup(generic).standard_dose is None  # type: ignore[union-attr]
        assert daily_maxima(generic, age=40) == ()

        def h1(drug: str) -> list[tuple[str, str]]:
            p = patient(
                diagnoses=["ism"],
                medications=[med(drug, 25, frequency="daily")],
                symptom_control="inadequate",
            )
            recs = list(evaluate(p, at=AT))
            for rec in recs:
                for item in (*rec.schedule, *((rec.medication,) if rec.medication else ())):
                    if (generic_name(item.drug) or item.drug) == generic:
                        assert item.dose is None, (rec.code, item)
            return [(r.code, r.summary) for r in recs if r.code.startswith("antimediator.h1")]

        assert h1(name) == h1("diphenhydramine")

    @pytest.mark.parametrize("name", ["Dramamine", "Unisom"])
    def test_brand_family_medication_unclassified(self, name: str) -> None:
        """A medication named only by a brand of two antihistamines is not guessed: it stays
        unclassified and is reported as such (a reaction to it is read as both)."""
        assert generic_name(name) is None
        p = patient(diagnoses=["ism"], medications=[med(name, 25)])
        assert any(
            "unclassified" in str(u) and u.input == "medications[0]"
            for u in evaluate(p, at=AT).unused_inputs
        )


# -- 4. H3 and H4 receptor words ----------------------------------------------------------------

OTHER_RECEPTOR_WORDS = (
    "H3 blockers",
    "H3 blocker",
    "H4 blocker",
    "H3 antagonist",
    "H3 receptor antagonists",
    "H3-blockers",
    "histamine-3 antagonist",
    "H3 antihistamine",
    "h4 antihistamines",
    "H5 blocker",  # no such class: a number is never changed by spelling
    "pitolisant",
    "Wakix",
)


class TestOtherHistamineReceptors:
    """H3 antagonists (pitolisant) are not H1 blockers. Before the fix "H3 blockers" was
    spelled to "H1 blockers" (and "H3 antihistamines" read as every antihistamine)."""

    @pytest.mark.parametrize("agent", OTHER_RECEPTOR_WORDS)
    def test_unread(self, agent: str) -> None:
        """Unresolved: no class, no drug; every proposal a clinician decision, only
        epinephrine orderable."""
        res = resolve_reaction(agent)
        assert res.how is Match.UNRESOLVED
        assert not res.known
        assert ordered(inadequate(agent)) == {"epinephrine"}

    def test_beside_a_drug(self) -> None:
        """Written beside a drug, the drug is read and the H3 phrase reported unresolved."""
        res = resolve_reaction("penicillin, H3 blocker")
        assert res.ingredients == ("penicillin",)
        assert res.classes == ()
        assert res.unresolved == ("h3-blocker",)

    @pytest.mark.parametrize(
        ("agent", "group"),
        [
            ("H1 blockers", "h1_class"),
            ("H2 blockers", "h2_class"),
            ("H1 antagonist", "h1_class"),
            ("h2 blokers", "h2_class"),  # spelling that keeps the number
        ],
    )
    def test_controls(self, agent: str, group: str) -> None:
        """The control: H1 and H2 words still name their class."""
        assert [g.id for g in resolve_reaction(agent).classes] == [group]
