"""Classes and their members: join codes, joining, rosters. The view commits; nothing here does.

Students have no passwords. A browser holds its student's `token`, and a student joined from
one browser cannot be claimed from another until the teacher lets them rejoin. Each student
also has a personal code, printed on a card with its link (`/join/<code>`), that joins that
very student: with a class list it is the only way in, so knowing the class code and a
classmate's name is not enough. Without one, the first to join with a name becomes that
student; the teacher sees who joined, on what and when, and can let a student rejoin (the
old browser and the old card stop working) or remove someone who should not be there
(quiz/removals.py; the name stays theirs, so joining with it is refused). Names are cleaned
and compared as quiz/names.py says: one that looks like a classmate's is refused.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quiz.models import Classroom, Student, Teacher, utcnow
from quiz.models.classes import (
    CODE_ALPHABET,
    JOINED_FROM_LENGTH,
    PERSONAL_CODE_LENGTH,
    new_personal_code,
)
from quiz.names import clean_name, look_alike_key
from quiz.roster import ROSTER_IDS, RosterEntry, name_key
from quiz.roster_matching import match_members

# CODE_ALPHABET (no 0/O, 1/I/L) and PERSONAL_CODE_LENGTH are the model's; imported from here.
CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 class codes
NAME_LENGTH = Student.name.type.length

CLOSED = "This class is closed. Ask your teacher for the code of your class."
USE_YOUR_CARD = ("To join as a name on your class list, use the personal code or link your "
                 "teacher gave you: the class code is not enough. If you don't have yours, ask "
                 "your teacher.")
TAKEN_OUT = ("Your teacher has taken {name} out of this class, so nobody can join with that name "
             "now. If you should be in the class, ask your teacher.")
NOT_LISTED = ("That name is not on your class list. If your teacher gave you a card, join "
              "with its personal code or link; if not, ask your teacher.")


class JoinError(ValueError):
    """Why a student cannot join, in words a student understands."""


class CardUsed(JoinError):
    """A personal code that has already joined its student."""


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """`ABCDEFGH` as `ABCD-EFGH`: two halves are easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def clean_code(typed: str) -> str:
    """What a student typed, as stored: dashes, spaces and case do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def unique_join_code(session: Session) -> str:
    while True:  # a collision is ~1e-12 per class; check rather than trust the odds
        code = new_join_code()
        if session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def create_classroom(session: Session, teacher: Teacher, name: str) -> Classroom:
    classroom = Classroom(teacher=teacher, name=name, join_code=unique_join_code(session))
    session.add(classroom)
    session.flush()
    return classroom


def find_by_code(session: Session, typed: str) -> Classroom | None:
    code = clean_code(typed)
    return session.scalar(select(Classroom).where(Classroom.join_code == code)) if code else None


def _member(members: list[Student], name: str) -> Student | None:
    """The member with this name, matched as names are today (a key stored by an older
    version of the cleaning would not be found by comparing stored keys)."""
    key = name_key(name)
    return next((member for member in members if name_key(member.name) == key), None)


def join(session: Session, classroom: Classroom, name: str, student_number: str | None = None,
         email: str | None = None, user_agent: str = "") -> Student:
    """The student this browser becomes with the class code and a name: a new member, or one
    the teacher let rejoin. In a class with a class list, none: its students use their card."""
    if classroom.archived:
        raise JoinError(CLOSED)
    typed = clean_name(name)
    if not typed:
        raise JoinError("Please type your name.")
    if len(typed) > NAME_LENGTH:  # NFKC can lengthen a name the form found short enough
        raise JoinError(f"That name is too long: at most {NAME_LENGTH} characters.")
    looks = look_alike_key(typed)
    members = list(session.scalars(select(Student).where(Student.classroom_id == classroom.id)))
    if any(member.on_roster for member in members):
        listed = any(look_alike_key(m.name) == looks for m in members if m.on_roster)
        raise JoinError(USE_YOUR_CARD if listed else NOT_LISTED)
    # A removed student keeps their name (and their row): neither they nor anyone with a
    # look-alike name gets in through it.
    removed = next((m for m in members if m.removed_at is not None
                    and look_alike_key(m.name) == looks), None)
    if removed is not None:
        raise JoinError(TAKEN_OUT.format(name=removed.name))
    student = _member(members, typed)
    if student is None:
        twin = next((m for m in members if look_alike_key(m.name) == looks), None)
        if twin is not None:
            raise JoinError(f"That name looks the same as {twin.name}, who is already in this "
                            "class. Add your surname or an initial so your teacher can tell "
                            f"you apart; if you are {twin.name}, ask your teacher to let you "
                            "rejoin.")
        student = Student(classroom=classroom, name=typed, name_key=name_key(typed))
        session.add(student)
    elif student.token is not None:
        raise JoinError(f"Someone has already joined this class as {student.name}. If that "
                        "was you, use the device you joined on, or ask your teacher to let "
                        "you rejoin.")
    student.student_number = student.student_number or student_number or None
    student.email = student.email or email or None
    try:
        claimed = _claim(session, student, user_agent)
    except IntegrityError:  # another browser joined with the same name a moment ago
        session.rollback()  # joining is the request's only change
        claimed = False
    if not claimed:
        raise JoinError(f"Someone has just joined this class as {typed}. If that was not you, "
                        "ask your teacher.")
    return student


def find_by_personal_code(session: Session, typed: str) -> Student | None:
    code = clean_code(typed)
    if len(code) != PERSONAL_CODE_LENGTH:
        return None
    return session.scalar(select(Student).where(Student.personal_code == code))


def format_personal_code(code: str) -> str:
    """`ABCDEFGHJKMN` as `ABCD-EFGH-JKMN`."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def card_refusal(student: Student) -> JoinError | None:
    """Why the student's card cannot join now, or None if it can."""
    if student.removed_at is not None:
        return JoinError(f"Your teacher has taken you out of {student.classroom.name}, so this "
                         "card does not work now. If that is a mistake, ask your teacher.")
    if student.classroom.archived:
        return JoinError(CLOSED)
    if student.token is not None:
        on = f", on {student.joined_from}" if student.joined_from else ""
        return CardUsed(f"This card has already been used to join {student.classroom.name}{on}. "
                        "If that was not you, tell your teacher: they can let you rejoin with a "
                        "new card.")
    return None


