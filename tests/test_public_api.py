"""The public face: exported names, docstrings with examples, typing marker."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import mastcell


def _public_modules() -> list[str]:
    names = ["mastcell"]
    for info in pkgutil.walk_packages(mastcell.__path__, "mastcell."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)


def _public_objects() -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module_name:
                found.append((f"{module_name}.{name}", obj))
    return found


class TestPublicFace:
    def test_all_names_exist(self) -> None:
        """Every name in mastcell.__all__ is importable from mastcell."""
        for name in mastcell.__all__:
            assert hasattr(mastcell, name), name

    @pytest.mark.parametrize(
        ("name", "obj"), _public_objects(), ids=lambda v: v if isinstance(v, str) else ""
    )
    def test_public_objects_have_docstrings_with_examples(self, name: str, obj: object) -> None:
        """Every public function and class has a docstring with a doctest example."""
        doc = inspect.getdoc(obj) or ""
        assert doc, f"{name} has no docstring"
        if inspect.isclass(obj) and issubclass(obj, Exception):
            return
        if inspect.isclass(obj) and obj.__module__.endswith("vocabulary"):
            assert ">>>" in doc, name
            return
        assert ">>>" in doc, f"{name} has no example"

    @pytest.mark.parametrize("module_name", _public_modules())
    def test_every_public_module_declares_its_api(self, module_name: str) -> None:
        """Every public module states its API in __all__, so the docstring check misses nothing."""
        assert isinstance(getattr(importlib.import_module(module_name), "__all__", None), list)

    def test_py_typed_is_shipped(self) -> None:
        """The package ships the PEP 561 marker."""
        assert (Path(mastcell.__file__).parent / "py.typed").is_file()

    def test_import_does_not_load_pint_or_rules(self) -> None:
        """Importing mastcell stays light: pint's registry and the rules load on first use."""
        import subprocess
        import sys

        code = (
            "import sys, mastcell; print('pint' in sys.modules, "
            "'mastcell.rules.emergency' in sys.modules)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == ["False", "False"]
