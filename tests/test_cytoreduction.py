"""Imatinib, cladribine, hydroxyurea and interferon alfa: counts, KIT D816V, prophylaxis (CR1-CR10)."""

from __future__ import annotations

import pytest

from mastcell import Indicator, Options, Patient, Recommendation, Report, evaluate
from mastcell.knowledge.drugs import generic_name
from mastcell.knowledge.options import CytopeniaOptions
from mastcell.model import LabResult
from mastcell.testing import AT, days_before, lab, med, patient

HOLD = "cytopenia.cytoreductive.hold_review"
INTERRUPT, RESUME = "cytopenia.imatinib.interrupt", "cytopenia.imatinib.resume"
D816V, PROPHYLAXIS = "cytopenia.imatinib.kit_d816v", "cytopenia.cladribine.prophylaxis"
OBTAIN = "cytopenia.cbc.obtain"


def run(p: Patient, options: Options | None = None) -> Report:
    return evaluate(p, at=AT, categories=["cytopenia"], options=options)


def only(report: Report, code: str) -> Recommendation:
    found = report.get(code)
    assert len(found) == 1, report.codes
    return found[0]


def normal(**overrides: LabResult) -> list[LabResult]:
    base = {
        "anc": lab("anc", 3.0, "10*9/L"),
        "platelets": lab("platelets", 200, "10*9/L"),
        "hemoglobin": lab("hemoglobin", 13, "g/dL"),
        "wbc": lab("wbc", 6.0, "10*9/L"),
    }
    base.update(overrides)
    return list(base.values())


class TestTesterCases:
    """The clinical tester's cases now alert."""

    def test_cladribine_pancytopenia(self) -> None:
        """CR1/CR10: cladribine with ANC 0.3, platelets 20, Hb 7: critical hold-and-review."""
        labs = [
            lab("anc", 0.3, "10*9/L"),
            lab("platelets", 20, "K/uL"),
            lab("hemoglobin", 7, "g/dL"),
        ]
        report = run(patient(diagnoses=["asm"], labs=labs, medications=[med("cladribine")]))
        rec = only(report, HOLD)
        assert rec.indicator is Indicator.CRITICAL
        assert "grade 4" in rec.summary
        assert "clinician decision" in rec.summary
        assert "Anemia grade 3" in rec.detail
        assert "Platelet count decreased grade 4" in rec.detail
        assert "CR1" in rec.detail
        assert "Lymphocyte" in rec.detail
        assert only(report, PROPHYLAXIS).indicator is Indicator.INFO

    def test_hydroxyurea_anc_04(self) -> None:
        """CR5/CR6: hydroxyurea with ANC 0.4: critical, with the non-SM Hydrea/Droxia figures."""
        rec = only(
            run(patient(labs=normal(anc=lab("anc", 0.4, "10*9/L")), medications=[med("Hydrea")])),
            HOLD,
        )
        assert rec.indicator is Indicator.CRITICAL
        assert "Droxia" in rec.detail
        assert "CR5" in rec.detail
        assert {"S115", "S53"} <= set(rec.sources)


