"""Typst, the typesetter behind deskplan's PDFs: fonts, templates, metadata, errors.

Why Typst (the `typst` package, a Python binding of the Rust typesetter): it writes tagged PDF
(structure tree, table header cells, reading order, language, title) that Qt's QPdfWriter
cannot, needs no system library and releases the interpreter while it works (the rota of
200 people × a month: `benchmarks/bench_export.py`). The templates (`resources/pdf/*.typ`) hold the
page design; the data arrives as JSON in `sys.inputs`, never pasted into Typst source, so no
name or role can be read as markup.

Fonts: the DejaVu fonts bundled in `resources/fonts/` are used (system fonts are ignored),
so a PDF made on Windows, macOS or Linux looks the same and every glyph deskplan prints
(✓ ✖ ○ ◆ ⚠, names in Latin, Greek, Cyrillic, Arabic and Hebrew letters) is there; text they
cannot show comes from the computer's fonts (`render_pdf`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import typst

from deskplan.interchange.export_scope import OutputError, output_error
from deskplan.resources import resource_path

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def render_pdf(template: str, data: dict[str, Any], path: Path, generated: datetime) -> int:
    """Compile `resources/pdf/<template>` with `data` into `path`; return the page count.

    `generated` becomes the PDF's creation date, so the same plan exported at the same time
    gives the same file. A PDF already at `path` is replaced only by a finished one: a failed
    export leaves it as it was.

    Text the bundled fonts cannot show (a name in Chinese characters or Devanagari, an emoji
    in a title) is drawn from the computer's own fonts, as Windows and macOS have them; where
    no font has it, the export is refused naming the text (`OutputError`), not typeset with
    boxes for letters nor failed as a bug.
    """
    existed = path.exists()
    try:
        path.open("ab").close()  # the reason it cannot be written, before Typst hides it
    except OSError as error:
        raise output_error(path, error) from None
    try:
        pdf = _pdf(template, data, generated)
    except BaseException:
        if not existed:
            path.unlink(missing_ok=True)  # the empty file the check above made
        raise
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(pdf)
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise output_error(path, error) from None
    return len(_PAGE.findall(pdf))


@cache
def _bundled_fonts() -> typst.Fonts:
    """The bundled fonts, found and read once per process: every export after the first reuses
    them (Typst shares the loaded faces between compiles and threads) instead of scanning the
    folder again (about 8 ms of CPU and a directory walk per export). The computer's fonts,
    needed rarely, are looked for afresh each time, so a font installed meanwhile is found."""
    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                       font_paths=[str(resource_path("fonts"))])


#: Typst's PDF/UA refusal of a character the fonts lack: the text written as a Typst string.
_NO_GLYPH = re.compile(r'the text `?"((?:[^"\\]|\\.)*)"`? could not be displayed with font')
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")


def _unescaped(typst_string: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], typst_string)


def _pdf(template: str, data: dict[str, Any], generated: datetime) -> bytes:
    source = resource_path("pdf", template)
    stamp = (generated if generated.tzinfo else generated.astimezone()).replace(microsecond=0)
    inputs = {"data": json.dumps(data, ensure_ascii=False, default=str)}

    def compile_with(system_fonts: bool) -> bytes:
        fonts = (typst.Fonts(include_system_fonts=True, include_embedded_fonts=False,
                             font_paths=[str(resource_path("fonts"))])
                 if system_fonts else _bundled_fonts())
        return typst.compile(str(source), root=str(source.parent), font_paths=fonts,
                             ignore_system_fonts=not system_fonts, sys_inputs=inputs,
                             timestamp=stamp.astimezone(UTC), pdf_standards=["ua-1"])

    try:
        return compile_with(system_fonts=False)
    except typst.TypstError as error:
        if not _NO_GLYPH.search(error.message):
            raise _template_bug(template, error) from error
    try:
        return compile_with(system_fonts=True)  # the bundled fonts lack a character
    except typst.TypstError as error:
        missing = _NO_GLYPH.search(error.message)
        if missing is None:
            raise _template_bug(template, error) from error
        raise OutputError(_no_font(_unescaped(missing[1]), inputs["data"])) from None


def _no_font(characters: str, data: str) -> str:
    """Which text of the PDF no font can show, and what to do about it."""
    texts = sorted({text for text in re.findall(r'"((?:[^"\\]|\\.)*)"', data)
                    if characters in text}, key=len)
    where = f" (in {texts[0]!r})" if texts else ""
    return (f"the PDF cannot show {characters!r}{where}: neither deskplan's fonts nor any font "
            "on this computer has it. Install a font that covers it (Windows and macOS have "
            "them for most scripts) or write the text in Latin letters; nothing was written.")


def _template_bug(template: str, error: typst.TypstError) -> RuntimeError:
    return RuntimeError(f"the PDF template {template} failed: {error.message}\n"
                        f"{error.diagnostic}")


__all__ = ["OutputError", "render_pdf"]
