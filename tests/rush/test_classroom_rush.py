"""The classroom rush: a class submits its last passage in the same second, on a real server.

gunicorn with two sync workers on one SQLite database (WAL, busy timeout), driven over
loopback by one cookie jar per student. Everything is set up beforehand (the class joined,
the attempt started, passage 1 saved, the last passage's CSRF token scraped), so the rush
itself is only the final submissions. Then: double submits, two tabs submitting different
answers at once, and a SIGKILL of the whole server part-way through a wave, after which no
acknowledged submission may be missing and none may be half-stored.

Every request has a timeout, every loop a fixed count and every wait a deadline.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import re
import sqlite3
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from live_server import BIN, TEACHER_EMAIL, TEACHER_PASSWORD, LiveServer

pytestmark = pytest.mark.skipif(not (BIN / "gunicorn").exists(), reason="gunicorn not installed")

RUSH = 200  # students who submit in the same second
DOUBLE = 10  # students who each send their last passage twice at once
CRASH_WAVE = 150  # students submitting when the server is killed
KILL_AFTER = 0.3  # share of the crash wave acknowledged before the SIGKILL
TIMEOUT = 30  # seconds, for any one request, barrier or wait

LABELS = ("fact", "speculation", "opinion")
SLUG = "rush-hour"
RUSH_SET = """\
---
title: Rush hour
labels: fact, speculation, opinion
---

Decide for each statement: fact, speculation or opinion?

## The timetable

> The council said the buses will run every ten minutes. Critics think the plan should be
> dropped.

1. The council said the buses will run every ten minutes
   - answer: fact
   - why: A named source said it, and the timetable can be checked.

2. "the plan should be dropped"
   - answer: opinion
   - why: Should is a judgement about what is right.

## The depot

> Engineers believe the new depot could cost more. The mayor is wrong to wait, one resident
> wrote. The old depot opened in 1990.

3. Engineers believe the new depot could cost more
   - answer: speculation
   - why: Could is a guess about the future.

4. The mayor is wrong to wait
   - answer: fact, opinion
   - why: Reported as what a resident wrote, yet itself a judgement.

5. The old depot opened in 1990
   - answer: fact
   - why: A date that can be checked.
"""
KEY = {1: {"fact"}, 2: {"opinion"}, 3: {"speculation"}, 4: {"fact", "opinion"}, 5: {"fact"}}
PASSAGES = ((1, 2), (3, 4, 5))  # statement numbers per passage
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def chosen(student: int, number: int) -> str:
    """Student `student`'s label for statement `number`: scores vary from student to student."""
    return LABELS[(student + 2 * number) % len(LABELS)]


def expected_score(student: int) -> int:
    return sum(chosen(student, n) in accepted for n, accepted in KEY.items())


def answers_form(student: int, numbers: Iterable[int]) -> dict[str, str]:
    return {f"statement-{n}": chosen(student, n) for n in numbers}


@dataclass(frozen=True)
class Reply:
    status: int
    location: str
    body: str


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Hand redirects back instead of following them: the status is what is under test."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One student's browser: its own cookie jar, every request with a timeout."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.csrf = ""
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _KeepRedirects()
        )

    def request(self, path: str, form: dict[str, str] | None = None) -> Reply:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base_url + path, data, TIMEOUT) as response:
                return Reply(response.status, "", response.read().decode())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers.get("Location", ""),
                             error.read().decode(errors="replace"))

    def load(self, path: str) -> str:
        """GET a page with a form; keeps its CSRF token, which serves every later form of
        this session, as Flask-WTF signs one per session."""
        page = self.request(path)
        assert page.status == 200, (path, page.status)
        self.csrf = csrf_token(page.body)
        return page.body

    def send(self, path: str, form: dict[str, str], expect: int = 302) -> str:
        """POST a form with the session's CSRF token; returns where the server redirects."""
        reply = self.request(path, {"csrf_token": self.csrf, **form})
        assert reply.status == expect, (path, reply.status, reply.body[:500])
        return reply.location


def csrf_token(page: str) -> str:
    match = CSRF.search(page)
    assert match, "no CSRF token in the page"
    return match.group(1)


@dataclass
class Student:
    """A student ready to submit: attempt started, passage 1 saved, last passage's form."""

    index: int
    browser: Browser
    public_id: str
    final_path: str
    final_form: dict[str, str]


@dataclass
class Classroom:
    server: LiveServer
    database: Path
    rush: list[Student]
    double: list[Student]
    tabs: list[Student]
    crash: list[Student]


@dataclass
class Outcome:
    status: int | None = None
    seconds: float = 0.0
    error: str = ""
    locked: bool = False  # "database is locked" in the body

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 400


@dataclass
class Stored:
    submitted_at: str | None
    score: int | None
    max_score: int
    labels: dict[int, str] = field(default_factory=dict)  # by statement number
    rows: int = 0


