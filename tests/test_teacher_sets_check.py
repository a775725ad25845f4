"""The set upload page: check and preview store nothing; forged or oversized sends are refused."""

from __future__ import annotations

import html
import io
import re

import pytest
from samples import BRIDGE_BOLD, BROKEN_CATS, BROKEN_COUNCIL, HOSTILE_SET
from sets_support import rows, send, set_page
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from quiz import limits
from quiz.questionset.parsed import QuestionSetError
from quiz.questionset.parser import parse


def preview_part(response) -> str:
    """The rendered preview, without the text box that echoes the Markdown back."""
    text = response.get_data(as_text=True)
    return text[text.index('id="preview-heading"'):text.index('class="workbench')]


def test_the_upload_page_offers_a_file_or_text_and_three_buttons(client, teacher):
    response = client.get("/teacher/sets/new")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '<label for="upload">Upload a Markdown file</label>' in text
    assert '<label for="source">Or paste the Markdown</label>' in text
    assert 'enctype="multipart/form-data"' in text and "<legend>" in text
    assert re.findall(r'<button type="submit" name="action" value="(\w+)"', text) == \
        ["check", "preview", "publish"]
    assert 'role="alert"' not in text


# -- check ------------------------------------------------------------------------------------

@pytest.mark.parametrize("action", ["check", "preview", "publish"])
def test_a_file_with_errors_stores_nothing_and_shows_every_problem_beside_its_line(
        app, client, teacher, action):
    before = rows(app)
    response = send(client, action, file=("broken.md", BROKEN_COUNCIL))
    assert response.status_code == 400
    assert rows(app) == before
    problems = pytest.raises(QuestionSetError, parse, BROKEN_COUNCIL).value.problems
    assert len(problems) >= 3
    text = set_page(response)
    assert f"{len(problems)} problems to fix; nothing was stored" in text
    for problem in problems:
        assert f'<a href="#line-{problem.line}">' in text
        assert f"{problem.line}: {problem.message}" in text
    assert "3: unknown front-matter key 'lables'" in text
    assert "11: 'opinon' is not a label" in text
    for number, line in enumerate(BROKEN_COUNCIL.splitlines(), start=1):
        css = ' class="problem"' if number in {p.line for p in problems} else ""
        assert (f'<li id="line-{number}"{css}><span class="line-number">{number}</span>'
                f"<code>{line}</code>") in text
    assert "Preview:" not in text


def test_pasted_valid_markdown_checks_clean_with_a_summary_and_stores_nothing(
        app, client, teacher):
    before = rows(app)
    response = send(client, "check", source=BRIDGE_BOLD)
    assert response.status_code == 200
    text = set_page(response)
    assert "No problems found" in text
    assert parse(BRIDGE_BOLD).summary() in text
    assert '"The bridge question": 2 passages, 4 statements (fact 2, speculation 1, opinion 1)' \
        in text
    assert "Publishing creates the set the-bridge-question." in re.sub(r"<[^>]+>", "", text)
    assert rows(app) == before


def test_windows_line_endings_from_a_text_box_check_like_the_file(client, teacher):
    response = send(client, "check", source=BRIDGE_BOLD.replace("\n", "\r\n"))
    assert response.status_code == 200
    assert "No problems found" in set_page(response)


@pytest.mark.parametrize("data, message", [
    ({}, "Choose a file or paste the Markdown of a question set."),
    ({"source": "  \r\n "}, "Choose a file or paste the Markdown of a question set."),
    ({"file": ("set.pdf", BRIDGE_BOLD)}, "Choose a Markdown file (.md)."),
    ({"file": ("set.md", BRIDGE_BOLD.replace("council", "caf\u00e9").encode("latin-1"))},
     "set.md is not UTF-8 text"),
])
def test_a_missing_or_unreadable_file_is_explained(app, client, teacher, data, message):
    before = rows(app)
    response = send(client, "publish", **data)
    assert response.status_code == 400
    assert message in set_page(response)
    assert 'role="alert"' in response.get_data(as_text=True)
    assert rows(app) == before


def test_a_file_wins_over_pasted_text_and_says_so(client, teacher):
    response = send(client, "check", source=BROKEN_COUNCIL, file=("bridge.md", BRIDGE_BOLD))
    assert response.status_code == 200
    text = set_page(response)
    assert "No problems found" in text
    assert "Used the file bridge.md" in text
    assert BRIDGE_BOLD in text  # the text box now holds the file, to send again


