"""One module per `deskplan` subcommand, each with `register(subparsers)` and `run(args)`.

Every `run` returns the process exit code and lets `DeskplanError` propagate: `deskplan.cli`
turns it into a message on stderr and exit code 2. Any other exception is a bug: logged, one
line on stderr naming the log, exit code 3.
"""
