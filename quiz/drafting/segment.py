"""Paragraphs to passages, sentences to candidate statements. Pure.

Passages, within the format's limits (quiz/limits.py):

- Each paragraph of the article is a passage. One longer than MAX_PASSAGE_CHARACTERS, or
  with more than MAX_STATEMENTS_PER_PASSAGE candidates, is split at sentence boundaries
  into as few, even parts as fit.
- A tiny paragraph (under TINY_PARAGRAPH characters: a dateline, a heading, a caption, one
  short sentence) is joined to the next one (the last to the one before), and while there
  are more than MAX_PASSAGES, the two neighbours that are shortest together are joined.
  Joined paragraphs keep their blank line: a passage's text may hold several paragraphs,
  as a block quote can.

Sentences: pysbd, a rule-based segmenter with no data to download, which knows "U.S.",
"Dr.", "Jan. 5", "3.5" and quotations. Its time grows with the square of the full stops in
what it is given, so it is given a paragraph a few sentences at a time: cut only where a
sentence surely ends (a word of three lower-case letters, a stop, a capital).

Candidates: the parts of each sentence (quiz/drafting/clauses.py): an attribution and its
quotation, a report and what it reports, clauses joined by a comma or "and". Each is an
exact substring of its passage's text, trimmed of spaces, of the punctuation around it and
of a final full stop; one over MAX_STATEMENT_CHARACTERS, or of one word, is left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pysbd

from quiz import limits
from quiz.drafting import clauses
from quiz.drafting.candidates import PassageText

TINY_PARAGRAPH = 60  # characters

# pysbd is given about this much at once, in pieces that end where a sentence surely does;
# text with no such end for _LONGEST characters is cut at a space (a sentence is shorter).
_CHUNK, _LONGEST = 500, 1_000
_SURE_END = re.compile(r"[a-z]{3}[.!?][\"”’)]*(?=\s+[\"“‘(]?[A-Z])")
# Past one full stop (or ! ?) in this many characters, text is not prose ("1. 2. 3. ...")
# and pysbd's time on it runs to seconds: it is split at each stop and a space instead.
_STOPS_DENSITY = 6
_ANY_END = re.compile(r"(?<=[.!?])\s+")
_MAYBE_END = re.compile(r"[.!?…][\"”’)]*\s")
_EDGES = " ,;:—–-"  # trimmed from a candidate's ends


@dataclass(frozen=True)
class _Sentence:
    start: int  # in its paragraph
    end: int
    candidates: list[str]


@dataclass(frozen=True)
class _Block:
    """Paragraphs (or parts of one) that become one passage, with their candidates."""

    parts: tuple[tuple[int, str], ...]  # (the paragraph's index in the article, its text)
    candidates: tuple[str, ...]
    size: int  # the text's length, or a little more (kept, as joining is done often)

    @classmethod
    def of(cls, paragraph: int, text: str, candidates: list[str]) -> _Block:
        return cls(((paragraph, text),), tuple(candidates), len(text))

    @property
    def text(self) -> str:
        text = self.parts[0][1]
        for (previous, _), (paragraph, part) in zip(self.parts, self.parts[1:], strict=False):
            text += (" " if paragraph == previous else "\n\n") + part
        return text

    def fits_with(self, other: _Block) -> bool:
        return (self.size + 2 + other.size <= limits.MAX_PASSAGE_CHARACTERS
                and len(self.candidates) + len(other.candidates)
                <= limits.MAX_STATEMENTS_PER_PASSAGE)

    def join(self, other: _Block) -> _Block:
        return _Block(self.parts + other.parts, self.candidates + other.candidates,
                      self.size + 2 + other.size)


def passages(text: str) -> list[PassageText]:
    """The article's passages, each with its candidate statements, in article order."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    blocks = []
    for index, paragraph in enumerate(p for p in paragraphs if p):
        sentences = [_Sentence(s, e, _candidates(paragraph[s:e]))
                     for s, e in _sentences(paragraph)]
        blocks += _split(index, paragraph, sentences)
    blocks = _fewer(_joined_tiny(blocks))
    return [PassageText(number, block.text, _unique(block.candidates))
            for number, block in enumerate(blocks, start=1)]


