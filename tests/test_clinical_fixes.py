"""Clinical defects kept while the old engine was the oracle, fixed and pinned (round 25).

Each class is one defect: the table it was found with and the rows around it, citing the
facts involved (S..., XR... in the clinical reference).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import Indicator, Patient, Recommendation, evaluate
from mastcell.cdshooks import cards
from mastcell.decision import Action
from mastcell.engine import decide
from mastcell.facts import facts_of
from mastcell.guard import is_proposal
from mastcell.knowledge.resolve import resolve_reaction
from mastcell.model import (
    AdverseEvent,
    Medication,
    PainAssessment,
    Procedure,
    Reaction,
)
from mastcell.rules.monitoring_facts import CONFLICTING
from mastcell.testing import AT, lab, med, patient
from mastcell.text import shorten
from proposals import H1, H2, proposed


def report_of(p: Patient) -> list[Recommendation]:
    return list(evaluate(p, at=AT))


def the(p: Patient, code: str) -> Recommendation:
    found = [r for r in report_of(p) if r.code == code]
    assert len(found) == 1, [(r.code, r.summary) for r in report_of(p)]
    return found[0]


# -- 1. two aspirins on the list: the verdict does not depend on the order ---------------------

TAKEN = med("aspirin", 81, frequency="daily")
PLANNED = med("aspirin", 325, frequency="daily", status="planned")
NSAID = "analgesia.nsaid.caution"


class TestAspirinOrder:
    """A taken and a planned aspirin after a reaction to ibuprofen: the planned one's avoid holds.

    Aspirin taken now with no reaction to aspirin itself is tolerated (S32, A14; XR10 and S140
    for the cross-reactive phenotypes); a planned aspirin is not yet tolerated, and a prior
    reaction to an NSAID makes it an avoid (S33, S35, S39). Before the fix the last aspirin on
    the list decided for both.
    """

    @pytest.mark.parametrize(
        ("meds", "severity", "indicator", "avoid", "opening"),
        [
            # taken and planned, in both orders: the planned one's avoid, critical for
            # anaphylaxis, said of the planned one (the one taken now is tolerated and
            # antimediator.aspirin.avoid says not to stop it: the two cards agree)
            ((TAKEN, PLANNED), "anaphylaxis", Indicator.CRITICAL, True, "Do not start the planned aspirin"),
            ((PLANNED, TAKEN), "anaphylaxis", Indicator.CRITICAL, True, "Do not start the planned aspirin"),
            ((TAKEN, PLANNED), "flare", Indicator.WARNING, True, "Do not start the planned aspirin"),
            ((PLANNED, TAKEN), "flare", Indicator.WARNING, True, "Do not start the planned aspirin"),
            # one aspirin alone: taken is tolerated (information), planned is an avoid
            ((TAKEN,), "anaphylaxis", Indicator.INFO, False, "Aspirin"),
            ((PLANNED,), "anaphylaxis", Indicator.CRITICAL, True, "Avoid aspirin"),
            ((PLANNED, PLANNED), "flare", Indicator.WARNING, True, "Avoid aspirin"),
            ((TAKEN, TAKEN), "anaphylaxis", Indicator.INFO, False, "Aspirin"),
        ],
    )  # fmt: skip
    def test_verdict(
        self,
        meds: tuple[Medication, ...],
        severity: str,
        indicator: Indicator,
        avoid: bool,
        opening: str,
    ) -> None:
        """The NSAID verdict on aspirin is the most cautious of its entries, in any order; with
        one taken now beside a planned one, it speaks of the planned one."""
        p = patient(
            diagnoses=["ism"],
            medications=list(meds),
            reactions=[Reaction(agent="ibuprofen", severity=severity)],
        )
        rec = the(p, NSAID)
        assert rec.indicator is indicator
        assert rec.summary.startswith(opening), rec.summary
        both = TAKEN in meds and PLANNED in meds
        assert ("taken now has no reaction recorded to aspirin itself" in rec.detail) is both
        # acetaminophen is offered instead exactly when aspirin is an avoid
        assert (rec.medication is not None and rec.medication.drug == "acetaminophen") is avoid

    @given(
        st.permutations(
            [
                TAKEN,
                PLANNED,
                med("cetirizine", 10, frequency="daily"),
                med("clopidogrel", 75, frequency="daily"),
                med("naproxen", 250, frequency="bid", status="planned"),
            ]
        ),
        st.sampled_from(["anaphylaxis", "flare", None]),
    )
    def test_permutations(self, meds: list[Medication], severity: str | None) -> None:
        """Permuting the medication list never changes the codes and indicators of the report."""
        reactions = [Reaction(agent="ibuprofen", severity=severity)]
        first = Counter(
            (r.code, r.indicator)
            for r in report_of(patient(diagnoses=["ism"], medications=meds, reactions=reactions))
        )
        reference = [TAKEN, PLANNED, *[m for m in meds if m.drug != "aspirin"]]
        second = Counter(
            (r.code, r.indicator)
            for r in report_of(
                patient(diagnoses=["ism"], medications=reference, reactions=reactions)
            )
        )
        assert first == second


# -- 2. a reaction to "antihistamines" withholds the H2 blockers too ------------------------------

SURGERY = Procedure(kind="surgery", date=date(2026, 12, 3), anesthesia="general")


class TestAntihistamineClassWord:
    """The bare class word names H1 and H2 antihistamines (A1, A3; S29, S30); H1 and H2 words
    name their own class only.

    Before the fix "antihistamines" resolved to the H1 class alone, so famotidine was still
    proposed after a reaction recorded as "antihistamines"; "H1 receptor antagonist" was
    spelled into the H2 class (cetirizine proposed) and "H2-antihistamines" into the H1 class.
    """

    @pytest.mark.parametrize(
        ("agent", "blocks_h1", "blocks_h2"),
        [
            ("antihistamines", True, True),
            ("Antihistamine", True, True),
            ("anti-histamines", True, True),  # spelling the vocabulary corrects
            ("antihistamnes", True, True),  # misspelling
            ("allergic to antihistamines", True, True),
            ("H1 antihistamines", True, False),
            ("H1 blockers", True, False),
            ("H1-blockers", True, False),
            ("h1-antihistamine", True, False),
            ("H1 receptor antagonist", True, False),
            ("H1 antagonists", True, False),
            ("H2 blockers", False, True),
            ("H2 antihistamines", False, True),
            ("H2-antihistamines", False, True),
            ("H2 receptor antagonists", False, True),
            ("H2RA", False, True),
            # the review of round 25: receptor-blocker and histamine-1/-2 forms were unread
            # (every proposal a clinician decision, but orders still offered), the two
            # classes named together read as H2 alone, and qualified H1 words blocked H2
            ("H1 receptor blocker", True, False),
            ("H1-receptor blocker", True, False),
            ("histamine-1 antagonist", True, False),
            ("anti-H1", True, False),
            ("H2 receptor blocker", False, True),
            ("H2-receptor blocker", False, True),
            ("histamine-2 blocker", False, True),
            ("histamine-2 receptor antagonists", False, True),
            ("H2 histamine blocker", False, True),
            ("anti-H2", False, True),
            ("H2 inhibitor", False, True),
            ("histamine blockers", True, True),
            ("H1 and H2 blockers", True, True),
            ("H1/H2 blockers", True, True),
            ("H1 & H2 antihistamines", True, True),
            ("non-sedating antihistamines", True, False),
            ("second-generation antihistamines", True, False),
            ("sedating antihistamines", True, False),
            ("first generation antihistamines", True, False),
        ],
    )
    def test_spellings(self, agent: str, blocks_h1: bool, blocks_h2: bool) -> None:
        """Each spelling withholds exactly its receptor class, with the H1 case's wording."""
        resolution = resolve_reaction(agent)
        members = frozenset().union(*(g.members for g in resolution.classes))
        assert (members >= H1) is blocks_h1, [g.id for g in resolution.classes]
        assert (members >= H2) is blocks_h2, [g.id for g in resolution.classes]
        assert bool(members & H1) is blocks_h1
        assert bool(members & H2) is blocks_h2
        p = patient(
            diagnoses=["ism"],
            reactions=[Reaction(agent=agent)],
            procedures=[SURGERY],
            pain=PainAssessment(score=6),
        )
        recs = report_of(p)
        given_now = proposed(recs)
        assert not (given_now & H1) if blocks_h1 else given_now & H1
        assert not (given_now & H2) if blocks_h2 else given_now & H2
        for code, blocked in (
            ("antimediator.h1.start", blocks_h1),
            ("antimediator.h2.add", blocks_h2),
        ):
            rec = the(p, code)
            if blocked:
                assert rec.medication is None
                assert rec.summary.endswith("no acceptable option on record: clinician decision")
                assert "the record names the class, not the drug (S29, S30)" in rec.detail
            else:
                assert rec.medication is not None


