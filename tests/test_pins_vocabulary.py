"""The drug vocabulary of issue 16 pinned to its sources, both ways (issue 21).

Like ``tests/test_pins.py``, every expected list here is a literal written from the sources,
never generated from the tables it checks: the cross-reactive groups and their members
(addendum section 7, XR1-XR12; S182-S185), the classes a class word names and what each word
resolves to, the combination products and their ingredients (the labels, S180, S181), the "no
known allergies" spellings and codes (S186). The verified RxNorm codes are pinned in
``tests/test_pins.py`` (``TestCodes``); here each of them, written as text in a chart
(``rxnorm:7052``), must read as its drug.

Where a row is mastcell's reading rather than a sentence of a source (a drug placed in a
group as a "relative", a COX-2 preferential NSAID with the COX-2 inhibitors, the spellings of
a class word), the comment says so. A changed row changes two places on purpose: the
knowledge module (``mastcell.knowledge.groups``, ``products``, ``resolve``, ``codes``) and this
file. The lists are grouped by table and keyed by the table's own ids, so a deliberate change
is one line here.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from mastcell import Reaction
from mastcell.guard import unread_reactions
from mastcell.knowledge.abbreviations import ABBREVIATIONS
from mastcell.knowledge.allergy import Relation, reaction_match
from mastcell.knowledge.codes import NO_ALLERGY_SNOMED
from mastcell.knowledge.drugs import CATALOGUE, Match, match_drug
from mastcell.knowledge.groups import (
    CLASS_GROUPS,
    CLASS_WORDS,
    CROSS_REACTIVE_GROUPS,
    GroupKind,
    groups_of,
)
from mastcell.knowledge.products import PRODUCTS
from mastcell.knowledge.resolve import (
    NO_KNOWN_ALLERGY,
    NO_KNOWN_FILLER,
    names_in,
    resolve_reaction,
)
from mastcell.knowledge.sources import SOURCES
from mastcell.model import DrugClass
from mastcell.testing import patient
from test_pins import RXNORM_INGREDIENTS_EXPECTED, RXNORM_PRODUCTS_EXPECTED, assert_same


class Group(NamedTuple):
    """An expected group: its members, fact ids, source ids and whether it is verified."""

    members: frozenset[str]
    facts: tuple[str, ...]
    sources: tuple[str, ...]
    verified: bool = True


def _set(*names: str) -> frozenset[str]:
    return frozenset(names)


# -- cross-reactive groups (addendum section 7; S182-S185) -------------------------------------

_NMBA_AMINOSTEROIDS = _set("pancuronium", "rocuronium", "vecuronium")
_NMBA_BENZYLISOQUINOLINES = _set("atracurium", "cisatracurium", "mivacurium")
#: XR10: the COX-1 inhibitors (non-selective NSAIDs and aspirin) of the catalogue.
_COX1 = _set(
    "aspirin",
    "ibuprofen",
    "naproxen",
    "diclofenac",
    "ketorolac",
    "indomethacin",
    "ketoprofen",
    "piroxicam",
    "mefenamic acid",
    "flurbiprofen",
)
_PENICILLINS = _set(
    "penicillin",
    "phenoxymethylpenicillin",
    "amoxicillin",
    "ampicillin",
    "piperacillin",
    "nafcillin",
    "oxacillin",
    "dicloxacillin",
    "flucloxacillin",
)
_CEPHALOSPORINS = _set(
    "cefazolin",
    "cephalexin",
    "cefuroxime",
    "cefoxitin",
    "ceftriaxone",
    "cefotaxime",
    "ceftazidime",
    "cefepime",
)
_CARBAPENEMS = _set("meropenem", "imipenem", "ertapenem")
#: O15 and the agents' US labels (S180): the iodinated contrast media the catalogue names.
_IODINATED = _set("iodinated contrast", "iohexol", "iodixanol", "iopamidol", "ioversol")

#: Group id -> what the sources put in it. A reaction to one member speaks against the others.
GROUPS_EXPECTED: dict[str, Group] = {
    # XR1 quaternary ammonium epitope; XR2 names the NMBAs (succinylcholine depolarising);
    # XR3 75.7% cross-reactivity; XR4 a positive NMBA is contraindicated; XR5 test, not class
    "nmba": Group(
        _NMBA_AMINOSTEROIDS | _NMBA_BENZYLISOQUINOLINES | {"succinylcholine"},
        ("XR1", "XR3", "XR4", "XR5"),
        ("S138",),
    ),
    # XR2 aminosteroids (pancuronium, vecuronium, rocuronium); XR3 rocuronium-vecuronium 85.3%
    "nmba_aminosteroid": Group(_NMBA_AMINOSTEROIDS, ("XR2", "XR3"), ("S138", "S33")),
    # XR2 benzylisoquinolines (atracurium, cisatracurium, mivacurium)
    "nmba_benzylisoquinoline": Group(_NMBA_BENZYLISOQUINOLINES, ("XR2",), ("S138", "S33")),
    # XR8: morphine, codeine and the agonist-antagonists buprenorphine, nalbuphine,
    # butorphanol, pentazocine
    "opioid_phenanthrene": Group(
        _set("morphine", "codeine", "buprenorphine", "nalbuphine", "butorphanol", "pentazocine"),
        ("XR8",),
        ("S139",),
    ),
    # XR9: hydromorphone, oxycodone among the phenanthrenes only on S-DRO pages; hydrocodone,
    # oxymorphone, dihydrocodeine are mastcell's reading of XR8's "relatives" (no source
    # states it): NOT VERIFIED. Placed in the class, they share it with every member XR8 names,
    # the agonist-antagonists buprenorphine, nalbuphine, butorphanol, pentazocine included
    # (XR8, S139; issue 16 review)
    "opioid_phenanthrene_unverified": Group(
        _set(
            "morphine",
            "codeine",
            "hydromorphone",
            "oxycodone",
            "hydrocodone",
            "oxymorphone",
            "dihydrocodeine",
            "buprenorphine",
            "nalbuphine",
            "butorphanol",
            "pentazocine",
        ),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        verified=False,
    ),
    # XR8 meperidine and congeners; XR9 fentanyl, sufentanil, alfentanil, remifentanil (S-DRO)
    "opioid_phenylpiperidine": Group(
        _set("meperidine", "fentanyl", "sufentanil", "alfentanil", "remifentanil"),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        verified=False,
    ),
    # XR10 COX-1 cross-reactive phenotypes; XR12 aspirin in mastocytosis (S32)
    "nsaid": Group(_COX1, ("XR10", "XR12"), ("S140", "S32")),
    # XR11: 21% reacted to a first COX-2 challenge (celecoxib; etoricoxib named in S140).
    # Meloxicam, etodolac and nabumetone (COX-2 preferential) are mastcell's placement.
    "nsaid_cox2": Group(
        _COX1 | {"celecoxib", "etoricoxib", "meloxicam", "etodolac", "nabumetone"},
        ("XR11",),
        ("S140",),
    ),
    # S254: 36 of 101 patients with a confirmed iodinated contrast reaction reacted to more
    # than one agent (a skin-test-negative alternative provoked a reaction in 24 of those 36);
    # S255: a previous reaction is the main risk factor, avoid the same agent. Gadolinium-based
    # agents are not members (another chemistry; S42 counts them apart)
    "iodinated_contrast": Group(_IODINATED, (), ("S254", "S255")),
    # SR13 (S250): levocetirizine is cetirizine's R-enantiomer and cetirizine a metabolite of
    # hydroxyzine; desloratadine is loratadine's active metabolite. The monographs state the
    # shared moiety, not allergic cross-reactivity: NOT VERIFIED
    "h1_cetirizine_moiety": Group(
        _set("hydroxyzine", "cetirizine", "levocetirizine"), ("SR13",), ("S250",), verified=False
    ),
    "h1_loratadine_moiety": Group(
        _set("loratadine", "desloratadine"), ("SR13",), ("S250",), verified=False
    ),
    # SR17, S300 (the dimenhydrinate labels): dimenhydrinate is the 8-chlorotheophylline salt
    # of diphenhydramine, and the label rules it out after hypersensitivity to diphenhydramine
    "h1_diphenhydramine_moiety": Group(
        _set("diphenhydramine", "dimenhydrinate"), ("SR17",), ("S300",)
    ),
    # S182, S183: penicillins (beta-lactam ring, thiazolidine core)
    "penicillin": Group(_PENICILLINS, (), ("S182", "S183")),
    # S182: cephalosporins (side chains)
    "cephalosporin": Group(_CEPHALOSPORINS, (), ("S182",)),
    # S182, S183: penicillin-cephalosporin about 2%; carbapenems after risk assessment.
    # Aztreonam (a monobactam) is not a member.
    "beta_lactam": Group(_PENICILLINS | _CEPHALOSPORINS | _CARBAPENEMS, (), ("S182", "S183")),
    # S184, S182: sulfonamide antibiotics (not the non-antibiotic sulfonamides)
    "sulfonamide_antibiotic": Group(
        _set("sulfamethoxazole", "sulfadiazine", "sulfisoxazole", "sulfacetamide"),
        (),
        ("S184", "S182"),
    ),
    # S185: aminoesters, derivatives of para-aminobenzoic acid
    "local_anaesthetic_ester": Group(
        _set("procaine", "chloroprocaine", "tetracaine", "benzocaine"), (), ("S185",)
    ),
    # S185: amide allergy extremely rare, cross-reactivity among amides disputed: NOT VERIFIED
    "local_anaesthetic_amide": Group(
        _set(
            "lidocaine",
            "bupivacaine",
            "levobupivacaine",
            "ropivacaine",
            "mepivacaine",
            "prilocaine",
            "articaine",
        ),
        (),
        ("S185",),
        verified=False,
    ),
}

# -- classes a class word names (the record names the class, not the drug) ---------------------

#: Every opioid of the catalogue: P3 and S39 (rated), XR7/XR8 and the combination products'
#: opioids (hydrocodone, oxymorphone, dihydrocodeine, tramadol, tapentadol, methadone,
#: nalbuphine, butorphanol, pentazocine). Naloxone (an antagonist) is not one.
_OPIOIDS = _set(
    "morphine",
    "codeine",
    "meperidine",
    "fentanyl",
    "sufentanil",
    "alfentanil",
    "remifentanil",
    "hydromorphone",
    "buprenorphine",
    "oxycodone",
    "piritramide",
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
_COX2_SELECTIVE = _set("celecoxib", "etoricoxib")
_FLUOROQUINOLONES = _set("ciprofloxacin", "levofloxacin", "moxifloxacin")
_MACROLIDES = _set(
    "azithromycin", "clarithromycin", "erythromycin", "telithromycin", "troleandomycin"
)

#: The first-generation H1 antihistamines added from their US labels (S300).
_FIRST_GENERATION_S300 = (
    "dimenhydrinate",
    "doxylamine",
    "meclizine",
    "promethazine",
    "chlorpheniramine",
)
_H2 = _set("famotidine", "cimetidine", "nizatidine", "ranitidine")
_PPIS = _set("omeprazole", "pantoprazole", "esomeprazole")

#: Class group id -> (members, fact ids, source ids).
CLASS_GROUPS_EXPECTED: dict[str, Group] = {
    # XR6 true opioid allergy rare; XR8 an allergist clarifies the class
    "opioid": Group(_OPIOIDS, ("XR6", "XR8"), ("S139",)),
    # XR10, XR11: every NSAID and aspirin (nefopam and metamizole are not NSAIDs)
    "nsaid_class": Group(GROUPS_EXPECTED["nsaid_cox2"].members, ("XR10", "XR11"), ("S140",)),
    "cox2_class": Group(_COX2_SELECTIVE, ("XR11",), ("S140",)),
    "salicylate_class": Group(_set("aspirin"), ("XR10",), ("S140",)),
    "carbapenem_class": Group(_CARBAPENEMS, (), ("S182",)),
    # every antibacterial of the catalogue (beta-lactamase inhibitors and cilastatin are not)
    "antibiotic_class": Group(
        _PENICILLINS
        | _CEPHALOSPORINS
        | _CARBAPENEMS
        | _FLUOROQUINOLONES
        | _MACROLIDES
        | {
            "aztreonam",
            "clindamycin",
            "gentamicin",
            "lefamulin",
            "metronidazole",
            "polymyxin b",
            "rifabutin",
            "rifampin",
            "rifapentine",
            "sulfacetamide",
            "sulfadiazine",
            "sulfamethoxazole",
            "sulfisoxazole",
            "trimethoprim",
            "vancomycin",
        },
        (),
        ("S33", "S182"),
    ),
    "fluoroquinolone_class": Group(_FLUOROQUINOLONES, (), ("S33", "S182")),
    "macrolide_class": Group(_MACROLIDES, (), ("S182",)),
    "local_anaesthetic_class": Group(
        GROUPS_EXPECTED["local_anaesthetic_ester"].members
        | GROUPS_EXPECTED["local_anaesthetic_amide"].members,
        (),
        ("S185", "S33"),
    ),
    # O15: iodinated (the generic entry and each named agent) and gadolinium-based
    "contrast_class": Group(_IODINATED | {"gadolinium contrast"}, ("O15",), ("S42", "S35")),
    # iodine is in the iodinated contrast media and in povidone-iodine
    "iodine_class": Group(_IODINATED | {"povidone-iodine"}, (), ("S42", "S33")),
    "h1_class": Group(
        _set(
            "cetirizine",
            "levocetirizine",
            "fexofenadine",
            "loratadine",
            "desloratadine",
            "bilastine",
            "rupatadine",
            "diphenhydramine",
            "hydroxyzine",
            "cyproheptadine",
            *_FIRST_GENERATION_S300,
            "acrivastine",  # S302: second generation (Benadryl Allergy Relief, UK)
        ),
        (),
        ("S29", "S30"),
    ),
    "h2_class": Group(
        _set("famotidine", "cimetidine", "nizatidine", "ranitidine"), (), ("S29", "S30")
    ),
    # the bare class word: H1 and H2 (A1, A3)
    "antihistamine_class": Group(
        _set(
            "cetirizine",
            "levocetirizine",
            "fexofenadine",
            "loratadine",
            "desloratadine",
            "bilastine",
            "rupatadine",
            "diphenhydramine",
            "hydroxyzine",
            "cyproheptadine",
            *_FIRST_GENERATION_S300,
            "acrivastine",
            "famotidine",
            "cimetidine",
            "nizatidine",
            "ranitidine",
        ),
        (),
        ("S29", "S30"),
    ),
    # S301: the OTC labels give "acid reducer" to H2 blockers and proton pump inhibitors alike
    "acid_reducer_class": Group(_H2 | _PPIS, (), ("S301", "S29", "S30")),
    "ppi_class": Group(_PPIS, (), ("S29", "S301")),
    "corticosteroid_class": Group(
        _set("prednisone", "prednisolone", "methylprednisolone", "hydrocortisone", "dexamethasone"),
        (),
        ("S30",),
    ),
    "benzodiazepine_class": Group(_set("midazolam", "diazepam"), (), ("S33",)),
    "beta_blocker_class": Group(
        _set(
            "metoprolol",
            "propranolol",
            "atenolol",
            "bisoprolol",
            "carvedilol",
            "nadolol",
            "labetalol",
            "nebivolol",
        ),
        (),
        ("S33",),
    ),
    "ace_inhibitor_class": Group(
        _set("lisinopril", "enalapril", "ramipril", "captopril", "perindopril", "quinapril"),
        (),
        ("S33",),
    ),
}


def _plurals(*words: str) -> frozenset[str]:
    """Each word and its plural with "s" (written out below where the plural is irregular)."""
    return frozenset(w for word in words for w in (word, word + "s"))


def _both_spellings(*words: str) -> frozenset[str]:
    """Each word in both spellings of "anaesthetic", singular and plural."""
    return _plurals(*words, *(w.replace("anaesthe", "anesthe") for w in words))


#: Group id -> the class words (lower case) that name it: issue 16's list ("NMBAs",
#: "neuromuscular blockers", "muscle relaxants", "opioids", "opiates", "NSAIDs",
#: "penicillins", "cephalosporins", "beta-lactams", "sulfonamide antibiotics", "ester/amide
#: local anaesthetics"; "iodinated contrast", "latex" and "chlorhexidine" are drug names) and
#: the spellings a chart uses, reviewed word by word.
CLASS_WORDS_EXPECTED: dict[str, frozenset[str]] = {
    "nmba": _plurals(
        "nmba",
        "neuromuscular blocker",
        "neuromuscular blocking agent",
        "neuromuscular blocking drug",
        "neuromuscular-blocking agent",
        "neuromuscular relaxant",
        "muscle relaxant",
        "paralytic",
        "paralytic agent",
    ),
    "nmba_aminosteroid": _set("aminosteroid", "aminosteroids", "aminosteroid nmbas"),
    "nmba_benzylisoquinoline": _plurals("benzylisoquinoline"),
    "opioid": _plurals(
        "opioid",
        "opiate",
        "narcotic",
        "opioid analgesic",
        "narcotic analgesic",
        "opioid pain medication",
    ),
    "opioid_phenanthrene": _set("phenanthrene opioids", "phenanthrenes"),
    "nsaid_class": _plurals(
        "nsaid",
        "non-steroidal anti-inflammatory drug",
        "nonsteroidal anti-inflammatory drug",
        "non-steroidal anti-inflammatory",
        "nonsteroidal anti-inflammatory",
        "non-steroidal anti-inflammatorie",
        "nonsteroidal anti-inflammatorie",
        "anti-inflammatory drug",
        "cox inhibitor",
        "cox-1 inhibitor",
    ),
    "cox2_class": _plurals("cox-2 inhibitor", "cox 2 inhibitor", "coxib"),
    "salicylate_class": _plurals("salicylate"),
    # "penicillin" alone is the drug (benzylpenicillin), read with its group
    "penicillin": _plurals(
        "penicillin antibiotic", "penicillin class antibiotic", "aminopenicillin"
    )
    | _set("penicillins", "penicillin class", "penicillin family", "penicillin group")
    | _plurals("pcn"),
    "cephalosporin": _plurals("cephalosporin", "cephalosporin antibiotic", "cephalosporine"),
    "beta_lactam": _plurals(
        "beta-lactam",
        "beta lactam",
        "betalactam",
        "b-lactam",
        "β-lactam",
        "beta-lactam antibiotic",
        "beta lactam antibiotic",
    ),
    "carbapenem_class": _plurals("carbapenem"),
    "sulfonamide_antibiotic": _set("sulfa", "sulpha")
    | _plurals(
        "sulfa drug",
        "sulpha drug",
        "sulfa antibiotic",
        "sulpha antibiotic",
        "sulfonamide",
        "sulphonamide",
        "sulfonamide antibiotic",
        "sulphonamide antibiotic",
    ),
    "antibiotic_class": _plurals("antibiotic", "antibacterial", "antimicrobial"),
    "fluoroquinolone_class": _plurals("fluoroquinolone", "quinolone"),
    "macrolide_class": _plurals("macrolide"),
    "local_anaesthetic_class": _both_spellings("local anaesthetic", "local anaesthetic agent")
    | _plurals("caine", "-caine"),
    "local_anaesthetic_ester": _both_spellings(
        "ester local anaesthetic",
        "ester-type local anaesthetic",
        "ester type local anaesthetic",
        "amino ester local anaesthetic",
        "aminoester local anaesthetic",
        "ester anaesthetic",
        "ester-type anaesthetic",
    )
    | _plurals("ester caine"),
    "local_anaesthetic_amide": _both_spellings(
        "amide local anaesthetic",
        "amide-type local anaesthetic",
        "amide type local anaesthetic",
        "amino amide local anaesthetic",
        "aminoamide local anaesthetic",
        "amide anaesthetic",
        "amide-type anaesthetic",
    )
    | _plurals("amide caine"),
    "contrast_class": _set("contrast", "dye", "radiographic contrast")
    | _plurals("contrast dye", "contrast medium", "contrast agent", "contrast media"),
    "iodine_class": _plurals("iodine"),
    # both receptor classes named (A1, A3; S29, S30)
    "antihistamine_class": _plurals(
        "antihistamine",
        "histamine blocker",
        "histamine antagonist",
        "h1 and h2 blocker",
        "h1/h2 blocker",
        "h1 & h2 blocker",
        "h1 and h2 antihistamine",
        "h1/h2 antihistamine",
        "h1 & h2 antihistamine",
        "h1 and h2 antagonist",
    ),
    # H1 only, the generation or sedation qualifiers included (H1 antihistamines by
    # generation; A1, A3 list H1 and H2 blockers as separate classes)
    "h1_class": _plurals(
        "h1 antihistamine",
        "h1 blocker",
        "h1-antihistamine",
        "h1-blocker",
        "h1 receptor antagonist",
        "h1 antagonist",
        "h1 receptor blocker",
        "h1-receptor blocker",
        "h1-receptor antagonist",
        "histamine-1 blocker",
        "histamine-1 antagonist",
        "histamine-1 receptor antagonist",
        "histamine 1 blocker",
        "anti-h1",
        "non-sedating antihistamine",
        "nonsedating antihistamine",
        "non sedating antihistamine",
        "sedating antihistamine",
        "second-generation antihistamine",
        "second generation antihistamine",
        "first-generation antihistamine",
        "first generation antihistamine",
    ),
    "h2_class": _plurals(
        "h2 blocker",
        "h2 antihistamine",
        "h2-antihistamine",
        "h2-blocker",
        "h2 receptor antagonist",
        "h2 antagonist",
        "h2ra",
        "h2 receptor blocker",
        "h2-receptor blocker",
        "h2-receptor antagonist",
        "histamine-2 blocker",
        "histamine-2 antagonist",
        "histamine-2 receptor antagonist",
        "histamine 2 blocker",
        "h2 histamine blocker",
        "anti-h2",
        "h2 inhibitor",
    ),
    # a use the OTC labels give to H2 blockers and PPIs alike (S301); never Axid by spelling
    "acid_reducer_class": _plurals(
        "acid reducer",
        "acid blocker",
        "acid suppressant",
        "acid controller",
        "acid reducing medication",
        "acid reducing drug",
        "acid-reducer",
        "acid-blocker",
        "stomach acid reducer",
        "stomach acid blocker",
    ),
    "ppi_class": _plurals(
        "ppi", "proton pump inhibitor", "proton-pump inhibitor", "proton pump blocker"
    ),
    "corticosteroid_class": _plurals("steroid", "corticosteroid", "glucocorticoid", "corticoid"),
    "benzodiazepine_class": _plurals("benzodiazepine", "benzo"),
    "beta_blocker_class": _plurals("beta blocker", "beta-blocker", "betablocker"),
    "ace_inhibitor_class": _plurals("ace inhibitor", "ace-inhibitor", "acei"),
}

#: Class groups a reaction against which is read as a reaction to each member itself.
ITSELF_EXPECTED = frozenset({"salicylate_class"})

#: Pairs a class word must *not* withdraw (its class stops there): the sources' negatives.
OUTSIDE_THE_CLASS = [
    pytest.param("opioids", "acetaminophen", id="XR6-opioids-not-acetaminophen"),
    pytest.param("opiates", "naloxone", id="XR8-opiates-not-naloxone"),
    pytest.param("NSAIDs", "fentanyl", id="XR10-nsaids-not-fentanyl"),
    pytest.param("NSAIDs", "acetaminophen", id="P6-nsaids-not-acetaminophen"),
    pytest.param("NMBA", "propofol", id="XR2-nmba-not-propofol"),
    pytest.param("sulfa", "celecoxib", id="S184-sulfa-not-celecoxib"),
    pytest.param("ester local anaesthetics", "lidocaine", id="S185-ester-not-amide"),
    pytest.param("amide local anesthetics", "procaine", id="S185-amide-not-ester"),
    pytest.param("beta-lactams", "aztreonam", id="S182-beta-lactams-not-aztreonam"),
    pytest.param("cephalosporins", "vancomycin", id="S182-cephalosporins-not-vancomycin"),
    pytest.param("iodine", "gadolinium contrast", id="S42-iodine-not-gadolinium"),
    pytest.param("antibiotics", "fluconazole", id="antibiotics-not-antifungals"),
]


# -- combination products (S180 US labels, S181 UK/IE product information) --------------------


class Product(NamedTuple):
    """An expected product: its ingredients in the label's order, other names, sources."""

    ingredients: tuple[str, ...]
    names: frozenset[str]
    sources: tuple[str, ...] = ("S180",)


