"""Abbreviations charts write for drugs: read in a recorded reaction only, always to confirm.

Allergy lists are typed in a hurry: "MSO4", "T3", "Sux", "Vanc", "CHG". The ISMP list of
error-prone abbreviations (S256) names several of them precisely because charts keep writing
them and they are misread ("MSO4" for magnesium sulfate, "T3" for liothyronine). A recorded
reaction written so is read as the drug it most often stands for, which keeps that drug and
its cross-reactive group out of every proposal, and the report asks the clinician to confirm
the reading (:func:`mastcell.knowledge.resolve.resolve_reaction`). An abbreviation never
classifies a *medication* or a planned agent: there it stays unclassified, like any name the
vocabulary does not know, because a misreading there would act on the wrong drug. It only
lets an order written so ("Sux 100 mg") be matched against a recorded reaction
(:func:`mastcell.knowledge.resolve.names_in`), so that the alert is never missed.

The ISMP rows cite S256; the theatre and ward shorthand rows ("Sux", "Vanc", "CHG", "roc")
are a library reading (CONVENTION) stated on each row: they are used only to keep drugs out
of proposals, never to propose one, and always shown to the clinician to confirm.

>>> ABBREVIATIONS["mso4"].ingredients, ABBREVIATIONS["t3"].ingredients
(('morphine',), ('acetaminophen', 'codeine'))
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited

__all__ = ["ABBREVIATIONS", "Abbreviation"]


@attrs.frozen(kw_only=True)
class Abbreviation:
    """An abbreviation a chart writes, the catalogue ingredients it stands for, and why.

    >>> ABBREVIATIONS["sux"].says
    'succinylcholine (suxamethonium), as theatres write it'
    """

    text: str
    ingredients: tuple[str, ...]
    #: What it stands for, in words (for the report's "read as ... by abbreviation").
    says: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    #: A brand shared by products of different ingredients ("Dramamine", "Unisom"): read as
    #: every one of them, said "by brand" rather than "by abbreviation".
    family: bool = False


def _rows(*rows: Abbreviation) -> Mapping[str, Abbreviation]:
    return {row.text: row for row in rows}


#: Every abbreviation, lower-cased as :func:`mastcell.knowledge.drugs.normalise` writes it.
ABBREVIATIONS: Mapping[str, Abbreviation] = _rows(
    # S256: ISMP "MS, MSO4: morphine sulfate (mistaken as magnesium sulfate)". "MS" alone is
    # left out: in an allergy list it is as likely a diagnosis as a drug.
    Abbreviation(
        text="mso4",
        ingredients=("morphine",),
        says="morphine sulfate (ISMP: also misread as magnesium sulfate)",
        sources=("S256",),
    ),
    Abbreviation(
        text="ms04",
        ingredients=("morphine",),
        says="morphine sulfate written with a zero (ISMP: MSO4)",
        sources=("S256",),
    ),
    # S256: "T3: Tylenol with codeine No. 3 (mistaken as liothyronine)".
    Abbreviation(
        text="t3",
        ingredients=("acetaminophen", "codeine"),
        says="Tylenol with Codeine No. 3 (ISMP: also misread as liothyronine)",
        sources=("S256",),
    ),
    Abbreviation(
        text="t#3",
        ingredients=("acetaminophen", "codeine"),
        says="Tylenol with Codeine No. 3",
        sources=("S256",),
    ),
    # Theatre and ward shorthand: a library reading, to confirm.
    Abbreviation(
        text="sux",
        ingredients=("succinylcholine",),
        says="succinylcholine (suxamethonium), as theatres write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="scoline",
        ingredients=("succinylcholine",),
        says="suxamethonium (succinylcholine), the name theatres in the UK and Australia use",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="roc",
        ingredients=("rocuronium",),
        says="rocuronium, as anaesthetic records write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="vec",
        ingredients=("vecuronium",),
        says="vecuronium, as anaesthetic records write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="sevo",
        ingredients=("sevoflurane",),
        says="sevoflurane, as anaesthetic records write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="vanc",
        ingredients=("vancomycin",),
        says="vancomycin, as wards write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="vanco",
        ingredients=("vancomycin",),
        says="vancomycin, as wards write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="amox",
        ingredients=("amoxicillin",),
        says="amoxicillin, as wards write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="chg",
        ingredients=("chlorhexidine",),
        says="chlorhexidine gluconate, as theatres write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="ibu",
        ingredients=("ibuprofen",),
        says="ibuprofen, as charts write it",
        sources=("CONVENTION",),
    ),
    Abbreviation(
        text="epi",
        ingredients=("epinephrine",),
        says="epinephrine, as charts write it",
        sources=("CONVENTION",),
    ),
    # Brands whose products hold different antihistamines (S300): the record does not say
    # which product, so a reaction is read against every ingredient the brand names; a
    # medication so named stays unclassified (an unlisted variant is not guessed).
    Abbreviation(
        text="dramamine",
        ingredients=("dimenhydrinate", "meclizine"),
        says="Dramamine: dimenhydrinate products and meclizine products carry the brand",
        sources=("S300",),
        family=True,
    ),
    # S29, S302: Benadryl is diphenhydramine in the US, acrivastine (Allergy Relief) and
    # cetirizine (One A Day) in the UK: a record of "Benadryl" may mean any of them (a
    # medication so named still reads as diphenhydramine, the catalogue's brand).
    Abbreviation(
        text="benadryl",
        ingredients=("diphenhydramine", "cetirizine", "acrivastine"),
        says="Benadryl: diphenhydramine (US), acrivastine and cetirizine (UK) products",
        sources=("S29", "S302"),
        family=True,
    ),
    # MX13 (S130): ranitidine was withdrawn in 2020 and "Zantac 360" is famotidine: a record
    # of "Zantac" may mean either (a medication so named still reads as ranitidine's brand).
    Abbreviation(
        text="zantac",
        ingredients=("ranitidine", "famotidine"),
        says="Zantac: ranitidine products until their withdrawal (2020), famotidine since "
        "(Zantac 360, MX13)",
        sources=("S130",),
        family=True,
    ),
    Abbreviation(
        text="unisom",
        ingredients=("doxylamine", "diphenhydramine"),
        says="Unisom: SleepTabs are doxylamine, SleepGels diphenhydramine",
        sources=("S300",),
        family=True,
    ),
)
