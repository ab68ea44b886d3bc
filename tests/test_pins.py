"""Safety tables pinned to their sources, both ways: nothing missing, nothing extra (issue 21).

Every expected list below was written from the reference sheets (fact sheet, addendum,
codes-verified) and the sources they cite, row by row with its fact id, never generated from
mastcell's own tables: a table-driven test that takes its cases from the table it checks
loses a case with every deleted row. A changed fact therefore changes two places on purpose,
the knowledge module and this file.

Where the code's choice is an interpretation of the reference (a generic name for a listed
combination, a band's upper edge), the row says so. Facts the reference gives that no table
holds are listed in :data:`NOT_LOADED` with the reason, so that their absence is a decision
on record rather than an oversight.

The drug vocabulary of issue 16 (cross-reactive groups, class words, combination products,
"no known allergies") is pinned in ``tests/test_pins_vocabulary.py``; the RxNorm codes it reads
are pinned here with the other code lists.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from datetime import timedelta

import pytest

from mastcell.knowledge import (
    analgesia,
    antimediator,
    antiplatelet,
    codes,
    ctcae,
    cytopenia,
    cytoreduction,
    emergency,
    findings,
    groups,
    interactions,
    maxima,
    paediatric,
    safety,
    special_populations,
    tryptase,
    who,
)
from mastcell.knowledge.diagnosis import Cutoff
from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.interactions import Cyp3aList, Modulation, cyp3a_of
from mastcell.knowledge.options import MedicationOptions, PerioperativeOptions
from mastcell.knowledge.paediatric import Jurisdiction
from mastcell.knowledge.safety import SafetyGroup, SafetyLevel
from mastcell.model import (
    Analyte,
    Comparator,
    Comparison,
    Diagnosis,
    DoseAmount,
    DoseRange,
    DrugClass,
    FlareTrigger,
    Frequency,
    Indicator,
)
from mastcell.model.classification import Scheme
from mastcell.model.vocabulary import HeldReason, Indication, Route


def assert_same(
    actual: Iterable[Hashable],
    expected: Iterable[Hashable],
    what: str,
    *,
    table: str,
    source: str,
) -> None:
    """The table equals the reference, both ways, and holds no row twice.

    A failure names the table (``table``, under ``mastcell.knowledge``), each entry that
    differs, and where to check it (``source``), so that a deliberate change of a table is
    re-pointed by deciding each entry from its source, never by copying one list into the other.
    """
    rows = list(actual)
    wanted = list(expected)
    assert len(wanted) == len(set(wanted)), f"{what}: the expected list repeats a row"
    repeated = sorted({repr(r) for r in rows if rows.count(r) > 1})
    missing = sorted(repr(r) for r in set(wanted) - set(rows))
    extra = sorted(repr(r) for r in set(rows) - set(wanted))
    problems = {"missing from the table": missing, "not in the expected list": extra}
    problems["repeated in the table"] = repeated
    where = table if table.startswith("mastcell.") else f"mastcell.knowledge.{table}"
    lines = [f"{what}: {where} differs from the expected list of this file"]
    lines += [f"  {label}: {entry}" for label, entries in problems.items() for entry in entries]
    lines.append(
        f"  check each entry against {source}; then change the table or the expected list "
        "(with its fact id), whichever the source says is wrong"
    )
    assert not any(problems.values()), "\n".join(lines)


def dose_of(dose: DoseAmount | DoseRange | None) -> float | tuple[float, float] | None:
    """A dose as a number (an amount) or a pair (a range), in mg; None: no dose."""
    if dose is None:
        return None
    assert dose.unit == "mg"
    if isinstance(dose, DoseAmount):
        return float(dose.value)
    return (float(dose.low), float(dose.high))


def numbers_in(text: str) -> list[float]:
    """The numbers a sentence states, in order (the unit's "x10^9/L" is not a number)."""
    return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text.replace("x10^9/L", ""))]


def _mg(dose: float | tuple[float, float] | None) -> float | tuple[float, float] | None:
    """An expected dose as floats, like :func:`dose_of`."""
    if dose is None:
        return None
    if isinstance(dose, tuple):
        return (float(dose[0]), float(dose[1]))
    return float(dose)


#: Facts of the reference a reader might look for in a table, and why no table holds them.
NOT_LOADED = {
    "MX9": "ketotifen 4 mg/day (EU): ketotifen is in the drug catalogue since issue 16, but "
    "classed OTHER and read by no dosing rule, so no maximum is applied to it (reported to the "
    "lead, issue 21)",
    "MX13": "ranitidine: withdrawn, not a maximum (the catalogue marks it withdrawn)",
    "MX18": "omalizumab: dosed by IgE/weight tables, not a daily maximum",
    "MX19": "aspirin 81-500 mg BID in SM: a therapeutic range (A13), not a label maximum",
    "XR8 phenylheptanones": "methadone is in the catalogue (an opioid for the class word), "
    "propoxyphene is not: a group of one member would withdraw nothing beyond the drug itself",
    "RxNorm 2587059": "ropeginterferon alfa-2b, an 'extra' of codes-verified: the catalogue's "
    "interferon alfa entry does not name ropeginterferon",
    "RxNorm 1158446": "diphenhydramine injectable dose-form group: neither an ingredient nor a "
    "product with a strength",
    "RxNorm 198440": "acetaminophen 500 mg tablet: CONFLICT in codes-verified (a third-party page "
    "calls it ibuprofen)",
}


# -- CYP3A classification (addendum 2.3, DI3, DI5, DI-C1) -------------------------------------

_SI, _MI = "strong_inhibitor", "moderate_inhibitor"
_SD, _MD = "strong_inducer", "moderate_inducer"
_NOW, _2018, _RYD = "S110 current", "S110 2018", "S100 Rydapt label"
_T23 = ("2.3",)

#: (drug as the catalogue names it, modulation, list, fact ids, footnote not visible).
CYP3A_EXPECTED: tuple[tuple[str, str, str, tuple[str, ...], bool], ...] = (
    # 2.3 strong CYP3A inhibitors, S110 current version
    ("atazanavir", _SI, _NOW, _T23, False),
    ("ceritinib", _SI, _NOW, _T23, False),
    ("clarithromycin", _SI, _NOW, _T23, False),
    ("cobicistat", _SI, _NOW, _T23, False),
    ("darunavir", _SI, _NOW, _T23, False),
    ("idelalisib", _SI, _NOW, _T23, False),
    ("indinavir", _SI, _NOW, _T23, False),
    ("itraconazole", _SI, _NOW, _T23, False),
    ("ketoconazole", _SI, _NOW, _T23, False),
    ("levoketoconazole", _SI, _NOW, _T23, False),
    ("lonafarnib", _SI, _NOW, _T23, False),
    ("lopinavir-ritonavir", _SI, _NOW, _T23, False),  # listed as "lopinavir"
    ("mifepristone", _SI, _NOW, _T23, False),
    ("nefazodone", _SI, _NOW, _T23, False),
    ("nelfinavir", _SI, _NOW, _T23, False),
    ("ombitasvir-paritaprevir-ritonavir", _SI, _NOW, _T23, False),
    ("posaconazole", _SI, _NOW, _T23, False),
    ("ritonavir", _SI, _NOW, _T23, False),
    # "ritonavir (and combinations)": the catalogue's ritonavir-boosted combination
    ("nirmatrelvir-ritonavir", _SI, _NOW, _T23, False),
    ("saquinavir", _SI, _NOW, _T23, False),
    ("telithromycin", _SI, _NOW, _T23, False),
    ("tucatinib", _SI, _NOW, _T23, False),
    ("voriconazole", _SI, _NOW, _T23, False),
    # 2.3, "2018 version also"
    ("boceprevir", _SI, _2018, _T23, False),
    ("telaprevir", _SI, _2018, _T23, False),
    # 2.3 moderate CYP3A inhibitors (* = footnote not visible)
    ("amiodarone", _MI, _NOW, _T23, True),
    ("aprepitant", _MI, _NOW, _T23, False),
    ("berotralstat", _MI, _NOW, _T23, False),
    ("cimetidine", _MI, _NOW, ("2.3", "MX11"), True),
    ("conivaptan", _MI, _NOW, _T23, False),
    ("crizotinib", _MI, _NOW, _T23, False),
    ("cyclosporine", _MI, _NOW, _T23, True),
    ("diltiazem", _MI, _NOW, ("2.3", "DI-C1"), False),
    ("duvelisib", _MI, _NOW, _T23, False),
    ("dronedarone", _MI, _NOW, _T23, False),
    ("erythromycin", _MI, _NOW, _T23, False),
    ("fedratinib", _MI, _NOW, _T23, False),
    ("fluconazole", _MI, _NOW, _T23, False),
    ("fosamprenavir", _MI, _NOW, _T23, False),
    ("fosaprepitant", _MI, _NOW, _T23, True),
    ("fosnetupitant-palonosetron", _MI, _NOW, _T23, False),
    ("grapefruit juice", _MI, _NOW, ("2.3", "DI-C1"), False),
    ("imatinib", _MI, _NOW, ("2.3", "CR11"), False),
    ("isavuconazole", _MI, _NOW, _T23, False),
    ("lefamulin", _MI, _NOW, _T23, False),
    ("letermovir", _MI, _NOW, _T23, False),
    ("netupitant-palonosetron", _MI, _NOW, _T23, False),  # listed as "netupitant"
    ("nilotinib", _MI, _NOW, _T23, False),
    ("ribociclib", _MI, _NOW, _T23, False),
    ("schisandra", _MI, _NOW, _T23, False),
    ("verapamil", _MI, _NOW, _T23, False),
    # 2.3 strong CYP3A inducers
    ("apalutamide", _SD, _NOW, _T23, False),
    ("carbamazepine", _SD, _NOW, _T23, False),
    ("enzalutamide", _SD, _NOW, _T23, False),
    ("fosphenytoin", _SD, _NOW, _T23, False),
    ("lumacaftor-ivacaftor", _SD, _NOW, _T23, False),  # "lumacaftor (+/- ivacaftor)"
    ("mitotane", _SD, _NOW, _T23, False),
    ("phenobarbital", _SD, _NOW, _T23, False),
    ("phenytoin", _SD, _NOW, _T23, False),
    ("primidone", _SD, _NOW, _T23, False),
    ("rifampin", _SD, _NOW, _T23, False),
    # 2.3 moderate CYP3A inducers
    ("bexarotene", _MD, _NOW, _T23, False),
    ("bosentan", _MD, _NOW, _T23, False),
    ("cenobamate", _MD, _NOW, _T23, False),
    ("dabrafenib", _MD, _NOW, _T23, False),
    ("dexamethasone", _MD, _NOW, _T23, False),
    ("metamizole", _MD, _NOW, _T23, False),  # "dipyrone (metamizole)"
    ("efavirenz", _MD, _NOW, _T23, False),
    ("elagolix-estradiol-norethindrone", _MD, _NOW, _T23, False),
    ("eslicarbazepine", _MD, _NOW, _T23, False),
    ("etravirine", _MD, _NOW, _T23, False),
    ("lorlatinib", _MD, _NOW, _T23, False),
    ("modafinil", _MD, _NOW, _T23, False),
    ("nafcillin", _MD, _NOW, _T23, False),
    ("pexidartinib", _MD, _NOW, _T23, False),
    ("rifabutin", _MD, _NOW, _T23, False),
    ("rifapentine", _MD, _NOW, _T23, False),
    ("sotorasib", _MD, _NOW, _T23, False),
    ("st john's wort", _MD, _NOW, ("2.3", "DI-C1"), False),
    # DI3: the Rydapt label's strong-inhibitor examples (S100)
    ("boceprevir", _SI, _RYD, ("DI3",), False),
    ("clarithromycin", _SI, _RYD, ("DI3",), False),
    ("cobicistat", _SI, _RYD, ("DI3",), False),
    ("conivaptan", _SI, _RYD, ("DI3",), False),
    ("danoprevir", _SI, _RYD, ("DI3",), False),  # "danoprevir + ritonavir"
    ("diltiazem", _SI, _RYD, ("DI3", "DI-C1"), False),
    ("elvitegravir", _SI, _RYD, ("DI3",), False),  # "elvitegravir + ritonavir"
    ("grapefruit juice", _SI, _RYD, ("DI3", "DI-C1"), False),
    ("idelalisib", _SI, _RYD, ("DI3",), False),
    ("indinavir", _SI, _RYD, ("DI3",), False),  # "indinavir + ritonavir"
    ("itraconazole", _SI, _RYD, ("DI3",), False),
    ("ketoconazole", _SI, _RYD, ("DI3",), False),
    ("lopinavir-ritonavir", _SI, _RYD, ("DI3",), False),
    ("nefazodone", _SI, _RYD, ("DI3",), False),
    ("nelfinavir", _SI, _RYD, ("DI3",), False),
    ("ombitasvir-paritaprevir-ritonavir", _SI, _RYD, ("DI3",), False),
    ("posaconazole", _SI, _RYD, ("DI3",), False),
    ("ritonavir", _SI, _RYD, ("DI3",), False),
    ("saquinavir", _SI, _RYD, ("DI3",), False),  # "saquinavir + ritonavir"
    ("tipranavir", _SI, _RYD, ("DI3",), False),  # "tipranavir + ritonavir"
    ("troleandomycin", _SI, _RYD, ("DI3",), False),
    ("voriconazole", _SI, _RYD, ("DI3",), False),
    # DI5: the Rydapt label's strong-inducer examples (S100; mitotane on the US list)
    ("carbamazepine", _SD, _RYD, ("DI5",), False),
    ("enzalutamide", _SD, _RYD, ("DI5",), False),
    ("mitotane", _SD, _RYD, ("DI5",), False),
    ("phenytoin", _SD, _RYD, ("DI5",), False),
    ("rifampin", _SD, _RYD, ("DI5",), False),  # "rifampicin"
    ("st john's wort", _SD, _RYD, ("DI5", "DI-C1"), False),
)


