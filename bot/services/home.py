"""The App Home tab's data, gathered in one transaction with each row loaded once.

`home_for` is what a Home refresh reads; `item_menu` is an item's overflow menu on the Home
tab: it answers with the modal to open, or, after "Mark done", the Home as it is now, built
from the member and items the choice already loaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.domain.moves import Move
from bot.domain.zones import zone_named
from bot.models import (
    BlurbRequest,
    CampaignItem,
    CheckIn,
    ConfidenceAnswer,
    Member,
    Reflection,
    Stakeholder,
    Win,
)
from bot.services import blurbs, campaign, digests, manager_links, stakeholders, updates, wins
from bot.services.checkins import catch_up, confidence, reflections
from bot.services.checkins import rows as checkin_rows
from bot.services.errors import UserError
from bot.services.manager_links import LinkedPerson
from bot.services.members import find_member, today_of, zone
from bot.slack import ids
from bot.slack.blocks import modals
from bot.slack.blocks.home import HOME_BLURBS, HOME_WINS, home_view
from bot.slack.blocks.refusals import refusal_text

MoveOf = Callable[[str], Move | None]


@dataclass(frozen=True)
class Evidence:
    """The wins and testimonials part of the Home tab."""

    wins: list[tuple[Win, int | None]] = field(default_factory=list)
    win_total: int = 0
    area_counts: dict[str, int] = field(default_factory=dict)
    blurbs: list[BlurbRequest] = field(default_factory=list)
    open_requests: int = 0
    team_channel: str | None = None
    team_digest_on: bool = False


@dataclass(frozen=True)
class Home:
    """Everything the Home tab shows; `member` is None for someone not enrolled yet."""

    member: Member | None
    items: list[CampaignItem]
    today: dt.date
    checkin: CheckIn | None = None
    move: Move | None = None
    evidence: Evidence = field(default_factory=Evidence)
    # The members this person is the linked manager of (anyone can be one, member or not).
    people: list[LinkedPerson] = field(default_factory=list)
    # The member's stakeholders, the longest without contact first.
    stakeholders: list[Stakeholder] = field(default_factory=list)
    last_update: updates.LastUpdate | None = None
    # The member's newest reflections (private: this Home is theirs).
    reflections: list[Reflection] = field(default_factory=list)
    # The member's newest confidence answer (private, like the reflections).
    confidence: ConfidenceAnswer | None = None

    @property
    def manager_only(self) -> bool:
        """A linked manager with no campaign of their own: their Home shows only their people."""
        return self.member is None and bool(self.people)


@dataclass(frozen=True)
class MenuAnswer:
    """What an item menu choice shows next: a modal to open, or the Home after a change."""

    modal: View | None = None
    home: View | None = None


def home_for(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    move_of: MoveOf,
    now: dt.datetime,
    viewer_zone: str | None = None,
) -> Home:
    """The Home tab of one person, as the database has it now. `viewer_zone` is the Slack zone
    of someone with no member row (a linked manager only); a member's own is stored."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    return gather(
        session,
        member=member,
        items=campaign.items_of(session, member=member),
        move_of=move_of,
        now=now,
        people=manager_links.people_of(session, team_id=team_id, manager_user_id=user_id),
        viewer_zone=viewer_zone,
    )


def gather(
    session: Session,
    *,
    member: Member | None,
    items: list[CampaignItem],
    move_of: MoveOf,
    now: dt.datetime,
    people: list[LinkedPerson] | None = None,
    viewer_zone: str | None = None,
) -> Home:
    """The rest of the Home for a member and items already loaded (in list order), and the
    people they are the linked manager of. Days are the member's, or, for someone with no
    member row, `viewer_zone`'s (UTC when Slack gave none)."""
    local = zone(member) if member is not None else zone_named(viewer_zone)
    today = now.astimezone(local).date()
    people = _with_updates_received(session, people or [], local=local)
    if member is None:
        return Home(member=None, items=items, today=today, people=people)
    current = checkin_rows.current_checkin(session, member=member)
    channel = member.team_channel_id
    evidence = Evidence(
        wins=wins.numbered(wins.recent_wins(session, member=member, limit=HOME_WINS), items),
        win_total=wins.count_wins(session, member=member),
        area_counts=dict(wins.area_counts(session, member=member)),
        blurbs=blurbs.received_blurbs(session, member=member, limit=HOME_BLURBS),
        open_requests=len(blurbs.open_requests(session, member=member, now=now)),
        team_channel=channel,
        team_digest_on=digests.is_on(session, team_id=member.team_id, channel_id=channel),
    )
    return Home(
        member=member,
        items=items,
        today=today,
        checkin=current,
        move=_shown(session, current, move_of),
        evidence=evidence,
        people=people,
        stakeholders=stakeholders.stakeholders_of(session, member=member),
        last_update=updates.last_update(session, member=member),
        reflections=reflections.recent_reflections(session, member_id=member.id),
        confidence=confidence.latest(session, member_id=member.id),
    )


