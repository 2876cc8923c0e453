"""Alembic migrations of the feature database, applied by crawler.db.upgrade."""
