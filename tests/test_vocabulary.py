"""One drug vocabulary: every way a chart writes a drug, and no proposal of a drug reacted to.

Issue 16 items 1-3. A reaction recorded under a brand, a salt or form, a misspelling, a class
word, a combination product or an RxNorm code speaks against the drug and its cross-reactive
group (addendum section 7, XR1-XR12; S182-S185 for the beta-lactam, sulfonamide and local
anaesthetic groups) exactly as the generic name does: no proposal, schedule or list of
alternatives names it, and a finding says how the agent was read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mastcell import Patient, Recommendation, evaluate, patient_from_dict
from mastcell.decision import Action, Decision
from mastcell.fhir import read as fhir_read
from mastcell.guard import guard_decisions, guard_text, is_proposal
from mastcell.knowledge.allergy import NEVER_WITHHELD, NO_OPTION, allowed, reaction_match
from mastcell.knowledge.drugs import (
    CATALOGUE,
    MAX_NAME_TEXT,
    Match,
    classes_of,
    generic_name,
    ingredients_of,
    lookup,
    match_drug,
)
from mastcell.knowledge.forms import strip_forms
from mastcell.knowledge.groups import CLASS_WORDS, CROSS_REACTIVE_GROUPS, groups_of
from mastcell.knowledge.products import PRODUCTS
from mastcell.knowledge.resolve import resolve, resolve_reaction
from mastcell.model import (
    DoseAdvice,
    DrugClass,
    Indicator,
    PainAssessment,
    Procedure,
    Reaction,
    Weight,
)
from mastcell.testing import AT, days_before, lab, med, patient

# -- the forms a chart writes a drug in ---------------------------------------------------------

BRAND, SALT, SPELLING, CLASS, COMBINATION, CODE = (
    "brand",
    "salt",
    "spelling",
    "class",
    "combination",
    "code",
)

#: What a finding says for each form (the resolution's words).
SAYS = {
    BRAND: "brand name of",
    SALT: "salt or dose form stripped",
    SPELLING: "by spelling",
    CLASS: "class word for",
    COMBINATION: "combination of",
    CODE: "RxNorm code of",
}

#: Per group, at least three drugs, each with the forms that exist for it (a verified RxNorm
#: code exists for few of them: codes-verified.md; an NMBA has no combination product, so a
#: combination written out with a drug of another class stands for it).
TABLE: dict[str, dict[str, dict[str, str]]] = {
    "nmba": {
        "rocuronium": {
            BRAND: "Zemuron",
            SALT: "rocuronium bromide",
            SPELLING: "rocuronum",
            CLASS: "neuromuscular blockers",
            COMBINATION: "rocuronium/propofol",
        },
        "vecuronium": {
            BRAND: "Norcuron",
            SALT: "vecuronium bromide",
            SPELLING: "vecuronim",
            CLASS: "muscle relaxants",
            COMBINATION: "vecuronium and propofol",
        },
        "succinylcholine": {
            BRAND: "Anectine",
            SALT: "suxamethonium chloride",
            SPELLING: "succinylcholin",
            CLASS: "NMBAs",
            COMBINATION: "succinylcholine + propofol",
            CODE: "rxnorm:10154",
        },
        "cisatracurium": {
            BRAND: "Nimbex",
            SALT: "cisatracurium besylate",
            SPELLING: "cisatracurim",
            CLASS: "paralytics",
        },
    },
    "opioid": {
        "hydromorphone": {
            BRAND: "Dilaudid",
            SALT: "hydromorphone hydrochloride",
            SPELLING: "hydromorphne",
            CLASS: "opiates",
            COMBINATION: "hydromorphone and acetaminophen",
            CODE: "rxnorm:3423",
        },
        "fentanyl": {
            BRAND: "Duragesic",
            SALT: "fentanyl citrate",
            SPELLING: "fentanil",
            CLASS: "opioids",
            COMBINATION: "fentanyl/bupivacaine",
            CODE: "RxCUI 4337",
        },
        "oxycodone": {
            BRAND: "OxyContin",
            SALT: "oxycodone HCl 5 mg tablet",
            SPELLING: "oxycodon",
            CLASS: "narcotics",
            COMBINATION: "Percocet",
            CODE: "rxnorm:7804",
        },
        "codeine": {
            SALT: "codeine phosphate",
            SPELLING: "codiene",
            CLASS: "opioid analgesics",
            COMBINATION: "Tylenol #3",
            CODE: "rxnorm:2670",
        },
    },
    "nsaid": {
        "aspirin": {
            BRAND: "Ecotrin",
            SALT: "aspirin 81 mg tablet",
            SPELLING: "asprin",
            CLASS: "salicylates",
            COMBINATION: "Excedrin",
            CODE: "rxnorm:1191",
        },
        "ibuprofen": {
            BRAND: "Advil",
            SALT: "ibuprofen lysine",
            SPELLING: "ibuprofin",
            CLASS: "NSAIDs",
            COMBINATION: "Duexis",
            CODE: "rxnorm:5640",
        },
        "naproxen": {
            BRAND: "Aleve",
            SALT: "naproxen sodium",
            SPELLING: "naproxin",
            CLASS: "non-steroidal anti-inflammatory drugs",
            COMBINATION: "Vimovo",
        },
    },
    "beta_lactam": {
        "amoxicillin": {
            BRAND: "Amoxil",
            SALT: "amoxicillin trihydrate",
            SPELLING: "amoxicilin",
            CLASS: "penicillins",
            COMBINATION: "Augmentin",
        },
        "penicillin": {
            BRAND: "Bicillin L-A",
            SALT: "penicillin g potassium",
            SPELLING: "penicilin",
            CLASS: "beta-lactams",
            COMBINATION: "penicillin g procaine",
        },
        "cefazolin": {
            BRAND: "Ancef",
            SALT: "cefazolin sodium 2 g IV",
            SPELLING: "cefazolim",
            CLASS: "cephalosporins",
            COMBINATION: "cefazolin/metronidazole",
        },
        "piperacillin": {
            SALT: "piperacillin sodium",
            SPELLING: "piperacilin",
            CLASS: "beta lactams",
            COMBINATION: "Zosyn",
        },
    },
    "sulfonamide_antibiotic": {
        "sulfamethoxazole": {
            SPELLING: "sulfamethoxazol",
            CLASS: "sulfa",
            COMBINATION: "Bactrim DS",
        },
        "sulfadiazine": {
            SALT: "silver sulfadiazine cream",
            SPELLING: "sulfadiazin",
            CLASS: "sulfonamide antibiotics",
        },
        "sulfisoxazole": {SPELLING: "sulfisoxazol", CLASS: "sulfa drugs"},
    },
    "local_anaesthetic_ester": {
        "procaine": {
            BRAND: "Novocain",
            SALT: "procaine hydrochloride",
            SPELLING: "procane",
            CLASS: "ester local anaesthetics",
            COMBINATION: "penicillin g procaine",
        },
        "tetracaine": {
            BRAND: "Pontocaine",
            SALT: "tetracaine hcl",
            SPELLING: "tetracain",
            CLASS: "ester local anesthetics",
        },
        "chloroprocaine": {
            BRAND: "Nesacaine",
            SALT: "chloroprocaine hydrochloride",
            SPELLING: "chloroprocain",
            CLASS: "ester-type local anaesthetics",
        },
    },
    "local_anaesthetic_amide": {
        "lidocaine": {
            BRAND: "Xylocaine",
            SALT: "lidocaine hydrochloride 1%",
            SPELLING: "lidocane",
            CLASS: "amide local anesthetics",
            COMBINATION: "EMLA",
        },
        "bupivacaine": {
            BRAND: "Marcaine",
            SALT: "bupivacaine hcl 0.5%",
            SPELLING: "bupivicaine",
            CLASS: "amide local anaesthetics",
            COMBINATION: "Marcaine with epinephrine",
        },
        "ropivacaine": {
            BRAND: "Naropin",
            SALT: "ropivacaine hydrochloride",
            SPELLING: "ropivacain",
            CLASS: "local anesthetics",
        },
    },
    # Iodinated contrast media (S254, S255: a reaction to one speaks against the others); no
    # RxNorm code of a contrast agent is verified (codes-verified.md), so no code rows; the
    # gadolinium-based agents are another group (one catalogue entry, "gadolinium contrast").
    "contrast": {
        "iohexol": {
            BRAND: "Omnipaque",
            SALT: "iohexol injection",
            SPELLING: "iohexal",
            CLASS: "contrast dye",
            COMBINATION: "iohexol and povidone-iodine",
        },
        "iodixanol": {
            BRAND: "Visipaque",
            SALT: "iodixanol 320 mg/mL injection",
            SPELLING: "iodixanl",
            CLASS: "contrast media",
        },
        "iopamidol": {
            BRAND: "Isovue",
            SALT: "iopamidol injection",
            SPELLING: "iopamidal",
            CLASS: "iodine",
        },
        "ioversol": {
            BRAND: "Optiray",
            SALT: "ioversol injection",
            SPELLING: "ioversal",
            CLASS: "radiographic contrast",
        },
        "iodinated contrast": {
            SPELLING: "iodinated contast",
            CLASS: "contrast",
        },
    },
    # Antiseptics: O6 (S33) names alcohol, chlorhexidine and povidone-iodine; no class word
    # ("antiseptics" names no drug group) and no verified RxNorm code.
    "antiseptic": {
        "chlorhexidine": {
            BRAND: "Hibiclens",
            SALT: "chlorhexidine gluconate 2%",
            SPELLING: "chlorhexadine",
        },
        "povidone-iodine": {BRAND: "Betadine", SPELLING: "povidone-iodin", CLASS: "iodine"},
        "isopropyl alcohol": {
            SALT: "isopropyl alcohol 70%",
            SPELLING: "isopropyl alcohl",
            COMBINATION: "isopropyl alcohol and chlorhexidine",
        },
    },
    "h1": {
        "cetirizine": {
            BRAND: "Zyrtec",
            SALT: "cetirizine hydrochloride 10 mg",
            SPELLING: "cetirizin",
            CLASS: "antihistamines",
            COMBINATION: "Zyrtec-D",
            CODE: "rxnorm:20610",
        },
        "diphenhydramine": {
            BRAND: "Unisom SleepGels",  # "Benadryl" is a brand of three (S302): TestBenadryl
            SALT: "diphenhydramine hcl",
            SPELLING: "diphenhydramin",
            CLASS: "h1 antihistamines",
            COMBINATION: "Tylenol PM",
            CODE: "rxnorm:3498",
        },
        "hydroxyzine": {
            BRAND: "Vistaril",
            SALT: "hydroxyzine pamoate",
            SPELLING: "hydroxizine",
            CLASS: "antihistamine",
            CODE: "rxnorm:5553",
        },
    },
    "other_proposed": {
        "famotidine": {
            BRAND: "Pepcid",
            SPELLING: "famotadine",
            CLASS: "H2 blockers",
            COMBINATION: "Duexis",
            CODE: "rxnorm:4278",
        },
        "acetaminophen": {
            BRAND: "Tylenol",
            SALT: "acetaminophen 500 mg caplet",
            SPELLING: "acetaminophin",
            COMBINATION: "Norco",
            CODE: "rxnorm:161",
        },
        "prednisone": {
            BRAND: "Deltasone",
            SALT: "prednisone 20 mg tablet",
            SPELLING: "predisone",
            CLASS: "steroids",
            CODE: "rxnorm:8640",
        },
        "montelukast": {
            BRAND: "Singulair",
            SALT: "montelukast sodium",
            SPELLING: "montelukest",
            CODE: "rxnorm:88249",
        },
    },
}

ROWS = [
    (group, drug, form, text)
    for group, drugs in TABLE.items()
    for drug, forms in drugs.items()
    for form, text in forms.items()
]


def test_the_table_has_three_drugs_per_group_where_the_group_has_them() -> None:
    """Every group has three drugs or more in the table (issue 16 done-when)."""
    for group, drugs in TABLE.items():
        assert len(drugs) >= 3, group


# -- what a report proposes, schedules and lists ------------------------------------------------

_GENERICS = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(g) for g in sorted(CATALOGUE, key=len, reverse=True))
    + r")(?![\w-])"
)

#: The phrases the rules introduce a list of options with (alternatives, acceptable, of
#: choice, prefer, use/consider, change to, scheduled in its place, usual alternative for
#: pain, Proposed:); each captures up to the end of its list.
_LIST_MARKERS = tuple(
    re.compile(p)
    for p in (
        r"[Aa]lternatives?: ([^.;()]*)",
        r"acceptable in its class: ([^.;()]*)",
        r"relaxant of choice ([^.;()]*)",
        r"[Aa]cceptable[\w -]*?: ([^.;()]*)",
        r"\b[Pp]refer ([^.;()]*)",
        r"Preferred: ([^.;()]*)",
        r"\b(?:use|consider|Consider) ([^.;()]*)",
        r"Change [^()]+? \([^)]*\) to ([^:]*):",
        r";\s*([^;]*?) (?:is|are) acceptable",
        r"([\w -]+?) is the usual alternative for pain",
        r";\s*([^.;]*?) (?:is|are) scheduled in its place",
        r"Proposed: ([^.;]*)",
    )
)


def listed(rec: Recommendation) -> set[str]:
    """Catalogue generics named in the recommendation's lists of options (summary, detail)."""
    out: set[str] = set()
    for text in (rec.summary, rec.detail):
        for marker in _LIST_MARKERS:
            for found in marker.finditer(text):
                out.update(_GENERICS.findall(found.group(1)))
    return out


