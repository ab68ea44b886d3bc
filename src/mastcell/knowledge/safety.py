"""The mast-cell drug safety catalogue: how each agent stands in a mast cell disorder.

Fact sheet sections 2.3, 2.4 and 2.7 list histamine releasers and reported triggers beside
the agents usually accepted in their place. Each agent here carries a :class:`SafetyLevel`,
the sources behind it, and, where the sources disagree, a :class:`Conflict` that records every
reading with its sources and the default mastcell ships. The choice is the clinician's: each
conflict names the :class:`~mastcell.knowledge.options.PerioperativeOptions` field that
overrides it. Keys are the drug catalogue's generic names
(:func:`mastcell.knowledge.drugs.generic_name`).

Rules of the default when sources disagree (stated once, applied throughout): a published
anaesthesia table (S33) outweighs a derived clinic list (S39) and the seeds; a controlled
study in mastocytosis patients (S32) moderates a blanket list; a seed-only warning against an
agent other sources accept becomes ``caution``, never a silent ``acceptable``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from mastcell.knowledge.drugs import CATALOGUE
from mastcell.knowledge.sources import cited

__all__ = [
    "CONFLICTS",
    "SAFETY",
    "AgentSafety",
    "Conflict",
    "Reading",
    "SafetyGroup",
    "SafetyLevel",
    "safety_of",
]


class SafetyLevel(enum.StrEnum):
    """How an agent stands in a mast cell disorder, from worst to best.

    ``avoid``: listed as a histamine releaser or trigger to avoid, and an alternative exists.
    ``caution``: listed as a trigger but contested, or unavoidable at times: use with care.
    ``acceptable``: listed as usually acceptable. ``preferred``: named as the agent of choice.

    >>> SafetyLevel.AVOID.rank < SafetyLevel.CAUTION.rank < SafetyLevel.PREFERRED.rank
    True
    >>> SafetyLevel.CAUTION.usable, SafetyLevel.AVOID.usable
    (False, False)
    """

    AVOID = "avoid"
    CAUTION = "caution"
    ACCEPTABLE = "acceptable"
    PREFERRED = "preferred"

    @property
    def rank(self) -> int:
        """0 for avoid up to 3 for preferred."""
        return _RANKS[self]

    @property
    def usable(self) -> bool:
        """Acceptable or preferred: may be proposed as an alternative."""
        return self in (SafetyLevel.ACCEPTABLE, SafetyLevel.PREFERRED)


_RANKS = {
    SafetyLevel.AVOID: 0,
    SafetyLevel.CAUTION: 1,
    SafetyLevel.ACCEPTABLE: 2,
    SafetyLevel.PREFERRED: 3,
}


class SafetyGroup(enum.StrEnum):
    """The classes of section 2.7: alternatives are sought within the same group.

    >>> SafetyGroup("nmba").label
    'neuromuscular blocker'
    """

    OPIOID = "opioid"
    NON_OPIOID_ANALGESIC = "non_opioid_analgesic"
    NMBA = "nmba"
    INDUCTION = "induction"
    SEDATIVE = "sedative"
    LOCAL_ANESTHETIC = "local_anesthetic"
    REVERSAL = "reversal"
    ANTIBIOTIC = "antibiotic"
    OTHER = "other"
    CONTRAST = "contrast"
    ANTISEPTIC = "antiseptic"

    @property
    def label(self) -> str:
        """How a clinician names the group."""
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    SafetyGroup.OPIOID: "opioid",
    SafetyGroup.NON_OPIOID_ANALGESIC: "non-opioid analgesic",
    SafetyGroup.NMBA: "neuromuscular blocker",
    SafetyGroup.INDUCTION: "induction or volatile anaesthetic",
    SafetyGroup.SEDATIVE: "benzodiazepine",
    SafetyGroup.LOCAL_ANESTHETIC: "local anaesthetic",
    SafetyGroup.REVERSAL: "reversal agent",
    SafetyGroup.ANTIBIOTIC: "antibiotic",
    SafetyGroup.OTHER: "other perioperative drug",
    SafetyGroup.CONTRAST: "contrast medium",
    SafetyGroup.ANTISEPTIC: "antiseptic",
}


@attrs.frozen(kw_only=True)
class Reading:
    """One side of a disagreement: the level a set of sources implies, and what they say.

    >>> SUCCINYLCHOLINE.readings[0].level
    <SafetyLevel.AVOID: 'avoid'>
    """

    level: SafetyLevel
    sources: tuple[str, ...] = attrs.field(converter=cited)
    says: str


@attrs.frozen(kw_only=True)
class Conflict:
    """Sources that disagree about an agent (or a group of agents), recorded as data.

    ``option`` names the :class:`~mastcell.knowledge.options.PerioperativeOptions` field a
    clinician sets to choose another reading; unset, ``default`` applies for the stated
    ``basis``.

    >>> SUCCINYLCHOLINE.default, SUCCINYLCHOLINE.option
    (<SafetyLevel.CAUTION: 'caution'>, 'succinylcholine')
    >>> SUCCINYLCHOLINE.level(None), SUCCINYLCHOLINE.level(SafetyLevel.AVOID)
    (<SafetyLevel.CAUTION: 'caution'>, <SafetyLevel.AVOID: 'avoid'>)
    """

    option: str
    topic: str
    default: SafetyLevel
    readings: tuple[Reading, ...]
    basis: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source of every reading, in order, without duplicates."""
        return tuple(dict.fromkeys(s for r in self.readings for s in r.sources))

    def level(self, chosen: SafetyLevel | None) -> SafetyLevel:
        """The level in force: the clinician's choice when made, else the default."""
        return self.default if chosen is None else chosen

    def describe(self) -> str:
        """The disagreement in one sentence, for a recommendation's detail."""
        sides = "; ".join(
            f"{r.level.value} per {', '.join(r.sources)} ({r.says})" for r in self.readings
        )
        return (
            f"CONFLICT on {self.topic}: sources disagree: {sides}. mastcell's default is "
            f"'{self.default.value}' because {self.basis}; set "
            f"PerioperativeOptions.{self.option} to choose another reading."
        )


