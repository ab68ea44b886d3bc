"""Non-drug triggers of mast cell activation, and how a recorded reaction names them (2.7).

Drug triggers and their safer alternatives are rated in :mod:`mastcell.knowledge.safety`; this
module holds the physical and other triggers of the fact sheet's section 2.7 ("heat, cold,
sudden temperature change, friction/rubbing of lesions, emotional stress, alcohol, insect
venom"; S34, S45, S43), each with the words a ``reactions[].agent`` may use for it.
"""

from __future__ import annotations

import re

import attrs

from mastcell.knowledge.sources import cite, cited

__all__ = ["PHYSICAL_TRIGGERS", "TRIGGER_SOURCES", "Trigger", "physical_trigger"]


@attrs.frozen(kw_only=True)
class Trigger:
    """A non-drug trigger: its name, the words that name it, and the advice given.

    >>> physical_trigger("hot shower").name
    'heat'
    """

    name: str
    words: frozenset[str]
    advice: str
    sources: tuple[str, ...] = attrs.field(converter=cited)


_SOURCES = ("S34", "S45", "S43")

#: 2.7 "Physical / other" row, CONFIRMED (S34, S45, S43).
PHYSICAL_TRIGGERS = (
    Trigger(
        name="heat",
        words=frozenset({"heat", "hot", "sauna", "hot bath", "hot shower"}),
        advice="avoid sudden heat (hot baths or showers, saunas)",
        sources=_SOURCES,
    ),
    Trigger(
        name="cold",
        words=frozenset({"cold", "ice", "cold water"}),
        advice="avoid sudden cold (cold water, cold air)",
        sources=_SOURCES,
    ),
    Trigger(
        name="sudden temperature change",
        words=frozenset({"temperature", "temperature change"}),
        advice="avoid abrupt changes of temperature",
        sources=_SOURCES,
    ),
    Trigger(
        name="friction or rubbing of skin lesions",
        words=frozenset({"friction", "rubbing", "pressure", "scratching", "massage", "tape"}),
        advice="avoid rubbing, pressure or friction on skin lesions; gentle skin care",
        sources=_SOURCES,
    ),
    Trigger(
        name="emotional stress",
        words=frozenset({"stress", "emotional stress", "anxiety"}),
        advice="anticipate and reduce emotional stress",
        sources=_SOURCES,
    ),
    Trigger(
        name="alcohol",
        words=frozenset({"alcohol", "ethanol", "wine", "beer", "spirits"}),
        advice="avoid or limit alcohol",
        sources=_SOURCES,
    ),
    Trigger(
        name="insect venom",
        words=frozenset({"venom", "insect", "sting", "bee", "wasp", "hornet", "hymenoptera"}),
        advice="avoid insect stings; carry epinephrine outdoors",
        sources=_SOURCES,
    ),
)

#: Sources of the physical trigger list.
TRIGGER_SOURCES = cite(*_SOURCES)

_WORD = re.compile(r"[a-z]+")


def physical_trigger(agent: str) -> Trigger | None:
    """The physical trigger a reaction's agent names (whole phrase or any word), else None.

    >>> physical_trigger("Cold water").name, physical_trigger("bee sting").name
    ('cold', 'insect venom')
    >>> physical_trigger("ibuprofen") is None
    True
    """
    text = agent.strip().lower()
    tokens = set(_WORD.findall(text))
    for trigger in PHYSICAL_TRIGGERS:
        if text in trigger.words or tokens & trigger.words:
            return trigger
    return None
