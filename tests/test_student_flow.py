"""The student's path through a quiz, as the browser sees it: list, start, answer, result."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from pages import attempt_id
from samples import BRIDGE
from sqlalchemy import func, select

from quiz.db import get_session
from quiz.models import Answer, Attempt
from quiz.questionset.parser import parse

PARSED_BRIDGE = parse(BRIDGE)
KEY = {s.number: s.answers[0] for s in PARSED_BRIDGE.statements}
FOLD = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


class _Page(HTMLParser):
    """Checked radios (name -> value); the page text, which of it is inside a statement mark,
    and where each statement's number label stands in it."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.checked: dict[str, str] = {}
        self.text, self.marked, self.labels = "", [], {}
        self._depth, self._in_label = 0, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
            self.checked[attrs["name"]] = attrs["value"]
        self._in_label = tag == "span" and attrs.get("class") == "statement-label"
        self._depth += tag == "mark" and attrs.get("class") == "statement"

    def handle_endtag(self, tag):
        self._in_label = False
        self._depth -= tag == "mark" and self._depth > 0

    def handle_data(self, data):
        if self._in_label:
            self.labels[int(data)] = len(self.text)
            return
        self.text += data
        self.marked += [self._depth > 0] * len(data)


QUOTES = {"'": "['\u2018\u2019]", '"': '["\u201c\u201d]'}


def statement_pattern(text: str) -> re.Pattern[str]:
    """The statement as it may appear in the page: any case, quotes and white space."""
    def words(part: str) -> str:
        return r"\s+".join("".join(QUOTES.get(c, re.escape(c)) for c in word)
                           for word in part.translate(FOLD).split())
    return re.compile(".*?".join(words(p) for p in re.split(r"\.\.\.|\u2026", text)),
                      re.I | re.S)


def passage_url(first_url: str, number: int) -> str:
    return re.sub(r"/passages/\d+$", f"/passages/{number}", first_url)


def labels_of(passage) -> dict[int, str]:
    """The key's first accepted label for each statement of the passage."""
    return {s.number: s.answers[0] for s in passage.statements}


def take(student, slug: str, question_set, chosen: dict[int, str], name: str = "Ada"):
    """Start and answer every passage with `chosen`; returns the first passage's URL."""
    first = student.start(slug, name)
    for k, passage in enumerate(question_set.passages, start=1):
        response = student.answer(passage_url(first, k), {
            s.number: chosen[s.number] for s in passage.statements})
        assert response.status_code == 302, response.data
    return first


def result_url(first_url: str) -> str:
    return f"/attempts/{attempt_id(first_url)}/result"


def score_line(html: str) -> str:
    match = re.search(r'<p class="score">(.*?)</p>', html, re.S)
    assert match, html
    return re.sub(r"<[^>]+>", "", match.group(1))


def count(app, model) -> int:
    with app.app_context():
        return get_session().scalar(select(func.count()).select_from(model))


def test_home_lists_each_quiz_title(client, iran_drones, load_set):
    load_set(BRIDGE, "bridge")
    html = client.get("/").get_data(as_text=True)
    assert iran_drones.title in html
    assert "The bridge question" in html
    assert 'href="/quizzes/bridge"' in html


