"""What one student's own mistakes say: the score per passage, each kind of mix-up they
made and the words to look for next time. Pure: no database, no Flask.

The result page opens with this summary, so that a student reads first what to work on
("You read speculation as fact 3 times: look for “could” and “believed”") and only then,
if they want, the statements one by one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from quiz.feedback import quoted
from quiz.scoring import Score

# The cues of a mix-up's statements, listed as what to look for: a few, so the sentence
# stays one a student reads to the end.
MAX_LOOK_FOR = 3


class Reviewed(Protocol):
    """A statement with its key and cues (a stored `quiz.models.Statement`)."""

    number: int
    answers: Sequence[str]
    cues: Sequence[str]


class ReviewedPassage(Protocol):
    """A passage with its statements (stored, or as parsed: positions count from 1)."""

    heading: str
    statements: Sequence[Reviewed]


@dataclass(frozen=True)
class PassageScore:
    position: int
    heading: str
    correct: int
    total: int

    @property
    def all_right(self) -> bool:
        return self.correct == self.total


@dataclass(frozen=True)
class MixUp:
    """Statements whose answer is `answer` that the student read as `chosen`."""

    answer: str
    chosen: str
    numbers: tuple[int, ...]  # the statements, in the set's order
    look_for: tuple[str, ...]  # their cues: the first few, each once

    @property
    def sentence(self) -> str:
        """The line of the summary: You read speculation as fact twice: look for “could”."""
        said = f"You read {self.answer} as {self.chosen} {times(len(self.numbers))}"
        return f"{said}: look for {quoted(self.look_for)}" if self.look_for else said


@dataclass(frozen=True)
class Mistakes:
    passages: tuple[PassageScore, ...]  # every passage, in order
    mix_ups: tuple[MixUp, ...]  # the most frequent first
    unanswered: tuple[int, ...]  # statements left without an answer (a due date closed it)

    @property
    def wrong(self) -> int:
        """How many statements were not answered right."""
        return sum(p.total - p.correct for p in self.passages)

    @property
    def unanswered_sentence(self) -> str:
        count = len(self.unanswered)
        return f"You left {count} statement{'s' * (count != 1)} without an answer" if count else ""


def times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def mistakes(passages: Sequence[ReviewedPassage], score: Score,
             labels: Sequence[str] = ()) -> Mistakes:
    """The summary of one attempt's mistakes, from its passages and its score.

    A wrong choice counts against the key's first label, as the class's confusion matrix
    counts it (quiz/analysis.py), so the two pages never disagree. Mix-ups are ordered by how
    often they happened; equal counts keep the label order (answer, then chosen), so the
    summary does not change from one visit to the next.
    """
    scores, unanswered = [], []
    found: dict[tuple[str, str], list[Reviewed]] = {}
    for position, passage in enumerate(passages, start=1):
        correct = 0
        for statement in passage.statements:
            item = score.items[statement.number]
            if item.correct:
                correct += 1
            elif item.chosen is None:
                unanswered.append(statement.number)
            else:
                found.setdefault((statement.answers[0], item.chosen), []).append(statement)
        scores.append(PassageScore(position, passage.heading, correct,
                                   len(passage.statements)))
    order = {label: i for i, label in enumerate(labels)}

    def rank(pair: tuple[str, str]) -> tuple[int, int, int, str, str]:
        return (-len(found[pair]), order.get(pair[0], len(order)),
                order.get(pair[1], len(order)), *pair)

    mix_ups = tuple(
        MixUp(answer, chosen, tuple(s.number for s in found[answer, chosen]),
              look_for([s.cues for s in found[answer, chosen]]))
        for answer, chosen in sorted(found, key=rank)
    )
    return Mistakes(tuple(scores), mix_ups, tuple(unanswered))


def look_for(cue_lists: Sequence[Sequence[str]], limit: int = MAX_LOOK_FOR) -> tuple[str, ...]:
    """The first `limit` cues, in statement order, each once (case and spacing aside)."""
    seen: set[str] = set()
    kept: list[str] = []
    for cue in (c for cues in cue_lists for c in cues):
        folded = " ".join(cue.lower().split())
        if folded and folded not in seen:
            seen.add(folded)
            kept.append(cue)
    return tuple(kept[:limit])


# The number label quiz/highlight.py puts before each statement of a rendered passage.
# Teacher HTML cannot forge one: quiz/rendering.py allows no <span>.
_LABEL = re.compile(r'<span class="statement-label">(\d+)</span>')
WRONG_NOTE = '<span class="visually-hidden">Wrong: </span>'


def mark_wrong(review_html: str, wrong: Collection[int]) -> str:
    """The reviewed passage with each wrongly answered statement's number marked as wrong.

    Not by colour alone: the label gets the class `wrong` (the page's CSS adds a ✗) and a
    screen reader hears "Wrong" before it. The label itself keeps only its number,
    and stays right before its statement, as the accessibility checks expect.
    """
    if not wrong:
        return review_html

    def mark(match: re.Match[str]) -> str:
        if int(match.group(1)) not in wrong:
            return match.group(0)
        return f'{WRONG_NOTE}<span class="statement-label wrong">{match.group(1)}</span>'

    return _LABEL.sub(mark, review_html)


def wrong_numbers(score: Score) -> frozenset[int]:
    """The statements not answered right, by number."""
    return frozenset(number for number, item in score.items.items() if not item.correct)
