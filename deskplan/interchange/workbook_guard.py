"""Checks on a workbook before any spreadsheet library reads it.

A workbook is a zip of XML parts, and readers trust what is inside: a zip bomb (a few MB that
inflate to gigabytes), a part whose checksum is wrong, XML that is cut off, a sheet the
workbook names but does not contain, or a single cell written at the last row and column of a
sheet (which makes a reader allocate the whole grid up to it). Every part is therefore inflated
once here, in a bounded way, and the chosen sheet's extent measured from its XML, before the
reader is given the file. Each refusal names the limit or the damage.
"""

from __future__ import annotations

import lzma
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree
from xml.parsers import expat

from deskplan.domain.errors import InputError, Problem
from deskplan.interchange.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_EXEMPT_BYTES,
    CancelCheck,
    check_cancelled,
    megabytes,
)

_CHUNK = 1024 * 1024
_SCAN_CHUNK = 8 * 1024 * 1024
_DAMAGED = "the workbook is damaged"
_RESAVE = "open it in Excel or LibreOffice and save it again, or save it as .csv"


def _refuse(source: str, message: str, sheet: str | None = None) -> InputError:
    return InputError([Problem(message, file=source, sheet=sheet)])


@dataclass
class Extent:
    """The rows and columns a sheet's cells span (1-based, inclusive), and its merged ranges
    where the reader does not report them (OpenDocument)."""

    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r0 c0 r1 c1

    def add(self, row: int, column: int, rows: int = 1, columns: int = 1) -> None:
        if not self.first_row:
            self.first_row, self.first_column = row, column
        self.first_row = min(self.first_row, row)
        self.first_column = min(self.first_column, column)
        self.last_row = max(self.last_row, row + rows - 1)
        self.last_column = max(self.last_column, column + columns - 1)

    def check(self, source: str, sheet: str, *, from_origin: bool = False) -> None:
        """Refuse a sheet past the row, column or cell limits (`from_origin`: the reader
        fills the grid from A1, so the span starts there)."""
        if not self.last_row:
            return
        if self.last_row > MAX_ROWS:
            raise _refuse(source, f"the sheet has a cell in row {self.last_row:,}, beyond the "
                          f"{MAX_ROWS:,} rows deskplan reads", sheet)
        if self.last_column > MAX_COLUMNS:
            raise _refuse(source, f"the sheet has a cell in column {column_name(self.last_column)}"
                          f" ({self.last_column:,}), beyond the {MAX_COLUMNS:,} columns "
                          "deskplan reads: is something typed far to the right?", sheet)
        first_row, first_column = (1, 1) if from_origin else (self.first_row, self.first_column)
        rows = self.last_row - first_row + 1
        columns = self.last_column - first_column + 1
        if rows * columns > MAX_CELLS:
            raise _refuse(source, f"the sheet's cells span {rows:,} rows × {columns:,} columns,"
                          f" more than the {MAX_CELLS:,} cells deskplan reads: is something "
                          "typed far below or to the right of the table?", sheet)


def column_name(number: int) -> str:
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


