"""The columnar versions of converted rules, as data: where each decides, what it reads.

Each :class:`ColumnRule` names the registered rule it stands for (the rule keeps its codes,
sources and triggers in :mod:`mastcell.rules`; nothing here restates them) and gives
expressions over the frame of :mod:`mastcell.columns.frame`:

- ``decides``: where the columnar version gives exactly the rule's output (a patient for whom
  it does not goes through the per-patient engine);
- ``reads``: the input paths the rule reads there, as its declared reads would list them for
  the stages it reaches (the report's accounting: an input no rule read is unused);
- or ``stages``: how many of its declared stages it reaches there, the accounting then
  coming from the rule's declared reads (:mod:`mastcell.columns.declared`).

The first versions are the rules every patient with an age, a medication or a lab result
meets: the dose maxima, the epinephrine strength and the embryo-fetal check (silent and
reading only the age when no medication is recorded: ``upto(0)`` in each), the censored-value
check (silent, reading nothing, when no result is a bound) and the conflicting-results check
(silent, reading nothing, when no two results of one analyte share a draw instant with
different values). Then the count rules every patient with a WBC, ANC or platelet count
meets, silent without a low count or without their drug (the low-count test and its bounds
read from the CTCAE scales, :mod:`mastcell.columns.counts`; the NSAID bound from the options),
and the medication list checks, silent without a withdrawn drug, a repeated ingredient or
avapritinib (the withdrawn drugs read from the catalogue). Each is *silent* wherever it decides: a patient for whom one of them
would fire goes through the per-patient engine. A rule joins by adding an entry; the gate
and the fallback do not change. A rule that fires columnarly needs one more expression, its
compact recommendations with the paths they cite (the next step: the midostaurin count rows
of issue 20's proof of concept).

>>> len(COLUMN_RULES), sorted(r.rule.rsplit(".", 1)[1] for r in COLUMN_RULES)[:4]
(14, ['antimediator_continue', 'avapritinib_above_max', 'avapritinib_platelets', 'censored_value'])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from mastcell.columns.counts import none_low
from mastcell.model import Analyte
from mastcell.reads import CountRead

if TYPE_CHECKING:
    import polars as pl

    from mastcell.knowledge.options import Options
    from mastcell.rules.registry import Rule

__all__ = ["COLUMN_RULES", "ColumnRule", "age_paths", "medication_paths", "no_paths"]


@attrs.frozen(kw_only=True)
class ColumnRule:
    """The columnar version of a registered rule (see the module).

    The expressions are built on first use (polars is imported lazily), from functions.

    >>> r = next(r for r in COLUMN_RULES if r.rule.endswith("censored_value"))
    >>> r.rule
    'mastcell.rules.labs.censored_value'
    """

    #: The registered rule's name (``mastcell.rules.labs.censored_value``).
    rule: str
    #: Boolean, under the run's options: the columnar version gives exactly the rule's
    #: output for this patient.
    decides: Callable[[Options], pl.Expr]
    #: List of strings: the input paths the rule reads for this patient, where it decides,
    #: besides those its declared stages give (``stages``).
    reads: Callable[[], pl.Expr] = attrs.field(factory=lambda: no_paths)
    #: How many of the rule's declared stages of reads it reaches where it decides (None: the
    #: paths are all in ``reads``). Their lab results are accounted for from the declared
    #: reads, and the version decides only where their medication reads match nothing
    #: (:mod:`mastcell.columns.declared`).
    stages: int | None = None


def no_paths() -> pl.Expr:
    """No input read.

    >>> no_paths().meta.output_name()
    'literal'
    """
    import polars as pl

    return pl.lit([], dtype=pl.List(pl.String))


def age_paths() -> pl.Expr:
    """The paths of ``mastcell.reads.AGE``: the birth date when given, else the age.

    (A patient gives one or the other, never both: the model refuses both.)

    >>> from mastcell.testing import AT, patient
    >>> from datetime import date
    >>> from mastcell.model import Age
    >>> from mastcell.columns.frame import patients_frame
    >>> age = Age(value=36, unit="year")
    >>> frame = patients_frame([patient(birth_date=date(1990, 1, 1)), patient(age=age),
    ...                         patient()], AT)
    >>> frame.select(age_paths()).to_series().to_list()
    [['birth_date'], ['age'], []]
    """
    import polars as pl

    return (
        pl.concat_list(
            pl.when(pl.col("birth_date")).then(pl.lit("birth_date")),
            pl.when(~pl.col("birth_date") & pl.col("age")).then(pl.lit("age")),
        )
        .list.drop_nulls()
        .alias("reads")
    )


def medication_paths() -> pl.Expr:
    """Every medication's path, in order (what a read of every medication gives).

    >>> from mastcell.columns.frame import patients_frame
    >>> from mastcell.testing import AT, med, patient
    >>> frame = patients_frame([patient(medications=[med("cetirizine"), med("famotidine")])], AT)
    >>> frame.select(medication_paths()).to_series().to_list()
    [['medications[0]', 'medications[1]']]
    """
    import polars as pl

    return pl.int_ranges(0, pl.col("medications")).list.eval(
        pl.format("medications[{}]", pl.element())
    )


def _none_named(drugs: Iterable[str]) -> pl.Expr:
    """No medication, any status, is or contains one of ``drugs`` (generic names)."""
    import polars as pl

    return ~pl.col("ingredients").list.eval(pl.element().is_in(sorted(drugs))).list.any()


def _no_medication(options: Options) -> pl.Expr:
    import polars as pl

    return pl.col("medications") == 0


def _not_censored(options: Options) -> pl.Expr:
    import polars as pl

    return ~pl.col("censored")


def _not_conflicting(options: Options) -> pl.Expr:
    import polars as pl

    return ~pl.col("conflicting")


def _rule(name: str) -> Rule:
    from mastcell.rules.registry import registered_rules

    return next(r for r in registered_rules() if r.name == name)


def _stage_counts(name: str, stage: int) -> tuple[Analyte, ...]:
    """The analytes of the count reads a rule declares in one stage (what it grades there)."""
    return tuple(r.analyte for r in _rule(name).stages[stage] if isinstance(r, CountRead))


_INVESTIGATE = "mastcell.rules.cytopenia.investigate"
_CONTINUE = "mastcell.rules.cytopenia.antimediator_continue"
_NSAID_PLATELETS = "mastcell.rules.antiplatelet.nsaid_low_platelets"


def _no_low_count(name: str) -> Callable[[Options], pl.Expr]:
    """Without cytoreductive therapy (stage 0), none of the counts of stage 1 is low."""

    def decides(options: Options) -> pl.Expr:
        return none_low(_stage_counts(name, 1))

    return decides


def _always(options: Options) -> pl.Expr:
    import polars as pl

    return pl.lit(True)


def _platelets_not_below(options: Options) -> pl.Expr:
    """The latest platelet count is absent or at or above the option's bound (it is set)."""
    import polars as pl

    bound = options.medication.nsaid_platelets_below
    if bound is None:  # the rule then reads nothing: not laid out
        return pl.lit(False)
    [platelets] = _stage_counts(_NSAID_PLATELETS, 1)
    value = pl.col(f"latest_{platelets.value}")
    return value.is_null() | (value >= bound)