def _stricter(drug: str) -> str:
    """The reading in force by default (DI-C1): the strong listing wins over a moderate one."""
    found = {row[1] for row in CYP3A_EXPECTED if row[0] == drug}
    strong = [m for m in found if m.startswith("strong")]
    assert len(found) - len(strong) <= 1
    return strong[0] if strong else found.pop()


class TestCyp3aTable:
    """Every CYP3A listing of addendum 2.3 (S110), DI3 and DI5 (S100), and nothing else."""

    def test_listings_equal_the_reference(self) -> None:
        """CYP3A_LISTINGS holds exactly the reference's rows, each with its fact ids."""
        actual = [
            (
                x.drug,
                x.modulation.value,
                x.listed_in.value,
                tuple(sorted(x.facts)),
                x.footnote_not_visible,
            )
            for x in interactions.CYP3A_LISTINGS
        ]
        expected = [(d, m, s, tuple(sorted(f)), n) for d, m, s, f, n in CYP3A_EXPECTED]
        assert_same(
            actual,
            expected,
            "CYP3A listings",
            table="interactions.CYP3A_LISTINGS",
            source="addendum 2.3 (S110 current and 2018 lists), DI3/DI5 (S100 Rydapt label), DI-C1",
        )

    @pytest.mark.parametrize("drug", sorted({row[0] for row in CYP3A_EXPECTED}))
    def test_lookup_reads_the_stricter_listing(self, drug: str) -> None:
        """cyp3a_of gives each listed drug its stricter reading, with every listing's source."""
        found = cyp3a_of(drug)
        assert found is not None, drug
        assert found.modulation.value == _stricter(drug)
        lists = {Cyp3aList(row[2]).source for row in CYP3A_EXPECTED if row[0] == drug}
        assert set(found.sources) == lists

    def test_by_drug_index_covers_every_listing(self) -> None:
        """The by-drug index (what the rules read) has every drug and every listing."""
        actual = [
            (drug, x.modulation.value, x.listed_in.value)
            for drug, listings in interactions.CYP3A.items()
            for x in listings
        ]
        assert_same(
            actual,
            [row[:3] for row in CYP3A_EXPECTED],
            "CYP3A index",
            table="interactions.CYP3A (built from CYP3A_LISTINGS)",
            source="addendum 2.3 (S110), DI3/DI5 (S100)",
        )

    @pytest.mark.parametrize(
        ("drug", "modulation"),
        [
            pytest.param("posaconazole", Modulation.STRONG_INHIBITOR, id="2.3-posaconazole"),
            pytest.param("diltiazem", Modulation.STRONG_INHIBITOR, id="DI-C1-diltiazem"),
            pytest.param("st john's wort", Modulation.STRONG_INDUCER, id="DI-C1-sjw"),
            pytest.param("dexamethasone", Modulation.MODERATE_INDUCER, id="2.3-dexamethasone"),
        ],
    )
    def test_named_examples(self, drug: str, modulation: Modulation) -> None:
        """The issue's and the addendum's named examples, stated once more in words."""
        found = cyp3a_of(drug)
        assert found is not None
        assert found.modulation is modulation

    def test_midostaurin_first_week(self) -> None:
        """DI2: the rise is most marked when the inhibitor starts in the first week (7 days)."""
        assert timedelta(days=7) == interactions.MIDOSTAURIN_FIRST_WEEK

    def test_avapritinib_with_a_moderate_inhibitor(self) -> None:
        """DI9: AdvSM starting dose 50 mg once daily when a moderate inhibitor is unavoidable."""
        advice = interactions.AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR
        assert (advice.drug, dose_of(advice.dose), advice.frequency) == (
            "avapritinib",
            50.0,
            Frequency.DAILY,
        )


# -- maxima (addendum 3.1 LW1, 5 PD1-PD10, 6 MX1-MX17) ----------------------------------------

_ORAL = frozenset({Route.ORAL})
_PARENTERAL = frozenset({Route.IV, Route.IM, Route.SC})

#: (drug, fact, max mg/24 h, min age incl., below age excl., routes, paediatric, escalation,
#: higher reading (mg, fact, by indication) or None).
MAXIMA_EXPECTED: tuple[
    tuple[
        str,
        str,
        float,
        float | None,
        float | None,
        frozenset[Route] | None,
        bool,
        bool,
        tuple[float, str, bool] | None,
    ],
    ...,
] = (
    # PD1 (S122): 2 to < 6 y max 5 mg; >= 6 y and adults max 10 mg; >= 65 y max 5 mg (MX1)
    ("cetirizine", "PD1", 5, 2, 6, None, True, False, None),
    ("cetirizine", "MX1", 10, 6, 65, None, True, True, None),
    ("cetirizine", "MX1", 5, 65, None, None, False, True, None),
    # PD3 (US): 2-5 y 1.25 mg (liquid 2.5 mL of 0.5 mg/mL; Rx 6 mo-5 y 1.25 mg); 6-11 y 2.5 mg;
    # 12 y and over 5 mg (MX2). PD4/PD-C1 (EU): 2.5 mg/day at 2-5 y, 5 mg at 6-11 y.
    ("levocetirizine", "PD3", 1.25, 2, 6, None, True, False, (2.5, "PD-C1", False)),
    ("levocetirizine", "PD3", 2.5, 6, 12, None, True, False, (5, "PD-C1", False)),
    ("levocetirizine", "MX2", 5, 12, None, None, True, True, None),
    # PD6 (US): 2 to < 6 y max 5 mg; >= 6 y max 10 mg (MX3)
    ("loratadine", "PD6", 5, 2, 6, None, True, False, None),
    ("loratadine", "MX3", 10, 6, None, None, True, True, None),
    # MX4: 5 mg/day, once daily only (PD8: 5 mg from 12 y)
    ("desloratadine", "MX4", 5, 12, None, None, False, True, None),
    # MX5 CONFLICT: 180 mg/day vs Canada 480 mg/day (S131)
    ("fexofenadine", "MX5", 180, 12, None, None, False, False, (480, "MX5", False)),
    # PD9 oral OTC: 6 to < 12 y 12.5-25 mg x 6 doses = 150; >= 12 y 25-50 mg x 6 = 300 (MX6)
    ("diphenhydramine", "PD9", 150, 6, 12, _ORAL, True, False, None),
    ("diphenhydramine", "PD9", 300, 12, None, _ORAL, True, False, None),
    # PD10 parenteral children max 300 mg/day; MX6 parenteral adults 400 mg/day
    ("diphenhydramine", "PD10", 300, None, 18, _PARENTERAL, True, False, None),
    ("diphenhydramine", "MX6", 400, 18, None, _PARENTERAL, False, False, None),
    # MX7 CONFLICT: EU/UK 100 mg/day vs US anxiety 400 mg/day
    ("hydroxyzine", "MX7", 100, None, None, None, False, False, (400, "MX7", False)),
    # MX8: up to 32 mg/day
    ("cyproheptadine", "MX8", 32, None, None, None, False, False, None),
    # MX10: erosive oesophagitis 80 mg/day; hypersecretory states 640 mg/day
    ("famotidine", "MX10", 80, None, None, None, False, False, (640, "MX10", True)),
    # MX11: GERD 1600 mg/day; hypersecretory states 2400 mg/day
    ("cimetidine", "MX11", 1600, None, None, None, False, False, (2400, "MX11", True)),
    # MX12: 300 mg/day
    ("nizatidine", "MX12", 300, None, None, None, False, False, None),
    # MX14: 10 mg once daily (PD15: 10 mg from 15 y)
    ("montelukast", "MX14", 10, 15, None, None, False, False, None),
    # MX15 CONFLICT: 20 mg twice daily (US, >= 12 y) vs up to 40 mg twice daily (AU)
    ("zafirlukast", "MX15", 40, 12, None, None, False, False, (80, "MX15", False)),
    # MX16 / A11: 2400 mg/day, not for < 12 y
    ("zileuton", "MX16", 2400, 12, None, None, False, False, None),
)


