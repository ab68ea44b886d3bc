"""Salts, dose forms and strengths: the words a chart adds to a drug's name.

Charts and orders rarely write a bare ingredient: "morphine sulfate 10 mg/mL injection",
"rocuronium bromide", "hydromorphone HCl", "oxycodone 5 mg tab". The drug vocabulary
(:mod:`mastcell.knowledge.drugs`) first looks a name up as written; only when that fails does it
strip what this module lists and look the rest up again. The rule is general (any ingredient
with any listed salt or form), backed by the lists below, rather than a table of every
salt-ingredient pair; the lists are the only place a salt or form word lives.

Stripping never invents a drug: what is left must be a catalogue name on its own, and a name
left empty ("sodium chloride", "potassium citrate") is no drug at all. Strengths are numbers
with a unit ("10 mg", "0.3 mg/0.3 mL", "2%"), and bare numbers of two digits or more or with
a decimal ("Ecotrin 81", "Omnipaque 350", "Xanax 0.5"): charts write a strength without its
unit. A bare single digit is kept, because it is part of a product's name ("Tylenol 3" is
not plain Tylenol).

>>> strip_forms("Morphine Sulfate 10 mg/mL injection")
'morphine'
>>> strip_forms("rocuronium bromide"), strip_forms("sodium chloride 0.9%")
('rocuronium', '')
"""

from __future__ import annotations

import re

__all__ = ["FORM_WORDS", "MAX_FORM_TEXT", "SALT_WORDS", "strip_forms", "strip_strengths"]

#: Salts, esters and hydrates written after an ingredient ("fentanyl citrate").
SALT_WORDS = frozenset(
    {
        "acetate",
        "anhydrous",
        "benzathine",
        "benzoate",
        "besilate",
        "besylate",
        "bisulfate",
        "bisulphate",
        "bitartrate",
        "bromide",
        "calcium",
        "chloride",
        "citrate",
        "dihydrate",
        "dihydrochloride",
        "digluconate",
        "dipropionate",
        "disodium",
        "embonate",
        "fumarate",
        "gluconate",
        "hcl",
        "hemisuccinate",
        "hemihydrate",
        "hyclate",
        "hydrogen",
        "hydrobromide",
        "hydrochloride",
        "iodide",
        "lactate",
        "lysine",
        "magnesium",
        "malate",
        "maleate",
        "mesilate",
        "mesylate",
        "methylsulfate",
        "methylsulphate",
        "monohydrate",
        "napsylate",
        "nitrate",
        "pamoate",
        "phosphate",
        "potassium",
        "silver",
        "propionate",
        "sodium",
        "stearate",
        "succinate",
        "sulfate",
        "sulphate",
        "tartrate",
        "tosilate",
        "tosylate",
        "trihydrate",
        "trometamol",
        "tromethamine",
        "valerate",
        "xinafoate",
    }
)

#: Dose forms, routes, release words and the order words written after a drug in an order
#: ("injection", "oral", "er", "auto-injector", "PCA", "IVPB", "q6h", "prn", "scrub").
FORM_WORDS = frozenset(
    {
        "ampoule",
        "ampule",
        "auto-injector",
        "autoinjector",
        "bid",
        "bolus",
        "buccal",
        "cap",
        "caplet",
        "caplets",
        "caps",
        "capsule",
        "capsules",
        "chewable",
        "cr",
        "cream",
        "daily",
        "delayed-release",
        "dispersible",
        "dose",
        "dosepack",
        "dosepak",
        "dr",
        "drip",
        "drops",
        "ec",
        "effervescent",
        "elixir",
        "epidural",
        "er",
        "extended-release",
        "film-coated",
        "gel",
        "granules",
        "im",
        "immediate-release",
        "infusion",
        "inhalation",
        "inhaler",
        "inj",
        "injectable",
        "injection",
        "intramuscular",
        "intrathecal",
        "intravenous",
        "ir",
        "iv",
        "ivp",
        "ivpb",
        "jelly",
        "liquid",
        "lozenge",
        "nasal",
        "nightly",
        "odt",
        "ointment",
        "once",
        "ophthalmic",
        "oral",
        "pack",
        "patch",
        "pca",
        "pf",
        "piggyback",
        "po",
        "powder",
        "prefilled",
        "premix",
        "premixed",
        "preservative-free",
        "prn",
        "push",
        "q12h",
        "q2h",
        "q3h",
        "q4h",
        "q6h",
        "q8h",
        "qd",
        "qhs",
        "qid",
        "rectal",
        "sc",
        "scrub",
        "sl",
        "solution",
        "spray",
        "sr",
        "stat",
        "subcutaneous",
        "sublingual",
        "suppository",
        "suspension",
        "swab",
        "swabs",
        "syringe",
        "syrup",
        "tab",
        "tablet",
        "tablets",
        "tabs",
        "tid",
        "topical",
        "transdermal",
        "usp",
        "vial",
        "wash",
        "wipe",
        "wipes",
        "xl",
        "xr",
    }
)

