"""The frozen app's entry point: the same `deskplan` command as the installed package."""

import sys

from deskplan.cli import main

if __name__ == "__main__":
    sys.exit(main())