_US, _UK = ("S180",), ("S181",)

#: Product id (its best-known name, lower case) -> ingredients and every other name read.
PRODUCTS_EXPECTED: dict[str, Product] = {
    # opioid combinations
    "percocet": Product(
        ("oxycodone", "acetaminophen"),
        _set(
            "endocet",
            "roxicet",
            "tylox",
            "oxycodone and acetaminophen",
            "oxycodone-acetaminophen",
            "oxycodone/acetaminophen",
            "oxycodone/apap",
        ),
    ),
    "percodan": Product(("oxycodone", "aspirin"), _set("oxycodone and aspirin")),
    "norco": Product(
        ("hydrocodone", "acetaminophen"),
        _set(
            "vicodin",
            "lortab",
            "lorcet",
            "hydrocodone and acetaminophen",
            "hydrocodone-acetaminophen",
            "hydrocodone/acetaminophen",
            "hydrocodone/apap",
        ),
    ),
    "vicoprofen": Product(("hydrocodone", "ibuprofen"), _set("hydrocodone and ibuprofen")),
    "tylenol with codeine": Product(
        ("acetaminophen", "codeine"),
        _set(
            "tylenol #3",
            "tylenol #4",
            "tylenol no. 3",
            "tylenol no. 4",
            "tylenol no 3",
            "tylenol no 4",
            "tylenol 3",
            "tylenol 4",
            "tylenol-codeine",
            "tylenol w/ codeine",
            "acetaminophen and codeine",
            "acetaminophen-codeine",
            "acetaminophen/codeine",
            "apap/codeine",
        ),
    ),
    "co-codamol": Product(
        ("codeine", "acetaminophen"),
        _set("cocodamol", "solpadol", "tylex", "zapain", "kapake", "paracetamol and codeine"),
        _UK,
    ),
    "co-dydramol": Product(("dihydrocodeine", "acetaminophen"), _set(), _UK),
    "nurofen plus": Product(
        ("ibuprofen", "codeine"), _set("ibuprofen and codeine", "solpadeine migraine"), _UK
    ),
    "ultracet": Product(("tramadol", "acetaminophen"), _set("tramadol and acetaminophen")),
    "suboxone": Product(
        ("buprenorphine", "naloxone"),
        _set("zubsolv", "buprenorphine and naloxone", "buprenorphine/naloxone"),
    ),
    # analgesic and headache combinations
    "excedrin": Product(
        ("acetaminophen", "aspirin", "caffeine"),
        _set(
            "excedrin extra strength",
            "excedrin migraine",
            "acetaminophen, aspirin and caffeine",
            "acetaminophen, aspirin, caffeine",
        ),
    ),
    # the DailyMed label of Excedrin PM Triple Action / PM Headache lists aspirin (S180)
    "excedrin pm": Product(
        ("acetaminophen", "aspirin", "diphenhydramine"),
        _set("excedrin pm headache", "excedrin pm triple action"),
    ),
    "alka-seltzer": Product(
        ("aspirin", "sodium bicarbonate", "citric acid"),
        _set(
            "alka seltzer",
            "alka-seltzer original",
            "alka seltzer original",
            "alka-seltzer extra strength",
        ),
    ),
    "anacin": Product(("aspirin", "caffeine"), _set("aspirin and caffeine")),
    "goody's": Product(
        ("aspirin", "acetaminophen", "caffeine"),
        _set("goodys", "goody's extra strength"),
    ),
    # aspirin 845 mg and caffeine 65 mg, no acetaminophen (S180's note: secondary copies)
    "bc powder": Product(
        ("aspirin", "caffeine"), _set("bc original", "bc original formula", "bc arthritis")
    ),
    "fioricet": Product(
        ("butalbital", "acetaminophen", "caffeine"),
        _set(
            "esgic",
            "butalbital, acetaminophen and caffeine",
            "butalbital/acetaminophen/caffeine",
            "butalbital/apap/caffeine",
        ),
    ),
    "fioricet with codeine": Product(
        ("butalbital", "acetaminophen", "caffeine", "codeine"),
        _set("fioricet w/ codeine", "butalbital, acetaminophen, caffeine, and codeine"),
    ),
    "fiorinal": Product(
        ("butalbital", "aspirin", "caffeine"),
        _set("butalbital, aspirin and caffeine", "butalbital/aspirin/caffeine"),
    ),
    "fiorinal with codeine": Product(
        ("butalbital", "aspirin", "caffeine", "codeine"), _set("fiorinal w/ codeine")
    ),
    "tylenol pm": Product(
        ("acetaminophen", "diphenhydramine"), _set("acetaminophen and diphenhydramine")
    ),
    "advil pm": Product(("ibuprofen", "diphenhydramine"), _set("ibuprofen and diphenhydramine")),
    "aggrenox": Product(("aspirin", "dipyridamole"), _set("aspirin and dipyridamole")),
    "treximet": Product(("sumatriptan", "naproxen"), _set("sumatriptan and naproxen")),
    "arthrotec": Product(("diclofenac", "misoprostol"), _set("diclofenac and misoprostol")),
    "vimovo": Product(("naproxen", "esomeprazole"), _set("naproxen and esomeprazole")),
    "duexis": Product(("ibuprofen", "famotidine"), _set("ibuprofen and famotidine")),
    # antibiotic combinations
    "bactrim": Product(
        ("sulfamethoxazole", "trimethoprim"),
        _set(
            "bactrim ds",
            "septra",
            "septrin",
            "co-trimoxazole",
            "cotrimoxazole",
            "trimethoprim-sulfamethoxazole",
            "sulfamethoxazole-trimethoprim",
            "sulfamethoxazole and trimethoprim",
            "sulfamethoxazole/trimethoprim",
            "trimethoprim/sulfamethoxazole",
            "tmp-smx",
            "smx-tmp",
        ),
    ),
    "augmentin": Product(
        ("amoxicillin", "clavulanate"),
        _set(
            "co-amoxiclav",
            "amoxicillin-clavulanate",
            "amoxicillin/clavulanate",
            "amoxicillin and clavulanate potassium",
            "amoxicillin-clavulanic acid",
            "amoxiclav",
        ),
    ),
    "unasyn": Product(
        ("ampicillin", "sulbactam"),
        _set("ampicillin-sulbactam", "ampicillin/sulbactam", "ampicillin and sulbactam"),
    ),
    "zosyn": Product(
        ("piperacillin", "tazobactam"),
        _set(
            "tazocin",
            "piperacillin-tazobactam",
            "piperacillin/tazobactam",
            "piperacillin and tazobactam",
            "pip-tazo",
            "pip/tazo",
        ),
    ),
    # procaine is an ester local anaesthetic: a reaction may be to either ingredient
    "penicillin g procaine": Product(
        ("penicillin", "procaine"), _set("procaine penicillin", "procaine benzylpenicillin")
    ),
    # local anaesthetic combinations
    "emla": Product(
        ("lidocaine", "prilocaine"),
        _set("lidocaine and prilocaine", "lidocaine/prilocaine", "lidocaine-prilocaine"),
    ),
    "xylocaine with epinephrine": Product(
        ("lidocaine", "epinephrine"),
        _set(
            "lidocaine with epinephrine",
            "lidocaine and epinephrine",
            "lidocaine/epinephrine",
            "lignocaine with adrenaline",
            "lidocaine with adrenaline",
        ),
    ),
    "marcaine with epinephrine": Product(
        ("bupivacaine", "epinephrine"),
        _set(
            "sensorcaine with epinephrine",
            "bupivacaine with epinephrine",
            "bupivacaine and epinephrine",
            "bupivacaine/epinephrine",
        ),
    ),
    # antihistamine combinations
    "zyrtec-d": Product(("cetirizine", "pseudoephedrine"), _set("cetirizine and pseudoephedrine")),
    "allegra-d": Product(
        ("fexofenadine", "pseudoephedrine"), _set("fexofenadine and pseudoephedrine")
    ),
    "claritin-d": Product(
        ("loratadine", "pseudoephedrine"), _set("loratadine and pseudoephedrine")
    ),
    "clarinex-d": Product(
        ("desloratadine", "pseudoephedrine"), _set("desloratadine and pseudoephedrine")
    ),
}