# -- 3. a planned NSAID after an NSAID reaction: "do not start", not "stop" ------------------------

STOP_WORDS = "- stop or replace it."
START_WORDS = "- do not start it; choose another."


class TestPlannedNsaidWording:
    """After a reaction to an NSAID, aspirin and NSAIDs are avoided (S33, S35, S39): one taken
    now is stopped or replaced, one planned is not started; the action says which.

    Before the fix a planned drug was told "stop or replace it" and the action was AVOID for
    both.
    """

    @pytest.mark.parametrize(
        ("meds", "stopped", "not_started", "action"),
        [
            ((med("aspirin", 81, status="planned"),), (), ("aspirin",), Action.AVOID),
            ((med("naproxen", 250, status="planned"),), (), ("naproxen",), Action.AVOID),
            ((med("naproxen", 250),), ("naproxen",), (), Action.STOP),
            (
                (med("naproxen", 250, status="planned"), med("ibuprofen", 200)),
                ("ibuprofen",),
                ("naproxen",),
                Action.STOP,
            ),
            # nothing on the list: the avoidance alone
            ((), (), (), Action.AVOID),
            # aspirin taken now with no reaction to aspirin itself is kept, not stopped (XR10)
            ((med("aspirin", 81),), (), (), Action.AVOID),
        ],
    )
    def test_wording_and_action(
        self,
        meds: tuple[Medication, ...],
        stopped: tuple[str, ...],
        not_started: tuple[str, ...],
        action: Action,
    ) -> None:
        """Taken: 'stop or replace it' (STOP); planned: 'do not start it' (AVOID)."""
        p = patient(
            diagnoses=["ism"],
            medications=list(meds),
            reactions=[Reaction(agent="ibuprofen", severity="flare")],
        )
        rec = the(p, "antimediator.aspirin.avoid")
        if stopped:
            assert f"On the list now: {', '.join(stopped)} {STOP_WORDS}" in rec.detail
        else:
            assert STOP_WORDS not in rec.detail
        if not_started:
            assert f"Planned: {', '.join(not_started)} {START_WORDS}" in rec.detail
        else:
            assert START_WORDS not in rec.detail
        decisions = [
            d for d in decide(p, at=AT).decisions if d.code == "antimediator.aspirin.avoid"
        ]
        assert [d.action for d in decisions] == [action]


