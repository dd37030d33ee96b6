"""Use cases behind `/mgr-goal` subcommands that chain several feature services.

The feature services (campaign, checkins, wins, blurbs, digests) own the rules; these own the
order one subcommand calls them in, and load the caller's member row once per request instead
of once per call. Each takes an explicit session and returns what the reply builder needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.commands import LogWin
from bot.domain.items import ItemStatus
from bot.domain.moves import Move
from bot.models import CampaignItem, Member, Win
from bot.services import blurbs, campaign, checkins, digests, members, wins
from bot.services.errors import UserError

NO_CHECKINS_YET = "You have no check-ins yet. Start with `/mgr-goal setup`."


def today_of(member: Member | None, now: dt.datetime) -> dt.date:
    """The member's local date at `now` (UTC for someone not enrolled yet)."""
    return now.astimezone(members.zone(member)).date()


@dataclass(frozen=True)
class Caller:
    """The person behind a request as loaded once: their member row (None before they store
    anything) and their local today."""

    member: Member | None
    today: dt.date


def load_caller(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Caller:
    member = members.find_member(session, team_id=team_id, user_id=user_id)
    return Caller(member=member, today=today_of(member, now))


# --- items -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemList:
    items: list[CampaignItem]
    today: dt.date


def list_items(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> ItemList:
    """The caller's list: one member load, one items load (notes in one more)."""
    caller = load_caller(session, team_id=team_id, user_id=user_id, now=now)
    return ItemList(campaign.items_of(session, member=caller.member), caller.today)


@dataclass(frozen=True)
class ItemView:
    """One of the caller's items, and their local today to show its due date against."""

    item: CampaignItem
    today: dt.date


def find_item(
    session: Session, *, team_id: str, user_id: str, number: int, now: dt.datetime
) -> ItemView:
    item = campaign.get_item(session, team_id=team_id, user_id=user_id, number=number)
    return ItemView(item, today_of(item.member, now))


@dataclass(frozen=True)
class Progress:
    item: CampaignItem
    done: int
    total: int


def complete_item(
    session: Session, *, team_id: str, user_id: str, number: int, evidence: str, now: dt.datetime
) -> Progress:
    """Check item `number` off and count the list's progress for the reply."""
    item = campaign.get_item(session, team_id=team_id, user_id=user_id, number=number)
    campaign.complete_item(session, item=item, evidence=evidence, now=now)
    statuses = session.execute(
        select(CampaignItem.status, func.count())
        .where(CampaignItem.member_id == item.member_id)
        .group_by(CampaignItem.status)
    ).all()
    counts = {str(status): int(count) for status, count in statuses}
    return Progress(item, done=counts.get(ItemStatus.DONE, 0), total=sum(counts.values()))


# --- check-ins -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """The caller's member row after a change, and whether this request created it."""

    member: Member
    enrolled: bool


def _enrol(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Enrolment:
    member = members.find_member(session, team_id=team_id, user_id=user_id)
    if member is not None:
        return Enrolment(member, enrolled=False)
    return Enrolment(members.enroll(session, team_id=team_id, user_id=user_id, now=now), True)


def _member_with_checkins(session: Session, *, team_id: str, user_id: str) -> Member:
    member = members.find_member(session, team_id=team_id, user_id=user_id)
    if member is None:
        raise UserError(NO_CHECKINS_YET)
    return member


def pause_checkins(session: Session, *, team_id: str, user_id: str) -> Member:
    member = _member_with_checkins(session, team_id=team_id, user_id=user_id)
    checkins.pause(session, member=member)
    return member


def resume_checkins(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> Member:
    member = _member_with_checkins(session, team_id=team_id, user_id=user_id)
    checkins.resume(session, member=member, now=now)
    return member


def set_schedule(
    session: Session, *, team_id: str, user_id: str, weekday: int, at: dt.time, now: dt.datetime
) -> Enrolment:
    enrolment = _enrol(session, team_id=team_id, user_id=user_id, now=now)
    checkins.set_schedule(session, member=enrolment.member, weekday=weekday, at=at, now=now)
    return enrolment


@dataclass(frozen=True)
class CheckinNow:
    """This week's check-in row, due now; the caller sends it after the reply."""

    checkin_id: int
    enrolled: bool


def checkin_now(
    session: Session, *, team_id: str, user_id: str, now: dt.datetime, library: list[Move]
) -> CheckinNow:
    enrolment = _enrol(session, team_id=team_id, user_id=user_id, now=now)
    row = checkins.checkin_now(session, member=enrolment.member, now=now, library=library)
    return CheckinNow(row.id, enrolment.enrolled)


# --- wins and the team channel ---------------------------------------------------------------


@dataclass(frozen=True)
class WinList:
    """Recent wins, each with the number of the item it is for, and how many there are."""

    wins: list[tuple[Win, int | None]]
    total: int


def list_wins(session: Session, *, team_id: str, user_id: str, limit: int = 20) -> WinList:
    member = members.find_member(session, team_id=team_id, user_id=user_id)
    numbers = {i.id: i.number for i in campaign.items_of(session, member=member)}
    recent = wins.recent_wins(session, member=member, limit=limit)
    return WinList(
        [(w, numbers.get(w.item_id) if w.item_id else None) for w in recent],
        total=wins.count_wins(session, member=member),
    )


@dataclass(frozen=True)
class WinLogged:
    win: Win
    digest_on: bool  # the member's team channel has a digest the win (if shared) goes into
    enrolled: bool


def log_win(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    command: LogWin,
    now: dt.datetime,
) -> WinLogged:
    """`/mgr-goal win <text>`: the win, whether its team channel's digest is on, and whether
    logging it enrolled the caller."""
    before = members.find_member(session, team_id=team_id, user_id=user_id)
    win = wins.log_win(
        session,
        team_id=team_id,
        user_id=user_id,
        text=command.text or "",
        area=command.area,
        item_number=command.item_number,
        share=command.share,
        now=now,
    )
    channel = win.member.team_channel_id
    digest_on = channel is not None and digests.is_on(session, team_id=team_id, channel_id=channel)
    return WinLogged(win, digest_on=digest_on, enrolled=before is None)


@dataclass(frozen=True)
class TeamChannelInfo:
    """The caller's team channel and whether its digest is on (shared wins reach someone)."""

    channel_id: str | None
    digest_on: bool


def team_channel(session: Session, *, team_id: str, user_id: str) -> TeamChannelInfo:
    member = members.find_member(session, team_id=team_id, user_id=user_id)
    channel = member.team_channel_id if member else None
    on = channel is not None and digests.is_on(session, team_id=team_id, channel_id=channel)
    return TeamChannelInfo(channel, digest_on=on)


@dataclass(frozen=True)
class TeamChannelChange:
    """The new team channel (None: cleared) and, when its digest is on, what it covers next."""

    channel_id: str | None
    upcoming: digests.Preview | None
    enrolled: bool


def change_team_channel(
    session: Session, *, team_id: str, user_id: str, channel_id: str | None, now: dt.datetime
) -> TeamChannelChange:
    before = members.find_member(session, team_id=team_id, user_id=user_id)
    wins.set_team_channel(session, team_id=team_id, user_id=user_id, channel_id=channel_id, now=now)
    upcoming = (
        digests.preview(session, team_id=team_id, channel_id=channel_id, now=now)
        if channel_id is not None
        else None
    )
    return TeamChannelChange(channel_id, upcoming, enrolled=before is None)


# --- blurb requests to me --------------------------------------------------------------------


class BlurbSetting(StrEnum):
    TURNED_ON = "turned_on"
    ALREADY_ON = "already_on"
    ALREADY_OFF = "already_off"
    TURNED_OFF = "turned_off"


@dataclass(frozen=True)
class BlurbRequestsChange:
    setting: BlurbSetting
    closed: int = 0  # open requests to the caller that turning them off closed


def set_blurb_requests(
    session: Session, *, team_id: str, user_id: str, accept: bool, now: dt.datetime
) -> BlurbRequestsChange:
    """Anyone may switch requests to themselves on or off, member or not: it stores no member."""
    scope = {"team_id": team_id, "user_id": user_id}
    if accept:
        turned_on = blurbs.opt_in(session, **scope)
        return BlurbRequestsChange(BlurbSetting.TURNED_ON if turned_on else BlurbSetting.ALREADY_ON)
    if blurbs.opted_out(session, **scope):
        return BlurbRequestsChange(BlurbSetting.ALREADY_OFF)
    closed = blurbs.opt_out(session, now=now, **scope)
    return BlurbRequestsChange(BlurbSetting.TURNED_OFF, closed=closed)