def _split(index: int, paragraph: str, sentences: list[_Sentence]) -> list[_Block]:
    """The paragraph as one block, or as even runs of whole sentences that fit a passage:
    as many runs as the limit it is furthest over needs, each of about an even share."""
    count = sum(len(sentence.candidates) for sentence in sentences)
    parts = max(math.ceil(len(paragraph) / limits.MAX_PASSAGE_CHARACTERS),
                math.ceil(count / limits.MAX_STATEMENTS_PER_PASSAGE), 1)
    if parts == 1:
        return [_Block.of(index, paragraph, [c for s in sentences for c in s.candidates])]
    runs: list[list[_Sentence]] = [[]]
    for sentence in sentences:
        run = runs[-1]
        if run:
            size = sentence.end - run[0].start
            found = sum(len(s.candidates) for s in run)
            if (size > limits.MAX_PASSAGE_CHARACTERS
                    or found + len(sentence.candidates) > limits.MAX_STATEMENTS_PER_PASSAGE
                    or run[-1].end - run[0].start >= len(paragraph) / parts
                    or (found >= count / parts and sentence.candidates)):
                runs.append([])
        runs[-1].append(sentence)
    return [_Block.of(index, paragraph[run[0].start:run[-1].end],
                      [c for sentence in run for c in sentence.candidates]) for run in runs]


def _joined_tiny(blocks: list[_Block]) -> list[_Block]:
    """Each tiny block joined to the next one (several in a row, until they are not tiny),
    the last to the one before; where the two would not fit a passage, it stays alone."""
    result: list[_Block] = []
    waiting: _Block | None = None  # a tiny block, to go before the next one
    for block in blocks:
        if waiting is not None and waiting.fits_with(block):
            block, waiting = waiting.join(block), None
        elif waiting is not None:
            result.append(waiting)
            waiting = None
        if block.size < TINY_PARAGRAPH:
            waiting = block
        else:
            result.append(block)
    if waiting is not None:
        if result and result[-1].fits_with(waiting):
            result[-1] = result[-1].join(waiting)
        else:
            result.append(waiting)
    return result


def _fewer(blocks: list[_Block]) -> list[_Block]:
    """At most MAX_PASSAGES blocks: the neighbours shortest together are joined first, and
    ones over the candidates' limit only when no others are left (the text always fits:
    MAX_ARTICLE_CHARACTERS is far below MAX_PASSAGES passages' worth). Past twice as many,
    each block is first joined to the next, to get there in a few steps."""
    while len(blocks) > 2 * limits.MAX_PASSAGES:
        fewer = _pairs_joined(blocks)
        if len(fewer) == len(blocks):
            break
        blocks = fewer
    while len(blocks) > limits.MAX_PASSAGES:
        i = min(range(len(blocks) - 1), key=lambda i: (
            not blocks[i].fits_with(blocks[i + 1]), blocks[i].size + blocks[i + 1].size))
        blocks[i:i + 2] = [blocks[i].join(blocks[i + 1])]
    return blocks


def _pairs_joined(blocks: list[_Block]) -> list[_Block]:
    """Each block joined to the next where the two fit: the first and second, the third
    and fourth, ..."""
    result, i = [], 0
    while i < len(blocks):
        if i + 1 < len(blocks) and blocks[i].fits_with(blocks[i + 1]):
            result.append(blocks[i].join(blocks[i + 1]))
            i += 2
        else:
            result.append(blocks[i])
            i += 1
    return result


def _unique(candidates: list[str]) -> tuple[str, ...]:
    """Each candidate once (the format matches a statement regardless of case), and no
    more than a passage may have statements."""
    seen: dict[str, str] = {}
    for candidate in candidates:
        seen.setdefault(candidate.casefold(), candidate)
    return tuple(seen.values())[:limits.MAX_STATEMENTS_PER_PASSAGE]


