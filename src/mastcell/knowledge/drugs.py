"""The drug catalogue: generic names, synonyms and brands, classes, standard adult doses.

A drug not in the catalogue is still accepted everywhere; the engine reports it as
unclassified so that a clinician sees it was not reasoned about. Mast-cell safety levels
(avoid / caution / acceptable / preferred) live beside this, in :mod:`mastcell.knowledge.safety`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Collection, Mapping

import attrs

from mastcell.knowledge.codes import RXNORM
from mastcell.knowledge.forms import MAX_FORM_TEXT, strip_forms, strip_strengths
from mastcell.knowledge.products import PRODUCTS, Product
from mastcell.knowledge.sources import cited
from mastcell.model.recommendation import DoseAmount, DoseRange
from mastcell.model.vocabulary import DrugClass, Frequency, Route

__all__ = [
    "CATALOGUE",
    "MAX_NAME_TEXT",
    "Drug",
    "DrugMatch",
    "Match",
    "StandardDose",
    "classes_of",
    "generic_name",
    "ingredients_in",
    "ingredients_named",
    "ingredients_of",
    "lookup",
    "match_drug",
    "names",
    "normalise",
]


@attrs.frozen(kw_only=True)
class StandardDose:
    """A labelled (or cited) dose for a population, the unit doses are measured against.

    >>> lookup("cetirizine").standard_dose.daily_mg
    10.0
    """

    dose: DoseAmount | DoseRange
    frequency: Frequency
    route: Route = Route.ORAL
    population: str = "adults"
    sources: tuple[str, ...] = attrs.field(converter=cited)
    note: str | None = None

    @property
    def daily_mg(self) -> float | None:
        """Milligrams per day (the top of a range); None for irregular or non-mass doses."""
        per_day = self.frequency.per_day
        if per_day is None or self.dose.unit != "mg":
            return None
        amount = self.dose.value if isinstance(self.dose, DoseAmount) else self.dose.high
        return round(amount * per_day, 6)


@attrs.frozen(kw_only=True)
class Drug:
    """One catalogue entry.

    >>> d = lookup("Zyrtec")
    >>> d.generic, sorted(d.classes)
    ('cetirizine', [<DrugClass.H1_SECOND_GENERATION: 'h1_second_generation'>])
    """

    generic: str
    classes: frozenset[DrugClass]
    sources: tuple[str, ...] = attrs.field(converter=cited)
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    standard_dose: StandardDose | None = None
    withdrawn: bool = False
    note: str | None = None
    #: Where the brand names and synonyms added for the drug vocabulary were read (labels).
    name_sources: tuple[str, ...] = attrs.field(default=(), converter=cited)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the drug is recognised by, lower-cased."""
        return tuple(n.lower() for n in (self.generic, *self.synonyms, *self.brands))


def _d(
    generic: str,
    classes: DrugClass | tuple[DrugClass, ...],
    sources: tuple[str, ...],
    *,
    synonyms: tuple[str, ...] = (),
    brands: tuple[str, ...] = (),
    dose: StandardDose | None = None,
    withdrawn: bool = False,
    note: str | None = None,
) -> Drug:
    return Drug(
        generic=generic,
        classes=frozenset(classes if isinstance(classes, tuple) else (classes,)),
        sources=sources,
        synonyms=synonyms,
        brands=brands,
        standard_dose=dose,
        withdrawn=withdrawn,
        note=note,
    )


def _mg(
    value: float,
    frequency: Frequency,
    sources: tuple[str, ...],
    *,
    route: Route = Route.ORAL,
    population: str = "adults",
    note: str | None = None,
) -> StandardDose:
    return StandardDose(
        dose=DoseAmount(value=value, unit="mg"),
        frequency=frequency,
        route=route,
        population=population,
        sources=sources,
        note=note,
    )


_C = DrugClass
_F = Frequency