# -- "no known allergies" (issue 16 item 2; S186) -----------------------------------------------

#: How charts write "no known (drug) allergies", compared without punctuation.
NKDA_EXPECTED = _set(
    "nkda",
    "nka",
    "nkma",
    "nkfda",
    "no known drug allergies",
    "no known drug allergy",
    "no known allergies",
    "no known allergy",
    "no known medication allergies",
    "no known medication allergy",
    "no known medicine allergies",
    "no known drug allergy situation",
    "no known allergy situation",
    "no drug allergies",
    "no drug allergy",
    "no allergies",
    "no allergy",
    "no allergies known",
    "no known allergies to medications",
    "none known",
    "nil known",
    "none",
    "nil",
    "nil known allergies",
    "denies allergies",
    "denies drug allergies",
    "allergies none",
    "allergies none known",
)

#: S186: 409137002 in the FHIR core example AllergyIntolerance/nkda; 716186003 in the AU Core
#: and IPS examples. Food and environment "no known" codes are not read.
NO_ALLERGY_SNOMED_EXPECTED = {
    "409137002": "No known drug allergy",
    "716186003": "No known allergy",
}


# -- tests ---------------------------------------------------------------------------------------


def _pairs(members: frozenset[str]) -> list[tuple[str, str]]:
    return sorted((a, b) for a in members for b in members if a != b)


