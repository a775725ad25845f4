"""Stored data, as typed SQLAlchemy models; invariants live in the schema as constraints."""

from quiz.models.attempts import Answer, Attempt
from quiz.models.base import Base, utcnow
from quiz.models.classes import COUNTING, REVEAL, Assignment, Classroom, Student, Teacher
from quiz.models.lti import (
    LtiContext,
    LtiDeployment,
    LtiLaunchData,
    LtiLearner,
    LtiPlatform,
    LtiResourceLink,
    LtiScore,
    LtiTeacher,
)
from quiz.models.question_sets import Passage, QuestionSet, QuestionSetVersion, Statement
from quiz.models.rate_limits import RateLimitHit
from quiz.models.sessions import BrowserAttempt, BrowserStudent, TeacherSession

__all__ = [
    "COUNTING", "REVEAL", "Answer", "Assignment", "Attempt", "Base", "BrowserAttempt",
    "BrowserStudent", "Classroom", "LtiContext", "LtiDeployment", "LtiLaunchData",
    "LtiLearner", "LtiPlatform", "LtiResourceLink", "LtiScore", "LtiTeacher", "Passage",
    "QuestionSet",
    "QuestionSetVersion", "RateLimitHit", "Statement", "Student", "Teacher", "TeacherSession",
    "utcnow",
]