class TestCtcaeBoundaries:
    """CR10/S53/S70: grade 3-4 counts alert; grade 2 does not; units as labs send them."""

    @pytest.mark.parametrize(
        ("analyte", "value", "unit", "fires"),
        [
            # ANC: grade 3 below 1.0 x10^9/L (S53)
            pytest.param("anc", 1.0, "10*9/L", False, id="S53-anc-1.0-grade2"),
            pytest.param("anc", 0.99, "10*9/L", True, id="S53-anc-0.99-grade3"),
            pytest.param("anc", 999, "/uL", True, id="S53-anc-999/uL-grade3"),
            pytest.param("anc", 1000, "/uL", False, id="S53-anc-1000/uL-grade2"),
            pytest.param("anc", 1.01, "K/uL", False, id="S53-anc-1.01K-grade2"),
            pytest.param("anc", 0.49, "K/uL", True, id="S53-anc-0.49K-grade4"),
            # platelets: grade 3 below 50 (S53)
            pytest.param("platelets", 50, "10*9/L", False, id="S53-plt-50-grade2"),
            pytest.param("platelets", 49.9, "10*9/L", True, id="S53-plt-49.9-grade3"),
            pytest.param("platelets", 49000, "/uL", True, id="S53-plt-49000/uL-grade3"),
            pytest.param("platelets", 51, "K/uL", False, id="S53-plt-51K-grade2"),
            pytest.param("platelets", 24, "K/uL", True, id="S53-plt-24K-grade4"),
            # haemoglobin: grade 3 below 8.0 g/dL (S53); 80 g/L; 8.0 x 0.6206 mmol/L (S54)
            pytest.param("hemoglobin", 8.0, "g/dL", False, id="S53-hb-8.0-grade2"),
            pytest.param("hemoglobin", 7.9, "g/dL", True, id="S53-hb-7.9-grade3"),
            pytest.param("hemoglobin", 80, "g/L", False, id="S53-hb-80g/L-grade2"),
            pytest.param("hemoglobin", 79, "g/L", True, id="S53-hb-79g/L-grade3"),
            pytest.param("hemoglobin", 4.97, "mmol/L", False, id="S54-hb-4.97mmol-grade2"),
            pytest.param("hemoglobin", 4.9, "mmol/L", True, id="S54-hb-4.9mmol-grade3"),
            # WBC: grade 3 below 2.0 (S70)
            pytest.param("wbc", 2.0, "10*9/L", False, id="S70-wbc-2.0-grade2"),
            pytest.param("wbc", 1.99, "K/uL", True, id="S70-wbc-1.99K-grade3"),
            pytest.param("wbc", 1900, "/uL", True, id="S70-wbc-1900/uL-grade3"),
        ],
    )
    @pytest.mark.parametrize("drug", ["cladribine", "hydroxyurea", "interferon alfa"])
    def test_grade_3_boundary(
        self, drug: str, analyte: str, value: float, unit: str, fires: bool
    ) -> None:
        """A grade 3-4 count on a drug without SM thresholds gives hold_review; grade 2 none."""
        p = patient(labs=normal(**{analyte: lab(analyte, value, unit)}), medications=[med(drug)])
        assert (HOLD in run(p).codes) is fires

    def test_grade_2_option_lowers_the_bar(self) -> None:
        """CytopeniaOptions.hold_review_grade=2 alerts at ANC 1.2 (a library convention)."""
        p = patient(labs=normal(anc=lab("anc", 1.2, "10*9/L")), medications=[med("hydroxyurea")])
        options = Options(cytopenia=CytopeniaOptions(hold_review_grade=2))
        assert HOLD not in run(p).codes
        assert HOLD in run(p, options).codes

    def test_stale_count_asks_for_a_count_instead(self) -> None:
        """A 20-day-old ANC of 0.3 makes no decision: cytopenia.cbc.obtain asks for a count."""
        labs = [
            lab("anc", 0.3, "10*9/L", days_before(20)),
            lab("platelets", 20, "K/uL", days_before(20)),
            lab("hemoglobin", 7, "g/dL", days_before(20)),
        ]
        for drug in ("cladribine", "hydroxyurea", "interferon alfa", "imatinib"):
            codes = run(patient(labs=labs, medications=[med(drug)])).codes
            assert OBTAIN in codes, drug
            assert HOLD not in codes, drug
            assert INTERRUPT not in codes, drug

    @pytest.mark.parametrize(
        "name", ["peginterferon", "Peginterferon alfa-2a", "peginterferon alfa-2b", "PegIntron"]
    )
    def test_peginterferon_is_interferon_alfa(self, name: str) -> None:
        """CR7: peginterferon spellings are interferon alfa (S116)."""
        assert generic_name(name) == "interferon alfa"
        p = patient(labs=normal(anc=lab("anc", 0.4, "10*9/L")), medications=[med(name)])
        assert "S116" in only(run(p), HOLD).sources

    def test_held_drug_is_kept_on_hold(self) -> None:
        """A held hydroxyurea with a grade 4 count: keep it on hold and review."""
        p = patient(
            labs=normal(platelets=lab("platelets", 20, "K/uL")),
            medications=[med("hydroxyurea", status="held")],
        )
        assert only(run(p), HOLD).summary.startswith("Keep hydroxyurea on hold")


