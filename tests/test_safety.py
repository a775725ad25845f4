"""What must never reach a student's browser: the key before submitting, scripts, forged posts."""

from __future__ import annotations

import re

import pytest
from pages import attempt_id, csrf_token
from samples import HOSTILE_SET, TAXES
from sqlalchemy import func, select

from quiz.db import get_session
from quiz.models import Answer, Attempt
from quiz.rendering import render_markdown

ALL_RIGHT = {1: "fact", 2: "speculation"}

DANGEROUS = ("<script", "onerror", "onclick", "javascript:", "<iframe", "onload", "<svg",
             "<style", "data:text")
KEY_MARKERS = ('class="cue"', 'class="why"', 'class="explanation', 'class="verdict"',
               "Signal words:", "the answer is <strong>", "You said <strong>")


def count(app, model) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


def result_url(url: str) -> str:
    return f"/attempts/{attempt_id(url)}/result"


def passage_url(first_url: str, number: int) -> str:
    return re.sub(r"/passages/\d+$", f"/passages/{number}", first_url)


def why_slice(why_md: str) -> str:
    """30 characters from the middle of the longest line of the rendered explanation."""
    line = max(render_markdown(why_md).splitlines(), key=len)
    middle = max(0, len(line) // 2 - 15)
    return line[middle:middle + 30]


def checked(html: str) -> dict[str, str]:
    inputs = re.findall(r"<input[^>]*>", html)
    return {re.search(r'name="([^"]+)"', i).group(1): re.search(r'value="([^"]*)"', i).group(1)
            for i in inputs if re.search(r"\bchecked\b", i)}


def assert_no_key(html: str, question_set, where: str, chosen=None) -> None:
    for marker in KEY_MARKERS:
        assert marker not in html, (where, marker)
    assert checked(html) == (chosen or {}), where  # only what the student chose is checked
    for statement in question_set.statements:
        assert why_slice(statement.why_md) not in html, (where, statement.number)


def test_the_answer_key_is_on_no_page_before_submitting(client, student, iran_drones):
    assert_no_key(client.get("/").get_data(as_text=True), iran_drones, "home")
    assert_no_key(client.get("/quizzes/iran-drones").get_data(as_text=True), iran_drones,
                  "start")
    bad = client.post("/quizzes/iran-drones", data={"name": ""})
    assert_no_key(bad.get_data(as_text=True), iran_drones, "start error")
    first = student.start("iran-drones")
    for k, passage in enumerate(iran_drones.passages, start=1):
        url = passage_url(first, k)
        assert_no_key(client.get(url).get_data(as_text=True), iran_drones, f"passage {k}")
        some = {passage.statements[0].number: "fact"} if len(passage.statements) > 1 else {}
        partial = student.answer(url, some)
        assert partial.status_code == 400
        assert_no_key(partial.get_data(as_text=True), iran_drones, f"passage {k} error",
                      {f"statement-{n}": label for n, label in some.items()})
        forged = student.answer(url, {s.number: "banana" for s in passage.statements})
        assert forged.status_code == 400
        assert_no_key(forged.get_data(as_text=True), iran_drones, f"passage {k} forged")
        response = student.answer(url, {s.number: s.answers[0] for s in passage.statements})
        assert response.status_code == 302
    result = client.get(result_url(first)).get_data(as_text=True)
    assert 'class="cue"' in result
    for statement in iran_drones.statements:  # the slices do identify each explanation
        assert why_slice(statement.why_md) in result, statement.number


def hostile_pages(client, student) -> dict[str, str]:
    pages = {"start": client.get("/quizzes/hostile").get_data(as_text=True)}
    first = student.start("hostile")
    pages["passage"] = client.get(first).get_data(as_text=True)
    pages["passage error"] = student.answer(first, {}).get_data(as_text=True)
    student.answer(first, {1: "fact"})
    pages["result"] = client.get(result_url(first)).get_data(as_text=True)
    return pages


def test_hostile_markdown_is_harmless_on_every_page(client, student, load_set):
    load_set(HOSTILE_SET, "hostile")
    pages = hostile_pages(client, student)
    assert "Intro" in pages["start"]
    assert "Reported speech." in pages["result"]
    assert '<mark class="statement">The minister said taxes will rise</mark>' in pages["passage"]
    for name, html in pages.items():
        for bad in DANGEROUS:
            assert bad not in html.lower(), (name, bad)


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body { display: none }</style>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="#" onclick="x()">link</a>',
    '<p onmouseover="x()">hover</p>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">click</a>',
    "![x](javascript:alert(1))",
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    '<form action="https://evil.example"><input name="q"></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
])
def test_render_markdown_drops_anything_that_runs_or_loads(source):
    html = render_markdown(source).lower()
    for bad in (*DANGEROUS, "vbscript:", "<object", "<embed", "<form", "<input", "<meta",
                "<base", "<math", "style=", "href=\"#\" onclick"):
        assert bad not in html, bad