@attrs.frozen(kw_only=True)
class AgentSafety:
    """The catalogue entry of one agent: level, sources, reason and any conflict.

    >>> SAFETY["atracurium"].level, SAFETY["atracurium"].group.label
    (<SafetyLevel.AVOID: 'avoid'>, 'neuromuscular blocker')
    """

    generic: str
    group: SafetyGroup
    level: SafetyLevel
    sources: tuple[str, ...] = attrs.field(converter=cited)
    reason: str
    conflict: Conflict | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.generic not in CATALOGUE:  # pragma: no cover - data bug
            raise ValueError(f"{self.generic!r} is not a drug catalogue generic name")
        if not self.sources:  # pragma: no cover - data bug
            raise ValueError(f"{self.generic!r} has no source")
        if self.conflict is not None and self.conflict.default is not self.level:
            raise ValueError(f"{self.generic!r}: level differs from its conflict's default")

    @property
    def all_sources(self) -> tuple[str, ...]:
        """The entry's sources and those of its conflict's readings."""
        extra = self.conflict.sources if self.conflict else ()
        return tuple(dict.fromkeys((*self.sources, *extra)))


# -- conflicts -------------------------------------------------------------------------------

_A, _C, _OK, _P = (
    SafetyLevel.AVOID,
    SafetyLevel.CAUTION,
    SafetyLevel.ACCEPTABLE,
    SafetyLevel.PREFERRED,
)

#: O2 / section 3 item 3.
SUCCINYLCHOLINE = Conflict(
    option="succinylcholine",
    topic="succinylcholine",
    default=_C,
    readings=(
        Reading(level=_A, sources=("SEED-B", "S-DRO"), says="listed with the NMBAs to avoid"),
        Reading(level=_OK, sources=("S33", "S39"), says="listed as acceptable"),
        Reading(
            level=_C,
            sources=("S37",),
            says="safe/unsafe drug lists remain controversial",
        ),
    ),
    basis=(
        "the only 'avoid' reading is seed-only while two non-seed lists accept it, and a "
        "2022 review calls such lists controversial (S37)"
    ),
)

