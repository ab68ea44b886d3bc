"""The mast-cell drug safety catalogue (fact sheet 2.3, 2.4, 2.7) and the public vetting API."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.options import PerioperativeOptions
from mastcell.knowledge.safety import CONFLICTS, SAFETY, SafetyGroup, SafetyLevel, safety_of
from mastcell.knowledge.sources import SOURCES
from mastcell.model import DrugClass
from mastcell.vetting import VetStatus, alternatives, level_of, unrated_group, vet, vet_agent

A, C, OK, P = (
    SafetyLevel.AVOID,
    SafetyLevel.CAUTION,
    SafetyLevel.ACCEPTABLE,
    SafetyLevel.PREFERRED,
)

#: Drug classes whose every catalogue member section 2.7 rates.
RATED_CLASSES = {
    DrugClass.OPIOID,
    DrugClass.NSAID,
    DrugClass.ASPIRIN,
    DrugClass.NON_OPIOID_ANALGESIC,
    DrugClass.NEUROMUSCULAR_BLOCKER,
    DrugClass.INDUCTION_AGENT,
    DrugClass.BENZODIAZEPINE,
    DrugClass.VOLATILE_ANESTHETIC,
    DrugClass.LOCAL_ANESTHETIC,
    DrugClass.REVERSAL_AGENT,
    DrugClass.ANTIBIOTIC,
    DrugClass.BETA_BLOCKER,
    DrugClass.ACE_INHIBITOR,
    DrugClass.CONTRAST_AGENT,
}


#: Opioids P3 / section 2.7 do not rate (XR7: a potency order only).
UNRATED_OPIOIDS = {
    "hydrocodone",
    "oxymorphone",
    "dihydrocodeine",
    "tramadol",
    "tapentadol",
    "methadone",
    "nalbuphine",
    "butorphanol",
    "pentazocine",
}


class TestCatalogueIntegrity:
    """Every rated agent is a catalogue drug with registered sources."""

    @pytest.mark.parametrize("generic", sorted(SAFETY))
    def test_every_agent_has_a_registered_source(self, generic: str) -> None:
        """Each agent cites at least one source, and every id is in the registry."""
        entry = SAFETY[generic]
        assert entry.sources
        assert all(s in SOURCES for s in entry.all_sources)

    @pytest.mark.parametrize("generic", sorted(SAFETY))
    def test_keyed_by_catalogue_generic_name(self, generic: str) -> None:
        """Keys are the drug catalogue's generic names."""
        assert generic in CATALOGUE
        assert SAFETY[generic].generic == generic

    @pytest.mark.parametrize(
        "generic",
        sorted(g for g, d in CATALOGUE.items() if d.classes & RATED_CLASSES),
    )
    def test_every_section_2_7_class_member_is_rated(self, generic: str) -> None:
        """No NSAID, NMBA, hypnotic, antibiotic... goes unrated; only P3-unlisted opioids do.

        Section 2.7 and P3 name no rating for hydrocodone, tramadol, methadone and the other
        opioids the vocabulary added (XR7 gives a potency order only): they are opioids for
        every rule and vetted as unrated in the opioid group (clinician decision).
        """
        if generic in UNRATED_OPIOIDS:
            assert safety_of(generic) is None
            assert unrated_group(generic) is SafetyGroup.OPIOID
            assert vet_agent(generic).status is VetStatus.UNRATED
        else:
            assert safety_of(generic) is not None

    def test_unrated_opioids_are_exactly_the_listed_ones(self) -> None:
        """The opioids without a rating are the nine the sources leave unrated, no other."""
        unrated = {
            g for g, d in CATALOGUE.items() if DrugClass.OPIOID in d.classes and g not in SAFETY
        }
        assert unrated == UNRATED_OPIOIDS

    @pytest.mark.parametrize(
        "generic", ["adenosine", "protamine", "chlorhexidine", "povidone-iodine"]
    )
    def test_other_listed_agents_are_rated(self, generic: str) -> None:
        """O6 antiseptics and O8 adenosine/protamine are rated though classed 'other'."""
        assert safety_of(generic) is not None


