"""Drug interactions: the CYP3A table (addendum 2.3) and the interaction rules (DI, EI, MX15)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mastcell import evaluate
from mastcell.knowledge.drugs import CATALOGUE, lookup
from mastcell.knowledge.interactions import (
    CYP3A,
    CYP3A_LISTINGS,
    Cyp3aList,
    Cyp3aReading,
    LabelReading,
    Modulation,
    cyp3a_of,
)
from mastcell.knowledge.options import InteractionOptions, Options
from mastcell.knowledge.sources import SOURCES
from mastcell.model import Age, DoseAmount, Frequency, Indicator, Reaction
from mastcell.report import Report
from mastcell.testing import AT, med, patient

SI, MI = Modulation.STRONG_INHIBITOR, Modulation.MODERATE_INHIBITOR
SD, MD = Modulation.STRONG_INDUCER, Modulation.MODERATE_INDUCER

#: Every drug with its stricter (default) classification.
STRICTER = [(drug, cyp3a_of(drug)) for drug in sorted(CYP3A)]
BY_KIND = {
    m: sorted(d for d, c in STRICTER if c is not None and c.modulation is m) for m in Modulation
}


def _run(
    *meds: object,
    diagnoses: tuple[str, ...] = ("asm",),
    options: Options | None = None,
    **kwargs: object,
) -> Report:
    p = patient(diagnoses=list(diagnoses), medications=list(meds), **kwargs)  # type: ignore[arg-type]
    return evaluate(p, at=AT, categories={"interaction"}, options=options)


def _codes(report: Report) -> list[str]:
    return [r.code for r in report.recommendations]


class TestTable:
    """The 2.3 table as data: every row keyed by a catalogue drug, sourced and versioned."""

    @pytest.mark.parametrize("listing", CYP3A_LISTINGS, ids=lambda x: f"{x.listed_in}-{x.drug}")
    def test_every_listing_is_a_catalogue_drug_with_a_registered_source(self, listing) -> None:  # type: ignore[no-untyped-def]
        """2.3: each listing names a catalogue generic and a registered source of its version."""
        assert listing.drug in CATALOGUE
        assert listing.source in SOURCES
        assert listing.facts

    @pytest.mark.parametrize(
        ("drug", "modulation"),
        [
            ("ketoconazole", SI),
            ("itraconazole", SI),
            ("clarithromycin", SI),
            ("ritonavir", SI),
            ("boceprevir", SI),
            ("telaprevir", SI),
            ("fluconazole", MI),
            ("cimetidine", MI),
            ("erythromycin", MI),
            ("verapamil", MI),
            ("aprepitant", MI),
            ("imatinib", MI),
            ("rifampin", SD),
            ("carbamazepine", SD),
            ("dexamethasone", MD),
            ("metamizole", MD),
        ],
    )
    def test_rows_of_2_3(self, drug: str, modulation: Modulation) -> None:
        """2.3 / MX11 / CR11: spot rows of the table have their listed strength."""
        found = cyp3a_of(drug)
        assert found is not None
        assert found.modulation is modulation

    @pytest.mark.parametrize("drug", ["boceprevir", "telaprevir"])
    def test_2018_list_rows(self, drug: str) -> None:
        """2.3: boceprevir and telaprevir come from the 2018 version of S110."""
        assert Cyp3aList.S110_2018 in {x.listed_in for x in CYP3A[drug]}

    @pytest.mark.parametrize(
        ("drug", "footnote"),
        [
            ("amiodarone", True),
            ("cimetidine", True),
            ("cyclosporine", True),
            ("fosaprepitant", True),
            ("fluconazole", False),
        ],
    )
    def test_footnote_flag(self, drug: str, footnote: bool) -> None:
        """2.3 (*): the footnoted moderate inhibitors carry a not-visible flag."""
        found = cyp3a_of(drug)
        assert found is not None
        assert found.footnote_not_visible is footnote


class TestConflicts:
    """DI-C1: the stricter reading is in force, every listing is cited."""

    @pytest.mark.parametrize(
        ("drug", "stricter", "current"),
        [
            ("diltiazem", SI, MI),
            ("grapefruit juice", SI, MI),
            ("st john's wort", SD, MD),
            ("conivaptan", SI, MI),
        ],
    )
    def test_stricter_reading_with_both_citations(
        self, drug: str, stricter: Modulation, current: Modulation
    ) -> None:
        """DI-C1: strong per S100 and moderate per S110; the default reads strong, both cited."""
        found = cyp3a_of(drug)
        assert found is not None
        assert found.conflict
        assert found.modulation is stricter
        assert set(found.sources) == {"S100", "S110"}
        assert cyp3a_of(drug, Cyp3aReading.CURRENT_LIST).modulation is current  # type: ignore[union-attr]

    def test_rule_surfaces_stricter_reading_and_both_sources(self) -> None:
        """DI-C1: avapritinib + diltiazem is critical (strong), citing S100 and S110."""
        rec = _run(med("avapritinib", 200, frequency="daily"), med("diltiazem")).recommendations[0]
        assert rec.code == "interaction.avapritinib.strong_inhibitor"
        assert {"S100", "S110"} <= set(rec.sources)
        assert "DI-C1" in rec.detail

    def test_option_reads_current_list(self) -> None:
        """DI-C1 option: the current S110 list makes diltiazem a moderate inhibitor."""
        options = Options(interaction=InteractionOptions(cyp3a_reading="current_list"))
        report = _run(med("avapritinib", 200, frequency="daily"), med("diltiazem"), options=options)
        assert _codes(report) == ["interaction.avapritinib.moderate_inhibitor"]


class TestMidostaurin:
    """DI2-DI6: midostaurin with each class of CYP3A modulator."""

    @pytest.mark.parametrize("drug", BY_KIND[SI])
    def test_strong_inhibitor_warns(self, drug: str) -> None:
        """DI2/DI3: every strong inhibitor gives a warning, not a block."""
        report = _run(med("midostaurin", 100, frequency="bid"), med(drug))
        (rec,) = report.recommendations
        assert rec.code == "interaction.midostaurin.strong_inhibitor"
        assert rec.indicator is Indicator.WARNING

    @pytest.mark.parametrize("drug", BY_KIND[SD])
    def test_strong_inducer_is_critical(self, drug: str) -> None:
        """DI5: every strong inducer is critical."""
        (rec,) = _run(med("midostaurin"), med(drug)).recommendations
        assert rec.code == "interaction.midostaurin.strong_inducer"
        assert rec.indicator is Indicator.CRITICAL

    @pytest.mark.parametrize("drug", BY_KIND[MI] + BY_KIND[MD])
    def test_moderate_modulator_is_info(self, drug: str) -> None:
        """DI6: moderate inhibitors and inducers: info, no label guidance, clinician decision."""
        (rec,) = _run(med("midostaurin"), med(drug)).recommendations
        assert rec.code == "interaction.midostaurin.moderate_modulator"
        assert rec.indicator is Indicator.INFO
        assert "clinician decision" in rec.summary

    @pytest.mark.parametrize(
        ("start_days_ago", "first_week"), [(0, True), (6, True), (7, False), (30, False)]
    )
    def test_first_week_emphasis(self, start_days_ago: int, first_week: bool) -> None:
        """DI2: started less than 7 days ago is the first week; day 7 is not."""
        start = (AT - timedelta(days=start_days_ago)).date()
        (rec,) = _run(med("midostaurin", start=start), med("ketoconazole")).recommendations
        assert ("first week" in rec.summary) is first_week

    @pytest.mark.parametrize(
        ("reading", "word", "source"),
        [(None, "avoid", "S100"), ("us", "avoid", "S100"), ("eu", "contraindicated", "S102")],
    )
    def test_inducer_label_reading_option(
        self, reading: str | None, word: str, source: str
    ) -> None:
        """DI5 CONFLICT: US 'avoid' by default, EU 'contraindicated' by option; both cited."""
        options = (
            None
            if reading is None
            else Options(
                interaction=InteractionOptions(midostaurin_strong_inducer=LabelReading(reading))
            )
        )
        (rec,) = _run(med("midostaurin"), med("rifampicin"), options=options).recommendations
        assert word in rec.summary
        assert source in rec.summary
        assert {"S100", "S102"} <= set(rec.sources)
        assert "avoid" in rec.detail
        assert "contraindicated" in rec.detail

    def test_label_reading_enum(self) -> None:
        """DI5: the reading enum maps to its wording and source."""
        assert (LabelReading.US.wording, LabelReading.EU.source) == ("avoid", "S102")


class TestAvapritinib:
    """DI7-DI11: avapritinib with each class, AdvSM vs ISM."""

    @pytest.mark.parametrize("drug", BY_KIND[SI])
    def test_strong_inhibitor_is_critical(self, drug: str) -> None:
        """DI7/DI11: every strong inhibitor is critical, no dose proposed."""
        (rec,) = _run(med("avapritinib", 200, frequency="daily"), med(drug)).recommendations
        assert rec.code == "interaction.avapritinib.strong_inhibitor"
        assert rec.indicator is Indicator.CRITICAL
        assert rec.medication is None

    @pytest.mark.parametrize("drug", BY_KIND[SD] + BY_KIND[MD])
    def test_inducer_is_critical(self, drug: str) -> None:
        """DI8: every strong or moderate inducer is critical."""
        (rec,) = _run(med("avapritinib", 200, frequency="daily"), med(drug)).recommendations
        assert rec.code == "interaction.avapritinib.inducer"
        assert rec.indicator is Indicator.CRITICAL

    @pytest.mark.parametrize("drug", BY_KIND[MI])
    def test_moderate_inhibitor_advsm_proposes_50_mg(self, drug: str) -> None:
        """DI9: AdvSM + every moderate inhibitor: warning with 50 mg once daily."""
        (rec,) = _run(med("avapritinib", 200, frequency="daily"), med(drug)).recommendations
        assert rec.code == "interaction.avapritinib.moderate_inhibitor"
        assert rec.indicator is Indicator.WARNING
        assert rec.medication is not None
        assert rec.medication.dose == DoseAmount(value=50, unit="mg")
        assert rec.medication.frequency is Frequency.DAILY

    @pytest.mark.parametrize(("diagnosis", "doc"), [("ism", "ISM"), ("sm", "subtype")])
    def test_moderate_inhibitor_ism_has_no_dose(self, diagnosis: str, doc: str) -> None:
        """DI10: ISM (or an unrecorded subtype) gets no dose: clinician decision."""
        report = _run(
            med("avapritinib", 25, frequency="daily"), med("fluconazole"), diagnoses=(diagnosis,)
        )
        (rec,) = report.recommendations
        assert rec.medication is None
        assert "clinician decision" in rec.detail
        assert doc in rec.detail

    def test_imatinib_is_a_moderate_inhibitor_for_avapritinib(self) -> None:
        """CR11: imatinib sequenced with avapritinib counts as a moderate inhibitor."""
        report = _run(med("avapritinib", status="planned"), med("imatinib", status="active"))
        assert _codes(report) == ["interaction.avapritinib.moderate_inhibitor"]


class TestStatuses:
    """Only active, held or planned medications interact."""

    @pytest.mark.parametrize(
        ("kit_status", "other_status", "fires"),
        [
            ("active", "active", True),
            ("held", "active", True),
            ("planned", "active", True),
            ("active", "planned", True),
            ("active", "held", True),
            ("stopped", "active", False),
            ("active", "stopped", False),
        ],
    )
    def test_status(self, kit_status: str, other_status: str, fires: bool) -> None:
        """DI7: a stopped drug on either side does not interact; a planned one does."""
        report = _run(
            med("avapritinib", status=kit_status), med("ketoconazole", status=other_status)
        )
        assert bool(report.recommendations) is fires

    def test_findings_cite_both_medications(self) -> None:
        """DI2: the findings point at both medications' paths."""
        (rec,) = _run(med("cetirizine"), med("midostaurin"), med("Sporanox")).recommendations
        assert [f.input for f in rec.findings] == ["medications[1]", "medications[2]"]


