"""What LTI 1.3 stores: the platforms (LMSs) registered with this tool, who a platform's
users are here, what its courses and links are tied to, and the library's launch data.

Every id from a platform (`subject`, `context_id`, `resource_link_id`) is unique only within
that platform, so each is keyed by platform and id; none ever comes from what a user typed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.models.base import Base, utcnow

URL_LENGTH = 500
LTI_ID_LENGTH = 255  # the LTI spec caps `sub`, context and resource link ids at 255


class LtiPlatform(Base):
    """One registration of this tool in an LMS: an issuer may register it more than once
    (one client id each), as Canvas does for test and production keys."""

    __tablename__ = "lti_platform"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(URL_LENGTH))
    client_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    auth_login_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    auth_token_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    key_set_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    # Origins (space-separated) that frame the tool besides the issuer's and the sign-in
    # address's: Canvas cloud's issuer is canvas.instructure.com, its pages the school's.
    frame_origins: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    deployments: Mapped[list[LtiDeployment]] = relationship(
        back_populates="platform", order_by="LtiDeployment.deployment_id",
        cascade="all, delete-orphan")


class LtiDeployment(Base):
    """A deployment id the platform launches with; a launch with any other is refused."""

    __tablename__ = "lti_deployment"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"), index=True)
    deployment_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))

    platform: Mapped[LtiPlatform] = relationship(back_populates="deployments")


class LtiTeacher(Base):
    """A platform's instructor (issuer + subject) is this teacher account."""

    __tablename__ = "lti_teacher"
    __table_args__ = (UniqueConstraint("platform_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    subject: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    teacher_id: Mapped[int] = mapped_column(ForeignKey("teacher.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiContext(Base):
    """A course of the platform is one class here (made on its instructor's first launch)."""

    __tablename__ = "lti_context"
    __table_args__ = (UniqueConstraint("platform_id", "context_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    context_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"), unique=True)
    # Names and Roles: the course's membership service, from the latest launch's claim.
    memberships_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiLearner(Base):
    """A platform's learner (issuer + subject) in one course is this student of its class:
    a student row belongs to one class, so the same learner in two courses is two rows."""

    __tablename__ = "lti_learner"
    __table_args__ = (UniqueConstraint("platform_id", "subject", "classroom_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    subject: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classroom.id"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiResourceLink(Base):
    """A link placed in a course; `assignment_id` is the assignment it opens (set by deep
    linking, not built yet): a link tied to none opens the class page."""

    __tablename__ = "lti_resource_link"
    __table_args__ = (UniqueConstraint("platform_id", "resource_link_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    resource_link_id: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))
    context_id: Mapped[int] = mapped_column(ForeignKey("lti_context.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    # Assignment and Grade Services: the link's line item, from the launch's endpoint claim
    # (deep linking asks the platform to make one); scores for the assignment go there.
    line_item_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LtiLaunchData(Base):
    """The LTI library's short-lived values (a login's nonce, a launch's claims), kept here
    rather than in the session cookie, which a browser does not send into a cross-site
    iframe; a nonce is deleted when a launch uses it, so a replayed token is refused."""

    __tablename__ = "lti_launch_data"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    expires_at: Mapped[datetime] = mapped_column(index=True)


class LtiScore(Base):
    """A score waiting to reach (or sent to) a line item: the outbox of grade passback.

    One row per line item and learner, holding the student's counted mark for the
    assignment now; a later submit or a teacher's changed mark updates it and makes it due
    again. `flask --app quiz lti send-grades` sends what is due, with retries and backoff,
    so an LMS outage loses no grade and a submit never waits on the LMS.
    """

    __tablename__ = "lti_score"
    __table_args__ = (
        UniqueConstraint("platform_id", "line_item_url", "subject"),
        CheckConstraint("score_given >= 0 AND score_given <= score_maximum",
                        name="lti_score_in_range"),
        CheckConstraint("tries >= 0", name="lti_score_tries_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platform.id"))
    line_item_url: Mapped[str] = mapped_column(String(URL_LENGTH))
    subject: Mapped[str] = mapped_column(String(LTI_ID_LENGTH))  # the learner's `sub`
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id"), index=True)
    score_given: Mapped[int]
    score_maximum: Mapped[int]
    tries: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime | None] = mapped_column(index=True)  # None once sent
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