class TestMaxima:
    """Every 24-hour maximum of addendum sections 3.1, 5 and 6, and nothing else."""

    def test_daily_maxima_equal_the_reference(self) -> None:
        """DAILY_MAXIMA holds exactly the reference's rows."""
        actual = [
            (
                r.drug,
                r.fact,
                r.max_mg,
                r.min_age,
                r.below_age,
                r.routes,
                r.paediatric,
                r.escalation,
                None
                if r.higher is None
                else (r.higher.max_mg, r.higher.fact, r.higher.by_indication),
            )
            for rows in maxima.DAILY_MAXIMA.values()
            for r in rows
        ]
        expected = [
            (d, f, float(m), lo, hi, ro, p, e, None if h is None else (float(h[0]), h[1], h[2]))
            for d, f, m, lo, hi, ro, p, e, h in MAXIMA_EXPECTED
        ]
        assert_same(
            actual,
            expected,
            "daily maxima",
            table="maxima.DAILY_MAXIMA",
            source="addendum 3.1, 5 and 6 (the MX/PD/LW fact id in each row and the label it cites)",
        )

    def test_conflict_ids(self) -> None:
        """The CONFLICTs a clinician may accept: MX5, MX7, MX15, PD-C1 (not MX10/MX11)."""
        assert frozenset({"MX5", "MX7", "MX15", "PD-C1"}) == maxima.CONFLICT_IDS

    def test_per_kg_maxima(self) -> None:
        """MX17 oral cromolyn 40 mg/kg/day (S12); MX8/A15 cyproheptadine 0.5 mg/kg/day (S13)."""
        actual = [(k, v.mg_per_kg, v.fact, v.routes) for k, v in maxima.PER_KG_MAXIMA.items()]
        expected = [("cromolyn", 40.0, "MX17", _ORAL), ("cyproheptadine", 0.5, "MX8", None)]
        assert_same(
            actual,
            expected,
            "per-kg maxima",
            table="maxima.PER_KG_MAXIMA",
            source="MX17 (S12), MX8/A15 (S13)",
        )
        assert analgesia.CYPROHEPTADINE_MAX_MG_PER_KG_DAY == 0.5

    def test_avapritinib_maxima(self) -> None:
        """LW1: AdvSM 200 mg, ISM 25 mg once daily, "must not exceed" (GIST 300 not an SM use)."""
        actual = [(k.value, v.max_mg, v.fact) for k, v in maxima.AVAPRITINIB_MAXIMA.items()]
        assert_same(
            actual,
            [("advsm", 200.0, "LW1"), ("ism", 25.0, "LW1")],
            "avapritinib",
            table="maxima.AVAPRITINIB_MAXIMA",
            source="LW1 (avapritinib label)",
        )

    def test_adult_age(self) -> None:
        """The one adult boundary (a convention, populations): 18 years."""
        assert maxima.ADULT_AGE_YEARS == emergency.ADULT_AGE_YEARS == 18.0


# -- paediatric bands (addendum 5.1-5.2, A15) ---------------------------------------------------

_US, _EU = "us", "uk_eu"
_D, _B = Frequency.DAILY, Frequency.BID

#: (drug, jurisdiction, from y, below y, above kg, up to kg, dose, frequency, max mg/24 h,
#: fact ids).
BANDS_EXPECTED: tuple[
    tuple[
        str,
        str | None,
        float,
        float | None,
        float | None,
        float | None,
        float | tuple[float, float] | None,
        Frequency | None,
        float | None,
        tuple[str, ...],
    ],
    ...,
] = (
    # PD1 (US OTC): < 2 y ask a doctor; 2 to < 6 y 2.5 mg (max 5); >= 6 y 5-10 mg (max 10);
    # >= 65 y 5 mg (max 5). PD2 (S131): 6 months-2 y 2.5 mg once daily; under 6 months none.
    ("cetirizine", None, 0, 0.5, None, None, None, None, None, ("PD1", "PD2")),
    ("cetirizine", None, 0.5, 2, None, None, 2.5, _D, None, ("PD2",)),
    ("cetirizine", None, 2, 6, None, None, 2.5, _D, 5, ("PD1",)),
    ("cetirizine", None, 6, 18, None, None, (5, 10), _D, 10, ("PD1",)),
    ("cetirizine", None, 18, 65, None, None, 10, _D, 10, ("PD1", "MX1")),
    ("cetirizine", None, 65, None, None, None, 5, _D, 5, ("PD1", "MX1")),
    # PD3 (US): Rx 6 months-5 y 1.25 mg; 6-11 y 2.5 mg (max 2.5); 12 y and over 5 mg (max 5)
    ("levocetirizine", _US, 0, 0.5, None, None, None, None, None, ("PD3",)),
    ("levocetirizine", _US, 0.5, 6, None, None, 1.25, _D, None, ("PD3", "PD-C1")),
    ("levocetirizine", _US, 6, 12, None, None, 2.5, _D, 2.5, ("PD3", "PD-C1")),
    ("levocetirizine", _US, 12, None, None, None, 5, _D, 5, ("PD3",)),
    # PD4 (EU/UK): doses from 2 y; 2-6 y 1.25 mg twice daily; 6 y and over 5 mg daily
    ("levocetirizine", _EU, 0, 2, None, None, None, None, None, ("PD4",)),
    ("levocetirizine", _EU, 2, 6, None, None, 1.25, _B, 2.5, ("PD4", "PD-C1")),
    ("levocetirizine", _EU, 6, None, None, None, 5, _D, 5, ("PD4", "PD-C1")),
    # PD6 (US): < 2 y ask a doctor; 2 to < 6 y 5 mg (max 5); >= 6 y 10 mg (max 10)
    ("loratadine", _US, 0, 2, None, None, None, None, None, ("PD6",)),
    ("loratadine", _US, 2, 6, None, None, 5, _D, 5, ("PD6", "PD7")),
    ("loratadine", _US, 6, None, None, None, 10, _D, 10, ("PD6", "PD7")),
    # PD7 (UK/Canada): by weight under 12 y: <= 30 kg 5 mg, > 30 kg 10 mg; 12 y and over 10 mg
    ("loratadine", _EU, 0, 2, None, None, None, None, None, ("PD7",)),
    ("loratadine", _EU, 2, 12, None, 30, 5, _D, None, ("PD7",)),
    ("loratadine", _EU, 2, 12, 30, None, 10, _D, None, ("PD7",)),
    ("loratadine", _EU, 12, None, None, None, 10, _D, None, ("PD7",)),
    # PD8: < 6 months not recommended; 6-11 months 1 mg; 1-5 y 1.25 mg; 6-11 y 2.5 mg;
    # >= 12 y 5 mg (MX4), all once daily
    ("desloratadine", None, 0, 0.5, None, None, None, None, None, ("PD8",)),
    ("desloratadine", None, 0.5, 1, None, None, 1, _D, None, ("PD8",)),
    ("desloratadine", None, 1, 6, None, None, 1.25, _D, None, ("PD8",)),
    ("desloratadine", None, 6, 12, None, None, 2.5, _D, None, ("PD8",)),
    ("desloratadine", None, 12, None, None, None, 5, _D, 5, ("PD8", "MX4")),
    # PD5: under 2 y NOT VERIFIED; 2-11 y 30 mg twice daily; >= 12 y 180 mg daily (MX5)
    ("fexofenadine", None, 0, 2, None, None, None, None, None, ("PD5",)),
    ("fexofenadine", None, 2, 12, None, None, 30, _B, None, ("PD5",)),
    ("fexofenadine", None, 12, None, None, None, 180, _D, 180, ("PD5", "MX5")),
    # PD9: < 6 y ask a doctor; 6 to < 12 y 12.5-25 mg (6 doses: 150); >= 12 y 25-50 mg (300)
    ("diphenhydramine", None, 0, 6, None, None, None, None, None, ("PD9",)),
    ("diphenhydramine", None, 6, 12, None, None, (12.5, 25), None, 150, ("PD9",)),
    ("diphenhydramine", None, 12, None, None, None, (25, 50), None, 300, ("PD9", "MX6")),
    # PD15: under 2 y granules only for asthma / perennial AR; 2-5 y 4 mg; 6-14 y 5 mg;
    # >= 15 y 10 mg (MX14, A10); PD-C2: the protocol's child dose is not used
    ("montelukast", None, 0, 2, None, None, None, None, None, ("PD15",)),
    ("montelukast", None, 2, 6, None, None, 4, _D, None, ("PD15", "PD-C2")),
    ("montelukast", None, 6, 15, None, None, 5, _D, None, ("PD15", "PD-C2")),
    ("montelukast", None, 15, None, None, None, 10, _D, 10, ("PD15", "MX14", "A10")),
    # PD17: < 5 y not established; 5-11 y 10 mg twice daily; >= 12 y 20 mg twice daily
    ("zafirlukast", None, 0, 5, None, None, None, None, None, ("PD17",)),
    ("zafirlukast", None, 5, 12, None, None, 10, _B, None, ("PD17",)),
    ("zafirlukast", None, 12, None, None, None, 20, _B, 40, ("PD17", "MX15", "A10")),
)


class TestPaediatricBands:
    """Every age/weight band of addendum section 5, and nothing else."""

    def test_bands_equal_the_reference(self) -> None:
        """BANDS holds exactly the reference's bands, each with its fact ids."""
        actual = [
            (
                b.drug,
                None if b.jurisdiction is None else b.jurisdiction.value,
                b.from_years,
                b.below_years,
                b.above_kg,
                b.up_to_kg,
                dose_of(b.dose),
                b.frequency,
                b.max_mg_per_day,
                tuple(sorted(b.facts)),
            )
            for bands in paediatric.BANDS.values()
            for b in bands
        ]
        expected = [
            (
                d,
                j,
                float(lo),
                None if hi is None else float(hi),
                ak,
                uk,
                _mg(dose),
                f,
                None if mx is None else float(mx),
                tuple(sorted(facts)),
            )
            for d, j, lo, hi, ak, uk, dose, f, mx, facts in BANDS_EXPECTED
        ]
        assert_same(
            actual,
            expected,
            "paediatric bands",
            table="paediatric.BANDS",
            source="the PD/A fact ids in each row (addendum 5, section 10) and the labels they cite",
        )

    def test_cyproheptadine_bands(self) -> None:
        """A15 (S13): 2-6 y 2 mg two or three times daily (max 12), 7-14 y 4 mg (max 16),
        adults start 4 mg three times daily (max 32); read as 2 to < 7, 7 to < 15, 15 on."""
        actual = [
            (b.from_years, b.below_years, dose_of(b.dose), b.frequency, b.max_mg_per_day)
            for b in analgesia.CYPROHEPTADINE_BANDS
        ]
        expected = [
            (15.0, None, 4.0, Frequency.TID, 32.0),
            (7.0, 15.0, 4.0, None, 16.0),
            (2.0, 7.0, 2.0, None, 12.0),
        ]
        assert_same(
            actual,
            expected,
            "cyproheptadine bands",
            table="analgesia.CYPROHEPTADINE_BANDS",
            source="A15 (S13)",
        )

    def test_jurisdictions(self) -> None:
        """PD-C1 / PD7: the US and the UK/EU readings, and no other."""
        assert {j.value for j in Jurisdiction} == {"us", "uk_eu"}


