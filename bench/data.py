"""The benchmark's data: big classes for the grades export, and students mid-quiz for wrk.

The classes are written with bulk inserts through the SQLAlchemy models, in-process, before
the server starts. The students are made over HTTP, as browsers would: each has its own
session cookie and CSRF token, and a practice attempt open at passage 1.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import secrets
import sqlite3
import urllib.parse
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from quiz import create_app
from quiz.classes import create_classroom
from quiz.db import get_session
from quiz.importing import import_set
from quiz.models import COUNTING, Assignment, Attempt, Student, Teacher
from quiz.questionset.parser import parse
from quiz.roster import name_key

ROOT = Path(__file__).resolve().parent.parent
IRAN_DRONES = ROOT / "questions" / "iran-drones.md"
PRACTICE_SLUG = "iran-drones"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
FIRST = ("Ada", "Bilal", "Chloé", "Dmitri", "Esi", "Farah", "Goran", "Hana", "Ivo", "Jun")
LAST = ("Okafor", "Nguyen", "Schmidt", "García", "Kowalski", "O'Brien", "Haddad", "Sato")


def build_classes(database_url: str, teacher_email: str, sizes: tuple[int, ...],
                  assignments: int = 10, seed: int = 2026) -> dict[int, int]:
    """One class per size, each with `assignments` sets assigned and every student's
    submitted attempts at each (a third of them twice); returns {size: classroom id}."""
    rng = random.Random(seed)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "bench-data"})
    with app.app_context():
        db = get_session()
        teacher = db.scalar(select(Teacher).where(Teacher.email == teacher_email))
        source = IRAN_DRONES.read_text(encoding="utf-8-sig")
        versions = []
        for unit in range(1, assignments + 1):
            text = source.replace("title: Iran, Russia", f"title: Unit {unit}: Iran, Russia", 1)
            versions.append(import_set(db, f"bench-unit-{unit:02d}", text, parse(text)).version)
        classes = {}
        for size in sizes:
            classroom = create_classroom(db, teacher, f"Year 9 ({size} students)")
            tasks = [Assignment(classroom=classroom, question_set=v.question_set,
                                counting=COUNTING[i % len(COUNTING)])
                     for i, v in enumerate(versions)]
            db.add_all(tasks)
            db.flush()
            _add_students(db, classroom.id, size)
            student_ids = db.scalars(select(Student.id).where(
                Student.classroom_id == classroom.id)).all()
            _add_attempts(db, rng, student_ids, list(zip(tasks, versions, strict=True)))
            classes[size] = classroom.id
        db.commit()
    return classes


def _add_students(db, classroom_id: int, size: int) -> None:
    rows = []
    for i in range(size):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i // len(FIRST) % len(LAST)]} {i:05d}"
        rows.append({"classroom_id": classroom_id, "name": name, "name_key": name_key(name),
                     "student_number": f"S{classroom_id:02d}{i:05d}",
                     "email": f"s{classroom_id}-{i}@school.example", "on_roster": True})
    db.execute(insert(Student), rows)


def _add_attempts(db, rng: random.Random, student_ids, tasks) -> None:
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    rows = []
    for student_id in student_ids:
        for assignment, version in tasks:
            possible = len(version.statements)
            for number in range(1, 3 if rng.random() < 1 / 3 else 2):
                begun = start + timedelta(minutes=rng.randrange(60 * 24 * 20))
                rows.append({
                    "public_id": secrets.token_urlsafe(16), "version_id": version.id,
                    "student_name": "", "started_at": begun,
                    "submitted_at": begun + timedelta(minutes=rng.randrange(5, 40)),
                    "score": rng.randrange(possible + 1), "max_score": possible,
                    "assignment_id": assignment.id, "student_id": student_id,
                    "number": number,
                })
    db.execute(insert(Attempt), rows)


@dataclass(frozen=True)
class Browser:
    """A student mid-quiz: session cookie, CSRF token, attempt (public and database id),
    and the numbers of the statements in passage 1."""

    cookie: str
    csrf: str
    public_id: str
    attempt_id: int
    first_passage: tuple[int, ...]


def practice_students(base_url: str, database: Path, count: int) -> list[Browser]:
    """`count` students who each started the shared practice quiz and opened passage 1."""
    students = []
    for n in range(count):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        start = f"{base_url}/quizzes/{PRACTICE_SLUG}"
        with opener.open(start, timeout=30) as page:
            token = CSRF.search(page.read().decode()).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "name": f"Bench {n:02d}"})
        with opener.open(start, form.encode(), timeout=30) as page:  # follows to passage 1
            assert page.url.endswith("/passages/1"), page.url
            public_id = page.url.split("/")[-3]
            token = CSRF.search(page.read().decode()).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        with closing(sqlite3.connect(database)) as db:
            rows = db.execute(
                "SELECT attempt.id, statement.number FROM attempt "
                "JOIN passage ON passage.version_id = attempt.version_id "
                "JOIN statement ON statement.passage_id = passage.id "
                "WHERE attempt.public_id = ? AND passage.position = 1 "
                "ORDER BY statement.number", (public_id,)).fetchall()
        students.append(Browser(cookie, token, public_id, rows[0][0],
                                tuple(number for _, number in rows)))
    return students


def teacher_cookie(base_url: str, email: str, password: str) -> str:
    """Sign the teacher in through the login form; returns the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base_url}/teacher/login", timeout=30) as page:
        token = CSRF.search(page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    with opener.open(f"{base_url}/teacher/login", form.encode(), timeout=30) as page:
        assert "/teacher/login" not in page.url, "the teacher could not sign in"
    return "; ".join(f"{c.name}={c.value}" for c in jar)
