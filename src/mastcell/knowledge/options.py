"""Clinician-overridable settings: where sources disagree or a fact is seed-only.

The fact sheet's rule of thumb: anything tagged SEED-ONLY, CONFLICT or NOT VERIFIED is exposed
as configurable, never a hard rule. Each area keeps its settings in one frozen class here,
with the default mastcell ships and the source ids behind it; :class:`Options` gathers them
and is passed to :func:`~mastcell.evaluate`.
"""

from __future__ import annotations

import enum
import math
import os
import re
import tomllib
import typing
from collections.abc import Iterable
from datetime import time, timedelta
from typing import Any

import attrs

from mastcell.exceptions import InputError
from mastcell.knowledge.antimediator import FamotidineDosing, FexofenadineBound
from mastcell.knowledge.antiplatelet import BLEEDING
from mastcell.knowledge.ctcae import PLATELET_COUNT_DECREASED
from mastcell.knowledge.cytoreduction import HOLD_REVIEW_GRADE
from mastcell.knowledge.emergency import EpinephrineSwitch
from mastcell.knowledge.interactions import Cyp3aReading, LabelReading
from mastcell.knowledge.maxima import CONFLICT_IDS
from mastcell.knowledge.paediatric import Jurisdiction
from mastcell.knowledge.safety import SafetyLevel
from mastcell.knowledge.special_populations import METAMIZOLE
from mastcell.knowledge.tryptase import ACUTE_SAMPLE_WINDOW, SamplingWindow, TryptaseReference

__all__ = [
    "OPTIONS_FILE_LIMIT",
    "AntimediatorOptions",
    "CytopeniaOptions",
    "DiagnosisOptions",
    "EmergencyOptions",
    "InteractionOptions",
    "MedicationOptions",
    "MonitoringOptions",
    "Options",
    "PerioperativeOptions",
    "load_options",
    "options_from_dict",
    "options_to_dict",
]


@attrs.frozen(kw_only=True)
class AntimediatorOptions:
    """Settings of the anti-mediator rules.

    >>> AntimediatorOptions().h1_max_multiple is None, AntimediatorOptions().aspirin_min_platelets
    (True, 50.0)
    """

    #: Upper bound of H1 escalation, as a multiple of the standard daily dose, for every
    #: second-generation H1. None (default): each drug's bound from the knowledge base
    #: (mastcell.knowledge.antimediator.escalation_bound: 4x for cetirizine, levocetirizine,
    #: loratadine, desloratadine, S131; fexofenadine per ``fexofenadine_bound``; bilastine,
    #: rupatadine and others 4x SEED-ONLY). A number overrides them all.
    h1_max_multiple: float | None = None
    #: Fexofenadine's escalation bound (MX5, CONFLICT): ``label`` 1x (180 mg/day), ``review``
    #: 2x (360 mg/day, S29; default: the one escalation a mast-cell source prints, within
    #: Canada's 480 mg/day), ``canada`` 480 mg/day (S131), ``seed`` 4x (seed-only).
    fexofenadine_bound: FexofenadineBound = attrs.field(
        default=FexofenadineBound.REVIEW, converter=FexofenadineBound
    )
    #: Whose label to follow where paediatric doses differ (PD-C1 levocetirizine, PD7
    #: loratadine): ``us`` (default: mastcell's standard doses are US labels, S17, and the US
    #: levocetirizine dose at 6-11 years is the lower) or ``uk_eu``.
    dose_jurisdiction: Jurisdiction = attrs.field(default=Jurisdiction.US, converter=Jurisdiction)
    #: Platelets (10^9/L) below which aspirin is not proposed: a library convention, the CTCAE
    #: v5.0 grade-3 bound; no verified SM threshold exists (AS1 NOT VERIFIED, AS2 seed-only).
    #: None: no floor (the count is still shown and must be recent).
    aspirin_min_platelets: float | None = PLATELET_COUNT_DECREASED.grade_3_below
    #: Famotidine dose to propose (A3, CONFLICT): ``review`` 10 mg twice daily (S29) or
    #: ``label_trials`` 20-40 mg twice daily (SEED-B; US label trial doses, S15).
    famotidine_dosing: FamotidineDosing = attrs.field(
        default=FamotidineDosing.REVIEW, converter=FamotidineDosing
    )
    #: Elevated urinary LTE4 alone selects a leukotriene modifier: SEED-ONLY as a decision rule
    #: (A12; S50 only says > 104 pg/mg creatinine fits systemic mast cell disease).
    leukotriene_if_lte4_elevated: bool = True
    #: Elevated urinary 2,3-dinor-11beta-PGF2alpha selects aspirin: SEED-ONLY as a decision
    #: rule (2.6.3), though S32 normalised it with aspirin in SM.
    aspirin_if_pgf2a_elevated: bool = True


