"""Database faults get a clear page and heal by themselves: a write lock held too long, a full
disk (a real one: a tiny tmpfs), a PostgreSQL server that dropped its connections."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from actors import StudentActions
from apps import fresh_app, store_set
from pages import attempt_id, page_text
from samples import BRIDGE
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from quiz import db as quiz_db
from quiz.db import get_engine

ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))
sqlite_only = pytest.mark.skipif(ON_POSTGRES, reason="SQLite's own faults")
FIRST = {1: "fact", 2: "opinion"}
LAST = {3: "speculation", 4: "fact"}


def assert_try_again_page(response) -> None:
    assert response.status_code == 503, response.data
    assert response.headers["Retry-After"] == "5"
    assert "Answers you already saved are safe" in page_text(response)


def database_file(app) -> Path:
    return Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))


@sqlite_only
def test_a_write_lock_held_too_long_gives_a_try_again_page_then_heals(app, client, load_set,
                                                                      monkeypatch):
    load_set(BRIDGE, "bridge")
    student = StudentActions(client)
    passage = student.start("bridge")
    monkeypatch.setattr(quiz_db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    with app.app_context():
        get_engine().dispose()  # new connections take the shorter timeout
    holder = sqlite3.connect(database_file(app), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a frozen worker holding the write lock
    try:
        assert_try_again_page(student.answer(passage, FIRST))
        assert client.get(passage).status_code == 200  # reading still works meanwhile
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    saved = student.answer(passage, FIRST)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/passages/2")


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB file system of its own, so filling it fills nothing else."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the disk is full; return it, to delete it later."""
    filler = folder / "filler"
    chunk = b"x" * 65536
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(chunk)
        except OSError:
            pass
        try:
            while True:
                handle.write(b"x" * 512)
        except OSError:
            pass
    return filler


@sqlite_only
def test_a_full_disk_gives_a_try_again_page_and_writes_recover_without_a_restart(tiny_disk):
    with fresh_app(tiny_disk) as app:
        store_set(app, BRIDGE, "bridge")
        client = app.test_client()
        student = StudentActions(client)
        passage = student.start("bridge")
        assert student.answer(passage, FIRST).status_code == 302
        last = passage.replace("/passages/1", "/passages/2")
        filler = fill(tiny_disk)
        failures = [student.answer(last, LAST) for _ in range(3)]
        for failed in failures:
            assert_try_again_page(failed)
        filler.unlink()  # the teacher frees some space; the app is not restarted
        done = student.answer(last, LAST)
        assert done.status_code == 302, page_text(done)
        result = page_text(client.get(f"/attempts/{attempt_id(passage)}/result"))
        assert "of 4 correct" in result


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's connections")
def test_connections_dropped_by_a_postgresql_restart_cost_no_failed_page(app, client,
                                                                        load_set):
    load_set(BRIDGE, "bridge")
    for _ in range(3):  # warm the pool
        assert client.get("/").status_code == 200
    killer = create_engine(app.config["DATABASE_URL"], poolclass=NullPool)
    with killer.begin() as connection:  # what a restart does to every open connection
        connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()
    assert client.get("/").status_code == 200
    assert "The bridge question" in page_text(client.get("/"))
