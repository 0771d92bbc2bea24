"""packaging/make_icons.py: every size rendered from the SVG, and .ico/.icns that Qt reads back."""

from __future__ import annotations

import struct

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QImageReader

from deskplan.resources import APP_ICON_SIZES
from tests.packaging.helpers import load_script

make_icons = load_script("make_icons")


def read_all(path) -> list[QImage]:
    reader = QImageReader(str(path))
    images = []
    while True:
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        images.append(image)
        if not reader.jumpToNextImage():
            return images


def test_png_sizes_match_what_the_app_looks_for():
    assert make_icons.PNG_SIZES == APP_ICON_SIZES


def test_pngs_are_rendered_at_each_size(tmp_path):
    written = make_icons.write_pngs(make_icons.SVG, tmp_path, (16, 48, 1024))
    assert [p.name for p in written] == ["deskplan-16.png", "deskplan-48.png",
                                         "deskplan-1024.png"]
    for path, size in zip(written, (16, 48, 1024), strict=True):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # rounded corner stays transparent
        # The middle of the tile is painted, not empty.
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_the_tile_is_okabe_ito_blue_at_16_px(tmp_path):
    image = QImage(str(make_icons.write_pngs(make_icons.SVG, tmp_path, (16,))[0]))
    # Left edge of the tile, halfway down: whole pixels of the master's blue.
    assert image.pixelColor(1, 8) == QColor("#0072B2")


def _largest_channel_difference(first: QImage, second: QImage) -> int:
    a, b = (image.convertToFormat(QImage.Format.Format_RGBA8888) for image in (first, second))
    assert (a.width(), a.height()) == (b.width(), b.height())
    left = np.frombuffer(a.constBits(), dtype=np.uint8).astype(np.int16)
    right = np.frombuffer(b.constBits(), dtype=np.uint8).astype(np.int16)
    return int(np.abs(left - right).max())


def test_committed_pngs_are_current(tmp_path):
    """Someone who edits the SVG must rerun make_icons.py; this notices when they forget.

    Qt's rasteriser rounds antialiased edges one level differently on some CPUs (seen: at most
    1 of 255 in a few edge pixels), so a level of difference is the machine, not a stale icon.
    """
    fresh = make_icons.write_pngs(make_icons.SVG, tmp_path)
    for path in fresh:
        committed = QImage(str(make_icons.PNG_DIR / path.name))
        difference = _largest_channel_difference(committed, QImage(str(path)))
        assert difference <= 1, f"{path.name} is stale: run make_icons.py"


def test_ico_holds_every_windows_size(tmp_path):
    ico = make_icons.write_ico(make_icons.SVG, tmp_path / "deskplan.ico")
    reserved, kind, count = struct.unpack("<HHH", ico.read_bytes()[:6])
    assert (reserved, kind, count) == (0, 1, len(make_icons.ICO_SIZES))
    assert sorted(i.width() for i in read_all(ico)) == list(make_icons.ICO_SIZES)


def test_icns_holds_every_mac_size(tmp_path):
    icns = make_icons.write_icns(make_icons.SVG, tmp_path / "deskplan.icns")
    data = icns.read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    expected = sorted(size for _, size in make_icons.ICNS_TYPES)
    assert sorted(i.width() for i in read_all(icns)) == expected


def test_an_unreadable_svg_is_refused(tmp_path):
    bad = tmp_path / "bad.svg"
    bad.write_text("not svg", encoding="utf-8")
    with pytest.raises(ValueError, match="not an SVG"):
        make_icons.render_pngs(bad, (16,))
