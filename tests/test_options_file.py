"""Site options from a JSON or TOML file (issue 18, item 7), and the options every output states."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mastcell import InputError, Options, evaluate, patient_from_dict
from mastcell.cohort.compact import compact_report
from mastcell.interchange import report_from_dict, report_schema, to_dict
from mastcell.knowledge.emergency import EpinephrineSwitch
from mastcell.knowledge.options import (
    CytopeniaOptions,
    EmergencyOptions,
    load_options,
    options_from_dict,
    options_to_dict,
)

AT = "2026-11-22T12:00:00Z"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "src" / "mastcell" / "examples" / "mcas-leukopenia.json"

TOML = """
[cytopenia]
count_max_age = "P21D"
hold_review_grade = 4

[emergency]
epinephrine_switch = "aap"

[perioperative]
assumed_start = "07:30"
morphine = "caution"

[medication]
accept_higher_maximum = ["MX7"]

[monitoring.acute_sample_window]
reliable_from = "PT10M"
ideal_from = "PT30M"
ideal_until = "PT2H"
reliable_until = "PT6H"
"""


class TestReading:
    """A file is read into the same Options type; every problem names its key."""

    def test_toml_and_json_agree(self, tmp_path: Path) -> None:
        """The same settings in TOML and in JSON give equal Options, each value typed."""
        (tmp_path / "site.toml").write_text(TOML, encoding="utf-8")
        from_toml = load_options(tmp_path / "site.toml")
        (tmp_path / "site.json").write_text(
            json.dumps(options_to_dict(from_toml)), encoding="utf-8"
        )
        assert load_options(tmp_path / "site.json") == from_toml
        assert from_toml.cytopenia.count_max_age == dt.timedelta(days=21)
        assert from_toml.cytopenia.hold_review_grade == 4
        assert from_toml.emergency.epinephrine_switch is EpinephrineSwitch.AAP
        assert from_toml.perioperative.assumed_start == dt.time(7, 30)
        assert from_toml.medication.accept_higher_maximum == frozenset({"MX7"})
        window = from_toml.monitoring.acute_sample_window
        assert window.reliable_until == dt.timedelta(hours=6)

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"cytopenia": {"count_max_age": 14}}, "cytopenia.count_max_age: expected an ISO"),
            ({"cytopenia": {"count_max_age": "14 days"}}, "cytopenia.count_max_age: expected"),
            ({"cytopenia": {"hold_review_grade": 5}}, "cytopenia.hold_review_grade: "),
            ({"cytopenia": {"hold_review_grade": True}}, "cytopenia.hold_review_grade: expected"),
            ({"cytopenia": {"max_age": "P1D"}}, "cytopenia.max_age: unknown setting"),
            ({"site": {"x": 1}}, "site: unknown area"),
            (
                {"emergency": {"epinephrine_switch": "eu"}},
                "emergency.epinephrine_switch: expected one of label, aap",
            ),
            ({"emergency": "aap"}, "emergency: expected a table"),
            (
                {"perioperative": {"assumed_start": "8am"}},
                "perioperative.assumed_start: expected a time",
            ),
            (
                {"perioperative": {"premedication_h1": "cetirizine"}},
                "perioperative.premedication_h1: ",
            ),
            ({"perioperative": {"morphine": "banned"}}, "perioperative.morphine: expected one of"),
            (
                {"medication": {"accept_higher_maximum": ["MX99"]}},
                "medication.accept_higher_maximum: expected any of",
            ),
            (
                {"medication": {"accept_higher_maximum": "MX7"}},
                "medication.accept_higher_maximum: expected a list",
            ),
            (
                {"antimediator": {"aspirin_min_platelets": "fifty"}},
                "antimediator.aspirin_min_platelets: expected a number",
            ),
            (
                {"antimediator": {"aspirin_min_platelets": float("nan")}},
                "antimediator.aspirin_min_platelets: expected a number",
            ),
            (
                {"antimediator": {"leukotriene_if_lte4_elevated": "yes"}},
                "antimediator.leukotriene_if_lte4_elevated: expected true or false",
            ),
            (
                {"monitoring": {"acute_sample_window": {"reliable_from": "PT1H"}}},
                "monitoring.acute_sample_window: expected exactly the keys",
            ),
            (
                {
                    "monitoring": {
                        "acute_sample_window": {
                            "reliable_from": "PT5H",
                            "ideal_from": "PT30M",
                            "ideal_until": "PT2H",
                            "reliable_until": "PT4H",
                        }
                    }
                },
                "monitoring.acute_sample_window: sampling window bounds must be ordered",
            ),
            ([], "(options): expected a table of areas"),
        ],
    )
    def test_bad_setting_names_its_key(self, data: Any, message: str) -> None:
        """A bad area, setting or value is an InputError whose message starts with its key."""
        with pytest.raises(InputError) as caught:
            options_from_dict(data)
        assert any(e.startswith(message) for e in caught.value.errors), caught.value.errors

    def test_every_problem_is_reported(self) -> None:
        """Two bad settings give two messages, not the first alone."""
        with pytest.raises(InputError) as caught:
            options_from_dict({"cytopenia": {"count_max_age": 1, "hold_review_grade": 9}})
        assert len(caught.value.errors) == 2

    def test_null_and_none_unset_an_optional_setting(self, tmp_path: Path) -> None:
        """JSON null and TOML "none" both switch the aspirin platelet floor off."""
        assert options_from_dict({"antimediator": {"aspirin_min_platelets": None}}) == (
            options_from_dict({"antimediator": {"aspirin_min_platelets": "none"}})
        )
        got = options_from_dict({"antimediator": {"aspirin_min_platelets": None}})
        assert got.antimediator.aspirin_min_platelets is None

    @pytest.mark.parametrize(
        ("name", "text", "message"),
        [
            ("site.toml", "[cytopenia\n", "is not valid TOML"),
            ("site.json", "{", "invalid JSON"),
            ("site.yaml", "cytopenia: {}", "expected a .json or .toml file"),
            ("site.json", '{"a": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]}', "nested deeper"),
        ],
    )
    def test_bad_file(self, tmp_path: Path, name: str, text: str, message: str) -> None:
        """An unreadable, malformed or unknown kind of file is an InputError saying so."""
        (tmp_path / name).write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=message):
            load_options(tmp_path / name)

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is an InputError naming --options."""
        with pytest.raises(InputError, match=r"^--options: cannot read"):
            load_options(tmp_path / "nope.toml")


