"""Helpers of the question-set upload tests (tests/test_teacher_sets_*.py)."""

from __future__ import annotations

import html
import io

from sqlalchemy import func, select

from quiz.db import get_session
from quiz.models import Passage, QuestionSet, QuestionSetVersion, Statement


def rows(app) -> tuple[int, ...]:
    """How many sets, versions, passages and statements are stored."""
    with app.app_context():
        return tuple(get_session().scalar(select(func.count()).select_from(model))
                     for model in (QuestionSet, QuestionSetVersion, Passage, Statement))


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


def set_page(response) -> str:
    """A response's HTML with entities decoded (tags kept, unlike `page_text`)."""
    return html.unescape(response.get_data(as_text=True))
