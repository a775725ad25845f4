"""The passage flow as the domain decides it (`quiz.attempts`: open_passage, visit_passage,
save_passage),
without a page in between: which passage a student may open, and what saving one does."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from quiz import attempts
from quiz.db import get_session
from quiz.models import (
    Answer,
    Assignment,
    Attempt,
    Classroom,
    QuestionSetVersion,
    Student,
    Teacher,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SET = """\
# Flow

## One

> Alpha said it. Beta could be so.

1. Alpha said it
   - answer: fact
   - why: w
2. Beta could be so
   - answer: speculation
   - why: w

## Two

> Gamma is wrong.

3. Gamma is wrong
   - answer: opinion
   - why: w
"""


# -- open_passage: pure, on plain values ------------------------------------------------------

def version(*passage_sizes: int) -> SimpleNamespace:
    """A version whose passages hold statements with ids 1, 2, ... in order."""
    ids = iter(range(1, 1 + sum(passage_sizes)))
    passages = [SimpleNamespace(position=position, statements=[
        SimpleNamespace(id=next(ids)) for _ in range(size)])
        for position, size in enumerate(passage_sizes, start=1)]
    return SimpleNamespace(passages=passages)


def opened(taken, version_, number: int, answered: dict, now: datetime = NOW):
    return attempts.open_passage(taken, version_, number, answered, now)


def attempt(submitted: bool = False, revealed: int = 0, due_at=None) -> SimpleNamespace:
    assignment = SimpleNamespace(due_at=due_at) if due_at else None
    return SimpleNamespace(submitted_at=NOW if submitted else None, revealed_passages=revealed,
                           assignment=assignment)


@pytest.mark.parametrize("number", [0, -1, 4])
def test_a_passage_outside_the_quiz_is_refused_with_the_range(number):
    step = opened(attempt(), version(2, 1, 1), number, {})
    assert (step.kind, step.message) == (attempts.NO_SUCH_PASSAGE,
                                         "This quiz has passages 1 to 3.")


def test_a_submitted_attempt_leads_to_its_result_even_for_a_valid_passage():
    assert opened(attempt(submitted=True), version(2, 1), 1, {}).kind \
        == attempts.FINISHED


def test_a_revealed_passage_is_final_and_leads_to_its_review():
    step = opened(attempt(revealed=1), version(2, 1), 1, {1: "a", 2: "b"})
    assert (step.kind, step.number) == (attempts.ANSWERED, 1)
    assert opened(attempt(revealed=1), version(2, 1), 2, {1: "a", 2: "b"}).kind \
        == attempts.SHOW


def test_skipping_ahead_leads_back_to_the_first_passage_with_a_gap():
    answered = {1: "fact"}  # statement 2 of passage 1 is missing
    step = opened(attempt(), version(2, 1, 1), 3, answered)
    assert (step.kind, step.number) == (attempts.EARLIER_FIRST, 1)
    assert step.message == "Please answer every statement of this passage first."


def test_going_back_to_an_earlier_open_passage_is_allowed_and_carries_the_answers():
    answered = {1: "fact", 2: "opinion", 3: "fact"}
    step = opened(attempt(), version(2, 1, 1), 1, answered)
    assert (step.kind, step.number, dict(step.answered)) == (attempts.SHOW, 1, answered)


def test_the_first_incomplete_passage_itself_is_open():
    assert opened(attempt(), version(2, 1), 2, {1: "a", 2: "b"}).kind \
        == attempts.SHOW


def test_no_passage_is_open_from_the_second_the_due_date_passes():
    answered = {1: "fact", 2: "opinion"}
    before = attempt(due_at=NOW + timedelta(seconds=1))
    assert opened(before, version(2, 1), 2, answered).kind == attempts.SHOW
    for due in (NOW, NOW - timedelta(seconds=1)):
        step = opened(attempt(due_at=due), version(2, 1), 2, answered)
        assert (step.kind, step.message) == (attempts.PAST_DUE, attempts.CLOSED_MESSAGE)
    # A submitted attempt still leads to its result, and a bad number is still refused.
    assert opened(attempt(submitted=True, due_at=NOW), version(2, 1), 1, {}).kind \
        == attempts.FINISHED
    assert opened(attempt(due_at=NOW), version(2, 1), 9, {}).kind == attempts.NO_SUCH_PASSAGE


def test_resume_number_is_the_first_gap_or_the_last_passage():
    assert attempts.resume_number(version(2, 1, 1), {}) == 1
    assert attempts.resume_number(version(2, 1, 1), {1: "a", 2: "b"}) == 2
    assert attempts.resume_number(version(2, 1, 1), {1: "a", 2: "b", 3: "c", 4: "d"}) == 3


def test_reviewable_passages_are_those_revealed():
    assert [n for n in range(0, 4) if attempts.reviewable(attempt(revealed=2), n)] == [1, 2]


# -- save_passage: on a real database -------------------------------------------------------

@pytest.fixture
def flow(app, load_set):
    """A stored version of SET, and a way to start attempts at it (practice or assigned)."""
    version_id = load_set(SET, "flow")

    class Flow:
        def __init__(self) -> None:
            self.db = get_session()
            self.version = self.db.get(QuestionSetVersion, version_id)

        def ids(self, number: int) -> list[int]:
            return [s.id for s in self.version.passages[number - 1].statements]

        def start(self, reveal: str | None = None, due_at: datetime | None = None) -> Attempt:
            taken = attempts.start(self.db, self.version, "Ada")
            if reveal is not None or due_at is not None:
                teacher = Teacher(email="t@school.example", password_hash="-")
                classroom = Classroom(teacher=teacher, name="9A", join_code="ABCDEFGH")
                student = Student(classroom=classroom, name="Ada", name_key="ada")
                assignment = Assignment(classroom=classroom, due_at=due_at,
                                        question_set=self.version.question_set,
                                        reveal=reveal or "end")
                self.db.add_all([teacher, classroom, student, assignment])
                taken.assignment, taken.student, taken.number = assignment, student, 1
            self.db.commit()
            return taken

        def save(self, taken: Attempt, number: int, labels: list[str]) -> attempts.Step:
            chosen = dict(zip(self.ids(number), labels, strict=True))
            step = attempts.save_passage(self.db, taken, self.version, number, chosen, NOW)
            self.db.commit()
            return step

        def stored(self, taken: Attempt) -> dict[int, str]:
            return dict(self.db.execute(select(Answer.statement_id, Answer.label)
                                        .where(Answer.attempt_id == taken.id)).all())

    with app.app_context():
        yield Flow()


def test_saving_a_passage_stores_its_answers_and_moves_on(flow):
    taken = flow.start()
    step = flow.save(taken, 1, ["fact", "fact"])
    assert (step.kind, step.number) == (attempts.SAVED, 2)
    assert flow.stored(taken) == dict(zip(flow.ids(1), ["fact", "fact"], strict=True))
    assert taken.submitted_at is None


def test_saving_the_last_passage_submits_and_scores_at_that_moment(flow):
    taken = flow.start()
    flow.save(taken, 1, ["fact", "fact"])
    step = flow.save(taken, 2, ["opinion"])
    assert step.kind == attempts.SUBMITTED
    flow.db.refresh(taken)
    assert (taken.submitted_at, taken.score, taken.max_score) == (NOW, 2, 3)


def test_with_answers_after_each_passage_saving_reveals_that_passage(flow):
    taken = flow.start(reveal="passage")
    step = flow.save(taken, 1, ["fact", "speculation"])
    assert (step.kind, step.number) == (attempts.REVEALED, 1)
    flow.db.refresh(taken)
    assert taken.revealed_passages == 1
    # Final once revealed: saving it again changes nothing and leads to its review.
    again = flow.save(taken, 1, ["opinion", "opinion"])
    assert (again.kind, again.number) == (attempts.ANSWERED, 1)
    assert set(flow.stored(taken).values()) == {"fact", "speculation"}


@pytest.mark.parametrize("reveal", ["end", "due"])
def test_other_reveal_modes_reveal_nothing_on_the_way(flow, reveal):
    taken = flow.start(reveal=reveal)
    assert flow.save(taken, 1, ["fact", "fact"]).kind == attempts.SAVED
    flow.db.refresh(taken)
    assert taken.revealed_passages == 0


def test_the_last_passage_submits_even_when_revealing_after_each_passage(flow):
    taken = flow.start(reveal="passage")
    flow.save(taken, 1, ["fact", "speculation"])
    assert flow.save(taken, 2, ["opinion"]).kind == attempts.SUBMITTED
    flow.db.refresh(taken)
    assert taken.score == 3


def test_skipping_ahead_saves_nothing(flow):
    taken = flow.start()
    step = flow.save(taken, 2, ["opinion"])
    assert (step.kind, step.number) == (attempts.EARLIER_FIRST, 1)
    assert flow.stored(taken) == {}


def test_an_attempt_sealed_by_another_request_meanwhile_keeps_its_answers(app, flow):
    taken = flow.start()
    flow.save(taken, 1, ["fact", "speculation"])
    # This request read the attempt open; then another request submits it.
    with app.app_context():
        other = get_session()
        other.get(Attempt, taken.id).submitted_at = NOW
        other.get(Attempt, taken.id).score = 2
        other.commit()
        other.close()
    chosen = dict(zip(flow.ids(2), ["fact"], strict=True))
    step = attempts.save_passage(flow.db, taken, flow.version, 2, chosen, NOW,
                                 answered=flow.stored(taken))
    assert step.kind == attempts.SEALED
    flow.db.commit()
    assert flow.ids(2)[0] not in flow.stored(taken)


def test_saving_a_submitted_attempt_leads_to_its_result_and_changes_nothing(flow):
    taken = flow.start()
    flow.save(taken, 1, ["fact", "speculation"])
    flow.save(taken, 2, ["opinion"])
    assert flow.save(taken, 1, ["opinion", "opinion"]).kind == attempts.FINISHED
    assert sorted(flow.stored(taken).values()) == ["fact", "opinion", "speculation"]


@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1)])
def test_saving_after_the_due_date_submits_what_was_saved_before_it(flow, late):
    taken = flow.start(due_at=NOW + timedelta(seconds=1))
    flow.save(taken, 1, ["fact", "fact"])  # a second before the due date: saved
    due = NOW + timedelta(seconds=1)
    chosen = dict(zip(flow.ids(2), ["opinion"], strict=True))
    step = attempts.save_passage(flow.db, taken, flow.version, 2, chosen, due + late)
    flow.db.commit()
    assert (step.kind, step.message) == (attempts.CLOSED, attempts.CLOSED_MESSAGE)
    assert flow.ids(2)[0] not in flow.stored(taken)
    flow.db.refresh(taken)
    assert (taken.score, taken.submitted_at) == (1, due)  # submitted as of the due date


def test_a_second_before_the_due_date_the_last_passage_still_submits(flow):
    due = NOW + timedelta(seconds=2)
    taken = flow.start(due_at=due)
    flow.save(taken, 1, ["fact", "speculation"])
    chosen = dict(zip(flow.ids(2), ["opinion"], strict=True))
    step = attempts.save_passage(flow.db, taken, flow.version, 2, chosen,
                                 due - timedelta(seconds=1))
    flow.db.commit()
    assert step.kind == attempts.SUBMITTED
    flow.db.refresh(taken)
    assert taken.score == 3


def test_the_score_is_what_the_stored_answers_score_even_from_a_stale_read(flow):
    """Tab B read the answers; tab A then re-saved passage 1; B submits the last passage."""
    taken = flow.start()
    flow.save(taken, 1, ["fact", "speculation"])  # both right
    stale = flow.stored(taken)
    flow.save(taken, 1, ["opinion", "opinion"])  # tab A: both wrong now
    chosen = dict(zip(flow.ids(2), ["opinion"], strict=True))
    step = attempts.save_passage(flow.db, taken, flow.version, 2, chosen, NOW, answered=stale)
    flow.db.commit()
    assert step.kind == attempts.SUBMITTED
    flow.db.refresh(taken)
    assert taken.score == 1  # statement 3 only: what the stored answers score


# -- two tabs at once, on whichever database the suite runs on ------------------------------

RACE_SET = SET + """
## Three

