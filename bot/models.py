"""Database models. Every row is scoped by Slack team id and user id."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from bot.domain.blurbs import BlurbRequestState
from bot.domain.checkins import CheckinKind, CheckinState
from bot.domain.digests import DigestPostState
from bot.domain.items import ItemStatus
from bot.domain.manager_links import LinkState
from bot.domain.stakeholder_asks import AskState
from bot.domain.updates import RecipientState

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TEXT_MAX = 300
EVIDENCE_MAX = 2000
WHY_MAX = 1000
ROLE_MAX = 100
WIN_MAX = 500
BLURB_MAX = 1000
BLURB_ABOUT_MAX = 300
VIEW_ID_MAX = 64


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stores aware datetimes as UTC; SQLite returns naive ones, so re-attach UTC on the way out."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; pass an aware UTC datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Member(Base):
    """A person running a campaign, enrolled on their first command that stores something."""

    __tablename__ = "member"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_member_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    target_role: Mapped[str | None] = mapped_column(String(ROLE_MAX))
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    manager_user_id: Mapped[str | None] = mapped_column(String(32))
    why: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    checkin_weekday: Mapped[int] = mapped_column(Integer, default=0)
    checkin_time: Mapped[dt.time] = mapped_column(Time, default=dt.time(9, 0))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_item_number: Mapped[int] = mapped_column(Integer, default=1)
    # The next weekly check-in instant (UTC); the tick's index into due work.
    next_checkin_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    # Why DMs can't reach this member (deactivated, blocked the bot); None when they can.
    unreachable: Mapped[str | None] = mapped_column(String(40))
    # The channel whose weekly digest gets the wins this member shares.
    team_channel_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    items: Mapped[list[CampaignItem]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="CampaignItem.number"
    )


class CampaignItem(Base):
    """One thing leadership said it needs to see; `number` is per member and never reused."""

    __tablename__ = "campaign_item"
    __table_args__ = (UniqueConstraint("member_id", "number", name="uq_campaign_item_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
    asked_by_user_id: Mapped[str | None] = mapped_column(String(32))
    area: Mapped[str | None] = mapped_column(String(32))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default=ItemStatus.OPEN)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship(back_populates="items")
    notes: Mapped[list[EvidenceNote]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="EvidenceNote.id"
    )


class EvidenceNote(Base):
    """Evidence that an item is being worked or was achieved."""

    __tablename__ = "evidence_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_item.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(EVIDENCE_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    item: Mapped[CampaignItem] = relationship(back_populates="notes")


class CheckIn(Base):
    """One week's check-in for one member: the unit of delivery and of the member's answer.

    The unique (member, week) key is what makes "never two check-ins in one week" hold even
    with several processes ticking at once. `due_at`/`claimed_until` make the row its own
    queue entry: a sender claims it, and a claim left by a dead process expires.
    """

    __tablename__ = "checkin"
    __table_args__ = (UniqueConstraint("member_id", "week", name="uq_checkin_member_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(16), default=CheckinKind.CHECKIN)
    move_id: Mapped[str] = mapped_column(String(60))
    # A catch-up move's stakeholder (their Slack user id); None for every other move.
    stakeholder_user_id: Mapped[str | None] = mapped_column(String(32))
    shown_moves: Mapped[str] = mapped_column(Text)
    core_work_first: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default=CheckinState.PENDING, index=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    remind_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pulse: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(Text)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_item.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Decided when the row is made, so every re-render shows the same: this check-in asks how
    # confident the member feels (monthly); it opens with a look back at their own wins (after
    # a "low").
    asks_confidence: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    looks_back: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    member: Mapped[Member] = relationship()


class Win(Base):
    """Something the member achieved. Private unless `shared`; `shared_at` places it in a digest."""

    __tablename__ = "win"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(WIN_MAX))
    happened_on: Mapped[dt.date] = mapped_column(Date)
    area: Mapped[str | None] = mapped_column(String(32))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_item.id", ondelete="SET NULL"))
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkin.id", ondelete="SET NULL"))
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    # When it was last shared: a digest covers wins shared since the channel's previous one.
    shared_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class Digest(Base):
    """A channel's weekly digest of shared wins, turned on in that channel."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", name="uq_digest_team_channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(32))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    weekday: Mapped[int] = mapped_column(Integer)
    post_time: Mapped[dt.time] = mapped_column(Time)
    timezone: Mapped[str] = mapped_column(String(64))
    turned_on_by: Mapped[str] = mapped_column(String(32))
    # The next digest instant (UTC); None while off. The tick's index into due digests.
    next_due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    # The end of the window the previous digest covered; the next one starts here.
    covered_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class DigestPost(Base):
    """One week's digest for one channel: unique per (digest, week), claimed before it is sent.

    `ts` is stored as soon as the top-level message is posted, so a retry after a failed thread
    reply never posts the summary twice.
    """

    __tablename__ = "digest_post"
    __table_args__ = (UniqueConstraint("digest_id", "week", name="uq_digest_post_digest_week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digest.id", ondelete="CASCADE"), index=True)
    week: Mapped[str] = mapped_column(String(10))
    window_start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    window_end: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=DigestPostState.PENDING, index=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    ts: Mapped[str | None] = mapped_column(String(32))
    wins: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    digest: Mapped[Digest] = relationship()