class TestNames:
    """Brands and synonyms resolve to the catalogue drug and its classification."""

    @pytest.mark.parametrize(
        ("name", "generic"),
        [
            ("Nizoral", "ketoconazole"),
            ("Sporanox", "itraconazole"),
            ("rifampicin", "rifampin"),
            ("Rifadin", "rifampin"),
            ("Paxlovid", "nirmatrelvir-ritonavir"),
            ("Kaletra", "lopinavir-ritonavir"),
            ("dipyrone", "metamizole"),
            ("ciclosporin", "cyclosporine"),
            ("Cardizem", "diltiazem"),
            ("St. John's Wort", "st john's wort"),
        ],
    )
    def test_brand_names(self, name: str, generic: str) -> None:
        """2.3: a brand or synonym gives the generic's classification."""
        found = cyp3a_of(name)
        assert found is not None
        assert found.drug == generic
        assert _codes(_run(med("midostaurin"), med(name)))

    @pytest.mark.parametrize("generic", sorted(CYP3A))
    def test_no_listed_drug_is_unclassified(self, generic: str) -> None:
        """2.3: every listed drug is in the catalogue, so it is not reported unclassified."""
        report = _run(med(generic))
        assert lookup(generic) is not None
        assert not [u for u in report.unused_inputs if "unclassified" in u.reason]


