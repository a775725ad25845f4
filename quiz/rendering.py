"""The one way teacher Markdown becomes HTML: a fixed extension list, then nh3 sanitising.

Teacher files are trusted to be well-meant, not to be safe: whatever raw HTML they contain
is cleaned here, so no script, event handler, `javascript:` link or iframe reaches a page.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3

from quiz import limits

# Fixed on purpose: every extension widens what a file can produce.
_EXTENSIONS = ("sane_lists", "tables", "fenced_code")

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}


# Checking a set renders each passage to search its statements, and previewing or publishing
# renders it again, in the same request: the second time comes from here. Room for every
# passage and explanation of the largest set, so none is dropped before it is used again.
_CACHED = 2 * (limits.MAX_PASSAGES + limits.MAX_STATEMENTS + 1)


@lru_cache(maxsize=_CACHED)
def render_markdown(text: str) -> str:
    """Render teacher Markdown to sanitised HTML (a pure function, so its results are kept).

    The caller keeps the Markdown within quiz/limits.py (the parser checks it before
    anything is rendered): Python-Markdown's time grows faster than the text on deep
    nesting, long paragraphs and many `[`, and it recurses once per level of nesting.
    """
    html = markdown.markdown(text, extensions=list(_EXTENSIONS), output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