def proposed(recs: Iterable[Recommendation]) -> set[str]:
    """Every ingredient a report proposes, schedules or lists as an option."""
    out: set[str] = set()
    for rec in recs:
        for item in (*rec.schedule, *((rec.medication,) if rec.medication else ())):
            if is_proposal(item):
                out.update(ingredients_of(item.drug) or (item.drug,))
        out |= listed(rec)
    return out


def spoken_against(drug: str) -> set[str]:
    """The drug and every member of its cross-reactive groups (data of knowledge.groups)."""
    return {drug, *(m for g in groups_of(drug) for m in g.members)} - NEVER_WITHHELD


def class_members(word: str) -> set[str]:
    group = CLASS_WORDS[word.lower()]
    return {x for m in group.members for x in spoken_against(m)}


SURGERY = Procedure(
    kind="surgery",
    date=date(2026, 12, 3),
    anesthesia="general",
    planned_agents=(
        "atracurium",
        "vancomycin",
        "morphine",
        "thiopental",
        "procaine",
        "lidocaine",
        "chlorhexidine",
        "povidone-iodine",
        "isopropyl alcohol",
        "iodinated contrast",
        "iohexol",
        "gadolinium contrast",
    ),
)

#: Groups mastcell rates acceptable and never proposes or lists (local anaesthetics,
#: antiseptics, contrast media): for them, a reaction shows as an alert on the planned agent
#: of the group (the planned agents above), the test of their rows.
PLANNED_GROUPS = frozenset(
    {"local_anaesthetic_ester", "local_anaesthetic_amide", "contrast", "antiseptic"}
)