class TestAspirinForTheHeart:
    """Aspirin for the heart after a reaction to aspirin itself is never simply stopped
    (SR4, S242): the action stays AVOID (cardiology and allergy decide), where an aspirin
    taken for anything else is STOP. A row the review of round 25 asked for: a rule giving
    STOP to any drug taken now passed every row above."""

    @pytest.mark.parametrize(
        ("meds", "action"),
        [
            ((med("aspirin", 81), med("clopidogrel", 75)), Action.AVOID),
            ((Medication(drug="aspirin", indication="cardiovascular"),), Action.AVOID),
            ((med("aspirin", 81, status="planned"), med("clopidogrel", 75)), Action.AVOID),
            ((med("aspirin", 81),), Action.STOP),  # the control: not for the heart
        ],
    )
    def test_action(self, meds: tuple[Medication, ...], action: Action) -> None:
        p = patient(
            diagnoses=["ism"],
            medications=list(meds),
            reactions=[Reaction(agent="aspirin", severity="flare")],
        )
        decisions = [
            d for d in decide(p, at=AT).decisions if d.code == "antimediator.aspirin.avoid"
        ]
        assert [d.action for d in decisions] == [action]
        detail = the(p, "antimediator.aspirin.avoid").detail
        assert ("never simply stopped" in detail) is (action is Action.AVOID)
        assert (STOP_WORDS in detail) is (action is Action.STOP)


