"""Emergency preparedness facts: epinephrine auto-injector dosing by weight (section 2.5)."""

from __future__ import annotations

import attrs

from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.sources import cite, cited

__all__ = [
    "ADULT_AGE_YEARS",
    "AUTO_INJECTOR_SOURCES",
    "EPINEPHRINE_BANDS",
    "EpinephrineBand",
    "epinephrine_band",
]


@attrs.frozen(kw_only=True)
class EpinephrineBand:
    """An auto-injector dose for body weights from ``min_kg`` (inclusive) up to ``below_kg``.

    >>> epinephrine_band(30).dose_mg
    0.3
    """

    min_kg: float
    below_kg: float | None
    dose_mg: float
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def contains(self, kg: float) -> bool:
        """Whether ``kg`` falls in this band."""
        return kg >= self.min_kg and (self.below_kg is None or kg < self.below_kg)


#: AUVI-Q label bands (E1): >= 30 kg 0.3 mg; 15-30 kg 0.15 mg; 7.5-15 kg 0.1 mg, IM or SC in
#: the anterolateral thigh [S16]. Below 7.5 kg no auto-injector is labelled: a clinician
#: decision. (AAP's 25 kg switch point, E5, is S-DRO only and not used.)
EPINEPHRINE_BANDS = (
    EpinephrineBand(min_kg=30.0, below_kg=None, dose_mg=0.3, sources=("S16",)),
    EpinephrineBand(min_kg=15.0, below_kg=30.0, dose_mg=0.15, sources=("S16",)),
    EpinephrineBand(min_kg=7.5, below_kg=15.0, dose_mg=0.1, sources=("S16",)),
)

#: Carrying two auto-injectors (E7) and the lowered treatment threshold (E10).
AUTO_INJECTOR_SOURCES = cite("S44", "S16", "SEED-A", "SEED-B")

#: ADULT_AGE_YEARS (from ``populations``): from this age an unknown weight is taken as an
#: adult's (>= 30 kg, 0.3 mg device; E6).


def epinephrine_band(kg: float) -> EpinephrineBand | None:
    """The labelled auto-injector band for a body weight; None below the lowest band.

    >>> epinephrine_band(29.9).dose_mg, epinephrine_band(15).dose_mg, epinephrine_band(7.5).dose_mg
    (0.15, 0.15, 0.1)
    >>> epinephrine_band(7.4) is None
    True
    """
    return next((band for band in EPINEPHRINE_BANDS if band.contains(kg)), None)