# --- the zip container --------------------------------------------------------------------------
def inflate_all(path: Path, source: str, cancelled: CancelCheck,
                keep: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Inflate every part within the limits (checking its checksum); return those in `keep`.

    The declared sizes are checked first, then the real ones while inflating, so a zip that
    lies about its sizes is stopped as soon as it passes a limit."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, struct.error, ValueError, EOFError) \
            as error:
        raise _refuse(source, f"{_DAMAGED}: its zip container cannot be read ({error}); "
                      f"{_RESAVE}") from None
    except OSError as error:
        raise _refuse(source, f"cannot read the file: {error.strerror}") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(source, f"the workbook holds {len(members):,} parts, more than the "
                          f"{MAX_MEMBERS:,} deskplan reads: it is not an ordinary workbook")
        declared = sum(m.file_size for m in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(source, f"the workbook unpacks to {megabytes(declared)}, more than "
                          f"the {megabytes(MAX_UNCOMPRESSED_BYTES)} deskplan reads")
        kept: dict[str, bytes] = {}
        total = 0
        for member in members:
            if member.is_dir():
                continue
            _check_declared(member, source)
            data = _inflate(archive, member, source, cancelled)
            total += len(data) if member.filename in keep else member.file_size
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _refuse(source, f"the workbook unpacks to more than "
                              f"{megabytes(MAX_UNCOMPRESSED_BYTES)}, the most deskplan reads")
            if member.filename in keep:
                kept[member.filename] = data
        return kept


def _check_declared(member: zipfile.ZipInfo, source: str) -> None:
    if member.file_size > MAX_MEMBER_BYTES:
        raise _refuse(source, f"the part {member.filename} unpacks to "
                      f"{megabytes(member.file_size)}, more than the "
                      f"{megabytes(MAX_MEMBER_BYTES)} deskplan reads of one part")
    if member.file_size > RATIO_EXEMPT_BYTES and \
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
        ratio = member.file_size / max(member.compress_size, 1)
        raise _refuse(source, f"the part {member.filename} is compressed {ratio:,.0f} times "
                      f"(more than the {MAX_COMPRESSION_RATIO} times of any real workbook): the "
                      "file is built to exhaust memory (a zip bomb), deskplan does not read it")
    if member.flag_bits & 0x1:
        raise _refuse(source, "the workbook's parts are encrypted: remove the password and "
                      "save it again")


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str,
             cancelled: CancelCheck) -> bytes:
    """One part's bytes, at most its declared size (checked against its checksum)."""
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > member.file_size or size > MAX_MEMBER_BYTES:
                    raise _refuse(source, f"the part {member.filename} unpacks to more than it "
                                  f"declares: {_DAMAGED} or built to exhaust memory")
                parts.append(chunk)
                check_cancelled(cancelled)
    except zipfile.BadZipFile as error:
        raise _refuse(source, f"{_DAMAGED}: the part {member.filename} fails its check "
                      f"({error}); {_RESAVE}") from None
    except (zlib.error, lzma.LZMAError, struct.error, EOFError, NotImplementedError, ValueError,
            RuntimeError, OSError) as error:  # OSError: offsets pointing outside the file
        raise _refuse(source, f"{_DAMAGED}: the part {member.filename} cannot be unpacked "
                      f"({error}); {_RESAVE}") from None
    return b"".join(parts)


def parse_xml(data: bytes, name: str, source: str) -> ElementTree.Element:
    """A small XML part; a document type declaration (the door to entity bombs) is refused."""
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise _refuse(source, f"the part {name} declares XML entities, which no workbook "
                      "does: deskplan does not read it")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise _refuse(source, f"{_DAMAGED}: the part {name} is not well-formed XML ({error}); "
                      f"{_RESAVE}") from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


# --- Office Open XML (.xlsx) --------------------------------------------------------------------
_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_SHARED_STRINGS = "xl/sharedStrings.xml"  # where the reader looks for it, whatever the index says
_UNIQUE_COUNT = re.compile(rb"\suniqueCount=\"(\d{1,20})\"")
_PREFIXED_SI = re.compile(rb"<\w+:si[\s/>]")
_CELL_REF_LETTERS = re.compile(rb"\sr=\"([A-Z]{1,4})\d")
_CELL_REF_DIGITS = re.compile(rb"\sr=\"[A-Z]{1,4}(\d{1,8})\"")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>")
_PREFIXED_CELL = re.compile(rb"<\w+:c[\s/>]")
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s/>])([^>]*)>")
_R_ATTRIBUTE = re.compile(rb"\sr=\"([A-Z]{0,4})(\d{0,8})\"")


def xlsx_sheet_parts(path: Path, source: str, cancelled: CancelCheck) -> dict[str, str]:
    """Sheet name → the zip part holding its cells, read from the workbook's own index."""
    parts = inflate_all(path, source, cancelled, frozenset({_WORKBOOK, _WORKBOOK_RELS}))
    return _sheet_parts(parts, source)


def _sheet_parts(parts: dict[str, bytes], source: str) -> dict[str, str]:
    if _WORKBOOK not in parts:
        raise _refuse(source, f"{_DAMAGED}: it has no {_WORKBOOK}; {_RESAVE}")
    targets: dict[str, str] = {}
    if _WORKBOOK_RELS in parts:
        for relation in parse_xml(parts[_WORKBOOK_RELS], _WORKBOOK_RELS, source):
            target = relation.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath("xl") / target)
            targets[relation.get("Id", "")] = resolved
    found: dict[str, str] = {}
    for element in parse_xml(parts[_WORKBOOK], _WORKBOOK, source).iter():
        if _local(element.tag) != "sheet":
            continue
        relation = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
        found[element.get("name", "")] = targets.get(relation, "")
    if not found:
        raise _refuse(source, f"{_DAMAGED}: it lists no sheets; {_RESAVE}")
    return found


