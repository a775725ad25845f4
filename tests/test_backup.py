"""`flask db backup FILE` and `flask db restore FILE`: a consistent copy while a class is
answering, a restore that serves the same results, and files that are refused untouched.

These run on SQLite files of their own, whatever TEST_DATABASE_URL says; PostgreSQL is only
told the commands to run, which needs no server.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest
from actors import TeacherActions
from alembic.script import ScriptDirectory
from apps import store_set
from live_server import BIN, TEACHER_EMAIL, TEACHER_PASSWORD, LiveServer
from pages import csrf_token
from samples import CLASS_SET, CLASS_SET_KEY, CLASS_SET_PASSAGES

from quiz import create_app
from quiz.db import alembic_config, get_engine, upgrade_schema

TIMEOUT = 20  # seconds, for any one request or wait
LOAD_POSTS = 2_000  # the load thread stops after this many posts, or after TIMEOUT; more
# than a slow backup on a busy machine lets it make (400 ran out once, under a parallel run)
WRONG = {1: "opinion", 2: "fact", 3: "fact", 4: "opinion"}


# -- the app on a real server, under load ------------------------------------------------


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One person's browser on loopback: its own cookies, the session's CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base_url, self.csrf = base_url, ""
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _KeepRedirects())

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base_url + path, data, TIMEOUT) as response:
                return response.status, "", response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers.get("Location", ""), error.read()

    def get(self, path: str) -> bytes:
        status, _, body = self.request(path)
        assert status == 200, (path, status)
        if b'name="csrf_token"' in body:
            self.csrf = csrf_token(body.decode())
        return body

    def post(self, path: str, form: dict[str, str], expect: int = 302) -> str:
        status, location, body = self.request(path, {"csrf_token": self.csrf, **form})
        assert status == expect, (path, status, body[:300])
        return location


def _teacher(url: str) -> Browser:
    teacher = Browser(url)
    teacher.get("/teacher/login")
    teacher.post("/teacher/login", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    return teacher


def _pupil(url: str, code: str, name: str, classroom_id: int, assignment_id: int) -> tuple:
    """A student who joined and started the assignment: their browser and attempt's path."""
    pupil = Browser(url)
    pupil.get("/join")
    pupil.post("/join", {"code": code, "name": name})
    introduction = pupil.post(f"/classes/{classroom_id}/assignments/{assignment_id}/start",
                              {}, expect=303)
    return pupil, introduction.rsplit("/", 1)[0] + "/passages"  # .../attempts/<id>/passages


def _answer(pupil: Browser, passages: str, number: int, labels: dict[int, str]) -> None:
    pupil.post(f"{passages}/{number}",
               {f"statement-{n}": labels[n] for n in CLASS_SET_PASSAGES[number - 1]})


def _shown(url: str, classroom_id: int, assignment_id: int) -> tuple[str, bytes]:
    """What the teacher sees: the results page's students table, and grades.csv."""
    teacher = _teacher(url)
    page = teacher.get(f"/teacher/assignments/{assignment_id}").decode()
    start = page.index('id="students-heading"')
    students = page[start:page.index("</table>", start)]
    return students, teacher.get(f"/teacher/classes/{classroom_id}/grades.csv")


class Load:
    """A thread re-saving the first passage of attempts in progress, as a class does while
    the backup runs: bounded in posts (LOAD_POSTS) and time (TIMEOUT), loopback only."""

    def __init__(self, pupils: list[tuple[Browser, str]]) -> None:
        self.pupils, self.stop, self.done = pupils, threading.Event(), []
        self.errors: list[str] = []
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        for count in range(LOAD_POSTS):
            if self.stop.is_set() or time.monotonic() > deadline:
                return
            pupil, passages = self.pupils[count % len(self.pupils)]
            labels = CLASS_SET_KEY if count % 2 else WRONG
            try:
                _answer(pupil, passages, 1, labels)
            except (AssertionError, OSError) as error:
                self.errors.append(repr(error))
                return
            self.done.append(time.monotonic())

    def wait_for(self, posts: int) -> None:
        deadline = time.monotonic() + TIMEOUT
        while len(self.done) < posts and time.monotonic() < deadline and not self.errors:
            time.sleep(0.01)
        assert len(self.done) >= posts, (len(self.done), self.errors)

    def __enter__(self) -> Load:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive()


@pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn not installed")
def test_a_backup_taken_under_load_restores_into_a_fresh_instance_that_serves_the_same_results(
        tmp_path):
    (tmp_path / "live").mkdir()
    (tmp_path / "bridge.md").write_text(CLASS_SET, encoding="utf-8")
    live = LiveServer(tmp_path / "live").prepare()
    live.flask("questions", "import", str(tmp_path / "bridge.md"))
    live.start()
    try:
        teacher = _teacher(live.url)
        teacher.get("/teacher/")
        classroom_id = int(teacher.post("/teacher/", {"name": "Year 9 English"}).split("/")[-1])
        page = teacher.get(f"/teacher/classes/{classroom_id}").decode()
        code = re.search(r'<p class="join-code"[^>]*>\s*([^<\s]+)', page).group(1)
        teacher.post(f"/teacher/classes/{classroom_id}/assignments",
                     {"question_set": "bridge", "due_at": "", "attempts_allowed": "",
                      "counting": "best", "reveal": "end"})
        with closing(sqlite3.connect(tmp_path / "live" / "quiz.sqlite")) as db:
            [(assignment_id,)] = db.execute("SELECT id FROM assignment").fetchall()
        for index, labels in enumerate([CLASS_SET_KEY, WRONG, {**CLASS_SET_KEY, 2: "fact"}]):
            pupil, passages = _pupil(live.url, code, f"Done {index}", classroom_id,
                                     assignment_id)
            _answer(pupil, passages, 1, labels)
            _answer(pupil, passages, 2, labels)
        busy = [_pupil(live.url, code, f"Busy {i}", classroom_id, assignment_id)
                for i in range(4)]
        before = _shown(live.url, classroom_id, assignment_id)

        backup = tmp_path / "quiz-backup.sqlite"
        with Load(busy) as load:
            load.wait_for(20)
            started = time.monotonic()
            result = live.flask("db", "backup", str(backup))
            finished = time.monotonic()
            load.wait_for(len(load.done) + 20)
        assert load.errors == []
        during = [moment for moment in load.done if started <= moment <= finished]
        print(f"\nbackup under load: {len(during)} of {len(load.done)} answers saved while "
              f"`flask db backup` ran ({finished - started:.2f} s)")
        assert during, "no answer was saved while the backup ran"
        assert f"to {backup}" in result.stdout, result.stdout
        assert _shown(live.url, classroom_id, assignment_id) == before
    finally:
        live.stop()

    fresh = LiveServer(tmp_path / "fresh")
    (tmp_path / "fresh").mkdir()
    restored = fresh.flask("db", "restore", str(backup))
    assert restored.stdout.startswith(f"Restored {backup}"), restored.stdout
    fresh.flask("init")  # as make run does before serving
    fresh.start()
    try:
        assert _shown(fresh.url, classroom_id, assignment_id) == before
    finally:
        fresh.stop()
    with closing(sqlite3.connect(backup)) as db:  # every saved answer whole in the copy
        rows = db.execute("SELECT attempt.student_name, statement.number, answer.label "
                          "FROM answer JOIN attempt ON attempt.id = answer.attempt_id "
                          "JOIN statement ON statement.id = answer.statement_id "
                          "WHERE attempt.student_name LIKE 'Busy %'").fetchall()
    assert sorted((name, number) for name, number, _ in rows) == [
        (f"Busy {i}", n) for i in range(4) for n in CLASS_SET_PASSAGES[0]]
    assert {label for *_, label in rows} <= {"fact", "speculation", "opinion"}


# -- the commands, in-process -------------------------------------------------------------


def _app(folder: Path, url: str | None = None):
    return create_app({"TESTING": True, "SECRET_KEY": "test-only-secret",
                       "DATABASE_URL": url or f"sqlite:///{folder / 'quiz.sqlite'}"})


def _migrated(folder: Path, teachers: tuple[str, ...] = ("teacher@school.example",)):
    """An app on a migrated SQLite file in `folder`, with teachers and the class set."""
    folder.mkdir(exist_ok=True)
    app = _app(folder)
    with app.app_context():
        upgrade_schema()
    for email in teachers:
        TeacherActions(app, None).create(email)
    store_set(app, CLASS_SET, "bridge")
    return app


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["db", *args])