_changes = st.fixed_dictionaries(
    {},
    optional={
        "cytopenia": st.fixed_dictionaries(
            {},
            optional={
                "count_max_age": st.integers(1, 400).map(lambda d: f"P{d}D"),
                "hold_review_grade": st.sampled_from([2, 3, 4]),
                "marrow_below_c_finding": st.booleans(),
            },
        ),
        "emergency": st.fixed_dictionaries(
            {},
            optional={
                "auto_injectors_to_carry": st.integers(0, 4),
                "epinephrine_switch": st.sampled_from(["label", "aap"]),
            },
        ),
        "antimediator": st.fixed_dictionaries(
            {},
            optional={
                "aspirin_min_platelets": st.one_of(st.none(), st.floats(0, 500)),
                "famotidine_dosing": st.sampled_from(["review", "label_trials"]),
            },
        ),
        "perioperative": st.fixed_dictionaries(
            {},
            optional={
                "horizon": st.integers(0, 10_000).map(lambda h: f"PT{h}H"),
                "succinylcholine": st.sampled_from(["avoid", "caution", "acceptable"]),
            },
        ),
    },
)


class TestRoundTrip:
    """options_to_dict and options_from_dict are inverse."""

    @given(_changes)
    def test_data_round_trip(self, data: dict[str, Any]) -> None:
        """Any settings read back from their written form are the same Options, full or changed-only."""
        options = options_from_dict(data)
        assert options_from_dict(options_to_dict(options)) == options
        assert options_from_dict(options_to_dict(options, changed_only=False)) == options

    def test_defaults_are_empty(self) -> None:
        """mastcell's defaults are written as {} and read back as Options()."""
        assert options_to_dict(Options()) == {}
        assert options_from_dict({}) == Options()


