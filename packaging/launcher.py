"""The frozen app's entry point: the same `deskplan` command as the installed package.

The app is also its own helper for reading .xls files in a memory-limited child process
(`deskplan.interchange.workbook_child`): that child is answered before the window's and the
commands' libraries load, so it starts in a fraction of a second.
"""

import sys

if __name__ == "__main__":
    if sys.argv[1:2] == ["--read-workbook-child"]:
        from deskplan.interchange.workbook_child import serve

        sys.exit(serve(sys.argv[2:]))
    from deskplan.cli import main

    sys.exit(main())
