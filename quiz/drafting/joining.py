"""Which passages of an article a draft keeps, and how they are joined and headed. Pure.

Every passage of a set needs a statement, but a passage the teacher kept no statement from
is still worth reading: it is joined to a neighbour that has statements, so the draft keeps
the article's thread. It joins the passage before it if that has room, else the one after
it; a run of such passages is joined outwards from each neighbour, in article order, so a
joined passage is always a stretch of the article without gaps. What does not fit within
quiz/limits.py MAX_PASSAGE_CHARACTERS is left out, and the caller says so.
"""

from __future__ import annotations

from quiz import limits
from quiz.drafting import plain

HEADING_WORDS = 6  # a passage is headed by its first words, for the teacher to rename
HEADING_CHARACTERS = 60
PARAGRAPH_BREAK = "\n\n"  # joined passages stay paragraphs of one block quote


def groups(numbers: list[int], texts: dict[int, str],
           with_statements: set[int]) -> tuple[list[list[int]], list[int]]:
    """The draft's passages, each a run of article passages (numbers in article order)
    around one that has statements; and the passages no neighbour has room for.

    `texts` are the passages as written (Markdown), by number.
    """
    anchors = [n for n in numbers if n in with_statements]
    joined = {anchor: [anchor] for anchor in anchors}
    placed = set(anchors)
    for before, after in zip([None, *anchors], [*anchors, None], strict=True):
        between = [n for n in numbers if (before is None or n > before)
                   and (after is None or n < after) and texts[n]]
        for anchor, order in ((before, between), (after, between[::-1])):
            for number in order if anchor is not None else ():
                if number in placed or not fits([*joined[anchor], number], texts):
                    break  # the next one would leave a gap in the article
                joined[anchor] = sorted([*joined[anchor], number])
                placed.add(number)
    return [joined[anchor] for anchor in anchors], [n for n in numbers if n not in placed]


def fits(group: list[int], texts: dict[int, str]) -> bool:
    return len(joined(group, texts)) <= limits.MAX_PASSAGE_CHARACTERS


def joined(group: list[int], texts: dict[int, str]) -> str:
    return PARAGRAPH_BREAK.join(texts[n] for n in group)


def heading(text: str, number: int) -> str:
    """A passage's heading: its first words (plain text: headings are not Markdown)."""
    words = plain.one_line(text).split()
    first = " ".join(words[:HEADING_WORDS])[:HEADING_CHARACTERS].strip(" #,;:-")
    if first and first != " ".join(words):
        first += "…"
    return first or f"Passage {number}"