class TestImatinib:
    """CR9: interrupt below ANC 1.0 / platelets 50; restart at ANC >= 1.5 and platelets >= 75."""

    @pytest.mark.parametrize(
        ("anc", "platelets", "unit", "fires"),
        [
            pytest.param(1.0, 200, "10*9/L", False, id="CR9-anc-1.0-clear"),
            pytest.param(0.99, 200, "10*9/L", True, id="CR9-anc-0.99-interrupt"),
            pytest.param(990, 200_000, "/uL", True, id="CR9-anc-990/uL-interrupt"),
            pytest.param(1.01, 200, "K/uL", False, id="CR9-anc-1.01K-clear"),
            pytest.param(3.0, 50, "10*9/L", False, id="CR9-plt-50-clear"),
            pytest.param(3.0, 49.9, "10*9/L", True, id="CR9-plt-49.9-interrupt"),
            pytest.param(3000, 49_000, "/uL", True, id="CR9-plt-49000/uL-interrupt"),
            pytest.param(3.0, 51, "K/uL", False, id="CR9-plt-51K-clear"),
        ],
    )
    def test_interrupt_threshold(
        self, anc: float, platelets: float, unit: str, fires: bool
    ) -> None:
        """Active imatinib is interrupted below either threshold ("and/or")."""
        labs = normal(anc=lab("anc", anc, unit), platelets=lab("platelets", platelets, unit))
        report = run(patient(diagnoses=["asm"], labs=labs, medications=[med("imatinib", 100)]))
        assert (INTERRUPT in report.codes) is fires
        if fires:
            rec = only(report, INTERRUPT)
            assert rec.indicator is Indicator.CRITICAL
            assert "NOT VERIFIED" in rec.detail
            assert "clinician decision" in rec.detail

    @pytest.mark.parametrize(
        ("anc", "platelets", "unit", "resumes"),
        [
            pytest.param(1.5, 75, "10*9/L", True, id="CR9-1.5-75-resume"),
            pytest.param(1.49, 75, "10*9/L", False, id="CR9-anc-1.49-hold"),
            pytest.param(1.5, 74.9, "10*9/L", False, id="CR9-plt-74.9-hold"),
            pytest.param(1500, 75_000, "/uL", True, id="CR9-1500/uL-75000/uL-resume"),
            pytest.param(1.51, 76, "K/uL", True, id="CR9-1.51K-76K-resume"),
            pytest.param(1.2, 200, "K/uL", False, id="CR9-anc-1.2K-hold"),
        ],
    )
    def test_restart_threshold(
        self, anc: float, platelets: float, unit: str, resumes: bool
    ) -> None:
        """Held imatinib resumes at the previous dose only when both counts have recovered."""
        labs = normal(anc=lab("anc", anc, unit), platelets=lab("platelets", platelets, unit))
        held = med("imatinib", 100, frequency="daily", status="held", held_reason="neutropenia")
        report = run(patient(diagnoses=["asm"], labs=labs, medications=[held]))
        if resumes:
            rec = only(report, RESUME)
            assert rec.medication is not None
            assert str(rec.medication.dose) == "100 mg"
            assert "previous dose" in rec.summary
        else:
            assert RESUME not in report.codes
            assert only(report, INTERRUPT).summary.startswith("Keep imatinib on hold")

    def test_haemoglobin_goes_to_hold_review(self) -> None:
        """CR9 covers ANC and platelets only: a grade 3 Hb on imatinib is a hold-and-review."""
        labs = normal(hemoglobin=lab("hemoglobin", 7.5, "g/dL"))
        report = run(patient(labs=labs, medications=[med("imatinib", 400)]))
        assert report.codes == (HOLD,)
        assert "no label threshold read" in only(report, HOLD).summary

    @pytest.mark.parametrize(
        ("status", "d816v", "fires"),
        [
            pytest.param("active", True, True, id="CR8-active-d816v"),
            pytest.param("planned", True, True, id="CR8-planned-d816v"),
            pytest.param("active", None, False, id="CR8-unknown-status-indicated"),
            pytest.param("active", False, False, id="CR8-no-d816v"),
            pytest.param("stopped", True, False, id="CR8-stopped"),
        ],
    )
    def test_kit_d816v(self, status: str, d816v: bool | None, fires: bool) -> None:
        """CR8: imatinib with a documented KIT D816V is critical; unknown KIT status is not."""
        p = patient(labs=normal(), kit_d816v=d816v, medications=[med("imatinib", status=status)])
        report = run(p)
        assert (D816V in report.codes) is fires
        if fires:
            assert only(report, D816V).indicator is Indicator.CRITICAL


class TestCladribineProphylaxis:
    """CR4/CR1: Pneumocystis and herpes prophylaxis and live vaccines, information only."""

    def test_reminder_names_what_is_missing(self) -> None:
        """CR4: the SM regimen is NOT VERIFIED; the HCL regimen is shown as HCL's."""
        rec = only(run(patient(labs=normal(), medications=[med("cladribine")])), PROPHYLAXIS)
        assert rec.indicator is Indicator.INFO
        assert "NOT VERIFIED" in rec.detail
        assert "hairy cell" in rec.detail
        assert "live" in rec.summary
        assert "not on the list: Pneumocystis, herpes" in rec.summary

    def test_prophylaxis_on_the_list_is_named(self) -> None:
        """CR4: co-trimoxazole and valaciclovir on the list are named as covering each need."""
        meds = [med("cladribine"), med("co-trimoxazole"), med("valaciclovir")]
        rec = only(run(patient(labs=normal(), medications=meds)), PROPHYLAXIS)
        assert "not on the list" not in rec.summary
        assert {f.input for f in rec.findings} >= {"medications[1]", "medications[2]"}

    @pytest.mark.parametrize("drug", ["hydroxyurea", "imatinib"])
    def test_other_drugs_get_no_reminder(self, drug: str) -> None:
        """CR4 is about cladribine only."""
        assert PROPHYLAXIS not in run(patient(labs=normal(), medications=[med(drug)])).codes