# -- 4. conflicting results drawn after the moment are not read -----------------------------------


class TestConflictingAfterTheMoment:
    """Results drawn after the evaluation moment are not known yet: monitoring.labs.conflicting
    neither reports nor reads them (a library convention, CONVENTION), as every other read.

    Before the fix the rule skipped such a group but its read still read (and declared)
    every result of every group, whatever its draw time.
    """

    @pytest.mark.parametrize(
        ("offset", "known"),
        [
            (timedelta(days=-1), True),
            (timedelta(seconds=-1), True),
            (timedelta(0), True),  # at the moment: drawn by the moment
            (timedelta(seconds=1), False),
            (timedelta(days=1), False),
        ],
    )
    def test_moment(self, offset: timedelta, known: bool) -> None:
        """Two ANCs of one draw time disagree: reported and read only when drawn by the moment."""
        t = AT + offset
        p = patient(
            diagnoses=["ism"],
            labs=[lab("anc", 1.2, "10*9/L", t), lab("anc", 800, "/uL", t)],
        )
        f = facts_of(p, AT)
        assert CONFLICTING.paths(f) == (("labs[0]", "labs[1]") if known else ())
        assert len(CONFLICTING.of(f)) == int(known)
        report = evaluate(p, at=AT, categories=["monitoring"])
        found = report.get("monitoring.labs.conflicting")
        assert len(found) == int(known)
        if known:
            assert [x.input for x in found[0].findings] == ["labs[0]", "labs[1]"]
        else:
            assert [u.reason for u in report.unused_inputs] == [
                "anc drawn after the evaluation time; not used"
            ] * 2
        assert not [r for r in report.reviewed_inputs if r.input.startswith("labs")]

    def test_earlier_group_kept(self) -> None:
        """A group drawn before the moment is reported; one drawn after it beside it is not."""
        before, after = AT - timedelta(days=1), AT + timedelta(days=1)
        p = patient(
            diagnoses=["ism"],
            labs=[
                lab("platelets", 90, "10*9/L", after),
                lab("platelets", 60, "10*9/L", after),
                lab("platelets", 120, "10*9/L", before),
                lab("platelets", 100, "10*9/L", before),
            ],
        )
        assert CONFLICTING.paths(facts_of(p, AT)) == ("labs[2]", "labs[3]")
        found = evaluate(p, at=AT).get("monitoring.labs.conflicting")
        assert [[x.input for x in r.findings] for r in found] == [["labs[2]", "labs[3]"]]


# -- 5. the metamizole checks declare the ANC they read --------------------------------------------

NOT_READ = "anc: no rule in the evaluated categories reads it"


