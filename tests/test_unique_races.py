"""Two requests racing for the same unique key: the second gets another name, the next number
or a clear message, never a 500. Each race is staged exactly: the competing row is committed
from another session in the moment between the request's check and its insert."""

from __future__ import annotations

import pytest
from apps import store_set
from pages import page_text
from samples import BRIDGE, BRIDGE_BOLD
from sets_support import send
from sqlalchemy import select

from quiz import catalogue, classes
from quiz.db import get_session
from quiz.models import QuestionSet, Student


def stage(monkeypatch, module, name: str, competitor, on_call: int = 1) -> None:
    """Replace `module.name` so that right after its `on_call`-th call (the request's check)
    `competitor()` commits the competing row."""
    real, calls = getattr(module, name), []

    def racing(*args, **kwargs):
        calls.append(args)
        found = real(*args, **kwargs)
        if len(calls) == on_call:
            competitor()
        return found

    monkeypatch.setattr(module, name, racing)


def test_two_teachers_publishing_the_same_new_name_get_two_sets(app, client, teacher,
                                                               monkeypatch):
    # The view finds "bridge" free (call 1); the import looks once more (call 2), and right
    # after it another upload of bridge.md is stored.
    stage(monkeypatch, catalogue, "find", lambda: store_set(app, BRIDGE, "bridge"), on_call=2)
    response = send(client, "publish", file=("bridge.md", BRIDGE_BOLD))
    assert response.status_code == 302, page_text(response)
    assert response.headers["Location"] == "/teacher/sets/bridge-2"
    with app.app_context():
        owners = dict(get_session().execute(
            select(QuestionSet.slug, QuestionSet.owner_id)).all())
    assert owners["bridge"] is None and owners["bridge-2"] is not None


def test_two_publishes_of_a_new_version_at_once_both_land(app, client, teacher, monkeypatch):
    assert send(client, "publish", file=("bridge.md", BRIDGE)).status_code == 302

    def other_tab() -> None:  # the same teacher publishes another change from a second tab
        from quiz.importing import import_set
        from quiz.questionset.parser import parse

        with app.app_context():
            db = get_session()
            other = BRIDGE.replace("Critics think", "Some critics think")
            owner = catalogue.find(db, "bridge").owner_id
            import_set(db, "bridge", other, parse(other), owner_id=owner)
            db.commit()

    from quiz import importing

    stage(monkeypatch, importing, "render_set", other_tab)
    response = send(client, "publish", source=BRIDGE_BOLD, url="/teacher/sets/bridge/edit")
    assert response.status_code == 302, page_text(response)
    assert "as version 3" in page_text(client.get(response.headers["Location"]))


def test_two_browsers_joining_with_one_name_at_once(app, classrooms, pupils, monkeypatch):
    info = classrooms.create()

    def first_browser() -> None:
        assert pupils().join(info.code, "Ada").status_code == 302

    # The second browser checks the name is free; then the first browser's join commits.
    stage(monkeypatch, classes, "_member", first_browser)
    response = pupils().join(info.code, "ada")
    assert response.status_code == 400, response.data
    assert "Someone has just joined this class as ada" in page_text(response)
    with app.app_context():
        assert len(get_session().scalars(select(Student)).all()) == 1


@pytest.mark.parametrize("code", [409])
def test_a_conflict_page_says_nothing_was_lost(client, code):
    from werkzeug.exceptions import Conflict

    from quiz.errors import _http_error

    with client.application.test_request_context():
        body, status = _http_error(Conflict("Press Publish again."))
    assert status == code and "Nothing of yours was lost" in page_text(body)
    assert "Press Publish again." in page_text(body)
