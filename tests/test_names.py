"""Names that look the same are the same name, or refused: quiz/names.py, then joining and
class lists through the pages."""

from __future__ import annotations

import io
import time

import pytest
from pages import page_text
from sqlalchemy import select

from quiz import names
from quiz.db import get_session
from quiz.models import Student
from quiz.roster import RosterError, name_key, parse_roster

CYRILLIC_ALICE = "\u0410lice"  # CYRILLIC CAPITAL LETTER A, then Latin "lice"


@pytest.mark.parametrize(("typed", "cleaned"), [
    ("Alice\u200b", "Alice"),  # a zero-width space
    ("\u202eAlice\u202c", "Alice"),  # a right-to-left override and its pop
    ("Al\u2067ice\u2069", "Alice"),  # an isolate
    ("\u200fAlice\u200e", "Alice"),  # right-to-left and left-to-right marks
    ("\ufeffAlice\u2060", "Alice"),  # a byte-order mark, a word joiner
    ("Ada\x07\x1b Lovelace", "Ada Lovelace"),  # control characters
    ("Ａｌｉｃｅ", "Alice"),  # full-width forms
    ("ｱﾘｽ", "アリス"),  # half-width katakana
    ("\ufb01ona", "fiona"),  # the "fi" ligature
    ("Zoe\u0308", "Zoë"),  # composed
    ("  Ada \t\n Lovelace\u00a0 ", "Ada Lovelace"),  # white space squashed
    ("Ada\u3000\u2003Lovelace", "Ada Lovelace"),  # ideographic and em spaces
    ("Ada \u200b Lovelace", "Ada Lovelace"),  # no double space where an invisible was
    (CYRILLIC_ALICE, CYRILLIC_ALICE),  # a real letter: kept, refused as a look-alike
    ("李小龙", "李小龙"), ("Ζωή", "Ζωή"), ("Jürgen Straße", "Jürgen Straße"),
    ("\u200b\u200d\u202e\u2066\ufeff", ""),  # only invisible characters: nothing
])
def test_clean_name(typed, cleaned):
    assert names.clean_name(typed) == cleaned
    assert names.clean_name(cleaned) == cleaned


def test_name_key_folds_case_after_cleaning():
    for typed in ("Alice", "ALICE\u200b", "ａｌｉｃｅ"):
        assert names.name_key(typed) == "alice"
    assert names.name_key("Jürgen Straße") == "jürgen strasse"
    assert name_key("\u202eAda  Lovelace") == "ada lovelace"  # quiz/roster.py uses it


@pytest.mark.parametrize(("first", "second"), [
    ("Alice", CYRILLIC_ALICE),
    ("alice", CYRILLIC_ALICE),  # case does not matter either
    ("Olga", "\u039flga"),  # GREEK CAPITAL LETTER OMICRON
    ("Ivan Petrov", "\u0406van Petrov"),  # CYRILLIC ... BYELORUSSIAN-UKRAINIAN I
    ("paypal", "\u0440\u0430ypal"),  # Cyrillic er and a
    ("Alice", "Alice\u200b"),  # the same once cleaned
    ("Amie", "Arnie"),  # UTS #39 reads "rn" as "m"
])
def test_names_that_look_alike(first, second):
    assert names.look_alike(first, second)
    assert names.look_alike(second, first)


@pytest.mark.parametrize(("first", "second"), [
    ("Alice", "Alicia"), ("Ann", "Anne"), ("Jose", "José"), ("Zoe", "Zoë"),
    ("Li Wei", "Li Wen"), ("Ada Lovelace", "Ada Lovelace 2"), ("Ζωή", "Ζωη"),
])
def test_names_that_do_not(first, second):
    assert not names.look_alike(first, second)


def test_look_alike_groups_keep_the_order_of_the_names():
    groups = names.look_alike_groups(["Alice", "Ben", CYRILLIC_ALICE, "ben", "Cleo"])
    assert groups == [["Alice", CYRILLIC_ALICE], ["Ben", "ben"]]


def test_spelt_with_names_the_characters_that_differ():
    assert names.spelt_with(CYRILLIC_ALICE, "Alice") == "the Cyrillic capital letter A"
    assert names.spelt_with("\u0440\u0430ypal", "paypal") == \
        "the Cyrillic small letter er and the Cyrillic small letter a"


def test_a_thousand_names_are_compared_at_once():
    many = [f"Student {n}" for n in range(1_000)] + [f"Stud\u0435nt {n}" for n in range(1_000)]
    started = time.perf_counter()
    groups = names.look_alike_groups(many)
    assert time.perf_counter() - started < 1.0
    assert len(groups) == 1_000


