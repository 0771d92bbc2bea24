"""Build deskplan for this OS with PyInstaller, smoke-run the result, then make the installer.

    python packaging/build.py                 # build, smoke-run, installer where there is one
    python packaging/build.py --no-build      # smoke-run the bundle already in dist/

Output, under dist/:
* Windows: dist/deskplan/ (deskplan.exe, deskplanw.exe) and, when Inno Setup's ISCC is
  installed, dist/installers/deskplan-<version>-windows-setup.exe;
* macOS: dist/deskplan.app and dist/installers/deskplan-<version>-macos.dmg;
* Linux: dist/deskplan/ with deskplan.desktop.

The smoke run uses the frozen app as a user would, on a throwaway profile (its own database,
HOME and XDG folders, working directory): `--version` (the version comes from the bundled
package metadata), `demo`, `check`, `import team` and `export pdf` on the bundled samples, and
the planner window, started offscreen and closed after a moment. Any failure exits non-zero.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
INSTALLERS = DIST / "installers"
SPEC = HERE / "deskplan.spec"
#: Long enough for the window to lay out and paint, short enough to keep CI quick.
GUI_OPEN_MS = 1500
STEP_TIMEOUT_S = 120


class BuildError(Exception):
    """A step of the build or the smoke run failed; the message says which and why."""


@dataclass(frozen=True)
class Layout:
    """Where the build for one OS puts things."""

    bundle: Path        # what the user gets: the folder, or the .app
    cli: Path           # the executable that runs `deskplan check` and friends
    gui: Path           # the executable a desktop shortcut starts
    internal: Path      # the folder holding `resources/` (sys._MEIPASS at run time)


def layout(platform: str, dist: Path = DIST) -> Layout:
    """Where PyInstaller 6 puts the executables and data for `platform` (sys.platform)."""
    if platform == "win32":
        folder = dist / "deskplan"
        return Layout(folder, folder / "deskplan.exe", folder / "deskplanw.exe",
                      folder / "_internal")
    if platform == "darwin":
        app = dist / "deskplan.app"
        program = app / "Contents" / "MacOS" / "deskplan"
        return Layout(app, program, program, app / "Contents" / "Frameworks")
    folder = dist / "deskplan"
    return Layout(folder, folder / "deskplan", folder / "deskplan", folder / "_internal")


def desktop_entry(app_version: str) -> str:
    """The freedesktop.org launcher for the Linux bundle (Exec assumes it is on PATH)."""
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=deskplan",
        "GenericName=Office-day planner",
        "Comment=Plan office days under a hybrid-working policy and see what breaks it",
        "Exec=deskplan",
        "TryExec=deskplan",
        "Icon=deskplan",
        "Terminal=false",
        "Categories=Office;ProjectManagement;Qt;",
        "Keywords=rota;hybrid;office;attendance;",
        f"X-AppVersion={app_version}",
        "",
    ])


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def profile_environment(profile: Path, base: dict[str, str]) -> dict[str, str]:
    """An environment whose every user folder is inside `profile`, and a database there.

    platformdirs reads HOME/XDG on Linux and HOME on macOS; on Windows it asks the shell, so
    the database variable (and `--db`) is what keeps the run off the user's real data.
    """
    env = dict(base)
    home = profile / "home"
    for name, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                      ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        env[name] = str(home / sub)
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"),
               DESKPLAN_DATABASE_URL=str(profile / "smoke.sqlite3"),
               QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    env.pop("PYTHONHOME", None)
    return env


@dataclass(frozen=True)
class Step:
    """One smoke-run command and what must be true of its result."""

    name: str
    argv: list[str]
    exit_codes: tuple[int, ...] = (0,)
    stdout_has: tuple[str, ...] = ()
    creates: Path | None = None
    gui: bool = False


def smoke_steps(app: Layout, profile: Path, app_version: str) -> list[Step]:
    samples = app.internal / "resources" / "samples"
    db = ["--db", str(profile / "smoke.sqlite3")]
    plan = ["--team", str(samples / "team.xlsx"), "--rota", str(samples / "rota-wide.csv"),
            "--adjustments", str(samples / "adjustments.csv"),
            "--policy", str(samples / "policy-default.toml")]
    pdf = profile / "rota.pdf"
    cli = str(app.cli)
    today = date.today()
    # The demo's rota ends four weeks after this week (`deskplan.domain.demo`).
    demo_first = today - timedelta(days=today.weekday()) + timedelta(weeks=4)
    return [
        Step("version from package metadata", [cli, "--version"],
             stdout_has=(f"deskplan {app_version}",)),
        Step("demo", [cli, "demo", *db], stdout_has=("Added 3 demo teams",)),
        # The samples carry three deliberate mistakes, so check exits 1 and names them.
        Step("check the bundled samples", [cli, "check", *plan], exit_codes=(1,),
             stdout_has=("3 errors", "Jamal Hussain", "Lambeth")),
        Step("import the sample team", [cli, "import", "team", str(samples / "team.xlsx"),
                                        "--team-name", "Sample team", *db],
             stdout_has=("25 to add",)),
        # OR-Tools is in the bundle: the sample team's four weeks after its rota are planned,
        # and the demo team's four weeks after its own rota (exit 1 would be a week no plan
        # meets; the step fails only on a crash or another exit).
        Step("plan the sample team", [cli, "plan", *plan, "--from", "2025-06-02",
                                      "--to", "2025-06-29"],
             stdout_has=("everyone meets the minimum",)),
        Step("plan the demo team", [cli, "plan", "--team-name", "Control Room", *db,
                                    "--from", demo_first.isoformat(),
                                    "--to", (demo_first + timedelta(weeks=4, days=-1))
                                    .isoformat()],
             exit_codes=(0, 1), stdout_has=("days planned",)),
        Step("export pdf", [cli, "export", "pdf", *plan, "--from", "2025-04-28",
                            "--to", "2025-05-25", "--output", str(pdf)],
             creates=pdf),
        Step("planner window offscreen", [str(app.gui)], gui=True),
    ]


def run_step(step: Step, env: dict[str, str], cwd: Path) -> float:
    """Run one step; BuildError unless it ends as expected. Returns the seconds it took."""
    if step.gui:
        env = {**env, "DESKPLAN_QUIT_AFTER_MS": str(GUI_OPEN_MS)}
    started = time.perf_counter()
    try:
        result = subprocess.run(step.argv, env=env, cwd=cwd, capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=STEP_TIMEOUT_S,
                                check=False)
    except subprocess.TimeoutExpired:
        raise BuildError(f"{step.name}: still running after {STEP_TIMEOUT_S} s") from None
    elapsed = time.perf_counter() - started
    problems = []
    if result.returncode not in step.exit_codes:
        problems.append(f"exit code {result.returncode}, expected "
                        f"{' or '.join(map(str, step.exit_codes))}")
    problems += [f"output lacks {text!r}" for text in step.stdout_has
                 if text not in result.stdout]
    if step.creates is not None and not (step.creates.is_file()
                                         and step.creates.read_bytes()[:5] == b"%PDF-"):
        problems.append(f"{step.creates.name} was not written")
    # The crash handler logs bugs instead of exiting, so a traceback means failure too.
    if re.search(r"Traceback|unexpected error|Fatal Python error", result.stderr):
        problems.append("errors on stderr")
    if problems:
        raise BuildError(f"{step.name} ({' '.join(step.argv)}): {'; '.join(problems)}\n"
                         f"--- stdout ---\n{result.stdout[-3000:]}\n"
                         f"--- stderr ---\n{result.stderr[-3000:]}")
    return elapsed


def smoke_run(app: Layout, app_version: str) -> None:
    """Every smoke step on a fresh profile; the profile is deleted afterwards."""
    for path in (app.cli, app.gui, app.internal / "resources" / "samples" / "team.xlsx"):
        if not path.exists():
            raise BuildError(f"the bundle lacks {path}")
    before = snapshot(app.bundle)
    with tempfile.TemporaryDirectory(prefix="deskplan-smoke-") as temp:
        profile = Path(temp)
        env = profile_environment(profile, dict(os.environ))
        for step in smoke_steps(app, profile, app_version):
            seconds = run_step(step, env, cwd=profile)
            print(f"  ok  {step.name} ({seconds:.1f} s)", flush=True)
        check_logs(profile)
    written = snapshot(app.bundle) - before
    if written:
        raise BuildError("the app wrote into its own folder: " + ", ".join(sorted(written)[:5]))


def check_logs(profile: Path) -> None:
    """BuildError if the window logged an error or a crash during the smoke run.

    The window logs to a file in the user's log folder, which the profile redirects on Linux
    and macOS (Windows asks the shell for it, so there the log stays out of reach), and its
    crash handler logs a bug and carries on, so the exit code alone would not show it.
    """
    for log in sorted(profile.rglob("*.log")):
        text = log.read_text(encoding="utf-8", errors="replace")
        if re.search(r"\b(ERROR|CRITICAL)\b|Traceback", text):
            raise BuildError(f"the app logged errors in {log.name}:\n{text[-3000:]}")


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run_pyinstaller() -> None:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise BuildError('PyInstaller is not installed: pip install "pyinstaller>=6.0" (or '
                         'pip install -e ".[dev]")') from None
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise BuildError("PyInstaller failed (its messages are above)")


def find_iscc() -> Path | None:
    """Inno Setup's compiler: on PATH, or where its installer puts it."""
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES"),
                 os.environ.get("LOCALAPPDATA", "") + r"\Programs"):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return Path(base) / "Inno Setup 6" / "ISCC.exe"
    return None


