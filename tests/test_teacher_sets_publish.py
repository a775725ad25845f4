"""Publishing sets: versions, editing, showing, downloading, and who may see or change them."""

from __future__ import annotations

import re

import pytest
from samples import BRIDGE_BOLD, BROKEN_COUNCIL
from sets_support import rows, send, set_page
from sqlalchemy import func, select

from quiz import attempts
from quiz.db import get_session
from quiz.models import Attempt, QuestionSet
from quiz.questionset.parser import parse

CHANGED = BRIDGE_BOLD.replace("Should is a judgement", "“Should” is a judgement")


def stored_set(app, slug: str) -> tuple[int | None, list[int]]:
    """A stored set's owner and its version numbers."""
    with app.app_context():
        question_set = get_session().scalar(select(QuestionSet).where(QuestionSet.slug == slug))
        return question_set.owner_id, [v.number for v in question_set.versions]


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
    load_set(BRIDGE_BOLD, "sample")
    response = getattr(client, method)(url, data={"action": "publish", "source": BRIDGE_BOLD})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/teacher/login")


# -- the list ---------------------------------------------------------------------------------

def test_the_list_without_sets_says_how_to_start(client, teacher):
    text = set_page(client.get("/teacher/sets/"))
    assert "You have not published a question set yet." in text
    assert "There are no shared sets on this site." in text
    assert 'href="/teacher/sets/new"' in text


def test_the_list_shows_own_and_shared_sets_with_their_counts(client, teacher, load_set):
    load_set(BRIDGE_BOLD.replace("The bridge question", "A shared set"), "shared")
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    send(client, "publish", file=("bridge.md", CHANGED))
    text = set_page(client.get("/teacher/sets/"))
    own, shared = text.split("Shared sets", 1)
    assert "The bridge question" in own and "Version 2 · 2 passages · 4 statements" in own
    assert "/teacher/sets/bridge/edit" in own and "/teacher/sets/bridge/source.md" in own
    assert "A shared set" in shared and "Version 1 · 2 passages · 4 statements" in shared
    assert "/teacher/sets/shared\"" in shared
    assert "/teacher/sets/shared/edit" not in shared


# -- publish ----------------------------------------------------------------------------------

def test_publish_stores_version_1_owned_by_the_teacher(app, client, teacher):
    response = send(client, "publish", file=("Bridge Question.md", BRIDGE_BOLD))
    assert response.status_code == 302
    assert response.headers["Location"] == "/teacher/sets/bridge-question"
    with app.app_context():
        teacher_id = get_session().scalar(select(func.min(QuestionSet.owner_id)))
    assert stored_set(app, "bridge-question") == (teacher_id, [1])
    assert teacher_id is not None
    shown = set_page(client.get("/teacher/sets/bridge-question"))
    assert "Published “The bridge question” as version 1." in shown


def test_pasted_text_is_named_after_its_title(app, client, teacher):
    response = send(client, "publish", source=BRIDGE_BOLD)
    assert response.headers["Location"] == "/teacher/sets/the-bridge-question"


def test_text_of_an_uploaded_file_sent_again_keeps_the_file_name(client, teacher):
    checked = send(client, "check", file=("bridge.md", BROKEN_COUNCIL))
    assert 'name="filename" type="hidden" value="bridge.md"' in checked.get_data(as_text=True)
    response = send(client, "publish", source=BRIDGE_BOLD, filename="bridge.md")
    assert response.headers["Location"] == "/teacher/sets/bridge"


@pytest.mark.parametrize("page", ["new", "draft"])
def test_a_set_is_never_named_like_a_page(client, teacher, page):
    response = send(client, "publish", file=(f"{page}.md", BRIDGE_BOLD))
    assert response.headers["Location"] == f"/teacher/sets/{page}-2"