_S = ("S110",)  # S110, current version
_S100 = ("S100",)  # the Rydapt label's example list
_BOTH = ("S110", "S100")
_CYP3A_DRUGS: tuple[Drug, ...] = (
    # -- azole antifungals ------------------------------------------------------------------
    _d("ketoconazole", _C.ANTIFUNGAL, _BOTH, brands=("Nizoral",)),
    _d("itraconazole", _C.ANTIFUNGAL, _BOTH, brands=("Sporanox",)),
    _d("posaconazole", _C.ANTIFUNGAL, _BOTH, brands=("Noxafil",)),
    _d("voriconazole", _C.ANTIFUNGAL, _BOTH, brands=("Vfend",)),
    _d("fluconazole", _C.ANTIFUNGAL, _S, brands=("Diflucan",)),
    _d(
        "isavuconazole",
        _C.ANTIFUNGAL,
        _S,
        synonyms=("isavuconazonium", "isavuconazonium sulfate"),
        brands=("Cresemba",),
    ),
    _d("levoketoconazole", _C.OTHER, _S, brands=("Recorlev",)),
    # -- macrolides and other antibacterials ------------------------------------------------
    _d("clarithromycin", _C.MACROLIDE, _BOTH, brands=("Biaxin", "Klacid")),
    _d("erythromycin", _C.MACROLIDE, _S, brands=("Ery-Tab", "Erythrocin")),
    _d("telithromycin", _C.MACROLIDE, _S, brands=("Ketek",)),
    _d("troleandomycin", _C.MACROLIDE, _S100),
    _d("lefamulin", _C.OTHER, _S, brands=("Xenleta",), note="a pleuromutilin antibacterial"),
    _d(
        "nafcillin",
        _C.OTHER,
        _S,
        note="a penicillin; kept out of ANTIBIOTIC (rated by section 2.7) until it is rated",
    ),
    _d(
        "rifampin",
        _C.RIFAMYCIN,
        ("S110", "S100", "S102"),
        synonyms=("rifampicin",),
        brands=("Rifadin", "Rimactane"),
    ),
    _d("rifabutin", _C.RIFAMYCIN, _S, brands=("Mycobutin",)),
    _d("rifapentine", _C.RIFAMYCIN, _S, brands=("Priftin",)),
    # -- antivirals (HIV, HCV, CMV) ----------------------------------------------------------
    _d("ritonavir", _C.ANTIVIRAL, _BOTH, brands=("Norvir",)),
    _d("cobicistat", _C.ANTIVIRAL, _BOTH, brands=("Tybost",)),
    _d(
        "lopinavir-ritonavir",
        _C.ANTIVIRAL,
        _BOTH,
        synonyms=("lopinavir", "lopinavir/ritonavir", "lopinavir and ritonavir"),
        brands=("Kaletra",),
    ),
    _d(
        "nirmatrelvir-ritonavir",
        _C.ANTIVIRAL,
        _S,
        synonyms=("nirmatrelvir/ritonavir", "nirmatrelvir and ritonavir"),
        brands=("Paxlovid",),
        note="contains ritonavir ('ritonavir and combinations', S110)",
    ),
    _d(
        "ombitasvir-paritaprevir-ritonavir",
        _C.ANTIVIRAL,
        _BOTH,
        synonyms=(
            "ombitasvir/paritaprevir/ritonavir",
            "paritaprevir-ritonavir",
            "paritaprevir/ritonavir",
            "paritaprevir",
            "ombitasvir-paritaprevir-ritonavir-dasabuvir",
        ),
        brands=("Viekira Pak", "Viekirax", "Technivie"),
    ),
    _d("atazanavir", _C.ANTIVIRAL, _S, brands=("Reyataz",)),
    _d("darunavir", _C.ANTIVIRAL, _S, brands=("Prezista",)),
    _d("indinavir", _C.ANTIVIRAL, _BOTH, brands=("Crixivan",)),
    _d("nelfinavir", _C.ANTIVIRAL, _BOTH, brands=("Viracept",)),
    _d("saquinavir", _C.ANTIVIRAL, _BOTH, brands=("Invirase",)),
    _d("tipranavir", _C.ANTIVIRAL, _S100, brands=("Aptivus",)),
    _d("danoprevir", _C.ANTIVIRAL, _S100),
    _d("elvitegravir", _C.ANTIVIRAL, _S100),
    _d(
        "boceprevir",
        _C.ANTIVIRAL,
        _BOTH,
        brands=("Victrelis",),
        note="on the 2018 version of the list only (S110)",
    ),
    _d(
        "telaprevir",
        _C.ANTIVIRAL,
        _S,
        brands=("Incivek", "Incivo"),
        note="on the 2018 version of the list only (S110)",
    ),
    _d("fosamprenavir", _C.ANTIVIRAL, _S, brands=("Lexiva", "Telzir")),
    _d("letermovir", _C.ANTIVIRAL, _S, brands=("Prevymis",)),
    _d("efavirenz", _C.ANTIVIRAL, _S, brands=("Sustiva", "Stocrin")),
    _d("etravirine", _C.ANTIVIRAL, _S, brands=("Intelence",)),
    # -- cardiovascular ---------------------------------------------------------------------
    _d("diltiazem", _C.CALCIUM_CHANNEL_BLOCKER, _BOTH, brands=("Cardizem", "Tiazac")),
    _d("verapamil", _C.CALCIUM_CHANNEL_BLOCKER, _S, brands=("Calan", "Isoptin")),
    _d("amiodarone", _C.OTHER, _S, brands=("Cordarone", "Pacerone")),
    _d("dronedarone", _C.OTHER, _S, brands=("Multaq",)),
    _d("conivaptan", _C.OTHER, _BOTH, brands=("Vaprisol",)),
    _d("bosentan", _C.OTHER, _S, brands=("Tracleer",)),
    # -- anticonvulsants --------------------------------------------------------------------
    _d("carbamazepine", _C.ANTICONVULSANT, ("S110", "S100", "S102"), brands=("Tegretol",)),
    _d("phenytoin", _C.ANTICONVULSANT, ("S110", "S100", "S102"), brands=("Dilantin",)),
    _d("fosphenytoin", _C.ANTICONVULSANT, _S, brands=("Cerebyx",)),
    _d("phenobarbital", _C.ANTICONVULSANT, _S, synonyms=("phenobarbitone",)),
    _d("primidone", _C.ANTICONVULSANT, _S, brands=("Mysoline",)),
    _d(
        "eslicarbazepine",
        _C.ANTICONVULSANT,
        _S,
        synonyms=("eslicarbazepine acetate",),
        brands=("Aptiom", "Zebinix"),
    ),
    _d("cenobamate", _C.ANTICONVULSANT, _S, brands=("Xcopri",)),
    # -- antineoplastics --------------------------------------------------------------------
    _d("ceritinib", _C.ANTINEOPLASTIC, _S, brands=("Zykadia",)),
    _d("idelalisib", _C.ANTINEOPLASTIC, _BOTH, brands=("Zydelig",)),
    _d("tucatinib", _C.ANTINEOPLASTIC, _S, brands=("Tukysa",)),
    _d("crizotinib", _C.ANTINEOPLASTIC, _S, brands=("Xalkori",)),
    _d("duvelisib", _C.ANTINEOPLASTIC, _S, brands=("Copiktra",)),
    _d("fedratinib", _C.ANTINEOPLASTIC, _S, brands=("Inrebic",)),
    _d(
        "nilotinib",
        _C.ANTINEOPLASTIC,
        _S,
        brands=("Tasigna",),
        note="not classed as a KIT inhibitor for SM: no SM source in the fact sheets",
    ),
    _d("ribociclib", _C.ANTINEOPLASTIC, _S, brands=("Kisqali",)),
    _d("apalutamide", _C.ANTINEOPLASTIC, _S, brands=("Erleada",)),
    _d("enzalutamide", _C.ANTINEOPLASTIC, ("S110", "S100", "S102"), brands=("Xtandi",)),
    _d("mitotane", _C.ANTINEOPLASTIC, ("S110", "S100"), brands=("Lysodren",)),
    _d("bexarotene", _C.ANTINEOPLASTIC, _S, brands=("Targretin",)),
    _d("dabrafenib", _C.ANTINEOPLASTIC, _S, brands=("Tafinlar",)),
    _d("lorlatinib", _C.ANTINEOPLASTIC, _S, brands=("Lorbrena", "Lorviqua")),
    _d("pexidartinib", _C.ANTINEOPLASTIC, _S, brands=("Turalio",)),
    _d("sotorasib", _C.ANTINEOPLASTIC, _S, brands=("Lumakras", "Lumykras")),
    # -- antiemetics ------------------------------------------------------------------------
    _d("aprepitant", _C.OTHER, _S, brands=("Emend",)),
    _d("fosaprepitant", _C.OTHER, _S, brands=("Ivemend",)),
    _d(
        "netupitant-palonosetron",
        _C.OTHER,
        _S,
        synonyms=("netupitant", "netupitant/palonosetron"),
        brands=("Akynzeo",),
    ),
    _d(
        "fosnetupitant-palonosetron",
        _C.OTHER,
        _S,
        synonyms=("fosnetupitant", "fosnetupitant/palonosetron"),
    ),
    # -- others -----------------------------------------------------------------------------
    _d("nefazodone", _C.OTHER, _BOTH, brands=("Serzone",)),
    _d("mifepristone", _C.OTHER, _S, brands=("Korlym", "Mifeprex")),
    _d("lonafarnib", _C.OTHER, _S, brands=("Zokinvy",)),
    _d("berotralstat", _C.OTHER, _S, brands=("Orladeyo",)),
    _d("cyclosporine", _C.OTHER, _S, synonyms=("ciclosporin",), brands=("Neoral", "Sandimmune")),
    _d(
        "lumacaftor-ivacaftor",
        _C.OTHER,
        _S,
        synonyms=("lumacaftor", "lumacaftor/ivacaftor"),
        brands=("Orkambi",),
    ),
    _d(
        "elagolix-estradiol-norethindrone",
        _C.OTHER,
        _S,
        synonyms=("elagolix, estradiol and norethindrone acetate",),
        brands=("Oriahnn",),
    ),
    _d("modafinil", _C.OTHER, _S, brands=("Provigil",)),
    _d("grapefruit juice", _C.OTHER, _BOTH, synonyms=("grapefruit",), note="a food"),
    _d("schisandra", _C.OTHER, _S, synonyms=("schisandra chinensis",), note="a herbal product"),
    _d(
        "st john's wort",
        _C.OTHER,
        _BOTH,
        synonyms=("st. john's wort", "st johns wort", "saint john's wort", "hypericum"),
        note="a herbal product",
    ),
)


