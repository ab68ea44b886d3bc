"""The diagnostic work-up of a patient: biopsies, KIT tests, skin, organ findings, scores.

These are the inputs of :func:`mastcell.classify` (WHO 2022 and ICC 2022 side by side) and
of the ``diagnosis`` rules. Every field is optional where the fact can be unknown: ``None``
is unknown, never "negative", and a list given as ``[]`` means "none" where the field says so
(``aggregates_stain``). The clinical reading of each field is in the interchange page's field
table and the "Diagnosis and classification" page (fact ids DX, BC, MC, SC; EH1-EH18).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable

import attrs

from mastcell.exceptions import InputError
from mastcell.model._checks import (
    date_or_aware,
    finite,
    finite_non_negative,
    lower_name,
    non_empty,
    non_negative_int,
    optional_bool,
    percentage,
    to_enum,
    to_optional_enum,
)

__all__ = [
    "AntimediatorResponse",
    "AssociatedNeoplasm",
    "Biopsy",
    "BiopsySite",
    "FlareTrigger",
    "KitMethod",
    "KitResult",
    "KitSpecimen",
    "KitTest",
    "Lineage",
    "OrganFindings",
    "OrganSystem",
    "Score",
    "ScoreInstrument",
    "Sensitisation",
    "SensitisationTest",
    "Skin",
    "SkinLesions",
    "Stain",
]


class BiopsySite(enum.StrEnum):
    """Where a biopsy was taken; every site but ``skin`` is extracutaneous (DX1).

    >>> BiopsySite.LIVER.extramedullary, BiopsySite.BONE_MARROW.extramedullary
    (True, False)
    """

    BONE_MARROW = "bone_marrow"
    SKIN = "skin"
    GI = "gi"
    LIVER = "liver"
    SPLEEN = "spleen"
    LYMPH_NODE = "lymph_node"
    OTHER = "other"

    @property
    def extracutaneous(self) -> bool:
        """Marrow or another organ: a site the SM criteria read (DX1-DX4)."""
        return self is not BiopsySite.SKIN

    @property
    def extramedullary(self) -> bool:
        """An extracutaneous organ other than the marrow (BMM needs none infiltrated, DX11)."""
        return self not in (BiopsySite.BONE_MARROW, BiopsySite.SKIN)


class Stain(enum.StrEnum):
    """An immunohistochemical stain that confirms mast cell identity (ICC major criterion, DX1).

    >>> Stain("cd117")
    <Stain.CD117: 'cd117'>
    """

    TRYPTASE = "tryptase"
    CD117 = "cd117"


class KitResult(enum.StrEnum):
    """The result of a KIT mutation test.

    >>> KitResult("not_detected").value
    'not_detected'
    """

    DETECTED = "detected"
    NOT_DETECTED = "not_detected"


class KitSpecimen(enum.StrEnum):
    """What a KIT test was run on; ``other`` is another extracutaneous organ (DX3).

    >>> KitSpecimen.BLOOD.value
    'blood'
    """

    BONE_MARROW = "bone_marrow"
    BLOOD = "blood"
    OTHER = "other"


class KitMethod(enum.StrEnum):
    """The assay of a KIT test; allele-specific qPCR, ddPCR and PNA-PCR are sensitive (DX7).

    >>> KitMethod.DDPCR.high_sensitivity, KitMethod.NGS.high_sensitivity
    (True, False)
    """

    ASQPCR = "asqpcr"
    DDPCR = "ddpcr"
    PNA_PCR = "pna_pcr"
    NGS = "ngs"
    OTHER = "other"

    @property
    def high_sensitivity(self) -> bool:
        """A method the work-up tables call high-sensitivity (< 0.1 % VAF; S27, S227, S226)."""
        return self in (KitMethod.ASQPCR, KitMethod.DDPCR, KitMethod.PNA_PCR)


class SkinLesions(enum.StrEnum):
    """The mastocytosis in the skin, if any (DX22, DX23).

    >>> SkinLesions.NONE.present, SkinLesions.MPCM.present
    (False, True)
    """

    MPCM = "mpcm"
    DCM = "dcm"
    MASTOCYTOMA = "mastocytoma"
    NONE = "none"

    @property
    def present(self) -> bool:
        """Any mastocytosis lesion in the skin."""
        return self is not SkinLesions.NONE


class Lineage(enum.StrEnum):
    """The lineage of an associated haematological neoplasm (WHO SM-AHN vs ICC SM-AMN, DX16).

    >>> Lineage("myeloid").value
    'myeloid'
    """

    MYELOID = "myeloid"
    LYMPHOID = "lymphoid"


class OrganSystem(enum.StrEnum):
    """An organ system an episode involved (MCAS criterion A, MC2).

    >>> OrganSystem.NASO_OCULAR.system
    'respiratory'
    """

    SKIN = "skin"
    RESPIRATORY = "respiratory"
    NASO_OCULAR = "naso_ocular"
    CARDIOVASCULAR = "cardiovascular"
    GASTROINTESTINAL = "gastrointestinal"

    @property
    def system(self) -> str:
        """The system it counts as: naso-ocular counts with respiratory (S232; MC2 CONFLICT)."""
        return "respiratory" if self is OrganSystem.NASO_OCULAR else self.value


class FlareTrigger(enum.StrEnum):
    """What set an episode off; ``none`` means no trigger was found (idiopathic).

    >>> FlareTrigger.NONE.explains, FlareTrigger.VENOM.explains
    (False, True)
    """

    VENOM = "venom"
    DRUG = "drug"
    FOOD = "food"
    OTHER = "other"
    NONE = "none"

    @property
    def explains(self) -> bool:
        """A recorded trigger that explains the episode (secondary MCAS, MC6)."""
        return self is not FlareTrigger.NONE


class AntimediatorResponse(enum.StrEnum):
    """Whether symptoms responded to anti-mediator therapy (MCAS criterion C, MC1).

    >>> AntimediatorResponse("improved").value
    'improved'
    """

    IMPROVED = "improved"
    NOT_IMPROVED = "not_improved"


class SensitisationTest(enum.StrEnum):
    """How a sensitisation was shown: specific IgE or a skin test.

    >>> SensitisationTest("sige").value
    'sige'
    """

    SIGE = "sige"
    SKIN = "skin"


class ScoreInstrument(enum.StrEnum):
    """A score entered by a clinician or patient; mastcell never computes these (SC2-SC9).

    >>> ScoreInstrument("rema").value
    'rema'
    """

    REMA = "rema"
    MCT = "mct"
    ISM_SAF = "ism_saf"
    MAS = "mas"


# -- named converters (mypy's attrs plugin reads their parameter types) ------------------------


def _site(value: BiopsySite | str) -> BiopsySite:
    return value if type(value) is BiopsySite else to_enum(BiopsySite, "site", value)


def _stains(values: Iterable[Stain | str] | None) -> tuple[Stain, ...] | None:
    if values is None:
        return None
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InputError.for_field("aggregates_stain", f"expected a list of stains, got {values!r}")
    return tuple(to_enum(Stain, f"aggregates_stain[{i}]", v) for i, v in enumerate(values))


def _kit_result(value: KitResult | str) -> KitResult:
    return value if type(value) is KitResult else to_enum(KitResult, "result", value)


def _specimen(value: KitSpecimen | str | None) -> KitSpecimen | None:
    return to_optional_enum(KitSpecimen, "specimen", value)


def _method(value: KitMethod | str | None) -> KitMethod | None:
    return to_optional_enum(KitMethod, "method", value)


def _lesions(value: SkinLesions | str | None) -> SkinLesions | None:
    return to_optional_enum(SkinLesions, "lesions", value)


def _lineage(value: Lineage | str | None) -> Lineage | None:
    return to_optional_enum(Lineage, "lineage", value)


def _sensitisation_test(value: SensitisationTest | str | None) -> SensitisationTest | None:
    return to_optional_enum(SensitisationTest, "test", value)


def _instrument(value: ScoreInstrument | str) -> ScoreInstrument:
    if type(value) is ScoreInstrument:
        return value
    return to_enum(ScoreInstrument, "instrument", value)


def _variant(value: str) -> str:
    return value.strip() if isinstance(value, str) else value


# -- entities ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Biopsy:
    """A biopsy (marrow trephine and aspirate, or another organ) as the pathology report gives it.

    Args:
        date: when it was taken.
        site: ``bone_marrow``, ``skin``, ``gi``, ``liver``, ``spleen``, ``lymph_node``, ``other``.
        aggregates: multifocal dense infiltrates of >= 15 mast cells per aggregate (DX1).
        aggregates_stain: the stains that confirmed the mast cells (``tryptase``, ``cd117``);
            absent: not known; ``[]``: none was used.
        infiltration_pct: mast cells, % of the marrow cellularity (B-finding, BC1).
        atypical_pct: % of mast cells atypical or spindle-shaped (DX2).
        aspirate_mast_cell_pct: marrow only: mast cells, % of nucleated cells on the smear (DX17).
        immature_morphology: immature (blast-like) or atypical mast cells (ICC MCL, DX17).
        cd25: CD25 on the mast cells (DX4); ``cd2`` and ``cd30`` likewise.
        dysplasia_or_myeloproliferation: in non-mast-cell lineages, short of a neoplasm (BC2).

    >>> from datetime import date
    >>> b = Biopsy(date=date(2026, 9, 1), site="bone_marrow", aggregates=True,
    ...            aggregates_stain=["CD117"])
    >>> b.aggregates_stain, Biopsy(date=date(2026, 9, 1), site="skin").aggregates_stain
    ((<Stain.CD117: 'cd117'>,), None)
    """

    date: dt.date = attrs.field(validator=date_or_aware)
    site: BiopsySite = attrs.field(converter=_site)
    aggregates: bool | None = attrs.field(default=None, validator=optional_bool)
    aggregates_stain: tuple[Stain, ...] | None = attrs.field(default=None, converter=_stains)
    infiltration_pct: float | None = attrs.field(default=None, validator=percentage)
    atypical_pct: float | None = attrs.field(default=None, validator=percentage)
    aspirate_mast_cell_pct: float | None = attrs.field(default=None, validator=percentage)
    immature_morphology: bool | None = attrs.field(default=None, validator=optional_bool)
    cd25: bool | None = attrs.field(default=None, validator=optional_bool)
    cd2: bool | None = attrs.field(default=None, validator=optional_bool)
    cd30: bool | None = attrs.field(default=None, validator=optional_bool)
    dysplasia_or_myeloproliferation: bool | None = attrs.field(
        default=None, validator=optional_bool
    )


#: One-letter codes of the amino acids (for ``p.Asp816Val`` spellings).
_AMINO = {
    "ala": "A", "arg": "R", "asn": "N", "asp": "D", "cys": "C", "gln": "Q", "glu": "E",
    "gly": "G", "his": "H", "ile": "I", "leu": "L", "lys": "K", "met": "M", "phe": "F",
    "pro": "P", "ser": "S", "thr": "T", "trp": "W", "tyr": "Y", "val": "V",
}  # fmt: skip
_THREE = re.compile(r"^(asp)816([a-z]{3})$")
_ONE = re.compile(r"^d816([a-z])$")


def protein_change(variant: str) -> str | None:
    """A KIT codon-816 substitution in one-letter form (``D816V``), or None for any other text.

    ``p.`` and parentheses are ignored, case does not matter, and the three-letter spelling is
    read too. A synonymous ``D816D`` is not a substitution.

    >>> protein_change("p.(Asp816Val)"), protein_change("d816h"), protein_change("V560G")
    ('D816V', 'D816H', None)
    """
    text = variant.strip().lower().removeprefix("p.").strip("()").replace(" ", "")
    match = _ONE.match(text)
    if match:
        letter = match[1].upper()
        return None if letter == "D" or letter not in _AMINO.values() else f"D816{letter}"
    match = _THREE.match(text)
    if match:
        letter = _AMINO.get(match[2])
        return None if letter is None or letter == "D" else f"D816{letter}"
    return None


@attrs.frozen(kw_only=True)
class KitTest:
    """One KIT mutation result with its specimen, method and limit of detection (EH4).

    Args:
        date: when the sample was taken.
        variant: the protein change tested or found (``D816V``, ``p.Asp816His``, ``V560G``).
        result: ``detected`` or ``not_detected``.
        vaf_pct: variant allele frequency, % (B-finding under WHO 2022 at >= 10 %, BC1).
        specimen: ``bone_marrow``, ``blood`` or ``other`` (another extracutaneous organ).
        method: ``asqpcr``, ``ddpcr``, ``pna_pcr``, ``ngs``, ``other``.
        lod_pct: the assay's limit of detection, % VAF.
        activating: for a variant outside codon 816, whether it is activating (DX3).

    >>> t = KitTest(date="2026-09-01", variant="p.D816V", result="detected")
    Traceback (most recent call last):
    ...
    mastcell.exceptions.InputError: date: expected a date, got '2026-09-01'
    >>> from datetime import date
    >>> KitTest(date=date(2026, 9, 1), variant="p.D816V", result="detected").codon_816
    True
    """

    date: dt.date = attrs.field(validator=date_or_aware)
    variant: str = attrs.field(converter=_variant, validator=non_empty)
    result: KitResult = attrs.field(converter=_kit_result)
    vaf_pct: float | None = attrs.field(default=None, validator=percentage)
    specimen: KitSpecimen | None = attrs.field(default=None, converter=_specimen)
    method: KitMethod | None = attrs.field(default=None, converter=_method)
    lod_pct: float | None = attrs.field(default=None, validator=percentage)
    activating: bool | None = attrs.field(default=None, validator=optional_bool)

    @property
    def codon_816(self) -> bool:
        """A codon-816 substitution (D816V and the rarer D816A/F/H/I/N/T/Y...), DX8."""
        return protein_change(self.variant) is not None

    @property
    def is_d816v(self) -> bool:
        """The D816V substitution itself."""
        return protein_change(self.variant) == "D816V"


@attrs.frozen(kw_only=True)
class Skin:
    """Mastocytosis in the skin (EH13).

    Args:
        lesions: ``mpcm`` (maculopapular), ``dcm`` (diffuse), ``mastocytoma``, ``none``.
        lesion_count: number of lesions (>= 4 favours MPCM over mastocytoma, DX22).
        darier_sign: Darier's sign.
        biopsy_infiltrate: a skin biopsy showed a multifocal or diffuse mast cell infiltrate.

    >>> Skin(lesions="MPCM").lesions
    <SkinLesions.MPCM: 'mpcm'>
    """

    lesions: SkinLesions | None = attrs.field(default=None, converter=_lesions)
    lesion_count: int | None = attrs.field(default=None, validator=non_negative_int)
    darier_sign: bool | None = attrs.field(default=None, validator=optional_bool)
    biopsy_infiltrate: bool | None = attrs.field(default=None, validator=optional_bool)


@attrs.frozen(kw_only=True)
class OrganFindings:
    """Organ findings a clinician confirms for the B- and C-findings (EH10, EH11; BC3-BC9).

    Every flag is true, false or unknown (None), never inferred. ``cytopenia_attributed_to_sm``
    says whether a cytopenia is due to the mastocytosis, other causes excluded (FX7).

    >>> OrganFindings(splenomegaly=True, hypersplenism=False).splenomegaly
    True
    """

    date: dt.date | None = attrs.field(default=None, validator=date_or_aware)
    hepatomegaly: bool | None = attrs.field(default=None, validator=optional_bool)
    liver_dysfunction: bool | None = attrs.field(default=None, validator=optional_bool)
    ascites: bool | None = attrs.field(default=None, validator=optional_bool)
    portal_hypertension: bool | None = attrs.field(default=None, validator=optional_bool)
    splenomegaly: bool | None = attrs.field(default=None, validator=optional_bool)
    hypersplenism: bool | None = attrs.field(default=None, validator=optional_bool)
    pathological_fracture: bool | None = attrs.field(default=None, validator=optional_bool)
    malabsorption_with_weight_loss: bool | None = attrs.field(default=None, validator=optional_bool)
    cytopenia_attributed_to_sm: bool | None = attrs.field(default=None, validator=optional_bool)
    #: Largest lymph node, cm (0: none enlarged).
    lymphadenopathy_cm: float | None = attrs.field(default=None, validator=finite_non_negative)
    #: Largest osteolytic lesion, cm (0: none).
    osteolysis_cm: float | None = attrs.field(default=None, validator=finite_non_negative)


@attrs.frozen(kw_only=True)
class AssociatedNeoplasm:
    """A haematological neoplasm associated with the mastocytosis (EH12, DX16).

    >>> AssociatedNeoplasm(name="CMML", lineage="myeloid").lineage
    <Lineage.MYELOID: 'myeloid'>
    """

    name: str = attrs.field(validator=non_empty)
    lineage: Lineage | None = attrs.field(default=None, converter=_lineage)


@attrs.frozen(kw_only=True)
class Sensitisation:
    """A sensitisation test result (EH17): the agent, the test and whether it was positive.

    >>> Sensitisation(agent="Wasp venom", test="sige", positive=True).agent
    'wasp venom'
    """

    agent: str = attrs.field(converter=lower_name, validator=non_empty)
    test: SensitisationTest | None = attrs.field(default=None, converter=_sensitisation_test)
    positive: bool | None = attrs.field(default=None, validator=optional_bool)


@attrs.frozen(kw_only=True)
class Score:
    """A score as entered by a clinician or patient; mastcell never computes it (SC2-SC9).

    >>> Score(instrument="rema", value=2).value
    2
    """

    instrument: ScoreInstrument = attrs.field(converter=_instrument)
    value: float = attrs.field(validator=finite)
    date: dt.date | None = attrs.field(default=None, validator=date_or_aware)
