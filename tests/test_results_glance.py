"""An assignment's results at a glance: the headline, the hardest statements, who has not
started, the student table's sort orders and the score chart's bands."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from actors import TeacherActions
from pages import page_text
from samples import CLASS_SET_KEY
from sqlalchemy import select

from quiz import analysis
from quiz.class_results import AssignmentResults, StudentResult, sort_students
from quiz.db import get_session
from quiz.models import Attempt, Student, utcnow
from quiz.names import name_key

# The key is 1 fact, 2 speculation, 3 opinion, 4 speculation.
# Ada and Ben score 2 of 4 each (average 50%); Cleo has not started. Statements whose answer
# is speculation (2 and 4) were answered 4 times, twice as fact: 50%, the largest share off
# the diagonal (opinion, read once as fact and once as speculation, ties at 50% but comes
# after speculation in label order; statement 1 was never misread).
# Facility: 1: 100%, 2: 50%, 3: 0%, 4: 50%, so the hardest are 3, then 2 and 4 in file order.
ADA_HALF = {1: "fact", 2: "speculation", 3: "fact", 4: "fact"}
BEN_HALF = {1: "fact", 2: "fact", 3: "speculation", 4: "speculation"}
ALL_WRONG = {1: "opinion", 2: "opinion", 3: "fact", 4: "opinion"}
THREE_RIGHT = {**CLASS_SET_KEY, 4: "fact"}
HEADLINE = ("2 of 3 done · average 50% · this class reads speculation as fact 50% of the "
            "time")


def results_url(assignment_id: int, **query: str) -> str:
    return f"/teacher/assignments/{assignment_id}" + (f"?{urlencode(query)}" if query else "")


def results_page(client, assignment_id: int, **query: str) -> str:
    response = client.get(results_url(assignment_id, **query))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def change_attempt(app, public_id: str, **changes) -> None:
    """Change one stored attempt directly: its times, or a teacher's mark."""
    with app.app_context():
        session = get_session()
        attempt = session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        for name, value in changes.items():
            setattr(attempt, name, value)
        session.commit()


def headline_class(classrooms, pupils, class_set):
    """Ada and Ben done with 2 of 4 each, Cleo not started: the class, the assignment's id
    and the attempts' public ids."""
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set)
    taken = {}
    for name, labels in (("Ada Lovelace", ADA_HALF), ("Ben Okri", BEN_HALF)):
        pupil = pupils()
        pupil.join(info.code, name)
        taken[name] = pupil.take(info.id, assignment_id, labels)
    pupils().join(info.code, "Cleo Park")
    return info, assignment_id, taken


def test_the_headline_counts_averages_and_names_the_mix_up(client, classrooms, pupils,
                                                            class_set):
    _, assignment_id, _ = headline_class(classrooms, pupils, class_set)
    html = results_page(client, assignment_id)
    assert f'<p class="glance">{HEADLINE}</p>' in html


def test_the_three_hardest_come_first_with_their_wrong_answer_and_link(
        client, classrooms, pupils, class_set):
    _, assignment_id, _ = headline_class(classrooms, pupils, class_set)
    html = results_page(client, assignment_id)
    assert html.count("The three hardest statements") == 1
    hardest = re.search(r"The three hardest statements</h3>.*?</ol>", html, re.S).group(0)
    assert html.index(hardest) < html.index('id="students-heading"')
    assert re.findall(r'href="([^"]+)"', hardest) == [
        "/teacher/sets/bridge#statement-3", "/teacher/sets/bridge#statement-2",
        "/teacher/sets/bridge#statement-4"]
    text = page_text(hardest)
    assert ("Statement 3: “Closing it is a shameful waste” — 0% right; most often read as "
            "fact.") in text
    assert ("Statement 2: “Engineers suspect the cables are rusting” — 50% right; most often "
            "read as fact.") in text


def test_marks_the_teacher_changed_count_and_removed_students_do_not(
        app, client, classrooms, pupils, class_set):
    info, assignment_id, taken = headline_class(classrooms, pupils, class_set)
    dev = pupils()
    dev.join(info.code, "Dev Patel")
    dev.take(info.id, assignment_id, CLASS_SET_KEY)
    change_attempt(app, taken["Ada Lovelace"], override_score=4,
                   override_reason="Argued statement 3 well in class")
    with app.app_context():
        session = get_session()
        session.scalar(select(Student).where(Student.name == "Dev Patel")).removed_at = utcnow()
        session.commit()
    html = results_page(client, assignment_id)
    # Ada counts 4 of 4, Ben 2 of 4: 75%. Dev (all right) is in neither the count, the
    # average nor the mix-up, which would otherwise fall to 2 of 6 = 33%.
    assert ('<p class="glance">2 of 3 done · average 75% · this class reads speculation '
            "as fact 50% of the time</p>") in html
    assert "Ada Lovelace done 4 of 4 (100%) your mark" in page_text(html)
    assert "Dev Patel" not in html


