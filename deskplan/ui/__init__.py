"""The planner window: Qt only, over the domain and storage layers.

Importing this package first makes PySide6's import hook cheaper (`quicker_pyside_imports`):
every module of the window imports it before anything else of its own.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads the import hook replaced below)

#: PySide6's module that watches imports for `from __feature__ import ...`.
_FEATURE_MODULE = "shibokensupport.feature"


def quicker_pyside_imports() -> bool:
    """Let PySide6 find out whether an imported module uses it by reading the module's file.

    Once PySide6 is loaded it asks of every module imported after it whether its source says
    "PySide6" (so that `from __feature__ import snake_case` can apply to that module alone),
    and asks `inspect.getsource`, which splits and tokenises the whole file: a third of a
    second of a start, spent on SQLAlchemy's and numpy's hundreds of modules. The answer is
    the same from the file's bytes. Modules without a Python source file are left to PySide6's
    own test. Returns whether the hook was replaced (False where PySide6 has no such hook).
    """
    feature = sys.modules.get(_FEATURE_MODULE)
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "quicker", False):
        return False

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    mod_uses_pyside.quicker = True  # type: ignore[attr-defined]
    mod_uses_pyside.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[attr-defined]
    return True


quicker_pyside_imports()