# -- epinephrine (E1, E4, E5, PD20, PD21, EI5) -----------------------------------------------


class TestEpinephrine:
    """The auto-injector bands and the adult doses of sections 2.5 and 5.3."""

    def test_label_bands(self) -> None:
        """E1/PD20 (S16, S135): >= 30 kg 0.3 mg; 15-30 kg 0.15 mg; 7.5-15 kg 0.1 mg (AUVI-Q)."""
        actual = [(b.min_kg, b.below_kg, b.dose_mg) for b in emergency.EPINEPHRINE_BANDS]
        assert_same(
            actual,
            [(30.0, None, 0.3), (15.0, 30.0, 0.15), (7.5, 15.0, 0.1)],
            "label bands",
            table="emergency.EPINEPHRINE_BANDS",
            source="E1/PD20 (S16, S135)",
        )

    def test_aap_bands(self) -> None:
        """E5/PD21 (S136): the 0.3 mg device from 25 kg; 0.15 mg below; 0.1 mg at 7.5-15 kg."""
        bands = emergency.EPINEPHRINE_BANDS_BY_SWITCH[emergency.EpinephrineSwitch.AAP]
        actual = [(b.min_kg, b.below_kg, b.dose_mg) for b in bands]
        assert_same(
            actual,
            [(25.0, None, 0.3), (15.0, 25.0, 0.15), (7.5, 15.0, 0.1)],
            "AAP bands",
            table="emergency.EPINEPHRINE_BANDS_BY_SWITCH[AAP]",
            source="E5/PD21 (S136)",
        )

    def test_switch_points(self) -> None:
        """E5: label 30 kg, AAP 25 kg."""
        kg = {s.value: s.kg for s in emergency.EpinephrineSwitch}
        assert kg == {"label": 30.0, "aap": 25.0}

    def test_small_child_device(self) -> None:
        """PD21: international guidelines use 0.15 mg for 7.5-25 kg (S136)."""
        device = emergency.SMALL_CHILD_DEVICE
        assert (device.dose_mg, device.min_kg, device.below_kg) == (0.15, 7.5, 25.0)

    def test_brand_strengths(self) -> None:
        """PD20 (S135): EpiPen 0.3 mg, EpiPen Jr 0.15 mg; no other brand read from its name."""
        assert dict(emergency.BRAND_STRENGTH_MG) == {"epipen": 0.3, "epipen jr": 0.15}

    def test_adult_im_range(self) -> None:
        """E4 (S29): adult IM 0.3-0.5 mg."""
        assert emergency.ADULT_IM_RANGE_MG == (0.3, 0.5)

    def test_glucagon(self) -> None:
        """EI5 (S141): adults 1-5 mg IV over 5 minutes; infusion 5-15 ug/min; no child dose."""
        g = interactions.GLUCAGON_ADULT
        assert (
            g.low_mg,
            g.high_mg,
            g.over_minutes,
            g.infusion_low_ug_min,
            g.infusion_high_ug_min,
            g.population,
        ) == (1, 5, 5, 5, 15, "adults")


# -- label thresholds: midostaurin, avapritinib, imatinib, cladribine, hydroxyurea ----------------


class TestMidostaurinLabel:
    """Fact sheet 2.2.1 (S1, S2): the dose-modification table."""

    def test_count_rows(self) -> None:
        """ANC < 1.0 / baseline 0.5-1.5 < 0.5 / restart >= 1.0; platelets 50 / 25-75 < 25 / 50;
        Hb 8 / 8-10 life-threatening / 8 g/dL; each stops after more than 21 days."""
        actual = [
            (
                r.analyte,
                r.held_reason,
                r.interrupt_below,
                r.baseline_low,
                r.baseline_high,
                r.baseline_interrupt_below,
                r.restart_at_or_above,
                r.persistence_limit,
            )
            for r in cytopenia.MIDOSTAURIN_COUNT_ROWS
        ]
        days21 = timedelta(days=21)
        expected = [
            (Analyte.ANC, HeldReason.NEUTROPENIA, 1.0, 0.5, 1.5, 0.5, 1.0, days21),
            (Analyte.PLATELETS, HeldReason.THROMBOCYTOPENIA, 50.0, 25.0, 75.0, 25.0, 50.0, days21),
            (Analyte.HEMOGLOBIN, HeldReason.ANEMIA, 8.0, 8.0, 10.0, None, 8.0, days21),
        ]
        assert_same(
            actual,
            expected,
            "midostaurin count rows",
            table="cytopenia.MIDOSTAURIN_COUNT_ROWS",
            source="fact sheet 2.2.1 (S1, S2)",
        )

    def test_doses(self) -> None:
        """Start 100 mg twice daily (S1-S4); restart 50 mg twice daily after a hold (S1)."""
        full, reduced = cytopenia.MIDOSTAURIN_FULL, cytopenia.MIDOSTAURIN_REDUCED
        assert (full.mg, full.frequency, reduced.mg, reduced.frequency) == (
            100,
            Frequency.BID,
            50,
            Frequency.BID,
        )

    def test_toxicity_rows(self) -> None:
        """Grade 3/4 nausea/vomiting: hold 3 days (6 doses); other grade 3/4: hold until <= 2,
        stop if not back within 21 days (S1)."""
        nv, other = cytopenia.MIDOSTAURIN_NAUSEA_VOMITING, cytopenia.MIDOSTAURIN_OTHER_TOXICITY
        assert (nv.min_grade, nv.max_grade, nv.interrupt_for, nv.resume_at_grade) == (
            3,
            4,
            timedelta(days=3),
            None,
        )
        assert nv.terms == frozenset({"nausea", "vomiting", "nausea and vomiting"})
        assert (other.min_grade, other.max_grade, other.resume_at_grade) == (3, 4, 2)
        assert other.persistence_limit == timedelta(days=21)
        assert other.terms is None


class TestAvapritinibLabel:
    """Fact sheet 2.2.2 (S5-S9): platelets, ladders, monitoring."""

    def test_platelet_threshold(self) -> None:
        """Do not start, and interrupt, below 50 x10^9/L; resume at 50 or more."""
        assert cytopenia.AVAPRITINIB_PLATELETS.threshold == 50.0

    def test_ladders(self) -> None:
        """AdvSM 200 -> 100 -> 50 -> 25 mg daily (S8); ISM 25 mg daily -> every other day (S7)."""
        advsm = [(s.mg, s.frequency) for s in cytopenia.AVAPRITINIB_ADVSM_LADDER]
        ism = [(s.mg, s.frequency) for s in cytopenia.AVAPRITINIB_ISM_LADDER]
        assert advsm == [(200, _D), (100, _D), (50, _D), (25, _D)]
        assert ism == [(25, _D), (25, Frequency.QOD)]

    def test_monitoring(self) -> None:
        """Every 2 weeks for the first 8 weeks (S5, S6); after week 8 not encoded."""
        schedule = cytopenia.AVAPRITINIB_MONITORING
        assert (schedule.interval, schedule.window) == (timedelta(days=14), timedelta(days=56))


class TestOtherCytoreductiveLabels:
    """Addendum section 4: imatinib's rule (CR9) and the non-SM figures (CR1, CR5, CR7)."""

    def test_imatinib_counts(self) -> None:
        """CR9: ANC < 1.0 and/or platelets < 50 -> hold until ANC >= 1.5 and platelets >= 75."""
        r = cytoreduction.IMATINIB_COUNTS
        assert (r.anc_below, r.platelets_below, r.anc_restart, r.platelets_restart) == (
            1.0,
            50.0,
            1.5,
            75.0,
        )

    def test_label_figures(self) -> None:
        """The figures shown as information, by fact id, with the numbers the sources give."""
        actual = [
            (drug, f.fact, f.indication, tuple(numbers_in(f.text)))
            for drug, figures in cytoreduction.LABEL_FIGURES.items()
            for f in figures
            if f.fact in ("CR5", "CR7")
        ]
        expected = [
            # CR5 Hydrea: WBC < 2,500/mm3 and/or platelets < 100,000/mm3
            ("hydroxyurea", "CR5", "older Hydrea (BMS) information", (2.5, 100)),
            # CR5 Droxia: neutrophils < 2,000, platelets < 80,000, Hb < 4.5, reticulocytes
            # < 80,000 with Hb < 9
            (
                "hydroxyurea",
                "CR5",
                "Droxia (sickle cell)",
                (2.0, 80, 4.5, 80, 9),
            ),
            # CR7 peg-IFN alfa-2a: ANC < 0.75 -> 135 ug; < 0.5 stop; platelets < 50 -> 90 ug;
            # < 25 stop
            (
                "interferon alfa",
                "CR7",
                "peginterferon alfa-2a (hepatitis C)",
                (0.75, 135, 0.5, 50, 90, 25),
            ),
            # CR7 peg-IFN alfa-2b: WBC < 1.5, ANC < 0.75, platelets < 50 -> 1 then 0.5 ug/kg;
            # WBC < 1.0, ANC < 0.5, platelets < 25 -> stop; older table 80 / 50, 0.5 / 1.0
            (
                "interferon alfa",
                "CR7",
                "peginterferon alfa-2b (hepatitis C)",
                (1.5, 0.75, 50, 1, 0.5, 1.0, 0.5, 25, 80, 50, 0.5, 1.0),
            ),
        ]
        assert_same(
            actual,
            [(d, f, i, tuple(map(float, n))) for d, f, i, n in expected],
            "CR",
            table="cytoreduction.LABEL_FIGURES (CR5, CR7)",
            source="CR5, CR7 in the addendum and the labels they cite",
        )
        assert [f.fact for f in cytoreduction.LABEL_FIGURES["cladribine"]] == ["CR1", "CR3"]

    def test_hold_review(self) -> None:
        """No SM threshold (CR1, CR5-CR7): the drugs reviewed by CTCAE grade, from grade 3."""
        assert set(cytoreduction.HOLD_REVIEW_DRUGS) == {
            "cladribine",
            "hydroxyurea",
            "interferon alfa",
        }
        assert cytoreduction.HOLD_REVIEW_GRADE == 3


