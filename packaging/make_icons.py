"""Render the application icon from its SVG master: PNG sizes, a Windows .ico, a macOS .icns.

Every size is rendered from the SVG itself (QSvgRenderer), never scaled down from a big
bitmap, so 16 and 32 px stay sharp. QImageWriter encodes each size as PNG; the .ico and .icns
containers are then assembled here from those PNGs, because Qt's own writers cannot do it:
the ICO writer stores a single image, and the ICNS writer scales one image down to every size.
Both containers hold PNG-encoded entries, which Windows (Vista on) and macOS (10.7 on) read.

    python packaging/make_icons.py                      # refresh resources/appicon/*.png
    python packaging/make_icons.py --ico X.ico --icns Y.icns
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "appicon" / "deskplan.svg"
PNG_DIR = SVG.parent
#: The PNGs kept in the source tree: the window icon uses them at run time, and the Linux
#: bundle installs them in the desktop's icon theme sizes.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
#: What Windows asks an .ico for (taskbar, Start menu, Explorer views); 256 is the largest.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS entry type → pixel size; the last four are the "@2x" entries for retina screens.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
    (b"ic14", 512),
)


def png_name(size: int) -> str:
    return f"deskplan-{size}.png"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn into a transparent `size` × `size` image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"PNG encoding failed: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG data for each size, rendered from `svg`."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG file Qt can render")
    return {size: png_bytes(render(renderer, size)) for size in sorted(set(sizes))}


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file with one PNG-encoded entry per size (at most 256 px)."""
    sizes = sorted(s for s in pngs if s <= 256)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size == 256 else size  # 0 means 256 in a one-byte field
        # width, height, palette colours, reserved, colour planes, bits per pixel, size, offset
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: big-endian blocks of 4-byte type, 4-byte length (header included), data."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
        for kind, size in ICNS_TYPES
        if size in pngs
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write_pngs(svg: Path, out_dir: Path, sizes: tuple[int, ...] = PNG_SIZES) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size, data in render_pngs(svg, sizes).items():
        path = out_dir / png_name(size)
        path.write_bytes(data)
        written.append(path)
    return written


def write_ico(svg: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ico_bytes(render_pngs(svg, ICO_SIZES)))
    return path


def write_icns(svg: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(icns_bytes(render_pngs(svg, tuple(size for _, size in ICNS_TYPES))))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=SVG)
    parser.add_argument("--png-dir", type=Path, default=PNG_DIR,
                        help="where the PNG sizes go (default: next to the SVG)")
    parser.add_argument("--ico", type=Path, help="also write a Windows icon here")
    parser.add_argument("--icns", type=Path, help="also write a macOS icon here")
    args = parser.parse_args(argv)
    written = write_pngs(args.svg, args.png_dir)
    if args.ico:
        written.append(write_ico(args.svg, args.ico))
    if args.icns:
        written.append(write_icns(args.svg, args.icns))
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