def _patient() -> Any:
    return patient_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))


class TestOutputsStateTheirOptions:
    """Reports, compact reports, the CLI and cohort summaries state the options they ran under."""

    def test_two_sites_reports_differ_in_options(self) -> None:
        """Two sites' reports of one patient carry different options, and read back equal."""
        site_a = Options()
        site_b = Options(emergency=EmergencyOptions(epinephrine_switch="aap"))
        a = evaluate(_patient(), at=AT, options=site_a)
        b = evaluate(_patient(), at=AT, options=site_b)
        assert to_dict(a)["options"] == {}
        assert to_dict(b)["options"] == {"emergency": {"epinephrine_switch": "aap"}}
        assert report_from_dict(to_dict(b)) == b
        assert compact_report(b)["options"] == {"emergency": {"epinephrine_switch": "aap"}}
        assert "Site options: emergency.epinephrine_switch=aap" in b.render_text()
        assert "Site options" not in a.render_text()

    def test_report_without_options_still_reads(self) -> None:
        """A report written before the field existed reads back with the default options."""
        data = to_dict(evaluate(_patient(), at=AT))
        del data["options"]
        assert report_from_dict(data).options == Options()
        assert "options" not in report_schema()["$defs"]["Report"]["required"]

    def test_report_with_bad_options_is_refused(self) -> None:
        """A stored report whose options do not validate is an InputError naming the key."""
        data = to_dict(evaluate(_patient(), at=AT))
        data["options"] = {"cytopenia": {"count_max_age": "soon"}}
        with pytest.raises(InputError, match="count_max_age"):
            report_from_dict(data)

    def test_evaluate_command(self, tmp_path: Path) -> None:
        """`mastcell evaluate --options FILE` applies them and the JSON report states them."""
        (tmp_path / "site.toml").write_text(
            '[cytopenia]\ncount_max_age = "P21D"\n', encoding="utf-8"
        )
        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "evaluate", str(EXAMPLE), "--at", AT,
             "--format", "json", "--options", str(tmp_path / "site.toml")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["options"] == {"cytopenia": {"count_max_age": "P21D"}}

    def test_evaluate_command_bad_options(self, tmp_path: Path) -> None:
        """A bad options file is bad input (exit 2) naming the key, nothing evaluated."""
        (tmp_path / "site.json").write_text('{"cytopenia": {"count_max_ag": "P1D"}}')
        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "evaluate", str(EXAMPLE), "--at", AT,
             "--options", str(tmp_path / "site.json"), "--errors", "json"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert json.loads(done.stderr)["errors"][0]["path"] == "cytopenia.count_max_ag"
        assert done.stdout == ""

    def test_cohort_command(self, tmp_path: Path) -> None:
        """`mastcell cohort --options FILE`: every report and the summary state the options.

        Two worker processes, one line each: the options reach the workers.
        """
        (tmp_path / "site.json").write_text('{"emergency": {"epinephrine_switch": "aap"}}')
        line = EXAMPLE.read_text(encoding="utf-8").replace("\n", " ") + "\n"
        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "cohort", "-", "--at", AT, "--out", "-",
             "--workers", "2", "--chunk-size", "1", "--options", str(tmp_path / "site.json")],
            input=line * 2, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        reports = [json.loads(x) for x in done.stdout.splitlines()]
        assert [r["options"] for r in reports] == [{"emergency": {"epinephrine_switch": "aap"}}] * 2
        assert 'options: {"emergency": {"epinephrine_switch": "aap"}}' in done.stderr

    def test_cohort_parquet_states_options_and_summary(self, tmp_path: Path) -> None:
        """Parquet: the options (``mastcell.options``) beside the summary (``mastcell.summary``)."""
        import pyarrow.parquet as pq

        from mastcell.cli import main

        (tmp_path / "site.toml").write_text('[emergency]\nepinephrine_switch = "aap"\n')
        (tmp_path / "in.jsonl").write_text(
            EXAMPLE.read_text(encoding="utf-8").replace("\n", " ") + "\n", encoding="utf-8"
        )
        out = tmp_path / "out.parquet"
        status = main(
            ["cohort", str(tmp_path / "in.jsonl"), "--at", AT, "--out", str(out),
             "--workers", "1", "--options", str(tmp_path / "site.toml")]
        )  # fmt: skip
        assert status == 0
        stated = {"emergency": {"epinephrine_switch": "aap"}}
        assert json.loads(pq.read_schema(out).metadata[b"mastcell.options"]) == stated
        summary = json.loads(pq.read_metadata(out).metadata[b"mastcell.summary"])
        assert (summary["complete"], summary["reports"], summary["options"]) == (True, 1, stated)

    def test_cohort_parquet_defaults_stated_as_empty(self, tmp_path: Path) -> None:
        """Without --options the file still states them: ``{}``, mastcell's defaults."""
        import pyarrow.parquet as pq

        from mastcell.cli import main

        (tmp_path / "in.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
        out = tmp_path / "out.parquet"
        assert main(["cohort", str(tmp_path / "in.jsonl"), "--at", AT, "--out", str(out),
                     "--workers", "1"]) == 0  # fmt: skip
        assert pq.read_schema(out).metadata[b"mastcell.options"] == b"{}"
        assert json.loads(pq.read_metadata(out).metadata[b"mastcell.summary"])["options"] == {}

    def test_a_stopped_run_states_its_options(self) -> None:
        """The summary record of a partial output, and the printed summary, state the options."""
        from mastcell.cohort.summary import CohortSummary

        summary = CohortSummary(
            complete=False,
            reason="stopped by SIGTERM",
            options=Options(emergency=EmergencyOptions(epinephrine_switch=EpinephrineSwitch.AAP)),
        )
        stated = {"emergency": {"epinephrine_switch": "aap"}}
        assert summary.to_record()["summary"]["options"] == stated
        assert str(summary).splitlines()[-1] == f"mastcell cohort: options: {json.dumps(stated)}"
        assert options_from_dict(summary.to_record()["summary"]["options"]) == summary.options

    def test_cohort_bad_options_write_nothing(self, tmp_path: Path) -> None:
        """A bad options file: exit 2 before the output is opened (no file, no partial)."""
        from mastcell.cli import main

        (tmp_path / "site.json").write_text('{"emergency": {"epinephrine_switch": "eu"}}')
        (tmp_path / "in.jsonl").write_text('{"id": "a"}\n', encoding="utf-8")
        status = main(
            ["cohort", str(tmp_path / "in.jsonl"), "--at", AT, "--out", str(tmp_path / "o.ndjson"),
             "--workers", "1", "--options", str(tmp_path / "site.json")]
        )  # fmt: skip
        assert status == 2
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "site.json"]

    def test_cohort_command_bad_options(self, tmp_path: Path) -> None:
        """A bad options file stops the cohort before any work (exit 2), naming the key."""
        (tmp_path / "site.json").write_text('{"emergency": {"epinephrine_switch": "eu"}}')
        done = subprocess.run(
            [sys.executable, "-m", "mastcell", "cohort", "-", "--at", AT, "--out", "-",
             "--workers", "1", "--options", str(tmp_path / "site.json")],
            input="", capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 2
        assert "emergency.epinephrine_switch" in done.stderr

    def test_cytopenia_option_changes_a_decision(self) -> None:
        """The options reach the rules: a 20-day-old count is stale by default, fresh at P21D."""
        base = {
            "id": "o",
            "diagnoses": ["asm"],
            "medications": [{"drug": "midostaurin", "dose": {"value": 100, "unit": "mg"},
                             "frequency": "bid", "status": "active"}],
            "labs": [{"analyte": "anc", "value": 0.5, "unit": "10*9/L",
                      "time": "2026-11-02T12:00:00Z"}],
        }  # fmt: skip
        patient = patient_from_dict(base)
        default = evaluate(patient, at=AT)
        longer = evaluate(
            patient,
            at=AT,
            options=Options(cytopenia=CytopeniaOptions(count_max_age=dt.timedelta(days=21))),
        )
        assert "cytopenia.midostaurin.interrupt" not in default.codes
        assert "cytopenia.midostaurin.interrupt" in longer.codes