class TestGradesAndClassification:
    """CTCAE v5.0 (fact sheet 4.2), WHO thresholds (2.2.4, 2.6.2) and the tryptase rules (2.6)."""

    def test_ctcae_scales(self) -> None:
        """ANC 1.5/1.0/0.5; platelets 75/50/25; Hb 10/8 (grade 4 clinical); WBC 3/2/1 (S70)."""
        actual = [
            (a, s.grade_2_below, s.grade_3_below, s.grade_4_below, s.version)
            for a, s in ctcae.SCALES.items()
        ]
        expected = [
            (Analyte.ANC, 1.5, 1.0, 0.5, "5.0"),
            (Analyte.PLATELETS, 75.0, 50.0, 25.0, "5.0"),
            (Analyte.HEMOGLOBIN, 10.0, 8.0, None, "5.0"),
            (Analyte.WBC, 3.0, 2.0, 1.0, "5.0"),
        ]
        assert_same(
            actual, expected, "CTCAE scales", table="ctcae.SCALES", source="CTCAE v5.0 (S70)"
        )
        assert ctcae.PLATELET_TRANSCRIPTION_CONFLICT.other_grade_4_below == 10.0

    def test_who_thresholds(self) -> None:
        """C-finding level ANC < 1, Hb < 10, platelets < 100 (BC5); minor criterion > 20."""
        actual = [
            (t.analyte, t.value, t.comparison)
            for t in (*who.C_FINDING_CYTOPENIA, who.SM_MINOR_TRYPTASE)
        ]
        expected = [
            (Analyte.ANC, 1.0, Comparison.LT),
            (Analyte.HEMOGLOBIN, 10.0, Comparison.LT),
            (Analyte.PLATELETS, 100.0, Comparison.LT),
            (Analyte.TRYPTASE, 20.0, Comparison.GT),
        ]
        assert_same(
            actual,
            expected,
            "WHO thresholds",
            table="who.C_FINDING_CYTOPENIA, who.SM_MINOR_TRYPTASE",
            source="BC5 (S200, S207, S11, S27) and the SM minor criterion (S11)",
        )
        # FX1: no lone "B-finding" tryptase threshold any more; B1 is composite (below)
        assert not hasattr(who, "WHO_B_FINDING_TRYPTASE")

    def test_b1_burden(self) -> None:
        """BC1 (S200): WHO 2022 B1 is infiltration >= 30 % or BST >= 200 ng/mL HaT-adjusted or
        KIT D816V VAF >= 10 %, any one; ICC 2022 needs > 30 % and > 200 ng/mL together."""

        def cut(c: Cutoff | None) -> tuple[float, Comparison] | None:
            return None if c is None else (c.threshold, c.comparison)

        actual = [
            (
                scheme,
                cut(b.infiltration),
                cut(b.tryptase),
                cut(b.vaf),
                b.all_needed,
                b.tryptase_hat_adjusted,
            )
            for scheme, b in ((s, f.burden) for s, f in findings.FINDINGS.items())
        ]
        expected = [
            (
                Scheme.WHO_2022,
                (30.0, Comparison.GE),
                (200.0, Comparison.GE),
                (10.0, Comparison.GE),
                False,
                True,
            ),
            (Scheme.ICC_2022, (30.0, Comparison.GT), (200.0, Comparison.GT), None, True, False),
        ]
        assert_same(
            actual,
            expected,
            "B1 high mast cell burden",
            table="findings.FINDINGS[scheme].burden",
            source="BC1 (S200), FX1",
        )

    def test_tryptase(self) -> None:
        """20 % + 2 (S20-S25); samples 15 min-4 h, ideal 30 min-2 h; baseline > 24 h after
        resolution (S24); HaT testing from 8, not below 6 (S26)."""
        assert (tryptase.ACUTE_RULE.factor, tryptase.ACUTE_RULE.addend_ng_ml) == (1.2, 2.0)
        w = tryptase.ACUTE_SAMPLE_WINDOW
        assert (w.reliable_from, w.ideal_from, w.ideal_until, w.reliable_until) == (
            timedelta(minutes=15),
            timedelta(minutes=30),
            timedelta(hours=2),
            timedelta(hours=4),
        )
        assert timedelta(hours=24) == tryptase.BASELINE_AFTER_RESOLUTION
        assert (tryptase.HAT_TESTING_THRESHOLD, tryptase.HAT_TESTING_NOT_ADVISED_BELOW) == (8, 6)

    def test_tpsab1_tables(self) -> None:
        """S26 Table 1: the HaT-adjusted criterion threshold 20 x (1 + copies) for 0/1/2/3/4/6/10
        extra copies (20/40/60/80/100/140/220 ng/mL; not an upper limit of normal, FX5); the
        genotype upper limits of normal 11.4/36.2/62.2/88.8/115.9/171.2/285.1 ng/mL (MC11, S26,
        S216); ECNM/AIM 15 ng/mL (MC13); medians 4.1/13.6/22.5 for 0/1/2."""
        assert dict(tryptase.TPSAB1_UPPER_LIMITS) == {
            0: 20.0,
            1: 40.0,
            2: 60.0,
            3: 80.0,
            4: 100.0,
            6: 140.0,
            10: 220.0,
        }
        assert dict(tryptase.TPSAB1_REFERENCE_LIMITS) == {
            0: 11.4,
            1: 36.2,
            2: 62.2,
            3: 88.8,
            4: 115.9,
            6: 171.2,
            10: 285.1,
        }
        assert tryptase.ECNM_AIM_UPPER_LIMIT == 15.0
        assert dict(tryptase.BST_MEDIAN_BY_EXTRA_COPIES) == {0: 4.1, 1: 13.6, 2: 22.5}


# -- anti-mediator figures (2.1 A4-A11, A13, A16; 2.6.3; MX1-MX5; section 10 item 6) -----------


class TestAntimediatorFigures:
    """The doses, bounds and laboratory limits the anti-mediator rules read."""

    def test_mediator_limits(self) -> None:
        """2.6.3 (S50, S51): LTE4 <= 104 pg/mg Cr; 2,3-dinor-11b-PGF2a < 1802 pg/mg Cr; NMH
        0-5 y 510, 6-16 y 330, > 16 y 200 ug/g Cr (upper limits of the reference ranges)."""
        actual = [
            (m.analyte, m.upper, m.comparison, m.min_age, m.below_age)
            for m in antimediator.MEDIATOR_LIMITS
        ]
        expected = [
            (Analyte.URINE_LTE4, 104.0, Comparison.GT, None, None),
            (Analyte.URINE_PGF2A, 1802.0, Comparison.GE, None, None),
            (Analyte.URINE_NMH, 510.0, Comparison.GT, 0, 6),
            (Analyte.URINE_NMH, 330.0, Comparison.GT, 6, 17),
            (Analyte.URINE_NMH, 200.0, Comparison.GT, 17, None),
        ]
        assert_same(
            actual,
            expected,
            "mediator limits",
            table="antimediator.MEDIATOR_LIMITS",
            source="2.6.3 (S50, S51)",
        )

    def test_next_allowed_orders(self) -> None:
        """The drugs proposed in turn, the first the reactions allow: H1 cetirizine and
        fexofenadine (A2, S29), then levocetirizine, loratadine, desloratadine (A1, S30); H2
        famotidine (A3, S29) then nizatidine (S30), never ranitidine (MX13) or cimetidine (a
        moderate CYP3A inhibitor, MX11); montelukast (A10), zileuton (A11), zafirlukast (A10)."""
        assert antimediator.H1_START_ORDER == (
            "cetirizine",
            "fexofenadine",
            "levocetirizine",
            "loratadine",
            "desloratadine",
        )
        assert antimediator.H2_ORDER == ("famotidine", "nizatidine")
        assert antimediator.LEUKOTRIENE_ORDER == ("montelukast", "zileuton", "zafirlukast")

    def test_h1_escalation_bounds(self) -> None:
        """Section 10 item 6 (S131): up to 4x for cetirizine, levocetirizine, loratadine,
        desloratadine (MX1-MX4); fexofenadine MX5 CONFLICT: label 1x, review 2x (S29),
        Canada 480/180, seeds 4x."""
        actual = [(d, b.max_multiple) for d, b in antimediator.H1_ESCALATION.items()]
        assert_same(
            actual,
            [
                ("cetirizine", 4.0),
                ("levocetirizine", 4.0),
                ("loratadine", 4.0),
                ("desloratadine", 4.0),
            ],
            "H1 escalation",
            table="antimediator.H1_ESCALATION",
            source="section 10 item 6 (S131), MX1-MX4",
        )
        fex = [(k.value, b.max_multiple) for k, b in antimediator.FEXOFENADINE_BOUNDS.items()]
        assert_same(
            fex,
            [("label", 1.0), ("review", 2.0), ("canada", 480.0 / 180.0), ("seed", 4.0)],
            "fexofenadine bounds",
            table="antimediator.FEXOFENADINE_BOUNDS",
            source="MX5 CONFLICT (S131, S29)",
        )

    def test_doses(self) -> None:
        """A4/A5 cromolyn 200 mg QID from 13 y, 100 mg QID at 2-12 y (S12); A10 montelukast
        10 mg daily; A11 zileuton 600 mg QID from 12 y, not with ALT/AST >= 3x ULN (S14); A13
        aspirin 81-500 mg twice daily (S32); A16 omalizumab 150-300 mg SC every 2-4 weeks."""
        c = antimediator.CROMOLYN
        assert (dose_of(c.adult.dose), c.adult.frequency, c.adult.min_age) == (
            200.0,
            Frequency.QID,
            13.0,
        )
        assert (dose_of(c.child.dose), c.child.frequency, c.child.min_age, c.child.below_age) == (
            100.0,
            Frequency.QID,
            2.0,
            13.0,
        )
        assert (dose_of(antimediator.MONTELUKAST.dose), antimediator.MONTELUKAST.frequency) == (
            10.0,
            Frequency.DAILY,
        )
        z = antimediator.ZILEUTON
        assert (dose_of(z.dose.dose), z.dose.frequency, z.dose.min_age, z.alt_ast_limit_x_uln) == (
            600.0,
            Frequency.QID,
            12.0,
            3.0,
        )
        assert (dose_of(antimediator.ASPIRIN.dose), antimediator.ASPIRIN.frequency) == (
            (81.0, 500.0),
            Frequency.BID,
        )
        assert dose_of(antimediator.OMALIZUMAB.dose) == (150.0, 300.0)
        famotidine = [
            (k.value, dose_of(f.dose), f.frequency) for k, f in antimediator.FAMOTIDINE.items()
        ]
        # A3 CONFLICT: 10 mg twice daily (S29) vs 20-40 mg twice daily (seed; label trials S15)
        assert_same(
            famotidine,
            [("review", 10.0, Frequency.BID), ("label_trials", (20.0, 40.0), Frequency.BID)],
            "famotidine",
            table="antimediator.FAMOTIDINE",
            source="A3 (S29 10 mg twice daily; the US label trials 20-40 mg twice daily)",
        )


