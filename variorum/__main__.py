"""`python -m variorum` is the `variorum` command."""
import sys

try:
    from variorum.cli import run
except KeyboardInterrupt:  # Ctrl-C while the program is still loading: the same quiet exit as later
    print("variorum: interrupted", file=sys.stderr)
    exec("")  # clears CPython's note of the KeyboardInterrupt, which would end the process by SIGINT (cli.exit_with)
    raise SystemExit(130) from None

run()
