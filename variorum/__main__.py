"""`python -m variorum` is the `variorum` command."""
import sys

try:
    from variorum.cli import run
except KeyboardInterrupt:  # Ctrl-C while the program is still loading: the same quiet exit as later
    print("variorum: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

run()