def check_xlsx(path: Path, source: str, sheet: str, part: str,
               cancelled: CancelCheck) -> None:
    """Inflate every part, then refuse the chosen sheet if its part is missing or its cells
    reach past the limits."""
    parts = inflate_all(path, source, cancelled, frozenset({part, _SHARED_STRINGS}))
    if part not in parts:
        raise _refuse(source, f"{_DAMAGED}: the workbook names the sheet {sheet!r}, but its "
                      f"cells ({part or 'no part'}) are missing from the file; {_RESAVE}", sheet)
    xlsx_extent(parts[part], cancelled).check(source, sheet)
    if _SHARED_STRINGS in parts:
        _check_shared_strings(parts[_SHARED_STRINGS], source)


def _check_shared_strings(data: bytes, source: str) -> None:
    """The reader reserves room for as many strings as the table declares: a declared count
    beyond the strings it holds is a damaged (or crafted) file, not a workbook."""
    match = _UNIQUE_COUNT.search(data, 0, 4096)
    if not match:
        return
    declared = int(match[1])
    held = sum(data.count(tag) for tag in (b"<si>", b"<si ", b"<si/>")) + \
        len(_PREFIXED_SI.findall(data))
    if declared > held + 16:
        raise _refuse(source, f"{_DAMAGED}: its table of texts declares {declared:,} entries but "
                      f"holds {held:,}; {_RESAVE}")


def xlsx_extent(data: bytes, cancelled: CancelCheck) -> Extent:
    """The span of a sheet's cells, from their references (`r="B12"`).

    The sheet's declared `<dimension>` is not trusted either way (readers ignore it, and a
    lying one is easy to write): the span a reader would allocate is measured from the cells
    themselves. Every cell of real workbooks carries its reference; then one pass of two
    regular expressions over the XML, a chunk at a time, finds the span. Cells without one
    are placed as a reader would place them (after the previous cell), in a slower walk."""
    start = data.find(b"<sheetData")
    end = data.rfind(b"</sheetData>")
    body = memoryview(data)[max(start, 0): end if end > start else len(data)]
    letters: set[bytes] = set()
    rows: set[bytes] = set()
    referenced = tags = 0
    position = 0
    while position < len(body):
        cut = bytes(body[position: position + _SCAN_CHUNK + 256])
        stop = cut.find(b"<", _SCAN_CHUNK) if len(cut) > _SCAN_CHUNK else -1
        chunk = cut[:stop] if stop > 0 else cut
        position += len(chunk)
        found = _CELL_REF_LETTERS.findall(chunk)
        referenced += len(found)
        letters.update(found)
        rows.update(_CELL_REF_DIGITS.findall(chunk))
        tags += sum(chunk.count(tag) for tag in _CELL_TAGS) + len(_PREFIXED_CELL.findall(chunk))
        check_cancelled(cancelled)
    if tags > referenced:
        return _walk_cells(bytes(body), cancelled)
    extent = Extent()
    if letters and rows:
        columns = [column_number(c) for c in letters]
        numbers = [int(r) for r in rows]
        extent.add(min(numbers), min(columns))
        extent.add(max(numbers), max(columns))
    return extent


def _walk_cells(body: bytes, cancelled: CancelCheck) -> Extent:
    """Place each cell as a reader does: at its reference, else one right of the last cell
    (rows likewise)."""
    extent = Extent()
    row = column = 0
    for count, match in enumerate(_ROW_OR_CELL.finditer(body)):
        if count % 65536 == 0:
            check_cancelled(cancelled)
        reference = _R_ATTRIBUTE.search(match[2])
        if match[1] == b"row":
            row = int(reference[2]) if reference and reference[2] else row + 1
            column = 0
            continue
        if reference and reference[1]:
            column = column_number(reference[1])
            row = int(reference[2]) if reference[2] else row
        else:
            column += 1
        extent.add(max(row, 1), column)
    return extent


