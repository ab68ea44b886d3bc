"""Monitoring rules: tryptase around flares (fact sheet 2.6) and reassessment of new therapy."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest

from engine_properties import Run, assert_sound, runs
from mastcell import (
    Analyte,
    Category,
    Flare,
    Indicator,
    Options,
    Patient,
    Reaction,
    Recommendation,
    evaluate,
)
from mastcell.knowledge.options import MonitoringOptions
from mastcell.knowledge.sources import SOURCES
from mastcell.testing import AT, days_before, lab, med, patient


def run(p: Patient, code: str, options: Options | None = None) -> tuple[Recommendation, ...]:
    report = evaluate(p, at=AT, categories=["monitoring"], options=options)
    for rec in report:
        assert rec.evidence, rec.code
        assert all(e.source in SOURCES for e in rec.evidence)
    return report.get(code)


def one(p: Patient, code: str, options: Options | None = None) -> Recommendation:
    found = run(p, code, options)
    assert len(found) == 1, [r.summary for r in found]
    return found[0]


def mcas(**fields: Any) -> Patient:
    return patient(diagnoses=["mcas"], **fields)


ONSET = days_before(5)
RESOLVED_FLARE = Flare(onset=ONSET, resolved=ONSET + timedelta(hours=6))


class TestAcuteSample:
    """A recent flare without an acute tryptase in the window asks for one (2.6.1)."""

    @pytest.mark.parametrize(
        ("ago", "indicator"),
        [
            (timedelta(minutes=10), Indicator.WARNING),  # window open, before 30 min
            (timedelta(hours=1), Indicator.WARNING),  # ideal time
            (timedelta(hours=4), Indicator.WARNING),  # S22/S24/S25: no later than 4 h
            (timedelta(hours=4, minutes=1), Indicator.INFO),  # closed: next flare
            (timedelta(days=7), Indicator.INFO),  # still a recent flare (options: 7 days)
        ],
    )
    def test_fires(self, ago: timedelta, indicator: Indicator) -> None:
        """Inside the window it says draw now (warning); after it, at the next flare (info)."""
        rec = one(mcas(flares=[Flare(onset=AT - ago)]), "monitoring.tryptase.acute_sample")
        assert rec.indicator is indicator
        assert rec.findings[0].input == "flares[0]"

    def test_before_ideal_says_when(self) -> None:
        """Ten minutes after onset it names the moment the ideal window opens."""
        rec = one(
            mcas(flares=[Flare(onset=AT - timedelta(minutes=10))]),
            "monitoring.tryptase.acute_sample",
        )
        assert (AT + timedelta(minutes=20)).isoformat() in rec.summary

    @pytest.mark.parametrize(
        "flare",
        [
            Flare(onset=AT - timedelta(days=7, minutes=1)),  # older than recent_flare
            Flare(onset=AT + timedelta(hours=1)),  # after the evaluation moment
        ],
    )
    def test_silent_without_recent_flare(self, flare: Flare) -> None:
        """Flares outside the recent window (or in the future) ask for nothing."""
        assert not run(mcas(flares=[flare]), "monitoring.tryptase.acute_sample")

    @pytest.mark.parametrize("unit", ["ng/mL", "ug/L"])
    def test_silent_with_reliable_sample(self, unit: str) -> None:
        """A tryptase 1 h after onset (inferred acute) satisfies it, in either unit."""
        p = mcas(
            flares=[RESOLVED_FLARE], labs=[lab("tryptase", 9, unit, ONSET + timedelta(hours=1))]
        )
        assert not run(p, "monitoring.tryptase.acute_sample")

    def test_late_sample_does_not_count(self) -> None:
        """A sample 5 h after onset is outside the window: the rule fires and cites it."""
        p = mcas(
            flares=[RESOLVED_FLARE], labs=[lab("tryptase", 9, "ng/mL", ONSET + timedelta(hours=5))]
        )
        rec = one(p, "monitoring.tryptase.acute_sample")
        assert [f.input for f in rec.findings] == ["flares[0]", "labs[0]"]

    def test_window_is_an_option(self) -> None:
        """A clinician can narrow the window (e.g. to SEED-B's 30-120 min)."""
        from mastcell.knowledge.tryptase import SamplingWindow

        seed_b = SamplingWindow(
            reliable_from=timedelta(minutes=30),
            ideal_from=timedelta(minutes=30),
            ideal_until=timedelta(hours=2),
            reliable_until=timedelta(hours=2),
            sources=("SEED-B",),
        )
        options = Options(monitoring=MonitoringOptions(acute_sample_window=seed_b))
        p = mcas(flares=[Flare(onset=AT - timedelta(hours=3))])
        assert one(p, "monitoring.tryptase.acute_sample", options).indicator is Indicator.INFO


class TestBaseline:
    """A baseline tryptase is asked for when none is on record (2.6.1)."""

    def test_mast_cell_disorder_without_tryptase(self) -> None:
        """A mast cell disorder with no tryptase at all fires."""
        rec = one(mcas(), "monitoring.tryptase.baseline")
        assert rec.indicator is Indicator.INFO

    def test_silent_with_given_baseline(self) -> None:
        """A tryptase marked baseline satisfies it."""
        p = mcas(labs=[lab("tryptase", 5, "ng/mL", role="baseline")])
        assert not run(p, "monitoring.tryptase.baseline")

    def test_silent_without_reason(self) -> None:
        """No diagnosis, flare or acute sample: nothing to anchor."""
        assert not run(patient(), "monitoring.tryptase.baseline")

    def test_acute_waiting_for_baseline(self) -> None:
        """An acute tryptase with no baseline fires in a patient with no diagnosis, citing it."""
        p = patient(labs=[lab("tryptase", 12, "ug/L", role="acute")])
        rec = one(p, "monitoring.tryptase.baseline")
        assert rec.findings[0].input == "labs[0]"
        assert "cannot be read" in rec.detail

    def test_future_sample_ignored(self) -> None:
        """A baseline drawn after the evaluation moment does not count."""
        p = mcas(labs=[lab("tryptase", 5, "ng/mL", AT + timedelta(days=1), role="baseline")])
        assert run(p, "monitoring.tryptase.baseline")

    def test_names_earliest_time_after_flare(self) -> None:
        """After a resolved flare it names the moment 24 h after resolution (S24)."""
        rec = one(mcas(flares=[RESOLVED_FLARE]), "monitoring.tryptase.baseline")
        assert RESOLVED_FLARE.resolved is not None
        assert (RESOLVED_FLARE.resolved + timedelta(hours=24)).isoformat() in rec.detail


class TestCriterion:
    """The latest acute tryptase is read against its baseline by the 20 % + 2 rule (2.6.1)."""

    @pytest.mark.parametrize(
        ("acute", "unit", "code", "comparison"),
        [
            (8.5, "ng/mL", "monitoring.tryptase.criterion_met", ">"),  # 2.6.1 worked example
            (8.0, "ng/mL", "monitoring.tryptase.criterion_not_met", "<="),  # at: not met
            (7.9, "ng/mL", "monitoring.tryptase.criterion_not_met", "<="),
            (8.01, "ug/L", "monitoring.tryptase.criterion_met", ">"),
            (8.0, "ug/L", "monitoring.tryptase.criterion_not_met", "<="),
            (8000, "pg/mL", "monitoring.tryptase.criterion_not_met", "<="),
            (8100, "pg/mL", "monitoring.tryptase.criterion_met", ">"),
        ],
    )
    def test_threshold_table(self, acute: float, unit: str, code: str, comparison: str) -> None:
        """Baseline 5.0 ng/mL: threshold 8.0; met only strictly above, in any unit."""
        p = mcas(
            flares=[RESOLVED_FLARE],
            labs=[
                lab("tryptase", acute, unit, ONSET + timedelta(hours=1)),
                lab("tryptase", 5.0, "ug/L", ONSET + timedelta(days=3)),
            ],
        )
        report = evaluate(p, at=AT, categories=["monitoring"])
        other = (
            "monitoring.tryptase.criterion_not_met"
            if code.endswith("criterion_met")
            else "monitoring.tryptase.criterion_met"
        )
        assert not report.get(other)
        (rec,) = report.get(code)
        acute_finding = rec.findings[0]
        assert (acute_finding.input, acute_finding.threshold) == ("labs[0]", 8.0)
        assert acute_finding.comparison is not None
        assert acute_finding.comparison.value == comparison
        assert rec.findings[1].input == "labs[1]"

    def test_nearest_baseline_used(self) -> None:
        """The baseline closest in time to the acute sample is the one compared."""
        p = mcas(
            flares=[RESOLVED_FLARE],
            labs=[
                lab("tryptase", 3.0, "ng/mL", ONSET - timedelta(days=300)),
                lab("tryptase", 9.0, "ng/mL", ONSET + timedelta(hours=1)),
                lab("tryptase", 5.0, "ng/mL", ONSET + timedelta(days=3)),
            ],
        )
        rec = one(p, "monitoring.tryptase.criterion_met")
        assert rec.findings[1].input == "labs[2]"

    def test_late_negative_is_inconclusive(self) -> None:
        """A late sample below the threshold is called inconclusive, not negative."""
        p = mcas(
            flares=[RESOLVED_FLARE],
            labs=[
                lab("tryptase", 6.0, "ng/mL", ONSET + timedelta(hours=5)),
                lab("tryptase", 5.0, "ng/mL", ONSET + timedelta(days=3)),
            ],
        )
        rec = one(p, "monitoring.tryptase.criterion_not_met")
        assert "does not exclude" in rec.detail

    def test_silent_without_baseline(self) -> None:
        """Without a baseline there is nothing to compare."""
        p = mcas(labs=[lab("tryptase", 30, "ng/mL", role="acute")])
        assert not run(p, "monitoring.tryptase.criterion_met")
        assert not run(p, "monitoring.tryptase.criterion_not_met")


class TestSampleTiming:
    """An acute tryptase outside 15 min-4 h after onset is flagged (2.6.1; S22, S24, S25)."""

    @pytest.mark.parametrize(
        ("after", "fires"),
        [
            (timedelta(minutes=14), True),  # 0-15 min: low reliability
            (timedelta(minutes=15), False),
            (timedelta(hours=4), False),  # no later than 4 h
            (timedelta(hours=4, minutes=1), True),
            (timedelta(hours=20), True),
        ],
    )
    def test_window(self, after: timedelta, fires: bool) -> None:
        """Just inside each bound is silent; just outside fires."""
        p = mcas(
            flares=[Flare(onset=ONSET)],
            labs=[lab("tryptase", 9, "ug/L", ONSET + after, role="acute")],
        )
        found = run(p, "monitoring.tryptase.sample_timing")
        assert bool(found) is fires
        if fires:
            assert found[0].findings[1].unit == "min"

    def test_acute_without_flare_asks_for_onset(self) -> None:
        """A sample marked acute with no flare on record asks for the flare's onset."""
        rec = one(
            patient(labs=[lab("tryptase", 9, "ng/mL", role="acute")]),
            "monitoring.tryptase.sample_timing",
        )
        assert rec.summary.startswith("Record the onset")


class TestBaselineElevated:
    """A baseline above 20 ng/mL (SM minor criterion, S27) calls for an SM work-up."""

    @pytest.mark.parametrize(
        ("value", "unit", "fires"),
        [
            (20.0, "ng/mL", False),  # 2.6.2: > 20, strictly
            (20.1, "ng/mL", True),
            (19.9, "ug/L", False),
            (20.0, "ug/L", False),
            (20.1, "ug/L", True),
            (20100, "pg/mL", True),
        ],
    )
    def test_threshold(self, value: float, unit: str, fires: bool) -> None:
        """At, below and above 20 ng/mL, in three units."""
        p = mcas(labs=[lab("tryptase", value, unit, role="baseline")])
        found = run(p, "monitoring.tryptase.baseline_elevated")
        assert bool(found) is fires
        if fires:
            assert found[0].indicator is Indicator.WARNING
            assert found[0].findings[0].threshold == 20.0

    @pytest.mark.parametrize(
        ("value", "copies", "fires"),
        [(30.0, 1, False), (40.0, 1, False), (41.0, 1, True), (30.0, 0, True), (61.0, 2, True)],
    )
    def test_hat_adjusted(self, value: float, copies: int, fires: bool) -> None:
        """With a known TPSAB1 copy number the adjusted value is compared (S11, S26)."""
        p = mcas(
            labs=[lab("tryptase", value, "ng/mL", role="baseline")], tpsab1_extra_copies=copies
        )
        found = run(p, "monitoring.tryptase.baseline_elevated")
        assert bool(found) is fires
        if fires:
            assert found[0].findings[1].derived

    def test_silent_in_known_sm(self) -> None:
        """A patient already diagnosed with SM needs no work-up for this criterion."""
        p = patient(diagnoses=["ism"], labs=[lab("tryptase", 45, "ng/mL", role="baseline")])
        assert not run(p, "monitoring.tryptase.baseline_elevated")

    def test_b_finding_mentioned(self) -> None:
        """Above 200 ng/mL the detail names the WHO B-finding."""
        p = mcas(labs=[lab("tryptase", 210, "ng/mL", role="baseline")])
        assert "B-finding" in one(p, "monitoring.tryptase.baseline_elevated").detail

    def test_acute_value_is_not_a_baseline(self) -> None:
        """A high acute sample does not trigger the baseline criterion."""
        p = mcas(labs=[lab("tryptase", 45, "ng/mL", role="acute")])
        assert not run(p, "monitoring.tryptase.baseline_elevated")


class TestHatConsider:
    """A baseline of 8 ng/mL or more with symptoms suggests TPSAB1 testing (2.6.2, S26)."""

    @pytest.mark.parametrize(
        ("value", "unit", "fires"),
        [(7.99, "ng/mL", False), (8.0, "ng/mL", True), (8.0, "ug/L", True), (7.9, "ug/L", False)],
    )
    def test_threshold(self, value: float, unit: str, fires: bool) -> None:
        """At 8 ng/mL it fires (>=), just below it is silent, in ng/mL and µg/L."""
        p = mcas(labs=[lab("tryptase", value, unit, role="baseline")])
        assert bool(run(p, "monitoring.tryptase.hat_consider")) is fires

    @pytest.mark.parametrize(
        "fields",
        [{"tpsab1_extra_copies": 0}, {"diagnoses": ["mcas", "hat"]}],
    )
    def test_silent_when_known(self, fields: dict[str, Any]) -> None:
        """A known copy number or an HaT diagnosis needs no test."""
        base: dict[str, Any] = {"diagnoses": ["mcas"], **fields}
        p = patient(labs=[lab("tryptase", 12, "ng/mL", role="baseline")], **base)
        assert not run(p, "monitoring.tryptase.hat_consider")

    def test_asymptomatic_silent(self) -> None:
        """No disorder, no flare and symptoms controlled: genotyping is not advised."""
        p = patient(
            labs=[lab("tryptase", 12, "ng/mL", role="baseline")], symptom_control="controlled"
        )
        assert not run(p, "monitoring.tryptase.hat_consider")

    def test_unknown_symptoms_asks(self) -> None:
        """With nothing saying whether there are symptoms, it asks for that first."""
        p = patient(labs=[lab("tryptase", 12, "ng/mL", role="baseline")])
        rec = one(p, "monitoring.tryptase.hat_consider")
        assert "record whether" in rec.summary


class TestTpsab1AdviceHasOneHome:
    """TPSAB1 testing is advised by monitoring.tryptase.hat_consider alone (issue 19); other
    texts that touch it refer to it."""

    _POINTER = "left to monitoring.tryptase.hat_consider"

    def test_baseline_elevated_refers_to_hat_consider(self) -> None:
        """A baseline of 30 ng/mL: hat_consider advises testing, baseline_elevated refers to it."""
        p = mcas(labs=[lab("tryptase", 30, "ng/mL", role="baseline")])
        advice = one(p, "monitoring.tryptase.hat_consider").detail
        elevated = one(p, "monitoring.tryptase.baseline_elevated").detail
        assert "TPSAB1 copy-number testing by ddPCR" in advice
        assert "copy-number testing" not in elevated
        assert self._POINTER in elevated

    def test_pointer_stays_true_when_hat_consider_is_silent(self) -> None:
        """Above 285.1 ng/mL hat_consider is silent (no genotype explains it); the pointer says it
        advises only when it applies, and gives no advice of its own."""
        p = mcas(labs=[lab("tryptase", 300, "ng/mL", role="baseline")])
        assert not run(p, "monitoring.tryptase.hat_consider")
        elevated = one(p, "monitoring.tryptase.baseline_elevated").detail
        assert "which gives that advice when it applies" in elevated

    @pytest.mark.parametrize(
        ("fields", "text"),
        [
            ({"tpsab1_extra_copies": 1}, "After the HaT adjustment for 1 extra TPSAB1 copies"),
            ({"diagnoses": ["mcas", "hat"]}, "HaT is diagnosed but the TPSAB1 copy number"),
        ],
    )
    def test_no_pointer_when_the_genotype_is_settled(
        self, fields: dict[str, Any], text: str
    ) -> None:
        """With a known copy number or an HaT diagnosis there is nothing to test: no pointer."""
        base: dict[str, Any] = {"diagnoses": ["mcas"], **fields}
        p = patient(labs=[lab("tryptase", 50, "ng/mL", role="baseline")], **base)
        elevated = one(p, "monitoring.tryptase.baseline_elevated").detail
        assert text in elevated
        assert "hat_consider" not in elevated

    def test_no_other_recommendation_gives_the_advice_in_the_golden_reports(self) -> None:
        """Across every golden report, a text outside hat_consider that speaks of testing or
        genotyping TPSAB1 refers to hat_consider, and none says "copy-number testing"."""
        import gzip
        import json
        import re
        from pathlib import Path

        golden = Path(__file__).parent / "golden" / "reports.jsonl.gz"
        touches = re.compile(r"TPSAB1[^.]*(test|genotyp)|(test|genotyp)\w*[^.]*TPSAB1", re.I)
        seen = {"hat_consider": 0, "pointer": 0}
        with gzip.open(golden, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if "report" not in record:
                    continue
                for rec in json.loads(record["report"])["recommendations"]:
                    text = f"{rec['summary']} {rec['detail']}"
                    if rec["code"] == "monitoring.tryptase.hat_consider":
                        seen["hat_consider"] += 1
                        continue
                    assert "copy-number testing" not in text, rec["code"]
                    if touches.search(text):
                        assert "monitoring.tryptase.hat_consider" in text, (rec["code"], text)
                        seen["pointer"] += 1
        assert seen["hat_consider"] > 0
        assert seen["pointer"] > 0


class TestReassess:
    """A started or changed anti-mediator therapy is reassessed 4-6 weeks on (SEED-B; S12)."""

    @pytest.mark.parametrize(
        ("days", "fires"),
        [(0, True), (10, True), (42, True), (43, False), (-1, False)],
    )
    def test_window(self, days: int, fires: bool) -> None:
        """Started 0-42 days ago (6 weeks) fires; earlier or in the future does not."""
        start = AT.date() - timedelta(days=days)
        p = mcas(medications=[med("cetirizine", 10, frequency="daily", start=start)])
        found = run(p, "monitoring.reassess")
        assert bool(found) is fires
        if fires:
            rec = found[0]
            assert (start + timedelta(weeks=4)).isoformat() in rec.summary
            assert (start + timedelta(weeks=6)).isoformat() in rec.summary
            assert "SEED-ONLY" in rec.detail

    @pytest.mark.parametrize(
        "medication",
        [
            med("cetirizine", 10, frequency="daily"),  # no start date
            med("cetirizine", 10, frequency="daily", start=date(2026, 11, 12), status="stopped"),
            med("midostaurin", 100, frequency="bid", start=date(2026, 11, 12)),  # not anti-mediator
        ],
    )
    def test_silent(self, medication: Any) -> None:
        """Undated, stopped or non-anti-mediator drugs do not trigger it."""
        assert not run(mcas(medications=[medication]), "monitoring.reassess")

    def test_cromolyn_timings(self) -> None:
        """Cromolyn adds its 2-3 week titration check and 2-6 week onset (A7, A8; S12)."""
        start = date(2026, 11, 10)
        p = mcas(medications=[med("Gastrocrom", 200, frequency="qid", start=start)])
        rec = one(p, "monitoring.reassess")
        assert (start + timedelta(weeks=2)).isoformat() in rec.detail
        assert (start + timedelta(weeks=6)).isoformat() in rec.detail
        assert "S12" in rec.sources

    def test_window_is_an_option(self) -> None:
        """The SEED-ONLY 4-6 weeks can be changed by a clinician."""
        options = Options(
            monitoring=attrs.evolve(MonitoringOptions(), reassess_until=timedelta(weeks=8))
        )
        start = AT.date() - timedelta(days=50)
        p = mcas(medications=[med("famotidine", 20, frequency="bid", start=start)])
        assert one(p, "monitoring.reassess", options)


def _branch_patients() -> list[tuple[str, Patient]]:
    """One patient per branch of the monitoring texts, several the golden patients never reach."""
    t = ONSET
    tryptase = Analyte.TRYPTASE.value
    return [
        (
            "hat diagnosed, copies unknown",
            patient(diagnoses=["mcas", "hat"], labs=[lab(tryptase, 25, "ng/mL", role="baseline")]),
        ),
        ("b-finding level", patient(labs=[lab(tryptase, 250, "ng/mL", role="baseline")])),
        (
            "hat-adjusted",
            patient(labs=[lab(tryptase, 50, "ng/mL", role="baseline")], tpsab1_extra_copies=1),
        ),
        (
            "conflicting, higher used",
            patient(
                labs=[
                    lab(tryptase, 12, "ng/mL", t),
                    lab(tryptase, 10, "ng/mL", t),
                    lab("anc", 1.2, "10*9/L", AT + timedelta(days=1)),
                    lab("anc", 0.8, "10*9/L", AT + timedelta(days=1)),
                ]
            ),
        ),
        (
            "too early, met",
            mcas(
                flares=[Flare(onset=t)],
                labs=[
                    lab(tryptase, 5, "ng/mL", t - timedelta(days=2), role="baseline"),
                    lab(tryptase, 30, "ng/mL", t + timedelta(minutes=5), role="acute"),
                ],
            ),
        ),
        (
            "too late, not met",
            mcas(
                flares=[RESOLVED_FLARE],
                labs=[
                    lab(tryptase, 5, "ng/mL", t - timedelta(days=2), role="baseline"),
                    lab(tryptase, 6, "ng/mL", t + timedelta(hours=5), role="acute"),
                ],
            ),
        ),
        (
            "acute only, resolved flare",
            mcas(flares=[RESOLVED_FLARE], labs=[lab(tryptase, 9, "ng/mL", t + timedelta(hours=1))]),
        ),
        ("window not yet ideal", mcas(flares=[Flare(onset=AT - timedelta(minutes=10))])),
        (
            "cromolyn and cetirizine",
            mcas(
                medications=[
                    med("cromolyn", 200, frequency="qid", start=AT.date() - timedelta(days=10)),
                    med("cetirizine", 10, frequency="daily", start=AT.date() - timedelta(days=3)),
                ]
            ),
        ),
        ("symptoms unknown", patient(labs=[lab(tryptase, 12, "ng/mL", role="baseline")])),
        (
            "controlled",
            patient(
                labs=[lab(tryptase, 12, "ng/mL", role="baseline")],
                symptom_control="controlled",
                reactions=[Reaction(agent="penicillin", severity="mild")],
            ),
        ),
        (
            "anaphylaxis",
            patient(
                labs=[lab(tryptase, 12, "ng/mL", role="baseline")],
                reactions=[Reaction(agent="penicillin", severity="anaphylaxis")],
            ),
        ),
    ]


#: Per branch patient, words its monitoring report must hold (the branch was reached).
_REACHED = {
    "hat diagnosed, copies unknown": "HaT is diagnosed but the TPSAB1 copy number",
    "b-finding level": "one item of the WHO 2022 B-finding",
    "hat-adjusted": "After the HaT adjustment for 1 extra TPSAB1 copies",
    "conflicting, higher used": "the higher was used",
    "too early, met": "the rise may not have begun",
    "too late, not met": "a result below the threshold does not exclude",
    "acute only, resolved flare": "after resolution)",
    "window not yet ideal": "Draw a serum tryptase from ",
    "cromolyn and cetirizine": "Cromolyn: if symptoms are not controlled",
    "symptoms unknown": "record whether the patient has symptoms",
    "controlled": "",
    "anaphylaxis": "consider TPSAB1 copy-number testing",
}


#: The branch patients, every category and the monitoring category alone: their reports are
#: golden ones (``tests/golden/branches.jsonl.gz``, first recorded while the differential
#: harness required them to be the oracle's).
RUNS = [
    *runs("monitoring", _branch_patients()),
    *runs("monitoring alone", _branch_patients(), categories=["monitoring"]),
]


class TestConvertedAsBefore:
    """Issue 20: the converted tryptase and monitoring rules on the branches the golden
    patients do not all reach (their reports, text and reviewed inputs included, are golden)."""

    @pytest.mark.parametrize(("name", "p"), _branch_patients())
    def test_same_report(self, name: str, p: Patient) -> None:
        """Every category and the monitoring category alone keep the promises; the branch is
        reached."""
        assert_sound(Run(name, p, AT))
        assert_sound(Run(name, p, AT, categories=frozenset({Category.MONITORING})))
        report = evaluate(p, at=AT, categories=["monitoring"])
        words = " ".join(f"{r.summary} {r.detail}" for r in report)
        if _REACHED[name]:
            assert _REACHED[name] in words
        else:  # controlled symptoms: HaT testing not advised, the reads still accounted
            assert not report.get("monitoring.tryptase.hat_consider")
            assert {"reactions[0]", "symptom_control"} <= {r.input for r in report.reviewed_inputs}