# -- label checks of issue 16 (SR1-SR11; knowledge.special_populations, antiplatelet) --------

_NEWBORN = 28  # a label's "newborn": under 28 days (a library reading), compared in days

#: (drug, below years or (newborn) days, indicator, fact, sources): SR8 codeine under 12 (FDA 2017, S245); SR7
#: cyproheptadine contraindicated in newborns, no safety or dose under 2 (S13, S244); SR9
#: diphenhydramine not under 2 (OTC labels, S246), parenteral not for neonates (PD10, S126).
AGE_LIMITS_EXPECTED = (
    ("codeine", 12.0, Indicator.CRITICAL, "SR8", ("S245",)),
    ("cyproheptadine", _NEWBORN, Indicator.CRITICAL, "SR7", ("S13", "S244")),
    ("cyproheptadine", 2.0, Indicator.WARNING, "SR7", ("S13", "S244")),
    ("diphenhydramine", _NEWBORN, Indicator.CRITICAL, "SR9", ("S126", "S246")),
    ("diphenhydramine", 2.0, Indicator.WARNING, "SR9", ("S126", "S246")),
)


class TestLabelChecksOfIssue16:
    """The age, breastfeeding, pregnancy, metamizole and bleeding bounds of the issue-16 rules."""

    def test_age_limits(self) -> None:
        """AGE_LIMITS holds exactly SR7, SR8, SR9, the strictest band of a drug first."""
        actual = [
            (
                r.drug,
                r.below_years if r.below_days is None else r.below_days,
                r.indicator,
                r.fact,
                tuple(sorted(r.sources)),
            )
            for r in special_populations.AGE_LIMITS
        ]
        assert_same(
            actual,
            AGE_LIMITS_EXPECTED,
            "age limits",
            table="special_populations.AGE_LIMITS",
            source="SR7 (S13, S244), SR8 (S245), SR9 (S246, PD10 S126)",
        )
        for drug in ("cyproheptadine", "diphenhydramine"):
            bands = [r.below_years for r in special_populations.AGE_LIMITS if r.drug == drug]
            assert bands == sorted(bands), drug
        assert _NEWBORN == special_populations.NEWBORN_BELOW_DAYS
        # the years value only orders the bands and states the age: 28 days of 365.25
        assert special_populations.NEWBORN_BELOW_YEARS == 28 / 365.25

    def test_older_adults(self) -> None:
        """SR10 (S247, Beers 2023): first-generation antihistamines from 65 years."""
        row = special_populations.OLDER_ADULT
        assert (row.drug_class, row.from_years, row.fact, row.sources) == (
            DrugClass.H1_FIRST_GENERATION,
            65.0,
            "SR10",
            ("S247",),
        )

    def test_lactation(self) -> None:
        """SR7 cyproheptadine (S13, S244), SR8 codeine (S245), SR1 ketorolac (S241)."""
        actual = [
            (k, r.fact, tuple(sorted(r.sources))) for k, r in special_populations.LACTATION.items()
        ]
        expected = [
            ("cyproheptadine", "SR7", ("S13", "S244")),
            ("codeine", "SR8", ("S245",)),
            ("ketorolac", "SR1", ("S241",)),
        ]
        assert_same(
            actual,
            expected,
            "lactation",
            table="special_populations.LACTATION",
            source="SR7 (S13, S244), SR8 (S245), SR1 (S241)",
        )

    def test_nsaids_in_pregnancy(self) -> None:
        """SR11 (S248): avoid from 20 weeks, not recommended from 30; 81 mg aspirin excepted."""
        row = special_populations.NSAID_PREGNANCY
        assert (
            row.avoid_from_weeks,
            row.not_recommended_from_weeks,
            row.low_dose_aspirin_mg,
            row.fact,
            row.sources,
        ) == (20, 30, 81.0, "SR11", ("S248",))

    def test_metamizole(self) -> None:
        """SR5 (S243): infants under 3 months or 5 kg; ANC below 1.0 (CTCAE grade 3, the
        library's reading of 'impaired bone marrow function')."""
        m = special_populations.METAMIZOLE
        assert (m.anc_below, m.infant_below_years, m.infant_below_kg, m.sources) == (
            1.0,
            0.25,
            5.0,
            ("S243",),
        )

    def test_bleeding_bound(self) -> None:
        """SR3: NSAIDs or aspirin below 50 x10^9/L platelets (CTCAE grade 3, a convention)."""
        assert antiplatelet.BLEEDING.platelets_below == 50.0
        assert set(antiplatelet.BLEEDING.sources) == {"S240", "S53", "S70"}

    def test_option_defaults(self) -> None:
        """The options the rules read default to the bounds above; metamizole available."""
        opts = MedicationOptions()
        assert (opts.nsaid_platelets_below, opts.metamizole_anc_below) == (50.0, 1.0)
        assert PerioperativeOptions().metamizole_available is True


# -- the mast-cell safety catalogue (sections 2.3, 2.4, 2.7) ------------------------------------

_A, _C, _OK, _P = "avoid", "caution", "acceptable", "preferred"
_G = SafetyGroup

#: generic -> (group, level in force by default); the fact ids are in the comments.
SAFETY_EXPECTED: dict[str, tuple[SafetyGroup, str]] = {
    # P3, P6: histamine-releasing opioids (morphine: CONFLICT P5, default avoid)
    "morphine": (_G.OPIOID, _A),
    "codeine": (_G.OPIOID, _A),
    "meperidine": (_G.OPIOID, _A),
    # P1, P4: fentanyl, least histamine release; P3 acceptable; S39 oxycodone, piritramide
    "fentanyl": (_G.OPIOID, _P),
    "sufentanil": (_G.OPIOID, _OK),
    "alfentanil": (_G.OPIOID, _OK),
    "remifentanil": (_G.OPIOID, _OK),
    "hydromorphone": (_G.OPIOID, _OK),
    "buprenorphine": (_G.OPIOID, _OK),
    "oxycodone": (_G.OPIOID, _OK),
    "piritramide": (_G.OPIOID, _OK),
    # P6 acetaminophen recommended; P7 metamizole acceptable (S39)
    "acetaminophen": (_G.NON_OPIOID_ANALGESIC, _P),
    "metamizole": (_G.NON_OPIOID_ANALGESIC, _OK),
    # A14 vs P6/P7 (CONFLICT, default caution); P7 nefopam listed with NSAIDs
    "aspirin": (_G.NON_OPIOID_ANALGESIC, _C),
    "ibuprofen": (_G.NON_OPIOID_ANALGESIC, _C),
    "naproxen": (_G.NON_OPIOID_ANALGESIC, _C),
    "diclofenac": (_G.NON_OPIOID_ANALGESIC, _C),
    "ketorolac": (_G.NON_OPIOID_ANALGESIC, _C),
    "indomethacin": (_G.NON_OPIOID_ANALGESIC, _C),
    "celecoxib": (_G.NON_OPIOID_ANALGESIC, _C),
    "nefopam": (_G.NON_OPIOID_ANALGESIC, _C),
    # the other NSAIDs of the catalogue (issue 16): the class's rating, A14 vs P6 (caution)
    **dict.fromkeys(
        (
            "meloxicam",
            "ketoprofen",
            "piroxicam",
            "etodolac",
            "nabumetone",
            "mefenamic acid",
            "flurbiprofen",
            "etoricoxib",
        ),
        (_G.NON_OPIOID_ANALGESIC, _C),
    ),
    # O1 atracurium, mivacurium release histamine; O2 succinylcholine CONFLICT (caution);
    # O3 rocuronium CONFLICT (acceptable), vecuronium, pancuronium acceptable; O4 cisatracurium
    "atracurium": (_G.NMBA, _A),
    "mivacurium": (_G.NMBA, _A),
    "rocuronium": (_G.NMBA, _OK),
    "vecuronium": (_G.NMBA, _OK),
    "pancuronium": (_G.NMBA, _OK),
    "cisatracurium": (_G.NMBA, _OK),
    "succinylcholine": (_G.NMBA, _C),
    # O5: thiopental (methohexital with it) release histamine; the rest acceptable
    "thiopental": (_G.INDUCTION, _A),
    "methohexital": (_G.INDUCTION, _A),
    "propofol": (_G.INDUCTION, _OK),
    "etomidate": (_G.INDUCTION, _OK),
    "ketamine": (_G.INDUCTION, _OK),
    "dexmedetomidine": (_G.INDUCTION, _OK),
    "sevoflurane": (_G.INDUCTION, _OK),
    "desflurane": (_G.INDUCTION, _OK),
    "isoflurane": (_G.INDUCTION, _OK),
    "nitrous oxide": (_G.INDUCTION, _OK),
    "midazolam": (_G.SEDATIVE, _OK),
    "diazepam": (_G.SEDATIVE, _OK),
    # O6: amides and esters acceptable (esters: minor CONFLICT, default acceptable)
    "lidocaine": (_G.LOCAL_ANESTHETIC, _OK),
    "bupivacaine": (_G.LOCAL_ANESTHETIC, _OK),
    "ropivacaine": (_G.LOCAL_ANESTHETIC, _OK),
    "mepivacaine": (_G.LOCAL_ANESTHETIC, _OK),
    "procaine": (_G.LOCAL_ANESTHETIC, _OK),
    "chloroprocaine": (_G.LOCAL_ANESTHETIC, _OK),
    "tetracaine": (_G.LOCAL_ANESTHETIC, _OK),
    # O6 for the amides and the ester (benzocaine) added with the drug vocabulary (issue 16)
    "prilocaine": (_G.LOCAL_ANESTHETIC, _OK),
    "articaine": (_G.LOCAL_ANESTHETIC, _OK),
    "levobupivacaine": (_G.LOCAL_ANESTHETIC, _OK),
    "benzocaine": (_G.LOCAL_ANESTHETIC, _OK),
    "neostigmine": (_G.REVERSAL, _OK),
    "sugammadex": (_G.REVERSAL, _OK),
    # O7: vancomycin, polymyxin B release histamine; the rest acceptable (FQ: CONFLICT)
    "vancomycin": (_G.ANTIBIOTIC, _A),
    "polymyxin b": (_G.ANTIBIOTIC, _A),
    "penicillin": (_G.ANTIBIOTIC, _OK),
    "amoxicillin": (_G.ANTIBIOTIC, _OK),
    "cefazolin": (_G.ANTIBIOTIC, _OK),
    "clindamycin": (_G.ANTIBIOTIC, _OK),
    "sulfamethoxazole": (_G.ANTIBIOTIC, _OK),
    "ciprofloxacin": (_G.ANTIBIOTIC, _OK),
    "levofloxacin": (_G.ANTIBIOTIC, _OK),
    "moxifloxacin": (_G.ANTIBIOTIC, _OK),
    # O7 "penicillins, cephalosporins ... listed acceptable": the members added with the drug
    # vocabulary (issue 16). Not rated although O7 names their class: nafcillin (a penicillin)
    # and the sulfonamides sulfadiazine, sulfisoxazole, sulfacetamide (reported to the lead)
    **dict.fromkeys(
        (
            "ampicillin",
            "piperacillin",
            "phenoxymethylpenicillin",
            "oxacillin",
            "dicloxacillin",
            "flucloxacillin",
            "cephalexin",
            "cefuroxime",
            "cefoxitin",
            "ceftriaxone",
            "cefotaxime",
            "ceftazidime",
            "cefepime",
        ),
        (_G.ANTIBIOTIC, _OK),
    ),
    # O8: adenosine, protamine release histamine (no alternative listed: caution);
    # beta-blockers blunt epinephrine; ACE inhibitors flagged
    "adenosine": (_G.OTHER, _C),
    "protamine": (_G.OTHER, _C),
    **dict.fromkeys(
        (
            "metoprolol",
            "propranolol",
            "atenolol",
            "bisoprolol",
            "carvedilol",
            "nadolol",
            "labetalol",
            "nebivolol",
        ),
        (_G.OTHER, _C),
    ),
    **dict.fromkeys(
        ("lisinopril", "enalapril", "ramipril", "captopril", "perindopril", "quinapril"),
        (_G.OTHER, _C),
    ),
    # O15, 2.7: contrast low risk in SM; O6 antiseptics acceptable
    "iodinated contrast": (_G.CONTRAST, _OK),
    "gadolinium contrast": (_G.CONTRAST, _OK),
    "chlorhexidine": (_G.ANTISEPTIC, _OK),
    "povidone-iodine": (_G.ANTISEPTIC, _OK),
    # O6 "alcohol" among the antiseptics (S33): isopropyl alcohol, the skin antiseptic
    "isopropyl alcohol": (_G.ANTISEPTIC, _OK),
    # O15 (S42: iodinated CT low risk in every SM subtype), each agent rated as the class
    "iohexol": (_G.CONTRAST, _OK),
    "iodixanol": (_G.CONTRAST, _OK),
    "iopamidol": (_G.CONTRAST, _OK),
    "ioversol": (_G.CONTRAST, _OK),
}