@attrs.frozen(kw_only=True)
class CytopeniaOptions:
    """Settings of the cytopenia rules.

    >>> CytopeniaOptions().count_max_age
    datetime.timedelta(days=14)
    """

    #: A blood count older than this is stale: no dose decision is made from it. Default
    #: mastcell.knowledge.cytopenia.COUNT_MAX_AGE (14 days: the avapritinib platelet-monitoring
    #: interval, S5/S6; no label states a staleness window, so it is a library convention).
    count_max_age: timedelta = timedelta(days=14)
    #: SEED-ONLY (SEED-A, fact sheet 2.2.4): also suggest a bone marrow evaluation for a
    #: leukopenia/neutropenia below the WHO C-finding level in known or suspected SM. At a
    #: C-finding level (S11, S27) the suggestion is made regardless.
    marrow_below_c_finding: bool = True
    #: Library convention (no source): avapritinib counts as "just started" for this long,
    #: so a pre-treatment platelet count below 50 still gives avapritinib.do_not_start.
    avapritinib_just_started: timedelta = timedelta(days=7)
    #: CTCAE v5.0 grade from which a count on cladribine, hydroxyurea or interferon alfa gives
    #: the critical "hold and review: clinician decision" (cytopenia.cytoreductive.hold_review).
    #: A library convention: no SM threshold exists for these drugs (CR1, CR5-CR7); default
    #: mastcell.knowledge.cytoreduction.HOLD_REVIEW_GRADE (3).
    hold_review_grade: int = attrs.field(
        default=HOLD_REVIEW_GRADE, validator=attrs.validators.in_((2, 3, 4))
    )


def _level(value: SafetyLevel | str | None) -> SafetyLevel | None:
    """A conflict reading from its code ("avoid", "caution"...); None keeps the default."""
    return None if value is None else SafetyLevel(value)


# The hash is cached: the agent vetting caches key on these options, asked several times per
# evaluation.
@attrs.frozen(kw_only=True, cache_hash=True)
class PerioperativeOptions:
    """Settings of the analgesia and perioperative rules.

    >>> PerioperativeOptions().horizon
    datetime.timedelta(days=90)
    """

    #: Procedures further ahead than this are not yet planned for. Not a clinical fact: how
    #: far ahead the report lists procedure plans (a pre-assessment window); the protocol
    #: itself starts 24 h before the procedure (O10, S35).
    horizon: timedelta = timedelta(days=90)
    #: Start time assumed for a procedure given as a date only, in the timezone of the
    #: evaluation moment; the premedication times are computed from it and say so.
    assumed_start: time = time(8, 0)
    #: The H1 slot of the premedication protocol: "diphenhydramine" or "hydroxyzine" (O10, S35).
    premedication_h1: str = attrs.field(
        default="diphenhydramine",
        validator=attrs.validators.in_(("diphenhydramine", "hydroxyzine")),
    )
    #: NRS score from which pain counts as severe (S81: 7 in Palos 2006 and Woo 2015; 8 in
    #: Boonstra 2016 for chronic musculoskeletal pain).
    severe_pain_score: int = 7
    #: SEED-ONLY switches (SEED-B): H1 + H2 before opioids (P9); screening for depression and
    #: anxiety in persistent pain (P10); cyproheptadine for pain (A15's pain claim); referral
    #: to a pain specialist for severe or refractory pain.
    premedicate_before_opioids: bool = True
    mood_screen: bool = True
    cyproheptadine_for_pain: bool = True
    pain_specialist_referral: bool = True
    #: CONFLICT readings (mastcell.knowledge.safety.CONFLICTS): None keeps the documented
    #: default (succinylcholine caution, rocuronium acceptable, NSAIDs caution, fluoroquinolones
    #: acceptable, morphine avoid, ester local anaesthetics acceptable); a SafetyLevel overrides.
    #: Whether metamizole (dipyrone) is available where mastcell is used (SR6: authorised in
    #: a number of EU countries, not marketed in the US). When False it is never named as an
    #: alternative. Default True, the reading of the clinic list that names it (S39).
    metamizole_available: bool = True
    succinylcholine: SafetyLevel | None = attrs.field(default=None, converter=_level)
    rocuronium: SafetyLevel | None = attrs.field(default=None, converter=_level)
    nsaids: SafetyLevel | None = attrs.field(default=None, converter=_level)
    fluoroquinolones: SafetyLevel | None = attrs.field(default=None, converter=_level)
    morphine: SafetyLevel | None = attrs.field(default=None, converter=_level)
    ester_local_anesthetics: SafetyLevel | None = attrs.field(default=None, converter=_level)