#: Ingredients added for the drug vocabulary (issue 16): the perioperative agents the rules
#: name, the members of the cross-reactive groups (:mod:`mastcell.knowledge.groups`) and the
#: ingredients of the combination products (:mod:`mastcell.knowledge.products`). Classes as in
#: section 2.7 where it rates them (O7: penicillins and cephalosporins acceptable, S33); an
#: agent 2.7 does not rate is class OTHER (or MACROLIDE), so that no rule reasons about it,
#: except the opioids: every opioid rule must see them, and says they are unrated.
_LA = ("S33", "S39")
_O7 = ("S33",)
_SULFA = "a sulfonamide antibiotic, not rated in 2.7"
_UNRATED_OPIOID = (
    "an opioid section 2.7 does not rate: classed OPIOID so that every opioid rule sees it, "
    "which says it has no mast-cell safety rating in the sources (clinician decision)"
)
_LBL = ("S180",)
_VOCABULARY_DRUGS: tuple[Drug, ...] = (
    # -- opioids named by XR7/XR8 or in combination products. Section 2.7 rates none of them
    #    (P3 names the histamine releasers and the acceptable opioids; XR7 gives a potency
    #    order only): class OPIOID, so that the opioid rules see them (a patient on Norco is
    #    on an opioid), with no entry in the safety catalogue, so that no rule reasons from a
    #    rating the sources do not give (mastcell.vetting: unrated, clinician decision) -----
    _d("hydrocodone", _C.OPIOID, ("S139",), note=_UNRATED_OPIOID),
    _d("oxymorphone", _C.OPIOID, ("S139",), note=_UNRATED_OPIOID),
    _d("dihydrocodeine", _C.OPIOID, ("S181",), note=_UNRATED_OPIOID),
    _d("tramadol", _C.OPIOID, _LBL, note=_UNRATED_OPIOID),
    _d("tapentadol", _C.OPIOID, _LBL, note=_UNRATED_OPIOID),
    _d("methadone", _C.OPIOID, ("S139",), note=f"{_UNRATED_OPIOID}; a phenylheptanone (XR8)"),
    _d("nalbuphine", _C.OPIOID, ("S139",), note=f"{_UNRATED_OPIOID}; agonist-antagonist (XR8)"),
    _d("butorphanol", _C.OPIOID, ("S139",), note=f"{_UNRATED_OPIOID}; agonist-antagonist (XR8)"),
    _d("pentazocine", _C.OPIOID, ("S139",), note=f"{_UNRATED_OPIOID}; agonist-antagonist (XR8)"),
    _d("naloxone", _C.OTHER, _LBL, note="opioid antagonist; in Suboxone"),
    # -- NSAIDs (COX-1 inhibitors and COX-2 selective) --------------------------------------
    _d("meloxicam", _C.NSAID, ("S140",)),
    _d("ketoprofen", _C.NSAID, ("S140",)),
    _d("piroxicam", _C.NSAID, ("S140",)),
    _d("etodolac", _C.NSAID, ("S140",)),
    _d("nabumetone", _C.NSAID, ("S140",)),
    _d("mefenamic acid", _C.NSAID, ("S140",)),
    _d("flurbiprofen", _C.NSAID, ("S140",)),
    _d("etoricoxib", _C.NSAID, ("S140",), note="COX-2 selective (XR11)"),
    # -- other ingredients of combination products ------------------------------------------
    _d("caffeine", _C.OTHER, _LBL),
    _d("butalbital", _C.OTHER, _LBL, note="a barbiturate"),
    _d("sodium bicarbonate", _C.OTHER, _LBL, note="antacid in Alka-Seltzer"),
    _d("citric acid", _C.OTHER, _LBL, synonyms=("anhydrous citric acid",)),
    _d("dipyridamole", _C.OTHER, _LBL),
    _d("sumatriptan", _C.OTHER, _LBL),
    _d("misoprostol", _C.OTHER, _LBL),
    _d("esomeprazole", _C.PROTON_PUMP_INHIBITOR, _LBL),
    _d("pseudoephedrine", _C.OTHER, _LBL),
    _d("clavulanate", _C.OTHER, _LBL, synonyms=("clavulanic acid", "potassium clavulanate")),
    _d("sulbactam", _C.OTHER, _LBL, note="beta-lactamase inhibitor"),
    _d("tazobactam", _C.OTHER, _LBL, note="beta-lactamase inhibitor"),
    _d("cilastatin", _C.OTHER, _LBL),
    _d("trimethoprim", _C.OTHER, _LBL, note="an antibacterial not rated in 2.7"),
    # -- penicillins (O7: listed acceptable, S33) -------------------------------------------
    _d("ampicillin", _C.ANTIBIOTIC, _O7),
    _d("piperacillin", _C.ANTIBIOTIC, _O7),
    _d(
        "phenoxymethylpenicillin",
        _C.ANTIBIOTIC,
        _O7,
        synonyms=("penicillin v", "penicillin vk", "pen vk", "penicillin v potassium"),
    ),
    _d("oxacillin", _C.ANTIBIOTIC, _O7),
    _d("dicloxacillin", _C.ANTIBIOTIC, _O7),
    _d("flucloxacillin", _C.ANTIBIOTIC, _O7, synonyms=("floxacillin",)),
    # -- cephalosporins (O7: listed acceptable, S33) ----------------------------------------
    _d("cephalexin", _C.ANTIBIOTIC, _O7, synonyms=("cefalexin",)),
    _d("cefuroxime", _C.ANTIBIOTIC, _O7, synonyms=("cefuroxime axetil",)),
    _d("cefoxitin", _C.ANTIBIOTIC, _O7),
    _d("ceftriaxone", _C.ANTIBIOTIC, _O7),
    _d("cefotaxime", _C.ANTIBIOTIC, _O7),
    _d("ceftazidime", _C.ANTIBIOTIC, _O7),
    _d("cefepime", _C.ANTIBIOTIC, _O7),
    # -- other antibacterials 2.7 does not rate ---------------------------------------------
    _d("meropenem", _C.OTHER, ("S182",), note="a carbapenem, not rated in 2.7"),
    _d("imipenem", _C.OTHER, ("S182",), note="a carbapenem, not rated in 2.7"),
    _d("ertapenem", _C.OTHER, ("S182",), note="a carbapenem, not rated in 2.7"),
    _d("aztreonam", _C.OTHER, ("S182",), note="a monobactam, not rated in 2.7"),
    _d("sulfadiazine", _C.OTHER, ("S184",), note="a sulfonamide antibiotic, not rated in 2.7"),
    _d("sulfisoxazole", _C.OTHER, ("S184",), synonyms=("sulfafurazole",), note=_SULFA),
    _d("sulfacetamide", _C.OTHER, ("S184",), note=_SULFA),
    _d("azithromycin", _C.MACROLIDE, _LBL, note="not on the CYP3A lists (S110)"),
    _d("gentamicin", _C.OTHER, _LBL, note="an aminoglycoside, not rated in 2.7"),
    _d("metronidazole", _C.OTHER, _LBL, note="not rated in 2.7"),
    # -- local anaesthetics (O6: amides and esters acceptable, S33; S39 prefers amides) -------
    _d("prilocaine", _C.LOCAL_ANESTHETIC, _LA),
    _d("articaine", _C.LOCAL_ANESTHETIC, _LA, synonyms=("carticaine",)),
    _d("levobupivacaine", _C.LOCAL_ANESTHETIC, _LA),
    _d("benzocaine", _C.LOCAL_ANESTHETIC, _LA, note="an ester local anaesthetic"),
    # -- antihistamine and stabiliser outside the H1 rules ----------------------------------
    _d(
        "ketotifen",
        _C.OTHER,
        ("S132",),
        synonyms=("ketotifen fumarate",),
        note="H1 antihistamine and mast-cell stabiliser (PD13, MX9); not classed for the H1 rules",
    ),
    # -- not a drug: recognised so that a reaction to it is read, never proposed ------------
    _d(
        "natural rubber latex",
        _C.OTHER,
        ("S33",),
        synonyms=("latex", "rubber latex", "natural rubber", "latex rubber"),
        note="a material, not a drug; listed acceptable in theatre for mast cell disease (O8)",
    ),
)