def provoking(*reactions: Reaction) -> Patient:
    """A patient for whom the rules propose or list drugs of every group in the table."""
    return patient(
        diagnoses=["ism"],
        birth_date=date(1980, 1, 1),
        weight=Weight(value=70, unit="kg"),
        symptom_control="inadequate",
        pain=PainAssessment(score=8),
        labs=[
            lab("urine_pgf2a", 5000, "pg/mg{creat}"),
            lab("platelets", 220, "10*9/L", days_before(1)),
            lab("urine_lte4", 400, "pg/mg{creat}"),
        ],
        procedures=[SURGERY],
        reactions=list(reactions),
    )


class TestProvokingPatient:
    @pytest.mark.parametrize("group", sorted(set(TABLE) - PLANNED_GROUPS))
    def test_every_group_is_proposed_or_listed(self, group: str) -> None:
        """Without reactions the provoking patient gets a proposal or a listed option of every
        group the rules propose from, so that each row tests a proposal being withheld."""
        found = proposed(evaluate(provoking(), at=AT))
        assert found & set(TABLE[group]), group

    @pytest.mark.parametrize("group", sorted(PLANNED_GROUPS))
    def test_planned_groups_are_not_flagged_without_a_reaction(self, group: str) -> None:
        """Without reactions no planned agent of these groups is flagged: an alert in a row
        below comes from the reaction."""
        report = evaluate(provoking(), at=AT)
        planned = set(SURGERY.planned_agents) & {m for d in TABLE[group] for m in spoken_against(d)}
        flagged = {f.text for rec in report.get("perioperative.agent.avoid") for f in rec.findings}
        assert not flagged & planned


