"""Students learn from their own mistakes: the introduction before passage 1, "How to tell"
on every passage, and a result page that speaks to the student's own mix-ups."""

from __future__ import annotations

import re

from pages import attempt_id, page_text
from samples import CLASS_SET, CLASS_SET_KEY, CLASS_SET_PASSAGES
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Statement
from quiz.rendering import render_markdown

ALL_FACT = dict.fromkeys(CLASS_SET_KEY, "fact")  # right on statement 1 only
ONE_WRONG = {**CLASS_SET_KEY, 3: "fact"}  # passage 1 all right, statement 3 wrong
PLAIN_FACT = "A statement is a reported fact whether or not you think it is true"
PLAIN_OPINION = "A statement is an opinion whether or not you agree with it"
HOW_TO_TELL = "How to tell fact, speculation and opinion apart"
INTRO = "Decide for each statement: fact, speculation or opinion?"  # CLASS_SET's introduction


def practise(student, labels: dict[int, str], slug: str = "bridge") -> str:
    """Take the bridge set as practice with `labels`; returns the result page's URL."""
    first = student.start(slug)
    for number, statements in enumerate(CLASS_SET_PASSAGES, start=1):
        response = student.answer(first.replace("/passages/1", f"/passages/{number}"),
                                  {n: labels[n] for n in statements})
        assert response.status_code == 302, response.data
    return f"/attempts/{attempt_id(first)}/result"


def explained(html: str) -> list[int]:
    """The statements the result lists, by number, in order."""
    return [int(n) for n in re.findall(r'<li id="statement-(\d+)" class="explanation', html)]


def item(html: str, number: int) -> str:
    """One statement's explanation on a result page."""
    match = re.search(rf'<li id="statement-{number}" .*?</li>', html, re.S)
    assert match, html
    return match.group(0)


# The introduction before passage 1


def test_a_new_class_attempt_opens_on_the_introduction_then_passage_1(classrooms, pupils,
                                                                      class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    started = ada.start(info.id, assignment_id)
    assert started.status_code == 303
    public_id = attempt_id(started.headers["Location"])
    assert started.headers["Location"] == f"/attempts/{public_id}/introduction"

    page = ada.client.get(started.headers["Location"])
    text = page_text(page)
    assert page.status_code == 200
    assert INTRO in text and PLAIN_FACT in text and PLAIN_OPINION in text
    assert "Why-one" not in text  # the key is not part of it
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Start passage 1</a>',
                     page.get_data(as_text=True))
    assert link and link.group(1) == f"/attempts/{public_id}/passages/1"
    assert "Passage 1 of 2" in page_text(ada.client.get(link.group(1)))