def test_home_without_sets_says_there_are_no_quizzes(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "No quizzes yet" in html and "has not added any quizzes" in html


def test_start_page_shows_the_rendered_introduction(client, iran_drones):
    html = client.get("/quizzes/iran-drones").get_data(as_text=True)
    assert "<strong>fact</strong>" in html and "<li>" in html
    assert "**fact**" not in html
    assert "Start the quiz" in html


@pytest.mark.parametrize("data", [{}, {"name": ""}, {"name": "   "}])
def test_start_requires_a_name(app, client, load_set, data):
    load_set(BRIDGE, "bridge")
    response = client.post("/quizzes/bridge", data=data)
    assert response.status_code == 400
    assert "Please type your name." in response.get_data(as_text=True)
    assert count(app, Attempt) == 0


def test_whole_iran_drones_quiz_with_every_answer_right(client, student, iran_drones):
    first = student.start("iran-drones")
    total = len(iran_drones.passages)
    for k, passage in enumerate(iran_drones.passages, start=1):
        page = client.get(passage_url(first, k))
        assert page.status_code == 200
        assert f"Passage {k} of {total}" in page.get_data(as_text=True)
        response = student.answer(passage_url(first, k), labels_of(passage))
        assert response.status_code == 302
        expected = passage_url(first, k + 1) if k < total else result_url(first)
        assert response.headers["Location"].endswith(expected)
    result = client.get(result_url(first)).get_data(as_text=True)
    n = len(iran_drones.statements)
    assert score_line(result) == f"{n} of {n} correct (100%)"


MIXES = [
    {1: "fact", 2: "opinion", 3: "speculation", 4: "fact"},
    {1: "fact", 2: "opinion", 3: "speculation", 4: "opinion"},
    {1: "fact", 2: "fact", 3: "speculation", 4: "opinion"},
    {1: "opinion", 2: "opinion", 3: "fact", 4: "speculation"},
    {1: "opinion", 2: "fact", 3: "fact", 4: "fact"},
    {1: "speculation", 2: "fact", 3: "opinion", 4: "speculation"},
]


@pytest.mark.parametrize("chosen", MIXES)
def test_mixed_answers_give_the_exact_score(client, student, load_set, chosen):
    load_set(BRIDGE, "bridge")
    first = take(student, "bridge", PARSED_BRIDGE, chosen)
    correct = sum(chosen[s.number] in s.answers for s in PARSED_BRIDGE.statements)
    total = len(PARSED_BRIDGE.statements)
    html = client.get(result_url(first)).get_data(as_text=True)
    assert score_line(html) == f"{correct} of {total} correct ({round(100 * correct / total)}%)"
    for s in PARSED_BRIDGE.statements:
        assert f"You said <strong>{chosen[s.number]}</strong>" in html
        assert f"the answer is <strong>{' or '.join(s.answers)}</strong>" in html
        assert s.why_md in html


@pytest.mark.parametrize("label", ["fact", "opinion"])
def test_either_accepted_answer_counts_as_correct(client, student, load_set, label):
    load_set(BRIDGE, "bridge")
    first = take(student, "bridge", PARSED_BRIDGE, {**KEY, 4: label})
    html = client.get(result_url(first)).get_data(as_text=True)
    assert score_line(html) == "4 of 4 correct (100%)"
    item = re.search(r'<li id="statement-4" class="explanation (\w+)"', html)
    assert item and item.group(1) == "right"


def test_each_statement_is_marked_and_numbered_in_its_passage(client, student, iran_drones):
    first = student.start("iran-drones")
    for k, passage in enumerate(iran_drones.passages, start=1):
        html = client.get(passage_url(first, k)).get_data(as_text=True)
        page = _Page(html)
        assert list(page.labels) == [s.number for s in passage.statements]
        for s in passage.statements:
            match = statement_pattern(s.text).match(page.text, page.labels[s.number])
            assert match, (s.number, page.text[page.labels[s.number]:][:80])
            assert all(page.marked[i] for i in range(*match.span())
                       if not page.text[i].isspace()), s.number
            assert f'<span class="statement-number">{s.number}</span>' in html
        student.answer(passage_url(first, k), labels_of(passage))


def test_incomplete_passage_names_the_missing_statement_and_stays(app, client, student,
                                                                  load_set):
    load_set(BRIDGE, "bridge")
    first = student.start("bridge")
    response = student.answer(first, {1: "fact"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose an answer for statement 2." in html
    assert "statement 1." not in html
    assert "Passage 1 of 2" in html
    assert client.get(passage_url(first, 2)).headers["Location"].endswith(first)
    assert count(app, Answer) == 0


@pytest.mark.parametrize("label", ["banana", "Fact", "fact, opinion", "<script>", ""])
def test_a_forged_label_is_refused_and_nothing_is_stored(app, student, load_set, label):
    load_set(BRIDGE, "bridge")
    first = student.start("bridge")
    response = student.answer(first, {1: "fact", 2: label})
    assert response.status_code == 400
    assert count(app, Answer) == 0


def test_fields_for_statements_of_other_passages_are_ignored(app, student, load_set):
    load_set(BRIDGE, "bridge")
    first = student.start("bridge")
    assert student.answer(first, {1: "fact", 2: "opinion", 3: "fact"}).status_code == 302
    assert count(app, Answer) == 2


def test_saved_answers_are_checked_when_going_back(client, student, load_set):
    load_set(BRIDGE, "bridge")
    first = student.start("bridge")
    student.answer(first, {1: "opinion", 2: "fact"})
    html = client.get(first).get_data(as_text=True)
    assert _Page(html).checked == {"statement-1": "opinion", "statement-2": "fact"}
    assert _Page(client.get(passage_url(first, 2)).get_data(as_text=True)).checked == {}


def test_jumping_ahead_goes_back_to_the_first_incomplete_passage(client, student, iran_drones):
    first = student.start("iran-drones")
    for target in (3, len(iran_drones.passages)):
        response = client.get(passage_url(first, target))
        assert response.status_code == 302
        assert response.headers["Location"].endswith(passage_url(first, 1))
    student.answer(first, labels_of(iran_drones.passages[0]))
    response = client.get(passage_url(first, 4))
    assert response.headers["Location"].endswith(passage_url(first, 2))
    assert client.get(result_url(first)).headers["Location"].endswith(passage_url(first, 2))


@pytest.mark.parametrize("number", [0, -1, "one past the end", 99])
def test_a_passage_number_out_of_range_is_a_bad_request(client, student, iran_drones, number):
    if number == "one past the end":
        number = len(iran_drones.passages) + 1
    first = student.start("iran-drones")
    assert client.get(passage_url(first, number)).status_code == 400
    assert student.answer(passage_url(first, number), {1: "fact"}).status_code == 400


def test_double_submit_and_later_changes_count_once(app, client, student, load_set):
    load_set(BRIDGE, "bridge")
    first = take(student, "bridge", PARSED_BRIDGE, KEY)
    last = passage_url(first, 2)
    again = student.answer(last, {3: "opinion", 4: "speculation"})
    assert again.headers["Location"].endswith(result_url(first))
    student.answer(first, {1: "opinion", 2: "fact"})
    html = client.get(result_url(first)).get_data(as_text=True)
    assert score_line(html) == "4 of 4 correct (100%)"
    with app.app_context():
        db = get_session()
        assert db.scalar(select(Attempt.score)) == 4
        assert sorted(db.scalars(select(Answer.label))) == sorted(KEY.values())
    assert client.get(first).headers["Location"].endswith(result_url(first))


def test_retake_starts_fresh_and_lists_both_attempts(client, student, load_set):
    load_set(BRIDGE, "bridge")
    first = take(student, "bridge", PARSED_BRIDGE, KEY)
    second = student.start("bridge")
    assert attempt_id(second) != attempt_id(first)
    assert _Page(client.get(second).get_data(as_text=True)).checked == {}
    student.answer(second, {1: "opinion", 2: "fact"})  # two of four right this time
    student.answer(passage_url(second, 2), {3: "speculation", 4: "opinion"})
    start = client.get("/quizzes/bridge").get_data(as_text=True)
    assert "4 of 4" in start and "2 of 4" in start and "Start again" in start
    assert score_line(client.get(result_url(first)).get_data(as_text=True)).startswith("4 of 4")
    assert score_line(client.get(result_url(second)).get_data(as_text=True)).startswith("2 of 4")


def test_another_browser_cannot_see_an_attempt(app, student, load_set):
    load_set(BRIDGE, "bridge")
    first = student.start("bridge")
    other = app.test_client()
    assert other.get(first).status_code == 404
    assert other.post(first, data={"statement-1": "fact", "statement-2": "fact"}).status_code \
        == 404
    assert other.get(result_url(first)).status_code == 404
    first = take(student, "bridge", PARSED_BRIDGE, KEY)
    assert other.get(result_url(first)).status_code == 404
    assert other.get(passage_url(first, 2)).status_code == 404


def test_reimport_keeps_old_attempts_on_their_version(app, client, student, load_set):
    v1 = load_set(BRIDGE, "bridge")
    old = take(student, "bridge", PARSED_BRIDGE, KEY)
    changed = BRIDGE.replace("   - answer: fact\n   - why: A named source said it, and the "
                            "closure can be checked.",
                            "   - answer: speculation\n   - why: Changed: nobody confirmed it.")
    assert changed != BRIDGE
    v2 = load_set(changed, "bridge")
    assert v2 != v1

    html = client.get(result_url(old)).get_data(as_text=True)
    assert score_line(html) == "4 of 4 correct (100%)"
    assert "A named source said it" in html and "Changed: nobody confirmed it." not in html
    assert "the answer is <strong>fact</strong>" in html

    new = take(student, "bridge", parse(changed), KEY)
    html = client.get(result_url(new)).get_data(as_text=True)
    assert score_line(html) == "3 of 4 correct (75%)"
    assert "Changed: nobody confirmed it." in html
    with app.app_context():
        db = get_session()
        versions = dict(db.execute(select(Attempt.public_id, Attempt.version_id)).all())
    assert versions == {attempt_id(old): v1, attempt_id(new): v2}