# -- Class lists ---------------------------------------------------------------------------

def roster_problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(RosterError) as raised:
        parse_roster(text)
    return [(p.line, p.message) for p in raised.value.problems]


def test_a_class_list_stores_names_cleaned():
    entries = parse_roster("name\n\u202eAda\u200b Lovelace\nＢｅｎ Okri\n")
    assert [e.name for e in entries] == ["Ada Lovelace", "Ben Okri"]


def test_a_class_list_reports_look_alike_names_with_both_lines():
    text = f"name\nAlice\nBen\n{CYRILLIC_ALICE}\nAlice\u200b\n\u200b\u200d\n"
    assert roster_problems(text) == [
        (4, f"'{CYRILLIC_ALICE}' looks the same as 'Alice' on line 2, but is written with the "
            "Cyrillic capital letter A: change one of them so they can be told apart"),
        (5, "'Alice' is listed twice (first on line 2)"),
        (6, "the name is empty"),
    ]


# -- Joining, through the pages ------------------------------------------------------------

def class_names(app, classroom_id: int) -> list[str]:
    with app.app_context():
        return list(get_session().scalars(select(Student.name).where(
            Student.classroom_id == classroom_id).order_by(Student.id)))


def test_a_name_with_invisible_characters_is_the_same_name(app, classrooms, pupils):
    info = classrooms.create()
    assert pupils().join(info.code, "Alice").status_code == 302
    for typed in ("Alice\u200b", "\u202eAlice", "Ａｌｉｃｅ", "ALICE\u2060"):
        refused = pupils().join(info.code, typed)
        assert refused.status_code == 400, typed
        assert "Someone has already joined this class as Alice." in page_text(refused)
    assert class_names(app, info.id) == ["Alice"]


def test_a_look_alike_name_is_refused_in_plain_words(app, classrooms, pupils):
    info = classrooms.create()
    assert pupils().join(info.code, "Alice").status_code == 302
    refused = pupils().join(info.code, CYRILLIC_ALICE)
    assert refused.status_code == 400
    assert ("That name looks the same as Alice, who is already in this class. Add your surname "
            "or an initial so your teacher can tell you apart; if you are Alice, ask your "
            "teacher to let you rejoin.") in page_text(refused)
    assert pupils().join(info.code, "Alice B").status_code == 302
    assert class_names(app, info.id) == ["Alice", "Alice B"]


def test_a_name_of_only_invisible_characters_is_refused(app, classrooms, pupils):
    info = classrooms.create()
    refused = pupils().join(info.code, "\u200b\u202e\u200d")
    assert refused.status_code == 400
    assert "Please type your name." in page_text(refused)
    assert class_names(app, info.id) == []


def test_a_name_too_long_once_cleaned_is_refused(app, classrooms, pupils):
    """NFKC can lengthen a name: "ﷺ" is 18 letters. The limit is on what would be stored."""
    info = classrooms.create()
    typed = "\ufdfa" * 10
    assert len(names.clean_name(typed)) > 100
    refused = pupils().join(info.code, typed)
    assert refused.status_code == 400
    assert "That name is too long: at most 100 characters." in page_text(refused)
    assert class_names(app, info.id) == []


def test_a_joined_name_is_stored_cleaned(app, classrooms, pupils):
    info = classrooms.create()
    response = pupils().join(info.code, "\u202dＡｄａ\u200b Lovelace")
    assert response.status_code == 302
    assert class_names(app, info.id) == ["Ada Lovelace"]


def test_the_class_page_points_out_look_alike_names_stored_before(app, client, classrooms):
    """Names joined before names were cleaned may still look alike: the teacher sees which."""
    info = classrooms.create()
    with app.app_context():
        session = get_session()
        for name in ("Alice", CYRILLIC_ALICE, "Ben"):
            session.add(Student(classroom_id=info.id, name=name, name_key=name.casefold()))
        session.commit()
    page = page_text(client.get(f"/teacher/classes/{info.id}"))
    assert f"Names that look the same: Alice and {CYRILLIC_ALICE}." in page


def test_a_class_list_upload_names_both_lines_of_look_alikes(app, client, classrooms):
    info = classrooms.create()
    roster = f"name\nAlice\n{CYRILLIC_ALICE}\n".encode()
    response = client.post(f"/teacher/classes/{info.id}/roster", content_type=
                           "multipart/form-data",
                           data={"roster": (io.BytesIO(roster), "roster.csv")})
    assert response.status_code == 400
    assert f"roster.csv:3: '{CYRILLIC_ALICE}' looks the same as 'Alice' on line 2" \
        in page_text(response)
    assert class_names(app, info.id) == []