class TestAnaphylaxisRisk:
    """EI1-EI8: beta-blockers and ACE inhibitors in patients at risk of anaphylaxis."""

    @pytest.mark.parametrize(
        ("drugs", "code"),
        [
            (("metoprolol",), "interaction.anaphylaxis.beta_blocker"),
            (("carvedilol",), "interaction.anaphylaxis.beta_blocker"),
            (("nadolol",), "interaction.anaphylaxis.beta_blocker"),
            (("labetalol",), "interaction.anaphylaxis.beta_blocker"),
            (("nebivolol",), "interaction.anaphylaxis.beta_blocker"),
            (("captopril",), "interaction.anaphylaxis.ace_inhibitor"),
            (("perindopril",), "interaction.anaphylaxis.ace_inhibitor"),
            (("propranolol", "ramipril"), "interaction.anaphylaxis.beta_blocker_and_ace_inhibitor"),
        ],
    )
    def test_codes(self, drugs: tuple[str, ...], code: str) -> None:
        """EI1/EI2: alone or combined, one warning naming every drug; epinephrine never withheld."""
        report = _run(*(med(d) for d in drugs), diagnoses=("mcas",))
        (rec,) = report.recommendations
        assert rec.code == code
        assert rec.indicator is Indicator.WARNING
        assert "never withhold epinephrine" in rec.summary
        assert "EI8" in rec.detail
        assert "clinician decision" in rec.detail
        assert len(rec.findings) == len(drugs)

    def test_combination_wording_is_stronger(self) -> None:
        """EI2: the combination says the risk is higher than either drug alone."""
        (rec,) = _run(med("atenolol"), med("lisinopril"), diagnoses=("ism",)).recommendations
        assert "highest risk" in rec.summary
        assert "more than either drug alone" in rec.detail

    @pytest.mark.parametrize(
        ("age", "adult_dose", "not_verified"),
        [(40, True, False), (10, False, True), (None, False, True)],
    )
    def test_glucagon_adult_only(
        self, age: int | None, adult_dose: bool, not_verified: bool
    ) -> None:
        """EI5: adults get the 1-5 mg IV fact; a child's glucagon dose is a clinician decision."""
        years = None if age is None else Age(value=age, unit="year")
        (rec,) = _run(med("bisoprolol"), diagnoses=("ism",), age=years).recommendations
        assert "1-5 mg IV over 5 minutes" in rec.detail
        assert ("paediatric glucagon dose could not be verified" in rec.detail) is not_verified
        assert (
            "does not respond to epinephrine in a beta-blocked adult" in rec.detail
        ) is adult_dose

    def test_prior_anaphylaxis_without_mast_cell_disorder(self) -> None:
        """EI2: a recorded anaphylaxis alone is enough; the reaction is a finding."""
        report = _run(
            med("enalapril"),
            diagnoses=(),
            reactions=[Reaction(agent="peanut", severity="anaphylaxis")],
        )
        (rec,) = report.recommendations
        assert rec.findings[-1].input == "reactions[0]"

    @pytest.mark.parametrize(("status", "fires"), [("stopped", False), ("planned", True)])
    def test_no_risk_no_warning(self, status: str, fires: bool) -> None:
        """EI1: no disorder and no anaphylaxis: silent; a stopped beta-blocker is silent."""
        assert not _run(med("metoprolol"), diagnoses=()).recommendations
        assert (
            bool(_run(med("metoprolol", status=status), diagnoses=("mcas",)).recommendations)
            is fires
        )