def make_installer(platform: str, app: Layout, app_version: str) -> Path | None:
    INSTALLERS.mkdir(parents=True, exist_ok=True)
    if platform == "win32":
        iscc = find_iscc()
        if iscc is None:
            print("Inno Setup (ISCC.exe) not found: no Windows installer made; install it from "
                  "https://jrsoftware.org/isdl.php")
            return None
        command = [str(iscc), f"/DAppVersion={app_version}", f"/DSourceDir={app.bundle}",
                   f"/DIconFile={ROOT / 'build' / 'icons' / 'deskplan.ico'}",
                   f"/DOutputDir={INSTALLERS}", str(HERE / "windows" / "deskplan.iss")]
        target = INSTALLERS / f"deskplan-{app_version}-windows-setup.exe"
    elif platform == "darwin":
        target = INSTALLERS / f"deskplan-{app_version}-macos.dmg"
        command = ["bash", str(HERE / "macos" / "make_dmg.sh"), str(app.bundle), str(target)]
    else:
        return None
    if subprocess.run(command, check=False).returncode != 0 or not target.is_file():
        raise BuildError(f"making {target.name} failed (the messages are above)")
    return target


def timed(name: str, started: float) -> None:
    print(f"{name}: {time.perf_counter() - started:.1f} s", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true",
                        help="smoke-run the bundle already in dist/ instead of building")
    parser.add_argument("--no-installer", action="store_true",
                        help="stop after the smoke run (no .exe installer or .dmg)")
    args = parser.parse_args(argv)
    platform = sys.platform
    app = layout(platform)
    app_version = version("deskplan")
    try:
        if not args.no_build:
            started = time.perf_counter()
            run_pyinstaller()
            timed("PyInstaller build", started)
        if platform.startswith("linux"):
            (app.bundle / "deskplan.desktop").write_text(desktop_entry(app_version),
                                                         encoding="utf-8")
        print(f"Bundle: {app.bundle} ({folder_size(app.bundle) / 1e6:.0f} MB)")
        print("Smoke run of the frozen app:")
        started = time.perf_counter()
        smoke_run(app, app_version)
        timed("Smoke run", started)
        if not args.no_installer:
            installer = make_installer(platform, app, app_version)
            if installer is not None:
                print(f"Installer: {installer} ({installer.stat().st_size / 1e6:.0f} MB)")
    except BuildError as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
