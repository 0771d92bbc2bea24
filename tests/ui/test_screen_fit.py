"""The main window and every dialog fit a 1366×768 screen, and a screen at 200% scaling with
the same room in logical pixels, with every button on the screen.

Each case runs `screen_probe.py` in a process of its own: the offscreen platform takes the
screen's size from a configuration file, and the scale from `QT_SCALE_FACTOR`, at start-up.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("width", "height", "scale"), [(1366, 768, 1), (2732, 1536, 2)])
def test_every_window_fits_the_screen(tmp_path, width, height, scale):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale), "HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-m", "tests.ui.screen_probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(found) == 12
    for window in found:
        assert window["room"] == [0, 0, 1366, 768]  # logical pixels, at either scale
        assert window["scale"] == scale
        assert window["fits"], window
        assert window["buttons_off_screen"] == [], window