def test_a_started_attempt_resumes_where_it_was_without_the_introduction(classrooms, pupils,
                                                                         class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    public_id = ada.begin(info.id, assignment_id)
    assert ada.answer(public_id, 1, {1: "fact", 2: "fact"}).status_code == 302

    resumed = ada.start(info.id, assignment_id)
    assert resumed.headers["Location"] == f"/attempts/{public_id}/passages/2"
    assert ada.answer(public_id, 2, {3: "opinion", 4: "fact"}).status_code == 302
    # A submitted attempt's introduction leads to its result, not back into the quiz.
    done = ada.client.get(f"/attempts/{public_id}/introduction")
    assert done.headers["Location"] == f"/attempts/{public_id}/result"


def test_another_browser_cannot_open_an_attempts_introduction(classrooms, pupils, class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    ada, grace = pupils(), pupils()
    ada.join(info.code, "Ada Lovelace")
    grace.join(info.code, "Grace Hopper")
    public_id = ada.begin(info.id, assignment_id)
    assert grace.client.get(f"/attempts/{public_id}/introduction").status_code == 404


def test_the_practice_start_page_says_what_a_reported_fact_and_an_opinion_are(client,
                                                                              class_set):
    text = page_text(client.get("/quizzes/bridge"))
    assert text.index(PLAIN_FACT) < text.index(INTRO) < text.index("Start the quiz")
    assert PLAIN_OPINION in text


def test_a_set_without_fact_or_opinion_is_not_told_about_them(client, load_set):
    load_set("---\ntitle: Sure or not\nlabels: certain, guess\n---\n\n## One\n\n"
             "> Prices could rise.\n\n1. Prices could rise\n   - answer: guess\n"
             "   - why: Could is a guess.\n", "sure")
    text = page_text(client.get("/quizzes/sure"))
    assert "reported fact" not in text and "whether or not you agree" not in text


def test_every_passage_page_keeps_how_to_tell_one_click_away_without_the_key(
        student, iran_drones):
    intro = page_text(render_markdown(iran_drones.intro_md))
    first = student.start("iran-drones")
    for number, passage in enumerate(iran_drones.passages, start=1):
        url = first.replace("/passages/1", f"/passages/{number}")
        html = student.client.get(url).get_data(as_text=True)
        disclosure = re.search(r'<details class="how-to-tell">(.*?)</details>', html, re.S)
        assert disclosure, number
        text = page_text(disclosure.group(1))
        assert text.startswith(HOW_TO_TELL) and PLAIN_FACT in text and PLAIN_OPINION in text
        assert intro in text  # the set's whole introduction
        for statement in iran_drones.statements:  # no explanation reaches a passage page
            assert statement.why_md[:40] not in html
        student.answer(url, {s.number: s.answers[0] for s in passage.statements})


# The result page: the summary first


def test_the_summary_counts_each_mix_up_and_links_to_its_statements(client, student,
                                                                    class_set):
    html = client.get(practise(student, ALL_FACT)).get_data(as_text=True)
    summary, statements = html.split('<p class="result-links">', 1)
    text = page_text(summary)
    assert "1 of 4 correct (25%)" in text
    assert "The council decides: 1 of 2" in text and "What happens next: 0 of 2" in text
    assert ("You read speculation as fact twice: look for \u201csuspect\u201d and "
            "\u201ccould\u201d. Statements statement 2, statement 4") in text
    assert "You read opinion as fact once: look for \u201cshameful\u201d. Statement statement 3" \
        in text
    assert text.index("speculation as fact") < text.index("opinion as fact")  # most first
    links = re.findall(r'href="#statement-(\d+)"', summary)
    assert links == ["2", "4", "3"]
    assert all(f'id="statement-{n}"' in statements for n in links)  # each lands on its item


def test_a_perfect_result_says_there_are_no_mix_ups(client, student, class_set):
    text = page_text(client.get(practise(student, CLASS_SET_KEY)))
    assert "Your mix-ups None: every answer is right." in text
    assert "Show only my" not in text


def test_a_wrong_answer_says_why_in_the_teachers_words_when_they_wrote_some(app, client,
                                                                           student, load_set):
    version_id = load_set(CLASS_SET, "bridge")
    with app.app_context():  # as the parser's `- not fact:` stores it
        db = get_session()
        statement = db.scalar(select(Statement).where(Statement.version_id == version_id,
                                                      Statement.number == 2))
        statement.why_not_html = {"fact": "<p>Teacher: suspect means nobody is sure yet.</p>",
                                  "opinion": "<p>Teacher: nobody judges here.</p>"}
        db.commit()
    html = client.get(practise(student, ALL_FACT)).get_data(as_text=True)
    wrong = item(html, 2)
    assert "Teacher: suspect means nobody is sure yet." in wrong
    assert "nobody judges here" not in wrong  # the words for a label not chosen
    assert wrong.index("Teacher: suspect") < wrong.index("Why-two")  # why not, then why
    # Statement 3 has none of the teacher's own: the generated sentence, with its cue.
    assert ("You chose fact, but the words \u201cshameful\u201d are a judgement: people can "
            "agree or disagree, and no evidence could settle it.") in page_text(item(html, 3))
    assert "You chose" not in item(html, 1)  # a right answer needs no "why not"


def test_the_teacher_sees_the_same_why_not_on_the_attempt_page(client, classrooms, pupils,
                                                               class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    public_id = ada.take(info.id, assignment_id, ALL_FACT)
    text = page_text(client.get(f"/teacher/attempts/{public_id}"))
    assert "The student said fact; the answer is opinion." in text
    assert "You chose fact, but the words \u201cshameful\u201d are a judgement" in text


def test_right_answers_are_one_line_and_wrong_ones_open(client, student, class_set):
    html = client.get(practise(student, ONE_WRONG)).get_data(as_text=True)
    for number in (1, 2, 4):
        assert "<details>" in item(html, number) and "<summary>" in item(html, number)
    assert "<details" not in item(html, 3) and "Why-three" in item(html, 3)


def test_wrong_statements_are_marked_in_the_passage_not_by_colour_alone(client, student,
                                                                        class_set):
    html = client.get(practise(student, ONE_WRONG)).get_data(as_text=True)
    assert ('<span class="visually-hidden">Wrong: </span>'
            '<span class="statement-label wrong">3</span>') in html
    assert html.count('class="statement-label wrong"') == 1
    assert '<span class="statement-label">1</span>' in html


# Only my mistakes


def test_only_my_mistakes_lists_the_wrong_statements_and_links_back(client, student,
                                                                    class_set):
    url = practise(student, ONE_WRONG)
    everything = client.get(url).get_data(as_text=True)
    assert explained(everything) == [1, 2, 3, 4]
    link = re.search(r'<a href="([^"]+)">Show only my 1 mistake</a>', everything)
    assert link and link.group(1) == f"{url}?show=mistakes"

    mistakes = client.get(link.group(1)).get_data(as_text=True)
    assert explained(mistakes) == [3]
    assert "The council decides</h2>" not in mistakes  # a passage with no mistake is left out
    assert "Showing only your 1 mistake." in page_text(mistakes)
    back = re.search(r'<a href="([^"]+)">Show all 4 statements</a>', mistakes)
    assert back and back.group(1) == url
    assert explained(client.get(f"{url}?show=everything").get_data(as_text=True)) \
        == [1, 2, 3, 4]  # an unknown choice shows everything


def test_only_my_mistakes_with_none_says_so(client, student, class_set):
    url = practise(student, CLASS_SET_KEY)
    html = client.get(f"{url}?show=mistakes").get_data(as_text=True)
    assert explained(html) == []
    assert "You made no mistakes: every statement is answered right" in page_text(html)
    assert f'<a href="{url}">Show all 4 statements</a>' in html