_ENTRIES: tuple[Drug, ...] = (
    # -- H1 antihistamines, second generation (A2; standard doses S17) ------------------------
    _d(
        "cetirizine",
        _C.H1_SECOND_GENERATION,
        ("S29", "S17"),
        brands=("Zyrtec", "Reactine"),
        dose=_mg(10, _F.DAILY, ("S17",), note="OTC label maximum 10 mg per 24 h"),
    ),
    _d(
        "levocetirizine",
        _C.H1_SECOND_GENERATION,
        ("S30", "S60"),
        brands=("Xyzal",),
        dose=_mg(5, _F.DAILY, ("S60",), population="adults and children 6 years and over"),
    ),
    _d(
        "fexofenadine",
        _C.H1_SECOND_GENERATION,
        ("S29", "S17"),
        brands=("Allegra", "Telfast"),
        dose=_mg(180, _F.DAILY, ("S17",), note="or 60 mg twice daily"),
    ),
    _d(
        "loratadine",
        _C.H1_SECOND_GENERATION,
        ("S30", "S61"),
        brands=("Claritin", "Clarityn"),
        dose=_mg(10, _F.DAILY, ("S61",)),
    ),
    _d(
        "desloratadine",
        _C.H1_SECOND_GENERATION,
        ("S30", "S62"),
        brands=("Clarinex", "Aerius"),
        dose=_mg(5, _F.DAILY, ("S62",), population="adults and children 12 years and over"),
    ),
    _d(
        "bilastine",
        _C.H1_SECOND_GENERATION,
        ("S30", "S63"),
        brands=("Ilaxten", "Blexten"),
        dose=_mg(20, _F.DAILY, ("S63",), population="adults and adolescents 12 years and over"),
    ),
    _d(
        "rupatadine",
        _C.H1_SECOND_GENERATION,
        ("S30", "S64"),
        brands=("Rupafin",),
        dose=_mg(10, _F.DAILY, ("S64",), population="adults and adolescents over 12 years"),
    ),
    # -- acrivastine (S302): the UK's Benadryl Allergy Relief; known so that a reaction to it,
    #    or its use, is read; no dose is encoded ---------------------------------------------
    _d(
        "acrivastine",
        _C.H1_SECOND_GENERATION,
        ("S302",),
        brands=("Benadryl Allergy Relief",),
        note="UK brand Benadryl Allergy Relief (8 mg capsules); no dose encoded",
    ),
    # -- H1 antihistamines, first generation (A18, A15) ----------------------------------------
    _d("diphenhydramine", _C.H1_FIRST_GENERATION, ("S29",), brands=("Benadryl",)),
    _d("hydroxyzine", _C.H1_FIRST_GENERATION, ("S29",), brands=("Atarax", "Vistaril")),
    _d(
        "cyproheptadine",
        _C.H1_FIRST_GENERATION,
        ("S13",),
        brands=("Periactin",),
        dose=_mg(4, _F.TID, ("S13",), note="start dose; usual 4-20 mg/day, max 0.5 mg/kg/day"),
    ),
    # -- first-generation H1 antihistamines the mast-cell sources do not name (their US
    #    labels, S300): known so that a reaction to one, or one taken, is read; no dose is
    #    encoded for them (a drug without a dose row gets no dose) --------------------------
    _d(
        "dimenhydrinate",
        _C.H1_FIRST_GENERATION,
        ("S300",),
        note=(
            "the 8-chlorotheophylline salt of diphenhydramine (53-55.5% diphenhydramine); a "
            "reaction to either is read against the other (groups: h1_diphenhydramine_moiety)"
        ),
    ),
    _d("doxylamine", _C.H1_FIRST_GENERATION, ("S300",), brands=("Unisom SleepTabs",)),
    _d(
        "meclizine",
        _C.H1_FIRST_GENERATION,
        ("S300",),
        synonyms=("meclozine",),
        brands=("Antivert",),
        note="meclozine is its INN (not read on a label here)",
    ),
    _d("promethazine", _C.H1_FIRST_GENERATION, ("S300",), brands=("Phenergan",)),
    _d(
        "chlorpheniramine",
        _C.H1_FIRST_GENERATION,
        ("S300",),
        synonyms=("chlorphenamine",),
        brands=("Chlor-Trimeton",),
        note="chlorphenamine is its INN (not read on a label here)",
    ),
    # -- H2 antihistamines (A3, A21) -----------------------------------------------------------
    _d("famotidine", _C.H2, ("S29", "S15"), brands=("Pepcid",)),
    _d("cimetidine", _C.H2, ("S30", "S110"), brands=("Tagamet",)),
    _d("nizatidine", _C.H2, ("S30",), brands=("Axid",)),
    _d(
        "ranitidine",
        _C.H2,
        ("S29", "S35", "S130"),
        brands=("Zantac",),
        withdrawn=True,
        note=(
            "the FDA asked manufacturers to withdraw all ranitidine (April 2020, NDMA); "
            '"Zantac 360" now contains famotidine (MX13, S130); recognised on a medication '
            "list, never proposed"
        ),
    ),
    # -- mast cell stabiliser (A4-A9) ---------------------------------------------------------
    _d(
        "cromolyn",
        _C.MAST_CELL_STABILIZER,
        ("S12", "S29"),
        synonyms=(
            "cromolyn sodium",
            "sodium cromoglicate",
            "sodium cromoglycate",
            "cromoglicic acid",
            "disodium cromoglycate",
        ),
        brands=("Gastrocrom", "Nalcrom"),
        dose=_mg(
            200,
            _F.QID,
            ("S12",),
            population="adults and adolescents 13 years and over",
            note="30 min before meals and at bedtime",
        ),
    ),
    # -- leukotriene modifiers (A10, A11) -----------------------------------------------------
    _d(
        "montelukast",
        _C.LEUKOTRIENE_RECEPTOR_ANTAGONIST,
        ("S29", "S35"),
        brands=("Singulair",),
        dose=_mg(10, _F.DAILY, ("S29", "S35")),
    ),
    # A10 / addendum 10.1: 20 mg twice daily from 12 years, not once daily (PD17, MX15, S129).
    _d(
        "zafirlukast",
        _C.LEUKOTRIENE_RECEPTOR_ANTAGONIST,
        ("S29", "S129"),
        brands=("Accolate",),
        dose=_mg(
            20,
            _F.BID,
            ("S129",),
            population="adults and children 12 years and over",
            note="at least 1 h before or 2 h after meals; 10 mg twice daily at 5-11 years",
        ),
    ),
    _d(
        "zileuton",
        _C.LIPOXYGENASE_INHIBITOR,
        ("S14",),
        brands=("Zyflo", "Zyflo CR"),
        dose=_mg(
            600,
            _F.QID,
            ("S14",),
            population="12 years and over",
            note="immediate release; CR 1200 mg twice daily",
        ),
    ),
    # -- aspirin and other NSAIDs (A13, A14, P6, P7) -------------------------------------------
    _d(
        "aspirin",
        (_C.ASPIRIN, _C.NSAID),
        ("S32",),
        synonyms=("acetylsalicylic acid", "asa"),
        brands=("Bayer", "Aspro"),
    ),
    _d("ibuprofen", _C.NSAID, ("S33", "S35"), brands=("Advil", "Motrin", "Nurofen")),
    _d("naproxen", _C.NSAID, ("S33", "S35"), brands=("Aleve", "Naprosyn")),
    _d("diclofenac", _C.NSAID, ("S33", "S35"), brands=("Voltaren",)),
    _d("ketorolac", _C.NSAID, ("S33",), brands=("Toradol",)),
    _d("indomethacin", _C.NSAID, ("S35",), synonyms=("indometacin",)),
    _d("celecoxib", _C.NSAID, ("S35",), brands=("Celebrex",)),
    _d(
        "nefopam",
        _C.NON_OPIOID_ANALGESIC,
        ("S33",),
        note="listed with NSAIDs as causing leukotriene over-production (S33)",
    ),
    _d(
        "acetaminophen",
        _C.NON_OPIOID_ANALGESIC,
        ("S33", "S35", "S39"),
        synonyms=("paracetamol", "apap"),
        brands=("Tylenol", "Panadol"),
    ),
    _d(
        "metamizole",
        _C.NON_OPIOID_ANALGESIC,
        ("S39", "S110"),
        synonyms=("dipyrone",),
        brands=("Novalgin",),
    ),
    # -- biologics, corticosteroids, epinephrine, PPIs (A16, A19, A20, E1) ---------------------
    _d("omalizumab", _C.ANTI_IGE, ("S29", "S31"), brands=("Xolair",)),
    _d("prednisone", _C.CORTICOSTEROID, ("S30", "S35")),
    _d("prednisolone", _C.CORTICOSTEROID, ("S30",)),
    _d("methylprednisolone", _C.CORTICOSTEROID, ("S30",), brands=("Medrol", "Solu-Medrol")),
    _d("hydrocortisone", _C.CORTICOSTEROID, ("S30",), brands=("Solu-Cortef",)),
    _d("dexamethasone", _C.CORTICOSTEROID, ("S30", "S110"), brands=("Decadron",)),
    _d(
        "epinephrine",
        _C.EPINEPHRINE,
        ("S16", "S29"),
        synonyms=("adrenaline", "epinephrine auto-injector", "adrenaline auto-injector"),
        brands=("EpiPen", "EpiPen Jr", "Auvi-Q", "Jext", "Emerade", "Anapen", "Adrenaclick"),
    ),
    _d("omeprazole", _C.PROTON_PUMP_INHIBITOR, ("S29",), brands=("Prilosec", "Losec")),
    _d("pantoprazole", _C.PROTON_PUMP_INHIBITOR, ("S29",), brands=("Protonix",)),
    # -- cytoreductive therapy (2.2) ----------------------------------------------------------
    _d(
        "midostaurin",
        (_C.KIT_INHIBITOR, _C.CYTOREDUCTIVE),
        ("S1", "S2", "S3", "S4"),
        brands=("Rydapt",),
        dose=_mg(
            100,
            _F.BID,
            ("S1", "S2", "S3"),
            population="adults with ASM, SM-AHN or MCL",
            note="about 12 h apart, with food; antiemetic prophylaxis",
        ),
    ),
    _d(
        "avapritinib",
        (_C.KIT_INHIBITOR, _C.CYTOREDUCTIVE),
        ("S5", "S6", "S7", "S8", "S9"),
        brands=("Ayvakit", "Ayvakyt"),
        dose=_mg(
            200,
            _F.DAILY,
            ("S5", "S6", "S8"),
            population="adults with advanced SM",
            note="ISM: 25 mg once daily (S7, S9); empty stomach",
        ),
    ),
    _d(
        "imatinib",
        (_C.KIT_INHIBITOR, _C.CYTOREDUCTIVE),
        ("S117", "S118"),
        brands=("Gleevec", "Glivec"),
        note=(
            "ASM without KIT D816V or with unknown KIT status only (S117); a moderate CYP3A "
            "inhibitor (S110)"
        ),
    ),
    _d("cladribine", _C.CYTOREDUCTIVE, ("S29", "S112", "S113"), synonyms=("2-cda",)),
    _d(
        "hydroxyurea",
        _C.CYTOREDUCTIVE,
        ("S71",),
        synonyms=("hydroxycarbamide",),
        brands=("Hydrea", "Droxia", "Siklos"),
        note="myelosuppressive (boxed warning, S71); no SM dose-modification table encoded",
    ),
    _d(
        "interferon alfa",
        _C.CYTOREDUCTIVE,
        ("S29", "S116"),
        synonyms=(
            "interferon-alpha",
            "interferon alpha",
            "ifn-alpha",
            "peginterferon alfa",
            # pegylated forms share the entry (CR7: their labels' count tables, S116)
            "peginterferon",
            "peginterferon alfa-2a",
            "peginterferon alfa-2b",
            "pegylated interferon alfa",
            "interferon alfa-2a",
            "interferon alfa-2b",
        ),
        brands=("PegIntron",),
    ),
    # -- opioids (P3, P4) ---------------------------------------------------------------------
    _d("morphine", _C.OPIOID, ("S33", "S35", "S41")),
    _d("codeine", _C.OPIOID, ("S33", "S35")),
    _d("meperidine", _C.OPIOID, ("S33", "S41"), synonyms=("pethidine",), brands=("Demerol",)),
    _d("fentanyl", _C.OPIOID, ("S33", "S34", "S41")),
    _d("sufentanil", _C.OPIOID, ("S33",)),
    _d("alfentanil", _C.OPIOID, ("S33",)),
    _d("remifentanil", _C.OPIOID, ("S33",), brands=("Ultiva",)),
    _d("hydromorphone", _C.OPIOID, ("S33", "S39"), brands=("Dilaudid",)),
    _d("buprenorphine", _C.OPIOID, ("S33",)),
    _d("oxycodone", _C.OPIOID, ("S39",)),
    _d("piritramide", _C.OPIOID, ("S39",)),
    # -- neuromuscular blockers (O1-O4) -------------------------------------------------------
    _d("atracurium", _C.NEUROMUSCULAR_BLOCKER, ("S33", "S34", "S39")),
    _d("cisatracurium", _C.NEUROMUSCULAR_BLOCKER, ("S33",), brands=("Nimbex",)),
    _d("mivacurium", _C.NEUROMUSCULAR_BLOCKER, ("S33", "S34", "S39")),
    _d("rocuronium", _C.NEUROMUSCULAR_BLOCKER, ("S33", "S39")),
    _d("vecuronium", _C.NEUROMUSCULAR_BLOCKER, ("S33", "S39")),
    _d("pancuronium", _C.NEUROMUSCULAR_BLOCKER, ("S33", "S39")),
    _d(
        "succinylcholine",
        _C.NEUROMUSCULAR_BLOCKER,
        ("S33", "S39"),
        synonyms=("suxamethonium",),
        brands=("Anectine",),
    ),
    # -- induction agents, sedatives, volatile agents (O5) -------------------------------------
    _d("thiopental", _C.INDUCTION_AGENT, ("S33",), synonyms=("thiopentone",)),
    _d("methohexital", _C.INDUCTION_AGENT, ("S33",)),
    _d("propofol", _C.INDUCTION_AGENT, ("S33", "S39")),
    _d("etomidate", _C.INDUCTION_AGENT, ("S33",)),
    _d("ketamine", _C.INDUCTION_AGENT, ("S33", "S39")),
    _d("dexmedetomidine", _C.INDUCTION_AGENT, ("S33",)),
    _d("midazolam", _C.BENZODIAZEPINE, ("S33", "S39")),
    _d("diazepam", _C.BENZODIAZEPINE, ("S33", "S39")),
    _d("sevoflurane", _C.VOLATILE_ANESTHETIC, ("S33",)),
    _d("desflurane", _C.VOLATILE_ANESTHETIC, ("S33",)),
    _d("isoflurane", _C.VOLATILE_ANESTHETIC, ("S33",)),
    _d("nitrous oxide", _C.VOLATILE_ANESTHETIC, ("S33",), synonyms=("n2o",)),
    # -- local anaesthetics, reversal (O6) ----------------------------------------------------
    _d("lidocaine", _C.LOCAL_ANESTHETIC, ("S33", "S39"), synonyms=("lignocaine",)),
    _d("bupivacaine", _C.LOCAL_ANESTHETIC, ("S33", "S39")),
    _d("ropivacaine", _C.LOCAL_ANESTHETIC, ("S33", "S39")),
    _d("mepivacaine", _C.LOCAL_ANESTHETIC, ("S33", "S39")),
    _d("procaine", _C.LOCAL_ANESTHETIC, ("S33", "S39")),
    _d("chloroprocaine", _C.LOCAL_ANESTHETIC, ("S33", "S39")),
    _d("tetracaine", _C.LOCAL_ANESTHETIC, ("S33", "S39"), synonyms=("amethocaine",)),
    _d("neostigmine", _C.REVERSAL_AGENT, ("S33",)),
    _d("sugammadex", _C.REVERSAL_AGENT, ("S33",), brands=("Bridion",)),
    # -- antibiotics (O7) ---------------------------------------------------------------------
    _d("vancomycin", _C.ANTIBIOTIC, ("S33", "S35")),
    _d("polymyxin b", _C.ANTIBIOTIC, ("S33",)),
    _d("penicillin", _C.ANTIBIOTIC, ("S33",), synonyms=("benzylpenicillin", "penicillin g")),
    _d("amoxicillin", _C.ANTIBIOTIC, ("S33",)),
    _d("cefazolin", _C.ANTIBIOTIC, ("S33",), synonyms=("cefazoline",)),
    _d("clindamycin", _C.ANTIBIOTIC, ("S33",)),
    # with trimethoprim it is the combination product Bactrim / co-trimoxazole (products)
    _d("sulfamethoxazole", _C.ANTIBIOTIC, ("S33",)),
    _d("ciprofloxacin", _C.ANTIBIOTIC, ("S33",)),
    _d("levofloxacin", _C.ANTIBIOTIC, ("S33",)),
    _d("moxifloxacin", _C.ANTIBIOTIC, ("S33",)),
    # -- others (O8, 2.7) ---------------------------------------------------------------------
    _d("adenosine", _C.OTHER, ("S33",)),
    _d("protamine", _C.OTHER, ("S33",)),
    _d("metoprolol", _C.BETA_BLOCKER, ("S33",)),
    _d("propranolol", _C.BETA_BLOCKER, ("S33",)),
    _d("atenolol", _C.BETA_BLOCKER, ("S33",)),
    _d("bisoprolol", _C.BETA_BLOCKER, ("S33",)),
    _d("carvedilol", _C.BETA_BLOCKER, ("S33", "S141"), brands=("Coreg",)),
    _d("nadolol", _C.BETA_BLOCKER, ("S33", "S141"), brands=("Corgard",)),
    _d("labetalol", _C.BETA_BLOCKER, ("S33", "S141"), brands=("Trandate",)),
    _d("nebivolol", _C.BETA_BLOCKER, ("S33", "S141"), brands=("Bystolic", "Nebilet")),
    _d("lisinopril", _C.ACE_INHIBITOR, ("S33",)),
    _d("enalapril", _C.ACE_INHIBITOR, ("S33",)),
    _d("ramipril", _C.ACE_INHIBITOR, ("S33",)),
    _d("captopril", _C.ACE_INHIBITOR, ("S33", "S141"), brands=("Capoten",)),
    _d("perindopril", _C.ACE_INHIBITOR, ("S33", "S141"), brands=("Coversyl", "Aceon")),
    _d("quinapril", _C.ACE_INHIBITOR, ("S33", "S141"), brands=("Accupril",)),
    _d(
        "ethinylestradiol",
        _C.OTHER,
        ("S106",),
        synonyms=("ethinyl estradiol", "ethinyloestradiol", "ethinyl oestradiol"),
        note="oestrogen of combined hormonal contraceptives; avapritinib may raise it (DI12)",
    ),
    # -- CYP3A inhibitors and inducers (addendum 2.3: S110 current and 2018 lists; the
    #    Rydapt label's examples, S100); their classification is mastcell.knowledge.interactions
    *_CYP3A_DRUGS,
    _d(
        "iodinated contrast",
        _C.CONTRAST_AGENT,
        ("S42", "S35"),
        synonyms=(
            "iopromide",
            "iomeprol",
            "diatrizoate",
            "amidotrizoate",
            "iodinated contrast media",
            "iodinated contrast medium",
            "iodinated contrast agent",
            "iodine contrast",
            "iodine-based contrast",
            "iv contrast",
            "ct contrast",
            "radiocontrast",
            "radiocontrast media",
            "x-ray dye",
            "x-ray contrast",
        ),
    ),
    _d(
        "gadolinium contrast",
        _C.CONTRAST_AGENT,
        ("S42", "S35"),
        synonyms=(
            "gadobutrol",
            "gadoterate",
            "gadoterate meglumine",
            "gadoteridol",
            "gadobenate",
            "gadoxetate",
            "gadopentetate",
            "gadodiamide",
            "gadopiclenol",
            "gadolinium",
            "gadolinium-based contrast",
            "gadolinium contrast agent",
            "mri contrast",
        ),
    ),
    # -- added for the issue 16 rules (minimal entries: brands only where the cited source
    #    names them): P2Y12 antiplatelets (SR4), QT-prolonging co-medications of midostaurin
    #    (SR14, SR15) --
    # -- iodinated contrast agents named by the rules' planned agents and charts (brands from
    #    their US labels, S180); the generic entry above keeps the others and the class
    #    phrases. Gadolinium-based agents stay one entry of their own (a different chemistry;
    #    S42 counts them apart) --
    *(
        _d(name, _C.CONTRAST_AGENT, ("S42", "S180"), note="iodinated contrast medium")
        for name in ("iohexol", "iodixanol", "iopamidol", "ioversol")
    ),
    _d("clopidogrel", _C.ANTIPLATELET, ("S242",)),
    _d("prasugrel", _C.ANTIPLATELET, ("S242",)),
    _d("ticagrelor", _C.ANTIPLATELET, ("S242",)),
    _d("ondansetron", _C.OTHER, ("S251",), brands=("Zofran",), note="antiemetic; prolongs QT"),
    _d("azithromycin", _C.MACROLIDE, ("S252",), brands=("Zithromax", "Zmax")),
    _d("chlorhexidine", _C.OTHER, ("S33",)),
    _d("povidone-iodine", _C.OTHER, ("S33",), synonyms=("povidone iodine",)),
    _d(
        "isopropyl alcohol",
        _C.OTHER,
        ("S33",),
        synonyms=("isopropanol", "rubbing alcohol", "alcohol swab", "alcohol prep pad"),
        note="skin antiseptic (O6: 'alcohol' in the antiseptics); not a drink: drinking "
        "alcohol is a physical/other trigger (2.7)",
    ),
    *_VOCABULARY_DRUGS,
)

