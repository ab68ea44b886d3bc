"""Drug interactions as data: CYP3A modulators, the KIT-inhibitor and anaphylaxis facts.

The CYP3A classification (addendum 2.3) is a table of listings, each with its source and the
version of the list it comes from. A drug may be listed more than once when lists disagree
(DI-C1: diltiazem, St John's wort and grapefruit juice are strong on the Rydapt label's example
list, S100, but moderate on S110); :func:`cyp3a_of` returns the stricter reading with every
listing and its citation. The fold-change definitions of "strong" and "moderate" could not be
read (NOT VERIFIED) and are not encoded. Rules act on the classification in
:mod:`mastcell.rules.interaction` (DI2-DI12, EI1-EI8, MX15).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import timedelta

import attrs

from mastcell.knowledge.drugs import CATALOGUE, generic_name
from mastcell.knowledge.sources import cited
from mastcell.model.recommendation import DoseAdvice, DoseAmount
from mastcell.model.vocabulary import Frequency, Route

__all__ = [
    "AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR",
    "CYP3A",
    "CYP3A_LISTINGS",
    "FACTS",
    "GLUCAGON_ADULT",
    "MIDOSTAURIN_FIRST_WEEK",
    "Cyp3aClassification",
    "Cyp3aList",
    "Cyp3aListing",
    "Cyp3aReading",
    "Fact",
    "GlucagonFact",
    "LabelReading",
    "Modulation",
    "cyp3a_of",
]


class Modulation(enum.StrEnum):
    """How a drug changes CYP3A activity (addendum 2.3).

    >>> Modulation.STRONG_INHIBITOR.is_strong, Modulation.MODERATE_INDUCER.is_inducer
    (True, True)
    """

    STRONG_INHIBITOR = "strong_inhibitor"
    MODERATE_INHIBITOR = "moderate_inhibitor"
    STRONG_INDUCER = "strong_inducer"
    MODERATE_INDUCER = "moderate_inducer"

    @property
    def is_strong(self) -> bool:
        """A strong inhibitor or inducer."""
        return self in (Modulation.STRONG_INHIBITOR, Modulation.STRONG_INDUCER)

    @property
    def is_inhibitor(self) -> bool:
        """A strong or moderate inhibitor."""
        return self in (Modulation.STRONG_INHIBITOR, Modulation.MODERATE_INHIBITOR)

    @property
    def is_inducer(self) -> bool:
        """A strong or moderate inducer."""
        return not self.is_inhibitor

    @property
    def label(self) -> str:
        """In words: ``strong CYP3A inhibitor``."""
        strength, kind = self.value.split("_")
        return f"{strength} CYP3A {kind}"


class Cyp3aList(enum.StrEnum):
    """The list (and version) a listing comes from.

    >>> Cyp3aList.S110_CURRENT.source
    'S110'
    """

    #: S110, current version (it says it follows the FDA guidance; the FDA table, S111, could
    #: only be read up to its introduction).
    S110_CURRENT = "S110 current"
    #: S110, 2018 version: boceprevir and telaprevir, dropped from the current version.
    S110_2018 = "S110 2018"
    #: The Rydapt (midostaurin) US label's examples of strong inhibitors (DI3) and strong
    #: inducers (DI5).
    S100_RYDAPT = "S100 Rydapt label"

    @property
    def source(self) -> str:
        """The source id of the list."""
        return self.value.split()[0]


@attrs.frozen(kw_only=True)
class Cyp3aListing:
    """One drug on one list, as that list classifies it.

    >>> CYP3A["diltiazem"][0].modulation
    <Modulation.MODERATE_INHIBITOR: 'moderate_inhibitor'>
    """

    drug: str  # the drug catalogue's generic name
    modulation: Modulation
    listed_in: Cyp3aList
    #: The list's own wording where it qualifies the entry ("with ritonavir", "variable").
    as_listed: str | None = None
    #: The list marks the entry with a footnote whose text was not visible (S110 "*").
    footnote_not_visible: bool = False
    facts: tuple[str, ...] = ("2.3",)

    def __attrs_post_init__(self) -> None:
        if self.drug not in CATALOGUE:  # pragma: no cover - data bug
            raise RuntimeError(f"{self.drug!r} is not a drug catalogue generic name")

    @property
    def source(self) -> str:
        """The source id of the listing."""
        return self.listed_in.source

    def describe(self) -> str:
        """The listing in words, with its source.

        >>> CYP3A["diltiazem"][1].describe()
        'strong CYP3A inhibitor on the Rydapt label example list (S100)'
        """
        where = {
            Cyp3aList.S110_CURRENT: "the current CYP3A list",
            Cyp3aList.S110_2018: "the 2018 CYP3A list",
            Cyp3aList.S100_RYDAPT: "the Rydapt label example list",
        }[self.listed_in]
        text = f"{self.modulation.label} on {where} ({self.source})"
        if self.as_listed:
            text += f", listed as {self.as_listed}"
        if self.footnote_not_visible:
            text += ", with a footnote that could not be read"
        return text


def _strictness(listing: Cyp3aListing) -> int:
    return 0 if listing.modulation.is_strong else 1


@attrs.frozen(kw_only=True)
class Cyp3aClassification:
    """A drug's CYP3A classification: the reading in force and every listing behind it.

    >>> c = cyp3a_of("Cardizem")
    >>> c.modulation.label, c.conflict, c.sources
    ('strong CYP3A inhibitor', True, ('S100', 'S110'))
    """

    drug: str
    modulation: Modulation
    #: Every listing of the drug, the one in force first.
    listings: tuple[Cyp3aListing, ...]

    @property
    def conflict(self) -> bool:
        """The lists disagree on the strength (DI-C1)."""
        return len({listing.modulation for listing in self.listings}) > 1

    @property
    def sources(self) -> tuple[str, ...]:
        """The source ids of every listing, the one in force first."""
        return tuple(dict.fromkeys(listing.source for listing in self.listings))

    @property
    def footnote_not_visible(self) -> bool:
        """A listing carries a footnote that could not be read."""
        return any(listing.footnote_not_visible for listing in self.listings)

    def describe(self) -> str:
        """Every listing in words; a conflict says which reading is in force.

        >>> cyp3a_of("ketoconazole").describe()
        'ketoconazole: strong CYP3A inhibitor on the current CYP3A list (S110); strong CYP3A inhibitor on the Rydapt label example list (S100)'
        """
        text = f"{self.drug}: " + "; ".join(listing.describe() for listing in self.listings)
        if self.conflict:
            text += f" (sources disagree, DI-C1: read as {self.modulation.label})"
        return text


class Cyp3aReading(enum.StrEnum):
    """Which listing decides when the lists disagree on a drug's strength (DI-C1, CONFLICT).

    >>> cyp3a_of("diltiazem", Cyp3aReading.CURRENT_LIST).modulation.label
    'moderate CYP3A inhibitor'
    """

    #: The stricter listing (default: the addendum's developer note for 2.3 asks to surface
    #: the stricter one with both citations).
    STRICTER = "stricter"
    #: The current S110 list where it lists the drug, else the stricter listing.
    CURRENT_LIST = "current_list"


class LabelReading(enum.StrEnum):
    """Midostaurin with a strong CYP3A inducer: the label texts disagree (DI5, CONFLICT).

    >>> LabelReading("eu").wording
    'contraindicated'
    """

    #: US prescribing information (S100): avoid co-administration.
    US = "us"
    #: EU-type text (MIMS Hong Kong, S102): co-administration is contraindicated.
    EU = "eu"

    @property
    def wording(self) -> str:
        """The label's word for the combination."""
        return "avoid" if self is LabelReading.US else "contraindicated"

    @property
    def source(self) -> str:
        """The source id of this reading."""
        return "S100" if self is LabelReading.US else "S102"