def test_a_changed_set_is_a_new_version_and_attempts_keep_theirs(app, client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    with app.app_context():
        session = get_session()
        version_1 = session.scalar(select(QuestionSet).where(QuestionSet.slug == "bridge")).latest
        attempt_id = attempts.start(session, version_1, "Ada").id
        session.commit()
        version_1_id = version_1.id

    response = send(client, "publish", source=CHANGED, url="/teacher/sets/bridge/edit")
    assert response.headers["Location"] == "/teacher/sets/bridge"
    assert "as version 2." in set_page(client.get("/teacher/sets/bridge"))
    assert stored_set(app, "bridge")[1] == [1, 2]
    with app.app_context():
        attempt = get_session().get(Attempt, attempt_id)
        assert attempt.version_id == version_1_id
        assert "Should is a judgement" in attempt.version.statements[1].why_html
    assert "“Should” is a judgement" in set_page(client.get("/teacher/sets/bridge"))


def test_the_same_file_published_again_from_the_upload_page_adds_to_the_own_set(
        app, client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    checked = set_page(send(client, "check", file=("bridge.md", CHANGED)))
    assert "Publishing adds a version to your set bridge (now version 1)" in \
        re.sub(r"<[^>]+>", "", checked)
    send(client, "publish", file=("bridge.md", CHANGED))
    assert stored_set(app, "bridge")[1] == [1, 2]


@pytest.mark.parametrize("again", [BRIDGE_BOLD, BRIDGE_BOLD.replace("\n", "\r\n")])
def test_unchanged_content_is_still_the_same_version(app, client, teacher, again):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    before = rows(app)
    response = send(client, "publish", source=again, url="/teacher/sets/bridge/edit")
    assert response.status_code == 302
    assert rows(app) == before
    assert "“The bridge question” is unchanged, still version 1." in \
        set_page(client.get("/teacher/sets/bridge"))


def test_the_edit_page_holds_the_latest_markdown(client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    send(client, "publish", file=("bridge.md", CHANGED))
    text = set_page(client.get("/teacher/sets/bridge/edit"))
    assert "New version of The bridge question" in text
    assert CHANGED in text
    assert "Publishing changed Markdown makes version 3" in text


def test_an_edit_with_errors_changes_nothing(app, client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    before = rows(app)
    response = send(client, "publish", source=BROKEN_COUNCIL, url="/teacher/sets/bridge/edit")
    assert response.status_code == 400
    assert rows(app) == before
    assert stored_set(app, "bridge")[1] == [1]


# -- show and download ------------------------------------------------------------------------

def test_the_set_page_shows_the_key_with_an_anchor_per_statement(client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    text = set_page(client.get("/teacher/sets/bridge"))
    for statement in parse(BRIDGE_BOLD).statements:
        assert f'<li id="statement-{statement.number}" class="explanation key"' in text
        assert statement.text in text
    assert "Answer: <strong>fact or opinion</strong>" in text
    assert '<strong class="cue">wrong</strong>' in text
    assert "Version 1 · 2 passages · 4 statements" in text


def test_download_returns_the_exact_markdown(client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    response = client.get("/teacher/sets/bridge/source.md")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == BRIDGE_BOLD
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="bridge.md"'


def test_download_returns_the_latest_version(client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    send(client, "publish", source=CHANGED, url="/teacher/sets/bridge/edit")
    assert client.get("/teacher/sets/bridge/source.md").get_data(as_text=True) == CHANGED


# -- other teachers and shared sets -----------------------------------------------------------

def test_another_teacher_can_neither_see_nor_overwrite_a_teachers_set(app, client, teacher):
    send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    owner = stored_set(app, "bridge")[0]
    teacher.logout()
    teacher.create("other@school.example")
    teacher.login("other@school.example")

    for url in ("/teacher/sets/bridge", "/teacher/sets/bridge/edit",
                "/teacher/sets/bridge/source.md"):
        assert client.get(url).status_code == 404, url
    assert send(client, "publish", source=CHANGED,
                url="/teacher/sets/bridge/edit").status_code == 404
    assert "The bridge question" not in set_page(client.get("/teacher/sets/"))

    response = send(client, "publish", file=("bridge.md", CHANGED))
    assert response.headers["Location"] == "/teacher/sets/bridge-2"
    assert stored_set(app, "bridge") == (owner, [1])
    other = stored_set(app, "bridge-2")[0]
    assert other not in (None, owner)


def test_a_shared_set_is_visible_and_downloadable_but_not_editable(app, client, teacher,
                                                                     load_set):
    load_set(BRIDGE_BOLD, "bridge")
    text = set_page(client.get("/teacher/sets/bridge"))
    assert 'id="statement-4"' in text and "shared set" in text
    assert "/teacher/sets/bridge/edit" not in text
    assert client.get("/teacher/sets/bridge/source.md").get_data(as_text=True) == BRIDGE_BOLD
    assert client.get("/teacher/sets/bridge/edit").status_code == 404
    assert send(client, "publish", source=CHANGED,
                url="/teacher/sets/bridge/edit").status_code == 404

    response = send(client, "publish", file=("bridge.md", CHANGED))
    assert response.headers["Location"] == "/teacher/sets/bridge-2"
    assert stored_set(app, "bridge") == (None, [1])


def test_an_unknown_set_is_404(client, teacher):
    for url in ("/teacher/sets/nope", "/teacher/sets/nope/edit", "/teacher/sets/nope/source.md"):
        assert client.get(url).status_code == 404
