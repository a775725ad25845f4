"""The article's text from an upload (quiz.drafting.extract): .txt, .md, a saved web page and
.docx, and each upload that is refused, with the plain words the teacher reads. Pure: no app.
"""

from __future__ import annotations

import io
import socket
import zipfile
from pathlib import Path

import docx
import pytest
from samples import SEED_ARTICLE

from quiz import limits
from quiz.drafting import extract
from quiz.drafting.extract import ExtractError, article_text

PAGES = Path(__file__).parent / "data" / "extract"


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def repacked(data: bytes, part: str, change) -> bytes:
    """The .docx `data` with one part's bytes changed by `change`."""
    source, saved = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as package:
        for name in source.namelist():
            body = source.read(name)
            package.writestr(name, change(body) if name == part else body)
    return saved.getvalue()


# -- plain text and Markdown -----------------------------------------------------------------

def test_plain_text_keeps_its_paragraphs_and_folds_the_lines_and_spaces_inside_them():
    data = ("\ufeffThe council met on Tuesday.\r\nIt voted   to keep\tthe\x00 bridge.\r\n"
            "\r\n  \r\n\r\n“It is ours,” said Dr. Marsh — and she meant it.\r\n").encode()
    assert article_text(data, "article.txt") == (
        "The council met on Tuesday. It voted to keep the bridge.\n\n"
        "“It is ours,” said Dr. Marsh — and she meant it.")


def test_text_copied_from_a_browser_with_no_blank_lines_has_a_paragraph_per_line():
    data = b"The council met on Tuesday.\nIt voted to keep the bridge.\n"
    assert article_text(data, "pasted.txt") == (
        "The council met on Tuesday.\n\nIt voted to keep the bridge.")


def test_the_seed_article_reads_as_its_six_paragraphs():
    text = article_text(SEED_ARTICLE.read_bytes(), SEED_ARTICLE.name)
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[3].startswith("Iran denies any helping of the Russian military")
    assert "\xa0" not in text and "  " not in text  # the article's no-break spaces folded


def test_markdown_keeps_the_words_and_drops_the_markup():
    data = b"""# Harbour reopens

The harbour *reopened* on **Friday**, said [the council](https://council.example/news).
It had been shut ![a photo](storm.jpg) for four days.

> Fishermen lost a week of work.

- The wall is safe.
- A repair starts in spring.

<script>alert("not article text")</script>
"""
    assert article_text(data, "story.MD").split("\n\n") == [
        "Harbour reopens",
        "The harbour reopened on Friday, said the council. It had been shut for four days.",
        "Fishermen lost a week of work.", "The wall is safe.", "A repair starts in spring."]


def test_markdown_over_a_limit_of_markdown_is_refused_before_it_is_rendered(monkeypatch):
    monkeypatch.setattr(extract.markdown, "markdown", lambda text: pytest.fail("rendered"))
    data = ("[x] " * (limits.MAX_BRACKETS + 1)).encode()
    with pytest.raises(ExtractError, match=r"line 1 of the Markdown: more than 100 '\['"):
        article_text(data, "links.md")


# -- saved web pages -------------------------------------------------------------------------

def test_a_saved_web_page_gives_its_article_without_the_menus_banners_and_footer():
    text = article_text((PAGES / "saved-page.html").read_bytes(), "saved-page.html")
    assert text.split("\n\n") == [
        "Town council votes to keep the river footbridge",
        "The town council voted on Tuesday night to repair the old footbridge over the River "
        "Wend rather than pull it down, ending a dispute that has divided the town for more "
        "than two years.",
        "Councillors approved the plan by seven votes to four. The repairs are expected to "
        "cost about £1.2 million and could take eighteen months, according to the council’s "
        "own estimate.",
        "“This bridge is part of who we are,” said Dr. Helen Marsh, who led the campaign to "
        "save it. “Tearing it down would have been a mistake we could never undo.”",
        "Opponents argue that the money should be spent on the town’s roads instead. It is "
        "not yet clear whether the council will seek a grant from the national heritage fund "
        "to cover part of the cost."]
    for furniture in ("cookies", "Sport", "Home", "Share", "1891", "Related", "newsletter",
                      "rights reserved", "Subscribe", "headline"):
        assert furniture not in text


def test_an_old_page_without_article_markup_still_loses_its_menus_and_footer():
    text = article_text((PAGES / "table-layout-page.html").read_bytes(), "old.HTM")
    paragraphs = text.split("\n\n")
    assert [p.split()[:3] for p in paragraphs] == [
        ["The", "harbour", "at"], ["Harbour", "master", "Ruth"], ["Fishermen", "had", "lost"]]
    assert paragraphs[1].endswith("once the winter weather has passed.")
    for furniture in ("Letters to the editor", "Ferry times", "Copyright", "Read more"):
        assert furniture not in text


