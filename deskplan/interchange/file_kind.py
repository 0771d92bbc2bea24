"""What a file really is, from its first bytes rather than its name.

Files reach deskplan renamed and mislabelled: an `.xls` that is an HTML page from an HR portal,
a workbook saved with a password, a `.csv` that is an Excel workbook. Reading the bytes tells
which reader to use or, for what deskplan cannot read, what to say the file is and what to do.
"""

from __future__ import annotations

import lzma
import struct
import zipfile
import zlib
from enum import StrEnum
from pathlib import Path

from deskplan.domain.errors import InputError, Problem


class FileKind(StrEnum):
    TEXT = "text"        # CSV or tab-separated text, any encoding
    XLSX = "xlsx"        # Office Open XML workbook (.xlsx, .xlsm)
    ODS = "ods"          # OpenDocument spreadsheet (LibreOffice, Google Sheets export)
    XLS = "xls"          # Excel 97–2003 binary workbook


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
#: Stream names of an encrypted OOXML workbook inside its OLE2 container (UTF-16 LE).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_SAVE_AS = "open it in Excel or LibreOffice and save it as .xlsx or .csv"

#: Leading bytes of files that are certainly not tables, with what to call them.
_NOT_TABLES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def refuse(source: str, message: str) -> InputError:
    return InputError([Problem(message, file=source)])


def sniff(path: Path, head: bytes) -> FileKind:
    """The reader for a file whose first bytes are `head` (at least 8 KB where the file has
    them); InputError for a file that is no table deskplan can read, saying what it is."""
    source = path.name
    if head.startswith(_OLE2):
        return _ole2_kind(path, source)
    if head.startswith(_ZIP):
        return _zip_kind(path, source)
    for magic, what in _NOT_TABLES:
        if head.startswith(magic):
            raise refuse(source, f"this is {what}, not a table: give a CSV or Excel file")
    lowered = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table")) or b"<html" in lowered[:512]:
        raise refuse(source, "this is an HTML page (some systems export these with an .xls "
                     f"name), not a spreadsheet: {_SAVE_AS}")
    if lowered.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise refuse(source, "this is an Excel 2003 XML spreadsheet, which deskplan does not "
                     f"read: {_SAVE_AS}")
    return FileKind.TEXT


def _ole2_kind(path: Path, source: str) -> FileKind:
    """An OLE2 compound file: an old binary workbook, or a password-protected new one."""
    try:
        with path.open("rb") as handle:
            data = handle.read(4 * 1024 * 1024)  # the directory of streams is near the start
    except OSError as error:
        raise refuse(source, f"cannot read the file: {error.strerror}") from None
    if _ENCRYPTED in data:
        raise refuse(source, "this workbook is protected by a password, so deskplan cannot "
                     "read it: open it in Excel, remove the password (File → Info → Protect "
                     "Workbook → Encrypt with Password, clear it) and save it again, or save "
                     "it as .csv")
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return FileKind.XLS
    raise refuse(source, "this is a Microsoft Office document (Word or PowerPoint?), not a "
                 "workbook: give a CSV or Excel file")


def _zip_kind(path: Path, source: str) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mime = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError,
            NotImplementedError, RuntimeError, OSError, struct.error, lzma.LZMAError,
            zlib.error) as error:  # OSError too: offsets pointing outside the file
        raise refuse(source, f"this looks like a workbook, but its zip container is damaged "
                     f"({error}): save it again from Excel, or as .csv") from None
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return FileKind.XLSX
    if mime.startswith(_ODS_MIME) and not mime.startswith(_ODS_MIME + b"-template"):
        return FileKind.ODS
    if mime.startswith(b"application/vnd.oasis.opendocument"):
        raise refuse(source, f"this is an OpenDocument file of another kind "
                     f"({mime.decode('ascii', 'replace')}), not a spreadsheet")
    if "word/document.xml" in names:
        raise refuse(source, "this is a Word document, not a table: give a CSV or Excel file")
    if "ppt/presentation.xml" in names:
        raise refuse(source, "this is a PowerPoint presentation, not a table")
    raise refuse(source, "this is a zip archive, not a workbook: unpack it and give the "
                 "CSV or Excel file inside")
