"""Cytopenia without cytoreductive therapy, and blood counts on it (fact sheet 2.2.4, A21, 4)."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest
from hypothesis import given

from mastcell import DrugClass, Indicator, Options, Patient, Recommendation, Report, evaluate
from mastcell.knowledge.options import CytopeniaOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, days_before, lab, med, patient
from strategies import patients, valid_at

INVESTIGATE, MARROW = "cytopenia.investigate", "cytopenia.bone_marrow_biopsy.consider"
CONTINUE, OBTAIN = "cytopenia.antimediator.continue", "cytopenia.cbc.obtain"


def run(p: Patient, options: Options | None = None) -> Report:
    return evaluate(p, at=AT, categories=["cytopenia"], options=options)


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


class TestObtainCbc:
    """On a cytoreductive drug, a missing or stale count gives cytopenia.cbc.obtain."""

    @pytest.mark.parametrize("drug", ["hydroxyurea", "Hydrea", "cladribine", "interferon alfa"])
    def test_no_counts_on_a_cytoreductive_drug(self, drug: str) -> None:
        """Every catalogued cytoreductive drug needs a recent count."""
        rec = only(run(patient(diagnoses=["asm"], medications=[med(drug)])), OBTAIN)
        assert rec.indicator is Indicator.WARNING
        assert "none on record" in rec.summary
        assert all(e.source in SOURCES for e in rec.evidence)

    def test_fresh_complete_count_is_enough(self) -> None:
        """ANC, platelets and Hb within 14 days: nothing to obtain."""
        labs = [lab("anc", 2, "K/uL"), lab("platelets", 150, "K/uL"), lab("hemoglobin", 12, "g/dL")]
        assert OBTAIN not in run(patient(labs=labs, medications=[med("hydroxyurea")])).codes

    def test_wbc_without_differential_gives_no_anc(self) -> None:
        """A WBC alone cannot stand in for the ANC: the finding says why."""
        labs = [lab("wbc", 4, "K/uL"), lab("platelets", 150, "K/uL"), lab("hemoglobin", 12, "g/dL")]
        rec = only(
            run(patient(labs=labs, medications=[med("midostaurin", 100, frequency="bid")])), OBTAIN
        )
        notes = " ".join(f.note or "" for f in rec.findings)
        assert "without a neutrophil %" in notes

    def test_stale_count_is_named_with_its_age(self) -> None:
        """A 20-day-old count is reported with its age, and no dose decision is made from it."""
        labs = [lab(a, v, "K/uL", days_before(20)) for a, v in (("anc", 0.3), ("platelets", 20))]
        labs.append(lab("hemoglobin", 12, "g/dL", days_before(20)))
        report = run(
            patient(
                diagnoses=["asm"], labs=labs, medications=[med("midostaurin", 100, frequency="bid")]
            )
        )
        assert report.codes == (OBTAIN,)
        assert "20 days old" in only(report, OBTAIN).summary

    def test_stopped_drug_needs_nothing(self) -> None:
        """A stopped cytoreductive drug is not 'on' therapy."""
        assert run(patient(medications=[med("hydroxyurea", status="stopped")])).codes == ()


class TestInvestigate:
    """Leukopenia/neutropenia/thrombocytopenia without cytoreduction: look for a cause."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "reference_low", "fires"),
        [
            pytest.param("wbc", 2.9, "K/uL", None, True, id="S70-wbc-2.9-grade-2"),
            pytest.param("wbc", 3000, "/uL", None, False, id="S70-wbc-3.0-no-range-unknown"),
            pytest.param("wbc", 3.5, "10*9/L", 4.0, True, id="lab-range-wbc-3.5-lln-4"),
            pytest.param("wbc", 4.0, "10*9/L", 4.0, False, id="lab-range-wbc-at-lln"),
            pytest.param("anc", 1.49, "K/uL", None, True, id="4.2-anc-1.49-grade-2"),
            pytest.param("anc", 1500, "/uL", None, False, id="4.2-anc-1.5-no-range"),
            pytest.param("platelets", 74, "10*9/L", None, True, id="4.2-plt-74-grade-2"),
            pytest.param("platelets", 75000, "/uL", None, False, id="4.2-plt-75-no-range"),
        ],
    )
    def test_low_count(
        self, analyte: str, value: float, unit: str, reference_low: float | None, fires: bool
    ) -> None:
        """Low by the lab's range, else by CTCAE grade 2; unknown is not reported as low."""
        labs = [lab(analyte, value, unit, reference_low=reference_low)]
        assert (INVESTIGATE in run(patient(diagnoses=["mcas"], labs=labs)).codes) is fires

    def test_derived_neutropenia(self) -> None:
        """An ANC derived from WBC x % counts, flagged derived in the findings."""
        labs = [lab("wbc", 4.0, "K/uL", reference_low=4.0), lab("neutrophils_pct", 30, "%")]
        rec = only(run(patient(diagnoses=["mcas"], labs=labs)), INVESTIGATE)
        assert "neutropenia" in rec.summary
        assert any(f.derived for f in rec.findings)

    def test_antimediator_drugs_with_a_signal_are_in_the_differential(self) -> None:
        """Famotidine (S15) and zileuton (S14) are named; the seed's claim is not repeated (A21)."""
        meds = [
            med("famotidine", 20, frequency="bid"),
            med("zileuton", 600, frequency="qid"),
            med("cetirizine", 10),
        ]
        rec = only(
            run(patient(diagnoses=["mcas"], labs=[lab("wbc", 2.5, "K/uL")], medications=meds)),
            INVESTIGATE,
        )
        assert "famotidine" in rec.summary
        assert {"S15", "S14"} <= set(rec.sources)
        assert "do not cause" not in rec.detail.lower()
        assert "not assessed: cetirizine" in rec.detail

    def test_unclassified_drugs_are_named_as_not_assessed(self) -> None:
        """A drug unknown to the catalogue is never silently cleared."""
        meds = [med("foozolamab", 5)]
        rec = only(run(patient(labs=[lab("anc", 0.9, "K/uL")], medications=meds)), INVESTIGATE)
        assert "Unclassified drugs, not assessed" in rec.detail
        assert "foozolamab" in rec.detail
        assert any(
            f.input == "medications[0]" and f.note and "unclassified" in f.note
            for f in rec.findings
        )

    @pytest.mark.parametrize(
        ("value", "indicator"),
        [
            pytest.param(0.49, Indicator.CRITICAL, id="4.2-anc-0.49-grade-4"),
            pytest.param(0.5, Indicator.WARNING, id="4.2-anc-0.5-grade-3"),
        ],
    )
    def test_grade_4_neutropenia_is_critical(self, value: float, indicator: Indicator) -> None:
        """A grade 4 neutropenia raises the investigation to critical."""
        rec = only(run(patient(labs=[lab("anc", value, "10*9/L")])), INVESTIGATE)
        assert rec.indicator is indicator

    def test_not_on_cytoreductive_therapy_only(self) -> None:
        """On midostaurin the label table decides instead."""
        labs = [
            lab("anc", 0.8, "K/uL"),
            lab("platelets", 150, "K/uL"),
            lab("hemoglobin", 12, "g/dL"),
        ]
        report = run(
            patient(
                diagnoses=["asm"], labs=labs, medications=[med("midostaurin", 100, frequency="bid")]
            )
        )
        assert INVESTIGATE not in report.codes
        assert MARROW not in report.codes
        assert CONTINUE not in report.codes

    def test_old_low_count_asks_for_a_repeat(self) -> None:
        """A low count older than 14 days still prompts the work-up and says to repeat it."""
        rec = only(run(patient(labs=[lab("wbc", 2.5, "K/uL", days_before(30))])), INVESTIGATE)
        assert any(f.note and "repeat the count" in f.note for f in rec.findings)


