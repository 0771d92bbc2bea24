"""deskplan: plan office days under a hybrid-working policy and see at once what breaks it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("deskplan")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
