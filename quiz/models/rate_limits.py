"""Rate-limit counts in the app's own database, shared by every worker on it: the table and
the storage the `limits` library counts in when no RATELIMIT_STORAGE_URI (Redis) is set.

The `limits` package stores only in memory (one process), Redis, Memcached or MongoDB; this
is the moving window alone, the one strategy the app uses: one row per counted request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from limits.storage import MovingWindowSupport, Storage
from sqlalchemy import Engine, Index, String, delete, func, insert, literal, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from quiz.models.base import Base

KEY_LENGTH = 512


class RateLimitHit(Base):
    """One counted request (a failed sign-in, a wrong class code, a practice start) under a
    limit's key, with when it leaves the window; expired rows go as new ones come."""

    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_hit_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    at: Mapped[float]  # seconds since the epoch, as `limits` counts
    expires_at: Mapped[float] = mapped_column(index=True)


class DatabaseStorage(Storage, MovingWindowSupport):
    """A `limits` storage for MovingWindowRateLimiter on `engine`; fixed windows are not
    supported. Each check-and-count is one INSERT ... SELECT, so two workers cannot both take
    the last place in a window (SQLite runs it under its write lock)."""

    STORAGE_SCHEME = None  # made by the app, never from a URI

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        super().__init__()
        self.engine, self.clock = engine, clock

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        if amount != 1:
            raise NotImplementedError("every request the app limits counts 1")
        key, now, hits = key[:KEY_LENGTH], self.clock(), RateLimitHit.__table__
        used = select(func.count()).where(hits.c.key == key, hits.c.at > now - expiry)
        row = select(literal(key), literal(now), literal(now + expiry)).where(
            used.scalar_subquery() < limit)
        with self.engine.begin() as connection:
            connection.execute(delete(hits).where(hits.c.expires_at <= now))
            taken = connection.execute(insert(hits).from_select(["key", "at", "expires_at"], row)
                                       .returning(hits.c.id)).first()  # psycopg: no rowcount
        return taken is not None

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        now, hits = self.clock(), RateLimitHit.__table__
        with self.engine.connect() as connection:
            oldest, count = connection.execute(
                select(func.min(hits.c.at), func.count())
                .where(hits.c.key == key[:KEY_LENGTH], hits.c.at > now - expiry)).one()
        return (oldest if count else now), count

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(RateLimitHit).where(RateLimitHit.key == key[:KEY_LENGTH]))

    def reset(self) -> int:
        with self.engine.begin() as connection:
            return connection.execute(delete(RateLimitHit)).rowcount

    def check(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(literal(1))).scalar() == 1

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        raise NotImplementedError("the moving window only")

    def get(self, key: str) -> int:
        raise NotImplementedError("the moving window only")

    def get_expiry(self, key: str) -> float:
        raise NotImplementedError("the moving window only")
