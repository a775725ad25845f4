"""Stored data, as typed SQLAlchemy models; invariants live in the schema as constraints."""

from quiz.models.attempts import Answer, Attempt
from quiz.models.base import Base, utcnow
from quiz.models.classes import COUNTING, REVEAL, Assignment, Classroom, Student, Teacher
from quiz.models.question_sets import Passage, QuestionSet, QuestionSetVersion, Statement

__all__ = [
    "COUNTING", "REVEAL", "Answer", "Assignment", "Attempt", "Base", "Classroom", "Passage",
    "QuestionSet", "QuestionSetVersion", "Statement", "Student", "Teacher", "utcnow",
]
