"""The patient: everything a caller sends, and the questions rules ask of it."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

import attrs

from mastcell.exceptions import InputError
from mastcell.model._checks import (
    date_or_aware,
    non_negative_int,
    optional_bool,
    optional_instance,
    to_enum,
    to_optional_enum,
    tuple_of,
)
from mastcell.model._convert import to_sex, to_symptom_control
from mastcell.model.clinical import (
    AdverseEvent,
    Flare,
    Medication,
    PainAssessment,
    Procedure,
    Reaction,
)
from mastcell.model.dates import day_of
from mastcell.model.labs import LabResult
from mastcell.model.measures import Age, Weight
from mastcell.model.vocabulary import (
    Analyte,
    Diagnosis,
    DiagnosisFamily,
    DrugClass,
    MedicationStatus,
    Sex,
    SymptomControl,
)
from mastcell.model.workup import (
    AntimediatorResponse,
    AssociatedNeoplasm,
    Biopsy,
    KitTest,
    OrganFindings,
    Score,
    Sensitisation,
    Skin,
)

__all__ = ["Patient"]


def _diagnoses(values: Iterable[Diagnosis | str]) -> tuple[Diagnosis, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InputError.for_field("diagnoses", f"expected a list of codes, got {values!r}")
    return tuple(to_enum(Diagnosis, f"diagnoses[{i}]", v) for i, v in enumerate(values))


# Typed list converters (mypy's attrs plugin reads the parameter type of a named function).


def _labs(values: Iterable[LabResult]) -> tuple[LabResult, ...]:
    return tuple_of(LabResult, "labs", values)


def _medications(values: Iterable[Medication]) -> tuple[Medication, ...]:
    return tuple_of(Medication, "medications", values)


def _procedures(values: Iterable[Procedure]) -> tuple[Procedure, ...]:
    return tuple_of(Procedure, "procedures", values)


def _flares(values: Iterable[Flare]) -> tuple[Flare, ...]:
    return tuple_of(Flare, "flares", values)


def _reactions(values: Iterable[Reaction]) -> tuple[Reaction, ...]:
    return tuple_of(Reaction, "reactions", values)


def _adverse_events(values: Iterable[AdverseEvent]) -> tuple[AdverseEvent, ...]:
    return tuple_of(AdverseEvent, "adverse_events", values)


def _biopsies(values: Iterable[Biopsy]) -> tuple[Biopsy, ...]:
    return tuple_of(Biopsy, "biopsies", values)


def _kit_tests(values: Iterable[KitTest]) -> tuple[KitTest, ...]:
    return tuple_of(KitTest, "kit_tests", values)


def _sensitisations(values: Iterable[Sensitisation]) -> tuple[Sensitisation, ...]:
    return tuple_of(Sensitisation, "sensitisations", values)


def _scores(values: Iterable[Score]) -> tuple[Score, ...]:
    return tuple_of(Score, "scores", values)


def _response(value: AntimediatorResponse | str | None) -> AntimediatorResponse | None:
    return to_optional_enum(AntimediatorResponse, "response_to_antimediators", value)


def _optional_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InputError.for_field(attribute.name, f"expected a string or None, got {value!r}")


def _calendar_age(born: dt.date, on: dt.date) -> float:
    """Completed years plus the elapsed fraction of the current year of life.

    Never rounded: a child the day before their 12th birthday is 11.99..., not 12.
    """
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    last = _anniversary(born, born.year + years)
    following = _anniversary(born, born.year + years + 1)
    return years + (on - last).days / (following - last).days


def _anniversary(born: dt.date, year: int) -> dt.date:
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def _rebuild(fields: dict[str, Any]) -> Patient:
    return Patient(**fields)


#: The list fields whose items have input paths (``labs[2]``).
_LIST_PATHS = (
    "labs",
    "medications",
    "procedures",
    "flares",
    "reactions",
    "adverse_events",
    "biopsies",
    "kit_tests",
    "sensitisations",
    "scores",
)


def _input_paths(patient: Patient) -> dict[int, str]:
    """Each input object's interchange path, by identity (the patient keeps them alive)."""
    paths: dict[int, str] = {}
    for name in _LIST_PATHS:
        for i, item in enumerate(getattr(patient, name)):
            paths.setdefault(id(item), f"{name}[{i}]")
    for name in ("pain", "weight", "age", "skin", "organ_findings", "associated_neoplasm"):
        item = getattr(patient, name)
        if item is not None:
            paths.setdefault(id(item), name)
    return paths