@pytest.mark.parametrize(("source", "expected"), [
    ("*soft* and **loud**", "<em>soft</em> and <strong>loud</strong>"),
    ("[a source](https://example.org/a?b=1)", 'href="https://example.org/a?b=1"'),
    ("[write](mailto:teacher@example.org)", 'href="mailto:teacher@example.org"'),
    ("- one\n- two\n", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
    ("1. first\n2. second\n", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
    ("> quoted", "<blockquote>"),
    ("Use `code`", "<code>code</code>"),
    ("Fish & chips < 5", "Fish &amp; chips &lt; 5"),
])
def test_render_markdown_keeps_ordinary_markdown(source, expected):
    assert expected in render_markdown(source)


def test_a_hostile_student_name_is_escaped(client, student, load_set):
    load_set(TAXES, "small")
    name = "<script>alert(1)</script>"
    first = student.start("small", name)
    assert student.answer(first, ALL_RIGHT).status_code == 302
    for url in (result_url(first), "/quizzes/small"):
        html = client.get(url).get_data(as_text=True)
        assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get(result_url(first)).get_data(
        as_text=True)




@pytest.mark.parametrize("token", [None, "", "not-a-token",
                                   "IjAwMDAi.AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_start_without_a_valid_csrf_token_is_refused(app, csrf_app, load_set, token):
    load_set(TAXES, "small")
    browser = csrf_app.test_client()
    assert browser.get("/quizzes/small").status_code == 200
    data = {"name": "Ada"} | ({} if token is None else {"csrf_token": token})
    response = browser.post("/quizzes/small", data=data)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert count(app, Attempt) == 0


def test_forms_work_with_the_real_csrf_token(app, csrf_app, load_set):
    load_set(TAXES, "small")
    browser = csrf_app.test_client()
    token = csrf_token(browser.get("/quizzes/small").get_data(as_text=True))
    started = browser.post("/quizzes/small", data={"name": "Ada", "csrf_token": token})
    assert started.status_code == 302
    first = started.headers["Location"]
    answers = {"statement-1": "fact", "statement-2": "speculation"}
    assert browser.post(first, data=answers).status_code == 400
    assert count(app, Answer) == 0
    other = csrf_app.test_client()  # a token from another session is no good either
    other_token = csrf_token(other.get("/quizzes/small").get_data(as_text=True))
    assert browser.post("/quizzes/small", data={"name": "Eve", "csrf_token": other_token}
                        ).status_code == 400
    token = csrf_token(browser.get(first).get_data(as_text=True))
    assert browser.post(first, data=answers | {"csrf_token": token}).status_code == 302
    assert count(app, Answer) == 2


@pytest.fixture
def page_urls(client, student, load_set):
    load_set(TAXES, "small")
    first = student.start("small")
    done = student.start("small")
    student.answer(done, ALL_RIGHT)
    return {"home": "/", "start": "/quizzes/small", "passage": first,
            "result": result_url(done), "not found": "/quizzes/nothing",
            "bad request": passage_url(first, 0)}


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("page", ["home", "start", "passage", "result", "not found",
                                  "bad request"])
def test_every_page_sends_security_headers(client, page_urls, page):
    response = client.get(page_urls[page])
    csp = csp_directives(response.headers["Content-Security-Policy"])
    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert csp["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers.get("Referrer-Policy")


def test_the_session_cookie_is_http_only_and_same_site_lax(client, load_set):
    load_set(TAXES, "small")
    response = client.post("/quizzes/small", data={"name": "Ada"})
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, response.headers
    attributes = {a.strip().lower() for a in cookies[0].split(";")[1:]}
    assert "httponly" in attributes
    assert "samesite=lax" in attributes


def test_an_oversized_post_is_refused_with_413(app, client, student, load_set):
    load_set(TAXES, "small")
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/quizzes/small", data={"name": too_big})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert count(app, Attempt) == 0
    first = student.start("small")
    response = client.post(first, data={"statement-1": "fact", "statement-2": too_big})
    assert response.status_code == 413
    assert count(app, Answer) == 0
