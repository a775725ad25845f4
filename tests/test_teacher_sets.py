"""Question sets in the browser: upload or paste, check, preview, publish, download."""

from __future__ import annotations

import html
import io
import re

import pytest
from conftest import BRIDGE
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from quiz import attempts
from quiz.cli import summary
from quiz.db import get_session
from quiz.models import Attempt, Passage, QuestionSet, QuestionSetVersion, Statement
from quiz.questionset.model import QuestionSetError
from quiz.questionset.parser import parse

# Bold in an explanation, to see Markdown rendered in the key.
SMALL = BRIDGE.replace("can be checked.", "can be **checked**.")
CHANGED = SMALL.replace("Should is a judgement", "“Should” is a judgement")

BROKEN = """\
---
title: Broken
lables: fact, opinion
---

## The council

> The council said the bridge will close in May.

1. The council said the bridge will close in May
   - answer: opinon
   - why: A named source.
   - cues: announced
"""

HOSTILE = " ".join([
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="#" onclick="x()">link</a>',
])
HOSTILE_SET = f"""\
# Hostile

Intro {HOSTILE}

## Passage one

> The minister said taxes will rise. {HOSTILE}

1. The minister said taxes will rise
   - answer: fact
   - why: Reported speech. {HOSTILE}
   - cues: said
"""
STORED = (QuestionSet, QuestionSetVersion, Passage, Statement)


def rows(app) -> tuple[int, ...]:
    """How many sets, versions, passages and statements are stored."""
    with app.app_context():
        return tuple(get_session().scalar(select(func.count()).select_from(model))
                     for model in STORED)