@attrs.frozen(kw_only=True)
class EmergencyOptions:
    """Settings of the emergency-preparedness rules.

    >>> EmergencyOptions().auto_injectors_to_carry
    2
    """

    #: Auto-injectors a patient with a mast cell disorder should carry (E7: SEED-A/B, S44).
    auto_injectors_to_carry: int = 2
    #: Weight from which the 0.3 mg device is proposed and expected (E5/PD21, CONFLICT):
    #: ``label`` 30 kg (US labels, S16, S135; default, the bands mastcell always used) or
    #: ``aap`` 25 kg (AAP 2017 and international guidelines, S136).
    epinephrine_switch: EpinephrineSwitch = attrs.field(
        default=EpinephrineSwitch.LABEL, converter=EpinephrineSwitch
    )


def _conflict_ids(values: Iterable[str]) -> frozenset[str]:
    """The CONFLICT ids of mastcell.knowledge.maxima; anything else is an input error."""
    if isinstance(values, str):
        values = (values,)
    ids = frozenset(values)
    unknown = sorted(ids - CONFLICT_IDS)
    if unknown:
        raise InputError.for_field(
            "accept_higher_maximum",
            f"expected any of {', '.join(sorted(CONFLICT_IDS))}; got {', '.join(unknown)}",
        )
    return ids


@attrs.frozen(kw_only=True)
class MedicationOptions:
    """Settings of the checks of what the patient already takes.

    >>> MedicationOptions().accept_higher_maximum, MedicationOptions().nsaid_platelets_below
    (frozenset(), 50.0)
    >>> sorted(MedicationOptions(accept_higher_maximum={"MX7"}).accept_higher_maximum)
    ['MX7']
    """

    #: CONFLICTs over a 24-hour maximum where a higher reading exists
    #: (mastcell.knowledge.maxima): by default the lower one is the maximum and doses above
    #: it are flagged; listing an id accepts the higher reading, and a dose between the two is
    #: still reported (info), never accepted silently. Ids: ``MX5`` fexofenadine (label
    #: 180 mg/day vs Canada 480, S131), ``MX7`` hydroxyzine (EU/UK 100 mg/day, the 2015 QT
    #: restriction, vs US 400, S127), ``MX15`` zafirlukast (US 40 mg/day vs Australia 80,
    #: S129), ``PD-C1`` levocetirizine in children (US 2.5 mg at 6-11 y and 1.25 mg at 2-5 y
    #: vs EU 5 and 2.5 mg, S120, S121).
    accept_higher_maximum: frozenset[str] = attrs.field(factory=frozenset, converter=_conflict_ids)
    #: Platelets (10^9/L) below which an NSAID or aspirin taken or planned gets a bleeding
    #: warning naming the count (medication.nsaid.low_platelets): a library convention, the
    #: CTCAE v5.0 grade-3 bound (SR3; no verified threshold exists, AS1, AS3). None: no
    #: warning.
    nsaid_platelets_below: float | None = BLEEDING.platelets_below
    #: ANC (10^9/L) below which metamizole is read as contraindicated for impaired bone marrow
    #: function (SR5; the label gives no number): default the CTCAE v5.0 grade-3 bound.
    metamizole_anc_below: float = METAMIZOLE.anc_below


