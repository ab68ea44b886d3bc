"""Combination products: one name, several ingredients.

A chart that records a reaction to "Percocet" records a reaction to oxycodone *and*
acetaminophen; a patient taking "Excedrin" takes aspirin. Each product here maps its names
(brands, and the generic combination names of the labels) to every active ingredient, each a
generic name of the drug catalogue (:mod:`mastcell.knowledge.drugs` checks that). Ingredients
and names are read from the product labels: US labels on DailyMed and the openFDA NDC
directory (S180), UK and Irish SmPCs (S181).

A product whose name is only a family ("Alka-Seltzer Plus", "Excedrin PM") is listed apart
when its ingredients differ from the family's best-known member; an unlisted variant is not
guessed from its family (for a reaction, the vocabulary reads the family name in the text and
says so; for a medication, it stays unclassified).

>>> PRODUCTS["percocet"].ingredients
('oxycodone', 'acetaminophen')
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from mastcell.knowledge.sources import cited

__all__ = ["PRODUCTS", "Product"]


@attrs.frozen(kw_only=True)
class Product:
    """A combination product: its names and its active ingredients (catalogue generic names).

    >>> PRODUCTS["excedrin"].names[:2]
    ('excedrin', 'excedrin extra strength')
    """

    id: str
    names: tuple[str, ...]
    ingredients: tuple[str, ...]
    sources: tuple[str, ...] = attrs.field(converter=cited)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.ingredients) < 2:  # pragma: no cover - data bug
            raise ValueError(f"product {self.id!r}: a combination has two ingredients or more")


_US = ("S180",)
_UK = ("S181",)


def _p(
    id: str,
    ingredients: tuple[str, ...],
    *names: str,
    sources: tuple[str, ...] = _US,
    note: str | None = None,
) -> Product:
    return Product(
        id=id,
        names=tuple(n.lower() for n in (id, *names)),
        ingredients=ingredients,
        sources=sources,
        note=note,
    )


_ALL = (
    # -- opioid combinations ----------------------------------------------------------------
    _p(
        "percocet",
        ("oxycodone", "acetaminophen"),
        "endocet",
        "roxicet",
        "tylox",
        "oxycodone and acetaminophen",
        "oxycodone-acetaminophen",
        "oxycodone/acetaminophen",
        "oxycodone/apap",
    ),
    _p("percodan", ("oxycodone", "aspirin"), "oxycodone and aspirin"),
    _p(
        "norco",
        ("hydrocodone", "acetaminophen"),
        "vicodin",
        "lortab",
        "lorcet",
        "hydrocodone and acetaminophen",
        "hydrocodone-acetaminophen",
        "hydrocodone/acetaminophen",
        "hydrocodone/apap",
    ),
    _p("vicoprofen", ("hydrocodone", "ibuprofen"), "hydrocodone and ibuprofen"),
    _p(
        "tylenol with codeine",
        ("acetaminophen", "codeine"),
        "tylenol #3",
        "tylenol #4",
        "tylenol no. 3",
        "tylenol no. 4",
        "tylenol no 3",
        "tylenol no 4",
        "tylenol 3",
        "tylenol 4",
        "tylenol-codeine",
        "tylenol w/ codeine",
        "acetaminophen and codeine",
        "acetaminophen-codeine",
        "acetaminophen/codeine",
        "apap/codeine",
    ),
    _p(
        "co-codamol",
        ("codeine", "acetaminophen"),
        "cocodamol",
        "solpadol",
        "tylex",
        "zapain",
        "kapake",
        "paracetamol and codeine",
        sources=_UK,
    ),
    _p("co-dydramol", ("dihydrocodeine", "acetaminophen"), sources=_UK),
    _p(
        "nurofen plus",
        ("ibuprofen", "codeine"),
        "ibuprofen and codeine",
        "solpadeine migraine",
        sources=_UK,
    ),
    _p("ultracet", ("tramadol", "acetaminophen"), "tramadol and acetaminophen"),
    _p(
        "suboxone",
        ("buprenorphine", "naloxone"),
        "zubsolv",
        "buprenorphine and naloxone",
        "buprenorphine/naloxone",
    ),
    # -- analgesic and headache combinations (aspirin, acetaminophen, caffeine, butalbital) -----
    _p(
        "excedrin",
        ("acetaminophen", "aspirin", "caffeine"),
        "excedrin extra strength",
        "excedrin migraine",
        "acetaminophen, aspirin and caffeine",
        "acetaminophen, aspirin, caffeine",
    ),
    _p(
        "excedrin pm",
        ("acetaminophen", "aspirin", "diphenhydramine"),
        "excedrin pm headache",
        "excedrin pm triple action",
        note="the label of Excedrin PM Headache / PM Triple Action lists aspirin; an older "
        "Excedrin PM without aspirin reads as the current product (an aspirin allergy is never "
        "missed)",
    ),
    _p(
        "alka-seltzer",
        ("aspirin", "sodium bicarbonate", "citric acid"),
        "alka seltzer",
        "alka-seltzer original",
        "alka seltzer original",
        "alka-seltzer extra strength",
    ),
    _p("anacin", ("aspirin", "caffeine"), "aspirin and caffeine"),
    _p(
        "goody's",
        ("aspirin", "acetaminophen", "caffeine"),
        "goodys",
        "goody's extra strength",
    ),
    _p(
        "bc powder",
        ("aspirin", "caffeine"),
        "bc original",
        "bc original formula",
        "bc arthritis",
        note="aspirin 845 mg and caffeine 65 mg; no acetaminophen (secondary copies, S180)",
    ),
    _p(
        "fioricet",
        ("butalbital", "acetaminophen", "caffeine"),
        "esgic",
        "butalbital, acetaminophen and caffeine",
        "butalbital/acetaminophen/caffeine",
        "butalbital/apap/caffeine",
    ),
    _p(
        "fioricet with codeine",
        ("butalbital", "acetaminophen", "caffeine", "codeine"),
        "fioricet w/ codeine",
        "butalbital, acetaminophen, caffeine, and codeine",
    ),
    _p(
        "fiorinal",
        ("butalbital", "aspirin", "caffeine"),
        "butalbital, aspirin and caffeine",
        "butalbital/aspirin/caffeine",
    ),
    _p(
        "fiorinal with codeine",
        ("butalbital", "aspirin", "caffeine", "codeine"),
        "fiorinal w/ codeine",
    ),
    _p("tylenol pm", ("acetaminophen", "diphenhydramine"), "acetaminophen and diphenhydramine"),
    _p("advil pm", ("ibuprofen", "diphenhydramine"), "ibuprofen and diphenhydramine"),
    _p("aggrenox", ("aspirin", "dipyridamole"), "aspirin and dipyridamole"),
    _p("treximet", ("sumatriptan", "naproxen"), "sumatriptan and naproxen"),
    _p("arthrotec", ("diclofenac", "misoprostol"), "diclofenac and misoprostol"),
    _p("vimovo", ("naproxen", "esomeprazole"), "naproxen and esomeprazole"),
    _p("duexis", ("ibuprofen", "famotidine"), "ibuprofen and famotidine"),
    # -- antibiotic combinations -------------------------------------------------------------
    _p(
        "bactrim",
        ("sulfamethoxazole", "trimethoprim"),
        "bactrim ds",
        "septra",
        "septrin",
        "co-trimoxazole",
        "cotrimoxazole",
        "trimethoprim-sulfamethoxazole",
        "sulfamethoxazole-trimethoprim",
        "sulfamethoxazole and trimethoprim",
        "sulfamethoxazole/trimethoprim",
        "trimethoprim/sulfamethoxazole",
        "tmp-smx",
        "smx-tmp",
    ),
    _p(
        "augmentin",
        ("amoxicillin", "clavulanate"),
        "co-amoxiclav",
        "amoxicillin-clavulanate",
        "amoxicillin/clavulanate",
        "amoxicillin and clavulanate potassium",
        "amoxicillin-clavulanic acid",
        "amoxiclav",
    ),
    _p(
        "unasyn",
        ("ampicillin", "sulbactam"),
        "ampicillin-sulbactam",
        "ampicillin/sulbactam",
        "ampicillin and sulbactam",
    ),
    _p(
        "zosyn",
        ("piperacillin", "tazobactam"),
        "tazocin",
        "piperacillin-tazobactam",
        "piperacillin/tazobactam",
        "piperacillin and tazobactam",
        "pip-tazo",
        "pip/tazo",
    ),
    _p(
        "penicillin g procaine",
        ("penicillin", "procaine"),
        "procaine penicillin",
        "procaine benzylpenicillin",
        note="procaine is an ester local anaesthetic: a reaction may be to either",
    ),
    # -- local anaesthetic combinations ------------------------------------------------------
    _p(
        "emla",
        ("lidocaine", "prilocaine"),
        "lidocaine and prilocaine",
        "lidocaine/prilocaine",
        "lidocaine-prilocaine",
    ),
    _p(
        "xylocaine with epinephrine",
        ("lidocaine", "epinephrine"),
        "lidocaine with epinephrine",
        "lidocaine and epinephrine",
        "lidocaine/epinephrine",
        "lignocaine with adrenaline",
        "lidocaine with adrenaline",
    ),
    _p(
        "marcaine with epinephrine",
        ("bupivacaine", "epinephrine"),
        "sensorcaine with epinephrine",
        "bupivacaine with epinephrine",
        "bupivacaine and epinephrine",
        "bupivacaine/epinephrine",
    ),
    # -- antihistamine combinations ------------------------------------------------------------
    _p("zyrtec-d", ("cetirizine", "pseudoephedrine"), "cetirizine and pseudoephedrine"),
    _p("allegra-d", ("fexofenadine", "pseudoephedrine"), "fexofenadine and pseudoephedrine"),
    _p("claritin-d", ("loratadine", "pseudoephedrine"), "loratadine and pseudoephedrine"),
    _p("clarinex-d", ("desloratadine", "pseudoephedrine"), "desloratadine and pseudoephedrine"),
)

#: Every combination product by its id (its best-known name).
PRODUCTS: Mapping[str, Product] = {p.id: p for p in _ALL}
