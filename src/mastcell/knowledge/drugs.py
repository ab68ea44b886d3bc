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
    _d("cimetidine", _C.H2, ("S30",), brands=("Tagamet",)),
    _d("nizatidine", _C.H2, ("S30",), brands=("Axid",)),
    _d(
        "ranitidine",
        _C.H2,
        ("S29", "S35"),
        brands=("Zantac",),
        withdrawn=True,
        note="withdrawn in many markets; recognised on a medication list, never proposed",
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
        ("S39",),
        synonyms=("dipyrone",),
        brands=("Novalgin",),
    ),
    # -- biologics, corticosteroids, epinephrine, PPIs (A16, A19, A20, E1) ---------------------
    _d("omalizumab", _C.ANTI_IGE, ("S29", "S31"), brands=("Xolair",)),
    _d("prednisone", _C.CORTICOSTEROID, ("S30", "S35")),
    _d("prednisolone", _C.CORTICOSTEROID, ("S30",)),
    _d("methylprednisolone", _C.CORTICOSTEROID, ("S30",), brands=("Medrol", "Solu-Medrol")),
    _d("hydrocortisone", _C.CORTICOSTEROID, ("S30",), brands=("Solu-Cortef",)),
    _d("dexamethasone", _C.CORTICOSTEROID, ("S30",)),
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
        ("S29",),
        synonyms=("interferon-alpha", "interferon alpha", "ifn-alpha", "peginterferon alfa"),
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
    _d("lisinopril", _C.ACE_INHIBITOR, ("S33",)),
    _d("enalapril", _C.ACE_INHIBITOR, ("S33",)),
    _d("ramipril", _C.ACE_INHIBITOR, ("S33",)),
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


def lookup(name: str) -> Drug | None:
    """The catalogue entry for a generic name, synonym or brand (case-insensitive).

    >>> lookup("Paracetamol").generic
    'acetaminophen'
    >>> lookup("foo") is None
    True
    """
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