def _groups_with(a: str, b: str) -> set[str]:
    return {gid for gid, g in GROUPS_EXPECTED.items() if {a, b} <= g.members}


#: Words a chart writes around "no known allergies" ("NKDA (reviewed 2024)", "patient has no
#: known allergies"): with only these beside the phrase the entry is still no agent. A library
#: reading of the review of issue 16 (no source); a word added here must never be one that can
#: carry an agent ("except", a drug, a class word), so the list is pinned both ways.
NKDA_FILLER_EXPECTED = _set(
    "patient", "pt", "has", "have", "had", "reports", "reported", "states", "stated", "denies",
    "reviewed", "verified", "confirmed", "updated", "checked", "per", "by", "as", "of", "on",
    "at", "today", "admission", "record", "chart", "situation", "to", "date",
)  # fmt: skip


# -- abbreviations charts write (knowledge.abbreviations; review16) ----------------------------

#: Each abbreviation (lower case), the catalogue ingredients it is read as, and its sources.
#: S256 (ISMP error-prone abbreviations): "MSO4" morphine sulfate (misread as magnesium
#: sulfate), "T3" Tylenol with codeine No. 3 (misread as liothyronine); "ms04" (a zero) and
#: "t#3" are the same abbreviations as charts spell them. ISMP's "MS" alone is left out on
#: purpose (as likely a diagnosis in an allergy list). The rest is theatre and ward shorthand,
#: a library reading (CONVENTION), used only to keep drugs out of proposals and always shown
#: to the clinician to confirm.
ABBREVIATIONS_EXPECTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "mso4": (("morphine",), ("S256",)),
    "ms04": (("morphine",), ("S256",)),
    "t3": (("acetaminophen", "codeine"), ("S256",)),
    "t#3": (("acetaminophen", "codeine"), ("S256",)),
    "sux": (("succinylcholine",), ("CONVENTION",)),
    "scoline": (("succinylcholine",), ("CONVENTION",)),
    "roc": (("rocuronium",), ("CONVENTION",)),
    "vec": (("vecuronium",), ("CONVENTION",)),
    "sevo": (("sevoflurane",), ("CONVENTION",)),
    "vanc": (("vancomycin",), ("CONVENTION",)),
    "vanco": (("vancomycin",), ("CONVENTION",)),
    "amox": (("amoxicillin",), ("CONVENTION",)),
    "chg": (("chlorhexidine",), ("CONVENTION",)),
    "ibu": (("ibuprofen",), ("CONVENTION",)),
    "epi": (("epinephrine",), ("CONVENTION",)),
    # S300: one brand, products of two antihistamines: a reaction is read against both
    "dramamine": (("dimenhydrinate", "meclizine"), ("S300",)),
    "unisom": (("doxylamine", "diphenhydramine"), ("S300",)),
    # MX13 (S130): ranitidine's brand until 2020, famotidine's since (Zantac 360)
    "zantac": (("ranitidine", "famotidine"), ("S130",)),
    # S29, S302: diphenhydramine in the US, acrivastine and cetirizine products in the UK
    "benadryl": (("diphenhydramine", "cetirizine", "acrivastine"), ("S29", "S302")),
}