def join_personal(session: Session, student: Student, user_agent: str = "") -> None:
    """Join as the student whose card this is; a card joins once (until Let rejoin)."""
    refusal = card_refusal(student)
    if refusal is None and _claim(session, student, user_agent):
        return
    raise refusal or card_refusal(student) or JoinError(CLOSED)


def _claim(session: Session, student: Student, user_agent: str) -> bool:
    """Give the student a new token; False if another browser claimed them first.

    A new member is inserted (the unique name decides a race: IntegrityError); an existing
    one is claimed by an UPDATE that requires no token (and no removal), so of two browsers
    using one card at the same moment exactly one gets it, and a student removed a moment
    ago gets nothing.
    """
    values = {"token": secrets.token_urlsafe(32), "joined_at": utcnow(),
              "joined_from": describe_browser(user_agent)}
    if student.id is None:
        for column, value in values.items():
            setattr(student, column, value)
        session.flush()
        return True
    session.flush()
    claimed = session.execute(update(Student).where(
        Student.id == student.id, Student.token.is_(None), Student.removed_at.is_(None))
        .values(**values))
    if claimed.rowcount != 1:
        session.refresh(student)  # what the other browser joined with, for the message
        return False
    return True


def unique_personal_code(session: Session) -> str:
    while True:
        code = new_personal_code()
        if session.scalar(select(Student.id).where(Student.personal_code == code)) is None:
            return code


def let_rejoin(session: Session, student: Student) -> None:
    """Forget the browser the student joined on, and give them a new card: their next join
    claims them again, and the old browser and the old card no longer work."""
    student.token = None
    student.personal_code = unique_personal_code(session)


def issue_missing_codes(session: Session, students: list[Student]) -> bool:
    """Give a personal code to each student without one (rows older than the codes that the
    migration did not reach); True if any was given, for the view to commit."""
    missing = [student for student in students if student.personal_code is None]
    for student in missing:
        student.personal_code = unique_personal_code(session)
    return bool(missing)


def look_alikes(classroom: Classroom) -> list[str]:
    """The class's names that look the same as another, as "Alice and Аlice" per group."""
    groups: dict[str, list[str]] = {}
    for student in classroom.students:
        if student.removed_at is not None:  # no longer in the class to be confused with
            continue
        groups.setdefault(look_alike_key(student.name), []).append(student.name)
    return [", ".join(group[:-1]) + " and " + group[-1]
            for group in groups.values() if len(group) > 1]


# (token in the User-Agent header, what a teacher calls it), the first that is there wins:
# Edge, Opera and Samsung Internet also say "Chrome", and every browser says "Safari".
_BROWSERS = (("SamsungBrowser/", "Samsung Internet"), ("Edg", "Edge"), ("OPR/", "Opera"),
             ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"), ("CriOS/", "Chrome"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("CrOS", "ChromeOS"), ("Windows", "Windows"), ("Macintosh", "Mac"),
            ("Linux", "Linux"))


def describe_browser(user_agent: str) -> str:
    """"Chrome on Android": what a teacher needs to tell a student's devices apart, from
    words of our own (the header itself is never stored or shown)."""
    agent = (user_agent or "")[:512]
    browser = next((name for token, name in _BROWSERS if token in agent), None)
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    if browser is None:
        return "an unknown browser"
    return (f"{browser} on {system}" if system else browser)[:JOINED_FROM_LENGTH]


@dataclass(frozen=True)
class RosterAdded:
    """What reading a class list did: how many students are new, and the names on it of
    students the teacher removed, who stay removed (Put back is how they come back)."""

    new: int
    still_removed: tuple[str, ...]


def add_roster(session: Session, classroom: Classroom,
               entries: list[RosterEntry]) -> RosterAdded:
    """Add roster entries as unclaimed members; fill in the ids of existing ones.

    Existing students are found by Canvas ID, student id, then name (quiz/roster_matching.py);
    a student found keeps their name, and a value the list leaves empty keeps the one stored.
    The class's students are loaded in one SELECT and matched in memory, and the new ones
    are inserted in one statement, so a list of a thousand names (quiz/limits.py) costs the
    same few statements as a list of ten.
    """
    members = list(classroom.students)
    names = {student.name_key for student in members}
    new: dict[str, dict[str, object]] = {}
    still_removed: dict[int, str] = {}
    for entry, student in zip(entries, match_members(members, entries), strict=True):
        if student is not None:
            if student.removed_at is not None:
                still_removed[student.id] = student.name
            student.on_roster = True
            for field in ROSTER_IDS:
                setattr(student, field, getattr(entry, field) or getattr(student, field))
            continue
        key = name_key(entry.name)
        if key in names:  # already matched, by an id, to another entry of the list
            continue
        row = new.setdefault(key, {"classroom_id": classroom.id, "name": entry.name,
                                   "name_key": key, "on_roster": True,
                                   **dict.fromkeys(ROSTER_IDS)})
        for field in ROSTER_IDS:
            row[field] = getattr(entry, field) or row[field]
    if new:
        session.execute(insert(Student), list(new.values()))
        session.expire(classroom, ["students"])
    session.flush()
    return RosterAdded(len(new), tuple(still_removed.values()))
