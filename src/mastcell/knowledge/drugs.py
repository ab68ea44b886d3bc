"""The drug catalogue: generic names, synonyms and brands, classes, standard adult doses.

A drug not in the catalogue is still accepted everywhere; the engine reports it as
unclassified so that a clinician sees it was not reasoned about. Mast-cell safety levels
(avoid / caution / acceptable / preferred) live beside this, in :mod:`mastcell.knowledge.safety`.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model.recommendation import DoseAmount, DoseRange
from mastcell.model.vocabulary import DrugClass, Frequency, Route

__all__ = [
    "CATALOGUE",
    "Drug",
    "StandardDose",
    "classes_of",
    "generic_name",
    "lookup",
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
    _d(
        "sulfamethoxazole",
        _C.ANTIBIOTIC,
        ("S33",),
        synonyms=("trimethoprim-sulfamethoxazole", "co-trimoxazole"),
    ),
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
        synonyms=("iohexol", "iopamidol", "iodixanol", "iodinated contrast media"),
    ),
    _d(
        "gadolinium contrast",
        _C.CONTRAST_AGENT,
        ("S42", "S35"),
        synonyms=("gadobutrol", "gadoterate", "gadolinium", "gadolinium-based contrast"),
    ),
    # -- added for the issue 16 rules (minimal entries: brands only where the cited source
    #    names them): P2Y12 antiplatelets (SR4), QT-prolonging co-medications of midostaurin
    #    (SR14, SR15) --
    _d("clopidogrel", _C.ANTIPLATELET, ("S242",)),
    _d("prasugrel", _C.ANTIPLATELET, ("S242",)),
    _d("ticagrelor", _C.ANTIPLATELET, ("S242",)),
    _d("ondansetron", _C.OTHER, ("S251",), brands=("Zofran",), note="antiemetic; prolongs QT"),
    _d("azithromycin", _C.MACROLIDE, ("S252",), brands=("Zithromax", "Zmax")),
    _d("chlorhexidine", _C.OTHER, ("S33",)),
    _d("povidone-iodine", _C.OTHER, ("S33",), synonyms=("povidone iodine", "betadine")),
)

#: Every catalogue entry by generic name.
CATALOGUE: Mapping[str, Drug] = {drug.generic: drug for drug in _ENTRIES}

_BY_NAME: dict[str, Drug] = {}
for _drug in _ENTRIES:
    for _name in _drug.names:
        if _name in _BY_NAME and _BY_NAME[_name] is not _drug:  # pragma: no cover - data bug
            raise RuntimeError(f"drug name {_name!r} is ambiguous")
        _BY_NAME[_name] = _drug


#: The longest name in the catalogue (a longer one cannot be looked up).
_LONGEST_NAME = max(len(name) for name in _BY_NAME)


def lookup(name: str) -> Drug | None:
    """The catalogue entry for a generic name, synonym or brand (case-insensitive).

    >>> lookup("Paracetamol").generic
    'acetaminophen'
    >>> lookup("foo") is None
    True
    """
    if len(name) > _LONGEST_NAME and len(name.strip()) > _LONGEST_NAME:
        return None  # no catalogue name is this long: no copy, no hash of a huge text
    found = _BY_NAME.get(name)  # names on a Medication are already stripped and lower-cased
    return found if found is not None else _BY_NAME.get(name.strip().lower())


def generic_name(name: str) -> str | None:
    """The generic name for any recognised name, else None.

    >>> generic_name("EpiPen")
    'epinephrine'
    """
    drug = lookup(name)
    return None if drug is None else drug.generic


def classes_of(name: str) -> frozenset[DrugClass]:
    """The classes of a drug name; empty for an unknown drug.

    >>> sorted(classes_of("midostaurin"))
    [<DrugClass.CYTOREDUCTIVE: 'cytoreductive'>, <DrugClass.KIT_INHIBITOR: 'kit_inhibitor'>]
    >>> classes_of("foo")
    frozenset()
    """
    drug = lookup(name)
    return frozenset() if drug is None else drug.classes