# -- brand names the review of issue 16 added (knowledge.drugs; S257, S258) --------------------

#: Each drug whose names cite S257 or S258, the brands those sources give, and the source.
#: S257 (FDA NDC directory and labels): Plavix (clopidogrel), BRILINTA (ticagrelor), Effient
#: (prasugrel), azithromycin as the ZITHROMAX Z-PAK; S258 (Fachinformation): Dipidolor
#: (piritramide).
REVIEW_BRANDS_EXPECTED: dict[str, tuple[tuple[str, ...], str]] = {
    "clopidogrel": (("Plavix",), "S257"),
    "ticagrelor": (("Brilinta",), "S257"),
    "prasugrel": (("Effient",), "S257"),
    "azithromycin": (("Z-Pak", "Zithromax Z-Pak"), "S257"),
    "piritramide": (("Dipidolor",), "S258"),
    # S300 (vocab3): the Unisom SleepGels label, diphenhydramine HCl 50 mg
    "diphenhydramine": (("Unisom SleepGels",), "S300"),
    # S302: the UK SmPC of Benadryl Allergy One A Day 10 mg (cetirizine dihydrochloride)
    "cetirizine": (("Benadryl Allergy One A Day", "Benadryl One A Day Relief"), "S302"),
}

#: The other brands of those drugs: azithromycin's from the US labels (S180), and the one
#: brand diphenhydramine's catalogue entry names (A18, S29).
OTHER_BRANDS_OF_REVIEWED: dict[str, tuple[str, ...]] = {
    "azithromycin": ("Zithromax",),
    "diphenhydramine": ("Benadryl",),
    "cetirizine": ("Zyrtec", "Reactine"),
}
_REVIEW_SOURCES = frozenset({"S257", "S258", "S300", "S302"})


