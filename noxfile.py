"""Every check mastcell passes, as nox sessions; a bare ``nox`` runs them all.

- ``tests``: pytest over ``tests/`` and the doctests of ``src/``, in parallel (pytest-xdist,
  one worker per core; hypothesis is derandomised and PYTHONHASHSEED fixed, so deterministic).
- ``typecheck``: ``mypy --strict`` over ``src/`` and ``tests/``.
- ``lint``: ruff check and ruff format --check.
- ``docs``: the Sphinx site with warnings as errors (notebooks executed), then its doctests,
  then a check that the notebook pages' plotting cells produce images.
- ``package``: ``python -m build`` (the sdist, then the wheel from it); the README's first
  command run in a copy of the committed tree outside the repository; the wheel installed in a
  clean virtualenv outside the repository, where a smoke set runs (``tests/smoke_wheel.py``:
  import, CLI, a report per bundled example, the README's and the quick start's Python). The
  whole suite runs once, in ``tests``; running it again against the wheel doubled the time.
- ``bench`` (not run by default): the benchmarks, see ``docs/benchmarks.md``.
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
# uv (installed by the README's ``nox[uv]``) makes the five environments in seconds each;
# plain virtualenv and pip are the fallback.
nox.options.default_venv_backend = "uv|virtualenv"


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite and the doctests of every module, one worker per core.

    The material no one on the project wrote (HL7's R4 examples, the FHIR R4 JSON Schema) is
    committed under tests/data: nothing is fetched.
    """
    # Every optional part the tests exercise: a missing one fails the tests, never skips them.
    session.install("-e", ".[test,serve,pandas,cohort,dask,fast]")
    session.run(
        "pytest",
        "-n",
        "auto",
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
    # The html build executed the notebooks; their pages hold no doctests, so not again here.
    off = ["-D", "nb_execution_mode=off"]
    session.run("sphinx-build", *common, *off, "-b", "doctest", "docs", "docs/_build/doctest")
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
    python = str(venv / "bin" / "python")
    session.run(python, "-m", "pip", "install", "-q", str(wheel), external=True)
    # The smoke set, as the sdist carries it, run outside any source tree so that the
    # installed wheel is what imports.
    for name in ("README.md", "docs/quickstart.md", "tests/smoke_wheel.py"):
        shutil.copy(unpacked / name, outside / Path(name).name)
    with session.chdir(outside):
        session.run(python, "smoke_wheel.py", "README.md", "quickstart.md", external=True)
    shutil.rmtree(outside, ignore_errors=True)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (not part of CI): prints the figures the docs report."""
    session.install("-e", ".")
    session.run("python", "benchmarks/run.py", *session.posargs)
