"""Wins: the member's private record of what they achieved, and which wins they share.

Nothing is public unless its owner chose so per win: `shared` is off by default, and a shared
win reaches only the digest of the member's own team channel.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk.models.views import View
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.domain.areas import SkillArea
from bot.domain.commands import LogWin
from bot.domain.digests import Preview
from bot.models import WIN_MAX, CampaignItem, Member, Win
from bot.services import digests
from bot.services.campaign import is_valid_id, items_of
from bot.services.errors import FieldErrors, NotFound, UserError
from bot.services.members import enroll, find_member, owned, today_of
from bot.slack import ids
from bot.slack.blocks import blurbs as blurb_blocks
from bot.slack.blocks import wins as win_blocks

RECENT = 10
OLDEST_DAYS = 366


def log_win(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    text: str,
    now: dt.datetime,
    happened_on: dt.date | None = None,
    area: SkillArea | None = None,
    item_number: int | None = None,
    item_id: int | None = None,
    share: bool = False,
    checkin_id: int | None = None,
) -> Win:
    """Store a win (enrolling the member on their first one); the owner picks `share`.

    Raises FieldErrors keyed "text", "date" or "item".
    """
    member = find_member(session, team_id=team_id, user_id=user_id)
    today = today_of(member, now)
    problems: dict[str, str] = {}
    text = text.strip()
    if not text:
        problems["text"] = "Say what the win was, like `Ran my first design review`."
    elif len(text) > WIN_MAX:
        problems["text"] = f"That's {len(text):,} characters; keep a win under {WIN_MAX}."
    day = happened_on or today
    if day > today:
        problems["date"] = "That date is in the future; pick today or earlier."
    elif day < today - dt.timedelta(days=OLDEST_DAYS):
        problems["date"] = "Pick a date within the past year."
    item = None
    if item_number is not None or item_id is not None:
        item = _own_item(session, member=member, number=item_number, item_id=item_id)
        if item is None:
            where = f"#{item_number}" if item_number is not None else "That item"
            problems["item"] = f"{where} isn't on your list. See `/mgr-goal list`."
    if problems:
        raise FieldErrors(problems)
    member = member or enroll(session, team_id=team_id, user_id=user_id, now=now)
    win = Win(
        member_id=member.id,
        text=text,
        happened_on=day,
        area=(area or (SkillArea(item.area) if item and item.area else None)),
        item_id=item.id if item else None,
        checkin_id=checkin_id,
        shared=share,
        shared_at=now if share else None,
        created_at=now,
    )
    session.add(win)
    session.flush()
    return win


@dataclass(frozen=True)
class NewWin:
    """A win as the "Log a win" modal gives it."""

    text: str
    happened_on: dt.date | None = None
    area: SkillArea | None = None
    item_id: int | None = None
    share: bool = False
    unreadable_date: bool = False  # the date picker sent something else (a forged payload)


def record_win(
    session: Session, *, team_id: str, user_id: str, win: NewWin, now: dt.datetime
) -> bool:
    """A win from the Home tab's modal; True when it enrolled the member (a new member then
    needs their Slack time zone). Raises FieldErrors like `log_win`; a date that isn't one is
    refused rather than read as today."""
    if win.unreadable_date:
        raise FieldErrors({"date": win_blocks.PICK_A_DATE})
    enrolling = find_member(session, team_id=team_id, user_id=user_id) is None
    log_win(
        session,
        team_id=team_id,
        user_id=user_id,
        text=win.text,
        happened_on=win.happened_on,
        area=win.area,
        item_id=win.item_id,
        share=win.share,
        now=now,
    )
    return enrolling


@dataclass(frozen=True)
class WinForm:
    """What the "Log a win" modal offers: the member's items, and their local today."""

    items: list[CampaignItem]
    today: dt.date


