"""Clinical code tables the FHIR reader and the CDS Hooks service read, each row with sources.

Only codes read in a named source are here (``codes-verified``: S152 ICD-10-CM, S153 LOINC,
S154 RxNorm, S155 SNOMED CT mast cell concepts, S156 SNOMED CT routes). A drug without a
verified code is matched by the catalogue's names in the text or display of a coding, never by
a guessed code. Laboratory LOINC codes live on :class:`~mastcell.model.vocabulary.Analyte`
(defined once); this module only adds the observations that are not laboratory results.

>>> ICD10CM["D47.02"].diagnosis
<Diagnosis.SM: 'sm'>
>>> RXNORM["20610"].drug
'cetirizine'
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model.vocabulary import Analyte, Diagnosis, Indication, Route
from mastcell.model.workup import FlareTrigger

__all__ = [
    "ANAPHYLAXIS_EPISODES",
    "ANAPHYLAXIS_SNOMED",
    "ICD10CM",
    "ICD10_WHO",
    "INDICATION_ICD10CM",
    "LOINC",
    "LOINC_ANALYTES",
    "MASTCELL_DIAGNOSIS",
    "NO_ALLERGY_SNOMED",
    "PAIN_LOINC",
    "ROUTES_SNOMED",
    "RXNORM",
    "RXNORM_BY_DRUG",
    "SNOMED",
    "SNOMED_CONDITIONS",
    "SYSTEMS",
    "WEIGHT_LOINC",
    "ConditionCode",
    "DrugCode",
    "EpisodeCode",
    "IndicationCode",
    "RouteCode",
    "System",
    "indication_of",
]


@attrs.frozen(kw_only=True)
class System:
    """The canonical URIs of the code systems mastcell reads and writes.

    >>> SYSTEMS.loinc
    'http://loinc.org'
    """

    loinc: str = "http://loinc.org"
    icd10cm: str = "http://hl7.org/fhir/sid/icd-10-cm"
    #: WHO ICD-10 (the international edition; not the US clinical modification).
    icd10: str = "http://hl7.org/fhir/sid/icd-10"
    snomed: str = "http://snomed.info/sct"
    rxnorm: str = "http://www.nlm.nih.gov/research/umls/rxnorm"
    ucum: str = "http://unitsofmeasure.org"
    #: mastcell's own diagnosis codes (the interchange codes: ``ism``, ``mcas`` ...).
    mastcell_diagnosis: str = "urn:mastcell:diagnosis"
    #: mastcell's recommendation codes, the ``topic`` of a CDS Hooks card.
    mastcell_recommendation: str = "urn:mastcell:recommendation"


SYSTEMS = System()
LOINC = SYSTEMS.loinc
SNOMED = SYSTEMS.snomed
MASTCELL_DIAGNOSIS = SYSTEMS.mastcell_diagnosis

#: Body weight (S153).
WEIGHT_LOINC = frozenset({"29463-7"})
#: Pain severity: 0-10 numeric rating, and "pain severity, reported" (S153).
PAIN_LOINC = frozenset({"72514-3", "38208-5"})


def _loinc_analytes() -> dict[str, Analyte]:
    table: dict[str, Analyte] = {}
    for analyte in Analyte:
        for code in (analyte.loinc, *analyte.info.other_loinc):
            table[code] = analyte
    return table


#: Every laboratory LOINC code mastcell reads, from :class:`~mastcell.model.vocabulary.Analyte` (the one definition).
LOINC_ANALYTES: Mapping[str, Analyte] = _loinc_analytes()


@attrs.frozen(kw_only=True)
class ConditionCode:
    """A condition code and the diagnosis it reads as (None: in scope, reported, not mapped).

    >>> ICD10CM["D47.09"].diagnosis is None
    True
    """

    code: str
    display: str
    diagnosis: Diagnosis | None
    sources: tuple[str, ...] = attrs.field(converter=cited)
    note: str | None = None


def _c(
    code: str, display: str, diagnosis: Diagnosis | None, note: str | None = None
) -> ConditionCode:
    return ConditionCode(
        code=code, display=display, diagnosis=diagnosis, sources=("S152",), note=note
    )


_REPORT = "a mast cell neoplasm mastcell has no code for: clinician decision"

#: ICD-10-CM (April 2026 tabular, S152). D47.02 includes indolent, smoldering, bone-marrow
#: and SM-AHN: it reads as ``sm`` (subtype unknown), never as ``ism``.
ICD10CM: Mapping[str, ConditionCode] = {
    c.code: c
    for c in (
        _c("D89.40", "Mast cell activation, unspecified", Diagnosis.MCAS),
        _c("D89.41", "Monoclonal mast cell activation syndrome", Diagnosis.MCAS),
        _c("D89.42", "Idiopathic mast cell activation syndrome", Diagnosis.MCAS),
        _c("D89.43", "Secondary mast cell activation", Diagnosis.MCAS),
        _c("D89.44", "Hereditary alpha tryptasemia", Diagnosis.HAT),
        _c("D89.49", "Other mast cell activation disorder", Diagnosis.MCAS),
        _c("D47.01", "Cutaneous mastocytosis", Diagnosis.CM),
        _c("Q82.2", "Congenital cutaneous mastocytosis", Diagnosis.CM),
        _c(
            "D47.02",
            "Systemic mastocytosis",
            Diagnosis.SM,
            "includes ISM, SSM, bone-marrow mastocytosis and SM-AHN: read as SM, subtype unknown",
        ),
        _c("D47.09", "Other mast cell neoplasms of uncertain behavior", None, _REPORT),
        _c("C96.20", "Malignant mast cell neoplasm, unspecified", None, _REPORT),
        _c("C96.21", "Aggressive systemic mastocytosis", Diagnosis.ASM),
        _c("C96.22", "Mast cell sarcoma", None, _REPORT),
        _c("C96.29", "Other malignant mast cell neoplasm", None, _REPORT),
        _c("C94.30", "Mast cell leukemia not having achieved remission", Diagnosis.MCL),
        _c("C94.31", "Mast cell leukemia, in remission", Diagnosis.MCL),
        _c("C94.32", "Mast cell leukemia, in relapse", Diagnosis.MCL),
    )
}


#: WHO ICD-10 (S290). D47.0 groups histiocytic and mast cell tumours of uncertain behaviour:
#: it does not say which, so it is reported for a clinician, never read as a diagnosis.
ICD10_WHO: Mapping[str, ConditionCode] = {
    "D47.0": ConditionCode(
        code="D47.0",
        display="Histiocytic and mast cell tumours of uncertain and unknown behaviour",
        diagnosis=None,
        sources=("S290",),
        note="WHO ICD-10 groups histiocytic and mast cell tumours here: which disorder is not "
        "stated: clinician decision",
    )
}


def _sct(
    code: str, display: str, diagnosis: Diagnosis | None, note: str | None = None
) -> ConditionCode:
    return ConditionCode(
        code=code, display=display, diagnosis=diagnosis, sources=("S155",), note=note
    )


#: SNOMED CT mast cell concepts read in a named value set (S155). 127581004 (a morphology) is
#: left out on purpose; "Mastocytosis" 414653009 does not say cutaneous or systemic.
SNOMED_CONDITIONS: Mapping[str, ConditionCode] = {
    c.code: c
    for c in (
        _sct("397016004", "Systemic mast cell disease", Diagnosis.SM),
        _sct("1255137009", "Systemic mastocytosis", Diagnosis.SM),
        _sct("397356009", "Indolent systemic mastocytosis", Diagnosis.ISM),
        _sct("397358005", "Aggressive systemic mastocytosis", Diagnosis.ASM),
        _sct("128924002", "Mast cell leukaemia", Diagnosis.MCL),
        _sct(
            "397357000",
            "Systemic mastocytosis with associated clonal, haematologic non-mast-cell lineage disease",
            Diagnosis.SM_AHN,
        ),
        _sct("397012002", "Cutaneous mastocytosis", Diagnosis.CM),
        _sct(
            "414653009",
            "Mastocytosis",
            None,
            "cutaneous or systemic not stated: clinician decision",
        ),
        _sct("397007003", "Mast cell disorder", None, "a grouper: which disorder is not stated"),
        _sct("397009000", "Mast cell malignancy", None, _REPORT),
        _sct("118615008", "Malignant mast cell tumour", None, _REPORT),
    )
}


@attrs.frozen(kw_only=True)
class IndicationCode:
    """A condition code (or ICD-10-CM category) read as a medication's indication.

    >>> indication_of(SYSTEMS.icd10cm, "I25.10")
    <Indication.CARDIOVASCULAR: 'cardiovascular'>
    """

    code: str
    display: str
    indication: Indication
    #: The code names an ICD-10-CM category: its subcodes read the same.
    category: bool = False
    sources: tuple[str, ...] = attrs.field(default=("S152",), converter=cited)

    def covers(self, code: str) -> bool:
        """Whether ``code`` is this code, or (for a category) one of its subcodes."""
        return code == self.code or (self.category and code.startswith(self.code + "."))


def _cv(code: str, display: str, *, category: bool = False) -> IndicationCode:
    return IndicationCode(
        code=code, display=display, indication=Indication.CARDIOVASCULAR, category=category
    )


#: ICD-10-CM codes read as a cardiovascular indication (the April 2026 tabular, S152): the
#: ischaemic heart diseases, cerebral infarction and TIA, atherosclerosis and peripheral
#: vascular disease, and coronary stent or bypass status: the conditions aspirin is given for
#: as antiplatelet therapy. Atrial fibrillation (I48) is left out (anticoagulation, not
#: aspirin's reading). Nothing else is mapped: a reason code outside this table and the mast
#: cell codes is reported as not mapped.
INDICATION_ICD10CM: tuple[IndicationCode, ...] = (
    _cv("I20", "Angina pectoris", category=True),
    _cv("I21", "Acute myocardial infarction", category=True),
    _cv("I22", "Subsequent STEMI and NSTEMI myocardial infarction", category=True),
    _cv("I24", "Other acute ischemic heart diseases", category=True),
    _cv("I25", "Chronic ischemic heart disease", category=True),
    _cv("I63", "Cerebral infarction", category=True),
    _cv("G45.9", "Transient cerebral ischemic attack, unspecified"),
    _cv("I70", "Atherosclerosis", category=True),
    _cv("I73.9", "Peripheral vascular disease, unspecified"),
    _cv("Z95.1", "Presence of aortocoronary bypass graft"),
    _cv("Z95.5", "Presence of coronary angioplasty implant and graft"),
    _cv("Z98.61", "Coronary angioplasty status"),
)


def indication_of(system: str, code: str) -> Indication | None:
    """The indication a reason code reads as, or None when mastcell has no mapping for it.

    Mast cell disorder codes (:data:`ICD10CM`, :data:`SNOMED_CONDITIONS`) read as
    ``mast_cell``; the cardiovascular codes of :data:`INDICATION_ICD10CM` as
    ``cardiovascular``. Nothing is guessed from a display text.

    >>> indication_of(SYSTEMS.icd10cm, "D47.02"), indication_of(SNOMED, "397016004")
    (<Indication.MAST_CELL: 'mast_cell'>, <Indication.MAST_CELL: 'mast_cell'>)
    >>> indication_of(SYSTEMS.icd10cm, "I48.0") is None, indication_of(SNOMED, "22298006")
    (True, None)
    """
    if system == SYSTEMS.icd10cm:
        if code in ICD10CM:
            return Indication.MAST_CELL
        row = next((r for r in INDICATION_ICD10CM if r.covers(code)), None)
        return None if row is None else row.indication
    if system == SNOMED and code in SNOMED_CONDITIONS:
        return Indication.MAST_CELL
    return None


#: "No known allergy" situations: an AllergyIntolerance coded so records no reaction and no
#: agent (S186: 409137002 in the FHIR core example AllergyIntolerance/nkda; 716186003 in the AU
#: Core and IPS examples). Other "no known ... allergy" codes (food, environment) are not read:
#: they say nothing about drugs.
NO_ALLERGY_SNOMED: Mapping[str, str] = {
    "409137002": "No known drug allergy",
    "716186003": "No known allergy",
}

#: Anaphylaxis and its verified children, as a reaction manifestation (S155).
ANAPHYLAXIS_SNOMED = frozenset({"39579001", "241954008", "417516000", "241937000", "735173007"})


@attrs.frozen(kw_only=True)
class EpisodeCode:
    """A SNOMED CT anaphylaxis concept read as an episode (a Condition with its onset).

    >>> ANAPHYLAXIS_EPISODES["241954008"].trigger
    <FlareTrigger.NONE: 'none'>
    """

    display: str
    #: The trigger the concept states (None: not stated).
    trigger: FlareTrigger | None = None


#: The verified anaphylaxis concepts (codes-verified section 2; S155) as episodes: the trigger
#: only where the concept says it (idiopathic: none found; drug-induced: a drug).
ANAPHYLAXIS_EPISODES: Mapping[str, EpisodeCode] = {
    "39579001": EpisodeCode(display="Anaphylaxis"),
    "241954008": EpisodeCode(display="Idiopathic anaphylaxis", trigger=FlareTrigger.NONE),
    "417516000": EpisodeCode(display="Anaphylaxis due to substance"),
    "241937000": EpisodeCode(display="Drug-induced anaphylaxis", trigger=FlareTrigger.DRUG),
    "735173007": EpisodeCode(display="Anaphylactic shock"),
}


@attrs.frozen(kw_only=True)
class RouteCode:
    """A SNOMED CT route of administration.

    >>> ROUTES_SNOMED["78421000"].route
    <Route.IM: 'im'>
    """

    code: str
    display: str
    route: Route
    preferred: bool = True
    sources: tuple[str, ...] = attrs.field(default=("S156",), converter=cited)


#: Routes read; the non-preferred codes are those the FHIR core examples send (accepted on
#: input, never written).
ROUTES_SNOMED: Mapping[str, RouteCode] = {
    r.code: r
    for r in (
        RouteCode(code="26643006", display="Oral route", route=Route.ORAL),
        RouteCode(code="260548002", display="Oral", route=Route.ORAL, preferred=False),
        RouteCode(code="47625008", display="Intravenous route", route=Route.IV),
        RouteCode(code="255560000", display="Intravenous", route=Route.IV, preferred=False),
        RouteCode(code="78421000", display="Intramuscular route", route=Route.IM),
        RouteCode(code="255559005", display="Intramuscular", route=Route.IM, preferred=False),
        RouteCode(code="34206005", display="Subcutaneous route", route=Route.SC),
        RouteCode(code="263887005", display="Subcutaneous", route=Route.SC, preferred=False),
        RouteCode(code="46713006", display="Nasal route", route=Route.INTRANASAL),
    )
}


@attrs.frozen(kw_only=True)
class DrugCode:
    """An RxNorm concept: an ingredient, or a product with its strength per unit.

    >>> RXNORM["310273"].strength_mg
    20.0
    """

    code: str
    drug: str
    display: str
    strength_mg: float | None = attrs.field(
        default=None, converter=attrs.converters.optional(float)
    )
    sources: tuple[str, ...] = attrs.field(default=("S154",), converter=cited)

    @property
    def is_ingredient(self) -> bool:
        """An ingredient code (no strength): the only kind written in a suggestion."""
        return self.strength_mg is None


def _in(code: str, drug: str) -> DrugCode:
    return DrugCode(code=code, drug=drug, display=drug)


def _product(code: str, drug: str, display: str, mg: float) -> DrugCode:
    return DrugCode(code=code, drug=drug, display=display, strength_mg=mg)


#: Verified RxNorm codes (codes-verified section 1). Everything else, omalizumab, cladribine,
#: the neuromuscular blockers and propofol included, is matched by name only. The interferon
#: ingredients read as the catalogue's one interferon alfa entry (CR7); the diphenhydramine
#: dose-form group 1158446 is left out (neither an ingredient nor a product with a strength).
RXNORM: Mapping[str, DrugCode] = {
    d.code: d
    for d in (
        _in("1919083", "midostaurin"),
        _in("2272107", "avapritinib"),
        _in("282388", "imatinib"),
        _in("5552", "hydroxyurea"),
        _in("42612", "cromolyn"),
        _in("20610", "cetirizine"),
        _in("356887", "levocetirizine"),
        _in("87636", "fexofenadine"),
        _in("28889", "loratadine"),
        _in("275635", "desloratadine"),
        _in("3498", "diphenhydramine"),
        _in("5553", "hydroxyzine"),
        _in("3013", "cyproheptadine"),
        _in("6146", "ketotifen"),
        _in("4278", "famotidine"),
        _in("2541", "cimetidine"),
        _in("9143", "ranitidine"),
        _in("42319", "nizatidine"),
        _in("88249", "montelukast"),
        _in("114970", "zafirlukast"),
        _in("40575", "zileuton"),
        _in("3992", "epinephrine"),
        _in("1191", "aspirin"),
        _in("5640", "ibuprofen"),
        _in("161", "acetaminophen"),
        _in("8640", "prednisone"),
        _in("6902", "methylprednisolone"),
        _in("10154", "succinylcholine"),
        _in("6135", "ketoconazole"),
        _in("28031", "itraconazole"),
        _in("9384", "rifampin"),
        _in("4337", "fentanyl"),
        _in("7052", "morphine"),
        _in("2670", "codeine"),
        _in("3423", "hydromorphone"),
        _in("7804", "oxycodone"),
        _in("6754", "meperidine"),
        _in("1819", "buprenorphine"),
        _in("6813", "methadone"),
        _in("5489", "hydrocodone"),
        _in("10689", "tramadol"),
        DrugCode(code="5880", drug="interferon alfa", display="interferon alfa-2b"),
        DrugCode(code="5879", drug="interferon alfa", display="interferon alfa-2a"),
        DrugCode(code="120608", drug="interferon alfa", display="peginterferon alfa-2a"),
        _product("1014678", "cetirizine", "cetirizine hydrochloride 10 MG Oral Tablet", 10),
        _product("855172", "levocetirizine", "levocetirizine dihydrochloride 5 MG Oral Tablet", 5),
        _product("997420", "fexofenadine", "Fexofenadine hydrochloride 180 MG Oral Tablet", 180),
        _product("997488", "fexofenadine", "Fexofenadine hydrochloride 30 MG Oral Tablet", 30),
        _product("311372", "loratadine", "Loratadine 10 MG Oral Tablet", 10),
        _product("349420", "desloratadine", "desloratadine 5 MG Oral Tablet", 5),
        _product(
            "1049630", "diphenhydramine", "diphenhydrAMINE Hydrochloride 25 MG Oral Tablet", 25
        ),
        _product(
            "1049909", "diphenhydramine", "Diphenhydramine Hydrochloride 25 MG Oral Capsule", 25
        ),
        _product("995258", "hydroxyzine", "Hydroxyzine Hydrochloride 25 MG Oral Tablet", 25),
        _product("310273", "famotidine", "Famotidine 20 MG Oral Tablet", 20),
        _product("200224", "montelukast", "montelukast 10 MG Oral Tablet", 10),
        _product("198145", "prednisone", "Prednisone 10 MG Oral Tablet", 10),
        _product("198405", "ibuprofen", "Ibuprofen 100 MG Oral Tablet", 100),
        _product("403878", "imatinib", "imatinib 100 MG Oral Tablet", 100),
        _product("403879", "imatinib", "imatinib 400 MG Oral Tablet", 400),
        _product("197797", "hydroxyurea", "hydroxyurea 500 MG Oral Capsule", 500),
        _product("665078", "loratadine", "Loratadine 5 MG Chewable Tablet", 5),
        _product(
            "790889", "zileuton", "12 HR zileuton 600 MG Extended Release Oral Tablet [Zyflo]", 600
        ),
        _product("201896", "ketoconazole", "Ketoconazole 200 MG Oral Tablet [Nizoral]", 200),
        _product("1729578", "remifentanil", "remifentanil 1 MG Injection", 1),
        _product("1729584", "remifentanil", "remifentanil 2 MG Injection", 2),
        _product("1729710", "remifentanil", "remifentanil 5 MG Injection", 5),
        _product("1809097", "sufentanil", "1 ML sufentanil 0.05 MG/ML Injection", 0.05),
        _product(
            "1870230", "epinephrine", "NDA020800 0.3 ML Epinephrine 1 MG/ML Auto-Injector", 0.3
        ),
    )
}


def _ingredient_codes() -> dict[str, DrugCode]:
    by_drug: dict[str, list[DrugCode]] = {}
    for d in RXNORM.values():
        if d.is_ingredient:
            by_drug.setdefault(d.drug, []).append(d)
    return {drug: found[0] for drug, found in by_drug.items() if len(found) == 1}


#: The ingredient code of each drug that has exactly one (what a suggestion may write; the
#: catalogue's interferon alfa has three and gets none).
RXNORM_BY_DRUG: Mapping[str, DrugCode] = _ingredient_codes()
