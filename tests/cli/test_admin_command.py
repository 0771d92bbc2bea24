"""`deskplan admin` on a real PostgreSQL server: the first admin sets up roles, adds a manager
and HR, lists them; the manager then sees their team only; purge says what would go."""

from __future__ import annotations

import pytest

from deskplan.cli import main
from deskplan.storage import repository as repo
from deskplan.storage.db import Database, sqlite_url
from tests.storage.organisation import login_url, scratch_server, set_password


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_admin_sets_up_the_organisation_from_the_command_line(capsys, monkeypatch) -> None:
    with scratch_server() as (admin_url, _schema, prefix):
        monkeypatch.setenv("DESKPLAN_DATABASE_URL", admin_url)
        code, out, _ = _run(capsys, "admin", "init", "--role-prefix", prefix)
        assert code == 0
        assert f"created the group role {prefix}manager" in out
        assert "row-level security is on" in out
        assert _run(capsys, "demo")[0] == 0
        with Database.open(admin_url) as db, db.session() as session:
            teams = [t.name for t in repo.list_teams(session)]
        manager, hr = f"{prefix}jsmith", f"{prefix}hrbp"
        code, out, _ = _run(capsys, "admin", "add-manager", manager, "--team", teams[0])
        assert (code, f"created the login {manager}" in out) == (0, True)
        code, out, _ = _run(capsys, "admin", "grant-hr", hr)
        assert "without arrangement details" in out
        code, out, _ = _run(capsys, "admin", "list")
        assert out.splitlines()[1:] == [
            "HR:", f"  {hr} (without arrangement details)",
            "Managers:", f"  {manager}: {teams[0]}"]
        code, again, _ = _run(capsys, "admin", "init", "--role-prefix", prefix)
        assert (code, "created" in again) == (0, False), "a second init only brings it up to date"
        code, _, error = _run(capsys, "admin", "add-manager", "x", "--team", "Nope")
        assert (code, "there is no team called 'Nope'" in error) == (2, True)
        with Database.open(admin_url) as db, db.session() as session:
            set_password(session, manager)
        monkeypatch.setenv("DESKPLAN_DATABASE_URL", login_url(admin_url, manager))
        code, out, _ = _run(capsys, "check", "--team-name", teams[0])
        assert out.startswith(f"{teams[0]}: checked")
        code, _, error = _run(capsys, "check", "--team-name", teams[1])
        assert code == 2
        assert f"(teams: {teams[0]!r})" in error, "only the team the manager may see is listed"
        assert teams[2] not in error
        code, _, error = _run(capsys, "admin", "purge")
        assert (code, "only a deskplan administrator" in error) == (2, True)
        monkeypatch.setenv("DESKPLAN_DATABASE_URL", admin_url)
        code, out, _ = _run(capsys, "admin", "purge", "--dry-run")
        assert out.startswith("Would remove 0 arrangements")


def test_roles_need_the_server(capsys, tmp_path) -> None:
    code, _, error = _run(capsys, "admin", "init", "--db", str(tmp_path / "mine.sqlite3"))
    assert code == 2
    assert "a SQLite file needs none" in error
    code, out, _ = _run(capsys, "admin", "retention", "7", "--db", str(tmp_path / "mine.sqlite3"))
    assert out.startswith("Arrangements are kept 7 years after they end")
    with Database.open(sqlite_url(tmp_path / "mine.sqlite3")) as db, db.session() as session:
        from deskplan.storage import audit

        assert audit.retention_years(session) == 7


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch) -> None:
    monkeypatch.delenv("DESKPLAN_DATABASE_URL", raising=False)
