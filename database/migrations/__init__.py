"""Alembic migrations of the feature database, applied by database.upgrade."""