# -- the table: every form, no proposal, a finding that names the match -------------------------


@pytest.mark.parametrize(("group", "drug", "form", "text"), ROWS, ids=lambda v: str(v))
def test_reaction_in_any_form_withholds_the_drug_and_its_group(
    group: str, drug: str, form: str, text: str
) -> None:
    """A reaction written as a brand, salt, misspelling, class word, combination or code keeps
    the drug (and its cross-reactive group) out of every proposal, schedule and list, and a
    finding says how the agent was read."""
    report = evaluate(provoking(Reaction(agent=text, severity="anaphylaxis")), at=AT)
    against = class_members(text) if form == CLASS else spoken_against(drug)
    leaked = proposed(report) & against
    assert not leaked, (text, sorted(leaked))
    notes = [f.note or "" for rec in report for f in rec.findings if f.input == "reactions[0]"]
    assert any(SAYS[form] in note for note in notes), (text, notes)
    if group in PLANNED_GROUPS:
        alerted = {
            f.text
            for rec in report.get("perioperative.agent.avoid")
            if any(f.input == "reactions[0]" for f in rec.findings)
            for f in rec.findings
        }
        assert alerted & (set(SURGERY.planned_agents) & against), (text, alerted)


@pytest.mark.parametrize(("group", "drug", "form", "text"), ROWS, ids=lambda v: str(v))
def test_each_form_resolves_to_the_drug(group: str, drug: str, form: str, text: str) -> None:
    """The reaction reader finds the drug (or its class) in every form of the table."""
    read = resolve_reaction(text)
    if form == CLASS:
        assert drug in read.members or any(drug in spoken_against(m) for m in read.members)
        assert read.how is Match.CLASS_WORD
    else:
        assert drug in read.ingredients, (text, read)
        expected = {
            BRAND: Match.BRAND,
            SALT: Match.SALT_FORM,
            SPELLING: Match.SPELLING,
            COMBINATION: Match.COMBINATION,
            CODE: Match.CODE,
        }[form]
        assert read.how is expected, (text, read.how)


