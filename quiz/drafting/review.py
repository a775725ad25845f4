"""The review page's statements as the teacher leaves them: kept, relabelled, split. Pure.

The review page stores nothing: each statement travels in the page's form as a `Row`, and
these functions say what the page shows (the cues marked in the sentence, the counts per
label) and what its buttons do (split one statement, make the draft from the kept ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.drafting import draft, signals
from quiz.drafting.candidates import LABELS, Candidate

# Each of signals.TRAPS in the words the review page flags it with: why it is worth keeping.
TRAP_WORDS = {
    "attributed hedge": "a source is named, but what it says is still a guess",
    "flat evaluation": "a judgement stated as if it were a fact",
    "unknown stated": "a fact about what nobody knows yet",
}
SPLIT_MARK = "|"  # typed into a statement's text where the teacher wants it cut
# Where a statement is cut when the teacher typed no mark: its first clause boundary.
_CLAUSE_BOUNDARY = re.compile(r", | and ")
_TRIMMED = " ,;:"  # what is left dangling at a cut ("Kirby said, | ...")


@dataclass(frozen=True)
class Row:
    """One statement of the review page, as the teacher left it."""

    passage: int
    text: str
    keep: bool
    label: str
    cues: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class SplitOutcome:
    rows: list[Row]
    message: str  # what happened, or why nothing did, in plain words
    done: bool


def suggested_row(candidate: Candidate, keep: bool) -> Row:
    """A statement as the page first shows it: the suggestion's label, cues and reason."""
    suggestion = candidate.suggestion
    return Row(candidate.passage, candidate.text, keep, suggestion.label, suggestion.cues,
               draft.why_for(candidate))


def first_rows(found: list[Candidate]) -> list[Row]:
    """Every candidate in article order, the balanced preselection ticked."""
    ticked = set(draft.preselect(found))
    return [suggested_row(candidate, index in ticked) for index, candidate in enumerate(found)]


def cues_from(typed: str) -> tuple[str, ...]:
    """The cues of a comma-separated list as typed, without empty ones."""
    return tuple(cue.strip() for cue in typed.split(",") if cue.strip())


def cue_pieces(text: str, cues: tuple[str, ...]) -> list[tuple[str, bool]]:
    """`text` in pieces, each with whether it is a cue: the page marks those (any case)."""
    spans = sorted((m.start(), m.end()) for cue in cues if cue
                   for m in re.finditer(re.escape(cue), text, re.IGNORECASE))
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in spans:
        if end <= at:  # inside a cue already marked
            continue
        start = max(start, at)
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def kept_counts(rows: list[Row]) -> dict[str, int]:
    """How many kept statements have each label, in the labels' order."""
    return {label: sum(row.keep and row.label == label for row in rows) for label in LABELS}


def split_parts(text: str) -> list[str] | None:
    """The parts of a statement cut at each `|` typed into it, or else at its first clause
    boundary; None when there is nowhere to cut (or a part would be empty)."""
    if SPLIT_MARK in text:
        parts = text.split(SPLIT_MARK)
    elif boundary := _CLAUSE_BOUNDARY.search(text):
        parts = [text[:boundary.start()], text[boundary.end():]]
    else:
        return None
    parts = [part.strip(_TRIMMED) for part in parts]
    return parts if all(parts) else None


def split(rows: list[Row], index: int, most: int) -> SplitOutcome:
    """Statement `index` replaced by its parts, each with a suggestion of its own; at most
    `most` statements in all, so a page of splits stays within the review's bound."""
    number = index + 1
    parts = split_parts(rows[index].text)
    if parts is None:
        return SplitOutcome(rows, f"Statement {number} has no “{SPLIT_MARK}”, comma or “and” "
                            f"to split at: type {SPLIT_MARK} where it should be cut, and press "
                            "Split again.", False)
    if len(rows) - 1 + len(parts) > most:
        return SplitOutcome(rows, f"Statement {number} was not split: a review holds at most "
                            f"{most} statements. Split it in the draft's Markdown instead.",
                            False)
    row = rows[index]
    new = [suggested_row(Candidate(row.passage, part, signals.suggest(part)), row.keep)
           for part in parts]
    last = number + len(new) - 1
    named = f"{number} and {last}" if len(new) == 2 else f"{number} to {last}"
    return SplitOutcome(rows[:index] + new + rows[index + 1:],
                        f"Statement {number} is now statements {named}.", True)


def make_problems(rows: list[Row]) -> list[tuple[int | None, str]]:
    """What stops the kept statements becoming a draft: (row index or None, message)."""
    problems: list[tuple[int | None, str]] = []
    if not any(row.keep for row in rows):
        problems.append((None, "Keep at least one statement: tick Keep beside it."))
    for index, row in enumerate(rows):
        if row.keep and SPLIT_MARK in row.text:
            problems.append((index, f"Statement {index + 1} still has a “{SPLIT_MARK}”: press "
                                    "Split to cut it there, or take the mark out."))
    return problems


def chosen(rows: list[Row]) -> list[draft.Chosen]:
    """The kept statements, in article order, as the draft writer takes them."""
    return [draft.Chosen(row.passage, row.text, row.label, row.cues, row.why)
            for row in rows if row.keep]


def landed(title: str, plan: draft.DraftPlan) -> str:
    """What the workbench says first about a draft: where it is, and what it left out."""
    written = len(plan.question_set.statements)
    notice = (f"Your draft of “{title}”, with {written} "
              f"{'statement' if written == 1 else 'statements'}, is in the box below. Nothing "
              "is stored yet: press Check, then Preview, then Publish.")
    if plan.skipped:
        notice += " Left out: " + "; ".join(f"“{chosen.text}” ({reason})"
                                            for chosen, reason in plan.skipped) + "."
    return notice
