"""Near-miss hints: the teacher meant one of a few known words, or a passage's own text."""

from __future__ import annotations

import difflib
import heapq
import re
from collections import Counter
from collections.abc import Iterable

from quiz import limits
from quiz.highlight import reader_text

# "Did you mean" compares a wrong answer with each label, in time that grows with the
# product of their lengths (5 ms for six of 100 characters): a typo of a label is short, and
# only the problems that are listed (quiz/limits.py MAX_PROBLEMS) get one.
HINTED_LENGTH = 40
# How alike two words must be to be one misspelt (difflib's ratio, its own default cutoff).
CLOSE = 0.6


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest known word, or '' when none is close."""
    matches = difflib.get_close_matches(word.lower(), [k.lower() for k in known], n=1,
                                        cutoff=CLOSE)
    if not matches:
        return ""
    original = {k.lower(): k for k in known}[matches[0]]
    return f"; did you mean '{original}'?"


def not_a_label(word: str, labels: tuple[str, ...], problems_so_far: int) -> str:
    """The problem with a word that should be a label (an answer, a `not` field's, a wording
    line's): the labels, and the nearest one while problems are still listed."""
    hint = did_you_mean(word, labels) \
        if len(word) <= HINTED_LENGTH and problems_so_far < limits.MAX_PROBLEMS else ""
    return f"'{word}' is not a label ({', '.join(labels)}){hint}"


# -- "the passage says" ---------------------------------------------------------------------

# The passage text a hint quotes: about a line of the problem list, enough to compare with
# what was written word by word; a longer stretch starts just before its first difference.
HINT_CHARACTERS = 80
# Stretches of the passage compared word by word with the statement, after a count of the
# words they share has ranked them all: each comparison costs time in the statement's words.
COMPARED_STRETCHES = 4
# A word the statement repeats more often ('a a a … b') is left out of the comparison's
# index, as difflib's own autojunk does for long texts: comparing it costs the square of
# its repeats (14 s for 100 such statements); 'the' three times in a sentence is kept.
REPEATS_COMPARED = 3
_WILDCARD = re.compile(r"\.\.\.|\u2026")


class PassageSays:
    """A passage's reader text (what a student sees), split into words only when a statement
    that does not occur in it needs a hint, and then once for all of them."""

    def __init__(self, html: str) -> None:
        self._html = html
        self._reader = ""
        self._words: list[tuple[int, int]] = []  # where each word starts and ends
        self._keys: list[str] | None = None  # each word as compared

    def hint(self, statement: str, problems_so_far: int) -> str:
        """`; the passage says: '…'` with the stretch of the passage nearest `statement`, or ''
        once MAX_PROBLEMS problems are found or when the two share no word."""
        if problems_so_far >= limits.MAX_PROBLEMS:
            return ""
        if self._keys is None:
            self._reader = reader_text(self._html)
            found = [(m.span(), key) for m in re.finditer(r"\S+", self._reader)
                     if (key := _key(m.group()))]
            self._words, self._keys = [s for s, _ in found], [k for _, k in found]
        wanted = [key for part in _WILDCARD.sub(" ", statement).split() if (key := _key(part))]
        nearest = _nearest(wanted, self._keys)
        if nearest is None:
            return ""
        first, last, differs = nearest
        return f"; the passage says: '{_excerpt(self._reader, self._words[first:last], differs)}'"


def _key(word: str) -> str:
    """A word as compared: case, quotes and punctuation do not matter."""
    return "".join(char for char in word.casefold() if char.isalnum())


def _nearest(wanted: list[str], passage: list[str]) -> tuple[int, int, int] | None:
    """The stretch of `passage` nearest `wanted`, as word indices [first, last), and where in
    it the first word that differs is; None when no word is shared.

    Every stretch as long as the statement is ranked by the letters of the words it shares
    with it (long words say more than 'the'), in one pass; only the best few are compared
    word by word, and the best of those a word shorter or longer at either end, which finds
    its extent when a word was left out or added.
    """
    size = min(len(wanted), len(passage))
    if not size:
        return None
    need = Counter(wanted)
    scores = _shared_letters(need, passage, size)
    best = heapq.nlargest(COMPARED_STRETCHES, range(len(scores)), key=scores.__getitem__)
    if not scores[best[0]]:
        return None
    matcher = difflib.SequenceMatcher(lambda word: need[word] > REPEATS_COMPARED, b=wanted,
                                      autojunk=False)

    def likeness(stretch: tuple[int, int]) -> tuple[float, int, int]:
        """The share of words in common; between stretches with as many, the one whose
        words stand where the statement has them ('frontlines' rather than a 'The' before
        the first word), then the earlier one."""
        matcher.set_seq1(passage[stretch[0]:stretch[1]])
        blocks = matcher.get_matching_blocks()
        shift = sum(abs(i - j) * length for i, j, length in blocks)
        return matcher.ratio(), -shift, -stretch[0]

    start, _ = max(((first, first + size) for first in best), key=likeness)
    first, last = max(((first, last) for first in range(max(0, start - 1), start + 2)
                       for last in range(first + max(1, size - 1),
                                         min(len(passage), first + size + 1) + 1)),
                      key=likeness)
    first, last = _with_misspelt_ends(matcher, wanted, passage, first, last)
    matcher.set_seq1(passage[first:last])
    differs = next((i for tag, i, _, _, _ in matcher.get_opcodes() if tag != "equal"), 0)
    return first, last, differs


def _with_misspelt_ends(matcher: difflib.SequenceMatcher, wanted: list[str],
                        passage: list[str], first: int, last: int) -> tuple[int, int]:
    """The stretch with the passage's word before or after it, when that is the statement's
    first or last word misspelt: a word that matches nothing looked better left out."""
    matcher.set_seq1(passage[first:last])
    blocks = matcher.get_matching_blocks()[:-1]  # the last is always (len, len, 0)
    if not blocks:
        return first, last
    (i, j, _), (k, m, n) = blocks[0], blocks[-1]
    before = i == 0 and j > 0 and first > 0 and _alike(passage[first - 1], wanted[j - 1])
    after = (k + n == last - first and m + n < len(wanted) and last < len(passage)
             and _alike(passage[last], wanted[m + n]))
    return first - before, last + after


def _alike(word: str, other: str) -> bool:
    """As close as a 'did you mean' needs."""
    return difflib.SequenceMatcher(None, word, other).ratio() >= CLOSE


def _shared_letters(need: Counter[str], passage: list[str], size: int) -> list[int]:
    """For each stretch of `size` words of `passage`, by its first word: the letters of
    the words it shares with the statement's, each word as often as the statement has it."""
    have: Counter[str] = Counter()
    shared = 0
    scores = []
    for index, word in enumerate(passage):
        if have[word] < need[word]:
            shared += len(word)
        have[word] += 1
        if index >= size:
            old = passage[index - size]
            have[old] -= 1
            if have[old] < need[old]:
                shared -= len(old)
        if index >= size - 1:
            scores.append(shared)
    return scores


def _excerpt(reader: str, words: list[tuple[int, int]], differs: int) -> str:
    """The words' text as a reader sees it, at most HINT_CHARACTERS long: when longer, it
    starts two words before the first difference (or earlier, if the rest is short) and is
    cut at word boundaries with '…'."""
    end = words[-1][1]
    text = _stretch(reader[words[0][0]:end])
    if len(text) <= HINT_CHARACTERS:
        return text
    start = max(0, differs - 2)
    while start > 0 and len(_stretch(reader[words[start - 1][0]:end])) < HINT_CHARACTERS:
        start -= 1  # the difference is near the end: show what leads up to it
    lead = "…" if start else ""
    text = _stretch(reader[words[start][0]:end])
    if len(lead) + len(text) <= HINT_CHARACTERS:
        return lead + text
    room = HINT_CHARACTERS - len(lead) - 1  # and the closing '…'
    cut = text.rfind(" ", 0, room + 1)
    return lead + (text[:cut] if cut > 0 else text[:room]) + "…"


def _stretch(text: str) -> str:
    """One line, without the comma, colon or full stop after its last word ('U.S.' keeps
    its own)."""
    text = " ".join(text.split())
    last = text.rsplit(" ", 1)[-1]
    if last[-1:] in ",;:" or last.endswith(".") and "." not in last[:-1]:
        return text[:-1]
    return text
