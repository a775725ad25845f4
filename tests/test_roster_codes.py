"""A way into the class that a classmate cannot take: each student's personal code and link,
printed on cards; the teacher sees who joined, from what and when, and can let a student
rejoin or remove someone who should not be in the class."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
import segno
from pages import csv_rows, page_text
from samples import CLASS_SET_KEY
from sqlalchemy import MetaData, func, select

from quiz.classes import CODE_ALPHABET, PERSONAL_CODE_LENGTH, describe_browser
from quiz.db import get_engine, get_session, upgrade_schema
from quiz.models import Answer, Attempt, Base, Student

ROSTER = b"name,student id\nAda Lovelace,S-1\nAlan Turing,S-2\nGrace Hopper,S-3\n"
CHROME_ON_ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                     "Gecko) Chrome/124.0.0.0 Mobile Safari/537.36")
USE_YOUR_CARD = ("To join as a name on your class list, use the personal code or link your "
                 "teacher gave you: the class code is not enough. If you don't have yours, ask "
                 "your teacher.")
DOES_NOT_WORK = ("That personal code does not work. It may be mistyped, or your teacher may have "
                 "given you a new card. Check it with your teacher.")


def upload(client, classroom_id: int, data: bytes = ROSTER):
    response = client.post(f"/teacher/classes/{classroom_id}/roster",
                           data={"roster": (io.BytesIO(data), "roster.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302, page_text(response)


def student(app, classroom_id: int, name: str) -> Student | None:
    with app.app_context():
        return get_session().scalar(select(Student).where(Student.classroom_id == classroom_id,
                                                          Student.name == name))


def join_with_link(pupil, code: str, **headers: str):
    """Open the card's link, then press the page's Join button."""
    page = pupil.client.get(f"/join/{code}", headers=headers)
    assert page.status_code == 200, page_text(page)
    return pupil.client.post(f"/join/{code}", headers=headers)


@pytest.fixture
def listed(client, classrooms):
    """Year 9 English with three students on its class list, none joined."""
    info = classrooms.create("Year 9 English")
    upload(client, info.id)
    return info


def test_every_student_on_a_class_list_gets_a_personal_code(app, listed):
    with app.app_context():
        codes = list(get_session().scalars(select(Student.personal_code)))
    assert len(codes) == 3 and len(set(codes)) == 3
    assert PERSONAL_CODE_LENGTH >= 10
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{{PERSONAL_CODE_LENGTH}}}", c) for c in codes)


def test_with_a_class_list_the_class_code_and_a_name_do_not_claim_the_entry(app, listed,
                                                                            pupils):
    intruder = pupils()
    refused = intruder.join(listed.code, "Ada Lovelace")
    assert refused.status_code == 400
    assert USE_YOUR_CARD in page_text(refused)
    assert student(app, listed.id, "Ada Lovelace").token is None
    assert intruder.client.get(f"/classes/{listed.id}").status_code == 404

    ada = pupils()
    code = student(app, listed.id, "Ada Lovelace").personal_code
    response = join_with_link(ada, code)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/classes/{listed.id}")
    welcome = page_text(ada.client.get(f"/classes/{listed.id}"))
    assert "Welcome, Ada Lovelace! You joined Year 9 English." in welcome
    assert student(app, listed.id, "Ada Lovelace").token is not None
    assert intruder.client.get(f"/classes/{listed.id}").status_code == 404


def test_a_personal_link_asks_before_joining(app, listed, pupils):
    """A link preview or a mail scanner opening the link must not use the card up."""
    code = student(app, listed.id, "Alan Turing").personal_code
    page = pupils().client.get(f"/join/{code}")
    assert page.status_code == 200
    text = page_text(page)
    assert "Join Year 9 English as Alan Turing" in text
    assert "If you are not Alan Turing, do not join: give the card back to your teacher." in text
    assert f'<form method="post" action="/join/{code}"' in page.get_data(as_text=True)
    assert student(app, listed.id, "Alan Turing").token is None


@pytest.mark.parametrize("typed", [
    lambda c: c, lambda c: c.lower(), lambda c: f"{c[:4]}-{c[4:8]}-{c[8:]}",
    lambda c: f" {c[:4]} {c[4:8]} {c[8:]} ",
])
def test_a_personal_code_can_be_typed_on_the_join_page(app, listed, pupils, typed):
    code = student(app, listed.id, "Grace Hopper").personal_code
    grace = pupils()
    assert 'action="/join/personal"' in grace.client.get("/join").get_data(as_text=True)
    response = grace.client.get("/join/personal", query_string={"code": typed(code)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{code}")
    assert join_with_link(grace, code).status_code == 302
    assert student(app, listed.id, "Grace Hopper").token is not None


def test_an_empty_typed_code_is_refused_on_the_join_page(listed, pupils):
    response = pupils().client.get("/join/personal", query_string={"code": " - "})
    assert response.status_code == 400
    assert "Type the personal code on your card." in page_text(response)


@pytest.mark.parametrize("code", ["ZZZZZZZZZZZZ", "ABCD-EFGH", "x" * 200])
def test_a_wrong_personal_code_is_refused_in_plain_words(app, listed, pupils, code):
    pupil = pupils()
    for response in (pupil.client.get(f"/join/{code}"), pupil.client.post(f"/join/{code}")):
        assert response.status_code == 404
        assert DOES_NOT_WORK in page_text(response)
    with app.app_context():
        assert get_session().scalar(select(func.count()).select_from(Student).where(
            Student.token.is_not(None))) == 0


def test_wrong_personal_codes_are_limited_per_address(listed, pupils):
    pupil = pupils()
    statuses = [pupil.client.get(f"/join/ZZZZZZZZZZ{n:02d}").status_code for n in range(31)]
    assert statuses == [404] * 30 + [429]


def test_a_used_card_is_refused_and_its_owner_goes_straight_in(app, listed, pupils):
    ada, other = pupils(), pupils()
    code = student(app, listed.id, "Ada Lovelace").personal_code
    assert join_with_link(ada, code, **{"User-Agent": CHROME_ON_ANDROID}).status_code == 302

    again = ada.client.get(f"/join/{code}")
    assert again.status_code == 302 and again.headers["Location"].endswith(
        f"/classes/{listed.id}")
    for refused in (other.client.get(f"/join/{code}"), other.client.post(f"/join/{code}")):
        assert refused.status_code == 409
        text = page_text(refused)
        assert "This card has already been used to join Year 9 English, on Chrome on Android" \
            in text
        assert "If that was not you, tell your teacher: they can let you rejoin with a new card." \
            in text
    assert other.client.get(f"/classes/{listed.id}").status_code == 404


def test_let_rejoin_gives_a_new_card_and_the_old_one_stops_working(app, client, listed, pupils,
                                                                  classrooms, class_set):
    assignment_id = classrooms.assign(listed.id, class_set)
    phone, laptop = pupils(), pupils()
    ada = student(app, listed.id, "Ada Lovelace")
    assert join_with_link(phone, ada.personal_code).status_code == 302
    public_id = phone.take(listed.id, assignment_id, CLASS_SET_KEY)

    response = client.post(f"/teacher/classes/{listed.id}/students/{ada.id}/rejoin",
                           follow_redirects=True)
    assert ("Ada Lovelace can join again with a new card: print it from Cards. The old card "
            "and link no longer work.") in page_text(response)
    assert phone.client.get(f"/classes/{listed.id}").status_code == 404
    old = laptop.client.get(f"/join/{ada.personal_code}")
    assert old.status_code == 404 and DOES_NOT_WORK in page_text(old)

    renewed = student(app, listed.id, "Ada Lovelace")
    assert renewed.personal_code != ada.personal_code
    assert join_with_link(laptop, renewed.personal_code).status_code == 302
    assert laptop.client.get(f"/attempts/{public_id}/result").status_code == 200
    assert student(app, listed.id, "Ada Lovelace").id == ada.id


@pytest.mark.parametrize(("agent", "described"), [
    (CHROME_ON_ANDROID, "Chrome on Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/17.4 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
    ("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "Chrome on iPad"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox on Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51", "Edge on Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0", "Opera on Windows"),
    ("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android"),
    ("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
     "Firefox on Android"),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36", "Chrome on ChromeOS"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4 Safari/605.1.15", "Safari on Mac"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox on Linux"),
    ("curl/8.5.0", "an unknown browser"), ("", "an unknown browser"),
    ("<script>alert(1)</script>" * 50, "an unknown browser"),
])
def test_describe_browser(agent, described):
    assert describe_browser(agent) == described


def test_the_class_page_shows_who_joined_from_what_and_when(app, client, listed, pupils):
    ada = student(app, listed.id, "Ada Lovelace")
    assert join_with_link(pupils(), ada.personal_code,
                          **{"User-Agent": CHROME_ON_ANDROID}).status_code == 302
    page = client.get(f"/teacher/classes/{listed.id}")
    text = page_text(page)
    assert re.search(r"Ada Lovelace S-1 yes, \d\d \w{3} \d{4} \d\d:\d\d on Chrome on Android",
                     text), text
    assert "Alan Turing S-2 not yet" in text
    assert "Mozilla" not in page.get_data(as_text=True)
    assert ada.personal_code not in page.get_data(as_text=True)  # the page may be projected
    with app.app_context():
        stored = get_session().get(Student, ada.id)
        assert stored.joined_from == "Chrome on Android"


def test_without_a_class_list_the_first_to_join_is_seen_and_can_be_removed(
        app, client, classrooms, pupils, class_set):
    info = classrooms.create("Year 9 English")
    assignment_id = classrooms.assign(info.id, class_set)
    intruder, ada = pupils(), pupils()
    assert intruder.join(info.code, "Ada Lovelace").status_code == 302
    intruder.take(info.id, assignment_id, {**CLASS_SET_KEY, 1: "opinion"})
    intruder.begin(info.id, assignment_id)  # a second attempt, still open
    assert ada.join(info.code, "Ada Lovelace").status_code == 400
    joined = student(app, info.id, "Ada Lovelace")

    page = page_text(client.get(f"/teacher/classes/{info.id}"))
    assert re.search(r"Ada Lovelace yes, \d\d \w{3} \d{4} \d\d:\d\d on an unknown browser", page)
    assert ("Remove is for someone who should not be in the class: they can no longer open it, "
            "and they leave the results and the grades. Their attempts are kept") in page

    confirm = client.get(f"/teacher/classes/{info.id}/students/{joined.id}/remove")
    assert confirm.status_code == 200
    text = page_text(confirm)
    assert "Remove Ada Lovelace from Year 9 English?" in text
    assert ("Their 2 attempts (1 submitted) are kept for the record: you can still open them "
            "under Removed students on the class page.") in text
    assert "nobody can join as Ada Lovelace" in text
    assert student(app, info.id, "Ada Lovelace").removed_at is None  # asking changed nothing

    removed = client.post(f"/teacher/classes/{info.id}/students/{joined.id}/remove",
                          follow_redirects=True)
    assert ("Ada Lovelace is removed from the class; their 2 attempts are kept for the "
            "record.") in page_text(removed)
    with app.app_context():
        session = get_session()
        assert session.scalar(select(func.count()).select_from(Attempt)) == 2
        assert session.scalar(select(func.count()).select_from(Answer)) == 4
        kept = session.get(Student, joined.id)
        assert kept.removed_at is not None and kept.token is None
    assert intruder.client.get(f"/classes/{info.id}").status_code == 404
    grades = csv_rows(client.get(f"/teacher/classes/{info.id}/grades.csv"))
    assert all("Ada Lovelace" not in row for row in grades)

    # The name stays the removed student's: the real Ada is told to ask the teacher.
    refused = ada.join(info.code, "Ada Lovelace")
    assert refused.status_code == 400
    assert ("Your teacher has taken Ada Lovelace out of this class, so nobody can join with "
            "that name now. If you should be in the class, ask your teacher.") in \
        page_text(refused)


def test_a_student_of_another_class_cannot_be_removed_here(app, client, classrooms, pupils):
    mine, other = classrooms.create("Mine"), classrooms.create("Other")
    assert pupils().join(other.code, "Ada").status_code == 302
    ada = student(app, other.id, "Ada")
    url = f"/teacher/classes/{mine.id}/students/{ada.id}/remove"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert student(app, other.id, "Ada") is not None


def test_a_removed_student_of_the_class_list_stays_removed_when_the_list_comes_again(
        app, client, listed):
    alan = student(app, listed.id, "Alan Turing")
    client.post(f"/teacher/classes/{listed.id}/students/{alan.id}/remove")
    response = client.post(f"/teacher/classes/{listed.id}/roster",
                           data={"roster": (io.BytesIO(ROSTER), "roster.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert ("Class list read: 3 students, 0 new. Students on the list now join with their own "
            "card: print the cards from Students. Still removed: Alan Turing. A class list does "
            "not bring back a student you removed: press Put back under Removed students for "
            "that.") in page_text(response)
    assert student(app, listed.id, "Alan Turing").removed_at is not None
    back = client.post(f"/teacher/classes/{listed.id}/students/{alan.id}/put-back",
                       follow_redirects=True)
    assert ("Alan Turing is back in the class, with their attempts. They join again with a new "
            "card: print it from Card.") in page_text(back)
    returned = student(app, listed.id, "Alan Turing")
    assert returned.removed_at is None
    assert returned.personal_code not in (None, alan.personal_code)


def card_texts(html: str) -> list[str]:
    return [page_text(card) for card in re.findall(r'<article class="join-card".*?</article>',
                                                   html, re.S)]


def test_the_cards_page_has_a_card_per_student_with_link_code_and_qr(app, client, listed):
    response = client.get(f"/teacher/classes/{listed.id}/cards")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    cards = card_texts(html)
    assert len(cards) == 3
    for name, card in zip(("Ada Lovelace", "Alan Turing", "Grace Hopper"), cards, strict=True):
        code = student(app, listed.id, name).personal_code
        link = f"http://localhost/join/{code}"
        shown = f"{code[:4]}-{code[4:8]}-{code[8:]}"
        assert card.startswith(f"{name} Year 9 English"), card
        assert link in card and shown in card, card
    for name in ("Ada Lovelace", "Alan Turing", "Grace Hopper"):
        code = student(app, listed.id, name).personal_code
        qr = segno.make(f"http://localhost/join/{code}", error="m")
        path = re.search(r'd="([^"]+)"', qr.svg_inline()).group(1)
        assert f'd="{path}"' in html  # this card's QR code is of this card's link
    assert "<script" not in html and "<img" not in html
    assert html.count("<svg") == 3


def test_the_cards_page_prints_one_card_when_asked(app, client, listed):
    alan = student(app, listed.id, "Alan Turing")
    html = client.get(f"/teacher/classes/{listed.id}/cards",
                      query_string={"student": alan.id}).get_data(as_text=True)
    [card] = card_texts(html)
    assert card.startswith("Alan Turing Year 9 English")


def test_the_stylesheet_lays_the_cards_out_for_printing(app, client):
    response = client.get("/static/style.css")
    css = response.get_data(as_text=True)
    response.close()
    print_rules = css[css.index("@media print"):]
    assert ".join-card" in print_rules and "break-inside: avoid" in print_rules


# -- The migration -------------------------------------------------------------------------

def test_the_migration_gives_every_student_a_personal_code(app):
    with app.app_context():
        engine = get_engine()
        Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        try:
            upgrade_schema("0003")
            with engine.begin() as connection:
                _students_at_0003(connection)
            upgrade_schema("0004")
            with engine.connect() as connection:
                codes = [row[0] for row in connection.exec_driver_sql(
                    "SELECT personal_code FROM student ORDER BY id")]
        finally:
            with engine.begin() as connection:
                reflected = MetaData()
                reflected.reflect(connection)
                reflected.drop_all(connection)
    assert len(codes) == 5 and len(set(codes)) == 5
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{{PERSONAL_CODE_LENGTH}}}", c) for c in codes)


def _students_at_0003(connection) -> None:
    """A teacher, a class and five students, two of them on the class list, written with the
    tables as revision 0003 made them."""
    tables = MetaData()
    tables.reflect(connection)
    t = tables.tables
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    now = now.replace(tzinfo=None) if connection.dialect.name == "sqlite" else now
    connection.execute(t["teacher"].insert(), [{
        "id": 1, "email": "a@school.example", "password_hash": "x", "created_at": now}])
    connection.execute(t["classroom"].insert(), [{
        "id": 1, "teacher_id": 1, "name": "Y9", "join_code": "KMF7Q2XH", "archived": False,
        "created_at": now}])
    connection.execute(t["student"].insert(), [
        {"id": n, "classroom_id": 1, "name": f"S {n}", "name_key": f"s {n}",
         "on_roster": n % 2 == 0, "created_at": now} for n in range(1, 6)])