@attrs.frozen(kw_only=True)
class GlucagonFact:
    """Glucagon for a beta-blocked patient not responding to epinephrine (EI5).

    >>> GLUCAGON_ADULT.text()
    'glucagon 1-5 mg IV over 5 minutes, then an infusion of 5-15 ug/min if needed'
    """

    low_mg: float
    high_mg: float
    over_minutes: int
    infusion_low_ug_min: float
    infusion_high_ug_min: float
    population: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    caution: str

    def text(self) -> str:
        """The dose in words."""
        return (
            f"glucagon {self.low_mg:g}-{self.high_mg:g} mg IV over {self.over_minutes} minutes, "
            f"then an infusion of {self.infusion_low_ug_min:g}-{self.infusion_high_ug_min:g} "
            "ug/min if needed"
        )


#: EI5: adults only (CONFIRMED, secondary). The paediatric dose is seed-only (S-DRO), NOT
#: VERIFIED: never hard-coded; a child's glucagon dose is a clinician decision.
GLUCAGON_ADULT = GlucagonFact(
    low_mg=1,
    high_mg=5,
    over_minutes=5,
    infusion_low_ug_min=5,
    infusion_high_ug_min=15,
    population="adults",
    sources=("S141",),
    caution="a rapid push can cause vomiting and aspiration; IM/SC glucagon for anaphylaxis "
    "has no reported cases",
)


