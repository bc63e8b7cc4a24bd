"""`python -m variorum` is the `variorum` command."""
from variorum.cli import main

raise SystemExit(main())
