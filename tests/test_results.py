"""An assignment's results for the teacher: scores, their spread and how each statement went."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from pages import page_text
from samples import CLASS_SET_KEY
from sqlalchemy import select

from quiz.db import get_session
from quiz.models import Attempt

# The attempt that counts for each student; the key is 1 fact, 2 speculation, 3 opinion,
# 4 speculation. Right (1) or wrong (0) per statement, and the total:
#              1  2  3  4   total
#   Ada        1  1  1  1   4  (100%)
#   Ben        1  1  1  0   3  (75%)
#   Cleo       1  0  1  0   2  (50%)
#   Dev        1  0  0  1   2  (50%)
#   Eve        0  0  0  0   0  (0%)
COUNTED = {
    "Ada Lovelace": CLASS_SET_KEY,
    "Ben Okri": {1: "fact", 2: "speculation", 3: "opinion", 4: "fact"},
    "Cleo Park": {1: "fact", 2: "fact", 3: "opinion", 4: "fact"},
    "Dev Patel": {1: "fact", 2: "fact", 3: "speculation", 4: "speculation"},
    "Eve Stone": {1: "opinion", 2: "fact", 3: "fact", 4: "fact"},
}
# Ada's first attempt scores 0; with "best" counting it must not count anywhere.
ADA_FIRST = {1: "opinion", 2: "opinion", 3: "fact", 4: "opinion"}

# Facility (share right): 1: 4/5 = 80%, 2: 2/5 = 40%, 3: 3/5 = 60%, 4: 2/5 = 40%.
# Discrimination: Pearson r of the item (x) with the rest of the test (y = total - x).
#   1: x = 1,1,1,1,0 (mean .8), y = 3,2,1,1,0 (mean 1.4); Σdx·dy = .2(1.6+.6-.4-.4)
#      + (-.8)(-1.4) = 1.4; Σdx² = .8; Σdy² = 2.56+.36+.16+.16+1.96 = 5.2;
#      r = 1.4 / √(.8 · 5.2) = 1.4 / 2.0396 = 0.69
#   2: x = 1,1,0,0,0 (.4), y = 3,2,2,2,0 (1.8); Σdx·dy = .72+.12-.08-.08+.72 = 1.4;
#      Σdx² = 1.2; Σdy² = 1.44+.04+.04+.04+3.24 = 4.8; r = 1.4 / √5.76 = 0.58
#   3: x = 1,1,1,0,0 (.6), y = 3,2,1,2,0 (1.6); Σdx·dy = .56+.16-.24-.24+.96 = 1.2;
#      Σdx² = 1.2; Σdy² = 1.96+.16+.36+.16+2.56 = 5.2; r = 1.2 / √6.24 = 0.48
#   4: x = 1,0,0,1,0 (.4), y = 3,3,2,1,0 (1.8); Σdx·dy = .72-.48-.08-.48+.72 = .4;
#      Σdx² = 1.2; Σdy² = 1.44+1.44+.04+.64+3.24 = 6.8; r = .4 / √8.16 = 0.14
# Most common wrong answer: 1: opinion (Eve); 2: fact (Cleo, Dev, Eve); 3: speculation
#   (Dev) and fact (Eve) tie, so the first in label order, fact; 4: fact (Ben, Cleo, Eve).
ITEM_ROWS = [
    "1 The council said the bridge will close in May 80% 0.69 opinion (1)",
    "2 Engineers suspect the cables are rusting 40% 0.58 fact (3)",
    "3 Closing it is a shameful waste 60% 0.48 fact (1)",
    "4 Repairs could take a year 40% 0.14 fact (3)",
]
# Confusion, rows the correct label (statements 1 | 2 and 4 | 3), columns the choice:
#   fact:        fact 4, speculation 0, opinion 1          -> 80%, 0%, 20% of 5
#   speculation: fact 3+3, speculation 2+2, opinion 0      -> 60%, 40%, 0% of 10
#   opinion:     fact 1, speculation 1, opinion 3          -> 20%, 20%, 60% of 5
# The largest share off the diagonal is speculation read as fact, 60%.
CONFUSION_ROWS = [
    "fact 80% (4) 0% (0) 20% (1)",
    "speculation 60% (6) 40% (4) 0% (0)",
    "opinion 20% (1) 20% (1) 60% (3)",
]
# Percent scores 100, 75, 50, 50, 0 in bands of ten: 0–9: 1, 50–59: 2, 70–79: 1, 90–100: 1.
BANDS = [1, 0, 0, 0, 0, 2, 0, 1, 0, 1]


@pytest.fixture
def results(app, classrooms, pupils, class_set):
    """A class of seven: five submitted (Ada twice), Gail in progress, Finn not started."""
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set, counting="best")
    public_ids = {}
    for name, labels in COUNTED.items():
        pupil = pupils()
        pupil.join(info.code, name)
        if name == "Ada Lovelace":
            pupil.take(info.id, assignment_id, ADA_FIRST)
        public_ids[name] = pupil.take(info.id, assignment_id, labels)
    pupils().join(info.code, "Finn Hale")
    gail = pupils()
    gail.join(info.code, "Gail Ito")
    gail.begin(info.id, assignment_id)
    with app.app_context():  # Ada took 5 min 7 s over the attempt that counts
        session = get_session()
        ada = session.scalar(select(Attempt).where(
            Attempt.public_id == public_ids["Ada Lovelace"]))
        ada.started_at = ada.submitted_at - timedelta(minutes=5, seconds=7)
        session.commit()
    return {"classroom_id": info.id, "assignment_id": assignment_id, "public_ids": public_ids}


def results_page(client, results) -> str:
    response = client.get(f"/teacher/assignments/{results['assignment_id']}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def section(html: str, pattern: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return match.group(0)


def test_each_students_score_attempts_and_time(client, results):
    html = results_page(client, results)
    text = page_text(section(html, r'id="students-heading".*?</table>'))
    assert "Student Status Score Attempts Time taken" in text
    assert "Ada Lovelace done 4 of 4 (100%) 2 5 min 7 s" in text
    assert "Ben Okri done 3 of 4 (75%) 1" in text
    assert "Cleo Park done 2 of 4 (50%) 1" in text
    assert "Eve Stone done 0 of 4 (0%) 1" in text
    assert "Gail Ito in progress — 1 —" in text
    names = re.findall(r"(\w+ \w+) (?:done|not started|in progress)", text)
    assert names == ["Ada Lovelace", "Ben Okri", "Cleo Park", "Dev Patel", "Eve Stone",
                     "Gail Ito"]
    # Finn, who has not started, is listed under the table rather than in it.
    assert "Not started yet: Finn Hale." in page_text(html)


def test_the_score_distribution_chart_and_its_table(client, results):
    html = results_page(client, results)
    svg = section(html, r"<svg.*?</svg>")
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert len(re.findall(r"<rect\b", svg)) == 10
    tallest = max(heights)  # each bar's height is in proportion to its count
    assert tallest > 0 and heights == [tallest * count / max(BANDS) for count in BANDS]
    table = page_text(section(html, r"<summary>The same as a table</summary>.*?</table>"))
    ranges = [f"{10 * i}–{10 * i + 9}" for i in range(9)] + ["90–100"]
    expected = " ".join(f"{band}% {count}" for band, count in zip(ranges, BANDS, strict=True))
    assert table.endswith(expected), table


def test_item_analysis_facility_discrimination_and_common_wrong_answer(client, results):
    html = results_page(client, results)
    text = page_text(section(html, r'id="items-heading".*?</table>'))
    assert "From the attempt that counts for each of 5 students, on version 1 of the set." \
        in text
    body = text.split("Most common wrong answer", 1)[1]
    assert body.strip() == " ".join(ITEM_ROWS)


def test_the_confusion_headline_and_cells(client, results):
    html = results_page(client, results)
    glance = page_text(section(html, r'<p class="glance">.*?</p>'))
    assert glance.endswith("this class reads speculation as fact 60% of the time"), glance
    table = page_text(section(html, r'<table class="confusion">.*?</table>'))
    assert table.endswith(" ".join(CONFUSION_ROWS)), table


def test_the_three_hardest_statements_link_to_the_set(client, results):
    html = results_page(client, results)
    hardest = section(html, r"The three hardest statements</h3>.*?</ol>")
    # Facility 40% (2 and 4, in file order), then 60% (3).
    assert re.findall(r'href="([^"]+)"', hardest) == [
        "/teacher/sets/bridge#statement-2", "/teacher/sets/bridge#statement-4",
        "/teacher/sets/bridge#statement-3"]
    text = page_text(hardest)
    assert ("Statement 2: “Engineers suspect the cables are rusting” — 40% right; most often "
            "read as fact.") in text
    assert "Statement 3: “Closing it is a shameful waste” — 60% right" in text
    key = client.get("/teacher/sets/bridge").get_data(as_text=True)
    assert all(f'id="statement-{n}"' in key for n in (2, 3, 4))


def test_one_students_attempt_in_detail(client, results):
    public_id = results["public_ids"]["Eve Stone"]
    html = results_page(client, results)
    assert f'<a href="/teacher/attempts/{public_id}">0 of 4</a>' in html
    text = page_text(client.get(f"/teacher/attempts/{public_id}"))
    assert "Eve Stone: attempt 1" in text
    assert "0 of 4 correct (0%)" in text
    assert "The student said opinion; the answer is fact." in text
    assert "The student said fact; the answer is speculation." in text
    assert "The student said fact; the answer is opinion." in text
    for why in ("Why-one", "Why-two", "Why-three", "Why-four"):
        assert why in text


def test_nothing_submitted_yet(client, classrooms, pupils, class_set):
    info = classrooms.create()
    assignment_id = classrooms.assign(info.id, class_set)
    ada = pupils()
    ada.join(info.code, "Ada Lovelace")
    ada.begin(info.id, assignment_id)
    html = client.get(f"/teacher/assignments/{assignment_id}").get_data(as_text=True)
    text = page_text(html)
    assert "No one has submitted this assignment yet. Results appear here as students finish." \
        in text
    assert "Ada Lovelace in progress — 1 —" in text
    assert "<svg" not in html and "Item analysis" not in text and "confuses" not in text