class TestInformational:
    """MX15 and DI12: information-level interactions."""

    @pytest.mark.parametrize(
        ("drugs", "code"),
        [
            (("aspirin", "zafirlukast"), "interaction.zafirlukast.aspirin"),
            (("Accolate", "acetylsalicylic acid"), "interaction.zafirlukast.aspirin"),
            (("avapritinib", "ethinylestradiol"), "interaction.avapritinib.ethinylestradiol"),
        ],
    )
    def test_info(self, drugs: tuple[str, ...], code: str) -> None:
        """MX15/DI12: the pair gives one info recommendation citing both medications."""
        (rec,) = _run(*(med(d) for d in drugs), diagnoses=("ism",)).recommendations
        assert rec.code == code
        assert rec.indicator is Indicator.INFO
        assert [f.input for f in rec.findings] == ["medications[0]", "medications[1]"] or [
            f.input for f in rec.findings
        ] == ["medications[1]", "medications[0]"]

    def test_stopped_aspirin_is_silent(self) -> None:
        """MX15: a stopped aspirin does not raise zafirlukast."""
        report = _run(med("aspirin", status="stopped"), med("zafirlukast"), diagnoses=("ism",))
        assert not report.recommendations


def test_start_date_type() -> None:
    """DI2: a start given as a date is compared by day."""
    (rec,) = _run(med("midostaurin", start=date(2026, 11, 20)), med("ritonavir")).recommendations
    assert "first week" in rec.summary