class TestMetamizoleAncDeclared:
    """An ANC the metamizole label check reads (agranulocytosis, SR5; S243) is accounted as read.

    emergency.triggers.avoid and analgesia.nsaid.caution name metamizole as an alternative to
    an NSAID only when its label allows it, which reads the ANC. Before the fix neither rule
    declared the analyte, so with its category alone the ANC they had read was reported as
    one no rule in the evaluated categories reads.
    """

    # around METAMIZOLE.anc_below (1.0 x10^9/L, CTCAE grade 3; S243), in two units, and an
    # ANC derived from the WBC and neutrophil % (2.0 x 45 % = 0.9)
    @pytest.mark.parametrize(
        ("labs", "rules_out"),
        [
            ([("anc", 0.9, "10*9/L")], True),
            ([("anc", 1.0, "10*9/L")], False),
            ([("anc", 999, "/uL")], True),
            ([("anc", 1000, "/uL")], False),
            ([("anc", 3000, "/uL")], False),
            ([("wbc", 2.0, "10*9/L"), ("neutrophils_pct", 45, "%")], True),
            ([("wbc", 2.0, "10*9/L"), ("neutrophils_pct", 50, "%")], False),
        ],
        ids=["0.9", "1.0", "999/uL", "1000/uL", "3000/uL", "derived-0.9", "derived-1.0"],
    )
    @pytest.mark.parametrize(
        ("categories", "code"),
        [
            (["emergency"], "emergency.triggers.avoid"),
            (["analgesia"], "analgesia.nsaid.caution"),
        ],
    )
    def test_read_with_its_category_alone(
        self,
        categories: list[str],
        code: str,
        labs: list[tuple[str, float, str]],
        rules_out: bool,
    ) -> None:
        """With one category evaluated, every result behind the ANC is read by the rule: cited
        as a finding when it rules metamizole out (below 1.0 x10^9/L, S243), else reviewed.

        Before this round's fix a ruling-out ANC was declared read but never cited: the
        recommendation did not trace to it."""
        p = patient(
            diagnoses=["ism"],
            labs=[lab(a, v, u) for a, v, u in labs],
            medications=[med("ibuprofen", 400)],
        )
        report = evaluate(p, at=AT, categories=categories)
        found = report.get(code)
        assert len(found) == 1
        assert not report.unused_inputs, [str(u) for u in report.unused_inputs]
        paths = [f"labs[{i}]" for i in range(len(labs))]
        cited = [x.input for x in found[0].findings if x.input.startswith("labs")]
        reviewed = [r.input for r in report.reviewed_inputs if code in r.rules]
        assert ("metamizole not offered: ANC" in found[0].detail) is rules_out
        if rules_out:
            assert cited == paths
            assert not reviewed
        else:
            assert not cited
            assert reviewed == paths

    @pytest.mark.parametrize(
        "labs",
        [[("anc", 0.9, "10*9/L")], [("wbc", 2.0, "10*9/L"), ("neutrophils_pct", 45, "%")]],
        ids=["anc", "derived"],
    )
    def test_medication_category(self, labs: list[tuple[str, float, str]]) -> None:
        """The medication category's metamizole check: the ANC, and a derived ANC's WBC and %."""
        p = patient(
            diagnoses=["ism"],
            labs=[lab(a, v, u) for a, v, u in labs],
            medications=[med("metamizole", 500, status="planned")],
        )
        report = evaluate(p, at=AT, categories=["medication"])
        found = report.get("medication.metamizole.contraindicated")
        assert found
        assert {f"labs[{i}]" for i in range(len(labs))} <= {x.input for x in found[0].findings}
        assert not report.unused_inputs


# -- 6. the avapritinib adverse-event "clinician decision" informs, it proposes nothing ----------

AE = "cytopenia.avapritinib.adverse_event"


def on_avapritinib(term: str, grade: int, reactions: list[Reaction]) -> Patient:
    return patient(
        diagnoses=["asm"],
        medications=[med("avapritinib", 200, frequency="daily", start=date(2026, 1, 1))],
        adverse_events=[AdverseEvent(term=term, grade=grade, onset=date(2026, 11, 1))],
        reactions=reactions,
    )


class TestAvapritinibEventInforms:
    """A cognitive or grade 3-4 event on avapritinib shows the GIST scheme (LW6, LW8; S5, S6)
    and leaves the dose to the clinician: the decision informs (INFORM), it does not give.

    Before the fix it carried PREFER, a giving action, so the guard read the drug the patient
    is on as a proposal: with a reaction to avapritinib recorded the card said "avapritinib
    not proposed (recorded reaction)" and dropped the drug it is about.
    """

    @pytest.mark.parametrize(
        ("term", "grade", "indicator"),
        [
            ("nausea", 3, Indicator.CRITICAL),
            ("nausea", 4, Indicator.CRITICAL),
            ("memory impairment", 1, Indicator.WARNING),
            ("memory impairment", 3, Indicator.CRITICAL),
        ],
    )
    @pytest.mark.parametrize(
        "reactions",
        [[], [Reaction(agent="avapritinib", severity="flare")], [Reaction(agent="xq unknown")]],
        ids=["none", "reacted", "unread"],
    )
    def test_action_card_and_guard(
        self, term: str, grade: int, indicator: Indicator, reactions: list[Reaction]
    ) -> None:
        """INFORM, no order offered, and the guard leaves the card as the rule wrote it."""
        p = on_avapritinib(term, grade, reactions)
        outcome = decide(p, at=AT)
        decisions = [d for d in outcome.decisions if d.code == AE]
        assert [(d.action, d.guard) for d in decisions] == [(Action.INFORM, None)]
        rec = the(p, AE)
        assert rec.indicator is indicator
        assert rec.medication is not None
        assert (rec.medication.drug, rec.medication.timing) == ("avapritinib", "clinician decision")
        assert not is_proposal(rec.medication)
        assert "not proposed" not in rec.summary
        card = next(c for c in cards(outcome) if c["source"]["topic"]["code"] == AE)
        assert "suggestions" not in card
        if reactions and reactions[0].agent == "avapritinib":
            # the reaction is still named: the trigger card lists it among the drugs reacted to
            assert "avapritinib" in the(p, "emergency.triggers.avoid").summary