# -- preview ----------------------------------------------------------------------------------

def test_preview_shows_the_quiz_as_students_see_it_and_with_the_key(app, client, teacher):
    before = rows(app)
    response = send(client, "preview", source=BRIDGE_BOLD)
    assert response.status_code == 200
    assert rows(app) == before
    part = preview_part(response)
    text = html.unescape(part)
    assert "As students see it" in text and "With the key" in text
    assert "Decide for each statement: <em>fact</em>" in text  # the introduction
    assert text.count('<mark class="statement">') >= 4
    assert '<span class="statement-label">3</span><mark class="statement">Engineers believe ' \
           "repairs could take a year</mark>" in text
    radios = re.findall(r'<input type="radio" name="preview-(\d)" value="(\w+)" disabled>', part)
    assert len(radios) == 4 * 3
    assert {label for _, label in radios} == {"fact", "speculation", "opinion"}
    for number in range(1, 5):
        assert f'id="statement-{number}"' in part
    assert "Answer: <strong>fact or opinion</strong>" in text
    assert "the closure can be <strong>checked</strong>." in text  # why, as Markdown
    assert '<strong class="cue">could</strong>' in text  # cues, in the passage and the list


def test_hostile_markdown_is_sanitised_in_the_preview(client, teacher):
    response = send(client, "preview", file=("hostile.md", HOSTILE_SET))
    assert response.status_code == 200
    part = preview_part(response)
    assert "The minister said taxes will rise" in part
    for dangerous in ("<script", "onerror", "onclick", "javascript:"):
        assert dangerous not in part.lower()
    # The text box escapes it: the page's one script is the site's own.
    assert re.findall(r"<script\b", response.get_data(as_text=True)) == ["<script"]
    assert '<script src="/static/line-numbers.js" defer></script>' in response.get_data(
        as_text=True)


# -- forged and oversized requests ------------------------------------------------------------

@pytest.mark.parametrize("action", ["delete", "", None])
def test_a_forged_action_is_refused(app, client, teacher, action):
    before = rows(app)
    data = {"source": BRIDGE_BOLD} if action is None else {"source": BRIDGE_BOLD, "action": action}
    response = client.post("/teacher/sets/new", data=data)
    assert response.status_code == 400
    assert rows(app) == before


def test_an_oversized_upload_is_refused(app, client, teacher):
    before = rows(app)
    big = (BRIDGE_BOLD + "\n" + "x" * (600 * 1024)).encode("utf-8")
    # Encoded in memory: the test client spools a body this large to a file it never closes.
    boundary, body = encode_multipart(MultiDict({
        "action": "publish", "upload": FileStorage(io.BytesIO(big), filename="big.md")}))
    response = client.post("/teacher/sets/new", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "That was too large to send." in set_page(response)
    assert rows(app) == before


# -- finding a problem's line -----------------------------------------------------------------

def test_a_statement_not_in_its_passage_shows_the_passage_text_in_the_list_and_at_its_line(
        client, teacher):
    response = send(client, "check", source=BROKEN_CATS)
    text = set_page(response)
    message = ("statement 1 does not occur in the passage: check it for typos (case, spaces and "
               "quote styles do not matter; '...' skips any text); the passage says: 'The cat "
               "sat on the mat'")
    assert (f'<li><a href="#line-7"><span class="visually-hidden">Line </span>7: {message}</a>'
            "</li>") in text
    listing = text[text.index('<li id="line-7"'):text.index('<li id="line-8"')]
    assert listing.startswith('<li id="line-7" class="problem"><span class="line-number">7'
                              "</span><code>1. The dog sat on the mat</code>")
    assert f'<p class="error">{message}</p>' in listing


def test_the_text_box_is_numbered_by_a_script_of_the_site_that_its_policy_allows(
        client, teacher):
    response = client.get("/teacher/sets/new")
    text = response.get_data(as_text=True)
    box = re.search(r'<textarea[^>]* id="source"[^>]*>', text).group(0)
    # Numbered as far as the parser reads: a file of 400,000 lines gets no 400,000 rows.
    assert f'data-line-numbers="{limits.MAX_SET_LINES + 1}"' in box
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert scripts == ['<script src="/static/line-numbers.js" defer>']  # none written inline
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    with client.get("/static/line-numbers.js") as script:
        assert script.status_code == 200 and "javascript" in script.mimetype
        assert b"textarea[data-line-numbers]" in script.data