def _enrol(base_url: str, code: str, classroom_id: int, assignment_id: int,
           index: int) -> Student:
    browser = Browser(base_url)
    browser.load("/join")
    browser.send("/join", {"code": code, "name": f"Student {index:03d}"})
    introduction = browser.send(f"/classes/{classroom_id}/assignments/{assignment_id}/start",
                                {}, expect=303)
    assert introduction.endswith("/introduction"), introduction
    first = re.search(r'href="([^"]+/passages/1)"', browser.request(introduction).body).group(1)
    second = browser.send(first, answers_form(index, PASSAGES[0]))
    assert second.endswith("/passages/2"), second
    browser.load(second)  # the last passage, as the student sees it before the rush
    return Student(index, browser, second.split("/")[2], second,
                   {"csrf_token": browser.csrf, **answers_form(index, PASSAGES[1])})


def _query(database: Path, sql: str, *args: object) -> list[tuple]:
    with closing(sqlite3.connect(database, timeout=TIMEOUT)) as db:
        return db.execute(sql, args).fetchall()


def _teacher_sets_up_class(server: LiveServer, database: Path) -> tuple[int, int, str]:
    """Sign in, create a class, assign the set; returns class id, assignment id, join code."""
    teacher = Browser(server.url)
    teacher.load("/teacher/login")
    teacher.send("/teacher/login", {"email": TEACHER_EMAIL, "password": TEACHER_PASSWORD})
    location = teacher.send("/teacher/", {"name": "Year 9 rush"})
    classroom_id = int(location.rstrip("/").split("/")[-1])
    teacher.send(f"/teacher/classes/{classroom_id}/assignments",
                 {"question_set": SLUG, "attempts_allowed": "", "due_at": "",
                  "counting": "best", "reveal": "end"})
    [(assignment_id, code)] = _query(
        database, "SELECT assignment.id, classroom.join_code FROM assignment "
                  "JOIN classroom ON classroom.id = assignment.classroom_id "
                  "WHERE classroom.id = ?", classroom_id)
    return classroom_id, assignment_id, code


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterable[Classroom]:
    workdir = tmp_path_factory.mktemp("rush")
    server = LiveServer(workdir, workers=2).prepare()
    (workdir / f"{SLUG}.md").write_text(RUSH_SET, encoding="utf-8")
    server.flask("questions", "import", str(workdir / f"{SLUG}.md"))
    database = workdir / "quiz.sqlite"
    server.start()
    try:
        classroom_id, assignment_id, code = _teacher_sets_up_class(server, database)
        with ThreadPoolExecutor(8) as pool:  # 8 clients keep both workers busy
            students = list(pool.map(
                lambda i: _enrol(server.url, code, classroom_id, assignment_id, i),
                range(RUSH + 2 * DOUBLE + CRASH_WAVE),
            ))
        tabs = RUSH + DOUBLE
        yield Classroom(server, database, rush=students[:RUSH], double=students[RUSH:tabs],
                        tabs=students[tabs:tabs + DOUBLE], crash=students[tabs + DOUBLE:])
    finally:
        server.stop()