class TestBoneMarrow:
    """Known or suspected SM with a cytopenia: consider a marrow biopsy (2.2.4)."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "indicator"),
        [
            pytest.param("anc", 0.99, "K/uL", Indicator.WARNING, id="2.2.4-anc-0.99-C-finding"),
            pytest.param("anc", 1000, "/uL", Indicator.INFO, id="2.2.4-anc-1.0-below-C-seed-only"),
            pytest.param("platelets", 99, "10*9/L", Indicator.WARNING, id="2.2.4-plt-99-C-finding"),
            pytest.param("platelets", 100000, "/uL", None, id="2.2.4-plt-100-none"),
            pytest.param("hemoglobin", 99, "g/L", Indicator.WARNING, id="2.2.4-hb-9.9-C-finding"),
            pytest.param("hemoglobin", 10, "g/dL", None, id="2.2.4-hb-10-none"),
        ],
    )
    def test_thresholds_in_known_sm(
        self, analyte: str, value: float, unit: str, indicator: Indicator | None
    ) -> None:
        """C-finding level: warning (CONFIRMED); a milder neutropenia: info (SEED-ONLY)."""
        report = run(patient(diagnoses=["ism"], labs=[lab(analyte, value, unit)]))
        if indicator is None:
            assert MARROW not in report.codes
            return
        rec = only(report, MARROW)
        assert rec.indicator is indicator
        if indicator is Indicator.INFO:
            assert "SEED-ONLY" in rec.detail
        else:
            assert {"S11", "S27"} <= set(rec.sources)

    def test_seed_only_variant_can_be_switched_off(self) -> None:
        """CytopeniaOptions.marrow_below_c_finding=False keeps only the C-finding variant."""
        options = Options(cytopenia=CytopeniaOptions(marrow_below_c_finding=False))
        p = patient(diagnoses=["ism"], labs=[lab("anc", 1.2, "K/uL")])
        assert MARROW not in run(p, options).codes
        p2 = patient(diagnoses=["ism"], labs=[lab("anc", 0.9, "K/uL")])
        assert MARROW in run(p2, options).codes

    @pytest.mark.parametrize(
        ("tryptase", "unit", "fires"),
        [
            pytest.param(20.1, "ng/mL", True, id="2.6.2-tryptase-20.1-suspected"),
            pytest.param(20, "ug/L", False, id="2.6.2-tryptase-20-not"),
        ],
    )
    def test_suspected_by_baseline_tryptase(self, tryptase: float, unit: str, fires: bool) -> None:
        """No diagnosis, but a baseline tryptase above 20 ng/mL makes SM suspected."""
        labs = [
            lab("tryptase", tryptase, unit, days_before(30), role="baseline"),
            lab("platelets", 80, "K/uL"),
        ]
        assert (MARROW in run(patient(labs=labs)).codes) is fires

    def test_mcas_is_suspected_sm(self) -> None:
        """MCAS with a C-finding level cytopenia: SM is not excluded."""
        rec = only(run(patient(diagnoses=["mcas"], labs=[lab("platelets", 80, "K/uL")])), MARROW)
        assert "mcas" in rec.detail


class TestAntimediatorContinue:
    """Anti-mediator therapy continues; drugs with a labelled cytopenia are left for review (A21)."""

    def test_continue_excludes_drugs_with_a_signal(self) -> None:
        """Cetirizine and cromolyn continue; famotidine is named for review, not cleared."""
        meds = [
            med("cetirizine", 10),
            med("cromolyn", 200, frequency="qid"),
            med("famotidine", 20, frequency="bid"),
        ]
        rec = only(
            run(patient(diagnoses=["mcas"], labs=[lab("wbc", 2.5, "K/uL")], medications=meds)),
            CONTINUE,
        )
        assert "cetirizine, cromolyn" in rec.summary
        assert "famotidine" not in rec.summary
        assert "Not included: famotidine" in rec.detail
        assert rec.indicator is Indicator.INFO
        assert rec.medication is None

    def test_nothing_to_continue(self) -> None:
        """Only famotidine on the list: no 'continue' advice."""
        meds = [med("famotidine", 20, frequency="bid")]
        report = run(patient(diagnoses=["mcas"], labs=[lab("wbc", 2.5, "K/uL")], medications=meds))
        assert CONTINUE not in report.codes
        assert INVESTIGATE in report.codes

    def test_no_cytopenia_no_advice(self) -> None:
        """Normal counts: the work-up rules stay silent."""
        labs = [
            lab("wbc", 6, "K/uL", reference_low=4),
            lab("platelets", 250, "K/uL", reference_low=150),
        ]
        assert (
            run(patient(diagnoses=["mcas"], labs=labs, medications=[med("cetirizine", 10)])).codes
            == ()
        )


DOSE_CODES = {
    "cytopenia.midostaurin.interrupt",
    "cytopenia.midostaurin.resume_reduced",
    "cytopenia.midostaurin.increase",
    "cytopenia.midostaurin.discontinue",
    "cytopenia.avapritinib.interrupt",
    "cytopenia.avapritinib.resume_reduced",
    "cytopenia.avapritinib.discontinue",
}


class TestProperties:
    """Any valid patient: no crash, and no dose decision when every count is stale."""

    @given(patients())
    def test_no_valid_patient_crashes_the_cytopenia_rules(self, p: Patient) -> None:
        """Every recommendation keeps the contract: registered sources, short summary."""
        for rec in run(valid_at(p, AT)):
            assert rec.category.value == "cytopenia"
            assert all(e.source in SOURCES for e in rec.evidence)
            assert len(rec.summary) <= 140

    @given(patients())
    def test_no_dose_decision_from_stale_counts(self, p: Patient) -> None:
        """Evaluated 15 days after the newest lab, without adverse events: no dose decision."""
        p = attrs.evolve(p, adverse_events=())
        newest = max((lab_.time for lab_ in p.labs), default=AT)
        at = max(newest, AT) + timedelta(days=15)
        report = evaluate(valid_at(p, at), at=at, categories=["cytopenia"])
        assert not DOSE_CODES & set(report.codes)
        if p.medications_of(DrugClass.CYTOREDUCTIVE):
            assert "cytopenia.cbc.obtain" in report.codes
