"""Who may start an attempt, which attempt counts and when the key shows: the rules alone.

No app and no database: plain objects shaped like the models, and aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from quiz.assignments import counted, start_refusal
from quiz.reveal import after_each_passage, key_visible

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
SECOND = timedelta(seconds=1)

CLOSED = "This class is closed."
PAST_DUE = "The due date has passed, so no new attempts can be started."


def assignment(*, archived=False, due_at=None, attempts_allowed=None, reveal="end",
               counting="best", withdrawn=False):
    return SimpleNamespace(classroom=SimpleNamespace(archived=archived), due_at=due_at,
                           attempts_allowed=attempts_allowed, reveal=reveal, counting=counting,
                           archived_at=NOW if withdrawn else None)


# start_refusal(assignment, taken, now)

def test_an_open_assignment_may_be_started():
    assert start_refusal(assignment(), 0, NOW) is None


def test_an_archived_class_refuses():
    assert start_refusal(assignment(archived=True), 0, NOW) == CLOSED


@pytest.mark.parametrize(("due_at", "refusal"), [
    (NOW + SECOND, None),  # one second to go
    (NOW, PAST_DUE),  # the rule is now >= due_at: at the due date itself it is too late
    (NOW - SECOND, PAST_DUE),
    (None, None),  # no due date
], ids=["second-before", "exactly-due", "second-after", "no-due-date"])
def test_the_due_date(due_at, refusal):
    assert start_refusal(assignment(due_at=due_at), 0, NOW) == refusal


@pytest.mark.parametrize(("allowed", "taken", "refusal"), [
    (1, 0, None),
    (1, 1, "You have used your 1 attempt."),
    (3, 2, None),
    (3, 3, "You have used your 3 attempts."),
    (3, 4, "You have used your 3 attempts."),  # more than allowed (say, the limit lowered)
    (2, 2, "You have used your 2 attempts."),
    (None, 0, None),  # unlimited
    (None, 500, None),
])
def test_the_attempts_allowed(allowed, taken, refusal):
    assert start_refusal(assignment(attempts_allowed=allowed), taken, NOW) == refusal


def test_an_archived_assignment_refuses_before_anything_else():
    settings = {"withdrawn": True, "archived": True, "due_at": NOW, "attempts_allowed": 1}
    assert start_refusal(assignment(**settings), 1, NOW) == \
        "Your teacher has withdrawn this assignment."


@pytest.mark.parametrize(("settings", "refusal"), [
    ({"archived": True, "due_at": NOW, "attempts_allowed": 1}, CLOSED),
    ({"archived": True, "due_at": NOW - SECOND}, CLOSED),
    ({"archived": True, "attempts_allowed": 1}, CLOSED),
    ({"due_at": NOW - SECOND, "attempts_allowed": 1}, PAST_DUE),
], ids=["all-three", "archived-and-due", "archived-and-used", "due-and-used"])
def test_which_reason_wins_archived_then_due_date_then_attempts(settings, refusal):
    assert start_refusal(assignment(**settings), 1, NOW) == refusal


# counted(attempts, counting)

def attempt(number, score, max_score=4, submitted_at=None, *, submitted=True, assigned=None,
            override=None):
    """Shaped like the model: `mark` is the teacher's `override` if given, else the score."""
    if submitted and submitted_at is None:
        submitted_at = NOW + timedelta(minutes=number)
    return SimpleNamespace(number=number, score=score, max_score=max_score,
                           submitted_at=submitted_at if submitted else None,
                           assignment=assigned, mark=score if override is None else override)


@pytest.mark.parametrize("counting", ["best", "latest", "first"])
def test_nothing_counts_without_a_submitted_scored_attempt(counting):
    assert counted([], counting) is None
    unsubmitted = attempt(1, None, submitted=False)
    unscored = attempt(2, None)  # submitted but not scored: the schema forbids it
    assert counted([unsubmitted, unscored], counting) is None


def test_best_is_the_highest_score():
    attempts = [attempt(1, 2), attempt(2, 4), attempt(3, 3)]
    assert counted(attempts, "best") is attempts[1]


def test_best_among_equal_scores_is_the_earliest_attempt():
    attempts = [attempt(3, 3), attempt(1, 1), attempt(2, 3), attempt(4, 3)]
    assert counted(attempts, "best") is attempts[2]


