"""Alembic runs the intake service's migrations on the connection `store.migrate` hands it."""

from alembic import context

from generator.intake.store import metadata

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter SQLite tables (which cannot ALTER most things in place).
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
