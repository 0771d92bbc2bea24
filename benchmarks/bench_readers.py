"""Reading team lists and hostile files: time and peak memory, each case in a fresh process.


    python benchmarks/bench_readers.py [--people 11000] [--rows 1000000]

Prints, for an 11,000-person team sheet, python-calamine against openpyxl's read-only mode
(the choice of reader for .xlsx), and deskplan's whole read (guard, reader, cell hygiene,
team parsing) for XLSX, XLS, ODS and CSV; then the time and memory deskplan needs to refuse
each kind of bomb, and to read a long-form rota of a million rows. Figures are printed, not
asserted: a slow machine must not fail the tests.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_storage import HEADER, team_rows, write_csv, write_xlsx  # noqa: E402

from deskplan.domain.errors import InputError  # noqa: E402
from deskplan.interchange.plan_files import read_table  # noqa: E402
from deskplan.interchange.rota_file import read_rota  # noqa: E402
from deskplan.interchange.team_file import read_team  # noqa: E402
from tests.hostile import files  # noqa: E402


def make_cases(folder: Path, people: int, rows: int) -> dict[str, tuple[Path, str]]:
    """Case name → (file, what to do with it)."""
    team = team_rows(people)
    cases: dict[str, tuple[Path, str]] = {}
    xlsx = folder / "team.xlsx"
    write_xlsx(xlsx, team)
    cases["openpyxl read-only, 11k team .xlsx (rows only)"] = (xlsx, "openpyxl")
    cases["calamine, 11k team .xlsx (rows only)"] = (xlsx, "calamine")
    cases["deskplan: team from .xlsx (guard, read, clean, parse)"] = (xlsx, "team")
    full = [HEADER, *team]
    (folder / "team.xls").write_bytes(files.xls_bytes(full[:65_000]))
    cases["deskplan: team from .xls"] = (folder / "team.xls", "team")
    (folder / "team.ods").write_bytes(files.ods_bytes(full))
    cases["deskplan: team from .ods"] = (folder / "team.ods", "team")
    csv_path = folder / "team.csv"
    write_csv(csv_path, team)
    cases["deskplan: team from .csv"] = (csv_path, "team")

    bomb = folder / "bomb.xlsx"  # one part of 1 GB of zeros: about 1 MB on disk
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml"):
            archive.writestr(name, "<x/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b"0" * (1 << 20)
            for _ in range(1024):
                part.write(block)
    bomb.write_bytes(buffer.getvalue())
    cases[f"refuse: zip bomb, {bomb.stat().st_size / 1e6:.1f} MB → 1 GB"] = (bomb, "refuse")
    liar = folder / "liar.xlsx"  # the same part, its declared size rewritten to 1 KB
    liar.write_bytes(_lie_about_sizes(files.zip_bomb_xlsx()))
    cases["refuse: zip bomb that declares 1 KB parts"] = (liar, "refuse")
    for name, maker in (("cell at XFD1048576 (4.8 KB)", files.far_cell_xlsx),
                        ("cells spanning a million rows", files.tall_xlsx),
                        ("ods bomb (a million repeated rows)", files.ods_bomb),
                        ("CRC-corrupt workbook", files.crc_corrupt_xlsx)):
        path = folder / f"{len(cases)}.{'ods' if 'ods' in name else 'xlsx'}"
        path.write_bytes(maker())
        cases[f"refuse: {name}"] = (path, "refuse")
    cell = folder / "cell.csv"
    cell.write_text("staff_id,name\nA1," + "x" * 10_000_000 + "\n", encoding="utf-8")
    cases["refuse: a 10 MB cell"] = (cell, "refuse")
    rota = folder / "rota.csv"
    with rota.open("w", encoding="utf-8") as handle:
        handle.write("staff_id,date,status\n")
        for i in range(rows):
            handle.write(f"E{i % 11000:06d},{2025 + i // 4_000_000}-{1 + i // 11000 % 12:02d}-"
                         f"{1 + i // 132000 % 28:02d},O\n")
    cases[f"deskplan: long rota of {rows:,} rows ({rota.stat().st_size / 1e6:.0f} MB)"] = (
        rota, "rota")
    return cases


def _lie_about_sizes(data: bytes) -> bytes:
    """Rewrite every declared uncompressed size to 1,024 bytes (local and central headers)."""
    out = bytearray(data)
    archive = zipfile.ZipFile(io.BytesIO(data))
    for info in archive.infolist():
        local = info.header_offset
        out[local + 22: local + 26] = (1024).to_bytes(4, "little")
    central = data.find(b"PK\x01\x02")
    while central != -1:
        out[central + 24: central + 28] = (1024).to_bytes(4, "little")
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def run_case(path: Path, action: str) -> str:
    """Do `action` on `path` in this process; what happened, in a few words."""
    if action == "openpyxl":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        return f"{count:,} rows"
    if action == "calamine":
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        return f"{len(sheet.to_python()):,} rows"
    try:
        table = read_table(path)
        if action == "team":
            return f"{len(read_team(table).people):,} people"
        if action == "rota":
            known = {f"E{i:06d}" for i in range(11000)}
            return f"{sum(1 for _ in read_rota(table, known).entries()):,} days"
        return "read (not refused!)"
    except InputError as error:
        return "refused: " + str(error).splitlines()[0][:70]


def _status_mb(field: str) -> float | None:
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
        return int(status.split(f"{field}:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return None


def measure(action: Callable[[], str]) -> dict[str, object]:
    """Time, and how far the peak resident memory rose above the memory in use before (on
    Linux the peak is reset first, so the imports' own peak does not count)."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # reset VmHWM
        before = _status_mb("VmRSS") or 0.0
    except OSError:
        before = 0.0
    start = time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak - before, "outcome": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=11_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--case", nargs=2, metavar=("FILE", "ACTION"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(measure(lambda: run_case(Path(args.case[0]), args.case[1]))))
        return
    with tempfile.TemporaryDirectory() as folder:
        cases = make_cases(Path(folder), args.people, args.rows)
        print(f"{'case':<58} {'time':>8} {'memory':>9}  outcome  (memory: how far the peak "
              "resident size rose during the case)")
        for name, (path, action) in cases.items():
            done = subprocess.run([sys.executable, __file__, "--case", str(path), action],
                                  capture_output=True, text=True, check=True)
            figures = json.loads(done.stdout.splitlines()[-1])
            print(f"{name:<58} {figures['seconds']:7.2f}s {figures['peak_mb']:7.0f} MB  "
                  f"{figures['outcome']}")


if __name__ == "__main__":
    main()
