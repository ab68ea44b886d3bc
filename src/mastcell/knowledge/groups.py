"""Drug groups: which drugs a reaction to one speaks against, and what a class word names.

Two kinds of group, kept apart:

- **Cross-reactive groups** (addendum section 7 and the sources added for the drug
  vocabulary): a reaction to one member speaks against proposing the others. Each group says
  what its sources say; a group whose membership the sources do not verify keeps its flag
  (XR9) and is treated the same way for proposals (never proposed, clinician decision).
- **Class groups**: what a chart means when it records a reaction against a class ("opioids",
  "penicillins", "sulfa", "neuromuscular blockers"): the record does not say which drug it
  was, so every member of the class is spoken against. A class word may name a
  cross-reactive group directly ("penicillins", "NMBAs").

:data:`CLASS_WORDS` maps each class word (both spellings of "anaesthetic", singular and
plural) to its group. Members are the drug catalogue's generic names (checked at import).

>>> CLASS_WORDS["opiates"].id, "hydrocodone" in CLASS_WORDS["opiates"].members
('opioid', True)
>>> [g.id for g in groups_of("cefazolin")]
['cephalosporin', 'beta_lactam']
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from mastcell.knowledge.drugs import CATALOGUE, generic_name
from mastcell.knowledge.sources import cited
from mastcell.model.vocabulary import DrugClass

__all__ = [
    "CLASS_GROUPS",
    "CLASS_WORDS",
    "CROSS_REACTIVE_GROUPS",
    "CrossReactiveGroup",
    "GroupKind",
    "group_sources",
    "groups_of",
]


class GroupKind(enum.StrEnum):
    """Whether a group is a cross-reactive group or the class a class word names.

    >>> CROSS_REACTIVE_GROUPS["nmba"].kind.value, CLASS_GROUPS["opioid"].kind.value
    ('cross_reactive', 'class')
    """

    CROSS_REACTIVE = "cross_reactive"
    CLASS = "class"


@attrs.frozen(kw_only=True)
class CrossReactiveGroup:
    """A group of drugs a reaction speaks against, with what the sources say.

    ``verified`` is False where the membership itself is stated only by sources the addendum
    does not accept (XR9), or where the cross-reactivity is not established; such a group
    still keeps its members out of proposals. ``itself`` marks a class whose name is the
    members' own chemical name ("salicylates": aspirin is acetylsalicylic acid): a reaction
    recorded against it is read as a reaction to each member itself, not a cross-reaction.

    >>> g = CROSS_REACTIVE_GROUPS["nmba"]
    >>> "cisatracurium" in g.members, g.facts
    (True, ('XR1', 'XR3', 'XR4', 'XR5'))
    """

    id: str
    name: str
    members: frozenset[str]
    facts: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)
    says: str
    verified: bool = True
    kind: GroupKind = GroupKind.CROSS_REACTIVE
    itself: bool = False

    def __attrs_post_init__(self) -> None:
        unknown = sorted(m for m in self.members if m not in CATALOGUE)
        if unknown:  # pragma: no cover - data bug
            raise ValueError(f"group {self.id!r}: not catalogue generic names: {unknown}")


def _group(
    id: str,
    name: str,
    members: Iterable[str],
    facts: tuple[str, ...],
    sources: tuple[str, ...],
    says: str,
    *,
    verified: bool = True,
    kind: GroupKind = GroupKind.CROSS_REACTIVE,
    itself: bool = False,
) -> CrossReactiveGroup:
    return CrossReactiveGroup(
        id=id,
        name=name,
        members=frozenset(members),
        facts=facts,
        sources=sources,
        says=says,
        verified=verified,
        kind=kind,
        itself=itself,
    )


def _of_class(*classes: DrugClass) -> frozenset[str]:
    """Every catalogue drug of any of ``classes``."""
    return frozenset(d.generic for d in CATALOGUE.values() if not d.classes.isdisjoint(classes))


_PENICILLINS = (
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
_CEPHALOSPORINS = (
    "cefazolin",
    "cephalexin",
    "cefuroxime",
    "cefoxitin",
    "ceftriaxone",
    "cefotaxime",
    "ceftazidime",
    "cefepime",
)
_CARBAPENEMS = ("meropenem", "imipenem", "ertapenem")
_ESTER_LA = ("procaine", "chloroprocaine", "tetracaine", "benzocaine")
_AMIDE_LA = (
    "lidocaine",
    "bupivacaine",
    "levobupivacaine",
    "ropivacaine",
    "mepivacaine",
    "prilocaine",
    "articaine",
)
_IODINATED = ("iodinated contrast", "iohexol", "iodixanol", "iopamidol", "ioversol")
_COX1_NSAIDS = (
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
_COX2_PREFERRING = ("celecoxib", "etoricoxib", "meloxicam", "etodolac", "nabumetone")

_GROUPS = (
    # -- 7.1 neuromuscular blocking agents ----------------------------------------------------
    _group(
        "nmba",
        "neuromuscular blocking agents (shared quaternary ammonium epitope)",
        (
            "atracurium",
            "cisatracurium",
            "mivacurium",
            "pancuronium",
            "rocuronium",
            "vecuronium",
            "succinylcholine",
        ),
        ("XR1", "XR3", "XR4", "XR5"),
        ("S138",),
        "the quaternary ammonium group is the presumed shared epitope (XR1); after NMBA "
        "anaphylaxis 75.7% cross-reacted on skin testing (rocuronium-vecuronium 85.3%, "
        "rocuronium-cisatracurium 50%, rocuronium-succinylcholine 12.5%), and 3 of 15 given a "
        "skin-test-negative NMBA became hypotensive (XR3); an NMBA with a positive skin test is "
        "contraindicated and sources support allergist testing of the available NMBAs and use "
        "of a test-negative one (XR4, XR5)",
    ),
    _group(
        "nmba_aminosteroid",
        "aminosteroid neuromuscular blockers",
        ("pancuronium", "rocuronium", "vecuronium"),
        ("XR2", "XR3"),
        ("S138", "S33"),
        "aminosteroids share a structure (XR2); rocuronium-vecuronium cross-reacted in 85.3% "
        "on skin testing (XR3)",
    ),
    _group(
        "nmba_benzylisoquinoline",
        "benzylisoquinoline neuromuscular blockers",
        ("atracurium", "cisatracurium", "mivacurium"),
        ("XR2",),
        ("S138", "S33"),
        "benzylisoquinolines share a structure (XR2)",
    ),
    # -- 7.2 opioids (true allergy, by chemical class) -----------------------------------------
    _group(
        "opioid_phenanthrene",
        "phenanthrene opioids",
        ("morphine", "codeine", "buprenorphine", "nalbuphine", "butorphanol", "pentazocine"),
        ("XR8",),
        ("S139",),
        "morphine, codeine and relatives, with the agonist-antagonists (buprenorphine, "
        "nalbuphine, butorphanol, pentazocine), form one class; for a true opioid allergy "
        "choose another chemical class; switching class lowers but does not remove the risk "
        "(XR8)",
    ),
    _group(
        "opioid_phenanthrene_unverified",
        "phenanthrene opioids (membership not verified)",
        (
            "morphine",
            "codeine",
            "hydromorphone",
            "oxycodone",
            "hydrocodone",
            "oxymorphone",
            "dihydrocodeine",
            # the rest of the class XR8 names: a member placed here shares the whole class
            "buprenorphine",
            "nalbuphine",
            "butorphanol",
            "pentazocine",
        ),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        "hydromorphone and oxycodone are placed among the phenanthrenes only by S-DRO pages "
        "(XR9, NOT VERIFIED); hydrocodone, oxymorphone and dihydrocodeine are morphine "
        "derivatives placed here by mastcell as 'relatives' of morphine and codeine (XR8), a "
        "membership no source read states (NOT VERIFIED). Placed in the class, they share it "
        "with every member XR8 names, the agonist-antagonists (buprenorphine, nalbuphine, "
        "butorphanol, pentazocine) included: after a hydromorphone or oxycodone reaction none "
        "of them is offered (clinician decision)",
        verified=False,
    ),
    _group(
        "opioid_phenylpiperidine",
        "phenylpiperidine opioids (membership not verified)",
        ("meperidine", "fentanyl", "sufentanil", "alfentanil", "remifentanil"),
        ("XR8", "XR9"),
        ("S139", "S-DRO"),
        "meperidine and its congeners form the phenylpiperidine class (XR8); fentanyl, "
        "sufentanil, alfentanil and remifentanil are placed there only by S-DRO pages (XR9, "
        "NOT VERIFIED)",
        verified=False,
    ),
    # -- 7.3 NSAIDs ---------------------------------------------------------------------------
    _group(
        "nsaid",
        "aspirin and NSAIDs (COX-1 cross-reactive phenotypes)",
        _COX1_NSAIDS,
        ("XR10", "XR12"),
        ("S140", "S32"),
        "NSAID-exacerbated respiratory or cutaneous disease and NSAID-induced urticaria/"
        "angioedema cross-react across COX-1 inhibitors (XR10); a recorded reaction does not "
        "say which phenotype it was",
    ),
    _group(
        "nsaid_cox2",
        "NSAIDs and COX-2 selective or preferential inhibitors",
        (*_COX1_NSAIDS, *_COX2_PREFERRING),
        ("XR11",),
        ("S140",),
        "21% (19/91) of patients with non-selective NSAID hypersensitivity reacted to a first "
        "COX-2 inhibitor challenge: an oral challenge is advised before prescribing (XR11)",
    ),
    # -- iodinated contrast media (S254, S255) ------------------------------------------------
    _group(
        "iodinated_contrast",
        "iodinated contrast media",
        _IODINATED,
        (),
        ("S254", "S255"),
        "a history of hypersensitivity to an iodinated contrast medium is the main risk factor "
        "for another; 36 of 101 patients with a confirmed reaction reacted to more than one "
        "agent, and a skin-test-negative alternative still provoked a reaction in 24 of those "
        "36: after a reaction, the same agent is avoided and an alternative is chosen by "
        "allergist testing (clinician decision). Gadolinium-based agents are another group",
    ),
    # -- H1 antihistamines sharing an active moiety (SR13, S250) -------------------------------
    _group(
        "h1_cetirizine_moiety",
        "hydroxyzine, cetirizine and levocetirizine (one active moiety)",
        ("hydroxyzine", "cetirizine", "levocetirizine"),
        ("SR13",),
        ("S250",),
        "cetirizine is a metabolite of hydroxyzine and levocetirizine the R-enantiomer of "
        "cetirizine (SR13): the drug reacted to is in part the same molecule; the monographs "
        "state the shared moiety, not allergic cross-reactivity (NOT VERIFIED), so the others "
        "are kept out of proposals: clinician decision",
        verified=False,
    ),
    _group(
        "h1_loratadine_moiety",
        "loratadine and desloratadine (one active moiety)",
        ("loratadine", "desloratadine"),
        ("SR13",),
        ("S250",),
        "desloratadine is the active metabolite of loratadine (SR13): the drug reacted to is "
        "in part the same molecule; the monographs state the shared moiety, not allergic "
        "cross-reactivity (NOT VERIFIED), so the other is kept out of proposals: clinician "
        "decision",
        verified=False,
    ),
    # -- dimenhydrinate holds diphenhydramine (S300) ------------------------------------------
    _group(
        "h1_diphenhydramine_moiety",
        "diphenhydramine and dimenhydrinate (one active moiety)",
        ("diphenhydramine", "dimenhydrinate"),
        ("SR17",),
        ("S300",),
        "dimenhydrinate is the 8-chlorotheophylline salt of diphenhydramine (53-55.5% "
        "diphenhydramine), and its label rules it out after hypersensitivity to diphenhydramine "
        "or 8-chlorotheophylline: a reaction to either drug is read against the other (which "
        "component reacted is not known), so the other is kept out of proposals: clinician "
        "decision",
    ),
    # -- beta-lactams (S182, S183) ------------------------------------------------------------
    _group(
        "penicillin",
        "penicillins",
        _PENICILLINS,
        (),
        ("S182", "S183"),
        "penicillins share the beta-lactam ring and the thiazolidine core; a reaction to one "
        "is a penicillin allergy label until an allergist's risk assessment, testing or a "
        "supervised challenge removes it (most labels are not confirmed: fewer than 5% have "
        "clinically significant hypersensitivity)",
    ),
    _group(
        "cephalosporin",
        "cephalosporins",
        _CEPHALOSPORINS,
        (),
        ("S182",),
        "cephalosporins cross-react mainly through similar side chains; which cephalosporin "
        "may be given after a reaction to another is an allergist's or clinician's decision",
    ),
    _group(
        "beta_lactam",
        "beta-lactam antibiotics (penicillins, cephalosporins, carbapenems)",
        (*_PENICILLINS, *_CEPHALOSPORINS, *_CARBAPENEMS),
        (),
        ("S182", "S183"),
        "penicillin-cephalosporin cross-reactivity is about 2%, lower than the 8% once "
        "reported, and driven mostly by similar side chains; the practice parameter supports "
        "giving a cephalosporin with a dissimilar side chain, or a carbapenem, after risk "
        "assessment: a clinician decision, not a default",
    ),
    # -- sulfonamide antibiotics (S184, S182) -------------------------------------------------
    _group(
        "sulfonamide_antibiotic",
        "sulfonamide antibiotics",
        ("sulfamethoxazole", "sulfadiazine", "sulfisoxazole", "sulfacetamide"),
        (),
        ("S184", "S182"),
        "sulfonamide antibiotics share the arylamine at N4 and the N1 ring; they do not "
        "cross-react with non-antibiotic sulfonamides (furosemide, thiazides, celecoxib), "
        "whose excess reactions after a sulfonamide antibiotic reflect a predisposition to "
        "allergy, not cross-reactivity",
    ),
    # -- local anaesthetics (S185) ------------------------------------------------------------
    _group(
        "local_anaesthetic_ester",
        "ester local anaesthetics (para-aminobenzoic acid)",
        _ESTER_LA,
        (),
        ("S185",),
        "aminoester local anaesthetics are derivatives of para-aminobenzoic acid, a known "
        "allergen, and are treated as cross-reactive with each other; amides are not PABA "
        "derivatives and do not cross-react with esters",
    ),
    _group(
        "local_anaesthetic_amide",
        "amide local anaesthetics (cross-reactivity not established)",
        _AMIDE_LA,
        (),
        ("S185",),
        "allergy to amide local anaesthetics is extremely rare and sources disagree on "
        "cross-reactivity among amides (none reported in one, case reports of lidocaine-"
        "mepivacaine in a seed-family page): NOT VERIFIED, kept out of proposals until an "
        "allergist tests the alternatives",
        verified=False,
    ),
)

#: Every cross-reactive group by id.
CROSS_REACTIVE_GROUPS: Mapping[str, CrossReactiveGroup] = {g.id: g for g in _GROUPS}

_C = DrugClass
_CLASS = GroupKind.CLASS
_RECORD = "the record names the class, not the drug"

_ANTIBACTERIALS = (
    "nafcillin",
    "sulfisoxazole",
    "sulfacetamide",
    "lefamulin",
    "trimethoprim",
    "sulfadiazine",
    "gentamicin",
    "metronidazole",
    "aztreonam",
    *_CARBAPENEMS,
)

_CLASS_GROUP_LIST = (
    _group(
        "opioid",
        "opioids (a reaction recorded against the class)",
        _of_class(_C.OPIOID),
        ("XR6", "XR8"),
        ("S139",),
        f"{_RECORD}; true opioid allergy is rare and most 'opioid allergic' labels are not "
        "confirmed (XR6); an allergist can clarify which class to avoid (XR8)",
        kind=_CLASS,
    ),
    _group(
        "nsaid_class",
        "aspirin and NSAIDs (a reaction recorded against the class)",
        _of_class(_C.NSAID, _C.ASPIRIN),
        ("XR10", "XR11"),
        ("S140",),
        f"{_RECORD}; COX-1 inhibitors cross-react in the common phenotypes (XR10) and 21% "
        "reacted to a first COX-2 inhibitor challenge (XR11)",
        kind=_CLASS,
    ),
    _group(
        "cox2_class",
        "COX-2 selective inhibitors (a reaction recorded against the class)",
        ("celecoxib", "etoricoxib"),
        ("XR11",),
        ("S140",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "salicylate_class",
        "salicylates (a reaction recorded against the class)",
        ("aspirin",),
        ("XR10",),
        ("S140",),
        f"{_RECORD}; aspirin is acetylsalicylic acid, a salicylate: a reaction recorded "
        "against the salicylates is read as a reaction to aspirin itself, and aspirin "
        "cross-reacts with the COX-1 inhibitors (XR10)",
        kind=_CLASS,
        itself=True,
    ),
    _group(
        "carbapenem_class",
        "carbapenems (a reaction recorded against the class)",
        _CARBAPENEMS,
        (),
        ("S182",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "antibiotic_class",
        "antibiotics (a reaction recorded against the class)",
        _of_class(_C.ANTIBIOTIC, _C.MACROLIDE, _C.RIFAMYCIN) | frozenset(_ANTIBACTERIALS),
        (),
        ("S33", "S182"),
        f"{_RECORD}, and not which antibiotic: every antibiotic is a clinician decision until "
        "the record is clarified",
        kind=_CLASS,
    ),
    _group(
        "fluoroquinolone_class",
        "fluoroquinolones (a reaction recorded against the class)",
        ("ciprofloxacin", "levofloxacin", "moxifloxacin"),
        (),
        ("S33", "S182"),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "macrolide_class",
        "macrolides (a reaction recorded against the class)",
        _of_class(_C.MACROLIDE),
        (),
        ("S182",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "local_anaesthetic_class",
        "local anaesthetics (a reaction recorded against the class)",
        _of_class(_C.LOCAL_ANESTHETIC),
        (),
        ("S185", "S33"),
        f"{_RECORD}: esters and amides do not cross-react, so an allergist can usually find "
        "a tolerated agent of the other class",
        kind=_CLASS,
    ),
    _group(
        "contrast_class",
        "contrast media (a reaction recorded against the class)",
        _of_class(_C.CONTRAST_AGENT),
        ("O15",),
        ("S42", "S35"),
        f"{_RECORD} and not whether iodinated or gadolinium-based",
        kind=_CLASS,
    ),
    _group(
        "iodine_class",
        "iodine-containing agents (a reaction recorded against iodine)",
        (*_IODINATED, "povidone-iodine"),
        (),
        ("S42", "S33"),
        "the record names iodine, which is in iodinated contrast media and in povidone-iodine; "
        "which product reacted is not stated",
        kind=_CLASS,
    ),
    _group(
        "h1_class",
        "H1 antihistamines (a reaction recorded against the class)",
        _of_class(_C.H1_FIRST_GENERATION, _C.H1_SECOND_GENERATION),
        (),
        ("S29", "S30"),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "h2_class",
        "H2 antihistamines (a reaction recorded against the class)",
        _of_class(_C.H2),
        (),
        ("S29", "S30"),
        _RECORD,
        kind=_CLASS,
    ),
    # "antihistamines" with no H1 or H2 names both receptor classes (A1, A3): a reaction
    # recorded against the bare class word withholds the H2 blockers as well as the H1.
    _group(
        "antihistamine_class",
        "H1 and H2 antihistamines (a reaction recorded against the class)",
        _of_class(_C.H1_FIRST_GENERATION, _C.H1_SECOND_GENERATION, _C.H2),
        (),
        ("S29", "S30"),
        _RECORD,
        kind=_CLASS,
    ),
    # "acid reducers" names a use, not a class: the OTC labels give it to H2 blockers and
    # proton pump inhibitors alike (S301), so the record speaks against both.
    _group(
        "acid_reducer_class",
        "H2 antihistamines and proton pump inhibitors (a reaction recorded against 'acid "
        "reducers')",
        _of_class(_C.H2, _C.PROTON_PUMP_INHIBITOR),
        (),
        ("S301", "S29", "S30"),
        "the record names a use the labels give to H2 blockers and proton pump inhibitors "
        "alike ('acid reducer'), not the drug: every one of them is a clinician decision "
        "until the record is clarified",
        kind=_CLASS,
    ),
    _group(
        "ppi_class",
        "proton pump inhibitors (a reaction recorded against the class)",
        _of_class(_C.PROTON_PUMP_INHIBITOR),
        (),
        ("S29", "S301"),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "corticosteroid_class",
        "corticosteroids (a reaction recorded against the class)",
        _of_class(_C.CORTICOSTEROID),
        (),
        ("S30",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "benzodiazepine_class",
        "benzodiazepines (a reaction recorded against the class)",
        _of_class(_C.BENZODIAZEPINE),
        (),
        ("S33",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "beta_blocker_class",
        "beta-blockers (a reaction recorded against the class)",
        _of_class(_C.BETA_BLOCKER),
        (),
        ("S33",),
        _RECORD,
        kind=_CLASS,
    ),
    _group(
        "ace_inhibitor_class",
        "ACE inhibitors (a reaction recorded against the class)",
        _of_class(_C.ACE_INHIBITOR),
        (),
        ("S33",),
        _RECORD,
        kind=_CLASS,
    ),
)

#: Every class group by id (the classes a class word may name).
CLASS_GROUPS: Mapping[str, CrossReactiveGroup] = {g.id: g for g in _CLASS_GROUP_LIST}


def _words(*bases: str, plural: bool = True) -> tuple[str, ...]:
    """Each base as written, in both spellings of "anaesthetic", and with a plural "s"."""
    out: list[str] = []
    for base in bases:
        for spelling in dict.fromkeys(
            (base, base.replace("anaesthe", "anesthe"), base.replace("anesthe", "anaesthe"))
        ):
            out.append(spelling)
            if plural:
                out.append(spelling + "s")
    return tuple(dict.fromkeys(out))


_G = {**CROSS_REACTIVE_GROUPS, **CLASS_GROUPS}

#: The class words a chart uses, each naming its group.
_WORD_TABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        _words(
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
        "nmba",
    ),
    (("aminosteroid", "aminosteroids", "aminosteroid nmbas"), "nmba_aminosteroid"),
    (("benzylisoquinoline", "benzylisoquinolines"), "nmba_benzylisoquinoline"),
    (
        _words(
            "opioid",
            "opiate",
            "narcotic",
            "opioid analgesic",
            "narcotic analgesic",
            "opioid pain medication",
        ),
        "opioid",
    ),
    (("phenanthrene opioids", "phenanthrenes"), "opioid_phenanthrene"),
    (
        _words(
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
        "nsaid_class",
    ),
    (_words("cox-2 inhibitor", "cox 2 inhibitor", "coxib"), "cox2_class"),
    (_words("salicylate"), "salicylate_class"),
    (
        (
            *_words("penicillin antibiotic", "penicillin class antibiotic", "aminopenicillin"),
            "penicillins",
            "penicillin class",
            "penicillin family",
            "penicillin group",
            "pcn",
            "pcns",
        ),
        "penicillin",
    ),
    (_words("cephalosporin", "cephalosporin antibiotic", "cephalosporine"), "cephalosporin"),
    (
        _words(
            "beta-lactam",
            "beta lactam",
            "betalactam",
            "b-lactam",
            "β-lactam",
            "beta-lactam antibiotic",
            "beta lactam antibiotic",
        ),
        "beta_lactam",
    ),
    (_words("carbapenem"), "carbapenem_class"),
    (
        (
            "sulfa",
            "sulpha",
            *_words(
                "sulfa drug",
                "sulpha drug",
                "sulfa antibiotic",
                "sulpha antibiotic",
                "sulfonamide",
                "sulphonamide",
                "sulfonamide antibiotic",
                "sulphonamide antibiotic",
            ),
        ),
        "sulfonamide_antibiotic",
    ),
    (_words("antibiotic", "antibacterial", "antimicrobial"), "antibiotic_class"),
    (_words("fluoroquinolone", "quinolone"), "fluoroquinolone_class"),
    (_words("macrolide"), "macrolide_class"),
    (
        _words(
            "local anaesthetic",
            "local anaesthetic agent",
            "caine",
            "-caine",
        ),
        "local_anaesthetic_class",
    ),
    (
        _words(
            "ester local anaesthetic",
            "ester-type local anaesthetic",
            "ester type local anaesthetic",
            "amino ester local anaesthetic",
            "aminoester local anaesthetic",
            "ester anaesthetic",
            "ester-type anaesthetic",
            "ester caine",
        ),
        "local_anaesthetic_ester",
    ),
    (
        _words(
            "amide local anaesthetic",
            "amide-type local anaesthetic",
            "amide type local anaesthetic",
            "amino amide local anaesthetic",
            "aminoamide local anaesthetic",
            "amide anaesthetic",
            "amide-type anaesthetic",
            "amide caine",
        ),
        "local_anaesthetic_amide",
    ),
    (
        (
            "contrast",
            "dye",
            *_words("contrast dye", "contrast medium", "contrast agent", "contrast media"),
            "radiographic contrast",
        ),
        "contrast_class",
    ),
    (("iodine", "iodines"), "iodine_class"),
    (
        _words(
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
        "antihistamine_class",
    ),
    (
        _words(
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
            # H1 antihistamines by generation: a qualified class word names the H1 class, not
            # every antihistamine (A1, A3 list H1 and H2 blockers as separate classes; S29)
            "non-sedating antihistamine",
            "nonsedating antihistamine",
            "non sedating antihistamine",
            "sedating antihistamine",
            "second-generation antihistamine",
            "second generation antihistamine",
            "first-generation antihistamine",
            "first generation antihistamine",
        ),
        "h1_class",
    ),
    (
        _words(
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
        "h2_class",
    ),
    (
        _words(
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
        "acid_reducer_class",
    ),
    (
        _words(
            "ppi",
            "proton pump inhibitor",
            "proton-pump inhibitor",
            "proton pump blocker",
        ),
        "ppi_class",
    ),
    (_words("steroid", "corticosteroid", "glucocorticoid", "corticoid"), "corticosteroid_class"),
    (_words("benzodiazepine", "benzo"), "benzodiazepine_class"),
    (_words("beta blocker", "beta-blocker", "betablocker"), "beta_blocker_class"),
    (_words("ace inhibitor", "ace-inhibitor", "acei"), "ace_inhibitor_class"),
)

#: Each class word (lower-cased) and the group it names.
CLASS_WORDS: Mapping[str, CrossReactiveGroup] = {
    word: _G[group_id] for words, group_id in _WORD_TABLE for word in words
}

_BY_MEMBER: dict[str, tuple[CrossReactiveGroup, ...]] = {}
for _g in _GROUPS:
    for _m in _g.members:
        _BY_MEMBER[_m] = (*_BY_MEMBER.get(_m, ()), _g)


def groups_of(drug: str) -> tuple[CrossReactiveGroup, ...]:
    """The cross-reactive groups a drug (any spelling) belongs to, in the order defined.

    >>> [g.id for g in groups_of("Rocuronium")]
    ['nmba', 'nmba_aminosteroid']
    >>> groups_of("fexofenadine")
    ()
    """
    found = _BY_MEMBER.get(drug)  # a generic name, as the rules and the matcher pass it
    if found is not None:
        return found
    generic = generic_name(drug) or drug.strip().lower()
    return _BY_MEMBER.get(generic, ())


def group_sources(drugs: Iterable[str]) -> tuple[str, ...]:
    """The sources of every cross-reactive or class group holding one of ``drugs``, sorted.

    What a rule may cite when a recorded reaction rules one of the drugs out (a match carries
    its group's sources), so that its declaration can hold them.

    >>> group_sources(["famotidine"])
    ('S29', 'S30', 'S301')
    """
    wanted = frozenset(drugs)
    return tuple(
        sorted(
            {
                source
                for group in (*CROSS_REACTIVE_GROUPS.values(), *CLASS_GROUPS.values())
                if not group.members.isdisjoint(wanted)
                for source in group.sources
            }
        )
    )