class TestCrossReactiveGroups:
    """Each cross-reactive group with its members, facts, sources and flag, and nothing else."""

    def test_groups_equal_the_reference(self) -> None:
        """CROSS_REACTIVE_GROUPS holds exactly the expected groups."""
        actual = [
            (g.id, g.members, tuple(sorted(g.facts)), tuple(sorted(g.sources)), g.verified)
            for g in CROSS_REACTIVE_GROUPS.values()
        ]
        expected = [
            (gid, g.members, tuple(sorted(g.facts)), tuple(sorted(g.sources)), g.verified)
            for gid, g in GROUPS_EXPECTED.items()
        ]
        assert_same(
            actual,
            expected,
            "cross-reactive groups",
            table="groups.CROSS_REACTIVE_GROUPS",
            source="addendum section 7 (XR1-XR12), S182-S185 and the sources named in each row",
        )
        assert {g.kind for g in CROSS_REACTIVE_GROUPS.values()} == {GroupKind.CROSS_REACTIVE}

    @pytest.mark.parametrize(
        "drug", sorted({m for g in GROUPS_EXPECTED.values() for m in g.members})
    )
    def test_membership_index(self, drug: str) -> None:
        """groups_of gives each drug exactly the groups the reference puts it in."""
        expected = {gid for gid, g in GROUPS_EXPECTED.items() if drug in g.members}
        assert {g.id for g in groups_of(drug)} == expected

    @pytest.mark.parametrize("group_id", sorted(GROUPS_EXPECTED))
    def test_every_pair_is_withdrawn(self, group_id: str) -> None:
        """A reaction to one member speaks against every other member, through a group of both."""
        wrong = []
        for reacted, drug in _pairs(GROUPS_EXPECTED[group_id].members):
            match = reaction_match([Reaction(agent=reacted, severity="anaphylaxis")], drug)
            if (
                match is None
                or match.relation is not Relation.CROSS_REACTIVE
                or match.group is None
                or match.group.id not in _groups_with(reacted, drug)
            ):
                wrong.append((reacted, drug, None if match is None else match.group))
        assert not wrong, wrong

    @pytest.mark.parametrize(
        ("reacted", "drug", "expected"),
        [
            pytest.param("morphine", "buprenorphine", True, id="XR8-phenanthrene"),
            pytest.param("morphine", "nalbuphine", True, id="XR8-agonist-antagonist"),
            pytest.param("morphine", "fentanyl", False, id="XR8-other-class"),
            pytest.param("methadone", "morphine", False, id="XR8-phenylheptanone"),
            pytest.param("rocuronium", "vecuronium", True, id="XR3-aminosteroid"),
            pytest.param("ibuprofen", "celecoxib", True, id="XR11-cox2"),
            pytest.param("aspirin", "acetaminophen", False, id="XR10-not-nsaid"),
            pytest.param("fentanyl", "hydromorphone", False, id="XR9-separate-unverified"),
            pytest.param("amoxicillin", "cefazolin", True, id="S183-beta-lactam"),
            pytest.param("amoxicillin", "aztreonam", False, id="S182-monobactam"),
            pytest.param("sulfamethoxazole", "celecoxib", False, id="S184-non-antibiotic"),
            pytest.param("procaine", "lidocaine", False, id="S185-ester-amide"),
            pytest.param("iohexol", "iodixanol", True, id="S254-iodinated"),
            pytest.param("iohexol", "gadolinium contrast", False, id="S254-not-gadolinium"),
            pytest.param("hydroxyzine", "levocetirizine", True, id="SR13-cetirizine-moiety"),
            pytest.param("desloratadine", "loratadine", True, id="SR13-loratadine-moiety"),
            pytest.param("cetirizine", "fexofenadine", False, id="SR13-no-shared-moiety"),
            pytest.param("loratadine", "cetirizine", False, id="SR13-other-moiety"),
        ],
    )
    def test_named_pairs(self, reacted: str, drug: str, expected: bool) -> None:
        """The pairs the sources name, stated once more: within a group yes, across no."""
        assert bool(_groups_with(reacted, drug)) is expected
        match = reaction_match([Reaction(agent=reacted)], drug)
        assert (match is not None) is expected

    def test_members_are_catalogue_drugs(self) -> None:
        """Every expected member is a catalogue generic (a renamed drug shows up here)."""
        members = {
            m
            for g in (*GROUPS_EXPECTED.values(), *CLASS_GROUPS_EXPECTED.values())
            for m in g.members
        }
        assert members <= set(CATALOGUE)