# -- a hypothesis property over random reactions ------------------------------------------------

_FORMS = st.sampled_from(ROWS)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(rows=st.lists(_FORMS, min_size=1, max_size=3), severe=st.booleans())
def test_no_proposal_names_a_drug_reacted_to_in_any_form(
    rows: list[tuple[str, str, str, str]], severe: bool
) -> None:
    """Random reactions in any form: no medication, schedule or alternatives list of the
    report names a drug reacted to or a member of its cross-reactive group."""
    reactions = [Reaction(agent=t, severity="anaphylaxis" if severe else None) for *_, t in rows]
    report = evaluate(provoking(*reactions), at=AT)
    against: set[str] = set()
    for _, drug, form, text in rows:
        against |= class_members(text) if form == CLASS else spoken_against(drug)
    assert not proposed(report) & against


# -- resolution steps ----------------------------------------------------------------------------


class TestSaltsAndForms:
    @pytest.mark.parametrize(
        ("text", "left"),
        [
            ("morphine sulfate", "morphine"),
            ("Morphine Sulphate 10 mg/mL injection", "morphine"),
            ("rocuronium bromide", "rocuronium"),
            ("hydromorphone hydrochloride", "hydromorphone"),
            ("Hydromorphone HCl 2 mg tablet", "hydromorphone"),
            ("fentanyl citrate 50 mcg/mL", "fentanyl"),
            ("ketorolac tromethamine 30 mg IV", "ketorolac"),
            ("epinephrine 0.3 mg/0.3 mL auto-injector", "epinephrine"),
            ("oxycodone/acetaminophen 5/325", "oxycodone/acetaminophen"),
            ("Tylenol 3", "tylenol 3"),  # a bare number is part of a product's name
            ("sodium chloride 0.9%", ""),  # nothing left: no drug
        ],
    )
    def test_strip_forms(self, text: str, left: str) -> None:
        """Salts, forms and strengths go; the ingredient (or nothing) stays."""
        assert strip_forms(text).replace(" ", "/") == left.replace(" ", "/") or (
            strip_forms(text) == left
        )

    @pytest.mark.parametrize(
        ("name", "generic"),
        [
            ("morphine sulfate", "morphine"),
            ("Rocuronium Bromide", "rocuronium"),
            ("dilaudid injection", "hydromorphone"),
            ("cefazolin sodium 1 g IV", "cefazolin"),
            ("Zantac 360", "famotidine"),  # MX13: Zantac 360 is famotidine
            ("Zantac", "ranitidine"),
        ],
    )
    def test_every_reader_gets_the_ingredient(self, name: str, generic: str) -> None:
        """lookup, generic_name and classes_of read salts, forms and brands alike."""
        drug = lookup(name)
        assert drug is not None
        assert drug.generic == generic
        assert generic_name(name) == generic
        assert classes_of(name) == CATALOGUE[generic].classes

    def test_a_medication_with_a_salt_is_classified(self) -> None:
        """'morphine sulfate' on the list is morphine: not reported as unclassified."""
        report = evaluate(patient(diagnoses=["ism"], medications=[med("morphine sulfate")]), at=AT)
        assert not [u for u in report.unused_inputs if "unclassified" in u.reason]
        assert report.get("analgesia.opioid.caution")


