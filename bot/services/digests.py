"""Team digests: a channel's weekly post of the wins its members chose to share.

Like check-ins, due work lives in the database. A tick turns each due digest into a post row
(unique per digest and week), then claims pending rows before sending, so several processes
never post a channel's digest twice. A post covers the wins shared since the channel's previous
digest; the first one covers the past seven days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from bot.db import insert_unless_exists
from bot.domain.digests import (
    DigestPostState,
    Preview,
    SharedWin,
    delivered,
    undeliverable,
)
from bot.domain.schedule import next_slot, week_key
from bot.domain.zones import zone_named
from bot.models import Digest, DigestPost, Member, Win
from bot.services import queue
from bot.services.errors import UserError

DEFAULT_WEEKDAY = 4  # Friday
DEFAULT_TIME = dt.time(16, 0)
FIRST_WINDOW = dt.timedelta(days=7)
CLAIM_FOR = queue.CLAIM_FOR


def digest_zone(digest: Digest | None) -> ZoneInfo:
    """The digest's time zone; UTC for no digest or a zone this system doesn't know."""
    return zone_named(digest.timezone if digest else None)


def find_digest(session: Session, *, team_id: str, channel_id: str) -> Digest | None:
    return session.scalar(
        select(Digest).where(Digest.team_id == team_id, Digest.channel_id == channel_id)
    )


def is_on(session: Session, *, team_id: str, channel_id: str | None) -> bool:
    """Whether the channel's weekly digest is on: shared wins reach someone (no channel: no)."""
    if channel_id is None:
        return False
    digest = find_digest(session, team_id=team_id, channel_id=channel_id)
    return digest is not None and digest.enabled


def schedule_of(weekday: int | None, at: dt.time | None) -> tuple[int, dt.time]:
    """The schedule `digest on` asks for; Fridays 16:00 when it names none."""
    return (DEFAULT_WEEKDAY if weekday is None else weekday), (at or DEFAULT_TIME)


def already_on(
    session: Session, *, team_id: str, channel_id: str, weekday: int, at: dt.time
) -> Digest | None:
    """The channel's digest when it is on with exactly this schedule: nothing to change."""
    digest = find_digest(session, team_id=team_id, channel_id=channel_id)
    if (
        digest is not None
        and digest.enabled
        and (digest.weekday, digest.post_time) == (weekday, at)
    ):
        return digest
    return None


@dataclass(frozen=True)
class _Before:
    """The digest row as it was before a `digest on` changed it: what undoing restores."""

    created: bool
    enabled: bool
    weekday: int
    post_time: dt.time
    timezone: str
    turned_on_by: str
    next_due_at: dt.datetime | None
    covered_until: dt.datetime | None
    updated_at: dt.datetime

    @classmethod
    def of(cls, digest: Digest, *, created: bool) -> _Before:
        return cls(
            created,
            digest.enabled,
            digest.weekday,
            digest.post_time,
            digest.timezone,
            digest.turned_on_by,
            digest.next_due_at,
            digest.covered_until,
            digest.updated_at,
        )


@dataclass(frozen=True)
class Switch:
    """What `switch_on` did: `changed` is False when the digest was already on like this."""

    digest: Digest
    changed: bool
    moved: bool  # it was on already, at another time
    before: _Before


