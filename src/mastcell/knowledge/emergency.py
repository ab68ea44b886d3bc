"""Emergency preparedness facts: epinephrine auto-injector dosing by weight (section 2.5)."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from mastcell.knowledge.populations import ADULT_AGE_YEARS
from mastcell.knowledge.sources import cite, cited

__all__ = [
    "ADULT_AGE_YEARS",
    "ADULT_IM_RANGE_MG",
    "AUTO_INJECTOR_SOURCES",
    "BRAND_STRENGTH_MG",
    "EPINEPHRINE_BANDS",
    "EPINEPHRINE_BANDS_BY_SWITCH",
    "EPINEPHRINE_DRUG",
    "SMALL_CHILD_DEVICE",
    "EpinephrineBand",
    "EpinephrineSwitch",
    "SmallChildDevice",
    "epinephrine_band",
]

#: The identity of epinephrine, by its generic name in the drug vocabulary.
EPINEPHRINE_DRUG = "epinephrine"


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
#: the anterolateral thigh [S16]; EpiPen/EpiPen Jr labels agree from 15 kg (PD20, S135).
#: Below 7.5 kg no auto-injector is labelled: a clinician decision.
EPINEPHRINE_BANDS = (
    EpinephrineBand(min_kg=30.0, below_kg=None, dose_mg=0.3, sources=("S16", "S135")),
    EpinephrineBand(min_kg=15.0, below_kg=30.0, dose_mg=0.15, sources=("S16", "S135")),
    EpinephrineBand(min_kg=7.5, below_kg=15.0, dose_mg=0.1, sources=("S16",)),
)


class EpinephrineSwitch(enum.StrEnum):
    """Where the 0.3 mg device starts (E5/PD21, CONFLICT confirmed on both sides).

    ``label`` (default): 30 kg, the US labels (E1, PD20; S16, S135), the bands mastcell has
    always proposed. ``aap``: 25 kg, AAP 2017 and international guidelines (PD21; S136).

    >>> EpinephrineSwitch("aap").kg
    25.0
    """

    LABEL = "label"
    AAP = "aap"

    @property
    def kg(self) -> float:
        """The weight from which the 0.3 mg device is used."""
        return 30.0 if self is EpinephrineSwitch.LABEL else 25.0


#: The weight bands under each reading of the 0.3 mg switch point (E5, PD21).
EPINEPHRINE_BANDS_BY_SWITCH: Mapping[EpinephrineSwitch, tuple[EpinephrineBand, ...]] = {
    EpinephrineSwitch.LABEL: EPINEPHRINE_BANDS,
    EpinephrineSwitch.AAP: (
        EpinephrineBand(min_kg=25.0, below_kg=None, dose_mg=0.3, sources=("S136",)),
        EpinephrineBand(min_kg=15.0, below_kg=25.0, dose_mg=0.15, sources=("S136", "S135")),
        EPINEPHRINE_BANDS[2],
    ),
}

#: Adult IM epinephrine 0.3-0.5 mg (E4, S29): a 0.5 mg device is within the adult dose.
ADULT_IM_RANGE_MG = (0.3, 0.5)


@attrs.frozen(kw_only=True)
class SmallChildDevice:
    """The 0.15 mg device for small children (PD21): not the AUVI-Q band, but supported.

    >>> SMALL_CHILD_DEVICE.dose_mg, SMALL_CHILD_DEVICE.min_kg
    (0.15, 7.5)
    """

    dose_mg: float
    min_kg: float
    below_kg: float
    text: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


#: International guidelines use 0.15 mg for 7.5-25 kg (AAP 2017), and under 15 kg the 0.15 mg
#: device is prescribed rather than none (CSACI 2015; PD21, S136).
SMALL_CHILD_DEVICE = SmallChildDevice(
    dose_mg=0.15,
    min_kg=7.5,
    below_kg=25.0,
    text=(
        "international guidelines use 0.15 mg for 7.5-25 kg; CSACI advises the 0.15 mg device "
        "rather than none under 15 kg (PD21)"
    ),
    sources=("S136",),
)

#: Strength fixed by the brand name (PD20, S135): EpiPen 0.3 mg, EpiPen Jr 0.15 mg. Other
#: brands come in several strengths and are not read from the name.
BRAND_STRENGTH_MG: Mapping[str, float] = {"epipen": 0.3, "epipen jr": 0.15}

#: Carrying two auto-injectors (E7) and the lowered treatment threshold (E10).
AUTO_INJECTOR_SOURCES = cite("S44", "S16", "SEED-A", "SEED-B")

#: ADULT_AGE_YEARS (from ``populations``): from this age an unknown weight is taken as an
#: adult's (>= 30 kg, 0.3 mg device; E6).


def epinephrine_band(
    kg: float, switch: EpinephrineSwitch = EpinephrineSwitch.LABEL
) -> EpinephrineBand | None:
    """The auto-injector band for a body weight; None below the lowest band.

    ``switch`` chooses the reading of the 0.3 mg switch point (E5/PD21; label by default).

    >>> epinephrine_band(29.9).dose_mg, epinephrine_band(15).dose_mg, epinephrine_band(7.5).dose_mg
    (0.15, 0.15, 0.1)
    >>> epinephrine_band(7.4) is None
    True
    >>> epinephrine_band(25, EpinephrineSwitch.AAP).dose_mg
    0.3
    """
    bands = EPINEPHRINE_BANDS_BY_SWITCH[switch]
    return next((band for band in bands if band.contains(kg)), None)
