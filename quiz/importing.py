"""Storing parsed question sets as versions. No Flask here: the caller owns the transaction.

A set is identified by its slug (from the file name); its version by a hash of the file's
content. Importing unchanged content is a no-op; changed content adds version N+1 and leaves
every earlier version, and every attempt pinned to it, exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz import models
from quiz.highlight import Mark, find_phrase, highlight, reader_text
from quiz.questionset import model as parsed
from quiz.rendering import render_markdown


@dataclass(frozen=True)
class ImportResult:
    slug: str
    version: models.QuestionSetVersion
    created: bool  # False when the content was already stored as the latest version


def slug_for(path: str | Path) -> str:
    """A set's stable id from its file name: `Iran Drones.md` -> `iran-drones`."""
    return re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-") or "set"


def content_hash(source: str) -> str:
    normalised = source.removeprefix("\ufeff").replace("\r\n", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def import_set(session: Session, slug: str, source: str,
               question_set: parsed.QuestionSet) -> ImportResult:
    """Add `question_set` as the newest version of `slug`, unless it is unchanged."""
    digest = content_hash(source)
    stored = session.scalar(select(models.QuestionSet).where(models.QuestionSet.slug == slug))
    if stored is None:
        stored = models.QuestionSet(slug=slug)
        session.add(stored)
    elif stored.versions and stored.latest.content_hash == digest:
        return ImportResult(slug, stored.latest, created=False)
    version = models.QuestionSetVersion(
        question_set=stored,
        number=len(stored.versions) + 1,
        content_hash=digest,
        source_md=source,
        title=question_set.title,
        labels=list(question_set.labels),
        intro_html=render_markdown(question_set.intro_md),
    )
    session.add(version)
    for position, passage in enumerate(question_set.passages, start=1):
        _add_passage(session, version, position, passage)
    session.flush()
    return ImportResult(slug, version, created=True)


def _add_passage(session: Session, version: models.QuestionSetVersion, position: int,
                 passage: parsed.Passage) -> None:
    html = render_markdown(passage.text_md)
    question_html, review_html = passage_html(html, passage.statements)
    row = models.Passage(version=version, position=position, heading=passage.heading,
                         text_md=passage.text_md, question_html=question_html,
                         review_html=review_html)
    session.add(row)
    for statement in passage.statements:
        session.add(models.Statement(
            version=version, passage=row, number=statement.number, text=statement.text,
            answers=list(statement.answers), why_html=render_markdown(statement.why_md),
            cues=list(statement.cues),
        ))


def passage_html(html: str, statements: tuple[parsed.Statement, ...]) -> tuple[str, str]:
    """The passage with each statement marked and numbered; and the same with cues marked."""
    reader = reader_text(html)
    marks = []
    for statement in statements:
        span = find_phrase(reader, statement.text)
        if span is not None:  # the parser guarantees it; stay safe if rules ever drift
            marks.append(Mark(*span, "statement", label=str(statement.number)))
    cue_marks = []
    for cue in dict.fromkeys(c for s in statements for c in s.cues):
        span = find_phrase(reader, cue)
        if span is not None:
            cue_marks.append(Mark(*span, "cue", tag="strong"))
    return highlight(html, marks), highlight(html, marks + cue_marks)