@attrs.frozen(kw_only=True)
class Fact:
    """One addendum fact a rule states in its detail, with its id, sources and tag.

    >>> FACTS["DI5"].sources
    ('S100', 'S102')
    """

    id: str
    text: str
    sources: tuple[str, ...] = attrs.field(converter=cited)
    tag: str = "CONFIRMED"

    def cite(self) -> str:
        """The text followed by its fact id, sources and a NOT VERIFIED tag.

        >>> FACTS["DI6"].cite()
        'no label instruction was found for moderate CYP3A inhibitors or inducers with midostaurin (DI6; NOT VERIFIED)'
        """
        parts = [self.id, *((", ".join(self.sources),) if self.sources else ())]
        if "NOT VERIFIED" in self.tag:
            parts.append("NOT VERIFIED")
        return f"{self.text} ({'; '.join(parts)})"


def _facts(*facts: Fact) -> Mapping[str, Fact]:
    return {fact.id: fact for fact in facts}


#: The facts the interaction rules state, by addendum fact id (sections 2, 6, 8, 9).
FACTS: Mapping[str, Fact] = _facts(
    Fact(
        id="DI1",
        text="midostaurin is cleared mainly by CYP3A4; its active metabolite CGP52421 has a "
        "half-life of about 482 h, so an effect on it may outlast a short course of an "
        "interacting drug (an inference, not a label statement)",
        sources=("S109", "S102"),
    ),
    Fact(
        id="DI2",
        text="strong CYP3A inhibitors can raise midostaurin levels, most markedly if started in "
        "the first week of midostaurin: prefer an alternative that is not a strong CYP3A "
        "inhibitor; if co-use is needed, watch closely for toxicity, especially during the "
        "first week of continuous dosing in advanced SM; the label specifies no dose change",
        sources=("S100",),
    ),
    Fact(
        id="DI4",
        text="ketoconazole at steady state raised a single midostaurin dose's Cmax 1.8-fold and "
        "AUC 10-fold; itraconazole raised midostaurin Cmin 2.09-fold at steady state",
        sources=("S102",),
    ),
    Fact(
        id="DI5",
        text="rifampicin 600 mg/day cut midostaurin Cmax by 73% and AUC by 96%; the US label says "
        "avoid co-administration with strong CYP3A inducers (S100), an EU-type text says it is "
        "contraindicated (S102)",
        sources=("S100", "S102"),
        tag="CONFIRMED; CONFLICT",
    ),
    Fact(
        id="DI6",
        text="no label instruction was found for moderate CYP3A inhibitors or inducers with "
        "midostaurin",
        sources=(),
        tag="NOT VERIFIED",
    ),
    Fact(
        id="DI7",
        text="avoid avapritinib with strong or moderate CYP3A inhibitors (all indications)",
        sources=("S5", "S6", "S7", "S106", "S10"),
    ),
    Fact(
        id="DI8",
        text="avoid avapritinib with strong or moderate CYP3A inducers: lower avapritinib "
        "exposure, possible loss of efficacy",
        sources=("S5", "S106"),
    ),
    Fact(
        id="DI9",
        text="if a moderate CYP3A inhibitor truly cannot be avoided, the AdvSM starting dose is "
        "50 mg once daily instead of 200 mg",
        sources=("S5", "S6"),
    ),
    Fact(
        id="DI10",
        text="no reduced ISM dose with an unavoidable moderate CYP3A inhibitor was found in any "
        "readable source; the AdvSM 50 mg dose must not be applied to ISM",
        sources=("S7",),
        tag="NOT VERIFIED",
    ),
    Fact(
        id="DI11",
        text="with a strong CYP3A inhibitor no avapritinib dose pathway is given: avoid only",
        sources=("S5", "S106"),
    ),
    Fact(
        id="DI12",
        text="avapritinib may raise ethinylestradiol exposure; if a woman cannot use "
        "non-hormonal or oestrogen-free contraception, choose products with 20 ug "
        "ethinylestradiol or less unless more is needed",
        sources=("S106",),
    ),
    Fact(
        id="EI1",
        text="beta-blocker therapy is a risk factor for anaphylaxis and may reduce epinephrine's "
        "effect, but epinephrine remains first-line",
        sources=("S141",),
    ),
    Fact(
        id="EI2",
        text="in a registry of about 4,800 anaphylaxis patients, beta-blocker or ACE-inhibitor "
        "use each raised the risk of severe anaphylaxis, more so in combination",
        sources=("S141",),
    ),
    Fact(
        id="EI4",
        text="non-selective beta-blockade in anaphylaxis: prolonged hypotension with "
        "bradycardia, higher airway resistance, a blunted response to epinephrine",
        sources=("S141",),
    ),
    Fact(
        id="EI8",
        text="no mastocytosis guideline sentence to stop or replace beta-blockers or ACE "
        "inhibitors was found: an alternative antihypertensive is a clinician decision",
        sources=(),
        tag="NOT VERIFIED",
    ),
    Fact(
        id="MX15",
        text="aspirin raises zafirlukast levels",
        sources=("S129",),
    ),
)

