"""A set drafted from an article: the article page, the review page and its buttons, and the
draft landing in the workbench, unstored until it is published (quiz/teacher/drafts.py)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document
from pages import page_text
from security_support import multipart_over_the_limit
from sets_support import rows, set_page
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from quiz import limits
from quiz.drafting import draft
from quiz.drafting.candidates import LABELS
from quiz.drafting.extract import article_text
from quiz.questionset.parser import parse

NEW, REVIEW, DRAFT = ("/teacher/sets/from-article/", "/teacher/sets/from-article/review",
                      "/teacher/sets/from-article/draft")
ARTICLE = """\
The bridge opened in 1962. The council said the bridge will close in May. Engineers suspect \
the cables are rusting, and repairs could take a year.

Closing the bridge is a shameful waste of money, one resident wrote. It is unclear whether \
the ferry will run on Sundays.

According to the mayor, the new bridge may open in 2027. Critics say the plan is the \
worst the town has ever seen."""
SOURCE = {"title": "The bridge closes", "source_name": "Harbour Gazette",
          "source_url": "https://news.example.org/bridge", "source_date": "2024-05-02"}


class _ReviewFields(HTMLParser):
    """What a browser sends from the review form with no button pressed: its inputs, the
    ticked boxes and chosen radios, its text areas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        kind = attributes.get("type", "text")
        if tag == "input" and kind not in ("submit", "file"):
            if kind not in ("checkbox", "radio") or "checked" in attributes:
                self.values[attributes["name"]] = attributes.get("value") or ""
        elif tag == "textarea":
            self._textarea = attributes["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea:  # a browser drops the first line break
            self.values[self._textarea] = re.sub(r"^\r?\n", "", self.values[self._textarea])
            self._textarea = None


def review_fields(response) -> dict[str, str]:
    html = response.get_data(as_text=True)
    form = html[html.index('class="stacked draft-review"'):]
    parser = _ReviewFields()
    parser.feed(form[:form.index("</form>")])
    return parser.values


def statement_fields(fields: dict[str, str]) -> list[dict[str, str]]:
    """The review form's statements, in order, each as {field: value} ("keep" only if ticked)."""
    found: dict[int, dict[str, str]] = {}
    for name, value in fields.items():
        if match := re.fullmatch(r"candidates-(\d+)-(\w+)", name):
            found.setdefault(int(match[1]), {})[match[2]] = value
    return [found[index] for index in sorted(found)]


def post_article(client, article: str = ARTICLE, **changes):
    return client.post(NEW, data={**SOURCE, "article": article, **changes},
                       content_type="multipart/form-data")


def workbench_markdown(response) -> str:
    """The Markdown in the workbench's text box."""
    match = re.search(r'<textarea[^>]*name="source"[^>]*>\r?\n?(.*?)</textarea>',
                      set_page(response), re.S)
    assert match, page_text(response)
    return match[1]


# -- the article page and the review page ------------------------------------------------------

def test_the_sets_page_leads_to_the_article_page_which_asks_for_a_title_and_source(
        client, teacher):
    assert 'href="/teacher/sets/from-article/">New set from an article</a>' in \
        client.get("/teacher/sets/").get_data(as_text=True)
    page = client.get(NEW)
    assert page.status_code == 200
    text = set_page(page)
    for label in ("Title of the set", "Upload the article", "Or paste the article's text",
                  "Where the article is from", "Its web address (optional)",
                  "Its date (optional)"):
        assert f">{label}</label>" in text, label
    assert 'enctype="multipart/form-data"' in text and 'role="alert"' not in text


def test_a_pasted_article_is_reviewed_sentence_by_sentence_with_suggestions_and_a_preselection(
        app, client, teacher):
    before = rows(app)
    response = post_article(client)
    assert response.status_code == 200, page_text(response)
    found = draft.candidates(article_text(ARTICLE.encode(), "pasted.txt"))[1]
    ticked = set(draft.preselect(found))
    statements = statement_fields(review_fields(response))
    assert [s["text"] for s in statements] == [c.text for c in found]
    for index, (fields, candidate) in enumerate(zip(statements, found, strict=True)):
        suggestion = candidate.suggestion
        assert fields["answer"] == suggestion.label
        assert fields["cues"] == ", ".join(suggestion.cues)
        assert fields["why"] == draft.why_for(candidate)
        assert ("keep" in fields) == (index in ticked), index
        assert int(fields["passage"]) == candidate.passage
    html = set_page(response)
    text = page_text(response)
    assert f"Kept: {len(ticked)} of {len(found)} statements" in text
    counts = {label: sum(found[i].suggestion.label == label for i in ticked) for label in LABELS}
    assert " · ".join(f"{label} {n}" for label, n in counts.items()) in text
    for candidate in found:  # each cue marked inside its sentence
        for cue in candidate.suggestion.cues:
            assert f'<mark class="cue">{cue}</mark>' in html, cue
    # A guess is shown as one ("The bridge opened in 1962." has no cue); the traps are flagged.
    guesses = sum(c.suggestion.confidence == "guess" for c in found)
    assert guesses >= 1 and text.count("guess, no cue") == guesses
    assert text.count("cue found") == len(found) - guesses
    traps = sum(len(c.suggestion.traps) for c in found)
    assert traps >= 1 and text.count("Trap worth keeping:") == traps
    assert [int(n) for n in re.findall(r'<h2 id="passage-(\d+)-heading">', html)] == \
        sorted({c.passage for c in found})
    assert rows(app) == before  # nothing is stored


def test_article_text_is_shown_as_text_never_as_markup(client, teacher):
    response = post_article(client, article="The mayor said <script>alert(1)</script> and "
                                            "<b>bold</b> things could happen.")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<b>bold" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PARAGRAPHS = ARTICLE.split("\n\n")
UPLOADS = {
    "article.txt": ARTICLE.encode(),
    "article.md": ("# The bridge\n\n" + ARTICLE).encode(),
    "article.html": ("<!doctype html><html><head><title>Gazette</title></head><body>"
                     "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
                     "<h1>The bridge closes</h1>"
                     + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
                     + "</article><footer>Copyright Harbour Gazette</footer></body></html>"
                     ).encode(),
    "article.docx": docx_bytes(PARAGRAPHS),
}


@pytest.mark.parametrize("filename", UPLOADS)
def test_each_accepted_file_type_is_read_into_the_review(client, teacher, filename):
    response = post_article(client, article="", upload=(io.BytesIO(UPLOADS[filename]), filename))
    assert response.status_code == 200, page_text(response)
    texts = [s["text"] for s in statement_fields(review_fields(response))]
    for sentence in ("The council said the bridge will close in May.",
                     "Critics say the plan is the worst the town has ever seen."):
        assert any(sentence in text or text in sentence for text in texts), (sentence, texts)
    assert "Copyright" not in " ".join(texts)


# -- accept, change, split, drop, and the draft in the workbench ------------------------------

def test_the_review_round_trip_writes_exactly_what_the_teacher_kept_as_they_left_it(
        app, client, teacher):
    before = rows(app)
    first = statement_fields(fields := review_fields(post_article(client)))
    count = len(first)
    assert count >= 5
    fields["article"] = fields["article"].replace("\n", "\r\n")  # as browsers send it
    # Split the longest statement at a "|" typed between two of its words.
    longest = max(range(count), key=lambda i: len(first[i]["text"]))
    words = first[longest]["text"].split()
    cut = len(words) // 2
    fields[f"candidates-{longest}-text"] = " ".join(words[:cut]) + " | " + " ".join(words[cut:])
    split = client.post(REVIEW, data={**fields, "split": str(longest)})
    assert split.status_code == 200, page_text(split)
    assert f"Statement {longest + 1} is now statements {longest + 1} and {longest + 2}." in \
        page_text(split)
    statements = statement_fields(fields := review_fields(split))
    assert len(statements) == count + 1
    parts = [statements[longest]["text"], statements[longest + 1]["text"]]
    # A comma left dangling at the cut goes.
    assert parts == [" ".join(words[:cut]).rstrip(","), " ".join(words[cut:])]

    # Keep every statement but one; change two labels, one's cues and one's why.
    for index in range(len(statements)):
        fields[f"candidates-{index}-keep"] = "y"
    dropped = 0 if longest != 0 else 2
    del fields[f"candidates-{dropped}-keep"]
    changed = [i for i in range(len(statements)) if i != dropped][:2]
    for index in changed:
        current = fields[f"candidates-{index}-answer"]
        fields[f"candidates-{index}-answer"] = next(x for x in LABELS if x != current)
    first_words = " ".join(statements[changed[0]]["text"].split()[:2])
    fields[f"candidates-{changed[0]}-cues"] = first_words
    fields[f"candidates-{changed[1]}-why"] = "The teacher's own reason, in plain words."

    made = client.post(DRAFT, data=fields)
    assert made.status_code == 200, page_text(made)
    assert "Nothing is stored yet: press Check, then Preview, then Publish." in page_text(made)
    assert rows(app) == before  # a draft is never stored unreviewed
    question_set = parse(workbench_markdown(made))
    expected = [(fields[f"candidates-{i}-text"], (fields[f"candidates-{i}-answer"],))
                for i in range(len(statements)) if i != dropped]
    assert [(s.text, s.answers) for s in question_set.statements] == expected
    written = {s.text: s for s in question_set.statements}
    assert written[fields[f"candidates-{changed[0]}-text"]].cues == (first_words,)
    assert written[fields[f"candidates-{changed[1]}-text"]].why_md == \
        "The teacher's own reason, in plain words."
    assert set(parts) <= set(written)
    assert "Harbour Gazette" in question_set.intro_md
    assert question_set.title == "The bridge closes"

    # The workbench's buttons on that page post to the workbench's own page.
    markdown = workbench_markdown(made)
    assert 'action="/teacher/sets/new"' in made.get_data(as_text=True)
    assert rows(app) == before
    checked = client.post("/teacher/sets/new", data={"action": "check", "source": markdown},
                          content_type="multipart/form-data")
    assert checked.status_code == 200, page_text(checked)
    assert "No problems found" in page_text(checked)
    published = client.post("/teacher/sets/new", data={"action": "publish", "source": markdown},
                            content_type="multipart/form-data")
    assert published.headers["Location"] == "/teacher/sets/the-bridge-closes"
    assert rows(app)[0] == before[0] + 1


def test_update_recounts_the_kept_statements_without_changing_them(client, teacher):
    fields = review_fields(post_article(client))
    statements = statement_fields(fields)
    for index in range(len(statements)):
        fields.pop(f"candidates-{index}-keep", None)
    fields["candidates-0-keep"] = "y"
    fields["candidates-0-answer"] = "opinion"
    response = client.post(REVIEW, data=fields)
    assert response.status_code == 200
    assert f"Kept: 1 of {len(statements)} statements" in page_text(response)
    assert "fact 0 · speculation 0 · opinion 1" in page_text(response)
    assert statement_fields(review_fields(response))[0]["answer"] == "opinion"


def test_a_statement_with_nowhere_to_cut_is_not_split_and_the_page_says_so(client, teacher):
    fields = review_fields(post_article(client, article="The council met on Monday."))
    response = client.post(REVIEW, data={**fields, "split": "0"})
    assert response.status_code == 400
    assert "Statement 1 has no “|”, comma or “and” to split at" in page_text(response)
    assert len(statement_fields(review_fields(response))) == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("text", "Cut | here",
     "Statement 1 still has a “|”: press Split to cut it there, or take the mark out."),
    ("why", "x" * (limits.MAX_WHY_CHARACTERS + 1),
     f"Keep the explanation to {limits.MAX_WHY_CHARACTERS} characters or fewer."),
    ("text", "", "A statement cannot be empty: untick Keep to drop it instead."),
    ("answer", "rumour", "Not a valid choice."),
])
def test_making_the_draft_is_refused_with_the_reason_beside_the_statement(
        app, client, teacher, field, value, message):
    before = rows(app)
    fields = review_fields(post_article(client)) | {"candidates-0-keep": "y",
                                                    f"candidates-0-{field}": value}
    response = client.post(DRAFT, data=fields)
    assert response.status_code == 400
    assert message in page_text(response)
    assert f'<a href="#candidates-0-{field}">' in response.get_data(as_text=True)
    assert 'name="source"' not in response.get_data(as_text=True)  # still the review page
    assert rows(app) == before