#: O3: rocuronium.
ROCURONIUM = Conflict(
    option="rocuronium",
    topic="rocuronium",
    default=_OK,
    readings=(
        Reading(level=_P, sources=("SEED-B",), says="preferred muscle relaxant"),
        Reading(level=_OK, sources=("S33",), says="listed as acceptable"),
        Reading(level=_A, sources=("S39",), says="placed in the avoid column"),
    ),
    basis=(
        "the published anaesthesia table (S33) accepts it; the avoid reading comes from a "
        "derived clinic list (S39) and the preference from a seed"
    ),
)

#: A14, P6, P7, section 3 item 8.
NSAIDS = Conflict(
    option="nsaids",
    topic="NSAIDs and aspirin",
    default=_C,
    readings=(
        Reading(
            level=_A,
            sources=("S33", "S35", "S39"),
            says="listed as triggers or drugs to avoid",
        ),
        Reading(
            level=_C,
            sources=("S32",),
            says=(
                "NSAID/aspirin hypersensitivity is uncommon in mastocytosis: 1/50 (2%) positive "
                "on double-blind aspirin challenge, 8/191 (4.1%) by chart review, i.e. about "
                "96-98% tolerate aspirin"
            ),
        ),
    ),
    basis=(
        "controlled challenge data in mastocytosis patients (S32) put the blanket lists in "
        "proportion; a prior reaction in this patient still makes it an avoid"
    ),
)

#: O7: fluoroquinolones.
FLUOROQUINOLONES = Conflict(
    option="fluoroquinolones",
    topic="fluoroquinolones",
    default=_OK,
    readings=(
        Reading(level=_OK, sources=("S33",), says="listed as acceptable antibiotics"),
        Reading(level=_C, sources=("S-DRO",), says="listed as mast cell triggers"),
    ),
    basis="only a seed-family page (S-DRO, not independent) lists them as triggers",
)

#: P3 vs P5: morphine.
MORPHINE = Conflict(
    option="morphine",
    topic="morphine",
    default=_A,
    readings=(
        Reading(
            level=_A,
            sources=("S33", "S35", "S41"),
            says=(
                "histamine-releasing opioid; among the drugs to avoid in the TMS protocol; "
                "fentanyl releases the least histamine"
            ),
        ),
        Reading(
            level=_OK,
            sources=("S41",),
            says="a porcine mast-cell study found little histamine release from morphine",
        ),
    ),
    basis=(
        "the clinical lists agree and the contrary evidence is one in-vitro animal study; "
        "an acceptable alternative (fentanyl) exists"
    ),
)

#: O6: ester local anaesthetics.
ESTER_LOCAL_ANESTHETICS = Conflict(
    option="ester_local_anesthetics",
    topic="ester local anaesthetics",
    default=_OK,
    readings=(
        Reading(level=_OK, sources=("S33",), says="amides and esters both acceptable"),
        Reading(level=_C, sources=("S39",), says="amides preferred over esters"),
    ),
    basis="the published anaesthesia table (S33) accepts both; S39 is a derived list",
)

#: Every recorded disagreement, by the option that overrides it.
CONFLICTS: Mapping[str, Conflict] = {
    c.option: c
    for c in (
        SUCCINYLCHOLINE,
        ROCURONIUM,
        NSAIDS,
        FLUOROQUINOLONES,
        MORPHINE,
        ESTER_LOCAL_ANESTHETICS,
    )
}


# -- the catalogue ---------------------------------------------------------------------------

_G = SafetyGroup


def _e(
    generic: str,
    group: SafetyGroup,
    level: SafetyLevel,
    sources: tuple[str, ...],
    reason: str,
    *,
    conflict: Conflict | None = None,
    note: str | None = None,
) -> AgentSafety:
    return AgentSafety(
        generic=generic,
        group=group,
        level=level,
        sources=sources,
        reason=reason,
        conflict=conflict,
        note=note,
    )