def _none_withdrawn(options: Options) -> pl.Expr:
    from mastcell.knowledge.drugs import CATALOGUE

    return _none_named(name for name, drug in CATALOGUE.items() if drug.withdrawn)


def _not_repeated(options: Options) -> pl.Expr:
    import polars as pl

    return ~pl.col("repeated")


def _no_avapritinib(options: Options) -> pl.Expr:
    from mastcell.knowledge.cytopenia import AVAPRITINIB

    return _none_named([AVAPRITINIB])


#: The columnar versions, in any order (the evaluation follows the registry's order).
COLUMN_RULES: tuple[ColumnRule, ...] = (
    # dose_decisions and epinephrine_decisions: no active entry, nothing weighed: upto(0),
    # reading (AGE, ALL_MEDICATIONS) with no medication.
    ColumnRule(
        rule="mastcell.rules.medication.dose_limits", decides=_no_medication, reads=age_paths
    ),
    ColumnRule(
        rule="mastcell.rules.medication.epinephrine_strength",
        decides=_no_medication,
        reads=age_paths,
    ),
    # embryo_fetal: no midostaurin, avapritinib or hydroxyurea: upto(0), reading (AGE,
    # EMBRYO_FETAL_ON) with no medication.
    ColumnRule(
        rule="mastcell.rules.pregnancy.embryo_fetal", decides=_no_medication, reads=age_paths
    ),
    # censored_value: CENSORED reads nothing when the record has no bound.
    ColumnRule(rule="mastcell.rules.labs.censored_value", decides=_not_censored, reads=no_paths),
    # labs_conflicting: CONFLICTING reads the results of its groups: none without a group.
    ColumnRule(
        rule="mastcell.rules.monitoring.labs_conflicting",
        decides=_not_conflicting,
        reads=no_paths,
    ),
    # investigate and antimediator_continue: no cytoreductive drug on (stage 0) and no low
    # WBC, ANC or platelet count (stage 1): upto(1), silent.
    ColumnRule(rule=_INVESTIGATE, decides=_no_low_count(_INVESTIGATE), stages=2),
    ColumnRule(rule=_CONTINUE, decides=_no_low_count(_CONTINUE), stages=2),
    # imatinib_counts: no imatinib active or held: silent after its one stage (the ANC and
    # platelet counts read).
    ColumnRule(rule="mastcell.rules.cytoreduction.imatinib_counts", decides=_always, stages=1),
    # avapritinib_platelets: no avapritinib active or held: silent, reading the platelets
    # (stage 0) and an avapritinib read that matches nothing (stage 1) whether or not the
    # count is fresh.
    ColumnRule(rule="mastcell.rules.avapritinib.avapritinib_platelets", decides=_always, stages=2),
    # nsaid_low_platelets: no platelet count below the option's bound: upto(1), silent.
    ColumnRule(rule=_NSAID_PLATELETS, decides=_platelets_not_below, stages=2),
    # The list checks read every medication (ALL_MEDICATIONS). name_unrecognised is silent
    # when every name is known (a patient with an unknown one never fits); withdrawn when no
    # medication is a drug the catalogue marks withdrawn; duplicate when no ingredient or
    # generic belongs to two medications (whatever their status); avapritinib_above_max when
    # no medication is or contains avapritinib.
    ColumnRule(
        rule="mastcell.rules.medication.name_unrecognised", decides=_always, reads=medication_paths
    ),
    ColumnRule(
        rule="mastcell.rules.medication.withdrawn", decides=_none_withdrawn, reads=medication_paths
    ),
    ColumnRule(
        rule="mastcell.rules.medication.duplicate", decides=_not_repeated, reads=medication_paths
    ),
    ColumnRule(
        rule="mastcell.rules.medication.avapritinib_above_max",
        decides=_no_avapritinib,
        reads=medication_paths,
    ),
)
