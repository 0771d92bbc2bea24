"""Alembic migrations, shipped inside the package so an installed deskplan can upgrade old files.

To add one after changing `deskplan/storage/models.py`: write `versions/NNNN_<what>.py` by hand
(or with `alembic -c <ini with script_location = deskplan.storage:migrations> revision
--autogenerate`), then run `pytest tests/storage/test_migrations.py`, which checks that the
newest migration and the models agree. Add its id to `REVISIONS` too (the same test checks
that `REVISIONS` lists exactly the migrations there are).
"""

#: Every migration id, oldest first. Opening a database that is already current only compares
#: its revision with the last of these, so the window starts without importing Alembic
#: (about 0.4 s); Alembic is loaded only to create or upgrade a database.
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008",
             "0009")