#: DI2: the rise in midostaurin levels is most marked when a strong inhibitor is started in
#: the first week of midostaurin (S100).
MIDOSTAURIN_FIRST_WEEK = timedelta(days=7)

#: DI9: AdvSM starting dose when a moderate CYP3A inhibitor cannot be avoided (S5, S6). AdvSM
#: only: no ISM dose was found (DI10, NOT VERIFIED).
AVAPRITINIB_ADVSM_WITH_MODERATE_INHIBITOR = DoseAdvice(
    drug="avapritinib",
    dose=DoseAmount(value=50, unit="mg"),
    frequency=Frequency.DAILY,
    route=Route.ORAL,
    timing="starting dose if the moderate CYP3A inhibitor cannot be avoided",
    note="AdvSM only (DI9; S5, S6); not for ISM (DI10)",
)

_SI, _MI = Modulation.STRONG_INHIBITOR, Modulation.MODERATE_INHIBITOR
_SD, _MD = Modulation.STRONG_INDUCER, Modulation.MODERATE_INDUCER
_NOW, _2018, _RYD = Cyp3aList.S110_CURRENT, Cyp3aList.S110_2018, Cyp3aList.S100_RYDAPT


def _l(
    drug: str,
    modulation: Modulation,
    listed_in: Cyp3aList,
    as_listed: str | None = None,
    *,
    footnote: bool = False,
    facts: tuple[str, ...] = ("2.3",),
) -> Cyp3aListing:
    return Cyp3aListing(
        drug=drug,
        modulation=modulation,
        listed_in=listed_in,
        as_listed=as_listed,
        footnote_not_visible=footnote,
        facts=facts,
    )


#: Addendum 2.3 table, S110 current version: strong inhibitors.
_S110_STRONG_INHIBITORS = (
    _l("atazanavir", _SI, _NOW),
    _l("ceritinib", _SI, _NOW),
    _l("clarithromycin", _SI, _NOW),
    _l("cobicistat", _SI, _NOW, "cobicistat (and combinations)"),
    _l("darunavir", _SI, _NOW),
    _l("idelalisib", _SI, _NOW),
    _l("indinavir", _SI, _NOW),
    _l("itraconazole", _SI, _NOW),
    _l("ketoconazole", _SI, _NOW),
    _l("levoketoconazole", _SI, _NOW),
    _l("lonafarnib", _SI, _NOW),
    _l("lopinavir-ritonavir", _SI, _NOW, "lopinavir"),
    _l("mifepristone", _SI, _NOW),
    _l("nefazodone", _SI, _NOW),
    _l("nelfinavir", _SI, _NOW),
    _l(
        "ombitasvir-paritaprevir-ritonavir",
        _SI,
        _NOW,
        "ombitasvir-paritaprevir-ritonavir (with or without dasabuvir)",
    ),
    _l("posaconazole", _SI, _NOW),
    _l("ritonavir", _SI, _NOW, "ritonavir (and combinations)"),
    _l("nirmatrelvir-ritonavir", _SI, _NOW, "ritonavir (and combinations)"),
    _l("saquinavir", _SI, _NOW),
    _l("telithromycin", _SI, _NOW),
    _l("tucatinib", _SI, _NOW),
    _l("voriconazole", _SI, _NOW),
    # 2018 version only
    _l("boceprevir", _SI, _2018),
    _l("telaprevir", _SI, _2018),
)