#: The CONFLICTs' defaults (O2, O3, A14, O7, P5, O6).
CONFLICT_DEFAULTS_EXPECTED = {
    "succinylcholine": _C,
    "rocuronium": _OK,
    "nsaids": _C,
    "fluoroquinolones": _OK,
    "morphine": _A,
    "ester_local_anesthetics": _OK,
}


class TestSafetyCatalogue:
    """The histamine-release ratings of sections 2.3, 2.4 and 2.7, and nothing else."""

    def test_catalogue_equals_the_reference(self) -> None:
        """SAFETY rates exactly the reference's agents, each in its group at its level."""
        actual = [(k, v.group, v.level.value) for k, v in safety.SAFETY.items()]
        expected = [(k, g, lvl) for k, (g, lvl) in SAFETY_EXPECTED.items()]
        assert_same(
            actual,
            expected,
            "safety catalogue",
            table="safety.SAFETY",
            source="sections 2.3, 2.4 and 2.7 of the fact sheet and addendum (the fact id in each row's comment)",
        )

    def test_conflict_defaults(self) -> None:
        """Each CONFLICT's documented default."""
        actual = [(k, c.default.value) for k, c in safety.CONFLICTS.items()]
        assert_same(
            actual,
            CONFLICT_DEFAULTS_EXPECTED.items(),
            "conflict defaults",
            table="safety.CONFLICTS",
            source="O2, O3, A14, O7, P5, O6 (addendum section 10)",
        )

    @pytest.mark.parametrize(
        "agent", sorted(a for a, (_g, lvl) in SAFETY_EXPECTED.items() if lvl == _A)
    )
    def test_avoided_agents_are_never_usable(self, agent: str) -> None:
        """An agent to avoid is never offered as an alternative."""
        entry = safety.safety_of(agent)
        assert entry is not None
        assert entry.level is SafetyLevel.AVOID
        assert not entry.level.usable


# -- codes (codes-verified sections 1-4; S152-S156) ---------------------------------------------

#: LOINC -> analyte (codes-verified section 3; fact sheet 4.3).
LOINC_EXPECTED: dict[str, Analyte] = {
    "6690-2": Analyte.WBC,
    "26464-8": Analyte.WBC,
    "751-8": Analyte.ANC,
    "753-4": Analyte.ANC,
    "26499-4": Analyte.ANC,
    "770-8": Analyte.NEUTROPHILS_PCT,
    "777-3": Analyte.PLATELETS,
    "26515-7": Analyte.PLATELETS,
    "718-7": Analyte.HEMOGLOBIN,
    "21582-2": Analyte.TRYPTASE,
    "33343-5": Analyte.URINE_LTE4,
    "94381-1": Analyte.URINE_PGF2A,
    "13781-0": Analyte.URINE_NMH,
    "44340-8": Analyte.URINE_NMH,
}

#: The primary LOINC of each analyte (the automated count; 752-6 is deprecated for ANC).
PRIMARY_LOINC_EXPECTED = {
    Analyte.WBC: "6690-2",
    Analyte.ANC: "751-8",
    Analyte.NEUTROPHILS_PCT: "770-8",
    Analyte.PLATELETS: "777-3",
    Analyte.HEMOGLOBIN: "718-7",
    Analyte.TRYPTASE: "21582-2",
    Analyte.URINE_LTE4: "33343-5",
    Analyte.URINE_PGF2A: "94381-1",
    Analyte.URINE_NMH: "13781-0",
}

#: ICD-10-CM (April 2026 tabular, codes-verified section 4) -> diagnosis (None: reported).
ICD10_EXPECTED: dict[str, Diagnosis | None] = {
    "D89.40": Diagnosis.MCAS,
    "D89.41": Diagnosis.MCAS,
    "D89.42": Diagnosis.MCAS,
    "D89.43": Diagnosis.MCAS,
    "D89.44": Diagnosis.HAT,
    "D89.49": Diagnosis.MCAS,
    "D47.01": Diagnosis.CM,
    "Q82.2": Diagnosis.CM,
    "D47.02": Diagnosis.SM,  # includes ISM, SSM, BMM, SM-AHN: subtype unknown
    "D47.09": None,
    "C96.20": None,
    "C96.21": Diagnosis.ASM,
    "C96.22": None,
    "C96.29": None,
    "C94.30": Diagnosis.MCL,
    "C94.31": Diagnosis.MCL,
    "C94.32": Diagnosis.MCL,
}

#: SNOMED CT conditions (codes-verified section 2); 127581004 (a morphology) left out.
SNOMED_EXPECTED: dict[str, Diagnosis | None] = {
    "397016004": Diagnosis.SM,
    "1255137009": Diagnosis.SM,
    "397356009": Diagnosis.ISM,
    "397358005": Diagnosis.ASM,
    "128924002": Diagnosis.MCL,
    "397357000": Diagnosis.SM_AHN,
    "397012002": Diagnosis.CM,
    "414653009": None,
    "397007003": None,
    "397009000": None,
    "118615008": None,
}

#: Anaphylaxis and its verified children (codes-verified section 2).
ANAPHYLAXIS_EXPECTED = {"39579001", "241954008", "417516000", "241937000", "735173007"}

#: The same concepts read as episodes (S155): the trigger only where the concept names it
#: (idiopathic: none found; drug-induced: a drug); "due to substance" names no class of agent.
ANAPHYLAXIS_EPISODES_EXPECTED: dict[str, FlareTrigger | None] = {
    "39579001": None,
    "241954008": FlareTrigger.NONE,
    "417516000": None,
    "241937000": FlareTrigger.DRUG,
    "735173007": None,
}

#: WHO ICD-10 (S290): D47.0 groups histiocytic and mast cell tumours, so it names no diagnosis.
ICD10_WHO_EXPECTED: dict[str, Diagnosis | None] = {"D47.0": None}

#: ICD-10-CM reasons read as a cardiovascular indication (S152, the April 2026 tabular as
#: shipped in simple-icd-10-cm 1.5.0, read again for this file): code -> whether it is a
#: category whose subcodes read the same. I20, I21, I22, I24, I25, I63 and I70 have subcodes
#: in the tabular; G45.9, I73.9, Z95.1, Z95.5 and Z98.61 are leaf codes. I48 (atrial
#: fibrillation: anticoagulation) is not an aspirin indication and is left out.
INDICATION_ICD10CM_EXPECTED: dict[str, bool] = {
    "I20": True,
    "I21": True,
    "I22": True,
    "I24": True,
    "I25": True,
    "I63": True,
    "G45.9": False,
    "I70": True,
    "I73.9": False,
    "Z95.1": False,
    "Z95.5": False,
    "Z98.61": False,
}

#: Routes (code, route, preferred): codes-verified section 2; the non-preferred ones are what
#: the FHIR core examples send (S150: 260548002 in MedicationStatement-example003/004/006,
#: 255560000 in MedicationRequest-medrx0315; 263887005 in medicationdispense0316; 255559005
#: listed with 255560000 among qualifier values).
ROUTES_EXPECTED: dict[str, tuple[Route, bool]] = {
    "26643006": (Route.ORAL, True),
    "260548002": (Route.ORAL, False),
    "47625008": (Route.IV, True),
    "255560000": (Route.IV, False),
    "78421000": (Route.IM, True),
    "255559005": (Route.IM, False),
    "34206005": (Route.SC, True),
    "263887005": (Route.SC, False),
    "46713006": (Route.INTRANASAL, True),
}

