"""The reads of the tryptase rules (:mod:`mastcell.rules.tryptase`): roles and findings.

Every tryptase drawn by the moment gets its role from :func:`mastcell.tryptase.infer_role`
(the input's role when given, else inferred from the flares begun by then), so every rule
reads the same roles; each finding states how the role was read. The rules read every flare
(:data:`FLARES`) and the tryptase series (:data:`TRYPTASE`).
The other monitoring rules (:mod:`mastcell.rules.monitoring`) read the TPSAB1 copy number,
whether the patient has symptoms (:data:`SYMPTOMATIC`), the active anti-mediator drugs and
the groups of conflicting results (:data:`CONFLICTING`).
"""

from __future__ import annotations

from datetime import datetime

from mastcell.facts import MAST_CELL_DISORDER, Facts
from mastcell.knowledge.antimediator import ANTIMEDIATOR_CLASSES
from mastcell.knowledge.tryptase import SamplingWindow
from mastcell.model import Analyte, Finding, Flare, LabResult, ReactionSeverity, TryptaseRole
from mastcell.reads import FieldRead, ItemsRead, MedicationsRead, Read, SeriesRead
from mastcell.tryptase import RoleInference, infer_role

__all__ = [
    "ANTIMEDIATORS",
    "CONFLICTING",
    "FLARES",
    "SYMPTOMATIC",
    "TPSAB1",
    "TRYPTASE",
    "ConflictingRead",
    "Role",
    "Symptomatic",
    "flare_finding",
    "latest_baseline",
    "nearest_baseline",
    "of_role",
    "roles",
    "tryptase_finding",
]

#: Every flare (the roles are inferred from those begun by the moment).
FLARES = ItemsRead("flares")
#: The tryptase results drawn by the moment, in time order.
TRYPTASE = SeriesRead(Analyte.TRYPTASE)

#: The TPSAB1 extra copy number (HaT), when given.
TPSAB1 = FieldRead("tpsab1_extra_copies")
#: The active anti-mediator drugs (a start within the reassessment window is reassessed).
ANTIMEDIATORS = MedicationsRead("anti-mediator drugs active", *ANTIMEDIATOR_CLASSES)

#: A tryptase result with its role.
Role = tuple[LabResult, RoleInference]

_UNIT = Analyte.TRYPTASE.canonical_unit


def roles(facts: Facts, window: SamplingWindow) -> tuple[Role, ...]:
    """Every tryptase drawn at or before the moment, with its role (computed once per window).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.options import Options
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("tryptase", 9, "ng/mL", role="baseline")]), AT)
    >>> [(r.role.value, r.inferred) for _, r in roles(f, Options().monitoring.acute_sample_window)]
    [('baseline', False)]
    """
    key = ("tryptase roles", window)
    found: tuple[Role, ...] | None = facts.cache.get(key)
    if found is None:
        flares = [x for x in FLARES.of(facts) if x.onset <= facts.at]
        found = facts.cache[key] = tuple(
            (lab, infer_role(lab, flares, window=window)) for lab in TRYPTASE.of(facts)
        )
    return found


def of_role(found: tuple[Role, ...], role: TryptaseRole) -> list[Role]:
    """The results of one role, in time order.

    >>> of_role((), TryptaseRole.ACUTE)
    []
    """
    return [(lab, r) for lab, r in found if r.role is role]


def nearest_baseline(found: tuple[Role, ...], when: datetime) -> Role | None:
    """The baseline closest in time to ``when`` (the later one on a tie); None without one.

    >>> from mastcell.testing import AT
    >>> nearest_baseline((), AT) is None
    True
    """
    baselines = of_role(found, TryptaseRole.BASELINE)
    if not baselines:
        return None
    return min(baselines, key=lambda item: (abs(item[0].time - when), -item[0].time.timestamp()))


def latest_baseline(facts: Facts, window: SamplingWindow) -> Role | None:
    """The latest baseline tryptase with its role; None without one.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.options import Options
    >>> from mastcell.testing import AT, patient
    >>> latest_baseline(facts_of(patient(), AT), Options().monitoring.acute_sample_window)
    """
    baselines = of_role(roles(facts, window), TryptaseRole.BASELINE)
    return baselines[-1] if baselines else None


def tryptase_finding(
    facts: Facts,
    lab: LabResult,
    read: RoleInference,
    *,
    threshold: float | None = None,
    comparison: str | None = None,
    text: str | None = None,
) -> Finding:
    """A tryptase as a finding, its note saying how its role was read.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.knowledge.options import Options
    >>> from mastcell.testing import AT, lab, patient
    >>> p = patient(labs=[lab("tryptase", 9, "ng/mL", role="baseline")])
    >>> f = facts_of(p, AT)
    >>> tryptase_finding(f, p.labs[0], roles(f, Options().monitoring.acute_sample_window)[0][1]).note
    'baseline (given): role given'
    """
    role = f"{read.role.value} ({'inferred' if read.inferred else 'given'})"
    note = f"{role}: {read.basis}" + ("; check this reading" if read.ambiguous else "")
    return Finding(
        input=facts.path_of(lab),
        analyte=Analyte.TRYPTASE,
        value=lab.canonical,
        unit=_UNIT,
        threshold=threshold,
        comparison=comparison,
        time=lab.time,
        text=text,
        note=note,
    )


