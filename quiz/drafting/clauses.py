"""The parts of one sentence that say different kinds of thing. Pure.

A student judges each statement by its own words, so a sentence that joins an attribution to
a claim, or a report to a judgement, is offered as its parts. Each rule below is small and
conservative: a split that is wrong costs the teacher a good statement, a split missed only
leaves a longer one. Without a parser, a clause is recognised by its first words: a subject
from a short list and a verb from another, close behind it.

- **Direct speech** (`speech`): a quotation is split from its attribution when it is set off
  as speech (it starts with a capital, or follows a comma or colon, or ends with one) and the
  words outside it report speech ("said", "told", "according to"). Scare quotes ("is “in the
  wrong”") and quoted phrases stay inside their sentence.
- **Reported speech** (`clauses`): "Politico states that experts believe ..." splits after the
  reporting verb ("states", "said", "told X"): the report, and what was reported. "Believe
  that" does not: it is the claim's own hedge.
- **Joined clauses** (`clauses`): at ", " ";" ", and/but/so/yet" or a bare " and "/" but ",
  when the words after it open a clause and the words before it are one. A list ("drones,
  missiles and soldiers") does not, as its items open no clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[\w’'.-]+")

REPORTING = frozenset(
    "said says say told tells tell stated states added adds asked asks wrote writes argued "
    "argues explained explains noted notes warned warns insisted insists claimed claims "
    "announced announces declared declares denied denies replied replies "
    "tweeted posted urged urges admitted admits acknowledged suggested suggests predicted "
    "predicts concluded concludes quoted reported reports confirmed confirms".split())
# Reporting verbs that introduce what was reported with "that" ("the article states that").
_REPORTED = re.compile(
    r"\b(?P<verb>said|says|stated|states|reported|reports|announced|announces|claimed|claims|"
    r"argued|argues|wrote|writes|warned|warns|added|adds|noted|notes|insisted|insists|"
    r"explained|explains|concluded|concludes|admitted|admits|denied|denies|confirmed|"
    r"confirms|told\s+[\w’'.-]+)\s+that\s+")

PRONOUNS = frozenset("i you he she it we they there".split())
# A pronoun and its verb in one word: "it’s", "they’re", "we’ll", "he’d".
_CONTRACTED = re.compile(r"^(?:i|you|he|she|it|we|they|there|that)[’'](?:s|re|ll|d|ve|m)$")
DETERMINERS = frozenset(
    "the a an this these those his her its their our my your some many most all both each "
    "every no any another such several few".split())
MODALS = frozenset("will would can could should must may might shall need needs".split())
FINITE = MODALS | frozenset(
    "is are was were has have had do does did am isn’t aren’t wasn’t weren’t hasn’t "
    "haven’t hadn’t doesn’t don’t didn’t won’t wouldn’t can’t couldn’t shouldn’t mustn’t "
    "isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't "
    "can't couldn't shouldn't mustn't seems seemed appears appeared remains remained "
    "became becomes sent bought made took gave got went came left found held kept began "
    "won lost led paid met saw knew thought brought built fought agree agrees believe "
    "believes think thinks want wants know knows".split()) | REPORTING
RELATIVES = frozenset("who whom whose which that".split())
# Words that open a clause that is not a main one, or no clause at all.
SUBORDINATE = frozenset(
    "if when whether although though because while since unless as after before until once "
    "whereas so than where who whom whose which that to in on at of for from with by about "
    "during under over despite according through throughout among between across against "
    "without within amid following like unlike including ranging such also and or but nor "
    "yet even only just then however".split())


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    quoted: bool  # the words inside quotation marks, not the marks


def speech(sentence: str) -> list[Piece]:
    """The sentence as attributions and quotations, in order; one piece if it has none."""
    quotes = [(s, e) for s, e in _quotations(sentence) if _set_off(sentence, s, e)]
    outside = _outside(sentence, quotes)
    if not quotes or not any(_reports(sentence[s:e]) for s, e in outside):
        return [Piece(0, len(sentence), False)]
    pieces = [Piece(s, e, False) for s, e in outside if _reports(sentence[s:e])]
    pieces += [Piece(s + 1, e - 1, True) for s, e in quotes]
    return sorted(pieces, key=lambda piece: piece.start)


def _quotations(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, its marks included: “…”, ‘…’ and paired "…"."""
    found = [(m.start(), m.end()) for m in re.finditer(r"“[^“”]*”", sentence)]
    found += [(m.start(), m.end()) for m in re.finditer(r"(?<![\w’])‘[^‘’]*’(?!\w)", sentence)]
    straight = [i for i, character in enumerate(sentence) if character == '"']
    if len(straight) % 2 == 0:
        found += [(straight[i], straight[i + 1] + 1) for i in range(0, len(straight), 2)]
    found.sort()
    return [q for i, q in enumerate(found) if i == 0 or q[0] >= found[i - 1][1]]