def fire(students: list[Student], on_reply: Callable[[Outcome], None] = lambda _: None,
         ) -> list[Outcome]:
    """Every student posts their final form at once: one thread each, behind one barrier.

    One thread per student rather than a pool: a pool of N sends N at a time and the rest as
    earlier ones finish, which spreads the rush out; 200 threads blocked on sockets cost
    little, and gunicorn's listen backlog (2048) queues every connection.
    """
    outcomes = [Outcome() for _ in students]
    barrier = threading.Barrier(len(students), timeout=TIMEOUT)

    def submit(outcome: Outcome, student: Student) -> None:
        try:
            barrier.wait()
            started = time.perf_counter()
            reply = student.browser.request(student.final_path, student.final_form)
            outcome.seconds = time.perf_counter() - started
            outcome.locked = "database is locked" in reply.body
            outcome.status = reply.status
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError) as error:
            outcome.error = f"{type(error).__name__}: {error}"
        on_reply(outcome)

    threads = [threading.Thread(target=submit, args=pair, daemon=True)
               for pair in zip(outcomes, students, strict=True)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 2 * TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "requests still running"
    return outcomes


def stored(database: Path, public_ids: Iterable[str]) -> dict[str, Stored]:
    """What the database holds for these attempts: the seal, the score and every answer."""
    wanted = set(public_ids)
    attempts = {
        public_id: Stored(submitted_at, score, max_score)
        for public_id, submitted_at, score, max_score in _query(
            database, "SELECT public_id, submitted_at, score, max_score FROM attempt")
        if public_id in wanted
    }
    for public_id, number, label in _query(
            database, "SELECT attempt.public_id, statement.number, answer.label FROM answer "
                      "JOIN attempt ON attempt.id = answer.attempt_id "
                      "JOIN statement ON statement.id = answer.statement_id"):
        if public_id in attempts:
            attempts[public_id].labels[number] = label
            attempts[public_id].rows += 1
    return attempts


def assert_sealed_once(record: Stored, student: int) -> None:
    assert record.submitted_at is not None
    assert record.rows == len(KEY), "an answer row is missing or duplicated"
    assert record.labels == {n: chosen(student, n) for n in KEY}
    assert (record.score, record.max_score) == (expected_score(student), len(KEY))


def assert_log_clean(server: LiveServer) -> None:
    log = server.log.read_text(errors="replace")
    assert "database is locked" not in log
    assert "Traceback" not in log and "Exception on" not in log, log[-3000:]


def _summary(outcomes: list[Outcome], wall: float) -> str:
    times = sorted(o.seconds for o in outcomes if o.status is not None) or [0.0]
    p99 = times[min(len(times) - 1, round(0.99 * len(times)))]
    return (f"{len(outcomes)} submissions in {wall:.2f} s: p50 "
            f"{statistics.median(times) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms")


def test_rush_of_final_submissions_all_counted_once(classroom: Classroom) -> None:
    started = time.perf_counter()
    outcomes = fire(classroom.rush)
    print("\nrush:", _summary(outcomes, time.perf_counter() - started))

    assert [o.error for o in outcomes if o.error] == []
    assert {o.status for o in outcomes} == {302}  # to the result page, no 500
    assert not any(o.locked for o in outcomes)
    assert_log_clean(classroom.server)
    records = stored(classroom.database, (s.public_id for s in classroom.rush))
    assert len(records) == RUSH
    for student in classroom.rush:
        assert_sealed_once(records[student.public_id], student.index)


def test_double_submit_counts_once(classroom: Classroom) -> None:
    """A double click on "Submit", then a reload that sends the form again."""
    for student in classroom.double:  # several pairs: one pair may happen not to overlap
        outcomes = fire([student, student])
        first = stored(classroom.database, [student.public_id])[student.public_id]
        again = student.browser.request(student.final_path, student.final_form)
        after = stored(classroom.database, [student.public_id])[student.public_id]

        assert [o.status for o in outcomes] == [302, 302]
        assert again.status == 302 and again.location.endswith("/result")
        assert_sealed_once(first, student.index)
        assert after == first  # the same seal, score and answers: nothing written again
    assert_log_clean(classroom.server)


def test_two_tabs_submitting_different_answers_keep_score_and_answers_together(
        classroom: Classroom) -> None:
    """Two tabs send the last passage at once with different answers: whichever is stored,
    the score must be the score of the stored answers."""
    mismatched = []
    for student in classroom.tabs:
        other_tab = Student(student.index, student.browser, student.public_id,
                            student.final_path, {**student.final_form, **{
                                f"statement-{n}": chosen(student.index + 1, n)
                                for n in PASSAGES[1]}})
        outcomes = fire([student, other_tab])
        assert [o.status for o in outcomes] == [302, 302]
        record = stored(classroom.database, [student.public_id])[student.public_id]
        assert record.submitted_at is not None and record.rows == len(KEY)
        if record.score != sum(record.labels[n] in accepted for n, accepted in KEY.items()):
            mismatched.append(student.public_id)
    assert_log_clean(classroom.server)
    assert mismatched == [], f"{len(mismatched)} of {len(classroom.tabs)} scores do not match"


def test_sigkill_mid_rush_loses_no_acknowledged_submission(classroom: Classroom) -> None:
    server, wave = classroom.server, classroom.crash
    threshold = round(KILL_AFTER * len(wave))
    acknowledged = threading.Condition()
    count = 0

    def on_reply(outcome: Outcome) -> None:
        nonlocal count
        with acknowledged:
            count += outcome.acknowledged
            acknowledged.notify_all()

    def kill_when_enough_acknowledged() -> None:
        with acknowledged:
            acknowledged.wait_for(lambda: count >= threshold, timeout=TIMEOUT)
        server.kill()

    killer = threading.Thread(target=kill_when_enough_acknowledged, daemon=True)
    killer.start()
    outcomes = fire(wave, on_reply)
    killer.join(TIMEOUT)
    acked = [s for s, o in zip(wave, outcomes, strict=True) if o.acknowledged]
    print(f"\ncrash: {len(acked)} of {len(wave)} acknowledged before the SIGKILL "
          f"(kill requested at {threshold})")
    assert threshold <= len(acked) < len(wave), "the kill did not land mid-rush"
    assert all(o.status == 302 for o in outcomes if o.status is not None)

    server.start()
    records = stored(classroom.database, (s.public_id for s in wave))
    for student in acked:
        assert_sealed_once(records[student.public_id], student.index)
    for student in wave:
        record = records[student.public_id]
        if record.submitted_at is not None:
            assert_sealed_once(record, student.index)
        else:  # the whole request rolled back: only passage 1, saved before the rush
            assert record.score is None
            assert record.labels == {n: chosen(student.index, n) for n in PASSAGES[0]}

    # After the restart, everyone not acknowledged submits again, and is counted once.
    retried = fire([s for s, o in zip(wave, outcomes, strict=True) if not o.acknowledged])
    assert {o.status for o in retried} == {302}
    records = stored(classroom.database, (s.public_id for s in wave))
    for student in wave:
        assert_sealed_once(records[student.public_id], student.index)
    assert_log_clean(server)