#: S110 current version: moderate inhibitors; (*) marks a footnote that was not visible.
_S110_MODERATE_INHIBITORS = (
    _l("amiodarone", _MI, _NOW, footnote=True),
    _l("aprepitant", _MI, _NOW),
    _l("berotralstat", _MI, _NOW),
    _l("cimetidine", _MI, _NOW, footnote=True, facts=("2.3", "MX11")),
    _l("conivaptan", _MI, _NOW),
    _l("crizotinib", _MI, _NOW),
    _l("cyclosporine", _MI, _NOW, footnote=True),
    _l("diltiazem", _MI, _NOW, facts=("2.3", "DI-C1")),
    _l("duvelisib", _MI, _NOW),
    _l("dronedarone", _MI, _NOW),
    _l("erythromycin", _MI, _NOW),
    _l("fedratinib", _MI, _NOW),
    _l("fluconazole", _MI, _NOW),
    _l("fosamprenavir", _MI, _NOW),
    _l("fosaprepitant", _MI, _NOW, footnote=True),
    _l("fosnetupitant-palonosetron", _MI, _NOW),
    _l("grapefruit juice", _MI, _NOW, facts=("2.3", "DI-C1")),
    _l("imatinib", _MI, _NOW, facts=("2.3", "CR11")),
    _l("isavuconazole", _MI, _NOW),
    _l("lefamulin", _MI, _NOW),
    _l("letermovir", _MI, _NOW),
    _l("netupitant-palonosetron", _MI, _NOW, "netupitant"),
    _l("nilotinib", _MI, _NOW),
    _l("ribociclib", _MI, _NOW),
    _l("schisandra", _MI, _NOW),
    _l("verapamil", _MI, _NOW),
)

#: S110 current version: strong inducers.
_S110_STRONG_INDUCERS = (
    _l("apalutamide", _SD, _NOW),
    _l("carbamazepine", _SD, _NOW),
    _l("enzalutamide", _SD, _NOW),
    _l("fosphenytoin", _SD, _NOW),
    _l("lumacaftor-ivacaftor", _SD, _NOW, "lumacaftor (with or without ivacaftor)"),
    _l("mitotane", _SD, _NOW),
    _l("phenobarbital", _SD, _NOW),
    _l("phenytoin", _SD, _NOW),
    _l("primidone", _SD, _NOW),
    _l("rifampin", _SD, _NOW),
)

#: S110 current version: moderate inducers.
_S110_MODERATE_INDUCERS = (
    _l("bexarotene", _MD, _NOW),
    _l("bosentan", _MD, _NOW),
    _l("cenobamate", _MD, _NOW),
    _l("dabrafenib", _MD, _NOW),
    _l("dexamethasone", _MD, _NOW),
    _l("metamizole", _MD, _NOW, "dipyrone (metamizole)"),
    _l("efavirenz", _MD, _NOW),
    _l("elagolix-estradiol-norethindrone", _MD, _NOW, "elagolix/estradiol/norethindrone pack"),
    _l("eslicarbazepine", _MD, _NOW),
    _l("etravirine", _MD, _NOW),
    _l("lorlatinib", _MD, _NOW),
    _l("modafinil", _MD, _NOW),
    _l("nafcillin", _MD, _NOW),
    _l("pexidartinib", _MD, _NOW),
    _l("rifabutin", _MD, _NOW),
    _l("rifapentine", _MD, _NOW),
    _l("sotorasib", _MD, _NOW),
    _l("st john's wort", _MD, _NOW, facts=("2.3", "DI-C1")),
)

