"""Finding phrases in a passage as a reader sees it, and marking them in its HTML.

The contract matches statements and cues against the *rendered* passage: Markdown
formatting, case, runs of white space and straight-vs-curly quotes do not matter, and
`...`/`…` in a phrase stands for any text. Both the parser (does the statement occur?) and
the pages (highlight it) use the functions here, so what the check accepts is what a student
sees highlighted.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})
_WILDCARD = re.compile(r"\.\.\.|\u2026")
# Block-level tags separate words even when the HTML has no white space between them.
_BLOCK_TAGS = {"p", "br", "li", "blockquote", "div", "h3", "h4", "h5", "h6", "tr", "td", "th"}
# Text directly inside these (or at the top) is only the layout between blocks.
_CONTAINER_TAGS = {"blockquote", "div", "ol", "ul", "table", "thead", "tbody", "tr"}
_VOID_TAGS = {"br", "hr", "img", "wbr"}


@dataclass(frozen=True)
class Mark:
    """A span of reader text to wrap in `<tag class=css_class>`; `label` is shown before it."""

    start: int
    end: int
    css_class: str
    label: str = ""
    tag: str = "mark"


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold case, quotes and white space; also return, per output char, its index in `text`."""
    out: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            continue
        for folded in char.translate(_QUOTES).lower():
            out.append(folded)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


def phrase_parts(phrase: str) -> list[str]:
    """The normalised pieces of `phrase` between its `...`/`…` wildcards; [] if empty."""
    parts = [normalise(part)[0] for part in _WILDCARD.split(phrase)]
    # A wildcard at either end would stretch the match to the start of the passage.
    while parts and not parts[0]:
        parts.pop(0)
    while parts and not parts[-1]:
        parts.pop()
    return parts


def _search(folded: str, parts: list[str], start: int) -> tuple[int, int] | None:
    """The leftmost match of parts[0], then each next part as early as possible after it.

    This is what a lazy regex `a.*?b.*?c` matches, found with `str.find` in linear time: if
    a part is missing after the earliest place it could start, no later start helps either,
    so there is nothing to backtrack over (a regex took minutes on 'a ... a ... b').
    """
    first = folded.find(parts[0], start)
    if first < 0:
        return None
    end = first + len(parts[0])
    for part in parts[1:]:
        found = folded.find(part, end)
        if found < 0:
            return None
        end = found + len(part)
    return first, end


class Searchable:
    """A reader text folded once (see `normalise`), so that each phrase searched in it costs
    time in the phrase and the places found, not in the whole text again."""

    __slots__ = ("folded", "index")

    def __init__(self, reader: str) -> None:
        self.folded, self.index = normalise(reader)


def find_phrase(reader: str | Searchable, phrase: str) -> tuple[int, int] | None:
    """Where `phrase` first occurs in `reader` (plain text), as indices into `reader`."""
    spans = find_all(reader, phrase, limit=1)
    return spans[0] if spans else None


def find_all(reader: str | Searchable, phrase: str,
             limit: int | None = None) -> list[tuple[int, int]]:
    """Every non-overlapping place `phrase` occurs in `reader`, as indices into `reader`;
    the first `limit` of them if a limit is given."""
    parts = phrase_parts(phrase)
    if not parts:
        return []
    text = reader if isinstance(reader, Searchable) else Searchable(reader)
    folded, index = text.folded, text.index
    spans: list[tuple[int, int]] = []
    position = 0
    while limit is None or len(spans) < limit:
        match = _search(folded, parts, position)
        if match is None:
            break
        spans.append((index[match[0]], index[match[1] - 1] + 1))
        position = match[1]
    return spans


def nearest(spans: list[tuple[int, int]], target: tuple[int, int]) -> tuple[int, int] | None:
    """The span closest to `target` (0 when inside or overlapping it)."""

    def distance(span: tuple[int, int]) -> int:
        return max(0, target[0] - span[1], span[0] - target[1])

    return min(spans, key=distance, default=None)


