"""Storing parsed sets as versions (quiz.importing): slugs, hashes, versions, passage HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from samples import PRICES, WHY_NOT, WHY_NOT_HTML, WHY_NOT_WORDING
from sqlalchemy import func, select

from quiz import catalogue, models
from quiz.accounts import find_teacher
from quiz.db import get_session
from quiz.importing import content_hash, import_set, private_copy, slug_for
from quiz.questionset.parsed import ParsedStatement
from quiz.questionset.parser import parse
from quiz.questionset.rendered import passage_html
from quiz.rendering import render_markdown

CHANGED = PRICES.replace("it will probably snow", "it will probably hail")


class Statements(HTMLParser):
    """Collects, per statement label, the text marked as that statement; and the cue texts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.marked: dict[str, str] = {}
        self.cues: list[str] = []
        self._label = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.stack.append(dict(attrs).get("class") or "")
        if self.stack[-1] == "cue":
            self.cues.append("")

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if "statement-label" in self.stack:
            self._label = data
            self.marked[data] = ""
        elif "statement" in self.stack:
            self.marked[self._label] += data
        if "cue" in self.stack:
            self.cues[-1] += data


def store(app, text: str, slug: str = "sample"):
    with app.app_context():
        session = get_session()
        result = import_set(session, slug, text, parse(text, f"{slug}.md"))
        session.commit()
        return result.created, result.version.id, result.version.number


def snapshot(app, version_id: int):
    """Everything stored for one version, as plain values."""
    with app.app_context():
        version = get_session().get(models.QuestionSetVersion, version_id)
        return (
            (version.number, version.title, version.labels, version.intro_html,
             version.source_md, version.content_hash),
            [(p.position, p.heading, p.text_md, p.question_html, p.review_html)
             for p in version.passages],
            [(s.number, s.text, s.answers, s.why_html, s.cues) for s in version.statements],
        )


def count(app, model) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


# -- slug_for and content_hash ------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "slug"),
    [
        ("Iran Drones.md", "iran-drones"),
        ("iran-drones.md", "iran-drones"),
        ("questions/x_y.MD", "x-y"),
        ("/srv/quiz/questions/Set 2 (final).md", "set-2-final"),
        ("--Odd  Name--.md", "odd-name"),
        ("week.3.md", "week-3"),
    ],
)
def test_slug_for_is_the_file_name_made_url_safe(path, slug):
    assert slug_for(path) == slug


@pytest.mark.parametrize("name", ["Café au lait.md", "Русский.md", "日本語.md", "!!!.md", "é.md"])
def test_slug_for_non_ascii_or_symbol_names_is_still_url_safe_and_stable(name):
    slug = slug_for(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
    assert slug_for(f"elsewhere/{name}") == slug


def test_content_hash_ignores_bom_and_line_endings_but_not_content():
    assert content_hash("\ufeff" + PRICES) == content_hash(PRICES)
    assert content_hash(PRICES.replace("\n", "\r\n")) == content_hash(PRICES)
    assert content_hash("\ufeff" + PRICES.replace("\n", "\r\n")) == content_hash(PRICES)
    assert content_hash(CHANGED) != content_hash(PRICES)
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(PRICES))


# -- import_set ---------------------------------------------------------------------------

def test_import_stores_the_parsed_set(app):
    created, version_id, number = store(app, PRICES)
    assert (created, number) == (True, 1)
    header, passages, statements = snapshot(app, version_id)
    assert header[1:3] == ("Sample set", ["fact", "speculation", "opinion"])
    assert "<em>carefully</em>" in header[3]
    assert header[4] == PRICES
    assert [(p[0], p[1]) for p in passages] == [(1, "Prices"), (2, "Weather")]
    assert [s[:3] for s in statements] == [
        (1, "Fish & chips cost < 5 pounds", ["fact"]),
        (2, "the quick brown fox jumped", ["fact", "opinion"]),
        (3, "it will probably snow", ["speculation"]),
    ]
    assert "<em>happened</em>" in statements[1][3]
    assert [s[4] for s in statements] == [["cost"], ["jumped"], ["probably"]]


@pytest.mark.parametrize(
    "again", [PRICES, "\ufeff" + PRICES, PRICES.replace("\n", "\r\n")], ids=["same", "bom", "crlf"]
)
def test_reimporting_unchanged_content_keeps_the_version(app, again):
    _, version_id, _ = store(app, PRICES)
    created, again_id, number = store(app, again)
    assert (created, again_id, number) == (False, version_id, 1)
    assert count(app, models.QuestionSetVersion) == 1
    assert count(app, models.Statement) == 3


def test_changed_content_adds_version_2_and_leaves_version_1_untouched(app):
    _, first_id, _ = store(app, PRICES)
    before = snapshot(app, first_id)
    created, second_id, number = store(app, CHANGED)
    assert (created, number) == (True, 2)
    assert second_id != first_id
    assert snapshot(app, first_id) == before
    assert snapshot(app, second_id)[2][2][1] == "it will probably hail"
    with app.app_context():
        stored = get_session().scalars(select(models.QuestionSet)).all()
        assert [s.slug for s in stored] == ["sample"]
        assert [v.number for v in stored[0].versions] == [1, 2]
        assert stored[0].latest.id == second_id


