"""Storing parsed question sets as versions. No Flask here: the caller owns the transaction.

A set is identified by its slug (from the file name); its version by a hash of the file's
content. Importing unchanged content is a no-op; changed content adds version N+1 and leaves
every earlier version, and every attempt pinned to it, exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quiz import models
from quiz.highlight import Mark, find_all, find_phrase, highlight, nearest, reader_text
from quiz.questionset import model as parsed
from quiz.rendering import render_markdown


class OwnerMismatch(ValueError):
    """The slug names a set that belongs to someone else."""


SLUG_LENGTH = 190  # the column holds 200: room for the "-2" a browser upload may add


@dataclass(frozen=True)
class ImportResult:
    slug: str
    version: models.QuestionSetVersion
    created: bool  # False when the content was already stored as the latest version


def slug_for(path: str | Path) -> str:
    """A set's stable, URL-safe id from its file name: `Iran Drones.md` -> `iran-drones`.

    Accents are dropped (`Café.md` -> `cafe`); a name with letters of another script gets a
    short hash of itself (`Русский.md` -> `set-…`), so two files never share a slug merely
    because their names are not in Latin letters.
    """
    stem = unicodedata.normalize("NFKC", Path(path).stem)
    base = "".join(c for c in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    if slug and base.isascii() and len(slug) <= SLUG_LENGTH:
        return slug
    # Another script, or too long for a URL: a hash of the whole name keeps it unique.
    digest = hashlib.sha256(stem.encode("utf-8")).hexdigest()[:8]
    slug = slug[:SLUG_LENGTH - 9].strip("-")
    return f"{slug}-{digest}" if slug else f"set-{digest}"


def content_hash(source: str) -> str:
    normalised = source.removeprefix("\ufeff").replace("\r\n", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def import_set(session: Session, slug: str, source: str, question_set: parsed.QuestionSet,
               owner_id: int | None = None) -> ImportResult:
    """Add `question_set` as the newest version of `slug`, unless it is unchanged.

    A new set belongs to `owner_id` (None: shared, from questions/); an existing set is only
    ever updated by its owner, so a file in questions/ can never replace a teacher's set.
    """
    digest = content_hash(source)
    stored = session.scalar(select(models.QuestionSet).where(models.QuestionSet.slug == slug))
    if stored is not None and stored.owner_id != owner_id:
        raise OwnerMismatch(f"the name '{slug}' is taken by another set; rename the file")
    if stored is None:
        stored = models.QuestionSet(slug=slug, owner_id=owner_id)
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
    """The passage with each statement marked and numbered; and the same with cues marked.

    A cue such as "could" may occur several times; the one marked is the occurrence nearest
    its own statement, so the highlight points at the words that explain that answer.
    """
    reader = reader_text(html)
    marks: list[Mark] = []
    cue_spans: set[tuple[int, int]] = set()
    for statement in statements:
        span = find_phrase(reader, statement.text)
        if span is None:  # the parser guarantees it; stay safe if the rules ever drift
            continue
        marks.append(Mark(*span, "statement", label=str(statement.number)))
        for cue in statement.cues:
            cue_span = nearest(find_all(reader, cue), span)
            if cue_span is not None:
                cue_spans.add(cue_span)
    cue_marks = [Mark(*span, "cue", tag="strong") for span in sorted(cue_spans)]
    return highlight(html, marks), highlight(html, marks + cue_marks)
