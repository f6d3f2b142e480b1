"""Persistence: SQLAlchemy records, repositories, unit of work and Alembic migrations."""
