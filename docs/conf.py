"""Sphinx configuration for the mastcell documentation."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mastcell


def _bind_type_checking_imports() -> None:
    """Run each mastcell module's ``if TYPE_CHECKING:`` imports in its namespace.

    So that autodoc can resolve annotations that name pint or pandas types, which mastcell
    imports only for type checkers (to keep ``import mastcell`` light).
    """
    for info in pkgutil.walk_packages(mastcell.__path__, "mastcell."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.If) and ast.unparse(node.test) in (
                "TYPE_CHECKING",
                "typing.TYPE_CHECKING",
            ):
                exec(compile(ast.Module(node.body, []), info.name, "exec"), vars(module))


_bind_type_checking_imports()

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

project = "mastcell"
author = "The mastcell developers"
copyright = "2026, The mastcell developers"
version = release = mastcell.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "myst_nb",
    "mastcell_catalogue",
]

exclude_patterns = ["_build", "jupyter_execute", ".DS_Store", "_inventories", "_generated"]
html_theme = "furo"
html_title = f"mastcell {release}"

# -- MyST and notebooks ------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 120
suppress_warnings = ["mystnb.unknown_mime_type"]

# -- autodoc -----------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = True
nitpick_ignore_regex = [("py:.*", r".*\._[A-Za-z]\w*")]  # private names in signatures
nitpick_ignore = [
    ("py:class", "T"),
    ("py:class", "E"),
    ("py:class", "attrs.Factory"),
    # Starlette ships no Sphinx inventory: create_app's return type stays plain text.
    ("py:class", "starlette.applications.Starlette"),
    ("py:class", "argparse.Namespace"),
    # Standard-library containers in mastcell.cohort.bulk's signatures, absent from the
    # trimmed offline Python inventory: shown as plain text.
    ("py:class", "collections.Counter"),
    ("py:class", "collections.deque"),
    ("py:class", "array"),
    # mastcell.callers and load_options: standard-library types absent from the trimmed
    # offline inventory.
    ("py:class", "os.PathLike"),
    ("py:class", "asyncio.locks.Lock"),
    ("py:class", "collections.abc.Awaitable"),
    # drugs.ingredients_named takes any collection of generic names (same trimmed inventory).
    ("py:class", "collections.abc.Collection"),
    # mastcell.columns: polars ships no offline inventory here; its types stay plain text.
    ("py:class", "polars.expr.expr.Expr"),
    ("py:class", "pl.Expr"),
    ("py:class", "polars.dataframe.frame.DataFrame"),
    ("py:class", "types.ModuleType"),
]

# -- intersphinx: inventories shipped in docs/_inventories (the build runs offline) ------------
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(HERE / "_inventories" / "python.inv")),
    "attrs": ("https://www.attrs.org/en/stable", str(HERE / "_inventories" / "attrs.inv")),
    "cattrs": ("https://catt.rs/en/stable", str(HERE / "_inventories" / "cattrs.inv")),
    "pint": ("https://pint.readthedocs.io/en/stable", str(HERE / "_inventories" / "pint.inv")),
    "pandas": ("https://pandas.pydata.org/docs", str(HERE / "_inventories" / "pandas.inv")),
}

# -- doctest builder ---------------------------------------------------------------------------
# Docstring examples run under pytest --doctest-modules, in their own module's namespace; the
# doctest builder runs the pages' explicit doctest blocks.
doctest_test_doctest_blocks = ""
doctest_global_setup = """
import mastcell
from mastcell import *
"""


_LEADING_LABEL = re.compile(r"^([^:`\n]+): ")


def _keep_attribute_prose(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Stop napoleon reading "Text: more" in an attribute's docstring as "type: description"."""
    if what in ("attribute", "data", "property") and lines:
        lines[0] = _LEADING_LABEL.sub(r"\1 — ", lines[0], count=1)


def _named_tuples() -> Iterator[type]:
    """The NamedTuple classes of the loaded mastcell modules."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("mastcell"):
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, tuple)
                    and hasattr(value, "_fields")
                ):
                    yield value


def _skip_bare_fields(
    app: Any, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Document a NamedTuple's field only where the source comments it (``#:``), as an attrs
    class's: not every field with the docstring "Alias for field number N"."""
    if what != "class" or not (getattr(obj, "__doc__", "") or "").startswith("Alias for field"):
        return None
    owner = next((c for c in _named_tuples() if vars(c).get(name) is obj), None)
    if owner is None:
        return None
    from sphinx.pycode import ModuleAnalyzer

    documented = ModuleAnalyzer.for_module(owner.__module__).find_attr_docs()
    return None if (owner.__qualname__, name) in documented else True


def _resolve_named_tuple_signature(app: Any, obj: Any, bound_method: bool) -> None:
    """Give a NamedTuple's ``__new__`` its fields' types, resolved in the class's module.

    ``typing.NamedTuple`` writes ``__new__`` in a namespace of its own, where the string
    annotations of a module with ``from __future__ import annotations`` cannot be resolved,
    so the class's signature would show bare names (``datetime``) the references miss.
    """
    if getattr(obj, "__name__", "") != "__new__" or not getattr(obj, "__globals__", {}).get(
        "__name__", ""
    ).startswith("namedtuple_"):
        return
    owner = next((c for c in _named_tuples() if c.__new__ is obj), None)
    if owner is not None:
        obj.__annotations__ = typing.get_type_hints(owner)


def setup(app: Any) -> None:
    """Run the prose guard before napoleon (which connects at the default priority)."""
    app.connect("autodoc-process-docstring", _keep_attribute_prose, priority=100)
    app.connect("autodoc-skip-member", _skip_bare_fields)
    app.connect("autodoc-before-process-signature", _resolve_named_tuple_signature)
