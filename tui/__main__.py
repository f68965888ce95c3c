"""`python -m tui` runs the same command line as `brief`."""

from tui.cli import main

raise SystemExit(main())