@attrs.frozen(kw_only=True)
class MonitoringOptions:
    """Settings of the monitoring rules.

    >>> MonitoringOptions().recent_flare
    datetime.timedelta(days=7)
    """

    #: A flare this recent still calls for follow-up.
    recent_flare: timedelta = timedelta(days=7)
    #: Acute tryptase window after a flare's onset: reliable 15 min-4 h, ideal 30 min-2 h
    #: (S22, S24, S25; CONFIRMED). SEED-B's "30-120 min" is the narrower CONFLICT.
    acute_sample_window: SamplingWindow = ACUTE_SAMPLE_WINDOW
    #: Reassess a started or changed anti-mediator therapy 4-6 weeks after its start:
    #: SEED-ONLY (SEED-B); cromolyn's own timings (2-3 and 2-6 weeks, S12) are facts.
    reassess_from: timedelta = timedelta(weeks=4)
    reassess_until: timedelta = timedelta(weeks=6)
    #: Refractory symptoms as a referral trigger: SEED-ONLY (SEED-A, SEED-B "complex cases").
    refer_refractory: bool = True
    #: Refer every mast cell disorder (the seeds' wider use): SEED-ONLY, so off by default;
    #: the confirmed trigger is advanced SM (S46).
    refer_all_mast_cell_disorders: bool = False


@attrs.frozen(kw_only=True)
class InteractionOptions:
    """Settings of the drug-interaction rules.

    >>> InteractionOptions().midostaurin_strong_inducer
    <LabelReading.US: 'us'>
    """

    #: Midostaurin with a strong CYP3A inducer (DI5, CONFLICT): ``us`` "avoid" (S100, the US
    #: prescribing information, read first-hand; default) or ``eu`` "contraindicated" (S102,
    #: an EU-type text in a secondary copy). Critical either way; both sources are shown.
    midostaurin_strong_inducer: LabelReading = attrs.field(
        default=LabelReading.US, converter=LabelReading
    )
    #: Which CYP3A listing decides when the lists disagree on a drug's strength (DI-C1,
    #: CONFLICT): ``stricter`` (default, as the addendum's note on 2.3 asks) or
    #: ``current_list`` (S110's current list). Every listing is cited either way.
    cyp3a_reading: Cyp3aReading = attrs.field(default=Cyp3aReading.STRICTER, converter=Cyp3aReading)


@attrs.frozen(kw_only=True)
class DiagnosisOptions:
    """Settings of the classification (:func:`mastcell.classify`) and the diagnosis rules.

    >>> DiagnosisOptions().bmm_requires_no_b_finding
    False
    """

    #: DX11: bone marrow mastocytosis also needs no B-finding. The ECNM proposal behind the
    #: WHO subtype has this item (S204); whether WHO 2022 adopted it was not readable (NOT
    #: VERIFIED), so it is off by default and the classification says so when it matters.
    bmm_requires_no_b_finding: bool = False
    #: FX5 (MC11-MC13, CONFLICT): the upper limit of a normal baseline tryptase that "above the
    #: limit" reads (the marrow-study rule): ``genotype`` (default) the TPSAB1 genotype's limit
    #: (11.4/36.2/62.2... ng/mL for 0/1/2... extra copies; none while the genotype is not
    #: recorded); ``ecnm_aim`` 15 ng/mL for everyone; ``laboratory`` the result's
    #: ``reference_high``. The venom screening threshold (11.4, RS32) and NICAS (11.4, SC1) are
    #: used as written, whatever this says.
    tryptase_reference: TryptaseReference = attrs.field(
        default=TryptaseReference.GENOTYPE, converter=TryptaseReference
    )


@attrs.frozen(kw_only=True)
class Options:
    """Every area's settings; ``Options()`` is mastcell's documented default.

    >>> Options(emergency=EmergencyOptions(auto_injectors_to_carry=3)).emergency.auto_injectors_to_carry
    3
    """

    antimediator: AntimediatorOptions = attrs.field(factory=AntimediatorOptions)
    cytopenia: CytopeniaOptions = attrs.field(factory=CytopeniaOptions)
    perioperative: PerioperativeOptions = attrs.field(factory=PerioperativeOptions)
    emergency: EmergencyOptions = attrs.field(factory=EmergencyOptions)
    monitoring: MonitoringOptions = attrs.field(factory=MonitoringOptions)
    interaction: InteractionOptions = attrs.field(factory=InteractionOptions)
    medication: MedicationOptions = attrs.field(factory=MedicationOptions)
    diagnosis: DiagnosisOptions = attrs.field(factory=DiagnosisOptions)


