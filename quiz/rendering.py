"""The one way teacher Markdown becomes HTML: a fixed extension list, then nh3 sanitising.

Teacher files are trusted to be well-meant, not to be safe: whatever raw HTML they contain
is cleaned here, so no script, event handler, `javascript:` link or iframe reaches a page.
"""

from __future__ import annotations

import markdown
import nh3

# Fixed on purpose: every extension widens what a file can produce.
_EXTENSIONS = ("sane_lists", "tables", "fenced_code")

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "q", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Render teacher Markdown to sanitised HTML."""
    html = markdown.markdown(text, extensions=list(_EXTENSIONS), output_format="html")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