#: Brand names (and label synonyms) added for the drug vocabulary, by generic name: US labels
#: (DailyMed, S180) and UK/EU product information (S181). Merged into each entry's brands,
#: with the source recorded in ``name_sources``.
_US_NAMES: Mapping[str, tuple[str, ...]] = {
    "morphine": ("MS Contin", "Kadian", "Infumorph", "Duramorph", "Mitigo"),
    "fentanyl": ("Duragesic", "Sublimaze", "Actiq", "Fentora", "Lazanda", "Subsys"),
    "sufentanil": ("Sufenta", "Dsuvia"),
    "alfentanil": ("Alfenta",),
    "hydromorphone": ("Exalgo",),
    "oxycodone": ("OxyContin", "Roxicodone", "Oxaydo", "Xtampza ER"),
    "buprenorphine": ("Subutex", "Butrans", "Belbuca", "Buprenex", "Sublocade"),
    "hydrocodone": ("Hysingla ER", "Zohydro ER"),
    "oxymorphone": ("Opana",),
    "tramadol": ("Ultram", "ConZip"),
    "tapentadol": ("Nucynta",),
    "methadone": ("Dolophine", "Methadose"),
    "nalbuphine": ("Nubain",),
    "pentazocine": ("Talwin",),
    "naloxone": ("Narcan",),
    "rocuronium": ("Zemuron",),
    "vecuronium": ("Norcuron",),
    "atracurium": ("Tracrium",),
    "mivacurium": ("Mivacron",),
    "pancuronium": ("Pavulon",),
    "succinylcholine": ("Quelicin",),
    "propofol": ("Diprivan",),
    "etomidate": ("Amidate",),
    "ketamine": ("Ketalar",),
    "dexmedetomidine": ("Precedex",),
    "methohexital": ("Brevital",),
    "thiopental": ("Pentothal",),
    "midazolam": ("Versed",),
    "diazepam": ("Valium",),
    "sevoflurane": ("Ultane",),
    "desflurane": ("Suprane",),
    "isoflurane": ("Forane",),
    "lidocaine": ("Xylocaine",),
    "bupivacaine": ("Marcaine", "Sensorcaine", "Exparel"),
    "ropivacaine": ("Naropin",),
    "mepivacaine": ("Carbocaine", "Polocaine"),
    "procaine": ("Novocain", "Novocaine"),
    "chloroprocaine": ("Nesacaine", "Clorotekal"),
    "tetracaine": ("Pontocaine",),
    "prilocaine": ("Citanest",),
    "articaine": ("Septocaine",),
    "neostigmine": ("Bloxiverz",),
    "vancomycin": ("Vancocin",),
    "penicillin": ("Pfizerpen", "Bicillin", "Bicillin L-A"),
    "amoxicillin": ("Amoxil", "Moxatag"),
    "ampicillin": ("Principen",),
    "cefazolin": ("Ancef", "Kefzol"),
    "cephalexin": ("Keflex",),
    "cefuroxime": ("Zinacef", "Ceftin"),
    "cefoxitin": ("Mefoxin",),
    "ceftriaxone": ("Rocephin",),
    "ceftazidime": ("Fortaz", "Tazicef"),
    "cefepime": ("Maxipime",),
    "meropenem": ("Merrem",),
    "ertapenem": ("Invanz",),
    "aztreonam": ("Azactam", "Cayston"),
    "clindamycin": ("Cleocin",),
    "ciprofloxacin": ("Cipro",),
    "levofloxacin": ("Levaquin",),
    "moxifloxacin": ("Avelox",),
    "azithromycin": ("Zithromax",),
    "metronidazole": ("Flagyl",),
    "aspirin": ("Ecotrin", "Bufferin", "Durlaza"),
    "ibuprofen": ("Caldolor",),
    "naproxen": ("Anaprox", "Naprelan"),
    "diclofenac": ("Cataflam", "Zipsor", "Zorvolex"),
    "ketorolac": ("Sprix",),
    "indomethacin": ("Indocin", "Tivorbex"),
    "meloxicam": ("Mobic", "Vivlodex", "Anjeso"),
    "piroxicam": ("Feldene",),
    "etodolac": ("Lodine",),
    "nabumetone": ("Relafen",),
    "mefenamic acid": ("Ponstel",),
    "acetaminophen": ("Ofirmev", "Mapap"),
    "famotidine": ("Zantac 360",),
    "prednisone": ("Deltasone", "Rayos"),
    "prednisolone": ("Orapred", "Millipred"),
    "chlorhexidine": ("Hibiclens", "ChloraPrep", "Peridex"),
    "povidone-iodine": ("Betadine",),
    "iodinated contrast": ("Ultravist", "Gastrografin"),
    "iohexol": ("Omnipaque",),
    "iodixanol": ("Visipaque",),
    "iopamidol": ("Isovue", "Isovue-300", "Isovue-370"),
    "ioversol": ("Optiray",),
    "gadolinium contrast": (
        "Gadavist",
        "Dotarem",
        "Clariscan",
        "ProHance",
        "MultiHance",
        "Eovist",
        "Magnevist",
        "Omniscan",
        "Elucirem",
        "Vueway",
    ),
    "sumatriptan": ("Imitrex",),
    "misoprostol": ("Cytotec",),
    "esomeprazole": ("Nexium",),
    "pseudoephedrine": ("Sudafed",),
    "dipyridamole": ("Persantine",),
    "ketotifen": ("Zaditor",),
}
_EU_NAMES: Mapping[str, tuple[str, ...]] = {
    "morphine": ("Oramorph", "Sevredol", "Zomorph", "MST Continus"),
    "fentanyl": ("Durogesic", "Abstral", "Instanyl", "Effentora"),
    "sufentanil": ("Zalviso",),
    "alfentanil": ("Rapifen",),
    "hydromorphone": ("Palladone",),
    "oxycodone": ("OxyNorm",),
    "buprenorphine": ("Transtec", "Temgesic"),
    "tramadol": ("Zydol", "Tramal"),
    "tapentadol": ("Palexia",),
    "methadone": ("Physeptone",),
    "rocuronium": ("Esmeron",),
    "etomidate": ("Hypnomidate",),
    "dexmedetomidine": ("Dexdor",),
    "midazolam": ("Hypnovel", "Buccolam"),
    "sevoflurane": ("Sevorane",),
    "articaine": ("Septanest",),
    "levobupivacaine": ("Chirocaine",),
    "mepivacaine": ("Scandonest",),
    "cefuroxime": ("Zinnat",),
    "ceftazidime": ("Fortum",),
    "meropenem": ("Meronem",),
    "flucloxacillin": ("Floxapen",),
    "clindamycin": ("Dalacin",),
    "ciprofloxacin": ("Ciproxin",),
    "levofloxacin": ("Tavanic",),
    "aspirin": ("Disprin",),
    "ibuprofen": ("Brufen",),
    "diclofenac": ("Voltarol",),
    "mefenamic acid": ("Ponstan",),
    "flurbiprofen": ("Strefen",),
    "etoricoxib": ("Arcoxia",),
    "metamizole": ("Nolotil",),
    "acetaminophen": ("Calpol",),
    "chlorhexidine": ("Hibiscrub", "Corsodyl"),
    "iodinated contrast": ("Iomeron",),
    "iopamidol": ("Niopam",),
    "gadolinium contrast": ("Gadovist", "Primovist"),
    "ketotifen": ("Zaditen",),
    "hydroxyzine": ("Ucerax",),
}


