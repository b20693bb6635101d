"""`python -m wholechild` does what the `wholechild` command does."""

from wholechild.cli import main

raise SystemExit(main())