def _set_off(sentence: str, start: int, end: int) -> bool:
    """A quotation of a whole utterance, not a phrase quoted inside a sentence."""
    inner = sentence[start + 1:end - 1].strip()
    if len(inner.split()) < 2:
        return False
    before = sentence[:start].rstrip()
    return (inner[0].isupper() or before.endswith((",", ":")) or not before
            or inner.endswith((",", ".", "?", "!")))


def _outside(sentence: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for start, end in quotes:
        spans.append((cursor, start))
        cursor = end
    spans.append((cursor, len(sentence)))
    return [(s, e) for s, e in spans if sentence[s:e].strip(" ,.;:—–-")]


def _reports(text: str) -> bool:
    return (any(word in REPORTING for word in _words(text))
            or re.search(r"\b[Aa]ccording to\b", text) is not None)


def _words(text: str) -> list[str]:
    # Lower case only: "States" in "the United States" reports nothing.
    return [m.group().strip(".") for m in _WORD.finditer(text)]


# Where clauses may be joined: ", " "; " and the conjunctions, with or without a comma.
_JOINS = re.compile(r"(?P<comma>[,;])\s+(?:(?P<conj>and|but|so|yet)\s+)?|\s+(?P<bare>and|but)\s+")


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text` (a sentence, or a quotation's sentence)."""
    reported = _REPORTED.search(text)
    if reported and text[:reported.start()].strip():  # someone reports, not "Said that"
        rest = [(s + reported.end(), e + reported.end())
                for s, e in clauses(text[reported.end():])]
        return [(0, reported.end("verb")), *rest]
    spans, start = [], 0
    for join in _JOINS.finditer(text):
        if _splits(text[start:join.start()], text[join.end():], bare=join["bare"] is not None):
            spans.append((start, join.start()))
            start = join.end()
    spans.append((start, len(text)))
    return spans


def _splits(left: str, right: str, bare: bool) -> bool:
    before, after = _words(left), _words(right)[:10]
    if (len(before) < 4 or before[0].lower() in SUBORDINATE or not after
            or not any(_verb(word) for word in before)
            or (bare and {"between", "both"} & set(before[-3:]))):  # "between X and the Y"
        return False
    first = after[0]
    if first.lower() in PRONOUNS | DETERMINERS:
        first = first.lower()  # "It", "The" at a quotation's start
    if first in PRONOUNS:
        return any(_verb(word) for word in after[1:4])
    if _CONTRACTED.match(first.lower()):
        return True
    if first in DETERMINERS:
        return _verb_follows(after, modal_only=False)
    if first == "if":
        return not bare and "then" in _words(right)
    # Any other first word (a name, "outside forces"): only a modal soon after, and only
    # after a comma, since a bare "and" between names is a list.
    return not bare and len(before) >= 5 and first.lower() not in SUBORDINATE and (
        _verb_follows(after[:4], modal_only=True))


def _verb_follows(words: list[str], modal_only: bool) -> bool:
    """A verb close behind the subject's first word, before any "and" that would make the
    subject a list; after "who"/"which", only a modal ("any who wish ... should")."""
    relative = False
    for index, word in enumerate(words[1:], start=1):
        if word in ("and", "or") and words[0] not in ("both", "either", "neither"):
            return False
        if word in RELATIVES:
            relative = True
        elif word in MODALS or (word in FINITE and not modal_only and not relative):
            return index <= 8
    return False


def _verb(word: str) -> bool:
    """A finite verb, as far as a short list and "-ed" can tell (after a subject)."""
    return (word in FINITE or (len(word) > 3 and word.endswith("ed"))
            or _CONTRACTED.match(word.lower()) is not None)
