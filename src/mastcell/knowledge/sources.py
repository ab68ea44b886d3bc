"""The source registry: every id a fact or recommendation cites, with its full citation.

The ids (``S1`` ...) are those of the project's clinical fact sheet, so a clinician can follow
any recommendation back to the label, consensus paper or laboratory catalogue behind it. The
two seed documents are registered too, because facts found *only* there are marked so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from mastcell.model.recommendation import Evidence

__all__ = ["SOURCES", "Source", "SourceKind", "cite", "cited", "evidence"]


class SourceKind(enum.StrEnum):
    """What kind of document a source is; seeds are not independent confirmation.

    >>> SOURCES["SEED-A"].kind
    <SourceKind.SEED: 'seed'>
    """

    LABEL = "label"
    GUIDELINE = "guideline"
    REVIEW = "review"
    STUDY = "study"
    LABORATORY = "laboratory"
    REFERENCE = "reference"
    SEED = "seed"


@attrs.frozen(kw_only=True)
class Source:
    """A document mastcell cites.

    >>> SOURCES["S1"].id
    'S1'
    """

    id: str
    citation: str
    kind: SourceKind
    url: str | None = None
    note: str | None = None


def _s(
    id: str, kind: SourceKind, citation: str, url: str | None = None, note: str | None = None
) -> Source:
    return Source(id=id, citation=citation, kind=kind, url=url, note=note)


_L, _G, _R, _T, _B, _F, _SEED = (
    SourceKind.LABEL,
    SourceKind.GUIDELINE,
    SourceKind.REVIEW,
    SourceKind.STUDY,
    SourceKind.LABORATORY,
    SourceKind.REFERENCE,
    SourceKind.SEED,
)

_ALL = (
    _s(
        "SEED-A",
        _SEED,
        "Dr.Oracle, 'What is the treatment for mast cell activation with "
        "leukopenia', last updated 2025-12-24. Seed document; not independent confirmation.",
    ),
    _s(
        "SEED-B",
        _SEED,
        "Dr.Oracle, 'What is the best approach to manage back pain in a patient "
        "with suspected mast cell activation?', last updated 2026-01-20. Seed document; not "
        "independent confirmation.",
    ),
    _s(
        "S-DRO",
        _SEED,
        "Other Dr.Oracle pages citing the same 'Praxis' summaries as the seeds; "
        "not counted as confirmation.",
    ),
    _s(
        "S1",
        _L,
        "Papayannidis C. et al. Treatment of advanced systemic mastocytosis with "
        "midostaurin: practical guidance. Mediterr J Hematol Infect Dis 2022;14:e2022073, "
        "Table 4 (midostaurin label dose modifications for ASM, SM-AHN, MCL).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC9652003/",
    ),
    _s(
        "S2",
        _L,
        "Midostaurin (Rydapt) EU Summary of Product Characteristics, posology for "
        "ASM, SM-AHN and MCL (as reproduced by RxReasoner).",
        "https://www.rxreasoner.com/indications/I-773966",
    ),
    _s(
        "S3",
        _L,
        "Rydapt (midostaurin) posology, MIMS Hong Kong.",
        "https://sit.mimsdev.com/hongkong/drug/info/rydapt/dosage",
    ),
    _s(
        "S4",
        _R,
        "Chemo Experts. Midostaurin (Rydapt) for systemic mastocytosis.",
        "https://www.chemoexperts.com/midostaurin-rydapt-systemic-mastocytosis.html",
    ),
    _s(
        "S5",
        _L,
        "Blueprint Medicines. Ayvakit (avapritinib) US prescribing information, "
        "dosing for advanced SM (HCP site).",
        "https://ayvakithcp.com/advsm/dosing",
    ),
    _s(
        "S6",
        _L,
        "Blueprint Medicines. Ayvakyt (avapritinib) EU dosing for advanced SM (HCP site).",
        "https://ayvakyt.com/dosing-for-advanced-sm",
    ),
    _s(
        "S7",
        _L,
        "Blueprint Medicines. Ayvakyt (avapritinib) EU dosing for indolent SM (HCP site).",
        "https://ayvakyt.com/dosing-for-ism",
    ),
    _s(
        "S8",
        _L,
        "Ayvakit (avapritinib) FDA label, dosage and dose-reduction table (Drugs.com, 2021).",
        "https://www.drugs.com/dosage/ayvakit.html",
    ),
    _s(
        "S9",
        _L,
        "Avapritinib dosage: AdvSM 200 mg, ISM 25 mg, platelets < 50 x10^9/L (Drugs.com, 2024).",
        "https://www.drugs.com/dosage/avapritinib.html",
    ),
    _s(
        "S10",
        _L,
        "Medscape reference: Ayvakit (avapritinib), GIST-era US label; Medscape UK "
        "avapritinib (EU GIST).",
        "https://reference.medscape.com/drug/ayvakit-avapritinib-4000013",
    ),
    _s(
        "S11",
        _G,
        "Blueprint Medicines. Ayvakit HCP patient profiles: WHO criteria, "
        "C-findings and HaT tryptase adjustment.",
        "https://www.ayvakithcp.com/advsm/patient-profiles",
    ),
    _s(
        "S12",
        _L,
        "Gastrocrom (oral cromolyn sodium) prescribing information and monographs "
        "(Drugs.com, Medscape, DailyMed via GoodRx).",
        "https://www.drugs.com/dosage/gastrocrom.html",
    ),
    _s(
        "S13",
        _L,
        "Cyproheptadine hydrochloride tablets, prescribing information.",
        "https://medlibrary.org/lib/rx/meds/cyproheptadine-hydrochloride-14/page/2/",
    ),
    _s(
        "S14",
        _L,
        "Zileuton (Zyflo / Zyflo CR) prescribing information.",
        "https://minclinic.eu/drugs/drugs_eng/Drugs_reference/zyflo-zileuton-343450.htm",
    ),
    _s(
        "S15",
        _L,
        "Famotidine UK SmPC (EMC) and US prescribing information.",
        "http://www.medicines.org.uk/emc/product/11524/smpc",
    ),
    _s(
        "S16",
        _L,
        "AUVI-Q (epinephrine injection) auto-injector FDA label; generic epinephrine "
        "auto-injector label (openFDA).",
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22Auvi-Q%22",
    ),
    _s(
        "S17",
        _L,
        "Cetirizine OTC drug facts; fexofenadine adult and paediatric dosing tables.",
        "https://www.healthinhand.org/active-ingredients/cetirizine",
    ),
    _s(
        "S20",
        _G,
        "Valent P. et al. Why the 20% + 2 tryptase formula is a diagnostic gold "
        "standard for severe systemic mast cell activation and mast cell activation syndrome. "
        "Int Arch Allergy Immunol 2019;180:44-51.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7115850",
    ),
    _s(
        "S21",
        _G,
        "Valent P., Akin C. et al. Curr Allergy Asthma Rep 2024, Figure 1 "
        "(acute tryptase > 120% of baseline + 2 ng/mL).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10960756/",
    ),
    _s(
        "S22",
        _G,
        "Matito A. et al. Clinical approach to mast cell activation syndrome: a "
        "practical overview. J Investig Allergol Clin Immunol 2021;31:461-470.",
    ),
    _s(
        "S23",
        _G,
        "MCAS diagnostic criteria (consensus and AAAAI work group), Frontline "
        "Gastroenterology (BMJ); US/EU consensus criteria summary (BMJ Best Practice).",
    ),
    _s(
        "S24",
        _R,
        "World Allergy Organization Journal, table 'Tryptase levels in relation to "
        "mastocytosis and anaphylaxis'.",
        "https://waojournal.biomedcentral.com/articles/10.1186/s40413-016-0094-3/tables/4",
    ),
    _s(
        "S25",
        _G,
        "Tryptase sampling guidance: University Hospital Zurich; RCEM Learning "
        "(NICE / Resuscitation Council); Beaumont AAAAI 2023 abstract.",
        "https://www.rcemlearning.org/modules/anaphylaxis/lessons/differential-diagnosis-3/"
        "topic/mast-cell-tryptase",
    ),
    _s(
        "S26",
        _R,
        "Hereditary alpha-tryptasemia: Lyons JJ, Immunol Allergy Clin North Am 2018; "
        "TMS HaT page; ARUP TPSAB1 copy number test; genotype/baseline tryptase table "
        "(PMC11837873, Table 1).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6411063/",
    ),
    _s(
        "S27",
        _G,
        "WHO and ICC 2022 diagnostic criteria for systemic mastocytosis "
        "(hematomorphology.info; ASH-SAP; Leguit et al., Virchows Arch; WHO 2008 B/C-findings).",
        "https://www.hematomorphology.info/bone-marrow/mastocytosis/"
        "diagnostic-criteria-mastocytosis/",
    ),
    _s(
        "S28",
        _G,
        "NIH Idiopathic Clonal Anaphylaxis Score (Carter et al.); REMA score description.",
        "https://medicalalgorithms.com/nih-idiopathic-clonal-anaphylaxis-score-nicas-of-carter-et-al",
    ),
    _s(
        "S28b",
        _T,
        "Retrospective Paris allergy day-hospital study of basal tryptase after "
        "anaphylaxis (Authorea preprint, methods).",
    ),
    _s(
        "S29",
        _R,
        "Int J Mol Sci 2021;22:11270, Table 2 'Medical management of mast cell disorders'.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8540348/",
    ),
    _s(
        "S30",
        _R,
        "Castells M, Butterfield J. Mast cell activation syndrome and mastocytosis: "
        "initial treatment options and long-term management. J Allergy Clin Immunol Pract "
        "2019;7:1097-1106.",
        "https://www.ncbi.nlm.nih.gov/pubmed/30961835",
    ),
    _s(
        "S31",
        _R,
        "Omalizumab in mast cell disorders: Matheny/Craig/Al-Shaikhly systematic "
        "review, Allergy Asthma Proc 2025;46:11-18; Jendoubi et al., Clin Exp Allergy 2020; "
        "Broesby-Olsen et al., Allergy 2018;73:230.",
        "https://www.pubmed.gov/28662309/",
    ),
    _s(
        "S32",
        _T,
        "Aspirin in systemic mastocytosis: Butterfield JH, Prostaglandins Other "
        "Lipid Mediat 2009;88:122-4; Hermans MAW et al., Allergy 2018;73:2055.",
        "https://pubmed.ncbi.nlm.nih.gov/29569284/",
    ),
    _s(
        "S33",
        _R,
        "Management of a parturient with mast cell activation syndrome. Case Rep "
        "Anesthesiol 2018, Table 5 (perioperative drugs).",
        "https://www.hindawi.com/journals/cria/2018/8920921/tab5",
    ),
    _s(
        "S34",
        _G,
        "The Mastocytosis Society. Perioperative management for patients with mast cell diseases.",
        "https://tmsforacure.org/perioperative-management/",
    ),
    _s(
        "S35",
        _G,
        "The Mastocytosis Society / Castells premedication protocol for procedures "
        "(ER protocol), as reproduced by patient organisations (mastcellssjukdom.se, MastAttack, "
        "IAMAST).",
        "http://www.iamast.com/pre-medication-protocol/4570665562",
    ),
    _s(
        "S36",
        _T,
        "Matito A. et al. (REMA). Management of anesthesia in adult and pediatric "
        "mastocytosis: a study of the Spanish Network on Mastocytosis based on 726 anesthetic "
        "procedures. Int Arch Allergy Immunol 2015.",
    ),
    _s(
        "S37",
        _R,
        "Gutzwiller M. et al. Systemic mastocytosis: case report and narrative review "
        "with practical recommendations to the anesthesiologists. 2022.",
    ),
    _s(
        "S38",
        _R,
        "Dewachter P, Castells MC, Hepner DL, Mouton-Faivre C. Perioperative "
        "management of patients with mastocytosis. Anesthesiology 2014.",
    ),
    _s(
        "S39",
        _R,
        "Clinic medication list 'Avoid / Acceptable' for mast cell disorders "
        "(Abbott ND clinic); secondary, derived list.",
        "https://abbottnd.com/resources",
    ),
    _s(
        "S40",
        _T,
        "Parris WCV et al. Anesthetic management of systemic mastocytosis: "
        "experience with 42 cases, 1986 (as quoted by Mastokids).",
        "http://www.mastokids.org/anesthesia-protocol",
    ),
    _s(
        "S41",
        _R,
        "Opioids and histamine release: Lakartidningen 2005 drug Q&A; Ennis M. et "
        "al., porcine mast cells.",
    ),
    _s(
        "S42",
        _T,
        "Schwaab J, Brockow K, et al. Low risk of contrast media-induced "
        "hypersensitivity reactions in all subtypes of systemic mastocytosis. Ann Allergy "
        "Asthma Immunol 2022;128:314-318.",
    ),
    _s(
        "S43",
        _T,
        "Brockow K. et al. Anaphylaxis in patients with mastocytosis: a study on "
        "history, clinical features and risk factors in 120 patients. Allergy 2008.",
    ),
    _s(
        "S44",
        _R,
        "Epinephrine auto-injectors: Allergy Asthma Clin Immunol 2022 Table 1; "
        "Clin Transl Allergy 2017 Table 4 (mastocytosis as a reason to prescribe more than one "
        "auto-injector); JACI expert panel on epinephrine in mast cell disorders.",
        "https://ctajournal.biomedcentral.com/articles/10.1186/s13601-017-0182-7/tables/4",
    ),
    _s(
        "S45",
        _R,
        "Paediatric mastocytosis treatment, Am J Clin Dermatol 2011 (PMC4126834, Table 2).",
    ),
    _s(
        "S46",
        _R,
        "UpToDate. Systemic mastocytosis: management and prognosis (2017 version).",
        "http://uptodatefree.com/topic/systemic-mastocytosis-management-and-prognosis",
    ),
    _s("S47", _T, "Bone density in systemic mastocytosis (PMC7085471)."),
    _s(
        "S50",
        _B,
        "Mayo Clinic Laboratories test catalog: N-methylhistamine, leukotriene E4, "
        "2,3-dinor-11beta-prostaglandin F2alpha, tryptase.",
        "https://mml.testcatalog.org/show/TRYPT",
    ),
    _s(
        "S51",
        _B,
        "ARUP Laboratories test directory: LTE4, N-methylhistamine, "
        "2,3-dinor-11beta-PGF2alpha, tryptase.",
    ),
    _s(
        "S52",
        _F,
        "LOINC (loinc.org) codes 6690-2, 751-8, 770-8, 777-3, 718-7 and mapping guidance.",
        "https://loinc.org/777-3",
    ),
    _s(
        "S53",
        _F,
        "National Cancer Institute. Common Terminology Criteria for Adverse Events "
        "(CTCAE) v5.0, haematology grades (as transcribed in public sources; HL7 CTC-AE IG).",
        "https://build.fhir.org/ig/standardhealth/fsh-ae/examplepersona2.html",
    ),
    _s(
        "S54",
        _F,
        "Haemoglobin and cell-count unit conversions.",
        "https://medicalalgorithms.com/hemoglobin-unit-conversion",
    ),
    _s(
        "S55",
        _F,
        "Severe Chronic Neutropenia International Registry. How to calculate the "
        "absolute neutrophil count.",
        "https://scnir-neutropenia.uw.edu/?p=220",
    ),
    _s(
        "S56",
        _F,
        "Creatinine, C4H7N3O, CAS 60-27-5 (PubChem CID 588): molar mass 113.12 g/mol, "
        "as given by chemical reference listings.",
        note="Confirms the fact sheet's NOT VERIFIED creatinine molar mass (section 4.1).",
    ),
    # -- antimediator, emergency, monitoring, referral sources: S60-S69 --
    _s(
        "S60",
        _L,
        "Xyzal (levocetirizine dihydrochloride) prescribing information, MIMS Philippines: "
        "adults, adolescents 12 years and over and children 6-12 years, 5 mg once daily.",
        "https://www.mims.com/philippines/drug/info/xyzal",
    ),
    _s(
        "S61",
        _L,
        "NHS. How and when to take loratadine: usual adult dose 10 mg once a day.",
        "https://www.nhs.uk/medicines/loratadine/how-and-when-to-take-loratadine",
    ),
    _s(
        "S62",
        _L,
        "Desloratadine (Clarinex, Aerius), USP DI proper use: adults and children 12 years "
        "and older, 5 mg once a day.",
        "http://3-rx.com/drugs/detailed/desloratadine/proper-use.php",
    ),
    _s(
        "S63",
        _L,
        "Bilazin 20 (bilastine) prescribing information, Stellapharm: adults and adolescents "
        "12 years and over, 20 mg once daily.",
        "https://www.stellapharm.com/products/bilazin-20/",
    ),
    _s(
        "S64",
        _L,
        "Rupatadine 10 mg tablets, UK SmPC (MHRA, 2018) via RxReasoner: adults and "
        "adolescents over 12 years, 10 mg once a day.",
        "https://rxreasoner.com/monographs/rupatadine-tab/usage",
    ),
    # -- cytopenia sources: S70-S79 --
    _s(
        "S70",
        _F,
        "NCI CTCAE v4.0/v5.0 laboratory grades as transcribed in the pharmaverse 'admiral' R "
        "package's grading metadata and tests (tests/testthat/test-derive_var_atoxgr.R): white "
        "blood cell decreased <LLN-3.0, <3.0-2.0, <2.0-1.0, <1.0 x10^9/L (same in v4 and v5); "
        "platelet count decreased <LLN-75, <75-50, <50-25, <25 x10^9/L; without the lab's LLN "
        "only grades 2-4 can be assigned.",
        "https://github.com/pharmaverse/admiral",
        note="Public code transcription, not the NCI document itself; agrees with S53.",
    ),
    _s(
        "S71",
        _L,
        "Hydroxyurea (Hydrea, Droxia, Siklos) US prescribing information via openFDA: boxed "
        "warning for myelosuppression; monitor blood counts at baseline and throughout "
        "treatment; interrupt treatment and reduce the dose as necessary.",
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22hydroxyurea%22",
    ),
    # -- analgesia, perioperative, safety sources: S80-S89 --
    _s(
        "S80",
        _G,
        "International Association for the Study of Pain (IASP) classification of chronic "
        "pain for WHO ICD-11 (Treede RD et al., Pain 2015;156:1003-7 and Pain 2019;160:19-27): "
        "chronic pain is pain that persists or recurs for longer than 3 months.",
        "https://www.phc.ox.ac.uk/publications/1490011",
        note="Defines the 'persistent pain' of monitoring.mood.screen and refractory pain.",
    ),
    _s(
        "S81",
        _T,
        "Cut points for mild, moderate and severe pain on the 0-10 numeric rating scale: "
        "Palos GR et al., J Pain 2006;7:49-56 (7-10 severe); Woo A et al., Ann Palliat Med 2015 "
        "(moderate-severe cut point 6 most recommended); Boonstra AM et al., Front Psychol "
        "2016;7:1466 (chronic musculoskeletal pain: 8 or more severe).",
        "https://pubmed.ncbi.nlm.nih.gov/16414555/",
        note="Severe from 7 (Palos, Woo); Boonstra found 8 in chronic pain: hence an option.",
    ),
)

#: Every source by id.
SOURCES: Mapping[str, Source] = {source.id: source for source in _ALL}


def cite(*ids: str) -> tuple[str, ...]:
    """Check that every id is registered and give them back (for facts declared in code).

    >>> cite("S1", "S2")
    ('S1', 'S2')
    >>> cite("S999")
    Traceback (most recent call last):
    ...
    KeyError: 'unknown source id S999'
    """
    for source_id in ids:
        if source_id not in SOURCES:
            raise KeyError(f"unknown source id {source_id}")
    return ids


def cited(ids: Iterable[str]) -> tuple[str, ...]:
    """:func:`cite` for a sequence of ids (an attrs converter for ``sources`` fields).

    >>> cited(["S16"])
    ('S16',)
    """
    return cite(*ids)


def evidence(*ids: str) -> tuple[Evidence, ...]:
    """The :class:`~mastcell.model.recommendation.Evidence` of each id, in order, duplicates dropped.

    >>> [e.source for e in evidence("S16", "S44", "S16")]
    ['S16', 'S44']
    """
    cached = _EVIDENCE.get(ids)
    if cached is None:
        cached = tuple(
            Evidence(source=i, citation=SOURCES[i].citation) for i in dict.fromkeys(cite(*ids))
        )
        _EVIDENCE[ids] = cached
    return cached


#: Evidence tuples are immutable: built once per combination of ids.
_EVIDENCE: dict[tuple[str, ...], tuple[Evidence, ...]] = {}