class TestCombinations:
    @pytest.mark.parametrize(
        ("name", "ingredients"),
        [
            ("Percocet", ("oxycodone", "acetaminophen")),
            ("Norco", ("hydrocodone", "acetaminophen")),
            ("Vicodin", ("hydrocodone", "acetaminophen")),
            ("Tylenol with Codeine", ("acetaminophen", "codeine")),
            ("Tylenol #3", ("acetaminophen", "codeine")),
            ("Excedrin", ("acetaminophen", "aspirin", "caffeine")),
            ("Alka-Seltzer", ("aspirin", "sodium bicarbonate", "citric acid")),
            ("Fioricet", ("butalbital", "acetaminophen", "caffeine")),
            ("co-codamol 30/500", ("codeine", "acetaminophen")),
            ("oxycodone/acetaminophen 5/325 mg", ("oxycodone", "acetaminophen")),
            ("Bactrim DS", ("sulfamethoxazole", "trimethoprim")),
        ],
    )
    def test_a_product_stands_for_all_its_ingredients(
        self, name: str, ingredients: tuple[str, ...]
    ) -> None:
        """Every ingredient of a combination is read (S180, S181)."""
        assert ingredients_of(name) == ingredients
        assert lookup(name) is None  # no single catalogue entry

    def test_products_name_only_catalogue_ingredients(self) -> None:
        """Every product's ingredients are catalogue generic names, each product with sources."""
        for product in PRODUCTS.values():
            assert all(i in CATALOGUE for i in product.ingredients)
            assert product.sources

    def test_a_combination_medication_has_every_ingredient_class(self) -> None:
        """Percocet on the list is classified (opioid and non-opioid analgesic), not unknown."""
        p = patient(diagnoses=["ism"], medications=[med("Percocet")])
        report = evaluate(p, at=AT)
        assert not [u for u in report.unused_inputs if "unclassified" in u.reason]
        assert {DrugClass.OPIOID, DrugClass.NON_OPIOID_ANALGESIC} <= classes_of("Percocet")

    def test_excedrin_meets_an_aspirin_allergy(self) -> None:
        """An aspirin allergy meets Excedrin on the list: the reaction is matched to it."""
        match = reaction_match([Reaction(agent="aspirin", severity="anaphylaxis")], "Excedrin")
        assert match is not None
        assert match.drug == "aspirin"