def _with_updates_received(
    session: Session, people: list[LinkedPerson], *, local: ZoneInfo
) -> list[LinkedPerson]:
    """Each linked member with the day (in the viewer's zone) their manager, the viewer, last
    got their update."""
    if not people:
        return people
    received = updates.last_received(
        session,
        manager_user_id=people[0].link.manager_user_id,
        member_ids=[person.member.id for person in people],
    )
    return [
        replace(person, last_update_on=received[person.member.id].astimezone(local).date())
        if person.member.id in received
        else person
        for person in people
    ]


def item_menu(
    session: Session,
    *,
    team_id: str,
    user_id: str,
    choice: str,
    item_id: int,
    move_of: MoveOf,
    now: dt.datetime,
) -> MenuAnswer:
    """An item's Home menu. "Mark done" completes the item and answers with the new Home; the
    other choices answer with their modal. A refusal (someone else's or a removed item, done
    twice) answers with a notice and the Home as it is, since the one clicked was stale."""
    member = find_member(session, team_id=team_id, user_id=user_id)
    if choice != ids.MENU_DONE:
        # A modal needs its item only: the list is loaded when the Home is drawn again.
        try:
            item = campaign.owned_item(session, member=member, item_id=item_id)
            return MenuAnswer(modal=_item_modal(choice, item, today=today_of(member, now)))
        except UserError as exc:
            items = campaign.items_of(session, member=member)
            return _with_home(session, exc, member=member, items=items, move_of=move_of, now=now)
    items = campaign.items_of(session, member=member)
    try:
        campaign.member_or_error(member)
        item = campaign.item_in(items, item_id=item_id)
        campaign.complete_item(session, item=item, evidence="", now=now)
    except UserError as exc:
        return _with_home(session, exc, member=member, items=items, move_of=move_of, now=now)
    return _with_home(session, None, member=member, items=items, move_of=move_of, now=now)


def _with_home(
    session: Session,
    refusal: UserError | None,
    *,
    member: Member | None,
    items: list[CampaignItem],
    move_of: MoveOf,
    now: dt.datetime,
) -> MenuAnswer:
    """The Home as it is now, and why nothing changed when the menu used was stale."""
    people = (
        manager_links.people_of(session, team_id=member.team_id, manager_user_id=member.user_id)
        if member is not None
        else []
    )
    home = gather(
        session,
        member=member,
        items=campaign.in_list_order(items),
        move_of=move_of,
        now=now,
        people=people,
    )
    notice = modals.notice_modal(refusal_text(refusal)) if refusal else None
    return MenuAnswer(modal=notice, home=home_view(home, now=now))


def _item_modal(choice: str, item: CampaignItem, *, today: dt.date) -> View:
    if choice == ids.MENU_EVIDENCE:
        return modals.evidence_modal(item, today=today)
    if choice == ids.MENU_EDIT:
        return modals.item_modal(item)
    if choice == ids.MENU_REMOVE:
        return modals.remove_modal(item, today=today)
    raise UserError("That menu choice isn't one I know.")


def _shown(session: Session, checkin: CheckIn | None, move_of: MoveOf) -> Move | None:
    """The current check-in's move as its DM shows it (a catch-up names its stakeholder)."""
    move = move_of(checkin.move_id) if checkin is not None else None
    if checkin is None or move is None:
        return None
    return catch_up.personal(session, checkin=checkin, move=move)
