"""SQLModel tables, sessions, migrations and repository functions that return domain objects."""
