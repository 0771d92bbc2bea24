"""Start-up: from process start to the first painted grid, against a bare PySide6 window.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_scale_startup.py [--runs 10]

Both are whole processes timed from outside, from the moment the process is started: deskplan
opens the demo organisation (`deskplan demo` into a fresh SQLite file) and the process ends as
soon as the rota grid has painted its first rows; the anchor shows one empty `QWidget` and ends
after its first paint. Each child ends with `os._exit`, so the figures stop at the paint, not at
the interpreter's teardown.

The table's row is measured with bytecode cached, for deskplan and the anchor alike, as an
installed (pip compiles it) or frozen deskplan starts: these machines set
PYTHONDONTWRITEBYTECODE=1 and deskplan is installed editable, so a start there also compiles
deskplan's own source each time; that figure is printed below the row. Also printed: the time
until the database layer is loaded too (the window paints first, then opens the database
fully: `deskplan.ui.first_paint`), and where the imports of a start go (`-X importtime`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

#: Ends the process once the event loop is idle after the first paint of a matching widget.
_WATCH = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and {wanted}:
            QTimer.singleShot(0, lambda: os._exit(0))
        return False

watch = FirstPaint()
app.installEventFilter(watch)
"""

DESKPLAN_CHILD = _WATCH.format(
    wanted="type(watched.parent()).__name__ == 'RotaView' "
    "and watched.parent().model() is not None and watched.parent().model().rowCount() > 0",
) + """
from deskplan.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

#: As `DESKPLAN_CHILD`, but ends once the window has also opened its database fully.
DESKPLAN_FULL_CHILD = _WATCH.format(
    wanted="type(watched.parent()).__name__ == 'RotaView' and not hasattr(app, 'polling')",
).replace("QTimer.singleShot(0, lambda: os._exit(0))", """app.polling = QTimer()
            app.polling.timeout.connect(lambda: [os._exit(0) for w in app.topLevelWidgets()
                                                 if getattr(getattr(w, 'store', None),
                                                            'database', None) is not None])
            app.polling.start(5)""") + """
from deskplan.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""

BARE_CHILD = _WATCH.format(wanted="watched is window") + """
from PySide6.QtWidgets import QWidget
window = QWidget()
window.resize(1280, 800)
window.show()
app.exec()
"""


def import_profile(database: Path, env: dict[str, str]) -> list[tuple[str, float]]:
    """Cumulative import time by top-level package during a start (self times summed)."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", DESKPLAN_CHILD,
                           str(database)], capture_output=True, text=True,
                          env={**os.environ, **env}, check=False)
    by_package: Counter[str] = Counter()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|", 2)
        by_package[name.strip().split(".")[0]] += int(own) / 1e6
    return by_package.most_common(8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="deskplan-startup-"))
    database = folder / "demo.sqlite3"
    env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data"),
           "HOME": str(folder)}
    scale.run_process(scale.deskplan("demo", "--db", str(database)), env)
    scale.header("Start-up")
    cache = {**env, "PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    pair = scale.paired(scale.python("-c", DESKPLAN_CHILD, str(database)),
                        scale.python("-c", BARE_CHILD), runs=args.runs, env=cache,
                        bytecode=True)
    scale.row("start to first painted grid, demo organisation",
              f"bare PySide6 window {pair.median('wall', anchor=True):.2f} s wall, "
              f"{pair.median('cpu', anchor=True):.2f} s CPU",
              f"{pair.median('wall'):.2f} s wall, {pair.median('cpu'):.2f} s CPU "
              f"({pair.ratio('cpu'):.1f}× by CPU)",
              pair.ratio("wall"), "≤ 0.6 s (≤ 2.5× the bare window)")
    compiling = scale.paired(scale.python("-c", DESKPLAN_CHILD, str(database)),
                             scale.python("-c", BARE_CHILD), runs=args.runs, env=env)
    print(f"the same start compiling deskplan's source each time (editable install, "
          f"PYTHONDONTWRITEBYTECODE): {compiling.median('wall'):.2f} s wall, "
          f"{compiling.median('cpu'):.2f} s CPU ({compiling.ratio('wall'):.1f}× the bare "
          "window by wall time)")
    full = scale.paired(scale.python("-c", DESKPLAN_FULL_CHILD, str(database)),
                        scale.python("-c", BARE_CHILD), runs=args.runs, env=cache,
                        bytecode=True)
    print(f"until the database is open too (after the first paint): "
          f"{full.median('wall'):.2f} s wall, {full.median('cpu'):.2f} s CPU")
    print("imports during a start (self time by package): " + ", ".join(
        f"{name} {seconds:.2f} s" for name, seconds in import_profile(database, cache)))


if __name__ == "__main__":
    main()
