"""Regenerate the golden reports deliberately: ``python tests/golden/regenerate.py [--redraw]``.

Run it from the repository root (with mastcell importable, e.g. ``PYTHONPATH=src``) when a
change is *meant* to change mastcell's output, then review ``git diff --stat tests/golden`` and
the changed examples before committing. ``--redraw`` also draws the generated patients again
(only when the patient strategies or the interchange format changed). See
``tests/golden_reports.py`` for what the files hold.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import golden_reports


def main() -> None:
    """Parse the arguments and write the files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--redraw", action="store_true", help="draw the patients again")
    args = parser.parse_args()
    golden_reports.regenerate(redraw=args.redraw)
    print(f"golden reports written under {golden_reports.GOLDEN}")


if __name__ == "__main__":
    main()
