"""The schema comes only from the migrations, and they match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from pointsapi.core import migrate
from pointsapi.core.db import make_engine
from pointsapi.models import Base
from tests.pointsapi.conftest import PgServer


def _empty_urls(tmp_path: Path, pg_server: PgServer | None, request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    if pg_server is None:
        pytest.skip("POINTSAPI_TEST_PG_URL is not set")
    return pg_server.create(
        f"{pg_server.prefix}_empty_{tmp_path.name[-12:].lower()}".replace("-", "_")
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_db(tmp_path: Path, pg_server: PgServer | None, request: pytest.FixtureRequest) -> str:
    return _empty_urls(tmp_path, pg_server, request)


def test_upgrade_on_an_empty_database_matches_the_models(empty_db: str) -> None:
    migrate.upgrade(empty_db)
    engine = make_engine(empty_db)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                migrate.current_head()
            )
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diffs == []
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op_and_downgrade_works(empty_db: str) -> None:
    migrate.upgrade(empty_db)
    migrate.upgrade(empty_db)
    from alembic import command

    command.downgrade(migrate.alembic_config(empty_db), "base")
    engine = create_engine(empty_db)
    try:
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
    migrate.upgrade(empty_db)


def test_ledger_is_append_only_in_the_database(db_url: str) -> None:
    from datetime import UTC, datetime

    from pointsapi.core.db import Database
    from pointsapi.demo.loader import load_demo

    db = Database(db_url)
    try:
        load_demo(db, datetime(2026, 3, 10, tzinfo=UTC))
        with pytest.raises(DBAPIError, match="append-only"), db.write() as session:
            session.execute(text("UPDATE ledger_entries SET points = points + 1"))
        with pytest.raises(DBAPIError, match="append-only"), db.write() as session:
            session.execute(text("DELETE FROM ledger_entries"))
    finally:
        db.dispose()
