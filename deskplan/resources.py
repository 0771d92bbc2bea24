"""Finding the files under `resources/` (icons, samples) in a source checkout and a frozen app.

From a checkout (or an editable install) they sit in `resources/` at the top of the repository;
in a PyInstaller bundle the spec copies the same tree to `<sys._MEIPASS>/resources`. Callers
name a file relative to `resources/` and never need to know which layout they are in. No Qt
here, so the command line can use it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The folder name, in the repository and inside the bundle alike.
RESOURCES_DIR = "resources"
#: The icon sizes rendered from `resources/appicon/deskplan.svg` (packaging/make_icons.py).
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)


def is_frozen() -> bool:
    """True inside a PyInstaller bundle, which sets `sys._MEIPASS` to its data folder."""
    return getattr(sys, "_MEIPASS", None) is not None


def resources_root() -> Path:
    """The `resources` folder of the bundle or of the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / RESOURCES_DIR
    return Path(__file__).resolve().parent.parent / RESOURCES_DIR


def resource_path(*parts: str) -> Path:
    """The file at `resources/<parts…>`; FileNotFoundError naming where it was looked for.

    A missing resource is a packaging bug (a file left out of the spec, or a wheel install that
    does not carry `resources/`), so the message says exactly which path is absent.
    """
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"deskplan resource {'/'.join(parts)!r} is missing: {path} "
                                "does not exist")
    return path


def sample_path(name: str) -> Path:
    """A file of `resources/samples/`, e.g. `sample_path("team.csv")`."""
    return resource_path("samples", name)


def app_icon_paths() -> dict[int, Path]:
    """Pixel size → PNG of the application icon, for each size that is present."""
    folder = resources_root() / "appicon"
    return {size: folder / f"deskplan-{size}.png" for size in APP_ICON_SIZES
            if (folder / f"deskplan-{size}.png").is_file()}
