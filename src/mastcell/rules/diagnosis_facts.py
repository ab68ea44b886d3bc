"""The reads of the diagnosis rules (:mod:`mastcell.rules.diagnosis`): the work-up, read lazily.

The criteria read the work-up through :class:`mastcell.diagnosis.inputs.Inputs`, which reads
each part (biopsies, KIT tests, tryptase roles, counts...) from the patient the first time a
criterion asks for it. A :class:`WorkupRead` hands its rule one such ``Inputs`` per
evaluation; its paths are those of the parts the rule reached, so each rule accounts for what
its criteria read, and nothing more. Each rule declares its own read: the parts one rule
reached are not another's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mastcell.diagnosis.inputs import Inputs, read_inputs
from mastcell.facts import Facts
from mastcell.knowledge.options import Options
from mastcell.model import Analyte
from mastcell.reads import COUNTS, Read

__all__ = ["WorkupRead", "part_paths"]

_COUNTS = (Analyte.ANC, Analyte.HEMOGLOBIN, Analyte.PLATELETS, Analyte.WBC)
_URINE = (Analyte.URINE_LTE4, Analyte.URINE_PGF2A, Analyte.URINE_NMH)


def _items(name: str) -> Callable[[Facts], tuple[str, ...]]:
    def paths(f: Facts) -> tuple[str, ...]:
        patient = f.patient
        return tuple(patient.path_of(item) for item in getattr(patient, name))

    return paths


def _field(name: str) -> Callable[[Facts], tuple[str, ...]]:
    def paths(f: Facts) -> tuple[str, ...]:
        return () if getattr(f.patient, name) is None else (name,)

    return paths


def _series(f: Facts, analytes: tuple[Analyte, ...]) -> tuple[str, ...]:
    patient = f.patient
    return tuple(patient.path_of(lab) for a in analytes for lab in patient.series(a, until=f.at))


def _age(f: Facts) -> tuple[str, ...]:
    patient = f.patient
    if patient.birth_date is not None:
        return ("birth_date",)
    return ("age",) if patient.age is not None else ()


def _counts(f: Facts) -> tuple[str, ...]:
    return tuple(p for a in _COUNTS for p in COUNTS[a].paths(f))


def _count_labs(f: Facts) -> tuple[str, ...]:
    patient = f.patient
    return tuple(patient.path_of(f.latest[a]) for a in _COUNTS if a in f.latest)


def _tryptase(f: Facts) -> tuple[str, ...]:
    return _items("flares")(f) + _series(f, (Analyte.TRYPTASE,))


#: Per part of :class:`~mastcell.diagnosis.inputs.Inputs` (its cached attribute): the input
#: paths reading it reads, as the recording view notes them.
_PARTS: dict[str, Callable[[Facts], tuple[str, ...]]] = {
    "age": _age,
    "biopsies": _items("biopsies"),
    "kit_tests": _items("kit_tests"),
    "kit_d816v": _field("kit_d816v"),
    "scores": _items("scores"),
    "skin": _field("skin"),
    "organ_findings": _field("organ_findings"),
    "neoplasm": _field("associated_neoplasm"),
    "response": _field("response_to_antimediators"),
    "sensitisations": _items("sensitisations"),
    "copies": _field("tpsab1_extra_copies"),
    "flares": _items("flares"),
    "reactions": _items("reactions"),
    "_tryptase": _tryptase,
    "counts": _counts,
    "count_labs": _count_labs,
    "urine": lambda f: _series(f, _URINE),
}


def part_paths(f: Facts, parts: Iterable[str]) -> tuple[str, ...]:
    """The input paths of the parts of the work-up read so far, in the order of ``_PARTS``.

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Flare
    >>> f = facts_of(patient(flares=[Flare(onset=AT)]), AT)
    >>> part_paths(f, ["flares", "sex"])
    ('flares[0]',)
    """
    read = set(parts)
    return tuple(
        dict.fromkeys(p for name, paths in _PARTS.items() if name in read for p in paths(f))
    )


class WorkupRead(Read):
    """The work-up as the criteria read it, for one rule (the options' tryptase window).

    >>> from mastcell.facts import facts_of
    >>> from mastcell.testing import AT, patient
    >>> from mastcell.model import Flare
    >>> read = WorkupRead("example work-up")
    >>> f = facts_of(patient(flares=[Flare(onset=AT)]), AT)
    >>> read.paths(f)
    ()
    >>> len(read.inputs(f, Options()).flares), read.paths(f)
    (1, ('flares[0]',))
    """

    __slots__ = ()

    def compute(self, facts: Facts) -> dict[Options, Inputs]:
        return {}

    def inputs(self, facts: Facts, options: Options) -> Inputs:
        """The work-up at the evaluation moment, read with ``options`` (one per evaluation)."""
        made: dict[Options, Inputs] = self.of(facts)
        found = made.get(options)
        if found is None:
            found = made[options] = read_inputs(facts.patient, facts.at, options)
        return found

    def paths(self, facts: Facts) -> tuple[str, ...]:
        made: dict[Options, Inputs] = self.of(facts)
        return part_paths(facts, {name for inputs in made.values() for name in vars(inputs)})
