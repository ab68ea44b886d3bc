"""WHO/ICC classification thresholds that several areas read (sections 2.2.4, 2.6.2, 2.6.4).

These classify disease; they are not drug-toxicity thresholds (those live with each drug).
The B-findings are composite, scheme-versioned rules in :mod:`mastcell.knowledge.findings`: a
lone baseline tryptase above 200 ng/mL is not "a B-finding" (FX1, BC1).
"""

from __future__ import annotations

import attrs

from mastcell.knowledge.sources import cited
from mastcell.model import Analyte, Comparison

__all__ = [
    "C_FINDING_CYTOPENIA",
    "SM_MINOR_TRYPTASE",
    "Threshold",
]


@attrs.frozen(kw_only=True)
class Threshold:
    """A value an analyte is compared with, in the analyte's canonical unit.

    >>> C_FINDING_CYTOPENIA[0].crossed(0.99), C_FINDING_CYTOPENIA[0].crossed(1.0)
    (True, False)
    """

    analyte: Analyte
    value: float
    comparison: Comparison
    meaning: str
    sources: tuple[str, ...] = attrs.field(converter=cited)

    def crossed(self, canonical: float) -> bool:
        """Whether a canonical value crosses this threshold."""
        return self.comparison.holds(canonical, self.value)


#: The C-finding level of cytopenia: any one of ANC < 1 x10^9/L, Hb < 10 g/dL, platelets
#: < 100 x10^9/L [S11, S27; BC5, the same in WHO 2022, ICC 2022, 2016 and 2008]. A count at
#: this level is a C-finding (organ damage; ASM when the SM criteria are met) only when the
#: clinician attributes it to SM, other causes excluded (FX7): the rules say so and read
#: ``organ_findings.cytopenia_attributed_to_sm`` where it is recorded.
C_FINDING_CYTOPENIA = (
    Threshold(
        analyte=Analyte.ANC,
        value=1.0,
        comparison=Comparison.LT,
        meaning="WHO C-finding level of cytopenia (ANC)",
        sources=("S11", "S27"),
    ),
    Threshold(
        analyte=Analyte.HEMOGLOBIN,
        value=10.0,
        comparison=Comparison.LT,
        meaning="WHO C-finding level of cytopenia (hemoglobin)",
        sources=("S11", "S27"),
    ),
    Threshold(
        analyte=Analyte.PLATELETS,
        value=100.0,
        comparison=Comparison.LT,
        meaning="WHO C-finding level of cytopenia (platelets)",
        sources=("S11", "S27"),
    ),
)

#: Persistent baseline tryptase > 20 ng/mL: a WHO/ICC minor SM criterion (HaT-adjusted in
#: WHO 2022; not valid with an unrelated myeloid neoplasm) [S27, S11].
SM_MINOR_TRYPTASE = Threshold(
    analyte=Analyte.TRYPTASE,
    value=20.0,
    comparison=Comparison.GT,
    meaning="WHO/ICC minor SM criterion (baseline tryptase)",
    sources=("S27", "S11"),
)
