"""NICAS, the NIH Idiopathic Clonal Anaphylaxis Score (SC1), as a range over what is unknown.

Computed for a patient with anaphylaxis episodes without a known trigger (its population:
idiopathic anaphylaxis); otherwise, or when no item is known, there is no score. The symptom
items are ambiguous in the sources (one or several may be scored, SC1): ``low`` and ``high``
span both readings and every unknown item at its least and most points.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from mastcell.diagnosis.criteria import assay_sensitive
from mastcell.diagnosis.inputs import Inputs
from mastcell.knowledge.scores import NICAS, NicasItem
from mastcell.model import Flare, FlareTrigger, KitResult, KitSpecimen, Sex

__all__ = ["NicasRange", "nicas"]


@attrs.frozen(kw_only=True)
class NicasRange:
    """The lowest and highest NICAS the known items allow, and the items not known.

    >>> NicasRange(low=-1, high=4, missing=("sex",), inputs=(), notes=()).spans
    True
    """

    low: int
    high: int
    missing: tuple[str, ...]
    inputs: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def spans(self) -> bool:
        """Low and high differ (an unknown item, or the two symptom readings, matter)."""
        return self.low != self.high


def _population(inputs: Inputs) -> list[tuple[str, Flare]]:
    return [
        (p, f)
        for p, f in inputs.flares
        if f.anaphylaxis is True and f.trigger in (None, FlareTrigger.NONE)
    ]


def _symptom(episodes: Sequence[tuple[str, Flare]], name: str) -> tuple[bool | None, list[str]]:
    """Present in any episode (True), absent from all (False), or not known (None)."""
    values = [getattr(f, name) for _, f in episodes]
    if any(v is True for v in values):
        return True, []
    if all(v is False for v in values):
        return False, []
    return None, [f"{p}.{name}" for p, f in episodes if getattr(f, name) is None]


def _kit(inputs: Inputs) -> tuple[bool | None, list[str]]:
    """KIT D816V in blood: detected (True), negative by a sensitive assay (False), unknown."""
    blood = [(p, t) for p, t in inputs.kit_tests if t.is_d816v and t.specimen is KitSpecimen.BLOOD]
    if any(t.result is KitResult.DETECTED for _, t in blood):
        return True, [p for p, t in blood if t.result is KitResult.DETECTED]
    negative = [p for p, t in blood if assay_sensitive(t)[0]]
    return (False, negative) if negative else (None, [])


def nicas(inputs: Inputs) -> NicasRange | None:
    """NICAS for the anaphylaxis episodes without a known trigger, or None.

    >>> from datetime import datetime, timezone
    >>> from mastcell.model import Flare
    >>> from mastcell.testing import AT, lab, patient
    >>> from mastcell.diagnosis.inputs import read_inputs
    >>> f = Flare(onset=datetime(2026, 10, 1, tzinfo=timezone.utc), anaphylaxis=True,
    ...           trigger="none", angioedema=False, flushing=False, urticaria=False,
    ...           syncope=True)
    >>> p = patient(sex="male", flares=[f], labs=[lab("tryptase", 12, "ng/mL", role="baseline")])
    >>> r = nicas(read_inputs(p, AT))
    >>> r.low, r.high, r.missing
    (1, 9, ('kit_tests (KIT D816V in blood, a sensitive assay)',))
    """
    episodes = _population(inputs)
    if not episodes:
        return None
    missing: list[str] = []
    used: list[str] = [p for p, _ in episodes]
    sex = {Sex.MALE: True, Sex.FEMALE: False}.get(inputs.sex)
    if sex is None:
        missing.append("sex")
    symptoms: list[tuple[NicasItem, bool | None]] = []
    for item, name in (
        (NICAS.angioedema, "angioedema"),
        (NICAS.flushing, "flushing"),
        (NICAS.urticaria, "urticaria"),
        (NICAS.syncope, "syncope"),
    ):
        state, lacking = _symptom(episodes, name)
        symptoms.append((item, state))
        missing += lacking
    latest = inputs.latest_baseline
    if latest is None:
        tryptase = None
        missing.append("labs (a baseline serum tryptase)")
    else:
        tryptase = NICAS.tryptase.holds(latest[1].canonical)
        used.append(latest[0])
    kit, kit_paths = _kit(inputs)
    used += kit_paths
    if kit is None:
        missing.append("kit_tests (KIT D816V in blood, a sensitive assay)")
    known = [sex, tryptase, kit, *(s for _, s in symptoms)]
    if all(v is None for v in known):
        return None
    scores = []
    for fixed in itertools.product(*([v] if v is not None else [True, False] for v in known)):
        sex_v, tryptase_v, kit_v, *symptom_v = fixed
        base = (
            (NICAS.male.present if sex_v else NICAS.male.absent)
            + (NICAS.tryptase_points.present if tryptase_v else NICAS.tryptase_points.absent)
            + (NICAS.kit.present if kit_v else NICAS.kit.absent)
        )
        points = [
            item.present if present else item.absent
            for (item, _), present in zip(symptoms, symptom_v, strict=True)
        ]
        scores.append(base + sum(points))  # several symptom items scored
        scores.extend(base + p for p in points)  # one symptom item scored
    now = inputs.at
    recent = sum(1 for _, f in episodes if (now - f.onset).days <= 365)
    notes = [
        "SC1: the symptom items are ambiguous (one or several may be scored): the range spans both",
        f"NICAS was derived in idiopathic anaphylaxis with >= 3 (or > 3: CONFLICT, FX6) episodes a "
        f"year; {recent} such episode(s) in the last year on record",
    ]
    if any(f.trigger is None for _, f in episodes):
        notes.append(
            "an anaphylaxis episode without a recorded trigger is read as idiopathic for NICAS"
        )
    return NicasRange(
        low=min(scores),
        high=max(scores),
        missing=tuple(dict.fromkeys(missing)),
        inputs=tuple(dict.fromkeys(used)),
        notes=tuple(notes),
    )