#: The Rydapt label's strong-inhibitor examples (DI3, S100).
_DI3 = ("DI3",)
_RYDAPT_STRONG_INHIBITORS = (
    _l("boceprevir", _SI, _RYD, facts=_DI3),
    _l("clarithromycin", _SI, _RYD, facts=_DI3),
    _l("cobicistat", _SI, _RYD, facts=_DI3),
    _l("conivaptan", _SI, _RYD, facts=_DI3),
    _l("danoprevir", _SI, _RYD, "danoprevir + ritonavir", facts=_DI3),
    _l("diltiazem", _SI, _RYD, facts=("DI3", "DI-C1")),
    _l("elvitegravir", _SI, _RYD, "elvitegravir + ritonavir", facts=_DI3),
    _l(
        "grapefruit juice",
        _SI,
        _RYD,
        "grapefruit juice (variable; strong only with some preparations)",
        facts=("DI3", "DI-C1"),
    ),
    _l("idelalisib", _SI, _RYD, facts=_DI3),
    _l("indinavir", _SI, _RYD, "indinavir + ritonavir", facts=_DI3),
    _l("itraconazole", _SI, _RYD, facts=_DI3),
    _l("ketoconazole", _SI, _RYD, facts=_DI3),
    _l("lopinavir-ritonavir", _SI, _RYD, "lopinavir + ritonavir", facts=_DI3),
    _l("nefazodone", _SI, _RYD, facts=_DI3),
    _l("nelfinavir", _SI, _RYD, facts=_DI3),
    _l(
        "ombitasvir-paritaprevir-ritonavir",
        _SI,
        _RYD,
        "paritaprevir + ritonavir (with or without ombitasvir and/or dasabuvir)",
        facts=_DI3,
    ),
    _l("posaconazole", _SI, _RYD, facts=_DI3),
    _l("ritonavir", _SI, _RYD, facts=_DI3),
    _l("saquinavir", _SI, _RYD, "saquinavir + ritonavir", facts=_DI3),
    _l("tipranavir", _SI, _RYD, "tipranavir + ritonavir", facts=_DI3),
    _l("troleandomycin", _SI, _RYD, facts=_DI3),
    _l("voriconazole", _SI, _RYD, facts=_DI3),
)

#: The Rydapt label's strong-inducer examples (DI5, S100; "mitotane" on the US list).
_DI5 = ("DI5",)
_RYDAPT_STRONG_INDUCERS = (
    _l("carbamazepine", _SD, _RYD, facts=_DI5),
    _l("enzalutamide", _SD, _RYD, facts=_DI5),
    _l("mitotane", _SD, _RYD, facts=_DI5),
    _l("phenytoin", _SD, _RYD, facts=_DI5),
    _l("rifampin", _SD, _RYD, "rifampicin", facts=_DI5),
    _l("st john's wort", _SD, _RYD, facts=("DI5", "DI-C1")),
)

#: Every listing, S110 first then the Rydapt examples.
CYP3A_LISTINGS: tuple[Cyp3aListing, ...] = (
    *_S110_STRONG_INHIBITORS,
    *_S110_MODERATE_INHIBITORS,
    *_S110_STRONG_INDUCERS,
    *_S110_MODERATE_INDUCERS,
    *_RYDAPT_STRONG_INHIBITORS,
    *_RYDAPT_STRONG_INDUCERS,
)

_grouped: dict[str, list[Cyp3aListing]] = {}
for _listing in CYP3A_LISTINGS:
    _grouped.setdefault(_listing.drug, []).append(_listing)

#: Every listing of each drug, by the drug catalogue's generic name.
CYP3A: Mapping[str, tuple[Cyp3aListing, ...]] = {
    drug: tuple(listings) for drug, listings in sorted(_grouped.items())
}

for _drug, _listings in CYP3A.items():
    if len({(x.listed_in, x.modulation) for x in _listings}) != len(_listings):
        raise RuntimeError(f"{_drug!r} listed twice on one list")  # pragma: no cover
    if len({x.modulation.is_inhibitor for x in _listings}) != 1:
        raise RuntimeError(f"{_drug!r} is both inhibitor and inducer")  # pragma: no cover


def cyp3a_of(
    name: str, reading: Cyp3aReading = Cyp3aReading.STRICTER
) -> Cyp3aClassification | None:
    """The CYP3A classification of a drug name (any spelling); None when it is not listed.

    With the default reading, the stricter listing is in force when the lists disagree
    (DI-C1); every listing stays attached with its citation.

    >>> cyp3a_of("St John's Wort").modulation
    <Modulation.STRONG_INDUCER: 'strong_inducer'>
    >>> cyp3a_of("rifampicin").sources
    ('S110', 'S100')
    >>> cyp3a_of("famotidine") is None
    True
    """
    generic = generic_name(name)
    listings = CYP3A.get(generic) if generic is not None else None
    if not listings:
        return None
    ordered = sorted(listings, key=_strictness)  # stable: S110 before S100 at equal strength
    if reading is Cyp3aReading.CURRENT_LIST:
        current = [x for x in listings if x.listed_in is Cyp3aList.S110_CURRENT]
        if current:
            ordered = [*current, *(x for x in ordered if x not in current)]
    return Cyp3aClassification(
        drug=generic or name, modulation=ordered[0].modulation, listings=tuple(ordered)
    )
