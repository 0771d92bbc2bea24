"""`deskplan import team` of an 11,000-person HR export, as a command, against reading the file.

    python benchmarks/bench_scale_import.py [--people 11000] [--runs 5]

Each run imports the team list into a new SQLite file (the whole command: start, read, check,
compare with the stored team, write people and their records, report). The anchors read the
same file in a process of their own: the csv module for the CSV, openpyxl's read-only mode for
the XLSX (the reader most Python tools use; deskplan reads it with python-calamine).

The rows are measured with bytecode cached, for deskplan and the anchors alike, as an installed
(pip compiles it) or frozen deskplan runs, and as `bench_scale_startup` measures: these
machines set PYTHONDONTWRITEBYTECODE=1 and deskplan is installed editable, so a command there
also compiles deskplan's own source each time; that figure (CSV) is printed below the table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale
from bench_storage import team_rows, write_csv, write_xlsx

_CSV_READ = ("import csv, sys\n"
             "with open(sys.argv[1], newline='', encoding='utf-8-sig') as handle:\n"
             "    rows = sum(1 for _ in csv.reader(handle))\n")
_OPENPYXL_READ = ("import sys\n"
                  "from openpyxl import load_workbook\n"
                  "book = load_workbook(sys.argv[1], read_only=True, data_only=True)\n"
                  "rows = sum(1 for _ in book['Staff'].iter_rows(values_only=True))\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=scale.PEOPLE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = scale.scratch("import")
    rows = team_rows(args.people)
    csv_path, xlsx_path = folder / "team.csv", folder / "team.xlsx"
    write_csv(csv_path, rows)
    write_xlsx(xlsx_path, rows)
    database = folder / "import.sqlite3"
    # A new database for every run: the shell removes the file and becomes the command.
    fresh = ["sh", "-c", 'rm -f "$0"; exec "$@"', str(database)]
    # Compiled modules go to a folder of this run's own, written by the warm-up run.
    cache = {"PYTHONPYCACHEPREFIX": str(folder / "bytecode")}
    scale.header("Importing a team list")
    for path, anchor, label, target in (
            (csv_path, _CSV_READ, "csv read", "≤ 1 s"),
            (xlsx_path, _OPENPYXL_READ, "openpyxl read-only", "≤ 1.5 s")):
        sheet = ["--sheet", "Staff"] if path.suffix == ".xlsx" else []
        pair = scale.paired(
            [*fresh, *scale.deskplan("import", "team", str(path), "--team-name", "Big team",
                                     "--db", str(database), *sheet)],
            scale.python("-c", anchor, str(path)), runs=args.runs, env=cache, bytecode=True)
        scale.row(f"import team list, {args.people:,} people, as a command "
                  f"({path.suffix[1:].upper()})",
                  f"{label} {pair.median('wall', anchor=True):.2f} s wall, "
                  f"{pair.median('cpu', anchor=True):.2f} s CPU",
                  f"{pair.median('wall'):.2f} s wall, {pair.median('cpu'):.2f} s CPU, "
                  f"{pair.median('peak_mb'):.0f} MB", pair.ratio("cpu"), target)
    compiling = scale.paired(
        [*fresh, *scale.deskplan("import", "team", str(csv_path), "--team-name", "Big team",
                                 "--db", str(database))],
        scale.python("-c", _CSV_READ, str(csv_path)), runs=args.runs)
    print(f"the CSV import compiling deskplan's source each time (editable install, "
          f"PYTHONDONTWRITEBYTECODE): {compiling.median('wall'):.2f} s wall, "
          f"{compiling.median('cpu'):.2f} s CPU")


if __name__ == "__main__":
    main()
