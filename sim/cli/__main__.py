"""`python -m sim.cli`: the same as the `opzet` command."""

from sim.cli import main

raise SystemExit(main())