def win_form(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> WinForm:
    member = find_member(session, team_id=team_id, user_id=user_id)
    return WinForm(items=items_of(session, member=member), today=today_of(member, now))


def win_modal(session: Session, *, team_id: str, user_id: str, now: dt.datetime) -> View:
    """The "Log a win" modal, with the member's items and their local today."""
    form = win_form(session, team_id=team_id, user_id=user_id, now=now)
    return win_blocks.win_modal(form.items, today=form.today)


def _own_item(
    session: Session, *, member: Member | None, number: int | None, item_id: int | None
) -> CampaignItem | None:
    if member is None:
        return None
    query = select(CampaignItem).where(CampaignItem.member_id == member.id)
    if number is not None:
        query = query.where(CampaignItem.number == number)
    elif item_id is not None and is_valid_id(item_id):
        query = query.where(CampaignItem.id == item_id)
    else:
        return None
    return session.scalar(query)


def recent_wins(session: Session, *, member: Member | None, limit: int = RECENT) -> list[Win]:
    """Newest first: by the day it happened, then by when it was logged."""
    query = select(Win).order_by(Win.happened_on.desc(), Win.id.desc()).limit(limit)
    return owned(session, query, member=member, owner=Win.member_id)


def numbered(recent: Iterable[Win], items: Iterable[CampaignItem]) -> list[tuple[Win, int | None]]:
    """Each win with the number of the list item it counts toward (None: no item)."""
    numbers = {i.id: i.number for i in items}
    return [(w, numbers.get(w.item_id) if w.item_id else None) for w in recent]


@dataclass(frozen=True)
class WinList:
    """Recent wins, each with the number of the item it is for, and how many there are."""

    wins: list[tuple[Win, int | None]]
    total: int


def list_wins(session: Session, *, team_id: str, user_id: str, limit: int = 20) -> WinList:
    """`/mgr-goal wins`."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    recent = recent_wins(session, member=member, limit=limit)
    return WinList(
        numbered(recent, items_of(session, member=member)),
        total=count_wins(session, member=member),
    )


def area_counts(session: Session, *, member: Member | None) -> Counter[str]:
    """How many wins the member has per skill area (wins with no area are not counted)."""
    areas = owned(session, select(Win.area), member=member, owner=Win.member_id)
    return Counter(a for a in areas if a)


def count_wins(session: Session, *, member: Member | None) -> int:
    if member is None:
        return 0
    return int(session.scalar(select(func.count(Win.id)).where(Win.member_id == member.id)) or 0)


def get_win(session: Session, *, team_id: str, user_id: str, win_id: int) -> Win:
    """A win by the id a button carried, refusing anyone else's."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    win = session.get(Win, win_id) if is_valid_id(win_id) else None
    if member is None or win is None or win.member_id != member.id:
        raise NotFound("That win isn't in your log any more. See `/mgr-goal wins`.")
    return win


def set_shared(session: Session, *, win: Win, shared: bool, now: dt.datetime) -> None:
    """Share a win with the team digest, or take it back before the next digest."""
    if win.shared == shared:
        return
    win.shared = shared
    win.shared_at = now if shared else None


def win_menu(
    session: Session, *, team_id: str, user_id: str, choice: str, win_id: int, now: dt.datetime
) -> View | None:
    """A win's Home menu: share or unshare it (None: the Home tab shows the change), or the
    modal asking a colleague for a blurb about it."""
    win = get_win(session, team_id=team_id, user_id=user_id, win_id=win_id)
    if choice == ids.MENU_BLURB:
        return blurb_blocks.ask_modal(about=win.text, win_id=win.id)
    if choice not in (ids.MENU_SHARE, ids.MENU_UNSHARE):
        raise UserError(win_blocks.UNKNOWN_MENU_CHOICE)
    set_shared(session, win=win, shared=choice == ids.MENU_SHARE, now=now)
    return None


def set_team_channel(
    session: Session, *, team_id: str, user_id: str, channel_id: str | None, now: dt.datetime
) -> Member:
    member = enroll(session, team_id=team_id, user_id=user_id, now=now)
    member.team_channel_id = channel_id
    member.updated_at = now
    return member


@dataclass(frozen=True)
class WinLogged:
    win: Win
    digest_on: bool  # the member's team channel has a digest the win (if shared) goes into
    enrolled: bool


def log_command_win(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    command: LogWin,
    now: dt.datetime,
) -> WinLogged:
    """`/mgr-goal win <text>`: the win, whether it reaches a digest, and whether it enrolled."""
    before = find_member(session, team_id=team_id, user_id=user_id)
    win = log_win(
        session,
        team_id=team_id,
        user_id=user_id,
        text=command.text or "",
        area=command.area,
        item_number=command.item_number,
        share=command.share,
        now=now,
    )
    on = digests.is_on(session, team_id=team_id, channel_id=win.member.team_channel_id)
    return WinLogged(win, digest_on=on, enrolled=before is None)


@dataclass(frozen=True)
class TeamChannelInfo:
    """The caller's team channel and whether its digest is on (shared wins reach someone)."""

    channel_id: str | None
    digest_on: bool


def team_channel(session: Session, *, team_id: str, user_id: str) -> TeamChannelInfo:
    """`/mgr-goal team`: which channel the caller's shared wins go to."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    channel = member.team_channel_id if member else None
    on = digests.is_on(session, team_id=team_id, channel_id=channel)
    return TeamChannelInfo(channel, digest_on=on)


@dataclass(frozen=True)
class TeamChannelChange:
    """The new team channel (None: cleared) and, when its digest is on, what it covers next."""

    channel_id: str | None
    upcoming: Preview | None
    enrolled: bool


def change_team_channel(
    session: Session, *, team_id: str, user_id: str, channel_id: str | None, now: dt.datetime
) -> TeamChannelChange:
    """`/mgr-goal team #channel` (or `off`)."""
    before = find_member(session, team_id=team_id, user_id=user_id)
    set_team_channel(session, team_id=team_id, user_id=user_id, channel_id=channel_id, now=now)
    upcoming = (
        digests.preview(session, team_id=team_id, channel_id=channel_id, now=now)
        if channel_id is not None
        else None
    )
    return TeamChannelChange(channel_id, upcoming, enrolled=before is None)