class TestClassWords:
    """The classes a class word names, and every word a chart uses for each."""

    def test_class_groups_equal_the_reference(self) -> None:
        """CLASS_GROUPS holds exactly the expected classes with their members."""
        actual = [
            (g.id, g.members, tuple(sorted(g.facts)), tuple(sorted(g.sources)), g.verified)
            for g in CLASS_GROUPS.values()
        ]
        expected = [
            (gid, g.members, tuple(sorted(g.facts)), tuple(sorted(g.sources)), g.verified)
            for gid, g in CLASS_GROUPS_EXPECTED.items()
        ]
        assert_same(
            actual,
            expected,
            "class groups",
            table="groups.CLASS_GROUPS",
            source="the source ids in each row (S180-S186, S240-S255)",
        )
        assert {g.kind for g in CLASS_GROUPS.values()} == {GroupKind.CLASS}

    def test_aspirin_is_an_nsaid(self) -> None:
        """Every drug classed ASPIRIN is classed NSAID too (the NSAID class needs no second
        class to hold aspirin; mutation/mutants.toml declares that deletion equivalent)."""
        aspirin = [d for d in CATALOGUE.values() if DrugClass.ASPIRIN in d.classes]
        assert [d.generic for d in aspirin] == ["aspirin"]
        assert all(DrugClass.NSAID in d.classes for d in aspirin)

    def test_words_equal_the_reference(self) -> None:
        """CLASS_WORDS maps exactly the expected words, each to its group."""
        actual = [(word, group.id) for word, group in CLASS_WORDS.items()]
        expected = [(w, gid) for gid, words in CLASS_WORDS_EXPECTED.items() for w in words]
        assert_same(
            actual,
            expected,
            "class words",
            table="groups.CLASS_WORDS",
            source="the class each word names (CLASS_WORDS_EXPECTED's comments)",
        )

    @pytest.mark.parametrize("group_id", sorted(CLASS_WORDS_EXPECTED))
    def test_every_word_resolves_to_its_group(self, group_id: str) -> None:
        """A reaction recorded as any of the words, in any case, reads as that class word."""
        wrong = []
        for word in sorted(CLASS_WORDS_EXPECTED[group_id]):
            for text in (word, word.upper()):
                res = resolve_reaction(text)
                if res.how is not Match.CLASS_WORD or [g.id for g in res.classes] != [group_id]:
                    wrong.append((text, res.how, [g.id for g in res.classes]))
        assert not wrong, wrong

    @pytest.mark.parametrize("group_id", sorted(CLASS_WORDS_EXPECTED))
    def test_every_word_among_other_words_withdraws_the_class(self, group_id: str) -> None:
        """'<word> allergy' speaks against every member too (read as the class word, among
        words, or as the drug that names the class: "penicillin class allergy")."""
        members = {**GROUPS_EXPECTED, **CLASS_GROUPS_EXPECTED}[group_id].members
        missed = [
            (word, drug)
            for word in sorted(CLASS_WORDS_EXPECTED[group_id])
            for drug in sorted(members)
            if reaction_match([Reaction(agent=f"{word} allergy")], drug) is None
        ]
        assert not missed, missed

    @pytest.mark.parametrize("group_id", sorted(CLASS_WORDS_EXPECTED))
    def test_a_word_withdraws_every_member(self, group_id: str) -> None:
        """A reaction recorded against the class speaks against each member (XR6, XR10...)."""
        word = sorted(CLASS_WORDS_EXPECTED[group_id])[0]
        group = {**GROUPS_EXPECTED, **CLASS_GROUPS_EXPECTED}[group_id]
        # a class named by the members' own chemical name ("salicylates": aspirin is
        # acetylsalicylic acid) is a reaction to each member itself
        relation = Relation.SAME_DRUG if group_id in ITSELF_EXPECTED else Relation.CROSS_REACTIVE
        missed = [
            drug
            for drug in sorted(group.members)
            if (m := reaction_match([Reaction(agent=word)], drug)) is None
            or m.relation is not relation
        ]
        assert not missed, f"{word!r} does not withdraw {missed}"

    def test_itself_flags_equal_the_reference(self) -> None:
        """Only the classes named by their members' own chemical name read as the drug itself."""
        flagged = {
            g.id for g in (*CROSS_REACTIVE_GROUPS.values(), *CLASS_GROUPS.values()) if g.itself
        }
        assert flagged == ITSELF_EXPECTED

    @pytest.mark.parametrize(("word", "drug"), OUTSIDE_THE_CLASS)
    def test_a_word_stays_in_its_class(self, word: str, drug: str) -> None:
        """A class word withdraws nothing outside its class (nor outside a group it shares)."""
        assert reaction_match([Reaction(agent=word)], drug) is None


class TestCombinationProducts:
    """Every combination product with all its ingredients, and nothing else."""

    def test_products_equal_the_labels(self) -> None:
        """PRODUCTS holds exactly the expected products, names and sources."""
        actual = [
            (p.id, p.ingredients, frozenset(p.names), tuple(p.sources)) for p in PRODUCTS.values()
        ]
        expected = [
            (pid, p.ingredients, p.names | {pid}, p.sources) for pid, p in PRODUCTS_EXPECTED.items()
        ]
        assert_same(
            actual,
            expected,
            "combination products",
            table="products.PRODUCTS",
            source="the product labels (S180, S181) named in each row",
        )

    @pytest.mark.parametrize("product_id", sorted(PRODUCTS_EXPECTED))
    def test_every_name_reads_as_every_ingredient(self, product_id: str) -> None:
        """Each name of the product, in any case, reads as all its ingredients."""
        product = PRODUCTS_EXPECTED[product_id]
        wrong = []
        for name in sorted(product.names | {product_id}):
            for text in (name, name.upper()):
                found = match_drug(text)
                if found is None or found.ingredients != product.ingredients:
                    wrong.append((text, None if found is None else found.ingredients))
        assert not wrong, wrong

    @pytest.mark.parametrize("product_id", sorted(PRODUCTS_EXPECTED))
    def test_a_reaction_to_the_product_is_a_reaction_to_each_ingredient(
        self, product_id: str
    ) -> None:
        """A reaction recorded as the product speaks against each ingredient itself."""
        reactions = [Reaction(agent=product_id, severity="anaphylaxis")]
        for ingredient in PRODUCTS_EXPECTED[product_id].ingredients:
            match = reaction_match(reactions, ingredient)
            assert match is not None, ingredient
            assert match.relation is Relation.SAME_DRUG

    def test_ingredients_are_catalogue_drugs(self) -> None:
        """Every expected ingredient is a catalogue generic name."""
        assert {i for p in PRODUCTS_EXPECTED.values() for i in p.ingredients} <= set(CATALOGUE)


class TestNoKnownAllergies:
    """'No known allergies' in its spellings and codes: no reaction, never an agent (S186)."""

    def test_spellings_equal_the_reference(self) -> None:
        """NO_KNOWN_ALLERGY holds exactly the expected spellings."""
        assert_same(
            NO_KNOWN_ALLERGY,
            NKDA_EXPECTED,
            "no known allergy spellings",
            table="resolve.NO_KNOWN_ALLERGY",
            source="S186",
        )

    @pytest.mark.parametrize("text", sorted(NKDA_EXPECTED))
    def test_each_spelling_is_no_agent(self, text: str) -> None:
        """Each spelling, upper case and with a full stop, reads as no known allergies."""
        for written in (text, text.upper(), f"{text}."):
            assert resolve_reaction(written).how is Match.NONE_KNOWN, written
        assert unread_reactions(patient(reactions=[Reaction(agent=text)])) == ()

    def test_filler_words_equal_the_reference(self) -> None:
        """NO_KNOWN_FILLER holds exactly the expected words, none of them a drug name, class
        word or abbreviation, and no word beyond them keeps an entry from being read."""
        assert_same(
            NO_KNOWN_FILLER,
            NKDA_FILLER_EXPECTED,
            "no known allergy filler words",
            table="resolve.NO_KNOWN_FILLER",
            source="the review of issue 16 (a library reading)",
        )
        for word in NKDA_FILLER_EXPECTED:
            assert match_drug(word) is None, word
            assert word not in CLASS_WORDS, word
            assert word not in ABBREVIATIONS, word
        for written in ("NKDA except penicillin", "NKDA but sulfa", "no known allergies, PCN"):
            assert resolve_reaction(written).how is not Match.NONE_KNOWN, written

    @pytest.mark.parametrize("word", sorted(NKDA_FILLER_EXPECTED))
    def test_each_filler_word_keeps_none_known(self, word: str) -> None:
        """'NKDA <word> 2024' is still no known allergies."""
        assert resolve_reaction(f"NKDA {word} 2024").how is Match.NONE_KNOWN

    def test_codes_equal_the_reference(self) -> None:
        """NO_ALLERGY_SNOMED holds exactly the two verified situations."""
        assert_same(
            NO_ALLERGY_SNOMED.items(),
            NO_ALLERGY_SNOMED_EXPECTED.items(),
            "codes",
            table="codes.NO_ALLERGY_SNOMED",
            source="S186, codes-verified.md section 2",
        )

    @pytest.mark.parametrize("code", sorted(NO_ALLERGY_SNOMED_EXPECTED))
    def test_each_code_as_text_is_no_agent(self, code: str) -> None:
        """A code written as text ('snomed:409137002') reads as no known allergies."""
        for written in (f"snomed:{code}", f"SNOMED CT {code}", f"sct {code}"):
            assert resolve_reaction(written).how is Match.NONE_KNOWN, written

    def test_a_neighbouring_code_is_not_read_as_none(self) -> None:
        """A code one digit away (or a food 'no known' code) is not 'no known drug allergy'."""
        for code in ("409137003", "429625007"):
            assert resolve_reaction(f"snomed:{code}").how is not Match.NONE_KNOWN


