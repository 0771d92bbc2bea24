"""What goes into the frozen app, and what is left out: read by deskplan.spec, tested on its own.

PyInstaller follows imports, but not what deskplan loads at run time by name or from disk:
Alembic reads the migration scripts as files, SQLAlchemy imports its database drivers by name,
`holidays` imports each country on first use, and `importlib.metadata` needs the package's
dist-info for the version. Those are listed here. The exclusions keep the bundle to what a
PySide6 Widgets app with SQLite needs: PySide6's hooks otherwise bring every image-format
plugin (QtPdf among them) and Qt's translations for languages deskplan does not speak.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path, PurePath, PurePosixPath

APP_NAME = "deskplan"
#: macOS bundle identifier (reverse DNS); also names the app's defaults domain.
BUNDLE_ID = "org.deskplan.deskplan"

HIDDEN_IMPORTS = (
    "holidays.countries.united_kingdom",     # `holidays` imports countries lazily by name
    "sqlalchemy.dialects.sqlite.pysqlite",   # the embedded database
    "sqlalchemy.dialects.postgresql.psycopg",  # a shared server (needs psycopg installed)
    "alembic.ddl.sqlite",
    "alembic.ddl.postgresql",
    # The command line imports each command by name, only when it is asked for (deskplan/cli.py
    # COMMANDS): PyInstaller cannot see those imports.
    "deskplan.commands.check", "deskplan.commands.plan", "deskplan.commands.export",
    "deskplan.commands.import_", "deskplan.commands.fairness", "deskplan.commands.demo",
    "deskplan.commands.admin",
)
#: Bundled when the build environment has them: the driver for a shared PostgreSQL database
#: (psycopg loads its compiled twin psycopg_binary by name).
OPTIONAL_IMPORTS = ("psycopg", "psycopg_binary")

EXCLUDES = (
    # Qt modules deskplan never imports (PySide6's hooks would follow some of them). Not
    # QtOpenGL and QtOpenGLWidgets: pyqtgraph, which draws the fairness chart, imports both
    # when it is imported (pyqtgraph/Qt/OpenGLHelpers.py), though it paints without OpenGL.
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtDBus", "PySide6.QtSql",
    "PySide6.QtTest", "PySide6.QtUiTools", "PySide6.QtDesigner", "PySide6.QtHelp",
    "PySide6.QtConcurrent", "PySide6.QtXml",
    # The standard library's GUI and developer tools (not pydoc: pyqtgraph's parameter trees
    # import it when pyqtgraph is imported).
    "tkinter", "_tkinter", "doctest", "unittest", "lib2to3", "idlelib",
    # Test and build tools that share the build environment.
    "pytest", "_pytest", "hypothesis", "pytestqt", "PyInstaller", "setuptools", "pip",
    "IPython", "matplotlib",
    # pydantic's mypy plugin would bring mypy itself when it is in the build environment.
    "pydantic.mypy", "mypy", "ast_serialize",
)

#: Qt plugin types the app uses; the others (touch input, embedded-Linux EGL) are left out.
QT_PLUGIN_TYPES = {"platforms", "platformthemes", "platforminputcontexts", "styles",
                   "iconengines", "imageformats", "xcbglintegrations", "printsupport"}
#: Plugins of a kept type that are still not wanted, by part of their file name: framebuffer
#: and VNC platforms; the GTK theme, which would pair bundled cairo/glib with the system's GTK;
#: every image format but SVG (PNG is built into QtGui, QPdfWriter needs no plugin).
QT_PLUGINS_DROPPED = {
    "platforms": ("eglfs", "linuxfb", "vnc", "vkkhrdisplay", "minimalegl"),
    "platformthemes": ("gtk3",),
    "imageformats": ("gif", "icns", "ico", "jpeg", "pdf", "tga", "tiff", "wbmp", "webp"),
}
#: Qt libraries only the dropped plugins need (checked with readelf on Linux), and Windows'
#: software OpenGL, which a QWidget app that draws with QPainter never loads (Qt6OpenGL itself
#: stays: PySide6.QtOpenGL, which pyqtgraph imports, links it).
QT_LIBRARIES_DROPPED = ("Qt6Network", "Qt6EglFSDeviceIntegration",
                        "Qt6EglFsKmsSupport", "Qt6Pdf", "opengl32sw")


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs: resources and the Alembic migration scripts."""
    migrations = root / "deskplan" / "storage" / "migrations"
    pairs = [
        (str(root / "resources" / "appicon"), "resources/appicon"),
        (str(root / "resources" / "samples"), "resources/samples"),
        # The PDFs' templates and the fonts they are typeset in (with the fonts' licence).
        (str(root / "resources" / "pdf"), "resources/pdf"),
        (str(root / "resources" / "fonts"), "resources/fonts"),
        (str(migrations / "env.py"), "deskplan/storage/migrations"),
        (str(migrations / "script.py.mako"), "deskplan/storage/migrations"),
    ]
    pairs += [(str(script), "deskplan/storage/migrations/versions")
              for script in sorted((migrations / "versions").glob("*.py"))]
    return pairs


def keep_file(dest: str) -> bool:
    """Whether a file PyInstaller collected (named by its path in the bundle) stays in it."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    # The libraries go wherever they are (PyInstaller also links them from the top folder).
    if any(library in parts[-1] for library in QT_LIBRARIES_DROPPED):
        return False
    if "PySide6" not in parts:
        return True
    inside = parts[parts.index("PySide6") + 1:]
    name = inside[-1] if inside else ""
    if "translations" in inside:
        return False  # Qt's own UI strings in other languages; deskplan is in English
    if "plugins" in inside:
        kind = inside[inside.index("plugins") + 1] if len(inside) > inside.index("plugins") + 2 \
            else ""
        if not kind:
            return True
        if kind not in QT_PLUGIN_TYPES:
            return False
        return not any(part in name for part in QT_PLUGINS_DROPPED.get(kind, ()))
    return True


def orphaned_libraries(dropped: Iterable[str], kept: Iterable[str],
                       imports_of: Callable[[str], Iterable[str]]) -> set[str]:
    """File names of the libraries that only dropped binaries need.

    PyInstaller collects each plugin's dependencies before the spec drops the plugin (the GTK
    theme alone brings cairo, pango and gdk-pixbuf), so those would stay behind unused.
    `dropped` and `kept` are the binaries' source paths; `imports_of` lists the libraries a
    binary links against (PyInstaller's own analysis in the spec, a table in the tests).
    """
    kept = list(kept)
    by_name = {PurePath(path).name: path for path in [*dropped, *kept]}

    def needed(starts: Iterable[str]) -> set[str]:
        found: set[str] = set()
        stack = list(starts)
        while stack:
            for name in imports_of(stack.pop()):
                base = PurePath(name).name  # macOS names libraries by @rpath/… paths
                if base not in found:
                    found.add(base)
                    if base in by_name:
                        stack.append(by_name[base])
        return found

    candidates = needed(dropped)
    roots = [path for path in kept if PurePath(path).name not in candidates]
    return candidates - needed(roots) - {PurePath(path).name for path in roots}