#: RxNorm ingredients (codes-verified section 1). The opioids are not in codes-verified; their
#: codes were checked in S154's file (cds-hooks/sandbox-cds-services lib/rxnorm-prices.json,
#: cuiToName): 4337 Fentanyl, 7052 Morphine, 2670 Codeine, 3423 Hydromorphone, 7804
#: Oxycodone, 6754 Meperidine, 1819 Buprenorphine, 6813 Methadone, 5489 Hydrocodone, 10689
#: Tramadol.
RXNORM_INGREDIENTS_EXPECTED: dict[str, str] = {
    "1919083": "midostaurin",
    "2272107": "avapritinib",
    "282388": "imatinib",
    "5552": "hydroxyurea",
    "42612": "cromolyn",
    "20610": "cetirizine",
    "356887": "levocetirizine",
    "87636": "fexofenadine",
    "28889": "loratadine",
    "275635": "desloratadine",
    "3498": "diphenhydramine",
    "5553": "hydroxyzine",
    "3013": "cyproheptadine",
    "6146": "ketotifen",
    "4278": "famotidine",
    "2541": "cimetidine",
    "9143": "ranitidine",
    "42319": "nizatidine",
    "88249": "montelukast",
    "114970": "zafirlukast",
    "40575": "zileuton",
    "3992": "epinephrine",
    "1191": "aspirin",
    "5640": "ibuprofen",
    "161": "acetaminophen",
    "8640": "prednisone",
    "6902": "methylprednisolone",
    "10154": "succinylcholine",
    "6135": "ketoconazole",
    "28031": "itraconazole",
    "9384": "rifampin",
    "4337": "fentanyl",
    "7052": "morphine",
    "2670": "codeine",
    "3423": "hydromorphone",
    "7804": "oxycodone",
    "6754": "meperidine",
    "1819": "buprenorphine",
    "6813": "methadone",
    "5489": "hydrocodone",
    "10689": "tramadol",
    # the interferons read as the catalogue's one interferon alfa entry (CR7): 5880 alfa-2b
    # (DRP; CPIC), 5879 alfa-2a (SCY 1028.json), 120608 peginterferon alfa-2a (PL 1318.json;
    # CPIC)
    "5880": "interferon alfa",
    "5879": "interferon alfa",
    "120608": "interferon alfa",
}

#: RxNorm products with their strength per unit (codes-verified section 1).
RXNORM_PRODUCTS_EXPECTED: dict[str, tuple[str, float]] = {
    "1014678": ("cetirizine", 10),
    "855172": ("levocetirizine", 5),
    "997420": ("fexofenadine", 180),
    "997488": ("fexofenadine", 30),
    "311372": ("loratadine", 10),
    "349420": ("desloratadine", 5),
    "1049630": ("diphenhydramine", 25),
    "1049909": ("diphenhydramine", 25),
    "995258": ("hydroxyzine", 25),
    "310273": ("famotidine", 20),
    "200224": ("montelukast", 10),
    "198145": ("prednisone", 10),
    "198405": ("ibuprofen", 100),
    "403878": ("imatinib", 100),
    "403879": ("imatinib", 400),
    "197797": ("hydroxyurea", 500),
    "665078": ("loratadine", 5),  # Loratadine 5 MG Chewable Tablet (SYN)
    "790889": ("zileuton", 600),  # 12 HR zileuton 600 MG ER Oral Tablet [Zyflo] (CDS)
    "201896": ("ketoconazole", 200),  # Ketoconazole 200 MG Oral Tablet [Nizoral] (CDS)
    "1729578": ("remifentanil", 1),  # remifentanil 1 MG Injection (OCDS)
    "1729584": ("remifentanil", 2),  # remifentanil 2 MG Injection (OCDS)
    "1729710": ("remifentanil", 5),  # remifentanil 5 MG Injection (OCDS)
    "1809097": ("sufentanil", 0.05),  # 1 ML sufentanil 0.05 MG/ML Injection (OCDS)
    "1870230": ("epinephrine", 0.3),
}


class TestCodes:
    """The code tables the FHIR reader and the CDS Hooks service read, and nothing else."""

    def test_loinc_analytes(self) -> None:
        """Every laboratory LOINC code read, to its analyte."""
        assert_same(
            codes.LOINC_ANALYTES.items(),
            LOINC_EXPECTED.items(),
            "LOINC",
            table="codes.LOINC_ANALYTES",
            source="codes-verified.md section 3, fact sheet 4.3",
        )

    def test_quantity_comparators(self) -> None:
        """FHIR R4's QuantityComparator value set (S157), each with the side the true value
        lies on and whether the bound itself is excluded, both ways."""
        # S157: '<' less than, '<=' less than or equal, '>=' greater than or equal, '>' greater
        expected = [
            ("<", True, True),
            ("<=", True, False),
            (">=", False, False),
            (">", False, True),
        ]
        assert_same(
            [(c.value, c.below, c.strict) for c in Comparator],
            expected,
            "quantity comparators",
            table="mastcell.model.Comparator",
            source="S157 (HL7 FHIR R4 QuantityComparator)",
        )

    def test_primary_loinc(self) -> None:
        """Each analyte's primary code (what mastcell writes)."""
        assert {a: a.loinc for a in Analyte} == PRIMARY_LOINC_EXPECTED

    def test_other_observations(self) -> None:
        """Body weight 29463-7; pain 72514-3 (0-10 NRS) and 38208-5 (S153)."""
        assert frozenset({"29463-7"}) == codes.WEIGHT_LOINC
        assert frozenset({"72514-3", "38208-5"}) == codes.PAIN_LOINC

    def test_icd10cm(self) -> None:
        """ICD-10-CM codes to diagnoses (D47.02 is SM with the subtype unknown, never ISM)."""
        actual = [(k, v.diagnosis) for k, v in codes.ICD10CM.items()]
        assert_same(
            actual,
            ICD10_EXPECTED.items(),
            "ICD-10-CM",
            table="codes.ICD10CM",
            source="codes-verified.md section 4 (April 2026 tabular)",
        )

    def test_snomed_conditions(self) -> None:
        """SNOMED CT mast cell concepts to diagnoses."""
        actual = [(k, v.diagnosis) for k, v in codes.SNOMED_CONDITIONS.items()]
        assert_same(
            actual,
            SNOMED_EXPECTED.items(),
            "SNOMED CT conditions",
            table="codes.SNOMED_CONDITIONS",
            source="codes-verified.md section 2",
        )
        assert "127581004" not in codes.SNOMED_CONDITIONS

    def test_anaphylaxis(self) -> None:
        """Anaphylaxis 39579001 and its verified children."""
        assert frozenset(ANAPHYLAXIS_EXPECTED) == codes.ANAPHYLAXIS_SNOMED

    def test_anaphylaxis_episodes(self) -> None:
        """The anaphylaxis concepts read as episodes, with the trigger each one states."""
        actual = [(k, v.trigger) for k, v in codes.ANAPHYLAXIS_EPISODES.items()]
        assert_same(
            actual,
            ANAPHYLAXIS_EPISODES_EXPECTED.items(),
            "anaphylaxis episodes",
            table="codes.ANAPHYLAXIS_EPISODES",
            source="codes-verified.md section 2, S155",
        )

    def test_icd10_who(self) -> None:
        """WHO ICD-10 D47.0 is read, and names no diagnosis (clinician decision)."""
        actual = [(k, v.diagnosis) for k, v in codes.ICD10_WHO.items()]
        assert_same(
            actual, ICD10_WHO_EXPECTED.items(), "WHO ICD-10", table="codes.ICD10_WHO", source="S290"
        )

    def test_indication_icd10cm(self) -> None:
        """Each cardiovascular reason code with its category flag, all read as cardiovascular."""
        actual = [(r.code, r.category) for r in codes.INDICATION_ICD10CM]
        assert_same(
            actual,
            INDICATION_ICD10CM_EXPECTED.items(),
            "indication ICD-10-CM",
            table="codes.INDICATION_ICD10CM",
            source="S152 (April 2026 ICD-10-CM tabular)",
        )
        assert {r.indication for r in codes.INDICATION_ICD10CM} == {Indication.CARDIOVASCULAR}
        assert {r.sources for r in codes.INDICATION_ICD10CM} == {("S152",)}

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("I25", Indication.CARDIOVASCULAR),
            ("I25.10", Indication.CARDIOVASCULAR),
            ("I70.219", Indication.CARDIOVASCULAR),
            ("G45.9", Indication.CARDIOVASCULAR),
            ("G45.8", None),  # G45.9 is a leaf: its neighbour is not read
            ("Z95.10", None),  # no subcode of a leaf code
            ("I23.0", None),  # between the categories I22 and I24
            ("I48.0", None),
            ("D47.02", Indication.MAST_CELL),
        ],
    )
    def test_indication_of(self, code: str, expected: Indication | None) -> None:
        """Categories cover their subcodes, leaf codes only themselves; the rest is unmapped."""
        assert codes.indication_of(codes.SYSTEMS.icd10cm, code) is expected

    def test_routes(self) -> None:
        """SNOMED CT routes, the preferred one of each written in suggestions."""
        actual = [(k, (v.route, v.preferred)) for k, v in codes.ROUTES_SNOMED.items()]
        assert_same(
            actual,
            ROUTES_EXPECTED.items(),
            "routes",
            table="codes.ROUTES_SNOMED",
            source="codes-verified.md section 2",
        )

    def test_rxnorm(self) -> None:
        """RxNorm ingredients and products, each to its drug (and strength)."""
        ingredients = [(k, v.drug) for k, v in codes.RXNORM.items() if v.is_ingredient]
        products = [
            (k, (v.drug, v.strength_mg)) for k, v in codes.RXNORM.items() if not v.is_ingredient
        ]
        assert_same(
            ingredients,
            RXNORM_INGREDIENTS_EXPECTED.items(),
            "RxNorm ingredients",
            table="codes.RXNORM (ingredients)",
            source="codes-verified.md section 1; the opioids S154",
        )
        assert_same(
            products,
            [(k, (d, float(mg))) for k, (d, mg) in RXNORM_PRODUCTS_EXPECTED.items()],
            "RxNorm products",
            table="codes.RXNORM (products)",
            source="codes-verified.md section 1",
        )

    def test_rxnorm_by_drug(self) -> None:
        """The ingredient code a suggestion writes for each drug."""
        actual = [(d, c.code) for d, c in codes.RXNORM_BY_DRUG.items()]
        drugs = list(RXNORM_INGREDIENTS_EXPECTED.values())
        expected = [(d, c) for c, d in RXNORM_INGREDIENTS_EXPECTED.items() if drugs.count(d) == 1]
        assert_same(
            actual,
            expected,
            "RxNorm by drug",
            table="codes.RXNORM_BY_DRUG",
            source="codes-verified.md section 1; the opioids S154",
        )
        # interferon alfa has three ingredient codes: a suggestion writes none of them
        assert "interferon alfa" not in codes.RXNORM_BY_DRUG


def test_not_loaded_facts_are_still_absent() -> None:
    """The facts NOT_LOADED names are indeed absent: loading one updates this file too."""
    assert "ketotifen" not in maxima.DAILY_MAXIMA
    assert "omalizumab" not in maxima.DAILY_MAXIMA
    assert "ketotifen" not in maxima.PER_KG_MAXIMA
    assert "propoxyphene" not in CATALOGUE
    assert not any("phenylheptanone" in g for g in groups.CROSS_REACTIVE_GROUPS)
    assert {"2587059", "1158446", "198440"}.isdisjoint(codes.RXNORM)
    assert all(key for key in NOT_LOADED)