#: Brand names and synonyms added by the adversarial review of issue 16, each with the source
#: it was read in: the P2Y12 antiplatelets and the azithromycin Z-Pak (S257), the piritramide
#: brand (S258), and the cromoglicate INN spellings of the cromolyn label (S12).
_REVIEW_NAMES: Mapping[str, tuple[tuple[str, ...], str]] = {
    "clopidogrel": (("Plavix",), "S257"),
    "ticagrelor": (("Brilinta",), "S257"),
    "prasugrel": (("Effient",), "S257"),
    "azithromycin": (("Z-Pak", "Zithromax Z-Pak"), "S257"),
    "piritramide": (("Dipidolor",), "S258"),
    # the Unisom brand names two antihistamines: SleepGels are diphenhydramine (S300); the
    # bare brand is read only in a recorded reaction, as both (knowledge.abbreviations)
    "diphenhydramine": (("Unisom SleepGels",), "S300"),
    # the UK's Benadryl cetirizine products (S302); the bare brand is read only in a recorded
    # reaction, as each of its antihistamines (knowledge.abbreviations)
    "cetirizine": (("Benadryl Allergy One A Day", "Benadryl One A Day Relief"), "S302"),
}

#: Synonyms the review found missing: the INN spellings of cromolyn without "sodium" (S12).
_REVIEW_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "cromolyn": ("cromoglicate", "cromoglycate"),
}