class BlurbRequest(Base):
    """A member asking a colleague for a short testimonial about something they helped with."""

    __tablename__ = "blurb_request"
    __table_args__ = (
        # One open request per pair, even when two asks race past the guard-rail check.
        Index(
            "uq_blurb_request_open_pair",
            "member_id",
            "colleague_user_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    colleague_user_id: Mapped[str] = mapped_column(String(32), index=True)
    about: Mapped[str] = mapped_column(String(BLURB_ABOUT_MAX))
    win_id: Mapped[int | None] = mapped_column(ForeignKey("win.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(16), default=BlurbRequestState.OPEN, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    blurb: Mapped[str | None] = mapped_column(String(BLURB_MAX))
    may_share: Mapped[bool] = mapped_column(Boolean, default=True)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class BlurbOptOut(Base):
    """A person who chose "don't ask me again": no one can send them blurb requests."""

    __tablename__ = "blurb_opt_out"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_blurb_opt_out_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class ManagerLink(Base):
    """A member asking someone to be their manager in mgr-goal, and the link once accepted.

    Only an ACTIVE row grants the manager anything (`services.manager_links.active_manager_link`
    is the access check). Ended rows are kept: they are the history of who was asked and when.
    """

    __tablename__ = "manager_link"
    __table_args__ = (
        # At most one pending request and one active link per member, even when two requests
        # or two accepts race past the checks.
        Index(
            "uq_manager_link_pending",
            "member_id",
            unique=True,
            sqlite_where=text("state = 'pending'"),
            postgresql_where=text("state = 'pending'"),
        ),
        Index(
            "uq_manager_link_active",
            "member_id",
            unique=True,
            sqlite_where=text("state = 'active'"),
            postgresql_where=text("state = 'active'"),
        ),
        Index("ix_manager_link_manager", "team_id", "manager_user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    manager_user_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=LinkState.PENDING)
    requested_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(16))
    # The request DM in the manager's Messages tab, to update it in place.
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))

    member: Mapped[Member] = relationship()


class ViewSubmission(Base):
    """A modal submission that was stored. Its key is one opened modal (Slack's view id), so the
    same submission delivered again (a double click, a resend after a slow answer) finds it and
    changes nothing. Written in the same transaction as what the form stores; kept for a week.
    """

    __tablename__ = "view_submission"
    __table_args__ = (
        UniqueConstraint("team_id", "view_id", "callback_id", name="uq_view_submission_view"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    view_id: Mapped[str] = mapped_column(String(VIEW_ID_MAX))
    callback_id: Mapped[str] = mapped_column(String(VIEW_ID_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


STAKEHOLDER_NOTE_MAX = 300


class Stakeholder(Base):
    """A member of management the member keeps informed (seed 001), and when they last talked.

    One row per member and person (the unique index holds even when two adds race)."""

    __tablename__ = "stakeholder"
    __table_args__ = (UniqueConstraint("member_id", "user_id", name="uq_stakeholder_member_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(STAKEHOLDER_NOTE_MAX))
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_contact_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


class StakeholderContact(Base):
    """One conversation with a stakeholder (`/mgr-goal met`, or "Met today" on the Home)."""

    __tablename__ = "stakeholder_contact"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholder.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(STAKEHOLDER_NOTE_MAX))


class StakeholderAsk(Base):
    """A member asking a stakeholder what they would need to see; each answer becomes an item
    that the stakeholder asked for."""

    __tablename__ = "stakeholder_ask"
    __table_args__ = (
        # One open ask per pair, even when two asks race past the guard-rail check.
        Index(
            "uq_stakeholder_ask_open_pair",
            "member_id",
            "stakeholder_user_id",
            unique=True,
            sqlite_where=text("state = 'open'"),
            postgresql_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    stakeholder_user_id: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default=AskState.OPEN, index=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    # The DM in the stakeholder's Messages tab, to update it in place once answered.
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()


UPDATE_TEXT_MAX = 3000


class MonthlyUpdate(Base):
    """One monthly update as the member sent it. `created_at` is where the next draft starts."""

    __tablename__ = "monthly_update"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    member: Mapped[Member] = relationship()
    recipients: Mapped[list[UpdateRecipient]] = relationship(
        back_populates="update", cascade="all, delete-orphan", order_by="UpdateRecipient.id"
    )


class UpdateRecipient(Base):
    """One person a monthly update went to: at most one DM each (the unique key)."""

    __tablename__ = "update_recipient"
    __table_args__ = (
        UniqueConstraint("update_id", "user_id", name="uq_update_recipient_update_user"),
        Index("ix_update_recipient_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[int] = mapped_column(
        ForeignKey("monthly_update.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(32))
    # The linked manager at the time of sending: their DM also offers "Add what I need to see".
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default=RecipientState.PENDING)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))

    update: Mapped[MonthlyUpdate] = relationship(back_populates="recipients")


CONFIDENCE_MAX = 16
REFLECTION_TEXT_MAX = 2000


class ConfidenceAnswer(Base):
    """How confident the member felt about the goal when asked (monthly, in a check-in).
    Private: shown only to the member, never in a packet unless they choose."""

    __tablename__ = "confidence_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkin.id", ondelete="SET NULL"), unique=True
    )
    level: Mapped[str] = mapped_column(String(CONFIDENCE_MAX))
    answered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class Reflection(Base):
    """The quarterly reflection's answers: still want this? what energised, what drained."""

    __tablename__ = "reflection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkin.id", ondelete="SET NULL"))
    still_want: Mapped[str] = mapped_column(String(16))
    energised: Mapped[str | None] = mapped_column(String(REFLECTION_TEXT_MAX))
    drained: Mapped[str | None] = mapped_column(String(REFLECTION_TEXT_MAX))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


PACKET_NOTE_MAX = 1000


class PacketShare(Base):
    """The promotion packet, sent to the linked manager from the packet message: who, when,
    the member's line, and the DM (recorded like an update)."""

    __tablename__ = "packet_share"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    manager_user_id: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(PACKET_NOTE_MAX))
    state: Mapped[str] = mapped_column(String(16), default=RecipientState.PENDING)
    channel: Mapped[str | None] = mapped_column(String(32))
    ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class DepartedUser(Base):
    """Someone Slack reported deleted (`user_change` with `deleted: true`): nothing is sent to
    them any more, whatever role they had (member, manager, stakeholder, colleague)."""

    __tablename__ = "departed_user"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_departed_user_team_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(32))
    departed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
