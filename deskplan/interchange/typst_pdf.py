"""Typst, the typesetter behind deskplan's PDFs: fonts, templates, metadata, errors.

Why Typst (the `typst` package, a Python binding of the Rust typesetter): it writes tagged PDF
(structure tree, table header cells, reading order, language, title) that Qt's QPdfWriter
cannot, lays out 200 people × a month in well under half a second, needs no system library
and releases the interpreter while it works. The templates (`resources/pdf/*.typ`) hold the
page design; the data arrives as JSON in `sys.inputs`, never pasted into Typst source, so no
name or role can be read as markup.

Fonts: only the DejaVu fonts bundled in `resources/fonts/` are used (system fonts are ignored),
so a PDF made on Windows, macOS or Linux looks the same and every glyph deskplan prints
(✓ ✖ ○ ◆ ⚠, accented names) is there.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typst

from deskplan.interchange.export_scope import OutputError, output_error
from deskplan.resources import resource_path

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def render_pdf(template: str, data: dict[str, Any], path: Path, generated: datetime) -> int:
    """Compile `resources/pdf/<template>` with `data` into `path`; return the page count.

    `generated` becomes the PDF's creation date, so the same plan exported at the same time
    gives the same file.
    """
    try:
        path.open("wb").close()  # the reason it cannot be written, before Typst hides it
    except OSError as error:
        raise output_error(path, error) from None
    source = resource_path("pdf", template)
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                        font_paths=[str(resource_path("fonts"))])
    stamp = (generated if generated.tzinfo else generated.astimezone()).replace(microsecond=0)
    try:
        pdf = typst.compile(str(source), root=str(source.parent), font_paths=fonts,
                            ignore_system_fonts=True,
                            sys_inputs={"data": json.dumps(data, ensure_ascii=False,
                                                           default=str)},
                            timestamp=stamp.astimezone(UTC), pdf_standards=["ua-1"])
    except typst.TypstError as error:  # a bug in a template, never the user's data
        raise RuntimeError(f"the PDF template {template} failed: {error.message}\n"
                           f"{error.diagnostic}") from error
    try:
        path.write_bytes(pdf)
    except OSError as error:
        raise output_error(path, error) from None
    return len(_PAGE.findall(pdf))


__all__ = ["OutputError", "render_pdf"]