# -- site options as data: a JSON or TOML file, and the record a report carries ---------------

#: ISO 8601 durations of weeks, days, hours, minutes and seconds (no years or months: their
#: length varies), e.g. ``P14D``, ``P4W``, ``PT4H``, ``P1DT12H``.
_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)S)?)?"
)


def _duration(text: Any) -> timedelta:
    match = _DURATION.fullmatch(text) if isinstance(text, str) and len(text) <= 40 else None
    if match is None or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"expected an ISO 8601 duration such as P14D, P4W or PT4H, got {text!r}")
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    return timedelta(**parts)


def _duration_text(value: timedelta) -> str:
    """``P14D``, ``PT4H``, ``P1DT30M``: the shortest ISO 8601 spelling of a whole-second span."""
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(f"{n}{u}" for n, u in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    if not days and not clock:
        return "PT0S"
    return "P" + (f"{days}D" if days else "") + (f"T{clock}" if clock else "")


def _clock(text: Any) -> time:
    if not isinstance(text, str) or not re.fullmatch(r"\d{2}:\d{2}", text):
        raise ValueError(f"expected a time of day as HH:MM, got {text!r}")
    return time.fromisoformat(text)


def _window(data: Any) -> SamplingWindow:
    if not isinstance(data, dict):
        raise ValueError(
            "expected a table of reliable_from, ideal_from, ideal_until, reliable_until"
        )
    names = ("reliable_from", "ideal_from", "ideal_until", "reliable_until")
    unknown = sorted(set(data) - set(names))
    if unknown or set(data) != set(names):
        raise ValueError(f"expected exactly the keys {', '.join(names)}")
    bounds = {name: _duration(data[name]) for name in names}
    # The shipped window's sources stay: a site's bounds are stated in the report's options.
    return SamplingWindow(**bounds, sources=ACUTE_SAMPLE_WINDOW.sources)


def _none(value: Any) -> bool:
    """JSON null, or the string ``"none"`` (TOML has no null)."""
    return value is None or (isinstance(value, str) and value.lower() == "none")


def _read_value(kind: Any, value: Any) -> Any:
    """One setting's value from its JSON/TOML form, by the field's type."""
    optional = False
    args = typing.get_args(kind)
    if type(None) in args:
        optional = True
        (kind,) = [a for a in args if a is not type(None)]
        if _none(value):
            return None
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {value!r}")
        return value
    if kind is float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(f"expected a number{' or none' if optional else ''}, got {value!r}")
        return float(value)
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r}")
        return value
    if kind is timedelta:
        return _duration(value)
    if kind is time:
        return _clock(value)
    if kind is SamplingWindow:
        return _window(value)
    if typing.get_origin(kind) is frozenset:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"expected a list of text, got {value!r}")
        return frozenset(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        allowed = [m.value for m in kind]
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(map(str, allowed))}, got {value!r}")
        return kind(value)
    raise TypeError(f"no reader for {kind!r}")  # pragma: no cover - a new field type


