"""Candidates with suggestions, a balanced preselection, and the chosen ones as a set. Pure.

`write_draft()` writes what the teacher kept with the project's Markdown writer, and the
file passes `questions check` unchanged, whatever the article holds:

- each passage is the article's own text, escaped so that Markdown shows it as written
  (quiz/drafting/plain.py), and each statement is checked against that passage as the
  parser reads it (rendered, quiz/highlight.py); one that is not found, or is over a limit
  of quiz/limits.py, is skipped, with the reason (`DraftPlan.skipped`);
- a passage with no statement kept is joined to a neighbour that has some, while the
  joined passage stays within the limits, else left out (`DraftPlan.left_out`); if the file
  would still be too long, the longest joined passages are left out too; what the teacher
  kept is never dropped for length;
- a cue that does not occur in its passage (or occurs too often) is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from quiz import limits
from quiz.drafting import explanations, joining, plain, preselection, segment, signals
from quiz.drafting.candidates import Candidate, PassageText
from quiz.highlight import MarkedHTML, phrase_parts
from quiz.questionset.checks import TITLE_LENGTH
from quiz.questionset.parsed import DEFAULT_LABELS, ParsedPassage, ParsedSet, ParsedStatement
from quiz.questionset.writer import write
from quiz.rendering import render_markdown

# What a student reads before the first passage: docs/question-format.md's definitions in
# the words of questions/iran-drones.md, shortened.
INTRODUCTION = """\
Read each passage, then decide for every statement whether it is a **fact**, **speculation**
or an **opinion**:

- **Fact**: a claim, told as known, about what happened or what is true, that could be
  checked. That someone *said* or *denied* something is a fact too, even if what they said
  is not.
- **Speculation**: a guess about what might be true or might happen, which nobody has
  confirmed. Look for words like *could*, *is believed to be*, *experts believe*. But saying
  plainly that nobody knows something is not a guess.
- **Opinion**: what someone thinks is right, wrong, good or bad: a judgement that no
  evidence could settle, whether or not you agree with it. Look for words like *should*,
  *wrong*, *the best*.

After you answer, the explanation shows the words in the passage that give it away."""


@dataclass(frozen=True)
class Source:
    name: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Chosen:
    """A statement the teacher kept, as they left it on the review page."""

    passage: int
    text: str
    label: str
    cues: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class DraftPlan:
    """The draft as a set, and what of the article and the chosen statements it leaves out."""

    question_set: ParsedSet
    left_out: tuple[int, ...]  # numbers of the passages that are not in the draft
    skipped: tuple[tuple[Chosen, str], ...]  # chosen statements not written, each with why


def candidates(text: str) -> tuple[list[PassageText], list[Candidate]]:
    found = segment.passages(text)
    return found, [Candidate(p.number, c, signals.suggest(c)) for p in found
                   for c in p.candidates]


def preselect(found: list[Candidate], low: int = 15, high: int = 25) -> list[int]:
    """Indices of the candidates the review page ticks at first (quiz/drafting/preselection.py)."""
    return preselection.preselect(found, low, high)


def why_for(candidate: Candidate) -> str:
    """The explanation the review page pre-fills, worded for a 14-year-old."""
    return explanations.why_for(candidate.suggestion)


def suggested(candidate: Candidate) -> Chosen:
    """A candidate kept as suggested: its label, its cues and the pre-filled `why`."""
    suggestion = candidate.suggestion
    return Chosen(candidate.passage, candidate.text, suggestion.label, suggestion.cues,
                  why_for(candidate))


def suggestions(found: list[Candidate], ticked: Iterable[int]) -> dict:
    """Every candidate's suggestion, as `questions draft --json` prints them."""
    ticked = set(ticked)
    return {"sentences": [
        {"passage": c.passage, "text": c.text, "label": c.suggestion.label,
         "cues": list(c.suggestion.cues), "reason": c.suggestion.reason,
         "confidence": c.suggestion.confidence, "traps": list(c.suggestion.traps),
         "preselected": index in ticked}
        for index, c in enumerate(found)]}