def test_best_compares_the_share_not_the_raw_score():
    # 3 of 4 (75%) beats 4 of 8 (50%); 2 of 4 equals 4 of 8, and attempt 1 came first.
    three_of_four, four_of_eight = attempt(1, 3, 4), attempt(2, 4, 8)
    assert counted([four_of_eight, three_of_four], "best") is three_of_four
    half, same_half = attempt(1, 2, 4), attempt(2, 4, 8)
    assert counted([same_half, half], "best") is half


def test_best_with_a_max_score_of_zero_counts_as_nothing_right():
    empty_set = attempt(1, 0, max_score=0)  # no division by zero: the share is taken as 0
    assert counted([empty_set], "best") is empty_set
    one_right = attempt(2, 1, max_score=4)
    assert counted([empty_set, one_right], "best") is one_right
    none_right = attempt(2, 0, max_score=4)  # 0 and "0 of 0" tie: the earliest counts
    assert counted([none_right, empty_set], "best") is empty_set


def test_best_goes_by_the_mark_the_teacher_gave():
    # Attempt 2 scored higher, but the teacher marked attempt 1 up (and attempt 2 down).
    marked_up, marked_down = attempt(1, 2, override=4), attempt(2, 3, override=1)
    assert counted([marked_down, marked_up], "best") is marked_up
    assert counted([attempt(3, 3), attempt(4, 1, override=3)], "best").number == 3


def test_best_ignores_unsubmitted_attempts():
    done, open_ = attempt(1, 1), attempt(2, None, submitted=False)
    assert counted([done, open_], "best") is done


@pytest.mark.parametrize(("counting", "number"), [("latest", 1), ("first", 2)])
def test_latest_and_first_go_by_submission_time(counting, number):
    # Attempt 1 was submitted last and attempt 2 first: the time decides, not the number
    # and not the score.
    attempts = [attempt(1, 0, submitted_at=NOW + 2 * SECOND),
                attempt(2, 4, submitted_at=NOW),
                attempt(3, 2, submitted_at=NOW + SECOND),
                attempt(4, None, submitted=False)]
    assert counted(attempts, counting).number == number


@pytest.mark.parametrize(("counting", "number"), [("latest", 3), ("first", 1)])
def test_latest_and_first_same_time_broken_by_number(counting, number):
    attempts = [attempt(2, 1, submitted_at=NOW), attempt(3, 2, submitted_at=NOW),
                attempt(1, 3, submitted_at=NOW)]
    assert counted(attempts, counting).number == number


# key_visible(attempt, now) and after_each_passage(attempt)

def taken(reveal=None, due_at=None, *, submitted=True):
    """A submitted attempt; reveal None is open practice (no assignment)."""
    assigned = None if reveal is None else assignment(reveal=reveal, due_at=due_at)
    return attempt(1, 3, submitted=submitted, assigned=assigned)


@pytest.mark.parametrize("reveal", [None, "end", "passage", "due"])
def test_no_key_before_submitting(reveal):
    assert key_visible(taken(reveal, NOW - SECOND, submitted=False), NOW) is False


@pytest.mark.parametrize("reveal", [None, "end", "passage"], ids=["practice", "end", "passage"])
def test_key_once_submitted(reveal):
    assert key_visible(taken(reveal), NOW) is True


@pytest.mark.parametrize(("due_at", "visible"), [
    (NOW + SECOND, False),
    (NOW, True),  # now >= due_at: the key shows at the due date itself
    (NOW - SECOND, True),
    (None, True),  # reveal after the due date, but no due date: as at the end
], ids=["second-before", "exactly-due", "second-after", "no-due-date"])
def test_key_after_the_due_date(due_at, visible):
    assert key_visible(taken("due", due_at), NOW) is visible


@pytest.mark.parametrize(("reveal", "each"), [
    (None, False), ("end", False), ("due", False), ("passage", True),
], ids=["practice", "end", "due", "passage"])
@pytest.mark.parametrize("submitted", [True, False], ids=["submitted", "open"])
def test_after_each_passage_only_with_reveal_passage(reveal, each, submitted):
    assert after_each_passage(taken(reveal, NOW + SECOND, submitted=submitted)) is each