class TestRxnormCodesAsText:
    """Each verified RxNorm code (tests/test_pins.py) written in a chart reads as its drug."""

    @pytest.mark.parametrize(
        ("code", "drug"),
        sorted(
            [*RXNORM_INGREDIENTS_EXPECTED.items()]
            + [(c, d) for c, (d, _mg) in RXNORM_PRODUCTS_EXPECTED.items()]
        ),
    )
    def test_code_reads_as_the_drug(self, code: str, drug: str) -> None:
        """rxnorm:CODE, RxNorm CODE and RXCUI CODE read as the drug, by code."""
        for written in (f"rxnorm:{code}", f"RxNorm {code}", f"RXCUI {code}"):
            found = match_drug(written)
            assert found is not None, written
            assert (found.how, found.ingredients) == (Match.CODE, (drug,))


class TestAbbreviations:
    """Chart abbreviations (S256 and CONVENTION rows): read in a reaction, never as a medication."""

    def test_table_equals_the_reference(self) -> None:
        """ABBREVIATIONS holds exactly the expected abbreviations, ingredients and sources."""
        assert_same(
            [(a.text, a.ingredients, a.sources) for a in ABBREVIATIONS.values()],
            [(text, ing, src) for text, (ing, src) in ABBREVIATIONS_EXPECTED.items()],
            "abbreviations",
            table="abbreviations.ABBREVIATIONS",
            source="S256 (ISMP), the CONVENTION rows stated in the module",
        )
        assert all(key == row.text for key, row in ABBREVIATIONS.items())

    @pytest.mark.parametrize("text", sorted(ABBREVIATIONS_EXPECTED))
    def test_a_reaction_so_written_keeps_its_drugs_out(self, text: str) -> None:
        """A reaction written as the abbreviation (any case) is read as its ingredients, to
        confirm, and matches each of them; the abbreviation names no medication."""
        ingredients, _ = ABBREVIATIONS_EXPECTED[text]
        for written in (text, text.upper()):
            read = resolve_reaction(written)
            assert (read.how, read.ingredients) == (Match.ABBREVIATION, ingredients), written
            assert read.abbreviated, written  # the report asks the clinician to confirm
        for drug in ingredients:
            assert reaction_match([Reaction(agent=text.upper())], drug) is not None, drug
        # a medication entry so named is never classified by it; "Zantac" on a medication
        # list stays the catalogue's ranitidine brand (an H2 blocker either way, MX13)
        found = match_drug(text)
        assert found is None or (text, found.generic) in {
            ("zantac", "ranitidine"),
            ("benadryl", "diphenhydramine"),
        }

    @pytest.mark.parametrize("text", sorted(t for t in ABBREVIATIONS_EXPECTED if len(t) >= 3))
    def test_an_order_so_written_meets_a_reaction(self, text: str) -> None:
        """An order written with the abbreviation ("Sux 100 mg") is matched through its
        ingredients (names of three characters or more, as whole words)."""
        ingredients, _ = ABBREVIATIONS_EXPECTED[text]
        assert names_in(f"{text.upper()} 100 mg") == ingredients

    def test_sources_resolve(self) -> None:
        """S256 is in the sources table."""
        assert "S256" in SOURCES


class TestReviewBrands:
    """The brands of S257 and S258: in the catalogue, each read as its drug, both ways."""

    def test_drugs_citing_the_sources(self) -> None:
        """The drugs whose names cite S257 or S258 are exactly the expected ones, with exactly
        the expected brands (and their other, S180, brands)."""
        actual = [
            (
                generic,
                tuple(sorted(d.brands)),
                tuple(sorted(_REVIEW_SOURCES & set(d.name_sources))),
            )
            for generic, d in CATALOGUE.items()
            if _REVIEW_SOURCES & set(d.name_sources)
        ]
        expected = [
            (generic, tuple(sorted((*brands, *OTHER_BRANDS_OF_REVIEWED.get(generic, ())))), (src,))
            for generic, (brands, src) in REVIEW_BRANDS_EXPECTED.items()
        ]
        assert_same(
            actual,
            expected,
            "review16 brands",
            table="drugs._REVIEW_NAMES (through CATALOGUE)",
            source="S257 (FDA NDC directory and labels), S258 (Dipidolor Fachinformation), "
            "S300 (the Unisom SleepGels label)",
        )

    @pytest.mark.parametrize(
        ("generic", "brand"),
        [(g, b) for g, (brands, _) in REVIEW_BRANDS_EXPECTED.items() for b in brands],
    )
    def test_each_brand_reads_as_its_drug(self, generic: str, brand: str) -> None:
        """The brand as a medication and as a reaction is the drug (and its groups)."""
        match = match_drug(brand)
        assert match is not None, brand
        assert match.generic == generic, brand
        assert generic in resolve_reaction(brand.upper()).ingredients
        assert reaction_match([Reaction(agent=brand)], generic) is not None

    def test_sources_resolve(self) -> None:
        """S257 and S258 are in the sources table."""
        assert {"S257", "S258"} <= set(SOURCES)


# -- drug identities the rules name ---------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("mastcell.knowledge.analgesia", "ACETAMINOPHEN_DRUG"),
        ("mastcell.knowledge.analgesia", "FENTANYL_DRUG"),
        ("mastcell.knowledge.antimediator", "CROMOLYN_DRUG"),
        ("mastcell.knowledge.antimediator", "FAMOTIDINE_DRUG"),
        ("mastcell.knowledge.antimediator", "MONTELUKAST_DRUG"),
        ("mastcell.knowledge.emergency", "EPINEPHRINE_DRUG"),
        ("mastcell.knowledge.antiplatelet", "ASPIRIN_DRUG"),
        ("mastcell.knowledge.cytopenia", "MIDOSTAURIN"),
        ("mastcell.knowledge.cytopenia", "AVAPRITINIB"),
    ],
)
def test_rule_drug_identities_are_vocabulary_generics(module: str, name: str) -> None:
    """A drug a rule names is a generic of the vocabulary, named once in knowledge/ (issue 20):
    the constant resolves to itself, so a rule comparing generics with it matches the chart's
    brands and salts as the vocabulary reads them."""
    import importlib

    from mastcell.knowledge.drugs import generic_name

    value = getattr(importlib.import_module(module), name)
    assert generic_name(value) == value
