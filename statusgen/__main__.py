"""`python -m statusgen`, and the `statusgen` command (`run`)."""

import os
import sys


def run() -> None:
    """Load the command line and run it (cli.main). Ctrl-C while it loads ends the
    process as Ctrl-C during a command does: one line and exit status 130, no traceback
    of the import it stopped."""
    try:
        from statusgen.cli import main
    except KeyboardInterrupt:
        from statusgen.errors import INTERRUPTED_STATUS, interrupted_line

        print(interrupted_line(sys.stderr.isatty()), file=sys.stderr, flush=True)
        os._exit(INTERRUPTED_STATUS)
    main()


if __name__ == "__main__":
    run()