# -- sentences --------------------------------------------------------------------------

def _sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, without the spaces around it."""
    spans = []
    for start, end in _chunks(paragraph):
        chunk = paragraph[start:end]
        if not _MAYBE_END.search(chunk):
            found = [chunk]  # one sentence: no stop before a space but at its end
        elif sum(chunk.count(stop) for stop in ".!?") > len(chunk) / _STOPS_DENSITY:
            found = _ANY_END.split(chunk)
        else:  # a new segmenter each time: one keeps the text it was last given
            found = pysbd.Segmenter(language="en", clean=False).segment(chunk)
        # pysbd gives back the text it was given, so each sentence is found where the one
        # before it ended; text it did not give back is kept as a sentence of its own.
        cursor = 0
        for sentence in found:
            where = chunk.find(sentence.strip(), cursor)
            if where < 0 or not sentence.strip():
                continue
            if where > cursor and chunk[cursor:where].strip():
                spans.append((start + cursor, start + where))
            cursor = where + len(sentence.strip())
            spans.append((start + where, start + cursor))
        if chunk[cursor:].strip():
            spans.append((start + cursor, end))
    return [_stripped(paragraph, s, e) for s, e in spans]


def _chunks(paragraph: str) -> list[tuple[int, int]]:
    """The paragraph in pieces of about _CHUNK characters, each ending where a sentence
    surely ends; one with no sure end for _LONGEST characters is cut at a space."""
    chunks, start, last_end = [], 0, 0
    for end in [m.end() for m in _SURE_END.finditer(paragraph)] + [len(paragraph)]:
        if end - start > _CHUNK and last_end > start:
            chunks.append((start, last_end))
            start = last_end
        while end - start > _LONGEST:
            cut = paragraph.rfind(" ", start + 1, start + _LONGEST)
            cut = cut if cut > start else start + _LONGEST
            chunks.append((start, cut))
            start = cut
        last_end = end
    chunks.append((start, len(paragraph)))
    return [(s, e) for s, e in chunks if paragraph[s:e].strip()]


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- candidates -------------------------------------------------------------------------

def _candidates(sentence: str) -> list[str]:
    """The candidate statements of one sentence, in order."""
    pieces = clauses.speech(sentence)
    if len(pieces) == 1 and not pieces[0].quoted:
        return _kept(sentence[s:e] for s, e in clauses.clauses(sentence))
    found = []
    for piece in pieces:
        text = sentence[piece.start:piece.end]
        if not piece.quoted:
            found.append(text)  # an attribution: one statement, whatever its commas
            continue
        for s, e in _sentences(text):  # a quotation may hold several sentences
            found += [text[s:e][cs:ce] for cs, ce in clauses.clauses(text[s:e])]
    return _kept(found)


def _kept(parts: Iterable[str]) -> list[str]:
    found = (_trimmed(part) for part in parts)
    return [c for c in found if len(c.split()) >= 2 and re.search(r"\w", c)
            and len(c) <= limits.MAX_STATEMENT_CHARACTERS]


_OPENING, _CLOSING = "“‘\"", "”’\""


def _trimmed(text: str) -> str:
    text = text.strip(_EDGES)
    # A quotation mark left alone at either end by a split (“We will win, and ...”).
    if text[:1] in _OPENING and not any(mark in text[1:] for mark in _CLOSING):
        text = text[1:]
    if text[-1:] in _CLOSING and not any(mark in text[:-1] for mark in _OPENING):
        text = text[:-1]
    text = text.strip(_EDGES)
    while text.endswith(".") and not re.search(r"\b(?:[A-Za-z]\.){2,}$", text):
        text = text[:-1].rstrip(_EDGES)  # a stop (or "..."), but not the last of "U.S."
    return text