def test_students_not_started_are_listed_apart(client, classrooms, pupils, class_set):
    _, assignment_id, _ = headline_class(classrooms, pupils, class_set)
    html = results_page(client, assignment_id)
    table = re.search(r'id="students-heading".*?</table>', html, re.S).group(0)
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Ada Lovelace", "Ben Okri"]
    assert "Not started yet: Cleo Park." in page_text(html)


# The class for sorting: per student, the attempts (the last counts, with "best" counting
# as the first scores 0) and minutes taken over the one that counts. Abe and Dev are still
# working on theirs; Eve and Finn have not started.
SORT_CLASS = {
    "Abe Cole": ([], None),
    "Ada Lovelace": ([ADA_HALF], 3),
    "Ben Okri": ([ALL_WRONG, CLASS_SET_KEY], 1),
    "Cleo Park": ([THREE_RIGHT], 9),
    "Dev Patel": ([], None),
}
# Scores: Ada 50%, Cleo 75%, Ben 100%; ties keep name order, and rows with no score or time
# come last whichever way.
ORDERS = {
    ("name", "asc"): ["Abe Cole", "Ada Lovelace", "Ben Okri", "Cleo Park", "Dev Patel"],
    ("name", "desc"): ["Dev Patel", "Cleo Park", "Ben Okri", "Ada Lovelace", "Abe Cole"],
    ("status", "asc"): ["Ada Lovelace", "Ben Okri", "Cleo Park", "Abe Cole", "Dev Patel"],
    ("status", "desc"): ["Abe Cole", "Dev Patel", "Ada Lovelace", "Ben Okri", "Cleo Park"],
    ("score", "asc"): ["Ada Lovelace", "Cleo Park", "Ben Okri", "Abe Cole", "Dev Patel"],
    ("score", "desc"): ["Ben Okri", "Cleo Park", "Ada Lovelace", "Abe Cole", "Dev Patel"],
    ("attempts", "asc"): ["Abe Cole", "Ada Lovelace", "Cleo Park", "Dev Patel", "Ben Okri"],
    ("attempts", "desc"): ["Ben Okri", "Abe Cole", "Ada Lovelace", "Cleo Park", "Dev Patel"],
    ("time", "asc"): ["Ben Okri", "Ada Lovelace", "Cleo Park", "Abe Cole", "Dev Patel"],
    ("time", "desc"): ["Cleo Park", "Ada Lovelace", "Ben Okri", "Abe Cole", "Dev Patel"],
}
SCORES = {"Ada Lovelace": 2, "Ben Okri": 4, "Cleo Park": 3}


def sort_class(app, classrooms, pupils, class_set) -> int:
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set, counting="best")
    for name, (takes, minutes) in SORT_CLASS.items():
        pupil = pupils()
        pupil.join(info.code, name)
        public_id = None
        for labels in takes:
            public_id = pupil.take(info.id, assignment_id, labels)
        if public_id is None:
            pupil.begin(info.id, assignment_id)
        else:
            submitted = utcnow()
            change_attempt(app, public_id, submitted_at=submitted,
                           started_at=submitted - timedelta(minutes=minutes))
    for name in ("Finn Hale", "Eve Stone"):
        pupils().join(info.code, name)
    return assignment_id


def transient_rows() -> list[StudentResult]:
    """SORT_CLASS as unsaved rows, in no particular order."""
    rows = []
    submitted = datetime(2025, 3, 1, 10, 0)
    for name, (takes, minutes) in reversed(SORT_CLASS.items()):
        attempts = [Attempt(number=n, max_score=4, started_at=submitted,
                            submitted_at=None, score=None) for n in range(1, len(takes) + 1)]
        counted = None
        if takes:
            counted = attempts[-1]
            counted.score, counted.submitted_at = SCORES[name], submitted
            counted.started_at = submitted - timedelta(minutes=minutes)
        else:
            attempts = [Attempt(number=1, max_score=4, started_at=submitted)]
        rows.append(StudentResult(Student(name=name, name_key=name_key(name)), attempts,
                                  counted))
    return rows


@pytest.mark.parametrize(("sort", "order"), ORDERS)
def test_sorting_the_student_table(sort, order):
    rows = sort_students(transient_rows(), sort, order)
    assert [r.student.name for r in rows] == ORDERS[sort, order]