#: Analytes where a lower value is the more worrying one (blood counts).
_LOW_IS_WORSE = frozenset(
    {Analyte.WBC, Analyte.ANC, Analyte.NEUTROPHILS_PCT, Analyte.PLATELETS, Analyte.HEMOGLOBIN}
)


def _lab_order(lab: LabResult) -> tuple[dt.datetime, float, int, str, float, str]:
    """Time order, then a fixed order by content for results drawn at the same instant.

    The more cautious value (the lower count, the higher mediator) comes last, where
    ``latest`` reads it; at an equal value, a result censored in the worse direction
    (``<= 1.0`` beside ``1.0`` for a count) is the more cautious one. The order the caller
    listed them in never decides.
    """
    low_is_worse = lab.analyte in _LOW_IS_WORSE
    cautious = -lab.canonical if low_is_worse else lab.canonical
    comparator = lab.comparator
    censored = 0 if comparator is None else (1 if comparator.below is low_is_worse else -1)
    role = lab.role.value if lab.role else ""
    return (lab.time, cautious, censored, lab.unit, lab.value, role)


def _index_labs(patient: Patient) -> dict[Analyte, tuple[LabResult, ...]]:
    index: dict[Analyte, list[LabResult]] = {}
    for lab in patient.labs:
        index.setdefault(lab.analyte, []).append(lab)
    return {a: tuple(sorted(labs, key=_lab_order)) for a, labs in index.items()}


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"{n} {noun}"
    return (
        f"{n} {noun[:-1]}ies" if noun.endswith("y") and noun[-2] not in "aeiou" else f"{n} {noun}s"
    )