def _write_value(value: Any) -> Any:
    """One setting's value in its JSON/TOML form (what :func:`_read_value` reads back)."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, timedelta):
        return _duration_text(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, SamplingWindow):
        return {
            name: _duration_text(getattr(value, name))
            for name in ("reliable_from", "ideal_from", "ideal_until", "reliable_until")
        }
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _fields(cls: type) -> dict[str, Any]:
    return {f.name: f.type for f in attrs.fields(attrs.resolve_types(cls))}


def options_from_dict(data: Any) -> Options:
    """Site options from their data form: ``{area: {setting: value}}``, anything left out default.

    The same :class:`Options` type checks every value; each problem names its key. Durations
    are ISO 8601 (``P14D``, ``PT4H``), times ``HH:MM``, a setting that may be unset takes
    ``null`` (or ``"none"`` in TOML).

    Raises:
        InputError: an unknown area or setting, or a value of the wrong kind, each named.

    >>> options_from_dict({"cytopenia": {"count_max_age": "P21D"}}).cytopenia.count_max_age
    datetime.timedelta(days=21)
    >>> options_from_dict({"cytopenia": {"count_max_age": 21, "max_age": 1}, "site": {}})
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: cytopenia.count_max_age: expected an ISO 8601 duration such as P14D, P4W or PT4H, got 21; cytopenia.max_age: unknown setting; known: avapritinib_just_started, count_max_age, hold_review_grade, marrow_below_c_finding; site: unknown area; known: antimediator, cytopenia, diagnosis, emergency, interaction, medication, monitoring, perioperative
    """
    if not isinstance(data, dict):
        raise InputError.for_field("(options)", "expected a table of areas")
    areas = _fields(Options)
    problems: list[str] = []
    built: dict[str, Any] = {}
    for area, settings in data.items():
        if area not in areas:
            problems.append(f"{area}: unknown area; known: {', '.join(sorted(areas))}")
            continue
        if not isinstance(settings, dict):
            problems.append(f"{area}: expected a table of settings")
            continue
        kinds = _fields(areas[area])
        default = areas[area]()
        values: dict[str, Any] = {}
        for name, raw in settings.items():
            key = f"{area}.{name}"
            if name not in kinds:
                problems.append(f"{key}: unknown setting; known: {', '.join(sorted(kinds))}")
                continue
            try:
                value = _read_value(kinds[name], raw)
                attrs.evolve(default, **{name: value})  # the type's own validators
            except InputError as exc:
                problems.extend(f"{key}: {e.partition(': ')[2] or e}" for e in exc.errors)
                continue
            except (ValueError, TypeError) as exc:
                problems.append(f"{key}: {exc}")
                continue
            values[name] = value
        try:
            built[area] = attrs.evolve(default, **values)
        except (ValueError, TypeError) as exc:
            problems.append(f"{area}: {exc}")
    if problems:
        raise InputError(problems)
    return Options(**built)


def options_to_dict(options: Options, *, changed_only: bool = True) -> dict[str, Any]:
    """Options in their data form; by default only what differs from mastcell's defaults.

    ``{}`` means mastcell's documented defaults (of the version that wrote it). The result
    reads back with :func:`options_from_dict` and is itself a valid options file.

    >>> options_to_dict(Options())
    {}
    >>> options_to_dict(Options(cytopenia=CytopeniaOptions(count_max_age=timedelta(days=21))))
    {'cytopenia': {'count_max_age': 'P21D'}}
    """
    out: dict[str, Any] = {}
    for area in _fields(Options):
        current = getattr(options, area)
        default = type(current)()
        settings = {
            f.name: _write_value(getattr(current, f.name))
            for f in attrs.fields(type(current))
            if not changed_only or getattr(current, f.name) != getattr(default, f.name)
        }
        if settings:
            out[area] = settings
    return out


#: The most bytes of an options file read (a full file is about 2 kB).
OPTIONS_FILE_LIMIT = 1_000_000


def load_options(path: str | os.PathLike[str]) -> Options:
    r"""Read site options from a ``.json`` or ``.toml`` file (``mastcell ... --options FILE``).

    Raises:
        InputError: the file cannot be read, is not JSON or TOML, or holds a bad setting.

    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "site.toml"
    >>> _ = f.write_text('[emergency]\nepinephrine_switch = "aap"\n')
    >>> load_options(f).emergency.epinephrine_switch
    <EpinephrineSwitch.AAP: 'aap'>
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            raw = handle.read(OPTIONS_FILE_LIMIT + 1)
    except OSError as exc:
        raise InputError.for_field("--options", f"cannot read {name!r}: {exc.strerror}") from None
    if len(raw) > OPTIONS_FILE_LIMIT:
        raise InputError.for_field("--options", f"{name!r} is over {OPTIONS_FILE_LIMIT} bytes")
    try:
        text = raw.decode("utf-8")
        if name.lower().endswith(".toml"):
            data = tomllib.loads(text)
        elif name.lower().endswith(".json"):
            from mastcell.limits import loads

            data = loads(text)
        else:
            raise InputError.for_field("--options", f"{name!r}: expected a .json or .toml file")
    except UnicodeDecodeError:
        raise InputError.for_field("--options", f"{name!r} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError.for_field("--options", f"{name!r} is not valid TOML: {exc}") from None
    return options_from_dict(data)