@pytest.mark.parametrize(("sort", "order", "expected"), [
    ("password", "desc", ("name", "desc")), ("score", "sideways", ("score", "asc")),
    ("", "", ("name", "asc"))])
def test_an_unknown_column_or_order_falls_back(sort, order, expected):
    rows = sort_students(transient_rows(), sort, order)
    assert [r.student.name for r in rows] == ORDERS[expected]


def table_names(html: str) -> list[str]:
    table = re.search(r'id="students-heading".*?</table>', html, re.S).group(0)
    return re.findall(r'<th scope="row">([^<]+)</th>', table)


def sorted_header(html: str) -> tuple[str, str, dict[str, list[str]]]:
    """The one column marked sorted: its direction, its heading and its link's query."""
    marked = re.findall(r'<th scope="col" aria-sort="(\w+)"><a href="([^"]+)">([^<]+)</a>',
                        html)
    assert len(marked) == 1, marked
    direction, href, heading = marked[0]
    return direction, heading, parse_qs(urlsplit(href.replace("&amp;", "&")).query)


HEADINGS = {"name": "Student", "status": "Status", "score": "Score", "attempts": "Attempts",
            "time": "Time taken"}


def test_each_column_header_sorts_the_page(app, client, classrooms, pupils, class_set):
    assignment_id = sort_class(app, classrooms, pupils, class_set)
    for (sort, order), names in ORDERS.items():
        html = results_page(client, assignment_id, sort=sort, order=order)
        assert table_names(html) == names, (sort, order)
        direction, heading, query = sorted_header(html)
        assert (direction, heading) == ({"asc": "ascending", "desc": "descending"}[order],
                                        HEADINGS[sort])
        # Its link sorts the other way; the page does not depend on script for any of it.
        assert query == {"sort": [sort], "order": ["desc" if order == "asc" else "asc"]}
    assert "Not started yet: Eve Stone, Finn Hale." in page_text(html)


def test_a_forged_sort_gives_the_default_order(app, client, classrooms, pupils, class_set):
    assignment_id = sort_class(app, classrooms, pupils, class_set)
    for query in ({"sort": "password"}, {"sort": "score", "order": "up"},
                  {"sort": "<script>", "order": "desc"},
                  {"sort": "name", "order": "desc'"}, {}):
        html = results_page(client, assignment_id, **query)
        assert table_names(html) == ORDERS["name", "asc"], query
        assert sorted_header(html)[:2] == ("ascending", "Student"), query


def test_the_chart_labels_each_band_by_its_range(app, client, classrooms, pupils, class_set):
    assignment_id = sort_class(app, classrooms, pupils, class_set)
    svg = re.search(r"<svg.*?</svg>", results_page(client, assignment_id), re.S).group(0)
    labels = re.findall(r'class="band"[^>]*>([^<]*)<', svg)
    counts = re.findall(r'class="count"[^>]*>([^<]*)<', svg)
    assert labels == ["0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79",
                      "80–89", "90–100"]
    # Ben's 100% stands in the top band, Cleo's 75% in 70–79, Ada's 50% in 50–59.
    assert dict(zip(labels, counts, strict=True)) == {
        **dict.fromkeys(labels, ""), "50–59": "1", "70–79": "1", "90–100": "1"}
    assert "Score (% correct)" in svg


def test_band_labels_follow_the_distribution():
    bands = AssignmentResults([], analysis.distribution([100, 90, 89.9, 0]), None, [], None,
                              [], 0).bands
    assert [(b.label, b.count) for b in bands if b.count] == [("0–9", 1), ("80–89", 1),
                                                              ("90–100", 2)]


def results_of(rows: list[StudentResult], confusion: analysis.Confusion | None):
    return AssignmentResults(rows, [], None, [], confusion, [], 0)


LABELS = ("fact", "speculation", "opinion")


def test_the_headline_leaves_out_what_it_cannot_say():
    rows = transient_rows()
    not_done = [r for r in rows if r.counted is None]
    assert results_of(not_done, None).headline() == "0 of 2 done"
    right = analysis.Confusion(LABELS, {("fact", "fact"): 3, ("opinion", "opinion"): 3})
    assert results_of(rows, right).headline() == "3 of 5 done · average 75%"
    assert results_of([], None).headline() is None


def test_another_teacher_cannot_see_the_results(app, classrooms, pupils, class_set):
    _, assignment_id, _ = headline_class(classrooms, pupils, class_set)
    other = TeacherActions(app, app.test_client())
    other.create("other@school.example")
    other.login("other@school.example")
    for query in ({}, {"sort": "score", "order": "desc"}):
        assert other.client.get(results_url(assignment_id, **query)).status_code == 404