#: Texts longer than this are not stripped (no chart writes a longer drug name; the work on
#: arbitrary input stays bounded).
MAX_FORM_TEXT = 200

#: A strength: a number with a unit, alone or over another ("10 mg", "0.3 mg/0.3 ml", "2%",
#: "5 mg/325 mg", "1 mg/ml").
_STRENGTH = re.compile(
    r"(?<![a-z0-9])\d+(?:[.,]\d+)?\s*(?:%|mg|mcg|µg|ug|g|ml|l|iu|units?|meq|mmol)"
    r"(?:\s*/\s*\d*(?:[.,]\d+)?\s*(?:mg|mcg|µg|ug|g|ml|l|h|hr|hours?|dose|actuation))?"
    r"(?![a-z0-9])"
)
#: A strength written as a ratio without a unit ("5/325", "30/500"): a combination's strengths.
_RATIO = re.compile(
    r"(?<![a-z0-9#])\d+(?:[.,]\d+)?\s*[/-]\s*\d+(?:[.,]\d+)?(?:\s*(?:mg|mcg|ug|g|ml)\b)?"
    r"(?![a-z0-9])"
)
#: A strength written without its unit ("Ecotrin 81", "Omnipaque 350", "0.5"): two digits or
#: more, or a decimal. A single digit is a product's number ("Tylenol 3") and stays.
_BARE = re.compile(r"(?<![a-z0-9#./-])(?:\d{2,}(?:[.,]\d+)?|\d+[.,]\d+)(?![a-z0-9%/-])")
_WORD = re.compile(r"[a-z0-9µ#.'-]+")


def strip_strengths(text: str) -> str:
    """``text`` (lower-cased) without its strengths, separators and other words kept.

    >>> strip_strengths("oxycodone/acetaminophen 5/325 mg tablet")
    'oxycodone/acetaminophen tablet'
    """
    if len(text) > MAX_FORM_TEXT:
        return ""
    lowered = _STRENGTH.sub(" ", _RATIO.sub(" ", text.lower()))
    return " ".join(lowered.split())


def strip_forms(text: str) -> str:
    """``text`` without its salts, dose forms and strengths, lower-cased; "" when nothing is left.

    Only whole words are removed; the order of what is left is kept.

    >>> strip_forms("Hydromorphone HCl 2 mg tablet"), strip_forms("fentanyl citrate")
    ('hydromorphone', 'fentanyl')
    >>> strip_forms("Tylenol 3"), strip_forms("Ecotrin 81"), strip_forms("Omnipaque 350")
    ('tylenol 3', 'ecotrin', 'omnipaque')
    """
    if len(text) > MAX_FORM_TEXT:
        return ""
    lowered = _BARE.sub(" ", _STRENGTH.sub(" ", _RATIO.sub(" ", text.lower())))
    kept = [w for w in _WORD.findall(lowered) if w not in SALT_WORDS and w not in FORM_WORDS]
    return " ".join(kept)