def _named(drug: Drug) -> Drug:
    us, eu = _US_NAMES.get(drug.generic, ()), _EU_NAMES.get(drug.generic, ())
    review, review_source = _REVIEW_NAMES.get(drug.generic, ((), None))
    synonyms = _REVIEW_SYNONYMS.get(drug.generic, ())
    if not us and not eu and not review and not synonyms:
        return drug
    sources = (
        *(("S180",) if us else ()),
        *(("S181",) if eu else ()),
        *((review_source,) if review_source else ()),
    )
    return attrs.evolve(
        drug,
        synonyms=(*drug.synonyms, *synonyms),
        brands=(*drug.brands, *us, *eu, *review),
        name_sources=(*drug.name_sources, *sources),
    )


_unknown_names = sorted((set(_US_NAMES) | set(_EU_NAMES)) - {d.generic for d in _ENTRIES})
if _unknown_names:  # pragma: no cover - data bug
    raise RuntimeError(f"brand tables name drugs outside the catalogue: {_unknown_names}")

#: Every catalogue entry by generic name.
CATALOGUE: Mapping[str, Drug] = {drug.generic: _named(drug) for drug in _ENTRIES}


class Match(enum.StrEnum):
    """How a name was read: the step of the vocabulary that recognised it.

    ``exact`` to ``code`` are steps of :func:`match_drug` (every reader of a drug name);
    the others are steps only a recorded reaction's agent goes through
    (:func:`mastcell.knowledge.resolve.resolve_reaction`).

    >>> Match.SALT_FORM.label
    'salt or dose form stripped'
    """

    EXACT = "exact"
    BRAND = "brand"
    SALT_FORM = "salt_form"
    COMBINATION = "combination"
    CODE = "code"
    CLASS_WORD = "class_word"
    WORDS = "words"
    ABBREVIATION = "abbreviation"
    SPELLING = "spelling"
    NONE_KNOWN = "none_known"
    TRIGGER = "trigger"
    UNRESOLVED = "unresolved"

    @property
    def label(self) -> str:
        """The step in words, for findings and the docs."""
        return _MATCH_LABELS[self]


_MATCH_LABELS = {
    Match.EXACT: "generic name or synonym",
    Match.BRAND: "brand name",
    Match.SALT_FORM: "salt or dose form stripped",
    Match.COMBINATION: "combination product or several ingredients",
    Match.CODE: "RxNorm code",
    Match.CLASS_WORD: "class word",
    Match.WORDS: "drug names found among other words",
    Match.ABBREVIATION: "abbreviation charts write (to be confirmed)",
    Match.SPELLING: "close by spelling (to be confirmed)",
    Match.NONE_KNOWN: "no known allergies",
    Match.TRIGGER: "physical trigger, not a drug",
    Match.UNRESOLVED: "not resolved",
}


@attrs.frozen(kw_only=True)
class DrugMatch:
    """A drug name read by the vocabulary: its ingredients and how it was recognised.

    ``matched`` holds the catalogue names that were found (a brand, a product, the name left
    after stripping a salt, each part of a combination); ``ingredients`` the catalogue generic
    names, in the order found.

    >>> m = match_drug("Norcuron")
    >>> m.how, m.ingredients, m.matched
    (<Match.BRAND: 'brand'>, ('vecuronium',), ('norcuron',))
    """

    how: Match
    ingredients: tuple[str, ...]
    matched: tuple[str, ...]
    stripped: bool = False
    #: The generic name of a single-ingredient match, else None (worked out once).
    generic: str | None = attrs.field(
        init=False,
        default=attrs.Factory(
            lambda self: self.ingredients[0] if len(self.ingredients) == 1 else None,
            takes_self=True,
        ),
    )

    @property
    def classes(self) -> frozenset[DrugClass]:
        """Every class of every ingredient.

        >>> sorted(c.value for c in match_drug("Nurofen Plus").classes)
        ['nsaid', 'opioid']
        """
        if len(self.ingredients) == 1:
            return CATALOGUE[self.ingredients[0]].classes
        return _union(self.ingredients)

    def describe(self, text: str) -> str:
        """How ``text`` was read, in a clause a finding can carry.

        >>> match_drug("morphine sulfate").describe("morphine sulfate")
        "'morphine sulfate' read as morphine (salt or dose form stripped)"
        >>> match_drug("Percocet").describe("Percocet")
        "'Percocet' read as oxycodone + acetaminophen (combination product or several ingredients)"
        """
        what = " + ".join(self.ingredients)
        how = self.how.label
        if self.stripped and self.how is not Match.SALT_FORM:
            how += ", salt or dose form stripped"
        return f"{text!r} read as {what} ({how})"


#: Normalised names longer than this are not looked up beyond an exact match: no chart writes
#: a longer drug name, and the work on arbitrary input stays bounded (linear in its length).
MAX_NAME_TEXT = MAX_FORM_TEXT

_KIND_MATCH = {"generic": Match.EXACT, "synonym": Match.EXACT, "brand": Match.BRAND}

#: Every normalised name and how it reads (one match object per name, built once).
_INDEX: dict[str, DrugMatch] = {}


def _add(name: str, ingredients: tuple[str, ...], how: Match) -> None:
    key = normalise(name)
    found = _INDEX.get(key)
    if found is not None and found.ingredients != ingredients:  # pragma: no cover - data bug
        raise RuntimeError(f"drug name {key!r} is ambiguous: {found.ingredients}, {ingredients}")
    if found is None or how is Match.EXACT:
        _INDEX[key] = DrugMatch(how=how, ingredients=ingredients, matched=(key,))


_SPACES = re.compile(r"\s+")
_MARKS = str.maketrans({"®": " ", "™": " ", "\u00a0": " "})