def switch_on(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    user_id: str,
    weekday: int,
    at: dt.time,
    timezone: str,
    now: dt.datetime,
) -> Switch:
    """Turn the channel's digest on (or move it), deciding whether anything changes only while
    holding the row: of two `digest on` at once, the second sees the first one's digest and
    changes (and announces) nothing.

    The first statement is an insert (of a row that is off, unless one exists): on SQLite it
    takes the write lock before anything is read; on Postgres the row is then locked.
    """
    created = insert_unless_exists(
        session,
        Digest,
        {
            "team_id": team_id,
            "channel_id": channel_id,
            "enabled": False,
            "weekday": weekday,
            "post_time": at,
            "timezone": timezone,
            "turned_on_by": user_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    digest = session.scalars(
        select(Digest)
        .where(Digest.team_id == team_id, Digest.channel_id == channel_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    before = _Before.of(digest, created=created is not None)
    if digest.enabled and (digest.weekday, digest.post_time) == (weekday, at):
        return Switch(digest, changed=False, moved=False, before=before)
    _turn_on(session, digest, user_id=user_id, weekday=weekday, at=at, timezone=timezone, now=now)
    return Switch(digest, changed=True, moved=before.enabled, before=before)


def _turn_on(
    session: Session,
    digest: Digest,
    *,
    user_id: str,
    weekday: int,
    at: dt.time,
    timezone: str,
    now: dt.datetime,
) -> None:
    restarted = not digest.enabled
    digest.enabled = True
    digest.weekday, digest.post_time, digest.timezone = weekday, at, timezone
    digest.turned_on_by = user_id
    digest.updated_at = now
    zone = digest_zone(digest)
    due = next_slot(after=now, weekday=weekday, at=at, zone=zone)
    session.flush()
    # One digest a week: a week that already had one (the day moved later) is skipped, so the
    # reply never promises a post that wouldn't come.
    while _posted_in_week(session, digest_id=digest.id, week=week_key(due, zone)):
        due = next_slot(after=due, weekday=weekday, at=at, zone=zone)
    digest.next_due_at = due
    if restarted and digest.covered_until is not None and not _bot_was_removed(session, digest):
        # Members sharing while a person had it off were told a digest's first post covers the 7
        # days before it; a digest turned on again is a first post in that sense. (A digest the
        # bot lost its channel for keeps its window: those wins were shared while it was on.)
        digest.covered_until = max(digest.covered_until, due - FIRST_WINDOW)


def undo_switch(session: Session, switch: Switch, *, user_id: str, now: dt.datetime) -> None:
    """Put the digest back as it was before `switch`, unless someone changed it since."""
    digest, before = switch.digest, switch.before
    ours = (
        Digest.id == digest.id,
        Digest.enabled.is_(True),
        Digest.turned_on_by == user_id,
        Digest.weekday == digest.weekday,
        Digest.post_time == digest.post_time,
        Digest.updated_at == now,
    )
    if before.created:
        session.execute(delete(Digest).where(*ours))
        return
    session.execute(
        update(Digest)
        .where(*ours)
        .values(
            enabled=before.enabled,
            weekday=before.weekday,
            post_time=before.post_time,
            timezone=before.timezone,
            turned_on_by=before.turned_on_by,
            next_due_at=before.next_due_at,
            covered_until=before.covered_until,
            updated_at=before.updated_at,
        )
        .execution_options(synchronize_session=False)
    )


def _bot_was_removed(session: Session, digest: Digest) -> bool:
    """The digest went off because its last post couldn't reach the channel."""
    last = session.scalar(
        select(DigestPost.state)
        .where(DigestPost.digest_id == digest.id)
        .order_by(DigestPost.id.desc())
        .limit(1)
    )
    return last == DigestPostState.UNDELIVERABLE


def _posted_in_week(session: Session, *, digest_id: int, week: str) -> bool:
    found = session.scalar(
        select(DigestPost.id).where(DigestPost.digest_id == digest_id, DigestPost.week == week)
    )
    return found is not None


def turn_off(session: Session, *, team_id: str, channel_id: str, now: dt.datetime) -> Digest:
    digest = find_digest(session, team_id=team_id, channel_id=channel_id)
    if digest is None or not digest.enabled:
        raise UserError(
            "The weekly digest isn't on in this channel. `/mgr-goal digest on` turns it on."
        )
    digest.enabled = False
    digest.next_due_at = None
    digest.updated_at = now
    return digest


def window_start(digest: Digest | None, *, end: dt.datetime) -> dt.datetime:
    """Where the next digest's window starts: the previous one's end, else a week back."""
    if digest is not None and digest.covered_until is not None:
        return digest.covered_until
    return end - FIRST_WINDOW


def shared_wins(
    session: Session, *, team_id: str, channel_id: str, start: dt.datetime, end: dt.datetime
) -> list[SharedWin]:
    """Wins shared in [start, end) by members whose team channel this is; oldest first."""
    rows = session.execute(
        select(Member.user_id, Win.happened_on, Win.text, Win.area)
        .join(Member, Member.id == Win.member_id)
        .where(
            Member.team_id == team_id,
            Member.team_channel_id == channel_id,
            Win.shared.is_(True),
            Win.shared_at >= start,
            Win.shared_at < end,
        )
        .order_by(Win.shared_at, Win.id)
    ).all()
    return [SharedWin(r[0], r[1], r[2], r[3]) for r in rows]


def preview(session: Session, *, team_id: str, channel_id: str, now: dt.datetime) -> Preview | None:
    """The next digest's wins as of now, or None when the channel's digest isn't on.

    Anyone in a channel may preview, so this must never show more than the digest itself would
    post: with no digest on nobody else sees a shared win (as its owner was told), and a first
    digest's window is the 7 days before it posts, not before this preview.
    """
    digest = find_digest(session, team_id=team_id, channel_id=channel_id)
    if digest is None or not digest.enabled:
        return None
    due = digest.next_due_at or now
    start = window_start(digest, end=max(now, due))
    # Include a win shared this very second: the preview is "as of now".
    end = now + dt.timedelta(seconds=1)
    wins = shared_wins(session, team_id=team_id, channel_id=channel_id, start=start, end=end)
    return Preview(since=start, zone=digest_zone(digest), wins=wins)


# --- the delivery queue ----------------------------------------------------------------------


def create_due_posts(session: Session, *, now: dt.datetime, limit: int = 200) -> tuple[int, int]:
    """Turn due digests into this week's post rows and move each to its next slot.

    After downtime a digest is due once, not once per missed week; its window starts where
    the previous digest ended and ends now, so no shared win is left out or repeated.
    """
    # Taken like every scheduled job's batch; the no-op SET only locks the rows for this
    # transaction, which moves each one on to its next slot below.
    taken = queue.take_batch(
        session,
        Digest,
        where=(Digest.next_due_at <= now, Digest.enabled.is_(True)),
        order_by=Digest.next_due_at,
        limit=limit,
        values={"next_due_at": Digest.next_due_at},
    )
    digests = session.scalars(
        select(Digest)
        .where(Digest.id.in_(taken))
        .order_by(Digest.next_due_at)
        .execution_options(populate_existing=True)
    ).all()
    created = 0
    for digest in digests:
        zone = digest_zone(digest)
        # The window ends now, not at the (possibly long past) due instant, so a digest late
        # after downtime also covers what was shared since, instead of leaving it a week.
        end = now
        post = insert_unless_exists(
            session,
            DigestPost,
            {
                "digest_id": digest.id,
                # The slot's own week, so a digest sent late doesn't take next week's place.
                "week": week_key(digest.next_due_at or now, zone),
                "window_start": window_start(digest, end=end),
                "window_end": end,
                "state": DigestPostState.PENDING,
                "due_at": now,
                "attempts": 0,
                "wins": 0,
                "created_at": now,
            },
        )
        if post is not None:  # else this week's post exists already
            digest.covered_until = end
            created += 1
        digest.next_due_at = next_slot(
            after=now, weekday=digest.weekday, at=digest.post_time, zone=zone
        )
    return len(digests), created


def claim_posts(
    session: Session, *, now: dt.datetime, limit: int = 50, at: dt.datetime | None = None
) -> list[queue.Claim]:
    """Claim due pending posts in one UPDATE, held until `at` (default `now`) + CLAIM_FOR."""
    return queue.claim_due(session, DigestPost, now=now, at=at or now, limit=limit)


def load_post(session: Session, *, post_id: int) -> DigestPost | None:
    return session.scalar(
        select(DigestPost).where(DigestPost.id == post_id).options(selectinload(DigestPost.digest))
    )


@dataclass(frozen=True)
class Outgoing:
    """What a claimed post sends: where, the summary already posted by an earlier try (its
    thread is what is left), whether the digest is still on, and the wins of its window."""

    channel_id: str
    summary_ts: str | None
    enabled: bool
    wins: list[SharedWin]


def outgoing(session: Session, *, post_id: int) -> Outgoing | None:
    """None when the post row is gone."""
    post = load_post(session, post_id=post_id)
    if post is None:
        return None
    digest = post.digest
    wins = shared_wins(
        session,
        team_id=digest.team_id,
        channel_id=digest.channel_id,
        start=post.window_start,
        end=post.window_end,
    )
    return Outgoing(digest.channel_id, post.ts, digest.enabled, wins)


def mark_summary_posted(session: Session, *, claim: queue.Claim, ts: str, wins: int) -> bool:
    """The top-level message is in the channel: keep its ts so a retry only adds the thread."""
    return queue.settle(
        session, DigestPost, claim=claim, values={"ts": ts, "wins": wins}, keep_claim=True
    )


def mark_sent(
    session: Session, *, claim: queue.Claim, now: dt.datetime, empty: bool = False
) -> bool:
    return queue.settle(
        session,
        DigestPost,
        claim=claim,
        values={
            # A claimed post is pending: only a pending row can be claimed.
            "state": delivered(DigestPostState.PENDING, posted=not empty),
            "sent_at": now,
            "last_error": None,
        },
    )


def mark_failed(session: Session, *, claim: queue.Claim, error: str, now: dt.datetime) -> bool:
    """Retry later: 1, 2, 4, 8 minutes, then every 15 minutes; never dropped."""
    return queue.fail(session, DigestPost, claim=claim, error=error, now=now)


def release(session: Session, *, claim: queue.Claim) -> bool:
    """Give the post back unsent, no attempt counted (the bot's token, not the channel, failed)."""
    return queue.release(session, DigestPost, claim=claim)


def mark_undeliverable(
    session: Session, *, claim: queue.Claim, reason: str, now: dt.datetime
) -> bool:
    """The bot was removed from the channel (or it was archived): stop until turned on again.

    The window is given back, so the next digest after `digest on` still covers these wins.
    """
    if not queue.settle(
        session,
        DigestPost,
        claim=claim,
        values={"state": undeliverable(DigestPostState.PENDING), "last_error": reason[:200]},
    ):
        return False
    post = session.get(DigestPost, claim.id)
    if post is not None:
        digest = post.digest
        digest.enabled = False
        digest.next_due_at = None
        digest.covered_until = post.window_start
        digest.updated_at = now
    return True