def test_a_draft_with_nothing_kept_is_refused(client, teacher):
    fields = {name: value for name, value in review_fields(post_article(client)).items()
              if not name.endswith("-keep")}
    response = client.post(DRAFT, data=fields)
    assert response.status_code == 400
    assert "Keep at least one statement: tick Keep beside it." in page_text(response)


def test_a_review_page_that_lost_its_article_is_refused_in_plain_words(client, teacher):
    fields = review_fields(post_article(client))
    for url in (REVIEW, DRAFT):
        response = client.post(url, data={**fields, "article": ""})
        assert response.status_code == 400
        assert "came back without its article" in page_text(response)
    forged = client.post(REVIEW, data={**fields, "candidates-0-passage": "29"})
    assert forged.status_code == 400


# -- errors, limits and who may use the pages -------------------------------------------------

@pytest.mark.parametrize(("change", "message"), [
    ({"title": "  "}, "Give the set a title."),
    ({"article": " \n\n "}, "Paste the article's text, or choose a file."),
    ({"source_name": ""}, "Say where the article is from: the paper, site or writer."),
    ({"source_url": "javascript:alert(1)"}, "Type the whole web address, starting with https://"),
    ({"source_date": "next week"}, "Type the date as year-month-day, such as 2024-05-31."),
    ({"upload": (io.BytesIO(b"%PDF-1.4"), "article.pdf")},
     "Choose a text file (.txt or .md), a saved web page (.html) or a Word file (.docx)."),
    ({"upload": (io.BytesIO("café".encode("latin-1")), "article.txt")}, "article.txt: "),
    ({"article": "A short sentence here. " * (limits.MAX_ARTICLE_CHARACTERS // 23 + 1)},
     f"{limits.MAX_ARTICLE_CHARACTERS:,}"),
])
def test_the_article_page_refuses_with_a_plain_message_and_stores_nothing(
        app, client, teacher, change, message):
    before = rows(app)
    response = post_article(client, **change)
    assert response.status_code == 400
    assert message in set_page(response)
    assert "Nothing was sent" in page_text(response)
    assert rows(app) == before


def test_a_file_over_the_article_limit_is_refused_in_plain_words(client, teacher):
    big = FileStorage(io.BytesIO(b"Big. " * (limits.MAX_ARTICLE_BYTES // 5 + 1)), "big.txt")
    # Encoded in memory: the test client would spool a file this size and never close it.
    boundary, body = encode_multipart(MultiDict({**SOURCE, "article": "", "upload": big}))
    response = client.post(NEW, data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    assert "big.txt: the file is" in page_text(response)


def test_a_request_over_the_request_limit_is_refused_before_it_is_read(client, teacher, app):
    response = client.post(NEW, **multipart_over_the_limit(app, "upload", "article.txt"))
    assert response.status_code == 413
    assert "That was too large to send." in page_text(response)


def test_a_review_holds_a_bounded_number_of_statements(client, teacher):
    """The longest article accepted gives at most MAX_REVIEW_STATEMENTS, or says so plainly."""
    article = "\n\n".join(["Cats run. Dogs sit. Birds fly. Fish swim."] * (
        limits.MAX_ARTICLE_CHARACTERS // 46))
    assert len(article) <= limits.MAX_ARTICLE_CHARACTERS
    response = post_article(client, article=article)
    if response.status_code == 400:
        assert f"one review holds {limits.MAX_REVIEW_STATEMENTS}" in page_text(response)
    else:
        assert response.status_code == 200
        count = len(statement_fields(review_fields(response)))
        assert 0 < count <= limits.MAX_REVIEW_STATEMENTS


def test_the_pages_need_a_signed_in_teacher(client):
    for method, url in (("GET", NEW), ("POST", NEW), ("POST", REVIEW), ("POST", DRAFT)):
        response = client.open(url, method=method, data=SOURCE | {"article": ARTICLE})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/teacher/login?next="), url


def test_a_forged_token_is_refused_on_every_step(app, client, teacher, csrf_app):
    browser = csrf_app.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    fields = review_fields(post_article(client))
    for url, data in ((NEW, SOURCE | {"article": ARTICLE}), (REVIEW, fields), (DRAFT, fields)):
        response = browser.post(url, data=data | {"csrf_token": "forged"})
        assert response.status_code == 400, url
        assert "This form has expired" in page_text(response)