def normalise(name: str) -> str:
    """A name as the vocabulary compares it: lower-cased, trademark signs out, spaces collapsed.

    >>> normalise("  Tylenol®  with   Codeine ")
    'tylenol with codeine'
    """
    return _SPACES.sub(" ", name.translate(_MARKS).lower()).strip()


def _index_drug(drug: Drug) -> None:
    for kind, names in (
        ("generic", (drug.generic,)),
        ("synonym", drug.synonyms),
        ("brand", drug.brands),
    ):
        for name in names:
            _add(name, (drug.generic,), _KIND_MATCH[kind])


def _index_product(product: Product) -> None:
    unknown = [i for i in product.ingredients if i not in CATALOGUE]
    if unknown:  # pragma: no cover - data bug
        raise RuntimeError(f"product {product.id!r}: ingredients outside the catalogue: {unknown}")
    for name in product.names:
        _add(name, product.ingredients, Match.COMBINATION)


for _drug in CATALOGUE.values():
    _index_drug(_drug)
for _product in PRODUCTS.values():
    _index_product(_product)

#: The longest name in the vocabulary (a longer text cannot be an exact name).
_LONGEST_NAME = max(len(name) for name in _INDEX)

#: An RxNorm code written as text: ``rxnorm:7052``, ``RxNorm 7052``, ``RXCUI 7052``.
_CODE = re.compile(r"(?:rxnorm|rxcui)\s*[:#]?\s*(\d{1,9})")
#: Separators between the ingredients of a combination written out.
_PARTS = re.compile(r"\s*(?:[/+,;&]|\band\b|\bwith\b|\bw/|\bplus\b)\s*")


def _exact(key: str) -> DrugMatch | None:
    found = _INDEX.get(key)
    if found is not None:
        return found
    code = _CODE.fullmatch(key)
    if code is not None:
        entry = RXNORM.get(code.group(1))
        if entry is not None and entry.drug in CATALOGUE:
            return DrugMatch(how=Match.CODE, ingredients=(entry.drug,), matched=(key,))
    return None


def _one(key: str) -> DrugMatch | None:
    """One name: exact, else with its salts, forms and strengths stripped."""
    found = _exact(key)
    if found is not None:
        return found
    stripped = strip_forms(key)
    if not stripped or stripped == key:
        return None
    found = _exact(stripped)
    if found is None:
        return None
    how = Match.SALT_FORM if found.how is Match.EXACT else found.how
    return DrugMatch(how=how, ingredients=found.ingredients, matched=found.matched, stripped=True)


@functools.lru_cache(maxsize=4096)
def _match(key: str) -> DrugMatch | None:
    # Pure in the normalised key (at most MAX_NAME_TEXT characters): a cohort repeats names.
    found = _one(key)
    if found is not None:
        return found
    text = strip_strengths(key)
    parts = [p for p in _PARTS.split(text) if p]
    if len(parts) < 2:
        return None
    found_parts = [_one(p) for p in parts]
    if any(f is None for f in found_parts):
        return None
    ingredients = tuple(dict.fromkeys(i for f in found_parts if f for i in f.ingredients))
    matched = tuple(m for f in found_parts if f for m in f.matched)
    stripped = text != key or any(f.stripped for f in found_parts if f)
    if len(ingredients) == 1:
        return DrugMatch(
            how=Match.EXACT, ingredients=ingredients, matched=matched, stripped=stripped
        )
    return DrugMatch(
        how=Match.COMBINATION, ingredients=ingredients, matched=matched, stripped=stripped
    )


def match_drug(name: str) -> DrugMatch | None:
    """Read a drug name: exact, brand, salt or form, combination, code; None when unknown.

    Every reader of a drug name goes through here (medications, planned agents, FHIR codings,
    proposals): a dictionary lookup of the normalised name in the common case; on a miss the
    salts, dose forms and strengths are stripped (:mod:`mastcell.knowledge.forms`), and a name
    written as several ingredients ("oxycodone/acetaminophen", "Tylenol with codeine") is read
    part by part, every part having to be known. There is no guess by spelling here: a
    misspelt medication stays unknown (did-you-mean is :mod:`mastcell.knowledge.names`).

    >>> match_drug("Rocuronium Bromide").ingredients, match_drug("rxnorm:7052").ingredients
    (('rocuronium',), ('morphine',))
    >>> match_drug("oxycodone/acetaminophen 5/325 mg").how
    <Match.COMBINATION: 'combination'>
    >>> match_drug("rocuronum") is None, match_drug("x" * 1_000_000) is None
    (True, True)
    """
    if len(name) <= _LONGEST_NAME:
        found = _INDEX.get(name)  # names on a Medication are already stripped and lower-cased
        if found is not None:
            return found
    if len(name) > 4 * MAX_NAME_TEXT:
        return None  # long however its spaces collapse: no work on it at all
    key = normalise(name)
    if not key or len(key) > MAX_NAME_TEXT:
        return None
    return _match(key)


def names() -> tuple[str, ...]:
    """Every name the vocabulary knows exactly (normalised): generics, synonyms, brands, products.

    >>> "percocet" in names(), "norcuron" in names()
    (True, True)
    """
    return tuple(_INDEX)


def lookup(name: str) -> Drug | None:
    """The catalogue entry for a single-ingredient name (generic, synonym, brand, salt, code).

    A combination product has no single entry: see :func:`ingredients_of`.

    >>> lookup("Paracetamol").generic, lookup("hydromorphone HCl").generic
    ('acetaminophen', 'hydromorphone')
    >>> lookup("foo") is None, lookup("Percocet") is None
    (True, True)
    """
    found = match_drug(name)
    if found is None or found.generic is None:
        return None
    return CATALOGUE[found.generic]


def ingredients_of(name: str) -> tuple[str, ...]:
    """The catalogue generic names a drug name stands for: one, several, or none.

    >>> ingredients_of("Excedrin"), ingredients_of("EpiPen"), ingredients_of("foo")
    (('acetaminophen', 'aspirin', 'caffeine'), ('epinephrine',), ())
    """
    found = match_drug(name)
    return () if found is None else found.ingredients


def ingredients_in(name: str, *classes: DrugClass) -> tuple[str, ...]:
    """The ingredients of a drug name that have any of ``classes``: how a rule sees a product.

    A rule about opioids sees Norco as hydrocodone, a rule about NSAIDs sees Excedrin as
    aspirin; a single-ingredient name is its own ingredient.

    >>> ingredients_in("Norco", DrugClass.OPIOID), ingredients_in("Excedrin", DrugClass.ASPIRIN)
    (('hydrocodone',), ('aspirin',))
    >>> ingredients_in("Vicoprofen", DrugClass.OPIOID, DrugClass.NSAID)
    ('hydrocodone', 'ibuprofen')
    >>> ingredients_in("cetirizine", DrugClass.OPIOID), ingredients_in("foo", DrugClass.OPIOID)
    ((), ())
    """
    wanted = frozenset(classes)
    return tuple(i for i in ingredients_of(name) if not CATALOGUE[i].classes.isdisjoint(wanted))


def ingredients_named(name: str, generics: Collection[str]) -> tuple[str, ...]:
    """The ingredients of a drug name among ``generics`` (catalogue generic names).

    >>> ingredients_named("Percocet", {"acetaminophen", "aspirin"})
    ('acetaminophen',)
    >>> ingredients_named("Tylenol", {"acetaminophen"}), ingredients_named("foo", {"foo"})
    (('acetaminophen',), ())
    """
    return tuple(i for i in ingredients_of(name) if i in generics)


def generic_name(name: str) -> str | None:
    """The generic name for any recognised single-ingredient name, else None.

    >>> generic_name("EpiPen"), generic_name("fentanyl citrate")
    ('epinephrine', 'fentanyl')
    """
    drug = lookup(name)
    return None if drug is None else drug.generic


def classes_of(name: str) -> frozenset[DrugClass]:
    """The classes of a drug name (every ingredient's for a combination); empty when unknown.

    >>> sorted(classes_of("midostaurin"))
    [<DrugClass.CYTOREDUCTIVE: 'cytoreductive'>, <DrugClass.KIT_INHIBITOR: 'kit_inhibitor'>]
    >>> sorted(c.value for c in classes_of("Percocet"))
    ['non_opioid_analgesic', 'opioid']
    >>> classes_of("foo")
    frozenset()
    """
    found = match_drug(name)
    return frozenset() if found is None else found.classes


@functools.lru_cache(maxsize=256)
def _union(ingredients: tuple[str, ...]) -> frozenset[DrugClass]:
    return frozenset(c for i in ingredients for c in CATALOGUE[i].classes)
