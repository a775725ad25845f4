"""Security swept over every route: CSRF, stored XSS, forged input, headers and cookies, the
sign-in rate limit, and bandit. `test_safety.py` holds the first, narrower checks of each."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from conftest import (
    CLASS_SET,
    CLASS_SET_KEY,
    ROOT,
    Pupil,
    StudentActions,
    TeacherActions,
    csrf_token,
    page_text,
)
from flask import abort
from sqlalchemy import String, func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from quiz import create_app
from quiz.db import get_engine, get_session
from quiz.models import Base, QuestionSet, Student, Teacher

PASSWORD = "correct horse battery"  # the conftest teacher's
BIG = 10**30


def teacher_world(app, client, classrooms, pupils, class_set) -> dict:
    """`client` is a signed-in teacher and a student of the teacher's class, with something
    behind every URL: a class, an assignment, attempts, a shared and an own set."""
    info = classrooms.create("Year 9")
    own = publish(client, CLASS_SET.replace("The bridge question", "Own bridge"), "own.md")
    assignment_id = classrooms.assign(info.id, class_set, reveal="passage")
    ada = pupils()
    assert ada.join(info.code, "Ada").status_code == 302
    ada.take(info.id, assignment_id, CLASS_SET_KEY)
    assert client.post("/join", data={"code": info.code, "name": "Tess"}).status_code == 302
    mine = Pupil(client).begin(info.id, assignment_id)
    assert Pupil(client).answer(mine, 1, {1: "fact", 2: "fact"}).status_code == 302
    StudentActions(client).start(class_set)
    with app.app_context():
        student_id = get_session().scalar(select(Student.id).where(Student.name == "Ada"))
    return {"classroom_id": info.id, "assignment_id": assignment_id, "public_id": mine,
            "student_id": student_id, "slug": class_set, "own_slug": own, "code": info.code}


def publish(client, text: str, filename: str) -> str:
    """Publish a set through the upload page; returns its slug."""
    response = client.post("/teacher/sets/new", content_type="multipart/form-data", data={
        "action": "publish", "upload": (io.BytesIO(text.encode()), filename)})
    assert response.status_code == 302, page_text(response)
    return response.headers["Location"].rsplit("/", 1)[1]


@pytest.fixture
def world(app, client, classrooms, pupils, class_set):
    return teacher_world(app, client, classrooms, pupils, class_set)


def url_for_rule(app, rule, world: dict) -> str:
    values = {**world, "number": 2 if rule.endpoint == "student.passage" else 1,
              "filename": "style.css"}
    if rule.endpoint == "sets.edit":
        values["slug"] = world["own_slug"]
    return app.url_map.bind("localhost").build(
        rule.endpoint, {name: values[name] for name in rule.arguments})


def rules(app, method: str) -> list:
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods),
                  key=lambda r: r.rule)


def database(app) -> dict[str, list]:
    """Every row of every table."""
    with app.app_context():
        db = get_session()
        return {t.name: sorted((tuple(r) for r in db.execute(t.select())), key=repr)
                for t in Base.metadata.sorted_tables}


def overflowing_columns(app) -> list[str]:
    """String(n) columns holding more than n characters: SQLite keeps them, PostgreSQL 500s."""
    found = []
    with app.app_context():
        db = get_session()
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, String) and column.type.length:
                    longest = db.scalar(select(func.max(func.length(column))))
                    if longest and longest > column.type.length:
                        found.append(f"{table.name}.{column.name}: {longest} > "
                                     f"{column.type.length}")
    return found




def everything_body() -> dict:
    """A form body that would change whatever a route changes, had its token been good."""
    return {"name": "Changed", "code": "AAAA-AAAA", "email": "teacher@school.example",
            "password": PASSWORD, "question_set": "bridge", "due_at": "", "counting": "first",
            "attempts_allowed": "1", "reveal": "end", "action": "publish",
            "statement-1": "opinion", "statement-2": "opinion", "statement-3": "opinion",
            "source": CLASS_SET.replace("The bridge question", "Changed"),
            "roster": (io.BytesIO(b"name\nMallory\n"), "roster.csv")}


# -- 1. CSRF on every state-changing route ------------------------------------------------------

def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(app, client, world, csrf_app):
    browser = csrf_app.test_client()  # the same signed-in teacher and joined student
    browser.set_cookie("session", client.get_cookie("session").value)
    other_session = csrf_token(csrf_app.test_client().get("/join").get_data(as_text=True))
    before = database(app)
    swept = []
    for rule in rules(app, "POST"):
        url = url_for_rule(app, rule, world)
        for token, header in ((None, None), ("", None), ("forged", None),
                              (other_session, None), (None, "forged")):
            data = everything_body() | ({} if token is None else {"csrf_token": token})
            response = browser.post(url, data=data, content_type="multipart/form-data",
                                    headers={"X-CSRFToken": header} if header else {})
            assert response.status_code == 400, (url, token, header, response.status_code)
            assert "This form has expired" in page_text(response), url
        swept.append(rule.endpoint)
    assert len(swept) >= 10, swept
    assert database(app) == before
    assert browser.get("/teacher/").status_code == 200  # not signed out
    assert browser.get(f"/classes/{world['classroom_id']}").status_code == 200  # still Tess
    page = browser.get("/join").get_data(as_text=True)  # and a real token still works
    assert browser.post("/join", data={"code": world["code"], "name": "Tess",
                                       "csrf_token": csrf_token(page)}).status_code == 302


# -- 2. stored XSS through every teacher field and a student's name ------------------------------

def script(n: int) -> str:
    return f"<script>alert({n})</script>"


def img(n: int) -> str:
    return f'"><img src=x onerror=alert({n})>'


def both(n: int) -> str:
    return f"{script(n)} {img(n)}"


def as_text(n: int) -> str:
    """Markdown that a reader sees as the payload, written with entities."""
    return both(n).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_payload(n: int) -> str:
    """Raw HTML that must be removed, links that must lose their href, and text to show."""
    # The text first: Python-Markdown garbles entities after raw HTML that starts a line.
    return (f"{as_text(n)} {script(n)} <img src=x onerror=alert({n})> "
            f'[click](javascript:alert({n})) <a href="javascript:alert({n})">raw</a>')


FIELDS = {"class": 1, "renamed class": 2, "roster name": 3, "roster id": 4, "roster email": 5,
          "title": 6, "intro": 7, "heading": 8, "passage": 9, "statement": 10, "why": 11,
          "cue": 12, "label": 13, "joined name": 14, "joined id": 15, "practice name": 16,
          "filename": 17, "problem": 18}
F = FIELDS
LABEL = both(F["label"])  # no comma in it: labels are separated by commas
HOSTILE_SET = f"""\
---
title: {both(F['title'])}
labels: fact, {LABEL}
---

