"""Reading what the app sent back: a page's text, a CSV download, a form's token, a URL's id."""

from __future__ import annotations

import csv
import io
import re
from html import unescape


def page_text(page) -> str:
    """What a reader sees of a response (or HTML): no tags, entities decoded, one space."""
    html = page if isinstance(page, str) else page.get_data(as_text=True)
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    return re.sub(r" (?=[.,;:!?)])", "", text)


def csv_rows(response) -> list[list[str]]:
    """A CSV download read back as a spreadsheet would: UTF-8 with or without a BOM."""
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"), newline="")))


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def attempt_id(url: str) -> str:
    """The public id of the attempt a URL is about."""
    match = re.search(r"/attempts/([^/]+)/", url)
    assert match, url
    return match.group(1)


def asked_twice_never_echoed(result, password: str) -> bool:
    """A command's output asked for the password once and for its repeat, and never showed it."""
    output = result.output
    return (password not in output and output.count("Password") == 1
            and "Repeat for confirmation" in output)
