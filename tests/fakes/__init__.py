"""In-memory UnitOfWork with the SQL implementation's semantics, for fast use-case tests.

`MemoryStore()` is the database; `store.uow_factory()` gives units of work on it. Transactions are
serialised by a lock (like SQLite's BEGIN IMMEDIATE) and roll back unless committed. One module per
repository, named like its SQL twin in storage/repositories/ (and uow.py like storage/uow.py).
"""

from .store import MemoryStore
from .uow import FakeUnitOfWork

__all__ = ["FakeUnitOfWork", "MemoryStore"]
