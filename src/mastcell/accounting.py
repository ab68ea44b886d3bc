"""Every input accounted for: which inputs each rule read, and what became of the rest.

Each rule declares what it reads (:mod:`mastcell.reads`, in stages:
:mod:`mastcell.rules.declare`); the engine collects the input paths of the reads of the stages
each rule reached (a read of "the active H1 antihistamines" names the medications it found; a
procedure read names its planned agents too). :func:`account` then sorts every input into the
report: cited by a finding, listed in ``unused_inputs`` with the reason, or listed in
``reviewed_inputs`` with the codes of the rules that read it and found nothing to say.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from mastcell.model import Patient, ReviewedInput, UnusedInput

__all__ = ["LIST_FIELDS", "SCALAR_FIELDS", "account", "input_paths"]

#: The list fields of a patient whose every item is accounted for.
LIST_FIELDS = (
    "labs",
    "medications",
    "procedures",
    "flares",
    "reactions",
    "adverse_events",
    "biopsies",
    "kit_tests",
    "sensitisations",
    "scores",
)
#: The single-valued fields accounted for when the caller gave them.
SCALAR_FIELDS = (
    "birth_date",
    "age",
    "weight",
    "pain",
    "symptom_control",
    "tpsab1_extra_copies",
    "pregnant",
    "lactating",
    "kit_d816v",
    "skin",
    "organ_findings",
    "associated_neoplasm",
    "response_to_antimediators",
)


def input_paths(patient: Patient) -> list[str]:
    """Every input path a caller sent that must be accounted for, in patient order.

    >>> from mastcell.testing import patient
    >>> from mastcell.model import Procedure
    >>> from datetime import date
    >>> input_paths(patient(procedures=[Procedure(kind="dental", date=date(2026, 12, 1),
    ...                                           planned_agents=("lidocaine",))]))
    ['procedures[0]', 'procedures[0].planned_agents[0]']
    """
    paths = []
    for name in LIST_FIELDS:
        for i, item in enumerate(getattr(patient, name)):
            paths.append(f"{name}[{i}]")
            if name == "procedures":
                paths.extend(
                    f"{name}[{i}].planned_agents[{j}]" for j in range(len(item.planned_agents))
                )
    paths.extend(name for name in SCALAR_FIELDS if getattr(patient, name) is not None)
    return paths


def account(
    patient: Patient,
    cited: Iterable[str],
    unused: Iterable[UnusedInput],
    reads: Mapping[str, Iterable[str]],
) -> tuple[tuple[UnusedInput, ...], tuple[ReviewedInput, ...]]:
    """Sort every input: cited, set aside with a reason, read without action, or unused.

    Args:
        patient: the evaluated patient.
        cited: the input paths the report's findings cite (``labs[0]``; deeper paths such as
            ``procedures[0].planned_agents[1]`` count for themselves).
        unused: the inputs the engine already set aside, with their reasons.
        reads: per input path, the codes of the rules that read it.

    Returns:
        ``(unused_inputs, reviewed_inputs)``, both in patient order. An input neither cited nor
        set aside is reviewed when a rule read it, else unused ("read by no rule in the
        evaluated categories").

    >>> from mastcell.testing import patient
    >>> from mastcell.model import Medication
    >>> p = patient(medications=[Medication(drug="famotidine"), Medication(drug="cromolyn")])
    >>> unused, reviewed = account(p, [], [], {"medications[0]": ["antimediator.h2.add"]})
    >>> [str(u) for u in unused], [str(r) for r in reviewed]
    (['medications[1]: read by no rule in the evaluated categories'], ['medications[0]: read by antimediator.h2.add'])
    """
    cited_set = set(cited)
    set_aside: dict[str, list[UnusedInput]] = {}
    for item in unused:
        set_aside.setdefault(item.input, []).append(item)
    out_unused: list[UnusedInput] = []
    reviewed: list[ReviewedInput] = []
    for path in input_paths(patient):
        aside = set_aside.pop(path, ())
        out_unused.extend(aside)
        if path in cited_set or aside:
            continue
        codes = reads.get(path)
        if codes:
            reviewed.append(ReviewedInput(input=path, rules=tuple(sorted(set(codes)))))
        else:
            out_unused.append(
                UnusedInput(input=path, reason="read by no rule in the evaluated categories")
            )
    for rest in set_aside.values():  # paths outside the accounted fields keep their place
        out_unused.extend(rest)
    return tuple(out_unused), tuple(reviewed)
