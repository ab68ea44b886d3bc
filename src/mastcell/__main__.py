"""``python -m mastcell``: the same as the ``mastcell`` command."""

from mastcell.cli import main

raise SystemExit(main())
