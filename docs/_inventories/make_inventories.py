"""Write the small intersphinx inventories the docs build uses offline.

The docs build runs where only package registries are reachable, so intersphinx cannot fetch
``objects.inv`` from Python's, attrs', cattrs', pint's and pandas' sites. These files list the
few external objects mastcell's API mentions, each pointing at its real page, so links in the
built docs go to the right place. Run ``python docs/_inventories/make_inventories.py`` after
adding an external type to a public signature.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).parent

INVENTORIES: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "python": (
        "Python",
        [
            *[
                (n, "py:class", "library/stdtypes.html#$")
                for n in (
                    "str",
                    "int",
                    "float",
                    "bool",
                    "tuple",
                    "dict",
                    "list",
                    "bytes",
                    "frozenset",
                    "set",
                )
            ],
            ("None", "py:data", "library/constants.html#$"),
            ("object", "py:class", "library/functions.html#$"),
            *[
                (n, "py:exception", "library/exceptions.html#$")
                for n in ("Exception", "ValueError", "TypeError", "KeyError", "AttributeError")
            ],
            *[
                (f"datetime.{n}", "py:class", "library/datetime.html#$")
                for n in ("datetime", "date", "time", "timedelta", "timezone")
            ],
            *[
                (f"collections.abc.{n}", "py:class", "library/collections.abc.html#$")
                for n in ("Iterable", "Iterator", "Mapping", "Sequence", "Callable")
            ],
            *[(f"typing.{n}", "py:data", "library/typing.html#$") for n in ("Any", "TypeAlias")],
            *[(f"enum.{n}", "py:class", "library/enum.html#$") for n in ("Enum", "StrEnum")],
            ("pathlib.Path", "py:class", "library/pathlib.html#$"),
            # Names autodoc leaves unqualified when a module imports them directly.
            ("timedelta", "py:class", "library/datetime.html#datetime.timedelta"),
            ("dt.date", "py:class", "library/datetime.html#datetime.date"),
        ],
    ),
    "attrs": ("attrs", [("attrs.Attribute", "py:class", "api.html#$")]),
    "cattrs": (
        "cattrs",
        [
            ("cattrs.Converter", "py:class", "cattrs.html#$"),
            ("cattrs.transform_error", "py:function", "cattrs.html#$"),
        ],
    ),
    "pint": (
        "pint",
        [
            ("pint.Quantity", "py:class", "api/base.html#$"),
            ("pint.UnitRegistry", "py:class", "api/base.html#$"),
            ("pint.registry.Quantity", "py:class", "api/base.html#pint.Quantity"),
            ("pint.registry.UnitRegistry", "py:class", "api/base.html#pint.UnitRegistry"),
        ],
    ),
    "pandas": (
        "pandas",
        [("pandas.DataFrame", "py:class", "reference/api/pandas.DataFrame.html#$")],
    ),
}


def write(name: str, project: str, entries: list[tuple[str, str, str]]) -> None:
    header = (
        f"# Sphinx inventory version 2\n# Project: {project}\n# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    body = "".join(f"{obj} {role} 1 {uri} -\n" for obj, role, uri in entries).encode()
    (HERE / f"{name}.inv").write_bytes(header + zlib.compress(body))


if __name__ == "__main__":
    for key, (project, entries) in INVENTORIES.items():
        write(key, project, entries)
