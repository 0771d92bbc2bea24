"""deskplan: plan office days under a hybrid-working policy and see at once what breaks it."""

#: The one place the version is written: pyproject.toml reads it from here (setuptools'
#: `attr:`, read from the source without importing it), so the package metadata agrees. A
#: literal, not `importlib.metadata.version()`: that lookup loads importlib.metadata, email and
#: zipfile, about a tenth of a second of every start (`deskplan`, `deskplan import team`).
__version__ = "0.1.0"