# -- 7. long summaries are cut at a word boundary, with an ellipsis -------------------------------


class TestShorten:
    """A summary longer than a CDS Hooks card's 140 characters is cut at a word boundary and
    ends in "…" (the old templates cut at [:140], mid-word and without a mark)."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("a" * 140, "a" * 140),  # exactly the limit: as it is
            ("word " * 27 + "tail", "word " * 27 + "tail"),  # 139 characters
            ("word " * 28 + "tails", "word " * 27 + "word…"),  # 145: the last whole word kept
            ("x" * 141, "x" * 139 + "…"),  # no space: a hard cut, still marked
            ("a" * 139 + " b", "a" * 139 + "…"),  # the cut falls on the space
            ("cetirizine, " * 12 + "fexofenadine", "cetirizine, " * 10 + "cetirizine…"),
        ],
    )
    def test_cut(self, text: str, expected: str) -> None:
        """At most 140 characters, whole words, ending in '…' only when cut."""
        out = shorten(text)
        assert out == expected
        assert len(out) <= 140
        assert out.endswith("…") is (len(text) > 140)

    @pytest.mark.parametrize(
        ("meds", "code", "opening"),
        [
            (
                [
                    med(d, start=date(2026, 10, 23))
                    for d in (
                        "cetirizine",
                        "fexofenadine",
                        "levocetirizine",
                        "famotidine",
                        "nizatidine",
                        "montelukast",
                        "zafirlukast",
                        "cromolyn",
                    )
                ],
                "monitoring.reassess",
                "Reassess symptom control",
            ),
            (
                [
                    med(d)
                    for d in (
                        "cetirizine",
                        "fexofenadine",
                        "levocetirizine",
                        "loratadine",
                        "desloratadine",
                        "bilastine",
                        "rupatadine",
                    )
                ],
                "antimediator.h1.increase",
                "Record the dose and frequency of",
            ),
        ],
        ids=["reassess", "h1-escalation"],
    )
    def test_long_summaries_in_reports(
        self, meds: list[Medication], code: str, opening: str
    ) -> None:
        """A summary the list makes too long ends in '…' after a whole drug name."""
        p = patient(diagnoses=["ism"], medications=meds, symptom_control="inadequate")
        summary = the(p, code).summary
        assert summary.startswith(opening)
        assert len(summary) <= 140
        assert summary.endswith("…")
        last = summary[:-1].rsplit(" ", 1)[-1].rstrip(",")
        assert last in {m.drug for m in meds} | {"H1"}, summary


def _ordered(source: object) -> set[str]:
    """The drugs the CDS Hooks cards offer to order (their suggestions' medication texts)."""
    return {
        action["resource"]["medicationCodeableConcept"]["text"]
        for card in cards(source)  # type: ignore[arg-type]
        for suggestion in card.get("suggestions", [])
        for action in suggestion["actions"]
    }


class TestUnreadReactionOrdersNothing:
    """A reaction mastcell cannot read could be to any drug it proposes: the card shows the
    proposal with the guard's "clinician decision" note, but offers no order for it (epinephrine
    stays orderable, EI1, S141). Found by this round's review: the card offered "Order
    famotidine 10 mg" with an anaphylaxis to "H2 receptor blocker" (unread then) on record."""

    @staticmethod
    def _patient(agent: str | None) -> Patient:
        return patient(
            diagnoses=["ism"],
            birth_date=date(1980, 1, 1),
            weight_kg=70,
            symptom_control="inadequate",
            reactions=[] if agent is None else [Reaction(agent=agent, severity="anaphylaxis")],
        )

    @pytest.mark.parametrize("agent", ["allergy tablets", "allergy pills", "sleeping pills"])
    @pytest.mark.parametrize("path", ["decisions", "report"])
    def test_no_order_but_epinephrine(self, agent: str, path: str) -> None:
        p = self._patient(agent)
        source = decide(p, at=AT) if path == "decisions" else evaluate(p, at=AT)
        assert _ordered(source) == {"epinephrine"}
        report = evaluate(p, at=AT)
        shown = {r.medication.drug for r in report.recommendations if r.medication is not None}
        assert {"cetirizine", "famotidine"} <= shown  # still proposed, as a clinician decision
        guarded = [d for d in decide(p, at=AT).decisions if d.guard is not None and d.guard.unread]
        assert {d.code for d in guarded} >= {"antimediator.h1.start", "antimediator.h2.add"}

    @pytest.mark.parametrize("path", ["decisions", "report"])
    def test_orders_without_the_reaction(self, path: str) -> None:
        """The control: with no reaction on record the same cards offer their orders."""
        p = self._patient(None)
        source = decide(p, at=AT) if path == "decisions" else evaluate(p, at=AT)
        assert {"epinephrine", "cetirizine", "famotidine"} <= _ordered(source)

    @pytest.mark.parametrize("agent", ["allergy tablets", "allergy pills", None])
    def test_the_summary_says_clinician_decision(self, agent: str | None) -> None:
        """The line a clinician scans says so too (the review of this session: it read "Add an
        H2 antihistamine: famotidine ..." as a plain proposal); epinephrine's never does."""
        p = self._patient(agent)
        report = evaluate(p, at=AT)
        summaries = {r.code: r.summary for r in report.recommendations}
        prefix = "Clinician decision (unread reaction): "
        for code in ("antimediator.h1.start", "antimediator.h2.add"):
            assert summaries[code].startswith(prefix) is (agent is not None), summaries[code]
        assert not summaries["emergency.epinephrine.prescribe"].startswith(prefix)
        lines = [card["summary"] for card in cards(report)]
        h2 = [line for line in lines if "H2 antihistamine" in line]
        epinephrine = [line for line in lines if "epinephrine" in line.lower()]
        assert len(h2) == 1
        assert epinephrine
        assert h2[0].startswith(prefix) is (agent is not None)
        assert not any(line.startswith(prefix) for line in epinephrine)


class TestReadinessAfterAReaction:
    """perioperative.emergency_readiness lists what to have at hand in theatre (O14): IV
    antihistamines and corticosteroids. With a reaction recorded to one of them (or to its
    class) the card names it as not to be had ready for this patient, the alternative a
    clinician decision; epinephrine stays (EI1, S141). Found by the review of round 25: the
    card told the team to have IV H1 and H2 antihistamines ready after an anaphylaxis to
    "antihistamines"."""

    @pytest.mark.parametrize(
        ("agent", "not_ready"),
        [
            ("antihistamines", ("diphenhydramine", "famotidine")),
            ("Benadryl", ("diphenhydramine",)),
            ("H2 blockers", ("famotidine",)),
            ("steroids", ("methylprednisolone", "hydrocortisone")),
            ("hydrocortisone", ("hydrocortisone",)),
            ("heat", ()),
            ("epinephrine", ()),  # never withheld
        ],
    )
    @pytest.mark.parametrize("severity", ["anaphylaxis", "flare"])
    def test_card(self, agent: str, not_ready: tuple[str, ...], severity: str) -> None:
        p = patient(
            diagnoses=["ism"],
            reactions=[Reaction(agent=agent, severity=severity)],
            procedures=[Procedure(kind="surgery", date=date(2026, 12, 1), anesthesia="general")],
        )
        rec = the(p, "perioperative.emergency_readiness")
        assert "have epinephrine" in rec.summary
        if not_ready:
            assert f"not {', '.join(not_ready)} (recorded reaction)" in rec.summary
            assert "Not to be had ready for this patient: " + ", ".join(not_ready) in rec.detail
            assert "reactions[0]" in {f.input for f in rec.findings}
        else:
            assert rec.summary.endswith("IV antihistamines and IV corticosteroids ready")
            assert "Not to be had ready" not in rec.detail