def test_reverting_a_file_makes_a_new_latest_version(app):
    store(app, PRICES)
    store(app, CHANGED)
    created, _, number = store(app, PRICES)
    assert (created, number) == (True, 3)


def test_sets_with_different_slugs_are_independent(app):
    store(app, PRICES, "one")
    created, _, number = store(app, PRICES, "two")
    assert (created, number) == (True, 1)
    assert count(app, models.QuestionSet) == 2


def test_stored_passage_pages_mark_statements_and_keep_cues_for_the_review(app):
    _, version_id, _ = store(app, PRICES)
    _, passages, _ = snapshot(app, version_id)
    question_html, review_html = passages[1][3], passages[1][4]
    assert Statements(question_html).marked == {"3": "it will probably snow"}
    assert 'class="cue"' not in question_html
    assert Statements(review_html).cues == ["probably"]


def why_nots(app, version_id: int):
    """A version's wording table and each statement's own "why not" HTML, as stored."""
    with app.app_context():
        version = get_session().get(models.QuestionSetVersion, version_id)
        return version.why_not_table, [s.why_not_html for s in version.statements]


def test_a_published_set_stores_its_why_nots_rendered_and_its_wording(app):
    _, version_id, _ = store(app, WHY_NOT)
    assert why_nots(app, version_id) == ([["fact", "speculation", WHY_NOT_WORDING]],
                                         [WHY_NOT_HTML, {}])


def test_a_set_without_why_nots_stores_none(app):
    _, version_id, _ = store(app, PRICES)
    assert why_nots(app, version_id) == ([], [{}, {}, {}])


@pytest.mark.parametrize("change", [
    ("No one judges the rise.", "Nobody says it is good or bad."),
    (WHY_NOT_WORDING, "You chose {chosen}: {cues} says it is not sure."),
], ids=["not-field", "wording"])
def test_a_changed_why_not_makes_a_new_version_and_keeps_the_old(app, change):
    _, first_id, _ = store(app, WHY_NOT)
    before = why_nots(app, first_id)
    created, second_id, number = store(app, WHY_NOT.replace(*change))
    assert (created, number) == (True, 2)
    assert why_nots(app, first_id) == before
    assert why_nots(app, second_id) != before


def test_a_private_copy_keeps_the_why_nots(app, teacher):
    _, version_id, _ = store(app, WHY_NOT, "why-not")
    with app.app_context():
        session = get_session()
        owner = find_teacher(session, "teacher@school.example")
        copy = private_copy(session, catalogue.find(session, "why-not"), owner.id)
        session.commit()
        copy_id = copy.latest.id
    assert why_nots(app, copy_id) == why_nots(app, version_id)


# -- passage_html -------------------------------------------------------------------------

@pytest.fixture
def first_passage():
    passage = parse(PRICES).passages[0]
    return passage_html(render_markdown(passage.text_md), passage.statements)


def test_question_html_marks_each_statement_with_its_number(first_passage):
    question_html, _ = first_passage
    assert Statements(question_html).marked == {
        "1": "Fish & chips cost < 5 pounds",
        "2": "the quick brown fox jumped",
    }


def test_question_html_has_no_cue_markup(first_passage):
    question_html, _ = first_passage
    assert 'class="cue"' not in question_html
    assert Statements(question_html).cues == []


def test_review_html_marks_statements_and_cues(first_passage):
    _, review_html = first_passage
    found = Statements(review_html)
    assert found.marked == {
        "1": "Fish & chips cost < 5 pounds",
        "2": "the quick brown fox jumped",
    }
    assert found.cues == ["cost", "jumped"]
    assert '<mark class="statement"><strong class="cue">jumped</strong></mark>' in review_html


def test_statement_across_emphasis_is_marked_and_emphasis_kept(first_passage):
    question_html, _ = first_passage
    assert '<em><mark class="statement">quick brown</mark></em>' in question_html


def test_special_characters_stay_escaped(first_passage):
    for html in first_passage:
        assert "Fish &amp; chips cost &lt; 5 pounds" in re.sub(r"<[^>]+>", "", html)
        assert "< 5" not in html and "& c" not in html


def test_a_repeated_cue_is_marked_where_it_explains_its_statement():
    text = ("# T\n\n## P\n\n> It could rain. Later, snow could fall.\n\n"
            "1. snow could fall\n   - answer: speculation\n   - why: W.\n   - cues: could\n")
    passage = parse(text).passages[0]
    _, review_html = passage_html(render_markdown(passage.text_md), passage.statements)
    assert "It could rain." in review_html  # the first "could" is not this statement's cue
    assert review_html.count('class="cue"') == 1
    assert ('<mark class="statement">snow </mark><mark class="statement"><strong class="cue">'
            "could</strong></mark>") in review_html


def test_unmatched_statement_is_left_unmarked_rather_than_failing():
    passage = parse(PRICES).passages[1]
    drifted = (ParsedStatement(number=9, text="not in the passage", answers=("fact",), why_md="",
                         cues=("nowhere",), line=1),)
    html = render_markdown(passage.text_md)
    question_html, review_html = passage_html(html, drifted)
    assert question_html == review_html == html
