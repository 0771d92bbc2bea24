"""Alembic migrations, shipped inside the package so an installed deskplan can upgrade old files.

To add one after changing `deskplan/storage/models.py`: write `versions/NNNN_<what>.py` by hand
(or with `alembic -c <ini with script_location = deskplan.storage:migrations> revision
--autogenerate`), then run `pytest tests/storage/test_migrations.py`, which checks that the
newest migration and the models agree.
"""