# --- OpenDocument (.ods) ------------------------------------------------------------------------
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_CONTENT = "content.xml"
#: Beyond this, a repeat count is no real sheet's (LibreOffice pads sheets with repeats up to
#: the grid's end, which are only counted, never materialised, as long as the cells are empty).
_MAX_REPEAT = 1 << 24


def ods_sheets(path: Path, source: str, cancelled: CancelCheck) -> dict[str, Extent]:
    """Each sheet's name and extent (with its merged ranges), from one streaming pass over
    content.xml: repeated rows and cells count as often as they repeat, so a sheet of a
    million repeated cells is measured, not built."""
    parts = inflate_all(path, source, cancelled, frozenset({_CONTENT}))
    if _CONTENT not in parts:
        raise _refuse(source, f"{_DAMAGED}: it has no {_CONTENT}; {_RESAVE}")
    return _OdsScan(source, cancelled).run(parts[_CONTENT])


class _OdsScan:
    def __init__(self, source: str, cancelled: CancelCheck) -> None:
        self.source = source
        self.cancelled = cancelled
        self.sheets: dict[str, Extent] = {}
        self.current: Extent | None = None
        self.row = 0            # 1-based row of the row being read
        self.row_repeat = 1
        self.column = 0         # columns so far in the row
        self.cell: tuple[int, int, int, int] | None = None  # column, repeat, row span, col span
        self.filled = False
        self.depth_in_cell = 0
        self.events = 0

    def run(self, data: bytes) -> dict[str, Extent]:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.text
        parser.StartDoctypeDeclHandler = self.doctype
        try:
            parser.Parse(data, True)
        except expat.ExpatError as error:
            raise _refuse(self.source, f"{_DAMAGED}: {_CONTENT} is not well-formed XML "
                          f"({error}); {_RESAVE}") from None
        return self.sheets

    def doctype(self, *_args: object) -> None:
        raise _refuse(self.source, f"the part {_CONTENT} declares XML entities, which no "
                      "spreadsheet does: deskplan does not read it")

    def _count(self, attributes: dict[str, str], name: str) -> int:
        text = attributes.get(f"{_TABLE_NS} {name}", "1")
        try:
            value = int(text)
        except ValueError:
            raise _refuse(self.source, f"{_DAMAGED}: {name}={text!r} is not a number") \
                from None
        if not 1 <= value <= _MAX_REPEAT:
            raise _refuse(self.source, f"{_DAMAGED}: {name}={value:,} is no real sheet's")
        return value

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.events += 1
        if self.events % 65536 == 0:
            check_cancelled(self.cancelled)
        if self.cell is not None:
            self.depth_in_cell += 1
            self.filled = True  # a paragraph, a link: the cell shows something
            return
        if tag == f"{_TABLE_NS} table":
            self.current = self.sheets.setdefault(attributes.get(f"{_TABLE_NS} name", ""),
                                                  Extent())
            self.row = 0
        elif tag == f"{_TABLE_NS} table-row" and self.current is not None:
            self.row += 1
            self.row_repeat = self._count(attributes, "number-rows-repeated")
            self.column = 0
        elif tag in (f"{_TABLE_NS} table-cell", f"{_TABLE_NS} covered-table-cell") and \
                self.current is not None:
            repeat = self._count(attributes, "number-columns-repeated")
            self.cell = (self.column + 1, repeat,
                         self._count(attributes, "number-rows-spanned"),
                         self._count(attributes, "number-columns-spanned"))
            self.filled = f"{_OFFICE_NS} value-type" in attributes
            self.column += repeat

    def text(self, data: str) -> None:
        if self.cell is not None and data.strip():
            self.filled = True

    def end(self, tag: str) -> None:
        if self.cell is not None and self.depth_in_cell:
            self.depth_in_cell -= 1
            return
        if tag in (f"{_TABLE_NS} table-cell", f"{_TABLE_NS} covered-table-cell") and \
                self.cell is not None:
            column, repeat, row_span, column_span = self.cell
            if self.filled and self.current is not None:
                self.current.add(self.row, column, self.row_repeat, repeat)
                if row_span > 1 or column_span > 1:
                    self.current.merged.append((self.row - 1, column - 1,
                                                self.row + row_span - 2,
                                                column + column_span - 2))
            self.cell = None
        elif tag == f"{_TABLE_NS} table-row":
            self.row += self.row_repeat - 1
        elif tag == f"{_TABLE_NS} table":
            self.current = None
