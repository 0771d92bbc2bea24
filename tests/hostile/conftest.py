"""The hostile battery's fixtures: a SQLite database holding the sample team, and `deskplan`
run against it in this process, with the checks every refusal must pass."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from deskplan.cli import main
from deskplan.resources import sample_path
from deskplan.storage.db import ENVIRONMENT_VARIABLE

TEAM = "Sample team"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def database_bytes(path: Path) -> tuple[bytes, bytes]:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


@pytest.fixture(scope="session")
def sample_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples imported once (team, policy, rota, arrangements); tests get a copy."""
    path = tmp_path_factory.mktemp("template") / "deskplan.sqlite3"
    for kind, name in (("team", "team.csv"), ("policy", "policy-default.toml"),
                       ("rota", "rota-wide.csv"), ("adjustments", "adjustments.csv")):
        assert main(["import", kind, str(sample_path(name)), "--team-name", TEAM,
                     "--db", str(path)]) == 0
    return path


@pytest.fixture
def db_path(sample_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    path = tmp_path / "db" / "deskplan.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(sample_database, path)
    return path


@pytest.fixture
def deskplan(db_path: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """`deskplan ARGS --db <the copy>`; never a traceback on stderr, whatever the outcome."""
    def run(*args: object, db: bool = True) -> Outcome:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args] + (["--db", str(db_path)] if db else []))
        except SystemExit as stop:  # argparse refusing an option value
            code = int(stop.code or 0)
        out, err = capsys.readouterr()
        assert "Traceback" not in err
        assert "Traceback" not in out
        return Outcome(code, out, err)

    return run


@pytest.fixture
def refused(deskplan: Callable[..., Outcome], db_path: Path) -> Callable[..., Outcome]:
    """Run a command that must be refused: exit status 2, a message on stderr, and the
    database byte for byte as it was."""
    def run(*args: object) -> Outcome:
        before = database_bytes(db_path)
        outcome = deskplan(*args)
        assert outcome.code == 2, (outcome.out, outcome.err)
        assert outcome.err.startswith("deskplan: ")
        assert database_bytes(db_path) == before
        return outcome

    return run


# The window's fixtures, shared with the UI tests.
from tests.ui.conftest import db_url, demo_window, make_window  # noqa: E402

__all__ = ["db_url", "demo_window", "make_window"]
