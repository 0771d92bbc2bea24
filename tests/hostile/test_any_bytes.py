"""Any bytes at all, fed as a team list, rota, arrangements or policy file, are either imported
or refused with exit status 2 (and then change nothing): never a traceback, never exit 1 or 3.

Examples are the sample files with bytes changed, inserted or cut, the sample team as .xlsx,
.xls and .ods likewise (so the zip, XML and binary readers see near-misses), and arbitrary
bytes. `DESKPLAN_HOSTILE_EXAMPLES=5000` explores further than the default run."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskplan.cli import main
from deskplan.resources import sample_path
from tests.hostile import files
from tests.hostile.conftest import TEAM, database_bytes

SAMPLES = {
    "team": sample_path("team.csv").read_bytes(),
    "rota": sample_path("rota-wide.csv").read_bytes()[:3000],
    "adjustments": sample_path("adjustments.csv").read_bytes(),
    "policy": sample_path("policy-default.toml").read_bytes(),
}
WORKBOOKS = {"xlsx": files.good_team_xlsx(), "xls": files.xls_bytes(files.team_rows()),
             "ods": files.ods_bytes(files.team_rows())}


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(("replace", "insert", "cut")))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if action == "replace":
            data[at: at + len(chunk)] = chunk
        elif action == "insert":
            data[at:at] = chunk
        else:
            del data[at: at + draw(st.integers(1, 200))]
    return bytes(data)


def contents(kind: str) -> st.SearchStrategy[tuple[str, bytes]]:
    text_name = "policy.toml" if kind == "policy" else f"{kind}.csv"
    options = [st.tuples(st.just(text_name), mutated(SAMPLES[kind])),
               st.tuples(st.just(text_name), st.binary(max_size=2048))]
    if kind != "policy":
        options += [st.tuples(st.just(f"{kind}.{suffix}"), mutated(workbook))
                    for suffix, workbook in WORKBOOKS.items()]
    return st.one_of(options)


def run(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as stop:
            code = int(stop.code or 0)
    return code, out.getvalue() + err.getvalue()


@settings(max_examples=int(os.environ.get("DESKPLAN_HOSTILE_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), kind=st.sampled_from(["team", "rota", "adjustments", "policy"]))
def test_any_bytes_are_imported_or_refused(sample_database: Path, data: st.DataObject,
                                           kind: str) -> None:
    name, content = data.draw(contents(kind))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "deskplan.sqlite3"
        shutil.copyfile(sample_database, db)
        path = Path(folder) / name
        path.write_bytes(content)
        before = database_bytes(db)
        extra = ["--replace"] if kind == "policy" else []
        code, output = run(["import", kind, str(path), "--team-name", TEAM, "--db", str(db),
                            *extra])
        assert "Traceback" not in output
        assert code in (0, 2), output
        if code == 2:
            assert database_bytes(db) == before, output