class TestCautiousResolution:
    def test_a_misspelt_reaction_is_treated_as_the_drug_and_to_be_confirmed(self) -> None:
        """'fentanil': fentanyl never proposed, and a warning asks the clinician to confirm."""
        p = patient(
            diagnoses=["ism"], pain=PainAssessment(score=8), reactions=[Reaction(agent="fentanil")]
        )
        report = evaluate(p, at=AT)
        assert "fentanyl" not in proposed(report)
        review = report.get("medication.reaction.review")[0]
        assert review.indicator is Indicator.WARNING
        assert "read as fentanyl by spelling" in review.detail

    def test_a_misspelt_medication_stays_unclassified(self) -> None:
        """'famotadine' on the list is not classified: did-you-mean, never a guess."""
        report = evaluate(patient(diagnoses=["ism"], medications=[med("famotadine")]), at=AT)
        unused = [u for u in report.unused_inputs if u.input == "medications[0]"]
        assert unused
        assert "did you mean famotidine" in unused[0].reason
        assert match_drug("famotadine") is None
        assert resolve("famotadine").how is Match.UNRESOLVED

    def test_an_unresolved_reaction_makes_every_proposal_a_clinician_decision(self) -> None:
        """An agent mastcell cannot read: each proposal carries a note and a finding naming
        the reaction; epinephrine, first-line for anaphylaxis, is proposed without one."""
        p = patient(diagnoses=["ism"], reactions=[Reaction(agent="qzx-17", severity="flare")])
        report = evaluate(p, at=AT)
        h1 = report.get("antimediator.h1.start")[0]
        assert h1.medication is not None
        assert "Clinician decision before giving cetirizine" in h1.detail
        assert any(f.input == "reactions[0]" for f in h1.findings)
        epi = report.get("emergency.epinephrine.prescribe")[0]
        assert "Clinician decision" not in epi.detail
        review = report.get("medication.reaction.review")[0]
        assert review.indicator is Indicator.WARNING
        assert "not recognised" in review.detail

    def test_a_class_word_within_other_words_is_read(self) -> None:
        """'unknown antibiotic' names the class: every antibiotic is withheld from lists."""
        read = resolve_reaction("unknown antibiotic")
        assert read.how is Match.CLASS_WORD
        assert {"amoxicillin", "cefazolin", "clindamycin"} <= read.members

    def test_drug_names_among_other_words(self) -> None:
        """'amoxicillin given by the dentist': amoxicillin read among the words, the rest
        reported as not recognised, to confirm."""
        read = resolve_reaction("amoxicillin given by the dentist")
        assert read.how is Match.WORDS
        assert read.ingredients == ("amoxicillin",)
        assert "dentist" in read.unresolved
        assert read.to_confirm

    def test_allergy_words_are_taken_off(self) -> None:
        """'allergic to penicillin - hives': the allergy and manifestation words go."""
        read = resolve_reaction("allergic to penicillin - hives")
        assert read.ingredients == ("penicillin",)
        assert not read.unresolved

    def test_hostile_names_stay_bounded(self) -> None:
        """A 1 MB agent or medication is unresolved at once, and the report is made."""
        huge = "a" * 1_000_000
        assert resolve_reaction(huge).how is Match.UNRESOLVED
        assert match_drug(huge) is None
        assert resolve_reaction("morphine " * (MAX_NAME_TEXT // 4)).how is Match.UNRESOLVED
        report = evaluate(patient(reactions=[Reaction(agent=huge)], medications=[med(huge)]), at=AT)
        assert report.unused_inputs


class TestNoKnownAllergies:
    @pytest.mark.parametrize(
        "text",
        [
            "NKDA",
            "nkda",
            "N.K.D.A.",
            "NKA",
            "No known drug allergies",
            "no known allergies",
            "None known",
            "nil known",
            "No Known Drug Allergy (situation)",
            "snomed:409137002",
        ],
    )
    def test_nkda_is_no_agent(self, text: str) -> None:
        """Every spelling of 'no known (drug) allergies' is no reaction, never an agent."""
        read = resolve_reaction(text)
        assert read.how is Match.NONE_KNOWN
        assert not read.known

    def test_interchange_nkda_is_read_and_stated(self) -> None:
        """From the interchange format: nothing withheld, no unread-reaction note, and the
        report says 'no known drug allergies' was read."""
        p = patient_from_dict({"diagnoses": ["ism"], "reactions": [{"agent": "NKDA"}]})
        report = evaluate(p, at=AT)
        h1 = report.get("antimediator.h1.start")[0]
        assert h1.medication is not None
        assert "Clinician decision" not in h1.detail
        review = report.get("medication.reaction.review")[0]
        assert review.indicator is Indicator.INFO
        assert "no known drug allergies" in review.detail
        trig = report.get("emergency.triggers.avoid")[0]
        assert "nkda" not in trig.summary.replace("no known drug allergies", "")

    def test_nkda_beside_a_reaction_is_a_contradiction_to_check(self) -> None:
        """NKDA and a recorded reaction: the reaction is used, the card asks to check."""
        p = patient(
            diagnoses=["ism"], reactions=[Reaction(agent="NKDA"), Reaction(agent="cetirizine")]
        )
        report = evaluate(p, at=AT)
        review = report.get("medication.reaction.review")[0]
        assert review.indicator is Indicator.WARNING
        assert "check which is right" in review.detail
        assert "cetirizine" not in proposed(report)

    @pytest.mark.parametrize(
        ("code", "meaning"),
        [("409137002", "no known drug allergy"), ("716186003", "no known allergy")],
    )
    def test_fhir_nkda_code(self, code: str, meaning: str) -> None:
        """An AllergyIntolerance coded 'no known (drug) allergy' (S186) is no agent."""
        bundle = {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"resource": {"resourceType": "Patient", "id": "p"}},
                {
                    "resource": {
                        "resourceType": "Condition",
                        "id": "c",
                        "code": {
                            "coding": [
                                {"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "D47.02"}
                            ]
                        },
                    }
                },
                {
                    "resource": {
                        "resourceType": "AllergyIntolerance",
                        "id": "nkda",
                        "code": {
                            "coding": [{"system": "http://snomed.info/sct", "code": code}],
                            "text": "NKDA",
                        },
                    }
                },
            ],
        }
        got = fhir_read(bundle)
        assert [r.agent for r in got.patient.reactions] == [meaning]
        source = got.source_of("reactions[0]")
        assert source is not None
        assert "no reaction and no agent" in (source.note or "")
        report = got.evaluate(at=AT)
        assert report.get("medication.reaction.review")[0].indicator is Indicator.INFO
        assert not [r for r in report if "Clinician decision before giving" in r.detail]


# -- the nonsense outputs of issue 16 item 6 ----------------------------------------------------


class TestNoNonsense:
    def test_no_empty_list_after_acceptable_neuromuscular_blockers(self) -> None:
        """After an NMBA reaction the relaxant card says no option is on record, never an
        empty list."""
        p = patient(
            diagnoses=["ism"],
            procedures=[Procedure(kind="surgery", date=date(2026, 12, 3), anesthesia="general")],
            reactions=[Reaction(agent="rocuronium", severity="anaphylaxis")],
        )
        rec = evaluate(p, at=AT).get("perioperative.nmba.prefer")[0]
        assert f"Acceptable neuromuscular blockers in mast cell disease: {NO_OPTION}" in rec.detail
        assert not re.search(r": \(|: \.|:\s*$", rec.detail)
        assert rec.medication is None

    def test_the_next_allowed_drug_is_proposed_not_the_withdrawn_one(self) -> None:
        """After a reaction to Duexis (famotidine inside), the H2 card proposes the next H2 the
        reactions allow (nizatidine) and names famotidine as passed over: no 'Proposed:
        famotidine', nothing for the guard to withdraw."""
        p = patient(diagnoses=["ism"], reactions=[Reaction(agent="Duexis", severity="anaphylaxis")])
        rec = evaluate(p, at=AT).get("antimediator.h2.add")[0]
        assert rec.medication is not None
        assert rec.medication.drug == "nizatidine"
        assert "Proposed: famotidine" not in rec.detail
        assert "Not proposed for this patient: famotidine" in rec.detail
        assert "Withdrawn proposal" not in rec.detail

    def test_the_guard_rewrites_a_proposed_aspirin_sentence(self) -> None:
        """The guard's rewrite holds for any rule: 'Proposed: aspirin ...' becomes withdrawn."""
        d = Decision(
            code="antimediator.aspirin.consider",
            indicator=Indicator.INFO,
            action=Action.START,
            medication=DoseAdvice(drug="aspirin"),
        )
        (out,) = guard_decisions([d], patient(reactions=[Reaction(agent="Excedrin")]))
        assert out.medication is None
        assert out.guard is not None
        detail = "Why. Proposed: aspirin 81 mg oral twice daily. Risk: ..."
        _, written = guard_text(out.guard, "Consider aspirin", detail)
        assert "Proposed: aspirin" not in written
        assert "Withdrawn proposal (not to be given; see above): aspirin 81 mg" in written

    def test_own_allergen_is_never_a_usual_alternative(self) -> None:
        """A propofol reaction: the trigger card's usual alternatives leave propofol out."""
        p = patient(diagnoses=["ism"], reactions=[Reaction(agent="Diprivan", severity="flare")])
        rec = evaluate(p, at=AT).get("emergency.triggers.avoid")[0]
        assert "propofol" not in listed(rec)
        assert "usual alternatives: etomidate" in rec.detail

    def test_no_penicillin_after_penicillin_class_anaphylaxis(self) -> None:
        """Penicillin-class anaphylaxis: the antibiotic card lists no beta-lactam (S182,
        S183) and no drug of the class is acceptable."""
        p = patient(
            diagnoses=["ism"],
            procedures=[
                Procedure(kind="surgery", date=date(2026, 12, 3), planned_agents=("vancomycin",))
            ],
            reactions=[Reaction(agent="penicillins", severity="anaphylaxis")],
        )
        report = evaluate(p, at=AT)
        rec = report.get("perioperative.agent.avoid")[0]
        beta_lactams = CROSS_REACTIVE_GROUPS["beta_lactam"].members
        assert not listed(rec) & beta_lactams
        assert "clindamycin" in listed(rec)
        assert "amoxicillin" not in proposed(report)


class TestOneHelper:
    def test_allowed_never_prints_an_empty_list(self) -> None:
        """allowed(...).text() says no option is on record when none is left."""
        kept = allowed([Reaction(agent="opioids")], ["fentanyl", "hydromorphone"])
        assert kept.kept == ()
        assert kept.text() == NO_OPTION


class TestContrastGroups:
    """Iodinated contrast media are one group (S254, S255); gadolinium-based agents another."""

    @pytest.mark.parametrize(
        ("reacted", "planned", "alerted"),
        [
            ("Omnipaque", "Visipaque", True),  # S254: 36/101 reacted to more than one ICM
            ("iodinated contrast", "iopamidol", True),
            ("Optiray", "iodinated contrast", True),
            ("Omnipaque", "gadolinium contrast", False),  # another chemistry (S42 apart)
            ("Gadavist", "iohexol", False),
        ],
    )
    def test_planned_agent_alert(self, reacted: str, planned: str, alerted: bool) -> None:
        """A reaction to one iodinated agent flags another planned for imaging; not gadolinium."""
        p = patient(
            diagnoses=["ism"],
            reactions=[Reaction(agent=reacted, severity="anaphylaxis")],
            procedures=[
                Procedure(
                    kind="contrast_imaging", date=date(2026, 12, 3), planned_agents=(planned,)
                )
            ],
        )
        flagged = [
            rec
            for rec in evaluate(p, at=AT).get("perioperative.agent.avoid")
            if any(f.input == "reactions[0]" for f in rec.findings)
        ]
        assert bool(flagged) is alerted
        if alerted:
            assert "S254" in {e.source for e in flagged[0].evidence}

    def test_group_membership(self) -> None:
        """The group holds the four named agents and the generic entry; no gadolinium agent."""
        group = CROSS_REACTIVE_GROUPS["iodinated_contrast"]
        assert group.members == {
            "iodinated contrast",
            "iohexol",
            "iodixanol",
            "iopamidol",
            "ioversol",
        }
        assert group.sources == ("S254", "S255")
