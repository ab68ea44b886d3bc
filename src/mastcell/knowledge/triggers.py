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

__all__ = ["FILLER_WORDS", "PHYSICAL_TRIGGERS", "TRIGGER_SOURCES", "Trigger", "physical_trigger"]


@attrs.frozen(kw_only=True)
class Trigger:
    """A non-drug trigger: its name, the phrases that name it, and the advice given.

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
        words=frozenset(
            {
                "heat",
                "hot",
                "sauna",
                "hot bath",
                "hot baths",
                "hot shower",
                "hot showers",
                "hot water",
                "hot weather",
            }
        ),
        advice="avoid sudden heat (hot baths or showers, saunas)",
        sources=_SOURCES,
    ),
    Trigger(
        name="cold",
        words=frozenset({"cold", "ice", "cold water", "cold air", "cold weather"}),
        advice="avoid sudden cold (cold water, cold air)",
        sources=_SOURCES,
    ),
    Trigger(
        name="sudden temperature change",
        words=frozenset(
            {
                "temperature",
                "temperature change",
                "temperature changes",
                "sudden temperature change",
                "sudden temperature changes",
            }
        ),
        advice="avoid abrupt changes of temperature",
        sources=_SOURCES,
    ),
    Trigger(
        name="friction or rubbing of skin lesions",
        words=frozenset(
            {"friction", "rubbing", "pressure", "scratching", "massage", "tape", "adhesive tape"}
        ),
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
        words=frozenset(
            {"alcohol", "ethanol", "wine", "red wine", "white wine", "beer", "spirits"}
        ),
        advice="avoid or limit alcohol",
        sources=_SOURCES,
    ),
    Trigger(
        name="insect venom",
        words=frozenset(
            {
                "venom",
                "insect",
                "insects",
                "insect venom",
                "insect sting",
                "insect stings",
                "sting",
                "stings",
                "bee",
                "bees",
                "bee sting",
                "bee stings",
                "bee venom",
                "wasp",
                "wasps",
                "wasp sting",
                "wasp stings",
                "wasp venom",
                "hornet",
                "hornet sting",
                "yellow jacket",
                "hymenoptera",
                "hymenoptera venom",
            }
        ),
        advice="avoid insect stings; carry epinephrine outdoors",
        sources=_SOURCES,
    ),
)

#: Sources of the physical trigger list.
TRIGGER_SOURCES = cite(*_SOURCES)

_WORD = re.compile(r"[a-z]+")

#: Words around a trigger's phrase that name no other agent ("allergy to heat", "cold -
#: hives"): taken off before the phrase is compared. Nothing that could name a drug or a
#: product is here: "cold medicine" keeps its "medicine" and is no trigger.
FILLER_WORDS = frozenset(
    {
        "allergy",
        "allergic",
        "to",
        "reaction",
        "reactions",
        "exposure",
        "sensitivity",
        "intolerance",
        "induced",
        "the",
        "a",
        "an",
        "of",
        "hives",
        "urticaria",
        "rash",
        "flushing",
        "itching",
        "anaphylaxis",
        "severe",
        "mild",
    }
)


def physical_trigger(agent: str) -> Trigger | None:
    """The physical trigger a reaction's agent names, else None.

    The whole agent, less :data:`FILLER_WORDS` and punctuation, must be one of a trigger's
    phrases (``Trigger.words``): "bee sting" and "allergy to heat" are triggers, but
    "cold medicine" or "ice cream" are not (a word alone never makes one).

    >>> physical_trigger("Cold water").name, physical_trigger("bee sting").name
    ('cold', 'insect venom')
    >>> physical_trigger("allergy to heat").name
    'heat'
    >>> physical_trigger("ibuprofen") is None, physical_trigger("cold medicine") is None
    (True, True)
    """
    phrase = " ".join(w for w in _WORD.findall(agent.lower()) if w not in FILLER_WORDS)
    if not phrase:
        return None
    return _BY_PHRASE.get(phrase)


_BY_PHRASE = {word: trigger for trigger in PHYSICAL_TRIGGERS for word in trigger.words}
