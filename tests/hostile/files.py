"""Hostile and careless files, made in the test from the samples: one maker per class of bad
input. Bombs are small but keep the ratios of real ones (a part compressed about 1,000
times, a cell at the last row and column of a sheet)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from deskplan.resources import sample_path

TEAM_CSV = sample_path("team.csv").read_text(encoding="utf-8-sig")
ROTA_CSV = sample_path("rota-wide.csv").read_text(encoding="utf-8-sig")
ADJUSTMENTS_CSV = sample_path("adjustments.csv").read_text(encoding="utf-8-sig")
TEAM_LINES = TEAM_CSV.splitlines()


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def xlsx_bytes(rows: list[list[object]], merge: str | None = None, title: str = "Staff") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def team_rows() -> list[list[str]]:
    return [list(row) for row in csv.reader(TEAM_LINES)]


def rezip(data: bytes, change: dict[str, bytes | None], *, stored: frozenset[str] = frozenset()
          ) -> bytes:
    """The zip `data` with parts replaced (None removes one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in change and change[info.filename] is None:
                continue
            body = change.get(info.filename) or source.read(info.filename)
            target.writestr(info.filename, body,
                            zipfile.ZIP_STORED if info.filename in stored else
                            zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(SHEET)


def good_team_xlsx() -> bytes:
    return xlsx_bytes(team_rows())


def zip_bomb_xlsx() -> bytes:
    """The team workbook whose sheet carries 4 MB of zeros in a comment: it inflates about
    1,000 times, as real zip bombs do (at gigabytes)."""
    data = good_team_xlsx()
    xml = sheet_xml(data).replace(b"<sheetData>", b"<!--" + b"0" * (4 * 1024 * 1024) +
                                  b"--><sheetData>")
    return rezip(data, {SHEET: xml})


def far_cell_xlsx() -> bytes:
    """The 4.8 KB workbook of the battery: its one extra cell sits at XFD1048576."""
    data = good_team_xlsx()
    xml = sheet_xml(data).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
        b"</c></row></sheetData>")
    return rezip(data, {SHEET: xml})


def tall_xlsx() -> bytes:
    """Cells at A1 and at B1048576: few cells, but a span of a million rows."""
    data = good_team_xlsx()
    xml = sheet_xml(data).replace(
        b"</sheetData>", b'<row r="1048576"><c r="J1048576" t="inlineStr"><is><t>x</t></is>'
        b"</c></row></sheetData>")
    return rezip(data, {SHEET: xml})


def crc_corrupt_xlsx() -> bytes:
    """One byte of the sheet's compressed data changed: the part fails its checksum."""
    data = bytearray(rezip(good_team_xlsx(), {}, stored=frozenset({SHEET})))
    at = data.find(b"Payroll number")
    data[at] ^= 0x01
    return bytes(data)


def bad_xml_xlsx() -> bytes:
    data = good_team_xlsx()
    return rezip(data, {SHEET: sheet_xml(data)[:-200]})


def missing_sheet_xlsx() -> bytes:
    return rezip(good_team_xlsx(), {SHEET: None})


def password_protected() -> bytes:
    """What Excel writes for a workbook with a password: an OLE2 container whose streams
    include EncryptionInfo and EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "Root Entry".encode("utf-16-le").ljust(128, b"\x00") + \
        "EncryptionInfo".encode("utf-16-le").ljust(128, b"\x00") + \
        "EncryptedPackage".encode("utf-16-le").ljust(128, b"\x00")
    return header + directory + b"\x00" * 2048


def xls_bytes(rows: list[list[str]], merge: tuple[int, int, int, int] | None = None) -> bytes:
    import xlwt  # writes the Excel 97–2003 format, which nothing else here can

    book = xlwt.Workbook()
    sheet = book.add_sheet("Staff")
    skip: set[tuple[int, int]] = set()
    if merge:
        r0, r1, c0, c1 = merge
        sheet.write_merge(r0, r1, c0, c1, rows[r0][c0])
        skip = {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) not in skip and value:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods_bytes(rows: list[list[str]], *, merge_rows: tuple[int, int, int] | None = None,
              tail: str = "") -> bytes:
    """A minimal OpenDocument spreadsheet; `merge_rows` (column, first row, rows) merges one
    column down; `tail` is raw XML added after the rows (for bombs)."""
    lines = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if merge_rows and c == merge_rows[0] and merge_rows[1] < r < merge_rows[1] + \
                    merge_rows[2]:
                cells.append("<table:covered-table-cell/>")
                continue
            span = (f' table:number-rows-spanned="{merge_rows[2]}"'
                    if merge_rows and (c, r) == merge_rows[:2] else "")
            text = value.replace("&", "&amp;").replace("<", "&lt;")
            cells.append(f'<table:table-cell office:value-type="string"{span}>'
                         f"<text:p>{text}</text:p></table:table-cell>" if value else
                         "<table:table-cell/>")
        lines.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Staff">{"".join(lines)}{tail}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def ods_bomb() -> bytes:
    """A few hundred bytes that a reader would expand to a million rows of 16,000 cells."""
    return ods_bytes(team_rows()[:3], tail='<table:table-row table:number-rows-repeated='
                     '"1048000"><table:table-cell table:number-columns-repeated="16000" '
                     'office:value-type="string"><text:p>x</text:p></table:table-cell>'
                     "</table:table-row>")


def unclosed_quote_team() -> str:
    """Row 3 opens a quote it never closes: the csv module would read the rest as one cell."""
    lines = list(TEAM_LINES)
    lines[2] = lines[2].replace(",Ben,", ',"Ben,', 1)
    return "\n".join(lines) + "\n"


def crashing_xls() -> bytes:
    """A team .xls with one byte inserted and a few replaced (found by the property test):
    the native reader asks for 4 GB for it, which would end the whole process."""
    data = bytearray(xls_bytes(team_rows()))
    data[664:665] = b"\x0c\xc4\xf1J\x00\x00\xcf\x8c\xa4{\x83?"
    data[522:522] = b"/"
    return bytes(data)


def shared_strings_bomb() -> bytes:
    """The team workbook with a table of texts declaring four billion entries, for which the
    reader would reserve 96 GB."""
    data = good_team_xlsx()
    source = zipfile.ZipFile(io.BytesIO(data))
    rels = source.read("xl/_rels/workbook.xml.rels").replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = rels if info.filename == "xl/_rels/workbook.xml.rels" else \
                source.read(info.filename)
            target.writestr(info.filename, body)
        target.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://'
                        'schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000"'
                        ' uniqueCount="4000000000"><si><t>x</t></si></sst>')
    return buffer.getvalue()


def long_rota_xlsx(rows: int) -> bytes:
    """A long rota workbook (staff id, date, status) of `rows` rows, its sheet written as XML
    directly: a few hundred thousand rows in well under a second, where openpyxl takes
    minutes."""
    data = xlsx_bytes([["staff_id", "date", "status"]], title="Rota")
    xml = sheet_xml(data)

    def text(column: str, row: int, value: str) -> str:
        return f'<c r="{column}{row}" t="inlineStr"><is><t>{value}</t></is></c>'

    body = "".join(
        f'<row r="{n}">{text("A", n, f"S{n % 500}")}'
        f'{text("B", n, f"2025-04-{1 + n % 28:02d}")}{text("C", n, "O")}</row>'
        for n in range(2, rows + 2))
    start = xml.index(b"</row>") + len(b"</row>")  # after the header row
    return rezip(data, {SHEET: xml[:start] + body.encode() + xml[start:]})
