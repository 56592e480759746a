"""Alembic environment: psoas always hands in an open connection (see psoas.store.db.migrate)."""

from __future__ import annotations

from alembic import context

from psoas.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them; batch mode does that portably
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
