"""QT-prolonging drugs that meet midostaurin: the label facts behind the ECG warning.

Midostaurin prolongs the QT interval in some patients (LW14: QTcF > 480 ms in 4.7% of the
advanced-SM studies; a higher frequency of QTc prolongation in the EU text); the addendum asks
for a warning to check the ECG when a QT-prolonging co-medication is present, with the
schedule a clinician decision. The partners are those whose own labels mastcell has read:
ondansetron (SR14), azithromycin (SR15) and hydroxyzine (MX7, PD12: contraindicated with QT
prolongation or its risk factors in the EU/UK).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["MIDOSTAURIN_QT", "QT_PROLONGING", "QtFact"]


class QtFact(NamedTuple):
    """What a drug's label says about the QT interval.

    >>> QT_PROLONGING["ondansetron"].fact
    'SR14'
    """

    drug: str
    says: str
    fact: str
    sources: tuple[str, ...]


#: The QT-prolonging partners, by catalogue generic name.
QT_PROLONGING: Mapping[str, QtFact] = {
    f.drug: f
    for f in (
        QtFact(
            drug="ondansetron",
            says="prolongs the QT interval (torsade de pointes reported); its label asks for "
            "ECG monitoring with other QT-prolonging drugs and no single IV dose above 16 mg",
            fact="SR14",
            sources=("S251",),
        ),
        QtFact(
            drug="azithromycin",
            says="can cause QT prolongation and torsade de pointes; the FDA asks prescribers "
            "to weigh it with other QT-prolonging drugs, bradyarrhythmias, heart failure and "
            "low potassium or magnesium",
            fact="SR15",
            sources=("S252",),
        ),
        QtFact(
            drug="hydroxyzine",
            says="is contraindicated with QT prolongation or its risk factors in the EU/UK "
            "(MHRA 2015)",
            fact="MX7",
            sources=("S127",),
        ),
    )
}

#: LW14 [S104, S102]: midostaurin's QT facts; no ECG schedule was readable.
MIDOSTAURIN_QT = QtFact(
    drug="midostaurin",
    says="prolonged QTcF above 480 ms in 4.7% of the advanced-SM studies (none above 500 ms; "
    "6.3% rose by more than 60 ms), and the EU text notes more QTc prolongation; the ECG "
    "schedule could not be verified",
    fact="LW14",
    sources=("S104", "S102"),
)
