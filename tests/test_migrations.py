"""Schema changes go through Alembic: up and down on an empty database, and no drift."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from quiz.db import downgrade_schema, get_engine, upgrade_schema
from quiz.models import Base


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(get_engine()).get_table_names()) - {"alembic_version"}


def _empty(app) -> None:
    with app.app_context():
        Base.metadata.drop_all(get_engine())
        with get_engine().begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def test_migrations_build_exactly_the_schema_the_models_describe(app):
    _empty(app)
    with app.app_context():
        upgrade_schema()
        with get_engine().connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            drift = compare_metadata(context, Base.metadata)
    assert drift == [], "models changed without a migration: run alembic revision --autogenerate"
    assert _tables(app) == set(Base.metadata.tables)


def test_migrations_go_down_to_nothing_and_up_again(app, load_set):
    _empty(app)
    with app.app_context():
        upgrade_schema()
        downgrade_schema("base")
    assert _tables(app) == set()
    with app.app_context():
        upgrade_schema()
    load_set("# T\n\n## P\n\n> A fact.\n\n1. A fact\n   - answer: fact\n   - why: W.\n")
    assert _tables(app) == set(Base.metadata.tables)


def test_init_migrates_a_new_database_and_is_safe_to_rerun(app, runner):
    _empty(app)
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert _tables(app) == set(Base.metadata.tables)