def send(client, action: str, source: str | None = None, file: tuple[str, str | bytes] | None
         = None, url: str = "/teacher/sets/new", **extra):
    """Press one of the three buttons, with a file, pasted text, or both."""
    data = {"action": action, **extra}
    if source is not None:
        data["source"] = source
    if file is not None:
        name, content = file
        raw = content.encode("utf-8") if isinstance(content, str) else content
        data["upload"] = (io.BytesIO(raw), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def stored_set(app, slug: str) -> tuple[int | None, list[int]]:
    """A stored set's owner and its version numbers."""
    with app.app_context():
        question_set = get_session().scalar(select(QuestionSet).where(QuestionSet.slug == slug))
        return question_set.owner_id, [v.number for v in question_set.versions]


def preview_part(response) -> str:
    """The rendered preview, without the text box that echoes the Markdown back."""
    text = response.get_data(as_text=True)
    return text[text.index('id="preview-heading"'):text.index('class="workbench')]


# -- signing in -------------------------------------------------------------------------------

@pytest.mark.parametrize("method, url", [
    ("get", "/teacher/sets/"),
    ("get", "/teacher/sets/new"),
    ("post", "/teacher/sets/new"),
    ("get", "/teacher/sets/sample"),
    ("get", "/teacher/sets/sample/edit"),
    ("get", "/teacher/sets/sample/source.md"),
])
def test_every_page_needs_a_signed_in_teacher(client, load_set, method, url):
    load_set(SMALL, "sample")
    response = getattr(client, method)(url, data={"action": "publish", "source": SMALL})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teacher/login")


# -- the list ---------------------------------------------------------------------------------

def test_the_list_without_sets_says_how_to_start(client, teacher):
    text = page(client.get("/teacher/sets/"))
    assert "You have not published a question set yet." in text
    assert "There are no shared sets on this site." in text
    assert 'href="/teacher/sets/new"' in text


def test_the_list_shows_own_and_shared_sets_with_their_counts(client, teacher, load_set):
    load_set(SMALL.replace("The bridge question", "A shared set"), "shared")
    send(client, "publish", file=("bridge.md", SMALL))
    send(client, "publish", file=("bridge.md", CHANGED))
    text = page(client.get("/teacher/sets/"))
    own, shared = text.split("Shared sets", 1)
    assert "The bridge question" in own and "Version 2 · 2 passages · 4 statements" in own
    assert "/teacher/sets/bridge/edit" in own and "/teacher/sets/bridge/source.md" in own
    assert "A shared set" in shared and "Version 1 · 2 passages · 4 statements" in shared
    assert "/teacher/sets/shared\"" in shared
    assert "/teacher/sets/shared/edit" not in shared


def test_the_upload_page_offers_a_file_or_text_and_three_buttons(client, teacher):
    response = client.get("/teacher/sets/new")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '<label for="upload">Upload a Markdown file</label>' in text
    assert '<label for="source">Or paste the Markdown</label>' in text
    assert 'enctype="multipart/form-data"' in text and "<legend>" in text
    assert re.findall(r'<button type="submit" name="action" value="(\w+)"', text) == \
        ["check", "preview", "publish"]
    assert 'role="alert"' not in text


# -- check ------------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["check", "preview", "publish"])
def test_a_file_with_errors_stores_nothing_and_shows_every_problem_beside_its_line(
        app, client, teacher, action):
    before = rows(app)
    response = send(client, action, file=("broken.md", BROKEN))
    assert response.status_code == 400
    assert rows(app) == before
    problems = pytest.raises(QuestionSetError, parse, BROKEN).value.problems
    assert len(problems) >= 3
    text = page(response)
    assert f"{len(problems)} problems to fix; nothing was stored" in text
    for problem in problems:
        assert f'<a href="#line-{problem.line}">' in text
        assert f"{problem.line}: {problem.message}" in text
    assert "3: unknown front-matter key 'lables'" in text
    assert "11: 'opinon' is not a label" in text
    for number, line in enumerate(BROKEN.splitlines(), start=1):
        css = ' class="problem"' if number in {p.line for p in problems} else ""
        assert (f'<li id="line-{number}"{css}><span class="line-number">{number}</span>'
                f"<code>{line}</code>") in text
    assert "Preview:" not in text


def test_pasted_valid_markdown_checks_clean_with_a_summary_and_stores_nothing(
        app, client, teacher):
    before = rows(app)
    response = send(client, "check", source=SMALL)
    assert response.status_code == 200
    text = page(response)
    assert "No problems found" in text
    assert summary(parse(SMALL)) in text
    assert '"The bridge question": 2 passages, 4 statements (fact 2, speculation 1, opinion 1)' \
        in text
    assert "Publishing creates the set the-bridge-question." in re.sub(r"<[^>]+>", "", text)
    assert rows(app) == before


def test_windows_line_endings_from_a_text_box_check_like_the_file(client, teacher):
    response = send(client, "check", source=SMALL.replace("\n", "\r\n"))
    assert response.status_code == 200
    assert "No problems found" in page(response)


@pytest.mark.parametrize("data, message", [
    ({}, "Choose a file or paste the Markdown of a question set."),
    ({"source": "  \r\n "}, "Choose a file or paste the Markdown of a question set."),
    ({"file": ("set.pdf", SMALL)}, "Choose a Markdown file (.md)."),
    ({"file": ("set.md", SMALL.replace("council", "caf\u00e9").encode("latin-1"))},
     "set.md is not UTF-8 text"),
])
def test_a_missing_or_unreadable_file_is_explained(app, client, teacher, data, message):
    before = rows(app)
    response = send(client, "publish", **data)
    assert response.status_code == 400
    assert message in page(response)
    assert 'role="alert"' in response.get_data(as_text=True)
    assert rows(app) == before


def test_a_file_wins_over_pasted_text_and_says_so(client, teacher):
    response = send(client, "check", source=BROKEN, file=("bridge.md", SMALL))
    assert response.status_code == 200
    text = page(response)
    assert "No problems found" in text
    assert "Used the file bridge.md" in text
    assert SMALL in text  # the text box now holds the file, to send again


# -- preview ----------------------------------------------------------------------------------

def test_preview_shows_the_quiz_as_students_see_it_and_with_the_key(app, client, teacher):
    before = rows(app)
    response = send(client, "preview", source=SMALL)
    assert response.status_code == 200
    assert rows(app) == before
    part = preview_part(response)
    text = html.unescape(part)
    assert "As students see it" in text and "With the key" in text
    assert "Decide for each statement: <em>fact</em>" in text  # the introduction
    assert text.count('<mark class="statement">') >= 4
    assert '<span class="statement-label">3</span><mark class="statement">Engineers believe ' \
           "repairs could take a year</mark>" in text
    radios = re.findall(r'<input type="radio" name="preview-(\d)" value="(\w+)" disabled>', part)
    assert len(radios) == 4 * 3
    assert {label for _, label in radios} == {"fact", "speculation", "opinion"}
    for number in range(1, 5):
        assert f'id="statement-{number}"' in part
    assert "Answer: <strong>fact or opinion</strong>" in text
    assert "the closure can be <strong>checked</strong>." in text  # why, as Markdown
    assert '<strong class="cue">could</strong>' in text  # cues, in the passage and the list


def test_hostile_markdown_is_sanitised_in_the_preview(client, teacher):
    response = send(client, "preview", file=("hostile.md", HOSTILE_SET))
    assert response.status_code == 200
    part = preview_part(response)
    assert "The minister said taxes will rise" in part
    for dangerous in ("<script", "onerror", "onclick", "javascript:"):
        assert dangerous not in part.lower()
    assert "<script" not in response.get_data(as_text=True)  # the text box escapes it


# -- publish ----------------------------------------------------------------------------------

def test_publish_stores_version_1_owned_by_the_teacher(app, client, teacher):
    response = send(client, "publish", file=("Bridge Question.md", SMALL))
    assert response.status_code == 302
    assert response.headers["Location"] == "/teacher/sets/bridge-question"
    with app.app_context():
        teacher_id = get_session().scalar(select(func.min(QuestionSet.owner_id)))
    assert stored_set(app, "bridge-question") == (teacher_id, [1])
    assert teacher_id is not None
    shown = page(client.get("/teacher/sets/bridge-question"))
    assert "Published “The bridge question” as version 1." in shown


def test_pasted_text_is_named_after_its_title(app, client, teacher):
    response = send(client, "publish", source=SMALL)
    assert response.headers["Location"] == "/teacher/sets/the-bridge-question"


def test_text_of_an_uploaded_file_sent_again_keeps_the_file_name(client, teacher):
    checked = send(client, "check", file=("bridge.md", BROKEN))
    assert 'name="filename" type="hidden" value="bridge.md"' in checked.get_data(as_text=True)
    response = send(client, "publish", source=SMALL, filename="bridge.md")
    assert response.headers["Location"] == "/teacher/sets/bridge"


def test_a_set_is_never_named_like_the_upload_page(client, teacher):
    response = send(client, "publish", file=("new.md", SMALL))
    assert response.headers["Location"] == "/teacher/sets/new-2"


def test_a_changed_set_is_a_new_version_and_attempts_keep_theirs(app, client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    with app.app_context():
        session = get_session()
        version_1 = session.scalar(select(QuestionSet).where(QuestionSet.slug == "bridge")).latest
        attempt_id = attempts.start(session, version_1, "Ada").id
        session.commit()
        version_1_id = version_1.id

    response = send(client, "publish", source=CHANGED, url="/teacher/sets/bridge/edit")
    assert response.headers["Location"] == "/teacher/sets/bridge"
    assert "as version 2." in page(client.get("/teacher/sets/bridge"))
    assert stored_set(app, "bridge")[1] == [1, 2]
    with app.app_context():
        attempt = get_session().get(Attempt, attempt_id)
        assert attempt.version_id == version_1_id
        assert "Should is a judgement" in attempt.version.statements[1].why_html
    assert "“Should” is a judgement" in page(client.get("/teacher/sets/bridge"))


def test_the_same_file_published_again_from_the_upload_page_adds_to_the_own_set(
        app, client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    checked = page(send(client, "check", file=("bridge.md", CHANGED)))
    assert "Publishing adds a version to your set bridge (now version 1)" in \
        re.sub(r"<[^>]+>", "", checked)
    send(client, "publish", file=("bridge.md", CHANGED))
    assert stored_set(app, "bridge")[1] == [1, 2]


@pytest.mark.parametrize("again", [SMALL, SMALL.replace("\n", "\r\n")])
def test_unchanged_content_is_still_the_same_version(app, client, teacher, again):
    send(client, "publish", file=("bridge.md", SMALL))
    before = rows(app)
    response = send(client, "publish", source=again, url="/teacher/sets/bridge/edit")
    assert response.status_code == 302
    assert rows(app) == before
    assert "“The bridge question” is unchanged, still version 1." in \
        page(client.get("/teacher/sets/bridge"))


def test_the_edit_page_holds_the_latest_markdown(client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    send(client, "publish", file=("bridge.md", CHANGED))
    text = page(client.get("/teacher/sets/bridge/edit"))
    assert "New version of The bridge question" in text
    assert CHANGED in text
    assert "Publishing changed Markdown makes version 3" in text


def test_an_edit_with_errors_changes_nothing(app, client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    before = rows(app)
    response = send(client, "publish", source=BROKEN, url="/teacher/sets/bridge/edit")
    assert response.status_code == 400
    assert rows(app) == before
    assert stored_set(app, "bridge")[1] == [1]


# -- show and download ------------------------------------------------------------------------

def test_the_set_page_shows_the_key_with_an_anchor_per_statement(client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    text = page(client.get("/teacher/sets/bridge"))
    for statement in parse(SMALL).statements:
        assert f'<li id="statement-{statement.number}" class="explanation key"' in text
        assert statement.text in text
    assert "Answer: <strong>fact or opinion</strong>" in text
    assert '<strong class="cue">wrong</strong>' in text
    assert "Version 1 · 2 passages · 4 statements" in text


def test_download_returns_the_exact_markdown(client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    response = client.get("/teacher/sets/bridge/source.md")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == SMALL
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="bridge.md"'


def test_download_returns_the_latest_version(client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    send(client, "publish", source=CHANGED, url="/teacher/sets/bridge/edit")
    assert client.get("/teacher/sets/bridge/source.md").get_data(as_text=True) == CHANGED


# -- other teachers and shared sets -----------------------------------------------------------

def test_another_teacher_can_neither_see_nor_overwrite_a_teachers_set(app, client, teacher):
    send(client, "publish", file=("bridge.md", SMALL))
    owner = stored_set(app, "bridge")[0]
    teacher.logout()
    teacher.create("other@school.example")
    teacher.login("other@school.example")

    for url in ("/teacher/sets/bridge", "/teacher/sets/bridge/edit",
                "/teacher/sets/bridge/source.md"):
        assert client.get(url).status_code == 404, url
    assert send(client, "publish", source=CHANGED,
                url="/teacher/sets/bridge/edit").status_code == 404
    assert "The bridge question" not in page(client.get("/teacher/sets/"))

    response = send(client, "publish", file=("bridge.md", CHANGED))
    assert response.headers["Location"] == "/teacher/sets/bridge-2"
    assert stored_set(app, "bridge") == (owner, [1])
    other = stored_set(app, "bridge-2")[0]
    assert other not in (None, owner)


def test_a_shared_set_is_visible_and_downloadable_but_not_editable(app, client, teacher,
                                                                     load_set):
    load_set(SMALL, "bridge")
    text = page(client.get("/teacher/sets/bridge"))
    assert 'id="statement-4"' in text and "shared set" in text
    assert "/teacher/sets/bridge/edit" not in text
    assert client.get("/teacher/sets/bridge/source.md").get_data(as_text=True) == SMALL
    assert client.get("/teacher/sets/bridge/edit").status_code == 404
    assert send(client, "publish", source=CHANGED,
                url="/teacher/sets/bridge/edit").status_code == 404

    response = send(client, "publish", file=("bridge.md", CHANGED))
    assert response.headers["Location"] == "/teacher/sets/bridge-2"
    assert stored_set(app, "bridge") == (None, [1])


def test_an_unknown_set_is_404(client, teacher):
    for url in ("/teacher/sets/nope", "/teacher/sets/nope/edit", "/teacher/sets/nope/source.md"):
        assert client.get(url).status_code == 404


# -- forged and oversized requests ------------------------------------------------------------

@pytest.mark.parametrize("action", ["delete", "", None])
def test_a_forged_action_is_refused(app, client, teacher, action):
    before = rows(app)
    data = {"source": SMALL} if action is None else {"source": SMALL, "action": action}
    response = client.post("/teacher/sets/new", data=data)
    assert response.status_code == 400
    assert rows(app) == before


def test_an_oversized_upload_is_refused(app, client, teacher):
    before = rows(app)
    big = (SMALL + "\n" + "x" * (600 * 1024)).encode("utf-8")
    # Encoded in memory: the test client spools a body this large to a file it never closes.
    boundary, body = encode_multipart(MultiDict({
        "action": "publish", "upload": FileStorage(io.BytesIO(big), filename="big.md")}))
    response = client.post("/teacher/sets/new", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "That was too large to send." in page(response)
    assert rows(app) == before
