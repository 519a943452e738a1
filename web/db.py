"""One SQLAlchemy engine per app, one session per app context (like the
tutorial's ``get_db``), and the programmatic ``alembic upgrade head``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g
from sqlalchemy import Engine, Select, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
EXTENSION_KEY = "panda_db"


class Database:
    """An engine plus its session factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session outside a request (CLI, sweeper)."""
        session = self.sessions()
        try:
            yield session
        finally:
            session.close()


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # SQLite ignores foreign keys unless asked; WAL lets the sweeper and
        # the web write without "database is locked" errors.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Database(app.config["DATABASE_URL"])
    app.teardown_appcontext(close_session)


def database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions[EXTENSION_KEY]


def get_session() -> Session:
    """The session of the current app context, created on first use."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def upgrade(url: str, revision: str = "head") -> None:
    """``alembic upgrade head`` on the database at ``url``."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def paginate(selected: Select[Any], query: dict[str, Any]) -> dict[str, Any]:
    """One page of an ordered query (``limit``/``offset`` from the request) and the total."""
    session = get_session()
    total = session.scalar(select(func.count()).select_from(selected.order_by(None).subquery()))
    page = selected.limit(query["limit"]).offset(query["offset"])
    return {"items": list(session.scalars(page)), "total": total}