class _Tokens(HTMLParser):
    """Splits HTML into tags (kept verbatim) and text (unescaped), tracking reader text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (kind, content, offset in reader text); kind is "tag", "text" or "layout"
        self.tokens: list[tuple[str, str, int]] = []
        self.reader: list[str] = []
        self._length = 0
        self._open: list[str] = []

    def _add_reader(self, text: str) -> None:
        self.reader.append(text)
        self._length += len(text)

    def _block_break(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._add_reader(" ")

    def handle_starttag(self, tag, attrs):
        self._block_break(tag)
        self.tokens.append(("tag", self.get_starttag_text() or "", self._length))
        if tag not in _VOID_TAGS:
            self._open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._block_break(tag)
        self.tokens.append(("tag", self.get_starttag_text() or "", self._length))

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]
        self.tokens.append(("tag", f"</{tag}>", self._length))
        self._block_break(tag)

    def handle_data(self, data):
        between_blocks = not data.strip() and (not self._open or self._open[-1] in _CONTAINER_TAGS)
        self.tokens.append(("layout" if between_blocks else "text", data, self._length))
        self._add_reader(data)


def _tokenise(html: str) -> _Tokens:
    tokens = _Tokens()
    tokens.feed(html)
    tokens.close()
    return tokens


def reader_text(html: str) -> str:
    """The text of `html` as a reader sees it (tags gone, entities decoded, blocks spaced)."""
    return "".join(_tokenise(html).reader)


class MarkedHTML:
    """HTML read once, to search phrases in its reader text and to mark them in it.

    `highlight()` and `find_phrase(reader_text(html), …)` each read the HTML again; a
    passage with many statements and cues is read here once, whatever their number.
    """

    def __init__(self, html: str) -> None:
        self._tokens = _tokenise(html)
        self.reader = Searchable("".join(self._tokens.reader))

    def find(self, phrase: str) -> tuple[int, int] | None:
        return find_phrase(self.reader, phrase)

    def find_all(self, phrase: str, limit: int | None = None) -> list[tuple[int, int]]:
        return find_all(self.reader, phrase, limit)

    def highlight(self, marks: list[Mark]) -> str:
        return _mark_up(self._tokens, marks)


def highlight(html: str, marks: list[Mark]) -> str:
    """Wrap each mark's reader-text span in its own element, splitting at tag boundaries.

    Marks may nest (a cue inside a statement); each text segment gets the marks covering it,
    outermost (earliest start, longest) first.
    """
    return _mark_up(_tokenise(html), marks)


def _mark_up(tokens: _Tokens, marks: list[Mark]) -> str:
    """One pass over the tokens and the marks in order: a text is cut where marks start or
    end (found by bisection), and each piece is wrapped in the marks open over it."""
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    edges = sorted({edge for mark in ordered for edge in (mark.start, mark.end)})
    out: list[str] = []
    open_marks: list[Mark] = []  # in `ordered` order: outermost first
    waiting = 0  # ordered[waiting:] have not started yet
    for kind, content, offset in tokens.tokens:
        if kind == "tag":
            out.append(content)
            continue
        if kind == "layout" or not content:
            out.append(escape(content, quote=False))  # marking it would add stray elements
            continue
        end = offset + len(content)
        inner = edges[bisect_right(edges, offset):bisect_left(edges, end)]
        if open_marks:
            open_marks = [m for m in open_marks if m.end > offset]
        if not inner and not open_marks and (waiting == len(ordered)
                                             or ordered[waiting].start > offset):
            out.append(escape(content, quote=False))  # no mark on it: most of a passage
            continue
        cuts = [offset, *inner, end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            while waiting < len(ordered) and ordered[waiting].start <= a:
                open_marks.append(ordered[waiting])
                waiting += 1
            open_marks = [m for m in open_marks if m.end > a]
            out.append(_wrap(content[a - offset:b - offset], a, open_marks))
    return "".join(out)


def _wrap(text: str, start: int, covering: list[Mark]) -> str:
    html = escape(text, quote=False)
    for mark in reversed(covering):
        html = f'<{mark.tag} class="{mark.css_class}">{html}</{mark.tag}>'
    labels = "".join(
        f'<span class="{m.css_class}-label">{escape(m.label)}</span>'
        for m in covering
        if m.label and m.start == start
    )
    return labels + html
