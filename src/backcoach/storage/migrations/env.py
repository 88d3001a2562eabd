"""Alembic's environment, run by `alembic.command` (see `backcoach.storage._migrate`).

The store hands its open connection over in `config.attributes["connection"]`, already inside
the transaction the upgrade must run in. Without one (a developer generating a revision), the
`sqlalchemy.url` main option names the database.
"""

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from backcoach.storage._models import Base
from backcoach.storage._schema import VERSION_TABLE

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        compare_type=True,
        # SQLite alters most things by copying the table; batch mode writes that for us.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(str(config.get_main_option("sqlalchemy.url")), poolclass=pool.NullPool)
    with engine.connect() as own:
        _run(own)


def _run_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    _run_online()