class TestLevels:
    """The default level of each agent follows its fact-sheet row."""

    @pytest.mark.parametrize(
        ("agent", "level"),
        [
            pytest.param("morphine", A, id="P3/P5-morphine-conflict-default-avoid"),
            pytest.param("codeine", A, id="P3-codeine"),
            pytest.param("meperidine", A, id="P3/P4-meperidine"),
            pytest.param("fentanyl", P, id="P1/P4-fentanyl-preferred"),
            pytest.param("remifentanil", OK, id="P3-remifentanil"),
            pytest.param("sufentanil", OK, id="P3-sufentanil"),
            pytest.param("alfentanil", OK, id="P3-alfentanil"),
            pytest.param("hydromorphone", OK, id="P3-hydromorphone"),
            pytest.param("buprenorphine", OK, id="P3-buprenorphine"),
            pytest.param("oxycodone", OK, id="P3-S39-oxycodone"),
            pytest.param("piritramide", OK, id="P3-S39-piritramide"),
            pytest.param("acetaminophen", P, id="P6-acetaminophen-recommended"),
            pytest.param("metamizole", OK, id="P7-metamizole"),
            pytest.param("ibuprofen", C, id="A14-NSAID-conflict-default-caution"),
            pytest.param("aspirin", C, id="A14-aspirin"),
            pytest.param("ketorolac", C, id="P7-ketorolac"),
            pytest.param("nefopam", C, id="P7-nefopam"),
            pytest.param("atracurium", A, id="O1-atracurium"),
            pytest.param("mivacurium", A, id="O1-mivacurium"),
            pytest.param("cisatracurium", OK, id="O4-cisatracurium"),
            pytest.param("rocuronium", OK, id="O3-rocuronium-conflict-default"),
            pytest.param("vecuronium", OK, id="O3-vecuronium"),
            pytest.param("pancuronium", OK, id="O3-pancuronium"),
            pytest.param("succinylcholine", C, id="O2-succinylcholine-conflict-default"),
            pytest.param("thiopental", A, id="O5-thiopental"),
            pytest.param("methohexital", A, id="O5-methohexital"),
            pytest.param("propofol", OK, id="O5-propofol"),
            pytest.param("ketamine", OK, id="O5-ketamine"),
            pytest.param("sevoflurane", OK, id="O5-volatile"),
            pytest.param("nitrous oxide", OK, id="O5-N2O"),
            pytest.param("midazolam", OK, id="O5-midazolam"),
            pytest.param("lidocaine", OK, id="O6-amide"),
            pytest.param("procaine", OK, id="O6-ester-conflict-default"),
            pytest.param("sugammadex", OK, id="O6-reversal"),
            pytest.param("vancomycin", A, id="O7-vancomycin"),
            pytest.param("polymyxin b", A, id="O7-polymyxin"),
            pytest.param("cefazolin", OK, id="O7-cephalosporin"),
            pytest.param("ciprofloxacin", OK, id="O7-fluoroquinolone-conflict-default"),
            pytest.param("adenosine", C, id="O8-adenosine"),
            pytest.param("protamine", C, id="O8-protamine"),
            pytest.param("metoprolol", C, id="O8-beta-blocker"),
            pytest.param("iodinated contrast", OK, id="O15-iodinated"),
            pytest.param("gadolinium contrast", OK, id="O15-gadolinium"),
            pytest.param("chlorhexidine", OK, id="O6-antiseptic"),
        ],
    )
    def test_default_level(self, agent: str, level: SafetyLevel) -> None:
        """The default level is the one the fact sheet row (or its conflict default) gives."""
        assert level_of(agent) is level
        assert vet_agent(agent).level is level


class TestConflicts:
    """Disagreements are data: every reading with its sources, and an option to choose."""

    @pytest.mark.parametrize(
        ("agent", "option"),
        [
            pytest.param("succinylcholine", "succinylcholine", id="O2"),
            pytest.param("rocuronium", "rocuronium", id="O3"),
            pytest.param("ibuprofen", "nsaids", id="A14-ibuprofen"),
            pytest.param("aspirin", "nsaids", id="A14-aspirin"),
            pytest.param("celecoxib", "nsaids", id="A14-celecoxib"),
            pytest.param("levofloxacin", "fluoroquinolones", id="O7"),
            pytest.param("morphine", "morphine", id="P5"),
            pytest.param("tetracaine", "ester_local_anesthetics", id="O6"),
        ],
    )
    def test_conflicted_agents_carry_their_conflict(self, agent: str, option: str) -> None:
        """The contested agents of the issue record their conflict and its option."""
        entry = SAFETY[agent]
        assert entry.conflict is CONFLICTS[option]

    @pytest.mark.parametrize("option", sorted(CONFLICTS))
    def test_conflict_has_disagreeing_readings(self, option: str) -> None:
        """A conflict has at least two readings at different levels, each sourced."""
        conflict = CONFLICTS[option]
        assert len({r.level for r in conflict.readings}) >= 2
        assert all(r.sources for r in conflict.readings)
        assert conflict.default in {r.level for r in conflict.readings}

    @pytest.mark.parametrize("option", sorted(CONFLICTS))
    def test_conflict_option_is_a_field_defaulting_to_none(self, option: str) -> None:
        """Each conflict names a PerioperativeOptions field whose default keeps the default."""
        fields = {f.name: f for f in attrs.fields(PerioperativeOptions)}
        assert option in fields
        assert getattr(PerioperativeOptions(), option) is None

    @pytest.mark.parametrize(
        ("agent", "option", "chosen"),
        [
            pytest.param("succinylcholine", "succinylcholine", A, id="O2-seed-reading"),
            pytest.param("succinylcholine", "succinylcholine", OK, id="O2-S33-reading"),
            pytest.param("rocuronium", "rocuronium", A, id="O3-S39-reading"),
            pytest.param("naproxen", "nsaids", A, id="A14-blanket-list"),
            pytest.param("moxifloxacin", "fluoroquinolones", C, id="O7-S-DRO"),
            pytest.param("morphine", "morphine", OK, id="P5-porcine-study"),
            pytest.param("chloroprocaine", "ester_local_anesthetics", C, id="O6-S39"),
        ],
    )
    def test_option_chooses_another_reading(
        self, agent: str, option: str, chosen: SafetyLevel
    ) -> None:
        """Setting the option changes the level in force and marks it as overridden."""
        changes: dict[str, Any] = {option: chosen.value}
        options = attrs.evolve(PerioperativeOptions(), **changes)
        verdict = vet_agent(agent, options)
        assert verdict.level is chosen
        assert verdict.overridden
        assert not vet_agent(agent).overridden

    def test_describe_states_both_sides(self) -> None:
        """A conflict's description names every reading's sources and the option."""
        text = vet_agent("succinylcholine").describe()
        assert "CONFLICT" in text
        assert "SEED-B" in text
        assert "S33" in text
        assert "PerioperativeOptions.succinylcholine" in text