Intro {markdown_payload(F['intro'])}

## {both(F['heading'])}

> The council said {as_text(F['statement'])} today. Cue {as_text(F['cue'])} here.
> {markdown_payload(F['passage'])}

1. {both(F['statement'])}
   - answer: {LABEL}
   - why: Because {markdown_payload(F['why'])}
   - cues: {script(F['cue'])}

## Second

> Repairs could take a year.

2. Repairs could take a year
   - answer: fact
   - why: Plain.
"""


class ActiveContent(HTMLParser):
    """What in a page could run: script-like elements, on* attributes, script URLs."""

    ELEMENTS = {"script", "iframe", "object", "embed", "base", "frame"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            elif name in self.URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:",
                                                                 "data:text")):
                self.found.append(f"<{tag} {name}={value}>")

    handle_startendtag = handle_starttag


def assert_inert(html: str, where: str) -> None:
    parser = ActiveContent()
    parser.feed(html)
    assert parser.found == [], where
    assert "<script" not in html.lower(), where  # `onerror=` may be text: the parser judges
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I), where


def hostile_pages(client, classrooms, pupils, load_set) -> dict[str, str]:
    """Every page that shows a hostile value, as a teacher, a class student, a practiser."""
    pages: dict[str, str] = {}

    def get(name: str, url: str, browser=client) -> None:
        response = browser.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = response.get_data(as_text=True)

    def post(name: str, url: str, browser=client, **kwargs) -> None:
        response = browser.post(url, follow_redirects=True, **kwargs)
        assert response.status_code in (200, 400), (name, url, response.status_code)
        pages[name] = response.get_data(as_text=True)

    post("flash: class created", "/teacher/", data={"name": both(F["class"])})
    cid = int(re.search(r"/teacher/classes/(\d+)", pages["flash: class created"]).group(1))
    post("flash: renamed", f"/teacher/classes/{cid}/name", data={"name": both(F["renamed class"])})
    code = classrooms.code(cid)
    tess = pupils()
    post("flash: joined", "/join", browser=tess.client, data={
        "code": code, "name": both(F["joined name"]), "student_number": script(F["joined id"])})
    roster = io.StringIO()
    csv.writer(roster).writerows([("name", "student id", "email"), (
        both(F["roster name"]), script(F["roster id"]), f"{img(F['roster email'])}@x.example")])
    post("flash: roster", f"/teacher/classes/{cid}/roster", content_type="multipart/form-data",
         data={"roster": (io.BytesIO(roster.getvalue().encode()), "roster.csv")})
    filename = f"{script(F['filename'])}<img src=x onerror=alert({F['filename']})>.md"
    upload = {"upload": (io.BytesIO(HOSTILE_SET.encode()), filename)}
    post("teacher: set preview", "/teacher/sets/new", content_type="multipart/form-data",
         data={"action": "preview", **upload})
    broken = HOSTILE_SET.replace(f"answer: {LABEL}", f"answer: {both(F['problem'])}")
    post("teacher: set problems", "/teacher/sets/new", data={"action": "check",
                                                            "source": broken})
    upload = {"upload": (io.BytesIO(HOSTILE_SET.encode()), filename)}
    post("flash: published", "/teacher/sets/new", content_type="multipart/form-data",
         data={"action": "publish", **upload})
    slug = re.search(r'href="/teacher/sets/([^"/]+)/edit"', pages["flash: published"]).group(1)
    aid = classrooms.assign(cid, slug, reveal="passage")
    roster_pupil = pupils()
    assert roster_pupil.join(code, both(F["roster name"])).status_code == 302
    labels = {1: LABEL, 2: "fact"}
    roster_pupil.take(cid, aid, labels, passages=((1,), (2,)))
    public_id = tess.begin(cid, aid)
    get("student: index", "/", tess.client)
    get("student: class", f"/classes/{cid}", tess.client)
    get("student: passage", f"/attempts/{public_id}/passages/1", tess.client)
    post("student: review", f"/attempts/{public_id}/passages/1", tess.client,
         data={"statement-1": LABEL})
    post("student: result", f"/attempts/{public_id}/passages/2", tess.client,
         data={"statement-2": "fact"})
    get("teacher: classes", "/teacher/")
    get("teacher: class", f"/teacher/classes/{cid}")
    get("teacher: results", f"/teacher/assignments/{aid}")
    get("teacher: attempt", f"/teacher/attempts/{public_id}")
    get("teacher: settings", f"/teacher/assignments/{aid}/settings")
    get("teacher: sets", "/teacher/sets/")
    get("teacher: set", f"/teacher/sets/{slug}")
    get("teacher: set edit", f"/teacher/sets/{slug}/edit")
    load_set(HOSTILE_SET, "hostile")
    practiser = pupils().client
    get("practice: start", "/quizzes/hostile", practiser)
    first = StudentActions(practiser).start("hostile", both(F["practice name"]))
    get("practice: passage", first, practiser)
    StudentActions(practiser).answer(first, {1: LABEL})
    post("practice: result", first.replace("/passages/1", "/passages/2"), practiser,
         data={"statement-2": "fact"})
    get("practice: start again", "/quizzes/hostile", practiser)
    return pages


# Where each value must be visible, as text; everywhere else it may not be shown at all.
SHOWN = {
    "class": ["flash: class created"],
    "renamed class": ["flash: renamed", "flash: joined", "teacher: classes", "teacher: class",
                      "teacher: results", "teacher: settings", "student: index",
                      "student: class"],
    "roster name": ["teacher: class", "teacher: results"],
    "roster id": ["teacher: class"],
    "roster email": ["teacher: class"],
    "title": ["teacher: set preview", "flash: published", "teacher: sets", "teacher: set",
              "teacher: set edit", "teacher: class", "teacher: results", "teacher: attempt",
              "teacher: settings", "student: class", "student: passage", "student: result",
              "practice: start", "practice: result"],
    "intro": ["teacher: set preview", "teacher: set", "practice: start"],
    "heading": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: passage",
                "student: review", "student: result", "practice: passage", "practice: result"],
    "passage": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: passage",
                "student: review", "student: result", "practice: passage", "practice: result"],
    "statement": ["teacher: set preview", "teacher: set", "teacher: attempt",
                  "teacher: results", "student: passage", "student: review", "student: result",
                  "practice: passage", "practice: result"],
    "why": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: review",
            "student: result", "practice: result"],
    "cue": ["teacher: set preview", "teacher: set", "teacher: attempt", "student: review",
            "student: result", "practice: result"],
    "label": ["teacher: set preview", "teacher: set", "teacher: attempt", "teacher: results",
              "student: passage", "student: review", "student: result", "practice: start",
              "practice: passage", "practice: result"],
    "joined name": ["flash: joined", "student: class", "teacher: class", "teacher: results",
                    "teacher: attempt"],
    "joined id": ["teacher: class"],
    "practice name": ["practice: result", "practice: start again"],
    "filename": ["teacher: set preview"],
    "problem": ["teacher: set problems"],
}


def test_hostile_values_are_inert_on_every_page(client, classrooms, pupils, load_set):
    pages = hostile_pages(client, classrooms, pupils, load_set)
    for name, html in pages.items():
        assert_inert(html, name)
    missing = []
    for field, where in SHOWN.items():
        n = FIELDS[field]
        escaped = (f"&lt;script&gt;alert({n})&lt;/script&gt;",
                   f"&lt;img src=x onerror=alert({n})&gt;")
        missing += [(field, name) for name in where
                    if not any(text in pages[name] for text in escaped)]
    assert missing == []


# -- 3. forged input: 400, 404 or 413, never 500 -----------------------------------------------

def roster_file(text: str | bytes, name: str = "roster.csv") -> dict:
    raw = text.encode() if isinstance(text, str) else text
    return {"roster": (io.BytesIO(raw), name)}


def set_file(text: str | bytes, name: str = "forged.md") -> dict:
    raw = text.encode() if isinstance(text, str) else text
    return {"action": "publish", "upload": (io.BytesIO(raw), name)}


def bridge(**changes: str) -> str:
    """CLASS_SET with words replaced: `The_council_decides="x"` replaces "The council decides"."""
    text = CLASS_SET
    for old, new in changes.items():
        text = text.replace(old.replace("_", " "), new)
    return text


ASSIGN = {"question_set": "bridge", "due_at": "", "attempts_allowed": "", "counting": "best",
          "reveal": "end"}
PRACTICE = "/attempts/{practice}/passages/1"
FORGED = [
    # (what, method, url, body, codes allowed)
    ("label in another case", "post", PRACTICE, {"statement-1": "FACT", "statement-2": "fact"},
     {400}),
    ("label of no set", "post", PRACTICE, {"statement-1": "true", "statement-2": "fact"}, {400}),
    ("label of 10 000 characters", "post", PRACTICE,
     {"statement-1": "f" * 10_000, "statement-2": "fact"}, {400}),
    ("statements of another passage", "post", PRACTICE,
     {"statement-3": "opinion", "statement-4": "fact"}, {400}),
    ("statement 99", "post", PRACTICE, {"statement-99": "fact"}, {400}),
    ("passage -1", "post", "/attempts/{practice}/passages/-1", {"statement-1": "fact"}, {400}),
    ("passage 0", "get", "/attempts/{practice}/passages/0", None, {400}),
    ("passage 10**30", "post", f"/attempts/{{practice}}/passages/{BIG}",
     {"statement-1": "fact"}, {400}),
    ("review 10**30", "get", f"/attempts/{{practice}}/passages/{BIG}/review", None, {302}),
    ("class id 10**30", "get", f"/classes/{BIG}", None, {404}),
    ("class id 2**31", "get", "/classes/2147483648", None, {404}),
    ("teacher class id 10**30", "get", f"/teacher/classes/{BIG}", None, {404}),
    ("assignment id 10**30", "post", f"/teacher/assignments/{BIG}/settings", ASSIGN, {404}),
    ("student id 10**30", "post", f"/teacher/classes/{{cid}}/students/{BIG}/rejoin", {},
     {404}),
    ("grades of class 2**31", "get", "/teacher/classes/2147483648/grades.csv", None, {404}),
    ("start with no name", "post", "/quizzes/bridge", {"name": "   "}, {400}),
    ("practice name of 101", "post", "/quizzes/bridge", {"name": "a" * 101}, {400}),
    ("join name of 101", "post", "/join", {"code": "{code}", "name": "a" * 101}, {400}),
    ("join id of 65", "post", "/join", {"code": "{code}", "name": "Al", "student_number":
                                        "1" * 65}, {400}),
    ("join email of 255", "post", "/join", {"code": "{code}", "name": "Al", "email":
                                            "a" * 245 + "@x.example"}, {400}),
    ("join code of 21", "post", "/join", {"code": "A" * 21, "name": "Al"}, {400}),
    ("sign-in email of 255", "post", "/teacher/login", {"email": "a" * 255, "password": "x"},
     {400}),
    ("sign-in password of 201", "post", "/teacher/login",
     {"email": "teacher@school.example", "password": "x" * 201}, {400}),
    ("class name of 101", "post", "/teacher/", {"name": "a" * 101}, {400}),
    ("rename to 101", "post", "/teacher/classes/{cid}/name", {"name": "a" * 101}, {400}),
    ("attempts allowed 0", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"attempts_allowed": "0"}, {400}),
    ("attempts allowed 10**30", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"attempts_allowed": str(BIG)}, {400}),
    ("attempts allowed 'two'", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"attempts_allowed": "two"}, {400}),
    ("counting forged", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"counting": "worst"}, {400}),
    ("reveal forged", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"reveal": "never"}, {400}),
    ("due date forged", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"due_at": "tomorrow"}, {400}),
    ("set of another teacher", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"question_set": "theirs"}, {400}),
    ("set that does not exist", "post", "/teacher/classes/{cid}/assignments",
     ASSIGN | {"question_set": "nothing"}, {400}),
    ("roster not .csv", "post", "/teacher/classes/{cid}/roster",
     roster_file("name\nA\n", "roster.exe"), {400}),
    ("roster in Latin-1", "post", "/teacher/classes/{cid}/roster",
     roster_file("name\nJosé\n".encode("latin-1")), {400}),
    ("roster name of 101", "post", "/teacher/classes/{cid}/roster",
     roster_file("name\n" + "a" * 101 + "\n"), {400}),
    ("set action forged", "post", "/teacher/sets/new", {"action": "delete", "source": CLASS_SET},
     {400}),
    ("set filename of 256", "post", "/teacher/sets/new",
     {"action": "check", "source": CLASS_SET, "filename": "a" * 253 + ".md"}, {400}),
    ("set upload not .md", "post", "/teacher/sets/new", set_file(CLASS_SET, "set.exe"), {400}),
    ("set upload in Latin-1", "post", "/teacher/sets/new",
     set_file(bridge(Engineers="Ingénieurs").encode("latin-1")), {400}),
    ("NUL in a typed name", "post", "/quizzes/bridge", {"name": "Ada\x00"}, {400}),
    ("NUL in a class name", "post", "/teacher/", {"name": "Year\x009"}, {400}),
    ("NUL in a URL", "get", "/quizzes/bridge%00", None, {400}),
    ("NUL in a query", "get", "/teacher/login?next=/%00", None, {400}),
]
# Found by this table and fixed: each was a 500 (most only on PostgreSQL, which enforces
# column lengths and refuses NUL) or a value too long for its column.
FIXED = [
    ("roster student id of 65", "post", "/teacher/classes/{cid}/roster",
     roster_file("name,student id\nAl," + "1" * 65 + "\n"), {400}),
    ("roster email of 255", "post", "/teacher/classes/{cid}/roster",
     roster_file("name,email\nAl," + "a" * 245 + "@x.example\n"), {400}),
    ("roster cell over csv's field limit", "post", "/teacher/classes/{cid}/roster",
     roster_file("name\n" + "a" * 140_000 + "\n"), {400}),
    ("NUL in a roster", "post", "/teacher/classes/{cid}/roster",
     roster_file("name\nA\x00l\n"), {400}),
    ("join name of 100 'ß' (its key is 200)", "post", "/join",
     {"code": "{code}", "name": "ß" * 100}, {302}),
    ("set title of 301", "post", "/teacher/sets/new",
     set_file(bridge(The_bridge_question="t" * 301)), {400}),
    ("set heading of 301", "post", "/teacher/sets/new",
     set_file(bridge(The_council_decides="h" * 301)), {400}),
    ("set label of 101", "post", "/teacher/sets/new",
     set_file(bridge(opinion="o" * 101)), {400}),
    ("pasted title whose slug is over 200", "post", "/teacher/sets/new",
     {"action": "publish", "source": bridge(The_bridge_question="t" * 250)}, {302}),
    ("NUL in an uploaded set", "post", "/teacher/sets/new",
     set_file(CLASS_SET.replace("Why-one", "Why\x00one")), {400}),
]


@pytest.fixture
def forge(app, client, classrooms, class_set, load_set):
    """A signed-in teacher with a class, who is practising the shared set too."""
    info = classrooms.create("Year 9")
    load_set(CLASS_SET.replace("The bridge question", "Theirs"), "theirs")
    with app.app_context():  # another teacher's set; no password hashed, it never signs in
        db = get_session()
        other = Teacher(email="other@school.example", password_hash="-")
        db.add(other)
        db.flush()
        db.scalar(select(QuestionSet).where(QuestionSet.slug == "theirs")).owner_id = other.id
        db.commit()
    first = StudentActions(client).start(class_set)
    return {"cid": info.id, "code": info.code, "practice": first.split("/")[2]}


@pytest.mark.parametrize(("what", "method", "url", "body", "codes"), FORGED + FIXED,
                         ids=[row[0] for row in FORGED + FIXED])
def test_forged_input_is_refused_never_a_500(app, client, forge, what, method, url, body,
                                             codes):
    url = url.format(**forge)
    if isinstance(body, dict):
        body = {k: v.format(**forge) if isinstance(v, str) and "{" in v else v
                for k, v in body.items()}
    response = client.open(url, method=method.upper(), data=body)
    assert response.status_code in codes, (what, response.status_code, page_text(response))
    assert overflowing_columns(app) == []


def test_a_due_date_that_is_past_year_9999_in_utc_is_refused(app, client, forge):
    app.config["TIMEZONE"] = "America/New_York"  # 9999-12-31 23:59 there is past year 9999
    response = client.post(f"/teacher/classes/{forge['cid']}/assignments",
                           data=ASSIGN | {"due_at": "9999-12-31T23:59"})
    assert response.status_code == 400


def multipart_over_the_limit(app, field: str, filename: str | None = None) -> dict:
    """A body just over MAX_CONTENT_LENGTH, encoded in memory (the test client would spool it
    to a file it never closes)."""
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    value = FileStorage(io.BytesIO(big.encode()), filename=filename) if filename else big
    boundary, body = encode_multipart(MultiDict({field: value, "action": "publish"}))
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


@pytest.mark.parametrize(("url", "field", "filename"), [
    ("/teacher/login", "password", None),
    ("/join", "name", None),
    ("/teacher/", "name", None),
    ("/teacher/classes/{cid}/name", "name", None),
    ("/teacher/classes/{cid}/roster", "roster", "roster.csv"),
    ("/teacher/sets/new", "upload", "big.md"),
    ("/teacher/sets/new", "source", None),
])
def test_a_body_over_the_limit_is_413(app, client, forge, url, field, filename):
    before = database(app)
    response = client.post(url.format(**forge), **multipart_over_the_limit(app, field, filename))
    assert response.status_code == 413
    assert "That was too large to send." in page_text(response)
    assert database(app) == before


# -- 4. security headers on every page, and the session cookie ---------------------------------

def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def header_problems(response) -> list[str]:
    problems = []
    csp = csp_directives(response.headers.get("Content-Security-Policy", ""))
    scripts = csp.get("script-src", csp.get("default-src"))
    if not scripts or "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        problems.append(f"script-src {scripts}")
    if csp.get("frame-ancestors") != ["'none'"]:
        problems.append(f"frame-ancestors {csp.get('frame-ancestors')}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("nosniff")
    if not response.headers.get("Referrer-Policy"):
        problems.append("Referrer-Policy")
    return problems


def error_responses(app, csrf_app, world) -> dict[str, object]:
    """One response for each error page: 400, CSRF, 404, 405, 413, 429, 500."""
    client = app.test_client()
    responses = {
        "400": client.get("/quizzes/bridge%00"),
        "400 CSRF": csrf_app.test_client().post("/join", data={"name": "x"}),
        "404": client.get("/nothing-here"),
        "405": client.get("/teacher/logout"),
        "413": client.post("/join", **multipart_over_the_limit(app, "name")),
    }
    for _ in range(11):
        responses["429"] = client.post("/teacher/login", data={"email": "x@y.z", "password": "x"})
    broken = create_app({"SECRET_KEY": "x", "DATABASE_URL": app.config["DATABASE_URL"],
                         "PROPAGATE_EXCEPTIONS": False})
    broken.add_url_rule("/boom", "boom", lambda: abort(500))
    broken.add_url_rule("/crash", "crash", lambda: 1 / 0)
    responses["500"] = broken.test_client().get("/boom")
    responses["500 unhandled"] = broken.test_client().get("/crash")
    with broken.app_context():
        get_engine().dispose()
    return responses


def test_every_page_download_and_error_sends_the_security_headers(app, client, world,
                                                                  csrf_app):
    responses = {}
    for rule in rules(app, "GET"):
        url = url_for_rule(app, rule, world)
        response = client.get(url)
        response.get_data()  # a download streams: read it to the end, then close it
        response.close()
        assert response.status_code < 500, (url, response.status_code)
        responses[f"{rule.endpoint} {response.status_code}"] = response
    errors = error_responses(app, csrf_app, world)
    assert {name: r.status_code for name, r in errors.items()} == {
        "400": 400, "400 CSRF": 400, "404": 404, "405": 405, "413": 413, "429": 429,
        "500": 500, "500 unhandled": 500}
    responses |= errors
    assert {"exports.grades 200", "exports.answers 200", "sets.source 200",
            "static 200"} <= set(responses)
    assert len(responses) >= 25
    problems = {name: p for name, r in responses.items() if (p := header_problems(r))}
    assert problems == {}


def session_cookie(response) -> set[str]:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    return {a.strip().lower() for a in cookies[0].split(";")[1:]}


@pytest.mark.parametrize("base_url", ["https://localhost", "http://localhost"])
@pytest.mark.parametrize("who", ["teacher", "student"])
def test_the_session_cookie_is_secure_exactly_over_https(app, client, class_set, base_url,
                                                        who):
    if who == "teacher":
        TeacherActions(app, client).create()
        response = client.post("/teacher/login", base_url=base_url,
                               data={"email": "teacher@school.example", "password": PASSWORD})
    else:
        response = client.post("/quizzes/bridge", data={"name": "Ada"}, base_url=base_url)
    assert response.status_code == 302
    attributes = session_cookie(response)
    assert {"httponly", "samesite=lax"} <= attributes
    assert ("secure" in attributes) == base_url.startswith("https:")


def test_session_cookie_secure_forces_the_flag_over_http(app, client, class_set):
    app.config["SESSION_COOKIE_SECURE"] = True
    assert "secure" in session_cookie(client.post("/quizzes/bridge", data={"name": "Ada"}))


# -- 5. the sign-in rate limit -------------------------------------------------------------------

def sign_in(client, email="teacher@school.example", password="wrong password", address=None):
    extra = {"environ_base": {"REMOTE_ADDR": address}} if address else {}
    return client.post("/teacher/login", data={"email": email, "password": password}, **extra)


def test_the_eleventh_failed_sign_in_in_a_minute_is_refused(app, client):
    TeacherActions(app, client).create()
    assert [sign_in(client).status_code for _ in range(10)] == [400] * 10
    refused = sign_in(client)
    assert refused.status_code == 429
    assert "Too many sign-in attempts. Wait a minute and try again." in page_text(refused)
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert header_problems(refused) == []
    assert sign_in(client, password=PASSWORD).status_code == 429  # even the right password
    assert client.get("/teacher/").status_code == 302  # not signed in
    assert client.get("/teacher/login").status_code == 200  # the page itself still shows
    elsewhere = sign_in(client, email="b@school.example", address="10.0.0.2")
    assert elsewhere.status_code == 400  # another address, another email: its own count
    same_email = sign_in(client, "TEACHER@school.example ", PASSWORD, address="10.0.0.3")
    assert same_email.status_code == 429  # the email has had its ten tries, from anywhere


def test_only_failed_sign_ins_count(app, client):
    TeacherActions(app, client).create()
    for _ in range(12):  # a staff room of teachers signing in from one address
        assert sign_in(client, password=PASSWORD).status_code == 302
        assert client.post("/teacher/logout").status_code == 302
    assert [sign_in(client).status_code for _ in range(10)] == [400] * 10
    assert sign_in(client).status_code == 429


def test_signing_out_and_other_forms_are_not_limited(app, client, teacher, class_set):
    for _ in range(10):
        sign_in(client, email="someone@else.example")
    assert sign_in(client).status_code == 429
    for _ in range(12):
        assert client.post("/quizzes/bridge", data={"name": ""}).status_code == 400
    assert client.get("/teacher/").status_code == 200
    assert client.post("/teacher/logout").status_code == 302


def test_each_app_counts_in_its_own_storage(app, client):
    """A limiter of each app's own: another app (or the next test's) starts at zero, and one
    made with the limiter off leaves the next one on."""
    TeacherActions(app, client).create()
    config = {key: app.config[key] for key in ("TESTING", "SECRET_KEY", "DATABASE_URL",
                                               "WTF_CSRF_ENABLED")}
    made = [create_app(config), create_app(config | {"RATELIMIT_ENABLED": False}),
            create_app(config)]
    try:
        assert [sign_in(client).status_code for _ in range(11)] == [400] * 10 + [429]
        first, off, after = (other.test_client() for other in made)
        assert sign_in(first).status_code == 400
        assert [sign_in(off).status_code for _ in range(12)] == [400] * 12
        assert [sign_in(after).status_code for _ in range(11)] == [400] * 10 + [429]
        assert sign_in(client).status_code == 429
    finally:
        for other in made:
            with other.app_context():
                get_engine().dispose()
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


# -- 6. bandit -------------------------------------------------------------------------------

def test_bandit_finds_nothing_of_medium_or_high_severity():
    result = subprocess.run([sys.executable, "-m", "bandit", "-r", "quiz", "-ll", "-q",
                             "-f", "json"], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    report = json.loads(result.stdout)
    assert report["errors"] == []
    serious = [(r["filename"], r["line_number"], r["test_id"], r["issue_text"])
               for r in report["results"] if r["issue_severity"] in ("MEDIUM", "HIGH")]
    assert serious == []