def test_reading_a_web_page_never_opens_a_connection(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the extraction tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY far SYSTEM "http://192.0.2.1/entity">]>
<html><head><link rel="stylesheet" href="http://192.0.2.1/style.css">
<base href="http://192.0.2.1/"></head>
<body><iframe src="http://192.0.2.1/frame"></iframe><img src="http://192.0.2.1/a.png">
<article><p>The harbour at Port Ellis reopened to fishing boats on Friday morning, four
days after a storm broke part of the outer wall.</p> &far;</article></body></html>"""
    assert article_text(page, "page.html").startswith("The harbour at Port Ellis reopened")


def test_a_control_character_in_a_page_loses_none_of_its_text():
    page = ("<article><p>The harbour\x00 reopened on Friday, four days after the storm broke "
            "its wall.</p></article>")
    assert article_text(page.encode(), "page.html") == (
        "The harbour reopened on Friday, four days after the storm broke its wall.")


def test_a_page_in_another_language_marked_as_an_article_still_gives_its_text():
    page = ("<html><body><nav><a href='/'>Accueil</a></nav><article><p>Le port a rouvert "
            "vendredi.</p><p>Les pêcheurs ont perdu une semaine.</p></article></body></html>")
    assert article_text(page.encode(), "port.html") == (
        "Le port a rouvert vendredi.\n\nLes pêcheurs ont perdu une semaine.")


# -- Word documents --------------------------------------------------------------------------

def test_a_word_document_gives_its_paragraphs_in_order():
    data = word_file("Harbour reopens", "The harbour reopened on Friday.",
                     "“It is safe now,” the harbour   master said.", "", "Repairs begin in spring.")
    assert article_text(data, "harbour.docx").split("\n\n") == [
        "Harbour reopens", "The harbour reopened on Friday.",
        "“It is safe now,” the harbour master said.", "Repairs begin in spring."]


def test_a_word_document_that_unpacks_past_the_limit_is_refused_before_it_is_read(monkeypatch):
    padding = b" " * (limits.MAX_DOCX_UNPACKED_BYTES + 1)  # compresses to a few kilobytes
    bomb = repacked(word_file("Harbour", "Text."), "word/document.xml",
                    lambda xml: xml.replace(b"<w:body>", b"<w:body><!--" + padding + b"-->"))
    assert len(bomb) < limits.MAX_ARTICLE_BYTES
    monkeypatch.setattr(extract.docx, "Document", lambda *a: pytest.fail("document read"))
    with pytest.raises(ExtractError, match="unpacks to .* KB, more than the 5,120 KB"):
        article_text(bomb, "bomb.docx")


# -- refused, in plain words -----------------------------------------------------------------

NOT_WORD = "is not a Word document the app can read"


def zip_of(name: str, body: bytes) -> bytes:
    saved = io.BytesIO()
    with zipfile.ZipFile(saved, "w") as package:
        package.writestr(name, body)
    return saved.getvalue()


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"text", "article.pdf", "cannot read a .pdf file: upload a .txt, .md, .html or .docx"),
    (b"text", "article", "cannot read a file without an extension: upload a .txt, .md"),
    ("Caf\xe9 au lait".encode("latin-1"), "a.txt", "is not UTF-8 text: save it again"),
    ("<p>Caf\xe9</p>".encode("cp1252"), "a.html", "is not UTF-8 text"),
    (b"\n \r\n\t\n", "a.txt", "no article text was found in the file"),
    (b"# \n\n---\n", "a.md", "no article text was found"),
    (b"<html><body><nav><a href='/'>Home</a></nav><!-- empty --></body></html>", "a.html",
     "no article text was found"),
    (b"  ", "a.html", "no article text was found"),
    (word_file("", ""), "a.docx", "no article text was found"),
    (b"not a zip at all", "a.docx", NOT_WORD),
    (zip_of("hello.txt", b"hi"), "a.docx", NOT_WORD),
    (repacked(word_file("A title", "Text"), "word/document.xml", lambda xml: xml[:-40]),
     "a.docx", NOT_WORD),
])
def test_an_upload_with_no_article_text_is_refused_saying_why(data, filename, message):
    with pytest.raises(ExtractError, match=message):
        article_text(data, filename)


def test_a_file_over_the_upload_limit_is_refused_before_it_is_read():
    data = b"<p>" + b"word " * (limits.MAX_ARTICLE_BYTES // 5) + b"</p>"
    with pytest.raises(ExtractError, match="more than the 500 KB an article may be"):
        article_text(data, "huge.html")


@pytest.mark.parametrize("filename", ["long.txt", "long.md"])
def test_an_article_over_the_character_limit_is_refused_and_one_at_it_is_read(filename):
    at_limit = ("word " * limits.MAX_ARTICLE_CHARACTERS)[:limits.MAX_ARTICLE_CHARACTERS - 1]
    assert len(article_text((at_limit + "s").encode(), filename)) == 30_000
    with pytest.raises(ExtractError, match="30,001 characters long, more than the 30,000"):
        article_text((at_limit + "ss").encode(), filename)


def test_a_page_of_too_many_blocks_is_refused_before_its_text_is_weighed(monkeypatch):
    monkeypatch.setattr(extract.justext.core, "classify_paragraphs",
                        lambda *a, **k: pytest.fail("weighed"))
    page = "<html><body>" + "<p>a</p>" * limits.MAX_WEB_PAGE_BLOCKS + "</body></html>"
    with pytest.raises(ExtractError, match="1,001 blocks of text besides its menus"):
        article_text(page.encode(), "blocks.html")