class TestAlternatives:
    """Alternatives are usable agents of the same group, preferred first."""

    def test_nmba_alternatives_exclude_releasers_and_contested(self) -> None:
        """Atracurium's alternatives are the acceptable NMBAs, not succinylcholine (O1-O4)."""
        alts = vet_agent("atracurium").alternatives
        assert set(alts) == {"cisatracurium", "rocuronium", "vecuronium", "pancuronium"}

    def test_rocuronium_dropped_when_rated_avoid(self) -> None:
        """With S39's reading chosen, rocuronium is no longer offered (O3)."""
        options = PerioperativeOptions(rocuronium="avoid")
        assert "rocuronium" not in vet_agent("mivacurium", options).alternatives

    def test_opioid_alternatives_start_with_fentanyl(self) -> None:
        """Morphine's alternatives start with the preferred opioid (P3, P4)."""
        alts = vet_agent("morphine").alternatives
        assert alts[0] == "fentanyl"
        assert not {"codeine", "meperidine", "morphine"} & set(alts)

    def test_nsaid_alternatives_are_acetaminophen_first(self) -> None:
        """An NSAID's alternatives are acetaminophen then metamizole (P6, P7)."""
        assert vet_agent("ibuprofen").alternatives == ("acetaminophen", "metamizole")

    def test_usable_agent_has_no_alternatives(self) -> None:
        """An acceptable agent needs no alternative."""
        assert vet_agent("propofol").alternatives == ()

    def test_no_alternative_is_said_plainly(self) -> None:
        """Adenosine has no listed alternative and the description says so (O8)."""
        verdict = vet_agent("adenosine")
        assert verdict.alternatives == ()
        assert "no safer alternative" in verdict.describe()

    @pytest.mark.parametrize("group", list(SafetyGroup))
    def test_alternatives_are_usable_and_ordered(self, group: SafetyGroup) -> None:
        """Every alternative is acceptable or preferred, preferred ones first."""
        ranks = [level_of(a) for a in alternatives(group)]
        assert all(level is not None and level.usable for level in ranks)
        assert ranks == sorted(ranks, key=lambda lv: -lv.rank if lv else 0)


class TestVet:
    """The public vetting function reports every name given."""

    def test_unknown_and_unrated_are_reported(self) -> None:
        """An unknown name is reported unknown and a known unrated drug unrated, in order."""
        out = vet(["xyzzy", "Cetirizine", "ATRACURIUM"])
        assert [v.status for v in out] == [VetStatus.UNKNOWN, VetStatus.UNRATED, VetStatus.RATED]
        assert [v.name for v in out] == ["xyzzy", "Cetirizine", "ATRACURIUM"]
        assert out[0].level is None
        assert "unknown" in out[0].describe()

    @pytest.mark.parametrize(
        ("name", "generic"),
        [
            pytest.param("suxamethonium", "succinylcholine", id="synonym"),
            pytest.param("Anectine", "succinylcholine", id="brand"),
            pytest.param("pethidine", "meperidine", id="P3-synonym"),
            pytest.param("Paracetamol", "acetaminophen", id="P6-synonym"),
            pytest.param("thiopentone", "thiopental", id="O5-synonym"),
        ],
    )
    def test_names_resolve_to_generic(self, name: str, generic: str) -> None:
        """Synonyms and brands are vetted as their generic."""
        assert vet_agent(name).generic == generic

    def test_single_string_is_one_agent(self) -> None:
        """A single name is not split into letters."""
        assert len(vet("propofol")) == 1

    def test_sources_include_conflict_readings(self) -> None:
        """A verdict's sources include every reading of its conflict."""
        assert {"SEED-B", "S33", "S39", "S37"} <= set(vet_agent("succinylcholine").sources)

    @given(st.lists(st.text(min_size=1, max_size=20) | st.sampled_from(sorted(SAFETY))))
    def test_nothing_is_dropped(self, names: list[str]) -> None:
        """Any list of names gives one verdict per name, in order."""
        out = vet(names)
        assert [v.name for v in out] == names
