"""The example patients bundled with mastcell, in the interchange format.

They ship inside the package (``mastcell/examples/*.json``), so they are there wherever
mastcell is installed; ``mastcell example --list`` and ``mastcell example NAME`` print them
from the command line, for instance
``mastcell example mcas-leukopenia | mastcell evaluate - --at 2026-11-22T12:00:00Z``.

>>> "advsm-midostaurin-neutropenia" in names()
True
>>> load("advsm-midostaurin-neutropenia").diagnoses
(<Diagnosis.ASM: 'asm'>,)
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mastcell.model import Patient

__all__ = ["load", "names", "text"]


def names() -> tuple[str, ...]:
    """The names of the bundled examples, sorted (the file names without ``.json``).

    >>> names()[0]
    'advsm-midostaurin-neutropenia'
    """
    folder = resources.files(__name__)
    return tuple(
        sorted(
            item.name.removesuffix(".json")
            for item in folder.iterdir()
            if item.name.endswith(".json")
        )
    )


def text(name: str) -> str:
    """The interchange JSON of example ``name``, as text.

    Raises:
        KeyError: no bundled example has that name.

    >>> text("child-cm-dental").lstrip()[0]
    '{'
    """
    if name not in names():
        raise KeyError(f"no bundled example {name!r}; known: {', '.join(names())}")
    return resources.files(__name__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load(name: str) -> Patient:
    """Example ``name`` read as a :class:`~mastcell.Patient`.

    >>> load("mcas-leukopenia").has_mast_cell_disorder
    True
    """
    from mastcell.interchange import patient_from_json

    return patient_from_json(text(name))