def _rows(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as db:
        tables = [name for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
                for name in tables}


def _digest(folder: Path) -> dict[str, str]:
    """Every file in the folder and a hash of its bytes: "nothing changed" means this."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir())}


@pytest.fixture
def source(tmp_path):
    app = _migrated(tmp_path / "source")
    yield app
    with app.app_context():
        get_engine().dispose()


def test_backup_then_restore_over_a_database_keeps_the_one_it_replaced(source, tmp_path):
    backup = tmp_path / "backup.sqlite"
    result = _run(source, "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Backed up ")
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"(migration {head}: 1 teacher, 0 classes, 0 students," in result.output
    assert not Path(f"{backup}-wal").exists()  # one self-contained file
    target = _migrated(tmp_path / "target", ("a@school.example", "b@school.example"))
    replaced = _rows(tmp_path / "target" / "quiz.sqlite")
    with target.app_context():
        get_engine().dispose()  # the target app is stopped

    result = _run(target, "restore", str(backup))

    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "target" / "quiz.sqlite") == _rows(source_db(source))
    [kept] = (tmp_path / "target").glob("quiz.sqlite.before-restore-*")
    assert _rows(kept) == replaced
    assert f"Restored {backup}" in result.output and str(kept) in result.output


def source_db(app) -> Path:
    return Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))


CRASH = """\
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("INSERT INTO teacher (email, password_hash, created_at) "
           "VALUES ('crash@school.example', 'x', '2026-11-25 10:00:00')")
db.commit()
os._exit(0)  # killed: the -wal keeps the committed row, never checkpointed
"""


def test_restore_over_a_database_left_with_a_wal_file_by_a_crash(source, tmp_path):
    """Copying the backup over the file would let SQLite replay the old -wal onto it."""
    backup = tmp_path / "backup.sqlite"
    assert _run(source, "backup", str(backup)).exit_code == 0
    database = source_db(source)
    with source.app_context():
        get_engine().dispose()
    subprocess.run([sys.executable, "-c", CRASH, str(database)], check=True, timeout=30)
    assert Path(f"{database}-wal").stat().st_size > 0

    result = _run(source, "restore", str(backup))

    assert result.exit_code == 0, result.output
    assert _rows(database) == _rows(backup)
    [kept] = database.parent.glob("quiz.sqlite.before-restore-*")
    assert ("crash@school.example",) in [row[1:2] for row in _rows(kept)["teacher"]]


def test_backup_refuses_to_overwrite_a_file(source, tmp_path):
    existing = tmp_path / "last-night.sqlite"
    existing.write_text("yesterday's backup")
    result = _run(source, "backup", str(existing))
    assert result.exit_code == 1
    assert f"{existing} already exists" in result.output
    assert existing.read_text() == "yesterday's backup"


def test_backup_of_a_database_that_is_not_there(tmp_path):
    result = _run(_app(tmp_path), "backup", str(tmp_path / "copy.sqlite"))
    assert result.exit_code == 1 and "no database at" in result.output
    assert list(tmp_path.iterdir()) == []


def _not_a_database(path: Path) -> None:
    path.write_text("name,score\nAda,4\n")


def _another_apps_database(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        db.commit()


def _another_alembic_app_at_0001(path: Path) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        db.execute("INSERT INTO alembic_version VALUES ('0001')")
        db.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY)")
        db.commit()


def _from_a_newer_version(path: Path) -> None:
    _another_alembic_app_at_0001(path)
    with closing(sqlite3.connect(path)) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
        db.commit()


@pytest.mark.parametrize(("make", "message"), [
    (_not_a_database, "is not an SQLite database"),
    (lambda path: path.write_bytes(b""), "is not a database of this app (it has no tables)"),
    (_another_apps_database, "is not a database of this app (it has no migration version)"),
    (_another_alembic_app_at_0001,
     "is not a database of this app: its tables are not those of migration 0001"),
    (_from_a_newer_version, "is at migration 9999, which this app does not know"),
])
def test_restore_refuses_a_file_that_is_not_a_backup_of_this_app(source, tmp_path, make,
                                                                  message):
    bad = tmp_path / "bad.sqlite"
    make(bad)
    with source.app_context():
        get_engine().dispose()
    before, bad_before = _digest(tmp_path / "source"), bad.read_bytes()

    result = _run(source, "restore", str(bad))

    assert result.exit_code == 1
    assert message in result.output and "nothing was changed" in result.output, result.output
    assert _digest(tmp_path / "source") == before
    assert bad.read_bytes() == bad_before and sorted(tmp_path.glob("bad.sqlite*")) == [bad]


def test_restore_refuses_while_the_database_is_open(source, tmp_path):
    backup = tmp_path / "backup.sqlite"
    assert _run(source, "backup", str(backup)).exit_code == 0
    with source.app_context(), get_engine().connect():  # as a running server holds it
        before = _rows(source_db(source))
        result = _run(source, "restore", str(backup))
        assert result.exit_code == 1
        assert "is open in another process" in result.output, result.output
        assert "nothing was changed" in result.output
        assert _rows(source_db(source)) == before
    assert list((tmp_path / "source").glob("*before-restore*")) == []


POSTGRES = "postgresql+psycopg://quiz:s3cret@db.school.example:5433/quiz"


@pytest.mark.parametrize(("command", "expected"), [
    ("backup", "pg_dump --format=custom --no-owner --no-privileges "
               "--file=/backups/quiz.dump postgresql://quiz@db.school.example:5433/quiz"),
    ("restore", "pg_restore --clean --if-exists --no-owner --no-privileges "
                "--single-transaction --exit-on-error "
                "--dbname=postgresql://quiz@db.school.example:5433/quiz /backups/quiz.dump"),
])
def test_on_postgresql_the_commands_to_run_are_printed(tmp_path, command, expected):
    app = _app(tmp_path, POSTGRES)
    result = _run(app, command, "/backups/quiz.dump")
    assert result.exit_code == 0, result.output
    assert expected in result.output.splitlines()
    assert "s3cret" not in result.output and "PGPASSWORD" in result.output
    assert "not run" in result.output
    assert list(tmp_path.iterdir()) == []
