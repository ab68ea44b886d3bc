"""An assessed criterion: its status, what is missing to decide it, the readings taken.

Every decision function of :mod:`mastcell.diagnosis` returns an :class:`Assessment`, so that
what a criterion needs, which inputs it read and which reading it took travel with its status
into the classification's ``missing`` and ``notes``.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mastcell.model.classification import CriterionStatus

__all__ = ["Assessment", "all_met", "any_met", "assess", "flag", "unique"]

MET, NOT_MET, UNKNOWN, NOT_APPLICABLE = (
    CriterionStatus.MET,
    CriterionStatus.NOT_MET,
    CriterionStatus.UNKNOWN,
    CriterionStatus.NOT_APPLICABLE,
)


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """``items`` without repeats, first occurrence kept.

    >>> unique(["a", "b", "a"])
    ('a', 'b')
    """
    return tuple(dict.fromkeys(items))


@attrs.frozen(kw_only=True)
class Assessment:
    """A criterion's status, with the inputs it read, what is missing and the readings taken.

    >>> a = Assessment(status=CriterionStatus.UNKNOWN, missing=("skin.lesions",))
    >>> a.status.value, a.missing
    ('unknown', ('skin.lesions',))
    """

    status: CriterionStatus
    #: Inputs that would decide it (paths or names); empty once decided.
    missing: tuple[str, ...] = attrs.field(default=(), converter=unique)
    #: Readings taken and input conflicts met on the way.
    notes: tuple[str, ...] = attrs.field(default=(), converter=unique)
    #: The input paths read to decide it (``biopsies[0]``, ``labs[3]``).
    inputs: tuple[str, ...] = attrs.field(default=(), converter=unique)
    #: One line saying why (for the text rendering).
    basis: str = ""

    @property
    def met(self) -> bool:
        """The criterion is met."""
        return self.status is MET


def assess(
    status: CriterionStatus,
    *,
    missing: Iterable[str] = (),
    notes: Iterable[str] = (),
    inputs: Iterable[str] = (),
    basis: str = "",
) -> Assessment:
    """An :class:`Assessment`; ``missing`` is kept only while the status is unknown.

    >>> assess(CriterionStatus.MET, missing=["x"]).missing
    ()
    """
    return Assessment(
        status=status,
        missing=tuple(missing) if status is UNKNOWN else (),
        notes=tuple(notes),
        inputs=tuple(inputs),
        basis=basis,
    )


def any_met(
    parts: Iterable[Assessment],
    *,
    empty_missing: Iterable[str] = (),
    basis: str = "",
) -> Assessment:
    """Met if any part is met; else unknown if any is unknown; else not met ("or").

    With no parts at all the result is unknown, missing ``empty_missing``. Not applicable parts
    count as not met.

    >>> m, n, u = (assess(s) for s in (MET, NOT_MET, UNKNOWN))
    >>> [any_met(p).status.value for p in ([m, u], [n, u], [n, n], [])]
    ['met', 'unknown', 'not_met', 'unknown']
    """
    items = list(parts)
    notes = [n for p in items for n in p.notes]
    inputs = [i for p in items for i in p.inputs]
    if not items:
        return assess(UNKNOWN, missing=empty_missing, basis=basis)
    met = [p for p in items if p.status is MET]
    if met:
        return assess(
            MET,
            notes=notes,
            inputs=[i for p in met for i in p.inputs],
            basis=basis or met[0].basis,
        )
    unknown = [p for p in items if p.status is UNKNOWN]
    if unknown:
        return assess(
            UNKNOWN,
            missing=[m for p in unknown for m in p.missing],
            notes=notes,
            inputs=inputs,
            basis=basis,
        )
    return assess(NOT_MET, notes=notes, inputs=inputs, basis=basis or items[0].basis)


def all_met(parts: Iterable[Assessment], *, basis: str = "") -> Assessment:
    """Met if every part is met; not met if any is not met; else unknown ("and").

    >>> m, n, u = (assess(s) for s in (MET, NOT_MET, UNKNOWN))
    >>> [all_met(p).status.value for p in ([m, m], [m, u], [n, u])]
    ['met', 'unknown', 'not_met']
    """
    items = list(parts)
    notes = [n for p in items for n in p.notes]
    inputs = [i for p in items for i in p.inputs]
    if any(p.status in (NOT_MET, NOT_APPLICABLE) for p in items):
        failed = [p for p in items if p.status in (NOT_MET, NOT_APPLICABLE)]
        return assess(
            NOT_MET,
            notes=notes,
            inputs=[i for p in failed for i in p.inputs],
            basis=basis or failed[0].basis,
        )
    if all(p.status is MET for p in items):
        return assess(MET, notes=notes, inputs=inputs, basis=basis)
    return assess(
        UNKNOWN,
        missing=[m for p in items if p.status is UNKNOWN for m in p.missing],
        notes=notes,
        inputs=inputs,
        basis=basis,
    )


def flag(
    value: bool | None,
    path: str,
    *,
    inputs: Iterable[str] = (),
    basis: str = "",
) -> Assessment:
    """A true/false/unknown input as a status (True met, False not met, None unknown).

    >>> flag(None, "skin.darier_sign").missing
    ('skin.darier_sign',)
    """
    if value is None:
        return assess(UNKNOWN, missing=[path], inputs=inputs, basis=basis)
    return assess(MET if value else NOT_MET, inputs=inputs, basis=basis)
