"""The values the drafting steps pass along: passages of an article, suggestions, candidates."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("fact", "speculation", "opinion")
CUE, GUESS = "cue", "guess"  # a suggestion's confidence: a signal was found, or none was


@dataclass(frozen=True)
class PassageText:
    number: int  # 1, 2, ... in article order
    text: str  # plain text, as the draft's block quote holds it
    candidates: tuple[str, ...]  # candidate statements: exact substrings of `text`, in order


@dataclass(frozen=True)
class Suggestion:
    label: str  # one of LABELS
    cues: tuple[str, ...]  # exact words of the candidate that signal the label
    reason: str  # one line: "hedge: could be"
    confidence: str  # CUE or GUESS: a guess is shown as a guess, never as a fact
    traps: tuple[str, ...] = ()  # the classic traps seen (signals.TRAPS)


@dataclass(frozen=True)
class Candidate:
    passage: int  # PassageText.number
    text: str
    suggestion: Suggestion
