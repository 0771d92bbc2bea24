"""The pure parts of packaging/build.py and bundle_contents.py (the real build runs in CI)."""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.helpers import ROOT, load_script

build = load_script("build")
contents = load_script("bundle_contents")


@pytest.mark.parametrize(("platform", "cli", "gui", "internal"), [
    ("win32", "deskplan/deskplan.exe", "deskplan/deskplanw.exe", "deskplan/_internal"),
    ("darwin", "deskplan.app/Contents/MacOS/deskplan", "deskplan.app/Contents/MacOS/deskplan",
     "deskplan.app/Contents/Frameworks"),
    ("linux", "deskplan/deskplan", "deskplan/deskplan", "deskplan/_internal"),
])
def test_layout_names_the_executables_of_each_os(tmp_path, platform, cli, gui, internal):
    app = build.layout(platform, tmp_path)
    assert app.cli == tmp_path / cli
    assert app.gui == tmp_path / gui
    assert app.internal == tmp_path / internal


def test_desktop_entry_is_a_valid_launcher(tmp_path):
    text = build.desktop_entry("1.2.3")
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(text)
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "deskplan"
    assert entry["Icon"] == "deskplan"
    assert entry["Categories"].endswith(";")
    assert entry["X-AppVersion"] == "1.2.3"
    validator = shutil.which("desktop-file-validate")
    if validator:
        (tmp_path / "deskplan.desktop").write_text(text, encoding="utf-8")
        result = subprocess.run([validator, str(tmp_path / "deskplan.desktop")],
                                capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_smoke_profile_keeps_every_user_folder_and_the_database_inside_it(tmp_path):
    base = {"HOME": "/home/real", "PATH": "/usr/bin", "PYTHONPATH": "/src"}
    env = build.profile_environment(tmp_path, base)
    for name in ("HOME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "XDG_DATA_HOME",
                 "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "DESKPLAN_DATABASE_URL"):
        assert Path(env[name]).is_relative_to(tmp_path), name
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    assert env["PATH"] == "/usr/bin"
    assert "PYTHONPATH" not in env  # the frozen app must not pick up the source tree
    assert base["HOME"] == "/home/real"


def test_smoke_steps_use_bundled_samples_and_write_only_to_the_profile(tmp_path):
    app = build.layout("linux", tmp_path / "dist")
    profile = tmp_path / "profile"
    steps = build.smoke_steps(app, profile, "1.2.3")
    names = [s.name for s in steps]
    assert any("demo" in n for n in names)
    assert any("check" in n for n in names)
    assert any("export pdf" in n for n in names)
    assert any("plan the demo team" in n for n in names)
    assert steps[-1].gui
    bundled = app.internal / "resources" / "samples"
    for step in steps:
        for arg in step.argv[1:]:
            path = Path(arg)
            if path.is_absolute():
                assert path.is_relative_to(profile) or path.is_relative_to(bundled), arg
                if path.is_relative_to(bundled):
                    # The same file exists in the checkout, so the spec bundles it.
                    assert (ROOT / "resources" / "samples" / path.name).is_file()
        for flag in ("--db", "--output"):
            if flag in step.argv:
                assert Path(step.argv[step.argv.index(flag) + 1]).is_relative_to(profile)


def python_step(code: str, **expect) -> build.Step:
    return build.Step("fake", [sys.executable, "-c", code], **expect)


def test_a_step_passes_when_exit_code_and_output_are_as_expected(tmp_path):
    step = python_step("print('Added 3 demo teams'); raise SystemExit(1)", exit_codes=(1,),
                       stdout_has=("Added 3",))
    assert build.run_step(step, {}, tmp_path) >= 0


@pytest.mark.parametrize(("code", "expect", "complaint"), [
    ("raise SystemExit(2)", {}, "exit code 2"),
    ("print('nothing')", {"stdout_has": ("3 errors",)}, "lacks '3 errors'"),
    ("import sys; sys.stderr.write('Traceback (most recent call last):')", {}, "stderr"),
    ("pass", {"creates": Path("missing.pdf")}, "missing.pdf was not written"),
])
def test_a_step_fails_the_build_and_says_why(tmp_path, code, expect, complaint):
    if "creates" in expect:
        expect["creates"] = tmp_path / expect["creates"]
    with pytest.raises(build.BuildError, match="fake") as raised:
        build.run_step(python_step(code, **expect), {}, tmp_path)
    assert complaint in str(raised.value)


def test_bundled_data_exists_and_includes_every_migration():
    pairs = contents.data_files(ROOT)
    assert all(Path(source).exists() for source, _ in pairs)
    bundled = {(Path(source).name, target) for source, target in pairs}
    versions = ROOT / "deskplan" / "storage" / "migrations" / "versions"
    for script in versions.glob("*.py"):
        assert (script.name, "deskplan/storage/migrations/versions") in bundled
    assert ("samples", "resources/samples") in bundled
    assert ("appicon", "resources/appicon") in bundled
    assert ("pdf", "resources/pdf") in bundled  # the PDFs' templates
    assert ("fonts", "resources/fonts") in bundled  # and the fonts they need
    assert (ROOT / "resources" / "fonts" / "LICENSE.txt").is_file()


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", False),
    ("PySide6/Qt/translations/qtbase_de.qm", False),
    ("PySide6\\translations\\qtbase_fr.qm", False),
    ("libQt6Network.so.6", False),
    ("PySide6\\opengl32sw.dll", False),
    ("PySide6/Qt/lib/libQt6OpenGL.so.6", True),  # pyqtgraph imports PySide6.QtOpenGL
    ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", True),
    ("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so", True),
    ("resources/samples/team.csv", True),
])
def test_keep_file_drops_only_what_a_widgets_app_never_loads(dest, kept):
    assert contents.keep_file(dest) is kept