_OPIOID_OK = "acceptable opioid in mast cell disorders (P3)"
_NSAID = "NSAID/aspirin: listed as a trigger (P6, P7), tolerated by most (A14)"
_NMBA_OK = "listed as an acceptable neuromuscular blocker (O3)"
_HYPNOTIC_OK = "listed as an acceptable hypnotic or anaesthetic (O5)"
_AMIDE = "amide local anaesthetic: acceptable (O6)"
_ESTER = "ester local anaesthetic (O6)"
_ABX_OK = "listed as an acceptable antibiotic (O7)"
_ABX_CLASS = "a penicillin or cephalosporin: classes listed as acceptable antibiotics (O7)"
_FQ = "fluoroquinolone (O7)"
_BETA = "beta-blockers may blunt the response to epinephrine in anaphylaxis (O8)"
_ACE = (
    "ACE inhibitors are flagged in the perioperative table (O8); what it says of them beyond "
    "the flag is NOT VERIFIED"
)
_CONTRAST = (
    "low risk of contrast hypersensitivity in all SM subtypes (O15, S42); within the "
    "premedication protocol's scope (O10, S35)"
)

_ENTRIES: tuple[AgentSafety, ...] = (
    # -- opioids (P3, P4, P5; 2.7) -----------------------------------------------------------
    _e(
        "morphine",
        _G.OPIOID,
        _A,
        ("S33", "S35", "S41"),
        "histamine-releasing opioid (P3, P6)",
        conflict=MORPHINE,
    ),
    _e("codeine", _G.OPIOID, _A, ("S33", "S35"), "histamine-releasing opioid (P3, P6)"),
    _e(
        "meperidine",
        _G.OPIOID,
        _A,
        ("S33", "S41"),
        "histamine-releasing opioid, among the most histamine-releasing (P3, P4)",
    ),
    _e(
        "fentanyl",
        _G.OPIOID,
        _P,
        ("S34", "S41", "S33"),
        "acceptable opioid with the least histamine release; named to treat pain (P1, P4)",
    ),
    _e("sufentanil", _G.OPIOID, _OK, ("S33",), _OPIOID_OK),
    _e("alfentanil", _G.OPIOID, _OK, ("S33",), _OPIOID_OK),
    _e(
        "remifentanil",
        _G.OPIOID,
        _OK,
        ("S33",),
        _OPIOID_OK,
        note="SEED-B names it with fentanyl as preferred (seed-only)",
    ),
    _e(
        "hydromorphone",
        _G.OPIOID,
        _OK,
        ("S33", "S39"),
        _OPIOID_OK,
        note="S39: about twice fentanyl's urticaria risk",
    ),
    _e("buprenorphine", _G.OPIOID, _OK, ("S33",), _OPIOID_OK),
    _e("oxycodone", _G.OPIOID, _OK, ("S39",), "acceptable opioid in a clinic list (P3, S39)"),
    _e("piritramide", _G.OPIOID, _OK, ("S39",), "acceptable opioid in a clinic list (P3, S39)"),
    # -- non-opioid analgesics (P6, P7, A13, A14) --------------------------------------------
    _e(
        "acetaminophen",
        _G.NON_OPIOID_ANALGESIC,
        _P,
        ("S35", "S33", "S39"),
        "recommended in the TMS protocol; acceptable in the anaesthesia table (P6, P7)",
    ),
    _e(
        "metamizole",
        _G.NON_OPIOID_ANALGESIC,
        _OK,
        ("S39",),
        "acceptable non-opioid in a clinic list (P7)",
    ),
    _e(
        "aspirin",
        _G.NON_OPIOID_ANALGESIC,
        _C,
        ("S32", "S33", "S35"),
        _NSAID,
        conflict=NSAIDS,
        note="also used deliberately in SM to lower prostaglandin D2, 81-500 mg twice daily (A13)",
    ),
    *(
        _e(name, _G.NON_OPIOID_ANALGESIC, _C, ("S33", "S35", "S32"), _NSAID, conflict=NSAIDS)
        for name in ("ibuprofen", "naproxen", "diclofenac", "ketorolac", "indomethacin")
    ),
    _e("celecoxib", _G.NON_OPIOID_ANALGESIC, _C, ("S35", "S32"), _NSAID, conflict=NSAIDS),
    _e(
        "nefopam",
        _G.NON_OPIOID_ANALGESIC,
        _C,
        ("S33",),
        "listed with NSAIDs as causing leukotriene over-production (P7)",
    ),
    # -- neuromuscular blockers (O1-O4) --------------------------------------------------------
    _e(
        "atracurium",
        _G.NMBA,
        _A,
        ("S33", "S34", "S39"),
        "releases histamine (O1)",
    ),
    _e(
        "mivacurium",
        _G.NMBA,
        _A,
        ("S33", "S34", "S39"),
        "releases histamine (O1)",
    ),
    _e("rocuronium", _G.NMBA, _OK, ("S33", "S39"), _NMBA_OK, conflict=ROCURONIUM),
    _e(
        "vecuronium",
        _G.NMBA,
        _OK,
        ("S33", "S39"),
        _NMBA_OK,
        note="S39: 'likely' acceptable; SEED-B: preferred (seed-only)",
    ),
    _e("pancuronium", _G.NMBA, _OK, ("S33", "S39"), _NMBA_OK),
    _e(
        "cisatracurium",
        _G.NMBA,
        _OK,
        ("S33",),
        "benzylisoquinoline not flagged as a histamine releaser (O4)",
    ),
    _e(
        "succinylcholine",
        _G.NMBA,
        _C,
        ("S33", "S39", "S37"),
        "depolarising NMBA; sources disagree (O2)",
        conflict=SUCCINYLCHOLINE,
    ),
    # -- induction agents, sedatives, volatile agents (O5) ------------------------------------
    _e("thiopental", _G.INDUCTION, _A, ("S33",), "releases histamine (O5)"),
    _e("methohexital", _G.INDUCTION, _A, ("S33",), "listed with thiopental (O5)"),
    _e("propofol", _G.INDUCTION, _OK, ("S33", "S39"), _HYPNOTIC_OK),
    _e("etomidate", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e("ketamine", _G.INDUCTION, _OK, ("S33", "S39"), _HYPNOTIC_OK),
    _e("dexmedetomidine", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e("sevoflurane", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e("desflurane", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e("isoflurane", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e("nitrous oxide", _G.INDUCTION, _OK, ("S33",), _HYPNOTIC_OK),
    _e(
        "midazolam",
        _G.SEDATIVE,
        _OK,
        ("S33", "S39", "S36"),
        "acceptable; part of the anti-mediator prophylaxis in the REMA series (O5, O12)",
    ),
    _e("diazepam", _G.SEDATIVE, _OK, ("S33", "S39"), "acceptable benzodiazepine (O5)"),
    # -- local anaesthetics (O6) ---------------------------------------------------------------
    *(
        _e(name, _G.LOCAL_ANESTHETIC, _OK, ("S33", "S39"), _AMIDE)
        for name in ("lidocaine", "bupivacaine", "ropivacaine", "mepivacaine")
    ),
    *(
        _e(name, _G.LOCAL_ANESTHETIC, _OK, ("S33", "S39"), _ESTER, conflict=ESTER_LOCAL_ANESTHETICS)
        for name in ("procaine", "chloroprocaine", "tetracaine")
    ),
    # -- reversal agents (O6) ------------------------------------------------------------------
    _e("neostigmine", _G.REVERSAL, _OK, ("S33",), "acceptable reversal agent (O6)"),
    _e("sugammadex", _G.REVERSAL, _OK, ("S33",), "acceptable reversal agent (O6)"),
    # -- antibiotics (O7) ----------------------------------------------------------------------
    _e("vancomycin", _G.ANTIBIOTIC, _A, ("S33", "S35"), "can release histamine (O7, P6)"),
    _e("polymyxin b", _G.ANTIBIOTIC, _A, ("S33",), "can release histamine (O7)"),
    *(
        _e(name, _G.ANTIBIOTIC, _OK, ("S33",), _ABX_OK)
        for name in ("penicillin", "amoxicillin", "cefazolin", "clindamycin", "sulfamethoxazole")
    ),
    *(
        _e(name, _G.ANTIBIOTIC, _OK, ("S33",), _FQ, conflict=FLUOROQUINOLONES)
        for name in ("ciprofloxacin", "levofloxacin", "moxifloxacin")
    ),
    # -- others (O8) ---------------------------------------------------------------------------
    _e(
        "adenosine",
        _G.OTHER,
        _C,
        ("S33",),
        "can release histamine (O8); no safer alternative is listed",
    ),
    _e(
        "protamine",
        _G.OTHER,
        _C,
        ("S33",),
        "can release histamine (O8); no safer alternative is listed",
    ),
    *(
        _e(name, _G.OTHER, _C, ("S33",), _BETA)
        for name in (
            "metoprolol",
            "propranolol",
            "atenolol",
            "bisoprolol",
            "carvedilol",
            "nadolol",
            "labetalol",
            "nebivolol",
        )
    ),
    *(
        _e(name, _G.OTHER, _C, ("S33",), _ACE)
        for name in ("lisinopril", "enalapril", "ramipril", "captopril", "perindopril", "quinapril")
    ),
    # -- contrast media (O15, 2.7) -------------------------------------------------------------
    _e("iodinated contrast", _G.CONTRAST, _OK, ("S42", "S33", "S35"), _CONTRAST),
    _e("gadolinium contrast", _G.CONTRAST, _OK, ("S42", "S33", "S35"), _CONTRAST),
    *(
        _e(name, _G.CONTRAST, _OK, ("S42", "S33", "S35"), _CONTRAST)
        for name in ("iohexol", "iodixanol", "iopamidol", "ioversol")
    ),
    # -- antiseptics (O6) ----------------------------------------------------------------------
    _e("chlorhexidine", _G.ANTISEPTIC, _OK, ("S33",), "acceptable antiseptic (O6)"),
    _e("povidone-iodine", _G.ANTISEPTIC, _OK, ("S33",), "acceptable antiseptic (O6)"),
    _e("isopropyl alcohol", _G.ANTISEPTIC, _OK, ("S33",), "acceptable antiseptic (O6)"),
    # -- members of the classes 2.7 rates, added with the drug vocabulary (after the agents
    #    above, so that the lists of alternatives keep their order) ---------------------------
    *(
        _e(name, _G.NON_OPIOID_ANALGESIC, _C, ("S33", "S35", "S32"), _NSAID, conflict=NSAIDS)
        for name in (
            "meloxicam",
            "ketoprofen",
            "piroxicam",
            "etodolac",
            "nabumetone",
            "mefenamic acid",
            "flurbiprofen",
            "etoricoxib",
        )
    ),
    *(
        _e(name, _G.LOCAL_ANESTHETIC, _OK, ("S33", "S39"), _AMIDE)
        for name in ("prilocaine", "articaine", "levobupivacaine")
    ),
    _e(
        "benzocaine",
        _G.LOCAL_ANESTHETIC,
        _OK,
        ("S33", "S39"),
        _ESTER,
        conflict=ESTER_LOCAL_ANESTHETICS,
    ),
    *(
        _e(name, _G.ANTIBIOTIC, _OK, ("S33",), _ABX_CLASS)
        for name in (
            "ampicillin",
            "piperacillin",
            "phenoxymethylpenicillin",
            "oxacillin",
            "dicloxacillin",
            "flucloxacillin",
            "cephalexin",
            "cefuroxime",
            "cefoxitin",
            "ceftriaxone",
            "cefotaxime",
            "ceftazidime",
            "cefepime",
        )
    ),
)

#: Every rated agent, by the drug catalogue's generic name.
SAFETY: Mapping[str, AgentSafety] = {entry.generic: entry for entry in _ENTRIES}

if len(SAFETY) != len(_ENTRIES):  # pragma: no cover - data bug
    raise RuntimeError("an agent is rated twice in the safety catalogue")


def safety_of(generic: str) -> AgentSafety | None:
    """The catalogue entry of a generic name, or None when the agent is not rated.

    >>> safety_of("fentanyl").level
    <SafetyLevel.PREFERRED: 'preferred'>
    >>> safety_of("cetirizine") is None
    True
    """
    return SAFETY.get(generic)
