"""The text of an article from what a teacher pastes or uploads. Pure.

`article_text(data, filename)` reads, by the file's extension:

- `.txt`: paragraphs are separated by blank lines; a text with no blank line at all (as
  copied from a browser) has one paragraph per line.
- `.md`: rendered with Python-Markdown and the text taken, so headings' `#`, emphasis,
  link addresses and images are gone and their words stay.
- `.html`, `.htm`: a saved web page. The page's furniture (menus, headers, footers, side
  bars, cookie and newsletter boxes, forms, scripts) is dropped first, by HTML5 element and
  ARIA role and by the words of its `class`/`id`; the page's `<article>` (or `<main>`) is
  kept if it has one, and jusText (the boilerplate remover trafilatura falls back on)
  keeps the paragraphs that read as prose. Nothing is fetched: jusText only reads the text
  it is given, and lxml's parser never loads anything from the network.
- `.docx`: the document's paragraphs in order, read with python-docx once the unzipped
  size of every part is checked (a zip bomb is refused before anything is unpacked).

Every file must be UTF-8 (a byte-order mark does no harm). The result: paragraphs separated
by exactly one blank line, white space inside each folded to single spaces, typographic
quotes and dashes as they were. Sizes are checked before each costly step, against
quiz/limits.py. ExtractError says in plain words what is wrong and what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

import docx
import justext
import lxml.html
import markdown
from docx.opc.exceptions import PackageNotFoundError
from justext.core import PARAGRAPH_TAGS
from justext.core import preprocessor as justext_preprocessor
from lxml import etree

from quiz import limits
from quiz.questionset.checks import MarkdownLines

UPLOAD_ADVICE = "upload a .txt, .md, .html or .docx file"


class ExtractError(ValueError):
    """No article text could be read; the message says why in plain words."""


def article_text(data: bytes, filename: str = "article.txt") -> str:
    """Paragraphs of the article, separated by one blank line."""
    extension = PurePath(filename).suffix.lower()
    reader = _READERS.get(extension)
    if reader is None:
        shown = f"a {extension} file" if extension else "a file without an extension"
        raise ExtractError(f"the app cannot read {shown}: {UPLOAD_ADVICE}")
    if len(data) > limits.MAX_ARTICLE_BYTES:
        raise ExtractError(f"the file is {_kilobytes(len(data))}, more than the "
                           f"{_kilobytes(limits.MAX_ARTICLE_BYTES)} an article may be: save "
                           "the article alone (a web page as 'HTML only'), or paste its text")
    paragraphs = [" ".join(p.split()) for p in reader(data)]
    text = "\n\n".join(p for p in paragraphs if p)
    if not text:
        raise ExtractError("no article text was found in the file: check it is the article, "
                           "or paste its text")
    _check_length(len(text))
    return text


def _check_length(characters: int) -> None:
    if characters > limits.MAX_ARTICLE_CHARACTERS:
        raise ExtractError(f"the article is {characters:,} characters long, more than the "
                           f"{limits.MAX_ARTICLE_CHARACTERS:,} (about 5,000 words) a set can "
                           "be drafted from: use the part you want to ask about")


def _kilobytes(size: int) -> str:
    return f"{-(-size // 1024):,} KB"


def _decoded(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractError("the file is not UTF-8 text: save it again choosing the UTF-8 "
                           "encoding, or paste its text") from error
    # Control characters are no text a reader sees, and lxml stops reading at a NUL.
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _plain_text(data: bytes) -> list[str]:
    text = _decoded(data)
    if re.search(r"\n[^\S\n]*\n", text.strip()):
        return re.split(r"\n[^\S\n]*\n", text)
    return text.split("\n")


def _markdown(data: bytes) -> list[str]:
    text = _decoded(data)
    # Markup only ever adds characters to the article's text, and Python-Markdown's time
    # grows faster than the text on some markup, so the length and the limits of a set's
    # Markdown (nesting, lines in a paragraph, '[') are checked before it is rendered.
    _check_length(len(text.strip()))
    checks, file = MarkdownLines(), object()
    for number, line in enumerate(text.split("\n"), start=1):
        if problems := checks.over(number, line, file):
            raise ExtractError(f"line {number} of the Markdown: {problems[0]}; or paste its "
                               "text")
    return _block_texts(lxml.html.fragment_fromstring(markdown.markdown(text),
                                                      create_parent="div"))


# Elements whose content is a paragraph of its own; anything else is inline text.
_BLOCKS = frozenset({"address", "blockquote", "dd", "div", "dl", "dt", "figcaption",
                     "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre",
                     "table", "td", "th", "tr", "ul"})
_UNREAD = frozenset({"script", "style", "template", "noscript"})


def _block_texts(root: etree._Element) -> list[str]:
    """The text of each block of rendered Markdown (its nesting is limited, see above)."""
    paragraphs: list[str] = []
    current: list[str] = []

    def end_paragraph() -> None:
        paragraphs.append("".join(current))
        current.clear()

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or element.tag in _UNREAD:
            return  # a comment, or text no reader sees; its tail is read by the caller
        block = element.tag in _BLOCKS
        if block:
            end_paragraph()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if block:
            end_paragraph()

    walk(root)
    end_paragraph()
    return paragraphs


# -- a saved web page -----------------------------------------------------------------------

# Furniture by element and by ARIA role: never the article's own text.
_FURNITURE_TAGS = ("nav", "header", "footer", "aside", "form", "button", "dialog", "figure",
                   "iframe", "svg", "noscript", "template")
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "dialog",
                    "alertdialog", "search", "menu", "menubar"}
# ... and by a word of its class or id (`cookie-banner`, `site_menu`, `share-tools`).
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:ad|ads|advert|banner|breadcrumbs?|comments?|consent|cookies?|footer|"
    r"gdpr|masthead|menu|modal|nav|navbar|newsletter|paywall|popup|promo|related|share|"
    r"sharing|sidebar|signup|social|sponsored|subscribe|toolbar)(?:$|[\s_-])",
    re.IGNORECASE)


# jusText's defaults want 200 characters before a paragraph counts as prose on its own; a
# news paragraph is often one or two sentences, 100-200 characters. Stop words (and, the,
# of ...) must still make up a third of it, and links at most a fifth.
_JUSTEXT = {"length_low": 50, "length_high": 100}


def _web_page(data: bytes) -> list[str]:
    page = _decoded(data)
    marked: list[bool] = []  # whether the page marks its article (set while jusText reads)

    def article_only(dom: etree._Element) -> etree._Element:
        cleaned = _without_furniture(justext_preprocessor(dom))
        article = _article(cleaned)
        marked.append(article is not None)
        kept = cleaned if article is None else article
        # jusText compares each short paragraph with its neighbours, one by one, so its
        # time grows with the square of the paragraphs: 5,000 took 4 s. Checked first.
        blocks = sum(1 for _ in kept.iter(*PARAGRAPH_TAGS, "br"))
        if blocks > limits.MAX_WEB_PAGE_BLOCKS:
            raise ExtractError(f"the page has {blocks:,} blocks of text besides its menus, "
                               f"more than the {limits.MAX_WEB_PAGE_BLOCKS:,} the app reads: "
                               "paste the article's text instead")
        return kept

    try:
        found = justext.justext(page, justext.get_stoplist("English"), **_JUSTEXT,
                                preprocessor=article_only)
    except etree.ParserError:  # nothing but white space and comments
        return []
    prose = [p.text for p in found if not p.is_boilerplate]
    if not prose and any(marked):
        # The page marks its article, but jusText's English word lists found no prose in
        # it (another language, or very short paragraphs): the marked article is the text.
        prose = [p.text for p in found]
    return prose


def _without_furniture(dom: etree._Element) -> etree._Element:
    # Pages put words such as `has-sidebar` or `nav-open` on the boxes around everything,
    # so a box named like furniture is kept if it holds the article or its heading.
    holders: set[etree._Element] = set()
    for element in dom.iter("article", "main", "h1"):
        for ancestor in element.iterancestors():
            if ancestor in holders:
                break
            holders.add(ancestor)
    furniture = list(dom.iter(*_FURNITURE_TAGS))
    for element in dom.iter(etree.Element):
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if (element.get("role", "").lower() in _FURNITURE_ROLES
                or element.get("aria-hidden") == "true" or element.get("hidden") is not None
                or (_FURNITURE_NAMES.search(names) and element not in holders
                    and element.tag not in ("html", "body", "main", "article"))):
            furniture.append(element)
    for element in furniture:
        if element.getparent() is not None:  # not already gone with an ancestor
            element.drop_tree()
    return dom


def _article(dom: etree._Element) -> etree._Element | None:
    """The page's article element (the longest, if there are several), or its main one."""
    articles = (list(dom.iter("article")) or list(dom.iter("main"))
                or dom.xpath("//*[@role='main']"))
    return max(articles, key=lambda element: len(element.text_content()), default=None)


# -- a Word document ------------------------------------------------------------------------

_NOT_DOCX = ("the file is not a Word document the app can read: open it in Word or "
             "LibreOffice, save it as .docx, and upload it again, or paste its text")


def _word_document(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(part.file_size for part in package.infolist())
    except zipfile.BadZipFile as error:
        raise ExtractError(_NOT_DOCX) from error
    if unpacked > limits.MAX_DOCX_UNPACKED_BYTES:
        raise ExtractError(f"the Word document unpacks to {_kilobytes(unpacked)}, more than "
                           f"the {_kilobytes(limits.MAX_DOCX_UNPACKED_BYTES)} the app reads: "
                           "paste the article's text instead")
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile,
            etree.XMLSyntaxError) as error:
        raise ExtractError(_NOT_DOCX) from error
    return [paragraph.text for paragraph in document.paragraphs]


_READERS = {".txt": _plain_text, ".md": _markdown, ".markdown": _markdown,
            ".html": _web_page, ".htm": _web_page, ".docx": _word_document}