@attrs.frozen(kw_only=True, repr=False)
class Patient:
    """A patient as the interchange format describes them; every field is optional.

    A missing list is empty and a missing scalar is unknown (None), never "normal".

    >>> from datetime import datetime, timezone
    >>> p = Patient(
    ...     id="demo-1", diagnoses=("ism",),
    ...     labs=(LabResult(analyte="anc", value=800, unit="/uL",
    ...                     time=datetime(2026, 11, 20, tzinfo=timezone.utc)),),
    ... )
    >>> p.latest("anc").canonical
    0.8
    >>> p.has(DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS), p.has(DiagnosisFamily.ADVANCED_SM)
    (True, False)
    """

    id: str | None = attrs.field(default=None, validator=_optional_text)
    sex: Sex = attrs.field(default=Sex.UNKNOWN, converter=to_sex)
    birth_date: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    age: Age | None = attrs.field(default=None, validator=optional_instance(Age))
    weight: Weight | None = attrs.field(default=None, validator=optional_instance(Weight))
    diagnoses: tuple[Diagnosis, ...] = attrs.field(default=(), converter=_diagnoses)
    labs: tuple[LabResult, ...] = attrs.field(default=(), converter=_labs)
    medications: tuple[Medication, ...] = attrs.field(default=(), converter=_medications)
    symptom_control: SymptomControl | None = attrs.field(default=None, converter=to_symptom_control)
    pain: PainAssessment | None = attrs.field(
        default=None, validator=optional_instance(PainAssessment)
    )
    procedures: tuple[Procedure, ...] = attrs.field(default=(), converter=_procedures)
    flares: tuple[Flare, ...] = attrs.field(default=(), converter=_flares)
    reactions: tuple[Reaction, ...] = attrs.field(default=(), converter=_reactions)
    adverse_events: tuple[AdverseEvent, ...] = attrs.field(default=(), converter=_adverse_events)
    tpsab1_extra_copies: int | None = attrs.field(default=None, validator=non_negative_int)
    #: Pregnant now: True, False, or None (unknown, never assumed "no").
    pregnant: bool | None = attrs.field(default=None, validator=optional_bool)
    #: Breastfeeding now: True, False, or None (unknown).
    lactating: bool | None = attrs.field(default=None, validator=optional_bool)
    #: KIT D816V mutation: True detected, False not detected, None not tested or unknown.
    kit_d816v: bool | None = attrs.field(default=None, validator=optional_bool)
    #: The diagnostic work-up (mastcell.model.workup): what :func:`mastcell.classify` reads.
    biopsies: tuple[Biopsy, ...] = attrs.field(default=(), converter=_biopsies)
    kit_tests: tuple[KitTest, ...] = attrs.field(default=(), converter=_kit_tests)
    skin: Skin | None = attrs.field(default=None, validator=optional_instance(Skin))
    organ_findings: OrganFindings | None = attrs.field(
        default=None, validator=optional_instance(OrganFindings)
    )
    #: An associated haematological neoplasm; absent: none recorded.
    associated_neoplasm: AssociatedNeoplasm | None = attrs.field(
        default=None, validator=optional_instance(AssociatedNeoplasm)
    )
    #: Whether symptoms responded to anti-mediator therapy (MCAS criterion C).
    response_to_antimediators: AntimediatorResponse | None = attrs.field(
        default=None, converter=_response
    )
    sensitisations: tuple[Sensitisation, ...] = attrs.field(default=(), converter=_sensitisations)
    scores: tuple[Score, ...] = attrs.field(default=(), converter=_scores)

    _diagnosis_set: frozenset[Diagnosis] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        hash=False,
        default=attrs.Factory(lambda self: frozenset(self.diagnoses), takes_self=True),
    )
    _paths: dict[int, str] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        hash=False,
        default=attrs.Factory(lambda self: _input_paths(self), takes_self=True),
    )
    _labs_by_analyte: dict[Analyte, tuple[LabResult, ...]] = attrs.field(
        init=False,
        repr=False,
        eq=False,
        hash=False,
        default=attrs.Factory(_index_labs, takes_self=True),
    )

    def __attrs_post_init__(self) -> None:
        if self.birth_date is not None and self.age is not None:
            raise InputError.for_field("age", "give birth_date or age, not both")

    def __repr__(self) -> str:
        """A short summary: id, sex, diagnoses and how many of each input (not every field).

        >>> Patient(id="demo", diagnoses=("ism",), medications=(Medication(drug="cetirizine"),))
        <Patient 'demo': unknown, diagnoses ism, 1 medication>
        """
        parts = [self.sex.value]
        if self.diagnoses:
            parts.append("diagnoses " + ", ".join(d.value for d in self.diagnoses))
        for name, noun in (
            ("labs", "lab"),
            ("medications", "medication"),
            ("procedures", "procedure"),
            ("flares", "flare"),
            ("reactions", "reaction"),
            ("adverse_events", "adverse event"),
            ("biopsies", "biopsy"),
            ("kit_tests", "KIT test"),
            ("sensitisations", "sensitisation"),
            ("scores", "score"),
        ):
            n = len(getattr(self, name))
            if n:
                parts.append(_count(n, noun))
        return f"<Patient {self.id!r}: {', '.join(parts)}>"

    # -- labs -------------------------------------------------------------------------------

    def series(
        self, analyte: Analyte | str, *, until: dt.datetime | None = None
    ) -> tuple[LabResult, ...]:
        """Results of ``analyte`` in time order, up to ``until`` (inclusive) when given.

        >>> Patient().series("platelets")
        ()
        """
        key = analyte if isinstance(analyte, Analyte) else Analyte(analyte)
        labs = self._labs_by_analyte.get(key, ())
        if until is None:
            return labs
        return tuple(lab for lab in labs if lab.time <= until)

    def latest(self, analyte: Analyte | str, at: dt.datetime | None = None) -> LabResult | None:
        """The most recent result of ``analyte`` drawn at or before ``at`` (None if none).

        >>> Patient().latest("anc") is None
        True
        """
        labs = self.series(analyte, until=at)
        return labs[-1] if labs else None

    @property
    def has_censored_results(self) -> bool:
        """Whether any lab result was reported as a bound (``comparator`` given).

        A fact about the record, not a read of any one result: a rule may ask it before it
        reads the results themselves.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 11, 20, tzinfo=timezone.utc)
        >>> Patient(labs=(LabResult(analyte="anc", value=0.5, unit="10*9/L", time=t),)).has_censored_results
        False
        >>> Patient(labs=(LabResult(analyte="anc", value=0.5, unit="10*9/L", time=t, comparator="<"),)).has_censored_results
        True
        """
        return any(lab.comparator is not None for lab in self.labs)

    def conflicting_results(self) -> tuple[tuple[LabResult, ...], ...]:
        """Groups of results of one analyte drawn at the same instant with different values.

        ``latest`` reads the more cautious of them (the lower count, the higher mediator);
        a rule reports the disagreement so a clinician can check the record.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 11, 20, tzinfo=timezone.utc)
        >>> p = Patient(labs=(LabResult(analyte="anc", value=1.2, unit="10*9/L", time=t),
        ...                   LabResult(analyte="anc", value=800, unit="/uL", time=t)))
        >>> [[lab.canonical for lab in g] for g in p.conflicting_results()]
        [[1.2, 0.8]]
        >>> p.latest("anc").canonical
        0.8
        """
        groups: list[tuple[LabResult, ...]] = []
        for analyte in sorted(self._labs_by_analyte):
            series = self._labs_by_analyte[analyte]
            # In time order, results of one instant are neighbours: compare each with the one
            # before instead of hashing every aware time (equal instants, however written).
            start = 0
            for i in range(1, len(series) + 1):
                if i < len(series) and series[i].time == series[start].time:
                    continue
                if i - start > 1 and len({lab.canonical for lab in series[start:i]}) > 1:
                    groups.append(series[start:i])
                start = i
        return tuple(groups)

    # -- demographics -----------------------------------------------------------------------

    def age_at(self, at: dt.datetime | dt.date) -> float | None:
        """Age in years at ``at``: from the birth date, else the given age, else None.

        >>> from datetime import date
        >>> Patient(birth_date=date(2016, 6, 1)).age_at(date(2026, 6, 1))
        10.0
        >>> Patient(birth_date=date(2016, 6, 1)).age_at(date(2026, 5, 31)) < 10
        True
        >>> Patient(birth_date=date(2016, 6, 1)).age_at(date(2016, 5, 31))
        Traceback (most recent call last):
        ...
        mastcell.exceptions.InputError: birth_date: expected a date on or before 2016-05-31, got 2016-06-01

        Raises:
            InputError: ``at`` is before the birth date (an age is never negative).
        """
        if self.birth_date is not None:
            born, on = day_of(self.birth_date), day_of(at)
            if on < born:
                raise InputError.for_field(
                    "birth_date",
                    f"expected a date on or before {on.isoformat()}, got {born.isoformat()}",
                )
            return _calendar_age(born, on)
        return None if self.age is None else self.age.years

    def age_in_days(self, at: dt.datetime | dt.date) -> int | None:
        """Age in completed days at ``at``: from the birth date, else the given age, else None.

        A limit a label states in days (a newborn is under 28 days) is compared on this, never
        on a fraction of a year: 28 days after birth is 28 days whether or not the year of life
        holds a 29 February (the year fraction would be 28/366 or 28/365).

        >>> from datetime import date
        >>> Patient(birth_date=date(2024, 1, 10)).age_in_days(date(2024, 2, 7))
        28
        >>> Patient(age=Age(value=3, unit="wk")).age_in_days(date(2024, 2, 7))
        21

        Raises:
            InputError: ``at`` is before the birth date (an age is never negative).
        """
        if self.birth_date is not None:
            born, on = day_of(self.birth_date), day_of(at)
            if on < born:
                raise InputError.for_field(
                    "birth_date",
                    f"expected a date on or before {on.isoformat()}, got {born.isoformat()}",
                )
            return (on - born).days
        return None if self.age is None else self.age.days

    # -- diagnoses --------------------------------------------------------------------------

    def has(self, *wanted: Diagnosis | DiagnosisFamily | str) -> bool:
        """Whether any diagnosis is one of ``wanted`` (codes or families).

        >>> Patient(diagnoses=("mcl",)).has(DiagnosisFamily.ADVANCED_SM)
        True
        >>> Patient(diagnoses=("mcas",)).has("ism", "sm")
        False
        """
        mine = self._diagnosis_set
        for item in wanted:
            if isinstance(item, DiagnosisFamily):
                if not item.members.isdisjoint(mine):
                    return True
            elif (item if isinstance(item, Diagnosis) else Diagnosis(item)) in mine:
                return True
        return False

    @property
    def has_systemic_mastocytosis(self) -> bool:
        """Any SM subtype, including subtype unknown."""
        return self.has(DiagnosisFamily.SYSTEMIC_MASTOCYTOSIS)

    @property
    def has_advanced_sm(self) -> bool:
        """ASM, SM-AHN or MCL."""
        return self.has(DiagnosisFamily.ADVANCED_SM)

    @property
    def has_mast_cell_disorder(self) -> bool:
        """MCAS, cutaneous or systemic mastocytosis."""
        return self.has(DiagnosisFamily.MAST_CELL_DISORDER)

    # -- medications ------------------------------------------------------------------------

    def medications_of(
        self,
        *classes: DrugClass,
        statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,),
    ) -> tuple[Medication, ...]:
        """Medications in any of ``classes`` (all when none given) with one of ``statuses``.

        Classification reads the drug catalogue of :mod:`mastcell.knowledge`.

        >>> p = Patient(medications=(Medication(drug="famotidine"),
        ...                          Medication(drug="cetirizine", status="stopped")))
        >>> [m.drug for m in p.medications_of(DrugClass.H2)]
        ['famotidine']
        >>> p.medications_of(DrugClass.H1_SECOND_GENERATION)
        ()
        """
        from mastcell.knowledge.drugs import classes_of

        wanted = frozenset(statuses)
        return tuple(
            m
            for m in self.medications
            if m.status in wanted and (not classes or not classes_of(m.drug).isdisjoint(classes))
        )

    def medications_named(
        self, *drugs: str, statuses: Iterable[MedicationStatus] = (MedicationStatus.ACTIVE,)
    ) -> tuple[Medication, ...]:
        """Medications that are, or contain, one of ``drugs`` (any generic name, synonym, brand).

        A combination product is one of ``drugs`` when any of its ingredients is: Excedrin is
        an aspirin, Percocet an oxycodone and an acetaminophen. A name the vocabulary does not
        know matches itself only.

        >>> p = Patient(medications=(Medication(drug="Rydapt"), Medication(drug="Excedrin")))
        >>> [m.drug for m in p.medications_named("midostaurin")]
        ['rydapt']
        >>> [m.drug for m in p.medications_named("aspirin")]
        ['excedrin']
        """
        from mastcell.knowledge.drugs import generic_name, ingredients_of

        wanted = {generic_name(d) or d.lower() for d in drugs}
        allowed = set(statuses)
        return tuple(
            m
            for m in self.medications
            if m.status in allowed and not wanted.isdisjoint(ingredients_of(m.drug) or (m.drug,))
        )

    # -- display ----------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        """A compact summary for Jupyter: diagnoses, then labs and medications as tables.

        >>> "<table" in Patient(id="x")._repr_html_()
        True
        """
        esc = html.escape
        age = f", age {self.age.years:g} y" if self.age else ""
        born = f", born {self.birth_date.isoformat()}" if self.birth_date else ""
        weight = f", {self.weight.value:g} {esc(self.weight.unit)}" if self.weight else ""
        head = (
            f"<p><b>Patient {esc(self.id or '(no id)')}</b> &middot; {esc(self.sex.value)}"
            f"{born}{age}{weight} &middot; diagnoses: "
            f"{esc(', '.join(d.value for d in self.diagnoses) or 'none recorded')}"
            + (
                f" &middot; symptom control: {esc(self.symptom_control.value)}"
                if self.symptom_control
                else ""
            )
            + (f" &middot; pain {self.pain.score}/10" if self.pain else "")
            + "</p>"
        )
        labs = "".join(
            f'<tr class="mastcell-lab"><td>{esc(lab.time.isoformat())}</td>'
            f"<td>{esc(lab.analyte.value)}</td><td>{lab.value:g} {esc(lab.unit)}</td>"
            f"<td>{lab.canonical:g} {esc(lab.canonical_unit)}</td>"
            f"<td>{esc(lab.role.value) if lab.role else ''}</td></tr>"
            for lab in sorted(self.labs, key=lambda x: x.time)
        )
        meds = "".join(
            f'<tr class="mastcell-medication"><td>{esc(m.drug)}</td>'
            f"<td>{f'{m.dose.value:g} {esc(m.dose.unit)}' if m.dose else ''}</td>"
            f"<td>{esc(m.frequency.label) if m.frequency else ''}</td>"
            f"<td>{esc(m.status.value)}</td></tr>"
            for m in self.medications
        )
        from mastcell.report import _TABLE_CSS

        return (
            f'<div class="mastcell-patient"><style>{_TABLE_CSS.format(scope=".mastcell-patient")}'
            f"</style>{head}"
            "<table><thead><tr><th>drawn</th><th>analyte</th><th>as sent</th>"
            f"<th>canonical</th><th>role</th></tr></thead><tbody>{labs}</tbody></table>"
            "<table><thead><tr><th>drug</th><th>dose</th><th>frequency</th><th>status</th>"
            f"</tr></thead><tbody>{meds}</tbody></table></div>"
        )

    # -- tracing ----------------------------------------------------------------------------

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy by the input fields: the identity-keyed path index is rebuilt."""
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Patient) if f.init}
        return (_rebuild, (fields,))

    def path_of(self, item: object) -> str:
        """The interchange path of an input (``labs[2]``), for findings and unused inputs.

        >>> from datetime import datetime, timezone
        >>> m = Medication(drug="cetirizine")
        >>> Patient(medications=(Medication(drug="famotidine"), m)).path_of(m)
        'medications[1]'
        """
        path = self._paths.get(id(item))
        if path is None:
            raise ValueError(f"{item!r} is not an input of this patient")
        return path