def write_draft(title: str, source: Source, found: list[PassageText],
                chosen: list[Chosen]) -> str:
    """The draft as a question-set file (Markdown): passes `questions check` unchanged."""
    return write(plan_draft(title, source, found, chosen).question_set)


def plan_draft(title: str, source: Source, found: list[PassageText],
               chosen: list[Chosen]) -> DraftPlan:
    """The draft `write_draft` writes, with the passages and statements it leaves out.

    ValueError for a title the format cannot hold, a source too long for the introduction,
    or when no chosen statement can be written (a set needs one).
    """
    title, intro = _title(title), _introduction(source)
    texts = {p.number: plain.markdown(p.text) for p in found}
    kept, skipped = _statements(texts, chosen)
    if not kept:
        reasons = "; ".join(sorted({reason for _, reason in skipped}))
        raise ValueError("no statement to write" + (f" ({reasons})" if reasons else ""))
    groups, left_out = joining.groups([p.number for p in found], texts, set(kept))
    for group in groups[limits.MAX_PASSAGES:]:  # the statements of passages past the limit
        anchor = next(n for n in group if n in kept)
        skipped += [(item.chosen, f"the set already has {limits.MAX_PASSAGES} passages, the "
                     "most it may have") for item in kept.pop(anchor)]
        left_out += group
    groups = groups[:limits.MAX_PASSAGES]
    headings = {p.number: joining.heading(p.text, p.number) for p in found}
    while True:
        question_set = _question_set(title, intro, groups, texts, headings, kept)
        joined = [n for group in groups for n in group if n not in kept]
        if not joined or len(write(question_set)) <= limits.MAX_SET_CHARACTERS:
            break
        longest = max(joined, key=lambda n: len(texts[n]))
        groups = [[n for n in group if n != longest] for group in groups]
        left_out.append(longest)
    return DraftPlan(question_set, tuple(sorted(left_out)), tuple(skipped))


# -- the parts of the set -------------------------------------------------------------------

def _title(title: str) -> str:
    title = plain.one_line(title)
    if not title:
        raise ValueError("the title is empty")
    if len(title) > TITLE_LENGTH:
        raise ValueError(f"the title is longer than {TITLE_LENGTH} characters")
    return title


def _introduction(source: Source) -> str:
    url = plain.one_line(source.url)
    link = f"<{url}>" if url.startswith(("https://", "http://")) and not any(
        char in url for char in " <>") else plain.inline(url)
    parts = [plain.inline(plain.one_line(source.name)), plain.inline(plain.one_line(source.date)),
             link]
    parts = [part for part in parts if part]
    intro = (f"Source: {', '.join(parts)}.\n\n" if parts else "") + INTRODUCTION
    if len(intro) > limits.MAX_INTRO_CHARACTERS:
        raise ValueError(f"the source is too long: the introduction may have at most "
                         f"{limits.MAX_INTRO_CHARACTERS:,} characters")
    return intro


@dataclass(frozen=True)
class _Kept:
    chosen: Chosen
    statement: ParsedStatement  # numbered 0: numbers are given once the order is known
    start: int  # where it is found in its passage, to keep article order


def _statements(texts: dict[int, str], chosen: list[Chosen]
                ) -> tuple[dict[int, list[_Kept]], list[tuple[Chosen, str]]]:
    """The chosen statements that can be written, by passage; and the others, with why."""
    kept: dict[int, list[_Kept]] = {}
    skipped: list[tuple[Chosen, str]] = []
    marked: dict[int, MarkedHTML | None] = {}
    for item in chosen:
        number = item.passage
        if number in texts and number not in marked:
            too_long = len(texts[number]) > limits.MAX_PASSAGE_CHARACTERS
            marked[number] = None if too_long else MarkedHTML(render_markdown(texts[number]))
        reason = _refusal(item, texts, marked.get(number), kept)
        span = None if reason else marked[number].find(plain.one_line(item.text))
        if span is None and not reason:
            reason = f"it does not occur in passage {number}"
        statement = None if reason else _statement(item, marked[number])
        reason = reason or _unwritable(statement)
        if reason:
            skipped.append((item, reason))
        else:
            kept.setdefault(number, []).append(_Kept(item, statement, span[0]))
    return {n: sorted(k, key=lambda s: s.start) for n, k in kept.items()}, skipped


