"""The hand-labelled articles the drafting steps are measured against: read and checked. Pure.

A folder (tests/data/articles/, described in its README) holds, per article, `NAME.txt`
(paragraphs between blank lines), `NAME.labels.tsv` (`passage, label, clarity, text` per
sentence or clause, in article order, the text exact words of that paragraph) and
`NAME.meta.json` (where the article came from, its licence, its split). Nothing is read but
that folder. Every mistake in it is reported at once, as `FILE:LINE: message`, so that a
labelling slip cannot quietly change the figures of `make eval-drafts`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from quiz.drafting.candidates import LABELS
from quiz.highlight import find_phrase
from quiz.questionset.parsed import ParsedSet, ParsedStatement

SPLITS = ("tuning", "heldout")  # the rules are adjusted to the first, never to the second
CLARITIES = ("clear", "borderline")
META_KEYS = ("title", "source", "url", "date", "licence", "split")

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


class DataError(ValueError):
    """The data folder has mistakes: every one of them, as `FILE:LINE: message` lines."""


@dataclass(frozen=True)
class LabelledRow:
    passage: int  # the paragraph's number, 1, 2, ... in the article
    label: str  # one of LABELS
    clarity: str  # one of CLARITIES: clear, or borderline (careful readers could differ)
    text: str  # an exact substring of that paragraph
    line: int  # in NAME.labels.tsv


@dataclass(frozen=True)
class Article:
    name: str
    text: str  # the whole file, as read
    paragraphs: tuple[str, ...]
    rows: tuple[LabelledRow, ...]
    meta: dict[str, str]

    @property
    def split(self) -> str:
        return self.meta["split"]


def paragraphs_of(text: str) -> tuple[str, ...]:
    """The paragraphs of an article file: blocks of text between blank lines."""
    blocks = _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n").strip())
    return tuple(b.strip() for b in blocks if b.strip())


def load_articles(folder: Path) -> list[Article]:
    """Every article in `folder`, by name; DataError lists every mistake in the data."""
    articles, problems = [], []
    for path in sorted(folder.glob("*.txt")):
        article = _load(path, problems)
        if article is not None:
            articles.append(article)
    if problems:
        raise DataError("\n".join(problems))
    return articles


def _load(path: Path, problems: list[str]) -> Article | None:
    name = path.name.removesuffix(".txt")
    labels_path = path.with_name(f"{name}.labels.tsv")
    meta_path = path.with_name(f"{name}.meta.json")
    missing = [p.name for p in (labels_path, meta_path) if not p.exists()]
    if missing:
        problems.append(f"{path.name}: has no {' and no '.join(missing)}")
        return None
    text = path.read_text(encoding="utf-8-sig")
    paragraphs = paragraphs_of(text)
    rows = _rows(labels_path, paragraphs, problems)
    meta = _meta(meta_path, problems)
    return Article(name, text, paragraphs, rows, meta)


def _rows(path: Path, paragraphs: tuple[str, ...], problems: list[str]) -> tuple[LabelledRow, ...]:
    rows, where = [], (1, 0)  # the paragraph and the index the next row may start from
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        at = f"{path.name}:{number}:"
        fields = line.split("\t")
        if len(fields) != 4:
            problems.append(f"{at} {len(fields)} fields; a row is passage, label, clarity, "
                            "text, separated by tabs")
            continue
        passage, label, clarity, text = fields
        if not passage.isdigit() or not 1 <= int(passage) <= len(paragraphs):
            problems.append(f"{at} passage '{passage}' is not a paragraph number "
                            f"(1 to {len(paragraphs)})")
            continue
        if label not in LABELS:
            problems.append(f"{at} label '{label}' is not one of {', '.join(LABELS)}")
        if clarity not in CLARITIES:
            problems.append(f"{at} clarity '{clarity}' is not one of {', '.join(CLARITIES)}")
        start = where[1] if int(passage) == where[0] else 0
        found = paragraphs[int(passage) - 1].find(text, start) if text else -1
        if int(passage) < where[0] or found < 0:
            problems.append(f"{at} the text does not occur in paragraph {passage} after the "
                            "row before it (rows are exact words of the paragraph, in order)")
            continue
        where = (int(passage), found + len(text))
        rows.append(LabelledRow(int(passage), label, clarity, text, number))
    return tuple(rows)


def _meta(path: Path, problems: list[str]) -> dict[str, str]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        problems.append(f"{path.name}:{error.lineno}: not JSON: {error.msg}")
        return {"split": ""}
    if not isinstance(meta, dict):
        problems.append(f"{path.name}: not a JSON object with the keys {', '.join(META_KEYS)}")
        return {"split": ""}
    missing = [key for key in META_KEYS if key not in meta]
    if missing:
        problems.append(f"{path.name}: missing {', '.join(missing)}")
    if meta.get("split") not in SPLITS:
        problems.append(f"{path.name}: split '{meta.get('split')}' is not one of "
                        f"{', '.join(SPLITS)}")
    return meta


def set_overlaps(article: Article, question_set: ParsedSet
                 ) -> list[tuple[LabelledRow, ParsedStatement]]:
    """Each labelled row with each statement of the set that shares words with it in the
    same paragraph (passage N of the set is paragraph N of the article)."""
    pairs = []
    for number, (passage, paragraph) in enumerate(
            zip(question_set.passages, article.paragraphs, strict=False), start=1):
        spans, start = {}, 0
        for row in (r for r in article.rows if r.passage == number):
            begin = paragraph.find(row.text, start)
            spans[row], start = (begin, begin + len(row.text)), begin + len(row.text)
        for statement in passage.statements:
            where = find_phrase(paragraph, statement.text)
            pairs += [(row, statement) for row, (begin, end) in spans.items()
                      if where and begin < where[1] and where[0] < end]
    return pairs
