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

from sqlalchemy.orm import Session

from quiz import catalogue, models
from quiz.questionset.parsed import ParsedSet
from quiz.questionset.rendered import RenderedPassage, render_set


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


def import_set(session: Session, slug: str, source: str, question_set: ParsedSet,
               owner_id: int | None = None) -> ImportResult:
    """Add `question_set` as the newest version of `slug`, unless it is unchanged.

    A new set belongs to `owner_id` (None: shared, from questions/); an existing set is only
    ever updated by its owner, so a file in questions/ can never replace a teacher's set.
    """
    digest = content_hash(source)
    stored = catalogue.find(session, slug)
    if stored is not None and stored.owner_id != owner_id:
        raise OwnerMismatch(f"the name '{slug}' is taken by another set; rename the file")
    if stored is None:
        stored = models.QuestionSet(slug=slug, owner_id=owner_id)
        session.add(stored)
    elif stored.versions and stored.latest.content_hash == digest:
        return ImportResult(slug, stored.latest, created=False)
    rendered = render_set(question_set)
    version = models.QuestionSetVersion(
        question_set=stored,
        number=len(stored.versions) + 1,
        content_hash=digest,
        source_md=source,
        title=rendered.title,
        labels=list(rendered.labels),
        intro_html=rendered.intro_html,
        why_not_table=[list(entry) for entry in rendered.why_not_table],
    )
    session.add(version)
    for passage in rendered.passages:
        _add_passage(session, version, passage)
    session.flush()
    return ImportResult(slug, version, created=True)


def _add_passage(session: Session, version: models.QuestionSetVersion,
                 passage: RenderedPassage) -> None:
    row = models.Passage(version=version, position=passage.position, heading=passage.heading,
                         text_md=passage.text_md, question_html=passage.question_html,
                         review_html=passage.review_html)
    session.add(row)
    for statement in passage.statements:
        session.add(models.Statement(
            version=version, passage=row, number=statement.number, text=statement.text,
            answers=list(statement.answers), why_html=statement.why_html,
            cues=list(statement.cues), why_not_html=dict(statement.why_not_html),
        ))


def private_copy(session: Session, shared: models.QuestionSet,
                 owner_id: int) -> models.QuestionSet:
    """The teacher's own copy of a shared set's latest version, named `<slug>-private`.

    A shared set can be practised by anyone, who then sees its key; a copy of the teacher's
    own cannot, so it is what a graded assignment should use. A copy made before (and
    perhaps edited since) is used again. The rows are copied as stored, not parsed again.
    """
    slug, stored = catalogue.free_slug(session, f"{shared.slug}-private", owner_id)
    if stored is not None and stored.versions:
        return stored
    source = shared.latest
    copy = stored or models.QuestionSet(slug=slug, owner_id=owner_id)
    version = models.QuestionSetVersion(
        question_set=copy, number=1, content_hash=source.content_hash,
        source_md=source.source_md, title=source.title, labels=list(source.labels),
        intro_html=source.intro_html, why_not_table=[list(e) for e in source.why_not_table])
    session.add_all([copy, version])
    for passage in source.passages:
        row = models.Passage(version=version, position=passage.position,
                             heading=passage.heading, text_md=passage.text_md,
                             question_html=passage.question_html,
                             review_html=passage.review_html)
        session.add(row)
        session.add_all(models.Statement(
            version=version, passage=row, number=s.number, text=s.text,
            answers=list(s.answers), why_html=s.why_html, cues=list(s.cues),
            why_not_html=dict(s.why_not_html))
            for s in passage.statements)
    session.flush()
    return copy