def test_hidden_imports_exist():
    for name in contents.HIDDEN_IMPORTS:
        assert importlib.util.find_spec(name) is not None, name


def test_nothing_excluded_is_imported_by_the_app():
    """Excluding a module the app imports would break the frozen build; the CLI, the window
    and every exporter are imported in a fresh interpreter to make sure none is."""
    code = (
        "import json, sys\n"
        "import deskplan.cli, deskplan.ui.app, deskplan.ui.main_window\n"
        "import deskplan.interchange.pdf_export, deskplan.interchange.xlsx_export\n"
        "import deskplan.interchange.ics_export, deskplan.storage.db\n"
        "import deskplan.planning.planner, deskplan.planning.fixes\n"
        "import deskplan.ui.fairness_dialog, deskplan.ui.actuals_dialog\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    imported = set(json.loads(result.stdout))
    assert not set(contents.EXCLUDES) & imported


def test_the_fairness_chart_draws_without_anything_excluded():
    """pyqtgraph is imported only when Policy → Fairness… opens, so the test above never
    sees it: here every excluded module refuses to import, as in the frozen app, and the
    chart is made and drawn (pyqtgraph imports QtOpenGL and pydoc; QtTest only if it can)."""
    code = (
        "import importlib.abc, sys\n"
        f"excluded = {list(contents.EXCLUDES)!r}\n"
        "class Refuse(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if any(name == e or name.startswith(e + '.') for e in excluded):\n"
        "            raise ImportError(name + ' is not in the bundle')\n"
        "sys.meta_path.insert(0, Refuse())\n"
        "from datetime import date\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from deskplan.domain.fairness import fairness_report\n"
        "from deskplan.interchange.plan_files import load_plan\n"
        "from deskplan.resources import sample_path\n"
        "from deskplan.ui.fairness_dialog import FairnessChart\n"
        "plan = load_plan(sample_path('team.csv'), None, None, None)\n"
        "chart = FairnessChart()\n"
        "chart.show_table(fairness_report(plan.people, plan.policy, [], date(2025, 1, 6),\n"
        "                                 date(2025, 3, 30)).saved)\n"
        "print(chart.grab().width() > 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "True"


def test_libraries_only_dropped_plugins_need_are_dropped_too():
    links = {
        "/qt/plugins/libqgtk3.so": ["libQt6Gui.so.6", "libcairo.so.2", "libgtk-3.so.0"],
        "/lib/libcairo.so.2": ["libpixman-1.so.0", "libpng16.so.16"],
        "/qt/plugins/libqxcb.so": ["libQt6Gui.so.6", "libQt6XcbQpa.so.6"],
        "/qt/lib/libQt6Gui.so.6": ["libQt6Core.so.6", "libpng16.so.16"],
        "/qt/lib/libQt6XcbQpa.so.6": ["@rpath/libQt6Gui.so.6"],
    }
    orphans = contents.orphaned_libraries(
        ["/qt/plugins/libqgtk3.so"],
        ["/qt/plugins/libqxcb.so", "/qt/lib/libQt6Gui.so.6", "/qt/lib/libQt6XcbQpa.so.6",
         "/lib/libcairo.so.2", "/lib/libpixman-1.so.0", "/lib/libpng16.so.16"],
        lambda path: links.get(path, []),
    )
    # cairo and pixman served only the GTK theme; png and Qt are still needed by xcb.
    assert orphans == {"libcairo.so.2", "libpixman-1.so.0", "libgtk-3.so.0"}


def test_the_spec_is_valid_python_naming_the_launcher_and_contents():
    text = (ROOT / "packaging" / "deskplan.spec").read_text(encoding="utf-8")
    compile(text, "deskplan.spec", "exec")
    assert (ROOT / "packaging" / "launcher.py").is_file()
    assert "contents.data_files(ROOT)" in text
    assert 'copy_metadata("deskplan")' in text


def test_errors_in_the_apps_log_fail_the_smoke_run(tmp_path):
    log = tmp_path / "home" / "state" / "deskplan" / "log" / "deskplan.log"
    log.parent.mkdir(parents=True)
    log.write_text("2026-11-25 10:00:00 INFO deskplan.ui: opened\n", encoding="utf-8")
    build.check_logs(tmp_path)
    log.write_text("2026-11-25 10:00:01 ERROR deskplan.ui.crash: unexpected error\n"
                   "Traceback (most recent call last):\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match="logged errors"):
        build.check_logs(tmp_path)


def test_every_command_the_command_line_imports_by_name_is_bundled():
    from deskplan.cli import COMMANDS

    assert {f"deskplan.commands.{module}" for module in COMMANDS.values()} \
        <= set(contents.HIDDEN_IMPORTS)