def _refusal(item: Chosen, texts, marked: MarkedHTML | None, kept) -> str:
    """Why `item` cannot be written, or '' (the checks that need no search)."""
    text, why = plain.one_line(item.text), _markdown(item.why)
    if item.passage not in texts:
        return f"the article has no passage {item.passage}"
    if marked is None:
        return (f"passage {item.passage} is longer than {limits.MAX_PASSAGE_CHARACTERS:,} "
                "characters once written, the most a passage may have")
    if not phrase_parts(text):
        return "it has no words"
    if len(text) > limits.MAX_STATEMENT_CHARACTERS:
        return (f"it is longer than {limits.MAX_STATEMENT_CHARACTERS} characters, the most a "
                "statement may have")
    if _label(item.label) is None:
        return f"'{item.label}' is not a label ({', '.join(DEFAULT_LABELS)})"
    if not why:
        return "it has no explanation"
    if len(why) > limits.MAX_WHY_CHARACTERS:
        return (f"its explanation is longer than {limits.MAX_WHY_CHARACTERS:,} characters, "
                "the most it may have")
    if len(kept.get(item.passage, ())) == limits.MAX_STATEMENTS_PER_PASSAGE:
        return (f"passage {item.passage} already has {limits.MAX_STATEMENTS_PER_PASSAGE} "
                "statements, the most a passage may have")
    if sum(map(len, kept.values())) == limits.MAX_STATEMENTS:
        return f"the set already has {limits.MAX_STATEMENTS} statements, the most it may have"
    return ""


def _statement(item: Chosen, marked: MarkedHTML) -> ParsedStatement:
    cues = []
    for cue in map(plain.one_line, item.cues):
        places = len(marked.find_all(cue, limit=limits.MAX_CUE_PLACES + 1)) if cue else 0
        if (0 < places <= limits.MAX_CUE_PLACES and "," not in cue and cue not in cues
                and len(cue) <= limits.MAX_CUE_CHARACTERS):
            cues.append(cue)
    return ParsedStatement(0, plain.one_line(item.text), (_label(item.label),),
                           _markdown(item.why), tuple(cues[:limits.MAX_CUES]))


def _unwritable(statement: ParsedStatement) -> str:
    """What the writer refuses in `statement` alone (an explanation line it would misread),
    or ''."""
    probe = ParsedPassage("probe", "probe", (replace(statement, number=1),))
    try:
        write(ParsedSet("probe", DEFAULT_LABELS, "", (probe,)))
    except ValueError as error:
        return str(error)
    return ""


def _label(label: str) -> str | None:
    return {known.lower(): known for known in DEFAULT_LABELS}.get(label.strip().lower())


def _markdown(text: str) -> str:
    """A teacher's Markdown as the writer can hold it: lines trimmed, one empty line at most
    between paragraphs, none at either end."""
    lines: list[str] = []
    for line in plain.clean(text).split("\n"):
        if line.strip() or (lines and lines[-1]):
            lines.append(line.strip())
    return "\n".join(lines).strip("\n")


def _question_set(title: str, intro: str, groups: list[list[int]], texts: dict[int, str],
                  headings: dict[int, str], kept: dict[int, list[_Kept]]) -> ParsedSet:
    passages, number = [], 0
    for group in groups:
        statements = []
        for item in (k for n in group if n in kept for k in kept[n]):
            number += 1
            statements.append(replace(item.statement, number=number))
        passages.append(ParsedPassage(headings[group[0]], joining.joined(group, texts),
                                      tuple(statements)))
    return ParsedSet(title, DEFAULT_LABELS, intro, tuple(passages))