def flare_finding(facts: Facts, flare: Flare, at: datetime) -> Finding:
    """A flare's onset as a finding: hours from onset to the evaluation moment.

    >>> from datetime import timedelta
    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import Flare
    >>> from mastcell.testing import AT, patient
    >>> p = patient(flares=[Flare(onset=AT - timedelta(hours=1))])
    >>> flare_finding(facts_of(p, AT), p.flares[0], AT).value
    1.0
    """
    return Finding(
        input=facts.path_of(flare),
        text="flare onset",
        time=flare.onset,
        value=round((at - flare.onset).total_seconds() / 3600, 2),
        unit="h",
        note="hours from onset to the evaluation moment",
    )


class Symptomatic(Read):
    """Whether the patient has mast cell mediator symptoms; None when nothing says either way.

    Yes with a flare or a mast cell disorder; else with an anaphylaxis or a flare among the
    reactions (read only then); else symptom control, when recorded (read only then).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.model import SymptomControl
    >>> from mastcell.testing import AT, patient
    >>> f = facts_of(patient(symptom_control=SymptomControl.CONTROLLED), AT)
    >>> SYMPTOMATIC.of(f), SYMPTOMATIC.paths(f)
    (False, ('symptom_control',))
    >>> SYMPTOMATIC.of(facts_of(patient(diagnoses=["mcas"]), AT))
    True
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("mediator symptoms")

    def compute(self, facts: Facts) -> tuple[bool | None, tuple[str, ...]]:
        patient = facts.patient
        path_of = patient.path_of
        paths = [path_of(x) for x in patient.flares]
        if patient.flares or MAST_CELL_DISORDER in facts.families:
            return True, tuple(paths)
        paths += [path_of(r) for r in patient.reactions]
        if any(
            r.severity in (ReactionSeverity.ANAPHYLAXIS, ReactionSeverity.FLARE)
            for r in patient.reactions
        ):
            return True, tuple(paths)
        control = patient.symptom_control
        if control is None:
            return None, tuple(paths)
        answer: bool = control.uncontrolled
        return answer, (*paths, "symptom_control")

    def of(self, facts: Facts) -> bool | None:
        """True with evidence of symptoms, False when controlled, None when unknown."""
        value: tuple[bool | None, tuple[str, ...]] = super().of(facts)
        return value[0]

    def paths(self, facts: Facts) -> tuple[str, ...]:
        value: tuple[bool | None, tuple[str, ...]] = super().of(facts)
        return value[1]


#: Whether the patient has mediator symptoms (:class:`Symptomatic`).
SYMPTOMATIC = Symptomatic()


class ConflictingRead(Read):
    """Groups of results of one analyte drawn at the same instant with different values.

    Each group is in the order :meth:`Patient.conflicting_results
    <mastcell.Patient.conflicting_results>` gives, its last the one read (the more cautious);
    only the groups drawn at or before the evaluation moment are read (a result drawn later
    is not known yet, as for every other read).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, lab, patient
    >>> f = facts_of(patient(labs=[lab("anc", 1.2, "10*9/L"), lab("anc", 0.8, "10*9/L")]), AT)
    >>> [[x.canonical for x in g] for g in CONFLICTING.of(f)], CONFLICTING.paths(f)
    ([[1.2, 0.8]], ('labs[0]', 'labs[1]'))
    >>> later = "2026-11-23T12:00:00+00:00"
    >>> f = facts_of(patient(labs=[lab("anc", 1.2, "10*9/L", later),
    ...                            lab("anc", 0.8, "10*9/L", later)]), AT)
    >>> CONFLICTING.of(f), CONFLICTING.paths(f)
    ((), ())
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__("conflicting results")

    def compute(self, facts: Facts) -> tuple[tuple[LabResult, ...], ...]:
        at = facts.at
        return tuple(g for g in facts.patient.conflicting_results() if g[0].time <= at)

    def of(self, facts: Facts) -> tuple[tuple[LabResult, ...], ...]:
        """The groups."""
        value: tuple[tuple[LabResult, ...], ...] = super().of(facts)
        return value

    def paths(self, facts: Facts) -> tuple[str, ...]:
        path_of = facts.patient.path_of
        return tuple(dict.fromkeys(path_of(lab) for group in self.of(facts) for lab in group))


#: The groups of conflicting results (:class:`ConflictingRead`).
CONFLICTING = ConflictingRead()