> Delta may rise.

4. Delta may rise
   - answer: speculation
   - why: w
"""
ROUNDS = 8  # per passage; each round is two real transactions racing on one attempt


@pytest.mark.parametrize("passage", [1, 2])
def test_resaving_any_passage_while_submitting_keeps_score_and_answers_together(
        app, load_set, passage):
    version_id = load_set(RACE_SET, "race")
    first = {1: ["fact", "speculation"], 2: ["opinion"]}
    second = {1: ["opinion", "opinion"], 2: ["fact"]}
    for _ in range(ROUNDS):
        with app.app_context():
            db = get_session()
            version = db.get(QuestionSetVersion, version_id)
            taken = attempts.start(db, version, "Ada")
            for number in (1, 2):
                ids = [s.id for s in version.passages[number - 1].statements]
                attempts.save_passage(db, taken, version, number,
                                      dict(zip(ids, first[number], strict=True)), NOW)
            db.commit()
            attempt_id = taken.id
        barrier = threading.Barrier(2, timeout=10)

        def tab(number: int, labels: list[str], attempt_id: int,
                barrier: threading.Barrier) -> None:
            with app.app_context():
                db = get_session()
                version = db.get(QuestionSetVersion, version_id)
                mine = db.get(Attempt, attempt_id)
                answered = attempts.chosen_labels(db, mine)  # read before the other writes
                db.commit()
                ids = [s.id for s in version.passages[number - 1].statements]
                barrier.wait()
                attempts.save_passage(db, mine, version, number,
                                      dict(zip(ids, labels, strict=True)), NOW, answered)
                db.commit()

        tabs = [threading.Thread(target=tab, args=(passage, second[passage], attempt_id, barrier)),
                threading.Thread(target=tab, args=(3, ["speculation"], attempt_id, barrier))]
        for thread in tabs:
            thread.start()
        for thread in tabs:
            thread.join(timeout=30)
        with app.app_context():
            db = get_session()
            sealed = db.get(Attempt, attempt_id)
            version = db.get(QuestionSetVersion, version_id)
            stored = attempts.result(version.statements, attempts.chosen_labels(db, sealed))
            assert sealed.submitted_at is not None
            assert sealed.score == stored.correct
